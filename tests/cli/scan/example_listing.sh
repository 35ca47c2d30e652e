# The README's example: the readable cluster listing of examples/news.
$DOPPEL scan "$DOPPEL_SOURCE_DIR/examples/news" --quiet
