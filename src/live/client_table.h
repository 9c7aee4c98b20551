/* The table of client capabilities: common client populations, what
 * each can do, and where that comes from (live posture). Pure data and
 * one pure function. */
#ifndef CLIENT_TABLE_H
#define CLIENT_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "live.h"

/* Bulk ciphers and key exchanges a client or server may have. */
enum {
	B_AESGCM = 1 << 0,
	B_CHACHA = 1 << 1,
	B_AESCBC = 1 << 2,
	B_3DES = 1 << 3,
	B_CAMELLIA = 1 << 4,
	B_OTHER = 1 << 5,	/* AES-CCM, ARIA, RC4: no client row has them */

	K_ECDHE = 1 << 0,
	K_DHE = 1 << 1,
	K_RSA = 1 << 2
};

/* What a server accepted, from the version and family probes. */
struct server_caps {
	bool v[LIVE_NVERSIONS];	/* TLS 1.0 ... 1.3 */
	unsigned bulk, kx;	/* B_*, K_*: TLS 1.2 and below */
	bool aes13, chacha13;	/* TLS 1.3 suites */
	int dh_bits;		/* finite-field DHE group, 0 if unknown */
	bool fs_aead12;		/* ECDHE/DHE with an AEAD in TLS 1.2 */
};

/* Fills out[] with the populations that cannot connect (at most max);
 * returns how many. */
size_t client_table_left_out(const struct server_caps *,
    struct live_left_out *out, size_t max);

#endif
