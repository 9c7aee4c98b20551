#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "live_http.h"

/* GET, not HEAD: nginx names the cause only in the page's body, and
 * some servers (openssl s_server -www) never answer HEAD. The answer is
 * read up to HTTP_MAX_RESPONSE bytes and the connection closed. */
void
http_exchange_init(struct http_exchange *h, const char *host)
{
	int n;

	memset(h, 0, sizeof(*h));
	n = snprintf(h->request, sizeof(h->request), "GET / HTTP/1.1\r\n"
	    "Host: %.200s\r\nUser-Agent: certdiag\r\nAccept: */*\r\n"
	    "Connection: close\r\n\r\n", host != NULL ? host : "localhost");
	h->reqlen = n > 0 && (size_t)n < sizeof(h->request) ? (size_t)n : 0;
}

/* The printable start of a text, for messages. */
static void
printable(char *out, size_t outlen, const unsigned char *p, size_t n)
{
	size_t j = 0;

	while (n > 0 && isspace(*p)) {
		p++;
		n--;
	}
	for (size_t i = 0; i < n && j + 1 < outlen; i++) {
		if (p[i] == '\r' || p[i] == '\n')
			break;
		out[j++] = isprint(p[i]) ? (char)p[i] : '.';
	}
	while (j > 0 && out[j - 1] == ' ')
		j--;
	out[j] = '\0';
}

static const unsigned char *
find(const unsigned char *p, size_t n, const char *needle, bool nocase)
{
	size_t k = strlen(needle);

	for (size_t i = 0; k <= n && i <= n - k; i++)
		if (nocase ? strncasecmp((const char *)p + i, needle, k) == 0 :
		    memcmp(p + i, needle, k) == 0)
			return p + i;
	return NULL;
}

/* The value of a header (case-insensitive name), or NULL. */
static const unsigned char *
header(const unsigned char *p, size_t n, const char *name, size_t *len)
{
	const unsigned char *end = find(p, n, "\r\n\r\n", false);
	size_t hlen = end != NULL ? (size_t)(end - p) : n;
	size_t k = strlen(name);

	for (size_t i = 0; i + k + 1 < hlen; i++) {
		if ((i > 0 && p[i - 1] != '\n') ||
		    strncasecmp((const char *)p + i, name, k) != 0 ||
		    p[i + k] != ':')
			continue;
		i += k + 1;
		while (i < hlen && (p[i] == ' ' || p[i] == '\t'))
			i++;
		*len = 0;
		while (i + *len < hlen && p[i + *len] != '\r' &&
		    p[i + *len] != '\n')
			(*len)++;
		return p + i;
	}
	return NULL;
}

static int
status_of(const unsigned char *p, size_t n)
{
	if (n < 12 || memcmp(p, "HTTP/", 5) != 0)
		return -1;
	for (size_t i = 5; i < n && p[i] != '\r' && p[i] != '\n'; i++)
		if (p[i] == ' ') {
			if (i + 3 < n && isdigit(p[i + 1]) &&
			    isdigit(p[i + 2]) && isdigit(p[i + 3]))
				return (p[i + 1] - '0') * 100 +
				    (p[i + 2] - '0') * 10 + (p[i + 3] - '0');
			return -1;
		}
	return -1;
}

/* Answers about client certificates: nginx's 400 (495 and 496 when a
 * configuration keeps its own codes) and the 403 of a request that was
 * refused after a certificate request. */
static bool
about_client_cert(int status)
{
	return status == 400 || status == 403 || status == 495 ||
	    status == 496;
}

bool
http_response_complete(const unsigned char *p, size_t n)
{
	const unsigned char *end = find(p, n, "\r\n\r\n", false);
	const unsigned char *cl;
	size_t len, body;
	unsigned long want = 0;

	if (n >= HTTP_MAX_RESPONSE)
		return true;
	if (end == NULL)
		return false;
	if (!about_client_cert(status_of(p, n)))
		return true;	/* the rest of the page is not needed */
	if ((cl = header(p, n, "Content-Length", &len)) == NULL)
		return false;	/* read to the close */
	for (size_t i = 0; i < len && isdigit(cl[i]) && want < 1000000; i++)
		want = want * 10 + (unsigned long)(cl[i] - '0');
	body = n - (size_t)(end + 4 - p);
	return body >= want;
}

bool
http_port_is_not_http(const char *port)
{
	/* SMTPS, LDAPS, FTPS, IMAPS, POP3S, DNS over TLS, IRCS, XMPP,
	 * AMQPS, MQTTS, SIPS, PostgreSQL/MySQL (never plain TLS anyway) */
	static const char *const ports[] = {
		"465", "636", "853", "989", "990", "993", "995", "5061",
		"5223", "5671", "6697", "8883", NULL
	};

	for (size_t i = 0; port != NULL && ports[i] != NULL; i++)
		if (strcmp(port, ports[i]) == 0)
			return true;
	return false;
}

void
http_parse(struct live_http *r, const unsigned char *p, size_t n,
    bool cert_requested, bool cert_sent)
{
	const unsigned char *v, *t, *te;
	size_t len;
	bool nginx;

	r->status = status_of(p, n);
	r->answered = r->status >= 0;
	r->verdict = HTTP_CERT_NONE;
	r->server[0] = r->title[0] = r->status_line[0] = '\0';
	if (!r->answered)
		return;
	printable(r->status_line, sizeof(r->status_line), p, n);
	if ((v = header(p, n, "Server", &len)) != NULL)
		printable(r->server, sizeof(r->server), v, len);
	if ((t = find(p, n, "<title>", true)) != NULL &&
	    (te = find(t + 7, n - (size_t)(t + 7 - p), "</title>",
	    true)) != NULL)
		printable(r->title, sizeof(r->title), t + 7,
		    (size_t)(te - (t + 7)));
	nginx = strncasecmp(r->server, "nginx", 5) == 0;

	if (r->status == 496 ||
	    find(p, n, "No required SSL certificate was sent", false) != NULL)
		r->verdict = HTTP_CERT_MISSING;
	else if (r->status == 495 ||
	    find(p, n, "The SSL certificate error", false) != NULL)
		r->verdict = HTTP_CERT_ERROR;
	else if (r->status == 400 && nginx && cert_requested)
		/* A HEAD-like answer without the page: the handshake says
		 * which of the two it is. */
		r->verdict = cert_sent ? HTTP_CERT_ERROR : HTTP_CERT_MISSING;
	else if (r->status == 403 && r->cert_requested_late)
		/* Asked for after the request: the refusal is about it. A
		 * 403 after a request in the handshake may be the site's. */
		r->verdict = HTTP_CERT_FORBIDDEN;
}
