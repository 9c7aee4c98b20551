#!/bin/sh
# Every option knows the commands it applies to: given to another one it
# is a usage error (exit 3) naming the option and the command, never
# silently ignored.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$TMP"
: > a.pem

not_for() { # OPTION COMMAND ARGS...
	_o=$1; _c=$2; shift 2
	run "$_c" "$@"
	expect_status 3 "$_c $_o"
	expect_err "$_o does not apply to $_c"
	if [ -e "$TMP/x.pem" ]; then fail "$_c $_o wrote x.pem"; rm -f "$TMP/x.pem"; fi
}
not_for --emit-chain show --emit-chain x.pem a.pem
not_for --fetch-aia scan --fetch-aia .
not_for --fetch-aia scan --fetch-aia --emit-chain x.pem .
not_for --ca explain --ca root.pem "unable to get local issuer certificate"
not_for --staged check --staged a.pem
not_for --host show -H www.example.com a.pem
not_for --connect show --connect 127.0.0.1:1 a.pem

# What does apply is still accepted (the file is empty: exit 3, no usage
# error).
run show --at @0 -q a.pem
expect_status 3 "show with its own options"
expect_no_out "does not apply"
if grep -q "does not apply" "$TMP/err"; then fail "show -q --at refused"; else ok "show -q --at accepted"; fi
done_testing
