/* The commands: one home each (cmd_<name>.c). Each takes the parsed
 * command line (opt->at is the run's one clock reading), prints its
 * report and returns the exit status; only main exits. */
#ifndef COMMANDS_H
#define COMMANDS_H

#include <stdbool.h>
#include "options.h"

int cmd_check(const struct options *);	/* check, show, connect */
int cmd_scan(const struct options *);
int cmd_explain(const struct options *);

#endif
