#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "live_starttls.h"

/* How a reply ends: SMTP and FTP continue with "250-" and end with
 * "250 "; IMAP ends with the command's tag; POP3 and the IMAP greeting
 * are one line. */
enum reply_style {
	REPLY_CODED,
	REPLY_TAGGED,
	REPLY_LINE
};

struct script_step {
	const char *send;	/* NULL: wait for the greeting */
	const char *ok;		/* prefix of a successful final line */
	enum reply_style style;
	const char *what;	/* names the step in error messages */
};

#define IMAP_TAG "c1 "

static const struct script_step smtp_script[] = {
	{ NULL, "220", REPLY_CODED, "greeting" },
	{ "EHLO certdiag.invalid\r\n", "250", REPLY_CODED, "EHLO" },
	{ "STARTTLS\r\n", "220", REPLY_CODED, "STARTTLS" },
	{ NULL, NULL, REPLY_LINE, NULL }
};
static const struct script_step imap_script[] = {
	{ NULL, "* OK", REPLY_LINE, "greeting" },
	{ IMAP_TAG "STARTTLS\r\n", IMAP_TAG "OK", REPLY_TAGGED, "STARTTLS" },
	{ NULL, NULL, REPLY_LINE, NULL }
};
static const struct script_step pop3_script[] = {
	{ NULL, "+OK", REPLY_LINE, "greeting" },
	{ "STLS\r\n", "+OK", REPLY_LINE, "STLS" },
	{ NULL, NULL, REPLY_LINE, NULL }
};
static const struct script_step ftp_script[] = {
	{ NULL, "220", REPLY_CODED, "greeting" },
	{ "AUTH TLS\r\n", "234", REPLY_CODED, "AUTH TLS" },
	{ NULL, NULL, REPLY_LINE, NULL }
};

static const struct script_step *
script_of(enum starttls p)
{
	switch (p) {
	case STARTTLS_SMTP:	return smtp_script;
	case STARTTLS_IMAP:	return imap_script;
	case STARTTLS_POP3:	return pop3_script;
	case STARTTLS_FTP:	return ftp_script;
	case STARTTLS_NONE:	break;
	}
	return NULL;
}

const char *
starttls_name(enum starttls p)
{
	switch (p) {
	case STARTTLS_SMTP:	return "smtp";
	case STARTTLS_IMAP:	return "imap";
	case STARTTLS_POP3:	return "pop3";
	case STARTTLS_FTP:	return "ftp";
	case STARTTLS_NONE:	break;
	}
	return NULL;
}

void
starttls_init(struct starttls_state *st, enum starttls proto)
{
	memset(st, 0, sizeof(*st));
	st->proto = proto;
	st->sending = script_of(proto) != NULL &&
	    script_of(proto)[0].send != NULL;
}

/* The printable start of a line, for messages. */
static void
quote_line(char *out, size_t outlen, const char *line, size_t len)
{
	size_t j = 0;

	for (size_t i = 0; i < len && j + 1 < outlen && j < 80; i++) {
		unsigned char c = (unsigned char)line[i];
		out[j++] = isprint(c) ? (char)c : '?';
	}
	out[j] = '\0';
}

static bool
is_final_line(const struct script_step *s, const char *line, size_t len)
{
	switch (s->style) {
	case REPLY_CODED:
		/* "250-..." continues; "250 ..." or a bare "250" ends. */
		if (len >= 3 && isdigit((unsigned char)line[0]) &&
		    isdigit((unsigned char)line[1]) &&
		    isdigit((unsigned char)line[2]))
			return len == 3 || line[3] == ' ';
		return false;
	case REPLY_TAGGED:
		return len >= strlen(IMAP_TAG) &&
		    memcmp(line, IMAP_TAG, strlen(IMAP_TAG)) == 0;
	case REPLY_LINE:
		return true;
	}
	return true;
}

/* What a greeting that is not the expected one looks like. */
static const char *
greeting_guess(const char *line, size_t len)
{
	static const struct {
		const char *prefix, *what;
	} guesses[] = {
		{ "* OK", "an IMAP greeting: use --starttls imap" },
		{ "* PREAUTH", "an IMAP greeting: use --starttls imap" },
		{ "+OK", "a POP3 greeting: use --starttls pop3" },
		{ "220", "an SMTP or FTP greeting: use --starttls smtp or ftp" },
		{ "SSH-", "an SSH server" },
		{ "HTTP/", "an HTTP server" },
	};

	for (size_t i = 0; i < sizeof(guesses) / sizeof(guesses[0]); i++) {
		size_t n = strlen(guesses[i].prefix);
		if (len >= n && strncasecmp(line, guesses[i].prefix, n) == 0)
			return guesses[i].what;
	}
	return "another protocol";
}

/* A greeting line in the wrong protocol: SMTP and FTP wait for a coded
 * final line that never comes, so judge the first line at once. */
static int
wrong_greeting(struct starttls_state *st, const char *line, size_t len)
{
	char q[96];

	quote_line(q, sizeof(q), line, len);
	snprintf(st->err, sizeof(st->err), "the server greeted with '%s', "
	    "which is not a %s greeting (this looks like %s)",
	    q, starttls_name(st->proto), greeting_guess(line, len));
	return -1;
}

int
starttls_reply(struct starttls_state *st, const char *buf, size_t len)
{
	const struct script_step *s = &script_of(st->proto)[st->step];
	size_t start = 0;

	for (size_t i = 0; i < len; i++) {
		size_t llen;
		char q[96];

		if (buf[i] != '\n')
			continue;
		llen = i - start;
		if (llen > 0 && buf[start + llen - 1] == '\r')
			llen--;
		if (s->send == NULL && s->style == REPLY_CODED && start == 0 &&
		    (llen < 3 || !isdigit((unsigned char)buf[start])))
			return wrong_greeting(st, buf + start, llen);
		if (!is_final_line(s, buf + start, llen)) {
			start = i + 1;
			continue;
		}
		if (llen >= strlen(s->ok) &&
		    strncasecmp(buf + start, s->ok, strlen(s->ok)) == 0)
			return 1;
		if (s->send == NULL)
			return wrong_greeting(st, buf + start, llen);
		quote_line(q, sizeof(q), buf + start, llen);
		snprintf(st->err, sizeof(st->err),
		    "the %s server refused %s: '%s'", starttls_name(st->proto),
		    s->what, q);
		return -1;
	}
	return 0;
}

enum starttls_status
starttls_step(struct starttls_state *st, int fd)
{
	const struct script_step *script = script_of(st->proto);

	if (script == NULL)
		return STARTTLS_DONE;
	while (script[st->step].ok != NULL) {
		const struct script_step *s = &script[st->step];
		ssize_t n;
		int r;

		if (st->sending) {
			size_t want = strlen(s->send) - st->sent;
			n = send(fd, s->send + st->sent, want, MSG_NOSIGNAL);
			if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
			    errno == EINTR))
				return STARTTLS_WANT_WRITE;
			if (n < 0) {
				snprintf(st->err, sizeof(st->err),
				    "sending %s failed: %s", s->what,
				    strerror(errno));
				return STARTTLS_FAILED;
			}
			st->sent += (size_t)n;
			if (st->sent < strlen(s->send))
				return STARTTLS_WANT_WRITE;
			st->sending = false;
		}
		if (st->len == sizeof(st->buf)) {
			snprintf(st->err, sizeof(st->err),
			    "the server's reply to %s is longer than %u bytes",
			    s->what, (unsigned)sizeof(st->buf));
			return STARTTLS_FAILED;
		}
		n = recv(fd, st->buf + st->len, sizeof(st->buf) - st->len, 0);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == EINTR))
			return STARTTLS_WANT_READ;
		if (n < 0) {
			snprintf(st->err, sizeof(st->err),
			    "reading the reply to %s failed: %s", s->what,
			    strerror(errno));
			return STARTTLS_FAILED;
		}
		if (n == 0) {
			snprintf(st->err, sizeof(st->err),
			    "the server closed the connection before %s "
			    "completed (is this a %s server?)", s->what,
			    starttls_name(st->proto));
			return STARTTLS_FAILED;
		}
		st->len += (size_t)n;
		r = starttls_reply(st, st->buf, st->len);
		if (r < 0)
			return STARTTLS_FAILED;
		if (r == 0)
			continue;
		/* The server says nothing more until we speak, so nothing
		 * of the TLS handshake can be in the buffer. */
		st->len = 0;
		st->step++;
		st->sent = 0;
		st->sending = script[st->step].send != NULL;
	}
	return STARTTLS_DONE;
}
