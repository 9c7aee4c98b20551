#!/bin/sh
# --starttls smtp|imap|pop3|ftp against a loopback server that speaks each
# protocol's greeting and upgrade, then TLS; a server that refuses the
# upgrade; a mail port given without --starttls; a TLS port given with it.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/live_lib.sh"
need jq python3 s_server
cd "$TMP"

pki_cert root --ca --subject "/CN=Mail Test Root"
pki_cert int --ca --issuer root --subject "/CN=Mail Test Intermediate"
pki_cert mail --issuer int --subject "/CN=mail.test" --san DNS:mail.test
cat mail.pem int.pem > mail-full.pem
TRUST="--no-system-ca --ca root.pem"
SRV=$top_srcdir/tests/starttls_server.py

for p in smtp imap pop3 ftp; do
	py_server "$p" "$SRV" "$p" mail-full.pem mail.key
	run connect "127.0.0.1:$PORT" --starttls "$p" --servername mail.test \
	    $TRUST -f json
	expect_status 0 "$p STARTTLS"
	expect_json ".live.target == \"$p://127.0.0.1:$PORT\"" "$p target"
	expect_json '.live.handshake.ok == true' "$p handshake"
	expect_json '.live.chain | length == 2' "$p chain served"
	expect_json '[.live.versions[] | select(.state == "accepted")] |
	    length > 0' "$p probes also speak STARTTLS"

	py_server "$p-refuse" "$SRV" "$p" mail-full.pem mail.key refuse
	run connect "127.0.0.1:$PORT" --starttls "$p" $TRUST -f json
	expect_status 2 "$p server refuses the upgrade"
	expect_finding live-starttls-failed fail
	expect_message live-starttls-failed "refused"
done

# A mail port without --starttls: the greeting is not TLS.
py_server plain "$SRV" smtp mail-full.pem mail.key
run connect "127.0.0.1:$PORT" $TRUST -f json
expect_status 2 "SMTP port without --starttls"
expect_finding live-not-tls fail
expect_message live-not-tls "--starttls smtp"

# A TLS port with --starttls: no greeting comes.
s_server tls -cert mail.pem -key mail.key
timed_run connect "127.0.0.1:$PORT" --starttls smtp --timeout 1 $TRUST \
    -f json
expect_status 2 "TLS port with --starttls"
expect_finding live-starttls-failed fail
expect_message live-starttls-failed "no greeting"
if [ "$ELAPSED_MS" -lt 10000 ]; then
	ok "bounded by --timeout (${ELAPSED_MS} ms)"
else
	fail "took ${ELAPSED_MS} ms with --timeout 1"
fi

run connect 127.0.0.1 --starttls gopher
expect_status 3 "unknown STARTTLS protocol"
expect_err "--starttls: 'gopher' is not smtp, imap, pop3, ftp, lmtp, nntp, sieve, irc, xmpp, ldap, postgres or mysql"

done_testing
