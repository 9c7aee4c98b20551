/* Do keyUsage and extendedKeyUsage let the leaf do its job (TLS server
 * or client authentication)? */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "check_common.h"
#include "checks.h"
#include "describe.h"

/* What a purpose needs of the certificate, by key type. */
struct need {
	const char *role;	/* "server", "client" */
	const char *needs;	/* "a server certificate needs" */
	int xku;		/* XKU_SSL_SERVER or XKU_SSL_CLIENT */
	const char *eku;	/* its extendedKeyUsage name */
	int x509_purpose;
	uint32_t ku;		/* any of these keyUsage bits will do */
	const char *ku_text;
	const char *ku_request;	/* keyUsage for the hint */
};

static void
need_for(enum purpose p, const EVP_PKEY *pk, struct need *n)
{
	bool rsa = pk != NULL && EVP_PKEY_is_a(pk, "RSA");
	bool ec = pk != NULL && EVP_PKEY_is_a(pk, "EC");

	memset(n, 0, sizeof(*n));
	n->ku = KU_DIGITAL_SIGNATURE;
	n->ku_text = "digitalSignature";
	n->ku_request = "critical,digitalSignature";
	if (p == PURPOSE_CLIENT) {
		n->role = "client";
		n->needs = "a client certificate needs";
		n->xku = XKU_SSL_CLIENT;
		n->eku = "clientAuth";
		n->x509_purpose = X509_PURPOSE_SSL_CLIENT;
		if (ec) {
			n->ku |= KU_KEY_AGREEMENT;
			n->ku_text = "digitalSignature (or keyAgreement)";
		}
		return;
	}
	n->role = "server";
	n->needs = "a server certificate needs";
	n->xku = XKU_SSL_SERVER;
	n->eku = "serverAuth";
	n->x509_purpose = X509_PURPOSE_SSL_SERVER;
	if (rsa) {
		/* keyEncipherment: RSA key transport in TLS 1.2 and before. */
		n->ku |= KU_KEY_ENCIPHERMENT;
		n->ku_text = "digitalSignature (or keyEncipherment)";
		n->ku_request = "critical,digitalSignature,keyEncipherment";
	} else if (ec) {
		/* keyAgreement: static ECDH, the EC counterpart. */
		n->ku |= KU_KEY_AGREEMENT;
		n->ku_text = "digitalSignature (or keyAgreement)";
	}
}

/* "clientAuth, emailProtection": every purpose the extension lists. */
static char *
eku_list(X509 *x, int *count)
{
	EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(x, NID_ext_key_usage,
	    NULL, NULL);
	char *out;

	*count = 0;
	if (eku == NULL) {
		ERR_clear_error();
		return strdup("empty");
	}
	out = eku_names(eku, count);
	EXTENDED_KEY_USAGE_free(eku);
	if (out != NULL && *out == '\0') {
		free(out);
		out = strdup("empty");
	}
	return out;
}

static char *
ku_list(uint32_t ku)
{
	char *out = key_usage_names(ku);

	if (out != NULL && *out == '\0') {
		free(out);
		out = strdup("empty");
	}
	return out;
}

static void
request_hint(struct finding *f, const struct inventory *inv,
    const struct need *n)
{
	char *subj = X509_NAME_oneline(X509_get_subject_name(inv->leaf->x509),
	    NULL, 0);

	char **names = cert_names(inv->leaf->x509);
	char *san = names != NULL && names[0] != NULL ?
	    check_san_addext(names, NULL) : NULL;
	char *eku = NULL, *ku = NULL;

	finding_hint(f, "request a new certificate for TLS %s use (the CA's "
	    "TLS %s profile) with the same names; with a CSR", n->role,
	    n->role);
	if (asprintf(&eku, "extendedKeyUsage=%s", n->eku) >= 0 &&
	    asprintf(&ku, "keyUsage=%s", n->ku_request) >= 0)
		check_fix_request(f, inv, subj != NULL && subj[0] != '\0' ?
		    subj : "/CN=NAME", san, eku, ku, NULL);
	free(eku);
	free(ku);
	free(san);
	names_free(names);
	OPENSSL_free(subj);
	ERR_clear_error();
}

/* X25519 and X448 keys agree on keys; they cannot sign. */
static bool
agreement_only(const EVP_PKEY *pk)
{
	return pk != NULL && (EVP_PKEY_is_a(pk, "X25519") ||
	    EVP_PKEY_is_a(pk, "X448"));
}

static void
check_purpose_run(const struct inventory *inv,
    const struct check_ctx *ctx, struct findings *fs)
{
	X509 *x;
	uint32_t flags, xku, ku;
	struct need n;
	struct finding *f = NULL;
	char *label, *list;
	int count, ok;
	bool any_only;

	if (inv->leaf == NULL)
		return;
	x = inv->leaf->x509;
	if ((label = check_cert_label(inv, inv->leaf)) == NULL)
		return;
	need_for(ctx->purpose, X509_get0_pubkey(x), &n);
	flags = X509_get_extension_flags(x);
	xku = X509_get_extended_key_usage(x);
	ku = X509_get_key_usage(x);
	ok = X509_check_purpose(x, n.x509_purpose, 0);
	ERR_clear_error();
	/* anyExtendedKeyUsage without the purpose itself: told last, as a
	 * warning, when nothing else is wrong. */
	any_only = (flags & EXFLAG_XKUSAGE) != 0 && (xku & n.xku) == 0 &&
	    (xku & XKU_ANYEKU) != 0;

	if ((flags & EXFLAG_INVALID) != 0) {
		f = finding_add(fs, "purpose-mismatch", SEV_FAIL, inv->leaf,
		    "%s has malformed extensions: clients will reject it",
		    label);
	} else if ((flags & EXFLAG_XKUSAGE) != 0 && (xku & n.xku) == 0 &&
	    !any_only) {
		list = eku_list(x, &count);
		f = finding_add(fs, "purpose-mismatch", SEV_FAIL, inv->leaf,
		    "extendedKeyUsage is %s%s; %s %s", list != NULL ? list : "?",
		    count == 1 ? " only" : "", n.needs, n.eku);
		free(list);
	} else if (agreement_only(X509_get0_pubkey(x))) {
		/* No keyUsage can make such a key sign: say what it can do
		 * and which TLS use it cannot serve. */
		f = finding_add(fs, "purpose-mismatch", SEV_FAIL, inv->leaf,
		    "%s has an %s key, which can only agree on keys (ECDH), "
		    "never sign: it cannot authenticate a TLS %s (TLS 1.3 and "
		    "ECDHE need a signature)", label, EVP_PKEY_get0_type_name(
		    X509_get0_pubkey(x)), n.role);
		finding_hint(f, "request a certificate for a signing key "
		    "(ECDSA P-256, Ed25519 or RSA)");
		free(label);
		return;
	} else if ((flags & EXFLAG_KUSAGE) != 0 && (ku & n.ku) == 0) {
		char *kdesc = key_description(X509_get0_pubkey(x));
		list = ku_list(ku);
		f = finding_add(fs, "purpose-mismatch", SEV_FAIL, inv->leaf,
		    "keyUsage is %s; %s %s %s certificate needs %s",
		    list != NULL ? list : "?",
		    kdesc != NULL && (kdesc[0] == 'E' || kdesc[0] == 'R') ?
		    "an" : "a", kdesc != NULL ? kdesc : "?", n.role,
		    n.ku_text);
		free(list);
		free(kdesc);
	} else if (ok != 1 && !any_only) {
		/* What remains are the Netscape certificate type and other
		 * legacy restrictions OpenSSL still honours. */
		f = finding_add(fs, "purpose-mismatch", SEV_FAIL, inv->leaf,
		    "%s is not allowed for TLS %s use (its Netscape "
		    "certificate type or other extensions forbid it)", label,
		    n.role);
	}
	if (f == NULL && any_only) {
		/* RFC 5280 4.2.1.12 lets anyExtendedKeyUsage serve any
		 * purpose and lets applications refuse it: Go, GnuTLS, Java
		 * and Chrome accept it, OpenSSL's purpose check that curl,
		 * Python and most servers rely on does not. Clients differ:
		 * a warning naming those that refuse. */
		list = eku_list(x, &count);
		f = finding_add(fs, "purpose-mismatch", SEV_WARN, inv->leaf,
		    "extendedKeyUsage is %s%s; RFC 5280 lets "
		    "anyExtendedKeyUsage serve any purpose and GnuTLS, Go and "
		    "Chrome accept it, but OpenSSL-based clients (curl, Python, "
		    "nginx and Apache as proxies) require %s",
		    list != NULL ? list : "?", count == 1 ? " only" : "", n.eku);
		free(list);
	}
	if (f != NULL)
		request_hint(f, inv, &n);
	else
		finding_add(fs, "purpose-mismatch", SEV_PASS, inv->leaf,
		    "%s may be used for TLS %s authentication", label, n.role);
	free(label);
}

const struct check check_purpose = { "purpose", check_purpose_run };
