"""Scores the C++ rewrite_score (as dumped by rewrite_bench --dump-evidence) on the
fixtures at a threshold: pair-level precision/recall of `rewrite` per split, the
transitive-closure (derivation) view, and independent reports typed rewrite.

  python3 tools/proto/score_typing.py /tmp/ev.jsonl [threshold]
"""
import sys
import fit_typing as T

rows, label, split = T.load(sys.argv[1])
th = float(sys.argv[2]) if len(sys.argv) > 2 else 0.8
for sp in ("fit", "holdout"):
    rs = [r for r in rows if r[1] == sp]
    npos = sum(1 for l in label.items() if l[1] == "rewrite" and split[l[0][0]] == sp)
    tp = sum(1 for r in rs if r[0] == "rewrite" and r[3]["rewrite_score"] >= th)
    fp = sum(1 for r in rs if r[0] != "rewrite" and r[3]["rewrite_score"] >= th)
    ind = sum(1 for r in rs if r[0] == "same_story" and r[3]["rewrite_score"] >= th)
    find = T.closure(r[2] for r in rs if r[3]["rewrite_score"] >= th)
    ctp = sum(1 for (a, b), l in label.items() if split[a] == sp and l == "rewrite" and find(a) == find(b))
    cfp = sum(1 for (a, b), l in label.items() if split[a] == sp and l != "rewrite" and find(a) == find(b))
    print("%-7s th %.2f pairs: rewrite recall %d/%d = %.3f precision %.3f, independent pairs typed rewrite %d"
          " | transitive: recall %.3f precision %.3f" % (
              sp, th, tp, npos, tp / npos, tp / max(1, tp + fp), ind, ctp / npos, ctp / max(1, ctp + cfp)))
