/* --emit-chain: write the repaired served chain, ready to deploy. */
#ifndef EMIT_CHAIN_H
#define EMIT_CHAIN_H

#include <stdbool.h>
#include "chain/chain.h"
#include "finding.h"
#include "inventory.h"

/* Writes the leaf, then each intermediate in path order (no root,
 * nothing unrelated) to path, atomically: a temporary file in the same
 * directory, fsync, rename. Refuses, unless force, to replace a file
 * that was read as input, one of the named paths (or a file below a
 * named directory), or a symbolic link (force replaces the link itself,
 * never its target); refuses a chain whose path stops at a missing
 * issuer. Keeps the mode of the file it replaces. Reports the outcome as an emit-chain finding (info, or error).
 * Returns 0 when written. */
int emit_chain(const char *path, const struct chain_result *,
    const struct inventory *, const char *const *named, size_t nnamed,
    bool force, struct findings *);

#endif
