#!/bin/sh
# Trees the way servers and tools keep them: a certbot folder (live/
# links into archive/), keys embedded in Kubernetes Secrets, Helm values
# and terraform state. scan follows certbot's links, says which links it
# did not follow, and finds the embedded keys.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/certbot_tree.sh"
fixtures
PKI_NOW=$NOW
J="--no-system-ca --at @$NOW -f json"

LE=$TMP/letsencrypt
certbot_tree "$LE" "$FIX/int" >/dev/null

# --- scan of live/: the links into ../../archive are followed ----------
# (on a copy, cp -a as the advice says: the fix below is applied to it)
cp -a "$LE" "$TMP/scan-le"
run scan $J "$TMP/scan-le/live"
expect_status 2 "scan live/: the expired lineage and the dangling links fail"
expect_json '[.objects[] | select(.kind == "certificate")] | length >= 4' "certificates found through the links"
expect_json '[.findings[] | select(.id == "link-dangling") | .file] |
    map(test("live/dangling.test/")) | all and length == 4' \
    "each dangling link of dangling.test named"
expect_json '[.findings[] | select(.id == "scan-links-skipped")] | length == 1' \
    "one summary of the links not followed"
expect_json '.findings[] | select(.id == "scan-links-skipped") |
    .message | test("4 lead nowhere")' "the summary counts them"
expect_json '[.findings[] | select(.file | test("expired.test")) |
    select(.id == "expired")] | length > 0' "the expired lineage"
expect_json '[.findings[] | select(.id == "bundle-leaf-mismatch") | .file] ==
    ["'"$TMP"'/scan-le/live/stale.test/fullchain.pem"]' \
    "the stale fullchain.pem (old leaf beside the new key), only it"
# The printed fix repairs it.
fix=$(jq -r '.findings[] | select(.id == "bundle-leaf-mismatch") |
    .fix.commands[]' "$TMP/out")
if [ -n "$fix" ] && (cd "$TMP" && eval "$fix"); then
	ok "the printed fix runs: $fix"
else
	fail "the printed fix runs: $fix"
fi
run scan $J "$TMP/scan-le/live"
expect_no_finding bundle-leaf-mismatch

# A lineage renewed once: certbot keeps the expired first version in
# archive/ beside the current one. Its dates are not a failure.
RN=$TMP/renewed
_certbot_version "$RN" renewed.test 1 "$FIX/int" --from -100 --to -10 >/dev/null
_certbot_version "$RN" renewed.test 2 "$FIX/int" --from -40 --to 50 >/dev/null
_certbot_links "$RN" renewed.test 2 2 2
run scan $J "$RN"
expect_json '[.findings[] | select(.id == "expired" or .id == "expires-soon")] |
    length == 0' "scan: the expired earlier version in archive/ is no failure"
expect_json '[.findings[] | select(.id == "scan-certbot-retired") |
    select(.file | endswith("archive/renewed.test/cert1.pem"))] |
    length == 1' "scan: it is named as certbot's earlier version, once"
# ... but when a live/ link still leads to it, it is served: judged.
ln -sf ../../archive/renewed.test/fullchain1.pem \
    "$RN/live/renewed.test/fullchain.pem"
run scan $J "$RN"
expect_json '[.findings[] | select(.id == "expired")] | length == 1' \
    "scan: an earlier version a live/ link leads to is judged"

# A link out of the scanned tree that is not certbot's is counted, not
# followed.
mkdir -p "$TMP/repo/etc"
cp "$FIX/leaf-ec.pem" "$TMP/outside.pem"
ln -s "$TMP/outside.pem" "$TMP/repo/etc/site.pem"
ln -s "$TMP/nowhere.pem" "$TMP/repo/etc/gone.pem"
run scan $J "$TMP/repo"
expect_status 0 "a tree whose only links are not followed"
expect_json '[.objects[]] | length == 0' "the outside certificate is not read"
expect_json '.findings[] | select(.id == "scan-links-skipped") |
    .message | test("2 symbolic links not followed: 1 leads out") and
    test("1 leads nowhere")' "both links counted, each reason named"
expect_no_finding link-dangling

# --- keys embedded in configuration ------------------------------------
E=$TMP/embedded
mkdir -p "$E/chart" "$E/tf" "$E/k8s"
indent() { sed 's/^/    /' "$1"; }
escaped() { awk '{ printf "%s\\n", $0 }' "$1"; }
b64() { base64 -w0 "$1"; }
{
	echo "replicaCount: 2"
	echo "tls:"
	echo "  crt: |"
	indent "$FIX/leaf-ec.pem"
	echo "  key: |"
	indent "$FIX/other.key"
	echo "image: nginx"
} >"$E/chart/values.yaml"
cat >"$E/tf/terraform.tfstate" <<TF
{
  "version": 4,
  "resources": [
    {
      "type": "tls_private_key",
      "instances": [
        {
          "attributes": {
            "private_key_pem": "$(escaped "$FIX/leaf-ec.key")",
            "public_key_pem": "unused"
          }
        }
      ]
    }
  ]
}
TF
secret() { # NAME CERT KEY [CA]
	cat <<K8S
apiVersion: v1
kind: Secret
metadata:
  name: $1
  namespace: default
type: kubernetes.io/tls
data:
  tls.crt: $(b64 "$2")
  tls.key: $(b64 "$3")
K8S
	[ $# -lt 4 ] || echo "  ca.crt: $(b64 "$4")"
}
secret www-tls "$FIX/leaf-ec.pem" "$FIX/other.key" >"$E/k8s/secret.yaml"

run scan $J "$E/chart"
expect_status 2 "Helm values: a key that does not match the certificate beside it"
expect_json '.findings[] | select(.id == "key-mismatch") |
    .file | endswith("chart/values.yaml: tls.key")' \
    "named by file and YAML keys"
run scan $J "$E/tf"
expect_status 0 "tfstate: a key in clear is a warning"
expect_json '.findings[] | select(.id == "private-key-unencrypted") |
    .file | endswith("terraform.tfstate: attributes.private_key_pem")' \
    "the key in a terraform state is found"
run scan $J "$E/k8s"
expect_status 2 "Secret: base64 key that does not match tls.crt"
expect_json '.findings[] | select(.id == "key-mismatch") |
    .file | endswith("secret.yaml: data.tls.key")' "the Secret's tls.key named"
cat "$FIX/leaf-ec.pem" "$FIX/chain.pem" >"$TMP/full.pem"
secret www-tls "$TMP/full.pem" "$FIX/leaf-ec.key" "$FIX/root.pem" \
    >"$E/k8s/secret.yaml"
run scan $J "$E/k8s"
expect_status 0 "Secret: the right pair passes"
expect_no_finding key-mismatch

# --- check: one deployment, one verdict per certbot lineage -------------
C="--no-system-ca --ca $FIX/root.pem --at @$NOW -f json"
dep() { # NAME JQ: JQ about the deployment named NAME
	expect_json ".deployments[] | select(.name == \"$1\") | $2" \
	    "$1: $(printf '%s' "$2" | tr -s '\n\t ' '   ')"
}
run check $C "$LE"
expect_status 2 "check of a certbot folder (recognised by content)"
expect_json '[.deployments[].name] == ["certbot dangling.test",
    "certbot expired.test", "certbot good.test", "certbot stale.test"]' \
    "four lineages, four deployments"
dep "certbot good.test" '.status == "ok"'
dep "certbot expired.test" '.status == "fail" and
    ([.findings[].id] | index("expired"))'
dep "certbot stale.test" '.status == "fail" and
    ([.findings[].id] | index("bundle-leaf-mismatch"))'
dep "certbot dangling.test" '.status == "fail" and
    ([.findings[] | select(.id == "link-dangling")] | length == 2)'
dep "certbot good.test" '[.files[] | tostring] | map(test("fullchain.pem")) | any'
# The README's way: every lineage folder named by a glob.
run check $C "$LE"/live/*/
expect_status 2 "check live/*/: each lineage folder recognised"
expect_json '[.deployments[] | [.name, .status]] == [
    ["certbot dangling.test", "fail"], ["certbot expired.test", "fail"],
    ["certbot good.test", "ok"], ["certbot stale.test", "fail"]]' \
    "one deployment and verdict per lineage, not one merged"
run check $C --from certbot "$LE/live/good.test"
expect_status 0 "--from certbot on one live/NAME folder"
expect_json '[.deployments[].name] == ["certbot good.test"]' "that lineage only"
# A copy of live/ without archive/: said, not skipped in silence.
mkdir -p "$TMP/copied"
cp -a "$LE/live" "$TMP/copied/"
mkdir -p "$TMP/copied/renewal"
run check $C --from certbot "$TMP/copied"
expect_status 2 "live/ copied without archive/"
expect_json '[.deployments[] | select(.status == "fail")] | length == 4' \
    "every lineage fails"
expect_json '[.deployments[].findings[] | select(.id == "link-dangling")] |
    length == 8' "each of their links is named"

# --- check: Kubernetes Secrets -------------------------------------------
K=$TMP/k8s
mkdir -p "$K"
secret www-tls "$TMP/full.pem" "$FIX/other.key" "$FIX/root.pem" >"$K/bad.yaml"
run check $C "$K/bad.yaml"
expect_status 2 "a TLS Secret whose key does not match (recognised by content)"
dep "k8s default/www-tls" '.status == "fail" and
    ([.findings[].id] | index("key-mismatch"))'
secret www-tls "$TMP/full.pem" "$FIX/leaf-ec.key" "$FIX/root.pem" >"$K/good.yaml"
run check $C --from k8s "$K/good.yaml"
expect_status 0 "the right pair passes"
dep "k8s default/www-tls" '.status == "ok"'
{
	echo "apiVersion: v1"
	echo "kind: List"
	echo "items:"
	echo "- apiVersion: v1"
	echo "  kind: Secret"
	echo "  metadata: {name: api-tls, namespace: prod}"
	echo "  type: kubernetes.io/tls"
	echo "  stringData:"
	echo "    tls.crt: |"
	sed 's/^/      /' "$TMP/full.pem"
	echo "    tls.key: |"
	sed 's/^/      /' "$FIX/leaf-ec.key"
	echo "- apiVersion: v1"
	echo "  kind: Secret"
	echo "  metadata: {name: old-tls, namespace: prod}"
	echo "  type: kubernetes.io/tls"
	echo "  data:"
	echo "    tls.crt: $(b64 "$FIX/expired.pem")"
	echo "    tls.key: $(b64 "$FIX/expired.key")"
} >"$K/list.yaml"
# As kubectl get -o yaml writes it: keys in order, so kind comes after
# data (here over 4 KiB of it).
for i in 1 2 3 4 5 6; do cat "$FIX/root.pem" "$FIX/chain.pem"; done >"$TMP/cas.pem"
{
	echo "apiVersion: v1"
	echo "data:"
	echo "  ca.crt: $(b64 "$TMP/cas.pem")"
	echo "  tls.crt: $(b64 "$TMP/full.pem")"
	echo "  tls.key: $(b64 "$FIX/leaf-ec.key")"
	echo "kind: Secret"
	echo "metadata:"
	echo "  name: sorted-tls"
	echo "  namespace: web"
	echo "type: kubernetes.io/tls"
} >"$K/kubectl.yaml"
[ "$(head -c 4096 "$K/kubectl.yaml" | grep -c '^kind:')" -eq 0 ] ||
    fail "kind within the first 4 KiB: the case is not made"
run check $C "$K/kubectl.yaml"
expect_status 0 "kubectl's key order (kind after 4 KiB of data) is still recognised"
dep "k8s web/sorted-tls" '.status == "ok"'
run check $C "$K/list.yaml"
expect_status 2 "a List: one Secret good (stringData), one expired"
dep "k8s prod/api-tls" '.status == "ok"'
dep "k8s prod/old-tls" '.status == "fail"'

# --- the pre-commit hook (scan --staged) sees inside a Secret -----------
unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE
export GIT_CONFIG_NOSYSTEM=1 HOME="$TMP"
G=$TMP/repo-k8s
mkdir -p "$G/deploy"
cd "$G"
git init -q .
secret www-tls "$TMP/full.pem" "$FIX/other.key" "$FIX/root.pem" \
    >deploy/secret.yaml
git add deploy/secret.yaml
run scan --staged --no-system-ca --at "@$NOW"
expect_status 2 "scan --staged: a mismatched pair inside a staged Secret blocks"
expect_out "deploy/secret.yaml: data.tls.key: fail: key-mismatch:"
secret www-tls "$TMP/full.pem" "$FIX/leaf-ec.key" "$FIX/root.pem" \
    >deploy/secret.yaml
git add deploy/secret.yaml
run scan --staged --no-system-ca --at "@$NOW"
expect_status 0 "scan --staged: the right pair passes (a key in clear warns)"
expect_out "deploy/secret.yaml: data.tls.key: warn: private-key-unencrypted:"
cd "$TMP"

done_testing
