/* Apache httpd: one deployment per <VirtualHost> with SSLEngine on that
 * loads a certificate (and one for the main server when it has both).
 * What a virtual host does not set it inherits from the server level:
 * SSLCertificateFile and SSLCertificateKeyFile position by position, as
 * mod_ssl merges them (a host's first certificate replaces the main
 * server's first), the others as a whole. A certificate without a key
 * file at its position holds its key (USE_CERT_KEY). Include and
 * IncludeOptional (globs, directories) and relative paths are resolved
 * against ServerRoot, by default the directory of the main file;
 * ${NAME} is replaced by Define'd values; <Macro> bodies are expanded
 * at each Use (apache_macro.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "deploy/apache_macro.h"
#include "deploy/conf_file.h"
#include "deploy/conf_lex.h"
#include "deploy/source.h"

struct ref {
	char *path;		/* owned; resolved */
	char *origin;		/* owned */
};

enum { R_CERT, R_KEY, R_CHAIN, R_CA, R_MAX };
static const char *const ref_directive[R_MAX] = {
	"SSLCertificateFile", "SSLCertificateKeyFile",
	"SSLCertificateChainFile", "SSLCACertificateFile"
};

/* The SSL settings of the main server or of one virtual host. */
struct host {
	char *origin;		/* owned; "<VirtualHost" line, or NULL */
	char *listen;		/* owned; first address of <VirtualHost> */
	struct ref r[R_MAX][4];	/* mod_ssl keeps up to 4 certificates */
	size_t n[R_MAX];
	int engine;		/* SSLEngine: -1 unset, 0 off, 1 on */
	char **names;
	size_t nnames;
};

struct apache {
	struct conf_src src;
	char *root;		/* owned; ServerRoot */
	char **defs;		/* owned; "NAME=VALUE" from Define */
	size_t ndefs;
	struct host main;
	struct host *vhosts;
	size_t nvhosts;
	struct host *cur;	/* &main, or the open virtual host */
	struct apache_macros macros;
	bool collecting;	/* inside <Macro>: lines are its body */
	struct apache_macro *collect;	/* NULL: a bad <Macro>, discarded */
	unsigned collect_nest;	/* <Macro> within the body */
	size_t macro_lines;	/* lines made by Use so far */
	bool failed;
};

static void
host_free(struct host *h)
{
	free(h->origin);
	free(h->listen);
	for (int i = 0; i < R_MAX; i++)
		for (size_t j = 0; j < h->n[i]; j++) {
			free(h->r[i][j].path);
			free(h->r[i][j].origin);
		}
	for (size_t i = 0; i < h->nnames; i++)
		free(h->names[i]);
	free(h->names);
}

static const char *
lookup_def(const struct apache *ap, const char *name, size_t n)
{
	for (size_t i = ap->ndefs; i-- > 0;)
		if (strncmp(ap->defs[i], name, n) == 0 &&
		    ap->defs[i][n] == '=')
			return ap->defs[i] + n + 1;
	if (n < 128) {		/* Apache also reads the environment */
		char env[128];
		memcpy(env, name, n);
		env[n] = '\0';
		return getenv(env);
	}
	return NULL;
}

/* Replaces ${NAME} by its Define'd value. NULL, *undefined set, when a
 * name is not defined (Apache would use the text as it is). */
static char *
expand(const struct apache *ap, const char *s, bool *undefined)
{
	size_t cap = strlen(s) + 1, n = 0;
	char *o = malloc(cap);

	*undefined = false;
	while (o != NULL && *s != '\0') {
		const char *val = NULL, *end;
		size_t vlen;

		if (s[0] == '$' && s[1] == '{' &&
		    (end = strchr(s, '}')) != NULL) {
			if ((val = lookup_def(ap, s + 2,
			    (size_t)(end - s - 2))) == NULL) {
				*undefined = true;
				free(o);
				return NULL;
			}
			s = end + 1;
		}
		vlen = val != NULL ? strlen(val) : 1;
		if (n + vlen + 1 > cap) {
			char *g = realloc(o, cap = (n + vlen + 1) * 2);
			if (g == NULL) {
				free(o);
				return NULL;
			}
			o = g;
		}
		if (val != NULL)
			memcpy(o + n, val, vlen);
		else
			o[n] = *s++;
		n += vlen;
	}
	if (o != NULL)
		o[n] = '\0';
	return o;
}

static void parse_file(struct apache *, const char *path, const char *origin,
    int depth);

static void
include(struct apache *ap, const char *arg, const char *origin, int depth,
    bool optional)
{
	char **files, *pattern;
	long n;

	if (depth + 1 > CONF_MAX_DEPTH) {
		conf_limit(&ap->src, origin,
		    "apache: includes nested more than %d deep; %s not read",
		    CONF_MAX_DEPTH, arg);
		return;
	}
	if ((pattern = conf_resolve(ap->root, arg)) == NULL) {
		ap->failed = true;
		return;
	}
	n = conf_glob(&ap->src, pattern, origin, &files);
	if (n == 0 && !optional && conf_is_glob(pattern))
		finding_add_file(ap->src.fs, "source-unreadable", SEV_ERROR,
		    origin, "apache: Include %s matches no file (Apache "
		    "refuses to start; IncludeOptional allows it)", arg);
	for (long i = 0; i < n && !ap->src.spent; i++) {
		if (optional && !conf_exists(files[i]))
			continue;
		if (conf_is_dir(files[i])) {	/* every file in it */
			char *all;
			if (asprintf(&all, "%s/*", files[i]) < 0) {
				ap->failed = true;
				break;
			}
			include(ap, all, origin, depth + 1, true);
			free(all);
		} else
			parse_file(ap, files[i], origin, depth + 1);
	}
	if (n > 0)
		conf_strv_free(files, (size_t)n);
	free(pattern);
}

static bool
add_name(struct host *h, const char *name)
{
	const char *p = strstr(name, "://");
	char **v, *copy, *colon;

	p = p != NULL ? p + 3 : name;	/* ServerName https://a.test:443 */
	if ((copy = strdup(p)) == NULL)
		return false;
	if ((colon = strrchr(copy, ':')) != NULL && copy[0] != '[')
		*colon = '\0';
	if ((v = realloc(h->names, (h->nnames + 1) * sizeof(*v))) == NULL) {
		free(copy);
		return false;
	}
	h->names = v;
	v[h->nnames++] = copy;
	return true;
}

static void
set_ref(struct apache *ap, int which, const char *arg, const char *origin)
{
	struct host *h = ap->cur;
	struct ref *r;
	bool undefined;
	char *exp, *path;

	if ((exp = expand(ap, arg, &undefined)) == NULL) {
		if (undefined)
			finding_add_file(ap->src.fs, "source-unsupported",
			    SEV_WARN, origin, "apache: %s %s uses a variable "
			    "that is not defined here: not checkable",
			    ref_directive[which], arg);
		else
			ap->failed = true;
		return;
	}
	path = conf_resolve(ap->root, exp);
	free(exp);
	if (path == NULL) {
		ap->failed = true;
		return;
	}
	if (which == R_CERT || which == R_KEY) {
		if (h->n[which] == 4) {
			finding_add_file(ap->src.fs, "source-unsupported",
			    SEV_WARN, origin, "apache: more than 4 %s in one "
			    "host; %s not checked", ref_directive[which], arg);
			free(path);
			return;
		}
	} else if (h->n[which] > 0) {	/* the last one wins */
		free(h->r[which][0].path);
		free(h->r[which][0].origin);
		h->n[which] = 0;
	}
	r = &h->r[which][h->n[which]++];
	r->path = path;
	if ((r->origin = strdup(origin)) == NULL)
		ap->failed = true;
}

static void
open_vhost(struct apache *ap, struct conf_stmt *st, const char *origin)
{
	struct host *v = realloc(ap->vhosts, (ap->nvhosts + 1) * sizeof(*v));
	struct host *h;

	if (v == NULL) {
		ap->failed = true;
		return;
	}
	ap->vhosts = v;
	h = &v[ap->nvhosts++];
	memset(h, 0, sizeof(*h));
	h->engine = -1;
	h->origin = strdup(origin);
	if (st->argc > 1) {
		char *a = st->argv[1];
		size_t n = strlen(a);

		if (n > 0 && a[n - 1] == '>')
			a[n - 1] = '\0';
		if (strncmp(a, "_default_", 9) == 0)
			a += 8, *a = '*';
		if (*a != '\0' && strchr(a, ':') != NULL)
			h->listen = strdup(a);
	}
	ap->cur = h;
}

static void statement(struct apache *, const char *text, size_t len,
    const char *origin, int depth);

static void
define_macro(struct apache *ap, const struct conf_stmt *st,
    const char *origin)
{
	struct apache_macro *m = st->argc > 1 ?
	    macro_find(&ap->macros, st->argv[1]) : NULL;
	const char *err = NULL;

	ap->collecting = true;
	ap->collect_nest = 0;
	ap->collect = NULL;
	if (m != NULL && m->expanding)	/* its body is being read */
		err = "a macro redefined inside its own Use";
	else if ((ap->collect = macro_define(&ap->macros, st, origin,
	    &err)) == NULL && err == NULL)
		ap->failed = true;
	if (err != NULL)
		finding_add_file(ap->src.fs, "source-syntax", SEV_ERROR,
		    origin, "apache: %s (Apache refuses to start)", err);
}

static void
undef_macro(struct apache *ap, const char *name, const char *origin)
{
	struct apache_macro *m = macro_find(&ap->macros, name);

	if (m == NULL || m->expanding) {
		finding_add_file(ap->src.fs, "source-syntax", SEV_ERROR,
		    origin, "apache: UndefMacro %s: %s (Apache refuses to "
		    "start)", name, m == NULL ? "no such macro" :
		    "inside its own Use");
		return;
	}
	free(m->name);	/* found no more; freed with the others */
	m->name = NULL;
}

/* A line of a <Macro> body: kept as written, up to its </Macro>. */
static void
collect_line(struct apache *ap, const char *text, size_t len)
{
	const char *p = text;

	while (p < text + len && (*p == ' ' || *p == '\t'))
		p++;
	len -= (size_t)(p - text);
	if (len >= 7 && strncasecmp(p, "</Macro", 7) == 0) {
		if (ap->collect_nest == 0) {
			ap->collecting = false;
			return;
		}
		ap->collect_nest--;
	} else if (len >= 6 && strncasecmp(p, "<Macro", 6) == 0)
		ap->collect_nest++;
	if (ap->collect != NULL && !macro_add_line(ap->collect, p, len))
		ap->failed = true;
}

/* "Use NAME args": the body with the arguments put in, read as if it
 * stood at the Use line (which is where its hosts are said to be). */
static void
use_macro(struct apache *ap, const struct conf_stmt *st, const char *origin,
    int depth)
{
	struct apache_macro *m = macro_find(&ap->macros, st->argv[1]);
	size_t idx;

	if (m == NULL || m->expanding || st->argc - 2 != m->nparams) {
		if (m == NULL)
			finding_add_file(ap->src.fs, "source-syntax",
			    SEV_ERROR, origin, "apache: Use %s: no such "
			    "macro defined before it (Apache refuses to "
			    "start)", st->argv[1]);
		else if (m->expanding)
			finding_add_file(ap->src.fs, "source-syntax",
			    SEV_ERROR, origin, "apache: Use %s inside its "
			    "own body (Apache refuses to start)", m->name);
		else
			finding_add_file(ap->src.fs, "source-syntax",
			    SEV_ERROR, origin, "apache: Use %s with %zu "
			    "arguments; the macro (%s) takes %zu (Apache "
			    "refuses to start)", m->name, st->argc - 2,
			    m->origin, m->nparams);
		return;
	}
	if (depth + 1 > CONF_MAX_DEPTH) {
		conf_limit(&ap->src, origin, "apache: Use nested more than "
		    "%d deep; %s not expanded", CONF_MAX_DEPTH, st->argv[1]);
		return;
	}
	/* a body may define macros (the array moves): by index */
	idx = (size_t)(m - ap->macros.v);
	m->expanding = true;
	for (size_t i = 0; i < ap->macros.v[idx].nbody && !ap->failed &&
	    !ap->src.spent; i++) {
		char *text;
		size_t n;

		m = &ap->macros.v[idx];
		if (ap->macro_lines++ >= MACRO_MAX_LINES) {
			ap->src.spent = true;
			conf_limit(&ap->src, origin, "apache: macros made "
			    "more than %d lines; %s not expanded further",
			    MACRO_MAX_LINES, m->name);
			break;
		}
		if ((text = macro_subst(m, m->body[i], st->argv + 2)) ==
		    NULL) {
			ap->failed = true;
			break;
		}
		/* what Use makes counts as read: a macro of macros must
		 * not build gigabytes from a small file */
		n = strlen(text);
		if ((ap->src.nbytes += n) > CONF_MAX_TOTAL) {
			ap->src.spent = true;
			conf_limit(&ap->src, origin, "apache: macros made more "
			    "than %u MiB; %s not expanded further",
			    CONF_MAX_TOTAL >> 20, m->name);
			free(text);
			break;
		}
		statement(ap, text, n, origin, depth + 1);
		free(text);
	}
	ap->macros.v[idx].expanding = false;
}

static void
line(struct apache *ap, struct conf_stmt *st, const char *origin, int depth)
{
	const char *d = st->argv[0];

	if (strncasecmp(d, "<Macro", 6) == 0) {
		define_macro(ap, st, origin);
	} else if (strcasecmp(d, "Use") == 0 && st->argc > 1) {
		use_macro(ap, st, origin, depth);
	} else if (strcasecmp(d, "UndefMacro") == 0 && st->argc > 1) {
		undef_macro(ap, st->argv[1], origin);
	} else if (strcasecmp(d, "<VirtualHost") == 0 ||
	    strncasecmp(d, "<VirtualHost ", 13) == 0) {
		if (ap->cur != &ap->main)
			finding_add_file(ap->src.fs, "source-syntax",
			    SEV_ERROR, origin, "apache: <VirtualHost> inside "
			    "<VirtualHost>");
		else
			open_vhost(ap, st, origin);
	} else if (strcasecmp(d, "</VirtualHost>") == 0) {
		if (ap->cur == &ap->main)
			finding_add_file(ap->src.fs, "source-syntax",
			    SEV_ERROR, origin, "apache: </VirtualHost> "
			    "without <VirtualHost>");
		ap->cur = &ap->main;
	} else if (d[0] == '<') {
		/* <IfModule>, <IfDefine>, <Directory>...: read as if true */
	} else if (st->argc < 2) {
		return;
	} else if (strcasecmp(d, "Include") == 0 ||
	    strcasecmp(d, "IncludeOptional") == 0) {
		bool undefined;
		char *arg = expand(ap, st->argv[1], &undefined);
		if (arg == NULL) {
			if (undefined)
				finding_add_file(ap->src.fs,
				    "source-unsupported", SEV_WARN, origin,
				    "apache: %s %s uses an undefined "
				    "variable; not read", d, st->argv[1]);
			else
				ap->failed = true;
			return;
		}
		include(ap, arg, origin, depth,
		    strcasecmp(d, "IncludeOptional") == 0);
		free(arg);
	} else if (strcasecmp(d, "ServerRoot") == 0 && ap->cur == &ap->main) {
		free(ap->root);
		if ((ap->root = strdup(st->argv[1])) == NULL)
			ap->failed = true;
	} else if (strcasecmp(d, "Define") == 0) {
		char **v = realloc(ap->defs, (ap->ndefs + 1) * sizeof(*v));
		if (v == NULL || asprintf(&v[ap->ndefs], "%s=%s", st->argv[1],
		    st->argc > 2 ? st->argv[2] : "") < 0) {
			if (v != NULL)
				ap->defs = v;
			ap->failed = true;
			return;
		}
		ap->defs = v;
		ap->ndefs++;
	} else if (strcasecmp(d, "SSLEngine") == 0) {
		ap->cur->engine = strcasecmp(st->argv[1], "on") == 0;
	} else if (strcasecmp(d, "ServerName") == 0 ||
	    strcasecmp(d, "ServerAlias") == 0) {
		for (size_t i = 1; i < st->argc; i++)
			if (!add_name(ap->cur, st->argv[i]))
				ap->failed = true;
	} else {
		for (int i = 0; i < R_MAX; i++)
			if (strcasecmp(d, ref_directive[i]) == 0)
				set_ref(ap, i, st->argv[1], origin);
	}
}

static void
statement(struct apache *ap, const char *text, size_t len,
    const char *origin, int depth)
{
	struct conf_stmt st = { 0 };

	if (ap->collecting)
		collect_line(ap, text, len);
	else if (!conf_split(text, len, &st))
		finding_add_file(ap->src.fs, "source-syntax", SEV_ERROR,
		    origin, "apache: %s", st.err);
	else if (st.argc > 0)
		line(ap, &st, origin, depth);
	conf_stmt_free(&st);
}

static void
parse_file(struct apache *ap, const char *path, const char *origin,
    int depth)
{
	struct conf_lex lx;
	char *text, *logical = NULL;
	size_t len, llen = 0;
	const char *l;
	unsigned no, first = 0;

	if (!conf_enter(&ap->src, path, origin))
		return;
	if ((text = conf_read(&ap->src, path, origin, &len)) == NULL) {
		conf_leave(&ap->src);
		return;
	}
	conf_lex_init(&lx, text, len);
	while (!ap->failed && conf_line_next(&lx, &l, &len, &no)) {
		bool more = len > 0 && l[len - 1] == '\\';
		char *g, *at;

		if (logical == NULL)
			first = no;
		/* a trailing backslash joins the next line */
		if ((g = realloc(logical, llen + len + 1)) == NULL) {
			ap->failed = true;
			break;
		}
		logical = g;
		memcpy(logical + llen, l, len - (more ? 1 : 0));
		llen += len - (more ? 1 : 0);
		logical[llen] = '\0';
		if (more)
			continue;
		if ((at = conf_origin(path, first)) == NULL) {
			ap->failed = true;
			break;
		}
		statement(ap, logical, llen, at, depth);
		free(at);
		free(logical);
		logical = NULL;
		llen = 0;
	}
	free(logical);
	/* Apache wants a macro closed in the file that opens it */
	if (ap->collecting) {
		ap->collecting = false;
		finding_add_file(ap->src.fs, "source-syntax", SEV_ERROR,
		    ap->collect != NULL ? ap->collect->origin : path,
		    "apache: <Macro> not closed in %s", path);
	}
	conf_leave(&ap->src);
	free(text);
}

/* The host's settings merged with the main server's. */
static const struct ref *
merged(const struct apache *ap, const struct host *h, int which,
    size_t i)
{
	if (which == R_CERT || which == R_KEY) {
		if (i < h->n[which])
			return &h->r[which][i];
		return i < ap->main.n[which] ? &ap->main.r[which][i] : NULL;
	}
	if (i > 0)
		return NULL;
	return h->n[which] > 0 ? &h->r[which][0] :
	    ap->main.n[which] > 0 ? &ap->main.r[which][0] : NULL;
}

static bool
emit(struct apache *ap, const struct host *h, struct deployments *ds)
{
	int engine = h->engine >= 0 ? h->engine : ap->main.engine;
	const char *origin = h->origin != NULL ? h->origin : NULL;
	struct deployment *d;
	char *title;
	bool ok = true;

	if (engine != 1 || merged(ap, h, R_CERT, 0) == NULL)
		return true;
	if (origin == NULL)	/* the main server */
		origin = merged(ap, h, R_CERT, 0)->origin;
	if (asprintf(&title, "apache %s (%s)", h->nnames > 0 ? h->names[0] :
	    h->origin != NULL ? "virtual host" : "main server", origin) < 0)
		return false;
	d = deployment_add(ds, DEPLOY_APACHE, title, origin);
	free(title);
	if (d == NULL)
		return false;
	for (size_t i = 0; ok && i < 4; i++) {
		const struct ref *c = merged(ap, h, R_CERT, i);
		const struct ref *k = merged(ap, h, R_KEY, i);
		if (c == NULL)
			break;
		ok = deployment_add_file(d, c->path, k != NULL ? USE_CERT :
		    USE_CERT_KEY, c->origin);
		if (ok && k != NULL)
			ok = deployment_add_file(d, k->path, USE_KEY,
			    k->origin);
	}
	if (ok && merged(ap, h, R_CHAIN, 0) != NULL)
		ok = deployment_add_file(d, merged(ap, h, R_CHAIN, 0)->path,
		    USE_CHAIN, merged(ap, h, R_CHAIN, 0)->origin);
	if (ok && merged(ap, h, R_CA, 0) != NULL)
		ok = deployment_add_file(d, merged(ap, h, R_CA, 0)->path,
		    USE_CLIENT_CA, merged(ap, h, R_CA, 0)->origin);
	for (size_t i = 0; ok && i < h->nnames; i++)
		ok = deployment_add_name(d, h->names[i]);
	if (ok && h->listen != NULL)
		ok = deployment_set_listen(d, h->listen);
	return ok;
}

static int
apache_read(const char *path, struct deployments *ds, struct findings *fs)
{
	struct apache ap;
	size_t before = ds->n, nf = fs->n;
	int rc = 0;

	memset(&ap, 0, sizeof(ap));
	ap.src.what = "apache";
	ap.src.fs = fs;
	ap.main.engine = -1;
	ap.cur = &ap.main;
	if ((ap.root = conf_dirname(path)) == NULL)
		return -1;
	parse_file(&ap, path, NULL, 0);
	if (ap.src.nfiles == 0)
		rc = -1;
	if (rc == 0 && ap.cur != &ap.main)
		finding_add_file(fs, "source-syntax", SEV_ERROR,
		    ap.cur->origin, "apache: <VirtualHost> not closed");
	if (rc == 0 && !ap.failed && !emit(&ap, &ap.main, ds))
		ap.failed = true;
	for (size_t i = 0; rc == 0 && !ap.failed && i < ap.nvhosts; i++)
		if (!emit(&ap, &ap.vhosts[i], ds))
			ap.failed = true;
	if (ap.failed) {
		finding_add_file(fs, "source-unreadable", SEV_ERROR, path,
		    "apache: out of memory reading the configuration");
		rc = -1;
	}
	if (rc == 0 && ds->n == before && fs->n == nf)
		finding_add_file(fs, "source-empty", SEV_WARN, path,
		    "apache: no host has SSLEngine on and a certificate");
	host_free(&ap.main);
	for (size_t i = 0; i < ap.nvhosts; i++)
		host_free(&ap.vhosts[i]);
	free(ap.vhosts);
	conf_strv_free(ap.defs, ap.ndefs);
	macros_free(&ap.macros);
	free(ap.root);
	return rc;
}

static bool
apache_sniff(const char *path, const unsigned char *head, size_t len)
{
	const char *base = strrchr(path, '/');
	const char *clues[] = { "SSLCertificateFile", "<VirtualHost",
	    "ServerRoot", NULL };

	base = base != NULL ? base + 1 : path;
	if (head == NULL)
		return false;
	if (strcmp(base, "httpd.conf") == 0 ||
	    strcmp(base, "apache2.conf") == 0 ||
	    strcmp(base, "apache.conf") == 0)
		return true;
	for (int i = 0; clues[i] != NULL; i++)
		if (memmem(head, len, clues[i], strlen(clues[i])) != NULL)
			return true;
	return false;
}

const struct source_desc source_apache = {
	"apache", apache_sniff, apache_read
};
