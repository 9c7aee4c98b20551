/* The file-system side of a scan: every regular file under the roots,
 * in a deterministic order, within the tree and within limits. */
#ifndef SCAN_WALK_H
#define SCAN_WALK_H

#include <stddef.h>

#include "finding.h"
#include "scan.h"
#include "scan_ignore.h"

struct walk_opts {
	const struct scan_ignore *ignore;	/* borrowed; may be NULL */
	/* Path of root relative to the directory the ignore patterns are
	 * anchored at ("" when root is that directory). */
	const char *ignore_prefix;
	unsigned max_depth;	/* SCAN_MAX_DEPTH unless a test lowers it */
	size_t max_files;	/* across every call sharing the walk_state */
};

/* Shared by the walks of one run: which directories were entered (by
 * device and inode, so a symlink loop or alias is entered once) and how
 * many files were taken. */
struct walk_state {
	struct walk_dirid *seen;
	size_t nseen, capseen;
	size_t files;
	size_t skipped_links;	/* leaving the tree, dangling */
	size_t links_outside;	/* of which leave the tree */
	size_t links_dangling;	/* of which lead nowhere */
	size_t links_certbot;	/* certbot live -> archive links followed */
	size_t loops;		/* directories reached a second time */
};

void walk_state_init(struct walk_state *);
void walk_state_free(struct walk_state *);

/* Appends every regular file under root (or root itself when it is a
 * file) to out: entries sorted by name, ".git" skipped, ignored paths
 * pruned. Symbolic links are followed after the real tree, and only when
 * they resolve inside root, or are certbot's live/NAME/ links into the
 * archive/ folder next to live/; a folder reached twice (a loop, an
 * alias) is entered once. Links not followed are counted and reported
 * (scan-links-skipped, per root); a certbot link that leads nowhere is
 * link-dangling.
 * Returns 0, or -1 after adding a scan-error finding (root missing,
 * a limit exceeded, out of memory). Unreadable subdirectories add a
 * scan-error finding and the walk goes on. */
int scan_walk(const char *root, const struct walk_opts *, struct walk_state *,
    struct scan_list *out, struct findings *);

#endif
