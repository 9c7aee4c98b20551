/* What this machine's OpenSSL applies to a TLS connection by default (its
 * compiled-in defaults overridden by openssl.cnf): read by the command,
 * handed to the checks in the check context. */
#ifndef TLS_DEFAULTS_H
#define TLS_DEFAULTS_H

/* The security level a default SSL_CTX gets (e.g. Debian's CipherString
 * @SECLEVEL=2), or -1 when no context can be made. */
int tls_default_seclevel(void);

#endif
