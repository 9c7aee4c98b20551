/* libFuzzer harness for configuration text that holds keys: any bytes
 * through the YAML document builder (the Kubernetes source's parser,
 * with its caps) and through scan's search for embedded PEM blocks.
 * Built only by `make fuzz`. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "deploy/yaml_doc.h"
#include "scan/scan_embedded.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Walks every node, as a reader of any shape would. */
static size_t
walk(const struct ydoc *d, const struct ynode *n, unsigned depth)
{
	size_t sum = 1;

	if (depth > YAML_MAX_DEPTH)
		__builtin_trap();	/* the builder let too deep a tree by */
	if (n->type == Y_SCALAR)
		return 1;
	(void)ydoc_get(d, n, "kind");
	for (size_t i = 0; i < n->nkids && sum < 4 * YAML_MAX_ALIAS_NODES;
	    i++)
		sum += walk(d, &d->v[n->kids[i]], depth + 1);
	return sum;
}

static bool
document(void *arg, const struct ydoc *d, size_t root)
{
	*(size_t *)arg += walk(d, &d->v[root], 0);
	return true;
}

static void
block(void *arg, const char *key, unsigned line, const unsigned char *pem,
    size_t len)
{
	(void)line;
	*(size_t *)arg += strlen(key) + (len > 0 ? pem[len - 1] : 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	size_t sink = 0;
	bool limit;

	(void)ydoc_parse(data, size, document, &sink, err, sizeof(err),
	    &limit);
	(void)embedded_bare_pem(data, size);
	if (embedded_maybe(data, size))
		(void)embedded_find(data, size, block, &sink);
	return sink == (size_t)-1;
}
