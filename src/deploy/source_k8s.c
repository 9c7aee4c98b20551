/* Kubernetes: Secrets of type kubernetes.io/tls in YAML or JSON
 * manifests (several documents, kind: List and typed lists such as
 * SecretList). Each Secret is one deployment, named by namespace/name,
 * whose files are its tls.crt (certificate, leaf first), tls.key and
 * ca.crt, embedded: base64 under data, plain text under stringData
 * (which wins, as the API server merges it). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "deploy/conf_file.h"
#include "deploy/source.h"
#include "deploy/source_k8s.h"
#include "deploy/yaml_doc.h"

/* Lists within lists (a List of Lists) followed at most this deep. */
#define K8S_MAX_LIST_DEPTH	8u

static const struct {
	const char *key;
	enum deploy_use use;
} tls_keys[] = {
	{ "tls.crt", USE_CERT },
	{ "tls.key", USE_KEY },
	{ "ca.crt", USE_TRUSTED },
};

struct k8s {
	const char *path;
	struct deployments *ds;
	struct findings *fs;
	size_t secrets;		/* kubernetes.io/tls Secrets seen */
	size_t other;		/* other objects and Secrets */
	bool oom;
};

static bool
has(const unsigned char *h, size_t len, const char *s)
{
	return memmem(h, len, s, strlen(s)) != NULL;
}

static bool
sniff(const char *path, const unsigned char *head, size_t len)
{
	(void)path;
	if (head == NULL || len == 0)
		return false;
	/* A manifest: apiVersion, and a Secret or a list. kubectl writes
	 * keys in order, so a Secret's kind may come after 4 KiB of data:
	 * its data's keys say it then. */
	return has(head, len, "apiVersion") && (((has(head, len, "kind") &&
	    (has(head, len, "Secret") || has(head, len, "List")))) ||
	    (has(head, len, "data") && (has(head, len, "tls.crt") ||
	    has(head, len, "ca.crt") || has(head, len, "tls.key"))));
}

static char *
where(const struct k8s *k, unsigned line)
{
	return conf_origin(k->path, line);
}

/* Strict base64, line breaks allowed (a folded YAML scalar). Returns the
 * decoded bytes (malloc'd) or NULL when not base64. */
static unsigned char *
base64(const char *s, size_t len, size_t *outlen)
{
	EVP_ENCODE_CTX *ctx = EVP_ENCODE_CTX_new();
	unsigned char *out = malloc(len / 4 * 3 + 4);
	int n = 0, m = 0;
	bool ok;

	if (ctx == NULL || out == NULL || len > (size_t)INT32_MAX / 2) {
		EVP_ENCODE_CTX_free(ctx);
		free(out);
		return NULL;
	}
	EVP_DecodeInit(ctx);
	ok = EVP_DecodeUpdate(ctx, out, &n, (const unsigned char *)s,
	    (int)len) >= 0 && EVP_DecodeFinal(ctx, out + n, &m) == 1;
	EVP_ENCODE_CTX_free(ctx);
	if (!ok) {
		OPENSSL_cleanse(out, len / 4 * 3 + 4);
		free(out);
		return NULL;
	}
	*outlen = (size_t)(n + m);
	return out;
}

static void
add_field(struct k8s *k, struct deployment *d, const char *id,
    const char *key, enum deploy_use use, const struct ynode *v, bool b64)
{
	char *name = NULL, *origin = where(k, v->line);
	unsigned char *bytes = NULL;
	size_t len = v->len;

	if (origin == NULL || asprintf(&name, "%s: %s %s", k->path, id,
	    key) < 0) {
		name = NULL;
		k->oom = true;
		goto out;
	}
	if (b64 && (bytes = base64(v->str, v->len, &len)) == NULL) {
		/* In the Secret's own section: it is why a file is absent. */
		struct finding *f = finding_add_file(&d->findings, "k8s-base64",
		    SEV_FAIL, origin, "data.%s of Secret %s is not valid "
		    "base64: the API server refuses it", key, id);
		if (f != NULL)
			finding_hint(f, "encode the PEM file whole: base64 -w0 "
			    "FILE, or let kubectl do it: kubectl create secret "
			    "tls NAME --cert=CERT --key=KEY --dry-run=client "
			    "-o yaml");
		goto out;
	}
	if (!deployment_add_data(d, name, use, origin, b64 ? bytes :
	    (const unsigned char *)v->str, len))
		k->oom = true;
out:
	if (bytes != NULL) {
		OPENSSL_cleanse(bytes, len);
		free(bytes);
	}
	free(name);
	free(origin);
}

static void
secret(struct k8s *k, const struct ydoc *doc, const struct ynode *obj)
{
	const struct ynode *meta = ydoc_get(doc, obj, "metadata");
	const struct ynode *data = ydoc_get(doc, obj, "data");
	const struct ynode *sdata = ydoc_get(doc, obj, "stringData");
	const char *type = ydoc_str(ydoc_get(doc, obj, "type"));
	const char *name = ydoc_str(ydoc_get(doc, meta, "name"));
	const char *ns = ydoc_str(ydoc_get(doc, meta, "namespace"));
	char *id = NULL, *title = NULL, *origin = where(k, obj->line);
	struct deployment *d;

	if (type == NULL || strcmp(type, "kubernetes.io/tls") != 0) {
		/* An Opaque Secret may still carry a TLS pair. */
		if (ydoc_get(doc, data, "tls.crt") == NULL &&
		    ydoc_get(doc, sdata, "tls.crt") == NULL) {
			k->other++;
			finding_add_file(k->fs, "k8s-not-tls", SEV_INFO, origin,
			    "Secret %s%s%s is of type %s, not "
			    "kubernetes.io/tls: not checked", ns ? ns : "",
			    ns ? "/" : "", name ? name : "(unnamed)",
			    type ? type : "Opaque");
			goto out;
		}
	}
	k->secrets++;
	if (asprintf(&id, "%s/%s", ns != NULL ? ns : "default",
	    name != NULL ? name : "(unnamed)") < 0) {
		id = NULL;
		goto oom;
	}
	if (asprintf(&title, "k8s %s", id) < 0) {
		title = NULL;
		goto oom;
	}
	if ((d = deployment_add(k->ds, DEPLOY_K8S, title, origin)) == NULL)
		goto oom;
	for (size_t i = 0; i < sizeof(tls_keys) / sizeof(*tls_keys); i++) {
		const struct ynode *sv = ydoc_get(doc, sdata, tls_keys[i].key);
		const struct ynode *dv = ydoc_get(doc, data, tls_keys[i].key);
		if (sv != NULL && sv->type == Y_SCALAR)
			add_field(k, d, id, tls_keys[i].key, tls_keys[i].use,
			    sv, false);
		else if (dv != NULL && dv->type == Y_SCALAR)
			add_field(k, d, id, tls_keys[i].key, tls_keys[i].use,
			    dv, true);
		else if (tls_keys[i].use != USE_TRUSTED) {
			struct finding *f = finding_add_file(&d->findings,
			    "k8s-missing", SEV_FAIL, origin, "Secret %s has no "
			    "%s: a kubernetes.io/tls Secret needs tls.crt and "
			    "tls.key", id, tls_keys[i].key);
			if (f != NULL)
				finding_hint(f, "write the Secret with both: "
				    "kubectl create secret tls NAME --cert=CERT "
				    "--key=KEY --dry-run=client -o yaml");
		}
		if (k->oom)
			goto oom;
	}
	goto out;
oom:
	k->oom = true;
out:
	free(title);
	free(id);
	free(origin);
}

static void
object(struct k8s *k, const struct ydoc *doc, const struct ynode *obj,
    unsigned depth)
{
	const char *kind = ydoc_str(ydoc_get(doc, obj, "kind"));
	const struct ynode *items = ydoc_get(doc, obj, "items");
	size_t kl = kind != NULL ? strlen(kind) : 0;

	if (obj == NULL || obj->type != Y_MAP)
		return;
	if (items != NULL && items->type == Y_SEQ && (kind == NULL ||
	    (kl >= 4 && strcmp(kind + kl - 4, "List") == 0))) {
		bool typed = kind != NULL && strcmp(kind, "SecretList") == 0;
		if (depth >= K8S_MAX_LIST_DEPTH)
			return;
		for (size_t i = 0; i < items->nkids; i++) {
			const struct ynode *it = &doc->v[items->kids[i]];
			/* A SecretList's items carry no kind. */
			if (typed && ydoc_get(doc, it, "kind") == NULL)
				secret(k, doc, it);
			else
				object(k, doc, it, depth + 1);
		}
		return;
	}
	if (kind != NULL && strcmp(kind, "Secret") == 0)
		secret(k, doc, obj);
	else
		k->other++;
}

static bool
document(void *arg, const struct ydoc *doc, size_t root)
{
	struct k8s *k = arg;

	object(k, doc, &doc->v[root], 0);
	return !k->oom;
}

static int
read_manifest(const char *path, struct deployments *ds, struct findings *fs)
{
	struct conf_src src = { .what = "k8s", .fs = fs };
	struct k8s k = { .path = path, .ds = ds, .fs = fs };
	char err[512], *buf;
	size_t len;
	bool limit;
	int rc = 0;

	if ((buf = conf_read(&src, path, NULL, &len)) == NULL)
		return -1;
	if (ydoc_parse((const unsigned char *)buf, len, document, &k, err,
	    sizeof(err), &limit) != 0) {
		finding_add_file(fs, limit ? "source-limit" : "source-syntax",
		    SEV_ERROR, path, "%s", err);
		rc = -1;
	}
	if (k.oom) {
		finding_add_file(fs, "source-unreadable", SEV_ERROR, path,
		    "out of memory");
		rc = -1;
	} else if (rc == 0 && k.secrets == 0)
		finding_add_file(fs, "source-empty", SEV_WARN, path,
		    "no Secret of type kubernetes.io/tls (%zu other object%s)",
		    k.other, k.other == 1 ? "" : "s");
	OPENSSL_cleanse(buf, len);	/* it holds private keys */
	free(buf);
	return rc;
}

const struct source_desc source_k8s = {
	"k8s", sniff, read_manifest
};
