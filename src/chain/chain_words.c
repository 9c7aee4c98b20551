#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "chain_words.h"
#include "describe.h"

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

/* The distinct files the served part of the path came from, leaf first,
 * space-separated. */
static char *
served_files(const struct chain_path *p)
{
	char *out = strdup(""), *n;

	for (size_t i = 0; out != NULL && i < p->n; i++) {
		const struct chain_link *l = &p->links[i];
		bool seen = false;
		if (l->origin != LINK_SERVED || l->obj == NULL ||
		    l->obj->src == NULL)
			continue;
		/* A live server is no file to cat. */
		if (l->obj->src->role == ROLE_SERVED)
			continue;
		for (size_t j = 0; j < i; j++)
			if (p->links[j].obj != NULL &&
			    p->links[j].obj->src == l->obj->src)
				seen = true;
		if (seen)
			continue;
		if (asprintf(&n, "%s%s%s", out, *out ? " " : "",
		    l->obj->src->path) < 0)
			n = NULL;
		free(out);
		out = n;
	}
	return out;
}

void
chain_hint_missing_issuer(struct finding *f, const struct inventory *inv,
    const struct chain_path *p)
{
	X509 *last = p->links[p->n - 1].x509;
	char *url = chain_aia_ca_issuers(last);
	char *files = served_files(p);

	(void)inv;
	if (url != NULL)
		finding_hint(f, "download the issuer from %s (openssl x509 "
		    "-inform DER -in FILE -out intermediate.pem if it is DER), "
		    "then serve it after the certificate: cat %s "
		    "intermediate.pem > fullchain.pem (or let certdiag do it: "
		    "--fetch-aia --emit-chain fullchain.pem)", url,
		    files != NULL && *files ? files : "cert.pem");
	else
		finding_hint(f, "get the intermediate certificate from your CA "
		    "and serve it after the certificate: cat %s "
		    "intermediate.pem > fullchain.pem",
		    files != NULL && *files ? files : "cert.pem");
	free(url);
	free(files);
}
