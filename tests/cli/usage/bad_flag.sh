# An unknown flag or a value out of range is a usage error (exit 2).
$DOPPEL scan . --no-such-flag 2>/dev/null
a=$?
$DOPPEL scan . --jaccard 1.5 2>/dev/null
b=$?
$DOPPEL scan . --threads -3 2>/dev/null
c=$?
echo "$a $b $c"
