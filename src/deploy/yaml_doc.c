#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "deploy/yaml_doc.h"
#include "strbuf.h"

struct anchor {
	char *name;
	size_t node;
};

struct builder {
	struct ydoc doc;
	size_t stack[YAML_MAX_DEPTH];
	size_t depth;
	struct anchor anchors[YAML_MAX_ANCHORS];
	size_t nanchors;
	size_t alias_nodes;
	bool have_root;
};

static void
doc_reset(struct builder *b)
{
	for (size_t i = 0; i < b->doc.n; i++) {
		free(b->doc.v[i].str);
		free(b->doc.v[i].kids);
	}
	b->doc.n = 0;
	for (size_t i = 0; i < b->nanchors; i++)
		free(b->anchors[i].name);
	b->nanchors = 0;
	b->depth = 0;
	b->alias_nodes = 0;
	b->have_root = false;
}

static bool
attach(struct builder *b, size_t node)
{
	struct ynode *p;

	if (b->depth == 0) {
		b->have_root = true;
		return true;
	}
	p = &b->doc.v[b->stack[b->depth - 1]];
	if (p->nkids == p->capkids) {
		size_t cap = p->capkids ? p->capkids * 2 : 8;
		size_t *v = realloc(p->kids, cap * sizeof(*v));
		if (v == NULL)
			return false;
		p->kids = v;
		p->capkids = cap;
	}
	p->kids[p->nkids++] = node;
	return true;
}

/* A new node; its index, or (size_t)-1 on ENOMEM. */
static size_t
node_new(struct builder *b, enum ynode_type type, const yaml_mark_t *m)
{
	struct ynode *n;

	if (!array_grow(&b->doc.v, &b->doc.cap, b->doc.n + 1,
	    sizeof(*b->doc.v)))
		return (size_t)-1;
	n = &b->doc.v[b->doc.n];
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->size = 1;
	n->line = (unsigned)m->line + 1;
	return b->doc.n++;
}

static bool
anchor_add(struct builder *b, const yaml_char_t *name, size_t node,
    char *err, size_t errlen, bool *limit)
{
	if (name == NULL)
		return true;
	if (b->nanchors == YAML_MAX_ANCHORS) {
		snprintf(err, errlen, "line %u: more than %u anchors in one "
		    "document", b->doc.v[node].line, YAML_MAX_ANCHORS);
		*limit = true;
		return false;
	}
	if ((b->anchors[b->nanchors].name = strdup((const char *)name)) ==
	    NULL) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	b->anchors[b->nanchors++].node = node;
	return true;
}

/* The most recent anchor of that name (YAML lets a later one shadow an
 * earlier). */
static size_t
anchor_find(const struct builder *b, const yaml_char_t *name)
{
	for (size_t i = b->nanchors; i > 0; i--)
		if (strcmp(b->anchors[i - 1].name, (const char *)name) == 0)
			return b->anchors[i - 1].node;
	return (size_t)-1;
}

/* One event into the tree. Returns 1 when a document is complete, 0 to
 * go on, -1 on error (err set). */
static int
event(struct builder *b, const yaml_event_t *ev, char *err, size_t errlen,
    bool *limit)
{
	const yaml_mark_t *m = &ev->start_mark;
	size_t node;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if ((node = node_new(b, Y_SCALAR, m)) == (size_t)-1 ||
		    (b->doc.v[node].str = malloc(ev->data.scalar.length + 1)) ==
		    NULL)
			goto oom;
		memcpy(b->doc.v[node].str, ev->data.scalar.value,
		    ev->data.scalar.length);
		b->doc.v[node].str[ev->data.scalar.length] = '\0';
		b->doc.v[node].len = ev->data.scalar.length;
		if (!anchor_add(b, ev->data.scalar.anchor, node, err, errlen,
		    limit))
			return -1;
		return attach(b, node) ? 0 : -1;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (b->depth == YAML_MAX_DEPTH) {
			snprintf(err, errlen, "line %u: nested deeper than %u "
			    "levels", (unsigned)m->line + 1, YAML_MAX_DEPTH);
			*limit = true;
			return -1;
		}
		if ((node = node_new(b, ev->type == YAML_MAPPING_START_EVENT ?
		    Y_MAP : Y_SEQ, m)) == (size_t)-1 || !attach(b, node))
			goto oom;
		if (!anchor_add(b, ev->type == YAML_MAPPING_START_EVENT ?
		    ev->data.mapping_start.anchor :
		    ev->data.sequence_start.anchor, node, err, errlen, limit))
			return -1;
		b->stack[b->depth++] = node;
		return 0;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (b->depth == 0)
			return 0;
		node = b->stack[--b->depth];
		if (b->depth > 0)
			b->doc.v[b->stack[b->depth - 1]].size +=
			    b->doc.v[node].size;
		return 0;
	case YAML_ALIAS_EVENT:
		if ((node = anchor_find(b, ev->data.alias.anchor)) ==
		    (size_t)-1) {
			snprintf(err, errlen, "line %u: alias *%s names no "
			    "anchor", (unsigned)m->line + 1,
			    (const char *)ev->data.alias.anchor);
			return -1;
		}
		for (size_t i = 0; i < b->depth; i++)
			if (b->stack[i] == node) {
				snprintf(err, errlen, "line %u: alias *%s "
				    "inside its own anchor", (unsigned)m->line +
				    1, (const char *)ev->data.alias.anchor);
				return -1;
			}
		/* Shared, not copied; but what it stands for counts. */
		b->alias_nodes += b->doc.v[node].size;
		if (b->alias_nodes > YAML_MAX_ALIAS_NODES) {
			snprintf(err, errlen, "line %u: aliases stand for more "
			    "than %u nodes (an alias bomb?)",
			    (unsigned)m->line + 1, YAML_MAX_ALIAS_NODES);
			*limit = true;
			return -1;
		}
		if (b->depth > 0)
			b->doc.v[b->stack[b->depth - 1]].size +=
			    b->doc.v[node].size;
		return attach(b, node) ? 0 : -1;
	case YAML_DOCUMENT_END_EVENT:
		return b->have_root ? 1 : 0;
	default:
		return 0;
	}
oom:
	snprintf(err, errlen, "out of memory");
	return -1;
}

int
ydoc_parse(const unsigned char *buf, size_t len, ydoc_fn *fn, void *arg,
    char *err, size_t errlen, bool *limit)
{
	struct builder *b = calloc(1, sizeof(*b));
	yaml_parser_t p;
	yaml_event_t ev;
	size_t events = 0, docs = 0;
	bool done = false;
	int rc = -1;

	*limit = false;
	if (b == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (!yaml_parser_initialize(&p)) {
		snprintf(err, errlen, "out of memory");
		free(b);
		return -1;
	}
	yaml_parser_set_input_string(&p, buf, len);
	while (!done) {
		int r;
		if (!yaml_parser_parse(&p, &ev)) {
			snprintf(err, errlen, "line %lu: %s%s%s",
			    (unsigned long)p.problem_mark.line + 1,
			    p.problem != NULL ? p.problem : "syntax error",
			    p.context != NULL ? " " : "",
			    p.context != NULL ? p.context : "");
			goto out;
		}
		if (++events > YAML_MAX_EVENTS) {
			snprintf(err, errlen, "line %lu: more than %u YAML "
			    "events", (unsigned long)ev.start_mark.line + 1,
			    YAML_MAX_EVENTS);
			*limit = true;
			yaml_event_delete(&ev);
			goto out;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT &&
		    ++docs > YAML_MAX_DOCUMENTS) {
			snprintf(err, errlen, "line %lu: more than %u "
			    "documents", (unsigned long)ev.start_mark.line + 1,
			    YAML_MAX_DOCUMENTS);
			*limit = true;
			yaml_event_delete(&ev);
			goto out;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		r = event(b, &ev, err, errlen, limit);
		yaml_event_delete(&ev);
		if (r < 0)
			goto out;
		if (r == 1) {
			bool more = fn(arg, &b->doc, 0);
			doc_reset(b);
			if (!more)
				break;
		}
	}
	rc = 0;
out:
	doc_reset(b);
	free(b->doc.v);
	free(b);
	yaml_parser_delete(&p);
	return rc;
}

const struct ynode *
ydoc_get(const struct ydoc *d, const struct ynode *m, const char *key)
{
	if (m == NULL || m->type != Y_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < m->nkids; i += 2) {
		const struct ynode *k = &d->v[m->kids[i]];
		if (k->type == Y_SCALAR && strcmp(k->str, key) == 0)
			return &d->v[m->kids[i + 1]];
	}
	return NULL;
}

const char *
ydoc_str(const struct ynode *n)
{
	return n != NULL && n->type == Y_SCALAR ? n->str : NULL;
}
