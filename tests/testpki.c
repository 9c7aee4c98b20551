#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "testpki.h"

static struct {
	char spec[32];
	EVP_PKEY *key;
} cache[16];

/* DSA domain parameters take seconds to generate (minutes under
 * valgrind); these were made once with `openssl dsaparam`. They are
 * public values, not secrets, and do not expire. */
static const char dsa1024[] =
	"-----BEGIN DSA PARAMETERS-----\n"
	"MIIBJgKBgQDDMHBdaZvSp8FOiJnBnN03bQ+Y7DrdI9Ox+/OVQcOpSb7mZ4QZpMm1\n"
	"wHjr5z0PPq+u1ob9DzfvO07TGK1+1nfB2cXywsepi/IRZOwBwGWgFG4KO6eNWESe\n"
	"WJTAWQfokAcZmkYmCJP78WITpDR6U9IIOcNjRaFm9vislqzvF2/7QwIdAK2GxWJq\n"
	"su5COwhfeVzhZpM1VjgUS2yyIDz6k7MCgYBgQ69hXUCtve9SmMesdixn2s2cX4UB\n"
	"fUiNS4Q6cztRLd5ePpc52J3GwmxyORksd3BwEHsokHosCoa6/EK0RzVmYtqApszm\n"
	"wdOZ2II3nSLFcKxVcdoNVr32kYlZW57ORkVzhQBeca5K4jfDmeQWuOeJrlMwL9Ul\n"
	"wVazMeamkcWKFg==\n"
	"-----END DSA PARAMETERS-----\n";
static const char dsa2048[] =
	"-----BEGIN DSA PARAMETERS-----\n"
	"MIICKAKCAQEAkRi0UGMwrDoakO2pdkavSqRxrzGOKEwlkzwc6ekicwnwt55zJH/K\n"
	"aIOXdWBbepDFXUrAhWh2oZ4p4LfPQSuE6gMsjRRbabggzq4A8InnqvXL6xBWClXC\n"
	"r2QtuJrrmm8sqA+BVCzvgmGyFGmHfmMciughPz6Ie/Gl5NaFs74UTZydVC1d4y5/\n"
	"hS01MgIxN1GUfVZOk/SfrHqavCXjy0pO+4zVoKqq15I9b5fnzatgHSuTEruNXiQr\n"
	"9vB0GMxd+/uQjtaDuaaBz92Wwm5B94UvxZmooU39FUcnO+rwMVJ9kZPyJ4vmGL8i\n"
	"9Fp95p851ltRXH9tMTHUn9rZYq6zu4iBzwIdAPHGylHjeUb0NgViWi0acO1LXfFw\n"
	"0f/K/VppshkCggEAM6ae2QOgcuNy/C5GgGxxKp/BzopQijsastkHJDT43C0UqOlu\n"
	"3uE36Uv+HCeUELznJxaAujfYHUiSnVgUBvHvZhzEwvpkI1y7zsERBL4X6049k8IT\n"
	"JsupHoc9ZKIInhj/5YYuDye9wgn6uTd9A08cerAvqldL1+zhXCqJNcKFZH5AY5X8\n"
	"YEYWvPUS2xLqf4y6OwLgGhVHjLfmFyuzr8+Fm+PbhvnbfslDi9cEteDTPLMhbVGh\n"
	"Psj+61cPLsS/NYhiiOaxQ/raFdFfya911IfO1FvFNvd8CWNeV1rMAoMdjluv1goB\n"
	"pxEPVqgegq2mnva4RtK7tpb1ku9AE5/8T1BoVg==\n"
	"-----END DSA PARAMETERS-----\n";

static EVP_PKEY *
dsa_key(int bits)
{
	const char *pem = bits == 1024 ? dsa1024 : dsa2048;
	BIO *b = BIO_new_mem_buf(pem, -1);
	EVP_PKEY *params = PEM_read_bio_Parameters(b, NULL), *key = NULL;
	EVP_PKEY_CTX *kc = NULL;

	ck_assert_msg(bits == 1024 || bits == 2048, "no DSA %d params", bits);
	if (params != NULL &&
	    (kc = EVP_PKEY_CTX_new_from_pkey(NULL, params, NULL)) != NULL &&
	    EVP_PKEY_keygen_init(kc) == 1)
		EVP_PKEY_keygen(kc, &key);
	EVP_PKEY_CTX_free(kc);
	EVP_PKEY_free(params);
	BIO_free(b);
	return key;
}

/* EVP_PKEY_Q_keygen knows plain RSA only. */
static EVP_PKEY *
rsa_key(const char *type, int bits)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	EVP_PKEY *key = NULL;

	if (c != NULL && EVP_PKEY_keygen_init(c) == 1 &&
	    EVP_PKEY_CTX_set_rsa_keygen_bits(c, bits) == 1)
		EVP_PKEY_keygen(c, &key);
	EVP_PKEY_CTX_free(c);
	return key;
}

EVP_PKEY *
tp_new_key(const char *spec)
{
	const char *colon = strchr(spec, ':');
	char type[16];
	EVP_PKEY *k = NULL;

	snprintf(type, sizeof(type), "%.*s", colon != NULL ?
	    (int)(colon - spec) : (int)strlen(spec), spec);
	if (strcmp(type, "RSA") == 0 || strcmp(type, "RSA-PSS") == 0)
		k = rsa_key(type, atoi(colon + 1));
	else if (strcmp(type, "EC") == 0)
		k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", colon + 1);
	else if (strcmp(type, "DSA") == 0)
		k = dsa_key(atoi(colon + 1));
	else
		k = EVP_PKEY_Q_keygen(NULL, NULL, type);
	ck_assert_msg(k != NULL, "cannot make a %s key", spec);
	return k;
}

EVP_PKEY *
tp_key(const char *spec)
{
	size_t i;

	for (i = 0; i < sizeof(cache) / sizeof(cache[0]); i++) {
		if (cache[i].key == NULL)
			break;
		if (strcmp(cache[i].spec, spec) == 0) {
			EVP_PKEY_up_ref(cache[i].key);
			return cache[i].key;
		}
	}
	ck_assert_msg(i < sizeof(cache) / sizeof(cache[0]), "key cache full");
	snprintf(cache[i].spec, sizeof(cache[i].spec), "%s", spec);
	cache[i].key = tp_new_key(spec);
	EVP_PKEY_up_ref(cache[i].key);
	return cache[i].key;
}

void
tp_cleanup(void)
{
	for (size_t i = 0; i < sizeof(cache) / sizeof(cache[0]); i++) {
		EVP_PKEY_free(cache[i].key);
		cache[i].key = NULL;
	}
}

static void
add_ext(X509 *x, X509V3_CTX *v3, int nid, const char *value)
{
	X509_EXTENSION *e;

	if (value == NULL)
		return;
	e = X509V3_EXT_conf_nid(NULL, v3, nid, value);
	ck_assert_msg(e != NULL, "bad extension value '%s'", value);
	ck_assert(X509_add_ext(x, e, -1) == 1);
	X509_EXTENSION_free(e);
}

static X509_NAME *
parse_subject(const char *s)
{
	X509_NAME *n = X509_NAME_new();
	char buf[256], *save = NULL;

	ck_assert_ptr_nonnull(n);
	if (s == NULL)
		return n;
	snprintf(buf, sizeof(buf), "%s", s);
	for (char *rdn = strtok_r(buf, "/", &save); rdn != NULL;
	    rdn = strtok_r(NULL, "/", &save)) {
		char *eq = strchr(rdn, '=');
		ck_assert_ptr_nonnull(eq);
		*eq = '\0';
		ck_assert(X509_NAME_add_entry_by_txt(n, rdn, MBSTRING_UTF8,
		    (unsigned char *)eq + 1, -1, -1, 0) == 1);
	}
	return n;
}

X509 *
tp_cert(const struct tp_cert *c)
{
	X509 *x = X509_new();
	X509_NAME *subj = parse_subject(c->subject);
	EVP_PKEY *signer = c->issuer_key != NULL ? c->issuer_key : c->key;
	const EVP_MD *md = NULL;
	X509V3_CTX v3;
	static long serial = 1;

	ck_assert_ptr_nonnull(x);
	X509_set_version(x, X509_VERSION_3);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial++);
	X509_set_subject_name(x, subj);
	X509_set_issuer_name(x, c->issuer != NULL ?
	    X509_get_subject_name(c->issuer) : subj);
	X509_NAME_free(subj);
	ASN1_TIME_set(X509_getm_notBefore(x), TEST_NOW + (c->dates ? c->from :
	    -30 * TEST_DAY));
	ASN1_TIME_set(X509_getm_notAfter(x), TEST_NOW + (c->dates ? c->to :
	    365 * TEST_DAY));
	ck_assert(X509_set_pubkey(x, c->key) == 1);

	X509V3_set_ctx(&v3, c->issuer != NULL ? c->issuer : x, x, NULL, NULL,
	    0);
	add_ext(x, &v3, NID_basic_constraints, c->bc);
	add_ext(x, &v3, NID_key_usage, c->ku);
	add_ext(x, &v3, NID_ext_key_usage, c->eku);
	add_ext(x, &v3, NID_subject_alt_name, c->san);
	add_ext(x, &v3, NID_netscape_cert_type, c->ns);
	add_ext(x, &v3, NID_subject_key_identifier, "hash");
	add_ext(x, &v3, NID_authority_key_identifier, "keyid");

	if (!EVP_PKEY_is_a(signer, "ED25519") && !EVP_PKEY_is_a(signer,
	    "ED448")) {
		md = EVP_get_digestbyname(c->md != NULL ? c->md : "SHA256");
		ck_assert_ptr_nonnull(md);
	}
	ck_assert_msg(X509_sign(x, signer, md) > 0, "cannot sign: %s",
	    ERR_reason_error_string(ERR_peek_last_error()));
	return x;
}

struct object *
tp_add(struct inventory *inv, const char *path, enum role role,
    enum objkind kind, void *obj, int mode)
{
	struct source *s = inventory_add_source(inv, path, role);
	struct object *o;

	ck_assert_ptr_nonnull(s);
	if (mode >= 0) {
		s->have_mode = true;
		s->mode = (mode_t)(S_IFREG | mode);
	}
	o = inventory_add(inv, kind, obj, s, 0, "PEM", false);
	ck_assert_ptr_nonnull(o);
	return o;
}
