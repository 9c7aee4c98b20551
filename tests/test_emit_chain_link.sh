#!/bin/sh
# --emit-chain run as root into a shared sticky directory where another
# user planted a symbolic link to a root-only file: the target must stay
# as it was (content, mode), and the link is refused, or with --force
# replaced itself. Needs root and an unprivileged account to plant with.
. "${top_srcdir:-.}/tests/lib.sh"
need jq setpriv
fixtures
[ "$(id -u)" -eq 0 ] || skip "needs root (the attack is on a root run)"
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }

SHARED=$TMP/shared
mkdir "$SHARED"
chmod 1777 "$SHARED"
chmod 755 "$TMP"
printf 'root only\n' > "$TMP/secret"
chmod 600 "$TMP/secret"
as_nobody ln -s "$TMP/secret" "$SHARED/fullchain.pem" ||
    { echo "# SKIP nobody cannot create a link here"; exit 77; }
[ "$(stat -c %U "$SHARED/fullchain.pem")" = nobody ] &&
    ok "the link belongs to nobody" || fail "the planter is not nobody"

ARGS="check --no-system-ca --ca $FIX/root.pem -f json $FIX/leaf.pem $FIX/leaf.key $FIX/chain.pem"
# shellcheck disable=SC2086
run $ARGS --emit-chain "$SHARED/fullchain.pem"
expect_status 3 "the planted link is refused"
expect_finding emit-chain error
[ "$(cat "$TMP/secret")" = "root only" ] && ok "the target keeps its content" ||
    fail "the root-only file was overwritten"
[ "$(stat -c %a "$TMP/secret")" = 600 ] && ok "the target keeps mode 0600" ||
    fail "the root-only file's mode changed"

# shellcheck disable=SC2086
run $ARGS --emit-chain "$SHARED/fullchain.pem" --force
expect_finding emit-chain info
[ "$(cat "$TMP/secret")" = "root only" ] && [ "$(stat -c %a "$TMP/secret")" = 600 ] &&
    ok "--force: the target is still untouched" ||
    fail "--force wrote through the planted link"
[ -f "$SHARED/fullchain.pem" ] && [ ! -L "$SHARED/fullchain.pem" ] &&
    ok "--force replaced the link itself" || fail "the link is still there"
[ "$(stat -c %U "$SHARED/fullchain.pem")" = root ] &&
    ok "the new file is root's" || fail "the new file is not root's"

# A name planted after the check, in the race window: the temporary
# file is created with O_EXCL, so a link there is never followed.
[ -z "$(find "$SHARED" -name '.certdiag-chain.*')" ] &&
    ok "no temporary file left" || fail "a temporary file was left"
done_testing
