#!/bin/sh
# The pre-commit framework installs the shipped .pre-commit-hooks.yaml
# from a file:// clone of this tree (no network): a mismatched key and
# certificate are blocked, a matching pair is committed.
. "${top_srcdir:-.}/tests/lib.sh"
command -v pre-commit >/dev/null 2>&1 || { echo "skip: pre-commit missing"; exit 77; }
command -v git >/dev/null 2>&1 || { echo "skip: git missing"; exit 77; }
fixtures
export HOME="$TMP/home" PRE_COMMIT_HOME="$TMP/cache"
mkdir -p "$HOME"
git config --global user.email t@example.test
git config --global user.name test
git config --global init.defaultBranch main
git config --global protocol.file.allow always
# The hook repository: this tree's manifest and nothing else, committed.
HOOKS=$TMP/hooks
mkdir -p "$HOOKS"
cp "$top_srcdir/.pre-commit-hooks.yaml" "$HOOKS/"
(cd "$HOOKS" && git init -q && git add . && git commit -qm hooks) >/dev/null
rev=$(git -C "$HOOKS" rev-parse HEAD)
# certdiag on PATH, as language: system expects.
mkdir -p "$TMP/bin"
ln -s "$CERTDIAG" "$TMP/bin/certdiag"
PATH=$TMP/bin:$PATH
export PATH

R=$TMP/repo
mkdir -p "$R"
cd "$R"
git init -q
cat >.pre-commit-config.yaml <<CFG
repos:
  - repo: file://$HOOKS
    rev: $rev
    hooks:
      - id: certdiag
CFG
git add .pre-commit-config.yaml
git commit -qm config --no-verify
if pre-commit install >"$TMP/install.log" 2>&1; then
	ok "pre-commit $(pre-commit --version | cut -d' ' -f2) installs the hook"
else
	fail "pre-commit install: $(cat "$TMP/install.log")"
fi
# A key that is not the certificate's: blocked.
cp "$FIX/leaf.pem" site.pem
cp "$FIX/other.key" site.key
git add site.pem site.key
if git commit -qm mismatched >"$TMP/c1.log" 2>&1; then
	fail "a mismatched key and certificate were committed"
else
	if grep -q "key-mismatch" "$TMP/c1.log"; then
		ok "a mismatched pair is blocked (key-mismatch)"
	else
		fail "blocked, but not for key-mismatch: $(head -20 "$TMP/c1.log")"
	fi
fi
# The certificate's own key: committed.
cp "$FIX/leaf.key" site.key
git add site.key
if git commit -qm matching >"$TMP/c2.log" 2>&1; then
	ok "a matching pair is committed"
else
	fail "a matching pair was blocked: $(head -20 "$TMP/c2.log")"
fi
done_testing
