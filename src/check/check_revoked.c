/* revoked: with --crl, a certificate on the path that its issuer has
 * revoked. A CRL that is out of date or not signed by the issuer it
 * names is a warning (crl-invalid); one not signed by it is ignored. */
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
		f = finding_add(fs, "crl-invalid", SEV_WARN, c,
		    "the CRL is signed by %s, whose keyUsage does not allow "
		    "signing CRLs (cRLSign); it was ignored", iname);
		finding_hint(f, "get the CRL from the CA's CRL distribution "
		    "point, signed by a certificate allowed to sign CRLs");
		ok = false;
	}
	if (ok && issuer != NULL) {
		EVP_PKEY *pk = X509_get0_pubkey(issuer);
		if (pk == NULL || X509_CRL_verify(c->crl, pk) != 1) {
			f = finding_add(fs, "crl-invalid", SEV_WARN, c,
			    "the CRL names %s as its issuer but is not signed "
			    "by that certificate's key; it was ignored", iname);
			finding_hint(f, "download the current CRL from the "
			    "CA's CRL distribution point");
			ok = false;
		}
	}
	if (ok && next != NULL && X509_cmp_time(next, &t) < 0) {
		if (!asn1_time_to_time_t(next, &tt))
			tt = 0;
		f = finding_add(fs, "crl-invalid", SEV_WARN, c,
		    "the CRL from %s is out of date (next update was due %s): "
		    "revocations since then are unknown", iname,
		    format_time(tt, date, sizeof(date)));
		finding_hint(f, "download the current CRL from the CA's CRL "
		    "distribution point");
	} else if (ok && last != NULL && X509_cmp_time(last, &t) > 0) {
		f = finding_add(fs, "crl-invalid", SEV_WARN, c,
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
