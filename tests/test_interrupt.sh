#!/bin/sh
# --emit-chain never leaves a half-written chain: killed at any point,
# the target is the old file or the whole new one; when a write fails,
# the target is untouched and no temporary file is left. strace stops
# certdiag at exact system calls (write, fsync, rename); without strace,
# only the kills at random moments run.
. "${top_srcdir:-.}/tests/lib.sh"
need jq
fixtures
# strace must trace the binary itself, not a wrapper (check-valgrind).
BIN=${CERTDIAG_REAL:-$CERTDIAG}
W=$TMP/w
mkdir "$W"
cp "$FIX/root.pem" "$FIX/leaf.pem" "$FIX/leaf.key" "$FIX/chain.pem" "$W/"
cd "$W"
ARGS="check -q --no-system-ca --ca root.pem leaf.pem leaf.key chain.pem"
# The file being replaced: an old chain, the intermediate alone.
cp "$FIX/int.pem" old.pem

reset_target() { cp old.pem out.pem; rm -f .certdiag-chain.*; }
# The subjects in a PEM file, one a line.
subjects() {
	openssl crl2pkcs7 -nocrl -certfile "$1" 2>/dev/null |
	    openssl pkcs7 -print_certs -noout 2>/dev/null | grep '^subject'
}

# The whole new chain, as an uninterrupted run writes it.
reset_target
run $ARGS --emit-chain out.pem
expect_status 0 "uninterrupted --emit-chain"
cp out.pem new.pem
if [ "$(subjects new.pem | wc -l)" -eq 2 ] &&
    subjects new.pem | head -1 | grep -q 'www.example.test'; then
	ok "the new chain is the leaf and the intermediate"
else
	fail "the new chain is not leaf + intermediate"
fi

# whole_or_untouched DESCRIPTION: out.pem is old.pem or new.pem.
whole_or_untouched() {
	if cmp -s out.pem old.pem; then
		ok "$1: target untouched"
	elif cmp -s out.pem new.pem; then
		ok "$1: target whole (new chain)"
	else
		fail "$1: target is neither the old chain nor the new one"
	fi
}
untouched() {
	if cmp -s out.pem old.pem; then
		ok "$1: target untouched"
	else
		fail "$1: target changed"
	fi
}

# LeakSanitizer cannot work under ptrace (the sanitizer build).
TRACED_ASAN=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
if strace -f -o /dev/null true 2>/dev/null; then
	# Killed at a system call: before the rename the target is the old
	# file, byte for byte.
	for at in write:1 write:3 write:12 fsync:1 rename:1; do
		reset_target
		sc=${at%:*}
		case $sc in rename) sc=rename,renameat,renameat2 ;; esac
		RC=0
		# shellcheck disable=SC2086
		ASAN_OPTIONS=$TRACED_ASAN strace -f -o /dev/null -e trace="$sc" \
		    -e inject="$sc:signal=SIGKILL:when=${at#*:}" \
		    "$BIN" $ARGS --emit-chain out.pem >/dev/null 2>&1 || RC=$?
		LAST_CMD="certdiag (killed at $at) $ARGS --emit-chain out.pem"
		expect_status 137 "killed at $at"
		untouched "killed at $at"
	done
	# A failing system call: an error naming the file, exit 3, target
	# untouched, temporary file removed.
	for at in write:3:ENOSPC fsync:1:EIO rename:1:EXDEV; do
		reset_target
		sc=${at%%:*}
		rest=${at#*:}
		case $sc in rename) sc=rename,renameat,renameat2 ;; esac
		LAST_CMD="certdiag (error ${rest#*:} at ${at%:*}) $ARGS -f json --emit-chain out.pem"
		RC=0
		# shellcheck disable=SC2086
		ASAN_OPTIONS=$TRACED_ASAN strace -f -o /dev/null -e trace="$sc" \
		    -e inject="$sc:error=${rest#*:}:when=${rest%%:*}" \
		    "$BIN" $ARGS -f json --emit-chain out.pem \
		    >"$TMP/out" 2>"$TMP/err" || RC=$?
		expect_status 3 "${rest#*:} at ${at%:*}"
		expect_json '[.findings[] | select(.id == "emit-chain" and
		    .severity == "error") | .file | contains("out.pem")] |
		    any' "${rest#*:} at ${at%:*}: emit-chain error names the file"
		untouched "${rest#*:} at ${at%:*}"
		if ls .certdiag-chain.* >/dev/null 2>&1; then
			fail "${rest#*:} at ${at%:*}: temporary file left behind"
		else
			ok "${rest#*:} at ${at%:*}: no temporary file left"
		fi
	done
else
	ok "# SKIP strace cannot trace here: no kills at exact system calls"
fi

# Killed at random moments, many times over.
i=0
while [ $i -lt 20 ]; do
	reset_target
	# shellcheck disable=SC2086
	"$BIN" $ARGS --emit-chain out.pem >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$(( (i * 37) % 10 ))$((i % 10))"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	whole_or_untouched "killed after 0.0$(( (i * 37) % 10 ))$((i % 10)) s"
	i=$((i + 1))
done

done_testing
