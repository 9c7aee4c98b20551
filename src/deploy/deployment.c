#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "deploy/deployment.h"
#include "strbuf.h"

static char *
dup_or_null(const char *s, bool *ok)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		*ok = false;
	return d;
}

void
deployments_init(struct deployments *ds)
{
	memset(ds, 0, sizeof(*ds));
}

static void
deployment_free(struct deployment *d)
{
	for (size_t i = 0; i < d->nfiles; i++) {
		free(d->files[i].path);
		free(d->files[i].origin);
		free(d->files[i].data);
	}
	for (size_t i = 0; i < d->nnames; i++)
		free(d->names[i]);
	free(d->files);
	free(d->names);
	free(d->name);
	free(d->origin);
	free(d->listen);
	findings_free(&d->findings);
}

void
deployments_free(struct deployments *ds)
{
	for (size_t i = 0; i < ds->n; i++)
		deployment_free(&ds->v[i]);
	free(ds->v);
	deployments_init(ds);
}

struct deployment *
deployment_add(struct deployments *ds, enum deploy_kind kind,
    const char *name, const char *origin)
{
	struct deployment *d;
	bool ok = true;

	if (!array_grow(&ds->v, &ds->cap, ds->n + 1, sizeof(*ds->v)))
		return NULL;
	d = &ds->v[ds->n];
	memset(d, 0, sizeof(*d));
	d->kind = kind;
	findings_init(&d->findings);
	d->name = dup_or_null(name, &ok);
	d->origin = dup_or_null(origin, &ok);
	if (!ok) {
		deployment_free(d);
		return NULL;
	}
	ds->n++;
	return d;
}

static struct deploy_file *
add_file(struct deployment *d, const char *path, enum deploy_use use,
    const char *origin)
{
	struct deploy_file *f;
	bool ok = true;

	if (!array_grow(&d->files, &d->capfiles, d->nfiles + 1,
	    sizeof(*d->files)))
		return NULL;
	f = &d->files[d->nfiles];
	memset(f, 0, sizeof(*f));
	f->use = use;
	f->path = dup_or_null(path, &ok);
	f->origin = dup_or_null(origin, &ok);
	if (!ok || f->path == NULL) {
		free(f->path);
		free(f->origin);
		return NULL;
	}
	d->nfiles++;
	return f;
}

bool
deployment_add_file(struct deployment *d, const char *path,
    enum deploy_use use, const char *origin)
{
	return add_file(d, path, use, origin) != NULL;
}

bool
deployment_add_data(struct deployment *d, const char *name,
    enum deploy_use use, const char *origin, const unsigned char *data,
    size_t len)
{
	unsigned char *copy = malloc(len ? len : 1);
	struct deploy_file *f;

	if (copy == NULL)
		return false;
	memcpy(copy, data, len);
	if ((f = add_file(d, name, use, origin)) == NULL) {
		free(copy);
		return false;
	}
	f->data = copy;
	f->len = len;
	return true;
}

bool
deployment_add_name(struct deployment *d, const char *name)
{
	char *copy;

	if (!array_grow(&d->names, &d->capnames, d->nnames + 1,
	    sizeof(*d->names)) || (copy = strdup(name)) == NULL)
		return false;
	d->names[d->nnames++] = copy;
	return true;
}

bool
deployment_set_listen(struct deployment *d, const char *listen)
{
	char *copy = strdup(listen);

	if (copy == NULL)
		return false;
	free(d->listen);
	d->listen = copy;
	return true;
}

const char *
deploy_kind_name(enum deploy_kind k)
{
	static const char *const names[] = { "files", "folder", "nginx",
	    "apache", "haproxy", "postfix", "dovecot", "certbot", "k8s",
	    "source" };

	return (size_t)k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}

const char *
deploy_use_name(enum deploy_use u)
{
	static const char *const names[] = { "cert", "key", "cert+key",
	    "chain", "client-ca", "trusted", "csr", "password" };

	return (size_t)u < sizeof(names) / sizeof(names[0]) ? names[u] : "?";
}
