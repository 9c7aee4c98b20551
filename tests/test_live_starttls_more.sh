#!/bin/sh
# --starttls lmtp|nntp|sieve|irc|xmpp|ldap|postgres|mysql against a
# scripted peer that checks each protocol's upgrade byte by byte (LHLO,
# the XMPP stream to the domain, the LDAP ExtendedRequest, PostgreSQL's
# SSLRequest, MySQL's SSL request packet with CLIENT_SSL), then TLS; the
# same peer saying it has no TLS to offer; and a real OpenLDAP slapd with
# and without a certificate (it starts at once, so it runs here; the
# slower real servers are in test_live_starttls_servers.sh).
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/live_lib.sh"
need jq python3 bash
cd "$TMP"

pki_cert root --ca --subject "/CN=Proto Test Root"
pki_cert srv --issuer root --subject "/CN=xmpp.test" --san DNS:xmpp.test
TRUST="--no-system-ca --ca root.pem"
PROTOS="lmtp nntp sieve irc xmpp ldap postgres mysql"

specs="free:slapd free:slapd-notls nntp:hostile silent:x"
for p in $PROTOS; do specs="$specs $p:ok $p:refuse"; done
# shellcheck disable=SC2086
python3 -u "$top_srcdir/tests/starttls_peer.py" srv.pem srv.key $specs \
    </dev/null >peer.log 2>&1 &
on_exit "kill $!"
wait_for peer.log '^READY'
port() { sed -n "s/^PORT $1 //p" peer.log; }

for p in $PROTOS; do
	PORT=$(port "$p:ok")
	run connect "127.0.0.1:$PORT" --starttls "$p" --servername xmpp.test \
	    $TRUST -f json
	expect_status 0 "$p STARTTLS"
	expect_json ".live.target == \"$p://127.0.0.1:$PORT\"" "$p target"
	expect_json '.live.handshake.ok == true' "$p handshake"
	expect_json '[.live.versions[] | select(.state == "accepted")] |
	    length > 0' "$p probes also speak STARTTLS"

	run connect "127.0.0.1:$(port "$p:refuse")" --starttls "$p" \
	    --servername xmpp.test $TRUST -f json
	expect_status 2 "$p server without TLS"
	expect_finding live-starttls-failed fail
	expect_message live-starttls-failed "does not offer TLS"
	expect_json '.findings[] | select(.id == "live-starttls-failed") |
	    .hint | contains("turn TLS on")' "$p: how to turn TLS on"
	# What the message quotes from the server.
	case $p in
	lmtp)	said="'502 5.5.2 Unknown command'" ;;
	sieve)	said="'NO \\\"STARTTLS is not available\\\"'" ;;
	irc)	said="421 * STARTTLS :Unknown command" ;;
	xmpp)	said="list no <starttls/>" ;;
	postgres) said="answered 'N' to the SSLRequest" ;;
	mysql)	said="(10.11.0-peer) does not offer TLS" ;;
	ldap)	said="protocolError (2) 'unsupported extended operation'" ;;
	nntp)	said="'580 Can not initiate TLS negotiation'" ;;
	esac
	expect_message live-starttls-failed "$said"
done

# Server text is quoted with what is not printable ASCII replaced: no
# terminal escape reaches the output.
run connect "127.0.0.1:$(port nntp:hostile)" --starttls nntp $TRUST
expect_status 2 "a refusal full of control bytes"
expect_out "'580 ?[31mno? TLS ??'"
if LC_ALL=C grep -q "$(printf '\033')" "$TMP/out"; then
	fail "an escape character reached the output"
else
	ok "no escape character in the output"
fi

# A server that never answers: the client speaks first (postgres) or
# waits for a greeting (mysql); --timeout ends both.
for p in postgres mysql; do
	timed_run connect "127.0.0.1:$(port silent:x)" --starttls "$p" \
	    --timeout 1 $TRUST -f json
	expect_status 2 "$p: a silent server"
	case $p in
	postgres) expect_message live-starttls-failed \
	    "no reply to the STARTTLS dialogue from the postgres server within 1 s" ;;
	mysql)	expect_message live-starttls-failed \
	    "no greeting from the mysql server within 1 s" ;;
	esac
	if [ "$ELAPSED_MS" -lt 10000 ]; then
		ok "$p: bounded by --timeout (${ELAPSED_MS} ms)"
	else
		fail "$p: took ${ELAPSED_MS} ms with --timeout 1"
	fi
done

# A greeting on a port given without --starttls names the protocol.
run connect "127.0.0.1:$(port nntp:ok)" $TRUST -f json
expect_finding live-not-tls fail
expect_message live-not-tls "--starttls nntp"
run connect "127.0.0.1:$(port mysql:ok)" $TRUST -f json
expect_finding live-not-tls fail
expect_message live-not-tls "--starttls mysql"

# XMPP addresses the stream to the domain: a domain the server does not
# serve is named as such.
run connect "127.0.0.1:$(port xmpp:ok)" --starttls xmpp \
    --servername other.test $TRUST -f json
expect_status 2 "XMPP stream to a domain the server does not serve"
expect_message live-starttls-failed "host-unknown"

# The wrong protocol: a MySQL greeting is not PostgreSQL's answer.
run connect "127.0.0.1:$(port mysql:ok)" --starttls postgres $TRUST -f json
expect_status 2 "postgres against a MySQL server"
expect_message live-starttls-failed "is this a PostgreSQL server?"

# A real slapd: StartTLS with its certificate; without one it answers
# the ExtendedRequest with protocolError.
SLAPD=$(command -v slapd || echo /usr/sbin/slapd)
if [ -x "$SLAPD" ]; then
	printf 'pidfile %s\nTLSCertificateFile %s\nTLSCertificateKeyFile %s\n' \
	    "$TMP/slapd.pid" "$TMP/srv.pem" "$TMP/srv.key" >slapd.conf
	printf 'pidfile %s\n' "$TMP/slapd-notls.pid" >slapd-notls.conf
	for conf in slapd slapd-notls; do
		"$SLAPD" -d 0 -h "ldap://127.0.0.1:$(port free:$conf)/" \
		    -f "$conf.conf" </dev/null >"$conf.log" 2>&1 &
		on_exit "kill $!"
		wait_port "$(port free:$conf)"
	done
	run connect "127.0.0.1:$(port free:slapd)" --starttls ldap \
	    --servername xmpp.test $TRUST -f json
	expect_json '.live.handshake.ok == true' "slapd StartTLS"
	expect_json '.live.chain | length == 1' "slapd serves its certificate"
	run connect "127.0.0.1:$(port free:slapd-notls)" --starttls ldap \
	    $TRUST -f json
	expect_status 2 "slapd without a certificate"
	expect_message live-starttls-failed "protocolError (2)"
	expect_message live-starttls-failed "does not offer TLS"
else
	echo "# slapd is not installed (apt-get install slapd): real LDAP skipped"
fi

run connect 127.0.0.1 --starttls ldaps
expect_status 3 "unknown STARTTLS protocol"
expect_err "is not smtp, imap, pop3, ftp, lmtp, nntp, sieve, irc, xmpp, ldap, postgres or mysql"

done_testing
