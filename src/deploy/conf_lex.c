#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/conf_lex.h"
#include "strbuf.h"

void
conf_lex_init(struct conf_lex *lx, const char *buf, size_t len)
{
	lx->p = buf;
	lx->end = buf + len;
	lx->line = 1;
}

void
conf_stmt_clear(struct conf_stmt *st)
{
	for (size_t i = 0; i < st->argc; i++)
		free(st->argv[i]);
	st->argc = 0;
	st->kind = CONF_EOF;
	st->err[0] = '\0';
}

void
conf_stmt_free(struct conf_stmt *st)
{
	conf_stmt_clear(st);
	free(st->argv);
	memset(st, 0, sizeof(*st));
}

static bool
fail(struct conf_stmt *st, const char *why)
{
	snprintf(st->err, sizeof(st->err), "%s", why);
	return false;
}

/* Appends the word [s, s+n) to st, undoing nginx's escapes. */
static bool
push(struct conf_stmt *st, const char *s, size_t n)
{
	char *w, *o;

	if (st->argc == CONF_MAX_ARGS)
		return fail(st, "too many words in one directive");
	if (!array_grow(&st->argv, &st->cap, st->argc + 1,
	    sizeof(*st->argv)))
		return fail(st, "out of memory");
	if ((w = malloc(n + 1)) == NULL)
		return fail(st, "out of memory");
	for (o = w; n > 0; s++, n--) {
		if (*s == '\\' && n > 1) {
			s++, n--;
			switch (*s) {
			case 't': *o++ = '\t'; continue;
			case 'r': *o++ = '\r'; continue;
			case 'n': *o++ = '\n'; continue;
			case '"': case '\'': case '\\': *o++ = *s; continue;
			default: *o++ = '\\'; break;	/* nginx keeps it */
			}
		}
		*o++ = *s;
	}
	*o = '\0';
	st->argv[st->argc++] = w;
	return true;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Reads one word at lx->p into st: quoted, or up to a space or one of
 * ";{}". */
static bool
lex_word(struct conf_lex *lx, struct conf_stmt *st)
{
	const char *s = lx->p;
	char q = *s;

	if (q == '"' || q == '\'') {
		const char *p = ++s;
		while (p < lx->end && *p != q) {
			if (*p == '\\' && p + 1 < lx->end)
				p++;
			if (*p == '\n')
				lx->line++;
			p++;
		}
		if (p == lx->end)
			return fail(st, "unterminated quoted string");
		lx->p = p + 1;
		return push(st, s, (size_t)(p - s));
	}
	while (lx->p < lx->end && !is_space(*lx->p) &&
	    strchr(";{}", *lx->p) == NULL) {
		if (*lx->p == '\\' && lx->p + 1 < lx->end)
			lx->p++;
		else if (*lx->p == '$' && lx->p + 1 < lx->end &&
		    lx->p[1] == '{') {
			/* "${var}": its braces belong to the word */
			const char *c = memchr(lx->p, '}',
			    (size_t)(lx->end - lx->p));
			if (c == NULL)
				return fail(st, "unterminated ${ variable");
			lx->p = c;
		}
		lx->p++;
	}
	return push(st, s, (size_t)(lx->p - s));
}

enum conf_kind
conf_lex_next(struct conf_lex *lx, struct conf_stmt *st)
{
	conf_stmt_clear(st);
	for (;;) {
		unsigned word_line;
		char c;

		while (lx->p < lx->end && is_space(*lx->p)) {
			if (*lx->p == '\n')
				lx->line++;
			lx->p++;
		}
		if (lx->p == lx->end) {
			if (st->argc == 0)
				return st->kind = CONF_EOF;
			st->line = lx->line;
			fail(st, "unexpected end of file, expecting \";\" "
			    "or \"}\"");
			return st->kind = CONF_ERROR;
		}
		c = *lx->p;
		if (c == '#') {
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
			continue;
		}
		if (c == ';' || c == '{' || c == '}') {
			if (st->argc == 0 && c != '}') {
				st->line = lx->line;
				fail(st, c == ';' ? "unexpected \";\"" :
				    "unexpected \"{\"");
				return st->kind = CONF_ERROR;
			}
			if (st->argc > 0 && c == '}') {
				st->line = lx->line;
				fail(st, "unexpected \"}\", expecting \";\"");
				return st->kind = CONF_ERROR;
			}
			lx->p++;
			if (c == '}')
				st->line = lx->line;
			return st->kind = c == ';' ? CONF_DIRECTIVE :
			    c == '{' ? CONF_BLOCK : CONF_CLOSE;
		}
		if (st->argc == 0)
			st->line = lx->line;
		word_line = lx->line;
		if (!lex_word(lx, st)) {
			st->line = word_line;	/* where the quote opened */
			return st->kind = CONF_ERROR;
		}
	}
}

bool
conf_line_next(struct conf_lex *lx, const char **line, size_t *len,
    unsigned *lineno)
{
	const char *nl;

	if (lx->p >= lx->end)
		return false;
	nl = memchr(lx->p, '\n', (size_t)(lx->end - lx->p));
	*line = lx->p;
	*len = (size_t)((nl != NULL ? nl : lx->end) - lx->p);
	if (*len > 0 && (*line)[*len - 1] == '\r')
		(*len)--;
	*lineno = lx->line++;
	lx->p = nl != NULL ? nl + 1 : lx->end;
	return true;
}

bool
conf_split(const char *line, size_t len, struct conf_stmt *st)
{
	const char *p = line, *end = line + len;
	char *w = malloc(len + 1);

	conf_stmt_clear(st);
	if (w == NULL)
		return fail(st, "out of memory");
	while (p < end) {
		size_t n = 0;
		bool any = false;

		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		if (p == end || *p == '#')
			break;
		while (p < end && *p != ' ' && *p != '\t' && *p != '\r') {
			if (*p == '"' || *p == '\'') {
				char q = *p++;
				while (p < end && *p != q) {
					if (*p == '\\' && q == '"' &&
					    p + 1 < end &&
					    (p[1] == '"' || p[1] == '\\'))
						p++;
					w[n++] = *p++;
				}
				if (p == end) {
					free(w);
					return fail(st,
					    "unterminated quoted string");
				}
				p++;
			} else if (*p == '\\' && p + 1 < end) {
				w[n++] = p[1];
				p += 2;
			} else
				w[n++] = *p++;
			any = true;
		}
		/* push() undoes nginx escapes; these words are done */
		if (any) {
			char *copy;
			if (st->argc == CONF_MAX_ARGS) {
				free(w);
				return fail(st, "too many words in one line");
			}
			if (!push(st, "", 0)) {
				free(w);
				return false;
			}
			if ((copy = strndup(w, n)) == NULL) {
				free(w);
				return fail(st, "out of memory");
			}
			free(st->argv[st->argc - 1]);
			st->argv[st->argc - 1] = copy;
		}
	}
	free(w);
	return true;
}
