/* mod_macro for the Apache reader: a <Macro NAME $a $b> body is kept as
 * text and expanded at each "Use NAME x y" by replacing the parameters
 * in it, as mod_macro does. Debian ships mod_macro, and sites that make
 * every virtual host from one macro are common. */
#ifndef APACHE_MACRO_H
#define APACHE_MACRO_H

#include <stdbool.h>
#include <stddef.h>

#include "deploy/conf_lex.h"

#define MACRO_MAX_LINES	65536	/* lines made by all Use of one source */

struct apache_macro {
	char *name;		/* owned; matched without regard to case */
	char **params;		/* owned; "$a", "%b", "@c" */
	size_t nparams;
	char **body;		/* owned lines, as written */
	size_t nbody, cap;
	char *origin;		/* owned; the <Macro line */
	bool expanding;		/* a Use of it is being read */
};

struct apache_macros {
	struct apache_macro *v;
	size_t n, cap;
};

/* Starts the macro "<Macro NAME $a $b>" (st's words); a macro of the
 * same name is replaced, as mod_macro does. NULL when st names no macro
 * (*err says why) or on ENOMEM (*err NULL). */
struct apache_macro *macro_define(struct apache_macros *,
    const struct conf_stmt *st, const char *origin, const char **err);
bool macro_add_line(struct apache_macro *, const char *text, size_t len);
struct apache_macro *macro_find(const struct apache_macros *,
    const char *name);
/* line with each parameter replaced by its argument (args[i] for
 * params[i]); where two parameters start at one place, the longer wins.
 * New string or NULL (ENOMEM). */
char *macro_subst(const struct apache_macro *, const char *line,
    char *const *args);
void macros_free(struct apache_macros *);

#endif
