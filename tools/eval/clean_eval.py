#!/usr/bin/env python3
"""Measure the clean stage on real text (standard library only).

Runs `doppel clean FILE -o OUT` over the METER and BBC sets in ../shared/data (relative
to the repository root) and prints:

  * for each set: the share of bytes and of non-blank lines removed;
  * Reuters-21578 (unlabelled wire copy): what is removed most often;
  * BBC (clean articles: a headline and prose) and METER newspaper articles: the share of
    documents with any removal and what was removed (a false-positive proxy);
  * METER Press Association (PA) wire copy: recall of wire furniture against an
    evaluation-only ground truth (patterns below: they live here, never in the cleaner),
    and the share of real sentences kept: PA sentences that a newspaper article of the
    same story reused (they share word 4-grams with it) must all be kept.

With --fixtures it measures our own fixtures instead (no shared data needed): the
template furniture of examples/news and of the "template"-style documents of
tests/fixtures/case and tests/fixtures/rewrites, against the hand-labelled furniture lines
of tests/fixtures/clean/template_labels.jsonl ({"id", "furniture_lines": [exact lines]}).
It prints, with all rules and with the in-document rules only: furniture recall (lines
removed whole), precision (of the lines removed as boilerplate in labelled documents, the
share that are labelled furniture), the furniture left and the article lines removed, and
any line removed as boilerplate from the unlabelled fixture documents (all article text).

Usage:
  tools/eval/clean_eval.py [--doppel build/doppel] [--data ../shared/data]
                           [--limit N] [--show N]
  tools/eval/clean_eval.py --fixtures [--doppel build/doppel]
  (DOPPEL_DATA=dir also sets the data directory, e.g. from a git worktree.)

Exits 0 after printing, 77 (skip) when the data is absent, 1 when --fixtures finds a
label that is not a line of its document.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.environ.get("DOPPEL_DATA", os.path.join(os.path.dirname(ROOT), "shared", "data"))
SKIP = 77

# ---- Evaluation-only ground truth for PA wire furniture (never used by the cleaner) ----
SLUG = re.compile(r"^\d{1,2}:\d\d \d\d/\d\d/\d\d: Page \d+ \(")
SIGN_OFF = re.compile(r"^(?:[a-z]{1,6}(?: [a-z]{1,4})?|[A-Z]{1,6}|[A-Z][a-z]{1,5})$")
NOTE = re.compile(r"^\([^()]{1,60}\)$")
HTML = re.compile(r"^(?:</?[A-Za-z]+>\s*(?:\|\s*)?)+$")
WORD = re.compile(r"[A-Za-z0-9]+")


def strip_wire(line):
    """A PA line without its control bytes, trailing '<' and surrounding spaces."""
    line = "".join(ch for ch in line if ch >= " " or ch == "\t")
    line = line.strip()
    while line.endswith("<"):
        line = line[:-1].rstrip()
    return line


def furniture_class(line, is_last):
    """The furniture class of a raw PA line, or None for text."""
    s = strip_wire(line)
    if not line.strip():
        return None  # blank
    if not re.search(r"[A-Za-z0-9]", s):
        return "no_words"  # rules, control bytes, '<' alone
    if SLUG.match(s):
        return "slug"
    if HTML.match(s):
        return "markup"
    if NOTE.match(s) and len(WORD.findall(s)) <= 6:
        return "note"
    if is_last and SIGN_OFF.match(s):
        return "sign_off"
    return None


def last_worded(tb, spans):
    """The last line holding a letter or digit (where a sign-off would be)."""
    for span in reversed(spans):
        if re.search(rb"[A-Za-z0-9]", tb[span[0]:span[1]]):
            return span
    return None


def line_spans(text_bytes):
    """(begin, end) byte spans of the lines of a text, without terminators."""
    spans = []
    begin = 0
    for m in re.finditer(rb"\r\n|\n|\r", text_bytes):
        spans.append((begin, m.start()))
        begin = m.end()
    if begin < len(text_bytes):
        spans.append((begin, len(text_bytes)))
    return spans


def covered(span, removed):
    """Bytes of `span` covered by the removal spans."""
    b, e = span
    n = 0
    for r in removed:
        lo, hi = max(b, r["start"]), min(e, r["end"])
        if lo < hi:
            n += hi - lo
    return n


def visible_len(bs):
    return len(bs.decode("utf-8", "replace").strip(" \t\r\n\x19<"))


def load(path, limit):
    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                docs.append(json.loads(line))
                if limit and len(docs) >= limit:
                    break
    return docs


def run_cleaner(doppel, docs, extra_args):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in.jsonl")
        out = os.path.join(tmp, "out.jsonl")
        with open(src, "w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps({"id": d["id"], "text": d["text"]}) + "\n")
        subprocess.run([doppel, "clean", src, "-o", out] + extra_args, check=True)
        result = {}
        with open(out, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    result[r["id"]] = r.get("removed", [])
    return result


def removed_pieces(text_bytes, removed):
    for r in removed:
        piece = text_bytes[r["start"]:r["end"]].decode("utf-8", "replace")
        yield r["kind"], piece


def show_piece(piece, width=90):
    s = re.sub(r"\s+", " ", piece.replace("\x19", "^Y")).strip()
    return s if len(s) <= width else s[: width - 3] + "..."


def volume(name, docs, removed):
    total_bytes = removed_bytes = total_lines = removed_lines = 0
    for d in docs:
        tb = d["text"].encode("utf-8")
        rem = removed.get(d["id"], [])
        total_bytes += len(tb)
        removed_bytes += sum(r["end"] - r["start"] for r in rem)
        for span in line_spans(tb):
            if not tb[span[0]:span[1]].strip():
                continue
            total_lines += 1
            if covered(span, rem) >= max(1, visible_len(tb[span[0]:span[1]])):
                removed_lines += 1
    print(f"{name}: {len(docs)} docs; removed {removed_bytes}/{total_bytes} bytes "
          f"({100.0 * removed_bytes / max(1, total_bytes):.2f}%), "
          f"{removed_lines}/{total_lines} non-blank lines "
          f"({100.0 * removed_lines / max(1, total_lines):.2f}%)")


def false_positive_report(name, docs, removed, show):
    with_removal = [d for d in docs if removed.get(d["id"])]
    print(f"{name}: documents with any removal: {len(with_removal)}/{len(docs)} "
          f"({100.0 * len(with_removal) / max(1, len(docs)):.2f}%)")
    kinds = collections.Counter()
    listed = 0
    for d in with_removal:
        tb = d["text"].encode("utf-8")
        for kind, piece in removed_pieces(tb, removed[d["id"]]):
            kinds[kind] += 1
            if listed < show:
                print(f"  {d['id']} [{kind}] {show_piece(piece)!r}")
                listed += 1
    if sum(kinds.values()) > listed:
        print(f"  ... {sum(kinds.values()) - listed} more")
    print(f"  removals by kind: {dict(sorted(kinds.items()))}")


def pa_sentences(tb):
    """Byte spans of the sentences of a PA text: paragraphs end at a line ending in '<'
    or at a blank line; furniture lines (ground truth above) are left out; sentences end
    at . ! ? (and closing quotes) before whitespace."""
    spans = [s for s in line_spans(tb)]
    last = last_worded(tb, spans)
    paragraphs = []
    current = []
    for span in spans:
        raw = tb[span[0]:span[1]]
        line = raw.decode("utf-8", "replace")
        if not raw.strip() or furniture_class(line, span == last) is not None:
            if current:
                paragraphs.append(current)
            current = []
            continue
        current.append(span)
        if raw.rstrip().endswith(b"<"):
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    for para in paragraphs:
        b, e = para[0][0], para[-1][1]
        for m in re.finditer(rb"[^.!?]+(?:[.!?]+['`\"]*|$)", tb[b:e]):
            seg = tb[b + m.start():b + m.end()]
            lead = len(seg) - len(seg.lstrip(b" \t\r\n\x19<"))
            trail = len(seg) - len(seg.rstrip(b" \t\r\n<"))
            if len(seg) - lead - trail > 0:
                yield b + m.start() + lead, b + m.end() - trail


def four_grams(words):
    return {tuple(words[i:i + 4]) for i in range(len(words) - 3)}


def pa_report(docs, removed, show):
    pa = [d for d in docs if d["id"].startswith("meter:pa:")]
    newspapers = collections.defaultdict(set)
    for d in docs:
        if d["id"].startswith("meter:np:"):
            newspapers[d["group"]] |= four_grams(WORD.findall(d["text"].lower()))

    # Furniture recall, by class, over lines and bytes.
    found = collections.Counter()
    total = collections.Counter()
    found_bytes = total_bytes = 0
    missed = []
    for d in pa:
        tb = d["text"].encode("utf-8")
        rem = removed.get(d["id"], [])
        spans = [s for s in line_spans(tb) if tb[s[0]:s[1]].strip()]
        last = last_worded(tb, spans)
        for span in spans:
            line = tb[span[0]:span[1]].decode("utf-8", "replace")
            cls = furniture_class(line, span == last)
            if cls is None:
                continue
            need = visible_len(tb[span[0]:span[1]])
            got = covered(span, rem)
            total[cls] += 1
            total_bytes += need
            if need == 0 or got >= need:
                found[cls] += 1
                found_bytes += need
            else:
                missed.append((d["id"], cls, line))
    n_total = sum(total.values())
    n_found = sum(found.values())
    print(f"METER PA: wire furniture recall {n_found}/{n_total} lines "
          f"({100.0 * n_found / max(1, n_total):.2f}%), "
          f"{100.0 * found_bytes / max(1, total_bytes):.2f}% of visible furniture bytes")
    for cls in sorted(total):
        print(f"  {cls}: {found[cls]}/{total[cls]}")
    for doc_id, cls, line in missed[:show]:
        print(f"  missed {doc_id} [{cls}] {show_piece(line)!r}")

    # What else was removed from PA (lines outside the ground truth): a precision view.
    other = collections.Counter()
    for d in pa:
        tb = d["text"].encode("utf-8")
        rem = removed.get(d["id"], [])
        spans = [s for s in line_spans(tb) if tb[s[0]:s[1]].strip()]
        last = last_worded(tb, spans)
        for span in spans:
            line = tb[span[0]:span[1]].decode("utf-8", "replace")
            if furniture_class(line, span == last) is None and covered(span, rem) > 0:
                other[re.sub(r"\d", "9", show_piece(strip_wire(line), 60))] += 1
    print(f"METER PA: {sum(other.values())} other lines removed (not in the furniture "
          f"ground truth); most frequent shapes:")
    for line, count in other.most_common(show):
        print(f"  {count:4d} {line!r}")

    # Real sentences: PA sentences sharing >= 2 word 4-grams with a same-story newspaper
    # article must be kept whole.
    reused = kept = 0
    lost = []
    for d in pa:
        tb = d["text"].encode("utf-8")
        rem = removed.get(d["id"], [])
        grams = newspapers.get(d["group"], set())
        if not grams:
            continue
        for b, e in pa_sentences(tb):
            seg = tb[b:e].decode("utf-8", "replace")
            words = WORD.findall(seg.lower())
            if len(words) < 5:
                continue
            shared = sum(1 for g in four_grams(words) if g in grams)
            if shared < 2:
                continue
            reused += 1
            if covered((b, e), rem) == 0:
                kept += 1
            else:
                lost.append((d["id"], seg))
    print(f"METER PA: reused sentences kept {kept}/{reused} "
          f"({100.0 * kept / max(1, reused):.2f}%)")
    for doc_id, seg in lost[:show]:
        print(f"  lost {doc_id} {show_piece(seg)!r}")


# ---- Fixture furniture (hand-labelled, tests/fixtures/clean/template_labels.jsonl) ----
FIXTURE_INPUTS = [
    "examples/news",
    "tests/fixtures/case/docs.jsonl",
    "tests/fixtures/rewrites/part-a/docs.jsonl",
    "tests/fixtures/rewrites/part-b/docs.jsonl",
    "tests/fixtures/rewrites/part-c/docs.jsonl",
    "tests/fixtures/rewrites/part-d/docs.jsonl",
]
FIXTURE_LABELS = "tests/fixtures/clean/template_labels.jsonl"


def load_fixture_docs():
    """id -> (text, style) for every fixture document, ids as `doppel clean` names them
    (file names relative to the directory for examples/news)."""
    docs = {}
    for rel in FIXTURE_INPUTS:
        path = os.path.join(ROOT, rel)
        if os.path.isdir(path):
            for name in sorted(os.listdir(path)):
                with open(os.path.join(path, name), encoding="utf-8") as f:
                    docs[name] = (f.read(), "")
        else:
            for d in load(path, 0):
                docs[d["id"]] = (d["text"], d.get("style", ""))
    return docs


def fixture_pass(doppel, docs, labels, extra_args, show):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.jsonl")
        subprocess.run([doppel, "clean"] + [os.path.join(ROOT, p) for p in FIXTURE_INPUTS]
                       + ["-o", out] + extra_args, check=True, stderr=subprocess.DEVNULL)
        removed = {}
        with open(out, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    removed[r["id"]] = r.get("removed", [])
    furniture = found = article_removed = repeated = 0
    left, wrong, other = [], [], []
    for doc_id, (text, _) in docs.items():
        tb = text.encode("utf-8")
        rem = removed.get(doc_id, [])
        boiler = [r for r in rem if r["kind"] == "boilerplate"]
        labelled = labels.get(doc_id)
        for span in line_spans(tb):
            raw = tb[span[0]:span[1]]
            line = raw.decode("utf-8").strip()
            if not line:
                continue
            need = max(1, visible_len(raw))
            if labelled is not None and line in labelled:
                furniture += 1
                if covered(span, rem) >= need:
                    found += 1
                else:
                    left.append((doc_id, line))
            elif covered(span, boiler) > 0:
                article_removed += 1
                (wrong if labelled is not None else other).append((doc_id, line))
            elif labelled is not None and covered(span, rem) > 0:
                repeated += 1
    removed_lines = found + len(wrong)
    print(f"  furniture recall {found}/{furniture} lines "
          f"({100.0 * found / max(1, furniture):.1f}%); precision in labelled documents "
          f"{found}/{removed_lines} ({100.0 * found / max(1, removed_lines):.1f}%)")
    print(f"  article lines removed as boilerplate: {len(wrong)} in labelled documents, "
          f"{len(other)} in the {len(docs) - len(labels)} unlabelled ones; "
          f"{repeated} article lines removed as repeats in labelled documents")
    for doc_id, line in left[:show]:
        print(f"    left    {doc_id}: {show_piece(line, 70)!r}")
    if len(left) > show:
        print(f"    ... {len(left) - show} more left")
    for doc_id, line in (wrong + other)[:show]:
        print(f"    WRONG   {doc_id}: {show_piece(line, 70)!r}")


def fixtures_report(doppel, clean_args, show):
    docs = load_fixture_docs()
    labels = {}
    bad = 0
    for d in load(os.path.join(ROOT, FIXTURE_LABELS), 0):
        if d["id"] not in docs:
            print(f"error: labelled document {d['id']} not found in the fixtures")
            bad += 1
            continue
        lines = {l.strip() for l in docs[d["id"]][0].splitlines()}
        for line in d["furniture_lines"]:
            if line not in lines:
                print(f"error: {d['id']}: label {line!r} is not a line of the document")
                bad += 1
        labels[d["id"]] = set(d["furniture_lines"])
    for doc_id, (_, style) in docs.items():
        if "template" in style.split(",") and doc_id not in labels:
            print(f"warning: {doc_id} has style template but no labels")
    if bad:
        return 1
    print(f"Fixtures: {len(docs)} documents, {len(labels)} with labelled furniture "
          f"({sum(len(v) for v in labels.values())} lines)")
    print("all rules" + (f" ({clean_args})" if clean_args else "") + ":")
    fixture_pass(doppel, docs, labels, clean_args.split(), show)
    print("in-document rules only (--boilerplate-min-docs 100000):")
    fixture_pass(doppel, docs, labels, clean_args.split() + ["--boilerplate-min-docs", "100000"],
                 show)
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--doppel", default=os.path.join(ROOT, "build", "doppel"))
    parser.add_argument("--data", default=DATA, help="directory holding meter/ and bbc/")
    parser.add_argument("--clean-args", default="",
                        help="extra arguments for `doppel clean`, split on spaces")
    parser.add_argument("--no-reuters", action="store_true",
                        help="skip the Reuters-21578 view (unlabelled wire copy)")
    parser.add_argument("--limit", type=int, default=0, help="documents per set (0 = all)")
    parser.add_argument("--show", type=int, default=25, help="examples listed per report")
    parser.add_argument("--fixtures", action="store_true",
                        help="measure the labelled template furniture of our own fixtures")
    args = parser.parse_args()

    if args.fixtures:
        if not os.access(args.doppel, os.X_OK):
            print(f"error: no doppel binary at {args.doppel} (build first or pass --doppel)")
            return 2
        return fixtures_report(args.doppel, args.clean_args, args.show)

    meter_path = os.path.join(args.data, "meter", "docs.jsonl")
    bbc_path = os.path.join(args.data, "bbc", "docs.jsonl")
    if not os.path.exists(meter_path) and not os.path.exists(bbc_path):
        print(f"skip: evaluation data not found under {args.data}")
        return SKIP
    if not os.access(args.doppel, os.X_OK):
        print(f"error: no doppel binary at {args.doppel} (build first or pass --doppel)")
        return 2

    if os.path.exists(meter_path):
        docs = load(meter_path, args.limit)
        removed = run_cleaner(args.doppel, docs, args.clean_args.split())
        pa = [d for d in docs if d["id"].startswith("meter:pa:")]
        npd = [d for d in docs if d["id"].startswith("meter:np:")]
        volume("METER all", docs, removed)
        volume("METER PA", pa, removed)
        volume("METER newspapers", npd, removed)
        pa_report(docs, removed, args.show)
        false_positive_report("METER newspapers", npd, removed, args.show)
    else:
        print(f"skip: {meter_path} not found")

    reuters_path = os.path.join(args.data, "reuters21578", "docs.jsonl")
    if os.path.exists(reuters_path) and not args.no_reuters:
        docs = load(reuters_path, args.limit)
        removed = run_cleaner(args.doppel, docs, args.clean_args.split())
        volume("Reuters", docs, removed)
        shapes = collections.Counter()
        for d in docs:
            tb = d["text"].encode("utf-8")
            for kind, piece in removed_pieces(tb, removed.get(d["id"], [])):
                shapes[(kind, re.sub(r"\d", "9", show_piece(piece, 60)))] += 1
        print("Reuters: most frequent removals (digits shown as 9):")
        for (kind, piece), count in shapes.most_common(args.show):
            print(f"  {count:5d} [{kind}] {piece!r}")

    if os.path.exists(bbc_path):
        docs = load(bbc_path, args.limit)
        removed = run_cleaner(args.doppel, docs, args.clean_args.split())
        volume("BBC", docs, removed)
        false_positive_report("BBC", docs, removed, args.show)
    else:
        print(f"skip: {bbc_path} not found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
