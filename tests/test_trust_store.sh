#!/bin/sh
# The system trust store as OpenSSL finds it: SSL_CERT_FILE (a bundle, the
# RHEL/Alpine layout with no hashed directory) and SSL_CERT_DIR (a hashed
# directory), each pointed at a temporary copy; --ca adds to them unless
# --no-system-ca; the reports name the store the anchor came from.
. "${top_srcdir:-.}/tests/lib.sh"
command -v jq >/dev/null 2>&1 || { echo "jq not installed"; exit 77; }
cd "$TMP"

pki_cert root --ca --subject "/CN=Bundle Only Root" --from -30 --to 3650
pki_cert int --ca --issuer root --subject "/CN=Bundle Only Intermediate" \
    --from -20 --to 1825
pki_cert leaf --issuer int --subject "/CN=www.bundle.test" \
    --san DNS:www.bundle.test
pki_cert other --ca --subject "/CN=Some Other Root"
cat leaf.pem int.pem > fullchain.pem

# A bundle holding the root among others, and an empty directory.
mkdir bundle empty hashed
cat other.pem root.pem > bundle/ca-bundle.crt
cp root.pem hashed/root.pem
openssl rehash hashed 2>/dev/null || c_rehash hashed >/dev/null 2>&1 || {
	echo "openssl rehash not available"; exit 77; }

export SSL_CERT_FILE="$TMP/bundle/ca-bundle.crt" SSL_CERT_DIR="$TMP/empty"
run check -f json fullchain.pem leaf.key
expect_status 0 "a root only in the bundle file verifies"
expect_json '(.chain | length) == 3 and .chain[2].anchor and .chain[2].origin == "store"' \
    "the path ends at the store's root"
expect_json '.trust_store.anchor_from == "file" and
    .trust_store.file == env.SSL_CERT_FILE and
    .trust_store.dir == env.SSL_CERT_DIR' "JSON names the bundle"
run check --color never fullchain.pem leaf.key
expect_out "trust anchor from the system bundle $TMP/bundle/ca-bundle.crt"

# The directory alone (no bundle at that path).
export SSL_CERT_FILE="$TMP/none.crt" SSL_CERT_DIR="$TMP/hashed"
run check -f json fullchain.pem leaf.key
expect_status 0 "a root in the hashed directory verifies"
expect_json '.trust_store.anchor_from == "dir" and
    .trust_store.file == null' "JSON names the directory"

# Neither holds the root.
export SSL_CERT_FILE="$TMP/none.crt" SSL_CERT_DIR="$TMP/empty"
run check -f json fullchain.pem leaf.key
expect_status 2 "a root in neither store does not verify"
expect_finding chain-incomplete fail
expect_no_finding chain-untrusted

# --ca adds to the system store; --no-system-ca leaves only --ca.
export SSL_CERT_FILE="$TMP/bundle/ca-bundle.crt" SSL_CERT_DIR="$TMP/empty"
run check -f json --ca other.pem fullchain.pem leaf.key
expect_status 0 "--ca adds to the system store"
expect_json '.trust_store.anchor_from == "file"' "anchor from the bundle"
run check -f json --no-system-ca fullchain.pem leaf.key
expect_status 2 "--no-system-ca ignores the bundle"
expect_json '.trust_store.file == null and .trust_store.dir == null' \
    "no system locations with --no-system-ca"
run check -f json --no-system-ca --ca root.pem fullchain.pem leaf.key
expect_status 0 "--no-system-ca --ca: only the given root"
expect_json '.trust_store.anchor_from == "ca"' "anchor from --ca"

# scan reads the same store.
mkdir repo && cp fullchain.pem repo/
run scan -f json repo
expect_no_finding chain-untrusted
expect_no_finding chain-incomplete
done_testing
