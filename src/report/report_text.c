/* The default report: a section per object that findings are about, a
 * mark per finding, the fix under every problem, and one summary line. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "describe.h"
#include "report.h"
#include "report_util.h"

#define RED	"\033[31m"
#define GREEN	"\033[32m"
#define YELLOW	"\033[33m"
#define CYAN	"\033[36m"
#define BOLD	"\033[1m"
#define RESET	"\033[0m"

static const char *
mark(const struct report_ctx *rc, enum severity s)
{
	switch (s) {
	case SEV_PASS:	return rc->ascii ? "ok" : "\u2713";
	case SEV_INFO:	return "i";
	case SEV_WARN:	return "!";
	case SEV_FAIL:	return rc->ascii ? "x" : "\u2717";
	case SEV_ERROR:	return rc->ascii ? "x error" : "\u2717 error";
	}
	return "?";
}

static const char *
colour(enum severity s)
{
	switch (s) {
	case SEV_PASS:	return GREEN;
	case SEV_INFO:	return CYAN;
	case SEV_WARN:	return YELLOW;
	case SEV_FAIL:	return RED;
	case SEV_ERROR:	return BOLD RED;
	}
	return "";
}

static bool
shown(const struct report_ctx *rc, const struct finding *f)
{
	return !rc->opt->quiet || f->sev >= SEV_WARN;
}

static void
print_finding(FILE *fp, const struct report_ctx *rc, const struct finding *f)
{
	char *text = finding_text(f);

	fprintf(fp, "  %s%s%s", rc->color ? colour(f->sev) : "",
	    mark(rc, f->sev), rc->color ? RESET : "");
	/* An error is about the input, not a check: the file says more
	 * than the id. A pass carries the id of the problem it rules out
	 * ("expired"), which would read as the opposite: show its text. */
	if (f->sev == SEV_ERROR)
		fprintf(fp, ": %s\n", text != NULL ? text : "");
	else if (f->sev == SEV_PASS)
		fprintf(fp, " %s\n", text != NULL ? text : "");
	else
		fprintf(fp, " %s: %s\n", f->id, text != NULL ? text : "");
	print_fix(fp, f);
	free(text);
}

/* "(EC P-256, expires 2027-02-25, in 90 days)" and the like. */
static void
print_facts(FILE *fp, const struct object *o, time_t now)
{
	char *key = NULL, date[16], days[32];
	time_t nb, na, last, next;
	bool have_next;

	switch (o->kind) {
	case OBJ_CERT:
		key = key_description(X509_get0_pubkey(o->x509));
		if (cert_validity(o->x509, &nb, &na)) {
			/* Whole days elapsed since expiry, as the validity
			 * check counts them, so header and finding agree. */
			bool past = na < now;
			long d = past ? -days_until(na, now) : days_until(now, na);
			fprintf(fp, "  (%s, %s %s, %s)", key,
			    past ? "expired" : "expires",
			    format_date(na, date, sizeof(date)),
			    format_days(d, days, sizeof(days)));
		} else
			fprintf(fp, "  (%s)", key);
		break;
	case OBJ_KEY:
	case OBJ_PUBKEY:
		key = key_description(o->pkey);
		fprintf(fp, "  (%s %s)", key, o->kind == OBJ_KEY ?
		    "private key" : "public key");
		break;
	case OBJ_CSR:
		key = key_description(X509_REQ_get0_pubkey(o->req));
		fprintf(fp, "  (certificate request, %s)", key);
		break;
	case OBJ_CRL:
		if (crl_updates(o->crl, &last, &have_next, &next) && have_next)
			fprintf(fp, "  (CRL, next update %s, %s)",
			    format_date(next, date, sizeof(date)),
			    format_days(days_until(now, next), days,
			    sizeof(days)));
		else
			fprintf(fp, "  (CRL)");
		break;
	}
	free(key);
}

static const char *
role_phrase(const struct inventory *inv, const struct object *o)
{
	if (o == inv->leaf)
		return "leaf certificate";
	switch (o->kind) {
	case OBJ_CERT:
		switch (o->role) {
		case ROLE_CHAIN: return "chain certificate";
		case ROLE_SERVED: return "served certificate";
		case ROLE_FETCHED: return "downloaded issuer";
		case ROLE_CA:	return "trust anchor";
		case ROLE_PREVIOUS: return "previous certificate";
		default:	return "certificate";
		}
	case OBJ_KEY:	return "private key";
	case OBJ_PUBKEY: return "public key";
	case OBJ_CSR:	return "certificate request";
	case OBJ_CRL:	return "revocation list";
	}
	return "object";
}

static void
print_header(FILE *fp, const struct inventory *inv, const struct object *o,
    const struct report_ctx *rc)
{
	char *title = object_title(o), *place = object_place(o);

	fprintf(fp, "%s%s%s", rc->color ? BOLD : "", title ? title : "",
	    rc->color ? RESET : "");	/* title and place come sanitised */
	print_facts(fp, o, rc->now);
	fputc('\n', fp);
	/* A key is already titled by its file and described by its facts. */
	if ((o->kind == OBJ_KEY || o->kind == OBJ_PUBKEY) && title != NULL &&
	    place != NULL && strcmp(title, place) == 0)
		goto out;
	fprintf(fp, "  %s from %s", role_phrase(inv, o), place ? place : "-");
	if (o->kind == OBJ_CERT && o == inv->leaf) {
		char **names = cert_names(o->x509);
		char *joined = names_join(names);
		if (joined != NULL && *joined != '\0')
			fprintf(fp, ", covers %s", joined);
		free(joined);
		names_free(names);
	}
	fputc('\n', fp);
out:
	free(title);
	free(place);
}

static void
count_phrase(FILE *fp, size_t n, const char *one, const char *many,
    bool *first)
{
	if (n == 0)
		return;
	fprintf(fp, "%s%zu %s", *first ? "" : ", ", n, n == 1 ? one : many);
	*first = false;
}

static void
print_summary(FILE *fp, const struct inventory *inv,
    const struct findings *fs, const struct report_ctx *rc)
{
	enum severity worst = findings_worst(fs);
	size_t passed = findings_count(fs, SEV_PASS);
	size_t notes = findings_count(fs, SEV_INFO);
	const char *word = worst == SEV_ERROR ? "ERROR" :
	    worst == SEV_FAIL ? "FAIL" : worst == SEV_WARN ? "WARN" : "OK";
	bool first = true;

	fprintf(fp, "certdiag: %s%s%s %s ",
	    rc->color ? colour(worst >= SEV_WARN ? worst : SEV_PASS) : "",
	    word, rc->color ? RESET : "", rc->ascii ? "-" : "\u2014");
	if (worst < SEV_WARN) {
		if (passed + notes == 0)
			fputs("no problems found", fp);
		else
			fprintf(fp, "all %zu check%s passed", passed + notes,
			    passed + notes == 1 ? "" : "s");
		if (notes > 0)
			fprintf(fp, ", %zu note%s", notes, notes == 1 ? "" : "s");
		fputc('\n', fp);
		return;
	}
	if (worst == SEV_ERROR)
		fputs("could not complete: ", fp);
	count_phrase(fp, findings_count(fs, SEV_ERROR), "error", "errors",
	    &first);
	count_phrase(fp, findings_count(fs, SEV_FAIL), "failure", "failures",
	    &first);
	count_phrase(fp, findings_count(fs, SEV_WARN), "warning", "warnings",
	    &first);
	if (inv->leaf != NULL) {
		char *t = object_title(inv->leaf);
		fprintf(fp, " (%s)", t != NULL ? t : "");
		free(t);
	}
	fputc('\n', fp);
}

void
report_text(FILE *fp, const struct inventory *inv, const struct findings *fs,
    const struct report_ctx *rc)
{
	struct object_order oo;
	const struct finding **byobj = NULL;
	size_t *group = NULL, current = (size_t)-1;
	bool any = false;

	if (!rc->opt->quiet)
		report_live_text(fp, rc);
	report_chain_text(fp, rc);
	if (object_order_init(&oo, inv))
		byobj = findings_by_object(fs, &oo, &group);
	/* Sections in report order; anything about no listed object (load
	 * errors, above all) goes under "general" at the end. */
	for (size_t i = 0; byobj != NULL && i < fs->n; i++) {
		if (!shown(rc, byobj[i]))
			continue;
		if (group[i] != current) {
			if (any)
				fputc('\n', fp);
			if (group[i] < oo.n)
				print_header(fp, inv, oo.v[group[i]], rc);
			else
				fprintf(fp, "%sgeneral%s\n",
				    rc->color ? BOLD : "", rc->color ? RESET : "");
			current = group[i];
			any = true;
		}
		print_finding(fp, rc, byobj[i]);
	}
	free(byobj);
	free(group);
	object_order_free(&oo);

	/* Quiet and nothing wrong: say nothing, as cron likes it. */
	if (rc->opt->quiet && findings_worst(fs) < SEV_WARN)
		return;
	if (any)
		fputc('\n', fp);
	print_summary(fp, inv, fs, rc);
}
