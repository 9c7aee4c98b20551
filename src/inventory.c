#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "inventory.h"
#include "strbuf.h"
#include "spki.h"

void
inventory_init(struct inventory *inv)
{
	memset(inv, 0, sizeof(*inv));
}

static void
object_free(struct object *o)
{
	if (o == NULL)
		return;
	X509_free(o->x509);
	EVP_PKEY_free(o->pkey);
	X509_REQ_free(o->req);
	X509_CRL_free(o->crl);
	free(o->also);
	free(o->also_index);
	free(o);
}

void
inventory_free(struct inventory *inv)
{
	for (size_t i = 0; i < inv->nobjs; i++)
		object_free(inv->objs[i]);
	for (size_t i = 0; i < inv->nsrcs; i++) {
		free(inv->srcs[i]->path);
		free(inv->srcs[i]);
	}
	free(inv->objs);
	free(inv->srcs);
	free(inv->index);
	memset(inv, 0, sizeof(*inv));
}

struct source *
inventory_add_source(struct inventory *inv, const char *path, enum role role)
{
	struct source *s;

	if (!array_grow(&inv->srcs, &inv->capsrcs, inv->nsrcs + 1,
	    sizeof(*inv->srcs)))
		return NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	if ((s->path = strdup(path)) == NULL) {
		free(s);
		return NULL;
	}
	s->role = role;
	inv->srcs[inv->nsrcs++] = s;
	return s;
}

void
inventory_drop_source(struct inventory *inv, struct source *s)
{
	if (inv->nsrcs == 0 || inv->srcs[inv->nsrcs - 1] != s)
		return;
	for (size_t i = 0; i < inv->nobjs; i++)
		if (inv->objs[i]->src == s)
			return;
	inv->nsrcs--;
	free(s->path);
	free(s);
}

/* DER SubjectPublicKeyInfo hash: the identity of a key pair (spki.c). */
static bool
spki_hash(EVP_PKEY *pk, unsigned char out[32])
{
	return spki_sha256_key(pk, out);
}

static bool
fingerprint(struct object *o)
{
	unsigned int mdlen = 0;

	switch (o->kind) {
	case OBJ_CERT:
		if (X509_digest(o->x509, EVP_sha256(), o->sha256, &mdlen) != 1)
			return false;
		o->have_spki = spki_sha256_cert(o->x509, o->spki_sha256);
		return true;
	case OBJ_KEY:
	case OBJ_PUBKEY:
		o->have_spki = spki_hash(o->pkey, o->spki_sha256);
		if (!o->have_spki)
			return false;
		memcpy(o->sha256, o->spki_sha256, sizeof(o->sha256));
		return true;
	case OBJ_CSR:
		if (X509_REQ_digest(o->req, EVP_sha256(), o->sha256,
		    &mdlen) != 1)
			return false;
		o->have_spki = spki_hash(X509_REQ_get0_pubkey(o->req),
		    o->spki_sha256);
		return true;
	case OBJ_CRL:
		return X509_CRL_digest(o->crl, EVP_sha256(), o->sha256,
		    &mdlen) == 1;
	}
	return false;
}

/* Open-addressing hash index over (kind, sha256): de-duplication stays
 * O(1) per object when a scan loads tens of thousands of them. */
static size_t
slot_of(const struct object *o, size_t mask)
{
	size_t h;

	memcpy(&h, o->sha256, sizeof(h));
	return (h ^ (size_t)o->kind) & mask;
}

static bool
same_object(const struct object *a, const struct object *b)
{
	/* A private key and its public key share an SPKI hash but are
	 * different objects; so are a cert and a CSR. */
	return a->kind == b->kind &&
	    memcmp(a->sha256, b->sha256, sizeof(a->sha256)) == 0;
}

static bool
index_rehash(struct inventory *inv)
{
	size_t cap = inv->capindex ? inv->capindex * 2 : 64;
	struct object **idx = calloc(cap, sizeof(*idx));

	if (idx == NULL)
		return false;
	for (size_t i = 0; i < inv->nobjs; i++) {
		size_t s = slot_of(inv->objs[i], cap - 1);
		while (idx[s] != NULL)
			s = (s + 1) & (cap - 1);
		idx[s] = inv->objs[i];
	}
	free(inv->index);
	inv->index = idx;
	inv->capindex = cap;
	return true;
}

static struct object *
index_find(const struct inventory *inv, const struct object *o)
{
	if (inv->capindex == 0)
		return NULL;
	for (size_t s = slot_of(o, inv->capindex - 1); inv->index[s] != NULL;
	    s = (s + 1) & (inv->capindex - 1))
		if (same_object(inv->index[s], o))
			return inv->index[s];
	return NULL;
}

static bool
record_also(struct object *o, const struct source *src, size_t index)
{
	const struct source **a;
	size_t *ai;

	a = realloc(o->also, (o->nalso + 1) * sizeof(*a));
	if (a == NULL)
		return false;
	o->also = a;
	ai = realloc(o->also_index, (o->nalso + 1) * sizeof(*ai));
	if (ai == NULL)
		return false;
	o->also_index = ai;
	o->also[o->nalso] = src;
	o->also_index[o->nalso] = index;
	o->nalso++;
	return true;
}

/* The same certificate given again as a trust anchor with trust
 * settings (a TRUSTED CERTIFICATE with reject or trust bits): the
 * settings hold for every copy, the leaf's included. */
static void
keep_trust_settings(struct object *dup, const struct object *o)
{
	STACK_OF(ASN1_OBJECT) *rej, *tr;

	if (o->kind != OBJ_CERT || dup->kind != OBJ_CERT || o->x509 == NULL ||
	    dup->x509 == NULL || o->x509 == dup->x509)
		return;
	rej = X509_get0_reject_objects(o->x509);
	tr = X509_get0_trust_objects(o->x509);
	for (int i = 0; i < sk_ASN1_OBJECT_num(rej); i++)
		X509_add1_reject_object(dup->x509, sk_ASN1_OBJECT_value(rej, i));
	for (int i = 0; i < sk_ASN1_OBJECT_num(tr); i++)
		X509_add1_trust_object(dup->x509, sk_ASN1_OBJECT_value(tr, i));
}

struct object *
inventory_add(struct inventory *inv, enum objkind kind, void *ossl,
    const struct source *src, size_t index, const char *container,
    bool encrypted)
{
	struct object *o, *dup;

	if ((o = calloc(1, sizeof(*o))) == NULL)
		goto fail;
	o->kind = kind;
	switch (kind) {
	case OBJ_CERT:	o->x509 = ossl; break;
	case OBJ_KEY:
	case OBJ_PUBKEY: o->pkey = ossl; break;
	case OBJ_CSR:	o->req = ossl; break;
	case OBJ_CRL:	o->crl = ossl; break;
	}
	ossl = NULL;
	o->src = src;
	o->role = src != NULL ? src->role : ROLE_AUTO;
	o->trusted = kind == OBJ_CERT && o->role == ROLE_CA;
	o->index = index;
	o->container = container;
	o->encrypted = encrypted;
	if (!fingerprint(o)) {
		/* An object we cannot even hash cannot be checked. */
		ERR_clear_error();
		object_free(o);
		return NULL;
	}

	if ((dup = index_find(inv, o)) != NULL) {
		if (o->trusted)
			keep_trust_settings(dup, o);
		if (o->trusted && !dup->trusted) {
			dup->trusted = true;
			dup->role = ROLE_CA;
		}
		if (!record_also(dup, src, index))
			dup = NULL;
		object_free(o);
		return dup;
	}

	if (!array_grow(&inv->objs, &inv->capobjs, inv->nobjs + 1,
	    sizeof(*inv->objs)))
		goto fail;
	if ((inv->nobjs + 1) * 2 > inv->capindex && !index_rehash(inv))
		goto fail;
	inv->objs[inv->nobjs++] = o;
	{
		size_t s = slot_of(o, inv->capindex - 1);
		while (inv->index[s] != NULL)
			s = (s + 1) & (inv->capindex - 1);
		inv->index[s] = o;
	}
	return o;
fail:
	if (o == NULL) {
		/* Still own the OpenSSL object: free it by kind. */
		switch (kind) {
		case OBJ_CERT:	X509_free(ossl); break;
		case OBJ_KEY:
		case OBJ_PUBKEY: EVP_PKEY_free(ossl); break;
		case OBJ_CSR:	X509_REQ_free(ossl); break;
		case OBJ_CRL:	X509_CRL_free(ossl); break;
		}
	}
	object_free(o);
	return NULL;
}

bool
inventory_adopt(struct inventory *inv, struct inventory *from,
    void (*remap)(void *, const struct object *, struct object *), void *arg)
{
	bool ok = true;

	if (!array_grow(&inv->srcs, &inv->capsrcs, inv->nsrcs + from->nsrcs,
	    sizeof(*inv->srcs)) || !array_grow(&inv->objs, &inv->capobjs,
	    inv->nobjs + from->nobjs, sizeof(*inv->objs)))
		return false;
	while ((inv->nobjs + from->nobjs) * 2 > inv->capindex)
		if (!index_rehash(inv))
			return false;
	if (from->nsrcs > 0)
		memcpy(inv->srcs + inv->nsrcs, from->srcs,
		    from->nsrcs * sizeof(*from->srcs));
	inv->nsrcs += from->nsrcs;
	from->nsrcs = 0;
	for (size_t i = 0; i < from->nobjs; i++) {
		struct object *o = from->objs[i], *dup = index_find(inv, o);
		if (dup == NULL) {
			size_t s = slot_of(o, inv->capindex - 1);
			while (inv->index[s] != NULL)
				s = (s + 1) & (inv->capindex - 1);
			inv->index[s] = o;
			inv->objs[inv->nobjs++] = o;
			continue;
		}
		if (o->trusted)
			keep_trust_settings(dup, o);
		if (o->trusted && !dup->trusted) {
			dup->trusted = true;
			dup->role = ROLE_CA;
		}
		ok &= record_also(dup, o->src, o->index);
		for (size_t j = 0; j < o->nalso; j++)
			ok &= record_also(dup, o->also[j], o->also_index[j]);
		if (remap != NULL)
			remap(arg, o, dup);
		object_free(o);
	}
	from->nobjs = 0;
	inventory_free(from);
	return ok;
}

bool
object_is_ca(const struct object *o)
{
	if (o == NULL || o->kind != OBJ_CERT)
		return false;
	/* X509_check_ca() also counts v1 self-signed roots, which is what
	 * "could be an issuer" means to a person sorting files. */
	return X509_check_ca(o->x509) != 0;
}

bool
object_is_self_issued(const struct object *o)
{
	if (o == NULL || o->kind != OBJ_CERT)
		return false;
	return X509_NAME_cmp(X509_get_subject_name(o->x509),
	    X509_get_issuer_name(o->x509)) == 0;
}

struct object *
inventory_key_for_spki(const struct inventory *inv,
    const unsigned char spki[32])
{
	for (size_t i = 0; i < inv->nobjs; i++) {
		struct object *o = inv->objs[i];
		if (o->kind == OBJ_KEY && o->have_spki &&
		    memcmp(o->spki_sha256, spki, 32) == 0)
			return o;
	}
	return NULL;
}

bool
inventory_is_served(const struct inventory *inv, const struct object *o)
{
	for (size_t i = 0; i < inv->nserved; i++)
		if (inv->served[i] == o)
			return true;
	return false;
}

bool
inventory_leaf_is_served(const struct inventory *inv)
{
	return inv->nserved > 0 && inv->leaf == inv->served[0];
}

size_t
inventory_count(const struct inventory *inv, enum objkind kind)
{
	size_t n = 0;

	for (size_t i = 0; i < inv->nobjs; i++)
		if (inv->objs[i]->kind == kind)
			n++;
	return n;
}

static bool
key_matches(const struct object *cert, const struct object *key)
{
	int r = EVP_PKEY_eq(X509_get0_pubkey(cert->x509), key->pkey);

	ERR_clear_error();
	return r == 1;
}

/* A key --previous brought belongs to the certificate being replaced,
 * never to the one being checked. */
static bool
key_candidate(const struct object *o)
{
	return o->kind == OBJ_KEY && o->role != ROLE_PREVIOUS;
}

/* --cert x --ca x: the trust-anchor role won the de-duplication, but the
 * certificate is still the one to check. */
static bool
given_as(const struct object *o, enum role role)
{
	for (size_t i = 0; i < o->nalso; i++)
		if (o->also[i] != NULL && o->also[i]->role == role)
			return true;
	return o->src != NULL && o->src->role == role;
}

/* A certificate given without a role, sorted by content. x.pem --ca x.pem
 * counts too: the user still asks about x. */
static bool
auto_cert(const struct object *o)
{
	return o->kind == OBJ_CERT &&
	    (o->role == ROLE_AUTO || given_as(o, ROLE_AUTO));
}

void
inventory_sort(struct inventory *inv)
{
	struct object *leaf = NULL, *key = NULL;

	for (size_t i = 0; i < inv->nobjs; i++) {
		struct object *o = inv->objs[i];
		if (o->kind == OBJ_CERT && leaf == NULL &&
		    (o->role == ROLE_CERT || given_as(o, ROLE_CERT)))
			leaf = o;
		if (o->kind == OBJ_KEY && o->role == ROLE_KEY && key == NULL)
			key = o;
	}
	/* The leaf is the certificate a given private key belongs to. */
	for (size_t k = 0; leaf == NULL && k < inv->nobjs; k++) {
		struct object *ko = inv->objs[k];
		if (!key_candidate(ko) || (key != NULL && ko != key))
			continue;
		for (size_t i = 0; i < inv->nobjs; i++) {
			struct object *o = inv->objs[i];
			if (auto_cert(o) && key_matches(o, ko)) {
				leaf = o;
				key = ko;
				break;
			}
		}
	}
	for (size_t i = 0; leaf == NULL && i < inv->nobjs; i++) {
		struct object *o = inv->objs[i];
		if (auto_cert(o) && !object_is_ca(o))
			leaf = o;
	}
	/* Only CA certificates given: check the first one as the subject. */
	for (size_t i = 0; leaf == NULL && i < inv->nobjs; i++) {
		struct object *o = inv->objs[i];
		if (auto_cert(o))
			leaf = o;
	}
	/* No key named: the one that matches the leaf, else the first. */
	for (size_t i = 0; key == NULL && leaf != NULL && i < inv->nobjs; i++) {
		struct object *o = inv->objs[i];
		if (key_candidate(o) && key_matches(leaf, o))
			key = o;
	}
	for (size_t i = 0; key == NULL && i < inv->nobjs; i++)
		if (key_candidate(inv->objs[i]))
			key = inv->objs[i];

	for (size_t i = 0; i < inv->nobjs; i++) {
		struct object *o = inv->objs[i];
		if (o->role != ROLE_AUTO)
			continue;
		switch (o->kind) {
		case OBJ_CERT:	o->role = o == leaf ? ROLE_CERT : ROLE_CHAIN; break;
		case OBJ_KEY:	o->role = ROLE_KEY; break;
		case OBJ_CSR:	o->role = ROLE_CSR; break;
		case OBJ_CRL:	o->role = ROLE_CRL; break;
		case OBJ_PUBKEY: break;
		}
	}
	if (leaf != NULL)
		leaf->role = ROLE_CERT;
	inv->leaf = leaf;
	inv->key = key;
}
