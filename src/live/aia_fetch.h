/* --fetch-aia: download missing issuers from the caIssuers URL of the
 * certificate where the path stops. The only network access of an
 * offline check, and only when asked. */
#ifndef AIA_FETCH_H
#define AIA_FETCH_H

#include <stddef.h>
#include "check/checks.h"
#include "finding.h"
#include "inventory.h"

#define AIA_TIMEOUT_SECONDS	10
#define AIA_MAX_RESPONSE	(256u * 1024)	/* certificates are ~2 KiB */
#define AIA_MAX_HOPS		4		/* intermediates downloaded */

/* Downloads url (http:// only) with OpenSSL's HTTP client, within the
 * caps above. Returns 0 and a malloc'd body, or -1 with err set. */
int aia_download(const char *url, int timeout, size_t max,
    unsigned char **body, size_t *len, char *err, size_t errlen);

/* While the path stops at a certificate with a caIssuers URL, downloads
 * the issuer into the inventory (role ROLE_FETCHED, the URL as its file)
 * and reports each download as an aia-fetch finding. The chain in ctx is
 * rebuilt afterwards. */
void aia_complete(struct inventory *, struct check_ctx *, struct findings *);

#endif
