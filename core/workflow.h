#ifndef PM_WORKFLOW_H
#define PM_WORKFLOW_H

#include "buf.h"
#include "error.h"
#include "project.h"
#include "repo.h"

/*
 * The workflow rules (DESIGN 2.3), one implementation for the
 * pre-commit, pre-push and pre-receive hooks and for `pmgit verify
 * --history`: an old version of the repository, a new one, and every way
 * the change between them breaks the rules.
 *
 *  - a document's completeness level holds for the Status it is
 *    committed with (Final: every required sign-off valid);
 *  - a Final document is frozen: no change, no deletion or rename, no
 *    change to its sign-off records;
 *  - sign-off records are added or replaced only while the document is
 *    not Final, and each added one verifies (a stale one is noted);
 *  - records belong to a document that exists;
 *  - the policy files parse;
 *  - an incident ID names one postmortem across the tree, and (for
 *    pushes) across the other branches.
 */

struct pm_violation {
	char *commit;   /* hex id, NULL for the index */
	char *author;   /* "Name <email>", or NULL */
	char *path;
	char *rule;     /* a check rule name, or frozen, record, orphan-record, policy, duplicate-id */
	char *message;
	unsigned line, col; /* 0 when not about a line */
	int warning;    /* a note that does not reject */
};

struct pm_violations {
	struct pm_violation *items;
	size_t nr, alloc;
	size_t errors;
	/* item numbers + 1 by hash, to report a problem once in constant time */
	size_t *index;
	size_t index_cap;
};

#define PM_VIOLATIONS_INIT { NULL, 0, 0, 0, NULL, 0 }

void pm_violations_release(struct pm_violations *v);

struct pm_workflow_opts {
	long now;              /* days: for the advice rules, which never reject */
	/*
	 * days: when the change enters the repository, which a revocation
	 * dated on or before it makes too late for an added record; 0: now
	 */
	long added;
	/* take each commit's own date for `added` (the history audit) */
	int added_at_commit;
	const char *commit;    /* labels the violations (hex), or NULL */
	const char *author;
	/*
	 * Other refs' trees an added postmortem must not appear in (another
	 * branch holding the same ID); NULL when not checked.
	 */
	git_tree *const *other_trees;
	const char *const *other_names;
	size_t nr_other;
	const git_oid *other_commits; /* the commits of those refs */
	/*
	 * The commit and tree the pushed ref ends at (with other_trees): an ID
	 * claimed on the way and given up before it (renumbered, or the other
	 * branch's postmortem merged in over it) is no second claim.
	 */
	git_repository *git;
	const git_oid *tip;
	git_tree *tip_tree;
	/* parsed policies kept across the commits of a walk (may be NULL) */
	struct pm_project_cache *cache;
	/*
	 * A merge's other parents, when judged against one: a record that
	 * stands as it is in one of them came in with that parent's line,
	 * whose own commits were judged for when it was added.
	 */
	struct pm_snap *const *also;
	size_t nr_also;
	/*
	 * The working tree, for the pre-commit hook (else NULL): a record
	 * added stale, because it covers the document as it is there and
	 * not as staged, is refused with the 'git add' that fixes it.
	 */
	const char *workdir;
};

/*
 * Judges the change from `old` (a tree snapshot; the empty tree for a
 * root commit or an unborn branch) to `new` (a tree or the index),
 * appending what breaks the rules to `out`. Returns 0, or a PM_E* code
 * when it could not judge at all (then err says why).
 */
int pm_workflow_judge(struct pm_snap *old, struct pm_snap *new,
		      const struct pm_workflow_opts *o, struct pm_violations *out,
		      struct pm_error *err);

/*
 * Replays the rules over every commit reachable from `range` (a revision
 * such as "HEAD", or "A..B"), each commit against each parent.
 */
int pm_workflow_history(struct pm_repo *repo, const char *range, long now,
			struct pm_violations *out, size_t *commits,
			struct pm_error *err);

/*
 * One ref update of a push: the commits reachable from `tip` and from no
 * ref matching `known_glob` (every ref on the server; the remote's
 * tracking refs on the client) nor from `old` (zero for a new ref). Each
 * is judged against its parents; a postmortem they add must not already
 * exist on another branch (a ref under `branches_prefix` other than
 * `self_ref`). A non-fast-forward update is also judged as a whole, so
 * that rewriting history cannot unfreeze a Final postmortem.
 */
struct pm_push_update {
	git_oid old, tip;
	const char *self_ref;        /* the ref being updated, as it is named here */
	const char *dest_ref;        /* the same, as the receiving repository names it */
	const char *known_glob;
	const char *branches_prefix;
};

int pm_workflow_push(struct pm_repo *repo, const struct pm_push_update *u,
		     long now, struct pm_violations *out, size_t *commits,
		     struct pm_error *err);

#endif
