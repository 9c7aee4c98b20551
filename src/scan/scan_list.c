#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "scan.h"
#include "strbuf.h"

void
scan_list_init(struct scan_list *l)
{
	memset(l, 0, sizeof(*l));
}

void
scan_list_free(struct scan_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].open_path);
		free(l->v[i].oid);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

bool
scan_list_add(struct scan_list *l, const char *path, const char *open_path,
    const char *oid, bool context)
{
	struct scan_file f = { .context = context };

	if (!array_grow(&l->v, &l->cap, l->n + 1, sizeof(*l->v)))
		return false;
	if ((f.path = strdup(path)) == NULL ||
	    (open_path != NULL && (f.open_path = strdup(open_path)) == NULL) ||
	    (oid != NULL && (f.oid = strdup(oid)) == NULL)) {
		free(f.path);
		free(f.open_path);
		return false;
	}
	l->v[l->n++] = f;
	return true;
}

void
scan_findings_move(struct findings *dst, struct findings *src,
    const bool *keep)
{
	for (size_t i = 0; i < src->n; i++) {
		struct finding *f = &src->v[i];
		if (keep != NULL && !keep[i])
			continue;
		if (!array_grow(&dst->v, &dst->cap, dst->n + 1,
		    sizeof(*dst->v)))
			continue;	/* freed with src below */
		dst->v[dst->n++] = *f;
		/* Ownership moved: src must not free these. */
		finding_disown(f);
	}
	findings_free(src);
}

bool
scan_reported(const struct object *o)
{
	if (o->src != NULL && !o->src->context)
		return true;
	for (size_t i = 0; i < o->nalso; i++)
		if (!o->also[i]->context)
			return true;
	return false;
}
