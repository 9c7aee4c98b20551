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
#include "finding.h"
#include "inventory.h"
#include "live/aia_fetch.h"
#include "live/live.h"
#include "load/load.h"
#include "load/pass.h"
#include "report/emit_chain.h"
#include "report/report.h"
#include "report/sanitize.h"

bool
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

static void
load_all(struct inventory *inv, struct findings *fs, struct load_ctx *lc,
    const struct options *opt)
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
		for (size_t j = 0; j < l->n; j++)
			load_path(inv, fs, lc, l->v[j], lists[i].role);
	}
}

/* The formats of check, show and connect. */
static void
render(const struct options *opt, const struct inventory *inv,
    const struct findings *fs, const struct live_result *live,
    const struct chain_result *chain)
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
	    .chain = chain };

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
		    "not written: out of memory");
		return;
	}
	emit_chain(o->emit_chain, check_ctx_chain(ctx, inv), inv, named,
	    named_paths(o, named, cap), o->force, fs);
	free(named);
}

int
cmd_check(const struct options *opt)
{
	struct inventory inv;
	struct findings fs;
	struct check_ctx ctx;
	struct pass pass;
	struct load_ctx lc;
	struct live_result live;
	const char *live_name;
	int status;

	inventory_init(&inv);
	findings_init(&fs);
	check_ctx_init(&ctx);
	pass_init(&pass, opt->pass_spec);
	lc = (struct load_ctx){ .pass = &pass };

	live_result_init(&live);

	load_all(&inv, &fs, &lc, opt);
	inventory_sort(&inv);
	/* Only when asked: the served chain joins the inventory. */
	if (opt->connect != NULL && findings_worst(&fs) < SEV_ERROR)
		live_run(&live, &inv, &fs, &lc, opt);
	pass_free(&pass);

	if ((opt->cmd == CMD_CHECK || opt->cmd == CMD_CONNECT) &&
	    findings_worst(&fs) < SEV_ERROR) {
		if (inventory_count(&inv, OBJ_CERT) == 0 && opt->connect == NULL)
			finding_add(&fs, "no-certificate", SEV_ERROR, NULL,
			    "no certificate found in the files given");
		else if (opt->connect == NULL || inv.leaf != NULL) {
			ctx.now = opt->at;
			ctx.warn_days = opt->warn_days;
			ctx.hosts = (const char *const *)opt->hosts.v;
			ctx.nhosts = opt->hosts.n;
			if (ctx.nhosts == 0 && opt->connect != NULL &&
			    (live_name = live_check_name(&live)) != NULL) {
				ctx.hosts = &live_name;
				ctx.nhosts = 1;
			}
			ctx.purpose = opt->purpose;
			ctx.use_system_ca = !opt->no_system_ca;
			ctx.verify_depth = opt->verify_depth;
			if (opt->fetch_aia)
				aia_complete(&inv, &ctx, &fs);
			checks_run(&inv, &ctx, &fs);
			if (opt->emit_chain != NULL)
				emit(opt, &ctx, &inv, &fs);
		}
	}
	/* Never skipped in silence: say why nothing was written. */
	if (opt->emit_chain != NULL && opt->cmd != CMD_SHOW &&
	    findings_worst(&fs) >= SEV_ERROR &&
	    !findings_has(&fs, "emit-chain"))
		finding_add_file(&fs, "emit-chain", SEV_ERROR, opt->emit_chain,
		    "not written: the check could not complete (see the "
		    "errors above)");

	render(opt, &inv, &fs, opt->connect != NULL ? &live : NULL,
	    ctx.chain);
	status = severity_exit(findings_worst(&fs));
	if (opt->cmd == CMD_SHOW && status != EXIT_INCOMPLETE)
		status = EXIT_OK;

	check_ctx_free(&ctx);
	live_result_free(&live);
	findings_free(&fs);
	inventory_free(&inv);
	return status;
}
