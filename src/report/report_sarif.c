/* SARIF 2.1.0 for scan: code-scanning dashboards (GitHub, GitLab, Azure)
 * show each finding on the file it is about. json-c writes the JSON. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "report.h"
#include "report_util.h"
#include "report/json_safe.h"
#include "report/sanitize.h"

static const char *
level_of(enum severity s)
{
	switch (s) {
	case SEV_ERROR:
	case SEV_FAIL:	return "error";
	case SEV_WARN:	return "warning";
	default:	return "note";
	}
}

/* A path as a URI reference: relative paths stay relative (to the
 * scanned root, %SRCROOT%), absolute ones become file: URIs. Bytes
 * outside RFC 3986's unreserved set are percent-encoded. */
static char *
path_uri(const char *path, bool *relative)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(path);
	char *s = malloc(len * 3 + 8), *q = s;

	if (s == NULL)
		return NULL;
	*relative = path[0] != '/';
	if (!*relative)
		q = stpcpy(q, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (isalnum(*p) || strchr("-._~/", *p) != NULL)
			*q++ = (char)*p;
		else {
			*q++ = '%';
			*q++ = hex[*p >> 4];
			*q++ = hex[*p & 15];
		}
	}
	*q = '\0';
	return s;
}

static json_object *
text(const char *s)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "text", json_object_new_string(s));
	return o;
}

static json_object *
location(const char *path, size_t line)
{
	json_object *loc = json_object_new_object();
	json_object *phys = json_object_new_object();
	json_object *art = json_object_new_object();
	json_object *region = json_object_new_object();
	bool relative = path[0] != '/';
	char *uri = path_uri(path, &relative);

	json_object_object_add(art, "uri",
	    json_object_new_string(uri != NULL ? uri : ""));
	if (relative)
		json_object_object_add(art, "uriBaseId",
		    json_object_new_string("%SRCROOT%"));
	free(uri);
	/* Code scanning wants a line; a DER file's is its first. */
	json_object_object_add(region, "startLine",
	    json_object_new_int64(line > 0 ? (int64_t)line : 1));
	json_object_object_add(phys, "artifactLocation", art);
	json_object_object_add(phys, "region", region);
	json_object_object_add(loc, "physicalLocation", phys);
	return loc;
}

/* Every place the finding points at: its file first, then the other
 * files holding the same object (a change must be made in each). */
static json_object *
locations(const struct finding *f)
{
	json_object *a = json_object_new_array();
	const struct object *o = f->about;
	size_t line = 0;

	if (o != NULL && o->src != NULL && f->file != NULL &&
	    strcmp(o->src->path, f->file) == 0)
		line = o->line;
	json_object_array_add(a, location(f->file != NULL ? f->file : ".",
	    line));
	for (size_t i = 0; o != NULL && i < o->nalso; i++)
		if (f->file == NULL || strcmp(o->also[i]->path, f->file) != 0)
			json_object_array_add(a, location(o->also[i]->path, 0));
	return a;
}

struct rules {
	const char **ids;	/* borrowed, static strings */
	size_t n;
	json_object *array;
};

static size_t
rule_index(struct rules *r, const struct finding *f)
{
	json_object *rule;
	char desc[160];

	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->ids[i], f->id) == 0)
			return i;
	r->ids[r->n] = f->id;
	rule = json_object_new_object();
	json_object_object_add(rule, "id", json_object_new_string(f->id));
	snprintf(desc, sizeof(desc), "certdiag finding %s (see certdiag(1), "
	    "FINDINGS)", f->id);
	json_object_object_add(rule, "shortDescription", text(desc));
	if (f->hint != NULL) {
		char *line = finding_fix_line(f);
		json_object_object_add(rule, "help",
		    text(line != NULL ? line : f->hint));
		free(line);
	}
	{
		json_object *conf = json_object_new_object();
		json_object_object_add(conf, "level",
		    json_object_new_string(level_of(f->sev)));
		json_object_object_add(rule, "defaultConfiguration", conf);
	}
	json_object_array_add(r->array, rule);
	return r->n++;
}

void
report_sarif(FILE *fp, const struct inventory *inv, const struct findings *fs,
    const struct report_ctx *rc)
{
	json_object *root = json_object_new_object();
	json_object *run = json_object_new_object();
	json_object *driver = json_object_new_object();
	json_object *tool = json_object_new_object();
	json_object *results = json_object_new_array();
	json_object *runs = json_object_new_array();
	json_object *inv_arr = json_object_new_array();
	json_object *invocation = json_object_new_object();
	struct rules r = { .array = json_object_new_array() };

	(void)inv;
	(void)rc;
	r.ids = calloc(fs->n + 1, sizeof(*r.ids));
	for (size_t i = 0; r.ids != NULL && i < fs->n; i++) {
		const struct finding *f = &fs->v[i];
		json_object *res;
		char *msg;
		size_t idx;

		if (f->sev == SEV_PASS)
			continue;
		idx = rule_index(&r, f);
		res = json_object_new_object();
		json_object_object_add(res, "ruleId",
		    json_object_new_string(f->id));
		json_object_object_add(res, "ruleIndex",
		    json_object_new_int64((int64_t)idx));
		json_object_object_add(res, "level",
		    json_object_new_string(level_of(f->sev)));
		/* The location names the file; the message need not. */
		msg = clean_text(f->message != NULL ? f->message : "");
		json_object_object_add(res, "message",
		    text(msg != NULL ? msg : ""));
		free(msg);
		json_object_object_add(res, "locations", locations(f));
		json_object_array_add(results, res);
	}
	free(r.ids);

	json_object_object_add(root, "$schema", json_object_new_string(
	    "https://json.schemastore.org/sarif-2.1.0.json"));
	json_object_object_add(root, "version",
	    json_object_new_string("2.1.0"));
	json_object_object_add(driver, "name",
	    json_object_new_string("certdiag"));
	json_object_object_add(driver, "version",
	    json_object_new_string(PACKAGE_VERSION));
	json_object_object_add(driver, "semanticVersion",
	    json_object_new_string(PACKAGE_VERSION));
	json_object_object_add(driver, "rules", r.array);
	json_object_object_add(tool, "driver", driver);
	json_object_object_add(run, "tool", tool);
	json_object_object_add(invocation, "executionSuccessful",
	    json_object_new_boolean(findings_worst(fs) < SEV_ERROR));
	json_object_array_add(inv_arr, invocation);
	json_object_object_add(run, "invocations", inv_arr);
	json_object_object_add(run, "results", results);
	json_object_array_add(runs, run);
	json_object_object_add(root, "runs", runs);
	report_json_print(fp, root);
	json_object_put(root);
}
