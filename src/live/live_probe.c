#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "live_priv.h"

static const int versions[LIVE_NVERSIONS] = {
	TLS1_VERSION, TLS1_1_VERSION, TLS1_2_VERSION, TLS1_3_VERSION
};

/* Families a person configures: key exchange, then bulk cipher, then
 * the TLS 1.3 suites one by one. The spec is an OpenSSL cipher string
 * (TLS <= 1.2) or a TLS 1.3 suite name. */
/* Every group this library can offer in TLS 1.2, beyond its defaults. */
#define ALL_GROUPS "x25519:secp256r1:x448:secp521r1:secp384r1:" \
	"ffdhe2048:ffdhe3072:ffdhe4096:ffdhe6144:ffdhe8192:" \
	"brainpoolP256r1:brainpoolP384r1:brainpoolP512r1:secp256k1:" \
	"secp224r1:secp192r1"

static const struct {
	const char *name;
	const char *spec;
	bool tls13;
	const char *groups;	/* NULL: the library's default groups */
} families[] = {
	{ "ECDHE-ECDSA key exchange", "kECDHE+aECDSA", false, NULL },
	{ "ECDHE-RSA key exchange", "kECDHE+aRSA", false, NULL },
	{ "DHE-RSA key exchange", "kDHE+aRSA", false, NULL },
	{ "RSA key exchange (no forward secrecy)", "kRSA", false, NULL },
	/* Both at once, as current baselines ask (Mozilla intermediate):
	 * the families above and below say each half, not the pair. */
	{ "forward-secret AEAD", "kECDHE+AESGCM:kECDHE+CHACHA20:"
	    "kDHE+AESGCM:kDHE+CHACHA20", false, NULL },
	{ "AES-GCM", "AESGCM", false, NULL },
	{ "ChaCha20-Poly1305", "CHACHA20", false, NULL },
	{ "AES-CBC", "AES:!AESGCM:!AESCCM", false, NULL },
	{ "AES-CCM", "AESCCM", false, NULL },
	{ "Camellia", "CAMELLIA", false, NULL },
	{ "ARIA", "ARIA", false, NULL },
	{ "3DES", "3DES", false, NULL },
	{ "RC4", "RC4", false, NULL },
	{ "TLS 1.3 AES-128-GCM", "TLS_AES_128_GCM_SHA256", true, NULL },
	{ "TLS 1.3 AES-256-GCM", "TLS_AES_256_GCM_SHA384", true, NULL },
	{ "TLS 1.3 ChaCha20-Poly1305", "TLS_CHACHA20_POLY1305_SHA256", true,
	  NULL },
	{ "TLS 1.3 AES-128-CCM", "TLS_AES_128_CCM_SHA256", true, NULL },
	{ "TLS 1.3 AES-128-CCM-8", "TLS_AES_128_CCM_8_SHA256", true, NULL },
	/* Only when nothing else gets through: a server whose only group
	 * is one clients do not offer by default fails like a cipher
	 * mismatch. */
	{ "every group (brainpool, secp256k1, ...)", "ALL:!aNULL:!eNULL",
	  false, ALL_GROUPS },
};
#define NFAMILIES (sizeof(families) / sizeof(families[0]))

/* handshake message types that follow an accepted ServerHello */
#define HS_AFTER_HELLO ((1UL << 8) | (1UL << 11) | (1UL << 12) | \
	(1UL << 13) | (1UL << 14))

size_t
live_probe_max_families(void)
{
	return NFAMILIES;
}

static bool
version_allowed(SSL_CTX *ctx, int v)
{
	long min = SSL_CTX_get_min_proto_version(ctx);
	long max = SSL_CTX_get_max_proto_version(ctx);
	STACK_OF(SSL_CIPHER) *sk = NULL;
	SSL *s;
	bool ok = false;

	if ((min != 0 && v < min) || (max != 0 && v > max))
		return false;
	/* OpenSSL 3 still offers TLS 1.0 and 1.1, but above security level
	 * 0 it refuses their SHA-1/MD5 handshake signatures, so in practice
	 * only a server without forward secrecy gets through. */
	if (v < TLS1_2_VERSION && SSL_CTX_get_security_level(ctx) > 0)
		return false;
	/* With no cipher usable at this version (the security level rules
	 * TLS 1.0 and 1.1 out in OpenSSL 3), the library will not offer it. */
	if ((s = SSL_new(ctx)) != NULL &&
	    SSL_set_min_proto_version(s, v) == 1 &&
	    SSL_set_max_proto_version(s, v) == 1 &&
	    (sk = SSL_get1_supported_ciphers(s)) != NULL)
		ok = sk_SSL_CIPHER_num(sk) > 0;
	sk_SSL_CIPHER_free(sk);
	SSL_free(s);
	ERR_clear_error();
	return ok;
}

static bool
in_list(const STACK_OF(SSL_CIPHER) *sk, const SSL_CIPHER *c)
{
	for (int i = 0; sk != NULL && i < sk_SSL_CIPHER_num(sk); i++)
		if (SSL_CIPHER_get_id(sk_SSL_CIPHER_value(sk, i)) ==
		    SSL_CIPHER_get_id(c))
			return true;
	return false;
}

/* Whether this library can offer the family at all, and whether the
 * default configuration offers any of it. */
static void
family_local(struct live_cipher_family *f, SSL_CTX *legacy_ctx,
    const STACK_OF(SSL_CIPHER) *defaults)
{
	STACK_OF(SSL_CIPHER) *members;
	char spec[128];
	SSL *s;

	f->state = PROBE_NOT_RUN;
	if (f->tls13) {
		for (int i = 0; defaults != NULL &&
		    i < sk_SSL_CIPHER_num(defaults); i++)
			if (strcmp(SSL_CIPHER_standard_name(
			    sk_SSL_CIPHER_value(defaults, i)), f->spec) == 0)
				f->local_default = true;
		return;
	}
	snprintf(spec, sizeof(spec), "%s:@SECLEVEL=0", f->spec);
	if ((s = SSL_new(legacy_ctx)) == NULL ||
	    SSL_set_cipher_list(s, spec) != 1 ||
	    (f->groups != NULL && SSL_set1_groups_list(s, f->groups) != 1)) {
		f->state = PROBE_UNTESTABLE;
		SSL_free(s);
		ERR_clear_error();
		return;
	}
	members = SSL_get_ciphers(s);
	for (int i = 0; members != NULL && i < sk_SSL_CIPHER_num(members);
	    i++) {
		const SSL_CIPHER *c = sk_SSL_CIPHER_value(members, i);
		if (SSL_CIPHER_get_kx_nid(c) != NID_kx_any &&
		    in_list(defaults, c))
			f->local_default = true;
	}
	if (f->groups != NULL)
		f->local_default = false;	/* not what clients offer */
	SSL_free(s);
	ERR_clear_error();
}

void
live_probe_local(struct live_result *r, SSL_CTX *default_ctx,
    SSL_CTX *legacy_ctx)
{
	STACK_OF(SSL_CIPHER) *defaults = NULL;
	SSL *s;

	r->local_security_level = SSL_CTX_get_security_level(default_ctx);
	for (size_t i = 0; i < LIVE_NVERSIONS; i++) {
		r->versions[i].version = versions[i];
		r->versions[i].name = live_version_name(versions[i]);
		r->versions[i].local_default = version_allowed(default_ctx,
		    versions[i]);
	}
	if ((s = SSL_new(default_ctx)) != NULL)
		defaults = SSL_get1_supported_ciphers(s);
	r->nfamilies = 0;
	for (size_t i = 0; r->families != NULL && i < NFAMILIES; i++) {
		struct live_cipher_family *f = &r->families[r->nfamilies++];
		memset(f, 0, sizeof(*f));
		f->name = families[i].name;
		f->spec = families[i].spec;
		f->tls13 = families[i].tls13;
		f->groups = families[i].groups;
		family_local(f, legacy_ctx, defaults);
	}
	sk_SSL_CIPHER_free(defaults);
	SSL_free(s);
	ERR_clear_error();
}

void
live_probe_round1(struct live_result *r, struct tls_attempt *att,
    size_t *n, SSL_CTX *default_ctx, SSL_CTX *legacy_ctx,
    X509 *client_cert, EVP_PKEY *client_key)
{
	const char *sni = r->target.servername;

	memset(att, 0, ROUND1_MAX * sizeof(*att));
	att[ROUND1_MAIN] = (struct tls_attempt){
		.label = "handshake", .ctx = default_ctx, .sni = sni,
		.client_cert = client_cert, .client_key = client_key,
		.await_verdict = true,
	};
	for (size_t i = 0; i < LIVE_NVERSIONS; i++)
		att[ROUND1_VERSIONS + i] = (struct tls_attempt){
			.label = r->versions[i].name, .ctx = legacy_ctx,
			.sni = sni, .min_version = versions[i],
			.max_version = versions[i],
		};
	*n = ROUND1_NOSNI;
	/* Without a name to leave out there is nothing to compare. */
	if (sni != NULL)
		att[(*n)++] = (struct tls_attempt){
			.label = "no SNI", .ctx = legacy_ctx, .sni = NULL,
		};
}

static enum live_probe_state
probe_state(const struct tls_attempt *a)
{
	if (a->completed || a->hello_accepted ||
	    (a->hs_seen & HS_AFTER_HELLO) != 0)
		return PROBE_ACCEPTED;
	switch (a->error) {
	case ATT_SETUP:
		return PROBE_UNTESTABLE;
	case ATT_LOCAL:
		if (a->ssl_reason == SSL_R_NO_PROTOCOLS_AVAILABLE ||
		    a->ssl_reason == SSL_R_NO_CIPHERS_AVAILABLE)
			return PROBE_UNTESTABLE;
		return PROBE_REFUSED;
	case ATT_ALERT:
	case ATT_EOF:
	case ATT_RESET:
		return PROBE_REFUSED;
	default:
		return PROBE_FAILED;
	}
}

void
live_probe_read_round1(struct live_result *r, struct tls_attempt *att,
    size_t n)
{
	const struct tls_attempt *m = &att[ROUND1_MAIN];

	r->connected = m->connected;
	snprintf(r->address, sizeof(r->address), "%s", m->address);
	/* TLS 1.3 can complete and still be refused a moment later, over
	 * the client certificate: that is a failed handshake too. */
	r->handshake_ok = m->completed && m->error == ATT_OK;
	r->connect_ms = m->connect_ms;
	r->handshake_ms = m->handshake_ms;
	live_cause_of(&r->failure, m, r);
	if (m->completed) {
		r->version = m->version;
		snprintf(r->version_name, sizeof(r->version_name), "%s",
		    live_version_name(m->version));
		snprintf(r->cipher, sizeof(r->cipher), "%s", m->cipher);
		snprintf(r->group, sizeof(r->group), "%s", m->group);
	}

	r->client_cert_requested = m->cert_requested;
	r->client_cert_sent = m->cert_sent;
	if (m->cert_requested && m->error != ATT_OK &&
	    (live_alert_is_client_cert(m->alert_received) ||
	    (m->completed && m->error != ATT_ALERT) ||
	    (!m->cert_sent && m->alert_received == 40))) {
		/* TLS 1.2 servers that insist on a certificate answer an
		 * empty one with handshake_failure; TLS 1.3 ones may just
		 * close after our Finished. */
		if (m->cert_sent)
			r->client_cert_rejected = true;
		else
			r->client_cert_required = true;
		r->client_cert_failure = r->failure;
	}
	r->client_ca_names = m->ca_names;
	att[ROUND1_MAIN].ca_names = NULL;

	r->versions_probed = m->connected;
	for (size_t i = 0; i < LIVE_NVERSIONS && r->versions_probed; i++) {
		const struct tls_attempt *a = &att[ROUND1_VERSIONS + i];
		struct live_version *v = &r->versions[i];
		struct live_cause c;

		v->state = probe_state(a);
		v->alert = a->alert_received;
		snprintf(v->cipher, sizeof(v->cipher), "%s", a->cipher);
		if (v->state != PROBE_ACCEPTED &&
		    a->ssl_reason == SSL_R_UNSUPPORTED_PROTOCOL)
			/* Offered only this version, got another. */
			snprintf(v->why, sizeof(v->why), "the server answered "
			    "with another version");
		else if (v->state != PROBE_ACCEPTED) {
			live_cause_of(&c, a, r);
			snprintf(v->why, sizeof(v->why), "%s", c.text);
		}
	}

	if (n > ROUND1_NOSNI && m->connected) {
		const struct tls_attempt *a = &att[ROUND1_NOSNI];
		r->sni_probed = true;
		r->nosni_ok = a->completed;
		live_cause_of(&r->nosni_failure, a, r);
		if (a->chain != NULL && sk_X509_num(a->chain) > 0) {
			r->nosni_leaf = sk_X509_value(a->chain, 0);
			X509_up_ref(r->nosni_leaf);
		}
	}
}

static bool
some_version(const struct live_result *r, bool tls13, bool local)
{
	for (size_t i = 0; i < LIVE_NVERSIONS; i++) {
		const struct live_version *v = &r->versions[i];
		if (v->state == PROBE_ACCEPTED &&
		    (v->version == TLS1_3_VERSION) == tls13 &&
		    (!local || v->local_default))
			return true;
	}
	return false;
}

bool
live_probe_wants_ciphers(const struct live_result *r)
{
	const struct live_cause *f = &r->failure;

	if (live_posture_wants_probe(r))
		return true;
	if (r->handshake_ok || f->kind != CAUSE_HANDSHAKE ||
	    r->client_cert_requested)
		return false;
	if (f->alert != 40 && f->alert != 71 &&
	    f->ssl_reason != SSL_R_NO_SHARED_CIPHER &&
	    f->ssl_reason != SSL_R_UNEXPECTED_EOF_WHILE_READING)
		return false;
	/* A version both sides speak, yet no agreement: ciphers. */
	return some_version(r, false, true) || some_version(r, true, true);
}

void
live_probe_round2(struct live_result *r, struct tls_attempt *att,
    size_t *n, SSL_CTX *legacy_ctx)
{
	/* With no version accepted at all, the families say why. */
	bool all = live_posture_probe_all(r);
	bool tls12 = all || some_version(r, false, false);
	bool tls13 = all || some_version(r, true, false);

	*n = 0;
	for (size_t i = 0; i < r->nfamilies; i++) {
		struct live_cipher_family *f = &r->families[i];
		struct tls_attempt *a = &att[*n];

		if (f->state == PROBE_UNTESTABLE || (f->tls13 && !tls13) ||
		    (!f->tls13 && !tls12) || (f->groups != NULL && !all))
			continue;
		memset(a, 0, sizeof(*a));
		a->label = f->name;
		a->ctx = legacy_ctx;
		a->sni = r->target.servername;
		/* The ServerHello answers the question; only finite-field
		 * DHE goes on, to learn the size of the server's group. */
		a->stop_at_hello = strstr(f->spec, "kDHE") != f->spec &&
		    f->groups == NULL;
		a->groups = f->groups;
		if (f->tls13) {
			a->min_version = a->max_version = TLS1_3_VERSION;
			a->ciphersuites = f->spec;
		} else {
			a->min_version = TLS1_VERSION;
			a->max_version = TLS1_2_VERSION;
			snprintf(f->probe_spec, sizeof(f->probe_spec),
			    "%s:@SECLEVEL=0", f->spec);
			a->cipher_list = f->probe_spec;
		}
		(*n)++;
	}
}

void
live_probe_read_round2(struct live_result *r, struct tls_attempt *att,
    size_t n, SSL_CTX *default_ctx)
{
	STACK_OF(SSL_CIPHER) *defaults = NULL;
	SSL *s;
	size_t k = 0;

	if ((s = SSL_new(default_ctx)) != NULL)
		defaults = SSL_get1_supported_ciphers(s);
	r->ciphers_probed = true;
	for (size_t i = 0; i < r->nfamilies && k < n; i++) {
		struct live_cipher_family *f = &r->families[i];
		if (strcmp(att[k].label, f->name) != 0)
			continue;
		f->state = probe_state(&att[k]);
		snprintf(f->cipher, sizeof(f->cipher), "%s", att[k].cipher);
		f->dh_bits = att[k].dh_bits;
		snprintf(f->group, sizeof(f->group), "%s", att[k].group);
		for (int j = 0; defaults != NULL && att[k].cipher_id != 0 &&
		    j < sk_SSL_CIPHER_num(defaults); j++)
			if (SSL_CIPHER_get_id(sk_SSL_CIPHER_value(defaults, j)) ==
			    att[k].cipher_id)
				f->picked_local = true;
		k++;
	}
	sk_SSL_CIPHER_free(defaults);
	SSL_free(s);
	ERR_clear_error();
}
