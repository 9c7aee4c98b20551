#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "describe.h"
#include "strbuf.h"

char *
name_oneline(const X509_NAME *name)
{
	BIO *b;
	char *out = NULL, *data;
	long len;

	if (name == NULL || (b = BIO_new(BIO_s_mem())) == NULL)
		return strdup("");
	/* RFC 2253 order reversed into the familiar "CN=..., O=..." and
	 * UTF-8 kept as is (not \-escaped). */
	if (X509_NAME_print_ex(b, name, 0,
	    (XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB & ~XN_FLAG_SPC_EQ) |
	    ASN1_STRFLGS_UTF8_CONVERT) >= 0) {
		len = BIO_get_mem_data(b, &data);
		if (len >= 0 && (out = malloc((size_t)len + 1)) != NULL) {
			/* An empty name leaves data NULL. */
			if (len > 0)
				memcpy(out, data, (size_t)len);
			out[len] = '\0';
		}
	}
	BIO_free(b);
	ERR_clear_error();
	return out != NULL ? out : strdup("");
}

char *
key_description(const EVP_PKEY *pk)
{
	char buf[128], group[64];
	size_t glen = 0;
	int bits;

	if (pk == NULL)
		return strdup("unknown");
	bits = EVP_PKEY_get_bits(pk);
	if (EVP_PKEY_is_a(pk, "RSA"))
		snprintf(buf, sizeof(buf), "RSA %d", bits);
	else if (EVP_PKEY_is_a(pk, "RSA-PSS"))
		snprintf(buf, sizeof(buf), "RSA-PSS %d", bits);
	else if (EVP_PKEY_is_a(pk, "DSA"))
		snprintf(buf, sizeof(buf), "DSA %d", bits);
	else if (EVP_PKEY_is_a(pk, "EC")) {
		if (EVP_PKEY_get_utf8_string_param(pk,
		    OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
		    &glen) == 1) {
			/* The NIST names are what people know. */
			int nid = OBJ_sn2nid(group);
			const char *nist = nid != NID_undef ?
			    EC_curve_nid2nist(nid) : NULL;
			snprintf(buf, sizeof(buf), "EC %s",
			    nist != NULL ? nist : group);
		} else
			snprintf(buf, sizeof(buf), "EC %d", bits);
	} else if (EVP_PKEY_is_a(pk, "ED25519"))
		snprintf(buf, sizeof(buf), "Ed25519");
	else if (EVP_PKEY_is_a(pk, "ED448"))
		snprintf(buf, sizeof(buf), "Ed448");
	else {
		const char *n = EVP_PKEY_get0_type_name(pk);
		snprintf(buf, sizeof(buf), "%s %d", n ? n : "unknown", bits);
	}
	ERR_clear_error();
	return strdup(buf);
}

/* Bytes in hexadecimal, upper or lower case, sep between them. */
static char *
hex_bytes(const unsigned char *md, size_t len, const char *digits,
    const char *sep)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < len; i++) {
		char two[3] = { digits[md[i] >> 4], digits[md[i] & 0xf], '\0' };
		if (i > 0)
			strbuf_add(&sb, sep);
		strbuf_add(&sb, two);
	}
	return strbuf_detach(&sb);
}

char *
hex_fingerprint(const unsigned char *md, size_t len)
{
	return hex_bytes(md, len, "0123456789ABCDEF", ":");
}

const char *
format_time(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, len, "?");
	return buf;
}

bool
asn1_time_to_time_t(const ASN1_TIME *at, time_t *out)
{
	struct tm tm;

	if (at == NULL || ASN1_TIME_to_tm(at, &tm) != 1) {
		ERR_clear_error();
		return false;
	}
	*out = timegm(&tm);
	return true;
}

long
days_until(time_t now, time_t t)
{
	double d = difftime(t, now) / 86400.0;

	/* Floor: a certificate expiring in 23 hours has 0 days left. */
	return d >= 0 ? (long)d : -(long)(-d) - ((long)(-d) != -d ? 1 : 0);
}

/* A name's bytes as a string: a NUL inside it is shown as the text \0
 * ("www.bank.com\0.evil.com"), never cut there, so it neither hides
 * its tail nor matches the name before the NUL. */
char *
name_bytes(const char *s, size_t len)
{
	size_t nul = 0;
	char *out, *p;

	for (size_t i = 0; i < len; i++)
		nul += s[i] == '\0';
	if ((out = p = malloc(len + nul + 1)) == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\0') {
			*p++ = '\\';
			*p++ = '0';
		} else
			*p++ = s[i];
	}
	*p = '\0';
	return out;
}

/* v holds *n names and a NULL, in room for the next power of two at or
 * above *n + 1: growing by doubling keeps a certificate with 300,000
 * names linear (one slot at a time copied the list each time). */
static bool
push_name(char ***v, size_t *n, const char *s, size_t len)
{
	char **nv = *v;

	if (((*n + 1) & *n) == 0) {
		if (*n + 1 > SIZE_MAX / (2 * sizeof(**v)) ||
		    (nv = realloc(*v, 2 * (*n + 1) * sizeof(**v))) == NULL)
			return false;
		*v = nv;
	}
	if ((nv[*n] = name_bytes(s, len)) == NULL)
		return false;
	nv[++*n] = NULL;
	return true;
}

static bool
push_ip(char ***v, size_t *n, const ASN1_OCTET_STRING *ip)
{
	char s[INET6_ADDRSTRLEN];
	const unsigned char *d = ASN1_STRING_get0_data(ip);
	int len = ASN1_STRING_length(ip);

	if ((len == 4 && inet_ntop(AF_INET, d, s, sizeof(s)) != NULL) ||
	    (len == 16 && inet_ntop(AF_INET6, d, s, sizeof(s)) != NULL))
		return push_name(v, n, s, strlen(s));
	return push_name(v, n, "?", 1);
}

/* SAN entries (gens), else the CNs of subj. Frees gens. */
static char **
names_of(GENERAL_NAMES *gens, const X509_NAME *subj)
{
	char **v = calloc(1, sizeof(*v));
	size_t n = 0;
	bool ok = true;

	if (v == NULL) {
		GENERAL_NAMES_free(gens);
		return NULL;
	}
	if (gens != NULL) {
		for (int i = 0; ok && i < sk_GENERAL_NAME_num(gens); i++) {
			const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
			if (g->type == GEN_DNS)
				ok = push_name(&v, &n,
				    (const char *)ASN1_STRING_get0_data(g->d.dNSName),
				    (size_t)ASN1_STRING_length(g->d.dNSName));
			else if (g->type == GEN_IPADD)
				ok = push_ip(&v, &n, g->d.iPAddress);
		}
		GENERAL_NAMES_free(gens);
	} else {
		int i = -1;
		while (ok && (i = X509_NAME_get_index_by_NID(subj,
		    NID_commonName, i)) >= 0) {
			ASN1_STRING *d = X509_NAME_ENTRY_get_data(
			    X509_NAME_get_entry(subj, i));
			unsigned char *utf8 = NULL;
			int len = ASN1_STRING_to_UTF8(&utf8, d);
			if (len >= 0)
				ok = push_name(&v, &n, (char *)utf8, (size_t)len);
			OPENSSL_free(utf8);
		}
	}
	ERR_clear_error();
	if (!ok) {
		names_free(v);
		return NULL;
	}
	return v;
}

char **
cert_names(X509 *x)
{
	return names_of(X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL),
	    X509_get_subject_name(x));
}

char **
req_names(X509_REQ *req)
{
	STACK_OF(X509_EXTENSION) *exts = X509_REQ_get_extensions(req);
	GENERAL_NAMES *gens = NULL;
	int i;

	/* A request carries its subjectAltName in the extension request
	 * attribute. */
	if (exts != NULL && (i = X509v3_get_ext_by_NID(exts,
	    NID_subject_alt_name, -1)) >= 0)
		gens = X509V3_EXT_d2i(sk_X509_EXTENSION_value(exts, i));
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	return names_of(gens, X509_REQ_get_subject_name(req));
}

void
names_free(char **v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

const char *
format_date(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%d", &tm) == 0)
		snprintf(buf, len, "?");
	return buf;
}

const char *
format_days(long days, char *buf, size_t len)
{
	if (days == 0)
		snprintf(buf, len, "today");
	else if (days > 0)
		snprintf(buf, len, "in %ld day%s", days, days == 1 ? "" : "s");
	else
		snprintf(buf, len, "%ld day%s ago", -days, days == -1 ? "" : "s");
	return buf;
}

char *
serial_hex(const ASN1_INTEGER *serial)
{
	BIGNUM *bn = ASN1_INTEGER_to_BN(serial, NULL);
	char *hex = bn != NULL ? BN_bn2hex(bn) : NULL;
	char *out = hex != NULL ? strdup(hex) : NULL;

	OPENSSL_free(hex);
	BN_free(bn);
	ERR_clear_error();
	return out;
}

char *
hex_lower(const unsigned char *md, size_t len)
{
	return hex_bytes(md, len, "0123456789abcdef", "");
}

const char *
format_day_count(long days, char *buf, size_t len)
{
	if (days <= 0)
		snprintf(buf, len, "less than a day");
	else
		snprintf(buf, len, "%ld day%s", days, days == 1 ? "" : "s");
	return buf;
}

static const struct {
	uint32_t bit;
	const char *name;
} ku_names[] = {
	{ KU_DIGITAL_SIGNATURE,	"digitalSignature" },
	{ KU_NON_REPUDIATION,	"nonRepudiation" },
	{ KU_KEY_ENCIPHERMENT,	"keyEncipherment" },
	{ KU_DATA_ENCIPHERMENT,	"dataEncipherment" },
	{ KU_KEY_AGREEMENT,	"keyAgreement" },
	{ KU_KEY_CERT_SIGN,	"keyCertSign" },
	{ KU_CRL_SIGN,		"cRLSign" },
	{ KU_ENCIPHER_ONLY,	"encipherOnly" },
	{ KU_DECIPHER_ONLY,	"decipherOnly" },
};

char *
key_usage_names(uint32_t ku)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < sizeof(ku_names) / sizeof(ku_names[0]); i++)
		if (ku & ku_names[i].bit)
			strbuf_add_item(&sb, ", ", ku_names[i].name);
	return strbuf_detach(&sb);
}

char *
eku_names(const EXTENDED_KEY_USAGE *eku, int *count)
{
	struct strbuf sb = STRBUF_INIT;
	char oid[128];

	*count = 0;
	for (int i = 0; i < sk_ASN1_OBJECT_num(eku); i++) {
		const ASN1_OBJECT *obj = sk_ASN1_OBJECT_value(eku, i);
		int nid = OBJ_obj2nid(obj);

		if (nid != NID_undef)
			snprintf(oid, sizeof(oid), "%s", OBJ_nid2sn(nid));
		else if (OBJ_obj2txt(oid, sizeof(oid), obj, 1) <= 0)
			snprintf(oid, sizeof(oid), "?");
		strbuf_add_item(&sb, ", ", oid);
		(*count)++;
	}
	ERR_clear_error();
	return strbuf_detach(&sb);
}
