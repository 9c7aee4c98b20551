#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include <openssl/x509.h>

#include "describe.h"
#include "scan.h"
#include "scan_certbot.h"
#include "shquote.h"

static const char privkey[] = "/privkey.pem";

/* ".../live/NAME/privkey.pem" or "live/NAME/privkey.pem". */
static bool
lineage_key_path(const char *p)
{
	size_t n = strlen(p), k = sizeof(privkey) - 1;
	const char *name, *live;

	if (n <= k || strcmp(p + n - k, privkey) != 0)
		return false;
	for (name = p + n - k; name > p && name[-1] != '/'; name--)
		;
	if (name == p)
		return false;
	for (live = name - 1; live > p && live[-1] != '/'; live--)
		;
	return name - 1 - live == 4 && strncmp(live, "live", 4) == 0;
}

/* Where o lies in the source named path: its index, or -1. */
static long
position_in(const struct object *o, const char *path)
{
	if (o->src != NULL && strcmp(o->src->path, path) == 0)
		return (long)o->index;
	for (size_t i = 0; i < o->nalso; i++)
		if (strcmp(o->also[i]->path, path) == 0)
			return (long)o->also_index[i];
	return -1;
}

static bool
only_context(const struct object *o)
{
	if (o->src != NULL && !o->src->context)
		return false;
	for (size_t i = 0; i < o->nalso; i++)
		if (!o->also[i]->context)
			return false;
	return true;
}

static void
lineage(const struct inventory *inv, const struct object *key,
    const char *keypath, struct findings *fs)
{
	size_t dl = strlen(keypath) - (sizeof(privkey) - 1);
	char *full = NULL, *cert = NULL, *chain = NULL, *subj = NULL;
	char *dir = NULL;
	const struct object *first = NULL;
	struct finding *f;

	if (asprintf(&full, "%.*s/fullchain.pem", (int)dl, keypath) < 0)
		return;
	for (size_t i = 0; i < inv->nobjs && first == NULL; i++)
		if (inv->objs[i]->kind == OBJ_CERT &&
		    position_in(inv->objs[i], full) == 0)
			first = inv->objs[i];
	if (first == NULL || object_is_ca(first) || !first->have_spki ||
	    memcmp(first->spki_sha256, key->spki_sha256, 32) == 0 ||
	    (only_context(first) && only_context(key)))
		goto out;
	subj = name_oneline(X509_get_subject_name(first->x509));
	if (asprintf(&cert, "%.*s/cert.pem", (int)dl, keypath) < 0)
		cert = NULL;
	if (asprintf(&chain, "%.*s/chain.pem", (int)dl, keypath) < 0)
		chain = NULL;
	dir = strndup(keypath, dl);
	f = finding_add_file(fs, "bundle-leaf-mismatch", SEV_FAIL, full,
	    "starts with a certificate (%s) that does not belong to the key "
	    "in %s: a server loading this pair refuses to start (nginx: key "
	    "values mismatch)", subj != NULL ? subj : "?", keypath);
	/* The shell's > writes through the link, into the archive file
	 * the server loads. */
	if (f != NULL && cert != NULL && chain != NULL && dir != NULL) {
		finding_hint(f, "the lineage's links point at different "
		    "versions: run certbot update_symlinks, or rebuild the "
		    "file it links to");
		finding_fix(f, "cat", cert, chain, SH_TO, full, NULL);
	}
out:
	free(dir);
	free(subj);
	free(chain);
	free(cert);
	free(full);
}

void
scan_certbot(const struct inventory *inv, struct findings *fs)
{
	for (size_t i = 0; i < inv->nobjs; i++) {
		const struct object *k = inv->objs[i];
		if (k->kind != OBJ_KEY || !k->have_spki)
			continue;
		if (k->src != NULL && lineage_key_path(k->src->path))
			lineage(inv, k, k->src->path, fs);
		for (size_t j = 0; j < k->nalso; j++)
			if (lineage_key_path(k->also[j]->path))
				lineage(inv, k, k->also[j]->path, fs);
	}
}

/* The stem ("fullchain") and version of ".../archive/NAME/fullchainN.pem":
 * the stem's length, or 0 when path is no such name. */
static size_t
archive_version(const char *path, unsigned long *version)
{
	static const char *const stems[] = { "cert", "chain", "fullchain",
	    "privkey" };
	const char *base = strrchr(path, '/'), *dir, *digits, *end;

	if (base == NULL || base - path < 9)
		return 0;
	for (dir = base - 1; dir > path && dir[-1] != '/'; dir--)
		;
	/* the folder above NAME is archive/ */
	if (dir - path < 8 || strncmp(dir - 8, "archive/", 8) != 0 ||
	    (dir - path > 8 && dir[-9] != '/'))
		return 0;
	base++;
	for (size_t i = 0; i < sizeof(stems) / sizeof(stems[0]); i++) {
		size_t n = strlen(stems[i]);
		if (strncmp(base, stems[i], n) != 0)
			continue;
		digits = base + n;
		for (end = digits; *end >= '0' && *end <= '9'; end++)
			;
		if (end == digits || end - digits > 6 || digits[0] == '0' ||
		    strcmp(end, ".pem") != 0)
			continue;
		*version = strtoul(digits, NULL, 10);
		return (size_t)(base - path) + n;
	}
	return 0;
}

bool
certbot_retired_path(const char *path, const struct scan_list *files)
{
	unsigned long v;
	size_t stem = archive_version(path, &v);
	struct stat st;
	char *next;
	bool found = false;

	if (stem == 0 ||
	    asprintf(&next, "%.*s%lu.pem", (int)stem, path, v + 1) < 0)
		return false;
	for (size_t i = 0; !found && i < files->n; i++)
		found = strcmp(files->v[i].path, next) == 0;
	/* a folder on disk read in part (--staged reads small folders
	 * only): the file beside it decides */
	if (!found && files->n > 0 && files->v[0].oid == NULL)
		found = lstat(next, &st) == 0;
	free(next);
	return found;
}

bool
certbot_retired(const struct object *o, const struct scan_list *files)
{
	if (o->src == NULL || !certbot_retired_path(o->src->path, files))
		return false;
	for (size_t i = 0; i < o->nalso; i++)
		if (!certbot_retired_path(o->also[i]->path, files))
			return false;
	return true;
}
