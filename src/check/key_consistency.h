/* Whether a private key's parts belong together. */
#ifndef KEY_CONSISTENCY_H
#define KEY_CONSISTENCY_H

#include <openssl/evp.h>

/* 1: consistent, 0: not, -1: cannot tell (a key type or form the
 * providers cannot check). Leaves OpenSSL's error queue empty. */
int key_consistency(const EVP_PKEY *);

#endif
