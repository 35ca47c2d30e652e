#!/usr/bin/env bash
# Build and run the micro-benchmarks with repetitions; prints median, min and max rows.
#   bench/micro/run.sh [REGEX] [extra google-benchmark flags]
# e.g. bench/micro/run.sh 'Normalize|MinHash'   or   bench/micro/run.sh . --benchmark_repetitions=9
# Rates are per CPU-second of the benchmark thread; on a shared machine compare the
# "max" rows (best repetition) or, better, ratios taken within one run.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
filter=${1:-.}
shift || true
if [ ! -f "$repo/build/build.ninja" ]; then
  cmake -S "$repo" -B "$repo/build" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$repo/build" -j2 --target doppel_micro_bench
exec "$repo/build/bench/micro/doppel_micro_bench" --benchmark_filter="$filter" \
  --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_min_time=0.2 "$@"
