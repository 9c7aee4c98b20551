/* Dovecot: the server-wide certificate (ssl_cert = <FILE, ssl_key,
 * ssl_ca, ssl_alt_cert/ssl_alt_key; Dovecot 2.4's ssl_server_*_file)
 * is one deployment, and each local_name, local or protocol block that
 * sets its own certificate or key is another, inheriting what it does
 * not set. !include and !include_try take globs relative to the file
 * that names them. ssl = no serves no TLS. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/conf_file.h"
#include "deploy/conf_lex.h"
#include "deploy/source.h"

enum { R_CERT, R_KEY, R_ALT_CERT, R_ALT_KEY, R_CA, R_MAX };
static const char *const ref_name[R_MAX][2] = {
	{ "ssl_cert", "ssl_server_cert_file" },
	{ "ssl_key", "ssl_server_key_file" },
	{ "ssl_alt_cert", "ssl_server_alt_cert_file" },
	{ "ssl_alt_key", "ssl_server_alt_key_file" },
	{ "ssl_ca", "ssl_server_ca_file" },
};

struct ref {
	char *path, *origin;	/* owned */
};

struct scope {
	char *title;		/* owned; "local_name mail.a.test" */
	char *origin;		/* owned; line of the block */
	char *name;		/* owned; local_name's name, or NULL */
	struct ref r[R_MAX];
	int ssl;		/* -1 unset, 0 "ssl = no", 1 otherwise */
};

struct dovecot {
	struct conf_src src;
	struct scope *v;	/* v[0]: the top level */
	size_t n;
	long cur;		/* open scope, or -1 inside other blocks */
	unsigned depth;		/* block nesting */
	unsigned scope_depth;	/* depth at which cur was opened */
	bool failed;
};

static void
scope_free(struct scope *s)
{
	free(s->title);
	free(s->origin);
	free(s->name);
	for (int i = 0; i < R_MAX; i++) {
		free(s->r[i].path);
		free(s->r[i].origin);
	}
}

static struct scope *
scope_add(struct dovecot *dc, const char *title, const char *name,
    const char *origin)
{
	struct scope *v = realloc(dc->v, (dc->n + 1) * sizeof(*v));

	if (v == NULL)
		return NULL;
	dc->v = v;
	memset(&v[dc->n], 0, sizeof(*v));
	v[dc->n].ssl = -1;
	v[dc->n].title = strdup(title);
	v[dc->n].name = name != NULL ? strdup(name) : NULL;
	v[dc->n].origin = strdup(origin);
	return &v[dc->n++];
}

static void parse_file(struct dovecot *, const char *path,
    const char *origin, int depth);

static void
include(struct dovecot *dc, const char *file, const char *arg,
    const char *origin, int depth, bool try)
{
	char *dir = conf_dirname(file), *pattern, **files;
	long n;

	if (depth + 1 > CONF_MAX_DEPTH) {
		conf_limit(&dc->src, origin,
		    "dovecot: includes nested more than %d deep; %s not read",
		    CONF_MAX_DEPTH, arg);
		free(dir);
		return;
	}
	pattern = dir != NULL ? conf_resolve(dir, arg) : NULL;
	free(dir);
	if (pattern == NULL) {
		dc->failed = true;
		return;
	}
	n = conf_glob(&dc->src, pattern, origin, &files);
	for (long i = 0; i < n && !dc->src.spent; i++)
		if (!try || conf_exists(files[i]))
			parse_file(dc, files[i], origin, depth + 1);
	if (n > 0)
		conf_strv_free(files, (size_t)n);
	free(pattern);
}

static void
setting(struct dovecot *dc, const char *file, const char *key,
    const char *val, const char *origin)
{
	struct scope *s;
	char *dir;

	if (dc->cur < 0)
		return;
	s = &dc->v[dc->cur];
	if (strcmp(key, "ssl") == 0) {
		s->ssl = strcmp(val, "no") != 0;
		return;
	}
	for (int i = 0; i < R_MAX; i++) {
		bool v24 = strcmp(key, ref_name[i][1]) == 0;

		if (strcmp(key, ref_name[i][0]) != 0 && !v24)
			continue;
		if (!v24 && val[0] != '<') {
			if (val[0] != '\0')
				finding_add_file(dc->src.fs,
				    "source-unsupported", SEV_WARN, origin,
				    "dovecot: %s holds the PEM inline or a "
				    "variable, not <FILE: not checked", key);
			return;
		}
		if (!v24)
			for (val++; *val == ' ' || *val == '\t'; val++)
				;
		if (strchr(val, '$') != NULL) {
			finding_add_file(dc->src.fs, "source-unsupported",
			    SEV_WARN, origin, "dovecot: %s %s holds a "
			    "variable: not checkable offline", key, val);
			return;
		}
		free(s->r[i].path);
		free(s->r[i].origin);
		dir = conf_dirname(file);
		s->r[i].path = dir != NULL ? conf_resolve(dir, val) : NULL;
		s->r[i].origin = strdup(origin);
		free(dir);
		if (s->r[i].path == NULL || s->r[i].origin == NULL)
			dc->failed = true;
		return;
	}
}

/* "key = value", "section [name] {", "}", "!include[_try] PATH". */
static void
line(struct dovecot *dc, const char *file, char *l, const char *origin,
    int depth)
{
	struct conf_stmt st = { 0 };
	char *eq = strchr(l, '='), *brace;
	size_t n = strlen(l);

	if (strncmp(l, "!include", 8) == 0) {
		bool try = strncmp(l, "!include_try", 12) == 0;
		if (conf_split(l, n, &st) && st.argc == 2)
			include(dc, file, st.argv[1], origin, depth, try);
		else
			finding_add_file(dc->src.fs, "source-syntax",
			    SEV_ERROR, origin, "dovecot: %s takes one path",
			    try ? "!include_try" : "!include");
	} else if (strcmp(l, "}") == 0) {
		if (dc->depth == 0)
			finding_add_file(dc->src.fs, "source-syntax",
			    SEV_ERROR, origin, "dovecot: unexpected \"}\"");
		else if (--dc->depth < dc->scope_depth || dc->depth == 0) {
			dc->cur = dc->depth == 0 ? 0 : -1;
			dc->scope_depth = 0;
		}
	} else if (n > 0 && l[n - 1] == '{' && (eq == NULL ||
	    (brace = strchr(l, '{')) < eq)) {
		l[n - 1] = '\0';
		if (!conf_split(l, n - 1, &st)) {
			finding_add_file(dc->src.fs, "source-syntax",
			    SEV_ERROR, origin, "dovecot: %s", st.err);
		} else if (++dc->depth > CONF_MAX_NEST) {
			conf_limit(&dc->src, origin, "dovecot: blocks nested more than %d deep",
			    CONF_MAX_NEST);
			dc->failed = true;
		} else if (dc->depth == 1 && st.argc == 2 &&
		    (strcmp(st.argv[0], "local_name") == 0 ||
		    strcmp(st.argv[0], "local") == 0 ||
		    strcmp(st.argv[0], "protocol") == 0)) {
			char *title;
			if (asprintf(&title, "%s %s", st.argv[0],
			    st.argv[1]) < 0 || scope_add(dc, title,
			    strcmp(st.argv[0], "local_name") == 0 ?
			    st.argv[1] : NULL, origin) == NULL)
				dc->failed = true;
			else {
				dc->cur = (long)dc->n - 1;
				dc->scope_depth = dc->depth;
			}
			free(title);
		} else
			dc->cur = -1;	/* service, namespace, ... */
	} else if (eq != NULL) {
		char *k = l, *v = eq + 1, *e = eq;
		while (e > k && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		*e = '\0';
		while (*v == ' ' || *v == '\t')
			v++;
		n = strlen(v);
		if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
			v[n - 1] = '\0';
			v++;
		}
		setting(dc, file, k, v, origin);
	} else
		finding_add_file(dc->src.fs, "source-syntax", SEV_ERROR,
		    origin, "dovecot: expected \"name = value\", a block or "
		    "!include");
	conf_stmt_free(&st);
}

static void
parse_file(struct dovecot *dc, const char *path, const char *origin,
    int depth)
{
	struct conf_lex lx;
	char *text, *logical = NULL;
	const char *l;
	size_t len, llen = 0;
	unsigned no, first = 0;

	if (!conf_enter(&dc->src, path, origin))
		return;
	if ((text = conf_read(&dc->src, path, origin, &len)) == NULL) {
		conf_leave(&dc->src);
		return;
	}
	conf_lex_init(&lx, text, len);
	while (!dc->failed && conf_line_next(&lx, &l, &len, &no)) {
		size_t skip = 0;
		bool more;
		char *g, *at;

		while (skip < len && (l[skip] == ' ' || l[skip] == '\t'))
			skip++;
		l += skip;
		len -= skip;
		if (logical == NULL && (len == 0 || l[0] == '#'))
			continue;
		while (len > 0 && (l[len - 1] == ' ' || l[len - 1] == '\t'))
			len--;
		more = len > 0 && l[len - 1] == '\\';
		if (logical == NULL)
			first = no;
		if ((g = realloc(logical, llen + len + 1)) == NULL) {
			dc->failed = true;
			break;
		}
		logical = g;
		memcpy(logical + llen, l, len - more);
		llen += len - more;
		logical[llen] = '\0';
		if (more)
			continue;
		if ((at = conf_origin(path, first)) == NULL) {
			dc->failed = true;
			break;
		}
		line(dc, path, logical, at, depth);
		free(at);
		free(logical);
		logical = NULL;
		llen = 0;
	}
	free(logical);
	conf_leave(&dc->src);
	free(text);
}

static bool
emit(struct dovecot *dc, const struct scope *s, struct deployments *ds)
{
	const struct scope *top = &dc->v[0];
	const struct ref *r[R_MAX];
	struct deployment *d;
	char *title;
	bool ok = true, own = s == top;

	for (int i = 0; i < R_MAX; i++) {
		r[i] = s->r[i].path != NULL ? &s->r[i] : &top->r[i];
		own = own || ((i == R_CERT || i == R_KEY) &&
		    s->r[i].path != NULL);
	}
	if (!own || r[R_CERT]->path == NULL ||
	    (s->ssl >= 0 ? s->ssl : top->ssl) == 0)
		return true;
	if (asprintf(&title, "dovecot %s (%s)", s->title,
	    r[R_CERT]->origin) < 0)
		return false;
	d = deployment_add(ds, DEPLOY_DOVECOT, title, s == top ?
	    r[R_CERT]->origin : s->origin);
	free(title);
	if (d == NULL)
		return false;
	for (int i = 0; ok && i < R_MAX; i++) {
		static const enum deploy_use use[R_MAX] = { USE_CERT, USE_KEY,
		    USE_CERT, USE_KEY, USE_CLIENT_CA };
		if (r[i]->path != NULL)
			ok = deployment_add_file(d, r[i]->path, use[i],
			    r[i]->origin);
	}
	if (ok && s->name != NULL)
		ok = deployment_add_name(d, s->name);
	return ok;
}

static int
dovecot_read(const char *path, struct deployments *ds, struct findings *fs)
{
	struct dovecot dc;
	size_t before = ds->n, nf = fs->n;
	int rc = 0;

	memset(&dc, 0, sizeof(dc));
	dc.src.what = "dovecot";
	dc.src.fs = fs;
	if (scope_add(&dc, "server", NULL, path) == NULL)
		return -1;
	parse_file(&dc, path, NULL, 0);
	if (dc.src.nfiles == 0)
		rc = -1;
	for (size_t i = 0; rc == 0 && !dc.failed && i < dc.n; i++)
		if (!emit(&dc, &dc.v[i], ds))
			dc.failed = true;
	if (dc.failed && rc == 0) {
		finding_add_file(fs, "source-unreadable", SEV_ERROR, path,
		    "dovecot: configuration not read to its end");
		rc = -1;
	}
	if (rc == 0 && ds->n == before && fs->n == nf)
		finding_add_file(fs, "source-empty", SEV_WARN, path,
		    "dovecot: no ssl_cert = <FILE");
	for (size_t i = 0; i < dc.n; i++)
		scope_free(&dc.v[i]);
	free(dc.v);
	return rc;
}

static bool
dovecot_sniff(const char *path, const unsigned char *head, size_t len)
{
	const char *base = strrchr(path, '/');

	base = base != NULL ? base + 1 : path;
	if (head == NULL)
		return false;
	return strcmp(base, "dovecot.conf") == 0 ||
	    memmem(head, len, "ssl_cert = <", 12) != NULL ||
	    memmem(head, len, "!include", 8) != NULL;
}

const struct source_desc source_dovecot = {
	"dovecot", dovecot_sniff, dovecot_read
};
