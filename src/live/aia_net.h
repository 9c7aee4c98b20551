/* The network side of --fetch-aia, where the URL comes from a
 * certificate anyone may have written: which addresses may be reached,
 * and a connect that keeps to a deadline. */
#ifndef AIA_NET_H
#define AIA_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

/* Loopback, private (RFC 1918, unique-local), link-local, carrier-grade
 * NAT, unspecified, multicast and reserved addresses: what a URL in a
 * certificate must not make certdiag reach (a cloud metadata service, an
 * admin interface on localhost) unless --fetch-aia-allow-private. */
bool aia_addr_is_private(const struct sockaddr *);

/* Milliseconds left until deadline (CLOCK_MONOTONIC, ms), 0 if past. */
long aia_ms_left(long long deadline_ms);
long long aia_now_ms(void);

#define AIA_ADDR_LEN	64	/* "[v6 address]:port" */

/* The addresses of host:port the policy allows, as numeric "ip:port"
 * strings for a connect BIO (so the name is resolved once, by us, and
 * what is connected to is what was checked). *refused: every address
 * was refused by the policy. */
size_t aia_resolve(const char *host, const char *port, bool allow_private,
    char (*addrs)[AIA_ADDR_LEN], size_t max, bool *refused);

#endif
