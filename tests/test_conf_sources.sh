#!/bin/sh
# Server configurations read as deployments, end to end, without the
# servers: Postfix and Dovecot (mail servers), nginx paths certdiag
# cannot follow offline, a syntax error, recognition without --from.
# Every finding about the configuration names its FILE:LINE.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$TMP"

pki_cert root --ca --subject "/CN=Sources Test Root"
pki_cert mail --issuer root --subject "/CN=mail.test" --san DNS:mail.test
pki_cert www --issuer root --subject "/CN=www.test" --san DNS:www.test
pki_key ec other.key
cat www.pem www.key > www-combined.pem
chmod 600 www-combined.pem

# json_has JQ DESCRIPTION
json_has() { expect_json "$1" "$2"; }

# ---- Postfix: recognised by its name; $var expanded ----
mkdir postfix
cat > postfix/main.cf <<EOF
# main.cf
myhostname = mail.test
tls_dir = $TMP
smtpd_tls_cert_file = \${tls_dir}/mail.pem
smtpd_tls_key_file =
    \$tls_dir/mail.key
EOF
run check postfix/main.cf --ca root.pem -f json
expect_status 0 "postfix: main.cf sniffed, one good deployment"
json_has '.deployments | length == 1' "postfix: one deployment"
json_has '.deployments[0].name | startswith("postfix smtpd mail.test")' \
    "postfix: named after myhostname"
json_has '[.deployments[0].files[] | .path] | index("'"$TMP"'/mail.key") != null' \
    "postfix: the key file expanded from \$tls_dir"

# ---- Dovecot: a key mismatch; a variable in a local_name block ----
cat > dovecot.conf <<EOF
ssl = required
ssl_cert = <$TMP/mail.pem
ssl_key = <$TMP/other.key
local_name x.test {
  ssl_cert = <\$var
}
EOF
run check --from dovecot dovecot.conf --ca root.pem -f json
expect_status 2 "dovecot: key mismatch fails"
json_has '.deployments[0].name == "dovecot server (dovecot.conf:2)"' \
    "dovecot: deployment named with FILE:LINE"
json_has '[.findings[] | select(.id == "source-unsupported" and .file == "dovecot.conf:5")] | length == 1' \
    "dovecot: the variable reported at dovecot.conf:5"
expect_finding key-mismatch fail

# ---- nginx: a path with a variable, a regular-expression name ----
cat > nginx.conf <<EOF
events {}
http {
	server {
		listen 127.0.0.1:8443 ssl;
		server_name ~^(?<sub>.+)\.test\$ www.test;
		ssl_certificate $TMP/www.pem;
		ssl_certificate_key $TMP/www.key;
	}
	server {
		listen 127.0.0.1:8443 ssl;
		ssl_certificate /etc/ssl/\$ssl_server_name.crt;
		ssl_certificate_key /etc/ssl/\$ssl_server_name.key;
	}
}
EOF
run check nginx.conf --ca root.pem -f json
expect_status 1 "nginx: sniffed by name; the variable path warns"
json_has '[.deployments[] | select(.kind == "nginx")] | length == 1' \
    "nginx: the checkable server only"
json_has '[.deployments[] | select(.kind == "nginx")][0].names == ["www.test"]' \
    "nginx: the regular expression name left out"
json_has '[.findings[] | select(.id == "source-unsupported" and .severity == "info" and .file == "nginx.conf:5")] | length == 1' \
    "nginx: regular expression noted at nginx.conf:5"
json_has '[.findings[] | select(.id == "source-unsupported" and .severity == "warn" and .file == "nginx.conf:11")] | length == 1' \
    "nginx: variable path at nginx.conf:11"

# ---- nginx: a syntax error stops the reading, naming the line ----
printf 'http {\n  server {\n    listen 443 ssl\n  }\n}\n' > broken.conf
run check --from nginx broken.conf -f json
expect_status 3 "nginx: a syntax error is incomplete"
json_has '[.findings[] | select(.id == "source-syntax" and .file == "broken.conf:4")] | length == 1' \
    "nginx: source-syntax at broken.conf:4"
run check --from nginx absent.conf
expect_status 3 "nginx: an unreadable configuration"
expect_out "absent.conf"

# ---- Apache: the key in the certificate file ----
cat > httpd.conf <<EOF
<VirtualHost *:443>
	ServerName www.test
	SSLEngine on
	SSLCertificateFile $TMP/www-combined.pem
</VirtualHost>
EOF
run check httpd.conf --ca root.pem -f json
expect_status 0 "apache: certificate and key in one file"
json_has '.deployments[0].listen == "*:443"' "apache: listen address from <VirtualHost>"

# ---- nginx: an encrypted key opened by ssl_password_file, every line
# tried in turn as nginx does; --pass, when given, is used instead ----
openssl pkey -in www.key -aes256 -passout pass:right-one -out www-enc.key 2>/dev/null
chmod 600 www-enc.key
printf 'wrong-one\nright-one\n' > passwords
printf 'wrong-one\nwrong-two\n' > wrong-passwords
for pf in passwords wrong-passwords; do
	cat > nginx-$pf.conf <<EOF
events {}
http {
	server {
		listen 127.0.0.1:8443 ssl;
		server_name www.test;
		ssl_certificate $TMP/www.pem;
		ssl_certificate_key $TMP/www-enc.key;
		ssl_password_file $TMP/$pf;
	}
}
EOF
done
run check --from nginx nginx-passwords.conf --ca root.pem -f json
expect_status 0 "nginx: the key opens with the second line of ssl_password_file"
expect_no_finding password-required
expect_json '[.deployments[0].objects[] | select(.kind == "private-key")] | length == 1' \
    "nginx: the key was loaded"
run check --from nginx nginx-wrong-passwords.conf --ca root.pem -f json
expect_status 3 "nginx: no line of ssl_password_file opens the key"
expect_finding password-required
if grep -q 'right-one\|wrong-one\|wrong-two' "$TMP/out" "$TMP/err"; then
	fail "a password from the file was printed"
else
	ok "no password printed"
fi
run check --from nginx nginx-wrong-passwords.conf --ca root.pem -f json \
    --pass pass:right-one
expect_status 0 "nginx: --pass is used over the password file"

done_testing
