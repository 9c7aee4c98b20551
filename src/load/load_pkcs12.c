/* PKCS#12 (.p12, .pfx): find the password (none, empty, or asked for),
 * check it against the MAC, then let OpenSSL unpack key and
 * certificates. Files from older tools use RC2 or single DES, which
 * OpenSSL 3 only reads with its legacy provider. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "kdf_budget.h"
#include "load_internal.h"
#include "shquote.h"

static bool
needs_legacy_provider(int nid)
{
	switch (nid) {
	case NID_pbe_WithSHA1And40BitRC2_CBC:
	case NID_pbe_WithSHA1And128BitRC2_CBC:
	case NID_pbe_WithSHA1And40BitRC4:
	case NID_pbe_WithSHA1And128BitRC4:
	case NID_pbeWithMD2AndDES_CBC:
	case NID_pbeWithMD5AndDES_CBC:
	case NID_pbeWithMD2AndRC2_CBC:
	case NID_pbeWithMD5AndRC2_CBC:
	case NID_pbeWithSHA1AndDES_CBC:
	case NID_pbeWithSHA1AndRC2_CBC:
		return true;
	}
	return false;
}

static int
legacy_in_bags(const STACK_OF(PKCS12_SAFEBAG) *bags)
{
	for (int i = 0; i < sk_PKCS12_SAFEBAG_num(bags); i++) {
		const PKCS12_SAFEBAG *bag = sk_PKCS12_SAFEBAG_value(bags, i);
		const X509_ALGOR *alg = NULL;
		const ASN1_OBJECT *oid = NULL;
		int nid;

		if (PKCS12_SAFEBAG_get_nid(bag) != NID_pkcs8ShroudedKeyBag)
			continue;
		X509_SIG_get0(PKCS12_SAFEBAG_get0_pkcs8(bag), &alg, NULL);
		X509_ALGOR_get0(&oid, NULL, NULL, alg);
		if (needs_legacy_provider(nid = OBJ_obj2nid(oid)))
			return nid;
	}
	return NID_undef;
}

/* The first legacy-only algorithm the file uses (NID_undef if none). The
 * encrypted safe's algorithm is readable without the password; shrouded
 * key bags inside plain safes too. */
static int
legacy_algorithm(PKCS12 *p12)
{
	STACK_OF(PKCS7) *safes = PKCS12_unpack_authsafes(p12);
	int found = NID_undef;

	for (int i = 0; found == NID_undef && i < sk_PKCS7_num(safes); i++) {
		PKCS7 *p7 = sk_PKCS7_value(safes, i);
		int type = OBJ_obj2nid(p7->type);

		if (type == NID_pkcs7_encrypted && p7->d.encrypted != NULL &&
		    p7->d.encrypted->enc_data != NULL) {
			int nid = OBJ_obj2nid(
			    p7->d.encrypted->enc_data->algorithm->algorithm);
			if (needs_legacy_provider(nid))
				found = nid;
		} else if (type == NID_pkcs7_data) {
			STACK_OF(PKCS12_SAFEBAG) *bags = PKCS12_unpack_p7data(p7);
			found = legacy_in_bags(bags);
			sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
		}
	}
	sk_PKCS7_pop_free(safes, PKCS7_free);
	ERR_clear_error();
	return found;
}

static void
locked(struct load_state *st, bool given)
{
	struct pass *p = st->lc != NULL ? st->lc->pass : NULL;
	struct finding *f;

	if (st->lc != NULL && st->lc->scan) {
		load_note(st, "pkcs12-locked", SEV_INFO, "PKCS#12 file %s; "
		    "not opened", given ? "does not open with the password "
		    "given" : "is password-protected");
		return;
	}
	if (given) {
		f = load_error(st, "password-wrong",
		    "the password does not open the PKCS#12 file");
		finding_hint(f, "check the password given with --pass");
	} else if (p != NULL && p->failed) {
		f = load_error(st, "password-required", "the PKCS#12 file is "
		    "encrypted and the password could not be read: %s",
		    p->err);
		finding_hint(f, "give the password with --pass "
		    "(pass:TEXT, env:VAR, file:PATH, fd:N or stdin)");
	} else {
		f = load_error(st, "password-required", "the PKCS#12 file is "
		    "encrypted; give the password with --pass "
		    "(e.g. --pass env:KEYPASS)");
		finding_hint(f, "add --pass env:KEYPASS with KEYPASS set to the "
		    "password, or --pass file:PATH");
	}
}

/* One derivation per password: the cost was checked and the legacy
 * provider loaded (for a MAC over a legacy digest) beforehand. */
static bool
verify_mac(PKCS12 *p12, const char *pw)
{
	int ok = PKCS12_verify_mac(p12, pw, pw != NULL ? -1 : 0);

	ERR_clear_error();
	return ok == 1;
}

/* Every derivation PKCS12_parse() would run with pw, checked before it
 * runs: the encrypted safes, the shrouded keys in plain safes, and the
 * ones inside encrypted safes (seen by decrypting the safe, itself
 * checked first). The parts together may cost twice one derivation's
 * cap. */
struct p12_budget {
	struct load_state *st;
	uint64_t total;
	bool over;
};

static bool
budget_part(struct p12_budget *b, const X509_ALGOR *alg, const char *what)
{
	struct kdf_cost c;
	unsigned long long cap = b->st->lc != NULL &&
	    b->st->lc->max_kdf_work > 0 ? b->st->lc->max_kdf_work :
	    KDF_DEFAULT_MAX_WORK;

	if (b->over || !kdf_cost_of(alg, &c))
		return !b->over;	/* unreadable: OpenSSL refuses it */
	if (!load_kdf_allowed(b->st, &c, what)) {
		b->over = true;
		return false;
	}
	b->total = c.work > UINT64_MAX - b->total ? UINT64_MAX :
	    b->total + c.work;
	if (b->total > 2 * cap) {
		c.work = b->total;
		c.unit = "iterations in total over its encrypted parts";
		cap *= 2;
		load_error(b->st, "kdf-too-costly", "the PKCS#12 file asks "
		    "for %llu %s, over the limit of %llu; not decrypted",
		    (unsigned long long)c.work, c.unit, cap);
		b->over = true;
		return false;
	}
	return true;
}

static bool
budget_bags(struct p12_budget *b, const STACK_OF(PKCS12_SAFEBAG) *bags,
    int depth)
{
	for (int i = 0; i < sk_PKCS12_SAFEBAG_num(bags); i++) {
		const PKCS12_SAFEBAG *bag = sk_PKCS12_SAFEBAG_value(bags, i);
		const X509_ALGOR *alg = NULL;

		switch (PKCS12_SAFEBAG_get_nid(bag)) {
		case NID_pkcs8ShroudedKeyBag:
			X509_SIG_get0(PKCS12_SAFEBAG_get0_pkcs8(bag), &alg,
			    NULL);
			if (!budget_part(b, alg, "a key in the PKCS#12 file"))
				return false;
			break;
		case NID_safeContentsBag:
			/* OpenSSL follows nesting; so does the count. */
			if (depth > 8 || !budget_bags(b,
			    PKCS12_SAFEBAG_get0_safes(bag), depth + 1))
				return false;
			break;
		}
	}
	return true;
}

static bool
within_budget(struct load_state *st, PKCS12 *p12, const char *pw)
{
	struct p12_budget b = { st, 0, false };
	STACK_OF(PKCS7) *safes = PKCS12_unpack_authsafes(p12);
	STACK_OF(PKCS12_SAFEBAG) *bags;

	for (int i = 0; !b.over && i < sk_PKCS7_num(safes); i++) {
		PKCS7 *p7 = sk_PKCS7_value(safes, i);
		int type = OBJ_obj2nid(p7->type);

		bags = NULL;
		if (type == NID_pkcs7_data)
			bags = PKCS12_unpack_p7data(p7);
		else if (type == NID_pkcs7_encrypted &&
		    p7->d.encrypted != NULL &&
		    p7->d.encrypted->enc_data != NULL) {
			if (!budget_part(&b,
			    p7->d.encrypted->enc_data->algorithm,
			    "an encrypted part of the PKCS#12 file"))
				break;
			/* A wrong password fails here as it would in
			 * PKCS12_parse(), before any bag inside. */
			bags = PKCS12_unpack_p7encdata(p7, pw,
			    pw != NULL ? -1 : 0);
		}
		budget_bags(&b, bags, 0);
		sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
	}
	sk_PKCS7_pop_free(safes, PKCS7_free);
	ERR_clear_error();
	return !b.over;
}

/* -1 when the file asks for more than the budget (finding added). */
static int
parse(struct load_state *st, PKCS12 *p12, const char *pw, EVP_PKEY **pkey,
    X509 **cert, STACK_OF(X509) **ca)
{
	bool ok;

	if (!within_budget(st, p12, pw))
		return -1;
	ok = PKCS12_parse(p12, pw, pkey, cert, ca) == 1;
	ERR_clear_error();
	return ok;
}

/* Decides the password: NULL or "" when they open it, else the user's.
 * False after a finding. */
static bool
choose_password(struct load_state *st, PKCS12 *p12, const char **pw)
{
	struct kdf_cost mac;

	if (PKCS12_mac_present(p12)) {
		kdf_cost_of_mac(p12, &mac);
		if (!load_kdf_allowed(st, &mac, "the PKCS#12 file's MAC"))
			return false;
		if (kdf_mac_needs_legacy(p12))
			(void)load_legacy_provider();
		/* OpenSSL encodes an empty password two ways; try both. */
		if (verify_mac(p12, "")) {
			*pw = "";
			return true;
		}
		if (verify_mac(p12, NULL)) {
			*pw = NULL;
			return true;
		}
		if ((*pw = load_password(st, NULL)) == NULL) {
			locked(st, false);
			return false;
		}
		if (!verify_mac(p12, *pw)) {
			locked(st, true);
			return false;
		}
		return true;
	}
	/* No MAC: only decryption can tell; parse() finds out. */
	*pw = "";
	return true;
}

/* Two steps: `pkcs12 -export` reads key and certificates from one
 * input, so a pipe from the first cannot feed it. The key stays
 * encrypted in the intermediate file, which is removed. */
static void
fix_reexport(struct finding *f, const char *path)
{
	char *in = sh_path(path), *pem = NULL, *out = NULL;

	if (in != NULL && asprintf(&pem, "%s.pem", in) >= 0 &&
	    asprintf(&out, "%s.new.p12", in) >= 0) {
		finding_fix(f, "openssl", "pkcs12", "-legacy", "-in", in,
		    "-passin", "env:P12_PASS", "-passout", "env:P12_PASS",
		    "-out", pem, NULL);
		finding_fix(f, "openssl", "pkcs12", "-export", "-in", pem,
		    "-passin", "env:P12_PASS", "-passout", "env:P12_PASS",
		    "-out", out, NULL);
		finding_fix(f, "rm", "-f", pem, NULL);
	}
	free(in);
	free(pem);
	free(out);
}

int
load_pkcs12(struct load_state *st, PKCS12 *p12)
{
	EVP_PKEY *pkey = NULL;
	X509 *cert = NULL;
	STACK_OF(X509) *ca = NULL;
	const char *pw = NULL;
	int legacy = legacy_algorithm(p12);
	bool encrypted, fallback = false;
	int r;

	if (!choose_password(st, p12, &pw))
		return -1;
	if (legacy != NID_undef && !load_legacy_provider()) {
		struct finding *f = load_error(st, "format-unsupported",
		    "the PKCS#12 file uses legacy encryption (%s) and OpenSSL's "
		    "legacy provider is not installed", OBJ_nid2ln(legacy));
		finding_hint(f, "on a system with OpenSSL's legacy provider, "
		    "re-export it with current encryption (P12_PASS holding "
		    "its password), then use the .new.p12 file in its place");
		fix_reexport(f, st->src->path);
		return -1;
	}
	if ((r = parse(st, p12, pw, &pkey, &cert, &ca)) < 0)
		return -1;
	if (r == 0 && !PKCS12_mac_present(p12)) {
		const char *user;
		if ((r = parse(st, p12, NULL, &pkey, &cert, &ca)) < 0)
			return -1;
		if (r == 0 && (user = load_password(st, NULL)) != NULL) {
			pw = user;
			if ((r = parse(st, p12, pw, &pkey, &cert, &ca)) < 0)
				return -1;
		}
	}
	/* Some legacy cipher not found above: retry only when loading the
	 * provider changes something, so no password is tried twice for
	 * nothing. */
	if (r == 0 && !load_legacy_provider_loaded() &&
	    load_legacy_provider()) {
		if ((r = parse(st, p12, pw, &pkey, &cert, &ca)) < 0)
			return -1;
		fallback = r == 1;
	}
	if (r == 0) {
		if (!PKCS12_mac_present(p12))
			locked(st, load_password(st, NULL) != NULL);
		else
			load_error(st, "pkcs12-invalid", "the PKCS#12 file "
			    "opens with the password but its contents cannot "
			    "be decrypted or parsed");
		return -1;
	}
	if (legacy != NID_undef || fallback) {
		struct finding *f = load_note(st, "pkcs12-legacy", SEV_WARN,
		    "the PKCS#12 file uses legacy encryption (%s) that "
		    "OpenSSL 3 and current systems refuse by default",
		    legacy != NID_undef ? OBJ_nid2ln(legacy) : "RC2/DES");
		finding_hint(f, "re-export it with current encryption "
		    "(P12_PASS holding its password), then use the .new.p12 "
		    "file in its place");
		fix_reexport(f, st->src->path);
	}
	encrypted = pw != NULL && *pw != '\0';
	/* load_add owns what it is given, even when it refuses it. */
	if (pkey != NULL)
		load_add(st, OBJ_KEY, pkey, "PKCS#12", encrypted);
	if (cert != NULL)
		load_add(st, OBJ_CERT, cert, "PKCS#12", false);
	while (sk_X509_num(ca) > 0)
		load_add(st, OBJ_CERT, sk_X509_shift(ca), "PKCS#12", false);
	sk_X509_free(ca);
	return 0;
}
