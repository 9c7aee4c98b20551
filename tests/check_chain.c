/* Unit tests of path building and the chain checks, on PKIs made here:
 * tests of one arrangement each, then chain scenarios driven by a table
 * (the usual three certificates, any of them replaced, every chain check,
 * what must and must not be found). */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>

#include "chain/chain.h"
#include "chain/trust_store.h"
#include "check/checks.h"
#include "finding.h"
#include "inventory.h"
#include "live/tls_defaults.h"
#include "pki.h"

extern const struct check check_chain, check_chain_issuers,
    check_chain_served, check_chain_path, check_chain_seclevel,
    check_revoked, check_chain_conformance, check_chain_nc,
    check_chain_cabf;

static const struct check *const chain_checks[] = {
	&check_chain, &check_chain_issuers, &check_chain_path,
	&check_chain_served, &check_chain_nc, &check_chain_conformance,
	&check_chain_cabf, &check_revoked, &check_chain_seclevel, NULL
};

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
	/* What the command builds before the checks, as it builds it. */
	bool use_system_ca;
	int verify_depth;
	X509_STORE *store;	/* given: used instead of --ca anchors */
	struct trust_store trust;
	struct chain_result chain;
};

static void
run_init(struct run *r)
{
	memset(r, 0, sizeof(*r));
	inventory_init(&r->inv);
	check_ctx_init(&r->ctx);
	findings_init(&r->fs);
	r->ctx.now = PKI_NOW;
	r->verify_depth = -1;
}

/* The trust store and the path, once, before the first check runs. */
static void
prepare(struct run *r)
{
	struct trust_paths sys;
	struct chain_opts o = { .now = r->ctx.now, .purpose = r->ctx.purpose,
	    .auth_level = -1, .have_depth = r->verify_depth >= 0,
	    .depth = r->verify_depth };

	if (r->ctx.chain != NULL)
		return;
	trust_paths_from_env(&sys);
	ck_assert_int_eq(trust_store_init(&r->trust, &r->inv,
	    r->use_system_ca ? &sys : NULL), 0);
	if (r->store != NULL) {
		X509_STORE_free(r->trust.store);
		r->trust.store = r->store;
		r->store = NULL;
	}
	ck_assert_int_eq(trust_store_chain(&r->trust, &r->inv, &o,
	    &r->chain), 0);
	r->ctx.chain = &r->chain;
}

static void
run_check(struct run *r, const struct check *c)
{
	inventory_sort(&r->inv);
	prepare(r);
	c->run(&r->inv, &r->ctx, &r->fs);
}

/* Every chain check, at a pinned default security level. */
static void
run_all(struct run *r)
{
	inventory_sort(&r->inv);
	prepare(r);
	r->ctx.seclevel = 2;
	for (size_t i = 0; chain_checks[i] != NULL; i++)
		chain_checks[i]->run(&r->inv, &r->ctx, &r->fs);
}

static void
run_free(struct run *r)
{
	findings_free(&r->fs);
	chain_result_free(&r->chain);
	trust_store_free(&r->trust);
	X509_STORE_free(r->store);
	inventory_free(&r->inv);
}

START_TEST(test_trusted_path)
{
	struct run r;
	const struct chain_result *cr;

	run_init(&r);
	tl_add_cert(&r.inv, leaf, "fullchain.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, inter, "fullchain.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, root, "root.pem", ROLE_CA);
	run_check(&r, &check_chain);
	tl_expect(&r.fs, "chain-untrusted", SEV_PASS,
	    "chain verifies to trusted root CN=Test Root");
	cr = r.ctx.chain;
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
	tl_add_cert(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	/* chain-incomplete tells it, with its fix: told once. */
	ck_assert_uint_eq(tl_count(&r.fs, "chain-untrusted", SEV_FAIL), 0);
	f = tl_expect(&r.fs, "chain-incomplete", SEV_FAIL,
	    "CN=www.example.com was issued by CN=Test Intermediate");
	ck_assert_ptr_nonnull(f->hint);
	run_free(&r);
}
END_TEST

START_TEST(test_untrusted_root)
{
	struct run r;
	const struct chain_result *cr;

	run_init(&r);
	tl_add_cert(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, inter, "chain.pem", ROLE_CHAIN);
	tl_add_cert(&r.inv, root, "chain.pem", ROLE_CHAIN);
	run_check(&r, &check_chain);
	tl_expect(&r.fs, "chain-untrusted", SEV_FAIL,
	    "the chain ends at root CN=Test Root, which is not a trust anchor");
	cr = r.ctx.chain;
	ck_assert_int_eq(cr->path.end, END_UNTRUSTED_ROOT);
	ck_assert_uint_eq(cr->path.n, 3);
	run_free(&r);
}
END_TEST

START_TEST(test_pinned_intermediate)
{
	struct run r;

	run_init(&r);
	tl_add_cert(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, inter, "int.pem", ROLE_CA);
	run_check(&r, &check_chain);
	tl_expect(&r.fs, "chain-untrusted", SEV_PASS,
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
	tl_add_cert(&r.inv, self, "self.pem", ROLE_AUTO);
	run_check(&r, &check_chain);
	tl_expect(&r.fs, "chain-untrusted", SEV_FAIL,
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
	r.inv.leaf = tl_add_cert(&r.inv, self, "self.pem", ROLE_CA);
	prepare(&r);
	check_chain.run(&r.inv, &r.ctx, &r.fs);
	tl_expect(&r.fs, "chain-untrusted", SEV_PASS, "itself a trust anchor");
	run_free(&r);
	X509_free(self);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_system_store_lookup)
{
	/* With the system store on, an unknown private root stays
	 * untrusted, and the lookup neither fails nor leaks. */
	struct run r;

	run_init(&r);
	r.use_system_ca = true;
	tl_add_cert(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, inter, "cert.pem", ROLE_AUTO);
	run_all(&r);
	tl_expect(&r.fs, "chain-incomplete", SEV_FAIL, NULL);
	ck_assert_uint_eq(tl_count(&r.fs, "chain-untrusted", SEV_FAIL), 0);
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

START_TEST(test_clean_chain_has_no_problems)
{
	struct run r;

	run_init(&r);
	tl_add_cert(&r.inv, leaf, "fullchain.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, inter, "fullchain.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	ck_assert_int_eq(findings_worst(&r.fs), SEV_INFO);
	tl_expect(&r.fs, "chain-incomplete", SEV_PASS, "3 certificates");
	/* EC P-256 everywhere: 128-bit, so level 3 passes, 4 does not. */
	tl_expect(&r.fs, "security-level", SEV_INFO, "passes OpenSSL security "
	    "levels 0 to 3; this machine's default is 2");
	run_free(&r);
}
END_TEST

START_TEST(test_incomplete_names_missing_issuer)
{
	struct run r;
	const struct finding *f;

	run_init(&r);
	tl_add_cert(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	f = tl_expect(&r.fs, "chain-incomplete", SEV_FAIL,
	    "CN=www.example.com was issued by CN=Test Intermediate (key id ");
	ck_assert_ptr_nonnull(strstr(f->message, "http://ca.example/int.der"));
	ck_assert_str_eq(f->file, "cert.pem");
	{
		char *line = finding_fix_line(f);
		ck_assert_ptr_nonnull(strstr(line, "cat cert.pem intermediate.pem"));
		free(line);
	}
	run_free(&r);
}
END_TEST

START_TEST(test_incomplete_issuer_only_in_local_store)
{
	struct run r;
	X509_STORE *st = X509_STORE_new();

	/* The intermediate is in this machine's store, not served. */
	X509_STORE_add_cert(st, root);
	X509_STORE_add_cert(st, inter);
	run_init(&r);
	r.store = st;
	tl_add_cert(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	run_all(&r);
	tl_expect(&r.fs, "chain-untrusted", SEV_PASS, NULL);
	tl_expect(&r.fs, "chain-incomplete", SEV_FAIL, "found in this machine's "
	    "trust store, so the chain verifies here but fails for clients "
	    "that lack it");
	run_free(&r);
}
END_TEST

START_TEST(test_order_and_root)
{
	struct run r;

	run_init(&r);
	tl_add_cert(&r.inv, leaf, "fullchain.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, root, "fullchain.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, inter, "fullchain.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	tl_expect(&r.fs, "chain-order", SEV_WARN, "the leaf, then CN=Test Root, "
	    "then CN=Test Intermediate");
	tl_expect(&r.fs, "chain-includes-root", SEV_INFO, "CN=Test Root");
	tl_expect(&r.fs, "chain-untrusted", SEV_PASS, NULL);
	tl_expect_clean(&r.fs, "chain-extra");
	run_free(&r);
}
END_TEST

START_TEST(test_leaf_not_first)
{
	struct run r;

	run_init(&r);
	tl_add_cert(&r.inv, inter, "fullchain.pem", ROLE_CHAIN);
	r.inv.leaf = NULL;
	tl_add_cert(&r.inv, leaf, "fullchain.pem", ROLE_CHAIN);
	tl_add_cert(&r.inv, root, "root.pem", ROLE_CA);
	inventory_sort(&r.inv);
	/* As with --cert naming the second certificate of the file. */
	r.inv.leaf = r.inv.objs[1];
	prepare(&r);
	r.ctx.seclevel = 2;
	for (size_t i = 0; chain_checks[i] != NULL; i++)
		chain_checks[i]->run(&r.inv, &r.ctx, &r.fs);
	tl_expect(&r.fs, "chain-order", SEV_WARN, "CN=Test Intermediate, then the "
	    "leaf");
	run_free(&r);
}
END_TEST

START_TEST(test_separate_files_in_order)
{
	struct run r;

	run_init(&r);
	tl_add_cert(&r.inv, inter, "chain.pem", ROLE_CHAIN);
	tl_add_cert(&r.inv, leaf, "cert.pem", ROLE_CERT);
	tl_add_cert(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	tl_expect_clean(&r.fs, "chain-order");
	ck_assert_int_eq(findings_worst(&r.fs), SEV_INFO);
	run_free(&r);
}
END_TEST

START_TEST(test_extra_unrelated_and_duplicate)
{
	struct run r;
	EVP_PKEY *k = pki_key();
	X509 *other = pki_cert(&(struct pki_spec){ .cn = "Unrelated CA",
	    .ca = true }, k, NULL, NULL);
	const struct finding *f;

	run_init(&r);
	tl_add_cert(&r.inv, leaf, "fullchain.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, inter, "fullchain.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, other, "fullchain.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, inter, "fullchain.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	f = tl_expect(&r.fs, "chain-extra", SEV_WARN, "CN=Unrelated CA is served but "
	    "is not on the path");
	ck_assert_ptr_nonnull(strstr(f->message, "unrelated"));
	ck_assert_uint_eq(tl_count(&r.fs, "chain-extra", SEV_WARN), 2);
	tl_expect_clean(&r.fs, "chain-order");
	tl_expect(&r.fs, "chain-untrusted", SEV_PASS, NULL);
	run_free(&r);
	X509_free(other);
	EVP_PKEY_free(k);
}
END_TEST

/* Cross-signing: the root's key is also certified by an older root.
 * Served: leaf, intermediate, and the (expired) cross-sign. */
START_TEST(test_cross_sign_expired_is_a_warning)
{
	struct run r;
	EVP_PKEY *old_key = pki_key();
	X509 *old_root = pki_cert(&(struct pki_spec){ .cn = "Old Root",
	    .ca = true, .not_before = PKI_NOW - 5000 * PKI_DAY,
	    .not_after = PKI_NOW + 5000 * PKI_DAY }, old_key, NULL, NULL);
	X509 *cross = pki_cert(&(struct pki_spec){ .cn = "Test Root",
	    .ca = true, .not_before = PKI_NOW - 900 * PKI_DAY,
	    .not_after = PKI_NOW - 10 * PKI_DAY }, root_key, old_root, old_key);
	const struct chain_result *cr;

	run_init(&r);
	tl_add_cert(&r.inv, leaf, "fullchain.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, inter, "fullchain.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, cross, "fullchain.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, root, "roots.pem", ROLE_CA);
	tl_add_cert(&r.inv, old_root, "roots.pem", ROLE_CA);
	run_all(&r);
	/* The valid path wins; the expired cross-sign is not needed. */
	tl_expect(&r.fs, "chain-untrusted", SEV_PASS, "CN=Test Root");
	tl_expect(&r.fs, "chain-expired", SEV_WARN, "the chain does not need it");
	tl_expect_clean(&r.fs, "chain-extra");
	tl_expect(&r.fs, "chain-alternative", SEV_INFO, "another path, via CN=Test "
	    "Root issued by CN=Old Root, to CN=Old Root, does not verify "
	    "(certificate has expired)");
	cr = r.ctx.chain;
	ck_assert_uint_eq(cr->path.n, 3);
	ck_assert_uint_ge(cr->nalts, 1);
	ck_assert(!cr->alts[0].trusted);
	ck_assert(chain_path_has(&cr->alts[0], cross));
	ck_assert(cr->alts[0].links[2].problems & LP_EXPIRED);
	run_free(&r);
	X509_free(cross);
	X509_free(old_root);
	EVP_PKEY_free(old_key);
}
END_TEST

START_TEST(test_cross_sign_only_path)
{
	/* Only the old root is trusted: the path goes through the valid
	 * cross-sign. */
	struct run r;
	EVP_PKEY *old_key = pki_key();
	X509 *old_root = pki_cert(&(struct pki_spec){ .cn = "Old Root",
	    .ca = true }, old_key, NULL, NULL);
	X509 *cross = pki_cert(&(struct pki_spec){ .cn = "Test Root",
	    .ca = true }, root_key, old_root, old_key);
	const struct chain_result *cr;

	run_init(&r);
	tl_add_cert(&r.inv, leaf, "fullchain.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, inter, "fullchain.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, cross, "fullchain.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, old_root, "old.pem", ROLE_CA);
	run_all(&r);
	tl_expect(&r.fs, "chain-untrusted", SEV_PASS, "CN=Old Root");
	cr = r.ctx.chain;
	ck_assert_uint_eq(cr->path.n, 4);
	tl_expect_clean(&r.fs, "chain-extra");
	tl_expect_clean(&r.fs, "chain-order");
	run_free(&r);
	X509_free(cross);
	X509_free(old_root);
	EVP_PKEY_free(old_key);
}
END_TEST

START_TEST(test_sha1_intermediate)
{
	struct run r;
	X509 *sha1 = pki_cert(&(struct pki_spec){ .cn = "SHA1 Intermediate",
	    .ca = true, .md = EVP_sha1() }, int_key, root, root_key);
	X509 *l = pki_cert(&(struct pki_spec){ .cn = "www.example.com" },
	    leaf_key, sha1, int_key);
	const struct finding *f;

	run_init(&r);
	tl_add_cert(&r.inv, l, "cert.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, sha1, "cert.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	f = tl_expect(&r.fs, "security-level", SEV_FAIL, "default OpenSSL security "
	    "level 2");
	ck_assert_msg(strstr(f->message, "CN=SHA1 Intermediate is signed "
	    "with SHA1 ('CA signature digest algorithm too weak' at level 1 "
	    "and above)") != NULL, "%s", f->message);
	tl_expect(&r.fs, "chain-untrusted", SEV_PASS, NULL);
	/* At level 0 it would pass: the same chain with default 0. */
	findings_free(&r.fs);
	findings_init(&r.fs);
	r.ctx.seclevel = 0;
	check_chain_seclevel.run(&r.inv, &r.ctx, &r.fs);
	tl_expect(&r.fs, "security-level", SEV_INFO, "levels 0 to 0");
	run_free(&r);
	X509_free(l);
	X509_free(sha1);
}
END_TEST

START_TEST(test_default_level_from_config)
{
	struct run r;

	run_init(&r);
	tl_add_cert(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, inter, "cert.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, root, "root.pem", ROLE_CA);
	inventory_sort(&r.inv);
	prepare(&r);
	/* As the command reads it, from this machine's configuration. */
	r.ctx.seclevel = tls_default_seclevel();
	ck_assert_int_ge(r.ctx.seclevel, 0);
	ck_assert_int_le(r.ctx.seclevel, 5);
	check_chain_seclevel.run(&r.inv, &r.ctx, &r.fs);
	tl_expect(&r.fs, "security-level", SEV_INFO, NULL);
	run_free(&r);
}
END_TEST

START_TEST(test_valid_path_preferred_over_openssl_pick)
{
	/* OpenSSL takes the first issuer it is given (B via A, which
	 * excludes the name); B directly under the root verifies. */
	EVP_PKEY *kb = pki_key();
	X509 *a = pki_cert(&(struct pki_spec){ .cn = "CA A", .ca = true,
	    .nc = "critical,excluded;DNS:www.example.com" }, int_key, root,
	    root_key);
	X509 *b1 = pki_cert(&(struct pki_spec){ .cn = "CA B", .ca = true }, kb,
	    a, int_key);
	X509 *b2 = pki_cert(&(struct pki_spec){ .cn = "CA B", .ca = true }, kb,
	    root, root_key);
	X509 *l = pki_cert(&(struct pki_spec){ .cn = "www.example.com" },
	    leaf_key, b1, kb);
	const struct chain_result *cr;
	struct run r;

	run_init(&r);
	tl_add_cert(&r.inv, l, "cert.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, b1, "chain.pem", ROLE_CHAIN);
	tl_add_cert(&r.inv, a, "chain.pem", ROLE_CHAIN);
	tl_add_cert(&r.inv, b2, "chain.pem", ROLE_CHAIN);
	tl_add_cert(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	cr = r.ctx.chain;
	ck_assert(cr->path.trusted);
	ck_assert_uint_eq(cr->path.n, 3);
	ck_assert(chain_path_has(&cr->path, b2));
	ck_assert(cr->openssl_failed);
	tl_expect(&r.fs, "chain-untrusted", SEV_PASS, NULL);
	tl_expect(&r.fs, "chain-untrusted", SEV_PASS, "CN=Test Root");
	/* OpenSSL does not backtrack; served certificates led it astray:
	 * a warning. */
	ck_assert_uint_eq(tl_count(&r.fs, "chain-untrusted", SEV_WARN), 1);
	tl_expect(&r.fs, "chain-untrusted", SEV_WARN, "does not backtrack");
	tl_expect_clean(&r.fs, "chain-name-constraints");
	run_free(&r);
	X509_free(l);
	X509_free(b2);
	X509_free(b1);
	X509_free(a);
	EVP_PKEY_free(kb);
}
END_TEST

/* The level computed from key and digest strengths matches OpenSSL's
 * verification at each level, for chains of different strengths. */
static void
levels_match_openssl(X509 *l, X509 *i, X509 *anchor, int want)
{
	struct run r;
	const struct chain_result *cr;
	struct chain_level lv;
	struct chain_opts o = { .now = PKI_NOW, .auth_level = -1 };

	run_init(&r);
	tl_add_cert(&r.inv, l, "cert.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, i, "cert.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, anchor, "root.pem", ROLE_CA);
	inventory_sort(&r.inv);
	prepare(&r);
	cr = r.ctx.chain;
	ck_assert_int_eq(chain_security_level(&cr->path, &o, &lv), 0);
	ck_assert_int_eq(lv.level, want);
	for (int level = 0; level <= CHAIN_MAX_LEVEL; level++) {
		struct chain_path copy = { 0 };
		bool weak = false;
		copy.links = calloc(cr->path.n, sizeof(*copy.links));
		copy.n = cr->path.n;
		copy.end = cr->path.end;
		for (size_t k = 0; k < copy.n; k++)
			copy.links[k].x509 = cr->path.links[k].x509;
		o.auth_level = level;
		ck_assert_int_eq(chain_judge_path(&copy, &o), 0);
		for (size_t k = 0; k < copy.nerrors; k++)
			weak |= copy.errors[k].code == X509_V_ERR_CA_MD_TOO_WEAK ||
			    copy.errors[k].code == X509_V_ERR_CA_KEY_TOO_SMALL ||
			    copy.errors[k].code == X509_V_ERR_EE_KEY_TOO_SMALL;
		ck_assert_msg(weak == (level > want), "level %d: OpenSSL says "
		    "%s", level, weak ? "too weak" : "fine");
		free(copy.errors);
		free(copy.links);
	}
	run_free(&r);
}

START_TEST(test_security_levels_match_openssl)
{
	EVP_PKEY *rsa = pki_rsa(1024);
	X509 *sha1 = pki_cert(&(struct pki_spec){ .cn = "SHA1 CA", .ca = true,
	    .md = EVP_sha1() }, int_key, root, root_key);
	X509 *l1 = pki_cert(&(struct pki_spec){ .cn = "www.example.com" },
	    leaf_key, sha1, int_key);
	X509 *l2 = pki_cert(&(struct pki_spec){ .cn = "www.example.com" }, rsa,
	    inter, int_key);

	levels_match_openssl(leaf, inter, root, 3);	/* P-256: 128 bits */
	levels_match_openssl(l1, sha1, root, 0);	/* SHA-1 signature */
	levels_match_openssl(l2, inter, root, 1);	/* RSA 1024: 80 bits */
	X509_free(l2);
	X509_free(l1);
	X509_free(sha1);
	EVP_PKEY_free(rsa);
}
END_TEST

START_TEST(test_store_anchor_that_is_not_a_root)
{
	/* An intermediate alone in the store, without its root: an anchor
	 * on purpose, not a missing intermediate. */
	X509_STORE *st = X509_STORE_new();
	struct run r;

	X509_STORE_add_cert(st, inter);
	run_init(&r);
	r.store = st;
	tl_add_cert(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	run_all(&r);
	tl_expect(&r.fs, "chain-untrusted", SEV_PASS, NULL);
	tl_expect_clean(&r.fs, "chain-incomplete");
	run_free(&r);
}
END_TEST

START_TEST(test_verify_depth)
{
	/* nginx's ssl_verify_depth 0: no intermediate allowed. */
	struct run r;
	const struct chain_result *cr;

	run_init(&r);
	r.verify_depth = 0;
	tl_add_cert(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, inter, "cert.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	tl_expect(&r.fs, "chain-untrusted", SEV_FAIL, "longer than the verification "
	    "depth allows");
	tl_expect_clean(&r.fs, "chain-incomplete");
	cr = r.ctx.chain;
	ck_assert_int_eq(cr->path.end, END_TOO_LONG);
	run_free(&r);

	run_init(&r);
	r.verify_depth = 1;
	tl_add_cert(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, inter, "cert.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	tl_expect(&r.fs, "chain-untrusted", SEV_PASS, NULL);
	run_free(&r);
}
END_TEST
/* The anchor's own problems are waived (RFC 5280 6.1.1(d)); the same
 * problems below it still break the path. */
START_TEST(test_intermediate_path_length_still_fails)
{
	EVP_PKEY *kb = pki_key();
	X509 *a = pki_cert(&(struct pki_spec){ .cn = "CA A", .ca = true,
	    .has_pathlen = true, .pathlen = 0 }, int_key, root, root_key);
	X509 *b = pki_cert(&(struct pki_spec){ .cn = "CA B", .ca = true }, kb,
	    a, int_key);
	X509 *l = pki_cert(&(struct pki_spec){ .cn = "www.example.com" },
	    leaf_key, b, kb);
	struct run r;

	run_init(&r);
	tl_add_cert(&r.inv, l, "cert.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, b, "cert.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, a, "cert.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	ck_assert(!r.ctx.chain->path.trusted);
	ck_assert_int_eq(r.ctx.chain->path.waived, 0);
	tl_expect(&r.fs, "chain-path-length", SEV_FAIL, "the path below the "
	    "intermediate CN=CA A is longer");
	run_free(&r);
	X509_free(l);
	X509_free(b);
	X509_free(a);
	EVP_PKEY_free(kb);
}
END_TEST

/* Explicit distrust in the trust settings (a TRUSTED CERTIFICATE that
 * rejects serverAuth) is the store owner's choice, not a property of
 * the anchor: it still fails the path. */
START_TEST(test_distrusted_anchor_still_fails)
{
	X509_STORE *st = X509_STORE_new();
	X509 *rej = X509_dup(root);
	struct run r;

	X509_add1_reject_object(rej, OBJ_nid2obj(NID_server_auth));
	X509_STORE_add_cert(st, rej);
	run_init(&r);
	r.store = st;
	tl_add_cert(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, inter, "cert.pem", ROLE_AUTO);
	run_all(&r);
	ck_assert(!r.ctx.chain->path.trusted);
	tl_expect(&r.fs, "chain-untrusted", SEV_FAIL, NULL);
	run_free(&r);
	X509_free(rej);
}
END_TEST

/* OpenSSL takes the served intermediate issued by a root whose
 * pathLenConstraint it exceeds (waived: the root is the anchor); another
 * copy of the intermediate, under a root without problems, makes a path
 * that every client accepts: that one is the diagnosis, and the
 * OpenSSL-based clients that take the first are named. */
START_TEST(test_clean_path_preferred_over_waived_anchor)
{
	EVP_PKEY *k0 = pki_key();
	X509 *r0 = pki_cert(&(struct pki_spec){ .cn = "Root pathlen 0",
	    .ca = true, .has_pathlen = true, .pathlen = 0 }, k0, NULL, NULL);
	X509 *i0 = pki_cert(&(struct pki_spec){ .cn = "Test Intermediate",
	    .ca = true }, int_key, r0, k0);
	const struct chain_result *cr;
	struct run r;

	run_init(&r);
	tl_add_cert(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, i0, "cert.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, inter, "cert.pem", ROLE_AUTO);
	tl_add_cert(&r.inv, r0, "roots.pem", ROLE_CA);
	tl_add_cert(&r.inv, root, "roots.pem", ROLE_CA);
	run_all(&r);
	cr = r.ctx.chain;
	ck_assert(cr->path.trusted);
	ck_assert_int_eq(cr->path.waived, 0);
	ck_assert(chain_path_has(&cr->path, root));
	ck_assert(cr->openssl_failed);
	ck_assert_int_eq(cr->alts[cr->openssl_alt].waived,
	    X509_V_ERR_PATH_LENGTH_EXCEEDED);
	tl_expect(&r.fs, "chain-untrusted", SEV_PASS, "CN=Test Root");
	tl_expect(&r.fs, "chain-untrusted", SEV_WARN, "up to CN=Root pathlen "
	    "0 that fails (path length constraint exceeded)");
	tl_expect_clean(&r.fs, "chain-path-length");
	run_free(&r);
	X509_free(i0);
	X509_free(r0);
	EVP_PKEY_free(k0);
}
END_TEST

/* ---- chain scenarios --------------------------------------------- */

#define D	PKI_DAY
#define CLEAN	(-1)	/* want: no finding of that id worse than info */

struct want {
	const char *id;
	int sev;		/* a severity, or CLEAN */
	const char *msg;	/* in the message; NULL: any */
};

/* The leaf and the intermediate served in cert.pem, the anchor given as
 * root.pem (--ca) or placed in the machine's trust store. A spec with a
 * cn replaces the usual certificate (made with the usual key): a new
 * root issues the intermediate, a new intermediate issues a new leaf. */
struct scenario {
	const char *name;
	struct pki_spec root, inter, leaf;
	const char *leaf_key;	/* the leaf gets a fresh key of this type */
	bool bad_signature;	/* another key signs the leaf */
	enum role leaf_role;	/* 0: ROLE_AUTO */
	bool root_in_store;	/* no --ca: the root in the trust store */
	time_t at;		/* the instant, from PKI_NOW */
	struct {
		bool on, revokes_leaf, other_key;
		time_t from, to;	/* validity, from PKI_NOW */
	} crl;			/* a CRL from the intermediate, int.crl */
	bool below_warn;	/* no warning or failure at all */
	struct want want[3];
};

/* Intermediate certificates with one thing wrong, under the usual root. */
#define INT(...)	.inter = { .cn = "Test Intermediate", .ca = true, \
	__VA_ARGS__ }
#define LEAF(...)	.leaf = { .cn = "www.example.com", __VA_ARGS__ }
#define UNTRUSTED	{ "chain-untrusted", SEV_FAIL, NULL }
#define TRUSTED		{ "chain-untrusted", SEV_PASS, NULL }
#define CRL(...)	.crl = { .on = true, __VA_ARGS__ }

static const struct scenario scenarios[] = {
	/* Leaf expiry is reported by the validity check; the trust verdict
	 * speaks only of the path. */
	{ "expired leaf is not a trust problem", .leaf = { .cn =
	    "old.example", .not_before = PKI_NOW - 400 * D,
	    .not_after = PKI_NOW - 10 * D }, .want = { TRUSTED } },
	{ "expired intermediate", INT(.not_before = PKI_NOW - 800 * D,
	    .not_after = PKI_NOW - D), .want = {
	    { "chain-expired", SEV_FAIL, "the intermediate CN=Test "
	    "Intermediate has expired" },
	    { "chain-untrusted", CLEAN, NULL } } },
	/* RFC 5280: notAfter itself is inside the validity period. */
	{ "expiring this second is valid", INT(.not_after = PKI_NOW),
	    .want = { TRUSTED, { "chain-expired", CLEAN, NULL } } },
	{ "expired a second later", INT(.not_after = PKI_NOW), .at = 1,
	    .want = { { "chain-expired", SEV_FAIL, NULL } } },
	{ "outlived", INT(.not_after = PKI_NOW + 100 * D), .want = {
	    { "chain-outlived", SEV_WARN, "CN=Test Intermediate expires on "
	    "2027-04-25T08:00:00Z, 265 days before the leaf" }, TRUSTED } },

	/* One property of the path breaks it. */
	{ "name constraints", .inter = { .cn = "Constrained CA", .ca = true,
	    .nc = "critical,permitted;DNS:.example.com" },
	    .leaf = { .cn = "www.example.org" }, .want = {
	    { "chain-name-constraints", SEV_FAIL, "CN=www.example.org has a "
	    "name outside" }, { "chain-untrusted", CLEAN, NULL } } },
	{ "name constraints met", .inter = { .cn = "Constrained CA",
	    .ca = true, .nc = "critical,permitted;DNS:.example.com" },
	    LEAF(), .want = { { "chain-name-constraints", CLEAN, NULL },
	    TRUSTED } },
	{ "not a CA", .inter = { .cn = "Not A CA",
	    .ku = "critical,digitalSignature,keyCertSign" }, LEAF(),
	    .want = { { "chain-not-ca", SEV_FAIL, "CN=Not A CA" },
	    { "chain-purpose", CLEAN, NULL }, UNTRUSTED } },

	/* RFC 5280 6.1.1(d): a trust anchor is its name and key. What
	 * OpenSSL applies to it beyond that is a warning naming the clients
	 * that refuse the path; the path is trusted. */
	{ "anchor path length", .root = { .cn = "Root pathlen 0",
	    .ca = true, .has_pathlen = true, .pathlen = 0 }, INT(), LEAF(),
	    /* The role stays with the name: "the path below the root
	     * CN=...", not "the root the path below CN=...". */
	    .want = { { "chain-path-length", SEV_WARN, "the path below the "
	    "root CN=Root pathlen 0 is longer" }, { "chain-path-length",
	    SEV_WARN, "OpenSSL- and GnuTLS-based clients" }, TRUSTED } },
	/* Its dates are not waived: limbo, OpenSSL and GnuTLS refuse an
	 * expired anchor. */
	{ "anchor expired", .root = { .cn = "Expired Root", .ca = true,
	    .not_before = PKI_NOW - 800 * D, .not_after = PKI_NOW - D },
	    INT(), LEAF(), .want = { { "chain-expired", SEV_FAIL, "the root "
	    "CN=Expired Root has expired" }, { "chain-untrusted", CLEAN,
	    NULL } } },
	{ "anchor not yet valid", .root = { .cn = "Future Root", .ca = true,
	    .not_before = PKI_NOW + D }, INT(), LEAF(), .want = {
	    { "chain-expired", SEV_FAIL, "CN=Future Root" } } },
	{ "anchor not a CA", .root = { .cn = "Not CA Root",
	    .ku = "critical,digitalSignature,keyCertSign" }, INT(), LEAF(),
	    .want = { { "chain-not-ca", SEV_WARN, "the trust anchor" },
	    { "chain-purpose", CLEAN, NULL }, TRUSTED } },
	{ "anchor without keyCertSign", .root = { .cn = "No CertSign Root",
	    .ca = true, .ku = "critical,digitalSignature,cRLSign" }, INT(),
	    LEAF(), .want = { { "chain-key-usage", SEV_WARN, "the trust "
	    "anchor" }, { "chain-not-ca", CLEAN, NULL }, TRUSTED } },
	{ "anchor for client authentication only", .root = { .cn =
	    "Client Root", .ca = true, .eku = "clientAuth" }, INT(), LEAF(),
	    .want = { { "chain-purpose", SEV_WARN, "but OpenSSL-based "
	    "clients (curl" }, TRUSTED } },
	{ "key usage", .inter = { .cn = "No CertSign CA", .ca = true,
	    .ku = "critical,digitalSignature,cRLSign" }, LEAF(), .want = {
	    { "chain-key-usage", SEV_FAIL, "lacks keyCertSign" },
	    { "chain-not-ca", CLEAN, NULL }, UNTRUSTED } },
	/* Names and key identifiers point at the intermediate; another key
	 * signed the leaf. */
	{ "bad signature", LEAF(), .bad_signature = true, .want = {
	    { "chain-bad-signature", SEV_FAIL, "the signature on the "
	    "certificate CN=www.example.com does not verify" }, UNTRUSTED } },
	/* An intermediate restricted to client authentication cannot issue
	 * a server certificate that OpenSSL accepts. */
	{ "intermediate purpose", .inter = { .cn = "Client CA", .ca = true,
	    .eku = "clientAuth" }, LEAF(), .want = {
	    { "chain-purpose", SEV_FAIL, "the intermediate CN=Client CA is "
	    "not allowed for this purpose" }, UNTRUSTED } },

	/* Revocation lists. */
	{ "revoked", CRL(.revokes_leaf = true, .from = -D, .to = 7 * D),
	    .want = { { "revoked", SEV_FAIL, "CN=www.example.com is revoked "
	    "since 2027-01-13T08:00:00Z, reason: keyCompromise (according to "
	    "int.crl)" } } },
	{ "not revoked", CRL(.from = -D, .to = 7 * D), .want = {
	    { "revoked", SEV_PASS, "no certificate" } } },
	/* Out of date: status unknown, and its entries still count. */
	{ "CRL out of date", CRL(.revokes_leaf = true, .from = -30 * D,
	    .to = -20 * D), .want = {
	    { "crl-invalid", SEV_FAIL, "out of date" },
	    { "revoked", SEV_FAIL, NULL } } },
	/* Not signed by the issuer: ignored, so the leaf's status is
	 * unknown. */
	{ "CRL not signed by the issuer", CRL(.revokes_leaf = true,
	    .other_key = true, .from = -D, .to = 7 * D), .want = {
	    { "crl-invalid", SEV_WARN, "not signed" },
	    { "crl-invalid", SEV_FAIL, "signature" } } },
	{ "CRL issuer without cRLSign", INT(.ku = "critical,keyCertSign"),
	    CRL(.revokes_leaf = true, .from = -D, .to = 7 * D), .want = {
	    { "crl-invalid", SEV_FAIL, "does not allow signing CRLs" },
	    { "revoked", CLEAN, NULL } } },

	/* Name constraints' form: not critical; in an end-entity
	 * certificate; a wildcard; a malformed name. */
	{ "name constraints not critical", .inter = { .cn = "Soft NC CA",
	    .ca = true, .nc = "permitted;DNS:www.example.com" }, LEAF(),
	    .want = { { "chain-name-constraints", SEV_INFO, "not critical" },
	    TRUSTED } },
	{ "name constraints in a leaf", LEAF(.nc = "critical,permitted;"
	    "DNS:www.example.com"), .want = { { "chain-name-constraints",
	    SEV_FAIL, "which only CA certificates may carry" } } },
	{ "wildcard reaches an excluded name", .inter = { .cn =
	    "Excluding CA", .ca = true, .nc = "critical,excluded;"
	    "DNS:bar.example.com" }, .leaf = { .cn = "*.example.com" },
	    .want = { { "chain-name-constraints", SEV_FAIL, "the wildcard "
	    "name *.example.com, which also matches bar.example.com" } } },
	{ "deeper wildcard does not", .inter = { .cn = "Excluding CA",
	    .ca = true, .nc = "critical,excluded;DNS:bar.example.com" },
	    .leaf = { .cn = "*.foo.example.com" }, .want = {
	    { "chain-name-constraints", CLEAN, NULL } } },
	{ "malformed name under constraints", .inter = { .cn =
	    "Constrained CA", .ca = true, .nc = "critical,permitted;"
	    "DNS:example.com" }, LEAF(.san = "DNS:www.example.com,"
	    "DNS:.example.com"), .want = { { "chain-name-constraints",
	    SEV_FAIL, "the malformed DNS name \".example.com\"" } } },

	/* RFC 5280 conformance. */
	{ "negative serial", LEAF(.negative_serial = true), .want = {
	    { "chain-nonconformant", SEV_FAIL, "has a negative serial "
	    "number" } } },
	{ "no key identifiers", .inter = { .cn = "No SKI CA", .ca = true,
	    .no_skid = true }, LEAF(.no_akid = true), .want = {
	    { "chain-nonconformant", SEV_FAIL, "CA CN=No SKI CA has no "
	    "subject key identifier, which RFC 5280 forbids (OpenSSL "
	    "-x509_strict" },
	    { "chain-nonconformant", SEV_FAIL, "CN=www.example.com has no "
	    "authority key identifier" } } },
	{ "conformant", .want = { { "chain-nonconformant", CLEAN, NULL } } },

	/* CA/Browser Forum rules: worth knowing under a private CA (info),
	 * a failure under a root of the system store. A DNS constraint with
	 * a leading dot breaks RFC 5280 whatever the root. */
	{ "odd RSA size, private", LEAF(), .leaf_key = "RSA:1028", .want = {
	    { "cabf-nonconformant", SEV_INFO, "has an RSA key of 1028 "
	    "bits" } } },
	/* A subscriber certificate allowing any usage, its CN not among its
	 * SANs. */
	{ "any usage and CN not a SAN, private", LEAF(.eku = "serverAuth,"
	    "anyExtendedKeyUsage", .san = "DNS:api.example.com"),
	    .below_warn = true, .want = {
	    { "cabf-nonconformant", SEV_INFO, "anyExtendedKeyUsage" },
	    { "cabf-nonconformant", SEV_INFO, "not one of its DNS" } } },
	{ "any usage and CN not a SAN, public", LEAF(.eku = "serverAuth,"
	    "anyExtendedKeyUsage", .san = "DNS:api.example.com"),
	    .root_in_store = true, .want = {
	    { "cabf-nonconformant", SEV_FAIL, "anyExtendedKeyUsage" },
	    { "cabf-nonconformant", SEV_FAIL, "not one of its DNS" } } },
	{ "address CN with leading zeros, public", .leaf = { .cn =
	    "192.168.001.001", .san = "IP:192.168.1.1" },
	    .leaf_role = ROLE_CERT, .root_in_store = true, .want = {
	    { "cabf-nonconformant", SEV_FAIL, "as \"192.168.001.001\", not in "
	    "its canonical form" } } },
	{ "CA certificate as the leaf, public", LEAF(.ca = true,
	    .san = "DNS:www.example.com"), .leaf_role = ROLE_CERT,
	    .root_in_store = true, .want = { { "cabf-nonconformant",
	    SEV_FAIL, "is a CA certificate" } } },
	{ "constraint with a leading period, public", .inter = { .cn =
	    "Dot CA", .ca = true, .nc = "critical,permitted;DNS:.example.com" },
	    LEAF(), .leaf_role = ROLE_CERT, .root_in_store = true, .want = {
	    { "chain-nonconformant", SEV_FAIL, "with a leading period" } } },
	{ "canonical address CN, public", .leaf = { .cn = "192.168.1.1",
	    .san = "IP:192.168.1.1" }, .root_in_store = true, .want = {
	    { "cabf-nonconformant", CLEAN, NULL } } },
};

static X509 *
up(X509 *x)
{
	X509_up_ref(x);
	return x;
}

START_TEST(test_scenario)
{
	const struct scenario *s = &scenarios[_i];
	EVP_PKEY *lk = s->leaf_key != NULL ? tl_new_key(s->leaf_key) :
	    (EVP_PKEY_up_ref(leaf_key), leaf_key);
	EVP_PKEY *other = s->bad_signature || s->crl.other_key ? pki_key() :
	    NULL;
	X509 *r0 = s->root.cn != NULL ? pki_cert(&s->root, root_key, NULL,
	    NULL) : up(root);
	X509 *i = s->inter.cn != NULL ? pki_cert(&s->inter, int_key, r0,
	    root_key) : up(inter);
	X509 *l = s->leaf.cn != NULL ? pki_cert(&s->leaf, lk, i,
	    s->bad_signature ? other : int_key) : up(leaf);
	X509 *revoked[] = { l, NULL };
	X509_CRL *crl = NULL;
	struct run r;

	tl_context = s->name;
	run_init(&r);
	r.ctx.now = PKI_NOW + s->at;
	tl_add_cert(&r.inv, l, "cert.pem", s->leaf_role);
	tl_add_cert(&r.inv, i, "cert.pem", ROLE_AUTO);
	if (s->root_in_store) {
		r.store = X509_STORE_new();
		X509_STORE_add_cert(r.store, r0);
	} else
		tl_add_cert(&r.inv, r0, "root.pem", ROLE_CA);
	if (s->crl.on) {
		crl = tl_crl(i, s->crl.other_key ? other : int_key,
		    s->crl.revokes_leaf ? revoked : NULL, PKI_NOW + s->crl.from,
		    PKI_NOW + s->crl.to);
		tl_add_crl(&r.inv, crl, "int.crl");
	}
	run_all(&r);
	for (size_t k = 0; k < 3 && s->want[k].id != NULL; k++) {
		const struct want *w = &s->want[k];
		if (w->sev == CLEAN)
			tl_expect_clean(&r.fs, w->id);
		else
			tl_expect(&r.fs, w->id, (enum severity)w->sev, w->msg);
	}
	if (s->below_warn)
		ck_assert_msg(findings_worst(&r.fs) < SEV_WARN, "%s:%s",
		    s->name, tl_dump(&r.fs));
	run_free(&r);
	X509_CRL_free(crl);
	X509_free(l);
	X509_free(i);
	X509_free(r0);
	EVP_PKEY_free(other);
	EVP_PKEY_free(lk);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("chain");
	TCase *tc = tl_tcase(s, "trust");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_trusted_path);
	tcase_add_test(tc, test_missing_intermediate);
	tcase_add_test(tc, test_untrusted_root);
	tcase_add_test(tc, test_pinned_intermediate);
	tcase_add_test(tc, test_self_signed_leaf);
	tcase_add_test(tc, test_leaf_trusted_itself);
	tcase_add_test(tc, test_system_store_lookup);
	tcase_add_test(tc, test_no_leaf);
	tcase_add_test(tc, test_clean_chain_has_no_problems);
	tcase_add_test(tc, test_incomplete_names_missing_issuer);
	tcase_add_test(tc, test_incomplete_issuer_only_in_local_store);
	tcase_add_test(tc, test_order_and_root);
	tcase_add_test(tc, test_leaf_not_first);
	tcase_add_test(tc, test_separate_files_in_order);
	tcase_add_test(tc, test_extra_unrelated_and_duplicate);
	tcase_add_test(tc, test_cross_sign_expired_is_a_warning);
	tcase_add_test(tc, test_cross_sign_only_path);
	tcase_add_test(tc, test_sha1_intermediate);
	tcase_add_test(tc, test_default_level_from_config);
	tcase_add_test(tc, test_valid_path_preferred_over_openssl_pick);
	tcase_add_test(tc, test_security_levels_match_openssl);
	tcase_add_test(tc, test_store_anchor_that_is_not_a_root);
	tcase_add_test(tc, test_verify_depth);
	tcase_add_test(tc, test_intermediate_path_length_still_fails);
	tcase_add_test(tc, test_distrusted_anchor_still_fails);
	tcase_add_test(tc, test_clean_path_preferred_over_waived_anchor);

	tc = tl_tcase(s, "scenarios");
	tcase_add_checked_fixture(tc, setup, teardown);
	tl_add_loop(tc, test_scenario, scenarios);
	return tl_run_suite(s);
}
