/* The one sanitiser: every string that came from a file or a server
 * (subjects, SANs, file names, OpenSSL and server text) passes here
 * before a renderer prints it. */
#ifndef SANITIZE_H
#define SANITIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* For text, Nagios and line outputs: C0 and DEL as \n, \t, \r or \xNN;
 * C1 controls, BiDi overrides and isolates as \uNNNN; bytes that are not
 * UTF-8 as \xNN. The result is one line, safe for a terminal.
 * Malloc'd; NULL only for NULL or ENOMEM. */
char *clean_text(const char *);
/* clean_text, written to fp. */
void put_text(FILE *, const char *);

/* For a JSON or SARIF document as serialised: every byte that is not
 * part of valid UTF-8 becomes the text \xNN (outside a string no such
 * byte occurs: the structure is ASCII). Malloc'd. */
char *clean_json_doc(const char *);


/* Does the locale (LC_ALL, else LC_CTYPE, else LANG) use UTF-8? Unset
 * counts as yes; "C", "POSIX" or another charset as no. */
bool locale_utf8(void);

/* Length of the valid UTF-8 sequence at s and its code point, or 0. */
size_t utf8_seq(const unsigned char *s, unsigned long *cp);

#endif
