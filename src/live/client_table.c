/* The table of client capabilities and who a server leaves out. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/ssl.h>

#include "client_table.h"

/*
 * The client table. Each row is a population still met in practice, with
 * what it can do and where that comes from. Kept to rows a TLS 1.2 + 1.3
 * server with ECDHE and AES-GCM (Mozilla's "intermediate" profile) serves,
 * so a normal server leaves nobody out and says nothing.
 *
 * Sources:
 * [moz]  Mozilla, Security/Server Side TLS, and the guidelines JSON
 *        (ssl-config.mozilla.org/guidelines/5.7.json): "modern" (TLS 1.3
 *        only) serves Firefox 63, Android 10, Chrome 70, Edge 75, Java 11,
 *        OpenSSL 1.1.1, Safari 12.1 and later; "intermediate" serves
 *        Firefox 27, Android 4.4.2, Chrome 31, IE 11 on Windows 7,
 *        Java 8u31, OpenSSL 1.0.1, Safari 9 and later.
 * [ms]   Microsoft Learn, "Protocols in TLS/SSL (Schannel SSP)" (TLS 1.3
 *        from Windows 11 and Windows Server 2022) and "Cipher Suites in
 *        TLS/SSL (Schannel SSP)" (no ChaCha20-Poly1305 before them).
 * [jdk]  OpenJDK: TLS 1.3 in JDK 11 (JEP 332) and in 8u261; the
 *        ChaCha20-Poly1305 TLS suites from JDK 12 (JDK-8140466).
 * [ossl] OpenSSL release notes: ChaCha20-Poly1305 from 1.1.0, TLS 1.3
 *        from 1.1.1; SSL_CTX_set_security_level(3): keys and DH groups of
 *        3072 bits or more, forward secrecy required.
 * [andr] Android developers, SSLSocket: TLS 1.3 from API 29 (Android
 *        10), ChaCha20-Poly1305 suites from API 24 (Android 7).
 * [dhe]  Chromium removed the DHE suites in Chrome 53 (2016); Firefox 78
 *        (2020) disabled its last two.
 */
static const struct client_row {
	const char *name;
	int min_version, max_version;
	unsigned bulk;		/* B_*: TLS 1.2 and below */
	bool chacha13;		/* TLS_CHACHA20_POLY1305_SHA256 in TLS 1.3 */
	unsigned kx;		/* K_* */
	int dh_min_bits;	/* refuses smaller DHE groups; 0: any */
	bool large;
	const char *source;
} clients[] = {
	{ "current browsers (Chrome, Edge, Firefox, Safari)",
	  TLS1_2_VERSION, TLS1_3_VERSION, B_AESGCM | B_CHACHA | B_AESCBC,
	  true, K_ECDHE | K_RSA, 0, true, "Mozilla Server Side TLS; "
	  "Chromium (Chrome 53) and Firefox 78 removed DHE" },
	{ "Windows 7 to 10 and Server 2019 (Schannel: IE 11, .NET "
	  "Framework, PowerShell)", TLS1_VERSION, TLS1_2_VERSION,
	  B_AESGCM | B_AESCBC | B_3DES, false, K_ECDHE | K_DHE | K_RSA, 0,
	  true, "Microsoft Learn, Schannel protocols and cipher suites" },
	{ "Java 8 before 8u261", TLS1_VERSION, TLS1_2_VERSION,
	  B_AESGCM | B_AESCBC, false, K_ECDHE | K_DHE | K_RSA, 0, true,
	  "Mozilla Server Side TLS (Java 8u31); OpenJDK 8u261 notes" },
	{ "Java 11", TLS1_VERSION, TLS1_3_VERSION, B_AESGCM | B_AESCBC,
	  false, K_ECDHE | K_DHE | K_RSA, 0, true,
	  "OpenJDK JEP 332; ChaCha20 suites only from JDK 12 "
	  "(JDK-8140466)" },
	{ "OpenSSL 1.0.2 (RHEL and CentOS 7, Ubuntu 16.04)", TLS1_VERSION,
	  TLS1_2_VERSION, B_AESGCM | B_AESCBC | B_3DES | B_CAMELLIA, false,
	  K_ECDHE | K_DHE | K_RSA, 0, true, "OpenSSL 1.1.0 and 1.1.1 "
	  "release notes" },
	{ "OpenSSL 1.1.0 (Debian 9)", TLS1_VERSION, TLS1_2_VERSION,
	  B_AESGCM | B_CHACHA | B_AESCBC | B_3DES | B_CAMELLIA, false,
	  K_ECDHE | K_DHE | K_RSA, 0, false, "OpenSSL 1.1.1 release notes" },
	{ "Android 4.4 to 6", TLS1_VERSION, TLS1_2_VERSION,
	  B_AESGCM | B_AESCBC, false, K_ECDHE | K_DHE | K_RSA, 0, false,
	  "Android SSLSocket reference (by API level)" },
	{ "Android 7 to 9", TLS1_VERSION, TLS1_2_VERSION,
	  B_AESGCM | B_CHACHA | B_AESCBC, false, K_ECDHE | K_DHE | K_RSA, 0,
	  true, "Android SSLSocket reference (by API level)" },
	{ "OpenSSL 3 at security level 3 (e.g. the FUTURE crypto policy)",
	  TLS1_2_VERSION, TLS1_3_VERSION, B_AESGCM | B_CHACHA | B_AESCBC,
	  true, K_ECDHE | K_DHE, 3072, false,
	  "OpenSSL SSL_CTX_set_security_level(3)" },
};
#define NCLIENTS (sizeof(clients) / sizeof(clients[0]))

static const char *
bulk_missing(unsigned server)
{
	if (server == B_CHACHA)
		return "no ChaCha20-Poly1305, the server's only cipher";
	if ((server & (B_AESGCM | B_CHACHA | B_AESCBC)) == 0)
		return "none of the server's ciphers";
	return "no cipher in common";
}

/* Why the client cannot connect, or false when it can. */
static bool
left_out(const struct client_row *c, const struct server_caps *s,
    struct live_left_out *out)
{
	bool v12 = false;
	unsigned kx;

	memset(out, 0, sizeof(*out));
	out->client = c->name;
	out->source = c->source;
	out->large = c->large;
	if (c->max_version >= TLS1_3_VERSION && s->v[3] &&
	    (s->aes13 || (c->chacha13 && s->chacha13)))
		return false;
	for (size_t i = 0; i < 3; i++)
		v12 |= s->v[i] && TLS1_VERSION + (int)i >= c->min_version &&
		    TLS1_VERSION + (int)i <= c->max_version;
	if (!v12) {
		if (c->max_version < TLS1_3_VERSION && s->v[3]) {
			snprintf(out->reason, sizeof(out->reason), "no TLS 1.3");
			out->version_only = true;
		} else if (c->max_version >= TLS1_3_VERSION && s->v[3])
			snprintf(out->reason, sizeof(out->reason), "no "
			    "ChaCha20-Poly1305 in TLS 1.3, the server's only "
			    "suite");
		else
			snprintf(out->reason, sizeof(out->reason), "no TLS "
			    "version in common");
		return true;
	}
	if ((c->bulk & s->bulk) == 0 && s->bulk != 0) {
		snprintf(out->reason, sizeof(out->reason), "%s",
		    bulk_missing(s->bulk));
		return true;
	}
	kx = c->kx & s->kx;
	if (kx == K_DHE && c->dh_min_bits > 0 && s->dh_bits > 0 &&
	    s->dh_bits < c->dh_min_bits) {
		snprintf(out->reason, sizeof(out->reason), "DH group of %d "
		    "bits, below its minimum of %d", s->dh_bits,
		    c->dh_min_bits);
		return true;
	}
	if (kx == 0 && s->kx != 0) {
		snprintf(out->reason, sizeof(out->reason), "%s",
		    s->kx == K_DHE ? "no DHE key exchange" :
		    s->kx == K_RSA ? "no RSA key exchange: it requires "
		    "forward secrecy" : "no key exchange in common");
		return true;
	}
	return false;
}

size_t
client_table_left_out(const struct server_caps *s, struct live_left_out *out,
    size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < NCLIENTS && n < max; i++)
		if (left_out(&clients[i], s, &out[n]))
			n++;
	return n;
}
