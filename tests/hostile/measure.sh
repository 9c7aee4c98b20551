#!/bin/sh
# measure.sh BEFORE AFTER [LIMIT]: CPU time and peak RSS of every
# hostile case, for two certdiag binaries (e.g. one built from an older
# commit in /tmp, and src/certdiag). Each run is capped at LIMIT seconds
# of CPU (default 30; "killed" then means it would have taken longer).
# Measured with getrusage of the child (budget.py), not the clock.
#   git archive 659421e | (mkdir /tmp/before && tar -x -C /tmp/before)
#   (cd /tmp/before && autoreconf -fi && ./configure -q && make -j2)
#   tests/hostile/measure.sh /tmp/before/src/certdiag src/certdiag
set -eu
H=$(cd "$(dirname "$0")" && pwd)
BEFORE=$(realpath "$1")
AFTER=$(realpath "$2")
LIMIT=${3:-30}
W=$(mktemp -d "${TMPDIR:-/tmp}/certdiag-measure.XXXXXX")
trap 'kill $srv 2>/dev/null; rm -rf "$W"' EXIT
srv=
sh "$H/gen.sh" "$W/c" >"$W/gen.log" 2>&1
cd "$W/c"
. "$H/../../fixtures/pki.sh"
AT="--at @$(date +%s)"
python3 -u "$H/aia_server.py" www > srv.log 2>&1 &
srv=$!
sleep 1
port=$(sed -n 's/^port //p' srv.log)
pki_cert aroot --ca --subject "/CN=AIA Root" >/dev/null
pki_cert aint --ca --issuer aroot --subject "/CN=AIA Int" >/dev/null
pki_cert bomb --issuer aint --san DNS:bomb.test \
    --aia "http://127.0.0.1:$port/int.der" >/dev/null

one() { # BINARY ARGS...
	_bin=$1; shift
	python3 "$H/budget.py" --limit "$LIMIT" -- "$_bin" "$@" |
	    sed 's/status=152/killed/; s/status=137/killed/'
}
case_() { # NAME AFTER-ONLY-ARGS -- ARGS...
	_name=$1 _extra=$2; shift 3
	printf '%s\n  before: %s\n  after:  %s\n' "$_name" \
	    "$(one "$BEFORE" "$@")" "$(one "$AFTER" $_extra "$@")"
}
echo "certdiag hostile corpus: CPU (user+system) and peak RSS per run;"
echo "CPU capped at ${LIMIT}s ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
case_ "PKCS#8 PBKDF2 100,000,000 iterations" "" -- check pbkdf2-100m.der
case_ "PKCS#8 scrypt N=32768 r=1 p=1024" "" -- check scrypt-p1024.der
case_ "PKCS#8 scrypt N=32768 r=1 p=200000" "" -- check scrypt-p200000.der
case_ "PKCS#12 MAC 100,000,000 iterations" "" -- check p12-mac-100m.p12
case_ "PKCS#12 no MAC, 100,000,000 iterations" "" -- check \
    p12-nomac-iter-100m.p12
case_ "scan of a folder of the five" "" -- scan tree
case_ ".certdiagignore 12 x **, 24 folders deep" "" -- scan ignore
case_ "name constraints 1000 x 1000" "" -- check --no-system-ca \
    --ca nc-root.pem --chain nc-int.pem nc-leaf.pem $AT
case_ "300,000 SANs with --host" "" -- check --no-system-ca \
    many-sans.pem --host nomatch.example $AT
case_ "20,000 SANs with --host" "" -- check --no-system-ca \
    sans-20000.pem --host nomatch.example $AT
case_ "multi-prime RSA 5 x 4096" "" -- check rsa-5prime.key base.pem $AT
case_ "2000 keys x 2000 certificates, one stem" "" -- scan pairs
case_ "--fetch-aia serving a PKCS#12 MAC bomb" \
    "--fetch-aia-allow-private" -- check --no-system-ca --ca aroot.pem \
    --fetch-aia bomb.pem $AT
