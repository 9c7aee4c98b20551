/* pki.h's names over testlib's one builder. */
#include "config.h"

#include <stdio.h>

#include "pki.h"

EVP_PKEY *
pki_key(void)
{
	return tl_new_key("EC:P-256");
}

EVP_PKEY *
pki_rsa(int bits)
{
	char spec[16];

	snprintf(spec, sizeof(spec), "RSA:%d", bits);
	return tl_new_key(spec);
}

X509 *
pki_cert(const struct pki_spec *s, EVP_PKEY *key, X509 *issuer,
    EVP_PKEY *issuer_key)
{
	char bc[64], san[300];
	struct tl_cert c = {
		.cn = s->cn, .key = key, .issuer = issuer,
		.issuer_key = issuer_key, .not_before = s->not_before,
		.not_after = s->not_after, .nc = s->nc, .aia = s->aia,
		.md = s->md, .serial = s->serial,
		.negative_serial = s->negative_serial, .no_skid = s->no_skid,
	};

	if (!s->no_bc) {
		if (s->ca && s->has_pathlen)
			snprintf(bc, sizeof(bc), "critical,CA:TRUE,pathlen:%d",
			    s->pathlen);
		else
			snprintf(bc, sizeof(bc), "critical,CA:%s",
			    s->ca ? "TRUE" : "FALSE");
		c.bc = bc;
	}
	c.ku = s->ku != NULL ? s->ku : s->ca ?
	    "critical,keyCertSign,cRLSign" : "critical,digitalSignature";
	if (s->eku != NULL || !s->ca)
		c.eku = s->eku != NULL ? s->eku : "serverAuth";
	if (s->san != NULL)
		c.san = s->san;
	else if (!s->ca) {
		snprintf(san, sizeof(san), "DNS:%s", s->cn);
		c.san = san;
	}
	if ((issuer != NULL || s->ca) && !s->no_akid)
		c.akid = "keyid:always";
	else
		c.no_akid = true;
	return tl_cert(&c);
}
