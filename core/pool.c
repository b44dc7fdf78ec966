#include "pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"

#include "banned.h"

struct pool {
	void (*fn)(void *data, size_t i);
	void *data;
	size_t n;
	size_t next; /* the only shared mutable state, under the lock */
	pthread_mutex_t lock;
};

static void *worker(void *arg)
{
	struct pool *pool = arg;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&pool->lock);
		i = pool->next++;
		pthread_mutex_unlock(&pool->lock);
		if (i >= pool->n)
			return NULL;
		pool->fn(pool->data, i);
	}
}

void pm_parallel_for(size_t n, unsigned threads, void (*fn)(void *data, size_t i),
		     void *data)
{
	struct pool pool = { fn, data, n, 0, PTHREAD_MUTEX_INITIALIZER };
	pthread_t *tids;
	unsigned i, started = 0;

	if (!threads) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		threads = cpus > 0 ? (unsigned)cpus : 1;
	}
	if (threads > 64)
		threads = 64;
	if (threads > n)
		threads = n ? (unsigned)n : 1;
	tids = threads > 1 ? pm_xcalloc(threads, sizeof(*tids)) : NULL;
	for (i = 0; tids && i < threads; i++)
		if (pthread_create(&tids[i], NULL, worker, &pool) == 0)
			started++;
		else
			break;
	if (!started)
		worker(&pool); /* one thread, or none to be had: do it here */
	for (i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	free(tids);
	pthread_mutex_destroy(&pool.lock);
}
