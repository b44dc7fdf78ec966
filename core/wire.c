#include "wire.h"

#include <string.h>

#include "banned.h"

void pm_wire_init(struct pm_wire *r, const void *data, size_t len)
{
	r->p = data;
	r->left = len;
	r->bad = 0;
}

static int take(struct pm_wire *r, size_t n, const unsigned char **out)
{
	if (r->bad || r->left < n) {
		r->bad = 1;
		return -1;
	}
	*out = r->p;
	r->p += n;
	r->left -= n;
	return 0;
}

int pm_wire_u8(struct pm_wire *r, uint8_t *v)
{
	const unsigned char *p;

	if (take(r, 1, &p))
		return -1;
	*v = p[0];
	return 0;
}

int pm_wire_u32(struct pm_wire *r, uint32_t *v)
{
	const unsigned char *p;

	if (take(r, 4, &p))
		return -1;
	*v = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
	     (uint32_t)p[3];
	return 0;
}

int pm_wire_string(struct pm_wire *r, const unsigned char **s, size_t *len)
{
	uint32_t n;

	if (pm_wire_u32(r, &n) || take(r, n, s))
		return -1;
	*len = n;
	return 0;
}

int pm_wire_expect(struct pm_wire *r, const char *want)
{
	const unsigned char *s;
	size_t n;

	if (pm_wire_string(r, &s, &n))
		return -1;
	if (n != strlen(want) || memcmp(s, want, n)) {
		r->bad = 1;
		return -1;
	}
	return 0;
}

int pm_wire_raw(struct pm_wire *r, const unsigned char **s, size_t len)
{
	return take(r, len, s);
}

void pm_wire_put_u8(struct pm_buf *b, uint8_t v)
{
	pm_buf_addch(b, v);
}

void pm_wire_put_u32(struct pm_buf *b, uint32_t v)
{
	unsigned char p[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 8), (unsigned char)v };
	pm_buf_add(b, p, 4);
}

void pm_wire_put_string(struct pm_buf *b, const void *s, size_t len)
{
	pm_wire_put_u32(b, (uint32_t)len);
	pm_buf_add(b, s, len);
}

void pm_wire_put_cstring(struct pm_buf *b, const char *s)
{
	pm_wire_put_string(b, s, strlen(s));
}
