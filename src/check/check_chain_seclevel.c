/* security-level: the highest OpenSSL security level (0-5) at which the
 * path's keys and signatures pass, against the level this machine's
 * OpenSSL applies by default. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "chain/chain.h"
#include "chain/chain_words.h"
#include "checks.h"
#include "chain/verify_reason.h"

/* What each level demands (SSL_CTX_set_security_level(3)). */
static const char *const level_words[] = {
	"no limits",
	"80-bit security: RSA 1024, no MD5 or SHA-1 signatures",
	"112-bit security: RSA 2048, EC 224",
	("128-bit security: RSA 3072, EC 256, forward secrecy (no RSA key "
	    "exchange)"),
	"192-bit security: RSA 7680, EC 384, no SHA-1 anywhere",
	"256-bit security: RSA 15360, EC 512",
};

/* The smallest keys each level accepts: the fix names the level in
 * force, not a generic 2048 bits. */
static const struct {
	int rsa;
	const char *ec;
} level_keys[] = {
	{ 0, "any" }, { 1024, "P-256" }, { 2048, "P-256" }, { 3072, "P-256" },
	{ 7680, "P-384" }, { 15360, "P-521" },
};

static void
level_hint(struct finding *f, int code, int want)
{
	int lv = want < 0 ? 0 : want > 5 ? 5 : want;

	if (code == X509_V_ERR_EE_KEY_TOO_SMALL)
		finding_hint(f, "reissue it with an RSA key of at least %d bits "
		    "or an EC key (%s or larger): security level %d demands it; "
		    "clients at level %d reject this chain",
		    level_keys[lv].rsa, level_keys[lv].ec, lv, lv);
	else if (code == X509_V_ERR_CA_KEY_TOO_SMALL)
		finding_hint(f, "use a chain whose CA keys are RSA of at least "
		    "%d bits or EC (%s or larger): security level %d demands "
		    "it; clients at level %d reject this chain",
		    level_keys[lv].rsa, level_keys[lv].ec, lv, lv);
	else
		finding_hint(f, "%s; clients at level %d reject this chain",
		    verify_reason_hint(code), want);
}

static void
check_chain_seclevel_run(const struct inventory *inv,
    const struct check_ctx *ctx, struct findings *fs)
{
	const struct chain_result *r = ctx->chain;
	struct chain_opts o = { .now = ctx->now, .purpose = ctx->purpose };
	struct chain_level lv;
	const struct chain_link *l;
	struct finding *f;
	char *name, *what = NULL;
	int want;

	if (r == NULL || !r->have_leaf || r->path.n == 0)
		return;
	if (chain_security_level(&r->path, &o, &lv) != 0)
		return;
	/* Unknown (no TLS context could be made): OpenSSL's default. */
	want = ctx->seclevel >= 0 ? ctx->seclevel : 1;
	if (lv.code == 0) {
		finding_add(fs, "security-level", SEV_INFO, inv->leaf,
		    "the chain passes every OpenSSL security level, 0 to %d; "
		    "this machine's default is %d", lv.level, want);
		return;
	}
	l = &r->path.links[lv.depth >= 0 && (size_t)lv.depth < r->path.n ?
	    lv.depth : 0];
	name = chain_link_name(l);
	if (asprintf(&what, verify_reason_text(lv.code), name) < 0)
		what = NULL;
	if (lv.code == X509_V_ERR_CA_MD_TOO_WEAK) {
		int mdnid = NID_undef;
		/* Name the digest: "SHA1" says more than "too weak". */
		if (X509_get_signature_info(l->x509, &mdnid, NULL, NULL,
		    NULL) == 1 && mdnid != NID_undef) {
			free(what);
			if (asprintf(&what, "%s is signed with %s", name,
			    OBJ_nid2sn(mdnid)) < 0)
				what = NULL;
		}
		ERR_clear_error();
	}
	if (lv.level >= want) {
		finding_add(fs, "security-level", SEV_INFO, inv->leaf,
		    "the chain passes OpenSSL security levels 0 to %d; this "
		    "machine's default is %d", lv.level, want);
	} else {
		f = finding_add(fs, "security-level", SEV_FAIL,
		    l->obj != NULL ? l->obj : inv->leaf,
		    "the chain fails this machine's default OpenSSL security "
		    "level %d (%s): %s ('%s' at level %d and above)",
		    want, level_words[want < 0 ? 0 : want > 5 ? 5 : want], what != NULL ? what : name,
		    verify_reason_openssl(lv.code), lv.level + 1);
		level_hint(f, lv.code, want);
	}
	free(what);
	free(name);
}

const struct check check_chain_seclevel = {
	"security-level", check_chain_seclevel_run
};
