/* Shared vocabulary: exit codes, severities, roles. */
#ifndef CERTDIAG_H
#define CERTDIAG_H

/* Nagios-plugin compatible; documented in EXIT STATUS of certdiag.1. */
enum exit_status {
	EXIT_OK = 0,
	EXIT_WARN = 1,
	EXIT_FAIL = 2,
	EXIT_INCOMPLETE = 3	/* usage, unreadable input, wrong password */
};

/* Ordered: a larger value is worse. SEV_PASS marks a check that ran and
 * found nothing; text output shows it, JSON omits it. */
enum severity {
	SEV_PASS = 0,
	SEV_INFO,
	SEV_WARN,
	SEV_FAIL,
	SEV_ERROR		/* could not complete: load errors, usage */
};

const char *severity_name(enum severity);	/* "pass" "info" "warn" "fail" "error" */
enum exit_status severity_exit(enum severity worst);

/* Why an object was given to us: decides how checks treat it. */
enum role {
	ROLE_AUTO = 0,		/* positional argument: sorted by content */
	ROLE_CERT,		/* --cert: the leaf */
	ROLE_KEY,		/* --key */
	ROLE_CHAIN,		/* --chain: served intermediates */
	ROLE_CA,		/* --ca: trust anchor */
	ROLE_CRL,		/* --crl */
	ROLE_CSR,		/* --csr */
	ROLE_PREVIOUS,		/* --previous: the certificate being replaced */
	ROLE_SERVED,		/* received from a live server */
	ROLE_FETCHED		/* downloaded from an AIA caIssuers URL */
};

enum purpose {
	PURPOSE_SERVER = 0,
	PURPOSE_CLIENT
};

#endif
