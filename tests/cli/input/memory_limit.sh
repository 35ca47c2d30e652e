# A corpus that would not fit --max-memory stops early with exit 6 and says why; a size
# that is not one is a usage error (exit 2); 0 means no limit.
$DOPPEL scan "$DOPPEL_SOURCE_DIR/examples/news" --max-memory 0 --quiet > /dev/null
echo "no limit: $?"
$DOPPEL scan "$DOPPEL_SOURCE_DIR/examples/news" --max-memory 12X 2>/dev/null
echo "bad size: $?"
$DOPPEL scan "$DOPPEL_SOURCE_DIR/examples/news" --max-memory 1M 2>&1 >/dev/null | grep -o 'but the memory limit is 1.0 MiB'
$DOPPEL scan "$DOPPEL_SOURCE_DIR/examples/news" --max-memory 1M --quiet
