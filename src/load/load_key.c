/* Private and public keys from DER, by the encoding the caller knows
 * (PEM label or DER shape). Decoding with the type known is much cheaper
 * on OpenSSL 3.0 than letting the generic decoder try every format. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include "kdf_budget.h"
#include "load_internal.h"

/* OpenSSL 3.0 builds a fresh decoder chain for every d2i_PrivateKey() or
 * EVP_PKCS82PKEY() call, and building it costs far more than decoding.
 * A scan loads thousands of keys of a handful of types, so keep one
 * decoder context per (structure, key type) and reuse it. */
struct decoder_slot {
	char structure[24];	/* "PrivateKeyInfo", "type-specific" */
	char keytype[64];	/* "RSA", "rsaEncryption", "ED25519"... */
	OSSL_DECODER_CTX *ctx;	/* NULL: OpenSSL has no such decoder */
	EVP_PKEY *out;		/* the context writes its result here */
	bool busy;		/* checked out by a thread */
};

/* Enough for a few key types on every scan thread; past that, keys are
 * decoded the slow way. */
static struct decoder_slot slots[64];
static size_t nslots;
static CRYPTO_RWLOCK *slots_lock;
static CRYPTO_ONCE slots_once = CRYPTO_ONCE_STATIC_INIT;

static void
slots_free(void)
{
	for (size_t i = 0; i < nslots; i++)
		OSSL_DECODER_CTX_free(slots[i].ctx);
	nslots = 0;
	CRYPTO_THREAD_lock_free(slots_lock);
	slots_lock = NULL;
}

static void
slots_init(void)
{
	if ((slots_lock = CRYPTO_THREAD_lock_new()) != NULL)
		OPENSSL_atexit(slots_free);
}

/* A context for this thread's exclusive use until slot_release(), or
 * NULL. A context is built outside the lock: building is the slow part. */
static struct decoder_slot *
slot_acquire(const char *structure, const char *keytype)
{
	struct decoder_slot *s = NULL;
	bool build = false;

	if (!CRYPTO_THREAD_run_once(&slots_once, slots_init) ||
	    slots_lock == NULL || strlen(structure) >= sizeof(s->structure) ||
	    strlen(keytype) >= sizeof(s->keytype) ||
	    !CRYPTO_THREAD_write_lock(slots_lock))
		return NULL;
	for (size_t i = 0; s == NULL && i < nslots; i++)
		if (!slots[i].busy &&
		    strcmp(slots[i].structure, structure) == 0 &&
		    strcmp(slots[i].keytype, keytype) == 0)
			s = &slots[i];
	if (s == NULL && nslots < sizeof(slots) / sizeof(slots[0])) {
		s = &slots[nslots++];
		snprintf(s->structure, sizeof(s->structure), "%s", structure);
		snprintf(s->keytype, sizeof(s->keytype), "%s", keytype);
		build = true;
	}
	if (s != NULL)
		s->busy = true;
	CRYPTO_THREAD_unlock(slots_lock);
	if (build) {
		s->ctx = OSSL_DECODER_CTX_new_for_pkey(&s->out, "DER",
		    structure, keytype, EVP_PKEY_KEYPAIR, NULL, NULL);
		if (s->ctx != NULL &&
		    OSSL_DECODER_CTX_get_num_decoders(s->ctx) == 0) {
			OSSL_DECODER_CTX_free(s->ctx);
			s->ctx = NULL;
		}
		ERR_clear_error();
	}
	return s;
}

static void
slot_release(struct decoder_slot *s)
{
	if (CRYPTO_THREAD_write_lock(slots_lock)) {
		s->busy = false;
		CRYPTO_THREAD_unlock(slots_lock);
	}
}

/* NULL when no decoder takes it (the caller may try the slow path). */
static EVP_PKEY *
decode_cached(const char *structure, const char *keytype,
    const unsigned char *der, size_t len)
{
	struct decoder_slot *s = slot_acquire(structure, keytype);
	EVP_PKEY *pkey = NULL;

	if (s == NULL)
		return NULL;
	if (s->ctx != NULL) {
		s->out = NULL;
		if (!OSSL_DECODER_from_data(s->ctx, &der, &len)) {
			EVP_PKEY_free(s->out);
			s->out = NULL;
		}
		pkey = s->out;
		s->out = NULL;
		ERR_clear_error();
	}
	slot_release(s);
	return pkey;
}

static bool
add_key(struct load_state *st, EVP_PKEY *pkey, const char *container,
    bool encrypted)
{
	ERR_clear_error();
	return load_add(st, OBJ_KEY, pkey, container, encrypted);
}

static EVP_PKEY *
pkey_from_p8(const PKCS8_PRIV_KEY_INFO *p8, const unsigned char *der,
    size_t len)
{
	const ASN1_OBJECT *oid = NULL;
	unsigned char *own = NULL;
	char keytype[64];
	EVP_PKEY *pkey = NULL;
	int n;

	if (PKCS8_pkey_get0(&oid, NULL, NULL, NULL, p8) &&
	    OBJ_obj2txt(keytype, sizeof(keytype), oid, 0) > 0) {
		if (der == NULL && (n = i2d_PKCS8_PRIV_KEY_INFO(p8, &own)) > 0) {
			der = own;
			len = (size_t)n;
		}
		if (der != NULL)
			pkey = decode_cached("PrivateKeyInfo", keytype, der,
			    len);
		if (own != NULL)
			OPENSSL_clear_free(own, (size_t)n);
	}
	/* Types without a provider decoder still have a legacy one. */
	if (pkey == NULL)
		pkey = EVP_PKCS82PKEY(p8);
	ERR_clear_error();
	return pkey;
}

/* Well-formed PKCS#8 that OpenSSL cannot turn into a key: an algorithm
 * it lacks, or parameters it refuses (tiny DH groups, bad curves). */
static void
key_unusable(struct load_state *st, const PKCS8_PRIV_KEY_INFO *p8,
    const char *where)
{
	const ASN1_OBJECT *oid = NULL;
	char name[80] = "?";

	if (PKCS8_pkey_get0(&oid, NULL, NULL, NULL, p8))
		OBJ_obj2txt(name, sizeof(name), oid, 0);
	load_error(st, "format-unsupported", "%s is a private key of type %s "
	    "that OpenSSL cannot use (unknown algorithm or invalid parameters)",
	    where, name);
}

/* The encryption algorithm, when OpenSSL does not know it. */
static bool
unknown_encryption(const X509_SIG *sig, char *name, size_t namelen)
{
	const X509_ALGOR *alg = NULL;
	const ASN1_OBJECT *oid = NULL;
	int nid;

	X509_SIG_get0(sig, &alg, NULL);
	X509_ALGOR_get0(&oid, NULL, NULL, alg);
	nid = OBJ_obj2nid(oid);
	if (nid != NID_undef && (nid == NID_pbes2 ||
	    EVP_PBE_find(EVP_PBE_TYPE_OUTER, nid, NULL, NULL, NULL)))
		return false;
	OBJ_obj2txt(name, namelen, oid, 1);
	return true;
}

bool
load_key_pkcs8(struct load_state *st, const unsigned char *der, size_t len,
    const char *container, const char *where)
{
	const unsigned char *p = der;
	PKCS8_PRIV_KEY_INFO *p8;
	EVP_PKEY *pkey;

	if ((p8 = d2i_PKCS8_PRIV_KEY_INFO(NULL, &p, (long)len)) == NULL) {
		load_error(st, "der-invalid",
		    "%s is not a valid PKCS#8 private key", where);
		return false;
	}
	if ((pkey = pkey_from_p8(p8, der, len)) == NULL)
		key_unusable(st, p8, where);
	PKCS8_PRIV_KEY_INFO_free(p8);
	return pkey != NULL && add_key(st, pkey, container, false);
}

/* One derivation per password: the caller has checked its cost and
 * loaded the legacy provider if the algorithm needs it. */
static PKCS8_PRIV_KEY_INFO *
decrypt_p8(const X509_SIG *sig, const char *pw)
{
	PKCS8_PRIV_KEY_INFO *p8;

	p8 = PKCS8_decrypt(sig, pw, (int)strlen(pw));
	ERR_clear_error();
	return p8;
}

bool
load_key_encrypted_pkcs8(struct load_state *st, const unsigned char *der,
    size_t len, const char *container, const char *where)
{
	const unsigned char *p = der;
	X509_SIG *sig;
	const X509_ALGOR *alg = NULL;
	struct kdf_cost cost;
	PKCS8_PRIV_KEY_INFO *p8 = NULL;
	EVP_PKEY *pkey = NULL;
	const char *pw;
	char oidname[80];
	bool ok = false;

	if ((sig = d2i_X509_SIG(NULL, &p, (long)len)) == NULL) {
		load_error(st, "der-invalid",
		    "%s is not a valid encrypted PKCS#8 private key", where);
		return false;
	}
	if (unknown_encryption(sig, oidname, sizeof(oidname))) {
		load_error(st, "format-unsupported", "%s is encrypted with an "
		    "algorithm OpenSSL does not know (OID %s)", where, oidname);
		goto out;
	}
	X509_SIG_get0(sig, &alg, NULL);
	if (!kdf_cost_of(alg, &cost)) {
		load_error(st, "der-invalid", "%s has encryption parameters "
		    "that cannot be read", where);
		goto out;
	}
	if (!load_kdf_allowed(st, &cost, where))
		goto out;
	/* PBES1 with DES or RC2 needs the legacy provider: loaded before
	 * the first attempt, so no password is tried twice. */
	if (kdf_needs_legacy(alg) && !load_legacy_provider()) {
		load_error(st, "format-unsupported", "%s is encrypted with a "
		    "legacy algorithm and OpenSSL's legacy provider is not "
		    "installed", where);
		goto out;
	}
	/* An empty password is legal, and costs one decryption to try. */
	if ((p8 = decrypt_p8(sig, "")) == NULL) {
		if ((pw = load_password(st, "the private key")) == NULL)
			goto out;
		if ((p8 = decrypt_p8(sig, pw)) == NULL) {
			load_password_wrong(st, "the private key", where);
			goto out;
		}
	}
	if ((pkey = pkey_from_p8(p8, NULL, 0)) == NULL) {
		load_error(st, "der-invalid", "%s decrypts to something that "
		    "is not a valid private key", where);
		goto out;
	}
	ok = add_key(st, pkey, container, true);
out:
	PKCS8_PRIV_KEY_INFO_free(p8);
	X509_SIG_free(sig);
	return ok;
}

EVP_PKEY *
load_decode_key(int type, const unsigned char *der, size_t len)
{
	const unsigned char *p = der;
	const char *name = type == EVP_PKEY_RSA ? "RSA" :
	    type == EVP_PKEY_EC ? "EC" : type == EVP_PKEY_DSA ? "DSA" : NULL;
	EVP_PKEY *pkey = NULL;

	if (name != NULL)
		pkey = decode_cached("type-specific", name, der, len);
	if (pkey == NULL && type == EVP_PKEY_NONE)
		pkey = d2i_AutoPrivateKey(NULL, &p, (long)len);
	else if (pkey == NULL)
		pkey = d2i_PrivateKey(type, NULL, &p, (long)len);
	ERR_clear_error();
	return pkey;
}
