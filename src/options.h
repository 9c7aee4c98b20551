/* Everything the command line can say, parsed once by cli.c. */
#ifndef OPTIONS_H
#define OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "certdiag.h"

enum command {
	CMD_NONE = 0,
	CMD_CHECK,
	CMD_SHOW,
	CMD_HELP,
	CMD_VERSION,
	CMD_EXPLAIN,
	CMD_CONNECT,		/* check what a live server serves */
	CMD_SCAN
};

enum format {
	FMT_TEXT = 0,
	FMT_JSON,
	FMT_NAGIOS,
	FMT_SARIF,		/* scan only */
	FMT_PROMETHEUS		/* node_exporter textfile collector */
};

/* Plain-text protocols that upgrade to TLS (--starttls). */
enum starttls {
	STARTTLS_NONE = 0,
	STARTTLS_SMTP,
	STARTTLS_IMAP,
	STARTTLS_POP3,
	STARTTLS_FTP,
	STARTTLS_LMTP,
	STARTTLS_NNTP,
	STARTTLS_SIEVE,		/* ManageSieve */
	STARTTLS_IRC,
	STARTTLS_XMPP,		/* client to server */
	STARTTLS_LDAP,
	STARTTLS_POSTGRES,
	STARTTLS_MYSQL		/* and MariaDB */
};

enum color {
	COLOR_AUTO = 0,
	COLOR_NEVER,
	COLOR_ALWAYS
};

struct strlist {
	char **v;		/* borrowed from argv */
	size_t n, cap;
};

struct options {
	enum command cmd;
	struct strlist inputs;	/* positional files and directories */
	struct strlist certs, keys, chains, cas, crls, hosts;
	struct strlist previous;	/* --previous: certificates being replaced */
	struct strlist csrs;	/* --csr */
	const char *pass_spec;	/* OpenSSL form: pass: env: file: fd: stdin */
	bool no_system_ca;
	const char *emit_chain;	/* --emit-chain FILE, or NULL */
	bool force;		/* --emit-chain may replace an input file */
	bool fetch_aia;		/* download missing issuers (network) */
	bool fetch_aia_allow_private;	/* AIA to loopback/private addresses */
	unsigned long long max_kdf_iterations;	/* 0: the built-in cap */
	int verify_depth;	/* --verify-depth: intermediates allowed, or -1 */
	bool have_at;
	time_t at;		/* --at; else main sets the clock once */
	int warn_days;		/* default 21: certbot renews at 30 days left */
	int crit_days;		/* --crit-days: nagios CRITICAL within (7) */
	const char *from;	/* --from NAME: the source reading every path */
	bool connect_each;	/* --connect-each: each deployment's listen */
	enum purpose purpose;
	enum format format;
	enum color color;
	bool quiet;
	bool help;		/* --help after a command: that command's help */
	/* Live handshake: connect, or check --connect. */
	const char *connect;	/* HOST[:PORT]; NULL: never touch the network */
	const char *servername;	/* --servername: SNI to send */
	int timeout;		/* --timeout, seconds (default 5) */
	enum starttls starttls;
	const char *client_cert;	/* --client-cert FILE */
	const char *client_key;		/* --client-key FILE */
	bool no_http_probe;	/* --no-http-probe: no request after TLS */
	/* scan */
	bool staged;		/* --staged: the git index's changed files */
	bool git;		/* --git: every file git tracks */
	struct strlist excludes;	/* --exclude GLOB */
	enum severity fail_on;	/* --fail-on; SEV_PASS: the default (fail) */
	int jobs;		/* --jobs; 0: one per processor */
};

#endif
