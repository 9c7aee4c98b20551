#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "describe.h"
#include "live_priv.h"

/* How long a TLS 1.3 client waits, after its Finished, for the server to
 * accept (tickets) or reject (alert) a client certificate. Servers that
 * send no tickets make us wait this long, so it is short. */
#define VERDICT_WAIT	2.0

#define HS_CERTIFICATE_REQUEST	13
#define HS_NEW_SESSION_TICKET	4

double
engine_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct tls_attempt *
attempt_of(const SSL *ssl)
{
	return SSL_get_app_data(ssl);
}

/* A ServerHello (or TLS 1.3 HelloRetryRequest) names the suite the
 * server picked: type(1) length(3) version(2) random(32) session id
 * (1 + n), then the suite (2). Whether the library accepts it shows
 * when it asks for the next record (peek_cb). */
static void
note_hello_cipher(struct tls_attempt *a, SSL *ssl, const unsigned char *p,
    size_t len)
{
	const SSL_CIPHER *c;
	size_t at = 4 + 2 + 32;

	if (len < at + 1 || len < at + 1 + p[at] + 2)
		return;
	at += 1 + p[at];
	if ((c = SSL_CIPHER_find(ssl, p + at)) == NULL)
		return;
	snprintf(a->cipher, sizeof(a->cipher), "%s", SSL_CIPHER_get_name(c));
	a->cipher_id = SSL_CIPHER_get_id(c);
}

/* Records every handshake message type and alert, in both directions
 * for alerts: what the server said and what we complained about. */
static void
msg_cb(int write_p, int version, int content_type, const void *buf,
    size_t len, SSL *ssl, void *arg)
{
	struct tls_attempt *a = attempt_of(ssl);
	const unsigned char *p = buf;

	(void)version;
	(void)arg;
	if (a == NULL || len == 0)
		return;
	if (content_type == SSL3_RT_HANDSHAKE && !write_p && p[0] < 32) {
		a->hs_seen |= 1UL << p[0];
		if (p[0] == SSL3_MT_SERVER_HELLO && a->stop_at_hello)
			note_hello_cipher(a, ssl, p, len);
	}
	else if (content_type == SSL3_RT_ALERT && len >= 2) {
		if (write_p && a->alert_sent < 0)
			a->alert_sent = p[1];
		else if (!write_p && a->alert_received < 0)
			a->alert_received = p[1];
	}
}

static char **
ca_name_list(const STACK_OF(X509_NAME) *names)
{
	int n = names != NULL ? sk_X509_NAME_num(names) : 0;
	char **v = calloc((size_t)n + 1, sizeof(*v));

	for (int i = 0; v != NULL && i < n; i++)
		v[i] = name_oneline(sk_X509_NAME_value(names, i));
	return v;
}

/* Called only when the server sends a CertificateRequest. */
static int
client_cert_cb(SSL *ssl, X509 **x509, EVP_PKEY **pkey)
{
	struct tls_attempt *a = attempt_of(ssl);
	const STACK_OF(X509_NAME) *names;

	if (a == NULL)
		return 0;
	a->cert_requested = true;
	names = SSL_get0_peer_CA_list(ssl);
	if (names == NULL || sk_X509_NAME_num(names) == 0)
		names = SSL_get_client_CA_list(ssl);
	if (a->ca_names == NULL)
		a->ca_names = ca_name_list(names);
	if (a->client_cert == NULL || a->client_key == NULL)
		return 0;
	if (X509_up_ref(a->client_cert) != 1)
		return 0;
	if (EVP_PKEY_up_ref(a->client_key) != 1) {
		X509_free(a->client_cert);
		return 0;
	}
	*x509 = a->client_cert;
	*pkey = a->client_key;
	/* The intermediates given with it go along, as curl sends them:
	 * set on the slot the certificate is about to take. */
	if (a->client_chain != NULL &&
	    (SSL_use_certificate(ssl, a->client_cert) != 1 ||
	    SSL_use_PrivateKey(ssl, a->client_key) != 1 ||
	    SSL_set1_chain(ssl, a->client_chain) != 1))
		ERR_clear_error();
	a->cert_sent = true;
	return 1;
}

/* Keeps the first bytes the server sent: when they are not TLS, they
 * say what the port speaks instead ("HTTP/1.1 400", "220 smtp"). */
static long
peek_cb(BIO *b, int oper, const char *argp, size_t len, int argi, long argl,
    int ret, size_t *processed)
{
	struct tls_attempt *a = (struct tls_attempt *)BIO_get_callback_arg(b);

	(void)len;
	(void)argi;
	(void)argl;
	/* A cipher probe that has its answer reads no further: the
	 * library processed the ServerHello without complaint (it would
	 * have stopped with an alert otherwise), so the suite is accepted. */
	if (a != NULL && oper == BIO_CB_READ && a->stop_at_hello &&
	    a->cipher_id != 0 && a->alert_sent < 0) {
		a->hello_accepted = true;
		return -1;
	}
	if (a != NULL && oper == (BIO_CB_READ | BIO_CB_RETURN) && ret > 0 &&
	    processed != NULL && a->npeek < sizeof(a->peek)) {
		size_t n = *processed;
		if (n > sizeof(a->peek) - a->npeek)
			n = sizeof(a->peek) - a->npeek;
		memcpy(a->peek + a->npeek, argp, n);
		a->npeek += n;
	}
	return ret;
}

SSL_CTX *
engine_ctx_new(bool legacy)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	if (ctx == NULL)
		return NULL;
	/* We diagnose the chain ourselves, from what was served. */
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	SSL_CTX_set_msg_callback(ctx, msg_cb);
	SSL_CTX_set_client_cert_cb(ctx, client_cert_cb);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	if (legacy) {
		/* Probes ask what the server accepts, so they offer
		 * everything this library can still speak. */
		SSL_CTX_set_security_level(ctx, 0);
		SSL_CTX_set_options(ctx, SSL_OP_LEGACY_SERVER_CONNECT);
		if (SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION) != 1 ||
		    SSL_CTX_set_cipher_list(ctx,
		    "ALL:!aNULL:!eNULL:@SECLEVEL=0") != 1 ||
		    SSL_CTX_set_ciphersuites(ctx,
		    "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:"
		    "TLS_AES_128_GCM_SHA256:TLS_AES_128_CCM_SHA256:"
		    "TLS_AES_128_CCM_8_SHA256") != 1) {
			SSL_CTX_free(ctx);
			ERR_clear_error();
			return NULL;
		}
	}
	return ctx;
}

static void
format_address(struct tls_attempt *a)
{
	char host[NI_MAXHOST], serv[NI_MAXSERV];

	if (getnameinfo(a->ai->ai_addr, a->ai->ai_addrlen, host, sizeof(host),
	    serv, sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		snprintf(a->address, sizeof(a->address), "?");
		return;
	}
	snprintf(a->address, sizeof(a->address),
	    a->ai->ai_family == AF_INET6 ? "[%s]:%s" : "%s:%s", host, serv);
}

static void
finish(struct tls_attempt *a, enum attempt_error err)
{
	a->error = err;
	a->stage = STAGE_DONE;
}

/* What the OpenSSL error queue says, kept as a reason code and its
 * text; the queue is then cleared. */
static void
take_ssl_error(struct tls_attempt *a)
{
	unsigned long e = ERR_peek_error();

	if (e != 0 && a->ssl_reason == 0) {
		const char *s = ERR_reason_error_string(e);
		a->ssl_reason = ERR_GET_REASON(e);
		snprintf(a->ssl_reason_text, sizeof(a->ssl_reason_text), "%s",
		    s != NULL ? s : "unknown error");
	}
	ERR_clear_error();
}

static bool
looks_like_tls(const struct tls_attempt *a)
{
	/* A TLS record starts with a content type 20..24. */
	return a->npeek == 0 || (a->peek[0] >= 20 && a->peek[0] <= 24);
}

/* After an answer that is not TLS, keep a little more of it (without
 * waiting) so the report can quote its first line. */
static void
peek_more(struct tls_attempt *a)
{
	ssize_t n;

	if (a->npeek >= sizeof(a->peek))
		return;
	n = recv(a->fd, a->peek + a->npeek, sizeof(a->peek) - a->npeek,
	    MSG_DONTWAIT);
	if (n > 0)
		a->npeek += (size_t)n;
}

static void
classify_failure(struct tls_attempt *a, int sslerr)
{
	int saved = errno;

	take_ssl_error(a);
	if (!looks_like_tls(a)) {
		peek_more(a);
		finish(a, ATT_NOT_TLS);
	} else if (a->alert_received >= 0)
		finish(a, ATT_ALERT);
	else if (sslerr == SSL_ERROR_SYSCALL && saved == ECONNRESET) {
		a->sys_errno = saved;
		finish(a, ATT_RESET);
	} else if (sslerr == SSL_ERROR_ZERO_RETURN ||
	    (sslerr == SSL_ERROR_SYSCALL && a->ssl_reason == 0) ||
	    a->ssl_reason == SSL_R_UNEXPECTED_EOF_WHILE_READING)
		finish(a, ATT_EOF);
	else
		finish(a, ATT_LOCAL);
}

static void
record_session(struct tls_attempt *a)
{
	const SSL_CIPHER *c;
	STACK_OF(X509) *chain;
	int nid;

	if (a->ssl == NULL)
		return;
	chain = SSL_get_peer_cert_chain(a->ssl);
	if (chain != NULL && sk_X509_num(chain) > 0 && a->chain == NULL)
		a->chain = X509_chain_up_ref(chain);
	if (!a->completed)
		return;
	if (a->want_status && a->ocsp == NULL) {
		const unsigned char *resp = NULL;
		long n = SSL_get_tlsext_status_ocsp_resp(a->ssl, &resp);
		if (n > 0 && resp != NULL &&
		    (a->ocsp = malloc((size_t)n)) != NULL) {
			memcpy(a->ocsp, resp, (size_t)n);
			a->ocsp_len = (size_t)n;
		}
	}
	a->version = SSL_version(a->ssl);
	if ((c = SSL_get_current_cipher(a->ssl)) != NULL) {
		snprintf(a->cipher, sizeof(a->cipher), "%s",
		    SSL_CIPHER_get_name(c));
		a->cipher_id = SSL_CIPHER_get_id(c);
	}
	nid = SSL_get_negotiated_group(a->ssl);
	if (nid != 0 && nid != NID_undef) {
		const char *g = SSL_group_to_name(a->ssl, nid);
		snprintf(a->group, sizeof(a->group), "%s", g != NULL ? g : "?");
	} else {
		/* TLS 1.2 finite-field DHE names no group: describe the
		 * server's ephemeral key instead. */
		EVP_PKEY *tmp = NULL;
		if (SSL_get_peer_tmp_key(a->ssl, &tmp) == 1 && tmp != NULL) {
			char *d = key_description(tmp);
			if (EVP_PKEY_get_base_id(tmp) == EVP_PKEY_DH)
				a->dh_bits = EVP_PKEY_get_bits(tmp);
			snprintf(a->group, sizeof(a->group), "%s",
			    d != NULL ? d : "?");
			free(d);
		}
		EVP_PKEY_free(tmp);
	}
	ERR_clear_error();
}

static bool
setup_ssl(struct tls_attempt *a)
{
	BIO *bio;

	if ((a->ssl = SSL_new(a->ctx)) == NULL)
		goto fail;
	SSL_set_app_data(a->ssl, a);
	if (a->min_version != 0 &&
	    SSL_set_min_proto_version(a->ssl, a->min_version) != 1)
		goto fail;
	if (a->max_version != 0 &&
	    SSL_set_max_proto_version(a->ssl, a->max_version) != 1)
		goto fail;
	if (a->cipher_list != NULL &&
	    SSL_set_cipher_list(a->ssl, a->cipher_list) != 1)
		goto fail;
	if (a->ciphersuites != NULL &&
	    SSL_set_ciphersuites(a->ssl, a->ciphersuites) != 1)
		goto fail;
	if (a->sni != NULL && SSL_set_tlsext_host_name(a->ssl, a->sni) != 1)
		goto fail;
	if (a->groups != NULL && SSL_set1_groups_list(a->ssl, a->groups) != 1)
		goto fail;
	/* TLS 1.3 servers that ask for a client certificate only for some
	 * paths (Apache's per-directory SSLVerifyClient) do it after the
	 * request. */
	if (a->http_probe)
		SSL_set_post_handshake_auth(a->ssl, 1);
	if (a->want_status &&
	    SSL_set_tlsext_status_type(a->ssl, TLSEXT_STATUSTYPE_ocsp) != 1)
		goto fail;
	if ((bio = BIO_new_socket(a->fd, BIO_NOCLOSE)) == NULL)
		goto fail;
	BIO_set_callback_ex(bio, peek_cb);
	BIO_set_callback_arg(bio, (char *)a);
	SSL_set_bio(a->ssl, bio, bio);
	SSL_set_connect_state(a->ssl);
	return true;
fail:
	take_ssl_error(a);
	finish(a, ATT_SETUP);
	return false;
}

static void
close_attempt(struct tls_attempt *a)
{
	if (a->ssl != NULL) {
		record_session(a);
		/* One polite close_notify, without waiting for the reply:
		 * servers then log a clean close, not a broken one. */
		if (a->completed && a->error == ATT_OK)
			SSL_shutdown(a->ssl);
		SSL_free(a->ssl);
		a->ssl = NULL;
		ERR_clear_error();
	}
	if (a->fd >= 0) {
		close(a->fd);
		a->fd = -1;
	}
}

/* The handshake is over and accepted: done, or one HTTP request. */
static short
after_handshake(struct tls_attempt *a, double now)
{
	if (!a->http_probe || a->http.reqlen == 0) {
		finish(a, ATT_OK);
		return 0;
	}
	a->stage = STAGE_HTTP;
	a->http.hs_before = a->hs_seen;
	a->deadline = now + a->http_wait;
	return POLLOUT;
}

static short
step_handshake(struct tls_attempt *a, double now)
{
	int r, e;

	ERR_clear_error();
	errno = 0;
	r = SSL_connect(a->ssl);
	if (r == 1) {
		/* On loopback a whole handshake can finish inside one call:
		 * read the clock again rather than trust `now`. */
		a->completed = true;
		a->handshake_ms = (engine_now() - a->t0) * 1000.0;
		a->cert_requested = a->cert_requested ||
		    (a->hs_seen & (1UL << HS_CERTIFICATE_REQUEST)) != 0;
		if (a->await_verdict && a->cert_requested &&
		    SSL_version(a->ssl) == TLS1_3_VERSION) {
			/* From now, not from before the handshake: under a
			 * slow machine (valgrind) that may be long ago. */
			double t = engine_now();
			a->stage = STAGE_VERDICT;
			if (a->deadline > t + VERDICT_WAIT)
				a->deadline = t + VERDICT_WAIT;
			return POLLIN;
		}
		return after_handshake(a, now);
	}
	e = SSL_get_error(a->ssl, r);
	if (e == SSL_ERROR_WANT_READ)
		return POLLIN;
	if (e == SSL_ERROR_WANT_WRITE)
		return POLLOUT;
	a->handshake_ms = (engine_now() - a->t0) * 1000.0;
	if (a->hello_accepted) {
		a->version = SSL_version(a->ssl);
		ERR_clear_error();
		finish(a, ATT_OK);
		return 0;
	}
	classify_failure(a, e);
	return 0;
}

/* TLS 1.3 finishes the client's side of the handshake before the server
 * has looked at the client certificate; its verdict comes after: a
 * ticket means accepted, an alert means rejected. */
static short
step_verdict(struct tls_attempt *a, double now)
{
	unsigned char buf[512];
	int r, e;

	ERR_clear_error();
	errno = 0;
	r = SSL_read(a->ssl, buf, sizeof(buf));
	if (r > 0) {
		/* The server spoke first: not an HTTP server. */
		ERR_clear_error();
		a->http.server_spoke_first = true;
		finish(a, ATT_OK);
		return 0;
	}
	if ((a->hs_seen & (1UL << HS_NEW_SESSION_TICKET)) != 0) {
		ERR_clear_error();
		return after_handshake(a, now);
	}
	e = SSL_get_error(a->ssl, r);
	if (e == SSL_ERROR_WANT_READ)
		return POLLIN;
	if (e == SSL_ERROR_WANT_WRITE)
		return POLLOUT;
	classify_failure(a, e);
	return 0;
}

/* Sends the request, then reads the answer until it is complete, the
 * server closes, or HTTP_MAX_RESPONSE bytes. An alert about the client
 * certificate here is the server's verdict on it; anything else ends
 * the exchange, not the (successful) handshake. */
static short
step_http(struct tls_attempt *a)
{
	struct http_exchange *h = &a->http;
	int r, e;

	ERR_clear_error();
	errno = 0;
	if (h->sent < h->reqlen) {
		r = SSL_write(a->ssl, h->request + h->sent,
		    (int)(h->reqlen - h->sent));
		if (r > 0) {
			h->started = true;
			h->sent += (size_t)r;
			return h->sent < h->reqlen ? POLLOUT : POLLIN;
		}
	} else {
		r = SSL_read(a->ssl, h->resp + h->nresp,
		    (int)(sizeof(h->resp) - h->nresp));
		if (r > 0) {
			h->nresp += (size_t)r;
			if (http_response_complete(h->resp, h->nresp)) {
				finish(a, ATT_OK);
				return 0;
			}
			return POLLIN;
		}
	}
	e = SSL_get_error(a->ssl, r);
	if (e == SSL_ERROR_WANT_READ)
		return POLLIN;
	if (e == SSL_ERROR_WANT_WRITE)
		return POLLOUT;
	h->closed = true;
	if (live_alert_is_client_cert(a->alert_received)) {
		classify_failure(a, e);
		return 0;
	}
	ERR_clear_error();
	finish(a, ATT_OK);
	return 0;
}

static short
start_tls(struct tls_attempt *a, double now)
{
	a->t0 = now;
	if (!setup_ssl(a))
		return 0;
	a->stage = STAGE_HANDSHAKE;
	return step_handshake(a, now);
}

static short
step_starttls(struct tls_attempt *a, double now)
{
	switch (starttls_step(&a->starttls, a->fd)) {
	case STARTTLS_WANT_READ:
		return POLLIN;
	case STARTTLS_WANT_WRITE:
		return POLLOUT;
	case STARTTLS_DONE:
		return start_tls(a, now);
	case STARTTLS_FAILED:
		snprintf(a->detail, sizeof(a->detail), "%s", a->starttls.err);
		finish(a, ATT_STARTTLS);
		return 0;
	}
	return 0;
}

static short
on_connected(struct tls_attempt *a, const struct engine_params *p,
    double now)
{
	a->connected = true;
	format_address(a);
	a->connect_ms = (now - a->t0) * 1000.0;
	a->deadline = now + p->timeout;
	if (p->starttls != STARTTLS_NONE) {
		a->t0 = now;
		starttls_init(&a->starttls, p->starttls);
		a->starttls.host = p->starttls_host;
		a->stage = STAGE_STARTTLS;
		return step_starttls(a, now);
	}
	return start_tls(a, now);
}

/* Starts a non-blocking connect to a->ai, falling through to the next
 * address while they fail at once (unless pinned to one). */
static short
start_connect(struct tls_attempt *a, const struct engine_params *p,
    bool pinned, double now)
{
	while (a->ai != NULL) {
		a->fd = socket(a->ai->ai_family, a->ai->ai_socktype |
		    SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai->ai_protocol);
		if (a->fd >= 0) {
			a->t0 = now;
			a->deadline = now + p->timeout;
			a->stage = STAGE_CONNECT;
			if (connect(a->fd, a->ai->ai_addr,
			    a->ai->ai_addrlen) == 0)
				return on_connected(a, p, now);
			if (errno == EINPROGRESS)
				return POLLOUT;
			a->sys_errno = errno;
			close(a->fd);
			a->fd = -1;
		} else
			a->sys_errno = errno;
		format_address(a);
		if (pinned)
			break;
		a->ai = a->ai->ai_next;
	}
	finish(a, ATT_CONNECT);
	return 0;
}

static short
step_connect(struct tls_attempt *a, const struct engine_params *p,
    bool pinned, double now)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(a->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
		err = errno;
	if (err == 0)
		return on_connected(a, p, now);
	a->sys_errno = err;
	format_address(a);
	close(a->fd);
	a->fd = -1;
	if (pinned) {
		finish(a, ATT_CONNECT);
		return 0;
	}
	a->ai = a->ai->ai_next;
	return start_connect(a, p, pinned, now);
}

static short
step(struct tls_attempt *a, const struct engine_params *p, bool pinned,
    double now)
{
	switch (a->stage) {
	case STAGE_CONNECT:	return step_connect(a, p, pinned, now);
	case STAGE_STARTTLS:	return step_starttls(a, now);
	case STAGE_HANDSHAKE:	return step_handshake(a, now);
	case STAGE_VERDICT:	return step_verdict(a, now);
	case STAGE_HTTP:	return step_http(a);
	case STAGE_PENDING:
	case STAGE_DONE:	break;
	}
	return 0;
}

static short
time_out(struct tls_attempt *a, const struct engine_params *p, bool pinned,
    double now)
{
	switch (a->stage) {
	case STAGE_CONNECT:
		a->sys_errno = ETIMEDOUT;
		format_address(a);
		close(a->fd);
		a->fd = -1;
		/* A silent address (firewall drop) is worth one more try
		 * elsewhere: IPv6 may be broken where IPv4 works. */
		if (!pinned && a->ai->ai_next != NULL) {
			short w;
			a->ai = a->ai->ai_next;
			w = start_connect(a, p, pinned, now);
			if (a->stage != STAGE_DONE)
				return w;
		}
		finish(a, ATT_CONNECT_TIMEOUT);
		break;
	case STAGE_STARTTLS:
		snprintf(a->detail, sizeof(a->detail), "%s",
		    starttls_waiting_for(&a->starttls));
		finish(a, ATT_STARTTLS_TIMEOUT);
		break;
	case STAGE_HANDSHAKE:
		a->handshake_ms = (now - a->t0) * 1000.0;
		finish(a, ATT_TIMEOUT);
		break;
	case STAGE_VERDICT:
		/* A last look, in case the verdict arrived while others
		 * were being served; then no word from the server means it
		 * kept the connection: as close to acceptance as a silent
		 * server gets. */
		{
			short w = step_verdict(a, now);
			if (a->stage == STAGE_VERDICT)
				return after_handshake(a, now);
			return w;
		}
	case STAGE_HTTP:
		a->http.timed_out = true;
		finish(a, ATT_OK);
		break;
	case STAGE_PENDING:
	case STAGE_DONE:
		break;
	}
	return 0;
}

bool
engine_run(struct tls_attempt *att, size_t n, const struct engine_params *p)
{
	struct pollfd *pfd = calloc(n, sizeof(*pfd));
	short *want = calloc(n, sizeof(*want));
	size_t *slot = calloc(n, sizeof(*slot));
	bool ok = pfd != NULL && want != NULL && slot != NULL;
	double now = engine_now();

	for (size_t i = 0; i < n; i++) {
		struct tls_attempt *a = &att[i];
		a->fd = -1;
		a->stage = STAGE_PENDING;
		a->error = ATT_OK;
		a->alert_received = a->alert_sent = -1;
		a->ai = p->addrs;
	}
	if (!ok)
		goto out;
	want[0] = start_connect(&att[0], p, false, now);

	for (;;) {
		size_t active = 0, left = 0;
		double next = 0;
		int r;

		now = engine_now();
		/* The others follow the first onto the address it reached,
		 * or give up with it. */
		for (size_t i = 1; i < n; i++) {
			if (att[i].stage != STAGE_PENDING)
				continue;
			if (att[0].connected) {
				att[i].ai = att[0].ai;
				want[i] = start_connect(&att[i], p, true, now);
			} else if (att[0].stage == STAGE_DONE)
				finish(&att[i], ATT_NOT_STARTED);
		}
		for (size_t i = 0; i < n; i++) {
			struct tls_attempt *a = &att[i];
			slot[i] = SIZE_MAX;
			if (a->stage == STAGE_DONE)
				continue;
			left++;
			if (a->stage == STAGE_PENDING)
				continue;
			if (now >= a->deadline) {
				want[i] = time_out(a, p, i > 0, now);
				if (a->stage == STAGE_DONE)
					close_attempt(a);
				continue;
			}
			slot[i] = active;
			pfd[active].fd = a->fd;
			pfd[active].events = want[i];
			pfd[active].revents = 0;
			if (active == 0 || a->deadline < next)
				next = a->deadline;
			active++;
		}
		if (left == 0)
			break;
		if (active == 0)
			continue;	/* timeouts changed state: look again */
		r = poll(pfd, active, (int)((next - now) * 1000.0) + 1);
		if (r < 0 && errno != EINTR) {
			ok = false;
			break;
		}
		now = engine_now();
		for (size_t i = 0; i < n && r > 0; i++)
			if (slot[i] != SIZE_MAX && pfd[slot[i]].revents != 0)
				want[i] = step(&att[i], p, i > 0, now);
		/* Let go of finished connections at once: a server that
		 * serves one client at a time is waiting for us. */
		for (size_t i = 0; i < n; i++)
			if (att[i].stage == STAGE_DONE)
				close_attempt(&att[i]);
	}
out:
	for (size_t i = 0; i < n; i++) {
		if (att[i].stage != STAGE_DONE)
			finish(&att[i], ATT_SETUP);
		close_attempt(&att[i]);
	}
	free(pfd);
	free(want);
	free(slot);
	return ok;
}

void
attempt_free(struct tls_attempt *a)
{
	if (a->ca_names != NULL)
		names_free(a->ca_names);
	a->ca_names = NULL;
	sk_X509_pop_free(a->chain, X509_free);
	a->chain = NULL;
	free(a->ocsp);
	a->ocsp = NULL;
}
