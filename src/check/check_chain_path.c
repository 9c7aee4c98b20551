/* Problems OpenSSL found on the certificates of the path, one id each:
 * chain-expired, chain-bad-signature, chain-not-ca, chain-path-length,
 * chain-name-constraints, chain-key-usage, chain-purpose; and
 * chain-outlived, an issuer that expires before the leaf. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "chain/chain.h"
#include "chain/chain_words.h"
#include "checks.h"
#include "describe.h"
#include "chain/verify_reason.h"

static const struct {
	unsigned problem;
	const char *id;
} ids[] = {
	{ LP_EXPIRED,		"chain-expired" },
	{ LP_BAD_SIGNATURE,	"chain-bad-signature" },
	{ LP_NOT_CA,		"chain-not-ca" },
	{ LP_PATH_LENGTH,	"chain-path-length" },
	{ LP_NAME_CONSTRAINTS,	"chain-name-constraints" },
	{ LP_KEY_USAGE,		"chain-key-usage" },
	{ LP_PURPOSE,		"chain-purpose" },
};

/* A path other than the one judged, that verifies. */
static const struct chain_path *
valid_alternative(const struct chain_result *r)
{
	for (size_t i = 0; i < r->nalts; i++)
		if (r->alts[i].trusted)
			return &r->alts[i];
	return NULL;
}

static const char *
role_of(const struct chain_path *p, size_t i)
{
	if (i == 0)
		return "the certificate";
	if (i == p->n - 1 && X509_self_signed(p->links[i].x509, 0) == 1)
		return "the root";
	return "the intermediate";
}

/* Who refuses a path over a trust anchor with this problem, which RFC
 * 5280 path validation (6.1.1(d): the anchor is its name and key) and
 * Chrome do not check. GnuTLS applies an anchor's CA flag, keyCertSign
 * and pathLenConstraint, not its extendedKeyUsage. */
static const char *
anchor_refusers(int code)
{
	if (code == X509_V_ERR_INVALID_PURPOSE)
		return "OpenSSL-based clients (curl, Python, nginx and Apache "
		    "as proxies)";
	return "OpenSSL- and GnuTLS-based clients (curl, wget, Python, "
	    "nginx and Apache as proxies)";
}

static void
report(const struct inventory *inv, const struct chain_result *r,
    size_t i, const struct chain_error *e, const char *id,
    struct findings *fs)
{
	const struct chain_path *p = &r->path;
	const struct chain_link *l = &p->links[i];
	const struct chain_path *alt = valid_alternative(r);
	char *name = chain_link_name(l), *what = NULL, *from;
	enum severity sev = SEV_FAIL;
	const char *hint = verify_reason_hint(e->code);
	struct finding *f;

	char *who = NULL;

	/* The role goes with the name wherever the reason puts it: "the
	 * path below the intermediate CN=X is longer ...", never "the
	 * intermediate the path below CN=X". */
	if (asprintf(&who, "%s %s", role_of(p, i), name) < 0)
		who = NULL;
	if (who == NULL ||
	    asprintf(&what, verify_reason_text(e->code), who) < 0)
		what = NULL;
	from = chain_link_origin(l);
	/* The anchor's own problems do not break RFC 5280 path validation,
	 * but the clients that apply them refuse the path: a warning that
	 * names them. */
	if (chain_error_is_anchors_own(p, e)) {
		f = finding_add(fs, id, SEV_WARN, l->obj != NULL ? l->obj :
		    inv->leaf, "%s (%s); it is the trust anchor, which RFC 5280 "
		    "path validation and Chrome judge by its name and key only, "
		    "but %s refuse the path", what != NULL ? what : name,
		    from != NULL ? from : "?", anchor_refusers(e->code));
		/* The certificates below stay valid under a new copy of the
		 * anchor with the same name and key. */
		finding_hint(f, "for those clients, have the CA reissue this "
		    "certificate with the same name and key and the extension "
		    "corrected, and install that copy in their trust stores; "
		    "the certificates below it stay valid");
		goto out;
	}
	/* An expired cross-sign is harmless when another path verifies. */
	if (e->code == X509_V_ERR_CERT_HAS_EXPIRED && alt != NULL)
		sev = SEV_WARN;
	f = finding_add(fs, id, sev, l->obj != NULL ? l->obj : inv->leaf,
	    "%s (%s)%s", what != NULL ? what : name,
	    from != NULL ? from : "?",
	    sev == SEV_WARN ? "; another path verifies without it" : "");
	/* The expired certificate is the trust anchor itself (the DST Root
	 * CA X3 era): there is no current version of it to deploy; the
	 * clients need a trust store with the CA's current root. */
	if (e->code == X509_V_ERR_CERT_HAS_EXPIRED && i > 0 &&
	    i == p->n - 1 && p->end == END_ANCHOR &&
	    (l->origin == LINK_STORE || l->origin == LINK_ANCHOR))
		finding_hint(f, "the certificate is fine; the fix is on the "
		    "clients: update their trust store (the ca-certificates "
		    "package, the Java cacerts) so that it holds the CA's "
		    "current root, or serve the chain to that root");
	else if (hint != NULL)
		finding_hint(f, "%s", hint);
out:
	free(what);
	free(who);
	free(name);
	free(from);
}

static void
report_outlived(const struct inventory *inv, const struct chain_path *p,
    time_t now, struct findings *fs)
{
	time_t leaf_end, end;
	char d1[32], d2[32];

	if (!asn1_time_to_time_t(X509_get0_notAfter(p->links[0].x509),
	    &leaf_end))
		return;
	for (size_t i = 1; i < p->n; i++) {
		const struct chain_link *l = &p->links[i];
		/* A day's margin: certificates issued minutes apart with the
		 * same lifetime are not worth a warning. */
		if (!asn1_time_to_time_t(X509_get0_notAfter(l->x509), &end) ||
		    end + 86400 > leaf_end || end < now)
			continue;
		char *name = chain_link_name(l);
		struct finding *f = finding_add(fs, "chain-outlived", SEV_WARN,
		    l->obj != NULL ? l->obj : inv->leaf,
		    "%s %s expires on %s, %ld days before the leaf (%s): the "
		    "chain breaks then, before the leaf's own expiry",
		    role_of(p, i), name, format_time(end, d1, sizeof(d1)),
		    (long)((leaf_end - end) / 86400),
		    format_time(leaf_end, d2, sizeof(d2)));
		finding_hint(f, "before %s, get the certificate reissued under "
		    "the CA's current %s and deploy the new chain", d1,
		    i == p->n - 1 ? "root" : "intermediate");
		free(name);
	}
}

/* Errors that another finding on the same certificate tells with the
 * right words. OpenSSL also calls a CA certificate whose keyUsage lacks
 * keyCertSign "not a CA" (chain-key-usage tells it); and a certificate
 * that is no CA "not allowed for this purpose", whatever its
 * extendedKeyUsage (chain-not-ca or chain-key-usage tells it). */
static bool
told_otherwise(const struct chain_path *p, size_t i,
    const struct chain_error *e, enum purpose purpose)
{
	X509 *x = p->links[i].x509;
	uint32_t flags = X509_get_extension_flags(x);
	uint32_t want = purpose == PURPOSE_CLIENT ? XKU_SSL_CLIENT :
	    XKU_SSL_SERVER;

	if (e->code == X509_V_ERR_INVALID_CA)
		return (flags & EXFLAG_CA) != 0 &&
		    (X509_get_key_usage(x) & KU_KEY_CERT_SIGN) == 0;
	if (e->code == X509_V_ERR_INVALID_PURPOSE)
		return (p->links[i].problems &
		    (LP_NOT_CA | LP_KEY_USAGE)) != 0 &&
		    ((flags & EXFLAG_XKUSAGE) == 0 ||
		    (X509_get_extended_key_usage(x) & want) != 0);
	return false;
}

static void
check_chain_path_run(const struct inventory *inv,
    const struct check_ctx *ctx, struct findings *fs)
{
	const struct chain_result *r = ctx->chain;
	const struct chain_path *p;

	if (r == NULL || !r->have_leaf)
		return;
	p = &r->path;
	/* Each (certificate, kind of problem) once, at its first error. */
	for (size_t i = 0; i < p->n; i++) {
		unsigned done = 0;
		for (size_t k = 0; k < p->nerrors; k++) {
			const struct chain_error *e = &p->errors[k];
			if (e->depth < 0 || (size_t)e->depth != i ||
			    chain_error_is_leafs_own(e))
				continue;
			for (size_t j = 0; j < sizeof(ids) / sizeof(ids[0]);
			    j++) {
				unsigned pr = ids[j].problem;
				if (!(chain_error_problem(e->code) & pr) ||
				    (done & pr) ||
				    told_otherwise(p, i, e, ctx->purpose))
					continue;
				done |= pr;
				report(inv, r, i, e, ids[j].id, fs);
			}
		}
	}
	report_outlived(inv, p, ctx->now, fs);
}

const struct check check_chain_path = { "chain-path", check_chain_path_run };
