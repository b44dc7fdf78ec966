#ifndef PM_RULES_H
#define PM_RULES_H

#include "lint.h"

/*
 * Shared between lint.c (the runner) and rules.c (the checks): the state
 * a check sees and the one way it reports a finding.
 */
struct pm_lint_ctx {
	const struct pm_lint_input *in;
	struct pm_lint *out;
	const struct pm_doc *doc;
	const struct pm_facts *facts;
	int in_signoff_ok; /* placeholders in Sign-Off are expected (pre-Final) */
};

void pm_lint_report(struct pm_lint_ctx *c, enum pm_rule_id rule,
		    unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

typedef void (*pm_check_fn)(struct pm_lint_ctx *c);
extern const pm_check_fn pm_checks[PM_RULE__COUNT];

/*
 * A Markdown file among the postmortems that is none (no header field,
 * a name that is no incident ID: "index.md"): reported as such, once, in
 * place of every rule. Returns whether it was.
 */
int pm_lint_no_postmortem(struct pm_lint_ctx *c);

/*
 * git's conflict markers left in the file by a merge or rebase: one
 * finding per conflict, in place of every rule (each would only report
 * the two versions side by side). Returns how many there are.
 */
int pm_lint_conflicts(struct pm_lint_ctx *c);

/* The section a rule reads, by title: -1 when absent. */
int pm_lint_section(const struct pm_doc *doc, const char *title);

/* The status an action-item cell names: 0 open, 1 done, 2 cancelled, -1 unknown. */
int pm_action_state(const char *cell);

#endif
