/* chain-incomplete: an issuer on the path is not served. Either nobody
 * has it (the path stops), or only this machine has it (its trust store,
 * or a download from the AIA URL), so other clients fail. */
#include "config.h"

#include <stdlib.h>

#include <openssl/x509.h>

#include "chain/chain.h"
#include "chain/chain_words.h"
#include "checks.h"

/* Above an intermediate that was served (or given), with no address to
 * download its issuer from, what is missing is most likely a private
 * root: the chain itself is complete, the client's store lacks the
 * root. Said in words, since the remedy differs from serving more. */
static const char *
private_root_words(const struct chain_path *p, const char *url)
{
	const struct chain_link *last = &p->links[p->n - 1];

	if (p->n < 2 || url != NULL || last->origin != LINK_SERVED)
		return "";
	return "; the chain up to it is complete: most likely the missing "
	    "issuer is a private root that is missing from this client's "
	    "trust store, not an intermediate the server fails to send";
}

static void
report_stop(const struct inventory *inv, const struct chain_path *p,
    struct findings *fs)
{
	const struct chain_link *last = &p->links[p->n - 1];
	char *name = chain_link_name(last);
	char *issuer = chain_issuer_name(last->x509);
	char *akid = chain_akid_hex(last->x509);
	char *url = chain_aia_ca_issuers(last->x509);
	struct finding *f;
	char alg[80];

	/* Not missing: unverifiable (chain-untrusted says so). */
	if (chain_sigalg_unsupported(last->x509, alg, sizeof(alg))) {
		free(name);
		free(issuer);
		free(akid);
		free(url);
		return;
	}
	f = finding_add(fs, "chain-incomplete", SEV_FAIL,
	    last->obj != NULL ? last->obj : inv->leaf,
	    /* "was issued by" between the two names: joined by a comma,
	     * two distinguished names read as one. */
	    "%s was issued by %s%s%s%s, which is neither among the files "
	    "given nor in the trust store%s%s%s", name, issuer,
	    akid != NULL ? " (key id " : "", akid != NULL ? akid : "",
	    akid != NULL ? ")" : "",
	    url != NULL ? "; the certificate says it can be downloaded from " :
	    "", url != NULL ? url : "", private_root_words(p, url));
	chain_hint_missing_issuer(f, inv, p);
	free(name);
	free(issuer);
	free(akid);
	free(url);
}

/* An issuer that is on the path but that the server does not send. */
static void
report_unserved(const struct inventory *inv, const struct chain_path *p,
    size_t i, struct findings *fs)
{
	const struct chain_link *l = &p->links[i];
	const struct chain_link *below = &p->links[i - 1];
	char *name = chain_link_name(l);
	char *child = chain_link_name(below);
	char *from = chain_link_origin(l);
	struct finding *f;

	if (l->origin == LINK_FETCHED)
		f = finding_add(fs, "chain-incomplete", SEV_FAIL,
		    below->obj != NULL ? below->obj : inv->leaf,
		    "the intermediate %s, issuer of %s, is not served; it was "
		    "%s for this check only", name, child, from);
	else
		f = finding_add(fs, "chain-incomplete", SEV_FAIL,
		    below->obj != NULL ? below->obj : inv->leaf,
		    "the intermediate %s, issuer of %s, is not served: it was "
		    "found in this machine's trust store, so the chain verifies "
		    "here but fails for clients that lack it", name, child);
	finding_hint(f, "serve it after the certificate (--emit-chain "
	    "fullchain.pem writes the complete chain), and point the server "
	    "at that file");
	free(name);
	free(child);
	free(from);
}

static void
check_chain_issuers_run(const struct inventory *inv,
    const struct check_ctx *ctx, struct findings *fs)
{
	const struct chain_result *r = ctx->chain;
	const struct chain_path *p;
	bool complete = true;

	if (r == NULL || !r->have_leaf)
		return;
	p = &r->path;
	if (p->end == END_MISSING_ISSUER) {
		report_stop(inv, p, fs);
		complete = false;
	}
	for (size_t i = 1; i < p->n; i++) {
		const struct chain_link *l = &p->links[i];
		/* Roots are never sent; --ca anchors are the user's choice,
		 * and so is a store certificate whose issuer the store lacks. */
		if (((l->origin == LINK_STORE && r->anchor_is_intermediate) ||
		    l->origin == LINK_FETCHED) &&
		    X509_self_signed(l->x509, 0) != 1) {
			report_unserved(inv, p, i, fs);
			complete = false;
		}
	}
	if (complete && p->n > 1) {
		char *top = chain_link_name(&p->links[p->n - 1]);
		finding_add(fs, "chain-incomplete", SEV_PASS, inv->leaf,
		    "the chain is complete: %zu certificates from the leaf to "
		    "%s", p->n, top);
		free(top);
	}
}

const struct check check_chain_issuers = {
	"chain-issuers", check_chain_issuers_run
};
