# Two plain files: ids are the paths; a dropped bound and a reordered sentence.
printf 'Ferry services to the islands were cancelled on Monday.\n\nThe closure will last at least three days, the harbour master said. About 1,200 passengers were affected.\n' > a.txt
printf 'About 1200 passengers were affected, the operator said.\n\nThe harbour master said the closure would last three days. Ferries to the islands did not sail on Monday.\n' > b.txt
$DOPPEL compare a.txt b.txt --color never
