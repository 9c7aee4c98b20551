#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

#include "describe.h"
#include "live_priv.h"

void
live_result_init(struct live_result *r)
{
	memset(r, 0, sizeof(*r));
	inventory_init(&r->client_inv);
	r->failure.alert = -1;
}

void
live_target_free(struct live_target *t)
{
	free(t->host);
	free(t->port);
	free(t->servername);
	free(t->label);
	memset(t, 0, sizeof(*t));
}

void
live_result_free(struct live_result *r)
{
	live_target_free(&r->target);
	free(r->served);
	free(r->families);
	free(r->ocsp_der);
	X509_free(r->nosni_leaf);
	sk_X509_pop_free(r->client_chain, X509_free);
	if (r->client_ca_names != NULL)
		names_free(r->client_ca_names);
	inventory_free(&r->client_inv);
	memset(r, 0, sizeof(*r));
}

static const char *
default_port(enum starttls s)
{
	const char *port = starttls_default_port(s);

	return port != NULL ? port : LIVE_DEFAULT_PORT;
}

static bool
is_ip_literal(const char *s)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, s, buf) == 1 ||
	    inet_pton(AF_INET6, s, buf) == 1;
}

static bool
valid_port(const char *p)
{
	long v = 0;

	if (*p == '\0' || strlen(p) > 5)
		return false;
	for (const char *c = p; *c != '\0'; c++) {
		if (!isdigit((unsigned char)*c))
			return false;
		v = v * 10 + (*c - '0');
	}
	return v >= 1 && v <= 65535;
}

bool
live_target_parse(struct live_target *t, const char *spec,
    const char *servername, const char *first_host, enum starttls st,
    char *err, size_t errlen)
{
	const char *host = spec, *port = NULL, *end;
	size_t hostlen;
	const char *sni;

	memset(t, 0, sizeof(t[0]));
	if (spec == NULL || *spec == '\0') {
		snprintf(err, errlen, "no server given: HOST[:PORT]");
		return false;
	}
	if (spec[0] == '[') {
		/* [IPv6]:port */
		if ((end = strchr(spec, ']')) == NULL) {
			snprintf(err, errlen, "'%s': missing ']' after the "
			    "IPv6 address", spec);
			return false;
		}
		host = spec + 1;
		hostlen = (size_t)(end - host);
		if (end[1] == ':')
			port = end + 2;
		else if (end[1] != '\0') {
			snprintf(err, errlen, "'%s' is not [ADDRESS]:PORT", spec);
			return false;
		}
	} else if ((end = strchr(spec, ':')) != NULL &&
	    strchr(end + 1, ':') == NULL) {
		hostlen = (size_t)(end - spec);
		port = end + 1;
	} else
		hostlen = strlen(spec);	/* a name, or a bare IPv6 literal */

	if (hostlen == 0) {
		snprintf(err, errlen, "'%s': no host name", spec);
		return false;
	}
	if (port != NULL && !valid_port(port)) {
		snprintf(err, errlen, "'%s': port '%s' is not a number from 1 "
		    "to 65535", spec, port);
		return false;
	}
	if ((t->host = strndup(host, hostlen)) == NULL ||
	    (t->port = strdup(port != NULL ? port : default_port(st))) ==
	    NULL)
		goto enomem;
	for (const char *c = t->host; *c != '\0'; c++)
		if (isspace((unsigned char)*c) || *c == '/' || *c == '[' ||
		    *c == ']') {
			snprintf(err, errlen, "'%s' is not a host name or "
			    "address", t->host);
			live_target_free(t);
			return false;
		}
	t->host_is_ip = is_ip_literal(t->host);
	if (spec[0] == '[' && !t->host_is_ip) {
		snprintf(err, errlen, "'%s' is not an IPv6 address", t->host);
		live_target_free(t);
		return false;
	}
	/* SNI carries names only (RFC 6066): never an address. */
	sni = servername != NULL ? servername :
	    first_host != NULL ? first_host : t->host;
	if (!is_ip_literal(sni) && (t->servername = strdup(sni)) == NULL)
		goto enomem;
	if (asprintf(&t->label, strchr(t->host, ':') != NULL ?
	    "%s://[%s]:%s" : "%s://%s:%s",
	    st == STARTTLS_NONE ? "tls" : starttls_name(st), t->host,
	    t->port) < 0) {
		t->label = NULL;
		goto enomem;
	}
	return true;
enomem:
	snprintf(err, errlen, "out of memory");
	live_target_free(t);
	return false;
}

const char *
live_check_name(const struct live_result *r)
{
	return r->target.servername != NULL ? r->target.servername :
	    r->target.host;
}

#ifdef HAVE_GETADDRINFO_A
/* A lookup the resolver would not cancel in time: it still writes into
 * it, so it is kept (not freed) until the process ends. */
static struct gaicb *stuck_lookup;
#endif

/* A numeric address resolves at once; a name goes through the resolver
 * asynchronously so the timeout bounds it too. */
static int
resolve(const struct live_target *t, double timeout, struct addrinfo **out)
{
	struct addrinfo hints;
	struct gaicb *req;
	struct gaicb *list[1];
	struct timespec ts;
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	if (t->host_is_ip)
		return getaddrinfo(t->host, t->port, &hints, out);
#ifndef HAVE_GETADDRINFO_A
	/* No asynchronous lookup here (configure): the resolver's own
	 * timeouts bound it. */
	(void)req;
	(void)list;
	(void)ts;
	(void)rc;
	(void)timeout;
	hints.ai_flags = AI_NUMERICSERV;
	return getaddrinfo(t->host, t->port, &hints, out);
#else
	if ((req = calloc(1, sizeof(*req) + sizeof(hints))) == NULL)
		return EAI_MEMORY;
	memcpy(req + 1, &hints, sizeof(hints));
	((struct addrinfo *)(req + 1))->ai_flags = AI_NUMERICSERV;
	req->ar_name = t->host;
	req->ar_service = t->port;
	req->ar_request = (struct addrinfo *)(req + 1);
	list[0] = req;
	if ((rc = getaddrinfo_a(GAI_NOWAIT, list, 1, NULL)) != 0) {
		free(req);
		return rc;
	}
	ts.tv_sec = (time_t)timeout;
	ts.tv_nsec = (long)((timeout - (double)ts.tv_sec) * 1e9);
	do
		rc = gai_suspend((const struct gaicb *const *)list, 1, &ts);
	while (rc == EAI_INTR);
	rc = gai_error(req);
	if (rc == EAI_INPROGRESS) {
		if (gai_cancel(req) == EAI_NOTCANCELED) {
			stuck_lookup = req;
			return EAI_AGAIN;
		}
		free(req);
		return EAI_AGAIN;
	}
	*out = req->ar_result;
	free(req);
	return rc;
#endif
}

/* At most LIVE_MAX_ADDRESSES, and both families early: if IPv6 is
 * broken here, the second try is IPv4. */
struct addr_slot {
	struct addrinfo ai;
	struct sockaddr_storage ss;
};

static struct addrinfo *
pick_addresses(const struct addrinfo *res, struct addr_slot *slots)
{
	const struct addrinfo *pick[LIVE_MAX_ADDRESSES];
	size_t n = 0;

	for (const struct addrinfo *a = res; a != NULL && n < 1; a = a->ai_next)
		pick[n++] = a;
	for (const struct addrinfo *a = res; a != NULL && n < 2; a = a->ai_next)
		if (a->ai_family != pick[0]->ai_family)
			pick[n++] = a;
	for (const struct addrinfo *a = res; a != NULL &&
	    n < LIVE_MAX_ADDRESSES; a = a->ai_next) {
		bool have = false;
		for (size_t i = 0; i < n; i++)
			have |= pick[i] == a;
		if (!have)
			pick[n++] = a;
	}
	for (size_t i = 0; i < n; i++) {
		slots[i].ai = *pick[i];
		memcpy(&slots[i].ss, pick[i]->ai_addr, pick[i]->ai_addrlen);
		slots[i].ai.ai_addr = (struct sockaddr *)&slots[i].ss;
		slots[i].ai.ai_canonname = NULL;
		slots[i].ai.ai_next = i + 1 < n ? &slots[i + 1].ai : NULL;
	}
	return n > 0 ? &slots[0].ai : NULL;
}

static struct finding *
unusable(struct findings *fs, const char *file, const char *what)
{
	struct finding *f = finding_add_file(fs, "live-client-cert-unusable",
	    SEV_ERROR, file, "%s", what);

	if (f != NULL)
		finding_hint(f, "give the client certificate with "
		    "--client-cert and its private key with --client-key "
		    "(or both in one PEM or PKCS#12 file)");
	return f;
}

/* --client-cert/--client-key go through the same loader as every other
 * file (any format, passwords), into an inventory of their own so they
 * are never mistaken for the certificate under test. */
static bool
load_client(struct live_result *r, struct findings *fs,
    struct load_ctx *lc, const struct options *opt)
{
	struct inventory *ci = &r->client_inv;
	int rc;

	if (load_path(ci, fs, lc, opt->client_cert, ROLE_CERT) < 0)
		return false;
	if (opt->client_key != NULL &&
	    load_path(ci, fs, lc, opt->client_key, ROLE_KEY) < 0)
		return false;
	inventory_sort(ci);
	if (ci->leaf == NULL) {
		unusable(fs, opt->client_cert, "no certificate in the "
		    "--client-cert file");
		return false;
	}
	if (ci->key == NULL) {
		unusable(fs, opt->client_key != NULL ? opt->client_key :
		    opt->client_cert, "no private key for the client "
		    "certificate");
		return false;
	}
	rc = EVP_PKEY_eq(X509_get0_pubkey(ci->leaf->x509), ci->key->pkey);
	ERR_clear_error();
	if (rc != 1) {
		unusable(fs, opt->client_key != NULL ? opt->client_key :
		    opt->client_cert, "the private key does not belong to the "
		    "client certificate");
		return false;
	}
	r->client_cert = ci->leaf;
	return true;
}

/* The chain from the handshake; when that failed before the server sent
 * one, from a probe that got further (highest version first). */
static STACK_OF(X509) *
pick_chain(struct live_result *r, struct tls_attempt *att)
{
	if (att[ROUND1_MAIN].chain != NULL) {
		r->chain_from = "handshake";
		return att[ROUND1_MAIN].chain;
	}
	for (size_t i = LIVE_NVERSIONS; i-- > 0;)
		if (att[ROUND1_VERSIONS + i].chain != NULL) {
			r->chain_from = r->versions[i].name;
			return att[ROUND1_VERSIONS + i].chain;
		}
	return NULL;
}

static bool
add_served(struct live_result *r, struct inventory *inv,
    STACK_OF(X509) *chain)
{
	struct source *src;
	int n = sk_X509_num(chain);

	if (n <= 0)
		return true;
	if ((src = inventory_add_source(inv, r->target.label,
	    ROLE_SERVED)) == NULL ||
	    (r->served = calloc((size_t)n, sizeof(*r->served))) == NULL)
		return false;
	for (int i = 0; i < n; i++) {
		X509 *x = sk_X509_value(chain, i);
		struct object *o;
		if (X509_up_ref(x) != 1)
			return false;
		o = inventory_add(inv, OBJ_CERT, x, src, (size_t)i, "TLS",
		    false);
		if (o == NULL)
			return false;
		r->served[r->nserved++] = o;
	}
	inv->served = r->served;
	inv->nserved = r->nserved;
	if (inv->leaf == NULL)
		inv->leaf = r->served[0];
	return true;
}

/* The HTTP request rides on the handshake attempt. */
static void
want_http(struct live_result *r, struct tls_attempt *m)
{
	char host[264];

	if (!r->http_wanted)
		return;
	m->http_probe = true;
	/* An IPv6 address goes in brackets in the Host header. */
	snprintf(host, sizeof(host), r->target.servername == NULL &&
	    strchr(r->target.host, ':') != NULL ? "[%s]" : "%s",
	    r->target.servername != NULL ? r->target.servername :
	    r->target.host);
	/* As long as a handshake may take: a loaded machine (or valgrind)
	 * must not turn a refusal into silence. */
	m->http_wait = r->timeout;
	http_exchange_init(&m->http, host);
}

static void
read_http(struct live_result *r, const struct tls_attempt *m)
{
	if (!m->http.started)
		return;
	r->http.probed = true;
	r->http.cert_requested_late = ((m->hs_seen & ~m->http.hs_before) &
	    (1UL << 13)) != 0;
	/* The handshake succeeded: an alert now came after the request
	 * (close_notify is 0 and harmless). */
	r->http.alert_after_request = m->alert_received;
	r->http.closed_unanswered = m->http.closed && m->http.nresp == 0;
	http_parse(&r->http, m->http.resp, m->http.nresp, m->cert_requested,
	    m->cert_sent);
}

/* A server that resets or ignores every connection refused no version:
 * it never got as far as choosing one. Say nothing about versions. */
static void
versions_unlearnt(struct live_result *r, const struct tls_attempt *att)
{
	for (size_t i = ROUND1_MAIN; i < ROUND1_VERSIONS + LIVE_NVERSIONS;
	    i++) {
		const struct tls_attempt *a = &att[i];
		if (a->hs_seen != 0 || (a->error != ATT_RESET &&
		    a->error != ATT_TIMEOUT))
			return;
	}
	r->versions_probed = false;
}

static bool
run_rounds(struct live_result *r, struct inventory *inv,
    const struct addrinfo *addrs, SSL_CTX *dctx, SSL_CTX *lctx)
{
	struct tls_attempt round1[ROUND1_MAX];
	struct tls_attempt *round2 = NULL;
	struct engine_params p = { .addrs = addrs, .starttls = r->starttls,
	    .starttls_host = live_check_name(r), .timeout = r->timeout };
	struct object *cc = r->client_cert;
	size_t n1 = 0, n2 = 0;
	bool ok;

	live_probe_round1(r, round1, &n1, dctx, lctx,
	    cc != NULL ? cc->x509 : NULL,
	    cc != NULL ? r->client_inv.key->pkey : NULL);
	round1[ROUND1_MAIN].client_chain = r->client_chain;
	want_http(r, &round1[ROUND1_MAIN]);
	/* The handshake asks for a stapled OCSP response, as browsers do. */
	round1[ROUND1_MAIN].want_status = true;
	ok = engine_run(round1, n1, &p);
	if (ok) {
		STACK_OF(X509) *chain;
		live_probe_read_round1(r, round1, n1);
		versions_unlearnt(r, round1);
		read_http(r, &round1[ROUND1_MAIN]);
		live_client_cert_read(r);
		chain = pick_chain(r, round1);
		ok = chain == NULL || add_served(r, inv, chain);
		r->ocsp_der = round1[ROUND1_MAIN].ocsp;
		r->ocsp_len = round1[ROUND1_MAIN].ocsp_len;
		round1[ROUND1_MAIN].ocsp = NULL;
	}
	for (size_t i = 0; i < n1; i++)
		attempt_free(&round1[i]);

	if (ok && live_probe_wants_ciphers(r)) {
		round2 = calloc(live_probe_max_families(), sizeof(*round2));
		if (round2 == NULL)
			return false;
		live_probe_round2(r, round2, &n2, lctx);
		if (n2 > 0 && (ok = engine_run(round2, n2, &p)))
			live_probe_read_round2(r, round2, n2, dctx);
		for (size_t i = 0; i < n2; i++)
			attempt_free(&round2[i]);
		free(round2);
	}
	return ok;
}

bool
live_run(struct live_result *r, struct inventory *inv, struct findings *fs,
    struct load_ctx *lc, const struct options *opt)
{
	struct addr_slot slots[LIVE_MAX_ADDRESSES];
	struct addrinfo *res = NULL, *addrs;
	struct sigaction ign, old;
	SSL_CTX *dctx = NULL, *lctx = NULL;
	char err[256];
	double t0 = engine_now();
	bool ok = false;
	int rc;

	r->starttls = opt->starttls;
	r->now = opt->at;
	r->timeout = opt->timeout > 0 ? opt->timeout : 5;
	/* Only where the port speaks HTTP after TLS as far as we know. */
	r->http_wanted = !opt->no_http_probe &&
	    opt->starttls == STARTTLS_NONE;
	if (!live_target_parse(&r->target, opt->connect, opt->servername,
	    opt->hosts.n > 0 ? opt->hosts.v[0] : NULL, opt->starttls, err,
	    sizeof(err))) {
		finding_add_file(fs, "live-bad-target", SEV_ERROR,
		    opt->connect, "%s", err);
		return false;
	}
	if (opt->client_cert != NULL && (!load_client(r, fs, lc, opt) ||
	    !live_client_chain(r)))
		return false;
	r->http_wanted = r->http_wanted &&
	    !http_port_is_not_http(r->target.port);
	if (opt->client_cert == NULL && opt->client_key != NULL) {
		unusable(fs, opt->client_key, "--client-key given without "
		    "--client-cert");
		return false;
	}

	rc = resolve(&r->target, r->timeout, &res);
	if (rc != 0) {
		struct finding *f;
		r->failure.kind = CAUSE_RESOLVE;
		if (rc == EAI_AGAIN)
			snprintf(r->failure.text, sizeof(r->failure.text),
			    "'%s' did not resolve within %g s (no answer from "
			    "the DNS resolver)", r->target.host, r->timeout);
		else
			snprintf(r->failure.text, sizeof(r->failure.text),
			    "'%s' does not resolve: %s", r->target.host,
			    gai_strerror(rc));
		f = finding_add_file(fs, "live-resolve-failed", SEV_ERROR,
		    r->target.label, "%s", r->failure.text);
		if (f != NULL)
			finding_hint(f, "check the host name (getent hosts "
			    "%s) and this machine's DNS resolver",
			    r->target.host);
		return true;
	}
	addrs = pick_addresses(res, slots);

	/* Writing to a socket the server closed must fail, not kill us. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);

	dctx = engine_ctx_new(false);
	lctx = engine_ctx_new(true);
	r->families = calloc(live_probe_max_families(),
	    sizeof(*r->families));
	if (dctx == NULL || lctx == NULL || r->families == NULL) {
		finding_add_file(fs, "live-connect-failed", SEV_ERROR,
		    r->target.label, "could not set up TLS: out of memory");
		goto out;
	}
	live_probe_local(r, dctx, lctx);
	if (!run_rounds(r, inv, addrs, dctx, lctx)) {
		finding_add_file(fs, "live-connect-failed", SEV_ERROR,
		    r->target.label, "could not run the handshake: %s",
		    strerror(errno));
		goto out;
	}
	r->total_ms = (engine_now() - t0) * 1000.0;
	live_posture_assess(r);
	live_ocsp_examine(r, inv);
	live_judge(r, inv, fs);
	ok = true;
out:
	SSL_CTX_free(dctx);
	SSL_CTX_free(lctx);
	freeaddrinfo(res);
	sigaction(SIGPIPE, &old, NULL);
	ERR_clear_error();
	return ok;
}
