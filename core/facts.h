#ifndef PM_FACTS_H
#define PM_FACTS_H

#include "buf.h"
#include "doc.h"

/*
 * What the commands read off a document: its ID, Status, Severity, Date,
 * authors and title. Header field names are matched case-insensitively,
 * with the spellings people use ("Author(s)", "Authors", "Author").
 */

enum pm_status {
	PM_STATUS_UNKNOWN,
	PM_STATUS_DRAFT,
	PM_STATUS_REVIEW,
	PM_STATUS_FINAL,
};

const char *pm_status_name(enum pm_status s);
/*
 * The status a Status value that is none of the three likely means
 * ("Complete" Final, "Under review" In Review, "WIP" Draft), or
 * PM_STATUS_UNKNOWN.
 */
enum pm_status pm_status_meant(const char *value);

/* What the rules and the other commands read off a document's header. */
struct pm_facts {
	const char *id;        /* the Incident ID value, or NULL */
	const char *status_raw;
	enum pm_status status;
	const char *severity;  /* "P0".."P2", or NULL */
	long date;             /* days since the epoch, or -1 */
	const char *authors;
	const char *title;
};

/*
 * The title without a leading "Postmortem:" ("Post-mortem -", "Post
 * mortem —"): what it says happened, "" when nothing; points into t.
 */
const char *pm_title_subject(const char *t);

/*
 * The header fields' names as people write them (NULL-terminated, matched
 * in any case): one list serves the rules and the facts alike.
 */
extern const char *const pm_id_names[];
extern const char *const pm_date_names[];
extern const char *const pm_author_names[];
extern const char *const pm_reviewer_names[];
extern const char *const pm_status_names[];
/* Is `name` one of `names` (NULL-terminated), in any case? */
int pm_name_in(const char *name, const char *const *names);
/* The first field of the header named by one of `names`, or NULL. */
const struct pm_field *pm_facts_header(const struct pm_doc *doc, const char *const *names);

/* "P1", "**p1** (major)" -> "P1"; NULL when the value names no severity. */
const char *pm_facts_severity_of(const char *value);
/* Reads the facts; the strings point into the doc (or are static). */
void pm_facts_read(const struct pm_doc *doc, struct pm_facts *f);
/* The Status of a document's bytes, and its Incident ID into *id ("" if none) unless NULL. */
enum pm_status pm_facts_status(const char *src, size_t len, struct pm_buf *id);

/* The ## section called `title`, or -1. */
int pm_facts_section(const struct pm_doc *doc, const char *title);

/*
 * Is `principal` (or the person's `name`) among the comma-separated
 * Author(s)? "Alice Chen <alice@example.com>" matches either.
 */
int pm_facts_is_author(const struct pm_facts *f, const char *principal,
		       const char *name);

#endif
