/* Tokenizers for configuration files. Two shapes cover the servers
 * certdiag reads:
 *  - nginx's "directive args;" statements and "name args { ... }"
 *    blocks, with "..." and '...' quoting, backslash escapes and #
 *    comments (conf_lex_next);
 *  - one directive a line (Apache, HAProxy, Postfix, Dovecot): physical
 *    lines (conf_line_next) split into words (conf_split).
 * Line numbers are counted from 1. */
#ifndef CONF_LEX_H
#define CONF_LEX_H

#include <stdbool.h>
#include <stddef.h>

#define CONF_MAX_ARGS	256	/* words in one statement */

enum conf_kind {
	CONF_EOF = 0,
	CONF_DIRECTIVE,		/* words ended by ';' */
	CONF_BLOCK,		/* words ended by '{' */
	CONF_CLOSE,		/* '}' */
	CONF_ERROR		/* err holds the reason; line where found */
};

struct conf_stmt {
	enum conf_kind kind;
	char **argv;		/* owned words, unquoted */
	size_t argc, cap;
	unsigned line;		/* line of the first word */
	char err[96];
};

struct conf_lex {
	const char *p, *end;
	unsigned line;
};

void conf_lex_init(struct conf_lex *, const char *buf, size_t len);
/* The next nginx-style statement into st (its previous words freed). */
enum conf_kind conf_lex_next(struct conf_lex *, struct conf_stmt *);
void conf_stmt_clear(struct conf_stmt *);
void conf_stmt_free(struct conf_stmt *);

/* The next physical line (without its newline); false at the end. */
bool conf_line_next(struct conf_lex *, const char **line, size_t *len,
    unsigned *lineno);

/* Splits line into st's words: white space separates, "..." and '...'
 * quote, a backslash takes the next character as it is, and '#' at the
 * start of a word ends the line. false (err set) on an unterminated
 * quote or too many words. */
bool conf_split(const char *line, size_t len, struct conf_stmt *);

#endif
