#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "pass.h"

/* Longer than any password a person types, short enough to bound reads. */
#define PASS_MAX 1024

void
pass_init(struct pass *p, const char *spec)
{
	memset(p, 0, sizeof(*p));
	p->spec = spec;
}

void
pass_free(struct pass *p)
{
	if (p->buf != NULL)
		OPENSSL_clear_free(p->buf, p->len + 1);
	p->buf = NULL;
	p->len = 0;
	p->resolved = false;
}

static bool
take(struct pass *p, const char *s, size_t len)
{
	if ((p->buf = OPENSSL_malloc(len + 1)) == NULL) {
		snprintf(p->err, sizeof(p->err), "out of memory");
		return false;
	}
	memcpy(p->buf, s, len);
	p->buf[len] = '\0';
	p->len = len;
	return true;
}

/* First line of fd, read byte by byte so that nothing after the line is
 * consumed (fd:N and stdin may carry more data for someone else). */
static bool
read_line(struct pass *p, int fd, const char *what)
{
	char line[PASS_MAX + 1];
	size_t len = 0;
	bool ok = false;

	for (;;) {
		char c;
		ssize_t n = read(fd, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(p->err, sizeof(p->err),
			    "cannot read the password from %s: %s", what,
			    strerror(errno));
			goto out;
		}
		if (n == 0 || c == '\n')
			break;
		if (len == PASS_MAX) {
			snprintf(p->err, sizeof(p->err),
			    "the password in %s is longer than %d bytes",
			    what, PASS_MAX);
			goto out;
		}
		line[len++] = c;
	}
	if (len > 0 && line[len - 1] == '\r')
		len--;
	ok = take(p, line, len);
out:
	OPENSSL_cleanse(line, sizeof(line));
	return ok;
}

static bool
from_file(struct pass *p, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool ok;

	if (fd < 0) {
		snprintf(p->err, sizeof(p->err),
		    "cannot open the password file %s: %s", path,
		    strerror(errno));
		return false;
	}
	ok = read_line(p, fd, path);
	close(fd);
	return ok;
}

static bool
from_fd(struct pass *p, const char *num)
{
	char *end;
	long fd;
	char what[32];

	errno = 0;
	fd = strtol(num, &end, 10);
	if (*num == '\0' || *end != '\0' || errno != 0 || fd < 0 ||
	    fd > INT_MAX) {
		snprintf(p->err, sizeof(p->err),
		    "--pass fd: needs a file descriptor number");
		return false;
	}
	snprintf(what, sizeof(what), "fd %ld", fd);
	return read_line(p, (int)fd, what);
}

static bool
from_env(struct pass *p, const char *var)
{
	const char *v = getenv(var);

	if (v == NULL) {
		snprintf(p->err, sizeof(p->err),
		    "the environment variable %.200s is not set", var);
		return false;
	}
	return take(p, v, strlen(v));
}

static bool
from_tty(struct pass *p, const char *prompt_for)
{
	char buf[PASS_MAX + 1], prompt[512];
	bool ok = false;

	/* Never prompt a pipeline: only a person at a terminal can answer. */
	if (isatty(STDIN_FILENO) != 1)
		return false;
	snprintf(prompt, sizeof(prompt), "Password for %s: ",
	    prompt_for != NULL ? prompt_for : "the encrypted input");
	if (EVP_read_pw_string(buf, sizeof(buf), prompt, 0) == 0)
		ok = take(p, buf, strlen(buf));
	OPENSSL_cleanse(buf, sizeof(buf));
	return ok;
}

static bool
resolve(struct pass *p, const char *prompt_for)
{
	const char *s = p->spec;

	if (s == NULL)
		return from_tty(p, prompt_for);
	if (strncmp(s, "pass:", 5) == 0)
		return take(p, s + 5, strlen(s + 5));
	if (strncmp(s, "env:", 4) == 0)
		return from_env(p, s + 4);
	if (strncmp(s, "file:", 5) == 0)
		return from_file(p, s + 5);
	if (strncmp(s, "fd:", 3) == 0)
		return from_fd(p, s + 3);
	if (strcmp(s, "stdin") == 0)
		return read_line(p, STDIN_FILENO, "stdin");
	/* Do not echo the spec: it may be a password given without "pass:". */
	snprintf(p->err, sizeof(p->err),
	    "--pass must be pass:TEXT, env:VAR, file:PATH, fd:N or stdin");
	return false;
}

const char *
pass_get(struct pass *p, const char *prompt_for)
{
	if (p == NULL)
		return NULL;
	if (!p->resolved) {
		p->resolved = true;
		p->failed = !resolve(p, prompt_for) && p->err[0] != '\0';
	}
	return p->buf;
}
