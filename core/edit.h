#ifndef PM_EDIT_H
#define PM_EDIT_H

#include "buf.h"
#include "verify.h"

/*
 * Line-based edits of a postmortem's text, as `pmgit new` and
 * `pmgit finalize` make them. Each keeps every other byte as it was, so
 * that an edit never touches what a signature covers by accident.
 */

/*
 * Sets the value of the first "**Name**: ..." line (a list item's
 * "- **Name**: ..." too) to `value`; with `header_only`, only before the
 * first "---" or "## " line. Returns 1 if a line was changed.
 */
int pm_edit_field(struct pm_buf *text, const char *name, const char *value,
		  int header_only);
/*
 * Sets the "# " title: replaces "[Incident title]" in it when present,
 * else the whole title text. Returns 1 if changed.
 */
int pm_edit_title(struct pm_buf *text, const char *title);
/*
 * Adds the header field "**name**: value": after the header's last bold
 * field, else after the title and the blank line below it, else at the top.
 */
void pm_edit_add_field(struct pm_buf *text, const char *name, const char *value);

struct pm_signoff_line {
	const char *slot;
	enum pm_role role;
	const char *text; /* "Alice Chen <alice@example.com> - 2026-11-29" */
	const char *name; /* for a table: "Alice Chen <alice@example.com>", or "NOT SIGNED" */
	const char *date; /* for a table: "2026-11-29", or "" */
};

/*
 * Rewrites the "## Sign-Off" section from the verified sign-offs: each
 * "- <Slot>: ..." or "- **<Slot>**: ..." line gets its text after its
 * own label; in a table row whose first cell is the slot, the cells under
 * a Name (Signer, Signed By) and a Date heading get the name and the date
 * (without such headings, the second and third cells). A signed slot the
 * section lacks gets a row under the last slot row of such a table, or
 * else a line under "**Reviewed By**:" or "**Approved By**:"; an unsigned
 * one the section lacks gets nothing. And
 * "**Published**:" and "**Last Updated**:" get `date`. A section is
 * appended when the document has none, right after its last line. Everything before "## Sign-Off"
 * stays byte for byte.
 */
void pm_edit_signoff(struct pm_buf *text, const struct pm_signoff_line *lines,
		     size_t n, const char *date);

#endif
