/* The unit tests' library: one fixed clock, one PKI builder (keys,
 * certificates, CRLs, inventories), one set of finding assertions and one
 * suite runner, shared by every tests/check_<family>.c.
 * Everything is built in memory at test time, relative to TESTLIB_NOW, so
 * no test depends on the calendar. */
#ifndef TESTLIB_H
#define TESTLIB_H

#include <check.h>
#include <stdbool.h>
#include <time.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "check/checks.h"
#include "finding.h"
#include "inventory.h"

/* The instant every unit test evaluates at: certificates are placed
 * around it. */
#define TESTLIB_NOW	((time_t)1800000000)	/* 2027-01-15T08:00:00Z */
#define TESTLIB_DAY	((time_t)86400)

/* ---- keys -------------------------------------------------------- */

/* "RSA:2048", "RSA-PSS:2048", "EC:P-256", "ED25519", "ED448", "DSA:1024".
 * Aborts the test on failure. Keys of one spec are cached and shared
 * (up-referenced), so tests stay fast: free each with EVP_PKEY_free. */
EVP_PKEY *tl_key(const char *spec);
/* A fresh key, never cached (for "the other key" in mismatch tests). */
EVP_PKEY *tl_new_key(const char *spec);
/* Empties the key cache (tl_run_suite does it). */
void tl_keys_free(void);

/* ---- certificates ------------------------------------------------ */

/* One certificate. Only what is named goes in: no extension is added
 * unless given, except the key identifiers (see no_skid, no_akid). */
struct tl_cert {
	const char *subject;	/* "/CN=x/O=y"; NULL: cn, or empty */
	const char *cn;		/* the subject's only CN (may hold '/') */
	EVP_PKEY *key;		/* the certificate's key (borrowed) */
	X509 *issuer;		/* NULL: self-signed by key */
	EVP_PKEY *issuer_key;
	time_t not_before;	/* 0: TESTLIB_NOW - 30 days */
	time_t not_after;	/* 0: TESTLIB_NOW + 365 days */
	const char *bc;		/* "critical,CA:TRUE" */
	const char *ku;		/* "critical,digitalSignature" */
	const char *eku;	/* "serverAuth,clientAuth" */
	const char *san;	/* "DNS:a,IP:1.2.3.4" */
	const char *ns;		/* nsCertType: "client" */
	const char *nc;		/* nameConstraints */
	const char *aia;	/* authorityInfoAccess */
	const char *akid;	/* NULL: "keyid" */
	bool no_skid, no_akid;	/* leave the key identifiers out */
	const EVP_MD *md;	/* NULL: md_name, or SHA-256; ignored for */
	const char *md_name;	/* Ed25519/Ed448 issuers */
	long serial;		/* 0: a counter */
	bool negative_serial;	/* serial = -serial */
};

/* Aborts the test on failure. The caller owns the result. */
X509 *tl_cert(const struct tl_cert *);

/* A CRL from issuer revoking the NULL-terminated list (each since a day
 * before last_update, keyCompromise), signed with sign_key (the issuer's
 * key for a genuine CRL). */
X509_CRL *tl_crl(X509 *issuer, EVP_PKEY *sign_key, X509 *const *revoked,
    time_t last_update, time_t next_update);

/* Writes certificates as PEM (NULL-terminated list); false on error. */
bool tl_write_pem(const char *path, X509 *const *certs);

/* ---- inventories ------------------------------------------------- */

/* Adds a reference to x as if loaded from `path` (one source per distinct
 * path, objects numbered in order) with the given role. */
struct object *tl_add_cert(struct inventory *, X509 *, const char *path,
    enum role);
/* Adds a reference to crl from its own source `path`. */
struct object *tl_add_crl(struct inventory *, X509_CRL *, const char *path);
/* Adds obj from its own new source `path` with `role`; mode < 0: not a
 * file. Takes ownership of obj. */
struct object *tl_add(struct inventory *, const char *path, enum role,
    enum objkind, void *obj, int mode);

/* ---- one run of checks ------------------------------------------- */

/* An inventory, a context at TESTLIB_NOW and the findings. */
struct tl_run {
	struct inventory inv;
	struct check_ctx ctx;
	struct findings fs;
};

void tl_run_init(struct tl_run *);
void tl_run_free(struct tl_run *);
/* Sorts the inventory, then runs each check of the NULL-terminated list. */
void tl_run_checks(struct tl_run *, const struct check *const *);

/* ---- assertions on findings -------------------------------------- */

#define TL_ANY	(-1)	/* any severity */

/* Named in every failure of the assertions below when set (a table
 * test sets it to its row's name). */
extern const char *tl_context;

/* The first finding with this id, or NULL. */
const struct finding *tl_find(const struct findings *, const char *id);
/* How many findings have this id and severity (or TL_ANY). */
size_t tl_count(const struct findings *, const char *id, int sev);
/* How many findings have this id and are shown at file (NULL: any). */
size_t tl_count_at(const struct findings *, const char *id,
    const char *file);
/* How many findings have an id starting with prefix. */
size_t tl_count_prefix(const struct findings *, const char *prefix);
/* A finding with that id, severity and (when given) text in its message;
 * fails the test naming every finding when none fits. */
const struct finding *tl_expect(const struct findings *, const char *id,
    enum severity, const char *msg_has);
/* The one finding with this id (fails unless there is exactly one). */
const struct finding *tl_only(const struct findings *, const char *id);
/* No finding of that id worse than info. */
void tl_expect_clean(const struct findings *, const char *id);
/* No finding of that id at all. */
void tl_expect_absent(const struct findings *, const char *id);
/* Every finding, one per line, for failure messages (a static buffer,
 * overwritten by the next call). */
const char *tl_dump(const struct findings *);

/* ---- the suite runner -------------------------------------------- */

/* A test case added to s, with a timeout that suits valgrind. */
TCase *tl_tcase(Suite *s, const char *name);
/* Adds a loop test over every element of a static array. */
#define tl_add_loop(tc, fn, array) \
	tcase_add_loop_test((tc), (fn), 0, \
	    (int)(sizeof(array) / sizeof((array)[0])))
/* Runs the suite, frees it and the key cache; main's exit status. */
int tl_run_suite(Suite *);

#endif
