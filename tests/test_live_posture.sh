#!/bin/sh
# Cipher and protocol posture against openssl s_server on loopback: a
# cipher list that fits no certificate (ECDSA suites, RSA key), a group
# clients do not offer, a ChaCha20-only server, an AES128-SHA-only one (RSA key exchange, CBC,
# SHA-1), a DHE-only one, a TLS 1.3-only one (Mozilla "modern") and a
# normal one. Each asserts finding ids and the clients named as left out.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/live_lib.sh"
need jq python3 s_server
cd "$TMP"

pki_cert root --ca --subject "/CN=Posture Root"
pki_cert int --ca --issuer root --subject "/CN=Posture Intermediate"
pki_cert ecleaf --issuer int --subject "/CN=a.test" \
    --san DNS:a.test,IP:127.0.0.1
pki_cert rsaleaf --type rsa --issuer int --subject "/CN=a.test" \
    --san DNS:a.test,IP:127.0.0.1
TRUST="--no-system-ca --ca root.pem"
RSA="-cert rsaleaf.pem -key rsaleaf.key -cert_chain int.pem"
EC="-cert ecleaf.pem -key ecleaf.key -cert_chain int.pem"

# --- TLS 1.2, ECDHE-ECDSA suites only, RSA certificate -----------------------
# Nothing completes, whatever the client offers: the server is at fault.
s_server ecdsa-rsa $RSA -no_tls1_3 \
    -cipher 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384'
run connect "127.0.0.1:$PORT" $TRUST -f json
expect_status 2 "ECDSA suites with an RSA certificate"
expect_finding live-cipher-cert-mismatch fail
expect_message live-cipher-cert-mismatch "need an ECDSA certificate"
expect_no_finding live-handshake-failed
expect_no_finding live-no-shared-cipher
expect_json '[.live.ciphers[] | select(.state == "accepted")] | length == 0' \
    "every family refused"
expect_json '.live.ciphers[] | select(.family == "ECDHE-ECDSA key exchange") |
    .state == "refused"' "ECDSA authentication probed"
expect_json '.live.ciphers[] | select(.family == "TLS 1.3 AES-128-GCM") |
    .state == "refused"' "TLS 1.3 suites probed too"
# With the local certificate, its key type is named.
run check rsaleaf.pem rsaleaf.key --connect "127.0.0.1:$PORT" $TRUST -f json
expect_finding live-cipher-cert-mismatch fail
expect_message live-cipher-cert-mismatch "has an RSA key"
expect_message live-cipher-cert-mismatch "names only ECDHE-ECDSA-* suites"

# --- the same with TLS 1.3 on: only TLS 1.3 clients get through ---------------
s_server ecdsa-rsa13 $RSA -cipher ECDHE-ECDSA-AES128-GCM-SHA256
run connect "127.0.0.1:$PORT" $TRUST -f json
expect_status 1 "ECDSA suites with an RSA certificate, TLS 1.3 on"
expect_finding live-tls12-cipher-cert-mismatch warn
expect_message live-tls12-cipher-cert-mismatch "does not fit its RSA certificate"
expect_message live-tls12-cipher-cert-mismatch "Java 8 before 8u261 (no TLS 1.3)"
expect_no_finding live-tls13-only

# --- the only group is one clients do not offer by default -------------------
s_server k1 $EC -no_tls1_3 -groups secp256k1 \
    -cipher ECDHE-ECDSA-AES128-GCM-SHA256
run connect "127.0.0.1:$PORT" $TRUST -f json
expect_status 2 "secp256k1 only"
expect_finding live-no-shared-group fail
expect_message live-no-shared-group "it picked secp256k1"
expect_no_finding live-cipher-cert-mismatch
expect_no_finding live-handshake-failed

# --- ChaCha20-Poly1305 only, in TLS 1.2 and 1.3 ------------------------------
s_server chacha $RSA -cipher ECDHE-RSA-CHACHA20-POLY1305 \
    -ciphersuites TLS_CHACHA20_POLY1305_SHA256
run connect "127.0.0.1:$PORT" $TRUST -f json
expect_status 1 "ChaCha20 only"
expect_finding live-clients-shut-out warn
expect_message live-clients-shut-out "Java 11 (no ChaCha20-Poly1305"
expect_message live-clients-shut-out "Windows 7 to 10"
expect_json '.live.posture.forward_secret_aead == true' "forward-secret AEAD"
expect_json '[.live.posture.left_out[].client] |
    index("current browsers (Chrome, Edge, Firefox, Safari)") == null' \
    "browsers are not left out"
expect_no_finding live-no-forward-secret-aead

# --- AES128-SHA only: RSA key exchange, CBC, SHA-1 ---------------------------
s_server aes128sha $RSA -no_tls1_3 -cipher AES128-SHA
run connect "127.0.0.1:$PORT" $TRUST -f json
expect_status 1 "AES128-SHA only"
expect_finding live-no-forward-secret-aead warn
expect_message live-no-forward-secret-aead "AES128-SHA (RSA key exchange: no forward secrecy; CBC mode with SHA-1 MACs)"
expect_message live-no-forward-secret-aead "OpenSSL 3 at security level 3"
expect_json '.live.posture.forward_secret_aead == false' "no FS AEAD"
expect_json '.live.ciphers[] | select(.family == "forward-secret AEAD") |
    .state == "refused"' "the forward-secret AEAD probe is refused"

# --- DHE only: browsers removed it ----------------------------------------------
# Every probe here is a finite-field DH handshake: slow under valgrind
# (make check-valgrind), hence the generous --timeout.
s_server dhe $RSA -no_tls1_3 -cipher DHE-RSA-AES128-GCM-SHA256
run connect "127.0.0.1:$PORT" $TRUST --timeout 60 -f json
expect_status 1 "DHE only"
expect_finding live-clients-shut-out warn
expect_message live-clients-shut-out "current browsers (Chrome, Edge, Firefox, Safari) (no DHE key exchange)"
expect_message live-clients-shut-out "DH group of 2048 bits, below its minimum of 3072"

# --- TLS 1.3 only: a deliberate modern profile, a note -------------------------
s_server tls13 $EC -tls1_3
run connect "127.0.0.1:$PORT" $TRUST -f json
expect_status 0 "TLS 1.3 only"
expect_finding live-tls13-only info
expect_message live-tls13-only "Java 8 before 8u261 (no TLS 1.3)"
expect_message live-tls13-only "OpenSSL 1.0.2"
expect_message live-tls13-only "Android 7 to 9 (no TLS 1.3)"
expect_json '[.findings[] | select(.severity == "warn" or .severity == "fail")] |
    length == 0' "no warning"
run connect "127.0.0.1:$PORT" $TRUST
expect_out "clients that cannot connect (of the man page's table): Windows 7 to 10"

# --- a normal server: TLS 1.2 and 1.3, ECDHE with AES-GCM and ChaCha20 ---------
s_server normal $EC
run connect "127.0.0.1:$PORT" $TRUST -f json
expect_status 0 "a normal server"
expect_json '.live.posture.left_out == []' "nobody left out"
expect_json '.live.posture.forward_secret_aead == true' "forward-secret AEAD"
expect_json '[.live.ciphers[] | select(.state == "accepted") | .family] |
    index("ChaCha20-Poly1305") != null' "families reported on a working server"
expect_no_finding live-tls13-only
expect_no_finding live-clients-shut-out
expect_no_finding live-clients-left-out
expect_no_finding live-no-forward-secret-aead
run connect "127.0.0.1:$PORT" $TRUST
expect_out "clients that cannot connect (of the man page's table): none"

done_testing
