#!/bin/sh
# No password and no private key material in any output: every certdiag
# run of the other shell tests (lib.sh's run keeps each stdout and stderr
# under tests/captures.out while `make check` runs; `make check-robust`
# runs make check first when they are missing or older than the binary),
# then a sweep that runs every command and output format over every
# fixture with the password given in each --pass form, right and wrong.
# All of it is then searched for the passwords, for the base64 lines of
# each private key, and for the hex of its secret numbers.
. "${top_srcdir:-.}/tests/lib.sh"
fixtures

CAP=$TMP/capture
mkdir -p "$CAP"
# Under `make check-valgrind` the other tests already run certdiag under
# valgrind; here the plain binary keeps this sweep fast.
REAL_CERTDIAG=${CERTDIAG_REAL:-$CERTDIAG}

# 1. What the other shell tests printed. Left out: this test, and the
# robust sweeps that may run beside it (large generated files, signals).
: > "$TMP/suite-files"
nsuite=0
ntests=0
for d in "$CERTDIAG_CAPTURE"/*/; do
	[ -d "$d" ] || continue
	case $(basename "$d") in
	test_secrets|test_limits|test_interrupt*) continue ;;
	esac
	n=$(find "$d" -name '*.out' | wc -l)
	[ "$n" -gt 0 ] || continue
	ntests=$((ntests + 1))
	nsuite=$((nsuite + n))
	find "$d" -name '*.out' -o -name '*.err' >> "$TMP/suite-files"
done

# 2. The sweep: each fixture alone and with the others it belongs with,
# every command and format, every --pass form.
PW=s3cret-demo
printf '%s\n' "$PW" > "$TMP/pwfile"
ALL="check:text check:json check:nagios show:text show:json"
sweep() { # "CMD:FORMAT..." ARGS...
	_hows=$1
	shift
	for how in $_hows; do
		how="${how%%:*} -f ${how#*:}"
		_n=$(mktemp "$CAP/sweep.XXXXXX")
		echo "$how $*" > "$_n.cmd"
		# shellcheck disable=SC2086
		"$REAL_CERTDIAG" $how --no-system-ca --ca "$FIX/root.pem" "$@" \
		    >"$_n.out" 2>"$_n.err" </dev/null || true
	done
}
for f in "$FIX"/*; do
	case ${f##*/} in now|stamp|*.srl) continue ;; esac
	sweep "$ALL" "$f" --pass "pass:$PW"
	sweep "check:text check:json" "$f" "$FIX/chain.pem" "$FIX/leaf.key" \
	    --pass "file:$TMP/pwfile"
	case ${f##*/} in
	*.p12|*enc*) sweep "$ALL" "$f" --pass "pass:wrong-$PW" ;;
	esac
done
sweep "$ALL" "$FIX/leaf.p12" --pass "env:SECRET_PW"
SECRET_PW=$PW
export SECRET_PW
sweep "$ALL" "$FIX/leaf.p12" --pass "env:SECRET_PW"
sweep "$ALL" "$FIX/leaf.enc.key" "$FIX/leaf.pem" --pass "env:SECRET_PW"
# stdin and fd: forms need input, so they bypass run().
for form in stdin fd:3; do
	for fmt in text json nagios; do
		n=$(mktemp "$CAP/sweep.XXXXXX")
		"$REAL_CERTDIAG" check -f "$fmt" --no-system-ca --ca "$FIX/root.pem" \
		    --pass "$form" "$FIX/leaf.p12" "$FIX/leaf.enc.key" \
		    <"$TMP/pwfile" 3<"$TMP/pwfile" >"$n.out" 2>"$n.err" || true
		n=$(mktemp "$CAP/sweep.XXXXXX")
		echo "wrong-$PW" | "$REAL_CERTDIAG" check -f "$fmt" --pass "$form" \
		    "$FIX/leaf.enc.key" 3<&0 >"$n.out" 2>"$n.err" || true
	done
done
nall=$(find "$CAP" -name '*.out' | wc -l)
if [ "$ntests" -ge 10 ]; then
	ok "captured $nsuite runs of $ntests other shell tests"
else
	fail "runs captured from only $ntests other shell tests in $CERTDIAG_CAPTURE: run make check first"
fi
if [ "$nall" -gt 300 ]; then
	ok "captured $nall runs of the sweep"
else
	fail "the sweep captured only $nall runs"
fi

# The secrets. Passwords: the fixtures', and every pass: the tests use
# that cannot occur in output by chance (a word like "wrong" or
# "password" is part of finding ids): 6 characters or more, not only
# letters.
{
	echo "$PW"
	grep -h -o "pass:[^\"' )]*" "$top_srcdir"/tests/test_*.sh |
	    grep -v '[$]' | sed 's/^pass://'
} | grep '[^A-Za-z]' | awk 'length($0) >= 6' |
    sort -u > "$TMP/passwords"
# Key material: the base64 lines of each private key (PKCS#8 and the
# traditional form), and the first 12 bytes of each secret number, hex,
# with and without colons, as `openssl pkey -text` prints them.
: > "$TMP/b64"
: > "$TMP/hex"
nkeys=0
for k in "$FIX"/*.key "$FIX"/*.key.der "$FIX"/*.p8.der "$FIX"/*.sec1.der \
    "$FIX"/*.pkcs1.*; do
	[ -f "$k" ] || continue
	openssl pkey -in "$k" -passin "pass:$PW" -out "$TMP/k.pem" 2>/dev/null ||
	    continue
	nkeys=$((nkeys + 1))
	for form in "" -traditional; do
		# shellcheck disable=SC2086
		openssl pkey -in "$TMP/k.pem" $form 2>/dev/null |
		    grep -v -- '-----' | awk 'length($0) >= 40' >> "$TMP/b64"
	done
	openssl pkey -in "$TMP/k.pem" -text -noout 2>/dev/null | awk '
		function flush() { if (hex != "") print hex; hex = "" }
		/^[^ \t]/ { flush(); sec = ($1 ~ /^(priv|privateExponent|prime1|prime2|exponent1|exponent2|coefficient):$/); next }
		sec { gsub(/[ \t]/, ""); hex = hex $0 }
		END { flush() }
	' | while read -r hex; do
		hex=${hex#00:}
		colons=$(printf '%s' "$hex" | cut -c1-35)
		plain=$(printf '%s' "$colons" | tr -d :)
		printf '%s\n%s\n' "$colons" "$plain" >> "$TMP/hex"
	done
done
if [ "$nkeys" -ge 8 ] && [ -s "$TMP/b64" ] && [ -s "$TMP/hex" ]; then
	ok "$nkeys private keys, $(wc -l < "$TMP/b64") base64 lines and $(wc -l < "$TMP/hex") hex needles to look for"
else
	fail "could not extract key material to look for ($nkeys keys)"
fi

# The search, over every captured output.
# (*.cmd files record each command line, for a failure's diagnosis.)
{ cat "$TMP/suite-files"; find "$CAP" -name '*.out' -o -name '*.err'; } > "$TMP/files"
# Prints file:match for each leak (the match itself is the secret, which
# is fine in a failing test's log: these are test fixtures).
leaks() { # PATTERN-FILE GREP-OPTIONS
	# shellcheck disable=SC2086
	xargs grep -H -o -F $2 -f "$1" < "$TMP/files" | sort -u || true
}
: > "$TMP/out"
: > "$TMP/err"
found=$(leaks "$TMP/passwords" "")
if [ -z "$found" ]; then
	ok "no password in any output ($(wc -l < "$TMP/passwords") passwords)"
else
	fail "a password appears: $(echo "$found" | head -3)"
fi
found=$(leaks "$TMP/b64" "")
if [ -z "$found" ]; then
	ok "no base64 of a private key in any output"
else
	fail "private key base64 appears: $(echo "$found" | head -3)"
fi
found=$(leaks "$TMP/hex" -i)
if [ -z "$found" ]; then
	ok "no hex of a private key in any output"
else
	fail "private key hex appears: $(echo "$found" | head -3)"
fi

# No core file can carry a key or a password to disk: certdiag sets its
# core size limit to 0. Seen while it waits for a password from a FIFO.
mkfifo "$TMP/pwfifo"
"$REAL_CERTDIAG" check "$FIX/leaf.pem" "$FIX/leaf.enc.key" \
    --pass "file:$TMP/pwfifo" >/dev/null 2>&1 &
pid=$!
limit=
for _ in 1 2 3 4 5 6 7 8 9 10; do
	limit=$(awk '/^Max core file size/ { print $5 " " $6 }' \
	    "/proc/$pid/limits" 2>/dev/null)
	[ "$limit" != "0 0" ] || break
	sleep 0.5
done
echo "wrong-$PW" > "$TMP/pwfifo"
wait "$pid" || true
if [ "$limit" = "0 0" ]; then
	ok "no core dumps: core file size limit 0"
else
	fail "core file size limit is '$limit', not 0"
fi

# The documentation's examples keep passwords off the command line (and
# so out of the process list): env:, file:, fd: or stdin, never pass:.
if grep -n -- '--pass pass:' "$top_srcdir/doc/certdiag.1" \
    "$top_srcdir/README.md" >"$TMP/docs" 2>/dev/null; then
	fail "documented examples put a password on the command line: $(head -2 "$TMP/docs")"
else
	ok "documented examples keep passwords off the command line"
fi

done_testing
