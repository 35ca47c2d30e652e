# An id that is not in the --in corpus: exit 3, nothing on stdout.
$DOPPEL compare case-src no-such-id --in "$FIXTURES/case/docs.jsonl"
