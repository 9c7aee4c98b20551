/* `--format json`: one document, built with json-c. The schema is a
 * public interface (certdiag.1, OUTPUT FORMATS): add keys, never rename
 * them. Schema 2 added `deployments`, 3 each finding's `fix`. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <openssl/err.h>

#include "describe.h"
#include "report.h"
#include "report_util.h"
#include "report/json_safe.h"
#include "report/sanitize.h"

/* Takes ownership of s (NULL is skipped: a field that does not apply). */
static void
put_str(json_object *obj, const char *key, char *s)
{
	if (s != NULL)
		json_object_object_add(obj, key, json_object_new_string(s));
	free(s);
}

static void
put_time(json_object *obj, const char *key, time_t t)
{
	char buf[32];

	json_object_object_add(obj, key,
	    json_object_new_string(format_time(t, buf, sizeof(buf))));
}

static void
put_names(json_object *obj, char **names)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; names != NULL && names[i] != NULL; i++)
		json_object_array_add(arr, json_object_new_string(names[i]));
	json_object_object_add(obj, "names", arr);
	names_free(names);
}

static void
put_key(json_object *obj, const EVP_PKEY *pk)
{
	if (pk != NULL)
		put_str(obj, "key", key_description(pk));
}

static void
put_cert(json_object *obj, const struct object *o)
{
	time_t nb, na;

	put_str(obj, "subject", name_oneline(X509_get_subject_name(o->x509)));
	put_str(obj, "issuer", name_oneline(X509_get_issuer_name(o->x509)));
	put_str(obj, "serial", serial_hex(X509_get0_serialNumber(o->x509)));
	if (cert_validity(o->x509, &nb, &na)) {
		put_time(obj, "not_before", nb);
		put_time(obj, "not_after", na);
	}
	put_names(obj, cert_names(o->x509));
	put_key(obj, X509_get0_pubkey(o->x509));
	json_object_object_add(obj, "ca",
	    json_object_new_boolean(object_is_ca(o)));
}

static void
put_csr(json_object *obj, const struct object *o)
{
	EVP_PKEY *pk = X509_REQ_get0_pubkey(o->req);
	int ok = pk != NULL ? X509_REQ_verify(o->req, pk) : 0;

	ERR_clear_error();
	put_str(obj, "subject", name_oneline(X509_REQ_get_subject_name(o->req)));
	put_names(obj, req_names(o->req));
	put_key(obj, pk);
	json_object_object_add(obj, "signature_valid",
	    json_object_new_boolean(ok == 1));
}

static void
put_crl(json_object *obj, const struct object *o)
{
	time_t last, next;
	bool have_next;
	STACK_OF(X509_REVOKED) *rev = X509_CRL_get_REVOKED(o->crl);

	put_str(obj, "issuer", name_oneline(X509_CRL_get_issuer(o->crl)));
	if (crl_updates(o->crl, &last, &have_next, &next))
		put_time(obj, "last_update", last);
	if (have_next)
		put_time(obj, "next_update", next);
	json_object_object_add(obj, "revoked",
	    json_object_new_int64(rev != NULL ? sk_X509_REVOKED_num(rev) : 0));
}

static json_object *
object_json(const struct inventory *inv, const struct object *o)
{
	json_object *obj = json_object_new_object();

	put_str(obj, "file", strdup(o->src != NULL && o->src->path != NULL ?
	    o->src->path : "-"));
	json_object_object_add(obj, "index", json_object_new_int64(
	    (int64_t)o->index));
	if (o->container != NULL)
		put_str(obj, "container", strdup(o->container));
	put_str(obj, "kind", strdup(kind_word(o->kind)));
	put_str(obj, "role", strdup(role_word(inv, o)));
	switch (o->kind) {
	case OBJ_CERT:
		put_cert(obj, o);
		break;
	case OBJ_KEY:
		/* Describes the key; its bytes never leave the inventory. */
		put_key(obj, o->pkey);
		json_object_object_add(obj, "encrypted",
		    json_object_new_boolean(o->encrypted));
		break;
	case OBJ_PUBKEY:
		put_key(obj, o->pkey);
		break;
	case OBJ_CSR:
		put_csr(obj, o);
		break;
	case OBJ_CRL:
		put_crl(obj, o);
		break;
	}
	/* A private key's "fingerprint" is its public key's hash. */
	if (o->kind != OBJ_KEY && o->kind != OBJ_PUBKEY)
		put_str(obj, "sha256", hex_lower(o->sha256, sizeof(o->sha256)));
	if (o->have_spki)
		put_str(obj, "spki_sha256",
		    hex_lower(o->spki_sha256, sizeof(o->spki_sha256)));
	{
		json_object *also = json_object_new_array();
		for (size_t i = 0; i < o->nalso; i++)
			json_object_array_add(also, json_object_new_string(
			    o->also[i] != NULL && o->also[i]->path != NULL ?
			    o->also[i]->path : "-"));
		json_object_object_add(obj, "also", also);
	}
	return obj;
}

static json_object *
finding_json(const struct finding *f, const struct object_order *oo)
{
	long pos = object_order_pos(oo, f->about);

	json_object *obj = json_object_new_object();

	put_str(obj, "id", strdup(f->id != NULL ? f->id : ""));
	put_str(obj, "severity", strdup(severity_name(f->sev)));
	if (f->file != NULL)
		put_str(obj, "file", strdup(f->file));
	if (f->about != NULL) {
		const struct object *o = f->about;
		if (o->kind == OBJ_CERT)
			put_str(obj, "subject",
			    name_oneline(X509_get_subject_name(o->x509)));
		else if (o->kind == OBJ_CSR)
			put_str(obj, "subject",
			    name_oneline(X509_REQ_get_subject_name(o->req)));
		if (pos >= 0)
			json_object_object_add(obj, "object",
			    json_object_new_int64(pos));
	}
	put_str(obj, "message", strdup(f->message != NULL ? f->message : ""));
	if (f->hint != NULL) {
		json_object *fix = json_object_new_object();
		json_object *cmds = json_object_new_array();

		/* `hint` (schema 1) keeps its one-line form. */
		put_str(obj, "hint", finding_fix_line(f));
		put_str(fix, "summary", strdup(f->hint));
		for (size_t i = 0; i < f->nfix; i++)
			json_object_array_add(cmds,
			    json_object_new_string(f->fix[i]));
		json_object_object_add(fix, "commands", cmds);
		json_object_object_add(obj, "fix", fix);
	}
	return obj;
}

json_object *
report_json_document(const struct inventory *inv, const struct findings *fs,
    const struct report_ctx *rc)
{
	struct object_order oo;
	json_object *root = json_object_new_object();
	json_object *objs = json_object_new_array();
	json_object *finds = json_object_new_array();

	if (!object_order_init(&oo, inv))
		memset(&oo, 0, sizeof(oo));	/* no objects listed */
	json_object_object_add(root, "schema", json_object_new_int(3));
	json_object_object_add(root, "status",
	    json_object_new_string(status_word(findings_worst(fs))));
	{
		/* Passes are counted, not listed. */
		json_object *counts = json_object_new_object();
		for (int sev = SEV_PASS; sev <= SEV_ERROR; sev++)
			json_object_object_add(counts, severity_name(sev),
			    json_object_new_int64((int64_t)findings_count(fs,
			    sev)));
		json_object_object_add(root, "counts", counts);
	}
	for (size_t i = 0; i < oo.n; i++)
		json_object_array_add(objs, object_json(inv, oo.v[i]));
	json_object_object_add(root, "objects", objs);
	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].sev != SEV_PASS)
			json_object_array_add(finds,
			    finding_json(&fs->v[i], &oo));
	json_object_object_add(root, "findings", finds);
	{
		json_object *live = report_live_json(rc);
		if (live != NULL)
			json_object_object_add(root, "live", live);
	}
	{
		json_object *chain = report_chain_json(rc);
		if (chain != NULL)
			json_object_object_add(root, "chain", chain);
	}
	{
		json_object *trust = report_trust_json(rc);
		if (trust != NULL)
			json_object_object_add(root, "trust_store", trust);
	}
	object_order_free(&oo);
	return root;
}

void
report_json(FILE *fp, const struct inventory *inv, const struct findings *fs,
    const struct report_ctx *rc)
{
	json_object *root = report_json_document(inv, fs, rc);
	json_object *deps = report_deploy_json(rc);

	if (deps != NULL)
		json_object_object_add(root, "deployments", deps);
	report_json_print(fp, root);
	json_object_put(root);
}
