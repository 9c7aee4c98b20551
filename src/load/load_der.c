/* DER: one object per file (or several back to back). The first ASN.1
 * elements tell the families apart cheaply, so at most a few decoders
 * are tried:
 *   SEQ { OID ...}                     PKCS#7 ContentInfo
 *   SEQ { INTEGER 3, SEQ, ... }        PKCS#12
 *   SEQ { INTEGER, SEQ, OCTET STRING } PKCS#8 PrivateKeyInfo
 *   SEQ { INTEGER, ... }               PKCS#1 / SEC1 / DSA key, RSA public
 *   SEQ { SEQ, BIT STRING }            SubjectPublicKeyInfo
 *   SEQ { SEQ, OCTET STRING }          EncryptedPrivateKeyInfo
 *   SEQ { SEQ, SEQ, BIT STRING }       certificate, CRL, CSR */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "load_internal.h"

struct tlv {
	int tag, cls;
	long len;
	bool constructed;
	const unsigned char *content;
	size_t total;		/* header + content; the rest when indefinite */
};

/* One header; false when the bytes are not ASN.1 or run past the end. */
static bool
tlv_read(const unsigned char *p, size_t avail, struct tlv *t)
{
	const unsigned char *q = p;
	int r;

	if (avail == 0 || avail > LONG_MAX)
		return false;
	r = ASN1_get_object(&q, &t->len, &t->tag, &t->cls, (long)avail);
	ERR_clear_error();
	if (r & 0x80)
		return false;
	t->constructed = (r & V_ASN1_CONSTRUCTED) != 0;
	t->content = q;
	if (r & 1)		/* indefinite length (BER, e.g. from Java) */
		t->total = avail;
	else
		t->total = (size_t)(q - p) + (size_t)t->len;
	return t->total <= avail;
}

static bool
is_small_int(const struct tlv *t, int value)
{
	return t->cls == V_ASN1_UNIVERSAL && t->tag == V_ASN1_INTEGER &&
	    t->len == 1 && t->content[0] == value;
}

static bool
signed_object(struct load_state *st, const unsigned char *der, long len)
{
	const unsigned char *p;
	void *obj;

	p = der;
	if ((obj = d2i_X509(NULL, &p, len)) != NULL)
		return load_add(st, OBJ_CERT, obj, "DER", false), true;
	p = der;
	if ((obj = d2i_X509_CRL(NULL, &p, len)) != NULL)
		return load_add(st, OBJ_CRL, obj, "DER", false), true;
	p = der;
	if ((obj = d2i_X509_REQ(NULL, &p, len)) != NULL)
		return load_add(st, OBJ_CSR, obj, "DER", false), true;
	ERR_clear_error();
	return false;
}

static bool
pkcs12(struct load_state *st, const unsigned char *der, long len)
{
	const unsigned char *p = der;
	PKCS12 *p12 = d2i_PKCS12(NULL, &p, len);

	ERR_clear_error();
	if (p12 == NULL)
		return false;
	load_pkcs12(st, p12);
	PKCS12_free(p12);
	return true;
}

/* One object at der; false when nothing recognised it (finding given). */
static bool
der_one(struct load_state *st, const unsigned char *der, size_t avail,
    size_t *used)
{
	struct tlv outer, first, second = { 0 };
	const unsigned char *p;
	size_t inner;
	long len;
	void *obj;

	if (!tlv_read(der, avail, &outer)) {
		load_error(st, "der-invalid", "truncated or corrupt DER "
		    "(the ASN.1 length runs past the end of the data)");
		return false;
	}
	*used = outer.total;
	len = (long)outer.total;
	inner = outer.total - (size_t)(outer.content - der);
	if (outer.tag != V_ASN1_SEQUENCE || !outer.constructed ||
	    !tlv_read(outer.content, inner, &first))
		goto invalid;
	if (first.total < inner)
		(void)tlv_read(first.content + first.len,
		    inner - first.total, &second);

	if (first.cls != V_ASN1_UNIVERSAL)
		goto invalid;
	switch (first.tag) {
	case V_ASN1_OBJECT:
		return load_pkcs7_der(st, der, outer.total, "PKCS#7",
		    "the DER data") >= 0;
	case V_ASN1_INTEGER:
		if (is_small_int(&first, 3) && second.tag == V_ASN1_SEQUENCE &&
		    pkcs12(st, der, len))
			return true;
		if (second.tag == V_ASN1_SEQUENCE &&
		    second.cls == V_ASN1_UNIVERSAL)
			return load_key_pkcs8(st, der, outer.total, "DER",
			    "the DER data");
		if ((obj = load_decode_key(EVP_PKEY_NONE, der, outer.total))
		    != NULL)
			return load_add(st, OBJ_KEY, obj, "DER", false), true;
		p = der;
		if ((obj = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, len)) != NULL)
			return load_add(st, OBJ_PUBKEY, obj, "DER", false),
			    true;
		goto invalid;
	case V_ASN1_SEQUENCE:
		if (second.cls == V_ASN1_UNIVERSAL &&
		    second.tag == V_ASN1_BIT_STRING) {
			p = der;
			if ((obj = d2i_PUBKEY(NULL, &p, len)) != NULL)
				return load_add(st, OBJ_PUBKEY, obj, "DER",
				    false), true;
			goto invalid;
		}
		if (second.cls == V_ASN1_UNIVERSAL &&
		    second.tag == V_ASN1_OCTET_STRING)
			return load_key_encrypted_pkcs8(st, der, outer.total,
			    "DER", "the DER data");
		if (signed_object(st, der, len))
			return true;
		goto invalid;
	}
invalid:
	ERR_clear_error();
	load_error(st, "der-invalid", "DER data that is not a certificate, "
	    "key, certificate request, CRL, PKCS#7 or PKCS#12");
	return false;
}

static bool
only_padding(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != '\0' && p[i] != '\n' && p[i] != '\r' &&
		    p[i] != ' ')
			return false;
	return true;
}

int
load_der(struct load_state *st, const unsigned char *buf, size_t len)
{
	size_t off = 0, used = 0;

	while (off < len && !st->too_many) {
		if (!der_one(st, buf + off, len - off, &used))
			return -1;
		off += used;
		if (only_padding(buf + off, len - off))
			break;
		if (buf[off] != 0x30) {
			load_error(st, "der-invalid", "unexpected data after "
			    "the DER object, at byte %zu", off);
			return -1;
		}
	}
	return 0;
}
