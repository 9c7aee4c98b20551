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

/* Runs the named checks on view; true when the chain they built (if
 * any) verifies. */
static bool
run_view(const struct inventory *view, const struct check_ctx *tmpl,
    const char *const *names, struct findings *fs)
{
	struct check_ctx ctx = *tmpl;
	struct findings scratch;
	bool trusted;

	/* The store is shared, the path is this view's own. */
	ctx.chain = NULL;
	findings_init(&scratch);
	for (size_t i = 0; names[i] != NULL; i++) {
		const struct check *c = check_named(names[i]);
		if (c != NULL)
			c->run(view, &ctx, &scratch);
	}
	trusted = ctx.chain != NULL && ctx.chain->have_leaf &&
	    ctx.chain->path.trusted;
	ctx.store = NULL;
	check_ctx_free(&ctx);
	scan_findings_move(fs, &scratch, SEV_INFO);
	ERR_clear_error();
	return trusted;
}

bool
scan_check_cert(const struct scan_checker *sc, const struct check_ctx *ctx,
    struct object *cert, struct findings *fs)
{
	bool trusted;

	struct inventory view;
	struct object *one[1] = { cert }, **objs;
	size_t n = 0;

	memset(&view, 0, sizeof(view));
	view.objs = one;
	view.nobjs = 1;
	view.leaf = cert;
	run_view(&view, ctx, cert_checks, fs);

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
	trusted = run_view(&view, ctx, chain_checks, fs);
	free(objs);
	return trusted;
}
