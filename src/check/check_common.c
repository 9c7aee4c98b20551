#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <openssl/x509v3.h>

#include "check_common.h"
#include "describe.h"

bool
check_is_chain_cert(const struct inventory *inv, const struct object *o)
{
	/* What a live server sent along with another leaf (an old one it
	 * still serves) is not this leaf's chain: live-cert-differs says
	 * what the server does. */
	if (o->role == ROLE_SERVED && !inventory_leaf_is_served(inv))
		return false;
	return o->kind == OBJ_CERT && o != inv->leaf && !o->trusted &&
	    (o->role == ROLE_CHAIN || o->role == ROLE_SERVED);
}

char *
check_cert_label(const struct inventory *inv, const struct object *o)
{
	const char *what = "certificate";
	char *subject, *label = NULL;

	if (o != inv->leaf && object_is_ca(o))
		what = object_is_self_issued(o) ? "root" : "intermediate";
	if ((subject = name_oneline(X509_get_subject_name(o->x509))) == NULL)
		return NULL;
	if (*subject == '\0') {
		free(subject);
		if (asprintf(&label, "%s with an empty subject", what) < 0)
			label = NULL;
		return label;
	}
	if (asprintf(&label, "%s %s", what, subject) < 0)
		label = NULL;
	free(subject);
	return label;
}

const char *
check_path(const struct object *o, const char *fallback)
{
	/* A served certificate's "path" names the server: no file to edit
	 * there, the server's own files are unknown to us. */
	if (o != NULL && o->src != NULL && o->src->path != NULL &&
	    o->src->role != ROLE_SERVED)
		return o->src->path;
	return fallback;
}
