#ifndef PM_RINGTEXT_H
#define PM_RINGTEXT_H

#include <stddef.h>

#include "buf.h"

/*
 * The comments of .pmgit/keyring.yaml, kept when pmgit writes the file
 * anew (keyring add, keyring revoke, policy protect).
 *
 * People write why someone may sign beside their entry ("# approved in
 * SEC-123"); libyaml drops comments, and pmgit's writer knows only the
 * data. So each comment of the old text goes with what it stands above:
 * a person (by principal), a revocation (by key), a top-level key, the
 * head or the end of the file. A comment at the end of a line goes above
 * the entry that line belongs to. Any other comment goes above the entry
 * it stands inside.
 *
 * pm_keyring_keep_comments() writes `fresh` (pmgit's new text) into `out`
 * with those comments put back, indented as the line they stand above.
 * It checks that the result reads as the same keyring as `fresh`; when it
 * would not (text that neither pmgit nor this merge foresaw), the
 * comments go at the end of the file instead, and should even that fail,
 * `out` gets `fresh` alone. Returns how many comment lines were not kept:
 * 0 unless that happened, or `old` is no keyring.
 */
size_t pm_keyring_keep_comments(const char *old, size_t old_len,
				const char *fresh, size_t fresh_len,
				struct pm_buf *out);

#endif
