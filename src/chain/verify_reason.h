/* OpenSSL's verification errors (X509_V_ERR_*) in plain words, with the
 * kind of fix each one calls for. */
#ifndef VERIFY_REASON_H
#define VERIFY_REASON_H

/* A sentence about the certificate named by the one %s, e.g.
 * "%s has expired"; never NULL (unknown codes get OpenSSL's own text
 * through verify_reason_openssl). */
const char *verify_reason_text(int code);
/* What to do about it, or NULL when the check adds a specific hint. */
const char *verify_reason_hint(int code);
/* OpenSSL's own short string, for the parenthesis after the sentence. */
const char *verify_reason_openssl(int code);

#endif
