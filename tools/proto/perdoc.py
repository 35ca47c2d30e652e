import pickle, sys
from collections import defaultdict
rows = pickle.load(open("/tmp/doppel_typing_rows.pkl", "rb"))
def score(f, k):
    if k == "combo":
        return f["cos"] + f["bi_c"] + 0.5 * f["cov_min"]
    if k == "combo2":
        return f["rcos"] * f["cos"]
    if k == "combo3":
        return f["ecos"] * 2 + f["cos"]
    return f[k]
for k in sys.argv[1].split(","):
    for sp in ["fit", "holdout"]:
        best_rw = defaultdict(float)  # best rewrite-edge score per rewrite doc
        best_ind = defaultdict(float)
        for pos, s, a, b, f in rows:
            if s != sp:
                continue
            v = score(f, k)
            if pos:
                for x in (a, b):
                    if "-rw" in x:
                        best_rw[x] = max(best_rw[x], v)
            else:
                x = a if a.endswith("-ind") else b
                best_ind[x] = max(best_ind[x], v)
        rw = sorted(best_rw.values()); ind = sorted(best_ind.values())
        # all rewrite-edge scores (to count pair-level precision): fraction of rw docs with best > max ind
        thr = ind[-1]
        print("%-8s %-7s rw-doc best min %.3f p10 %.3f | ind best max %.3f med %.3f | rw docs above max ind: %d/%d" % (
            k, sp, rw[0], rw[len(rw) // 10], ind[-1], ind[len(ind) // 2], sum(1 for x in rw if x > thr), len(rw)))
