/* LDAP StartTLS (RFC 4511 section 4.14): an ExtendedRequest for OID
 * 1.3.6.1.4.1.1466.20037; an ExtendedResponse with resultCode 0 lets TLS
 * begin. The answer is BER, read with bounds on every length. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "live_starttls_proto.h"

#define LDAP_STARTTLS_OID "1.3.6.1.4.1.1466.20037"

static size_t
build_request(struct starttls_state *st, unsigned char *out, size_t cap)
{
	static const unsigned char req[] = {
		0x30, 0x1d,			/* LDAPMessage */
		0x02, 0x01, 0x01,		/* messageID 1 */
		0x77, 0x18,			/* [APPLICATION 23] */
		0x80, 0x16,			/* [0] requestName */
		'1', '.', '3', '.', '6', '.', '1', '.', '4', '.', '1', '.',
		'1', '4', '6', '6', '.', '2', '0', '0', '3', '7'
	};

	(void)st;
	if (cap < sizeof(req))
		return 0;
	memcpy(out, req, sizeof(req));
	return sizeof(req);
}

/* One BER tag and length at *pos: 1 read (*tag, *len, *pos past the
 * header), 0 incomplete, -1 malformed or beyond 64 KiB. */
static int
ber_header(const unsigned char *p, size_t n, size_t *pos, unsigned *tag,
    size_t *len)
{
	size_t i = *pos;
	unsigned nlen;

	if (i + 2 > n)
		return 0;
	*tag = p[i++];
	if ((*tag & 0x1f) == 0x1f)
		return -1;	/* multi-byte tags: not in this answer */
	if (p[i] < 0x80) {
		*len = p[i++];
	} else {
		nlen = p[i++] & 0x7f;
		if (nlen == 0 || nlen > 2)
			return -1;
		if (i + nlen > n)
			return 0;
		*len = 0;
		for (unsigned k = 0; k < nlen; k++)
			*len = *len << 8 | p[i++];
	}
	*pos = i;
	return 1;
}

static const char *
result_name(unsigned long code)
{
	switch (code) {
	case 1:		return "operationsError";
	case 2:		return "protocolError";
	case 12:	return "unavailableCriticalExtension";
	case 51:	return "busy";
	case 52:	return "unavailable";
	case 53:	return "unwillingToPerform";
	case 80:	return "other";
	}
	return "error";
}

static int
malformed(struct starttls_state *st)
{
	snprintf(st->err, sizeof(st->err), "the ldap server's answer to "
	    "StartTLS is not an LDAP ExtendedResponse (is this an LDAP "
	    "server?)");
	return -1;
}

static int
parse_response(struct starttls_state *st, const char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t pos = 0, l, end, msgend;
	unsigned tag;
	unsigned long code = 0;
	char diag[96] = "";
	int r;

	if ((r = ber_header(p, len, &pos, &tag, &l)) <= 0)
		return r < 0 ? malformed(st) : 0;
	if (tag != 0x30)
		return malformed(st);
	if (pos + l > len)
		return l > STARTTLS_MAX_REPLY ? malformed(st) : 0;
	msgend = pos + l;
	/* messageID */
	if (ber_header(p, msgend, &pos, &tag, &l) != 1 || tag != 0x02 ||
	    pos + l > msgend)
		return malformed(st);
	pos += l;
	/* [APPLICATION 24] ExtendedResponse */
	if (ber_header(p, msgend, &pos, &tag, &l) != 1 || tag != 0x78 ||
	    pos + l > msgend)
		return malformed(st);
	end = pos + l;
	if (ber_header(p, end, &pos, &tag, &l) != 1 || tag != 0x0a ||
	    l == 0 || l > 4 || pos + l > end)
		return malformed(st);
	for (size_t i = 0; i < l; i++)
		code = code << 8 | p[pos + i];
	pos += l;
	if (code == 0)
		return 1;
	/* matchedDN, then diagnosticMessage */
	if (ber_header(p, end, &pos, &tag, &l) == 1 && tag == 0x04 &&
	    pos + l <= end) {
		pos += l;
		if (ber_header(p, end, &pos, &tag, &l) == 1 && tag == 0x04 &&
		    pos + l <= end)
			starttls_quote(diag, sizeof(diag),
			    (const char *)p + pos, l);
	}
	st->not_offered = true;
	snprintf(st->err, sizeof(st->err), "the ldap server refused "
	    "StartTLS: %s (%lu)%s%s%s (it does not offer TLS on this port)",
	    result_name(code), code, diag[0] != '\0' ? " '" : "", diag,
	    diag[0] != '\0' ? "'" : "");
	return -1;
}

const struct script_step ldap_script[] = {
	{ .what = "StartTLS", .build = build_request, .parse = parse_response,
	    .upgrade = true },
	{ .what = NULL }
};
