/* `--format prometheus`: the text exposition format, for node_exporter's
 * textfile collector (certdiag run from cron writes a .prom file).
 * Certificate series are named and labelled as x509-certificate-exporter
 * names them (x509_cert_not_after{subject_CN=..., serial_number=...,
 * filepath=...}), so its dashboards and alert rules apply unchanged;
 * certdiag's own series carry each deployment's verdict and findings. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include "deploy/pipeline.h"
#include "report.h"
#include "report_util.h"

/* A label value: backslash, double quote and newline escaped as the
 * exposition format requires; other control characters and bytes that
 * are not UTF-8 (a hostile subject) become '?'. */
static void
put_value(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");

	fputc('"', fp);
	while (*p != '\0') {
		size_t n = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2 :
		    (*p & 0xf0) == 0xe0 ? 3 : (*p & 0xf8) == 0xf0 ? 4 : 0;
		bool valid = n > 0 && !(n == 2 && *p < 0xc2);

		for (size_t i = 1; valid && i < n; i++)
			valid = (p[i] & 0xc0) == 0x80;
		if (!valid) {
			fputc('?', fp);
			p++;
			continue;
		}
		if (*p == '\\')
			fputs("\\\\", fp);
		else if (*p == '"')
			fputs("\\\"", fp);
		else if (*p == '\n')
			fputs("\\n", fp);
		else if (*p < 0x20 || *p == 0x7f)
			fputc('?', fp);
		else
			fwrite(p, 1, n, fp);
		p += n;
	}
	fputc('"', fp);
}

static void
put_label(FILE *fp, bool *first, const char *name, const char *value)
{
	fprintf(fp, "%s%s=", *first ? "{" : ",", name);
	put_value(fp, value);
	*first = false;
}

/* One attribute of a name (the first CN, O, ...), or "". */
static void
name_part(const X509_NAME *name, int nid, char *buf, size_t len)
{
	int i = X509_NAME_get_index_by_NID(name, nid, -1);
	const ASN1_STRING *s;
	unsigned char *u = NULL;
	int n;

	buf[0] = '\0';
	if (i < 0 || (s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name,
	    i))) == NULL || (n = ASN1_STRING_to_UTF8(&u, s)) < 0)
		return;
	snprintf(buf, len, "%.*s", n, (const char *)u);
	OPENSSL_free(u);
}

static void
cert_labels(FILE *fp, const struct object *o)
{
	static const struct {
		int nid;
		const char *suffix;
	} parts[] = {
		{ NID_countryName, "C" },
		{ NID_commonName, "CN" },
		{ NID_localityName, "L" },
		{ NID_organizationName, "O" },
		{ NID_organizationalUnitName, "OU" },
		{ NID_stateOrProvinceName, "ST" },
	};
	const char *path = o->src != NULL && o->src->path != NULL ?
	    o->src->path : "-";
	const char *base = strrchr(path, '/');
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(o->x509), NULL);
	char *serial = bn != NULL ? BN_bn2dec(bn) : NULL;
	char buf[256], label[16];
	bool first = true;

	put_label(fp, &first, "filename", base != NULL ? base + 1 : path);
	put_label(fp, &first, "filepath", path);
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		name_part(X509_get_issuer_name(o->x509), parts[i].nid, buf,
		    sizeof(buf));
		snprintf(label, sizeof(label), "issuer_%s", parts[i].suffix);
		put_label(fp, &first, label, buf);
	}
	put_label(fp, &first, "serial_number", serial != NULL ? serial : "");
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		name_part(X509_get_subject_name(o->x509), parts[i].nid, buf,
		    sizeof(buf));
		snprintf(label, sizeof(label), "subject_%s", parts[i].suffix);
		put_label(fp, &first, label, buf);
	}
	fputc('}', fp);
	OPENSSL_free(serial);
	BN_free(bn);
}

/* The certificates a deployment serves (leaf and chain), each file's
 * copy once: chain.pem shared by several folder deployments is one
 * series, as the exporter would have it. */
static bool
reported(const struct deploy_plan *p, size_t ri, size_t oi)
{
	const struct object *o = p->r[ri].inv.objs[oi];

	if (o->kind != OBJ_CERT || o->role == ROLE_CA ||
	    o->role == ROLE_PREVIOUS || o->role == ROLE_FETCHED)
		return false;
	for (size_t i = 0; i <= ri; i++)
		for (size_t j = 0; j < (i < ri ? p->r[i].inv.nobjs : oi); j++) {
			const struct object *q = p->r[i].inv.objs[j];
			if (q->kind == OBJ_CERT && q->role != ROLE_CA &&
			    memcmp(q->sha256, o->sha256, 32) == 0 &&
			    q->src != NULL && o->src != NULL &&
			    strcmp(q->src->path, o->src->path) == 0)
				return false;
		}
	return true;
}

static void
cert_series(FILE *fp, const struct deploy_plan *p, const char *metric,
    const char *help, int what, time_t now)
{
	fprintf(fp, "# HELP %s %s\n# TYPE %s gauge\n", metric, help, metric);
	for (size_t i = 0; i < p->n; i++)
		for (size_t j = 0; j < p->r[i].inv.nobjs; j++) {
			const struct object *o = p->r[i].inv.objs[j];
			time_t nb, na;
			if (!reported(p, i, j) ||
			    !cert_validity(o->x509, &nb, &na))
				continue;
			fputs(metric, fp);
			cert_labels(fp, o);
			fprintf(fp, " %lld\n", what == 0 ? (long long)na :
			    what == 1 ? (long long)nb : (long long)(na < now));
		}
}

static void
deployment_label(FILE *fp, const struct deployment *d)
{
	fputs("{deployment=", fp);
	put_value(fp, d->name);
}

void
report_prometheus(FILE *fp, const struct deploy_plan *p,
    const struct report_ctx *rc)
{
	cert_series(fp, p, "x509_cert_not_after", "Certificate expiry, "
	    "seconds since the epoch.", 0, rc->now);
	cert_series(fp, p, "x509_cert_not_before", "Certificate start of "
	    "validity, seconds since the epoch.", 1, rc->now);
	cert_series(fp, p, "x509_cert_expired", "1 when the certificate "
	    "has expired.", 2, rc->now);
	fputs("# HELP certdiag_deployment_status Verdict of each deployment: "
	    "0 ok, 1 warnings, 2 failures, 3 could not complete.\n"
	    "# TYPE certdiag_deployment_status gauge\n", fp);
	for (size_t i = 0; i < p->n; i++) {
		fputs("certdiag_deployment_status", fp);
		deployment_label(fp, p->r[i].d);
		fprintf(fp, "} %d\n", (int)severity_exit(deploy_worst(&p->r[i])));
	}
	fputs("# HELP certdiag_finding Findings of each deployment by id and "
	    "severity (passed checks are not listed).\n"
	    "# TYPE certdiag_finding gauge\n", fp);
	for (size_t i = 0; i < p->n; i++) {
		const struct findings *fs = &p->r[i].fs;
		for (size_t j = 0; j < fs->n; j++) {
			size_t n = 0;
			bool seen = false;
			if (fs->v[j].sev == SEV_PASS)
				continue;
			/* One series per (id, severity), counting them. */
			for (size_t k = 0; k < fs->n && !seen; k++) {
				if (strcmp(fs->v[k].id, fs->v[j].id) != 0 ||
				    fs->v[k].sev != fs->v[j].sev)
					continue;
				if (k < j)
					seen = true;
				else
					n++;
			}
			if (seen)
				continue;
			fputs("certdiag_finding", fp);
			deployment_label(fp, p->r[i].d);
			fputs(",id=", fp);
			put_value(fp, fs->v[j].id);
			fputs(",severity=", fp);
			put_value(fp, severity_name(fs->v[j].sev));
			fprintf(fp, "} %zu\n", n);
		}
	}
}
