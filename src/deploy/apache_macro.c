#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "deploy/apache_macro.h"
#include "strbuf.h"

static void
macro_clear(struct apache_macro *m)
{
	free(m->name);
	for (size_t i = 0; i < m->nparams; i++)
		free(m->params[i]);
	free(m->params);
	for (size_t i = 0; i < m->nbody; i++)
		free(m->body[i]);
	free(m->body);
	free(m->origin);
	memset(m, 0, sizeof(*m));
}

struct apache_macro *
macro_find(const struct apache_macros *ms, const char *name)
{
	for (size_t i = 0; i < ms->n; i++)
		if (ms->v[i].name != NULL &&	/* NULL: undefined */
		    strcasecmp(ms->v[i].name, name) == 0)
			return &ms->v[i];
	return NULL;
}

struct apache_macro *
macro_define(struct apache_macros *ms, const struct conf_stmt *st,
    const char *origin, const char **err)
{
	struct apache_macro *m, nm = { 0 };
	size_t argc = st->argc;
	char *last;

	*err = NULL;
	/* "<Macro NAME $a>" or "<Macro NAME $a >": the '>' closes it */
	if (argc > 0 && strcmp(st->argv[argc - 1], ">") == 0)
		argc--;
	if (argc < 2 || strcmp(st->argv[1], ">") == 0) {
		*err = "<Macro> without a name";
		return NULL;
	}
	if ((nm.name = strdup(st->argv[1])) == NULL ||
	    (nm.origin = strdup(origin)) == NULL ||
	    (argc > 2 &&
	    (nm.params = calloc(argc - 2, sizeof(*nm.params))) == NULL))
		goto oom;
	for (size_t i = 2; i < argc; i++)
		if ((nm.params[nm.nparams++] = strdup(st->argv[i])) == NULL)
			goto oom;
	last = nm.nparams > 0 ? nm.params[nm.nparams - 1] : nm.name;
	if (last[0] != '\0' && last[strlen(last) - 1] == '>')
		last[strlen(last) - 1] = '\0';
	for (size_t i = 0; i < nm.nparams; i++)
		if (nm.params[i][0] == '\0') {
			*err = "<Macro> with an empty parameter";
			macro_clear(&nm);
			return NULL;
		}
	if ((m = macro_find(ms, nm.name)) != NULL)
		macro_clear(m);
	else if (!array_grow(&ms->v, &ms->cap, ms->n + 1, sizeof(*ms->v)))
		goto oom;
	else
		m = &ms->v[ms->n++];
	*m = nm;
	return m;
oom:
	macro_clear(&nm);
	return NULL;
}

bool
macro_add_line(struct apache_macro *m, const char *text, size_t len)
{
	if (!array_grow(&m->body, &m->cap, m->nbody + 1, sizeof(*m->body)) ||
	    (m->body[m->nbody] = strndup(text, len)) == NULL)
		return false;
	m->nbody++;
	return true;
}

char *
macro_subst(const struct apache_macro *m, const char *line,
    char *const *args)
{
	struct strbuf sb = STRBUF_INIT;
	const char *plain = line;

	while (*line != '\0') {
		size_t best = m->nparams, blen = 0;

		for (size_t i = 0; i < m->nparams; i++) {
			size_t n = strlen(m->params[i]);
			if (n > blen && strncmp(line, m->params[i], n) == 0) {
				best = i;
				blen = n;
			}
		}
		if (best == m->nparams) {
			line++;
			continue;
		}
		strbuf_addf(&sb, "%.*s", (int)(line - plain), plain);
		strbuf_add(&sb, args[best]);
		line += blen;
		plain = line;
	}
	strbuf_add(&sb, plain);
	return strbuf_detach(&sb);
}

void
macros_free(struct apache_macros *ms)
{
	for (size_t i = 0; i < ms->n; i++)
		macro_clear(&ms->v[i]);
	free(ms->v);
	memset(ms, 0, sizeof(*ms));
}
