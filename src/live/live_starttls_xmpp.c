/* XMPP (RFC 6120 section 5): open a client stream to the host, read the
 * stream features, ask for <starttls/>, wait for <proceed/>. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "live_starttls_proto.h"

#define TLS_NS "urn:ietf:params:xml:ns:xmpp-tls"

/* Appends s to out, escaped as an XML attribute value; false if it does
 * not fit. */
static bool
put_attr(unsigned char *out, size_t cap, size_t *len, const char *s)
{
	for (; *s != '\0'; s++) {
		const char *e = NULL;
		char one[2] = { *s, '\0' };
		size_t n;

		switch (*s) {
		case '&':	e = "&amp;"; break;
		case '<':	e = "&lt;"; break;
		case '>':	e = "&gt;"; break;
		case '\'':	e = "&apos;"; break;
		case '"':	e = "&quot;"; break;
		default:	e = one; break;
		}
		n = strlen(e);
		if (*len + n >= cap)
			return false;
		memcpy(out + *len, e, n);
		*len += n;
	}
	return true;
}

static bool
put(unsigned char *out, size_t cap, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n >= cap)
		return false;
	memcpy(out + *len, s, n);
	*len += n;
	return true;
}

static size_t
build_stream(struct starttls_state *st, unsigned char *out, size_t cap)
{
	size_t len = 0;

	if (st->host == NULL) {
		snprintf(st->err, sizeof(st->err), "XMPP needs the domain the "
		    "stream is for: give --servername DOMAIN");
		return 0;
	}
	if (!put(out, cap, &len, "<?xml version='1.0'?><stream:stream "
	    "xmlns='jabber:client' "
	    "xmlns:stream='http://etherx.jabber.org/streams' to='") ||
	    !put_attr(out, cap, &len, st->host) ||
	    !put(out, cap, &len, "' version='1.0'>")) {
		snprintf(st->err, sizeof(st->err), "the XMPP domain is too "
		    "long");
		return 0;
	}
	return len;
}

/* The first occurrence of needle in buf[0..len). */
static const char *
find(const char *buf, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(buf + i, needle, n) == 0)
			return buf + i;
	return NULL;
}

/* <stream:error><host-unknown .../>...: the condition's name. */
static int
stream_error(struct starttls_state *st, const char *what, const char *buf,
    size_t len)
{
	const char *e = find(buf, len, "<stream:error");
	const char *end = buf + len, *p, *q;
	char cond[96];

	if (e == NULL)
		return 0;
	if (find(e, (size_t)(end - e), "</stream:error>") == NULL &&
	    find(e, (size_t)(end - e), "</stream:stream>") == NULL)
		return 0;	/* not all of it yet */
	p = e + strlen("<stream:error");
	while (p < end && *p != '>')
		p++;
	while (p < end && *p != '<')
		p++;
	q = p < end ? p + 1 : p;
	p = q;
	while (q < end && *q != ' ' && *q != '/' && *q != '>')
		q++;
	starttls_quote(cond, sizeof(cond), p, (size_t)(q - p));
	snprintf(st->err, sizeof(st->err), "the xmpp server refused %s "
	    "with the stream error '%s'%s", what, cond,
	    strcmp(cond, "host-unknown") == 0 ? " (it does not serve the "
	    "domain sent: give --servername DOMAIN)" : "");
	return -1;
}

static int
parse_features(struct starttls_state *st, const char *buf, size_t len)
{
	const char *f, *fend;
	int r;

	if ((r = stream_error(st, "the stream", buf, len)) != 0)
		return r;
	if ((f = find(buf, len, "<stream:features")) == NULL)
		return 0;
	fend = find(f, (size_t)(buf + len - f), "</stream:features>");
	if (fend == NULL)
		fend = find(f, (size_t)(buf + len - f), "<stream:features/>");
	if (fend == NULL)
		return 0;
	if (find(f, (size_t)(fend - f), "<starttls") != NULL) {
		st->advertised = true;
		return 1;
	}
	st->not_offered = true;
	snprintf(st->err, sizeof(st->err), "the xmpp server does not offer "
	    "TLS: its stream features list no <starttls/> (no certificate "
	    "configured for the domain?)");
	return -1;
}

static int
parse_proceed(struct starttls_state *st, const char *buf, size_t len)
{
	const char *f;
	int r;

	if (find(buf, len, "<proceed") != NULL)
		return 1;
	if ((f = find(buf, len, "<failure")) != NULL) {
		st->not_offered = true;
		snprintf(st->err, sizeof(st->err), "the xmpp server refused "
		    "STARTTLS: it answered <failure/> (it does not offer TLS "
		    "on this port)");
		return -1;
	}
	if ((r = stream_error(st, "STARTTLS", buf, len)) != 0)
		return r;
	return 0;
}

const struct script_step xmpp_script[] = {
	{ .what = "the stream", .build = build_stream,
	    .parse = parse_features },
	{ .what = "STARTTLS", .send = "<starttls xmlns='" TLS_NS "'/>",
	    .parse = parse_proceed, .upgrade = true },
	{ .what = NULL }
};
