/* testpki.h's names over testlib's one builder. */
#include "config.h"

#include "testpki.h"

X509 *
tp_cert(const struct tp_cert *c)
{
	return tl_cert(&(struct tl_cert){
		.subject = c->subject, .key = c->key, .issuer = c->issuer,
		.issuer_key = c->issuer_key,
		.not_before = TEST_NOW + (c->dates ? c->from : -30 * TEST_DAY),
		.not_after = TEST_NOW + (c->dates ? c->to : 365 * TEST_DAY),
		.san = c->san, .eku = c->eku, .ku = c->ku, .bc = c->bc,
		.ns = c->ns, .md_name = c->md,
	});
}
