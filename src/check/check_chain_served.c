/* What the server sends, against the path: certificates out of order
 * (chain-order), certificates not on the path (chain-extra, or
 * chain-expired when an expired one is served but not needed) and a root
 * sent along (chain-includes-root). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>

#include "chain/chain.h"
#include "chain/chain_words.h"
#include "checks.h"
#include "describe.h"
#include "strbuf.h"

/* One place a certificate was found in a served file. */
struct seen {
	const struct object *obj;
	const struct source *src;
	size_t index;
	long pos;		/* position on the path, or -1 */
};

static bool
served_role(enum role r)
{
	return r == ROLE_AUTO || r == ROLE_CERT || r == ROLE_CHAIN ||
	    r == ROLE_SERVED;
}

static long
path_pos(const struct chain_path *p, const struct object *o)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->links[i].obj == o)
			return (long)i;
	return -1;
}

static int
by_file_order(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;

	if (x->src != y->src)
		return x->src < y->src ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Every served occurrence of every certificate, grouped by file. */
static struct seen *
served_occurrences(const struct inventory *inv, const struct chain_path *p,
    size_t *n)
{
	struct seen *v = NULL, *nv;
	size_t cap = 0;

	*n = 0;
	for (size_t i = 0; i < inv->nobjs; i++) {
		const struct object *o = inv->objs[i];
		if (o->kind != OBJ_CERT)
			continue;
		for (size_t k = 0; k <= o->nalso; k++) {
			const struct source *src = k == 0 ? o->src :
			    o->also[k - 1];
			size_t idx = k == 0 ? o->index : o->also_index[k - 1];
			if (src == NULL || !served_role(src->role))
				continue;
			/* What a server sent for another leaf (an old one
			 * it still serves) is not this leaf's chain. */
			if (src->role == ROLE_SERVED &&
			    !inventory_leaf_is_served(inv))
				continue;
			if (*n == cap) {
				cap = cap ? cap * 2 : 16;
				if ((nv = realloc(v, cap * sizeof(*v))) ==
				    NULL) {
					free(v);
					return NULL;
				}
				v = nv;
			}
			v[(*n)++] = (struct seen){ o, src, idx,
			    path_pos(p, o) };
		}
	}
	if (v != NULL)
		array_sort(v, *n, sizeof(*v), by_file_order);
	return v;
}

static bool
expired_at(X509 *x, time_t now)
{
	time_t t = now;

	return X509_cmp_time(X509_get0_notAfter(x), &t) < 0 ||
	    X509_cmp_time(X509_get0_notBefore(x), &t) > 0;
}

/* An alternative path the certificate is on, or NULL. */
static const struct chain_path *
alt_with(const struct chain_result *r, X509 *x)
{
	for (size_t i = 0; i < r->nalts; i++)
		if (chain_path_has(&r->alts[i], x))
			return &r->alts[i];
	return NULL;
}

/* The self-signed root that x is a cross-signed copy of (same subject,
 * same key), on the path or an alternative, or NULL. */
static X509 *
root_twin(const struct chain_result *r, X509 *x)
{
	for (size_t a = 0; a <= r->nalts; a++) {
		const struct chain_path *p = a == 0 ? &r->path : &r->alts[a - 1];
		for (size_t i = 0; i < p->n; i++) {
			X509 *y = p->links[i].x509;
			if (y != x && X509_cmp(y, x) != 0 &&
			    X509_NAME_cmp(X509_get_subject_name(y),
			    X509_get_subject_name(x)) == 0 &&
			    X509_self_signed(y, 0) == 1 &&
			    EVP_PKEY_eq(X509_get0_pubkey(y),
			    X509_get0_pubkey(x)) == 1)
				return y;
		}
	}
	return NULL;
}

/* A cross-signed copy of a root the client may already have: a known
 * compatibility path (ISRG Root X1 by DST Root CA X3), served on
 * purpose so that old clients still build a path. Not wrong; said once. */
static void
report_cross_signed_root(X509 *root, const struct seen *s,
    struct findings *fs)
{
	char *name = chain_cert_name(s->obj->x509);
	char *issuer = chain_issuer_name(s->obj->x509);
	char cn[256] = "", org[256] = "";
	X509_NAME *rn = X509_get_subject_name(root);
	struct finding *f;

	X509_NAME_get_text_by_NID(rn, NID_commonName, cn, sizeof(cn));
	X509_NAME_get_text_by_NID(rn, NID_organizationName, org, sizeof(org));
	f = finding_add(fs, "chain-extra", SEV_INFO, s->obj,
	    "%s is a cross-signed copy of the root of the same name and key, "
	    "issued by %s: a compatibility path for clients that lack that "
	    "root", name, issuer != NULL ? issuer : "another CA");
	if (strcmp(org, "Internet Security Research Group") == 0 && *cn) {
		finding_hint(f, "to serve the shorter chain, ask certbot for "
		    "it at the next renewal");
		finding_fix(f, "certbot", "renew", "--force-renewal",
		    "--preferred-chain", cn, NULL);
	} else
		finding_hint(f, "the server may drop it from %s once no client "
		    "needs the old root", s->src->path);
	free(name);
	free(issuer);
}

static void
report_extra(const struct chain_result *r, const struct seen *s,
    time_t now, struct findings *fs)
{
	const struct chain_path *p = &r->path;
	const struct chain_path *alt = alt_with(r, s->obj->x509);
	char *name = chain_cert_name(s->obj->x509), *top = NULL;
	char date[32];
	struct finding *f;
	time_t na;
	X509 *twin;

	if (p->n > 0)
		top = chain_link_name(&p->links[p->n - 1]);
	if (expired_at(s->obj->x509, now) && p->trusted) {
		if (!asn1_time_to_time_t(X509_get0_notAfter(s->obj->x509), &na))
			na = 0;
		f = finding_add(fs, "chain-expired", SEV_WARN, s->obj,
		    "%s is served but outside its validity (not after %s); "
		    "the chain does not need it: it verifies via %s",
		    name, format_time(na, date, sizeof(date)),
		    top != NULL ? top : "another path");
		finding_hint(f, "remove it from %s (--emit-chain FILE writes "
		    "the chain without it); old clients that relied on it "
		    "fail either way", s->src->path);
	} else if ((twin = root_twin(r, s->obj->x509)) != NULL) {
		report_cross_signed_root(twin, s, fs);
	} else {
		f = finding_add(fs, "chain-extra", SEV_WARN, s->obj,
		    "%s is served but is not on the path to the trust anchor%s",
		    name, alt != NULL ? " (it belongs to an alternative path, "
		    "e.g. a cross-signed intermediate)" :
		    " (an unrelated certificate)");
		finding_hint(f, "remove it from %s (--emit-chain FILE writes "
		    "only the certificates on the path, in order)",
		    s->src->path);
	}
	free(name);
	free(top);
}

static void
report_twice(const struct seen *s, struct findings *fs)
{
	char *name = chain_cert_name(s->obj->x509);
	struct finding *f;

	f = finding_add(fs, "chain-extra", SEV_WARN, s->obj,
	    "%s appears more than once in %s", name, s->src->path);
	finding_hint(f, "keep one copy of it in %s", s->src->path);
	free(name);
}

static void
report_order(const struct seen *v, size_t from, size_t to,
    struct findings *fs, const struct inventory *inv)
{
	struct strbuf sb = STRBUF_INIT;
	char *list, *name;
	struct finding *f;

	for (size_t i = from; i < to; i++) {
		if (v[i].pos < 0)
			continue;
		name = v[i].obj == inv->leaf ? strdup("the leaf") :
		    chain_cert_name(v[i].obj->x509);
		strbuf_add_item(&sb, ", then ", name != NULL ? name : "?");
		free(name);
	}
	list = strbuf_detach(&sb);
	const struct object *about = v[from].obj;

	/* Shown with the leaf when the file holds it. */
	for (size_t i = from; i < to; i++)
		if (v[i].obj == inv->leaf)
			about = inv->leaf;
	f = finding_add(fs, "chain-order", SEV_WARN, about,
	    "%s has the chain out of order: %s; servers send certificates in "
	    "file order, and clients expect the leaf first, then each issuer "
	    "in turn", v[from].src->path, list != NULL ? list : "?");
	finding_hint(f, "reorder the file: the leaf, then its issuer, then "
	    "that one's issuer (--emit-chain FILE writes it in order)");
	if (f != NULL) {
		free(f->file);
		f->file = strdup(v[from].src->path);
	}
	free(list);
}

/* Within one file: the leaf first if it is there, the rest climbing. */
static bool
in_order(const struct seen *v, size_t from, size_t to,
    const struct inventory *inv)
{
	long last = -1;
	bool has_leaf = false;

	for (size_t i = from; i < to; i++)
		if (v[i].obj == inv->leaf)
			has_leaf = true;
	if (has_leaf && v[from].obj != inv->leaf)
		return false;
	for (size_t i = from; i < to; i++) {
		if (v[i].pos < 0 || v[i].pos == last)
			continue;	/* extras and copies are reported apart */
		if (v[i].pos < last)
			return false;
		last = v[i].pos;
	}
	return true;
}

static void
check_chain_served_run(const struct inventory *inv,
    const struct check_ctx *ctx, struct findings *fs)
{
	const struct chain_result *r = ctx->chain;
	const struct chain_path *p;
	struct seen *v;
	size_t n;

	if (r == NULL || !r->have_leaf)
		return;
	p = &r->path;
	if ((v = served_occurrences(inv, p, &n)) == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		bool first = true, twice = false;
		/* One finding per certificate, at its first occurrence. */
		for (size_t j = 0; j < i; j++)
			if (v[j].obj == v[i].obj) {
				first = false;
				twice |= v[j].src == v[i].src;
			}
		if (twice)
			report_twice(&v[i], fs);
		if (!first)
			continue;
		/* Past a path cut off as too long nothing is "extra". */
		if (v[i].pos < 0 && v[i].obj != inv->leaf &&
		    p->end != END_TOO_LONG)
			report_extra(r, &v[i], ctx->now, fs);
		else if (v[i].pos > 0 && (size_t)v[i].pos == p->n - 1 &&
		    X509_self_signed(v[i].obj->x509, 0) == 1) {
			char *nm = chain_cert_name(v[i].obj->x509);
			struct finding *f = finding_add(fs,
			    "chain-includes-root", SEV_INFO, v[i].obj,
			    "the served chain includes the root %s; clients "
			    "use their own copy, so it only adds bytes to every "
			    "handshake", nm);
			finding_hint(f, "leave it out of %s (--emit-chain FILE "
			    "writes the chain without it)", v[i].src->path);
			free(nm);
		}
	}
	for (size_t from = 0; from < n; ) {
		size_t to = from;
		while (to < n && v[to].src == v[from].src)
			to++;
		if (!in_order(v, from, to, inv))
			report_order(v, from, to, fs, inv);
		from = to;
	}
	free(v);
}

const struct check check_chain_served = {
	"chain-served", check_chain_served_run
};
