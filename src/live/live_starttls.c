#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "live_starttls_proto.h"

#define IMAP_TAG "c1 "

/* Text protocols: a greeting, perhaps a capability request, then the
 * command that asks for TLS (upgrade). */
static const struct script_step smtp_script[] = {
	{ .what = "greeting", .ok = "220", .style = REPLY_CODED },
	{ .what = "EHLO", .send = "EHLO certdiag.invalid\r\n", .ok = "250",
	    .style = REPLY_CODED },
	{ .what = "STARTTLS", .send = "STARTTLS\r\n", .ok = "220",
	    .style = REPLY_CODED, .upgrade = true },
	{ .what = NULL }
};
/* LMTP (RFC 2033) is SMTP with LHLO for EHLO. */
static const struct script_step lmtp_script[] = {
	{ .what = "greeting", .ok = "220", .style = REPLY_CODED },
	{ .what = "LHLO", .send = "LHLO certdiag.invalid\r\n", .ok = "250",
	    .style = REPLY_CODED },
	{ .what = "STARTTLS", .send = "STARTTLS\r\n", .ok = "220",
	    .style = REPLY_CODED, .upgrade = true },
	{ .what = NULL }
};
static const struct script_step imap_script[] = {
	{ .what = "greeting", .ok = "* OK", .style = REPLY_LINE },
	{ .what = "STARTTLS", .send = IMAP_TAG "STARTTLS\r\n",
	    .ok = IMAP_TAG "OK", .style = REPLY_TAGGED, .upgrade = true },
	{ .what = NULL }
};
static const struct script_step pop3_script[] = {
	{ .what = "greeting", .ok = "+OK", .style = REPLY_LINE },
	{ .what = "STLS", .send = "STLS\r\n", .ok = "+OK",
	    .style = REPLY_LINE, .upgrade = true },
	{ .what = NULL }
};
static const struct script_step ftp_script[] = {
	{ .what = "greeting", .ok = "220", .style = REPLY_CODED },
	{ .what = "AUTH TLS", .send = "AUTH TLS\r\n", .ok = "234",
	    .style = REPLY_CODED, .upgrade = true },
	{ .what = NULL }
};
/* NNTP (RFC 4642): 200 or 201 greets, 382 lets TLS begin. */
static const struct script_step nntp_script[] = {
	{ .what = "greeting", .ok = "20", .style = REPLY_CODED },
	{ .what = "STARTTLS", .send = "STARTTLS\r\n", .ok = "382",
	    .style = REPLY_CODED, .upgrade = true },
	{ .what = NULL }
};
/* ManageSieve (RFC 5804): the greeting is the capability list, closed
 * by OK; STARTTLS is answered by OK, NO or BYE. */
static const struct script_step sieve_script[] = {
	{ .what = "greeting", .ok = "OK", .style = REPLY_SIEVE },
	{ .what = "STARTTLS", .send = "STARTTLS\r\n", .ok = "OK",
	    .style = REPLY_SIEVE, .upgrade = true },
	{ .what = NULL }
};

static int parse_irc(struct starttls_state *, const char *, size_t);

/* IRC (IRCv3 tls extension): the client speaks first; notices may come
 * before the answer, 670 lets TLS begin. */
static const struct script_step irc_script[] = {
	{ .what = "STARTTLS", .send = "STARTTLS\r\n", .parse = parse_irc,
	    .upgrade = true },
	{ .what = NULL }
};

static const struct {
	enum starttls proto;
	const char *name;
	const char *port;
	const struct script_step *script;
	const char *enable;	/* how to offer TLS in the usual server */
} protocols[] = {
	{ STARTTLS_SMTP, "smtp", "25", smtp_script, "Postfix: "
	    "smtpd_tls_cert_file, smtpd_tls_key_file and "
	    "smtpd_tls_security_level = may in main.cf" },
	{ STARTTLS_IMAP, "imap", "143", imap_script, "Dovecot: ssl = yes "
	    "with ssl_cert = <FILE and ssl_key = <FILE" },
	{ STARTTLS_POP3, "pop3", "110", pop3_script, "Dovecot: ssl = yes "
	    "with ssl_cert = <FILE and ssl_key = <FILE" },
	{ STARTTLS_FTP, "ftp", "21", ftp_script, "vsftpd: ssl_enable=YES "
	    "with rsa_cert_file and rsa_private_key_file" },
	{ STARTTLS_LMTP, "lmtp", "24", lmtp_script, "Dovecot: ssl = yes "
	    "with ssl_cert = <FILE and ssl_key = <FILE" },
	{ STARTTLS_NNTP, "nntp", "119", nntp_script, "INN: tlscertfile and "
	    "tlskeyfile in inn.conf" },
	{ STARTTLS_SIEVE, "sieve", "4190", sieve_script, "Dovecot: ssl = yes "
	    "with ssl_cert = <FILE and ssl_key = <FILE" },
	{ STARTTLS_IRC, "irc", "6667", irc_script, "an IRC server with the "
	    "STARTTLS extension (InspIRCd: the starttls module)" },
	{ STARTTLS_XMPP, "xmpp", "5222", xmpp_script, "Prosody: "
	    "certificates in its certs directory (prosodyctl cert import), "
	    "or ssl = { certificate = ...; key = ... } for the host" },
	{ STARTTLS_LDAP, "ldap", "389", ldap_script, "OpenLDAP: "
	    "olcTLSCertificateFile and olcTLSCertificateKeyFile in cn=config "
	    "(TLSCertificateFile, TLSCertificateKeyFile in slapd.conf)" },
	{ STARTTLS_POSTGRES, "postgres", "5432", postgres_script,
	    "PostgreSQL: ssl = on with ssl_cert_file and ssl_key_file in "
	    "postgresql.conf" },
	{ STARTTLS_MYSQL, "mysql", "3306", mysql_script, "MySQL/MariaDB: "
	    "ssl_cert and ssl_key under [mysqld] in my.cnf" },
};
#define NPROTOCOLS (sizeof(protocols) / sizeof(protocols[0]))

static const struct script_step *
script_of(enum starttls p)
{
	for (size_t i = 0; i < NPROTOCOLS; i++)
		if (protocols[i].proto == p)
			return protocols[i].script;
	return NULL;
}

const char *
starttls_name(enum starttls p)
{
	for (size_t i = 0; i < NPROTOCOLS; i++)
		if (protocols[i].proto == p)
			return protocols[i].name;
	return NULL;
}

enum starttls
starttls_by_name(const char *name)
{
	for (size_t i = 0; i < NPROTOCOLS; i++)
		if (strcmp(protocols[i].name, name) == 0)
			return protocols[i].proto;
	return STARTTLS_NONE;
}

const char *
starttls_default_port(enum starttls p)
{
	for (size_t i = 0; i < NPROTOCOLS; i++)
		if (protocols[i].proto == p)
			return protocols[i].port;
	return NULL;
}

const char *
starttls_enable_hint(enum starttls p)
{
	for (size_t i = 0; i < NPROTOCOLS; i++)
		if (protocols[i].proto == p)
			return protocols[i].enable;
	return NULL;
}

void
starttls_init(struct starttls_state *st, enum starttls proto)
{
	memset(st, 0, sizeof(*st));
	st->proto = proto;
}

const char *
starttls_waiting_for(const struct starttls_state *st)
{
	const struct script_step *script = script_of(st->proto);

	if (script != NULL && st->step == 0 && script[0].send == NULL &&
	    script[0].build == NULL)
		return "no greeting";
	return "no reply to the STARTTLS dialogue";
}

void
starttls_quote(char *out, size_t outlen, const char *line, size_t len)
{
	size_t j = 0;

	if (outlen == 0)
		return;
	for (size_t i = 0; i < len && j + 1 < outlen && j < 80; i++) {
		unsigned char c = (unsigned char)line[i];
		out[j++] = c < 0x80 && isprint(c) ? (char)c : '?';
	}
	out[j] = '\0';
}

static bool
starts_with_word(const char *line, size_t len, const char *word)
{
	size_t n = strlen(word);

	return len >= n && strncasecmp(line, word, n) == 0 &&
	    (len == n || line[n] == ' ');
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
	case REPLY_SIEVE:
		return starts_with_word(line, len, "OK") ||
		    starts_with_word(line, len, "NO") ||
		    starts_with_word(line, len, "BYE");
	case REPLY_LINE:
		return true;
	}
	return true;
}

/* A capability line naming the upgrade: "250-STARTTLS", "\"STARTTLS\"",
 * "* OK [CAPABILITY ... STARTTLS]", POP3's "STLS". */
static bool
names_upgrade(const char *line, size_t len)
{
	for (size_t i = 0; i + 4 <= len; i++)
		if (strncasecmp(line + i, "STLS", 4) == 0 ||
		    (i + 8 <= len && strncasecmp(line + i, "STARTTLS", 8) == 0))
			return true;
	return false;
}

static void
refused(struct starttls_state *st, const struct script_step *s,
    const char *line, size_t len)
{
	char q[96];

	starttls_quote(q, sizeof(q), line, len);
	if (s->upgrade) {
		st->not_offered = true;
		snprintf(st->err, sizeof(st->err), "the %s server refused %s: "
		    "'%s' (it does not offer TLS on this port)",
		    starttls_name(st->proto), s->what, q);
	} else
		snprintf(st->err, sizeof(st->err), "the %s server refused %s: "
		    "'%s'", starttls_name(st->proto), s->what, q);
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
	return NULL;
}

/* A greeting line in the wrong protocol: SMTP and FTP wait for a coded
 * final line that never comes, so judge the first line at once. */
static int
wrong_greeting(struct starttls_state *st, const struct script_step *s,
    const char *line, size_t len)
{
	char q[96];

	if (greeting_guess(line, len) == NULL) {
		refused(st, s, line, len);
		return -1;
	}
	starttls_quote(q, sizeof(q), line, len);
	snprintf(st->err, sizeof(st->err), "the server greeted with '%s', "
	    "which is not a %s greeting (this looks like %s)",
	    q, starttls_name(st->proto), greeting_guess(line, len));
	return -1;
}

static bool
is_greeting(const struct script_step *s)
{
	return s->send == NULL && s->build == NULL;
}

/* One complete line at a time, until the step's final line. */
static int
parse_text(struct starttls_state *st, const struct script_step *s,
    const char *buf, size_t len)
{
	size_t start = 0;

	for (size_t i = 0; i < len; i++) {
		size_t llen;

		if (buf[i] != '\n')
			continue;
		llen = i - start;
		if (llen > 0 && buf[start + llen - 1] == '\r')
			llen--;
		if (names_upgrade(buf + start, llen))
			st->advertised = true;
		if (is_greeting(s) && s->style == REPLY_CODED && start == 0 &&
		    (llen < 3 || !isdigit((unsigned char)buf[start])))
			return wrong_greeting(st, s, buf + start, llen);
		if (!is_final_line(s, buf + start, llen)) {
			start = i + 1;
			continue;
		}
		if (llen >= strlen(s->ok) &&
		    strncasecmp(buf + start, s->ok, strlen(s->ok)) == 0)
			return 1;
		if (is_greeting(s))
			return wrong_greeting(st, s, buf + start, llen);
		refused(st, s, buf + start, llen);
		return -1;
	}
	return 0;
}

/* ":server 670 nick :STARTTLS successful" goes on; 691 (TLS failed) or
 * 421 (unknown command) say no; notices before the answer are skipped. */
static int
parse_irc(struct starttls_state *st, const char *buf, size_t len)
{
	const struct script_step *s = &irc_script[0];
	size_t start = 0;

	for (size_t i = 0; i < len; i++) {
		const char *line = buf + start, *cmd, *end;
		size_t llen;

		if (buf[i] != '\n')
			continue;
		llen = i - start;
		start = i + 1;
		if (llen > 0 && line[llen - 1] == '\r')
			llen--;
		end = line + llen;
		cmd = line;
		if (cmd < end && *cmd == ':') {
			/* Skip the prefix. */
			while (cmd < end && *cmd != ' ')
				cmd++;
			while (cmd < end && *cmd == ' ')
				cmd++;
		}
		if (end - cmd >= 3 && memcmp(cmd, "670", 3) == 0)
			return 1;
		if ((end - cmd >= 3 && (memcmp(cmd, "691", 3) == 0 ||
		    memcmp(cmd, "421", 3) == 0 || memcmp(cmd, "451", 3) == 0)) ||
		    (end - cmd >= 5 && memcmp(cmd, "ERROR", 5) == 0)) {
			refused(st, s, line, llen);
			return -1;
		}
	}
	return 0;
}

int
starttls_reply(struct starttls_state *st, const char *buf, size_t len)
{
	const struct script_step *s = &script_of(st->proto)[st->step];

	if (s->parse != NULL)
		return s->parse(st, buf, len);
	return parse_text(st, s, buf, len);
}

/* Makes the step's command, if it has one. */
static bool
prepare_step(struct starttls_state *st, const struct script_step *s)
{
	st->len = 0;
	st->sent = 0;
	st->outlen = 0;
	if (s->send != NULL) {
		st->outlen = strlen(s->send);
		memcpy(st->out, s->send, st->outlen);
	} else if (s->build != NULL) {
		st->outlen = s->build(st, st->out, sizeof(st->out));
		if (st->outlen == 0)
			return false;
	}
	st->sending = st->outlen > 0;
	return true;
}

static enum starttls_status
io_failed(struct starttls_state *st, const char *doing,
    const struct script_step *s)
{
	snprintf(st->err, sizeof(st->err), "%s %s failed: %s", doing,
	    s->what, strerror(errno));
	return STARTTLS_FAILED;
}

enum starttls_status
starttls_step(struct starttls_state *st, int fd)
{
	const struct script_step *script = script_of(st->proto);

	if (script == NULL)
		return STARTTLS_DONE;
	if (!st->started) {
		st->started = true;
		if (!prepare_step(st, &script[0]))
			return STARTTLS_FAILED;
	}
	while (script[st->step].what != NULL) {
		const struct script_step *s = &script[st->step];
		size_t cap = sizeof(st->buf);
		ssize_t n;
		int r;

		if (st->sending) {
			n = send(fd, st->out + st->sent, st->outlen - st->sent,
			    MSG_NOSIGNAL);
			if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
			    errno == EINTR))
				return STARTTLS_WANT_WRITE;
			if (n < 0)
				return io_failed(st, "sending", s);
			st->sent += (size_t)n;
			if (st->sent < st->outlen)
				return STARTTLS_WANT_WRITE;
			st->sending = false;
			if (s->no_reply)
				goto next;
		}
		if (s->max_reply != 0 && s->max_reply < cap)
			cap = s->max_reply;
		if (st->len >= cap) {
			snprintf(st->err, sizeof(st->err),
			    "the server's reply to %s is longer than %u bytes",
			    s->what, (unsigned)cap);
			return STARTTLS_FAILED;
		}
		n = recv(fd, st->buf + st->len, cap - st->len, 0);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == EINTR))
			return STARTTLS_WANT_READ;
		if (n < 0)
			return io_failed(st, "reading the reply to", s);
		if (n == 0) {
			snprintf(st->err, sizeof(st->err),
			    "the server closed the connection before %s "
			    "completed (is this a %s server?)", s->what,
			    starttls_name(st->proto));
			return STARTTLS_FAILED;
		}
		st->heard = true;
		st->len += (size_t)n;
		r = starttls_reply(st, st->buf, st->len);
		if (r < 0)
			return STARTTLS_FAILED;
		if (r == 0)
			continue;
		/* The server says nothing more until we speak, so nothing
		 * of the TLS handshake can be in the buffer. */
next:
		st->step++;
		if (script[st->step].what != NULL &&
		    !prepare_step(st, &script[st->step]))
			return STARTTLS_FAILED;
	}
	return STARTTLS_DONE;
}
