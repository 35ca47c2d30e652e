# The readable report for a rewrite that gives a quote to another speaker and adds a claim.
$DOPPEL compare case-src case-rw4 --in "$FIXTURES/case/docs.jsonl" --color never
