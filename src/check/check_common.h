/* Selections and wording shared by the check modules, so that every
 * check names certificates and files the same way. */
#ifndef CHECK_COMMON_H
#define CHECK_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"
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

/* "subjectAltName=DNS:a,IP:192.0.2.1" for `openssl req -addext`: the
 * names (a certificate's, so a reissue keeps them) and `extra` when not
 * among them and not NULL. Malloc'd. */
char *check_san_addext(char *const *names, const char *extra);

/* Appends the command that makes a request for the leaf's names with the
 * key the server uses (key.pem when unknown), with more -addext values
 * (NULL terminated). */
void check_fix_request(struct finding *, const struct inventory *,
    const char *subject, const char *san, ...)
    __attribute__((sentinel));

/* Appends the commands that re-sign a self-issued certificate o with the
 * key given (SHA-256, a year) and put it in o's place. */
void check_fix_resign(struct finding *, const struct inventory *,
    const struct object *o);

/* The same as check_fix_request with a key file of its own. */
void check_fix_request_key(struct finding *, const char *key,
    const char *subject, const char *san, const char *out);

#endif
