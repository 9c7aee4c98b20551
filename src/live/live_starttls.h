/* STARTTLS: the plain-text dialogue that precedes TLS on mail and FTP
 * ports. Driven by the connection engine one readiness event at a time,
 * so it never blocks. */
#ifndef LIVE_STARTTLS_H
#define LIVE_STARTTLS_H

#include <stdbool.h>
#include <stddef.h>
#include "options.h"

#define STARTTLS_MAX_REPLY	8192	/* bytes of one server reply */

enum starttls_status {
	STARTTLS_WANT_READ,
	STARTTLS_WANT_WRITE,
	STARTTLS_DONE,		/* the server is ready for the ClientHello */
	STARTTLS_FAILED		/* see err */
};

struct starttls_state {
	enum starttls proto;
	size_t step;		/* index into the protocol's script */
	bool sending;		/* the step's command is not fully sent yet */
	size_t sent;		/* bytes of the command sent */
	char buf[STARTTLS_MAX_REPLY];
	size_t len;		/* bytes of the current reply received */
	char err[256];		/* why it failed, in plain words */
};

void starttls_init(struct starttls_state *, enum starttls);
/* Advances the dialogue on fd as far as it can without blocking. */
enum starttls_status starttls_step(struct starttls_state *, int fd);

/* Parses one buffered reply for a step: 1 complete and successful,
 * 0 incomplete, -1 complete but refused (err says why). Exposed for the
 * unit tests. */
int starttls_reply(struct starttls_state *, const char *buf, size_t len);

const char *starttls_name(enum starttls);	/* "smtp", ... or NULL */

#endif
