#!/bin/sh
# One `certdiag check` of a cert, key and chain with --host, beside one
# `openssl verify` process on the same files (target: no slower). Two
# openssl forms are timed: with the test root as -CAfile (the system
# bundle is then not read), and as most people type it, trusting the
# system store (openssl reads the whole bundle file; the test root is not
# in it, so that run reports a failure after doing the same work).
# certdiag keeps the system store enabled too: its hashed-directory
# lookup is lazy, so it is part of what is measured.
# Wall time with hyperfine; instruction counts with callgrind, which are
# repeatable on a busy machine.
#
# usage: bench/check-vs-verify.sh [BUILDDIR]     (needs hyperfine, valgrind)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$src}" && pwd)
bin=$build/src/certdiag
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
"$src/fixtures/gen.sh" "$work/fx" >/dev/null 2>&1
cd "$work/fx"
c1="openssl verify -CAfile root.pem -untrusted chain.pem leaf.pem"
c2="openssl verify -untrusted chain.pem leaf.pem"
c3="$bin check --ca root.pem --host www.example.test leaf.pem leaf.key chain.pem"
hyperfine -N -i --warmup 5 --runs 200 --export-markdown "$work/table.md" \
    "$c1" "$c2" "$c3" >/dev/null 2>&1
sed "s|$bin|certdiag|" "$work/table.md"
echo
echo "| command | instructions (callgrind) |"
echo "|:---|---:|"
for c in "$c1" "$c2" "$c3"; do
	# shellcheck disable=SC2086
	valgrind --tool=callgrind --callgrind-out-file=/dev/null $c \
	    >/dev/null 2>"$work/cg" || true
	n=$(sed -n 's/.*Collected : //p' "$work/cg")
	echo "| \`$(echo "$c" | sed "s|$bin|certdiag|")\` | $n |"
done
