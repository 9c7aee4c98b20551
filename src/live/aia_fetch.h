/* --fetch-aia: download missing issuers from the caIssuers URL of the
 * certificate where the path stops. The only network access of an
 * offline check, and only when asked. */
#ifndef AIA_FETCH_H
#define AIA_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include "check/checks.h"
#include "finding.h"
#include "inventory.h"

#define AIA_TIMEOUT_SECONDS	10	/* all downloads of one run */
#define AIA_MAX_RESPONSE	(256u * 1024)	/* certificates are ~2 KiB */
#define AIA_MAX_HOPS		4		/* intermediates downloaded */
#define AIA_MAX_REDIRECTS	3		/* per download */

/* Downloads url (http:// only, no user information or control
 * characters; redirections only to http://; no loopback, private or
 * link-local address unless allow_private) with OpenSSL's HTTP client on
 * a socket of its own, before deadline_ms (aia_now_ms() clock) and
 * within max bytes. Returns 0 and a malloc'd body, or -1 with err set;
 * err never tells a closed port from a silent one. */
int aia_download(const char *url, long long deadline_ms, bool allow_private,
    size_t max, unsigned char **body, size_t *len, char *err,
    size_t errlen);

/* While the path stops at a certificate with a caIssuers URL, downloads
 * the issuer into the inventory (role ROLE_FETCHED, the URL as its file)
 * and reports each download as an aia-fetch finding. The chain in ctx is
 * rebuilt afterwards. */
void aia_complete(struct inventory *, struct check_ctx *, struct findings *,
    bool allow_private);

#endif
