#ifndef PM_ARENA_H
#define PM_ARENA_H

#include <stddef.h>

/*
 * A bump allocator for the many small strings of one parsed document:
 * everything allocated from an arena lives until pm_arena_release and
 * is freed at once. Allocation failure aborts, as with pm_xmalloc.
 */
struct pm_arena {
	struct pm_arena_chunk *head;
};

#define PM_ARENA_INIT { NULL }

void *pm_arena_alloc(struct pm_arena *a, size_t n);
/* A NUL-terminated copy of s[0..n). */
char *pm_arena_strndup(struct pm_arena *a, const char *s, size_t n);
void pm_arena_release(struct pm_arena *a);

#endif
