#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include "chain_words.h"
#include "describe.h"
#include "shquote.h"
#include "strbuf.h"

char *
chain_cert_name(X509 *x)
{
	return name_oneline(X509_get_subject_name(x));
}

char *
chain_issuer_name(X509 *x)
{
	return name_oneline(X509_get_issuer_name(x));
}

char *
chain_link_name(const struct chain_link *l)
{
	return chain_cert_name(l->x509);
}

char *
chain_link_origin(const struct chain_link *l)
{
	char *s = NULL;
	const char *path = l->obj != NULL && l->obj->src != NULL ?
	    l->obj->src->path : "?";
	int r;

	/* An anchor also found in a served file: name the --ca file. */
	for (size_t i = 0; l->origin == LINK_ANCHOR && l->obj != NULL &&
	    i < l->obj->nalso; i++)
		if (l->obj->src != NULL && l->obj->src->role != ROLE_CA &&
		    l->obj->also[i]->role == ROLE_CA)
			path = l->obj->also[i]->path;
	switch (l->origin) {
	case LINK_STORE:
		return strdup("system trust store");
	case LINK_ANCHOR:
		r = asprintf(&s, "--ca %s", path);
		break;
	case LINK_FETCHED:
		r = asprintf(&s, "downloaded from %s", path);
		break;
	case LINK_SERVED:
	default:
		r = asprintf(&s, "%s", path);
		break;
	}
	return r < 0 ? NULL : s;
}

char *
chain_aia_ca_issuers(X509 *x)
{
	AUTHORITY_INFO_ACCESS *aia;
	char *url = NULL;

	aia = X509_get_ext_d2i(x, NID_info_access, NULL, NULL);
	for (int i = 0; url == NULL && i < sk_ACCESS_DESCRIPTION_num(aia);
	    i++) {
		ACCESS_DESCRIPTION *ad = sk_ACCESS_DESCRIPTION_value(aia, i);
		if (OBJ_obj2nid(ad->method) != NID_ad_ca_issuers ||
		    ad->location->type != GEN_URI)
			continue;
		const ASN1_IA5STRING *u = ad->location->d.uniformResourceIdentifier;
		url = name_bytes((const char *)ASN1_STRING_get0_data(u),
		    (size_t)ASN1_STRING_length(u));
	}
	AUTHORITY_INFO_ACCESS_free(aia);
	ERR_clear_error();
	return url;
}

char *
chain_akid_hex(X509 *x)
{
	const ASN1_OCTET_STRING *id = X509_get0_authority_key_id(x);

	if (id == NULL)
		return NULL;
	return hex_fingerprint(ASN1_STRING_get0_data(id),
	    (size_t)ASN1_STRING_length(id));
}

/* Does the file of o also hold a private key? Then it is never to be
 * copied with cat: the copy would spread the key. */
static bool
file_holds_key(const struct inventory *inv, const struct source *src)
{
	for (size_t i = 0; inv != NULL && i < inv->nobjs; i++)
		if (inv->objs[i]->kind == OBJ_KEY && inv->objs[i]->src == src)
			return true;
	return false;
}

static bool
ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);

	return a >= b && strcasecmp(s + a - b, tail) == 0;
}

/* The commands that put the issuer, once in intermediate.pem, after the
 * certificate in the file the server loads, as the file's format needs
 * it. Returns the file the server must be pointed at (static or path). */
static const char *
fix_append_issuer(struct finding *f, const struct inventory *inv,
    const struct chain_link *links, size_t nlinks)
{
	const struct object *leaf = links[0].obj;
	const char *path = leaf->src->path;
	const char *c = leaf->container != NULL ? leaf->container : "PEM";
	char *p = sh_path(path), *tmp = NULL, *out = NULL;
	const char *ret = "fullchain.pem";

	if (p == NULL)
		return ret;
	if (strcmp(c, "PKCS#12") == 0) {
		/* A server that loads PKCS#12 (IIS, Tomcat) wants the chain
		 * inside it: re-export, the key encrypted throughout. */
		if (asprintf(&tmp, "%s.pem", path) < 0 ||
		    asprintf(&out, "%s.new.p12", path) < 0)
			goto out;
		finding_fix(f, "openssl", "pkcs12", "-in", p, "-passin",
		    "env:P12_PASS", "-passout", "env:P12_PASS", "-out", tmp,
		    NULL);
		finding_fix(f, "openssl", "pkcs12", "-export", "-in", tmp,
		    "-certfile", "intermediate.pem", "-passin", "env:P12_PASS",
		    "-passout", "env:P12_PASS", "-out", out, NULL);
		finding_fix(f, "rm", "-f", tmp, NULL);
		ret = path;
	} else if (strcmp(c, "DER") == 0) {
		finding_fix(f, "openssl", "x509", "-inform", "DER", "-in", p,
		    "-out", "cert.pem", NULL);
		finding_fix(f, "cat", "cert.pem", "intermediate.pem", SH_TO,
		    "fullchain.pem", NULL);
	} else if (strcmp(c, "PKCS#7") == 0) {
		finding_fix(f, "openssl", "pkcs7", "-print_certs", "-in", p,
		    "-out", "cert.pem", NULL);
		finding_fix(f, "cat", "cert.pem", "intermediate.pem", SH_TO,
		    "fullchain.pem", NULL);
	} else if (file_holds_key(inv, leaf->src)) {
		/* The server loads this combined file (HAProxy): add the
		 * intermediate to it; cp -p keeps its owner-only mode. */
		if (asprintf(&tmp, "%s.new", path) < 0)
			goto out;
		finding_fix(f, "cp", "-p", p, tmp, NULL);
		finding_fix(f, "cat", "intermediate.pem", SH_APPEND, tmp, NULL);
		finding_fix(f, "mv", tmp, p, NULL);
		ret = path;
	} else {
		/* Every served PEM file (the leaf's, then a chain file's),
		 * then the missing issuer. */
		const char *w[40];
		char *q[32];
		int n = 0, nq = 0;

		w[n++] = "cat";
		for (size_t i = 0; i < nlinks && nq < 32; i++) {
			const struct object *o = links[i].obj;
			bool seen = false;
			if (links[i].origin != LINK_SERVED || o == NULL ||
			    o->src == NULL || o->src->role == ROLE_SERVED)
				continue;
			for (size_t j = 0; j < i; j++)
				seen |= links[j].obj != NULL &&
				    links[j].obj->src == o->src;
			if (seen || (i > 0 && (file_holds_key(inv, o->src) ||
			    (o->container != NULL &&
			    strcmp(o->container, "PEM") != 0))))
				continue;
			if ((q[nq] = sh_path(o->src->path)) != NULL)
				w[n++] = q[nq++];
		}
		w[n++] = "intermediate.pem";
		w[n++] = SH_TO;
		w[n++] = "fullchain.pem";
		finding_fixv(f, w, n);
		while (nq > 0)
			free(q[--nq]);
	}
out:
	free(p);
	free(tmp);
	free(out);
	return ret;
}

void
chain_hint_missing_issuer(struct finding *f, const struct inventory *inv,
    const struct chain_path *p)
{
	X509 *last = p->links[p->n - 1].x509;
	char *url = chain_aia_ca_issuers(last);
	const struct object *leaf = p->links[0].obj;
	bool file = leaf != NULL && leaf->src != NULL &&
	    leaf->src->path != NULL && leaf->src->role != ROLE_SERVED;
	const char *target;

	if (f == NULL)
		goto out;
	/* Above an intermediate the missing issuer is most likely the
	 * root: serving a root helps no client; trusting it does. */
	if (p->n > 1 && url == NULL) {
		finding_hint(f, "the missing issuer is probably the root of "
		    "a private CA: clients must trust it (install it in their "
		    "trust stores); check against it with --ca ROOT.pem");
		goto out;
	}
	if (!file) {
		finding_hint(f, "get the intermediate certificate from your CA "
		    "and configure the server to send it after the "
		    "certificate");
		goto out;
	}
	if (url != NULL) {
		bool p7 = ends_with(url, ".p7c") || ends_with(url, ".p7b");
		finding_hint(f, "download the issuer, serve it after the "
		    "certificate and point the server at the result (or let "
		    "certdiag do it: --fetch-aia --emit-chain fullchain.pem)");
		finding_fix(f, "curl", "-fsSo", p7 ? "issuer.p7c" :
		    "issuer.crt", "--", url, NULL);
		/* caIssuers is DER (RFC 5280 4.2.2.1); .p7c holds PKCS#7. */
		if (p7)
			finding_fix(f, "openssl", "pkcs7", "-inform", "DER",
			    "-in", "issuer.p7c", "-print_certs", "-out",
			    "intermediate.pem", NULL);
		else
			finding_fix(f, "openssl", "x509", "-inform", "DER",
			    "-in", "issuer.crt", "-out", "intermediate.pem",
			    NULL);
	} else
		finding_hint(f, "get the intermediate certificate from your CA "
		    "as intermediate.pem and serve it after the certificate");
	target = fix_append_issuer(f, inv, p->links, p->n);
	(void)target;
out:
	free(url);
}

/* OpenSSL cannot verify a signature whose algorithm it cannot map to a
 * digest and key type (ECDSA with SHA-3 in OpenSSL 3.0): its issuer is
 * then never found, though given. Writes the algorithm's name. */
bool
chain_sigalg_unsupported(X509 *x, char *name, size_t len)
{
	const X509_ALGOR *alg = NULL;
	const ASN1_OBJECT *oid = NULL;
	int md, pk;

	X509_get0_signature(NULL, &alg, x);
	if (alg == NULL)
		return false;
	X509_ALGOR_get0(&oid, NULL, NULL, alg);
	if (OBJ_find_sigid_algs(OBJ_obj2nid(oid), &md, &pk))
		return false;
	OBJ_obj2txt(name, (int)len, oid, 0);
	return true;
}
