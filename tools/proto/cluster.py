"""Story clustering experiments on verified candidate edges.

Average link over the sparse candidate graph, computed exactly from per-cluster sums of
unit TF-IDF vectors: avg(A, B) = <sum_A, sum_B> / (|A| |B|) (the mean cosine over every
cross pair, including pairs that were never candidates)."""
import heapq, math, sys, time
from collections import defaultdict
import features as F
import evalutil as E
import cands2


def dot(u, v):
    if len(u) > len(v):
        u, v = v, u
    return sum(x * v.get(t, 0.0) for t, x in u.items())


TRUNC = None


def add_into(dst, src):
    for t, x in src.items():
        dst[t] = dst.get(t, 0.0) + x
    if TRUNC and len(dst) > TRUNC:
        keep = sorted(dst.items(), key=lambda kv: (-kv[1], kv[0]))[:TRUNC]
        dst.clear()
        dst.update(keep)


def upgma(n, vecs, edges, t_avg, nodes=None, link="avg", t_leaf=None):
    """edges: dict (a,b)->cos. Merge adjacent clusters by highest average link while
    >= t_avg. Deterministic: ties broken by cluster ids."""
    uf = E.UF(n)
    size = {}
    sums = {}
    adj = defaultdict(set)
    for (a, b) in edges:
        adj[a].add(b); adj[b].add(a)
    for a in adj:
        size[a] = 1
        sums[a] = dict(vecs[a])
    norms = {a: 1.0 for a in sums}
    heap = []
    for (a, b), s in edges.items():
        heap.append((-s, a, b))
    heapq.heapify(heap)
    t_min = min(t_avg, t_leaf) if t_leaf is not None else t_avg

    def th(x, y):
        if t_leaf is not None and (size[x] == 1 or size[y] == 1):
            return t_leaf
        return t_avg
    while heap:
        negs, a, b = heapq.heappop(heap)
        if -negs < t_min:
            break
        if uf.find(a) != a or uf.find(b) != b:
            continue  # stale
        # stale if linkage changed: recompute
        s = linkage(sums, size, norms, a, b, link)
        if s < th(a, b):
            continue
        if abs(s + negs) > 1e-12:
            if s >= t_min:
                heapq.heappush(heap, (-s, a, b))
            continue
        # merge b into a (keep the smaller id as root)
        r, o = (a, b) if a < b else (b, a)
        uf.p[o] = r
        add_into(sums[r], sums[o]); del sums[o]
        norms[r] = math.sqrt(sum(x * x for x in sums[r].values()))
        size[r] += size.pop(o)
        adj[r] |= adj.pop(o)
        adj[r].discard(r); adj[r].discard(o)
        nb = set()
        for x in adj[r]:
            nb.add(uf.find(x))
        nb.discard(r)
        adj[r] = nb
        for x in nb:
            adj[x].discard(o); adj[x].add(r)
            s2 = linkage(sums, size, norms, r, x, link)
            if s2 >= th(r, x):
                heapq.heappush(heap, (-s2, min(r, x), max(r, x)))
    return [uf.find(i) for i in range(n)]


def linkage(sums, size, norms, a, b, link):
    d = dot(sums[a], sums[b])
    if link == "avg":
        return d / (size[a] * size[b])
    return d / (norms[a] * norms[b])


def single(n, edges, t):
    uf = E.UF(n)
    for (a, b), s in edges.items():
        if s >= t:
            uf.union(a, b)
    return [uf.find(i) for i in range(n)]



def load_edges(K, CAP, lo=0.1):
    import os, pickle
    path = "/tmp/doppel_proto_edges_%d_%d.pkl" % (K, CAP)
    c = F.load_corpus(True)
    idf, df = F.idf_table(c["profs"])
    vecs = [F.tfidf(p["tf"], idf) for p in c["profs"]]
    if os.path.exists(path):
        with open(path, "rb") as f:
            edges = pickle.load(f)
    else:
        cands, work, skipped, nk = cands2.gen_pairkeys(vecs, K, CAP)
        edges = {}
        for a, b in cands:
            s = dot(vecs[a], vecs[b])
            if s >= lo:
                edges[(a, b)] = s
        with open(path, "wb") as f:
            pickle.dump(edges, f)
    return c, vecs, edges


if __name__ == "__main__":
    K = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    CAP = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    TRUNC = int(sys.argv[3]) if len(sys.argv) > 3 else 64
    ths = [float(x) for x in sys.argv[4].split(",")] if len(sys.argv) > 4 else [0.15, 0.2, 0.25]
    LINK = sys.argv[5] if len(sys.argv) > 5 else "avg"
    c, vecs, edges = load_edges(K, CAP)
    n = len(vecs)
    for t in ths:
        t0 = time.time()
        e2 = {p: s for p, s in edges.items() if s >= t}
        lab = upgma(n, vecs, e2, t, link=LINK)
        print("%s %.2f trunc %s" % (LINK, t, TRUNC), E.fmt(E.score(c["ids"], c["groups"], lab, c["pairs"])),
              "%.1fs" % (time.time() - t0))
        sys.stdout.flush()
