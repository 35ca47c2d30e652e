#!/usr/bin/env bash
# Builds doppel and its unit tests with a sanitizer and runs them, then two-thread scans of
# the bundled examples and the rewrite fixtures. Any report fails the run.
#   scripts/sanitize.sh thread    ThreadSanitizer, in build-tsan/ (data races: the thread
#                                 pool, the pipelined reader, every parallel stage)
#   scripts/sanitize.sh address   AddressSanitizer + UndefinedBehaviorSanitizer, in build-asan/
# Not part of scripts/test.sh: a sanitized build and run take 10-20 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-thread}
case "$kind" in
  thread)
    dir=build-tsan
    flags="-fsanitize=thread"
    export TSAN_OPTIONS="halt_on_error=1 exitcode=66"
    ;;
  address)
    dir=build-asan
    flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
    export ASAN_OPTIONS="halt_on_error=1 exitcode=66"
    export UBSAN_OPTIONS="halt_on_error=1 print_stacktrace=1"
    ;;
  *)
    echo "usage: scripts/sanitize.sh [thread|address]" >&2
    exit 2
    ;;
esac
gen=()
command -v ninja >/dev/null && gen=(-G Ninja)
cmake -S . -B "$dir" "${gen[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
targets=(doppel)
for module_dir in tests/unit/*/; do targets+=("doppel_$(basename "$module_dir")_test"); done
cmake --build "$dir" -j"$(nproc)" --target "${targets[@]}"
status=0
for t in "${targets[@]:1}"; do
  echo "== $t"
  "$dir/tests/$t" --gtest_brief=1 || status=1
done
for threads in 1 2; do
  echo "== doppel scan examples/news tests/fixtures/rewrites --threads $threads"
  "$dir/doppel" scan examples/news tests/fixtures/rewrites --threads "$threads" --quiet \
    --pairs "$dir/sanitize-pairs-$threads.jsonl" || status=1
done
cmp "$dir/sanitize-pairs-1.jsonl" "$dir/sanitize-pairs-2.jsonl" || status=1
if [ "$status" -ne 0 ]; then
  echo "sanitize.sh $kind: FAILED" >&2
  exit 1
fi
echo "sanitize.sh $kind: clean"
