/* Unit tests of the tree-shaped sources: certbot folders and Kubernetes
 * Secrets, asserting the deployments they describe. */
#include "config.h"

#include <check.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "deploy/deployment.h"
#include "deploy/source.h"
#include "deploy/source_certbot.h"
#include "finding.h"
#include "pki.h"

static char tmp[1024];	/* short enough for every path built on it */

static void
tmp_setup(void)
{
	const char *base = getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp";

	snprintf(tmp, sizeof(tmp), "%s/check_deploy_tree.XXXXXX", base);
	ck_assert_ptr_nonnull(mkdtemp(tmp));
}

static void
tmp_teardown(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	ck_assert_int_eq(system(cmd), 0);
}

static char *
at(const char *fmt, ...)
{
	static char buf[4][PATH_MAX];
	static int slot;
	char rel[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	slot = (slot + 1) % 4;
	snprintf(buf[slot], sizeof(buf[slot]), "%s/%s", tmp, rel);
	return buf[slot];
}

static void
mkdirs(const char *rel)
{
	char cmd[PATH_MAX + 32];

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/%s'", tmp, rel);
	ck_assert_int_eq(system(cmd), 0);
}

static void
write_key(const char *path, EVP_PKEY *k)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL,
	    NULL), 1);
	fclose(f);
}

static void
write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* ---- certbot ---- */

struct lineage_spec {
	const char *name;
	bool expired;
	bool stale_fullchain;	/* fullchain1 holds the previous leaf */
	bool no_archive;	/* live/ copied without archive/ */
	bool conf;		/* renewal/NAME.conf with /etc paths */
};

static const struct lineage_spec lineages[] = {
	{ "good.example", false, false, false, true },
	{ "expired.example", true, false, false, true },
	{ "stale.example", false, true, false, true },
	{ "dangling.example", false, false, true, false },
};

static void
make_lineage(const struct lineage_spec *l, EVP_PKEY *ca_key, X509 *ca)
{
	struct pki_spec s = { .cn = l->name };
	EVP_PKEY *k1 = pki_key(), *k2 = pki_key();
	X509 *leaf, *old;
	const char *files[] = { "cert", "chain", "fullchain", "privkey" };

	if (l->expired) {
		s.not_before = PKI_NOW - 120 * PKI_DAY;
		s.not_after = PKI_NOW - 30 * PKI_DAY;
	}
	leaf = pki_cert(&s, k2, ca, ca_key);
	old = pki_cert(&s, k1, ca, ca_key);
	mkdirs("le/live");
	mkdirs("le/renewal");
	mkdirs("le/archive");
	mkdirs(at("le/live/%s", l->name) + strlen(tmp) + 1);
	if (!l->no_archive) {
		X509 *full[] = { l->stale_fullchain ? old : leaf, ca, NULL };
		X509 *cert[] = { leaf, NULL }, *chain[] = { ca, NULL };
		mkdirs(at("le/archive/%s", l->name) + strlen(tmp) + 1);
		ck_assert(pki_write(at("le/archive/%s/cert1.pem", l->name),
		    cert));
		ck_assert(pki_write(at("le/archive/%s/chain1.pem", l->name),
		    chain));
		ck_assert(pki_write(at("le/archive/%s/fullchain1.pem",
		    l->name), full));
		write_key(at("le/archive/%s/privkey1.pem", l->name), k2);
	}
	for (size_t i = 0; i < 4; i++) {
		char target[PATH_MAX];
		snprintf(target, sizeof(target), "../../archive/%s/%s1.pem",
		    l->name, files[i]);
		ck_assert_int_eq(symlink(target, at("le/live/%s/%s.pem",
		    l->name, files[i])), 0);
	}
	if (l->conf) {
		char text[2048];
		snprintf(text, sizeof(text),
		    "# renew_before_expiry = 30 days\nversion = 2.1.0\n"
		    "archive_dir = /etc/letsencrypt/archive/%s\n"
		    "cert = /etc/letsencrypt/live/%s/cert.pem\n"
		    "privkey = /etc/letsencrypt/live/%s/privkey.pem\n"
		    "chain = /etc/letsencrypt/live/%s/chain.pem\n"
		    "fullchain = /etc/letsencrypt/live/%s/fullchain.pem\n\n"
		    "[renewalparams]\naccount = 0123\n"
		    "fullchain = /not/a/path\n", l->name, l->name, l->name,
		    l->name, l->name);
		write_text(at("le/renewal/%s.conf", l->name), text);
	}
	X509_free(leaf);
	X509_free(old);
	EVP_PKEY_free(k1);
	EVP_PKEY_free(k2);
}

static void
make_certbot_tree(void)
{
	struct pki_spec cs = { .cn = "Test CA", .ca = true };
	EVP_PKEY *ca_key = pki_key();
	X509 *ca = pki_cert(&cs, ca_key, NULL, NULL);

	for (size_t i = 0; i < sizeof(lineages) / sizeof(*lineages); i++)
		make_lineage(&lineages[i], ca_key, ca);
	X509_free(ca);
	EVP_PKEY_free(ca_key);
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static size_t
count_id(const struct findings *fs, const char *id)
{
	size_t n = 0;

	for (size_t i = 0; i < fs->n; i++)
		n += strcmp(fs->v[i].id, id) == 0;
	return n;
}

/* Each lineage: live/NAME/fullchain.pem as the certificate, privkey.pem
 * as the key, whatever the renewal file's absolute paths say. */
static void
expect_lineage(const struct deployment *d, const char *name, bool conf)
{
	char title[256], want[PATH_MAX];

	snprintf(title, sizeof(title), "certbot %s", name);
	ck_assert_str_eq(d->name, title);
	ck_assert_int_eq(d->kind, DEPLOY_CERTBOT);
	ck_assert_uint_eq(d->nfiles, 2);
	ck_assert_int_eq(d->files[0].use, USE_CERT);
	ck_assert_int_eq(d->files[1].use, USE_KEY);
	snprintf(want, sizeof(want), "%s/le/live/%s/fullchain.pem", tmp, name);
	ck_assert_str_eq(d->files[0].path, want);
	snprintf(want, sizeof(want), "%s/le/live/%s/privkey.pem", tmp, name);
	ck_assert_str_eq(d->files[1].path, want);
	ck_assert_ptr_null(d->files[0].data);
	if (conf) {
		snprintf(want, sizeof(want), "%s/le/renewal/%s.conf:7", tmp,
		    name);
		ck_assert_str_eq(d->files[0].origin, want);
		snprintf(want, sizeof(want), "%s/le/renewal/%s.conf:5", tmp,
		    name);
		ck_assert_str_eq(d->files[1].origin, want);
	} else
		ck_assert_ptr_null(d->files[0].origin);
}

START_TEST(test_certbot_four_lineages)
{
	struct deployments ds;
	struct findings fs;
	char root[PATH_MAX];

	make_certbot_tree();
	snprintf(root, sizeof(root), "%s/le/", tmp);	/* trailing '/' */
	ck_assert_ptr_eq(source_sniff(root), &source_certbot);
	ck_assert_ptr_eq(source_find("certbot"), &source_certbot);
	deployments_init(&ds);
	findings_init(&fs);
	ck_assert_int_eq(source_certbot.read(root, &ds, &fs), 0);
	ck_assert_uint_eq(ds.n, 4);
	/* By name: renewal/ and live/ merged, sorted. */
	expect_lineage(&ds.v[0], "dangling.example", false);
	expect_lineage(&ds.v[1], "expired.example", true);
	expect_lineage(&ds.v[2], "good.example", true);
	expect_lineage(&ds.v[3], "stale.example", true);
	/* The dangling lineage's two links are named, nothing else. */
	ck_assert_uint_eq(count_id(&fs, "link-dangling"), 2);
	ck_assert_uint_eq(fs.n, 2);
	ck_assert(ends_with(fs.v[0].file, "live/dangling.example/"
	    "fullchain.pem"));
	ck_assert(ends_with(fs.v[1].file, "live/dangling.example/"
	    "privkey.pem"));
	ck_assert_ptr_nonnull(strstr(fs.v[0].message, "without archive/"));
	ck_assert_ptr_nonnull(strstr(fs.v[0].hint, "cp -a"));
	ck_assert_int_eq(fs.v[0].sev, SEV_FAIL);
	deployments_free(&ds);
	findings_free(&fs);
}
END_TEST

/* live/ and live/NAME are certbot too: the tree is found above them. */
START_TEST(test_certbot_live_and_lineage)
{
	struct deployments ds;
	struct findings fs;

	make_certbot_tree();
	deployments_init(&ds);
	findings_init(&fs);
	ck_assert_ptr_eq(source_sniff(at("le/live")), &source_certbot);
	ck_assert_int_eq(source_certbot.read(at("le/live"), &ds, &fs), 0);
	ck_assert_uint_eq(ds.n, 4);
	deployments_free(&ds);
	findings_free(&fs);

	deployments_init(&ds);
	findings_init(&fs);
	ck_assert_ptr_eq(source_sniff(at("le/live/good.example")),
	    &source_certbot);
	ck_assert_int_eq(source_certbot.read(at("le/live/good.example"), &ds,
	    &fs), 0);
	ck_assert_uint_eq(ds.n, 1);
	expect_lineage(&ds.v[0], "good.example", true);
	ck_assert_uint_eq(fs.n, 0);
	deployments_free(&ds);
	findings_free(&fs);

	/* Not certbot: a plain folder, a file. */
	mkdirs("plain");
	write_text(at("plain/cert.pem"), "x\n");
	ck_assert_ptr_null(source_sniff(at("plain")));
	ck_assert_ptr_null(source_sniff(at("plain/cert.pem")));
	deployments_init(&ds);
	findings_init(&fs);
	ck_assert_int_eq(source_certbot.read(at("plain"), &ds, &fs), -1);
	ck_assert_uint_eq(ds.n, 0);
	ck_assert_uint_eq(count_id(&fs, "source-unreadable"), 1);
	deployments_free(&ds);
	findings_free(&fs);
}
END_TEST

/* A renewal path outside any certbot folder is reported at FILE:LINE; a
 * link out of the tree is reported and not followed; cert + chain are
 * used when the renewal file names no fullchain. */
START_TEST(test_certbot_cannot_follow)
{
	struct deployments ds;
	struct findings fs;
	char want[PATH_MAX];

	mkdirs("le/live/odd");
	mkdirs("le/renewal");
	mkdirs("le/archive/odd");
	mkdirs("elsewhere");
	write_text(at("elsewhere/privkey.pem"), "x\n");
	write_text(at("le/archive/odd/cert1.pem"), "x\n");
	ck_assert_int_eq(symlink(at("elsewhere/privkey.pem"),
	    at("le/live/odd/privkey.pem")), 0);
	ck_assert_int_eq(symlink("../../archive/odd/cert1.pem",
	    at("le/live/odd/cert.pem")), 0);
	write_text(at("le/renewal/odd.conf"),
	    "cert = /etc/letsencrypt/live/odd/cert.pem\n"
	    "chain = /srv/chain.pem\n"
	    "privkey = /etc/letsencrypt/live/odd/privkey.pem\n");
	deployments_init(&ds);
	findings_init(&fs);
	ck_assert_int_eq(source_certbot.read(at("le"), &ds, &fs), 0);
	ck_assert_uint_eq(ds.n, 1);
	ck_assert_uint_eq(ds.v[0].nfiles, 1);
	ck_assert_int_eq(ds.v[0].files[0].use, USE_CERT);
	ck_assert(ends_with(ds.v[0].files[0].path, "live/odd/cert.pem"));
	ck_assert_uint_eq(fs.n, 2);
	ck_assert_str_eq(fs.v[0].id, "source-unsupported");
	snprintf(want, sizeof(want), "%s/le/renewal/odd.conf:2", tmp);
	ck_assert_str_eq(fs.v[0].file, want);
	ck_assert_str_eq(fs.v[1].id, "link-outside");
	ck_assert(ends_with(fs.v[1].file, "live/odd/privkey.pem"));
	deployments_free(&ds);
	findings_free(&fs);
}
END_TEST

START_TEST(test_certbot_link_in_tree)
{
	char *real;

	make_certbot_tree();
	real = realpath(at("le/live/good.example/privkey.pem"), NULL);
	ck_assert_ptr_nonnull(real);
	ck_assert(certbot_link_in_tree(at("le/live/good.example/privkey.pem"),
	    real));
	/* The same target reached from a link that is not in live/NAME. */
	ck_assert(!certbot_link_in_tree(at("le/other/privkey.pem"), real));
	free(real);
	ck_assert(!certbot_link_in_tree(at("le/live/good.example/privkey.pem"),
	    "/etc/passwd"));
}
END_TEST

static Suite *
deploy_tree_suite(void)
{
	Suite *s = suite_create("deploy_tree");
	TCase *tc = tcase_create("certbot");

	tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_test(tc, test_certbot_four_lineages);
	tcase_add_test(tc, test_certbot_live_and_lineage);
	tcase_add_test(tc, test_certbot_cannot_follow);
	tcase_add_test(tc, test_certbot_link_in_tree);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(deploy_tree_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
