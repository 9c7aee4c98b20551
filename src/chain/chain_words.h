/* How chain findings name certificates, their origins and the fixes. */
#ifndef CHAIN_WORDS_H
#define CHAIN_WORDS_H

#include "chain.h"
#include "finding.h"
#include "inventory.h"

/* "CN=R3, O=Let's Encrypt, C=US"; malloc'd. */
char *chain_link_name(const struct chain_link *);
char *chain_cert_name(X509 *);
char *chain_issuer_name(X509 *);	/* the issuer DN */
/* Where it came from: "system trust store", "--ca root.pem",
 * "chain.pem", "downloaded from http://..."; malloc'd. */
char *chain_link_origin(const struct chain_link *);

/* The first caIssuers URI of the certificate's AIA, or NULL; malloc'd. */
char *chain_aia_ca_issuers(X509 *);
/* The authority key identifier as "AB:CD:...", or NULL; malloc'd. */
char *chain_akid_hex(X509 *);
/* True when this OpenSSL cannot verify x's signature algorithm (named in
 * name): its issuer is then not found although given. */
bool chain_sigalg_unsupported(X509 *x, char *name, size_t len);

/* The fix for a path that stops at a certificate whose issuer is missing:
 * append it to the served files, with the real file names. */
void chain_hint_missing_issuer(struct finding *, const struct inventory *,
    const struct chain_path *);

#endif
