# --in takes one path each time (repeat it for more), so the ids may follow it: the
# README's form, `doppel compare --in corpus A B`, and two corpora with an id from each.
src="$DOPPEL_SOURCE_DIR/tests/fixtures"
$DOPPEL compare --in "$src/case/docs.jsonl" case-src case-rw4 --color never | head -3
$DOPPEL compare g01-src case-rw4 --in "$src/case/docs.jsonl" --in "$src/rewrites/part-a/docs.jsonl" --color never | head -3
