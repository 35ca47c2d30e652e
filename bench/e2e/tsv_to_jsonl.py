#!/usr/bin/env python3
"""Convert a make_corpus.py docs.tsv ("id<TAB>text" a line) to the JSONL doppel reads.

Usage: tsv_to_jsonl.py DOCS_TSV OUT_JSONL [--id-offset N]

Each line becomes {"id": "<id + offset>", "text": "<text>"}; ids are written as strings
so they come back unchanged in doppel's --pairs output. A line without a tab or with a
non-integer id is a hard error (the corpus generator never writes one), reported with
its line number.
"""
import argparse
import json
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("docs_tsv")
    ap.add_argument("out_jsonl")
    ap.add_argument("--id-offset", type=int, default=0)
    a = ap.parse_args()
    n = 0
    with open(a.docs_tsv, encoding="utf-8") as src, \
            open(a.out_jsonl, "w", encoding="utf-8") as out:
        for line_no, line in enumerate(src, 1):
            line = line.rstrip("\n")
            tab = line.find("\t")
            if tab < 0 or not line[:tab].isdigit():
                sys.exit("%s:%d: not 'id<TAB>text'" % (a.docs_tsv, line_no))
            doc_id = int(line[:tab]) + a.id_offset
            out.write(json.dumps({"id": str(doc_id), "text": line[tab + 1:]},
                                 ensure_ascii=False))
            out.write("\n")
            n += 1
    print("%s: %d documents" % (a.out_jsonl, n), file=sys.stderr)


if __name__ == "__main__":
    main()
