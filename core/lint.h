#ifndef PM_LINT_H
#define PM_LINT_H

#include <stddef.h>

#include "buf.h"
#include "doc.h"
#include "facts.h"
#include "policy.h"
#include "template.h"

/*
 * The completeness rules of a postmortem, at three levels (draft, review,
 * final) plus advice that is always a warning.
 *
 * Every rule is defined once, in PM_RULES below: its name (as shown in
 * diagnostics and `pmgit help rules`), its level and why it exists.
 * A rule of the judged level or an earlier one is an error; a rule of a
 * later level is a warning, so an author sees early what is coming.
 */

enum pm_level {
	PM_LEVEL_DRAFT,
	PM_LEVEL_REVIEW,
	PM_LEVEL_FINAL,
	PM_LEVEL_ADVICE, /* always a warning */
};

#define PM_RULES(X)                                                                 \
	X(SIZE, "size", DRAFT,                                                      \
	  "a postmortem larger than pmgit reads is refused rather than half-read")  \
	X(ENCODING, "encoding", DRAFT,                                              \
	  "the file must be UTF-8 text; invalid bytes, NULs or control characters mean a binary, mis-saved or doctored file") \
	X(COMMENT, "comment", DRAFT,                                                \
	  "an unclosed <!-- hides the rest of the document, and an unclosed ``` shows it as code, to readers and every check") \
	X(TABLE, "table", DRAFT,                                                    \
	  "a pipe table needs its |---| row and the same number of cells in every row to render") \
	X(CONFLICT, "conflict", DRAFT,                                              \
	  "no merge conflict is left in the file: git's <<<<<<< ======= >>>>>>> markers stand around two versions of it") \
	X(TITLE, "title", DRAFT, "the document starts with a '# ' title line")     \
	X(HEADER, "header", DRAFT,                                                  \
	  "Incident ID, Date, Author(s), Reviewers and Status are written once each, before the first '---'") \
	X(ID_FORMAT, "id-format", DRAFT,                                            \
	  "incident IDs follow the configured format so they sort and link")        \
	X(ID_FILENAME, "id-filename", DRAFT,                                        \
	  "the file is named after its incident ID, so one ID is one file")         \
	X(ID_UNIQUE, "id-unique", DRAFT,                                            \
	  "one incident ID names one postmortem in the repository")                  \
	X(DATE, "date", DRAFT, "the incident Date is a real calendar date, YYYY-MM-DD, and not after today") \
	X(STATUS, "status", DRAFT, "Status is Draft, In Review or Final")           \
	X(SECTION_MISSING, "section-missing", REVIEW,                               \
	  "every required section is there before review")                          \
	X(SECTION_EMPTY, "section-empty", REVIEW,                                   \
	  "a required section says something before review")                        \
	X(SIGNOFF_HEADING, "signoff-heading", REVIEW,                               \
	  "the Sign-Off heading is exactly '## Sign-Off': signatures cover what is above it") \
	X(SIGNOFF_SECTION, "signoff-section", REVIEW,                               \
	  "below '## Sign-Off' stand only sign-off lines: no signature covers what is there") \
	X(PLACEHOLDER, "placeholder", REVIEW,                                       \
	  "no [bracketed] template placeholder is left for reviewers to puzzle over") \
	X(EXAMPLE, "template-example", REVIEW,                                      \
	  "the template's example incident is not this incident: replace or delete it") \
	X(MOJIBAKE, "mojibake", REVIEW,                                             \
	  "double-encoded UTF-8 (such as 'âœ…' for '✅') garbles what reviewers read") \
	X(BIDI, "bidi", REVIEW,                                                     \
	  "no invisible bidirectional controls: they make a line display other than the text pmgit and signatures read") \
	X(REVIEWERS, "reviewers", REVIEW, "reviewers are named before review")     \
	X(SEVERITY, "severity", REVIEW, "Severity is P0, P1 or P2; sign-off slots depend on it") \
	X(IMPACT, "impact", REVIEW,                                                 \
	  "the impact figures (users affected, duration and the rest) are filled in") \
	X(TIMELINE_TIME, "timeline-time", REVIEW,                                   \
	  "the Timeline has rows, in a table or a list, each with a time: HH:MM or YYYY-MM-DD HH:MM") \
	X(TIMELINE_ORDER, "timeline-order", REVIEW,                                 \
	  "Timeline rows and Detailed Timeline entries are in chronological order, in one time zone")                                \
	X(ACTION_OWNER, "action-owner", REVIEW, "every action item has an owner (not N/A or None), in the Action Items table, not a list or prose")  \
	X(ACTION_DUE, "action-due", REVIEW,                                         \
	  "every action item has a real due date, YYYY-MM-DD")                      \
	X(ACTION_STATUS, "action-status", REVIEW,                                   \
	  "every action item has a known status: Planned, In Progress, Blocked, Done or Cancelled") \
	X(DURATION, "duration", REVIEW,                                             \
	  "the stated duration equals end time minus start time")                   \
	X(RESOLUTION_TIME, "resolution-time", REVIEW,                               \
	  "the time-to-resolution parts add up to the stated total")                \
	X(ERROR_BUDGET, "error-budget", REVIEW,                                     \
	  "error-budget minutes and percentages agree with the monthly budget")     \
	X(SLO, "slo", REVIEW, "each SLO's Met/Missed mark agrees with its target and actual (a latency's target is a ceiling)") \
	X(SIGNOFF, "signoff", FINAL,                                                \
	  "a Final postmortem has a valid signed sign-off in every required slot")  \
	X(OVERDUE, "action-overdue", ADVICE, "an open action item is past its due date") \
	X(DUE_POLICY, "action-due-policy", ADVICE,                                  \
	  "action items are due within the days the policy allows for the severity") \
	X(BLAMELESS, "blameless", ADVICE,                                           \
	  "postmortems describe conditions, not culprits ('human error' explains nothing)") \
	X(CHECKBOX, "action-checkbox", ADVICE,                                      \
	  "a Corrective Actions checkbox agrees with its Action Items row")        \
	X(SUMMARY, "summary", ADVICE,                                               \
	  "the Executive Summary's day and length agree with the Date and the Impact Duration") \
	X(TIMELINE_SPAN, "timeline-span", ADVICE,                                   \
	  "the Timeline covers the Impact Duration, from when the impact began to when it ended (within one time zone)") \
	X(METRIC_PEAK, "metric-peak", ADVICE,                                       \
	  "an error rate's or latency's Peak is not below its Normal") \
	X(SUBSECTION_EMPTY, "subsection-empty", ADVICE,                             \
	  "a '### ' subsection left empty reads as unfinished: fill it in or delete its heading") \
	X(FOLLOWUP, "action-followup", ADVICE,                                      \
	  "a Final postmortem's <ID>.actions.yaml reads and names actions of its table; the hooks refuse it otherwise, and keep it append-only") \
	X(UNDERLINE, "underline", ADVICE,                                           \
	  "a '---' straight under text underlines it into a heading when rendered: the header or a paragraph shows as one big heading")

enum pm_rule_id {
#define PM_RULE_ENUM(id, name, level, summary) PM_RULE_##id,
	PM_RULES(PM_RULE_ENUM)
#undef PM_RULE_ENUM
	PM_RULE__COUNT
};

struct pm_rule {
	const char *name;
	enum pm_level level;
	const char *summary;
};

extern const struct pm_rule pm_rules[PM_RULE__COUNT];
const char *pm_level_name(enum pm_level level);
/* "draft", "review", "final" -> level; -1 if unknown. */
int pm_level_parse(const char *s);

enum pm_severity { PM_SEV_ERROR, PM_SEV_WARNING };

struct pm_finding {
	enum pm_rule_id rule;
	enum pm_severity sev;
	unsigned line, col;
	char *msg;
};

/* A required sign-off slot that is not valid, for the final level. */
/* A sign-off slot of the policy, and how the document's records fill it. */
struct pm_signoff_slot {
	const char *slot;
	int required;       /* else optional, or not for this postmortem */
	int before_since;   /* not required: the incident predates the slot's since: */
	const char *state;  /* "valid", "missing", "stale", "invalid", ... */
	/* for a valid one: who signed, as the record and the keyring name them */
	const char *signer, *signer_name;
	const char *detail; /* may be NULL */
	/*
	 * For a missing one: who could sign the slot, as "a@x.com, b@x.com"
	 * ("" for nobody); NULL when not known. ruled_out counts the others
	 * the keyring lets sign it, whom the separation rules would not count.
	 */
	const char *signers;
	size_t ruled_out;
};

struct pm_lint_input {
	const char *path;          /* for id-filename; may be NULL */
	const char *src;
	size_t len;
	const struct pm_config *cfg;
	struct pm_template *tpl;
	long now;                  /* today, days since the epoch */
	/* `now` is the day the document was committed (the history audit), not today */
	int now_committed;
	int level;                 /* an enum pm_level, or -1: from Status */
	/*
	 * Is `id` the ID of another postmortem? Returns its path (valid until
	 * the next call) or NULL. NULL callback: uniqueness is not checked.
	 */
	const char *(*id_taken)(void *data, const char *id);
	void *id_taken_data;
	/* a merge before it is committed: the ID came in with the other branch */
	int id_merging;
	int signoffs_checked;      /* 0: "sign-off verification not available" */
	/* <ID>.actions.yaml: its path, and what it holds or why it does not read */
	const char *followup_path;
	const struct pm_followup *followup;
	const char *followup_error;
	const struct pm_signoff_slot *signoffs;
	size_t nr_signoffs;
	/* `path` is no postmortem of the repository: 'pmgit sign' does not take it */
	int unsignable;
	/*
	 * The caller acts on errors alone (the hooks): the advice and the
	 * rules of levels above the one judged, which could only warn, are
	 * not run. No check reports a rule of a level below its own.
	 */
	int errors_only;
};

/* One row of the Action Items table, as `pmgit actions` lists them. */
struct pm_action_item {
	const char *action, *owner, *due, *status; /* "" when the cell is missing */
	unsigned line, due_col;
	int state;    /* 0 open, 1 done, 2 cancelled, -1 unknown status */
	long due_days; /* -1 when the due date is not a date */
	const char *updated; /* the date of its last follow-up update, or NULL */
};

/* The action items of a parsed document; the caller frees *out. */
size_t pm_action_items(const struct pm_doc *doc, struct pm_action_item **out);
/* The item called `name` (any case, any spacing), or -1. */
long pm_action_find(const struct pm_action_item *items, size_t n, const char *name);
/*
 * Applies a Final postmortem's follow-up: the last update of an item sets
 * its status and due date. The items then point into f. Returns the
 * first update that names no item, or NULL.
 */
const struct pm_action_update *pm_followup_apply(const struct pm_followup *f,
						 struct pm_action_item *items, size_t n);

/* A postmortem larger than this is refused (rule "size"). */
#define PM_DOC_MAX_BYTES (4u << 20)

struct pm_lint {
	struct pm_doc doc;
	struct pm_facts facts;
	enum pm_level level;        /* the level judged */
	struct pm_finding *findings; /* sorted by line, column */
	size_t nr, alloc;
	size_t errors, warnings;
};

/*
 * Parses and judges a document. The result's model points into in->src,
 * which must outlive it; everything else it owns.
 */
void pm_lint_run(struct pm_lint *out, const struct pm_lint_input *in);
/*
 * What the repository's own template lacks that review asks of every
 * postmortem: header fields and Action Items columns, named in a list
 * appended to `out` ("the header field 'Reviewers', ..."); returns how
 * many (none without a repository template).
 */
size_t pm_lint_template_gaps(const struct pm_template *t, struct pm_buf *out);
/*
 * The first header field whose value runs on into another ("**Incident
 * ID**: INC-1 **Date**: ...", a header a converter joined into one
 * paragraph), with that other field's name in `inner`; or NULL.
 */
const struct pm_field *pm_lint_header_run_on(const struct pm_doc *doc, struct pm_buf *inner);
/*
 * What the Sign-Off section says on a slot's line (a '- Slot: ...' field,
 * or the cell after the slot in a table row), with that line's number in
 * *line (0 when the section has no line for the slot); NULL when the
 * line is empty or starts with a '[' placeholder.
 */
const char *pm_lint_signoff_written(const struct pm_doc *doc, const char *slot, unsigned *line);
void pm_lint_release(struct pm_lint *l);

#endif
