#!/bin/sh
# Inputs that once crashed, leaked or hung certdiag (tests/regress/load/,
# found by fuzzing): each now loads or gets a specific error, in every
# output format, and the JSON stays valid.
. "${top_srcdir:-.}/tests/lib.sh"
need jq

n=0
for f in "$top_srcdir"/tests/regress/load/*; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	name=${f##*/}
	run show -f json "$f"
	if [ "$RC" -eq 0 ] || [ "$RC" -eq 3 ]; then
		ok "$name: show exits $RC"
	else
		fail "$name: show exits $RC"
	fi
	expect_json '.status and (.objects | type == "array")' "$name: JSON document"
	if [ "$RC" -eq 3 ]; then
		expect_json '[.findings[] | select(.severity == "error") |
		    .id != "" and (.message | length > 0)] | any' \
		    "$name: a specific error"
	fi
	for fmt in text nagios; do
		run check -f "$fmt" --no-system-ca "$f"
		if [ "$RC" -le 3 ]; then
			ok "$name: check -f $fmt exits $RC"
		else
			fail "$name: check -f $fmt exits $RC"
		fi
	done
done
[ "$n" -gt 0 ] || ok "no regression inputs yet"

# Formats OpenSSL reads that third-party material (tools/corpus-run.sh)
# showed certdiag refusing. A type-specific DSA public key ("DSA PUBLIC
# KEY": SEQUENCE { pub, p, q, g }), which the openssl CLI cannot write,
# is built from the fixture DSA key with asn1parse.
fixtures
openssl pkey -in "$FIX/leaf-dsa.key" -text -noout | awk '
	/^[a-zA-Z]/ { name = $1; sub(/:$/, "", name); next }
	{ gsub(/[ :]/, ""); v[name] = v[name] $0 }
	END {
		print "asn1 = SEQUENCE:k\n[k]"
		print "pub = INTEGER:0x" v["pub"]
		print "p = INTEGER:0x" v["P"]
		print "q = INTEGER:0x" v["Q"]
		print "g = INTEGER:0x" v["G"]
	}' > "$TMP/dsapub.cnf"
{
	echo "-----BEGIN DSA PUBLIC KEY-----"
	openssl asn1parse -genconf "$TMP/dsapub.cnf" -noout -out /dev/stdout |
	    base64 -w 64
	echo "-----END DSA PUBLIC KEY-----"
} > "$TMP/dsa.pub.pem"
run show -f json "$TMP/dsa.pub.pem" "$FIX/leaf-dsa.pem"
expect_status 0 "DSA PUBLIC KEY loads"
expect_json '[.objects[] | select(.kind == "public-key") | .key] == ["DSA 2048"]' \
    "DSA PUBLIC KEY: a 2048-bit DSA public key"
expect_json '[.objects[].spki_sha256] | length == 2 and .[0] == .[1]' \
    "DSA PUBLIC KEY: the key of the fixture's DSA certificate"

done_testing
