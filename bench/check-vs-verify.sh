#!/bin/sh
# One `certdiag check` of a cert, key and chain with --host, against a
# single `openssl verify` process on the same files (issue target: no
# slower). The system trust store stays enabled, as a user would run it,
# so its lazy hashed-directory lookup is part of what is measured.
#
# usage: bench/check-vs-verify.sh [BUILDDIR]     (needs hyperfine)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src}
bin=$build/src/certdiag
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
"$src/fixtures/gen.sh" "$work/fx" >/dev/null 2>&1
cd "$work/fx"
# The test root is not in the system store: both commands are given it
# the way a site gives a private CA.
hyperfine -N --warmup 5 --runs 200 --export-markdown "$work/table.md" \
    "openssl verify -CAfile root.pem -untrusted chain.pem leaf.pem" \
    "$bin check --ca root.pem --host www.example.test leaf.pem leaf.key chain.pem" \
    >/dev/null
sed "s|$bin|certdiag|" "$work/table.md"
