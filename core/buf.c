#include "buf.h"

#include <stdio.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#include "banned.h"

char pm_buf__empty[1];

static void oom(size_t n)
{
	fprintf(stderr, "pmgit: fatal: out of memory allocating %zu bytes\n", n);
	abort();
}

void *pm_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *pm_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *pm_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *pm_xstrdup(const char *s)
{
	return pm_xstrndup(s, strlen(s));
}

char *pm_xstrndup(const char *s, size_t n)
{
	char *p = pm_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void pm_buf_init(struct pm_buf *b, size_t hint)
{
	b->ptr = pm_buf__empty;
	b->len = 0;
	b->alloc = 0;
	if (hint)
		pm_buf_grow(b, hint);
}

void pm_buf_release(struct pm_buf *b)
{
	if (b->alloc)
		free(b->ptr);
	pm_buf_init(b, 0);
}

void pm_buf_grow(struct pm_buf *b, size_t extra)
{
	size_t want;

	if (extra > (size_t)-1 / 2 - b->len)
		oom(extra);
	want = b->len + extra + 1;
	if (want <= b->alloc)
		return;
	if (want < b->alloc + b->alloc / 2)
		want = b->alloc + b->alloc / 2;
	if (want < 64)
		want = 64;
	if (b->alloc) {
		b->ptr = pm_xrealloc(b->ptr, want);
	} else {
		b->ptr = pm_xmalloc(want);
		b->ptr[0] = '\0';
	}
	b->alloc = want;
}

void pm_buf_setlen(struct pm_buf *b, size_t len)
{
	if (!b->alloc) {
		if (len == 0)
			return;
		pm_buf_grow(b, len);
	} else if (len >= b->alloc) {
		pm_buf_grow(b, len - b->len);
	}
	b->len = len;
	b->ptr[len] = '\0';
}

void pm_buf_add(struct pm_buf *b, const void *data, size_t len)
{
	if (!len)
		return;
	pm_buf_grow(b, len);
	memmove(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void pm_buf_adds(struct pm_buf *b, const char *s)
{
	pm_buf_add(b, s, strlen(s));
}

void pm_buf_addch_slow(struct pm_buf *b, int c)
{
	pm_buf_grow(b, 1);
	b->ptr[b->len++] = (char)c;
	b->ptr[b->len] = '\0';
}

void pm_buf_sets(struct pm_buf *b, const char *s)
{
	pm_buf_reset(b);
	pm_buf_adds(b, s);
}

void pm_buf_vaddf(struct pm_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	pm_buf_grow(b, 64);
	va_copy(cp, ap);
	n = vsnprintf(b->ptr + b->len, b->alloc - b->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= b->alloc - b->len) {
		pm_buf_grow(b, (size_t)n);
		n = vsnprintf(b->ptr + b->len, b->alloc - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void pm_buf_addf(struct pm_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pm_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void pm_buf_add_json(struct pm_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;
	uint32_t cp;

	pm_buf_addch(b, '"');
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t n;

		if (c >= 0x80) {
			/* JSON must be UTF-8: an invalid byte becomes U+FFFD */
			n = pm_utf8_decode(s + i, len - i, &cp);
			if (n)
				pm_buf_add(b, s + i, n);
			else
				pm_buf_adds(b, "\\ufffd");
			i += n ? n : 1;
			continue;
		}
		switch (c) {
		case '"': pm_buf_adds(b, "\\\""); break;
		case '\\': pm_buf_adds(b, "\\\\"); break;
		case '\n': pm_buf_adds(b, "\\n"); break;
		case '\r': pm_buf_adds(b, "\\r"); break;
		case '\t': pm_buf_adds(b, "\\t"); break;
		default:
			if (c < 0x20 || c == 0x7f) {
				pm_buf_adds(b, "\\u00");
				pm_buf_addch(b, hex[c >> 4]);
				pm_buf_addch(b, hex[c & 15]);
			} else {
				pm_buf_addch(b, c);
			}
		}
		i++;
	}
	pm_buf_addch(b, '"');
}

void pm_buf_rtrim(struct pm_buf *b)
{
	size_t n = b->len;

	while (n && strchr(" \t\r\n", b->ptr[n - 1]))
		n--;
	pm_buf_setlen(b, n);
}

char *pm_buf_detach(struct pm_buf *b, size_t *len)
{
	char *p;

	if (len)
		*len = b->len;
	if (!b->alloc)
		return pm_xstrdup("");
	p = b->ptr;
	pm_buf_init(b, 0);
	return p;
}

void pm_strlist_add(struct pm_strlist *l, const char *s)
{
	pm_strlist_addn(l, s, strlen(s));
}

void pm_strlist_addn(struct pm_strlist *l, const char *s, size_t n)
{
	PM_ALLOC_GROW(l->items, l->nr + 1, l->alloc);
	l->items[l->nr++] = pm_xstrndup(s, n);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void pm_strlist_sort(struct pm_strlist *l)
{
	if (l->nr)
		qsort(l->items, l->nr, sizeof(*l->items), cmp_str);
}

int pm_natural_cmp(const char *a, const char *b)
{
	const char *p = a, *q = b;

	while (*p && *q) {
		if (isdigit((unsigned char)*p) && isdigit((unsigned char)*q)) {
			size_t n, m;
			int c;
			while (*p == '0' && isdigit((unsigned char)p[1]))
				p++;
			while (*q == '0' && isdigit((unsigned char)q[1]))
				q++;
			n = strspn(p, "0123456789");
			m = strspn(q, "0123456789");
			if (n != m)
				return n < m ? -1 : 1;
			if ((c = memcmp(p, q, n)))
				return c;
			p += n;
			q += m;
			continue;
		}
		if (*p != *q)
			return (unsigned char)*p < (unsigned char)*q ? -1 : 1;
		p++;
		q++;
	}
	if (*p || *q)
		return *p ? 1 : -1;
	return strcmp(a, b);
}

static int cmp_natural(const void *a, const void *b)
{
	return pm_natural_cmp(*(char *const *)a, *(char *const *)b);
}

void pm_strlist_sort_natural(struct pm_strlist *l)
{
	if (l->nr)
		qsort(l->items, l->nr, sizeof(*l->items), cmp_natural);
}

size_t pm_lower_bound(const void *items, size_t n, size_t size, size_t offset,
		      const char *key)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *s;
		memcpy(&s, (const char *)items + mid * size + offset, sizeof(s));
		if (strcmp(s, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int pm_strlist_has(const struct pm_strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (!strcmp(l->items[i], s))
			return 1;
	return 0;
}

void pm_strlist_release(struct pm_strlist *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->nr = l->alloc = 0;
}

int pm_same_made(void (*make)(struct pm_buf *out, const char *s), const char *x, const char *y)
{
	struct pm_buf a = PM_BUF_INIT, b = PM_BUF_INIT;
	int same;

	make(&a, x);
	make(&b, y);
	same = !strcmp(a.ptr, b.ptr);
	pm_buf_release(&a);
	pm_buf_release(&b);
	return same;
}
