/* Client certificates end to end: what the server asked for, whether
 * one was sent, the server's verdict (in the handshake, or in its HTTP
 * answer for servers that verify later), and, offline, whether the
 * certificate given leads to an issuer the server names. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "describe.h"
#include "live_priv.h"

#define CLIENT_CHAIN_MAX	8	/* intermediates followed */

/* The certificate among the client's files that issued x, or NULL. */
static X509 *
given_issuer(const struct live_result *r, X509 *x)
{
	const struct inventory *ci = &r->client_inv;
	X509 *found = NULL;

	for (size_t i = 0; i < ci->nobjs && found == NULL; i++) {
		const struct object *o = ci->objs[i];
		if (o->kind == OBJ_CERT && o->x509 != x &&
		    X509_check_issued(o->x509, x) == X509_V_OK)
			found = o->x509;
	}
	ERR_clear_error();
	return found;
}

bool
live_client_chain(struct live_result *r)
{
	X509 *x;

	if (r->client_cert == NULL)
		return true;
	if ((r->client_chain = sk_X509_new_null()) == NULL)
		return false;
	x = r->client_cert->x509;
	for (int n = 0; n < CLIENT_CHAIN_MAX; n++) {
		X509 *up = given_issuer(r, x);
		/* A root is never sent: the server has it or not. */
		if (up == NULL || X509_self_signed(up, 0) == 1)
			break;
		if (X509_up_ref(up) != 1 || sk_X509_push(r->client_chain, up) <= 0) {
			X509_free(up);
			return false;
		}
		x = up;
	}
	ERR_clear_error();
	return true;
}

static bool
named(const struct live_result *r, const X509_NAME *name)
{
	char *s = name_oneline(name);
	bool hit = false;

	for (size_t i = 0; s != NULL && r->client_ca_names[i] != NULL; i++)
		hit |= strcmp(r->client_ca_names[i], s) == 0;
	free(s);
	return hit;
}

/* Walks from the client certificate up through the files given: each
 * issuer name is compared with the server's list. */
static void
judge_issuer(struct live_result *r)
{
	X509 *x;
	char *top;

	if (r->client_cert == NULL || !r->client_cert_requested ||
	    r->client_ca_names == NULL || r->client_ca_names[0] == NULL)
		return;		/* no list: any issuer it trusts */
	x = r->client_cert->x509;
	for (int n = 0; n <= CLIENT_CHAIN_MAX; n++) {
		X509 *up;
		if (named(r, X509_get_issuer_name(x)) ||
		    named(r, X509_get_subject_name(x))) {
			r->client_issuer = CLIENT_ISSUER_ACCEPTABLE;
			return;
		}
		if ((up = given_issuer(r, x)) == NULL || up == x ||
		    X509_self_signed(x, 0) == 1)
			break;
		x = up;
	}
	ERR_clear_error();
	r->client_issuer = CLIENT_ISSUER_NOT_ACCEPTABLE;
	top = name_oneline(X509_self_signed(x, 0) == 1 ?
	    X509_get_subject_name(x) : X509_get_issuer_name(x));
	r->client_issuer_top_given = X509_self_signed(x, 0) == 1;
	ERR_clear_error();
	snprintf(r->client_issuer_top, sizeof(r->client_issuer_top), "%s",
	    top != NULL ? top : "");
	free(top);
}

static const char *
verdict_text(const struct live_http *h)
{
	switch (h->verdict) {
	case HTTP_CERT_MISSING:
		return "nginx: no required SSL certificate was sent";
	case HTTP_CERT_ERROR:
		return "nginx: the SSL certificate error";
	case HTTP_CERT_FORBIDDEN:
		return "access refused after the server asked for a client "
		    "certificate";
	case HTTP_CERT_NONE:
		break;
	}
	return "";
}

void
live_client_cert_read(struct live_result *r)
{
	struct live_http *h = &r->http;
	char how[96];

	if (h->cert_requested_late)
		r->client_cert_requested = true;
	if (h->probed && h->cert_requested_late &&
	    (live_alert_is_client_cert(h->alert_after_request) ||
	    h->alert_after_request == 40 || h->closed_unanswered)) {
		/* Per-directory client authentication (Apache's
		 * SSLVerifyClient in a Location): the handshake went
		 * through, the request made the server ask, and its answer
		 * to what we sent was an alert. */
		r->handshake_ok = true;
		r->client_cert_after_handshake = true;
		snprintf(r->client_cert_failure.text,
		    sizeof(r->client_cert_failure.text), "the handshake went "
		    "through; the request made the server ask for a client "
		    "certificate (per-directory client authentication, such as "
		    "Apache's SSLVerifyClient in a Location), and it ended the "
		    "connection %s%s", h->alert_after_request >= 0 ?
		    "with TLS alert " : "without an answer",
		    h->alert_after_request >= 0 ?
		    live_alert_name(h->alert_after_request) : "");
		r->client_cert_failure.alert = h->alert_after_request;
		r->failure.kind = CAUSE_NONE;
		if (r->client_cert_sent)
			r->client_cert_rejected = true;
		else
			r->client_cert_required = true;
	} else if (r->handshake_ok && h->verdict != HTTP_CERT_NONE) {
		/* The handshake went through; the HTTP answer refused. */
		bool none = h->verdict == HTTP_CERT_MISSING ||
		    (h->verdict == HTTP_CERT_FORBIDDEN && !r->client_cert_sent);
		r->client_cert_after_handshake = true;
		if (none)
			r->client_cert_required = true;
		else
			r->client_cert_rejected = true;
		r->client_cert_failure.kind = CAUSE_HANDSHAKE;
		r->client_cert_failure.alert = -1;
		snprintf(r->client_cert_failure.text,
		    sizeof(r->client_cert_failure.text), "the handshake went "
		    "through, but the HTTP answer is '%s'%s%s%s (%s)",
		    h->status_line, h->title[0] != '\0' ? ", page '" : "",
		    h->title, h->title[0] != '\0' ? "'" : "", verdict_text(h));
	} else if (r->client_cert_required && !r->handshake_ok) {
		/* TLS 1.2 servers answer a missing certificate with a bare
		 * handshake_failure, whose usual meaning (no cipher in
		 * common) would mislead: say what happened. */
		if (r->failure.alert >= 0)
			snprintf(how, sizeof(how), "TLS alert %s",
			    live_alert_name(r->failure.alert));
		else
			snprintf(how, sizeof(how), "it closed the connection");
		snprintf(r->failure.text, sizeof(r->failure.text), "the server "
		    "requires a client certificate and none was sent: after "
		    "asking for one it ended the handshake (%s)", how);
		r->client_cert_failure = r->failure;
	}
	judge_issuer(r);
}

void
live_ca_names_text(const struct live_result *r, char *buf, size_t len)
{
	size_t n;

	buf[0] = '\0';
	for (size_t i = 0; r->client_ca_names != NULL &&
	    r->client_ca_names[i] != NULL; i++) {
		n = strlen(buf);
		snprintf(buf + n, len - n, "%s'%s'", n > 0 ? ", " : "",
		    r->client_ca_names[i]);
	}
	if (buf[0] == '\0')
		snprintf(buf, len, "none named (any issuer it trusts)");
}

static char *
client_subject(const struct live_result *r)
{
	if (r->client_cert == NULL)
		return strdup("");
	return name_oneline(X509_get_subject_name(r->client_cert->x509));
}

static void
issuer_finding(const struct live_result *r, const char *subj,
    const char *names, struct findings *fs)
{
	struct finding *f;

	if (r->client_issuer != CLIENT_ISSUER_NOT_ACCEPTABLE)
		return;
	f = finding_add_file(fs, "live-client-cert-issuer-not-acceptable",
	    SEV_FAIL, r->target.label, "the client certificate '%s' chains, "
	    "with the files given, up to '%s'%s, which is not among the "
	    "issuers the server accepts (%s)", subj, r->client_issuer_top,
	    r->client_issuer_top_given ? " (a root)" : "", names);
	if (f == NULL)
		return;
	if (r->client_issuer_top_given)
		finding_hint(f, "use a client certificate issued by one of the "
		    "accepted CAs, or add '%s' to the server's client CA file "
		    "(nginx: ssl_client_certificate; Apache: "
		    "SSLCACertificateFile)", r->client_issuer_top);
	else
		finding_hint(f, "if '%s' is an intermediate issued by one of "
		    "the accepted CAs, append it to the --client-cert file so "
		    "it is sent along (a server whose client CA file holds "
		    "only the root cannot verify the certificate without it: "
		    "nginx verify error 20 or 21); otherwise use a certificate "
		    "from an accepted CA, or add that CA to the server's client "
		    "CA file (nginx: ssl_client_certificate; Apache: "
		    "SSLCACertificateFile)", r->client_issuer_top);
}

static void
rejected_finding(const struct live_result *r, const char *subj,
    const char *names, struct findings *fs)
{
	int a = r->client_cert_failure.alert;
	struct finding *f;

	f = finding_add_file(fs, "live-client-cert-rejected", SEV_FAIL,
	    r->target.label, "the server rejected the client certificate "
	    "'%s': %s; acceptable issuers: %s", subj,
	    r->client_cert_failure.text, names);
	if (f == NULL)
		return;
	if (r->client_issuer == CLIENT_ISSUER_NOT_ACCEPTABLE)
		finding_hint(f, "see live-client-cert-issuer-not-acceptable: "
		    "the certificate does not lead to an accepted issuer");
	else if (r->client_cert_after_handshake)
		finding_hint(f, "read the server's error log for the verify "
		    "error; check that the certificate is valid now, allows "
		    "clientAuth, and that the server's client CA file and "
		    "verify depth (nginx: ssl_client_certificate, "
		    "ssl_verify_depth) cover its whole chain");
	else
		finding_hint(f, "%s", a == 48 ?
		    "use a client certificate issued by one of the "
		    "acceptable CAs, or add its issuer to the server's "
		    "client CA file (nginx: ssl_client_certificate)" :
		    a == 45 ? "renew the client certificate" :
		    a == 116 ? "the certificate was not sent: check "
		    "--client-cert and --client-key" :
		    "check that the client certificate allows "
		    "clientAuth (extendedKeyUsage) and chains to a CA "
		    "the server trusts");
}

static void
required_finding(const struct live_result *r, const char *names,
    struct findings *fs)
{
	const struct live_cause *c = &r->client_cert_failure;
	struct finding *f;
	char how[96];

	if (c->alert >= 0)
		snprintf(how, sizeof(how), "TLS alert %s",
		    live_alert_name(c->alert));
	else
		snprintf(how, sizeof(how), "it closed the connection");
	if (r->client_cert_after_handshake)
		f = finding_add_file(fs, "live-client-cert-required", SEV_FAIL,
		    r->target.label, "the server requires a client certificate "
		    "and none was sent: %s; acceptable issuers: %s", c->text,
		    names);
	else
		f = finding_add_file(fs, "live-client-cert-required", SEV_FAIL,
		    r->target.label, "the server requires a client certificate "
		    "and none was sent: after asking for one it ended the "
		    "handshake (%s); acceptable issuers: %s", how, names);
	if (f != NULL)
		finding_hint(f, "connect with a client certificate from one "
		    "of the acceptable issuers (--client-cert FILE --client-key "
		    "FILE); if clients need none, make it optional on the "
		    "server (nginx: ssl_verify_client optional; Apache: "
		    "SSLVerifyClient optional)");
}

void
live_client_cert_findings(const struct live_result *r, struct findings *fs)
{
	char names[1024];
	char *subj;
	const char *how;

	if (!r->client_cert_requested)
		return;
	live_ca_names_text(r, names, sizeof(names));
	subj = client_subject(r);
	if (r->client_cert_sent)
		issuer_finding(r, subj != NULL ? subj : "", names, fs);
	if (r->client_cert_rejected)
		rejected_finding(r, subj != NULL ? subj : "", names, fs);
	else if (r->client_cert_required)
		required_finding(r, names, fs);
	else {
		how = !r->client_cert_sent ? r->http.answered ?
		    " (optional: it went on without one and answered the HTTP "
		    "request)" : " (optional: it went on without one; servers "
		    "that verify later, such as nginx, may still refuse "
		    "requests)" : "";
		finding_add_file(fs, "live-client-cert-requested", SEV_INFO,
		    r->target.label, "the server asks for a client "
		    "certificate%s%s%s%s; acceptable issuers: %s",
		    r->client_cert_sent ? " and accepted '" : "",
		    r->client_cert_sent && subj ? subj : "",
		    r->client_cert_sent ? "'" : "", how, names);
	}
	free(subj);
}
