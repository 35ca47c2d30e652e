#!/usr/bin/env python3
"""Evaluate doppel's rewrite and same-story detection (`doppel scan --mode rewrite`).

1. METER + Reuters-21578 (../shared/data): scans all 1,717 METER documents with the
   20,841 Reuters articles as distractors. Story clusters are the union of the clusters
   that share a `story` id (a document in no cluster is a story alone). Prints precision,
   recall and F1 over METER's labelled pairs (pairs.jsonl; a pair is predicted same-story
   when both documents are in one story), per label, the adjusted Rand index of the
   METER documents' stories against METER's groups, and the Reuters documents attached to
   a story holding a METER document (each one a false attachment). Also times
   `--mode near` on the same input: the rewrite scan should take at most 3x as long.
2. Rewrite fixtures (tests/fixtures/rewrites/*): scans them alone and reports, per split
   (fit / holdout), for the labels rewrite / same_story / unrelated:
   - pairs: a labelled pair is predicted `rewrite` when doppel reports it as exact,
     near_duplicate, partial_copy or rewrite, `same_story` when it reports same_story;
   - clusters: `rewrite` when both are in one derivation cluster, `same_story` when in one
     story but different clusters;
   precision, recall and F1 per relation, and every independent report put in a
   derivation with its source (it must never happen).

Usage: tools/eval/rewrite_eval.py [--doppel build/doppel] [--data ../shared/data]
                                  [--threads N] [--skip-meter] [--skip-fixtures] [-- extra scan flags]
Exit: 0 when the run completed, 77 when ../shared/data is absent (METER part skipped; the
fixture part still runs).
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DERIVATION = {"exact", "near_duplicate", "partial_copy", "rewrite"}
# The thresholds the default scan uses (src/match/rewrite.h RewriteSettings,
# src/cluster/story.h StoryOptions); printed with the results.
THRESHOLDS = ("candidates: top 24 TF-IDF terms with df 2..500, >= 2 shared; "
              "story: edges cos >= 0.1, leaf (nearest neighbour, core member) cos >= 0.2, "
              "join centroid >= 0.2, merge centroid >= 0.18 with an edge >= 0.28, "
              "centroid 128 terms; pairs: cos >= 0.2, <= 8 per document; "
              "rewrite score >= 0.8")


def scan(doppel, inputs, out_dir, name, mode, threads, extra):
    pairs = os.path.join(out_dir, name + ".pairs.jsonl")
    clusters = os.path.join(out_dir, name + ".clusters.jsonl")
    cmd = [doppel, "scan", *inputs, "--mode", mode, "--pairs", pairs, "--clusters", clusters,
           "--threads", str(threads), "--progress", "never", "-q", *extra]
    t0 = time.time()
    subprocess.run(cmd, check=True)
    secs = time.time() - t0
    with open(pairs, encoding="utf-8") as f:
        p = [json.loads(l) for l in f if l.strip()]
    with open(clusters, encoding="utf-8") as f:
        c = [json.loads(l) for l in f if l.strip()]
    return p, c, secs, " ".join(cmd)


def labels_from(clusters):
    """(derivation cluster, story) per member id."""
    cluster_of, story_of = {}, {}
    for c in clusters:
        for m in c["members"]:
            cluster_of[m] = c["cluster"]
            story_of[m] = c["story"]
    return cluster_of, story_of


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def ari(truth, pred):
    """Adjusted Rand index of two labelings (dicts over the same keys)."""
    def c2(x):
        return x * (x - 1) / 2
    keys = list(truth)
    n = len(keys)
    cont = Counter((truth[k], pred[k]) for k in keys)
    a = Counter(truth[k] for k in keys)
    b = Counter(pred[k] for k in keys)
    index = sum(c2(v) for v in cont.values())
    sa = sum(c2(v) for v in a.values())
    sb = sum(c2(v) for v in b.values())
    expected = sa * sb / c2(n) if n > 1 else 0
    top = (sa + sb) / 2
    return (index - expected) / (top - expected) if top != expected else 1.0


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def eval_meter(args, out_dir):
    meter = os.path.join(args.data, "meter", "docs.jsonl")
    reuters = os.path.join(args.data, "reuters21578", "docs.jsonl")
    if not (os.path.exists(meter) and os.path.exists(reuters)):
        print("METER/Reuters: skipped: %s or %s not found" % (meter, reuters))
        return False
    docs = load_jsonl(meter)
    group = {d["id"]: d["group"] for d in docs}
    labelled = load_jsonl(os.path.join(args.data, "meter", "pairs.jsonl"))
    _, _, near_secs, _ = scan(args.doppel, [meter, reuters], out_dir, "near", "near", args.threads, args.extra)
    pairs, clusters, secs, cmd = scan(args.doppel, [meter, reuters], out_dir, "mr", "rewrite",
                                      args.threads, args.extra)
    _, story_of = labels_from(clusters)
    story = lambda i: ("s", story_of[i]) if i in story_of else ("doc", i)
    print("== METER + Reuters: %s" % cmd)
    print("thresholds: %s" % THRESHOLDS)
    print("time: rewrite %.1fs, near %.1fs (ratio %.2f; target <= 3)" % (secs, near_secs, secs / near_secs))
    tp = fp = fn = 0
    per = defaultdict(lambda: [0, 0])
    for p in labelled:
        same_pred = story(p["a"]) == story(p["b"])
        same_true = p["label"] != "different_story"
        per[p["label"]][0] += same_pred
        per[p["label"]][1] += 1
        tp += same_pred and same_true
        fp += same_pred and not same_true
        fn += same_true and not same_pred
    p, r, f = prf(tp, fp, fn)
    print("story clusters over METER pairs: F1 %.4f P %.4f R %.4f (tp %d fp %d fn %d; target F1 >= 0.98)"
          % (f, p, r, tp, fp, fn))
    for label, (same, total) in sorted(per.items()):
        print("  %-24s predicted same story %d/%d (%.3f)" % (label, same, total, same / total))
    meter_stories = {story(i) for i in group}
    attached = sorted(i for i in story_of if i not in group and story(i) in meter_stories)
    print("Reuters documents attached to METER stories: %d (target <= 2)%s" % (
        len(attached), (": " + ", ".join(attached[:10])) if attached else ""))
    print("ARI of METER stories vs METER groups: %.4f" % ari(group, {i: story(i) for i in group}))
    rel = Counter(p["relation"] for p in pairs)
    print("pairs reported: %s" % ", ".join("%s %d" % kv for kv in sorted(rel.items())))
    return True


def eval_fixtures(args, out_dir):
    parts = sorted(glob.glob(os.path.join(ROOT, "tests", "fixtures", "rewrites", "*", "docs.jsonl")))
    if not parts:
        print("fixtures: skipped: no tests/fixtures/rewrites/*/docs.jsonl")
        return
    docs, labelled = [], []
    for path in parts:
        docs += load_jsonl(path)
        labelled += load_jsonl(os.path.join(os.path.dirname(path), "pairs.jsonl"))
    split = {d["id"]: d["split"] for d in docs}
    role = {d["id"]: d["role"] for d in docs}
    pairs, clusters, secs, cmd = scan(args.doppel, parts, out_dir, "fixtures", "rewrite",
                                      args.threads, args.extra)
    cluster_of, story_of = labels_from(clusters)
    relation = {tuple(sorted((p["a"], p["b"]))): p["relation"] for p in pairs}
    print("== rewrite fixtures: %s (%.1fs)" % (cmd, secs))

    def predicted_pair(a, b):
        r = relation.get(tuple(sorted((a, b))))
        if r in DERIVATION:
            return "rewrite"
        return r if r == "same_story" else "unrelated"

    def predicted_cluster(a, b):
        if a in cluster_of and cluster_of.get(a) == cluster_of.get(b):
            return "rewrite"
        if a in story_of and story_of.get(a) == story_of.get(b):
            return "same_story"
        return "unrelated"

    for view, predict in (("pairs", predicted_pair), ("clusters", predicted_cluster)):
        for sp in ("fit", "holdout"):
            rows = [(p["label"], predict(p["a"], p["b"]), p) for p in labelled if split[p["a"]] == sp]
            out = []
            for rel in ("rewrite", "same_story"):
                tp = sum(1 for t, q, _ in rows if t == rel and q == rel)
                fp = sum(1 for t, q, _ in rows if t != rel and q == rel)
                fn = sum(1 for t, q, _ in rows if t == rel and q != rel)
                p, r, f = prf(tp, fp, fn)
                out.append("%s P %.3f R %.3f F1 %.3f" % (rel, p, r, f))
            wrong = [p for t, q, p in rows if q == "rewrite" and
                     "independent" in (role[p["a"]], role[p["b"]])]
            print("  %-8s %-7s %s | independent reports typed rewrite: %d%s" % (
                view, sp, " | ".join(out), len(wrong),
                (" (" + ", ".join("%s~%s" % (p["a"], p["b"]) for p in wrong[:6]) + ")") if wrong else ""))
    print("  targets (holdout): rewrite recall >= 0.95 at precision >= 0.98; no independent report typed rewrite")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--doppel", default=os.path.join(ROOT, "build", "doppel"))
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--skip-meter", action="store_true")
    ap.add_argument("--skip-fixtures", action="store_true")
    ap.add_argument("extra", nargs="*", help="extra `doppel scan` flags (after --)")
    args = ap.parse_args()
    if not os.path.isdir(args.data):
        # A worktree one level deeper than the main clone (e.g. /work/wt/<name>).
        alt = os.path.join(ROOT, "..", "..", "shared", "data")
        if os.path.isdir(alt):
            args.data = alt
    if not os.path.exists(args.doppel):
        print("doppel binary not found: %s (build first)" % args.doppel)
        return 2
    with tempfile.TemporaryDirectory() as out_dir:
        ran_meter = False
        if not args.skip_meter:
            ran_meter = eval_meter(args, out_dir)
        if not args.skip_fixtures:
            eval_fixtures(args, out_dir)
    if not args.skip_meter and not ran_meter:
        return 77
    return 0


if __name__ == "__main__":
    sys.exit(main())
