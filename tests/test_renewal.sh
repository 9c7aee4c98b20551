#!/bin/sh
# certdiag check NEW --previous OLD: old/new pairs generated for this run,
# one per renewal finding, in JSON.
. "${top_srcdir:-.}/tests/lib.sh"
need jq
fixtures
cd "$TMP"
T="--no-system-ca --ca $FIX/root.pem --chain $FIX/int.pem -f json"
SAN=DNS:www.example.test,DNS:example.test

# The certificate being replaced: 20 days left, one name more than the
# renewed one will have in the "dropped" case.
pki_cert old --issuer "$FIX/int" --san "$SAN" --from -70 --to 20 \
    --subject /CN=www.example.test
pki_cert wider --issuer "$FIX/int" --san "$SAN,DNS:old.example.test" \
    --from -70 --to 20 --subject /CN=www.example.test

# A good renewal: new key, same names and issuer, later expiry.
pki_cert new --issuer "$FIX/int" --san "$SAN" --to 90 \
    --subject /CN=www.example.test
run check $T new.pem new.key --previous old.pem
expect_status 0 "good renewal"
expect_finding renewal-key-changed info
expect_json '.findings[] | select(.id == "renewal-key-changed") | .message | contains("new.key")' \
    "names the new key's file"
for id in renewal-names-dropped renewal-not-later renewal-same-cert \
    renewal-key-reused renewal-issuer-changed renewal-key-type-changed \
    renewal-names-added; do
	expect_no_finding $id
done
expect_json '[.objects[] | select(.role == "previous")] | length == 1' \
    "the previous certificate is listed as such"
expect_json '[.findings[] | select(.file == "old.pem")] | length == 0' \
    "no finding about the old certificate itself"

# A name the old certificate covered is gone.
run check $T new.pem new.key --previous wider.pem
expect_status 2 "name dropped"
expect_finding renewal-names-dropped fail
expect_json '.findings[] | select(.id == "renewal-names-dropped") | .message | contains("old.example.test")' \
    "the dropped name is listed"
expect_json '.findings[] | select(.id == "renewal-names-dropped") | .message | contains("www.example.test") | not' \
    "names still covered are not"
run check $T wider.pem wider.key --previous old.pem
expect_finding renewal-names-added info

# The same certificate again.
run check $T new.pem new.key --previous new.pem
expect_status 2 "same file as new and previous"
expect_finding renewal-same-cert fail
expect_no_finding renewal-key-reused
cp new.pem copy.pem
run check $T new.pem new.key --previous copy.pem
expect_finding renewal-same-cert fail

# The "new" certificate expires before the old one.
pki_cert longer --issuer "$FIX/int" --san "$SAN" --from -10 --to 200 \
    --subject /CN=www.example.test
run check $T new.pem new.key --previous longer.pem
expect_status 1 "new certificate expires first"
expect_finding renewal-not-later warn

# The key reused; weak when it is RSA 1024.
pki_cert samekey --issuer "$FIX/int" --san "$SAN" --to 90 --key old.key \
    --subject /CN=www.example.test
run check $T samekey.pem old.key --previous old.pem
expect_finding renewal-key-reused info
expect_no_finding renewal-key-changed
pki_cert weakold --type rsa1024 --issuer "$FIX/int" --san "$SAN" --to 20
pki_cert weaknew --key weakold.key --issuer "$FIX/int" --san "$SAN" --to 90
run check $T weaknew.pem weakold.key --previous weakold.pem
expect_finding renewal-key-reused warn

# Another key type.
pki_cert rsanew --type rsa --issuer "$FIX/int" --san "$SAN" --to 90 \
    --subject /CN=www.example.test
run check $T rsanew.pem rsanew.key --previous old.pem
expect_finding renewal-key-type-changed info
expect_json '.findings[] | select(.id == "renewal-key-type-changed") | .message | contains("EC P-256 to RSA 2048")' \
    "names both key types"

# Another issuer: the chain must change too.
pki_cert moved --issuer "$FIX/otherca" --san "$SAN" --to 90 \
    --subject /CN=www.example.test
run check --no-system-ca --ca "$FIX/otherca.pem" -f json moved.pem \
    moved.key --previous old.pem
expect_finding renewal-issuer-changed info
expect_json '.findings[] | select(.id == "renewal-issuer-changed") | .hint | contains("--chain")' \
    "hint points at --chain"

# The previous deployment as PKCS#12 with its key and chain: none of it
# is taken for the new leaf, key or chain.
openssl pkcs12 -export -in old.pem -inkey old.key -certfile "$FIX/int.pem" \
    -passout pass:renew -out old.p12
run check $T new.pem --previous old.p12 --pass pass:renew
expect_finding renewal-key-changed info
expect_no_finding key-mismatch
expect_json '[.objects[] | select(.role == "previous")] | length >= 2' \
    "the bundle's objects are previous ones"
expect_json '[.objects[] | select(.role == "key")] | length == 0' \
    "the old key is not the new certificate's key"
run check $T new.pem new.key --previous old.p12 --pass pass:renew
expect_status 0 "renewal against a PKCS#12"
run check --no-system-ca --ca "$FIX/root.pem" -f json new.pem new.key \
    --previous old.p12 --pass pass:renew
expect_finding chain-incomplete fail
expect_json '.findings[] | select(.id == "chain-incomplete") | .severity == "fail"' \
    "the old bundle's intermediate does not complete the new chain"

# An expired previous certificate is no problem of the new one.
pki_cert gone --issuer "$FIX/int" --san "$SAN" --from -100 --to -1 \
    --subject /CN=www.example.test
run check $T new.pem new.key --previous gone.pem
expect_status 0 "expired previous certificate"
expect_no_finding expired

# Text output shows the renewal lines.
run check --no-system-ca --ca "$FIX/root.pem" --chain "$FIX/int.pem" \
    --color never new.pem new.key --previous wider.pem
expect_out "old.example.test"
expect_out "renewal-names-dropped"

done_testing
