# "-" reads JSONL from stdin; dotted field paths reach into objects.
printf '{"meta":{"url":"u1"},"body":{"text":"one two three four five six seven"}}\n{"meta":{"url":"u2"},"body":{"text":"One two three four five six seven!"}}\n' |
  $DOPPEL scan - --id-field meta.url --text-field body.text --quiet --pairs /dev/stdout
