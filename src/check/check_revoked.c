/* revoked: with --crl, a certificate on the path that its issuer has
 * revoked. A CRL that is out of date or not signed by the issuer it
 * names is a warning (crl-invalid); one not signed by it is ignored. A
 * CRL that its issuer had no right to sign (keyUsage without cRLSign) or
 * that breaks the CRL profile (no CRL number, a critical one), that is
 * or out of date leaves the revocation status unknown: clients
 * that check CRLs (OpenSSL with crl_check, nginx's ssl_crl, webpki)
 * refuse the chain, so it is a failure. What else OpenSSL's CRL
 * processing finds (scope, distribution points, indirect CRLs, unknown
 * critical extensions, signatures) comes from a verification with the
 * CRLs given. With --crl the leaf's status must be known, as with
 * openssl verify -crl_check and Apache's SSLCARevocationCheck leaf; a CA
 * certificate is checked when a CRL from its issuer is given. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "chain/chain.h"
#include "chain/chain_words.h"
#include "checks.h"
#include "describe.h"

static const char *
reason_word(const X509_REVOKED *rev)
{
	static const char *const words[] = {
		"unspecified", "keyCompromise", "cACompromise",
		"affiliationChanged", "superseded", "cessationOfOperation",
		"certificateHold", "(unused)", "removeFromCRL",
		"privilegeWithdrawn", "aACompromise",
	};
	ASN1_ENUMERATED *e = X509_REVOKED_get_ext_d2i(rev, NID_crl_reason,
	    NULL, NULL);
	long v = e != NULL ? ASN1_ENUMERATED_get(e) : -1;

	ASN1_ENUMERATED_free(e);
	ERR_clear_error();
	if (v < 0 || v >= (long)(sizeof(words) / sizeof(words[0])))
		return NULL;
	return words[v];
}

/* RFC 5280 5.2.3: a CRL carries a non-critical CRL number. */
static bool
crl_number_ok(const struct object *c, const char *iname,
    struct findings *fs)
{
	int crit = -1;
	ASN1_INTEGER *num = X509_CRL_get_ext_d2i(c->crl, NID_crl_number,
	    &crit, NULL);
	const char *what = num == NULL ? "has no CRL number" :
	    crit == 1 ? "marks its CRL number critical" : NULL;
	struct finding *f;

	ASN1_INTEGER_free(num);
	ERR_clear_error();
	if (what == NULL)
		return true;
	f = finding_add(fs, "crl-invalid", SEV_FAIL, c, "the CRL from %s %s, "
	    "which RFC 5280 5.2.3 forbids: revocation status unknown", iname,
	    what);
	finding_hint(f, "get the CRL from the CA's CRL distribution point; "
	    "a CA whose CRLs break RFC 5280 must fix its CRL profile");
	return false;
}

/* Judges the CRL itself; false when it cannot be relied on at all. */
static bool
crl_usable(const struct object *c, X509 *issuer, time_t now,
    struct findings *fs)
{
	const ASN1_TIME *next = X509_CRL_get0_nextUpdate(c->crl);
	const ASN1_TIME *last = X509_CRL_get0_lastUpdate(c->crl);
	char *iname = name_oneline(X509_CRL_get_issuer(c->crl));
	char date[32];
	time_t t = now, tt;
	struct finding *f;
	bool ok = true;

	/* RFC 5280 6.3.3 (f): a keyUsage, when present, must allow
	 * cRLSign. */
	if (issuer != NULL && (X509_get_extension_flags(issuer) &
	    EXFLAG_KUSAGE) && !(X509_get_key_usage(issuer) & KU_CRL_SIGN)) {
		f = finding_add(fs, "crl-invalid", SEV_FAIL, c,
		    "the CRL is signed by %s, whose keyUsage does not allow "
		    "signing CRLs (cRLSign): revocation status unknown", iname);
		finding_hint(f, "get the CRL from the CA's CRL distribution "
		    "point, signed by a certificate allowed to sign CRLs");
		ok = false;
	}
	if (ok && issuer != NULL) {
		EVP_PKEY *pk = X509_get0_pubkey(issuer);
		if (pk == NULL || X509_CRL_verify(c->crl, pk) != 1) {
			/* Another certificate of that name (a key rollover) may
		 * have signed it: OpenSSL's pass below judges that. */
			f = finding_add(fs, "crl-invalid", SEV_WARN, c,
			    "the CRL names %s as its issuer but is not signed "
			    "by that certificate's key; it was ignored", iname);
			finding_hint(f, "download the current CRL from the "
			    "CA's CRL distribution point");
			ok = false;
		}
	}
	if (ok && !crl_number_ok(c, iname, fs))
		ok = false;
	if (ok && next != NULL && X509_cmp_time(next, &t) < 0) {
		if (!asn1_time_to_time_t(next, &tt))
			tt = 0;
		f = finding_add(fs, "crl-invalid", SEV_FAIL, c,
		    "the CRL from %s is out of date (next update was due %s): "
		    "revocations since then are unknown", iname,
		    format_time(tt, date, sizeof(date)));
		finding_hint(f, "download the current CRL from the CA's CRL "
		    "distribution point");
	} else if (ok && last != NULL && X509_cmp_time(last, &t) > 0) {
		f = finding_add(fs, "crl-invalid", SEV_FAIL, c,
		    "the CRL from %s is not valid yet (issued in the future)",
		    iname);
		finding_hint(f, "check this machine's clock");
	}
	ERR_clear_error();
	free(iname);
	return ok;
}

static void
check_link(const struct inventory *inv, const struct chain_path *p,
    size_t i, time_t now, struct findings *fs, bool *judged)
{
	const struct chain_link *l = &p->links[i];
	X509 *issuer = i + 1 < p->n ? p->links[i + 1].x509 : NULL;

	for (size_t k = 0; k < inv->nobjs; k++) {
		const struct object *c = inv->objs[k];
		X509_REVOKED *rev = NULL;
		if (c->kind != OBJ_CRL || X509_NAME_cmp(X509_CRL_get_issuer(
		    c->crl), X509_get_issuer_name(l->x509)) != 0)
			continue;
		if (!crl_usable(c, issuer, now, fs))
			continue;
		*judged = true;
		if (X509_CRL_get0_by_cert(c->crl, &rev, l->x509) != 1)
			continue;
		char *name = chain_link_name(l), date[32];
		const char *why = reason_word(rev);
		time_t when;
		if (!asn1_time_to_time_t(X509_REVOKED_get0_revocationDate(rev),
		    &when))
			when = 0;
		struct finding *f = finding_add(fs, "revoked", SEV_FAIL,
		    l->obj != NULL ? l->obj : inv->leaf,
		    "%s is revoked since %s%s%s (according to %s)", name,
		    format_time(when, date, sizeof(date)),
		    why != NULL ? ", reason: " : "", why != NULL ? why : "",
		    c->src != NULL ? c->src->path : "the CRL");
		finding_hint(f, i == 0 ? "the certificate can no longer be "
		    "used: get a new one from the CA (with a new key if the "
		    "key was compromised)" : "the CA revoked this "
		    "intermediate: get the chain the CA uses now and have the "
		    "certificate reissued under it");
		free(name);
	}
	ERR_clear_error();
}

struct crl_errors {
	int code[16], depth[16];
	size_t n;
};

static int
collect(int ok, X509_STORE_CTX *x)
{
	struct crl_errors *e = X509_STORE_CTX_get_app_data(x);

	if (!ok && e->n < sizeof(e->code) / sizeof(e->code[0])) {
		e->code[e->n] = X509_STORE_CTX_get_error(x);
		e->depth[e->n++] = X509_STORE_CTX_get_error_depth(x);
	}
	return 1;
}

static bool
crl_from(const struct inventory *inv, const X509_NAME *issuer)
{
	for (size_t k = 0; k < inv->nobjs; k++)
		if (inv->objs[k]->kind == OBJ_CRL && X509_NAME_cmp(
		    X509_CRL_get_issuer(inv->objs[k]->crl), issuer) == 0)
			return true;
	return false;
}

/* OpenSSL's own CRL processing over the path (CRL_CHECK_ALL, as nginx's
 * ssl_crl sets it); the anchor is trusted as it is. */
static void
openssl_crl_pass(const struct inventory *inv, const struct chain_path *p,
    time_t now, struct findings *fs)
{
	X509_STORE *st = X509_STORE_new();
	X509_STORE_CTX *x = X509_STORE_CTX_new();
	STACK_OF(X509) *mid = sk_X509_new_null();
	STACK_OF(X509_CRL) *crls = sk_X509_CRL_new_null();
	struct crl_errors e = { .n = 0 };

	if (st == NULL || x == NULL || mid == NULL || crls == NULL ||
	    p->n < 2)
		goto out;
	X509_STORE_add_cert(st, p->links[p->n - 1].x509);
	for (size_t i = 1; i + 1 < p->n; i++)
		sk_X509_push(mid, p->links[i].x509);
	for (size_t k = 0; k < inv->nobjs; k++)
		if (inv->objs[k]->kind == OBJ_CRL)
			sk_X509_CRL_push(crls, inv->objs[k]->crl);
	if (!X509_STORE_CTX_init(x, st, p->links[0].x509, mid))
		goto out;
	X509_STORE_CTX_set0_crls(x, crls);
	X509_STORE_CTX_set_flags(x, X509_V_FLAG_CRL_CHECK |
	    X509_V_FLAG_CRL_CHECK_ALL | X509_V_FLAG_PARTIAL_CHAIN |
	    X509_V_FLAG_EXTENDED_CRL_SUPPORT);
	X509_STORE_CTX_set_time(x, 0, now);
	X509_STORE_CTX_set_app_data(x, &e);
	X509_STORE_CTX_set_verify_cb(x, collect);
	(void)X509_verify_cert(x);
	for (size_t i = 0; i < e.n; i++) {
		const struct chain_link *l;
		char *name;
		struct finding *f;
		const char *why;
		bool seen = false;
		if (e.depth[i] < 0 || (size_t)e.depth[i] + 1 >= p->n)
			continue;
		for (size_t j = 0; j < i; j++)
			seen |= e.depth[j] == e.depth[i];
		l = &p->links[e.depth[i]];
		switch (e.code[i]) {
		case X509_V_ERR_UNABLE_TO_GET_CRL:
			/* A CA certificate without a CRL from its issuer
			 * given: not checked. */
			if (e.depth[i] > 0 &&
			    !crl_from(inv, X509_get_issuer_name(l->x509)))
				continue;
			why = "no CRL given covers it (scope, distribution "
			    "point or reasons)";
			break;
		case X509_V_ERR_CRL_SIGNATURE_FAILURE:
		case X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE:
			why = "its CRL's signature does not verify";
			break;
		case X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION:
			why = "its CRL has an unknown critical extension";
			break;
		case X509_V_ERR_DIFFERENT_CRL_SCOPE:
		case X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
		case X509_V_ERR_CRL_PATH_VALIDATION_ERROR:
			why = "its CRL's issuer cannot be validated";
			break;
		case X509_V_ERR_CERT_REVOKED:
			why = "OpenSSL finds it revoked";
			break;
		default:
			continue;
		}
		if (seen)
			continue;
		name = chain_link_name(l);
		f = finding_add(fs, e.code[i] == X509_V_ERR_CERT_REVOKED ?
		    "revoked" : "crl-invalid", SEV_FAIL, l->obj != NULL ?
		    l->obj : inv->leaf, "revocation of %s: %s (OpenSSL: %s)",
		    name, why, X509_verify_cert_error_string(e.code[i]));
		finding_hint(f, "give the CA's current CRL for this "
		    "certificate, from its CRL distribution point");
		free(name);
	}
out:
	X509_STORE_CTX_free(x);
	sk_X509_CRL_free(crls);
	sk_X509_free(mid);
	X509_STORE_free(st);
	ERR_clear_error();
}

static void
check_revoked_run(const struct inventory *inv,
    const struct check_ctx *ctx, struct findings *fs)
{
	const struct chain_result *r = ctx->chain;
	const struct chain_path *p;
	bool judged = false;
	size_t before = fs->n;

	if (r == NULL || !r->have_leaf || inventory_count(inv, OBJ_CRL) == 0)
		return;
	p = &r->path;
	/* An anchor is trusted as it is: nothing above it can revoke it. */
	for (size_t i = 0; i < p->n; i++)
		if (!(i == p->n - 1 && p->end != END_MISSING_ISSUER))
			check_link(inv, p, i, ctx->now, fs, &judged);
	/* What the reading above judged is not judged twice. */
	bool failed = false;
	for (size_t i = before; i < fs->n; i++)
		failed |= fs->v[i].sev >= SEV_FAIL;
	if (!failed && p->end == END_ANCHOR)
		openssl_crl_pass(inv, p, ctx->now, fs);
	for (size_t i = before; i < fs->n; i++)
		if (fs->v[i].sev >= SEV_FAIL)
			return;
	if (judged)
		finding_add(fs, "revoked", SEV_PASS, inv->leaf,
		    "no certificate on the path is revoked by the CRLs given");
	else
		finding_add(fs, "revoked", SEV_INFO, inv->leaf,
		    "none of the CRLs given is from an issuer on the path, so "
		    "revocation was not checked");
}

const struct check check_revoked = { "revoked", check_revoked_run };
