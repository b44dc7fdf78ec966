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

#endif
