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

/* Reads (work tree) or takes (blob) the file's bytes, and loads them
 * into job->inv and job->fs. Errors reading or decoding one file become
 * scan-unreadable warnings: one bad file does not stop the scan. */
void scan_load_job(struct scan_load_job *, struct load_ctx *);

#endif
