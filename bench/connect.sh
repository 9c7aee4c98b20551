#!/bin/sh
# Wall time of a full `certdiag connect` (the handshake, its concurrent
# version and SNI probes, then the concurrent cipher-family probes)
# against the fixture servers of tests/test_live_posture.sh plus nginx,
# beside one `openssl s_client` handshake and `testssl.sh --fast` on the
# same servers. Loopback only; every server runs from a temporary folder
# and is stopped at the end.
#
# usage: bench/connect.sh [BUILDDIR [RUNS]]
#   RUNS (default 20): runs of certdiag and s_client per server.
#   TESTSSL_SERVERS="normal tls13 ...": the servers testssl.sh runs against
#   (one run each: it takes minutes); default all; "none" skips it.
#
# Prints one table per tool, then the median and maximum over every run
# of every server. A bench measures wall time; tests never do.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$src}" && pwd)
runs=${2:-20}
bin=$build/src/certdiag
nginx=$(command -v nginx || echo /usr/sbin/nginx)
testssl=$(command -v testssl.sh || command -v testssl || true)
work=$(mktemp -d)
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
cd "$work"
. "$src/fixtures/pki.sh"
{
	pki_cert root --ca --subject "/CN=Bench Root"
	pki_cert int --ca --issuer root --subject "/CN=Bench Intermediate"
	pki_cert ec --issuer int --subject /CN=bench.test \
	    --san DNS:bench.test,IP:127.0.0.1
	pki_cert rsa --type rsa --issuer int --subject /CN=bench.test \
	    --san DNS:bench.test,IP:127.0.0.1
} >/dev/null 2>&1
cat ec.pem int.pem > full.pem

free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# s_server NAME ARGS...: prints the port it listens on.
s_server() {
	_n=$1; shift
	openssl s_server -accept 127.0.0.1:0 -www "$@" </dev/null \
	    >"$_n.log" 2>&1 &
	pids="$pids $!"
	for _ in $(seq 100); do
		grep -q '^ACCEPT' "$_n.log" && break
		sleep 0.05
	done
	sed -n 's/^ACCEPT .*:\([0-9]*\)$/\1/p' "$_n.log"
}

nginx_server() {
	_port=$(free_port)
	mkdir -p ng/logs ng/tmp
	cat > ng/nginx.conf <<CONF
daemon off;
worker_processes 1;
pid $work/ng/nginx.pid;
error_log $work/ng/logs/error.log;
events { worker_connections 256; }
http {
	access_log off;
	client_body_temp_path $work/ng/tmp/body;
	proxy_temp_path $work/ng/tmp/proxy;
	fastcgi_temp_path $work/ng/tmp/fastcgi;
	uwsgi_temp_path $work/ng/tmp/uwsgi;
	scgi_temp_path $work/ng/tmp/scgi;
	ssl_protocols TLSv1.2 TLSv1.3;
	server {
		listen 127.0.0.1:$_port ssl;
		server_name bench.test;
		ssl_certificate $work/full.pem;
		ssl_certificate_key $work/ec.key;
		return 200 "ok\n";
	}
}
CONF
	"$nginx" -p "$work/ng" -c "$work/ng/nginx.conf" \
	    -e "$work/ng/logs/error.log" </dev/null >/dev/null 2>&1 &
	pids="$pids $!"
	for _ in $(seq 100); do
		[ -s ng/nginx.pid ] && break
		sleep 0.05
	done
	echo "$_port"
}

RSA="-cert rsa.pem -key rsa.key -cert_chain int.pem"
EC="-cert ec.pem -key ec.key -cert_chain int.pem"
servers=
add() { servers="$servers $1"; eval "port_$1=$2"; }
add nginx "$(nginx_server)"
add normal "$(s_server normal $EC)"
add tls13 "$(s_server tls13 $EC -tls1_3)"
add chacha "$(s_server chacha $RSA -cipher ECDHE-RSA-CHACHA20-POLY1305 \
    -ciphersuites TLS_CHACHA20_POLY1305_SHA256)"
add aes128sha "$(s_server aes128sha $RSA -no_tls1_3 -cipher AES128-SHA)"
add dhe "$(s_server dhe $RSA -no_tls1_3 -cipher DHE-RSA-AES128-GCM-SHA256)"
add ecdsa_rsa "$(s_server ecdsa_rsa $RSA -no_tls1_3 \
    -cipher ECDHE-ECDSA-AES128-GCM-SHA256)"

# ms CMD...: runs CMD once, prints its wall time in milliseconds.
ms() {
	_t0=$(date +%s%N)
	"$@" </dev/null >/dev/null 2>&1 || true
	_t1=$(date +%s%N)
	echo $(( (_t1 - _t0) / 1000000 ))
}

# stats FILE: "median max" of the numbers in FILE, in seconds.
stats() {
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.3f s | %.3f s", m / 1000, v[NR] / 1000 }'
}

: > all.certdiag
: > all.s_client
: > all.testssl
echo "| server | certdiag connect median | max | openssl s_client median | max | testssl.sh --fast |"
echo "|---|---|---|---|---|---|"
for s in $servers; do
	eval "port=\$port_$s"
	: > "$s.certdiag"
	: > "$s.s_client"
	# A sanity run: exit 0 to 2 is a verdict, anything else is not.
	rc=0
	"$bin" connect "127.0.0.1:$port" --servername bench.test \
	    --ca root.pem --no-system-ca -q >"$s.first" 2>&1 || rc=$?
	if [ "$rc" -gt 2 ]; then
		echo "certdiag connect exited $rc on $s:" >&2
		cat "$s.first" >&2
	fi
	for _ in $(seq "$runs"); do
		ms "$bin" connect "127.0.0.1:$port" --servername bench.test \
		    --ca root.pem --no-system-ca -q >> "$s.certdiag"
		ms openssl s_client -connect "127.0.0.1:$port" \
		    -servername bench.test -CAfile root.pem -brief \
		    >> "$s.s_client"
	done
	cat "$s.certdiag" >> all.certdiag
	cat "$s.s_client" >> all.s_client
	t="not installed"
	if [ -n "$testssl" ]; then
		case " ${TESTSSL_SERVERS:-$servers} " in
		*" $s "*)
			t=$(ms "$testssl" --fast --quiet --warnings off \
			    --color 0 "127.0.0.1:$port")
			echo "$t" >> all.testssl
			t=$(awk -v t="$t" 'BEGIN { printf "%.1f s", t / 1000 }')
			;;
		*)	t="not run" ;;
		esac
	fi
	echo "| $s | $(stats "$s.certdiag") | $(stats "$s.s_client") | $t |"
done
echo
echo "over every run of every server ($runs runs each):"
echo "  certdiag connect: median, max: $(stats all.certdiag)"
echo "  openssl s_client: median, max: $(stats all.s_client)"
if [ -s all.testssl ]; then
	echo "  testssl.sh --fast: median, max: $(stats all.testssl)" \
	    "($(wc -l < all.testssl) servers, one run each)"
elif [ -z "$testssl" ]; then
	echo "  testssl.sh: not installed (Debian package testssl.sh)"
fi
