/* Findings: what checks and loaders say. Reports only read them. */
#ifndef FINDING_H
#define FINDING_H

#include <stdbool.h>
#include <stddef.h>
#include "certdiag.h"

struct object;

struct finding {
	const char *id;		/* static; public: documented in certdiag.1 */
	enum severity sev;
	const struct object *about;	/* borrowed; may be NULL */
	char *file;		/* owned; set from `about` or given */
	char *message;		/* owned; one line, no trailing period */
	char *hint;		/* owned; the fix in words (its summary), or NULL */
	char **fix;		/* owned; commands that carry out the fix, each
				 * one shell line with every value quoted */
	size_t nfix;
};

struct findings {
	struct finding *v;
	size_t n, cap;
};

void findings_init(struct findings *);
void findings_free(struct findings *);

/* Appends a finding; message is printf-style. Returns the new finding
 * (valid until the next add) or NULL on ENOMEM. */
struct finding *finding_add(struct findings *, const char *id,
    enum severity, const struct object *about, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* For findings that concern a file rather than an object (load errors). */
struct finding *finding_add_file(struct findings *, const char *id,
    enum severity, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Sets the fix hint of f (printf-style). */
void finding_hint(struct finding *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Appends a command to the fix of f: words (each shell-quoted) and the
 * operators of shquote.h, NULL terminated. Messages and hints never
 * paste a value into a command: this does. */
void finding_fix(struct finding *f, const char *word, ...)
    __attribute__((sentinel));
/* Same, from an array of n words. */
void finding_fixv(struct finding *f, const char *const *words, int n);

/* The hint and commands as one line, "summary: cmd1; cmd2" (the JSON
 * `hint` key and single-line formats). Malloc'd; NULL when no hint. */
char *finding_fix_line(const struct finding *);

/* Ownership of every owned field moved elsewhere: forget them. */
void finding_disown(struct finding *);

enum severity findings_worst(const struct findings *);
size_t findings_count(const struct findings *, enum severity);
/* Is there a finding with this id? */
bool findings_has(const struct findings *, const char *id);

#endif
