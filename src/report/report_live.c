/* The live handshake in the reports: what the server did, as text (a
 * block before the findings) and as the JSON `live` object. Describes
 * only; the findings judge. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "describe.h"
#include "live/live.h"
#include "live/live_starttls.h"
#include "report.h"
#include "report_util.h"
#include "report/json_safe.h"
#include "report/sanitize.h"
#include "strbuf.h"

static const char *
probe_word(enum live_probe_state s)
{
	switch (s) {
	case PROBE_NOT_RUN:	return "not-tested";
	case PROBE_ACCEPTED:	return "accepted";
	case PROBE_REFUSED:	return "refused";
	case PROBE_UNTESTABLE:	return "untestable";
	case PROBE_FAILED:	return "failed";
	}
	return "?";
}

static const char *
cause_word(enum live_cause_kind k)
{
	switch (k) {
	case CAUSE_NONE:	return "none";
	case CAUSE_RESOLVE:	return "resolve";
	case CAUSE_CONNECT:	return "connect";
	case CAUSE_STARTTLS:	return "starttls";
	case CAUSE_NOT_TLS:	return "not-tls";
	case CAUSE_HANDSHAKE:	return "handshake";
	}
	return "?";
}

static void
text_cert_line(FILE *fp, size_t i, X509 *x, time_t now, bool ascii)
{
	char *subj = name_oneline(X509_get_subject_name(x));
	char *iss = name_oneline(X509_get_issuer_name(x));
	char *key = key_description(X509_get0_pubkey(x));
	char date[16] = "?", days[32] = "";
	time_t nb, na;
	bool past = false;

	if (cert_validity(x, &nb, &na)) {
		/* Whole days since expiry, counted as the validity check
		 * counts them, so this line and the finding agree. */
		past = na < now;
		format_date(na, date, sizeof(date));
		format_days(past ? -days_until(na, now) : days_until(now, na),
		    days, sizeof(days));
	}
	fprintf(fp, "    %s", i == 0 ? "" : ascii ? "\\ " : "\u2514 ");
	put_text(fp, subj != NULL ? subj : "");
	fprintf(fp, " (%s, %s %s, %s)\n", key != NULL ? key : "?",
	    past ? "expired" : "expires", date, days);
	fprintf(fp, "    %s  issued by ", i == 0 ? "" : "  ");
	put_text(fp, iss != NULL ? iss : "");
	fputc('\n', fp);
	free(subj);
	free(iss);
	free(key);
}

static void
text_versions(FILE *fp, const struct live_result *r)
{
	struct strbuf local = STRBUF_INIT;
	char *list;

	fputs("  versions:", fp);
	for (size_t i = 0; i < LIVE_NVERSIONS; i++) {
		const struct live_version *v = &r->versions[i];
		fprintf(fp, "%s %s %s", i > 0 ? "," : "", v->name,
		    probe_word(v->state));
		if (v->local_default)
			strbuf_add_item(&local, ", ", v->name);
	}
	list = strbuf_detach(&local);
	fprintf(fp, "\n  this machine: %s by default (OpenSSL security level "
	    "%d)\n", list != NULL && *list != '\0' ? list : "none",
	    r->local_security_level);
	free(list);
}

static void
text_ciphers(FILE *fp, const struct live_result *r)
{
	bool any = false;

	fputs("  cipher families the server accepts:", fp);
	for (size_t i = 0; i < r->nfamilies; i++) {
		const struct live_cipher_family *f = &r->families[i];
		if (f->state != PROBE_ACCEPTED)
			continue;
		fprintf(fp, "%s %s (%s)", any ? "," : "", f->name, f->cipher);
		any = true;
	}
	fputs(any ? "\n" : " none\n", fp);
}

static void
text_posture(FILE *fp, const struct live_result *r)
{
	fputs("  clients that cannot connect (of the man page's table):", fp);
	for (size_t i = 0; i < r->nleft_out; i++)
		fprintf(fp, "%s %s (%s)", i > 0 ? ";" : "",
		    r->left_out[i].client, r->left_out[i].reason);
	fputs(r->nleft_out > 0 ? "\n" : " none\n", fp);
}

static void
text_client_cert(FILE *fp, const struct live_result *r)
{
	fprintf(fp, "  client certificate: requested%s%s; acceptable issuers:",
	    r->client_cert_required ? " (required)" : "",
	    r->client_cert_rejected ? ", rejected" :
	    r->client_cert_sent ? ", sent and accepted" : "");
	for (size_t i = 0; r->client_ca_names != NULL &&
	    r->client_ca_names[i] != NULL; i++) {
		fputs(i > 0 ? "; " : " ", fp);
		put_text(fp, r->client_ca_names[i]);
	}
	if (r->client_ca_names == NULL || r->client_ca_names[0] == NULL)
		fputs(" none named", fp);
	fputc('\n', fp);
}

/* The HTTP request after the handshake, when one was answered. */
static void
text_http(FILE *fp, const struct live_result *r)
{
	const struct live_http *h = &r->http;

	if (!h->probed || !h->answered)
		return;
	fputs("  HTTP: GET / answered '", fp);
	put_text(fp, h->status_line);
	fputc('\'', fp);
	if (h->server[0] != '\0') {
		fputs(" (", fp);
		put_text(fp, h->server);
		fputc(')', fp);
	}
	if (h->verdict != HTTP_CERT_NONE && h->title[0] != '\0') {
		fputs(", page '", fp);
		put_text(fp, h->title);
		fputc('\'', fp);
	}
	fputc('\n', fp);
}

static void
text_sni(FILE *fp, const struct live_result *r)
{
	unsigned char md[32];
	unsigned int len = 0;
	char *subj;

	if (!r->sni_probed || r->nserved == 0)
		return;
	if (r->nosni_leaf == NULL) {
		fputs("  without SNI: ", fp);
		put_text(fp, r->nosni_failure.text);
		fputc('\n', fp);
		return;
	}
	if (X509_digest(r->nosni_leaf, EVP_sha256(), md, &len) == 1 &&
	    memcmp(md, r->served[0]->sha256, sizeof(md)) == 0) {
		fputs("  without SNI: the same certificate\n", fp);
		return;
	}
	subj = name_oneline(X509_get_subject_name(r->nosni_leaf));
	fputs("  without SNI: another certificate, ", fp);
	put_text(fp, subj != NULL ? subj : "");
	fputc('\n', fp);
	free(subj);
}

static const char *
ocsp_word(enum live_ocsp_state s)
{
	switch (s) {
	case OCSP_NOT_ASKED:		return NULL;
	case OCSP_NOT_STAPLED:		return "not stapled";
	case OCSP_UNREADABLE:		return "unreadable";
	case OCSP_NOT_SUCCESSFUL:	return "error response";
	case OCSP_STAPLED:		return "stapled";
	}
	return NULL;
}

static void
text_ocsp(FILE *fp, const struct live_result *r)
{
	const struct live_ocsp *o = &r->ocsp;

	if (ocsp_word(o->state) == NULL)
		return;
	fprintf(fp, "  OCSP: %s", ocsp_word(o->state));
	if (o->state == OCSP_STAPLED && o->for_leaf)
		fprintf(fp, ", %s", live_ocsp_status_name(o->cert_status));
	else if (o->state == OCSP_STAPLED)
		fputs(", for another certificate", fp);
	if (o->must_staple)
		fputs(" (the certificate requires a staple)", fp);
	fputc('\n', fp);
}

void
report_live_text(FILE *fp, const struct report_ctx *rc)
{
	const struct live_result *r = rc->live;

	if (r == NULL || r->target.label == NULL)
		return;
	put_text(fp, r->target.label);
	if (r->address[0] != '\0' || r->target.servername != NULL) {
		fprintf(fp, " (%s%s%s", r->address,
		    r->address[0] != '\0' && r->target.servername != NULL ?
		    ", " : "", r->target.servername != NULL ? "SNI " : "");
		put_text(fp, r->target.servername != NULL ?
		    r->target.servername : "");
		fputc(')', fp);
	}
	fputc('\n', fp);
	if (r->failure.kind == CAUSE_RESOLVE || r->failure.kind ==
	    CAUSE_CONNECT || r->failure.kind == CAUSE_STARTTLS ||
	    r->failure.kind == CAUSE_NOT_TLS) {
		fputs("  ", fp);
		put_text(fp, r->failure.text);
		fputs("\n\n", fp);
		return;
	}
	if (r->handshake_ok)
		fprintf(fp, "  handshake: %s, %s%s%s (%.1f ms)\n",
		    r->version_name, r->cipher, r->group[0] != '\0' ? ", " : "",
		    r->group, r->handshake_ms);
	else
	{
		fputs("  handshake failed: ", fp);
		put_text(fp, r->failure.text);
		fputc('\n', fp);
	}
	if (r->versions_probed)
		text_versions(fp, r);
	if (r->ciphers_probed)
		text_ciphers(fp, r);
	if (r->posture_assessed)
		text_posture(fp, r);
	if (r->client_cert_requested)
		text_client_cert(fp, r);
	text_http(fp, r);
	text_sni(fp, r);
	text_ocsp(fp, r);
	if (r->nserved > 0) {
		fprintf(fp, "  served chain (%zu certificate%s, as sent%s%s):\n",
		    r->nserved, r->nserved == 1 ? "" : "s",
		    r->chain_from != NULL && strcmp(r->chain_from,
		    "handshake") != 0 ? "; from the probe of " : "",
		    r->chain_from != NULL && strcmp(r->chain_from,
		    "handshake") != 0 ? r->chain_from : "");
		for (size_t i = 0; i < r->nserved; i++)
			text_cert_line(fp, i, r->served[i]->x509, rc->now, rc->ascii);
	}
	fputc('\n', fp);
}

static void
put(json_object *o, const char *key, const char *s)
{
	json_object_object_add(o, key, s != NULL ?
	    json_object_new_string(s) : NULL);
}

static void
put_owned(json_object *o, const char *key, char *s)
{
	put(o, key, s);
	free(s);
}

static json_object *
cause_json(const struct live_cause *c)
{
	json_object *o = json_object_new_object();

	put(o, "kind", cause_word(c->kind));
	put(o, "alert", c->alert >= 0 ? live_alert_name(c->alert) : NULL);
	put(o, "message", c->text);
	return o;
}

static json_object *
cert_json(X509 *x, const unsigned char sha256[32])
{
	json_object *o = json_object_new_object();
	char buf[32];
	time_t nb, na;

	put_owned(o, "subject", name_oneline(X509_get_subject_name(x)));
	put_owned(o, "issuer", name_oneline(X509_get_issuer_name(x)));
	put_owned(o, "sha256", hex_lower(sha256, 32));
	if (cert_validity(x, &nb, &na))
		put(o, "not_after", format_time(na, buf, sizeof(buf)));
	put_owned(o, "key", key_description(X509_get0_pubkey(x)));
	return o;
}

static json_object *
versions_json(const struct live_result *r)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < LIVE_NVERSIONS; i++) {
		const struct live_version *v = &r->versions[i];
		json_object *o = json_object_new_object();
		put(o, "version", v->name);
		put(o, "state", probe_word(v->state));
		json_object_object_add(o, "local_default",
		    json_object_new_boolean(v->local_default));
		if (v->cipher[0] != '\0')
			put(o, "cipher", v->cipher);
		if (v->why[0] != '\0')
			put(o, "reason", v->why);
		json_object_array_add(a, o);
	}
	return a;
}

static json_object *
ciphers_json(const struct live_result *r)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < r->nfamilies; i++) {
		const struct live_cipher_family *f = &r->families[i];
		json_object *o = json_object_new_object();
		put(o, "family", f->name);
		put(o, "state", probe_word(f->state));
		json_object_object_add(o, "local_default",
		    json_object_new_boolean(f->local_default));
		if (f->cipher[0] != '\0')
			put(o, "cipher", f->cipher);
		if (f->group[0] != '\0')
			put(o, "group", f->group);
		json_object_array_add(a, o);
	}
	return a;
}

/* Who cannot connect to a working server, from the client table. */
static json_object *
posture_json(const struct live_result *r)
{
	json_object *o = json_object_new_object();
	json_object *a = json_object_new_array();

	json_object_object_add(o, "forward_secret_aead",
	    json_object_new_boolean(r->fs_aead));
	for (size_t i = 0; i < r->nleft_out; i++) {
		const struct live_left_out *l = &r->left_out[i];
		json_object *c = json_object_new_object();
		put(c, "client", l->client);
		put(c, "reason", l->reason);
		put(c, "source", l->source);
		json_object_object_add(c, "common",
		    json_object_new_boolean(l->large));
		json_object_array_add(a, c);
	}
	json_object_object_add(o, "left_out", a);
	return o;
}

static json_object *
client_cert_json(const struct live_result *r)
{
	json_object *o = json_object_new_object();
	json_object *names = json_object_new_array();

	json_object_object_add(o, "requested",
	    json_object_new_boolean(r->client_cert_requested));
	json_object_object_add(o, "required",
	    json_object_new_boolean(r->client_cert_required));
	json_object_object_add(o, "sent",
	    json_object_new_boolean(r->client_cert_sent));
	json_object_object_add(o, "rejected",
	    json_object_new_boolean(r->client_cert_rejected));
	for (size_t i = 0; r->client_ca_names != NULL &&
	    r->client_ca_names[i] != NULL; i++)
		json_object_array_add(names,
		    json_object_new_string(r->client_ca_names[i]));
	json_object_object_add(o, "ca_names", names);
	json_object_object_add(o, "after_handshake",
	    json_object_new_boolean(r->client_cert_after_handshake));
	json_object_object_add(o, "issuer_acceptable",
	    r->client_issuer == CLIENT_ISSUER_NOT_JUDGED ? NULL :
	    json_object_new_boolean(r->client_issuer ==
	    CLIENT_ISSUER_ACCEPTABLE));
	return o;
}

static const char *
http_verdict_word(enum http_cert_verdict v)
{
	switch (v) {
	case HTTP_CERT_NONE:		return "none";
	case HTTP_CERT_MISSING:		return "client-cert-missing";
	case HTTP_CERT_ERROR:		return "client-cert-error";
	case HTTP_CERT_FORBIDDEN:	return "client-cert-forbidden";
	}
	return "?";
}

static json_object *
http_json(const struct live_result *r)
{
	const struct live_http *h = &r->http;
	json_object *o = json_object_new_object();

	json_object_object_add(o, "answered",
	    json_object_new_boolean(h->answered));
	if (h->answered) {
		json_object_object_add(o, "status",
		    json_object_new_int(h->status));
		put(o, "status_line", h->status_line);
		put(o, "server", h->server[0] != '\0' ? h->server : NULL);
		put(o, "title", h->title[0] != '\0' ? h->title : NULL);
	}
	put(o, "client_certificate", http_verdict_word(h->verdict));
	return o;
}

static json_object *
sni_json(const struct live_result *r)
{
	json_object *o = json_object_new_object();
	unsigned char md[32];
	unsigned int len = 0;

	json_object_object_add(o, "handshake_ok",
	    json_object_new_boolean(r->nosni_ok));
	if (r->nosni_leaf != NULL &&
	    X509_digest(r->nosni_leaf, EVP_sha256(), md, &len) == 1) {
		json_object_object_add(o, "same_certificate",
		    json_object_new_boolean(r->nserved > 0 &&
		    memcmp(md, r->served[0]->sha256, sizeof(md)) == 0));
		json_object_object_add(o, "certificate",
		    cert_json(r->nosni_leaf, md));
	}
	if (r->nosni_failure.kind != CAUSE_NONE)
		json_object_object_add(o, "failure",
		    cause_json(&r->nosni_failure));
	return o;
}

static json_object *
time_json(time_t t)
{
	char buf[32];
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return NULL;
	return json_object_new_string(buf);
}

static json_object *
ocsp_json(const struct live_result *r)
{
	const struct live_ocsp *o = &r->ocsp;
	json_object *j = json_object_new_object();

	put(j, "state", ocsp_word(o->state));
	json_object_object_add(j, "must_staple",
	    json_object_new_boolean(o->must_staple));
	if (o->state != OCSP_STAPLED)
		return j;
	json_object_object_add(j, "for_served_certificate",
	    json_object_new_boolean(o->for_leaf));
	put(j, "serial", o->serial);
	if (o->for_leaf) {
		put(j, "status", live_ocsp_status_name(o->cert_status));
		json_object_object_add(j, "this_update",
		    time_json(o->this_update));
		json_object_object_add(j, "next_update", o->has_next_update ?
		    time_json(o->next_update) : NULL);
	}
	json_object_object_add(j, "signature_ok", o->signature < 0 ? NULL :
	    json_object_new_boolean(o->signature == 1));
	return j;
}

struct json_object *
report_live_json(const struct report_ctx *rc)
{
	const struct live_result *r = rc->live;
	json_object *o, *hs, *chain;
	char tls[16];

	if (r == NULL || r->target.label == NULL)
		return NULL;
	o = json_object_new_object();
	put(o, "target", r->target.label);
	put(o, "host", r->target.host);
	json_object_object_add(o, "port",
	    json_object_new_int(atoi(r->target.port)));
	put(o, "servername", r->target.servername);
	put(o, "starttls", r->starttls != STARTTLS_NONE ?
	    starttls_name(r->starttls) : NULL);
	put(o, "address", r->address[0] != '\0' ? r->address : NULL);
	json_object_object_add(o, "connected",
	    json_object_new_boolean(r->connected));

	hs = json_object_new_object();
	json_object_object_add(hs, "ok",
	    json_object_new_boolean(r->handshake_ok));
	if (r->version != 0) {
		put(hs, "version", r->version_name);
		put(hs, "cipher", r->cipher);
		put(hs, "group", r->group[0] != '\0' ? r->group : NULL);
	}
	json_object_object_add(hs, "connect_ms",
	    json_object_new_double(r->connect_ms));
	json_object_object_add(hs, "handshake_ms",
	    json_object_new_double(r->handshake_ms));
	json_object_object_add(hs, "total_ms",
	    json_object_new_double(r->total_ms));
	if (r->failure.kind != CAUSE_NONE)
		json_object_object_add(hs, "failure", cause_json(&r->failure));
	json_object_object_add(o, "handshake", hs);

	{
		json_object *local = json_object_new_object();
		json_object *lv = json_object_new_array();
		json_object_object_add(local, "security_level",
		    json_object_new_int(r->local_security_level));
		for (size_t i = 0; i < LIVE_NVERSIONS; i++)
			if (r->versions[i].local_default) {
				snprintf(tls, sizeof(tls), "%s",
				    r->versions[i].name);
				json_object_array_add(lv,
				    json_object_new_string(tls));
			}
		json_object_object_add(local, "versions", lv);
		json_object_object_add(o, "local", local);
	}
	if (r->versions_probed)
		json_object_object_add(o, "versions", versions_json(r));
	if (r->ciphers_probed)
		json_object_object_add(o, "ciphers", ciphers_json(r));
	if (r->posture_assessed)
		json_object_object_add(o, "posture", posture_json(r));

	chain = json_object_new_array();
	for (size_t i = 0; i < r->nserved; i++)
		json_object_array_add(chain, cert_json(r->served[i]->x509,
		    r->served[i]->sha256));
	json_object_object_add(o, "chain", chain);
	put(o, "chain_from", r->chain_from);
	if (r->sni_probed)
		json_object_object_add(o, "sni", sni_json(r));
	json_object_object_add(o, "client_certificate", client_cert_json(r));
	if (r->http.probed)
		json_object_object_add(o, "http", http_json(r));
	if (r->ocsp.state != OCSP_NOT_ASKED)
		json_object_object_add(o, "ocsp", ocsp_json(r));
	return o;
}
