#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

/* Room for n more bytes and the NUL. */
static bool
reserve(struct strbuf *sb, size_t n)
{
	if (sb->failed)
		return false;
	if (n >= SIZE_MAX - sb->len ||
	    !array_grow(&sb->buf, &sb->cap, sb->len + n + 1, 1)) {
		sb->failed = true;
		return false;
	}
	return true;
}

void
strbuf_add(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);

	if (!reserve(sb, n))
		return;
	memcpy(sb->buf + sb->len, s, n + 1);
	sb->len += n;
}

void
strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->failed = true;
		return;
	}
	if (!reserve(sb, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

void
strbuf_add_item(struct strbuf *sb, const char *sep, const char *item)
{
	if (sb->len > 0)
		strbuf_add(sb, sep);
	strbuf_add(sb, item);
}

char *
strbuf_detach(struct strbuf *sb)
{
	char *s = sb->failed ? NULL : sb->buf != NULL ? sb->buf : strdup("");

	if (sb->failed)
		free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	sb->failed = false;
	return s;
}

void
strbuf_free(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	sb->failed = false;
}

char *
strbuf_join(char *const *v, const char *sep)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; v != NULL && v[i] != NULL; i++) {
		if (i > 0)
			strbuf_add(&sb, sep);
		strbuf_add(&sb, v[i]);
	}
	return strbuf_detach(&sb);
}

bool
array_grow(void *vp, size_t *cap, size_t need, size_t elem)
{
	void **v = vp;
	size_t ncap = *cap > 0 ? *cap : 8;
	void *nv;

	if (need <= *cap)
		return true;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return false;
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / elem || (nv = realloc(*v, ncap * elem)) == NULL)
		return false;
	*v = nv;
	*cap = ncap;
	return true;
}

void
array_sort(void *v, size_t n, size_t elem,
    int (*cmp)(const void *, const void *))
{
	if (v != NULL && n > 1)
		qsort(v, n, elem, cmp);
}
