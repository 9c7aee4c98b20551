/* The identity of a key pair: SHA-256 of the DER SubjectPublicKeyInfo. */
#ifndef SPKI_H
#define SPKI_H

#include <stdbool.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

/* Of a key (public or private). OpenSSL 3.0's i2d_PUBKEY() searches
 * every encoder of every provider on each call, which costs more than
 * decoding the key; RSA, EC (named curves) and the Edwards/Montgomery
 * keys are therefore put together from their public parameters with
 * OpenSSL's ASN.1 types, giving the bytes i2d_PUBKEY() gives (a unit
 * test compares them); any other key takes i2d_PUBKEY(). */
bool spki_sha256_key(EVP_PKEY *, unsigned char out[32]);

/* Of a certificate's public key, as the certificate encodes it. */
bool spki_sha256_cert(X509 *, unsigned char out[32]);

#endif
