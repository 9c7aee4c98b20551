/* Unit tests of the certificate and key checks: each runs on an
 * inventory built in memory, at a fixed time. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>

#include "check/checks.h"
#include "testpki.h"

extern const struct check check_keymatch, check_validity, check_hostname,
    check_selfsigned, check_crypto, check_purpose, check_permissions;

static struct inventory inv;
static struct findings fs;
static struct check_ctx ctx;

static void
setup(void)
{
	inventory_init(&inv);
	findings_init(&fs);
	check_ctx_init(&ctx);
	ctx.now = TEST_NOW;
}

static void
teardown(void)
{
	findings_free(&fs);
	inventory_free(&inv);
}

/* Runs one check on the inventory as it is, and asserts what every
 * check promises of a finding. */
static void
run_unsorted(const struct check *c)
{
	c->run(&inv, &ctx, &fs);
	for (size_t i = 0; i < fs.n; i++) {
		const struct finding *f = &fs.v[i];
		size_t len = strlen(f->message);

		ck_assert_msg(len > 0 && f->message[len - 1] != '.' &&
		    strchr(f->message, '\n') == NULL, "message style:%s",
		    tl_dump(&fs));
		ck_assert_msg(f->sev < SEV_WARN || f->hint != NULL,
		    "warn/fail without a hint:%s", tl_dump(&fs));
	}
	/* CHECKS_VERBOSE=1 shows what each test's checks said. */
	if (getenv("CHECKS_VERBOSE") != NULL)
		fprintf(stderr, "%s:%s\n", c->name, tl_dump(&fs));
	ck_assert_msg(ERR_peek_error() == 0, "OpenSSL error queue left "
	    "non-empty by %s", c->name);
}

static void
run(const struct check *c)
{
	inventory_sort(&inv);
	run_unsorted(c);
}

#define expect(id, sev, n) \
	ck_assert_msg(tl_count(&fs, id, sev) == (n), "want %d x %s %s:%s", (int)(n), \
	    severity_name(sev), id, tl_dump(&fs))
#define expect_text(f, field, s) \
	ck_assert_msg((f)->field != NULL && strstr((f)->field, s) != NULL, \
	    "'%s' not in %s:%s", s, #field, tl_dump(&fs))

/* The fix as one line: the hint, then its commands. */
static void
expect_fix(const struct finding *f, const char *s)
{
	char *line = finding_fix_line(f);

	ck_assert_msg(line != NULL && strstr(line, s) != NULL,
	    "'%s' not in the fix:%s", s, tl_dump(&fs));
	free(line);
}

static X509 *
server_cert(EVP_PKEY *k, const char *san)
{
	return tp_cert(&(struct tp_cert){ .subject = "/CN=www.example.com",
	    .key = k, .san = san });
}

/* ---- keymatch ---------------------------------------------------- */

static const char *const key_types[] = {
	"RSA:2048", "RSA-PSS:2048", "EC:P-256", "EC:P-384", "ED25519",
	"ED448", "DSA:1024",
};

START_TEST(test_key_matches)
{
	EVP_PKEY *k = tp_key(key_types[_i]);

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT,
	    server_cert(k, "DNS:www.example.com"), -1);
	tp_add(&inv, "key.pem", ROLE_AUTO, OBJ_KEY, k, -1);
	run(&check_keymatch);
	expect("key-mismatch", SEV_PASS, 1);
	expect_text(tl_expect(&fs, "key-mismatch", SEV_PASS, NULL), message,
	    "private key matches the certificate CN=www.example.com");
	expect("key-invalid", SEV_FAIL, 0);
	ck_assert_uint_eq(fs.n, 1);
}
END_TEST

START_TEST(test_key_mismatch)
{
	EVP_PKEY *k = tp_key(key_types[_i]), *other = tp_new_key(key_types[_i]);
	const struct finding *f;

	tp_add(&inv, "cert.pem", ROLE_CERT, OBJ_CERT,
	    server_cert(k, "DNS:www.example.com"), -1);
	EVP_PKEY_free(k);
	tp_add(&inv, "key.pem", ROLE_KEY, OBJ_KEY, other, -1);
	run(&check_keymatch);
	expect("key-mismatch", SEV_PASS, 0);
	f = tl_expect(&fs, "key-mismatch", SEV_FAIL, NULL);
	expect_text(f, message, "private key in key.pem");
	expect_text(f, message, "does not match the certificate "
	    "CN=www.example.com");
	expect_fix(f, "openssl x509 -noout -pubkey -in cert.pem");
	expect_fix(f, "openssl pkey -pubout -in key.pem");
	ck_assert_str_eq(f->file, "key.pem");
}
END_TEST

START_TEST(test_key_mismatch_type)
{
	EVP_PKEY *rsa = tp_key("RSA:2048"), *ec = tp_key("EC:P-256");

	EVP_PKEY_up_ref(ec);

	tp_add(&inv, "cert.pem", ROLE_CERT, OBJ_CERT,
	    server_cert(rsa, "DNS:www.example.com"), -1);
	EVP_PKEY_free(rsa);
	tp_add(&inv, "key.pem", ROLE_KEY, OBJ_KEY, ec, -1);
	run(&check_keymatch);
	expect_text(tl_expect(&fs, "key-mismatch", SEV_FAIL, NULL), message,
	    "key.pem (EC P-256) does not match the certificate "
	    "CN=www.example.com (RSA 2048)");
	findings_free(&fs);
	inventory_free(&inv);
	tp_add(&inv, "cert.pem", ROLE_CERT, OBJ_CERT,
	    server_cert(ec, "DNS:www.example.com"), -1);
	tp_add(&inv, "key.pem", ROLE_KEY, OBJ_KEY, tp_new_key("EC:P-256"), -1);
	run(&check_keymatch);
	expect_text(tl_expect(&fs, "key-mismatch", SEV_FAIL, NULL), message,
	    "both are EC P-256, but different key pairs");
	EVP_PKEY_free(ec);
}
END_TEST

START_TEST(test_key_several)
{
	EVP_PKEY *k = tp_key("EC:P-256");

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT,
	    server_cert(k, "DNS:www.example.com"), -1);
	tp_add(&inv, "a.pem", ROLE_AUTO, OBJ_KEY, tp_new_key("EC:P-256"), -1);
	tp_add(&inv, "b.pem", ROLE_AUTO, OBJ_KEY, k, -1);
	run(&check_keymatch);
	expect_text(tl_expect(&fs, "key-mismatch", SEV_PASS, NULL), message,
	    "private key in b.pem matches");
}
END_TEST

START_TEST(test_key_previous_ignored)
{
	/* The key of the certificate being replaced is not a candidate. */
	EVP_PKEY *k = tp_key("EC:P-256");

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT,
	    server_cert(k, "DNS:www.example.com"), -1);
	tp_add(&inv, "old.key", ROLE_PREVIOUS, OBJ_KEY, tp_new_key("EC:P-256"),
	    -1);
	tp_add(&inv, "key.pem", ROLE_AUTO, OBJ_KEY, k, -1);
	run(&check_keymatch);
	expect_text(tl_expect(&fs, "key-mismatch", SEV_PASS, NULL), message,
	    "private key matches the certificate");
	ck_assert_uint_eq(fs.n, 1);
}
END_TEST

START_TEST(test_key_several_none)
{
	EVP_PKEY *k = tp_key("EC:P-256");

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT,
	    server_cert(k, "DNS:www.example.com"), -1);
	EVP_PKEY_free(k);
	tp_add(&inv, "a.pem", ROLE_AUTO, OBJ_KEY, tp_new_key("EC:P-256"), -1);
	tp_add(&inv, "b.pem", ROLE_AUTO, OBJ_KEY, tp_new_key("EC:P-256"), -1);
	run(&check_keymatch);
	expect_text(tl_expect(&fs, "key-mismatch", SEV_FAIL, NULL), message,
	    "none of the 2 private keys given matches");
}
END_TEST

START_TEST(test_key_named_wrong_other_right)
{
	EVP_PKEY *k = tp_key("EC:P-256");
	const struct finding *f;

	tp_add(&inv, "cert.pem", ROLE_CERT, OBJ_CERT,
	    server_cert(k, "DNS:www.example.com"), -1);
	tp_add(&inv, "old.pem", ROLE_KEY, OBJ_KEY, tp_new_key("EC:P-256"), -1);
	tp_add(&inv, "good.pem", ROLE_AUTO, OBJ_KEY, k, -1);
	run(&check_keymatch);
	f = tl_expect(&fs, "key-mismatch", SEV_FAIL, NULL);
	expect_text(f, message, "private key in old.pem does not match");
	expect_text(f, message, "the key in good.pem does");
	expect_fix(f, "use good.pem as the key for cert.pem");
}
END_TEST

START_TEST(test_key_belongs_elsewhere)
{
	EVP_PKEY *k = tp_key("EC:P-256"), *k2 = tp_new_key("EC:P-256");

	tp_add(&inv, "cert.pem", ROLE_CERT, OBJ_CERT,
	    server_cert(k, "DNS:www.example.com"), -1);
	EVP_PKEY_free(k);
	tp_add(&inv, "other.pem", ROLE_AUTO, OBJ_CERT, tp_cert(&(struct tp_cert)
	    { .subject = "/CN=mail.example.com", .key = k2 }), -1);
	tp_add(&inv, "key.pem", ROLE_KEY, OBJ_KEY, k2, -1);
	run(&check_keymatch);
	expect_text(tl_expect(&fs, "key-mismatch", SEV_FAIL, NULL), message,
	    "it belongs to CN=mail.example.com in other.pem");
}
END_TEST

START_TEST(test_key_none_given)
{
	EVP_PKEY *k = tp_key("EC:P-256");

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT,
	    server_cert(k, "DNS:www.example.com"), -1);
	EVP_PKEY_free(k);
	run(&check_keymatch);
	ck_assert_msg(fs.n == 0, "findings without a key:%s", tl_dump(&fs));
}
END_TEST

/* The builder borrows each BIGNUM until to_param: keep them here. */
static BIGNUM *bns[8];
static size_t nbns;

static void
push_bn(OSSL_PARAM_BLD *b, EVP_PKEY *k, const char *name, int add)
{
	BIGNUM *bn = NULL;

	ck_assert(nbns < sizeof(bns) / sizeof(bns[0]));
	ck_assert(EVP_PKEY_get_bn_param(k, name, &bn) == 1);
	bns[nbns++] = bn;
	if (add)
		BN_add_word(bn, (BN_ULONG)add);
	ck_assert(OSSL_PARAM_BLD_push_BN(b, name, bn) == 1);
}

static EVP_PKEY *
from_params(const char *type, OSSL_PARAM_BLD *b)
{
	OSSL_PARAM *p = OSSL_PARAM_BLD_to_param(b);
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	EVP_PKEY *out = NULL;

	ck_assert(p != NULL && c != NULL);
	ck_assert(EVP_PKEY_fromdata_init(c) == 1);
	ck_assert(EVP_PKEY_fromdata(c, &out, EVP_PKEY_KEYPAIR, p) == 1);
	EVP_PKEY_CTX_free(c);
	OSSL_PARAM_free(p);
	OSSL_PARAM_BLD_free(b);
	while (nbns > 0)
		BN_clear_free(bns[--nbns]);
	return out;
}

/* k's numbers rebuilt as a key, with `which` off by two (NULL: none),
 * leaving out the CRT values when `crt` is false. */
static EVP_PKEY *
rsa_variant(EVP_PKEY *k, const char *type, const char *which, bool crt)
{
	static const char *const names[] = {
		OSSL_PKEY_PARAM_RSA_N, OSSL_PKEY_PARAM_RSA_E,
		OSSL_PKEY_PARAM_RSA_D, OSSL_PKEY_PARAM_RSA_FACTOR1,
		OSSL_PKEY_PARAM_RSA_FACTOR2, OSSL_PKEY_PARAM_RSA_EXPONENT1,
		OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
	};
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();

	for (size_t i = 0; i < (crt ? 8 : 3); i++)
		push_bn(b, k, names[i], which != NULL &&
		    strcmp(which, names[i]) == 0 ? 2 : 0);
	return from_params(type, b);
}

/* The public point of k with the private scalar of another key. */
static EVP_PKEY *
broken_ec(EVP_PKEY *k, EVP_PKEY *other)
{
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	unsigned char pub[256];
	size_t publen = 0;

	ck_assert(EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY,
	    pub, sizeof(pub), &publen) == 1);
	ck_assert(OSSL_PARAM_BLD_push_utf8_string(b,
	    OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) == 1);
	ck_assert(OSSL_PARAM_BLD_push_octet_string(b, OSSL_PKEY_PARAM_PUB_KEY,
	    pub, publen) == 1);
	push_bn(b, other, OSSL_PKEY_PARAM_PRIV_KEY, 0);
	return from_params("EC", b);
}

static const struct {
	const char *type;	/* "RSA" or "RSA-PSS" */
	const char *off;	/* the number that is off by two, or NULL */
	bool crt;		/* with p, q and the CRT values */
	bool invalid;
} rsa_cases[] = {
	{ "RSA", NULL, true, false },
	{ "RSA", NULL, false, false },
	{ "RSA", OSSL_PKEY_PARAM_RSA_D, true, true },
	{ "RSA", OSSL_PKEY_PARAM_RSA_D, false, true },
	{ "RSA", OSSL_PKEY_PARAM_RSA_FACTOR1, true, true },
	{ "RSA", OSSL_PKEY_PARAM_RSA_EXPONENT1, true, true },
	{ "RSA", OSSL_PKEY_PARAM_RSA_EXPONENT2, true, true },
	{ "RSA", OSSL_PKEY_PARAM_RSA_COEFFICIENT1, true, true },
	{ "RSA-PSS", NULL, true, false },
	{ "RSA-PSS", OSSL_PKEY_PARAM_RSA_D, true, true },
};

START_TEST(test_key_invalid_rsa)
{
	const char *spec = strcmp(rsa_cases[_i].type, "RSA") == 0 ?
	    "RSA:2048" : "RSA-PSS:2048";
	EVP_PKEY *k = tp_key(spec);
	const struct finding *f;

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT,
	    server_cert(k, "DNS:www.example.com"), -1);
	tp_add(&inv, "key.pem", ROLE_AUTO, OBJ_KEY, rsa_variant(k,
	    rsa_cases[_i].type, rsa_cases[_i].off, rsa_cases[_i].crt), -1);
	EVP_PKEY_free(k);
	run(&check_keymatch);
	/* Its public half is the certificate's (unless p was changed, which
	 * does not touch n). */
	expect("key-mismatch", SEV_FAIL, 0);
	if (!rsa_cases[_i].invalid) {
		expect("key-invalid", SEV_FAIL, 0);
		expect("key-mismatch", SEV_PASS, 1);
		return;
	}
	f = tl_expect(&fs, "key-invalid", SEV_FAIL, NULL);
	expect_text(f, message, "key.pem (");
	expect_text(f, message, "2048) fails its consistency check");
	expect_fix(f, "key.pem");
}
END_TEST

START_TEST(test_key_invalid_ec)
{
	EVP_PKEY *k = tp_key("EC:P-256"), *other = tp_new_key("EC:P-256");

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT,
	    server_cert(k, "DNS:www.example.com"), -1);
	tp_add(&inv, "key.pem", ROLE_AUTO, OBJ_KEY, broken_ec(k, other), -1);
	EVP_PKEY_free(k);
	EVP_PKEY_free(other);
	run(&check_keymatch);
	expect("key-invalid", SEV_FAIL, 1);
}
END_TEST

START_TEST(test_key_valid_alone)
{
	/* No certificate: the key is still checked for consistency. */
	tp_add(&inv, "key.pem", ROLE_KEY, OBJ_KEY, tp_key(key_types[_i]), -1);
	run(&check_keymatch);
	ck_assert_msg(fs.n == 0, "findings for a sound key:%s", tl_dump(&fs));
}
END_TEST

/* ---- validity ---------------------------------------------------- */

static X509 *
dated_cert(EVP_PKEY *k, long from, long to)
{
	return tp_cert(&(struct tp_cert){ .subject = "/CN=www.example.com",
	    .key = k, .san = "DNS:www.example.com", .dates = true,
	    .from = from, .to = to });
}

START_TEST(test_valid)
{
	EVP_PKEY *k = tp_key("EC:P-256");

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT, dated_cert(k,
	    -10 * TEST_DAY, 90 * TEST_DAY), -1);
	EVP_PKEY_free(k);
	run(&check_validity);
	ck_assert_uint_eq(fs.n, 1);
	expect_text(tl_expect(&fs, "expired", SEV_PASS, NULL), message,
	    "certificate CN=www.example.com is valid until "
	    "2027-04-15T08:00:00Z (90 days left)");
}
END_TEST

START_TEST(test_expired)
{
	EVP_PKEY *k = tp_key("EC:P-256");
	const struct finding *f;

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT, dated_cert(k,
	    -90 * TEST_DAY, -2 * TEST_DAY), -1);
	EVP_PKEY_free(k);
	run(&check_validity);
	f = tl_expect(&fs, "expired", SEV_FAIL, NULL);
	expect_text(f, message, "certificate CN=www.example.com expired on "
	    "2027-01-13T08:00:00Z (2 days ago)");
	expect_fix(f, "cert.pem");
	expect("expired", SEV_PASS, 0);
}
END_TEST

START_TEST(test_expired_lets_encrypt)
{
	EVP_PKEY *k = tp_key("EC:P-256"), *cak = tp_key("EC:P-384");
	X509 *ca = tp_cert(&(struct tp_cert){ .subject =
	    "/C=US/O=Let's Encrypt/CN=E5", .key = cak,
	    .bc = "critical,CA:TRUE" });

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT, tp_cert(&(struct tp_cert){
	    .subject = "/CN=www.example.com", .key = k, .issuer = ca,
	    .issuer_key = cak, .dates = true, .from = -90 * TEST_DAY,
	    .to = -1 }), -1);
	X509_free(ca);
	EVP_PKEY_free(k);
	EVP_PKEY_free(cak);
	run(&check_validity);
	expect_fix(tl_expect(&fs, "expired", SEV_FAIL, NULL), "certbot renew");
}
END_TEST

START_TEST(test_not_yet_valid)
{
	EVP_PKEY *k = tp_key("EC:P-256");
	const struct finding *f;

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT, dated_cert(k,
	    3 * TEST_DAY, 90 * TEST_DAY), -1);
	EVP_PKEY_free(k);
	run(&check_validity);
	f = tl_expect(&fs, "not-yet-valid", SEV_FAIL, NULL);
	expect_text(f, message, "is not valid until 2027-01-18T08:00:00Z "
	    "(in 3 days)");
	expect_fix(f, "clock");
	expect_fix(f, "2027-01-18T08:00:00Z");
}
END_TEST

START_TEST(test_expires_soon)
{
	EVP_PKEY *k = tp_key("EC:P-256");

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT, dated_cert(k,
	    -80 * TEST_DAY, 10 * TEST_DAY), -1);
	EVP_PKEY_free(k);
	run(&check_validity);
	expect_text(tl_expect(&fs, "expires-soon", SEV_WARN, NULL), message,
	    "expires on 2027-01-25T08:00:00Z (in 10 days)");
	/* The threshold is the user's. */
	findings_free(&fs);
	ctx.warn_days = 10;
	run(&check_validity);
	expect("expires-soon", SEV_WARN, 0);
	expect("expired", SEV_PASS, 1);
}
END_TEST

START_TEST(test_validity_edges)
{
	EVP_PKEY *k = tp_key("EC:P-256");

	/* notAfter is the last valid second (RFC 5280), notBefore the
	 * first. */
	tp_add(&inv, "a.pem", ROLE_CERT, OBJ_CERT, dated_cert(k, 0, 0), -1);
	EVP_PKEY_free(k);
	run(&check_validity);
	expect("expired", SEV_FAIL, 0);
	expect("not-yet-valid", SEV_FAIL, 0);
	expect_text(tl_expect(&fs, "expires-soon", SEV_WARN, NULL), message,
	    "(in less than a day)");
	findings_free(&fs);
	ctx.now = TEST_NOW + 1;
	run(&check_validity);
	expect("expired", SEV_FAIL, 1);
	findings_free(&fs);
	ctx.now = TEST_NOW - 1;
	run(&check_validity);
	expect("not-yet-valid", SEV_FAIL, 1);
}
END_TEST

/* A root, an intermediate with the given validity and a leaf under it. */
static void
add_chain(long int_from, long int_to, const char *int_md,
    enum role root_role)
{
	EVP_PKEY *rk = tp_key("EC:P-384"), *ik = tp_key("RSA:2048"),
	    *lk = tp_key("EC:P-256");
	X509 *root = tp_cert(&(struct tp_cert){ .subject = "/O=Test/CN=Root",
	    .key = rk, .bc = "critical,CA:TRUE", .dates = true,
	    .from = -900 * TEST_DAY, .to = -TEST_DAY, .md = "SHA1" });
	X509 *im = tp_cert(&(struct tp_cert){ .subject = "/O=Test/CN=Sub",
	    .key = ik, .issuer = root, .issuer_key = rk,
	    .bc = "critical,CA:TRUE,pathlen:0", .dates = true,
	    .from = int_from, .to = int_to, .md = int_md });
	X509 *leaf = tp_cert(&(struct tp_cert){ .subject = "/CN=www.example.com",
	    .key = lk, .issuer = im, .issuer_key = ik,
	    .san = "DNS:www.example.com" });

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT, leaf, -1);
	tp_add(&inv, "chain.pem", ROLE_AUTO, OBJ_CERT, im, -1);
	tp_add(&inv, "root.pem", root_role, OBJ_CERT, root, -1);
	tp_add(&inv, "key.pem", ROLE_AUTO, OBJ_KEY, lk, -1);
	EVP_PKEY_free(rk);
	EVP_PKEY_free(ik);
}

START_TEST(test_intermediate_expired)
{
	const struct finding *f;

	/* The root is expired too, but as a trust anchor it is not ours to
	 * judge. */
	add_chain(-400 * TEST_DAY, -5 * TEST_DAY, NULL, ROLE_CA);
	run(&check_validity);
	expect("expired", SEV_FAIL, 1);
	f = tl_expect(&fs, "expired", SEV_FAIL, NULL);
	expect_text(f, message, "intermediate O=Test, CN=Sub expired on");
	expect_text(f, message, "(5 days ago)");
	expect_fix(f, "chain.pem");
	ck_assert_str_eq(f->file, "chain.pem");
	expect("expired", SEV_PASS, 1);
}
END_TEST

START_TEST(test_served_chain)
{
	/* Received from a server: its label is no file to edit. */
	EVP_PKEY *rk = tp_key("EC:P-384"), *lk = tp_key("EC:P-256");
	X509 *im = tp_cert(&(struct tp_cert){ .subject = "/CN=Served CA",
	    .key = rk, .bc = "critical,CA:TRUE", .dates = true,
	    .from = -400 * TEST_DAY, .to = -TEST_DAY });
	X509 *leaf = tp_cert(&(struct tp_cert){ .subject = "/CN=www.example.com",
	    .key = lk, .issuer = im, .issuer_key = rk, .md = "SHA1",
	    .san = "DNS:www.example.com" });
	struct source *s = inventory_add_source(&inv, "www.example.com:443",
	    ROLE_SERVED);
	const struct finding *f;

	inventory_add(&inv, OBJ_CERT, leaf, s, 0, "TLS", false);
	inventory_add(&inv, OBJ_CERT, im, s, 1, "TLS", false);
	inventory_sort(&inv);
	/* As the live code does: the chain as served, its first
	 * certificate the leaf. */
	inv.served = inv.objs;
	inv.nserved = 2;
	inv.leaf = inv.objs[0];
	run_unsorted(&check_validity);
	run_unsorted(&check_crypto);
	f = tl_expect(&fs, "expired", SEV_FAIL, NULL);
	expect_text(f, message, "root CN=Served CA expired on");
	expect_fix(f, "replace this one in the chain file");
	f = tl_expect(&fs, "weak-signature", SEV_FAIL, NULL);
	expect_fix(f, "replace the certificate file");
	for (size_t i = 0; i < fs.n; i++)
		ck_assert_msg(fs.v[i].hint == NULL ||
		    strstr(fs.v[i].hint, ":443") == NULL, "%s", tl_dump(&fs));
	inv.served = NULL;
	inv.nserved = 0;
	EVP_PKEY_free(rk);
	EVP_PKEY_free(lk);
}
END_TEST

START_TEST(test_intermediate_soon_and_early)
{
	add_chain(-400 * TEST_DAY, 20 * TEST_DAY, NULL, ROLE_CA);
	run(&check_validity);
	expect_text(tl_expect(&fs, "expires-soon", SEV_WARN, NULL), message,
	    "intermediate O=Test, CN=Sub expires on");
	findings_free(&fs);
	inventory_free(&inv);
	add_chain(TEST_DAY, 400 * TEST_DAY, NULL, ROLE_CA);
	run(&check_validity);
	expect_text(tl_expect(&fs, "not-yet-valid", SEV_FAIL, NULL), message,
	    "intermediate O=Test, CN=Sub is not valid until");
}
END_TEST

/* ---- hostname ---------------------------------------------------- */

static const struct {
	const char *subject;
	const char *san;	/* NULL: no subjectAltName */
	const char *host;
	bool match;
	const char *why;	/* expected in the mismatch message */
} host_cases[] = {
	{ "/CN=x", "DNS:www.example.com", "www.example.com", true, NULL },
	{ "/CN=x", "DNS:www.example.com", "WWW.Example.COM", true, NULL },
	{ "/CN=x", "DNS:WWW.EXAMPLE.COM", "www.example.com", true, NULL },
	{ "/CN=x", "DNS:www.example.com", "example.com", false,
	  "it covers www.example.com" },
	{ "/CN=x", "DNS:a.example.com,DNS:b.example.com", "b.example.com",
	  true, NULL },
	{ "/CN=x", "DNS:*.example.com", "a.example.com", true, NULL },
	{ "/CN=x", "DNS:*.example.com", "A.EXAMPLE.com", true, NULL },
	{ "/CN=x", "DNS:*.example.com", "example.com", false,
	  "the wildcard *.example.com does not cover the bare domain" },
	{ "/CN=x", "DNS:*.example.com", "a.b.example.com", false,
	  "covers exactly one label" },
	{ "/CN=x", "DNS:f*.example.com", "foo.example.com", false,
	  "partial wildcards such as f*.example.com" },
	{ "/CN=x", "DNS:*oo.example.com", "foo.example.com", false,
	  "partial wildcards" },
	{ "/CN=x", "DNS:*.com", "example.com", false,
	  "a wildcard over a top-level domain (*.com)" },
	{ "/CN=x", "DNS:a.*.example.com", "a.b.example.com", false, NULL },
	{ "/CN=x", "DNS:www.example.com", "www.example.com.", true, NULL },
	{ "/CN=x", "DNS:*.example.com", "a.example.com.", true, NULL },
	{ "/CN=x", "DNS:www.example.com", ".example.com", false,
	  "cannot check certificate CN=x against '.example.com': that is "
	  "not a host name" },
	{ "/CN=x", "DNS:www.example.com", "", false, "not a host name" },
	{ "/CN=x", "IP:192.0.2.1", "192.0.2.1", true, NULL },
	{ "/CN=x", "IP:192.0.2.1", "192.0.2.2", false, "it covers 192.0.2.1" },
	{ "/CN=x", "IP:2001:db8::1", "2001:db8::1", true, NULL },
	{ "/CN=x", "IP:2001:db8::1", "2001:DB8:0:0::1", true, NULL },
	{ "/CN=x", "IP:2001:db8::1", "[2001:db8::1]", true, NULL },
	{ "/CN=x", "IP:192.0.2.1", "::ffff:192.0.2.1", false, NULL },
	{ "/CN=x", "DNS:192.0.2.1", "192.0.2.1", false,
	  "192.0.2.1 is listed as a DNS name" },
	{ "/CN=x", "IP:192.0.2.1", "www.example.com", false, NULL },
	{ "/CN=x", "DNS:www.example.com,IP:192.0.2.1", "192.0.2.1", true,
	  NULL },
	{ "/CN=192.0.2.1", NULL, "192.0.2.1", false,
	  "clients ignore the subject CN" },
	{ "/CN=www.example.com", NULL, "www.example.com", false,
	  "it has no subjectAltName, and clients ignore the subject CN "
	  "www.example.com" },
	{ "/CN=www.example.com", "DNS:other.example.com", "www.example.com",
	  false, "it covers other.example.com" },
	{ "/CN=x", "email:a@example.com", "example.com", false,
	  "its subjectAltName lists no host names" },
	{ "/CN=x", "DNS:xn--bcher-kva.example", "xn--bcher-kva.example",
	  true, NULL },
};

START_TEST(test_hostname_rules)
{
	EVP_PKEY *k = tp_key("EC:P-256");
	const char *hosts[1] = { host_cases[_i].host };

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT, tp_cert(&(struct tp_cert){
	    .subject = host_cases[_i].subject, .key = k,
	    .san = host_cases[_i].san }), -1);
	EVP_PKEY_free(k);
	ctx.hosts = hosts;
	ctx.nhosts = 1;
	run(&check_hostname);
	if (host_cases[_i].match) {
		expect("hostname-mismatch", SEV_PASS, 1);
		expect("hostname-mismatch", SEV_FAIL, 0);
		return;
	}
	expect("hostname-mismatch", SEV_FAIL, 1);
	expect("hostname-mismatch", SEV_PASS, 0);
	if (host_cases[_i].why != NULL)
		expect_text(tl_expect(&fs, "hostname-mismatch", SEV_FAIL, NULL), message,
		    host_cases[_i].why);
}
END_TEST

START_TEST(test_hostname_hint)
{
	EVP_PKEY *k = tp_key("EC:P-256");
	const char *hosts[] = { "www.example.com", "api.example.com" };
	const struct finding *f;

	tp_add(&inv, "site.crt", ROLE_AUTO, OBJ_CERT, server_cert(k,
	    "DNS:www.example.com,DNS:example.com"), -1);
	tp_add(&inv, "site.key", ROLE_AUTO, OBJ_KEY, k, -1);
	ctx.hosts = hosts;
	ctx.nhosts = 2;
	run(&check_hostname);
	expect_text(tl_expect(&fs, "hostname-mismatch", SEV_PASS, NULL), message,
	    "certificate CN=www.example.com is valid for www.example.com");
	f = tl_expect(&fs, "hostname-mismatch", SEV_FAIL, NULL);
	expect_text(f, message, "is not valid for api.example.com (it covers "
	    "www.example.com, example.com)");
	expect_fix(f, "openssl req -new -key site.key "
	    "-subj /CN=api.example.com -addext subjectAltName="
	    "DNS:www.example.com,DNS:example.com,DNS:api.example.com");
	expect("no-san", SEV_WARN, 0);
}
END_TEST

START_TEST(test_hostname_hint_ip)
{
	EVP_PKEY *k = tp_key("EC:P-256");
	const char *hosts[] = { "192.0.2.7" };

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT, server_cert(k,
	    "DNS:www.example.com,IP:192.0.2.1"), -1);
	EVP_PKEY_free(k);
	ctx.hosts = hosts;
	ctx.nhosts = 1;
	run(&check_hostname);
	expect_fix(tl_expect(&fs, "hostname-mismatch", SEV_FAIL, NULL),
	    "subjectAltName=DNS:www.example.com,IP:192.0.2.1,IP:192.0.2.7");
}
END_TEST

START_TEST(test_no_san)
{
	EVP_PKEY *k = tp_key("EC:P-256");
	const struct finding *f;

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT, tp_cert(&(struct tp_cert){
	    .subject = "/CN=www.example.com", .key = k }), -1);
	EVP_PKEY_free(k);
	run(&check_hostname);
	f = tl_expect(&fs, "no-san", SEV_WARN, NULL);
	expect_text(f, message, "certificate CN=www.example.com has no "
	    "subjectAltName; browsers and Go ignore the subject CN "
	    "(www.example.com)");
	expect_fix(f, "subjectAltName=DNS:www.example.com");
	ck_assert_uint_eq(fs.n, 1);
	findings_free(&fs);
	inventory_free(&inv);
	k = tp_key("EC:P-256");
	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT, tp_cert(&(struct tp_cert){
	    .subject = "/CN=192.0.2.1", .key = k }), -1);
	EVP_PKEY_free(k);
	run(&check_hostname);
	expect_fix(tl_expect(&fs, "no-san", SEV_WARN, NULL), "subjectAltName=IP:192.0.2.1");
}
END_TEST

START_TEST(test_no_san_not_for_clients_or_cas)
{
	EVP_PKEY *k = tp_key("EC:P-256");

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT, tp_cert(&(struct tp_cert){
	    .subject = "/CN=alice", .key = k }), -1);
	ctx.purpose = PURPOSE_CLIENT;
	run(&check_hostname);
	ck_assert_msg(fs.n == 0, "client:%s", tl_dump(&fs));
	inventory_free(&inv);
	ctx.purpose = PURPOSE_SERVER;
	tp_add(&inv, "ca.pem", ROLE_AUTO, OBJ_CERT, tp_cert(&(struct tp_cert){
	    .subject = "/CN=Test CA", .key = k, .bc = "critical,CA:TRUE" }),
	    -1);
	EVP_PKEY_free(k);
	run(&check_hostname);
	ck_assert_msg(fs.n == 0, "CA:%s", tl_dump(&fs));
}
END_TEST

/* ---- selfsigned -------------------------------------------------- */

START_TEST(test_self_signed)
{
	EVP_PKEY *k = tp_key("EC:P-256");
	const struct finding *f;

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT, server_cert(k,
	    "DNS:www.example.com"), -1);
	EVP_PKEY_free(k);
	run(&check_selfsigned);
	f = tl_expect(&fs, "self-signed", SEV_FAIL, NULL);
	expect_text(f, message, "certificate CN=www.example.com is "
	    "self-signed");
	expect_fix(f, "--ca cert.pem");
}
END_TEST

START_TEST(test_self_signed_trusted)
{
	EVP_PKEY *k = tp_key("EC:P-256");
	X509 *x = server_cert(k, "DNS:www.example.com");

	X509_up_ref(x);
	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT, x, -1);
	tp_add(&inv, "cert.pem", ROLE_CA, OBJ_CERT, x, -1);
	EVP_PKEY_free(k);
	run(&check_selfsigned);
	expect_text(tl_expect(&fs, "self-signed", SEV_PASS, NULL), message,
	    "self-signed and given as a trust anchor");
	expect("self-signed", SEV_FAIL, 0);
}
END_TEST

START_TEST(test_issued_by_ca)
{
	add_chain(-TEST_DAY, TEST_DAY, NULL, ROLE_CA);
	run(&check_selfsigned);
	expect_text(tl_expect(&fs, "self-signed", SEV_PASS, NULL), message,
	    "certificate CN=www.example.com is issued by O=Test, CN=Sub");
	ck_assert_uint_eq(fs.n, 1);
}
END_TEST

START_TEST(test_same_names_other_signer)
{
	/* Subject equals issuer, but another key signed it: not
	 * self-signed, whatever the names say. */
	EVP_PKEY *k = tp_key("EC:P-256"), *ca = tp_key("EC:P-384");
	X509 *fake = tp_cert(&(struct tp_cert){ .subject = "/CN=www.example.com",
	    .key = ca });

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT, tp_cert(&(struct tp_cert){
	    .subject = "/CN=www.example.com", .key = k, .issuer = fake,
	    .issuer_key = ca }), -1);
	X509_free(fake);
	EVP_PKEY_free(k);
	EVP_PKEY_free(ca);
	run(&check_selfsigned);
	expect("self-signed", SEV_FAIL, 0);
	expect("self-signed", SEV_PASS, 1);
}
END_TEST

/* ---- crypto ------------------------------------------------------ */

static const struct {
	const char *key;
	const char *md;
	bool weak_key;
	const char *weak_sig;	/* expected digest name, NULL: strong */
} crypto_cases[] = {
	{ "RSA:1024", "SHA256", true, NULL },
	{ "RSA:2048", "SHA256", false, NULL },
	{ "RSA:2048", "SHA1", false, "SHA-1" },
	{ "RSA:2048", "MD5", false, "MD5" },
	{ "RSA:1024", "SHA1", true, "SHA-1" },
	{ "RSA-PSS:2048", "SHA256", false, NULL },
	{ "RSA-PSS:2048", "SHA1", false, "SHA-1" },
	{ "EC:P-192", "SHA256", true, NULL },
	{ "EC:P-224", "SHA256", false, NULL },
	{ "EC:P-256", "SHA1", false, "SHA-1" },
	{ "EC:P-384", "SHA384", false, NULL },
	{ "ED25519", NULL, false, NULL },
	{ "ED448", NULL, false, NULL },
	{ "DSA:1024", "SHA256", true, NULL },
	{ "DSA:2048", "SHA256", false, NULL },
};

START_TEST(test_crypto_leaf)
{
	EVP_PKEY *k = tp_key(crypto_cases[_i].key);

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT, tp_cert(&(struct tp_cert){
	    .subject = "/CN=www.example.com", .key = k,
	    .md = crypto_cases[_i].md }), -1);
	EVP_PKEY_free(k);
	run(&check_crypto);
	expect("weak-key", SEV_FAIL, crypto_cases[_i].weak_key ? 1 : 0);
	if (crypto_cases[_i].weak_sig != NULL)
		expect_text(tl_expect(&fs, "weak-signature", SEV_FAIL, NULL), message,
		    crypto_cases[_i].weak_sig);
	else
		expect("weak-signature", SEV_FAIL, 0);
	expect("weak-key", SEV_PASS, crypto_cases[_i].weak_key ||
	    crypto_cases[_i].weak_sig != NULL ? 0 : 1);
}
END_TEST

START_TEST(test_crypto_messages)
{
	EVP_PKEY *k = tp_key("RSA:1024");
	const struct finding *f;

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT, tp_cert(&(struct tp_cert){
	    .subject = "/CN=www.example.com", .key = k, .md = "SHA1" }), -1);
	tp_add(&inv, "key.pem", ROLE_AUTO, OBJ_KEY, k, -1);
	run(&check_crypto);
	f = tl_expect(&fs, "weak-key", SEV_FAIL, NULL);
	expect_text(f, message, "certificate CN=www.example.com has a weak "
	    "RSA 1024 key (at least 2048 bits are needed)");
	expect_fix(f, "openssl genpkey");
	f = tl_expect(&fs, "weak-signature", SEV_FAIL, NULL);
	expect_text(f, message, "is signed with sha1WithRSAEncryption (SHA-1)");
	expect_fix(f, "-signkey key.pem -sha256");
}
END_TEST

START_TEST(test_crypto_chain)
{
	const struct finding *f;

	/* The served root is signed with SHA-1, which does not matter; the
	 * intermediate is, which does. */
	add_chain(-TEST_DAY, TEST_DAY, "SHA1", ROLE_AUTO);
	run(&check_crypto);
	expect("weak-signature", SEV_FAIL, 1);
	f = tl_expect(&fs, "weak-signature", SEV_FAIL, NULL);
	expect_text(f, message, "intermediate O=Test, CN=Sub is signed with "
	    "ecdsa-with-SHA1");
	expect_fix(f, "chain.pem");
	findings_free(&fs);
	inventory_free(&inv);
	add_chain(-TEST_DAY, TEST_DAY, "SHA256", ROLE_AUTO);
	run(&check_crypto);
	expect("weak-signature", SEV_FAIL, 0);
	expect_text(tl_expect(&fs, "weak-key", SEV_PASS, NULL), message, "(EC P-256 key, "
	    "signed with sha256WithRSAEncryption)");
}
END_TEST

START_TEST(test_crypto_trust_anchor_ignored)
{
	EVP_PKEY *weak = tp_key("RSA:1024"), *k = tp_key("EC:P-256");
	X509 *root = tp_cert(&(struct tp_cert){ .subject = "/CN=Old Root",
	    .key = weak, .bc = "critical,CA:TRUE", .md = "MD5" });

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT, tp_cert(&(struct tp_cert){
	    .subject = "/CN=www.example.com", .key = k, .issuer = root,
	    .issuer_key = weak }), -1);
	tp_add(&inv, "root.pem", ROLE_CA, OBJ_CERT, root, -1);
	EVP_PKEY_free(weak);
	EVP_PKEY_free(k);
	run(&check_crypto);
	expect("weak-key", SEV_FAIL, 0);
	expect("weak-signature", SEV_FAIL, 0);
	expect("weak-key", SEV_PASS, 1);
}
END_TEST

START_TEST(test_crypto_self_signed_leaf)
{
	/* A self-signed leaf's signature counts, unless it is itself a
	 * trust anchor. */
	EVP_PKEY *k = tp_key("EC:P-256");
	X509 *x = tp_cert(&(struct tp_cert){ .subject = "/CN=www.example.com",
	    .key = k, .md = "SHA1" });

	X509_up_ref(x);
	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT, x, -1);
	EVP_PKEY_free(k);
	run(&check_crypto);
	expect("weak-signature", SEV_FAIL, 1);
	findings_free(&fs);
	tp_add(&inv, "cert.pem", ROLE_CA, OBJ_CERT, x, -1);
	run(&check_crypto);
	expect("weak-signature", SEV_FAIL, 0);
	expect_text(tl_expect(&fs, "weak-key", SEV_PASS, NULL), message, "(EC P-256 key)");
}
END_TEST

/* ---- purpose ----------------------------------------------------- */

static const struct {
	const char *key;
	enum purpose purpose;
	const char *eku, *ku, *ns;
	const char *fail;	/* expected message, NULL: allowed */
} purpose_cases[] = {
	{ "RSA:2048", PURPOSE_SERVER, NULL, NULL, NULL, NULL },
	{ "RSA:2048", PURPOSE_SERVER, "serverAuth", NULL, NULL, NULL },
	{ "RSA:2048", PURPOSE_SERVER, "serverAuth,clientAuth",
	  "critical,digitalSignature,keyEncipherment", NULL, NULL },
	{ "RSA:2048", PURPOSE_SERVER, "serverAuth,anyExtendedKeyUsage", NULL,
	  NULL, NULL },
	{ "RSA:2048", PURPOSE_SERVER, "clientAuth", NULL, NULL,
	  "extendedKeyUsage is clientAuth only; a server certificate needs "
	  "serverAuth" },
	{ "RSA:2048", PURPOSE_SERVER, "clientAuth,emailProtection", NULL, NULL,
	  "extendedKeyUsage is clientAuth, emailProtection; a server "
	  "certificate needs serverAuth" },
	{ "RSA:2048", PURPOSE_SERVER, "1.3.6.1.4.1.99999.1", NULL, NULL,
	  "extendedKeyUsage is 1.3.6.1.4.1.99999.1 only" },
	{ "RSA:2048", PURPOSE_CLIENT, "clientAuth", NULL, NULL, NULL },
	{ "RSA:2048", PURPOSE_CLIENT, NULL, NULL, NULL, NULL },
	{ "RSA:2048", PURPOSE_CLIENT, "serverAuth", NULL, NULL,
	  "extendedKeyUsage is serverAuth only; a client certificate needs "
	  "clientAuth" },
	{ "RSA:2048", PURPOSE_SERVER, NULL, "critical,keyEncipherment", NULL,
	  NULL },
	{ "RSA:2048", PURPOSE_SERVER, NULL, "critical,digitalSignature", NULL,
	  NULL },
	{ "RSA:2048", PURPOSE_SERVER, NULL, "critical,keyCertSign,cRLSign",
	  NULL, "keyUsage is keyCertSign, cRLSign; an RSA 2048 server "
	  "certificate needs digitalSignature (or keyEncipherment)" },
	{ "RSA:2048", PURPOSE_CLIENT, NULL, "critical,keyEncipherment", NULL,
	  "keyUsage is keyEncipherment; an RSA 2048 client certificate needs "
	  "digitalSignature" },
	{ "EC:P-256", PURPOSE_SERVER, NULL, "critical,digitalSignature", NULL,
	  NULL },
	{ "EC:P-256", PURPOSE_SERVER, NULL, "critical,keyAgreement", NULL,
	  NULL },
	{ "EC:P-256", PURPOSE_SERVER, NULL, "critical,keyEncipherment", NULL,
	  "keyUsage is keyEncipherment; an EC P-256 server certificate needs "
	  "digitalSignature (or keyAgreement)" },
	/* anyExtendedKeyUsage alone warns, but does not hide a keyUsage
	 * that cannot serve. */
	{ "EC:P-256", PURPOSE_SERVER, "anyExtendedKeyUsage",
	  "critical,keyEncipherment", NULL, "keyUsage is keyEncipherment; an "
	  "EC P-256 server certificate needs digitalSignature (or "
	  "keyAgreement)" },
	{ "ED25519", PURPOSE_SERVER, NULL, "critical,digitalSignature", NULL,
	  NULL },
	{ "ED25519", PURPOSE_SERVER, NULL, "critical,nonRepudiation", NULL,
	  "keyUsage is nonRepudiation; an Ed25519 server certificate needs "
	  "digitalSignature" },
	{ "RSA:2048", PURPOSE_SERVER, NULL, NULL, "client",
	  "Netscape certificate type" },
	{ "RSA:2048", PURPOSE_SERVER, NULL, NULL, "server", NULL },
};

START_TEST(test_purpose)
{
	EVP_PKEY *k = tp_key(purpose_cases[_i].key);
	const struct finding *f;

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT, tp_cert(&(struct tp_cert){
	    .subject = "/CN=www.example.com/O=Example", .key = k,
	    .eku = purpose_cases[_i].eku, .ku = purpose_cases[_i].ku,
	    .ns = purpose_cases[_i].ns }), -1);
	EVP_PKEY_free(k);
	ctx.purpose = purpose_cases[_i].purpose;
	run(&check_purpose);
	if (purpose_cases[_i].fail == NULL) {
		expect("purpose-mismatch", SEV_PASS, 1);
		expect("purpose-mismatch", SEV_FAIL, 0);
		return;
	}
	expect("purpose-mismatch", SEV_PASS, 0);
	f = tl_expect(&fs, "purpose-mismatch", SEV_FAIL, NULL);
	expect_text(f, message, purpose_cases[_i].fail);
	expect_fix(f, "-subj /CN=www.example.com/O=Example");
	expect_fix(f, ctx.purpose == PURPOSE_SERVER ?
	    "extendedKeyUsage=serverAuth" : "extendedKeyUsage=clientAuth");
}
END_TEST

/* RFC 5280 4.2.1.12 lets anyExtendedKeyUsage serve any purpose and
 * lets applications refuse it; clients differ (Go, GnuTLS, Chrome accept
 * it, OpenSSL refuses): a warning that names those refusing. */
static const struct {
	const char *key;
	enum purpose purpose;
	const char *eku;
	const char *warn;	/* expected message */
} any_eku_cases[] = {
	{ "RSA:2048", PURPOSE_SERVER, "anyExtendedKeyUsage",
	  "extendedKeyUsage is anyExtendedKeyUsage only; RFC 5280 lets "
	  "anyExtendedKeyUsage serve any purpose and GnuTLS, Go and Chrome "
	  "accept it, but OpenSSL-based clients (curl, Python, nginx and "
	  "Apache as proxies) require serverAuth" },
	{ "EC:P-256", PURPOSE_CLIENT, "anyExtendedKeyUsage,emailProtection",
	  "extendedKeyUsage is anyExtendedKeyUsage, emailProtection; RFC "
	  "5280 lets anyExtendedKeyUsage serve any purpose" },
};

START_TEST(test_purpose_any_eku_is_a_warning)
{
	EVP_PKEY *k = tp_key(any_eku_cases[_i].key);
	const struct finding *f;

	tp_add(&inv, "cert.pem", ROLE_AUTO, OBJ_CERT, tp_cert(&(struct tp_cert){
	    .subject = "/CN=www.example.com/O=Example", .key = k,
	    .eku = any_eku_cases[_i].eku }), -1);
	EVP_PKEY_free(k);
	ctx.purpose = any_eku_cases[_i].purpose;
	run(&check_purpose);
	expect("purpose-mismatch", SEV_PASS, 0);
	expect("purpose-mismatch", SEV_FAIL, 0);
	f = tl_expect(&fs, "purpose-mismatch", SEV_WARN, NULL);
	expect_text(f, message, any_eku_cases[_i].warn);
	expect_fix(f, ctx.purpose == PURPOSE_SERVER ?
	    "extendedKeyUsage=serverAuth" : "extendedKeyUsage=clientAuth");
}
END_TEST

/* ---- permissions ------------------------------------------------- */

static const struct {
	int mode;		/* -1: not a file */
	bool group;		/* the file's group is root or ssl-cert */
	bool warn;
	const char *who;
} mode_cases[] = {
	{ 0600, false, false, NULL },
	{ 0400, false, false, NULL },
	{ 0700, false, false, NULL },
	{ 0620, false, false, NULL },	/* group may write, not read: odd, not a leak */
	{ 0640, false, true, "readable by its group (mode 0640)" },
	{ 0644, false, true, "readable by its group and everyone else (mode 0644)" },
	{ 0604, false, true, "readable by everyone (mode 0604)" },
	{ 0666, false, true, "(mode 0666)" },
	{ -1, false, false, NULL },
	/* Debian's root:ssl-cert 0640 is the documented setup. */
	{ 0640, true, false, NULL },
	{ 0440, true, false, NULL },
	{ 0644, true, true, "readable by its group and everyone else" },
	{ 0660, true, true, "readable by its group (mode 0660)" },
};

START_TEST(test_key_file_mode)
{
	const struct finding *f;

	tp_add(&inv, "key.pem", ROLE_AUTO, OBJ_KEY, tp_key("EC:P-256"),
	    mode_cases[_i].mode);
	((struct source *)inv.objs[inv.nobjs - 1]->src)->key_group =
	    mode_cases[_i].group;
	run(&check_permissions);
	if (mode_cases[_i].mode < 0) {
		ck_assert_msg(fs.n == 0, "no file, no finding:%s", tl_dump(&fs));
		return;
	}
	if (!mode_cases[_i].warn) {
		expect_text(tl_expect(&fs, "key-file-permissions", SEV_PASS, NULL), message,
		    "private key file key.pem is readable by its owner only");
		expect("key-file-permissions", SEV_WARN, 0);
		return;
	}
	f = tl_expect(&fs, "key-file-permissions", SEV_WARN, NULL);
	expect_text(f, message, "private key file is ");
	ck_assert_msg(strstr(f->message, "key.pem") == NULL,
	    "the message repeats the file:%s", tl_dump(&fs));
	expect_text(f, message, mode_cases[_i].who);
	expect_fix(f, "chmod 600 key.pem");
	ck_assert_str_eq(f->file, "key.pem");
	expect("key-file-permissions", SEV_PASS, 0);
}
END_TEST

START_TEST(test_key_file_sources)
{
	EVP_PKEY *k = tp_key("EC:P-256");
	struct source *p12 = inventory_add_source(&inv, "bundle.p12",
	    ROLE_AUTO);

	/* The same key in a private file and in a readable PKCS#12: the
	 * readable copy is the one to report. */
	EVP_PKEY_up_ref(k);
	tp_add(&inv, "key.pem", ROLE_AUTO, OBJ_KEY, k, 0600);
	p12->have_mode = true;
	p12->mode = S_IFREG | 0644;
	ck_assert_ptr_nonnull(inventory_add(&inv, OBJ_KEY, k, p12, 1,
	    "PKCS#12", true));
	/* Two more keys in one readable file: one finding for it. */
	tp_add(&inv, "two.pem", ROLE_AUTO, OBJ_KEY, tp_new_key("EC:P-256"),
	    0644);
	inventory_add(&inv, OBJ_KEY, tp_new_key("EC:P-256"), inv.srcs[2], 1,
	    "PEM", false);
	run(&check_permissions);
	expect("key-file-permissions", SEV_WARN, 2);
	expect_fix(tl_expect(&fs, "key-file-permissions", SEV_WARN, NULL),
	    "chmod 600 bundle.p12");
	ck_assert_str_eq(fs.v[1].file, "two.pem");
}
END_TEST

START_TEST(test_registry)
{
	const char *want[] = { "keymatch", "validity", "hostname",
	    "selfsigned", "crypto", "purpose", "permissions" };

	for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++) {
		bool found = false;
		for (size_t i = 0; checks[i] != NULL; i++)
			found |= strcmp(checks[i]->name, want[w]) == 0;
		ck_assert_msg(found, "%s is not registered", want[w]);
	}
}
END_TEST

START_TEST(test_all_on_good_input)
{
	/* A sound server setup: every check passes, nothing else is said.
	 * (The root is expired, but trust anchors are the chain checks'
	 * business.) */
	const char *hosts[] = { "www.example.com" };
	const struct check *const mine[] = { &check_keymatch,
	    &check_validity, &check_hostname, &check_selfsigned,
	    &check_crypto, &check_purpose, &check_permissions };

	add_chain(-400 * TEST_DAY, 400 * TEST_DAY, NULL, ROLE_CA);
	inv.srcs[3]->have_mode = true;
	inv.srcs[3]->mode = S_IFREG | 0600;
	ctx.hosts = hosts;
	ctx.nhosts = 1;
	for (size_t i = 0; i < sizeof(mine) / sizeof(mine[0]); i++)
		run(mine[i]);
	ck_assert_msg(findings_worst(&fs) == SEV_PASS, "%s", tl_dump(&fs));
	ck_assert_msg(fs.n == 7, "one pass line per check:%s", tl_dump(&fs));
}
END_TEST

static const char *const warm_keys[] = {
	"RSA:1024", "RSA:2048", "RSA-PSS:2048", "EC:P-192", "EC:P-224",
	"EC:P-256", "EC:P-384", "ED25519", "ED448", "DSA:1024", "DSA:2048",
};

/* Unchecked fixture: runs once, in the parent, so forked tests inherit
 * the keys instead of each generating its own. */
static void
warm_up(void)
{
	for (size_t i = 0; i < sizeof(warm_keys) / sizeof(warm_keys[0]); i++)
		EVP_PKEY_free(tp_key(warm_keys[i]));
}

static TCase *
tcase(Suite *s, const char *name)
{
	TCase *tc = tl_tcase(s, name);

	tcase_add_unchecked_fixture(tc, warm_up, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	return tc;
}

int
main(void)
{
	Suite *s = suite_create("checks");
	TCase *tc;

	tc = tcase(s, "keymatch");
	tl_add_loop(tc, test_key_matches, key_types);
	tl_add_loop(tc, test_key_mismatch, key_types);
	tl_add_loop(tc, test_key_valid_alone, key_types);
	tcase_add_test(tc, test_key_mismatch_type);
	tcase_add_test(tc, test_key_several);
	tcase_add_test(tc, test_key_several_none);
	tcase_add_test(tc, test_key_previous_ignored);
	tcase_add_test(tc, test_key_named_wrong_other_right);
	tcase_add_test(tc, test_key_belongs_elsewhere);
	tcase_add_test(tc, test_key_none_given);
	tl_add_loop(tc, test_key_invalid_rsa, rsa_cases);
	tcase_add_test(tc, test_key_invalid_ec);

	tc = tcase(s, "validity");
	tcase_add_test(tc, test_valid);
	tcase_add_test(tc, test_expired);
	tcase_add_test(tc, test_expired_lets_encrypt);
	tcase_add_test(tc, test_not_yet_valid);
	tcase_add_test(tc, test_expires_soon);
	tcase_add_test(tc, test_validity_edges);
	tcase_add_test(tc, test_intermediate_expired);
	tcase_add_test(tc, test_intermediate_soon_and_early);
	tcase_add_test(tc, test_served_chain);

	tc = tcase(s, "hostname");
	tl_add_loop(tc, test_hostname_rules, host_cases);
	tcase_add_test(tc, test_hostname_hint);
	tcase_add_test(tc, test_hostname_hint_ip);
	tcase_add_test(tc, test_no_san);
	tcase_add_test(tc, test_no_san_not_for_clients_or_cas);

	tc = tcase(s, "selfsigned");
	tcase_add_test(tc, test_self_signed);
	tcase_add_test(tc, test_self_signed_trusted);
	tcase_add_test(tc, test_issued_by_ca);
	tcase_add_test(tc, test_same_names_other_signer);

	tc = tcase(s, "crypto");
	tl_add_loop(tc, test_crypto_leaf, crypto_cases);
	tcase_add_test(tc, test_crypto_messages);
	tcase_add_test(tc, test_crypto_chain);
	tcase_add_test(tc, test_crypto_trust_anchor_ignored);
	tcase_add_test(tc, test_crypto_self_signed_leaf);

	tc = tcase(s, "purpose");
	tl_add_loop(tc, test_purpose, purpose_cases);
	tl_add_loop(tc, test_purpose_any_eku_is_a_warning, any_eku_cases);

	tc = tcase(s, "permissions");
	tl_add_loop(tc, test_key_file_mode, mode_cases);
	tcase_add_test(tc, test_key_file_sources);

	tc = tcase(s, "all");
	tcase_add_test(tc, test_registry);
	tcase_add_test(tc, test_all_on_good_input);

	return tl_run_suite(s);
}
