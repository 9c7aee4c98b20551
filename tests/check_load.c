/* Unit tests of loading: every input format, and every bad input mapped
 * to its finding id. Fixtures are generated here with libcrypto, so they
 * never expire and need no files in the repository. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <zlib.h>

#include "load/io.h"
#include "load/load.h"
#include "load/load_internal.h"
#include "load/pass.h"
#include "testlib.h"

/* ---- fixtures ---------------------------------------------------- */

static struct {
	EVP_PKEY *rsa, *ec, *dsa, *ed25519, *ed448, *rsapss, *ca_key;
	X509 *leaf, *ca, *leaf_ec;
	X509_REQ *csr;
	X509_CRL *crl;
	/* Writes the RC2 and DES fixtures, so that the default library
	 * context meets them without the legacy provider, as a user's
	 * process does. */
	OSSL_LIB_CTX *legacy_lib;
	OSSL_PROVIDER *legacy, *deflt;
	char dir[64];
} fx;

/* A certificate as the loader sees them: no key identifiers, a plain
 * basicConstraints. */
static X509 *
make_cert(EVP_PKEY *key, EVP_PKEY *signer, X509 *issuer, const char *cn,
    bool ca)
{
	return tl_cert(&(struct tl_cert){ .cn = cn, .key = key,
	    .issuer = issuer, .issuer_key = signer, .serial = ca ? 1 : 2,
	    .bc = ca ? "critical,CA:TRUE" : "CA:FALSE", .no_skid = true,
	    .no_akid = true });
}

static void
fixtures_setup(void)
{
	X509_NAME *n;

	/* Small keys: the loader judges nothing, and keygen time adds up. */
	fx.rsa = tl_new_key("RSA:1024");
	fx.ca_key = tl_new_key("EC:P-256");
	fx.ec = tl_new_key("EC:P-256");
	fx.dsa = tl_new_key("DSA:1024");
	fx.ed25519 = tl_new_key("ED25519");
	fx.ed448 = tl_new_key("ED448");
	fx.rsapss = tl_new_key("RSA-PSS:1024");
	fx.ca = make_cert(fx.ca_key, fx.ca_key, NULL, "Test CA", true);
	fx.leaf = make_cert(fx.rsa, fx.ca_key, fx.ca, "leaf.test", false);
	fx.leaf_ec = make_cert(fx.ec, fx.ca_key, fx.ca, "ec.test", false);

	fx.csr = X509_REQ_new();
	n = X509_NAME_new();
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
	    (const unsigned char *)"csr.test", -1, -1, 0);
	X509_REQ_set_subject_name(fx.csr, n);
	X509_NAME_free(n);
	X509_REQ_set_pubkey(fx.csr, fx.ec);
	ck_assert(X509_REQ_sign(fx.csr, fx.ec, EVP_sha256()) > 0);

	fx.crl = X509_CRL_new();
	X509_CRL_set_version(fx.crl, 1);
	X509_CRL_set_issuer_name(fx.crl, X509_get_subject_name(fx.ca));
	{
		ASN1_TIME *t = X509_gmtime_adj(NULL, 0);
		X509_CRL_set1_lastUpdate(fx.crl, t);
		ASN1_TIME_free(t);
	}
	ck_assert(X509_CRL_sign(fx.crl, fx.ca_key, EVP_sha256()) > 0);

	fx.legacy_lib = OSSL_LIB_CTX_new();
	fx.legacy = OSSL_PROVIDER_load(fx.legacy_lib, "legacy");
	fx.deflt = OSSL_PROVIDER_load(fx.legacy_lib, "default");
	ck_assert(fx.legacy != NULL && fx.deflt != NULL);

	snprintf(fx.dir, sizeof(fx.dir), "/tmp/check_load.XXXXXX");
	ck_assert(mkdtemp(fx.dir) != NULL);
}

static void
rm_rf(const char *path)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", path);
}

static void
fixtures_teardown(void)
{
	EVP_PKEY_free(fx.rsa);
	EVP_PKEY_free(fx.ec);
	EVP_PKEY_free(fx.dsa);
	EVP_PKEY_free(fx.ed25519);
	EVP_PKEY_free(fx.ed448);
	EVP_PKEY_free(fx.rsapss);
	EVP_PKEY_free(fx.ca_key);
	X509_free(fx.leaf);
	X509_free(fx.leaf_ec);
	X509_free(fx.ca);
	X509_REQ_free(fx.csr);
	X509_CRL_free(fx.crl);
	OSSL_PROVIDER_unload(fx.legacy);
	OSSL_PROVIDER_unload(fx.deflt);
	OSSL_LIB_CTX_free(fx.legacy_lib);
	rm_rf(fx.dir);
}

/* ---- writers: each appends one encoding to a memory BIO ---------- */

typedef void (*writer)(BIO *);

static void
der_out(BIO *b, int len, unsigned char *der)
{
	ck_assert(len > 0);
	BIO_write(b, der, len);
	OPENSSL_free(der);
}

static void w_cert_pem(BIO *b) { PEM_write_bio_X509(b, fx.leaf); }
static void w_ca_pem(BIO *b) { PEM_write_bio_X509(b, fx.ca); }
static void w_cert_der(BIO *b)
{
	unsigned char *d = NULL;
	int n = i2d_X509(fx.leaf, &d);
	der_out(b, n, d);
}
static void w_two_der(BIO *b)
{
	unsigned char *d = NULL;
	w_cert_der(b);
	int n = i2d_X509(fx.ca, &d);
	der_out(b, n, d);
}
static void w_trusted(BIO *b) { PEM_write_bio_X509_AUX(b, fx.ca); }
static void w_x509_label(BIO *b)
{
	unsigned char *d = NULL;
	int n = i2d_X509(fx.leaf, &d);
	PEM_write_bio(b, "X509 CERTIFICATE", "", d, n);
	OPENSSL_free(d);
}

/* The text form of a PEM writer, transformed. */
static char *
pem_text(writer w, size_t *len)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p, *s;
	long n;

	w(b);
	n = BIO_get_mem_data(b, &p);
	s = malloc((size_t)n + 1);
	memcpy(s, p, (size_t)n);
	s[n] = '\0';
	*len = (size_t)n;
	BIO_free(b);
	return s;
}

static void w_cert_crlf(BIO *b)
{
	size_t n;
	char *s = pem_text(w_cert_pem, &n);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			BIO_write(b, "\r", 1);
		BIO_write(b, s + i, 1);
	}
	free(s);
}
static void w_cert_bom(BIO *b)
{
	BIO_write(b, "\xef\xbb\xbf", 3);
	w_cert_pem(b);
}
static void w_cert_text(BIO *b)
{
	X509_print(b, fx.leaf);
	w_cert_pem(b);
	BIO_puts(b, "trailing words, not PEM\n");
}
static void w_key_pkcs8(BIO *b)
{
	PEM_write_bio_PrivateKey(b, fx.rsa, NULL, NULL, 0, NULL, NULL);
}
static void w_combined(BIO *b)
{
	w_key_pkcs8(b);
	w_cert_pem(b);
	w_ca_pem(b);
}
static void w_fullchain(BIO *b)
{
	w_cert_pem(b);
	w_ca_pem(b);
}
static void w_gzip(BIO *b)
{
	size_t n;
	char *s = pem_text(w_combined, &n);
	uLongf zn = compressBound(n) + 64;
	unsigned char *z = malloc(zn);
	z_stream zs = { 0 };

	ck_assert(deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) == Z_OK);
	zs.next_in = (unsigned char *)s;
	zs.avail_in = (unsigned)n;
	zs.next_out = z;
	zs.avail_out = (unsigned)zn;
	ck_assert(deflate(&zs, Z_FINISH) == Z_STREAM_END);
	BIO_write(b, z, (int)zs.total_out);
	deflateEnd(&zs);
	free(z);
	free(s);
}

/* gzip of `n` zero bytes. */
static void
gzip_zeros(BIO *b, size_t n)
{
	unsigned char in[65536] = { 0 }, out[65536];
	z_stream zs = { 0 };

	ck_assert(deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) == Z_OK);
	while (n > 0 || zs.avail_in > 0) {
		int flush = Z_NO_FLUSH;
		if (zs.avail_in == 0) {
			size_t c = n < sizeof(in) ? n : sizeof(in);
			zs.next_in = in;
			zs.avail_in = (unsigned)c;
			n -= c;
			if (n == 0)
				flush = Z_FINISH;
		}
		do {
			zs.next_out = out;
			zs.avail_out = sizeof(out);
			deflate(&zs, flush);
			BIO_write(b, out, (int)(sizeof(out) - zs.avail_out));
		} while (zs.avail_out == 0);
	}
	deflateEnd(&zs);
}
static void w_gzip_bomb(BIO *b) { gzip_zeros(b, 20u * 1024 * 1024); }
static void w_gzip_ratio(BIO *b) { gzip_zeros(b, 4u * 1024 * 1024); }
static void w_gzip_corrupt(BIO *b)
{
	BIO_write(b, "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage!", 18);
}

static void
p12_out(BIO *b, const char *pass, int nid, OSSL_LIB_CTX *lib)
{
	STACK_OF(X509) *ca = sk_X509_new_null();
	PKCS12 *p12;

	sk_X509_push(ca, fx.ca);
	p12 = PKCS12_create_ex(pass, "leaf", fx.rsa, fx.leaf, ca, nid, nid, 0,
	    0, 0, lib, NULL);
	ck_assert_msg(p12 != NULL, "PKCS12_create");
	i2d_PKCS12_bio(b, p12);
	PKCS12_free(p12);
	sk_X509_free(ca);
}
static void w_p12_aes(BIO *b) { p12_out(b, "pw", NID_aes_256_cbc, NULL); }
static void w_p12_empty(BIO *b) { p12_out(b, "", NID_aes_256_cbc, NULL); }
static void w_p12_legacy(BIO *b)
{
	p12_out(b, "pw", NID_pbe_WithSHA1And40BitRC2_CBC, fx.legacy_lib);
}

static PKCS7 *
p7_bundle(void)
{
	PKCS7 *p7 = PKCS7_new();

	PKCS7_set_type(p7, NID_pkcs7_signed);
	PKCS7_content_new(p7, NID_pkcs7_data);
	PKCS7_add_certificate(p7, fx.leaf);
	PKCS7_add_certificate(p7, fx.ca);
	PKCS7_add_crl(p7, fx.crl);
	return p7;
}
static void w_p7_pem(BIO *b)
{
	PKCS7 *p7 = p7_bundle();
	PEM_write_bio_PKCS7(b, p7);
	PKCS7_free(p7);
}
static void w_p7_der(BIO *b)
{
	PKCS7 *p7 = p7_bundle();
	i2d_PKCS7_bio(b, p7);
	PKCS7_free(p7);
}

static void w_p8_enc(BIO *b)
{
	PEM_write_bio_PKCS8PrivateKey(b, fx.rsa, EVP_aes_256_cbc(), NULL, 0,
	    NULL, (void *)"pw");
}
static void w_p8_enc_der(BIO *b)
{
	i2d_PKCS8PrivateKey_bio(b, fx.ec, EVP_aes_128_cbc(), NULL, 0, NULL,
	    (void *)"pw");
}
static void w_legacy_aes(BIO *b)
{
	PEM_write_bio_PrivateKey_traditional(b, fx.rsa, EVP_aes_128_cbc(),
	    (unsigned char *)"pw", 2, NULL, NULL);
}
static void w_legacy_des(BIO *b)
{
	EVP_CIPHER *des = EVP_CIPHER_fetch(fx.legacy_lib, "DES-CBC", NULL);

	ck_assert(des != NULL);
	ck_assert(PEM_write_bio_PrivateKey_traditional(b, fx.ec, des,
	    (unsigned char *)"pw", 2, NULL, NULL) == 1);
	EVP_CIPHER_free(des);
}

static void w_rsa_pkcs1(BIO *b)
{
	PEM_write_bio_PrivateKey_traditional(b, fx.rsa, NULL, NULL, 0, NULL,
	    NULL);
}
static void w_rsa_pkcs1_der(BIO *b)
{
	unsigned char *d = NULL;
	int n = i2d_PrivateKey(fx.rsa, &d);
	der_out(b, n, d);
}
static void w_rsa_pkcs8_der(BIO *b)
{
	i2d_PKCS8PrivateKey_bio(b, fx.rsa, NULL, NULL, 0, NULL, NULL);
}
static void w_ec_sec1(BIO *b)
{
	PEM_write_bio_PrivateKey_traditional(b, fx.ec, NULL, NULL, 0, NULL,
	    NULL);
}
static void w_ec_sec1_der(BIO *b)
{
	unsigned char *d = NULL;
	int n = i2d_PrivateKey(fx.ec, &d);
	der_out(b, n, d);
}
static void w_ec_params_key(BIO *b)
{
	BIO_puts(b, "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n"
	    "-----END EC PARAMETERS-----\n");
	w_ec_sec1(b);
}
static void w_ec_pkcs8(BIO *b)
{
	PEM_write_bio_PrivateKey(b, fx.ec, NULL, NULL, 0, NULL, NULL);
}
static void w_dsa_trad(BIO *b)
{
	PEM_write_bio_PrivateKey_traditional(b, fx.dsa, NULL, NULL, 0, NULL,
	    NULL);
}
static void w_dsa_pkcs8(BIO *b)
{
	PEM_write_bio_PrivateKey(b, fx.dsa, NULL, NULL, 0, NULL, NULL);
}
static void w_ed25519(BIO *b)
{
	PEM_write_bio_PrivateKey(b, fx.ed25519, NULL, NULL, 0, NULL, NULL);
}
static void w_ed448_der(BIO *b)
{
	i2d_PKCS8PrivateKey_bio(b, fx.ed448, NULL, NULL, 0, NULL, NULL);
}
static void w_rsapss(BIO *b)
{
	PEM_write_bio_PrivateKey(b, fx.rsapss, NULL, NULL, 0, NULL, NULL);
}
static void w_spki(BIO *b) { PEM_write_bio_PUBKEY(b, fx.ec); }
static void w_spki_der(BIO *b)
{
	unsigned char *d = NULL;
	int n = i2d_PUBKEY(fx.rsa, &d);
	der_out(b, n, d);
}
static void w_rsa_pub(BIO *b)
{
	unsigned char *d = NULL;
	int n = i2d_PublicKey(fx.rsa, &d);
	PEM_write_bio(b, "RSA PUBLIC KEY", "", d, n);
	OPENSSL_free(d);
}
static void w_rsa_pub_der(BIO *b)
{
	unsigned char *d = NULL;
	int n = i2d_PublicKey(fx.rsa, &d);
	der_out(b, n, d);
}
static void w_csr(BIO *b) { PEM_write_bio_X509_REQ(b, fx.csr); }
static void w_csr_new(BIO *b) { PEM_write_bio_X509_REQ_NEW(b, fx.csr); }
static void w_csr_der(BIO *b)
{
	unsigned char *d = NULL;
	int n = i2d_X509_REQ(fx.csr, &d);
	der_out(b, n, d);
}
static void w_crl(BIO *b) { PEM_write_bio_X509_CRL(b, fx.crl); }
static void w_crl_der(BIO *b)
{
	unsigned char *d = NULL;
	int n = i2d_X509_CRL(fx.crl, &d);
	der_out(b, n, d);
}

/* Broken inputs. */
static void w_empty(BIO *b) { (void)b; }
static void w_blank(BIO *b) { BIO_puts(b, " \n\r\n"); }
static void w_truncated(BIO *b)
{
	size_t n;
	char *s = pem_text(w_cert_pem, &n);
	BIO_puts(b, "subject: leaf\n\n");
	BIO_write(b, s, (int)(n / 2));
	free(s);
}
static void w_bad_base64(BIO *b)
{
	w_ca_pem(b);
	BIO_puts(b, "-----BEGIN CERTIFICATE-----\nMIIB!!!notbase64***\n"
	    "-----END CERTIFICATE-----\n");
}
static void w_mismatched_end(BIO *b)
{
	BIO_puts(b, "-----BEGIN CERTIFICATE-----\nMIIBIjANBgkqhkiG\n"
	    "-----END PRIVATE KEY-----\n");
}
static void w_garbage(BIO *b)
{
	for (int i = 0; i < 300; i++) {
		unsigned char c = (unsigned char)(i * 37 + 11);
		BIO_write(b, &c, 1);
	}
}
static void w_text(BIO *b) { BIO_puts(b, "This is a README.\n"); }
static void w_der_truncated(BIO *b)
{
	unsigned char *d = NULL;
	int n = i2d_X509(fx.leaf, &d);
	BIO_write(b, d, n / 2);
	OPENSSL_free(d);
}
static void w_der_unknown(BIO *b)
{
	/* SEQUENCE { BOOLEAN TRUE }: ASN.1, but nothing we know. */
	BIO_write(b, "\x30\x03\x01\x01\xff", 5);
}
static void w_der_trailing(BIO *b)
{
	w_cert_der(b);
	BIO_puts(b, "junk");
}
static void w_cert_bad_der(BIO *b)
{
	PEM_write_bio(b, "CERTIFICATE", "", (const unsigned char *)"\x30\x03"
	    "\x01\x01\xff", 5);
}
static void w_unknown_label(BIO *b)
{
	PEM_write_bio(b, "SOMETHING ELSE", "", (const unsigned char *)"abc", 3);
}
static void w_openssh(BIO *b)
{
	BIO_puts(b, "-----BEGIN OPENSSH PRIVATE KEY-----\n"
	    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtz\n"
	    "-----END OPENSSH PRIVATE KEY-----\n");
}
static void w_ssh_pub(BIO *b)
{
	BIO_puts(b, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHh0 user@host\n");
}
static void w_putty(BIO *b)
{
	BIO_puts(b, "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n");
}
static void w_jks(BIO *b)
{
	BIO_write(b, "\xfe\xed\xfe\xed\x00\x00\x00\x02", 8);
}
static void w_jceks(BIO *b)
{
	BIO_write(b, "\xce\xce\xce\xce\x00\x00\x00\x02", 8);
}

/* ---- the table --------------------------------------------------- */

struct want {
	size_t cert, key, pub, csr, crl;
};

static const struct load_case {
	const char *name;
	writer w;
	struct want want;
	const char *error;	/* the one error id expected, or NULL */
	const char *note;	/* a non-error finding expected, or NULL */
	const char *pass;	/* --pass spec */
	bool scan;
	bool encrypted;		/* the key is marked encrypted */
	bool gzipped;
	const char *msg;	/* substring of the finding's message */
	EVP_PKEY **keyref;	/* the fixture key the loaded key must equal */
} cases[] = {
	{ .name = "cert.pem", .w = w_cert_pem, .want = { .cert = 1 } },
	{ .name = "cert.der", .w = w_cert_der, .want = { .cert = 1 } },
	{ .name = "two.der", .w = w_two_der, .want = { .cert = 2 } },
	{ .name = "crlf.pem", .w = w_cert_crlf, .want = { .cert = 1 } },
	{ .name = "bom.pem", .w = w_cert_bom, .want = { .cert = 1 } },
	{ .name = "text.pem", .w = w_cert_text, .want = { .cert = 1 } },
	{ .name = "trusted.pem", .w = w_trusted, .want = { .cert = 1 } },
	{ .name = "x509label.pem", .w = w_x509_label, .want = { .cert = 1 } },
	{ .name = "combined.pem", .keyref = &fx.rsa, .w = w_combined,
	    .want = { .cert = 2, .key = 1 } },
	{ .name = "combined.pem.gz", .keyref = &fx.rsa, .w = w_gzip,
	    .want = { .cert = 2, .key = 1 }, .gzipped = true },
	{ .name = "aes.p12", .keyref = &fx.rsa, .w = w_p12_aes,
	    .want = { .cert = 2, .key = 1 }, .pass = "pass:pw",
	    .encrypted = true },
	{ .name = "legacy.p12", .keyref = &fx.rsa, .w = w_p12_legacy,
	    .want = { .cert = 2, .key = 1 }, .pass = "pass:pw",
	    .encrypted = true, .note = "pkcs12-legacy", .msg = "RC2" },
	{ .name = "nopass.p12", .keyref = &fx.rsa, .w = w_p12_empty,
	    .want = { .cert = 2, .key = 1 } },
	{ .name = "bundle.p7b", .w = w_p7_pem, .want = { .cert = 2,
	    .crl = 1 } },
	{ .name = "bundle.p7b.der", .w = w_p7_der, .want = { .cert = 2,
	    .crl = 1 } },
	{ .name = "p8enc.pem", .keyref = &fx.rsa, .w = w_p8_enc,
	    .want = { .key = 1 }, .pass = "pass:pw", .encrypted = true },
	{ .name = "p8enc.der", .keyref = &fx.ec, .w = w_p8_enc_der,
	    .want = { .key = 1 }, .pass = "pass:pw", .encrypted = true },
	{ .name = "legacy-aes.pem", .keyref = &fx.rsa, .w = w_legacy_aes,
	    .want = { .key = 1 }, .pass = "pass:pw", .encrypted = true },
	{ .name = "legacy-des.pem", .keyref = &fx.ec, .w = w_legacy_des,
	    .want = { .key = 1 }, .pass = "pass:pw", .encrypted = true },
	{ .name = "rsa1.pem", .keyref = &fx.rsa, .w = w_rsa_pkcs1,
	    .want = { .key = 1 } },
	{ .name = "rsa1.der", .keyref = &fx.rsa, .w = w_rsa_pkcs1_der,
	    .want = { .key = 1 } },
	{ .name = "rsa8.der", .keyref = &fx.rsa, .w = w_rsa_pkcs8_der,
	    .want = { .key = 1 } },
	{ .name = "ec-sec1.pem", .keyref = &fx.ec, .w = w_ec_sec1,
	    .want = { .key = 1 } },
	{ .name = "ec-sec1.der", .keyref = &fx.ec, .w = w_ec_sec1_der,
	    .want = { .key = 1 } },
	{ .name = "ec-params.pem", .keyref = &fx.ec, .w = w_ec_params_key,
	    .want = { .key = 1 } },
	{ .name = "ec8.pem", .keyref = &fx.ec, .w = w_ec_pkcs8,
	    .want = { .key = 1 } },
	{ .name = "dsa.pem", .keyref = &fx.dsa, .w = w_dsa_trad,
	    .want = { .key = 1 } },
	{ .name = "dsa8.pem", .keyref = &fx.dsa, .w = w_dsa_pkcs8,
	    .want = { .key = 1 } },
	{ .name = "ed25519.pem", .keyref = &fx.ed25519, .w = w_ed25519,
	    .want = { .key = 1 } },
	{ .name = "ed448.der", .keyref = &fx.ed448, .w = w_ed448_der,
	    .want = { .key = 1 } },
	{ .name = "rsapss.pem", .keyref = &fx.rsapss, .w = w_rsapss,
	    .want = { .key = 1 } },
	{ .name = "spki.pem", .keyref = &fx.ec, .w = w_spki,
	    .want = { .pub = 1 } },
	{ .name = "spki.der", .keyref = &fx.rsa, .w = w_spki_der,
	    .want = { .pub = 1 } },
	{ .name = "rsapub.pem", .keyref = &fx.rsa, .w = w_rsa_pub,
	    .want = { .pub = 1 } },
	{ .name = "rsapub.der", .keyref = &fx.rsa, .w = w_rsa_pub_der,
	    .want = { .pub = 1 } },
	{ .name = "req.pem", .w = w_csr, .want = { .csr = 1 } },
	{ .name = "req-new.pem", .w = w_csr_new, .want = { .csr = 1 } },
	{ .name = "req.der", .w = w_csr_der, .want = { .csr = 1 } },
	{ .name = "crl.pem", .w = w_crl, .want = { .crl = 1 } },
	{ .name = "crl.der", .w = w_crl_der, .want = { .crl = 1 } },

	/* Bad input: one specific error each. */
	{ .name = "empty.pem", .w = w_empty, .want = { 0 },
	    .error = "file-empty" },
	{ .name = "blank.pem", .w = w_blank, .want = { 0 },
	    .error = "file-empty" },
	{ .name = "truncated.pem", .w = w_truncated, .want = { 0 },
	    .error = "pem-invalid",
	    .msg = "truncated PEM block 'CERTIFICATE' at line 3" },
	{ .name = "badb64.pem", .w = w_bad_base64, .want = { .cert = 1 },
	    .error = "pem-invalid", .msg = "at line" },
	{ .name = "mismatch.pem", .w = w_mismatched_end, .want = { 0 },
	    .error = "pem-invalid" },
	{ .name = "garbage.bin", .w = w_garbage, .want = { 0 },
	    .error = "format-unrecognized" },
	{ .name = "readme.txt", .w = w_text, .want = { 0 },
	    .error = "format-unrecognized" },
	{ .name = "trunc.der", .w = w_der_truncated, .want = { 0 },
	    .error = "der-invalid" },
	{ .name = "unknown.der", .w = w_der_unknown, .want = { 0 },
	    .error = "der-invalid" },
	{ .name = "trailing.der", .w = w_der_trailing, .want = { .cert = 1 },
	    .error = "der-invalid" },
	{ .name = "baddercert.pem", .w = w_cert_bad_der, .want = { 0 },
	    .error = "der-invalid",
	    .msg = "PEM block 'CERTIFICATE' at line 1" },
	{ .name = "label.pem", .w = w_unknown_label, .want = { 0 },
	    .error = "format-unsupported", .msg = "SOMETHING ELSE" },
	{ .name = "id_ed25519", .w = w_openssh, .want = { 0 },
	    .error = "format-unsupported", .msg = "OpenSSH" },
	{ .name = "id_ed25519.pub", .w = w_ssh_pub, .want = { 0 },
	    .error = "format-unsupported" },
	{ .name = "key.ppk", .w = w_putty, .want = { 0 },
	    .error = "format-unsupported", .msg = "PuTTY" },
	{ .name = "keystore.jks", .w = w_jks, .want = { 0 },
	    .error = "format-unsupported", .msg = "Java" },
	{ .name = "keystore.jceks", .w = w_jceks, .want = { 0 },
	    .error = "format-unsupported" },
	{ .name = "bomb.pem.gz", .gzipped = true, .w = w_gzip_bomb,
	    .want = { 0 }, .error = "gzip-too-large",
	    .msg = "decompresses to more than 16 MiB; refusing (gzip bomb?)" },
	{ .name = "ratio.pem.gz", .gzipped = true, .w = w_gzip_ratio,
	    .want = { 0 }, .error = "gzip-too-large",
	    .msg = "times its size" },
	{ .name = "corrupt.gz", .gzipped = true, .w = w_gzip_corrupt,
	    .want = { 0 }, .error = "gzip-invalid" },
	{ .name = "p8nopass.pem", .w = w_p8_enc, .want = { 0 },
	    .error = "password-required", .msg = "--pass" },
	{ .name = "p8wrong.pem", .w = w_p8_enc, .want = { 0 },
	    .error = "password-wrong", .pass = "pass:nope" },
	{ .name = "legnopass.pem", .w = w_legacy_aes, .want = { 0 },
	    .error = "password-required" },
	{ .name = "legwrong.pem", .w = w_legacy_aes, .want = { 0 },
	    .error = "password-wrong", .pass = "pass:nope" },
	{ .name = "nopass.p12x", .w = w_p12_aes, .want = { 0 },
	    .error = "password-required" },
	{ .name = "wrong.p12", .w = w_p12_aes, .want = { 0 },
	    .error = "password-wrong", .pass = "pass:nope" },
	{ .name = "envunset.p12", .w = w_p12_aes, .want = { 0 },
	    .error = "password-required",
	    .pass = "env:CHECK_LOAD_UNSET_VARIABLE", .msg = "not set" },
	/* Scan mode: locked files are noted, not errors. */
	{ .name = "scan.p12", .w = w_p12_aes, .want = { 0 },
	    .note = "pkcs12-locked", .scan = true },
	{ .name = "scankey.pem", .w = w_p8_enc, .want = { 0 },
	    .note = "key-locked", .scan = true },
	{ .name = "scanreadme.txt", .w = w_text, .want = { 0 }, .scan = true },
};

static void
write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	ck_assert(n == 0 || fwrite(p, 1, n, f) == n);
	ck_assert(fclose(f) == 0);
}

static char *
fixture_file(const char *name, writer w)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *path, *p;
	long n;

	w(b);
	n = BIO_get_mem_data(b, &p);
	ck_assert(asprintf(&path, "%s/%s", fx.dir, name) > 0);
	write_file(path, p, (size_t)n);
	BIO_free(b);
	return path;
}

START_TEST(test_load_case)
{
	const struct load_case *c = &cases[_i];
	struct inventory inv;
	struct findings fs;
	struct pass pass;
	struct load_ctx lc;
	const struct finding *f;
	char *path = fixture_file(c->name, c->w);
	int n;

	inventory_init(&inv);
	findings_init(&fs);
	pass_init(&pass, c->pass);
	lc = (struct load_ctx){ .pass = &pass, .scan = c->scan };
	n = load_path(&inv, &fs, &lc, path, ROLE_AUTO);
	if (c->error == NULL && findings_worst(&fs) == SEV_ERROR)
		fputs(tl_dump(&fs), stderr);

	ck_assert_uint_eq(inventory_count(&inv, OBJ_CERT), c->want.cert);
	ck_assert_uint_eq(inventory_count(&inv, OBJ_KEY), c->want.key);
	ck_assert_uint_eq(inventory_count(&inv, OBJ_PUBKEY), c->want.pub);
	ck_assert_uint_eq(inventory_count(&inv, OBJ_CSR), c->want.csr);
	ck_assert_uint_eq(inventory_count(&inv, OBJ_CRL), c->want.crl);
	if (c->error != NULL) {
		ck_assert_int_eq(n, -1);
		ck_assert_msg((f = tl_find(&fs, c->error)) != NULL,
		    "%s: expected %s", c->name, c->error);
		ck_assert_int_eq(f->sev, SEV_ERROR);
		ck_assert_str_eq(f->file, path);
		/* The file is in f->file; renderers put it before the
		 * message, which never repeats it. */
		ck_assert_msg(strstr(f->message, path) == NULL,
		    "message repeats the file: %s", f->message);
		ck_assert_uint_eq(findings_count(&fs, SEV_ERROR), 1);
	} else {
		ck_assert_uint_eq(findings_count(&fs, SEV_ERROR), 0);
		ck_assert_int_eq(n, (int)(c->want.cert + c->want.key +
		    c->want.pub + c->want.csr + c->want.crl));
	}
	if (c->note != NULL) {
		ck_assert_msg((f = tl_find(&fs, c->note)) != NULL,
		    "%s: expected %s", c->name, c->note);
		ck_assert(f->hint != NULL || c->scan);
	}
	if (c->msg != NULL) {
		const char *id = c->error != NULL ? c->error : c->note;
		f = tl_find(&fs, id);
		ck_assert_msg(strstr(f->message, c->msg) != NULL,
		    "'%s' not in '%s'", c->msg, f->message);
	}
	if (c->error == NULL && c->note == NULL)
		ck_assert_uint_eq(fs.n, 0);
	for (size_t i = 0; i < inv.nobjs; i++) {
		const struct object *o = inv.objs[i];
		ck_assert_ptr_nonnull(o->src);
		ck_assert_ptr_nonnull(o->container);
		if (o->kind == OBJ_KEY)
			ck_assert_int_eq(o->encrypted, c->encrypted);
		if ((o->kind == OBJ_KEY || o->kind == OBJ_PUBKEY) &&
		    c->keyref != NULL)
			ck_assert_msg(EVP_PKEY_eq(o->pkey, *c->keyref) == 1,
			    "%s: the key loaded is not the key written",
			    c->name);
	}
	if (inv.nsrcs > 0) {
		ck_assert_int_eq(inv.srcs[0]->gzipped, c->gzipped);
		ck_assert(inv.srcs[0]->have_mode);
	}
	/* Nothing secret leaks into messages. */
	for (size_t i = 0; i < fs.n; i++)
		ck_assert(strstr(fs.v[i].message, "nope") == NULL);

	pass_free(&pass);
	findings_free(&fs);
	inventory_free(&inv);
	free(path);
}
END_TEST

/* The same bytes through load_buffer give the same objects. */
START_TEST(test_load_buffer)
{
	const struct load_case *c = &cases[_i];
	BIO *b = BIO_new(BIO_s_mem());
	struct inventory inv;
	struct findings fs;
	struct pass pass;
	struct load_ctx lc;
	struct source *src;
	unsigned char *p;
	long len;
	int n;

	if (c->error != NULL || c->scan) {
		BIO_free(b);
		return;
	}
	c->w(b);
	len = BIO_get_mem_data(b, &p);
	inventory_init(&inv);
	findings_init(&fs);
	pass_init(&pass, c->pass);
	lc = (struct load_ctx){ .pass = &pass };
	src = inventory_add_source(&inv, c->name, ROLE_AUTO);
	n = load_buffer(&inv, &fs, &lc, src, p, (size_t)len);
	ck_assert_int_eq(n, (int)(c->want.cert + c->want.key + c->want.pub +
	    c->want.csr + c->want.crl));
	ck_assert(!src->have_mode);
	for (size_t i = 0; i < inv.nobjs; i++)
		ck_assert_ptr_eq(inv.objs[i]->src, src);
	pass_free(&pass);
	findings_free(&fs);
	inventory_free(&inv);
	BIO_free(b);
}
END_TEST

/* Objects keep their order and index within the file. */
START_TEST(test_index_and_container)
{
	struct inventory inv;
	struct findings fs;
	struct load_ctx lc = { 0 };
	char *path = fixture_file("order.pem", w_combined);

	inventory_init(&inv);
	findings_init(&fs);
	ck_assert_int_eq(load_path(&inv, &fs, &lc, path, ROLE_CHAIN), 3);
	ck_assert_uint_eq(inv.nobjs, 3);
	ck_assert_int_eq(inv.objs[0]->kind, OBJ_KEY);
	ck_assert_int_eq(inv.objs[1]->kind, OBJ_CERT);
	ck_assert_int_eq(inv.objs[2]->kind, OBJ_CERT);
	for (size_t i = 0; i < 3; i++) {
		ck_assert_uint_eq(inv.objs[i]->index, i);
		ck_assert_str_eq(inv.objs[i]->container, "PEM");
		ck_assert_int_eq(inv.objs[i]->role, ROLE_CHAIN);
	}
	ck_assert(X509_cmp(inv.objs[1]->x509, fx.leaf) == 0);
	findings_free(&fs);
	inventory_free(&inv);
	free(path);
}
END_TEST

static int
load_one(const char *path, struct findings *fs, struct inventory *inv)
{
	struct load_ctx lc = { 0 };

	inventory_init(inv);
	findings_init(fs);
	return load_path(inv, fs, &lc, path, ROLE_AUTO);
}

START_TEST(test_missing_and_unreadable)
{
	struct inventory inv;
	struct findings fs;
	char *path;

	ck_assert(asprintf(&path, "%s/does-not-exist.pem", fx.dir) > 0);
	ck_assert_int_eq(load_one(path, &fs, &inv), -1);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert_str_eq(fs.v[0].id, "file-unreadable");
	ck_assert(strstr(fs.v[0].message, "No such file") != NULL);
	ck_assert_str_eq(fs.v[0].file, path);
	ck_assert(strstr(fs.v[0].message, path) == NULL);
	findings_free(&fs);
	inventory_free(&inv);
	free(path);

	if (geteuid() != 0) {
		path = fixture_file("noperm.pem", w_cert_pem);
		chmod(path, 0);
		ck_assert_int_eq(load_one(path, &fs, &inv), -1);
		ck_assert_str_eq(fs.v[0].id, "file-unreadable");
		ck_assert(strstr(fs.v[0].message, "Permission denied"));
		findings_free(&fs);
		inventory_free(&inv);
		free(path);
	}
}
END_TEST

START_TEST(test_too_large)
{
	struct inventory inv;
	struct findings fs;
	char *path;
	int fd;

	ck_assert(asprintf(&path, "%s/huge.pem", fx.dir) > 0);
	fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	ck_assert(fd >= 0);
	ck_assert(ftruncate(fd, LOAD_MAX_FILE_SIZE + 1) == 0);
	close(fd);
	ck_assert_int_eq(load_one(path, &fs, &inv), -1);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert_str_eq(fs.v[0].id, "file-too-large");
	findings_free(&fs);
	inventory_free(&inv);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(test_too_many_objects)
{
	struct inventory inv;
	struct findings fs;
	BIO *b = BIO_new(BIO_s_mem());
	unsigned char *der = NULL, *p;
	int dlen = i2d_X509(fx.ca, &der);
	char *path;
	long n;

	/* Concatenated DER is the cheapest way to many objects. */
	for (unsigned i = 0; i <= LOAD_MAX_OBJECTS; i++)
		BIO_write(b, der, dlen);
	n = BIO_get_mem_data(b, &p);
	ck_assert(asprintf(&path, "%s/many.der", fx.dir) > 0);
	write_file(path, p, (size_t)n);
	ck_assert_int_eq(load_one(path, &fs, &inv), -1);
	ck_assert(tl_find(&fs, "too-many-objects") != NULL);
	ck_assert_uint_eq(findings_count(&fs, SEV_ERROR), 1);
	/* Duplicates collapse: one object, seen LOAD_MAX_OBJECTS times. */
	ck_assert_uint_eq(inv.nobjs, 1);
	ck_assert_uint_eq(inv.objs[0]->nalso, LOAD_MAX_OBJECTS - 1);
	findings_free(&fs);
	inventory_free(&inv);
	OPENSSL_free(der);
	BIO_free(b);
	free(path);
}
END_TEST

/* certbot's live/NAME: symlinks into archive/, and a README. */
START_TEST(test_directory_certbot)
{
	struct inventory inv;
	struct findings fs;
	char *live, *archive, *lnk, *tgt;
	static const struct { const char *name; writer w; } files[] = {
		{ "cert1.pem", w_cert_pem }, { "chain1.pem", w_ca_pem },
		{ "fullchain1.pem", w_fullchain },
		{ "privkey1.pem", w_key_pkcs8 },
	};

	ck_assert(asprintf(&archive, "%s/archive", fx.dir) > 0);
	ck_assert(asprintf(&live, "%s/live", fx.dir) > 0);
	ck_assert(mkdir(archive, 0700) == 0 && mkdir(live, 0700) == 0);
	for (size_t i = 0; i < 4; i++) {
		char name[64];
		ck_assert(asprintf(&tgt, "archive/%s", files[i].name) > 0);
		free(fixture_file(tgt, files[i].w));
		snprintf(name, sizeof(name), "%s", files[i].name);
		*strchr(name, '1') = '\0';
		ck_assert(asprintf(&lnk, "%s/%s.pem", live, name) > 0);
		free(tgt);
		ck_assert(asprintf(&tgt, "../archive/%s", files[i].name) > 0);
		ck_assert(symlink(tgt, lnk) == 0);
		free(lnk);
		free(tgt);
	}
	free(fixture_file("live/README", w_text));
	ck_assert(asprintf(&tgt, "%s/sub", live) > 0);
	ck_assert(mkdir(tgt, 0700) == 0);	/* not recursive: skipped */
	free(tgt);
	free(fixture_file("live/sub/other.pem", w_cert_pem));

	ck_assert_int_eq(load_one(live, &fs, &inv), 5);
	if (fs.n > 0)
		fputs(tl_dump(&fs), stderr);
	ck_assert_uint_eq(fs.n, 0);
	ck_assert_uint_eq(inventory_count(&inv, OBJ_CERT), 2);
	ck_assert_uint_eq(inventory_count(&inv, OBJ_KEY), 1);
	/* Sorted by name: cert.pem is the first source. */
	ck_assert(strstr(inv.srcs[0]->path, "/cert.pem") != NULL);
	ck_assert(strstr(inv.srcs[inv.nsrcs - 1]->path, "/privkey.pem"));
	ck_assert(inv.srcs[0]->have_mode);
	findings_free(&fs);
	inventory_free(&inv);
	free(live);
	free(archive);
}
END_TEST

START_TEST(test_directory_empty)
{
	struct inventory inv;
	struct findings fs;
	char *d;

	ck_assert(asprintf(&d, "%s/nocerts", fx.dir) > 0);
	ck_assert(mkdir(d, 0700) == 0);
	free(fixture_file("nocerts/README", w_text));
	free(fixture_file("nocerts/empty", w_empty));
	ck_assert_int_eq(load_one(d, &fs, &inv), -1);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert_str_eq(fs.v[0].id, "no-objects");
	ck_assert_str_eq(fs.v[0].file, d);
	findings_free(&fs);
	inventory_free(&inv);
	free(d);
}
END_TEST

/* A file that holds only parameters is recognised but has no objects. */
START_TEST(test_no_objects_file)
{
	struct inventory inv;
	struct findings fs;
	char *path;

	path = fixture_file("params.pem", w_ec_params_key);
	/* Overwrite with the parameters alone. */
	write_file(path, "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n"
	    "-----END EC PARAMETERS-----\n", 75);
	ck_assert_int_eq(load_one(path, &fs, &inv), -1);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert_str_eq(fs.v[0].id, "no-objects");
	findings_free(&fs);
	inventory_free(&inv);
	free(path);
}
END_TEST

/* A process that has not loaded the legacy provider meets RC2 and DES:
 * the loader loads it and retries. Only meaningful when each test runs in
 * a fresh process (CK_FORK is not "no"). */
START_TEST(test_legacy_fallback)
{
	static const struct named_writer {
		const char *name;
		writer w;
	} files[] = {
		{ "fallback.p12", w_p12_legacy },
		{ "fallback-des.pem", w_legacy_des },
	};
	const struct named_writer *f = &files[_i];
	struct inventory inv;
	struct findings fs;
	struct pass pass;
	struct load_ctx lc;
	char *path = fixture_file(f->name, f->w);

	if (getenv("CK_FORK") == NULL || strcmp(getenv("CK_FORK"), "no") != 0)
		ck_assert(!OSSL_PROVIDER_available(NULL, "legacy"));
	inventory_init(&inv);
	findings_init(&fs);
	pass_init(&pass, "pass:pw");
	lc = (struct load_ctx){ .pass = &pass };
	ck_assert_int_gt(load_path(&inv, &fs, &lc, path, ROLE_AUTO), 0);
	ck_assert_uint_eq(findings_count(&fs, SEV_ERROR), 0);
	ck_assert_uint_eq(inventory_count(&inv, OBJ_KEY), 1);
	ck_assert(OSSL_PROVIDER_available(NULL, "legacy"));
	pass_free(&pass);
	findings_free(&fs);
	inventory_free(&inv);
	free(path);
}
END_TEST

/* Scans load on several threads: the shared decoder contexts and the
 * legacy provider must hold up. */
struct thread_work {
	unsigned char *bytes[4];
	size_t len[4];
	int failures;
};

static void *
load_repeatedly(void *arg)
{
	struct thread_work *w = arg;
	static const size_t want[4] = { 3, 1, 1, 1 };

	for (int round = 0; round < 25; round++)
		for (size_t i = 0; i < 4; i++) {
			struct inventory inv;
			struct findings fs;
			struct pass pass;
			struct load_ctx lc;
			struct source *src;

			inventory_init(&inv);
			findings_init(&fs);
			pass_init(&pass, "pass:pw");
			lc = (struct load_ctx){ .pass = &pass };
			src = inventory_add_source(&inv, "t", ROLE_AUTO);
			if (load_buffer(&inv, &fs, &lc, src, w->bytes[i],
			    w->len[i]) != (int)want[i] || fs.n != 0)
				w->failures++;
			pass_free(&pass);
			findings_free(&fs);
			inventory_free(&inv);
		}
	return NULL;
}

START_TEST(test_threads)
{
	writer writers[4] = { w_combined, w_ec_sec1, w_rsa_pkcs1, w_legacy_des };
	struct thread_work work[4];
	pthread_t tid[4];

	for (size_t t = 0; t < 4; t++)
		for (size_t i = 0; i < 4; i++) {
			BIO *b = BIO_new(BIO_s_mem());
			unsigned char *p;
			writers[i](b);
			work[t].len[i] = (size_t)BIO_get_mem_data(b, &p);
			work[t].bytes[i] = malloc(work[t].len[i]);
			memcpy(work[t].bytes[i], p, work[t].len[i]);
			work[t].failures = 0;
			BIO_free(b);
		}
	for (size_t t = 0; t < 4; t++)
		ck_assert(pthread_create(&tid[t], NULL, load_repeatedly,
		    &work[t]) == 0);
	for (size_t t = 0; t < 4; t++) {
		pthread_join(tid[t], NULL);
		ck_assert_int_eq(work[t].failures, 0);
		for (size_t i = 0; i < 4; i++)
			free(work[t].bytes[i]);
	}
}
END_TEST

/* ---- sniffing ---------------------------------------------------- */

static const struct {
	const char *bytes;
	size_t len;
	enum sniffed want;
} sniff_cases[] = {
	{ "-----BEGIN CERTIFICATE-----\n", 28, SNIFF_PEM },
	{ "\xef\xbb\xbf-----BEGIN X", 15, SNIFF_PEM },
	{ "Certificate:\n    Data:\n-----BEGIN CERTIFICATE-----", 50,
	    SNIFF_PEM },
	{ "\x30\x82\x01\x0a\x02\x82", 6, SNIFF_DER },
	{ "\x30\x2e\x02\x01\x00\x30", 6, SNIFF_DER },
	{ "0123 is a number\n", 17, SNIFF_UNKNOWN },
	{ "\x1f\x8b\x08\x00", 4, SNIFF_GZIP },
	{ "\xfe\xed\xfe\xed", 4, SNIFF_JKS },
	{ "\xce\xce\xce\xce", 4, SNIFF_JKS },
	{ "PuTTY-User-Key-File-2: ssh-rsa", 30, SNIFF_PUTTY },
	{ "ssh-rsa AAAAB3Nza", 17, SNIFF_SSH },
	{ "ecdsa-sha2-nistp256 AAAA", 24, SNIFF_SSH },
	{ "---- BEGIN SSH2 PUBLIC KEY ----", 31, SNIFF_SSH },
	{ "hello", 5, SNIFF_UNKNOWN },
	{ "", 0, SNIFF_UNKNOWN },
};

START_TEST(test_sniff)
{
	ck_assert_int_eq(load_sniff((const unsigned char *)
	    sniff_cases[_i].bytes, sniff_cases[_i].len), sniff_cases[_i].want);
}
END_TEST

/* ---- io ---------------------------------------------------------- */

START_TEST(test_gunzip_caps)
{
	BIO *b = BIO_new(BIO_s_mem());
	struct io_buf out;
	unsigned char *p;
	char reason[128];
	long n;

	gzip_zeros(b, 100000);
	n = BIO_get_mem_data(b, &p);
	ck_assert(io_is_gzip(p, (size_t)n));
	ck_assert_int_eq(io_gunzip(p, (size_t)n, 200000, 1000, &out, reason,
	    sizeof(reason)), IO_OK);
	ck_assert_uint_eq(out.len, 100000);
	io_buf_free(&out);
	ck_assert_int_eq(io_gunzip(p, (size_t)n, 99999, 1000000, &out,
	    reason, sizeof(reason)), IO_GZIP_TOO_LARGE);
	ck_assert_ptr_null(out.data);
	ck_assert_int_eq(io_gunzip(p, (size_t)n, 200000, 2, &out, reason,
	    sizeof(reason)), IO_GZIP_RATIO);
	/* Truncated stream. */
	ck_assert_int_eq(io_gunzip(p, (size_t)n / 2, 200000, 1000000, &out,
	    reason, sizeof(reason)), IO_GZIP_INVALID);
	BIO_free(b);
}
END_TEST

START_TEST(test_io_read_directory)
{
	struct io_buf out;
	char reason[128];

	ck_assert_int_eq(io_read(fx.dir, 100, &out, reason, sizeof(reason)),
	    IO_UNREADABLE);
	ck_assert(strstr(reason, "directory") != NULL);
}
END_TEST

/* ---- passwords --------------------------------------------------- */

START_TEST(test_pass_forms)
{
	struct pass p;
	char *path;
	int fds[2];

	pass_init(&p, "pass:secret");
	ck_assert_str_eq(pass_get(&p, "x"), "secret");
	ck_assert_str_eq(pass_get(&p, "x"), "secret");
	pass_free(&p);

	setenv("CHECK_LOAD_PASS", "from env", 1);
	pass_init(&p, "env:CHECK_LOAD_PASS");
	ck_assert_str_eq(pass_get(&p, "x"), "from env");
	pass_free(&p);

	ck_assert(asprintf(&path, "%s/pw.txt", fx.dir) > 0);
	write_file(path, "first line\r\nsecond\n", 19);
	{
		char *spec;
		ck_assert(asprintf(&spec, "file:%s", path) > 0);
		pass_init(&p, spec);
		ck_assert_str_eq(pass_get(&p, "x"), "first line");
		pass_free(&p);
		free(spec);
	}
	free(path);

	ck_assert(pipe(fds) == 0);
	ck_assert(write(fds[1], "piped\nrest", 10) == 10);
	close(fds[1]);
	{
		char spec[32];
		char rest[8] = { 0 };
		snprintf(spec, sizeof(spec), "fd:%d", fds[0]);
		pass_init(&p, spec);
		ck_assert_str_eq(pass_get(&p, "x"), "piped");
		/* Only the first line is consumed. */
		ck_assert(read(fds[0], rest, sizeof(rest) - 1) == 4);
		ck_assert_str_eq(rest, "rest");
		pass_free(&p);
	}
	close(fds[0]);
}
END_TEST

START_TEST(test_pass_failures)
{
	struct pass p;

	pass_init(&p, "env:CHECK_LOAD_NOT_SET_ANYWHERE");
	ck_assert_ptr_null(pass_get(&p, "x"));
	ck_assert(p.failed);
	ck_assert(strstr(p.err, "CHECK_LOAD_NOT_SET_ANYWHERE") != NULL);
	pass_free(&p);

	pass_init(&p, "file:/nonexistent/pw");
	ck_assert_ptr_null(pass_get(&p, "x"));
	ck_assert(p.failed);
	pass_free(&p);

	pass_init(&p, "fd:12x");
	ck_assert_ptr_null(pass_get(&p, "x"));
	ck_assert(p.failed);
	pass_free(&p);

	/* A bare password (no "pass:") is refused and never echoed. */
	pass_init(&p, "hunter2");
	ck_assert_ptr_null(pass_get(&p, "x"));
	ck_assert(p.failed);
	ck_assert(strstr(p.err, "hunter2") == NULL);
	pass_free(&p);
}
END_TEST

/* No spec and stdin not a terminal: no password, no error, no prompt. */
START_TEST(test_pass_none)
{
	struct pass p;
	int saved = dup(STDIN_FILENO);
	int devnull = open("/dev/null", O_RDONLY);

	dup2(devnull, STDIN_FILENO);
	pass_init(&p, NULL);
	ck_assert_ptr_null(pass_get(&p, "x"));
	ck_assert(!p.failed);
	pass_free(&p);
	dup2(saved, STDIN_FILENO);
	close(saved);
	close(devnull);
}
END_TEST

static Suite *
load_suite(void)
{
	Suite *s = suite_create("load");
	TCase *tc = tl_tcase(s, "load");

	tcase_add_unchecked_fixture(tc, fixtures_setup, fixtures_teardown);
	tl_add_loop(tc, test_load_case, cases);
	tl_add_loop(tc, test_load_buffer, cases);
	tcase_add_test(tc, test_index_and_container);
	tcase_add_test(tc, test_missing_and_unreadable);
	tcase_add_test(tc, test_too_large);
	tcase_add_test(tc, test_too_many_objects);
	tcase_add_test(tc, test_directory_certbot);
	tcase_add_test(tc, test_directory_empty);
	tcase_add_test(tc, test_no_objects_file);
	tcase_add_loop_test(tc, test_legacy_fallback, 0, 2);
	tcase_add_test(tc, test_threads);
	tl_add_loop(tc, test_sniff, sniff_cases);
	tcase_add_test(tc, test_gunzip_caps);
	tcase_add_test(tc, test_io_read_directory);
	tcase_add_test(tc, test_pass_forms);
	tcase_add_test(tc, test_pass_failures);
	tcase_add_test(tc, test_pass_none);
	return s;
}

int
main(void)
{
	return tl_run_suite(load_suite());
}
