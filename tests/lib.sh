# lib.sh: the shell tests' harness. Source it first:
#   . "${top_srcdir:-.}/tests/lib.sh"
# Provides: $CERTDIAG, $TMP (removed on exit), $FIX (the generated core
# PKI, made once per build by fixtures/gen.sh), $NOW (its clock),
# run/expect_* assertions, on_exit for extra cleanup (servers).
set -eu
LC_ALL=C.UTF-8	# C collation; UTF-8 text, so marks are the Unicode ones
export LC_ALL
unset NO_COLOR
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${CERTDIAG:=$top_builddir/src/certdiag}"
export top_srcdir top_builddir CERTDIAG

TMP=$(mktemp -d "${TMPDIR:-/tmp}/certdiag-test.XXXXXX")
_cleanups=
on_exit() { _cleanups="$1; $_cleanups"; }
_lib_exit() {
	_st=$?
	eval "$_cleanups" 2>/dev/null || true
	rm -rf "$TMP"
	exit $_st
}
trap _lib_exit EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

. "$top_srcdir/fixtures/pki.sh"

# The core PKI, generated once per build tree and shared by all tests;
# flock keeps parallel `make check -j` runs from generating it twice.
FIX=$top_builddir/tests/fixtures.out
fixtures() {
	(
		flock 9
		if [ ! -f "$FIX/stamp" ]; then
			rm -rf "$FIX"
			"$top_srcdir/fixtures/gen.sh" "$FIX" >"$TMP/gen.log" 2>&1 ||
			    { cat "$TMP/gen.log" >&2; exit 1; }
		fi
	) 9>"$top_builddir/tests/.fixtures.lock"
	NOW=$(cat "$FIX/now")
}

_ntest=0
_nfail=0
ok() { _ntest=$((_ntest + 1)); echo "ok $_ntest - $*"; }
fail() {
	_ntest=$((_ntest + 1))
	_nfail=$((_nfail + 1))
	echo "not ok $_ntest - $*"
	echo "# command: $LAST_CMD"
	echo "# exit status: $RC"
	sed 's/^/# stdout: /' "$TMP/out" | head -40
	sed 's/^/# stderr: /' "$TMP/err" | head -20
}
# Call at the end of every test script.
done_testing() {
	echo "1..$_ntest"
	[ "$_nfail" -eq 0 ]
}

# run ARGS...: runs certdiag; stdout in $TMP/out, stderr in $TMP/err, $RC.
RC=0
LAST_CMD=
run() {
	LAST_CMD="certdiag $*"
	RC=0
	"$CERTDIAG" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null || RC=$?
}

# Assertions: each records one test result and never exits early.
expect_status() { # N DESCRIPTION
	if [ "$RC" -eq "$1" ]; then ok "$2 (exit $1)"; else fail "$2: expected exit $1"; fi
}
# JSON assertions fail on empty output: jq -e accepts an empty input.
_json() { [ -s "$TMP/out" ] && jq -e "$1" "$TMP/out" >/dev/null 2>&1; }
# expect_finding ID [SEVERITY] -- in JSON output (run with -f json).
expect_finding() {
	_sel=".findings[] | select(.id == \"$1\")"
	[ $# -lt 2 ] || _sel="$_sel | select(.severity == \"$2\")"
	if _json "[$_sel] | length > 0"; then
		ok "finding $1${2:+ ($2)}"
	else
		fail "expected finding $1${2:+ ($2)}"
	fi
}
expect_no_finding() {
	if _json "[.findings[] | select(.id == \"$1\")] | length == 0"; then
		ok "no finding $1"
	else
		fail "unexpected finding $1"
	fi
}
expect_json() { # JQ-EXPRESSION DESCRIPTION
	if _json "$1"; then ok "$2"; else fail "$2 ($1)"; fi
}
expect_out() { # FIXED-STRING
	if grep -qF -- "$1" "$TMP/out"; then ok "stdout has '$1'"; else fail "stdout lacks '$1'"; fi
}
expect_no_out() {
	if grep -qF -- "$1" "$TMP/out"; then fail "stdout has '$1'"; else ok "stdout lacks '$1'"; fi
}
expect_err() {
	if grep -qF -- "$1" "$TMP/err"; then ok "stderr has '$1'"; else fail "stderr lacks '$1'"; fi
}
