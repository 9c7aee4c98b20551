#!/bin/sh
# Client certificates checked after the handshake: a real nginx with
# ssl_verify_client on accepts any certificate (or none) in the handshake
# and refuses the request with HTTP 400; certdiag's one GET / names why.
# The certificate given is also compared with the acceptable issuers
# offline, and its intermediates are sent along.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/live_lib.sh"
need jq python3 nginx
cd "$TMP"

NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# The server and a stranger's certificate from the core fixtures; the
# client PKI (a root, an intermediate, a leaf under each) made here.
fixtures
cp "$FIX"/root.pem "$FIX"/leaf.key "$FIX"/stranger.pem "$FIX"/stranger.key .
cat "$FIX"/leaf.pem "$FIX"/int.pem > leaf.pem
pki_cert clientca --ca --subject "/CN=Client Root"
pki_cert clientint --ca --issuer clientca --subject "/CN=Client Intermediate"
pki_cert alice --issuer clientca --subject "/CN=alice" --eku clientAuth
pki_cert bob --issuer clientint --subject "/CN=bob" --eku clientAuth
cat bob.pem clientint.pem > bob-chain.pem

P13=$(free_port)
P12=$(free_port)
nginx_start "$(cat <<EOF
	ssl_certificate $TMP/leaf.pem;
	ssl_certificate_key $TMP/leaf.key;
	ssl_client_certificate $TMP/clientca.pem;
	ssl_verify_client on;
	ssl_verify_depth 3;
	server {
		listen 127.0.0.1:$P13 ssl;
		ssl_protocols TLSv1.3;
		return 200 "ok\n";
	}
	server {
		listen 127.0.0.1:$P12 ssl;
		ssl_protocols TLSv1.2;
		return 200 "ok\n";
	}
EOF
)"
TRUST="--no-system-ca --ca root.pem -H www.example.test"

# No certificate: the handshake goes through, the request does not.
for p in "$P13" "$P12"; do
	run connect "127.0.0.1:$p" $TRUST -f json
	expect_status 2 "port $p: ssl_verify_client on, no certificate"
	expect_finding live-client-cert-required fail
	expect_no_finding live-client-cert-requested
	expect_message live-client-cert-required "No required SSL certificate was sent"
	expect_json '.live.handshake.ok == true' "port $p: the handshake went through"
	expect_json '.live.http.status == 400' "port $p: HTTP 400"
	expect_json '.live.http.client_certificate == "client-cert-missing"' \
	    "port $p: the page names the missing certificate"
	expect_json '.live.client_certificate.after_handshake == true' \
	    "port $p: refused after the handshake"
done
run connect "127.0.0.1:$P13" $TRUST
expect_out "HTTP: GET / answered 'HTTP/1.1 400 Bad Request'"

# Opting out: the old, optimistic answer, and no request.
run connect "127.0.0.1:$P13" $TRUST --no-http-probe -f json
expect_status 0 "--no-http-probe sends no request"
expect_json '.live.http == null' "no HTTP object"
expect_finding live-client-cert-requested info
expect_message live-client-cert-requested "may still refuse"

# From a CA the server does not name: refused in the HTTP answer, and
# the offline comparison says why.
run connect "127.0.0.1:$P13" $TRUST --client-cert stranger.pem \
    --client-key stranger.key -f json
expect_status 2 "a certificate from another CA"
expect_finding live-client-cert-issuer-not-acceptable fail
expect_message live-client-cert-issuer-not-acceptable "CN=Unrelated Root"
expect_finding live-client-cert-rejected fail
expect_message live-client-cert-rejected "The SSL certificate error"
expect_json '.live.client_certificate.issuer_acceptable == false' \
    "the issuer is not acceptable"

# Issued by an intermediate the server does not hold: without it the
# server cannot verify (nginx: verify error 20); with it, accepted.
run connect "127.0.0.1:$P12" $TRUST --client-cert bob.pem \
    --client-key bob.key -f json
expect_status 2 "an intermediate-issued certificate alone"
expect_finding live-client-cert-issuer-not-acceptable fail
expect_message live-client-cert-issuer-not-acceptable "CN=Client Intermediate"
expect_finding live-client-cert-rejected fail
run connect "127.0.0.1:$P12" $TRUST --client-cert bob-chain.pem \
    --client-key bob.key -f json
expect_status 0 "the intermediate given with it is sent along"
expect_no_finding live-client-cert-issuer-not-acceptable
expect_no_finding live-client-cert-rejected
expect_message live-client-cert-requested "accepted 'CN=bob'"
expect_json '.live.client_certificate.issuer_acceptable == true' \
    "leads to an acceptable issuer"
expect_json '.live.http.status == 200' "HTTP 200"

run connect "127.0.0.1:$P13" $TRUST --client-cert alice.pem \
    --client-key alice.key -f json
expect_status 0 "a certificate the server accepts"
expect_no_finding live-client-cert-rejected

# Apache asks per directory, after the request: TLS 1.3 post-handshake
# authentication, TLS 1.2 renegotiation.
if command -v apache2 >/dev/null 2>&1 || [ -x /usr/sbin/apache2 ]; then
	APACHE=$(command -v apache2 || echo /usr/sbin/apache2)
	MODS=/usr/lib/apache2/modules
	A13=$(free_port)
	A12=$(free_port)
	# Its workers run as nobody when started as root: a document root
	# they can reach answers 404, not a 403 that would read as a refusal.
	mkdir -p apache/logs apache/www
	chmod 711 "$TMP"
	cat > apache/httpd.conf <<EOF
ServerRoot $TMP/apache
ServerName localhost
Listen 127.0.0.1:$A13
Listen 127.0.0.1:$A12
LoadModule mpm_event_module $MODS/mod_mpm_event.so
LoadModule authz_core_module $MODS/mod_authz_core.so
LoadModule ssl_module $MODS/mod_ssl.so
PidFile $TMP/apache/httpd.pid
ErrorLog $TMP/apache/logs/error.log
LogLevel info
User nobody
Group nogroup
DocumentRoot $TMP/apache/www
SSLCertificateFile $TMP/leaf.pem
SSLCertificateKeyFile $TMP/leaf.key
SSLCACertificateFile $TMP/clientca.pem
<VirtualHost 127.0.0.1:$A13>
	SSLEngine on
	SSLProtocol TLSv1.3
	<Location />
		SSLVerifyClient require
	</Location>
</VirtualHost>
<VirtualHost 127.0.0.1:$A12>
	SSLEngine on
	SSLProtocol TLSv1.2
	<Location />
		SSLVerifyClient require
	</Location>
</VirtualHost>
EOF
	"$APACHE" -f "$TMP/apache/httpd.conf" -DFOREGROUND </dev/null \
	    >apache/out.log 2>&1 &
	on_exit "kill $!"
	wait_for apache/logs/error.log 'resuming normal operations'
	for p in "$A13" "$A12"; do
		run connect "127.0.0.1:$p" $TRUST -f json
		expect_status 2 "apache $p: SSLVerifyClient in a Location"
		expect_finding live-client-cert-required fail
		expect_message live-client-cert-required "SSLVerifyClient"
		expect_json '.live.client_certificate.after_handshake == true' \
		    "apache $p: asked for after the request"
	done
	run connect "127.0.0.1:$A13" $TRUST --client-cert alice.pem \
	    --client-key alice.key -f json
	expect_no_finding live-client-cert-required
	expect_no_finding live-client-cert-rejected
	expect_message live-client-cert-requested "accepted 'CN=alice'"
else
	ok "# SKIP apache2 is not installed"
fi

done_testing
