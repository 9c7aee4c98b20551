/* Several deployments in one run: each is reported as one deployment
 * would be (its own section, JSON object, Nagios line), then the run's
 * summary. The exit status is the worst deployment's. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "deploy/pipeline.h"
#include "describe.h"
#include "report.h"
#include "report_util.h"
#include "report/json_safe.h"
#include "report/sanitize.h"

/* The report context of one deployment: its handshake and path. */
static struct report_ctx
ctx_of(const struct report_ctx *rc, const struct deploy_result *r)
{
	struct report_ctx c = *rc;

	c.live = r->have_live ? &r->live : NULL;
	c.chain = r->ctx.chain;
	c.trust = r->trust.store != NULL ? &r->trust : NULL;
	c.plan = NULL;
	return c;
}

static const char *
word(enum severity s)
{
	return s == SEV_ERROR ? "ERROR" : s == SEV_FAIL ? "FAIL" :
	    s == SEV_WARN ? "WARN" : "OK";
}

/* Sanitised copy of a string from outside (a path, a name). */
static char *
clean(const char *s, char bad)
{
	char *c = strdup(s != NULL ? s : "");

	one_line(c, bad);
	return c;
}

static void
deploy_text(FILE *fp, const struct deploy_plan *p,
    const struct report_ctx *rc)
{
	size_t count[SEV_ERROR + 1] = { 0 };
	enum severity worst = deploy_plan_worst(p);

	for (size_t i = 0; i < p->n; i++) {
		const struct deploy_result *r = &p->r[i];
		const struct deployment *d = r->d;
		struct report_ctx c = ctx_of(rc, r);
		enum severity w = deploy_worst(r);
		char *name = clean(d->name, '\0'), *origin = clean(d->origin,
		    '\0');

		count[w < SEV_WARN ? SEV_PASS : w]++;
		if (!(rc->opt->quiet && w < SEV_WARN)) {
			fprintf(fp, "%s=== %s deployment %s", rc->color ?
			    "\033[1m" : "", deploy_kind_name(d->kind), name);
			if (d->origin != NULL && d->name != NULL &&
			    strstr(d->name, d->origin) == NULL)
				fprintf(fp, " (%s)", origin);
			if (d->listen != NULL)
				fprintf(fp, ", listens on %s", d->listen);
			fprintf(fp, " ===%s\n", rc->color ? "\033[0m" : "");
			report_text(fp, &r->inv, &r->fs, &c);
			fputc('\n', fp);
		}
		free(name);
		free(origin);
	}
	/* One deployment: its own summary line is the run's. */
	if ((rc->opt->quiet && worst < SEV_WARN) || p->n == 1)
		return;
	fprintf(fp, "certdiag: %s \u2014 %zu deployment%s: ", word(worst), p->n,
	    p->n == 1 ? "" : "s");
	{
		bool first = true;
		static const char *const names[] = { "ok", NULL, "warning",
		    "failed", "could not complete" };
		for (int s = SEV_ERROR; s >= SEV_PASS; s--) {
			if (count[s] == 0 || names[s] == NULL)
				continue;
			fprintf(fp, "%s%zu %s", first ? "" : ", ", count[s],
			    names[s]);
			first = false;
		}
	}
	fputc('\n', fp);
}

static json_object *
files_json(const struct deployment *d)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < d->nfiles; i++) {
		json_object *f = json_object_new_object();
		json_object_object_add(f, "path",
		    json_object_new_string(d->files[i].path));
		json_object_object_add(f, "use", json_object_new_string(
		    deploy_use_name(d->files[i].use)));
		if (d->files[i].origin != NULL)
			json_object_object_add(f, "origin",
			    json_object_new_string(d->files[i].origin));
		json_object_object_add(f, "embedded",
		    json_object_new_boolean(d->files[i].data != NULL));
		json_object_array_add(arr, f);
	}
	return arr;
}

json_object *
report_deploy_json(const struct report_ctx *rc)
{
	const struct deploy_plan *p = rc->plan;
	json_object *arr;

	if (p == NULL)
		return NULL;
	arr = json_object_new_array();
	for (size_t i = 0; i < p->n; i++) {
		const struct deploy_result *r = &p->r[i];
		const struct deployment *d = r->d;
		struct report_ctx c = ctx_of(rc, r);
		json_object *o = report_json_document(&r->inv, &r->fs, &c);
		json_object *names = json_object_new_array();

		json_object_object_del(o, "schema");
		json_object_object_add(o, "name",
		    json_object_new_string(d->name != NULL ? d->name : ""));
		json_object_object_add(o, "kind",
		    json_object_new_string(deploy_kind_name(d->kind)));
		json_object_object_add(o, "origin", d->origin != NULL ?
		    json_object_new_string(d->origin) : NULL);
		json_object_object_add(o, "files", files_json(d));
		for (size_t j = 0; j < d->nnames; j++)
			json_object_array_add(names,
			    json_object_new_string(d->names[j]));
		json_object_object_add(o, "names", names);
		json_object_object_add(o, "listen", d->listen != NULL ?
		    json_object_new_string(d->listen) : NULL);
		json_object_array_add(arr, o);
	}
	return arr;
}

/* The old top-level fields, over every deployment: objects one after
 * another, findings pointing into them. */
static void
deploy_json(FILE *fp, const struct deploy_plan *p,
    const struct report_ctx *rc)
{
	json_object *root = json_object_new_object();
	json_object *deps = report_deploy_json(rc);
	json_object *objs = json_object_new_array();
	json_object *finds = json_object_new_array();
	json_object *counts = json_object_new_object();
	size_t offset = 0;

	json_object_object_add(root, "schema", json_object_new_int(3));
	json_object_object_add(root, "status", json_object_new_string(
	    status_word(deploy_plan_worst(p))));
	for (int sev = SEV_PASS; sev <= SEV_ERROR; sev++) {
		size_t n = 0;
		for (size_t i = 0; i < p->n; i++)
			n += findings_count(&p->r[i].fs, sev);
		json_object_object_add(counts, severity_name(sev),
		    json_object_new_int64((int64_t)n));
	}
	json_object_object_add(root, "counts", counts);
	for (size_t i = 0; i < json_object_array_length(deps); i++) {
		json_object *d = json_object_array_get_idx(deps, i), *a, *v;
		size_t n = 0;

		if (json_object_object_get_ex(d, "objects", &a)) {
			n = json_object_array_length(a);
			for (size_t j = 0; j < n; j++) {
				json_object *c = NULL;
				json_object_deep_copy(
				    json_object_array_get_idx(a, j), &c, NULL);
				json_object_array_add(objs, c);
			}
		}
		if (json_object_object_get_ex(d, "findings", &a))
			for (size_t j = 0; j < json_object_array_length(a);
			    j++) {
				json_object *c = NULL;
				json_object_deep_copy(
				    json_object_array_get_idx(a, j), &c, NULL);
				if (json_object_object_get_ex(c, "object", &v))
					json_object_object_add(c, "object",
					    json_object_new_int64(
					    json_object_get_int64(v) +
					    (int64_t)offset));
				json_object_object_add(c, "deployment",
				    json_object_new_int64((int64_t)i));
				json_object_array_add(finds, c);
			}
		offset += n;
	}
	json_object_object_add(root, "objects", objs);
	json_object_object_add(root, "findings", finds);
	json_object_object_add(root, "deployments", deps);
	report_json_print(fp, root);
	json_object_put(root);
}

/* 'example.org_days': the deployment's first name, else the last part
 * of its name (a certbot lineage's folder is its domain). Quotes and
 * '=' would break the perfdata syntax. */
static char *
perf_label(const struct deploy_result *r)
{
	const struct deployment *d = r->d;
	char **leaf = r->inv.leaf != NULL ? cert_names(r->inv.leaf->x509) :
	    NULL;
	bool named = d->nnames > 0 || (leaf != NULL && leaf[0] != NULL);
	const char *s = d->nnames > 0 ? d->names[0] : leaf != NULL &&
	    leaf[0] != NULL ? leaf[0] : d->name != NULL ? d->name :
	    "deployment";
	char *c = strdup(s), *slash;
	size_t len;

	names_free(leaf);
	if (c == NULL)
		return NULL;
	while ((len = strlen(c)) > 1 && c[len - 1] == '/')
		c[len - 1] = '\0';
	if (!named && (slash = strrchr(c, '/')) != NULL)
		memmove(c, slash + 1, strlen(slash + 1) + 1);
	for (char *q = c; *q != '\0'; q++)
		if (*q == '\'' || *q == '=' || *q == '|' ||
		    (unsigned char)*q < 0x20)
			*q = '_';
	return c;
}

static int
state_rank(const char *s)
{
	return strcmp(s, "CRITICAL") == 0 ? 3 : strcmp(s, "UNKNOWN") == 0 ?
	    2 : strcmp(s, "WARNING") == 0 ? 1 : 0;
}

static void
deploy_nagios(FILE *fp, const struct deploy_plan *p,
    const struct report_ctx *rc)
{
	static const char *const states[] = { "OK", "WARNING", "UNKNOWN",
	    "CRITICAL" };
	size_t count[4] = { 0 };
	int worst = 0, warn = rc->opt->warn_days;
	int crit = warn < rc->opt->crit_days ? warn : rc->opt->crit_days;
	bool first = true;

	for (size_t i = 0; i < p->n; i++) {
		const struct deploy_result *r = &p->r[i];
		struct report_ctx c = ctx_of(rc, r);
		int k = state_rank(nagios_state(NULL, &r->inv, &r->fs, &c));
		count[k]++;
		if (k > worst)
			worst = k;
	}
	fprintf(fp, "CERTDIAG %s - %zu deployment%s:", states[worst], p->n,
	    p->n == 1 ? "" : "s");
	for (int k = 3; k >= 0; k--)
		if (count[k] > 0) {
			fprintf(fp, "%s %zu %s", first ? "" : ",", count[k],
			    k == 0 ? "ok" : k == 1 ? "warning" : k == 2 ?
			    "unknown" : "critical");
			first = false;
		}
	/* Perfdata: the days left of each deployment's leaf and chain. */
	first = true;
	for (size_t i = 0; i < p->n; i++) {
		long days;
		char *label;
		if (!deploy_min_days(&p->r[i], rc->now, &days) ||
		    (label = perf_label(&p->r[i])) == NULL)
			continue;
		fprintf(fp, "%s'%s_days'=%ld;%d:;%d:;;", first ? " | " : " ",
		    label, days, warn, crit);
		first = false;
		free(label);
	}
	fputc('\n', fp);
	/* Long output: one line per deployment, its problems after it. */
	for (size_t i = 0; i < p->n; i++) {
		const struct deploy_result *r = &p->r[i];
		struct report_ctx c = ctx_of(rc, r);
		char *name = clean(r->d->name, '|');
		long days;

		fprintf(fp, "%s: %s", name, nagios_state(NULL, &r->inv,
		    &r->fs, &c));
		if (deploy_min_days(r, rc->now, &days))
			fprintf(fp, days < 0 ? ", expired %ld days ago" :
			    ", expires in %ld days", days < 0 ? -days : days);
		fputc('\n', fp);
		free(name);
		for (size_t j = 0; j < r->fs.n; j++) {
			const struct finding *f = &r->fs.v[j];
			char *text;
			if (f->sev < SEV_WARN)
				continue;
			text = finding_text(f);
			one_line(text, '|');
			fprintf(fp, "  %s %s: %s\n", severity_name(f->sev),
			    f->id, text != NULL ? text : "");
			free(text);
		}
	}
}

void
report_deployments(FILE *fp, const struct deploy_plan *p,
    const struct report_ctx *rc)
{
	switch (rc->opt->format) {
	case FMT_JSON:
		deploy_json(fp, p, rc);
		break;
	case FMT_NAGIOS:
		deploy_nagios(fp, p, rc);
		break;
	case FMT_PROMETHEUS:
		report_prometheus(fp, p, rc);
		break;
	default:
		deploy_text(fp, p, rc);
	}
}
