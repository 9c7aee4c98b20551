/* Unit tests of the path-validation rules, one test named after each
 * rule, on PKIs made here: what a trust anchor is judged on, how
 * name constraints, serial numbers, DNS names and CRLs are read, and
 * which rules bind only the Web PKI. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "chain/chain.h"
#include "chain/trust_store.h"
#include "check/checks.h"
#include "finding.h"
#include "inventory.h"
#include "pki.h"

extern const struct check check_chain, check_chain_issuers,
    check_chain_served, check_chain_path, check_chain_seclevel,
    check_revoked, check_chain_conformance, check_chain_nc,
    check_chain_cabf, check_hostname, check_purpose, check_crypto;

static const struct check *const chain_checks[] = {
	&check_chain, &check_chain_issuers, &check_chain_path,
	&check_chain_served, &check_chain_nc, &check_chain_conformance,
	&check_chain_cabf, &check_revoked, &check_chain_seclevel, NULL
};

static EVP_PKEY *root_key, *int_key, *leaf_key;
static X509 *root, *inter;

static void
setup(void)
{
	root_key = pki_key();
	int_key = pki_key();
	leaf_key = pki_key();
	root = pki_cert(&(struct pki_spec){ .cn = "Test Root", .ca = true },
	    root_key, NULL, NULL);
	inter = pki_cert(&(struct pki_spec){ .cn = "Test Intermediate",
	    .ca = true }, int_key, root, root_key);
}

static void
teardown(void)
{
	X509_free(inter);
	X509_free(root);
	EVP_PKEY_free(leaf_key);
	EVP_PKEY_free(int_key);
	EVP_PKEY_free(root_key);
}

struct run {
	struct inventory inv;
	struct check_ctx ctx;
	struct findings fs;
	struct trust_store trust;
	struct chain_result chain;
};

/* leaf, its intermediate (or none), its anchor: --ca, or the system
 * store (the Web PKI) when web is set; extra CRLs. */
static void
run(struct run *r, X509 *leaf, X509 *mid, X509 *anchor, bool web,
    X509_CRL *crl)
{
	struct chain_opts o = { .now = PKI_NOW, .auth_level = -1 };

	memset(r, 0, sizeof(*r));
	inventory_init(&r->inv);
	check_ctx_init(&r->ctx);
	findings_init(&r->fs);
	r->ctx.now = PKI_NOW;
	pki_add(&r->inv, leaf, "cert.pem", ROLE_CERT);
	if (mid != NULL)
		pki_add(&r->inv, mid, "cert.pem", ROLE_AUTO);
	if (!web)
		pki_add(&r->inv, anchor, "root.pem", ROLE_CA);
	if (crl != NULL)
		pki_add_crl(&r->inv, crl, "ca.crl");
	inventory_sort(&r->inv);
	ck_assert_int_eq(trust_store_init(&r->trust, &r->inv, NULL), 0);
	if (web) {
		/* The system store: what the Web PKI trusts. */
		X509_STORE_free(r->trust.store);
		r->trust.store = X509_STORE_new();
		X509_STORE_add_cert(r->trust.store, anchor);
	}
	o.purpose = r->ctx.purpose;
	/* A chain that cannot be built is reported by check_chain. */
	r->ctx.chain = trust_store_chain(&r->trust, &r->inv, &o,
	    &r->chain) == 0 ? &r->chain : NULL;
	r->ctx.seclevel = 2;
	for (size_t i = 0; chain_checks[i] != NULL; i++)
		chain_checks[i]->run(&r->inv, &r->ctx, &r->fs);
}

static void
done(struct run *r)
{
	findings_free(&r->fs);
	chain_result_free(&r->chain);
	trust_store_free(&r->trust);
	inventory_free(&r->inv);
}

static bool
has(const struct run *r, const char *id, enum severity sev, const char *text)
{
	for (size_t i = 0; i < r->fs.n; i++)
		if (strcmp(r->fs.v[i].id, id) == 0 && r->fs.v[i].sev == sev &&
		    (text == NULL || strstr(r->fs.v[i].message, text) != NULL))
			return true;
	return false;
}

static void
dump(const struct run *r)
{
	for (size_t i = 0; i < r->fs.n; i++)
		if (r->fs.v[i].sev >= SEV_WARN)
			fprintf(stderr, "  %s (%d): %s\n", r->fs.v[i].id,
			    r->fs.v[i].sev, r->fs.v[i].message);
}

#define EXPECT(r, id, sev, text) do {					\
	if (!has((r), (id), (sev), (text)))				\
		dump(r);						\
	ck_assert_msg(has((r), (id), (sev), (text)), "no %s (%d) with %s", \
	    (id), (sev), (text) != NULL ? (text) : "");			\
} while (0)

/* Worst severity of all findings. */
static enum severity
worst(const struct run *r)
{
	enum severity w = SEV_PASS;

	for (size_t i = 0; i < r->fs.n; i++)
		if (r->fs.v[i].sev > w)
			w = r->fs.v[i].sev;
	if (w >= SEV_FAIL)
		dump(r);
	return w;
}

/* Changes x (an extension gone, a field set) and signs it again. */
static void
resign(X509 *x, EVP_PKEY *key, int drop_nid, long version, long serial)
{
	int i;

	if (drop_nid != NID_undef && (i = X509_get_ext_by_NID(x, drop_nid,
	    -1)) >= 0)
		X509_EXTENSION_free(X509_delete_ext(x, i));
	if (version >= 0)
		X509_set_version(x, version);
	if (serial >= 0)
		ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	X509_sign(x, key, EVP_sha256());
}

static X509 *
leaf_under(X509 *issuer, EVP_PKEY *key, const char *cn, const char *san)
{
	return pki_cert(&(struct pki_spec){ .cn = cn, .san = san }, leaf_key,
	    issuer, key);
}

START_TEST(anchor_judged_on_name_and_key)
{
	/* RFC 5280 6.1.1(d): no keyUsage and a non-critical
	 * nameConstraints on the anchor fail nothing. */
	X509 *a = pki_cert(&(struct pki_spec){ .cn = "Bare Root", .ca = true,
	    .nc = "permitted;DNS:example.com" }, root_key, NULL, NULL);
	X509 *l;
	struct run r;

	resign(a, root_key, NID_key_usage, -1, -1);
	l = leaf_under(a, root_key, "www.example.com", NULL);
	run(&r, l, NULL, a, false, NULL);
	ck_assert_int_lt(worst(&r), SEV_FAIL);
	done(&r);
	X509_free(l);
	X509_free(a);
}
END_TEST

START_TEST(noncritical_name_constraints_applied)
{
	/* Not critical: applied all the same, and not itself a failure. */
	X509 *ca = pki_cert(&(struct pki_spec){ .cn = "Soft NC CA", .ca = true,
	    .nc = "permitted;DNS:example.com" }, int_key, root, root_key);
	X509 *in = leaf_under(ca, int_key, "www.example.com", NULL);
	X509 *out = leaf_under(ca, int_key, "www.example.org", NULL);
	struct run r;

	run(&r, in, ca, root, false, NULL);
	EXPECT(&r, "chain-name-constraints", SEV_INFO, "not critical");
	ck_assert_int_lt(worst(&r), SEV_FAIL);
	done(&r);
	run(&r, out, ca, root, false, NULL);
	ck_assert_int_ge(worst(&r), SEV_FAIL);
	done(&r);
	X509_free(out);
	X509_free(in);
	X509_free(ca);
}
END_TEST

START_TEST(v1_leaf_private_ca_informational)
{
	X509 *l = leaf_under(inter, int_key, "www.example.com", NULL);
	struct run r;

	resign(l, int_key, NID_undef, X509_VERSION_1, -1);
	run(&r, l, inter, root, false, NULL);
	EXPECT(&r, "cabf-nonconformant", SEV_INFO, "X.509 v1");
	done(&r);
	run(&r, l, inter, root, true, NULL);
	EXPECT(&r, "cabf-nonconformant", SEV_FAIL, "X.509 v1");
	done(&r);
	X509_free(l);
}
END_TEST

START_TEST(serial_zero_handled_gracefully)
{
	X509 *l = leaf_under(inter, int_key, "www.example.com", NULL);
	struct run r;

	resign(l, int_key, NID_undef, -1, 0);
	run(&r, l, inter, root, false, NULL);
	EXPECT(&r, "chain-nonconformant", SEV_WARN, "serial number 0");
	ck_assert_int_lt(worst(&r), SEV_FAIL);
	done(&r);
	X509_free(l);
}
END_TEST

START_TEST(underscore_dns_name_breaks_rfc5280)
{
	X509 *l = leaf_under(inter, int_key, "www.example.com",
	    "DNS:www.example.com,DNS:a_b.example.com");
	struct run r;

	run(&r, l, inter, root, false, NULL);
	EXPECT(&r, "chain-nonconformant", SEV_FAIL, "a_b.example.com");
	done(&r);
	X509_free(l);
}
END_TEST

START_TEST(dns_constraint_leading_period_on_anchor)
{
	X509 *a = pki_cert(&(struct pki_spec){ .cn = "Dot Root", .ca = true,
	    .nc = "critical,permitted;DNS:.example.com" }, root_key, NULL,
	    NULL);
	X509 *l = leaf_under(a, root_key, "www.example.com", NULL);
	struct run r;

	run(&r, l, NULL, a, false, NULL);
	EXPECT(&r, "chain-nonconformant", SEV_FAIL, "leading period");
	done(&r);
	X509_free(l);
	X509_free(a);
}
END_TEST

START_TEST(webpki_cn_among_sans)
{
	X509 *stray = leaf_under(inter, int_key, "www.example.com",
	    "DNS:api.example.com");
	X509 *upper = leaf_under(inter, int_key, "WWW.example.com",
	    "DNS:www.example.com");
	X509 *base = leaf_under(inter, int_key, "example.com",
	    "DNS:*.example.com");
	struct run r;

	run(&r, stray, inter, root, true, NULL);
	EXPECT(&r, "cabf-nonconformant", SEV_FAIL, "not one of its DNS");
	done(&r);
	run(&r, upper, inter, root, true, NULL);
	EXPECT(&r, "cabf-nonconformant", SEV_FAIL, "not one of its DNS");
	done(&r);
	/* The domain a wildcard entry was validated for. */
	run(&r, base, inter, root, true, NULL);
	ck_assert(!has(&r, "cabf-nonconformant", SEV_FAIL, NULL));
	done(&r);
	/* Under a private CA only worth knowing. */
	run(&r, stray, inter, root, false, NULL);
	EXPECT(&r, "cabf-nonconformant", SEV_INFO, "not one of its DNS");
	done(&r);
	X509_free(base);
	X509_free(upper);
	X509_free(stray);
}
END_TEST

START_TEST(webpki_end_entity_needs_eku)
{
	X509 *l = leaf_under(inter, int_key, "www.example.com", NULL);
	struct run r;

	resign(l, int_key, NID_ext_key_usage, -1, -1);
	run(&r, l, inter, root, true, NULL);
	EXPECT(&r, "cabf-nonconformant", SEV_FAIL, "no extendedKeyUsage");
	done(&r);
	run(&r, l, inter, root, false, NULL);
	ck_assert_int_lt(worst(&r), SEV_FAIL);
	done(&r);
	X509_free(l);
}
END_TEST

START_TEST(webpki_root_akid_without_issuer_serial)
{
	X509 *a = pki_cert(&(struct pki_spec){ .cn = "AKI Root", .ca = true,
	    .no_akid = true }, root_key, NULL, NULL);
	X509 *l;
	X509V3_CTX v3;
	X509_EXTENSION *e;
	struct run r;

	X509V3_set_ctx(&v3, a, a, NULL, NULL, 0);
	e = X509V3_EXT_conf_nid(NULL, &v3, NID_authority_key_identifier,
	    "keyid:always,issuer:always");
	ck_assert_ptr_nonnull(e);
	X509_add_ext(a, e, -1);
	X509_EXTENSION_free(e);
	X509_sign(a, root_key, EVP_sha256());
	l = leaf_under(a, root_key, "www.example.com", NULL);
	run(&r, l, NULL, a, true, NULL);
	EXPECT(&r, "cabf-nonconformant", SEV_FAIL, "issuer or serial");
	done(&r);
	X509_free(l);
	X509_free(a);
}
END_TEST

START_TEST(wildcard_over_public_suffix)
{
	/* *.co.uk and *.github.io match by RFC 6125 but span a public
	 * suffix (ICANN and private sections of the list). */
	const char *sans[] = { "DNS:*.co.uk", "DNS:*.github.io",
	    "DNS:*.example.co.uk" };
	const char *hosts[] = { "example.co.uk", "someone.github.io",
	    "www.example.co.uk" };
	bool refused[] = { true, true, false };

	for (size_t i = 0; i < 3; i++) {
		X509 *l = leaf_under(inter, int_key, hosts[i], sans[i]);
		struct run r;
		run(&r, l, inter, root, false, NULL);
		r.ctx.hosts = &hosts[i];
		r.ctx.nhosts = 1;
		check_hostname.run(&r.inv, &r.ctx, &r.fs);
		ck_assert_msg(has(&r, "hostname-mismatch", refused[i] ?
		    SEV_FAIL : SEV_PASS, refused[i] ? "public suffix" : NULL),
		    "%s for %s", sans[i], hosts[i]);
		done(&r);
		X509_free(l);
	}
}
END_TEST

/* An ECDSA-with-SHA3-256 leaf and its root, made with another library:
 * OpenSSL 3.0 can neither make nor verify such a signature. */
static const char SHA3_ROOT[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIBWDCB/6ADAgECAgEBMAoGCCqGSM49BAMCMBQxEjAQBgNVBAMMCVNIQTMgUm9v\n"
	"dDAeFw0yNjEyMzEwMDAwMDBaFw0yNzAxMzEwMDAwMDBaMBQxEjAQBgNVBAMMCVNI\n"
	"QTMgUm9vdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABMEa3DrvYUFOYjzACbi6\n"
	"7o4VABTDIlPjQHdT3BO+F68OK0mchKbiErE1tQhljaldHGf/PFOVotWHsZNrac1k\n"
	"oUujQjBAMA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQDAgEGMB0GA1UdDgQW\n"
	"BBRSUQ4+Fv6hU/lKqICUOEhYFjdt6zAKBggqhkjOPQQDAgNIADBFAiEAkzibQAQ2\n"
	"4C7GGpynf9JYk7R4PRg8loAOeYy4ui7zc80CIC6GR8JUr15fRGOXJ7Q380fHvi18\n"
	"KAk/Jn4xe5NjThpx\n"
	"-----END CERTIFICATE-----\n";
static const char SHA3_LEAF[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIBdDCCARigAwIBAgIBAjALBglghkgBZQMEAwowFDESMBAGA1UEAwwJU0hBMyBS\n"
	"b290MB4XDTI2MTIzMTAwMDAwMFoXDTI3MDEzMTAwMDAwMFowGjEYMBYGA1UEAwwP\n"
	"d3d3LmV4YW1wbGUuY29tMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE+dYet8W+\n"
	"/97zFcSkCmyu9oRAMfZ8w3W7QMnpaOB5E38Z1VlrjHWCCR8oxnX+Zd1fIz+i7Izc\n"
	"3Dr8iBii7P/2AKNUMFIwGgYDVR0RBBMwEYIPd3d3LmV4YW1wbGUuY29tMB8GA1Ud\n"
	"IwQYMBaAFFJRDj4W/qFT+UqogJQ4SFgWN23rMBMGA1UdJQQMMAoGCCsGAQUFBwMB\n"
	"MAsGCWCGSAFlAwQDCgNJADBGAiEA6/Shz9Y1Hwg+MqWw5HLZYQES8k2Zz0G9vhBW\n"
	"I7MmkvoCIQDKBElDn0CMvgs4UH4ZbEuLWXbg73hjyxNRC0teuxaMOA==\n"
	"-----END CERTIFICATE-----\n";

static X509 *
pem_cert(const char *pem)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	X509 *x = PEM_read_bio_X509(b, NULL, NULL, NULL);

	BIO_free(b);
	return x;
}

START_TEST(unsupported_signature_algorithm_named)
{
	X509 *a = pem_cert(SHA3_ROOT), *l = pem_cert(SHA3_LEAF);
	struct run r;

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(l);
	run(&r, l, NULL, a, false, NULL);
	EXPECT(&r, "chain-untrusted", SEV_FAIL, "signature algorithm not "
	    "supported by this OpenSSL");
	ck_assert(!has(&r, "chain-incomplete", SEV_FAIL, NULL));
	done(&r);
	X509_free(l);
	X509_free(a);
}
END_TEST

START_TEST(key_agreement_leaf_says_what_key_can_do)
{
	EVP_PKEY *xk = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
	X509 *l = pki_cert(&(struct pki_spec){ .cn = "www.example.com",
	    .ku = "critical,keyAgreement" }, xk, inter, int_key);
	struct run r;

	ck_assert_ptr_nonnull(l);
	run(&r, l, inter, root, false, NULL);
	check_purpose.run(&r.inv, &r.ctx, &r.fs);
	EXPECT(&r, "purpose-mismatch", SEV_FAIL, "can only agree on keys");
	EXPECT(&r, "purpose-mismatch", SEV_FAIL, "cannot authenticate a TLS "
	    "server");
	done(&r);
	X509_free(l);
	EVP_PKEY_free(xk);
}
END_TEST

START_TEST(tls_feature_inherited)
{
	/* RFC 7633: a CA whose certificate requires must-staple passes
	 * the requirement on. */
	X509 *ca = pki_cert(&(struct pki_spec){ .cn = "Staple CA", .ca = true },
	    int_key, root, root_key);
	X509 *bare, *stapled;
	X509V3_CTX v3;
	X509_EXTENSION *e;
	struct run r;

	X509V3_set_ctx(&v3, root, ca, NULL, NULL, 0);
	e = X509V3_EXT_conf_nid(NULL, &v3, NID_tlsfeature, "status_request");
	ck_assert_ptr_nonnull(e);
	X509_add_ext(ca, e, -1);
	X509_EXTENSION_free(e);
	X509_sign(ca, root_key, EVP_sha256());
	bare = leaf_under(ca, int_key, "www.example.com", NULL);
	stapled = leaf_under(ca, int_key, "www.example.com", NULL);
	X509V3_set_ctx(&v3, ca, stapled, NULL, NULL, 0);
	e = X509V3_EXT_conf_nid(NULL, &v3, NID_tlsfeature, "status_request");
	X509_add_ext(stapled, e, -1);
	X509_EXTENSION_free(e);
	X509_sign(stapled, int_key, EVP_sha256());

	run(&r, bare, ca, root, false, NULL);
	EXPECT(&r, "chain-nonconformant", SEV_FAIL, "must-staple");
	done(&r);
	run(&r, stapled, ca, root, false, NULL);
	ck_assert(!has(&r, "chain-nonconformant", SEV_FAIL, NULL));
	done(&r);
	X509_free(stapled);
	X509_free(bare);
	X509_free(ca);
}
END_TEST

START_TEST(distrusted_leaf_that_is_its_own_anchor)
{
	/* The leaf given again as a TRUSTED CERTIFICATE that rejects
	 * serverAuth: the rejection holds for the leaf. */
	X509 *l = pki_cert(&(struct pki_spec){ .cn = "www.example.com" },
	    leaf_key, NULL, NULL);
	X509 *rej = X509_dup(l), *plain = X509_dup(l), *l2;
	struct run r;

	X509_add1_reject_object(rej, OBJ_nid2obj(NID_server_auth));
	run(&r, l, NULL, rej, false, NULL);
	EXPECT(&r, "chain-untrusted", SEV_FAIL, "rejected");
	done(&r);
	/* (The settings were copied onto l: a fresh copy is the leaf.) */
	l2 = X509_dup(plain);
	run(&r, l2, NULL, plain, false, NULL);
	ck_assert(!has(&r, "chain-untrusted", SEV_FAIL, NULL));
	done(&r);
	X509_free(l2);
	X509_free(plain);
	X509_free(rej);
	X509_free(l);
}
END_TEST

/* A certificate whose key type OpenSSL does not know (a GOST-style
 * algorithm identifier) and the certificate it was made from. */
static const char ODD_KEY_LEAF[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIBuzCCAWKgAwIBAgIUd4x5xmeI9QkwMfa6SABvYy79IQ4wCgYIKoZIzj0EAwIw\n"
	"GjEYMBYGA1UEAwwPd3d3LmV4YW1wbGUuY29tMB4XDTI2MTIwNTA5MjMwNFoXDTI3\n"
	"MDEwNDA5MjMwNFowGjEYMBYGA1UEAwwPd3d3LmV4YW1wbGUuY29tMFkwEwYHKoUD\n"
	"AgIjAAYIKoZIzj0DAQcDQgAEJgKJfRkpLpUEa7NcTqpHleWCm9h49q+1xW0vjokh\n"
	"KryFFhSuhWbutnCC6GtcZMhQdEJoxsnJEvrsEKnNp22l+aOBhTCBgjAdBgNVHQ4E\n"
	"FgQUYST7LjddGWEh/Z40OYX0v+bt7JYwHwYDVR0jBBgwFoAUYST7LjddGWEh/Z40\n"
	"OYX0v+bt7JYwDwYDVR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgg93d3cuZXhhbXBs\n"
	"ZS5jb20wEwYDVR0lBAwwCgYIKwYBBQUHAwEwCgYIKoZIzj0EAwIDRwAwRAIgQBQm\n"
	"DkyigrVUsoN0jVqaDefx6OQZlk6NntiKQBSC8VICICVhg+WmMm3V8NRflhSzbe5B\n"
	"WqOdxWETw0viNNwQ5+N1\n"
	"-----END CERTIFICATE-----\n";
static const char ODD_KEY_ANCHOR[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIBuzCCAWKgAwIBAgIUd4x5xmeI9QkwMfa6SABvYy79IQ4wCgYIKoZIzj0EAwIw\n"
	"GjEYMBYGA1UEAwwPd3d3LmV4YW1wbGUuY29tMB4XDTI2MTIwNTA5MjMwNFoXDTI3\n"
	"MDEwNDA5MjMwNFowGjEYMBYGA1UEAwwPd3d3LmV4YW1wbGUuY29tMFkwEwYHKoZI\n"
	"zj0CAQYIKoZIzj0DAQcDQgAEJgKJfRkpLpUEa7NcTqpHleWCm9h49q+1xW0vjokh\n"
	"KryFFhSuhWbutnCC6GtcZMhQdEJoxsnJEvrsEKnNp22l+aOBhTCBgjAdBgNVHQ4E\n"
	"FgQUYST7LjddGWEh/Z40OYX0v+bt7JYwHwYDVR0jBBgwFoAUYST7LjddGWEh/Z40\n"
	"OYX0v+bt7JYwDwYDVR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgg93d3cuZXhhbXBs\n"
	"ZS5jb20wEwYDVR0lBAwwCgYIKwYBBQUHAwEwCgYIKoZIzj0EAwIDRwAwRAIgQBQm\n"
	"DkyigrVUsoN0jVqaDefx6OQZlk6NntiKQBSC8VICICVhg+WmMm3V8NRflhSzbe5B\n"
	"WqOdxWETw0viNNwQ5+N1\n"
	"-----END CERTIFICATE-----\n";

START_TEST(unsupported_key_type_named)
{
	X509 *a = pem_cert(ODD_KEY_ANCHOR), *l = pem_cert(ODD_KEY_LEAF);
	struct run r;

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(l);
	run(&r, l, NULL, a, false, NULL);
	EXPECT(&r, "chain-untrusted", SEV_ERROR, "which this OpenSSL does "
	    "not support");
	ck_assert(!has(&r, "chain-untrusted", SEV_ERROR, "out of memory"));
	done(&r);
	X509_free(l);
	X509_free(a);
}
END_TEST

/* A real GOST R 34.10-2012 (256-bit, paramset A) CA and a server
 * certificate it issued, made with the gost engine (libengine-gost-openssl):
 *   openssl req -x509 -engine gost -newkey gost2012_256 -pkeyopt paramset:A
 *   openssl x509 -req -engine gost -CA ca.pem -CAkey ca.key
 * valid from 2026-12-05 for 100 years. This OpenSSL has no GOST provider
 * loaded, as on most machines. */
static const char GOST_CA[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIBnzCCAUqgAwIBAgIUZp0pLgKTubFrtIh77jfEtQla7kwwDAYIKoUDBwEBAwIF\n"
	"ADAXMRUwEwYDVQQDDAxHT1NUIFRlc3QgQ0EwIBcNMjYxMjA1MTE1NDA0WhgPMjEy\n"
	"NjExMTExMTU0MDRaMBcxFTATBgNVBAMMDEdPU1QgVGVzdCBDQTBmMB8GCCqFAwcB\n"
	"AQEBMBMGByqFAwICIwEGCCqFAwcBAQICA0MABECaDlr2SeV7i5FQX/Bn/HLbBhUl\n"
	"V2X0FAcVnd76OQi35DlCRVkEa5r8sKJosL1Ekpj2b+TB+b/UKMXqSOqE8XfTo2Mw\n"
	"YTAdBgNVHQ4EFgQUYHV8FYX3ylf4gcNom7Khh7l/4t4wHwYDVR0jBBgwFoAUYHV8\n"
	"FYX3ylf4gcNom7Khh7l/4t4wDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8EBAMC\n"
	"AQYwDAYIKoUDBwEBAwIFAANBAP9uOc1D5GKP4LJSKeWzH1IOmO2Vsl0P33pYaFqD\n"
	"GHUCFhDLjEtpZVpLM1T6stdv+8sQyv6cSW19bcbCV+nDjhU=\n"
	"-----END CERTIFICATE-----\n";
static const char GOST_LEAF[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIBvTCCAWigAwIBAgIUWRf+TjRMMZCBhqVwPMYV/cNFpYswDAYIKoUDBwEBAwIF\n"
	"ADAXMRUwEwYDVQQDDAxHT1NUIFRlc3QgQ0EwIBcNMjYxMjA1MTE1NDA2WhgPMjEy\n"
	"NjExMTExMTU0MDZaMBcxFTATBgNVBAMMDGdvc3QuZXhhbXBsZTBmMB8GCCqFAwcB\n"
	"AQEBMBMGByqFAwICIwEGCCqFAwcBAQICA0MABEDPr8XdgrHKBmm3uWs5DMHIjSfN\n"
	"QoH8O8GOJ7NnCKqSINYgT/3Ea8YyGZ8TrPdEF2QNDJMNiPB777sCZHLFCyYyo4GA\n"
	"MH4wFwYDVR0RBBAwDoIMZ29zdC5leGFtcGxlMBMGA1UdJQQMMAoGCCsGAQUFBwMB\n"
	"MA4GA1UdDwEB/wQEAwIHgDAdBgNVHQ4EFgQUZuq5/NRyi1p/urp+llN7/cdu8k4w\n"
	"HwYDVR0jBBgwFoAUYHV8FYX3ylf4gcNom7Khh7l/4t4wDAYIKoUDBwEBAwIFAANB\n"
	"AJhFmJim30oOGVsru9eDjVE8IWSNcO+wXi+8AZrD5hRn4xOjoc6laNTEl7dIIoQT\n"
	"gU7xA528ubhbiw8y37A97R8=\n"
	"-----END CERTIFICATE-----\n";

START_TEST(gost_key_type_named)
{
	X509 *a = pem_cert(GOST_CA), *l = pem_cert(GOST_LEAF);
	struct run r;

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(l);
	run(&r, l, NULL, a, false, NULL);
	check_crypto.run(&r.inv, &r.ctx, &r.fs);
	EXPECT(&r, "chain-untrusted", SEV_ERROR, "has a key of type GOST R "
	    "34.10-2012 with 256 bit modulus, which this OpenSSL does not "
	    "support");
	ck_assert(!has(&r, "chain-untrusted", SEV_ERROR, "out of memory"));
	/* No strength to judge: not "strong". */
	ck_assert(!has(&r, "weak-key", SEV_PASS, NULL));
	EXPECT(&r, "weak-key", SEV_INFO, "cannot be judged");
	done(&r);
	X509_free(l);
	X509_free(a);
}
END_TEST

static X509_CRL *
crl_with_number(bool present, bool critical)
{
	X509_CRL *crl = pki_crl(inter, int_key, NULL, PKI_NOW - PKI_DAY,
	    PKI_NOW + 7 * PKI_DAY);
	int i = X509_CRL_get_ext_by_NID(crl, NID_crl_number, -1);

	if (i >= 0 && !present)
		X509_EXTENSION_free(X509_CRL_delete_ext(crl, i));
	else if (i >= 0 && critical)
		X509_EXTENSION_set_critical(X509_CRL_get_ext(crl, i), 1);
	X509_CRL_sign(crl, int_key, EVP_sha256());
	return crl;
}

START_TEST(crl_number_required_and_not_critical)
{
	X509 *l = leaf_under(inter, int_key, "www.example.com", NULL);
	X509_CRL *none = crl_with_number(false, false);
	X509_CRL *crit = crl_with_number(true, true);
	X509_CRL *good = crl_with_number(true, false);
	struct run r;

	run(&r, l, inter, root, false, none);
	EXPECT(&r, "crl-invalid", SEV_FAIL, "has no CRL number");
	done(&r);
	run(&r, l, inter, root, false, crit);
	EXPECT(&r, "crl-invalid", SEV_FAIL, "CRL number critical");
	done(&r);
	run(&r, l, inter, root, false, good);
	EXPECT(&r, "revoked", SEV_PASS, NULL);
	ck_assert_int_lt(worst(&r), SEV_FAIL);
	done(&r);
	X509_CRL_free(good);
	X509_CRL_free(crit);
	X509_CRL_free(none);
	X509_free(l);
}
END_TEST

START_TEST(crl_leaf_status_must_be_known)
{
	/* A CRL from another CA: the leaf's status is unknown. */
	EVP_PKEY *k = pki_key();
	X509 *other = pki_cert(&(struct pki_spec){ .cn = "Other CA",
	    .ca = true }, k, root, root_key);
	X509 *l = leaf_under(inter, int_key, "www.example.com", NULL);
	X509_CRL *crl = pki_crl(other, k, NULL, PKI_NOW - PKI_DAY,
	    PKI_NOW + 7 * PKI_DAY);
	struct run r;

	run(&r, l, inter, root, false, crl);
	EXPECT(&r, "crl-invalid", SEV_FAIL, "no CRL given covers it");
	done(&r);
	X509_CRL_free(crl);
	X509_free(l);
	X509_free(other);
	EVP_PKEY_free(k);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("rules");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, anchor_judged_on_name_and_key);
	tcase_add_test(tc, noncritical_name_constraints_applied);
	tcase_add_test(tc, v1_leaf_private_ca_informational);
	tcase_add_test(tc, serial_zero_handled_gracefully);
	tcase_add_test(tc, underscore_dns_name_breaks_rfc5280);
	tcase_add_test(tc, dns_constraint_leading_period_on_anchor);
	tcase_add_test(tc, webpki_cn_among_sans);
	tcase_add_test(tc, webpki_end_entity_needs_eku);
	tcase_add_test(tc, webpki_root_akid_without_issuer_serial);
	tcase_add_test(tc, crl_number_required_and_not_critical);
	tcase_add_test(tc, crl_leaf_status_must_be_known);
	tcase_add_test(tc, wildcard_over_public_suffix);
	tcase_add_test(tc, unsupported_signature_algorithm_named);
	tcase_add_test(tc, key_agreement_leaf_says_what_key_can_do);
	tcase_add_test(tc, tls_feature_inherited);
	tcase_add_test(tc, distrusted_leaf_that_is_its_own_anchor);
	tcase_add_test(tc, unsupported_key_type_named);
	tcase_add_test(tc, gost_key_type_named);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
