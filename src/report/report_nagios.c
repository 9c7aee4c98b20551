/* `--format nagios`: the monitoring-plugin convention. One status line
 * with performance data, then (as plugin long output) one line per
 * problem. The state comes from the worst severity. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "describe.h"
#include "report.h"
#include "report_util.h"

static const char *
state(enum severity worst)
{
	switch (worst) {
	case SEV_ERROR:	return "UNKNOWN";
	case SEV_FAIL:	return "CRITICAL";
	case SEV_WARN:	return "WARNING";
	default:	return "OK";
	}
}

static bool
expiry_days(const struct object *o, time_t now, long *days)
{
	time_t nb, na;

	if (o == NULL || o->kind != OBJ_CERT ||
	    !cert_validity(o->x509, &nb, &na))
		return false;
	*days = days_until(now, na);
	return true;
}

static void
print_ok_text(FILE *fp, const struct inventory *inv,
    const struct findings *fs, const struct report_ctx *rc)
{
	long days;
	char buf[32];
	char *title;

	if (!expiry_days(inv->leaf, rc->now, &days)) {
		size_t n = findings_count(fs, SEV_PASS) +
		    findings_count(fs, SEV_INFO);
		fprintf(fp, "%zu check%s passed", n, n == 1 ? "" : "s");
		return;
	}
	title = object_title(inv->leaf);
	one_line(title, '|');
	fprintf(fp, "%s %s %s", title != NULL ? title : "",
	    days < 0 ? "expired" : "expires", format_days(days, buf,
	    sizeof(buf)));
	free(title);
}

/* "id: message, id: message" for the findings of the worst severity;
 * errors are named by file instead of id. */
static void
print_problems(FILE *fp, const struct finding **sorted, enum severity worst)
{
	bool first = true;

	for (size_t i = 0; sorted[i] != NULL && sorted[i]->sev == worst; i++) {
		char *text = finding_text(sorted[i]);
		one_line(text, '|');
		if (worst == SEV_ERROR)
			fprintf(fp, "%s%s", first ? "" : ", ",
			    text != NULL ? text : "");
		else
			fprintf(fp, "%s%s: %s", first ? "" : ", ",
			    sorted[i]->id, text != NULL ? text : "");
		first = false;
		free(text);
	}
}

static void
print_perfdata(FILE *fp, const struct inventory *inv,
    const struct report_ctx *rc)
{
	int warn = rc->opt->warn_days;
	int crit = warn < rc->opt->crit_days ? warn : rc->opt->crit_days;
	bool have_chain = false;
	long days, min = 0;

	/* A CA certificate standing in for a leaf that could not be read
	 * (a damaged bundle) must not be graphed as the leaf's expiry. */
	if (inv->leaf != NULL && object_is_ca(inv->leaf))
		return;
	if (expiry_days(inv->leaf, rc->now, &days))
		fprintf(fp, " | days_leaf=%ld;%d:;%d:;;", days, warn, crit);
	else
		return;
	for (size_t i = 0; i < inv->nobjs; i++) {
		const struct object *o = inv->objs[i];
		if (o == inv->leaf || o->kind != OBJ_CERT ||
		    (o->role != ROLE_CHAIN && o->role != ROLE_SERVED) ||
		    !expiry_days(o, rc->now, &days))
			continue;
		if (!have_chain || days < min)
			min = days;
		have_chain = true;
	}
	if (have_chain)
		fprintf(fp, " days_chain_min=%ld;%d:;%d:;;", min, warn, crit);
}

/* CRITICAL also before anything fails: the leaf or a chain certificate
 * expires within --crit-days. */
static bool
within_crit(const struct inventory *inv, const struct report_ctx *rc)
{
	long days;

	for (size_t i = 0; i < inv->nobjs; i++) {
		const struct object *o = inv->objs[i];
		if (o->kind == OBJ_CERT && (o == inv->leaf ||
		    o->role == ROLE_CHAIN || o->role == ROLE_SERVED) &&
		    expiry_days(o, rc->now, &days) &&
		    days <= rc->opt->crit_days)
			return true;
	}
	return false;
}

const char *
nagios_state(const struct deploy_plan *plan, const struct inventory *inv,
    const struct findings *fs, const struct report_ctx *rc)
{
	enum severity worst = findings_worst(fs);

	(void)plan;
	if (worst < SEV_FAIL && within_crit(inv, rc))
		return "CRITICAL";
	return state(worst);
}

void
report_nagios(FILE *fp, const struct inventory *inv,
    const struct findings *fs, const struct report_ctx *rc)
{
	enum severity worst = findings_worst(fs);
	const struct finding **sorted = findings_by_severity(fs);

	fprintf(fp, "CERTDIAG %s - ", nagios_state(NULL, inv, fs, rc));
	if (worst < SEV_WARN || sorted == NULL)
		print_ok_text(fp, inv, fs, rc);
	else
		print_problems(fp, sorted, worst);
	print_perfdata(fp, inv, rc);
	fputc('\n', fp);

	/* Long output: every problem, worst first. */
	for (size_t i = 0; sorted != NULL && sorted[i] != NULL &&
	    sorted[i]->sev >= SEV_WARN; i++) {
		char *text = finding_text(sorted[i]);
		/* A '|' would start performance data. */
		one_line(text, '|');
		fprintf(fp, "%s %s: %s\n", severity_name(sorted[i]->sev),
		    sorted[i]->id, text != NULL ? text : "");
		free(text);
	}
	free(sorted);
}
