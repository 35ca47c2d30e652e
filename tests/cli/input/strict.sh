# --strict turns the first input issue into exit code 4, naming file:line.
printf '{"id":"a","text":"fine"}\n{"id":"b"}\n' > in.jsonl
$DOPPEL scan in.jsonl --strict --quiet
code=$?
$DOPPEL scan in.jsonl --strict 2>&1 >/dev/null | grep -o 'in.jsonl:2: missing_text'
exit $code
