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
run scan $J "$LE/live"
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
cat "$TMP/out" > "$TMP/live.json"

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
