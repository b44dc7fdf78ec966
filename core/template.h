#ifndef PM_TEMPLATE_H
#define PM_TEMPLATE_H

#include <stddef.h>

#include "buf.h"
#include "doc.h"

/*
 * What a postmortem template teaches the rules: its placeholders (the
 * bracketed spans outside comments, "[Name]", "[X]", ...) and its
 * example content (the lines inside its comments that are not also part
 * of the skeleton). A document that still holds either is not finished.
 *
 * Learn from the built-in template and from the repository's
 * .pmgit/template.md, if any; both are then recognised.
 */
struct pm_template {
	char **placeholders; /* bracket contents, sorted, unique */
	size_t nr_placeholders, alloc_placeholders;
	char **examples;     /* normalised lines, sorted, unique */
	size_t nr_examples, alloc_examples;
	/*
	 * The labels of its sign-off lines: the fields ("**Published**",
	 * "- SRE Lead: ...") and table rows' first cells below "## Sign-Off",
	 * sorted, unique; cover.h lets these stand there.
	 */
	char **signoff_labels;
	size_t nr_signoff_labels, alloc_signoff_labels;
	/*
	 * The repository's own template (.pmgit/template.md), parsed, when it
	 * has one: the sections its postmortems start with.
	 */
	int has_outline;
	struct pm_buf outline_src;
	struct pm_doc outline;
};

#define PM_TEMPLATE_INIT { NULL, 0, 0, NULL, 0, 0, NULL, 0, 0, 0, PM_BUF_INIT, { 0 } }

/* The template built into pmgit (templates/postmortem.md). */
extern const char pm_builtin_template[];
extern const size_t pm_builtin_template_len;
extern const char pm_builtin_config[];
extern const size_t pm_builtin_config_len;
extern const char pm_builtin_keyring[];
extern const size_t pm_builtin_keyring_len;

void pm_template_learn(struct pm_template *t, const char *text, size_t len);

/*
 * What pm_template_learn learns from the built-in template, learned once
 * when pmgit is built (tools/template-learn.c writes it, sorted and
 * unique as learning leaves each list).
 */
struct pm_learned {
	const char *const *items;
	size_t nr;
};
extern const struct pm_learned pm_builtin_placeholders, pm_builtin_examples,
	pm_builtin_signoff_labels;
/*
 * Fills an empty t as pm_template_learn(t, pm_builtin_template, ...)
 * would, from what the build learned. (Defined apart from the learning,
 * in project.c, so that the program that learns it links without it.)
 */
void pm_template_builtin(struct pm_template *t);
/* Keeps the repository's own template as its outline (after learning it). */
void pm_template_outline(struct pm_template *t, const char *text, size_t len);
/* Does the repository's template have this "## " section? 1 when it has no template. */
int pm_template_has_section(const struct pm_template *t, const char *title);
/* Does its "## section" have a "- **name**:" field? 1 when it has no template. */
int pm_template_has_field(const struct pm_template *t, const char *section, const char *name);
void pm_template_release(struct pm_template *t);

/* Is "[content]" one of the template's placeholders? */
int pm_template_is_placeholder(const struct pm_template *t, const char *content,
			       size_t len);
/* Is this normalised line (pm_normalize_words) template example text? */
int pm_template_is_example(const struct pm_template *t, const char *normalized);
/*
 * A label as the sign-off labels hold it: emphasis, blanks and a trailing
 * colon dropped, ASCII lowercase ("**SRE Lead:**" -> "sre lead"); malloc'd,
 * or NULL when nothing is left.
 */
char *pm_template_label(const char *s, size_t n);
/* Is this key (pm_template_label) a label of the template's sign-off lines? */
int pm_template_is_signoff_label(const struct pm_template *t, const char *key);

/*
 * Calls fn for every "[...]" span of a line (comments already blanked)
 * that is not a task checkbox ("- [ ]"), a link ("[text](url)",
 * "[text][ref]") or inside a code span; `off` is the span's byte offset,
 * `span` points at its "[" and `len` includes both brackets. A span
 * written with escaped brackets, "\[Names\]", renders as "[Names]" and
 * is given so (span then points at a copy; off is its backslash's).
 */
typedef void (*pm_span_fn)(void *data, size_t off, const char *span,
			   size_t len);
void pm_template_each_span(const char *line, size_t len, pm_span_fn fn,
			   void *data);
/* Is all of s one placeholder in brackets, "[Action]" or "\[Action\]"? */
int pm_template_whole_placeholder(const struct pm_template *t, const char *s);

/* Example lines shorter than this (normalised) are not matched. */
#define PM_EXAMPLE_MIN_LEN 16
/*
 * A run of example lines is the template's example when it has at least
 * PM_EXAMPLE_RUN_LINES lines or PM_EXAMPLE_RUN_LEN characters (normalised):
 * a short line or two ("- Updated status page") are as likely this
 * incident's own words.
 */
#define PM_EXAMPLE_RUN_LINES 3
#define PM_EXAMPLE_RUN_LEN 40

#endif
