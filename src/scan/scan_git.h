/* The git side of a scan: which files the index holds, and their staged
 * bytes. git is run directly (fork/exec with pipes, never a shell), in
 * the current directory and with the environment a hook receives, so a
 * partial commit's temporary index (GIT_INDEX_FILE) is the one read. */
#ifndef SCAN_GIT_H
#define SCAN_GIT_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"
#include "scan.h"
#include "scan_ignore.h"

enum git_mode {
	GIT_STAGED,	/* files added, copied or modified in the index */
	GIT_TRACKED	/* every file in the index */
};

/* The top of the work tree (malloc'd), or NULL with err set when the
 * current directory is not inside one. */
char *git_toplevel(char *err, size_t errlen);

/* The folder at or above `from` (an absolute path) that holds ".git":
 * malloc'd, or NULL when none does. No process is run. */
char *git_worktree_top(const char *from);

/* Appends the index entries to scan (regular files only; submodules and
 * symbolic links are not content). Paths are relative to the top of the
 * work tree. pathspecs (borrowed, may be empty) narrow the set as on
 * git's command line. In GIT_STAGED mode the other files in each changed
 * file's folder are added too (only its namesakes in folders of more than
 * SCAN_CONTEXT_FOLDER files), marked context: a key staged next to an
 * unchanged certificate is still paired with it. ignore (may be NULL)
 * applies to top-relative paths. Returns 0, or -1 with err set. */
int git_list(enum git_mode, const struct strlist *pathspecs,
    const struct scan_ignore *ignore, struct scan_list *out,
    char *err, size_t errlen);

/* Receives one blob: buf is malloc'd and passed on (NULL when the blob
 * was larger than max and skipped; len is then its size). */
typedef void (*git_blob_fn)(void *arg, size_t index, unsigned char *buf,
    size_t len);

/* A `git cat-file --batch` process, started early so that its start
 * overlaps listing the index (a hook must answer in milliseconds). NULL
 * with err set when git cannot be run. */
struct git_batch;
struct git_batch *git_batch_start(char *err, size_t errlen);
/* Ends it unused. */
void git_batch_end(struct git_batch *);

/* Reads the staged bytes of every file in list (by oid) through b, in
 * list order, and ends b. Returns 0, or -1 with err set. */
int git_read_blobs(struct git_batch *b, const struct scan_list *list,
    size_t max, git_blob_fn fn, void *arg, char *err, size_t errlen);

#endif
