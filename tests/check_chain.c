/* Unit tests of path building and the chain checks, on PKIs made here. */
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

static size_t
count(const struct run *r, const char *id, enum severity sev)
{
	size_t n = 0;

	for (size_t i = 0; i < r->fs.n; i++)
		if (strcmp(r->fs.v[i].id, id) == 0 && r->fs.v[i].sev == sev)
			n++;
	return n;
}

/* No finding of that id worse than pass/info. */
static void
expect_clean(const struct run *r, const char *id)
{
	for (size_t i = 0; i < r->fs.n; i++)
		ck_assert_msg(strcmp(r->fs.v[i].id, id) != 0 ||
		    r->fs.v[i].sev <= SEV_INFO, "unexpected %s: %s", id,
		    r->fs.v[i].message);
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

static const struct finding *
find(const struct run *r, const char *id)
{
	for (size_t i = 0; i < r->fs.n; i++)
		if (strcmp(r->fs.v[i].id, id) == 0)
			return &r->fs.v[i];
	return NULL;
}

/* A finding with that id, severity and (when given) text in its message;
 * the first of that id is named when none fits. */
static const struct finding *
expect(const struct run *r, const char *id, enum severity sev,
    const char *msg_has)
{
	const struct finding *f = find(r, id);

	for (size_t i = 0; i < r->fs.n; i++) {
		const struct finding *g = &r->fs.v[i];
		if (strcmp(g->id, id) == 0 && g->sev == sev && (msg_has == NULL ||
		    strstr(g->message, msg_has) != NULL))
			return g;
	}
	ck_assert_msg(f != NULL, "no %s finding", id);
	ck_assert_msg(0, "%s: no %s finding with '%s'; first: %s (severity "
	    "%d)", id, severity_name(sev), msg_has != NULL ? msg_has : "",
	    f->message, f->sev);
	return NULL;
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
	pki_add(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_check(&r, &check_chain);
	f = expect(&r, "chain-untrusted", SEV_FAIL,
	    "the issuer of CN=www.example.com is neither among the files");
	ck_assert_ptr_nonnull(strstr(f->message,
	    "unable to get local issuer certificate"));
	ck_assert_ptr_nonnull(f->hint);
	ck_assert_ptr_nonnull(strstr(f->hint, "see chain-incomplete"));
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
	prepare(&r);
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
	r.use_system_ca = true;
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


START_TEST(test_clean_chain_has_no_problems)
{
	struct run r;

	run_init(&r);
	pki_add(&r.inv, leaf, "fullchain.pem", ROLE_AUTO);
	pki_add(&r.inv, inter, "fullchain.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	ck_assert_int_eq(findings_worst(&r.fs), SEV_INFO);
	expect(&r, "chain-incomplete", SEV_PASS, "3 certificates");
	/* EC P-256 everywhere: 128-bit, so level 3 passes, 4 does not. */
	expect(&r, "security-level", SEV_INFO, "passes OpenSSL security "
	    "levels 0 to 3; this machine's default is 2");
	run_free(&r);
}
END_TEST

START_TEST(test_incomplete_names_missing_issuer)
{
	struct run r;
	const struct finding *f;

	run_init(&r);
	pki_add(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	f = expect(&r, "chain-incomplete", SEV_FAIL,
	    "the issuer of CN=www.example.com, CN=Test Intermediate (key id ");
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
	pki_add(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	run_all(&r);
	expect(&r, "chain-untrusted", SEV_PASS, NULL);
	expect(&r, "chain-incomplete", SEV_FAIL, "found in this machine's "
	    "trust store, so the chain verifies here but fails for clients "
	    "that lack it");
	run_free(&r);
}
END_TEST

START_TEST(test_order_and_root)
{
	struct run r;

	run_init(&r);
	pki_add(&r.inv, leaf, "fullchain.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "fullchain.pem", ROLE_AUTO);
	pki_add(&r.inv, inter, "fullchain.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	expect(&r, "chain-order", SEV_WARN, "the leaf, then CN=Test Root, "
	    "then CN=Test Intermediate");
	expect(&r, "chain-includes-root", SEV_INFO, "CN=Test Root");
	expect(&r, "chain-untrusted", SEV_PASS, NULL);
	expect_clean(&r, "chain-extra");
	run_free(&r);
}
END_TEST

START_TEST(test_leaf_not_first)
{
	struct run r;

	run_init(&r);
	pki_add(&r.inv, inter, "fullchain.pem", ROLE_CHAIN);
	r.inv.leaf = NULL;
	pki_add(&r.inv, leaf, "fullchain.pem", ROLE_CHAIN);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	inventory_sort(&r.inv);
	/* As with --cert naming the second certificate of the file. */
	r.inv.leaf = r.inv.objs[1];
	prepare(&r);
	r.ctx.seclevel = 2;
	for (size_t i = 0; chain_checks[i] != NULL; i++)
		chain_checks[i]->run(&r.inv, &r.ctx, &r.fs);
	expect(&r, "chain-order", SEV_WARN, "CN=Test Intermediate, then the "
	    "leaf");
	run_free(&r);
}
END_TEST

START_TEST(test_separate_files_in_order)
{
	struct run r;

	run_init(&r);
	pki_add(&r.inv, inter, "chain.pem", ROLE_CHAIN);
	pki_add(&r.inv, leaf, "cert.pem", ROLE_CERT);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	expect_clean(&r, "chain-order");
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
	pki_add(&r.inv, leaf, "fullchain.pem", ROLE_AUTO);
	pki_add(&r.inv, inter, "fullchain.pem", ROLE_AUTO);
	pki_add(&r.inv, other, "fullchain.pem", ROLE_AUTO);
	pki_add(&r.inv, inter, "fullchain.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	f = expect(&r, "chain-extra", SEV_WARN, "CN=Unrelated CA is served but "
	    "is not on the path");
	ck_assert_ptr_nonnull(strstr(f->message, "unrelated"));
	ck_assert_uint_eq(count(&r, "chain-extra", SEV_WARN), 2);
	expect_clean(&r, "chain-order");
	expect(&r, "chain-untrusted", SEV_PASS, NULL);
	run_free(&r);
	X509_free(other);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_expired_intermediate)
{
	struct run r;
	X509 *old_int = pki_cert(&(struct pki_spec){ .cn = "Test "
	    "Intermediate", .ca = true, .not_before = PKI_NOW - 800 * PKI_DAY,
	    .not_after = PKI_NOW - PKI_DAY }, int_key, root, root_key);

	run_init(&r);
	pki_add(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, old_int, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	expect(&r, "chain-expired", SEV_FAIL, "the intermediate CN=Test "
	    "Intermediate has expired");
	expect(&r, "chain-untrusted", SEV_FAIL, "has expired");
	run_free(&r);
	X509_free(old_int);
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
	pki_add(&r.inv, leaf, "fullchain.pem", ROLE_AUTO);
	pki_add(&r.inv, inter, "fullchain.pem", ROLE_AUTO);
	pki_add(&r.inv, cross, "fullchain.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "roots.pem", ROLE_CA);
	pki_add(&r.inv, old_root, "roots.pem", ROLE_CA);
	run_all(&r);
	/* The valid path wins; the expired cross-sign is not needed. */
	expect(&r, "chain-untrusted", SEV_PASS, "CN=Test Root");
	expect(&r, "chain-expired", SEV_WARN, "the chain does not need it");
	expect_clean(&r, "chain-extra");
	expect(&r, "chain-alternative", SEV_INFO, "another path, via CN=Test "
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
	pki_add(&r.inv, leaf, "fullchain.pem", ROLE_AUTO);
	pki_add(&r.inv, inter, "fullchain.pem", ROLE_AUTO);
	pki_add(&r.inv, cross, "fullchain.pem", ROLE_AUTO);
	pki_add(&r.inv, old_root, "old.pem", ROLE_CA);
	run_all(&r);
	expect(&r, "chain-untrusted", SEV_PASS, "CN=Old Root");
	cr = r.ctx.chain;
	ck_assert_uint_eq(cr->path.n, 4);
	expect_clean(&r, "chain-extra");
	expect_clean(&r, "chain-order");
	run_free(&r);
	X509_free(cross);
	X509_free(old_root);
	EVP_PKEY_free(old_key);
}
END_TEST

static void
one_bad_path(X509 *i, X509 *l, const char *id, const char *msg_has,
    X509 *anchor)
{
	struct run r;

	run_init(&r);
	pki_add(&r.inv, l, "cert.pem", ROLE_AUTO);
	if (i != NULL)
		pki_add(&r.inv, i, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, anchor != NULL ? anchor : root, "root.pem", ROLE_CA);
	run_all(&r);
	expect(&r, id, SEV_FAIL, msg_has);
	expect(&r, "chain-untrusted", SEV_FAIL, NULL);
	run_free(&r);
}

START_TEST(test_name_constraints)
{
	X509 *nc = pki_cert(&(struct pki_spec){ .cn = "Constrained CA",
	    .ca = true, .nc = "critical,permitted;DNS:.example.com" }, int_key,
	    root, root_key);
	X509 *bad = pki_cert(&(struct pki_spec){ .cn = "www.example.org" },
	    leaf_key, nc, int_key);
	X509 *good = pki_cert(&(struct pki_spec){ .cn = "www.example.com" },
	    leaf_key, nc, int_key);
	struct run r;

	one_bad_path(nc, bad, "chain-name-constraints",
	    "CN=www.example.org has a name outside", NULL);
	run_init(&r);
	pki_add(&r.inv, good, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, nc, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	expect_clean(&r, "chain-name-constraints");
	expect(&r, "chain-untrusted", SEV_PASS, NULL);
	run_free(&r);
	X509_free(good);
	X509_free(bad);
	X509_free(nc);
}
END_TEST

START_TEST(test_not_ca)
{
	X509 *notca = pki_cert(&(struct pki_spec){ .cn = "Not A CA",
	    .ku = "critical,digitalSignature,keyCertSign" }, int_key, root,
	    root_key);
	X509 *l = pki_cert(&(struct pki_spec){ .cn = "www.example.com" },
	    leaf_key, notca, int_key);

	one_bad_path(notca, l, "chain-not-ca", "CN=Not A CA", NULL);
	X509_free(l);
	X509_free(notca);
}
END_TEST

START_TEST(test_path_length)
{
	X509 *r0 = pki_cert(&(struct pki_spec){ .cn = "Root pathlen 0",
	    .ca = true, .has_pathlen = true, .pathlen = 0 }, root_key, NULL,
	    NULL);
	X509 *i = pki_cert(&(struct pki_spec){ .cn = "Test Intermediate",
	    .ca = true }, int_key, r0, root_key);
	X509 *l = pki_cert(&(struct pki_spec){ .cn = "www.example.com" },
	    leaf_key, i, int_key);

	one_bad_path(i, l, "chain-path-length", "pathLenConstraint", r0);
	X509_free(l);
	X509_free(i);
	X509_free(r0);
}
END_TEST

START_TEST(test_key_usage)
{
	X509 *i = pki_cert(&(struct pki_spec){ .cn = "No CertSign CA",
	    .ca = true, .ku = "critical,digitalSignature,cRLSign" }, int_key,
	    root, root_key);
	X509 *l = pki_cert(&(struct pki_spec){ .cn = "www.example.com" },
	    leaf_key, i, int_key);

	one_bad_path(i, l, "chain-key-usage", "lacks keyCertSign", NULL);
	X509_free(l);
	X509_free(i);
}
END_TEST

START_TEST(test_bad_signature)
{
	EVP_PKEY *k = pki_key();
	/* Names and key identifiers point at the intermediate; another key
	 * signed it. */
	X509 *l = pki_cert(&(struct pki_spec){ .cn = "www.example.com" },
	    leaf_key, inter, k);

	one_bad_path(inter, l, "chain-bad-signature", "the signature on "
	    "CN=www.example.com does not verify", NULL);
	X509_free(l);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_outlived)
{
	struct run r;
	X509 *short_int = pki_cert(&(struct pki_spec){ .cn = "Test "
	    "Intermediate", .ca = true, .not_after = PKI_NOW + 100 * PKI_DAY },
	    int_key, root, root_key);

	run_init(&r);
	pki_add(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, short_int, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	expect(&r, "chain-outlived", SEV_WARN, "CN=Test Intermediate expires "
	    "on 2027-04-25T08:00:00Z, 265 days before the leaf");
	expect(&r, "chain-untrusted", SEV_PASS, NULL);
	run_free(&r);
	X509_free(short_int);
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
	pki_add(&r.inv, l, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, sha1, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	f = expect(&r, "security-level", SEV_FAIL, "default OpenSSL security "
	    "level 2");
	ck_assert_msg(strstr(f->message, "CN=SHA1 Intermediate is signed "
	    "with SHA1 ('CA signature digest algorithm too weak' at level 1 "
	    "and above)") != NULL, "%s", f->message);
	expect(&r, "chain-untrusted", SEV_PASS, NULL);
	/* At level 0 it would pass: the same chain with default 0. */
	findings_free(&r.fs);
	findings_init(&r.fs);
	r.ctx.seclevel = 0;
	check_chain_seclevel.run(&r.inv, &r.ctx, &r.fs);
	expect(&r, "security-level", SEV_INFO, "levels 0 to 0");
	run_free(&r);
	X509_free(l);
	X509_free(sha1);
}
END_TEST

START_TEST(test_default_level_from_config)
{
	struct run r;

	run_init(&r);
	pki_add(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, inter, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	inventory_sort(&r.inv);
	prepare(&r);
	/* As the command reads it, from this machine's configuration. */
	r.ctx.seclevel = tls_default_seclevel();
	ck_assert_int_ge(r.ctx.seclevel, 0);
	ck_assert_int_le(r.ctx.seclevel, 5);
	check_chain_seclevel.run(&r.inv, &r.ctx, &r.fs);
	expect(&r, "security-level", SEV_INFO, NULL);
	run_free(&r);
}
END_TEST

static void
crl_case(X509_CRL *crl, const char *id, enum severity sev,
    const char *msg_has)
{
	struct run r;

	run_init(&r);
	pki_add(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, inter, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	pki_add_crl(&r.inv, crl, "int.crl");
	run_all(&r);
	expect(&r, id, sev, msg_has);
	run_free(&r);
	X509_CRL_free(crl);
}

START_TEST(test_revoked)
{
	X509 *revoked[] = { leaf, NULL };
	EVP_PKEY *k = pki_key();

	crl_case(pki_crl(inter, int_key, revoked, PKI_NOW - PKI_DAY,
	    PKI_NOW + 7 * PKI_DAY), "revoked", SEV_FAIL,
	    "CN=www.example.com is revoked since 2027-01-13T08:00:00Z, "
	    "reason: keyCompromise (according to int.crl)");
	crl_case(pki_crl(inter, int_key, NULL, PKI_NOW - PKI_DAY,
	    PKI_NOW + 7 * PKI_DAY), "revoked", SEV_PASS, "no certificate");
	/* Out of date: status unknown, and its entries still count. */
	crl_case(pki_crl(inter, int_key, revoked, PKI_NOW - 30 * PKI_DAY,
	    PKI_NOW - 20 * PKI_DAY), "crl-invalid", SEV_FAIL, "out of date");
	crl_case(pki_crl(inter, int_key, revoked, PKI_NOW - 30 * PKI_DAY,
	    PKI_NOW - 20 * PKI_DAY), "revoked", SEV_FAIL, NULL);
	/* Not signed by the issuer: ignored, so the leaf's status is
	 * unknown. */
	crl_case(pki_crl(inter, k, revoked, PKI_NOW - PKI_DAY,
	    PKI_NOW + 7 * PKI_DAY), "crl-invalid", SEV_WARN, "not signed");
	crl_case(pki_crl(inter, k, revoked, PKI_NOW - PKI_DAY,
	    PKI_NOW + 7 * PKI_DAY), "crl-invalid", SEV_FAIL, "signature");
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_crl_issuer_without_crlsign)
{
	X509 *nocrl = pki_cert(&(struct pki_spec){ .cn = "Test Intermediate",
	    .ca = true, .ku = "critical,keyCertSign" }, int_key, root,
	    root_key);
	X509 *revoked[] = { leaf, NULL };
	X509_CRL *crl = pki_crl(nocrl, int_key, revoked, PKI_NOW - PKI_DAY,
	    PKI_NOW + 7 * PKI_DAY);
	struct run r;

	run_init(&r);
	pki_add(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, nocrl, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	pki_add_crl(&r.inv, crl, "int.crl");
	run_all(&r);
	expect(&r, "crl-invalid", SEV_FAIL, "does not allow signing CRLs");
	expect_clean(&r, "revoked");
	run_free(&r);
	X509_CRL_free(crl);
	X509_free(nocrl);
}
END_TEST

START_TEST(test_nc_form)
{
	/* Not critical; in an end-entity certificate; empty. */
	X509 *soft = pki_cert(&(struct pki_spec){ .cn = "Soft NC CA",
	    .ca = true, .nc = "permitted;DNS:www.example.com" }, int_key, root,
	    root_key);
	X509 *l1 = pki_cert(&(struct pki_spec){ .cn = "www.example.com" },
	    leaf_key, soft, int_key);
	X509 *l2 = pki_cert(&(struct pki_spec){ .cn = "www.example.com",
	    .nc = "critical,permitted;DNS:www.example.com" }, leaf_key, inter,
	    int_key);
	struct run r;

	run_init(&r);
	pki_add(&r.inv, l1, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, soft, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	expect(&r, "chain-name-constraints", SEV_INFO, "not critical");
	expect(&r, "chain-untrusted", SEV_PASS, NULL);
	run_free(&r);

	run_init(&r);
	pki_add(&r.inv, l2, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, inter, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	expect(&r, "chain-name-constraints", SEV_FAIL, "which only CA "
	    "certificates may carry");
	run_free(&r);
	X509_free(l2);
	X509_free(l1);
	X509_free(soft);
}
END_TEST

START_TEST(test_nc_wildcard_reaches_excluded)
{
	X509 *nc = pki_cert(&(struct pki_spec){ .cn = "Excluding CA",
	    .ca = true, .nc = "critical,excluded;DNS:bar.example.com" },
	    int_key, root, root_key);
	X509 *wild = pki_cert(&(struct pki_spec){ .cn = "*.example.com" },
	    leaf_key, nc, int_key);
	X509 *deep = pki_cert(&(struct pki_spec){ .cn = "*.foo.example.com" },
	    leaf_key, nc, int_key);
	struct run r;

	run_init(&r);
	pki_add(&r.inv, wild, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, nc, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	expect(&r, "chain-name-constraints", SEV_FAIL, "the wildcard name "
	    "*.example.com, which also matches bar.example.com");
	run_free(&r);

	run_init(&r);
	pki_add(&r.inv, deep, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, nc, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	expect_clean(&r, "chain-name-constraints");
	run_free(&r);
	X509_free(deep);
	X509_free(wild);
	X509_free(nc);
}
END_TEST

static void
nonconformant(X509 *l, X509 *i, const char *msg_has)
{
	struct run r;

	run_init(&r);
	pki_add(&r.inv, l, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, i, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	expect(&r, "chain-nonconformant", SEV_FAIL, msg_has);
	run_free(&r);
}

START_TEST(test_nonconformant)
{
	EVP_PKEY *odd = pki_rsa(1028);
	X509 *neg = pki_cert(&(struct pki_spec){ .cn = "www.example.com",
	    .negative_serial = true }, leaf_key, inter, int_key);
	X509 *noski = pki_cert(&(struct pki_spec){ .cn = "No SKI CA",
	    .ca = true, .no_skid = true }, int_key, root, root_key);
	X509 *l2 = pki_cert(&(struct pki_spec){ .cn = "www.example.com",
	    .no_akid = true }, leaf_key, noski, int_key);
	X509 *l3 = pki_cert(&(struct pki_spec){ .cn = "www.example.com" }, odd,
	    inter, int_key);
	struct run r;

	nonconformant(neg, inter, "has a negative serial number");
	nonconformant(l2, noski, "CA CN=No SKI CA has no subject key "
	    "identifier, which RFC 5280 forbids (OpenSSL -x509_strict");
	nonconformant(l2, noski, "CN=www.example.com has no authority key "
	    "identifier");
	/* A CA/Browser Forum rule: worth knowing under a private CA. */
	run_init(&r);
	pki_add(&r.inv, l3, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, inter, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	expect(&r, "cabf-nonconformant", SEV_INFO, "has an RSA key of 1028 "
	    "bits");
	run_free(&r);
	/* The clean chain has none of it. */
	run_init(&r);
	pki_add(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, inter, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	expect_clean(&r, "chain-nonconformant");
	run_free(&r);
	X509_free(l3);
	X509_free(l2);
	X509_free(noski);
	X509_free(neg);
	EVP_PKEY_free(odd);
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
	pki_add(&r.inv, l, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, b1, "chain.pem", ROLE_CHAIN);
	pki_add(&r.inv, a, "chain.pem", ROLE_CHAIN);
	pki_add(&r.inv, b2, "chain.pem", ROLE_CHAIN);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	cr = r.ctx.chain;
	ck_assert(cr->path.trusted);
	ck_assert_uint_eq(cr->path.n, 3);
	ck_assert(chain_path_has(&cr->path, b2));
	ck_assert(cr->openssl_failed);
	expect(&r, "chain-untrusted", SEV_PASS, NULL);
	expect(&r, "chain-untrusted", SEV_PASS, "CN=Test Root");
	/* OpenSSL does not backtrack: every client built on it fails. */
	ck_assert_uint_eq(count(&r, "chain-untrusted", SEV_FAIL), 1);
	expect(&r, "chain-untrusted", SEV_FAIL, "does not backtrack");
	expect_clean(&r, "chain-name-constraints");
	run_free(&r);
	X509_free(l);
	X509_free(b2);
	X509_free(b1);
	X509_free(a);
	EVP_PKEY_free(kb);
}
END_TEST

START_TEST(test_expiring_this_second_is_valid)
{
	/* RFC 5280: notAfter itself is inside the validity period. */
	struct run r;
	X509 *edge = pki_cert(&(struct pki_spec){ .cn = "Test Intermediate",
	    .ca = true, .not_after = PKI_NOW }, int_key, root, root_key);

	run_init(&r);
	pki_add(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, edge, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	expect(&r, "chain-untrusted", SEV_PASS, NULL);
	expect_clean(&r, "chain-expired");
	run_free(&r);
	run_init(&r);
	r.ctx.now = PKI_NOW + 1;
	pki_add(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, edge, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	expect(&r, "chain-expired", SEV_FAIL, NULL);
	run_free(&r);
	X509_free(edge);
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
	pki_add(&r.inv, l, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, i, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, anchor, "root.pem", ROLE_CA);
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

START_TEST(test_cabf_public_and_private)
{
	/* A subscriber certificate allowing any usage, its CN not among its
	 * SANs: a failure under a root of the system store, info under
	 * --ca. */
	X509 *l = pki_cert(&(struct pki_spec){ .cn = "www.example.com",
	    .eku = "serverAuth,anyExtendedKeyUsage",
	    .san = "DNS:api.example.com" }, leaf_key, inter, int_key);
	X509_STORE *st = X509_STORE_new();
	struct run r;

	run_init(&r);
	pki_add(&r.inv, l, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, inter, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	expect(&r, "cabf-nonconformant", SEV_INFO, "anyExtendedKeyUsage");
	expect(&r, "cabf-nonconformant", SEV_INFO, "not one of its DNS");
	ck_assert_int_lt(findings_worst(&r.fs), SEV_WARN);
	run_free(&r);

	X509_STORE_add_cert(st, root);
	run_init(&r);
	r.store = st;
	pki_add(&r.inv, l, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, inter, "cert.pem", ROLE_AUTO);
	run_all(&r);
	expect(&r, "cabf-nonconformant", SEV_FAIL, "anyExtendedKeyUsage");
	expect(&r, "cabf-nonconformant", SEV_FAIL, "not one of its DNS");
	run_free(&r);
	X509_free(l);
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
	pki_add(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	run_all(&r);
	expect(&r, "chain-untrusted", SEV_PASS, NULL);
	expect_clean(&r, "chain-incomplete");
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
	pki_add(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, inter, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	expect(&r, "chain-untrusted", SEV_FAIL, "longer than the verification "
	    "depth allows");
	expect_clean(&r, "chain-incomplete");
	cr = r.ctx.chain;
	ck_assert_int_eq(cr->path.end, END_TOO_LONG);
	run_free(&r);

	run_init(&r);
	r.verify_depth = 1;
	pki_add(&r.inv, leaf, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, inter, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	expect(&r, "chain-untrusted", SEV_PASS, NULL);
	run_free(&r);
}
END_TEST

START_TEST(test_cabf_names)
{
	/* Under a public root: an address CN written with leading zeros, a
	 * CA certificate as the leaf; a DNS constraint with a leading dot
	 * breaks RFC 5280 whatever the root. */
	X509_STORE *st = X509_STORE_new();
	X509 *zeros = pki_cert(&(struct pki_spec){ .cn = "192.168.001.001",
	    .san = "IP:192.168.1.1" }, leaf_key, inter, int_key);
	X509 *good = pki_cert(&(struct pki_spec){ .cn = "192.168.1.1",
	    .san = "IP:192.168.1.1" }, leaf_key, inter, int_key);
	X509 *caleaf = pki_cert(&(struct pki_spec){ .cn = "www.example.com",
	    .ca = true, .san = "DNS:www.example.com" }, leaf_key, inter,
	    int_key);
	X509 *dot = pki_cert(&(struct pki_spec){ .cn = "Dot CA", .ca = true,
	    .nc = "critical,permitted;DNS:.example.com" }, int_key, root,
	    root_key);
	X509 *under = pki_cert(&(struct pki_spec){ .cn = "www.example.com" },
	    leaf_key, dot, int_key);
	X509 *cases[][2] = { { zeros, inter }, { caleaf, inter },
	    { under, dot } };
	const char *want[] = { "as \"192.168.001.001\", not in its canonical "
	    "form", "is a CA certificate", "with a leading period" };
	struct run r;

	X509_STORE_add_cert(st, root);
	for (size_t i = 0; i < 3; i++) {
		run_init(&r);
		X509_STORE_up_ref(st);
		r.store = st;
		pki_add(&r.inv, cases[i][0], "cert.pem", ROLE_CERT);
		pki_add(&r.inv, cases[i][1], "cert.pem", ROLE_AUTO);
		run_all(&r);
		expect(&r, i == 2 ? "chain-nonconformant" :
		    "cabf-nonconformant", SEV_FAIL, want[i]);
		run_free(&r);
	}
	run_init(&r);
	r.store = st;
	pki_add(&r.inv, good, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, inter, "cert.pem", ROLE_AUTO);
	run_all(&r);
	expect_clean(&r, "cabf-nonconformant");
	run_free(&r);
	X509_free(under);
	X509_free(dot);
	X509_free(caleaf);
	X509_free(good);
	X509_free(zeros);
}
END_TEST

START_TEST(test_nc_malformed_names)
{
	X509 *nc = pki_cert(&(struct pki_spec){ .cn = "Constrained CA",
	    .ca = true, .nc = "critical,permitted;DNS:example.com" }, int_key,
	    root, root_key);
	X509 *l = pki_cert(&(struct pki_spec){ .cn = "www.example.com",
	    .san = "DNS:www.example.com,DNS:.example.com" }, leaf_key, nc,
	    int_key);
	struct run r;

	run_init(&r);
	pki_add(&r.inv, l, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, nc, "cert.pem", ROLE_AUTO);
	pki_add(&r.inv, root, "root.pem", ROLE_CA);
	run_all(&r);
	expect(&r, "chain-name-constraints", SEV_FAIL, "the malformed DNS name "
	    "\".example.com\"");
	run_free(&r);
	X509_free(l);
	X509_free(nc);
}
END_TEST

START_TEST(test_intermediate_purpose)
{
	/* An intermediate restricted to client authentication cannot issue
	 * a server certificate that OpenSSL accepts. */
	X509 *clientca = pki_cert(&(struct pki_spec){ .cn = "Client CA",
	    .ca = true, .eku = "clientAuth" }, int_key, root, root_key);
	X509 *l = pki_cert(&(struct pki_spec){ .cn = "www.example.com" },
	    leaf_key, clientca, int_key);

	one_bad_path(clientca, l, "chain-purpose", "the intermediate CN=Client "
	    "CA is not allowed for this purpose", NULL);
	X509_free(l);
	X509_free(clientca);
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
	tcase_add_test(tc, test_clean_chain_has_no_problems);
	tcase_add_test(tc, test_incomplete_names_missing_issuer);
	tcase_add_test(tc, test_incomplete_issuer_only_in_local_store);
	tcase_add_test(tc, test_order_and_root);
	tcase_add_test(tc, test_leaf_not_first);
	tcase_add_test(tc, test_separate_files_in_order);
	tcase_add_test(tc, test_extra_unrelated_and_duplicate);
	tcase_add_test(tc, test_expired_intermediate);
	tcase_add_test(tc, test_cross_sign_expired_is_a_warning);
	tcase_add_test(tc, test_cross_sign_only_path);
	tcase_add_test(tc, test_name_constraints);
	tcase_add_test(tc, test_not_ca);
	tcase_add_test(tc, test_path_length);
	tcase_add_test(tc, test_key_usage);
	tcase_add_test(tc, test_bad_signature);
	tcase_add_test(tc, test_outlived);
	tcase_add_test(tc, test_sha1_intermediate);
	tcase_add_test(tc, test_default_level_from_config);
	tcase_add_test(tc, test_revoked);
	tcase_add_test(tc, test_crl_issuer_without_crlsign);
	tcase_add_test(tc, test_nc_form);
	tcase_add_test(tc, test_nc_wildcard_reaches_excluded);
	tcase_add_test(tc, test_nonconformant);
	tcase_add_test(tc, test_valid_path_preferred_over_openssl_pick);
	tcase_add_test(tc, test_expiring_this_second_is_valid);
	tcase_add_test(tc, test_security_levels_match_openssl);
	tcase_add_test(tc, test_cabf_public_and_private);
	tcase_add_test(tc, test_store_anchor_that_is_not_a_root);
	tcase_add_test(tc, test_verify_depth);
	tcase_add_test(tc, test_cabf_names);
	tcase_add_test(tc, test_nc_malformed_names);
	tcase_add_test(tc, test_intermediate_purpose);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
