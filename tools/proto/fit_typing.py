"""Fit the rewrite-vs-same_story model on evidence dumped by rewrite_bench
(--dump-evidence) for the rewrite fixtures, or on the `--pairs` output of
`doppel scan --mode rewrite` over the fixtures (the pairs the engine types, with their
features); fit on "fit" groups, report "holdout".

  python3 tools/proto/fit_typing.py /tmp/ev.jsonl [feature,list] [l2] [newton]

`newton`: features standardised over the fit rows, L2-regularised logistic regression by
Newton's method (typing_research.fit_scaled: plain gradient descent does not converge on
these nearly separable sets), weights printed in original units; the threshold is chosen
on fit (just above the highest fit non-rewrite pair's logit) and also folded into the bias
so that the C++ default rewrite_threshold 0.8 decides at that point.
"""
import glob, json, math, os, sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FEATS = ["cosine", "narrative_bigrams", "entities", "numbers", "aligned_min", "aligned_max",
         "length_ratio"]


def load(ev_path):
    split, label = {}, {}
    # The case story (tests/fixtures/case, split "fit") counts as fit, as in
    # tools/eval/rewrite_eval.py.
    for part in sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/rewrites/*/"))) + [
            os.path.join(ROOT, "tests/fixtures/case/")]:
        for l in open(os.path.join(part, "docs.jsonl")):
            d = json.loads(l)
            split[d["id"]] = d.get("split", "fit")
        for l in open(os.path.join(part, "pairs.jsonl")):
            p = json.loads(l)
            label[tuple(sorted((p["a"], p["b"])))] = p["label"]
    rows = []
    for l in open(ev_path):
        e = json.loads(l)
        if "relation" in e:  # a doppel --pairs line
            if "cosine" not in e.get("features", {}):
                continue  # exact / near_duplicate / partial_copy: not typed
            e = dict(e["features"], a=e["a"], b=e["b"])
        if e["a"] not in split or e["b"] not in split:
            continue
        key = tuple(sorted((e["a"], e["b"])))
        lab = label.get(key, "unrelated")
        e["aligned_min"] = min(e["aligned_a"], e["aligned_b"])
        e["aligned_max"] = max(e["aligned_a"], e["aligned_b"])
        for k in ("matched", "similar"):
            if k + "_a" not in e:
                continue  # similar_a/b are not in doppel's --pairs features
            e[k + "_min"] = min(e[k + "_a"], e[k + "_b"])
            e[k + "_max"] = max(e[k + "_a"], e[k + "_b"])
        rows.append((lab, split[e["a"]] if split[e["a"]] == split[e["b"]] else "mixed", key, e))
    return rows, label, split


def closure(edges):
    """The transitive closure of the (a, b) edges: find(x) gives x's component (its
    smallest member), the derivation-cluster view of rewrite edges."""
    parent = {}

    def find(x):
        while parent.get(x, x) != x:
            x = parent[x]
        return x
    for a, b in edges:
        x, y = find(a), find(b)
        if x != y:
            parent[max(x, y)] = min(x, y)
    return find


def sigmoid(z):
    return 1 / (1 + math.exp(-max(-50, min(50, z))))


def fit(data, feats, l2, iters=4000, lr=1.0):
    w = [0.0] * (len(feats) + 1)
    for _ in range(iters):
        g = [0.0] * len(w)
        for y, x in data:
            p = sigmoid(sum(a * b for a, b in zip(w, x)))
            for k in range(len(w)):
                g[k] += (p - y) * x[k]
        for k in range(len(w)):
            w[k] -= lr * (g[k] / len(data) + (l2 * w[k] if k else 0))
    return w


def main():
    rows, label, split = load(sys.argv[1])
    feats = sys.argv[2].split(",") if len(sys.argv) > 2 else FEATS
    l2 = float(sys.argv[3]) if len(sys.argv) > 3 else 0.01
    X = lambda e: [1.0] + [e[k] for k in feats]
    for k in feats:
        for sp in ("fit", "holdout"):
            pos = sorted(r[3][k] for r in rows if r[0] == "rewrite" and r[1] == sp)
            neg = sorted(r[3][k] for r in rows if r[0] == "same_story" and r[1] == sp)
            print("%-18s %-7s rewrite %.2f/%.2f/%.2f same_story %.2f/%.2f/%.2f" % (
                k, sp, pos[0], pos[len(pos) // 2], pos[-1], neg[0], neg[len(neg) // 2], neg[-1]))
    train = [(1 if r[0] == "rewrite" else 0, X(r[3])) for r in rows
             if r[1] == "fit" and r[0] in ("rewrite", "same_story")]
    if "newton" in sys.argv[4:]:
        import typing_research as R
        tr = [{"label": r[0], "f": r[3]} for r in rows if r[1] == "fit" and r[0] in ("rewrite", "same_story")]
        w = R.fit_scaled(tr, feats, l2)
        logit = lambda e: sum(a * b for a, b in zip(w, X(e)))
        th = max(logit(r[3]) for r in rows if r[1] == "fit" and r[0] != "rewrite") + 1e-3
        print("weights (original units):", ", ".join("%s %.3f" % (k, v) for k, v in zip(["bias"] + feats, w)))
        print("threshold chosen on fit: logit %.3f (probability %.3f)" % (th, sigmoid(th)))
        w[0] += math.log(4.0) - th
        print("bias folded for threshold 0.8: %.3f; C++ kScoreWeights = {%s}" % (
            w[0], ", ".join("%.3f" % v for v in w)))
    else:
        w = fit(train, feats, l2)
        print("weights:", ", ".join("%s %.3f" % (k, v) for k, v in zip(["bias"] + feats, w)))
    for sp in ("fit", "holdout"):
        rs = [r for r in rows if r[1] == sp and r[0] in ("rewrite", "same_story")]
        for th in (0.3, 0.5, 0.7, 0.8, 0.9):
            tp = sum(1 for r in rs if r[0] == "rewrite" and sigmoid(sum(a * b for a, b in zip(w, X(r[3])))) >= th)
            fp = sum(1 for r in rs if r[0] != "rewrite" and sigmoid(sum(a * b for a, b in zip(w, X(r[3])))) >= th)
            npos = sum(1 for r in rs if r[0] == "rewrite")
            # Cluster view: rewrite edges' transitive closure, per group.
            find = closure(r[2] for r in rs if sigmoid(sum(a * b for a, b in zip(w, X(r[3])))) >= th)
            ids = [i for i in split if split[i] == sp]
            ctp = cfp = cpos = 0
            ind_rw = 0
            for (a, b), lab in label.items():
                if split[a] != sp:
                    continue
                same = find(a) == find(b)
                cpos += lab == "rewrite"
                ctp += same and lab == "rewrite"
                cfp += same and lab != "rewrite"
                ind_rw += same and lab == "same_story"
            print("%-7s th %.1f pairs: recall %d/%d precision %d/%d | clusters: recall %.3f precision %.3f "
                  "independent-in-derivation pairs %d" % (
                      sp, th, tp, npos, tp, tp + fp, ctp / cpos, ctp / (ctp + cfp) if ctp + cfp else 1, ind_rw))


if __name__ == "__main__":
    main()


def per_doc(ev_path, feats, w):
    rows, label, split = load(ev_path)
    X = lambda e: [1.0] + [e[k] for k in feats]
    for sp in ("fit", "holdout"):
        best = defaultdict(float)
        for r in rows:
            if r[1] != sp or r[0] not in ("rewrite", "same_story"):
                continue
            s = sigmoid(sum(a * b for a, b in zip(w, X(r[3]))))
            for x in r[2]:
                best[x] = max(best[x], s)
        rw = sorted(v for k, v in best.items() if "-rw" in k)
        ind = sorted(v for k, v in best.items() if k.endswith("-ind"))
        print(sp, "rewrite docs' best score: min %.3f p10 %.3f | independent docs' best: max %.3f" % (
            rw[0], rw[len(rw) // 10], ind[-1]), "rw above max ind: %d/%d" % (sum(v > ind[-1] for v in rw), len(rw)))
