#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "live/live_starttls.h"
#include "strbuf.h"

enum {
	OPT_CHAIN = 256,
	OPT_CA,
	OPT_CRL,
	OPT_PASS,
	OPT_NO_SYSTEM_CA,
	OPT_AT,
	OPT_WARN_DAYS,
	OPT_PURPOSE,
	OPT_COLOR,
	OPT_PREVIOUS,
	OPT_CSR,
	OPT_EMIT_CHAIN,
	OPT_FORCE,
	OPT_FETCH_AIA,
	OPT_VERIFY_DEPTH,
	OPT_CONNECT,
	OPT_SERVERNAME,
	OPT_TIMEOUT,
	OPT_STARTTLS,
	OPT_CLIENT_CERT,
	OPT_CLIENT_KEY,
	OPT_NO_HTTP_PROBE,
	OPT_STAGED,
	OPT_GIT,
	OPT_EXCLUDE,
	OPT_FAIL_ON,
	OPT_JOBS,
	OPT_MAX_KDF_ITERATIONS,
	OPT_FETCH_AIA_ALLOW_PRIVATE,
	OPT_CRIT_DAYS,
	OPT_FROM,
	OPT_CONNECT_EACH
};

/* The commands an option applies to (bits of enum command). */
#define K	(1u << CMD_CHECK)
#define S	(1u << CMD_SHOW)
#define C	(1u << CMD_CONNECT)
#define X	(1u << CMD_EXPLAIN)
#define N	(1u << CMD_SCAN)
#define ALL	(K | S | C | X | N)

/* Every option, once: its name, argument, getopt value and the commands
 * it applies to. Given to any other command it is a usage error, never
 * silently ignored. */
static const struct cli_option {
	const char *name;
	int has_arg;
	int val;
	unsigned cmds;
} cli_options[] = {
	{ "cert",		required_argument, 'c',		  K | S | C },
	{ "key",		required_argument, 'k',		  K | S | C },
	{ "chain",		required_argument, OPT_CHAIN,	  K | S | C },
	{ "ca",			required_argument, OPT_CA,	  K | S | C },
	{ "crl",		required_argument, OPT_CRL,	  K | S | C },
	{ "host",		required_argument, 'H',		  K | C },
	{ "pass",		required_argument, OPT_PASS,	  K | S | C | N },
	{ "no-system-ca",	no_argument,       OPT_NO_SYSTEM_CA, K | C | N },
	{ "at",			required_argument, OPT_AT,	  K | S | C | N },
	{ "warn-days",		required_argument, OPT_WARN_DAYS, K | S | C | N },
	{ "purpose",		required_argument, OPT_PURPOSE,	  K | C },
	{ "format",		required_argument, 'f',		  ALL },
	{ "quiet",		no_argument,       'q',		  ALL },
	{ "color",		required_argument, OPT_COLOR,	  ALL },
	{ "help",		no_argument,       'h',		  ALL },
	{ "version",		no_argument,       'V',		  ALL },
	{ "previous",		required_argument, OPT_PREVIOUS,  K | S | C },
	{ "csr",		required_argument, OPT_CSR,	  K | S | C },
	{ "emit-chain",		required_argument, OPT_EMIT_CHAIN, K | C },
	{ "force",		no_argument,       OPT_FORCE,	  K | C },
	{ "fetch-aia",		no_argument,       OPT_FETCH_AIA, K | C },
	{ "verify-depth",	required_argument, OPT_VERIFY_DEPTH, K | C },
	/* connect names its server as HOST: its own message below. */
	{ "connect",		required_argument, OPT_CONNECT,	  K | C },
	{ "servername",		required_argument, OPT_SERVERNAME, K | C },
	{ "timeout",		required_argument, OPT_TIMEOUT,	  K | C },
	{ "starttls",		required_argument, OPT_STARTTLS,  K | C },
	{ "client-cert",	required_argument, OPT_CLIENT_CERT, K | C },
	{ "client-key",		required_argument, OPT_CLIENT_KEY, K | C },
	{ "no-http-probe",	no_argument,       OPT_NO_HTTP_PROBE, K | C },
	{ "staged",		no_argument,       OPT_STAGED,	  N },
	{ "git",		no_argument,       OPT_GIT,	  N },
	{ "exclude",		required_argument, OPT_EXCLUDE,	  N },
	{ "fail-on",		required_argument, OPT_FAIL_ON,	  N },
	{ "jobs",		required_argument, OPT_JOBS,	  N },
	{ "max-kdf-iterations",	required_argument, OPT_MAX_KDF_ITERATIONS,
	    K | S | C | N },
	{ "fetch-aia-allow-private", no_argument, OPT_FETCH_AIA_ALLOW_PRIVATE,
	    K | C },
	{ "crit-days",		required_argument, OPT_CRIT_DAYS, K | S | C },
	{ "from",		required_argument, OPT_FROM,	  K },
	{ "connect-each",	no_argument,       OPT_CONNECT_EACH, K },
};
#define NOPTIONS	(sizeof(cli_options) / sizeof(cli_options[0]))

#undef K
#undef S
#undef C
#undef X
#undef N
#undef ALL

static const struct {
	const char *name;
	enum command cmd;
} commands[] = {
	{ "check",	CMD_CHECK },
	{ "show",	CMD_SHOW },
	{ "help",	CMD_HELP },
	{ "version",	CMD_VERSION },
	{ "explain",	CMD_EXPLAIN },
	{ "connect",	CMD_CONNECT },
	{ "scan",	CMD_SCAN },
};

void
options_init(struct options *o)
{
	memset(o, 0, sizeof(*o));
	/* certbot renews at 30 days left (twice a day): a healthy lineage
	 * must never reach the warning, and three weeks still leave time
	 * to fix a renewal that keeps failing. */
	o->warn_days = 21;
	o->crit_days = 7;
	o->verify_depth = -1;
	o->timeout = 5;
}

static void
strlist_free(struct strlist *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void
options_free(struct options *o)
{
	strlist_free(&o->inputs);
	strlist_free(&o->certs);
	strlist_free(&o->keys);
	strlist_free(&o->chains);
	strlist_free(&o->cas);
	strlist_free(&o->crls);
	strlist_free(&o->hosts);
	strlist_free(&o->previous);
	strlist_free(&o->csrs);
	strlist_free(&o->excludes);
}

static bool
strlist_push(struct strlist *l, char *s)
{
	if (!array_grow(&l->v, &l->cap, l->n + 1, sizeof(*l->v)))
		return false;
	l->v[l->n++] = s;
	return true;
}

bool
cli_parse_int(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0' || isspace((unsigned char)*s))
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* Reads exactly n digits. */
static bool
digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return false;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return true;
}

bool
cli_parse_time(const char *s, time_t *out)
{
	struct tm tm;
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, se = 0, oh = 0, om = 0, sign = 0;
	long long epoch;
	char *end;
	time_t t;

	if (s == NULL || *s == '\0')
		return false;
	if (*s == '@') {
		if (s[1] == '\0' || isspace((unsigned char)s[1]))
			return false;
		errno = 0;
		epoch = strtoll(s + 1, &end, 10);
		if (errno != 0 || *end != '\0')
			return false;
		*out = (time_t)epoch;
		return true;
	}
	/* RFC 3339: YYYY-MM-DD[(T| )HH:MM:SS[.frac](Z|+HH:MM|-HH:MM)].
	 * A bare date means midnight UTC, which is what people mean by
	 * "the deploy date". */
	if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) ||
	    *p++ != '-' || !digits(&p, 2, &d))
		return false;
	if (*p != '\0') {
		if (*p != 'T' && *p != 't' && *p != ' ')
			return false;
		p++;
		if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi) ||
		    *p++ != ':' || !digits(&p, 2, &se))
			return false;
		if (*p == '.') {
			p++;
			if (!isdigit((unsigned char)*p))
				return false;
			while (isdigit((unsigned char)*p))
				p++;
		}
		if (*p == 'Z' || *p == 'z')
			p++;
		else if (*p == '+' || *p == '-') {
			sign = *p++ == '+' ? 1 : -1;
			if (!digits(&p, 2, &oh) || *p++ != ':' ||
			    !digits(&p, 2, &om) || oh > 23 || om > 59)
				return false;
		} else
			return false;
		if (*p != '\0')
			return false;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    se > 60)
		return false;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	t = timegm(&tm);
	/* timegm normalizes Feb 30 into March: reject such dates. */
	if (tm.tm_mday != d || tm.tm_mon != mo - 1)
		return false;
	*out = t - sign * (oh * 3600 + om * 60);
	return true;
}

static bool
cli_parse_starttls(const char *s, enum starttls *out)
{
	*out = starttls_by_name(s);
	return *out != STARTTLS_NONE;
}

static enum cli_result
usage_error(char *err, size_t errlen, const char *fmt, const char *arg)
{
	snprintf(err, errlen, fmt, arg);
	return CLI_USAGE;
}

#define CLI_AT_MIN	(-62135596800LL)	/* 0001-01-01T00:00:00Z */
#define CLI_AT_MAX	253402300799LL		/* 9999-12-31T23:59:59Z */
static const struct cli_option *
option_of(int val)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (cli_options[i].val == val)
			return &cli_options[i];
	return NULL;
}

static const char *
command_name(enum command cmd)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (commands[i].cmd == cmd)
			return commands[i].name;
	return "?";
}

/* "--emit-chain does not apply to show (only to check and connect)". */
static enum cli_result
not_for(char *err, size_t errlen, const struct cli_option *opt,
    enum command cmd)
{
	size_t len, n = 0, k = 0;

	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (opt->cmds & (1u << commands[i].cmd))
			n++;
	len = (size_t)snprintf(err, errlen, "--%s does not apply to %s "
	    "(only to", opt->name, command_name(cmd));
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]) &&
	    len < errlen; i++)
		if (opt->cmds & (1u << commands[i].cmd))
			len += (size_t)snprintf(err + len, errlen - len, "%s%s",
			    ++k == 1 ? " " : k == n ? " and " : ", ",
			    commands[i].name);
	if (len < errlen)
		snprintf(err + len, errlen - len, ")");
	return CLI_USAGE;
}

enum cli_result
cli_parse(struct options *o, int argc, char **argv, char *err, size_t errlen)
{
	static struct option long_options[NOPTIONS + 1];
	int c, sargc = argc - 1;
	char **sargv = argv + 1;
	long n;

	for (size_t i = 0; i < NOPTIONS; i++)
		long_options[i] = (struct option){ cli_options[i].name,
		    cli_options[i].has_arg, NULL, cli_options[i].val };
	err[0] = '\0';
	if (argc < 2) {
		snprintf(err, errlen, "no command given");
		return CLI_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		o->cmd = CMD_HELP;
		return CLI_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		o->cmd = CMD_VERSION;
		return CLI_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			o->cmd = commands[i].cmd;
	if (o->cmd == CMD_NONE)
		return usage_error(err, errlen, "unknown command '%s'", argv[1]);

	/* Parse the command's own argv (sargv[0] is the command): getopt
	 * permutes, so options may follow file names, as users type them.
	 * optind = 0 makes glibc start afresh, so tests can parse twice. */
	optind = 0;
	opterr = 0;
	/* explain's text is free-form ("curl -k ... failed"): options end
	 * at the first word of it. */
	while ((c = getopt_long(sargc, sargv, o->cmd == CMD_EXPLAIN ?
	    "+:c:k:H:f:qhV" : ":c:k:H:f:qhV", long_options, NULL)) != -1) {
		const struct cli_option *known = option_of(c);
		bool ok = true;

		if (known != NULL && o->cmd != CMD_HELP &&
		    o->cmd != CMD_VERSION && !(known->cmds & (1u << o->cmd)))
			return not_for(err, errlen, known, o->cmd);
		switch (c) {
		case 'c': ok = strlist_push(&o->certs, optarg); break;
		case 'k': ok = strlist_push(&o->keys, optarg); break;
		case OPT_CHAIN: ok = strlist_push(&o->chains, optarg); break;
		case OPT_CA: ok = strlist_push(&o->cas, optarg); break;
		case OPT_CRL: ok = strlist_push(&o->crls, optarg); break;
		case 'H': ok = strlist_push(&o->hosts, optarg); break;
		case OPT_PASS: o->pass_spec = optarg; break;
		case OPT_NO_SYSTEM_CA: o->no_system_ca = true; break;
		case OPT_AT:
			if (!cli_parse_time(optarg, &o->at))
				return usage_error(err, errlen,
				    "--at: '%s' is not an RFC 3339 time "
				    "(2026-01-31T12:00:00Z) or @EPOCH", optarg);
			/* Certificates express the years 0000 to 9999; past
			 * them OpenSSL's and our own comparisons disagree. */
			if (o->at < CLI_AT_MIN || o->at > CLI_AT_MAX)
				return usage_error(err, errlen, "--at: '%s' is "
				    "outside the years 0001 to 9999 that "
				    "certificates can express", optarg);
			o->have_at = true;
			break;
		case OPT_WARN_DAYS:
			if (!cli_parse_int(optarg, 0, 36500, &n))
				return usage_error(err, errlen,
				    "--warn-days: '%s' is not a number of days "
				    "(0-36500)", optarg);
			o->warn_days = (int)n;
			break;
		case OPT_CRIT_DAYS:
			if (!cli_parse_int(optarg, 0, 36500, &n))
				return usage_error(err, errlen,
				    "--crit-days: '%s' is not a number of days "
				    "(0-36500)", optarg);
			o->crit_days = (int)n;
			break;
		case OPT_FROM: o->from = optarg; break;
		case OPT_CONNECT_EACH: o->connect_each = true; break;
		case OPT_PURPOSE:
			if (strcmp(optarg, "server") == 0)
				o->purpose = PURPOSE_SERVER;
			else if (strcmp(optarg, "client") == 0)
				o->purpose = PURPOSE_CLIENT;
			else
				return usage_error(err, errlen,
				    "--purpose: '%s' is not server or client",
				    optarg);
			break;
		case 'f':
			if (strcmp(optarg, "text") == 0)
				o->format = FMT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				o->format = FMT_JSON;
			else if (strcmp(optarg, "nagios") == 0)
				o->format = FMT_NAGIOS;
			else if (strcmp(optarg, "sarif") == 0)
				o->format = FMT_SARIF;
			else if (strcmp(optarg, "prometheus") == 0)
				o->format = FMT_PROMETHEUS;
			else
				return usage_error(err, errlen,
				    "--format: '%s' is not text, json, nagios, "
				    "prometheus or sarif", optarg);
			break;
		case 'q': o->quiet = true; break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") == 0)
				o->color = COLOR_AUTO;
			else if (strcmp(optarg, "never") == 0)
				o->color = COLOR_NEVER;
			else if (strcmp(optarg, "always") == 0)
				o->color = COLOR_ALWAYS;
			else
				return usage_error(err, errlen,
				    "--color: '%s' is not auto, never or always",
				    optarg);
			break;
		case OPT_CONNECT: o->connect = optarg; break;
		case OPT_SERVERNAME: o->servername = optarg; break;
		case OPT_TIMEOUT:
			if (!cli_parse_int(optarg, 1, 600, &n))
				return usage_error(err, errlen,
				    "--timeout: '%s' is not a number of seconds "
				    "(1-600)", optarg);
			o->timeout = (int)n;
			break;
		case OPT_STARTTLS:
			if (!cli_parse_starttls(optarg, &o->starttls))
				return usage_error(err, errlen,
				    "--starttls: '%s' is not " STARTTLS_NAMES,
				    optarg);
			break;
		case OPT_CLIENT_CERT: o->client_cert = optarg; break;
		case OPT_CLIENT_KEY: o->client_key = optarg; break;
		case OPT_NO_HTTP_PROBE: o->no_http_probe = true; break;
		case 'h': o->help = true; break;
		case 'V': o->cmd = CMD_VERSION; break;
		case OPT_PREVIOUS: ok = strlist_push(&o->previous, optarg); break;
		case OPT_CSR: ok = strlist_push(&o->csrs, optarg); break;
		case OPT_EMIT_CHAIN: o->emit_chain = optarg; break;
		case OPT_FORCE: o->force = true; break;
		case OPT_FETCH_AIA: o->fetch_aia = true; break;
		case OPT_VERIFY_DEPTH:
			if (!cli_parse_int(optarg, 0, 100, &n))
				return usage_error(err, errlen,
				    "--verify-depth: '%s' is not a number of "
				    "intermediates (0-100)", optarg);
			o->verify_depth = (int)n;
			break;
		case OPT_STAGED: o->staged = true; break;
		case OPT_GIT: o->git = true; break;
		case OPT_EXCLUDE: ok = strlist_push(&o->excludes, optarg); break;
		case OPT_FAIL_ON:
			if (strcmp(optarg, "warn") == 0)
				o->fail_on = SEV_WARN;
			else if (strcmp(optarg, "fail") == 0)
				o->fail_on = SEV_FAIL;
			else
				return usage_error(err, errlen,
				    "--fail-on: '%s' is not warn or fail",
				    optarg);
			break;
		case OPT_JOBS:
			if (!cli_parse_int(optarg, 1, 64, &n))
				return usage_error(err, errlen,
				    "--jobs: '%s' is not a number of threads "
				    "(1-64)", optarg);
			o->jobs = (int)n;
			break;
		case OPT_MAX_KDF_ITERATIONS:
			if (!cli_parse_int(optarg, 1, LONG_MAX, &n))
				return usage_error(err, errlen,
				    "--max-kdf-iterations: '%s' is not a "
				    "positive number", optarg);
			o->max_kdf_iterations = (unsigned long long)n;
			break;
		case OPT_FETCH_AIA_ALLOW_PRIVATE:
			o->fetch_aia_allow_private = true;
			break;
		case ':':
			return usage_error(err, errlen,
			    "option '%s' needs an argument", sargv[optind - 1]);
		default:
			return usage_error(err, errlen, "unknown option '%s'",
			    sargv[optind - 1]);
		}
		if (!ok)
			return usage_error(err, errlen, "%s", "out of memory");
	}
	for (int i = optind; i < sargc; i++)
		if (!strlist_push(&o->inputs, sargv[i]))
			return usage_error(err, errlen, "%s", "out of memory");
	if (o->help || o->cmd == CMD_HELP || o->cmd == CMD_VERSION)
		return CLI_OK;
	if (o->cmd != CMD_SCAN && o->format == FMT_SARIF)
		return usage_error(err, errlen, "%s",
		    "--format sarif is for scan");
	if (o->format == FMT_PROMETHEUS && o->cmd != CMD_CHECK)
		return usage_error(err, errlen, "%s",
		    "--format prometheus is for check");
	if (o->connect_each && o->connect != NULL)
		return usage_error(err, errlen, "%s", "--connect HOST and "
		    "--connect-each exclude each other");
	if (o->from != NULL && o->inputs.n == 0)
		return usage_error(err, errlen, "--from %s: no path given",
		    o->from);
	if (o->cmd == CMD_SCAN && o->format == FMT_NAGIOS)
		return usage_error(err, errlen, "%s",
		    "scan: --format is text, json or sarif");
	if (o->staged && o->git)
		return usage_error(err, errlen, "%s",
		    "scan: --staged and --git exclude each other");
	if (o->cmd == CMD_EXPLAIN && o->format == FMT_NAGIOS)
		return usage_error(err, errlen, "%s",
		    "explain: --format is text or json");
	if (o->cmd == CMD_CONNECT) {
		/* connect HOST[:PORT] [FILE...]: the same as check with
		 * --connect, minus the need for local files. */
		if (o->connect != NULL)
			return usage_error(err, errlen, "%s", "connect: give "
			    "the server once, as HOST[:PORT]");
		if (o->inputs.n == 0)
			return usage_error(err, errlen, "%s",
			    "connect: no server given (HOST[:PORT])");
		o->connect = o->inputs.v[0];
		memmove(o->inputs.v, o->inputs.v + 1,
		    --o->inputs.n * sizeof(*o->inputs.v));
	}
	/* Live options alone would be silently ignored: say so. */
	if (o->connect == NULL && !o->connect_each && (o->servername != NULL ||
	    o->starttls != STARTTLS_NONE || o->client_cert != NULL ||
	    o->client_key != NULL))
		return usage_error(err, errlen, "%s", "--servername, "
		    "--starttls, --client-cert and --client-key need a server: "
		    "certdiag connect HOST, or check --connect HOST");
	if ((o->cmd == CMD_CHECK || o->cmd == CMD_SHOW) && o->inputs.n == 0 &&
	    o->certs.n == 0 && o->keys.n == 0 && o->chains.n == 0 &&
	    o->cas.n == 0 && o->crls.n == 0)
		return usage_error(err, errlen, "%s: no files given",
		    o->cmd == CMD_CHECK ? "check" : "show");
	return CLI_OK;
}

void
cli_usage(FILE *fp, enum command cmd)
{
	switch (cmd) {
	case CMD_SCAN:
		fputs(
"usage: certdiag scan [options] [PATH...]\n"
"       certdiag scan --staged | --git [options] [PATHSPEC...]\n"
"\n"
"Find every certificate, key, CSR, PKCS#12 and PKCS#7 file under PATH\n"
"(default: the current directory), pair keys with their certificates,\n"
"and check each certificate. One line per problem: path: severity: id:\n"
"message.\n"
"\n"
"      --staged           check what is staged in the git index (a\n"
"                         pre-commit hook): the staged content, not the\n"
"                         work tree\n"
"      --git              check every file git tracks (staged content)\n"
"      --exclude GLOB     leave out matching paths (gitignore syntax;\n"
"                         repeatable); see also .certdiagignore\n"
"      --fail-on LEVEL    warn or fail (default): the least severe finding\n"
"                         that makes the exit status non-zero\n"
"      --warn-days N      warn when a certificate expires within N days (21)\n"
"      --at TIME          evaluate at TIME (RFC 3339 or @EPOCH), not now\n"
"      --no-system-ca     complete chains from the scanned files only\n"
"      --pass SPEC        password for encrypted keys and PKCS#12\n"
"      --max-kdf-iterations N  allow key derivations of up to N iterations\n"
"      --jobs N           threads (default: one per processor)\n"
"  -f, --format FMT       text (default), json or sarif\n"
"  -q, --quiet            print only warnings and failures\n"
"\n"
"Exit status: 0 ok (or only findings below --fail-on), 1 warnings,\n"
"2 failures, 3 could not complete.\n", fp);
		return;
	case CMD_EXPLAIN:
		fputs(
"usage: certdiag explain [-f text|json] [TEXT...]\n"
"\n"
"Explain TLS and certificate error messages pasted from logs: what each\n"
"means, its likely causes, the certdiag command that tells which one\n"
"applies, and the fix. With no TEXT, reads standard input.\n"
"\n"
"Exit status: 0 every message recognized, 3 unknown text.\n", fp);
		return;
	case CMD_SHOW:
		fputs(
"usage: certdiag show [--pass SPEC] [--at TIME] [-f text|json] FILE|DIR...\n"
"\n"
"Print what each file holds: kind, subject, issuer, validity, names, key,\n"
"fingerprints and the extensions that matter.\n"
"\n"
"      --pass SPEC        password of encrypted keys and PKCS#12 files\n"
"      --at TIME          count days left from TIME (RFC 3339 or @EPOCH)\n"
"  -f, --format FMT       text (default) or json\n"
"      --color WHEN       auto (default), never or always\n", fp);
		return;
	case CMD_CHECK:
		fputs(
"usage: certdiag check [options] FILE|DIR...\n"
"       certdiag check --from SOURCE [options] PATH...\n"
"\n"
"Check that a certificate, its key, chain and CA files belong together.\n"
"Positional files are sorted by content: the leaf is the certificate that\n"
"matches a given private key, else the first non-CA certificate.\n"
"A directory is split into deployments by key; a server configuration\n"
"or certbot tree gives one deployment per site. Each deployment gets\n"
"its own verdict; the exit status is the worst.\n"
"\n"
"      --from SOURCE      read PATH as SOURCE: folder, nginx, apache,\n"
"                         haproxy, postfix, dovecot, certbot, k8s\n"
"  -c, --cert FILE        the certificate to check (the leaf)\n"
"  -k, --key FILE         its private key\n"
"      --chain FILE       intermediates served with it (repeatable)\n"
"      --ca FILE|DIR      trust anchor(s), added to the system store\n"
"                         (repeatable; only these with --no-system-ca)\n"
"      --no-system-ca     do not use the system trust store\n"
"      --crl FILE         certificate revocation list (repeatable)\n"
"  -H, --host NAME        a name or IP the certificate must cover (repeatable)\n"
"      --purpose server|client   required key usage (default server)\n"
"      --pass SPEC        password: pass:TEXT env:VAR file:PATH fd:N stdin\n"
"      --max-kdf-iterations N  allow key derivations of up to N iterations\n"
"                         (default 1000000)\n"
"      --at TIME          evaluate at TIME (RFC 3339 or @EPOCH), not now\n"
"      --warn-days N      warn when a certificate expires within N days (21)\n"
"      --crit-days N      nagios: CRITICAL within N days (7)\n"
"      --previous FILE    the certificate this one replaces (renewal checks)\n"
"      --csr FILE         the request it was issued for (CSR checks)\n"
"      --emit-chain FILE  write the repaired chain (leaf, intermediates) to FILE\n"
"      --force            let --emit-chain replace a file given as input\n"
"      --fetch-aia        download missing issuers from their AIA URL\n"
"      --fetch-aia-allow-private  let --fetch-aia reach loopback and\n"
"                         private addresses\n"
"      --verify-depth N   allow at most N intermediates, as a client\n"
"                         with that depth limit would\n"
"  -f, --format FMT       text (default), json, nagios or prometheus\n"
"  -q, --quiet            print only warnings and failures\n"
"      --color WHEN       auto (default), never or always\n"
"      --connect HOST[:PORT]  also check what the server serves (see\n"
"                         'certdiag connect --help' for the live options)\n"
"      --connect-each     connect to each deployment's listen address and\n"
"                         compare what it serves with its files\n"
"\n"
"Exit status: 0 ok, 1 warnings, 2 failures, 3 could not complete.\n", fp);
		return;
	case CMD_CONNECT:
		fputs(
"usage: certdiag connect [options] HOST[:PORT] [FILE|DIR...]\n"
"\n"
"Connect to a TLS server (default port 443), fetch the chain it serves and\n"
"diagnose it as 'check' would, with what the handshake shows: the versions\n"
"and ciphers it accepts, SNI, client certificates. Local files given too\n"
"are compared with what is served. The same as 'check FILES --connect'.\n"
"\n"
"      --servername NAME  server name (SNI) to send; default: the first\n"
"                         --host, else HOST unless it is an address\n"
"      --timeout SECS     bound on connecting and on each handshake (5)\n"
"      --starttls PROTO   upgrade a plain-text session first: smtp (port\n"
"                         25), imap (143), pop3 (110), ftp (21), lmtp\n"
"                         (24), nntp (119), sieve (4190), irc (6667),\n"
"                         xmpp (5222), ldap (389), postgres (5432),\n"
"                         mysql (3306)\n"
"      --client-cert FILE client certificate to present when asked\n"
"      --client-key FILE  its private key (else found in --client-cert)\n"
"      --no-http-probe    send no HTTP request after the handshake (one\n"
"                         GET / names client certificate refusals)\n"
"  -H, --host NAME        a name the certificate must cover (default: the\n"
"                         server name)\n"
"      --emit-chain FILE  write the repaired chain the server should send\n"
"      --force            let --emit-chain replace a file given as input\n"
"      --ca FILE|DIR, --no-system-ca, --crl FILE, --purpose, --pass,\n"
"      --at TIME, --warn-days N, -f FMT, -q, --color   as for 'check'\n"
"\n"
"Exit status: 0 ok, 1 warnings, 2 failures, 3 could not complete.\n", fp);
		return;
	default:
		fputs(
"usage: certdiag COMMAND [options] FILE...\n"
"\n"
"Commands:\n"
"  check    check a certificate, key, chain and CA files together\n"
"  show     print what the files contain\n"
"  explain  explain an error message from a log (TLS, OpenSSL, curl, ...)\n"
"  connect  check what a live TLS server serves (HOST[:PORT])\n"
"  scan     find and check every certificate and key in a tree or git index\n"
"  help     this text; 'certdiag COMMAND --help' for a command's options\n"
"  version  print the version and the OpenSSL library in use\n"
"\n"
"Exit status: 0 ok, 1 warnings, 2 failures, 3 could not complete.\n"
"See certdiag(1) for every option and finding.\n", fp);
	}
}
