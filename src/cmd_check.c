/* certdiag check, show and connect: load the files named (and the chain a
 * live server serves), build the check context, run the checks, render. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/checks.h"
#include "commands.h"
#include "deploy/bundle.h"
#include "deploy/pipeline.h"
#include "finding.h"
#include "inventory.h"
#include "live/aia_fetch.h"
#include "live/live.h"
#include "load/load.h"
#include "load/pass.h"
#include "report/emit_chain.h"
#include "report/report.h"

bool
use_color(const struct options *opt)
{
	const char *nc = getenv("NO_COLOR");

	if (opt->color == COLOR_ALWAYS)
		return true;
	if (opt->color == COLOR_NEVER || (nc != NULL && *nc != '\0'))
		return false;
	return isatty(STDOUT_FILENO) == 1;
}

/* The files deployment: what check always loaded. With other
 * deployments beside it, positional paths are only the plain files and
 * --ca/--crl are loaded by every deployment alike (deploy_load). */
static void
load_all(struct inventory *inv, struct findings *fs, struct load_ctx *lc,
    const struct options *opt, const struct deploy_plan *p)
{
	static const struct {
		size_t off;
		enum role role;
	} lists[] = {
		{ offsetof(struct options, inputs), ROLE_AUTO },
		{ offsetof(struct options, certs), ROLE_CERT },
		{ offsetof(struct options, keys), ROLE_KEY },
		{ offsetof(struct options, chains), ROLE_CHAIN },
		{ offsetof(struct options, cas), ROLE_CA },
		{ offsetof(struct options, crls), ROLE_CRL },
		{ offsetof(struct options, previous), ROLE_PREVIOUS },
		{ offsetof(struct options, csrs), ROLE_CSR },
	};

	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		const struct strlist *l = (const struct strlist *)
		    ((const char *)opt + lists[i].off);
		if (!p->files_only && lists[i].role == ROLE_AUTO) {
			for (size_t j = 0; j < p->nplain; j++)
				load_path(inv, fs, lc, p->plain[j], ROLE_AUTO);
			continue;
		}
		for (size_t j = 0; j < l->n; j++)
			load_path(inv, fs, lc, l->v[j], lists[i].role);
	}
}

/* The formats of check, show and connect. */
static void
render(const struct options *opt, const struct inventory *inv,
    const struct findings *fs, const struct live_result *live,
    const struct chain_result *chain, const struct deploy_plan *plan)
{
	static const struct {
		enum format format;
		void (*fn)(FILE *, const struct inventory *,
		    const struct findings *, const struct report_ctx *);
	} formats[] = {
		{ FMT_TEXT, report_text },
		{ FMT_JSON, report_json },
		{ FMT_NAGIOS, report_nagios },
	};
	struct report_ctx rc = { .opt = opt, .now = opt->at,
	    .color = use_color(opt), .live = live, .chain = chain,
	    .plan = plan };

	if (opt->cmd == CMD_SHOW && opt->format == FMT_TEXT) {
		report_show(stdout, inv, fs, &rc);
		return;
	}
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (formats[i].format == opt->format) {
			formats[i].fn(stdout, inv, fs, &rc);
			return;
		}
	report_text(stdout, inv, fs, &rc);
}

/* Every path the command line names: --emit-chain must not replace one
 * of them (nor a file below a named directory) without --force. */
static size_t
named_paths(const struct options *o, const char **v, size_t cap)
{
	const struct strlist *lists[] = { &o->inputs, &o->certs, &o->keys,
	    &o->chains, &o->cas, &o->crls, &o->previous, &o->csrs };
	const char *one[] = { o->client_cert, o->client_key,
	    o->pass_spec != NULL && strncmp(o->pass_spec, "file:", 5) == 0 ?
	    o->pass_spec + 5 : NULL };
	size_t n = 0;

	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		for (size_t j = 0; j < lists[i]->n && n < cap; j++)
			v[n++] = lists[i]->v[j];
	for (size_t i = 0; i < sizeof(one) / sizeof(one[0]) && n < cap; i++)
		if (one[i] != NULL)
			v[n++] = one[i];
	return n;
}

static void
emit(const struct options *o, struct check_ctx *ctx, struct inventory *inv,
    struct findings *fs)
{
	size_t cap = o->inputs.n + o->certs.n + o->keys.n + o->chains.n +
	    o->cas.n + o->crls.n + o->previous.n + o->csrs.n + 3;
	const char **named = calloc(cap, sizeof(*named));

	if (named == NULL) {
		finding_add_file(fs, "emit-chain", SEV_ERROR, o->emit_chain,
		    "%s not written: out of memory", o->emit_chain);
		return;
	}
	emit_chain(o->emit_chain, check_ctx_chain(ctx, inv), inv, named,
	    named_paths(o, named, cap), o->force, fs);
	free(named);
}

/* Loads, connects and checks deployment i of the plan. */
static void
check_deployment(const struct options *opt, struct deploy_plan *plan,
    size_t i, struct load_ctx *lc)
{
	struct deploy_result *r = &plan->r[i];
	const struct deployment *d = r->d;
	struct options o = *opt;	/* this deployment's live target */
	struct check_ctx *ctx = &r->ctx;
	struct inventory *inv = &r->inv;
	struct findings *fs = &r->fs;
	const char *live_name;

	if (d->kind == DEPLOY_SOURCE)
		return;		/* nothing to load: the source's findings */
	if (d->kind == DEPLOY_FILES)
		load_all(inv, fs, lc, opt, plan);
	else
		deploy_load(plan, i, opt, lc);
	inventory_sort(inv);
	if (opt->connect_each) {
		o.connect = d->listen;
		if (o.servername == NULL && d->nnames > 0)
			o.servername = d->names[0];
		if (d->listen == NULL)
			finding_add_file(fs, "live-no-listen", SEV_INFO,
			    d->origin, "no listen address known for this "
			    "deployment: not connected");
	}
	/* Only when asked: the served chain joins the inventory. */
	if (o.connect != NULL && findings_worst(fs) < SEV_ERROR) {
		live_run(&r->live, inv, fs, lc, &o);
		r->have_live = true;
	}
	if ((opt->cmd != CMD_CHECK && opt->cmd != CMD_CONNECT) ||
	    findings_worst(fs) >= SEV_ERROR)
		return;
	ctx->now = opt->at;
	ctx->warn_days = opt->warn_days;
	ctx->hosts = (const char *const *)opt->hosts.v;
	ctx->nhosts = opt->hosts.n;
	/* A server configuration says which names it serves. */
	if (ctx->nhosts == 0 && d->nnames > 0) {
		ctx->hosts = (const char *const *)d->names;
		ctx->nhosts = d->nnames;
	}
	ctx->purpose = opt->purpose;
	ctx->use_system_ca = !opt->no_system_ca;
	ctx->verify_depth = opt->verify_depth;
	if (inventory_count(inv, OBJ_CERT) == 0 && o.connect == NULL) {
		/* A key and a request: the deployment before its
		 * certificate exists. */
		if (inventory_count(inv, OBJ_CSR) > 0) {
			finding_add(fs, "request-stage", SEV_INFO, NULL,
			    "no certificate yet: checked as a request (key, "
			    "names, strength, signature)");
			checks_run_request(inv, ctx, fs);
		} else
			finding_add(fs, "no-certificate", SEV_ERROR, NULL,
			    "no certificate found in the files given");
		return;
	}
	if (o.connect != NULL && inv->leaf == NULL)
		return;
	if (ctx->nhosts == 0 && o.connect != NULL &&
	    (live_name = live_check_name(&r->live)) != NULL) {
		/* Lives as long as r->live. */
		ctx->hosts = (const char *const *)&r->live_name;
		r->live_name = live_name;
		ctx->nhosts = 1;
	}
	if (opt->fetch_aia)
		aia_complete(inv, ctx, fs);
	checks_run(inv, ctx, fs);
	if (d->kind != DEPLOY_FILES)
		bundle_check(d, inv, fs);
	if (opt->emit_chain != NULL && plan->n == 1)
		emit(opt, ctx, inv, fs);
}

static int
check_show_status(const struct options *opt, enum severity worst)
{
	int status = severity_exit(worst);

	if (opt->cmd == CMD_SHOW && status != EXIT_INCOMPLETE)
		status = EXIT_OK;
	return status;
}

int
cmd_check(const struct options *opt)
{
	struct deploy_plan plan;
	struct pass pass;
	struct load_ctx lc;
	enum severity worst;
	int status;

	pass_init(&pass, opt->pass_spec);
	lc = (struct load_ctx){ .pass = &pass };
	/* show prints what files hold: no deployments to split. */
	if (opt->cmd == CMD_SHOW) {
		deploy_plan_build_files(&plan, opt);
	} else
		deploy_plan_build(&plan, opt, &lc);
	if (plan.n == 0) {
		pass_free(&pass);
		deploy_plan_free(&plan);
		fprintf(stderr, "certdiag: out of memory\n");
		return EXIT_INCOMPLETE;
	}
	if (plan.n > 1 && (opt->connect != NULL || opt->emit_chain != NULL)) {
		fprintf(stderr, "certdiag: --connect HOST and --emit-chain "
		    "need one deployment; these paths hold %zu (see "
		    "--connect-each)\n", plan.n);
		pass_free(&pass);
		deploy_plan_free(&plan);
		return EXIT_INCOMPLETE;
	}
	for (size_t i = 0; i < plan.n; i++)
		check_deployment(opt, &plan, i, &lc);
	pass_free(&pass);

	/* Never skipped in silence: say why nothing was written. */
	if (opt->emit_chain != NULL && opt->cmd != CMD_SHOW &&
	    findings_worst(&plan.r[0].fs) >= SEV_ERROR &&
	    !findings_has(&plan.r[0].fs, "emit-chain"))
		finding_add_file(&plan.r[0].fs, "emit-chain", SEV_ERROR,
		    opt->emit_chain, "%s not written: the check could not "
		    "complete (see the errors above)", opt->emit_chain);

	worst = deploy_plan_worst(&plan);
	if (plan.n == 1 && opt->format != FMT_PROMETHEUS) {
		struct deploy_result *r = &plan.r[0];
		render(opt, &r->inv, &r->fs, r->have_live ? &r->live : NULL,
		    r->ctx.chain, &plan);
	} else
		report_deployments(stdout, &plan, &(struct report_ctx){
		    .opt = opt, .now = opt->at, .color = use_color(opt),
		    .plan = &plan });
	status = check_show_status(opt, worst);
	/* Monitoring: CRITICAL is an exit status too. */
	if (opt->format == FMT_NAGIOS && status < EXIT_FAIL)
		for (size_t i = 0; i < plan.n; i++)
			if (deploy_critical(&plan.r[i], opt->at, opt->crit_days))
				status = EXIT_FAIL;
	deploy_plan_free(&plan);
	return status;
}
