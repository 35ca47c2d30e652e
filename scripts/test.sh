#!/usr/bin/env bash
# The README's second command (and .ci/run): install what is missing, build, and run the
# whole test suite: unit, CLI and evaluation tests (those reading ../shared/data skip when
# it is absent). Extra arguments go to ctest, e.g. scripts/test.sh -L unit
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
cd build
ctest --output-on-failure -j"$(nproc)" "$@"
