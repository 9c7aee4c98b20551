#!/bin/sh
# The built binary's output formats, end to end: text (marks, fixes,
# summary, quiet, colour), JSON, the Nagios line and `show`, each in an
# ok, a warning, a failing and an unreadable case.
. "${top_srcdir:-.}/tests/lib.sh"
need jq
fixtures
cd "$FIX"
T="--no-system-ca --ca root.pem --at @$NOW"
OK_FILES="leaf.pem leaf.key chain.pem"
WARN_FILES="leaf-legacy.p12 --pass pass:s3cret-demo"
FAIL_FILES="leaf.pem leaf.key"

# Text.
run check $T $OK_FILES
expect_status 0 "text: good deployment"
expect_out "www.example.test  (EC P-256, expires $(date -u -d "@$((NOW + 365 * 86400))" +%Y-%m-%d), in 365 days)"
expect_out "  leaf certificate from leaf.pem, covers www.example.test, example.test, 127.0.0.1, ::1"
expect_out "  ✓ "
expect_no_out "fix:"
expect_no_out "$(printf '\033')"
if tail -n 1 "$TMP/out" | grep -qE '^certdiag: OK — all [0-9]+ checks? passed'; then
	ok "text: OK summary line last"
else
	fail "text: OK summary line last"
fi

run check $T -q $OK_FILES
expect_status 0 "text -q: good deployment"
if [ ! -s "$TMP/out" ]; then ok "text -q: silent when all is well"; else fail "text -q: silent when all is well"; fi

run check $T $FAIL_FILES
expect_status 2 "text: missing intermediate"
expect_out "  ✗ chain-incomplete: "
expect_out "    fix: "
if tail -n 1 "$TMP/out" | grep -qE '^certdiag: FAIL — [0-9]+ failures? \(www\.example\.test\)$'; then
	ok "text: FAIL summary names the leaf"
else
	fail "text: FAIL summary names the leaf"
fi

run check $T -q $FAIL_FILES
expect_out "✗ chain-incomplete"
expect_no_out "✓"
expect_no_out " i security-level"

run check $T $WARN_FILES
expect_status 1 "text: legacy PKCS#12"
expect_out "general"
expect_out "  ! pkcs12-legacy: leaf-legacy.p12: "
expect_out "certdiag: WARN — 1 warning (www.example.test)"

run check $T nothere.pem
expect_status 3 "text: unreadable file"
expect_out "  ✗ error: nothere.pem: "
expect_out "certdiag: ERROR — could not complete: "

# Colour: never into a pipe by default, and NO_COLOR wins over auto.
run check $T $FAIL_FILES --color always
expect_out "$(printf '\033[31m')✗$(printf '\033[0m') chain-incomplete"
NO_COLOR=1 run check $T $FAIL_FILES --color auto
expect_no_out "$(printf '\033')"

# JSON.
run check $T -f json $OK_FILES
expect_json '.schema == 3 and .status == "ok"' "json: ok"
expect_json '.objects[0].role == "leaf" and .objects[0].kind == "certificate"' \
    "json: the leaf first"
expect_json '.objects[0].names == ["www.example.test","example.test","127.0.0.1","::1"]' \
    "json: the leaf's names"
expect_json '.objects[0].sha256 | test("^[0-9a-f]{64}$")' "json: sha256 in hex"
expect_json '[.objects[] | select(.kind == "private-key")][0] | (has("subject") | not) and .spki_sha256 == ([.] | .[0].spki_sha256)' \
    "json: a key has no subject"
expect_json '([.objects[] | select(.role == "leaf")][0].spki_sha256) == ([.objects[] | select(.kind == "private-key")][0].spki_sha256)' \
    "json: key and leaf share spki_sha256"
expect_json '[.findings[] | select(.severity == "pass")] | length == 0' \
    "json: passes omitted"
expect_json '.counts.pass > 0' "json: passes counted"
run check $T -f json $WARN_FILES
expect_json '.status == "warn"' "json: warn"
run check $T -f json $FAIL_FILES
expect_json '.status == "fail"' "json: fail"
expect_json '[.findings[] | select(.id == "chain-incomplete")][0] | .file == "leaf.pem" and .subject == "CN=www.example.test" and (.hint | length > 0)' \
    "json: a finding's file, subject and hint"
run check $T -f json nothere.pem
expect_status 3 "json: unreadable file"
expect_json '.status == "error" and .findings[0].severity == "error" and .findings[0].file == "nothere.pem"' \
    "json: load error"

# Nagios.
nagios_line() { # REGEX DESCRIPTION
	if head -n 1 "$TMP/out" | grep -qE "$1"; then ok "$2"; else fail "$2"; fi
}
run check $T -f nagios $OK_FILES
expect_status 0 "nagios: ok"
nagios_line '^CERTDIAG OK - www\.example\.test expires in 365 days \| days_leaf=365;21:;7:;; days_chain_min=[0-9]+;21:;7:;;$' \
    "nagios: OK line with perfdata"
if [ "$(wc -l <"$TMP/out")" -eq 1 ]; then ok "nagios: one line when OK"; else fail "nagios: one line when OK"; fi
run check $T -f nagios --warn-days 14 $WARN_FILES
expect_status 1 "nagios: warning"
nagios_line '^CERTDIAG WARNING - pkcs12-legacy: .* \| days_leaf=365;14:;7:;;' \
    "nagios: WARNING line, --warn-days threshold"
run check $T -f nagios $FAIL_FILES
expect_status 2 "nagios: critical"
nagios_line '^CERTDIAG CRITICAL - .*chain-incomplete: .* \| days_leaf=365;21:;7:;;$' \
    "nagios: CRITICAL line"
expect_out "fail chain-incomplete: "
run check $T -f nagios nothere.pem
expect_status 3 "nagios: unknown"
nagios_line '^CERTDIAG UNKNOWN - nothere\.pem: ' "nagios: UNKNOWN line"

# show.
run show --at "@$NOW" leaf.pem leaf.key leaf.csr nothere.pem
expect_status 3 "show: with an unreadable file"
expect_out "leaf.pem: certificate (PEM)"
expect_out "  subject              CN=www.example.test"
expect_out "  names                www.example.test, example.test, 127.0.0.1, ::1"
expect_out "  sha256               $(openssl x509 -in leaf.pem -noout -fingerprint -sha256 | sed 's/.*=//')"
expect_out "  serial               $(openssl x509 -in leaf.pem -noout -serial | sed 's/.*=//')"
expect_out "leaf.key: private key (PEM)"
expect_out "  encrypted in file    no"
expect_out "leaf.csr: certificate request (PEM)"
expect_out "  signature            "
expect_out "error: nothere.pem: "
expect_no_out "PRIVATE KEY"
# Not a byte of the private scalar, in any case or layout.
priv=$(openssl pkey -in leaf.key -text -noout | sed -n '/^priv:/,/^pub:/p' |
    sed '1d;$d' | tr -d ' :\n' | head -c 24)
privc=$(echo "$priv" | head -c 12 | sed 's/../&:/g; s/:$//')
if [ ${#priv} -eq 24 ]; then ok "read the private scalar"; else fail "read the private scalar"; fi
for f in text json; do
	run show --at "@$NOW" -f $f leaf.pem leaf.key leaf.p12 leaf.enc.key --pass pass:s3cret-demo
	if grep -qi -e "$priv" -e "$privc" "$TMP/out"; then
		fail "show -f $f: prints private key bytes"
	else
		ok "show -f $f: no private key bytes"
	fi
	expect_no_out "PRIVATE KEY"
done
run show -f json leaf.enc.key --pass pass:s3cret-demo
expect_json '.objects[0].kind == "private-key" and .objects[0].encrypted == true' \
    "show json: encrypted key"

done_testing
