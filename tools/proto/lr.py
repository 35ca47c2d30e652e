"""Tiny logistic regression (stdlib) for rewrite vs same_story on fixture pairs."""
import math, pickle, sys
from collections import defaultdict
rows = pickle.load(open("/tmp/doppel_typing_rows.pkl", "rb"))
feats = sys.argv[1].split(",")
l2 = float(sys.argv[2]) if len(sys.argv) > 2 else 0.01


def X(f):
    return [1.0] + [f[k] for k in feats]


def fit(data, iters=20000, lr=0.5):
    w = [0.0] * (len(feats) + 1)
    for it in range(iters):
        g = [0.0] * len(w)
        for y, x in data:
            p = 1 / (1 + math.exp(-sum(a * b for a, b in zip(w, x))))
            for k in range(len(w)):
                g[k] += (p - y) * x[k]
        for k in range(len(w)):
            w[k] -= lr * (g[k] / len(data) + (l2 * w[k] if k else 0))
    return w


train = [(1 if r[0] else 0, X(r[4])) for r in rows if r[1] == "fit"]
w = fit(train)
print("weights", " ".join("%s=%.2f" % (k, v) for k, v in zip(["bias"] + feats, w)))
for sp in ["fit", "holdout"]:
    sc = [(sum(a * b for a, b in zip(w, X(r[4]))), r) for r in rows if r[1] == sp]
    best_rw = defaultdict(lambda: -99); best_ind = defaultdict(lambda: -99)
    for s, r in sc:
        if r[0]:
            for x in (r[2], r[3]):
                if "-rw" in x:
                    best_rw[x] = max(best_rw[x], s)
        else:
            x = r[2] if r[2].endswith("-ind") else r[3]
            best_ind[x] = max(best_ind[x], s)
    mi = max(best_ind.values())
    pos = [s for s, r in sc if r[0]]; neg = [s for s, r in sc if not r[0]]
    print(sp, "pairs: rewrite>0 %d/%d same_story>0 %d/%d | per doc: rw best min %.2f ind best max %.2f rw docs above: %d/%d" % (
        sum(s > 0 for s in pos), len(pos), sum(s > 0 for s in neg), len(neg),
        min(best_rw.values()), mi, sum(v > mi for v in best_rw.values()), len(best_rw)))
