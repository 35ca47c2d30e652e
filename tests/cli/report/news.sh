# The report for examples/news holds every cluster of --clusters, largest first, with the
# files' texts exactly and comparison spans inside them.
$DOPPEL scan "$DOPPEL_SOURCE_DIR/examples/news" --quiet --report r.html --clusters c.jsonl >/dev/null
python3 "$DOPPEL_SOURCE_DIR/tests/cli/report/check_page.py" r.html c.jsonl
