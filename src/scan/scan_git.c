#include "config.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "scan_git.h"
#include "scan_pair.h"
#include "strbuf.h"

extern char **environ;

/* What git prints for a whole index: about 100 bytes an entry. */
#define GIT_MAX_OUTPUT	(256u * 1024 * 1024)

struct child {
	pid_t pid;
	int in;			/* our end of its stdin, or -1 */
	int out;		/* our end of its stdout */
};

/* certdiag only reads objects and the index, in a repository someone
 * else may have prepared: nothing the repository configures may run.
 * core.fsmonitor names a program git runs when it reads the index;
 * hooks and external diff or text-conversion drivers are programs too;
 * optional locks would let git rewrite the index. */
static const char *const git_safety[] = {
	"--no-pager", "--no-optional-locks",
	"-c", "core.fsmonitor=false",
	"-c", "core.hooksPath=/dev/null",
	"-c", "diff.external=",
	"-c", "core.untrackedCache=false",
};
#define NSAFETY (sizeof(git_safety) / sizeof(git_safety[0]))

/* Starts git with argv (argv[0] is "git"), after git_safety. Its stderr
 * is the user's, unless quiet (then /dev/null: we explain the failure
 * ourselves). */
static int
git_spawn(const char *const *args, bool want_stdin, bool quiet,
    struct child *c, char *err, size_t errlen)
{
	posix_spawn_file_actions_t fa;
	int inp[2] = { -1, -1 }, outp[2] = { -1, -1 };
	int rc = -1, e;
	size_t nargs = 0;
	const char **argv;

	while (args[nargs] != NULL)
		nargs++;
	if ((argv = calloc(nargs + NSAFETY + 1, sizeof(*argv))) == NULL) {
		snprintf(err, errlen, "cannot run git: out of memory");
		return -1;
	}
	argv[0] = args[0];
	memcpy(argv + 1, git_safety, sizeof(git_safety));
	memcpy(argv + 1 + NSAFETY, args + 1, nargs * sizeof(*argv));
	c->pid = -1;
	c->in = c->out = -1;
	if (pipe2(outp, O_CLOEXEC) != 0 ||
	    (want_stdin && pipe2(inp, O_CLOEXEC) != 0)) {
		snprintf(err, errlen, "cannot run git: %s", strerror(errno));
		goto out;
	}
	if (posix_spawn_file_actions_init(&fa) != 0) {
		snprintf(err, errlen, "cannot run git: out of memory");
		goto out;
	}
	posix_spawn_file_actions_adddup2(&fa, outp[1], STDOUT_FILENO);
	if (want_stdin)
		posix_spawn_file_actions_adddup2(&fa, inp[0], STDIN_FILENO);
	else
		posix_spawn_file_actions_addopen(&fa, STDIN_FILENO,
		    "/dev/null", O_RDONLY, 0);
	if (quiet)
		posix_spawn_file_actions_addopen(&fa, STDERR_FILENO,
		    "/dev/null", O_WRONLY, 0);
	e = posix_spawnp(&c->pid, "git", &fa, NULL, (char *const *)argv,
	    environ);
	posix_spawn_file_actions_destroy(&fa);
	if (e != 0) {
		snprintf(err, errlen, "cannot run git: %s", strerror(e));
		c->pid = -1;
		goto out;
	}
	c->out = outp[0];
	outp[0] = -1;
	if (want_stdin) {
		c->in = inp[1];
		inp[1] = -1;
	}
	rc = 0;
out:
	for (int i = 0; i < 2; i++) {
		if (inp[i] != -1)
			close(inp[i]);
		if (outp[i] != -1)
			close(outp[i]);
	}
	free(argv);
	return rc;
}

/* Waits for the child; 0 when it exited 0, else -1 with err set. */
static int
git_wait(struct child *c, const char *what, char *err, size_t errlen)
{
	int status;

	if (c->in != -1)
		close(c->in);
	if (c->out != -1)
		close(c->out);
	c->in = c->out = -1;
	while (waitpid(c->pid, &status, 0) == -1)
		if (errno != EINTR) {
			snprintf(err, errlen, "%s: %s", what, strerror(errno));
			return -1;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		snprintf(err, errlen, "%s failed (exit status %d)", what,
		    WEXITSTATUS(status));
	else
		snprintf(err, errlen, "%s was killed by signal %d", what,
		    WTERMSIG(status));
	return -1;
}

/* Runs git and returns everything it printed (NUL-terminated). */
static int
git_capture(const char *const *argv, bool quiet, char **outp, size_t *lenp,
    char *err, size_t errlen)
{
	struct child c;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;
	char what[64];
	int rc = -1;

	snprintf(what, sizeof(what), "git %s", argv[1]);
	if (git_spawn(argv, false, quiet, &c, err, errlen) != 0)
		return -1;
	for (;;) {
		if (cap - len < 65536) {
			size_t ncap = cap ? cap * 2 : 65536 * 2;
			char *nb;
			if (ncap > GIT_MAX_OUTPUT + 1) {
				snprintf(err, errlen, "%s: output larger than "
				    "%u bytes", what, GIT_MAX_OUTPUT);
				goto fail;
			}
			if ((nb = realloc(buf, ncap)) == NULL) {
				snprintf(err, errlen, "%s: out of memory",
				    what);
				goto fail;
			}
			buf = nb;
			cap = ncap;
		}
		n = read(c.out, buf + len, cap - len - 1);
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "%s: %s", what, strerror(errno));
			goto fail;
		}
		len += (size_t)n;
	}
	buf[len] = '\0';
	if (git_wait(&c, what, err, errlen) != 0)
		goto out;
	*outp = buf;
	*lenp = len;
	buf = NULL;
	rc = 0;
	goto out;
fail:
	git_wait(&c, what, err + strlen(err), 0);
out:
	free(buf);
	return rc;
}

char *
git_worktree_top(const char *from)
{
	char *dir = strdup(from), *slash, probe[PATH_MAX];
	struct stat sb;

	while (dir != NULL) {
		if ((size_t)snprintf(probe, sizeof(probe), "%s/.git", dir) <
		    sizeof(probe) && lstat(probe, &sb) == 0)
			return dir;
		if ((slash = strrchr(dir, '/')) == NULL || slash[1] == '\0')
			break;
		slash[slash == dir ? 1 : 0] = '\0';
	}
	free(dir);
	return NULL;
}

char *
git_toplevel(char *err, size_t errlen)
{
	static const char *const argv[] = { "git", "rev-parse",
	    "--show-toplevel", NULL };
	char *out;
	size_t len;

	/* A hook must answer fast: find the top without a process, unless
	 * the environment moves the repository or bounds the search. */
	if (getenv("GIT_DIR") == NULL && getenv("GIT_WORK_TREE") == NULL &&
	    getenv("GIT_CEILING_DIRECTORIES") == NULL &&
	    (out = getcwd(NULL, 0)) != NULL) {
		char *top = git_worktree_top(out);
		free(out);
		if (top != NULL)
			return top;
	}

	if (git_capture(argv, true, &out, &len, err, errlen) != 0) {
		if (strncmp(err, "cannot run git", 14) != 0)
			snprintf(err, errlen, "not inside a git work tree "
			    "(git rev-parse --show-toplevel failed)");
		return NULL;
	}
	while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r'))
		out[--len] = '\0';
	if (len == 0) {
		snprintf(err, errlen, "not inside a git work tree");
		free(out);
		return NULL;
	}
	return out;
}

/* Only plain files are content: not symbolic links (120000) or
 * submodules (160000). */
static bool
regular_mode(const char *mode)
{
	return strcmp(mode, "100644") == 0 || strcmp(mode, "100755") == 0;
}

static bool
null_oid(const char *oid)
{
	return oid[strspn(oid, "0")] == '\0';
}

struct entry {
	const char *path;	/* borrowed from git's output */
	const char *oid;
	bool context;
};

struct entries {
	struct entry *v;
	size_t n, cap;
};

static bool
entries_add(struct entries *e, const char *path, const char *oid,
    bool context)
{
	if (!array_grow(&e->v, &e->cap, e->n + 1, sizeof(*e->v)))
		return false;
	e->v[e->n++] = (struct entry){ path, oid, context };
	return true;
}

static int
cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path,
	    ((const struct entry *)b)->path);
}

/* `git ls-files -s -z` records: "MODE OID STAGE\tPATH\0". */
static int
parse_ls_files(char *buf, size_t len, struct entries *e, char *err,
    size_t errlen)
{
	for (char *p = buf, *end = buf + len; p < end; p += strlen(p) + 1) {
		char *tab = strchr(p, '\t'), *mode = p, *oid, *stage;
		struct entry key;

		if (tab == NULL)
			goto bad;
		*tab = '\0';
		if ((oid = strchr(mode, ' ')) == NULL)
			goto bad;
		*oid++ = '\0';
		if ((stage = strchr(oid, ' ')) == NULL)
			goto bad;
		*stage++ = '\0';
		key.path = tab + 1;
		p = tab + 1;
		/* Unmerged entries (stage 1-3) cannot be committed. */
		if (!regular_mode(mode) || strcmp(stage, "0") != 0 ||
		    null_oid(oid))
			continue;
		if (!entries_add(e, key.path, oid, false)) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	return 0;
bad:
	snprintf(err, errlen, "git ls-files: unexpected output");
	return -1;
}

/* `git diff --raw -z` records: ":SRCMODE DSTMODE SRCOID DSTOID STATUS\0
 * PATH\0" (renames are off, so there is one path). */
static int
parse_diff_raw(char *buf, size_t len, struct entries *e,
    struct entries *gone, char *err, size_t errlen)
{
	char *p = buf, *end = buf + len;

	while (p < end) {
		char *meta = p, *path, *tok[5], *save = NULL;
		int n = 0;

		if (*meta != ':')
			goto bad;
		path = meta + strlen(meta) + 1;
		if (path >= end)
			goto bad;
		p = path + strlen(path) + 1;
		for (char *t = strtok_r(meta + 1, " ", &save); t != NULL &&
		    n < 5; t = strtok_r(NULL, " ", &save))
			tok[n++] = t;
		if (n != 5)
			goto bad;
		if (tok[4][0] == 'D') {
			if (!entries_add(gone, path, NULL, false))
				goto oom;
			continue;
		}
		if (!regular_mode(tok[1]) || null_oid(tok[3]))
			continue;	/* intent-to-add, links, submodules */
		if (!entries_add(e, path, tok[3], false)) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
	return -1;
bad:
	snprintf(err, errlen, "git diff: unexpected output");
	return -1;
}

/* `git ls-tree -z` records: "MODE TYPE OID\tPATH\0": the files of HEAD
 * in the folders asked for, unchanged unless in `changed` or `gone`. */
static int
parse_ls_tree(char *buf, size_t len, struct entries *e,
    const struct entries *changed, const struct entries *gone, char *err,
    size_t errlen)
{
	for (char *p = buf, *end = buf + len; p < end; p += strlen(p) + 1) {
		char *tab = strchr(p, '\t'), *tok[3], *save = NULL;
		struct entry key;
		int n = 0;

		if (tab == NULL)
			goto bad;
		*tab = '\0';
		for (char *t = strtok_r(p, " ", &save); t != NULL && n < 3;
		    t = strtok_r(NULL, " ", &save))
			tok[n++] = t;
		key.path = tab + 1;
		p = tab + 1;
		if (n != 3)
			goto bad;
		if (strcmp(tok[1], "blob") != 0 || !regular_mode(tok[0]))
			continue;
		if ((changed->n > 0 && bsearch(&key, changed->v, changed->n,
		    sizeof(key), cmp_entry) != NULL) ||
		    (gone->n > 0 && bsearch(&key, gone->v, gone->n,
		    sizeof(key), cmp_entry) != NULL))
			continue;
		if (!entries_add(e, key.path, tok[2], true)) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	return 0;
bad:
	snprintf(err, errlen, "git ls-tree: unexpected output");
	return -1;
}

/* ":(top,literal)DIR/": in ls-tree, the files directly in DIR, from
 * wherever we run. */
static char *
folder_pathspec(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dlen = slash != NULL ? (size_t)(slash - path) + 1 : 0;
	char *s;

	if (asprintf(&s, ":(top,literal)%.*s", (int)dlen, path) < 0)
		return NULL;
	return s;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t
dir_len(const char *path)
{
	const char *sl = strrchr(path, '/');

	return sl != NULL ? (size_t)(sl - path) : 0;
}

static bool
same_dir(const char *a, const char *b)
{
	size_t la = dir_len(a);

	return la == dir_len(b) && strncmp(a, b, la) == 0;
}

/* Whether a changed file in path's folder has path's stem. */
static bool
stem_changed(const struct entries *changed, const char *path)
{
	char want[PATH_MAX], stem[PATH_MAX];

	if (strlen(path) >= sizeof(want))
		return false;
	scan_pair_stem(path, want);
	for (size_t i = 0; i < changed->n; i++) {
		const char *c = changed->v[i].path;
		if (strlen(c) < sizeof(stem) && same_dir(c, path)) {
			scan_pair_stem(c, stem);
			if (strcmp(stem, want) == 0)
				return true;
		}
	}
	return false;
}

/* In a folder holding more than SCAN_CONTEXT_FOLDER files, only the
 * changed files' namesakes (foo.key for foo.crt) are read: the folder
 * rule of pairing needs a folder of one key and one leaf, and a commit
 * touching three files of a folder of thousands must stay quick. The
 * context entries are e->v[first..], sorted, so a folder's are
 * contiguous. */
static void
trim_context(const struct entries *changed, struct entries *e, size_t first)
{
	size_t out = first;

	for (size_t lo = first, hi; lo < e->n; lo = hi) {
		size_t in_dir = 0;
		for (hi = lo + 1; hi < e->n && same_dir(e->v[hi].path,
		    e->v[lo].path); hi++)
			;
		for (size_t i = 0; i < changed->n; i++)
			in_dir += same_dir(changed->v[i].path, e->v[lo].path);
		for (size_t i = lo; i < hi; i++)
			if (hi - lo + in_dir <= SCAN_CONTEXT_FOLDER ||
			    stem_changed(changed, e->v[i].path))
				e->v[out++] = e->v[i];
	}
	e->n = out;
}

/* The other files in the folders of the changed files, as HEAD has them
 * (they are unchanged in the index): ls-tree reads trees, not the whole
 * index, which in a big repository is the slow part of git. No HEAD yet
 * (a first commit): no context. */
static int
list_context(const struct entries *changed, const struct entries *gone,
    struct entries *e, char **outbuf, char *err, size_t errlen)
{
	const char **argv = NULL;
	char **specs = NULL, ignored[64];
	size_t nspecs = 0, len, n = 0, first;
	int rc = -1;

	*outbuf = NULL;
	if (changed->n == 0)
		return 0;
	if ((specs = calloc(changed->n, sizeof(*specs))) == NULL ||
	    (argv = calloc(changed->n + 8, sizeof(*argv))) == NULL)
		goto oom;
	for (size_t i = 0; i < changed->n; i++)
		if ((specs[nspecs++] = folder_pathspec(changed->v[i].path)) ==
		    NULL)
			goto oom;
	array_sort(specs, nspecs, sizeof(*specs), cmp_str);
	argv[n++] = "git";
	argv[n++] = "ls-tree";
	argv[n++] = "-z";
	argv[n++] = "--full-name";
	argv[n++] = "HEAD";
	argv[n++] = "--";
	for (size_t i = 0; i < nspecs; i++)
		if (i == 0 || strcmp(specs[i], specs[i - 1]) != 0)
			argv[n++] = specs[i];
	argv[n] = NULL;
	if (git_capture(argv, true, outbuf, &len, ignored,
	    sizeof(ignored)) != 0) {
		rc = 0;
		goto out;
	}
	first = e->n;
	if ((rc = parse_ls_tree(*outbuf, len, e, changed, gone, err,
	    errlen)) == 0)
		trim_context(changed, e, first);
	goto out;
oom:
	snprintf(err, errlen, "out of memory");
out:
	for (size_t i = 0; specs != NULL && i < nspecs; i++)
		free(specs[i]);
	free(specs);
	free(argv);
	return rc;
}

int
git_list(enum git_mode mode, const struct strlist *pathspecs,
    const struct scan_ignore *ignore, struct scan_list *out, char *err,
    size_t errlen)
{
	static const char *const diff_args[] = { "git", "diff", "--cached",
	    "--no-ext-diff", "--no-textconv", "--raw", "-z", "--no-renames", "--no-abbrev", "--no-relative",
	    "--ignore-submodules", "--diff-filter=ACMD", "--", NULL };
	static const char *const ls_args[] = { "git", "ls-files", "-s", "-z",
	    "--full-name", "--", NULL };
	const char *const *base = mode == GIT_STAGED ? diff_args : ls_args;
	size_t nbase = 0, npaths = pathspecs != NULL ? pathspecs->n : 0, n;
	const char **argv;
	char *buf = NULL, *ctxbuf = NULL;
	size_t len;
	struct entries e = { 0 }, gone = { 0 };
	int rc = -1;

	while (base[nbase] != NULL)
		nbase++;
	if ((argv = calloc(nbase + npaths + 2, sizeof(*argv))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(argv, base, nbase * sizeof(*argv));
	n = nbase;
	for (size_t i = 0; i < npaths; i++)
		argv[n++] = pathspecs->v[i];
	if (npaths == 0 && mode == GIT_TRACKED)
		argv[n++] = ":/";	/* the whole tree, from any folder */
	argv[n] = NULL;

	if (git_capture(argv, false, &buf, &len, err, errlen) != 0)
		goto out;
	if (mode == GIT_STAGED) {
		if (parse_diff_raw(buf, len, &e, &gone, err, errlen) != 0)
			goto out;
		if (e.n > 1)
			array_sort(e.v, e.n, sizeof(*e.v), cmp_entry);
		if (gone.n > 1)
			array_sort(gone.v, gone.n, sizeof(*gone.v), cmp_entry);
		{
			struct entries changed = e;
			/* entries_add may move e.v: look up in a copy. */
			struct entry *copy = malloc((e.n + 1) * sizeof(*copy));
			if (copy == NULL) {
				snprintf(err, errlen, "out of memory");
				goto out;
			}
			if (e.n > 0)
				memcpy(copy, e.v, e.n * sizeof(*copy));
			changed.v = copy;
			rc = list_context(&changed, &gone, &e, &ctxbuf, err,
			    errlen);
			free(copy);
			if (rc != 0)
				goto out;
			rc = -1;
		}
	} else if (parse_ls_files(buf, len, &e, err, errlen) != 0)
		goto out;
	if (e.n > SCAN_MAX_FILES) {
		snprintf(err, errlen, "more than %u files to scan; narrow the "
		    "scan with a pathspec, --exclude GLOB or a .certdiagignore "
		    "file", SCAN_MAX_FILES);
		goto out;
	}
	if (e.n > 1)
		array_sort(e.v, e.n, sizeof(*e.v), cmp_entry);
	for (size_t i = 0; i < e.n; i++) {
		if (ignore != NULL && ignore_excluded(ignore, e.v[i].path,
		    false))
			continue;
		if (!scan_list_add(out, e.v[i].path, NULL, e.v[i].oid,
		    e.v[i].context)) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
	}
	rc = 0;
out:
	free(e.v);
	free(gone.v);
	free(ctxbuf);
	free(buf);
	free(argv);
	return rc;
}

struct feeder {
	const struct scan_list *list;
	int fd;
};

/* Writes every object id to cat-file while the caller reads its answers:
 * writing all first could fill both pipes and deadlock. */
static void *
feed_oids(void *arg)
{
	struct feeder *f = arg;
	sigset_t pipe_set;
	char line[128];

	/* If git dies early, write() should fail with EPIPE, not kill us. */
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, NULL);
	for (size_t i = 0; i < f->list->n; i++) {
		int n = snprintf(line, sizeof(line), "%s\n",
		    f->list->v[i].oid);
		const char *p = line;
		while (n > 0) {
			ssize_t w = write(f->fd, p, (size_t)n);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				goto done;
			p += w;
			n -= (int)w;
		}
	}
done:
	close(f->fd);
	f->fd = -1;
	{
		/* Take a pending SIGPIPE so it never reaches the process. */
		struct timespec zero = { 0, 0 };
		while (sigtimedwait(&pipe_set, NULL, &zero) > 0)
			;
	}
	return NULL;
}

struct git_batch {
	struct child c;
};

struct git_batch *
git_batch_start(char *err, size_t errlen)
{
	static const char *const argv[] = { "git", "cat-file", "--batch",
	    "--buffer", NULL };
	struct git_batch *b = calloc(1, sizeof(*b));

	if (b == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (git_spawn(argv, true, false, &b->c, err, errlen) != 0) {
		free(b);
		return NULL;
	}
	return b;
}

void
git_batch_end(struct git_batch *b)
{
	char ignored[8];

	if (b == NULL)
		return;
	git_wait(&b->c, "git cat-file", ignored, sizeof(ignored));
	free(b);
}

int
git_read_blobs(struct git_batch *b, const struct scan_list *list, size_t max,
    git_blob_fn fn, void *arg, char *err, size_t errlen)
{
	struct child c = b->c;
	struct feeder feed = { .list = list };
	pthread_t tid;
	FILE *fp = NULL;
	char *line = NULL;
	size_t cap = 0;
	int rc = -1;
	bool started = false;

	free(b);
	if (list->n == 0) {
		/* Nothing to ask: closing its input ends it. */
		return git_wait(&c, "git cat-file", err, errlen);
	}
	feed.fd = c.in;
	c.in = -1;		/* the feeder closes it */
	if (pthread_create(&tid, NULL, feed_oids, &feed) != 0) {
		snprintf(err, errlen, "cannot start a thread");
		close(feed.fd);
		goto out;
	}
	started = true;
	if ((fp = fdopen(c.out, "r")) == NULL) {
		snprintf(err, errlen, "git cat-file: %s", strerror(errno));
		goto out;
	}
	c.out = -1;
	for (size_t i = 0; i < list->n; i++) {
		char type[32];
		unsigned long long size;
		unsigned char *buf;

		if (getline(&line, &cap, fp) <= 0) {
			snprintf(err, errlen, "git cat-file: output ended "
			    "early");
			goto out;
		}
		if (sscanf(line, "%*s %31s %llu", type, &size) != 2 ||
		    strcmp(type, "blob") != 0) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(err, errlen, "%s: cannot read the staged "
			    "content (git cat-file: %s)", list->v[i].path,
			    line);
			goto out;
		}
		if (size > max) {
			/* Not a certificate store: pass over its bytes. */
			char skip[8192];
			for (unsigned long long left = size; left > 0;) {
				size_t want = left < sizeof(skip) ?
				    (size_t)left : sizeof(skip);
				if (fread(skip, 1, want, fp) != want)
					goto short_read;
				left -= want;
			}
			buf = NULL;
		} else {
			if ((buf = malloc(size + 1)) == NULL) {
				snprintf(err, errlen, "out of memory");
				goto out;
			}
			if (fread(buf, 1, size, fp) != size) {
				free(buf);
				goto short_read;
			}
			buf[size] = '\0';
		}
		if (fgetc(fp) != '\n') {
			free(buf);
			goto short_read;
		}
		fn(arg, i, buf, (size_t)size);
	}
	rc = 0;
	goto out;
short_read:
	snprintf(err, errlen, "git cat-file: output ended early");
out:
	if (fp != NULL)
		fclose(fp);	/* git sees EPIPE if it had more to say */
	if (started)
		pthread_join(tid, NULL);
	free(line);
	if (git_wait(&c, "git cat-file", rc == 0 ? err : (char[256]){ 0 },
	    rc == 0 ? errlen : 256) != 0 && rc == 0)
		rc = -1;
	return rc;
}
