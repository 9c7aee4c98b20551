/* cabf-nonconformant: the CA/Browser Forum Baseline Requirements, which
 * publicly trusted certificates must follow and browsers and webpki
 * hold them to: an extendedKeyUsage that is neither critical nor "any",
 * no CA flags on a subscriber certificate, a subjectAltName that is not
 * critical beside a subject, a subject CN that is one of the SANs, an
 * extendedKeyUsage on every subscriber certificate, v3 certificates, RSA
 * keys of whole octets, no extendedKeyUsage on a root and no issuer name
 * or serial number in a root's authority key identifier. A failure when the chain ends at a root of
 * the system trust store (the Web PKI); for a private CA given with --ca
 * only worth knowing (info), as these rules do not bind it. */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "chain/chain.h"
#include "chain/chain_words.h"
#include "checks.h"

struct judge {
	const struct inventory *inv;
	struct findings *fs;
	enum severity sev;
};

static void
say(const struct judge *j, const struct chain_link *l, const char *rule,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
say(const struct judge *j, const struct chain_link *l, const char *rule,
    const char *fmt, ...)
{
	char *name = chain_link_name(l), *what = NULL;
	struct finding *f;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&what, fmt, ap) < 0)
		what = NULL;
	va_end(ap);
	f = finding_add(j->fs, "cabf-nonconformant", j->sev,
	    l->obj != NULL ? l->obj : j->inv->leaf, "%s %s (%s)", name,
	    what != NULL ? what : "", rule);
	finding_hint(f, j->sev == SEV_FAIL ? "a publicly trusted CA must "
	    "not issue this: have the certificate reissued, and tell the CA" :
	    "a private CA need not follow these rules, but clients that "
	    "apply them (browsers, rustls) reject the certificate");
	free(what);
	free(name);
}

/* The canonical text of an address written in a CN (inet_ntop: dotted
 * decimal, RFC 5952 for IPv6), or false when the CN is not an address
 * in any of the forms resolvers accept (hex, octal, uncompressed...). */
static bool
cn_address(const char *cn, char *canon, size_t len, unsigned char *bin,
    int *binlen)
{
	struct in_addr a4;
	bool v4like = strchr(cn, '.') != NULL || strncasecmp(cn, "0x", 2) == 0;

	for (const char *c = cn; v4like && *c != '\0'; c++)
		if (!isxdigit((unsigned char)*c) && *c != '.' && *c != 'x' &&
		    *c != 'X')
			v4like = false;
	if (inet_pton(AF_INET6, cn, bin) == 1) {
		*binlen = 16;
		return inet_ntop(AF_INET6, bin, canon, (socklen_t)len) != NULL;
	}
	if (v4like && inet_aton(cn, &a4) != 0) {
		memcpy(bin, &a4, 4);
		*binlen = 4;
		return inet_ntop(AF_INET, bin, canon, (socklen_t)len) != NULL;
	}
	return false;
}

/* A CN holding an IP address must be one of the IP subjectAltName
 * entries, written canonically (7.1.4.3). */
static void
check_cn_address(const struct judge *j, const struct chain_link *l,
    GENERAL_NAMES *sans)
{
	X509_NAME *subj = X509_get_subject_name(l->x509);
	int idx = X509_NAME_get_index_by_NID(subj, NID_commonName, -1);
	unsigned char *utf8 = NULL, bin[16];
	char canon[INET6_ADDRSTRLEN];
	int len, binlen = 0;
	bool listed = false;

	if (idx < 0 || (len = ASN1_STRING_to_UTF8(&utf8,
	    X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subj, idx)))) < 0) {
		ERR_clear_error();
		return;
	}
	if ((size_t)len != strlen((char *)utf8)) {
		OPENSSL_free(utf8);
		return;
	}
	if (!cn_address((char *)utf8, canon, sizeof(canon), bin, &binlen)) {
		/* 7.1.4.3: a character-for-character copy of a dNSName
		 * (not its U-label, not another case), or the domain a
		 * wildcard entry was validated for (3.2.2.6). */
		bool dns = false;
		for (int i = 0; i < sk_GENERAL_NAME_num(sans); i++) {
			const GENERAL_NAME *g = sk_GENERAL_NAME_value(sans, i);
			const unsigned char *d;
			int dl;
			if (g->type != GEN_DNS)
				continue;
			dns = true;
			d = ASN1_STRING_get0_data(g->d.dNSName);
			dl = ASN1_STRING_length(g->d.dNSName);
			if (dl > 2 && d[0] == '*' && d[1] == '.') {
				d += 2;
				dl -= 2;
			}
			if (dl == len && memcmp(d, utf8, (size_t)len) == 0)
				listed = true;
		}
		if (!listed && dns)
			say(j, l, "CA/Browser Forum BR 7.1.4.3", "has the "
			    "subject CN \"%s\", which is not one of its DNS "
			    "subjectAltName entries", (char *)utf8);
		OPENSSL_free(utf8);
		return;
	}
	for (int i = 0; i < sk_GENERAL_NAME_num(sans); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(sans, i);
		if (g->type == GEN_IPADD &&
		    ASN1_STRING_length(g->d.iPAddress) == binlen &&
		    memcmp(ASN1_STRING_get0_data(g->d.iPAddress), bin,
		    (size_t)binlen) == 0)
			listed = true;
	}
	if (!listed)
		say(j, l, "CA/Browser Forum BR 7.1.4.3", "has the address %s as its subject CN, "
		    "which is not one of its IP subjectAltName entries",
		    (char *)utf8);
	else if (strcmp((char *)utf8, canon) != 0)
		say(j, l, "CA/Browser Forum BR 7.1.4.3", "writes the address %s in its subject CN "
		    "as \"%s\", not in its canonical form", canon, (char *)utf8);
	OPENSSL_free(utf8);
}

static void
check_subscriber(const struct judge *j, const struct chain_link *l)
{
	GENERAL_NAMES *sans;
	EXTENDED_KEY_USAGE *eku;
	int i, crit = 0;

	sans = X509_get_ext_d2i(l->x509, NID_subject_alt_name, &crit, NULL);
	if (sans != NULL && crit &&
	    X509_NAME_entry_count(X509_get_subject_name(l->x509)) > 0)
		say(j, l, "CA/Browser Forum BR 7.1.2.7.12", "has a critical subjectAltName "
		    "although its subject is not empty");
	check_cn_address(j, l, sans);
	GENERAL_NAMES_free(sans);

	/* (Its absence is allowed by RFC 5280 and accepted by OpenSSL and
	 * GnuTLS; the Web PKI requires it, and webpki enforces it.) */
	i = X509_get_ext_by_NID(l->x509, NID_ext_key_usage, -1);
	if (i < 0)
		say(j, l, "CA/Browser Forum BR 7.1.2.7.10", "has no "
		    "extendedKeyUsage, which subscriber certificates must carry");
	else {
		if (X509_EXTENSION_get_critical(X509_get_ext(l->x509, i)))
			say(j, l, "CA/Browser Forum BR 7.1.2.7.10", "has a critical "
			    "extendedKeyUsage");
		eku = X509_get_ext_d2i(l->x509, NID_ext_key_usage, NULL, NULL);
		for (int k = 0; k < sk_ASN1_OBJECT_num(eku); k++)
			if (OBJ_obj2nid(sk_ASN1_OBJECT_value(eku, k)) ==
			    NID_anyExtendedKeyUsage)
				say(j, l, "CA/Browser Forum BR 7.1.2.7.10", "allows any extended key "
				    "usage (anyExtendedKeyUsage)");
		EXTENDED_KEY_USAGE_free(eku);
	}
	/* X509_get_key_usage() says "everything" when there is no keyUsage:
	 * only a keyUsage that is there can name keyCertSign. */
	if (((X509_get_extension_flags(l->x509) & EXFLAG_CA) ||
	    ((X509_get_extension_flags(l->x509) & EXFLAG_KUSAGE) &&
	    (X509_get_key_usage(l->x509) & KU_KEY_CERT_SIGN))) &&
	    X509_self_signed(l->x509, 0) != 1)
		say(j, l, "CA/Browser Forum BR 7.1.2.7.8", "is a CA certificate (basicConstraints "
		    "CA:TRUE or keyUsage keyCertSign), not a subscriber "
		    "certificate");
	ERR_clear_error();
}

/* 7.1.2.1.3: a root's authority key identifier, when present, holds
 * only its key identifier. */
static void
check_root_akid(const struct judge *j, const struct chain_link *l)
{
	AUTHORITY_KEYID *akid = X509_get_ext_d2i(l->x509,
	    NID_authority_key_identifier, NULL, NULL);

	if (akid != NULL && (akid->issuer != NULL || akid->serial != NULL))
		say(j, l, "CA/Browser Forum BR 7.1.2.1.3", "is a root whose "
		    "authority key identifier names an issuer or serial number");
	AUTHORITY_KEYID_free(akid);
	ERR_clear_error();
}

static void
check_chain_cabf_run(const struct inventory *inv,
    const struct check_ctx *ctx, struct findings *fs)
{
	const struct chain_result *r = ctx->chain;
	const struct chain_path *p;
	const struct chain_link *a;
	struct judge j = { inv, fs, SEV_INFO };

	if (r == NULL || !r->have_leaf || r->path.n < 2)
		return;
	p = &r->path;
	/* The rules bind publicly trusted CAs: roots of the system store. */
	if ((a = chain_anchor(p)) != NULL && a->origin == LINK_STORE)
		j.sev = SEV_FAIL;
	check_subscriber(&j, &p->links[0]);
	for (size_t i = 0; i < p->n; i++) {
		EVP_PKEY *pk = X509_get0_pubkey(p->links[i].x509);
		int bits;
		if (X509_get_version(p->links[i].x509) != X509_VERSION_3 &&
		    &p->links[i] != a)
			say(&j, &p->links[i], "CA/Browser Forum BR 7.1.1",
			    "is an X.509 v%ld certificate, not v3",
			    X509_get_version(p->links[i].x509) + 1);
		if (pk != NULL && EVP_PKEY_is_a(pk, "DSA"))
			say(&j, &p->links[i], "CA/Browser Forum BR 6.1.5",
			    "has a DSA key, which TLS 1.3 cannot use");
		if (pk != NULL && EVP_PKEY_is_a(pk, "RSA") &&
		    (bits = EVP_PKEY_get_bits(pk)) % 8 != 0)
			say(&j, &p->links[i], "CA/Browser Forum BR 6.1.5", "has an RSA key of %d "
			    "bits, not a whole number of octets", bits);
	}
	for (size_t i = 1; i < p->n; i++) {
		const struct chain_link *l = &p->links[i];
		if (X509_self_signed(l->x509, 0) == 1 &&
		    X509_get_ext_by_NID(l->x509, NID_ext_key_usage, -1) >= 0)
			say(&j, l, "CA/Browser Forum BR 7.1.2.1.2", "is a root with an "
			    "extendedKeyUsage extension");
		if (X509_NAME_cmp(X509_get_subject_name(l->x509),
		    X509_get_issuer_name(l->x509)) == 0)
			check_root_akid(&j, l);
	}
	ERR_clear_error();
}

const struct check check_chain_cabf = {
	"cabf-nonconformant", check_chain_cabf_run
};
