/* YAML (and JSON, which YAML reads) documents as small trees, built from
 * libyaml's parser events within caps: a hostile file costs at most
 * YAML_MAX_EVENTS events, YAML_MAX_DEPTH nesting and YAML_MAX_ALIAS_NODES
 * nodes reached through aliases (the "billion laughs" of nested anchors
 * is refused, not expanded). Aliases share the anchored node: nothing is
 * copied. The caps are listed in LIMITS of certdiag.1. */
#ifndef YAML_DOC_H
#define YAML_DOC_H

#include <stdbool.h>
#include <stddef.h>

#define YAML_MAX_DOCUMENTS	10000u	/* "---" documents in one file */
#define YAML_MAX_EVENTS		1000000u	/* parser events per file */
#define YAML_MAX_DEPTH		64u	/* mappings and sequences nested */
#define YAML_MAX_ANCHORS	1000u	/* anchors per document */
#define YAML_MAX_ALIAS_NODES	100000u	/* nodes reached through aliases */

enum ynode_type { Y_SCALAR, Y_MAP, Y_SEQ };

struct ynode {
	enum ynode_type type;
	char *str;		/* owned; scalars: the value, NUL-terminated */
	size_t len;
	size_t *kids;		/* owned; indexes; maps: key, value, ... */
	size_t nkids, capkids;
	size_t size;		/* nodes in this subtree */
	unsigned line;		/* 1-based, where it starts */
};

struct ydoc {
	struct ynode *v;	/* v[0] is the root once complete */
	size_t n, cap;
};

/* Called once per document; the tree is freed after it returns. Return
 * false to stop reading. */
typedef bool ydoc_fn(void *arg, const struct ydoc *, size_t root);

/* Parses buf (len bytes) document by document. Returns 0, or -1 with a
 * message in err ("line N: ...") on a syntax error, a cap exceeded or
 * ENOMEM; documents before the error were passed to fn. *limit is set
 * when a cap was the reason. */
int ydoc_parse(const unsigned char *buf, size_t len, ydoc_fn *fn, void *arg,
    char *err, size_t errlen, bool *limit);

/* The value of key in map node m, or NULL (not a map, absent). */
const struct ynode *ydoc_get(const struct ydoc *, const struct ynode *m,
    const char *key);
/* The scalar's text, or NULL when n is NULL or not a scalar. */
const char *ydoc_str(const struct ynode *n);

#endif
