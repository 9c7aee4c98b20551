#!/bin/sh
# Runs `certdiag show` over every file of the pyca/cryptography test
# vectors (third-party material certdiag has never seen) with the
# passwords listed in the corpus's MANIFEST.tsv, and reports how many
# files end in each outcome. A file must either load or get a specific
# error: a crash, output that is not JSON, a raw OpenSSL error queue, a
# silent "nothing loaded", or the generic format-unrecognized for a file
# the openssl CLI can read are failures (exit 1).
#
# usage: tools/corpus-run.sh [-c] [-v] [-o TSV] [CORPUS]
#   CORPUS   the corpora directory, the pyca-cryptography directory in it,
#            or its vectors/ directory (default: ../shared/corpora
#            relative to the source directory, or ../../shared/corpora)
#   -o TSV   write one line per file: outcome, finding ids, openssl's
#            reading of the file, path, first error message
#   -v       print every file that did not load
#   -c       also run `certdiag check` on each file (every check over
#            odd third-party certificates; with a sanitizer build, a
#            check that crashes is a failure too)
# CERTDIAG names the binary (default: src/certdiag in the source tree).
set -eu
LC_ALL=C
export LC_ALL

srcdir=$(cd "$(dirname "$0")/.." && pwd)
verbose=
tsv=
checks=
while getopts cvo: opt; do
	case $opt in
	c) checks=1 ;;
	v) verbose=1 ;;
	o) tsv=$OPTARG ;;
	*) sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
# Default: ../shared/corpora beside the source tree (one level further
# up from a git worktree in a subdirectory).
corpus=${1:-$srcdir/../shared/corpora}
[ $# -gt 0 ] || [ -d "$corpus" ] || corpus=$srcdir/../../shared/corpora
: "${CERTDIAG:=$srcdir/src/certdiag}"

for d in "$corpus" "$corpus/pyca-cryptography" "$corpus/.."; do
	if [ -f "$d/MANIFEST.tsv" ] && [ -d "$d/vectors" ]; then
		root=$(cd "$d" && pwd)
		break
	fi
done
if [ -z "${root:-}" ]; then
	echo "corpus-run: no pyca-cryptography corpus (MANIFEST.tsv and vectors/) at $corpus" >&2
	exit 2
fi
vectors=$root/vectors/cryptography_vectors
[ -x "$CERTDIAG" ] || { echo "corpus-run: $CERTDIAG is not built" >&2; exit 2; }
command -v jq >/dev/null || { echo "corpus-run: jq is required" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/corpus-run.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# path <TAB> password, for the files MANIFEST.tsv gives one ("-" means
# none: an empty password).
awk -F '\t' 'NR > 1 && $4 ~ /^pass=/ {
	p = substr($4, 6); sub(/ needs -legacy.*/, "", p)
	if (p == "(empty/none)") p = "-"
	print $2 "\t" p
}' "$root/MANIFEST.tsv" > "$tmp/passwords"

# What the openssl CLI reads the file as, or nothing. The password is in
# $CORPUS_PASS (never on a command line).
openssl_reads() {
	_in=$1
	for how in x509 x509:DER pkey pkey:DER pubkey pubkey:DER \
	    rsapub rsapub:DER req req:DER crl crl:DER pkcs7 pkcs7:DER \
	    pkcs12 pkcs12:legacy; do
		form=PEM
		case $how in *:DER) form=DER ;; esac
		case $how in
		x509*) set -- x509 -inform "$form" -noout ;;
		pkey*) set -- pkey -inform "$form" -noout -passin env:CORPUS_PASS ;;
		pubkey*) set -- pkey -pubin -inform "$form" -noout ;;
		rsapub*) set -- rsa -RSAPublicKey_in -inform "$form" -noout ;;
		req*) set -- req -inform "$form" -noout ;;
		crl*) set -- crl -inform "$form" -noout ;;
		pkcs7*) set -- pkcs7 -inform "$form" -noout ;;
		pkcs12:legacy) set -- pkcs12 -legacy -noout -passin env:CORPUS_PASS ;;
		pkcs12) set -- pkcs12 -noout -passin env:CORPUS_PASS ;;
		esac
		if openssl "$@" -in "$_in" >/dev/null 2>&1 </dev/null; then
			echo "$how"
			return
		fi
	done
}

: > "$tmp/results"
find "$vectors" -type f | sort > "$tmp/files"
while IFS= read -r f; do
	rel=${f#"$vectors"/}
	pw=$(awk -F '\t' -v p="$rel" '$1 == p { print $2; exit }' "$tmp/passwords")
	if [ -z "$pw" ]; then
		set -- show -f json
		CORPUS_PASS=
	elif [ "$pw" = - ]; then
		set -- show -f json --pass pass:
		CORPUS_PASS=
	else
		set -- show -f json --pass env:CORPUS_PASS
		CORPUS_PASS=$pw
	fi
	export CORPUS_PASS
	rc=0
	"$CERTDIAG" "$@" "$f" >"$tmp/out" 2>"$tmp/err" </dev/null || rc=$?

	ids=; msg=; nobj=0
	if summary=$(jq -r '[(.objects | length),
	    ([.findings[] | select(.severity == "error") | .id] | unique | join(",")),
	    ([.findings[] | select(.severity != "error" and .severity != "pass") | .id] | unique | join(",")),
	    ([.findings[] | select(.severity == "error") | .message][0] // "")] | @tsv' \
	    "$tmp/out" 2>/dev/null) && [ -n "$summary" ]; then
		nobj=$(printf '%s' "$summary" | cut -f1)
		ids=$(printf '%s' "$summary" | cut -f2)
		notes=$(printf '%s' "$summary" | cut -f3)
		msg=$(printf '%s' "$summary" | cut -f4)
		json=1
	else
		json=
	fi

	crc=0
	if [ -n "$checks" ]; then
		shift
		"$CERTDIAG" check -f json --no-system-ca "$@" "$f" \
		    >"$tmp/cout" 2>"$tmp/cerr" </dev/null || crc=$?
		jq -e .status "$tmp/cout" >/dev/null 2>&1 || crc=255
	fi

	if [ "$rc" -gt 3 ]; then
		outcome="FAIL:crash(exit $rc)"
	elif [ "$crc" -gt 3 ]; then
		outcome="FAIL:check-crash(exit $crc)"
	elif [ -z "$json" ]; then
		outcome=FAIL:not-json
	elif grep -Eq 'error:[0-9A-F]{8}:' "$tmp/out" "$tmp/err"; then
		outcome=FAIL:raw-openssl-error
	elif [ "$rc" -eq 3 ]; then
		outcome="error:$ids"
	elif [ "$nobj" -gt 0 ]; then
		outcome=loaded${notes:+ (with $notes)}
	else
		outcome=FAIL:nothing-loaded-no-error
	fi

	reads=
	case $outcome in
	loaded*) ;;
	*)
		reads=$(openssl_reads "$f")
		case ,$ids, in
		*,format-unrecognized,*)
			[ -z "$reads" ] ||
			    outcome="FAIL:unrecognized-but-openssl-reads-$reads" ;;
		esac
		;;
	esac
	printf '%s\t%s\t%s\t%s\t%s\n' "$outcome" "${ids:--}" "${reads:--}" \
	    "$rel" "$msg" >> "$tmp/results"
	if [ -n "$verbose" ]; then
		case $outcome in
		loaded*) ;;
		*) printf '%s  %s  [openssl: %s]  %s\n' "$outcome" "$rel" \
		    "${reads:-cannot read}" "$msg" ;;
		esac
	fi
done < "$tmp/files"

[ -z "$tsv" ] || cp "$tmp/results" "$tsv"
total=$(wc -l < "$tmp/results")
echo "corpus-run: $total files under $vectors"
cut -f1 "$tmp/results" | sort | uniq -c | sort -rn
# Refusals of files the openssl CLI reads need a reason (e.g. text
# around a broken block): list them for review.
awk -F '\t' '$1 !~ /^(loaded|FAIL)/ && $3 != "-"' "$tmp/results" > "$tmp/review"
if [ -s "$tmp/review" ]; then
	echo "corpus-run: refused although the openssl CLI reads them (review):"
	awk -F '\t' '{ printf "  %s  %s  [openssl: %s]\n", $1, $4, $3 }' "$tmp/review"
fi
failures=$(grep -c '^FAIL' "$tmp/results" || true)
if [ "$failures" -gt 0 ]; then
	echo "corpus-run: $failures file(s) neither loaded nor got a specific error:"
	grep '^FAIL' "$tmp/results" | cut -f1,4,5 | sed 's/^/  /'
	exit 1
fi
echo "corpus-run: every file loaded or got a specific error"
