#!/usr/bin/env bash
# Installs the Debian 12 packages doppel needs, only those missing (one apt-get call).
# Usage: scripts/install-deps.sh [--bench]
#   --bench  also the benchmark peers (Go and ekzhu/minhash-lsh) and tools
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config python3 git
  libutf8proc-dev        # Unicode NFKC, case folding, character categories
  libxxhash-dev          # XXH3 hashing of words and texts
  libhwy-dev             # Highway's vectorised sort (VQSort) for shingle sets
  libsimdjson-dev        # JSONL parsing
  libzstd-dev zlib1g-dev # .jsonl.zst and .jsonl.gz input
  libcli11-dev           # command-line parsing
  nlohmann-json3-dev     # JSON output
  libstemmer-dev         # Snowball stemmer for rewrite features
  libgtest-dev libgmock-dev  # unit tests
  libbenchmark-dev       # micro-benchmarks
  zstd gzip              # test fixtures for compressed input
  chromium               # headless check of the HTML report
)
if [ "${1:-}" = "--bench" ]; then
  packages+=(golang-go golang-github-ekzhu-minhash-lsh-dev time)
  # The npm peer needs node and npm; a machine that already has them (often from
  # NodeSource, whose nodejs package conflicts with Debian's npm) keeps its own.
  command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
