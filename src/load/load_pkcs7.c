/* PKCS#7 / CMS SignedData "bundles" (.p7b, .p7c): certificates and CRLs,
 * no signature to verify. */
#include "config.h"

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pkcs7.h>

#include "load_internal.h"

/* Adds the certificates and CRLs of a PKCS#7 SignedData. */
static int
load_pkcs7(struct load_state *st, PKCS7 *p7, const char *container,
    const char *where)
{
	STACK_OF(X509) *certs;
	STACK_OF(X509_CRL) *crls;
	int n = 0;

	if (!PKCS7_type_is_signed(p7) || p7->d.sign == NULL) {
		load_error(st, "format-unsupported", "%s is PKCS#7 %s, which "
		    "carries no certificates; expected SignedData", where,
		    OBJ_nid2ln(OBJ_obj2nid(p7->type)));
		return -1;
	}
	certs = p7->d.sign->cert;
	crls = p7->d.sign->crl;
	for (int i = 0; i < sk_X509_num(certs); i++) {
		X509 *x = sk_X509_value(certs, i);
		if (!X509_up_ref(x) || !load_add(st, OBJ_CERT, x, container,
		    false))
			return n;
		n++;
	}
	for (int i = 0; i < sk_X509_CRL_num(crls); i++) {
		X509_CRL *c = sk_X509_CRL_value(crls, i);
		if (!X509_CRL_up_ref(c) || !load_add(st, OBJ_CRL, c,
		    container, false))
			return n;
		n++;
	}
	return n;
}

int
load_pkcs7_der(struct load_state *st, const unsigned char *der, size_t len,
    const char *container, const char *where)
{
	const unsigned char *p = der;
	PKCS7 *p7 = d2i_PKCS7(NULL, &p, (long)len);
	int n;

	if (p7 == NULL) {
		load_error(st, "der-invalid", "%s is not a valid PKCS#7 "
		    "structure", where);
		return -1;
	}
	n = load_pkcs7(st, p7, container, where);
	PKCS7_free(p7);
	ERR_clear_error();
	return n;
}
