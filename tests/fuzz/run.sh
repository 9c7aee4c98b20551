#!/bin/sh
# Runs one libFuzzer harness for a bounded time. Its corpus grows in the
# build tree (tests/fuzz/corpus-NAME) and is seeded on every run from the
# committed seeds, the regression inputs and, for the loader, the
# generated fixture PKI. A crash, leak or timeout fails the run and
# leaves the input in tests/fuzz/artifacts-NAME/.
#
# usage: tests/fuzz/run.sh NAME SECONDS    (NAME: load | explain | tree | conf)
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
. "$top_srcdir/tests/lib.sh"

name=${1:?usage: run.sh NAME SECONDS}
secs=${2:?usage: run.sh NAME SECONDS}
bin=$top_builddir/tests/fuzz/fuzz_$name
corpus=$top_builddir/tests/fuzz/corpus-$name
artifacts=$top_builddir/tests/fuzz/artifacts-$name/
log=$top_builddir/tests/fuzz/fuzz_$name.log
mkdir -p "$corpus" "$artifacts"

seeds=$top_srcdir/tests/fuzz/seeds/$name
[ ! -d "$top_srcdir/tests/regress/$name" ] ||
    seeds="$seeds $top_srcdir/tests/regress/$name"
if [ "$name" = load ]; then
	fixtures
	# Only the fixtures' inputs, not the generator's bookkeeping.
	mkdir -p "$TMP/fixtures"
	find "$FIX" -maxdepth 1 -type f ! -name stamp ! -name now \
	    ! -name '*.srl' -exec cp {} "$TMP/fixtures/" \;
	seeds="$seeds $TMP/fixtures"
fi
dict=
[ ! -f "$top_srcdir/tests/fuzz/$name.dict" ] ||
    dict=-dict=$top_srcdir/tests/fuzz/$name.dict
if [ "$name" = explain ]; then
	# The knowledge base's own patterns are the words worth trying.
	grep -o '"[^"]*"' "$top_srcdir/src/explain/explain_kb.c" |
	    grep -v '\\' |	# an escape inside a C string breaks the dictionary
	    awk 'length($0) > 5 && length($0) < 66' | sort -u > "$TMP/explain.dict"
	dict=-dict=$TMP/explain.dict
fi

echo "fuzz_$name: ${secs}s, corpus $corpus"
# shellcheck disable=SC2086
if ! "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts" \
    $dict "$corpus" $seeds >"$log" 2>&1; then
	tail -n 80 "$log"
	echo "fuzz_$name: FAILED; the input that failed is in $artifacts" >&2
	exit 1
fi
grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb|new_units_added)' "$log" |
    sed "s/^/fuzz_$name: /"
grep -E 'INFO: .*(inputs|files found)' "$log" | head -n 2 | sed "s/^/fuzz_$name: /"
echo "fuzz_$name: clean"
