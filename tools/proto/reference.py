"""Reference: all-pairs TF-IDF cosine among METER docs (IDF over METER+Reuters) + single
link, and each METER doc's best cosine to any Reuters doc (the attachment risk)."""
import sys, time
from collections import defaultdict
import features as F
import evalutil as E

c = F.load_corpus(True)
idf, df = F.idf_table(c["profs"])
vecs = [F.tfidf(p["tf"], idf) for p in c["profs"]]
n = len(vecs)
meter = [i for i, g in enumerate(c["groups"]) if g is not None]
# inverted index over all docs
inv = defaultdict(list)
for i, v in enumerate(vecs):
    for t, x in v.items():
        inv[t].append((i, x))
t0 = time.time()
edges = []  # (cos, a, b) for a METER doc a and any b
for a in meter:
    acc = defaultdict(float)
    for t, x in vecs[a].items():
        for b, y in inv[t]:
            if b != a:
                acc[b] += x * y
    for b, s in acc.items():
        if s >= 0.15 and (c["groups"][b] is None or b > a):
            edges.append((s, a, b))
print("edges", len(edges), time.time() - t0, "s", file=sys.stderr)
for th in [0.15, 0.2, 0.25, 0.3, 0.35, 0.4]:
    uf = E.UF(n)
    for s, a, b in edges:
        if s >= th:
            uf.union(a, b)
    labels = [uf.find(i) for i in range(n)]
    print("single-link cos>=%.2f" % th, E.fmt(E.score(c["ids"], c["groups"], labels, c["pairs"])))
