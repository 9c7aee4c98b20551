/* Private and public keys from DER, by the encoding the caller knows
 * (PEM label or DER shape). Decoding with the type known is much cheaper
 * on OpenSSL 3.0 than letting the generic decoder try every format. */
#include "config.h"

#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "load_internal.h"

static bool
add_key(struct load_state *st, EVP_PKEY *pkey, const char *container,
    bool encrypted)
{
	ERR_clear_error();
	return load_add(st, OBJ_KEY, pkey, container, encrypted);
}

static EVP_PKEY *
pkey_from_p8(const PKCS8_PRIV_KEY_INFO *p8)
{
	EVP_PKEY *pkey = EVP_PKCS82PKEY(p8);

	ERR_clear_error();
	return pkey;
}

bool
load_key_pkcs8(struct load_state *st, const unsigned char *der, size_t len,
    const char *container, const char *where)
{
	const unsigned char *p = der;
	PKCS8_PRIV_KEY_INFO *p8;
	EVP_PKEY *pkey = NULL;

	if ((p8 = d2i_PKCS8_PRIV_KEY_INFO(NULL, &p, (long)len)) != NULL)
		pkey = pkey_from_p8(p8);
	PKCS8_PRIV_KEY_INFO_free(p8);
	if (pkey == NULL) {
		load_error(st, "der-invalid",
		    "%s is not a valid PKCS#8 private key", where);
		return false;
	}
	return add_key(st, pkey, container, false);
}

static PKCS8_PRIV_KEY_INFO *
decrypt_p8(const X509_SIG *sig, const char *pw)
{
	PKCS8_PRIV_KEY_INFO *p8;

	p8 = PKCS8_decrypt(sig, pw, (int)strlen(pw));
	/* PBES1 with DES or RC2 needs the legacy provider: load it once
	 * and retry rather than call the password wrong. */
	if (p8 == NULL && !load_legacy_loaded() && load_legacy_provider())
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
	PKCS8_PRIV_KEY_INFO *p8 = NULL;
	EVP_PKEY *pkey = NULL;
	const char *pw;
	bool ok = false;

	if ((sig = d2i_X509_SIG(NULL, &p, (long)len)) == NULL) {
		load_error(st, "der-invalid",
		    "%s is not a valid encrypted PKCS#8 private key", where);
		return false;
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
	if ((pkey = pkey_from_p8(p8)) == NULL) {
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
	EVP_PKEY *pkey;

	if (type == EVP_PKEY_NONE)
		pkey = d2i_AutoPrivateKey(NULL, &p, (long)len);
	else
		pkey = d2i_PrivateKey(type, NULL, &p, (long)len);
	ERR_clear_error();
	return pkey;
}

bool
load_key_typed(struct load_state *st, int type, const unsigned char *der,
    size_t len, const char *container, bool encrypted, const char *where)
{
	EVP_PKEY *pkey = load_decode_key(type, der, len);

	if (pkey == NULL) {
		load_error(st, "der-invalid", "%s is not a valid private key",
		    where);
		return false;
	}
	return add_key(st, pkey, container, encrypted);
}
