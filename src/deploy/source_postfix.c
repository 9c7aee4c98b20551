/* Postfix main.cf: the SMTP server's certificates, one deployment.
 * smtpd_tls_chain_files, when set, wins over the older per-algorithm
 * parameters (as in Postfix 3.4+); its files are one stream of keys each
 * followed by its chain, so each is handed on as certificate-and-key.
 * smtpd_tls_{cert,eccert,dcert}_file pair with their key_file, which
 * defaults to the certificate file itself. $name, ${name} and $(name)
 * are expanded from main.cf (last definition wins); myhostname is the
 * name served. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/conf_file.h"
#include "deploy/conf_lex.h"
#include "deploy/source.h"

#define EXPAND_MAX	65536	/* bytes one expanded value may reach */

struct param {
	char *name, *value;	/* owned */
	unsigned line;
};

struct postfix {
	struct conf_src src;
	const char *path;
	struct param *v;
	size_t n;
	char *dir;		/* owned; config_directory */
	char why[128];		/* a name that could not be expanded, kept
				 * past the text it was found in */
};

static const struct param *
find(const struct postfix *pf, const char *name, size_t n)
{
	for (size_t i = pf->n; i-- > 0;)
		if (strlen(pf->v[i].name) == n &&
		    strncmp(pf->v[i].name, name, n) == 0)
			return &pf->v[i];
	return NULL;
}

/* Defaults Postfix gives the parameters read here. */
static const char *
fallback(const struct postfix *pf, const char *name, size_t n)
{
	static const char *const def[][2] = {
		{ "smtpd_tls_key_file", "$smtpd_tls_cert_file" },
		{ "smtpd_tls_eckey_file", "$smtpd_tls_eccert_file" },
		{ "smtpd_tls_dkey_file", "$smtpd_tls_dcert_file" },
		{ NULL, NULL }
	};

	if (n == 16 && strncmp(name, "config_directory", n) == 0)
		return pf->dir;
	for (int i = 0; def[i][0] != NULL; i++)
		if (strlen(def[i][0]) == n && strncmp(def[i][0], name, n) == 0)
			return def[i][1];
	return NULL;
}

struct out {
	char *s;
	size_t n, cap;
};

static bool
put(struct out *o, const char *s, size_t n)
{
	if (o->n + n + 1 > EXPAND_MAX)
		return false;
	if (o->n + n + 1 > o->cap) {
		size_t cap = (o->n + n + 1) * 2;
		char *g = realloc(o->s, cap);
		if (g == NULL)
			return false;
		o->s = g;
		o->cap = cap;
	}
	memcpy(o->s + o->n, s, n);
	o->n += n;
	o->s[o->n] = '\0';
	return true;
}

/* Expands s into o. *why: NULL, or the unknown name / limit met. */
static bool
expand(struct postfix *pf, const char *s, struct out *o, int depth,
    const char **why)
{
	if (depth > CONF_MAX_EXPAND) {
		*why = "references nested too deep";
		return false;
	}
	while (*s != '\0') {
		const char *name, *val, *alt = NULL;
		size_t n, altn = 0;
		char op = 0;

		if (*s != '$') {
			size_t k = strcspn(s, "$");
			if (!put(o, s, k))
				goto big;
			s += k;
			continue;
		}
		s++;
		if (*s == '$') {
			if (!put(o, "$", 1))
				goto big;
			s++;
			continue;
		}
		if (*s == '{' || *s == '(') {
			char close = *s == '{' ? '}' : ')';
			const char *end = strchr(s, close);
			if (end == NULL) {
				*why = "an unclosed ${";
				return false;
			}
			name = s + 1;
			n = strcspn(name, "?:}) ");
			if (name + n < end && (name[n] == '?' ||
			    name[n] == ':')) {
				op = name[n];
				alt = name + n + 1;
				altn = (size_t)(end - alt);
			}
			s = end + 1;
		} else {
			name = s;
			n = strspn(s, "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
			s += n;
		}
		{
			const struct param *p = find(pf, name, n);
			val = p != NULL ? p->value : fallback(pf, name, n);
		}
		if (op != 0) {	/* ${name?text}, ${name:text} */
			bool set = val != NULL && *val != '\0';
			char *t;
			bool ok;
			if (set != (op == '?'))
				continue;
			if ((t = strndup(alt, altn)) == NULL)
				goto big;
			ok = expand(pf, t, o, depth + 1, why);
			if (!ok && *why >= t && *why <= t + altn) {
				snprintf(pf->why, sizeof(pf->why), "%.*s",
				    (int)strcspn(*why, "?:}) ,\t"), *why);
				*why = pf->why;
			}
			free(t);
			if (!ok)
				return false;
			continue;
		}
		if (val == NULL) {
			*why = name;	/* unknown: reported by caller */
			return false;
		}
		if (!expand(pf, val, o, depth + 1, why))
			return false;
	}
	return true;
big:
	*why = "the value grows past 64 KiB";
	return false;
}

/* The expanded value of name, or NULL (unset, empty, or reported). */
static char *
value(struct postfix *pf, const char *name, const struct param **where)
{
	const struct param *p = find(pf, name, strlen(name));
	const char *why = NULL, *raw;
	struct out o = { 0 };
	char *at;

	*where = p;
	raw = p != NULL ? p->value : fallback(pf, name, strlen(name));
	if (raw == NULL)
		return NULL;
	if (expand(pf, raw, &o, 0, &why) && o.s != NULL && o.n > 0)
		return o.s;
	free(o.s);
	if (why == NULL)
		return NULL;
	at = conf_origin(pf->path, p != NULL ? p->line : 0);
	finding_add_file(pf->src.fs, "source-unsupported", SEV_WARN,
	    at != NULL ? at : pf->path, "postfix: %s = %s: cannot expand "
	    "(%.*s%s): not checked", name, raw,
	    (int)strcspn(why, "?:}) ,\t"), why,
	    strchr(why, ' ') == NULL ? " is not set in main.cf" : "");
	free(at);
	return NULL;
}

static bool
add(struct postfix *pf, struct deployment *d, const char *path,
    enum deploy_use use, const struct param *p)
{
	char *at = conf_origin(pf->path, p != NULL ? p->line : 0);
	char *full = conf_resolve(pf->dir, path);
	bool ok = at != NULL && full != NULL &&
	    deployment_add_file(d, full, use, at);

	free(at);
	free(full);
	return ok;
}

static bool
files(struct postfix *pf, struct deployment *d)
{
	static const char *const pairs[][2] = {
		{ "smtpd_tls_cert_file", "smtpd_tls_key_file" },
		{ "smtpd_tls_eccert_file", "smtpd_tls_eckey_file" },
		{ "smtpd_tls_dcert_file", "smtpd_tls_dkey_file" },
	};
	const struct param *p, *kp;
	char *chain, *v;
	bool ok = true;

	if ((chain = value(pf, "smtpd_tls_chain_files", &p)) != NULL) {
		for (char *save, *f = strtok_r(chain, ", \t\n", &save);
		    ok && f != NULL; f = strtok_r(NULL, ", \t\n", &save))
			ok = add(pf, d, f, USE_CERT_KEY, p);
		free(chain);
	} else for (size_t i = 0; ok && i < 3; i++) {
		char *cert = value(pf, pairs[i][0], &p), *key;

		if (cert == NULL || strcmp(cert, "none") == 0) {
			free(cert);
			continue;
		}
		key = value(pf, pairs[i][1], &kp);
		if (key == NULL || strcmp(key, cert) == 0)
			ok = add(pf, d, cert, USE_CERT_KEY, p);
		else
			ok = add(pf, d, cert, USE_CERT, p) &&
			    add(pf, d, key, USE_KEY, kp != NULL ? kp : p);
		free(cert);
		free(key);
	}
	if (ok && (v = value(pf, "smtpd_tls_CAfile", &p)) != NULL) {
		ok = add(pf, d, v, USE_CLIENT_CA, p);
		free(v);
	}
	return ok;
}

/* Does main.cf name any server certificate? */
static bool
configured(const struct postfix *pf)
{
	static const char *const names[] = { "smtpd_tls_chain_files",
	    "smtpd_tls_cert_file", "smtpd_tls_eccert_file",
	    "smtpd_tls_dcert_file", NULL };

	for (int i = 0; names[i] != NULL; i++) {
		const struct param *p = find(pf, names[i], strlen(names[i]));
		if (p != NULL && p->value[0] != '\0' &&
		    strcmp(p->value, "none") != 0)
			return true;
	}
	return false;
}

static bool
define(struct postfix *pf, const char *l, size_t len, unsigned line)
{
	const char *eq = memchr(l, '=', len), *ve = l + len, *ne;
	struct param *v;

	if (eq == NULL)
		return false;
	for (ne = eq; ne > l && (ne[-1] == ' ' || ne[-1] == '\t'); ne--)
		;
	for (eq++; eq < ve && (*eq == ' ' || *eq == '\t'); eq++)
		;
	while (ve > eq && (ve[-1] == ' ' || ve[-1] == '\t'))
		ve--;
	if (ne == l || (v = realloc(pf->v, (pf->n + 1) * sizeof(*v))) == NULL)
		return ne != l ? true : false;
	pf->v = v;
	v[pf->n].name = strndup(l, (size_t)(ne - l));
	v[pf->n].value = strndup(eq, (size_t)(ve - eq));
	v[pf->n].line = line;
	pf->n++;
	return true;
}

static int
postfix_read(const char *path, struct deployments *ds, struct findings *fs)
{
	struct postfix pf;
	struct conf_lex lx;
	struct deployment *d;
	const struct param *p;
	char *text, *logical = NULL, *host = NULL, *title = NULL, *at;
	const char *l;
	size_t len, llen = 0;
	unsigned no, first = 0;
	int rc = -1;

	memset(&pf, 0, sizeof(pf));
	pf.src.what = "postfix";
	pf.src.fs = fs;
	pf.path = path;
	if ((pf.dir = conf_dirname(path)) == NULL ||
	    (text = conf_read(&pf.src, path, NULL, &len)) == NULL) {
		free(pf.dir);
		return -1;
	}
	conf_lex_init(&lx, text, len);
	/* A line starting with white space continues the one before;
	 * a line starting with # is a comment. */
	for (bool more = conf_line_next(&lx, &l, &len, &no);; ) {
		bool cont = more && len > 0 && (l[0] == ' ' || l[0] == '\t');
		size_t skip = 0;

		while (more && skip < len && (l[skip] == ' ' || l[skip] == '\t'))
			skip++;

		if (more && (skip == len || l[skip] == '#')) {
			more = conf_line_next(&lx, &l, &len, &no);
			continue;
		}
		if (!cont && logical != NULL) {
			if (!define(&pf, logical, llen, first)) {
				at = conf_origin(path, first);
				finding_add_file(fs, "source-syntax", SEV_ERROR,
				    at != NULL ? at : path, "postfix: "
				    "expected \"name = value\"");
				free(at);
			}
			free(logical);
			logical = NULL;
			llen = 0;
		}
		if (!more)
			break;
		if (logical == NULL)
			first = no;
		{
			char *g = realloc(logical, llen + len + 2);
			if (g == NULL)
				goto out;
			logical = g;
			if (llen > 0)
				logical[llen++] = ' ';
			memcpy(logical + llen, l + (cont ? skip : 0),
			    len - (cont ? skip : 0));
			llen += len - (cont ? skip : 0);
			logical[llen] = '\0';
		}
		more = conf_line_next(&lx, &l, &len, &no);
	}
	if (!configured(&pf)) {
		finding_add_file(fs, "source-empty", SEV_WARN, path,
		    "postfix: main.cf sets no smtpd_tls_chain_files or "
		    "smtpd_tls_cert_file");
		rc = 0;
		goto out;
	}
	host = value(&pf, "myhostname", &p);
	if (asprintf(&title, "postfix smtpd %s (%s)", host != NULL ? host :
	    "server", path) < 0)
		title = NULL;
	d = title != NULL ? deployment_add(ds, DEPLOY_POSTFIX, title, path) :
	    NULL;
	if (d != NULL && files(&pf, d) &&
	    (host == NULL || deployment_add_name(d, host)))
		rc = 0;
out:
	free(host);
	free(title);
	for (size_t i = 0; i < pf.n; i++) {
		free(pf.v[i].name);
		free(pf.v[i].value);
	}
	free(pf.v);
	free(pf.dir);
	free(logical);
	free(text);
	return rc;
}

static bool
postfix_sniff(const char *path, const unsigned char *head, size_t len)
{
	const char *base = strrchr(path, '/');

	base = base != NULL ? base + 1 : path;
	if (head == NULL)
		return false;
	return strcmp(base, "main.cf") == 0 ||
	    memmem(head, len, "smtpd_tls_", 10) != NULL;
}

const struct source_desc source_postfix = {
	"postfix", postfix_sniff, postfix_read
};
