#ifndef PM_COVER_H
#define PM_COVER_H

#include <stddef.h>

#include "buf.h"
#include "canon.h"
#include "doc.h"
#include "policy.h"
#include "template.h"

/*
 * What a signature leaves out. A sign-off covers the document down to its
 * first line reading "## Sign-Off" (canon.h), by a rule that is line-based
 * so that sed can reproduce it. So that rule must cut where a reader sees
 * the Sign-Off section begin, and below it there must be only what
 * finalize fills in: otherwise text that no reviewer signed is shown as
 * signed.
 *
 * The canonical form also leaves out the header's "**Status**:" line; a
 * second one would say something unsigned too.
 *
 * Below "## Sign-Off" may stand: blank lines, thematic breaks, comments,
 * fields and bullets labelled with a sign-off slot of the policy, with
 * Reviewed By, Approved By, Published, Distribution, Last Updated or
 * Version, or with a label the template's own Sign-Off section uses; and
 * tables whose rows start with such a label.
 *
 * pm_cover_check returns the first line (1-based) that breaks this, with
 * why in *why, or 0. `at` is where pm_canon_hash found the cut, or NULL
 * to find it here. `doc` is the whole document parsed, or NULL: then
 * only the part from the cut on is parsed, which is what verification,
 * judging thousands of documents, can afford. `tpl` may be NULL.
 */
unsigned pm_cover_check(const char *src, size_t len, const struct pm_canon_cut *at,
			const struct pm_doc *doc, const struct pm_config *cfg,
			const struct pm_template *tpl, struct pm_buf *why);

#endif
