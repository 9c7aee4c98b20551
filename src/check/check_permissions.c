/* Private key files should be readable by their owner only. */
#include "config.h"

#include <stdlib.h>
#include <sys/stat.h>

#include "checks.h"
#include "shquote.h"

/* Sources already reported, so that a file holding several keys (or a
 * key found in several files) is named once per file. */
struct seen {
	const struct source **v;
	size_t n;
};

static bool
seen_add(struct seen *s, const struct source *src)
{
	const struct source **v;

	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] == src)
			return false;
	if ((v = realloc(s->v, (s->n + 1) * sizeof(*v))) == NULL)
		return false;
	s->v = v;
	s->v[s->n++] = src;
	return true;
}

static const char *
who_can_read(mode_t mode)
{
	if ((mode & S_IRGRP) && (mode & S_IROTH))
		return "its group and everyone else";
	if (mode & S_IROTH)
		return "everyone";
	return "its group";
}

/* Returns whether the file was judged (it is a file with a mode). */
static bool
check_source(const struct object *key, const struct source *src,
    struct seen *seen, struct findings *fs)
{
	struct finding *f;

	if (src == NULL || !src->have_mode || !seen_add(seen, src))
		return false;
	if ((src->mode & (S_IRGRP | S_IROTH)) == 0)
		return true;
	/* 0640 root:ssl-cert (or root:root) is Debian's documented setup
	 * for services that read keys as a group member; chmod 600 would
	 * lock them out. */
	if ((src->mode & (S_IROTH | S_IWGRP | S_IWOTH)) == 0 &&
	    src->key_group)
		return true;
	f = finding_add_file(fs, "key-file-permissions", SEV_WARN, src->path,
	    "private key file is readable by %s (mode %04o)",
	    who_can_read(src->mode), (unsigned)(src->mode & 07777));
	if (f != NULL)
		f->about = key;
	finding_hint(f, "let only its owner read it (keep the owner the "
	    "account the server reads it as; a service that reads keys "
	    "through group ssl-cert needs mode 0640 and that group instead)");
	{
		char *p = sh_path(src->path);
		if (p != NULL)
			finding_fix(f, "chmod", "600", p, NULL);
		free(p);
	}
	return true;
}

static void
check_permissions_run(const struct inventory *inv,
    const struct check_ctx *ctx, struct findings *fs)
{
	struct seen seen = { NULL, 0 };
	size_t before = fs->n, judged = 0;

	(void)ctx;
	for (size_t i = 0; i < inv->nobjs; i++) {
		const struct object *o = inv->objs[i];
		if (o->kind != OBJ_KEY)
			continue;
		judged += check_source(o, o->src, &seen, fs);
		for (size_t j = 0; j < o->nalso; j++)
			judged += check_source(o, o->also[j], &seen, fs);
	}
	if (judged == 1 && fs->n == before)
		finding_add(fs, "key-file-permissions", SEV_PASS, inv->key,
		    "private key file %s is readable by its owner only",
		    seen.v[0]->path);
	else if (judged > 1 && fs->n == before)
		finding_add(fs, "key-file-permissions", SEV_PASS, inv->key,
		    "private key files are readable by their owner only");
	free(seen.v);
}

const struct check check_permissions = { "permissions", check_permissions_run };
