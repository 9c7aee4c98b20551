/* The connection engine: runs several TLS handshakes to one server at
 * once, each bounded by a deadline, multiplexed with poll(). Nothing
 * here judges the outcome; it records what happened. */
#ifndef LIVE_CONN_H
#define LIVE_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <netdb.h>
#include <sys/socket.h>
#include <openssl/ssl.h>

#include "live_http.h"
#include "live_starttls.h"
#include "options.h"

/* Where an attempt stopped. */
enum attempt_stage {
	STAGE_PENDING = 0,
	STAGE_CONNECT,
	STAGE_STARTTLS,
	STAGE_HANDSHAKE,
	STAGE_VERDICT,		/* TLS 1.3: waiting for the server's word on
				 * the client certificate */
	STAGE_HTTP,		/* one HTTP request after the handshake */
	STAGE_DONE
};

enum attempt_error {
	ATT_OK = 0,
	ATT_NOT_STARTED,	/* the first attempt never connected */
	ATT_CONNECT,		/* sys_errno: refused, unreachable... */
	ATT_CONNECT_TIMEOUT,
	ATT_STARTTLS,		/* detail */
	ATT_STARTTLS_TIMEOUT,
	ATT_TIMEOUT,		/* handshake did not finish in time */
	ATT_RESET,		/* connection reset during the handshake */
	ATT_EOF,		/* closed without an alert */
	ATT_ALERT,		/* the server sent alert_received */
	ATT_LOCAL,		/* OpenSSL gave up: ssl_reason */
	ATT_NOT_TLS,		/* the answer is not TLS; see peek */
	ATT_SETUP		/* could not even create the socket/SSL */
};

#define ATTEMPT_PEEK	96	/* bytes of a non-TLS answer kept */

struct tls_attempt {
	/* Set by the caller. */
	const char *label;	/* names the attempt in debugging output */
	SSL_CTX *ctx;		/* borrowed */
	const char *sni;	/* NULL: send no server_name */
	int min_version, max_version;	/* 0: the context's */
	const char *cipher_list;	/* TLS <= 1.2; NULL: the context's */
	const char *ciphersuites;	/* TLS 1.3; NULL: the context's */
	const char *groups;	/* key exchange groups; NULL: the library's */
	X509 *client_cert;	/* borrowed; offered when the server asks */
	EVP_PKEY *client_key;	/* borrowed */
	bool await_verdict;	/* TLS 1.3 with a CertificateRequest: read
				 * until the server accepts or rejects */
	bool stop_at_hello;	/* a cipher probe: the ServerHello says all
				 * it asks, so stop there (cheap for both) */
	STACK_OF(X509) *client_chain;	/* borrowed; sent with client_cert */
	bool http_probe;	/* after the handshake: one HTTP request */
	double http_wait;	/* seconds allowed for the answer */
	bool want_status;	/* ask for a stapled OCSP response */

	/* Outcome. */
	enum attempt_stage stage;	/* where it ended */
	enum attempt_error error;
	int sys_errno;
	int ssl_reason;		/* ERR_GET_REASON of the first error */
	char ssl_reason_text[128];
	char detail[256];	/* STARTTLS failure, in plain words */
	int alert_received;	/* TLS alert description, -1 if none */
	int alert_sent;
	unsigned long hs_seen;	/* bit n: handshake message type n received */
	bool connected;		/* TCP (and STARTTLS start) reached */
	bool completed;		/* the handshake finished */
	bool cert_requested;	/* CertificateRequest seen */
	bool cert_sent;		/* a client certificate was offered */
	bool ticket_seen;	/* TLS 1.3 NewSessionTicket: accepted */
	char **ca_names;	/* acceptable client CA names; NULL-terminated,
				 * owned */
	STACK_OF(X509) *chain;	/* served chain, leaf first; owned */
	unsigned char *ocsp;	/* stapled OCSP response (DER); owned */
	size_t ocsp_len;
	int version;		/* negotiated, e.g. TLS1_3_VERSION */
	char cipher[64];
	unsigned long cipher_id;	/* SSL_CIPHER_get_id */
	char group[64];
	int dh_bits;		/* finite-field DHE: the server's group size */
	bool hello_accepted;	/* stop_at_hello: the server picked a suite
				 * from the offer (cipher, cipher_id set) */
	unsigned char peek[ATTEMPT_PEEK];	/* first bytes received */
	size_t npeek;
	char address[64];	/* "127.0.0.1:443", "[::1]:443" */
	double connect_ms, handshake_ms;
	struct http_exchange http;	/* when http_probe */

	/* Private to the engine. */
	int fd;
	SSL *ssl;
	const struct addrinfo *ai;
	struct starttls_state starttls;
	double deadline;	/* monotonic seconds */
	double t0;
};

struct engine_params {
	const struct addrinfo *addrs;	/* candidate addresses, in order */
	enum starttls starttls;
	const char *starttls_host;	/* the domain an XMPP stream is for */
	double timeout;		/* seconds, for connect and each handshake */
};

/* A context with our callbacks installed: the engine relies on them to
 * record alerts, handshake messages and client certificate requests.
 * legacy: security level 0 and every cipher, to learn what a server
 * accepts rather than what this machine would allow. */
SSL_CTX *engine_ctx_new(bool legacy);

/* Runs every attempt to completion or deadline. The first attempt picks
 * the address (trying each in turn); the others start once it has
 * connected and use the same address, so the probes see the same
 * server. Returns false only when it could not run at all (ENOMEM). */
bool engine_run(struct tls_attempt *, size_t n, const struct engine_params *);

void attempt_free(struct tls_attempt *);

/* Monotonic clock in seconds. */
double engine_now(void);

#endif
