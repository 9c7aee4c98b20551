/* Unit tests of path building and the chain checks, on PKIs made here. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>

#include "chain.h"
#include "checks.h"
#include "finding.h"
#include "inventory.h"
#include "pki.h"

extern const struct check check_chain;

/* root -> int -> leaf, the usual three. */
static EVP_PKEY *root_key, *int_key, *leaf_key;
static X509 *root, *inter, *leaf;

static void
setup(void)
{
	root_key = pki_key();
	int_key = pki_key();
	leaf_key = pki_key();
	root = pki_cert(&(struct pki_spec){ .cn = "Test Root", .ca = true },
	    root_key, NULL, NULL);
	inter = pki_cert(&(struct pki_spec){ .cn = "Test Intermediate",
	    .ca = true, .aia = "caIssuers;URI:http://ca.example/root.der" },
	    int_key, root, root_key);
	leaf = pki_cert(&(struct pki_spec){ .cn = "www.example.com",
	    .aia = "caIssuers;URI:http://ca.example/int.der" },
	    leaf_key, inter, int_key);
}

static void
teardown(void)
{
	X509_free(leaf);
	X509_free(inter);
	X509_free(root);
	EVP_PKEY_free(leaf_key);
	EVP_PKEY_free(int_key);
	EVP_PKEY_free(root_key);
}

/* One run: inventory + ctx + findings, hermetic (no system store). */
struct run {
	struct inventory inv;
	struct check_ctx ctx;
	struct findings fs;
};

static void
run_init(struct run *r)
{
	inventory_init(&r->inv);
	check_ctx_init(&r->ctx);
	findings_init(&r->fs);
	r->ctx.now = PKI_NOW;
	r->ctx.use_system_ca = false;
}

static void
run_check(struct run *r, const struct check *c)
{
	inventory_sort(&r->inv);
	c->run(&r->inv, &r->ctx, &r->fs);
}

static void
run_free(struct run *r)
{
	findings_free(&r->fs);
	check_ctx_free(&r->ctx);
	inventory_free(&r->inv);
}

static const struct finding *
find(const struct run *r, const char *id)
{
	for (size_t i = 0; i < r->fs.n; i++)
		if (strcmp(r->fs.v[i].id, id) == 0)
			return &r->fs.v[i];
	return NULL;
}

static const struct finding *
expect(const struct run *r, const char *id, enum severity sev,
    const char *msg_has)
{
	const struct finding *f = find(r, id);

	ck_assert_msg(f != NULL, "no %s finding", id);
	ck_assert_msg(f->sev == sev, "%s: severity %d, want %d (%s)", id,
	    f->sev, sev, f->message);
	if (msg_has != NULL)
		ck_assert_msg(strstr(f->message, msg_has) != NULL,
		    "%s: '%s' lacks '%s'", id, f->message, msg_has);
	return f;
}

START_TEST(test_trusted_path)
{
	struct run r;
	const struct chain_result *cr;

	run_init(&r);
	pki_add(&r.inv, leaf, "fullchain.pem", ROLE_AUTO);
	pki_add(&r.inv, inter, "fullchain.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_check(&r, &check_chain);
	expect(&r, "chain-untrusted", SEV_PASS,
	    "chain verifies to trusted root CN=Test Root");
	cr = check_ctx_chain(&r.ctx, &r.inv);
	ck_assert_ptr_nonnull(cr);
	ck_assert(cr->path.trusted);
	ck_assert_uint_eq(cr->path.n, 3);
	ck_assert_int_eq(cr->path.end, END_ANCHOR);
	ck_assert_int_eq(cr->path.links[0].origin, LINK_SERVED);
	ck_assert_int_eq(cr->path.links[1].origin, LINK_SERVED);
	ck_assert_int_eq(cr->path.links[2].origin, LINK_ANCHOR);
	ck_assert_uint_eq(cr->nalts, 0);
	run_free(&r);
}
END_TEST

START_TEST(test_missing_intermediate)
{
	struct run r;
	const struct finding *f;

	run_init(&r);
	pki_add(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_check(&r, &check_chain);
	f = expect(&r, "chain-untrusted", SEV_FAIL,
	    "the issuer of CN=www.example.com is neither among the files");
	ck_assert_ptr_nonnull(strstr(f->message,
	    "unable to get local issuer certificate"));
	ck_assert_ptr_nonnull(f->hint);
	ck_assert_ptr_nonnull(strstr(f->hint, "cat cert.pem intermediate.pem"));
	ck_assert_ptr_nonnull(strstr(f->hint, "http://ca.example/int.der"));
	run_free(&r);
}
END_TEST

START_TEST(test_untrusted_root)
{
	struct run r;
	const struct chain_result *cr;

	run_init(&r);
	pki_add(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, inter, "chain.pem", ROLE_CHAIN);
	pki_add(&r.inv, root, "chain.pem", ROLE_CHAIN);
	run_check(&r, &check_chain);
	expect(&r, "chain-untrusted", SEV_FAIL,
	    "the chain ends at root CN=Test Root, which is not a trust anchor");
	cr = check_ctx_chain(&r.ctx, &r.inv);
	ck_assert_int_eq(cr->path.end, END_UNTRUSTED_ROOT);
	ck_assert_uint_eq(cr->path.n, 3);
	run_free(&r);
}
END_TEST

START_TEST(test_pinned_intermediate)
{
	struct run r;

	run_init(&r);
	pki_add(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, inter, "int.pem", ROLE_CA);
	run_check(&r, &check_chain);
	expect(&r, "chain-untrusted", SEV_PASS,
	    "trusted anchor CN=Test Intermediate (--ca int.pem)");
	run_free(&r);
}
END_TEST

START_TEST(test_self_signed_leaf)
{
	struct run r;
	EVP_PKEY *k = pki_key();
	X509 *self = pki_cert(&(struct pki_spec){ .cn = "self.example" }, k,
	    NULL, NULL);

	run_init(&r);
	pki_add(&r.inv, self, "self.pem", ROLE_AUTO);
	run_check(&r, &check_chain);
	expect(&r, "chain-untrusted", SEV_FAIL,
	    "CN=self.example is self-signed and is not a trust anchor");
	run_free(&r);
	X509_free(self);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_leaf_trusted_itself)
{
	struct run r;
	EVP_PKEY *k = pki_key();
	X509 *self = pki_cert(&(struct pki_spec){ .cn = "self.example" }, k,
	    NULL, NULL);

	run_init(&r);
	/* Checked while also given as a trust anchor (--cert x --ca x). */
	r.inv.leaf = pki_add(&r.inv, self, "self.pem", ROLE_CA);
	check_chain.run(&r.inv, &r.ctx, &r.fs);
	expect(&r, "chain-untrusted", SEV_PASS, "itself a trust anchor");
	run_free(&r);
	X509_free(self);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_expired_leaf_is_not_a_trust_problem)
{
	/* Leaf expiry is reported by the validity check; the trust verdict
	 * speaks only of the path. */
	struct run r;
	X509 *old = pki_cert(&(struct pki_spec){ .cn = "old.example",
	    .not_before = PKI_NOW - 400 * PKI_DAY,
	    .not_after = PKI_NOW - 10 * PKI_DAY }, leaf_key, inter, int_key);

	run_init(&r);
	pki_add(&r.inv, old, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, inter, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_check(&r, &check_chain);
	expect(&r, "chain-untrusted", SEV_PASS, NULL);
	run_free(&r);
	X509_free(old);
}
END_TEST

START_TEST(test_system_store_lookup)
{
	/* With the system store on, an unknown private root stays
	 * untrusted, and the lookup neither fails nor leaks. */
	struct run r;

	run_init(&r);
	r.ctx.use_system_ca = true;
	pki_add(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, inter, "cert.pem", ROLE_AUTO);
	run_check(&r, &check_chain);
	expect(&r, "chain-untrusted", SEV_FAIL, NULL);
	run_free(&r);
}
END_TEST

START_TEST(test_no_leaf)
{
	struct run r;

	run_init(&r);
	run_check(&r, &check_chain);
	ck_assert_uint_eq(r.fs.n, 0);
	run_free(&r);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("chain");
	TCase *tc = tcase_create("trust");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_trusted_path);
	tcase_add_test(tc, test_missing_intermediate);
	tcase_add_test(tc, test_untrusted_root);
	tcase_add_test(tc, test_pinned_intermediate);
	tcase_add_test(tc, test_self_signed_leaf);
	tcase_add_test(tc, test_leaf_trusted_itself);
	tcase_add_test(tc, test_expired_leaf_is_not_a_trust_problem);
	tcase_add_test(tc, test_system_store_lookup);
	tcase_add_test(tc, test_no_leaf);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
