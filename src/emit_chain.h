/* --emit-chain: write the repaired served chain, ready to deploy. */
#ifndef EMIT_CHAIN_H
#define EMIT_CHAIN_H

#include <stdbool.h>
#include "chain.h"
#include "finding.h"
#include "inventory.h"

/* Writes the leaf, then each intermediate in path order (no root,
 * nothing unrelated) to path, atomically: a temporary file in the same
 * directory, fsync, rename. Refuses to replace a file that was given as
 * input unless force, and to write a chain whose path stops at a missing
 * issuer. Reports the outcome as an emit-chain finding (info, or error).
 * Returns 0 when written. */
int emit_chain(const char *path, const struct chain_result *,
    const struct inventory *, bool force, struct findings *);

#endif
