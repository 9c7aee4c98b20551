/* The knowledge base of `certdiag explain`: every error text it knows, in
 * one table. Patterns are lowercase substrings ('*' = any run within a
 * line); an entry with a verify_code also matches OpenSSL's numbered forms
 * and OpenSSL's own text for that code. Ids are public (certdiag.1).
 * tests/check_explain.c holds a sample log line for every entry. */
#include "config.h"

#include "explain.h"

/* A server-side log (our side accepted the connection): the alert came
 * from the client, which rejected the certificate we sent. */
#define SERVER_SIDE(pat) { .pattern = (pat), \
	.cause = "you are the server here: the client rejected your " \
	    "certificate (its trust store lacks your CA, you do not send " \
	    "the intermediate, or the name does not match what it asked " \
	    "for)", \
	.clue = "a server-side log (\"" pat "\"): the alert came from the " \
	    "client" }

/* The paste names a public service (a package or image registry) whose
 * chain is complete and trusted everywhere: the missing trust is on the
 * client's side of the wire, not in the server's configuration. */
#define PUBLIC_SERVICE(pat, what) { .pattern = (pat), \
	.cause = "the server is " what ", whose chain is complete and " \
	    "publicly trusted: a TLS-inspecting proxy (corporate proxy, " \
	    "antivirus, VPN) re-signs the traffic with a root this client's " \
	    "trust store lacks, or that trust store is missing or out of " \
	    "date", \
	.clue = "the paste names " what " (\"" pat "\")" }

/* A client runtime known to carry (or miss) its own CA bundle: when it
 * cannot verify, its trust store is the first suspect. */
#define OWN_TRUST_STORE(pat, who, how) { .pattern = (pat), \
	.cause = who "'s trust store lacks the root or is missing: " how, \
	.clue = "printed by " who " (\"" pat "\"), which uses a CA bundle " \
	    "of its own" }

const struct kb_entry explain_kb[] = {

/* ---- OpenSSL certificate verification errors (X509_V_ERR_*) ---- */

{
	.id = "unable-to-get-issuer",
	.verify_code = 2,
	.patterns = { "unable_to_get_issuer_cert",
	    "sec_e_untrusted_root",
	    "cert_trust_is_untrusted_root",
	    NULL },
	.title = "The issuer of a certificate on the chain was not found",
	.causes = {
		"the root CA that issued the last intermediate is not in the "
		"client's trust store (a private or corporate CA, or --CAfile "
		"pointing at the wrong file)",
		"the chain file holds an intermediate from another hierarchy "
		"(an old cross-signed one) whose root the client lacks",
		"the client's CA bundle is out of date",
	},
	.confirm = "certdiag check cert.pem --chain chain.pem --ca root.pem",
	.fix = "Serve a chain that ends at a root the clients trust, and "
	    "install the private root where it is missing: copy it to "
	    "/usr/local/share/ca-certificates/NAME.crt and run "
	    "update-ca-certificates (or give it to the client with "
	    "--cacert / -CAfile).",
},
{
	.id = "certificate-not-yet-valid",
	.verify_code = 9,
	/* Go says "expired or is not yet valid" for both; the time it gives
	 * decides ("current time X is before Y"). Starting where the
	 * certificate-expired pattern does, it hides that match. */
	.patterns = { "cert_not_yet_valid", "certificatenotyetvalidexception",
	    "x509: certificate has expired or is not yet valid: current time "
	    "* is before", NULL },
	.title = "A certificate is not valid yet (its notBefore is in the "
	    "future)",
	.causes = {
		"the clock of the machine reporting the error is behind (no "
		"NTP, a fresh VM or a device with a dead clock battery)",
		"the certificate was deployed minutes after issuance and the "
		"CA backdates less than the clock skew of some clients",
		"a certificate was issued with a wrong start date",
	},
	.confirm = "certdiag check cert.pem --chain chain.pem (and compare "
	    "with `date -u` on the failing machine)",
	.fix = "Fix the clock of the failing machine (timedatectl "
	    "set-ntp true); otherwise wait for notBefore or reissue.",
},
{
	.id = "certificate-expired",
	.verify_code = 10,
	.patterns = { "certificate expired", "cert_has_expired",
	    "certificateexpiredexception",
	    "x509: certificate has expired or is not yet valid",
	    "err_cert_date_invalid",
	    NULL },
	.title = "A certificate on the chain has expired",
	.causes = {
		"the server certificate expired: renewal failed, or it was "
		"renewed but the server was not reloaded and still serves the "
		"old one",
		"an expired intermediate is still in the chain file (e.g. an "
		"old cross-signed intermediate)",
		"the clock of the machine reporting the error is wrong",
		"mutual TLS: the alert 'certificate expired' from the peer "
		"means this side's client certificate expired",
	},
	/* Command-line clients run on old systems whose CA bundle still
	 * holds a root that expired (AddTrust External CA Root in 2020, DST
	 * Root CA X3 in 2021) and build the path through it; browsers and
	 * current systems choose the newer root. */
	.qualifiers = {
		{ .pattern = "ssl certificate problem: certificate has expired",
		  .cause = "an expired root or cross-signed intermediate: this "
		      "client's CA bundle (an old ca-certificates or OpenSSL "
		      "1.0) still builds the path through a root that has "
		      "expired, while the server's own certificate is valid",
		  .clue = "reported by curl or libcurl (\"SSL certificate "
		      "problem\"), which use the system's CA bundle as it is" },
	},
	.confirm = "certdiag connect example.com (what the server serves now) "
	    "and certdiag check cert.pem --chain chain.pem",
	.fix = "Renew the certificate, deploy it and reload the server "
	    "(systemctl reload nginx); replace stale intermediates with the "
	    "current chain (certdiag check cert.pem chain.pem --emit-chain "
	    "fullchain.pem); check the client's clock.",
},
{
	.id = "self-signed-certificate",
	.verify_code = 18,
	.patterns = { "self signed certificate", "depth_zero_self_signed_cert",
	    "err_cert_authority_invalid",
	    NULL },
	.title = "The server's certificate is self-signed",
	.causes = {
		"the server still uses a placeholder certificate (snakeoil, a "
		"default vhost, an appliance's factory certificate)",
		"the request reached another vhost because the name (SNI) did "
		"not match, and that vhost has a self-signed certificate",
		"an internal service uses a self-signed certificate on "
		"purpose and the client was not told to trust it",
	},
	.confirm = "certdiag connect example.com --host example.com",
	.fix = "Install a CA-issued certificate for the name (and fix the "
	    "vhost's server_name); for a deliberately self-signed service, "
	    "pin it on the client (curl --cacert cert.pem, -CAfile, "
	    "certdiag check --ca cert.pem).",
},
{
	.id = "self-signed-in-chain",
	.verify_code = 19,
	/* Firefox preloads the intermediates of public CAs, so its
	 * SEC_ERROR_UNKNOWN_ISSUER mostly means a root it does not know:
	 * an intercepting proxy or antivirus. When it says the server
	 * provided no chain, unable-to-verify-leaf explains it. */
	.patterns = { "self signed certificate in certificate chain",
	    "self_signed_cert_in_chain", "sec_error_unknown_issuer", NULL },
	.title = "The chain ends at a root CA the client does not trust",
	.causes = {
		"a TLS-inspecting proxy or antivirus re-signs traffic with its "
		"own root, which this client (often a language runtime with "
		"its own CA bundle) does not have",
		"the server uses a private CA and sends its root; the client "
		"lacks that root",
		"the client uses its own CA bundle (Python certifi, Node.js, "
		"Java cacerts) instead of the system store",
	},
	.confirm = "certdiag connect example.com (names the root), then "
	    "certdiag check cert.pem --chain chain.pem --ca root.pem",
	.fix = "Add the root to the client's trust store: "
	    "update-ca-certificates for the system, REQUESTS_CA_BUNDLE or "
	    "SSL_CERT_FILE for Python, NODE_EXTRA_CA_CERTS for Node.js, "
	    "keytool -importcert -cacerts for Java.",
},
{
	.id = "unable-to-get-local-issuer",
	.verify_code = 20,
	.patterns = { "unable_to_get_issuer_cert_locally",
	    "unable to locally verify the issuer's authority",
	    "invalid peer certificate: unknownissuer",
	    NULL },
	.title = "The issuer of the server's certificate is neither served "
	    "nor trusted",
	.causes = {
		"the server sends only its own certificate, without the "
		"intermediate (cert.pem configured instead of fullchain.pem)",
		"the client's trust store lacks the root (a private CA, an old "
		"ca-certificates package, a container image without one)",
		"the chain file holds the wrong intermediate (left over from "
		"a previous certificate or another CA)",
	},
	.qualifiers = {
		PUBLIC_SERVICE("npm err", "the npm registry"),
		PUBLIC_SERVICE("npm error", "the npm registry"),
		PUBLIC_SERVICE("registry.npmjs.org", "the npm registry"),
		PUBLIC_SERVICE("github.com", "GitHub"),
		PUBLIC_SERVICE("pypi.org", "the Python package index"),
		PUBLIC_SERVICE("files.pythonhosted.org",
		    "the Python package index"),
		OWN_TRUST_STORE("unknownissuer", "rustls",
		    "it trusts only the roots the application was built with "
		    "or loads (webpki-roots, rustls-native-certs), so a build "
		    "without a root store, a private CA or a TLS-inspecting "
		    "proxy's root is unknown to it"),
		OWN_TRUST_STORE("openssl::ssl::sslerror", "Ruby",
		    "Ruby on Windows has none unless SSL_CERT_FILE names a "
		    "cacert.pem, and an old Ruby's bundle lacks current roots"),
		OWN_TRUST_STORE("fatal: unable to access", "git",
		    "Git for Windows reads its own CA bundle, not the Windows "
		    "store where a corporate or private root was installed "
		    "(git config --global http.sslBackend schannel), and an "
		    "old git's bundle lacks current roots"),
	},
	.confirm = "certdiag connect example.com, or offline: certdiag check "
	    "cert.pem --chain chain.pem --host example.com",
	.fix = "Serve the full chain (nginx: ssl_certificate fullchain.pem; "
	    "Apache 2.4.8+: the chain in SSLCertificateFile); certdiag check "
	    "cert.pem chain.pem --emit-chain fullchain.pem writes it in the "
	    "right order. For a private CA, install its root on the client.",
},
{
	.id = "unable-to-verify-leaf",
	.verify_code = 21,
	.patterns = { "unable_to_verify_leaf_signature",
	    "no issuer chain was provided",
	    "issuer is not recognized",
	    NULL },
	.title = "The server's certificate cannot be verified: its issuer is "
	    "missing",
	.causes = {
		"the server does not send the intermediate certificate(s); "
		"browsers may still work (they cache or fetch intermediates), "
		"curl, Java, Go and Python do not",
		"the chain file holds an intermediate that did not issue this "
		"certificate",
	},
	.confirm = "certdiag connect example.com",
	.fix = "Configure the full chain (leaf first, then each issuer): "
	    "certdiag check cert.pem chain.pem --emit-chain fullchain.pem, "
	    "then point the server at fullchain.pem and reload.",
},
{
	.id = "certificate-signature-failure",
	.verify_code = 7,
	.patterns = { "cert_signature_failure", NULL },
	.title = "A certificate's signature does not verify with its issuer's "
	    "key",
	.causes = {
		"the chain holds an intermediate with the right name but a "
		"different key (the CA re-keyed; an old copy was used)",
		"the certificate file was altered or corrupted",
	},
	.confirm = "certdiag check cert.pem --chain chain.pem",
	.fix = "Download the current intermediate from the CA (certdiag check "
	    "--fetch-aia fetches it from the certificate's AIA URL) and "
	    "rebuild the chain file.",
},
{
	.id = "certificate-revoked",
	.verify_code = 23,
	.patterns = { "alert certificate revoked", "cert_revoked",
	    "certificaterevokedexception", NULL },
	.title = "The certificate has been revoked by its CA",
	.causes = {
		"the CA revoked it (key compromise, mis-issuance, or it was "
		"replaced by a reissue) and the server still serves it",
		"the CRL or OCSP response the client uses is for another "
		"certificate with the same serial (rare)",
	},
	.confirm = "certdiag check cert.pem --chain chain.pem --crl ca.crl, "
	    "and certdiag connect example.com for what is served",
	.fix = "Deploy the replacement certificate, with a new private key if "
	    "the old one may be compromised, and reload the server.",
},
{
	.id = "unsuitable-purpose",
	.verify_code = 26,
	.patterns = { "unsupported certificate purpose", "invalid_purpose",
	    "extendedkeyusage does not permit", NULL },
	.title = "The certificate is not allowed for this use (key usage or "
	    "extended key usage)",
	.causes = {
		"its extendedKeyUsage lacks serverAuth (a client, e-mail or "
		"code-signing certificate used on a server)",
		"for mutual TLS: the client certificate lacks clientAuth",
		"an intermediate's extendedKeyUsage does not include the purpose",
	},
	.confirm = "certdiag check cert.pem --purpose server (or --purpose "
	    "client for a client certificate)",
	.fix = "Reissue the certificate with the right profile "
	    "(extendedKeyUsage = serverAuth, or clientAuth for clients).",
},
{
	.id = "certificate-not-trusted",
	.verify_code = 27,
	.patterns = { "cert_untrusted", NULL },
	.title = "The root certificate is not trusted for this purpose",
	.causes = {
		"the trust store marks the root as not trusted for TLS "
		"(a TRUSTED CERTIFICATE with a reject or narrowed purpose)",
		"the root was added for another use (e-mail, code signing) only",
	},
	.confirm = "certdiag check cert.pem --chain chain.pem --ca root.pem",
	.fix = "Add the root as a plain CERTIFICATE to the trust store "
	    "(update-ca-certificates), or fix its trust settings.",
},
{
	.id = "hostname-mismatch",
	.verify_code = 62,
	.patterns = { "x509: certificate is valid for", "err_tls_cert_altname_invalid",
	    "does not match certificate's altnames",
	    "no alternative certificate subject name matches",
	    "no subject alternative dns name matching",
	    "certificate is not valid for",
	    "doesn't match any of the subject alternative names",
	    "err_cert_common_name_invalid",
	    "remotecertificatenamemismatch",
	    "doesn't match certificate's altnames",
	    "hostname '*' doesn't match",
	    "no subjectaltnames on the certificate match",
	    "notvalidforname",
	    "host name verification failed",
	    "certificate did not match expected hostname",
	    "could not prove that it is *; its security certificate is from",
	    "does not match any of dnsnames",
	    NULL },
	.title = "The certificate does not cover the name the client asked for",
	.causes = {
		"the name is missing from the subjectAltName list (www. or "
		"the bare domain forgotten, a name added after issuance)",
		"the client reached another vhost's certificate: SNI did not "
		"match any server_name, or the client sends no SNI",
		"a wildcard covers one label only: *.example.com covers "
		"a.example.com, not example.com or a.b.example.com",
		"the client connects by IP address or an internal alias",
	},
	/* Python's single-name wording: the certificate is for one other
	 * host of the server, typically its default; Python 2 before 2.7.9
	 * sent no SNI. */
	.qualifiers = {
		{ .pattern = "' doesn't match '",
		  .cause = "the client sent no SNI, so the server answered with "
		      "its default certificate (Python 2 before 2.7.9, and "
		      "requests/urllib3 on it without pyOpenSSL, do not send "
		      "the name)",
		  .clue = "Python's single-name wording (\"doesn't match "
		      "'...'\"): the certificate is another host's" },
	},
	.confirm = "certdiag check cert.pem --host NAME (offline), certdiag "
	    "connect example.com --host NAME (what the server serves)",
	.fix = "Reissue the certificate with every name clients use, or "
	    "make the vhost for that name serve the right certificate; "
	    "connect with a name the certificate covers.",
},
{
	.id = "ip-address-mismatch",
	.verify_code = 64,
	.patterns = { "no subject alternative names matching ip address",
	    "cannot validate certificate for",
	    "no subject alternative names present",
	    /* Python, urllib3, Chrome and etcd name the host checked; a
	     * leading digit is an IP address. Reaching past the end of
	     * hostname-mismatch's match at the same place, these hide it. */
	    "hostname '0*' doesn't match ",
	    "hostname '1*' doesn't match ",
	    "hostname '2*' doesn't match ",
	    "hostname '3*' doesn't match ",
	    "hostname '4*' doesn't match ",
	    "hostname '5*' doesn't match ",
	    "hostname '6*' doesn't match ",
	    "hostname '7*' doesn't match ",
	    "hostname '8*' doesn't match ",
	    "hostname '9*' doesn't match ",
	    "certificate did not match expected hostname: 0",
	    "certificate did not match expected hostname: 1",
	    "certificate did not match expected hostname: 2",
	    "certificate did not match expected hostname: 3",
	    "certificate did not match expected hostname: 4",
	    "certificate did not match expected hostname: 5",
	    "certificate did not match expected hostname: 6",
	    "certificate did not match expected hostname: 7",
	    "certificate did not match expected hostname: 8",
	    "certificate did not match expected hostname: 9",
	    "could not prove that it is 0*; its security certificate is from ",
	    "could not prove that it is 1*; its security certificate is from ",
	    "could not prove that it is 2*; its security certificate is from ",
	    "could not prove that it is 3*; its security certificate is from ",
	    "could not prove that it is 4*; its security certificate is from ",
	    "could not prove that it is 5*; its security certificate is from ",
	    "could not prove that it is 6*; its security certificate is from ",
	    "could not prove that it is 7*; its security certificate is from ",
	    "could not prove that it is 8*; its security certificate is from ",
	    "could not prove that it is 9*; its security certificate is from ",
	    "\"0*\" does not match any of dnsnames",
	    "\"1*\" does not match any of dnsnames",
	    "\"2*\" does not match any of dnsnames",
	    "\"3*\" does not match any of dnsnames",
	    "\"4*\" does not match any of dnsnames",
	    "\"5*\" does not match any of dnsnames",
	    "\"6*\" does not match any of dnsnames",
	    "\"7*\" does not match any of dnsnames",
	    "\"8*\" does not match any of dnsnames",
	    "\"9*\" does not match any of dnsnames",
	    NULL },
	.title = "The client connected by IP address and the certificate has "
	    "no matching IP entry",
	.causes = {
		"the client uses an IP address instead of the DNS name",
		"the certificate was meant to include an IP subjectAltName "
		"and does not",
	},
	.confirm = "certdiag check cert.pem --host 192.0.2.10",
	.fix = "Connect by a DNS name the certificate covers, or reissue with "
	    "subjectAltName = IP:192.0.2.10.",
},
{
	.id = "ee-key-too-small",
	.verify_code = 66,
	.patterns = { "ee key too small", NULL },
	.title = "The server (or client) certificate's key is too weak for "
	    "this OpenSSL's security level",
	.causes = {
		"the certificate has an RSA or DSA key below 2048 bits, which "
		"OpenSSL rejects at security level 2 (Debian's default)",
		"an EC key on a curve below 224 bits",
	},
	.confirm = "certdiag check cert.pem (finding weak-key)",
	.fix = "Create a new key and reissue: openssl req -new -newkey "
	    "rsa:3072 -nodes -keyout new.key -out new.csr (or -newkey ec "
	    "-pkeyopt ec_paramgen_curve:P-256).",
},
{
	.id = "ca-key-too-small",
	.verify_code = 67,
	.patterns = { "ca key too small", NULL },
	.title = "A CA certificate on the chain has a key too weak for this "
	    "OpenSSL's security level",
	.causes = {
		"an old private CA with a 1024-bit RSA key",
		"a legacy intermediate or root left in the chain file",
	},
	.confirm = "certdiag check cert.pem --chain chain.pem (findings "
	    "weak-key, security-level)",
	.fix = "Remove legacy certificates from the chain; replace a weak "
	    "private CA with a new one (RSA 3072 or EC P-256) and reissue.",
},
{
	.id = "ca-md-too-weak",
	.verify_code = 68,
	.patterns = { "ca md too weak", NULL },
	.title = "A certificate on the chain is signed with SHA-1 or MD5",
	.causes = {
		"an intermediate or the leaf was signed with SHA-1 (an old "
		"private CA, or a legacy cross-signed intermediate still in "
		"the chain file); OpenSSL 3 rejects SHA-1 at security level 1 "
		"and above",
		"a self-made CA created with -md sha1 or an old default",
	},
	.confirm = "certdiag check cert.pem --chain chain.pem (findings "
	    "weak-signature, security-level)",
	.fix = "Reissue with SHA-256 (openssl x509/ca -sha256) and drop "
	    "SHA-1 intermediates from the chain. A client-side "
	    "DEFAULT:@SECLEVEL=0 is a stopgap only.",
},
{
	.id = "verify-error",
	.verify_code = KB_ANY_VERIFY_CODE,
	.title = "OpenSSL rejected a certificate on the chain",
	.causes = {
		"the certificate or an issuer violates the rule OpenSSL names "
		"in the message",
		"the chain the server sends is not the one intended (wrong or "
		"extra intermediates)",
	},
	.confirm = "certdiag check cert.pem --chain chain.pem --host "
	    "example.com",
	.fix = "Follow the hint of the failing finding certdiag reports; it "
	    "names the certificate and the fix.",
},

/* ---- summaries and wrappers: explained when no reason is given ---- */

{
	.id = "certificate-verify-failed",
	.detail = DETAIL_SUMMARY,
	.patterns = { "certificate verify failed",
	    "certificate_verify_failed", NULL },
	.title = "The peer's certificate chain did not verify (the reason is "
	    "in the verify error, often on another line)",
	/* The bare summary, without a reason, comes from runtimes that
	 * carry their own trust store (Ruby, PHP, Perl, Python 2): that
	 * store is the commonest culprit. */
	.causes = {
		"the client's trust store lacks the root: the runtime uses a "
		"CA bundle of its own that is missing or out of date (Ruby on "
		"Windows, PHP without openssl.cafile, an old Python or Perl), "
		"a private CA, or a TLS-inspecting proxy",
		"the server does not send its intermediate certificate",
		"a certificate on the chain has expired",
		"the certificate does not cover the host name",
	},
	.confirm = "certdiag connect example.com --host example.com, or "
	    "offline: certdiag check cert.pem --chain chain.pem --host "
	    "example.com",
	.fix = "Apply the fix for the failing finding certdiag reports; "
	    "openssl s_client -connect example.com:443 -servername "
	    "example.com prints the verify error number if you need it.",
},
{
	.id = "curl-peer-verification",
	.detail = DETAIL_WRAPPER,
	.patterns = { "curl: (60)", "curl error 60", "curle_peer_failed_verification",
	    "ssl certificate problem", "ssl peer certificate or ssh remote key",
	    NULL },
	.title = "curl could not verify the server's certificate (error 60)",
	.causes = {
		"the intermediate certificate is not served",
		"curl's CA bundle lacks the root (private CA, curl built with "
		"its own bundle, --cacert pointing elsewhere)",
		"the certificate expired or does not cover the name",
	},
	.confirm = "certdiag connect example.com --host example.com",
	.fix = "Fix what certdiag reports on the server; for a private CA "
	    "give curl the root: curl --cacert root.pem (never -k in "
	    "production).",
},
{
	.id = "curl-connect-error",
	.detail = DETAIL_WRAPPER,
	.patterns = { "curl: (35)", "curl error 35", "curle_ssl_connect_error",
	    NULL },
	.title = "curl's TLS handshake failed (error 35)",
	.causes = {
		"no common protocol version or cipher with the server",
		"the server requires a client certificate",
		"the port does not speak TLS, or a middlebox reset the "
		"connection",
	},
	.confirm = "certdiag connect example.com:443 (probes versions and "
	    "ciphers, names the alert)",
	.fix = "Apply the fix for the cause certdiag reports; curl -v shows "
	    "the TLS alert that ended the handshake.",
},
{
	.id = "curl-ca-file",
	.patterns = { "error setting certificate verify locations",
	    "curl: (77)", "curl error 77",
	    /* curl with Secure Transport reading the bundle */
	    "invalid ca certificate #", NULL },
	.title = "curl could not read its CA file or directory (error 77)",
	.causes = {
		"the --cacert / CURL_CA_BUNDLE / SSL_CERT_FILE path does not "
		"exist, is not readable, or holds something other than PEM "
		"certificates",
		"the ca-certificates package is not installed (minimal "
		"container images)",
	},
	.confirm = "certdiag show /etc/ssl/certs/ca-certificates.crt (or the "
	    "file named in the message)",
	.fix = "Install ca-certificates (apt-get install ca-certificates) or "
	    "point --cacert at an existing PEM bundle.",
},

/* ---- handshake failures (libssl) ---- */

{
	.id = "no-protocols-available",
	.patterns = { "no protocols available", NULL },
	.title = "This side has no TLS version left to offer",
	.causes = {
		"the application pins TLS 1.0 or 1.1 (-tls1, ssl_protocols "
		"TLSv1), which OpenSSL 3 disables at security level 1 and "
		"above",
		"MinProtocol/MaxProtocol in openssl.cnf and the application's "
		"own limits exclude each other",
	},
	.confirm = "certdiag connect example.com (lists the versions each "
	    "side speaks)",
	.fix = "Allow TLS 1.2 and 1.3 (nginx: ssl_protocols TLSv1.2 "
	    "TLSv1.3;). For one legacy peer only: -tls1 -cipher "
	    "'DEFAULT:@SECLEVEL=0'.",
},
{
	.id = "unsupported-protocol",
	.patterns = { "unsupported protocol", "no appropriate protocol",
	    "routines::version too low",
	    NULL },
	.title = "The peer offered only a TLS version this side refuses",
	.causes = {
		"the server speaks only TLS 1.0/1.1 (or SSLv3), which OpenSSL "
		"3 and current Java refuse by default",
		"this side's MinProtocol (openssl.cnf, jdk.tls.disabledAlgorithms) "
		"is above what the peer supports",
	},
	.confirm = "certdiag connect example.com",
	.fix = "Upgrade the peer to TLS 1.2 or 1.3. As a stopgap for one "
	    "client: MinProtocol = TLSv1 and CipherString = "
	    "DEFAULT:@SECLEVEL=0 in its own OpenSSL configuration.",
},
{
	.id = "wrong-version-number",
	.patterns = { "wrong version number", "packet length too long",
	    "packet_length_too_long",
	    "ssl_error_rx_record_too_long",
	    "first record does not look like a tls handshake",
	    /* OpenSSL 1.0's SSL23 state machine, on either side */
	    "hello:unknown protocol",
	    /* Safari's one page for every failed handshake */
	    "could not establish a secure connection to the server",
	    "can\xe2\x80\x99t establish a secure connection to the server",
	    "can't establish a secure connection to the server",
	    NULL },
	.title = "The other end does not speak TLS on this port",
	.causes = {
		"the port serves plain HTTP or another plain-text protocol "
		"(https:// to port 80, or to a backend without TLS)",
		"the protocol needs STARTTLS first (SMTP 25/587, IMAP 143, "
		"POP3 110, FTP 21)",
		"a proxy setting uses https:// for a plain HTTP proxy",
	},
	.qualifiers = {
		{ .pattern = "safari",
		  .cause = "the handshake failed: Safari shows this page when "
		      "the port does not speak TLS, when no TLS version or "
		      "cipher is shared, and when macOS refuses the "
		      "certificate outright (see macos-cert-requirements)",
		  .clue = "Safari's message, which does not say why" },
	},
	.confirm = "certdiag connect example.com:PORT (add --starttls smtp "
	    "for mail ports)",
	.fix = "Connect to the TLS port (443, 465, 993, 995) or use STARTTLS; "
	    "set HTTPS_PROXY=http://proxy:3128 for a plain proxy.",
},
{
	.id = "no-shared-cipher",
	.patterns = { "no shared cipher", "no_shared_cipher",
	    "no cipher suites in common", NULL },
	.title = "Client and server have no cipher suite in common (server "
	    "side)",
	.causes = {
		"the server has no usable certificate and key for what the "
		"client offers (only an ECDSA certificate for an RSA-only "
		"client, or the key failed to load)",
		"the server's cipher list is too narrow, or the client's is "
		"too old",
		"the security level excludes every suite the client offers",
	},
	.confirm = "certdiag check cert.pem key.pem, then certdiag connect "
	    "example.com (probes the cipher families)",
	.fix = "Make sure the certificate and key load and match; use a "
	    "current cipher configuration (Mozilla 'intermediate'); add an "
	    "RSA certificate next to the ECDSA one for old clients.",
},
{
	.id = "handshake-failure",
	.patterns = { "alert handshake failure", "handshake_failure",
	    "sslv3_alert_handshake_failure",
	    "received alert [40]",
	    "gnutls_handshake() failed: handshake failed",
	    NULL },
	.title = "The peer aborted the handshake (handshake_failure alert)",
	.causes = {
		"no common protocol version, cipher suite, group or signature "
		"algorithm: an old client or server (TLS 1.0/1.1 only, an old "
		"OpenSSL or libcurl) or a narrow cipher list",
		"the server needs SNI and got none or an unknown name",
		"the server requires a client certificate (TLS 1.2) and none "
		"was sent",
		"the server cannot use its own certificate or key",
	},
	.qualifiers = {
		{ .pattern = "connected(0",
		  .cause = "the server needs SNI: openssl s_client before 1.1.1 "
		      "sends no server name unless given -servername, and "
		      "none is sent when connecting by IP address",
		  .clue = "openssl s_client output (\"CONNECTED(\")" },
	},
	.confirm = "certdiag connect example.com --servername example.com",
	.fix = "Apply the fix for the cause certdiag reports: align cipher "
	    "settings, send SNI (the host name, not an IP), or present a "
	    "client certificate.",
},
{
	.id = "unknown-ca",
	.patterns = { "alert unknown ca", "unknown_ca", NULL },
	.title = "The peer does not trust the CA that issued our certificate",
	.causes = {
		"mutual TLS: the server's client-CA file (nginx "
		"ssl_client_certificate) lacks the client certificate's CA",
		"our side does not send its intermediate, so the peer cannot "
		"reach a root it trusts",
		"the peer trusts an old CA that was replaced",
	},
	.qualifiers = {
		SERVER_SIDE("ssl_accept"),
		SERVER_SIDE("imap-login"),
		SERVER_SIDE("rejected connection from"),
		SERVER_SIDE("generated client alert"),
		SERVER_SIDE("tls handshake error from"),
		SERVER_SIDE("smtpd["),
	},
	.confirm = "certdiag check client.pem --key client.key --chain "
	    "chain.pem --ca peer-ca.pem --purpose client",
	.fix = "Give the peer the issuing CA (or send the full chain with "
	    "the certificate); the alert comes from the side that rejected "
	    "the certificate.",
},
{
	.id = "bad-certificate",
	.patterns = { "alert bad certificate", "bad_certificate",
	    "alert certificate unknown", "certificate_unknown",
	    "remote error: tls: bad certificate",
	    "remote error: bad certificate",
	    "remote error: tls: unknown certificate",
	    NULL },
	.title = "The peer rejected the certificate it received",
	.causes = {
		"mutual TLS: the client certificate is expired, lacks "
		"clientAuth, or its chain is incomplete",
		"the client (often Java) rejected the server certificate and "
		"told the server with this alert",
	},
	.qualifiers = {
		SERVER_SIDE("ssl_accept"),
		SERVER_SIDE("imap-login"),
		SERVER_SIDE("rejected connection from"),
		SERVER_SIDE("generated client alert"),
		SERVER_SIDE("tls handshake error from"),
		SERVER_SIDE("smtpd["),
		SERVER_SIDE("cannot handshake client"),
		/* OpenSSL servers answer a bad client certificate with
		 * bad_certificate or unknown_ca; certificate_unknown is what
		 * Java, Android and browser clients send. */
		{ .pattern = "alert certificate unknown",
		  .cause = "most likely the client rejected the server's "
		      "certificate: certificate_unknown is the alert Java, "
		      "Android and browser clients send when they do not trust "
		      "it (a missing intermediate, a private CA, a name "
		      "mismatch); if you are the client, the server rejected "
		      "your client certificate",
		  .clue = "the alert is certificate_unknown, which clients send" },
	},
	.confirm = "certdiag check client.pem --key client.key --purpose "
	    "client, or certdiag connect example.com for the server side",
	.fix = "Fix the certificate the peer rejected: renew it, add "
	    "clientAuth/serverAuth, or send its chain.",
},
{
	.id = "protocol-version",
	.patterns = { "alert protocol version", "protocol_version",
	    "could not create ssl/tls secure channel",
	    "eof occurred in violation of protocol",
	    NULL },
	.title = "The peer refused the TLS version offered",
	.causes = {
		"this client offers only TLS 1.0/1.1 and the server requires "
		"TLS 1.2 or newer",
		"the server is old and this client requires TLS 1.2 or 1.3",
	},
	.confirm = "certdiag connect example.com (versions accepted by the "
	    "server)",
	.fix = "Enable TLS 1.2/1.3 on the side that lacks it; update the old "
	    "client or server.",
},
{
	.id = "certificate-required",
	.patterns = { "alert certificate required", "certificate_required",
	    "no required ssl certificate was sent",
	    "received alert [116]",
	    NULL },
	.title = "The server requires a client certificate and none was sent",
	.causes = {
		"the client has no certificate configured (curl --cert/--key, "
		"proxy_ssl_certificate, a keystore)",
		"the client has one, but its issuer is not in the server's list "
		"of acceptable CAs, so the client sent none",
		"the client's certificate or key failed to load",
	},
	.confirm = "certdiag connect example.com (lists the CAs the server "
	    "accepts), certdiag check client.pem --key client.key --purpose "
	    "client",
	.fix = "Configure a client certificate issued by one of the "
	    "acceptable CAs: curl --cert client.pem --key client.key.",
},
{
	.id = "key-values-mismatch",
	.patterns = { "key values mismatch", "ssl_ctx_use_privatekey",
	    "x509_check_private_key",
	    "private key does not match public key",
	    "certificate and private key * do not match", NULL },
	.title = "The private key does not belong to the certificate",
	.causes = {
		"the key is from another request or renewal (a renewed "
		"certificate next to the old key, or the other way round)",
		"the certificate file starts with an intermediate instead of "
		"the leaf",
		"the key file could not be read at all (encrypted, wrong "
		"format, wrong path)",
	},
	.confirm = "certdiag check cert.pem --key key.pem (and --previous "
	    "old.pem after a renewal)",
	.fix = "Configure the key whose public key is in the certificate "
	    "(certdiag names the match among the files given); put the leaf "
	    "first in the certificate file.",
},
{
	.id = "dh-key-too-small",
	.patterns = { "dh key too small", "dh_key_too_small",
	    "dhpublickey does not comply to algorithm constraints", NULL },
	.title = "The server's Diffie-Hellman parameters are too small",
	.causes = {
		"the server uses DHE with 1024-bit (or smaller) parameters; "
		"OpenSSL at security level 2 needs 2048",
		"an old appliance or Java server with built-in DH parameters",
	},
	.confirm = "certdiag connect example.com",
	.fix = "On the server: prefer ECDHE, or generate 2048-bit parameters "
	    "(openssl dhparam -out dhparam.pem 2048; ssl_dhparam). On one "
	    "client as a stopgap: -cipher 'DEFAULT:!DHE'.",
},
{
	.id = "unsafe-legacy-renegotiation",
	.patterns = { "unsafe legacy renegotiation disabled", NULL },
	.title = "The server does not support secure renegotiation (RFC 5746)",
	.causes = {
		"an old server or TLS middlebox without RFC 5746 support; "
		"OpenSSL 3 refuses it by default",
	},
	.confirm = "certdiag connect example.com",
	.fix = "Upgrade the server or middlebox. For one client only: "
	    "Options = UnsafeLegacyServerConnect in its own openssl.cnf "
	    "(ssl_conf section).",
},
{
	.id = "legacy-pkcs12",
	.patterns = { "digital envelope routines*unsupported", "0308010c",
	    "err_ossl_evp_unsupported", NULL },
	.title = "OpenSSL 3 refused a legacy algorithm (usually an old "
	    "PKCS#12 encrypted with RC2 or 3DES)",
	.causes = {
		"a .p12/.pfx exported by older tools (Windows, Java 8, OpenSSL "
		"1.1) with RC2-40 or 3DES, which OpenSSL 3 reads only with "
		"the legacy provider",
		"a private key encrypted with DES or an MD5-based scheme",
		"Node.js 17+ running an old webpack (MD4 hashing)",
	},
	.confirm = "certdiag show file.p12 --pass stdin (finding "
	    "pkcs12-legacy)",
	.fix = "Re-export with AES: openssl pkcs12 -legacy -in old.p12 -out "
	    "tmp.pem, then openssl pkcs12 -export -in tmp.pem -out new.p12 "
	    "-keypbe AES-256-CBC -certpbe AES-256-CBC, and delete tmp.pem. "
	    "For webpack: upgrade it, or NODE_OPTIONS=--openssl-legacy-provider.",
},
{
	.id = "unrecognized-name",
	.patterns = { "unrecognized name", "unrecognized_name", NULL },
	.title = "The server has no site for the name the client sent (SNI)",
	.causes = {
		"no vhost lists this name (Apache ServerName/ServerAlias, "
		"nginx server_name)",
		"the client sends a different name than expected (an IP, a "
		"proxy's name, a typo)",
	},
	.confirm = "certdiag connect example.com --servername example.com",
	.fix = "Add the name to the vhost (ServerAlias / server_name) and "
	    "reload, or connect with the configured name.",
},
{
	.id = "unexpected-eof",
	.patterns = { "unexpected eof while reading",
	    "non-properly terminated",
	    NULL },
	.title = "The peer closed the connection without a TLS close_notify",
	.causes = {
		"the peer or a middlebox dropped the connection (idle timeout, "
		"crash, a load balancer health check)",
		"the server rejected the client (e.g. mutual TLS) by closing "
		"instead of sending an alert",
		"harmless with some servers: OpenSSL 3 reports what 1.1 "
		"silently accepted",
	},
	.confirm = "certdiag connect example.com",
	.fix = "If data was complete, ignore it or set "
	    "SSL_OP_IGNORE_UNEXPECTED_EOF (Options = "
	    "IgnoreUnexpectedEOF); otherwise check the server's logs at the "
	    "same moment.",
},
{
	.id = "connection-refused",
	.patterns = { "connection refused", "econnrefused", NULL },
	.title = "Nothing accepts connections on that address and port",
	.causes = {
		"the service is not running or listens on another port or "
		"address (127.0.0.1 only, IPv4 only)",
		"a firewall rejects the connection",
	},
	.confirm = "certdiag connect example.com:PORT",
	.fix = "Start the service or connect to the port it listens on "
	    "(ss -ltnp shows it); open the firewall.",
},

/* ---- other runtimes ---- */

{
	.id = "java-pkix-path",
	.patterns = { "pkix path building failed",
	    "unable to find valid certification path",
	    "suncertpathbuilderexception",
	    "trust anchor for certification path not found",
	    "certpathvalidatorexception*trust anchor for certification path",
	    "pkix path validation failed*path does not chain with any of the trust anchors",
	    NULL },
	.title = "Java found no path from the certificate to a root in its "
	    "truststore",
	.causes = {
		"the server does not send its intermediate (Java does not "
		"fetch missing intermediates by default)",
		"Java's truststore (cacerts, or -Djavax.net.ssl.trustStore) "
		"lacks the root: a private CA or an old JDK",
		"a TLS-inspecting proxy re-signs the traffic",
	},
	.confirm = "certdiag connect example.com",
	.fix = "Serve the full chain; import a private root with keytool "
	    "-importcert -cacerts -alias myca -file root.pem.",
},
{
	.id = "java-pkix-validation",
	.patterns = { "pkix path validation failed",
	    "certpathvalidatorexception", NULL },
	.title = "Java built a path but a certificate on it is not acceptable",
	.causes = {
		"a certificate on the path expired or is not yet valid",
		"algorithm constraints: SHA-1 signatures or small keys are "
		"disabled in java.security",
		"a certificate is revoked",
	},
	.confirm = "certdiag check cert.pem --chain chain.pem (or certdiag "
	    "connect example.com)",
	.fix = "Replace the certificate the message names (renew it, reissue "
	    "with SHA-256 and a 2048-bit or EC key).",
},
{
	.id = "go-unknown-authority",
	.patterns = { "x509: certificate signed by unknown authority", NULL },
	.title = "Go could not chain the certificate to a root it trusts",
	.causes = {
		"the root is missing on the client: a scratch or distroless "
		"container without CA certificates, or a private CA",
		"the server does not send its intermediate (Go does not fetch "
		"it on Linux)",
		"a TLS-inspecting proxy",
	},
	.qualifiers = {
		PUBLIC_SERVICE("docker.io", "Docker Hub"),
		PUBLIC_SERVICE("quay.io", "the Quay registry"),
		PUBLIC_SERVICE("gcr.io", "Google's container registry"),
		PUBLIC_SERVICE("proxy.golang.org", "the Go module proxy"),
		PUBLIC_SERVICE("github.com", "GitHub"),
	},
	.confirm = "certdiag connect example.com",
	.fix = "Install ca-certificates in the image (or set SSL_CERT_FILE "
	    "/ SSL_CERT_DIR), serve the full chain, or add the private root.",
},
{
	.id = "go-legacy-common-name",
	.patterns = { "certificate relies on legacy common name field",
	    NULL },
	.title = "The certificate has no subjectAltName; Go ignores the "
	    "Common Name",
	.causes = {
		"the certificate was made with only a CN (a hand-made or old "
		"internal certificate); Go 1.15+ requires SANs",
	},
	.confirm = "certdiag check cert.pem --host NAME (finding no-san)",
	.fix = "Reissue with subjectAltName (openssl req ... -addext "
	    "'subjectAltName=DNS:NAME'); GODEBUG=x509ignoreCN=0 no longer "
	    "exists since Go 1.17.",
},
/* ---- Files, formats and passwords ---- */

{
	.id = "no-start-line",
	/* "SSL_CTX_use_PrivateKey ... no start line" starts where the
	 * key-values-mismatch pattern does and is longer: the file could
	 * not be read at all, it was not a mismatch. */
	.patterns = { "ssl_ctx_use_privatekey*no start line",
	    "ssl_ctx_use_certificate*no start line", "no start line",
	    "err_ossl_pem_no_start_line", "bad end line",
	    "decoder routines::unsupported", NULL },
	.title = "The file is not in the PEM format (or not the kind of PEM) "
	    "the program expected",
	.causes = {
		"the file is DER (binary) or PKCS#12, not PEM text: convert it "
		"(openssl x509 -inform DER -in FILE -out FILE.pem)",
		"the wrong file was named: a key where a certificate is "
		"expected, a certificate where a key is (\"Expecting: ANY "
		"PRIVATE KEY\"), or a CSR",
		"the PEM was damaged by copying: missing or extra dashes in "
		"the BEGIN/END lines, Windows line ends, a byte-order mark, "
		"or an empty file",
	},
	.confirm = "certdiag show FILE",
	.fix = "Point the option at the right file in PEM form; certdiag "
	    "show names what each file really holds.",
},
{
	.id = "keystore-password-incorrect",
	.patterns = { "keystore was tampered with, or password was incorrect",
	    "mac verify failure", "bad decrypt",
	    "wrong final block length", "(wrong password?)", NULL },
	.title = "The password of the keystore, PKCS#12 file or encrypted key "
	    "is wrong",
	.causes = {
		"the password given is not the one the file was made with "
		"(often the key password instead of the store password, or an "
		"empty one)",
		"the file is damaged or not the file meant (a PEM or a "
		"truncated download where a keystore is expected)",
	},
	.confirm = "certdiag show FILE --pass env:VAR",
	.fix = "Give the right password (keytool -storepass, openssl "
	    "-passin); if it is lost, export the key and certificate again "
	    "from where they came.",
},
{
	.id = "pkcs12-mac-absent",
	/* OpenSSL prints "Mac verify error: invalid password?" both for a
	 * file without a MAC and for a wrong password. */
	.patterns = { "mac absent", "mac is absent", "mac verify error",
	    NULL },
	.title = "The PKCS#12 file's integrity MAC could not be verified",
	.causes = {
		"the file has no MAC: it was exported without a password "
		"(-nomac, or a tool that omits it) and is read as if it had "
		"one",
		"the password is wrong",
	},
	.confirm = "certdiag show FILE.p12",
	.fix = "Read it with an empty password or -nomacver, or export it "
	    "again with a password.",
},
{
	.id = "revocation-check-failed",
	.patterns = { "crypt_e_no_revocation_check", "0x80092012",
	    "crypt_e_revocation_offline", "0x80092013",
	    "cert_trust_revocation_status_unknown",
	    "unable to check revocation", "revocation server was offline",
	    NULL },
	.title = "The revocation status could not be checked",
	.causes = {
		"the revocation status is unknown: the client (Windows "
		"schannel) cannot reach the CRL or OCSP address, often because "
		"a proxy or firewall blocks it",
		"a TLS-inspecting proxy's certificate names no CRL or OCSP "
		"address that the client can reach",
		"the CA's CRL or OCSP server is down",
	},
	.confirm = "certdiag connect example.com",
	.fix = "Let the client reach the CRL/OCSP addresses, or for curl "
	    "on Windows use --ssl-no-revoke (git: http.schannelCheckRevoke "
	    "false) where policy allows.",
},
{
	.id = "crl-expired",
	.verify_code = 12,
	.patterns = { "crl_has_expired", NULL },
	.title = "The CRL used to check revocation has expired",
	.causes = {
		"the CRL file given to the server (OpenVPN crl-verify, "
		"ssl_crl) was not regenerated before its nextUpdate",
	},
	.confirm = "certdiag check cert.pem --chain chain.pem --crl crl.pem",
	.fix = "Regenerate the CRL (easyrsa gen-crl, openssl ca -gencrl) "
	    "and renew it on a schedule.",
},
{
	.id = "gnutls-cert-verify-failed",
	.patterns = { "server certificate verification failed. cafile:",
	    NULL },
	.title = "GnuTLS could not verify the server certificate (git, "
	    "curl built with GnuTLS)",
	.causes = {
		"the server does not send its intermediate certificate, or its "
		"root is not in the CAfile named (a private CA or a "
		"TLS-inspecting proxy)",
		"the CAfile is missing or out of date (\"CAfile: none\")",
		"the certificate has expired or the clock is wrong",
	},
	.confirm = "certdiag connect example.com",
	.fix = "Serve the full chain; install the private root into the "
	    "system store (update-ca-certificates) or point git at it "
	    "(git config http.sslCAInfo FILE).",
},
{
	.id = "pg-root-cert-missing",
	.patterns = { "root certificate file * does not exist", NULL },
	.title = "The PostgreSQL client has no root certificate to verify "
	    "the server",
	.causes = {
		"sslmode verify-ca/verify-full needs sslrootcert, and the file "
		"(~/.postgresql/root.crt by default) does not exist",
	},
	.confirm = "certdiag check server.crt --ca root.crt",
	.fix = "Put the server's CA in the file named, set sslrootcert=FILE, "
	    "or sslrootcert=system to use the system roots (PostgreSQL 16+).",
},
{
	.id = "java-algorithm-constraints",
	.patterns = { "do not conform to algorithm constraints",
	    "does not conform to algorithm constraints",
	    "algorithm constraints check failed", NULL },
	.title = "Java refused a certificate signed with a disabled algorithm "
	    "or with a too small key",
	.causes = {
		"a certificate on the chain is signed with MD5 or SHA-1, or "
		"has an RSA key under 2048 bits, which "
		"jdk.certpath.disabledAlgorithms forbids",
	},
	.confirm = "certdiag check cert.pem --chain chain.pem",
	.fix = "Reissue the certificate (SHA-256, RSA 2048+ or ECDSA); "
	    "relaxing java.security is a last resort.",
},
{
	.id = "http-request-to-tls-port",
	.patterns = { "routines::http request", ":http request", NULL },
	.title = "A plain HTTP request reached a TLS port",
	.causes = {
		"the client spoke http:// to a port that expects TLS (wrong "
		"scheme, or a proxy forwarding plain HTTP)",
	},
	.confirm = "certdiag connect example.com:PORT",
	.fix = "Use https:// for that port, or terminate TLS before the "
	    "plain-HTTP hop.",
},
{
	.id = "keytool-input-not-x509",
	.patterns = { "input not an x.509 certificate", NULL },
	.title = "keytool was given a file that is not a certificate",
	.causes = {
		"the file is a private key, a CSR, a PKCS#12 or a chain with "
		"text before the BEGIN line, not one X.509 certificate",
		"the PEM was damaged by copying (missing dashes, a byte-order "
		"mark, Windows line ends)",
	},
	.confirm = "certdiag show FILE",
	.fix = "Import the certificate itself (keytool -importcert -file "
	    "cert.pem); a key with its certificate goes in as PKCS#12 "
	    "(keytool -importkeystore -srcstoretype PKCS12).",
},
{
	.id = "haproxy-pem-missing-key",
	.patterns = { "unable to load ssl private key from pem file", NULL },
	.title = "HAProxy found no private key in the PEM file of a bind line",
	.causes = {
		"the crt file holds only the certificate (and chain): HAProxy "
		"wants the certificate and its private key in one file, or a "
		"FILE.key next to it",
		"the key in it is encrypted, or in a format HAProxy cannot "
		"read",
	},
	.confirm = "certdiag show FILE.pem",
	.fix = "Concatenate certificate, chain and key into the crt file "
	    "(cat cert.pem chain.pem key.pem > FILE.pem), or put the key "
	    "beside it as FILE.pem.key.",
},
{
	.id = "mysql-ssl-connection-error",
	/* The MySQL client's code wraps the library's reason when there is
	 * one ("The system cannot find the path specified"). */
	.detail = DETAIL_SUMMARY,
	.patterns = { "error 2026", "ssl connection error", NULL },
	.title = "The MySQL client could not set up TLS (error 2026)",
	.causes = {
		"the client and server share no TLS version: an old server "
		"(TLS 1.0/1.1 only, e.g. MySQL 5.6/5.7 built with yaSSL) and a "
		"client that refuses them, or the reverse",
		"a file named by --ssl-ca/--ssl-cert/--ssl-key is missing, "
		"unreadable or in the wrong format",
		"the server's certificate is not trusted by --ssl-ca",
	},
	.confirm = "certdiag check client-cert.pem --key client-key.pem --ca "
	    "ca.pem --purpose client",
	.fix = "Enable a common TLS version (tls_version on the server, "
	    "--tls-version on the client), and check the files given.",
},
{
	.id = "cert-file-not-found",
	.patterns = { "cannot find the path specified",
	    "does not exist or is empty", "set_default_verify_paths failed",
	    NULL },
	.title = "A certificate, key or CA file named in the configuration "
	    "does not exist",
	.causes = {
		"the path is misspelt or relative to another directory than "
		"the program's (a typo, a renamed renewal directory)",
		"the file exists but the service cannot read it (permissions, "
		"SELinux/AppArmor, a container without the mount)",
	},
	.confirm = "certdiag scan /etc/ssl",
	.fix = "Point the option at the existing file, readable by the "
	    "service user.",
},
{
	.id = "gnutls-push-pull-error",
	.patterns = { "error in the push function",
	    "error in the pull function", NULL },
	.title = "GnuTLS could not send or receive on the connection (git, "
	    "apt, curl built with GnuTLS)",
	.causes = {
		"a proxy, VPN or firewall in the path cuts or alters the TLS "
		"connection: a proxy git or apt is not told about "
		"(http.proxy, Acquire::http::Proxy), a VPN with a smaller MTU "
		"(WSL 2 behind a VPN)",
		"the server closed the connection during the handshake (it "
		"refuses the TLS versions or ciphers GnuTLS offers)",
		"an unstable network connection",
	},
	.confirm = "certdiag connect example.com (from the same machine; a "
	    "proxy shows up as an unexpected issuer)",
	.fix = "Configure the proxy for the tool (git config --global "
	    "http.proxy http://proxy:3128), lower the VPN interface's MTU, "
	    "or fix the server's TLS settings that certdiag reports.",
},
{
	.id = "dotnet-remote-cert-invalid",
	/* .NET appends the policy errors when it has them
	 * (RemoteCertificateNameMismatch, ...): those say more. */
	.detail = DETAIL_SUMMARY,
	.patterns = { "remote certificate is invalid according to the "
	    "validation procedure", "remote certificate is invalid because "
	    "of errors in the certificate chain", NULL },
	.title = ".NET rejected the server's certificate (SslPolicyErrors)",
	.causes = {
		"the chain does not reach a root the machine trusts "
		"(RemoteCertificateChainErrors): a private or self-signed CA, "
		"a missing intermediate, a TLS-inspecting proxy, or an expired "
		"certificate",
		"the name does not match (RemoteCertificateNameMismatch): "
		"the client connects by IP address or by an alias the "
		"certificate does not list",
		"on Linux and macOS .NET uses the OpenSSL or keychain trust "
		"store, which lacks a root installed only in Windows",
	},
	.confirm = "certdiag connect example.com --host example.com",
	.fix = "Serve a chain to a trusted root with the name the client "
	    "uses; install a private root in the machine's store (Windows: "
	    "certlm.msc Trusted Root; Linux: update-ca-certificates).",
},
{
	.id = "key-file-not-a-key",
	.patterns = { "private key not found",
	    "sslpassphrasedialog builtin is not supported",
	    "no private key found", NULL },
	.title = "The file configured as the private key holds no key the "
	    "server can read",
	.causes = {
		"the key directive names the certificate or chain file "
		"(SSLCertificateKeyFile cert.pem): the server finds no key, or "
		"takes it for an encrypted one and asks for a passphrase",
		"the key is encrypted and the server cannot ask for the "
		"passphrase (Apache on Windows: SSLPassPhraseDialog builtin is "
		"not supported)",
		"the key is in a format the server cannot read (DER, PKCS#12, "
		"a PuTTY or OpenSSH key)",
	},
	.confirm = "certdiag show key.pem (names what the file holds), "
	    "certdiag check cert.pem --key key.pem",
	.fix = "Point the key directive at the PEM private key that matches "
	    "the certificate; decrypt an encrypted key for an unattended "
	    "server (openssl pkey -in enc.key -out key.pem, mode 600).",
},
{
	.id = "apache-no-server-certificate",
	.patterns = { "no rsa, dsa or ecc server certificate found",
	    "no rsa or dsa server certificate found", NULL },
	.title = "Apache has an SSL virtual host without a certificate "
	    "(AH01910)",
	.causes = {
		"a <VirtualHost *:443> (or the main server) has SSLEngine on "
		"but no SSLCertificateFile: the certificate lines are in "
		"another vhost or in a file that is not included (e.g. after "
		"a certbot run left a vhost half-edited)",
		"SSLCertificateFile names a file that holds no certificate",
	},
	.confirm = "certdiag check /etc/apache2/apache2.conf (one deployment "
	    "per SSL virtual host, with the files each loads)",
	.fix = "Give every vhost with SSLEngine on its SSLCertificateFile and "
	    "SSLCertificateKeyFile (or turn SSLEngine off where no TLS is "
	    "meant), then apachectl configtest.",
},
{
	.id = "ca-bundle-not-found",
	/* OpenSSL's fopen() failing: in a client's paste before a verify
	 * failure, the CA bundle it was told to load is missing. */
	.patterns = { "system library::no such file or directory",
	    "system library:fopen:no such file or directory", NULL },
	.title = "A file OpenSSL was told to open does not exist (in a "
	    "client, most often its CA bundle)",
	.causes = {
		"the CA bundle path configured or compiled in does not exist on "
		"this machine (php.ini openssl.cafile or curl.cainfo, "
		"SSL_CERT_FILE, a statically built binary looking for another "
		"distribution's /etc/ssl path), so nothing can be verified",
		"a certificate or key file named in the configuration does not "
		"exist",
	},
	.confirm = "certdiag show /etc/ssl/certs/ca-certificates.crt (or the "
	    "file the configuration names)",
	.fix = "Point the setting at an existing bundle (openssl.cafile="
	    "/etc/ssl/certs/ca-certificates.crt, SSL_CERT_FILE=...) or "
	    "install ca-certificates.",
},
{
	.id = "cert-has-no-san",
	.patterns = { "subject alternative name missing",
	    "missing_subjectaltname", "subjectaltname missing", NULL },
	.title = "The certificate has no subjectAltName; clients ignore its "
	    "Common Name",
	.causes = {
		"the certificate was made with only a CN (openssl req without "
		"-addext subjectAltName, an old internal CA or an intercepting "
		"tool): Chrome 58+, Go 1.15+ and macOS require the name in "
		"subjectAltName",
	},
	.confirm = "certdiag check cert.pem --host NAME (finding no-san)",
	.fix = "Reissue with subjectAltName (openssl req ... -addext "
	    "'subjectAltName=DNS:NAME').",
},
{
	.id = "macos-cert-requirements",
	.patterns = { "code: -67843", "error -67843", "errsecnottrusted",
	    "the certificate was not trusted", NULL },
	.title = "macOS or iOS did not trust the certificate "
	    "(errSecNotTrusted, -67843)",
	.causes = {
		"the certificate breaks Apple's rules for TLS server "
		"certificates even though it chains to a trusted root: valid "
		"for more than 825 days (398 for public CAs), no subjectAltName, "
		"no serverAuth extendedKeyUsage, an RSA key under 2048 bits or "
		"a SHA-1 signature",
		"its root is not trusted in the keychain (a private CA not "
		"marked \"Always Trust\" for SSL)",
	},
	.confirm = "certdiag check cert.pem --chain chain.pem --host NAME "
	    "--purpose server (findings no-san, purpose-mismatch, weak-key, "
	    "weak-signature; the validity period it prints must be at most "
	    "825 days)",
	.fix = "Reissue within Apple's limits (at most 825 days, SAN, "
	    "extendedKeyUsage serverAuth, RSA 2048+ with SHA-256), or trust "
	    "the private root in the keychain.",
},
};

const size_t explain_kb_count = sizeof(explain_kb) / sizeof(explain_kb[0]);
