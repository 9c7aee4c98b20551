#include "config.h"

#include <grp.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <zlib.h>

#include "io.h"

void
io_buf_free(struct io_buf *b)
{
	if (b->data != NULL)
		OPENSSL_clear_free(b->data, b->len);
	b->data = NULL;
	b->len = 0;
}

static enum io_status
unreadable(int err, char *reason, size_t reasonlen)
{
	snprintf(reason, reasonlen, "%s", strerror(err));
	return IO_UNREADABLE;
}

/* Reads until EOF into a growing buffer; at most cap + 1 bytes so that
 * "too large" is detected without reading the whole of a huge file. */
static enum io_status
read_all(int fd, size_t cap, size_t hint, struct io_buf *out,
    char *reason, size_t reasonlen)
{
	unsigned char *buf = NULL, *nbuf;
	size_t len = 0, size = 0;
	ssize_t n;

	if (hint == 0 || hint > cap)
		hint = 65536;
	for (;;) {
		if (len == size) {
			size_t nsize = size == 0 ? hint + 1 : size * 2;
			if (nsize > cap + 1)
				nsize = cap + 1;
			if (len == nsize)
				break;	/* read cap + 1 bytes: too large */
			if ((nbuf = OPENSSL_malloc(nsize)) == NULL) {
				OPENSSL_clear_free(buf, len);
				return unreadable(ENOMEM, reason, reasonlen);
			}
			if (len > 0)
				memcpy(nbuf, buf, len);
			OPENSSL_clear_free(buf, len);
			buf = nbuf;
			size = nsize;
		}
		n = read(fd, buf + len, size - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			OPENSSL_clear_free(buf, len);
			return unreadable(e, reason, reasonlen);
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > cap) {
		OPENSSL_clear_free(buf, len);
		snprintf(reason, reasonlen, "more than %zu bytes", cap);
		return IO_TOO_LARGE;
	}
	out->data = buf;
	out->len = len;
	return IO_OK;
}

enum io_status
io_read(const char *path, size_t cap, struct io_buf *out, char *reason,
    size_t reasonlen)
{
	struct stat st;
	enum io_status rc;
	int fd;
	bool is_stdin = strcmp(path, "-") == 0;

	memset(out, 0, sizeof(*out));
	if (is_stdin)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return unreadable(errno, reason, reasonlen);
	if (fstat(fd, &st) != 0) {
		rc = unreadable(errno, reason, reasonlen);
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = unreadable(EISDIR, reason, reasonlen);
		goto out;
	}
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > cap) {
		snprintf(reason, reasonlen, "more than %zu bytes", cap);
		rc = IO_TOO_LARGE;
		goto out;
	}
	rc = read_all(fd, cap, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0,
	    out, reason, reasonlen);
	if (rc == IO_OK && !is_stdin) {
		out->have_mode = true;
		out->mode = st.st_mode;
		out->key_group = io_key_group(st.st_gid);
	}
out:
	if (!is_stdin)
		close(fd);
	return rc;
}

bool
io_is_gzip(const unsigned char *p, size_t len)
{
	return len >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

enum io_status
io_gunzip(const unsigned char *in, size_t inlen, size_t max_out,
    size_t max_ratio, struct io_buf *out, char *reason, size_t reasonlen)
{
	z_stream zs;
	unsigned char *buf = NULL, *nbuf;
	size_t size = 0, limit = max_out;
	enum io_status rc = IO_GZIP_INVALID;
	int zr;

	memset(out, 0, sizeof(*out));
	memset(&zs, 0, sizeof(zs));
	if (inlen > UINT_MAX) {
		snprintf(reason, reasonlen, "input too large");
		return IO_GZIP_INVALID;
	}
	/* The ratio cap only bites when it is the smaller of the two. */
	if (max_ratio > 0 && inlen <= max_out / max_ratio)
		limit = inlen * max_ratio;
	if (inflateInit2(&zs, 15 + 16) != Z_OK) {
		snprintf(reason, reasonlen, "zlib could not start");
		return IO_GZIP_INVALID;
	}
	zs.next_in = (unsigned char *)in;
	zs.avail_in = (unsigned)inlen;
	for (;;) {
		if (zs.total_out == size) {
			/* One byte beyond the limit proves the limit is crossed. */
			size_t nsize = size == 0 ? 65536 : size * 2;
			if (nsize > limit + 1)
				nsize = limit + 1;
			if (nsize == size) {
				rc = limit < max_out ? IO_GZIP_RATIO :
				    IO_GZIP_TOO_LARGE;
				goto out;
			}
			if ((nbuf = OPENSSL_malloc(nsize)) == NULL) {
				snprintf(reason, reasonlen, "out of memory");
				goto out;
			}
			if (size > 0)
				memcpy(nbuf, buf, size);
			OPENSSL_clear_free(buf, size);
			buf = nbuf;
			zs.next_out = buf + zs.total_out;
			zs.avail_out = (unsigned)(nsize - zs.total_out);
			size = nsize;
		}
		zr = inflate(&zs, Z_NO_FLUSH);
		if (zr == Z_STREAM_END)
			break;
		if (zr == Z_OK)
			continue;
		if (zr == Z_BUF_ERROR && zs.avail_in == 0) {
			snprintf(reason, reasonlen, "the stream is truncated");
			goto out;
		}
		snprintf(reason, reasonlen, "%s",
		    zs.msg != NULL ? zs.msg : "corrupt data");
		goto out;
	}
	if (zs.total_out > limit) {
		rc = limit < max_out ? IO_GZIP_RATIO : IO_GZIP_TOO_LARGE;
		goto out;
	}
	out->data = buf;
	out->len = zs.total_out;
	buf = NULL;
	rc = IO_OK;
out:
	if (buf != NULL)
		OPENSSL_clear_free(buf, size);
	inflateEnd(&zs);
	return rc;
}

bool
io_key_group(gid_t gid)
{
	struct group *g;

	if (gid == 0)
		return true;
	g = getgrgid(gid);
	return g != NULL && (strcmp(g->gr_name, "root") == 0 ||
	    strcmp(g->gr_name, "ssl-cert") == 0);
}
