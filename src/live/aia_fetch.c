#include "config.h"

#include <stdbool.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/http.h>
#include <openssl/httperr.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

#include "aia_fetch.h"
#include "aia_net.h"
#include "chain/chain_words.h"
#include "load/load.h"

#define NO_ANSWER	"no certificate could be downloaded (no connection, " \
	"no answer in time, or not an HTTP server)"

/* The status line's code when the server answered with an error: it
 * answered, so this says no more than the download itself. Everything
 * before an HTTP answer (refused, unreachable, timed out, not HTTP)
 * gets one message, so a URL cannot be used to map open ports. */
static void
http_error(char *err, size_t errlen)
{
	const char *data = NULL;
	int flags = 0;
	unsigned long e = ERR_peek_error_data(&data, &flags);

	if (e != 0 && ERR_GET_REASON(e) == HTTP_R_RECEIVED_ERROR &&
	    data != NULL && (flags & ERR_TXT_STRING) &&
	    strncmp(data, "code=", 5) == 0)
		snprintf(err, errlen, "the server answered with HTTP status "
		    "%.3s", data + 5);
	else if (e != 0 && ERR_GET_REASON(e) == HTTP_R_MAX_RESP_LEN_EXCEEDED)
		snprintf(err, errlen, "response larger than %u bytes",
		    AIA_MAX_RESPONSE);
	else
		snprintf(err, errlen, "%s", NO_ANSWER);
	ERR_clear_error();
}

/* A URL from a certificate: plain http://, no user information, no
 * control characters or spaces (a CR or LF would end the request line
 * and start a header of the certificate author's choosing). */
static bool
url_acceptable(const char *url, char **host, char **port, char **path,
    char *err, size_t errlen)
{
	char *user = NULL;
	int ssl = 0;

	*host = *port = *path = NULL;
	for (const unsigned char *c = (const unsigned char *)url; *c; c++)
		if (*c <= 0x20 || *c == 0x7f) {
			snprintf(err, errlen, "the URL contains a space or "
			    "control character; not fetched");
			return false;
		}
	if (strncasecmp(url, "http://", 7) != 0) {
		snprintf(err, errlen, "only http:// URLs are fetched");
		return false;
	}
	if (!OSSL_HTTP_parse_url(url, &ssl, &user, host, port, NULL, path,
	    NULL, NULL) || ssl) {
		ERR_clear_error();
		snprintf(err, errlen, "the URL cannot be parsed");
		goto fail;
	}
	if (user != NULL && *user != '\0') {
		snprintf(err, errlen, "the URL carries user information; not "
		    "fetched");
		goto fail;
	}
	OPENSSL_free(user);
	return true;
fail:
	OPENSSL_free(user);
	OPENSSL_free(*host);
	OPENSSL_free(*port);
	OPENSSL_free(*path);
	*host = *port = *path = NULL;
	return false;
}

/* Reads the streamed body until the server closes, within the deadline
 * and the size cap. */
static int
read_body(BIO *resp, long long deadline_ms, size_t max, unsigned char **body,
    size_t *len, char *err, size_t errlen)
{
	char buf[4096];
	unsigned char *out = NULL, *n;
	size_t have = 0;
	int r;

	for (;;) {
		r = BIO_read(resp, buf, sizeof(buf));
		if (r > 0) {
			if (have + (size_t)r > max) {
				snprintf(err, errlen, "response larger than "
				    "%zu bytes", max);
				goto fail;
			}
			if ((n = realloc(out, have + (size_t)r)) == NULL) {
				snprintf(err, errlen, "out of memory");
				goto fail;
			}
			out = n;
			memcpy(out + have, buf, (size_t)r);
			have += (size_t)r;
			continue;
		}
		if (!BIO_should_retry(resp))
			break;
		if (aia_ms_left(deadline_ms) == 0 ||
		    BIO_wait(resp, time(NULL) + (aia_ms_left(deadline_ms) +
		    999) / 1000, 100) <= 0) {
			snprintf(err, errlen, "%s", NO_ANSWER);
			goto fail;
		}
	}
	ERR_clear_error();
	if (have == 0) {
		free(out);
		snprintf(err, errlen, "empty response");
		return -1;
	}
	*body = out;
	*len = have;
	return 0;
fail:
	ERR_clear_error();
	free(out);
	return -1;
}

/* One request to host:port on a socket certdiag connected itself (so
 * the address policy applies and no proxy is involved). A redirection
 * is handed back in *redirect. */
static int
get_once(const char *host, const char *port, const char *path,
    bool allow_private, long long deadline_ms, size_t max,
    unsigned char **body, size_t *len, char **redirect, char *err,
    size_t errlen)
{
	char addrs[4][AIA_ADDR_LEN];
	OSSL_HTTP_REQ_CTX *rctx = NULL;
	BIO *resp, *conn = NULL;
	bool refused;
	size_t n;
	int rc = -1, secs;

	n = aia_resolve(host, port, allow_private, addrs, 4, &refused);
	if (refused) {
		snprintf(err, errlen, "%s is a loopback, private or "
		    "link-local address; not fetched (allow with "
		    "--fetch-aia-allow-private)", host);
		return -1;
	}
	snprintf(err, errlen, "%s", NO_ANSWER);
	for (size_t i = 0; rctx == NULL && i < n; i++) {
		/* A connect BIO to the checked address (the Host header
		 * still names the host); ours to free, after rctx. */
		BIO_free_all(conn);
		conn = BIO_new_connect(addrs[i]);
		secs = (int)((aia_ms_left(deadline_ms) + 999) / 1000);
		if (conn == NULL || secs <= 0)
			break;
		rctx = OSSL_HTTP_open(host, port, NULL, NULL, 0, conn, NULL,
		    NULL, NULL, 0, secs);
	}
	if (rctx == NULL)
		goto out;
	secs = (int)((aia_ms_left(deadline_ms) + 999) / 1000);
	if (secs <= 0 || !OSSL_HTTP_set1_request(rctx, path, NULL, NULL, NULL,
	    NULL, 0, max, secs, 0))
		goto out;
	if ((resp = OSSL_HTTP_exchange(rctx, redirect)) == NULL) {
		if (*redirect == NULL)
			http_error(err, errlen);
		goto out;
	}
	rc = read_body(resp, deadline_ms, max, body, len, err, errlen);
	BIO_free(resp);		/* OSSL_HTTP_exchange took a reference */
out:
	OSSL_HTTP_close(rctx, rc == 0);
	BIO_free_all(conn);
	ERR_clear_error();
	return rc;
}

int
aia_download(const char *url, long long deadline_ms, bool allow_private,
    size_t max, unsigned char **body, size_t *len, char *err, size_t errlen)
{
	char *cur = strdup(url), *host = NULL, *port = NULL, *path = NULL;
	int rc = -1;

	*body = NULL;
	*len = 0;
	if (cur == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (int hop = 0; hop <= AIA_MAX_REDIRECTS; hop++) {
		char *redirect = NULL;
		if (!url_acceptable(cur, &host, &port, &path, err, errlen))
			break;
		rc = get_once(host, port, path, allow_private, deadline_ms,
		    max, body, len, &redirect, err, errlen);
		OPENSSL_free(host);
		OPENSSL_free(port);
		OPENSSL_free(path);
		host = port = path = NULL;
		if (redirect == NULL)
			break;
		rc = -1;
		/* A redirection is a URL from the server: the same rules,
		 * http:// only (https would need the chain being checked),
		 * and the address policy on wherever it points. */
		if (redirect[0] == '/') {
			/* Same server: keep scheme, host and port. */
			char *h = NULL, *p = NULL, *n = NULL;
			if (OSSL_HTTP_parse_url(cur, NULL, NULL, &h, &p, NULL,
			    NULL, NULL, NULL) && strchr(h, ':') == NULL)
				(void)asprintf(&n, "http://%s:%s%s", h, p,
				    redirect);
			else if (h != NULL)
				(void)asprintf(&n, "http://[%s]:%s%s", h, p,
				    redirect);
			ERR_clear_error();
			OPENSSL_free(h);
			OPENSSL_free(p);
			OPENSSL_free(redirect);
			redirect = n != NULL ? strdup(n) : NULL;
			free(n);
		}
		free(cur);
		cur = redirect != NULL ? strdup(redirect) : NULL;
		OPENSSL_free(redirect);
		if (cur == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		if (hop == AIA_MAX_REDIRECTS)
			snprintf(err, errlen, "more than %d redirections",
			    AIA_MAX_REDIRECTS);
	}
	free(cur);
	return rc;
}

static bool
tried(char **urls, size_t n, const char *url)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(urls[i], url) == 0)
			return true;
	return false;
}

/* Only what a caIssuers URL may serve (RFC 5280 4.2.2.1): a DER
 * certificate or a certs-only PKCS#7, or (tolerated) PEM of those. Never
 * PKCS#12, keys or anything else the full loader opens, some of which
 * cost key derivations the server would choose. */
static bool
body_acceptable(const unsigned char *body, size_t len)
{
	const unsigned char *p = body;
	BIO *b;
	X509 *x;
	PKCS7 *p7;
	bool ok = false;

	if (len > 11 && memcmp(body, "-----BEGIN ", 11) == 0) {
		char *name = NULL, *header = NULL;
		unsigned char *data = NULL;
		long dlen;
		int blocks = 0;
		if ((b = BIO_new_mem_buf(body, (int)len)) == NULL)
			return false;
		ok = true;
		while (ok && PEM_read_bio(b, &name, &header, &data, &dlen)) {
			ok = strcmp(name, "CERTIFICATE") == 0 ||
			    strcmp(name, "X509 CERTIFICATE") == 0 ||
			    strcmp(name, "PKCS7") == 0;
			blocks++;
			OPENSSL_free(name);
			OPENSSL_free(header);
			OPENSSL_free(data);
		}
		BIO_free(b);
		ERR_clear_error();
		return ok && blocks > 0;
	}
	if ((x = d2i_X509(NULL, &p, (long)len)) != NULL) {
		ok = p == body + len;
		X509_free(x);
	} else if ((p = body, p7 = d2i_PKCS7(NULL, &p, (long)len)) != NULL) {
		ok = p == body + len && PKCS7_type_is_signed(p7) &&
		    p7->d.sign != NULL &&
		    sk_PKCS7_SIGNER_INFO_num(p7->d.sign->signer_info) <= 0;
		PKCS7_free(p7);
	}
	ERR_clear_error();
	return ok;
}

/* Loads the body as what the URL served (DER, PEM or PKCS#7); problems
 * with it are a warning about the download, not an input error. */
static int
take(struct inventory *inv, const char *url, const unsigned char *body,
    size_t len, char *err, size_t errlen)
{
	struct findings tmp;
	struct source *src;
	int n;

	if (!body_acceptable(body, len)) {
		snprintf(err, errlen, "the response is not a certificate or a "
		    "certs-only PKCS#7 (DER or PEM)");
		return -1;
	}
	if ((src = inventory_add_source(inv, url, ROLE_FETCHED)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	findings_init(&tmp);
	n = load_buffer(inv, &tmp, NULL, src, body, len);
	if (n <= 0)
		snprintf(err, errlen, "%s", tmp.n > 0 && tmp.v[0].message ?
		    tmp.v[0].message : "no certificate in the response");
	findings_free(&tmp);
	return n > 0 ? 0 : -1;
}

bool
aia_fetch_issuer(struct aia_tried *t, struct inventory *inv, X509 *stop,
    struct findings *fs)
{
	unsigned char *body = NULL;
	size_t len;
	char err[256], *url, *name;
	struct finding *f;

	if (t->n >= AIA_MAX_HOPS)
		return false;
	url = chain_aia_ca_issuers(stop);
	if (url == NULL || tried(t->urls, t->n, url)) {
		if (url != NULL)
			finding_add(fs, "aia-fetch", SEV_WARN, inv->leaf,
			    "what %s serves is not the issuer of the "
			    "certificate that names it", url);
		free(url);
		return false;
	}
	t->urls[t->n++] = url;
	name = chain_issuer_name(stop);
	/* One deadline for every download of the run and what is made of
	 * it, set by the first. */
	if (t->deadline_ms == 0)
		t->deadline_ms = aia_now_ms() + AIA_TIMEOUT_SECONDS * 1000LL;
	if (aia_download(url, t->deadline_ms, t->allow_private,
	    AIA_MAX_RESPONSE, &body, &len, err, sizeof(err)) != 0 ||
	    take(inv, url, body, len, err, sizeof(err)) != 0 ||
	    (aia_ms_left(t->deadline_ms) == 0 && snprintf(err, sizeof(err),
	    "out of time") > 0)) {
		f = finding_add(fs, "aia-fetch", SEV_WARN, inv->leaf,
		    "could not download the issuer %s from %s: %s",
		    name, url, err);
		finding_hint(f, "get the intermediate from the CA's "
		    "website and add it with --chain");
		free(name);
		free(body);
		return false;
	}
	free(body);
	finding_add(fs, "aia-fetch", SEV_INFO, inv->leaf,
	    "downloaded the issuer %s from %s", name, url);
	free(name);
	return true;
}

void
aia_tried_free(struct aia_tried *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->urls[i]);
	t->n = 0;
}
