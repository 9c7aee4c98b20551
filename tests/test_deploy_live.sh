#!/bin/sh
# --connect-each: each deployment of an nginx configuration is compared
# with what its listen address serves (openssl s_server on 127.0.0.1 in
# place of nginx): one that serves its files is OK, one still serving the
# certificate from before a renewal (not reloaded) fails.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/live_lib.sh"
fixtures
cd "$TMP"
PKI_NOW=$NOW
T="--no-system-ca --ca $FIX/root.pem --at @$NOW"

# The renewed certificate on disk; the server still has the old one.
pki_cert renewed --issuer "$FIX/int" --san DNS:www.example.test \
    --subject /CN=www.example.test >/dev/null
cat renewed.pem "$FIX/int.pem" > renewed-fullchain.pem

s_server fresh -cert "$FIX/leaf.pem" -key "$FIX/leaf.key" \
    -cert_chain "$FIX/chain.pem"
P1=$PORT
s_server stale -cert "$FIX/leaf.pem" -key "$FIX/leaf.key" \
    -cert_chain "$FIX/chain.pem"
P2=$PORT

cat > nginx.conf <<CONF
events {}
http {
    server {
        listen 127.0.0.1:$P1 ssl;
        server_name www.example.test;
        ssl_certificate $FIX/fullchain.pem;
        ssl_certificate_key $FIX/leaf.key;
    }
    server {
        listen 127.0.0.1:$P2 ssl;
        server_name www.example.test;
        ssl_certificate $TMP/renewed-fullchain.pem;
        ssl_certificate_key $TMP/renewed.key;
    }
}
CONF

run check $T -f json --from nginx nginx.conf --connect-each
expect_status 2 "the stale server fails the run"
expect_json '.deployments | length == 2' "two deployments"
expect_json ".deployments[0].listen == \"127.0.0.1:$P1\" and .deployments[0].status == \"ok\"" \
    "the first serves what its files hold"
expect_json '.deployments[0].live != null and .deployments[1].live != null' \
    "both were connected to"
expect_json '.deployments[1].status == "fail" and (.deployments[1].findings | any(.id == "live-cert-differs"))' \
    "the second serves the certificate from before the renewal"
expect_json '[.deployments[1].findings[] | select(.id == "live-cert-differs") | .message | contains("renewed-fullchain.pem")] | any' \
    "names the file it should serve"

# Without --connect-each nothing touches the network.
run check $T -f json --from nginx nginx.conf
expect_status 0 "offline: both deployments' files are fine"
expect_json '[.deployments[] | has("live") and .live != null] | any | not' \
    "no handshake"

done_testing
