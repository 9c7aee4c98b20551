#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "shquote.h"

const char SH_PIPE[] = "|";
const char SH_TO[] = ">";
const char SH_APPEND[] = ">>";
const char SH_AND[] = "&&";

static bool
plain(const char *w)
{
	if (*w == '\0' || *w == '~' || *w == '=')
		return false;
	for (; *w != '\0'; w++)
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789_./:=@%+,-", *w) == NULL)
			return false;
	return true;
}

char *
sh_quote(const char *w)
{
	size_t len = 3;
	char *out, *p;

	if (w == NULL)
		w = "";
	if (plain(w))
		return strdup(w);
	for (const char *s = w; *s != '\0'; s++)
		len += *s == '\'' ? 4 : 1;
	if ((out = p = malloc(len)) == NULL)
		return NULL;
	*p++ = '\'';
	for (; *w != '\0'; w++) {
		if (*w == '\'') {
			memcpy(p, "'\\''", 4);
			p += 4;
		} else
			*p++ = *w;
	}
	*p++ = '\'';
	*p = '\0';
	return out;
}

char *
sh_path(const char *path)
{
	char *s = NULL;

	if (path == NULL || path[0] != '-')
		return strdup(path != NULL ? path : "");
	if ((s = malloc(strlen(path) + 3)) == NULL)
		return NULL;
	strcpy(s, "./");
	strcat(s, path);
	return s;
}

static bool
is_operator(const char *w)
{
	return w == SH_PIPE || w == SH_TO || w == SH_APPEND || w == SH_AND;
}

char *
sh_commandv(const char *const *words, int n)
{
	size_t len = 1, used = 0;
	char **q = calloc((size_t)n + 1, sizeof(*q));
	char *out = NULL;

	if (q == NULL)
		return NULL;
	for (int i = 0; i < n; i++) {
		q[i] = is_operator(words[i]) ? strdup(words[i]) :
		    sh_quote(words[i]);
		if (q[i] == NULL)
			goto out;
		len += strlen(q[i]) + 1;
	}
	if ((out = malloc(len)) == NULL)
		goto out;
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		size_t l = strlen(q[i]);
		if (i > 0)
			out[used++] = ' ';
		memcpy(out + used, q[i], l);
		used += l;
		out[used] = '\0';
	}
out:
	for (int i = 0; i < n; i++)
		free(q[i]);
	free(q);
	return out;
}

char *
sh_command(const char *word, ...)
{
	const char *v[64];
	int n = 0;
	va_list ap;

	va_start(ap, word);
	for (const char *w = word; w != NULL; w = va_arg(ap, const char *)) {
		if (n == 64) {	/* never cut a command short */
			va_end(ap);
			return NULL;
		}
		v[n++] = w;
	}
	va_end(ap);
	return sh_commandv(v, n);
}
