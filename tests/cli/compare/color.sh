# --color always colours the report even into a pipe; auto and never do not.
for mode in always auto never; do
  n=$($DOPPEL compare case-src case-rw3 --in "$FIXTURES/case/docs.jsonl" --color $mode | grep -c $'\x1b\[')
  echo "$mode: $([ "$n" -gt 0 ] && echo coloured || echo plain)"
done
