/* Internal interfaces between the live*.c files. */
#ifndef LIVE_PRIV_H
#define LIVE_PRIV_H

#include "live.h"
#include "live_conn.h"

/* live_cause.c: an attempt's failure in plain words. */
void live_cause_of(struct live_cause *, const struct tls_attempt *,
    const struct live_result *);
bool live_alert_is_client_cert(int alert);

/* live_clientcert.c: the client certificate, end to end. */
/* The intermediates given with --client-cert, leaf's issuer first. */
bool live_client_chain(struct live_result *);
/* After round one: the server's verdict (handshake or HTTP answer) and
 * the offline comparison with the acceptable issuers. */
void live_client_cert_read(struct live_result *);
void live_client_cert_findings(const struct live_result *,
    struct findings *);
/* "'CN=a', 'CN=b'" or "none named ..." */
void live_ca_names_text(const struct live_result *, char *, size_t);
/* live_ocsp.c: findings about the stapled OCSP response in r->ocsp. */
void live_ocsp_judge(const struct live_result *, struct findings *);

/* live_probe.c */
/* What this machine's OpenSSL offers by default, per version and per
 * cipher family; also its security level. */
void live_probe_local(struct live_result *, SSL_CTX *default_ctx,
    SSL_CTX *legacy_ctx);
/* Round one: the handshake, the version probes and the SNI probe, all
 * at once. Fills the attempts (count returned in *n, at most 6). */
void live_probe_round1(struct live_result *, struct tls_attempt *,
    size_t *n, SSL_CTX *default_ctx, SSL_CTX *legacy_ctx,
    X509 *client_cert, EVP_PKEY *client_key);
void live_probe_read_round1(struct live_result *, struct tls_attempt *,
    size_t n);
/* Round two, only when the handshake failed over ciphers: one probe per
 * cipher family. */
bool live_probe_wants_ciphers(const struct live_result *);
void live_probe_round2(struct live_result *, struct tls_attempt *,
    size_t *n, SSL_CTX *legacy_ctx);
void live_probe_read_round2(struct live_result *, struct tls_attempt *,
    size_t n, SSL_CTX *default_ctx);
size_t live_probe_max_families(void);

/* live_posture.c: what a working server's versions and cipher families
 * mean for the clients in the table; whether the families are worth
 * probing at all. */
bool live_posture_wants_probe(const struct live_result *);
bool live_posture_probe_all(const struct live_result *);
void live_posture_assess(struct live_result *);
bool live_posture_judge(const struct live_result *,
    const struct inventory *, struct findings *);

/* Index of the attempts in round one. */
enum {
	ROUND1_MAIN = 0,
	ROUND1_VERSIONS = 1,	/* LIVE_NVERSIONS of them */
	ROUND1_NOSNI = ROUND1_VERSIONS + LIVE_NVERSIONS,
	ROUND1_MAX
};

#endif
