#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan_ignore.h"

/* An ignore file is a short list of patterns; anything this large is a
 * mistake (or not an ignore file), and reading it whole would be too. */
#define IGNORE_MAX_FILE_SIZE	(1024u * 1024)

struct ignore_rule {
	char *pat;		/* owned; '/'-separated components; an
				 * unanchored pattern gets a leading double
				 * star component */
	bool negate;
	bool dir_only;
};

void
ignore_init(struct scan_ignore *ig)
{
	memset(ig, 0, sizeof(*ig));
}

void
ignore_free(struct scan_ignore *ig)
{
	for (size_t i = 0; i < ig->n; i++)
		free(ig->v[i].pat);
	free(ig->v);
	memset(ig, 0, sizeof(*ig));
}

bool
ignore_add(struct scan_ignore *ig, const char *line)
{
	struct ignore_rule r = { 0 };
	size_t len = strlen(line);
	const char *p = line;
	char *pat;
	bool anchored;

	/* Trailing blanks are dropped unless escaped, as git does. */
	while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t' ||
	    p[len - 1] == '\r' || p[len - 1] == '\n')) {
		if (len >= 2 && p[len - 2] == '\\' && p[len - 1] == ' ')
			break;
		len--;
	}
	if (len == 0 || p[0] == '#')
		return true;
	if (p[0] == '!') {
		r.negate = true;
		p++;
		len--;
	} else if (p[0] == '\\' && (p[1] == '#' || p[1] == '!')) {
		p++;
		len--;
	}
	if (len > 0 && p[len - 1] == '/') {
		r.dir_only = true;
		len--;
	}
	if (len == 0)
		return true;
	/* A slash at the start or in the middle anchors the pattern. */
	anchored = memchr(p, '/', len) != NULL;
	if (p[0] == '/') {
		p++;
		len--;
		if (len == 0)
			return true;
	}
	if ((pat = malloc(len + 4)) == NULL)
		return false;
	if (anchored) {
		memcpy(pat, p, len);
		pat[len] = '\0';
	} else {
		memcpy(pat, "**/", 3);
		memcpy(pat + 3, p, len);
		pat[len + 3] = '\0';
	}
	r.pat = pat;
	if (ig->n == ig->cap) {
		size_t cap = ig->cap ? ig->cap * 2 : 8;
		struct ignore_rule *v = realloc(ig->v, cap * sizeof(*v));
		if (v == NULL) {
			free(pat);
			return false;
		}
		ig->v = v;
		ig->cap = cap;
	}
	ig->v[ig->n++] = r;
	return true;
}

int
ignore_load(struct scan_ignore *ig, const char *file, char *err,
    size_t errlen)
{
	FILE *fp;
	char *line = NULL;
	size_t cap = 0, total = 0;
	ssize_t n;
	int rc = -1;

	if ((fp = fopen(file, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: cannot read: %s", file,
		    strerror(errno));
		return -1;
	}
	while ((n = getline(&line, &cap, fp)) != -1) {
		total += (size_t)n;
		if (total > IGNORE_MAX_FILE_SIZE) {
			snprintf(err, errlen, "%s: larger than %u bytes; "
			    "is this an ignore file?", file,
			    IGNORE_MAX_FILE_SIZE);
			goto out;
		}
		if (!ignore_add(ig, line)) {
			snprintf(err, errlen, "%s: out of memory", file);
			goto out;
		}
	}
	if (ferror(fp)) {
		snprintf(err, errlen, "%s: read error: %s", file,
		    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(line);
	fclose(fp);
	return rc;
}

/* Copies the component at s (up to '/' or the end) into buf; returns
 * its length, or -1 when it does not fit. */
static int
component(const char *s, char *buf, size_t buflen)
{
	size_t n = strcspn(s, "/");

	if (n >= buflen)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return (int)n;
}

/* Pattern p against path s, both '/'-separated. "**" matches any number
 * of whole components; every other component goes to fnmatch(3), where
 * '*' does not cross a '/' because components never contain one. */
static bool
match_components(const char *p, const char *s, int depth)
{
	char pc[NAME_MAX + 1], sc[NAME_MAX + 1];
	int pn, sn;

	/* Each double star recurses; this bounds patterns made of many. */
	if (depth > 64)
		return false;
	for (;;) {
		if (*p == '\0')
			return *s == '\0';
		if ((pn = component(p, pc, sizeof(pc))) < 0)
			return false;
		if (strcmp(pc, "**") == 0) {
			const char *rest = p[pn] == '/' ? p + pn + 1 : p + pn;
			if (*rest == '\0')
				/* A trailing double star matches what is
				 * inside the folder, not the folder. */
				return *s != '\0';
			for (const char *t = s;;) {
				if (match_components(rest, t, depth + 1))
					return true;
				if ((t = strchr(t, '/')) == NULL)
					return false;
				t++;
			}
		}
		if (*s == '\0')
			return false;
		if ((sn = component(s, sc, sizeof(sc))) < 0)
			return false;
		if (fnmatch(pc, sc, 0) != 0)
			return false;
		p += pn;
		s += sn;
		if (*p == '/')
			p++;
		if (*s == '/')
			s++;
		else if (*p != '\0')
			return false;	/* path ended, pattern did not */
	}
}

bool
ignore_match(const struct scan_ignore *ig, const char *relpath, bool is_dir)
{
	bool ignored = false;

	for (size_t i = 0; i < ig->n; i++) {
		const struct ignore_rule *r = &ig->v[i];
		if (r->dir_only && !is_dir)
			continue;
		if (match_components(r->pat, relpath, 0))
			ignored = !r->negate;
	}
	return ignored;
}

bool
ignore_excluded(const struct scan_ignore *ig, const char *relpath,
    bool is_dir)
{
	char buf[PATH_MAX];
	size_t len = strlen(relpath);

	if (ig->n == 0)
		return false;
	if (len >= sizeof(buf))
		return ignore_match(ig, relpath, is_dir);
	memcpy(buf, relpath, len + 1);
	/* Each leading directory, shortest first: once one is ignored,
	 * nothing inside can be re-included (git's rule too). */
	for (char *slash = strchr(buf, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		bool hit = ignore_match(ig, buf, true);
		*slash = '/';
		if (hit)
			return true;
	}
	return ignore_match(ig, relpath, is_dir);
}
