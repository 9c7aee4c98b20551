#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "scan_pool.h"

#define POOL_MAX_THREADS	64
#define POOL_MIN_ITEMS		16

struct pool {
	pthread_mutex_t mu;
	pthread_cond_t ready;	/* more items released, or stopping */
	pthread_cond_t finished;	/* an item finished */
	void (*fn)(void *, size_t);
	void *arg;
	size_t n;
	size_t released;	/* items below this may run */
	size_t next;		/* next item to take */
	bool *done;
	bool stopping;
	pthread_t tid[POOL_MAX_THREADS];
	unsigned nthreads;
};

unsigned
pool_threads(int jobs)
{
	long n;

	if (jobs > 0)
		return jobs > POOL_MAX_THREADS ? POOL_MAX_THREADS :
		    (unsigned)jobs;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > POOL_MAX_THREADS ? POOL_MAX_THREADS : (unsigned)n;
}

/* Takes and runs one item; called with the lock held, returns with it
 * held. false when none is runnable now. */
static bool
run_one(struct pool *p)
{
	size_t i;

	if (p->next >= p->released)
		return false;
	i = p->next++;
	pthread_mutex_unlock(&p->mu);
	p->fn(p->arg, i);
	pthread_mutex_lock(&p->mu);
	p->done[i] = true;
	pthread_cond_broadcast(&p->finished);
	return true;
}

static void *
worker(void *arg)
{
	struct pool *p = arg;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		if (run_one(p))
			continue;
		if (p->stopping || p->next >= p->n)
			break;
		pthread_cond_wait(&p->ready, &p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct pool *
pool_start(unsigned threads, size_t n, void (*fn)(void *, size_t), void *arg,
    bool all_ready)
{
	struct pool *p = calloc(1, sizeof(*p));

	if (p == NULL || (p->done = calloc(n + 1, sizeof(*p->done))) == NULL) {
		free(p);
		return NULL;
	}
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->ready, NULL);
	pthread_cond_init(&p->finished, NULL);
	p->fn = fn;
	p->arg = arg;
	p->n = n;
	p->released = all_ready ? n : 0;
	if (threads > POOL_MAX_THREADS)
		threads = POOL_MAX_THREADS;
	/* A thread per POOL_MIN_ITEMS items at most: a three-file commit
	 * is done before a second thread would have warmed its caches. */
	if (threads > (n + POOL_MIN_ITEMS - 1) / POOL_MIN_ITEMS)
		threads = (unsigned)((n + POOL_MIN_ITEMS - 1) / POOL_MIN_ITEMS);
	for (unsigned t = 0; t < threads; t++)
		if (pthread_create(&p->tid[p->nthreads], NULL, worker, p) == 0)
			p->nthreads++;
	return p;
}

void
pool_release(struct pool *p, size_t upto)
{
	pthread_mutex_lock(&p->mu);
	if (upto > p->n)
		upto = p->n;
	if (upto > p->released) {
		p->released = upto;
		pthread_cond_broadcast(&p->ready);
	}
	pthread_mutex_unlock(&p->mu);
}

bool
pool_done(struct pool *p, size_t i)
{
	bool d;

	pthread_mutex_lock(&p->mu);
	d = p->done[i];
	pthread_mutex_unlock(&p->mu);
	return d;
}

void
pool_wait(struct pool *p, size_t i)
{
	pthread_mutex_lock(&p->mu);
	while (!p->done[i]) {
		/* Without threads (none could start) the caller works. */
		if (p->nthreads == 0 && run_one(p))
			continue;
		pthread_cond_wait(&p->finished, &p->mu);
	}
	pthread_mutex_unlock(&p->mu);
}

void
pool_finish(struct pool *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->released; i++)
		pool_wait(p, i);
	pthread_mutex_lock(&p->mu);
	p->stopping = true;
	pthread_cond_broadcast(&p->ready);
	pthread_mutex_unlock(&p->mu);
	for (unsigned t = 0; t < p->nthreads; t++)
		pthread_join(p->tid[t], NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->ready);
	pthread_cond_destroy(&p->finished);
	free(p->done);
	free(p);
}
