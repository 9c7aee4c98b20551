/* The trust store as OpenSSL finds it: the --ca certificates, plus (unless
 * --no-system-ca) the system's hashed directory and bundle file, each
 * from SSL_CERT_DIR / SSL_CERT_FILE or the platform default. Built by the
 * command before any check runs; checks only read it. */
#ifndef TRUST_STORE_H
#define TRUST_STORE_H

#include <pthread.h>
#include <stdbool.h>
#include <openssl/x509_vfy.h>

#include "chain.h"
#include "inventory.h"

/* Where the system store lives; NULL members are not used. */
struct trust_paths {
	const char *file;	/* bundle of PEM certificates */
	const char *dir;	/* hashed directory (or a ':' list) */
};

struct trust_store {
	X509_STORE *store;	/* owned */
	char *file;		/* owned; the system bundle, or NULL */
	char *dir;		/* owned; the system directory, or NULL */
	/* The bundle is parsed (hundreds of certificates) only when a path
	 * does not verify without it; the directory is read on demand. */
	bool file_read;
	bool file_loaded;	/* it was read and added certificates */
	pthread_mutex_t lock;	/* guards file_read: scan's threads share */
};

/* The system store's locations from the environment (SSL_CERT_FILE,
 * SSL_CERT_DIR) or OpenSSL's compiled-in defaults. Command layer only:
 * it reads the environment. */
void trust_paths_from_env(struct trust_paths *);

/* Every trusted certificate of inv (ROLE_CA) as an anchor, plus the
 * system locations when sys is not NULL. 0, or -1 on ENOMEM. */
int trust_store_init(struct trust_store *, const struct inventory *,
    const struct trust_paths *sys);
void trust_store_free(struct trust_store *);

/* Where the anchor of r's path came from, for the reports: "ca" (--ca),
 * "file" (the system bundle), "dir" (the system directory), or NULL when
 * the path does not end at an anchor. *where gets the bundle or directory
 * (NULL for "ca"). A store anchor counts as the bundle's when the bundle
 * was read: it is read only when the path did not verify without it. */
const char *trust_store_anchor_from(const struct trust_store *,
    const struct chain_result *r, const char **where);

/* chain_build() for inv->leaf against the store; when the path does not
 * verify and the system bundle is unread, reads it and builds again.
 * r is freed first when it holds a path. 0, or -1 on ENOMEM. */
int trust_store_chain(struct trust_store *, const struct inventory *,
    const struct chain_opts *, struct chain_result *r);

#endif
