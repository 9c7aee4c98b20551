/* Shared by the loaders: one file's loading state, and the helpers that
 * turn problems into findings. Not part of the public interface. */
#ifndef LOAD_INTERNAL_H
#define LOAD_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>

#include "load.h"

/* What a buffer looks like, decided from its bytes alone. */
enum sniffed {
	SNIFF_UNKNOWN = 0,
	SNIFF_PEM,
	SNIFF_DER,
	SNIFF_GZIP,
	SNIFF_JKS,		/* Java KeyStore or JCEKS */
	SNIFF_PUTTY,		/* PuTTY .ppk */
	SNIFF_SSH		/* OpenSSH or RFC 4716 key */
};

/* Everything here may run on several threads at once (scan), each with
 * its own load_state and inventory. */
struct load_state {
	struct inventory *inv;
	struct findings *fs;
	struct load_ctx *lc;
	struct source *src;
	size_t nobjs;		/* objects added from this source */
	bool quiet_unknown;	/* directory entry: skip non-certificate files */
	bool errored;		/* an error finding was added */
	size_t nfindings;	/* findings of any severity about it */
	bool pass_reported;	/* password trouble is told once per file */
	bool too_many;		/* LOAD_MAX_OBJECTS reached; stop */
	size_t line;		/* of the PEM block being decoded, or 0 */
};

enum sniffed load_sniff(const unsigned char *, size_t);

/* The rest is load_state.c: what the loaders call back. */

/* "stdin" for "-", else the path: what messages call the file. */
const char *load_display_name(const char *path);

/* Adds an object (taking ownership); false when the file must stop
 * (object cap reached). */
bool load_add(struct load_state *, enum objkind, void *ossl_obj,
    const char *container, bool encrypted);

/* An error finding about the current file; the message is prefixed with
 * the file name. Clears OpenSSL's error queue. */
struct finding *load_error(struct load_state *, const char *id,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
struct finding *load_note(struct load_state *, const char *id,
    enum severity, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The password for this file, or NULL after adding the right finding
 * (password-required, or key-locked in scan mode) about `what`. */
const char *load_password(struct load_state *, const char *what);

/* password-wrong about `what` (key-locked in scan mode), once a file. */
void load_password_wrong(struct load_state *, const char *what,
    const char *where);

struct kdf_cost;
/* Whether a derivation of this cost may run; if not, adds kdf-too-costly
 * naming `what` ("the private key") and the figures. */
bool load_kdf_allowed(struct load_state *, const struct kdf_cost *,
    const char *what);

/* Loads OpenSSL's legacy provider (RC2, DES, MD4...) once, thread-safely;
 * false when it is not installed. Callers retry a failed decryption
 * after it. */
bool load_legacy_provider(void);
/* Whether it is already loaded (a retry after loading it would change
 * nothing). */
bool load_legacy_provider_loaded(void);

/* Private keys: PKCS#8 (plain or encrypted), and the type-specific
 * encodings. DER in, key added or finding given; `where` names the
 * place in the file for messages ("PEM block 'X' at line 3"). */
bool load_key_pkcs8(struct load_state *, const unsigned char *, size_t,
    const char *container, const char *where);
bool load_key_encrypted_pkcs8(struct load_state *, const unsigned char *,
    size_t, const char *container, const char *where);
/* Decoding only; NULL when the bytes are not such a key. type is
 * EVP_PKEY_RSA, EVP_PKEY_EC, EVP_PKEY_DSA, or EVP_PKEY_NONE for "any of
 * them". */
EVP_PKEY *load_decode_key(int type, const unsigned char *, size_t);

int load_pem(struct load_state *, const unsigned char *, size_t);
int load_der(struct load_state *, const unsigned char *, size_t);
/* Opens a parsed PKCS#12 (password, legacy provider) and adds its key
 * and certificates. */
int load_pkcs12(struct load_state *, PKCS12 *);
int load_pkcs7_der(struct load_state *, const unsigned char *, size_t,
    const char *container, const char *where);

#endif
