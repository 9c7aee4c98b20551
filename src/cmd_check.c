/* certdiag check, show and connect: load the files named (and the chain a
 * live server serves), build the check context, run the checks, render. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/x509v3.h>

#include "chain/chain.h"
#include "chain/trust_store.h"
#include "check/checks.h"
#include "commands.h"
#include "deploy/bundle.h"
#include "deploy/pipeline.h"
#include "finding.h"
#include "inventory.h"
#include "live/aia_fetch.h"
#include "live/live.h"
#include "live/tls_defaults.h"
#include "load/load.h"
#include "load/pass.h"
#include "report/emit_chain.h"
#include "report/report.h"
#include "report/sanitize.h"

/* Colour for text output: --color, NO_COLOR, a terminal. */
static bool
use_color(const struct options *opt)
{
	const char *nc = getenv("NO_COLOR");

	if (opt->color == COLOR_ALWAYS)
		return true;
	const char *term = getenv("TERM");

	if (opt->color == COLOR_NEVER || (nc != NULL && *nc != '\0'))
		return false;
	/* A terminal that says it cannot do escapes gets none. */
	if (term != NULL && strcmp(term, "dumb") == 0)
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
    const struct chain_result *chain, const struct trust_store *trust,
    const struct deploy_plan *plan)
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
	    .color = use_color(opt), .ascii = !locale_utf8(), .live = live,
	    .chain = chain,
	    .trust = trust != NULL && trust->store != NULL ? trust : NULL,
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
emit(const struct options *o, const struct chain_result *chain,
    struct inventory *inv, struct findings *fs)
{
	size_t cap = o->inputs.n + o->certs.n + o->keys.n + o->chains.n +
	    o->cas.n + o->crls.n + o->previous.n + o->csrs.n + 3;
	const char **named = calloc(cap, sizeof(*named));

	if (named == NULL) {
		finding_add_file(fs, "emit-chain", SEV_ERROR, o->emit_chain,
		    "not written: out of memory");
		return;
	}
	emit_chain(o->emit_chain, chain, inv, named,
	    named_paths(o, named, cap), o->force, fs);
	free(named);
}

/* --fetch-aia: while the path stops at a certificate whose issuer is
 * missing, download the issuer and build the path again. */
static void
complete_by_aia(struct deploy_result *in, struct inventory *inv,
    struct findings *fs, bool allow_private)
{
	struct aia_tried tried = { .allow_private = allow_private };

	while (in->chain.have_leaf && in->chain.path.n > 0 &&
	    in->chain.path.end == END_MISSING_ISSUER &&
	    aia_fetch_issuer(&tried, inv,
	    in->chain.path.links[in->chain.path.n - 1].x509, fs))
		if (trust_store_chain(&in->trust, inv, &in->chain_opts,
		    &in->chain) != 0)
			break;
	aia_tried_free(&tried);
}

static void
check_inputs_build(struct deploy_result *in, struct check_ctx *ctx,
    struct inventory *inv, struct findings *fs, const struct options *opt)
{
	struct trust_paths sys;

	trust_paths_from_env(&sys);
	in->chain_opts = (struct chain_opts){ .now = ctx->now,
	    .purpose = ctx->purpose, .auth_level = -1,
	    .have_depth = opt->verify_depth >= 0, .depth = opt->verify_depth };
	if (trust_store_init(&in->trust, inv,
	    opt->no_system_ca ? NULL : &sys) != 0 ||
	    trust_store_chain(&in->trust, inv, &in->chain_opts,
	    &in->chain) != 0) {
		chain_result_free(&in->chain);
		return;
	}
	if (opt->fetch_aia)
		complete_by_aia(in, inv, fs, opt->fetch_aia_allow_private);
	ctx->chain = &in->chain;
	if (in->chain.have_leaf && in->chain.path.n > 0)
		ctx->seclevel = tls_default_seclevel();
}


/* Certificates the deployment itself loads: not --ca's anchors. */
static size_t
own_certs(const struct inventory *inv)
{
	size_t n = 0;

	for (size_t i = 0; i < inv->nobjs; i++)
		n += inv->objs[i]->kind == OBJ_CERT &&
		    inv->objs[i]->role != ROLE_CA;
	return n;
}

/* A truststore (roots or a Java truststore as PKCS#12): only CA
 * certificates, none of them a server's (keyCertSign, no
 * subjectAltName), no key, none given with --cert. Checked as a leaf, the first root
 * would get self-signed, purpose-mismatch and a CSR command. */
static const struct object *
only_trust_anchors(const struct inventory *inv)
{
	const struct object *first = NULL;

	if (inventory_count(inv, OBJ_KEY) > 0 ||
	    inventory_count(inv, OBJ_CSR) > 0)
		return NULL;
	for (size_t i = 0; i < inv->nobjs; i++) {
		const struct object *o = inv->objs[i];
		X509 *x = o->x509;
		if (o->kind != OBJ_CERT || o->role == ROLE_CA)
			continue;
		if ((o->src != NULL && o->src->role == ROLE_CERT) ||
		    X509_check_ca(x) < 1 ||
		    !(X509_get_extension_flags(x) & EXFLAG_KUSAGE) ||
		    !(X509_get_key_usage(x) & KU_KEY_CERT_SIGN) ||
		    X509_get_ext_by_NID(x, NID_subject_alt_name, -1) >= 0)
			return NULL;
		if (first == NULL)
			first = o;
	}
	return first;
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
	if (own_certs(inv) == 0 && o.connect == NULL &&
	    (inventory_count(inv, OBJ_CSR) > 0 || d->kind != DEPLOY_FILES ||
	    inventory_count(inv, OBJ_CERT) == 0)) {
		/* A key and a request: the deployment before its
		 * certificate exists. */
		if (inventory_count(inv, OBJ_CSR) > 0) {
			finding_add(fs, "request-stage", SEV_INFO, NULL,
			    "no certificate yet: checked as a request (key, "
			    "names, strength, signature)");
			checks_run_request(inv, ctx, fs);
		} else if (findings_worst(fs) < SEV_FAIL)
			finding_add(fs, "no-certificate", SEV_ERROR, NULL,
			    "no certificate found in the files given");
		/* else: the source said why (a link to nowhere). */
		return;
	}
	if (o.connect != NULL && inv->leaf == NULL)
		return;
	if (o.connect == NULL && d->kind == DEPLOY_FILES) {
		const struct object *a = only_trust_anchors(inv);
		if (a != NULL) {
			finding_hint(finding_add(fs, "no-leaf", SEV_INFO, a,
			    "no leaf: these are trust anchors (%zu CA "
			    "certificate%s, no server certificate, no key); "
			    "use show, or pass them with --ca",
			    own_certs(inv), own_certs(inv) == 1 ? "" : "s"),
			    "use certdiag show to list them, or pass them with "
			    "--ca when checking a certificate");
			return;
		}
	}
	if (ctx->nhosts == 0 && o.connect != NULL &&
	    (r->live_name = live_check_name(&r->live)) != NULL) {
		ctx->hosts = &r->live_name;
		ctx->nhosts = 1;
	}
	ctx->sni_not_sent = o.connect != NULL && r->have_live &&
	    r->live.target.servername == NULL &&
	    inventory_leaf_is_served(inv);
	/* Out of memory: the chain checks say nothing. */
	check_inputs_build(r, ctx, inv, fs, opt);
	if (r->have_live)
		live_judge_interception(&r->live, inv, ctx->chain,
		    r->trust.store, fs);
	checks_run(inv, ctx, fs);
	if (d->kind != DEPLOY_FILES)
		bundle_check(d, inv, fs);
	if (opt->emit_chain != NULL && plan->n == 1)
		emit(opt, ctx->chain, inv, fs);
}

int
cmd_check(const struct options *opt)
{
	struct deploy_plan plan;
	struct pass pass;
	struct load_ctx lc;
	int status;

	pass_init(&pass, opt->pass_spec);
	lc = (struct load_ctx){ .pass = &pass,
	    .max_kdf_work = opt->max_kdf_iterations };
	/* show prints what files hold: no deployments to split. */
	if (opt->cmd == CMD_SHOW)
		deploy_plan_build_files(&plan, opt);
	else
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
		    opt->emit_chain, "not written: the check could not "
		    "complete (see the errors above)");

	/* Files named one by one: the report check always printed. */
	if (plan.n == 1 && plan.r[0].d->kind == DEPLOY_FILES &&
	    opt->format != FMT_PROMETHEUS) {
		struct deploy_result *r = &plan.r[0];
		render(opt, &r->inv, &r->fs, r->have_live ? &r->live : NULL,
		    r->ctx.chain, &r->trust, &plan);
	} else
		report_deployments(stdout, &plan, &(struct report_ctx){
		    .opt = opt, .now = opt->at, .color = use_color(opt),
		    .plan = &plan });
	status = severity_exit(deploy_plan_worst(&plan));
	if (opt->cmd == CMD_SHOW && status != EXIT_INCOMPLETE)
		status = EXIT_OK;
	/* Monitoring: CRITICAL is an exit status too. */
	if (opt->format == FMT_NAGIOS && status < EXIT_FAIL)
		for (size_t i = 0; i < plan.n; i++)
			if (deploy_critical(&plan.r[i], opt->at, opt->crit_days))
				status = EXIT_FAIL;
	deploy_plan_free(&plan);
	return status;
}
