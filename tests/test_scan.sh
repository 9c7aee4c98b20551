#!/bin/sh
# certdiag scan over a tree: pairing by name and by folder, copies of one
# certificate, binaries, symbolic links, ignore rules, output formats.
. "${top_srcdir:-.}/tests/lib.sh"
need jq
fixtures
F=$FIX
R=$TMP/repo
mkdir -p "$R"
cd "$R"
mkdir -p ca good byname live/example dup p12 bin loop links docs exp orphan \
    far sub/deeper
cp "$F/root.pem" ca/root.pem
cp "$F/chain.pem" ca/intermediate.pem
cp "$F/leaf.pem" good/www.crt
cp "$F/leaf.key" good/www.key
# Same name, wrong key: by file name.
cp "$F/leaf-ec384.pem" byname/api.crt
cp "$F/other.key" byname/api.key
# certbot's layout, wrong key: by folder.
cp "$F/leaf-rsa.pem" live/example/cert.pem
cp "$F/chain.pem" live/example/chain.pem
cp "$F/stranger.key" live/example/privkey.pem
# The good leaf again, as DER and inside a PKCS#12 that needs a password.
cp "$F/leaf.der" dup/www.der
cp "$F/leaf-nopass.p12" dup/www.p12
# A certificate and then its key in one file: the key's line is known.
mkdir -p combo && cat "$F/leaf-rsa.pem" "$F/leaf-rsa.key" > combo/site.pem
cp "$F/leaf.p12" p12/bundle.p12
# Binaries: random bytes, an executable, a tarball (gzip, not ours).
head -c 65536 /dev/urandom > bin/blob.bin
cp /bin/true bin/true
tar czf bin/src.tgz -C "$top_srcdir" README.md
# Links: loops, an alias inside the tree, a way out of it.
ln -s . loop/self
ln -s .. loop/up
ln -s ../good/www.crt links/www.crt
ln -s /etc/ssl/certs links/system
# Documentation quoting a PEM block that is not one.
printf 'Paste it like this:\n-----BEGIN CERTIFICATE-----\nMIIB...\n' \
    > docs/README.md
cp "$F/expired.pem" exp/old.pem
cp "$F/self.key" orphan/lonely.key
cp "$F/stranger.pem" far/stranger.pem	# issuer (Unrelated Root) absent
cp "$F/stranger.pem" far/copy.pem
cp "$F/nosan.pem" sub/deeper/nosan.pem
mkdir -p weak && cp "$F/weak.pem" weak/weak.pem

J="--no-system-ca --at @$NOW -f json"

run scan $J
expect_status 2 "scan of the tree: failures found"
expect_json '.status == "fail"' "status fail"
expect_json '[.findings[] | select(.id == "key-mismatch")] | length == 2' \
    "two key mismatches"
expect_json '.findings[] | select(.id == "key-mismatch" and .file == "byname/api.key") | .message | test("byname/api.crt.*paired by file name")' \
    "mismatch by file name, at the key, naming the certificate"
expect_json '.findings[] | select(.id == "key-mismatch" and .file == "live/example/privkey.pem") | .message | test("live/example/cert.pem.*paired by folder")' \
    "mismatch by folder (one key, one leaf)"
expect_json '[.findings[] | select(.id == "key-mismatch" and (.file | startswith("good/")))] | length == 0' \
    "the good pair is not a mismatch"
expect_json '.findings[] | select(.id == "private-key-unencrypted" and .file == "live/example/privkey.pem") | select(.severity == "warn") | .message | test("of CN=stranger \\(far/copy.pem\\)")' \
    "unencrypted key names its certificate"
expect_json '[.findings[] | select(.id == "private-key-unencrypted" and .file == "dup/www.p12")] | length == 1' \
    "a key found in two files (a PKCS#12 without password, a PEM file) is told once"
expect_json '.findings[] | select(.id == "key-orphan" and .file == "orphan/lonely.key") | .severity == "info"' \
    "orphan key is info"
expect_json '[.findings[] | select(.id == "key-orphan")] | length == 2' \
    "orphans: lonely.key and byname/api.key (privkey.pem is stranger's)"
expect_json '.findings[] | select(.id == "pkcs12-locked" and .file == "p12/bundle.p12") | .severity == "info"' \
    "PKCS#12 without its password: info"
expect_json '.findings[] | select(.id == "scan-unreadable" and .file == "docs/README.md") | .severity == "warn"' \
    "a quoted PEM block in a document: warning"
expect_json '[.findings[] | select(.file != null and (.file | startswith("bin/")))] | length == 0' \
    "binaries and a tarball: nothing said"
expect_json '[.findings[] | select(.file != null and (.file | test("^loop/|system")))] | length == 0' \
    "symbolic link loop and a link out of the tree: nothing said"
expect_json '[.objects[] | select(.kind == "certificate" and .subject == "CN=www.example.test")] | length >= 1' \
    "the leaf was found"
expect_json '[.objects[] | select(.kind == "certificate") | select(([.file] + (.also // [])) | sort == ["dup/www.der", "dup/www.p12", "good/www.crt", "links/www.crt"])] | length == 1' \
    "one certificate in four places (PEM, DER, PKCS#12, a link)"
expect_json '[.findings[] | select(.id == "key-mismatch" and (.file | startswith("combo/")))] | length == 0' \
    "a key after its certificate in one file"
expect_json '[.findings[] | select(.id == "chain-incomplete" and .file == "far/copy.pem")] | length == 1' \
    "missing issuer: chain-incomplete, once for two copies"
expect_json '[.findings[] | select(.id == "chain-incomplete" and (.file | startswith("good/")))] | length == 0' \
    "the repository's own root and intermediate complete the good chain"
expect_json '.findings[] | select(.id == "expired" and .file == "exp/old.pem") | .severity == "fail"' \
    "the core's per-certificate checks: expired"
expect_json '.findings[] | select(.id == "no-san" and .file == "sub/deeper/nosan.pem") | .severity == "warn"' \
    "no-san, deep in the tree"
expect_json '[.findings[] | select(.id == "weak-key" and .file == "weak/weak.pem")] | length == 1' \
    "weak-key"
expect_json '[.findings[] | select(.id == "expired" or .id == "chain-expired") | select(.file | startswith("ca/"))] | length == 0' \
    "the repository's CA is not blamed for its leaves"
expect_json '[.findings[] | select(.severity == "error")] | length == 0' \
    "no errors"

# Text: compiler-style lines, the fix below, a summary.
run scan --no-system-ca --at "@$NOW"
expect_status 2 "text output"
expect_out "byname/api.key: fail: key-mismatch: private key does not match byname/api.crt"
expect_out "    fix: "
expect_out "certdiag scan: 24 files, 9 certificates, 5 private keys: "
expect_out "far/copy.pem: fail: chain-incomplete: "
if grep -q '^far/copy.pem: fail: chain-incomplete: .*(also in far/stranger.pem)$' \
    "$TMP/out"; then
	ok "a finding about a certificate lists the other places it is stored"
else
	fail "the finding lacks the other places of its certificate"
fi
if grep -vE '^(    fix: |certdiag scan: |[^ :][^:]*: (info|warn|fail|error): [a-z0-9-]+: )' "$TMP/out" | grep -q .; then
	fail "every line is path: severity: id: message"
else
	ok "every line is path: severity: id: message"
fi

# The same result whatever the number of threads.
run scan --no-system-ca --at "@$NOW" --jobs 1
cp "$TMP/out" "$TMP/one"
run scan --no-system-ca --at "@$NOW" --jobs 4
if cmp -s "$TMP/one" "$TMP/out"; then ok "--jobs 1 and --jobs 4 agree"; else fail "--jobs 1 and --jobs 4 differ"; fi

# Silencing: --exclude and .certdiagignore.
run scan $J --exclude 'byname/' --exclude live
expect_json '[.findings[] | select(.id == "key-mismatch")] | length == 0' \
    "--exclude (repeatable) leaves folders out"
printf '# throw-away keys\nbyname/*.key\nlive/\n!live/example/privkey.pem\n' \
    > .certdiagignore
run scan $J
expect_json '[.findings[] | select(.id == "key-mismatch")] | length == 0' \
    ".certdiagignore: file glob, folder, no way back into an ignored folder"
expect_json '[.objects[] | select(.file == "byname/api.crt")] | length == 1' \
    "the certificate next to an ignored key is still read"
rm .certdiagignore
if command -v git >/dev/null 2>&1; then
	mkdir -p "$TMP/outer/sub" && cd "$TMP/outer" && git init -q . &&
	    printf 'sub/good/\n' > .certdiagignore &&
	    cp -r "$R/good" "$R/byname" sub/ && cd sub
	run scan $J .
	expect_json '[.findings[] | select(.id == "key-mismatch")] | length == 1' \
	    "scanning a subfolder of a work tree"
	expect_json '[.findings[] | select(.file != null and (.file | startswith("good/")))] | length == 0' \
	    ".certdiagignore at the top of the work tree applies to a subfolder walk"
else
	ok "# SKIP git is not installed: no work tree to scan"
fi
cd "$R"

# Severity threshold: only warnings left.
mkdir -p "$TMP/warnonly" && cp "$F/leaf.pem" "$F/leaf.key" "$TMP/warnonly/"
cp "$F/root.pem" "$F/chain.pem" "$TMP/warnonly/"
run scan --no-system-ca --at "@$NOW" "$TMP/warnonly"
expect_status 0 "warnings only: exit 0 by default (--fail-on fail)"
expect_out "warn: private-key-unencrypted"
run scan --no-system-ca --at "@$NOW" --fail-on warn "$TMP/warnonly"
expect_status 1 "--fail-on warn: exit 1"
run scan --no-system-ca --at "@$NOW" -q "$TMP/warnonly/root.pem"
expect_status 0 "a single file as the path"
expect_no_out ": info: "

# An encrypted key: noted without its password, paired with it, and in
# neither case called unencrypted.
mkdir -p "$TMP/enc" && cp "$F/leaf.pem" "$TMP/enc/www.crt" &&
    cp "$F/leaf.enc.key" "$TMP/enc/www.key"
cp "$F/root.pem" "$F/chain.pem" "$TMP/enc/"
run scan --no-system-ca --at "@$NOW" -f json "$TMP/enc"
expect_status 0 "an encrypted key, no password: not a problem"
expect_json '[.findings[] | select(.id == "key-locked")] | length == 1' \
    "the encrypted key is noted (key-locked)"
expect_json '[.findings[] | select(.id == "private-key-unencrypted" or .id == "key-mismatch")] | length == 0' \
    "neither unencrypted nor mismatched"
run scan --no-system-ca --at "@$NOW" -f json --pass pass:s3cret-demo "$TMP/enc"
expect_status 0 "with its password"
expect_json '[.objects[] | select(.kind == "private-key" and .encrypted == true)] | length == 1' \
    "the key is read, and known to be encrypted"
expect_json '[.findings[] | select(.severity != "info")] | length == 0' \
    "and pairs with its certificate"

# An intermediate without its root, above two leaves: told once.
mkdir -p "$TMP/noroot" && cp "$F/chain.pem" "$F/soon.pem" "$F/nosan.pem" \
    "$TMP/noroot/"
run scan --no-system-ca --at "@$NOW" -f json "$TMP/noroot"
expect_json '[.findings[] | select(.id == "chain-incomplete")] | length == 1' \
    "an intermediate's missing root is one finding, not one per leaf"
expect_json '.findings[] | select(.id == "chain-incomplete") | .file | endswith("noroot/chain.pem")' \
    "at the intermediate's file"

# SARIF 2.1.0.
run scan --no-system-ca --at "@$NOW" -f sarif
expect_status 2 "SARIF output"
expect_json '.version == "2.1.0" and (.runs | length) == 1' "SARIF version and one run"
expect_json '.runs[0].tool.driver.name == "certdiag"' "tool name"
KEYLINE=$(grep -n 'BEGIN PRIVATE KEY' combo/site.pem | cut -d: -f1)
expect_json ".runs[0].results[] | select(.ruleId == \"private-key-unencrypted\") | .locations[0].physicalLocation | select(.artifactLocation.uri == \"combo/site.pem\") | .region.startLine == $KEYLINE" \
    "the region is the line of the key's PEM block ($KEYLINE)"
expect_json '[.runs[0].results[] | select(.ruleId == "key-mismatch")] | length == 2' \
    "results carry the finding ids"
expect_json '.runs[0].results[] | select(.ruleId == "key-mismatch") | .locations[0].physicalLocation | select(.artifactLocation.uri == "byname/api.key") | .artifactLocation.uriBaseId == "%SRCROOT%" and .region.startLine >= 1' \
    "location: relative URI with a line"
expect_json '.runs[0].results[] | select(.ruleId == "key-mismatch") | .level == "error"' \
    "fail is level error"
expect_json '[.runs[0].results[] | select(.ruleId == "key-orphan") | .level == "note"] | all' \
    "info is level note"
expect_json '[.runs[0].tool.driver.rules[].id] | index("key-mismatch") != null' \
    "rules list the ids"
expect_json '.runs[0] as $r | [$r.results[] | .ruleId == $r.tool.driver.rules[.ruleIndex].id] | all' \
    "ruleIndex points at the rule"

# Limits and bad input: a clear error, exit 3.
mkdir -p "$TMP/deep" && (cd "$TMP/deep" &&
    mkdir -p "$(printf 'd/%.0s' $(seq 1 70))")
run scan "$TMP/deep"
expect_status 3 "folders nested 70 deep"
expect_out "error: scan-error: directories nested deeper than 64 levels"
run scan "$TMP/nonexistent"
expect_status 3 "missing path"
expect_out "nonexistent: error: scan-error: cannot scan: No such file or directory"
run scan --staged --git
expect_status 3 "--staged with --git"
expect_err "exclude each other"
run check --staged "$F/leaf.pem"
expect_status 3 "--staged is an option of scan"
run scan -f nagios
expect_status 3 "scan has no nagios format"
run scan --cert "$F/leaf.pem"
expect_status 3 "scan finds its files itself"
run scan --jobs 0
expect_status 3 "--jobs 0"
run scan --fail-on info
expect_status 3 "--fail-on info"

done_testing
