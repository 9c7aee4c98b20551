/* Unit tests of the renderers: an inventory built in memory (a CA, a
 * leaf and its key, made with libcrypto at a pinned time), findings of
 * each severity, and every format rendered into a memory stream. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "describe.h"
#include "finding.h"
#include "inventory.h"
#include "options.h"
#include "report/report.h"
#include "testlib.h"

/* The suites' one clock: fixtures are dated from it, never the clock. */
#define NOW	TESTLIB_NOW
#define DAY	86400L

static struct inventory inv;
static struct findings fs;
static struct options opt;
static struct report_ctx rc;
static EVP_PKEY *leaf_key;
static struct object *leaf, *chain, *key;

static void
add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX v3;
	X509_EXTENSION *e;

	X509V3_set_ctx(&v3, issuer, x, NULL, NULL, 0);
	e = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
	ck_assert_ptr_nonnull(e);
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
}

static X509 *
make_cert(EVP_PKEY *k, const char *cn, X509 *issuer, EVP_PKEY *issuer_key,
    long days, bool ca)
{
	X509 *x = X509_new();
	X509_NAME *n = X509_get_subject_name(x);
	time_t now = NOW;

	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), ca ? 0x1001 : 0x2002);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
	    (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, issuer != NULL ?
	    X509_get_subject_name(issuer) : n);
	X509_time_adj_ex(X509_getm_notBefore(x), -1, 0, &now);
	X509_time_adj_ex(X509_getm_notAfter(x), (int)days, 0, &now);
	X509_set_pubkey(x, k);
	add_ext(x, issuer != NULL ? issuer : x, NID_subject_key_identifier,
	    "hash");
	if (ca) {
		add_ext(x, x, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
		add_ext(x, x, NID_key_usage, "critical,keyCertSign,cRLSign");
	} else {
		add_ext(x, issuer, NID_authority_key_identifier, "keyid");
		add_ext(x, x, NID_subject_alt_name,
		    "DNS:example.com,DNS:www.example.com");
		add_ext(x, x, NID_ext_key_usage, "serverAuth");
		add_ext(x, x, NID_info_access,
		    "caIssuers;URI:http://ca.test/ca.der,OCSP;URI:http://ocsp.test");
		add_ext(x, x, NID_crl_distribution_points,
		    "URI:http://ca.test/ca.crl");
	}
	ck_assert_int_gt(X509_sign(x, issuer_key, EVP_sha256()), 0);
	return x;
}

static void
setup(void)
{
	EVP_PKEY *ca_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	X509 *ca, *lf;
	struct source *s_leaf, *s_chain, *s_key;

	leaf_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	ck_assert_ptr_nonnull(ca_key);
	ck_assert_ptr_nonnull(leaf_key);
	ca = make_cert(ca_key, "Example Intermediate", NULL, ca_key, 400, true);
	lf = make_cert(leaf_key, "example.com", ca, ca_key, 90, false);

	inventory_init(&inv);
	findings_init(&fs);
	s_leaf = inventory_add_source(&inv, "leaf.pem", ROLE_CERT);
	s_chain = inventory_add_source(&inv, "chain.pem", ROLE_CHAIN);
	s_key = inventory_add_source(&inv, "leaf.key", ROLE_KEY);
	/* Chain first: the report must still lead with the leaf. */
	chain = inventory_add(&inv, OBJ_CERT, ca, s_chain, 0, "PEM", false);
	leaf = inventory_add(&inv, OBJ_CERT, lf, s_leaf, 0, "PEM", false);
	EVP_PKEY_up_ref(leaf_key);
	key = inventory_add(&inv, OBJ_KEY, leaf_key, s_key, 0, "PEM", false);
	ck_assert_ptr_nonnull(chain);
	ck_assert_ptr_nonnull(leaf);
	ck_assert_ptr_nonnull(key);
	inventory_sort(&inv);
	ck_assert_ptr_eq(inv.leaf, leaf);
	EVP_PKEY_free(ca_key);

	memset(&opt, 0, sizeof(opt));
	opt.warn_days = 30;
	opt.crit_days = 7;
	rc = (struct report_ctx){ .opt = &opt, .now = NOW, .color = false };
}

static void
teardown(void)
{
	findings_free(&fs);
	inventory_free(&inv);
	EVP_PKEY_free(leaf_key);
}

typedef void (*renderer)(FILE *, const struct inventory *,
    const struct findings *, const struct report_ctx *);

/* Renders into memory; the caller frees the result. */
static char *
render(renderer r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	r(fp, &inv, &fs, &rc);
	fclose(fp);
	return buf;
}

static void
add_passes(void)
{
	finding_add(&fs, "key-match", SEV_PASS, leaf,
	    "the private key in leaf.key belongs to this certificate");
	finding_add(&fs, "chain-complete", SEV_PASS, leaf,
	    "chain.pem completes the chain");
	finding_add(&fs, "ca-valid", SEV_PASS, chain,
	    "the intermediate is valid for 400 days");
}

static void
add_problems(void)
{
	struct finding *f;

	f = finding_add(&fs, "expires-soon", SEV_WARN, chain,
	    "expires within 30 days");
	finding_hint(f, "renew the intermediate");
	f = finding_add(&fs, "chain-incomplete", SEV_FAIL, leaf,
	    "the intermediate is not served");
	finding_hint(f, "cat leaf.pem intermediate.pem > fullchain.pem");
}

static void
add_error(void)
{
	struct finding *f = finding_add_file(&fs, "unreadable", SEV_ERROR,
	    "x.pem", "cannot read: No such file or directory");
	finding_hint(f, "check the path");
}

#define ASSERT_HAS(s, needle) \
	ck_assert_msg(strstr((s), (needle)) != NULL, \
	    "expected \"%s\" in:\n%s", (needle), (s))
#define ASSERT_LACKS(s, needle) \
	ck_assert_msg(strstr((s), (needle)) == NULL, \
	    "did not expect \"%s\" in:\n%s", (needle), (s))

START_TEST(test_text_all_pass)
{
	char *out;

	add_passes();
	out = render(report_text);
	ASSERT_HAS(out, "example.com  (EC P-256, expires 2027-04-15, in 90 days)\n");
	ASSERT_HAS(out, "leaf certificate from leaf.pem, covers example.com, "
	    "www.example.com\n");
	ASSERT_HAS(out, "  \u2713 the private key in leaf.key");
	ASSERT_HAS(out, "Example Intermediate  (EC P-256, expires 2028-02-19, "
	    "in 400 days)\n");
	ASSERT_HAS(out, "certdiag: OK \u2014 all 3 checks passed\n");
	ASSERT_LACKS(out, "\033[");
	ASSERT_LACKS(out, "fix:");
	/* The leaf's section comes first although the chain loaded first. */
	ck_assert(strstr(out, "example.com  (") <
	    strstr(out, "Example Intermediate  ("));
	free(out);
}
END_TEST

START_TEST(test_text_problems)
{
	char *out;

	add_passes();
	add_problems();
	finding_add(&fs, "ocsp-stapling", SEV_INFO, leaf, "an OCSP URL is set");
	out = render(report_text);
	ASSERT_HAS(out, "  ! expires-soon: expires within 30 days\n"
	    "    fix: renew the intermediate\n");
	ASSERT_HAS(out, "  \u2717 chain-incomplete: the intermediate is not "
	    "served\n    fix: cat leaf.pem intermediate.pem > fullchain.pem\n");
	ASSERT_HAS(out, "  i ocsp-stapling: an OCSP URL is set\n");
	ASSERT_HAS(out, "\u2713 the private key");
	ASSERT_LACKS(out, "key-match");
	ASSERT_HAS(out, "certdiag: FAIL \u2014 1 failure, 1 warning "
	    "(example.com)\n");
	free(out);
}
END_TEST

START_TEST(test_text_quiet)
{
	char *out;

	opt.quiet = true;
	add_passes();
	finding_add(&fs, "note", SEV_INFO, leaf, "just so you know");
	out = render(report_text);
	/* Nothing wrong: nothing said. */
	ck_assert_str_eq(out, "");
	free(out);

	add_problems();
	out = render(report_text);
	ASSERT_LACKS(out, "the private key");
	ASSERT_LACKS(out, "just so you know");
	ASSERT_HAS(out, "! expires-soon");
	ASSERT_HAS(out, "\u2717 chain-incomplete");
	ASSERT_HAS(out, "fix: cat leaf.pem");
	ASSERT_HAS(out, "certdiag: FAIL");
	free(out);
}
END_TEST

START_TEST(test_text_color)
{
	char *out;

	add_passes();
	add_problems();
	rc.color = true;
	out = render(report_text);
	ASSERT_HAS(out, "\033[32m\u2713\033[0m the private key");
	ASSERT_HAS(out, "\033[31m\u2717\033[0m chain-incomplete");
	ASSERT_HAS(out, "\033[33m!\033[0m expires-soon");
	free(out);
	rc.color = false;
	out = render(report_text);
	ASSERT_LACKS(out, "\033");
	free(out);
}
END_TEST

START_TEST(test_text_error)
{
	char *out;

	add_error();
	finding_add(&fs, "no-certificate", SEV_ERROR, NULL,
	    "no certificate found in the files given");
	out = render(report_text);
	ASSERT_HAS(out, "general\n");
	ASSERT_HAS(out, "  \u2717 error: x.pem: cannot read: No such file or "
	    "directory\n    fix: check the path\n");
	ASSERT_HAS(out, "  \u2717 error: no certificate found");
	ASSERT_HAS(out, "certdiag: ERROR \u2014 could not complete: 2 errors "
	    "(example.com)\n");
	free(out);
}
END_TEST

START_TEST(test_text_grouping)
{
	struct object stray;
	char *out, *a, *b, *c;

	/* Interleaved findings still come out grouped, leaf first; one
	 * about an object the inventory lacks is not lost. */
	memset(&stray, 0, sizeof(stray));
	finding_add(&fs, "one", SEV_PASS, chain, "chain one");
	finding_add(&fs, "two", SEV_PASS, leaf, "leaf two");
	finding_add(&fs, "three", SEV_WARN, &stray, "stray three");
	finding_add(&fs, "four", SEV_PASS, chain, "chain four");
	finding_add(&fs, "five", SEV_PASS, leaf, "leaf five");
	out = render(report_text);
	a = strstr(out, "  \u2713 leaf two\n  \u2713 leaf five\n");
	b = strstr(out, "  \u2713 chain one\n  \u2713 chain four\n");
	c = strstr(out, "general\n  ! three: stray three\n");
	ck_assert_msg(a != NULL && b != NULL && c != NULL && a < b && b < c,
	    "%s", out);
	free(out);
}
END_TEST

START_TEST(test_text_expired)
{
	char *out;

	rc.now = NOW + 100 * DAY;
	finding_add(&fs, "expired", SEV_FAIL, leaf, "expired");
	out = render(report_text);
	ASSERT_HAS(out, "example.com  (EC P-256, expired 2027-04-15, "
	    "10 days ago)\n");
	free(out);
	out = render(report_nagios);
	ASSERT_HAS(out, "| days_leaf=-10;30:;7:;; days_chain_min=300;30:;7:;;\n");
	free(out);
	rc.now = NOW + 90 * DAY;
	out = render(report_text);
	ASSERT_HAS(out, "(EC P-256, expires 2027-04-15, today)\n");
	free(out);
}
END_TEST

static json_object *
render_json(void)
{
	char *out = render(report_json);
	json_object *root = json_tokener_parse(out);

	ck_assert_msg(root != NULL, "not JSON:\n%s", out);
	free(out);
	return root;
}

static json_object *
get(json_object *obj, const char *key)
{
	json_object *v = NULL;

	ck_assert_msg(json_object_object_get_ex(obj, key, &v),
	    "no \"%s\" in %s", key, json_object_to_json_string(obj));
	return v;
}

static const char *
get_str(json_object *obj, const char *key)
{
	return json_object_get_string(get(obj, key));
}

static const struct {
	enum severity sev;
	const char *status;
} status_cases[] = {
	{ SEV_PASS, "ok" },
	{ SEV_INFO, "ok" },
	{ SEV_WARN, "warn" },
	{ SEV_FAIL, "fail" },
	{ SEV_ERROR, "error" },
};

START_TEST(test_json_status)
{
	json_object *root, *finds;

	add_passes();
	finding_add(&fs, "worst", status_cases[_i].sev, leaf, "the worst one");
	root = render_json();
	ck_assert_int_eq(json_object_get_int(get(root, "schema")), 3);
	ck_assert_str_eq(get_str(root, "status"), status_cases[_i].status);
	finds = get(root, "findings");
	/* Passes are omitted. */
	ck_assert_int_eq(json_object_array_length(finds),
	    status_cases[_i].sev == SEV_PASS ? 0 : 1);
	ck_assert_int_eq(json_object_get_int(get(get(root, "counts"), "pass")),
	    status_cases[_i].sev == SEV_PASS ? 4 : 3);
	json_object_put(root);
}
END_TEST

START_TEST(test_json_fields)
{
	json_object *root, *objs, *o, *f, *v;
	char *hex;

	add_passes();
	add_problems();
	add_error();
	root = render_json();
	ck_assert_str_eq(get_str(root, "status"), "error");
	objs = get(root, "objects");
	ck_assert_int_eq(json_object_array_length(objs), 3);

	o = json_object_array_get_idx(objs, 0);
	ck_assert_str_eq(get_str(o, "file"), "leaf.pem");
	ck_assert_str_eq(get_str(o, "kind"), "certificate");
	ck_assert_str_eq(get_str(o, "role"), "leaf");
	ck_assert_str_eq(get_str(o, "subject"), "CN=example.com");
	ck_assert_str_eq(get_str(o, "issuer"), "CN=Example Intermediate");
	ck_assert_str_eq(get_str(o, "serial"), "2002");
	ck_assert_str_eq(get_str(o, "not_before"), "2027-01-14T08:00:00Z");
	ck_assert_str_eq(get_str(o, "not_after"), "2027-04-15T08:00:00Z");
	ck_assert_str_eq(get_str(o, "key"), "EC P-256");
	v = get(o, "names");
	ck_assert_int_eq(json_object_array_length(v), 2);
	ck_assert_str_eq(json_object_get_string(
	    json_object_array_get_idx(v, 1)), "www.example.com");
	hex = malloc(65);
	for (int i = 0; i < 32; i++)
		snprintf(hex + i * 2, 3, "%02x", leaf->sha256[i]);
	ck_assert_str_eq(get_str(o, "sha256"), hex);
	free(hex);
	ck_assert_int_eq(strlen(get_str(o, "spki_sha256")), 64);
	ck_assert_int_eq(json_object_array_length(get(o, "also")), 0);

	o = json_object_array_get_idx(objs, 1);
	ck_assert_str_eq(get_str(o, "role"), "chain");
	ck_assert(json_object_get_boolean(get(o, "ca")));

	o = json_object_array_get_idx(objs, 2);
	ck_assert_str_eq(get_str(o, "kind"), "private-key");
	ck_assert_str_eq(get_str(o, "spki_sha256"),
	    get_str(json_object_array_get_idx(objs, 0), "spki_sha256"));
	/* Fields that do not apply are absent. */
	ck_assert(!json_object_object_get_ex(o, "subject", NULL));
	ck_assert(!json_object_object_get_ex(o, "not_after", NULL));
	ck_assert(!json_object_get_boolean(get(o, "encrypted")));

	v = get(root, "findings");
	ck_assert_int_eq(json_object_array_length(v), 3);
	f = json_object_array_get_idx(v, 1);
	ck_assert_str_eq(get_str(f, "id"), "chain-incomplete");
	ck_assert_str_eq(get_str(f, "severity"), "fail");
	ck_assert_str_eq(get_str(f, "file"), "leaf.pem");
	ck_assert_str_eq(get_str(f, "subject"), "CN=example.com");
	ck_assert_str_eq(get_str(f, "hint"),
	    "cat leaf.pem intermediate.pem > fullchain.pem");
	ck_assert_int_eq(json_object_get_int(get(f, "object")), 0);
	f = json_object_array_get_idx(v, 2);
	ck_assert_str_eq(get_str(f, "severity"), "error");
	ck_assert_str_eq(get_str(f, "file"), "x.pem");
	ck_assert(!json_object_object_get_ex(f, "subject", NULL));
	json_object_put(root);
}
END_TEST

START_TEST(test_json_no_slash_escape)
{
	char *out;

	finding_add_file(&fs, "unreadable", SEV_ERROR, "/etc/ssl/x.pem",
	    "cannot read");
	out = render(report_json);
	ASSERT_HAS(out, "\"/etc/ssl/x.pem\"");
	free(out);
}
END_TEST

static char *
first_line(const char *s)
{
	const char *nl = strchr(s, '\n');

	ck_assert_ptr_nonnull(nl);
	return strndup(s, (size_t)(nl - s));
}

START_TEST(test_nagios_states)
{
	char *out, *line;

	add_passes();
	out = render(report_nagios);
	line = first_line(out);
	ck_assert_str_eq(line, "CERTDIAG OK - example.com expires in 90 days "
	    "| days_leaf=90;30:;7:;; days_chain_min=400;30:;7:;;");
	/* Nothing after the status line when all is well. */
	ck_assert_str_eq(out + strlen(line), "\n");
	free(line);
	free(out);

	finding_add(&fs, "expires-soon", SEV_WARN, leaf, "expires in 90 days");
	out = render(report_nagios);
	line = first_line(out);
	ck_assert_str_eq(line, "CERTDIAG WARNING - expires-soon: expires in 90 "
	    "days | days_leaf=90;30:;7:;; days_chain_min=400;30:;7:;;");
	free(line);
	free(out);

	finding_add(&fs, "key-mismatch", SEV_FAIL, leaf, "not | this key");
	finding_add(&fs, "expired", SEV_FAIL, chain, "expired");
	out = render(report_nagios);
	line = first_line(out);
	/* A '|' in a message would start perfdata. */
	ck_assert_str_eq(line, "CERTDIAG CRITICAL - key-mismatch: not   this "
	    "key, expired: expired | days_leaf=90;30:;7:;; "
	    "days_chain_min=400;30:;7:;;");
	ASSERT_HAS(out, "\nfail key-mismatch: not   this key\n");
	ASSERT_HAS(out, "\nwarn expires-soon: expires in 90 days\n");
	free(line);
	free(out);

	add_error();
	out = render(report_nagios);
	line = first_line(out);
	ck_assert_str_eq(line, "CERTDIAG UNKNOWN - x.pem: cannot read: No such "
	    "file or directory | days_leaf=90;30:;7:;; days_chain_min=400;30:;7:;;");
	free(line);
	free(out);
}
END_TEST

START_TEST(test_nagios_thresholds)
{
	char *out;

	opt.warn_days = 5;
	chain->role = ROLE_CA;
	out = render(report_nagios);
	/* crit never exceeds warn; anchors are not chain certificates. */
	ASSERT_HAS(out, "| days_leaf=90;5:;5:;;\n");
	ASSERT_LACKS(out, "days_chain_min");
	free(out);
}
END_TEST

START_TEST(test_nagios_no_leaf)
{
	char *out;

	inv.leaf = NULL;
	add_error();
	out = render(report_nagios);
	ASSERT_HAS(out, "CERTDIAG UNKNOWN - x.pem: cannot read");
	ASSERT_LACKS(out, "|");
	free(out);
}
END_TEST

/* The private scalar in hex, both cases, and its first bytes as a
 * colon-separated fingerprint would print them. */
static void
assert_no_secret(const char *out)
{
	BIGNUM *priv = NULL;
	char *hex, *lower, colon[3 * 8];

	ck_assert_int_eq(EVP_PKEY_get_bn_param(leaf_key,
	    OSSL_PKEY_PARAM_PRIV_KEY, &priv), 1);
	hex = BN_bn2hex(priv);
	lower = strdup(hex);
	for (char *p = lower; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'F' ? *p - 'A' + 'a' : *p);
	hex[16] = lower[16] = '\0';
	for (int i = 0; i < 8; i++)
		snprintf(colon + i * 3, 4, i < 7 ? "%.2s:" : "%.2s", hex + i * 2);
	ASSERT_LACKS(out, hex);
	ASSERT_LACKS(out, lower);
	ASSERT_LACKS(out, colon);
	ASSERT_LACKS(out, "PRIVATE KEY");
	ASSERT_LACKS(out, "MIG");	/* DER of a private key, base64 */
	OPENSSL_free(hex);
	free(lower);
	BN_free(priv);
}

START_TEST(test_show)
{
	char *out, *fp;

	key->encrypted = true;
	add_error();
	out = render(report_show);
	ASSERT_HAS(out, "leaf.pem: certificate (PEM)\n");
	ASSERT_HAS(out, "  subject              CN=example.com\n");
	ASSERT_HAS(out, "  issuer               CN=Example Intermediate\n");
	ASSERT_HAS(out, "  serial               2002\n");
	ASSERT_HAS(out, "  valid                2027-01-14T08:00:00Z to "
	    "2027-04-15T08:00:00Z (expires in 90 days)\n");
	ASSERT_HAS(out, "  names                example.com, www.example.com\n");
	ASSERT_HAS(out, "  key                  EC P-256\n");
	ASSERT_HAS(out, "  signature            ecdsa-with-SHA256\n");
	ASSERT_HAS(out, "  extended key usage   serverAuth\n");
	ASSERT_HAS(out, "  ca issuers           http://ca.test/ca.der\n");
	ASSERT_HAS(out, "  ocsp                 http://ocsp.test\n");
	ASSERT_HAS(out, "  crl distribution     http://ca.test/ca.crl\n");
	ASSERT_HAS(out, "  basic constraints    CA:TRUE, pathlen:0\n");
	ASSERT_HAS(out, "  key usage            keyCertSign, cRLSign\n");
	ASSERT_HAS(out, "  subject key id       ");
	ASSERT_HAS(out, "  authority key id     ");
	fp = hex_fingerprint(leaf->sha256, sizeof(leaf->sha256));
	ASSERT_HAS(out, fp);
	free(fp);
	fp = hex_fingerprint(key->spki_sha256, sizeof(key->spki_sha256));
	ASSERT_HAS(out, fp);
	free(fp);
	ASSERT_HAS(out, "leaf.key: private key (PEM)\n"
	    "  key                  EC P-256\n"
	    "  encrypted in file    yes\n");
	ASSERT_HAS(out, "error: x.pem: cannot read");
	ASSERT_HAS(out, "    fix: check the path\n");
	assert_no_secret(out);
	free(out);

	finding_add_file(&fs, "pkcs12-legacy", SEV_WARN, "old.p12",
	    "RC2 encryption");
	finding_add(&fs, "odd", SEV_INFO, key, "a note");
	out = render(report_show);
	ASSERT_HAS(out, "\nwarn pkcs12-legacy: old.p12: RC2 encryption\n");
	ASSERT_HAS(out, "\ninfo odd: leaf.key: a note\n");
	free(out);
}
END_TEST

START_TEST(test_no_secret_anywhere)
{
	renderer all[] = { report_text, report_json, report_nagios,
	    report_show };

	add_passes();
	finding_add(&fs, "key-file-permissions", SEV_WARN, key,
	    "readable by others");
	{
		/* A key's section: titled by its file, no repeated line. */
		char *out = render(report_text);
		ASSERT_HAS(out, "\nleaf.key  (EC P-256 private key)\n"
		    "  ! key-file-permissions: readable by others\n");
		free(out);
	}
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		char *out = render(all[i]);
		assert_no_secret(out);
		free(out);
	}
}
END_TEST

START_TEST(test_show_csr_crl)
{
	X509_REQ *req = X509_REQ_new();
	X509_CRL *crl = X509_CRL_new();
	X509_NAME *n = X509_NAME_new();
	X509_REVOKED *r = X509_REVOKED_new();
	ASN1_TIME *t = ASN1_TIME_new();
	ASN1_INTEGER *serial;
	struct source *s = inventory_add_source(&inv, "more.pem", ROLE_AUTO);
	time_t now = NOW;
	char *out;

	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
	    (const unsigned char *)"req.example", -1, -1, 0);
	X509_REQ_set_subject_name(req, n);
	X509_REQ_set_pubkey(req, leaf_key);
	X509_REQ_sign(req, leaf_key, EVP_sha256());
	ck_assert_ptr_nonnull(inventory_add(&inv, OBJ_CSR, req, s, 0, "PEM",
	    false));

	X509_CRL_set_version(crl, 1);
	X509_CRL_set_issuer_name(crl, X509_get_subject_name(chain->x509));
	X509_time_adj_ex(t, -7, 0, &now);
	X509_CRL_set1_lastUpdate(crl, t);
	X509_time_adj_ex(t, 3, 0, &now);
	X509_CRL_set1_nextUpdate(crl, t);
	serial = ASN1_INTEGER_new();
	ASN1_INTEGER_set(serial, 5);
	X509_REVOKED_set_serialNumber(r, serial);
	ASN1_INTEGER_free(serial);
	X509_REVOKED_set_revocationDate(r, t);
	X509_CRL_add0_revoked(crl, r);
	X509_CRL_sign(crl, leaf_key, EVP_sha256());
	ck_assert_ptr_nonnull(inventory_add(&inv, OBJ_CRL, crl, s, 1, "PEM",
	    false));
	ASN1_TIME_free(t);
	X509_NAME_free(n);

	out = render(report_show);
	ASSERT_HAS(out, "more.pem: certificate request (PEM)\n"
	    "  subject              CN=req.example\n"
	    "  requested names      req.example\n"
	    "  key                  EC P-256\n"
	    "  signature            ecdsa-with-SHA256, valid\n");
	ASSERT_HAS(out, "more.pem #2: certificate revocation list (PEM)\n"
	    "  issuer               CN=Example Intermediate\n"
	    "  last update          2027-01-08T08:00:00Z (7 days ago)\n"
	    "  next update          2027-01-18T08:00:00Z (in 3 days)\n"
	    "  revoked              1 certificate\n");
	free(out);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tl_tcase(s, "report");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_text_all_pass);
	tcase_add_test(tc, test_text_problems);
	tcase_add_test(tc, test_text_quiet);
	tcase_add_test(tc, test_text_color);
	tcase_add_test(tc, test_text_error);
	tcase_add_test(tc, test_text_expired);
	tcase_add_test(tc, test_text_grouping);
	tl_add_loop(tc, test_json_status, status_cases);
	tcase_add_test(tc, test_json_fields);
	tcase_add_test(tc, test_json_no_slash_escape);
	tcase_add_test(tc, test_nagios_states);
	tcase_add_test(tc, test_nagios_thresholds);
	tcase_add_test(tc, test_nagios_no_leaf);
	tcase_add_test(tc, test_show);
	tcase_add_test(tc, test_no_secret_anywhere);
	tcase_add_test(tc, test_show_csr_crl);
	return tl_run_suite(s);
}
