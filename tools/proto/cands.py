"""Candidate generation experiments: top-K highest TF-IDF keys per document, inverted
index with a posting cap, candidate pairs scored by shared key weight."""
import sys, time
from collections import defaultdict, Counter
import features as F
import evalutil as E


def keys_for(vec, k):
    return sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:k]


def gen(vecs, k, cap, min_shared=1, top_m=None):
    n = len(vecs)
    keys = [keys_for(v, k) for v in vecs]
    inv = defaultdict(list)
    for i, ks in enumerate(keys):
        for t, w in ks:
            inv[t].append((i, w))
    work = 0
    acc = defaultdict(float)
    cnt = Counter()
    skipped = 0
    for t, post in inv.items():
        if len(post) > cap:
            skipped += 1
            continue
        work += len(post) * (len(post) - 1) // 2
        for x in range(len(post)):
            a, wa = post[x]
            for y in range(x + 1, len(post)):
                b, wb = post[y]
                acc[(a, b)] += wa * wb
                cnt[(a, b)] += 1
    cands = [(p, s) for p, s in acc.items() if cnt[p] >= min_shared]
    if top_m:
        nb = defaultdict(list)
        for (a, b), s in cands:
            nb[a].append((s, b)); nb[b].append((s, a))
        keep = set()
        for a, l in nb.items():
            l.sort(key=lambda x: (-x[0], x[1]))
            for s, b in l[:top_m]:
                keep.add((min(a, b), max(a, b)))
        cands = [(p, acc[p]) for p in keep]
    return cands, work, skipped


if __name__ == "__main__":
    c = F.load_corpus(True)
    idf, df = F.idf_table(c["profs"])
    vecs = [F.tfidf(p["tf"], idf) for p in c["profs"]]
    pos = {i: k for k, i in enumerate(c["ids"])}
    same = [(pos[p["a"]], pos[p["b"]]) for p in c["pairs"] if p["label"] in E.SAME]
    n = len(vecs)
    for k, cap, ms, tm in [(16, 500, 1, None), (24, 500, 1, None), (24, 1000, 1, None),
                           (24, 500, 2, None), (32, 500, 2, None), (24, 500, 1, 20),
                           (24, 500, 1, 40), (32, 1000, 2, 30)]:
        t0 = time.time()
        cands, work, skipped = gen(vecs, k, cap, ms, tm)
        cs = set(p for p, s in cands)
        rec = sum(1 for a, b in same if (min(a, b), max(a, b)) in cs) / len(same)
        print("K=%d cap=%d min_shared=%d top_m=%s: cands %d (%.1f/doc) work %d skipped_keys %d "
              "pair-recall %.4f  %.1fs" % (k, cap, ms, tm, len(cands), 2 * len(cands) / n, work,
                                           skipped, rec, time.time() - t0))
