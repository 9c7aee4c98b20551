/* `certdiag show`: everything worth knowing about each loaded object, in
 * file order, for a person deciding what a file is. Private keys are
 * described (type, size, hashes of the public half), never printed. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "describe.h"
#include "report.h"
#include "report_util.h"
#include "report/sanitize.h"

#define BOLD	"\033[1m"
#define RESET	"\033[0m"

/* Takes ownership of value; NULL prints nothing. */
static void
field(FILE *fp, const char *label, char *value)
{
	if (value == NULL)
		return;
	fprintf(fp, "  %-20s ", label);
	put_text(fp, value);
	fputc('\n', fp);
	free(value);
}

static void
field_hash(FILE *fp, const char *label, const unsigned char *md, size_t len)
{
	field(fp, label, hex_fingerprint(md, len));
}

static char *
dup_printf(const char *fmt, const char *a, const char *b)
{
	char *s = NULL;

	if (asprintf(&s, fmt, a, b) < 0)
		return NULL;
	return s;
}

static void
field_time(FILE *fp, const char *label, time_t t, time_t now)
{
	char when[32], days[32];

	field(fp, label, dup_printf("%s (%s)",
	    format_time(t, when, sizeof(when)),
	    format_days(days_until(now, t), days, sizeof(days))));
}

static void
field_names(FILE *fp, const char *label, char **names)
{
	char *joined = names_join(names);

	if (joined != NULL && *joined != '\0')
		field(fp, label, joined);
	else
		free(joined);
	names_free(names);
}

static char *
uri_text(const GENERAL_NAME *g)
{
	if (g->type != GEN_URI)
		return NULL;
	return name_bytes((const char *)ASN1_STRING_get0_data(
	    g->d.uniformResourceIdentifier),
	    (size_t)ASN1_STRING_length(g->d.uniformResourceIdentifier));
}

static void
show_basic_constraints(FILE *fp, X509 *x)
{
	BASIC_CONSTRAINTS *bc = X509_get_ext_d2i(x, NID_basic_constraints,
	    NULL, NULL);
	char *s = NULL;
	long pathlen;

	if (bc == NULL)
		return;
	if (bc->ca && bc->pathlen != NULL &&
	    (pathlen = ASN1_INTEGER_get(bc->pathlen)) >= 0) {
		if (asprintf(&s, "CA:TRUE, pathlen:%ld", pathlen) < 0)
			s = NULL;
	} else
		s = strdup(bc->ca ? "CA:TRUE" : "CA:FALSE");
	field(fp, "basic constraints", s);
	BASIC_CONSTRAINTS_free(bc);
}

static void
show_key_usage(FILE *fp, X509 *x)
{
	char *list;

	if ((X509_get_extension_flags(x) & EXFLAG_KUSAGE) == 0)
		return;
	list = key_usage_names(X509_get_key_usage(x));
	if (list != NULL && *list == '\0') {
		free(list);
		list = strdup("(none)");
	}
	field(fp, "key usage", list);
}

static void
show_ext_key_usage(FILE *fp, X509 *x)
{
	EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(x, NID_ext_key_usage,
	    NULL, NULL);
	char *list;
	int count;

	if (eku == NULL)
		return;
	list = eku_names(eku, &count);
	if (list != NULL && *list == '\0') {
		free(list);
		list = strdup("(none)");
	}
	field(fp, "extended key usage", list);
	EXTENDED_KEY_USAGE_free(eku);
}

static void
show_key_ids(FILE *fp, X509 *x)
{
	const ASN1_OCTET_STRING *ski = X509_get0_subject_key_id(x);
	const ASN1_OCTET_STRING *aki = X509_get0_authority_key_id(x);

	if (ski != NULL)
		field_hash(fp, "subject key id", ASN1_STRING_get0_data(ski),
		    (size_t)ASN1_STRING_length(ski));
	if (aki != NULL)
		field_hash(fp, "authority key id", ASN1_STRING_get0_data(aki),
		    (size_t)ASN1_STRING_length(aki));
}

static void
show_info_access(FILE *fp, X509 *x)
{
	AUTHORITY_INFO_ACCESS *aia = X509_get_ext_d2i(x, NID_info_access,
	    NULL, NULL);

	for (int i = 0; aia != NULL &&
	    i < sk_ACCESS_DESCRIPTION_num(aia); i++) {
		const ACCESS_DESCRIPTION *ad =
		    sk_ACCESS_DESCRIPTION_value(aia, i);
		int nid = OBJ_obj2nid(ad->method);
		if (nid == NID_ad_ca_issuers)
			field(fp, "ca issuers", uri_text(ad->location));
		else if (nid == NID_ad_OCSP)
			field(fp, "ocsp", uri_text(ad->location));
	}
	AUTHORITY_INFO_ACCESS_free(aia);
}

static void
show_crl_points(FILE *fp, X509 *x)
{
	CRL_DIST_POINTS *dps = X509_get_ext_d2i(x,
	    NID_crl_distribution_points, NULL, NULL);

	for (int i = 0; dps != NULL && i < sk_DIST_POINT_num(dps); i++) {
		const DIST_POINT *dp = sk_DIST_POINT_value(dps, i);
		if (dp->distpoint == NULL || dp->distpoint->type != 0)
			continue;
		for (int j = 0; j < sk_GENERAL_NAME_num(
		    dp->distpoint->name.fullname); j++)
			field(fp, "crl distribution", uri_text(
			    sk_GENERAL_NAME_value(dp->distpoint->name.fullname,
			    j)));
	}
	CRL_DIST_POINTS_free(dps);
}

static void
show_signature(FILE *fp, int nid)
{
	field(fp, "signature", strdup(nid != NID_undef ? OBJ_nid2ln(nid) :
	    "unknown"));
}

static void
show_cert(FILE *fp, const struct object *o, time_t now)
{
	X509 *x = o->x509;
	time_t nb, na;
	char from[32], to[32], days[32];

	field(fp, "subject", name_oneline(X509_get_subject_name(x)));
	field(fp, "issuer", name_oneline(X509_get_issuer_name(x)));
	field(fp, "serial", serial_hex(X509_get0_serialNumber(x)));
	if (cert_validity(x, &nb, &na)) {
		long left = days_until(now, na);
		const char *state = now < nb ? "not valid until" :
		    left < 0 ? "expired" : "expires";
		time_t when = now < nb ? nb : na;
		char *s = NULL;
		if (asprintf(&s, "%s to %s (%s %s)",
		    format_time(nb, from, sizeof(from)),
		    format_time(na, to, sizeof(to)), state,
		    format_days(days_until(now, when), days,
		    sizeof(days))) < 0)
			s = NULL;
		field(fp, "valid", s);
	}
	field_names(fp, "names", cert_names(x));
	field(fp, "key", key_description(X509_get0_pubkey(x)));
	show_signature(fp, X509_get_signature_nid(x));
	field_hash(fp, "sha256", o->sha256, sizeof(o->sha256));
	if (o->have_spki)
		field_hash(fp, "spki sha256", o->spki_sha256,
		    sizeof(o->spki_sha256));
	show_basic_constraints(fp, x);
	show_key_usage(fp, x);
	show_ext_key_usage(fp, x);
	show_key_ids(fp, x);
	show_info_access(fp, x);
	show_crl_points(fp, x);
	ERR_clear_error();
}

static void
show_key(FILE *fp, const struct object *o)
{
	field(fp, "key", key_description(o->pkey));
	if (o->kind == OBJ_KEY)
		field(fp, "encrypted in file", strdup(o->encrypted ? "yes" : "no"));
	if (o->have_spki)
		field_hash(fp, "spki sha256", o->spki_sha256,
		    sizeof(o->spki_sha256));
}

static void
show_csr(FILE *fp, const struct object *o)
{
	EVP_PKEY *pk = X509_REQ_get0_pubkey(o->req);
	int ok = pk != NULL ? X509_REQ_verify(o->req, pk) : 0;

	ERR_clear_error();
	field(fp, "subject", name_oneline(X509_REQ_get_subject_name(o->req)));
	field_names(fp, "requested names", req_names(o->req));
	field(fp, "key", key_description(pk));
	field(fp, "signature", dup_printf("%s, %s",
	    OBJ_nid2ln(X509_REQ_get_signature_nid(o->req)),
	    ok == 1 ? "valid" : "INVALID (not made by the key in the request)"));
	field_hash(fp, "sha256", o->sha256, sizeof(o->sha256));
	if (o->have_spki)
		field_hash(fp, "spki sha256", o->spki_sha256,
		    sizeof(o->spki_sha256));
}

static void
show_crl(FILE *fp, const struct object *o, time_t now)
{
	STACK_OF(X509_REVOKED) *rev = X509_CRL_get_REVOKED(o->crl);
	int n = rev != NULL ? sk_X509_REVOKED_num(rev) : 0;
	time_t last, next;
	bool have_next;
	char *s = NULL;

	field(fp, "issuer", name_oneline(X509_CRL_get_issuer(o->crl)));
	if (crl_updates(o->crl, &last, &have_next, &next))
		field_time(fp, "last update", last, now);
	if (have_next)
		field_time(fp, "next update", next, now);
	else
		field(fp, "next update", strdup("none"));
	if (asprintf(&s, "%d certificate%s", n, n == 1 ? "" : "s") < 0)
		s = NULL;
	field(fp, "revoked", s);
	show_signature(fp, X509_CRL_get_signature_nid(o->crl));
	field_hash(fp, "sha256", o->sha256, sizeof(o->sha256));
}

static const char *
kind_phrase(enum objkind k)
{
	switch (k) {
	case OBJ_CERT:	return "certificate";
	case OBJ_KEY:	return "private key";
	case OBJ_PUBKEY: return "public key";
	case OBJ_CSR:	return "certificate request";
	case OBJ_CRL:	return "certificate revocation list";
	}
	return "object";
}

static void
show_object(FILE *fp, const struct object *o, const struct report_ctx *rc)
{
	char *place = object_place(o);

	fprintf(fp, "%s%s: %s%s", rc->color ? BOLD : "",
	    place != NULL ? place : "-", kind_phrase(o->kind),
	    rc->color ? RESET : "");
	if (o->container != NULL)
		fprintf(fp, " (%s)", o->container);
	fputc('\n', fp);
	free(place);

	switch (o->kind) {
	case OBJ_CERT:	show_cert(fp, o, rc->now); break;
	case OBJ_KEY:
	case OBJ_PUBKEY: show_key(fp, o); break;
	case OBJ_CSR:	show_csr(fp, o); break;
	case OBJ_CRL:	show_crl(fp, o, rc->now); break;
	}
	for (size_t i = 0; i < o->nalso; i++) {
		const char *path = o->also[i] != NULL &&
		    o->also[i]->path != NULL ? o->also[i]->path : "-";
		char *s = NULL;
		if (o->also_index[i] == 0)
			s = strdup(path);
		else if (asprintf(&s, "%s #%zu", path,
		    o->also_index[i] + 1) < 0)
			s = NULL;
		field(fp, "also in", s);
	}
}

void
report_show(FILE *fp, const struct inventory *inv, const struct findings *fs,
    const struct report_ctx *rc)
{
	bool any = false;

	for (size_t i = 0; i < inv->nobjs; i++) {
		if (any)
			fputc('\n', fp);
		show_object(fp, inv->objs[i], rc);
		any = true;
	}
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i];
		char *text;
		if (f->sev == SEV_PASS)
			continue;
		if (any)
			fputc('\n', fp);
		any = false;
		text = finding_text(f);
		if (f->about != NULL) {
			char *place = object_place(f->about);
			fprintf(fp, "%s %s: %s: %s\n", severity_name(f->sev),
			    f->id, place != NULL ? place : "-",
			    text != NULL ? text : "");
			free(place);
		} else if (f->sev == SEV_ERROR)
			fprintf(fp, "error: %s\n", text != NULL ? text : "");
		else
			fprintf(fp, "%s %s: %s\n", severity_name(f->sev), f->id,
			    text != NULL ? text : "");
		print_fix(fp, f);
		free(text);
	}
	if (inv->nobjs == 0 && fs->n == 0)
		fputs("no certificates, keys, requests or CRLs found\n", fp);
}
