# --pairs alone skips choosing originals (nothing shows them); the pairs are the same bytes
# as when the clusters are written too, in both modes.
set -e
src="$DOPPEL_SOURCE_DIR"
inputs=("$src/examples/news" "$src/tests/fixtures/case/docs.jsonl" "$src"/tests/fixtures/rewrites/part-*/docs.jsonl)
for mode in near rewrite; do
  $DOPPEL scan "${inputs[@]}" --quiet --mode $mode --pairs alone.jsonl
  $DOPPEL scan "${inputs[@]}" --quiet --mode $mode --pairs with.jsonl --clusters c.jsonl
  cmp alone.jsonl with.jsonl
  test -s alone.jsonl
  echo "$mode: the same $(wc -l < alone.jsonl) pairs"
done
