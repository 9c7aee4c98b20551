/* Unit tests of the scan: ignore patterns, the tree walk, pairing. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "finding.h"
#include "inventory.h"
#include "scan/scan.h"
#include "scan/scan_ignore.h"
#include "scan/scan_load.h"
#include "scan/scan_pair.h"
#include "scan/scan_policy.h"
#include "scan/scan_walk.h"
#include "spki.h"
#include "testlib.h"

/* ---- ignore patterns ---- */

static const struct {
	const char *patterns;	/* newline-separated, as in the file */
	const char *path;
	bool is_dir;
	bool ignored;
} ignore_cases[] = {
	{ "*.key", "a.key", false, true },
	{ "*.key", "deep/er/a.key", false, true },
	{ "*.key", "a.crt", false, false },
	{ "*.key\n!keep.key", "keep.key", false, false },
	{ "*.key\n!keep.key", "x/keep.key", false, false },
	{ "!keep.key\n*.key", "keep.key", false, true },
	{ "fixtures/", "fixtures", true, true },
	{ "fixtures/", "fixtures", false, false },
	{ "fixtures/", "a/fixtures", true, true },
	{ "/fixtures", "fixtures", true, true },
	{ "/fixtures", "a/fixtures", true, false },
	{ "tests/fixtures", "tests/fixtures", true, true },
	{ "tests/fixtures", "x/tests/fixtures", true, false },
	{ "tests/*.pem", "tests/a.pem", false, true },
	{ "tests/*.pem", "tests/sub/a.pem", false, false },
	{ "tests/**/*.pem", "tests/sub/deep/a.pem", false, true },
	{ "tests/**/*.pem", "tests/a.pem", false, true },
	{ "**/test-keys", "a/b/test-keys", true, true },
	{ "vendor/**", "vendor/x/y.pem", false, true },
	{ "vendor/**", "vendor", true, false },
	{ "# comment\n\n  \n*.p12", "a.p12", false, true },
	{ "# comment", "# comment", false, false },
	{ "\\#hash.pem", "#hash.pem", false, true },
	{ "*.pem   ", "a.pem", false, true },
	{ "a?.pem", "ab.pem", false, true },
	{ "a?.pem", "a/.pem", false, false },
	{ "[ab].pem", "b.pem", false, true },
	{ "*", ".hidden.key", false, true },
	{ "", "anything", false, false },
	/* The component matcher (no fnmatch): classes, escapes, stars. */
	{ "[!ab].pem", "c.pem", false, true },
	{ "[!ab].pem", "a.pem", false, false },
	{ "[a-c]x.pem", "bx.pem", false, true },
	{ "[a-c]x.pem", "dx.pem", false, false },
	{ "[unclosed.pem", "[unclosed.pem", false, true },
	{ "\\*.pem", "*.pem", false, true },
	{ "\\*.pem", "a.pem", false, false },
	{ "*a*b*c", "xaybzc", false, true },
	{ "*a*b*c", "xaybzcd", false, false },
	{ "a*", "a", false, true },
	{ "**/**/**/x/**/*.pem", "x/y.pem", false, true },
	{ "a/**/**/b", "a/b", false, true },
	{ "a/**/b", "a/x/y/b", false, true },
	{ "a/**/b", "a/x/y/c", false, false },
	/* Many double stars against a deep path: polynomial, not
	 * exponential (this took minutes with a backtracking matcher). */
	{ "**/**/**/**/**/**/**/**/**/**/**/**/nomatch",
	  "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y.pem", false,
	  false },
	{ "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b",
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  false, false },
};

static struct scan_ignore
ignore_from(const char *patterns)
{
	struct scan_ignore ig;
	char *copy = strdup(patterns), *save = NULL;

	ignore_init(&ig);
	ck_assert_ptr_nonnull(copy);
	for (char *line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		ck_assert(ignore_add(&ig, line));
	free(copy);
	return ig;
}

START_TEST(test_ignore_match)
{
	struct scan_ignore ig = ignore_from(ignore_cases[_i].patterns);
	bool got = ignore_match(&ig, ignore_cases[_i].path,
	    ignore_cases[_i].is_dir);

	ck_assert_msg(got == ignore_cases[_i].ignored,
	    "patterns '%s' path '%s' dir=%d: got %d",
	    ignore_cases[_i].patterns, ignore_cases[_i].path,
	    ignore_cases[_i].is_dir, got);
	ignore_free(&ig);
}
END_TEST

START_TEST(test_ignore_excluded_parents)
{
	struct scan_ignore ig = ignore_from("fixtures/\n!fixtures/keep.pem");

	/* As in git: nothing inside an ignored folder comes back. */
	ck_assert(ignore_excluded(&ig, "fixtures/keep.pem", false));
	ck_assert(ignore_excluded(&ig, "a/fixtures/b/c.pem", false));
	ck_assert(!ignore_excluded(&ig, "fixtures.pem", false));
	ck_assert(!ignore_excluded(&ig, "src/a.pem", false));
	ignore_free(&ig);
}
END_TEST

START_TEST(test_ignore_load)
{
	char dir[] = "/tmp/check_scan.XXXXXX", path[PATH_MAX], err[256];
	struct scan_ignore ig;
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/.certdiagignore", dir);
	ignore_init(&ig);
	/* Missing: no rules, no error. */
	ck_assert_int_eq(ignore_load(&ig, path, err, sizeof(err)), 0);
	ck_assert_uint_eq(ig.n, 0);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fputs("# test keys\r\ntest/*.key\r\n!test/real.key\n", fp);
	fclose(fp);
	ck_assert_int_eq(ignore_load(&ig, path, err, sizeof(err)), 0);
	ck_assert_uint_eq(ig.n, 2);
	ck_assert(ignore_match(&ig, "test/a.key", false));
	ck_assert(!ignore_match(&ig, "test/real.key", false));
	ignore_free(&ig);
	/* A directory where the file should be: a clear error. */
	unlink(path);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	ignore_init(&ig);
	ck_assert_int_eq(ignore_load(&ig, path, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, ".certdiagignore"));
	ignore_free(&ig);
	rmdir(path);
	rmdir(dir);
}
END_TEST

/* ---- tree walk ---- */

static char tree[64];	/* mkdtemp name: short, so joined paths fit */

static void
put(const char *rel, const char *content)
{
	char path[PATH_MAX];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tree, rel);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fputs(content, fp);
	fclose(fp);
}

static void
mk(const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", tree, rel);
	ck_assert_int_eq(mkdir(path, 0700), 0);
}

static void
ln(const char *target, const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", tree, rel);
	ck_assert_int_eq(symlink(target, path), 0);
}

static void
tree_setup(void)
{
	char path[PATH_MAX];

	snprintf(tree, sizeof(tree), "/tmp/check_scan_tree.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tree));
	mk("b");
	mk("b/deep");
	mk(".git");
	mk("fixtures");
	put("a.pem", "a");
	put("b/c.crt", "c");
	put("b/deep/d.key", "d");
	put(".git/config", "not scanned");
	put("fixtures/throwaway.key", "ignored");
	put("z.txt", "z");
	ln("..", "b/loop");			/* back to the root */
	ln("b", "alias");			/* the same folder twice */
	ln("/etc/hostname", "outside");		/* leaves the tree */
	ln("a.pem", "link.pem");		/* stays inside */
	ln("missing", "dangling");
	snprintf(path, sizeof(path), "%s/fifo", tree);
	ck_assert_int_eq(mkfifo(path, 0600), 0);	/* never opened */
}

static void
tree_teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tree);
	ck_assert_int_eq(system(cmd), 0);
}

static bool
has_path(const struct scan_list *l, const char *suffix)
{
	size_t sl = strlen(suffix);

	for (size_t i = 0; i < l->n; i++) {
		size_t pl = strlen(l->v[i].path);
		if (pl >= sl && strcmp(l->v[i].path + pl - sl, suffix) == 0)
			return true;
	}
	return false;
}

START_TEST(test_walk_tree)
{
	struct scan_list l;
	struct walk_state st;
	struct findings fs;
	struct scan_ignore ig = ignore_from("fixtures/");
	struct walk_opts wo = { .ignore = &ig, .ignore_prefix = "",
	    .max_depth = SCAN_MAX_DEPTH, .max_files = SCAN_MAX_FILES };

	scan_list_init(&l);
	walk_state_init(&st);
	findings_init(&fs);
	ck_assert_int_eq(scan_walk(tree, &wo, &st, &l, &fs), 0);
	/* The links not followed are told, with their reasons. */
	ck_assert_uint_eq(fs.n, 1);
	ck_assert_str_eq(fs.v[0].id, "scan-links-skipped");
	ck_assert_ptr_nonnull(strstr(fs.v[0].message, "2 symbolic links not "
	    "followed: 1 leads out of the scanned tree"));
	ck_assert_ptr_nonnull(strstr(fs.v[0].message, "1 leads nowhere"));
	ck_assert_uint_eq(st.links_outside, 1);
	ck_assert_uint_eq(st.links_dangling, 1);
	/* Sorted, .git and fixtures/ left out, the loop and the alias
	 * not entered again, the outside and dangling links skipped; the
	 * link to a file inside is followed after the real files. */
	ck_assert_uint_eq(l.n, 5);
	ck_assert(has_path(&l, "/a.pem"));
	ck_assert(has_path(&l, "/b/c.crt"));
	ck_assert(has_path(&l, "/b/deep/d.key"));
	ck_assert(!has_path(&l, "/alias/c.crt"));
	ck_assert(has_path(&l, "/link.pem"));
	ck_assert_str_eq(l.v[4].path + strlen(tree), "/link.pem");
	ck_assert(has_path(&l, "/z.txt"));
	ck_assert(!has_path(&l, "/config"));
	ck_assert(!has_path(&l, "throwaway.key"));
	ck_assert(!has_path(&l, "/outside"));
	ck_assert(!has_path(&l, "/fifo"));
	ck_assert_uint_ge(st.loops, 2);
	ck_assert_uint_eq(st.skipped_links, 2);
	for (size_t i = 1; i < 4; i++)
		ck_assert_msg(strcmp(l.v[i - 1].path, l.v[i].path) < 0,
		    "order: %s before %s", l.v[i - 1].path, l.v[i].path);
	findings_free(&fs);
	walk_state_free(&st);
	scan_list_free(&l);
	ignore_free(&ig);
}
END_TEST

START_TEST(test_walk_limits)
{
	struct scan_list l;
	struct walk_state st;
	struct findings fs;
	struct walk_opts wo = { .max_depth = 1, .max_files = SCAN_MAX_FILES };

	scan_list_init(&l);
	walk_state_init(&st);
	findings_init(&fs);
	/* b/deep is two levels down. */
	ck_assert_int_eq(scan_walk(tree, &wo, &st, &l, &fs), -1);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert_str_eq(fs.v[0].id, "scan-error");
	ck_assert_int_eq(fs.v[0].sev, SEV_ERROR);
	ck_assert_ptr_nonnull(strstr(fs.v[0].message, "deeper than 1"));
	findings_free(&fs);
	scan_list_free(&l);
	walk_state_free(&st);

	wo.max_depth = SCAN_MAX_DEPTH;
	wo.max_files = 3;
	scan_list_init(&l);
	walk_state_init(&st);
	findings_init(&fs);
	ck_assert_int_eq(scan_walk(tree, &wo, &st, &l, &fs), -1);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_ptr_nonnull(strstr(fs.v[0].message, "more than 3 files"));
	findings_free(&fs);
	scan_list_free(&l);
	walk_state_free(&st);
}
END_TEST

START_TEST(test_walk_missing_and_file)
{
	struct scan_list l;
	struct walk_state st;
	struct findings fs;
	struct walk_opts wo = { .max_depth = SCAN_MAX_DEPTH,
	    .max_files = SCAN_MAX_FILES };
	char path[PATH_MAX];

	scan_list_init(&l);
	walk_state_init(&st);
	findings_init(&fs);
	snprintf(path, sizeof(path), "%s/nope", tree);
	ck_assert_int_eq(scan_walk(path, &wo, &st, &l, &fs), -1);
	ck_assert_ptr_nonnull(strstr(fs.v[0].message, "No such file"));
	ck_assert_str_eq(fs.v[0].file, path);
	snprintf(path, sizeof(path), "%s/a.pem", tree);
	ck_assert_int_eq(scan_walk(path, &wo, &st, &l, &fs), 0);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_str_eq(l.v[0].path, path);
	findings_free(&fs);
	scan_list_free(&l);
	walk_state_free(&st);
}
END_TEST

/* What the walk saw is what is read: a file swapped for a link, or a
 * link pointed elsewhere, between the walk and the open is not read. */
static const char *
load_message(const struct scan_list *l, const char *name)
{
	static char msg[512];
	struct load_ctx lc = { .scan = true };
	struct scan_load_job job = { 0 };
	size_t n = strlen(name);

	msg[0] = '\0';
	for (size_t i = 0; i < l->n; i++) {
		size_t pl = strlen(l->v[i].path);
		if (pl < n + 1 || strcmp(l->v[i].path + pl - n, name) != 0 ||
		    l->v[i].path[pl - n - 1] != '/')
			continue;
		job.file = &l->v[i];
		inventory_init(&job.inv);
		findings_init(&job.fs);
		scan_load_job(&job, &lc);
		ck_assert_uint_eq(job.inv.nobjs, 0);
		if (job.fs.n > 0)
			snprintf(msg, sizeof(msg), "%s", job.fs.v[0].message);
		findings_free(&job.fs);
		inventory_free(&job.inv);
		free(job.blob);
		return msg;
	}
	ck_abort_msg("%s not listed by the walk", name);
	return msg;
}

START_TEST(test_walk_then_swap)
{
	struct scan_list l;
	struct walk_state st;
	struct findings fs;
	struct walk_opts wo = { .max_depth = SCAN_MAX_DEPTH,
	    .max_files = SCAN_MAX_FILES };
	char path[PATH_MAX];

	scan_list_init(&l);
	walk_state_init(&st);
	findings_init(&fs);
	ck_assert_int_eq(scan_walk(tree, &wo, &st, &l, &fs), 0);
	snprintf(path, sizeof(path), "%s/a.pem", tree);
	ck_assert_int_eq(unlink(path), 0);
	ln("/etc/hostname", "a.pem");
	ck_assert_ptr_nonnull(strstr(load_message(&l, "a.pem"),
	    "replaced by a symbolic link"));
	snprintf(path, sizeof(path), "%s/link.pem", tree);
	ck_assert_int_eq(unlink(path), 0);
	ln("z.txt", "link.pem");
	ck_assert_ptr_nonnull(strstr(load_message(&l, "link.pem"),
	    "the link changed"));
	findings_free(&fs);
	scan_list_free(&l);
	walk_state_free(&st);
}
END_TEST

/* ---- pairing ---- */

static const struct {
	const char *path, *stem;
} stem_cases[] = {
	{ "dir/foo.key", "foo" },
	{ "dir/foo.crt", "foo" },
	{ "foo.key.pem", "foo" },
	{ "foo.pem.gz", "foo" },
	{ "a/www.example.com.pem", "www.example.com" },
	{ "a/www.example.com.key", "www.example.com" },
	{ "ca-key.pem", "ca" },
	{ "ca.pem", "ca" },
	{ "server_cert.der", "server" },
	{ ".key", ".key" },
	{ "README", "README" },
	{ "archive.tar", "archive.tar" },
};

START_TEST(test_pair_stem)
{
	char buf[PATH_MAX];

	scan_pair_stem(stem_cases[_i].path, buf);
	ck_assert_str_eq(buf, stem_cases[_i].stem);
}
END_TEST

static EVP_PKEY *
ec_key(void)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");

	ck_assert_ptr_nonnull(k);
	return k;
}

/* A self-signed v3 certificate for key k; a CA or a leaf. */
static X509 *
cert_for(EVP_PKEY *k, const char *cn, bool ca)
{
	return tl_cert(&(struct tl_cert){ .cn = cn, .key = k, .serial = 1,
	    .bc = ca ? "critical,CA:TRUE" : "critical,CA:FALSE",
	    .no_skid = true, .no_akid = true });
}

static void
add(struct inventory *inv, const char *path, enum objkind kind, void *o,
    bool context)
{
	struct source *s = inventory_add_source(inv, path, ROLE_AUTO);

	ck_assert_ptr_nonnull(s);
	s->context = context;
	ck_assert_ptr_nonnull(inventory_add(inv, kind, o, s, 0, "PEM",
	    false));
}

START_TEST(test_pair_conventions)
{
	struct inventory inv;
	struct findings fs;
	EVP_PKEY *k[8];
	struct finding *f = NULL;

	for (size_t i = 0; i < 8; i++)
		k[i] = ec_key();
	inventory_init(&inv);
	findings_init(&fs);
	/* By name: foo.key holds k0, foo.crt is k1's certificate. */
	add(&inv, "a/foo.key", OBJ_KEY, k[0], false);
	add(&inv, "a/foo.crt", OBJ_CERT, cert_for(k[1], "foo", false), false);
	/* By folder: certbot layout, key k2 next to k3's certificate, and a
	 * CA certificate that does not count as a leaf. */
	add(&inv, "live/privkey.pem", OBJ_KEY, k[2], false);
	add(&inv, "live/cert.pem", OBJ_CERT, cert_for(k[3], "live", false),
	    false);
	add(&inv, "live/chain.pem", OBJ_CERT, cert_for(k[4], "CA", true),
	    false);
	/* A good pair; the key of k2's certificate lives elsewhere. */
	add(&inv, "ok/x.key", OBJ_KEY, k[5], false);
	add(&inv, "ok/x.crt", OBJ_CERT, cert_for(k[5], "x", false), false);
	add(&inv, "other/k2.crt", OBJ_CERT, cert_for(k[2], "k2", false),
	    false);
	/* A CA's key next to its certificate and a leaf: no mismatch. */
	add(&inv, "ca/ca.key", OBJ_KEY, k[6], false);
	add(&inv, "ca/ca.crt", OBJ_CERT, cert_for(k[6], "Root", true), false);
	add(&inv, "ca/leaf.crt", OBJ_CERT, cert_for(k[7], "leaf", false),
	    false);

	scan_pair(&inv, &fs);
	ck_assert_uint_eq(tl_count_at(&fs, "key-mismatch", NULL), 2);
	ck_assert_uint_eq(tl_count_at(&fs, "key-mismatch", "a/foo.key"), 1);
	ck_assert_uint_eq(tl_count_at(&fs, "key-mismatch", "live/privkey.pem"), 1);
	for (size_t i = 0; i < fs.n; i++)
		if (strcmp(fs.v[i].file, "live/privkey.pem") == 0 &&
		    strcmp(fs.v[i].id, "key-mismatch") == 0)
			f = &fs.v[i];
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->sev, SEV_FAIL);
	ck_assert_ptr_nonnull(strstr(f->message, "live/cert.pem"));
	ck_assert_ptr_nonnull(strstr(f->message, "by folder"));
	ck_assert_ptr_nonnull(strstr(f->message, "other/k2.crt"));
	ck_assert_ptr_nonnull(f->hint);
	/* k0 has no certificate anywhere. */
	ck_assert_uint_eq(tl_count_at(&fs, "key-orphan", "a/foo.key"), 1);
	ck_assert_uint_eq(tl_count_at(&fs, "key-orphan", NULL), 1);
	/* Every key is stored in clear. */
	ck_assert_uint_eq(tl_count_at(&fs, "private-key-unencrypted", NULL), 4);
	for (size_t i = 0; i < fs.n; i++)
		if (strcmp(fs.v[i].file, "ok/x.key") == 0)
			ck_assert_ptr_nonnull(strstr(fs.v[i].message,
			    "CN=x (ok/x.crt)"));
	findings_free(&fs);
	inventory_free(&inv);
	/* Keys only certificates were made for. */
	EVP_PKEY_free(k[1]);
	EVP_PKEY_free(k[3]);
	EVP_PKEY_free(k[4]);
	EVP_PKEY_free(k[7]);
}
END_TEST

START_TEST(test_pair_context_and_copies)
{
	struct inventory inv;
	struct findings fs;
	EVP_PKEY *k0 = ec_key(), *k1 = ec_key();
	X509 *c1 = cert_for(k1, "one", false);
	struct object *o;

	inventory_init(&inv);
	findings_init(&fs);
	/* Staged: only the certificate; the key beside it is context. */
	add(&inv, "d/svc.crt", OBJ_CERT, X509_dup(c1), false);
	add(&inv, "d/svc.key", OBJ_KEY, k0, true);
	/* The same certificate again, in another file: one object. */
	add(&inv, "e/copy.pem", OBJ_CERT, c1, false);
	ck_assert_uint_eq(inventory_count(&inv, OBJ_CERT), 1);
	o = inv.objs[0];
	ck_assert_uint_eq(o->nalso, 1);
	ck_assert_str_eq(o->also[0]->path, "e/copy.pem");

	scan_pair(&inv, &fs);
	/* The mismatch concerns a staged file: told. The context key
	 * itself is not (no orphan, no unencrypted). */
	ck_assert_uint_eq(tl_count_at(&fs, "key-mismatch", "d/svc.key"), 1);
	ck_assert_uint_eq(tl_count_at(&fs, "key-orphan", NULL), 0);
	ck_assert_uint_eq(tl_count_at(&fs, "private-key-unencrypted", NULL), 0);
	findings_free(&fs);
	inventory_free(&inv);
	EVP_PKEY_free(k1);
}
END_TEST

START_TEST(test_inventory_adopt)
{
	struct inventory a, b;
	EVP_PKEY *k = ec_key();
	X509 *c = cert_for(k, "dup", false);

	inventory_init(&a);
	inventory_init(&b);
	add(&a, "one.pem", OBJ_CERT, X509_dup(c), false);
	add(&b, "two.der", OBJ_CERT, c, false);
	add(&b, "two.key", OBJ_KEY, k, false);
	ck_assert(inventory_adopt(&a, &b, NULL, NULL));
	ck_assert_uint_eq(b.nobjs, 0);
	ck_assert_uint_eq(b.nsrcs, 0);
	ck_assert_uint_eq(a.nobjs, 2);
	ck_assert_uint_eq(a.nsrcs, 3);
	ck_assert_uint_eq(a.objs[0]->nalso, 1);
	ck_assert_str_eq(a.objs[0]->also[0]->path, "two.der");
	ck_assert_str_eq(a.objs[1]->src->path, "two.key");
	inventory_free(&a);
	inventory_free(&b);
}
END_TEST

/* ---- SPKI hashes ---- */

static EVP_PKEY *
gen(const char *alg, const char *curve)
{
	EVP_PKEY *k = NULL;

	if (strcmp(alg, "RSA") == 0)
		k = EVP_RSA_gen(1024);
	else if (strcmp(alg, "RSA-PSS") == 0) {
		EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, alg, NULL);
		ck_assert_ptr_nonnull(c);
		ck_assert_int_gt(EVP_PKEY_keygen_init(c), 0);
		ck_assert_int_gt(EVP_PKEY_CTX_set_rsa_keygen_bits(c, 1024), 0);
		ck_assert_int_gt(EVP_PKEY_keygen(c, &k), 0);
		EVP_PKEY_CTX_free(c);
	}
	else if (curve != NULL)
		k = EVP_EC_gen(curve);
	else
		k = EVP_PKEY_Q_keygen(NULL, NULL, alg);
	ck_assert_msg(k != NULL, "keygen %s", alg);
	return k;
}

static const struct {
	const char *alg, *curve, *point_format;
} spki_cases[] = {
	{ "RSA", NULL, NULL },
	{ "EC", "P-256", NULL },
	{ "EC", "P-384", NULL },
	{ "EC", "P-521", NULL },
	{ "EC", "secp256k1", NULL },
	{ "EC", "P-256", "compressed" },
	{ "ED25519", NULL, NULL },
	{ "ED448", NULL, NULL },
	{ "X25519", NULL, NULL },
	{ "X448", NULL, NULL },
	{ "RSA-PSS", NULL, NULL },	/* the slow way */
};

/* The quick construction must give exactly i2d_PUBKEY()'s bytes, or
 * keys would not pair with their certificates. */
START_TEST(test_spki_matches_i2d)
{
	EVP_PKEY *k = gen(spki_cases[_i].alg, spki_cases[_i].curve);
	unsigned char *der = NULL, want[32], got[32];
	int len;

	if (spki_cases[_i].point_format != NULL)
		ck_assert(EVP_PKEY_set_utf8_string_param(k,
		    "point-format", spki_cases[_i].point_format));
	ck_assert_int_gt(len = i2d_PUBKEY(k, &der), 0);
	ck_assert(EVP_Digest(der, (size_t)len, want, NULL, EVP_sha256(),
	    NULL));
	OPENSSL_free(der);
	ck_assert(spki_sha256_key(k, got));
	ck_assert_msg(memcmp(want, got, 32) == 0, "%s %s: SPKI differs",
	    spki_cases[_i].alg, spki_cases[_i].curve ? spki_cases[_i].curve :
	    "");
	if (strcmp(spki_cases[_i].alg, "EC") == 0 &&
	    spki_cases[_i].point_format == NULL) {
		/* A certificate's own encoding gives the same hash. */
		X509 *x = cert_for(k, "spki", false);
		unsigned char fromcert[32];
		ck_assert(spki_sha256_cert(x, fromcert));
		ck_assert(memcmp(want, fromcert, 32) == 0);
		X509_free(x);
	}
	EVP_PKEY_free(k);
}
END_TEST

/* What a scan keeps: one decision per finding. */
static bool
always_told(const struct finding *f, void *arg)
{
	(void)f;
	(void)arg;
	return true;
}

static const struct {
	const char *id;
	enum severity sev;
	bool about;
	struct scan_facts x;
	enum scan_verdict want;
} policy_cases[] = {
	/* Loading: errors softened, unless the file was not ours. */
	{ "pem-invalid", SEV_ERROR, false, { .stage = SCAN_STAGE_LOAD },
	    SCAN_SOFTEN },
	{ "key-locked", SEV_INFO, false, { .stage = SCAN_STAGE_LOAD },
	    SCAN_KEEP },
	{ "der-invalid", SEV_ERROR, false, { .stage = SCAN_STAGE_LOAD,
	    .not_ours = true }, SCAN_DROP },
	{ "key-locked", SEV_INFO, false, { .stage = SCAN_STAGE_LOAD,
	    .not_ours = true }, SCAN_KEEP },
	/* Checking: passes dropped, told once, --staged knows little. */
	{ "cert-expired", SEV_PASS, true, { .stage = SCAN_STAGE_CHECK },
	    SCAN_DROP },
	{ "cert-expired", SEV_FAIL, true, { .stage = SCAN_STAGE_CHECK },
	    SCAN_KEEP },
	{ "cert-expired", SEV_FAIL, true, { .stage = SCAN_STAGE_CHECK,
	    .told = always_told }, SCAN_DROP },
	{ "cert-expired", SEV_FAIL, false, { .stage = SCAN_STAGE_CHECK,
	    .told = always_told }, SCAN_KEEP },
	{ "chain-incomplete", SEV_FAIL, true, { .stage = SCAN_STAGE_CHECK,
	    .staged = true }, SCAN_DROP },
	{ "chain-incomplete", SEV_FAIL, true, { .stage = SCAN_STAGE_CHECK },
	    SCAN_KEEP },
};

START_TEST(test_policy)
{
	struct object o = { 0 };
	struct finding f = { .id = policy_cases[_i].id,
	    .sev = policy_cases[_i].sev,
	    .about = policy_cases[_i].about ? &o : NULL };

	ck_assert_int_eq(scan_policy(&f, &policy_cases[_i].x),
	    policy_cases[_i].want);
}
END_TEST

static Suite *
scan_suite(void)
{
	Suite *s = suite_create("scan");
	TCase *tc = tl_tcase(s, "ignore");

	tl_add_loop(tc, test_ignore_match, ignore_cases);
	tcase_add_test(tc, test_ignore_excluded_parents);
	tcase_add_test(tc, test_ignore_load);

	tc = tl_tcase(s, "walk");
	tcase_add_checked_fixture(tc, tree_setup, tree_teardown);
	tcase_add_test(tc, test_walk_tree);
	tcase_add_test(tc, test_walk_limits);
	tcase_add_test(tc, test_walk_missing_and_file);
	tcase_add_test(tc, test_walk_then_swap);

	tc = tl_tcase(s, "pair");
	tl_add_loop(tc, test_pair_stem, stem_cases);
	tcase_add_test(tc, test_pair_conventions);
	tcase_add_test(tc, test_pair_context_and_copies);
	tcase_add_test(tc, test_inventory_adopt);

	tc = tl_tcase(s, "policy");
	tl_add_loop(tc, test_policy, policy_cases);

	tc = tl_tcase(s, "spki");
	tl_add_loop(tc, test_spki_matches_i2d, spki_cases);
	return s;
}

int
main(void)
{
	return tl_run_suite(scan_suite());
}
