/* PEM blocks embedded in configuration text, the way keys most often
 * reach a repository: indented in a YAML block scalar (Helm values.yaml),
 * "\n"-escaped in a JSON or YAML string (terraform.tfstate, kubectl -o
 * json), base64 in a Kubernetes Secret's data. Found by a line scan, no
 * parser: the text may be a template, and a scan must not refuse it. */
#ifndef SCAN_EMBEDDED_H
#define SCAN_EMBEDDED_H

#include <stdbool.h>
#include <stddef.h>

/* At most this many blocks are taken from one file; the rest are
 * counted. */
#define SCAN_MAX_EMBEDDED	4096u

/* One block: where it is ("tls.key", "data.tls.crt",
 * "attributes.private_key_pem": the last two keys above it) and the PEM
 * text, decoded. */
typedef void embedded_fn(void *arg, const char *key, unsigned line,
    const unsigned char *pem, size_t len);

/* Whether buf holds a PEM block at the start of a line: the loader reads
 * those as they are. */
bool embedded_bare_pem(const unsigned char *buf, size_t len);
/* Whether buf may hold an embedded block (a cheap test before
 * embedded_find). */
bool embedded_maybe(const unsigned char *buf, size_t len);
/* Calls fn for each embedded block, in file order. Returns how many
 * blocks there were beyond SCAN_MAX_EMBEDDED (not passed to fn), or
 * (size_t)-1 when out of memory. */
size_t embedded_find(const unsigned char *buf, size_t len, embedded_fn *fn,
    void *arg);

#endif
