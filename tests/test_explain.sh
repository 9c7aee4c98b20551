#!/bin/sh
# certdiag explain: text from arguments and from standard input, text and
# JSON output, exit status for known, partly known and unknown text.
. "${top_srcdir:-.}/tests/lib.sh"
need jq

# stdin_run FILE ARGS...: like run, with FILE as standard input.
stdin_run() {
	_in=$1; shift
	LAST_CMD="certdiag $* < $_in"
	RC=0
	"$CERTDIAG" "$@" <"$_in" >"$TMP/out" 2>"$TMP/err" || RC=$?
}

# An unquoted paste arrives as many words: they are one message.
run explain curl: "(60)" SSL certificate problem: unable to get local issuer certificate
expect_status 0 "unquoted curl message"
expect_out "unable-to-get-local-issuer: "
expect_out "Likely causes, most likely first:"
expect_out "Confirm: certdiag "
expect_out "Fix: "
expect_no_out "curl-peer-verification"

run explain -f json "verify error:num=62:hostname mismatch"
expect_status 0 "verify error by number, JSON"
expect_json '.schema == 1' "schema 1"
expect_json '.explanations | length == 1' "one explanation"
expect_json '.explanations[0].id == "hostname-mismatch"' "id"
expect_json '.explanations[0].matched == "verify error:num=62:hostname mismatch"' \
    "matched text"
expect_json '.explanations[0].causes | length >= 3' "causes listed"
expect_json '.explanations[0].confirm | startswith("certdiag ")' \
    "confirm is a certdiag command"
expect_json '.explanations[0].fix | length > 0' "fix"

# Several messages pasted at once, from standard input.
cat >"$TMP/paste" <<'PASTE'
CONNECTED(00000003)
depth=0 CN = www.example.test
verify error:num=20:unable to get local issuer certificate
verify return:1
40E7C1B7:error:0A000418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca:../ssl/record/rec_layer_s3.c:1584:SSL alert number 48
nginx: [emerg] SSL_CTX_use_PrivateKey("/etc/nginx/key.pem") failed (SSL: error:05800074:x509 certificate routines::key values mismatch)
PASTE
stdin_run "$TMP/paste" explain -f json
expect_status 0 "three messages on standard input"
expect_json '[.explanations[].id] == ["unable-to-get-local-issuer", "unknown-ca", "key-values-mismatch"]' \
    "each explained, in order"
expect_json '.unrecognized == []' "nothing left over"

# A server-side log: the clue puts "the client rejected" first and the
# JSON says which clue decided. Without it the static order stays.
run explain -f json "imap-login: SSL_accept() failed: error:0A000412:SSL routines::sslv3 alert bad certificate"
expect_status 0 "server-side bad certificate"
expect_json '.explanations[0].id == "bad-certificate"' "server-side id"
expect_json '.explanations[0].causes[0] | startswith("you are the server here")' \
    "client rejected our certificate first"
expect_json '.explanations[0].clue | contains("ssl_accept")' "deciding clue"
run explain -f json "error:0A000412:SSL routines::sslv3 alert bad certificate"
expect_json '(.explanations[0].causes[0] | startswith("you are the server") | not) and (.explanations[0] | has("clue") | not)' \
    "no clue, static order"
run explain "x509: certificate has expired or is not yet valid: current time 2022-05-27T17:18:31Z is before 2022-05-27T20:50:00Z"
expect_out "certificate-not-yet-valid"

# The program that printed it is a clue: Docker Hub serves a complete,
# publicly trusted chain, so a proxy or the client's store comes first;
# the confirm command names the host from the paste.
run explain -f json 'Error response from daemon: Get https://registry-1.docker.io/v2/: x509: certificate signed by unknown authority'
expect_status 0 "docker hub"
expect_json '.explanations[0].id == "go-unknown-authority"' "docker hub id"
expect_json '.explanations[0].causes[0] | contains("TLS-inspecting proxy")' \
    "proxy first for a public registry"
expect_json '.explanations[0].clue | contains("Docker Hub")' "docker clue"
expect_json '.explanations[0].confirm == "certdiag connect registry-1.docker.io"' \
    "host filled in"
run explain -f json 'x509: certificate signed by unknown authority'
expect_json '(.explanations[0] | has("clue") | not) and (.explanations[0].confirm == "certdiag connect example.com")' \
    "no clue, placeholder kept"
# A file from the paste, shell-quoted.
run explain -f json "unable to load SSL private key from PEM file '/etc/haproxy/my site.pem'."
expect_json '.explanations[0].confirm == "certdiag show '"'"'/etc/haproxy/my site.pem'"'"'"' \
    "a quoted path with a space, shell-quoted"
run explain -f json "[ssl:emerg] AH02577: Init: SSLPassPhraseDialog builtin is not supported on Win32 (key file ~/conf/site-crt.pem)"
expect_json '.explanations[0].id == "key-file-not-a-key"' "apache key file"
expect_json '.explanations[0].confirm | startswith("certdiag show '"'"'~/conf/site-crt.pem'"'"' ")' \
    "file quoted"

# Unknown text: said so, exit 3.
run explain "the weather is fine"
expect_status 3 "unknown text"
expect_err "no known error message"
printf 'something odd failed\n' >"$TMP/odd"
stdin_run "$TMP/odd" explain
expect_status 3 "unknown text on standard input"
expect_out "Not recognized:"
expect_out '"something odd failed"'

# Partly known: the known part is explained, the rest listed; the key
# line explains the paste, so exit 0.
printf 'no shared cipher\nmysterious error 42\n' >"$TMP/mixed"
stdin_run "$TMP/mixed" explain -f json
expect_status 0 "partly known text"
expect_json '.explanations[0].id == "no-shared-cipher"' "known part explained"
expect_json '.unrecognized == ["mysterious error 42"]' "unknown part listed"

# Options come before the text; words of the text are not options.
run explain curl -k said: wrong version number
expect_status 0 "text with an option-like word"
expect_out "wrong-version-number: "

run explain -f nagios "no shared cipher"
expect_status 3 "nagios format refused"
expect_err "--format is text or json"

# Standard input is capped.
head -c 1100000 /dev/zero | tr '\0' 'x' >"$TMP/big"
stdin_run "$TMP/big" explain
expect_status 3 "input over 1 MiB"
expect_err "larger than 1 MiB"

: >"$TMP/empty"
stdin_run "$TMP/empty" explain
expect_status 3 "empty input"

run explain --help
expect_status 0 "explain --help"
expect_out "usage: certdiag explain"

done_testing
