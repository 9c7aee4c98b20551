/* Unit tests of `certdiag explain`: every knowledge-base entry against a
 * real log line, several messages at once, unknown text, rendering. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "explain/explain.h"
#include "testlib.h"

#define MAX_IDS	4

/* Lines as tools print them; ids expected, in order. Every entry of the
 * knowledge base must appear here (test_every_entry_has_a_sample). */
static const struct {
	const char *text;
	const char *ids[MAX_IDS];
} samples[] = {
	{ "verify error:num=2:unable to get issuer certificate",
	    { "unable-to-get-issuer" } },
	{ "error 2 at 1 depth lookup: unable to get issuer certificate",
	    { "unable-to-get-issuer" } },
	{ "verify error:num=9:certificate is not yet valid",
	    { "certificate-not-yet-valid" } },
	{ "verify error:num=10:certificate has expired",
	    { "certificate-expired" } },
	{ "curl: (60) SSL certificate problem: certificate has expired",
	    { "certificate-expired" } },
	{ "Get \"https://api.example.com\": x509: certificate has expired or "
	    "is not yet valid: current time 2026-11-27T10:00:00Z is after "
	    "2026-11-01T00:00:00Z", { "certificate-expired" } },
	{ "SSL routines::sslv3 alert certificate expired",
	    { "certificate-expired" } },
	{ "verify error:num=18:self-signed certificate",
	    { "self-signed-certificate" } },
	{ "Error: self signed certificate; code: 'DEPTH_ZERO_SELF_SIGNED_CERT'",
	    { "self-signed-certificate" } },
	{ "requests.exceptions.SSLError: HTTPSConnectionPool(host='example."
	    "com', port=443): Max retries exceeded with url: / (Caused by "
	    "SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_"
	    "FAILED] certificate verify failed: self-signed certificate in "
	    "certificate chain (_ssl.c:1006)')))", { "self-signed-in-chain" } },
	{ "verify error:num=19:self signed certificate in certificate chain",
	    { "self-signed-in-chain" } },
	{ "verify error:num=20:unable to get local issuer certificate",
	    { "unable-to-get-local-issuer" } },
	{ "cURL error 60: SSL certificate problem: unable to get local issuer "
	    "certificate", { "unable-to-get-local-issuer" } },
	{ "Error: unable to get local issuer certificate code: "
	    "'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'",
	    { "unable-to-get-local-issuer" } },
	{ "Verify return code: 21 (unable to verify the first certificate)",
	    { "unable-to-verify-leaf" } },
	{ "error 7 at 0 depth lookup: certificate signature failure",
	    { "certificate-signature-failure" } },
	{ "verify error:num=23:certificate revoked",
	    { "certificate-revoked" } },
	{ "verify error:num=26:unsupported certificate purpose",
	    { "unsuitable-purpose" } },
	{ "error 26 at 0 depth lookup: unsuitable certificate purpose",
	    { "unsuitable-purpose" } },
	{ "verify error:num=27:certificate not trusted",
	    { "certificate-not-trusted" } },
	{ "verify error:num=62:hostname mismatch",
	    { "hostname-mismatch" } },
	{ "tls: failed to verify certificate: x509: certificate is valid for "
	    "www.example.com, not example.com", { "hostname-mismatch" } },
	{ "curl: (60) SSL: no alternative certificate subject name matches "
	    "target host name 'example.org'", { "hostname-mismatch" } },
	{ "Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match "
	    "certificate's altnames: Host: a.example.com. is not in the "
	    "cert's altnames: DNS:example.com", { "hostname-mismatch" } },
	{ "verify error:num=64:IP address mismatch",
	    { "ip-address-mismatch" } },
	{ "x509: cannot validate certificate for 192.0.2.10 because it "
	    "doesn't contain any IP SANs", { "ip-address-mismatch" } },
	{ "SSL_CTX_use_certificate:ee key too small",
	    { "ee-key-too-small" } },
	{ "verify error:num=66:EE certificate key too weak",
	    { "ee-key-too-small" } },
	{ "error:0A00018D:SSL routines::ca key too small",
	    { "ca-key-too-small" } },
	{ "error:0A00018E:SSL routines::ca md too weak",
	    { "ca-md-too-weak" } },
	{ "verify error:num=68:CA signature digest algorithm too weak",
	    { "ca-md-too-weak" } },
	{ "verify error:num=47:permitted subtree violation",
	    { "verify-error" } },
	{ "error:0A000086:SSL routines:tls_post_process_server_certificate:"
	    "certificate verify failed:../ssl/statem/statem_clnt.c:1889:",
	    { "certificate-verify-failed" } },
	{ "curl: (60) SSL peer certificate or SSH remote key was not OK",
	    { "curl-peer-verification" } },
	{ "curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection "
	    "to example.com:443", { "curl-connect-error" } },
	{ "curl: (35) error:0A000410:SSL routines::sslv3 alert handshake "
	    "failure", { "handshake-failure" } },
	{ "curl: (77) error setting certificate verify locations:  CAfile: "
	    "/etc/ssl/certs/ca-certificates.crt CApath: none",
	    { "curl-ca-file" } },
	{ "40E7:error:0A0000BF:SSL routines::no protocols available",
	    { "no-protocols-available" } },
	{ "error:0A000102:SSL routines::unsupported protocol",
	    { "unsupported-protocol" } },
	{ "javax.net.ssl.SSLHandshakeException: No appropriate protocol "
	    "(protocol is disabled or cipher suites are inappropriate)",
	    { "unsupported-protocol" } },
	{ "error:0A00010B:SSL routines::wrong version number",
	    { "wrong-version-number" } },
	{ "SSL_do_handshake() failed (SSL: error:0A0000C1:SSL routines::no "
	    "shared cipher) while SSL handshaking", { "no-shared-cipher" } },
	{ "error:0A000410:SSL routines::sslv3 alert handshake failure:../ssl/"
	    "record/rec_layer_s3.c:1584:SSL alert number 40",
	    { "handshake-failure" } },
	{ "javax.net.ssl.SSLHandshakeException: Received fatal alert: "
	    "handshake_failure", { "handshake-failure" } },
	{ "error:0A000418:SSL routines::tlsv1 alert unknown ca",
	    { "unknown-ca" } },
	{ "error:0A000412:SSL routines::sslv3 alert bad certificate",
	    { "bad-certificate" } },
	{ "error:0A00042E:SSL routines::tlsv1 alert protocol version",
	    { "protocol-version" } },
	{ "error:0A00045C:SSL routines::tlsv13 alert certificate required:../"
	    "ssl/record/rec_layer_s3.c:1584:SSL alert number 116",
	    { "certificate-required" } },
	{ "nginx: [emerg] SSL_CTX_use_PrivateKey(\"/etc/nginx/key.pem\") "
	    "failed (SSL: error:05800074:x509 certificate routines::key values "
	    "mismatch)", { "key-values-mismatch" } },
	{ "SSL_CTX_use_PrivateKey_file failed", { "key-values-mismatch" } },
	{ "nginx: [emerg] SSL_CTX_use_PrivateKey_file(\"/etc/ssl/k.key\") "
	    "failed (SSL: error:0906D06C:PEM routines:PEM_read_bio:no start "
	    "line:Expecting: ANY PRIVATE KEY)", { "no-start-line" } },
	{ "keytool error: java.io.IOException: Keystore was tampered with, "
	    "or password was incorrect", { "keystore-password-incorrect" } },
	{ "Warning: MAC is absent!", { "pkcs12-mac-absent" } },
	{ "keytool error: java.lang.Exception: Input not an X.509 certificate",
	    { "keytool-input-not-x509" } },
	{ "[ALERT] 066/154859 (49) : parsing [/etc/haproxy.cfg:12] : 'bind "
	    ":443' : unable to load SSL private key from PEM file "
	    "'/etc/ssl/site.pem'.", { "haproxy-pem-missing-key" } },
	{ "ERROR 2026 (HY000): SSL connection error: unknown error number",
	    { "mysql-ssl-connection-error" } },
	{ "FATAL: error 2026: SSL connection error: "
	    "SSL_CTX_set_default_verify_paths failed",
	    { "cert-file-not-found" } },
	{ "ssl.CertificateError: hostname '10.0.0.5' doesn't match "
	    "'example.com'", { "ip-address-mismatch" } },
	{ "SSLError: hostname 'www.example.org' doesn't match either of "
	    "'example.com'", { "hostname-mismatch" } },
	{ "curl: (35) schannel: next InitializeSecurityContext failed: "
	    "CRYPT_E_NO_REVOCATION_CHECK (0x80092012) - The revocation "
	    "function was unable to check revocation for the certificate.",
	    { "revocation-check-failed" } },
	{ "VERIFY ERROR: depth=0, error=CRL has expired: CN=client",
	    { "crl-expired" } },
	{ "fatal: unable to access 'https://example.com/r.git/': server "
	    "certificate verification failed. CAfile: "
	    "/etc/ssl/certs/ca-certificates.crt CRLfile: none",
	    { "gnutls-cert-verify-failed" } },
	{ "psql: error: connection to server at \"db\", port 5432 failed: "
	    "root certificate file \"/root/.postgresql/root.crt\" does not "
	    "exist", { "pg-root-cert-missing" } },
	{ "javax.net.ssl.SSLHandshakeException: Certificates do not conform "
	    "to algorithm constraints", { "java-algorithm-constraints" } },
	{ "stunnel: LOG3[3]: SSL_accept: error:0A00009C:SSL routines::http "
	    "request", { "http-request-to-tls-port" } },
	{ "AH02565: Certificate and private key example.com:443:0 from "
	    "/etc/ssl/cert.pem and /etc/ssl/key.pem do not match",
	    { "key-values-mismatch" } },
	{ "error:0A00018A:SSL routines::dh key too small",
	    { "dh-key-too-small" } },
	{ "error:0A000152:SSL routines::unsafe legacy renegotiation disabled",
	    { "unsafe-legacy-renegotiation" } },
	{ "40F7:error:0308010C:digital envelope routines:inner_evp_generic_"
	    "fetch:unsupported:../crypto/evp/evp_fetch.c:349:Global default "
	    "library context, Algorithm (RC2-40-CBC : 0), Properties ()",
	    { "legacy-pkcs12" } },
	{ "Error: error:0308010C:digital envelope routines::unsupported",
	    { "legacy-pkcs12" } },
	{ "error:0A000458:SSL routines::tlsv1 unrecognized name",
	    { "unrecognized-name" } },
	{ "error:0A000126:SSL routines::unexpected eof while reading",
	    { "unexpected-eof" } },
	{ "curl: (7) Failed to connect to example.com port 443 after 0 ms: "
	    "Connection refused", { "connection-refused" } },
	{ "javax.net.ssl.SSLHandshakeException: PKIX path building failed: "
	    "sun.security.provider.certpath.SunCertPathBuilderException: "
	    "unable to find valid certification path to requested target",
	    { "java-pkix-path" } },
	{ "sun.security.validator.ValidatorException: PKIX path validation "
	    "failed: java.security.cert.CertPathValidatorException: validity "
	    "check failed", { "java-pkix-validation" } },
	{ "Get \"https://internal\": tls: failed to verify certificate: x509: "
	    "certificate signed by unknown authority",
	    { "go-unknown-authority" } },
	{ "x509: certificate relies on legacy Common Name field, use SANs "
	    "instead", { "go-legacy-common-name" } },

	{ "fatal: unable to access 'https://git.example.com/r.git/': "
	    "gnutls_handshake() failed: Error in the pull function",
	    { "gnutls-push-pull-error" } },
	{ "System.Security.Authentication.AuthenticationException: The "
	    "remote certificate is invalid according to the validation "
	    "procedure.", { "dotnet-remote-cert-invalid" } },
	/* .NET's policy error names the reason: only it is explained. */
	{ "The remote certificate is invalid according to the validation "
	    "procedure: RemoteCertificateNameMismatch",
	    { "hostname-mismatch" } },
	{ "[ssl:error] [pid 1] AH02203: Init: Private key not found",
	    { "key-file-not-a-key" } },
	{ "[ssl:emerg] AH01910: Oops, no RSA, DSA or ECC server certificate "
	    "found for 'www.example.com:0'?!",
	    { "apache-no-server-certificate" } },
	{ "error:80000002:system library::No such file or directory\n"
	    "error:0A000086:SSL routines::certificate verify failed",
	    { "ca-bundle-not-found" } },
	{ "Subject Alternative Name Missing", { "cert-has-no-san" } },
	{ "Error { code: -67843, message: \"The certificate was not "
	    "trusted.\" }", { "macos-cert-requirements" } },
	/* Host names by IP address, in each wording. */
	{ "Certificate did not match expected hostname: 10.0.0.6. "
	    "Certificate: {}", { "ip-address-mismatch" } },
	{ "Certificate did not match expected hostname: db.example.com. "
	    "Certificate: {}", { "hostname-mismatch" } },
	{ "hostname '192.0.2.7' doesn't match \neither of 'a.example'",
	    { "ip-address-mismatch" } },
	{ "This server could not prove that it is 192.0.2.7; its security "
	    "certificate is from example.com.", { "ip-address-mismatch" } },
	{ "This server could not prove that it is www.example.com; its "
	    "security certificate is from example.com.",
	    { "hostname-mismatch" } },
	{ "(tls: \"192.0.2.7\" does not match any of DNSNames "
	    "[\"*.example.com\"])", { "ip-address-mismatch" } },
	{ "SSL: invalid CA certificate #1 (offset 0) in bundle",
	    { "curl-ca-file" } },
	{ "Error: host name verification failed.\nOpenSSL Error[0]: "
	    "error:0A000086:SSL routines::certificate verify failed",
	    { "hostname-mismatch" } },
	{ "OpenSSL Error: error:140760FC:SSL routines:SSL23_GET_CLIENT_HELLO:"
	    "unknown protocol", { "wrong-version-number" } },
	{ "Error: invalid peer certificate: UnknownIssuer",
	    { "unable-to-get-local-issuer" } },

	/* Several messages at once: each explained, in order. */
	{ "depth=0 CN = example.com\n"
	    "verify error:num=20:unable to get local issuer certificate\n"
	    "verify return:1\n"
	    "depth=0 CN = example.com\n"
	    "verify error:num=21:unable to verify the first certificate\n"
	    "verify return:1\n"
	    "---\n"
	    "Verify return code: 21 (unable to verify the first certificate)\n",
	    { "unable-to-get-local-issuer", "unable-to-verify-leaf" } },
	{ "wrong version number\r\nno shared cipher\r\n"
	    "x509: certificate signed by unknown authority\r\n",
	    { "wrong-version-number", "no-shared-cipher",
	    "go-unknown-authority" } },
	/* The summary adds nothing once the reason is there, on any line. */
	{ "verify error:num=10:certificate has expired\n"
	    "error:0A000086:SSL routines::certificate verify failed\n",
	    { "certificate-expired" } },
	/* Repeats are explained once; case does not matter. */
	{ "NO SHARED CIPHER\nno shared cipher\nNo Shared Cipher",
	    { "no-shared-cipher" } },
	/* Two unrelated verify errors through the catch-all: both. */
	{ "verify error:num=47:permitted subtree violation\n"
	    "verify error:num=55:path loop",
	    { "verify-error", "verify-error" } },
};

static const char *
id_at(const struct explanations *xs, size_t i)
{
	return i < xs->n ? xs->v[i].entry->id : "(none)";
}

START_TEST(test_sample)
{
	struct explanations xs;
	const char *text = samples[_i].text;
	size_t n = 0;

	explanations_init(&xs);
	ck_assert(explain_text(text, strlen(text), &xs));
	while (n < MAX_IDS && samples[_i].ids[n] != NULL)
		n++;
	for (size_t i = 0; i < n || i < xs.n; i++)
		ck_assert_msg(i < n && i < xs.n &&
		    strcmp(id_at(&xs, i), samples[_i].ids[i]) == 0,
		    "sample %d: explanation %zu is %s, want %s (%zu found)", _i,
		    i, id_at(&xs, i), i < n ? samples[_i].ids[i] : "(none)",
		    xs.n);
	ck_assert_msg(explanations_complete(&xs) && xs.nunrecognized == 0,
	    "sample %d: %zu lines not "
	    "recognized, first: %s", _i, xs.nunrecognized,
	    xs.nunrecognized > 0 ? xs.unrecognized[0] : "");
	for (size_t i = 0; i < xs.n; i++) {
		ck_assert_ptr_nonnull(strstr(text, xs.v[i].matched) != NULL ?
		    xs.v[i].matched : NULL);
		ck_assert(xs.v[i].matched[0] != '\0');
	}
	explanations_free(&xs);
}
END_TEST

START_TEST(test_every_entry_has_a_sample)
{
	for (size_t e = 0; e < explain_kb_count; e++) {
		bool found = false;
		for (size_t s = 0; !found && s < sizeof(samples) /
		    sizeof(samples[0]); s++)
			for (size_t i = 0; i < MAX_IDS &&
			    samples[s].ids[i] != NULL; i++)
				if (strcmp(samples[s].ids[i],
				    explain_kb[e].id) == 0)
					found = true;
		ck_assert_msg(found, "entry %s has no sample", explain_kb[e].id);
	}
}
END_TEST

static bool
valid_id(const char *id)
{
	if (id == NULL || *id == '\0' || *id == '-')
		return false;
	for (const char *p = id; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    (*p == '-' && p[1] != '-' && p[1] != '\0')))
			return false;
	return true;
}

/* The table is data others edit: its invariants are checked here. */
START_TEST(test_kb_consistent)
{
	size_t any = 0;

	ck_assert_uint_gt(explain_kb_count, 30);
	for (size_t i = 0; i < explain_kb_count; i++) {
		const struct kb_entry *e = &explain_kb[i];
		ck_assert_msg(valid_id(e->id), "bad id '%s'", e->id);
		ck_assert_msg(e->title != NULL && e->causes[0] != NULL &&
		    e->fix != NULL && e->confirm != NULL, "%s incomplete",
		    e->id);
		ck_assert_msg(strstr(e->confirm, "certdiag ") == e->confirm,
		    "%s: confirm must be a certdiag command", e->id);
		ck_assert_msg(e->patterns[0] != NULL || e->verify_code != 0,
		    "%s matches nothing", e->id);
		if (e->verify_code == KB_ANY_VERIFY_CODE)
			any++;
		for (size_t j = 0; j < i; j++) {
			ck_assert_msg(strcmp(e->id, explain_kb[j].id) != 0,
			    "duplicate id %s", e->id);
			ck_assert_msg(e->verify_code == 0 ||
			    e->verify_code != explain_kb[j].verify_code,
			    "verify code %d twice", e->verify_code);
		}
		for (size_t p = 0; p < KB_MAX_PATTERNS && e->patterns[p] !=
		    NULL; p++) {
			const char *pat = e->patterns[p];
			ck_assert_msg(strlen(pat) >= 8 && strlen(pat) < 128 &&
			    pat[0] != '*' && pat[strlen(pat) - 1] != '*',
			    "%s: pattern '%s'", e->id, pat);
			for (const char *c = pat; *c != '\0'; c++)
				ck_assert_msg(!(*c >= 'A' && *c <= 'Z'),
				    "%s: pattern '%s' not lowercase", e->id,
				    pat);
			for (size_t j = 0; j < explain_kb_count; j++)
				for (size_t q = 0; q < KB_MAX_PATTERNS &&
				    explain_kb[j].patterns[q] != NULL; q++)
					ck_assert_msg((j == i && q == p) ||
					    strcmp(pat, explain_kb[j].
					    patterns[q]) != 0,
					    "pattern '%s' twice", pat);
		}
	}
	ck_assert_uint_eq(any, 1);
}
END_TEST

/* Every id is public: the man page lists each one. */
START_TEST(test_kb_documented)
{
	const char *top = getenv("top_srcdir");
	char path[4096], *man = NULL, *section, want[128];
	size_t len = 0;
	bool too_big;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/doc/certdiag.1",
	    top != NULL ? top : ".");
	fp = fopen(path, "r");
	ck_assert_msg(fp != NULL, "cannot open %s", path);
	man = explain_read(fp, 4u << 20, &len, &too_big);
	fclose(fp);
	ck_assert_ptr_nonnull(man);
	section = strstr(man, "\n.Sh EXPLAINED MESSAGES\n");
	ck_assert_ptr_nonnull(section);
	for (size_t i = 0; i < explain_kb_count; i++) {
		snprintf(want, sizeof(want), "\n.It Sy %s\n", explain_kb[i].id);
		ck_assert_msg(strstr(section, want) != NULL,
		    "%s not in certdiag.1", explain_kb[i].id);
	}
	free(man);
}
END_TEST

/* The numbers the issue names, in every numbered form OpenSSL prints. */
START_TEST(test_verify_numbers)
{
	static const struct {
		int code;
		const char *id;
	} codes[] = {
		{ 2, "unable-to-get-issuer" }, { 10, "certificate-expired" },
		{ 18, "self-signed-certificate" },
		{ 19, "self-signed-in-chain" },
		{ 20, "unable-to-get-local-issuer" },
		{ 21, "unable-to-verify-leaf" }, { 26, "unsuitable-purpose" },
		{ 62, "hostname-mismatch" },
	};
	static const char *const forms[] = {
		"verify error:num=%d:", "Verify return code: %d",
		"error %d at 0 depth lookup",
	};
	char buf[128];

	for (size_t c = 0; c < sizeof(codes) / sizeof(codes[0]); c++)
		for (size_t f = 0; f < sizeof(forms) / sizeof(forms[0]); f++) {
			struct explanations xs;
			explanations_init(&xs);
			snprintf(buf, sizeof(buf), forms[f], codes[c].code);
			ck_assert(explain_text(buf, strlen(buf), &xs));
			ck_assert_msg(xs.n == 1 && strcmp(xs.v[0].entry->id,
			    codes[c].id) == 0, "'%s' gave %s", buf,
			    id_at(&xs, 0));
			ck_assert_int_eq(xs.v[0].verify_code, codes[c].code);
			explanations_free(&xs);
		}
}
END_TEST

START_TEST(test_catch_all_title)
{
	struct explanations xs;
	const char *t = "verify error:num=47:permitted subtree violation";

	explanations_init(&xs);
	ck_assert(explain_text(t, strlen(t), &xs));
	ck_assert_uint_eq(xs.n, 1);
	ck_assert_str_eq(xs.v[0].title,
	    "OpenSSL verify error 47: permitted subtree violation");
	ck_assert_str_eq(xs.v[0].matched,
	    "verify error:num=47:permitted subtree violation");
	explanations_free(&xs);
}
END_TEST

/* Text nothing in the table explains. */
static const struct {
	const char *text;
	size_t unrecognized;	/* lines reported as not recognized */
} unknown[] = {
	{ "", 0 },
	{ "hello world", 0 },
	{ "the disk is full and the backup failed", 1 },
	{ "Verify return code: 0 (ok)", 0 },
	{ "verify error:num=999:something new", 1 },
	{ "error 20 at x depth lookup", 1 },
	/* '*' stays within one line. */
	{ "digital envelope routines\nunsupported", 1 },
	{ "error A\nerror B\n\nfine\n", 2 },
};

START_TEST(test_unknown)
{
	struct explanations xs;
	const char *t = unknown[_i].text;

	explanations_init(&xs);
	ck_assert(explain_text(t, strlen(t), &xs));
	ck_assert_msg(xs.n == 0, "'%s' explained as %s", t, id_at(&xs, 0));
	ck_assert_uint_eq(xs.nunrecognized, unknown[_i].unrecognized);
	ck_assert(!explanations_complete(&xs));
	explanations_free(&xs);
}
END_TEST

START_TEST(test_partly_known)
{
	struct explanations xs;
	const char *t = "  no shared cipher\n  mysterious error 42 \r\n"
	    "curl -v https://example.com\n";

	explanations_init(&xs);
	ck_assert(explain_text(t, strlen(t), &xs));
	ck_assert_uint_eq(xs.n, 1);
	ck_assert_str_eq(xs.v[0].entry->id, "no-shared-cipher");
	ck_assert_uint_eq(xs.nunrecognized, 1);
	ck_assert_str_eq(xs.unrecognized[0], "mysterious error 42");
	ck_assert(explanations_complete(&xs));
	explanations_free(&xs);
}
END_TEST

START_TEST(test_binary_input)
{
	struct explanations xs;
	static const char t[] = "\x01\xff\0garbage\0no shared\tcipher\0"
	    "no shared cipher\0\x7f";

	explanations_init(&xs);
	ck_assert(explain_text(t, sizeof(t) - 1, &xs));
	ck_assert_uint_eq(xs.n, 1);
	ck_assert_str_eq(xs.v[0].matched, "no shared cipher");
	ck_assert_uint_eq(xs.v[0].offset, 28);
	explanations_free(&xs);
}
END_TEST

/* Many matches and a long input stay correct (and bounded). */
START_TEST(test_large_input)
{
	struct explanations xs;
	const char *line = "x: certificate verify failed; self-signed "
	    "certificate in certificate chain\n";
	size_t ll = strlen(line), n = EXPLAIN_MAX_INPUT / ll;
	char *t = malloc(n * ll + 1);

	ck_assert_ptr_nonnull(t);
	for (size_t i = 0; i < n; i++)
		memcpy(t + i * ll, line, ll);
	explanations_init(&xs);
	ck_assert(explain_text(t, n * ll, &xs));
	ck_assert_uint_eq(xs.n, 1);
	ck_assert_str_eq(xs.v[0].entry->id, "self-signed-in-chain");
	explanations_free(&xs);
	free(t);
}
END_TEST

START_TEST(test_read_capped)
{
	static char big[5000];
	size_t len;
	bool too_big;
	char *s;
	FILE *fp;

	memset(big, 'a', sizeof(big));
	fp = fmemopen(big, sizeof(big), "r");
	s = explain_read(fp, 4096, &len, &too_big);
	ck_assert_ptr_null(s);
	ck_assert(too_big);
	fclose(fp);

	fp = fmemopen(big, sizeof(big), "r");
	s = explain_read(fp, sizeof(big), &len, &too_big);
	ck_assert_ptr_nonnull(s);
	ck_assert(!too_big);
	ck_assert_uint_eq(len, sizeof(big));
	ck_assert_int_eq(s[len], '\0');
	free(s);
	fclose(fp);
}
END_TEST

static char *
render(bool json, const char *text)
{
	struct explanations xs;
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	explanations_init(&xs);
	ck_assert(explain_text(text, strlen(text), &xs));
	if (json)
		ck_assert(report_explain_json(fp, &xs));
	else
		report_explain_text(fp, &xs);
	fclose(fp);
	explanations_free(&xs);
	return out;
}

START_TEST(test_render_text)
{
	char *out = render(false, "verify error:num=20:unable to get local "
	    "issuer certificate\nsomething else failed\n");
	char *line, *save = NULL;

	ck_assert_ptr_nonnull(strstr(out, "unable-to-get-local-issuer: "));
	ck_assert_ptr_nonnull(strstr(out, "  Seen: \"verify error:num=20:unable "
	    "to get local issuer certificate\"\n"));
	ck_assert_ptr_nonnull(strstr(out, "Likely causes, most likely "
	    "first:\n    1. the server sends only"));
	ck_assert_ptr_nonnull(strstr(out, "  Confirm: certdiag "));
	ck_assert_ptr_nonnull(strstr(out, "  Fix: "));
	ck_assert_ptr_nonnull(strstr(out, "Not recognized:\n  \"something "
	    "else failed\"\n"));
	for (line = strtok_r(out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		ck_assert_msg(strlen(line) <= 78 || strchr(line, '"') != NULL,
		    "line too long: %s", line);
	free(out);
}
END_TEST

START_TEST(test_render_json)
{
	char *out = render(true, "tlsv1 alert unknown ca\nerror 19 at 2 "
	    "depth lookup: self-signed certificate in certificate chain\n"
	    "odd error\n");
	json_object *root = json_tokener_parse(out), *arr, *x, *v;

	ck_assert_ptr_nonnull(root);
	ck_assert(json_object_object_get_ex(root, "schema", &v));
	ck_assert_int_eq(json_object_get_int(v), 1);
	ck_assert(json_object_object_get_ex(root, "explanations", &arr));
	ck_assert_uint_eq(json_object_array_length(arr), 2);
	x = json_object_array_get_idx(arr, 0);
	ck_assert(json_object_object_get_ex(x, "id", &v));
	ck_assert_str_eq(json_object_get_string(v), "unknown-ca");
	ck_assert(json_object_object_get_ex(x, "matched", &v));
	ck_assert_str_eq(json_object_get_string(v), "alert unknown ca");
	ck_assert(json_object_object_get_ex(x, "causes", &v));
	ck_assert_uint_ge(json_object_array_length(v), 2);
	ck_assert(json_object_object_get_ex(x, "title", &v));
	ck_assert(json_object_object_get_ex(x, "confirm", &v));
	ck_assert(json_object_object_get_ex(x, "fix", &v));
	ck_assert(!json_object_object_get_ex(x, "verify_code", &v));
	x = json_object_array_get_idx(arr, 1);
	ck_assert(json_object_object_get_ex(x, "id", &v));
	ck_assert_str_eq(json_object_get_string(v), "self-signed-in-chain");
	ck_assert(json_object_object_get_ex(x, "verify_code", &v));
	ck_assert_int_eq(json_object_get_int(v), 19);
	ck_assert(json_object_object_get_ex(root, "unrecognized", &arr));
	ck_assert_uint_eq(json_object_array_length(arr), 1);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(arr,
	    0)), "odd error");
	json_object_put(root);
	free(out);
}
END_TEST

/* The host and file a paste names fill the confirm command's
 * placeholders, each shell-quoted; without them the placeholders stay. */
static const struct {
	const char *text, *confirm, *want;
} fills[] = {
	{ "fatal: unable to access 'https://me@git.example.org:8443/r.git/'",
	    "certdiag connect example.com", "certdiag connect "
	    "git.example.org:8443" },
	{ "Get \"https://api.example.net/v1\": x509: ...",
	    "certdiag connect example.com --host example.com",
	    "certdiag connect api.example.net --host api.example.net" },
	{ "HTTPSConnectionPool(host='pypi.org', port=8443): Max retries",
	    "certdiag connect example.com:PORT, certdiag check --host NAME",
	    "certdiag connect pypi.org:8443, certdiag check --host NAME" },
	{ "Failed to connect to db.example.org port 5432: refused",
	    "certdiag connect example.com:PORT",
	    "certdiag connect db.example.org:5432" },
	{ "ERROR: cannot verify files.example.org's certificate, issued by",
	    "certdiag connect example.com", "certdiag connect "
	    "files.example.org" },
	/* A host that is not a plain name stays out. */
	{ "https://$(touch x).example/ failed", "certdiag connect example.com",
	    "certdiag connect example.com" },
	{ "unable to load SSL private key from PEM file '/etc/ha/site.pem'.",
	    "certdiag show FILE.pem", "certdiag show /etc/ha/site.pem" },
	{ "(key file C:/xampp/conf/site-crt.pem)",
	    "certdiag check cert.pem --key key.pem",
	    "certdiag check cert.pem --key C:/xampp/conf/site-crt.pem" },
	{ "cannot load certificate \"/etc/ssl/www.crt\": no start line",
	    "certdiag check cert.pem --key key.pem",
	    "certdiag check /etc/ssl/www.crt --key key.pem" },
	{ "Mac verify error: invalid password? in ~/store.p12",
	    "certdiag show file.p12 --pass stdin",
	    "certdiag show '~/store.p12' --pass stdin" },
	{ "BIO_new_file(\"-evil.pem\") failed", "certdiag show FILE",
	    "certdiag show ./-evil.pem" },
	/* A URL's path is not a file on this machine. */
	{ "curl https://example.org/ca.pem failed", "certdiag show FILE",
	    "certdiag show FILE" },
	{ "no file, no host here", "certdiag show FILE --host example.com",
	    "certdiag show FILE --host example.com" },
};

START_TEST(test_fill)
{
	struct paste_values pv;
	char *got;

	paste_values_find(fills[_i].text, strlen(fills[_i].text), &pv);
	got = confirm_fill(fills[_i].confirm, &pv);
	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, fills[_i].want);
	free(got);
}
END_TEST

/* Runs of path characters full of extensions are each walked once. */
START_TEST(test_fill_large)
{
	size_t n = EXPLAIN_MAX_INPUT;
	char *t = malloc(n + 1);
	struct paste_values pv;

	ck_assert_ptr_nonnull(t);
	for (size_t i = 0; i < n; i++)
		t[i] = ".pem"[i % 4];
	t[n] = '\0';
	paste_values_find(t, n, &pv);
	ck_assert_str_eq(pv.file, "");
	free(t);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("explain");
	TCase *tc = tl_tcase(s, "explain");

	tl_add_loop(tc, test_sample, samples);
	tcase_add_test(tc, test_every_entry_has_a_sample);
	tcase_add_test(tc, test_kb_consistent);
	tcase_add_test(tc, test_kb_documented);
	tcase_add_test(tc, test_verify_numbers);
	tcase_add_test(tc, test_catch_all_title);
	tl_add_loop(tc, test_unknown, unknown);
	tcase_add_test(tc, test_partly_known);
	tcase_add_test(tc, test_binary_input);
	tcase_add_test(tc, test_large_input);
	tcase_add_test(tc, test_read_capped);
	tcase_add_test(tc, test_render_text);
	tcase_add_test(tc, test_render_json);
	tl_add_loop(tc, test_fill, fills);
	tcase_add_test(tc, test_fill_large);
	return tl_run_suite(s);
}
