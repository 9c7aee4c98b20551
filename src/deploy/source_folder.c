/* A folder as deployments: one per private key (see folder.h). Reading
 * the files is the only way to know which key a certificate belongs to,
 * so each file is loaded once into a scratch inventory here; the
 * pipeline loads the chosen files again for the checks. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "deploy/folder.h"
#include "inventory.h"
#include "strbuf.h"

/* What one directory entry holds, as far as the split needs to know. */
struct entry {
	char *path;		/* owned; DIR/NAME */
	const char *name;	/* into path */
	bool material;		/* holds certificates, keys, CSRs or CRLs */
	bool has_key;
	unsigned char key_spki[32];
	bool has_leaf;		/* its first certificate is not a CA */
	unsigned char leaf_spki[32];
	bool has_cert;
	bool has_csr;
	unsigned char csr_spki[32];
	long version;		/* certbot archive: cert2.pem -> 2; else -1 */
	int dep;		/* deployment it went to, or -1 */
};

struct folder {
	struct entry *v;
	size_t n, cap;
};

static void
folder_free(struct folder *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].path);
	free(f->v);
}

/* "cert12.pem" -> 12: certbot numbers each version in archive/ (cert,
 * chain, fullchain, privkey); any other name -> -1. */
static long
version_of(const char *name)
{
	static const char *const stems[] = { "cert", "chain", "fullchain",
	    "privkey" };
	const char *p;
	char *end;
	long v;

	for (size_t i = 0; i < sizeof(stems) / sizeof(stems[0]); i++) {
		size_t n = strlen(stems[i]);
		if (strncmp(name, stems[i], n) != 0 ||
		    !isdigit((unsigned char)name[n]))
			continue;
		p = name + n;
		v = strtol(p, &end, 10);
		if (strcmp(end, ".pem") == 0 && v >= 0)
			return v;
	}
	return -1;
}

static void
examine(struct entry *e, struct load_ctx *lc)
{
	struct inventory inv;
	struct findings fs;
	const struct object *first = NULL;

	inventory_init(&inv);
	findings_init(&fs);
	if (load_entry(&inv, &fs, lc, e->path, ROLE_AUTO) > 0)
		e->material = true;
	for (size_t i = 0; i < inv.nobjs; i++) {
		const struct object *o = inv.objs[i];
		switch (o->kind) {
		case OBJ_KEY:
			if (!e->has_key && o->have_spki) {
				e->has_key = true;
				memcpy(e->key_spki, o->spki_sha256, 32);
			}
			break;
		case OBJ_CERT:
			e->has_cert = true;
			if (first == NULL || o->index < first->index)
				first = o;
			break;
		case OBJ_CSR:
			if (!e->has_csr && o->have_spki) {
				e->has_csr = true;
				memcpy(e->csr_spki, o->spki_sha256, 32);
			}
			break;
		default:
			break;
		}
	}
	if (first != NULL && !object_is_ca(first) && first->have_spki) {
		e->has_leaf = true;
		memcpy(e->leaf_spki, first->spki_sha256, 32);
	}
	e->version = e->material ? version_of(e->name) : -1;
	findings_free(&fs);
	inventory_free(&inv);
}

/* A link whose target is missing: the service cannot open it either. */
static void
dangling(const char *path, struct findings *fs)
{
	char target[4096];
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	struct finding *f;

	if (n < 0)
		n = 0;
	target[n] = '\0';
	f = finding_add_file(fs, "link-dangling", SEV_FAIL, path,
	    "%s is a symbolic link to %s, which does not exist: the service "
	    "cannot load it", path, target);
	if (strstr(target, "archive/") != NULL)
		finding_hint(f, "was live/ copied without archive/? use cp -a "
		    "(or rsync -a) on the whole certbot directory, so that "
		    "live/'s links keep their targets");
	else
		finding_hint(f, "point the link at the file (ln -sfn TARGET "
		    "LINK) or remove it");
}

static int
compare_entries(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path,
	    ((const struct entry *)b)->path);
}

/* Lists dir's regular files (links followed); dangling links become
 * findings in links. */
static int
compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
list(const char *dir, struct folder *f, struct findings *links,
    struct findings *fs)
{
	char **dang = NULL;
	size_t ndang = 0;
	DIR *d = opendir(dir);
	struct dirent *de;
	struct stat st, lst;
	struct entry *e;

	if (d == NULL) {
		finding_add_file(fs, "file-unreadable", SEV_ERROR, dir,
		    "%s: cannot read the directory: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		char *path;

		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (asprintf(&path, "%s%s%s", dir,
		    dir[strlen(dir) - 1] == '/' ? "" : "/", de->d_name) < 0)
			break;
		if (stat(path, &st) != 0) {
			char **nd;
			if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) &&
			    (nd = realloc(dang, (ndang + 1) *
			    sizeof(*nd))) != NULL) {
				dang = nd;
				dang[ndang++] = path;
			} else
				free(path);
			continue;
		}
		if (!S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		if (!array_grow(&f->v, &f->cap, f->n + 1, sizeof(*f->v))) {
			free(path);
			break;
		}
		e = &f->v[f->n++];
		memset(e, 0, sizeof(*e));
		e->path = path;
		e->name = strrchr(path, '/') + 1;
		e->dep = -1;
	}
	closedir(d);
	/* readdir order depends on the file system; reports must not. */
	array_sort(f->v, f->n, sizeof(*f->v), compare_entries);
	if (ndang > 0)
		array_sort(dang, ndang, sizeof(*dang), compare_strings);
	for (size_t i = 0; i < ndang; i++) {
		dangling(dang[i], links);
		free(dang[i]);
	}
	free(dang);
	return 0;
}

/* certbot's archive/ keeps every version: only the newest is deployed.
 * The older files are named in a note, not checked. */
static void
drop_old_versions(struct folder *f, struct findings *notes)
{
	long newest = -1;
	size_t nold = 0;
	char *names = NULL;
	size_t len = 0;
	FILE *fp;

	for (size_t i = 0; i < f->n; i++) {
		if (!f->v[i].material)
			continue;
		if (f->v[i].version < 0)
			return;		/* not the archive layout */
		if (f->v[i].version > newest)
			newest = f->v[i].version;
	}
	for (size_t i = 0; i < f->n; i++)
		nold += f->v[i].material && f->v[i].version < newest;
	if (nold == 0 || (fp = open_memstream(&names, &len)) == NULL)
		return;
	nold = 0;
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].material && f->v[i].version < newest) {
			fprintf(fp, "%s%s", nold++ ? ", " : "", f->v[i].name);
			f->v[i].material = false;
		}
	fclose(fp);
	finding_add_file(notes, "older-versions", SEV_INFO, NULL,
	    "version %ld is the newest here; %zu older file%s not checked: "
	    "%s", newest, nold, nold == 1 ? "" : "s", names != NULL ?
	    names : "");
	free(names);
}

static bool
same(const unsigned char *a, const unsigned char *b)
{
	return memcmp(a, b, 32) == 0;
}

/* Moves (not copies) every finding of from to the end of to. */
static void
move_findings(struct findings *to, struct findings *from)
{
	if (to->n == 0) {
		findings_free(to);
		*to = *from;
		findings_init(from);
		return;
	}
	for (size_t i = 0; i < from->n; i++) {
		struct finding *f = &from->v[i];
		struct finding *g = finding_add_file(to, f->id, f->sev,
		    f->file, "%s", f->message != NULL ? f->message : "");
		if (g != NULL && f->hint != NULL)
			finding_hint(g, "%s", f->hint);
	}
	findings_free(from);
	findings_init(from);
}

int
folder_read(const char *dir, struct deployments *ds, struct findings *fs,
    struct load_ctx *lc)
{
	struct folder f = { 0 };
	struct findings links, notes;
	size_t first = ds->n, nkeys = 0;
	int rc = -1;
	bool any = false;

	findings_init(&links);
	findings_init(&notes);
	if (list(dir, &f, &links, fs) < 0)
		goto out;
	for (size_t i = 0; i < f.n; i++) {
		examine(&f.v[i], lc);
		any |= f.v[i].material;
	}
	drop_old_versions(&f, &notes);

	/* One deployment per distinct key, in file order. */
	for (size_t i = 0; i < f.n; i++) {
		struct entry *e = &f.v[i];
		bool seen = false;

		if (!e->material || !e->has_key)
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			if (f.v[j].material && f.v[j].has_key &&
			    same(f.v[j].key_spki, e->key_spki)) {
				e->dep = f.v[j].dep;
				seen = true;
			}
		if (!seen)
			e->dep = (int)nkeys++;
	}
	for (size_t k = 0; k < (nkeys ? nkeys : 1); k++) {
		char *name = NULL, *keyfile = NULL;
		struct deployment *d;

		for (size_t i = 0; i < f.n && keyfile == NULL; i++)
			if (f.v[i].has_key && f.v[i].material &&
			    f.v[i].dep == (int)k)
				keyfile = f.v[i].path;
		if (nkeys > 1 && asprintf(&name, "%s (key %s)", dir,
		    keyfile) < 0)
			goto out;
		d = deployment_add(ds, DEPLOY_FOLDER, name != NULL ? name :
		    dir, dir);
		free(name);
		if (d == NULL)
			goto out;
	}
	/* Certificates, bundles and requests go to the key they hold;
	 * one that matches no key goes to the only key (a stale bundle is
	 * a finding there), else to a deployment of its own. */
	for (size_t i = 0; i < f.n; i++) {
		struct entry *e = &f.v[i];

		if (!e->material || e->has_key)
			continue;
		for (size_t j = 0; j < f.n && e->dep < 0; j++) {
			const struct entry *k = &f.v[j];
			if (!k->material || !k->has_key)
				continue;
			if ((e->has_leaf && same(e->leaf_spki, k->key_spki)) ||
			    (!e->has_cert && e->has_csr &&
			    same(e->csr_spki, k->key_spki)))
				e->dep = k->dep;
		}
		if (e->dep >= 0 || (!e->has_leaf && !e->has_csr))
			continue;
		if (nkeys <= 1)
			e->dep = 0;
		else {
			char *name = NULL;
			if (asprintf(&name, "%s (%s, no key)", dir, e->name) < 0 ||
			    deployment_add(ds, DEPLOY_FOLDER, name, dir) == NULL) {
				free(name);
				goto out;
			}
			free(name);
			e->dep = (int)(ds->n - first - 1);
		}
	}
	/* In directory order, so bundles keep the order a person sees. */
	for (size_t i = 0; i < f.n; i++) {
		struct entry *e = &f.v[i];

		if (!e->material)
			continue;
		if (e->dep >= 0) {
			enum deploy_use use = e->has_key ? (e->has_cert ?
			    USE_CERT_KEY : USE_KEY) : e->has_cert ? USE_CERT :
			    USE_CSR;
			if (!deployment_add_file(&ds->v[first + (size_t)e->dep],
			    e->path, use, NULL))
				goto out;
			continue;
		}
		/* CA certificates and CRLs: every deployment's. */
		for (size_t k = first; k < ds->n; k++)
			if (!deployment_add_file(&ds->v[k], e->path,
			    USE_CHAIN, NULL))
				goto out;
	}
	if (nkeys == 0 && any)
		finding_add_file(&ds->v[first].findings, "no-key", SEV_INFO,
		    dir, "%s: no private key found: key match not checked",
		    dir);
	if (!any && links.n == 0)
		finding_add_file(&ds->v[first].findings, "no-objects",
		    SEV_ERROR, dir, "%s: the directory holds no certificates, "
		    "keys, certificate requests or CRLs", dir);
	move_findings(&ds->v[first].findings, &notes);
	/* Dangling links: the folder's only deployment, or one of their
	 * own beside several. */
	if (links.n > 0) {
		struct deployment *d = &ds->v[first];
		if (ds->n - first > 1) {
			char *name = NULL;
			if (asprintf(&name, "%s (links)", dir) < 0 ||
			    (d = deployment_add(ds, DEPLOY_FOLDER, name, dir)) ==
			    NULL) {
				free(name);
				goto out;
			}
			free(name);
		}
		move_findings(&d->findings, &links);
	}
	rc = (int)(ds->n - first);
out:
	if (rc < 0 && ds->n == first)
		finding_add_file(fs, "file-unreadable", SEV_ERROR, dir,
		    "%s: out of memory", dir);
	findings_free(&links);
	findings_free(&notes);
	folder_free(&f);
	return rc;
}

static int
folder_source_read(const char *path, struct deployments *ds,
    struct findings *fs)
{
	return folder_read(path, ds, fs, NULL) < 0 ? -1 : 0;
}

/* Never sniffed: a directory no other source claims is a folder. */
const struct source_desc source_folder = { "folder", NULL,
    folder_source_read };
