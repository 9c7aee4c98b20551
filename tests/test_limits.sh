#!/bin/sh
# Caps on hostile input: each limit gives a specific error naming the file
# (exit 3), and input right at the limit still loads.
. "${top_srcdir:-.}/tests/lib.sh"
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

done_testing
