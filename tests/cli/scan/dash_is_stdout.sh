# "-" as an output path means stdout, and writes no file named "-"; the pairs on stdout are
# the same bytes as those written to a file.
$DOPPEL scan "$DOPPEL_SOURCE_DIR/examples/news" --quiet --pairs p.jsonl
$DOPPEL scan "$DOPPEL_SOURCE_DIR/examples/news" --quiet --pairs - > stdout.jsonl
cmp p.jsonl stdout.jsonl && echo "pairs on stdout match the file"
[ -e ./- ] && echo "a file named - was written"
$DOPPEL clean "$DOPPEL_SOURCE_DIR/examples/news" --quiet -o - | head -c 0
[ -e ./- ] && echo "clean wrote a file named -"
true
