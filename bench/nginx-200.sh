#!/bin/sh
# An nginx configuration with 200 TLS virtual hosts (one file each in
# sites-enabled/, included by glob; each its own EC key and certificate
# from one CA), read by the nginx source (bench/conf_read: CPU time per
# read, getrusage) and, when certdiag has check --from, checked whole
# (CPU time of the process, /usr/bin/time).
#
# usage: bench/nginx-200.sh [BUILDDIR [VHOSTS]]   (default . 200)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$src}" && pwd)
vhosts=${2:-200}
make -s -C "$build" src/certdiag bench/conf_read >/dev/null
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
. "$src/fixtures/pki.sh"
cd "$work"

pki_cert ca --ca --subject "/CN=Bench CA"
mkdir -p sites-enabled certs
i=1
while [ $i -le "$vhosts" ]; do
	h=site$i.test
	pki_cert "certs/$h" --issuer ca --subject "/CN=$h" --san "DNS:$h,DNS:www.$h"
	cat > "sites-enabled/$h.conf" <<EOC
server {
	listen 443 ssl http2;
	listen [::]:443 ssl http2;
	server_name $h www.$h;
	ssl_certificate certs/$h.pem;
	ssl_certificate_key certs/$h.key;
	location / {
		root /srv/$h;
		try_files \$uri \$uri/ =404;
	}
}
EOC
	i=$((i + 1))
done
cat > nginx.conf <<EOC
worker_processes auto;
events { worker_connections 1024; }
http {
	ssl_protocols TLSv1.2 TLSv1.3;
	ssl_trusted_certificate ca.pem;
	include sites-enabled/*.conf;
}
EOC

echo "nginx, $vhosts virtual hosts:"
"$build/bench/conf_read" nginx "$work/nginx.conf" 20
if ! "$build/src/certdiag" check --from nginx /dev/null 2>&1 |
    grep -q "unknown option"; then
	/usr/bin/time -f "certdiag check --from nginx: %U s user + %S s system, %e s wall, %M KiB" \
	    "$build/src/certdiag" check --from nginx --ca ca.pem \
	    "$work/nginx.conf" > "$work/out" 2>"$work/err" || true
	tail -1 "$work/err"
	head -3 "$work/out" | sed 's/^/  /'
fi
