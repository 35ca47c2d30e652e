# Pairs and clusters JSONL for examples/news.
$DOPPEL scan "$DOPPEL_SOURCE_DIR/examples/news" --quiet --pairs p.jsonl --clusters c.jsonl
cat p.jsonl c.jsonl
