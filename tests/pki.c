#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "pki.h"

EVP_PKEY *
pki_key(void)
{
	return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
}

EVP_PKEY *
pki_rsa(int bits)
{
	return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits);
}

static void
add_ext(X509 *x, X509V3_CTX *v3, int nid, const char *value)
{
	X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, v3, nid, value);

	if (e == NULL) {
		fprintf(stderr, "pki: bad extension %s\n", value);
		ERR_print_errors_fp(stderr);
		return;
	}
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
}

X509 *
pki_cert(const struct pki_spec *s, EVP_PKEY *key, X509 *issuer,
    EVP_PKEY *issuer_key)
{
	static long counter = 1000;
	X509 *x = X509_new();
	X509V3_CTX v3;
	char buf[256];

	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x),
	    (s->negative_serial ? -1 : 1) * (s->serial ? s->serial :
	    counter++));
	X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN",
	    MBSTRING_UTF8, (const unsigned char *)s->cn, -1, -1, 0);
	X509_set_issuer_name(x, issuer != NULL ?
	    X509_get_subject_name(issuer) : X509_get_subject_name(x));
	ASN1_TIME_set(X509_getm_notBefore(x),
	    s->not_before ? s->not_before : PKI_NOW - 30 * PKI_DAY);
	ASN1_TIME_set(X509_getm_notAfter(x),
	    s->not_after ? s->not_after : PKI_NOW + 365 * PKI_DAY);
	X509_set_pubkey(x, key);
	X509V3_set_ctx(&v3, issuer != NULL ? issuer : x, x, NULL, NULL, 0);
	if (!s->no_bc) {
		if (s->ca && s->has_pathlen)
			snprintf(buf, sizeof(buf), "critical,CA:TRUE,pathlen:%d",
			    s->pathlen);
		else
			snprintf(buf, sizeof(buf), "critical,CA:%s",
			    s->ca ? "TRUE" : "FALSE");
		add_ext(x, &v3, NID_basic_constraints, buf);
	}
	add_ext(x, &v3, NID_key_usage, s->ku != NULL ? s->ku : s->ca ?
	    "critical,keyCertSign,cRLSign" : "critical,digitalSignature");
	if (s->eku != NULL || !s->ca)
		add_ext(x, &v3, NID_ext_key_usage,
		    s->eku != NULL ? s->eku : "serverAuth");
	if (!s->no_skid)
		add_ext(x, &v3, NID_subject_key_identifier, "hash");
	if ((issuer != NULL || s->ca) && !s->no_akid)
		add_ext(x, &v3, NID_authority_key_identifier, "keyid:always");
	if (s->san != NULL)
		add_ext(x, &v3, NID_subject_alt_name, s->san);
	else if (!s->ca) {
		snprintf(buf, sizeof(buf), "DNS:%s", s->cn);
		add_ext(x, &v3, NID_subject_alt_name, buf);
	}
	if (s->nc != NULL)
		add_ext(x, &v3, NID_name_constraints, s->nc);
	if (s->aia != NULL)
		add_ext(x, &v3, NID_info_access, s->aia);
	X509_sign(x, issuer_key != NULL ? issuer_key : key,
	    s->md != NULL ? s->md : EVP_sha256());
	return x;
}

X509_CRL *
pki_crl(X509 *issuer, EVP_PKEY *sign_key, X509 *const *revoked,
    time_t last_update, time_t next_update)
{
	X509_CRL *crl = X509_CRL_new();
	ASN1_TIME *t = ASN1_TIME_new();

	ASN1_INTEGER *num = ASN1_INTEGER_new();

	X509_CRL_set_version(crl, 1);
	ASN1_INTEGER_set(num, 1);
	X509_CRL_add1_ext_i2d(crl, NID_crl_number, num, 0, 0);
	ASN1_INTEGER_free(num);
	X509_CRL_set_issuer_name(crl, X509_get_subject_name(issuer));
	ASN1_TIME_set(t, last_update);
	X509_CRL_set1_lastUpdate(crl, t);
	ASN1_TIME_set(t, next_update);
	X509_CRL_set1_nextUpdate(crl, t);
	for (size_t i = 0; revoked != NULL && revoked[i] != NULL; i++) {
		X509_REVOKED *r = X509_REVOKED_new();
		ASN1_ENUMERATED *why = ASN1_ENUMERATED_new();
		X509_REVOKED_set_serialNumber(r,
		    X509_get_serialNumber(revoked[i]));
		ASN1_TIME_set(t, last_update - PKI_DAY);
		X509_REVOKED_set_revocationDate(r, t);
		ASN1_ENUMERATED_set(why, 1);	/* keyCompromise */
		X509_REVOKED_add1_ext_i2d(r, NID_crl_reason, why, 0, 0);
		ASN1_ENUMERATED_free(why);
		X509_CRL_add0_revoked(crl, r);
	}
	X509_CRL_sort(crl);
	X509_CRL_sign(crl, sign_key, EVP_sha256());
	ASN1_TIME_free(t);
	return crl;
}

struct object *
pki_add_crl(struct inventory *inv, X509_CRL *crl, const char *path)
{
	const struct source *src = inventory_add_source(inv, path, ROLE_CRL);

	X509_CRL_up_ref(crl);
	return inventory_add(inv, OBJ_CRL, crl, src, 0, "PEM", false);
}

struct object *
pki_add(struct inventory *inv, X509 *x, const char *path, enum role role)
{
	const struct source *src = NULL;
	size_t index = 0;

	for (size_t i = 0; i < inv->nsrcs; i++)
		if (strcmp(inv->srcs[i]->path, path) == 0)
			src = inv->srcs[i];
	if (src == NULL)
		src = inventory_add_source(inv, path, role);
	for (size_t i = 0; i < inv->nobjs; i++)
		if (inv->objs[i]->src == src)
			index++;
	X509_up_ref(x);
	return inventory_add(inv, OBJ_CERT, x, src, index, "PEM", false);
}

bool
pki_write(const char *path, X509 *const *certs)
{
	FILE *fp = fopen(path, "w");
	bool ok = fp != NULL;

	for (size_t i = 0; ok && certs[i] != NULL; i++)
		ok = PEM_write_X509(fp, certs[i]) == 1;
	if (fp != NULL && fclose(fp) != 0)
		ok = false;
	return ok;
}
