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
	char *hint;		/* owned; the concrete fix, or NULL */
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

enum severity findings_worst(const struct findings *);
size_t findings_count(const struct findings *, enum severity);
/* Is there a finding with this id? */
bool findings_has(const struct findings *, const char *id);

#endif
