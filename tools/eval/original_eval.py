#!/usr/bin/env python3
"""How often does doppel name the right original of a derivation cluster?

1. METER (../shared/data/meter): in every story the Press Association wire text is the
   source the newspapers wrote from. For every derivation cluster holding both a PA text
   and a newspaper article, the choice is right when the original is a PA text. Chance is
   the share of PA texts among those clusters' members (what a random member would score).
2. Our rewrite fixtures (tests/fixtures/rewrites/*/docs.jsonl, tests/fixtures/case): for
   every derivation cluster holding a group's source (role "source") and one of its
   rewrites, the choice is right when the original is that source. Reported per split.

Usage: tools/eval/original_eval.py [--doppel build/doppel] [--data ../shared/data]
Exit: 0 (this script reports; it asserts nothing), 77 when METER is absent (the fixture
part still runs first).
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def scan(doppel, inputs, tmp, extra=()):
    clusters = os.path.join(tmp, "clusters.jsonl")
    cmd = [doppel, "scan", *inputs, "--mode", "rewrite", "--clusters", clusters, "--quiet", *extra]
    subprocess.run(cmd, check=True)
    with open(clusters) as f:
        return [json.loads(l) for l in f], " ".join(cmd)


def fixtures(doppel, tmp):
    paths = sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/rewrites/*/docs.jsonl")))
    paths.append(os.path.join(ROOT, "tests/fixtures/case/docs.jsonl"))
    meta = {}
    for p in paths:
        for line in open(p, encoding="utf-8"):
            d = json.loads(line)
            meta[d["id"]] = d
    clusters, cmd = scan(doppel, paths, tmp)
    right = {}
    for c in clusters:
        sources = [m for m in c["members"] if meta[m].get("role") == "source"]
        for s in sources:
            group = meta[s]["group"]
            derived = [m for m in c["members"] if m != s and meta[m]["group"] == group
                       and meta[m].get("role") in ("rewrite", None)]
            if not derived:
                continue
            split = meta[s].get("split", "fit")
            ok = c["original"] == s
            right.setdefault(split, []).append(ok)
            if not ok:
                print("  fixture: %s cluster %d: original %s, source %s" % (split, c["cluster"], c["original"], s))
    for split, oks in sorted(right.items()):
        print("fixtures %-8s original right in %d of %d clusters holding a source and its rewrites (%.3f)"
              % (split, sum(oks), len(oks), sum(oks) / len(oks) if oks else 0))
    print("  command: " + cmd)


def meter(doppel, data, tmp):
    path = os.path.join(data, "meter", "docs.jsonl")
    if not os.path.exists(path):
        print("SKIP METER: %s not found" % path)
        return 77
    clusters, cmd = scan(doppel, [path], tmp)
    n = right = 0
    chance = 0.0
    for c in clusters:
        pa = [m for m in c["members"] if m.startswith("meter:pa:")]
        np_ = [m for m in c["members"] if m.startswith("meter:np:")]
        if not pa or not np_:
            continue
        n += 1
        right += c["original"].startswith("meter:pa:")
        chance += len(pa) / len(c["members"])
    if n:
        print("METER: original is a PA wire text in %d of %d mixed derivation clusters: accuracy %.3f "
              "(chance %.3f)" % (right, n, right / n, chance / n))
    else:
        print("METER: no derivation cluster holds both a PA text and a newspaper article")
    print("  command: " + cmd)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--doppel", default=os.path.join(ROOT, "build", "doppel"))
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        fixtures(a.doppel, tmp)
        return meter(a.doppel, a.data, tmp)


if __name__ == "__main__":
    sys.exit(main())
