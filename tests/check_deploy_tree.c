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

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "deploy/deployment.h"
#include "deploy/source.h"
#include "deploy/source_certbot.h"
#include "deploy/source_k8s.h"
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
count_lines(const char *s)
{
	size_t n = 0;

	while ((s = strchr(s, '\n')) != NULL) {
		n++;
		s++;
	}
	return n;
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
	/* The dangling lineage's two links are named in its section,
	 * nothing else anywhere. */
	ck_assert_uint_eq(fs.n, 0);
	for (size_t i = 1; i < 4; i++)
		ck_assert_uint_eq(ds.v[i].findings.n, 0);
	fs = ds.v[0].findings;
	ck_assert_uint_eq(count_id(&fs, "link-dangling"), 2);
	ck_assert_uint_eq(fs.n, 2);
	ck_assert(ends_with(fs.v[0].file, "live/dangling.example/"
	    "fullchain.pem"));
	ck_assert(ends_with(fs.v[1].file, "live/dangling.example/"
	    "privkey.pem"));
	ck_assert_ptr_nonnull(strstr(fs.v[0].message, "without archive/"));
	ck_assert_ptr_nonnull(strstr(fs.v[0].hint, "cp -a"));
	ck_assert_int_eq(fs.v[0].sev, SEV_FAIL);
	findings_init(&fs);	/* the copy above is the deployment's */
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
	ck_assert_ptr_eq(source_sniff(at("le/live/")), &source_certbot);
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
	ck_assert_uint_eq(fs.n, 0);
	ck_assert_uint_eq(ds.v[0].findings.n, 2);
	ck_assert_str_eq(ds.v[0].findings.v[0].id, "source-unsupported");
	snprintf(want, sizeof(want), "%s/le/renewal/odd.conf:2", tmp);
	ck_assert_str_eq(ds.v[0].findings.v[0].file, want);
	ck_assert_str_eq(ds.v[0].findings.v[1].id, "link-outside");
	ck_assert(ends_with(ds.v[0].findings.v[1].file,
	    "live/odd/privkey.pem"));
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


/* ---- Kubernetes ---- */

static char *cert_pem, *key_pem;	/* a leaf and its key, PEM */
static char *cert_b64, *key_b64;

static char *
bio_text(BIO *b)
{
	char *p, *s;
	long n = BIO_get_mem_data(b, &p);

	ck_assert_int_gt(n, 0);
	s = strndup(p, (size_t)n);
	ck_assert_ptr_nonnull(s);
	return s;
}

static char *
b64(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(n / 3 * 4 + 8);

	ck_assert_ptr_nonnull(out);
	EVP_EncodeBlock((unsigned char *)out, (const unsigned char *)s, (int)n);
	return out;
}

static void
k8s_setup(void)
{
	struct pki_spec spec = { .cn = "www.example.test" };
	EVP_PKEY *k = pki_key();
	X509 *x = pki_cert(&spec, k, NULL, NULL);
	BIO *b = BIO_new(BIO_s_mem());

	tmp_setup();
	ck_assert(PEM_write_bio_X509(b, x));
	cert_pem = bio_text(b);
	BIO_free(b);
	b = BIO_new(BIO_s_mem());
	ck_assert(PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL));
	key_pem = bio_text(b);
	BIO_free(b);
	cert_b64 = b64(cert_pem);
	key_b64 = b64(key_pem);
	X509_free(x);
	EVP_PKEY_free(k);
}

static void
k8s_teardown(void)
{
	free(cert_pem);
	free(key_pem);
	free(cert_b64);
	free(key_b64);
	tmp_teardown();
}

/* The PEM text indented for a YAML block scalar. */
static char *
indented(const char *pem, const char *pad)
{
	size_t n = strlen(pem), lines = 0;
	char *out, *o;

	for (size_t i = 0; i < n; i++)
		lines += pem[i] == '\n';
	o = out = malloc(n + lines * strlen(pad) + 1);
	ck_assert_ptr_nonnull(out);
	for (const char *p = pem; *p != '\0'; ) {
		const char *nl = strchr(p, '\n');
		size_t l = nl != NULL ? (size_t)(nl - p) + 1 : strlen(p);
		o += sprintf(o, "%s%.*s", pad, (int)l, p);
		p += l;
	}
	*o = '\0';
	return out;
}

static void
read_k8s(const char *text, struct deployments *ds, struct findings *fs,
    int want_rc)
{
	write_text(at("manifest.yaml"), text);
	deployments_init(ds);
	findings_init(fs);
	ck_assert_int_eq(source_k8s.read(at("manifest.yaml"), ds, fs),
	    want_rc);
}

static void
expect_data(const struct deploy_file *f, const char *name_suffix,
    enum deploy_use use, const char *content, unsigned line)
{
	char want[1100];

	ck_assert_msg(ends_with(f->path, name_suffix), "%s", f->path);
	ck_assert_int_eq(f->use, use);
	ck_assert_ptr_nonnull(f->data);
	ck_assert_uint_eq(f->len, strlen(content));
	ck_assert(memcmp(f->data, content, f->len) == 0);
	snprintf(want, sizeof(want), "%s:%u", at("manifest.yaml"), line);
	ck_assert_str_eq(f->origin, want);
}

/* Several documents: a TLS Secret (data, base64), a ConfigMap, an Opaque
 * Secret, a TLS Secret written with stringData. */
START_TEST(test_k8s_documents)
{
	struct deployments ds;
	struct findings fs;
	char *text, *ic = indented(cert_pem, "    "), *ik = indented(key_pem,
	    "    ");

	ck_assert_int_gt(asprintf(&text,
	    "apiVersion: v1\n"				/* 1 */
	    "kind: Secret\n"
	    "metadata:\n"
	    "  name: www-tls\n"
	    "type: kubernetes.io/tls\n"			/* 5 */
	    "data:\n"
	    "  tls.crt: %s\n"
	    "  tls.key: %s\n"
	    "---\n"
	    "apiVersion: v1\n"				/* 10 */
	    "kind: ConfigMap\n"
	    "data: {a: b}\n"
	    "---\n"
	    "apiVersion: v1\n"
	    "kind: Secret\n"				/* 15 */
	    "metadata: {name: db, namespace: prod}\n"
	    "type: Opaque\n"
	    "data: {password: c2VjcmV0}\n"
	    "---\n"
	    "apiVersion: v1\n"				/* 20 */
	    "kind: Secret\n"
	    "metadata:\n"
	    "  name: api-tls\n"
	    "  namespace: prod\n"
	    "type: kubernetes.io/tls\n"			/* 25 */
	    "stringData:\n"
	    "  tls.crt: |\n%s"
	    "  tls.key: |\n%s",
	    cert_b64, key_b64, ic, ik), 0);
	ck_assert_ptr_eq(source_sniff((write_text(at("manifest.yaml"), text),
	    at("manifest.yaml"))), &source_k8s);
	read_k8s(text, &ds, &fs, 0);
	ck_assert_uint_eq(ds.n, 2);
	ck_assert_str_eq(ds.v[0].name, "k8s default/www-tls");
	ck_assert_int_eq(ds.v[0].kind, DEPLOY_K8S);
	ck_assert_uint_eq(ds.v[0].nfiles, 2);
	expect_data(&ds.v[0].files[0], "manifest.yaml: default/www-tls tls.crt",
	    USE_CERT, cert_pem, 7);
	expect_data(&ds.v[0].files[1], "manifest.yaml: default/www-tls tls.key",
	    USE_KEY, key_pem, 8);
	ck_assert_str_eq(ds.v[1].name, "k8s prod/api-tls");
	ck_assert_uint_eq(ds.v[1].nfiles, 2);
	expect_data(&ds.v[1].files[0], ": prod/api-tls tls.crt", USE_CERT,
	    cert_pem, 27);
	expect_data(&ds.v[1].files[1], ": prod/api-tls tls.key", USE_KEY,
	    key_pem, 27 + 1 + (unsigned)count_lines(cert_pem));
	/* The Opaque Secret is told, not checked. */
	ck_assert_uint_eq(fs.n, 1);
	ck_assert_str_eq(fs.v[0].id, "k8s-not-tls");
	ck_assert_int_eq(fs.v[0].sev, SEV_INFO);
	ck_assert(ends_with(fs.v[0].file, "manifest.yaml:14"));
	deployments_free(&ds);
	findings_free(&fs);
	free(text);
	free(ic);
	free(ik);
}
END_TEST

/* JSON (kubectl -o json): a List, and a SecretList whose items carry no
 * kind; ca.crt is kept as a CA for verification. */
START_TEST(test_k8s_json_lists)
{
	struct deployments ds;
	struct findings fs;
	char *text;

	ck_assert_int_gt(asprintf(&text,
	    "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n"
	    " {\"apiVersion\": \"v1\", \"kind\": \"Secret\",\n"
	    "  \"metadata\": {\"name\": \"a\", \"namespace\": \"web\"},\n"
	    "  \"type\": \"kubernetes.io/tls\",\n"
	    "  \"data\": {\"tls.crt\": \"%s\", \"tls.key\": \"%s\",\n"
	    "           \"ca.crt\": \"%s\"}},\n"
	    " {\"apiVersion\": \"v1\", \"kind\": \"SecretList\", \"items\": [\n"
	    "  {\"metadata\": {\"name\": \"b\"}, \"type\": \"kubernetes.io/tls\",\n"
	    "   \"data\": {\"tls.crt\": \"%s\", \"tls.key\": \"%s\"}}]}\n"
	    "]}\n", cert_b64, key_b64, cert_b64, cert_b64, key_b64), 0);
	read_k8s(text, &ds, &fs, 0);
	ck_assert_uint_eq(fs.n, 0);
	ck_assert_uint_eq(ds.n, 2);
	ck_assert_str_eq(ds.v[0].name, "k8s web/a");
	ck_assert_uint_eq(ds.v[0].nfiles, 3);
	expect_data(&ds.v[0].files[2], ": web/a ca.crt", USE_TRUSTED, cert_pem,
	    6);
	ck_assert_str_eq(ds.v[1].name, "k8s default/b");
	expect_data(&ds.v[1].files[1], ": default/b tls.key", USE_KEY, key_pem,
	    9);
	deployments_free(&ds);
	findings_free(&fs);
	free(text);
}
END_TEST

/* Broken Secrets: bad base64 and a missing key are findings at the line. */
START_TEST(test_k8s_broken)
{
	struct deployments ds;
	struct findings fs;
	char *text;

	ck_assert_int_gt(asprintf(&text,
	    "kind: Secret\napiVersion: v1\nmetadata: {name: x}\n"
	    "type: kubernetes.io/tls\n"
	    "data:\n  tls.crt: '%%%%not base64'\n"), 0);
	read_k8s(text, &ds, &fs, 0);
	ck_assert_uint_eq(ds.n, 1);
	ck_assert_uint_eq(ds.v[0].nfiles, 0);
	/* In the Secret's own section. */
	ck_assert_uint_eq(fs.n, 0);
	ck_assert_uint_eq(ds.v[0].findings.n, 2);
	ck_assert_str_eq(ds.v[0].findings.v[0].id, "k8s-base64");
	ck_assert_int_eq(ds.v[0].findings.v[0].sev, SEV_FAIL);
	ck_assert(ends_with(ds.v[0].findings.v[0].file, "manifest.yaml:6"));
	ck_assert_str_eq(ds.v[0].findings.v[1].id, "k8s-missing");
	ck_assert_ptr_nonnull(strstr(ds.v[0].findings.v[1].message,
	    "tls.key"));
	ck_assert_ptr_nonnull(strstr(ds.v[0].findings.v[1].hint,
	    "kubectl create secret tls NAME"));
	deployments_free(&ds);
	findings_free(&fs);
	free(text);

	/* No TLS Secret at all. */
	read_k8s("apiVersion: v1\nkind: ConfigMap\n", &ds, &fs, 0);
	ck_assert_uint_eq(ds.n, 0);
	ck_assert_uint_eq(count_id(&fs, "source-empty"), 1);
	deployments_free(&ds);
	findings_free(&fs);

	/* Not YAML. */
	read_k8s("kind: Secret\nmetadata: {name: [x\n", &ds, &fs, -1);
	ck_assert_uint_eq(count_id(&fs, "source-syntax"), 1);
	ck_assert_ptr_nonnull(strstr(fs.v[0].message, "line "));
	deployments_free(&ds);
	findings_free(&fs);
}
END_TEST

/* The caps: nested aliases (a "billion laughs") and deep nesting are
 * refused after bounded work. */
START_TEST(test_k8s_limits)
{
	struct deployments ds;
	struct findings fs;
	char text[8192], *o = text;

	o += sprintf(o, "kind: Secret\na0: &a0 [x, x, x, x, x, x, x, x, x, "
	    "x]\n");
	for (int i = 1; i < 10; i++)
		o += sprintf(o, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, "
		    "*a%d, *a%d, *a%d, *a%d]\n", i, i, i - 1, i - 1, i - 1,
		    i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
	read_k8s(text, &ds, &fs, -1);
	ck_assert_uint_eq(count_id(&fs, "source-limit"), 1);
	ck_assert_ptr_nonnull(strstr(fs.v[0].message, "alias"));
	deployments_free(&ds);
	findings_free(&fs);

	o = text;
	for (int i = 0; i < 100; i++)
		*o++ = '[';
	for (int i = 0; i < 100; i++)
		*o++ = ']';
	*o++ = '\n';
	*o = '\0';
	read_k8s(text, &ds, &fs, -1);
	ck_assert_uint_eq(count_id(&fs, "source-limit"), 1);
	ck_assert_ptr_nonnull(strstr(fs.v[0].message, "nested deeper"));
	deployments_free(&ds);
	findings_free(&fs);

	/* An alias inside its own anchor would make a cycle. */
	read_k8s("kind: List\nitems: &i [*i]\n", &ds, &fs, -1);
	ck_assert_uint_eq(fs.n, 1);
	deployments_free(&ds);
	findings_free(&fs);
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

	tc = tcase_create("k8s");
	tcase_add_checked_fixture(tc, k8s_setup, k8s_teardown);
	tcase_add_test(tc, test_k8s_documents);
	tcase_add_test(tc, test_k8s_json_lists);
	tcase_add_test(tc, test_k8s_broken);
	tcase_add_test(tc, test_k8s_limits);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tl_run_suite(deploy_tree_suite());
}
