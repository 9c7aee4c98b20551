#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan_ignore.h"
#include "strbuf.h"

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
	if (!array_grow(&ig->v, &ig->cap, ig->n + 1, sizeof(*ig->v))) {
		free(pat);
		return false;
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

/* A bracket expression at p[*i] ('[' already seen): sets *hit for c and
 * moves *i past the ']'. False when it is not closed: then '[' is an
 * ordinary character, as in fnmatch(3). */
static bool
bracket(const char *p, size_t pn, size_t *i, unsigned char c, bool *hit)
{
	size_t k = *i;
	bool negate = false, in = false;

	if (k < pn && (p[k] == '!' || p[k] == '^')) {
		negate = true;
		k++;
	}
	for (bool first = true; k < pn && (first || p[k] != ']');
	    first = false) {
		unsigned char lo = (unsigned char)p[k], hi;
		if (lo == '\\' && k + 1 < pn)
			lo = (unsigned char)p[++k];
		k++;
		hi = lo;
		if (k + 1 < pn && p[k] == '-' && p[k + 1] != ']') {
			hi = (unsigned char)p[k + 1];
			if (hi == '\\' && k + 2 < pn)
				hi = (unsigned char)p[++k + 1];
			k += 2;
		}
		if (lo <= c && c <= hi)
			in = true;
	}
	if (k >= pn)
		return false;
	*i = k + 1;
	*hit = in != negate;
	return true;
}

/* One pattern component against one path component: '*', '?', bracket
 * expressions and backslash escapes. Greedy with a single resume point
 * for the last '*', so O(pattern x name) whatever the pattern: no
 * backtracking over earlier stars (fnmatch(3) may take exponential
 * time on "*a*a*a*...b"). */
static bool
glob_component(const char *p, size_t pn, const char *s, size_t sn)
{
	size_t i = 0, j = 0, star_i = SIZE_MAX, star_j = 0;

	while (j < sn) {
		if (i < pn && p[i] == '*') {
			star_i = ++i;
			star_j = j;
			continue;
		}
		if (i < pn) {
			size_t next = i + 1;
			bool hit;
			if (p[i] == '?')
				hit = true;
			else if (p[i] == '[' && (next = i + 1,
			    bracket(p, pn, &next, (unsigned char)s[j], &hit)))
				;
			else if (p[i] == '\\' && i + 1 < pn) {
				next = i + 2;
				hit = p[i + 1] == s[j];
			} else {
				next = i + 1;
				hit = p[i] == s[j];
			}
			if (hit) {
				i = next;
				j++;
				continue;
			}
		}
		if (star_i == SIZE_MAX)
			return false;
		i = star_i;
		j = ++star_j;
	}
	while (i < pn && p[i] == '*')
		i++;
	return i == pn;
}

/* Splits s at '/' into at most max components (start, length). */
static size_t
split(const char *s, const char **start, size_t *len, size_t max)
{
	size_t n = 0;

	if (*s == '\0')
		return 0;
	for (;;) {
		size_t l = strcspn(s, "/");
		if (n == max)
			return SIZE_MAX;
		start[n] = s;
		len[n++] = l;
		if (s[l] == '\0')
			return n;
		s += l + 1;
	}
}

#define IGNORE_MAX_COMPONENTS	4096	/* path components; PATH_MAX/2 */

/* Pattern p against path s, both '/'-separated. "**" matches any number
 * of whole components (a trailing one: at least one, what is inside the
 * folder, not the folder); every other component is a glob where '*'
 * does not cross a '/'. Dynamic programming over (pattern component,
 * path component) with one row kept: O(components of p x components
 * of s) glob tests, each O(component length squared) at worst, where
 * the recursive matcher took exponential time in the number of double
 * stars. */
static bool
match_components(const char *p, const char *s)
{
	const char **ps = NULL, **ss = NULL;
	size_t *pl = NULL, *sl = NULL, np, ns, plen = strlen(p) / 2 + 1;
	bool *row = NULL, *next = NULL, r = false;

	ps = malloc(plen * sizeof(*ps));
	pl = malloc(plen * sizeof(*pl));
	ss = malloc(IGNORE_MAX_COMPONENTS * sizeof(*ss));
	sl = malloc(IGNORE_MAX_COMPONENTS * sizeof(*sl));
	if (ps == NULL || pl == NULL || ss == NULL || sl == NULL)
		goto out;
	np = split(p, ps, pl, plen);
	ns = split(s, ss, sl, IGNORE_MAX_COMPONENTS);
	if (np == SIZE_MAX || ns == SIZE_MAX)
		goto out;
	if ((row = calloc(ns + 1, sizeof(*row))) == NULL ||
	    (next = calloc(ns + 1, sizeof(*next))) == NULL)
		goto out;
	/* next: the row of pattern component i + 1; first, the empty
	 * pattern, which matches only the empty path. */
	next[ns] = true;
	for (size_t i = np; i-- > 0;) {
		bool dstar = pl[i] == 2 && ps[i][0] == '*' && ps[i][1] == '*';
		bool *t;
		for (size_t j = ns + 1; j-- > 0;) {
			if (dstar && i == np - 1)
				row[j] = j < ns;
			else if (dstar)
				row[j] = next[j] || (j < ns && row[j + 1]);
			else
				row[j] = j < ns && next[j + 1] &&
				    glob_component(ps[i], pl[i], ss[j], sl[j]);
		}
		t = next;
		next = row;
		row = t;
	}
	r = next[0];
out:
	free(ps);
	free(pl);
	free(ss);
	free(sl);
	free(row);
	free(next);
	return r;
}

bool
ignore_match(const struct scan_ignore *ig, const char *relpath, bool is_dir)
{
	bool ignored = false;

	for (size_t i = 0; i < ig->n; i++) {
		const struct ignore_rule *r = &ig->v[i];
		if (r->dir_only && !is_dir)
			continue;
		if (match_components(r->pat, relpath))
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
