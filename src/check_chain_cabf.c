/* cabf-nonconformant: the CA/Browser Forum Baseline Requirements, which
 * publicly trusted certificates must follow and browsers and webpki
 * hold them to: an extendedKeyUsage that is neither critical nor "any",
 * no CA flags on a subscriber certificate, a subjectAltName that is not
 * critical beside a subject, no underscores in DNS names, RSA keys of
 * whole octets, no extendedKeyUsage on a root. A failure when the chain ends at a root of
 * the system trust store (the Web PKI); for a private CA given with --ca
 * only worth knowing (info), as these rules do not bind it. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "chain.h"
#include "chain_words.h"
#include "checks.h"

struct judge {
	const struct inventory *inv;
	struct findings *fs;
	enum severity sev;
};

static void
say(const struct judge *j, const struct chain_link *l, const char *rule,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
say(const struct judge *j, const struct chain_link *l, const char *rule,
    const char *fmt, ...)
{
	char *name = chain_link_name(l), *what = NULL;
	struct finding *f;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&what, fmt, ap) < 0)
		what = NULL;
	va_end(ap);
	f = finding_add(j->fs, "cabf-nonconformant", j->sev,
	    l->obj != NULL ? l->obj : j->inv->leaf, "%s %s (CA/Browser Forum "
	    "Baseline Requirements %s)", name, what != NULL ? what : "",
	    rule);
	finding_hint(f, j->sev == SEV_FAIL ? "a publicly trusted CA must "
	    "not issue this: have the certificate reissued, and tell the CA" :
	    "a private CA need not follow these rules, but clients that "
	    "apply them (browsers, rustls) reject the certificate");
	free(what);
	free(name);
}

static void
check_subscriber(const struct judge *j, const struct chain_link *l)
{
	GENERAL_NAMES *sans;
	EXTENDED_KEY_USAGE *eku;
	int i, crit = 0;

	sans = X509_get_ext_d2i(l->x509, NID_subject_alt_name, &crit, NULL);
	if (sans != NULL && crit &&
	    X509_NAME_entry_count(X509_get_subject_name(l->x509)) > 0)
		say(j, l, "7.1.2.7.12", "has a critical subjectAltName "
		    "although its subject is not empty");
	for (i = 0; i < sk_GENERAL_NAME_num(sans); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(sans, i);
		if (g->type == GEN_DNS && memchr(ASN1_STRING_get0_data(
		    g->d.dNSName), '_', (size_t)ASN1_STRING_length(
		    g->d.dNSName)) != NULL)
			say(j, l, "7.1.4.2", "has the DNS name \"%.*s\", with an "
			    "underscore", ASN1_STRING_length(g->d.dNSName),
			    (const char *)ASN1_STRING_get0_data(g->d.dNSName));
	}
	GENERAL_NAMES_free(sans);

	/* (Its absence is allowed by RFC 5280 and accepted by every client;
	 * only its form is judged.) */
	i = X509_get_ext_by_NID(l->x509, NID_ext_key_usage, -1);
	if (i >= 0) {
		if (X509_EXTENSION_get_critical(X509_get_ext(l->x509, i)))
			say(j, l, "7.1.2.7.10", "has a critical "
			    "extendedKeyUsage");
		eku = X509_get_ext_d2i(l->x509, NID_ext_key_usage, NULL, NULL);
		for (int k = 0; k < sk_ASN1_OBJECT_num(eku); k++)
			if (OBJ_obj2nid(sk_ASN1_OBJECT_value(eku, k)) ==
			    NID_anyExtendedKeyUsage)
				say(j, l, "7.1.2.7.10", "allows any extended key "
				    "usage (anyExtendedKeyUsage)");
		EXTENDED_KEY_USAGE_free(eku);
	}
	if (X509_check_ca(l->x509) != 0 && X509_self_signed(l->x509, 0) != 1)
		say(j, l, "7.1.2.7.8", "is a CA certificate (basicConstraints "
		    "CA:TRUE or keyUsage keyCertSign), not a subscriber "
		    "certificate");
	ERR_clear_error();
}

static void
run(const struct inventory *inv, struct check_ctx *ctx, struct findings *fs)
{
	const struct chain_result *r = check_ctx_chain(ctx, inv);
	const struct chain_path *p;
	const struct chain_link *a;
	struct judge j = { inv, fs, SEV_INFO };

	if (r == NULL || !r->have_leaf || r->path.n < 2)
		return;
	p = &r->path;
	/* The rules bind publicly trusted CAs: roots of the system store. */
	if ((a = chain_anchor(p)) != NULL && a->origin == LINK_STORE)
		j.sev = SEV_FAIL;
	check_subscriber(&j, &p->links[0]);
	for (size_t i = 0; i < p->n; i++) {
		EVP_PKEY *pk = X509_get0_pubkey(p->links[i].x509);
		int bits;
		if (pk != NULL && EVP_PKEY_is_a(pk, "RSA") &&
		    (bits = EVP_PKEY_get_bits(pk)) % 8 != 0)
			say(&j, &p->links[i], "6.1.5", "has an RSA key of %d "
			    "bits, not a whole number of octets", bits);
	}
	for (size_t i = 1; i < p->n; i++) {
		const struct chain_link *l = &p->links[i];
		if (X509_self_signed(l->x509, 0) == 1 &&
		    X509_get_ext_by_NID(l->x509, NID_ext_key_usage, -1) >= 0)
			say(&j, l, "7.1.2.1.2", "is a root with an "
			    "extendedKeyUsage extension");
	}
	ERR_clear_error();
}

const struct check check_chain_cabf = { "cabf-nonconformant", run };
