/* Checks: independent modules that turn the inventory into findings. */
#ifndef CHECKS_H
#define CHECKS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <openssl/x509_vfy.h>

#include "certdiag.h"
#include "inventory.h"
#include "finding.h"

struct chain_result;

/* Everything a check may know besides the inventory. No check reads the
 * clock, the environment or the file system: it is all here. */
struct check_ctx {
	time_t now;		/* --at or the clock, fixed once in main */
	int warn_days;
	const char *const *hosts;	/* --host names, borrowed */
	size_t nhosts;
	enum purpose purpose;
	bool use_system_ca;
	int verify_depth;	/* intermediates allowed (--verify-depth), or -1 */
	/* Trust store: every ROLE_CA certificate, plus the system store's
	 * hashed directory (looked up lazily) when use_system_ca. Built on
	 * first use by check_ctx_trust_store(); owned by the ctx. */
	X509_STORE *store;
	/* The certification path, built on first use by check_ctx_chain()
	 * and kept for every chain check and for the reports; owned. */
	struct chain_result *chain;
	bool chain_lean;	/* build it lean (chain_opts.lean): scan */
	/* The OpenSSL security level this machine applies by default (from
	 * its OpenSSL configuration), read on first use unless set. */
	bool have_seclevel;
	int seclevel;
};

struct check {
	const char *name;	/* for --help and debugging, not an id */
	void (*run)(const struct inventory *, struct check_ctx *,
	    struct findings *);
};

/* The registry: every check, in the order their findings are reported.
 * Adding a check is one new file and one line in checks.c. */
extern const struct check *const checks[];

void check_ctx_init(struct check_ctx *);
void check_ctx_free(struct check_ctx *);
/* The trust store for inv (see above), or NULL on ENOMEM. */
X509_STORE *check_ctx_trust_store(struct check_ctx *, const struct inventory *);

/* The path for inv->leaf (see chain.h), or NULL on ENOMEM. */
const struct chain_result *check_ctx_chain(struct check_ctx *,
    const struct inventory *);

void checks_run(const struct inventory *, struct check_ctx *,
    struct findings *);
/* The request stage: a private key and a CSR, no certificate yet (key
 * and request match, names requested, key strength, signature). */
void checks_run_request(const struct inventory *, struct check_ctx *,
    struct findings *);

#endif
