#!/bin/sh
# Hostile subjects, SANs and file names through every renderer: text,
# show, Nagios, JSON, scan lines and SARIF. No raw control byte reaches a
# terminal; JSON and SARIF are valid UTF-8 (a strict parser, not jq);
# every printed command parses with sh -n and keeps a hostile value in one
# word; a NUL inside a name is shown, not cut.
. "${top_srcdir:-.}/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 missing"; exit 77; }
CHK="python3 $top_srcdir/tests/hostile_check.py"
cd "$TMP"
pki_cert root --ca --subject "/CN=Hostile Root" >/dev/null 2>&1

ESC=$(printf '\033')
RLO=$(printf '\342\200\256')	# U+202E RIGHT-TO-LEFT OVERRIDE
NEL=$(printf '\302\205')	# U+0085, a C1 control
SUBST='$(touch pwned)'
TICKS='`touch pwned2`'
SUBST_CNF='\$(touch pwned)'	# openssl.cnf expands $(...) itself
# A UTF8String subject and SANs full of controls and shell syntax.
cat >hostile.cnf <<CNF
[req]
distinguished_name = dn
prompt = no
string_mask = utf8only
utf8 = yes
[dn]
CN = evil${ESC}[31mred${RLO}gpj.exe${NEL}x
O = a, CN=forged
[ext]
subjectAltName = DNS:www.example.test,DNS:$SUBST_CNF.example.test,DNS:a${TICKS}b.test,DNS:www.bank.comX.evil.com
extendedKeyUsage = clientAuth
CNF
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout hostile.key -config hostile.cnf -out hostile.csr 2>req.err || { cat req.err; exit 1; }
openssl x509 -req -in hostile.csr -CA root.pem -CAkey root.key \
    -extfile hostile.cnf -extensions ext -days 30 -out hostile.pem 2>/dev/null
# A NUL inside a dNSName: patch the DER (the signature breaks; the name
# must still be shown whole).
python3 - <<'PY'
import base64
pem = open("hostile.pem").read()
der = base64.b64decode("".join(l for l in pem.splitlines() if "-----" not in l))
open("nul.der", "wb").write(der.replace(b"www.bank.comX.evil", b"www.bank.com\x00.evil", 1))
PY
# Hostile file names: spaces, quotes, $(), backticks, a newline.
NL='
'
for n in "a b.pem" "q'uo\"te.pem" "\$(touch pwned3).pem" "\`touch pwned4\`.pem" "new${NL}line.pem" "-dash.pem"; do
	cp -- hostile.pem "$n"
	cp -- hostile.key "$n.key"
	chmod 644 -- "$n.key"
done
mkdir tree && cp hostile.pem hostile.key nul.der "a b.pem" "new${NL}line.pem" tree/

n=0
render() { # KIND ARGS...: runs certdiag, checks its output
	kind=$1; shift
	n=$((n + 1))
	"$CERTDIAG" "$@" >"out.$n" 2>"err.$n" </dev/null || true
	if $CHK "$kind" "out.$n" "$SUBST" "$TICKS" >"chk.$n" 2>&1 &&
	    $CHK text "err.$n" >>"chk.$n" 2>&1; then
		ok "$kind: certdiag $1 ... $(echo "$*" | tr '\n' '?' | cut -c1-60)"
	else
		LAST_CMD="certdiag $*"; RC=-; cp "out.$n" "$TMP/out"; cp "err.$n" "$TMP/err"
		fail "$kind output unsafe: $(cat "chk.$n")"
	fi
}
for f in hostile.pem nul.der "a b.pem" "q'uo\"te.pem" "\$(touch pwned3).pem" \
    "\`touch pwned4\`.pem" "new${NL}line.pem" "-dash.pem"; do
	k=hostile.key
	case $f in hostile.pem|nul.der) ;; *) k="$f.key" ;; esac
	render text check --color never --host www.example.test -- "$f" "$k"
	render color check --color always --host www.example.test -- "$f" "$k"
	render json check --format json --host www.example.test -- "$f" "$k"
	render text check --format nagios --host www.example.test -- "$f" "$k"
	render text show -- "$f" "$k"
done
render text scan tree
render json scan --format json tree
render json scan --format sarif tree
# The colour escapes are certdiag's own; none came from the subject.
if grep -q "${ESC}\[31mred" out.* 2>/dev/null; then
	fail "a subject's escape sequence reached the output"
else
	ok "no escape sequence from a subject"
fi
# The NUL: shown as \0 and the name not cut at it.
"$CERTDIAG" check --format json nul.der >nul.json 2>/dev/null || true
if grep -qF 'www.bank.com\\0.evil.com' nul.json; then
	ok "a NUL inside a name is shown, the name whole"
else
	fail "the NUL name was cut or hidden: $(grep -o 'www.bank[^"]*' nul.json | head -3)"
fi
# Nothing pasted ran, and nothing certdiag printed created these files.
if ls pwned* >/dev/null 2>&1; then
	fail "a hostile value was executed"
else
	ok "no hostile value executed"
fi
# Run the printed commands (quoted) for the $() file: the name stays a name.
"$CERTDIAG" check --format json -- "\$(touch pwned3).pem" "\$(touch pwned3).pem.key" >f.json 2>/dev/null || true
python3 - f.json >cmds.txt <<'PY'
import json, sys
for f in json.load(open(sys.argv[1], encoding="utf-8"))["findings"]:
    for c in f.get("fix", {}).get("commands", []):
        if c.startswith("chmod"):
            print(c)
PY
if [ -s cmds.txt ] && sh cmds.txt && [ "$(stat -c %a "\$(touch pwned3).pem.key")" = 600 ] &&
    ! ls pwned* >/dev/null 2>&1; then
	ok "the printed chmod works on a \$() file name and runs nothing else"
else
	fail "the printed chmod on a \$() file name: $(cat cmds.txt)"
fi
# Terminal capabilities: TERM=dumb, no colour; LC_ALL=C, ASCII marks.
TERM=dumb "$CERTDIAG" check --host www.example.test hostile.pem hostile.key >dumb.out 2>&1 || true
if grep -q "$ESC" dumb.out; then fail "TERM=dumb got colour"; else ok "TERM=dumb: no colour"; fi
LC_ALL=C "$CERTDIAG" check --host www.example.test hostile.pem hostile.key >c.out 2>&1 || true
if LC_ALL=C grep -q "$(printf '\342\234')" c.out; then
	fail "LC_ALL=C got Unicode marks"
elif grep -q '^  x ' c.out && grep -q ' - ' c.out; then
	ok "LC_ALL=C: ASCII marks"
else
	LAST_CMD="LC_ALL=C certdiag check"; RC=-; cp c.out "$TMP/out"; : >"$TMP/err"
	fail "LC_ALL=C: marks"
fi
done_testing
