#ifndef PM_RECORD_H
#define PM_RECORD_H

#include <stddef.h>

#include "buf.h"
#include "error.h"

/*
 * The sign-off statement (the exact bytes signed) and the record file
 * that carries it with its armored SSH signature (docs/FORMAT.md).
 *
 *   pmgit-signoff-v1
 *   incident: INC-2026-0001
 *   document-sha256: <64 hex>
 *   slot: SRE Lead
 *   role: reviewer
 *   signer: alice@example.com
 *   key: SHA256:<fingerprint>
 *   time: 2026-11-29T14:03:11Z
 *
 * LF line ends, a final LF, nothing else. Parsing is strict: any other
 * line, order or spacing is refused, so one statement has one reading.
 */

#define PM_STATEMENT_MAGIC "pmgit-signoff-v1"
#define PM_SIGNOFF_NAMESPACE "pmgit-signoff"
#define PM_RECORD_MAX 16384

struct pm_statement {
	char *incident;
	char *doc_sha256;
	char *slot;
	char *role;
	char *signer;
	char *key;
	char *time;
	long time_days; /* the date of `time`, days since the epoch */
};

int pm_statement_parse(const char *text, size_t len, struct pm_statement *out,
		       struct pm_error *err);
/* Formats a statement; every field must be set and free of newlines. */
void pm_statement_format(const struct pm_statement *st, struct pm_buf *out);
void pm_statement_release(struct pm_statement *st);

struct pm_record {
	struct pm_buf statement;
	struct pm_buf signature;
};

#define PM_RECORD_INIT { PM_BUF_INIT, PM_BUF_INIT }

/* Parses a record file; `name` labels messages. */
int pm_record_parse(struct pm_record *r, const char *name, const char *buf,
		    size_t len, struct pm_error *err);
int pm_record_encode(const char *statement, const char *signature,
		     struct pm_buf *out, struct pm_error *err);
void pm_record_release(struct pm_record *r);

/* "<slot-slug>.<principal-slug>.yaml" */
void pm_record_filename(struct pm_buf *out, const char *slot,
			const char *principal);

/*
 * The policy statement: an admin's approval of one version of the policy
 * files (docs/FORMAT.md, "Trust in the keyring and policy").
 *
 *   pmgit-policy-v1
 *   version: 2
 *   config-sha256: <64 hex>
 *   keyring-sha256: <64 hex>
 *   threshold: 2
 *   admin: alice@example.com ssh-ed25519 AAAA...      (one per admin key, sorted)
 *   previous: <64 hex> | none
 *   signer: alice@example.com
 *   key: SHA256:<fingerprint>
 *   time: 2026-11-29T14:03:11Z
 *
 * The lines through 'previous:' are the version part, the same for every
 * admin who approves the version; its SHA-256 is the version's hash,
 * which the next version names as 'previous' and auditors pin for the
 * first version. Parsing is strict, as for sign-off statements.
 */

#define PM_POLICY_MAGIC "pmgit-policy-v1"
#define PM_POLICY_NAMESPACE "pmgit-policy"

struct pm_policy_admin {
	char *principal;
	char *key; /* "ssh-ed25519 <base64>" */
};

struct pm_policy_statement {
	long version;
	char *config_sha256;
	char *keyring_sha256;
	long threshold;
	struct pm_policy_admin *admins;
	size_t nr_admins;
	char *previous; /* 64 hex, or "none" for the first protected version */
	char *signer;
	char *key;
	char *time;
	size_t version_len; /* bytes of the version part */
};

int pm_policy_statement_parse(const char *text, size_t len,
			      struct pm_policy_statement *out, struct pm_error *err);
/* The version part (through 'previous:'), from version..previous. */
void pm_policy_version_format(const struct pm_policy_statement *st, struct pm_buf *out);
/* The signer lines that end a statement. */
void pm_policy_signer_format(const char *signer, const char *key, const char *time,
			     struct pm_buf *out);
void pm_policy_statement_release(struct pm_policy_statement *st);
/* "v<version>.<principal-slug>.yaml" */
void pm_policy_record_filename(struct pm_buf *out, long version, const char *principal);

#endif
