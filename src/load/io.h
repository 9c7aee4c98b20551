/* Bytes in: files, stdin and gzip, each with a size cap. The only user
 * of zlib. Errors are returned with a short reason; callers name the
 * file. */
#ifndef IO_H
#define IO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum io_status {
	IO_OK = 0,
	IO_UNREADABLE,		/* reason holds strerror() */
	IO_TOO_LARGE,		/* more than the cap */
	IO_GZIP_INVALID,	/* reason holds zlib's message */
	IO_GZIP_TOO_LARGE,	/* output over the size cap */
	IO_GZIP_RATIO		/* output over ratio x input */
};

struct io_buf {
	unsigned char *data;	/* owned; cleansed on free (may hold keys) */
	size_t len;
	bool have_mode;
	mode_t mode;		/* st_mode of the file read */
	bool key_group;		/* group root or ssl-cert (io_key_group) */
};

/* Reads path ("-" is stdin) whole, refusing more than cap bytes. */
enum io_status io_read(const char *path, size_t cap, struct io_buf *out,
    char *reason, size_t reasonlen);

bool io_is_gzip(const unsigned char *, size_t);

/* Inflates a gzip stream, refusing output beyond max_out bytes or
 * beyond max_ratio times the input length. */
enum io_status io_gunzip(const unsigned char *in, size_t inlen,
    size_t max_out, size_t max_ratio, struct io_buf *out,
    char *reason, size_t reasonlen);

void io_buf_free(struct io_buf *);

/* Is gid root's group or ssl-cert, the groups that may read keys by
 * Debian's convention (PostgreSQL, Postfix, Dovecot)? */
bool io_key_group(gid_t gid);

#endif
