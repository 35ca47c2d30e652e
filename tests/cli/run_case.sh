#!/usr/bin/env bash
# Runs one CLI test case: CASE.sh is executed with $DOPPEL set to the binary and the
# working directory set to a fresh temporary directory. Its stdout is compared with
# CASE.stdout.exact (when present) and its exit code with CASE.exit (default 0).
# Usage: run_case.sh CASE.sh DOPPEL_BINARY [--update]
set -u
case_file=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
export DOPPEL=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
update=${3:-}
base=${case_file%.sh}
export DOPPEL_SOURCE_DIR="${DOPPEL_SOURCE_DIR:-$(cd "$(dirname "$case_file")/../../.." && pwd)}"
export FIXTURES="$DOPPEL_SOURCE_DIR/tests/fixtures"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && bash "$case_file") >"$tmp/.stdout" 2>"$tmp/.stderr"
code=$?
want_code=0
[ -f "$base.exit" ] && want_code=$(cat "$base.exit")
if [ "$update" = "--update" ]; then
  cp "$tmp/.stdout" "$base.stdout.exact"
  [ "$code" != 0 ] && echo "$code" >"$base.exit"
  echo "updated $base"
  exit 0
fi
fail=0
if [ "$code" != "$want_code" ]; then
  echo "exit code $code, expected $want_code"; fail=1
fi
if [ -f "$base.stdout.exact" ] && ! diff -u "$base.stdout.exact" "$tmp/.stdout"; then
  echo "stdout differs from $base.stdout.exact"; fail=1
fi
if [ $fail != 0 ]; then echo "--- stderr"; cat "$tmp/.stderr"; fi
exit $fail
