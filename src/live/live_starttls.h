/* STARTTLS: the plain-text (or binary) dialogue that precedes TLS on
 * mail, news, chat, directory and database ports. Driven by the
 * connection engine one readiness event at a time, so it never blocks. */
#ifndef LIVE_STARTTLS_H
#define LIVE_STARTTLS_H

#include <stdbool.h>
#include <stddef.h>
#include "options.h"

#define STARTTLS_MAX_REPLY	8192	/* bytes of one server reply */
#define STARTTLS_MAX_SEND	512	/* bytes of one command */

enum starttls_status {
	STARTTLS_WANT_READ,
	STARTTLS_WANT_WRITE,
	STARTTLS_DONE,		/* the server is ready for the ClientHello */
	STARTTLS_FAILED		/* see err */
};

struct starttls_state {
	enum starttls proto;
	const char *host;	/* borrowed; the name XMPP's stream is
				 * addressed to, or NULL */
	bool started;		/* the first step's command is prepared */
	size_t step;		/* index into the protocol's script */
	bool sending;		/* the step's command is not fully sent yet */
	size_t sent;		/* bytes of the command sent */
	unsigned char out[STARTTLS_MAX_SEND];	/* the command being sent */
	size_t outlen;
	char buf[STARTTLS_MAX_REPLY];
	size_t len;		/* bytes of the current reply received */
	bool heard;		/* the server has said something */
	bool advertised;	/* its capabilities listed the upgrade */
	bool not_offered;	/* it said it does not upgrade to TLS */
	unsigned long caps;	/* MySQL: the server's capability flags */
	unsigned char charset;	/* MySQL: the server's character set */
	char err[256];		/* why it failed, in plain words */
};

/* Sets st for proto; st->host may be set afterwards. */
void starttls_init(struct starttls_state *, enum starttls);
/* Advances the dialogue on fd as far as it can without blocking. */
enum starttls_status starttls_step(struct starttls_state *, int fd);

/* Parses one buffered reply for the current step: 1 complete and
 * successful, 0 incomplete, -1 complete but refused (err says why;
 * not_offered when the server said it has no TLS to offer). Exposed for
 * the unit tests. */
int starttls_reply(struct starttls_state *, const char *buf, size_t len);

/* What a dialogue that ran out of time was waiting for: "no greeting",
 * "no reply to ...". */
const char *starttls_waiting_for(const struct starttls_state *);

const char *starttls_name(enum starttls);	/* "smtp", ... or NULL */
enum starttls starttls_by_name(const char *);	/* STARTTLS_NONE if unknown */
const char *starttls_default_port(enum starttls);	/* "25", ... or NULL */
/* The names --starttls accepts, for messages. */
#define STARTTLS_NAMES	"smtp, imap, pop3, ftp, lmtp, nntp, sieve, irc, " \
	"xmpp, ldap, postgres or mysql"
/* How to turn the upgrade on in the usual server for proto. */
const char *starttls_enable_hint(enum starttls);

#endif
