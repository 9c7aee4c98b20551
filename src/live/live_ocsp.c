/* OCSP stapling: the response a server sends with its certificate when
 * the client asks (status_request), read the way a browser reads it: for
 * the served leaf (certificate id: issuer name and key hashes, serial),
 * signed by the leaf's issuer or a responder it delegated to, current at
 * the time certdiag judges at (thisUpdate..nextUpdate). A leaf with the
 * TLS feature status_request ("must-staple") served without a valid
 * staple is a hard failure in Firefox. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/x509v3.h>

#include "live_priv.h"

#define TLSFEATURE_STATUS_REQUEST	5	/* RFC 7633 */
#define OCSP_CLOCK_SKEW			300	/* seconds, as OpenSSL allows */
#define OCSP_MAX_RESPONSE		(1L << 20)	/* bytes parsed at most */

const char *
live_ocsp_status_name(int cert_status)
{
	switch (cert_status) {
	case V_OCSP_CERTSTATUS_GOOD:	return "good";
	case V_OCSP_CERTSTATUS_REVOKED:	return "revoked";
	case V_OCSP_CERTSTATUS_UNKNOWN:	return "unknown";
	}
	return "?";
}

static bool
wants_staple(X509 *leaf)
{
	TLS_FEATURE *tf = X509_get_ext_d2i(leaf, NID_tlsfeature, NULL, NULL);
	bool found = false;

	for (int i = 0; tf != NULL && i < sk_ASN1_INTEGER_num(tf); i++)
		if (ASN1_INTEGER_get(sk_ASN1_INTEGER_value(tf, i)) ==
		    TLSFEATURE_STATUS_REQUEST)
			found = true;
	sk_ASN1_INTEGER_pop_free(tf, ASN1_INTEGER_free);
	ERR_clear_error();
	return found;
}

/* The leaf's issuer: served after it, else any certificate at hand that
 * issued it (local chain files, --ca). */
static X509 *
issuer_of(const struct live_result *r, const struct inventory *inv,
    X509 *leaf)
{
	for (size_t i = 1; i < r->nserved; i++)
		if (X509_check_issued(r->served[i]->x509, leaf) == X509_V_OK)
			return r->served[i]->x509;
	for (size_t i = 0; i < inv->nobjs; i++) {
		X509 *x = inv->objs[i]->x509;
		if (inv->objs[i]->kind == OBJ_CERT && x != NULL && x != leaf &&
		    X509_check_issued(x, leaf) == X509_V_OK)
			return x;
	}
	return NULL;
}

static time_t
time_of(const ASN1_GENERALIZEDTIME *t)
{
	struct tm tm;

	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return 0;
	return timegm(&tm);
}

static void
serial_hex(char *out, size_t outlen, const ASN1_INTEGER *serial)
{
	BIGNUM *bn = ASN1_INTEGER_to_BN(serial, NULL);
	char *hex = bn != NULL ? BN_bn2hex(bn) : NULL;

	snprintf(out, outlen, "%s", hex != NULL ? hex : "?");
	OPENSSL_free(hex);
	BN_free(bn);
}

/* The SingleResponse about leaf: compared by the full certificate id
 * (in the response's own hash algorithm) when the issuer is known, else
 * by serial alone. */
static OCSP_SINGLERESP *
entry_for(OCSP_BASICRESP *bs, X509 *leaf, X509 *issuer,
    struct live_ocsp *o)
{
	const ASN1_INTEGER *want = X509_get0_serialNumber(leaf);

	for (int i = 0; i < OCSP_resp_count(bs); i++) {
		OCSP_SINGLERESP *sr = OCSP_resp_get0(bs, i);
		const OCSP_CERTID *id = OCSP_SINGLERESP_get0_id(sr);
		ASN1_OBJECT *md_oid = NULL;
		ASN1_INTEGER *serial = NULL;
		bool match;

		if (id == NULL || OCSP_id_get0_info(NULL, &md_oid, NULL,
		    &serial, (OCSP_CERTID *)id) != 1)
			continue;
		if (i == 0)
			serial_hex(o->serial, sizeof(o->serial), serial);
		if (issuer != NULL) {
			const EVP_MD *md = EVP_get_digestbyobj(md_oid);
			OCSP_CERTID *mine = md != NULL ?
			    OCSP_cert_to_id(md, leaf, issuer) : NULL;
			match = mine != NULL && OCSP_id_cmp(mine,
			    (OCSP_CERTID *)id) == 0;
			OCSP_CERTID_free(mine);
		} else
			match = ASN1_INTEGER_cmp(serial, want) == 0;
		if (match)
			return sr;
	}
	return NULL;
}

/* Signed by the issuer, or by a responder certificate the issuer
 * signed for OCSP signing, valid at r->now. */
static void
check_signature(struct live_ocsp *o, OCSP_BASICRESP *bs, X509 *issuer,
    time_t now)
{
	X509_STORE *store = X509_STORE_new();
	STACK_OF(X509) *certs = sk_X509_new_null();
	X509_VERIFY_PARAM *vp;
	unsigned long e;
	int rc = -1;

	if (store != NULL && certs != NULL && X509_STORE_add_cert(store,
	    issuer) == 1 && sk_X509_push(certs, issuer) > 0) {
		/* The issuer is the anchor: its own chain is judged
		 * elsewhere. */
		vp = X509_STORE_get0_param(store);
		X509_VERIFY_PARAM_set_flags(vp, X509_V_FLAG_PARTIAL_CHAIN);
		X509_VERIFY_PARAM_set_time(vp, now);
		rc = OCSP_basic_verify(bs, certs, store, 0);
	}
	o->signature = rc == 1 ? 1 : 0;
	if (rc != 1) {
		e = ERR_peek_last_error();
		snprintf(o->signature_error, sizeof(o->signature_error), "%s",
		    e != 0 && ERR_reason_error_string(e) != NULL ?
		    ERR_reason_error_string(e) : "the signature does not "
		    "verify");
	}
	sk_X509_free(certs);
	X509_STORE_free(store);
	ERR_clear_error();
}

void
live_ocsp_examine(struct live_result *r, const struct inventory *inv)
{
	struct live_ocsp *o = &r->ocsp;
	const unsigned char *p = r->ocsp_der;
	OCSP_RESPONSE *resp = NULL;
	OCSP_BASICRESP *bs = NULL;
	OCSP_SINGLERESP *sr;
	ASN1_GENERALIZEDTIME *rev = NULL, *thisu = NULL, *nextu = NULL;
	X509 *leaf, *issuer;
	int reason = -1;

	memset(o, 0, sizeof(*o));
	o->signature = -1;
	o->revocation_reason = -1;
	if (!r->handshake_ok || r->nserved == 0 || r->chain_from == NULL ||
	    strcmp(r->chain_from, "handshake") != 0)
		return;
	leaf = r->served[0]->x509;
	o->must_staple = wants_staple(leaf);
	o->state = OCSP_NOT_STAPLED;
	if (r->ocsp_der == NULL)
		return;
	o->state = OCSP_UNREADABLE;
	if (r->ocsp_len > OCSP_MAX_RESPONSE ||
	    (resp = d2i_OCSP_RESPONSE(NULL, &p, (long)r->ocsp_len)) == NULL)
		goto out;
	o->response_status = OCSP_response_status(resp);
	if (o->response_status != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
		o->state = OCSP_NOT_SUCCESSFUL;
		goto out;
	}
	if ((bs = OCSP_response_get1_basic(resp)) == NULL)
		goto out;
	o->state = OCSP_STAPLED;
	o->produced_at = time_of(OCSP_resp_get0_produced_at(bs));
	issuer = issuer_of(r, inv, leaf);
	o->issuer_known = issuer != NULL;
	if ((sr = entry_for(bs, leaf, issuer, o)) != NULL) {
		o->for_leaf = true;
		o->cert_status = OCSP_single_get0_status(sr, &reason, &rev,
		    &thisu, &nextu);
		o->revocation_reason = reason;
		o->revoked_at = time_of(rev);
		o->this_update = time_of(thisu);
		o->has_next_update = nextu != NULL;
		o->next_update = time_of(nextu);
	}
	if (issuer != NULL)
		check_signature(o, bs, issuer, r->now);
out:
	OCSP_BASICRESP_free(bs);
	OCSP_RESPONSE_free(resp);
	ERR_clear_error();
}

static void
put_date(char *out, size_t outlen, time_t t)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(out, outlen,
	    "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, outlen, "?");
}

static void
hint_stapling(struct finding *f)
{
	if (f != NULL)
		finding_hint(f, "turn stapling on and check that the server "
		    "can reach the OCSP responder (nginx: ssl_stapling on; "
		    "ssl_stapling_verify on; with ssl_trusted_certificate and "
		    "a resolver; Apache: SSLUseStapling on with "
		    "SSLStaplingCache), or give it a current response "
		    "(nginx: ssl_stapling_file)");
}

/* A staple that is there but cannot be relied on: which failure. */
static void
judge_stapled(const struct live_result *r, const struct live_ocsp *o,
    struct findings *fs)
{
	const char *where = r->target.label;
	char a[32], b[32];
	struct finding *f;

	if (!o->for_leaf) {
		f = finding_add_file(fs, "live-ocsp-staple-wrong-cert",
		    SEV_FAIL, where, "the stapled OCSP response is not about "
		    "the served certificate: it names serial %s%s", o->serial,
		    o->issuer_known ? " (or another issuer)" : "");
		if (f != NULL)
			finding_hint(f, "the server staples a response for "
			    "another certificate (an old one, cached across a "
			    "renewal, or a static ssl_stapling_file): reload "
			    "the server, or fetch a response for the current "
			    "certificate");
		return;
	}
	if (o->signature == 0) {
		f = finding_add_file(fs, "live-ocsp-staple-invalid", SEV_FAIL,
		    where, "the stapled OCSP response is not signed by the "
		    "certificate's issuer or a responder it authorised: %s",
		    o->signature_error);
		if (f != NULL)
			finding_hint(f, "staple a response from the issuer's "
			    "own OCSP responder (the URL in the certificate's "
			    "Authority Information Access)");
		return;
	}
	if (o->cert_status == V_OCSP_CERTSTATUS_REVOKED) {
		put_date(a, sizeof(a), o->revoked_at);
		f = finding_add_file(fs, "live-ocsp-revoked", SEV_FAIL, where,
		    "the stapled OCSP response says the served certificate "
		    "was revoked on %s%s%s", a, o->revocation_reason >= 0 ?
		    ": " : "", o->revocation_reason >= 0 ?
		    OCSP_crl_reason_str(o->revocation_reason) : "");
		if (f != NULL)
			finding_hint(f, "get a new certificate (with a new "
			    "key if the old one was compromised) and install "
			    "it");
		return;
	}
	if (o->cert_status != V_OCSP_CERTSTATUS_GOOD) {
		f = finding_add_file(fs, "live-ocsp-staple-invalid", SEV_FAIL,
		    where, "the stapled OCSP response says the served "
		    "certificate's status is unknown to the responder");
		if (f != NULL)
			finding_hint(f, "staple a response from the issuer's "
			    "own OCSP responder (the URL in the certificate's "
			    "Authority Information Access)");
		return;
	}
	if (o->this_update > r->now + OCSP_CLOCK_SKEW) {
		put_date(a, sizeof(a), o->this_update);
		f = finding_add_file(fs, "live-ocsp-staple-invalid", SEV_FAIL,
		    where, "the stapled OCSP response is not valid yet: its "
		    "thisUpdate is %s", a);
		if (f != NULL)
			finding_hint(f, "check the clocks of the server and "
			    "of the OCSP responder");
		return;
	}
	if (o->has_next_update &&
	    o->next_update + OCSP_CLOCK_SKEW < r->now) {
		put_date(a, sizeof(a), o->next_update);
		f = finding_add_file(fs, "live-ocsp-staple-expired", SEV_FAIL,
		    where, "the stapled OCSP response expired on %s (its "
		    "nextUpdate): clients reject it", a);
		if (f != NULL)
			finding_hint(f, "the server keeps stapling an old "
			    "response: check that it reaches the OCSP "
			    "responder (nginx logs 'OCSP responder' errors), "
			    "or refresh the ssl_stapling_file");
		return;
	}
	put_date(a, sizeof(a), o->this_update);
	put_date(b, sizeof(b), o->next_update);
	finding_add_file(fs, "live-ocsp-stapled", SEV_INFO, where,
	    "the server staples an OCSP response: %s, signed by %s, valid "
	    "from %s %s%s%s", live_ocsp_status_name(o->cert_status),
	    o->signature == 1 ? "the issuer's responder" :
	    "an unchecked signer (the issuer is not at hand)", a,
	    o->has_next_update ? "until " : "(no nextUpdate)",
	    o->has_next_update ? b : "", o->must_staple ?
	    "; the certificate requires it (must-staple)" : "");
}

void
live_ocsp_judge(const struct live_result *r, struct findings *fs)
{
	const struct live_ocsp *o = &r->ocsp;
	struct finding *f;

	switch (o->state) {
	case OCSP_NOT_ASKED:
		return;
	case OCSP_NOT_STAPLED:
		if (o->must_staple) {
			f = finding_add_file(fs, "live-must-staple-missing",
			    SEV_FAIL, r->target.label, "the certificate "
			    "requires a stapled OCSP response (TLS feature "
			    "status_request, must-staple) and the server "
			    "staples none: Firefox refuses the connection");
			hint_stapling(f);
		} else
			finding_add_file(fs, "live-ocsp-not-stapled", SEV_INFO,
			    r->target.label, "the server staples no OCSP "
			    "response: clients that check revocation ask the "
			    "responder themselves");
		return;
	case OCSP_UNREADABLE:
		f = finding_add_file(fs, "live-ocsp-staple-invalid", SEV_FAIL,
		    r->target.label, "the stapled OCSP response (%zu bytes) is "
		    "not a readable OCSP response", r->ocsp_len);
		hint_stapling(f);
		return;
	case OCSP_NOT_SUCCESSFUL:
		f = finding_add_file(fs, "live-ocsp-staple-invalid", SEV_FAIL,
		    r->target.label, "the stapled OCSP response is an error "
		    "from the responder ('%s'), not a status",
		    OCSP_response_status_str(o->response_status));
		hint_stapling(f);
		return;
	case OCSP_STAPLED:
		judge_stapled(r, o, fs);
		return;
	}
}
