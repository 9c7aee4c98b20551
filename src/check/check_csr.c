/* CSR: the certificate signing request (--csr) against the certificate
 * issued for it and the private key it was made with. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "check_common.h"
#include "checks.h"
#include "describe.h"

/* The request made again with key: same subject, same names. */
static void
fix_request_again(struct finding *f, const struct object *csr,
    const char *key)
{
	char **names = req_names(csr->req);
	char *san = names != NULL && names[0] != NULL ?
	    check_san_addext(names, NULL) : NULL;
	char *subj = X509_NAME_oneline(X509_REQ_get_subject_name(csr->req),
	    NULL, 0);

	check_fix_request_key(f, key, subj != NULL && *subj != '\0' ? subj :
	    "/CN=NAME", san, "new.csr");
	OPENSSL_free(subj);
	free(san);
	names_free(names);
}

static bool
listed(char **names, const char *name)
{
	for (size_t i = 0; names[i] != NULL; i++)
		if (strcasecmp(names[i], name) == 0)
			return true;
	return false;
}

/* The names in `a` missing from `b`, joined by ", ", or NULL. */
static char *
missing(char **a, char **b, size_t *n)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp;

	*n = 0;
	if ((fp = open_memstream(&out, &len)) == NULL)
		return NULL;
	for (size_t i = 0; a[i] != NULL; i++)
		if (!listed(b, a[i]))
			fprintf(fp, "%s%s", (*n)++ > 0 ? ", " : "", a[i]);
	fclose(fp);
	if (*n == 0) {
		free(out);
		return NULL;
	}
	return out;
}

static bool
check_signature(const struct object *csr, struct findings *fs)
{
	EVP_PKEY *pk = X509_REQ_get0_pubkey(csr->req);
	int r = pk != NULL ? X509_REQ_verify(csr->req, pk) : -1;
	struct finding *f;

	ERR_clear_error();
	if (r == 1) {
		finding_add(fs, "csr-invalid", SEV_PASS, csr,
		    "the request's signature verifies");
		return true;
	}
	f = finding_add(fs, "csr-invalid", SEV_FAIL, csr,
	    "the request's signature does not verify: it was altered after "
	    "it was signed, or signed with another key");
	finding_hint(f, "make the request again with the private key");
	fix_request_again(f, csr, "key.pem");
	return false;
}

static bool
same_spki(const struct object *a, const struct object *b)
{
	return a->have_spki && b->have_spki &&
	    memcmp(a->spki_sha256, b->spki_sha256, 32) == 0;
}

static void
check_keys(const struct inventory *inv, const struct object *csr,
    struct findings *fs)
{
	const struct object *leaf = inv->leaf, *key = inv->key;
	char *dr = key_description(X509_REQ_get0_pubkey(csr->req)), *d;
	bool ok = true;
	struct finding *f;

	if (leaf != NULL && !same_spki(csr, leaf)) {
		d = key_description(X509_get0_pubkey(leaf->x509));
		if (d != NULL && dr != NULL && strcmp(d, dr) == 0)
			f = finding_add(fs, "csr-mismatch", SEV_FAIL, csr,
			    "the certificate in %s was not issued for this "
			    "request: its public key is another %s key than "
			    "the request's", leaf->src != NULL ?
			    leaf->src->path : "?", d);
		else
			f = finding_add(fs, "csr-mismatch", SEV_FAIL, csr,
			    "the certificate in %s was not issued for this "
			    "request: its key (%s) is not the request's (%s)",
			    leaf->src != NULL ? leaf->src->path : "?",
			    d != NULL ? d : "?", dr != NULL ? dr : "?");
		finding_hint(f, "use the certificate the CA issued for this "
		    "request, or the request (and key) this certificate was "
		    "issued for");
		free(d);
		ok = false;
	}
	if (key != NULL && !same_spki(csr, key)) {
		f = finding_add(fs, "csr-mismatch", SEV_FAIL, csr,
		    "the request was not made with the private key in %s",
		    key->src != NULL ? key->src->path : "?");
		finding_hint(f, "request with this key, or use the key the "
		    "request was made with");
		fix_request_again(f, csr, key->src != NULL ? key->src->path :
		    "key.pem");
		ok = false;
	}
	if (ok && (leaf != NULL || key != NULL))
		finding_add(fs, "csr-mismatch", SEV_PASS, csr,
		    "the request's key (%s) is the %s",
		    dr != NULL ? dr : "?", leaf != NULL && key != NULL ?
		    "certificate's and the private key's" : leaf != NULL ?
		    "certificate's" : "private key's");
	free(dr);
}

static void
check_names(const struct inventory *inv, const struct object *csr,
    struct findings *fs)
{
	char **want, **got, *lost = NULL, *extra = NULL;
	size_t nlost = 0, nextra = 0;
	struct finding *f;

	if (inv->leaf == NULL)
		return;
	want = req_names(csr->req);
	got = cert_names(inv->leaf->x509);
	if (want == NULL || got == NULL)
		goto out;
	lost = missing(want, got, &nlost);
	extra = missing(got, want, &nextra);
	if (lost != NULL) {
		f = finding_add(fs, "csr-names-differ", SEV_WARN, csr,
		    "the certificate lacks %s, which the request asked "
		    "for%s%s%s", lost, extra != NULL ? " (it covers " : "",
		    extra != NULL ? extra : "", extra != NULL ?
		    ", not requested)" : "");
		finding_hint(f, "ask the CA why %s left out, or request "
		    "again with every name", nlost > 1 ? "they were" :
		    "it was");
	} else if (extra != NULL)
		finding_add(fs, "csr-names-differ", SEV_INFO, csr,
		    "the certificate covers %zu name%s that %s not "
		    "requested: %s", nextra, nextra > 1 ? "s" : "",
		    nextra > 1 ? "were" : "was", extra);
	else
		finding_add(fs, "csr-names-differ", SEV_PASS, csr,
		    "the certificate covers exactly the names requested");
out:
	names_free(want);
	names_free(got);
	free(lost);
	free(extra);
}

/* "a, b, c", or NULL. */
static char *
joined_names(char **names)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	if (fp == NULL)
		return NULL;
	for (size_t i = 0; names[i] != NULL; i++)
		fprintf(fp, "%s%s", i > 0 ? ", " : "", names[i]);
	fclose(fp);
	return out;
}

/* Does name (a --host) match one the request asks for? A requested
 * wildcard covers one label, as a certificate's would. */
static bool
requested(char **names, const char *name)
{
	const char *dot = strchr(name, '.');

	for (size_t i = 0; names[i] != NULL; i++) {
		if (strcasecmp(names[i], name) == 0)
			return true;
		if (strncmp(names[i], "*.", 2) == 0 && dot != NULL &&
		    dot != name && strcasecmp(names[i] + 1, dot) == 0)
			return true;
	}
	return false;
}

/* The request to make instead, as a fix of f: every name requested and
 * every --host, the first --host missing as its common name, signed by
 * the key the deployment holds. */
static void
request_fix(struct finding *f, char **names, const struct check_ctx *ctx,
    const char *cn, const char *keyfile)
{
	char *san = NULL, *subj = NULL;
	size_t len = 0, n = 0;
	FILE *fp = open_memstream(&san, &len);

	if (fp == NULL)
		return;
	fputs("subjectAltName=", fp);
	for (size_t i = 0; names[i] != NULL; i++)
		fprintf(fp, "%sDNS:%s", n++ > 0 ? "," : "", names[i]);
	for (size_t i = 0; i < ctx->nhosts; i++)
		if (!requested(names, ctx->hosts[i]))
			fprintf(fp, "%sDNS:%s", n++ > 0 ? "," : "",
			    ctx->hosts[i]);
	fclose(fp);
	if (san != NULL && asprintf(&subj, "/CN=%s", cn) >= 0)
		finding_fix(f, "openssl", "req", "-new", "-key", keyfile,
		    "-subj", subj, "-addext", san, "-out", "new.csr", NULL);
	free(san);
	free(subj);
}

/* Before the certificate exists: the names asked for against --host,
 * and the strength of the key the certificate will certify. */
static void
check_request_stage(const struct check_ctx *ctx, const struct object *csr,
    const char *keyfile, struct findings *fs)
{
	EVP_PKEY *pk = X509_REQ_get0_pubkey(csr->req);
	char **names = req_names(csr->req);
	char *joined = names != NULL ? joined_names(names) : NULL;
	char *desc = pk != NULL ? key_description(pk) : NULL;
	bool all = true;
	struct finding *f;
	bool fixed = false;
	int min = 0;

	for (size_t i = 0; names != NULL && i < ctx->nhosts; i++) {
		if (requested(names, ctx->hosts[i]))
			continue;
		all = false;
		f = finding_add(fs, "csr-host-missing", SEV_FAIL, csr,
		    "the request does not ask for %s (it asks for %s)",
		    ctx->hosts[i], joined != NULL && *joined != '\0' ?
		    joined : "no names");
		if (!fixed) {
			finding_hint(f, "make the request again with every "
			    "name");
			request_fix(f, names, ctx, ctx->hosts[i], keyfile);
			fixed = true;
		}
	}
	if (all && ctx->nhosts > 0)
		finding_add(fs, "csr-host-missing", SEV_PASS, csr,
		    "the request asks for every --host name");
	if (pk != NULL) {
		if (EVP_PKEY_is_a(pk, "RSA") || EVP_PKEY_is_a(pk, "RSA-PSS") ||
		    EVP_PKEY_is_a(pk, "DSA"))
			min = 2048;
		else if (EVP_PKEY_is_a(pk, "EC"))
			min = 224;
		if (min > 0 && EVP_PKEY_get_bits(pk) < min) {
			f = finding_add(fs, "weak-key", SEV_FAIL, csr,
			    "the request's key is a weak %s key (at least %d "
			    "bits are needed): no CA will issue for it",
			    desc != NULL ? desc : "?", min);
			finding_hint(f, "generate a new key, e.g. openssl "
			    "genpkey -algorithm EC -pkeyopt "
			    "ec_paramgen_curve:P-256 -out new-key.pem, and "
			    "make the request again with it");
		} else
			finding_add(fs, "weak-key", SEV_PASS, csr,
			    "the request's key is strong (%s)",
			    desc != NULL ? desc : "?");
	}
	ERR_clear_error();
	free(desc);
	free(joined);
	names_free(names);
}

static void
check_csr_run(const struct inventory *inv,
    const struct check_ctx *ctx, struct findings *fs)
{
	for (size_t i = 0; i < inv->nobjs; i++) {
		const struct object *o = inv->objs[i];
		if (o->kind != OBJ_CSR || o->role == ROLE_PREVIOUS)
			continue;
		/* A request that does not verify proves nothing about keys
		 * or names. */
		if (!check_signature(o, fs))
			continue;
		check_keys(inv, o, fs);
		check_names(inv, o, fs);
		if (inv->leaf == NULL)
			check_request_stage(ctx, o, inv->key != NULL &&
			    inv->key->src != NULL ? inv->key->src->path : "KEY",
			    fs);
	}
}

const struct check check_csr = { "csr", check_csr_run };
