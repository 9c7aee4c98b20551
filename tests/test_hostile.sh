#!/bin/sh
# The hostile corpus (tests/hostile/): crafted files, a repository and a
# server that once cost certdiag minutes or gigabytes. Each case must
# finish within 2 s of CPU and 100 MB of resident memory, measured by
# getrusage of the child (tests/hostile/budget.py), never by the clock,
# and must be refused or reported rather than paid for.
. "${top_srcdir:-.}/tests/lib.sh"
H=$top_srcdir/tests/hostile
command -v python3 >/dev/null || { echo "1..0 # SKIP python3 missing"; exit 77; }
unset http_proxy HTTP_PROXY https_proxy HTTPS_PROXY no_proxy NO_PROXY
cd "$TMP"
sh "$H/gen.sh" corpus >gen.log 2>&1 || { cat gen.log; echo "Bail out! gen.sh failed"; exit 1; }
cd corpus
# The corpus is made now: its certificates are valid today.
AT="--at @$(date +%s)"

# budget NAME ARGS...: runs certdiag within the budget; $RC, $TMP/out.
budget() {
	_name=$1; shift
	LAST_CMD="certdiag $*"
	RC=0
	if _line=$(python3 "$H/budget.py" --cpu 2 --rss-mb 100 \
	    --out "$TMP/out" --err "$TMP/err" -- "$CERTDIAG" "$@"); then
		ok "$_name: within 2 s CPU and 100 MB ($_line)"
	else
		fail "$_name: over budget ($_line)"
	fi
	RC=${_line##*status=}
}
expect_kdf() { # FIGURE
	if grep -q "kdf-too-costly" "$TMP/out" &&
	    grep -q "asks for $1 " "$TMP/out" && grep -q "limit of" "$TMP/out"; then
		ok "kdf-too-costly names the figure $1 and the cap"
	else
		fail "no kdf-too-costly with the figure $1"
	fi
}

budget "PKCS#8 PBKDF2 100M iterations" check -f json pbkdf2-100m.der
expect_status 3 "refused"
expect_kdf 100000000
budget "PKCS#8 scrypt N=32768 r=1 p=1024" check -f json scrypt-p1024.der
expect_status 3 "refused"
expect_kdf 33554432
budget "PKCS#8 scrypt p=200000" check -f json scrypt-p200000.der
expect_status 3 "refused"
budget "PKCS#12 MAC 100M iterations" check -f json p12-mac-100m.p12
expect_status 3 "refused"
expect_kdf 100000000
budget "PKCS#12 without MAC, 100M iterations" check -f json \
    p12-nomac-iter-100m.p12
expect_status 3 "refused"
expect_kdf 100000000
budget "--max-kdf-iterations still bounds" check -f json \
    --max-kdf-iterations 5000 pbkdf2-100m.der
expect_status 3 "refused under a raised cap"
expect_out 'limit of 5000;'
budget "scan of a folder of KDF bombs" scan -f json tree
expect_status 3 "scan says it could not judge them"
[ "$(jq '[.findings[] | select(.id == "kdf-too-costly")] | length' \
    "$TMP/out")" -eq 5 ] && ok "five files reported" ||
    fail "expected five kdf-too-costly findings"

budget ".certdiagignore with 12 double stars, 24 folders deep" scan ignore
expect_status 0 "the deep file is scanned"

budget "name constraints 1000 x 1000" check -f json --no-system-ca \
    --ca nc-root.pem --chain nc-int.pem nc-leaf.pem $AT
expect_status 2 "the wildcards are reported"
n=$(jq '[.findings[] | select(.id == "chain-name-constraints")] | length' \
    "$TMP/out")
[ "$n" -ge 1 ] && [ "$n" -le 1000 ] &&
    ok "one finding per name at most ($n)" || fail "$n findings"
expect_json '[.findings[] | select(.id == "chain-name-constraints")][0] |
    .message | contains("and 999 more excluded names")' "with a count"

budget "300,000 names" check -f json --no-system-ca many-sans.pem \
    --host nomatch.example $AT
expect_status 3 "refused"
expect_finding too-many-names error
budget "20,000 names with --host" check --no-system-ca sans-20000.pem \
    --host nomatch.example $AT
expect_status 2 "hostname-mismatch"

budget "multi-prime RSA, five 4096-bit primes" check -f json \
    rsa-5prime.key base.pem $AT
[ "$RC" -le 3 ] && ok "finished (exit $RC)" || fail "crashed"
expect_no_finding key-invalid

budget "2000 keys x 2000 certificates under one stem" scan -f json pairs
expect_json '[.findings[] | select(.id == "key-mismatch")] | length == 2000' \
    "every key told once"

# --fetch-aia against a hostile server (a loopback one: the test needs
# --fetch-aia-allow-private, which is also what the first case checks).
: > srv.log
python3 -u "$H/aia_server.py" www > srv.log 2>&1 &
srv=$!
on_exit "kill $srv"
port=
for _ in $(seq 50); do
	port=$(sed -n 's/^port //p' srv.log)
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ] || { echo "Bail out! the server did not start"; exit 1; }
U=http://127.0.0.1:$port
pki_cert aroot --ca --subject "/CN=AIA Root" >/dev/null
pki_cert aint --ca --issuer aroot --subject "/CN=AIA Int" >/dev/null
aia_leaf() { # NAME URL
	pki_cert "$1" --issuer aint --san "DNS:$1.test" --aia "$2" >/dev/null
}
A="check -f json --no-system-ca --ca aroot.pem --fetch-aia $AT"
aia_leaf bomb "$U/int.der"
budget "AIA without --fetch-aia-allow-private" $A bomb.pem
expect_json '.findings[] | select(.id == "aia-fetch") | .message |
    contains("loopback, private or link-local")' "loopback refused"
budget "AIA serving a PKCS#12 MAC bomb" $A --fetch-aia-allow-private bomb.pem
expect_json '.findings[] | select(.id == "aia-fetch") | .message |
    contains("not a certificate")' "the PKCS#12 body is refused unread"
expect_no_finding kdf-too-costly
for r in https file loop; do
	aia_leaf "r$r" "$U/redirect-$r"
	budget "AIA redirect ($r)" $A --fetch-aia-allow-private "r$r.pem"
	expect_finding aia-fetch warn
	expect_no_finding chain-ok
done
aia_leaf userinfo "http://user:pw@127.0.0.1:$port/int.der"
budget "AIA URL with user information" $A --fetch-aia-allow-private \
    userinfo.pem
expect_json '.findings[] | select(.id == "aia-fetch") | .message |
    contains("user information")' "refused"
aia_leaf closed "http://127.0.0.1:1/int.der"
budget "AIA to a closed port" $A --fetch-aia-allow-private closed.pem
cp "$TMP/out" closed.json
aia_leaf trickle "$U/trickle"
budget "AIA server that never finishes" $A --fetch-aia-allow-private \
    trickle.pem
why='.findings[] | select(.id == "aia-fetch") | .message | split(": ") | last'
if [ "$(jq "$why" closed.json)" = "$(jq "$why" "$TMP/out")" ]; then
	ok "a closed port and a silent server read the same"
else
	fail "the errors tell a closed port from a silent one"
fi

# git: the repository's fsmonitor (a program) is never run by scan.
if command -v git >/dev/null; then
	git init -q repo
	cp base.pem repo/
	printf '#!/bin/sh\ntouch "%s/ran"\n' "$PWD" > fsmon
	chmod +x fsmon
	git -C repo config core.fsmonitor "$PWD/fsmon"
	git -C repo add base.pem 2>/dev/null
	rm -f ran
	cd repo
	budget "scan --git with a hostile core.fsmonitor" scan --git
	expect_status 0 "the tracked certificate is scanned"
	"$CERTDIAG" scan --staged >/dev/null 2>&1 || true
	cd ..
	[ ! -e ran ] && ok "fsmonitor not run" || fail "fsmonitor ran"
fi

# Process hygiene.
RC=0; "$CERTDIAG" check base.pem $AT >/dev/full 2>"$TMP/err" || RC=$?
LAST_CMD="certdiag check base.pem > /dev/full"
expect_status 3 "an unwritable stdout is an error"
expect_err "cannot write the output"
run check base.pem --at @99999999999999
expect_status 3 "an --at past year 9999 is refused"
expect_err "outside the years"
# JSON renderer out of memory: json-c hands back NULL arrays.
if command -v cc >/dev/null &&
    printf '#include <stddef.h>\nvoid *json_object_new_array(void) { return NULL; }\n' > oom.c &&
    cc -shared -fPIC -o oom.so oom.c 2>/dev/null; then
	RC=0
	LD_PRELOAD=$PWD/oom.so "$CERTDIAG" check -f json base.pem $AT \
	    >"$TMP/out" 2>"$TMP/err" || RC=$?
	LAST_CMD="LD_PRELOAD=oom.so certdiag check -f json base.pem"
	expect_status 3 "out of memory in the JSON renderer: no abort"
	expect_err "out of memory"
fi

done_testing
