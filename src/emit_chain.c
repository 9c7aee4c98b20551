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

#include "chain_words.h"
#include "emit_chain.h"

static bool
same_file(const struct stat *a, const char *path)
{
	struct stat b;

	return stat(path, &b) == 0 && a->st_dev == b.st_dev &&
	    a->st_ino == b.st_ino;
}

/* Is target one of the files the inventory was loaded from? */
static const char *
input_named(const struct inventory *inv, const char *target)
{
	struct stat st;

	if (stat(target, &st) != 0)
		return NULL;
	for (size_t i = 0; i < inv->nsrcs; i++)
		if (inv->srcs[i]->have_mode &&
		    same_file(&st, inv->srcs[i]->path))
			return inv->srcs[i]->path;
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

/* Temporary file next to the target, fsync, rename over it: a reader
 * sees the old chain or the new one, never half of one. */
static int
write_atomically(const char *target, const struct chain_path *p, size_t n,
    char *err, size_t errlen)
{
	char real[PATH_MAX], dirbuf[PATH_MAX], tmp[PATH_MAX + 32];
	const char *dest = target;
	struct stat st;
	int fd, dfd, rc = -1;

	/* A symlink (certbot's live/ directory) keeps pointing at the file
	 * it names; that file is the one replaced. */
	if (lstat(target, &st) == 0 && S_ISLNK(st.st_mode) &&
	    realpath(target, real) != NULL)
		dest = real;
	snprintf(dirbuf, sizeof(dirbuf), "%s", dest);
	snprintf(tmp, sizeof(tmp), "%s/.certdiag-chain.XXXXXX",
	    dirname(dirbuf));
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(err, errlen, "cannot create a file in %.300s: %s",
		    dirbuf, strerror(errno));
		return -1;
	}
	/* Certificates are public: readable like the chain files they
	 * replace. */
	if (fchmod(fd, 0644) != 0 || write_all(fd, p, n, err, errlen) != 0) {
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
	if (rename(tmp, dest) != 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		goto out;
	}
	if ((dfd = open(dirbuf, O_RDONLY | O_DIRECTORY)) >= 0) {
		(void)fsync(dfd);	/* the rename itself, on disk */
		close(dfd);
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc != 0)
		unlink(tmp);
	return rc;
}

int
emit_chain(const char *path, const struct chain_result *r,
    const struct inventory *inv, bool force, struct findings *fs)
{
	const struct chain_path *p = r != NULL ? &r->path : NULL;
	const char *input;
	char err[512] = "";
	struct finding *f;
	size_t n;

	if (r == NULL || !r->have_leaf || p->n == 0) {
		finding_add_file(fs, "emit-chain", SEV_ERROR, path,
		    "%s not written: there is no certificate to write", path);
		return -1;
	}
	if (p->end == END_TOO_LONG) {
		f = finding_add_file(fs, "emit-chain", SEV_ERROR, path,
		    "%s not written: the chain has more than %d intermediates "
		    "(the verification depth)", path, r->depth_limit);
		finding_hint(f, "raise --verify-depth to see the whole chain");
		return -1;
	}
	if (p->end == END_MISSING_ISSUER) {
		char *issuer = chain_issuer_name(p->links[p->n - 1].x509);
		f = finding_add_file(fs, "emit-chain", SEV_ERROR, path,
		    "%s not written: the chain is incomplete, the issuer %s is "
		    "missing", path, issuer);
		finding_hint(f, "add the intermediate with --chain, or let "
		    "certdiag download it with --fetch-aia");
		free(issuer);
		return -1;
	}
	if (!force && (input = input_named(inv, path)) != NULL) {
		f = finding_add_file(fs, "emit-chain", SEV_ERROR, path,
		    "%s not written: it is one of the input files (%s)", path,
		    input);
		finding_hint(f, "write to a new file, or add --force to "
		    "replace it");
		return -1;
	}
	n = served_length(p);
	if (write_atomically(path, p, n, err, sizeof(err)) != 0) {
		finding_add_file(fs, "emit-chain", SEV_ERROR, path,
		    "%s not written: %s", path, err);
		return -1;
	}
	if (n == 1 && p->n == 1)
		finding_add_file(fs, "emit-chain", SEV_INFO, path,
		    "wrote %s: the certificate alone, as nothing issued it "
		    "but itself or a trust anchor", path);
	else if (n == 1)
		finding_add_file(fs, "emit-chain", SEV_INFO, path,
		    "wrote %s: the leaf alone, as the root issued it directly",
		    path);
	else
		finding_add_file(fs, "emit-chain", SEV_INFO, path,
		    "wrote %s: the leaf and %zu intermediate%s, in order%s",
		    path, n - 1, n - 1 == 1 ? "" : "s",
		    n < p->n ? " (the root left out)" : "");
	return 0;
}
