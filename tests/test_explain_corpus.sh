#!/bin/sh
# certdiag explain on real error messages (tests/explain/corpus*.tsv,
# copied from public bug reports; doc/explain-corpus.md): at least 95%
# of them get the cause their thread established first, and none goes
# unrecognised. The grader prints the figures per family and every miss.
. "${top_srcdir:-.}/tests/lib.sh"
need python3

# Under `make check-valgrind` the explain runs are checked by
# test_explain.sh; the plain binary keeps this sweep of 200 runs fast.
BIN=${CERTDIAG_REAL:-$CERTDIAG}
GRADE="python3 $top_srcdir/tools/explain-grade.py"
CORPUS=$top_srcdir/tests/explain/corpus.tsv
FRESH=$top_srcdir/tests/explain/corpus-fresh.tsv

RC=0
$GRADE --min-right 95 --max-unrecognised 0 "$BIN" "$CORPUS" "$FRESH" \
    >"$TMP/grade" 2>&1 || RC=$?
cat "$TMP/grade"
if [ "$RC" -eq 0 ]; then
	ok "corpus: $(grep '^overall:' "$TMP/grade")"
else
	fail "corpus below the bar (exit $RC): $(grep -e '^overall:' -e '^FAIL' "$TMP/grade" | tr '\n' ' ')"
fi

# The grader itself: a row it must count wrong, one unrecognised, and the
# threshold failing below it.
printf 'family\texpected_id\tcause_keyword\tsource_url\tmessage\n' >"$TMP/c.tsv"
printf 'x\tno-shared-cipher\t-\thttps://example.invalid/1\tno shared cipher\n' >>"$TMP/c.tsv"
printf 'x\tcertificate-expired\t-\thttps://example.invalid/2\tno shared cipher\n' >>"$TMP/c.tsv"
printf 'x\tno-shared-cipher\t-\thttps://example.invalid/3\tall is well\n' >>"$TMP/c.tsv"
RC=0
$GRADE --min-right 30 "$BIN" "$TMP/c.tsv" >"$TMP/g2" 2>&1 || RC=$?
if [ "$RC" -eq 0 ] && grep -q '^overall: 1 right (33%), 1 wrong, 1 unrecognised' "$TMP/g2"; then
	ok "grader counts right, wrong and unrecognised"
else
	fail "grader on a known corpus (exit $RC): $(cat "$TMP/g2")"
fi
RC=0
$GRADE --min-right 50 "$BIN" "$TMP/c.tsv" >"$TMP/g3" 2>&1 || RC=$?
[ "$RC" -eq 1 ] && ok "grader fails below the threshold" ||
    fail "grader exit $RC below the threshold"
RC=0
$GRADE --max-unrecognised 0 "$BIN" "$TMP/c.tsv" >"$TMP/g4" 2>&1 || RC=$?
[ "$RC" -eq 1 ] && ok "grader fails on an unrecognised row" ||
    fail "grader exit $RC with an unrecognised row"
done_testing
