#ifndef PM_BUF_H
#define PM_BUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * The one growable byte buffer of pmgit.
 *
 * Invariants: `ptr` is never NULL and `ptr[len]` is always NUL, so a
 * buffer can be handed to any function that wants a C string (bytes may
 * still contain NULs of their own). A buffer initialised with PM_BUF_INIT
 * owns no memory until something is added; `alloc` is 0 while `ptr`
 * points at a shared empty string that must never be written.
 *
 * Allocation failure aborts the process: there is no sensible recovery
 * from an exhausted heap in a command-line tool, and it keeps every
 * caller free of a check that would never be tested.
 */
struct pm_buf {
	char *ptr;
	size_t len;
	size_t alloc;
};

extern char pm_buf__empty[];
#define PM_BUF_INIT { pm_buf__empty, 0, 0 }

void pm_buf_init(struct pm_buf *b, size_t hint);
/* Frees the memory and leaves `b` as PM_BUF_INIT. */
void pm_buf_release(struct pm_buf *b);
/* Makes room for `extra` more bytes beyond len (plus the NUL). */
void pm_buf_grow(struct pm_buf *b, size_t extra);
void pm_buf_setlen(struct pm_buf *b, size_t len);
static inline void pm_buf_reset(struct pm_buf *b) { pm_buf_setlen(b, 0); }
void pm_buf_add(struct pm_buf *b, const void *data, size_t len);
void pm_buf_adds(struct pm_buf *b, const char *s);
void pm_buf_addch_slow(struct pm_buf *b, int c);
/* Appends one byte; the common case (room left) stays inline. */
static inline void pm_buf_addch(struct pm_buf *b, int c)
{
	if (b->alloc && b->len + 1 < b->alloc) {
		b->ptr[b->len++] = (char)c;
		b->ptr[b->len] = '\0';
	} else {
		pm_buf_addch_slow(b, c);
	}
}
void pm_buf_addf(struct pm_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void pm_buf_vaddf(struct pm_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void pm_buf_sets(struct pm_buf *b, const char *s);
/* Appends `s` as a JSON string literal, quotes included. */
void pm_buf_add_json(struct pm_buf *b, const char *s, size_t len);
static inline void pm_buf_add_jsons(struct pm_buf *b, const char *s)
{
	pm_buf_add_json(b, s, s ? __builtin_strlen(s) : 0);
}
/* Removes trailing spaces, tabs, CRs and LFs. */
void pm_buf_rtrim(struct pm_buf *b);
/*
 * Hands the memory to the caller (always a malloc'd, NUL-terminated
 * string, even for an empty buffer) and resets `b`.
 */
char *pm_buf_detach(struct pm_buf *b, size_t *len);

/* malloc/calloc/strdup that abort on failure, for the same reason. */
void *pm_xmalloc(size_t n);
void *pm_xcalloc(size_t n, size_t size);
void *pm_xrealloc(void *p, size_t n);
char *pm_xstrdup(const char *s);
char *pm_xstrndup(const char *s, size_t n);

/* Grows an array `p` of `nr` used slots to hold at least `want` items. */
#define PM_ALLOC_GROW(p, want, alloc)                                        \
	do {                                                                 \
		if ((want) > (alloc)) {                                      \
			size_t pm__n = (alloc) < 8 ? 8 : (alloc) * 2;         \
			if (pm__n < (want))                                  \
				pm__n = (want);                              \
			(p) = pm_xrealloc((p), pm__n * sizeof(*(p)));        \
			(alloc) = pm__n;                                     \
		}                                                            \
	} while (0)

/* A growable list of owned strings. */
struct pm_strlist {
	char **items;
	size_t nr, alloc;
};

#define PM_STRLIST_INIT { NULL, 0, 0 }

void pm_strlist_add(struct pm_strlist *l, const char *s);
void pm_strlist_addn(struct pm_strlist *l, const char *s, size_t n);
void pm_strlist_sort(struct pm_strlist *l);
/*
 * Orders strings as people number things: runs of digits by their value
 * ("PM-7" before "PM-12"), the rest byte by byte; equal values ("07", "7")
 * fall back to strcmp, so the order is total.
 */
int pm_natural_cmp(const char *a, const char *b);
void pm_strlist_sort_natural(struct pm_strlist *l);

/* Do x and y come out the same of `make` (a slug, a folded name, ...)? */
int pm_same_made(void (*make)(struct pm_buf *out, const char *s), const char *x, const char *y);
int pm_strlist_has(const struct pm_strlist *l, const char *s);
/*
 * In n items of `size` bytes sorted by the string each holds at byte
 * `offset`, the first whose string does not sort before key (n if none).
 */
size_t pm_lower_bound(const void *items, size_t n, size_t size, size_t offset,
		      const char *key);
void pm_strlist_release(struct pm_strlist *l);

#endif
