"""Synonym research (issue #3): does mapping content words to WordNet synonym classes raise
sentence similarity for true rewrites (heavy paraphrase + reorder/condense) more than for
independent reports of the same event?

Input: tools/proto/typing_dump.cc --words output (its usual lines plus a term -> surface
words table). Sentence vectors are the library's (unit TF-IDF over Snowball stems, as
typing_research.Corpus builds them); a variant adds a soft term similarity S(t, u) = sigma
when the two stems' words share a WordNet synset (variants below), and the sentence
similarity becomes the soft cosine x'Sy / sqrt(x'Sx y'Sy) (or max of it and the stem
cosine). matched/aligned/local_align2/story_order are recomputed on it (syn_*), screened
by AUC, and the typing_research models are refit on the fit half only.

  B=build-syn   # cmake -S . -B $B -G Ninja -DCMAKE_BUILD_TYPE=Release && ninja -C $B doppel_core
  (compile tools/proto/typing_dump.cc as its header says)
  F=tests/fixtures/rewrites; D=../shared/data
  $B/typing_dump --words $F/part-*/docs.jsonl > /tmp/syn_dump.jsonl
  $B/typing_dump --words $F/part-*/docs.jsonl $D/meter/docs.jsonl $D/reuters21578/docs.jsonl > /tmp/syn_dump_big.jsonl
  python3 tools/proto/synonym_research.py /tmp/syn_dump.jsonl screen  [variant=first1 sigma=1 combine=max]
  python3 tools/proto/synonym_research.py /tmp/syn_dump.jsonl models  [variant=...] set1 set2 ...
  python3 tools/proto/synonym_research.py /tmp/syn_dump.jsonl cross /tmp/syn_dump_big.jsonl [variant=...] set1 ...
  python3 tools/proto/synonym_research.py /tmp/syn_dump.jsonl pairs  [variant=...]   # per-pair gains

Variants (keys of a stem: the union over its surface words w and the (lemma, pos) WordNet's
morphology gives for w):
  firstK     the first K senses (by frequency) of each (lemma, pos)
  firstK+h   and the hypernyms of the first sense; +s similar-to / also-see / verb-group
             pointers of the kept senses; +d their derivationally related synsets
  domK       only the dominant POS of the word (the (lemma, pos) with the most senses
             tagged in the index), first K senses
  lemma      no synonyms: the WordNet lemmas themselves (irregular inflections only)
  class      one key per stem: the first sense of the dominant POS (canonicalisation;
             S is then an equivalence and the soft cosine is the class-vector cosine)
Two stems are synonyms when their key sets intersect.

  python3 tools/proto/synonym_research.py /tmp/syn_dump.jsonl gains "variant=first1" ...

Findings (WordNet 3.0 from Debian wordnet-base; 284 in-story pairs; py_* = the same
features recomputed here from stem cosines, identical to the library's matched/aligned):
- The answer is no. Sentence best-match gain from synonyms is small and barely larger for
  rewrites than for independent reports (mean gain rewrite / same_story, fit; holdout):
  first1 0.017 / 0.012 (AUC of the gain 0.64; holdout 0.60), first2 0.026 / 0.016 (0.70;
  0.59), class 0.009 / 0.007 (0.51; 0.56), first2+s+d 0.055 / 0.051 (0.55; 0.52),
  first2+h+s+d 0.087 / 0.100 (0.40; 0.38: wider expansion helps independents more).
  Sentences newly reaching kAlignCosine 0.4 on holdout: independents gain more than
  rewrites in every variant (first1 0.026 vs 0.017, first2 0.037 vs 0.028).
- Why: the missed rewrites change phrasing and sentence boundaries, not words one for one
  (weary ~ bored, oddest ~ weirdest, study ~ trial, investors ~ shareholders are not
  first-sense synonyms); most links found are irregular inflections (gave ~ given, went ~
  go, took ~ take) or spurious (given ~ minded, trial ~ run). local_align2 of the misses
  moves by 0.001-0.03 (g22-rw3 0.114 -> 0.115, g22-rw4 0.111 -> 0.113, g02-rw2 0.119 ->
  0.126), independents by 0-0.02.
- AUC of local_align2 (fit / holdout): stems 0.896 / 0.971; first1 0.904 / 0.977; first2
  0.905 / 0.973; dom1 0.899 / 0.978; class 0.896 / 0.977; lemma 0.902 / 0.972; first1+s
  0.900 / 0.978; first2+s+d 0.910 / 0.959; first2+h+s+d 0.927 / 0.947. Noise-sized, and the
  more links, the higher fit and the lower holdout. Same under METER+Reuters IDF
  (0.901 / 0.956 -> first1 0.903 / 0.957).
- Models (fit half only, Newton, L2 0.01, threshold above the highest fit negative):
  base+local_align2 holdout closure 0.844 / 1.000 / 0 (fit 0.840). With syn_local_align2
  (first1, first2, first1+s, lemma) holdout 0.889 / 1.000 / 0 — the one document g10-rw4
  crosses the threshold — but fit closure falls to 0.802 (lemma keeps 0.840) and LOGO is
  not better (0.67-0.70 vs 0.679). The morphology-only variant gets the same holdout gain,
  so it is not synonymy. g02-rw2, g22-rw3, g22-rw4 stay missed in every variant.
- Cross (weights from the fixtures-only fit applied under METER+Reuters IDF): baseline
  fit 11 / holdout 3 independent closure pairs typed rewrite; synonym variants 11 / 3-4,
  first1+s 16 / 4. No help with calibration.
Not recommended for the library.
"""
import json
import math
import os
import sys
import tempfile
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import typing_research as tr  # noqa: E402
from wordnet import WordNet  # noqa: E402

SW_T, SW_GAP, ALIGN = tr.SW_T, tr.SW_GAP, tr.ALIGN


def load(path):
    words = None
    fd, tmp = tempfile.mkstemp(suffix=".jsonl")
    with os.fdopen(fd, "w") as out:
        for l in open(path):
            if l.startswith('{"words"'):
                words = {int(k): v for k, v in json.loads(l)["words"].items()}
            else:
                out.write(l)
    C = tr.Corpus(tmp)
    os.unlink(tmp)
    C.words = words
    return C


_WN = None


def wn():
    global _WN
    if _WN is None:
        _WN = WordNet()
    return _WN


def word_keys(w, variant):
    W = wn()
    lp = W.lemmas(w)
    if not lp:
        return set()
    if variant == "lemma":
        # morphology only: irregular forms (gave ~ give, went ~ go) that Snowball keeps apart
        return {l + "." + p for l, p in lp}
    if variant.startswith("dom") or variant == "class":
        # dominant POS: the (lemma, pos) with the most senses (sense counts stand in for
        # frequency; index.* orders senses within a POS, not across POSes)
        best = max(lp, key=lambda x: (len(W.senses(*x)), x[1] == "n"))
        lp = [best]
        k = 1 if variant == "class" else int(variant[3:])
        return set(W.senses(*lp[0])[:k])
    flags = variant.split("+")[1:]
    k = int(variant[5:].split("+")[0])
    # +h hypernyms of the first sense (nouns, verbs); +s adjective similar-to, also-see and
    # verb-group pointers of the kept senses; +d derivationally related forms of the kept
    # senses (any word of the pointed synset; imprison ~ imprisonment).
    syms = (("&", "^", "$") if "s" in flags else ()) + (("+",) if "d" in flags else ())
    keys = set()
    for lemma, p in lp:
        s = W.senses(lemma, p)
        keys.update(s[:k])
        if "h" in flags and s and p in "nv":
            keys.update(W.hypernyms(s[0]))
        if syms:
            for sid in s[:k]:
                keys.update(W.pointers(sid, syms))
    return keys


def term_keys(C, variant):
    keys = {}
    for t, ws in C.words.items():
        ks = set()
        for w in ws:
            ks |= word_keys(w, variant)
        keys[t] = ks
    return keys


class SoftSim:
    """Sentence similarity matrices under a soft term similarity."""

    def __init__(self, C, variant, sigma=1.0, combine="max"):
        self.C, self.sigma, self.combine = C, sigma, combine
        self.keys = term_keys(C, variant) if variant != "none" else {}
        self.variant = variant
        self.S = {}
        if variant == "class":
            # canonical class: the single key; terms without one are their own class
            self.cls = {t: (min(k) if k else ("t", t)) for t, k in self.keys.items()}
        self._m = {}
        self._self = {}

    def s(self, t, u):
        if t == u:
            return 1.0
        key = (t, u) if t < u else (u, t)
        v = self.S.get(key)
        if v is None:
            kt, ku = self.keys.get(t), self.keys.get(u)
            if self.variant == "class":
                v = self.sigma if kt and ku and self.cls[t] == self.cls[u] else 0.0
            else:
                v = self.sigma if kt and ku and (kt & ku) else 0.0
            self.S[key] = v
        return v

    def raw(self, x, y):
        return sum(a * b * self.s(t, u) for t, a in x.items() for u, b in y.items())

    def selfnorm(self, d, i):
        key = (d, i)
        if key not in self._self:
            x = self.C.docs[d]["sv"][i]
            self._self[key] = math.sqrt(self.raw(x, x)) if x else 0.0
        return self._self[key]

    def matrix(self, a, b):
        key = (a, b)
        if key in self._m:
            return self._m[key]
        A, B = self.C.docs[a]["sv"], self.C.docs[b]["sv"]
        base = self.C.sim(a, b)
        m = []
        for i, x in enumerate(A):
            row = []
            for j, y in enumerate(B):
                if not x or not y:
                    row.append(0.0)
                    continue
                if self.variant == "none":
                    row.append(base[i][j])
                    continue
                soft = self.raw(x, y) / (self.selfnorm(a, i) * self.selfnorm(b, j))
                row.append(max(base[i][j], soft) if self.combine == "max" else soft)
            m.append(row)
        self._m[key] = m
        self._m[(b, a)] = [list(r) for r in zip(*m)] if m else []
        return m

    def story_order(self, a, b):
        """StoryOrder over classes: b's sentence-order rank of the first occurrence of each
        class shared with a, in a's reading order; longest increasing run / shared."""
        def first(d):
            seen, order = set(), []
            for s in self.C.docs[d]["sorder"]:
                for t in s:
                    c = self.cls_of(t)
                    if c not in seen:
                        seen.add(c)
                        order.append(c)
            return order
        fa, fb = first(a), first(b)
        rank = {c: i for i, c in enumerate(fb)}
        seq = [rank[c] for c in fa if c in rank]
        if len(seq) < 3:
            return 0.0
        return tr.longest_increasing_run(seq) / len(seq)

    def cls_of(self, t):
        if self.variant == "class":
            return self.cls.get(t, ("t", t))
        return t


def lcs_align(m):
    if not m or not m[0]:
        return 0
    cols = len(m[0])
    prev = [0] * (cols + 1)
    for row in m:
        cur = [0] * (cols + 1)
        for j in range(cols):
            best = max(prev[j + 1], cur[j])
            if prev[j] + 1 > best and row[j] >= ALIGN:
                best = prev[j] + 1
            cur[j + 1] = best
        prev = cur
    return prev[cols]


def syn_features(SS, a, b, prefix):
    m = SS.matrix(a, b)
    mt = SS.matrix(b, a)
    ra, rb = tr.row_best(m), tr.row_best(mt)
    na, nb = max(1, len(ra)), max(1, len(rb))
    f = {}
    ma, mb = sum(x >= ALIGN for x in ra) / na, sum(x >= ALIGN for x in rb) / nb
    f[prefix + "matched_min"], f[prefix + "matched_max"] = min(ma, mb), max(ma, mb)
    al = lcs_align(m)
    f[prefix + "aligned_min"], f[prefix + "aligned_max"] = min(al / na, al / nb), max(al / na, al / nb)
    f[prefix + "local_align2"] = tr.smith_waterman_k(m, SW_T, SW_GAP, 2) / max(1, min(len(ra), len(rb)))
    f[prefix + "local_align"] = tr.smith_waterman(m, SW_T, SW_GAP) / max(1, min(len(ra), len(rb)))
    f[prefix + "mean_best"] = (sum(ra) / na + sum(rb) / nb) / 2
    if SS.variant == "class":
        f[prefix + "story_order"] = SS.story_order(a, b)
    return f


def parse_opts(args):
    opts = {"variant": "first1", "sigma": 1.0, "combine": "max"}
    rest = []
    for x in args:
        if "=" in x and x.split("=")[0] in opts:
            k, v = x.split("=", 1)
            opts[k] = float(v) if k == "sigma" else v
        else:
            rest.append(x)
    return opts, rest


def rows_for(C, opts):
    rows, split, label = tr.build_rows(C)
    SS = SoftSim(C, opts["variant"], opts["sigma"], opts["combine"])
    S0 = SoftSim(C, "none")
    for r in rows:
        r["f"].update(syn_features(SS, r["a"], r["b"], "syn_"))
        r["f"].update(syn_features(S0, r["a"], r["b"], "py_"))
    return rows, split, label, SS


def expand(sets):
    out = []
    for s in sets:
        if s == "base":
            out.append(("base", tr.BASE))
        elif s.startswith("="):
            out.append((s[1:], s[1:].split(",")))
        else:
            out.append(("base+" + s, tr.BASE + s.split(",")))
    return out


SYN_BASE = "=cosine,syn_matched_min,syn_matched_max,syn_aligned_min,syn_aligned_max,story_order,syn_local_align2"


def main():
    mode = sys.argv[2]
    if mode == "gains":  # variants as quoted option strings: "variant=first1 sigma=1"
        return gains(sys.argv[1], sys.argv[3:])
    C = load(sys.argv[1])
    opts, rest = parse_opts(sys.argv[3:])
    print("options:", opts)
    if mode == "screen":
        rows, split, label, SS = rows_for(C, opts)
        names = [k for k in rows[0]["f"] if k.startswith(("syn_", "py_"))] + [
            "matched_min", "matched_max", "aligned_min", "aligned_max", "story_order", "local_align2", "cosine"]
        print("%-22s %8s %8s   %8s %8s" % ("feature", "fit", "holdout", "src fit", "src hold"))
        for k in names:
            cells = []
            for srconly in (False, True):
                for sp in ("fit", "holdout"):
                    rs = [r for r in rows if r["split"] == sp and r["label"] in ("rewrite", "same_story")
                          and (r["src"] or not srconly)]
                    cells.append(tr.auc([r["f"][k] for r in rs if r["label"] == "rewrite"],
                                        [r["f"][k] for r in rs if r["label"] == "same_story"]))
            print("%-22s %8.3f %8.3f   %8.3f %8.3f" % (k, *cells))
        links = sum(1 for v in SS.S.values() if v > 0)
        print("synonym links used (distinct stem pairs):", links)
    elif mode == "pairs":
        rows, split, label, SS = rows_for(C, opts)
        for r in sorted(rows, key=lambda r: (r["label"], r["split"], r["a"])):
            if r["label"] in ("rewrite", "same_story") and r["src"]:
                f = r["f"]
                print("%-8s %-10s %-8s %-8s la2 %.3f -> %.3f  matched_max %.2f -> %.2f  aligned_max %.2f -> %.2f" % (
                    r["split"], r["label"], r["a"], r["b"], f["py_local_align2"], f["syn_local_align2"],
                    f["py_matched_max"], f["syn_matched_max"], f["py_aligned_max"], f["syn_aligned_max"]))
    elif mode == "models":
        rows, split, label, _ = rows_for(C, opts)
        print("L2 0.01 (features scaled by their fit-half standard deviation)")
        tr.models(rows, label, split, expand(rest), 0.01)
    elif mode == "cross":
        other = load(rest[0])
        rows, split, label, _ = rows_for(C, opts)
        rows_b, _, _, _ = rows_for(other, opts)
        for name, feats in expand(rest[1:]):
            trn = [r for r in rows if r["split"] == "fit" and r["label"] in ("rewrite", "same_story")]
            w = tr.fit_scaled(trn, feats, 0.01)
            sa = {id(r): tr.score(w, feats, r) for r in rows}
            th = tr.choose_threshold(rows, sa)
            sb = {id(r): tr.score(w, feats, r) for r in rows_b}
            out = []
            for rs, sc in ((rows, sa), (rows_b, sb)):
                for sp in ("fit", "holdout"):
                    e = tr.evaluate(rs, label, split, sp, sc, th)
                    out.append("%s closure %.3f/%.3f ind %d (pairs %d)" % (sp, e["cr"], e["cp"], e["cind"], e["pind"]))
            print("%s th %.3f | this dump: %s | other dump: %s" % (name, th, ", ".join(out[:2]), ", ".join(out[2:])))
            print("    weights: " + ", ".join("%s %.3f" % (k, v) for k, v in zip(["bias"] + feats, w)))


def gains(path, variants):
    """How much the synonym similarity raises each sentence's best match, rewrites
    (source ~ rewrite) against independent reports, and the AUC of that gain."""
    C = load(path)
    rows, split, label = tr.build_rows(C)
    S0 = SoftSim(C, "none")
    for v in variants:
        opts, _ = parse_opts(v.split())
        SS = SoftSim(C, opts["variant"], opts["sigma"], opts["combine"])
        print("==", v)
        for sp in ("fit", "holdout"):
            g = {"rewrite": [], "same_story": []}
            share = {"rewrite": [], "same_story": []}
            for r in rows:
                if r["split"] != sp or r["label"] not in g or not r["src"]:
                    continue
                for x, y in ((r["a"], r["b"]), (r["b"], r["a"])):
                    b0, b1 = tr.row_best(S0.matrix(x, y)), tr.row_best(SS.matrix(x, y))
                    n = max(1, len(b0))
                    g[r["label"]].append(sum(q - p for p, q in zip(b0, b1)) / n)
                    share[r["label"]].append(sum(1 for p, q in zip(b0, b1) if p < ALIGN <= q) / n)
            mean = lambda v: sum(v) / max(1, len(v))
            print("  %-7s mean best-match gain: rewrite %.4f, same_story %.4f (AUC of gain %.3f); "
                  "sentences newly >= 0.4: rewrite %.3f, same_story %.3f" % (
                      sp, mean(g["rewrite"]), mean(g["same_story"]), tr.auc(g["rewrite"], g["same_story"]),
                      mean(share["rewrite"]), mean(share["same_story"])))


if __name__ == "__main__":
    main()
