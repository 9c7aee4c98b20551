/* The path in the reports: a short tree, leaf to root, in text, and the
 * JSON `chain` array. Describes the chain result; the findings judge. */
#include "config.h"

#include <openssl/x509_vfy.h>

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "chain/chain.h"
#include "chain/chain_words.h"
#include "chain/trust_store.h"
#include "report.h"
#include "report_util.h"
#include "report/json_safe.h"
#include "report/sanitize.h"

/* One certificate's standing on the path, and the word for it. */
struct standing {
	enum severity sev;
	const char *status;	/* public: JSON "status" */
	const char *why;	/* a few words for the text tree, or NULL */
};

static const struct {
	unsigned problem;
	const char *word;
} problem_words[] = {
	{ LP_EXPIRED,		"expired" },
	{ LP_BAD_SIGNATURE,	"bad signature" },
	{ LP_NOT_CA,		"not a CA" },
	{ LP_PATH_LENGTH,	"path too long for it" },
	{ LP_NAME_CONSTRAINTS,	"name constraints violated" },
	{ LP_KEY_USAGE,		"no keyCertSign" },
	{ LP_PURPOSE,		"wrong purpose" },
	{ LP_UNTRUSTED,		"not a trust anchor" },
	{ LP_NO_ISSUER,		"issuer missing" },
	{ LP_OTHER,		"does not verify" },
};

static struct standing
standing_of(const struct chain_path *p, size_t i)
{
	const struct chain_link *l = &p->links[i];
	unsigned problems = l->problems, waived = 0;

	/* The leaf's purpose is another check's business; its dates are
	 * too, but a tick beside an expired leaf would contradict the
	 * finding below it. The anchor's own problems (RFC 5280 6.1.1(d))
	 * only warn. */
	if (i == 0 || p->waived != 0) {
		problems = 0;
		for (size_t k = 0; k < p->nerrors; k++) {
			const struct chain_error *e = &p->errors[k];
			if (e->depth < 0 || (size_t)e->depth != i ||
			    (i == 0 && chain_error_is_leafs_own(e) &&
			    e->code != X509_V_ERR_CERT_HAS_EXPIRED &&
			    e->code != X509_V_ERR_CERT_NOT_YET_VALID))
				continue;
			if (chain_error_is_anchors_own(p, e))
				waived |= chain_error_problem(e->code);
			else
				problems |= chain_error_problem(e->code);
		}
	}
	/* A missing issuer, or a path cut off, gets its own line. */
	if ((p->end == END_MISSING_ISSUER || p->end == END_TOO_LONG) &&
	    i + 1 == p->n)
		problems &= ~LP_NO_ISSUER;
	for (size_t k = 0; k < sizeof(problem_words) /
	    sizeof(problem_words[0]); k++)
		if (problems & problem_words[k].problem)
			return (struct standing){ SEV_FAIL, "fail",
			    /* LP_EXPIRED covers both ends of the validity
			     * period: say which, as the findings do. */
			    (problem_words[k].problem == LP_EXPIRED &&
			    l->error == X509_V_ERR_CERT_NOT_YET_VALID) ?
			    "not yet valid" : problem_words[k].word };
	for (size_t k = 0; k < sizeof(problem_words) /
	    sizeof(problem_words[0]); k++)
		if (waived & problem_words[k].problem)
			return (struct standing){ SEV_WARN, "warn",
			    problem_words[k].word };
	if (l->origin == LINK_FETCHED)
		return (struct standing){ SEV_WARN, "warn",
		    "downloaded, not served" };
	if (l->origin == LINK_STORE && i > 0 && i + 1 < p->n)
		return (struct standing){ SEV_WARN, "warn",
		    "only in the local trust store" };
	return (struct standing){ SEV_PASS, "ok", NULL };
}

static const char *
origin_word(enum link_origin o)
{
	switch (o) {
	case LINK_SERVED:	return "served";
	case LINK_ANCHOR:	return "anchor";
	case LINK_STORE:	return "store";
	case LINK_FETCHED:	return "fetched";
	}
	return "?";
}

static const char *
mark(const struct report_ctx *rc, enum severity s)
{
	if (rc->ascii)
		return s == SEV_PASS ? "ok" : s == SEV_WARN ? "!" : "x";
	return s == SEV_PASS ? "\u2713" : s == SEV_WARN ? "!" : "\u2717";
}

static const char *
colour(const struct report_ctx *rc, enum severity s)
{
	if (!rc->color)
		return "";
	return s == SEV_PASS ? "\033[32m" : s == SEV_WARN ? "\033[33m" :
	    "\033[31m";
}

static void
tree_line(FILE *fp, const struct report_ctx *rc, size_t depth,
    enum severity sev, const char *name, const char *from, const char *why)
{
	fprintf(fp, "  ");
	for (size_t d = 1; d < depth; d++)
		fprintf(fp, "   ");
	if (depth > 0)
		fputs(rc->ascii ? "\\- " : "\u2514\u2500 ", fp);
	fprintf(fp, "%s%s%s ", colour(rc, sev), mark(rc, sev),
	    rc->color ? "\033[0m" : "");
	put_text(fp, name);
	if (from != NULL) {
		fputs("  (", fp);
		put_text(fp, from);
		fputc(')', fp);
	}
	if (why != NULL) {
		fputs("  ", fp);
		put_text(fp, why);
	}
	fputc('\n', fp);
}

/* Which system store the anchor came from: the bundle file or the hashed
 * directory (SSL_CERT_FILE / SSL_CERT_DIR or the platform's). */
static void
trust_line(FILE *fp, const struct report_ctx *rc)
{
	const char *where, *from;
	char *clean;

	if (rc->trust == NULL || (from = trust_store_anchor_from(rc->trust,
	    rc->chain, &where)) == NULL || where == NULL ||
	    (clean = strdup(where)) == NULL)
		return;
	one_line(clean, 0);
	fprintf(fp, "  trust anchor from the system %s %s\n",
	    strcmp(from, "file") == 0 ? "bundle" : "directory", clean);
	free(clean);
}

void
report_chain_text(FILE *fp, const struct report_ctx *rc)
{
	const struct chain_result *r = rc->chain;
	const struct chain_path *p;

	if (r == NULL || !r->have_leaf || r->path.n == 0 || rc->opt->quiet)
		return;
	p = &r->path;
	fprintf(fp, "%schain%s\n", rc->color ? "\033[1m" : "",
	    rc->color ? "\033[0m" : "");
	for (size_t i = 0; i < p->n; i++) {
		struct standing s = standing_of(p, i);
		char *name = chain_link_name(&p->links[i]);
		char *from = chain_link_origin(&p->links[i]);
		const char *why = s.why;
		if (why == NULL && i + 1 == p->n && p->end == END_ANCHOR)
			why = "trust anchor";
		tree_line(fp, rc, i, s.sev, name != NULL ? name : "?", from,
		    why);
		free(name);
		free(from);
	}
	if (p->end == END_TOO_LONG)
		tree_line(fp, rc, p->n, SEV_FAIL, "...", NULL,
		    "not followed: longer than the verification depth allows");
	if (p->end == END_MISSING_ISSUER) {
		char *issuer = chain_issuer_name(p->links[p->n - 1].x509);
		tree_line(fp, rc, p->n, SEV_FAIL, issuer != NULL ? issuer : "?",
		    NULL, "missing: not in the files given nor the trust store");
		free(issuer);
	}
	trust_line(fp, rc);
	fputc('\n', fp);
}

static char *
sha256_of(X509 *x)
{
	unsigned char md[32];
	unsigned int len = 0;

	if (X509_digest(x, EVP_sha256(), md, &len) != 1)
		return NULL;
	return hex_lower(md, len);
}

static void
put(json_object *o, const char *key, char *s)
{
	json_object_object_add(o, key, s != NULL ?
	    json_object_new_string(s) : NULL);
	free(s);
}

struct json_object *
report_chain_json(const struct report_ctx *rc)
{
	const struct chain_result *r = rc->chain;
	const struct chain_path *p;
	json_object *arr;

	if (r == NULL || !r->have_leaf || r->path.n == 0)
		return NULL;
	p = &r->path;
	arr = json_object_new_array();
	for (size_t i = 0; i < p->n; i++) {
		const struct chain_link *l = &p->links[i];
		struct standing s = standing_of(p, i);
		json_object *o = json_object_new_object();
		put(o, "subject", chain_link_name(l));
		put(o, "sha256", sha256_of(l->x509));
		put(o, "file", l->obj != NULL && l->obj->src != NULL ?
		    strdup(l->obj->src->path) : NULL);
		put(o, "origin", strdup(origin_word(l->origin)));
		put(o, "status", strdup(s.status));
		if (s.why != NULL)
			put(o, "problem", strdup(s.why));
		json_object_object_add(o, "anchor", json_object_new_boolean(
		    i + 1 == p->n && p->end == END_ANCHOR));
		json_object_array_add(arr, o);
	}
	if (p->end == END_MISSING_ISSUER) {
		json_object *o = json_object_new_object();
		put(o, "subject", chain_issuer_name(p->links[p->n - 1].x509));
		put(o, "sha256", NULL);
		put(o, "file", NULL);
		put(o, "origin", NULL);
		put(o, "status", strdup("missing"));
		json_object_object_add(o, "anchor",
		    json_object_new_boolean(false));
		json_object_array_add(arr, o);
	}
	return arr;
}

struct json_object *
report_trust_json(const struct report_ctx *rc)
{
	const struct trust_store *ts = rc->trust;
	const char *where, *from;
	json_object *o;

	if (ts == NULL)
		return NULL;
	from = trust_store_anchor_from(ts, rc->chain, &where);
	o = json_object_new_object();
	/* The system locations consulted (the bundle only when it was
	 * read), null with --no-system-ca. */
	put(o, "file", ts->file_loaded ? strdup(ts->file) : NULL);
	put(o, "dir", ts->dir != NULL ? strdup(ts->dir) : NULL);
	put(o, "anchor_from", from != NULL ? strdup(from) : NULL);
	return o;
}
