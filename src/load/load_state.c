/* What the container loaders call back while loading one file: adding an
 * object, reporting a problem, asking for the password, the legacy
 * provider. load.c dispatches; this file keeps the state they share. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/provider.h>
#include <openssl/x509v3.h>

#include "kdf_budget.h"
#include "load_internal.h"

const char *
load_display_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "stdin" : path;
}

static struct finding *
vnote(struct load_state *st, const char *id, enum severity sev,
    const char *fmt, va_list ap)
{
	char *msg = NULL;
	struct finding *f;

	ERR_clear_error();
	if (sev == SEV_ERROR)
		st->errored = true;
	st->nfindings++;
	if (vasprintf(&msg, fmt, ap) < 0)
		return NULL;
	/* The file is f->file; renderers put it before the message. */
	f = finding_add_file(st->fs, id, sev, st->src->path, "%s", msg);
	free(msg);
	return f;
}

struct finding *
load_error(struct load_state *st, const char *id, const char *fmt, ...)
{
	va_list ap;
	struct finding *f;

	va_start(ap, fmt);
	f = vnote(st, id, SEV_ERROR, fmt, ap);
	va_end(ap);
	return f;
}

struct finding *
load_note(struct load_state *st, const char *id, enum severity sev,
    const char *fmt, ...)
{
	va_list ap;
	struct finding *f;

	va_start(ap, fmt);
	f = vnote(st, id, sev, fmt, ap);
	va_end(ap);
	return f;
}

static void
free_ossl(enum objkind kind, void *obj)
{
	switch (kind) {
	case OBJ_CERT:	X509_free(obj); break;
	case OBJ_KEY:
	case OBJ_PUBKEY: EVP_PKEY_free(obj); break;
	case OBJ_CSR:	X509_REQ_free(obj); break;
	case OBJ_CRL:	X509_CRL_free(obj); break;
	}
}

/* subjectAltName entries, counted in the DER without decoding them:
 * OpenSSL decodes (and caches) the whole list as soon as anything asks,
 * about 150 bytes of memory for each name. -1 when unreadable. */
static long
san_entries(const X509 *x)
{
	int i = X509_get_ext_by_NID(x, NID_subject_alt_name, -1);
	const ASN1_OCTET_STRING *os;
	const unsigned char *p, *end;
	long len, n = 0;
	int tag, xclass;

	if (i < 0)
		return 0;
	os = X509_EXTENSION_get_data(X509_get_ext(x, i));
	p = ASN1_STRING_get0_data(os);
	if (ASN1_get_object(&p, &len, &tag, &xclass,
	    ASN1_STRING_length(os)) != V_ASN1_CONSTRUCTED)
		return -1;
	for (end = p + len; p < end; n++)
		if (ASN1_get_object(&p, &len, &tag, &xclass, end - p) & 0x80 ||
		    len > end - p)
			return -1;
		else
			p += len;
	return n;
}

bool
load_add(struct load_state *st, enum objkind kind, void *obj,
    const char *container, bool encrypted)
{
	struct object *o;
	long names;

	if (st->too_many) {
		free_ossl(kind, obj);
		return false;
	}
	if (st->nobjs >= LOAD_MAX_OBJECTS) {
		free_ossl(kind, obj);
		st->too_many = true;
		load_error(st, "too-many-objects",
		    "more than %u objects in one file; refusing the rest",
		    LOAD_MAX_OBJECTS);
		return false;
	}
	if (kind == OBJ_CERT && (names = san_entries(obj)) >
	    (long)LOAD_MAX_SAN_NAMES) {
		load_error(st, "too-many-names", "certificate %zu has %ld "
		    "subjectAltName entries, over the limit of %u; not "
		    "checked", st->nobjs + 1, names, LOAD_MAX_SAN_NAMES);
		ERR_clear_error();
		free_ossl(kind, obj);
		st->nobjs++;
		return true;
	}
	ERR_clear_error();
	if ((o = inventory_add(st->inv, kind, obj, st->src, st->nobjs,
	    container, encrypted)) == NULL) {
		/* Either memory ran out or OpenSSL cannot hash the object's
		 * public key: both leave nothing to check. */
		load_error(st, "format-unsupported",
		    "object %zu cannot be used (unsupported key type?)",
		    st->nobjs + 1);
		st->nobjs++;
		return true;
	}
	if (o->src == st->src && o->index == st->nobjs)
		o->line = st->line;	/* new, not a copy seen before */
	st->nobjs++;
	return true;
}

const char *
load_password(struct load_state *st, const char *what)
{
	struct pass *p = st->lc != NULL ? st->lc->pass : NULL;
	const char *pw;

	/* A scan visits many files: ask only when told how, never prompt. */
	if (p == NULL || (st->lc->scan && p->spec == NULL))
		pw = NULL;
	else
		pw = pass_get(p, st->src->path);
	if (pw != NULL || what == NULL || st->pass_reported)
		return pw;
	st->pass_reported = true;
	if (st->lc != NULL && st->lc->scan)
		load_note(st, "key-locked", SEV_INFO,
		    "%s is encrypted and no password was given; not checked",
		    what);
	else if (p != NULL && p->failed) {
		struct finding *f = load_error(st, "password-required",
		    "%s is encrypted and the password could not be read: %s",
		    what, p->err);
		finding_hint(f, "give the password with --pass "
		    "(pass:TEXT, env:VAR, file:PATH, fd:N or stdin)");
	} else {
		struct finding *f = load_error(st, "password-required",
		    "%s is encrypted; give the password with --pass "
		    "(e.g. --pass env:KEYPASS)", what);
		finding_hint(f, "add --pass env:KEYPASS with KEYPASS set to the "
		    "password, or --pass file:PATH");
	}
	return NULL;
}

void
load_password_wrong(struct load_state *st, const char *what,
    const char *where)
{
	struct finding *f;

	if (st->pass_reported)
		return;
	st->pass_reported = true;
	if (st->lc != NULL && st->lc->scan) {
		load_note(st, "key-locked", SEV_INFO, "%s (%s) does not open "
		    "with the password given; not checked", what, where);
		return;
	}
	f = load_error(st, "password-wrong", "the password does not "
	    "decrypt %s (%s)", what, where);
	finding_hint(f, "check the password given with --pass");
}

bool
load_kdf_allowed(struct load_state *st, const struct kdf_cost *c,
    const char *what)
{
	unsigned long long cap = st->lc != NULL && st->lc->max_kdf_work > 0 ?
	    st->lc->max_kdf_work : KDF_DEFAULT_MAX_WORK;
	struct finding *f;

	if (c->memory > KDF_MAX_SCRYPT_MEMORY) {
		load_error(st, "kdf-too-costly", "%s asks for %llu bytes of "
		    "memory to derive its key (scrypt), over the limit of "
		    "%llu; not decrypted", what,
		    (unsigned long long)c->memory, KDF_MAX_SCRYPT_MEMORY);
		return false;
	}
	if (c->work <= cap)
		return true;
	f = load_error(st, "kdf-too-costly", "%s asks for %llu %s to derive "
	    "its key, over the limit of %llu; not decrypted", what,
	    (unsigned long long)c->work, c->unit, cap);
	finding_hint(f, "if the file comes from a source you trust, raise "
	    "the limit: --max-kdf-iterations %llu",
	    (unsigned long long)c->work);
	return false;
}

static OSSL_PROVIDER *legacy_prov, *default_prov;
static CRYPTO_ONCE legacy_once = CRYPTO_ONCE_STATIC_INIT;

static volatile bool legacy_tried;

static void
legacy_load(void)
{
	legacy_tried = true;
	/* Loading any provider explicitly stops the default one from
	 * loading implicitly, so load both. */
	default_prov = OSSL_PROVIDER_load(NULL, "default");
	legacy_prov = OSSL_PROVIDER_load(NULL, "legacy");
	ERR_clear_error();
}

bool
load_legacy_provider(void)
{
	/* Scans load files on several threads. */
	return CRYPTO_THREAD_run_once(&legacy_once, legacy_load) &&
	    legacy_prov != NULL;
}

bool
load_legacy_provider_loaded(void)
{
	return legacy_tried && legacy_prov != NULL;
}
