/* Renderers: read the inventory and findings, print, judge nothing. */
#ifndef REPORT_H
#define REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "inventory.h"
#include "finding.h"
#include "options.h"

struct report_ctx {
	const struct options *opt;
	time_t now;
	bool color;		/* decided once by main: tty, NO_COLOR, --color */
};

void report_text(FILE *, const struct inventory *, const struct findings *,
    const struct report_ctx *);
void report_json(FILE *, const struct inventory *, const struct findings *,
    const struct report_ctx *);
void report_nagios(FILE *, const struct inventory *, const struct findings *,
    const struct report_ctx *);
/* `certdiag show`: what was loaded, in detail. */
void report_show(FILE *, const struct inventory *, const struct findings *,
    const struct report_ctx *);

#endif
