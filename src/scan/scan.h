/* certdiag scan: walk trees or the git index, load every certificate and
 * key found, pair them, check each certificate, report per file. */
#ifndef SCAN_H
#define SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "certdiag.h"
#include "finding.h"
#include "inventory.h"
#include "options.h"

/* Caps that keep a scan of a hostile or runaway tree bounded. Exceeding
 * one is an error naming the directory, never a silent truncation. */
#define SCAN_MAX_DEPTH		64u		/* directory nesting */
#define SCAN_MAX_FILES		200000u		/* files considered per run */
/* Text files larger than this are not certificate stores; a binary file
 * is skipped after its first SCAN_SNIFF_BYTES unless it looks like DER,
 * gzip or PKCS#12. */
#define SCAN_MAX_TEXT_SIZE	(4u * 1024 * 1024)
#define SCAN_SNIFF_BYTES	4096u
/* --staged reads the other files of a changed file's folder to pair keys
 * and certificates, when the folder holds at most this many. */
#define SCAN_CONTEXT_FOLDER	32u

/* One file to examine: a path in the work tree, or a git blob. */
struct scan_file {
	char *path;		/* owned; shown in reports */
	char *open_path;	/* owned; what to open (NULL: path), fs only */
	char *oid;		/* owned; git object id, NULL for fs files */
	bool context;		/* loaded to pair and chain, not reported */
	/* fs files the walk reached through a symbolic link it checked:
	 * the file it checked, so that a link swapped before the open is
	 * noticed. Other fs files are opened without following a link. */
	bool link;
	dev_t dev;
	ino_t ino;
};

struct scan_list {
	struct scan_file *v;
	size_t n, cap;
};

void scan_list_init(struct scan_list *);
void scan_list_free(struct scan_list *);
/* Copies the strings (open_path and oid may be NULL). false on ENOMEM. */
bool scan_list_add(struct scan_list *, const char *path,
    const char *open_path, const char *oid, bool context);

/* Whether any origin of o is a file the scan reports on (not one read
 * only as context). */
bool scan_reported(const struct object *);

/* Moves the findings of src to dst, in order, those with keep[i] only
 * (all when keep is NULL); src is left empty. What a scan keeps is
 * scan_policy.h's. */
void scan_findings_move(struct findings *dst, struct findings *src,
    const bool *keep);

/* What a scan found: every object loaded and every finding, sorted by
 * file; owned by the caller after scan_run. */
struct scan_result {
	struct inventory inv;
	struct findings fs;
	size_t files;		/* files examined (not read only as context) */
};

/* Lists, loads, checks and pairs what opt names. now is the one clock
 * reading of the run; sys the system trust store's locations (NULL:
 * none). Errors are findings (scan-error). */
struct trust_paths;
void scan_run(const struct options *opt, time_t now,
    const struct trust_paths *sys, struct scan_result *);
void scan_result_free(struct scan_result *);

#endif
