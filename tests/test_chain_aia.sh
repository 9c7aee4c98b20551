#!/bin/sh
# --fetch-aia against a local HTTP server on 127.0.0.1 (an ephemeral port,
# always stopped): the missing intermediate is downloaded, reported, and
# written by --emit-chain; nothing is fetched without the option.
. "${top_srcdir:-.}/tests/lib.sh"
need jq python3
cd "$TMP"
unset http_proxy HTTP_PROXY https_proxy HTTPS_PROXY no_proxy NO_PROXY

mkdir www
# The redirection below happens in the background child: make the log
# exist before the loop reads it.
: > http.log
python3 -u -m http.server 0 --bind 127.0.0.1 --directory www \
    >http.log 2>&1 &
server=$!
on_exit "kill $server"
port=
for _ in $(seq 50); do
	port=$(sed -n 's/^Serving HTTP on 127.0.0.1 port \([0-9]*\).*/\1/p' http.log)
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ] || { echo "Bail out! the HTTP server did not start"; exit 1; }
URL=http://127.0.0.1:$port

pki_cert root --ca --subject "/CN=AIA Test Root"
pki_cert int --ca --issuer root --subject "/CN=AIA Test Intermediate" \
    --aia "$URL/root.der"
pki_cert leaf --issuer int --san DNS:www.aia.test --aia "$URL/int.der"
pki_cert lost --issuer int --san DNS:lost.aia.test --aia "$URL/gone.der"
openssl x509 -in int.pem -outform DER -out www/int.der
A="--no-system-ca --ca root.pem -f json --fetch-aia-allow-private"

run check $A leaf.pem leaf.key
expect_status 2 "without --fetch-aia the intermediate is missing"
expect_no_finding aia-fetch
if grep -q 'GET /int.der' http.log; then
	fail "certdiag connected without --fetch-aia"
else
	ok "no network access without --fetch-aia"
fi

run check $A leaf.pem leaf.key --fetch-aia --emit-chain fullchain.pem
expect_finding aia-fetch info
expect_json ".findings[] | select(.id == \"aia-fetch\") | .message |
    contains(\"$URL/int.der\")" "says where the issuer came from"
expect_no_finding chain-untrusted
expect_json '.findings[] | select(.id == "chain-incomplete") |
    select(.severity == "fail") | .message | contains("not served")' \
    "the server still does not send it"
expect_json '.objects[] | select(.role == "fetched") |
    .subject | contains("AIA Test Intermediate")' \
    "the downloaded certificate is listed"
expect_finding emit-chain info
if openssl verify -no-CApath -CAfile root.pem -untrusted fullchain.pem \
    fullchain.pem >verify.out 2>&1; then
	ok "openssl verify accepts the emitted chain"
else
	fail "openssl verify: $(cat verify.out)"
fi
grep -q 'GET /int.der' http.log && ok "fetched over HTTP" ||
    fail "no request reached the server"

run check $A lost.pem --fetch-aia
expect_status 2 "an issuer the server does not have"
expect_finding aia-fetch warn
expect_json '.findings[] | select(.id == "aia-fetch") | .message |
    contains("404")' "the HTTP status is given"

echo "not a certificate" > www/int.der
run check $A leaf.pem --fetch-aia
expect_finding aia-fetch warn
expect_finding chain-incomplete fail

done_testing
