/* Compiler-style lines for scan: editors and CI logs jump to the file. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_util.h"
#include "report/sanitize.h"

/* One line, even when a file name holds a newline. */
static void
put_clean(FILE *fp, const char *s)
{
	put_text(fp, s);
}

/* The other files holding the same object, when this is its first. */
static void
put_also(FILE *fp, const struct finding *f)
{
	const struct object *o = f->about;

	if (o == NULL || o->nalso == 0)
		return;
	fputs(" (also in ", fp);
	for (size_t i = 0; i < o->nalso; i++) {
		if (i > 0)
			fputs(", ", fp);
		put_clean(fp, o->also[i]->path);
	}
	fputc(')', fp);
}

void
report_lines(FILE *fp, const struct inventory *inv, const struct findings *fs,
    const struct report_ctx *rc)
{
	size_t certs = 0, keys = 0, n[SEV_ERROR + 1] = { 0 };
	bool quiet = rc != NULL && rc->opt != NULL && rc->opt->quiet;

	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i];
		if (f->sev == SEV_PASS)
			continue;
		n[f->sev]++;
		if (quiet && f->sev < SEV_WARN)
			continue;
		put_clean(fp, f->file != NULL ? f->file : "certdiag");
		fprintf(fp, ": %s: %s: ", severity_name(f->sev), f->id);
		put_clean(fp, f->message != NULL ? f->message : "");
		put_also(fp, f);
		fputc('\n', fp);
		print_fix(fp, f);
	}
	for (size_t i = 0; i < inv->nobjs; i++) {
		const struct object *o = inv->objs[i];
		if (o->src != NULL && o->src->context && o->nalso == 0)
			continue;
		certs += o->kind == OBJ_CERT;
		keys += o->kind == OBJ_KEY;
	}
	fprintf(fp, "certdiag scan: %zu file%s, %zu certificate%s, %zu "
	    "private key%s: ", rc != NULL ? rc->files : 0,
	    rc != NULL && rc->files == 1 ? "" : "s", certs,
	    certs == 1 ? "" : "s", keys, keys == 1 ? "" : "s");
	if (n[SEV_ERROR] > 0)
		fprintf(fp, "%zu error%s, ", n[SEV_ERROR],
		    n[SEV_ERROR] == 1 ? "" : "s");
	fprintf(fp, "%zu failure%s, %zu warning%s, %zu note%s\n",
	    n[SEV_FAIL], n[SEV_FAIL] == 1 ? "" : "s",
	    n[SEV_WARN], n[SEV_WARN] == 1 ? "" : "s",
	    n[SEV_INFO], n[SEV_INFO] == 1 ? "" : "s");
}
