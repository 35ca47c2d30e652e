"""Pair keys: unordered pairs of a document's top-K TF-IDF features. Two documents are
candidates when they share a pair key, i.e. at least two of their top-K features."""
import sys, time
from collections import defaultdict, Counter
from itertools import combinations
import features as F
import evalutil as E


def topk(vec, k):
    return [t for t, w in sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]


def gen_pairkeys(vecs, k, cap):
    inv = defaultdict(list)
    for i, v in enumerate(vecs):
        ks = sorted(topk(v, k))
        for a, b in combinations(ks, 2):
            inv[(a, b)].append(i)
    cands = set()
    work = 0
    skipped = 0
    for key, post in inv.items():
        if len(post) > cap:
            skipped += 1
            continue
        if len(post) < 2:
            continue
        work += len(post) * (len(post) - 1) // 2
        for x in range(len(post)):
            for y in range(x + 1, len(post)):
                cands.add((post[x], post[y]))
    return cands, work, skipped, len(inv)


if __name__ == "__main__":
    c = F.load_corpus(True)
    idf, df = F.idf_table(c["profs"])
    vecs = [F.tfidf(p["tf"], idf) for p in c["profs"]]
    pos = {i: k for k, i in enumerate(c["ids"])}
    same = [(min(pos[p["a"]], pos[p["b"]]), max(pos[p["a"]], pos[p["b"]]))
            for p in c["pairs"] if p["label"] in E.SAME]
    n = len(vecs)
    for k, cap in [(8, 100), (10, 100), (12, 100), (16, 100), (12, 50), (12, 200)]:
        t0 = time.time()
        cands, work, skipped, nkeys = gen_pairkeys(vecs, k, cap)
        rec = sum(1 for p in same if p in cands) / len(same)
        # connectivity: fraction of METER docs with at least one same-story candidate
        print("K=%d cap=%d: cands %d (%.1f/doc) work %d keys %d skipped %d pair-recall %.4f %.1fs"
              % (k, cap, len(cands), 2 * len(cands) / n, work, nkeys, skipped, rec, time.time() - t0))
        sys.stdout.flush()
