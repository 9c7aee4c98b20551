/* Does the private key belong to the certificate, and is the key itself
 * sound? */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "check_common.h"
#include "checks.h"
#include "describe.h"
#include "key_consistency.h"

/* Keys that could be the leaf's: not those --previous brought along
 * with the certificate being replaced. */
static bool
key_candidate(const struct object *o)
{
	return o->kind == OBJ_KEY && o->role != ROLE_PREVIOUS;
}

static size_t
count_candidates(const struct inventory *inv)
{
	size_t n = 0;

	for (size_t i = 0; i < inv->nobjs; i++)
		n += key_candidate(inv->objs[i]);
	return n;
}

static bool
key_matches_cert(const struct object *key, const struct object *cert)
{
	/* EVP_PKEY_eq compares the public halves of any key type the
	 * providers know: RSA, RSA-PSS, EC, Ed25519, Ed448, DSA. */
	int r = EVP_PKEY_eq(X509_get0_pubkey(cert->x509), key->pkey);

	ERR_clear_error();
	return r == 1;
}

static void
check_consistency(const struct inventory *inv, struct findings *fs)
{
	for (size_t i = 0; i < inv->nobjs; i++) {
		const struct object *k = inv->objs[i];
		struct finding *f;
		char *desc;

		if (k->kind != OBJ_KEY || key_consistency(k->pkey) != 0)
			continue;
		desc = key_description(k->pkey);
		f = finding_add(fs, "key-invalid", SEV_FAIL, k,
		    "private key in %s (%s) fails its consistency check: "
		    "its private and public parts do not belong together",
		    check_path(k, "?"), desc != NULL ? desc : "unknown");
		finding_hint(f, "the key file is damaged or was edited; "
		    "restore %s from a backup, or generate a new key and "
		    "request a new certificate for it", check_path(k, "the key"));
		free(desc);
	}
}

/* The certificate the key does belong to, if it is in the inventory. */
static const struct object *
cert_for_key(const struct inventory *inv, const struct object *key)
{
	for (size_t i = 0; i < inv->nobjs; i++) {
		const struct object *o = inv->objs[i];
		if (o->kind == OBJ_CERT && o->have_spki && key->have_spki &&
		    memcmp(o->spki_sha256, key->spki_sha256, 32) == 0)
			return o;
	}
	return NULL;
}

static void
report_mismatch(const struct inventory *inv, const char *subject,
    const struct object *match, struct findings *fs)
{
	const struct object *key = inv->key, *leaf = inv->leaf;
	const struct object *owner = cert_for_key(inv, key);
	const char *cert_path = check_path(leaf, "cert.pem");
	const char *key_path = check_path(key, "key.pem");
	char *kdesc = key_description(key->pkey);
	char *cdesc = key_description(X509_get0_pubkey(leaf->x509));
	char *oname = owner != NULL ?
	    name_oneline(X509_get_subject_name(owner->x509)) : NULL;
	size_t nkeys = count_candidates(inv);
	struct finding *f;

	if (match != NULL)
		f = finding_add(fs, "key-mismatch", SEV_FAIL, key,
		    "private key in %s does not match the %s; "
		    "the key in %s does", key_path, subject,
		    check_path(match, "?"));
	else if (nkeys > 1)
		f = finding_add(fs, "key-mismatch", SEV_FAIL, key,
		    "none of the %zu private keys given matches the "
		    "%s (%s)", nkeys, subject,
		    cdesc != NULL ? cdesc : "unknown key");
	else if (owner != NULL)
		f = finding_add(fs, "key-mismatch", SEV_FAIL, key,
		    "private key in %s does not match the %s; "
		    "it belongs to %s in %s", key_path, subject,
		    oname != NULL ? oname : "?", check_path(owner, "?"));
	else if (kdesc != NULL && cdesc != NULL && strcmp(kdesc, cdesc) == 0)
		f = finding_add(fs, "key-mismatch", SEV_FAIL, key,
		    "private key in %s does not match the %s: both are %s, "
		    "but different key pairs", key_path, subject, kdesc);
	else
		f = finding_add(fs, "key-mismatch", SEV_FAIL, key,
		    "private key in %s (%s) does not match the "
		    "%s (%s)", key_path, kdesc != NULL ? kdesc : "unknown",
		    subject, cdesc != NULL ? cdesc : "unknown");

	if (match != NULL)
		finding_hint(f, "use %s as the key for %s", check_path(match,
		    "?"), cert_path);
	else
		finding_hint(f, "use the key that was generated with the CSR "
		    "for this certificate; to compare, the outputs of "
		    "`openssl x509 -noout -pubkey -in %s | openssl sha256` and "
		    "`openssl pkey -pubout -in %s | openssl sha256` must be "
		    "equal", cert_path, key_path);
	free(kdesc);
	free(cdesc);
	free(oname);
}

static void
check_keymatch_run(const struct inventory *inv,
    const struct check_ctx *ctx, struct findings *fs)
{
	const struct object *match = NULL;
	char *subject;
	size_t nkeys;

	(void)ctx;
	check_consistency(inv, fs);
	if (inv->leaf == NULL || inv->key == NULL)
		return;
	if ((subject = check_cert_label(inv, inv->leaf)) == NULL)
		return;
	nkeys = count_candidates(inv);
	for (size_t i = 0; match == NULL && i < inv->nobjs; i++) {
		const struct object *o = inv->objs[i];
		if (key_candidate(o) && key_matches_cert(o, inv->leaf))
			match = o;
	}
	if (key_matches_cert(inv->key, inv->leaf)) {
		if (nkeys > 1)
			finding_add(fs, "key-mismatch", SEV_PASS, inv->key,
			    "private key in %s matches the %s",
			    check_path(inv->key, "?"), subject);
		else
			finding_add(fs, "key-mismatch", SEV_PASS, inv->key,
			    "private key matches the %s", subject);
	} else
		report_mismatch(inv, subject, match, fs);
	free(subject);
}

const struct check check_keymatch = { "keymatch", check_keymatch_run };
