#!/usr/bin/env python3
"""Build a large corpus from several make_corpus.py corpora made with different seeds.

Usage: replicate_corpus.py --shared SHARED_BENCH_DIR --src PROSE --n 100000 --copies 10
                           --out OUT_DIR [--parts PARTS_DIR] [--first-seed 1]

Copy k (k = 0 .. copies-1) is `make_corpus.py --src PROSE --n N --seed first_seed + k
--no-files` (made in PARTS_DIR/seed<S>, reused when its meta.json says it was made with
the same n and seed); its ids are offset by k * N. OUT_DIR gets docs.tsv and truth.tsv
(every copy's lines with offset ids) and meta.json (summed counts). Copies share the
sentence pool, so documents of different copies share a sentence now and then, as
documents of one copy do; no truth pair crosses copies (their clusters are disjoint by
construction; a chance J >= 0.8 pair across copies would be scored as a correct extra).
"""
import argparse
import json
import os
import subprocess
import sys


def make_part(shared, src, n, seed, out):
    meta_path = os.path.join(out, "meta.json")
    if os.path.exists(meta_path):
        with open(meta_path) as f:
            meta = json.load(f)
        if meta.get("n") == n and meta.get("seed") == seed:
            return meta
    subprocess.run([sys.executable, os.path.join(shared, "make_corpus.py"), "--src", src,
                    "--out", out, "--n", str(n), "--seed", str(seed), "--no-files"], check=True)
    with open(meta_path) as f:
        return json.load(f)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", required=True)
    ap.add_argument("--src", required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--copies", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--parts", default=None)
    ap.add_argument("--first-seed", type=int, default=1)
    a = ap.parse_args()
    parts = a.parts or os.path.join(a.out, "parts")
    os.makedirs(a.out, exist_ok=True)
    metas = []
    for k in range(a.copies):
        seed = a.first_seed + k
        part = os.path.join(parts, "seed%d" % seed)
        metas.append(make_part(a.shared, a.src, a.n, seed, part))
    with open(os.path.join(a.out, "docs.tsv"), "w", encoding="utf-8") as docs, \
            open(os.path.join(a.out, "truth.tsv"), "w") as truth:
        for k in range(a.copies):
            part = os.path.join(parts, "seed%d" % (a.first_seed + k))
            offset = k * a.n
            with open(os.path.join(part, "docs.tsv"), encoding="utf-8") as f:
                for line in f:
                    tab = line.index("\t")
                    docs.write("%d%s" % (int(line[:tab]) + offset, line[tab:]))
            with open(os.path.join(part, "truth.tsv")) as f:
                for line in f:
                    x, y, rest = line.split("\t", 2)
                    truth.write("%d\t%d\t%s" % (int(x) + offset, int(y) + offset, rest))
    meta = {
        "n": a.n * a.copies, "copies": a.copies, "n_per_copy": a.n,
        "seeds": [m["seed"] for m in metas],
        "truth_pairs": sum(m["truth_pairs"] for m in metas),
        "truth_pairs_jaccard_ge": {t: sum(m["truth_pairs_jaccard_ge"][t] for m in metas)
                                   for t in metas[0]["truth_pairs_jaccard_ge"]},
        "bytes_tsv": os.path.getsize(os.path.join(a.out, "docs.tsv")),
        "shingling": metas[0]["shingling"],
    }
    with open(os.path.join(a.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(json.dumps(meta), file=sys.stderr)


if __name__ == "__main__":
    main()
