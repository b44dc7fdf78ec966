#ifndef PM_POLICY_H
#define PM_POLICY_H

#include <stddef.h>

#include "buf.h"
#include "error.h"
#include "keys.h"

/*
 * The repository's policy (.pmgit/config.yaml) and keyring
 * (.pmgit/keyring.yaml) as typed structs. Parsing is strict: an unknown
 * key, a wrong type or a bad value is an error naming the file and line,
 * because a policy that is silently half-read is worse than none.
 */

#define PM_CONFIG_PATH ".pmgit/config.yaml"
#define PM_KEYRING_PATH ".pmgit/keyring.yaml"
#define PM_TEMPLATE_PATH ".pmgit/template.md"
#define PM_PMGIT_DIR ".pmgit"

enum pm_role { PM_ROLE_REVIEWER, PM_ROLE_APPROVER };

struct pm_slot {
	char *name;
	enum pm_role role;
	int optional;
	char **severities; /* none: every severity */
	size_t nr_severities;
	/*
	 * YYYY-MM-DD, or NULL: the slot asks only postmortems of incidents
	 * on or after it, so that a slot added to the policy leaves the
	 * postmortems finalized before it as they were
	 */
	char *since;
	long since_days;
};

#define PM_NR_SEVERITIES 3
extern const char *const pm_severities[PM_NR_SEVERITIES]; /* P0 P1 P2 */

struct pm_config {
	int version;
	char *directory;  /* relative to the repository root, no trailing / */
	char *id_format;  /* e.g. INC-{year}-{seq:4} */
	struct pm_slot *slots;
	size_t nr_slots;
	long due_days[PM_NR_SEVERITIES]; /* 0: no limit */
	char **blameless;
	size_t nr_blameless;
	char **required_sections;
	size_t nr_required_sections;
	int one_slot_per_person;
	int authors_may_approve;
};

/*
 * A slot someone held until a day (a role change): their sign-offs for
 * it made before `until` count, later ones do not.
 */
struct pm_former_slot {
	char *slot;
	char *until;       /* YYYY-MM-DD */
	long days;
	char *reason;      /* may be NULL */
};

struct pm_person {
	char *principal;
	char *name;        /* may be NULL */
	struct pm_pubkey *keys;
	char **key_lines;  /* the lines as written, comments kept */
	size_t nr_keys;
	char **slots;
	size_t nr_slots;
	struct pm_former_slot *former;
	size_t nr_former;
	unsigned line;
};

struct pm_revocation {
	char *key;         /* "SHA256:..." */
	char *reason;
	char *date;        /* YYYY-MM-DD */
	long days;
	int compromised;
	unsigned line;     /* where it was read, or 0 */
};

struct pm_keyring {
	int version;
	struct pm_person *people;
	size_t nr_people;
	struct pm_revocation *revoked;
	size_t nr_revoked;
	char **admins;     /* kept and written back; see docs/FORMAT.md */
	size_t nr_admins;
	long threshold;
};

/* The built-in default policy (the same as templates/config.yaml). */
void pm_config_defaults(struct pm_config *c);
/* Parses YAML text; `name` labels messages. Missing keys keep defaults. */
int pm_config_parse(struct pm_config *c, const char *name, const char *buf,
		    size_t len, struct pm_error *err);
void pm_config_release(struct pm_config *c);
/* The slot called `name` (case-insensitive), or NULL. */
const struct pm_slot *pm_config_slot(const struct pm_config *c,
				     const char *name);
/* Does the slot apply to a document of this severity (NULL: unknown)? */
/*
 * Does the slot apply to a postmortem of this severity and incident date
 * (days, or -1)? An unknown severity or date takes the stricter reading.
 */
int pm_slot_applies(const struct pm_slot *s, const char *severity, long date);
/* Why it does not: "for P2", "for incidents before 2026-12-01". */
void pm_slot_why_not(const struct pm_slot *s, const char *severity, long date,
		     struct pm_buf *out);
const char *pm_role_name(enum pm_role r);

int pm_keyring_parse(struct pm_keyring *k, const char *name, const char *buf,
		     size_t len, struct pm_error *err);
void pm_keyring_release(struct pm_keyring *k);
/* Serialises the keyring as YAML (ringtext.h puts the original's comments back). */
int pm_keyring_encode(const struct pm_keyring *k, struct pm_buf *out,
		      struct pm_error *err);
struct pm_person *pm_keyring_person(const struct pm_keyring *k,
				    const char *principal);
/* The revocation of the key with this fingerprint, or NULL. */
const struct pm_revocation *pm_keyring_revocation(const struct pm_keyring *k,
						  const char *fingerprint);
int pm_person_has_key(const struct pm_person *p, const struct pm_pubkey *key);
/* The one person holding this key (the keyring allows no key to two), or NULL. */
const struct pm_person *pm_keyring_key_owner(const struct pm_keyring *k,
					     const struct pm_pubkey *key);
int pm_person_has_slot(const struct pm_person *p, const char *slot);
/* The slot this person held until a day, or NULL. */
const struct pm_former_slot *pm_person_former_slot(const struct pm_person *p,
						   const char *slot);
/* Does the person hold the slot on `day` (now, or until a later day)? */
int pm_person_holds_slot_on(const struct pm_person *p, const char *slot, long day);
/* 0 when the person holds the slot now, else the error that says they do not. */
int pm_person_holds_slot(const struct pm_person *p, const char *slot, struct pm_error *err);
/*
 * Ends a person's slot: sign-offs for it made on or after `days` stop
 * counting. The slot must be one they hold now.
 */
int pm_person_end_slot(struct pm_person *p, const char *slot, long days,
		       const char *reason, struct pm_error *err);
/* Takes a person out of the keyring (p points into k->people). */
void pm_keyring_remove(struct pm_keyring *k, struct pm_person *p);
/*
 * Adds a person, or a key, slots or a name to one already there (key and
 * key_line NULL: none to add, for a person already there); copies
 * everything.
 */
int pm_keyring_add(struct pm_keyring *k, const char *principal,
		   const char *name, const char *key_line,
		   const struct pm_pubkey *key, char *const *slots,
		   size_t nr_slots, struct pm_error *err);

/*
 * Appends the keyring as an OpenSSH allowed_signers file for the
 * sign-off namespace: a compromised key is left out, a revoked one gets
 * valid-before the day before its revocation date (23:59:59Z).
 */
void pm_keyring_allowed_signers(const struct pm_keyring *kr, struct pm_buf *out);

/*
 * A Final postmortem's follow-up, <ID>.actions.yaml beside it: progress on
 * its action items after the signed document froze. Each update names an
 * action of the Action Items table and gives a new status, a new due
 * date, or both; the last update of an action wins.
 */
#define PM_FOLLOWUP_SUFFIX ".actions.yaml"
#define PM_FOLLOWUP_MAX (256u << 10)

struct pm_action_update {
	char *action;
	char *status;      /* NULL: unchanged */
	char *due;         /* NULL: unchanged */
	char *date;        /* when, YYYY-MM-DD */
	char *by;          /* NULL when not said */
	char *note;        /* NULL when not said */
	long due_days;     /* of `due`, or -1 */
	unsigned line;
};

struct pm_followup {
	struct pm_action_update *updates;
	size_t nr;
};

int pm_followup_parse(struct pm_followup *f, const char *name, const char *buf,
		      size_t len, struct pm_error *err);
void pm_followup_release(struct pm_followup *f);
/* Do two follow-ups hold the same updates, in the same order? */
int pm_followup_same(const struct pm_followup *a, const struct pm_followup *b);
/* Serialises it, with a comment naming the incident. */
int pm_followup_encode(const struct pm_followup *f, const char *id,
		       struct pm_buf *out, struct pm_error *err);
/*
 * `old` (the follow-up as it is) with f's last update added at its end,
 * when that reads back as `f`: the comments and layout people gave the
 * file stay. Otherwise pm_followup_encode's text of `f`.
 */
int pm_followup_append(const char *old, size_t old_len, const struct pm_followup *f,
		       const char *id, struct pm_buf *out, struct pm_error *err);
/* Do two updates say the same? */
int pm_action_update_same(const struct pm_action_update *a,
			  const struct pm_action_update *b);

/*
 * Incident ID formats: literal text with {year} (four digits) and one
 * {seq:N} (a number, zero-padded to N digits) or {seq}.
 */
int pm_idfmt_check(const char *fmt, struct pm_error *err);
/*
 * What is wrong with `dir` as the postmortem directory, or NULL; brings
 * it to the form git names it by ("./a//b/" is "a/b") in place.
 */
const char *pm_directory_problem(char *dir);
/* Does `id` follow `fmt`? Stores the year (0 if none) and the sequence. */
int pm_idfmt_match(const char *fmt, const char *id, int *year, long *seq);
void pm_idfmt_make(const char *fmt, int year, long seq, struct pm_buf *out);
/*
 * The one format that IDs written before pmgit follow, guessed from their
 * shape (the last run of digits is the sequence, an earlier four-digit
 * run from 19xx or 20xx the year): INC-2024-017 gives INC-{year}-{seq:3}.
 * Returns 1 when a format fits them all.
 */
int pm_idfmt_guess(char *const *ids, size_t n, struct pm_buf *out);
/* An example ID for messages, e.g. INC-2026-0001. */
void pm_idfmt_example(const char *fmt, struct pm_buf *out);

#endif
