#ifndef PM_RINGMERGE_H
#define PM_RINGMERGE_H

#include "buf.h"
#include "error.h"
#include "policy.h"

/*
 * The three-way merge of .pmgit/keyring.yaml that 'pmgit keyring merge'
 * makes when two branches both changed it (two admins each added a
 * teammate, or rotated a key): git merges its lines, and two people
 * appended at one place are a conflict.
 *
 * The keyring is taken as facts: each person, each of their keys, slots
 * and former slots, each revocation, each admin. A fact either branch
 * added stays; a fact either branch took out goes (a removed key does not
 * come back because the other branch kept the line); a value both changed
 * (a person's name, a revocation's reason, the threshold, the version),
 * each to something else, is a conflict, and so is a person one branch
 * took out while the other changed them. `base` is the keyring both
 * started from, NULL when there was none.
 *
 * Returns 0 with the merged keyring in *out (people in ours' order, then
 * those the other branch added) and, in `said`, one line per fact that
 * came from the other branch or went because of it; else PM_EREJECT with
 * the first conflict in err, *out left empty.
 */
int pm_keyring_merge(const struct pm_keyring *base, const struct pm_keyring *ours,
		     const struct pm_keyring *theirs, struct pm_keyring *out,
		     struct pm_buf *said, struct pm_error *err);

#endif
