/* Quoting for anything pasted into a shell: every value in a printed
 * command goes through sh_quote, so a file name or a SAN such as
 * `$(touch /tmp/x)` stays one inert word. */
#ifndef SHQUOTE_H
#define SHQUOTE_H

#include <stdbool.h>

/* Operators for sh_command: compared by address, so no value (however
 * hostile) can be mistaken for one. */
extern const char SH_PIPE[];	/* | */
extern const char SH_TO[];	/* > */
extern const char SH_APPEND[];	/* >> */
extern const char SH_AND[];	/* && */

/* The word as the shell must see it: unchanged when it holds only
 * characters that are never special ([A-Za-z0-9_./:=@%+,-], not empty,
 * not starting with '~' or '='), else in single quotes with each ' as
 * '\''. A newline stays inside the quotes. Malloc'd; NULL on ENOMEM. */
char *sh_quote(const char *word);

/* A file name as an argument of a command that parses options: "./-x"
 * for a relative name starting with '-'. Malloc'd. */
char *sh_path(const char *path);

/* A command line from words (each quoted) and operators, NULL
 * terminated. Malloc'd; NULL on ENOMEM. */
char *sh_command(const char *word, ...) __attribute__((sentinel));
char *sh_commandv(const char *const *words, int n);

#endif
