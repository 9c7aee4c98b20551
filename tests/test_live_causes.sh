#!/bin/sh
# Handshake causes named in words, against openssl s_server on loopback:
# the default certificate of a multi-site server reached by address, a
# private root missing here, an intercepting re-signer, the rules of
# security level 3, a client capped at TLS 1.2 against a TLS 1.3-only
# server, reset and silent ports, an expired served leaf, and an IMAP
# greeting to --starttls smtp.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/live_lib.sh"
need jq python3 s_server
cd "$TMP"
fixtures
# The core fixtures (their intermediate names a download address, and
# their leaves cover 127.0.0.1), and a private PKI without addresses.
cp "$FIX"/root.pem "$FIX"/int.pem "$FIX"/leaf.pem "$FIX"/leaf.key \
    "$FIX"/leaf-rsa.pem "$FIX"/leaf-rsa.key "$FIX"/nosan.pem \
    "$FIX"/nosan.key "$FIX"/expired.pem "$FIX"/expired.key \
    "$FIX"/otherca.pem "$FIX"/stranger.pem "$FIX"/stranger.key .
pki_cert proot --ca --subject "/CN=Private Root"
pki_cert pint --ca --issuer proot --subject "/CN=Private Intermediate"
pki_cert site --issuer pint --subject "/CN=a.test" --san DNS:a.test
TRUST="--no-system-ca --ca root.pem"

cat > cap12.cnf <<'EOF'
openssl_conf = default_conf
[default_conf]
ssl_conf = ssl_sect
[ssl_sect]
system_default = system_default_sect
[system_default_sect]
MaxProtocol = TLSv1.2
EOF
sed 's/^MaxProtocol = TLSv1.2$/CipherString = DEFAULT:@SECLEVEL=3/' \
    cap12.cnf > level3.cnf

# --- by address, no name sent: the default site's certificate -------------
s_server vhosts -cert nosan.pem -key nosan.key -cert_chain int.pem \
    -servername www.example.test -cert2 leaf.pem -key2 leaf.key
run connect "127.0.0.1:$PORT" $TRUST -f json
expect_status 2 "by address: another site's certificate"
expect_finding hostname-mismatch fail
expect_message hostname-mismatch "no server name (SNI) was sent"
expect_message hostname-mismatch "default certificate"
expect_json '.findings[] | select(.id == "hostname-mismatch") |
    .fix.summary | contains("--servername")' "suggests --servername"
run connect "127.0.0.1:$PORT" $TRUST --servername www.example.test -f json
expect_no_finding hostname-mismatch

# --- a complete chain to a root not trusted here ---------------------------
s_server private -cert site.pem -key site.key -cert_chain pint.pem
run connect "127.0.0.1:$PORT" --no-system-ca -f json
expect_finding chain-incomplete fail
expect_message chain-incomplete "private root that is missing from this client's trust store"

# --- something between re-signs TLS ------------------------------------------
s_server proxy -cert stranger.pem -key stranger.key -cert_chain otherca.pem
run check leaf.pem leaf.key int.pem --connect "127.0.0.1:$PORT" \
    --servername www.example.test $TRUST -f json
expect_status 2 "an intercepting re-signer"
expect_finding live-tls-intercepted fail
expect_message live-tls-intercepted "CN=Unrelated Root"
expect_message live-tls-intercepted "re-signs TLS"
expect_json '.findings[] | select(.id == "live-cert-differs") |
    .fix.summary | contains("re-signs TLS")' "no plain 'reload' advice"
# Another certificate from the same CA is not interception.
s_server renewed -cert leaf-rsa.pem -key leaf-rsa.key -cert_chain int.pem
run check leaf.pem leaf.key int.pem --connect "127.0.0.1:$PORT" \
    --servername www.example.test $TRUST -f json
expect_finding live-cert-differs fail
expect_no_finding live-tls-intercepted

# --- security level 3 --------------------------------------------------------
s_server rsakx -cert leaf-rsa.pem -key leaf-rsa.key -no_tls1_3 \
    -cipher 'AES128-SHA:@SECLEVEL=0'
OPENSSL_CONF=$TMP/level3.cnf
export OPENSSL_CONF
run connect "127.0.0.1:$PORT" $TRUST -f json
unset OPENSSL_CONF
expect_json '.live.local.security_level == 3' "the client runs at level 3"
expect_finding live-no-shared-cipher fail
expect_message live-no-shared-cipher "require forward secrecy"
expect_finding security-level fail
expect_json '.findings[] | select(.id == "security-level") |
    .fix.summary | contains("at least 3072 bits")' "level 3 needs RSA 3072"
# Finite-field DHE with the 2048-bit group s_server picks for RSA 2048.
s_server dhe -cert leaf-rsa.pem -key leaf-rsa.key -no_tls1_3 \
    -cipher 'DHE-RSA-AES128-GCM-SHA256'
OPENSSL_CONF=$TMP/level3.cnf
export OPENSSL_CONF
run connect "127.0.0.1:$PORT" $TRUST -f json
unset OPENSSL_CONF
expect_finding live-handshake-failed fail
expect_message live-handshake-failed "security level 3, which needs 3072 bits"

# --- a client capped at TLS 1.2, a TLS 1.3-only server -------------------
s_server only13 -cert leaf.pem -key leaf.key -cert_chain int.pem -tls1_3
OPENSSL_CONF=$TMP/cap12.cnf
export OPENSSL_CONF
run connect "127.0.0.1:$PORT" $TRUST --servername www.example.test -f json
unset OPENSSL_CONF
expect_finding live-no-common-protocol fail
expect_no_finding live-sni-required
expect_json '.findings[] | select(.id == "live-no-common-protocol") |
    .fix.summary | (contains("-tls1_3") and (contains("SECLEVEL") | not))' \
    "the fix offers TLS 1.3, not a lower level"

# --- reset and silent ports: nothing to compare ------------------------------
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
expect_finding live-handshake-failed fail
expect_json '.live.versions == null' "a reset refuses no version"
expect_json '.findings[] | select(.id == "live-handshake-failed") |
    .fix.summary | (contains("below") or contains("above")) | not' \
    "no pointer to versions that were not learnt"
run connect "127.0.0.1:$PORT" $TRUST
expect_no_out "versions:"

py_server silent -c 'import socket, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
print("PORT", s.getsockname()[1])
time.sleep(60)'
run connect "127.0.0.1:$PORT" $TRUST --timeout 1 -f json
expect_finding live-handshake-failed fail
expect_json '.findings[] | select(.id == "live-handshake-failed") |
    .fix.summary | (contains("below") or contains("above")) | not' \
    "silent: no pointer to versions"

# --- an expired leaf, 10 and a half days ago ------------------------------
s_server expired -cert expired.pem -key expired.key -cert_chain int.pem
run connect "127.0.0.1:$PORT" $TRUST --at "@$((NOW + 43200))"
expect_status 2 "expired leaf"
expect_out "expired $(date -u -d "@$((NOW - 10 * 86400))" +%Y-%m-%d), 10 days ago"
expect_out "(10 days ago)"
expect_no_out "11 days ago"
expect_out "✗ CN=expired  (tls:"

# --- --starttls smtp against an IMAP server ----------------------------------
py_server imap "$top_srcdir/tests/starttls_server.py" imap leaf.pem leaf.key
run connect "127.0.0.1:$PORT" --starttls smtp $TRUST -f json
expect_finding live-starttls-failed fail
expect_message live-starttls-failed "--starttls imap"
expect_message live-starttls-failed "* OK"

done_testing
