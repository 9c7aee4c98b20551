#!/bin/sh
# --format prometheus: the exposition format, validated by promtool;
# x509-certificate-exporter's series and labels, certdiag's own per
# deployment, label values escaped.
. "${top_srcdir:-.}/tests/lib.sh"
command -v promtool >/dev/null 2>&1 || {
	echo "1..0 # SKIP promtool not installed (Debian: prometheus)"
	exit 77
}
fixtures
cd "$TMP"
PKI_NOW=$NOW
T="--no-system-ca --ca $FIX/root.pem --at @$NOW"

mkdir -p 'a"b' ok
pki_cert site --issuer "$FIX/int" --san DNS:site.test \
    --subject '/CN=quote " back \\ site.test' --to 90 >/dev/null
cp site.pem site.key 'a"b/'
cat "$FIX/soon.pem" "$FIX/int.pem" > 'a"b/fullchain.pem'	# stale
cp "$FIX/leaf.pem" "$FIX/leaf.key" "$FIX/chain.pem" ok/
mkdir exp && cp "$FIX/expired.pem" exp/old.pem

run check $T -f prometheus 'a"b' ok exp
expect_status 2 "the worst deployment's status"
if promtool check metrics <"$TMP/out" >"$TMP/lint" 2>&1; then
	ok "promtool check metrics accepts it"
else
	fail "promtool: $(cat "$TMP/lint")"
fi
expect_out '# TYPE x509_cert_not_after gauge'
expect_out '# TYPE x509_cert_not_before gauge'
expect_out '# TYPE x509_cert_expired gauge'
expect_out 'subject_CN="quote \" back \\ site.test"'
expect_out 'filepath="a\"b/site.pem"'
expect_out 'certdiag_deployment_status{deployment="a\"b"} 2'
expect_out 'certdiag_deployment_status{deployment="ok"} 0'
expect_out 'certdiag_finding{deployment="exp",id="expired",severity="fail"} 1'
expect_out 'certdiag_finding{deployment="a\"b",id="bundle-leaf-mismatch",severity="fail"} 1'
na=$(openssl x509 -in "$FIX/leaf.pem" -noout -enddate | cut -d= -f2)
expect_out "filepath=\"ok/leaf.pem\",issuer_C=\"\",issuer_CN=\"certdiag Test Intermediate\""
expect_out "x509_cert_not_after{filename=\"leaf.pem\""
expect_out " $(date -u -d "$na" +%s)"
if grep -q '^x509_cert_expired{.*filepath="exp/old.pem".*} 1$' "$TMP/out"; then
	ok "the expired certificate is 1"
else
	fail "x509_cert_expired for old.pem"
fi
# One series per file: the intermediate of ok/chain.pem once.
n=$(grep -c '^x509_cert_not_after{.*filepath="ok/chain.pem"' "$TMP/out")
[ "$n" -eq 1 ] && ok "chain.pem once" || fail "chain.pem $n times"

done_testing
