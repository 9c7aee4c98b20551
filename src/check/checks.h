/* Checks: independent modules that turn the inventory into findings. */
#ifndef CHECKS_H
#define CHECKS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "certdiag.h"
#include "inventory.h"
#include "finding.h"

struct chain_result;

/* Everything a check may know besides the inventory, built by the command
 * before any check runs (trust store, path, security level: see
 * chain/trust_store.h). No check reads the clock, the environment or the
 * file system: it is all here, and checks only read it. */
struct check_ctx {
	time_t now;		/* --at or the clock, fixed once in main */
	int warn_days;
	const char *const *hosts;	/* --host names, borrowed */
	size_t nhosts;
	enum purpose purpose;
	/* The certification path for inv->leaf, shared by every chain
	 * check and the reports; borrowed. NULL: not built (no leaf, or
	 * ENOMEM), and the chain checks say nothing. */
	const struct chain_result *chain;
	/* The OpenSSL security level this machine applies by default (its
	 * OpenSSL configuration), or -1: unknown, taken as 1. */
	int seclevel;
	/* The leaf was served to a handshake that sent no server name
	 * (SNI): connected by address, so it is the server's default. */
	bool sni_not_sent;
};

struct check {
	const char *name;	/* for --help and debugging, not an id */
	void (*run)(const struct inventory *, const struct check_ctx *,
	    struct findings *);
};

/* The registry: every check, in the order their findings are reported.
 * Adding a check is one new file and one line in checks.c. */
extern const struct check *const checks[];

void check_ctx_init(struct check_ctx *);

void checks_run(const struct inventory *, const struct check_ctx *,
    struct findings *);
/* The request stage: a private key and a CSR, no certificate yet (key
 * and request match, names requested, key strength, signature). */
void checks_run_request(const struct inventory *, const struct check_ctx *,
    struct findings *);

#endif
