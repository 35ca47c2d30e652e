#!/usr/bin/env bash
# Loads doppel HTML reports in headless Chromium, with no network, and checks that they work.
#
# Usage: report_test.sh DOPPEL_BINARY [OUTPUT_DIR]
#   DOPPEL_SOURCE_DIR  the repository (default: two levels above this script)
#   CHROMIUM           the browser (default: chromium on PATH)
# Exit 0 when every check passes, 1 when one fails, 77 (skipped) when Chromium is absent.
#
# Reports built: examples/news, tests/fixtures/case/docs.jsonl (--mode rewrite), a
# fixture with non-ASCII text and "</script>"/"<!--" inside texts and ids, and a generated
# corpus of 400 small clusters (more than the report embeds texts for). For each page:
#  - it ran to the end (data-ready on <html>), with no error recorded by the page's hooks
#    (window.onerror, unhandled rejections, console.error, Content-Security-Policy
#    violations) and no console message in Chromium's log;
#  - ?selfcheck: every piece of every embedded comparison shows exactly the UTF-8 byte
#    range the data names, every text has its stated byte length, and hovering/clicking a
#    sentence lights/pins its counterpart in the other text;
#  - #cluster-0 shows the cluster: the DOM holds each of its member ids (from --clusters);
#  - ?q=... filters the cluster list (words from a text, non-ASCII too; an id; a word
#    from no text).
# Then a screenshot of examples/news #cluster-0 (1400x1000) is saved as
# OUTPUT_DIR/report-cluster-0.png and checked to be a real, non-blank PNG.
set -u
doppel=${1:?usage: report_test.sh DOPPEL_BINARY [OUTPUT_DIR]}
out_dir=${2:-.}
src=${DOPPEL_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium" ] || [ ! -x "$chromium" ]; then
  echo "SKIP: chromium not found (install the Debian package 'chromium' or set CHROMIUM)"
  exit 77
fi
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

# run_chromium LOG ARGS...: one headless run, no network (a dead proxy and no DNS on top of
# the page's own Content-Security-Policy), a fresh profile each time.
run_chromium() {
  local log=$1; shift
  local profile; profile=$(mktemp -d "$tmp/profile.XXXXXX")
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-extensions --user-data-dir="$profile" \
    --proxy-server=127.0.0.1:9 --host-resolver-rules="MAP * ~NOTFOUND" \
    --enable-logging=stderr --v=0 "$@" 2>"$log"
}

# urlencode WORDS
urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

# check_page NAME PAGE CLUSTERS_JSONL [SEARCH_HIT [SEARCH_MISS]]: the checks for one report;
# the search checks run only for the words given.
check_page() {
  local name=$1 page=$2 clusters=$3 search_hit=${4:-} search_miss=${5:-}
  local url="file://$page"
  local dom="$tmp/$name.dom.html" log="$tmp/$name.log"

  run_chromium "$log" --virtual-time-budget=5000 --dump-dom "$url?selfcheck#cluster-0" >"$dom"
  if [ ! -s "$dom" ]; then
    fail "$name: Chromium returned no DOM"; sed 's/^/  | /' "$log" | tail -5; return
  fi
  # Chromium's own log: any console message or uncaught error is a failure.
  if grep -E ':CONSOLE|Uncaught|Refused to' "$log" >"$tmp/$name.console"; then
    fail "$name: console output"; sed 's/^/  | /' "$tmp/$name.console" | head -10
  else
    pass "$name: no console output"
  fi
  python3 - "$name" "$dom" "$clusters" >"$tmp/$name.check" <<'EOF'
import html, json, re, sys
name, dom_path, clusters_path = sys.argv[1:4]
dom = open(dom_path, encoding="utf-8").read()
clusters = [json.loads(l) for l in open(clusters_path, encoding="utf-8") if l.strip()]
def report(ok, what):
    print(("ok: " if ok else "FAIL: ") + name + ": " + what)
report('data-ready="1"' in dom, "page script ran to the end")
errors = re.search(r'<div id="doppel-errors"[^>]*>(.*?)</div>\s*<div class="layout">', dom, re.S)
hidden = errors is not None and " hidden" in dom[errors.start():errors.start() + 120]
lines = re.findall(r'<div class="error-line">(.*?)</div>', dom, re.S)
report(errors is not None and hidden and not lines,
       "no errors recorded by the page" + ("" if not lines else ": " + " | ".join(lines[:5])))
check = re.search(r'<pre id="doppel-selfcheck" data-status="(\w+)">(.*?)</pre>', dom, re.S)
if check is None:
    report(False, "self check did not run")
else:
    text = html.unescape(check.group(2))
    segments = int(re.search(r"segments=(\d+)", text).group(1))
    linked = re.search(r"linked=(\w+)", text).group(1)
    report(check.group(1) == "ok", "self check: " + text.splitlines()[0] +
           ("" if check.group(1) == "ok" else "\n  " + "\n  ".join(text.splitlines()[1:6])))
    cluster0 = clusters[0] if clusters else None
    if cluster0 and cluster0["size"] >= 2:
        report(segments > 0, f"self check covered {segments} text pieces")
        report(linked == "ok", f"linked highlights: {linked}")
if clusters:
    c0 = min(clusters, key=lambda c: (-c["size"], c["cluster"]))
    view = re.search(r'<main id="view".*?</main>', dom, re.S)
    view = view.group(0) if view else ""
    missing = [m for m in c0["members"] if html.escape(m, quote=False) not in view]
    report(not missing, f"cluster {c0['cluster']} view shows its {len(c0['members'])} member ids"
           + ("" if not missing else "; missing " + ", ".join(missing[:5])))
EOF
  cat "$tmp/$name.check"
  failures=$((failures + $(grep -c '^FAIL' "$tmp/$name.check")))

  # Search: a word from one text lists at least one cluster, a made-up word lists none.
  local q hits
  for q in "$search_hit" "$search_miss"; do
    [ -n "$q" ] || continue
    run_chromium "$tmp/$name.search.log" --virtual-time-budget=5000 --dump-dom "$url?q=$(urlencode "$q")" \
      >"$tmp/$name.search.html"
    hits=$(grep -o 'class="cluster-item' "$tmp/$name.search.html" | wc -l)
    if [ "$q" = "$search_hit" ]; then
      [ "$hits" -ge 1 ] && grep -q 'class="ci-match"' "$tmp/$name.search.html" \
        && pass "$name: search '$q' lists $hits cluster(s) with the matching member" \
        || fail "$name: search '$q' lists $hits clusters"
    else
      [ "$hits" -eq 0 ] && grep -q 'No cluster has a document' "$tmp/$name.search.html" \
        && pass "$name: search for a word in no text lists no cluster" \
        || fail "$name: search '$q' lists $hits clusters"
    fi
  done
}

# build_report NAME ARGS...: doppel scan ARGS --report NAME.html --clusters NAME.jsonl
build_report() {
  local name=$1; shift
  if ! "$doppel" scan "$@" --quiet --report "$tmp/$name.html" --clusters "$tmp/$name.clusters.jsonl" \
      >/dev/null 2>"$tmp/$name.scan.err"; then
    fail "$name: doppel scan failed"; cat "$tmp/$name.scan.err"; return 1
  fi
}

build_report news "$src/examples/news" && check_page news "$tmp/news.html" "$tmp/news.clusters.jsonl" "Kelsey Bridge" "zqxjv-in-no-text"
build_report case "$src/tests/fixtures/case/docs.jsonl" --mode rewrite \
  && check_page case "$tmp/case.html" "$tmp/case.clusters.jsonl"
build_report unicode "$src/tests/cli/report/data/unicode.jsonl" \
  && check_page unicode "$tmp/unicode.html" "$tmp/unicode.clusters.jsonl" "Rämistrasse"

# A corpus with more clusters than the report embeds texts for (300 by default): 400 pairs
# of near-identical generated texts (seeded, so the same every run).
python3 - "$tmp/many.jsonl" <<'EOF'
import json, random, sys
rng = random.Random(20240521)
vocab = [f"w{n}" for n in range(5000)]
with open(sys.argv[1], "w") as f:
    for c in range(400):
        words = [rng.choice(vocab) for _ in range(80)]
        f.write(json.dumps({"id": f"c{c:03d}-a", "text": " ".join(words) + "."}) + "\n")
        f.write(json.dumps({"id": f"c{c:03d}-b", "text": " ".join(words[:-1]) + " extra."}) + "\n")
EOF
if build_report many "$tmp/many.jsonl"; then
  check_page many "$tmp/many.html" "$tmp/many.clusters.jsonl" "c123-b"
  # The last listed cluster carries no texts: its view must say so and still list members.
  last=$(python3 -c 'import json,sys; print([json.loads(l) for l in open(sys.argv[1])][-1]["cluster"])' \
    "$tmp/many.clusters.jsonl")
  last_member=$(python3 -c 'import json,sys; print([json.loads(l) for l in open(sys.argv[1])][-1]["members"][0])' \
    "$tmp/many.clusters.jsonl")
  run_chromium "$tmp/many.last.log" --virtual-time-budget=5000 --dump-dom "file://$tmp/many.html#cluster-$last" \
    >"$tmp/many.last.html"
  if grep -q 'texts of this cluster are not embedded' "$tmp/many.last.html" \
      && grep -q "$last_member" "$tmp/many.last.html" \
      && grep -q 'Show 200 more' "$tmp/many.last.html"; then
    pass "many: cluster $last is listed without texts and says so; the list shows 200 at a time"
  else
    fail "many: cluster $last view or the list's paging is wrong"
  fi
fi

# Screenshot of a cluster view.
shot="$out_dir/report-cluster-0.png"
rm -f "$shot"
run_chromium "$tmp/shot.log" --hide-scrollbars --window-size=1400,1000 --virtual-time-budget=5000 \
  --screenshot="$shot" "file://$tmp/news.html#cluster-0" >/dev/null
python3 - "$shot" <<'EOF' && pass "screenshot $shot" || fail "screenshot $shot"
import os, struct, sys, zlib
path = sys.argv[1]
data = open(path, "rb").read() if os.path.exists(path) else b""
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
width, height = struct.unpack(">II", data[16:24])
assert (width, height) == (1400, 1000), f"size {width}x{height}"
# Non-trivial: a blank or near-blank page compresses to a few KB.
assert len(data) > 40_000, f"only {len(data)} bytes"
EOF

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all browser checks passed"
