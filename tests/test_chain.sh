#!/bin/sh
# Chain diagnosis on PKIs generated for this run: missing, extra and
# misordered certificates, cross-signs, broken CA certificates, weak
# digests, CRLs, and --emit-chain repairing a shuffled full chain.
. "${top_srcdir:-.}/tests/lib.sh"
need jq python3
cd "$TMP"

# root -> int -> leaf; names and files as a person would have them.
pki_cert root --ca --subject "/CN=Chain Test Root" --from -30 --to 3650
pki_cert int --ca --issuer root --subject "/CN=Chain Test Intermediate" \
    --from -20 --to 1825 --aia http://127.0.0.1:9/int.der
pki_cert leaf --issuer int --subject "/CN=www.chain.test" \
    --san DNS:www.chain.test --aia http://127.0.0.1:9/int.der
pki_cert stranger --ca --subject "/CN=Unrelated CA"
cat leaf.pem int.pem > fullchain.pem
A="--no-system-ca --ca root.pem -f json"

# first_subject FILE: the subject of the first certificate in FILE.
first_subject() { openssl x509 -in "$1" -noout -subject -nameopt RFC2253; }
count_certs() { grep -c 'BEGIN CERTIFICATE' "$1"; }

run check $A fullchain.pem leaf.key
expect_status 0 "complete chain to a given root"
expect_json '[.findings[] | select(.id | startswith("chain-")) |
    select(.severity != "info")] | length == 0' "no chain problems"

# The path in the reports: JSON `chain`, leaf to anchor; a text tree.
run check $A fullchain.pem leaf.key
expect_json '.chain | length == 3' "JSON chain: three certificates"
expect_json '[.chain[].status] == ["ok", "ok", "ok"]' "all ok"
expect_json '.chain[0].file == "fullchain.pem" and .chain[0].origin == "served"' \
    "the leaf comes first, from its file"
expect_json '.chain[2].anchor and .chain[2].origin == "anchor" and
    (.chain[2].sha256 | length == 64)' "the anchor ends it"
run check --no-system-ca --ca root.pem --color never fullchain.pem leaf.key
expect_out "chain"
expect_out "└─ ✓ CN=Chain Test Intermediate  (fullchain.pem)"
expect_out "CN=Chain Test Root  (--ca root.pem)  trust anchor"

run check $A leaf.pem leaf.key
expect_status 2 "leaf without its intermediate"
expect_json '.chain[-1].status == "missing" and
    .chain[-1].subject == "CN=Chain Test Intermediate"' \
    "JSON chain ends with the missing issuer"
expect_finding chain-incomplete fail
expect_no_finding chain-untrusted
expect_json '.findings[] | select(.id == "chain-incomplete") |
    .message | contains("CN=Chain Test Intermediate") and
    contains("http://127.0.0.1:9/int.der")' \
    "chain-incomplete names the issuer and its AIA URL"
expect_json '.findings[] | select(.id == "chain-incomplete") |
    .hint | contains("cat leaf.pem intermediate.pem > fullchain.pem")' \
    "the hint uses the real file name"

run check --no-system-ca -f json leaf.pem int.pem root.pem
expect_status 2 "a root that is not a trust anchor"
expect_json '.findings[] | select(.id == "chain-untrusted") |
    .message | contains("ends at root CN=Chain Test Root")' \
    "chain-untrusted names the root"
expect_finding chain-includes-root info

run check --no-system-ca --ca int.pem -f json leaf.pem
expect_status 0 "an intermediate given with --ca is a trust anchor"

# A depth limit, as nginx's ssl_verify_depth sets one.
run check $A fullchain.pem --verify-depth 0
expect_status 2 "--verify-depth 0: the intermediate is one too many"
expect_finding chain-untrusted fail
expect_no_finding chain-incomplete
run check $A fullchain.pem --verify-depth 1
expect_no_finding chain-untrusted
run check $A fullchain.pem --verify-depth lots
expect_status 3 "--verify-depth wants a number"
expect_err "--verify-depth"

# A bundle that starts with the intermediate: one finding naming the
# file, with the reorder fix.
cat int.pem leaf.pem > intfirst.pem
run check $A intfirst.pem leaf.key
expect_status 1 "intermediate first: a warning"
expect_json '[.findings[] | select(.id == "chain-order" and
    .file == "intfirst.pem" and (.hint | startswith("reorder the file")))] |
    length == 1' "chain-order names the file, with the reorder fix"

# A shuffled full chain with an unrelated certificate and the root in it.
cat int.pem stranger.pem root.pem leaf.pem > shuffled.pem
cp shuffled.pem shuffled.orig
run check $A shuffled.pem leaf.key --emit-chain repaired.pem
expect_status 1 "shuffled chain: warnings only"
expect_finding chain-order warn
expect_finding chain-extra warn
expect_finding chain-includes-root info
expect_finding emit-chain info
expect_json '[.findings[] | select(.id == "chain-extra")] | length == 1' \
    "only the unrelated certificate is extra"
if openssl verify -no-CApath -CAfile root.pem -untrusted repaired.pem \
    repaired.pem >"$TMP/verify.out" 2>&1; then
	ok "openssl verify accepts the repaired chain"
else
	fail "openssl verify rejects the repaired chain: $(cat "$TMP/verify.out")"
fi
[ "$(count_certs repaired.pem)" -eq 2 ] && ok "leaf and intermediate only" ||
    fail "repaired.pem has $(count_certs repaired.pem) certificates"
[ "$(first_subject repaired.pem)" = "$(first_subject leaf.pem)" ] &&
    ok "the leaf comes first" || fail "repaired.pem does not start with the leaf"
run check $A repaired.pem leaf.key
expect_status 0 "the repaired chain checks clean"
cmp -s shuffled.pem shuffled.orig && ok "the input was left alone" ||
    fail "the input file changed"

run check $A shuffled.pem --emit-chain shuffled.pem
expect_status 3 "--emit-chain refuses to replace an input file"
expect_finding emit-chain error
cmp -s shuffled.pem shuffled.orig && ok "the input is unchanged" ||
    fail "the input file changed"
run check $A shuffled.pem --emit-chain shuffled.pem --force
expect_finding emit-chain info
[ "$(count_certs shuffled.pem)" -eq 2 ] && ok "--force replaced it" ||
    fail "--force did not replace the input"
[ -z "$(find . -name '.certdiag-chain.*')" ] && ok "no temporary file left" ||
    fail "a temporary file was left behind"

# certbot keeps live/ as symbolic links into archive/. A link is never
# written through: certdiag says so, the file it names is written when
# named itself, and --force replaces the link, never its target.
mkdir archive live
cp shuffled.orig archive/fullchain1.pem
ln -s ../archive/fullchain1.pem live/fullchain.pem
run check $A shuffled.orig --emit-chain live/fullchain.pem
expect_status 3 "--emit-chain onto a symbolic link is refused"
expect_json '[.findings[] | select(.id == "emit-chain" and
    .severity == "error") | .message | contains("symbolic link")] | any' \
    "the refusal says it is a symbolic link"
cmp -s archive/fullchain1.pem shuffled.orig && [ -L live/fullchain.pem ] &&
    ok "link and target untouched" || fail "the link or its target changed"
run check $A shuffled.orig --emit-chain archive/fullchain1.pem
expect_finding emit-chain info
[ -L live/fullchain.pem ] && ok "the symbolic link is kept" ||
    fail "the symbolic link was replaced by a file"
[ "$(count_certs archive/fullchain1.pem)" -eq 2 ] &&
    ok "the file it names holds the repaired chain" ||
    fail "archive/fullchain1.pem was not repaired"
cp shuffled.orig archive/fullchain1.pem
run check $A shuffled.orig --emit-chain live/fullchain.pem --force
expect_finding emit-chain info
[ ! -L live/fullchain.pem ] && [ "$(count_certs live/fullchain.pem)" -eq 2 ] &&
    ok "--force replaced the link with the chain" ||
    fail "--force did not replace the link itself"
cmp -s archive/fullchain1.pem shuffled.orig &&
    ok "--force left the link's target alone" ||
    fail "--force wrote through the link"
# A dangling link is a link too.
ln -s ../nowhere.pem live/dangling.pem
run check $A shuffled.orig --emit-chain live/dangling.pem
expect_status 3 "--emit-chain onto a dangling link is refused"
[ -L live/dangling.pem ] && [ ! -e nowhere.pem ] &&
    ok "the dangling link is untouched" || fail "the dangling link changed"

# The mode of the file replaced is kept; a new file follows the umask.
cp shuffled.orig kept.pem
chmod 0640 kept.pem
run check $A shuffled.orig --emit-chain kept.pem
[ "$(stat -c %a kept.pem)" = 640 ] && ok "the replaced file keeps mode 0640" ||
    fail "mode became $(stat -c %a kept.pem)"
(umask 077; "$CERTDIAG" check $A shuffled.orig --emit-chain private.pem \
    >/dev/null 2>&1) || true
[ "$(stat -c %a private.pem)" = 600 ] && ok "a new file follows umask 077" ||
    fail "new file mode $(stat -c %a private.pem) under umask 077"

# Files in a directory given as input, and a --pass file:, are inputs.
mkdir site
cp shuffled.orig site/fullchain.pem
echo 'server { }' > site/nginx.conf
cp site/nginx.conf nginx.orig
run check $A site --emit-chain site/nginx.conf
expect_status 3 "a file inside an input directory is protected"
cmp -s site/nginx.conf nginx.orig && ok "nginx.conf untouched" ||
    fail "nginx.conf was overwritten"
echo secret > pass.txt
run check $A shuffled.orig --pass file:pass.txt --emit-chain pass.txt
expect_status 3 "the --pass file is protected"
[ "$(cat pass.txt)" = secret ] && ok "pass.txt untouched" ||
    fail "pass.txt was overwritten"

# An input that cannot be read: emit-chain says it wrote nothing.
run check $A shuffled.orig missing.pem --emit-chain never.pem
expect_json '[.findings[] | select(.id == "emit-chain" and
    .severity == "error")] | length == 1' "a skipped --emit-chain is reported"
[ ! -e never.pem ] && ok "nothing written" || fail "never.pem was written"

run check $A leaf.pem --emit-chain nope.pem
expect_status 3 "--emit-chain refuses an incomplete chain"
[ ! -e nope.pem ] && ok "nothing written" || fail "nope.pem was written"

# An expired intermediate breaks the path.
pki_cert oldint --ca --issuer root --key int.key \
    --subject "/CN=Chain Test Intermediate" --from -400 --to -5
run check $A leaf.pem oldint.pem
expect_status 2 "expired intermediate"
expect_finding chain-expired fail

# An expired cross-sign next to a valid path is only a warning.
pki_cert oldroot --ca --subject "/CN=Old Root" --from -3000 --to 3000
pki_cert cross --ca --issuer oldroot --key root.key \
    --subject "/CN=Chain Test Root" --from -900 --to -10
cat leaf.pem int.pem cross.pem > crossed.pem
run check --no-system-ca --ca root.pem --ca oldroot.pem -f json crossed.pem
expect_status 1 "an expired cross-sign next to a valid path: a warning"
expect_finding chain-expired warn
expect_no_finding expired
expect_json '[.findings[] | select(.id == "chain-expired") |
    select(.severity == "fail")] | length == 0' \
    "expired cross-sign with a valid path is no failure of the chain"
expect_no_finding chain-untrusted
# Trusting only the old root, the valid cross-sign carries the path.
pki_cert cross2 --ca --issuer oldroot --key root.key \
    --subject "/CN=Chain Test Root" --from -10 --to 900
cat leaf.pem int.pem cross2.pem > crossed2.pem
run check --no-system-ca --ca oldroot.pem -f json crossed2.pem
expect_status 0 "path through a cross-signed root"

# Broken CA certificates.
pki_cert ncint --ca --issuer root --subject "/CN=Constrained CA" \
    --ext "nameConstraints=critical,permitted;DNS:.example.com"
pki_cert ncleaf --issuer ncint --san DNS:www.chain.test
run check $A ncleaf.pem ncint.pem
expect_status 2 "name outside the issuer's constraints"
expect_finding chain-name-constraints fail

pki_cert notca --issuer root --subject "/CN=Not A CA" \
    --ku digitalSignature,keyCertSign
pki_cert notcaleaf --issuer notca --san DNS:www.chain.test
run check $A notcaleaf.pem notca.pem
expect_finding chain-not-ca fail

pki_cert plroot --ca --pathlen 0 --subject "/CN=Pathlen Root"
pki_cert plint --ca --issuer plroot --subject "/CN=Pathlen Intermediate"
pki_cert plleaf --issuer plint --san DNS:www.chain.test
run check --no-system-ca --ca plroot.pem -f json plleaf.pem plint.pem
expect_status 1 "the trust anchor's own pathLenConstraint (RFC 5280 6.1.1(d))"
expect_finding chain-path-length warn
expect_json '.chain[-1] | .anchor and .status == "warn" and
    .problem == "path too long for it"' "the chain shows the anchor as a warning"
pki_cert pl0int --ca --pathlen 0 --issuer root --subject "/CN=Pathlen 0 CA"
pki_cert plsub --ca --issuer pl0int --subject "/CN=Sub CA"
pki_cert plsubleaf --issuer plsub --san DNS:www.chain.test
run check $A plsubleaf.pem plsub.pem pl0int.pem
expect_status 2 "an intermediate's pathLenConstraint exceeded"
expect_finding chain-path-length fail

pki_cert kuint --ca --issuer root --subject "/CN=No CertSign CA" \
    --ku digitalSignature,cRLSign
pki_cert kuleaf --issuer kuint --san DNS:www.chain.test
run check $A kuleaf.pem kuint.pem
expect_finding chain-key-usage fail

# A leaf whose signature was damaged after issuance.
openssl x509 -in leaf.pem -outform DER -out leaf.der
python3 -c 'import sys
d = bytearray(open(sys.argv[1], "rb").read()); d[-1] ^= 1
open(sys.argv[1], "wb").write(d)' leaf.der
openssl x509 -inform DER -in leaf.der -out badsig.pem
run check $A badsig.pem int.pem
expect_status 2 "damaged signature"
expect_finding chain-bad-signature fail

pki_cert shortint --ca --issuer root --key int.key \
    --subject "/CN=Chain Test Intermediate" --from -20 --to 100
run check $A leaf.pem shortint.pem
expect_status 1 "intermediate expires before the leaf"
expect_finding chain-outlived warn

# SHA-1 on an intermediate fails this machine's default security level
# (OpenSSL 3: SHA-1 is below level 1).
pki_cert sha1int --ca --issuer root --md sha1 --key int.key \
    --subject "/CN=Chain Test Intermediate"
run check $A leaf.pem sha1int.pem
expect_finding security-level fail
expect_json '.findings[] | select(.id == "security-level") | .message |
    contains("SHA1")' "security-level names the digest"
run check $A fullchain.pem
expect_finding security-level info

# CRLs: revoked leaf, out-of-date CRL. Dated on the test's clock, as the
# certificates are (openssl ca would use the real one).
CRL_DATES="-crl_lastupdate $(pki_date 0) -crl_nextupdate $(pki_date 7)"
mkdir crl && : > crl/index.txt && echo 01 > crl/crlnumber
cat > crl/ca.cnf <<EOF
[ca]
default_ca = c
[c]
database = $TMP/crl/index.txt
crlnumber = $TMP/crl/crlnumber
default_md = sha256
default_crl_days = 7
EOF
openssl ca -config crl/ca.cnf -cert int.pem -keyfile int.key -gencrl $CRL_DATES \
    -out clean.crl 2>/dev/null
openssl ca -config crl/ca.cnf -cert int.pem -keyfile int.key \
    -revoke leaf.pem -crl_reason keyCompromise 2>/dev/null
openssl ca -config crl/ca.cnf -cert int.pem -keyfile int.key -gencrl $CRL_DATES \
    -out revoked.crl 2>/dev/null
run check $A fullchain.pem --crl clean.crl
expect_status 0 "a CRL that does not list the leaf"
expect_no_finding revoked
run check $A fullchain.pem --crl revoked.crl
expect_status 2 "revoked leaf"
expect_finding revoked fail
expect_json '.findings[] | select(.id == "revoked") | .message |
    contains("keyCompromise")' "the revocation reason is given"
run check $A fullchain.pem --crl clean.crl --at "@$((PKI_NOW + 20 * 86400))"
expect_status 2 "an out-of-date CRL: revocation status unknown"
expect_finding crl-invalid fail
openssl ca -config crl/ca.cnf -cert stranger.pem -keyfile stranger.key \
    -gencrl $CRL_DATES -out forged.crl 2>/dev/null
run check $A fullchain.pem --crl forged.crl
expect_status 2 "a CRL from another CA leaves the leaf's status unknown"
expect_finding crl-invalid fail

# A cross-signed copy of a trusted root (same subject, same key; Let's
# Encrypt's ISRG Root X1 by DST Root CA X3) is a compatibility path: info,
# with certbot's --preferred-chain for ISRG, else "the server may drop it".
mkdir xs && cd xs
pki_cert old --ca --subject "/CN=Old Root" --to 3650
for org in "Internet Security Research Group" "Corp"; do
	rm -f new.key
	pki_key ec new.key
	pki_cert new --ca --key new.key --subject "/O=$org/CN=New Root X1" \
	    --to 3650
	pki_cert newx --ca --key new.key --issuer old \
	    --subject "/O=$org/CN=New Root X1"
	pki_cert r3 --ca --issuer new --subject "/CN=R3"
	pki_cert www --issuer r3 --subject /CN=www.xs.test --san DNS:www.xs.test
	cat www.pem r3.pem newx.pem > fullchain.pem
	run check --no-system-ca --ca new.pem -f json fullchain.pem www.key
	expect_status 0 "cross-signed root ($org): no warning"
	expect_finding chain-extra info
	if [ "$org" = Corp ]; then
		expect_json '.findings[] | select(.id == "chain-extra") |
		    .hint | contains("the server may drop it")' \
		    "other CAs: the server may drop it"
	else
		expect_json '.findings[] | select(.id == "chain-extra") |
		    .fix.commands[0] | contains("--preferred-chain")
		    and contains("New Root X1")' \
		    "ISRG: certbot --preferred-chain with the root's name"
	fi
done
# An unrelated certificate stays a warning.
cat www.pem r3.pem old.pem > unrelated.pem
run check --no-system-ca --ca new.pem -f json unrelated.pem www.key
expect_finding chain-extra warn
cd "$TMP"

# Only an expired root is trusted (the DST Root CA X3 era): the leaf is
# fine; the fix is on the clients, printed once, never "replace the
# certificate".
mkdir oldroot && cd oldroot
pki_cert root --ca --subject "/CN=Expired Root" --from -800 --to -5
pki_cert int --ca --issuer root --subject "/CN=Live Int" --from -30 --to 400
pki_cert leaf --issuer int --subject /CN=www.old.test --san DNS:www.old.test
run check --no-system-ca --ca root.pem -f json leaf.pem int.pem leaf.key
expect_status 2 "a trusted root that has expired"
expect_finding chain-expired fail
expect_no_finding chain-untrusted
expect_json '[.findings[] | select(.hint != null and
    (.hint | contains("ca-certificates")))] | length == 1' \
    "the client-side fix is printed once"
expect_json '[.findings[] | select(.hint != null and
    (.hint | contains("replace the certificate")))] | length == 0' \
    "never 'replace the certificate with its current version'"
cd "$TMP"

done_testing
