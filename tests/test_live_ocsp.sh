#!/bin/sh
# OCSP stapling: openssl s_server stapling responses made here with
# `openssl ocsp` (good, revoked, for another certificate, signed by a CA
# that did not issue the leaf, by a delegated responder; none at all),
# judged at --at times inside and outside each response's window; a
# must-staple certificate with and without a staple; and nginx with
# ssl_stapling on fetching its staple from a responder on 127.0.0.1.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/live_lib.sh"
need jq s_server
cd "$TMP"

pki_cert root --ca --subject "/CN=OCSP Test Root"
pki_cert int --ca --issuer root --subject "/CN=OCSP Test Intermediate"
pki_cert leaf --issuer int --subject "/CN=ocsp.test" --san DNS:ocsp.test
pki_cert other --issuer int --subject "/CN=other.test" --san DNS:other.test
pki_cert ms --issuer int --subject "/CN=ocsp.test" --san DNS:ocsp.test \
    --ext "tlsfeature = status_request"
pki_cert responder --issuer int --subject "/CN=OCSP Test Responder" \
    --eku OCSPSigning
TRUST="--no-system-ca --ca root.pem"

# index.txt lines for openssl ocsp: V (valid) or R (revoked).
index_line() { # CERT [REVOKED-AT]
	_serial=$(openssl x509 -in "$1" -noout -serial | cut -d= -f2)
	if [ -n "${2-}" ]; then
		printf 'R\t%s\t%s,keyCompromise\t%s\tunknown\t/CN=x\n' \
		    "$(pki_date 300 | cut -c3-)" "$2" "$_serial"
	else
		printf 'V\t%s\t\t%s\tunknown\t/CN=x\n' \
		    "$(pki_date 300 | cut -c3-)" "$_serial"
	fi
}
{ index_line leaf.pem; index_line ms.pem; index_line other.pem; } >index.txt
index_line leaf.pem "$(pki_date -2 | cut -c3-)" >revoked.txt
echo "unique_subject = no" >index.txt.attr
# respond OUT CERT INDEX SIGNER: a response about CERT (issued by int),
# valid from now for one day: judged at --at @$PKI_NOW it is current.
respond() {
	openssl ocsp -issuer int.pem -cert "$2" -reqout "$1.req" -no_nonce \
	    >/dev/null 2>&1 &&
	openssl ocsp -index "$3" -rsigner "$4.pem" -rkey "$4.key" \
	    -CA int.pem -reqin "$1.req" -respout "$1" -ndays 1 \
	    >ocsp.log 2>&1 || { echo "Bail out! openssl ocsp failed:"
		sed 's/^/# /' ocsp.log; exit 1; }
}
respond good.der leaf.pem index.txt int
respond ms.der ms.pem index.txt int
respond other.der other.pem index.txt int
respond revoked.der leaf.pem revoked.txt int
respond delegated.der leaf.pem index.txt responder
respond badsig.der leaf.pem index.txt root

# serve NAME CERT [STAPLE]
serve() {
	_n=$1 _c=$2; shift 2
	if [ $# -gt 0 ]; then set -- -status_file "$1"; fi
	s_server "$_n" -cert "$_c.pem" -key "$_c.key" -cert_chain int.pem "$@"
}
connect() { run connect "127.0.0.1:$PORT" --servername ocsp.test $TRUST \
    -f json "$@"; }

serve good leaf good.der
connect
expect_status 0 "a good, current staple"
expect_finding live-ocsp-stapled info
expect_json '.live.ocsp.state == "stapled" and .live.ocsp.status == "good"
    and .live.ocsp.signature_ok == true and
    .live.ocsp.for_served_certificate == true' "the staple in JSON"
expect_message live-ocsp-stapled "signed by the issuer's responder"
# The same response three days later: past its nextUpdate.
connect --at "@$((PKI_NOW + 3 * 86400))"
expect_status 2 "a staple past its nextUpdate"
expect_finding live-ocsp-staple-expired fail
expect_no_finding live-ocsp-stapled
# Two hours before it was made: not valid yet.
connect --at "@$((PKI_NOW - 7200))"
expect_status 2 "a staple from the future"
expect_finding live-ocsp-staple-invalid fail
expect_message live-ocsp-staple-invalid "not valid yet"

serve none leaf
connect
expect_status 0 "no staple: a note"
expect_finding live-ocsp-not-stapled info
expect_json '.live.ocsp.state == "not stapled"' "not stapled in JSON"

serve ms-none ms
connect
expect_status 2 "must-staple without a staple"
expect_finding live-must-staple-missing fail
expect_message live-must-staple-missing "Firefox"
expect_json '.live.ocsp.must_staple == true' "must-staple in JSON"

serve ms-good ms ms.der
connect
expect_status 0 "must-staple with a good staple"
expect_finding live-ocsp-stapled info
expect_message live-ocsp-stapled "must-staple"
expect_no_finding live-must-staple-missing

serve wrong leaf other.der
connect
expect_status 2 "a staple about another certificate"
expect_finding live-ocsp-staple-wrong-cert fail
expect_message live-ocsp-staple-wrong-cert \
    "$(openssl x509 -in other.pem -noout -serial | cut -d= -f2)"

serve revoked leaf revoked.der
connect
expect_status 2 "a staple that says revoked"
expect_finding live-ocsp-revoked fail
expect_message live-ocsp-revoked "keyCompromise"

serve badsig leaf badsig.der
connect
expect_status 2 "a staple signed by a CA that did not issue the leaf"
expect_finding live-ocsp-staple-invalid fail
expect_message live-ocsp-staple-invalid "not signed by the certificate's issuer"

serve delegated leaf delegated.der
connect
expect_status 0 "a staple from a delegated responder"
expect_finding live-ocsp-stapled info

# nginx fetches its staple from the responder itself (ssl_stapling on,
# ssl_stapling_verify on), asynchronously: the first handshakes go
# without one.
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
	NGINX=$(command -v nginx || echo /usr/sbin/nginx)
	need python3
	py_server responder "$top_srcdir/tests/ocsp_responder.py" \
	    "$TMP/index.txt" "$TMP/int.pem" "$TMP/int.pem" "$TMP/int.key"
	RESP_PORT=$PORT
	cat leaf.pem int.pem >leaf-full.pem
	cat int.pem root.pem >trusted.pem
	P=$(free_port)
	nginx_start "$(cat <<CONF
	server {
		listen 127.0.0.1:$P ssl;
		server_name ocsp.test;
		ssl_certificate $TMP/leaf-full.pem;
		ssl_certificate_key $TMP/leaf.key;
		ssl_stapling on;
		ssl_stapling_verify on;
		ssl_trusted_certificate $TMP/trusted.pem;
		ssl_stapling_responder http://127.0.0.1:$RESP_PORT/;
		return 200 "ok\n";
	}
CONF
	)"
	PORT=$P
	for _ in $(seq 50); do
		connect
		_json '.live.ocsp.state == "stapled"' && break
		sleep 0.1
	done
	expect_status 0 "nginx staples what its responder answered"
	expect_finding live-ocsp-stapled info
	expect_json '.live.ocsp.status == "good" and
	    .live.ocsp.signature_ok == true' "nginx's staple verifies"
	if grep -q request responder.log; then
		ok "nginx asked the responder"
	else
		fail "the responder was never asked"
	fi
	# What nginx said about stapling, when something above failed.
	[ "$_nfail" -eq 0 ] ||
	    grep -i 'ocsp\|stapl' nginx/logs/error.log | sed 's/^/# /'
else
	echo "# nginx is not installed: nginx ssl_stapling skipped"
fi

done_testing
