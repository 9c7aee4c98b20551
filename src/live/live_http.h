/* After a plain-TLS handshake: one minimal HTTP request. Servers such as
 * nginx (ssl_verify_client) accept any client certificate, or none, in
 * the handshake and refuse it only in their HTTP answer; Apache asks for
 * one per directory after the request. Driven by the connection engine
 * one readiness event at a time, so it never blocks. */
#ifndef LIVE_HTTP_H
#define LIVE_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#define HTTP_MAX_RESPONSE	4096	/* bytes of the answer kept and read */

/* The exchange, as the engine runs it. */
struct http_exchange {
	char request[320];
	size_t reqlen, sent;
	unsigned char resp[HTTP_MAX_RESPONSE];
	size_t nresp;
	bool started;		/* the request went out (in part) */
	bool closed;		/* the server closed after (or before) answering */
	bool timed_out;
	bool server_spoke_first;	/* data before our request: not HTTP */
	unsigned long hs_before;	/* handshake messages seen before it */
};

/* What the answer says about the client certificate. */
enum http_cert_verdict {
	HTTP_CERT_NONE = 0,	/* nothing about client certificates */
	HTTP_CERT_MISSING,	/* nginx 400/496: none was sent */
	HTTP_CERT_ERROR,	/* nginx 400/495: it did not verify */
	HTTP_CERT_FORBIDDEN	/* 403 after a certificate request made
				 * after the request (Apache) */
};

/* The answer, read from the exchange (live_http_read). */
struct live_http {
	bool probed;		/* a request was sent */
	bool answered;		/* an HTTP status line came back */
	int status;		/* 200, 400, ... */
	char status_line[96];	/* printable */
	char server[64];	/* the Server header, printable, or "" */
	char title[128];	/* the error page's <title>, printable */
	bool cert_requested_late;	/* CertificateRequest after the request */
	int alert_after_request;	/* TLS alert that ended it, or -1 */
	bool closed_unanswered;	/* closed after the request, no answer */
	enum http_cert_verdict verdict;
};

/* Prepares the request for host (the server name sent, or the address). */
void http_exchange_init(struct http_exchange *, const char *host);

/* Whether the answer so far is complete: headers and Content-Length
 * bytes of body, or headers of an answer that says nothing about
 * client certificates. Exposed for the unit tests. */
bool http_response_complete(const unsigned char *resp, size_t n);

/* Parses an answer; cert_requested/cert_sent: what the handshake saw.
 * Pure: exposed for the unit tests. */
void http_parse(struct live_http *, const unsigned char *resp, size_t n,
    bool cert_requested, bool cert_sent);

/* Ports whose TLS services never speak HTTP: no request there. */
bool http_port_is_not_http(const char *port);

#endif
