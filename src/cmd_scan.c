/* certdiag scan: walk trees or the git index (scan/), then render the
 * findings per file in the scan's formats and apply --fail-on. */
#include "config.h"

#include <stdio.h>

#include "chain/trust_store.h"
#include "commands.h"
#include "report/report.h"
#include "scan/scan.h"

static enum exit_status
exit_status(const struct options *opt, const struct findings *fs)
{
	enum exit_status st = severity_exit(findings_worst(fs));
	enum severity fail_on = opt->fail_on != SEV_PASS ? opt->fail_on :
	    SEV_FAIL;

	/* Warnings block a commit only when asked to. */
	if (st == EXIT_WARN && fail_on > SEV_WARN)
		st = EXIT_OK;
	return st;
}

int
cmd_scan(const struct options *opt)
{
	static const struct {
		enum format format;
		void (*fn)(FILE *, const struct inventory *,
		    const struct findings *, const struct report_ctx *);
	} formats[] = {
		{ FMT_TEXT, report_lines },
		{ FMT_JSON, report_json },
		{ FMT_SARIF, report_sarif },
	};
	struct scan_result r;
	struct report_ctx rc = { .opt = opt, .now = opt->at };
	struct trust_paths sys;
	enum exit_status st;

	trust_paths_from_env(&sys);
	scan_run(opt, opt->at, opt->no_system_ca ? NULL : &sys, &r);
	rc.files = r.files;
	/* cli.c accepts no other format for scan. */
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (formats[i].format == opt->format)
			formats[i].fn(stdout, &r.inv, &r.fs, &rc);
	fflush(stdout);
	st = exit_status(opt, &r.fs);
	scan_result_free(&r);
	return st;
}
