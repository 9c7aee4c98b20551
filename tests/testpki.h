/* The former test PKI's names, kept for suites not yet written with
 * testlib.h directly: each is a thin wrapper over testlib. */
#ifndef TESTPKI_H
#define TESTPKI_H

#include "testlib.h"

#define TEST_NOW	TESTLIB_NOW
#define TEST_DAY	((long)TESTLIB_DAY)

#define tp_key		tl_key
#define tp_new_key	tl_new_key
#define tp_cleanup	tl_keys_free
#define tp_add		tl_add

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
	const char *md;		/* "SHA256" (default), "SHA1", "MD5" */
};

X509 *tp_cert(const struct tp_cert *);

#endif
