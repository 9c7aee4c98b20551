/* Loading: files -> bytes -> sniffed format -> objects in the inventory.
 * Loaders judge nothing; problems reading input become SEV_ERROR findings
 * (and pkcs12-legacy, a warning) naming the file. */
#ifndef LOAD_H
#define LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include "inventory.h"
#include "finding.h"
#include "pass.h"

/* Caps that keep hostile input bounded; each has a test. */
#define LOAD_MAX_FILE_SIZE	(16u * 1024 * 1024)	/* bytes read from disk */
#define LOAD_MAX_GUNZIP_SIZE	(16u * 1024 * 1024)	/* bytes after gunzip */
#define LOAD_MAX_GUNZIP_RATIO	1000u			/* output / input */
#define LOAD_MAX_OBJECTS	10000u			/* objects per file */

struct load_ctx {
	struct pass *pass;	/* borrowed; asked only when a file needs it */
	bool scan;		/* scan mode: tolerate locked PKCS#12 (info) */
	unsigned long long max_kdf_work;	/* per derivation; 0: default */
};

/* A file, or every regular file in a directory (not recursive).
 * Returns the number of objects added, or -1 after adding an error
 * finding. */
int load_path(struct inventory *, struct findings *, struct load_ctx *,
    const char *path, enum role);

/* One file of a directory: a file that holds no certificate material
 * (a README) is skipped quietly, as load_path does inside directories. */
int load_entry(struct inventory *, struct findings *, struct load_ctx *,
    const char *path, enum role);

/* Bytes already in memory (git blobs, live servers, fuzzing). name is
 * used in findings. Gzip is detected and expanded here too. */
int load_buffer(struct inventory *, struct findings *, struct load_ctx *,
    struct source *, const unsigned char *buf, size_t len);

#endif
