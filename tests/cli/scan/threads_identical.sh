# Output is byte-identical for any thread count (the example corpus, the case fixture and
# the rewrite fixtures, scanned together).
set -e
src="$DOPPEL_SOURCE_DIR"
inputs=("$src/examples/news" "$src/tests/fixtures/case/docs.jsonl" "$src"/tests/fixtures/rewrites/part-*/docs.jsonl)
for t in 1 2 3; do
  $DOPPEL scan "${inputs[@]}" --quiet --threads $t --pairs p$t.jsonl --clusters c$t.jsonl
done
cmp p1.jsonl p2.jsonl && cmp p1.jsonl p3.jsonl && cmp c1.jsonl c2.jsonl && cmp c1.jsonl c3.jsonl
test -s p1.jsonl
echo "identical for 1, 2 and 3 threads: $(wc -l < p1.jsonl) pairs, $(wc -l < c1.jsonl) clusters"
