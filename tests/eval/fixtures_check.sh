# The labelled rewrite fixtures are well-formed (ids, labels of every pair, exact fact
# substrings) and the checker itself rejects corrupted copies.
set -e
python3 "$DOPPEL_SOURCE_DIR/tools/fixtures/check_rewrites.py" --quiet
python3 "$DOPPEL_SOURCE_DIR/tools/fixtures/check_rewrites.py" --self-test --quiet
