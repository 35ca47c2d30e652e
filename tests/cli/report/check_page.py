#!/usr/bin/env python3
"""Checks a doppel HTML report against the scan's --clusters JSONL and the input texts.

Usage: check_page.py REPORT.html CLUSTERS.jsonl [DOCS.jsonl]

Prints one line per check ("name: ok" or "name: FAIL (why)") and exits 1 when any failed.
Texts are compared with DOCS.jsonl ({"id", "text"} lines) when given, otherwise with the
files the members' "where" names (.txt/.md inputs).
"""
import json
import re
import sys

DATA = re.compile(r'<script type="application/json" id="([^"]+)">(.*?)</script>', re.S)


def main():
    page_path, clusters_path = sys.argv[1], sys.argv[2]
    page = open(page_path, encoding="utf-8").read()
    clusters = [json.loads(line) for line in open(clusters_path, encoding="utf-8") if line.strip()]
    texts = None
    if len(sys.argv) > 3:
        texts = {}
        for line in open(sys.argv[3], encoding="utf-8"):
            if line.strip():
                doc = json.loads(line)
                texts[str(doc["id"])] = doc["text"]

    results = []

    def check(name, ok, why=""):
        results.append(ok)
        print(f"{name}: {'ok' if ok else 'FAIL (' + why + ')'}")

    check("doctype", page.startswith("<!DOCTYPE html>"))
    check("offline policy", "content=\"default-src 'none';" in page)
    elements = DATA.findall(page)
    data = {}
    bad_json = []
    for element_id, body in elements:
        try:
            data[element_id] = json.loads(body)
        except ValueError as e:
            bad_json.append(f"{element_id}: {e}")
    check("data elements parse", not bad_json, "; ".join(bad_json[:3]))
    # Every "</script" closes one of the page's own elements: the data elements, the
    # error hook in <head> and the page script.
    check("script elements", page.count("<script") == page.count("</script") == len(elements) + 2,
          f"{page.count('<script')} open, {page.count('</script')} close, {len(elements)} data")
    check("no comment openers", "<!--" not in page)

    index = data.get("doppel-index", {})
    listed = [c["id"] for c in index.get("clusters", [])]
    want = [c["cluster"] for c in sorted(clusters, key=lambda c: (-c["size"], c["cluster"]))]
    check("clusters listed largest first", listed == want, f"page {listed[:10]}, jsonl {want[:10]}")

    member_problems, text_problems, texts_checked = [], [], 0
    for c in clusters:
        block = data.get(f"doppel-cluster-{c['cluster']}")
        if block is None:
            member_problems.append(f"cluster {c['cluster']} has no element")
            continue
        ids = [m["id"] for m in block["members"]]
        if ids[0] != c["original"]:
            member_problems.append(f"cluster {c['cluster']}: original {ids[0]} != {c['original']}")
        if sorted(ids) != sorted(c["members"]) or block["size"] != c["size"]:
            member_problems.append(f"cluster {c['cluster']}: members differ")
        for m in block["members"]:
            if "text" not in m:
                continue
            want_text = texts.get(m["id"]) if texts is not None else open(m["where"], encoding="utf-8").read()
            texts_checked += 1
            if want_text is None or m["text"] != want_text or len(m["text"].encode()) != m["bytes"]:
                text_problems.append(m["id"])
            cmp = m.get("compare")
            if cmp is not None:
                for side, owner in (("a", block["members"][0]), ("b", m)):
                    limit = len(owner["text"].encode())
                    spans = [s for al in cmp["alignments"] for s in al[side]]
                    spans += [r[:2] for r in cmp[side + "_removed"]]
                    spans += [f[side] for f in cmp["facts"] if f[side]]
                    if any(not (0 <= s[0] < s[1] <= limit) for s in spans):
                        text_problems.append(f"{m['id']}: span outside the {side} text")
    check("members match clusters.jsonl", not member_problems, "; ".join(member_problems[:3]))
    check("texts embedded exactly", texts_checked > 0 and not text_problems,
          f"{texts_checked} checked; " + ", ".join(text_problems[:3]))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
