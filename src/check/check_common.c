#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "check_common.h"
#include "describe.h"
#include "shquote.h"

bool
check_is_chain_cert(const struct inventory *inv, const struct object *o)
{
	/* What a live server sent along with another leaf (an old one it
	 * still serves) is not this leaf's chain: live-cert-differs says
	 * what the server does. */
	if (o->role == ROLE_SERVED && !inventory_leaf_is_served(inv))
		return false;
	return o->kind == OBJ_CERT && o != inv->leaf && !o->trusted &&
	    (o->role == ROLE_CHAIN || o->role == ROLE_SERVED);
}

char *
check_cert_label(const struct inventory *inv, const struct object *o)
{
	const char *what = "certificate";
	char *subject, *label = NULL;

	if (o != inv->leaf && object_is_ca(o))
		what = object_is_self_issued(o) ? "root" : "intermediate";
	if ((subject = name_oneline(X509_get_subject_name(o->x509))) == NULL)
		return NULL;
	if (*subject == '\0') {
		free(subject);
		if (asprintf(&label, "%s with an empty subject", what) < 0)
			label = NULL;
		return label;
	}
	if (asprintf(&label, "%s %s", what, subject) < 0)
		label = NULL;
	free(subject);
	return label;
}

const char *
check_path(const struct object *o, const char *fallback)
{
	/* A served certificate's "path" names the server: no file to edit
	 * there, the server's own files are unknown to us. */
	if (o != NULL && o->src != NULL && o->src->path != NULL &&
	    o->src->role != ROLE_SERVED)
		return o->src->path;
	return fallback;
}

static bool
is_ip(const char *s)
{
	ASN1_OCTET_STRING *ip = a2i_IPADDRESS(s);

	ERR_clear_error();
	ASN1_OCTET_STRING_free(ip);
	return ip != NULL;
}

char *
check_san_addext(char *const *names, const char *extra)
{
	size_t len = sizeof("subjectAltName=") + (extra != NULL ?
	    strlen(extra) + 5 : 0);
	char *out, *p;
	bool have = false;

	for (size_t i = 0; names != NULL && names[i] != NULL; i++)
		len += strlen(names[i]) + 5;
	if ((out = p = malloc(len)) == NULL)
		return NULL;
	p += sprintf(p, "subjectAltName=");
	for (size_t i = 0; names != NULL && names[i] != NULL; i++) {
		p += sprintf(p, "%s%s:%s", i > 0 ? "," : "",
		    is_ip(names[i]) ? "IP" : "DNS", names[i]);
		if (extra != NULL && strcasecmp(names[i], extra) == 0)
			have = true;
	}
	if (extra != NULL && !have)
		sprintf(p, "%s%s:%s", p[-1] == '=' ? "" : ",",
		    is_ip(extra) ? "IP" : "DNS", extra);
	return out;
}

void
check_fix_request(struct finding *f, const struct inventory *inv,
    const char *subject, const char *san, ...)
{
	const char *w[32];
	int n = 0;
	va_list ap;
	char *key = sh_path(check_path(inv->key, "key.pem"));

	if (key == NULL)
		return;
	w[n++] = "openssl";
	w[n++] = "req";
	w[n++] = "-new";
	w[n++] = "-key";
	w[n++] = key;
	w[n++] = "-subj";
	w[n++] = subject;
	if (san != NULL) {
		w[n++] = "-addext";
		w[n++] = san;
	}
	va_start(ap, san);
	for (const char *e; n < 28 && (e = va_arg(ap, const char *)) != NULL;) {
		w[n++] = "-addext";
		w[n++] = e;
	}
	va_end(ap);
	w[n++] = "-out";
	w[n++] = "request.csr";
	finding_fixv(f, w, n);
	free(key);
}

void
check_fix_request_key(struct finding *f, const char *key,
    const char *subject, const char *san, const char *out)
{
	char *k = sh_path(key);

	if (k == NULL)
		return;
	if (san != NULL)
		finding_fix(f, "openssl", "req", "-new", "-key", k, "-subj",
		    subject, "-addext", san, "-out", out, NULL);
	else
		finding_fix(f, "openssl", "req", "-new", "-key", k, "-subj",
		    subject, "-out", out, NULL);
	free(k);
}

void
check_fix_resign(struct finding *f, const struct inventory *inv,
    const struct object *o)
{
	const char *path = check_path(o, NULL);
	char *c = NULL, *k = NULL, *tmp = NULL;

	/* Only a PEM file holding the certificate alone is rewritten. */
	if (path == NULL || o->index != 0 || (o->container != NULL &&
	    strcmp(o->container, "PEM") != 0))
		return;
	if ((c = sh_path(path)) == NULL ||
	    (k = sh_path(check_path(inv->key, "key.pem"))) == NULL ||
	    asprintf(&tmp, "%s.new", c) < 0)
		goto out;
	finding_fix(f, "openssl", "x509", "-in", c, "-signkey", k, "-sha256",
	    "-days", "365", "-out", tmp, NULL);
	finding_fix(f, "mv", tmp, c, NULL);
out:
	free(c);
	free(k);
	free(tmp);
}
