# lib.sh: the shell tests' harness. Source it first:
#   . "${top_srcdir:-.}/tests/lib.sh"
# Provides: $CERTDIAG, $TMP (removed on exit), $FIX (the generated core
# PKI, made once per build by fixtures/gen.sh), $NOW (its clock),
# run/expect_* assertions, need (skip without an optional tool), on_exit
# for extra cleanup (servers).
#
# The clock: every certificate a test makes or uses is dated relative to
# $PKI_NOW (fixtures/pki.sh; `fixtures` sets it to the fixtures' own
# clock), and run passes --at @$PKI_NOW to the commands that take it, so
# no result depends on when the fixtures were generated.
# CERTDIAG_REAL_CLOCK=1 leaves --at out (a test that needs the real clock).
# CERTDIAG_FIXTURES names another fixtures directory (made by gen.sh).
#
# Captures: run keeps each command line, stdout and stderr under
# $CERTDIAG_CAPTURE/<test name>/ (default tests/captures.out in the build
# tree), which the secrets sweep (test_secrets.sh) searches.
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

# The system's python3 rather than a version manager's shim in front of
# it (pyenv's costs about a second of CPU per start, the python itself a
# twentieth; the tests start it hundreds of times). The helpers use only
# the standard library.
if [ -x /usr/bin/python3 ] &&
    [ "$(command -v python3 || true)" != /usr/bin/python3 ]; then
	mkdir -p "$TMP/bin"
	ln -s /usr/bin/python3 "$TMP/bin/python3"
	PATH=$TMP/bin:$PATH
	export PATH
fi

. "$top_srcdir/fixtures/pki.sh"

# The core PKI, generated once per build tree and shared by all tests;
# flock keeps parallel `make check -j` runs from generating it twice.
FIX=${CERTDIAG_FIXTURES:-$top_builddir/tests/fixtures.out}
fixtures() {
	(
		flock 9
		if [ ! -f "$FIX/stamp" ]; then
			rm -rf "$FIX"
			"$top_srcdir/fixtures/gen.sh" "$FIX" >"$TMP/gen.log" 2>&1 ||
			    { cat "$TMP/gen.log" >&2; exit 1; }
		fi
	) 9>"$FIX.lock"
	NOW=$(cat "$FIX/now")
	PKI_NOW=$NOW
}

# skip REASON: the test cannot run here (automake counts exit 77 as SKIP).
skip() {
	echo "1..0 # SKIP $*"
	exit 77
}
# need TOOL...: skips the test unless each optional tool is there.
# "s_server" is openssl's test server; nginx is also looked for in sbin.
need() {
	for _tool; do
		case $_tool in
		s_server)
			openssl s_server -help >/dev/null 2>&1 ||
			    skip "openssl s_server is not available" ;;
		nginx)
			command -v nginx >/dev/null 2>&1 ||
			    [ -x /usr/sbin/nginx ] ||
			    skip "nginx is not installed (apt-get install nginx-light)" ;;
		*)
			command -v "$_tool" >/dev/null 2>&1 ||
			    skip "$_tool is not installed (./bootstrap lists the packages)" ;;
		esac
	done
}

# Each test's captured runs; a rerun replaces them.
: "${CERTDIAG_CAPTURE:=$top_builddir/tests/captures.out}"
_capdir=$CERTDIAG_CAPTURE/$(basename "$0" .sh)
rm -rf "$_capdir"
mkdir -p "$_capdir"
_nrun=0

_ntest=0
_nfail=0
ok() { _ntest=$((_ntest + 1)); echo "ok $_ntest - $*"; }
fail() {
	_ntest=$((_ntest + 1))
	_nfail=$((_nfail + 1))
	echo "not ok $_ntest - $*"
	if [ -n "$LAST_CMD" ]; then
		echo "# command: $LAST_CMD"
		echo "# exit status: $RC"
		sed 's/^/# stdout: /' "$TMP/out" | head -40
		sed 's/^/# stderr: /' "$TMP/err" | head -20
	fi
}
# Call at the end of every test script.
done_testing() {
	echo "1..$_ntest"
	[ "$_nfail" -eq 0 ]
}

# run ARGS...: runs certdiag; stdout in $TMP/out, stderr in $TMP/err, $RC.
# check, show, connect and scan run at --at @$PKI_NOW unless the test
# gives --at itself or sets CERTDIAG_REAL_CLOCK.
RC=0
LAST_CMD=
run() {
	case ${1-} in
	check|show|connect|scan)
		if [ -z "${CERTDIAG_REAL_CLOCK-}" ] && ! _has_at "$@"; then
			_cmd=$1
			shift
			set -- "$_cmd" --at "@$PKI_NOW" "$@"
		fi ;;
	esac
	LAST_CMD="certdiag $*"
	RC=0
	"$CERTDIAG" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null || RC=$?
	_nrun=$((_nrun + 1))
	printf '%s\n' "$LAST_CMD" >"$_capdir/$_nrun.cmd"
	cp "$TMP/out" "$_capdir/$_nrun.out"
	cp "$TMP/err" "$_capdir/$_nrun.err"
}
_has_at() {
	for _arg; do
		case $_arg in --at|--at=*) return 0 ;; esac
	done
	return 1
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
