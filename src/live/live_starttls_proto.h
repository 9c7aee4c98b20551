/* The STARTTLS dialogues as data: one script of steps per protocol, for
 * the driver in live_starttls.c. Text protocols are described by their
 * reply style; XMPP, LDAP and the databases bring their own builder and
 * parser (live_starttls_xmpp.c, live_starttls_ldap.c, live_starttls_db.c). */
#ifndef LIVE_STARTTLS_PROTO_H
#define LIVE_STARTTLS_PROTO_H

#include "live_starttls.h"

/* How a text reply ends: SMTP and FTP continue with "250-" and end with
 * "250 "; IMAP ends with the command's tag; POP3 and the IMAP greeting
 * are one line; ManageSieve ends with OK, NO or BYE. */
enum reply_style {
	REPLY_CODED,
	REPLY_TAGGED,
	REPLY_LINE,
	REPLY_SIEVE
};

struct script_step {
	const char *what;	/* names the step in messages; NULL ends */
	const char *send;	/* text command; NULL: see build */
	/* A command built at run time (binary, or naming the host); returns
	 * its length, 0 if it cannot be built (err set). NULL with send
	 * NULL: nothing to send, wait for the server. */
	size_t (*build)(struct starttls_state *, unsigned char *out,
	    size_t cap);
	/* Parses the reply as starttls_reply does; NULL: a text reply
	 * judged by ok and style. */
	int (*parse)(struct starttls_state *, const char *buf, size_t len);
	const char *ok;		/* prefix of a successful final line */
	enum reply_style style;
	bool upgrade;		/* this step asks for TLS: a no means the
				 * server does not offer it */
	bool no_reply;		/* TLS follows the command at once (MySQL) */
	size_t max_reply;	/* read no more than this (0: the buffer), so
				 * nothing after the answer is consumed */
};

extern const struct script_step xmpp_script[];
extern const struct script_step ldap_script[];
extern const struct script_step postgres_script[];
extern const struct script_step mysql_script[];

/* The printable start of server text, for messages: anything else
 * becomes '?', at most 80 characters. */
void starttls_quote(char *out, size_t outlen, const char *text, size_t len);

#endif
