/* Renderers: read the inventory and findings, print, judge nothing. */
#ifndef REPORT_H
#define REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "inventory.h"
#include "finding.h"
#include "options.h"

struct live_result;
struct chain_result;
struct deploy_plan;
struct trust_store;

struct report_ctx {
	const struct options *opt;
	time_t now;
	bool color;		/* decided once by main: tty, NO_COLOR, TERM,
				 * --color */
	bool ascii;		/* marks in ASCII: the locale is not UTF-8 */
	const struct live_result *live;	/* the handshake, or NULL */
	size_t files;		/* scan: files examined */
	const struct chain_result *chain;	/* the path, or NULL */
	const struct deploy_plan *plan;	/* check: the deployments, or NULL */
	const struct trust_store *trust;	/* what it was built on, or NULL */
};

void report_text(FILE *, const struct inventory *, const struct findings *,
    const struct report_ctx *);
void report_json(FILE *, const struct inventory *, const struct findings *,
    const struct report_ctx *);
void report_nagios(FILE *, const struct inventory *, const struct findings *,
    const struct report_ctx *);
/* check with several deployments (or --format prometheus): a section,
 * JSON object, Nagios long-output line per deployment (report_deploy.c). */
void report_deployments(FILE *, const struct deploy_plan *,
    const struct report_ctx *);
/* The JSON document of one inventory (report_json prints it). */
struct json_object *report_json_document(const struct inventory *,
    const struct findings *, const struct report_ctx *);
/* The `deployments` array of the plan (NULL when there is none). */
struct json_object *report_deploy_json(const struct report_ctx *);
/* --format prometheus (report_prometheus.c). */
void report_prometheus(FILE *, const struct deploy_plan *,
    const struct report_ctx *);
/* Nagios state of the run: CRITICAL also when a leaf or chain expires
 * within --crit-days. */
const char *nagios_state(const struct deploy_plan *, const struct inventory *,
    const struct findings *, const struct report_ctx *);

/* `certdiag show`: what was loaded, in detail. */
void report_show(FILE *, const struct inventory *, const struct findings *,
    const struct report_ctx *);

/* The live handshake (report_live.c), for the reports above: a text
 * block, and the JSON `live` object (NULL when there was none). */
void report_live_text(FILE *, const struct report_ctx *);
struct json_object *report_live_json(const struct report_ctx *);
/* The certification path (report_chain.c): a tree, leaf to root, before
 * the findings, and the JSON `chain` array (NULL when there is none). */
void report_chain_text(FILE *, const struct report_ctx *);
struct json_object *report_chain_json(const struct report_ctx *);
/* The JSON `trust_store` object: the system bundle and directory used, and
 * where the anchor came from ("ca", "file", "dir"); NULL without a store. */
struct json_object *report_trust_json(const struct report_ctx *);
/* scan: one line per finding, "path: severity: id: message" (with the
 * other places a certificate is stored), hints indented below, and a
 * summary line. */
void report_lines(FILE *, const struct inventory *, const struct findings *,
    const struct report_ctx *);
/* scan: SARIF 2.1.0, for code-scanning dashboards. */
void report_sarif(FILE *, const struct inventory *, const struct findings *,
    const struct report_ctx *);

/* A renderer ran out of memory (said on stderr); the run is
 * incomplete. */
bool report_failed(void);

#endif
