# A path that does not exist is an error (exit 3), not an input issue.
$DOPPEL scan does-not-exist.jsonl --quiet
