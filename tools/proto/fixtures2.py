"""Event-level IDF on the fixtures: neighbourhood = documents of the pair's story
(cos >= T_STORY to a or b, found among all fixture docs)."""
import math, sys, pickle
from collections import Counter, defaultdict
import features as F
import fixtures as X


def event_cos(pa, pb, idf, hood_profs):
    n = len(hood_profs)
    edf = Counter()
    for p in hood_profs:
        edf.update(p["tf"].keys())
    def vec(p):
        v = {t: (1 + math.log(c)) * idf[t] * math.log((n + 1) / edf[t]) for t, c in p["tf"].items() if t in edf}
        nm = math.sqrt(sum(x * x for x in v.values())) or 1
        return {t: x / nm for t, x in v.items()}
    return F.cos(vec(pa), vec(pb))


if __name__ == "__main__":
    T_STORY = float(sys.argv[1]) if len(sys.argv) > 1 else 0.25
    bg = sys.argv[2] if len(sys.argv) > 2 else "alone"
    docs, pairs = X.load_fixtures()
    stem = F.Stemmer()
    profs = {d["id"]: F.profile(d["text"], stem) for d in docs}
    split = {d["id"]: d["split"] for d in docs}
    plist = list(profs.values())
    if bg == "bg":
        plist += F.load_corpus(True)["profs"]
    idf, df = F.idf_table(plist)
    vec = {i: F.tfidf(p["tf"], idf) for i, p in profs.items()}
    nb = F.story_neighbours(vec, T_STORY)
    rows = []
    for p in pairs:
        a, b = p["a"], p["b"]
        if p["label"] == "unrelated":
            continue
        hood = {a, b} | nb[a] | nb[b]
        ec = event_cos(profs[a], profs[b], idf, [profs[i] for i in hood])
        kind = "ind" if p["label"] == "same_story" else ("src-rw" if "src" in a + b else "rw-rw")
        rows.append((kind, split[a], a, b, F.cos(vec[a], vec[b]), ec, len(hood)))
    for k in ["src-rw", "rw-rw", "ind"]:
        for sp in ["fit", "holdout"]:
            xs = sorted(r[5] for r in rows if r[0] == k and r[1] == sp)
            print(k, sp, len(xs), "event_cos min %.2f med %.2f max %.2f" % (xs[0], xs[len(xs) // 2], xs[-1]))
    g = defaultdict(lambda: defaultdict(list))
    for r in rows:
        g[r[2][:3]][r[0]].append(r[5])
    for grp, d in sorted(g.items()):
        print(grp, " ".join("%s %.2f-%.2f" % (k, min(v), max(v)) for k, v in sorted(d.items())))
