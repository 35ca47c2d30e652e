#!/usr/bin/env bash
# The README's first command: install missing Debian packages, build, and scan the
# bundled example corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
echo
echo "== build/doppel scan examples/news"
build/doppel scan examples/news
