/* Passwords for encrypted keys and PKCS#12, resolved once, on demand,
 * and wiped. Never printed. */
#ifndef PASS_H
#define PASS_H

#include <stdbool.h>
#include <stddef.h>

struct pass {
	const char *spec;	/* --pass as given, or NULL */
	bool resolved;
	bool failed;		/* spec could not be read; error already set */
	char *buf;		/* owned, NUL-terminated, cleansed on free */
	size_t len;
	char err[256];		/* why resolution failed (never the secret) */
};

void pass_init(struct pass *, const char *spec);
/* Resolves the spec (pass:, env:, file:, fd:, stdin) on first call; with
 * no spec, prompts only when stdin is a terminal. Returns the password,
 * or NULL when none is available (then p->err says why, if it failed). */
const char *pass_get(struct pass *, const char *prompt_for);
void pass_free(struct pass *);

#endif
