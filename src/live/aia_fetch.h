/* --fetch-aia: download missing issuers from the caIssuers URL of the
 * certificate where the path stops. The only network access of an
 * offline check, and only when asked. */
#ifndef AIA_FETCH_H
#define AIA_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <openssl/x509.h>

#include "finding.h"
#include "inventory.h"

#define AIA_TIMEOUT_SECONDS	10
#define AIA_MAX_RESPONSE	(256u * 1024)	/* certificates are ~2 KiB */
#define AIA_MAX_HOPS		4		/* intermediates downloaded */

/* The URLs downloaded so far in one run: each at most once. */
struct aia_tried {
	char *urls[AIA_MAX_HOPS];	/* owned */
	size_t n;
};

/* Downloads the issuer of stop (the certificate where the path stops,
 * its issuer missing) from its caIssuers URL into the inventory (role
 * ROLE_FETCHED, the URL as its file), and reports the attempt as an
 * aia-fetch finding about inv->leaf. true when a certificate joined the
 * inventory, so the path is worth building again. */
bool aia_fetch_issuer(struct aia_tried *, struct inventory *, X509 *stop,
    struct findings *);
void aia_tried_free(struct aia_tried *);

#endif
