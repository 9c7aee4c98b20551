#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "chain.h"

/* Bounds on the search for alternative paths: real PKIs are a handful of
 * certificates deep with at most a few cross-signs. */
#define MAX_PATH_LEN	12
#define MAX_PATHS	16
/* Certificates visited by that search: hostile input (many certificates
 * issuing each other in a cycle) would otherwise make it exponential. */
#define MAX_WALK_STEPS	512

/* Everything a verification run reports, collected by the callback. */
struct collector {
	struct chain_error *v;
	size_t n, cap;
	bool oom;
};

static int collector_idx = -1;

/* RFC 5280 counts notAfter itself as valid; OpenSSL calls a certificate
 * expired from that very second on. */
static bool
expires_this_second(X509_STORE_CTX *sctx)
{
	X509 *x = X509_STORE_CTX_get_current_cert(sctx);
	time_t now = X509_VERIFY_PARAM_get_time(X509_STORE_CTX_get0_param(
	    sctx));

	return x != NULL && ASN1_TIME_cmp_time_t(X509_get0_notAfter(x),
	    now) == 0;
}

static int
collect_cb(int ok, X509_STORE_CTX *sctx)
{
	struct collector *c;
	struct chain_error *v;

	if (ok)
		return 1;
	if (X509_STORE_CTX_get_error(sctx) == X509_V_ERR_CERT_HAS_EXPIRED &&
	    expires_this_second(sctx))
		return 1;
	c = X509_STORE_CTX_get_ex_data(sctx, collector_idx);
	if (c == NULL)
		return 0;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;
		if ((v = realloc(c->v, cap * sizeof(*v))) == NULL) {
			c->oom = true;
			return 0;
		}
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n].code = X509_STORE_CTX_get_error(sctx);
	c->v[c->n].depth = X509_STORE_CTX_get_error_depth(sctx);
	c->n++;
	/* Carry on: the diagnosis wants every problem, not the first. */
	return 1;
}

unsigned
chain_error_problem(int code)
{
	switch (code) {
	case X509_V_ERR_CERT_HAS_EXPIRED:
	case X509_V_ERR_CERT_NOT_YET_VALID:
	case X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD:
	case X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD:
		return LP_EXPIRED;
	case X509_V_ERR_CERT_SIGNATURE_FAILURE:
	case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
	case X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY:
		return LP_BAD_SIGNATURE;
	case X509_V_ERR_INVALID_CA:
		return LP_NOT_CA;
	case X509_V_ERR_PATH_LENGTH_EXCEEDED:
		return LP_PATH_LENGTH;
	case X509_V_ERR_PERMITTED_VIOLATION:
	case X509_V_ERR_EXCLUDED_VIOLATION:
	case X509_V_ERR_SUBTREE_MINMAX:
	case X509_V_ERR_UNSUPPORTED_CONSTRAINT_TYPE:
	case X509_V_ERR_UNSUPPORTED_CONSTRAINT_SYNTAX:
	case X509_V_ERR_UNSUPPORTED_NAME_SYNTAX:
#ifdef X509_V_ERR_NAME_CONSTRAINTS_WITHOUT_SANS
	case X509_V_ERR_NAME_CONSTRAINTS_WITHOUT_SANS:
#endif
		return LP_NAME_CONSTRAINTS;
	case X509_V_ERR_KEYUSAGE_NO_CERTSIGN:
		return LP_KEY_USAGE;
	case X509_V_ERR_INVALID_PURPOSE:
		return LP_PURPOSE;
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_CERT_UNTRUSTED:
	case X509_V_ERR_CERT_REJECTED:
		return LP_UNTRUSTED;
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
		return LP_NO_ISSUER;
	default:
		return LP_OTHER;
	}
}

bool
chain_error_is_leafs_own(const struct chain_error *e)
{
	if (e->depth != 0)
		return false;
	switch (e->code) {
	case X509_V_ERR_CERT_HAS_EXPIRED:
	case X509_V_ERR_CERT_NOT_YET_VALID:
	case X509_V_ERR_INVALID_PURPOSE:
		return true;
	default:
		return false;
	}
}

/* Trust settings of its own (a TRUSTED CERTIFICATE with trust or
 * reject purposes): an INVALID_PURPOSE on it is a choice of the trust
 * store's owner, not a property of the certificate. */
static bool
has_trust_settings(X509 *x)
{
	return sk_ASN1_OBJECT_num(X509_get0_trust_objects(x)) > 0 ||
	    sk_ASN1_OBJECT_num(X509_get0_reject_objects(x)) > 0;
}

bool
chain_error_is_anchors_own(const struct chain_path *p,
    const struct chain_error *e)
{
	/* A certificate that is its own anchor is the leaf: its dates and
	 * purpose are judged as the leaf's. */
	if (p->end != END_ANCHOR || p->n < 2 || e->depth < 0 ||
	    (size_t)e->depth != p->n - 1)
		return false;
	/* Not its dates: x509-limbo (rfc5280::validity::expired-root),
	 * Chromium's TRUSTED_ANCHOR_WITH_EXPIRATION, OpenSSL and GnuTLS
	 * refuse an expired anchor; only Chromium's plain TRUSTED_ANCHOR
	 * and Android accept it. */
	switch (e->code) {
	case X509_V_ERR_INVALID_CA:
	case X509_V_ERR_KEYUSAGE_NO_CERTSIGN:
	case X509_V_ERR_PATH_LENGTH_EXCEEDED:
		return true;
	case X509_V_ERR_INVALID_PURPOSE:
		return !has_trust_settings(p->links[p->n - 1].x509);
	default:
		return false;
	}
}

static void
path_free(struct chain_path *p)
{
	for (size_t i = 0; i < p->n; i++)
		X509_free(p->links[i].x509);
	free(p->links);
	free(p->errors);
	memset(p, 0, sizeof(*p));
}

void
chain_result_free(struct chain_result *r)
{
	path_free(&r->path);
	for (size_t i = 0; i < r->nalts; i++)
		path_free(&r->alts[i]);
	free(r->alts);
	free(r->strict);
	memset(r, 0, sizeof(*r));
}

const struct chain_link *
chain_anchor(const struct chain_path *p)
{
	if (p->n == 0 || p->end != END_ANCHOR)
		return NULL;
	return &p->links[p->n - 1];
}

bool
chain_path_has(const struct chain_path *p, const X509 *x)
{
	for (size_t i = 0; i < p->n; i++)
		if (X509_cmp(p->links[i].x509, x) == 0)
			return true;
	return false;
}

/* Files the collected errors into the path: per link, and the verdict. */
static void
path_take_errors(struct chain_path *p, struct collector *c)
{
	p->errors = c->v;
	p->nerrors = c->n;
	c->v = NULL;
	c->n = c->cap = 0;
	p->trusted = true;
	p->reason = 0;
	p->reason_depth = 0;
	p->waived = 0;
	for (size_t i = 0; i < p->nerrors; i++) {
		const struct chain_error *e = &p->errors[i];
		if (e->depth >= 0 && (size_t)e->depth < p->n) {
			struct chain_link *l = &p->links[e->depth];
			l->problems |= chain_error_problem(e->code);
			if (l->error == 0)
				l->error = e->code;
		}
		if (chain_error_is_anchors_own(p, e)) {
			if (p->waived == 0)
				p->waived = e->code;
			continue;
		}
		if (p->trusted && !chain_error_is_leafs_own(e)) {
			p->trusted = false;
			p->reason = e->code;
			p->reason_depth = e->depth;
		}
	}
}

static bool
set_params(X509_STORE_CTX *sctx, const struct chain_opts *o)
{
	X509_VERIFY_PARAM *vp;

	if (X509_STORE_CTX_set_default(sctx, o->purpose == PURPOSE_CLIENT ?
	    "ssl_client" : "ssl_server") != 1)
		return false;
	vp = X509_STORE_CTX_get0_param(sctx);
	/* --ca certificates are anchors whether self-signed or not, so a
	 * pinned intermediate works. */
	X509_VERIFY_PARAM_set_flags(vp, X509_V_FLAG_PARTIAL_CHAIN |
	    (o->strict ? X509_V_FLAG_X509_STRICT : 0));
	X509_VERIFY_PARAM_set_time(vp, o->now);
	X509_VERIFY_PARAM_set_depth(vp, CHAIN_MAX_DEPTH);
	X509_VERIFY_PARAM_set_auth_level(vp, o->auth_level);
	if (o->have_depth)
		X509_VERIFY_PARAM_set_depth(vp, o->depth);
	X509_STORE_CTX_set_verify_cb(sctx, collect_cb);
	return true;
}

static void
new_index(void)
{
	collector_idx = X509_STORE_CTX_get_ex_new_index(0, NULL, NULL, NULL,
	    NULL);
}

/* Once per process: scan verifies on several threads at once. */
static bool
init_index(void)
{
	static CRYPTO_ONCE once = CRYPTO_ONCE_STATIC_INIT;

	return CRYPTO_THREAD_run_once(&once, new_index) == 1 &&
	    collector_idx >= 0;
}

/* Runs OpenSSL's verification; the chain it built lands in *chain
 * (owned), the errors in c. */
static int
run_verify(X509_STORE *store, X509 *leaf, STACK_OF(X509) *untrusted,
    const struct chain_opts *o, struct collector *c, STACK_OF(X509) **chain,
    int *num_untrusted)
{
	X509_STORE_CTX *sctx = NULL;
	int rc = -1;

	*chain = NULL;
	if (!init_index() || (sctx = X509_STORE_CTX_new()) == NULL)
		goto out;
	if (X509_STORE_CTX_init(sctx, store, leaf, untrusted) != 1 ||
	    !set_params(sctx, o) ||
	    X509_STORE_CTX_set_ex_data(sctx, collector_idx, c) != 1)
		goto out;
	/* The verdict is in c: the callback accepts every error so that
	 * all of them are seen. A negative return is an internal failure. */
	if (X509_verify_cert(sctx) < 0 || c->oom)
		goto out;
	*chain = X509_STORE_CTX_get1_chain(sctx);
	*num_untrusted = X509_STORE_CTX_get_num_untrusted(sctx);
	if (*chain == NULL)
		goto out;
	rc = 0;
out:
	X509_STORE_CTX_free(sctx);
	ERR_clear_error();
	return rc;
}

static const struct object *
find_object(const struct inventory *inv, X509 *x)
{
	unsigned char md[32];
	unsigned int len = 0;

	if (X509_digest(x, EVP_sha256(), md, &len) != 1) {
		ERR_clear_error();
		return NULL;
	}
	for (size_t i = 0; i < inv->nobjs; i++) {
		const struct object *o = inv->objs[i];
		if (o->kind == OBJ_CERT && memcmp(o->sha256, md, 32) == 0)
			return o;
	}
	return NULL;
}

static enum link_origin
origin_of(const struct object *o)
{
	if (o == NULL)
		return LINK_STORE;
	if (o->trusted)
		return LINK_ANCHOR;
	if (o->role == ROLE_FETCHED)
		return LINK_FETCHED;
	return LINK_SERVED;
}

static bool
is_self_signed(X509 *x)
{
	int r = X509_self_signed(x, 0);

	ERR_clear_error();
	return r == 1;
}

static int
path_append(struct chain_path *p, const struct inventory *inv, X509 *x,
    size_t *cap)
{
	struct chain_link *v;

	if (p->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4;
		if ((v = realloc(p->links, ncap * sizeof(*v))) == NULL)
			return -1;
		p->links = v;
		*cap = ncap;
	}
	if (X509_up_ref(x) != 1)
		return -1;
	memset(&p->links[p->n], 0, sizeof(p->links[p->n]));
	p->links[p->n].x509 = x;
	p->links[p->n].obj = find_object(inv, x);
	p->links[p->n].origin = origin_of(p->links[p->n].obj);
	p->n++;
	return 0;
}

static STACK_OF(X509) *
untrusted_of(const struct inventory *inv)
{
	STACK_OF(X509) *sk = sk_X509_new_null();

	if (sk == NULL)
		return NULL;
	for (size_t i = 0; i < inv->nobjs; i++) {
		const struct object *o = inv->objs[i];
		/* What --previous brought belongs to the old deployment:
		 * its intermediates must not complete the new chain. */
		if (o->kind != OBJ_CERT || o == inv->leaf ||
		    o->role == ROLE_PREVIOUS)
			continue;
		if (!sk_X509_push(sk, o->x509)) {
			sk_X509_free(sk);
			return NULL;
		}
	}
	return sk;
}

/* Verifies the path alone: its last certificate the only anchor when it
 * ends at one, its middle the only untrusted certificates. */
static int
verify_alone(const struct chain_path *p, const struct chain_opts *o,
    struct collector *c)
{
	X509_STORE *store = NULL;
	STACK_OF(X509) *untrusted = NULL, *built = NULL;
	size_t last = p->n - 1;
	int nu, rc = -1;

	if (p->n == 0)
		return -1;
	if ((store = X509_STORE_new()) == NULL ||
	    (untrusted = sk_X509_new_null()) == NULL)
		goto out;
	if (p->end == END_ANCHOR && X509_STORE_add_cert(store,
	    p->links[last].x509) != 1)
		goto out;
	for (size_t i = 1; i < p->n; i++) {
		if (i == last && p->end == END_ANCHOR)
			break;
		if (!sk_X509_push(untrusted, p->links[i].x509))
			goto out;
	}
	if (run_verify(store, p->links[0].x509, untrusted, o, c, &built,
	    &nu) != 0)
		goto out;
	rc = 0;
out:
	sk_X509_pop_free(built, X509_free);
	sk_X509_free(untrusted);
	X509_STORE_free(store);
	ERR_clear_error();
	return rc;
}

int
chain_judge_path(struct chain_path *p, const struct chain_opts *o)
{
	struct collector c = { 0 };

	for (size_t i = 0; i < p->n; i++) {
		p->links[i].problems = 0;
		p->links[i].error = 0;
	}
	free(p->errors);
	p->errors = NULL;
	p->nerrors = 0;
	if (verify_alone(p, o, &c) != 0) {
		free(c.v);
		return -1;
	}
	path_take_errors(p, &c);
	return 0;
}

/* OpenSSL's security levels, as bits of security (x509_vfy.c, and
 * SSL_CTX_set_security_level(3)). */
static const int level_bits[CHAIN_MAX_LEVEL] = { 80, 112, 128, 192, 256 };

/* The highest level whose minimum the number of bits meets. */
static int
level_for_bits(int bits)
{
	int level = 0;

	while (level < CHAIN_MAX_LEVEL && bits >= level_bits[level])
		level++;
	return level;
}

/* The same rules as OpenSSL's check_auth_level() and the leaf's key
 * check, applied with the library's own measures of strength
 * (EVP_PKEY_get_security_bits, X509_get_signature_info) once per
 * certificate rather than by verifying the path at each level: every key
 * on the path, and every signature but the topmost one. */
int
chain_security_level(const struct chain_path *p, const struct chain_opts *o,
    struct chain_level *out)
{
	(void)o;
	memset(out, 0, sizeof(*out));
	out->level = CHAIN_MAX_LEVEL;
	for (size_t i = 0; i < p->n; i++) {
		X509 *x = p->links[i].x509;
		EVP_PKEY *pk = X509_get0_pubkey(x);
		int bits = pk != NULL ? EVP_PKEY_get_security_bits(pk) : 0;
		int level = level_for_bits(bits);
		if (level < out->level) {
			out->level = level;
			out->code = i == 0 ? X509_V_ERR_EE_KEY_TOO_SMALL :
			    X509_V_ERR_CA_KEY_TOO_SMALL;
			out->depth = (int)i;
		}
		if (i + 1 < p->n) {
			int secbits = 0;
			if (X509_get_signature_info(x, NULL, NULL, &secbits,
			    NULL) != 1)
				secbits = 0;
			level = level_for_bits(secbits);
			if (level < out->level) {
				out->level = level;
				out->code = X509_V_ERR_CA_MD_TOO_WEAK;
				out->depth = (int)i;
			}
		}
	}
	ERR_clear_error();
	if (out->level == CHAIN_MAX_LEVEL)
		out->code = 0;
	return 0;
}

/* Alternative paths: a depth-first walk over issuer candidates, found by
 * name and key identifier (X509_check_issued) among the certificates
 * given and in the trust store. */
struct walk {
	const struct inventory *inv;
	X509_STORE_CTX *lookup;		/* for trust-store lookups by name */
	X509 *stack[MAX_PATH_LEN];
	size_t depth;
	struct chain_path *paths;
	size_t npaths;
	size_t steps;			/* walk_from calls, <= MAX_WALK_STEPS */
	bool oom;
};

static bool
is_anchor(const struct walk *w, X509 *x)
{
	const struct object *o = find_object(w->inv, x);

	return o == NULL || o->trusted;	/* not given: from the store */
}

static bool
issued_by(X509 *issuer, X509 *subject)
{
	int r = X509_check_issued(issuer, subject);

	/* A candidate that lacks keyCertSign is still the issuer by name
	 * and key: keep it, so that the problem gets reported. */
	return r == X509_V_OK || r == X509_V_ERR_KEYUSAGE_NO_CERTSIGN;
}

static bool
on_stack(const struct walk *w, X509 *x)
{
	for (size_t i = 0; i < w->depth; i++)
		if (X509_cmp(w->stack[i], x) == 0)
			return true;
	return false;
}

static void
record_path(struct walk *w, enum path_end end)
{
	struct chain_path *p, *v;
	size_t cap = 0;

	if (w->npaths == MAX_PATHS)
		return;
	if ((v = realloc(w->paths, (w->npaths + 1) * sizeof(*v))) == NULL) {
		w->oom = true;
		return;
	}
	w->paths = v;
	p = &w->paths[w->npaths];
	memset(p, 0, sizeof(*p));
	for (size_t i = 0; i < w->depth; i++)
		if (path_append(p, w->inv, w->stack[i], &cap) != 0) {
			path_free(p);
			w->oom = true;
			return;
		}
	p->end = end;
	w->npaths++;
}

static void walk_from(struct walk *);

static void
walk_to(struct walk *w, X509 *issuer)
{
	if (on_stack(w, issuer) || w->depth == MAX_PATH_LEN)
		return;
	w->stack[w->depth++] = issuer;
	walk_from(w);
	w->depth--;
}

static void
walk_from(struct walk *w)
{
	X509 *cur = w->stack[w->depth - 1];
	STACK_OF(X509) *stored;
	bool found = false;

	if (w->oom || w->npaths == MAX_PATHS || ++w->steps > MAX_WALK_STEPS)
		return;
	if (is_anchor(w, cur)) {
		record_path(w, END_ANCHOR);
		return;
	}
	if (is_self_signed(cur)) {
		record_path(w, END_UNTRUSTED_ROOT);
		return;
	}
	for (size_t i = 0; i < w->inv->nobjs; i++) {
		const struct object *o = w->inv->objs[i];
		if (o->kind == OBJ_CERT && o != w->inv->leaf &&
		    o->role != ROLE_PREVIOUS &&
		    issued_by(o->x509, cur) && !on_stack(w, o->x509)) {
			found = true;
			walk_to(w, o->x509);
		}
	}
	stored = w->lookup == NULL ? NULL : X509_STORE_CTX_get1_certs(w->lookup,
	    X509_get_issuer_name(cur));
	for (int i = 0; i < sk_X509_num(stored); i++) {
		X509 *x = sk_X509_value(stored, i);
		if (find_object(w->inv, x) == NULL && issued_by(x, cur) &&
		    !on_stack(w, x)) {
			found = true;
			walk_to(w, x);
		}
	}
	sk_X509_pop_free(stored, X509_free);
	ERR_clear_error();
	if (!found)
		record_path(w, END_MISSING_ISSUER);
}

static bool
same_path(const struct chain_path *a, const struct chain_path *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (X509_cmp(a->links[i].x509, b->links[i].x509) != 0)
			return false;
	return true;
}

static int
find_alternatives(const struct inventory *inv, X509_STORE *store,
    const struct chain_opts *o, struct chain_result *r)
{
	struct walk w = { .inv = inv };
	size_t k = 0;
	int rc = -1;

	if ((w.lookup = X509_STORE_CTX_new()) == NULL ||
	    X509_STORE_CTX_init(w.lookup, store, NULL, NULL) != 1)
		goto out;
	w.stack[w.depth++] = inv->leaf->x509;
	walk_from(&w);
	if (w.oom)
		goto out;
	for (size_t i = 0; i < w.npaths; i++) {
		if (same_path(&w.paths[i], &r->path))
			path_free(&w.paths[i]);
		else
			w.paths[k++] = w.paths[i];
	}
	w.npaths = k;
	for (size_t i = 0; i < w.npaths; i++)
		if (chain_judge_path(&w.paths[i], o) != 0)
			goto out;
	if (w.npaths > 0) {
		r->alts = w.paths;
		r->nalts = w.npaths;
		w.paths = NULL;
		w.npaths = 0;
	}
	rc = 0;
out:
	for (size_t i = 0; i < w.npaths; i++)
		path_free(&w.paths[i]);
	free(w.paths);
	X509_STORE_CTX_free(w.lookup);
	ERR_clear_error();
	return rc;
}

/* Without waived problems first, then the shorter. */
static bool
better_path(const struct chain_path *a, const struct chain_path *b)
{
	if ((a->waived == 0) != (b->waived == 0))
		return a->waived == 0;
	return a->n < b->n;
}

/* When OpenSSL's own pick fails but another path verifies, that path is
 * the diagnosis: a client that builds paths well (browsers) uses it. A
 * path trusted only because its anchor's own problems are waived gives
 * way to one without any. */
static void
prefer_valid_path(struct chain_result *r)
{
	struct chain_path tmp;
	size_t best = r->nalts;

	if (r->path.trusted && r->path.waived == 0)
		return;
	for (size_t i = 0; i < r->nalts; i++) {
		const struct chain_path *a = &r->alts[i];
		if (!a->trusted || (r->path.trusted && a->waived != 0))
			continue;
		if (best == r->nalts || better_path(a, &r->alts[best]))
			best = i;
	}
	if (best == r->nalts)
		return;
	tmp = r->path;
	r->path = r->alts[best];
	r->alts[best] = tmp;
	r->openssl_failed = true;
	r->openssl_alt = best;
}

static bool
has_error(const struct collector *c, const struct chain_error *e)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].code == e->code && c->v[i].depth == e->depth)
			return true;
	return false;
}

/* What OpenSSL's strict mode (RFC 5280 rules it leaves out by default)
 * finds on the path beyond the ordinary verification of it. */
static int
strict_errors(struct chain_result *r, const struct chain_opts *o)
{
	struct chain_opts so = *o;
	struct collector strict = { 0 };
	struct collector lax = { r->path.errors, r->path.nerrors, 0, false };

	so.strict = true;
	if (verify_alone(&r->path, &so, &strict) != 0) {
		free(strict.v);
		return -1;
	}
	for (size_t i = 0; i < strict.n; i++) {
		if (has_error(&lax, &strict.v[i]) ||
		    chain_error_is_leafs_own(&strict.v[i]))
			continue;
		strict.v[r->nstrict++] = strict.v[i];
	}
	r->strict = strict.v;
	return 0;
}

static bool
anchor_is_intermediate(const struct chain_path *p, X509_STORE *store)
{
	const struct chain_link *a = chain_anchor(p);
	X509_STORE_CTX *sctx;
	X509 *issuer = NULL;
	bool r = false;

	if (a == NULL || a->origin != LINK_STORE || is_self_signed(a->x509))
		return false;
	if ((sctx = X509_STORE_CTX_new()) != NULL &&
	    X509_STORE_CTX_init(sctx, store, NULL, NULL) == 1 &&
	    X509_STORE_CTX_get1_issuer(&issuer, sctx, a->x509) == 1)
		r = true;
	X509_free(issuer);
	X509_STORE_CTX_free(sctx);
	ERR_clear_error();
	return r;
}

int
chain_build(const struct inventory *inv, X509_STORE *store,
    const struct chain_opts *o, struct chain_result *r)
{
	STACK_OF(X509) *untrusted = NULL, *built = NULL;
	struct collector c = { 0 };
	size_t cap = 0;
	int nu = 0, rc = -1;

	memset(r, 0, sizeof(*r));
	if (inv->leaf == NULL || inv->leaf->kind != OBJ_CERT)
		return 0;
	r->have_leaf = true;
	r->depth_limit = o->have_depth ? o->depth : CHAIN_MAX_DEPTH;
	if ((untrusted = untrusted_of(inv)) == NULL)
		goto out;
	if (run_verify(store, inv->leaf->x509, untrusted, o, &c, &built,
	    &nu) != 0)
		goto out;
	for (int i = 0; i < sk_X509_num(built); i++)
		if (path_append(&r->path, inv, sk_X509_value(built, i),
		    &cap) != 0)
			goto out;
	/* Certificates past the untrusted ones came from the store. */
	if (nu < sk_X509_num(built))
		r->path.end = END_ANCHOR;
	else if (is_self_signed(r->path.links[r->path.n - 1].x509))
		r->path.end = END_UNTRUSTED_ROOT;
	else
		r->path.end = END_MISSING_ISSUER;
	path_take_errors(&r->path, &c);
	/* Cut off at the depth limit: its top's issuer was not looked for. */
	for (size_t i = 0; i < r->path.nerrors; i++)
		if (r->path.errors[i].code == X509_V_ERR_CERT_CHAIN_TOO_LONG)
			r->path.end = END_TOO_LONG;
	if (!o->lean) {
		if (find_alternatives(inv, store, o, r) != 0)
			goto out;
		prefer_valid_path(r);
		if (strict_errors(r, o) != 0)
			goto out;
	}
	r->anchor_is_intermediate = anchor_is_intermediate(&r->path, store);
	rc = 0;
out:
	free(c.v);
	sk_X509_pop_free(built, X509_free);
	sk_X509_free(untrusted);
	ERR_clear_error();
	if (rc != 0)
		chain_result_free(r);
	return rc;
}
