/* certdiag: parse, load, check, report, exit. The only file that exits. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>

#include <openssl/crypto.h>
#include <openssl/opensslv.h>

#include "live/aia_fetch.h"
#include "check/checks.h"
#include "cli.h"
#include "report/emit_chain.h"
#include "explain/explain.h"
#include "finding.h"
#include "inventory.h"
#include "live/live.h"
#include "load/load.h"
#include "load/pass.h"
#include "report/report.h"
#include "scan/scan.h"

static bool
use_color(const struct options *opt)
{
	const char *nc = getenv("NO_COLOR");

	if (opt->color == COLOR_ALWAYS)
		return true;
	if (opt->color == COLOR_NEVER || (nc != NULL && *nc != '\0'))
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

static void
render(const struct options *opt, const struct inventory *inv,
    const struct findings *fs, time_t now, const struct live_result *live,
    const struct chain_result *chain)
{
	struct report_ctx rc = { .opt = opt, .now = now,
	    .color = use_color(opt), .live = live, .chain = chain };

	if (opt->cmd == CMD_SHOW && opt->format == FMT_TEXT)
		report_show(stdout, inv, fs, &rc);
	else if (opt->format == FMT_JSON)
		report_json(stdout, inv, fs, &rc);
	else if (opt->format == FMT_NAGIOS)
		report_nagios(stdout, inv, fs, &rc);
	else
		report_text(stdout, inv, fs, &rc);
}

/* `certdiag explain`: the words given (joined, as an unquoted paste
 * splits them) or standard input. */
static int
explain(const struct options *opt)
{
	struct explanations xs;
	char *text = NULL;
	size_t len = 0;
	bool too_big = false, ok;

	if (opt->inputs.n > 0) {
		for (size_t i = 0; i < opt->inputs.n; i++)
			len += strlen(opt->inputs.v[i]) + 1;
		if ((text = calloc(1, len)) == NULL)
			return EXIT_INCOMPLETE;
		for (size_t i = 0; i < opt->inputs.n; i++) {
			if (i > 0)
				strcat(text, " ");
			strcat(text, opt->inputs.v[i]);
		}
		len = strlen(text);
	} else {
		if (isatty(STDIN_FILENO) == 1)
			fprintf(stderr, "Paste the error text, then press "
			    "Ctrl-D.\n");
		if ((text = explain_read(stdin, EXPLAIN_MAX_INPUT, &len,
		    &too_big)) == NULL) {
			fprintf(stderr, "certdiag: explain: %s\n", too_big ?
			    "standard input is larger than 1 MiB; paste only "
			    "the error lines (e.g. grep -i -e ssl -e tls)" :
			    "cannot read standard input");
			return EXIT_INCOMPLETE;
		}
	}
	explanations_init(&xs);
	ok = explain_text(text, len, &xs);
	free(text);
	if (ok && opt->format == FMT_JSON)
		ok = report_explain_json(stdout, &xs);
	else if (ok)
		report_explain_text(stdout, &xs);
	if (ok && xs.n == 0)
		fprintf(stderr, "certdiag: explain: no known error message in "
		    "the text given\n");
	if (!ok)
		fprintf(stderr, "certdiag: explain: out of memory\n");
	ok = ok && explanations_complete(&xs);
	explanations_free(&xs);
	return ok ? EXIT_OK : EXIT_INCOMPLETE;
}

static void
version(void)
{
	printf("certdiag %s\n", PACKAGE_VERSION);
	printf("built with %s\n", OPENSSL_VERSION_TEXT);
	printf("running with %s\n", OpenSSL_version(OPENSSL_VERSION));
}

/* Private keys and passwords live in this process's memory: a crash must
 * not write them to a core file. */
static void
no_core_dumps(void)
{
	struct rlimit none = { 0, 0 };

	(void)setrlimit(RLIMIT_CORE, &none);
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

int
main(int argc, char **argv)
{
	struct options opt;
	struct inventory inv;
	struct findings fs;
	struct check_ctx ctx;
	struct pass pass;
	struct load_ctx lc;
	struct live_result live;
	const char *live_name;
	char err[512];
	time_t now;
	int status;

	no_core_dumps();
	options_init(&opt);
	if (cli_parse(&opt, argc, argv, err, sizeof(err)) != CLI_OK) {
		fprintf(stderr, "certdiag: %s\n", err);
		fprintf(stderr, "Try 'certdiag --help'.\n");
		options_free(&opt);
		return EXIT_INCOMPLETE;
	}
	if (opt.cmd == CMD_VERSION) {
		version();
		options_free(&opt);
		return EXIT_OK;
	}
	if (opt.cmd == CMD_HELP || opt.help) {
		cli_usage(stdout, opt.cmd == CMD_HELP ? CMD_NONE : opt.cmd);
		options_free(&opt);
		return EXIT_OK;
	}

	if (opt.cmd == CMD_EXPLAIN) {
		status = explain(&opt);
		options_free(&opt);
		return status;
	}

	/* The one read of the clock: every check sees the same instant. */
	now = opt.have_at ? opt.at : time(NULL);
	if (opt.cmd == CMD_SCAN) {
		status = scan_run(&opt, now);
		options_free(&opt);
		return status;
	}

	inventory_init(&inv);
	findings_init(&fs);
	check_ctx_init(&ctx);
	pass_init(&pass, opt.pass_spec);
	lc = (struct load_ctx){ .pass = &pass };

	live_result_init(&live);

	load_all(&inv, &fs, &lc, &opt);
	inventory_sort(&inv);
	/* Only when asked: the served chain joins the inventory. */
	if (opt.connect != NULL && findings_worst(&fs) < SEV_ERROR)
		live_run(&live, &inv, &fs, &lc, &opt);
	pass_free(&pass);

	if ((opt.cmd == CMD_CHECK || opt.cmd == CMD_CONNECT) &&
	    findings_worst(&fs) < SEV_ERROR) {
		if (inventory_count(&inv, OBJ_CERT) == 0 && opt.connect == NULL)
			finding_add(&fs, "no-certificate", SEV_ERROR, NULL,
			    "no certificate found in the files given");
		else if (opt.connect == NULL || inv.leaf != NULL) {
			ctx.now = now;
			ctx.warn_days = opt.warn_days;
			ctx.hosts = (const char *const *)opt.hosts.v;
			ctx.nhosts = opt.hosts.n;
			if (ctx.nhosts == 0 && opt.connect != NULL &&
			    (live_name = live_check_name(&live)) != NULL) {
				ctx.hosts = &live_name;
				ctx.nhosts = 1;
			}
			ctx.purpose = opt.purpose;
			ctx.use_system_ca = !opt.no_system_ca;
			ctx.verify_depth = opt.verify_depth;
			if (opt.fetch_aia)
				aia_complete(&inv, &ctx, &fs);
			checks_run(&inv, &ctx, &fs);
			if (opt.emit_chain != NULL)
				emit(&opt, &ctx, &inv, &fs);
		}
	}
	/* Never skipped in silence: say why nothing was written. */
	if (opt.emit_chain != NULL && opt.cmd != CMD_SHOW &&
	    findings_worst(&fs) >= SEV_ERROR &&
	    !findings_has(&fs, "emit-chain"))
		finding_add_file(&fs, "emit-chain", SEV_ERROR, opt.emit_chain,
		    "%s not written: the check could not complete (see the "
		    "errors above)",
		    opt.emit_chain);

	render(&opt, &inv, &fs, now, opt.connect != NULL ? &live : NULL,
	    ctx.chain);
	status = severity_exit(findings_worst(&fs));
	if (opt.cmd == CMD_SHOW && status != EXIT_INCOMPLETE)
		status = EXIT_OK;

	check_ctx_free(&ctx);
	live_result_free(&live);
	findings_free(&fs);
	inventory_free(&inv);
	options_free(&opt);
	return status;
}
