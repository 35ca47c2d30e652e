#!/usr/bin/env bash
# The end-to-end benchmark in one command: builds doppel (Release, ./build), the shared
# corpus in bench/e2e/work/ and the peers, checks every answer, then times.
#   bench/e2e/run.sh [--sizes 10k,100k] [--threads 1,2] [--modes near] [--peers go,js]
#                    [--skip-no-clean] [--min-recall 0.99] [--min-precision 0.98] [--repeat N]
# Results: bench/e2e/runs/<date>-<host>/{results.md,results.csv,agreement.json,logs/}.
# See bench/README.md and `python3 bench/e2e/run_bench.py --help`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec python3 "$here/run_bench.py" --command "bench/e2e/run.sh $*" "$@"
