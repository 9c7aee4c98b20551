/* chain-untrusted: OpenSSL's verdict on the path, in plain words. The
 * path is built once by the command (ctx->chain) and shared by every
 * chain check and by the reports. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include "chain/chain.h"
#include "chain/chain_words.h"
#include "checks.h"
#include "chain/verify_reason.h"

/* A valid path exists, but OpenSSL's own path building, given the same
 * certificates and trust store, takes another one and fails. OpenSSL's
 * path builder does not backtrack, so every client built on it fails
 * (nginx, Apache, curl, Python): a failure when the trust store's copy
 * of a CA is distrusted or restricted, a warning otherwise. */
static void
report_misleading(const struct chain_result *r, struct findings *fs,
    const struct object *leaf)
{
	const struct chain_path *bad = &r->alts[r->openssl_alt];
	struct finding *f;
	char *top;
	bool distrusted;
	int why;

	if (bad->n == 0)
		return;
	top = chain_link_name(&bad->links[bad->n - 1]);
	/* Through a distrusted or purpose-restricted copy of a CA in the
	 * trust store every OpenSSL client fails; a path through served
	 * certificates depends on what each client is given. */
	distrusted = !bad->trusted &&
	    (bad->reason == X509_V_ERR_CERT_REJECTED ||
	    bad->reason == X509_V_ERR_CERT_UNTRUSTED ||
	    bad->reason == X509_V_ERR_INVALID_PURPOSE);
	/* Trusted only with its anchor's own problems waived: what those
	 * clients refuse is the anchor. */
	why = bad->trusted ? bad->waived : bad->reason;
	f = finding_add(fs, "chain-untrusted", distrusted ? SEV_FAIL :
	    SEV_WARN, leaf, "OpenSSL's path building, given the same "
	    "certificates and trust store, takes a path up to %s that fails "
	    "(%s) and does not backtrack: OpenSSL-based clients (nginx, "
	    "Apache, curl, Python) %s", top,
	    verify_reason_openssl(why), distrusted ? "fail" :
	    "given these certificates fail");
	finding_hint(f, "serve only the certificates of the valid path "
	    "(--emit-chain FILE writes them), and remove a distrusted or "
	    "purpose-restricted copy of the CA from the trust store");
	free(top);
}

/* A certificate whose key OpenSSL cannot load (GOST without its
 * provider) stops path building: say so, not "out of memory". */
static bool
report_unsupported_key(const struct inventory *inv, struct findings *fs)
{
	for (size_t i = 0; i < inv->nobjs; i++) {
		const struct object *o = inv->objs[i];
		const ASN1_OBJECT *oid = NULL;
		char alg[80], *name;
		if (o->kind != OBJ_CERT || X509_get0_pubkey(o->x509) != NULL)
			continue;
		ERR_clear_error();
		X509_PUBKEY_get0_param((ASN1_OBJECT **)&oid, NULL, NULL, NULL,
		    X509_get_X509_PUBKEY(o->x509));
		if (oid == NULL || OBJ_obj2txt(alg, sizeof(alg), oid, 0) <= 0)
			snprintf(alg, sizeof(alg), "unknown");
		name = chain_cert_name(o->x509);
		finding_hint(finding_add(fs, "chain-untrusted", SEV_ERROR, o,
		    "%s has a key of type %s, which this OpenSSL does not "
		    "support: the chain cannot be checked", name != NULL ?
		    name : "a certificate", alg), "use a certificate with an "
		    "RSA, EC or Ed25519 key, or an OpenSSL with a provider for "
		    "this key type");
		free(name);
		return true;
	}
	return false;
}

static void
report_trusted(const struct chain_result *r, struct findings *fs,
    const struct object *leaf)
{
	const struct chain_path *p = &r->path;
	const struct chain_link *a = chain_anchor(p);
	char *name = chain_link_name(a);
	char *from = chain_link_origin(a);

	if (p->n == 1)
		finding_add(fs, "chain-untrusted", SEV_PASS, leaf,
		    "the certificate is itself a trust anchor (%s)", from);
	else
		finding_add(fs, "chain-untrusted", SEV_PASS, leaf,
		    "chain verifies to trusted %s %s (%s)",
		    X509_self_signed(a->x509, 0) == 1 ? "root" : "anchor",
		    name, from);
	free(name);
	free(from);
	if (r->openssl_failed)
		report_misleading(r, fs, leaf);
}

/* Other paths the certificates allow (cross-signs): where each leads and
 * whether it verifies, so that a person knows what clients with other
 * trust stores may build. A few at most. */
static void
report_alternatives(const struct chain_result *r, struct findings *fs,
    const struct object *leaf)
{
	size_t shown = 0;

	for (size_t i = 0; i < r->nalts && shown < 3; i++) {
		const struct chain_path *a = &r->alts[i];
		char *top, *via;
		if (a->n < 2 || (r->openssl_failed && i == r->openssl_alt))
			continue;
		size_t d = 1;
		/* Name it by where it leaves the reported path. */
		while (d < a->n - 1 && d < r->path.n &&
		    X509_cmp(a->links[d].x509, r->path.links[d].x509) == 0)
			d++;
		top = chain_link_name(&a->links[a->n - 1]);
		{
			char *sub = chain_link_name(&a->links[d]);
			char *iss = chain_issuer_name(a->links[d].x509);
			if (asprintf(&via, "%s issued by %s", sub, iss) < 0)
				via = NULL;
			free(sub);
			free(iss);
		}
		if (via == NULL || top == NULL) {
			free(via);
			free(top);
			continue;
		}
		if (a->trusted)
			finding_add(fs, "chain-alternative", SEV_INFO, leaf,
			    "another path also verifies: via %s, to %s", via,
			    top);
		else if (a->end == END_MISSING_ISSUER)
			finding_add(fs, "chain-alternative", SEV_INFO, leaf,
			    "another path, via %s, stops at %s, whose issuer "
			    "is not available", via, top);
		else
			finding_add(fs, "chain-alternative", SEV_INFO, leaf,
			    "another path, via %s, to %s, does not verify (%s)",
			    via, top, verify_reason_openssl(a->reason));
		free(top);
		free(via);
		shown++;
	}
}

/* The path's failure is told by a specific finding with its own fix
 * (chain-incomplete, chain-expired, chain-path-length,
 * chain-name-constraints): a chain problem is told once. An expired
 * cross-sign beside a valid path is only a warning there, so the failure
 * of the path OpenSSL took stays here. */
static bool
told_by_specific(const struct chain_result *r, const struct chain_path *p)
{
	unsigned pr = chain_error_problem(p->reason);

	if (p->end == END_MISSING_ISSUER)
		return true;
	if (p->reason_depth < 0 || (size_t)p->reason_depth >= p->n)
		return false;
	if (pr & LP_EXPIRED) {
		for (size_t i = 0; i < r->nalts; i++)
			if (r->alts[i].trusted)
				return false;
		return true;
	}
	return (pr & (LP_PATH_LENGTH | LP_NAME_CONSTRAINTS)) != 0;
}

static void
check_chain_run(const struct inventory *inv,
    const struct check_ctx *ctx, struct findings *fs)
{
	const struct chain_result *r = ctx->chain;
	const struct chain_path *p;
	const struct chain_link *l;
	struct finding *f;
	char *name, *what = NULL, alg[80];
	const char *hint;

	if (r == NULL) {
		if (!report_unsupported_key(inv, fs))
			finding_add(fs, "chain-untrusted", SEV_ERROR, inv->leaf,
			    "out of memory while building the chain");
		return;
	}
	if (!r->have_leaf)
		return;
	p = &r->path;
	if (p->trusted) {
		report_trusted(r, fs, inv->leaf);
		report_alternatives(r, fs, inv->leaf);
		return;
	}
	l = &p->links[p->reason_depth >= 0 &&
	    (size_t)p->reason_depth < p->n ? p->reason_depth : 0];
	name = chain_link_name(l);
	if (p->end == END_MISSING_ISSUER && chain_sigalg_unsupported(
	    p->links[p->n - 1].x509, alg, sizeof(alg))) {
		free(name);
		name = chain_link_name(&p->links[p->n - 1]);
		finding_hint(finding_add(fs, "chain-untrusted", SEV_FAIL,
		    p->links[p->n - 1].obj != NULL ? p->links[p->n - 1].obj :
		    inv->leaf, "%s is signed with %s, a signature algorithm "
		    "not supported by this OpenSSL (%s): its issuer cannot be "
		    "checked", name, alg, OpenSSL_version(OPENSSL_VERSION)),
		    "have the certificate reissued with a signature algorithm "
		    "OpenSSL-based clients support (ECDSA or RSA with SHA-256)");
		free(name);
		return;
	}
	if (told_by_specific(r, p)) {
		free(name);
		return;
	}
	if (asprintf(&what, verify_reason_text(p->reason), name) < 0)
		what = NULL;
	f = finding_add(fs, "chain-untrusted", SEV_FAIL,
	    l->obj != NULL ? l->obj : inv->leaf, "%s (OpenSSL: %s)",
	    what != NULL ? what : name, verify_reason_openssl(p->reason));
	if ((chain_error_problem(p->reason) & LP_NO_ISSUER) &&
	    p->end != END_TOO_LONG)
		finding_hint(f, "serve the missing intermediate after the "
		    "certificate (see chain-incomplete)");
	else if ((hint = verify_reason_hint(p->reason)) != NULL)
		finding_hint(f, "%s", hint);
	free(what);
	free(name);
}

const struct check check_chain = { "chain-trust", check_chain_run };
