/* What every configuration reader needs besides a tokenizer: files read
 * whole within a size cap, include patterns expanded within caps, paths
 * resolved against a base directory, "FILE:LINE" origins. The caps bound
 * what a hostile or looping configuration can cost; they are listed in
 * LIMITS of certdiag.1. */
#ifndef CONF_FILE_H
#define CONF_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"

#define CONF_MAX_BYTES	(4u << 20)	/* one configuration file */
#define CONF_MAX_DEPTH	16		/* includes within includes */
#define CONF_MAX_FILES	4096		/* files read for one source */
#define CONF_MAX_GLOB	4096		/* files one include pattern names */
#define CONF_MAX_PATHS	16384		/* paths all include patterns name */
#define CONF_MAX_TOTAL	(16u << 20)	/* bytes read for one source */
#define CONF_MAX_NEST	64		/* blocks within blocks */
#define CONF_MAX_EXPAND	32		/* $var within $var (Postfix) */

/* One source read: where findings go and how much has been spent. */
struct conf_src {
	const char *what;	/* "nginx": prefixes messages */
	struct findings *fs;	/* borrowed */
	size_t nfiles;		/* files read so far */
	size_t npaths;		/* paths include patterns named so far */
	size_t nbytes;		/* bytes read so far */
	bool limited;		/* a source-limit finding was made */
	bool spent;		/* a budget of the whole source is spent
				 * (files, paths, bytes): includes stop */
	const char *chain[CONF_MAX_DEPTH + 2];	/* borrowed; files being
					 * read, the main one first */
	size_t nchain;
};

/* Before reading path as an include: false (a source-limit finding
 * made) when path is already being read, an include of itself that
 * would never end; else it is pushed. conf_leave pops it. */
bool conf_enter(struct conf_src *, const char *path, const char *origin);
void conf_leave(struct conf_src *);

/* Reports a bound met (source-limit, at origin), once per source: a
 * configuration that includes itself twice would otherwise say it
 * thousands of times. */
void conf_limit(struct conf_src *, const char *origin, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reads path whole into a NUL-terminated buffer (free it). On failure
 * adds a finding at origin (or at path when origin is NULL):
 * source-unreadable (also for a file holding NUL bytes: a binary that a
 * directory include swept in is no configuration), or source-limit past
 * CONF_MAX_BYTES/CONF_MAX_FILES/CONF_MAX_TOTAL, and returns NULL. */
char *conf_read(struct conf_src *, const char *path, const char *origin,
    size_t *len);

/* Does s hold glob(3) metacharacters? */
bool conf_is_glob(const char *s);

/* The files pattern names, sorted: the pattern itself when it is no
 * glob, else its matches (no match is no error). Directories are
 * returned as they are; callers decide. Returns the count, or -1 after
 * a source-limit finding at origin (more than CONF_MAX_GLOB matches, or
 * more than CONF_MAX_PATHS for the whole source: an include of "/" that
 * recurses into every directory must end early).
 * Free with conf_strv_free. */
long conf_glob(struct conf_src *, const char *pattern, const char *origin,
    char ***out);
void conf_strv_free(char **, size_t);

/* path when absolute, else dir/path. Returns a new string or NULL. */
char *conf_resolve(const char *dir, const char *path);
/* The directory part of path ("." when none). New string or NULL. */
char *conf_dirname(const char *path);
/* "file:line". New string or NULL. */
char *conf_origin(const char *file, unsigned line);
bool conf_is_dir(const char *path);
bool conf_exists(const char *path);

#endif
