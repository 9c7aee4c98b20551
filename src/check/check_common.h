/* Selections and wording shared by the check modules, so that every
 * check names certificates and files the same way. */
#ifndef CHECK_COMMON_H
#define CHECK_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include "inventory.h"

/* A served intermediate (or any other certificate the server would send
 * along with the leaf): not the leaf, not a trust anchor. */
bool check_is_chain_cert(const struct inventory *, const struct object *);

/* "certificate CN=example.com", "intermediate CN=R3", "root CN=X":
 * what a message calls the certificate. malloc'd, never NULL unless
 * ENOMEM. */
char *check_cert_label(const struct inventory *, const struct object *);

/* The file an object came from, or `fallback` when it has none (a buffer,
 * or a certificate received from a server). */
const char *check_path(const struct object *, const char *fallback);

#endif
