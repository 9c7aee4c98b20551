#!/bin/sh
# The pre-commit integrations, run for real in a throw-away repository:
# the pre-commit framework's hook definition (.pre-commit-hooks.yaml, run
# the way the framework runs it) and contrib/pre-commit as a git hook.
. "${top_srcdir:-.}/tests/lib.sh"
need git
fixtures
F=$FIX
BIN=$(cd "$(dirname "$CERTDIAG")" && pwd)
unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE
export GIT_CONFIG_NOSYSTEM=1 HOME="$TMP"

G=$TMP/repo
mkdir -p "$G/web" "$G/ca"
cd "$G"
git init -q .
git config user.name "certdiag test"
git config user.email "test@example.invalid"
git config commit.gpgsign false
cp "$F/root.pem" ca/root.pem
cp "$F/chain.pem" ca/intermediate.pem
cp "$F/leaf.pem" web/www.crt
git add -A
git commit -qm "certificates" --no-verify

# hook: runs COMMAND... the way a hook runs, recording the result like run().
hook() {
	LAST_CMD="$*"
	RC=0
	"$@" >"$TMP/out" 2>"$TMP/err" </dev/null || RC=$?
}

# --- .pre-commit-hooks.yaml, as the framework reads it -----------------
Y=$top_srcdir/.pre-commit-hooks.yaml
field() { # KEY: the value of "  KEY: value" in the first hook
	sed -n "s/^  $1: *//p" "$Y" | head -1 | sed 's/^"\(.*\)"$/\1/'
}
[ "$(sed -n 's/^- id: *//p' "$Y" | head -1)" = certdiag ] &&
    ok "hook id certdiag" || fail "hook id is not certdiag"
[ "$(field language)" = system ] && ok "language: system" ||
    fail "language is not system"
[ "$(field pass_filenames)" = false ] && ok "pass_filenames: false" ||
    fail "pass_filenames is not false"
ENTRY=$(field entry)
case $ENTRY in
"certdiag scan --staged"*) ok "entry: $ENTRY" ;;
*) fail "entry '$ENTRY' is not certdiag scan --staged" ;;
esac

# The framework splits entry into words (shlex), appends args (none here,
# no file names), runs it from the top of the work tree with certdiag
# found on PATH, and fails the hook on a non-zero exit status.
framework() {
	# shellcheck disable=SC2086
	set -- $ENTRY
	hook env -u CERTDIAG PATH="$BIN:$PATH" "$@"
}
cp "$F/leaf.key" web/www.key
chmod 600 web/www.key
git add web/www.key
framework
expect_status 0 "framework hook: the right key passes (warnings do not block)"
expect_out "private-key-unencrypted"
cp "$F/other.key" web/www.key
git add web/www.key
framework
expect_status 2 "framework hook: a wrong key blocks the commit"
expect_out "web/www.key: fail: key-mismatch:"
# The framework stashes unstaged changes; --staged needs no stash: the
# staged wrong key fails even with the right one in the work tree.
cp "$F/leaf.key" web/www.key
framework
expect_status 2 "framework hook: staged content, not the work tree"
git reset -q
rm web/www.key

# --- contrib/pre-commit as .git/hooks/pre-commit, on real commits -------
cp "$top_srcdir/contrib/pre-commit" .git/hooks/pre-commit
chmod +x .git/hooks/pre-commit
commit() { # ARGS...: git commit with certdiag on PATH only
	hook env -u CERTDIAG PATH="$BIN:$PATH" git commit -q "$@"
}
head_is() { [ "$(git rev-parse HEAD)" = "$1" ]; }
H0=$(git rev-parse HEAD)

cp "$F/other.key" web/www.key
git add web/www.key
commit -m "wrong key"
expect_status 1 "git commit with a wrong key staged is refused"
expect_err "web/www.key: fail: key-mismatch: private key does not match web/www.crt"
head_is "$H0" && ok "no commit was made" || fail "a commit was made"

cp "$F/leaf.key" web/www.key
git add web/www.key
cp "$F/other.key" web/www.key		# broken again, but not staged
commit -m "right key"
expect_status 0 "git commit with the right key staged goes through"
head_is "$H0" && fail "no commit was made" || ok "the commit was made"
H1=$(git rev-parse HEAD)

# git commit PATH commits the work tree's copy through a temporary index
# (GIT_INDEX_FILE): the hook must judge that, the wrong key.
commit -m "partial commit" web/www.key
expect_status 1 "git commit PATH with the wrong key in the work tree is refused"
head_is "$H1" && ok "no commit was made" || fail "a commit was made"
git checkout -q -- web/www.key

# Warnings block only when asked: another unencrypted copy of the key.
cp "$F/leaf.key" web/api.key
git add web/api.key
git config certdiag.failOn warn
commit -m "a key in clear, strict"
expect_status 1 "certdiag.failOn warn: a warning blocks the commit"
expect_err "web/api.key: warn: private-key-unencrypted:"
git config --unset certdiag.failOn
commit -m "a key in clear"
expect_status 0 "by default a warning does not block the commit"

# certdiag missing: the hook says so and blocks.
echo "# notes" > README
git add README
hook env CERTDIAG="$TMP/no-such-certdiag" git commit -q -m "readme"
expect_status 1 "certdiag missing: the commit is refused"
expect_err "certdiag not found"

done_testing
