#include "config.h"

#include <string.h>

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
	ctx->warn_days = 30;
	ctx->seclevel = -1;
}

void
checks_run(const struct inventory *inv, const struct check_ctx *ctx,
    struct findings *fs)
{
	for (size_t i = 0; checks[i] != NULL; i++)
		checks[i]->run(inv, ctx, fs);
}

/* A key and a request, no certificate yet: the checks that apply. */
void
checks_run_request(const struct inventory *inv, const struct check_ctx *ctx,
    struct findings *fs)
{
	check_csr.run(inv, ctx, fs);
	check_permissions.run(inv, ctx, fs);
}
