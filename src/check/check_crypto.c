/* Keys and signatures too weak for current clients.
 *
 * Signatures are judged on the leaf and the chain certificates, never on
 * a self-signed root's signature over itself: a trust anchor is trusted
 * for what it is, and clients do not verify its self-signature (RFC 5280
 * 6.1; OpenSSL, browsers and Go all skip it), so a SHA-1 self-signed root
 * is harmless. Trust anchors given with --ca are not judged at all: a
 * system bundle holds hundreds of them and which one serves the chain is
 * the chain check's business. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include "check_common.h"
#include "checks.h"
#include "describe.h"

/* Below these, keys are refused by current clients (OpenSSL security
 * level 2, NIST SP 800-131A): 112-bit security. */
#define MIN_RSA_BITS	2048
#define MIN_DSA_BITS	2048
#define MIN_EC_BITS	224

/* The minimum for this key's type, or 0 when its type has no weak sizes
 * (Ed25519, Ed448) or is unknown to us. */
static int
min_bits(const EVP_PKEY *pk)
{
	if (EVP_PKEY_is_a(pk, "RSA") || EVP_PKEY_is_a(pk, "RSA-PSS"))
		return MIN_RSA_BITS;
	if (EVP_PKEY_is_a(pk, "DSA"))
		return MIN_DSA_BITS;
	if (EVP_PKEY_is_a(pk, "EC"))
		return MIN_EC_BITS;
	return 0;
}

static void
check_key(const struct inventory *inv, const struct object *o,
    const char *label, struct findings *fs, bool *bad)
{
	EVP_PKEY *pk = X509_get0_pubkey(o->x509);
	struct finding *f;
	char *desc;
	int min;

	ERR_clear_error();
	if (pk == NULL || (min = min_bits(pk)) == 0 ||
	    EVP_PKEY_get_bits(pk) >= min)
		return;
	*bad = true;
	desc = key_description(pk);
	f = finding_add(fs, "weak-key", SEV_FAIL, o,
	    "%s has a weak %s key (at least %d bits are needed)", label,
	    desc != NULL ? desc : "?", min);
	if (o == inv->leaf)
	{
		char **names = cert_names(o->x509);
		char *san = names != NULL && names[0] != NULL ?
		    check_san_addext(names, NULL) : NULL;
		char *subj = X509_NAME_oneline(X509_get_subject_name(o->x509),
		    NULL, 0);

		finding_hint(f, "generate a new key (EC P-256 here; RSA: "
		    "-algorithm RSA -pkeyopt rsa_keygen_bits:2048) and request "
		    "a new certificate for it, with the same names, to replace "
		    "%s", check_path(o, "the certificate file"));
		finding_fix(f, "openssl", "genpkey", "-algorithm", "EC",
		    "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "new-key.pem",
		    NULL);
		check_fix_request_key(f, "new-key.pem", subj != NULL &&
		    *subj != '\0' ? subj : "/CN=NAME", san, "request.csr");
		OPENSSL_free(subj);
		free(san);
		names_free(names);
	}
	else
		finding_hint(f, "this CA certificate is obsolete: get a "
		    "current chain from your CA and replace %s",
		    check_path(o, "the chain file"));
	free(desc);
}

/* Digests with practical collision attacks (or none better than
 * SHA-1's), as clients name them; NULL when the digest is fine. */
static const char *
weak_digest(int mdnid)
{
	switch (mdnid) {
	case NID_md2:		return "MD2";
	case NID_md4:		return "MD4";
	case NID_md5:		return "MD5";
	case NID_md5_sha1:	return "MD5+SHA-1";
	case NID_mdc2:		return "MDC-2";
	case NID_sha1:		return "SHA-1";
	}
	return NULL;
}

/* The digest a signature was made with, NID_undef when the algorithm
 * has none of its own (Ed25519) or is unknown. */
static int
signature_digest(const X509 *x)
{
	int mdnid = NID_undef, pknid = NID_undef;

	/* X509_get_signature_info also sees inside RSA-PSS parameters. */
	if (X509_get_signature_info((X509 *)x, &mdnid, &pknid, NULL,
	    NULL) != 1 &&
	    !OBJ_find_sigid_algs(X509_get_signature_nid(x), &mdnid, &pknid))
		mdnid = NID_undef;
	ERR_clear_error();
	return mdnid;
}

static void
check_signature(const struct inventory *inv, const struct object *o,
    const char *label, struct findings *fs, bool *bad)
{
	const char *weak = weak_digest(signature_digest(o->x509));
	const char *alg = OBJ_nid2ln(X509_get_signature_nid(o->x509));
	struct finding *f;

	if (weak == NULL)
		return;
	*bad = true;
	f = finding_add(fs, "weak-signature", SEV_FAIL, o,
	    "%s is signed with %s (%s): clients reject such signatures",
	    label, alg != NULL ? alg : "?", weak);
	if (o != inv->leaf)
		finding_hint(f, "this CA certificate is obsolete: get a "
		    "current chain from your CA and replace %s",
		    check_path(o, "the chain file"));
	else if (object_is_self_issued(o))
	{
		finding_hint(f, "re-sign it with SHA-256 and put it in the old "
		    "one's place");
		check_fix_resign(f, inv, o);
	}
	else
		finding_hint(f, "request a new certificate from your CA (any "
		    "current CA signs with SHA-256 or better) and replace %s",
		    check_path(o, "the certificate file"));
}

/* A root's signature over itself is never verified by clients; a
 * self-signed leaf's is what a client that was told to trust it sees. */
static bool
signature_counts(const struct inventory *inv, const struct object *o)
{
	bool self = X509_self_signed(o->x509, 0) == 1;

	ERR_clear_error();
	return !self || (o == inv->leaf && !o->trusted);
}

static void
check_cert(const struct inventory *inv, const struct object *o,
    struct findings *fs, bool *bad)
{
	char *label = check_cert_label(inv, o);

	if (label == NULL)
		return;
	check_key(inv, o, label, fs, bad);
	if (signature_counts(inv, o))
		check_signature(inv, o, label, fs, bad);
	free(label);
}

static void
check_crypto_run(const struct inventory *inv,
    const struct check_ctx *ctx, struct findings *fs)
{
	bool bad = false;
	char *desc;
	const char *alg;

	(void)ctx;
	if (inv->leaf == NULL)
		return;
	check_cert(inv, inv->leaf, fs, &bad);
	for (size_t i = 0; i < inv->nobjs; i++)
		if (check_is_chain_cert(inv, inv->objs[i]))
			check_cert(inv, inv->objs[i], fs, &bad);
	if (bad)
		return;
	/* A key OpenSSL cannot load (GOST without its provider) has no
	 * strength to judge: not "strong". */
	if (X509_get0_pubkey(inv->leaf->x509) == NULL) {
		ERR_clear_error();
		finding_add(fs, "weak-key", SEV_INFO, inv->leaf, "the key's "
		    "strength cannot be judged: its type is not supported by "
		    "this OpenSSL");
		return;
	}
	desc = key_description(X509_get0_pubkey(inv->leaf->x509));
	alg = OBJ_nid2ln(X509_get_signature_nid(inv->leaf->x509));
	if (signature_counts(inv, inv->leaf))
		finding_add(fs, "weak-key", SEV_PASS, inv->leaf,
		    "keys and signatures are strong (%s key, signed with %s)",
		    desc != NULL ? desc : "?", alg != NULL ? alg : "?");
	else
		finding_add(fs, "weak-key", SEV_PASS, inv->leaf,
		    "keys and signatures are strong (%s key)",
		    desc != NULL ? desc : "?");
	free(desc);
}

const struct check check_crypto = { "crypto", check_crypto_run };
