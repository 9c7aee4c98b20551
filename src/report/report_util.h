/* What every renderer needs to say about objects and findings: names of
 * kinds and roles, titles, dates, names on a CSR, the order of sections.
 * Describes only; never judges. Returned char * are malloc'd. */
#ifndef REPORT_UTIL_H
#define REPORT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>
#include <openssl/x509.h>

#include "describe.h"
#include "finding.h"
#include "inventory.h"

/* Public words (JSON values, documented in certdiag.1). */
const char *kind_word(enum objkind);	/* "certificate", "private-key", ... */
const char *role_word(const struct inventory *, const struct object *);
const char *status_word(enum severity worst);	/* "ok" "warn" "fail" "error" */

/* Titles, places and joined names below come sanitised for text. */
/* A short title: a certificate's CN (else its subject, else its first
 * name), a CRL's issuer CN, else the file name. */
char *object_title(const struct object *);
/* "leaf.pem", or "bundle.pem #3" when the file holds several objects. */
char *object_place(const struct object *);

bool cert_validity(const X509 *, time_t *not_before, time_t *not_after);
bool crl_updates(const X509_CRL *, time_t *last, bool *have_next,
    time_t *next);

/* "a, b, c"; "" for none. */
char *names_join(char *const *names);

/* Where each object stands in report order, found in O(log n): reports
 * of a scan hold tens of thousands of objects and findings. */
struct object_order {
	const struct object **v;	/* report order; owned array */
	size_t n;
	struct order_entry {
		const struct object *o;
		size_t pos;
	} *by_ptr;			/* sorted by address; owned */
};

bool object_order_init(struct object_order *, const struct inventory *);
/* Position of o in report order, or -1 when the inventory lacks it. */
long object_order_pos(const struct object_order *, const struct object *);
void object_order_free(struct object_order *);

/* Findings grouped by object in report order (positions 0..n-1), then
 * those about no listed object (position n); production order within a
 * group. Returns a malloc'd array of fs->n pointers; group_of, when not
 * NULL, receives a malloc'd array of each one's position. */
const struct finding **findings_by_object(const struct findings *,
    const struct object_order *, size_t **group_of);

/* Findings worst first, stable (the list itself is const here). */
const struct finding **findings_by_severity(const struct findings *);

/* "x.pem: message" for findings about a file rather than an object
 * (messages never name their file), else the message; sanitised. */
char *finding_text(const struct finding *);

/* "    fix: summary" and a "    fix: $ command" line per command, for
 * warnings and failures with a fix; values sanitised. */
void print_fix(FILE *, const struct finding *);

/* Replaces control characters (and `bad`, when not NUL) with spaces in
 * place, so one record stays one line. */
void one_line(char *, char bad);

#endif
