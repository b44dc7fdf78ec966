#ifndef PM_CANON_H
#define PM_CANON_H

#include <stddef.h>

#include "buf.h"

/*
 * The canonical document, which sign-offs cover (docs/FORMAT.md):
 * the bytes with a leading UTF-8 BOM removed, CRLF turned into LF, the
 * header's "**Status**:" lines removed (the header being the lines before
 * the first line that is "---" or starts with "## "), and the first line
 * reading "## Sign-Off" and everything after it removed. Trailing blanks
 * after "---" and "## Sign-Off" are ignored.
 *
 * It is line-based on purpose, so an auditor can reproduce it with sed.
 */

#define PM_HASH_HEX 65 /* 64 hex digits and a NUL */

/* Does this line (without its LF or CRLF) end the header: "---" or "## "? */
int pm_canon_ends_header(const char *line, size_t len);
/* Is this line (without its LF or CRLF) the "## Sign-Off" heading? */
int pm_canon_is_signoff(const char *line, size_t len);

void pm_canon(const char *src, size_t len, struct pm_buf *out);
/*
 * Where the canonical document stops: the "## Sign-Off" line's byte offset
 * and 1-based number (off is len when there is none); and how many
 * "**Status**:" lines of the header it left out, with the second one's line.
 */
struct pm_canon_cut {
	size_t off;
	unsigned line;
	unsigned statuses, second_status;
};
struct pm_canon_cut pm_canon_cut(const char *src, size_t len);
/* Lowercase hex SHA-256 of the canonical document; returns its cut. */
struct pm_canon_cut pm_canon_hash(const char *src, size_t len, char hex[PM_HASH_HEX]);
/* SHA-256 of bytes as they are, as hex. */
void pm_sha256_hex(const void *data, size_t len, char hex[PM_HASH_HEX]);
/*
 * SHA-256 of a text file with a leading byte order mark left out and CRLF
 * read as LF, so that a core.autocrlf checkout hashes as the committed
 * file does (the policy files' hashes, docs/FORMAT.md §9).
 */
void pm_text_hash(const char *src, size_t len, char hex[PM_HASH_HEX]);

#endif
