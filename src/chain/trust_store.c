#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "trust_store.h"

void
trust_paths_from_env(struct trust_paths *p)
{
	p->file = getenv(X509_get_default_cert_file_env());
	if (p->file == NULL || *p->file == '\0')
		p->file = X509_get_default_cert_file();
	p->dir = getenv(X509_get_default_cert_dir_env());
	if (p->dir == NULL || *p->dir == '\0')
		p->dir = X509_get_default_cert_dir();
}

static int
dup_or_null(char **dst, const char *s)
{
	*dst = NULL;
	if (s == NULL || *s == '\0')
		return 0;
	return (*dst = strdup(s)) == NULL ? -1 : 0;
}

int
trust_store_init(struct trust_store *ts, const struct inventory *inv,
    const struct trust_paths *sys)
{
	memset(ts, 0, sizeof(*ts));
	if ((ts->store = X509_STORE_new()) == NULL)
		return -1;
	pthread_mutex_init(&ts->lock, NULL);
	if (sys != NULL && (dup_or_null(&ts->file, sys->file) != 0 ||
	    dup_or_null(&ts->dir, sys->dir) != 0))
		return -1;
	if (ts->dir != NULL) {
		/* Issuers are looked up in the directory as needed. */
		X509_LOOKUP *lu = X509_STORE_add_lookup(ts->store,
		    X509_LOOKUP_hash_dir());
		if (lu != NULL)
			X509_LOOKUP_add_dir(lu, ts->dir, X509_FILETYPE_PEM);
	}
	for (size_t i = 0; i < inv->nobjs; i++) {
		const struct object *o = inv->objs[i];
		if (o->kind == OBJ_CERT && o->trusted)
			X509_STORE_add_cert(ts->store, o->x509);
	}
	ERR_clear_error();
	return 0;
}

void
trust_store_free(struct trust_store *ts)
{
	if (ts->store == NULL)
		return;		/* never built */
	X509_STORE_free(ts->store);
	free(ts->file);
	free(ts->dir);
	pthread_mutex_destroy(&ts->lock);
	memset(ts, 0, sizeof(*ts));
}

/* Adds the system bundle, once: true when it (read by this call or an
 * earlier one) added certificates, so a path that failed is worth
 * building again. */
static bool
read_bundle(struct trust_store *ts)
{
	X509_LOOKUP *lu;
	bool added = false;

	if (ts->file == NULL)
		return false;
	pthread_mutex_lock(&ts->lock);
	if (!ts->file_read) {
		ts->file_read = true;
		/* A missing or unreadable bundle is no error: many systems
		 * have only the directory. */
		if ((lu = X509_STORE_add_lookup(ts->store,
		    X509_LOOKUP_file())) != NULL &&
		    X509_LOOKUP_load_file(lu, ts->file, X509_FILETYPE_PEM) > 0)
			ts->file_loaded = true;
		ERR_clear_error();
	}
	added = ts->file_loaded;
	pthread_mutex_unlock(&ts->lock);
	return added;
}

/* Has the bundle been read already (by any thread)? */
static bool
bundle_read(struct trust_store *ts)
{
	bool r;

	pthread_mutex_lock(&ts->lock);
	r = ts->file_read;
	pthread_mutex_unlock(&ts->lock);
	return r;
}

int
trust_store_chain(struct trust_store *ts, const struct inventory *inv,
    const struct chain_opts *o, struct chain_result *r)
{
	bool had_bundle = bundle_read(ts);

	chain_result_free(r);
	if (chain_build(inv, ts->store, o, r) != 0)
		return -1;
	if (!r->have_leaf || r->path.trusted || had_bundle ||
	    !read_bundle(ts))
		return 0;
	chain_result_free(r);
	return chain_build(inv, ts->store, o, r);
}

const char *
trust_store_anchor_from(const struct trust_store *ts,
    const struct chain_result *r, const char **where)
{
	const struct chain_link *a;

	*where = NULL;
	if (r == NULL || !r->have_leaf || (a = chain_anchor(&r->path)) == NULL)
		return NULL;
	if (a->origin != LINK_STORE)
		return "ca";
	if (ts->file_loaded) {
		*where = ts->file;
		return "file";
	}
	*where = ts->dir;
	return "dir";
}
