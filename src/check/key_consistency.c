/* Private key consistency.
 *
 * For RSA the relations between the key's numbers are checked here with
 * OpenSSL's bignums rather than by EVP_PKEY_check, which also proves p and
 * q prime: about 55 ms of CPU for an RSA 2048 key and 400 ms for RSA 4096,
 * more than everything else a check costs together. Primality was settled
 * when the key was generated; what goes wrong later (a damaged or edited
 * file, parts of two keys spliced together) is that the numbers stop
 * fitting each other, and that is what is checked, in well under 1 ms.
 * Other key types are cheap for EVP_PKEY_check (under 5 ms).
 *
 * A key file sets its own size: a 7 KB RSA key with five 4096-bit primes
 * took EVP_PKEY_check 19 s. So sizes are bounded before any work: RSA up
 * to KEY_CHECK_MAX_RSA_BITS and RSA_MAX_PRIMES primes, checked with the
 * same arithmetic for every prime (never a primality test); other types
 * up to KEY_CHECK_MAX_OTHER_BITS (DSA and DH parameters are proved prime
 * by the provider). A key over a bound is left unchecked (-1). Without
 * the primes only a round trip can tell, two exponentiations: up to
 * KEY_CHECK_MAX_ROUNDTRIP_BITS. */
#include "config.h"

#include <stdbool.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>

#include "key_consistency.h"

#define KEY_CHECK_MAX_RSA_BITS		16384	/* OpenSSL's own RSA limit */
#define KEY_CHECK_MAX_OTHER_BITS	4096
#define KEY_CHECK_MAX_ROUNDTRIP_BITS	8192
#define RSA_MAX_PRIMES			5	/* OpenSSL's RSA_MAX_PRIME_NUM */

static int
provider_check(const EVP_PKEY *pk)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, (EVP_PKEY *)pk,
	    NULL);
	int r = -1;

	if (c != NULL) {
		r = EVP_PKEY_check(c);
		r = r == -2 ? -1 : r == 1;
	}
	EVP_PKEY_CTX_free(c);
	return r;
}

enum { N, E, D, P, Q, DP, DQ, QINV, NPARAMS };

static const char *const rsa_names[NPARAMS] = {
	OSSL_PKEY_PARAM_RSA_N, OSSL_PKEY_PARAM_RSA_E, OSSL_PKEY_PARAM_RSA_D,
	OSSL_PKEY_PARAM_RSA_FACTOR1, OSSL_PKEY_PARAM_RSA_FACTOR2,
	OSSL_PKEY_PARAM_RSA_EXPONENT1, OSSL_PKEY_PARAM_RSA_EXPONENT2,
	OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
};

static const char *const extra_prime_names[] = {
	OSSL_PKEY_PARAM_RSA_FACTOR3, OSSL_PKEY_PARAM_RSA_FACTOR4,
	OSSL_PKEY_PARAM_RSA_FACTOR5, OSSL_PKEY_PARAM_RSA_FACTOR6,
	OSSL_PKEY_PARAM_RSA_FACTOR7, OSSL_PKEY_PARAM_RSA_FACTOR8,
	OSSL_PKEY_PARAM_RSA_FACTOR9, OSSL_PKEY_PARAM_RSA_FACTOR10,
};
#define NEXTRA (sizeof(extra_prime_names) / sizeof(extra_prime_names[0]))

/* With p and q (and, in a multi-prime key, the further primes x): n is
 * their product, and e d = 1 modulo each prime minus one (so modulo
 * their lcm, what makes d undo e); the CRT values of p and q, when
 * present, derive from them. Arithmetic only, no exponentiation. */
static bool
rsa_factors_fit(BIGNUM *const v[NPARAMS], BIGNUM *const x[], size_t nx,
    BN_CTX *bc)
{
	BIGNUM *t = BN_CTX_get(bc), *ed = BN_CTX_get(bc),
	    *pm1 = BN_CTX_get(bc), *qm1 = BN_CTX_get(bc);

	if (qm1 == NULL || !BN_mul(t, v[P], v[Q], bc))
		return false;
	for (size_t i = 0; i < nx; i++)
		if (!BN_mul(t, t, x[i], bc))
			return false;
	if (BN_cmp(t, v[N]) != 0)
		return false;
	if (!BN_sub(pm1, v[P], BN_value_one()) ||
	    !BN_sub(qm1, v[Q], BN_value_one()) ||
	    !BN_mul(ed, v[E], v[D], bc))
		return false;
	if (BN_is_zero(pm1) || BN_is_zero(qm1) ||
	    !BN_mod(t, ed, pm1, bc) || !BN_is_one(t) ||
	    !BN_mod(t, ed, qm1, bc) || !BN_is_one(t))
		return false;
	for (size_t i = 0; i < nx; i++)
		if (!BN_sub(pm1, x[i], BN_value_one()) || BN_is_zero(pm1) ||
		    !BN_mod(t, ed, pm1, bc) || !BN_is_one(t))
			return false;
	if (!BN_sub(pm1, v[P], BN_value_one()))
		return false;
	if (v[DP] != NULL && (!BN_mod(t, v[D], pm1, bc) ||
	    BN_cmp(t, v[DP]) != 0))
		return false;
	if (v[DQ] != NULL && (!BN_mod(t, v[D], qm1, bc) ||
	    BN_cmp(t, v[DQ]) != 0))
		return false;
	if (v[QINV] != NULL && (!BN_mod_mul(t, v[QINV], v[Q], v[P], bc) ||
	    !BN_is_one(t)))
		return false;
	return true;
}

/* Without p and q: d must undo e, (m^e)^d = m (mod n). */
static int
rsa_roundtrip(BIGNUM *const v[NPARAMS], BN_CTX *bc)
{
	BIGNUM *m = BN_CTX_get(bc), *c = BN_CTX_get(bc),
	    *back = BN_CTX_get(bc);

	if (back == NULL || !BN_set_word(m, 0x5eed))
		return -1;
	if (BN_cmp(m, v[N]) >= 0)
		return 0;
	BN_set_flags(v[D], BN_FLG_CONSTTIME);
	if (!BN_mod_exp(c, m, v[E], v[N], bc) ||
	    !BN_mod_exp(back, c, v[D], v[N], bc))
		return -1;
	return BN_cmp(back, m) == 0;
}

static int
rsa_consistency(const EVP_PKEY *pk)
{
	BIGNUM *v[NPARAMS] = { NULL }, *x[NEXTRA] = { NULL };
	BN_CTX *bc = BN_CTX_new();
	size_t nx = 0;
	int r = -1;

	/* Bounded before any number is looked at. */
	if (EVP_PKEY_get_bits(pk) > KEY_CHECK_MAX_RSA_BITS)
		goto out;
	for (int i = 0; i < NPARAMS; i++)
		if (!EVP_PKEY_get_bn_param(pk, rsa_names[i], &v[i]))
			v[i] = NULL;
	while (nx < NEXTRA &&
	    EVP_PKEY_get_bn_param(pk, extra_prime_names[nx], &x[nx]))
		nx++;
	if (2 + nx > RSA_MAX_PRIMES)
		goto out;
	if (bc == NULL || v[N] == NULL || v[E] == NULL || v[D] == NULL)
		goto out;
	BN_CTX_start(bc);
	if (v[P] != NULL && v[Q] != NULL)
		r = rsa_factors_fit(v, x, nx, bc);
	else if (EVP_PKEY_get_bits(pk) <= KEY_CHECK_MAX_ROUNDTRIP_BITS)
		r = rsa_roundtrip(v, bc);
	BN_CTX_end(bc);
out:
	for (int i = 0; i < NPARAMS; i++)
		BN_clear_free(v[i]);
	for (size_t i = 0; i < NEXTRA; i++)
		BN_clear_free(x[i]);
	BN_CTX_free(bc);
	ERR_clear_error();
	return r;
}

int
key_consistency(const EVP_PKEY *pk)
{
	int r;

	if (EVP_PKEY_is_a(pk, "RSA") || EVP_PKEY_is_a(pk, "RSA-PSS"))
		r = rsa_consistency(pk);
	else if (EVP_PKEY_get_bits(pk) > KEY_CHECK_MAX_OTHER_BITS)
		r = -1;
	else
		r = provider_check(pk);
	ERR_clear_error();
	return r;
}
