/* The former PKI builder's names, kept for suites not yet written with
 * testlib.h directly: each is a thin wrapper over tl_cert and friends. */
#ifndef TESTS_PKI_H
#define TESTS_PKI_H

#include "testlib.h"

#define PKI_NOW		TESTLIB_NOW
#define PKI_DAY		TESTLIB_DAY

/* A certificate with the usual extensions of a CA or a server. */
struct pki_spec {
	const char *cn;
	bool ca;		/* basicConstraints CA:TRUE (critical) */
	bool no_bc;		/* no basicConstraints at all */
	int pathlen;		/* with ca and has_pathlen */
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

EVP_PKEY *pki_key(void);		/* EC P-256, fresh */
EVP_PKEY *pki_rsa(int bits);		/* fresh */
/* issuer == NULL: self-signed with key. */
X509 *pki_cert(const struct pki_spec *, EVP_PKEY *key, X509 *issuer,
    EVP_PKEY *issuer_key);

#define pki_crl		tl_crl
#define pki_add_crl	tl_add_crl
#define pki_add		tl_add_cert
#define pki_write	tl_write_pem

#endif
