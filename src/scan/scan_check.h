/* The core's per-certificate checks, run on every certificate a scan
 * found: each one as the leaf of a small view of the inventory. */
#ifndef SCAN_CHECK_H
#define SCAN_CHECK_H

#include "chain/trust_store.h"
#include "check/checks.h"
#include "finding.h"
#include "inventory.h"

struct scan_checker {
	const struct inventory *inv;	/* borrowed: everything found */
	struct object **cas;	/* owned: every CA certificate found */
	size_t ncas;
	struct check_ctx ctx;	/* the settings of every view (no chain) */
	struct chain_opts chain_opts;
	struct trust_store *trust;	/* borrowed: the current pass's */
};

/* Collects the CA certificates; marks self-signed ones found in the scan
 * as trust anchors, so a private PKI kept in the repository completes its
 * own chains. false on ENOMEM. */
bool scan_checker_init(struct scan_checker *, struct inventory *);
void scan_checker_free(struct scan_checker *);

/* Runs, for certificate cert, the checks of the core that judge one
 * certificate (validity, crypto, hostname: expiry, weak keys and
 * signatures, no-san) with cert alone as the leaf, and the chain checks
 * (completeness, problems on the path) with the CA certificates found
 * and the checker's trust store, each view with a context of its own.
 * Appends every finding to fs (scan_policy.h decides what stays); true
 * when cert's path verifies. Thread-safe for distinct fs. */
bool scan_check_cert(const struct scan_checker *, struct object *cert,
    struct findings *fs);

#endif
