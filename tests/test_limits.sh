#!/bin/sh
# Caps on hostile input: each limit gives a specific error naming the file
# (exit 3), and input right at the limit still loads.
. "${top_srcdir:-.}/tests/lib.sh"
need jq
fixtures
cd "$TMP"

MIB=1048576

# Parsing 10000 certificates or 16 MiB of text takes minutes under
# valgrind (`make check-valgrind`); those runs use the plain binary there.
# The refusals themselves (size, ratio) still run under valgrind.
run_big() {
	_c=$CERTDIAG
	CERTDIAG=${CERTDIAG_REAL:-$CERTDIAG}
	run "$@"
	CERTDIAG=$_c
}

# expect_limit ID TEXT FILE: the last run stopped at a limit.
expect_limit() {
	expect_status 3 "$3: refused"
	expect_finding "$1" error
	expect_json "[.findings[] | select(.id == \"$1\") |
	    (.message | contains(\"$2\")) and (.file | endswith(\"$3\"))] | any" \
	    "$1 names $3 and says '$2'"
}

# grow FILE SIZE: pads FILE with text lines (as around `openssl x509 -text`
# output) to exactly SIZE bytes.
grow() {
	_have=$(wc -c < "$1")
	yes 'text around the certificate, as a person might paste it' |
	    head -c $(($2 - _have - 1)) >> "$1"
	echo >> "$1"
}

# Maximum input file size: 16 MiB.
cp "$FIX/leaf.pem" at-limit.pem
grow at-limit.pem $((16 * MIB))
run_big show -f json at-limit.pem
expect_status 0 "a 16 MiB file loads"
expect_json '[.objects[] | select(.kind == "certificate")] | length == 1' \
    "the certificate in a 16 MiB file is found"
cp at-limit.pem too-big.pem
echo x >> too-big.pem
run show -f json too-big.pem
expect_limit file-too-large "16 MiB" too-big.pem
rm -f at-limit.pem too-big.pem

# Objects per file: 10000.
many() { # N OUT: N certificates in one PEM file
	awk -v n="$1" '{ l[NR] = $0 } END {
		for (i = 0; i < n; i++) for (j = 1; j <= NR; j++) print l[j] }' \
	    "$FIX/leaf.pem" > "$2"
}
many 10000 10000.pem
run_big show -f json 10000.pem
expect_status 0 "10000 certificates in one file load"
many 10001 10001.pem
run_big show -f json 10001.pem
expect_limit too-many-objects "10000" 10001.pem
rm -f 10000.pem 10001.pem

# gzip expansion ratio: 1000. Zeros deflate about 1030:1, and 12 MB
# stays under the size cap, so only the ratio can refuse it.
head -c 12000000 /dev/zero | gzip -9 -c > ratio.pem.gz
run show -f json ratio.pem.gz
expect_limit gzip-too-large "1000 times" ratio.pem.gz
# Decompressed size: 16 MiB. Random text deflates about 1.3:1, so only
# the size can refuse it.
head -c $((13 * MIB)) /dev/urandom | base64 | gzip -1 -c > big.pem.gz
run show -f json big.pem.gz
expect_limit gzip-too-large "16 MiB" big.pem.gz
rm -f big.pem.gz
# Under both caps: a real certificate with 8 MB of text around it.
cp "$FIX/leaf.pem" padded.pem
grow padded.pem 8000000
gzip -9 padded.pem
run_big show -f json padded.pem.gz
expect_status 0 "8 MB of text, gzipped, loads"
expect_json '[.objects[] | select(.kind == "certificate")] | length == 1' \
    "the certificate in a gzipped file is found"

# Chain depth: 100 intermediates (CHAIN_MAX_DEPTH, OpenSSL's default).
# One key for every CA keeps the generation fast.
mkdir deep && cd deep
pki_key ec k.key
cp k.key root.key
pki_cert root --ca --key root.key --subject "/CN=Deep Root" >/dev/null 2>&1
prev=root
: > chain.pem
for i in $(seq 1 101); do
	cp k.key "i$i.key"
	pki_cert "i$i" --ca --key "i$i.key" --issuer "$prev" \
	    --subject "/CN=Deep Intermediate $i" >/dev/null 2>&1
	prev=i$i
done
for n in 100 101; do
	cp k.key "leaf$n.key"
	pki_cert "leaf$n" --key "leaf$n.key" --issuer "i$n" \
	    --san DNS:deep.test >/dev/null 2>&1
	for i in $(seq "$n" -1 1); do cat "i$i.pem"; done > "chain$n.pem"
done
run check -f json --no-system-ca --ca root.pem leaf100.pem chain100.pem \
    --host deep.test
expect_status 0 "a path with 100 intermediates verifies"
run check -f json --no-system-ca --ca root.pem leaf101.pem chain101.pem \
    --host deep.test --emit-chain "$TMP/deep.pem"
expect_status 3 "101 intermediates: too long, and --emit-chain refuses"
expect_json '[.findings[] | select(.id == "chain-untrusted" and
    .severity == "fail") | .message | contains("too long")] | any' \
    "chain-untrusted says the chain is too long"
expect_no_finding chain-incomplete
expect_no_finding chain-extra
expect_json '[.findings[] | select(.id == "emit-chain") | .message |
    contains("more than 100 intermediates")] | any' \
    "emit-chain says why it wrote nothing"
if [ ! -e "$TMP/deep.pem" ]; then
	ok "nothing written for a chain cut off as too long"
else
	fail "--emit-chain wrote a chain cut off as too long"
fi
cd "$TMP"

# The search for alternative paths is bounded: 8 certificates named A
# issued by B and 8 named B issued by A (one key, so every one of them
# is an issuer of every other) once made it exponential.
mkdir loop && cd loop
pki_key ec k.key
for n in A B; do
	cp k.key "$n.key"
	pki_cert "$n" --ca --key "$n.key" --subject "/CN=Loop $n" >/dev/null 2>&1
done
: > bundle.pem
for i in 1 2 3 4 5 6 7 8; do
	cp k.key "a$i.key"
	cp k.key "b$i.key"
	pki_cert "a$i" --ca --key "a$i.key" --issuer B --subject "/CN=Loop A" \
	    >/dev/null 2>&1
	pki_cert "b$i" --ca --key "b$i.key" --issuer A --subject "/CN=Loop B" \
	    >/dev/null 2>&1
	cat "a$i.pem" "b$i.pem" >> bundle.pem
done
cp k.key leaf.key
pki_cert leaf --key leaf.key --issuer A --san DNS:loop.test >/dev/null 2>&1
LAST_CMD="certdiag check leaf.pem bundle.pem (cyclic issuers)"
RC=0
timeout 300 "$CERTDIAG" check -f json --no-system-ca leaf.pem bundle.pem \
    >"$TMP/out" 2>"$TMP/err" </dev/null || RC=$?
expect_status 2 "cyclic issuers: the check completes with a chain failure"
expect_finding chain-incomplete fail
cd "$TMP"

# scan: directory nesting, 64 levels below the root.
nest() { # N DIR: a certificate N directories below DIR
	_p=$2
	for _i in $(seq 1 "$1"); do _p=$_p/d; done
	mkdir -p "$_p"
	cp "$FIX/leaf.pem" "$_p/"
}
nest 64 nest64
run scan -f json --no-system-ca nest64
expect_json '.objects | length == 1' "scan finds a certificate 64 levels down"
expect_no_finding scan-error
nest 65 nest65
run scan -f json --no-system-ca nest65
expect_status 3 "65 levels: refused"
expect_json '[.findings[] | select(.id == "scan-error" and
    .severity == "error") | .message | contains("deeper than 64 levels")] |
    any' "scan-error says how deep it may go"
rm -rf nest64 nest65

# scan: 200000 files per run. On tmpfs when there is one: creating the
# files is most of the cost.
big=$TMP
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	big=$(mktemp -d /dev/shm/certdiag-limits.XXXXXX)
	on_exit "rm -rf '$big'"
fi
mkdir "$big/files"
(cd "$big/files" && seq 1 200001 | sed 's/^/f/' | xargs touch)
run_big scan -f json --no-system-ca "$big/files"
expect_status 3 "200001 files: refused"
expect_json '[.findings[] | select(.id == "scan-error" and
    .severity == "error") | .message | contains("more than 200000 files")] |
    any' "scan-error says how many files it takes"
rm -rf "$big/files"

# Symbolic link loops: a file that is a loop is a read error naming it;
# in a scan, a directory reached again through a link is entered once.
ln -s loop-b loop-a
ln -s loop-a loop-b
run show -f json loop-a
expect_limit file-unreadable "symbolic links" loop-a
mkdir -p tree/sub
cp "$FIX/leaf.pem" tree/sub/
ln -s .. tree/sub/up
ln -s ../sub tree/sub/again
ln -s . tree/self
ln -s x tree/y
ln -s y tree/x
run scan -f json --no-system-ca tree
expect_json '.objects | length == 1' "links back into the tree: the certificate once"
expect_no_finding scan-error

done_testing
