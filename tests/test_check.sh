#!/bin/sh
# certdiag check: each core scenario gives the right verdict and finding
# ids, in JSON, against a PKI generated for this run.
. "${top_srcdir:-.}/tests/lib.sh"
need jq
fixtures
cd "$FIX"
T="--no-system-ca --ca root.pem -f json"

run check $T leaf.pem leaf.key chain.pem --host www.example.test
expect_status 0 "good leaf, key and chain"
expect_json '.status == "ok"' "status ok"
expect_json '[.findings[] | select(.severity != "info")] | length == 0' \
    "no warnings or failures"
expect_json '[.objects[] | select(.kind == "certificate")] | length == 3' \
    "leaf, intermediate and root listed"

run check $T fullchain.pem leaf.key --host www.example.test --host 127.0.0.1 --host ::1
expect_status 0 "full chain file: every certificate in it is used"

for t in rsa rsapss ed25519 ed448 dsa ec384; do
	run check $T "leaf-$t.pem" "leaf-$t.key" chain.pem
	expect_no_finding key-mismatch
	# DSA matches but is itself a failure (chain-nonconformant).
	[ "$t" = dsa ] || expect_status 0 "key type $t matches"
	run check $T "leaf-$t.pem" leaf.key chain.pem
	expect_status 2 "key type $t against another key"
	expect_finding key-mismatch fail
done

run check $T leaf.pem other.key chain.pem
expect_status 2 "mismatched key"
expect_finding key-mismatch fail

run check $T --cert leaf.pem --key other.key --chain chain.pem
expect_status 2 "mismatched key, explicit roles"
expect_finding key-mismatch fail

run check $T expired.pem chain.pem
expect_status 2 "expired leaf"
expect_finding expired fail

run check $T future.pem chain.pem
expect_status 2 "not yet valid leaf"
expect_finding not-yet-valid fail

run check $T soon.pem chain.pem
expect_status 1 "leaf expiring within 30 days"
expect_finding expires-soon warn
run check $T soon.pem chain.pem --warn-days 5
expect_status 0 "--warn-days 5 silences it"

# --at moves the evaluation instant: the good leaf expires in 365 days.
run check $T leaf.pem chain.pem --at "@$((NOW + 400 * 86400))"
expect_finding expired fail
run check $T leaf.pem chain.pem --at "@$((NOW + 350 * 86400))"
expect_finding expires-soon warn
# 15 days ago the leaf had 5 days left and the intermediate (valid from
# 20 days ago) was already valid; 50 days ago it was not.
run check $T expired.pem chain.pem --at "@$((NOW - 15 * 86400))" --warn-days 3
expect_status 0 "expired leaf was valid 15 days ago"

run check $T leaf.pem chain.pem --host nothere.example.test
expect_status 2 "hostname not covered"
expect_finding hostname-mismatch fail
run check $T leaf.pem chain.pem --host 10.0.0.1
expect_finding hostname-mismatch fail
run check $T wild.pem chain.pem --host a.example.test
expect_status 0 "wildcard covers one label"
run check $T wild.pem chain.pem --host a.b.example.test
expect_finding hostname-mismatch fail
run check $T wild.pem chain.pem --host example.test
expect_finding hostname-mismatch fail

run check $T nosan.pem chain.pem
expect_status 1 "CN only, no subjectAltName"
expect_finding no-san warn

run check $T self.pem
expect_status 2 "self-signed leaf"
expect_finding self-signed fail
run check --no-system-ca --ca self.pem -f json self.pem
expect_no_finding self-signed

run check $T weak.pem chain.pem
expect_status 2 "RSA 1024"
expect_finding weak-key fail

run check $T sha1.pem chain.pem
expect_status 2 "SHA-1 signature"
expect_finding weak-signature fail

run check $T clientonly.pem chain.pem
expect_status 2 "client-only certificate used as a server"
expect_finding purpose-mismatch fail
run check $T clientonly.pem chain.pem --purpose client
expect_no_finding purpose-mismatch

cp leaf.key "$TMP/loose.key" && chmod 644 "$TMP/loose.key"
run check $T leaf.pem "$TMP/loose.key" chain.pem
expect_status 1 "world-readable key"
expect_finding key-file-permissions warn

run check $T leaf.pem
expect_status 2 "intermediate missing"
expect_finding chain-incomplete fail
expect_no_finding chain-untrusted
run check $T stranger.pem
expect_status 2 "issued by a CA that is not trusted"
expect_finding chain-incomplete fail
expect_no_finding chain-untrusted

# The leaf is sorted out of positional files by content, in any order.
run check $T chain.pem other.key leaf.key leaf.pem
expect_status 0 "files in any order, with an unrelated key"
expect_json '[.objects[] | select(.role == "leaf")][0].sha256 != null' \
    "a leaf is chosen"

# Text and Nagios renderings of the same verdicts.
run check --no-system-ca --ca root.pem leaf.pem other.key chain.pem
expect_status 2 "text output, mismatch"
expect_out "key-mismatch"
run check --no-system-ca --ca root.pem -f nagios leaf.pem leaf.key chain.pem
expect_status 0 "nagios ok"
expect_out "CERTDIAG OK"
run check --no-system-ca --ca root.pem -f nagios soon.pem chain.pem
expect_status 1 "nagios warning"
expect_out "CERTDIAG WARNING"
run check --no-system-ca --ca root.pem -f nagios expired.pem chain.pem
expect_status 2 "nagios critical"
expect_out "CERTDIAG CRITICAL"
expect_out "days_leaf="

# A truststore (roots only, no key) is told once as trust anchors: no
# self-signed, no purpose-mismatch, no request command for a root.
cat root.pem otherca.pem >"$TMP/roots.pem"
openssl pkcs12 -export -nokeys -in "$TMP/roots.pem" -out "$TMP/ts.p12" \
    -passout pass: 2>/dev/null
for ts in "$TMP/roots.pem" "$TMP/ts.p12" root.pem; do
	run check --no-system-ca -f json "$ts"
	expect_status 0 "truststore $(basename "$ts") is not a deployment"
	expect_finding no-leaf info
	expect_json '[.findings[] | select(.id != "no-leaf")] | length == 0' \
	    "truststore: no-leaf is the only finding"
done
# A root given with --cert is checked as asked.
run check --no-system-ca -f json --cert root.pem
expect_no_finding no-leaf
expect_finding self-signed fail

done_testing

