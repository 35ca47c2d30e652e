# The page is byte-identical for any thread count.
data="$DOPPEL_SOURCE_DIR/tests/cli/report/data/unicode.jsonl"
$DOPPEL scan "$DOPPEL_SOURCE_DIR/examples/news" "$data" --quiet --threads 1 --report r1.html >/dev/null
$DOPPEL scan "$DOPPEL_SOURCE_DIR/examples/news" "$data" --quiet --threads 2 --report r2.html >/dev/null
cmp r1.html r2.html && echo identical
