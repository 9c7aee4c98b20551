/* Cipher and protocol posture of a working server: which client
 * populations cannot connect, judged against a small table of client
 * capabilities; and, for a handshake nothing completes, whether the
 * server's cipher list fits its certificate at all. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/ssl.h>

#include "client_table.h"
#include "live_priv.h"

static const struct live_cipher_family *
family(const struct live_result *r, const char *name)
{
	for (size_t i = 0; i < r->nfamilies; i++)
		if (strcmp(r->families[i].name, name) == 0)
			return &r->families[i];
	return NULL;
}

static bool
accepted(const struct live_result *r, const char *name)
{
	const struct live_cipher_family *f = family(r, name);

	return f != NULL && f->state == PROBE_ACCEPTED;
}

static void
server_caps(const struct live_result *r, struct server_caps *s)
{
	const struct live_cipher_family *dhe = family(r, "DHE-RSA key exchange");

	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < LIVE_NVERSIONS; i++)
		s->v[i] = r->versions[i].state == PROBE_ACCEPTED;
	s->bulk = (accepted(r, "AES-GCM") ? B_AESGCM : 0) |
	    (accepted(r, "ChaCha20-Poly1305") ? B_CHACHA : 0) |
	    (accepted(r, "AES-CBC") ? B_AESCBC : 0) |
	    (accepted(r, "3DES") ? B_3DES : 0) |
	    (accepted(r, "Camellia") ? B_CAMELLIA : 0) |
	    (accepted(r, "AES-CCM") || accepted(r, "ARIA") ||
	    accepted(r, "RC4") ? B_OTHER : 0);
	s->kx = (accepted(r, "ECDHE-ECDSA key exchange") ||
	    accepted(r, "ECDHE-RSA key exchange") ? K_ECDHE : 0) |
	    (accepted(r, "DHE-RSA key exchange") ? K_DHE : 0) |
	    (accepted(r, "RSA key exchange (no forward secrecy)") ? K_RSA : 0);
	s->aes13 = accepted(r, "TLS 1.3 AES-128-GCM") ||
	    accepted(r, "TLS 1.3 AES-256-GCM");
	s->chacha13 = accepted(r, "TLS 1.3 ChaCha20-Poly1305");
	s->dh_bits = dhe != NULL ? dhe->dh_bits : 0;
	s->fs_aead12 = accepted(r, "forward-secret AEAD");
}

/* Probing the families of a working server costs one round of
 * ServerHellos; a server that refused every version gets them too, to
 * tell a cipher list that fits no certificate from the client's fault. */
bool
live_posture_wants_probe(const struct live_result *r)
{
	return (r->handshake_ok && r->versions_probed) ||
	    live_posture_probe_all(r);
}

/* The handshake failed with handshake_failure and every version probe
 * was refused too: not a version problem. */
bool
live_posture_probe_all(const struct live_result *r)
{
	const struct live_cause *f = &r->failure;

	if (r->handshake_ok || !r->versions_probed ||
	    f->kind != CAUSE_HANDSHAKE || r->client_cert_requested ||
	    (f->alert != 40 && f->alert != 71))
		return false;	/* a port that just closes proves nothing */
	for (size_t i = 0; i < LIVE_NVERSIONS; i++)
		if (r->versions[i].state != PROBE_REFUSED &&
		    r->versions[i].state != PROBE_UNTESTABLE)
			return false;
	return true;
}

/* A probe that timed out or lost its connection answered nothing:
 * judging without it could invent a client left out. */
static bool
families_answered(const struct live_result *r)
{
	for (size_t i = 0; i < r->nfamilies; i++)
		if (r->families[i].state == PROBE_FAILED)
			return false;
	return true;
}

void
live_posture_assess(struct live_result *r)
{
	struct server_caps s;

	if (!r->handshake_ok || !r->ciphers_probed || !families_answered(r))
		return;
	server_caps(r, &s);
	r->posture_assessed = true;
	r->fs_aead = (s.v[3] && (s.aes13 || s.chacha13 ||
	    accepted(r, "TLS 1.3 AES-128-CCM") ||
	    accepted(r, "TLS 1.3 AES-128-CCM-8"))) ||
	    (s.v[2] && s.fs_aead12);
	r->nleft_out = client_table_left_out(&s, r->left_out,
	    LIVE_MAX_LEFT_OUT);
}

/* "A (no TLS 1.3), B (...)" for the rows that match. */
static void
left_out_text(const struct live_result *r, char *buf, size_t len,
    bool large_only)
{
	buf[0] = '\0';
	for (size_t i = 0; i < r->nleft_out; i++) {
		const struct live_left_out *l = &r->left_out[i];
		size_t n = strlen(buf);
		if (large_only && !l->large)
			continue;
		snprintf(buf + n, len - n, "%s%s (%s)", n > 0 ? "; " : "",
		    l->client, l->reason);
	}
}

/* The suites the probes saw, each once, and what is wrong with them. */
static void
accepted_text(const struct live_result *r, char *buf, size_t len)
{
	bool krsa = false, cbc = false, sha1 = false;
	size_t n;

	buf[0] = '\0';
	for (size_t i = 0; i < r->nfamilies; i++) {
		const struct live_cipher_family *f = &r->families[i];
		const char *c = f->cipher[0] != '\0' ? f->cipher : f->name;
		size_t clen = strlen(c);
		n = strlen(buf);
		if (f->state != PROBE_ACCEPTED)
			continue;
		krsa |= strcmp(f->name, "RSA key exchange (no forward "
		    "secrecy)") == 0;
		cbc |= strcmp(f->name, "AES-CBC") == 0 ||
		    strcmp(f->name, "3DES") == 0;
		sha1 |= clen > 4 && strcmp(c + clen - 4, "-SHA") == 0;
		if (strstr(buf, c) != NULL)
			continue;
		snprintf(buf + n, len - n, "%s%s", n > 0 ? ", " : "", c);
	}
	n = strlen(buf);
	if (krsa || cbc || sha1)
		snprintf(buf + n, len - n, " (%s%s%s%s%s)",
		    krsa ? "RSA key exchange: no forward secrecy" : "",
		    krsa && (cbc || sha1) ? "; " : "",
		    cbc ? "CBC mode" : "", cbc && sha1 ? " with " : "",
		    sha1 ? "SHA-1 MACs" : "");
}

static const char *INTERMEDIATE_HINT =
    "offer ECDHE with AES-GCM and ChaCha20-Poly1305 and keep TLS 1.3 on, "
    "as in Mozilla's intermediate profile (nginx: ssl_protocols TLSv1.2 "
    "TLSv1.3; ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:"
    "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
    "ECDHE-RSA-CHACHA20-POLY1305;)";

static const char *
served_key_kind(const struct live_result *r)
{
	EVP_PKEY *k;

	if (r->nserved == 0 ||
	    (k = X509_get0_pubkey(r->served[0]->x509)) == NULL)
		return NULL;
	switch (EVP_PKEY_get_base_id(k)) {
	case EVP_PKEY_RSA:	return "RSA";
	case EVP_PKEY_EC:	return "ECDSA";
	default:		return NULL;
	}
}

/* TLS 1.3 works, TLS 1.2 answers handshake_failure where a server
 * without it answers protocol_version: TLS 1.2 is on, but the probe
 * offered every suite and none fits the certificate. */
static bool
tls12_unusable(const struct live_result *r, struct findings *fs)
{
	const struct live_version *v12 = &r->versions[2];
	const char *kind = served_key_kind(r);
	char who[1536];
	struct finding *f;

	if (r->versions[3].state != PROBE_ACCEPTED ||
	    v12->state != PROBE_REFUSED || v12->alert != 40)
		return false;
	left_out_text(r, who, sizeof(who), false);
	f = finding_add_file(fs, "live-tls12-cipher-cert-mismatch", SEV_WARN,
	    r->target.label, "TLS 1.2 is enabled but refuses every cipher "
	    "suite with handshake_failure (a server without TLS 1.2 answers "
	    "protocol_version): its TLS 1.2 cipher list does not fit its "
	    "%s%scertificate%s, so only TLS 1.3 clients connect; left out: "
	    "%s", kind != NULL ? kind : "", kind != NULL ? " " : "",
	    kind == NULL ? "" :
	    strcmp(kind, "RSA") == 0 ? " (the list most likely names only "
	    "ECDHE-ECDSA-* suites)" : " (the list most likely names only "
	    "RSA-authenticated suites)", who[0] != '\0' ? who : "none of "
	    "the man page's table");
	if (f != NULL)
		finding_hint(f, "add suites for the certificate's key type to "
		    "the TLS 1.2 cipher list (nginx: ssl_ciphers "
		    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
		    "...;), or turn TLS 1.2 off deliberately (ssl_protocols "
		    "TLSv1.3;)");
	return true;
}

static void
working_server(const struct live_result *r, struct findings *fs)
{
	char who[1536], offered[768];
	bool version_only = true, large = false;
	struct finding *f;

	for (size_t i = 0; i < r->nleft_out; i++) {
		version_only &= r->left_out[i].version_only;
		large |= r->left_out[i].large && !r->left_out[i].version_only;
	}
	if (!r->fs_aead) {
		accepted_text(r, offered, sizeof(offered));
		left_out_text(r, who, sizeof(who), false);
		f = finding_add_file(fs, "live-no-forward-secret-aead",
		    SEV_WARN, r->target.label, "the server offers no "
		    "forward-secret AEAD cipher suite (ECDHE or DHE with "
		    "AES-GCM or ChaCha20, or TLS 1.3): it accepts only %s, "
		    "which fails every current baseline (Mozilla "
		    "intermediate, RFC 9325)%s%s", offered[0] != '\0' ?
		    offered : "suites without forward secrecy",
		    who[0] != '\0' ? "; clients that cannot connect: " : "",
		    who);
		if (f != NULL)
			finding_hint(f, "%s", INTERMEDIATE_HINT);
		return;
	}
	if (tls12_unusable(r, fs))
		return;
	if (r->nleft_out == 0)
		return;
	left_out_text(r, who, sizeof(who), false);
	if (large) {
		f = finding_add_file(fs, "live-clients-shut-out", SEV_WARN,
		    r->target.label, "the server's cipher suites shut out "
		    "common clients: %s", who);
		if (f != NULL)
			finding_hint(f, "%s", INTERMEDIATE_HINT);
		return;
	}
	if (version_only) {
		f = finding_add_file(fs, "live-tls13-only", SEV_INFO,
		    r->target.label, "the server speaks only TLS 1.3 "
		    "(Mozilla's \"modern\" profile); clients without TLS 1.3 "
		    "cannot connect: %s", who);
		if (f != NULL)
			finding_hint(f, "nothing to do if these clients do not "
			    "matter; otherwise enable TLS 1.2 with ECDHE and "
			    "AES-GCM as well (nginx: ssl_protocols TLSv1.2 "
			    "TLSv1.3;)");
		return;
	}
	f = finding_add_file(fs, "live-clients-left-out", SEV_INFO,
	    r->target.label, "some less common clients cannot connect: %s",
	    who);
	if (f != NULL)
		finding_hint(f, "nothing to do if these clients do not matter; "
		    "%s", INTERMEDIATE_HINT);
}

static const char *
key_kind(const struct inventory *inv)
{
	const struct object *leaf = inv->leaf;
	EVP_PKEY *k;

	if (leaf == NULL || leaf->kind != OBJ_CERT ||
	    (k = X509_get0_pubkey(leaf->x509)) == NULL)
		return NULL;
	switch (EVP_PKEY_get_base_id(k)) {
	case EVP_PKEY_RSA:	return "RSA";
	case EVP_PKEY_EC:	return "ECDSA";
	default:		return NULL;
	}
}

/* Every family refused at every version, with every group and
 * signature algorithm this library has on offer: the server cannot
 * complete any handshake, so its own configuration is at fault. */
static void
nothing_fits(const struct live_result *r, const struct inventory *inv,
    struct findings *fs)
{
	const char *kind = key_kind(inv);
	char mine[384] = "";
	struct finding *f;

	if (kind != NULL)
		snprintf(mine, sizeof(mine), "; the certificate for it (%s) "
		    "has an %s key, which only %s suites can use, so the "
		    "server's list most likely names only %s suites",
		    inv->leaf->src != NULL ? inv->leaf->src->path : "",
		    kind, strcmp(kind, "RSA") == 0 ? "*-RSA-* (and RSA key "
		    "exchange)" : "ECDHE-ECDSA-*", strcmp(kind, "RSA") == 0 ?
		    "ECDHE-ECDSA-*" : "RSA-authenticated");
	f = finding_add_file(fs, "live-cipher-cert-mismatch", SEV_FAIL,
	    r->target.label, "the server cannot complete a handshake with "
	    "any client: it refused every TLS version and every cipher "
	    "family offered (ECDSA and RSA authentication; ECDHE, DHE and "
	    "RSA key exchange; AES-GCM, ChaCha20, AES-CBC and older; the TLS "
	    "1.3 suites; every group), so its cipher list does not fit its certificate: "
	    "suites that are all ECDHE-ECDSA-* need an ECDSA certificate, "
	    "suites that are all *-RSA-* an RSA one%s", mine);
	if (f != NULL)
		finding_hint(f, "make the server's cipher list match its "
		    "certificate's key type, or serve a certificate of the "
		    "type its suites need (nginx can hold one RSA and one "
		    "ECDSA certificate side by side); enabling TLS 1.3 also "
		    "works, its suites fit any key (nginx: ssl_protocols "
		    "TLSv1.2 TLSv1.3;); the server's error log says \"no shared "
		    "cipher\"");
}

static bool
any_family_accepted(const struct live_result *r)
{
	for (size_t i = 0; i < r->nfamilies; i++)
		if (r->families[i].state == PROBE_ACCEPTED &&
		    r->families[i].groups == NULL)
			return true;
	return false;
}

static const struct live_cipher_family *
groups_family(const struct live_result *r)
{
	for (size_t i = 0; i < r->nfamilies; i++)
		if (r->families[i].groups != NULL)
			return &r->families[i];
	return NULL;
}

/* Nothing got through with the default groups, but offering every
 * group did: the server's only key exchange group is one clients do
 * not offer. */
static void
no_shared_group(const struct live_result *r,
    const struct live_cipher_family *g, struct findings *fs)
{
	const char *picked = g->group[0] != '\0' ? g->group : "an uncommon "
	    "group";
	struct finding *f;

	f = finding_add_file(fs, "live-no-shared-group", SEV_FAIL,
	    r->target.label, "no key exchange group in common: the server "
	    "refused every version and cipher family with the groups OpenSSL "
	    "offers by default (X25519, P-256, P-384, P-521, X448, FFDHE), "
	    "and completed a handshake only when offered more: it picked %s "
	    "(%s)", picked, g->cipher);
	if (f != NULL)
		finding_hint(f, "let the server use X25519 and P-256 (nginx: "
		    "ssl_ecdh_curve X25519:prime256v1:secp384r1;); a client "
		    "that must connect meanwhile can offer the group "
		    "explicitly (openssl s_client -groups %s)", picked);
}

/* True when it named the cause of a failed handshake: then the
 * generic handshake finding is not needed (live_judge.c). */
bool
live_posture_judge(const struct live_result *r, const struct inventory *inv,
    struct findings *fs)
{
	if (r->posture_assessed) {
		working_server(r, fs);
		return false;
	}
	if (live_posture_probe_all(r) && r->ciphers_probed &&
	    families_answered(r) && !any_family_accepted(r)) {
		const struct live_cipher_family *g = groups_family(r);
		if (g != NULL && g->state == PROBE_ACCEPTED)
			no_shared_group(r, g, fs);
		else
			nothing_fits(r, inv, fs);
		return true;
	}
	return false;
}
