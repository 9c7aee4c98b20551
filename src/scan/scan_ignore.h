/* What a scan leaves alone: --exclude GLOB and .certdiagignore, both in
 * gitignore syntax, matched with fnmatch(3) one path component at a time. */
#ifndef SCAN_IGNORE_H
#define SCAN_IGNORE_H

#include <stdbool.h>
#include <stddef.h>

#define SCAN_IGNORE_FILE	".certdiagignore"

struct ignore_rule;

struct scan_ignore {
	struct ignore_rule *v;
	size_t n, cap;
};

void ignore_init(struct scan_ignore *);
void ignore_free(struct scan_ignore *);

/* One gitignore line: blank lines and #comments are no rules; "!pat"
 * re-includes; "pat/" matches directories only; a pattern with a slash
 * before its end is anchored at the base directory, one without matches
 * a name at any depth; "**" spans directories. false on ENOMEM. */
bool ignore_add(struct scan_ignore *, const char *line);

/* Adds every line of file. A missing file is no error. Returns 0, or -1
 * with err set (naming the file) when it cannot be read. */
int ignore_load(struct scan_ignore *, const char *file, char *err,
    size_t errlen);

/* Whether relpath itself (relative to the base directory, '/'-separated,
 * no leading "./") is ignored: the last rule that matches decides. */
bool ignore_match(const struct scan_ignore *, const char *relpath,
    bool is_dir);

/* Like ignore_match, but a file inside an ignored directory is ignored
 * too, as in git: for path lists that were not walked (git index). */
bool ignore_excluded(const struct scan_ignore *, const char *relpath,
    bool is_dir);

#endif
