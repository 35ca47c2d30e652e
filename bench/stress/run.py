#!/usr/bin/env python3
"""Inputs the shared benchmark corpus does not have, each against its baseline in one run.

A demanding user's corpora hold shapes the news-like bench corpus lacks: a directory of
thousands of one-line files, a text copied thousands of times with a few words changed,
groups of hundreds of near copies, one very large document, two long documents of one
story. Each case is generated here (deterministic, no data needed), run with doppel's
defaults and with a baseline, and reported as a ratio -- after the answer is checked
(the same clusters; the pairs the check names).

  case             baseline                                        check before timing
  small-files      --threads 1 (no read-ahead thread)              same documents and pairs
  near-copies      the caps before session 12 (--max-band-bucket   the same one cluster
                   1000 --max-partners 1000000)
  copy-groups      --max-partners 10^6                             same clusters (near mode);
                                                                   default mode: no pair
                                                                   typed rewrite is a copy
  large-document   --threads 1                                     same pairs
  long-pair        (none: one run; the pair is typed)              the long pair is reported
  cjk-text         the same corpus in ASCII words, byte for byte   each group of copies is
                   about as long (near mode)                       one cluster, in both

Usage: bench/stress/run.py [--doppel build/doppel] [--work bench/stress/work] [--scale 1.0]
                           [--only case,case]
Prints one table: wall seconds, peak RSS and pairs, default and baseline, and their ratio
(each run under bench/e2e/measure.py). The inputs are written to --work (git-ignored).
Exit: 0 when every check passed, 1 otherwise (no time is reported for a failed check).
"""
import argparse
import hashlib
import itertools
import json
import os
import random
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MEASURE = os.path.join(ROOT, "bench", "e2e", "measure.py")


def vocabulary(rng, n=20000):
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(2, 10))) for _ in range(n)]


def text(rng, words, n_words):
    out = []
    for i in range(n_words):
        w = rng.choice(words)
        out.append(w.capitalize() if i % 17 == 0 else w)
        if i % 17 == 16:
            out[-1] += "."
    return " ".join(out) + "."


def write_jsonl(path, docs):
    with open(path, "w", encoding="utf-8") as f:
        for doc_id, body in docs:
            f.write(json.dumps({"id": doc_id, "text": body}, ensure_ascii=False) + "\n")


def vary(rng, body, words, changes):
    tokens = body.split(" ")
    for _ in range(changes):
        tokens[rng.randrange(len(tokens))] = rng.choice(words)
    return " ".join(tokens)


# Ideographs of the CJK Unified block (a fixed, Zipf-weighted vocabulary: common
# characters recur, as in Chinese text) and the ideographic full stop.
def cjk_text(rng, chars, cum_weights, n_chars):
    out = []
    for i, c in enumerate(rng.choices(chars, cum_weights=cum_weights, k=n_chars)):
        out.append(c)
        if i % 23 == 22:
            out.append("\u3002")
    return "".join(out) + "\u3002"


def vary_cjk(rng, body, chars, changes):
    text_chars = list(body)
    for _ in range(changes):
        k = rng.randrange(len(text_chars))
        if text_chars[k] != "\u3002":
            text_chars[k] = rng.choice(chars)
    return "".join(text_chars)


def copy_groups(rng, make, vary_fn, n_groups):
    """Groups of a text, two near copies of it and its first half; (docs, groups)."""
    docs, groups = [], []
    for g in range(n_groups):
        body = make()
        group = [("%d-src" % g, body), ("%d-copy1" % g, vary_fn(body)), ("%d-copy2" % g, vary_fn(body)),
                 ("%d-half" % g, body[:len(body) // 2])]
        docs += group
        groups.append(tuple(sorted(doc_id for doc_id, _ in group)))
    return docs, sorted(groups)


def build(work, scale):
    rng = random.Random(7)
    words = vocabulary(rng)
    cases = {}
    # Thousands of one-line JSONL files.
    d = os.path.join(work, "small-files")
    os.makedirs(d, exist_ok=True)
    n_files = int(5000 * scale)
    for i in range(n_files):
        write_jsonl(os.path.join(d, "f%05d.jsonl" % i), [("s%d" % i, text(rng, words, 30))])
    cases["small-files"] = d
    # One text copied many times, a few words changed in each.
    base = text(rng, words, 600)
    n = int(20000 * scale)
    p = os.path.join(work, "near-copies.jsonl")
    write_jsonl(p, [("c%d" % i, vary(rng, base, words, 5)) for i in range(n)])
    cases["near-copies"] = p
    # Groups of hundreds of near copies.
    docs = []
    for g in range(int(20 * scale)):
        b = text(rng, words, 600)
        docs += [("g%d-%d" % (g, i), vary(rng, b, words, 5)) for i in range(500)]
    p = os.path.join(work, "copy-groups.jsonl")
    write_jsonl(p, docs)
    cases["copy-groups"] = p
    # One very large document among ordinary ones.
    others = [("n%d" % i, text(rng, words, 500)) for i in range(2000)]
    huge = "\n\n".join(body for _, body in others[:int(8000 * scale)] or others)
    huge = "\n\n".join([huge] * max(1, int(4 * scale)))
    p = os.path.join(work, "large-document.jsonl")
    write_jsonl(p, [("huge", huge)] + others)
    cases["large-document"] = p
    # Two long documents of one story: the same 400 paragraphs, the second reversed with a
    # third of its words dropped.
    paragraphs = [text(rng, words, 300) for _ in range(int(400 * scale))]
    a = "\n\n".join(paragraphs)
    b = "\n\n".join(" ".join(w for w in para.split(" ") if rng.random() > 0.3) for para in reversed(paragraphs))
    p = os.path.join(work, "long-pair.jsonl")
    write_jsonl(p, [("longA", a), ("longB", b)] + [("m%d" % i, text(rng, words, 400)) for i in range(500)])
    cases["long-pair"] = p
    # Chinese text, and a baseline of ASCII words of about the same bytes: groups of a
    # text, two near copies and its first half. (Long enough that the half keeps about 18
    # of its shingles in the containment sample: one in 16 on average, so a 150-word
    # excerpt with 9 misses its source about once in a thousand.)
    chars = [chr(0x4E00 + i) for i in range(3000)]
    cum_weights = list(itertools.accumulate(1.0 / (i + 1) for i in range(len(chars))))
    n_groups = int(1500 * scale)
    cjk_docs, cjk_groups = copy_groups(rng, lambda: cjk_text(rng, chars, cum_weights, 1200),
                                       lambda body: vary_cjk(rng, body, chars, 3), n_groups)
    p = os.path.join(work, "cjk-text.jsonl")
    write_jsonl(p, cjk_docs)
    cases["cjk-text"] = p
    # 1,200 ideographs are ~3,700 bytes: about 550 ASCII words of 6 letters and a space.
    ascii_docs, ascii_groups = copy_groups(rng, lambda: text(rng, words, 550),
                                           lambda body: vary(rng, body, words, 3), n_groups)
    p = os.path.join(work, "cjk-text-ascii.jsonl")
    write_jsonl(p, ascii_docs)
    cases["cjk-text-ascii"] = p
    cases["cjk-text-groups"] = cjk_groups
    cases["cjk-text-ascii-groups"] = ascii_groups
    return cases


def run(doppel, path, args, out_dir, name):
    """One doppel scan under bench/e2e/measure.py (wall, CPU and peak RSS of this run)."""
    pairs = os.path.join(out_dir, name + ".pairs.jsonl")
    clusters = os.path.join(out_dir, name + ".clusters.jsonl")
    cost = os.path.join(out_dir, name + ".cost.json")
    cmd = [doppel, "scan", path, "--quiet", "--pairs", pairs, "--clusters", clusters] + args
    subprocess.run([sys.executable, MEASURE, cost, "--"] + cmd, check=True)
    with open(cost) as f:
        c = json.load(f)
    # Pairs are streamed, never held (a baseline lists millions).
    digest, count = hashlib.md5(), 0
    with open(pairs, "rb") as f:
        for line in f:
            digest.update(line)
            count += 1
    with open(clusters) as f:
        cluster_rows = [json.loads(line) for line in f]
    return {"wall": c["wall_s"], "cpu": c["cpu_s"], "rss_mib": c["max_rss_kib"] / 1024.0, "pairs_file": pairs,
            "num_pairs": count, "pairs_md5": digest.hexdigest(), "clusters": cluster_rows, "cmd": " ".join(cmd)}


def stream_pairs(result):
    with open(result["pairs_file"]) as f:
        for line in f:
            yield json.loads(line)


def members(result):
    return sorted(tuple(sorted(c["members"])) for c in result["clusters"])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--doppel", default=os.path.join(ROOT, "build", "doppel"))
    ap.add_argument("--work", default=os.path.join(ROOT, "bench", "stress", "work"))
    ap.add_argument("--scale", type=float, default=1.0, help="input sizes (1.0: the sizes above)")
    ap.add_argument("--only", default="", help="comma-separated cases to run (default: all)")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    cases = build(a.work, a.scale)
    # The caps before session 12: band buckets and sampled lists as stars from 1,000
    # members, no per-document limit (lifting the sampled lists' cap too pairs all 20,000
    # near copies: hundreds of millions of pairs, more memory than this machine has).
    uncapped = ["--max-band-bucket", "1000", "--max-partners", "1000000"]
    plan = [
        ("small-files", ["--mode", "near", "--threads", "2"], ["--mode", "near", "--threads", "1"], "same"),
        ("near-copies", ["--mode", "near"], ["--mode", "near"] + uncapped, "clusters"),
        ("copy-groups", ["--mode", "near"], ["--mode", "near", "--max-partners", "1000000"], "clusters"),
        ("copy-groups", [], ["--max-partners", "1000000"], "no-copy-rewrites"),
        ("large-document", ["--mode", "near", "--threads", "2"], ["--mode", "near", "--threads", "1"], "same"),
        ("long-pair", [], None, "long-pair"),
        ("cjk-text", ["--mode", "near"], ["--mode", "near"], "groups"),
    ]
    rows, failed = [], False
    only = set(filter(None, a.only.split(",")))
    for name, args, baseline_args, check in plan:
        if only and name not in only:
            continue
        label = name + ("" if "--mode" in args else " (default mode)")
        d = run(a.doppel, cases[name], args, a.work, name + "-d")
        baseline_input = cases.get(name + "-ascii", cases[name])
        b = run(a.doppel, baseline_input, baseline_args, a.work, name + "-b") if baseline_args is not None else None
        ok, why = True, ""
        if check == "same":
            ok = d["pairs_md5"] == b["pairs_md5"] and members(d) == members(b)
            why = "pairs and clusters differ from the baseline's"
        elif check == "clusters":
            ok = members(d) == members(b)
            why = "clusters differ from the baseline's"
        elif check == "no-copy-rewrites":
            rewrites = {(p["a"], p["b"]) for p in stream_pairs(d) if p["relation"] == "rewrite"}
            bad = sum(1 for p in stream_pairs(b)
                      if p["relation"] in ("near_duplicate", "partial_copy") and (p["a"], p["b"]) in rewrites)
            ok = bad == 0 and members(d) == members(b)
            why = "%d pairs typed rewrite are copies, or clusters differ" % bad
        elif check == "groups":
            groups_d = [g for g in members(d) if len(g) > 1]
            groups_b = [g for g in members(b) if len(g) > 1]
            ok = groups_d == cases[name + "-groups"] and groups_b == cases[name + "-ascii-groups"]
            why = "a group of copies is not one cluster (%d and %d of %d groups)" % (
                len(set(groups_d) & set(cases[name + "-groups"])), len(set(groups_b) & set(cases[name + "-ascii-groups"])),
                len(cases[name + "-groups"]))
        elif check == "long-pair":
            ok = any({p["a"], p["b"]} == {"longA", "longB"} for p in stream_pairs(d))
            why = "the long pair is not reported"
        if not ok:
            failed = True
            print("CHECK FAILED %s: %s (%s)" % (label, why, d["cmd"]), file=sys.stderr)
            continue
        rows.append((label, d, b))
    print("| case | doppel wall s | peak RSS MiB | pairs | baseline wall s | baseline RSS MiB | baseline pairs | wall ratio (baseline / doppel) |")
    print("|---|---|---|---|---|---|---|---|")
    for label, d, b in rows:
        if b is None:
            print("| %s | %.2f | %.0f | %d | - | - | - | - |" % (label, d["wall"], d["rss_mib"], d["num_pairs"]))
        else:
            print("| %s | %.2f | %.0f | %d | %.2f | %.0f | %d | %.1f |" % (
                label, d["wall"], d["rss_mib"], d["num_pairs"], b["wall"], b["rss_mib"], b["num_pairs"],
                b["wall"] / max(d["wall"], 1e-9)))
    print("\nBaselines: small-files and large-document with --threads 1; near-copies with the caps before "
          "session 12 (%s); copy-groups with --max-partners 1000000; cjk-text: the same groups written in ASCII "
          "words of about the same bytes (%s). Wall, CPU and peak RSS per run from bench/e2e/measure.py."
          % (" ".join(uncapped), "Chinese %.1f MB, ASCII %.1f MB" % (
              os.path.getsize(cases["cjk-text"]) / 1e6, os.path.getsize(cases["cjk-text-ascii"]) / 1e6)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
