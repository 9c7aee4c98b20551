/* Reading and loading the files of a scan, one file per job, so jobs can
 * run on several threads into private inventories. */
#ifndef SCAN_LOAD_H
#define SCAN_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"
#include "inventory.h"
#include "load/load.h"
#include "scan.h"

struct scan_load_job {
	const struct scan_file *file;	/* borrowed */
	unsigned char *blob;	/* owned; staged bytes, git files only */
	size_t bloblen;
	bool blob_skipped;	/* larger than we read */
	struct inventory inv;	/* what this file holds */
	struct findings fs;	/* what went wrong reading it */
	bool loaded;		/* handed to the loader (not skipped) */
};

/* Whether bytes are worth handing to the loader, from the first bytes
 * (at most SCAN_SNIFF_BYTES) and the total size: PEM text, DER whose
 * outer length is the file's, gzip. Everything else (binaries, sources,
 * documents) is skipped without being read whole. */
enum scan_sniff {
	SNIFF_SKIP = 0,
	SNIFF_LOAD,		/* binary: DER or gzip */
	SNIFF_READ_TEXT		/* text: read it whole and look for PEM */
};
enum scan_sniff scan_sniff(const unsigned char *head, size_t headlen,
    size_t total);

/* Reads (work tree) or takes (blob) the file's bytes, and loads them
 * into job->inv and job->fs. Errors reading or decoding one file become
 * scan-unreadable warnings: one bad file does not stop the scan. */
void scan_load_job(struct scan_load_job *, struct load_ctx *);

#endif
