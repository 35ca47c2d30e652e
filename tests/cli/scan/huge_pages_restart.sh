# The CLI restarts once with glibc.malloc.hugetlb=1 in GLIBC_TUNABLES (apps/cli/huge_pages.h);
# a user's own hugetlb setting, or DOPPEL_HUGE_PAGES=0, is left as it is. The environment is
# read from /proc while doppel waits for its input on stdin. (glibc cuts GLIBC_TUNABLES at
# its first ':' in place as it parses it, so /proc shows only the first tunable.)
environment_of_scan() {
  (sleep 2; echo '{"id":"a","text":"one document"}') | env "$@" "$DOPPEL" scan - --quiet --pairs /dev/null &
  pid=$!
  sleep 1
  tr '\0' '\n' < "/proc/$pid/environ" | grep '^GLIBC_TUNABLES=' || echo "GLIBC_TUNABLES unset"
  wait
}
environment_of_scan -u GLIBC_TUNABLES
environment_of_scan GLIBC_TUNABLES=glibc.malloc.hugetlb=0
environment_of_scan -u GLIBC_TUNABLES DOPPEL_HUGE_PAGES=0
