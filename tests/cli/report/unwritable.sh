# A report path that cannot be written is an I/O error (exit 3), named on stderr.
$DOPPEL scan "$DOPPEL_SOURCE_DIR/examples/news" --quiet --report no-such-dir/r.html >/dev/null
