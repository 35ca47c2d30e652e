import features as F
from collections import defaultdict
c = F.load_corpus(True)
idf, df = F.idf_table(c["profs"])
vecs = [F.tfidf(p["tf"], idf) for p in c["profs"]]
G = c["groups"]
inv = defaultdict(list)
for i, v in enumerate(vecs):
    if G[i] is None:
        for t, x in v.items():
            inv[t].append((i, x))
res = []
for a in range(len(vecs)):
    if G[a] is None: continue
    acc = defaultdict(float)
    for t, x in vecs[a].items():
        for b, y in inv[t]:
            acc[b] += x * y
    if acc:
        b, s = max(acc.items(), key=lambda kv: kv[1])
        res.append((s, a, b))
res.sort(reverse=True)
for s, a, b in res[:12]:
    shared = sorted(((vecs[a][t] * vecs[b][t], t) for t in vecs[a] if t in vecs[b]), reverse=True)[:8]
    ea = c["profs"][a]["ents"]; eb = c["profs"][b]["ents"]
    print("%.3f %s %s" % (s, c["ids"][a], c["ids"][b]), ["%s:%.3f" % (t, w) for w, t in shared],
          "shared ents", sorted(set(ea) & set(eb)))
