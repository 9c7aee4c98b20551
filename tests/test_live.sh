#!/bin/sh
# certdiag connect against openssl s_server variants on loopback: a good
# chain, a missing intermediate, TLS 1.3 only, TLS 1.0 only, client
# certificates, narrow cipher lists, two certificates by SNI, a plain
# HTTP port, a closed port and a silent one. Each asserts finding ids.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/live_lib.sh"
need jq python3 s_server
cd "$TMP"

pki_cert root --ca --subject "/CN=Live Test Root"
pki_cert int --ca --issuer root --subject "/CN=Live Test Intermediate"
pki_cert leaf --issuer int --subject "/CN=a.test" \
    --san DNS:a.test,DNS:www.a.test,IP:127.0.0.1,IP:::1
pki_cert other --issuer int --subject "/CN=b.test" --san DNS:b.test
pki_cert alt --type rsa --issuer int --subject "/CN=a.test alt" \
    --san DNS:a.test
pki_cert rsaleaf --type rsa --issuer int --subject "/CN=a.test" \
    --san DNS:a.test,IP:127.0.0.1
pki_cert clientca --ca --subject "/CN=Live Client CA"
pki_cert alice --issuer clientca --subject "/CN=alice" --eku clientAuth
pki_cert oldalice --issuer clientca --subject "/CN=old alice" \
    --eku clientAuth --from -30 --to -1
pki_cert otherca --ca --subject "/CN=Stranger CA"
pki_cert mallory --issuer otherca --subject "/CN=mallory" --eku clientAuth
cat leaf.pem int.pem > fullchain.pem
TRUST="--no-system-ca --ca root.pem"

# --- a good server ----------------------------------------------------------
s_server good -cert leaf.pem -key leaf.key -cert_chain int.pem
run connect "127.0.0.1:$PORT" $TRUST -H a.test -f json
expect_status 0 "good server"
expect_json '.live.handshake.ok == true' "handshake succeeded"
expect_json '.live.handshake.version == "TLS 1.3"' "negotiated TLS 1.3"
expect_json '.live.handshake.group != null' "names the group"
expect_json '.live.chain | length == 2' "two certificates served"
expect_json '.live.chain_from == "handshake"' "chain from the handshake"
expect_json '[.live.versions[] | select(.state == "accepted") | .version] ==
    ["TLS 1.2", "TLS 1.3"]' "accepts TLS 1.2 and 1.3"
expect_json '.objects[] | select(.role == "leaf") | .file |
    startswith("tls://127.0.0.1:")' "the served leaf is the leaf"
expect_json '.live.sni.same_certificate == true' "SNI a.test: same cert"
expect_no_finding live-handshake-failed
expect_no_finding live-legacy-protocol
expect_no_finding chain-incomplete

run connect "127.0.0.1:$PORT" $TRUST -H a.test
expect_status 0 "text report"
expect_out "handshake: TLS 1.3"
expect_out "served chain (2 certificates, as sent)"
expect_out "issued by CN=Live Test Intermediate"

run connect "127.0.0.1:$PORT" $TRUST --servername b.test -f json
expect_json '.live.servername == "b.test"' "--servername is sent"
# Without --host, the certificate must cover the name sent...
expect_finding hostname-mismatch fail
# ... or the address connected to.
run connect "127.0.0.1:$PORT" $TRUST -f json
expect_no_finding hostname-mismatch

# A name goes through the resolver (here /etc/hosts: no network).
run connect "localhost:$PORT" $TRUST -H a.test -f json
expect_status 0 "connect by name"
expect_json ".live.address == \"127.0.0.1:$PORT\"" "localhost resolved"
expect_json '.live.servername == "a.test"' "SNI from the first --host"

# --- the intermediate is missing -------------------------------------------
s_server noint -cert leaf.pem -key leaf.key
run connect "127.0.0.1:$PORT" $TRUST -f json
expect_status 2 "missing intermediate"
expect_finding chain-incomplete fail
expect_json '.live.chain | length == 1' "only the leaf served"

# Only this machine's store has it: still incomplete for clients.
mkdir store && cp root.pem int.pem store/ && openssl rehash store
SSL_CERT_DIR=$TMP/store
export SSL_CERT_DIR
run connect "127.0.0.1:$PORT" -f json
expect_status 2 "intermediate only in the local store"
expect_finding chain-incomplete fail
expect_message chain-incomplete "trust store"
# ... and local files that hold it do not hide what the server omits.
run check leaf.pem leaf.key int.pem --connect "127.0.0.1:$PORT" -f json
expect_finding chain-incomplete fail
expect_message chain-incomplete "the server does not send the intermediate"
unset SSL_CERT_DIR

# --- TLS 1.3 only -------------------------------------------------------------
s_server tls13 -cert leaf.pem -key leaf.key -cert_chain int.pem -tls1_3
run connect "127.0.0.1:$PORT" $TRUST -f json
expect_status 0 "TLS 1.3 only"
expect_json '[.live.versions[] | select(.state == "accepted") | .version] ==
    ["TLS 1.3"]' "only TLS 1.3 accepted"
expect_json '.live.versions[] | select(.version == "TLS 1.2") |
    .reason | contains("protocol_version")' "TLS 1.2 refused by alert"

# --- TLS 1.0 only, at security level 0 -----------------------------------
s_server tls10 -cert rsaleaf.pem -key rsaleaf.key -cert_chain int.pem \
    -tls1 -cipher 'DEFAULT:@SECLEVEL=0'
run connect "127.0.0.1:$PORT" $TRUST -f json
expect_status 2 "TLS 1.0 only"
expect_finding live-no-common-protocol fail
expect_finding live-legacy-protocol warn
expect_message live-no-common-protocol "speaks only TLS 1.0"
expect_json '.live.handshake.ok == false' "the default handshake fails"
expect_json '.live.handshake.failure.message | contains("SHA-1 or MD5")' \
    "says why OpenSSL 3 refuses it"
expect_json '.live.chain | length == 2' "the chain is diagnosed all the same"
expect_no_finding chain-incomplete

# --- client certificates ------------------------------------------------------
for v in tls1_3 tls1_2; do
	s_server "mtls-$v" -cert leaf.pem -key leaf.key -cert_chain int.pem \
	    -"$v" -Verify 1 -verify_return_error -CAfile clientca.pem
	run connect "127.0.0.1:$PORT" $TRUST -f json
	expect_status 2 "$v: client certificate required, none given"
	expect_finding live-client-cert-required fail
	expect_no_finding live-handshake-failed
	expect_json '.live.handshake.failure.message |
	    contains("requires a client certificate and none was sent")' \
	    "$v: the headline names the missing certificate"
	expect_json '.live.client_certificate.required == true' "$v: required"
	expect_json '.live.client_certificate.ca_names == ["CN=Live Client CA"]' \
	    "$v: acceptable CA named"
	expect_json '.live.chain | length == 2' "$v: chain still diagnosed"

	run connect "127.0.0.1:$PORT" $TRUST --client-cert alice.pem \
	    --client-key alice.key -f json
	expect_status 0 "$v: accepted client certificate"
	expect_json '.live.client_certificate | .sent and (.rejected | not)' \
	    "$v: sent and accepted"
	expect_message live-client-cert-requested "accepted 'CN=alice'"

	run connect "127.0.0.1:$PORT" $TRUST --client-cert mallory.pem \
	    --client-key mallory.key -f json
	expect_status 2 "$v: client certificate from another CA"
	expect_finding live-client-cert-rejected fail
	expect_message live-client-cert-rejected "unknown_ca"

	run connect "127.0.0.1:$PORT" $TRUST --client-cert oldalice.pem \
	    --client-key oldalice.key -f json
	expect_finding live-client-cert-rejected fail
	expect_message live-client-cert-rejected "certificate_expired"
done
s_server mtls-opt -cert leaf.pem -key leaf.key -cert_chain int.pem \
    -verify 1 -CAfile clientca.pem
run connect "127.0.0.1:$PORT" $TRUST -f json
expect_finding live-client-cert-requested info
expect_json '.live.client_certificate.required == false' "optional request"
run connect "127.0.0.1:$PORT" $TRUST --client-cert alice.pem \
    --client-key mallory.key -f json
expect_status 3 "a client key that does not match"
expect_finding live-client-cert-unusable error

# --- narrow cipher lists ------------------------------------------------------
s_server camellia -cert rsaleaf.pem -key rsaleaf.key -cert_chain int.pem \
    -no_tls1_3 -cipher 'CAMELLIA256-SHA:@SECLEVEL=0'
run connect "127.0.0.1:$PORT" $TRUST -f json
expect_status 2 "TLS 1.2 Camellia only"
expect_finding live-no-shared-cipher fail
expect_message live-no-shared-cipher "CAMELLIA256-SHA"
expect_json '.live.ciphers[] | select(.family == "Camellia") |
    .state == "accepted"' "Camellia family accepted"
expect_json '.live.ciphers[] | select(.family == "AES-GCM") |
    .state == "refused"' "AES-GCM refused"

s_server ccm -cert leaf.pem -key leaf.key -cert_chain int.pem -tls1_3 \
    -ciphersuites TLS_AES_128_CCM_SHA256
run connect "127.0.0.1:$PORT" $TRUST -f json
expect_status 2 "TLS 1.3 CCM only"
expect_finding live-no-shared-cipher fail
expect_message live-no-shared-cipher "TLS_AES_128_CCM_SHA256"
expect_json '.live.chain_from == "TLS 1.3"' "chain from the TLS 1.3 probe"
expect_json '.live.chain | length == 2' "and diagnosed all the same"

# --- two certificates by SNI --------------------------------------------------
s_server sni -cert leaf.pem -key leaf.key -cert_chain int.pem \
    -servername b.test -cert2 other.pem -key2 other.key
run connect "127.0.0.1:$PORT" $TRUST --servername b.test -f json
expect_status 2 "SNI picks b.test; the default does not cover it"
expect_finding live-sni-required info
# s_server sends its -cert_chain with the default certificate only
expect_finding chain-incomplete fail
expect_json '.live.chain[0].subject == "CN=b.test"' "b.test served by name"
expect_json '.live.sni.certificate.subject == "CN=a.test"' \
    "a.test without SNI"

s_server sni2 -cert leaf.pem -key leaf.key -cert_chain int.pem \
    -servername a.test -cert2 alt.pem -key2 alt.key
run connect "127.0.0.1:$PORT" $TRUST -H a.test -f json
expect_finding live-sni-default-differs info
expect_no_finding live-sni-required

s_server snifatal -cert leaf.pem -key leaf.key -cert_chain int.pem \
    -servername a.test -cert2 alt.pem -key2 alt.key -servername_fatal
run connect "127.0.0.1:$PORT" $TRUST --servername c.test -f json
expect_status 2 "unknown name with a strict server"
expect_finding live-handshake-failed fail
expect_message live-handshake-failed "unrecognized_name"

# --- IPv6 ---------------------------------------------------------------------
if python3 -c 'import socket; s = socket.socket(socket.AF_INET6); s.bind(("::1", 0))' \
    2>/dev/null; then
	s_server6 v6 -cert leaf.pem -key leaf.key -cert_chain int.pem
	run connect "[::1]:$PORT" $TRUST -f json
	expect_status 0 "IPv6 loopback"
	expect_json ".live.address == \"[::1]:$PORT\"" "connected over IPv6"
	expect_json '.live.servername == null' "no SNI for an address"
else
	ok "# SKIP ::1 is not available here"
fi

# --- not TLS, closed, silent ---------------------------------------------------
py_server http -c 'import http.server, socketserver
s = socketserver.TCPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
print("PORT", s.server_address[1])
s.serve_forever()'
run connect "127.0.0.1:$PORT" $TRUST -f json
expect_status 2 "a plain HTTP port"
expect_finding live-not-tls fail
expect_message live-not-tls "plain HTTP"
expect_message live-not-tls "<!DOCTYPE HTML>"

py_server reset -c 'import socket, struct
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
print("PORT", s.getsockname()[1], flush=True)
while True:
    c, _ = s.accept()
    c.recv(1)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()'
run connect "127.0.0.1:$PORT" $TRUST -f json
expect_status 2 "a server that resets the connection"
expect_finding live-handshake-failed fail
expect_message live-handshake-failed "reset the connection"

port=$(free_port)
run connect "127.0.0.1:$port" $TRUST -f json
expect_status 2 "a closed port"
expect_finding live-connect-failed fail
expect_message live-connect-failed "connection refused"

py_server silent -c 'import socket, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
print("PORT", s.getsockname()[1])
time.sleep(60)'
timed_run connect "127.0.0.1:$PORT" $TRUST --timeout 1 -f json
expect_status 2 "a port that never answers"
expect_finding live-handshake-failed fail
expect_message live-handshake-failed "did not answer"
# Not a benchmark: a bound far above the timeout, so a hang shows.
if [ "$ELAPSED_MS" -lt 10000 ]; then
	ok "bounded by --timeout (${ELAPSED_MS} ms)"
else
	fail "took ${ELAPSED_MS} ms with --timeout 1"
fi

# --- usage ----------------------------------------------------------------------
run connect "127.0.0.1:99999" -f json
expect_status 3 "port out of range"
expect_finding live-bad-target error
run connect
expect_status 3 "connect without a server"
expect_err "no server given"
run check leaf.pem --servername a.test
expect_status 3 "--servername without a server"
expect_err "need a server"
run show leaf.pem --connect "127.0.0.1:1"
expect_status 3 "show does not connect"

done_testing
