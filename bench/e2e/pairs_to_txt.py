#!/usr/bin/env python3
"""Convert doppel's --pairs JSONL to the "idA idB score" lines eval_pairs.py reads.

Usage: pairs_to_txt.py PAIRS_JSONL OUT_TXT [--relations exact,near_duplicate]

Only pairs whose relation is listed are written (default: exact and near_duplicate,
the relations that claim Jaccard >= the threshold; partial_copy scores are
containments, not Jaccards, so they are left out unless asked for). Prints the count of
pairs per relation on stderr, as JSON on the last line. A malformed line is a hard error
naming its line number: a benchmark must not score a silently truncated answer.
"""
import argparse
import json
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pairs_jsonl")
    ap.add_argument("out_txt")
    ap.add_argument("--relations", default="exact,near_duplicate")
    a = ap.parse_args()
    keep = set(a.relations.split(","))
    counts = {}
    written = 0
    with open(a.pairs_jsonl, encoding="utf-8") as src, open(a.out_txt, "w") as out:
        for line_no, line in enumerate(src, 1):
            try:
                p = json.loads(line)
                rel, x, y, score = p["relation"], p["a"], p["b"], float(p["score"])
            except (ValueError, KeyError, TypeError) as e:
                sys.exit("%s:%d: bad pair line (%s)" % (a.pairs_jsonl, line_no, e))
            counts[rel] = counts.get(rel, 0) + 1
            if rel in keep:
                out.write("%s %s %.4f\n" % (x, y, score))
                written += 1
    counts["written"] = written
    print(json.dumps(counts, sort_keys=True), file=sys.stderr)


if __name__ == "__main__":
    main()
