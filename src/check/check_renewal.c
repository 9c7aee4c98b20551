/* Renewal: the new certificate (the leaf) against the one it replaces
 * (--previous). Names are compared by coverage, with the same rules a
 * client applies (X509_check_host), so the names of the old certificate
 * are checked against the new one whether or not --host was given. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "checks.h"
#include "describe.h"

/* The same thresholds as weak-key: what OpenSSL's default security
 * level 2 refuses. */
#define MIN_RSA_BITS	2048
#define MIN_EC_BITS	224

static bool
is_ip(const char *s)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, s, buf) == 1 ||
	    inet_pton(AF_INET6, s, buf) == 1;
}

/* Does x cover name, a name another certificate lists? A wildcard is
 * covered only by the same wildcard: a list of names cannot stand in for
 * it. */
static bool
covers(X509 *x, const char *name)
{
	char **names;
	int r = 0;

	if (name[0] == '*') {
		if ((names = cert_names(x)) == NULL)
			return false;
		for (size_t i = 0; r == 0 && names[i] != NULL; i++)
			r = strcasecmp(names[i], name) == 0;
		names_free(names);
		return r == 1;
	}
	if (is_ip(name))
		r = X509_check_ip_asc(x, name, 0);
	else
		r = X509_check_host(x, name, strlen(name), 0, NULL);
	ERR_clear_error();
	return r == 1;
}

/* The names of `from` that `to` does not cover, joined by ", " (NULL when
 * there are none or on ENOMEM); *n counts them. */
static char *
uncovered(X509 *from, X509 *to, size_t *n)
{
	char **names = cert_names(from), *out = NULL;
	size_t len = 0;
	FILE *fp;

	*n = 0;
	if (names == NULL || (fp = open_memstream(&out, &len)) == NULL) {
		names_free(names);
		return NULL;
	}
	for (size_t i = 0; names[i] != NULL; i++)
		if (!covers(to, names[i]))
			fprintf(fp, "%s%s", (*n)++ > 0 ? ", " : "", names[i]);
	fclose(fp);
	names_free(names);
	if (*n == 0) {
		free(out);
		return NULL;
	}
	return out;
}

static size_t
count_names(X509 *x)
{
	char **names = cert_names(x);
	size_t n = 0;

	while (names != NULL && names[n] != NULL)
		n++;
	names_free(names);
	return n;
}

static bool
from_previous(const struct object *o)
{
	if (o->role == ROLE_PREVIOUS)
		return true;
	for (size_t i = 0; i < o->nalso; i++)
		if (o->also[i]->role == ROLE_PREVIOUS)
			return true;
	return false;
}

static bool
key_weak(const EVP_PKEY *pk)
{
	int bits = EVP_PKEY_get_bits(pk);

	if (EVP_PKEY_is_a(pk, "RSA") || EVP_PKEY_is_a(pk, "RSA-PSS") ||
	    EVP_PKEY_is_a(pk, "DSA"))
		return bits < MIN_RSA_BITS;
	if (EVP_PKEY_is_a(pk, "EC"))
		return bits < MIN_EC_BITS;
	return false;
}

static const char *
source_path(const struct object *o)
{
	for (size_t i = 0; o->role != ROLE_PREVIOUS && i < o->nalso; i++)
		if (o->also[i]->role == ROLE_PREVIOUS)
			return o->also[i]->path;
	return o->src != NULL ? o->src->path : "the previous certificate";
}

static const char *
expiry(X509 *x, char *buf, size_t len)
{
	time_t t;

	if (!asn1_time_to_time_t(X509_get0_notAfter(x), &t))
		return "an unreadable date";
	return format_time(t, buf, len);
}

static bool
same_cert(const struct object *nw, const struct object *old)
{
	return nw == old ||
	    memcmp(nw->sha256, old->sha256, sizeof(nw->sha256)) == 0 ||
	    (ASN1_INTEGER_cmp(X509_get0_serialNumber(nw->x509),
	    X509_get0_serialNumber(old->x509)) == 0 &&
	    X509_NAME_cmp(X509_get_issuer_name(nw->x509),
	    X509_get_issuer_name(old->x509)) == 0);
}

static void
check_same(const struct object *nw, const struct object *old,
    struct findings *fs)
{
	char *serial = serial_hex(X509_get0_serialNumber(nw->x509)),
	    date[32];
	struct finding *f;

	f = finding_add(fs, "renewal-same-cert", SEV_FAIL, nw,
	    "this is the same certificate as the previous one in %s "
	    "(serial %s, expires %s)", source_path(old),
	    serial != NULL ? serial : "?",
	    expiry(nw->x509, date, sizeof(date)));
	finding_hint(f, "the renewal did not produce a new certificate, or "
	    "the old file was copied again: deploy the newly issued file "
	    "(certbot keeps it in /etc/letsencrypt/live/NAME/) and check the "
	    "renewal's log");
	free(serial);
}

static void
check_names(const struct object *nw, const struct object *old,
    struct findings *fs)
{
	size_t ndropped, nadded;
	char *dropped = uncovered(old->x509, nw->x509, &ndropped);
	char *added = uncovered(nw->x509, old->x509, &nadded);
	struct finding *f;

	if (dropped != NULL) {
		f = finding_add(fs, "renewal-names-dropped", SEV_FAIL, nw,
		    "no longer covers %s, which the previous certificate "
		    "(%s) covered", dropped, source_path(old));
		finding_hint(f, "reissue it with the missing name%s too "
		    "(certbot: --expand with -d for every name; openssl req: "
		    "-addext \"subjectAltName=DNS:NAME,...\"), unless no "
		    "client uses %s any more", ndropped > 1 ? "s" : "",
		    ndropped > 1 ? "them" : "it");
	} else
		finding_add(fs, "renewal-names-dropped", SEV_PASS, nw,
		    "covers every name of the previous certificate (%zu)",
		    count_names(old->x509));
	if (added != NULL)
		finding_add(fs, "renewal-names-added", SEV_INFO, nw,
		    "covers %zu name%s the previous certificate did not: %s",
		    nadded, nadded > 1 ? "s" : "", added);
	free(dropped);
	free(added);
}

static void
check_expiry(const struct object *nw, const struct object *old,
    struct findings *fs)
{
	time_t tn, to;
	char dn[32], dold[32];
	struct finding *f;

	if (!asn1_time_to_time_t(X509_get0_notAfter(nw->x509), &tn) ||
	    !asn1_time_to_time_t(X509_get0_notAfter(old->x509), &to))
		return;
	if (tn <= to) {
		f = finding_add(fs, "renewal-not-later", SEV_WARN, nw,
		    "expires %s, not after the previous certificate (%s, "
		    "expires %s)", format_time(tn, dn, sizeof(dn)),
		    source_path(old), format_time(to, dold, sizeof(dold)));
		finding_hint(f, "make sure this is the newly issued "
		    "certificate and not an older copy: certdiag show lists "
		    "each file's expiry date");
	} else
		finding_add(fs, "renewal-not-later", SEV_PASS, nw,
		    "expires %ld days after the previous certificate",
		    days_until(to, tn));
}

static void
check_key(const struct inventory *inv, const struct object *nw,
    const struct object *old, struct findings *fs)
{
	EVP_PKEY *kn = X509_get0_pubkey(nw->x509);
	EVP_PKEY *ko = X509_get0_pubkey(old->x509);
	char *dn = key_description(kn), *dold = key_description(ko);
	const struct object *key;
	struct finding *f;

	if (nw->have_spki && old->have_spki &&
	    memcmp(nw->spki_sha256, old->spki_sha256, 32) == 0) {
		if (kn != NULL && key_weak(kn)) {
			f = finding_add(fs, "renewal-key-reused", SEV_WARN, nw,
			    "reuses the previous certificate's key, a weak %s "
			    "key: the renewal was the moment to replace it",
			    dn != NULL ? dn : "?");
			finding_hint(f, "make a new key for the next request: "
			    "openssl req -new -newkey ec -pkeyopt "
			    "ec_paramgen_curve:P-256 -keyout new.key -out "
			    "new.csr (certbot: --new-key)");
		} else
			finding_add(fs, "renewal-key-reused", SEV_INFO, nw,
			    "reuses the previous certificate's key (%s)",
			    dn != NULL ? dn : "?");
		goto out;
	}
	key = nw->have_spki ? inventory_key_for_spki(inv, nw->spki_sha256) :
	    NULL;
	if (key != NULL && key->src != NULL)
		f = finding_add(fs, "renewal-key-changed", SEV_INFO, nw,
		    "has a new key (%s); its private key is in %s: deploy "
		    "both together", dn != NULL ? dn : "?", key->src->path);
	else
		f = finding_add(fs, "renewal-key-changed", SEV_INFO, nw,
		    "has a new key (%s): deploy its new private key with it, "
		    "the previous key does not work with it",
		    dn != NULL ? dn : "?");
	finding_hint(f, "install the new private key with the certificate, "
	    "and update pinned key hashes or DANE TLSA records of selector 1 "
	    "if there are any");
	if (dn != NULL && dold != NULL && strcmp(dn, dold) != 0) {
		f = finding_add(fs, "renewal-key-type-changed", SEV_INFO, nw,
		    "the key changed from %s to %s", dold, dn);
		finding_hint(f, "clients or pins that expect a %s key must "
		    "accept %s", dold, dn);
	}
out:
	free(dn);
	free(dold);
}

/* The issuer changed when its name or its key (the authority key
 * identifier) did: either way the served intermediate must change. */
static bool
issuer_changed(X509 *nw, X509 *old)
{
	const ASN1_OCTET_STRING *an = X509_get0_authority_key_id(nw);
	const ASN1_OCTET_STRING *ao = X509_get0_authority_key_id(old);

	if (X509_NAME_cmp(X509_get_issuer_name(nw),
	    X509_get_issuer_name(old)) != 0)
		return true;
	return an != NULL && ao != NULL && ASN1_OCTET_STRING_cmp(an, ao) != 0;
}

static void
check_issuer(const struct object *nw, const struct object *old,
    struct findings *fs)
{
	char *in, *io;
	struct finding *f;

	if (!issuer_changed(nw->x509, old->x509))
		return;
	in = name_oneline(X509_get_issuer_name(nw->x509));
	io = name_oneline(X509_get_issuer_name(old->x509));
	f = finding_add(fs, "renewal-issuer-changed", SEV_INFO, nw,
	    "issued by %s, the previous certificate by %s%s: the chain must "
	    "change too", in != NULL ? in : "?", io != NULL ? io : "?",
	    in != NULL && io != NULL && strcmp(in, io) == 0 ?
	    " (another key)" : "");
	finding_hint(f, "serve the new issuer's intermediates with it, not "
	    "the old chain: certdiag check %s --chain CHAIN confirms they fit",
	    nw->src != NULL ? nw->src->path : "CERT");
	free(in);
	free(io);
}

static void
compare(const struct inventory *inv, const struct object *nw,
    const struct object *old, struct findings *fs)
{
	if (same_cert(nw, old)) {
		check_same(nw, old, fs);
		return;
	}
	check_names(nw, old, fs);
	check_expiry(nw, old, fs);
	check_key(inv, nw, old, fs);
	check_issuer(nw, old, fs);
}

static void
check_renewal_run(const struct inventory *inv,
    const struct check_ctx *ctx, struct findings *fs)
{
	size_t nleaves = 0;
	const struct object *first = NULL;

	(void)ctx;
	if (inv->leaf == NULL)
		return;
	/* The previous certificate is the end-entity one among what
	 * --previous gave (a PKCS#12 or a fullchain brings its CAs too). */
	for (size_t i = 0; i < inv->nobjs; i++) {
		const struct object *o = inv->objs[i];
		if (o->kind != OBJ_CERT || !from_previous(o))
			continue;
		if (first == NULL)
			first = o;
		if (!object_is_ca(o) || o == inv->leaf) {
			compare(inv, inv->leaf, o, fs);
			nleaves++;
		}
	}
	if (nleaves == 0 && first != NULL)
		compare(inv, inv->leaf, first, fs);
}

const struct check check_renewal = { "renewal", check_renewal_run };
