#!/bin/sh
# A full `certdiag connect` (the handshake plus its concurrent probes:
# four versions and one without SNI) against nginx on loopback, beside one
# `openssl s_client` handshake and an offline `certdiag check` of the
# same chain. Loopback only; nginx runs in a temporary prefix and is
# stopped at the end.
#
# usage: bench/connect.sh [BUILDDIR]     (needs hyperfine and nginx)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src}
bin=$build/src/certdiag
nginx=$(command -v nginx || echo /usr/sbin/nginx)
work=$(mktemp -d)
pid=
trap '[ -z "$pid" ] || kill "$pid"; rm -rf "$work"' EXIT
cd "$work"
. "$src/fixtures/pki.sh"
pki_cert root --ca --subject "/CN=Bench Root" >/dev/null 2>&1
pki_cert int --ca --issuer root --subject "/CN=Bench Intermediate" \
    >/dev/null 2>&1
pki_cert leaf --issuer int --subject /CN=bench.test \
    --san DNS:bench.test >/dev/null 2>&1
cat leaf.pem int.pem > full.pem
port=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
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
		listen 127.0.0.1:$port ssl;
		server_name bench.test;
		ssl_certificate $work/full.pem;
		ssl_certificate_key $work/leaf.key;
		return 200 "ok\n";
	}
}
CONF
"$nginx" -p "$work/ng" -c "$work/ng/nginx.conf" -e "$work/ng/logs/error.log" \
    </dev/null >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do
	[ -s ng/nginx.pid ] && break
	sleep 0.05
done
hyperfine -N --warmup 5 --runs 100 --export-markdown "$work/table.md" \
    "$bin connect 127.0.0.1:$port --servername bench.test --ca root.pem --no-system-ca -q" \
    "openssl s_client -connect 127.0.0.1:$port -servername bench.test -CAfile root.pem -brief" \
    "$bin check full.pem --ca root.pem --no-system-ca -q" >/dev/null
sed -e "s|$bin|certdiag|" -e "s|127.0.0.1:$port|127.0.0.1:PORT|" "$work/table.md"
