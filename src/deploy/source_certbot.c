/* certbot: /etc/letsencrypt (or a copy of it). One deployment per
 * lineage, from renewal/NAME.conf when there is one, else live/NAME/.
 * Servers load live/NAME/fullchain.pem and privkey.pem; those are links
 * into archive/NAME/, which certbot moves at each renewal. The links are
 * the design and are followed, but only inside the certbot tree: a copy
 * whose links lead back into the real /etc/letsencrypt is not what the
 * user named. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "deploy/source.h"
#include "deploy/source_certbot.h"
#include "strbuf.h"

/* A renewal configuration is a few hundred bytes; more lines than this
 * is not one. */
#define CERTBOT_MAX_CONF_LINES	10000u
/* Lineages per tree: beyond this the tree is not a certbot tree. */
#define CERTBOT_MAX_LINEAGES	100000u

struct tree {
	const char *root;	/* as the user spelled it, no trailing '/' */
	char *root_real;	/* its realpath: the bounds of the links */
	struct deployments *ds;
	struct findings *fs;
};

/* The four paths a renewal configuration names, with their lines. */
enum conf_key { K_CERT, K_PRIVKEY, K_CHAIN, K_FULLCHAIN, K_N };
static const char *const conf_keys[K_N] = {
	"cert", "privkey", "chain", "fullchain"
};

struct conf {
	char *path[K_N];	/* owned; rebased into the tree, or NULL */
	unsigned line[K_N];
};

static char *
join(const char *a, const char *b)
{
	char *s;

	if (asprintf(&s, "%s%s%s", a, *a != '\0' && a[strlen(a) - 1] != '/' ?
	    "/" : "", b) < 0)
		return NULL;
	return s;
}

static bool
is_dir(const char *dir, const char *name)
{
	char *p = join(dir, name);
	struct stat sb;
	bool r = p != NULL && stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);

	free(p);
	return r;
}

static bool
is_link(const char *dir, const char *name)
{
	char *p = join(dir, name);
	struct stat sb;
	bool r = p != NULL && lstat(p, &sb) == 0 && S_ISLNK(sb.st_mode);

	free(p);
	return r;
}

bool
certbot_is_root(const char *path)
{
	return is_dir(path, "live") && (is_dir(path, "renewal") ||
	    is_dir(path, "archive"));
}

bool
certbot_is_lineage(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return false;
	return is_link(path, "fullchain.pem") || is_link(path, "privkey.pem") ||
	    is_link(path, "cert.pem");
}

/* The parent of path ("a/b" -> "a", "b" -> ".", "/b" -> "/"). */
static char *
parent_of(const char *path)
{
	const char *sl = strrchr(path, '/');

	if (sl == NULL)
		return strdup(".");
	if (sl == path)
		return strdup("/");
	return strndup(path, (size_t)(sl - path));
}

static bool
sniff(const char *path, const unsigned char *head, size_t len)
{
	struct stat sb;
	char *dir, *parent = NULL;
	const char *base;
	size_t n = strlen(path);
	bool r = false;

	(void)head;
	(void)len;
	if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return false;	/* a file: never certbot */
	if (certbot_is_root(path) || certbot_is_lineage(path))
		return true;
	/* live/ itself, named as in `certdiag check /etc/letsencrypt/live/`. */
	while (n > 1 && path[n - 1] == '/')
		n--;
	if ((dir = strndup(path, n)) == NULL)
		return false;
	base = strrchr(dir, '/') != NULL ? strrchr(dir, '/') + 1 : dir;
	if (strcmp(base, "live") == 0 && (parent = parent_of(dir)) != NULL)
		r = certbot_is_root(parent);
	free(parent);
	free(dir);
	return r;
}

static void
conf_free(struct conf *c)
{
	for (int k = 0; k < K_N; k++)
		free(c->path[k]);
}

/* The renewal file's absolute path, moved into the tree at hand: the
 * part from its last "/live/" or "/archive/" on. A copy of
 * /etc/letsencrypt keeps the original paths in its renewal files. NULL
 * when the path is not in a certbot tree at all. */
static char *
rebase(const struct tree *t, const char *value)
{
	const char *marks[] = { "/live/", "/archive/" }, *best = NULL;

	for (size_t i = 0; i < sizeof(marks) / sizeof(*marks); i++) {
		const char *p = value, *q;
		while ((q = strstr(p, marks[i])) != NULL) {
			if (best == NULL || q > best)
				best = q;
			p = q + 1;
		}
	}
	if (best == NULL || strstr(best, "/../") != NULL)
		return NULL;
	return join(t->root, best + 1);
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
	    e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* Reads the paths of one renewal configuration (the lines before its
 * first [section]). What it cannot follow is a finding at FILE:LINE. */
static int
conf_read(struct tree *t, const char *file, struct conf *c,
    struct findings *fs)
{
	char buf[PATH_MAX + 64], where[PATH_MAX + 32];
	unsigned line = 0;
	FILE *f;

	memset(c, 0, sizeof(*c));
	if ((f = fopen(file, "r")) == NULL) {
		finding_add_file(fs, "source-unreadable", SEV_ERROR, file,
		    "cannot read certbot renewal configuration: %s",
		    strerror(errno));
		return -1;
	}
	while (fgets(buf, sizeof(buf), f) != NULL) {
		char *s = trim(buf), *eq, *key, *val;
		if (++line > CERTBOT_MAX_CONF_LINES) {
			finding_add_file(fs, "source-limit", SEV_ERROR, file,
			    "more than %u lines: not a certbot renewal "
			    "configuration; the rest is not read",
			    CERTBOT_MAX_CONF_LINES);
			break;
		}
		if (*s == '[')
			break;
		if (*s == '#' || *s == '\0' || (eq = strchr(s, '=')) == NULL)
			continue;
		*eq = '\0';
		key = trim(s);
		val = trim(eq + 1);
		for (int k = 0; k < K_N; k++) {
			if (strcmp(key, conf_keys[k]) != 0)
				continue;
			snprintf(where, sizeof(where), "%s:%u", file, line);
			free(c->path[k]);
			if ((c->path[k] = rebase(t, val)) == NULL) {
				finding_add_file(fs, "source-unsupported",
				    SEV_WARN, where, "%s = %s: not under a "
				    "certbot live/ or archive/ folder; not "
				    "followed", key, val);
				continue;
			}
			c->line[k] = line;
		}
	}
	fclose(f);
	return 0;
}

/* Whether path may be loaded: a link must resolve, and stay inside the
 * tree. Says why not as a finding. */
static bool
followable(struct tree *t, struct deployment *d, const char *path)
{
	char target[PATH_MAX], *real;
	struct stat sb;
	ssize_t n;
	bool inside;

	if (lstat(path, &sb) != 0 || !S_ISLNK(sb.st_mode))
		return true;	/* a plain file, or missing: the loader says */
	if ((n = readlink(path, target, sizeof(target) - 1)) < 0)
		n = 0;
	target[n] = '\0';
	if ((real = realpath(path, NULL)) == NULL) {
		struct finding *f = finding_add_file(&d->findings,
		    "link-dangling",
		    SEV_FAIL, path, "link to %s leads nowhere: was live/ "
		    "copied without archive/?", target);
		if (f != NULL)
			finding_hint(f, "copy the whole certbot folder with "
			    "its links: cp -a /etc/letsencrypt DEST (or "
			    "restore archive/ next to live/)");
		return true;	/* its deployment fails to load it, as the
				 * server would */
	}
	inside = strcmp(t->root_real, "/") == 0 ||
	    (strncmp(real, t->root_real, strlen(t->root_real)) == 0 &&
	    real[strlen(t->root_real)] == '/');
	if (!inside) {
		struct finding *f = finding_add_file(&d->findings,
		    "link-outside",
		    SEV_WARN, path, "link to %s leaves the certbot tree %s; "
		    "not followed", target, t->root);
		if (f != NULL)
			finding_hint(f, "check the tree the links lead to, or "
			    "copy it with relative links: cp -a");
	}
	free(real);
	return inside;
}

static bool
add(struct tree *t, struct deployment *d, const char *path,
    enum deploy_use use, const char *conf, unsigned line)
{
	char where[PATH_MAX + 32];

	if (!followable(t, d, path))
		return true;
	if (conf != NULL)
		snprintf(where, sizeof(where), "%s:%u", conf, line);
	return deployment_add_file(d, path, use, conf != NULL ? where : NULL);
}

/* One lineage: fullchain + privkey, as servers configured by certbot
 * load them; cert + chain when the renewal file names no fullchain. */
static int
lineage(struct tree *t, const char *name)
{
	char *conf = NULL, *live = NULL, *p[K_N] = { 0 }, *title = NULL;
	struct conf c = { 0 };
	struct deployment *d;
	struct stat sb;
	bool have_conf, ok = false;
	int rc = -1;

	if (asprintf(&conf, "%s/renewal/%s.conf", t->root, name) < 0 ||
	    asprintf(&live, "%s/live/%s", t->root, name) < 0 ||
	    asprintf(&title, "certbot %s", name) < 0)
		goto oom;
	have_conf = stat(conf, &sb) == 0 && S_ISREG(sb.st_mode);
	if ((d = deployment_add(t->ds, DEPLOY_CERTBOT, title,
	    have_conf ? conf : live)) == NULL)
		goto oom;
	/* What the lineage's files say is told in its own section. */
	if (have_conf)
		conf_read(t, conf, &c, &d->findings);
	for (int k = 0; k < K_N; k++)
		if (c.path[k] == NULL && (!have_conf || k == K_FULLCHAIN ||
		    k == K_PRIVKEY) && asprintf(&p[k], "%s/%s.pem", live,
		    conf_keys[k]) < 0)
			goto oom;
#define PATH(k) (c.path[k] != NULL ? c.path[k] : p[k])
#define CONF(k) (c.path[k] != NULL ? conf : NULL)
	if (PATH(K_FULLCHAIN) != NULL && (c.path[K_FULLCHAIN] != NULL ||
	    c.path[K_CERT] == NULL))
		ok = add(t, d, PATH(K_FULLCHAIN), USE_CERT, CONF(K_FULLCHAIN),
		    c.line[K_FULLCHAIN]);
	else {
		ok = PATH(K_CERT) == NULL || add(t, d, PATH(K_CERT), USE_CERT,
		    CONF(K_CERT), c.line[K_CERT]);
		ok = ok && (PATH(K_CHAIN) == NULL || add(t, d, PATH(K_CHAIN),
		    USE_CHAIN, CONF(K_CHAIN), c.line[K_CHAIN]));
	}
	ok = ok && (PATH(K_PRIVKEY) == NULL || add(t, d, PATH(K_PRIVKEY),
	    USE_KEY, CONF(K_PRIVKEY), c.line[K_PRIVKEY]));
#undef PATH
#undef CONF
	if (!ok)
		goto oom;
	rc = 0;
	goto out;
oom:
	finding_add_file(t->fs, "source-unreadable", SEV_ERROR, live,
	    "out of memory");
out:
	for (int k = 0; k < K_N; k++)
		free(p[k]);
	conf_free(&c);
	free(title);
	free(live);
	free(conf);
	return rc;
}

struct names {
	char **v;
	size_t n, cap;
};

static bool
names_add(struct names *ns, const char *name, size_t len)
{
	if (!array_grow(&ns->v, &ns->cap, ns->n + 1, sizeof(*ns->v)))
		return false;
	if ((ns->v[ns->n] = strndup(name, len)) == NULL)
		return false;
	ns->n++;
	return true;
}

/* Lineage names found in dir: NAME.conf files (suffix ".conf") or
 * NAME folders (suffix NULL). */
static bool
list_names(const char *dir, const char *suffix, struct names *ns)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	bool ok = true;

	if (d == NULL)
		return true;	/* renewal/ or live/ may be absent */
	while (ok && (de = readdir(d)) != NULL && ns->n < CERTBOT_MAX_LINEAGES) {
		size_t len = strlen(de->d_name), sl;
		if (de->d_name[0] == '.')
			continue;
		if (suffix != NULL) {
			sl = strlen(suffix);
			if (len > sl && strcmp(de->d_name + len - sl,
			    suffix) == 0)
				ok = names_add(ns, de->d_name, len - sl);
		} else if (is_dir(dir, de->d_name))
			ok = names_add(ns, de->d_name, len);
	}
	closedir(d);
	return ok;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
read_tree(const char *path, struct deployments *ds, struct findings *fs)
{
	struct tree t = { .ds = ds, .fs = fs };
	struct names ns = { 0 };
	char *root = NULL, *dir = NULL, *one = NULL;
	size_t len = strlen(path);
	int rc = -1;

	while (len > 1 && path[len - 1] == '/')
		len--;
	if ((root = strndup(path, len)) == NULL)
		goto oom;
	if (!certbot_is_root(root)) {
		/* live/, or one lineage live/NAME: the tree is above. */
		char *up = parent_of(root), *base = strrchr(root, '/');
		base = base != NULL ? base + 1 : root;
		if (up == NULL)
			goto oom;
		if (strcmp(base, "live") == 0 && certbot_is_root(up)) {
			free(root);
			root = up;
		} else if (certbot_is_lineage(root)) {
			char *top = parent_of(up);
			free(up);
			if (top == NULL || (one = strdup(base)) == NULL) {
				free(top);
				goto oom;
			}
			free(root);
			root = top;
		} else {
			free(up);
			finding_add_file(fs, "source-unreadable", SEV_ERROR,
			    path, "not a certbot folder: expected live/ with "
			    "renewal/ or archive/, or a live/NAME folder of "
			    "links");
			goto out;
		}
	}
	t.root = root;
	if ((t.root_real = realpath(root, NULL)) == NULL) {
		finding_add_file(fs, "source-unreadable", SEV_ERROR, path,
		    "cannot read: %s", strerror(errno));
		goto out;
	}
	if (one != NULL) {
		if (!names_add(&ns, one, strlen(one)))
			goto oom;
	} else {
		if ((dir = join(root, "renewal")) == NULL ||
		    !list_names(dir, ".conf", &ns))
			goto oom;
		free(dir);
		if ((dir = join(root, "live")) == NULL ||
		    !list_names(dir, NULL, &ns))
			goto oom;
	}
	if (ns.n >= CERTBOT_MAX_LINEAGES)
		finding_add_file(fs, "source-limit", SEV_ERROR, path,
		    "more than %u lineages; the rest are not read",
		    CERTBOT_MAX_LINEAGES);
	if (ns.n > 1)
		array_sort(ns.v, ns.n, sizeof(*ns.v), cmp_str);
	for (size_t i = 0; i < ns.n; i++) {
		if (i > 0 && strcmp(ns.v[i], ns.v[i - 1]) == 0)
			continue;	/* in renewal/ and live/ */
		if (lineage(&t, ns.v[i]) != 0)
			goto out;
	}
	if (ns.n == 0) {
		finding_add_file(fs, "source-unreadable", SEV_ERROR, path,
		    "certbot folder without lineages (renewal/*.conf or "
		    "live/NAME/)");
		goto out;
	}
	rc = 0;
	goto out;
oom:
	finding_add_file(fs, "source-unreadable", SEV_ERROR, path,
	    "out of memory");
out:
	for (size_t i = 0; i < ns.n; i++)
		free(ns.v[i]);
	free(ns.v);
	free(t.root_real);
	free(one);
	free(dir);
	free(root);
	return rc;
}

const struct source_desc source_certbot = {
	"certbot", sniff, read_tree
};

bool
certbot_link_in_tree(const char *link, const char *target_real)
{
	char *lineage = parent_of(link), *live = NULL, *root = NULL;
	char *archive = NULL, *real = NULL;
	const char *base;
	size_t n;
	bool r = false;

	if (lineage == NULL || (live = parent_of(lineage)) == NULL)
		goto out;
	base = strrchr(live, '/') != NULL ? strrchr(live, '/') + 1 : live;
	if (strcmp(base, "live") != 0 || (root = parent_of(live)) == NULL ||
	    !certbot_is_root(root) || (archive = join(root, "archive")) ==
	    NULL || (real = realpath(archive, NULL)) == NULL)
		goto out;
	n = strlen(real);
	r = strncmp(target_real, real, n) == 0 && target_real[n] == '/';
out:
	free(real);
	free(archive);
	free(root);
	free(live);
	free(lineage);
	return r;
}
