/* The deployment pipeline of `certdiag check`: the command line becomes
 * deployments (plain files, folders split by key, sources named with
 * --from or recognised by content), and each deployment is loaded into
 * its own inventory and checked on its own. */
#ifndef DEPLOY_PIPELINE_H
#define DEPLOY_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "chain/chain.h"
#include "chain/trust_store.h"
#include "check/checks.h"
#include "deploy/deployment.h"
#include "finding.h"
#include "inventory.h"
#include "live/live.h"
#include "load/load.h"
#include "options.h"

/* One deployment, loaded and checked. */
struct deploy_result {
	const struct deployment *d;	/* borrowed from the plan */
	struct inventory inv;
	struct findings fs;
	struct check_ctx ctx;
	/* What the checks are given, built before they run. */
	struct trust_store trust;
	struct chain_result chain;
	struct chain_opts chain_opts;
	struct live_result live;
	bool have_live;		/* a handshake was attempted */
	const char *live_name;	/* name checked when no --host: borrowed
				 * from live */
};

struct deploy_plan {
	struct deployments ds;
	struct deploy_result *r;	/* owned; one per deployment */
	size_t n;
	/* Plain files given as positional arguments: the files deployment
	 * loads them with --cert, --key, ... exactly as check always did. */
	const char **plain;
	size_t nplain;
	bool files_only;	/* nothing but plain files and options */
};

/* Turns opt into deployments. Never fails: what cannot be read becomes a
 * deployment of kind DEPLOY_SOURCE holding the error findings. */
void deploy_plan_build(struct deploy_plan *, const struct options *,
    struct load_ctx *);
/* Every path as a plain file (show, which splits nothing). */
void deploy_plan_build_files(struct deploy_plan *, const struct options *);
/* Loads and checks deployment i (see cmd_check.c for the checks). */
void deploy_load(struct deploy_plan *, size_t i, const struct options *,
    struct load_ctx *);
void deploy_plan_free(struct deploy_plan *);

/* The worst severity of one deployment, and of the run. */
enum severity deploy_worst(const struct deploy_result *);
enum severity deploy_plan_worst(const struct deploy_plan *);
/* Days until the earliest expiry among the leaf and its chain (negative:
 * expired); false when the deployment has no certificate. */
bool deploy_min_days(const struct deploy_result *, time_t now, long *days);
/* Monitoring: a deployment is critical when it fails, or when its leaf
 * or chain expires within crit_days (or has expired). */
bool deploy_critical(const struct deploy_result *, time_t now,
    int crit_days);

#endif
