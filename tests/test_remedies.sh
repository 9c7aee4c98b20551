#!/bin/sh
# The remedy harness: for every finding that prints commands, a fixture
# where it fires; each command from the JSON fix.commands runs in a scratch
# directory (a test CA signs what a step asks "your CA" to sign), then
# certdiag runs again: the finding must be gone and no new failure appear.
# Prints "remedies: proven P of N commands printed".
. "${top_srcdir:-.}/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 missing"; exit 77; }
PY="python3 $top_srcdir/tests/remedy_cmds.py"
printed=0
proven=0

# Not executable offline, and why (the rest of each table is proven below):
#   expired (Let's Encrypt): certbot renew needs the ACME server
#   chain-extra (a cross-signed ISRG root): certbot renew
#     --preferred-chain needs the ACME server
#   chain-incomplete (caIssuers URL): the curl download needs the network;
#     the harness stands in for it and proves the conversion that follows
#   key-mismatch: the fix is choosing the right key; nothing to run
#   csr-invalid: a tampered request needs a hand-made DER (check_checks)

# The test CA: leaves below are issued by it directly, so a leaf alone is
# a complete chain when --ca names the root.
W0=$TMP/pki
mkdir -p "$W0"
(
	cd "$W0"
	SAN=DNS:www.example.test,DNS:example.test
	pki_cert root --ca --subject "/CN=Remedy Test Root" --to 3650
	pki_cert int --ca --issuer root --subject "/CN=Remedy Test CA"
	pki_cert leaf --issuer int --san "$SAN" --subject /CN=www.example.test
	pki_cert direct --issuer root --san "$SAN" --subject /CN=www.example.test
	pki_cert clientonly --issuer root --san "$SAN" --eku clientAuth \
	    --subject /CN=www.example.test
	pki_cert nosan --issuer root --subject /CN=www.example.test
	pki_cert weak --type rsa1024 --issuer root --san "$SAN"
	pki_cert oldself --san "$SAN" --subject /CN=www.example.test \
	    --from -100 --to -10
	pki_cert sha1self --san "$SAN" --subject /CN=www.example.test \
	    --md sha1
	pki_cert aia --issuer int --san "$SAN" --subject /CN=www.example.test \
	    --aia http://ca.invalid/int.p7c
) >"$TMP/pki.log" 2>&1 || { cat "$TMP/pki.log"; exit 1; }

# case ID SETUP BEFORE AFTER [SIGN-CSR SIGNED-FILE]
#   SETUP runs in the scratch directory; BEFORE and AFTER are certdiag
#   arguments; a request the commands made is signed by the test CA.
case_() {
	id=$1 setup=$2 before=$3 after=$4 csr=${5-} signed=${6-}
	W=$TMP/w.$_ntest
	rm -rf "$W"
	cp -a "$W0" "$W"
	(cd "$W" && eval "$setup") >"$TMP/setup.log" 2>&1 ||
	    { fail "$id: setup"; cat "$TMP/setup.log"; return; }
	# shellcheck disable=SC2086
	(cd "$W" && "$CERTDIAG" check $before --format json >before.json \
	    2>/dev/null) || true
	mkdir "$W/.cmds"
	if ! n=$($PY "$id" "$W/before.json" "$W/.cmds"); then
		fail "$id: does not fire ($before)"
		return
	fi
	cat "$W"/.cmds/cmd.* >"$W/cmds" 2>/dev/null || true
	if [ "$n" -eq 0 ]; then
		fail "$id: fires but prints no command"
		return
	fi
	printed=$((printed + n))
	$PY --fails "$W/before.json" | sort -u >"$W/fails.before"
	good=true
	# Each command as printed, one shell each; curl is the one step that
	# needs the network: the file it would fetch is put in its place.
	i=0
	while [ "$i" -lt "$n" ]; do
		i=$((i + 1))
		c=$(cat "$W/.cmds/cmd.$i")
		echo "#   \$ $c"
		case $c in
		curl\ *) cp "$W/int.p7c" "$W/issuer.p7c" ;;
		*) (cd "$W" && P12_PASS=pw sh -c "$c") >"$TMP/cmd.log" 2>&1 ||
		    { good=false; echo "# failed: $c"; sed 's/^/#   /' "$TMP/cmd.log"; } ;;
		esac
	done
	if [ -n "$csr" ]; then
		(cd "$W" && openssl x509 -req -in "$csr" -CA root.pem \
		    -CAkey root.key -copy_extensions copyall -days 90 \
		    -out "$signed") >"$TMP/sign.log" 2>&1 ||
		    { good=false; echo "# the test CA could not sign $csr"; }
	fi
	# shellcheck disable=SC2086
	(cd "$W" && "$CERTDIAG" check $after --format json >after.json \
	    2>/dev/null) || true
	if $PY "$id" "$W/after.json" >/dev/null; then
		good=false
		echo "# $id still fires after the fix"
	fi
	$PY --fails "$W/after.json" | sort -u >"$W/fails.after"
	if [ -n "$(comm -13 "$W/fails.before" "$W/fails.after")" ]; then
		good=false
		echo "# new failures: $(comm -13 "$W/fails.before" "$W/fails.after")"
	fi
	if $good; then
		proven=$((proven + n))
		ok "$id: $n command(s) fix it ($before)"
	else
		fail "$id: the printed fix does not work ($before)"
	fi
}

cp "$W0/int.pem" "$W0/intermediate.pem.ca"	# what "your CA" hands out

case_ chain-incomplete "cp intermediate.pem.ca intermediate.pem" \
    "leaf.pem leaf.key --ca root.pem" "fullchain.pem leaf.key --ca root.pem"
case_ chain-incomplete "openssl x509 -in leaf.pem -outform DER -out leaf.der &&
    cp intermediate.pem.ca intermediate.pem" \
    "leaf.der leaf.key --ca root.pem" "fullchain.pem leaf.key --ca root.pem"
case_ chain-incomplete "openssl crl2pkcs7 -nocrl -certfile leaf.pem -out leaf.p7b &&
    cp intermediate.pem.ca intermediate.pem" \
    "leaf.p7b leaf.key --ca root.pem" "fullchain.pem leaf.key --ca root.pem"
case_ chain-incomplete "openssl pkcs12 -export -in leaf.pem -inkey leaf.key \
    -passout pass:pw -out site.p12 && cp intermediate.pem.ca intermediate.pem" \
    "site.p12 --pass pass:pw --ca root.pem" \
    "site.p12.new.p12 --pass pass:pw --ca root.pem"
# A combined file (HAProxy): the key must not be copied anywhere.
case_ chain-incomplete "cat leaf.key leaf.pem >site.pem && chmod 600 site.pem &&
    cp intermediate.pem.ca intermediate.pem" \
    "site.pem --ca root.pem" "site.pem --ca root.pem"
W=$TMP/w.$((_ntest - 1))
if [ ! -e "$W/fullchain.pem" ] && [ "$(stat -c %a "$W/site.pem")" = 600 ]; then
	ok "combined file: extended in place, mode kept, no copy of the key"
else
	fail "combined file: the key was copied or its mode changed"
fi
# A .p7c caIssuers URL: the download is PKCS#7, converted by pkcs7.
case_ chain-incomplete "openssl crl2pkcs7 -nocrl -certfile int.pem \
    -outform DER -out int.p7c" \
    "aia.pem aia.key --ca root.pem" "fullchain.pem aia.key --ca root.pem"
if grep -q 'openssl pkcs7 -inform DER' "$TMP/w.$((_ntest - 1))/cmds"; then
	ok ".p7c caIssuers converted with openssl pkcs7"
else
	fail ".p7c caIssuers not converted with openssl pkcs7"
fi

if openssl list -providers -provider legacy >/dev/null 2>&1; then
	case_ pkcs12-legacy "openssl pkcs12 -export -legacy -in direct.pem \
	    -inkey direct.key -passout pass:pw -out old.p12" \
	    "old.p12 --pass pass:pw --ca root.pem" \
	    "old.p12.new.p12 --pass pass:pw --ca root.pem"
else
	echo "# pkcs12-legacy: OpenSSL's legacy provider is missing here"
fi

case_ purpose-mismatch "" \
    "clientonly.pem clientonly.key --ca root.pem --host www.example.test" \
    "clientonly.pem clientonly.key --ca root.pem --host www.example.test" \
    request.csr clientonly.pem
case_ hostname-mismatch "" \
    "direct.pem direct.key --ca root.pem --host api.example.test" \
    "direct.pem direct.key --ca root.pem --host api.example.test" \
    request.csr direct.pem
case_ no-san "" "nosan.pem nosan.key --ca root.pem" \
    "nosan.pem nosan.key --ca root.pem" request.csr nosan.pem
case_ weak-key "" "weak.pem weak.key --ca root.pem" \
    "weak.pem new-key.pem --ca root.pem" request.csr weak.pem
case_ key-file-permissions "chmod 644 direct.key" \
    "direct.pem direct.key --ca root.pem" "direct.pem direct.key --ca root.pem"
case_ expired "" "oldself.pem oldself.key" "oldself.pem oldself.key"
case_ weak-signature "" "sha1self.pem sha1self.key" \
    "sha1self.pem sha1self.key"
case_ csr-mismatch "openssl req -new -key leaf.key -subj /CN=www.example.test \
    -addext subjectAltName=DNS:www.example.test,DNS:example.test -out site.csr" \
    "direct.pem direct.key --csr site.csr --ca root.pem" \
    "direct.pem direct.key --csr new.csr --ca root.pem"

# Two PEM files concatenated without the first one's final newline.
case_ pem-invalid "head -c -1 direct.pem >glued.pem && cat int.pem >>glued.pem" \
    "glued.pem direct.key --ca root.pem" "glued.pem direct.key --ca root.pem"
if grep -q "a newline is missing between two concatenated files, line" \
    "$TMP/w.$((_ntest - 1))/before.json"; then
	ok "pem-invalid names the missing newline and its line"
else
	fail "pem-invalid does not name the missing newline"
fi

echo "# remedies: proven $proven of $printed commands printed"
[ "$proven" -eq "$printed" ] && ok "every printed command proven ($proven/$printed)" ||
    fail "proven $proven of $printed printed commands"
done_testing
