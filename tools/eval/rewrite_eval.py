#!/usr/bin/env python3
"""Evaluate rewrite and same-story detection (doppel scan --mode rewrite).

(a) METER scanned together with all Reuters-21578 documents as distractors. A labelled
    METER pair (../shared/data/meter/pairs.jsonl) is predicted "same story" when both
    documents end up in one story cluster (a METER story holds several wire pieces, so
    pairwise edges alone are not the measure). Positives: pa_newspaper_same_story,
    newspaper_same_story, pa_same_story; negatives: different_story. Prints precision,
    recall, F1, the adjusted Rand index of the story partition of METER documents, and
    every Reuters document that lands in a story with a METER document (a false
    attachment).
(b') As (b), with the fixtures scanned among METER and all Reuters documents: a pair's
    type must not depend on the corpus around it.
(b) The labelled rewrite fixtures (tests/fixtures/rewrites/*, tests/fixtures/case): each
    labelled pair is predicted `rewrite` when both documents are in one derivation
    cluster, `same_story` when they are in one story but not one derivation cluster, and
    `unrelated` otherwise. Precision, recall and F1 per relation, per split (fit/holdout).

Thresholds are doppel's defaults unless --args passes others; the script prints them.
Usage: tools/eval/rewrite_eval.py [--doppel build/doppel] [--data ../shared/data] [--args "..."]
       [--min-meter-f1 X] [--max-attached N] [--min-rewrite-recall X] [--min-rewrite-precision X]
Exit: 1 when a --min/--max check fails; 77 when ../shared/data is absent (after part b).
"""
import argparse
import glob
import itertools
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def scan(doppel, inputs, tmp, extra):
    clusters = os.path.join(tmp, "clusters.jsonl")
    pairs = os.path.join(tmp, "pairs.jsonl")
    cmd = [doppel, "scan", *inputs, "--mode", "rewrite", "--clusters", clusters, "--pairs", pairs,
           "--quiet", *extra]
    t0 = time.time()
    subprocess.run(cmd, check=True)
    secs = time.time() - t0
    cl = [json.loads(l) for l in open(clusters)]
    story, deriv = {}, {}
    for c in cl:
        for m in c["members"]:
            story[m] = c["story"]
            deriv[m] = c["cluster"]
    return story, deriv, cl, secs, " ".join(cmd)


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def ari(labels_true, labels_pred):
    n = len(labels_true)
    c2 = lambda x: x * (x - 1) / 2
    cont = Counter(zip(labels_true, labels_pred))
    a = Counter(labels_true)
    b = Counter(labels_pred)
    s = sum(c2(v) for v in cont.values())
    sa = sum(c2(v) for v in a.values())
    sb = sum(c2(v) for v in b.values())
    exp = sa * sb / c2(n) if n > 1 else 0
    mx = (sa + sb) / 2
    return (s - exp) / (mx - exp) if mx != exp else 1.0


def fixtures(a, tmp, extra, among=()):
    paths = sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/rewrites/*/docs.jsonl")))
    paths.append(os.path.join(ROOT, "tests/fixtures/case/docs.jsonl"))
    label_paths = list(paths)
    meta = {}
    for p in paths:
        for line in open(p, encoding="utf-8"):
            d = json.loads(line)
            meta[d["id"]] = d
    labels = []
    for p in label_paths:
        for line in open(os.path.join(os.path.dirname(p), "pairs.jsonl")):
            labels.append(json.loads(line))
    story, deriv, _, secs, cmd = scan(a.doppel, paths + list(among), tmp, extra)
    if among:
        print("(b') the same fixtures scanned among METER + all Reuters (the corpus around a pair "
              "must not change how it is typed); %.1f s" % secs)
    else:
        print("(b) fixtures: %d documents, %d labelled pairs; %.1f s" % (len(meta), len(labels), secs))
    print("  command: " + cmd)
    # Pair view: the relation doppel reports for the pair itself (exact, near_duplicate,
    # partial_copy and rewrite count as rewrite), before derivation clustering.
    reported = {}
    for line in open(os.path.join(tmp, "pairs.jsonl")):
        q = json.loads(line)
        reported[tuple(sorted((q["a"], q["b"])))] = q["relation"]
    for split in ("fit", "holdout"):
        tp = fp = fn = ind = 0
        for l in labels:
            if meta[l["a"]].get("split", "fit") != split:
                continue
            rel = reported.get(tuple(sorted((l["a"], l["b"]))))
            pred = rel in ("exact", "near_duplicate", "partial_copy", "rewrite")
            gold = l["label"] == "rewrite"
            tp += pred and gold
            fp += pred and not gold
            fn += gold and not pred
            ind += pred and l["label"] == "same_story"
        p, r, f = prf(tp, fp, fn)
        print("  %-8s pairs reported as rewrite: precision %.3f recall %.3f F1 %.3f; independent: %d" % (
            split, p, r, f, ind))
    worst = {}
    for split in ("fit", "holdout"):
        counts = defaultdict(lambda: [0, 0, 0])  # tp, fp, fn per relation
        confusion = Counter()
        for l in labels:
            if meta[l["a"]].get("split", "fit") != split:
                continue
            x, y = l["a"], l["b"]
            if x in deriv and y in deriv and deriv[x] == deriv[y]:
                pred = "rewrite"
            elif x in story and y in story and story[x] == story[y]:
                pred = "same_story"
            else:
                pred = "unrelated"
            gold = l["label"]
            confusion[(gold, pred)] += 1
            for rel in ("rewrite", "same_story"):
                if pred == rel and gold == rel:
                    counts[rel][0] += 1
                elif pred == rel:
                    counts[rel][1] += 1
                elif gold == rel:
                    counts[rel][2] += 1
        for rel in ("rewrite", "same_story"):
            p, r, f = prf(*counts[rel])
            print("  %-8s %-10s precision %.3f recall %.3f F1 %.3f  (tp %d fp %d fn %d)" % (split, rel, p, r, f, *counts[rel]))
            worst[(split, rel)] = (p, r)
        print("  %-8s confusion (gold -> predicted): %s" % (split, ", ".join(
            "%s->%s %d" % (g, q, c) for (g, q), c in sorted(confusion.items()))))
        ind_as_rewrite = sum(c for (g, q), c in confusion.items() if g == "same_story" and q == "rewrite")
        print("  %-8s independent reports labelled rewrite: %d" % (split, ind_as_rewrite))
    return worst


def meter(a, tmp, extra):
    mpath = os.path.join(a.data, "meter", "docs.jsonl")
    rpath = os.path.join(a.data, "reuters21578", "docs.jsonl")
    if not (os.path.exists(mpath) and os.path.exists(rpath)):
        print("SKIP (a): %s or %s not found" % (mpath, rpath))
        return None
    story, deriv, clusters, secs, cmd = scan(a.doppel, [mpath, rpath], tmp, extra)
    t0 = time.time()
    subprocess.run([a.doppel, "scan", mpath, rpath, "--mode", "near", "--quiet",
                    "--pairs", os.path.join(tmp, "near.pairs.jsonl")], check=True)
    near_secs = time.time() - t0
    print("(a) METER + Reuters: %.1f s (--mode near %.1f s: ratio %.2f, budget 3)" % (
        secs, near_secs, secs / near_secs))
    print("  command: " + cmd)
    tp = fp = fn = tn = 0
    for line in open(os.path.join(a.data, "meter", "pairs.jsonl")):
        l = json.loads(line)
        same = l["a"] in story and l["b"] in story and story[l["a"]] == story[l["b"]]
        gold = l["label"] != "different_story"
        tp += same and gold
        fp += same and not gold
        fn += (not same) and gold
        tn += (not same) and not gold
    p, r, f = prf(tp, fp, fn)
    # Attachments: Reuters documents in a story with a METER document.
    members = defaultdict(list)
    for m, s in story.items():
        members[s].append(m)
    attached = sorted(m for s, ms in members.items() if any(x.startswith("meter:") for x in ms)
                      for m in ms if m.startswith("reuters:"))
    # ARI over METER documents: gold story = group; predicted story = story id or singleton.
    gold, pred = [], []
    for line in open(mpath):
        d = json.loads(line)
        gold.append(d["group"])
        pred.append(story.get(d["id"], "single:" + d["id"]))
    print("  story-cluster pairs: precision %.4f recall %.4f F1 %.4f (tp %d fp %d fn %d tn %d)" % (p, r, f, tp, fp, fn, tn))
    print("  ARI of METER stories %.4f; Reuters documents attached to METER stories: %d %s" % (
        ari(gold, pred), len(attached), " ".join(attached[:10])))
    # Stories of Reuters documents only. Reuters-21578 is mostly distinct items (some
    # follow-ups of one event, many routine items written from one template): the pairs
    # inside these stories bound the false story links from above.
    rs = sorted((len(ms) for ms in members.values() if all(m.startswith("reuters:") for m in ms)), reverse=True)
    num_reuters = sum(1 for _ in open(rpath))
    print("  Reuters-only stories: %d holding %d of %d documents, largest %s, %d pairs inside them" % (
        len(rs), sum(rs), num_reuters, rs[:5], sum(k * (k - 1) // 2 for k in rs)))
    # Derivation clusters of Reuters documents only: each claims its members copy or
    # rewrite one another. Routine items written from one template (bond issues, earnings
    # tables, another company's price change) are not rewrites of one another.
    by_cluster = defaultdict(list)
    for m, c in deriv.items():
        by_cluster[c].append(m)
    rd = sorted((len(ms) for ms in by_cluster.values()
                 if len(ms) >= 2 and all(m.startswith("reuters:") for m in ms)), reverse=True)
    typed = Counter()
    for line in open(os.path.join(tmp, "pairs.jsonl")):
        p = json.loads(line)
        if p["a"].startswith("reuters:") and p["b"].startswith("reuters:"):
            typed[p["relation"]] += 1
    print("  Reuters-only derivation clusters: %d holding %d documents, largest %s; Reuters pairs typed "
          "rewrite %d, same_story %d" % (len(rd), sum(rd), rd[:5], typed["rewrite"], typed["same_story"]))
    return f, len(attached)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--doppel", default=os.path.join(ROOT, "build", "doppel"))
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--args", default="", help="extra doppel scan arguments (thresholds)")
    ap.add_argument("--min-meter-f1", type=float)
    ap.add_argument("--max-attached", type=int)
    ap.add_argument("--min-rewrite-recall", type=float)
    ap.add_argument("--min-rewrite-precision", type=float)
    ap.add_argument("--skip-meter", action="store_true")
    a = ap.parse_args()
    if not os.path.isdir(a.data):
        alt = os.path.join(ROOT, "..", "..", "shared", "data")  # a worktree under /work/wt/
        if os.path.isdir(alt):
            a.data = alt
    extra = a.args.split()
    print("thresholds: doppel defaults%s (see docs/rewrite.md)" % ((" + " + a.args) if a.args else ""))
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        worst = fixtures(a, tmp, extra)
        p, r = worst[("holdout", "rewrite")]
        if a.min_rewrite_recall is not None and r < a.min_rewrite_recall:
            print("FAIL: holdout rewrite recall %.3f < %.3f" % (r, a.min_rewrite_recall)); failed = True
        if a.min_rewrite_precision is not None and p < a.min_rewrite_precision:
            print("FAIL: holdout rewrite precision %.3f < %.3f" % (p, a.min_rewrite_precision)); failed = True
        if a.skip_meter:
            return 1 if failed else 0
        res = meter(a, tmp, extra)
        if res is None:
            return 1 if failed else 77
        f, attached = res
        fixtures(a, tmp, extra, among=[os.path.join(a.data, "meter", "docs.jsonl"),
                                       os.path.join(a.data, "reuters21578", "docs.jsonl")])
        if a.min_meter_f1 is not None and f < a.min_meter_f1:
            print("FAIL: METER F1 %.4f < %.4f" % (f, a.min_meter_f1)); failed = True
        if a.max_attached is not None and attached > a.max_attached:
            print("FAIL: %d Reuters attachments > %d" % (attached, a.max_attached)); failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
