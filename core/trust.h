#ifndef PM_TRUST_H
#define PM_TRUST_H

#include <stddef.h>

#include "buf.h"
#include "canon.h"
#include "error.h"
#include "policy.h"
#include "record.h"
#include "repo.h"

/*
 * Trust in the policy files (DESIGN 2.6, docs/FORMAT.md): whoever can
 * change .pmgit/keyring.yaml decides who may sign, so once the keyring
 * names admins, every version of the two policy files needs the approval
 * of `threshold` admins of the version before it. Approvals are policy
 * statements in .pmgit/policy.signoffs/, chained by hash from the first
 * protected version (the root), which auditors pin.
 *
 * The judgement reads one snapshot: the files, their version, and the
 * records. It needs nothing from history, because each version's
 * statement names its admins and their keys.
 */

#define PM_POLICY_RECORDS_DIR ".pmgit/policy.signoffs"

enum pm_trust_state {
	PM_TRUST_UNPROTECTED, /* no admins: changes to the policy are not signed */
	PM_TRUST_OK,          /* the files are an approved version */
	PM_TRUST_PENDING,     /* the files are the next version, not yet approved */
	PM_TRUST_BROKEN,      /* the files match no version that can be approved */
};

/* A record that counts for nothing, and why. */
struct pm_trust_note {
	char *path;
	char *why;
};

struct pm_trust {
	enum pm_trust_state state;
	long version;          /* the files' version */
	long approved;         /* the newest approved version; 0: none */
	char root[PM_HASH_HEX]; /* the root's version hash; "" when none */
	char current[PM_HASH_HEX]; /* the version hash the files make now */
	/* the version part an admin signs now (PENDING), or the approved one */
	struct pm_policy_statement next;
	/* who approves `next`: the admins of the version before (or its own) */
	struct pm_policy_statement *approvers;
	size_t have;           /* distinct admins who approved `next` */
	struct pm_strlist signed_by; /* who they are (PENDING) */
	long need;             /* how many it takes */
	struct pm_buf why;     /* PENDING or BROKEN: what, and what to do */
	/*
	 * BROKEN only because the files kept the approved version, or only
	 * one of them moved on to the next: setting both to approved + 1
	 * makes it the next version, which `need` admins approve.
	 */
	int needs_bump;
	struct pm_trust_note *notes;
	size_t nr_notes;
	/* private */
	struct pm_policy_statement *approved_st; /* per version, root..approved */
	size_t nr_approved_st;
};

const char *pm_trust_state_name(enum pm_trust_state s);

/*
 * PENDING: appends who may still approve `next`, counting `also` (if not
 * NULL) as having approved it: "b or c can approve it with 'pmgit policy
 * sign'", "any 2 of b, c and d ...". Nothing when no approval is missing.
 */
void pm_trust_left(const struct pm_trust *t, const char *also, struct pm_buf *out);

/*
 * Appends the admins of `by` who may give the `more` approvals still
 * needed, leaving out those in `done` and `also` (either may be NULL):
 * "b or c", "b and c", "any 2 of b, c and d".
 */
void pm_policy_who_may(const struct pm_policy_statement *by, long more,
		       const struct pm_strlist *done, const char *also, struct pm_buf *out);

/*
 * Judges the policy of a snapshot whose config and keyring are already
 * parsed (cfg, kr). Returns 0 and fills *out (release it), or a PM_E*
 * code when the snapshot could not be read.
 */
int pm_trust_eval(struct pm_snap *snap, const struct pm_config *cfg,
		  const struct pm_keyring *kr, struct pm_trust *out, struct pm_error *err);
void pm_trust_release(struct pm_trust *t);
/* Does the policy let sign-offs count: unprotected, or an approved version? */
int pm_trust_in_force(const struct pm_trust *t);
/*
 * Judges the policy only as far as signing needs: 0 when sign-offs may be
 * given (no admins, or an approved version), PM_EREJECT with `why` set
 * when the policy is pending or broken, another PM_E* when it could not
 * be judged.
 */
int pm_trust_allows_signing(struct pm_snap *snap, const struct pm_config *cfg,
			    const struct pm_keyring *kr, struct pm_buf *why,
			    struct pm_error *err);

/*
 * Is `principal` with `key` one of the approvers of t->next? Returns the
 * admin's index in t->approvers, or -1.
 */
int pm_trust_approver(const struct pm_trust *t, const char *principal,
		      const struct pm_pubkey *key);

#endif
