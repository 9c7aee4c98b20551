#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include "chain/chain_words.h"
#include "emit_chain.h"

static bool
same_file(const struct stat *a, const char *path)
{
	struct stat b;

	return stat(path, &b) == 0 && a->st_dev == b.st_dev &&
	    a->st_ino == b.st_ino;
}

/* Is dir (a real path) path itself or one of its parent directories? */
static bool
inside(const char *dir, const char *path)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return true;
	return strncmp(dir, path, n) == 0 &&
	    (path[n] == '/' || path[n] == '\0');
}

/* Is target one of the files certdiag read, or inside a directory it
 * was given? Those are the user's data, not its output: the inventory's
 * sources, every path named on the command line (a --pass file: too),
 * and every file below a directory named there (a server configuration
 * beside the certificates, say). */
static const char *
input_named(const struct inventory *inv, const char *const *named,
    size_t nnamed, const char *target)
{
	char rtarget[PATH_MAX], rdir[PATH_MAX];
	struct stat st, dst;

	if (stat(target, &st) != 0)
		return NULL;
	for (size_t i = 0; i < inv->nsrcs; i++)
		if (inv->srcs[i]->have_mode &&
		    same_file(&st, inv->srcs[i]->path))
			return inv->srcs[i]->path;
	if (realpath(target, rtarget) == NULL)
		return NULL;
	for (size_t i = 0; i < nnamed; i++) {
		if (same_file(&st, named[i]))
			return named[i];
		if (stat(named[i], &dst) == 0 && S_ISDIR(dst.st_mode) &&
		    realpath(named[i], rdir) != NULL && inside(rdir, rtarget))
			return named[i];
	}
	return NULL;
}

/* How many links to write: all but a self-signed root at the end. */
static size_t
served_length(const struct chain_path *p)
{
	size_t n = p->n;

	if (n > 1 && p->end != END_MISSING_ISSUER && p->end != END_TOO_LONG &&
	    X509_self_signed(p->links[n - 1].x509, 0) == 1)
		n--;
	ERR_clear_error();
	return n;
}

static int
write_all(int fd, const struct chain_path *p, size_t n, char *err,
    size_t errlen)
{
	BIO *b = BIO_new_fd(fd, BIO_NOCLOSE);
	int rc = -1;

	if (b == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (PEM_write_bio_X509(b, p->links[i].x509) != 1) {
			snprintf(err, errlen, "write failed");
			goto out;
		}
	if (BIO_flush(b) != 1) {
		snprintf(err, errlen, "write failed");
		goto out;
	}
	if (fsync(fd) != 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	BIO_free(b);
	ERR_clear_error();
	return rc;
}

/* A name no other file has, in the directory dfd: O_EXCL refuses one
 * that exists, whatever it is (a link planted there too). */
static int
create_temporary(int dfd, char *name, size_t len, mode_t mode)
{
	unsigned char r[6];

	for (int tries = 0; tries < 100; tries++) {
		int fd;

		if (RAND_bytes(r, sizeof(r)) != 1)
			break;
		snprintf(name, len, ".certdiag-chain.%02x%02x%02x%02x%02x%02x",
		    r[0], r[1], r[2], r[3], r[4], r[5]);
		fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, mode);
		if (fd >= 0)
			return fd;
		if (errno != EEXIST)
			break;
	}
	ERR_clear_error();
	name[0] = '\0';	/* nothing of ours to remove */
	errno = EEXIST;
	return -1;
}

static mode_t
current_umask(void)
{
	mode_t m = umask(022);

	umask(m);
	return m;
}

/* Temporary file next to the target, fsync, rename over it: a reader
 * sees the old chain or the new one, never half of one. Every step is
 * relative to the directory opened once, and nothing follows a link in
 * the last component: the name is replaced, never what a link there
 * points to (a link planted by another user in a shared directory must
 * not turn a root run into a write elsewhere). */
static int
write_atomically(const char *target, bool force, const struct chain_path *p,
    size_t n, char *err, size_t errlen)
{
	char dirbuf[PATH_MAX], basebuf[PATH_MAX], tmp[64] = "";
	const char *dir, *base;
	struct stat st;
	bool replacing = false;
	mode_t mode;
	int fd = -1, dfd, rc = -1;

	if (snprintf(dirbuf, sizeof(dirbuf), "%s", target) >=
	    (int)sizeof(dirbuf)) {
		snprintf(err, errlen, "the name is too long");
		return -1;
	}
	snprintf(basebuf, sizeof(basebuf), "%s", target);
	dir = dirname(dirbuf);
	base = basename(basebuf);
	if (strcmp(base, "/") == 0 || strcmp(base, ".") == 0 ||
	    strcmp(base, "..") == 0) {
		snprintf(err, errlen, "it names a directory, not a file");
		return -1;
	}
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "cannot open the directory %.300s: %s",
		    dir, strerror(errno));
		return -1;
	}
	/* New files: a chain is public, but the umask has the last word. */
	mode = 0644 & ~current_umask();
	if (fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (S_ISLNK(st.st_mode) && !force) {
			snprintf(err, errlen, "it is a symbolic link; write to "
			    "the file it names, or add --force to replace "
			    "the link itself (never the file it points to)");
			goto out;
		}
		if (S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "it is a directory");
			goto out;
		}
		if (S_ISREG(st.st_mode)) {
			mode = st.st_mode & 07777;
			replacing = true;
		}
	}
	if ((fd = create_temporary(dfd, tmp, sizeof(tmp), mode)) < 0) {
		snprintf(err, errlen, "cannot create a file in %.300s: %s",
		    dir, strerror(errno));
		goto out;
	}
	/* The mode (and, as root, the owner) of the file it replaces. */
	if (fchmod(fd, mode) != 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		goto out;
	}
	if (replacing && geteuid() == 0)
		(void)fchown(fd, st.st_uid, st.st_gid);
	if (write_all(fd, p, n, err, errlen) != 0) {
		if (errno != 0 && err[0] == '\0')
			snprintf(err, errlen, "%s", strerror(errno));
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		snprintf(err, errlen, "%s", strerror(errno));
		goto out;
	}
	fd = -1;
	if (renameat(dfd, tmp, dfd, base) != 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		goto out;
	}
	(void)fsync(dfd);	/* the rename itself, on disk */
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc != 0 && tmp[0] != '\0')
		unlinkat(dfd, tmp, 0);
	close(dfd);
	return rc;
}

int
emit_chain(const char *path, const struct chain_result *r,
    const struct inventory *inv, const char *const *named, size_t nnamed,
    bool force, struct findings *fs)
{
	const struct chain_path *p = r != NULL ? &r->path : NULL;
	const char *input;
	char err[512] = "";
	struct finding *f;
	size_t n;

	if (r == NULL || !r->have_leaf || p->n == 0) {
		finding_add_file(fs, "emit-chain", SEV_ERROR, path,
		    "not written: there is no certificate to write");
		return -1;
	}
	if (p->end == END_TOO_LONG) {
		f = finding_add_file(fs, "emit-chain", SEV_ERROR, path,
		    "not written: the chain has more than %d intermediates "
		    "(the verification depth)", r->depth_limit);
		finding_hint(f, "raise --verify-depth to see the whole chain");
		return -1;
	}
	if (p->end == END_MISSING_ISSUER) {
		char *issuer = chain_issuer_name(p->links[p->n - 1].x509);
		f = finding_add_file(fs, "emit-chain", SEV_ERROR, path,
		    "not written: the chain is incomplete, the issuer %s is "
		    "missing", issuer);
		finding_hint(f, "add the intermediate with --chain, or let "
		    "certdiag download it with --fetch-aia");
		free(issuer);
		return -1;
	}
	if (!force && (input = input_named(inv, named, nnamed, path)) != NULL) {
		f = finding_add_file(fs, "emit-chain", SEV_ERROR, path,
		    "not written: it is one of the input files (%s)",
		    input);
		finding_hint(f, "write to a new file, or add --force to "
		    "replace it");
		return -1;
	}
	n = served_length(p);
	if (write_atomically(path, force, p, n, err, sizeof(err)) != 0) {
		finding_add_file(fs, "emit-chain", SEV_ERROR, path,
		    "not written: %s", err);
		return -1;
	}
	if (n == 1 && p->n == 1)
		finding_add_file(fs, "emit-chain", SEV_INFO, path,
		    "written: the certificate alone, as nothing issued it "
		    "but itself or a trust anchor");
	else if (n == 1)
		finding_add_file(fs, "emit-chain", SEV_INFO, path,
		    "written: the leaf alone, as the root issued it "
		    "directly");
	else
		finding_add_file(fs, "emit-chain", SEV_INFO, path,
		    "written: the leaf and %zu intermediate%s, in order%s",
		    n - 1, n - 1 == 1 ? "" : "s",
		    n < p->n ? " (the root left out)" : "");
	return 0;
}
