/* A small PKI built in memory for unit tests: keys of any type,
 * certificates with chosen names, dates, extensions and signatures.
 * Times are relative to TEST_NOW so that no test rots. */
#ifndef TESTPKI_H
#define TESTPKI_H

#include <stdbool.h>
#include <time.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "inventory.h"

#define TEST_NOW	((time_t)1795780800)	/* 2026-11-27T12:00:00Z */
#define TEST_DAY	86400L

/* "RSA:2048", "RSA-PSS:2048", "EC:P-256", "ED25519", "ED448", "DSA:1024".
 * Aborts the test on failure. Keys of one spec are cached and shared
 * (up-referenced), so tests stay fast: free each with EVP_PKEY_free. */
EVP_PKEY *tp_key(const char *spec);
/* A fresh key, never cached (for "the other key" in mismatch tests). */
EVP_PKEY *tp_new_key(const char *spec);
void tp_cleanup(void);

struct tp_cert {
	const char *subject;	/* "/CN=x/O=y"; NULL: empty subject */
	EVP_PKEY *key;		/* the certificate's key (borrowed) */
	X509 *issuer;		/* NULL: self-signed by key */
	EVP_PKEY *issuer_key;
	bool dates;		/* false: valid from -30 to +365 days */
	long from, to;		/* seconds from TEST_NOW */
	const char *san;	/* "DNS:a,IP:1.2.3.4" */
	const char *eku;	/* "serverAuth,clientAuth" */
	const char *ku;		/* "critical,digitalSignature" */
	const char *bc;		/* "critical,CA:TRUE" */
	const char *ns;		/* nsCertType: "client" */
	const char *md;		/* "SHA256" (default), "SHA1", "MD5"; ignored
				 * for Ed25519/Ed448 issuers */
};

/* Aborts the test on failure. The caller owns the result. */
X509 *tp_cert(const struct tp_cert *);

/* Inventory building: each call adds one object from its own source
 * `path` with `role`; mode < 0: not a file. Takes ownership of obj. */
struct object *tp_add(struct inventory *, const char *path, enum role,
    enum objkind, void *obj, int mode);

#endif
