#!/bin/sh
# The loader sniffs content, not names: the same leaf in every container.
. "${top_srcdir:-.}/tests/lib.sh"
need jq
fixtures
cd "$FIX"
T="--no-system-ca --ca root.pem -f json"
P="--pass pass:s3cret-demo"

good() { # DESCRIPTION ARGS...
	_d=$1; shift
	run check $T "$@"
	expect_status 0 "$_d"
	expect_no_finding key-mismatch
}

good "DER certificate and DER key" leaf.der leaf.key.der chain.pem
good "PKCS#8 DER key" leaf.pem leaf.p8.der chain.pem
good "SEC1 DER key" leaf.pem leaf.sec1.der chain.pem
good "PKCS#1 PEM key" leaf-rsa.pem leaf-rsa.pkcs1.pem chain.pem
good "PKCS#1 DER key" leaf-rsa.pem leaf-rsa.pkcs1.der chain.pem
good "encrypted PKCS#8 key" leaf.pem leaf.enc.key chain.pem $P
good "legacy encrypted PEM key" leaf.pem leaf.enc-legacy.key chain.pem $P
good "PKCS#12 with chain" leaf.p12 $P
good "PKCS#12 without password" leaf-nopass.p12 chain.pem
good "PKCS#7 PEM bundle" fullchain.p7b leaf.key
good "PKCS#7 DER bundle" fullchain.p7b.der leaf.key
good "combined key+cert+chain (haproxy)" combined.pem
good "CRLF line endings" fullchain-crlf.pem leaf.key
good "UTF-8 BOM" fullchain-bom.pem leaf.key
good "openssl x509 -text output" leaf-text.pem leaf.key chain.pem
good "gzip PEM" fullchain.pem.gz leaf.key
good "gzip DER" leaf.der.gz leaf.key chain.pem

run check $T leaf-legacy.p12 $P
expect_status 1 "legacy RC2/3DES PKCS#12 loads, with a warning"
expect_finding pkcs12-legacy warn

run check $T leaf.pem leaf.der fullchain.pem leaf.key
expect_status 0 "the same certificate twice counts once"
expect_json '[.objects[] | select(.kind == "certificate")] | length == 3' \
    "three distinct certificates"

P2="--pass env:CERTDIAG_TEST_PASS"
CERTDIAG_TEST_PASS=s3cret-demo; export CERTDIAG_TEST_PASS
good "--pass env:" leaf.pem leaf.enc.key chain.pem $P2
echo s3cret-demo > "$TMP/pw" && chmod 600 "$TMP/pw"
good "--pass file:" leaf.pem leaf.enc.key chain.pem --pass "file:$TMP/pw"

run show leaf.pem leaf.key leaf.csr
expect_status 0 "show"
expect_out "www.example.test"
expect_no_out "PRIVATE KEY"
run show -f json leaf.p12 $P
expect_json '[.objects[] | select(.kind == "private-key")] | length == 1' \
    "show finds the key inside PKCS#12"

done_testing
