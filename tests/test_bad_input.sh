#!/bin/sh
# Every bad input: a clear message naming the file, exit 3, no crash.
. "${top_srcdir:-.}/tests/lib.sh"
need jq
fixtures
cd "$TMP"

bad() { # ID DESCRIPTION ARGS...
	_id=$1; _d=$2; shift 2
	run check -f json "$@"
	expect_status 3 "$_d"
	expect_finding "$_id" error
	expect_json '.status == "error"' "$_d: status error"
	run check "$@"
	if [ "$RC" -eq 3 ] && ! grep -q 'error:[0-9A-F]*:' "$TMP/out" "$TMP/err"; then
		ok "$_d: text, no raw OpenSSL error queue"
	else
		fail "$_d: text exit $RC or raw OpenSSL errors"
	fi
}

bad file-unreadable "missing file" "$TMP/nope.pem"
: > empty.pem
bad file-empty "empty file" empty.pem
head -c 300 "$FIX/leaf.pem" > trunc.pem
bad pem-invalid "truncated PEM" trunc.pem
# Bad base64 is told at its own line (file and line), in a certificate
# that follows another and in a key.
{ cat "$FIX/leaf.pem"; awk 'NR == 5 { $0 = "AB*D" substr($0, 5) } 1' \
    "$FIX/leaf.pem"; } > bad64.pem
_n=$(($(wc -l < "$FIX/leaf.pem") + 5))
bad pem-invalid "bad base64 in a certificate" bad64.pem
expect_out "bad64.pem: bad base64 at line $_n, in PEM block 'CERTIFICATE'"
awk 'NR == 3 { $0 = "~" substr($0, 2) } 1' "$FIX/leaf.key" > bad64.key
bad pem-invalid "bad base64 in a key" "$FIX/leaf.pem" bad64.key
expect_out "bad64.key: bad base64 at line 3, in PEM block 'PRIVATE KEY'"
# Random bytes, but never starting like DER (0x30) or gzip.
{ printf 'G'; head -c 4095 /dev/urandom; } > garbage.bin
bad format-unrecognized "garbage bytes" garbage.bin
mkdir nocerts && echo "just a note" > nocerts/README
bad no-objects "directory without certificates" nocerts
mkdir emptydir
bad no-objects "empty directory" emptydir
run check emptydir
expect_out "emptydir: the directory holds no certificates"
bad password-required "encrypted key without --pass" "$FIX/leaf.pem" "$FIX/leaf.enc.key"
bad password-wrong "wrong password" "$FIX/leaf.pem" "$FIX/leaf.enc.key" --pass pass:wrong
bad password-wrong "wrong PKCS#12 password" "$FIX/leaf.p12" --pass pass:wrong
head -c 20000000 /dev/zero | gzip -c > bomb.pem.gz
bad gzip-too-large "gzip bomb" bomb.pem.gz
printf -- '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n' > id_ed25519
bad format-unsupported "OpenSSH private key" id_ed25519
printf 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n' > key.ppk
bad format-unsupported "PuTTY key" key.ppk
printf '\376\355\376\355\000\000\000\002' > keystore.jks
bad format-unsupported "Java keystore" keystore.jks

run check -f json "$FIX/leaf.enc.key"
expect_status 3 "a key alone, encrypted, without password"

# Usage errors.
run check
expect_status 3 "no files"
expect_err "no files"
run check "$FIX/leaf.pem" --at yesterday
expect_status 3 "bad --at"
expect_err "--at"
run frobnicate
expect_status 3 "unknown command"
run check "$FIX/leaf.pem" --warn-days -3
expect_status 3 "negative --warn-days"

# A secret never appears in any output.
run check -f json "$FIX/leaf.pem" "$FIX/leaf.enc.key" --pass pass:wrong-s3cret
if grep -q 'wrong-s3cret' "$TMP/out" "$TMP/err"; then
	fail "password printed"
else
	ok "password not printed"
fi

done_testing
