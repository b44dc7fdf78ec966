#ifndef PM_VERIFY_H
#define PM_VERIFY_H

#include <stddef.h>

#include "canon.h"
#include "facts.h"
#include "policy.h"
#include "record.h"
#include "template.h"

/*
 * A document, its sign-off records and the policy in, a verdict per
 * record and per slot out (DESIGN 2.4, 2.5; docs/FORMAT.md).
 *
 * Thread-safe: pm_verify_document reads its inputs and writes only its
 * output, so many documents can be verified at once.
 */

#define PM_REC_STATES(X)                                                       \
	X(VALID, "valid")                                                      \
	X(STALE, "stale")             /* the document changed since signing */ \
	X(INVALID, "invalid")         /* bad signature or malformed record */  \
	X(UNKNOWN_KEY, "unknown-key") /* signer or key not in the keyring */   \
	X(REVOKED, "revoked")                                                  \
	X(NOT_ALLOWED, "not-allowed") /* key not allowed for that slot */      \
	X(EXTRA, "extra")             /* belongs to no slot of this document */

enum pm_rec_state {
#define PM_REC_ENUM(id, name) PM_REC_##id,
	PM_REC_STATES(PM_REC_ENUM)
#undef PM_REC_ENUM
};

#define PM_SLOT_STATES(X)                                                      \
	X(VALID, "valid")                                                      \
	X(MISSING, "missing")                                                  \
	X(STALE, "stale")                                                      \
	X(INVALID, "invalid")                                                  \
	X(UNKNOWN_KEY, "unknown-key")                                          \
	X(REVOKED, "revoked")                                                  \
	X(NOT_ALLOWED, "not-allowed")                                          \
	X(SELF_APPROVAL, "self-approval")                                      \
	X(DUPLICATE_SIGNER, "duplicate-signer")

enum pm_slot_state {
#define PM_SLOT_ENUM(id, name) PM_SLOT_##id,
	PM_SLOT_STATES(PM_SLOT_ENUM)
#undef PM_SLOT_ENUM
};

const char *pm_rec_state_name(enum pm_rec_state s);
const char *pm_slot_state_name(enum pm_slot_state s);
/* Does a record in this state make `pmgit verify` fail on any document? */
int pm_rec_state_fails(enum pm_rec_state s);

struct pm_record_input {
	const char *path;
	const char *data;
	size_t len;
	const char *problem; /* why it could not be read (a link, too large), or NULL */
};

struct pm_verify_input {
	const char *doc_path;
	const char *src;            /* the document's bytes */
	size_t len;
	const struct pm_facts *facts;
	const struct pm_record_input *records;
	size_t nr_records;
	const struct pm_config *cfg;
	const struct pm_keyring *kr;
	const struct pm_template *tpl; /* its Sign-Off labels (cover.h); may be NULL */
	int hash_if_signed; /* no record to compare it with: leave doc_hash "" */
};

struct pm_rec_verdict {
	char *path;
	enum pm_rec_state state;
	char *detail;               /* why, when not valid */
	int uncovered;              /* invalid only for the document's text outside its hash */
	int sound;                  /* extra only because its slot is not asked: valid otherwise */
	struct pm_statement st;     /* fields NULL when it did not parse */
	char *key_fp;               /* the signing key's fingerprint, or NULL */
	char *signer_name;          /* from the keyring, or NULL */
};

struct pm_slot_verdict {
	const struct pm_slot *slot;
	int applies;                /* for this document's severity */
	int required;               /* applies and not optional */
	enum pm_slot_state state;
	int record;                 /* index into recs, or -1 */
	char *detail;
};

struct pm_verdict {
	/* the document's facts, copied, so a report needs no second parse */
	char *id;                   /* NULL without an Incident ID */
	char *title;
	const char *severity;       /* "P0".."P2" or NULL */
	enum pm_status status;
	char *status_written;       /* the Status as written when it is none of the three, or NULL */
	char doc_hash[PM_HASH_HEX];
	struct pm_rec_verdict *recs;
	size_t nr_recs;
	struct pm_slot_verdict *slots;
	size_t nr_slots;
	unsigned uncovered;         /* a line shown but outside the hash (cover.h), or 0 */
	int records_ok;             /* no record is invalid, unknown, revoked, not allowed */
	int complete;               /* every required slot is valid */
	int ok;                     /* records_ok, a Status read, and complete if Final */
};

void pm_verify_document(struct pm_verdict *out, const struct pm_verify_input *in);
void pm_verdict_release(struct pm_verdict *v);

#endif
