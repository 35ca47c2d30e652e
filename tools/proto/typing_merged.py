"""Typing research (issue #3, session 9; negative): local alignment over sentences merged
two into one on either side, for rewrites that split or merge their source's sentences.
Adds to typing_research.py's features: la2_merge / la1_merge (local_align2 / 1 over the
matrix max(cos(s_i, t_j), cos(s_i + s_i+1, t_j), cos(s_i, t_j + t_j+1))), la2_merge_t30/35
(match threshold 0.30/0.35), mmatched_min/max (matched on that matrix), la2_ref (the
library's local_align2 recomputed here).
  python3 tools/proto/typing_merged.py /tmp/typing_dump.jsonl screen      # AUC fit / holdout
  python3 tools/proto/typing_merged.py /tmp/typing_dump.jsonl models local_align2 la2_merge
(dump: see typing_research.py). Result: la2_merge AUC 0.907 fit / 0.950 holdout against
local_align2's 0.896 / 0.971: not better where it counts.
"""
import sys, math, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import typing_research as T

def merged(C, d):
    key = ('merged', d)
    if key in C._sim: return C._sim[key]
    doc = C.docs[d]
    out = []
    S = doc["sentences"]
    for i in range(len(S)):
        cnt = {}
        for t, c in S[i]: cnt[t] = cnt.get(t, 0) + c
        if i + 1 < len(S):
            for t, c in S[i + 1]: cnt[t] = cnt.get(t, 0) + c
        v = {t: (1 + math.log(c)) * C.idf[t] for t, c in cnt.items()}
        n = math.sqrt(sum(w * w for w in v.values()))
        out.append({t: w / n for t, w in v.items()} if n > 0 else {})
    C._sim[key] = out
    return out

def cosd(x, y):
    if len(x) > len(y): x, y = y, x
    return sum(w * y.get(t, 0.0) for t, w in x.items())

def sim2(C, a, b):
    A, B = C.docs[a]["sv"], C.docs[b]["sv"]
    MA, MB = merged(C, a), merged(C, b)
    m = C.sim(a, b)
    out = []
    for i in range(len(A)):
        row = []
        for j in range(len(B)):
            v = m[i][j]
            if A[i] and MB[j]: v = max(v, cosd(A[i], MB[j]))
            if MA[i] and B[j]: v = max(v, cosd(MA[i], B[j]))
            row.append(v)
        out.append(row)
    return out

orig = T.features
def features(C, a, b):
    f = orig(C, a, b)
    m2 = sim2(C, a, b)
    na, nb = len(m2), len(m2[0]) if m2 else 0
    mn = max(1, min(na, nb))
    f["la2_merge"] = T.smith_waterman_k(m2, 0.25, 0.1, 2) / mn if na and nb else 0.0
    f["la1_merge"] = T.smith_waterman_k(m2, 0.25, 0.1, 1) / mn if na and nb else 0.0
    m = C.sim(a, b)
    f["la2_ref"] = T.smith_waterman_k(m, 0.25, 0.1, 2) / mn if na and nb else 0.0
    for thr in (0.3, 0.35):
        f["la2_merge_t%d" % int(thr*100)] = T.smith_waterman_k(m2, thr, 0.1, 2) / mn if na and nb else 0.0
    ra = [max(r) for r in m2] if m2 and m2[0] else []
    rb = [max(c) for c in zip(*m2)] if m2 and m2[0] else []
    f["mmatched_min"] = min(sum(x >= 0.4 for x in ra) / max(1, len(ra)), sum(x >= 0.4 for x in rb) / max(1, len(rb)))
    f["mmatched_max"] = max(sum(x >= 0.4 for x in ra) / max(1, len(ra)), sum(x >= 0.4 for x in rb) / max(1, len(rb)))
    return f
T.features = features
T.main()
