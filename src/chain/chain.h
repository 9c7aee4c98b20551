/* Path building: from the leaf to a trust anchor, over everything given
 * and the trust store. Pure: inventory and store in, chain result out.
 * OpenSSL's X509_verify_cert gives the verdict; the result records the
 * path it built, every error it reported on it, and the other paths the
 * certificates given allow (cross-signs), each judged the same way. */
#ifndef CHAIN_H
#define CHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <openssl/x509_vfy.h>

#include "certdiag.h"
#include "inventory.h"

/* Where a certificate on a path came from. */
enum link_origin {
	LINK_SERVED = 0,	/* given as leaf or chain: what a server sends */
	LINK_ANCHOR,		/* given with --ca */
	LINK_STORE,		/* found in the system trust store */
	LINK_FETCHED		/* downloaded from an AIA caIssuers URL */
};

/* What OpenSSL found wrong with one certificate of a path (bit set). */
enum link_problem {
	LP_EXPIRED		= 1u << 0,	/* or not yet valid */
	LP_BAD_SIGNATURE	= 1u << 1,
	LP_NOT_CA		= 1u << 2,
	LP_PATH_LENGTH		= 1u << 3,
	LP_NAME_CONSTRAINTS	= 1u << 4,
	LP_KEY_USAGE		= 1u << 5,
	LP_PURPOSE		= 1u << 6,
	LP_UNTRUSTED		= 1u << 7,	/* self-signed, not an anchor */
	LP_NO_ISSUER		= 1u << 8,	/* its issuer was not found */
	LP_OTHER		= 1u << 9
};

struct chain_link {
	X509 *x509;			/* owned reference */
	const struct object *obj;	/* inventory object, or NULL (store) */
	enum link_origin origin;
	unsigned problems;		/* enum link_problem bits */
	int error;			/* first X509_V_ERR_* on it, or 0 */
};

struct chain_error {
	int code;			/* X509_V_ERR_* */
	int depth;			/* index into the path's links */
};

/* How a path ends. */
enum path_end {
	END_ANCHOR = 0,		/* at a trust anchor (store or --ca) */
	END_UNTRUSTED_ROOT,	/* at a self-signed certificate not trusted */
	END_MISSING_ISSUER,	/* the last certificate's issuer was not found */
	END_TOO_LONG		/* the depth limit reached (--verify-depth, else
				 * CHAIN_MAX_DEPTH); not followed further */
};

/* Intermediates a path may have (OpenSSL's default verify depth); a
 * longer one is cut off there and fails as too long. */
#define CHAIN_MAX_DEPTH	100

struct chain_path {
	struct chain_link *links;	/* owned; leaf first */
	size_t n;
	struct chain_error *errors;	/* owned; in the order reported */
	size_t nerrors;
	enum path_end end;
	/* The verdict: true when OpenSSL verifies the path, leaving aside
	 * the leaf's own dates and purpose (other checks judge those). */
	bool trusted;
	int reason;			/* first error that counts, or 0 */
	int reason_depth;
	/* The first error on the trust anchor that RFC 5280 path
	 * validation does not apply to it (chain_error_is_anchors_own),
	 * or 0: the path is trusted all the same, and a warning says which
	 * clients refuse it. */
	int waived;
};

struct chain_result {
	bool have_leaf;
	struct chain_path path;		/* the one OpenSSL chose */
	struct chain_path *alts;	/* owned; other paths found */
	size_t nalts;
	/* OpenSSL's own path building picked a path that fails, while the
	 * one above verifies (it came from the alternatives). */
	bool openssl_failed;
	size_t openssl_alt;		/* then: OpenSSL's path is alts[this] */
	/* Errors only OpenSSL's strict mode (X509_V_FLAG_X509_STRICT)
	 * finds on the path: RFC 5280 rules it does not apply by default. */
	struct chain_error *strict;	/* owned */
	size_t nstrict;
	/* The path ends at a trust-store certificate that is not a root,
	 * and the store also has its issuer: it is an intermediate this
	 * machine happens to hold, not an anchor chosen on purpose. */
	bool anchor_is_intermediate;
	int depth_limit;		/* intermediates allowed on the path */
};

struct chain_opts {
	time_t now;
	enum purpose purpose;
	int auth_level;		/* OpenSSL security level 0-5, or -1: none */
	bool strict;		/* X509_V_FLAG_X509_STRICT */
	/* OpenSSL's path only: no alternative paths, no strict pass. For
	 * scan, which judges thousands of leaves. */
	bool lean;
	bool have_depth;	/* else OpenSSL's default, 100 */
	int depth;		/* intermediates allowed */
};

/* Builds the result for inv->leaf (nothing when there is no leaf).
 * Returns 0, or -1 on ENOMEM (r is then empty but valid to free). */
int chain_build(const struct inventory *, X509_STORE *,
    const struct chain_opts *, struct chain_result *);
void chain_result_free(struct chain_result *);

/* Judges one given path alone (its last certificate the only anchor
 * when end == END_ANCHOR): fills path->errors, problems and verdict. */
int chain_judge_path(struct chain_path *, const struct chain_opts *);

/* Key sizes and digests against OpenSSL's security levels (0-5). */
#define CHAIN_MAX_LEVEL	5
struct chain_level {
	int level;	/* highest level at which the path verifies */
	int code;	/* what fails at level + 1 (X509_V_ERR_*), or 0 */
	int depth;	/* on which link */
};
int chain_security_level(const struct chain_path *, const struct chain_opts *,
    struct chain_level *);

/* Errors a check of its own reports for the leaf (dates, purpose):
 * they do not make the chain untrusted. */
bool chain_error_is_leafs_own(const struct chain_error *);

/* An error OpenSSL reports on the path's trust anchor for a rule RFC
 * 5280 does not apply to anchors (6.1.1(d): an anchor is its name and
 * key): its CA flag, keyCertSign, pathLenConstraint or
 * extendedKeyUsage. Not its validity period (the suites and clients
 * agree on that one), nor explicit distrust in the trust settings. */
bool chain_error_is_anchors_own(const struct chain_path *,
    const struct chain_error *);

/* The enum link_problem bit an X509_V_ERR_* code falls under. */
unsigned chain_error_problem(int code);

/* The path's anchor (last link when end == END_ANCHOR), or NULL. */
const struct chain_link *chain_anchor(const struct chain_path *);

/* Is x on the path? */
bool chain_path_has(const struct chain_path *, const X509 *);

#endif
