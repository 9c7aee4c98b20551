/* What a password-based key derivation will cost, read from its ASN.1
 * parameters before anything is derived: a file names its own iteration
 * count, so a 400-byte key can ask for minutes of CPU. */
#ifndef KDF_BUDGET_H
#define KDF_BUDGET_H

#include <stdbool.h>
#include <stdint.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

/* Default cap on one derivation's work: PBKDF2, PKCS#5 v1 and PKCS#12
 * iterations, or scrypt's N*r*p. Tools write 2048 (OpenSSL 3) to 600000
 * (current PBKDF2 advice); one derivation at the cap costs about 0.4 s
 * of CPU. --max-kdf-iterations raises it. */
#define KDF_DEFAULT_MAX_WORK	1000000ull
/* scrypt's memory, 128*r*(N+p) bytes: OpenSSL's own default limit. */
#define KDF_MAX_SCRYPT_MEMORY	(32ull * 1024 * 1024)

struct kdf_cost {
	uint64_t work;		/* iterations, or N*r*p for scrypt */
	uint64_t memory;	/* bytes; scrypt only, else 0 */
	const char *unit;	/* "PBKDF2 iterations", "scrypt N*r*p"... */
};

/* The cost of the derivation an encryption AlgorithmIdentifier (PBES1,
 * PKCS#12 PBE or PBES2) asks for. False when the parameters cannot be
 * read; OpenSSL then refuses them as well, before deriving. */
bool kdf_cost_of(const X509_ALGOR *alg, struct kdf_cost *out);

/* The cost of a PKCS#12 MAC (its PKCS#12 KDF iterations). */
void kdf_cost_of_mac(const PKCS12 *p12, struct kdf_cost *out);

/* Whether OpenSSL needs its legacy provider for this encryption (DES,
 * RC2, RC4, MD2...) or MAC: loaded before the one attempt, rather than
 * deriving twice. */
bool kdf_needs_legacy(const X509_ALGOR *alg);
bool kdf_mac_needs_legacy(const PKCS12 *p12);

#endif
