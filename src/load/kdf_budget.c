/* Reading KDF parameters with OpenSSL's ASN.1 types: nothing here
 * derives a key. */
#include "config.h"

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "kdf_budget.h"

/* Iteration counts are INTEGERs; a negative or huge one is as costly as
 * the largest figure we can show. */
static uint64_t
integer_value(const ASN1_INTEGER *i, uint64_t absent)
{
	uint64_t v;

	if (i == NULL)
		return absent;
	if (!ASN1_INTEGER_get_uint64(&v, i)) {
		ERR_clear_error();
		return UINT64_MAX;
	}
	return v;
}

static uint64_t
mul_sat(uint64_t a, uint64_t b)
{
	return a != 0 && b > UINT64_MAX / a ? UINT64_MAX : a * b;
}

static uint64_t
add_sat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static bool
pbkdf2_cost(const ASN1_TYPE *param, struct kdf_cost *out)
{
	PBKDF2PARAM *kdf = ASN1_TYPE_unpack_sequence(
	    ASN1_ITEM_rptr(PBKDF2PARAM), param);

	if (kdf == NULL)
		return false;
	out->work = integer_value(kdf->iter, 1);
	out->unit = "PBKDF2 iterations";
	PBKDF2PARAM_free(kdf);
	return true;
}

static bool
scrypt_cost(const ASN1_TYPE *param, struct kdf_cost *out)
{
	SCRYPT_PARAMS *sp = ASN1_TYPE_unpack_sequence(
	    ASN1_ITEM_rptr(SCRYPT_PARAMS), param);
	uint64_t n, r, p;

	if (sp == NULL)
		return false;
	n = integer_value(sp->costParameter, UINT64_MAX);
	r = integer_value(sp->blockSize, UINT64_MAX);
	p = integer_value(sp->parallelizationParameter, UINT64_MAX);
	out->work = mul_sat(mul_sat(n, r), p);
	out->memory = mul_sat(mul_sat(128, r), add_sat(n, p));
	out->unit = "scrypt N*r*p";
	SCRYPT_PARAMS_free(sp);
	return true;
}

static bool
pbes2_cost(const ASN1_TYPE *param, struct kdf_cost *out)
{
	PBE2PARAM *pbe2 = ASN1_TYPE_unpack_sequence(
	    ASN1_ITEM_rptr(PBE2PARAM), param);
	bool ok = false;

	if (pbe2 == NULL || pbe2->keyfunc == NULL)
		goto out;
	switch (OBJ_obj2nid(pbe2->keyfunc->algorithm)) {
	case NID_id_pbkdf2:
		ok = pbkdf2_cost(pbe2->keyfunc->parameter, out);
		break;
	case NID_id_scrypt:
		ok = scrypt_cost(pbe2->keyfunc->parameter, out);
		break;
	default:
		/* A KDF OpenSSL does not know: it refuses it unread. */
		out->work = 0;
		out->unit = "iterations";
		ok = true;
	}
out:
	PBE2PARAM_free(pbe2);
	return ok;
}

bool
kdf_cost_of(const X509_ALGOR *alg, struct kdf_cost *out)
{
	const ASN1_OBJECT *oid = NULL;
	const void *pval = NULL;
	int ptype = 0;
	PBEPARAM *pbe;
	bool ok;

	*out = (struct kdf_cost){ 0, 0, "iterations" };
	if (alg == NULL)
		return false;
	X509_ALGOR_get0(&oid, &ptype, &pval, alg);
	if (ptype != V_ASN1_SEQUENCE || alg->parameter == NULL)
		return false;
	if (OBJ_obj2nid(oid) == NID_pbes2)
		ok = pbes2_cost(alg->parameter, out);
	else {
		/* PKCS#5 v1 and PKCS#12 PBE share PBEParameter. */
		pbe = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBEPARAM),
		    alg->parameter);
		ok = pbe != NULL;
		if (ok)
			out->work = integer_value(pbe->iter, 1);
		out->unit = "PBE iterations";
		PBEPARAM_free(pbe);
	}
	ERR_clear_error();
	return ok;
}

void
kdf_cost_of_mac(const PKCS12 *p12, struct kdf_cost *out)
{
	const ASN1_INTEGER *iter = NULL;

	*out = (struct kdf_cost){ 0, 0, "PKCS#12 MAC iterations" };
	if (!PKCS12_mac_present(p12))
		return;
	PKCS12_get0_mac(NULL, NULL, NULL, &iter, p12);
	out->work = integer_value(iter, 1);
}

static bool
cipher_available(int nid)
{
	EVP_CIPHER *c;

	if (nid == NID_undef)
		return true;
	c = EVP_CIPHER_fetch(NULL, OBJ_nid2sn(nid), NULL);
	EVP_CIPHER_free(c);
	ERR_clear_error();
	return c != NULL;
}

static bool
md_available(int nid)
{
	EVP_MD *md;

	if (nid == NID_undef)
		return true;
	md = EVP_MD_fetch(NULL, OBJ_nid2sn(nid), NULL);
	EVP_MD_free(md);
	ERR_clear_error();
	return md != NULL;
}

bool
kdf_needs_legacy(const X509_ALGOR *alg)
{
	int nid, cipher = NID_undef, md = NID_undef;
	PBE2PARAM *pbe2;

	if (alg == NULL)
		return false;
	nid = OBJ_obj2nid(alg->algorithm);
	if (nid == NID_pbes2) {
		pbe2 = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM),
		    alg->parameter);
		if (pbe2 != NULL && pbe2->encryption != NULL)
			cipher = OBJ_obj2nid(pbe2->encryption->algorithm);
		PBE2PARAM_free(pbe2);
	} else if (!EVP_PBE_find(EVP_PBE_TYPE_OUTER, nid, &cipher, &md,
	    NULL))
		cipher = md = NID_undef;
	ERR_clear_error();
	return !cipher_available(cipher) || !md_available(md);
}

bool
kdf_mac_needs_legacy(const PKCS12 *p12)
{
	const X509_ALGOR *dalg = NULL;

	if (!PKCS12_mac_present(p12))
		return false;
	PKCS12_get0_mac(NULL, &dalg, NULL, NULL, p12);
	return dalg != NULL && !md_available(OBJ_obj2nid(dalg->algorithm));
}
