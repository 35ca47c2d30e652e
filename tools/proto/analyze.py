import pickle, os, sys, time
from collections import defaultdict, Counter
import features as F
import evalutil as E
c = F.load_corpus(True)
idf, df = F.idf_table(c["profs"])
vecs = [F.tfidf(p["tf"], idf) for p in c["profs"]]
G = c["groups"]
meter = [i for i, g in enumerate(G) if g is not None]
path = "/tmp/doppel_proto_meter_allpairs.pkl"
if os.path.exists(path):
    sims, maxr = pickle.load(open(path, "rb"))
else:
    inv = defaultdict(list)
    for i, v in enumerate(vecs):
        for t, x in v.items():
            inv[t].append((i, x))
    sims = {}
    maxr = {}
    for a in meter:
        acc = defaultdict(float)
        for t, x in vecs[a].items():
            for b, y in inv[t]:
                acc[b] += x * y
        mr = 0.0
        for b, s in acc.items():
            if G[b] is None:
                mr = max(mr, s)
            elif b > a and s >= 0.05:
                sims[(a, b)] = s
        maxr[a] = mr
    pickle.dump((sims, maxr), open(path, "wb"))
best_same = defaultdict(float); best_other = defaultdict(float)
for (a, b), s in sims.items():
    d = best_same if G[a] == G[b] else best_other
    d[a] = max(d[a], s); d[b] = max(d[b], s)
gs = Counter(G[i] for i in meter)
for t in [0.15, 0.2, 0.25, 0.3]:
    iso = [i for i in meter if best_same[i] < t and gs[G[i]] > 1]
    print("t=%.2f docs whose best same-story cos < t: %d; best other-story >= t: %d; best reuters >= t: %d" % (
        t, len(iso), sum(1 for i in meter if best_other[i] >= t), sum(1 for i in meter if maxr[i] >= t)))
print("reuters max cos quantiles", sorted(maxr.values())[-10:])
