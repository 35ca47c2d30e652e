# --json on a rewrite with a changed number and a changed name: relation, alignment kinds,
# and each fact with the exact text at its byte offsets.
$DOPPEL compare g01-src g01-rw3 --in "$FIXTURES/rewrites/part-a/docs.jsonl" --json |
  python3 -c '
import collections, json, sys
r = json.load(sys.stdin)
docs = {}
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    docs[d["id"]] = d["text"].encode("utf-8")
a, b = docs[r["a"]["id"]], docs[r["b"]["id"]]
print(r["a"]["id"], r["b"]["id"], r["relation"], r["score"])
print(sorted(collections.Counter(x["kind"] for x in r["alignments"]).items()))
for f in r["facts"]:
    at = a[f["a_span"][0]:f["a_span"][1]].decode() if f["a_span"] else None
    bt = b[f["b_span"][0]:f["b_span"][1]].decode() if f["b_span"] else None
    assert at == f["a_text"] and bt == f["b_text"], f
    print(f["kind"], repr(at), repr(bt))
' "$FIXTURES/rewrites/part-a/docs.jsonl"
