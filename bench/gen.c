/* Generates the benchmark tree: a root, a few intermediates and N
 * certificate/key pairs (half EC P-256, half RSA-2048), some expired,
 * some with the wrong key next to them.
 *
 *   bench/gen OUTDIR [PAIRS]      (default 10000 pairs, 100 per folder)
 *
 * RSA key generation would take minutes (two 1024-bit primes per key), so
 * RSA keys are built from a pool of primes: any two distinct primes of
 * the pool make a distinct valid key, and 101 primes give 5,050 keys.
 * Keys sharing a prime are insecure, which does not matter here: the
 * tree only has to cost what a real one costs to parse and verify. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#define PER_DIR		100
#define EXPIRED_EVERY	50	/* 2% of leaves expired */
/* Every other folder has its first two keys swapped: 1% of pairs. */

static void
die(const char *what)
{
	fprintf(stderr, "gen: %s\n", what);
	ERR_print_errors_fp(stderr);
	exit(1);
}

static void
mkdir_p(const char *path)
{
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		die(path);
}

/* Primes p with gcd(p-1, 65537) = 1, so e=65537 works with any pair. */
static BIGNUM **
prime_pool(int n, BN_CTX *bc)
{
	BIGNUM **v = calloc((size_t)n, sizeof(*v));
	BIGNUM *e = BN_new(), *pm1 = BN_new(), *g = BN_new();

	if (v == NULL || e == NULL || pm1 == NULL || g == NULL)
		die("out of memory");
	BN_set_word(e, 65537);
	for (int i = 0; i < n; i++) {
		do {
			if ((v[i] = BN_new()) == NULL ||
			    !BN_generate_prime_ex2(v[i], 1024, 0, NULL, NULL,
			    NULL, bc))
				die("prime generation");
			BN_sub(pm1, v[i], BN_value_one());
			BN_gcd(g, pm1, e, bc);
		} while (!BN_is_one(g) && (BN_free(v[i]), 1));
	}
	BN_free(e);
	BN_free(pm1);
	BN_free(g);
	return v;
}

static EVP_PKEY *
rsa_from_primes(const BIGNUM *p, const BIGNUM *q, BN_CTX *bc)
{
	BIGNUM *n = BN_new(), *e = BN_new(), *d = BN_new(), *phi = BN_new(),
	    *pm1 = BN_new(), *qm1 = BN_new(), *dp = BN_new(), *dq = BN_new(),
	    *qinv = BN_new();
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	EVP_PKEY *k = NULL;

	if (qinv == NULL || b == NULL || ctx == NULL)
		die("out of memory");
	BN_set_word(e, 65537);
	BN_mul(n, p, q, bc);
	BN_sub(pm1, p, BN_value_one());
	BN_sub(qm1, q, BN_value_one());
	BN_mul(phi, pm1, qm1, bc);
	if (BN_mod_inverse(d, e, phi, bc) == NULL ||
	    BN_mod_inverse(qinv, q, p, bc) == NULL)
		die("RSA arithmetic");
	BN_mod(dp, d, pm1, bc);
	BN_mod(dq, d, qm1, bc);
	OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_N, n);
	OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_E, e);
	OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_D, d);
	OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_FACTOR1, p);
	OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_FACTOR2, q);
	OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_EXPONENT1, dp);
	OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_EXPONENT2, dq);
	OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qinv);
	if ((params = OSSL_PARAM_BLD_to_param(b)) == NULL ||
	    EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &k, EVP_PKEY_KEYPAIR, params) <= 0)
		die("RSA key from primes");
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(b);
	EVP_PKEY_CTX_free(ctx);
	BN_free(n); BN_free(e); BN_free(d); BN_free(phi); BN_free(pm1);
	BN_free(qm1); BN_free(dp); BN_free(dq); BN_free(qinv);
	return k;
}

static void
add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX v3;
	X509_EXTENSION *ext;

	X509V3_set_ctx(&v3, issuer, x, NULL, NULL, 0);
	if ((ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value)) == NULL)
		die(value);
	X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
}

/* issuer == NULL: self-signed. */
static X509 *
make_cert(EVP_PKEY *k, const char *cn, X509 *issuer, EVP_PKEY *ikey,
    bool ca, long from_days, long to_days, long serial)
{
	X509 *x = X509_new();
	char san[300];

	if (x == NULL)
		die("out of memory");
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	X509_gmtime_adj(X509_getm_notBefore(x), from_days * 86400);
	X509_gmtime_adj(X509_getm_notAfter(x), to_days * 86400);
	X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN",
	    MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, X509_get_subject_name(issuer ? issuer : x));
	X509_set_pubkey(x, k);
	if (ca) {
		add_ext(x, issuer ? issuer : x, NID_basic_constraints,
		    "critical,CA:TRUE");
		add_ext(x, issuer ? issuer : x, NID_key_usage,
		    "critical,keyCertSign,cRLSign");
	} else {
		add_ext(x, issuer, NID_basic_constraints, "critical,CA:FALSE");
		add_ext(x, issuer, NID_key_usage,
		    "critical,digitalSignature,keyEncipherment");
		add_ext(x, issuer, NID_ext_key_usage, "serverAuth");
		snprintf(san, sizeof(san), "DNS:%s", cn);
		add_ext(x, issuer, NID_subject_alt_name, san);
	}
	add_ext(x, issuer ? issuer : x, NID_subject_key_identifier, "hash");
	if (issuer != NULL)
		add_ext(x, issuer, NID_authority_key_identifier,
		    "keyid:always");
	if (X509_sign(x, issuer ? ikey : k, EVP_sha256()) <= 0)
		die("sign");
	return x;
}

static void
write_cert(const char *path, X509 *x)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL || !PEM_write_X509(fp, x) || fclose(fp) != 0)
		die(path);
}

static void
write_key(const char *path, EVP_PKEY *k)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL || !PEM_write_PrivateKey(fp, k, NULL, NULL, 0, NULL,
	    NULL) || fclose(fp) != 0)
		die(path);
}

int
main(int argc, char **argv)
{
	const char *out;
	long pairs = 10000;
	char path[4096], dir[2048], cn[128];
	BN_CTX *bc = BN_CTX_new();
	BIGNUM **primes;
	int nprimes = 2;
	EVP_PKEY *root_key, *int_key[3];
	X509 *root, *inter[3];
	long rsa_needed, rsa_i = 0, rsa_j = 1;
	long expired = 0, mismatched = 0, ec = 0, rsa = 0;
	clock_t t0 = clock();

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: gen OUTDIR [PAIRS]\n");
		return 2;
	}
	out = argv[1];
	if (argc == 3 && ((pairs = strtol(argv[2], NULL, 10)) < 1 ||
	    pairs > 1000000))
		die("PAIRS: 1..1000000");
	rsa_needed = pairs / 2 + 1;	/* and the RSA intermediate */
	while ((long)nprimes * (nprimes - 1) / 2 < rsa_needed)
		nprimes++;
	primes = prime_pool(nprimes, bc);

	mkdir_p(out);
	snprintf(dir, sizeof(dir), "%s/ca", out);
	mkdir_p(dir);
	/* Issuers: a root, two EC intermediates and one RSA. Their keys
	 * stay out of the tree, as in a real repository. */
	root_key = EVP_EC_gen("P-256");
	root = make_cert(root_key, "Bench Root CA", NULL, NULL, true, -1, 3650,
	    1);
	int_key[0] = EVP_EC_gen("P-256");
	int_key[1] = EVP_EC_gen("P-256");
	int_key[2] = rsa_from_primes(primes[0], primes[1], bc);
	for (int i = 0; i < 3; i++) {
		snprintf(cn, sizeof(cn), "Bench Intermediate %d", i + 1);
		inter[i] = make_cert(int_key[i], cn, root, root_key, true, -1,
		    1825, 2 + i);
		snprintf(path, sizeof(path), "%s/ca/intermediate-%d.crt", out,
		    i + 1);
		write_cert(path, inter[i]);
	}
	snprintf(path, sizeof(path), "%s/ca/root.crt", out);
	write_cert(path, root);
	rsa_j = 2;		/* primes 0 and 1 made the RSA intermediate */

	for (long n = 0; n < pairs; n++) {
		EVP_PKEY *k;
		X509 *x;
		int which = (int)(n % 3);
		bool is_expired = n % EXPIRED_EVERY == EXPIRED_EVERY - 1;

		if (n % PER_DIR == 0) {
			snprintf(dir, sizeof(dir), "%s/svc%03ld", out,
			    n / PER_DIR);
			mkdir_p(dir);
		}
		if (n % 2 == 0) {
			k = EVP_EC_gen("P-256");
			ec++;
		} else {
			k = rsa_from_primes(primes[rsa_i], primes[rsa_j], bc);
			if (++rsa_j == nprimes) {
				rsa_i++;
				rsa_j = rsa_i + 1;
			}
			rsa++;
		}
		if (k == NULL)
			die("key generation");
		snprintf(cn, sizeof(cn), "host%05ld.bench.example", n);
		x = make_cert(k, cn, inter[which], int_key[which], false,
		    is_expired ? -400 : -1, is_expired ? -35 : 397, 1000 + n);
		expired += is_expired;
		snprintf(path, sizeof(path), "%s/host%05ld.crt", dir, n);
		write_cert(path, x);
		if ((n / PER_DIR) % 2 == 0 && n % PER_DIR == 1) {
			snprintf(path, sizeof(path), "%s/host%05ld.key", dir,
			    n - 1);
			mismatched += 2;
		} else if ((n / PER_DIR) % 2 == 0 && n % PER_DIR == 0 &&
		    n + 1 < pairs)
			snprintf(path, sizeof(path), "%s/host%05ld.key", dir,
			    n + 1);
		else
			snprintf(path, sizeof(path), "%s/host%05ld.key", dir, n);
		write_key(path, k);
		X509_free(x);
		EVP_PKEY_free(k);
	}
	fprintf(stderr, "gen: %ld pairs (%ld EC P-256, %ld RSA-2048 from %d "
	    "primes), %ld expired, %ld with a neighbour's key, in %.1f s CPU\n",
	    pairs, ec, rsa, nprimes, expired, mismatched,
	    (double)(clock() - t0) / CLOCKS_PER_SEC);
	for (int i = 0; i < nprimes; i++)
		BN_free(primes[i]);
	free(primes);
	for (int i = 0; i < 3; i++) {
		X509_free(inter[i]);
		EVP_PKEY_free(int_key[i]);
	}
	X509_free(root);
	EVP_PKEY_free(root_key);
	BN_CTX_free(bc);
	return 0;
}
