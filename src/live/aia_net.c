#include "config.h"

#include <stdio.h>
#include <netdb.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "aia_net.h"

static bool
v4_is_private(uint32_t a)
{
	return (a >> 24) == 0 ||		/* 0.0.0.0/8 "this network" */
	    (a >> 24) == 10 ||			/* 10/8 */
	    (a >> 24) == 127 ||			/* loopback */
	    (a >> 22) == (100u << 2 | 1) ||	/* 100.64/10 CGN */
	    (a >> 16) == (169u << 8 | 254) ||	/* link-local, metadata */
	    (a >> 20) == (172u << 4 | 1) ||	/* 172.16/12 */
	    (a >> 16) == (192u << 8 | 168) ||	/* 192.168/16 */
	    (a >> 8) == (192u << 16 | 0 << 8 | 0) ||	/* 192.0.0/24 */
	    (a >> 17) == (198u << 7 | 18 >> 1) ||	/* 198.18/15 */
	    (a >> 28) >= 14;			/* multicast, reserved */
}

bool
aia_addr_is_private(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;
		return v4_is_private(ntohl(in->sin_addr.s_addr));
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;
		const unsigned char *b = in6->sin6_addr.s6_addr;
		static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0,
		    0, 0, 0, 0, 0xff, 0xff };
		static const unsigned char zero[12];
		if (memcmp(b, mapped, 12) == 0)		/* ::ffff:a.b.c.d */
			return v4_is_private((uint32_t)b[12] << 24 |
			    (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 |
			    b[15]);
		if (memcmp(b, zero, 12) == 0)	/* ::1, ::, ::a.b.c.d */
			return true;
		return (b[0] & 0xfe) == 0xfc ||		/* fc00::/7 */
		    (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) || /* fe80::/10 */
		    (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) || /* site-local */
		    b[0] == 0xff ||			/* multicast */
		    (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff &&
		    b[3] == 0x9b);			/* 64:ff9b::/96 NAT64 */
	}
	return true;	/* an unknown family is not reached */
}

long long
aia_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long
aia_ms_left(long long deadline_ms)
{
	long long left = deadline_ms - aia_now_ms();

	return left > 0 ? (long)left : 0;
}

size_t
aia_resolve(const char *host, const char *port, bool allow_private,
    char (*addrs)[AIA_ADDR_LEN], size_t max, bool *refused)
{
	struct addrinfo hints = { 0 }, *res = NULL;
	size_t n = 0;

	*refused = false;
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	/* Name resolution runs before the clock can be applied; the
	 * resolver's own timeouts bound it. */
	if (getaddrinfo(host, port, &hints, &res) != 0)
		return 0;
	for (const struct addrinfo *ai = res; n < max && ai != NULL;
	    ai = ai->ai_next) {
		char ip[INET6_ADDRSTRLEN];
		const void *a;
		if (ai->ai_family == AF_INET)
			a = &((const struct sockaddr_in *)(const void *)
			    ai->ai_addr)->sin_addr;
		else if (ai->ai_family == AF_INET6)
			a = &((const struct sockaddr_in6 *)(const void *)
			    ai->ai_addr)->sin6_addr;
		else
			continue;
		if (!allow_private && aia_addr_is_private(ai->ai_addr))
			continue;
		if (inet_ntop(ai->ai_family, a, ip, sizeof(ip)) == NULL)
			continue;
		snprintf(addrs[n++], AIA_ADDR_LEN, ai->ai_family == AF_INET6 ?
		    "[%s]:%s" : "%s:%s", ip, port);
	}
	*refused = res != NULL && n == 0;
	freeaddrinfo(res);
	return n;
}
