/* What a scan keeps of the findings the loaders and checks make: one
 * decision per finding (keep, drop, soften), in one place. --fail-on is
 * the command's (cmd_scan.c). */
#ifndef SCAN_POLICY_H
#define SCAN_POLICY_H

#include <stdbool.h>

#include "finding.h"

enum scan_verdict {
	SCAN_KEEP,
	SCAN_DROP,
	SCAN_SOFTEN	/* an error becomes a scan-unreadable warning */
};

/* What the policy knows besides the finding. */
struct scan_facts {
	enum { SCAN_STAGE_LOAD, SCAN_STAGE_CHECK } stage;
	const char *path;	/* load: the file (messages name it) */
	bool not_ours;		/* load: binary that only looked like DER or
				 * gzip and held nothing */
	bool staged;		/* check: --staged (few files read) */
	/* check: whether another certificate's checks already told this
	 * finding (records it otherwise); NULL: never. */
	bool (*told)(const struct finding *, void *);
	void *told_arg;
	/* check: the files of the scan, to tell certbot's retired
	 * versions (scan_certbot.h); NULL: none is. */
	const struct scan_list *files;
};

enum scan_verdict scan_policy(const struct finding *,
    const struct scan_facts *);

/* Moves src's findings to dst as scan_policy() decides; src is left
 * empty. */
void scan_policy_move(struct findings *dst, struct findings *src,
    const struct scan_facts *);

#endif
