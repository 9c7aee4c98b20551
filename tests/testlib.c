/* The unit tests' library: see testlib.h. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "testlib.h"

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
tl_new_key(const char *spec)
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
tl_key(const char *spec)
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
	cache[i].key = tl_new_key(spec);
	EVP_PKEY_up_ref(cache[i].key);
	return cache[i].key;
}

void
tl_keys_free(void)
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
parse_subject(const char *s, const char *cn)
{
	X509_NAME *n = X509_NAME_new();
	char buf[256], *save = NULL;

	ck_assert_ptr_nonnull(n);
	if (s == NULL) {
		ck_assert(cn == NULL || X509_NAME_add_entry_by_txt(n, "CN",
		    MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0) == 1);
		return n;
	}
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

static const EVP_MD *
digest(const struct tl_cert *c, EVP_PKEY *signer)
{
	const EVP_MD *md;

	if (EVP_PKEY_is_a(signer, "ED25519") || EVP_PKEY_is_a(signer,
	    "ED448"))
		return NULL;
	if (c->md != NULL)
		return c->md;
	md = EVP_get_digestbyname(c->md_name != NULL ? c->md_name :
	    "SHA256");
	ck_assert_ptr_nonnull(md);
	return md;
}

X509 *
tl_cert(const struct tl_cert *c)
{
	static long counter = 1000;
	X509 *x = X509_new();
	X509_NAME *subj = parse_subject(c->subject, c->cn);
	EVP_PKEY *signer = c->issuer_key != NULL ? c->issuer_key : c->key;
	long serial = c->serial != 0 ? c->serial : counter++;
	X509V3_CTX v3;

	ck_assert_ptr_nonnull(x);
	X509_set_version(x, X509_VERSION_3);
	ASN1_INTEGER_set(X509_get_serialNumber(x),
	    c->negative_serial ? -serial : serial);
	X509_set_subject_name(x, subj);
	X509_set_issuer_name(x, c->issuer != NULL ?
	    X509_get_subject_name(c->issuer) : subj);
	X509_NAME_free(subj);
	ASN1_TIME_set(X509_getm_notBefore(x), c->not_before != 0 ?
	    c->not_before : TESTLIB_NOW - 30 * TESTLIB_DAY);
	ASN1_TIME_set(X509_getm_notAfter(x), c->not_after != 0 ?
	    c->not_after : TESTLIB_NOW + 365 * TESTLIB_DAY);
	ck_assert(X509_set_pubkey(x, c->key) == 1);

	X509V3_set_ctx(&v3, c->issuer != NULL ? c->issuer : x, x, NULL, NULL,
	    0);
	add_ext(x, &v3, NID_basic_constraints, c->bc);
	add_ext(x, &v3, NID_key_usage, c->ku);
	add_ext(x, &v3, NID_ext_key_usage, c->eku);
	add_ext(x, &v3, NID_subject_alt_name, c->san);
	add_ext(x, &v3, NID_netscape_cert_type, c->ns);
	add_ext(x, &v3, NID_name_constraints, c->nc);
	add_ext(x, &v3, NID_info_access, c->aia);
	if (!c->no_skid)
		add_ext(x, &v3, NID_subject_key_identifier, "hash");
	if (!c->no_akid)
		add_ext(x, &v3, NID_authority_key_identifier,
		    c->akid != NULL ? c->akid : "keyid");
	ck_assert_msg(X509_sign(x, signer, digest(c, signer)) > 0,
	    "cannot sign: %s", ERR_reason_error_string(ERR_peek_last_error()));
	return x;
}

X509_CRL *
tl_crl(X509 *issuer, EVP_PKEY *sign_key, X509 *const *revoked,
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
		ASN1_TIME_set(t, last_update - TESTLIB_DAY);
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

bool
tl_write_pem(const char *path, X509 *const *certs)
{
	FILE *fp = fopen(path, "w");
	bool ok = fp != NULL;

	for (size_t i = 0; ok && certs[i] != NULL; i++)
		ok = PEM_write_X509(fp, certs[i]) == 1;
	if (fp != NULL && fclose(fp) != 0)
		ok = false;
	return ok;
}

struct object *
tl_add_cert(struct inventory *inv, X509 *x, const char *path,
    enum role role)
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

struct object *
tl_add_crl(struct inventory *inv, X509_CRL *crl, const char *path)
{
	const struct source *src = inventory_add_source(inv, path, ROLE_CRL);

	X509_CRL_up_ref(crl);
	return inventory_add(inv, OBJ_CRL, crl, src, 0, "PEM", false);
}

struct object *
tl_add(struct inventory *inv, const char *path, enum role role,
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

void
tl_run_init(struct tl_run *r)
{
	inventory_init(&r->inv);
	check_ctx_init(&r->ctx);
	findings_init(&r->fs);
	r->ctx.now = TESTLIB_NOW;
}

void
tl_run_free(struct tl_run *r)
{
	findings_free(&r->fs);
	inventory_free(&r->inv);
}

void
tl_run_checks(struct tl_run *r, const struct check *const *checks)
{
	inventory_sort(&r->inv);
	for (size_t i = 0; checks[i] != NULL; i++)
		checks[i]->run(&r->inv, &r->ctx, &r->fs);
}

const char *tl_context;

const struct finding *
tl_find(const struct findings *fs, const char *id)
{
	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].id, id) == 0)
			return &fs->v[i];
	return NULL;
}

size_t
tl_count(const struct findings *fs, const char *id, int sev)
{
	size_t n = 0;

	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].id, id) == 0 &&
		    (sev == TL_ANY || (int)fs->v[i].sev == sev))
			n++;
	return n;
}

size_t
tl_count_at(const struct findings *fs, const char *id, const char *file)
{
	size_t n = 0;

	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].id, id) == 0 && (file == NULL ||
		    (fs->v[i].file != NULL && strcmp(fs->v[i].file, file) == 0)))
			n++;
	return n;
}

size_t
tl_count_prefix(const struct findings *fs, const char *prefix)
{
	size_t n = 0;

	for (size_t i = 0; i < fs->n; i++)
		if (strncmp(fs->v[i].id, prefix, strlen(prefix)) == 0)
			n++;
	return n;
}

const struct finding *
tl_expect(const struct findings *fs, const char *id, enum severity sev,
    const char *msg_has)
{
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *g = &fs->v[i];
		if (strcmp(g->id, id) == 0 && g->sev == sev && (msg_has == NULL ||
		    strstr(g->message, msg_has) != NULL))
			return g;
	}
	ck_abort_msg("%s%sno %s finding %s%s%s; the findings:%s",
	    tl_context != NULL ? tl_context : "", tl_context != NULL ? ": " :
	    "", severity_name(sev), id, msg_has != NULL ? " with " : "",
	    msg_has != NULL ? msg_has : "", tl_dump(fs));
	return NULL;
}

const struct finding *
tl_only(const struct findings *fs, const char *id)
{
	size_t n = tl_count(fs, id, TL_ANY);

	ck_assert_msg(n == 1, "%zu findings %s:%s", n, id, tl_dump(fs));
	return tl_find(fs, id);
}

void
tl_expect_clean(const struct findings *fs, const char *id)
{
	for (size_t i = 0; i < fs->n; i++)
		ck_assert_msg(strcmp(fs->v[i].id, id) != 0 ||
		    fs->v[i].sev <= SEV_INFO, "%s%sunexpected %s: %s",
		    tl_context != NULL ? tl_context : "", tl_context != NULL ?
		    ": " : "", id, fs->v[i].message);
}

void
tl_expect_absent(const struct findings *fs, const char *id)
{
	for (size_t i = 0; i < fs->n; i++)
		ck_assert_msg(strcmp(fs->v[i].id, id) != 0,
		    "unexpected %s: %s", id, fs->v[i].message);
}

const char *
tl_dump(const struct findings *fs)
{
	static char buf[8192];
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < fs->n && len < sizeof(buf); i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
		    "\n  [%s] %s: %s | %s", severity_name(fs->v[i].sev),
		    fs->v[i].id, fs->v[i].message,
		    fs->v[i].hint != NULL ? fs->v[i].hint : "-");
	return buf;
}

TCase *
tl_tcase(Suite *s, const char *name)
{
	TCase *tc = tcase_create(name);

	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return tc;
}

int
tl_run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	tl_keys_free();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
