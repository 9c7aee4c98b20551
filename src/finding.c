#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "inventory.h"
#include "shquote.h"
#include "strbuf.h"

const char *
severity_name(enum severity s)
{
	switch (s) {
	case SEV_PASS:	return "pass";
	case SEV_INFO:	return "info";
	case SEV_WARN:	return "warn";
	case SEV_FAIL:	return "fail";
	case SEV_ERROR:	return "error";
	}
	return "?";
}

enum exit_status
severity_exit(enum severity worst)
{
	switch (worst) {
	case SEV_ERROR:	return EXIT_INCOMPLETE;
	case SEV_FAIL:	return EXIT_FAIL;
	case SEV_WARN:	return EXIT_WARN;
	default:	return EXIT_OK;
	}
}

void
findings_init(struct findings *fs)
{
	memset(fs, 0, sizeof(*fs));
}

void
findings_free(struct findings *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		free(fs->v[i].file);
		free(fs->v[i].message);
		free(fs->v[i].hint);
		for (size_t j = 0; j < fs->v[i].nfix; j++)
			free(fs->v[i].fix[j]);
		free(fs->v[i].fix);
	}
	free(fs->v);
	memset(fs, 0, sizeof(*fs));
}

static struct finding *
finding_vadd(struct findings *fs, const char *id, enum severity sev,
    const struct object *about, const char *file, const char *fmt,
    va_list ap)
{
	struct finding *f;
	char *msg = NULL;

	if (!array_grow(&fs->v, &fs->cap, fs->n + 1, sizeof(*fs->v)))
		return NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		return NULL;
	if (file == NULL && about != NULL && about->src != NULL)
		file = about->src->path;
	f = &fs->v[fs->n];
	memset(f, 0, sizeof(*f));
	f->id = id;
	f->sev = sev;
	f->about = about;
	f->message = msg;
	if (file != NULL && (f->file = strdup(file)) == NULL) {
		free(msg);
		return NULL;
	}
	fs->n++;
	return f;
}

struct finding *
finding_add(struct findings *fs, const char *id, enum severity sev,
    const struct object *about, const char *fmt, ...)
{
	va_list ap;
	struct finding *f;

	va_start(ap, fmt);
	f = finding_vadd(fs, id, sev, about, NULL, fmt, ap);
	va_end(ap);
	return f;
}

struct finding *
finding_add_file(struct findings *fs, const char *id, enum severity sev,
    const char *file, const char *fmt, ...)
{
	va_list ap;
	struct finding *f;

	va_start(ap, fmt);
	f = finding_vadd(fs, id, sev, NULL, file, fmt, ap);
	va_end(ap);
	return f;
}

void
finding_hint(struct finding *f, const char *fmt, ...)
{
	va_list ap;
	char *hint = NULL;

	if (f == NULL)
		return;
	va_start(ap, fmt);
	if (vasprintf(&hint, fmt, ap) < 0)
		hint = NULL;
	va_end(ap);
	free(f->hint);
	f->hint = hint;
}

void
finding_fixv(struct finding *f, const char *const *words, int n)
{
	char *cmd, **v;

	if (f == NULL || n <= 0 || (cmd = sh_commandv(words, n)) == NULL)
		return;
	if ((v = realloc(f->fix, (f->nfix + 1) * sizeof(*v))) == NULL) {
		free(cmd);
		return;
	}
	f->fix = v;
	f->fix[f->nfix++] = cmd;
}

void
finding_fix(struct finding *f, const char *word, ...)
{
	const char *v[64];
	int n = 0;
	va_list ap;

	va_start(ap, word);
	for (const char *w = word; w != NULL; w = va_arg(ap, const char *)) {
		if (n == 64) {	/* never print a command cut short */
			va_end(ap);
			return;
		}
		v[n++] = w;
	}
	va_end(ap);
	finding_fixv(f, v, n);
}

char *
finding_fix_line(const struct finding *f)
{
	size_t len;
	char *s;

	if (f->hint == NULL)
		return NULL;
	len = strlen(f->hint) + 3;
	for (size_t i = 0; i < f->nfix; i++)
		len += strlen(f->fix[i]) + 2;
	if ((s = malloc(len)) == NULL)
		return NULL;
	strcpy(s, f->hint);
	for (size_t i = 0; i < f->nfix; i++) {
		strcat(s, i == 0 ? ": " : "; ");
		strcat(s, f->fix[i]);
	}
	return s;
}

void
finding_disown(struct finding *f)
{
	f->file = f->message = f->hint = NULL;
	f->fix = NULL;
	f->nfix = 0;
}

enum severity
findings_worst(const struct findings *fs)
{
	enum severity worst = SEV_PASS;

	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].sev > worst)
			worst = fs->v[i].sev;
	return worst;
}

size_t
findings_count(const struct findings *fs, enum severity sev)
{
	size_t n = 0;

	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].sev == sev)
			n++;
	return n;
}

bool
findings_has(const struct findings *fs, const char *id)
{
	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].id, id) == 0)
			return true;
	return false;
}
