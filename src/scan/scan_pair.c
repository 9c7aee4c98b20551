#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "describe.h"
#include "scan.h"
#include "scan_pair.h"
#include "strbuf.h"

/* One place an object is stored: an object found in three files has
 * three placements. */
struct placement {
	struct object *obj;
	const struct source *src;
	char *dir;		/* owned: folder of the file ("" for cwd) */
	char *stem;		/* owned: see scan_pair_stem */
};

/* Extensions people give certificate and key files; stripped from the
 * end of a name until none is left, so foo.key.pem and foo.crt meet. */
static const char *const cert_exts[] = {
	"gz", "pem", "der", "crt", "cer", "cert", "key", "p12", "pfx",
	"p7b", "p7c", "csr", "req", "priv", "txt", NULL
};

/* Suffixes of conventions like cfssl's foo.pem / foo-key.pem. */
static const char *const role_suffixes[] = {
	"-key", "_key", ".key", "-cert", "_cert", "-crt", "_crt", NULL
};

void
scan_pair_stem(const char *path, char *buf)
{
	const char *base = strrchr(path, '/');
	size_t len;
	bool stripped = true;

	base = base != NULL ? base + 1 : path;
	len = strlen(base);
	memcpy(buf, base, len + 1);
	while (stripped) {
		char *dot = strrchr(buf, '.');
		stripped = false;
		if (dot == NULL || dot == buf)
			break;
		for (size_t i = 0; cert_exts[i] != NULL; i++)
			if (strcasecmp(dot + 1, cert_exts[i]) == 0) {
				*dot = '\0';
				stripped = true;
				break;
			}
	}
	len = strlen(buf);
	for (size_t i = 0; role_suffixes[i] != NULL; i++) {
		size_t sl = strlen(role_suffixes[i]);
		if (len > sl && strcasecmp(buf + len - sl,
		    role_suffixes[i]) == 0) {
			buf[len - sl] = '\0';
			break;
		}
	}
}

/* Certificates by SPKI hash: open addressing over object pointers;
 * several certificates may share a key (renewals), so lookups walk the
 * probe sequence and collect every match. */
struct spki_map {
	const struct object **slot;
	size_t cap;
};

static size_t
spki_slot(const unsigned char *spki, size_t mask)
{
	size_t h;

	memcpy(&h, spki, sizeof(h));
	return h & mask;
}

static bool
spki_map_build(struct spki_map *m, const struct inventory *inv)
{
	size_t n = 0;

	for (size_t i = 0; i < inv->nobjs; i++)
		if (inv->objs[i]->kind == OBJ_CERT && inv->objs[i]->have_spki)
			n++;
	for (m->cap = 16; m->cap < n * 2; m->cap *= 2)
		;
	if ((m->slot = calloc(m->cap, sizeof(*m->slot))) == NULL)
		return false;
	for (size_t i = 0; i < inv->nobjs; i++) {
		const struct object *o = inv->objs[i];
		size_t s;
		if (o->kind != OBJ_CERT || !o->have_spki)
			continue;
		s = spki_slot(o->spki_sha256, m->cap - 1);
		while (m->slot[s] != NULL)
			s = (s + 1) & (m->cap - 1);
		m->slot[s] = o;
	}
	return true;
}

static bool
in_dir(const char *path, const char *dir)
{
	const char *sl = strrchr(path, '/');
	size_t dl = sl != NULL ? (size_t)(sl - path) : 0;

	return strlen(dir) == dl && strncmp(path, dir, dl) == 0;
}

/* The certificate that best names a key's owner: a leaf before a CA,
 * a copy in `dir` before one elsewhere. *where gets the file to name.
 * NULL when no certificate matches. */
static const struct object *
spki_owner(const struct spki_map *m, const struct object *key,
    const char *dir, const char **where)
{
	const struct object *best = NULL;
	int best_score = -1;

	for (size_t s = spki_slot(key->spki_sha256, m->cap - 1);
	    m->slot[s] != NULL; s = (s + 1) & (m->cap - 1)) {
		const struct object *c = m->slot[s];
		if (memcmp(c->spki_sha256, key->spki_sha256, 32) != 0)
			continue;
		for (size_t j = 0; j <= c->nalso; j++) {
			const char *path = j == 0 ? c->src->path :
			    c->also[j - 1]->path;
			int score = object_is_ca(c) ? 0 : 2;
			if (dir != NULL && in_dir(path, dir))
				score += 1;
			if (score > best_score) {
				best = c;
				best_score = score;
				*where = path;
			}
		}
	}
	return best;
}

/* The key's public half is the certificate's. The SPKI hashes decide;
 * when they differ, OpenSSL compares the keys themselves, since two
 * encodings of one key (RSA parameters left out, a compressed point)
 * hash differently. Only pairs a convention names get this far. */
static bool
same_key(const struct object *key, const struct object *cert)
{
	int r;

	if (key->have_spki && cert->have_spki &&
	    memcmp(key->spki_sha256, cert->spki_sha256, 32) == 0)
		return true;
	r = EVP_PKEY_eq(key->pkey, X509_get0_pubkey(cert->x509));
	ERR_clear_error();
	return r == 1;
}

static char *
subject_of(const struct object *cert)
{
	char *s = name_oneline(X509_get_subject_name(cert->x509));

	return s != NULL ? s : strdup("?");
}

/* A finding about `about`, shown at `path` (one of its placements). */
static struct finding *
add_at(struct findings *fs, const char *id, enum severity sev,
    const struct object *about, const char *path, const char *msg)
{
	struct finding *f = finding_add(fs, id, sev, about, "%s", msg);
	char *p;

	if (f != NULL && path != NULL && (p = strdup(path)) != NULL) {
		free(f->file);
		f->file = p;
	}
	return f;
}

static int
cmp_placement(const void *va, const void *vb)
{
	const struct placement *a = va, *b = vb;
	int c = strcmp(a->dir, b->dir);

	if (c != 0)
		return c;
	if ((c = strcmp(a->stem, b->stem)) != 0)
		return c;
	return strcmp(a->src->path, b->src->path);
}

static bool
place(struct placement *p, struct object *o, const struct source *src)
{
	const char *path = src->path, *sl = strrchr(path, '/');
	size_t dl = sl != NULL ? (size_t)(sl - path) : 0;

	p->obj = o;
	p->src = src;
	p->dir = strndup(path, dl);
	p->stem = malloc(strlen(path) + 1);
	if (p->dir == NULL || p->stem == NULL)
		return false;
	scan_pair_stem(path, p->stem);
	return true;
}

static void
report_mismatch(struct findings *fs, const struct spki_map *m,
    const struct placement *key, const struct placement *cert,
    const char *why)
{
	const char *owner_path = NULL;
	const struct object *owner = spki_owner(m, key->obj, key->dir,
	    &owner_path);
	char *subj = subject_of(cert->obj), *os = NULL, *msg = NULL;
	struct finding *f;
	int r;

	if (owner != NULL) {
		os = subject_of(owner);
		r = asprintf(&msg, "private key does not match %s (%s, paired "
		    "by %s); it belongs to %s (%s)", cert->src->path, subj, why,
		    os, owner_path);
	} else
		r = asprintf(&msg, "private key does not match %s (%s, paired "
		    "by %s); no certificate in the scan carries its public "
		    "key", cert->src->path, subj, why);
	if (r >= 0) {
		f = add_at(fs, "key-mismatch", SEV_FAIL, key->obj,
		    key->src->path, msg);
		finding_hint(f, "put the certificate issued for this key next "
		    "to it, or the key of %s; compare: openssl pkey -in %s "
		    "-pubout | openssl sha256; openssl x509 -in %s -pubkey "
		    "-noout | openssl sha256", cert->src->path,
		    key->src->path, cert->src->path);
	}
	free(msg);
	free(os);
	free(subj);
}

/* Past this many certificates under one stem, only the SPKI hashes
 * decide: comparing keys themselves is the expensive part, and every
 * key with every certificate of a huge group is quadratic. */
#define PAIR_MAX_KEY_COMPARES	16

static int
cmp_spki(const void *a, const void *b)
{
	const struct object *const *x = a, *const *y = b;

	return memcmp((*x)->spki_sha256, (*y)->spki_sha256, 32);
}

/* Same folder and stem: foo.key with foo.crt, or a combined file. The
 * key must match one certificate of the group: looked up by SPKI hash
 * among the group's certificates sorted once, O(n log n). */
static void
pair_by_name(struct findings *fs, const struct spki_map *m,
    struct placement *p, size_t lo, size_t hi, bool *done)
{
	const struct placement *cert = NULL;
	const struct object **certs = NULL;
	size_t ncerts = 0, nall = 0;

	for (size_t c = lo; c < hi; c++) {
		if (p[c].obj->kind != OBJ_CERT)
			continue;
		nall++;
		/* Name the leaf, not an intermediate of a chain. */
		if (cert == NULL || (object_is_ca(cert->obj) &&
		    !object_is_ca(p[c].obj)))
			cert = &p[c];
	}
	if (cert == NULL)
		return;
	if ((certs = calloc(nall, sizeof(*certs))) == NULL)
		return;
	for (size_t c = lo; c < hi; c++)
		if (p[c].obj->kind == OBJ_CERT && p[c].obj->have_spki)
			certs[ncerts++] = p[c].obj;
	array_sort(certs, ncerts, sizeof(*certs), cmp_spki);
	for (size_t k = lo; k < hi; k++) {
		const struct object *key = p[k].obj;
		bool match;
		if (key->kind != OBJ_KEY || !key->have_spki)
			continue;
		match = bsearch(&key, certs, ncerts, sizeof(*certs),
		    cmp_spki) != NULL;
		for (size_t c = lo; !match && nall <= PAIR_MAX_KEY_COMPARES &&
		    c < hi; c++)
			match = p[c].obj->kind == OBJ_CERT &&
			    same_key(key, p[c].obj);
		if (match)
			continue;
		done[k] = true;
		if (scan_reported(key) || scan_reported(cert->obj))
			report_mismatch(fs, m, &p[k], cert, strcmp(
			    p[k].src->path, cert->src->path) == 0 ?
			    "being in the same file" : "file name");
	}
	free(certs);
}

/* A folder with one key and one leaf (certbot's live/NAME/, many
 * deployments): they belong together unless the key matches some other
 * certificate in the folder (a CA's own key, say). */
static void
pair_by_folder(struct findings *fs, const struct spki_map *m,
    struct placement *p, size_t lo, size_t hi, const bool *done)
{
	const struct placement *key = NULL, *leaf = NULL;

	for (size_t i = lo; i < hi; i++) {
		const struct object *o = p[i].obj;
		if (o->kind == OBJ_KEY) {
			if (key != NULL && key->obj != o)
				return;
			key = &p[i];
		} else if (o->kind == OBJ_CERT && !object_is_ca(o)) {
			if (leaf != NULL && leaf->obj != o)
				return;
			leaf = &p[i];
		}
	}
	if (key == NULL || leaf == NULL || !key->obj->have_spki)
		return;
	for (size_t i = lo; i < hi; i++)
		if (p[i].obj->kind == OBJ_CERT && same_key(key->obj, p[i].obj))
			return;
	for (size_t i = lo; i < hi; i++)
		if (p[i].obj == key->obj && done[i])
			return;		/* already told by name */
	if (scan_reported(key->obj) || scan_reported(leaf->obj))
		report_mismatch(fs, m, key, leaf, "folder");
}

static void
report_keys(const struct inventory *inv, struct findings *fs,
    const struct spki_map *m)
{
	for (size_t i = 0; i < inv->nobjs; i++) {
		const struct object *k = inv->objs[i], *owner;
		const char *owner_path = NULL;
		char *kd, *subj = NULL, *dir;
		struct finding *f;

		if (k->kind != OBJ_KEY || !scan_reported(k))
			continue;
		kd = key_description(k->pkey);
		dir = k->src != NULL ? strndup(k->src->path, strrchr(
		    k->src->path, '/') != NULL ? (size_t)(strrchr(k->src->path,
		    '/') - k->src->path) : 0) : NULL;
		owner = k->have_spki ? spki_owner(m, k, dir, &owner_path) :
		    NULL;
		free(dir);
		if (owner != NULL)
			subj = subject_of(owner);
		if (owner == NULL)
			finding_add(fs, "key-orphan", SEV_INFO, k,
			    "private key (%s) has no certificate in the scan",
			    kd != NULL ? kd : "?");
		if (!k->encrypted) {
			if (owner != NULL)
				f = finding_add(fs, "private-key-unencrypted",
				    SEV_WARN, k, "unencrypted private key (%s) "
				    "of %s (%s) is stored here",
				    kd != NULL ? kd : "?", subj, owner_path);
			else
				f = finding_add(fs, "private-key-unencrypted",
				    SEV_WARN, k, "unencrypted private key (%s) "
				    "is stored here", kd != NULL ? kd : "?");
			finding_hint(f, "keep private keys out of the "
			    "repository (a secret store, or encrypt: openssl "
			    "pkey -in %s -aes256 -out %s.enc); if it is a "
			    "throw-away test key, list it in .certdiagignore",
			    k->src->path, k->src->path);
		}
		free(subj);
		free(kd);
	}
}

void
scan_pair(const struct inventory *inv, struct findings *fs)
{
	struct spki_map m = { 0 };
	struct placement *p = NULL;
	bool *done = NULL;
	size_t n = 0, cap = 0;

	if (!spki_map_build(&m, inv))
		goto oom;
	for (size_t i = 0; i < inv->nobjs; i++) {
		struct object *o = inv->objs[i];
		if (o->kind != OBJ_KEY && o->kind != OBJ_CERT)
			continue;
		cap += 1 + o->nalso;
	}
	if ((p = calloc(cap + 1, sizeof(*p))) == NULL ||
	    (done = calloc(cap + 1, sizeof(*done))) == NULL)
		goto oom;
	for (size_t i = 0; i < inv->nobjs; i++) {
		struct object *o = inv->objs[i];
		if (o->kind != OBJ_KEY && o->kind != OBJ_CERT)
			continue;
		if (o->src != NULL && !place(&p[n++], o, o->src))
			goto oom;
		for (size_t j = 0; j < o->nalso; j++)
			if (!place(&p[n++], o, o->also[j]))
				goto oom;
	}
	array_sort(p, n, sizeof(*p), cmp_placement);

	/* Groups of one folder and stem, then groups of one folder. */
	for (size_t lo = 0, hi; lo < n; lo = hi) {
		for (hi = lo + 1; hi < n && strcmp(p[hi].dir, p[lo].dir) == 0 &&
		    strcmp(p[hi].stem, p[lo].stem) == 0; hi++)
			;
		pair_by_name(fs, &m, p, lo, hi, done);
	}
	for (size_t lo = 0, hi; lo < n; lo = hi) {
		for (hi = lo + 1; hi < n && strcmp(p[hi].dir, p[lo].dir) == 0;
		    hi++)
			;
		pair_by_folder(fs, &m, p, lo, hi, done);
	}
	report_keys(inv, fs, &m);
	goto out;
oom:
	finding_add(fs, "scan-error", SEV_ERROR, NULL,
	    "out of memory while pairing keys and certificates");
out:
	for (size_t i = 0; p != NULL && i < n; i++) {
		free(p[i].dir);
		free(p[i].stem);
	}
	free(done);
	free(p);
	free(m.slot);
}
