/* `certdiag explain`: match error texts pasted from logs against the
 * knowledge base (explain_kb.c) and say what they mean. */
#ifndef EXPLAIN_H
#define EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Text read from standard input is capped: pasted log excerpts are small,
 * and a runaway pipe must not be read without bound. */
#define EXPLAIN_MAX_INPUT	(1024u * 1024)

#define KB_MAX_PATTERNS	48
#define KB_MAX_CAUSES	6
/* verify_code of the entry that covers every OpenSSL verify error the
 * knowledge base has no entry of its own for. */
#define KB_ANY_VERIFY_CODE	(-1)

/* How much a message says by itself. Only the most detailed messages in
 * a text are explained: curl's "(60)" or "certificate verify failed"
 * wrap a reason that, when it was pasted too, says more. */
enum kb_detail {
	DETAIL_REASON = 0,	/* names the actual problem */
	DETAIL_SUMMARY,		/* "verification failed", reason elsewhere */
	DETAIL_WRAPPER		/* a tool's error code around the message */
};

/* A clue elsewhere in the paste that changes which cause comes first:
 * "SSL_accept" in the log means our side is the server. */
#define KB_MAX_QUALIFIERS	10
struct kb_qualifier {
	const char *pattern;	/* like kb_entry patterns */
	const char *cause;	/* put first when pattern is found */
	const char *clue;	/* why, as shown to the reader */
};

struct kb_entry {
	const char *id;		/* public: lowercase-hyphenated, stable */
	enum kb_detail detail;
	/* X509_V_ERR_* code (matched as "verify error:num=N", "error N at
	 * D depth lookup", "Verify return code: N" and by OpenSSL's own
	 * text for it), 0 for none, or KB_ANY_VERIFY_CODE. */
	int verify_code;
	/* Case-insensitive substrings; '*' stands for any run of
	 * characters within one line. NULL-terminated. */
	const char *patterns[KB_MAX_PATTERNS];
	const char *title;
	const char *causes[KB_MAX_CAUSES];	/* most likely first */
	/* First qualifier found anywhere in the text wins. */
	struct kb_qualifier qualifiers[KB_MAX_QUALIFIERS];
	const char *confirm;	/* the certdiag command that tells which */
	const char *fix;
};

extern const struct kb_entry explain_kb[];
extern const size_t explain_kb_count;

/* What a paste names that the confirm command can use (explain_fill.c):
 * the host it connected to and the first certificate, key or keystore
 * file. Empty strings when none. */
enum paste_file_kind { PASTE_FILE_CERT = 0, PASTE_FILE_KEY, PASTE_FILE_P12 };
struct paste_values {
	char host[254];
	char port[6];
	char file[1025];
	enum paste_file_kind file_kind;
};

void paste_values_find(const char *text, size_t len, struct paste_values *);
/* The entry's confirm command with its placeholders ("example.com",
 * "cert.pem", "FILE", ...) replaced by the values found, each
 * shell-quoted. Malloc'd; NULL on ENOMEM. */
char *confirm_fill(const char *confirm, const struct paste_values *);

struct explanation {
	const struct kb_entry *entry;	/* borrowed from explain_kb */
	char *confirm;		/* owned: entry->confirm, filled in */
	int verify_code;	/* the code seen, for the catch-all entry */
	char *title;		/* owned */
	char *matched;		/* owned: the text as it appeared */
	size_t offset;		/* where in the input it was found */
	/* Borrowed from the entry: the qualifier whose clue was found, or
	 * NULL when the causes keep their static order. */
	const struct kb_qualifier *qualifier;
};

struct explanations {
	struct explanation *v;
	size_t n, cap;
	/* Lines that look like error messages but matched nothing. */
	char **unrecognized;	/* owned strings */
	size_t nunrecognized, capunrecognized;
};

void explanations_init(struct explanations *);
void explanations_free(struct explanations *);

/* Explains every distinct message in text (len bytes, need not be
 * NUL-terminated), one explanation per knowledge-base entry, in order of
 * appearance. Returns false on ENOMEM. */
bool explain_text(const char *text, size_t len, struct explanations *);

/* True when something was explained; error-looking lines left over are
 * listed in unrecognized but do not make the explanation incomplete. */
bool explanations_complete(const struct explanations *);

/* Reads all of fp into a malloc'd buffer of at most max bytes. Returns
 * NULL with *too_big set when the input is larger, or NULL on a read
 * error or ENOMEM. */
char *explain_read(FILE *fp, size_t max, size_t *len, bool *too_big);

/* Renderers (report_explain.c). */
void report_explain_text(FILE *, const struct explanations *);
/* Returns false on ENOMEM. */
bool report_explain_json(FILE *, const struct explanations *);

#endif
