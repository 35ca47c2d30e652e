#!/usr/bin/env python3
"""How far doppel's Jaccard disagrees with the shared benchmark's convention.

Usage: agreement.py SHARED_BENCH_DIR CORPUS_DIR DOPPEL_PAIRS_JSONL [--threshold 0.8]

doppel tokenises Unicode words of the cleaned, normalised text; eval_pairs.py computes
J on lowercase [a-z0-9]+ tokens of the raw text. For every pair doppel reports as
exact, near_duplicate or partial_copy (doppel's Jaccard: 1 for exact, else
features.jaccard), this compares doppel's J with the convention's exact J (from
truth.tsv, or computed with make_corpus.shingles for pairs outside the generated
clusters) and prints one JSON object:

  pairs_compared         reported pairs with a doppel Jaccard
  mean_abs_diff          mean |J_doppel - J_convention|
  max_abs_diff           and the largest
  share_diff_gt_0.01     share of pairs that differ by more than 0.01 (and 0.05)
  doppel_ge_T_conv_lt_T  doppel says >= T, the convention < T (costs precision@T)
  doppel_lt_T_conv_ge_T  reported as partial_copy with doppel J < T, convention >= T
                         (a missed near duplicate that doppel did find)
  truth_ge_T_unreported  truth pairs with J >= T that doppel does not report at all
  worst                  the five largest differences (a, b, relation, J_doppel, J_conv)
"""
import argparse
import json
import os
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("shared_bench")
    ap.add_argument("corpus")
    ap.add_argument("pairs_jsonl")
    ap.add_argument("--threshold", type=float, default=0.8)
    a = ap.parse_args()
    sys.path.insert(0, os.path.abspath(a.shared_bench))
    from make_corpus import shingles, jaccard  # noqa: E402

    T = a.threshold
    truth = {}
    with open(os.path.join(a.corpus, "truth.tsv")) as f:
        for line in f:
            x, y, j = line.split("\t")[:3]
            x, y = int(x), int(y)
            truth[(min(x, y), max(x, y))] = float(j)

    reported = {}  # (a, b) -> (relation, doppel J)
    with open(a.pairs_jsonl, encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            rel = p["relation"]
            if rel == "exact":
                jd = 1.0
            elif "features" in p and "jaccard" in p["features"]:
                jd = float(p["features"]["jaccard"])
            else:
                continue
            x, y = int(p["a"]), int(p["b"])
            reported.setdefault((min(x, y), max(x, y)), (rel, jd))

    need = {i for k in reported if k not in truth for i in k}
    texts = {}
    if need:
        with open(os.path.join(a.corpus, "docs.tsv"), encoding="utf-8") as f:
            for line in f:
                i, t = line.split("\t", 1)
                if int(i) in need:
                    texts[int(i)] = t
    diffs = []
    over = under = 0
    for key, (rel, jd) in reported.items():
        jc = truth[key] if key in truth else jaccard(shingles(texts[key[0]]), shingles(texts[key[1]]))
        diffs.append((abs(jd - jc), key, rel, jd, jc))
        if jd >= T > jc:
            over += 1
        if jc >= T > jd:
            under += 1
    unreported = sum(1 for k, j in truth.items() if j >= T and k not in reported)
    n = len(diffs)
    diffs.sort(reverse=True)
    print(json.dumps({
        "threshold": T,
        "pairs_compared": n,
        "mean_abs_diff": round(sum(d[0] for d in diffs) / n, 5) if n else 0.0,
        "max_abs_diff": round(diffs[0][0], 4) if n else 0.0,
        "share_diff_gt_0.01": round(sum(1 for d in diffs if d[0] > 0.01) / n, 4) if n else 0.0,
        "share_diff_gt_0.05": round(sum(1 for d in diffs if d[0] > 0.05) / n, 4) if n else 0.0,
        "doppel_ge_T_conv_lt_T": over,
        "doppel_lt_T_conv_ge_T": under,
        "truth_ge_T_unreported": unreported,
        "worst": [[k[0], k[1], rel, round(jd, 4), round(jc, 4)] for _, k, rel, jd, jc in diffs[:5]],
    }))


if __name__ == "__main__":
    main()
