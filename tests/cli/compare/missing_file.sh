# A file that does not exist: exit 3.
printf 'Some text.\n' > a.txt
$DOPPEL compare a.txt missing.txt --quiet
