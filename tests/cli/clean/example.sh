# doppel clean on the example corpus: every removed span, in byte offsets.
$DOPPEL clean "$DOPPEL_SOURCE_DIR/examples/news" --quiet -o - |
  python3 -c '
import json, sys
for line in sys.stdin:
    d = json.loads(line)
    print(d["id"], [(r["start"], r["end"], r["kind"]) for r in d["removed"]])'
