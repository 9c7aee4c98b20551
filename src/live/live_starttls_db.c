/* The databases' upgrades. PostgreSQL: an SSLRequest (length 8, code
 * 80877103) answered by one byte, 'S' or 'N'. MySQL and MariaDB: the
 * server greets with its capabilities; a client that wants TLS sends a
 * short SSL request packet with CLIENT_SSL and starts TLS at once. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "live_starttls_proto.h"

#define PG_SSLREQUEST	80877103UL

static size_t
build_sslrequest(struct starttls_state *st, unsigned char *out, size_t cap)
{
	(void)st;
	if (cap < 8)
		return 0;
	memcpy(out, "\0\0\0\x08", 4);
	out[4] = (unsigned char)(PG_SSLREQUEST >> 24);
	out[5] = (unsigned char)(PG_SSLREQUEST >> 16);
	out[6] = (unsigned char)(PG_SSLREQUEST >> 8);
	out[7] = (unsigned char)PG_SSLREQUEST;
	return 8;
}

static int
parse_sslresponse(struct starttls_state *st, const char *buf, size_t len)
{
	if (len < 1)
		return 0;
	switch (buf[0]) {
	case 'S':
		return 1;
	case 'N':
		st->not_offered = true;
		snprintf(st->err, sizeof(st->err), "the postgres server "
		    "refused SSL: it answered 'N' to the SSLRequest (ssl = "
		    "off: it does not offer TLS)");
		return -1;
	case 'E':
		snprintf(st->err, sizeof(st->err), "the postgres server "
		    "answered the SSLRequest with an error (a server older "
		    "than 7.0, or not PostgreSQL)");
		return -1;
	}
	snprintf(st->err, sizeof(st->err), "the server's answer to the "
	    "SSLRequest is neither 'S' nor 'N' (is this a PostgreSQL "
	    "server?)");
	return -1;
}

const struct script_step postgres_script[] = {
	/* One byte: anything after 'S' would be read by TLS, not taken
	 * for part of the answer. */
	{ .what = "SSLRequest", .build = build_sslrequest,
	    .parse = parse_sslresponse, .upgrade = true, .max_reply = 1 },
	{ .what = NULL }
};

/* Capability flags (MySQL client/server protocol). */
#define CLIENT_LONG_PASSWORD		0x00000001UL
#define CLIENT_PROTOCOL_41		0x00000200UL
#define CLIENT_SSL			0x00000800UL
#define CLIENT_SECURE_CONNECTION	0x00008000UL

static unsigned long
le(const unsigned char *p, size_t n)
{
	unsigned long v = 0;

	while (n-- > 0)
		v = v << 8 | p[n];
	return v;
}

static int
mysql_malformed(struct starttls_state *st)
{
	snprintf(st->err, sizeof(st->err), "the server's greeting is not a "
	    "MySQL handshake packet (is this a MySQL or MariaDB server?)");
	return -1;
}

/* The Initial Handshake Packet (protocol 10): version string, thread id,
 * 8 bytes of scramble, a filler, the low capability flags, character
 * set, status, the high capability flags. An error packet (0xff) says
 * why the server will not talk. */
static int
parse_greeting(struct starttls_state *st, const char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t plen, i, vend;
	char version[64], msg[96];

	if (len < 4)
		return 0;
	plen = le(p, 3);
	if (plen > STARTTLS_MAX_REPLY - 4)
		return mysql_malformed(st);
	if (len < 4 + plen)
		return 0;
	p += 4;
	if (plen >= 3 && p[0] == 0xff) {
		i = 3;
		if (plen >= 9 && p[3] == '#')
			i = 9;	/* '#' and the SQL state */
		starttls_quote(msg, sizeof(msg), (const char *)p + i,
		    plen - i);
		snprintf(st->err, sizeof(st->err), "the mysql server refused "
		    "the connection: error %lu '%s'", le(p + 1, 2), msg);
		return -1;
	}
	if (plen < 1 || p[0] != 10)
		return mysql_malformed(st);
	for (vend = 1; vend < plen && p[vend] != '\0'; vend++)
		;
	/* version NUL, thread id 4, scramble 8, filler 1, caps 2 */
	if (vend + 1 + 4 + 8 + 1 + 2 > plen)
		return mysql_malformed(st);
	starttls_quote(version, sizeof(version), (const char *)p + 1,
	    vend - 1);
	i = vend + 1 + 4 + 8 + 1;
	st->caps = le(p + i, 2);
	i += 2;
	st->charset = i < plen ? p[i] : 0x21;
	if (i + 5 <= plen)
		st->caps |= le(p + i + 3, 2) << 16;
	if ((st->caps & CLIENT_SSL) == 0) {
		st->not_offered = true;
		snprintf(st->err, sizeof(st->err), "the mysql server (%s) "
		    "does not offer TLS: its greeting lacks the CLIENT_SSL "
		    "capability (no ssl_cert/ssl_key configured?)", version);
		return -1;
	}
	st->advertised = true;
	return 1;
}

/* SSL Request: the first 32 bytes of a HandshakeResponse41, sequence 1.
 * The server starts TLS on it without answering. */
static size_t
build_sslrequest_mysql(struct starttls_state *st, unsigned char *out,
    size_t cap)
{
	unsigned long caps = CLIENT_LONG_PASSWORD | CLIENT_PROTOCOL_41 |
	    CLIENT_SSL | CLIENT_SECURE_CONNECTION;
	unsigned long maxpkt = 16UL * 1024 * 1024;

	if (cap < 36)
		return 0;
	memset(out, 0, 36);
	out[0] = 32;		/* payload length, 3 bytes */
	out[3] = 1;		/* sequence id */
	for (int k = 0; k < 4; k++) {
		out[4 + k] = (unsigned char)(caps >> (8 * k));
		out[8 + k] = (unsigned char)(maxpkt >> (8 * k));
	}
	out[12] = st->charset != 0 ? st->charset : 0x21;
	/* 23 reserved zero bytes follow. */
	return 36;
}

const struct script_step mysql_script[] = {
	{ .what = "greeting", .parse = parse_greeting },
	{ .what = "SSL request", .build = build_sslrequest_mysql,
	    .upgrade = true, .no_reply = true },
	{ .what = NULL }
};
