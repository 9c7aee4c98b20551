#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "chain/chain.h"
#include "scan.h"
#include "scan_check.h"

/* Registry names of the core checks that judge a certificate on its
 * own, and of the chain checks that say whether its path is complete and
 * sound. Key pairing is the scan's own (scan_pair.c); served-chain order,
 * hostnames asked for and file permissions mean nothing in a repository. */
static const char *const cert_checks[] = {
	"validity", "crypto", "hostname", NULL
};
static const char *const chain_checks[] = {
	"chain-issuers", "chain-path", NULL
};

static const struct check *
check_named(const char *name)
{
	for (size_t i = 0; checks[i] != NULL; i++)
		if (strcmp(checks[i]->name, name) == 0)
			return checks[i];
	return NULL;
}

bool
scan_checker_init(struct scan_checker *sc, struct inventory *inv)
{
	memset(sc, 0, sizeof(*sc));
	sc->inv = inv;
	if ((sc->cas = calloc(inv->nobjs + 1, sizeof(*sc->cas))) == NULL)
		return false;
	for (size_t i = 0; i < inv->nobjs; i++) {
		struct object *o = inv->objs[i];
		if (o->kind != OBJ_CERT || !object_is_ca(o))
			continue;
		sc->cas[sc->ncas++] = o;
		if (X509_self_signed(o->x509, 0) == 1)
			o->trusted = true;
	}
	ERR_clear_error();
	return true;
}

void
scan_checker_free(struct scan_checker *sc)
{
	free(sc->cas);
	memset(sc, 0, sizeof(*sc));
}

/* The context of one view: the scan's settings and the view's own path
 * (NULL: none built). */
static struct check_ctx
view_ctx(const struct check_ctx *settings, const struct chain_result *chain)
{
	struct check_ctx ctx = *settings;

	ctx.chain = chain;
	return ctx;
}

/* Runs the named checks on view, with its path when with_chain; true
 * when that path verifies. */
static bool
run_view(const struct scan_checker *sc, const struct inventory *view,
    const char *const *names, bool with_chain, struct findings *fs)
{
	struct chain_result chain = { 0 };
	struct check_ctx ctx;
	struct findings scratch;
	bool built, trusted;

	built = with_chain && trust_store_chain(sc->trust, view,
	    &sc->chain_opts, &chain) == 0;
	ctx = view_ctx(&sc->ctx, built ? &chain : NULL);
	findings_init(&scratch);
	for (size_t i = 0; names[i] != NULL; i++) {
		const struct check *c = check_named(names[i]);
		if (c != NULL)
			c->run(view, &ctx, &scratch);
	}
	trusted = built && chain.have_leaf && chain.path.trusted;
	chain_result_free(&chain);
	scan_findings_move(fs, &scratch, NULL);
	ERR_clear_error();
	return trusted;
}

bool
scan_check_cert(const struct scan_checker *sc, struct object *cert,
    struct findings *fs)
{
	bool trusted;

	struct inventory view;
	struct object *one[1] = { cert }, **objs;
	size_t n = 0;

	memset(&view, 0, sizeof(view));
	view.objs = one;
	view.nobjs = 1;
	view.leaf = cert;
	run_view(sc, &view, cert_checks, false, fs);

	/* A self-signed certificate is its own path. */
	if (X509_self_signed(cert->x509, 0) == 1) {
		ERR_clear_error();
		return true;
	}
	if ((objs = calloc(sc->ncas + 1, sizeof(*objs))) == NULL) {
		finding_add(fs, "scan-error", SEV_ERROR, cert,
		    "out of memory while checking the chain");
		return false;
	}
	objs[n++] = cert;
	for (size_t i = 0; i < sc->ncas; i++)
		if (sc->cas[i] != cert)
			objs[n++] = sc->cas[i];
	view.objs = objs;
	view.nobjs = n;
	trusted = run_view(sc, &view, chain_checks, true, fs);
	free(objs);
	return trusted;
}
