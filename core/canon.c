#include "canon.h"

#include <sodium.h>
#include <string.h>

#include "banned.h"

typedef void (*sink_fn)(void *data, const char *s, size_t n);

static int blank_after(const char *s, size_t n, size_t from)
{
	for (; from < n; from++)
		if (s[from] != ' ' && s[from] != '\t')
			return 0;
	return 1;
}

int pm_canon_ends_header(const char *s, size_t n)
{
	return (n >= 3 && !memcmp(s, "## ", 3)) ||
	       (n >= 3 && !memcmp(s, "---", 3) && blank_after(s, n, 3));
}

int pm_canon_is_signoff(const char *s, size_t n)
{
	return n >= 11 && !memcmp(s, "## Sign-Off", 11) && blank_after(s, n, 11);
}

/*
 * Feeds the canonical form to `sink` in as few pieces as it can: kept
 * lines that stand next to each other in the source, each ending in LF,
 * go out as one run (hashing one 20 KB run costs far less than 300
 * little ones).
 */
/* Returns where the canonical form stops (the "## Sign-Off" line, or len). */
static struct pm_canon_cut canon(const char *src, size_t len, sink_fn sink, void *data)
{
	const char *p = src, *end = src + len, *run = NULL;
	size_t run_len = 0;
	int in_header = 1;
	struct pm_canon_cut cut = { len, 0, 0, 0 };

	if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		int crlf = nl && n && p[n - 1] == '\r';

		if (crlf)
			n--; /* CRLF -> LF */
		if (in_header && pm_canon_ends_header(p, n))
			in_header = 0;
		cut.line++;
		if (pm_canon_is_signoff(p, n)) {
			if (run)
				sink(data, run, run_len);
			cut.off = (size_t)(p - src);
			return cut;
		}
		if (in_header && n >= 11 && !memcmp(p, "**Status**:", 11)) {
			/* a removed line ends the run */
			if (cut.statuses++ == 1)
				cut.second_status = cut.line;
		} else if (nl && !crlf) {
			/* this line and its LF are the source's bytes: extend the run */
			if (!run)
				run = p;
			run_len = (size_t)(nl + 1 - run);
			p = nl + 1;
			continue;
		} else {
			/* a CRLF line or the last line without LF: flush, then the line, then LF */
			if (run)
				sink(data, run, run_len);
			run = NULL;
			sink(data, p, n);
			sink(data, "\n", 1);
			if (!nl)
				return cut;
			p = nl + 1;
			continue;
		}
		if (run)
			sink(data, run, run_len);
		run = NULL;
		if (!nl)
			return cut;
		p = nl + 1;
	}
	if (run)
		sink(data, run, run_len);
	return cut;
}

static void to_buf(void *data, const char *s, size_t n)
{
	pm_buf_add(data, s, n);
}

static void to_hash(void *data, const char *s, size_t n)
{
	crypto_hash_sha256_update(data, (const unsigned char *)s, n);
}

void pm_canon(const char *src, size_t len, struct pm_buf *out)
{
	canon(src, len, to_buf, out);
}

static void to_nothing(void *data, const char *s, size_t n)
{
	(void)data;
	(void)s;
	(void)n;
}

struct pm_canon_cut pm_canon_cut(const char *src, size_t len)
{
	return canon(src, len, to_nothing, NULL);
}

static void hash_hex(crypto_hash_sha256_state *st, char hex[PM_HASH_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_final(st, h);
	sodium_bin2hex(hex, PM_HASH_HEX, h, sizeof(h));
}

struct pm_canon_cut pm_canon_hash(const char *src, size_t len, char hex[PM_HASH_HEX])
{
	crypto_hash_sha256_state st;
	struct pm_canon_cut cut;

	crypto_hash_sha256_init(&st);
	cut = canon(src, len, to_hash, &st);
	hash_hex(&st, hex);
	return cut;
}

void pm_sha256_hex(const void *data, size_t len, char hex[PM_HASH_HEX])
{
	crypto_hash_sha256_state st;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, data, len);
	hash_hex(&st, hex);
}

void pm_text_hash(const char *src, size_t len, char hex[PM_HASH_HEX])
{
	crypto_hash_sha256_state st;
	const char *p = src ? src : "", *end = p + (src ? len : 0), *run;

	if (end - p >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	crypto_hash_sha256_init(&st);
	for (run = p; p < end; p++)
		if (*p == '\r' && p + 1 < end && p[1] == '\n') {
			to_hash(&st, run, (size_t)(p - run));
			run = p + 1;
		}
	to_hash(&st, run, (size_t)(end - run));
	hash_hex(&st, hex);
}
