/* chain-untrusted: OpenSSL's verdict on the path, in plain words. The
 * path is built once by the command (ctx->chain) and shared by every
 * chain check and by the reports. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/x509.h>

#include "chain/chain.h"
#include "chain/chain_words.h"
#include "checks.h"
#include "chain/verify_reason.h"

/* A valid path exists, but OpenSSL's own path building, given the same
 * certificates and trust store, takes another one and fails. OpenSSL's
 * path builder does not backtrack, so every client built on it fails
 * (nginx, Apache, curl, Python): a failure, not a warning. */
static void
report_misleading(const struct chain_result *r, struct findings *fs,
    const struct object *leaf)
{
	const struct chain_path *bad = &r->alts[r->openssl_alt];
	struct finding *f;
	char *top;

	if (bad->n == 0)
		return;
	top = chain_link_name(&bad->links[bad->n - 1]);
	f = finding_add(fs, "chain-untrusted", SEV_FAIL, leaf,
	    "OpenSSL's path building, given the same certificates and trust "
	    "store, takes a path up to %s that fails (%s) and does not "
	    "backtrack: OpenSSL-based clients (nginx, Apache, curl, Python) "
	    "fail", top, verify_reason_openssl(bad->reason));
	finding_hint(f, "serve only the certificates of the valid path "
	    "(--emit-chain FILE writes them), and remove a distrusted or "
	    "purpose-restricted copy of the CA from the trust store");
	free(top);
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
