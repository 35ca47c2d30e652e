"""Pair features on the labelled rewrite fixtures (fit split only for fitting)."""
import glob, json, math, os, re, sys
from collections import Counter, defaultdict
import features as F
from typing_research import longest_increasing_run

FIX_GLOBS = [os.path.join(F.ROOT, "tests/fixtures/rewrites/*/"),
             "/work/wt/fixtures-a/tests/fixtures/rewrites/*/",
             "/work/wt/fixtures-b/tests/fixtures/rewrites/*/"]


def load_fixtures():
    docs, pairs, seen = [], [], set()
    for g in FIX_GLOBS:
        for d in sorted(glob.glob(g)):
            part = os.path.basename(d.rstrip("/"))
            if part in seen:
                continue
            seen.add(part)
            docs += F.load_jsonl(os.path.join(d, "docs.jsonl"))
            pairs += F.load_jsonl(os.path.join(d, "pairs.jsonl"))
    return docs, pairs


def sent_vecs(prof, idf, key="sents"):
    out = []
    for ss in prof[key]:
        tf = Counter(t for t in ss if t in idf)
        if len(tf) >= 3:
            out.append(F.tfidf(tf, idf))
    return out


def ordered_cov(sa, sb, tau):
    """Longest chain of in-order sentence matches (cos >= tau), over len(sa): a
    monotone alignment, as a rewrite that keeps the story order has."""
    if not sa or not sb:
        return 0.0
    m = []
    for i, u in enumerate(sa):
        m.append([j for j, v in enumerate(sb) if F.cos(u, v) >= tau])
    # LIS over (i, j) pairs with strictly increasing i and j: process i in order,
    # j descending within i so one i contributes at most one element.
    return longest_increasing_run(j for js in m for j in sorted(js, reverse=True)) / len(sa)


def align(sa, sb, tau):
    """Fraction of sentences of a whose best match in b has cosine >= tau, and the
    fraction of those matches that are in order (longest increasing subsequence)."""
    if not sa or not sb:
        return 0.0, 0.0
    best = []
    for i, u in enumerate(sa):
        j, s = max(((j, F.cos(u, v)) for j, v in enumerate(sb)), key=lambda x: (x[1], -x[0]))
        if s >= tau:
            best.append(j)
    cov = len(best) / len(sa)
    order = longest_increasing_run(best) / len(best) if best else 0.0
    return cov, order


def jacc(a, b):
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a | b else 0.0


def contain(a, b):
    a, b = set(a), set(b)
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def pair_features(pa, pb, va, vb, idf, sa, sb, event_w=None):
    f = {}
    f["cos"] = F.cos(va, vb)
    f["bi_c"] = contain(pa["bi"], pb["bi"])
    f["bi_j"] = jacc(pa["bi"], pb["bi"])
    f["ent_j"] = jacc(pa["ents"], pb["ents"])
    f["num_j"] = jacc(pa["nums"], pb["nums"])
    ca, oa = align(sa, sb, 0.3)
    cb, ob = align(sb, sa, 0.3)
    f["cov_min"], f["cov_max"] = min(ca, cb), max(ca, cb)
    f["order"] = min(oa, ob)
    la, lb = pa["ntok"], pb["ntok"]
    f["len_ratio"] = min(la, lb) / max(la, lb)
    return f


if __name__ == "__main__":
    docs, pairs = load_fixtures()
    print(len(docs), "docs", len(pairs), "pairs")
    stem = F.Stemmer()
    profs = {d["id"]: F.profile(d["text"], stem) for d in docs}
    split = {d["id"]: d["split"] for d in docs}
    bg = sys.argv[1] if len(sys.argv) > 1 else "alone"
    plist = list(profs.values())
    if bg == "bg":
        c = F.load_corpus(True)
        plist = plist + c["profs"]
    idf, df = F.idf_table(plist)
    vec = {i: F.tfidf(p["tf"], idf) for i, p in profs.items()}
    sv = {i: sent_vecs(p, idf) for i, p in profs.items()}
    rows = []
    for p in pairs:
        a, b = p["a"], p["b"]
        f = pair_features(profs[a], profs[b], vec[a], vec[b], idf, sv[a], sv[b])
        rows.append((p["label"], split[a], a, b, f))
    # cross-group unrelated pairs (sample all: small)
    ids = sorted(profs)
    for x in range(len(ids)):
        for y in range(x + 1, len(ids)):
            a, b = ids[x], ids[y]
            if a[:3] != b[:3]:
                f = pair_features(profs[a], profs[b], vec[a], vec[b], idf, sv[a], sv[b])
                rows.append(("cross", split[a] if split[a] == split[b] else "mixed", a, b, f))
    keys = list(rows[0][4].keys())
    for split_name in ["fit", "holdout"]:
        print("==", split_name, "(IDF %s)" % bg)
        for lab in ["rewrite", "same_story", "unrelated", "cross"]:
            rs = [r for r in rows if r[0] == lab and r[1] == split_name]
            if not rs:
                continue
            print("%-10s n=%4d " % (lab, len(rs)) + " ".join(
                "%s %.2f/%.2f/%.2f" % (k, min(r[4][k] for r in rs), sorted(r[4][k] for r in rs)[len(rs) // 2],
                                       max(r[4][k] for r in rs)) for k in keys))
    import pickle
    pickle.dump(rows, open("/tmp/doppel_fix_rows_%s.pkl" % bg, "wb"))
