#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "deploy/source_certbot.h"
#include "scan_walk.h"
#include "strbuf.h"

struct walk_dirid {
	dev_t dev;
	ino_t ino;
	bool used;
};

/* A symbolic link met during the walk, followed once the real tree is
 * done: then a folder is reported under its own name, not an alias's. */
struct link {
	char *path, *rel;
	unsigned depth;
};

struct walk {
	const struct walk_opts *opt;
	struct link *links;
	size_t nlinks, caplinks;
	struct walk_state *st;
	struct scan_list *out;
	struct findings *fs;
	const char *root_real;	/* realpath of the root: the tree's bounds */
	size_t root_real_len;
	/* The first link not followed for each reason, for the summary. */
	char *first_outside, *first_dangling;
};

void
walk_state_init(struct walk_state *st)
{
	memset(st, 0, sizeof(*st));
}

void
walk_state_free(struct walk_state *st)
{
	free(st->seen);
	memset(st, 0, sizeof(*st));
}

static size_t
dirid_slot(dev_t dev, ino_t ino, size_t mask)
{
	return ((size_t)ino * 0x9e3779b97f4a7c15ull ^ (size_t)dev) & mask;
}

static void
seen_insert(struct walk_dirid *v, size_t cap, struct walk_dirid id)
{
	size_t s = dirid_slot(id.dev, id.ino, cap - 1);

	while (v[s].used)
		s = (s + 1) & (cap - 1);
	v[s] = id;
}

/* Records a directory; true when it was entered before (a loop, or an
 * alias through a link). An open-addressing set: trees with one folder
 * per certificate have as many directories as files. */
static bool
seen_before(struct walk_state *st, dev_t dev, ino_t ino, bool *oom)
{
	struct walk_dirid id = { dev, ino, true };

	if (st->capseen != 0)
		for (size_t s = dirid_slot(dev, ino, st->capseen - 1);
		    st->seen[s].used; s = (s + 1) & (st->capseen - 1))
			if (st->seen[s].dev == dev && st->seen[s].ino == ino)
				return true;
	if ((st->nseen + 1) * 2 > st->capseen) {
		size_t cap = st->capseen ? st->capseen * 2 : 64;
		struct walk_dirid *v = calloc(cap, sizeof(*v));
		if (v == NULL) {
			*oom = true;
			return true;
		}
		for (size_t i = 0; i < st->capseen; i++)
			if (st->seen[i].used)
				seen_insert(v, cap, st->seen[i]);
		free(st->seen);
		st->seen = v;
		st->capseen = cap;
	}
	seen_insert(st->seen, st->capseen, id);
	st->nseen++;
	return false;
}

static int
walk_error(struct walk *w, const char *path, const char *what)
{
	finding_add_file(w->fs, "scan-error", SEV_ERROR, path, "%s", what);
	return -1;
}

/* linked: the stat of the file a checked link leads to, or NULL. */
static int
add_file(struct walk *w, const char *path, const struct stat *linked)
{
	if (w->st->files >= w->opt->max_files) {
		finding_add_file(w->fs, "scan-error", SEV_ERROR, path,
		    "more than %zu files to scan; narrow the scan with "
		    "--exclude GLOB or a .certdiagignore file",
		    w->opt->max_files);
		return -1;
	}
	if (!scan_list_add(w->out, path, NULL, NULL, false))
		return walk_error(w, path, "out of memory");
	if (linked != NULL) {
		struct scan_file *f = &w->out->v[w->out->n - 1];
		f->link = true;
		f->dev = linked->st_dev;
		f->ino = linked->st_ino;
	}
	w->st->files++;
	return 0;
}

/* a joined with b by one '/', without a leading "./" for the current
 * directory. NULL on ENOMEM or when the result would exceed PATH_MAX. */
static char *
join(const char *a, const char *b)
{
	size_t la = strlen(a);
	char *s;

	if (strcmp(a, ".") == 0 || la == 0)
		return strlen(b) < PATH_MAX ? strdup(b) : NULL;
	while (la > 1 && a[la - 1] == '/')
		la--;
	if (la + 1 + strlen(b) >= PATH_MAX)
		return NULL;
	if (asprintf(&s, "%.*s%s%s", (int)la, a, a[la - 1] == '/' ? "" : "/",
	    b) < 0)
		return NULL;
	return s;
}

static bool
inside_tree(const struct walk *w, const char *real)
{
	if (strcmp(w->root_real, "/") == 0)
		return true;
	return strncmp(real, w->root_real, w->root_real_len) == 0 &&
	    (real[w->root_real_len] == '/' || real[w->root_real_len] == '\0');
}

/* Entries start with their name. */
static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_dir(struct walk *, const char *path, const char *rel,
    unsigned depth);

/* A link of a certbot lineage: ".../live/NAME/FILE" or "live/NAME/FILE". */
static bool
in_live_lineage(const char *path)
{
	const char *file = strrchr(path, '/'), *name, *live;

	if (file == NULL || file == path)
		return false;
	for (name = file - 1; name > path && *name != '/'; name--)
		;
	if (*name != '/')
		return false;
	for (live = name; live > path && live[-1] != '/'; live--)
		;
	return name - live == 4 && strncmp(live, "live", 4) == 0;
}

static int
link_outside(struct walk *w, const char *path)
{
	w->st->skipped_links++;
	w->st->links_outside++;
	if (w->first_outside == NULL &&
	    (w->first_outside = strdup(path)) == NULL)
		return walk_error(w, path, "out of memory");
	return 0;
}

static int
link_dangling(struct walk *w, const char *path)
{
	char target[PATH_MAX];
	ssize_t n;

	w->st->skipped_links++;
	w->st->links_dangling++;
	if (w->first_dangling == NULL &&
	    (w->first_dangling = strdup(path)) == NULL)
		return walk_error(w, path, "out of memory");
	if (in_live_lineage(path)) {
		struct finding *f;
		if ((n = readlink(path, target, sizeof(target) - 1)) < 0)
			n = 0;
		target[n] = '\0';
		f = finding_add_file(w->fs, "link-dangling", SEV_FAIL, path,
		    "link to %s leads nowhere: was live/ copied without "
		    "archive/?", target);
		if (f != NULL)
			finding_hint(f, "copy the whole certbot folder with "
			    "its links: cp -a /etc/letsencrypt DEST (or "
			    "restore archive/ next to live/)");
	}
	return 0;
}

/* One directory entry: decide by type, recurse, or take the file.
 * Links are put aside, unless following is set (their turn came). */
static int
walk_entry(struct walk *w, char *path, char *rel, unsigned char dtype,
    unsigned depth, bool following)
{
	char *real = NULL;
	struct stat sb;
	bool is_dir, is_reg, linked = false;
	int rc = -1;

	if (dtype == DT_UNKNOWN) {
		if (lstat(path, &sb) != 0) {
			rc = 0;		/* vanished while we walked */
			goto out;
		}
		dtype = S_ISDIR(sb.st_mode) ? DT_DIR : S_ISREG(sb.st_mode) ?
		    DT_REG : S_ISLNK(sb.st_mode) ? DT_LNK : DT_UNKNOWN;
	}
	if (dtype == DT_LNK && !following) {
		if (w->nlinks == w->caplinks) {
			size_t cap = w->caplinks ? w->caplinks * 2 : 16;
			struct link *v = realloc(w->links, cap * sizeof(*v));
			if (v == NULL) {
				rc = walk_error(w, path, "out of memory");
				goto out;
			}
			w->links = v;
			w->caplinks = cap;
		}
		w->links[w->nlinks++] = (struct link){ path, rel, depth };
		path = rel = NULL;
		rc = 0;
		goto out;
	}
	if (dtype == DT_LNK) {
		/* Follow only links that stay inside the tree: a link to
		 * /etc/ssl or $HOME is not part of the repository. certbot's
		 * live/ links into archive/ are the exception: they are how
		 * its files are laid out, and lead to certbot's own files. */
		if ((real = realpath(path, NULL)) == NULL ||
		    stat(real, &sb) != 0) {
			rc = link_dangling(w, path);
			goto out;
		}
		if (!inside_tree(w, real)) {
			if (!S_ISREG(sb.st_mode) ||
			    !certbot_link_in_tree(path, real)) {
				rc = link_outside(w, path);
				goto out;
			}
			w->st->links_certbot++;
		}
		dtype = S_ISDIR(sb.st_mode) ? DT_DIR : S_ISREG(sb.st_mode) ?
		    DT_REG : DT_UNKNOWN;
		linked = true;
	}
	is_dir = dtype == DT_DIR;
	is_reg = dtype == DT_REG;
	if (!is_dir && !is_reg) {
		rc = 0;		/* fifos, sockets, devices: never opened */
		goto out;
	}
	if (w->opt->ignore != NULL) {
		char *irel = w->opt->ignore_prefix != NULL &&
		    *w->opt->ignore_prefix != '\0' ?
		    join(w->opt->ignore_prefix, rel) : NULL;
		bool hit = ignore_match(w->opt->ignore, irel ? irel : rel,
		    is_dir);
		free(irel);
		if (hit) {
			rc = 0;
			goto out;
		}
	}
	if (is_dir)
		rc = walk_dir(w, path, rel, depth + 1);
	else
		rc = add_file(w, path, linked ? &sb : NULL);
out:
	free(real);
	free(rel);
	free(path);
	return rc;
}

static int
walk_dir(struct walk *w, const char *path, const char *rel, unsigned depth)
{
	DIR *d;
	struct dirent *de;
	struct stat sb;
	struct entry {
		char *name;
		unsigned char type;
	} *ents = NULL;
	size_t n = 0, cap = 0;
	bool oom = false;
	int rc = -1;

	if (depth > w->opt->max_depth) {
		finding_add_file(w->fs, "scan-error", SEV_ERROR, path,
		    "directories nested deeper than %u levels; is this a "
		    "loop the file system does not show?", w->opt->max_depth);
		return -1;
	}
	if ((d = opendir(path)) == NULL) {
		/* One unreadable folder should not hide the rest. */
		finding_add_file(w->fs, "scan-error", SEV_ERROR, path,
		    "cannot read directory: %s", strerror(errno));
		return 0;
	}
	if (fstat(dirfd(d), &sb) != 0) {
		finding_add_file(w->fs, "scan-error", SEV_ERROR, path,
		    "cannot stat directory: %s", strerror(errno));
		closedir(d);
		return 0;
	}
	if (seen_before(w->st, sb.st_dev, sb.st_ino, &oom)) {
		closedir(d);
		if (oom)
			return walk_error(w, path, "out of memory");
		w->st->loops++;
		return 0;
	}
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    strcmp(de->d_name, ".git") == 0)
			continue;
		if (!array_grow(&ents, &cap, n + 1, sizeof(*ents)))
			goto oom;
		if ((ents[n].name = strdup(de->d_name)) == NULL)
			goto oom;
		ents[n++].type = de->d_type;
		errno = 0;
	}
	if (errno != 0) {
		finding_add_file(w->fs, "scan-error", SEV_ERROR, path,
		    "cannot read directory: %s", strerror(errno));
		rc = 0;
		goto out;
	}
	/* The kernel's order depends on the file system's history: sort,
	 * so the same tree always reports in the same order. */
	if (n > 1)
		array_sort(ents, n, sizeof(*ents), cmp_names);
	for (size_t i = 0; i < n; i++) {
		char *epath = join(path, ents[i].name);
		char *erel = join(rel, ents[i].name);
		if (epath == NULL || erel == NULL) {
			free(epath);
			free(erel);
			walk_error(w, path, "path too long or out of memory");
			goto out;
		}
		if (walk_entry(w, epath, erel, ents[i].type, depth,
		    false) != 0)
			goto out;
	}
	rc = 0;
	goto out;
oom:
	rc = walk_error(w, path, "out of memory");
out:
	for (size_t i = 0; i < n; i++)
		free(ents[i].name);
	free(ents);
	closedir(d);
	return rc;
}

/* Never silent about what was left out: how many links under root were
 * not followed, and why, with the first of each kind. */
static void
report_links(struct walk *w, const char *root, const struct walk_state *before)
{
	size_t out = w->st->links_outside - before->links_outside;
	size_t dangling = w->st->links_dangling - before->links_dangling;
	char why_out[PATH_MAX + 64] = "", why_dangling[PATH_MAX + 64] = "";
	struct finding *f;

	if (out == 0 && dangling == 0)
		return;

	if (out > 0)
		snprintf(why_out, sizeof(why_out), "%zu lead%s out of the "
		    "scanned tree (first: %s)", out, out == 1 ? "s" : "",
		    w->first_outside);
	if (dangling > 0)
		snprintf(why_dangling, sizeof(why_dangling), "%zu lead%s "
		    "nowhere (first: %s)", dangling, dangling == 1 ? "s" : "",
		    w->first_dangling);
	f = finding_add_file(w->fs, "scan-links-skipped", SEV_INFO, root,
	    "%zu symbolic link%s not followed: %s%s%s", out + dangling,
	    out + dangling == 1 ? "" : "s", why_out,
	    out > 0 && dangling > 0 ? ", " : "", why_dangling);
	if (f != NULL && out > 0)
		finding_hint(f, "to check what they lead to, name those "
		    "folders too: certdiag scan %s TARGET-FOLDER", root);
}

int
scan_walk(const char *root, const struct walk_opts *opt, struct walk_state *st,
    struct scan_list *out, struct findings *fs)
{
	struct walk w = { .opt = opt, .st = st, .out = out, .fs = fs };
	struct walk_state before = *st;
	struct stat sb;
	char *real;
	int rc;

	if (stat(root, &sb) != 0) {
		finding_add_file(fs, "scan-error", SEV_ERROR, root,
		    "cannot scan: %s", strerror(errno));
		return -1;
	}
	if (S_ISREG(sb.st_mode))
		return add_file(&w, root, &sb);	/* named: may be a link */
	if (!S_ISDIR(sb.st_mode))
		return walk_error(&w, root,
		    "cannot scan: not a regular file or directory");
	if ((real = realpath(root, NULL)) == NULL) {
		finding_add_file(fs, "scan-error", SEV_ERROR, root,
		    "cannot scan: %s", strerror(errno));
		return -1;
	}
	w.root_real = real;
	w.root_real_len = strlen(real);
	rc = walk_dir(&w, root, "", 0);
	/* Following a link may meet more links: the list grows as we go. */
	for (size_t i = 0; i < w.nlinks; i++) {
		struct link l = w.links[i];
		w.links[i].path = w.links[i].rel = NULL;
		if (rc == 0)
			rc = walk_entry(&w, l.path, l.rel, DT_LNK, l.depth,
			    true);
		else {
			free(l.path);
			free(l.rel);
		}
	}
	free(w.links);
	free(real);
	if (rc == 0)
		report_links(&w, root, &before);
	free(w.first_outside);
	free(w.first_dangling);
	return rc;
}
