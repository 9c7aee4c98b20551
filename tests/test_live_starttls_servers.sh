#!/bin/sh
# --starttls against the real servers, each started on 127.0.0.1 by this
# test and stopped at its end: PostgreSQL (SSLRequest; ssl = on, then
# off by a reload), MariaDB (greeting with and without CLIENT_SSL),
# Prosody (XMPP: a host with a certificate, one with TLS turned off),
# Dovecot (LMTP and ManageSieve, ssl = yes and ssl = no). Each takes a
# second or more to start (initdb, InnoDB-less MariaDB, Lua), so this
# runs in make check-robust; the scripted dialogues and slapd are in
# test_live_starttls_more.sh. A server that is not installed is skipped
# with a note; none at all skips the test.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/live_lib.sh"
need jq python3 bash
cd "$TMP"
# The servers run as their own users: they must reach their folders.
chmod 711 "$TMP"

pki_cert root --ca --subject "/CN=Servers Test Root"
pki_cert srv --issuer root --subject "/CN=xmpp.test" \
    --san DNS:xmpp.test,DNS:db.test
TRUST="--no-system-ca --ca root.pem"
ran=0

# as USER CMD...: runs CMD as USER when we are root (servers that refuse
# root), else as ourselves.
as() {
	_u=$1; shift
	if [ "$(id -u)" -eq 0 ]; then runuser -u "$_u" -- "$@"; else "$@"; fi
}
# home USER DIR: a folder USER owns, with the certificate and key in it.
home() {
	mkdir -p "$2"
	cp srv.pem srv.key "$2/"
	chmod 600 "$2/srv.key"
	if [ "$(id -u)" -eq 0 ]; then chown -R "$1" "$2"; fi
}
have_user() { [ "$(id -u)" -ne 0 ] || id "$1" >/dev/null 2>&1; }
ports() {
	python3 -c 'import socket, sys
ss = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in ss:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))' "$1"
}
set -- $(ports 7)
PG_PORT=$1 MY_PORT=$2 MY_NOSSL_PORT=$3 XMPP_PORT=$4 LMTP_PORT=$5 \
    SIEVE_PORT=$6 DC_NOSSL_PORT=$7

postgres_case() {
	bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
	if [ -z "$bin" ] || ! have_user postgres; then
		echo "# PostgreSQL is not installed (apt-get install postgresql)"
		return
	fi
	home postgres pg
	as postgres "$bin/initdb" -D "$TMP/pg/data" -A trust -U postgres \
	    --no-sync --no-instructions >pg-initdb.log 2>&1 ||
	    { fail "initdb"; sed 's/^/# /' pg-initdb.log; return; }
	cat >>pg/data/postgresql.conf <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$TMP/pg'
fsync = off
ssl = on
ssl_cert_file = '$TMP/pg/srv.pem'
ssl_key_file = '$TMP/pg/srv.key'
CONF
	as postgres "$bin/postgres" -D "$TMP/pg/data" </dev/null \
	    >pg.log 2>&1 &
	wait_for pg.log 'ready to accept connections'
	on_exit "kill $(head -1 pg/data/postmaster.pid)"
	run connect "127.0.0.1:$PG_PORT" --starttls postgres \
	    --servername db.test $TRUST -f json
	expect_status 0 "PostgreSQL with ssl = on"
	expect_json '.live.handshake.ok == true' "PostgreSQL handshake"
	expect_json '.live.target | startswith("postgres://")' "PostgreSQL target"

	# ssl = off, applied by a reload as an administrator would.
	sed -i 's/^ssl = on$/ssl = off/' pg/data/postgresql.conf
	kill -HUP "$(head -1 pg/data/postmaster.pid)"
	wait_for pg.log 'parameter "ssl" changed to "off"'
	run connect "127.0.0.1:$PG_PORT" --starttls postgres $TRUST -f json
	expect_status 2 "PostgreSQL with ssl = off"
	expect_message live-starttls-failed "answered 'N' to the SSLRequest"
	expect_json '.findings[] | select(.id == "live-starttls-failed") |
	    .hint | contains("ssl = on")' "how to turn ssl on in PostgreSQL"
	ran=$((ran + 1))
}

mariadb_case() {
	bin=$(command -v mariadbd || ls /usr/sbin/mariadbd /usr/sbin/mysqld \
	    2>/dev/null | head -1)
	if [ -z "$bin" ] || ! have_user mysql; then
		echo "# MariaDB is not installed (apt-get install mariadb-server)"
		return
	fi
	for v in ssl nossl; do
		home mysql "my-$v"
		if [ "$v" = ssl ]; then
			port=$MY_PORT
			tls="--ssl-cert=$TMP/my-ssl/srv.pem --ssl-key=$TMP/my-ssl/srv.key"
		else
			port=$MY_NOSSL_PORT tls=--skip-ssl
		fi
		# No InnoDB and no grant tables: the greeting and the TLS
		# upgrade come before any of them is needed.
		# shellcheck disable=SC2086
		"$bin" --no-defaults --user=mysql --datadir="$TMP/my-$v" \
		    --socket="$TMP/my-$v/sock" --pid-file="$TMP/my-$v/pid" \
		    --bind-address=127.0.0.1 --port="$port" \
		    --skip-grant-tables --innodb=OFF \
		    --default-storage-engine=Aria \
		    --default-tmp-storage-engine=Aria --skip-log-bin $tls \
		    </dev/null >"my-$v.log" 2>&1 &
		on_exit "kill $!"
	done
	wait_for my-ssl.log 'ready for connections'
	wait_for my-nossl.log 'ready for connections'
	run connect "127.0.0.1:$MY_PORT" --starttls mysql --servername db.test \
	    $TRUST -f json
	expect_status 0 "MariaDB with ssl_cert"
	expect_json '.live.handshake.ok == true' "MariaDB handshake"
	run connect "127.0.0.1:$MY_NOSSL_PORT" --starttls mysql $TRUST -f json
	expect_status 2 "MariaDB without TLS"
	expect_message live-starttls-failed "lacks the CLIENT_SSL capability"
	expect_message live-starttls-failed "MariaDB"
	ran=$((ran + 1))
}

prosody_case() {
	if ! command -v prosody >/dev/null 2>&1 || ! have_user prosody; then
		echo "# Prosody is not installed (apt-get install prosody)"
		return
	fi
	home prosody xmpp
	mkdir -p xmpp/data
	cat >xmpp/prosody.cfg.lua <<CONF
daemonize = false
pidfile = "$TMP/xmpp/prosody.pid"
data_path = "$TMP/xmpp/data"
log = { info = "$TMP/xmpp/prosody.log" }
interfaces = { "127.0.0.1" }
c2s_ports = { $XMPP_PORT }
c2s_direct_tls_ports = { }
s2s_ports = { }
http_ports = { }
https_ports = { }
modules_enabled = { "tls"; "saslauth" }
modules_disabled = { "s2s" }
c2s_require_encryption = false
VirtualHost "xmpp.test"
	ssl = { certificate = "$TMP/xmpp/srv.pem"; key = "$TMP/xmpp/srv.key" }
VirtualHost "plain.test"
	modules_disabled = { "tls" }
CONF
	[ "$(id -u)" -ne 0 ] || chown -R prosody xmpp
	as prosody prosody --config "$TMP/xmpp/prosody.cfg.lua" </dev/null \
	    >xmpp.log 2>&1 &
	wait_port "$XMPP_PORT"
	on_exit "kill $(cat xmpp/prosody.pid)"
	run connect "127.0.0.1:$XMPP_PORT" --starttls xmpp \
	    --servername xmpp.test $TRUST -f json
	expect_status 0 "Prosody: xmpp.test with its certificate"
	expect_json '.live.handshake.ok == true' "Prosody handshake"
	run connect "127.0.0.1:$XMPP_PORT" --starttls xmpp \
	    --servername plain.test $TRUST -f json
	expect_status 2 "Prosody: plain.test without TLS"
	expect_message live-starttls-failed "list no <starttls/>"
	run connect "127.0.0.1:$XMPP_PORT" --starttls xmpp \
	    --servername nowhere.test $TRUST -f json
	expect_status 2 "Prosody: a domain it does not serve"
	expect_message live-starttls-failed "host-unknown"
	ran=$((ran + 1))
}

dovecot_conf() { # DIR SSL LISTENERS...
	_d=$1 _ssl=$2; shift 2
	mkdir -p "$_d/run" "$_d/state"
	cat >"$_d/dovecot.conf" <<CONF
base_dir = $TMP/$_d/run
state_dir = $TMP/$_d/state
log_path = $TMP/$_d/dovecot.log
protocols = lmtp sieve
listen = 127.0.0.1
ssl = $_ssl
default_internal_user = dovecot
default_login_user = dovenull
mail_location = maildir:$TMP/$_d/mail/%u
passdb {
  driver = static
  args = nopassword=y
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$TMP/$_d/mail/%u
}
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
CONF
	[ "$_ssl" = no ] ||
	    printf 'ssl_cert = <%s\nssl_key = <%s\n' "$TMP/srv.pem" \
	    "$TMP/srv.key" >>"$_d/dovecot.conf"
	printf 'service lmtp {\n inet_listener lmtp {\n  port = %s\n }\n}\n' \
	    "$1" >>"$_d/dovecot.conf"
	printf 'service managesieve-login {\n inet_listener sieve {\n' \
	    >>"$_d/dovecot.conf"
	printf '  port = %s\n }\n}\n' "$2" >>"$_d/dovecot.conf"
}

dovecot_case() {
	if ! command -v dovecot >/dev/null 2>&1 && [ ! -x /usr/sbin/dovecot ]
	then
		echo "# Dovecot is not installed (apt-get install dovecot-lmtpd dovecot-managesieved)"
		return
	fi
	if [ "$(id -u)" -ne 0 ] || ! id dovenull >/dev/null 2>&1; then
		echo "# Dovecot needs root to start its login processes: skipped"
		return
	fi
	DOVECOT=$(command -v dovecot || echo /usr/sbin/dovecot)
	dovecot_conf dc yes "$LMTP_PORT" "$SIEVE_PORT"
	dovecot_conf dc-nossl no "$DC_NOSSL_PORT" "$(ports 1)"
	for d in dc dc-nossl; do
		"$DOVECOT" -F -c "$TMP/$d/dovecot.conf" </dev/null >"$d.log" \
		    2>&1 &
		on_exit "kill $!"
	done
	wait_port "$LMTP_PORT"
	wait_port "$SIEVE_PORT"
	wait_port "$DC_NOSSL_PORT"
	run connect "127.0.0.1:$LMTP_PORT" --starttls lmtp --servername db.test \
	    $TRUST -f json
	expect_status 0 "Dovecot LMTP STARTTLS"
	expect_json '.live.handshake.ok == true' "Dovecot LMTP handshake"
	run connect "127.0.0.1:$SIEVE_PORT" --starttls sieve \
	    --servername db.test $TRUST -f json
	expect_status 0 "Dovecot ManageSieve STARTTLS"
	expect_json '.live.handshake.ok == true' "Dovecot sieve handshake"
	run connect "127.0.0.1:$DC_NOSSL_PORT" --starttls lmtp $TRUST -f json
	expect_status 2 "Dovecot LMTP with ssl = no"
	expect_message live-starttls-failed "does not offer TLS"
	ran=$((ran + 1))
}

postgres_case
mariadb_case
prosody_case
dovecot_case
[ "$ran" -gt 0 ] || skip "none of postgresql, mariadb-server, prosody, dovecot is installed"
done_testing
