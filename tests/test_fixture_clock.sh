#!/bin/sh
# No result depends on when the fixtures were generated: the core
# fixtures made 60 days in the past (fixtures/gen.sh with PKI_NOW moved
# back) still pass the shell tests that depend most on dates (the other
# fixture users pass too; they are left out to keep make check light),
# because lib.sh's run evaluates at the fixtures' own clock. Without that pin
# (CERTDIAG_REAL_CLOCK=1) the same fixtures fail test_check.sh, which
# shows they really are stale.
. "${top_srcdir:-.}/tests/lib.sh"
need jq

AGED=$TMP/aged
if PKI_NOW=$(($(date -u +%s) - 60 * 86400)) \
    "$top_srcdir/fixtures/gen.sh" "$AGED" >"$TMP/gen.log" 2>&1; then
	ok "fixtures generated 60 days in the past"
else
	fail "fixtures/gen.sh failed: $(tail -3 "$TMP/gen.log")"
fi

# The nested tests are about the clock, not memory: under
# check-valgrind they run the plain binary (their own runs are checked).
nested() { # TEST [VAR=VALUE...]
	_t=$1
	shift
	env "$@" CERTDIAG="${CERTDIAG_REAL:-$CERTDIAG}" \
	    CERTDIAG_FIXTURES="$AGED" CERTDIAG_CAPTURE="$TMP/captures" \
	    sh "$top_srcdir/tests/$_t" >"$TMP/$_t.log" 2>&1 </dev/null
}
for t in test_check.sh test_renewal.sh; do
	if nested "$t"; then
		ok "$t passes on 60-day-old fixtures"
	else
		fail "$t fails on 60-day-old fixtures: $(grep '^not ok' "$TMP/$t.log" | head -3)"
	fi
done
if nested test_check.sh CERTDIAG_REAL_CLOCK=1; then
	fail "test_check.sh passes on 60-day-old fixtures at the real clock: they are not stale"
else
	ok "at the real clock the same fixtures fail test_check.sh ($(grep -c '^not ok' "$TMP/test_check.sh.log") assertions)"
fi

done_testing
