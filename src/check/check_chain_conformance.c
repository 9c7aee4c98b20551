/* chain-nonconformant: a certificate on the path breaks a rule of
 * RFC 5280 or of the CA/Browser Forum baseline requirements that strict
 * clients (browsers, Go, rustls, OpenSSL -x509_strict) enforce while
 * OpenSSL by default does not. What OpenSSL's strict mode finds comes from
 * the chain result; the rest is read here with libcrypto. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "chain/chain.h"
#include "chain/chain_words.h"
#include "checks.h"
#include "chain/verify_reason.h"

#define MAX_SERIAL_OCTETS	20	/* RFC 5280 4.1.2.2 */

static void
say(const struct inventory *inv, const struct chain_link *l,
    struct findings *fs, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void
say(const struct inventory *inv, const struct chain_link *l,
    struct findings *fs, const char *hint, const char *fmt, ...)
{
	char *name = chain_link_name(l), *what = NULL;
	struct finding *f;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&what, fmt, ap) < 0)
		what = NULL;
	va_end(ap);
	f = finding_add(fs, "chain-nonconformant", SEV_FAIL,
	    l->obj != NULL ? l->obj : inv->leaf, "%s %s", name,
	    what != NULL ? what : "is malformed");
	finding_hint(f, "%s", hint);
	free(what);
	free(name);
}

static const char *const REISSUE = "have the CA reissue the certificate: "
    "strict clients reject it";

/* Rules of form that bind the CA issuing the certificate but that path
 * validation does not apply (RFC 5280 6.1 reads cA, not criticality)
 * and browsers accept: worth a warning, not a failure. */
static bool
form_only(int code, int depth)
{
	/* The leaf is not used as a CA: "not a CA" there is form. */
	return (code == X509_V_ERR_INVALID_CA && depth == 0) ||
	    code == X509_V_ERR_CA_BCONS_NOT_CRITICAL ||
	    code == X509_V_ERR_KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA ||
	    code == X509_V_ERR_PATHLEN_INVALID_FOR_NON_CA ||
	    code == X509_V_ERR_PATHLEN_WITHOUT_KU_KEY_CERT_SIGN;
}

static void
strict_errors(const struct inventory *inv, const struct chain_result *r,
    struct findings *fs)
{
	const struct chain_path *p = &r->path;

	for (size_t i = 0; i < r->nstrict; i++) {
		const struct chain_error *e = &r->strict[i];
		const char *hint = verify_reason_hint(e->code);
		char *name, *what = NULL;
		struct finding *f;
		bool seen = false;

		for (size_t j = 0; j < i; j++)
			if (r->strict[j].code == e->code &&
			    r->strict[j].depth == e->depth)
				seen = true;
		if (seen || e->depth < 0 || (size_t)e->depth >= p->n)
			continue;
		/* RFC 5280 6.1.1(d): a trust anchor is its name and key; its
		 * extensions' form is not judged. */
		if (p->end == END_ANCHOR && p->n > 1 &&
		    (size_t)e->depth == p->n - 1)
			continue;
		name = chain_link_name(&p->links[e->depth]);
		if (asprintf(&what, verify_reason_text(e->code), name) < 0)
			what = NULL;
		f = finding_add(fs, "chain-nonconformant", form_only(e->code, e->depth) ?
		    SEV_WARN : SEV_FAIL, p->links[e->depth].obj != NULL ? p->links[e->depth].obj :
		    inv->leaf, "%s, which RFC 5280 forbids (OpenSSL "
		    "-x509_strict: %s)", what != NULL ? what : name,
		    verify_reason_openssl(e->code));
		finding_hint(f, "%s", hint != NULL ? hint : REISSUE);
		free(what);
		free(name);
	}
}

static void
check_serial(const struct inventory *inv, const struct chain_link *l,
    struct findings *fs)
{
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(l->x509), NULL);
	int octets;

	if (bn == NULL) {
		ERR_clear_error();
		return;
	}
	/* DER needs one more octet than the magnitude for the sign bit. */
	octets = BN_num_bits(bn) / 8 + 1;
	if (BN_is_negative(bn))
		say(inv, l, fs, REISSUE, "has a negative serial number; RFC "
		    "5280 requires a positive one");
	else if (BN_is_zero(bn)) {
		/* RFC 5280 4.1.2.2 asks relying parties to handle it
		 * gracefully, and clients accept it. */
		char *name = chain_link_name(l);
		finding_hint(finding_add(fs, "chain-nonconformant", SEV_WARN,
		    l->obj != NULL ? l->obj : inv->leaf, "%s has serial number "
		    "0; RFC 5280 requires a positive one", name), "%s", REISSUE);
		free(name);
	} else if (octets > MAX_SERIAL_OCTETS)
		say(inv, l, fs, REISSUE, "has a serial number of %d octets; "
		    "RFC 5280 allows at most %d", octets, MAX_SERIAL_OCTETS);
	BN_free(bn);
}

static void
check_key(const struct inventory *inv, const struct chain_link *l,
    struct findings *fs)
{
	EVP_PKEY *pk = X509_get0_pubkey(l->x509);

	if (pk == NULL) {
		ERR_clear_error();
		return;
	}
	/* RFC 5280 allows DSA; the CA/Browser Forum rule is judged with
	 * the other Web PKI rules (check_chain_cabf.c). */
	(void)inv;
	(void)fs;
	(void)pk;

}

/* Self-signed by name and signature: X509_self_signed() would also
 * demand matching key identifiers, which is what is being checked. */
static bool
signs_itself(X509 *x)
{
	bool r = X509_NAME_cmp(X509_get_subject_name(x),
	    X509_get_issuer_name(x)) == 0 &&
	    X509_verify(x, X509_get0_pubkey(x)) == 1;

	ERR_clear_error();
	return r;
}

static void
check_akid(const struct inventory *inv, const struct chain_link *l,
    struct findings *fs)
{
	AUTHORITY_KEYID *akid;
	const ASN1_OCTET_STRING *skid;
	int crit = 0;

	akid = X509_get_ext_d2i(l->x509, NID_authority_key_identifier, &crit,
	    NULL);
	if (akid == NULL) {
		ERR_clear_error();
		return;
	}
	skid = X509_get0_subject_key_id(l->x509);
	if (akid->keyid == NULL)
		say(inv, l, fs, REISSUE, "has an authority key identifier "
		    "without a key identifier, which RFC 5280 requires in it");
	else if (signs_itself(l->x509) && skid != NULL &&
	    ASN1_OCTET_STRING_cmp(akid->keyid, skid) != 0)
		say(inv, l, fs, REISSUE, "is self-signed but its authority key "
		    "identifier differs from its own subject key identifier");
	AUTHORITY_KEYID_free(akid);
	ERR_clear_error();
}

/* Extensions whose presence is wrong in form, not in meaning. */
static void
check_extensions(const struct inventory *inv, const struct chain_link *l,
    bool anchor, struct findings *fs)
{
	int i = X509_get_ext_by_NID(l->x509, NID_policy_constraints, -1);
	AUTHORITY_INFO_ACCESS *aia;

	if (i >= 0 && !X509_EXTENSION_get_critical(X509_get_ext(l->x509, i)))
		say(inv, l, fs, REISSUE, "has a policyConstraints extension "
		    "that is not critical, as RFC 5280 requires");
	if (anchor)
		return;
	if (X509_get_ext_by_NID(l->x509, NID_info_access, -1) >= 0) {
		aia = X509_get_ext_d2i(l->x509, NID_info_access, NULL, NULL);
		if (aia == NULL || sk_ACCESS_DESCRIPTION_num(aia) == 0)
			say(inv, l, fs, REISSUE, "has an empty or malformed "
			    "authorityInfoAccess extension");
		AUTHORITY_INFO_ACCESS_free(aia);
	}
	ERR_clear_error();
}

/* RFC 5280 4.2.1.6: a dNSName is in the preferred name syntax (letters,
 * digits, hyphens; "*" as a whole leftmost label): no underscore. */
static void
check_dns_names(const struct inventory *inv, const struct chain_link *l,
    struct findings *fs)
{
	GENERAL_NAMES *sans = X509_get_ext_d2i(l->x509, NID_subject_alt_name,
	    NULL, NULL);

	for (int i = 0; i < sk_GENERAL_NAME_num(sans); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(sans, i);
		if (g->type == GEN_DNS && memchr(ASN1_STRING_get0_data(
		    g->d.dNSName), '_', (size_t)ASN1_STRING_length(
		    g->d.dNSName)) != NULL)
			say(inv, l, fs, REISSUE, "has the DNS name \"%.*s\", with "
			    "an underscore, which RFC 5280 4.2.1.6 forbids",
			    ASN1_STRING_length(g->d.dNSName),
			    (const char *)ASN1_STRING_get0_data(g->d.dNSName));
	}
	GENERAL_NAMES_free(sans);
	ERR_clear_error();
}

/* A dNSName constraint is a host name: ".example.com" is the form of
 * URI and e-mail constraints, not of DNS ones (RFC 5280 4.2.1.10). */
static void
check_constraint_names(const struct inventory *inv,
    const struct chain_link *l, struct findings *fs)
{
	NAME_CONSTRAINTS *nc = X509_get_ext_d2i(l->x509, NID_name_constraints,
	    NULL, NULL);
	STACK_OF(GENERAL_SUBTREE) *lists[2];

	if (nc == NULL) {
		ERR_clear_error();
		return;
	}
	lists[0] = nc->permittedSubtrees;
	lists[1] = nc->excludedSubtrees;
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < sk_GENERAL_SUBTREE_num(lists[k]); i++) {
			const GENERAL_NAME *g = sk_GENERAL_SUBTREE_value(
			    lists[k], i)->base;
			if (g->type == GEN_DNS &&
			    ASN1_STRING_length(g->d.dNSName) > 0 &&
			    ASN1_STRING_get0_data(g->d.dNSName)[0] == '.')
				say(inv, l, fs, REISSUE, "has the DNS name "
				    "constraint \"%.*s\", with a leading period "
				    "(RFC 5280 4.2.1.10)",
				    ASN1_STRING_length(g->d.dNSName),
				    (const char *)ASN1_STRING_get0_data(
				    g->d.dNSName));
		}
	NAME_CONSTRAINTS_free(nc);
}

static void
check_chain_conformance_run(const struct inventory *inv,
    const struct check_ctx *ctx, struct findings *fs)
{
	const struct chain_result *r = ctx->chain;
	const struct chain_path *p;

	if (r == NULL || !r->have_leaf)
		return;
	p = &r->path;
	strict_errors(inv, r, fs);
	for (size_t i = 0; i < p->n; i++) {
		const struct chain_link *l = &p->links[i];
		/* A trust anchor is trusted as it is; only what makes its
		 * signatures unusable counts there. */
		bool anchor = p->end == END_ANCHOR && i == p->n - 1 && i > 0;
		check_key(inv, l, fs);
		check_akid(inv, l, fs);
		check_extensions(inv, l, anchor, fs);
		/* An anchor's name constraints are applied (6.1.1(d)
		 * allows them as input): their form counts there too. */
		check_constraint_names(inv, l, fs);
		if (!anchor) {
			check_serial(inv, l, fs);
			check_dns_names(inv, l, fs);
		}
	}
	ERR_clear_error();
}

const struct check check_chain_conformance = {
	"chain-nonconformant", check_chain_conformance_run
};
