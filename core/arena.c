#include "arena.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

#include "banned.h"

struct pm_arena_chunk {
	struct pm_arena_chunk *next;
	size_t used, size;
	char data[];
};

#define CHUNK 16384

void *pm_arena_alloc(struct pm_arena *a, size_t n)
{
	struct pm_arena_chunk *c = a->head;

	n = (n + 15) & ~(size_t)15;
	if (!c || c->size - c->used < n) {
		size_t size = n > CHUNK ? n : CHUNK;
		c = pm_xmalloc(sizeof(*c) + size);
		c->used = 0;
		c->size = size;
		c->next = a->head;
		a->head = c;
	}
	c->used += n;
	return c->data + c->used - n;
}

char *pm_arena_strndup(struct pm_arena *a, const char *s, size_t n)
{
	char *p = pm_arena_alloc(a, n + 1);

	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void pm_arena_release(struct pm_arena *a)
{
	while (a->head) {
		struct pm_arena_chunk *next = a->head->next;
		free(a->head);
		a->head = next;
	}
}
