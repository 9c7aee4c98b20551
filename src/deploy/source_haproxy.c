/* HAProxy: each certificate a "bind ... crt" loads is one deployment:
 * "crt FILE" a combined PEM (certificate, chain, key), "crt DIR" every
 * such file in it, "crt-list FILE" one line each (its SNI filters are
 * the names served). HAProxy's side files are handed on: FILE.key holds
 * the key when present (then FILE holds no key), FILE.issuer the issuer
 * used for OCSP. ca-file verifies clients. crt-base and ca-base prefix
 * relative paths; what remains relative is taken from the directory of
 * the configuration file (as "default-path config" does). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/conf_file.h"
#include "deploy/conf_lex.h"
#include "deploy/source.h"

struct haproxy {
	struct conf_src src;
	struct deployments *ds;
	char *dir;		/* owned; directory of the configuration */
	char *crt_base, *ca_base;	/* owned or NULL */
	char *section;		/* owned; "frontend www", "global" */
	bool failed;
};

static char *
resolve(const struct haproxy *hp, const char *base, const char *path)
{
	char *b, *p;

	if (path[0] == '/' || base == NULL)
		return conf_resolve(hp->dir, path);
	if ((b = conf_resolve(hp->dir, base)) == NULL)
		return NULL;
	p = conf_resolve(b, path);
	free(b);
	return p;
}

static bool
side_file(struct deployment *d, const char *crt, const char *suffix,
    enum deploy_use use, const char *origin, bool *found)
{
	char *p;
	bool ok = true;

	if (asprintf(&p, "%s%s", crt, suffix) < 0)
		return false;
	*found = conf_exists(p);
	if (*found)
		ok = deployment_add_file(d, p, use, origin);
	free(p);
	return ok;
}

/* One deployment for the certificate file crt. */
static void
one(struct haproxy *hp, const char *crt, const char *cafile,
    char *const *names, size_t nnames, const char *listen,
    const char *origin)
{
	struct deployment *d;
	char *title;
	bool ok, haskey, hasissuer, no;

	if (asprintf(&title, "haproxy %s %s (%s)", hp->section, crt,
	    origin) < 0) {
		hp->failed = true;
		return;
	}
	d = deployment_add(hp->ds, DEPLOY_HAPROXY, title, origin);
	free(title);
	if (d == NULL) {
		hp->failed = true;
		return;
	}
	if (asprintf(&title, "%s.key", crt) < 0) {
		hp->failed = true;
		return;
	}
	haskey = conf_exists(title);
	free(title);
	ok = deployment_add_file(d, crt, haskey ? USE_CERT : USE_CERT_KEY,
	    origin) &&
	    side_file(d, crt, ".key", USE_KEY, origin, &no) &&
	    side_file(d, crt, ".issuer", USE_TRUSTED, origin, &hasissuer);
	if (ok && cafile != NULL)
		ok = deployment_add_file(d, cafile, USE_CLIENT_CA, origin);
	for (size_t i = 0; ok && i < nnames; i++)
		if (names[i][0] != '!')	/* "!name": excluded */
			ok = deployment_add_name(d, names[i]);
	if (ok && listen != NULL)
		ok = deployment_set_listen(d, listen);
	if (!ok)
		hp->failed = true;
}

static bool
is_side_file(const char *name)
{
	static const char *const sfx[] = { ".key", ".issuer", ".ocsp",
	    ".sctl", NULL };
	size_t n = strlen(name);
	const char *base = strrchr(name, '/');

	if ((base != NULL ? base[1] : name[0]) == '.')
		return true;
	for (int i = 0; sfx[i] != NULL; i++)
		if (n > strlen(sfx[i]) &&
		    strcmp(name + n - strlen(sfx[i]), sfx[i]) == 0)
			return true;
	return false;
}

static void
crt(struct haproxy *hp, const char *arg, const char *cafile,
    const char *listen, const char *origin)
{
	char *path = resolve(hp, hp->crt_base, arg), *all, **files;
	long n;

	if (path == NULL) {
		hp->failed = true;
		return;
	}
	if (!conf_is_dir(path)) {
		one(hp, path, cafile, NULL, 0, listen, origin);
		free(path);
		return;
	}
	if (asprintf(&all, "%s/*", path) < 0) {
		free(path);
		hp->failed = true;
		return;
	}
	n = conf_glob(&hp->src, all, origin, &files);
	for (long i = 0; i < n; i++)
		if (!is_side_file(files[i]) && !conf_is_dir(files[i]))
			one(hp, files[i], cafile, NULL, 0, listen, origin);
	if (n == 0)
		finding_add_file(hp->src.fs, "source-empty", SEV_WARN, origin,
		    "haproxy: crt directory %s holds no certificate", path);
	if (n > 0)
		conf_strv_free(files, (size_t)n);
	free(all);
	free(path);
}

static void
crt_list(struct haproxy *hp, const char *arg, const char *bind_ca,
    const char *listen, const char *origin)
{
	struct conf_stmt st = { 0 };
	struct conf_lex lx;
	char *path = resolve(hp, hp->crt_base, arg), *text;
	const char *l;
	size_t len;
	unsigned no;

	if (path == NULL || (text = conf_read(&hp->src, path, origin,
	    &len)) == NULL) {
		hp->failed = path == NULL;
		free(path);
		return;
	}
	conf_lex_init(&lx, text, len);
	while (!hp->failed && conf_line_next(&lx, &l, &len, &no)) {
		char *at = conf_origin(path, no), *cafile = NULL, *file;
		size_t i = 1;

		if (at == NULL) {
			hp->failed = true;
			break;
		}
		if (!conf_split(l, len, &st)) {
			finding_add_file(hp->src.fs, "source-syntax",
			    SEV_ERROR, at, "haproxy: %s", st.err);
		} else if (st.argc > 0) {
			/* path [ssl options] [sni filters] */
			if (i < st.argc && st.argv[i][0] == '[') {
				bool closed = false;
				for (; i < st.argc && !closed; i++) {
					const char *w = st.argv[i];
					size_t wl = strlen(w);
					if ((strcmp(w, "ca-file") == 0 ||
					    strcmp(w, "[ca-file") == 0) &&
					    i + 1 < st.argc) {
						free(cafile);
						cafile = resolve(hp,
						    hp->ca_base,
						    st.argv[i + 1]);
					}
					closed = wl > 0 && w[wl - 1] == ']';
				}
				if (!closed)
					finding_add_file(hp->src.fs,
					    "source-syntax", SEV_ERROR, at,
					    "haproxy: \"[\" without \"]\"");
			}
			if ((file = resolve(hp, hp->crt_base,
			    st.argv[0])) == NULL)
				hp->failed = true;
			else
				one(hp, file, cafile != NULL ? cafile : bind_ca,
				    i < st.argc ? st.argv + i : NULL,
				    i < st.argc ? st.argc - i : 0, listen, at);
			free(file);
		}
		free(cafile);
		free(at);
	}
	conf_stmt_free(&st);
	free(text);
	free(path);
}

/* ":443" -> "*:443"; "ipv4@1.2.3.4:443" -> "1.2.3.4:443". */
static char *
bind_addr(const char *w)
{
	const char *at = strchr(w, '@');
	size_t n;
	char *s;

	if (at != NULL && (strncmp(w, "ipv4@", 5) == 0 ||
	    strncmp(w, "ipv6@", 5) == 0))
		w = at + 1;
	n = strcspn(w, ",");
	if (asprintf(&s, "%s%.*s", w[0] == ':' ? "*" : "", (int)n, w) < 0)
		return NULL;
	return s;
}

static void
bind(struct haproxy *hp, struct conf_stmt *st, const char *origin)
{
	char *cafile = NULL, *listen = NULL;

	if (st->argc < 2)
		return;
	if ((listen = bind_addr(st->argv[1])) == NULL) {
		hp->failed = true;
		return;
	}
	for (size_t i = 2; i + 1 < st->argc; i++)
		if (strcmp(st->argv[i], "ca-file") == 0) {
			free(cafile);
			if ((cafile = resolve(hp, hp->ca_base,
			    st->argv[i + 1])) == NULL)
				hp->failed = true;
		}
	for (size_t i = 2; !hp->failed && i + 1 < st->argc; i++) {
		const char *w = st->argv[i];
		if (strcmp(w, "crt") == 0 || strcmp(w, "default-crt") == 0)
			crt(hp, st->argv[++i], cafile, listen, origin);
		else if (strcmp(w, "crt-list") == 0)
			crt_list(hp, st->argv[++i], cafile, listen, origin);
	}
	free(cafile);
	free(listen);
}

static bool
is_section(const char *w)
{
	static const char *const kw[] = { "global", "defaults", "frontend",
	    "backend", "listen", "peers", "resolvers", "userlist", "program",
	    "cache", "ring", "http-errors", "mailers", "log-forward",
	    "crt-store", "traces", NULL };

	for (int i = 0; kw[i] != NULL; i++)
		if (strcmp(w, kw[i]) == 0)
			return true;
	return false;
}

static bool
set(char **dst, const char *v)
{
	free(*dst);
	return (*dst = strdup(v)) != NULL;
}

static int
haproxy_read(const char *path, struct deployments *ds, struct findings *fs)
{
	struct haproxy hp;
	struct conf_stmt st = { 0 };
	struct conf_lex lx;
	size_t len, before = ds->n, nf = fs->n;
	const char *l;
	unsigned no;
	char *text;
	int rc = 0;

	memset(&hp, 0, sizeof(hp));
	hp.src.what = "haproxy";
	hp.src.fs = fs;
	hp.ds = ds;
	if ((hp.dir = conf_dirname(path)) == NULL ||
	    (hp.section = strdup("global")) == NULL ||
	    (text = conf_read(&hp.src, path, NULL, &len)) == NULL) {
		free(hp.dir);
		free(hp.section);
		return -1;
	}
	conf_lex_init(&lx, text, len);
	while (!hp.failed && conf_line_next(&lx, &l, &len, &no)) {
		char *at = conf_origin(path, no);

		if (at == NULL || !conf_split(l, len, &st)) {
			if (at == NULL)
				hp.failed = true;
			else
				finding_add_file(fs, "source-syntax",
				    SEV_ERROR, at, "haproxy: %s", st.err);
			free(at);
			continue;
		}
		if (st.argc == 0) {
			free(at);
			continue;
		}
		if (is_section(st.argv[0])) {
			free(hp.section);
			if (asprintf(&hp.section, "%s%s%s", st.argv[0],
			    st.argc > 1 ? " " : "",
			    st.argc > 1 ? st.argv[1] : "") < 0) {
				hp.section = NULL;
				hp.failed = true;
			}
		} else if (strcmp(st.argv[0], "crt-base") == 0 &&
		    st.argc > 1) {
			hp.failed = !set(&hp.crt_base, st.argv[1]);
		} else if (strcmp(st.argv[0], "ca-base") == 0 &&
		    st.argc > 1) {
			hp.failed = !set(&hp.ca_base, st.argv[1]);
		} else if (strcmp(st.argv[0], "bind") == 0) {
			bind(&hp, &st, at);
		}
		free(at);
	}
	if (hp.failed) {
		finding_add_file(fs, "source-unreadable", SEV_ERROR, path,
		    "haproxy: out of memory reading the configuration");
		rc = -1;
	} else if (ds->n == before && fs->n == nf)
		finding_add_file(fs, "source-empty", SEV_WARN, path,
		    "haproxy: no bind line loads a certificate (crt, "
		    "crt-list)");
	conf_stmt_free(&st);
	free(text);
	free(hp.dir);
	free(hp.crt_base);
	free(hp.ca_base);
	free(hp.section);
	return rc;
}

static bool
haproxy_sniff(const char *path, const unsigned char *head, size_t len)
{
	const char *base = strrchr(path, '/');

	base = base != NULL ? base + 1 : path;
	if (head == NULL)
		return false;
	if (strcmp(base, "haproxy.cfg") == 0)
		return true;
	return (memmem(head, len, "frontend ", 9) != NULL ||
	    memmem(head, len, "\nlisten ", 8) != NULL) &&
	    memmem(head, len, "bind ", 5) != NULL;
}

const struct source_desc source_haproxy = {
	"haproxy", haproxy_sniff, haproxy_read
};
