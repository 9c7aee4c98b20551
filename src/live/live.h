/* The live handshake: what a server actually serves. The only network
 * and libssl user. live_run() connects (only when asked), adds the served
 * chain to the inventory with ROLE_SERVED, and appends live findings. */
#ifndef LIVE_H
#define LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <openssl/x509.h>

#include "finding.h"
#include "inventory.h"
#include "live/live_http.h"
#include "load/load.h"
#include "options.h"

#define LIVE_DEFAULT_PORT	"443"
#define LIVE_MAX_ADDRESSES	3	/* addresses tried, each --timeout */

/* HOST[:PORT] as the user wrote it: "example.com", "example.com:8443",
 * "[::1]:443", "::1" (a bare IPv6 literal has no port). */
struct live_target {
	char *host;		/* owned; without brackets */
	char *port;		/* owned; default per protocol */
	char *servername;	/* owned; SNI to send, or NULL (IP literal) */
	char *label;		/* owned; "tls://host:port", names the source */
	bool host_is_ip;
};

/* Parses spec; false with err set when it is not HOST[:PORT]. */
bool live_target_parse(struct live_target *, const char *spec,
    const char *servername, const char *first_host, enum starttls,
    char *err, size_t errlen);
void live_target_free(struct live_target *);

enum live_probe_state {
	PROBE_NOT_RUN = 0,
	PROBE_ACCEPTED,
	PROBE_REFUSED,		/* the server said no (alert, close) */
	PROBE_UNTESTABLE,	/* this library cannot offer it at all */
	PROBE_FAILED		/* the connection failed otherwise */
};

/* Why a handshake failed, in words a person can act on. */
enum live_cause_kind {
	CAUSE_NONE = 0,
	CAUSE_RESOLVE,		/* the name does not resolve */
	CAUSE_CONNECT,		/* refused, unreachable, reset, timed out */
	CAUSE_STARTTLS,		/* the plain-text dialogue failed */
	CAUSE_NOT_TLS,		/* the port speaks something else */
	CAUSE_HANDSHAKE		/* TLS started and failed */
};

struct live_cause {
	enum live_cause_kind kind;
	int alert;		/* TLS alert from the server, -1 if none */
	int ssl_reason;		/* OpenSSL reason code, 0 if none */
	bool starttls_not_offered;	/* the server said it has no TLS */
	char text[512];		/* the explanation */
};

struct live_version {
	int version;		/* TLS1_VERSION ... TLS1_3_VERSION */
	const char *name;	/* "TLS 1.0" */
	bool local_default;	/* this machine's OpenSSL offers it by default */
	enum live_probe_state state;
	char cipher[64];	/* negotiated in the probe */
	char why[512];		/* when refused */
	int alert;		/* the server's alert when refused, -1 if none */
};

#define LIVE_NVERSIONS	4

struct live_cipher_family {
	const char *name;	/* "ECDHE-RSA key exchange", "AES-GCM" */
	const char *spec;	/* OpenSSL cipher string or TLS 1.3 suite */
	bool tls13;
	bool local_default;	/* among this machine's default ciphers */
	enum live_probe_state state;
	char cipher[64];	/* what the server picked from the family */
	bool picked_local;	/* ... and this machine offers it by default */
	char probe_spec[96];	/* the cipher string the probe offers */
	int dh_bits;		/* finite-field DHE: the server's group size */
	const char *groups;	/* groups offered, when not the defaults */
	char group[64];		/* ... and the one the server picked */
};

/* A client population that cannot connect, from the table of client
 * capabilities in client_table.c. */
struct live_left_out {
	const char *client;	/* "Java 8 before 8u261" (static) */
	const char *source;	/* where its capabilities come from */
	char reason[96];	/* "no TLS 1.3", "no ChaCha20-Poly1305" */
	bool large;		/* a large population, not a niche */
	bool version_only;	/* left out only for want of TLS 1.3 */
};

#define LIVE_MAX_LEFT_OUT	16

/* OCSP stapling: what the server sent with its certificate when asked
 * (status_request), read against the served leaf and its issuer at the
 * time certdiag judges at (--at). Filled by live_ocsp_examine. */
enum live_ocsp_state {
	OCSP_NOT_ASKED = 0,	/* no handshake to ask in */
	OCSP_NOT_STAPLED,
	OCSP_UNREADABLE,	/* not a DER OCSPResponse, or no basic one */
	OCSP_NOT_SUCCESSFUL,	/* responseStatus other than successful */
	OCSP_STAPLED		/* a basic response: see the fields */
};

struct live_ocsp {
	enum live_ocsp_state state;
	bool must_staple;	/* the leaf's TLS feature asks for a staple */
	int response_status;	/* OCSP_RESPONSE_STATUS_*, when not successful */
	bool for_leaf;		/* a SingleResponse names the served leaf */
	bool issuer_known;	/* the leaf's issuer was at hand to check */
	int cert_status;	/* V_OCSP_CERTSTATUS_*, when for_leaf */
	int revocation_reason;	/* OCSP_REVOKED_STATUS_*, or -1 */
	time_t revoked_at;
	time_t this_update, next_update, produced_at;
	bool has_next_update;
	int signature;		/* 1 verified, 0 failed, -1 not checked */
	char signature_error[128];	/* why it failed */
	char serial[80];	/* hex serial the (first) entry names */
};

struct live_result {
	struct live_target target;
	enum starttls starttls;
	double timeout;		/* seconds */
	char address[64];	/* address connected to, "" if none */
	bool connected;

	/* The handshake as this machine's OpenSSL does it by default. */
	bool handshake_ok;
	struct live_cause failure;	/* kind != CAUSE_NONE when not ok */
	int version;
	char version_name[16];
	char cipher[64];
	char group[64];
	double connect_ms, handshake_ms, total_ms;
	int local_security_level;

	/* The served chain, leaf first, as sent (borrowed from the
	 * inventory; a certificate the local files also hold appears as
	 * the local object). */
	struct object **served;
	size_t nserved;
	const char *chain_from;	/* "handshake", or the probe it came from */

	struct live_version versions[LIVE_NVERSIONS];
	bool versions_probed;

	struct live_cipher_family *families;	/* owned */
	size_t nfamilies;
	bool ciphers_probed;

	/* Posture of a working server (live_posture.c). */
	bool posture_assessed;
	bool fs_aead;		/* a forward-secret AEAD suite is accepted */
	struct live_left_out left_out[LIVE_MAX_LEFT_OUT];
	size_t nleft_out;

	/* SNI: the same handshake without server_name. */
	bool sni_probed;
	bool nosni_ok;
	struct live_cause nosni_failure;
	X509 *nosni_leaf;	/* owned; what clients without SNI get */

	/* Client certificates. */
	bool client_cert_requested;
	bool client_cert_required;	/* rejected the handshake without one */
	char **client_ca_names;	/* owned, NULL-terminated */
	bool client_cert_sent;
	bool client_cert_rejected;
	struct live_cause client_cert_failure;
	struct object *client_cert;	/* borrowed from client_inv */
	struct inventory client_inv;	/* --client-cert/--client-key */
	STACK_OF(X509) *client_chain;	/* owned; the intermediates given
					 * with it, sent along */
	bool client_cert_after_handshake;	/* the verdict came in the
						 * HTTP answer */
	/* Offline: does the client certificate (with the chain given)
	 * lead to an issuer the server names? */
	enum {
		CLIENT_ISSUER_NOT_JUDGED = 0,
		CLIENT_ISSUER_ACCEPTABLE,
		CLIENT_ISSUER_NOT_ACCEPTABLE
	} client_issuer;
	char client_issuer_top[256];	/* the last issuer reached */
	bool client_issuer_top_given;	/* ... is itself among the files */

	/* After a plain-TLS handshake, one HTTP request (live_http.c). */
	bool http_wanted;
	struct live_http http;

	/* OCSP stapling: the main handshake asks for it. */
	unsigned char *ocsp_der;	/* owned; the stapled response, or NULL */
	size_t ocsp_len;
	struct live_ocsp ocsp;
	time_t now;		/* the time staples are judged at (--at) */
};

void live_result_init(struct live_result *);
void live_result_free(struct live_result *);

/* Connects to opt->connect and records everything in r. Served
 * certificates join inv (ROLE_SERVED); when no local leaf was given the
 * served leaf becomes inv->leaf. Findings about the handshake go to fs.
 * Returns false when nothing could be attempted (bad target, unreadable
 * client certificate): an error finding says why. */
bool live_run(struct live_result *r, struct inventory *inv,
    struct findings *fs, struct load_ctx *lc, const struct options *opt);

/* The name certificates are checked against when no --host is given. */
const char *live_check_name(const struct live_result *);

/* Judging what was recorded: pure, no network (live_judge.c). */
void live_judge(const struct live_result *, const struct inventory *,
    struct findings *);

/* After the local chain is built (live_intercept.c): a served
 * certificate with another key that leads to a root neither the local
 * files' nor trusted in store means something re-signs TLS on the way. */
struct chain_result;
void live_judge_interception(const struct live_result *,
    const struct inventory *, const struct chain_result *local,
    X509_STORE *store, struct findings *);
/* Reads the stapled response against the served leaf and its issuer
 * (served next to it, else among the local certificates) into r->ocsp
 * (live_ocsp.c). Pure: r->now is the clock. */
void live_ocsp_examine(struct live_result *r, const struct inventory *);
/* Plain words for an OCSP certificate status: "good", "revoked". */
const char *live_ocsp_status_name(int cert_status);

/* Plain words for TLS alerts and protocol versions (live_cause.c). */
const char *live_alert_name(int alert);	/* "handshake_failure" */
const char *live_version_name(int version);	/* "TLS 1.2" */

#endif
