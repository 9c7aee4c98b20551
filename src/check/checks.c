#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "chain/chain.h"
#include "checks.h"

/* Each check module exports one descriptor; list it here, in the order
 * its findings should be reported. */

extern const struct check check_keymatch;
extern const struct check check_validity;
extern const struct check check_hostname;
extern const struct check check_selfsigned;
extern const struct check check_crypto;
extern const struct check check_purpose;
extern const struct check check_permissions;
extern const struct check check_chain, check_chain_issuers,
    check_chain_served, check_chain_path, check_chain_seclevel,
    check_revoked, check_chain_conformance, check_chain_nc,
    check_chain_cabf;
extern const struct check check_renewal;
extern const struct check check_csr;

const struct check *const checks[] = {
	&check_keymatch,
	&check_validity,
	&check_hostname,
	&check_selfsigned,
	&check_chain,
	&check_chain_issuers,
	&check_chain_path,
	&check_chain_served,
	&check_chain_nc,
	&check_chain_conformance,
	&check_chain_cabf,
	&check_revoked,
	&check_chain_seclevel,
	&check_crypto,
	&check_purpose,
	&check_renewal,
	&check_csr,
	&check_permissions,
	NULL
};

void
check_ctx_init(struct check_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->warn_days = 21;
	ctx->use_system_ca = true;
	ctx->verify_depth = -1;
}

void
check_ctx_free(struct check_ctx *ctx)
{
	X509_STORE_free(ctx->store);
	ctx->store = NULL;
	if (ctx->chain != NULL)
		chain_result_free(ctx->chain);
	free(ctx->chain);
	ctx->chain = NULL;
}

X509_STORE *
check_ctx_trust_store(struct check_ctx *ctx, const struct inventory *inv)
{
	X509_STORE *st;

	if (ctx->store != NULL)
		return ctx->store;
	if ((st = X509_STORE_new()) == NULL)
		return NULL;
	if (ctx->use_system_ca) {
		/* Only the hashed directory: issuers are read on demand.
		 * The default file lookup would parse the whole bundle
		 * (hundreds of certificates) on every run. */
		X509_LOOKUP *lu = X509_STORE_add_lookup(st,
		    X509_LOOKUP_hash_dir());
		const char *dir = getenv(X509_get_default_cert_dir_env());
		if (dir == NULL)
			dir = X509_get_default_cert_dir();
		if (lu != NULL)
			X509_LOOKUP_add_dir(lu, dir, X509_FILETYPE_PEM);
	}
	for (size_t i = 0; i < inv->nobjs; i++) {
		const struct object *o = inv->objs[i];
		if (o->kind == OBJ_CERT && o->trusted)
			X509_STORE_add_cert(st, o->x509);
	}
	ERR_clear_error();
	ctx->store = st;
	return st;
}

/* A key and a request, no certificate yet: the checks that apply. */
void
checks_run_request(const struct inventory *inv, struct check_ctx *ctx,
    struct findings *fs)
{
	check_csr.run(inv, ctx, fs);
	check_permissions.run(inv, ctx, fs);
}

void
checks_run(const struct inventory *inv, struct check_ctx *ctx,
    struct findings *fs)
{
	for (size_t i = 0; checks[i] != NULL; i++)
		checks[i]->run(inv, ctx, fs);
}
