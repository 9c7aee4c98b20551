/* A growable string (git's strbuf, curl's dynbuf): appends never
 * truncate; after a failed allocation the buffer is marked failed and
 * strbuf_detach() returns NULL, so callers check once, at the end. */
#ifndef STRBUF_H
#define STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *buf;		/* owned; NUL-terminated when not NULL */
	size_t len, cap;
	bool failed;		/* an allocation failed: the text is lost */
};

#define STRBUF_INIT	{ NULL, 0, 0, false }

void strbuf_add(struct strbuf *, const char *);
void strbuf_addf(struct strbuf *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Adds sep first unless the buffer is empty: list building. */
void strbuf_add_item(struct strbuf *, const char *sep, const char *item);
/* The text (malloc'd, "" when nothing was added), or NULL after a failed
 * allocation; the buffer is left empty. */
char *strbuf_detach(struct strbuf *);
void strbuf_free(struct strbuf *);

/* v[0] sep v[1] sep ... for a NULL-terminated array (NULL: none); "" for
 * none; NULL on ENOMEM. */
char *strbuf_join(char *const *v, const char *sep);

/* Grows *v (of elements of size elem, *cap of them) to hold at least
 * need: doubling, from 8. false on ENOMEM or overflow (*v unchanged). */
bool array_grow(void *v, size_t *cap, size_t need, size_t elem);
/* qsort for arrays that may be empty: qsort(NULL, 0, ...) is undefined
 * behaviour (an empty directory once aborted the sanitizer build). */
void array_sort(void *v, size_t n, size_t elem,
    int (*cmp)(const void *, const void *));

#endif
