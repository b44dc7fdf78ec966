#ifndef PM_POOL_H
#define PM_POOL_H

#include <stddef.h>

/*
 * Calls fn(data, i) for every i in [0, n), on up to `threads` threads
 * (0: one per core), and returns when all calls have. The items are
 * handed out one at a time, so a slow one does not hold up the others;
 * fn must keep to its own item's state. With one thread, or when no
 * thread can be started, the calls run on this one.
 */
void pm_parallel_for(size_t n, unsigned threads, void (*fn)(void *data, size_t i),
		     void *data);

#endif
