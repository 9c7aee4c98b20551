/* Does the leaf cover each host name or address the user will connect
 * to, by the rules clients apply (RFC 6125, as browsers do it)? */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libpsl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "check_common.h"
#include "checks.h"
#include "describe.h"
#include "strbuf.h"

/* Wildcards only as the whole left-most label, never the bare domain nor
 * several labels (OpenSSL's defaults plus NO_PARTIAL_WILDCARDS); the
 * subject CN is never consulted, as browsers and Go do not. */
#define HOST_FLAGS \
	(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS | \
	 X509_CHECK_FLAG_NEVER_CHECK_SUBJECT)

/* A host as given, split into what the matchers need. */
struct host {
	char name[256];		/* without brackets or a trailing dot */
	bool is_ip;
	bool valid;
};

static bool
is_ip_text(const char *s)
{
	ASN1_OCTET_STRING *ip = a2i_IPADDRESS(s);

	ERR_clear_error();
	ASN1_OCTET_STRING_free(ip);
	return ip != NULL;
}

static void
host_parse(const char *in, struct host *h)
{
	size_t len = strlen(in);

	memset(h, 0, sizeof(*h));
	if (len >= 2 && in[0] == '[' && in[len - 1] == ']') {
		in++;
		len -= 2;
	}
	/* The root label: "example.com." names example.com. */
	if (len > 1 && in[len - 1] == '.')
		len--;
	if (len == 0 || len >= sizeof(h->name))
		return;
	memcpy(h->name, in, len);
	h->name[len] = '\0';
	h->is_ip = is_ip_text(h->name);
	/* A leading dot would ask OpenSSL for sub-domain matching. */
	h->valid = h->name[0] != '.';
}

static bool
host_matches(X509 *x, const struct host *h)
{
	int r;

	if (!h->valid)
		return false;
	if (h->is_ip)
		r = X509_check_ip_asc(x, h->name, 0);
	else
		r = X509_check_host(x, h->name, strlen(h->name), HOST_FLAGS,
		    NULL);
	ERR_clear_error();
	return r == 1;
}

/* "a.b" ends with the labels "b"? Case-insensitive. */
static bool
ends_with_labels(const char *name, const char *suffix)
{
	size_t n = strlen(name), s = strlen(suffix);

	return n > s && name[n - s - 1] == '.' &&
	    strcasecmp(name + n - s, suffix) == 0;
}

/* Why a near miss does not count, for the entries of one SAN. Writes
 * nothing when there is no better explanation than "not listed". */
static void
explain_miss(const GENERAL_NAMES *gens, const struct host *h, char *why,
    size_t len)
{
	why[0] = '\0';
	for (int i = 0; i < sk_GENERAL_NAME_num(gens); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
		const char *dns, *dot;

		if (g->type != GEN_DNS)
			continue;
		dns = (const char *)ASN1_STRING_get0_data(g->d.dNSName);
		if (h->is_ip) {
			if (strcmp(dns, h->name) == 0) {
				snprintf(why, len, "%s is listed as a DNS name, "
				    "but an IP address only matches IP entries "
				    "(subjectAltName=IP:%s)", h->name, h->name);
				return;
			}
			continue;
		}
		if ((dot = strchr(dns, '.')) == NULL ||
		    memchr(dns, '*', (size_t)(dot - dns)) == NULL)
			continue;
		if (dot - dns != 1) {
			if (ends_with_labels(h->name, dot + 1) &&
			    strchr(h->name, '.') == h->name +
			    strlen(h->name) - strlen(dot)) {
				snprintf(why, len, "partial wildcards such as "
				    "%s are not accepted by clients", dns);
				return;
			}
		} else if (strchr(dot + 1, '.') == NULL) {
			if (ends_with_labels(h->name, dot + 1)) {
				snprintf(why, len, "clients do not accept a "
				    "wildcard over a top-level domain (%s)", dns);
				return;
			}
		} else if (strcasecmp(h->name, dot + 1) == 0) {
			snprintf(why, len, "the wildcard %s does not cover the "
			    "bare domain %s", dns, dot + 1);
			return;
		} else if (ends_with_labels(h->name, dot + 1)) {
			snprintf(why, len, "the wildcard %s covers exactly one "
			    "label, not %s", dns, h->name);
			return;
		}
	}
}

/* The Public Suffix List (ICANN and private sections), loaded once. */
static const psl_ctx_t *
suffixes(void)
{
	static const psl_ctx_t *psl;
	static bool tried;

	if (!tried) {
		tried = true;
		psl = psl_latest(NULL);
		if (psl == NULL)
			psl = psl_builtin();
	}
	return psl;
}

/* A wildcard entry over a public suffix (*.co.uk, *.github.io) that
 * covers the host, when no entry names the host itself: browsers refuse
 * such a wildcard. */
static const char *
suffix_wildcard(const GENERAL_NAMES *gens, const struct host *h)
{
	const char *hit = NULL;

	if (h->is_ip || suffixes() == NULL)
		return NULL;
	for (int i = 0; i < sk_GENERAL_NAME_num(gens); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
		const char *dns;
		if (g->type != GEN_DNS)
			continue;
		dns = (const char *)ASN1_STRING_get0_data(g->d.dNSName);
		if (strcasecmp(dns, h->name) == 0)
			return NULL;
		if (strncmp(dns, "*.", 2) == 0 &&
		    ends_with_labels(h->name, dns + 2) &&
		    strchr(h->name, '.') == h->name + strlen(h->name) -
		    strlen(dns + 2) - 1 &&
		    psl_is_public_suffix2(suffixes(), dns + 2,
		    PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE))
			hit = dns;
	}
	return hit;
}

/* "DNS:a,DNS:b,IP:c" for a CSR that keeps the certificate's names and
 * adds the missing host. */
static char *
san_request(char **names, const struct host *h)
{
	struct strbuf sb = STRBUF_INIT;
	bool have = false;

	for (size_t i = 0; names[i] != NULL; i++) {
		strbuf_addf(&sb, "%s%s:%s", i > 0 ? "," : "",
		    is_ip_text(names[i]) ? "IP" : "DNS", names[i]);
		if (strcasecmp(names[i], h->name) == 0)
			have = true;
	}
	if (!have)
		strbuf_addf(&sb, "%s%s:%s", sb.len > 0 ? "," : "",
		    h->is_ip ? "IP" : "DNS", h->name);
	return strbuf_detach(&sb);
}

static void
report_mismatch(const struct inventory *inv, const char *given,
    const struct host *h, const char *label, const GENERAL_NAMES *gens,
    char **names, bool sni_not_sent, struct findings *fs)
{
	char why[512], *list = strbuf_join(names, ", "), *san;
	const char *covers = "", *sep = "";
	struct finding *f;

	why[0] = '\0';
	if (gens == NULL)
		covers = names[0] != NULL ? "it has no subjectAltName, and "
		    "clients ignore the subject CN " : "it names no host";
	else if (names[0] == NULL)
		covers = "its subjectAltName lists no host names";
	else
		covers = "it covers ";
	if (gens != NULL && h->valid)
		explain_miss(gens, h, why, sizeof(why));
	/* By address, no name was sent: the server chose its default
	 * certificate, likely another site's. */
	if (sni_not_sent && h->is_ip && h->valid)
		snprintf(why + strlen(why), sizeof(why) - strlen(why),
		    "%sno server name (SNI) was sent, as the server was given "
		    "by address, so this is the server's default certificate: "
		    "a server with several sites picks the certificate by that "
		    "name", why[0] != '\0' ? "; " : "");
	if (why[0] != '\0')
		sep = "; ";
	if (!h->valid)
		f = finding_add(fs, "hostname-mismatch", SEV_FAIL, inv->leaf,
		    "cannot check %s against '%s': that is not a host name or "
		    "address", label, given);
	else
		f = finding_add(fs, "hostname-mismatch", SEV_FAIL, inv->leaf,
		    "%s is not valid for %s (%s%s)%s%s", label, h->name, covers,
		    list != NULL ? list : "", sep, why);
	if (!h->valid)
		finding_hint(f, "give --host the name or address clients "
		    "connect to, e.g. --host www.example.com");
	else if ((san = san_request(names, h)) != NULL) {
		char *cn = NULL, *ext = check_san_addext(names, h->name);
		if (sni_not_sent && h->is_ip)
			finding_hint(f, "give the site's name with --servername "
			    "NAME (or --host NAME) to get the certificate the "
			    "server keeps for it; only if clients connect by "
			    "address, request a certificate that includes %s",
			    h->name);
		else
			finding_hint(f, "connect with a name the certificate "
			    "covers, or request a certificate that includes %s",
			    h->name);
		if (asprintf(&cn, "/CN=%s", h->name) >= 0 && ext != NULL)
			check_fix_request(f, inv, cn, ext, NULL);
		free(cn);
		free(ext);
		free(san);
	}
	free(list);
}

static void
report_no_san(const struct inventory *inv, const char *label, char **names,
    struct findings *fs)
{
	struct finding *f;
	char *list = strbuf_join(names, ", ");
	const char *first = names[0] != NULL ? names[0] : "www.example.com";
	const char *type = is_ip_text(first) ? "IP" : "DNS";

	if (names[0] != NULL)
		f = finding_add(fs, "no-san", SEV_WARN, inv->leaf,
		    "%s has no subjectAltName; browsers and Go ignore the "
		    "subject CN (%s)", label, list != NULL ? list : "");
	else
		f = finding_add(fs, "no-san", SEV_WARN, inv->leaf,
		    "%s has no subjectAltName and no CN: it names no host",
		    label);
	char *cn = NULL, *ext = NULL;

	(void)type;
	finding_hint(f, "request a certificate that lists its names in "
	    "subjectAltName");
	if (asprintf(&cn, "/CN=%s", first) >= 0 && (ext = check_san_addext(
	    names[0] != NULL ? names : NULL, names[0] != NULL ? NULL :
	    first)) != NULL)
		check_fix_request(f, inv, cn, ext, NULL);
	free(cn);
	free(ext);
	free(list);
}

static void
check_hostname_run(const struct inventory *inv,
    const struct check_ctx *ctx, struct findings *fs)
{
	X509 *x;
	GENERAL_NAMES *gens;
	char **names, *label;
	bool ca;

	if (inv->leaf == NULL)
		return;
	x = inv->leaf->x509;
	gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	ERR_clear_error();
	names = cert_names(x);
	label = check_cert_label(inv, inv->leaf);
	if (names == NULL || label == NULL)
		goto out;
	for (size_t i = 0; i < ctx->nhosts; i++) {
		struct host h;

		const char *wild;
		host_parse(ctx->hosts[i], &h);
		if (host_matches(x, &h) && h.valid &&
		    (wild = suffix_wildcard(gens, &h)) != NULL)
			finding_hint(finding_add(fs, "hostname-mismatch",
			    SEV_FAIL, inv->leaf, "%s is not valid for %s: the "
			    "wildcard %s spans a public suffix, which browsers "
			    "refuse", label, h.name, wild), "request a "
			    "certificate that names %s itself", h.name);
		else if (host_matches(x, &h))
			finding_add(fs, "hostname-mismatch", SEV_PASS, inv->leaf,
			    "%s is valid for %s", label, h.name);
		else
			report_mismatch(inv, ctx->hosts[i], &h, label, gens,
			    names, ctx->sni_not_sent, fs);
	}
	/* Client certificates name a person or machine in the subject;
	 * only server certificates need subjectAltName. A CA certificate
	 * checked on its own names no host either. */
	ca = (X509_get_extension_flags(x) & EXFLAG_CA) != 0;
	if (gens == NULL && ctx->purpose == PURPOSE_SERVER && !ca)
		report_no_san(inv, label, names, fs);
out:
	GENERAL_NAMES_free(gens);
	names_free(names);
	free(label);
}

const struct check check_hostname = { "hostname", check_hostname_run };
