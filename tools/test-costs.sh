#!/bin/sh
# tools/test-costs.sh [TEST...]: the CPU seconds (user + system, the test
# and everything it ran) of each test of `make check`, one at a time, in
# a built tree; the heaviest first. CPU time, not wall time: on a shared
# machine the wall clock measures the neighbours. With certdiag under
# valgrind: CERTDIAG_VALGRIND=1 CERTDIAG_VGLOG=DIR tools/test-costs.sh
# (after `make check-valgrind` has installed tests/valgrind-bin).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
tests=${*:-$(printf 'print-tests:\n\t@echo $(TESTS)\n' |
    make -s --no-print-directory -f Makefile -f - print-tests)}
bin=$top/src/certdiag
if [ -n "${CERTDIAG_VALGRIND-}" ]; then
	CERTDIAG_REAL=$bin
	export CERTDIAG_REAL
	bin=$top/tests/valgrind-bin/certdiag
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for t in $tests; do
	case $t in
	*.sh) cmd="sh $t" ;;
	*) cmd="./$t" ;;
	esac
	# shellcheck disable=SC2086
	/usr/bin/time -f "%U %S" -o "$out.t" env top_srcdir="$top" \
	    top_builddir="$top" CERTDIAG="$bin" $cmd >/dev/null 2>&1 || true
	awk -v t="$t" '{ printf "%7.1f  %s\n", $1 + $2, t }' "$out.t" >> "$out"
	rm -f "$out.t"
done
sort -rn "$out"
awk '{ s += $1 } END { printf "%7.1f  total CPU seconds\n", s }' "$out"
