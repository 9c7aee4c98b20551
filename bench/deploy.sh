#!/bin/sh
# certdiag check --from nginx on a generated nginx configuration of N
# virtual hosts (default 200), each a server block in its own included
# file with its own EC P-256 key and certificate from one intermediate:
# N deployments read from the configuration, each loaded, checked and
# reported. Measures CPU time (user + system, from getrusage of the
# child: not wall time, which depends on the machine's load) over a few
# runs, and instructions (perf stat, else callgrind) of one run.
#
# usage: bench/deploy.sh [BUILDDIR [VHOSTS]]
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$src}" && pwd)
n=${2:-200}
runs=5
bin=$build/src/certdiag
make -s -C "$build" src/certdiag >/dev/null
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
. "$src/fixtures/pki.sh"

cd "$work"
pki_cert root --ca --subject /CN=bench-root --to 3650 >/dev/null
pki_cert int --ca --issuer root --subject /CN=bench-int --to 3000 >/dev/null
mkdir -p conf.d certs
i=1
while [ "$i" -le "$n" ]; do
	h=site$i.example.test
	pki_key ec "certs/$h.key"
	openssl req -new -key "certs/$h.key" -subj "/CN=$h" \
	    -addext "subjectAltName=DNS:$h" -out "certs/$h.csr" 2>/dev/null
	printf 'subjectAltName=DNS:%s\nbasicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\n' \
	    "$h" > ext.cnf
	openssl x509 -req -in "certs/$h.csr" -CA int.pem -CAkey int.key \
	    -CAcreateserial -days 90 -extfile ext.cnf \
	    -out "certs/$h.pem" 2>/dev/null
	cat "certs/$h.pem" int.pem > "certs/$h.fullchain.pem"
	rm -f "certs/$h.csr"
	cat > "conf.d/$h.conf" <<CONF
server {
    listen 443 ssl;
    server_name $h;
    ssl_certificate $work/certs/$h.fullchain.pem;
    ssl_certificate_key $work/certs/$h.key;
}
CONF
	i=$((i + 1))
done
cat > nginx.conf <<CONF
events {}
http {
    include $work/conf.d/*.conf;
}
CONF

set -- check --from nginx nginx.conf --no-system-ca --ca root.pem -f json
"$bin" "$@" > out.json || true
deployments=$(jq '.deployments | length' out.json)
status=$(jq -r '.status' out.json)

# CPU seconds (user + system) of each run, from the kernel's accounting.
cpu=$(python3 - "$bin" "$runs" "$@" <<'PY'
import resource, subprocess, sys
binary, runs, args = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
times = []
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([binary] + args, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    times.append((after.ru_utime - before.ru_utime) +
                 (after.ru_stime - before.ru_stime))
times.sort()
print("%.3f %.3f %.3f" % (times[0], times[len(times) // 2], times[-1]))
PY
)
set -- "$@"
if perf stat -x, -e instructions:u -o perf.out "$bin" "$@" >/dev/null 2>&1 &&
    ins=$(awk -F, '/instructions/ { print $1 }' perf.out) &&
    [ -n "$ins" ] && [ "$ins" != "<not supported>" ]; then
	how="perf stat -e instructions:u"
else
	valgrind --tool=callgrind --callgrind-out-file=cg.out "$bin" "$@" \
	    >/dev/null 2>cg.log || true
	ins=$(sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' cg.log)
	how="valgrind --tool=callgrind"
fi

echo "# certdiag check --from nginx: $n virtual hosts"
echo
echo "- deployments found: $deployments (status $status)"
echo "- CPU time (user+sys) over $runs runs, min / median / max: $cpu s"
echo "- instructions, one run ($how): $ins"
echo "- openssl: $(openssl version)"
echo "- reproduce: bench/deploy.sh $build $n"
