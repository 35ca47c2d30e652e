# A JSONL file of several documents named as A without --in: exit 2 with a hint.
$DOPPEL compare "$FIXTURES/case/docs.jsonl" "$FIXTURES/case/docs.jsonl" 2>&1 | sed "s|$FIXTURES|FIXTURES|g"
exit ${PIPESTATUS[0]}
