#!/bin/sh
# The real servers beside certdiag on the same configurations: for nginx
# (nginx -t), HAProxy (haproxy -c) and Apache httpd (started on a
# loopback port: its -t checks syntax only, a key mismatch shows at
# start-up, AH02565), each of four fixture configurations with two sites
# (both good; the second with a key mismatch, a missing certificate, a
# certificate file that is not PEM) is loaded by the server, and the
# server's verdict is the one expected. certdiag check --from must agree
# and name the deployment (FILE:LINE of its block) and the file.
# Servers that are not installed are skipped; none at all: exit 77.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/live_lib.sh"
cd "$TMP"

NGINX=$(command -v nginx || echo /usr/sbin/nginx)
HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)
APACHE=$(command -v apache2 || echo /usr/sbin/apache2)
APACHE_MODS=/usr/lib/apache2/modules
[ -x "$NGINX" ] || NGINX=
[ -x "$HAPROXY" ] || HAPROXY=
[ -x "$APACHE" ] && [ -f "$APACHE_MODS/mod_ssl.so" ] || APACHE=
if [ -z "$NGINX$HAPROXY$APACHE" ]; then
	echo "# none of nginx, haproxy, apache2 is installed (./bootstrap"
	echo "# installs nginx-light, haproxy, apache2)"
	exit 77
fi

# certdiag's side needs check --from (the deployment pipeline).
FROM=
"$CERTDIAG" check --from nginx /dev/null >/dev/null 2>"$TMP/from.err" ||
    true
grep -q "unknown option" "$TMP/from.err" || FROM=1

pki_cert root --ca --subject "/CN=Conf Test Root"
pki_cert int --ca --issuer root --subject "/CN=Conf Test Intermediate"
pki_cert a --issuer int --subject "/CN=a.test" --san DNS:a.test
pki_cert b --issuer int --subject "/CN=b.test" --san DNS:b.test
pki_key ec other.key
cat a.pem int.pem > a-full.pem
cat b.pem int.pem > b-full.pem
# HAProxy's combined files: certificate, chain, key.
cat a-full.pem a.key > a-combined.pem
cat b-full.pem b.key > b-combined.pem
cat b-full.pem other.key > b-mismatch.pem
printf -- '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n' \
    > bad.pem
cat bad.pem b.key > bad-combined.pem
# Files holding a key are the owner's alone, as on a server.
chmod 600 a-combined.pem b-combined.pem b-mismatch.pem bad-combined.pem
mkdir -p tmp

# b_files CASE: the second site's certificate and key ($BCERT $BKEY) and
# the file the failure is about ($BLAME).
b_files() {
	case $1 in
	good) BCERT=$TMP/b-full.pem BKEY=$TMP/b.key BLAME= ;;
	mismatch) BCERT=$TMP/b-full.pem BKEY=$TMP/other.key
		BLAME=$TMP/other.key ;;
	missing) BCERT=$TMP/absent.pem BKEY=$TMP/b.key BLAME=$BCERT ;;
	badpem) BCERT=$TMP/bad.pem BKEY=$TMP/b.key BLAME=$BCERT ;;
	esac
}

# certdiag_agrees SOURCE CONF CASE BLOCKLINE: certdiag check --from on
# the configuration the server just judged.
certdiag_agrees() {
	[ -n "$FROM" ] || return 0
	run check --from "$1" "$2" --ca "$TMP/root.pem"
	if [ "$3" = good ]; then
		expect_status 0 "$1 $3: certdiag passes both deployments"
		return
	fi
	case $3 in
	mismatch) _want=2 ;;
	*) _want=3 ;;
	esac
	expect_status $_want "$1 $3: certdiag fails as the server does"
	expect_out "$2:$4"
	expect_out "$BLAME"
}

# server_says NAME CASE STATUS: the server's verdict, its log in srv.log.
server_says() {
	if [ "$2" = good ]; then
		if [ "$3" -eq 0 ]; then ok "$1 $2: loads"
		else fail "$1 $2: the server refused a good configuration"
			sed 's/^/# /' "$TMP/srv.log"; fi
		return
	fi
	if [ "$3" -ne 0 ] && grep -qF "$BLAME" "$TMP/srv.log"; then
		ok "$1 $2: refused, naming $(basename "$BLAME")"
	else
		fail "$1 $2: expected a refusal naming $BLAME"
		sed 's/^/# /' "$TMP/srv.log"
	fi
}

CASES="good mismatch missing badpem"
P1=$(free_port)
P2=$(free_port)

# ---- nginx: nginx -t loads every certificate and key ----
if [ -n "$NGINX" ]; then
	for c in $CASES; do
		b_files $c
		conf=$TMP/nginx-$c.conf
		cat > "$conf" <<EOF
pid $TMP/nginx.pid;
error_log stderr;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path $TMP/tmp/body;
	proxy_temp_path $TMP/tmp/proxy;
	fastcgi_temp_path $TMP/tmp/fastcgi;
	uwsgi_temp_path $TMP/tmp/uwsgi;
	scgi_temp_path $TMP/tmp/scgi;
	server {
		listen 127.0.0.1:$P1 ssl;
		server_name a.test;
		ssl_certificate $TMP/a-full.pem;
		ssl_certificate_key $TMP/a.key;
	}
	server {
		listen 127.0.0.1:$P1 ssl;
		server_name b.test;
		ssl_certificate $BCERT;
		ssl_certificate_key $BKEY;
	}
}
EOF
		st=0
		"$NGINX" -t -q -p "$TMP/" -c "$conf" >"$TMP/srv.log" 2>&1 || st=$?
		server_says nginx $c $st
		certdiag_agrees nginx "$conf" $c \
		    "$(grep -n 'server_name b.test' "$conf" | cut -d: -f1 |
		    awk '{ print $1 - 2 }')"
	done
else
	echo "# nginx not installed: its cases skipped"
fi

# ---- HAProxy: haproxy -c loads every crt ----
if [ -n "$HAPROXY" ]; then
	for c in $CASES; do
		b_files $c
		case $c in
		good) BCRT=$TMP/b-combined.pem ;;
		mismatch) BCRT=$TMP/b-mismatch.pem BLAME=$BCRT ;;
		missing) BCRT=$TMP/absent.pem ;;
		badpem) BCRT=$TMP/bad-combined.pem BLAME=$BCRT ;;
		esac
		conf=$TMP/haproxy-$c.cfg
		cat > "$conf" <<EOF
global
	crt-base $TMP
defaults
	mode http
	timeout connect 1s
	timeout client 1s
	timeout server 1s
frontend a
	bind 127.0.0.1:$P1 ssl crt a-combined.pem
	http-request return status 200
frontend b
	bind 127.0.0.1:$P2 ssl crt $BCRT
	http-request return status 200
EOF
		st=0
		"$HAPROXY" -c -f "$conf" >"$TMP/srv.log" 2>&1 || st=$?
		server_says haproxy $c $st
		certdiag_agrees haproxy "$conf" $c \
		    "$(grep -n "crt $BCRT" "$conf" | cut -d: -f1)"
	done
else
	echo "# haproxy not installed: its cases skipped"
fi

# ---- Apache httpd: started on loopback, then stopped ----
# apache_conf CASE STYLE: the configuration; STYLE macro makes site b
# with mod_macro (its Use is the line certdiag must name).
apache_conf() {
	cat <<EOF
ServerRoot $d
PidFile $d/httpd.pid
ErrorLog $d/error.log
Mutex file:$d default
LoadModule mpm_event_module $APACHE_MODS/mod_mpm_event.so
LoadModule authz_core_module $APACHE_MODS/mod_authz_core.so
LoadModule ssl_module $APACHE_MODS/mod_ssl.so
LoadModule socache_shmcb_module $APACHE_MODS/mod_socache_shmcb.so
SSLSessionCache none
ServerName localhost
Listen 127.0.0.1:$P1
<VirtualHost 127.0.0.1:$P1>
	ServerName a.test
	SSLEngine on
	SSLCertificateFile $TMP/a-full.pem
	SSLCertificateKeyFile $TMP/a.key
</VirtualHost>
EOF
	if [ "$2" = macro ]; then
		echo "LoadModule macro_module $APACHE_MODS/mod_macro.so"
		echo "Define PORT $P1"
		cat <<'EOF'
<Macro Site $name $cert $key>
<VirtualHost 127.0.0.1:${PORT}>
	ServerName $name
	SSLEngine on
	SSLCertificateFile $cert
	SSLCertificateKeyFile $key
</VirtualHost>
</Macro>
EOF
		echo "Use Site b.test $BCERT $BKEY"
		return
	fi
	cat <<EOF
<VirtualHost 127.0.0.1:$P1>
	ServerName b.test
	SSLEngine on
	SSLCertificateFile $BCERT
	SSLCertificateKeyFile $BKEY
</VirtualHost>
EOF
}

# apache_case CASE STYLE
apache_case() {
	b_files $1
	d=$TMP/apache-$1${2:+-$2}
	mkdir -p "$d"
	conf=$d/httpd.conf
	apache_conf $1 "$2" > "$conf"
	st=0
	"$APACHE" -f "$conf" -k start >"$TMP/srv.log" 2>&1 || st=$?
	# the daemon writes its pid file after start returns
	for _ in $(seq 100); do
		[ $st -ne 0 ] || [ -s "$d/httpd.pid" ] && break
		sleep 0.05
	done
	if [ -s "$d/httpd.pid" ]; then
		pid=$(cat "$d/httpd.pid")
		on_exit "kill $pid"
		"$APACHE" -f "$conf" -k stop >/dev/null 2>&1 ||
		    kill "$pid" 2>/dev/null || true
		for _ in $(seq 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.05
		done
	fi
	cat "$d/error.log" >> "$TMP/srv.log" 2>/dev/null || true
	server_says "apache${2:+ ($2)}" $1 $st
	if [ $1 = mismatch ]; then
		if grep -q AH02565 "$TMP/srv.log"; then
			ok "apache${2:+ ($2)} mismatch: AH02565 at start-up"
		else
			fail "apache${2:+ ($2)} mismatch: no AH02565"
		fi
	fi
	if [ "$2" = macro ]; then
		line=$(grep -n "^Use Site b.test" "$conf" | cut -d: -f1)
	else
		line=$(grep -n "ServerName b.test" "$conf" | cut -d: -f1 |
		    awk '{ print $1 - 1 }')
	fi
	certdiag_agrees apache "$conf" $1 "$line"
}

if [ -n "$APACHE" ]; then
	for c in $CASES; do
		apache_case $c ""
	done
	# a site made by mod_macro: certdiag expands its Use as Apache does
	if [ -f "$APACHE_MODS/mod_macro.so" ]; then
		apache_case good macro
		apache_case mismatch macro
	fi
else
	echo "# apache2 (with mod_ssl) not installed: its cases skipped"
fi

[ -n "$FROM" ] || echo "# certdiag check --from not available: server side only"
done_testing
