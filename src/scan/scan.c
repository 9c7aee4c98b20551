/* certdiag scan: list the files (tree walk or git index), load them on a
 * worker pool, check every certificate, pair keys, report. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "check/checks.h"
#include "load/load.h"
#include "load/pass.h"
#include "scan.h"
#include "scan_certbot.h"
#include "scan_check.h"
#include "scan_git.h"
#include "scan_ignore.h"
#include "scan_load.h"
#include "scan_pair.h"
#include "scan_policy.h"
#include "scan_pool.h"
#include "scan_walk.h"
#include "strbuf.h"

/* Blobs read ahead of the loaders, at most: bounds memory when git
 * delivers faster than the threads decode. */
#define SCAN_READ_AHEAD	256u

struct scan {
	const struct options *opt;
	struct git_batch *batch;	/* --staged, --git: blobs come here */
	struct scan_list files;
	struct inventory inv;
	struct findings fs;
	size_t reported_files;	/* files not read only as context */
};

static void
scan_error(struct scan *s, const char *path, const char *msg)
{
	finding_add_file(&s->fs, "scan-error", SEV_ERROR, path, "%s", msg);
}

static bool
add_excludes(struct scan_ignore *ig, const struct options *opt)
{
	for (size_t i = 0; i < opt->excludes.n; i++)
		if (!ignore_add(ig, opt->excludes.v[i]))
			return false;
	return true;
}

/* The folder whose .certdiagignore applies to a walk of dir: the top of
 * the git work tree holding it, else dir itself. */
static char *
ignore_base(const char *dir_real)
{
	char *top = git_worktree_top(dir_real);

	return top != NULL ? top : strdup(dir_real);
}

/* Lists the files under one root, with its own ignore rules. */
static int
list_root(struct scan *s, const char *root, struct walk_state *st)
{
	struct scan_ignore ig;
	struct walk_opts wo = { .ignore = &ig, .max_depth = SCAN_MAX_DEPTH,
	    .max_files = SCAN_MAX_FILES };
	struct stat sb;
	char *real = NULL, *base = NULL, file[PATH_MAX], err[512];
	int rc = -1;

	ignore_init(&ig);
	if (!add_excludes(&ig, s->opt)) {
		scan_error(s, root, "out of memory");
		goto out;
	}
	/* Only a folder has ignore rules: a file named is scanned. */
	if (stat(root, &sb) == 0 && S_ISDIR(sb.st_mode) &&
	    (real = realpath(root, NULL)) != NULL &&
	    (base = ignore_base(real)) != NULL) {
		snprintf(file, sizeof(file), "%s/%s", base, SCAN_IGNORE_FILE);
		if (ignore_load(&ig, file, err, sizeof(err)) != 0) {
			scan_error(s, file, err);
			goto out;
		}
		wo.ignore_prefix = real + strlen(base);
		while (*wo.ignore_prefix == '/')
			wo.ignore_prefix++;
	}
	rc = scan_walk(root, &wo, st, &s->files, &s->fs);
out:
	free(base);
	free(real);
	ignore_free(&ig);
	return rc;
}

static int
list_git(struct scan *s)
{
	struct scan_ignore ig;
	char *top, file[PATH_MAX], err[512];
	int rc = -1;

	ignore_init(&ig);
	if ((top = git_toplevel(err, sizeof(err))) == NULL) {
		scan_error(s, NULL, err);
		return -1;
	}
	if ((s->batch = git_batch_start(err, sizeof(err))) == NULL) {
		scan_error(s, NULL, err);
		free(top);
		return -1;
	}
	snprintf(file, sizeof(file), "%s/%s", top, SCAN_IGNORE_FILE);
	if (!add_excludes(&ig, s->opt))
		scan_error(s, NULL, "out of memory");
	else if (ignore_load(&ig, file, err, sizeof(err)) != 0)
		scan_error(s, file, err);
	else if (git_list(s->opt->staged ? GIT_STAGED : GIT_TRACKED,
	    &s->opt->inputs, &ig, &s->files, err, sizeof(err)) != 0)
		scan_error(s, NULL, err);
	else
		rc = 0;
	ignore_free(&ig);
	free(top);
	return rc;
}

static int
list_files(struct scan *s)
{
	struct walk_state st;
	int rc = 0;

	if (s->opt->staged || s->opt->git)
		rc = list_git(s);
	else {
		walk_state_init(&st);
		if (s->opt->inputs.n == 0)
			rc = list_root(s, ".", &st);
		for (size_t i = 0; rc == 0 && i < s->opt->inputs.n; i++)
			rc = list_root(s, s->opt->inputs.v[i], &st);
		walk_state_free(&st);
	}
	for (size_t i = 0; i < s->files.n; i++)
		s->reported_files += !s->files.v[i].context;
	return rc;
}

/* ---- loading, on the pool ---- */

struct loading {
	struct scan *s;
	struct scan_load_job *jobs;
	struct load_ctx lc;
	struct pool *pool;
	size_t merged;		/* jobs below this are in s->inv */
	size_t released;	/* jobs below this have their bytes */
};

static void
load_one(void *arg, size_t i)
{
	struct loading *l = arg;

	scan_load_job(&l->jobs[i], &l->lc);
}

/* An object of the job was a copy of one already found: findings that
 * borrowed it now borrow the one kept. */
static void
remap_about(void *arg, const struct object *old, struct object *kept)
{
	struct findings *fs = arg;

	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].about == old)
			fs->v[i].about = kept;
}

static void
merge_job(struct loading *l, size_t i)
{
	struct scan_load_job *job = &l->jobs[i];

	if (!inventory_adopt(&l->s->inv, &job->inv, remap_about, &job->fs))
		scan_error(l->s, job->file->path,
		    "out of memory while merging what was found");
	/* A context file is read to pair and chain, not judged. */
	if (job->file->context)
		findings_free(&job->fs);
	else
		scan_findings_move(&l->s->fs, &job->fs, NULL);
}

/* Merges, in file order, every job finished so far (or, when wait,
 * every job below upto). */
static void
merge_ready(struct loading *l, size_t upto, bool wait)
{
	while (l->merged < upto) {
		if (!wait && !pool_done(l->pool, l->merged))
			return;
		pool_wait(l->pool, l->merged);
		merge_job(l, l->merged++);
	}
}

static void
got_blob(void *arg, size_t i, unsigned char *buf, size_t len)
{
	struct loading *l = arg;

	l->jobs[i].blob = buf;
	l->jobs[i].bloblen = len;
	l->released = i + 1;
	pool_release(l->pool, i + 1);
	merge_ready(l, i, false);
	if (i + 1 - l->merged > SCAN_READ_AHEAD)
		merge_ready(l, i + 1 - SCAN_READ_AHEAD, true);
}

static void
load_files(struct scan *s)
{
	struct loading l = { .s = s };
	struct pass pass;
	bool git = s->opt->staged || s->opt->git;
	char err[512];

	pass_init(&pass, s->opt->pass_spec);
	/* Resolve a given password once, before threads share it. */
	if (s->opt->pass_spec != NULL && pass_get(&pass, "scan") == NULL &&
	    pass.failed) {
		char msg[320];
		snprintf(msg, sizeof(msg), "--pass: %s", pass.err);
		scan_error(s, NULL, msg);
		pass_free(&pass);
		return;
	}
	l.lc = (struct load_ctx){ .pass = &pass, .scan = true,
	    .max_kdf_work = s->opt->max_kdf_iterations };
	if ((l.jobs = calloc(s->files.n + 1, sizeof(*l.jobs))) == NULL) {
		scan_error(s, NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < s->files.n; i++)
		l.jobs[i].file = &s->files.v[i];
	if ((l.pool = pool_start(pool_threads(s->opt->jobs), s->files.n,
	    load_one, &l, !git)) == NULL) {
		scan_error(s, NULL, "out of memory");
		goto out;
	}
	if (!git)
		l.released = s->files.n;
	else {
		int rc = git_read_blobs(s->batch, &s->files, LOAD_MAX_FILE_SIZE,
		    got_blob, &l, err, sizeof(err));
		s->batch = NULL;
		if (rc != 0)
			scan_error(s, NULL, err);
	}
	/* After a git failure, only the files whose bytes came are loaded. */
	merge_ready(&l, l.released, true);
	pool_finish(l.pool);
out:
	for (size_t i = 0; l.jobs != NULL && i < s->files.n; i++) {
		free(l.jobs[i].blob);
		inventory_free(&l.jobs[i].inv);
		findings_free(&l.jobs[i].fs);
	}
	free(l.jobs);
	pass_free(&pass);
}

/* ---- checking, on the pool ---- */

struct checking {
	struct scan_checker sc;
	struct object **certs;		/* in inventory order */
	size_t *todo;			/* indexes into certs, this pass */
	struct findings *out;		/* one list per certificate */
	bool *trusted;			/* its path verifies */
};

static void
check_one(void *arg, size_t i)
{
	struct checking *c = arg;
	size_t k = c->todo[i];

	c->trusted[k] = scan_check_cert(&c->sc, c->certs[k], &c->out[k]);
}

/* (id, object) pairs told already, and by which certificate's checks:
 * an intermediate's problem found on its own path and again on the path
 * of each of its thousand leaves is told once. */
struct told_entry {
	const char *id;
	const struct object *about;
	size_t by;
};

struct told {
	struct told_entry *v;
	size_t n, cap;
};

static size_t
told_slot(const char *id, const struct object *about, size_t mask)
{
	size_t h = (size_t)about >> 4;

	while (*id != '\0')
		h = h * 31 + (unsigned char)*id++;
	return h & mask;
}

/* Whether another certificate's checks told (id, about) before; records
 * it for `by` otherwise. */
static bool
told_before(struct told *t, const char *id, const struct object *about,
    size_t by)
{
	size_t h;

	if ((t->n + 1) * 2 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		struct told_entry *v = calloc(cap, sizeof(*v));
		if (v == NULL)
			return false;
		for (size_t i = 0; i < t->cap; i++)
			if (t->v[i].id != NULL) {
				h = told_slot(t->v[i].id, t->v[i].about,
				    cap - 1);
				while (v[h].id != NULL)
					h = (h + 1) & (cap - 1);
				v[h] = t->v[i];
			}
		free(t->v);
		t->v = v;
		t->cap = cap;
	}
	for (h = told_slot(id, about, t->cap - 1); t->v[h].id != NULL;
	    h = (h + 1) & (t->cap - 1))
		if (t->v[h].about == about && strcmp(t->v[h].id, id) == 0)
			return t->v[h].by != by;
	t->v[h] = (struct told_entry){ id, about, by };
	t->n++;
	return false;
}

static bool
is_intermediate(const struct object *o)
{
	bool r = object_is_ca(o) && X509_self_signed(o->x509, 0) != 1;

	ERR_clear_error();
	return r;
}

struct told_by {
	struct told *told;
	size_t by;		/* the certificate whose findings these are */
};

static bool
told_by_other(const struct finding *f, void *arg)
{
	struct told_by *t = arg;

	return told_before(t->told, f->id, f->about, t->by);
}

/* Runs the certificates whose is_intermediate() equals intermediates. */
static bool
check_pass(struct scan *s, struct checking *c, size_t n, bool intermediates)
{
	struct pool *pool;
	size_t m = 0;

	for (size_t k = 0; k < n; k++)
		if (is_intermediate(c->certs[k]) == intermediates)
			c->todo[m++] = k;
	if ((pool = pool_start(pool_threads(s->opt->jobs), m, check_one, c,
	    true)) == NULL)
		return false;
	pool_finish(pool);
	return true;
}

/* What every certificate's views share: the settings of the scan (a
 * server's certificates, --warn-days) and lean paths. */
static void
scan_settings(struct scan_checker *sc, const struct scan *s, time_t now)
{
	check_ctx_init(&sc->ctx);
	sc->ctx.now = now;
	sc->ctx.warn_days = s->opt->warn_days;
	sc->ctx.purpose = PURPOSE_SERVER;
	sc->chain_opts = (struct chain_opts){ .now = now,
	    .purpose = PURPOSE_SERVER, .auth_level = -1, .lean = true };
}

/* Said once: why the old versions in certbot's archive raise nothing. */
static void
note_retired(struct scan *s, struct object *const *certs, size_t n)
{
	const char *first = NULL;
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (certbot_retired(certs[i], &s->files)) {
			if (k++ == 0)
				first = certs[i]->src->path;
		}
	if (k == 0)
		return;
	finding_add_file(&s->fs, "scan-certbot-retired", SEV_INFO, first,
	    "%zu certificate%s that certbot keeps in its archive, "
	    "with a later one beside %s: expiry is judged on the lineage's "
	    "current files only", k, k == 1 ? " is an earlier version" :
	    "s are earlier versions", k == 1 ? "it" : "each");
}

/* Every certificate through the core's checks, in two passes: the
 * intermediates first, each on its full path; then the rest, with the
 * intermediates whose path verified standing in as anchors, so that a
 * leaf costs one signature check, not one per certificate above it. */
static void
check_certs(struct scan *s, time_t now, const struct trust_paths *sys)
{
	struct trust_store base = { 0 }, anchored = { 0 };
	struct checking c = { 0 };
	struct told told = { 0 };
	size_t n = 0;
	bool ok;

	ok = scan_checker_init(&c.sc, &s->inv) &&
	    trust_store_init(&base, &s->inv, sys) == 0 &&
	    (c.certs = calloc(s->inv.nobjs + 1, sizeof(*c.certs))) != NULL &&
	    (c.todo = calloc(s->inv.nobjs + 1, sizeof(*c.todo))) != NULL &&
	    (c.trusted = calloc(s->inv.nobjs + 1, sizeof(*c.trusted))) != NULL &&
	    (c.out = calloc(s->inv.nobjs + 1, sizeof(*c.out))) != NULL;
	if (!ok)
		goto oom;
	scan_settings(&c.sc, s, now);
	for (size_t i = 0; i < s->inv.nobjs; i++)
		if (s->inv.objs[i]->kind == OBJ_CERT &&
		    scan_reported(s->inv.objs[i]))
			c.certs[n++] = s->inv.objs[i];
	c.sc.trust = &base;
	if (!check_pass(s, &c, n, true))
		goto oom;
	/* Anchors for the second pass: borrowed trust, given back below so
	 * the reports show what the files are. */
	for (size_t k = 0; k < n; k++)
		if (c.trusted[k] && is_intermediate(c.certs[k]))
			c.certs[k]->trusted = true;
	ok = trust_store_init(&anchored, &s->inv, sys) == 0;
	for (size_t k = 0; k < n; k++)
		if (c.trusted[k] && is_intermediate(c.certs[k]))
			c.certs[k]->trusted = false;
	c.sc.trust = &anchored;
	if (!ok || !check_pass(s, &c, n, false))
		goto oom;

	for (size_t k = 0; k < n; k++) {
		struct told_by by = { &told, k };
		struct scan_facts x = { .stage = SCAN_STAGE_CHECK,
		    .staged = s->opt->staged, .told = told_by_other,
		    .told_arg = &by, .files = &s->files };
		scan_policy_move(&s->fs, &c.out[k], &x);
	}
	note_retired(s, c.certs, n);
	goto out;
oom:
	scan_error(s, NULL, "out of memory while checking certificates");
out:
	for (size_t k = 0; c.out != NULL && k < n; k++)
		findings_free(&c.out[k]);
	free(told.v);
	free(c.out);
	free(c.trusted);
	free(c.todo);
	free(c.certs);
	scan_checker_free(&c.sc);
	trust_store_free(&anchored);
	trust_store_free(&base);
}

/* ---- output ---- */

static const struct finding *sort_base;

static int
cmp_by_file(const void *a, const void *b)
{
	const struct finding *fa = &sort_base[*(const size_t *)a];
	const struct finding *fb = &sort_base[*(const size_t *)b];
	int c;

	if (fa->file == NULL || fb->file == NULL)
		c = (fa->file != NULL) - (fb->file != NULL);
	else
		c = strcmp(fa->file, fb->file);
	if (c != 0)
		return c;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* By file, keeping each file's findings in the order they were made:
 * deterministic whatever thread finished first. */
static void
sort_by_file(struct findings *fs)
{
	size_t *idx = malloc((fs->n + 1) * sizeof(*idx));
	struct finding *v = malloc((fs->n + 1) * sizeof(*v));

	if (idx == NULL || v == NULL || fs->n == 0)
		goto out;
	for (size_t i = 0; i < fs->n; i++)
		idx[i] = i;
	sort_base = fs->v;
	array_sort(idx, fs->n, sizeof(*idx), cmp_by_file);
	for (size_t i = 0; i < fs->n; i++)
		v[i] = fs->v[idx[i]];
	memcpy(fs->v, v, fs->n * sizeof(*v));
out:
	free(v);
	free(idx);
}

void
scan_run(const struct options *opt, time_t now, const struct trust_paths *sys,
    struct scan_result *out)
{
	struct scan s = { .opt = opt };

	scan_list_init(&s.files);
	inventory_init(&s.inv);
	findings_init(&s.fs);
	if (list_files(&s) == 0) {
		load_files(&s);
		check_certs(&s, now, sys);
		scan_pair(&s.inv, &s.fs);
		scan_certbot(&s.inv, &s.fs);
	}
	git_batch_end(s.batch);	/* unused after an error */
	sort_by_file(&s.fs);
	scan_list_free(&s.files);
	/* The inventory and findings move to the caller. */
	out->inv = s.inv;
	out->fs = s.fs;
	out->files = s.reported_files;
}

void
scan_result_free(struct scan_result *r)
{
	findings_free(&r->fs);
	inventory_free(&r->inv);
}
