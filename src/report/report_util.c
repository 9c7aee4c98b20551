#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "describe.h"
#include "report_util.h"
#include "report/sanitize.h"
#include "strbuf.h"

const char *
kind_word(enum objkind k)
{
	switch (k) {
	case OBJ_CERT:	return "certificate";
	case OBJ_KEY:	return "private-key";
	case OBJ_PUBKEY: return "public-key";
	case OBJ_CSR:	return "csr";
	case OBJ_CRL:	return "crl";
	}
	return "unknown";
}

const char *
role_word(const struct inventory *inv, const struct object *o)
{
	if (inv != NULL && o == inv->leaf)
		return "leaf";
	switch (o->role) {
	case ROLE_AUTO:	return "unsorted";
	case ROLE_CERT:	return "cert";
	case ROLE_KEY:	return "key";
	case ROLE_CHAIN: return "chain";
	case ROLE_CA:	return "ca";
	case ROLE_CRL:	return "crl";
	case ROLE_CSR:	return "csr";
	case ROLE_PREVIOUS: return "previous";
	case ROLE_SERVED: return "served";
	case ROLE_FETCHED: return "fetched";
	}
	return "unsorted";
}

const char *
status_word(enum severity worst)
{
	switch (worst) {
	case SEV_ERROR:	return "error";
	case SEV_FAIL:	return "fail";
	case SEV_WARN:	return "warn";
	default:	return "ok";
	}
}

/* Takes s, returns it through the sanitiser. */
static char *
sanitized(char *s)
{
	char *c = clean_text(s);

	free(s);
	return c;
}

static char *
first_cn(const X509_NAME *name)
{
	int i;
	unsigned char *utf8 = NULL;
	char *out = NULL;
	int len;

	if (name == NULL ||
	    (i = X509_NAME_get_index_by_NID(name, NID_commonName, -1)) < 0)
		return NULL;
	len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(
	    X509_NAME_get_entry(name, i)));
	if (len > 0)
		out = name_bytes((char *)utf8, (size_t)len);
	OPENSSL_free(utf8);
	ERR_clear_error();
	return out;
}

static char *
title_of_name(const X509_NAME *name)
{
	char *t = first_cn(name);

	if (t != NULL && *t != '\0')
		return t;
	free(t);
	if ((t = name_oneline(name)) != NULL && *t != '\0')
		return t;
	free(t);
	return NULL;
}

static char *
source_name(const struct object *o)
{
	return strdup(o->src != NULL && o->src->path != NULL ?
	    o->src->path : "-");
}

char *
object_title(const struct object *o)
{
	char *t = NULL;

	switch (o->kind) {
	case OBJ_CERT:
		if ((t = title_of_name(X509_get_subject_name(o->x509))) == NULL) {
			char **names = cert_names(o->x509);
			if (names != NULL && names[0] != NULL)
				t = strdup(names[0]);
			names_free(names);
		}
		break;
	case OBJ_CSR:
		t = title_of_name(X509_REQ_get_subject_name(o->req));
		break;
	case OBJ_CRL:
		t = title_of_name(X509_CRL_get_issuer(o->crl));
		break;
	case OBJ_KEY:
	case OBJ_PUBKEY:
		break;
	}
	if (t == NULL)
		t = source_name(o);
	return sanitized(t);
}

char *
object_place(const struct object *o)
{
	char *s = NULL;
	const char *path = o->src != NULL && o->src->path != NULL ?
	    o->src->path : "-";

	/* Humans count from one. */
	if (o->index == 0)
		return clean_text(path);
	if (asprintf(&s, "%s #%zu", path, o->index + 1) < 0)
		return NULL;
	return sanitized(s);
}

bool
cert_validity(const X509 *x, time_t *nb, time_t *na)
{
	return asn1_time_to_time_t(X509_get0_notBefore(x), nb) &&
	    asn1_time_to_time_t(X509_get0_notAfter(x), na);
}

bool
crl_updates(const X509_CRL *crl, time_t *last, bool *have_next, time_t *next)
{
	const ASN1_TIME *n = X509_CRL_get0_nextUpdate(crl);

	*have_next = n != NULL && asn1_time_to_time_t(n, next);
	return asn1_time_to_time_t(X509_CRL_get0_lastUpdate(crl), last);
}

char *
names_join(char *const *names)
{
	char *out = strbuf_join(names, ", ");

	return sanitized(out);
}

static int
report_rank(const struct inventory *inv, const struct object *o)
{
	switch (o->kind) {
	case OBJ_CERT:
		if (o == inv->leaf)
			return 0;
		if (o->role == ROLE_CHAIN || o->role == ROLE_SERVED)
			return 1;
		if (o->role == ROLE_CA || o->trusted)
			return 3;
		return 2;
	case OBJ_KEY:	return 4;
	case OBJ_PUBKEY: return 5;
	case OBJ_CSR:	return 6;
	case OBJ_CRL:	return 7;
	}
	return 8;
}

/* Objects in report order: the leaf, served/chain certificates, other
 * certificates, trust anchors, keys, CSRs, CRLs; inventory order within
 * each group. Returns a malloc'd array of inv->nobjs pointers. */
static const struct object **
objects_in_report_order(const struct inventory *inv)
{
	const struct object **v = calloc(inv->nobjs + 1, sizeof(*v));
	size_t n = 0;

	if (v == NULL)
		return NULL;
	for (int rank = 0; rank <= 8; rank++)
		for (size_t i = 0; i < inv->nobjs; i++)
			if (report_rank(inv, inv->objs[i]) == rank)
				v[n++] = inv->objs[i];
	return v;
}

static int
cmp_entry(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct order_entry *)a)->o;
	uintptr_t y = (uintptr_t)((const struct order_entry *)b)->o;

	return x < y ? -1 : x > y;
}

bool
object_order_init(struct object_order *oo, const struct inventory *inv)
{
	memset(oo, 0, sizeof(*oo));
	oo->v = objects_in_report_order(inv);
	oo->by_ptr = calloc(inv->nobjs + 1, sizeof(*oo->by_ptr));
	if (oo->v == NULL || oo->by_ptr == NULL) {
		object_order_free(oo);
		return false;
	}
	oo->n = inv->nobjs;
	for (size_t i = 0; i < oo->n; i++)
		oo->by_ptr[i] = (struct order_entry){ oo->v[i], i };
	array_sort(oo->by_ptr, oo->n, sizeof(*oo->by_ptr), cmp_entry);
	return true;
}

long
object_order_pos(const struct object_order *oo, const struct object *o)
{
	struct order_entry key = { o, 0 }, *hit;

	if (o == NULL || oo->n == 0)
		return -1;
	hit = bsearch(&key, oo->by_ptr, oo->n, sizeof(*oo->by_ptr),
	    cmp_entry);
	return hit != NULL ? (long)hit->pos : -1;
}

void
object_order_free(struct object_order *oo)
{
	free(oo->v);
	free(oo->by_ptr);
	memset(oo, 0, sizeof(*oo));
}

const struct finding **
findings_by_object(const struct findings *fs, const struct object_order *oo,
    size_t **group_of)
{
	const struct finding **v = calloc(fs->n + 1, sizeof(*v));
	size_t *pos = calloc(fs->n + 1, sizeof(*pos));
	size_t *start = calloc(oo->n + 2, sizeof(*start));
	size_t *group = group_of != NULL ? calloc(fs->n + 1,
	    sizeof(*group)) : NULL;

	if (v == NULL || pos == NULL || start == NULL ||
	    (group_of != NULL && group == NULL)) {
		free(v);
		free(group);
		v = NULL;
		goto out;
	}
	/* A counting sort: stable, linear. */
	for (size_t i = 0; i < fs->n; i++) {
		long p = object_order_pos(oo, fs->v[i].about);
		pos[i] = p >= 0 ? (size_t)p : oo->n;
		start[pos[i] + 1]++;
	}
	for (size_t g = 1; g <= oo->n + 1; g++)
		start[g] += start[g - 1];
	for (size_t i = 0; i < fs->n; i++) {
		size_t at = start[pos[i]]++;
		v[at] = &fs->v[i];
		if (group != NULL)
			group[at] = pos[i];
	}
	if (group_of != NULL)
		*group_of = group;
out:
	free(pos);
	free(start);
	return v;
}

const struct finding **
findings_by_severity(const struct findings *fs)
{
	const struct finding **v = calloc(fs->n + 1, sizeof(*v));
	size_t n = 0;

	if (v == NULL)
		return NULL;
	for (int sev = SEV_ERROR; sev >= SEV_PASS; sev--)
		for (size_t i = 0; i < fs->n; i++)
			if ((int)fs->v[i].sev == sev)
				v[n++] = &fs->v[i];
	return v;
}

char *
finding_text(const struct finding *f)
{
	char *s = NULL, *clean;
	const char *msg = f->message != NULL ? f->message : "";

	/* Messages never name their file: it is said here, once, unless
	 * the section the finding stands in already names it. */
	if (f->file != NULL && (f->about == NULL || f->about->src == NULL ||
	    f->about->src->path == NULL ||
	    strcmp(f->about->src->path, f->file) != 0)) {
		if (asprintf(&s, "%s: %s", f->file, msg) < 0)
			return NULL;
	} else
		s = strdup(msg);
	clean = clean_text(s);
	free(s);
	return clean;
}

void
one_line(char *s, char bad)
{
	for (; s != NULL && *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f ||
		    (bad != '\0' && *s == bad))
			*s = ' ';
}

void
print_fix(FILE *fp, const struct finding *f)
{
	if (f->hint == NULL || f->sev < SEV_WARN)
		return;
	fputs("    fix: ", fp);
	put_text(fp, f->hint);
	fputc('\n', fp);
	for (size_t i = 0; i < f->nfix; i++) {
		char *c = clean_text(f->fix[i]);
		/* A command is printed exactly or not at all: an escaped
		 * control character would change what it does. */
		if (c != NULL && strcmp(c, f->fix[i]) == 0)
			fprintf(fp, "    fix: $ %s\n", c);
		else
			fputs("    fix: (a value in this command holds control "
			    "characters: see --format json)\n", fp);
		free(c);
	}
}
