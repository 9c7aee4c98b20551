/* Each bundle file checked as the service serves it: a server sends the
 * certificates of its certificate file in order, and pairs the first one
 * with the key. A fullchain.pem whose first certificate is not the key's
 * (a stale copy beside a renewed cert.pem) makes nginx refuse to start
 * ("key values mismatch") even though the folder holds a matching pair.
 * Pure: reads the deployment and its loaded inventory. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/bundle.h"
#include "shquote.h"
#include "load/load.h"

/* The first certificate the file at path holds, in file order: the
 * inventory merges identical objects, so the file may be the object's
 * source or one of its other places. */
static const struct object *
first_cert(const struct inventory *inv, const char *path)
{
	const struct object *best = NULL;
	size_t best_index = 0;

	for (size_t i = 0; i < inv->nobjs; i++) {
		const struct object *o = inv->objs[i];
		if (o->kind != OBJ_CERT)
			continue;
		if (o->src != NULL && o->src->path != NULL &&
		    strcmp(o->src->path, path) == 0 &&
		    (best == NULL || o->index < best_index)) {
			best = o;
			best_index = o->index;
		}
		for (size_t j = 0; j < o->nalso; j++)
			if (o->also[j] != NULL && o->also[j]->path != NULL &&
			    strcmp(o->also[j]->path, path) == 0 &&
			    (best == NULL || o->also_index[j] < best_index)) {
				best = o;
				best_index = o->also_index[j];
			}
	}
	return best;
}

/* certbot's layout: cert.pem and chain.pem beside fullchain.pem. The
 * sibling named is returned (malloc'd) only when it holds what it should:
 * the key's certificate first, or a CA certificate. */
static char *
sibling(const char *bundle, const char *name, const struct object *key)
{
	const char *slash = strrchr(bundle, '/');
	struct inventory inv;
	struct findings fs;
	const struct object *first;
	char *path = NULL;
	bool fits;

	if (asprintf(&path, "%.*s%s", slash != NULL ?
	    (int)(slash - bundle + 1) : 0, bundle, name) < 0)
		return NULL;
	inventory_init(&inv);
	findings_init(&fs);
	(void)load_entry(&inv, &fs, NULL, path, ROLE_AUTO);
	first = first_cert(&inv, path);
	fits = first != NULL && first->have_spki && (key != NULL ?
	    memcmp(first->spki_sha256, key->spki_sha256, 32) == 0 :
	    object_is_ca(first));
	findings_free(&fs);
	inventory_free(&inv);
	if (!fits) {
		free(path);
		return NULL;
	}
	return path;
}

static const char *
file_of_use(const struct deployment *d, enum deploy_use use,
    const char *not)
{
	for (size_t i = 0; i < d->nfiles; i++)
		if (d->files[i].use == use &&
		    (not == NULL || strcmp(d->files[i].path, not) != 0))
			return d->files[i].path;
	return NULL;
}

void
bundle_check(const struct deployment *d, const struct inventory *inv,
    struct findings *fs)
{
	const struct object *key = inv->key;

	if (key == NULL || !key->have_spki)
		return;
	for (size_t i = 0; i < d->nfiles; i++) {
		const struct deploy_file *df = &d->files[i];
		const struct object *first;
		const char *leaf_file, *chain_file;
		struct finding *f;
		char *near_leaf = NULL, *near_chain = NULL;

		if (df->use != USE_CERT && df->use != USE_CERT_KEY)
			continue;
		first = first_cert(inv, df->path);
		if (first == NULL || object_is_ca(first) || !first->have_spki ||
		    memcmp(first->spki_sha256, key->spki_sha256, 32) == 0)
			continue;
		f = finding_add(fs, "bundle-leaf-mismatch", SEV_FAIL, first,
		    "%s starts with a certificate that does not "
		    "belong to the key in %s: a server loading this pair "
		    "refuses to start (nginx: key values mismatch)", df->path,
		    key->src != NULL && key->src->path != NULL ?
		    key->src->path : "the key file");
		/* The certificate that does match, to rebuild the bundle. */
		leaf_file = inv->leaf != NULL && inv->leaf->have_spki &&
		    memcmp(inv->leaf->spki_sha256, key->spki_sha256, 32) == 0 &&
		    inv->leaf->src != NULL ? inv->leaf->src->path : NULL;
		chain_file = file_of_use(d, USE_CHAIN, NULL);
		if (leaf_file == NULL || strcmp(leaf_file, df->path) == 0) {
			leaf_file = near_leaf = sibling(df->path, "cert.pem",
			    key);
			if (chain_file == NULL)
				chain_file = near_chain = sibling(df->path,
				    "chain.pem", NULL);
		}
		if (leaf_file != NULL && strcmp(leaf_file, df->path) != 0) {
			finding_hint(f, "rebuild it from the current "
			    "certificate");
			if (chain_file != NULL)
				finding_fix(f, "cat", leaf_file, chain_file,
				    SH_TO, df->path, NULL);
			else
				finding_fix(f, "cat", leaf_file, SH_TO,
				    df->path, NULL);
		} else
			finding_hint(f, "put the certificate issued for this "
			    "key first in %s, followed by its intermediates, "
			    "or deploy the key this bundle was issued for",
			    df->path);
		free(near_leaf);
		free(near_chain);
	}
}
