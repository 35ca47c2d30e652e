import sys, time
from collections import defaultdict, Counter
import features as F
import evalutil as E
import cluster as CL
CL.TRUNC = 128
c, vecs, edges = CL.load_edges(12, 100)
n = len(vecs)
t = float(sys.argv[1]); link = sys.argv[2]
e2 = {p: s for p, s in edges.items() if s >= min(t, 0.2)}
lab = CL.upgma(n, vecs, e2, t, link=link)
G = c["groups"]
size = Counter(lab)
stories = defaultdict(list)
for i, g in enumerate(G):
    if g is not None:
        stories[g].append(i)
split = Counter()
for g, mem in stories.items():
    cl = Counter(lab[i] for i in mem)
    if len(cl) > 1:
        sizes = sorted(cl.values(), reverse=True)
        split["singletons"] += sum(1 for x in sizes[1:] if x == 1)
        split["nonsingle_fragments"] += sum(1 for x in sizes[1:] if x > 1)
        split["stories_split"] += 1
print(E.fmt(E.score(c["ids"], G, lab, c["pairs"])))
print(split)
