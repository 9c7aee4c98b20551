/* Command-line parsing: argv -> struct options. Never exits. */
#ifndef CLI_H
#define CLI_H

#include <stdio.h>
#include "options.h"

enum cli_result {
	CLI_OK = 0,
	CLI_USAGE		/* err holds the reason */
};

void options_init(struct options *);
void options_free(struct options *);
enum cli_result cli_parse(struct options *, int argc, char **argv,
    char *err, size_t errlen);
void cli_usage(FILE *, enum command);

/* Strict parsers, exposed for unit tests. */
bool cli_parse_time(const char *, time_t *);	/* RFC 3339 or @EPOCH */
bool cli_parse_int(const char *, long min, long max, long *);

#endif
