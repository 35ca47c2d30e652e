"""Rewrite vs same_story typing on fixture pairs: per-feature separation and a tiny
logistic regression fit on the 'fit' split, evaluated on 'holdout'."""
import math, pickle, sys
import features as F
import fixtures as X
import fixtures2 as X2

T_STORY = 0.25
docs, pairs = X.load_fixtures()
stem = F.Stemmer()
profs = {d["id"]: F.profile(d["text"], stem) for d in docs}
split = {d["id"]: d["split"] for d in docs}
idf, df = F.idf_table(list(profs.values()))
vec = {i: F.tfidf(p["tf"], idf) for i, p in profs.items()}
sv = {i: X.sent_vecs(p, idf) for i, p in profs.items()}
nb = F.story_neighbours(vec, T_STORY)
rows = []
for p in pairs:
    a, b = p["a"], p["b"]
    if p["label"] == "unrelated":
        continue
    f = X.pair_features(profs[a], profs[b], vec[a], vec[b], idf, sv[a], sv[b])
    hood = {a, b} | nb[a] | nb[b]
    nqa, nqb = F.tfidf(profs[a]["nq_tf"], idf), F.tfidf(profs[b]["nq_tf"], idf)
    f["cos_nq"] = F.cos(nqa, nqb)
    for tau in (0.3, 0.4, 0.5):
        oa = X.ordered_cov(sv[a], sv[b], tau); ob = X.ordered_cov(sv[b], sv[a], tau)
        f["ocov%d" % int(tau * 10)] = min(oa, ob)
        f["ocovx%d" % int(tau * 10)] = max(oa, ob)
        na, nb_ = X.sent_vecs(profs[a], idf, "nq_sents"), X.sent_vecs(profs[b], idf, "nq_sents")
        f["nqocov%d" % int(tau * 10)] = min(X.ordered_cov(na, nb_, tau), X.ordered_cov(nb_, na, tau))
    def cmax(x, y):
        x, y = set(x), set(y)
        if not x or not y:
            return 0.0
        i = len(x & y)
        return max(i / len(x), i / len(y))
    def wcmax(x, y):
        x, y = set(x), set(y)
        if not x or not y:
            return 0.0
        i = sum(idf[t] for t in x & y)
        return max(i / sum(idf[t] for t in x), i / sum(idf[t] for t in y))
    pa_, pb_ = profs[a], profs[b]
    f["ent_cmax"] = cmax(pa_["ents"], pb_["ents"])
    f["num_cmax"] = cmax(pa_["nums"], pb_["nums"])
    f["atom_cmax"] = cmax(set("e" + k for k in pa_["ents"]) | set("n" + k for k in pa_["nums"]),
                          set("e" + k for k in pb_["ents"]) | set("n" + k for k in pb_["nums"]))
    f["term_wcmax"] = wcmax(pa_["tf"], pb_["tf"])
    f["ecos"] = X2.event_cos(profs[a], profs[b], idf, [profs[i] for i in hood])
    # story-relative cosine: cos over the geometric mean of each doc's mean cos in the story
    def mean_cos(x):
        o = [F.cos(vec[x], vec[y]) for y in hood if y != x]
        return sum(o) / len(o) if o else 1.0
    f["rcos"] = f["cos"] / math.sqrt(mean_cos(a) * mean_cos(b))
    # rank: is b among a's top-2 and a among b's top-2 in the story?
    def rank(x, y):
        o = sorted((F.cos(vec[x], vec[z]) for z in hood if z != x), reverse=True)
        return o.index(F.cos(vec[x], vec[y]))
    f["maxrank"] = max(rank(a, b), rank(b, a))
    rows.append((p["label"] == "rewrite", split[a], a, b, f))
keys = list(rows[0][4].keys())
for k in keys:
    for sp in ["fit", "holdout"]:
        pos = sorted(r[4][k] for r in rows if r[0] and r[1] == sp)
        neg = sorted(r[4][k] for r in rows if not r[0] and r[1] == sp)
        print("%-9s %-7s rewrite %.2f/%.2f/%.2f  same_story %.2f/%.2f/%.2f" % (
            k, sp, pos[0], pos[len(pos) // 2], pos[-1], neg[0], neg[len(neg) // 2], neg[-1]))
pickle.dump(rows, open("/tmp/doppel_typing_rows.pkl", "wb"))
