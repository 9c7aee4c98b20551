#include "config.h"

#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "deploy/conf_file.h"
#include "load/io.h"

void
conf_limit(struct conf_src *src, const char *origin, const char *fmt, ...)
{
	struct finding *f;
	va_list ap;
	char *msg;
	int n;

	if (src->limited)
		return;
	src->limited = true;
	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	f = finding_add_file(src->fs, "source-limit", SEV_ERROR, origin,
	    "%s", msg);
	if (f != NULL)
		finding_hint(f, "what lies beyond is not read; see LIMITS "
		    "in certdiag(1)");
	free(msg);
}

bool
conf_enter(struct conf_src *src, const char *path, const char *origin)
{
	for (size_t i = 0; i < src->nchain; i++)
		if (strcmp(src->chain[i], path) == 0) {
			conf_limit(src, origin != NULL ? origin : path,
			    "%s: %s includes itself", src->what, path);
			return false;
		}
	if (src->nchain == sizeof(src->chain) / sizeof(src->chain[0])) {
		conf_limit(src, origin != NULL ? origin : path,
		    "%s: includes nested more than %d deep; %s not read",
		    src->what, CONF_MAX_DEPTH, path);
		return false;
	}
	src->chain[src->nchain++] = path;
	return true;
}

void
conf_leave(struct conf_src *src)
{
	if (src->nchain > 0)
		src->nchain--;
}

char *
conf_read(struct conf_src *src, const char *path, const char *origin,
    size_t *len)
{
	struct io_buf buf = { 0 };
	struct stat sb;
	char reason[256];
	const char *at = origin != NULL ? origin : path;
	enum io_status st;
	char *text;

	if (src->nfiles >= CONF_MAX_FILES) {
		src->spent = true;
		conf_limit(src, at,
		    "%s: more than %d configuration files; %s not read",
		    src->what, CONF_MAX_FILES, path);
		return NULL;
	}
	if (conf_is_dir(path)) {
		finding_add_file(src->fs, "source-unreadable", SEV_ERROR, at,
		    "%s: %s is a directory, not a configuration file",
		    src->what, path);
		return NULL;
	}
	/* a FIFO or device would block or never end: configurations are
	 * regular files */
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		finding_add_file(src->fs, "source-unreadable", SEV_ERROR, at,
		    "%s: %s is not a regular file", src->what, path);
		return NULL;
	}
	if (src->nbytes >= CONF_MAX_TOTAL) {
		src->spent = true;
		conf_limit(src, at,
		    "%s: more than %u MiB of configuration read; %s not read",
		    src->what, CONF_MAX_TOTAL >> 20, path);
		return NULL;
	}
	st = io_read(path, CONF_MAX_BYTES, &buf, reason, sizeof(reason));
	if (st == IO_TOO_LARGE) {
		conf_limit(src, at,
		    "%s: %s is larger than %u MiB", src->what, path,
		    CONF_MAX_BYTES >> 20);
		return NULL;
	}
	if (st != IO_OK) {
		finding_add_file(src->fs, "source-unreadable", SEV_ERROR, at,
		    "%s: cannot read %s: %s", src->what, path, reason);
		return NULL;
	}
	src->nfiles++;
	src->nbytes += buf.len;
	if (memchr(buf.data, '\0', buf.len) != NULL) {
		finding_add_file(src->fs, "source-unreadable", SEV_ERROR, at,
		    "%s: %s is not a text file (it holds NUL bytes)",
		    src->what, path);
		io_buf_free(&buf);
		return NULL;
	}
	if ((text = malloc(buf.len + 1)) == NULL) {
		io_buf_free(&buf);
		return NULL;
	}
	memcpy(text, buf.data, buf.len);
	text[buf.len] = '\0';
	*len = buf.len;
	io_buf_free(&buf);
	return text;
}

bool
conf_is_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

void
conf_strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

long
conf_glob(struct conf_src *src, const char *pattern, const char *origin,
    char ***out)
{
	glob_t g;
	char **v;
	long n;
	int rc;

	*out = NULL;
	if (src->npaths >= CONF_MAX_PATHS) {
		src->spent = true;
		conf_limit(src, origin,
		    "%s: include patterns named more than %d paths; %s not "
		    "expanded", src->what, CONF_MAX_PATHS, pattern);
		return -1;
	}
	if (!conf_is_glob(pattern)) {
		src->npaths++;
		if ((v = calloc(1, sizeof(*v))) == NULL ||
		    (v[0] = strdup(pattern)) == NULL) {
			free(v);
			return -1;
		}
		*out = v;
		return 1;
	}
	memset(&g, 0, sizeof(g));
	rc = glob(pattern, 0, NULL, &g);
	if (rc == GLOB_NOMATCH || (rc == 0 && g.gl_pathc == 0)) {
		globfree(&g);
		return 0;
	}
	if (rc != 0) {
		globfree(&g);
		finding_add_file(src->fs, "source-unreadable", SEV_ERROR,
		    origin, "%s: cannot expand %s", src->what, pattern);
		return -1;
	}
	if (g.gl_pathc > CONF_MAX_GLOB) {
		conf_limit(src, origin,
		    "%s: %s names %zu files, more than %d", src->what,
		    pattern, (size_t)g.gl_pathc, CONF_MAX_GLOB);
		globfree(&g);
		return -1;
	}
	src->npaths += g.gl_pathc;
	if ((v = calloc(g.gl_pathc, sizeof(*v))) == NULL) {
		globfree(&g);
		return -1;
	}
	for (n = 0; n < (long)g.gl_pathc; n++)
		if ((v[n] = strdup(g.gl_pathv[n])) == NULL) {
			conf_strv_free(v, (size_t)n);
			globfree(&g);
			return -1;
		}
	globfree(&g);	/* glob(3) sorts unless GLOB_NOSORT */
	*out = v;
	return n;
}

char *
conf_resolve(const char *dir, const char *path)
{
	char *s;

	if (path[0] == '/' || dir == NULL || dir[0] == '\0' ||
	    strcmp(dir, ".") == 0)
		return strdup(path);
	if (asprintf(&s, "%s%s%s", dir,
	    dir[strlen(dir) - 1] == '/' ? "" : "/", path) < 0)
		return NULL;
	return s;
}

char *
conf_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

char *
conf_origin(const char *file, unsigned line)
{
	char *s;

	if (asprintf(&s, "%s:%u", file, line) < 0)
		return NULL;
	return s;
}

bool
conf_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool
conf_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}
