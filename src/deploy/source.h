/* Sources of deployments: what the user named (a server configuration,
 * a certbot tree, a Kubernetes Secret, a folder) turned into deployments.
 * Each source is one file (source_<name>.c) exporting one descriptor,
 * listed in source.c's table. A source reads configuration, never
 * certificates, and judges nothing: what it cannot follow (an include it
 * cannot read, a variable in a path, a dangling link) is a finding whose
 * file is "FILE:LINE" (source-unreadable, source-unsupported, ...). */
#ifndef SOURCE_H
#define SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "deploy/deployment.h"
#include "finding.h"

struct source_desc {
	const char *name;	/* --from NAME: "nginx", "certbot", ... */
	/* Does path look like this source? head: its first bytes (NULL for
	 * a directory). Cheap: no other file read. */
	bool (*sniff)(const char *path, const unsigned char *head, size_t len);
	/* Appends the deployments path describes. Returns 0, or -1 when
	 * nothing could be read (an error finding was added). */
	int (*read)(const char *path, struct deployments *, struct findings *);
};

/* The source named NAME, or NULL. */
const struct source_desc *source_find(const char *name);
/* The first source whose sniff accepts path, or NULL (plain files). */
const struct source_desc *source_sniff(const char *path);

#endif
