/* Unit tests of the core: option parsing, findings, the inventory. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cli.h"
#include "describe.h"
#include "finding.h"
#include "strbuf.h"
#include "inventory.h"

static const struct {
	const char *in;
	bool ok;
	long long want;
} time_cases[] = {
	{ "@0", true, 0 },
	{ "@1700000000", true, 1700000000 },
	{ "2026-01-31T12:00:00Z", true, 1769860800 },
	{ "2026-01-31t12:00:00z", true, 1769860800 },
	{ "2026-01-31 12:00:00Z", true, 1769860800 },
	{ "2026-01-31T14:00:00+02:00", true, 1769860800 },
	{ "2026-01-31T11:30:00-00:30", true, 1769860800 },
	{ "2026-01-31T12:00:00.250Z", true, 1769860800 },
	{ "2026-01-31", true, 1769817600 },
	{ "2026-02-30", false, 0 },
	{ "2026-13-01", false, 0 },
	{ "2026-01-31T12:00:00", false, 0 },
	{ "2026-01-31T12:00Z", false, 0 },
	{ "26-01-31", false, 0 },
	{ "@", false, 0 },
	{ "@12x", false, 0 },
	{ "", false, 0 },
	{ "tomorrow", false, 0 },
};

START_TEST(test_parse_time)
{
	time_t t = 0;
	bool ok = cli_parse_time(time_cases[_i].in, &t);

	ck_assert_msg(ok == time_cases[_i].ok, "'%s': ok=%d",
	    time_cases[_i].in, ok);
	if (ok)
		ck_assert_int_eq((long long)t, time_cases[_i].want);
}
END_TEST

START_TEST(test_parse_int)
{
	long v;

	ck_assert(cli_parse_int("30", 0, 100, &v) && v == 30);
	ck_assert(!cli_parse_int("30x", 0, 100, &v));
	ck_assert(!cli_parse_int("", 0, 100, &v));
	ck_assert(!cli_parse_int(" 3", 0, 100, &v));
	ck_assert(!cli_parse_int("101", 0, 100, &v));
	ck_assert(!cli_parse_int("-1", 0, 100, &v));
	ck_assert(!cli_parse_int("99999999999999999999", 0, 100, &v));
}
END_TEST

static enum cli_result
parse(struct options *o, const char *line, char *err, size_t errlen)
{
	char *argv[32], *copy = strdup(line), *tok, *save = NULL;
	static char keep[32][128];
	int argc = 0;

	for (tok = strtok_r(copy, " ", &save); tok != NULL && argc < 32;
	    tok = strtok_r(NULL, " ", &save)) {
		snprintf(keep[argc], sizeof(keep[argc]), "%s", tok);
		argv[argc] = keep[argc];
		argc++;
	}
	free(copy);
	options_init(o);
	return cli_parse(o, argc, argv, err, errlen);
}

START_TEST(test_cli_check)
{
	struct options o;
	char err[256];

	ck_assert_int_eq(parse(&o, "certdiag check a.pem -k k.pem --host "
	    "example.com b.pem --chain c.pem --ca d.pem --warn-days 10 "
	    "-f json -q --no-system-ca", err, sizeof(err)), CLI_OK);
	ck_assert_int_eq(o.cmd, CMD_CHECK);
	ck_assert_uint_eq(o.inputs.n, 2);
	ck_assert_str_eq(o.inputs.v[0], "a.pem");
	ck_assert_str_eq(o.inputs.v[1], "b.pem");
	ck_assert_uint_eq(o.keys.n, 1);
	ck_assert_uint_eq(o.hosts.n, 1);
	ck_assert_uint_eq(o.chains.n, 1);
	ck_assert_uint_eq(o.cas.n, 1);
	ck_assert_int_eq(o.warn_days, 10);
	ck_assert_int_eq(o.format, FMT_JSON);
	ck_assert(o.quiet);
	ck_assert(o.no_system_ca);
	options_free(&o);
}
END_TEST

static const struct {
	const char *line;
	const char *err_has;
} bad_lines[] = {
	{ "certdiag", "no command" },
	{ "certdiag frobnicate x", "unknown command" },
	{ "certdiag check", "no files" },
	{ "certdiag check a --warn-days ten", "--warn-days" },
	{ "certdiag check a --at yesterday", "--at" },
	{ "certdiag check a --purpose email", "--purpose" },
	{ "certdiag check a --format xml", "--format" },
	{ "certdiag check a --bogus", "unknown option" },
	{ "certdiag check a --key", "needs an argument" },
	/* Options know their commands. */
	{ "certdiag show --emit-chain x.pem a.pem",
	    "--emit-chain does not apply to show (only to check and connect)" },
	{ "certdiag scan --fetch-aia", "--fetch-aia does not apply to scan" },
	{ "certdiag explain --ca root.pem x", "--ca does not apply to explain" },
	{ "certdiag check --jobs 2 a", "--jobs does not apply to check" },
	{ "certdiag scan -c a.pem", "--cert does not apply to scan" },
};

START_TEST(test_cli_bad)
{
	struct options o;
	char err[256];

	ck_assert_int_eq(parse(&o, bad_lines[_i].line, err, sizeof(err)),
	    CLI_USAGE);
	ck_assert_msg(strstr(err, bad_lines[_i].err_has) != NULL,
	    "'%s' gave '%s'", bad_lines[_i].line, err);
	options_free(&o);
}
END_TEST

/* The growable string: never truncates, joins lists. */
START_TEST(test_strbuf)
{
	struct strbuf sb = STRBUF_INIT;
	char *long_word = malloc(10001), *s;
	char *none[] = { NULL }, *three[] = { "a", "b", "c", NULL };

	memset(long_word, 'x', 10000);
	long_word[10000] = '\0';
	s = strbuf_detach(&sb);
	ck_assert_str_eq(s, "");
	free(s);
	strbuf_add_item(&sb, ", ", "one");
	strbuf_add_item(&sb, ", ", long_word);
	strbuf_addf(&sb, " (%d)", 2);
	ck_assert_uint_eq(sb.len, 3 + 2 + 10000 + 4);
	s = strbuf_detach(&sb);
	ck_assert(strncmp(s, "one, xxx", 8) == 0);
	ck_assert_str_eq(s + 5 + 10000, " (2)");
	ck_assert_ptr_null(sb.buf);
	free(s);
	s = strbuf_join(three, ", ");
	ck_assert_str_eq(s, "a, b, c");
	free(s);
	s = strbuf_join(none, ", ");
	ck_assert_str_eq(s, "");
	free(s);
	free(long_word);
}
END_TEST

START_TEST(test_findings)
{
	struct findings fs;
	struct finding *f;

	findings_init(&fs);
	ck_assert_int_eq(findings_worst(&fs), SEV_PASS);
	finding_add(&fs, "a", SEV_INFO, NULL, "info %d", 1);
	f = finding_add_file(&fs, "b", SEV_FAIL, "x.pem", "fail %s", "two");
	finding_hint(f, "run %s", "this");
	finding_add(&fs, "c", SEV_WARN, NULL, "warn");
	ck_assert_int_eq(findings_worst(&fs), SEV_FAIL);
	ck_assert_int_eq(severity_exit(findings_worst(&fs)), EXIT_FAIL);
	ck_assert_uint_eq(findings_count(&fs, SEV_WARN), 1);
	/* In the order the checks made them. */
	ck_assert_str_eq(fs.v[0].id, "a");
	ck_assert_str_eq(fs.v[1].id, "b");
	ck_assert_str_eq(fs.v[1].message, "fail two");
	ck_assert_str_eq(fs.v[1].hint, "run this");
	ck_assert_str_eq(fs.v[1].file, "x.pem");
	ck_assert_str_eq(fs.v[2].id, "c");
	findings_free(&fs);
}
END_TEST

static EVP_PKEY *
ec_key(void)
{
	return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
}

static X509 *
self_signed(EVP_PKEY *k, const char *cn, bool ca)
{
	X509 *x = X509_new();
	X509_NAME *n = X509_get_subject_name(x);

	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
	    (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, n);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400);
	X509_set_pubkey(x, k);
	if (ca) {
		X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, NULL,
		    NID_basic_constraints, "critical,CA:TRUE");
		X509_add_ext(x, e, -1);
		X509_EXTENSION_free(e);
	}
	X509_sign(x, k, EVP_sha256());
	return x;
}

START_TEST(test_inventory_dedup_and_sort)
{
	struct inventory inv;
	EVP_PKEY *k1 = ec_key(), *k2 = ec_key();
	X509 *ca = self_signed(k2, "ca", true);
	X509 *leaf = self_signed(k1, "leaf", false);
	struct source *s1, *s2;
	struct object *a, *b;

	inventory_init(&inv);
	s1 = inventory_add_source(&inv, "one.pem", ROLE_AUTO);
	s2 = inventory_add_source(&inv, "two.pem", ROLE_CA);
	X509_up_ref(ca);
	ck_assert_ptr_nonnull(inventory_add(&inv, OBJ_CERT, ca, s1, 0, "PEM",
	    false));
	ck_assert_ptr_nonnull(inventory_add(&inv, OBJ_CERT, leaf, s1, 1, "PEM",
	    false));
	EVP_PKEY_up_ref(k1);
	ck_assert_ptr_nonnull(inventory_add(&inv, OBJ_KEY, k1, s1, 2, "PEM",
	    false));
	/* The same CA again, as a trust anchor: one object, now trusted. */
	a = inv.objs[0];
	b = inventory_add(&inv, OBJ_CERT, ca, s2, 0, "PEM", false);
	ck_assert_ptr_eq(a, b);
	ck_assert(a->trusted);
	ck_assert_uint_eq(a->nalso, 1);
	ck_assert_str_eq(a->also[0]->path, "two.pem");
	ck_assert_uint_eq(inv.nobjs, 3);

	inventory_sort(&inv);
	ck_assert_ptr_eq(inv.leaf, inv.objs[1]);
	ck_assert_ptr_eq(inv.key, inv.objs[2]);
	ck_assert(object_is_ca(inv.objs[0]));
	ck_assert(!object_is_ca(inv.objs[1]));
	ck_assert(object_is_self_issued(inv.objs[0]));
	ck_assert_ptr_eq(inventory_key_for_spki(&inv, inv.objs[1]->spki_sha256),
	    inv.objs[2]);
	ck_assert_ptr_null(inventory_key_for_spki(&inv, inv.objs[0]->spki_sha256));
	inventory_free(&inv);
	EVP_PKEY_free(k1);
	EVP_PKEY_free(k2);
}
END_TEST

START_TEST(test_inventory_many)
{
	/* The hash index must keep working across rehashes. */
	struct inventory inv;
	EVP_PKEY *k = ec_key();
	struct source *s;

	inventory_init(&inv);
	s = inventory_add_source(&inv, "many.pem", ROLE_AUTO);
	for (int i = 0; i < 300; i++) {
		char cn[32];
		snprintf(cn, sizeof(cn), "n%d", i);
		ck_assert_ptr_nonnull(inventory_add(&inv, OBJ_CERT,
		    self_signed(k, cn, false), s, (size_t)i, "PEM", false));
	}
	for (int i = 0; i < 300; i++) {
		X509 *dup = X509_dup(inv.objs[i]->x509);
		ck_assert_ptr_eq(inventory_add(&inv, OBJ_CERT, dup, s, 0, "PEM",
		    false), inv.objs[i]);
	}
	ck_assert_uint_eq(inv.nobjs, 300);
	inventory_free(&inv);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_describe)
{
	EVP_PKEY *k = ec_key();
	X509 *x = self_signed(k, "example.com", false);
	char **names = cert_names(x), *d, buf[32];
	unsigned char md[3] = { 0xab, 0x01, 0xff };

	ck_assert_str_eq(names[0], "example.com");
	ck_assert_ptr_null(names[1]);
	names_free(names);
	d = key_description(k);
	ck_assert_str_eq(d, "EC P-256");
	free(d);
	d = hex_fingerprint(md, 3);
	ck_assert_str_eq(d, "AB:01:FF");
	free(d);
	d = name_oneline(X509_get_subject_name(x));
	ck_assert_str_eq(d, "CN=example.com");
	free(d);
	ck_assert_str_eq(format_time(1769860800, buf, sizeof(buf)),
	    "2026-01-31T12:00:00Z");
	ck_assert_int_eq(days_until(0, 86400 * 3 - 1), 2);
	ck_assert_int_eq(days_until(0, -1), -1);
	ck_assert_int_eq(days_until(0, -86400), -1);
	X509_free(x);
	EVP_PKEY_free(k);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, test_parse_time, 0,
	    sizeof(time_cases) / sizeof(time_cases[0]));
	tcase_add_test(tc, test_parse_int);
	tcase_add_test(tc, test_cli_check);
	tcase_add_loop_test(tc, test_cli_bad, 0,
	    sizeof(bad_lines) / sizeof(bad_lines[0]));
	tcase_add_test(tc, test_findings);
	tcase_add_test(tc, test_strbuf);
	tcase_add_test(tc, test_inventory_dedup_and_sort);
	tcase_add_test(tc, test_inventory_many);
	tcase_add_test(tc, test_describe);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
