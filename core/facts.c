#include "facts.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "policy.h"
#include "text.h"

#include "banned.h"

int pm_facts_section(const struct pm_doc *doc, const char *title)
{
	return pm_doc_section(doc, title, 2, -1);
}

const char *pm_status_name(enum pm_status s)
{
	switch (s) {
	case PM_STATUS_DRAFT: return "Draft";
	case PM_STATUS_REVIEW: return "In Review";
	case PM_STATUS_FINAL: return "Final";
	default: return "unknown";
	}
}

enum pm_status pm_status_meant(const char *value)
{
	static const struct {
		const char *said;
		enum pm_status meant;
	} near[] = {
		{ "review", PM_STATUS_REVIEW },       { "in-review", PM_STATUS_REVIEW },
		{ "under review", PM_STATUS_REVIEW }, { "reviewing", PM_STATUS_REVIEW },
		{ "ready for review", PM_STATUS_REVIEW }, { "complete", PM_STATUS_FINAL },
		{ "completed", PM_STATUS_FINAL },     { "closed", PM_STATUS_FINAL },
		{ "published", PM_STATUS_FINAL },     { "approved", PM_STATUS_FINAL },
		{ "done", PM_STATUS_FINAL },          { "finalized", PM_STATUS_FINAL },
		{ "finalised", PM_STATUS_FINAL },     { "pending review", PM_STATUS_REVIEW },
		{ "awaiting review", PM_STATUS_REVIEW }, { "awaiting approval", PM_STATUS_REVIEW },
		{ "wip", PM_STATUS_DRAFT },
		{ "open", PM_STATUS_DRAFT },          { "in progress", PM_STATUS_DRAFT },
	};
	size_t i, n;
	const char *v = pm_unmarked(value, &n);

	for (i = 0; i < sizeof(near) / sizeof(near[0]); i++)
		if (strlen(near[i].said) == n && !strncasecmp(v, near[i].said, n))
			return near[i].meant;
	return PM_STATUS_UNKNOWN;
}

static enum pm_status parse_status(const char *value)
{
	static const struct {
		const char *name;
		enum pm_status status;
	} names[] = {
		{ "Draft", PM_STATUS_DRAFT },
		{ "In Review", PM_STATUS_REVIEW },
		{ "Final", PM_STATUS_FINAL },
	};
	size_t n, i;
	const char *v = pm_unmarked(value, &n);

	for (i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strlen(names[i].name) == n && !strncasecmp(v, names[i].name, n))
			return names[i].status;
	return PM_STATUS_UNKNOWN;
}

/*
 * The title without a leading "Postmortem:" ("Post-mortem -", "Post mortem
 * —"): what it says happened.
 */
const char *pm_title_subject(const char *t)
{
	static const char *const words[] = { "postmortem", "post-mortem", "post mortem" };
	const char *s = NULL;
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]) && !s; i++)
		if (!strncasecmp(t, words[i], strlen(words[i])))
			s = t + strlen(words[i]);
	if (!s || (*s && *s != ' ' && *s != ':' && *s != '-' && (unsigned char)*s < 0x80))
		return t; /* "Postmortems of ...": a title of its own */
	while (*s == ' ' || *s == ':' || *s == '-' || !strncmp(s, "\xe2\x80\x94", 3) ||
	       !strncmp(s, "\xe2\x80\x93", 3))
		s += (unsigned char)*s >= 0x80 ? 3 : 1;
	return s;
}

/* not "Incident" alone: templates use it for a line that says what happened */
const char *const pm_id_names[] = { "Incident ID", "ID", "Incident Number", "Incident No",
				     "Incident #", NULL };
const char *const pm_date_names[] = { "Date", "Incident Date", NULL };
const char *const pm_author_names[] = { "Author(s)", "Authors", "Author", NULL };
const char *const pm_reviewer_names[] = { "Reviewers", "Reviewer(s)", "Reviewer", NULL };
const char *const pm_status_names[] = { "Status", NULL };

int pm_name_in(const char *name, const char *const *names)
{
	for (; *names; names++)
		if (!strcasecmp(name, *names))
			return 1;
	return 0;
}

const struct pm_field *pm_facts_header(const struct pm_doc *doc, const char *const *names)
{
	size_t i;

	for (i = 0; i < doc->nr_fields && doc->fields[i].line < doc->body_line; i++)
		if (pm_name_in(doc->fields[i].name, names))
			return &doc->fields[i];
	return NULL;
}

void pm_facts_read(const struct pm_doc *doc, struct pm_facts *f)
{
	const struct pm_field *x;
	int impact;

	memset(f, 0, sizeof(*f));
	f->date = -1;
	f->title = doc->title;
	x = pm_facts_header(doc, pm_id_names);
	f->id = x ? x->value : NULL;
	x = pm_facts_header(doc, pm_date_names);
	if (!x || !pm_parse_date(x->value, &f->date))
		f->date = -1;
	x = pm_facts_header(doc, pm_author_names);
	f->authors = x ? x->value : NULL;
	x = pm_facts_header(doc, pm_status_names);
	f->status_raw = x ? x->value : NULL;
	f->status = x ? parse_status(x->value) : PM_STATUS_UNKNOWN;

	impact = pm_facts_section(doc, "Impact");
	x = impact >= 0 ? pm_doc_field(doc, impact, "Severity") : NULL;
	if (!x)
		x = pm_doc_field(doc, -1, "Severity");
	if (x)
		f->severity = pm_facts_severity_of(x->value);
}

const char *pm_facts_severity_of(const char *value)
{
	size_t len, i;
	const char *v = pm_unmarked(value, &len);

	for (i = 0; i < PM_NR_SEVERITIES; i++) {
		size_t n = strlen(pm_severities[i]);
		if (!strncasecmp(v, pm_severities[i], n) && !(v[n] >= '0' && v[n] <= '9') &&
		    !(v[n] >= 'A' && v[n] <= 'Z') && !(v[n] >= 'a' && v[n] <= 'z'))
			return pm_severities[i];
	}
	return NULL;
}

/* Does one author entry name this person? */
enum pm_status pm_facts_status(const char *src, size_t len, struct pm_buf *id)
{
	struct pm_doc doc;
	struct pm_facts f;
	enum pm_status s;

	pm_doc_parse_facts(&doc, src, len);
	pm_facts_read(&doc, &f);
	s = f.status;
	if (id)
		pm_buf_sets(id, f.id ? f.id : "");
	pm_doc_release(&doc);
	return s;
}

/*
 * Do two names (or addresses) name one person? Case, spacing, Unicode form
 * and accents aside: capitals are often written without them ("ELODIE
 * DURAND"), and an author missed here could approve their own postmortem.
 */
static int same_name_n(const char *a, size_t n, const char *b, size_t bn)
{
	struct pm_buf x = PM_BUF_INIT, y = PM_BUF_INIT;
	int same;

	pm_fold_search(&x, a, n);
	pm_fold_search(&y, b, bn);
	same = x.len && x.len == y.len && !memcmp(x.ptr, y.ptr, x.len);
	pm_buf_release(&x);
	pm_buf_release(&y);
	return same;
}

static int same_name(const char *a, size_t n, const char *b)
{
	return b && same_name_n(a, n, b, strlen(b));
}

/* Is a handle ("priya", "@priya") the local part of this address? */
static int handle_of(const char *a, size_t n, const char *principal)
{
	const char *at, *plus;

	if (n && *a == '@') {
		a++;
		n--;
	}
	if (!principal || !(at = strchr(principal, '@')))
		return 0;
	if (same_name_n(a, n, principal, (size_t)(at - principal)))
		return 1;
	plus = memchr(principal, '+', (size_t)(at - principal));
	return plus && same_name_n(a, n, principal, (size_t)(plus - principal));
}

/*
 * Is a name the address's local part in words: "Sam Ortiz" for
 * sam.ortiz@, sam_ortiz+pm@ or ortiz.sam@? One word (sam@) is no
 * more than a first name, which others share.
 */
static int name_of_address(const char *a, size_t n, const char *principal)
{
	struct pm_buf words = PM_BUF_INIT, back = PM_BUF_INIT;
	const char *at, *p, *q;
	int same = 0;

	if (!principal || !(at = strchr(principal, '@')))
		return 0;
	for (p = principal; p < at && *p != '+'; p++)
		pm_buf_addch(&words, strchr("._-", *p) ? ' ' : *p);
	if (words.len && memchr(words.ptr, ' ', words.len)) {
		/* the words the other way round: ortiz.sam */
		for (q = words.ptr + words.len; q > words.ptr;) {
			const char *w = q;
			while (w > words.ptr && w[-1] != ' ')
				w--;
			if (back.len)
				pm_buf_addch(&back, ' ');
			pm_buf_add(&back, w, (size_t)(q - w));
			q = w > words.ptr ? w - 1 : w;
		}
		same = same_name_n(a, n, words.ptr, words.len) ||
		       same_name_n(a, n, back.ptr, back.len);
	}
	pm_buf_release(&words);
	pm_buf_release(&back);
	return same;
}

/*
 * Does one author entry name this person? The entry is a name, an
 * address or a handle, perhaps with its address in <...>, a role or handle
 * in (...) ("Sam Ortiz (SRE)", "Sam Ortiz (@sortiz)"), emphasis, or as a
 * link's text ("[Sam Ortiz](https://...)").
 */
static int author_matches(const char *a, size_t n, const char *principal,
			  const char *name)
{
	struct pm_buf bare = PM_BUF_INIT;
	const char *p = a, *end = a + n, *v;
	size_t len;
	int found = 0;

	while (p < end && !found) {
		const char *close;
		if ((*p == '<' || *p == '(') &&
		    (close = memchr(p, *p == '<' ? '>' : ')', (size_t)(end - p)))) {
			const char *in = p + 1;
			size_t k = (size_t)(close - in);
			/* an address, or a handle, beside the name */
			if (*p == '<' || memchr(in, '@', k))
				found = same_name(in, k, principal) ||
					(*in == '@' && handle_of(in, k, principal));
			p = close + 1;
		} else if (*p == ']' && p + 1 < end && p[1] == '(' &&
			   (close = memchr(p, ')', (size_t)(end - p)))) {
			p = close + 1; /* a link's target */
		} else {
			if (*p != '[')
				pm_buf_addch(&bare, *p);
			p++;
		}
	}
	if (!found && bare.len) {
		v = pm_unmarked(bare.ptr, &len);
		/* a name written in another case, with other spacing, is the same person */
		found = same_name(v, len, principal) || same_name(v, len, name) ||
			handle_of(v, len, principal) ||
			name_of_address(v, len, principal);
	}
	pm_buf_release(&bare);
	return found;
}

/*
 * The end of the author entry at s: the next ',', ';', '&', '/' or
 * " and " outside (), [] and <>. A bracket left open does not hide the
 * entries after it ("Tomás Ortega (lead, Priya Raman"): then the
 * brackets count for nothing.
 */
static const char *author_end(const char *s)
{
	const char *e;
	size_t depth = 0;
	int brackets;

	for (brackets = 1; brackets >= 0; brackets--) {
		for (e = s, depth = 0; *e; e++) {
			if (brackets && strchr("([<", *e))
				depth++;
			else if (brackets && depth && strchr(")]>", *e))
				depth--;
			else if (!depth && (strchr(",;&/", *e) || !strncasecmp(e, " and ", 5)))
				break;
		}
		if (!depth)
			break;
	}
	return e;
}

int pm_facts_is_author(const struct pm_facts *f, const char *principal,
		       const char *name)
{
	const char *s = f->authors;

	if (!s)
		return 0;
	while (*s) {
		const char *e = author_end(s);
		size_t n;

		while (s < e && isspace((unsigned char)*s))
			s++;
		n = (size_t)(e - s);
		while (n && isspace((unsigned char)s[n - 1]))
			n--;
		if (n && author_matches(s, n, principal, name))
			return 1;
		s = !*e ? e : !strncasecmp(e, " and ", 5) ? e + 5 : e + 1;
	}
	return 0;
}
