/* A self-signed leaf is trusted by nobody who has not been told to. */
#include "config.h"

#include <stdlib.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "check_common.h"
#include "checks.h"
#include "describe.h"

static void
check_selfsigned_run(const struct inventory *inv,
    const struct check_ctx *ctx, struct findings *fs)
{
	const struct object *leaf = inv->leaf;
	struct finding *f;
	char *label, *issuer;
	int self;

	(void)ctx;
	if (leaf == NULL)
		return;
	/* Names and key identifiers alone could be forged or coincide;
	 * a verified self-signature is what makes it self-signed. */
	self = X509_self_signed(leaf->x509, 1);
	ERR_clear_error();
	if ((label = check_cert_label(inv, leaf)) == NULL)
		return;
	if (self != 1) {
		issuer = name_oneline(X509_get_issuer_name(leaf->x509));
		finding_add(fs, "self-signed", SEV_PASS, leaf,
		    "%s is issued by %s", label,
		    issuer != NULL && *issuer ? issuer : "a CA");
		free(issuer);
	} else if (leaf->trusted) {
		finding_add(fs, "self-signed", SEV_PASS, leaf,
		    "%s is self-signed and given as a trust anchor (--ca)",
		    label);
	} else {
		f = finding_add(fs, "self-signed", SEV_FAIL, leaf,
		    "%s is self-signed: clients will not trust it", label);
		finding_hint(f, "get a certificate from a CA (e.g. Let's "
		    "Encrypt: `certbot certonly -d NAME`), or, if you "
		    "deliberately trust this one, install it in the clients' "
		    "trust stores and check it with --ca %s",
		    check_path(leaf, "cert.pem"));
	}
	free(label);
}

const struct check check_selfsigned = { "selfsigned", check_selfsigned_run };
