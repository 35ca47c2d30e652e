#!/usr/bin/env python3
"""Fact-flag recall and precision of `doppel compare` on the labelled rewrite fixtures.

For every source~rewrite pair of tests/fixtures/rewrites/*/ and tests/fixtures/case/ (format:
FIXTURES.md), runs `doppel compare SRC RW --in docs.jsonl --json` and matches its fact flags
against facts.jsonl, which lists the facts each rewrite changed on purpose, with exact
substrings of both texts:

  - a labelled fact is caught when some flag's a_span overlaps an occurrence of its a_text in
    the source, or its b_span an occurrence of its b_text in the rewrite (recall; "kind
    recall" also requires the flag to be of the labelled kind);
  - a flag is false when it overlaps no labelled fact of its pair (precision). Rewrites
    legitimately reword without changing facts, so precision measures false alarms.

Reported per kind and overall, for the "fit" and "holdout" splits separately (tune on fit
only). With --relations, also the relation `compare` gives every labelled pair
(pairs.jsonl) against its label. Standard library only.

Usage: tools/eval/facts_eval.py [--doppel build/doppel] [--show-false] [--show-missed]
                                [--relations]
"""
import argparse
import collections
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KINDS = ["number", "date", "entity", "title", "qualifier", "negation", "quote", "speaker",
         "unsupported_claim"]


def load_jsonl(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
    return rows


def fixture_dirs():
    dirs = []
    rewrites = os.path.join(ROOT, "tests", "fixtures", "rewrites")
    if os.path.isdir(rewrites):
        for name in sorted(os.listdir(rewrites)):
            if os.path.isfile(os.path.join(rewrites, name, "docs.jsonl")):
                dirs.append(os.path.join(rewrites, name))
    case = os.path.join(ROOT, "tests", "fixtures", "case")
    if os.path.isfile(os.path.join(case, "docs.jsonl")):
        dirs.append(case)
    return dirs


def byte_occurrences(text, needle):
    """Byte spans [start, end) of every occurrence of needle in text."""
    spans = []
    if not needle:
        return spans
    data, sub = text.encode("utf-8"), needle.encode("utf-8")
    pos = data.find(sub)
    while pos >= 0:
        spans.append((pos, pos + len(sub)))
        pos = data.find(sub, pos + 1)
    return spans


def overlaps(span, spans):
    return span is not None and any(span[0] < e and s < span[1] for s, e in spans)


def run_compare(doppel, docs_path, a, b):
    proc = subprocess.run([doppel, "compare", a, b, "--in", docs_path, "--json", "--quiet"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"doppel compare {a} {b} failed ({proc.returncode}): {proc.stderr.strip()}")
    return json.loads(proc.stdout)


def excerpt(text, span, limit=70):
    if span is None:
        return "-"
    s = text.encode("utf-8")[span[0]:span[1]].decode("utf-8", "replace")
    s = " ".join(s.split())
    return repr(s if len(s) <= limit else s[:limit - 3] + "...")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--doppel", default=os.path.join(ROOT, "build", "doppel"))
    parser.add_argument("--show-false", action="store_true", help="list every false flag")
    parser.add_argument("--show-missed", action="store_true", help="list every missed fact")
    parser.add_argument("--relations", action="store_true",
                        help="also score the relation of every labelled pair")
    args = parser.parse_args()
    if not os.access(args.doppel, os.X_OK):
        sys.exit(f"no doppel binary at {args.doppel} (build first, or pass --doppel)")

    # Per split: labelled facts caught / total per kind, flags true / total per kind.
    caught = collections.defaultdict(collections.Counter)
    caught_kind = collections.defaultdict(collections.Counter)
    labelled = collections.defaultdict(collections.Counter)
    flags_true = collections.defaultdict(collections.Counter)
    flags_all = collections.defaultdict(collections.Counter)
    pairs_run = collections.Counter()
    relation_counts = collections.defaultdict(collections.Counter)

    for folder in fixture_dirs():
        docs_path = os.path.join(folder, "docs.jsonl")
        docs = {d["id"]: d for d in load_jsonl(docs_path)}
        facts_path = os.path.join(folder, "facts.jsonl")
        facts = load_jsonl(facts_path) if os.path.exists(facts_path) else []
        by_group = collections.defaultdict(list)
        for d in docs.values():
            by_group[d["group"]].append(d)
        for group in sorted(by_group):
            members = by_group[group]
            sources = [d for d in members if d["role"] == "source"]
            rewrites = sorted((d for d in members if d["role"] == "rewrite"), key=lambda d: d["id"])
            for src in sources:
                for rw in rewrites:
                    split = rw.get("split", "fit")
                    result = run_compare(args.doppel, docs_path, src["id"], rw["id"])
                    pairs_run[split] += 1
                    a_text, b_text = src["text"], rw["text"]
                    pair_facts = [f for f in facts if f["a"] == src["id"] and f["b"] == rw["id"]]
                    fact_spans = []
                    for f in pair_facts:
                        a_occ = byte_occurrences(a_text, f.get("a_text"))
                        b_occ = byte_occurrences(b_text, f.get("b_text"))
                        fact_spans.append((f, a_occ, b_occ))
                        labelled[split][f["kind"]] += 1
                    flags = result["facts"]
                    for f, a_occ, b_occ in fact_spans:
                        hits = [g for g in flags
                                if overlaps(g["a_span"], a_occ) or overlaps(g["b_span"], b_occ)]
                        if hits:
                            caught[split][f["kind"]] += 1
                        if any(g["kind"] == f["kind"] for g in hits):
                            caught_kind[split][f["kind"]] += 1
                        if not hits and args.show_missed:
                            print(f"MISSED [{split}] {src['id']}~{rw['id']} {f['kind']}: "
                                  f"{f.get('a_text')!r} -> {f.get('b_text')!r}")
                    for g in flags:
                        true = any(overlaps(g["a_span"], a_occ) or overlaps(g["b_span"], b_occ)
                                   for _, a_occ, b_occ in fact_spans)
                        flags_all[split][g["kind"]] += 1
                        flags_true[split][g["kind"]] += true
                        if not true and args.show_false:
                            print(f"FALSE  [{split}] {src['id']}~{rw['id']} {g['kind']}: "
                                  f"{excerpt(a_text, g['a_span'])} -> {excerpt(b_text, g['b_span'])}"
                                  f" | {g['reason']}")
        if args.relations:
            for p in load_jsonl(os.path.join(folder, "pairs.jsonl")):
                if p["a"] not in docs or p["b"] not in docs:
                    continue
                split = docs[p["a"]].get("split", "fit")
                result = run_compare(args.doppel, docs_path, p["a"], p["b"])
                got = result["relation"]
                got = "rewrite" if got in ("exact", "near_duplicate", "partial_copy") else got
                relation_counts[split][(p["label"], got)] += 1

    def ratio(n, d):
        return f"{n / d:.2f}" if d else "  - "

    for split in ("fit", "holdout"):
        if not pairs_run[split]:
            continue
        print(f"\n== {split}: {pairs_run[split]} source~rewrite pairs, "
              f"{sum(labelled[split].values())} labelled facts, "
              f"{sum(flags_all[split].values())} flags")
        print(f"{'kind':<18} {'facts':>5} {'caught':>6} {'recall':>6} {'kind_rec':>8}   "
              f"{'flags':>5} {'true':>5} {'precision':>9}")
        for kind in KINDS + ["ALL"]:
            if kind == "ALL":
                n_l, n_c = sum(labelled[split].values()), sum(caught[split].values())
                n_ck = sum(caught_kind[split].values())
                n_f, n_t = sum(flags_all[split].values()), sum(flags_true[split].values())
            else:
                n_l, n_c, n_ck = labelled[split][kind], caught[split][kind], caught_kind[split][kind]
                n_f, n_t = flags_all[split][kind], flags_true[split][kind]
            print(f"{kind:<18} {n_l:>5} {n_c:>6} {ratio(n_c, n_l):>6} {ratio(n_ck, n_l):>8}   "
                  f"{n_f:>5} {n_t:>5} {ratio(n_t, n_f):>9}")
        if args.relations and relation_counts[split]:
            print(f"relations ({split}): label -> compare's relation (exact, near_duplicate and "
                  f"partial_copy count as rewrite)")
            for (label, got), n in sorted(relation_counts[split].items()):
                mark = "" if label == got else "  <- wrong"
                print(f"  {label:<11} -> {got:<11} {n:>4}{mark}")


if __name__ == "__main__":
    main()
