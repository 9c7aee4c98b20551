/* A fixed set of threads that run fn(arg, i) for items 0..n-1, taking
 * the next available item each; the caller collects results in item
 * order, so the output does not depend on which thread ran what. */
#ifndef SCAN_POOL_H
#define SCAN_POOL_H

#include <stdbool.h>
#include <stddef.h>

struct pool;

/* Items become runnable as pool_release() makes them available (all of
 * them at once when all_ready), on at most threads threads (fewer for
 * few items). NULL on ENOMEM; if no thread can be started,
 * pool_wait() runs items itself. */
struct pool *pool_start(unsigned threads, size_t n,
    void (*fn)(void *arg, size_t i), void *arg, bool all_ready);
/* Items below upto may now run. */
void pool_release(struct pool *, size_t upto);
/* Whether item i has finished, without waiting. */
bool pool_done(struct pool *, size_t i);
/* Waits until item i has finished. */
void pool_wait(struct pool *, size_t i);
/* Waits for every released item, stops the threads and frees the pool. */
void pool_finish(struct pool *);

/* Threads to use: jobs when given, else one per online processor. */
unsigned pool_threads(int jobs);

#endif
