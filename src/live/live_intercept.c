/* Interception: the local files say which certificate and key a server
 * holds; when the one served has another key and leads to a root that is
 * neither the local files' nor trusted here, the server did not send it:
 * something on the way re-signs TLS (a corporate proxy, antivirus
 * software, a captive portal). Judged after the local chain is built. */
#include "config.h"

#include <stdlib.h>

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include "chain/chain.h"
#include "describe.h"
#include "live_priv.h"

/* The top of the served chain: the root's name when it was served,
 * else the issuer of the last certificate that links up. */
static const X509_NAME *
served_top(const struct live_result *r)
{
	X509 *x = r->served[0]->x509;

	for (size_t hops = 0; hops < r->nserved; hops++) {
		X509 *up = NULL;
		if (X509_self_signed(x, 0) == 1)
			return X509_get_subject_name(x);
		for (size_t i = 0; i < r->nserved && up == NULL; i++)
			if (r->served[i]->x509 != x && X509_check_issued(
			    r->served[i]->x509, x) == X509_V_OK)
				up = r->served[i]->x509;
		if (up == NULL)
			break;
		x = up;
	}
	return X509_get_issuer_name(x);
}

static const X509_NAME *
local_top(const struct chain_result *c)
{
	const struct chain_link *l;

	if (c == NULL || !c->have_leaf || c->path.n == 0)
		return NULL;
	l = &c->path.links[c->path.n - 1];
	return X509_self_signed(l->x509, 0) == 1 ?
	    X509_get_subject_name(l->x509) : X509_get_issuer_name(l->x509);
}

/* Whether an issuer is missing from the trust store: the only errors
 * that matter here; dates and purposes are other findings' business. */
static int
trust_only_cb(int ok, X509_STORE_CTX *sctx)
{
	int *untrusted = X509_STORE_CTX_get_app_data(sctx);

	if (ok)
		return 1;
	switch (X509_STORE_CTX_get_error(sctx)) {
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
	case X509_V_ERR_CERT_UNTRUSTED:
		*untrusted = 1;
		break;
	}
	return 1;
}

static bool
trusted_here(const struct live_result *r, X509_STORE *store)
{
	X509_STORE_CTX *sctx = X509_STORE_CTX_new();
	STACK_OF(X509) *rest = sk_X509_new_null();
	int untrusted = 0;
	bool ok = false;

	if (sctx == NULL || rest == NULL)
		goto out;
	for (size_t i = 1; i < r->nserved; i++)
		if (sk_X509_push(rest, r->served[i]->x509) <= 0)
			goto out;
	if (X509_STORE_CTX_init(sctx, store, r->served[0]->x509, rest) != 1)
		goto out;
	X509_STORE_CTX_set_app_data(sctx, &untrusted);
	X509_STORE_CTX_set_verify_cb(sctx, trust_only_cb);
	X509_VERIFY_PARAM_set_flags(X509_STORE_CTX_get0_param(sctx),
	    X509_V_FLAG_NO_CHECK_TIME);
	(void)X509_verify_cert(sctx);
	ok = untrusted == 0;
out:
	X509_STORE_CTX_free(sctx);
	sk_X509_free(rest);
	ERR_clear_error();
	return ok;
}

void
live_judge_interception(const struct live_result *r,
    const struct inventory *inv, const struct chain_result *local,
    X509_STORE *store, struct findings *fs)
{
	const struct object *served, *mine = inv->leaf;
	const X509_NAME *stop, *ltop;
	EVP_PKEY *key;
	char *sname = NULL, *lname = NULL;
	struct finding *f;
	int same;

	if (r->nserved == 0 || mine == NULL || mine->kind != OBJ_CERT ||
	    mine == r->served[0] || store == NULL)
		return;
	served = r->served[0];
	key = inv->key != NULL && inv->key->kind == OBJ_KEY ? inv->key->pkey :
	    X509_get0_pubkey(mine->x509);
	same = EVP_PKEY_eq(X509_get0_pubkey(served->x509), key);
	ERR_clear_error();
	if (same == 1)
		return;		/* the server's own key: an old certificate */
	stop = served_top(r);
	if ((ltop = local_top(local)) == NULL ||
	    X509_NAME_cmp(stop, ltop) == 0)
		return;		/* the same CA: a reissue, not a stranger */
	if (trusted_here(r, store))
		return;		/* a public CA (or one installed here) */
	sname = name_oneline(stop);
	lname = name_oneline(ltop);
	f = finding_add(fs, "live-tls-intercepted", SEV_FAIL, served,
	    "the certificate received leads to '%s', which is neither the "
	    "CA of the local files ('%s') nor trusted here, and its key is "
	    "not the local key: something between you and the server "
	    "re-signs TLS (a corporate proxy, antivirus software or a captive "
	    "portal)", sname != NULL ? sname : "", lname != NULL ? lname : "");
	if (f != NULL)
		finding_hint(f, "do not change the server for this: connect "
		    "from another network or from the server itself to see what "
		    "it really serves, and ask the network's administrators "
		    "about TLS inspection (clients behind it must trust '%s', "
		    "or be exempted)", sname != NULL ? sname : "");
	free(sname);
	free(lname);
}
