/* Is each certificate the server sends within its validity period at
 * ctx->now, and for how much longer? */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>

#include "chain/chain.h"
#include "check_common.h"
#include "checks.h"
#include "describe.h"

/* Let's Encrypt certificates are renewed with certbot; anything else by
 * asking its CA, named by the issuer. */
static bool
issued_by_lets_encrypt(const struct object *o)
{
	char *issuer = name_oneline(X509_get_issuer_name(o->x509));
	bool le = issuer != NULL && strstr(issuer, "Let's Encrypt") != NULL;

	free(issuer);
	return le;
}

static void
renew_hint(struct finding *f, const struct inventory *inv,
    const struct object *o)
{
	char *issuer;

	if (o != inv->leaf) {
		finding_hint(f, "download the current intermediate from your "
		    "CA and replace this one in %s", check_path(o, "the chain "
		    "file"));
		return;
	}
	if (object_is_self_issued(o)) {
		finding_hint(f, "re-sign it with a new validity period and "
		    "put it in the old one's place");
		check_fix_resign(f, inv, o);
		return;
	}
	if (issued_by_lets_encrypt(o)) {
		finding_hint(f, "renew it with certbot and reload the server; "
		    "check that the renewal timer runs (systemctl "
		    "list-timers certbot)");
		finding_fix(f, "certbot", "renew", NULL);
		return;
	}
	issuer = name_oneline(X509_get_issuer_name(o->x509));
	finding_hint(f, "request a new certificate from the CA (%s) and "
	    "replace %s", issuer != NULL ? issuer : "its issuer",
	    check_path(o, "the certificate file"));
	free(issuer);
}

static void
check_one(const struct inventory *inv, const struct check_ctx *ctx,
    const struct object *o, struct findings *fs)
{
	time_t nb, na;
	char when[32], days[32], *label;
	struct finding *f;
	double left;

	if (!asn1_time_to_time_t(X509_get0_notBefore(o->x509), &nb) ||
	    !asn1_time_to_time_t(X509_get0_notAfter(o->x509), &na))
		return;
	if ((label = check_cert_label(inv, o)) == NULL)
		return;
	if (ctx->now < nb) {
		format_time(nb, when, sizeof(when));
		f = finding_add(fs, "not-yet-valid", SEV_FAIL, o,
		    "%s is not valid until %s (in %s)", label, when,
		    format_day_count(days_until(ctx->now, nb), days, sizeof(days)));
		finding_hint(f, "check this machine's clock (`date -u`; "
		    "`timedatectl` shows whether NTP is on); otherwise wait "
		    "until %s before using it", when);
	} else if (ctx->now > na) {
		/* notAfter itself is still valid (RFC 5280 4.1.2.5). */
		format_time(na, when, sizeof(when));
		f = finding_add(fs, "expired", SEV_FAIL, o,
		    "%s expired on %s (%s ago)", label, when,
		    format_day_count(days_until(na, ctx->now), days, sizeof(days)));
		renew_hint(f, inv, o);
	} else if ((left = difftime(na, ctx->now)) <
	    (double)ctx->warn_days * 86400.0) {
		format_time(na, when, sizeof(when));
		f = finding_add(fs, "expires-soon", SEV_WARN, o,
		    "%s expires on %s (in %s)", label, when,
		    format_day_count(days_until(ctx->now, na), days, sizeof(days)));
		renew_hint(f, inv, o);
	} else if (o == inv->leaf) {
		format_time(na, when, sizeof(when));
		finding_add(fs, "expired", SEV_PASS, o,
		    "%s is valid until %s (%s left)", label, when,
		    format_day_count(days_until(ctx->now, na), days, sizeof(days)));
	}
	free(label);
}

/* An expired chain certificate that the verified path does without (an
 * old cross-sign served alongside) breaks nothing: chain-expired says so
 * as a warning, and it is not a failure here. */
static bool
expired_but_unneeded(const struct check_ctx *ctx, const struct object *o)
{
	const struct chain_result *r;
	time_t now = ctx->now;

	if (X509_cmp_time(X509_get0_notAfter(o->x509), &now) >= 0 &&
	    X509_cmp_time(X509_get0_notBefore(o->x509), &now) <= 0)
		return false;
	if ((r = ctx->chain) == NULL || !r->path.trusted)
		return false;
	return !chain_path_has(&r->path, o->x509);
}

static void
check_validity_run(const struct inventory *inv,
    const struct check_ctx *ctx, struct findings *fs)
{
	if (inv->leaf != NULL)
		check_one(inv, ctx, inv->leaf, fs);
	for (size_t i = 0; i < inv->nobjs; i++)
		if (check_is_chain_cert(inv, inv->objs[i]) &&
		    !expired_but_unneeded(ctx, inv->objs[i]))
			check_one(inv, ctx, inv->objs[i], fs);
}

const struct check check_validity = { "validity", check_validity_run };
