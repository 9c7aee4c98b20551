/* nginx: one deployment per server block (http, stream or mail) that
 * serves TLS and loads a certificate. Repeated ssl_certificate /
 * ssl_certificate_key pairs (RSA + ECDSA) stay one deployment: nginx
 * serves them from one server, choosing per handshake. ssl_* directives
 * of http{} (stream{}, mail{}) are inherited by servers that do not set
 * them, each directive on its own, as nginx merges them. Includes and
 * relative paths are resolved against the directory of the main file
 * (nginx's configuration prefix). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/conf_file.h"
#include "deploy/conf_lex.h"
#include "deploy/source.h"

struct ref {
	char *path;		/* owned; as written */
	char *origin;		/* owned; "FILE:LINE" */
};

/* The values of one directive at one level; set: it appeared there. */
struct refs {
	struct ref *v;
	size_t n;
	bool set;
};

enum { R_CERT, R_KEY, R_TRUSTED, R_CLIENT, R_PASSWORD, R_MAX };

static const char *const ref_directive[R_MAX] = {
	"ssl_certificate", "ssl_certificate_key", "ssl_trusted_certificate",
	"ssl_client_certificate", "ssl_password_file"
};

struct listen {
	char *addr;		/* owned; "HOST:PORT", "*:PORT", "unix:..." */
	bool ssl;
};

struct server {
	char *origin;		/* owned; "FILE:LINE" of "server {" */
	int module;		/* index of its http/stream/mail block */
	struct refs r[R_MAX];
	char **names;
	size_t nnames;
	struct listen *listens;
	size_t nlistens;
	bool ssl_on;		/* "ssl on" or mail's "starttls on" */
};

enum level { L_MAIN, L_MODULE, L_SERVER, L_OTHER };

struct nginx {
	struct conf_src src;
	char *prefix;		/* owned; directory of the main file */
	enum level stack[CONF_MAX_NEST];
	size_t depth;		/* stack[0 .. depth-1]; stack[0] is L_MAIN */
	struct refs module_r[R_MAX];	/* of the current module block */
	int module;		/* count of module blocks opened */
	struct server *servers;
	size_t nservers, capservers;
	struct server *cur;	/* open server block, or NULL */
	bool failed;		/* out of memory */
};

static void
refs_clear(struct refs *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].path);
		free(r->v[i].origin);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static bool
refs_add(struct refs *r, const char *path, const char *origin, bool many)
{
	struct ref *v;

	if (!r->set || !many)
		refs_clear(r);	/* first at this level, or last one wins */
	r->set = true;
	if ((v = realloc(r->v, (r->n + 1) * sizeof(*v))) == NULL)
		return false;
	r->v = v;
	v[r->n].path = strdup(path);
	v[r->n].origin = strdup(origin);
	r->n++;
	return v[r->n - 1].path != NULL && v[r->n - 1].origin != NULL;
}

static bool
refs_copy(struct refs *dst, const struct refs *src)
{
	refs_clear(dst);
	for (size_t i = 0; i < src->n; i++)
		if (!refs_add(dst, src->v[i].path, src->v[i].origin, true))
			return false;
	dst->set = src->set;
	return true;
}

static void
server_free(struct server *s)
{
	free(s->origin);
	for (int i = 0; i < R_MAX; i++)
		refs_clear(&s->r[i]);
	for (size_t i = 0; i < s->nnames; i++)
		free(s->names[i]);
	free(s->names);
	for (size_t i = 0; i < s->nlistens; i++)
		free(s->listens[i].addr);
	free(s->listens);
}

/* "443" -> "*:443", "[::1]" -> "[::1]:80", "a.test" -> "a.test:80". */
static char *
listen_addr(const char *a)
{
	const char *colon = strrchr(a, ':');
	char *s;
	bool digits = *a != '\0';

	for (const char *p = a; *p; p++)
		if (!isdigit((unsigned char)*p))
			digits = false;
	if (digits)
		return asprintf(&s, "*:%s", a) < 0 ? NULL : s;
	if (strncmp(a, "unix:", 5) == 0 ||
	    (colon != NULL && (a[0] != '[' || colon > strchr(a, ']'))))
		return strdup(a);
	return asprintf(&s, "%s:80", a) < 0 ? NULL : s;
}

static void
add_name(struct nginx *ng, struct server *s, const char *name,
    const char *origin)
{
	const char *names[2] = { name, NULL };
	char *wild = NULL;
	char **v;

	if (name[0] == '\0' || strcmp(name, "_") == 0)
		return;		/* the catch-all convention: no host name */
	if (name[0] == '~' || strchr(name, '$') != NULL) {
		finding_add_file(ng->src.fs, "source-unsupported", SEV_INFO,
		    origin, "nginx: server name %s is a %s; skipped (names "
		    "are matched only against exact and wildcard names)",
		    name, name[0] == '~' ? "regular expression" :
		    "variable");
		return;
	}
	if (name[0] == '.') {	/* ".a.test": a.test and *.a.test */
		if (asprintf(&wild, "*%s", name) < 0)
			goto oom;
		names[0] = name + 1;
		names[1] = wild;
	}
	for (int i = 0; i < 2 && names[i] != NULL; i++) {
		if ((v = realloc(s->names, (s->nnames + 1) *
		    sizeof(*v))) == NULL)
			goto oom;
		s->names = v;
		if ((v[s->nnames] = strdup(names[i])) == NULL)
			goto oom;
		s->nnames++;
	}
	free(wild);
	return;
oom:
	free(wild);
	ng->failed = true;
}

static void
add_listen(struct nginx *ng, struct server *s, struct conf_stmt *st)
{
	struct listen *v;
	char *addr;
	bool ssl = false;

	if (st->argc < 2)
		return;
	for (size_t i = 2; i < st->argc; i++)
		if (strcmp(st->argv[i], "ssl") == 0 ||
		    strcmp(st->argv[i], "quic") == 0)
			ssl = true;
	if ((addr = listen_addr(st->argv[1])) == NULL ||
	    (v = realloc(s->listens, (s->nlistens + 1) *
	    sizeof(*v))) == NULL) {
		free(addr);
		ng->failed = true;
		return;
	}
	s->listens = v;
	v[s->nlistens].addr = addr;
	v[s->nlistens].ssl = ssl;
	s->nlistens++;
}

static void
open_server(struct nginx *ng, const char *origin)
{
	struct server *s;

	if (ng->nservers == ng->capservers) {
		size_t cap = ng->capservers ? ng->capservers * 2 : 16;
		struct server *v = realloc(ng->servers, cap * sizeof(*v));
		if (v == NULL) {
			ng->failed = true;
			return;
		}
		ng->servers = v;
		ng->capservers = cap;
	}
	s = &ng->servers[ng->nservers++];
	memset(s, 0, sizeof(*s));
	s->module = ng->module;
	if ((s->origin = strdup(origin)) == NULL)
		ng->failed = true;
	ng->cur = s;
}

/* At "}" of a server: what it does not set it inherits. */
static void
close_server(struct nginx *ng)
{
	struct server *s = ng->cur;

	for (int i = 0; s != NULL && i < R_MAX; i++)
		if (!s->r[i].set && !refs_copy(&s->r[i], &ng->module_r[i]))
			ng->failed = true;
	ng->cur = NULL;
}

static void parse_file(struct nginx *, const char *path, const char *origin,
    int incdepth);

static void
include(struct nginx *ng, struct conf_stmt *st, const char *origin,
    int incdepth)
{
	char **files, *pattern;
	long n;

	if (st->argc != 2) {
		finding_add_file(ng->src.fs, "source-syntax", SEV_ERROR,
		    origin, "nginx: include takes one file or pattern");
		return;
	}
	if (incdepth + 1 > CONF_MAX_DEPTH) {
		conf_limit(&ng->src, origin,
		    "nginx: includes nested more than %d deep; %s not read",
		    CONF_MAX_DEPTH, st->argv[1]);
		return;
	}
	if ((pattern = conf_resolve(ng->prefix, st->argv[1])) == NULL) {
		ng->failed = true;
		return;
	}
	n = conf_glob(&ng->src, pattern, origin, &files);
	for (long i = 0; i < n && !ng->src.spent; i++)
		parse_file(ng, files[i], origin, incdepth + 1);
	if (n > 0)
		conf_strv_free(files, (size_t)n);
	free(pattern);
}

static void
directive(struct nginx *ng, struct conf_stmt *st, const char *origin,
    int incdepth)
{
	enum level lv = ng->stack[ng->depth - 1];
	const char *d = st->argv[0];

	if (strcmp(d, "include") == 0) {
		include(ng, st, origin, incdepth);
		return;
	}
	if (lv != L_MODULE && lv != L_SERVER)
		return;
	for (int i = 0; i < R_MAX; i++) {
		struct refs *r;

		if (strcmp(d, ref_directive[i]) != 0)
			continue;
		if (st->argc != 2) {
			finding_add_file(ng->src.fs, "source-syntax",
			    SEV_ERROR, origin, "nginx: %s takes one file",
			    d);
			return;
		}
		r = lv == L_SERVER ? &ng->cur->r[i] : &ng->module_r[i];
		if (!refs_add(r, st->argv[1], origin,
		    i == R_CERT || i == R_KEY))
			ng->failed = true;
		return;
	}
	if (lv != L_SERVER || ng->cur == NULL)
		return;
	if (strcmp(d, "server_name") == 0)
		for (size_t i = 1; i < st->argc; i++)
			add_name(ng, ng->cur, st->argv[i], origin);
	else if (strcmp(d, "listen") == 0)
		add_listen(ng, ng->cur, st);
	else if ((strcmp(d, "ssl") == 0 || strcmp(d, "starttls") == 0) &&
	    st->argc == 2)
		ng->cur->ssl_on = strcmp(st->argv[1], "off") != 0;
}

static bool
is_module(const char *name)
{
	return strcmp(name, "http") == 0 || strcmp(name, "stream") == 0 ||
	    strcmp(name, "mail") == 0;
}

static void
parse_file(struct nginx *ng, const char *path, const char *origin,
    int incdepth)
{
	struct conf_stmt st = { 0 };
	struct conf_lex lx;
	size_t len, base = ng->depth;
	char *text, *at = NULL;

	if (!conf_enter(&ng->src, path, origin))
		return;
	if ((text = conf_read(&ng->src, path, origin, &len)) == NULL) {
		conf_leave(&ng->src);
		return;
	}
	conf_lex_init(&lx, text, len);
	while (!ng->failed) {
		enum conf_kind k = conf_lex_next(&lx, &st);
		enum level lv = ng->stack[ng->depth - 1], next;

		free(at);
		if ((at = conf_origin(path, st.line ? st.line : lx.line)) ==
		    NULL) {
			ng->failed = true;
			break;
		}
		if (k == CONF_EOF) {
			if (ng->depth != base)
				finding_add_file(ng->src.fs, "source-syntax",
				    SEV_ERROR, at, "nginx: unexpected end of "
				    "file, expecting \"}\"");
			break;
		}
		if (k == CONF_ERROR) {
			finding_add_file(ng->src.fs, "source-syntax",
			    SEV_ERROR, at, "nginx: %s", st.err);
			break;
		}
		if (k == CONF_DIRECTIVE) {
			directive(ng, &st, at, incdepth);
			continue;
		}
		if (k == CONF_CLOSE) {
			if (ng->depth == base) {
				finding_add_file(ng->src.fs, "source-syntax",
				    SEV_ERROR, at, "nginx: unexpected \"}\"");
				break;
			}
			if (lv == L_SERVER)
				close_server(ng);
			else if (lv == L_MODULE)
				for (int i = 0; i < R_MAX; i++)
					refs_clear(&ng->module_r[i]);
			ng->depth--;
			continue;
		}
		if (ng->depth == CONF_MAX_NEST) {
			conf_limit(&ng->src, at, "nginx: blocks nested more than %d deep",
			    CONF_MAX_NEST);
			break;
		}
		next = L_OTHER;
		if (lv == L_MAIN && is_module(st.argv[0])) {
			next = L_MODULE;
			ng->module++;
		} else if (lv == L_MODULE && strcmp(st.argv[0], "server") == 0) {
			next = L_SERVER;
			open_server(ng, at);
		}
		ng->stack[ng->depth++] = next;
	}
	/* a file ends what it opened (nginx parses it as one block) */
	while (ng->depth > base) {
		if (ng->stack[ng->depth - 1] == L_SERVER)
			close_server(ng);
		ng->depth--;
	}
	free(at);
	conf_stmt_free(&st);
	conf_leave(&ng->src);
	free(text);
}

/* Does another server of the same module listen with ssl on addr?
 * nginx enables TLS per listening socket, not per server. */
static bool
ssl_socket(const struct nginx *ng, int module, const char *addr)
{
	for (size_t i = 0; i < ng->nservers; i++) {
		const struct server *s = &ng->servers[i];
		if (s->module != module)
			continue;
		for (size_t j = 0; j < s->nlistens; j++)
			if (s->listens[j].ssl &&
			    strcmp(s->listens[j].addr, addr) == 0)
				return true;
	}
	return false;
}

/* A path nginx evaluates per connection cannot be checked offline. */
static bool
checkable(struct nginx *ng, const struct ref *r, const char *directive)
{
	if (ng == NULL)		/* only asking */
		return strchr(r->path, '$') == NULL &&
		    strncmp(r->path, "engine:", 7) != 0 &&
		    strncmp(r->path, "store:", 6) != 0;
	if (strchr(r->path, '$') != NULL) {
		finding_add_file(ng->src.fs, "source-unsupported", SEV_WARN,
		    r->origin, "nginx: %s %s holds a variable, resolved per "
		    "connection: not checkable offline", directive, r->path);
		return false;
	}
	if (strncmp(r->path, "engine:", 7) == 0 ||
	    strncmp(r->path, "store:", 6) == 0) {
		finding_add_file(ng->src.fs, "source-unsupported", SEV_WARN,
		    r->origin, "nginx: %s %s is held by an OpenSSL engine or "
		    "store: not checkable offline", directive, r->path);
		return false;
	}
	return true;
}

static bool
add_ref(struct nginx *ng, struct deployment *d, const struct ref *r,
    enum deploy_use use)
{
	char *path;
	bool ok;

	if (strncmp(r->path, "data:", 5) == 0)	/* the PEM itself */
		return deployment_add_data(d, r->path, use, r->origin,
		    (const unsigned char *)r->path + 5, strlen(r->path + 5));
	if ((path = conf_resolve(ng->prefix, r->path)) == NULL)
		return false;
	ok = deployment_add_file(d, path, use, r->origin);
	free(path);
	return ok;
}

static bool
emit(struct nginx *ng, const struct server *s, struct deployments *ds)
{
	const struct refs *certs = &s->r[R_CERT], *keys = &s->r[R_KEY];
	const struct listen *ls = NULL;
	struct deployment *d;
	char *title;
	bool ssl = s->ssl_on, ok = true, usable = false;

	for (size_t i = 0; i < s->nlistens; i++)
		if (s->listens[i].ssl ||
		    ssl_socket(ng, s->module, s->listens[i].addr)) {
			if (ls == NULL)
				ls = &s->listens[i];
			ssl = true;
		}
	if (!ssl)
		return true;
	if (ls == NULL && s->nlistens > 0)	/* "ssl on" */
		ls = &s->listens[0];
	for (size_t i = 0; i < certs->n; i++)
		if (checkable(NULL, &certs->v[i], NULL) && (i >= keys->n ||
		    checkable(NULL, &keys->v[i], NULL)))
			usable = true;
	if (!usable) {		/* say why, and make no empty deployment */
		for (size_t i = 0; i < certs->n; i++)
			if (checkable(ng, &certs->v[i], "ssl_certificate") &&
			    i < keys->n)
				checkable(ng, &keys->v[i],
				    "ssl_certificate_key");
		return true;
	}
	if (asprintf(&title, "nginx %s (%s)", s->nnames > 0 ? s->names[0] :
	    "server", s->origin) < 0)
		return false;
	d = deployment_add(ds, DEPLOY_NGINX, title, s->origin);
	free(title);
	if (d == NULL)
		return false;
	if (s->r[R_PASSWORD].n > 0 &&
	    checkable(ng, &s->r[R_PASSWORD].v[0], "ssl_password_file"))
		ok = ok && add_ref(ng, d, &s->r[R_PASSWORD].v[0], USE_PASSWORD);
	for (size_t i = 0; i < certs->n; i++) {
		const struct ref *c = &certs->v[i];
		const struct ref *k = i < keys->n ? &keys->v[i] : NULL;

		if (k == NULL)
			finding_add_file(ng->src.fs, "source-no-key", SEV_FAIL,
			    c->origin, "nginx: no ssl_certificate_key for "
			    "certificate %s (server at %s): nginx refuses to "
			    "start", c->path, s->origin);
		if (!checkable(ng, c, "ssl_certificate") ||
		    (k != NULL && !checkable(ng, k, "ssl_certificate_key")))
			continue;
		ok = ok && add_ref(ng, d, c, USE_CERT);
		if (k != NULL)
			ok = ok && add_ref(ng, d, k, USE_KEY);
	}
	if (s->r[R_TRUSTED].n > 0 &&
	    checkable(ng, &s->r[R_TRUSTED].v[0], "ssl_trusted_certificate"))
		ok = ok && add_ref(ng, d, &s->r[R_TRUSTED].v[0], USE_TRUSTED);
	if (s->r[R_CLIENT].n > 0 &&
	    checkable(ng, &s->r[R_CLIENT].v[0], "ssl_client_certificate"))
		ok = ok && add_ref(ng, d, &s->r[R_CLIENT].v[0], USE_CLIENT_CA);
	for (size_t i = 0; ok && i < s->nnames; i++)
		ok = deployment_add_name(d, s->names[i]);
	if (ok && ls != NULL)
		ok = deployment_set_listen(d, ls->addr);
	return ok;
}

static int
nginx_read(const char *path, struct deployments *ds, struct findings *fs)
{
	struct nginx ng;
	size_t before = ds->n, nf = fs->n;
	int rc = 0;

	memset(&ng, 0, sizeof(ng));
	ng.src.what = "nginx";
	ng.src.fs = fs;
	ng.stack[0] = L_MAIN;
	ng.depth = 1;
	if ((ng.prefix = conf_dirname(path)) == NULL)
		return -1;
	parse_file(&ng, path, NULL, 0);
	if (ng.src.nfiles == 0)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < ng.nservers; i++)
		if (!emit(&ng, &ng.servers[i], ds))
			ng.failed = true;
	if (ng.failed) {
		finding_add_file(fs, "source-unreadable", SEV_ERROR, path,
		    "nginx: out of memory reading the configuration");
		rc = -1;
	}
	if (rc == 0 && ds->n == before && fs->n == nf)
		finding_add_file(fs, "source-empty", SEV_WARN, path,
		    "nginx: no server block serves TLS with a certificate");
	for (size_t i = 0; i < ng.nservers; i++)
		server_free(&ng.servers[i]);
	for (int i = 0; i < R_MAX; i++)
		refs_clear(&ng.module_r[i]);
	free(ng.servers);
	free(ng.prefix);
	return rc;
}

static bool
nginx_sniff(const char *path, const unsigned char *head, size_t len)
{
	const char *base = strrchr(path, '/');
	const char *clues[] = { "ssl_certificate", "server_name", "http {",
	    "worker_processes", "events {", NULL };

	base = base != NULL ? base + 1 : path;
	if (head == NULL)
		return false;
	if (strcmp(base, "nginx.conf") == 0)
		return true;
	for (int i = 0; clues[i] != NULL; i++)
		if (len >= strlen(clues[i]) &&
		    memmem(head, len, clues[i], strlen(clues[i])) != NULL)
			return true;
	return false;
}

const struct source_desc source_nginx = {
	"nginx", nginx_sniff, nginx_read
};
