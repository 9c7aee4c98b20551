#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/http.h>

#include "aia_fetch.h"
#include "chain/chain_words.h"
#include "load/load.h"

/* OpenSSL's last error as one plain line: reason, plus its detail
 * (e.g. "code=404"). The queue is cleared. */
static void
http_error(char *err, size_t errlen)
{
	const char *data = NULL, *reason;
	unsigned long e;
	int flags = 0;

	/* The first error is the cause ("received error", code=404); later
	 * ones only say the transfer failed. */
	e = ERR_peek_error_data(&data, &flags);
	reason = e != 0 ? ERR_reason_error_string(e) : NULL;
	if (reason == NULL)
		reason = "connection failed or timed out";
	if (data != NULL && *data != '\0' && (flags & ERR_TXT_STRING))
		snprintf(err, errlen, "%s (%s)", reason, data);
	else
		snprintf(err, errlen, "%s", reason);
	ERR_clear_error();
}

/* Downloads url (http:// only) with OpenSSL's HTTP client, within the
 * caps (aia_fetch.h). Returns 0 and a malloc'd body, or -1 with err set. */
static int
aia_download(const char *url, int timeout, size_t max, unsigned char **body,
    size_t *len, char *err, size_t errlen)
{
	BIO *b;
	char buf[4096];
	unsigned char *out = NULL, *n;
	size_t have = 0;
	int r;

	*body = NULL;
	*len = 0;
	/* AIA URLs are plain HTTP by convention: fetching an issuer over
	 * TLS would need the chain being diagnosed. */
	if (strncasecmp(url, "http://", 7) != 0) {
		snprintf(err, errlen, "only http:// URLs are fetched");
		return -1;
	}
	b = OSSL_HTTP_get(url, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL,
	    NULL, 1, max, timeout);
	if (b == NULL) {
		http_error(err, errlen);
		return -1;
	}
	while ((r = BIO_read(b, buf, sizeof(buf))) > 0) {
		if (have + (size_t)r > max) {
			snprintf(err, errlen, "response larger than %zu bytes",
			    max);
			goto fail;
		}
		if ((n = realloc(out, have + (size_t)r)) == NULL) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
		out = n;
		memcpy(out + have, buf, (size_t)r);
		have += (size_t)r;
	}
	BIO_free_all(b);
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
	free(out);
	BIO_free_all(b);
	ERR_clear_error();
	return -1;
}

static bool
tried(char **urls, size_t n, const char *url)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(urls[i], url) == 0)
			return true;
	return false;
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
	if (aia_download(url, AIA_TIMEOUT_SECONDS, AIA_MAX_RESPONSE,
	    &body, &len, err, sizeof(err)) != 0 ||
	    take(inv, url, body, len, err, sizeof(err)) != 0) {
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
