#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/crypto.h>

#include "deploy/folder.h"
#include "deploy/pipeline.h"
#include "deploy/source.h"
#include "load/pass.h"
#include "describe.h"
#include "report/report_util.h"

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* What a source reported while reading path: a deployment of its own,
 * so it is shown and counted. */
static void
source_findings(struct deployments *ds, const char *path,
    struct findings *fs)
{
	struct deployment *d;

	if (fs->n == 0)
		return;
	if ((d = deployment_add(ds, DEPLOY_SOURCE, path, path)) == NULL)
		return;
	d->findings = *fs;
	findings_init(fs);
}

/* The deployment among v[from..] that loads file, or NULL. */
static struct deployment *
owner(struct deployments *ds, size_t from, const char *file)
{
	for (size_t i = from; file != NULL && i < ds->n; i++)
		for (size_t j = 0; j < ds->v[i].nfiles; j++)
			if (strcmp(ds->v[i].files[j].path, file) == 0)
				return &ds->v[i];
	return NULL;
}

/* A source's finding about a file one of its deployments loads (a
 * dangling link) belongs in that deployment's section. */
static void
distribute(struct deployments *ds, size_t from, struct findings *fs)
{
	struct findings rest;

	findings_init(&rest);
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i];
		struct deployment *d = owner(ds, from, f->file);
		struct finding *g = finding_add_file(d != NULL ? &d->findings :
		    &rest, f->id, f->sev, f->file, "%s",
		    f->message != NULL ? f->message : "");
		if (g != NULL && f->hint != NULL)
			finding_hint(g, "%s", f->hint);
	}
	findings_free(fs);
	*fs = rest;
}

static void
read_source(struct deployments *ds, const struct source_desc *sd,
    const char *path, struct load_ctx *lc)
{
	struct findings fs;
	size_t before = ds->n;

	findings_init(&fs);
	if (sd == &source_folder)
		(void)folder_read(path, ds, &fs, lc);
	else
		(void)sd->read(path, ds, &fs);
	distribute(ds, before, &fs);
	if (ds->n == before && fs.n == 0)
		finding_add_file(&fs, "no-deployments", SEV_ERROR, path,
		    "%s: read as %s, it describes no deployment", path,
		    sd->name);
	source_findings(ds, path, &fs);
	findings_free(&fs);
}

static void plan_build(struct deploy_plan *, const struct options *,
    struct load_ctx *, bool split);

void
deploy_plan_build(struct deploy_plan *p, const struct options *opt,
    struct load_ctx *lc)
{
	plan_build(p, opt, lc, true);
}

void
deploy_plan_build_files(struct deploy_plan *p, const struct options *opt)
{
	plan_build(p, opt, NULL, false);
}

static void
plan_build(struct deploy_plan *p, const struct options *opt,
    struct load_ctx *lc, bool split)
{
	const struct source_desc *from = NULL, *sd;
	struct deployments sourced;
	bool plain_opts = opt->certs.n || opt->keys.n || opt->chains.n ||
	    opt->csrs.n || opt->previous.n;
	struct findings fs;

	memset(p, 0, sizeof(*p));
	deployments_init(&p->ds);
	deployments_init(&sourced);
	findings_init(&fs);
	p->plain = calloc(opt->inputs.n + 1, sizeof(*p->plain));
	if (split && opt->from != NULL && (from = source_find(opt->from)) == NULL) {
		finding_add_file(&fs, "source-unknown", SEV_ERROR, NULL,
		    "--from %s: no such source (folder, nginx, apache, "
		    "haproxy, postfix, dovecot, certbot, k8s)", opt->from);
		source_findings(&sourced, "--from", &fs);
	}
	for (size_t i = 0; from != NULL || opt->from == NULL || !split ?
	    i < opt->inputs.n : false; i++) {
		const char *path = opt->inputs.v[i];
		if (!split) {
			if (p->plain != NULL)
				p->plain[p->nplain++] = path;
		} else if (from != NULL)
			read_source(&sourced, from, path, lc);
		else if ((sd = source_sniff(path)) != NULL)
			read_source(&sourced, sd, path, lc);
		else if (is_dir(path))
			read_source(&sourced, &source_folder, path, lc);
		else if (p->plain != NULL)
			p->plain[p->nplain++] = path;
	}
	p->files_only = sourced.n == 0 && (opt->from == NULL || !split);
	/* The files named one by one: one deployment, first. */
	if (p->files_only || p->nplain > 0 || plain_opts)
		(void)deployment_add(&p->ds, DEPLOY_FILES, "command line",
		    NULL);
	if (p->ds.n > 0) {
		struct deployment *d = &p->ds.v[0];
		const struct strlist *lists[] = { &opt->certs, &opt->keys,
		    &opt->chains, &opt->csrs };
		const enum deploy_use uses[] = { USE_CERT, USE_KEY, USE_CHAIN,
		    USE_CSR };
		for (size_t i = 0; i < p->nplain; i++)
			(void)deployment_add_file(d, p->plain[i], USE_CERT,
			    NULL);
		for (size_t l = 0; l < 4; l++)
			for (size_t i = 0; i < lists[l]->n; i++)
				(void)deployment_add_file(d, lists[l]->v[i],
				    uses[l], NULL);
	}
	/* Move the sourced deployments after it. */
	for (size_t i = 0; i < sourced.n; i++) {
		struct deployment *d;
		if ((d = deployment_add(&p->ds, DEPLOY_FILES, NULL,
		    NULL)) == NULL)
			break;
		*d = sourced.v[i];
		memset(&sourced.v[i], 0, sizeof(sourced.v[i]));
		findings_init(&sourced.v[i].findings);
	}
	deployments_free(&sourced);
	findings_free(&fs);
	p->r = calloc(p->ds.n ? p->ds.n : 1, sizeof(*p->r));
	if (p->r == NULL)
		return;
	p->n = p->ds.n;
	for (size_t i = 0; i < p->n; i++) {
		struct deploy_result *r = &p->r[i];
		r->d = &p->ds.v[i];
		inventory_init(&r->inv);
		/* The source's findings open the deployment's section. */
		r->fs = p->ds.v[i].findings;
		findings_init(&p->ds.v[i].findings);
		check_ctx_init(&r->ctx);
		live_result_init(&r->live);
	}
}

static enum role
role_of(enum deploy_use use)
{
	switch (use) {
	case USE_CSR:	return ROLE_CSR;
	default:	return ROLE_AUTO;
	}
}

static void
load_one(struct inventory *inv, struct findings *fs, struct load_ctx *lc,
    const struct deploy_file *f)
{
	struct source *src;

	/* Client CAs and stapling CAs are not what the server presents:
	 * they would pass for its chain. Password files are read by
	 * deploy_load. */
	if (f->use == USE_CLIENT_CA || f->use == USE_TRUSTED ||
	    f->use == USE_PASSWORD)
		return;
	if (f->data == NULL) {
		(void)load_path(inv, fs, lc, f->path, role_of(f->use));
		return;
	}
	if ((src = inventory_add_source(inv, f->path, role_of(f->use))) ==
	    NULL) {
		finding_add_file(fs, "file-unreadable", SEV_ERROR, f->path,
		    "%s: out of memory", f->path);
		return;
	}
	(void)load_buffer(inv, fs, lc, src, f->data, f->len);
}

/* nginx's ssl_password_file: each line is a passphrase, tried in turn
 * until one opens the key. Bounded: at most DEPLOY_MAX_PASSWORDS lines
 * of at most DEPLOY_MAX_PASSWORD_LEN bytes are read (each try costs a
 * key derivation, itself capped by the KDF limits). */
#define DEPLOY_MAX_PASSWORDS		16
#define DEPLOY_MAX_PASSWORD_LEN		1024

struct passwords {
	char *v[DEPLOY_MAX_PASSWORDS];	/* owned, "pass:TEXT", cleansed */
	size_t n;
};

static void
passwords_free(struct passwords *pw)
{
	for (size_t i = 0; i < pw->n; i++)
		OPENSSL_clear_free(pw->v[i], strlen(pw->v[i]) + 1);
	pw->n = 0;
}

static void
passwords_read(struct passwords *pw, const char *path)
{
	char line[DEPLOY_MAX_PASSWORD_LEN + 2];
	FILE *fp = fopen(path, "re");

	pw->n = 0;
	if (fp == NULL)
		return;
	while (pw->n < DEPLOY_MAX_PASSWORDS &&
	    fgets(line, sizeof(line), fp) != NULL) {
		size_t len = strcspn(line, "\r\n");
		char *spec;

		line[len] = '\0';
		if ((spec = OPENSSL_malloc(len + 6)) == NULL)
			break;
		memcpy(spec, "pass:", 5);
		memcpy(spec + 5, line, len + 1);
		pw->v[pw->n++] = spec;
	}
	OPENSSL_cleanse(line, sizeof(line));
	fclose(fp);
}

/* Loads the key file f with the first password of pw that opens it, as
 * nginx does; false when none does (the caller loads it as usual, and
 * the loader says what is wrong). */
static bool
load_with_passwords(struct inventory *inv, struct findings *fs,
    const struct load_ctx *lc, const struct deploy_file *f,
    const struct passwords *pw)
{
	for (size_t i = 0; i < pw->n; i++) {
		struct inventory scratch;
		struct findings sfs;
		struct pass pass;
		struct load_ctx l = *lc;
		bool opened;

		pass_init(&pass, pw->v[i]);
		l.pass = &pass;
		inventory_init(&scratch);
		findings_init(&sfs);
		opened = load_path(&scratch, &sfs, &l, f->path,
		    role_of(f->use)) > 0 && findings_worst(&sfs) < SEV_ERROR;
		findings_free(&sfs);
		inventory_free(&scratch);
		if (opened)
			(void)load_path(inv, fs, &l, f->path, role_of(f->use));
		pass_free(&pass);
		if (opened)
			return true;
	}
	return false;
}

void
deploy_load(struct deploy_plan *p, size_t i, const struct options *opt,
    struct load_ctx *lc)
{
	struct passwords pw = { .n = 0 };
	struct deploy_result *r = &p->r[i];
	const struct deployment *d = r->d;

	for (size_t j = 0; j < d->nfiles; j++) {
		if (d->files[j].use == USE_PASSWORD && opt->pass_spec == NULL &&
		    pw.n == 0)
			passwords_read(&pw, d->files[j].path);
	}
	for (size_t j = 0; j < d->nfiles; j++) {
		const struct deploy_file *f = &d->files[j];
		/* Already reported as a link to nowhere: not again as an
		 * unreadable file. */
		bool dangling = false;
		for (size_t k = 0; k < r->fs.n && !dangling; k++)
			dangling = strcmp(r->fs.v[k].id, "link-dangling") == 0 &&
			    r->fs.v[k].file != NULL &&
			    strcmp(r->fs.v[k].file, f->path) == 0;
		if (dangling)
			continue;
		/* --pass, when given, is the user's word over the file's. */
		if (pw.n > 0 && f->data == NULL && (f->use == USE_KEY ||
		    f->use == USE_CERT_KEY) &&
		    load_with_passwords(&r->inv, &r->fs, lc, f, &pw))
			continue;
		load_one(&r->inv, &r->fs, lc, f);
	}
	passwords_free(&pw);
	/* Trust options are the run's: every deployment shares them. */
	for (size_t j = 0; j < opt->cas.n; j++)
		(void)load_path(&r->inv, &r->fs, lc, opt->cas.v[j], ROLE_CA);
	for (size_t j = 0; j < opt->crls.n; j++)
		(void)load_path(&r->inv, &r->fs, lc, opt->crls.v[j], ROLE_CRL);
}

void
deploy_plan_free(struct deploy_plan *p)
{
	for (size_t i = 0; p->r != NULL && i < p->n; i++) {
		chain_result_free(&p->r[i].chain);
		trust_store_free(&p->r[i].trust);
		live_result_free(&p->r[i].live);
		findings_free(&p->r[i].fs);
		inventory_free(&p->r[i].inv);
	}
	free(p->r);
	free(p->plain);
	deployments_free(&p->ds);
	memset(p, 0, sizeof(*p));
}

enum severity
deploy_worst(const struct deploy_result *r)
{
	return findings_worst(&r->fs);
}

enum severity
deploy_plan_worst(const struct deploy_plan *p)
{
	enum severity w = SEV_PASS, s;

	for (size_t i = 0; i < p->n; i++)
		if ((s = deploy_worst(&p->r[i])) > w)
			w = s;
	return w;
}

bool
deploy_min_days(const struct deploy_result *r, time_t now, long *days)
{
	bool any = false;

	for (size_t i = 0; i < r->inv.nobjs; i++) {
		const struct object *o = r->inv.objs[i];
		time_t nb, na;
		long d;

		if (o->kind != OBJ_CERT || (o != r->inv.leaf &&
		    o->role != ROLE_CHAIN && o->role != ROLE_SERVED) ||
		    !cert_validity(o->x509, &nb, &na))
			continue;
		d = days_until(now, na);
		if (!any || d < *days)
			*days = d;
		any = true;
	}
	return any;
}

bool
deploy_critical(const struct deploy_result *r, time_t now, int crit_days)
{
	long days;

	if (deploy_worst(r) == SEV_FAIL)
		return true;
	return deploy_worst(r) != SEV_ERROR && deploy_min_days(r, now, &days) &&
	    days <= crit_days;
}
