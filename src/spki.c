#include "config.h"

#include <string.h>

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/objects.h>

#include "spki.h"

static bool
hash_der(const unsigned char *der, int len, unsigned char out[32])
{
	return len > 0 && EVP_Digest(der, (size_t)len, out, NULL, EVP_sha256(),
	    NULL) == 1;
}

static bool
hash_xpk(const X509_PUBKEY *xpk, unsigned char out[32])
{
	unsigned char *der = NULL;
	int len = i2d_X509_PUBKEY(xpk, &der);
	bool ok = hash_der(der, len, out);

	OPENSSL_free(der);
	return ok;
}

/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
static int
rsa_public_der(EVP_PKEY *pk, unsigned char **der)
{
	BIGNUM *n = NULL, *e = NULL;
	STACK_OF(ASN1_TYPE) *seq = sk_ASN1_TYPE_new_null();
	int len = -1;

	if (seq == NULL || !EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_RSA_N,
	    &n) || !EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_RSA_E, &e))
		goto out;
	for (int i = 0; i < 2; i++) {
		ASN1_INTEGER *v = BN_to_ASN1_INTEGER(i == 0 ? n : e, NULL);
		ASN1_TYPE *t = ASN1_TYPE_new();
		if (v == NULL || t == NULL || !sk_ASN1_TYPE_push(seq, t)) {
			ASN1_INTEGER_free(v);
			ASN1_TYPE_free(t);
			goto out;
		}
		ASN1_TYPE_set(t, V_ASN1_INTEGER, v);
	}
	len = i2d_ASN1_SEQUENCE_ANY(seq, der);
out:
	sk_ASN1_TYPE_pop_free(seq, ASN1_TYPE_free);
	BN_free(n);
	BN_free(e);
	return len;
}

static int
octets_param(EVP_PKEY *pk, const char *name, unsigned char **out)
{
	size_t len = 0;

	if (!EVP_PKEY_get_octet_string_param(pk, name, NULL, 0, &len) ||
	    len == 0 || len > 1024 || (*out = OPENSSL_malloc(len)) == NULL)
		return -1;
	if (!EVP_PKEY_get_octet_string_param(pk, name, *out, len, &len)) {
		OPENSSL_free(*out);
		*out = NULL;
		return -1;
	}
	return (int)len;
}

/* The SubjectPublicKeyInfo of the common key types, or NULL. */
static X509_PUBKEY *
quick_spki(EVP_PKEY *pk)
{
	X509_PUBKEY *xpk = NULL;
	unsigned char *enc = NULL;
	int id = EVP_PKEY_get_base_id(pk), len = -1, ptype = V_ASN1_UNDEF;
	int curve;
	void *pval = NULL;
	char group[80];
	size_t glen;

	switch (id) {
	case EVP_PKEY_RSA:
		ptype = V_ASN1_NULL;
		len = rsa_public_der(pk, &enc);
		break;
	case EVP_PKEY_EC:
		/* Named curves only; explicit parameters take the slow way. */
		if (!EVP_PKEY_get_utf8_string_param(pk,
		    OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group), &glen) ||
		    ((curve = OBJ_txt2nid(group)) == NID_undef &&
		    (curve = EC_curve_nist2nid(group)) == NID_undef))
			return NULL;
		/* i2d_PUBKEY() writes the point in the key's own form; the
		 * parameter below gives it uncompressed. */
		if (EVP_PKEY_get_utf8_string_param(pk,
		    OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT, group,
		    sizeof(group), &glen) &&
		    strcmp(group, OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_UNCOMPRESSED)
		    != 0)
			return NULL;
		ptype = V_ASN1_OBJECT;
		pval = OBJ_nid2obj(curve);
		len = octets_param(pk, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, &enc);
		break;
	case EVP_PKEY_ED25519:
	case EVP_PKEY_ED448:
	case EVP_PKEY_X25519:
	case EVP_PKEY_X448:
		len = octets_param(pk, OSSL_PKEY_PARAM_PUB_KEY, &enc);
		break;
	default:
		return NULL;
	}
	if (len <= 0 || (xpk = X509_PUBKEY_new()) == NULL ||
	    !X509_PUBKEY_set0_param(xpk, OBJ_nid2obj(id == EVP_PKEY_EC ?
	    NID_X9_62_id_ecPublicKey : id), ptype, pval, enc, len)) {
		OPENSSL_free(enc);
		X509_PUBKEY_free(xpk);
		return NULL;
	}
	return xpk;
}

bool
spki_sha256_key(EVP_PKEY *pk, unsigned char out[32])
{
	X509_PUBKEY *xpk;
	unsigned char *der = NULL;
	int len;
	bool ok;

	if (pk == NULL)
		return false;
	if ((xpk = quick_spki(pk)) != NULL) {
		ok = hash_xpk(xpk, out);
		X509_PUBKEY_free(xpk);
		if (ok)
			return true;
	}
	ERR_clear_error();
	len = i2d_PUBKEY(pk, &der);
	ok = hash_der(der, len, out);
	OPENSSL_free(der);
	return ok;
}

bool
spki_sha256_cert(X509 *x, unsigned char out[32])
{
	const X509_PUBKEY *xpk = X509_get_X509_PUBKEY(x);

	return xpk != NULL && hash_xpk(xpk, out);
}
