/* chain-name-constraints beyond what OpenSSL checks: the extension in the
 * wrong place or form (an end-entity certificate, not critical, with no
 * subtrees at all), and a wildcard name whose matches reach into a subtree
 * a CA above excludes. Violations OpenSSL finds are reported by
 * check_chain_path.c. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "chain/chain.h"
#include "chain/chain_words.h"
#include "checks.h"

static void
say(const struct inventory *inv, const struct chain_link *l,
    struct findings *fs, const char *what)
{
	char *name = chain_link_name(l);
	struct finding *f;

	f = finding_add(fs, "chain-name-constraints", SEV_FAIL,
	    l->obj != NULL ? l->obj : inv->leaf, "%s %s", name, what);
	finding_hint(f, "have the CA certificate reissued with a critical "
	    "nameConstraints extension that lists the permitted or excluded "
	    "names");
	free(name);
}

static void
check_form(const struct inventory *inv, const struct chain_link *l,
    bool leaf, struct findings *fs)
{
	int i = X509_get_ext_by_NID(l->x509, NID_name_constraints, -1);
	NAME_CONSTRAINTS *nc;

	if (i < 0)
		return;
	if (leaf && !X509_check_ca(l->x509)) {
		say(inv, l, fs, "has a nameConstraints extension, which only CA "
		    "certificates may carry (RFC 5280 4.2.1.10)");
		return;
	}
	/* "MUST be critical" binds the CA that issued it; path validation
	 * applies the constraints either way (OpenSSL, GnuTLS, webpki). */
	if (!X509_EXTENSION_get_critical(X509_get_ext(l->x509, i))) {
		char *name = chain_link_name(l);
		finding_add(fs, "chain-name-constraints", SEV_INFO,
		    l->obj != NULL ? l->obj : inv->leaf, "%s has a "
		    "nameConstraints extension that is not critical; it is "
		    "applied all the same", name);
		free(name);
	}
	nc = X509_get_ext_d2i(l->x509, NID_name_constraints, NULL, NULL);
	if (nc == NULL || (sk_GENERAL_SUBTREE_num(nc->permittedSubtrees) <= 0 &&
	    sk_GENERAL_SUBTREE_num(nc->excludedSubtrees) <= 0))
		say(inv, l, fs, "has a nameConstraints extension with neither "
		    "permitted nor excluded names");
	NAME_CONSTRAINTS_free(nc);
	ERR_clear_error();
}

/* Can "*.base" match the excluded DNS name (one label under base)? */
static bool
wildcard_reaches(const char *wild, const char *excluded)
{
	const char *base = wild + 2, *dot;
	size_t bl = strlen(base), el;

	if (*excluded == '.')
		excluded++;
	el = strlen(excluded);
	if (el <= bl + 1 || excluded[el - bl - 1] != '.' ||
	    strcasecmp(excluded + el - bl, base) != 0)
		return false;
	dot = memchr(excluded, '.', el - bl - 1);
	return dot == NULL;
}

static void
check_wildcards(const struct inventory *inv, const struct chain_path *p,
    struct findings *fs)
{
	GENERAL_NAMES *sans = X509_get_ext_d2i(p->links[0].x509,
	    NID_subject_alt_name, NULL, NULL);

	for (int s = 0; s < sk_GENERAL_NAME_num(sans); s++) {
		GENERAL_NAME *g = sk_GENERAL_NAME_value(sans, s);
		char wild[256];
		if (g->type != GEN_DNS || ASN1_STRING_length(g->d.dNSName) < 3 ||
		    ASN1_STRING_length(g->d.dNSName) >= (int)sizeof(wild))
			continue;
		memcpy(wild, ASN1_STRING_get0_data(g->d.dNSName),
		    (size_t)ASN1_STRING_length(g->d.dNSName));
		wild[ASN1_STRING_length(g->d.dNSName)] = '\0';
		if (strncmp(wild, "*.", 2) != 0 || strlen(wild) !=
		    (size_t)ASN1_STRING_length(g->d.dNSName))
			continue;
		for (size_t i = 1; i < p->n; i++) {
			NAME_CONSTRAINTS *nc = X509_get_ext_d2i(
			    p->links[i].x509, NID_name_constraints, NULL, NULL);
			for (int k = 0; nc != NULL &&
			    k < sk_GENERAL_SUBTREE_num(nc->excludedSubtrees);
			    k++) {
				GENERAL_SUBTREE *t = sk_GENERAL_SUBTREE_value(
				    nc->excludedSubtrees, k);
				char ex[256], msg[600], *ca;
				int len;
				if (t->base->type != GEN_DNS)
					continue;
				len = ASN1_STRING_length(t->base->d.dNSName);
				if (len <= 0 || len >= (int)sizeof(ex))
					continue;
				memcpy(ex, ASN1_STRING_get0_data(
				    t->base->d.dNSName), (size_t)len);
				ex[len] = '\0';
				if (!wildcard_reaches(wild, ex))
					continue;
				ca = chain_link_name(&p->links[i]);
				snprintf(msg, sizeof(msg), "has the wildcard name "
				    "%s, which also matches %s, a name %s "
				    "excludes", wild, ex, ca != NULL ? ca : "?");
				say(inv, &p->links[0], fs, msg);
				free(ca);
			}
			NAME_CONSTRAINTS_free(nc);
		}
	}
	GENERAL_NAMES_free(sans);
	ERR_clear_error();
}

/* Host name syntax: letters, digits and hyphens in non-empty labels,
 * a leading "*." allowed. */
static bool
valid_host(const char *s, size_t n)
{
	size_t label = 0;

	if (n >= 2 && s[0] == '*' && s[1] == '.') {
		s += 2;
		n -= 2;
	}
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (label == 0)
				return false;
			label = 0;
		} else if (isalnum((unsigned char)s[i]) || s[i] == '-')
			label++;
		else
			return false;
	}
	return label > 0;
}

static bool
valid_email(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n);

	return at != NULL && at != s && memchr(at + 1, '@',
	    n - (size_t)(at - s) - 1) == NULL &&
	    valid_host(at + 1, n - (size_t)(at - s) - 1);
}

/* Under name constraints, a name that is not well formed cannot be
 * judged against them: strict clients reject it (RFC 5280 4.2.1.10). */
static void
check_names_under_constraints(const struct inventory *inv,
    const struct chain_path *p, struct findings *fs)
{
	GENERAL_NAMES *sans;
	bool constrained = false;

	for (size_t i = 1; i < p->n; i++)
		if (X509_get_ext_by_NID(p->links[i].x509, NID_name_constraints,
		    -1) >= 0)
			constrained = true;
	if (!constrained)
		return;
	sans = X509_get_ext_d2i(p->links[0].x509, NID_subject_alt_name, NULL,
	    NULL);
	for (int i = 0; i < sk_GENERAL_NAME_num(sans); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(sans, i);
		const ASN1_STRING *v;
		char msg[400];
		bool ok;
		if (g->type == GEN_DNS)
			v = g->d.dNSName;
		else if (g->type == GEN_EMAIL)
			v = g->d.rfc822Name;
		else
			continue;
		ok = g->type == GEN_DNS ?
		    valid_host((const char *)ASN1_STRING_get0_data(v),
		    (size_t)ASN1_STRING_length(v)) :
		    valid_email((const char *)ASN1_STRING_get0_data(v),
		    (size_t)ASN1_STRING_length(v));
		if (ok)
			continue;
		snprintf(msg, sizeof(msg), "has the malformed %s \"%.*s\", "
		    "which the name constraints above it cannot be checked "
		    "against", g->type == GEN_DNS ? "DNS name" : "e-mail "
		    "address", ASN1_STRING_length(v) > 200 ? 200 :
		    ASN1_STRING_length(v), (const char *)ASN1_STRING_get0_data(v));
		say(inv, &p->links[0], fs, msg);
	}
	GENERAL_NAMES_free(sans);
	ERR_clear_error();
}

static void
check_chain_nc_run(const struct inventory *inv,
    const struct check_ctx *ctx, struct findings *fs)
{
	const struct chain_result *r = ctx->chain;
	const struct chain_path *p;

	if (r == NULL || !r->have_leaf || r->path.n == 0)
		return;
	p = &r->path;
	for (size_t i = 0; i < p->n; i++)
		check_form(inv, &p->links[i], i == 0, fs);
	check_wildcards(inv, p, fs);
	check_names_under_constraints(inv, p, fs);
}

const struct check check_chain_nc = {
	"chain-name-constraints", check_chain_nc_run
};
