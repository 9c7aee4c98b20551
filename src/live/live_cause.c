#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/ssl.h>

#include "live_priv.h"

/* RFC 8446 section 6 names, and what each means coming from a server. */
static const struct {
	int code;
	const char *name;
	const char *meaning;
} alerts[] = {
	{ 0, "close_notify", "the server closed the connection" },
	{ 10, "unexpected_message", "the server received a message it did "
	    "not expect" },
	{ 20, "bad_record_mac", "a record failed its integrity check" },
	{ 22, "record_overflow", "a record was too long" },
	{ 40, "handshake_failure", "the server found nothing acceptable in "
	    "the client's offer: usually no cipher suite, group or signature "
	    "algorithm in common" },
	{ 42, "bad_certificate", "the server rejected the client certificate" },
	{ 43, "unsupported_certificate", "the server does not support the "
	    "client certificate's type" },
	{ 44, "certificate_revoked", "the server says the client certificate "
	    "is revoked" },
	{ 45, "certificate_expired", "the server says the client certificate "
	    "has expired or is not yet valid" },
	{ 46, "certificate_unknown", "the server could not accept the client "
	    "certificate" },
	{ 47, "illegal_parameter", "the server found a field of the "
	    "handshake out of range" },
	{ 48, "unknown_ca", "the server does not trust the issuer of the "
	    "client certificate" },
	{ 49, "access_denied", "the server denied access" },
	{ 50, "decode_error", "the server could not decode a handshake "
	    "message" },
	{ 51, "decrypt_error", "a handshake signature or key check failed" },
	{ 70, "protocol_version", "the server does not accept any TLS version "
	    "the client offered" },
	{ 71, "insufficient_security", "the server requires stronger ciphers "
	    "than the client offered" },
	{ 80, "internal_error", "the server failed internally (often an "
	    "unreadable or mismatched certificate or key in its "
	    "configuration)" },
	{ 86, "inappropriate_fallback", "the server refused a version "
	    "fallback" },
	{ 90, "user_canceled", "the server canceled the handshake" },
	{ 109, "missing_extension", "the client left out an extension the "
	    "server requires" },
	{ 110, "unsupported_extension", "the server received an extension it "
	    "did not ask for" },
	{ 112, "unrecognized_name", "the server has no site for the name "
	    "sent (SNI)" },
	{ 113, "bad_certificate_status_response", "an OCSP response was "
	    "invalid" },
	{ 116, "certificate_required", "the server requires a client "
	    "certificate and none was sent" },
	{ 120, "no_application_protocol", "no application protocol (ALPN) in "
	    "common" },
};

const char *
live_alert_name(int alert)
{
	for (size_t i = 0; i < sizeof(alerts) / sizeof(alerts[0]); i++)
		if (alerts[i].code == alert)
			return alerts[i].name;
	return "unknown alert";
}

static const char *
alert_meaning(int alert)
{
	for (size_t i = 0; i < sizeof(alerts) / sizeof(alerts[0]); i++)
		if (alerts[i].code == alert)
			return alerts[i].meaning;
	return "the server aborted the handshake";
}

bool
live_alert_is_client_cert(int alert)
{
	return alert == 42 || alert == 43 || alert == 44 || alert == 45 ||
	    alert == 46 || alert == 48 || alert == 49 || alert == 116;
}

const char *
live_version_name(int v)
{
	switch (v) {
	case TLS1_VERSION:	return "TLS 1.0";
	case TLS1_1_VERSION:	return "TLS 1.1";
	case TLS1_2_VERSION:	return "TLS 1.2";
	case TLS1_3_VERSION:	return "TLS 1.3";
	case SSL3_VERSION:	return "SSL 3.0";
	}
	return "unknown version";
}

/* OpenSSL's own reasons for giving up, said plainly. */
static const struct {
	int reason;
	const char *text;
} local_reasons[] = {
	{ SSL_R_UNSUPPORTED_PROTOCOL, "the server chose a TLS version this "
	    "machine's OpenSSL does not allow at its security level" },
	{ SSL_R_NO_PROTOCOLS_AVAILABLE, "this machine's OpenSSL has no TLS "
	    "version enabled for the connection" },
	{ SSL_R_NO_CIPHERS_AVAILABLE, "this machine's OpenSSL has no cipher "
	    "enabled for the connection" },
	{ SSL_R_UNSAFE_LEGACY_RENEGOTIATION_DISABLED, "the server does not "
	    "support secure renegotiation (RFC 5746), which OpenSSL 3 "
	    "requires" },
	{ SSL_R_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED, "the server signed "
	    "its key exchange with SHA-1 or MD5 (as TLS 1.0 and 1.1 do), which "
	    "this machine's OpenSSL refuses above security level 0" },
	{ SSL_R_DH_KEY_TOO_SMALL, "the server's Diffie-Hellman group is too "
	    "small for this machine's security level (use 2048 bits or more, "
	    "or ECDHE)" },
	{ SSL_R_EE_KEY_TOO_SMALL, "the server certificate's key is too small "
	    "for this machine's security level" },
	{ SSL_R_CA_KEY_TOO_SMALL, "a CA key in the served chain is too small "
	    "for this machine's security level" },
	{ SSL_R_CA_MD_TOO_WEAK, "a certificate in the served chain is signed "
	    "with a digest too weak for this machine's security level" },
	{ SSL_R_WRONG_CIPHER_RETURNED, "the server chose a cipher the client "
	    "did not offer" },
	{ SSL_R_WRONG_CURVE, "the server chose a group the client did not "
	    "offer" },
	{ SSL_R_NO_SUITABLE_SIGNATURE_ALGORITHM, "no signature algorithm in "
	    "common with the server" },
	{ SSL_R_WRONG_SIGNATURE_TYPE, "the server signed with an algorithm "
	    "the client did not offer" },
	{ SSL_R_BAD_SIGNATURE, "the server's handshake signature does not "
	    "verify: its private key does not match its certificate" },
	{ SSL_R_UNEXPECTED_MESSAGE, "the server sent a handshake message out "
	    "of order" },
};

static const char *
local_reason_text(int reason)
{
	for (size_t i = 0; i < sizeof(local_reasons) /
	    sizeof(local_reasons[0]); i++)
		if (local_reasons[i].reason == reason)
			return local_reasons[i].text;
	return NULL;
}

/* The printable part of a non-TLS answer: its first line. */
static void
quote_peek(char *out, size_t outlen, const unsigned char *p, size_t n)
{
	size_t j = 0;

	for (size_t i = 0; i < n && j + 1 < outlen && j < 72; i++) {
		if (p[i] == '\r' || p[i] == '\n')
			break;
		out[j++] = isprint(p[i]) ? (char)p[i] : '.';
	}
	out[j] = '\0';
}

static bool
peek_starts(const struct tls_attempt *a, const char *prefix)
{
	size_t n = strlen(prefix);

	return a->npeek >= n && memcmp(a->peek, prefix, n) == 0;
}

static void
not_tls_cause(struct live_cause *c, const struct tls_attempt *a)
{
	char q[96];
	const char *what;

	quote_peek(q, sizeof(q), a->peek, a->npeek);
	if (peek_starts(a, "HTTP/") || peek_starts(a, "<"))
		what = "this port speaks plain HTTP: use the HTTPS port, or "
		    "enable TLS on this one";
	else if (peek_starts(a, "SSH-"))
		what = "this port speaks SSH";
	else if (peek_starts(a, "220"))
		what = "this looks like an SMTP or FTP greeting: use "
		    "--starttls smtp or --starttls ftp";
	else if (peek_starts(a, "* OK"))
		what = "this looks like an IMAP greeting: use --starttls imap";
	else if (peek_starts(a, "+OK"))
		what = "this looks like a POP3 greeting: use --starttls pop3";
	else if (peek_starts(a, "200 ") || peek_starts(a, "201 "))
		what = "this looks like an NNTP greeting: use --starttls nntp";
	else if (peek_starts(a, "\"IMPLEMENTATION\""))
		what = "this looks like a ManageSieve greeting: use "
		    "--starttls sieve";
	else if (a->npeek >= 5 && a->peek[3] == 0 && a->peek[4] == 10)
		what = "this looks like a MySQL greeting: use --starttls mysql";
	else
		what = "the port speaks some other protocol";
	snprintf(c->text, sizeof(c->text), "the port does not speak TLS: the "
	    "server answered '%s' (%s)", q, what);
}

static void
connect_cause(struct live_cause *c, const struct tls_attempt *a,
    const struct live_result *r)
{
	const char *addr = a->address[0] != '\0' ? a->address :
	    r->target.host;

	switch (a->sys_errno) {
	case ECONNREFUSED:
		snprintf(c->text, sizeof(c->text), "connection refused by %s: "
		    "nothing listens on port %s there (is the server running, "
		    "and on this port?)", addr, r->target.port);
		break;
	case ETIMEDOUT:
		snprintf(c->text, sizeof(c->text), "no answer from %s within "
		    "%g s: a firewall may drop the connection, or the host is "
		    "down", addr, r->timeout);
		break;
	case ENETUNREACH:
	case EHOSTUNREACH:
		snprintf(c->text, sizeof(c->text), "%s is unreachable from "
		    "this machine (no route): check the address and the "
		    "network", addr);
		break;
	case ECONNRESET:
		snprintf(c->text, sizeof(c->text), "%s reset the connection",
		    addr);
		break;
	default:
		snprintf(c->text, sizeof(c->text), "cannot connect to %s: %s",
		    addr, strerror(a->sys_errno));
	}
}

/* Key sizes refused by the security level in force: name the level's
 * own minimum (level 3: 3072 bits), not a generic one. */
static bool
key_size_reason(struct live_cause *c, const struct tls_attempt *a,
    const struct live_result *r)
{
	static const int rsa_bits[] = { 0, 1024, 2048, 3072, 7680, 15360 };
	static const int ec_bits[] = { 0, 160, 224, 256, 384, 512 };
	int lv = r->local_security_level;
	const char *what;

	if (lv < 1 || lv > 5)
		return false;
	switch (a->ssl_reason) {
	case SSL_R_DH_KEY_TOO_SMALL:
		snprintf(c->text, sizeof(c->text), "the server's Diffie-Hellman "
		    "group is too small for this machine's security level %d, "
		    "which needs %d bits or more (or ECDHE) (OpenSSL: %s)", lv,
		    rsa_bits[lv], a->ssl_reason_text);
		return true;
	case SSL_R_EE_KEY_TOO_SMALL:
		what = "the server certificate's key";
		break;
	case SSL_R_CA_KEY_TOO_SMALL:
		what = "a CA key in the served chain";
		break;
	default:
		return false;
	}
	snprintf(c->text, sizeof(c->text), "%s is too small for this machine's "
	    "security level %d, which needs RSA keys of %d bits or more and EC "
	    "keys of %d bits or more (OpenSSL: %s)", what, lv, rsa_bits[lv],
	    ec_bits[lv], a->ssl_reason_text);
	return true;
}

static void
handshake_cause(struct live_cause *c, const struct tls_attempt *a,
    const struct live_result *r)
{
	const char *local;

	switch (a->error) {
	case ATT_TIMEOUT:
		if (a->npeek == 0)
			snprintf(c->text, sizeof(c->text), "the server accepted "
			    "the connection but did not answer the TLS "
			    "handshake within %g s: the port may speak another "
			    "protocol, or need STARTTLS (--starttls)",
			    r->timeout);
		else
			snprintf(c->text, sizeof(c->text), "the TLS handshake "
			    "did not finish within %g s", r->timeout);
		break;
	case ATT_RESET:
		snprintf(c->text, sizeof(c->text), "the server reset the "
		    "connection during the TLS handshake (it may not speak "
		    "TLS on this port, or something between cut it)");
		break;
	case ATT_EOF:
		snprintf(c->text, sizeof(c->text), "the server closed the "
		    "connection during the TLS handshake without a TLS alert "
		    "(servers do this when they refuse the versions or "
		    "ciphers offered, or have no certificate for the name)");
		break;
	case ATT_ALERT:
		if (a->alert_received == 112 && a->sni != NULL)
			snprintf(c->text, sizeof(c->text), "the server has no "
			    "site for '%s' (TLS alert unrecognized_name): check "
			    "the name, or the server's virtual hosts", a->sni);
		else if (a->alert_received == 112)
			/* nginx's ssl_reject_handshake, a default server
			 * that serves no one: a name is required. */
			snprintf(c->text, sizeof(c->text), "the server "
			    "requires a server name (SNI) and none was sent "
			    "(TLS alert unrecognized_name): connect by name, or "
			    "give one with --servername");
		else
			snprintf(c->text, sizeof(c->text), "%s (TLS alert %s)",
			    alert_meaning(a->alert_received),
			    live_alert_name(a->alert_received));
		break;
	default:
		local = local_reason_text(a->ssl_reason);
		if (key_size_reason(c, a, r))
			;
		else if (local != NULL)
			snprintf(c->text, sizeof(c->text), "%s (OpenSSL: %s)",
			    local, a->ssl_reason_text);
		else if (a->ssl_reason_text[0] != '\0')
			snprintf(c->text, sizeof(c->text), "the TLS library "
			    "stopped the handshake: %s", a->ssl_reason_text);
		else
			snprintf(c->text, sizeof(c->text), "the TLS handshake "
			    "failed");
		if (a->alert_sent >= 0) {
			size_t len = strlen(c->text);
			snprintf(c->text + len, sizeof(c->text) - len,
			    "; this side sent alert %s",
			    live_alert_name(a->alert_sent));
		}
	}
}

void
live_cause_of(struct live_cause *c, const struct tls_attempt *a,
    const struct live_result *r)
{
	memset(c, 0, sizeof(*c));
	c->alert = a->alert_received;
	c->ssl_reason = a->ssl_reason;
	switch (a->error) {
	case ATT_OK:
		c->kind = CAUSE_NONE;
		return;
	case ATT_NOT_STARTED:
		c->kind = CAUSE_CONNECT;
		snprintf(c->text, sizeof(c->text), "not attempted: the first "
		    "connection failed");
		return;
	case ATT_CONNECT:
	case ATT_CONNECT_TIMEOUT:
		c->kind = CAUSE_CONNECT;
		connect_cause(c, a, r);
		return;
	case ATT_STARTTLS:
		c->kind = CAUSE_STARTTLS;
		c->starttls_not_offered = a->starttls.not_offered;
		snprintf(c->text, sizeof(c->text), "%s", a->detail);
		return;
	case ATT_STARTTLS_TIMEOUT:
		c->kind = CAUSE_STARTTLS;
		snprintf(c->text, sizeof(c->text), "%s from the %s server "
		    "within %g s (does this port speak %s? a port that starts "
		    "with TLS needs no --starttls)", a->detail,
		    starttls_name(r->starttls), r->timeout,
		    starttls_name(r->starttls));
		return;
	case ATT_NOT_TLS:
		c->kind = CAUSE_NOT_TLS;
		not_tls_cause(c, a);
		return;
	case ATT_SETUP:
		c->kind = CAUSE_HANDSHAKE;
		snprintf(c->text, sizeof(c->text), "could not set up the TLS "
		    "connection: %s", a->ssl_reason_text[0] != '\0' ?
		    a->ssl_reason_text : strerror(a->sys_errno));
		return;
	case ATT_TIMEOUT:
	case ATT_RESET:
	case ATT_EOF:
	case ATT_ALERT:
	case ATT_LOCAL:
		c->kind = CAUSE_HANDSHAKE;
		handshake_cause(c, a, r);
		return;
	}
}
