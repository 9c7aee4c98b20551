#!/bin/sh
# A real nginx (Debian's package) on loopback with SNI virtual hosts. It
# still serves an old certificate while the local files hold the renewed
# one; the default server holds another site; a second port has a
# wildcard default; a third port speaks plain HTTP.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/live_lib.sh"
need jq python3 nginx
cd "$TMP"

NGINX=$(command -v nginx || echo /usr/sbin/nginx)

pki_cert root --ca --subject "/CN=Nginx Test Root"
pki_cert int --ca --issuer root --subject "/CN=Nginx Test Intermediate"
# The renewal kept the key (certbot --reuse-key): same key, new dates.
pki_key ec site.key
pki_cert old --key site.key --issuer int --subject "/CN=www.a.test" \
    --san DNS:www.a.test,DNS:a.test --from -80 --to 10
pki_cert new --key site.key --issuer int --subject "/CN=www.a.test" \
    --san DNS:www.a.test,DNS:a.test --from -1 --to 90
pki_cert other --issuer int --subject "/CN=b.test" --san DNS:b.test
pki_cert wild --issuer int --subject "/CN=*.c.test" --san 'DNS:*.c.test'
pki_cert www-c --issuer int --subject "/CN=www.c.test" --san DNS:www.c.test
for c in old other wild www-c; do cat "$c.pem" int.pem > "$c-full.pem"; done

P1=$(free_port)
P2=$(free_port)
P3=$(free_port)
P4=$(free_port)
nginx_start "$(cat <<EOF
	ssl_protocols TLSv1.2 TLSv1.3;
	server {
		listen 127.0.0.1:$P1 ssl default_server;
		server_name b.test;
		ssl_certificate $TMP/other-full.pem;
		ssl_certificate_key $TMP/other.key;
		return 200 "b\n";
	}
	server {
		listen 127.0.0.1:$P1 ssl;
		server_name www.a.test a.test;
		ssl_certificate $TMP/old-full.pem;
		ssl_certificate_key $TMP/site.key;
		return 200 "a\n";
	}
	server {
		listen 127.0.0.1:$P2 ssl default_server;
		server_name _;
		ssl_certificate $TMP/wild-full.pem;
		ssl_certificate_key $TMP/wild.key;
		return 200 "c\n";
	}
	server {
		listen 127.0.0.1:$P2 ssl;
		server_name www.c.test;
		ssl_certificate $TMP/www-c-full.pem;
		ssl_certificate_key $TMP/www-c.key;
		return 200 "www.c\n";
	}
	server {
		listen 127.0.0.1:$P3;
		return 200 "plain\n";
	}
	server {
		listen 127.0.0.1:$P4 ssl default_server;
		ssl_reject_handshake on;
	}
	server {
		listen 127.0.0.1:$P4 ssl;
		server_name www.c.test;
		ssl_certificate $TMP/www-c-full.pem;
		ssl_certificate_key $TMP/www-c.key;
		return 200 "www.c\n";
	}
EOF
)"
TRUST="--no-system-ca --ca root.pem"

# The renewal was not picked up.
run check new.pem site.key int.pem --connect "127.0.0.1:$P1" \
    --servername www.a.test $TRUST -f json
expect_status 2 "nginx still serves the old certificate"
expect_finding live-cert-differs fail
expect_message live-cert-differs "still serves the old certificate"
expect_message live-cert-differs "matches the local key"
fp_old=$(openssl x509 -in old.pem -noout -fingerprint -sha256 | sed 's/.*=//')
fp_new=$(openssl x509 -in new.pem -noout -fingerprint -sha256 | sed 's/.*=//')
expect_message live-cert-differs "$fp_old"
expect_message live-cert-differs "$fp_new"
expect_json '.objects[] | select(.role == "leaf") | .file == "new.pem"' \
    "the local file is the leaf checked"
expect_json '.live.chain[0].subject == "CN=www.a.test"' "SNI picks the vhost"
expect_no_finding chain-extra
expect_no_finding expires-soon	# the old leaf is not the local chain
# Clients without SNI get b.test, which does not cover www.a.test.
expect_finding live-sni-required info
expect_message live-sni-required "CN=b.test"
expect_json '.live.handshake.version == "TLS 1.3"' "TLS 1.3"
expect_json '[.live.versions[] | select(.state == "accepted") | .version] ==
    ["TLS 1.2", "TLS 1.3"]' "the protocols configured"

# connect alone has nothing local to compare with.
run connect "127.0.0.1:$P1" --servername a.test $TRUST -f json
expect_no_finding live-cert-differs
expect_finding expires-soon warn
expect_json ".live.chain[0].sha256 == \"$(openssl x509 -in old.pem \
    -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1)\"" \
    "the old certificate is served for a.test too"

# After a reload with the new file, the difference is gone.
cp new.pem old.pem
cat new.pem int.pem > old-full.pem
kill -HUP "$(cat nginx/nginx.pid)"
for _ in $(seq 100); do
	run check new.pem site.key int.pem --connect "127.0.0.1:$P1" \
	    --servername www.a.test $TRUST -f json
	jq -e '[.findings[] | select(.id == "live-cert-differs")] |
	    length == 0' "$TMP/out" >/dev/null 2>&1 && break
	sleep 0.1
done
expect_no_finding live-cert-differs
expect_status 0 "after the reload only the SNI note is left"

# A wildcard default that covers the name.
run connect "127.0.0.1:$P2" --servername www.c.test $TRUST -f json
expect_status 0 "vhost www.c.test"
expect_finding live-sni-default-differs info
expect_no_finding live-sni-required
expect_json '.live.sni.certificate.subject == "CN=*.c.test"' "wildcard default"

# No default certificate at all: clients without SNI are turned away.
run connect "127.0.0.1:$P4" --servername www.c.test $TRUST -f json
expect_status 0 "SNI required: a note, not a warning"
expect_finding live-sni-required info
expect_message live-sni-required "cannot connect"
expect_json '.live.sni.failure.alert == "unrecognized_name"' \
    "nginx rejects the handshake without SNI"

# By address with no name at all: the rejection asks for a name, it does
# not say the name sent was unknown.
run connect "127.0.0.1:$P4" $TRUST -f json
expect_finding live-handshake-failed fail
expect_message live-handshake-failed "requires a server name (SNI) and none was sent"
expect_json '[.findings[] | select(.id == "live-handshake-failed") |
    .message | contains("no site for")] == [false]' "no 'no site for the name sent'"

# The plain HTTP port.
run connect "127.0.0.1:$P3" $TRUST -f json
expect_status 2 "plain HTTP port"
expect_finding live-not-tls fail
expect_message live-not-tls "HTTP/1.1 400 Bad Request"

done_testing
