#!/usr/bin/env python3
"""Evaluate doppel's exact and near-duplicate detection on ../shared/data.

1. Reuters-21578: scans docs.jsonl and checks that every pair in pairs.jsonl (265 pairs of
   texts identical after whitespace and case normalisation) is reported as `exact`.
2. BBC News: scans docs.jsonl and lists every cluster with its size, relation counts and the
   smallest word 5-gram Jaccard between the original and a member, computed here from the raw
   texts (lowercase [a-z0-9]+ tokens, the convention of ../shared/bench). A member far from
   its original (J < 0.3 and not a partial copy) would be a chain: it is flagged.

Usage: tools/eval/near_eval.py [--doppel build/doppel] [--data ../shared/data] [--threads N]
Exit: 0 when every check passes, 1 when one fails, 77 when the data is absent (skipped).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

TOKEN = re.compile(r"[a-z0-9]+")


def shingles(text, k=5):
    t = TOKEN.findall(text.lower())
    if len(t) < k:
        return {" ".join(t)}
    return {" ".join(t[i:i + k]) for i in range(len(t) - k + 1)}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a or b else 1.0


def scan(doppel, path, out_dir, name, threads, extra=()):
    pairs = os.path.join(out_dir, name + ".pairs.jsonl")
    clusters = os.path.join(out_dir, name + ".clusters.jsonl")
    cmd = [doppel, "scan", path, "--mode", "near", "--pairs", pairs, "--clusters", clusters,
           "--threads", str(threads), "--progress", "never", *extra]
    t0 = time.time()
    subprocess.run(cmd, check=True, stderr=subprocess.PIPE)
    secs = time.time() - t0
    with open(pairs) as f:
        p = [json.loads(l) for l in f]
    with open(clusters) as f:
        c = [json.loads(l) for l in f]
    return p, c, secs, " ".join(cmd)


def load_texts(path):
    texts = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            texts[d["id"]] = d["text"]
    return texts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--doppel", default=os.path.join(root, "build", "doppel"))
    ap.add_argument("--data", default=os.path.join(root, "..", "shared", "data"))
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--quiet", action="store_true", help="summary lines only")
    a = ap.parse_args()
    reuters = os.path.join(a.data, "reuters21578")
    bbc = os.path.join(a.data, "bbc")
    if not os.path.isdir(reuters) or not os.path.isdir(bbc):
        print("SKIP: %s not found (the evaluation data sits beside the repo in ../shared/data)" % a.data)
        return 77
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        # 1. Reuters exact pairs.
        pairs, clusters, secs, cmd = scan(a.doppel, os.path.join(reuters, "docs.jsonl"), tmp, "reuters", a.threads)
        got = {(p["a"], p["b"]) for p in pairs if p["relation"] == "exact"}
        got |= {(b, x) for x, b in got}
        want = [json.loads(l) for l in open(os.path.join(reuters, "pairs.jsonl"))]
        missing = [w for w in want if (w["a"], w["b"]) not in got]
        by_rel = {}
        for p in pairs:
            by_rel[p["relation"]] = by_rel.get(p["relation"], 0) + 1
        print("reuters21578: %d/%d labelled identical pairs reported as exact (%s); pairs by relation %s; "
              "%d clusters; %.1f s" % (len(want) - len(missing), len(want), "PASS" if not missing else "FAIL",
                                      json.dumps(by_rel, sort_keys=True), len(clusters), secs))
        print("  command: " + cmd)
        for w in missing[:10]:
            print("  missing: %s %s" % (w["a"], w["b"]))
        failed |= bool(missing)

        # 2. BBC clusters, spot-checked for chains.
        pairs, clusters, secs, cmd = scan(a.doppel, os.path.join(bbc, "docs.jsonl"), tmp, "bbc", a.threads)
        texts = load_texts(os.path.join(bbc, "docs.jsonl"))
        rel_of = {}
        for p in pairs:
            rel_of[(p["a"], p["b"])] = p["relation"]
            rel_of[(p["b"], p["a"])] = p["relation"]
        sizes = {}
        chained = 0
        print("bbc: %d clusters, %d pairs; %.1f s" % (len(clusters), len(pairs), secs))
        print("  command: " + cmd)
        for c in clusters:
            sizes[len(c["members"])] = sizes.get(len(c["members"]), 0) + 1
            orig = shingles(texts[c["original"]])
            worst = 1.0
            flags = []
            for m in c["members"]:
                if m == c["original"]:
                    continue
                j = jaccard(orig, shingles(texts[m]))
                worst = min(worst, j)
                rel = rel_of.get((c["original"], m), "via-member")
                if j < 0.3 and rel != "partial_copy":
                    flags.append("%s (J=%.2f, %s)" % (m, j, rel))
            if flags:
                chained += 1
            if not a.quiet or flags:
                head = texts[c["original"]].split("\n", 1)[0][:60]
                print("  cluster %3d size %d min J to original %.2f  %s%s" % (
                    c["cluster"], len(c["members"]), worst, head, ("  CHAIN? " + "; ".join(flags)) if flags else ""))
        print("bbc: cluster sizes %s; clusters with a member far from its original: %d (%s)" % (
            json.dumps(dict(sorted(sizes.items()))), chained, "PASS" if chained == 0 else "FAIL"))
        failed |= chained > 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
