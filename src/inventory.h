/* The inventory owns every object loaded, and where each came from. */
#ifndef INVENTORY_H
#define INVENTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <openssl/x509.h>
#include <openssl/evp.h>

#include "certdiag.h"

enum objkind {
	OBJ_CERT,
	OBJ_KEY,		/* private key */
	OBJ_PUBKEY,
	OBJ_CSR,
	OBJ_CRL
};

/* One input file (or a named buffer: git blob, stdin, live server). */
struct source {
	char *path;		/* owned; as given by the user */
	bool have_mode;		/* false for buffers that are not files */
	mode_t mode;		/* st_mode, for key-file-permissions */
	bool key_group;		/* its group is root or ssl-cert: Debian's
				 * convention for keys (0640 root:ssl-cert) */
	bool gzipped;
	enum role role;
	bool context;		/* scan: read to pair and chain, not reported */
};

struct object {
	enum objkind kind;
	enum role role;		/* from the source, refined by inventory_sort */
	X509 *x509;		/* owned; OBJ_CERT */
	EVP_PKEY *pkey;		/* owned; OBJ_KEY, OBJ_PUBKEY */
	X509_REQ *req;		/* owned; OBJ_CSR */
	X509_CRL *crl;		/* owned; OBJ_CRL */
	const struct source *src;	/* borrowed from the inventory */
	size_t index;		/* 0-based position within the source */
	size_t line;		/* 1-based line of its PEM block, or 0 */
	const char *container;	/* static: "PEM", "DER", "PKCS#12", "PKCS#7" */
	bool encrypted;		/* key was password-protected in its file */
	bool trusted;		/* CERT from --ca: a trust anchor */
	unsigned char sha256[32];	/* DER fingerprint: certs, CSRs, CRLs, keys' SPKI */
	unsigned char spki_sha256[32];	/* public key hash: certs, keys, CSRs */
	bool have_spki;
	/* Further places the same object was found (same sha256). */
	const struct source **also;	/* owned array, borrowed entries */
	size_t *also_index;
	size_t nalso;
};

struct inventory {
	struct source **srcs;
	size_t nsrcs, capsrcs;
	struct object **objs;
	size_t nobjs, capobjs;
	struct object **index;	/* hash of (kind, sha256) for de-duplication */
	size_t capindex;
	/* Set by inventory_sort(); borrowed. */
	struct object *leaf;
	struct object *key;
	/* Set by live_run(): the chain a server sent, leaf first, exactly
	 * as sent; borrowed. A served certificate the local files also hold
	 * is the local object (its `also` names the server). nserved == 0:
	 * nothing was served. With no local leaf, leaf == served[0]. */
	struct object **served;
	size_t nserved;
};

void inventory_init(struct inventory *);
void inventory_free(struct inventory *);

/* Registers a source; the inventory copies path. Returns NULL on ENOMEM. */
struct source *inventory_add_source(struct inventory *, const char *path,
    enum role);

/* Forgets the most recently added source when nothing was loaded from
 * it (a file skipped as not certificate material). */
void inventory_drop_source(struct inventory *, struct source *);

/* Takes ownership of exactly one of x509/pkey/req/crl (the one matching
 * kind). Computes fingerprints. A duplicate (same kind and sha256) is
 * freed and the existing object returned, with this origin recorded in
 * its `also` list; a trust-anchor role wins over others. NULL on ENOMEM
 * (the object is freed). */
struct object *inventory_add(struct inventory *, enum objkind,
    void *ossl_obj, const struct source *, size_t index,
    const char *container, bool encrypted);

/* Moves every source and object of `from` into inv, leaving `from`
 * empty: an object inv already holds absorbs the newcomer's origins into
 * its `also` list (as inventory_add does), and remap (may be NULL) is
 * told (old, kept) before old is freed, so borrowed pointers can follow.
 * Lets threads load into private inventories that are merged in a fixed
 * order. false on ENOMEM (some origins may then be missing). */
bool inventory_adopt(struct inventory *inv, struct inventory *from,
    void (*remap)(void *arg, const struct object *old, struct object *kept),
    void *arg);

/* Decides the leaf and the key: --cert wins; else the certificate whose
 * public key matches a loaded private key; else the first non-CA
 * certificate. Certificates with ROLE_AUTO that are not the leaf become
 * ROLE_CHAIN. What --previous brought (ROLE_PREVIOUS) is never taken for
 * the leaf, the key or the chain. */
void inventory_sort(struct inventory *);

/* Queries. */
bool object_is_ca(const struct object *);	/* basicConstraints CA:TRUE */
bool object_is_self_issued(const struct object *);
struct object *inventory_key_for_spki(const struct inventory *,
    const unsigned char spki_sha256[32]);
size_t inventory_count(const struct inventory *, enum objkind);

/* Live server: is o among the certificates it served, and is the leaf
 * under test the one it served (so its chain is exactly the served one)? */
bool inventory_is_served(const struct inventory *, const struct object *);
bool inventory_leaf_is_served(const struct inventory *);

#endif
