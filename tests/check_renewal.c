/* Unit tests of the renewal (--previous) and CSR (--csr) checks, on
 * certificate pairs and requests made with libcrypto at test time. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509v3.h>

#include "check/checks.h"
#include "describe.h"
#include "pki.h"

extern const struct check check_renewal;
extern const struct check check_csr;

static EVP_PKEY *ca_key, *ca2_key;
static X509 *ca, *ca2;

static void
setup(void)
{
	struct pki_spec s = { .cn = "Test CA", .ca = true };
	struct pki_spec s2 = { .cn = "Other CA", .ca = true };

	ca_key = pki_key();
	ca = pki_cert(&s, ca_key, NULL, NULL);
	ca2_key = pki_key();
	ca2 = pki_cert(&s2, ca2_key, NULL, NULL);
}

static void
teardown(void)
{
	X509_free(ca);
	X509_free(ca2);
	EVP_PKEY_free(ca_key);
	EVP_PKEY_free(ca2_key);
}

/* A leaf for www.example.test, issued by the test CA unless changed. */
static X509 *
leaf(EVP_PKEY *k, const char *san, time_t not_after, X509 *issuer,
    EVP_PKEY *issuer_key)
{
	struct pki_spec s = { .cn = "www.example.test", .san = san,
	    .not_after = not_after };

	return pki_cert(&s, k, issuer != NULL ? issuer : ca,
	    issuer_key != NULL ? issuer_key : ca_key);
}

static struct object *
add_key(struct inventory *inv, EVP_PKEY *k, const char *path, enum role r)
{
	struct source *src = inventory_add_source(inv, path, r);

	EVP_PKEY_up_ref(k);
	return inventory_add(inv, OBJ_KEY, k, src, 0, "PEM", false);
}

struct run {
	struct inventory inv;
	struct findings fs;
	struct check_ctx ctx;
};

static void
run_start(struct run *r)
{
	inventory_init(&r->inv);
	findings_init(&r->fs);
	check_ctx_init(&r->ctx);
	r->ctx.now = PKI_NOW;
}

static void
run_checks(struct run *r)
{
	inventory_sort(&r->inv);
	check_renewal.run(&r->inv, &r->ctx, &r->fs);
	check_csr.run(&r->inv, &r->ctx, &r->fs);
}

static void
run_end(struct run *r)
{
	findings_free(&r->fs);
	inventory_free(&r->inv);
}

/* The one finding with this id (asserts there is exactly one). */
static const struct finding *
only(const struct run *r, const char *id)
{
	const struct finding *f = NULL;
	size_t n = 0;

	for (size_t i = 0; i < r->fs.n; i++)
		if (strcmp(r->fs.v[i].id, id) == 0) {
			f = &r->fs.v[i];
			n++;
		}
	ck_assert_msg(n == 1, "%zu findings %s", n, id);
	return f;
}

static size_t
count(const struct run *r, const char *prefix)
{
	size_t n = 0;

	for (size_t i = 0; i < r->fs.n; i++)
		if (strncmp(r->fs.v[i].id, prefix, strlen(prefix)) == 0)
			n++;
	return n;
}

static void
expect(const struct run *r, const char *id, enum severity sev,
    const char *has)
{
	const struct finding *f = only(r, id);

	ck_assert_msg(f->sev == sev, "%s: severity %s, want %s (%s)", id,
	    severity_name(f->sev), severity_name(sev), f->message);
	if (has != NULL)
		ck_assert_msg(strstr(f->message, has) != NULL,
		    "%s: '%s' lacks '%s'", id, f->message, has);
}

static void
absent(const struct run *r, const char *id)
{
	for (size_t i = 0; i < r->fs.n; i++)
		ck_assert_msg(strcmp(r->fs.v[i].id, id) != 0,
		    "unexpected %s: %s", id, r->fs.v[i].message);
}

/* Renewal with a new key of the same type, same names, same issuer. */
START_TEST(test_good_renewal)
{
	struct run r;
	EVP_PKEY *k1 = pki_key(), *k2 = pki_key();
	X509 *old = leaf(k1, NULL, PKI_NOW + 20 * PKI_DAY, NULL, NULL);
	X509 *nw = leaf(k2, NULL, PKI_NOW + 110 * PKI_DAY, NULL, NULL);

	run_start(&r);
	pki_add(&r.inv, nw, "new.pem", ROLE_AUTO);
	add_key(&r.inv, k2, "new.key", ROLE_AUTO);
	pki_add(&r.inv, old, "old.pem", ROLE_PREVIOUS);
	run_checks(&r);
	ck_assert_ptr_eq(r.inv.leaf->x509, nw);
	expect(&r, "renewal-names-dropped", SEV_PASS, "(1)");
	expect(&r, "renewal-not-later", SEV_PASS, "90 days after");
	expect(&r, "renewal-key-changed", SEV_INFO, "new.key");
	absent(&r, "renewal-same-cert");
	absent(&r, "renewal-key-reused");
	absent(&r, "renewal-key-type-changed");
	absent(&r, "renewal-issuer-changed");
	absent(&r, "renewal-names-added");
	ck_assert_int_eq(findings_worst(&r.fs), SEV_INFO);
	run_end(&r);
	X509_free(old);
	X509_free(nw);
	EVP_PKEY_free(k1);
	EVP_PKEY_free(k2);
}
END_TEST

/* Names of the old certificate against the new one, as clients match. */
static const struct {
	const char *old_san, *new_san;
	const char *dropped;	/* NULL: none dropped */
	const char *added;	/* NULL: none added */
} name_cases[] = {
	{ "DNS:www.example.test,DNS:example.test", "DNS:www.example.test",
	    "example.test", NULL },
	{ "DNS:a.example.test,DNS:b.example.test,DNS:c.example.test",
	    "DNS:b.example.test", "a.example.test, c.example.test", NULL },
	{ "DNS:www.example.test", "DNS:*.example.test", NULL,
	    "*.example.test" },
	/* www was covered before, by the wildcard: not a new name. */
	{ "DNS:*.example.test", "DNS:www.example.test", "*.example.test",
	    NULL },
	{ "DNS:*.example.test", "DNS:*.EXAMPLE.test", NULL, NULL },
	{ "DNS:a.b.example.test", "DNS:*.example.test", "a.b.example.test",
	    "*.example.test" },
	{ "DNS:www.example.test,IP:192.0.2.1", "DNS:www.example.test",
	    "192.0.2.1", NULL },
	{ "IP:2001:db8::1", "IP:2001:db8:0::1", NULL, NULL },
	{ "DNS:www.example.test", "DNS:www.example.test,DNS:new.example.test",
	    NULL, "new.example.test" },
	{ "DNS:WWW.Example.Test", "DNS:www.example.test", NULL, NULL },
};

START_TEST(test_names)
{
	struct run r;
	EVP_PKEY *k = pki_key();
	X509 *old = leaf(k, name_cases[_i].old_san, PKI_NOW + 10 * PKI_DAY,
	    NULL, NULL);
	X509 *nw = leaf(k, name_cases[_i].new_san, PKI_NOW + 90 * PKI_DAY,
	    NULL, NULL);

	run_start(&r);
	pki_add(&r.inv, nw, "new.pem", ROLE_AUTO);
	pki_add(&r.inv, old, "old.pem", ROLE_PREVIOUS);
	run_checks(&r);
	if (name_cases[_i].dropped != NULL) {
		char want[256];
		snprintf(want, sizeof(want), "no longer covers %s, which",
		    name_cases[_i].dropped);
		expect(&r, "renewal-names-dropped", SEV_FAIL, want);
		ck_assert_str_eq(only(&r, "renewal-names-dropped")->file,
		    "new.pem");
		ck_assert_ptr_nonnull(only(&r, "renewal-names-dropped")->hint);
	} else
		expect(&r, "renewal-names-dropped", SEV_PASS, NULL);
	if (name_cases[_i].added != NULL) {
		char want[256];
		snprintf(want, sizeof(want), "did not: %s",
		    name_cases[_i].added);
		expect(&r, "renewal-names-added", SEV_INFO, want);
	} else
		absent(&r, "renewal-names-added");
	run_end(&r);
	X509_free(old);
	X509_free(nw);
	EVP_PKEY_free(k);
}
END_TEST

/* The same file given as new and previous: one object, seen twice. */
START_TEST(test_same_cert_same_file)
{
	struct run r;
	EVP_PKEY *k = pki_key();
	X509 *x = leaf(k, NULL, 0, NULL, NULL);

	run_start(&r);
	pki_add(&r.inv, x, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, x, "old.pem", ROLE_PREVIOUS);
	ck_assert_uint_eq(r.inv.nobjs, 1);
	run_checks(&r);
	expect(&r, "renewal-same-cert", SEV_FAIL, "old.pem");
	ck_assert_uint_eq(count(&r, "renewal-"), 1);
	run_end(&r);
	X509_free(x);
	EVP_PKEY_free(k);
}
END_TEST

/* Same serial and issuer, different bytes: still the same certificate. */
START_TEST(test_same_cert_serial)
{
	struct run r;
	EVP_PKEY *k = pki_key();
	struct pki_spec s = { .cn = "www.example.test", .serial = 4242,
	    .not_after = PKI_NOW + 30 * PKI_DAY };
	X509 *old = pki_cert(&s, k, ca, ca_key), *nw;

	s.not_after = PKI_NOW + 90 * PKI_DAY;
	nw = pki_cert(&s, k, ca, ca_key);
	run_start(&r);
	pki_add(&r.inv, nw, "new.pem", ROLE_AUTO);
	pki_add(&r.inv, old, "old.pem", ROLE_PREVIOUS);
	ck_assert_uint_eq(r.inv.nobjs, 2);
	run_checks(&r);
	expect(&r, "renewal-same-cert", SEV_FAIL, "serial 1092");
	ck_assert_uint_eq(count(&r, "renewal-"), 1);
	run_end(&r);
	X509_free(old);
	X509_free(nw);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_not_later)
{
	struct run r;
	EVP_PKEY *k1 = pki_key(), *k2 = pki_key();
	X509 *old = leaf(k1, NULL, PKI_NOW + 200 * PKI_DAY, NULL, NULL);
	X509 *nw = leaf(k2, NULL, PKI_NOW + 100 * PKI_DAY, NULL, NULL);
	char want[64], date[32];

	run_start(&r);
	pki_add(&r.inv, nw, "new.pem", ROLE_AUTO);
	pki_add(&r.inv, old, "old.pem", ROLE_PREVIOUS);
	run_checks(&r);
	snprintf(want, sizeof(want), "expires %s, not after",
	    format_time(PKI_NOW + 100 * PKI_DAY, date, sizeof(date)));
	expect(&r, "renewal-not-later", SEV_WARN, want);
	ck_assert_int_eq(findings_worst(&r.fs), SEV_WARN);
	run_end(&r);
	X509_free(old);
	X509_free(nw);
	EVP_PKEY_free(k1);
	EVP_PKEY_free(k2);
}
END_TEST

START_TEST(test_key_reused)
{
	struct run r;
	EVP_PKEY *k = pki_key();
	X509 *old = leaf(k, NULL, PKI_NOW + 10 * PKI_DAY, NULL, NULL);
	X509 *nw = leaf(k, NULL, PKI_NOW + 90 * PKI_DAY, NULL, NULL);

	run_start(&r);
	pki_add(&r.inv, nw, "new.pem", ROLE_AUTO);
	pki_add(&r.inv, old, "old.pem", ROLE_PREVIOUS);
	run_checks(&r);
	expect(&r, "renewal-key-reused", SEV_INFO, "EC P-256");
	absent(&r, "renewal-key-changed");
	absent(&r, "renewal-key-type-changed");
	run_end(&r);
	X509_free(old);
	X509_free(nw);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_weak_key_reused)
{
	struct run r;
	EVP_PKEY *k = pki_rsa(1024);
	X509 *old = leaf(k, NULL, PKI_NOW + 10 * PKI_DAY, NULL, NULL);
	X509 *nw = leaf(k, NULL, PKI_NOW + 90 * PKI_DAY, NULL, NULL);

	run_start(&r);
	pki_add(&r.inv, nw, "new.pem", ROLE_AUTO);
	pki_add(&r.inv, old, "old.pem", ROLE_PREVIOUS);
	run_checks(&r);
	expect(&r, "renewal-key-reused", SEV_WARN, "weak RSA 1024");
	ck_assert_ptr_nonnull(only(&r, "renewal-key-reused")->hint);
	run_end(&r);
	X509_free(old);
	X509_free(nw);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_key_type_changed)
{
	struct run r;
	EVP_PKEY *k1 = pki_rsa(2048), *k2 = pki_key();
	X509 *old = leaf(k1, NULL, PKI_NOW + 10 * PKI_DAY, NULL, NULL);
	X509 *nw = leaf(k2, NULL, PKI_NOW + 90 * PKI_DAY, NULL, NULL);

	run_start(&r);
	pki_add(&r.inv, nw, "new.pem", ROLE_AUTO);
	pki_add(&r.inv, old, "old.pem", ROLE_PREVIOUS);
	run_checks(&r);
	expect(&r, "renewal-key-changed", SEV_INFO, "deploy its new private "
	    "key");
	expect(&r, "renewal-key-type-changed", SEV_INFO,
	    "from RSA 2048 to EC P-256");
	run_end(&r);
	X509_free(old);
	X509_free(nw);
	EVP_PKEY_free(k1);
	EVP_PKEY_free(k2);
}
END_TEST

START_TEST(test_issuer_changed)
{
	struct run r;
	EVP_PKEY *k1 = pki_key(), *k2 = pki_key();
	X509 *old = leaf(k1, NULL, PKI_NOW + 10 * PKI_DAY, NULL, NULL);
	X509 *nw = leaf(k2, NULL, PKI_NOW + 90 * PKI_DAY, ca2, ca2_key);

	run_start(&r);
	pki_add(&r.inv, nw, "new.pem", ROLE_AUTO);
	pki_add(&r.inv, old, "old.pem", ROLE_PREVIOUS);
	run_checks(&r);
	expect(&r, "renewal-issuer-changed", SEV_INFO,
	    "issued by CN=Other CA, the previous certificate by CN=Test CA: "
	    "the chain must change too");
	ck_assert_ptr_nonnull(strstr(only(&r, "renewal-issuer-changed")->hint,
	    "--chain"));
	run_end(&r);
	X509_free(old);
	X509_free(nw);
	EVP_PKEY_free(k1);
	EVP_PKEY_free(k2);
}
END_TEST

/* Same issuer name, another issuing key (a re-keyed intermediate). */
START_TEST(test_issuer_rekeyed)
{
	struct run r;
	EVP_PKEY *k1 = pki_key(), *k2 = pki_key(), *cak = pki_key();
	struct pki_spec s = { .cn = "Test CA", .ca = true };
	X509 *rekeyed = pki_cert(&s, cak, NULL, NULL);
	X509 *old = leaf(k1, NULL, PKI_NOW + 10 * PKI_DAY, NULL, NULL);
	X509 *nw = leaf(k2, NULL, PKI_NOW + 90 * PKI_DAY, rekeyed, cak);

	run_start(&r);
	pki_add(&r.inv, nw, "new.pem", ROLE_AUTO);
	pki_add(&r.inv, old, "old.pem", ROLE_PREVIOUS);
	run_checks(&r);
	expect(&r, "renewal-issuer-changed", SEV_INFO, "(another key)");
	run_end(&r);
	X509_free(rekeyed);
	X509_free(old);
	X509_free(nw);
	EVP_PKEY_free(k1);
	EVP_PKEY_free(k2);
	EVP_PKEY_free(cak);
}
END_TEST

/* --previous old.p12: its key and CA certificates are the old
 * deployment's, never the leaf, key or chain of the new one. */
START_TEST(test_previous_bundle)
{
	struct run r;
	EVP_PKEY *k1 = pki_key(), *k2 = pki_key();
	X509 *old = leaf(k1, NULL, PKI_NOW + 10 * PKI_DAY, NULL, NULL);
	X509 *nw = leaf(k2, NULL, PKI_NOW + 90 * PKI_DAY, NULL, NULL);
	struct object *po, *pca, *pk;

	run_start(&r);
	pki_add(&r.inv, nw, "new.pem", ROLE_AUTO);
	pca = pki_add(&r.inv, ca, "old.p12", ROLE_PREVIOUS);
	po = pki_add(&r.inv, old, "old.p12", ROLE_PREVIOUS);
	pk = add_key(&r.inv, k1, "old.p12", ROLE_PREVIOUS);
	run_checks(&r);
	ck_assert_ptr_eq(r.inv.leaf->x509, nw);
	ck_assert_ptr_null(r.inv.key);
	ck_assert_int_eq(po->role, ROLE_PREVIOUS);
	ck_assert_int_eq(pca->role, ROLE_PREVIOUS);
	ck_assert_int_eq(pk->role, ROLE_PREVIOUS);
	/* Compared with the old leaf only, not its CA. */
	expect(&r, "renewal-names-dropped", SEV_PASS, NULL);
	expect(&r, "renewal-not-later", SEV_PASS, NULL);
	expect(&r, "renewal-key-changed", SEV_INFO, "deploy its new");
	run_end(&r);
	X509_free(old);
	X509_free(nw);
	EVP_PKEY_free(k1);
	EVP_PKEY_free(k2);
}
END_TEST

/* A previous certificate alone is not taken for the leaf. */
START_TEST(test_previous_not_leaf)
{
	struct run r;
	EVP_PKEY *k1 = pki_key();
	X509 *old = leaf(k1, NULL, 0, NULL, NULL);

	run_start(&r);
	pki_add(&r.inv, old, "old.pem", ROLE_PREVIOUS);
	add_key(&r.inv, k1, "key.pem", ROLE_AUTO);
	pki_add(&r.inv, ca, "ca.pem", ROLE_AUTO);
	run_checks(&r);
	ck_assert_ptr_eq(r.inv.leaf->x509, ca);
	ck_assert_int_eq(r.inv.objs[0]->role, ROLE_PREVIOUS);
	run_end(&r);
	X509_free(old);
	EVP_PKEY_free(k1);
}
END_TEST

START_TEST(test_no_previous)
{
	struct run r;
	EVP_PKEY *k = pki_key();
	X509 *x = leaf(k, NULL, 0, NULL, NULL);

	run_start(&r);
	pki_add(&r.inv, x, "cert.pem", ROLE_AUTO);
	run_checks(&r);
	ck_assert_uint_eq(r.fs.n, 0);
	run_end(&r);
	X509_free(x);
	EVP_PKEY_free(k);
}
END_TEST

/* ---- CSR ---- */

static X509_REQ *
request(EVP_PKEY *k, const char *san, EVP_PKEY *sign_with)
{
	X509_REQ *req = X509_REQ_new();
	STACK_OF(X509_EXTENSION) *exts = sk_X509_EXTENSION_new_null();
	X509_EXTENSION *e;

	X509_REQ_set_version(req, 0);
	X509_NAME_add_entry_by_txt(X509_REQ_get_subject_name(req), "CN",
	    MBSTRING_ASC, (const unsigned char *)"www.example.test", -1, -1,
	    0);
	X509_REQ_set_pubkey(req, k);
	if (san != NULL) {
		e = X509V3_EXT_conf_nid(NULL, NULL, NID_subject_alt_name, san);
		ck_assert_ptr_nonnull(e);
		sk_X509_EXTENSION_push(exts, e);
		X509_REQ_add_extensions(req, exts);
	}
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	ck_assert_int_gt(X509_REQ_sign(req, sign_with != NULL ? sign_with : k,
	    EVP_sha256()), 0);
	return req;
}

static struct object *
add_req(struct inventory *inv, X509_REQ *req, const char *path,
    enum role role)
{
	struct source *src = inventory_add_source(inv, path, role);

	return inventory_add(inv, OBJ_CSR, req, src, 0, "PEM", false);
}

static const struct {
	const char *name;
	bool req_other_key;	/* the request holds another key */
	bool key_other;		/* the private key given is another */
	bool bad_signature;
	const char *req_san, *cert_san;
	const char *invalid;	/* expected severity words, "" = none */
	const char *mismatch;
	const char *names;
	const char *has;	/* in some csr finding's message */
} csr_cases[] = {
	{ "match", false, false, false,
	    "DNS:www.example.test,DNS:example.test",
	    "DNS:www.example.test,DNS:example.test",
	    "pass", "pass", "pass", "certificate's and the private key's" },
	{ "request for another key", true, false, false, NULL, NULL,
	    "pass", "fail fail", "pass", "was not issued for this request: "
	    "its public key is another EC P-256 key than the request's" },
	{ "key of another request", false, true, false, NULL, NULL,
	    "pass", "fail", "pass", "not made with the private key in k.pem" },
	{ "signature does not verify", false, false, true, NULL, NULL,
	    "fail", "", "", "does not verify" },
	{ "name left out", false, false, false,
	    "DNS:www.example.test,DNS:example.test,DNS:old.example.test",
	    "DNS:www.example.test,DNS:example.test",
	    "pass", "pass", "warn", "lacks old.example.test, which the request asked for" },
	{ "name added by the CA", false, false, false,
	    "DNS:www.example.test", "DNS:www.example.test,DNS:example.test",
	    "pass", "pass", "info", "not requested: example.test" },
	{ "CN only request", false, false, false, NULL,
	    "DNS:www.example.test", "pass", "pass", "pass", NULL },
	{ "IP names", false, false, false, "IP:192.0.2.7",
	    "IP:192.0.2.7,DNS:www.example.test", "pass", "pass", "info",
	    "www.example.test" },
};

static void
expect_sevs(const struct run *r, const char *id, const char *want,
    const char *what)
{
	char got[64] = "";

	for (size_t i = 0; i < r->fs.n; i++)
		if (strcmp(r->fs.v[i].id, id) == 0) {
			if (got[0] != '\0')
				strcat(got, " ");
			strcat(got, severity_name(r->fs.v[i].sev));
		}
	ck_assert_msg(strcmp(got, want) == 0, "%s: %s: '%s', want '%s'",
	    what, id, got, want);
}

START_TEST(test_csr)
{
	struct run r;
	EVP_PKEY *k = pki_key(), *other = pki_key();
	X509_REQ *req = request(csr_cases[_i].req_other_key ? other : k,
	    csr_cases[_i].req_san, csr_cases[_i].bad_signature ? other : NULL);
	X509 *x = leaf(k, csr_cases[_i].cert_san, 0, NULL, NULL);
	bool found = csr_cases[_i].has == NULL;

	run_start(&r);
	pki_add(&r.inv, x, "cert.pem", ROLE_AUTO);
	add_key(&r.inv, csr_cases[_i].key_other ? other : k, "k.pem",
	    ROLE_KEY);
	add_req(&r.inv, req, "req.csr", ROLE_CSR);
	run_checks(&r);
	expect_sevs(&r, "csr-invalid", csr_cases[_i].invalid,
	    csr_cases[_i].name);
	expect_sevs(&r, "csr-mismatch", csr_cases[_i].mismatch,
	    csr_cases[_i].name);
	expect_sevs(&r, "csr-names-differ", csr_cases[_i].names,
	    csr_cases[_i].name);
	for (size_t i = 0; !found && i < r.fs.n; i++)
		found = strstr(r.fs.v[i].message, csr_cases[_i].has) != NULL;
	ck_assert_msg(found, "%s: no message with '%s'", csr_cases[_i].name,
	    csr_cases[_i].has);
	for (size_t i = 0; i < r.fs.n; i++) {
		ck_assert_str_eq(r.fs.v[i].file, "req.csr");
		ck_assert(r.fs.v[i].sev < SEV_WARN || r.fs.v[i].hint != NULL);
	}
	run_end(&r);
	X509_free(x);
	EVP_PKEY_free(k);
	EVP_PKEY_free(other);
}
END_TEST

START_TEST(test_csr_positional_and_previous)
{
	struct run r;
	EVP_PKEY *k = pki_key(), *other = pki_key();
	X509 *x = leaf(k, NULL, 0, NULL, NULL);

	run_start(&r);
	pki_add(&r.inv, x, "cert.pem", ROLE_AUTO);
	/* Sorted by content from a positional file: checked. */
	add_req(&r.inv, request(k, NULL, NULL), "req.csr", ROLE_AUTO);
	/* Part of what --previous brought: not this certificate's. */
	add_req(&r.inv, request(other, NULL, NULL), "old.csr", ROLE_PREVIOUS);
	run_checks(&r);
	expect_sevs(&r, "csr-mismatch", "pass", "positional");
	ck_assert_int_eq(r.inv.objs[1]->role, ROLE_CSR);
	run_end(&r);
	X509_free(x);
	EVP_PKEY_free(k);
	EVP_PKEY_free(other);
}
END_TEST

START_TEST(test_req_names)
{
	EVP_PKEY *k = pki_key();
	X509_REQ *req = request(k, "DNS:a.test,IP:2001:db8::1,email:x@y.test",
	    NULL);
	char **n = req_names(req);

	ck_assert_str_eq(n[0], "a.test");
	ck_assert_str_eq(n[1], "2001:db8::1");
	ck_assert_ptr_null(n[2]);
	names_free(n);
	X509_REQ_free(req);
	req = request(k, NULL, NULL);
	n = req_names(req);
	ck_assert_str_eq(n[0], "www.example.test");
	ck_assert_ptr_null(n[1]);
	names_free(n);
	X509_REQ_free(req);
	EVP_PKEY_free(k);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("renewal");
	TCase *tc = tcase_create("renewal");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_good_renewal);
	tcase_add_loop_test(tc, test_names, 0,
	    (int)(sizeof(name_cases) / sizeof(name_cases[0])));
	tcase_add_test(tc, test_same_cert_same_file);
	tcase_add_test(tc, test_same_cert_serial);
	tcase_add_test(tc, test_not_later);
	tcase_add_test(tc, test_key_reused);
	tcase_add_test(tc, test_weak_key_reused);
	tcase_add_test(tc, test_key_type_changed);
	tcase_add_test(tc, test_issuer_changed);
	tcase_add_test(tc, test_issuer_rekeyed);
	tcase_add_test(tc, test_previous_bundle);
	tcase_add_test(tc, test_previous_not_leaf);
	tcase_add_test(tc, test_no_previous);
	tcase_add_loop_test(tc, test_csr, 0,
	    (int)(sizeof(csr_cases) / sizeof(csr_cases[0])));
	tcase_add_test(tc, test_csr_positional_and_previous);
	tcase_add_test(tc, test_req_names);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
