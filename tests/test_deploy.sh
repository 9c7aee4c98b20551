#!/bin/sh
# Deployments: several folders (certbot's live/*/) give several verdicts,
# a folder is split by key, archive/ is read as its newest version, each
# bundle file is checked as served, dangling links are reported, a key
# and a CSR are a deployment in its request stage, and the monitoring
# formats (Nagios thresholds, Prometheus series) summarise them all.
. "${top_srcdir:-.}/tests/lib.sh"
fixtures
cd "$TMP"
PKI_NOW=$NOW
T="--no-system-ca --ca $FIX/root.pem --at @$NOW"

# lineage NAME FROM TO: a leaf for NAME issued by the core intermediate.
lineage() {
	pki_cert "$1" --issuer "$FIX/int" --san "DNS:$1" --subject "/CN=$1" \
	    --from "$2" --to "$3" >/dev/null
}
# version DIR N LEAF [FULLCHAIN-LEAF]: certbot's archive/ files.
version() {
	mkdir -p "$1"
	cp "$3.pem" "$1/cert$2.pem"
	cp "$3.key" "$1/privkey$2.pem"
	cp "$FIX/int.pem" "$1/chain$2.pem"
	cat "${4:-$3}.pem" "$FIX/int.pem" > "$1/fullchain$2.pem"
}
# live NAME N: live/NAME/*.pem, links into ../../archive/NAME/.
live() {
	mkdir -p "le/live/$1"
	for f in cert chain fullchain privkey; do
		ln -s "../../archive/$1/$f$2.pem" "le/live/$1/$f.pem"
	done
}

lineage good.test -5 85
lineage good1.test -100 -10
lineage old.test -100 -3
lineage stale.test -80 10
lineage stale2.test -5 85
lineage other.test -5 85
version le/archive/good.test 1 good1.test
version le/archive/good.test 2 good.test
live good.test 2
version le/archive/old.test 1 old.test
live old.test 1
# A renewed cert.pem + privkey.pem, and a fullchain.pem left from before.
version le/archive/stale.test 2 stale2.test stale.test
live stale.test 2
# cert.pem not issued for privkey.pem.
version le/archive/mismatch.test 1 other.test
cp stale2.test.key le/archive/mismatch.test/privkey1.pem
cat other.test.pem "$FIX/int.pem" > le/archive/mismatch.test/fullchain1.pem
live mismatch.test 1

mkdir two
cp good.test.pem good.test.key old.test.pem old.test.key two/
cp "$FIX/int.pem" two/chain.pem

# Several folders: one verdict each, the worst is the run's.
run check $T -f json le/live/good.test/ le/live/old.test/ \
    le/live/stale.test/ le/live/mismatch.test/
expect_status 2 "live/*/: the worst verdict"
expect_json '.schema == 3 and (.deployments | length) == 4' \
    "four deployments"
expect_json '[.deployments[] | .status] == ["ok", "fail", "fail", "fail"]' \
    "good ok, expired, stale and mismatched fail"
expect_json '.deployments[1].findings | any(.id == "expired" and .severity == "fail")' \
    "the expired site stays a failure"
expect_json '.deployments[3].findings | any(.id == "key-mismatch" and .severity == "fail")' \
    "the key mismatch stays"
expect_json '[.deployments[].findings[] | select(.id == "chain-extra")] | length <= 1' \
    "no site's leaf is extra in another"
expect_json '.deployments[0] | .kind and .origin and .files and (.names | type == "array") and (has("listen"))' \
    "each deployment names kind, origin, files, names, listen"
expect_json '(.objects | length) > 0 and (.findings | length) > 0 and .status == "fail"' \
    "the old top-level fields are kept"

run check $T le/live/good.test/ le/live/old.test/ two
expect_out "=== certbot deployment certbot good.test (le/live/good.test) ==="
expect_out "=== certbot deployment certbot old.test (le/live/old.test) ==="
expect_out "=== folder deployment two (key two/good.test.key) ==="
expect_out "certdiag: FAIL — 4 deployments: 2 failed, 2 ok"

# The stale fullchain: a failure naming both files, with the fix.
run check $T -f json le/live/stale.test/
expect_status 2 "stale fullchain.pem fails"
expect_finding bundle-leaf-mismatch fail
expect_json '.findings[] | select(.id == "bundle-leaf-mismatch") | (.message | contains("fullchain.pem") and contains("privkey.pem"))' \
    "names the bundle and the key"
expect_json '.findings[] | select(.id == "bundle-leaf-mismatch") | .hint | contains("cat ") and contains("cert.pem") and contains("chain.pem") and contains("> ")' \
    "fix: cat cert.pem chain.pem > fullchain.pem"
# The fix, run as printed (in a copy of the tree), repairs it.
fixcmd=$(jq -r '.findings[] | select(.id == "bundle-leaf-mismatch") |
    .fix.commands[]' "$TMP/out")
cp -a le le-orig
(eval "$fixcmd") && ok "the printed fix runs: $fixcmd" ||
    fail "the printed fix runs: $fixcmd"
run check $T -f json le/live/stale.test/
expect_status 0 "the rebuilt fullchain passes"
rm -rf le && mv le-orig le

# archive/: the newest version, its own key, nothing called unrelated.
run check $T -f json le/archive/good.test/
expect_status 0 "archive/: the newest pair"
expect_json '.deployments | length == 1' "one deployment"
expect_json '[.objects[] | select(.role == "leaf") | .file] == ["le/archive/good.test/cert2.pem"]' \
    "cert2.pem is the leaf"
expect_json '[.objects[] | select(.kind == "private-key" or .kind == "key") | .file] | any(. == "le/archive/good.test/privkey2.pem")' \
    "privkey2.pem is its key"
expect_finding older-versions info
expect_no_finding chain-extra

# One folder, two key+certificate pairs: two deployments.
run check $T -f json two
expect_json '.deployments | length == 2' "two pairs, two deployments"
expect_json '[.deployments[] | .status] | sort == ["fail", "ok"]' \
    "each with its own verdict"
expect_no_finding key-mismatch

# No key in the folder: said so.
mkdir nokey
cp good.test.pem nokey/ && cp "$FIX/int.pem" nokey/chain.pem
run check $T -f json nokey
expect_status 0 "a folder without a key"
expect_json '.findings[] | select(.id == "no-key") | .message | contains("no private key found: key match not checked")' \
    "no private key found: key match not checked"

# live/ copied without archive/: the dangling key link is reported.
mkdir -p moved/live/good.test
cp le/live/good.test/cert.pem le/live/good.test/chain.pem \
    le/live/good.test/fullchain.pem moved/live/good.test/
ln -s ../../archive/good.test/privkey2.pem moved/live/good.test/privkey.pem
run check $T -f json moved/live/good.test
expect_status 2 "a dangling key link fails"
expect_json '.findings[] | select(.id == "link-dangling") | (.file | endswith("privkey.pem")) and (.message | contains("../../archive/good.test/privkey2.pem"))' \
    "names the link and its target"
expect_json '.findings[] | select(.id == "link-dangling") | .hint | contains("cp -a")' \
    "suggests cp -a"
# Every link dangling: still reported, never "holds no certificates".
mkdir -p bare && cp -P le/live/good.test/*.pem bare/
run check $T -f json --from folder bare
expect_status 2 "all links dangling"
expect_json '[.findings[] | select(.id == "link-dangling")] | length == 4' \
    "four dangling links"
expect_no_finding no-objects

# --from names the source.
run check $T -f json --from folder two
expect_json '.deployments | length == 2' "--from folder"
run check $T --from nosuch two
expect_status 3 "unknown source"

# A key and a request before the certificate exists.
openssl req -new -key good.test.key -subj /CN=good.test \
    -addext subjectAltName=DNS:good.test -out req.csr 2>/dev/null
run check -f json --csr req.csr good.test.key -H good.test
expect_status 0 "key + CSR: request stage"
expect_finding request-stage info
expect_no_finding no-certificate
run check -f json --csr req.csr good.test.key -H www.good.test
expect_status 2 "a name not requested"
expect_finding csr-host-missing fail
# The fix, run as printed, makes a request that asks for both names.
fixcmd=$(jq -r '.findings[] | select(.id == "csr-host-missing") |
    .fix.commands[]' "$TMP/out")
(eval "$fixcmd") 2>/dev/null && [ -s new.csr ] && ok "the printed request runs" ||
    fail "the printed request runs: $fixcmd"
run check -f json --csr new.csr good.test.key -H good.test -H www.good.test
expect_status 0 "the new request asks for every name"
run check -f json --csr req.csr old.test.key
expect_status 2 "request made with another key"
expect_finding csr-mismatch fail
mkdir pre && cp req.csr good.test.key pre/
run check -f json pre
expect_status 0 "a folder with key + CSR"
expect_finding request-stage info
pki_key rsa1024 weak.key
openssl req -new -key weak.key -subj /CN=good.test -out weak.csr 2>/dev/null
run check -f json --csr weak.csr weak.key
expect_status 2 "a weak key in the request"
expect_finding weak-key fail

# Nagios: CRITICAL within --crit-days and at expiry, WARNING before.
run check $T -f nagios le/live/good.test/ --at "@$((NOW + 78 * 86400))"
expect_status 2 "7 days left: CRITICAL"
expect_out "CERTDIAG CRITICAL"
expect_out "'good.test_days'=7;21:;7:;;"
run check $T -f nagios le/live/good.test/ --at "@$((NOW + 85 * 86400 + 60))"
expect_status 2 "expired: CRITICAL"
run check $T -f nagios le/live/good.test/ --at "@$((NOW + 70 * 86400))"
expect_status 1 "15 days left: WARNING"
expect_out "CERTDIAG WARNING"
run check $T -f nagios le/live/good.test/ --at "@$((NOW + 56 * 86400))"
expect_status 0 "29 days left (certbot renews at 30): OK, no flapping"
# Files named one by one keep their Nagios line, and go CRITICAL too.
run check $T -f nagios "$FIX/soon.pem" "$FIX/chain.pem" \
    --at "@$((NOW + 4 * 86400))"
expect_status 2 "plain files, 6 days left: CRITICAL"
expect_out "CERTDIAG CRITICAL - expires-soon:"
expect_out "| days_leaf=6;21:;7:;;"
run check $T -f nagios --crit-days 20 le/live/good.test/ \
    --at "@$((NOW + 70 * 86400))"
expect_status 2 "--crit-days 20"
run check $T -f nagios le/live/good.test/ le/live/old.test/
expect_status 2 "several deployments"
if head -n 1 "$TMP/out" | grep -qE "^CERTDIAG CRITICAL - 2 deployments: 1 critical, 1 ok \| 'good\.test_days'=85;21:;7:;; 'old\.test_days'=-3;21:;7:;;$"; then
	ok "one status line, perfdata per deployment"
else
	fail "one status line, perfdata per deployment"
fi
expect_out "certbot old.test: CRITICAL, expired 3 days ago"

done_testing
