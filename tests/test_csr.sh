#!/bin/sh
# certdiag check ... --csr FILE: the request against the certificate
# issued for it and the private key, in JSON.
. "${top_srcdir:-.}/tests/lib.sh"
need jq
fixtures
cd "$TMP"
T="--no-system-ca --ca $FIX/root.pem --chain $FIX/int.pem -f json"
SAN=DNS:www.example.test,DNS:example.test,IP:127.0.0.1,IP:::1

# The request the core PKI's leaf was made from: everything matches.
run check $T "$FIX/leaf.pem" "$FIX/leaf.key" --csr "$FIX/leaf.csr"
expect_status 0 "matching request"
expect_no_finding csr-mismatch
expect_no_finding csr-invalid
expect_no_finding csr-names-differ
expect_json '[.objects[] | select(.kind == "csr")] | length == 1' \
    "the request is listed"

# The same request in DER, sorted by content from a positional file.
openssl req -in "$FIX/leaf.csr" -outform DER -out leaf.csr.der
run check $T "$FIX/leaf.pem" "$FIX/leaf.key" leaf.csr.der
expect_status 0 "matching DER request, positional"

# A request made with another key.
openssl req -new -key "$FIX/other.key" -subj /CN=www.example.test \
    -addext "subjectAltName=$SAN" -out other.csr
run check $T "$FIX/leaf.pem" "$FIX/leaf.key" --csr other.csr
expect_status 2 "request for another key"
expect_finding csr-mismatch fail
expect_json '[.findings[] | select(.id == "csr-mismatch")] | length == 2' \
    "differs from the certificate and from the key"
expect_json '.findings[] | select(.id == "csr-mismatch") | select(.message | contains("not issued for this request")) | .file == "other.csr"' \
    "names the request's file"
run check $T "$FIX/leaf.pem" --csr other.csr
expect_json '[.findings[] | select(.id == "csr-mismatch")] | length == 1' \
    "without a key: the certificate only"

# A request whose signature does not verify: its last byte flipped (a
# byte of the ECDSA signature's s value).
openssl req -in "$FIX/leaf.csr" -outform DER -out good.der
size=$(wc -c < good.der)
last=$(tail -c 1 good.der | od -An -tu1 | tr -d ' ')
head -c $((size - 1)) good.der > bad.csr
# shellcheck disable=SC2059
printf "\\$(printf %03o $((last ^ 1)))" >> bad.csr
run check $T "$FIX/leaf.pem" "$FIX/leaf.key" --csr bad.csr
expect_status 2 "request with a broken signature"
expect_finding csr-invalid fail
expect_no_finding csr-mismatch

# Names requested that the certificate lacks, and names only issued.
openssl req -new -key "$FIX/leaf.key" -subj /CN=www.example.test \
    -addext "subjectAltName=$SAN,DNS:old.example.test" -out more.csr
run check $T "$FIX/leaf.pem" "$FIX/leaf.key" --csr more.csr
expect_status 1 "a requested name is missing"
expect_finding csr-names-differ warn
expect_json '.findings[] | select(.id == "csr-names-differ") | .message | contains("old.example.test")' \
    "the missing name is listed"
openssl req -new -key "$FIX/leaf.key" -subj /CN=www.example.test \
    -addext "subjectAltName=DNS:www.example.test" -out fewer.csr
run check $T "$FIX/leaf.pem" "$FIX/leaf.key" --csr fewer.csr
expect_status 0 "the CA added names"
expect_finding csr-names-differ info

done_testing
