/* Test PKIs built with libcrypto at test time, so no fixture rots. */
#ifndef TESTS_PKI_H
#define TESTS_PKI_H

#include <stdbool.h>
#include <time.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "inventory.h"

/* The instant tests evaluate at: certificates are placed around it. */
#define PKI_NOW		((time_t)1800000000)	/* 2027-01-15 */
#define PKI_DAY		((time_t)86400)

struct pki_spec {
	const char *cn;
	bool ca;		/* basicConstraints CA:TRUE (critical) */
	bool no_bc;		/* no basicConstraints at all */
	int pathlen;		/* with ca: pathlen, or -1 (the default: 0 = -1) */
	bool has_pathlen;
	const char *ku;		/* keyUsage; NULL: the usual for CA / leaf */
	const char *eku;	/* extendedKeyUsage; NULL: serverAuth on leaves */
	const char *san;	/* subjectAltName; NULL: DNS:<cn> on leaves */
	const char *nc;		/* nameConstraints */
	const char *aia;	/* authorityInfoAccess */
	time_t not_before;	/* 0: PKI_NOW - 30 days */
	time_t not_after;	/* 0: PKI_NOW + 365 days */
	const EVP_MD *md;	/* NULL: SHA-256 */
	long serial;		/* 0: a counter */
	bool negative_serial;	/* serial = -serial */
	bool no_skid, no_akid;	/* leave the key identifiers out */
};

EVP_PKEY *pki_key(void);		/* EC P-256 */
EVP_PKEY *pki_rsa(int bits);
/* issuer == NULL: self-signed with key. */
X509 *pki_cert(const struct pki_spec *, EVP_PKEY *key, X509 *issuer,
    EVP_PKEY *issuer_key);

/* A CRL from issuer revoking the NULL-terminated list, valid from
 * last_update to next_update; signed with sign_key (the issuer's key for a
 * genuine CRL). */
X509_CRL *pki_crl(X509 *issuer, EVP_PKEY *sign_key, X509 *const *revoked,
    time_t last_update, time_t next_update);
struct object *pki_add_crl(struct inventory *, X509_CRL *, const char *path);

/* Adds a reference to x to inv as if loaded from `path` (one source per
 * distinct path) with the given role; returns the object. */
struct object *pki_add(struct inventory *, X509 *, const char *path,
    enum role);
/* Writes certificates as PEM (NULL-terminated list); false on error. */
bool pki_write(const char *path, X509 *const *certs);

#endif
