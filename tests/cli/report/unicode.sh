# Texts and ids with é, emoji, CJK, U+2028, "</script>" and "<!--" survive the page intact.
data="$DOPPEL_SOURCE_DIR/tests/cli/report/data/unicode.jsonl"
$DOPPEL scan "$data" --quiet --report r.html --clusters c.jsonl >/dev/null
python3 "$DOPPEL_SOURCE_DIR/tests/cli/report/check_page.py" r.html c.jsonl "$data"
