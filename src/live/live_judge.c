#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "describe.h"
#include "live_priv.h"

/* A growing ", "-separated list in a fixed buffer. */
static void
list_add(char *buf, size_t len, const char *item)
{
	size_t n = strlen(buf);

	snprintf(buf + n, len - n, "%s%s", n > 0 ? ", " : "", item);
}

static const char *
where(const struct live_result *r)
{
	return r->target.label;
}

static void
connect_findings(const struct live_result *r, struct findings *fs)
{
	struct finding *f = NULL;

	switch (r->failure.kind) {
	case CAUSE_CONNECT:
		f = finding_add_file(fs, "live-connect-failed", SEV_FAIL,
		    where(r), "%s", r->failure.text);
		if (f != NULL)
			finding_hint(f, "check that the server is running and "
			    "listens on port %s (ss -tlnp), and that no "
			    "firewall blocks the port", r->target.port);
		break;
	case CAUSE_STARTTLS:
		f = finding_add_file(fs, "live-starttls-failed", SEV_FAIL,
		    where(r), "STARTTLS failed: %s", r->failure.text);
		if (f != NULL && r->failure.starttls_not_offered)
			finding_hint(f, "turn TLS on in the server (%s), or "
			    "connect to the port that offers it",
			    starttls_enable_hint(r->starttls));
		else if (f != NULL)
			finding_hint(f, "check that the server offers STARTTLS "
			    "on this port and that --starttls names its "
			    "protocol");
		break;
	case CAUSE_NOT_TLS:
		f = finding_add_file(fs, "live-not-tls", SEV_FAIL, where(r),
		    "%s", r->failure.text);
		if (f != NULL)
			finding_hint(f, "connect to the port where the server "
			    "speaks TLS (443 for HTTPS), or enable TLS on "
			    "this one (nginx: listen %s ssl;)", r->target.port);
		break;
	default:
		break;
	}
}

static void
legacy_protocol(const struct live_result *r, struct findings *fs)
{
	char list[64] = "";
	struct finding *f;

	for (size_t i = 0; i < LIVE_NVERSIONS; i++)
		if (r->versions[i].state == PROBE_ACCEPTED &&
		    r->versions[i].version < TLS1_2_VERSION)
			list_add(list, sizeof(list), r->versions[i].name);
	if (list[0] == '\0')
		return;
	f = finding_add_file(fs, "live-legacy-protocol", SEV_WARN, where(r),
	    "the server accepts %s, deprecated since 2021 (RFC 8996)", list);
	if (f != NULL)
		finding_hint(f, "allow only TLS 1.2 and 1.3 (nginx: "
		    "ssl_protocols TLSv1.2 TLSv1.3; Apache: SSLProtocol -all "
		    "+TLSv1.2 +TLSv1.3)");
}

static bool
no_common_protocol(const struct live_result *r, char *server, size_t slen,
    char *local, size_t llen)
{
	bool any = false, common = false;

	server[0] = local[0] = '\0';
	if (!r->versions_probed)
		return false;
	for (size_t i = 0; i < LIVE_NVERSIONS; i++) {
		const struct live_version *v = &r->versions[i];
		if (v->state == PROBE_ACCEPTED) {
			any = true;
			common |= v->local_default;
			list_add(server, slen, v->name);
		}
		if (v->local_default)
			list_add(local, llen, v->name);
	}
	return any && !common;
}

/* The newest version each side speaks (0: none). */
static int
newest_version(const struct live_result *r, bool server)
{
	int v = 0;

	for (size_t i = 0; i < LIVE_NVERSIONS; i++)
		if (server ? r->versions[i].state == PROBE_ACCEPTED :
		    r->versions[i].local_default)
			v = r->versions[i].version;
	return v;
}

static const char *
s_client_flag(int version)
{
	switch (version) {
	case TLS1_VERSION:	return "-tls1";
	case TLS1_1_VERSION:	return "-tls1_1";
	case TLS1_2_VERSION:	return "-tls1_2";
	case TLS1_3_VERSION:	return "-tls1_3";
	}
	return "";
}

static void
no_common_finding(const struct live_result *r, const char *server,
    const char *local, struct findings *fs)
{
	int newest = newest_version(r, true);
	struct finding *f;

	if (newest > newest_version(r, false)) {
		/* The server is ahead of this machine: lowering the
		 * security level cannot help, a newer version would. */
		f = finding_add_file(fs, "live-no-common-protocol", SEV_FAIL,
		    where(r), "no TLS version in common: the server speaks only "
		    "%s; this machine's OpenSSL offers only %s by default (its "
		    "configuration caps the version, e.g. MaxProtocol in "
		    "openssl.cnf, or the client is older than %s)", server,
		    local[0] != '\0' ? local : "none",
		    live_version_name(newest));
		if (f != NULL)
			finding_hint(f, "let the client offer %s (e.g. openssl "
			    "s_client -connect %s:%s %s, or raise MaxProtocol); "
			    "if clients without it must connect, also enable "
			    "TLS 1.2 on the server (nginx: ssl_protocols "
			    "TLSv1.2 TLSv1.3;)", live_version_name(newest),
			    r->target.host, r->target.port,
			    s_client_flag(newest));
		return;
	}
	f = finding_add_file(fs, "live-no-common-protocol", SEV_FAIL,
	    where(r), "no TLS version in common: the server speaks only %s; "
	    "this machine's OpenSSL allows %s by default (security level %d; "
	    "TLS 1.0 and 1.1 need level 0)", server,
	    local[0] != '\0' ? local : "none", r->local_security_level);
	if (f != NULL)
		finding_hint(f, "enable TLS 1.2 and 1.3 on the server (nginx: "
		    "ssl_protocols TLSv1.2 TLSv1.3;); until then a client can "
		    "only connect by lowering its level, e.g. openssl s_client "
		    "-connect %s:%s -cipher 'DEFAULT:@SECLEVEL=0' %s",
		    r->target.host, r->target.port, s_client_flag(newest));
}

/* Whether the ciphers the server picked are ones this machine offers by
 * default: if so, the failure was not about ciphers. */
static bool
no_shared_cipher(const struct live_result *r, char *server, size_t slen,
    char *local, size_t llen)
{
	bool shared = false;

	server[0] = local[0] = '\0';
	for (size_t i = 0; i < r->nfamilies; i++) {
		const struct live_cipher_family *f = &r->families[i];
		char item[160];
		/* Only families of versions the server speaks matter. */
		if (f->state == PROBE_NOT_RUN)
			continue;
		if (f->state == PROBE_ACCEPTED) {
			snprintf(item, sizeof(item), "%s (%s)", f->name,
			    f->cipher[0] != '\0' ? f->cipher : "accepted");
			list_add(server, slen, item);
			shared |= f->local_default && f->picked_local;
		}
		if (f->local_default)
			list_add(local, llen, f->name);
	}
	return !shared;
}

/* Families can share a name across the line (AES-CBC with and without
 * RSA key exchange): say which rule of the level in force removed the
 * server's choice. */
static const char *
seclevel_note(const struct live_result *r)
{
	bool kx_rsa_only = false, fs_kx = false;

	for (size_t i = 0; i < r->nfamilies; i++) {
		const struct live_cipher_family *f = &r->families[i];
		if (f->state != PROBE_ACCEPTED || f->tls13 || f->spec == NULL)
			continue;
		if (strcmp(f->spec, "kRSA") == 0)
			kx_rsa_only = true;
		else if (strncmp(f->spec, "kECDHE", 6) == 0 ||
		    strncmp(f->spec, "kDHE", 4) == 0)
			fs_kx = true;
	}
	if (kx_rsa_only && !fs_kx && r->local_security_level >= 3)
		return "; security level 3 and above require forward secrecy, "
		    "so this machine offers no suite with RSA key exchange, "
		    "whatever its bulk cipher: the server's suites are all RSA "
		    "key exchange";
	return "";
}

static void
no_shared_finding(const struct live_result *r, const char *server,
    const char *local, struct findings *fs)
{
	struct finding *f;

	if (server[0] == '\0') {
		f = finding_add_file(fs, "live-no-shared-cipher", SEV_FAIL,
		    where(r), "no cipher in common: the server accepted none of "
		    "the cipher families offered, even with every one this "
		    "library has (%s)", r->failure.text);
		if (f != NULL)
			finding_hint(f, "check the server's cipher list against "
			    "its certificate's key type (ECDSA-only ciphers "
			    "cannot be used with an RSA key, and the reverse)");
		return;
	}
	f = finding_add_file(fs, "live-no-shared-cipher", SEV_FAIL, where(r),
	    "no cipher in common: the server accepts only %s; this machine's "
	    "OpenSSL offers by default %s (security level %d)%s", server,
	    local[0] != '\0' ? local : "nothing", r->local_security_level,
	    seclevel_note(r));
	if (f != NULL)
		finding_hint(f, "on the server, enable ECDHE with AES-GCM or "
		    "ChaCha20 (nginx: ssl_ciphers HIGH:!aNULL:!MD5; and for "
		    "TLS 1.3 keep the default suites); a client that must "
		    "connect meanwhile has to add the server's cipher "
		    "explicitly (openssl s_client -cipher or -ciphersuites)");
}

static bool
any_version_accepted(const struct live_result *r)
{
	for (size_t i = 0; r->versions_probed && i < LIVE_NVERSIONS; i++)
		if (r->versions[i].state == PROBE_ACCEPTED)
			return true;
	return false;
}

/* The fix for a failed handshake; "(above)" only when the versions the
 * server accepts were learnt and printed. */
static const char *
handshake_hint(const struct live_result *r)
{
	const struct live_cause *c = &r->failure;

	if (c->alert == 112)
		return r->target.servername == NULL ? "connect by the site's "
		    "name, or give it with --servername NAME" : "give the name "
		    "the server knows with --servername, or add it to the "
		    "server's virtual host (server_name)";
	if (c->alert == 80)
		return "read the server's error log: it could not use its "
		    "certificate or key";
	if (any_version_accepted(r))
		return "compare the versions and ciphers the server accepts "
		    "(above) with this machine's OpenSSL, and read the "
		    "server's error log";
	if (strstr(c->text, "reset the connection") != NULL)
		return "check that the port speaks TLS from the first byte "
		    "(a STARTTLS port needs --starttls) and that no firewall or "
		    "proxy between cuts TLS; the server's log says whether it "
		    "saw the connection";
	if (strstr(c->text, "did not answer") != NULL)
		return "check that the port speaks TLS from the first byte "
		    "(a STARTTLS port needs --starttls; a plain-text service "
		    "waits for its own protocol), and read the server's log";
	return "read the server's error log: it ended every handshake "
	    "before choosing a version";
}

static void
handshake_failure(const struct live_result *r, const struct inventory *inv,
    struct findings *fs)
{
	char server[1024], local[512];
	struct finding *f;

	if (r->client_cert_rejected || r->client_cert_required)
		return;		/* said by live_client_cert_findings */
	if (live_posture_judge(r, inv, fs))
		return;		/* the cipher families named the cause */
	if (no_common_protocol(r, server, sizeof(server), local,
	    sizeof(local))) {
		no_common_finding(r, server, local, fs);
		return;
	}
	if (r->ciphers_probed && no_shared_cipher(r, server, sizeof(server),
	    local, sizeof(local))) {
		no_shared_finding(r, server, local, fs);
		return;
	}
	f = finding_add_file(fs, "live-handshake-failed", SEV_FAIL, where(r),
	    "the TLS handshake failed: %s", r->failure.text);
	if (f != NULL)
		finding_hint(f, "%s", handshake_hint(r));
}

static bool
covers(X509 *x, const char *name, bool is_ip)
{
	int r = is_ip ? X509_check_ip_asc(x, name, 0) :
	    X509_check_host(x, name, 0, 0, NULL);

	ERR_clear_error();
	return r == 1;
}

/* The probe without SNI uses this machine's default versions: when it
 * failed for the reason the handshake did, or over the version, the
 * name had nothing to do with it. */
static bool
nosni_failed_otherwise(const struct live_result *r)
{
	const struct live_cause *c = &r->nosni_failure;

	if (c->kind != CAUSE_HANDSHAKE)
		return true;
	if (c->alert == 70 || c->ssl_reason == SSL_R_UNSUPPORTED_PROTOCOL ||
	    c->ssl_reason == SSL_R_NO_PROTOCOLS_AVAILABLE)
		return true;
	return !r->handshake_ok && c->alert == r->failure.alert &&
	    c->ssl_reason == r->failure.ssl_reason;
}

/* Every current client sends SNI: a server that needs it is the normal
 * multi-site setup, a note for the few old clients and scripts that do
 * not, never a warning on its own. */
static void
sni_findings(const struct live_result *r, struct findings *fs)
{
	const char *name = r->target.servername;
	struct finding *f;
	unsigned char md[32];
	unsigned int mdlen = 0;
	char *subj;

	if (!r->sni_probed || r->nserved == 0 || name == NULL)
		return;
	if (r->nosni_leaf == NULL && nosni_failed_otherwise(r))
		return;
	if (r->nosni_leaf == NULL) {
		f = finding_add(fs, "live-sni-required", SEV_INFO,
		    r->served[0], "clients that send no server name (SNI) cannot "
		    "connect: %s", r->nosni_failure.text);
		if (f != NULL)
			finding_hint(f, "set a default server for clients "
			    "without SNI (nginx: listen ... default_server) if "
			    "old clients or scripts must reach '%s'", name);
		return;
	}
	if (X509_digest(r->nosni_leaf, EVP_sha256(), md, &mdlen) != 1 ||
	    memcmp(md, r->served[0]->sha256, sizeof(md)) == 0)
		return;
	subj = name_oneline(X509_get_subject_name(r->nosni_leaf));
	if (!covers(r->nosni_leaf, name, false)) {
		f = finding_add(fs, "live-sni-required", SEV_INFO,
		    r->served[0], "clients that send no server name (SNI) get "
		    "'%s', which does not cover '%s'", subj ? subj : "", name);
		if (f != NULL)
			finding_hint(f, "make the server block for '%s' the "
			    "default one (nginx: listen ... default_server) if "
			    "clients without SNI must reach it", name);
	} else
		finding_add(fs, "live-sni-default-differs", SEV_INFO,
		    r->served[0], "clients that send no server name (SNI) get "
		    "another certificate, '%s' (it covers '%s' too)",
		    subj ? subj : "", name);
	free(subj);
}

static void
cert_summary(const struct object *o, char *buf, size_t len)
{
	char *fp = hex_fingerprint(o->sha256, sizeof(o->sha256));
	char when[32] = "?";
	time_t t;

	if (asn1_time_to_time_t(X509_get0_notAfter(o->x509), &t))
		format_time(t, when, sizeof(when));
	snprintf(buf, len, "SHA-256 %s, expires %s", fp != NULL ? fp : "?",
	    when);
	free(fp);
}

static bool
other_issuer_and_key(const struct object *served, const struct object *local,
    const struct inventory *inv)
{
	EVP_PKEY *key = inv->key != NULL && inv->key->kind == OBJ_KEY ?
	    inv->key->pkey : X509_get0_pubkey(local->x509);
	int same_key = EVP_PKEY_eq(X509_get0_pubkey(served->x509), key);
	int same_issuer = X509_NAME_cmp(X509_get_issuer_name(served->x509),
	    X509_get_issuer_name(local->x509));

	ERR_clear_error();
	return same_key != 1 && same_issuer != 0;
}

/* The local files hold one certificate, the server serves another:
 * typically a renewal the server has not reloaded. */
static void
cert_differs(const struct live_result *r, const struct inventory *inv,
    struct findings *fs)
{
	const struct object *served = r->served[0], *local = inv->leaf;
	char s[200], l[200];
	const char *how, *key = "";
	struct finding *f;
	int cmp;

	if (local == NULL || local == served || local->kind != OBJ_CERT)
		return;
	cert_summary(served, s, sizeof(s));
	cert_summary(local, l, sizeof(l));
	cmp = ASN1_TIME_compare(X509_get0_notAfter(served->x509),
	    X509_get0_notAfter(local->x509));
	ERR_clear_error();
	how = cmp < 0 ? "the server still serves the old certificate" :
	    "the server serves a different certificate than the local file";
	if (inv->key != NULL && inv->key->kind == OBJ_KEY) {
		int m = EVP_PKEY_eq(X509_get0_pubkey(served->x509),
		    inv->key->pkey);
		ERR_clear_error();
		key = m == 1 ? "; the served certificate matches the local key" :
		    "; the served certificate does not match the local key "
		    "either";
	}
	f = finding_add(fs, "live-cert-differs", SEV_FAIL, served,
	    "%s (%s); the local file %s holds %s%s", how, s,
	    local->src != NULL ? local->src->path : "", l, key);
	if (f != NULL && other_issuer_and_key(served, local, inv))
		finding_hint(f, "if the server's configuration names another "
		    "file, point it at this one and reload; but a certificate "
		    "from another issuer with another key can also come from "
		    "something between you and the server that re-signs TLS "
		    "(see live-tls-intercepted when it is reported)");
	else if (f != NULL)
		finding_hint(f, "reload the server so it reads the new file "
		    "(nginx -s reload, systemctl reload apache2), and check "
		    "that its configuration names this file");
}

static const struct object *
served_issuer(const struct live_result *r, const struct object *o)
{
	for (size_t i = 0; i < r->nserved; i++)
		if (r->served[i] != o &&
		    X509_check_issued(r->served[i]->x509, o->x509) ==
		    X509_V_OK)
			return r->served[i];
	return NULL;
}

/* The chain path is built from everything given, so local files can
 * complete a chain the server leaves short. Say so: clients only get
 * what is served. */
static void
served_short(const struct live_result *r, const struct inventory *inv,
    struct findings *fs)
{
	for (size_t i = 0; i < r->nserved; i++) {
		const struct object *o = r->served[i];
		struct finding *f;
		char *name, *iss;

		if (object_is_self_issued(o) || served_issuer(r, o) != NULL)
			continue;
		for (size_t k = 0; k < inv->nobjs; k++) {
			const struct object *c = inv->objs[k];
			if (c->kind != OBJ_CERT || c->trusted ||
			    inventory_is_served(inv, c) ||
			    object_is_self_issued(c) ||
			    X509_check_issued(c->x509, o->x509) != X509_V_OK)
				continue;
			name = name_oneline(X509_get_subject_name(o->x509));
			iss = name_oneline(X509_get_subject_name(c->x509));
			f = finding_add(fs, "chain-incomplete", SEV_FAIL, o,
			    "the server does not send the intermediate %s, "
			    "issuer of %s; the local file %s holds it, but "
			    "clients only get what is served", iss ? iss : "",
			    name ? name : "", c->src != NULL ? c->src->path :
			    "");
			if (f != NULL)
				finding_hint(f, "configure the server with the "
				    "full chain (leaf, then intermediates: nginx "
				    "ssl_certificate fullchain.pem; Apache "
				    "SSLCertificateFile with the chain appended) "
				    "and reload it");
			free(name);
			free(iss);
			break;
		}
		ERR_clear_error();
	}
}

void
live_judge(const struct live_result *r, const struct inventory *inv,
    struct findings *fs)
{
	if (r->failure.kind == CAUSE_CONNECT || r->failure.kind ==
	    CAUSE_STARTTLS || r->failure.kind == CAUSE_NOT_TLS) {
		connect_findings(r, fs);
		return;
	}
	if (r->failure.kind == CAUSE_RESOLVE)
		return;		/* reported where it happened */
	legacy_protocol(r, fs);
	if (!r->handshake_ok)
		handshake_failure(r, inv, fs);
	else
		live_posture_judge(r, inv, fs);
	live_client_cert_findings(r, fs);
	if (r->nserved > 0) {
		sni_findings(r, fs);
		cert_differs(r, inv, fs);
		if (inventory_leaf_is_served(inv))
			served_short(r, inv, fs);
		live_ocsp_judge(r, fs);
	}
}
