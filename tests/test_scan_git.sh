#!/bin/sh
# certdiag scan --staged and --git in a throw-away repository: the index's
# content is what counts, not the work tree's.
. "${top_srcdir:-.}/tests/lib.sh"
need jq git
fixtures
F=$FIX
G=$TMP/repo
unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE
export GIT_CONFIG_NOSYSTEM=1 HOME="$TMP"
mkdir -p "$G"
cd "$G"
git init -q .
git config user.name "certdiag test"
git config user.email "test@example.invalid"
git config commit.gpgsign false

J="--no-system-ca --at @$NOW -f json"

run scan --staged $J
expect_status 0 "empty repository, nothing staged"
expect_json '.findings | length == 0' "no findings"

# A good pair and the repository's own CA, committed.
mkdir -p ca web other "with space"
cp "$F/root.pem" ca/root.pem
cp "$F/chain.pem" ca/intermediate.pem
cp "$F/leaf.pem" web/www.crt
cp "$F/leaf.key" web/www.key
cp "$F/leaf-rsa.pem" "with space/odd name.pem"
git add -A
git commit -qm "certificates"

run scan --staged $J
expect_status 0 "nothing staged after the commit"

# Staged: a wrong key. Work tree: fixed again, not staged.
cp "$F/other.key" web/www.key
git add web/www.key
cp "$F/leaf.key" web/www.key
run scan --staged $J
expect_status 2 "the staged (wrong) key fails"
expect_json '.findings[] | select(.id == "key-mismatch") | .file == "web/www.key"' \
    "key-mismatch at the staged key, paired with the unchanged certificate"
run scan $J web ca
expect_status 0 "the work tree itself is fine"

# Staged: fixed. Work tree: broken again, not staged.
git add web/www.key
cp "$F/other.key" web/www.key
run scan --staged $J
expect_json '[.findings[] | select(.id == "key-mismatch")] | length == 0' \
    "the staged (right) key passes, whatever the work tree holds"
run scan $J web ca
expect_status 2 "while the work tree is broken"
git checkout -q -- web/www.key

# Only what changed is judged: a committed problem elsewhere is not.
cp "$F/stranger.pem" other/stranger.pem
git add other/stranger.pem
git commit -qm "a certificate whose issuer is not here"
cp "$F/soon.pem" web/soon.pem
git add web/soon.pem
run scan --staged $J
expect_json '[.findings[] | select(.file == "other/stranger.pem")] | length == 0' \
    "committed files are not re-judged by --staged"
expect_json '[.objects[] | select(.file == "web/soon.pem")] | length == 1' \
    "the staged certificate is read from the index"
expect_json '[.findings[] | select(.id == "chain-incomplete")] | length == 0' \
    "a missing issuer is not judged from a partial view"
git commit -qm soon

run scan --git $J
expect_status 2 "--git: every tracked file"
expect_json '[.findings[] | select(.id == "chain-incomplete" and .file == "other/stranger.pem")] | length == 1' \
    "--git judges committed files"
expect_json '[.objects[] | select(.file == "with space/odd name.pem")] | length == 1' \
    "a path with a space"
echo junk > untracked.pem
cp "$F/stranger.key" untracked.key
run scan --git $J
expect_json '[.objects[] | select(.file == "untracked.key")] | length == 0' \
    "--git ignores untracked files"
rm untracked.pem untracked.key

# Pathspecs and the ignore file at the top of the work tree.
run scan --git $J web
expect_json '[.objects[] | select(.file | startswith("web/") | not)] | length == 0' \
    "--git PATHSPEC narrows the files"
printf 'other/\n' > .certdiagignore
run scan --git $J
expect_status 0 ".certdiagignore at the top of the work tree"
run scan --git $J --exclude 'ca/*.pem'
expect_json '[.objects[] | select(.file | startswith("ca/"))] | length == 0' \
    "--exclude with --git"
mkdir -p deep/er && cd deep/er
run scan --git $J
expect_json '[.objects[] | select(.file == "web/www.crt")] | length == 1' \
    "from a subfolder: the whole work tree, paths from its top"
cd "$G"
rm .certdiagignore

# A big folder: only the staged file's namesake is read with it.
mkdir -p big
for i in $(seq 1 40); do echo "note $i" > "big/note$i.txt"; done
cp "$F/leaf.pem" big/svc.crt
git add big && git commit -qm "a big folder"
cp "$F/other.key" big/svc.key
git add big/svc.key
run scan --staged $J
expect_json '[.findings[] | select(.id == "key-mismatch" and .file == "big/svc.key")] | length == 1' \
    "in a folder of 42 files the namesake certificate is still paired"
git reset -q

# A binary blob and a big text file staged: skipped without complaint.
head -c 200000 /dev/urandom > blob.bin
yes 'not a certificate' | head -c 5000000 > big.txt
cp "$F/leaf.p12" bundle.p12
git add blob.bin big.txt bundle.p12
run scan --staged $J
expect_json '[.findings[] | select(.file == "blob.bin" or .file == "big.txt")] | length == 0' \
    "binary and big text blobs: nothing said"
expect_json '.findings[] | select(.file == "bundle.p12") | .id == "pkcs12-locked" and .severity == "info"' \
    "a PKCS#12 without its password: info"
git reset -q

# Outside a work tree: a clear error.
cd "$TMP"
mkdir -p notrepo && cd notrepo
GIT_CEILING_DIRECTORIES=$TMP
export GIT_CEILING_DIRECTORIES
run scan --staged
expect_status 3 "--staged outside a git work tree"
expect_out "error: scan-error: not inside a git work tree"

done_testing
