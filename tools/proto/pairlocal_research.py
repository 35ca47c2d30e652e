"""Pair-local typing research (issue #3), session 10: the sentence evidence of a pair
with weights from the pair alone instead of corpus IDF, so a pair types the same in any
corpus (C++: match::MeasurePairLocal; the shipped rewrite score is a model over it).

Each term weighs w(t) = ln(1 + N / df(t)), N the two documents' sentences together and
df(t) how many of them hold t (the compare aligner's weighting, align/similarity.h); a
sentence is the unit vector of (1 + ln count) w(t). From those cosines: matched and
aligned shares at TH, the two-run Smith-Waterman at T / GAP (local_align2), and story
order over shared terms held by at most 20% of the pair's sentences (at least 2).

  B=build; g++ -std=c++20 -O2 -Isrc -Iinclude tools/proto/typing_dump.cc $B/src/libdoppel_core.a \
    -o $B/typing_dump $(pkg-config --libs libutf8proc libzstd libxxhash zlib) -lsimdjson -lstemmer -lpthread
  $B/typing_dump tests/fixtures/rewrites/part-{a,b,c,d}/docs.jsonl > /tmp/typing_dump.jsonl
  # Python features (prototype), screened and modelled:
  python3 tools/proto/pairlocal_research.py /tmp/typing_dump.jsonl 0.25 0.15 0.1 screen
  python3 tools/proto/pairlocal_research.py /tmp/typing_dump.jsonl 0.25 0.15 0.1 models \
    pl_matched_min,pl_matched_max,pl_aligned_min,pl_aligned_max,pl_local_align2,pl_story_order
  # The model over the C++ features (pair_* in the dump), with the threshold folded into
  # the bias at logit(0.8) (the weights in match/rewrite.cc):
  python3 tools/proto/pairlocal_research.py /tmp/typing_dump.jsonl fit \
    pair_matched_min,pair_matched_max,pair_aligned_min,pair_aligned_max,pair_local_align3,pair_story_order

Findings (fixtures; closure = rewrite pairs inside one derivation closure):
- Parameters: TH 0.25 / T 0.15 / GAP 0.1 (fit AUC of pl_local_align2 0.918; T 0.1 gives
  0.925 but lets held-out independents through, see below).
- The model over the six pair-local features: held-out closure recall 0.922 at precision
  1.000 with no independent pair typed rewrite (corpus-IDF model: 0.844); fit 0.849
  (0.840); but LOGO inside fit 0.670 with 5 negatives over (0.679, 1): precision on unseen
  stories is the open risk. Neighbouring parameters move held-out recall 0.84-0.92 and, at
  T 0.1, type 1-2 held-out independent pairs rewrite (g18-rw2~g18-ind, an independent
  report written with almost no specifics of its own): the fixtures' 45 independent fit
  pairs are too few to pin precision at 0.98.
- The bundled example (examples/news, half of it one story): both paraphrases typed
  rewrite (corpus-IDF model: same_story, score 0.0 and 0.75), the independent report
  same_story.
- Adding the corpus-IDF features back (local_align2, cosine) moves held-out recall to
  0.889-0.956 but types g18-rw2~g18-ind rewrite or loses the example's paraphrase.
- The k best disjoint local-alignment runs instead of 2 (tr.smith_waterman_k(m, 0.15, 0.1,
  k)): model AUC on fit 0.922 / 0.921 / 0.918 / 0.917 and LOGO 0.670 (5 negatives over) /
  0.679 (5) / 0.689 (3) / 0.708 (3) for k = 2 / 3 / 4 / 6; held-out closure 0.922 / 0.956 /
  0.956 / 0.956 with 0 / 0 / 0 / 1 independent pairs typed rewrite. Not taken: only the
  held-out half separates k = 3-4 from k = 6, which fit's LOGO prefers.
- After four more independent reports (g04 holdout; g05, g09, g13 fit), on the fit half
  alone: LOGO 0.651 / 0.660 / 0.642 / 0.651 (one negative over each) and fit closure 0.811
  / 0.849 / 0.849 / 0.849 for k = 2 / 3 / 4 / 6: k = 3 shipped (pair_local_align3). Held
  out: 0.956 at precision 1.000, no independent typed rewrite. The held-out figures of the
  k values had been seen in the screen above before this choice.
"""
import math
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import typing_research as tr

def local_matrix(C, a, b):
    sa, sb = C.docs[a]["sentences"], C.docs[b]["sentences"]
    N = len(sa) + len(sb)
    df = {}
    for s in sa + sb:
        for t, c in s:
            df[t] = df.get(t, 0) + 1
    def vecs(S):
        out = []
        for s in S:
            v = {t: (1 + math.log(c)) * math.log(1 + N / df[t]) for t, c in s}
            n = math.sqrt(sum(w * w for w in v.values()))
            out.append({t: w / n for t, w in v.items()} if n > 0 else {})
        return out
    A, B = vecs(sa), vecs(sb)
    return [[sum(w * y.get(t, 0.0) for t, w in x.items()) if x and y else 0.0 for y in B] for x in A]

def lcs_count(m, th):
    # longest order-preserving one-to-one alignment with sim >= th
    R, Cc = len(m), len(m[0]) if m else 0
    prev = [0] * (Cc + 1)
    for i in range(R):
        cur = [0] * (Cc + 1)
        for j in range(Cc):
            cur[j + 1] = max(prev[j + 1], cur[j], prev[j] + (1 if m[i][j] >= th else 0))
        prev = cur
    return prev[Cc] if R else 0

def pl_features(C, a, b, th_align, sw_t, sw_gap):
    m = local_matrix(C, a, b)
    ra = [max(r) if r else 0.0 for r in m]
    mt = [list(r) for r in zip(*m)] if m else []
    rb = [max(r) if r else 0.0 for r in mt]
    na, nb = max(1, len(ra)), max(1, len(rb))
    f = {}
    ma, mb = sum(x >= th_align for x in ra) / na, sum(x >= th_align for x in rb) / nb
    f["pl_matched_min"], f["pl_matched_max"] = min(ma, mb), max(ma, mb)
    k = lcs_count(m, th_align)
    f["pl_aligned_min"], f["pl_aligned_max"] = min(k / na, k / nb), max(k / na, k / nb)
    f["pl_local_align2"] = tr.smith_waterman_k(m, sw_t, sw_gap, 2) / max(1, min(len(ra), len(rb))) if m and m[0] else 0.0
    f["pl_mean_best"] = min(sum(ra) / na, sum(rb) / nb)
    f["pl_story_order"] = pl_story_order(C, a, b)
    f["pl_story_order10"] = pl_story_order(C, a, b, 0.1)
    return f

def pl_story_order(C, a, b, share=0.2):
    sa, sb = C.docs[a]["sorder"], C.docs[b]["sorder"]
    N = len(sa) + len(sb)
    df = {}
    for s in sa + sb:
        for t in set(s):
            df[t] = df.get(t, 0) + 1
    def first(S):
        out = {}; r = 0
        for s in S:
            for t in s:
                if t not in out:
                    out[t] = r; r += 1
        return out
    fa, fb = first(sa), first(sb)
    shared = [t for t in fa if t in fb and df[t] <= max(2, share * N)]
    if len(shared) < 3: return 0.0
    shared.sort(key=lambda t: fa[t])
    return tr.longest_increasing_run([fb[t] for t in shared]) / len(shared)

def fit_cpp(path, feats):
    """The model over the C++ pair_* features of a dump, threshold folded at logit(0.8)."""
    C = tr.Corpus(path)
    rows, split, label = tr.build_rows(C)
    tr.models(rows, label, split, [(",".join(feats), feats)], 0.01)
    train = [r for r in rows if r["split"] == "fit" and r["label"] in ("rewrite", "same_story")]
    w = tr.fit_scaled(train, feats, 0.01)
    th = tr.choose_threshold(rows, {id(r): tr.score(w, feats, r) for r in rows})
    folded = [round(w[0] + math.log(4) - th - 1e-3, 3)] + [round(x, 3) for x in w[1:]]
    print("threshold logit %.6f; weights with the threshold folded at 0.8: %s" % (th, ", ".join("%.3f" % x for x in folded)))


if __name__ == "__main__":
    if sys.argv[2] == "fit":
        fit_cpp(sys.argv[1], sys.argv[3].split(","))
        sys.exit(0)
    C = tr.Corpus(sys.argv[1])
    rows, split, label = tr.build_rows(C)
    th, t, g = float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    for r in rows:
        r["f"].update(pl_features(C, r["a"], r["b"], th, t, g))
    mode = sys.argv[5]
    if mode == "screen":
        tr.screen(rows)
    else:
        sets = []
        for extra in sys.argv[6:]:
            sets.append((extra, extra.split(",")))
        tr.models(rows, label, split, sets, 0.01)
