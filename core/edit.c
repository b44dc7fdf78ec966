#include "edit.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "canon.h"

#include "banned.h"

struct line {
	size_t start, len; /* without the terminator */
	size_t eol;        /* 0, 1 (LF) or 2 (CRLF) */
};

static size_t split(const struct pm_buf *t, struct line **out)
{
	size_t n = 0, alloc = 0, p = 0;

	*out = NULL;
	while (p < t->len) {
		const char *nl = memchr(t->ptr + p, '\n', t->len - p);
		struct line l;

		l.start = p;
		if (nl) {
			l.len = (size_t)(nl - (t->ptr + p));
			l.eol = 1;
			if (l.len && t->ptr[p + l.len - 1] == '\r') {
				l.len--;
				l.eol = 2;
			}
			p += l.len + l.eol;
		} else {
			l.len = t->len - p;
			l.eol = 0;
			p = t->len;
		}
		PM_ALLOC_GROW(*out, n + 1, alloc);
		(*out)[n++] = l;
	}
	return n;
}

static const char *eol_of(const struct line *l)
{
	return l->eol == 2 ? "\r\n" : l->eol == 1 ? "\n" : "";
}

/*
 * If the line is "[- ]**Name**:" or "[- ]**Name:**", returns the offset
 * just after the colon (and the closing ** of the second form), else 0.
 */
static size_t bold_field(const char *s, size_t n, const char *name)
{
	size_t i = 0, k = strlen(name);

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i + 1 < n && (s[i] == '-' || s[i] == '*' || s[i] == '+') && (s[i + 1] == ' ' || s[i + 1] == '\t'))
		for (i += 2; i < n && (s[i] == ' ' || s[i] == '\t');)
			i++; /* "-   **Severity**:", as pandoc indents items */
	if (i + 2 + k + 3 > n || memcmp(s + i, "**", 2) || strncasecmp(s + i + 2, name, k))
		return 0;
	i += 2 + k;
	if (!memcmp(s + i, "**:", 3))
		return i + 3;
	if (!memcmp(s + i, ":**", 3))
		return i + 3;
	return 0;
}

/*
 * Where a field's value that starts at `at` ends: before a next bold field
 * on the same line ("**Published**: [Date] **Distribution**: ...", a line
 * a converter joined), which filling the value keeps; else the line's end.
 */
static size_t value_end(const char *s, size_t at, size_t n)
{
	size_t i, j;

	for (i = at; i + 3 < n; i++) {
		if (s[i] != ' ' || s[i + 1] != '*' || s[i + 2] != '*')
			continue;
		for (j = i + 3; j + 1 < n && s[j] != '*' && s[j] != ':'; j++)
			;
		if (j + 2 < n && ((s[j] == '*' && s[j + 1] == '*' && s[j + 2] == ':') ||
				  (s[j] == ':' && s[j + 1] == '*' && s[j + 2] == '*')) && j > i + 3)
			return i;
	}
	return n;
}

/* Writes the line s with the value after `at` replaced by `value`. */
static void put_value(struct pm_buf *out, const char *s, size_t at, size_t n, const char *value,
		      const char *eol)
{
	size_t end = value_end(s, at, n);

	pm_buf_add(out, s, at);
	pm_buf_addf(out, " %s", value);
	pm_buf_add(out, s + end, n - end);
	pm_buf_adds(out, eol);
}

/* "- Slot: ..." (plain list field): the offset after ':' or 0. */
static size_t plain_field(const char *s, size_t n, const char *name)
{
	size_t i = 0, k = strlen(name);

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i + 2 > n || (s[i] != '-' && s[i] != '*' && s[i] != '+') || (s[i + 1] != ' ' && s[i + 1] != '\t'))
		return 0;
	for (i += 2; i < n && (s[i] == ' ' || s[i] == '\t');)
		i++;
	if (i + k + 1 > n || strncasecmp(s + i, name, k) || s[i + k] != ':')
		return 0;
	return i + k + 1;
}

int pm_edit_field(struct pm_buf *text, const char *name, const char *value,
		  int header_only)
{
	struct pm_buf out = PM_BUF_INIT;
	struct line *lines;
	size_t n = split(text, &lines), i;
	int done = 0;

	for (i = 0; i < n; i++) {
		const struct line *l = &lines[i];
		const char *s = text->ptr + l->start;
		size_t at;

		if (header_only && pm_canon_ends_header(s, l->len))
			header_only = 2; /* past the header: copy the rest */
		if (!done && header_only != 2 && (at = bold_field(s, l->len, name))) {
			put_value(&out, s, at, l->len, value, l->eol ? eol_of(l) : "");
			done = 1;
			continue;
		}
		pm_buf_add(&out, s, l->len + l->eol);
	}
	free(lines);
	if (done) {
		pm_buf_release(text);
		*text = out;
	} else {
		pm_buf_release(&out);
	}
	return done;
}

static int blank_line(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	return !n;
}

void pm_edit_add_field(struct pm_buf *text, const char *name, const char *value)
{
	struct pm_buf out = PM_BUF_INIT;
	struct line *lines;
	size_t n = split(text, &lines), i, at = 0;
	const char *eol = n && lines[0].eol == 2 ? "\r\n" : "\n";
	int after_field = 0, title = -1, gap = 0;

	for (i = 0; i < n; i++) {
		const char *s = text->ptr + lines[i].start;
		size_t len = lines[i].len;
		if (pm_canon_ends_header(s, len))
			break;
		if (title < 0 && len >= 2 && s[0] == '#' && s[1] == ' ')
			title = (int)i;
		else if (len > 2 && !memcmp(s, "**", 2) && memchr(s + 2, ':', len - 2)) {
			at = i + 1;
			after_field = 1;
		}
	}
	if (!after_field && title >= 0) {
		at = (size_t)title + 1;
		if (at < n && blank_line(text->ptr + lines[at].start, lines[at].len))
			at++;
		else
			gap = 1; /* a blank line between the title and the header */
	}
	for (i = 0; i < n; i++) {
		if (i == at) /* a blank line between the header and what follows it */
			pm_buf_addf(&out, "%s**%s**: %s%s%s", gap ? eol : "", name, value, eol,
				    blank_line(text->ptr + lines[i].start, lines[i].len) ? "" : eol);
		pm_buf_add(&out, text->ptr + lines[i].start, lines[i].len);
		if (lines[i].eol)
			pm_buf_adds(&out, eol_of(&lines[i]));
		else if (at > i) /* a last line without its end, the field after it */
			pm_buf_adds(&out, eol);
	}
	if (at >= n)
		pm_buf_addf(&out, "%s**%s**: %s%s", gap ? eol : "", name, value, eol);
	free(lines);
	pm_buf_release(text);
	*text = out;
}

int pm_edit_title(struct pm_buf *text, const char *title)
{
	struct pm_buf out = PM_BUF_INIT;
	struct line *lines;
	size_t n = split(text, &lines), i;
	int done = 0;

	for (i = 0; i < n; i++) {
		const struct line *l = &lines[i];
		const char *s = text->ptr + l->start;

		if (!done && l->len >= 2 && !memcmp(s, "# ", 2)) {
			/* the title's placeholder: "[Incident title]", or the line's first "[...]" */
			const char *ph = NULL, *end = NULL;
			size_t k;
			for (k = 2; k + 16 <= l->len; k++)
				if (!memcmp(s + k, "[Incident title]", 16)) {
					ph = s + k;
					end = ph + 16;
					break;
				}
			for (k = 2; !ph && k < l->len; k++)
				if (s[k] == '[') {
					const char *close = memchr(s + k, ']', l->len - k);
					if (close && close > s + k + 1 &&
					    !memchr(s + k + 1, '[', (size_t)(close - s - k - 1))) {
						/* "\\[Incident title\\]", escaped as Google Docs exports it */
						ph = s + k - (s[k - 1] == '\\');
						end = close + 1;
					}
					break;
				}
			if (ph) {
				pm_buf_add(&out, s, (size_t)(ph - s));
				pm_buf_adds(&out, title);
				pm_buf_add(&out, end, l->len - (size_t)(end - s));
			} else {
				pm_buf_addf(&out, "# %s", title);
			}
			pm_buf_adds(&out, eol_of(l));
			done = 1;
			continue;
		}
		if (pm_canon_ends_header(s, l->len))
			done = done ? done : -1;
		pm_buf_add(&out, s, l->len + l->eol);
	}
	free(lines);
	if (done == 1) {
		pm_buf_release(text);
		*text = out;
		return 1;
	}
	pm_buf_release(&out);
	return 0;
}

/* A slot's line, "- Slot:" or "[- ]**Slot**:": the offset after its label, or 0. */
static size_t slot_field(const char *s, size_t n, const char *slot)
{
	size_t at = plain_field(s, n, slot);

	return at ? at : bold_field(s, n, slot);
}

/*
 * The cells of a pipe-table row, without the outer pipes: [start, end)
 * each. A row may leave the leading and trailing pipes out, as GitHub
 * reads it, when it has a '|' between cells.
 */
struct cells {
	size_t start[16], end[16];
	size_t n;
};

static int table_row(const char *s, size_t n, struct cells *c)
{
	size_t i = 0, k;

	c->n = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == n)
		return 0;
	if (s[i] == '|') {
		i++;
	} else {
		/* a row of a table without leading pipes: it has one further on */
		for (k = i + 1; k < n && !(s[k] == '|' && s[k - 1] != '\\'); k++)
			;
		if (k == n)
			return 0;
	}
	for (; i < n && c->n < 16;) {
		size_t start = i;
		while (i < n && !(s[i] == '|' && s[i - 1] != '\\'))
			i++;
		if (i == n && !c->n && start == n)
			break;
		c->start[c->n] = start;
		c->end[c->n++] = i;
		if (i == n)
			break;
		i++;
		if (i == n || (i + 1 == n && s[i] == ' '))
			break; /* the closing pipe */
	}
	return c->n > 0;
}

/* Is cell i of the row, without blanks and emphasis, `word` in any case? */
static int cell_is(const char *s, const struct cells *c, size_t i, const char *word)
{
	size_t a = c->start[i], b = c->end[i], k = strlen(word);

	while (a < b && strchr(" \t*_`", s[a]))
		a++;
	while (b > a && strchr(" \t*_`", s[b - 1]))
		b--;
	return b - a == k && !strncasecmp(s + a, word, k);
}

/* In a header row, the columns for the signer's name and the date (-1: none). */
static void signoff_columns(const char *s, const struct cells *c, int *name, int *date)
{
	static const char *const names[] = { "Name", "Signer", "Signed By", "Reviewer",
					     "Approver", "Signature" };
	size_t i, k;

	*name = *date = -1;
	for (i = 1; i < c->n; i++) {
		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (*name < 0 && cell_is(s, c, i, names[k]))
				*name = (int)i;
		if (*date < 0 && (cell_is(s, c, i, "Date") || cell_is(s, c, i, "Signed") ||
				  cell_is(s, c, i, "Signed On")))
			*date = (int)i;
	}
}

static int is_delimiter_row(const char *s, size_t n)
{
	size_t i, dashes = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '-')
			dashes++;
		else if (!strchr("|: \t", s[i]))
			return 0;
	}
	return dashes > 0 && memchr(s, '|', n) != NULL;
}

/* Which slot, if any, a table row is for: its index, or -1. */
static int table_slot(const char *s, size_t n, const struct pm_signoff_line *sls, size_t nsl,
		      struct cells *c)
{
	size_t k;

	if (!table_row(s, n, c) || c->n < 2)
		return -1;
	for (k = 0; k < nsl; k++)
		if (cell_is(s, c, 0, sls[k].slot))
			return (int)k;
	return -1;
}

/* " text " for a table cell: a '|' in it (a name such as "Ana | SRE") escaped */
static void add_cell_text(struct pm_buf *out, const char *text)
{
	pm_buf_addch(out, ' ');
	for (; *text; text++) {
		if (*text == '|')
			pm_buf_addch(out, '\\');
		pm_buf_addch(out, *text);
	}
	pm_buf_addch(out, ' ');
}

static void add_slot_line(struct pm_buf *out, const struct pm_signoff_line *sl,
			  const char *eol)
{
	pm_buf_addf(out, "- %s: %s%s", sl->slot, sl->text, eol);
}

void pm_edit_signoff(struct pm_buf *text, const struct pm_signoff_line *sls,
		     size_t nsl, const char *date)
{
	struct pm_buf out = PM_BUF_INIT;
	struct line *lines;
	size_t n = split(text, &lines), i, k, head = n;
	size_t group_end[2] = { 0, 0 }; /* per role: last line index + 1 of its group */
	size_t table_end = 0, table_cells = 0; /* after the last slot row of a table */
	int in_group = -1, *placed = pm_xcalloc(nsl ? nsl : 1, sizeof(int));
	int name_col = -1, date_col = -1, r;
	struct cells c;
	const char *eol = "\n";

	for (i = 0; i < n; i++)
		if (pm_canon_is_signoff(text->ptr + lines[i].start, lines[i].len)) {
			head = i;
			break;
		}
	if (head < n && lines[head].eol == 2)
		eol = "\r\n";

	/* pass 1: which slots have a line, and where each group ends */
	for (i = head + 1; i < n; i++) {
		const char *s = text->ptr + lines[i].start;
		size_t len = lines[i].len;
		if (bold_field(s, len, "Reviewed By")) {
			in_group = PM_ROLE_REVIEWER;
			group_end[in_group] = i + 1;
			continue;
		}
		if (bold_field(s, len, "Approved By")) {
			in_group = PM_ROLE_APPROVER;
			group_end[in_group] = i + 1;
			continue;
		}
		for (k = 0; k < nsl; k++)
			if (slot_field(s, len, sls[k].slot)) {
				placed[k] = 1;
				if (in_group >= 0)
					group_end[in_group] = i + 1;
			}
		if ((r = table_slot(s, len, sls, nsl, &c)) >= 0) {
			placed[r] = 1;
			table_end = i + 1;
			table_cells = c.n;
		}
		if (!(len >= 2 && (s[0] == '-' || s[0] == '*') && s[1] == ' '))
			in_group = -1;
	}
	/* a slot nobody signed that the section does not name needs no line */
	for (k = 0; k < nsl; k++)
		if (!placed[k] && !*sls[k].date)
			placed[k] = 1;

	/* pass 2: copy, rewriting what finalize owns */
	for (i = 0; i < n; i++) {
		const struct line *l = &lines[i];
		const char *s = text->ptr + l->start;
		size_t at;
		int r;

		if (i <= head || head == n) {
			pm_buf_add(&out, s, l->len + l->eol);
			continue;
		}
		/* a table's header row says which columns take the name and the date */
		if (i + 1 < n && table_row(s, l->len, &c) &&
		    is_delimiter_row(text->ptr + lines[i + 1].start, lines[i + 1].len))
			signoff_columns(s, &c, &name_col, &date_col);
		for (k = 0, at = 0; k < nsl && !at; k++)
			at = slot_field(s, l->len, sls[k].slot);
		if (!at && (r = table_slot(s, l->len, sls, nsl, &c)) >= 0) {
			int nc = name_col >= 0 ? name_col : 1;
			int dc = name_col >= 0 || date_col >= 0 ? date_col : 2;
			size_t j, from = 0;
			for (j = 0; j < c.n; j++) {
				const char *v = (int)j == nc ? sls[r].name : (int)j == dc ? sls[r].date : NULL;
				if (!v)
					continue;
				pm_buf_add(&out, s + from, c.start[j] - from);
				add_cell_text(&out, *v ? v : "-");
				from = c.end[j];
			}
			pm_buf_add(&out, s + from, l->len - from);
			pm_buf_rtrim(&out); /* a last cell without a closing pipe */
			pm_buf_adds(&out, l->eol ? eol_of(l) : eol);
		} else if (at) {
			/* keep the line's own label, bold or plain */
			put_value(&out, s, at, l->len, sls[k - 1].text, l->eol ? eol_of(l) : eol);
		} else if ((at = bold_field(s, l->len, "Published")) ||
			   (at = bold_field(s, l->len, "Last Updated"))) {
			put_value(&out, s, at, l->len, date, l->eol ? eol_of(l) : "");
		} else {
			pm_buf_add(&out, s, l->len + l->eol);
		}
		if (table_end == i + 1) {
			/* signed slots the table lacks: rows of their own under its last */
			int nc = name_col >= 0 ? name_col : 1;
			int dc = name_col >= 0 || date_col >= 0 ? date_col : 2;
			if (!l->eol)
				pm_buf_adds(&out, eol);
			for (k = 0; k < nsl; k++) {
				size_t j;
				if (placed[k])
					continue;
				pm_buf_adds(&out, "|");
				for (j = 0; j < table_cells; j++) {
					add_cell_text(&out, j == 0 ? sls[k].slot :
							    (int)j == nc ? sls[k].name :
							    (int)j == dc ? sls[k].date : "");
					pm_buf_adds(&out, "|");
				}
				pm_buf_adds(&out, eol);
				placed[k] = 1;
			}
		}
		for (r = 0; r < 2; r++) {
			if (group_end[r] != i + 1)
				continue;
			if (!l->eol)
				pm_buf_adds(&out, eol);
			for (k = 0; k < nsl; k++)
				if (!placed[k] && (int)sls[k].role == r) {
					add_slot_line(&out, &sls[k], eol);
					placed[k] = 1;
				}
		}
	}

	/* slots with no place yet: a section, or groups, of their own */
	for (k = 0; k < nsl && placed[k]; k++)
		;
	if (k < nsl) {
		if (out.len && out.ptr[out.len - 1] != '\n')
			pm_buf_adds(&out, eol);
		/*
		 * No rule or blank line before the heading: they would be lines
		 * of the signed content, and finalizing must not change it.
		 */
		if (head == n)
			pm_buf_addf(&out, "## Sign-Off%s", eol);
		for (in_group = PM_ROLE_REVIEWER; in_group <= PM_ROLE_APPROVER; in_group++) {
			int any = 0;
			for (k = 0; k < nsl; k++) {
				if (placed[k] || (int)sls[k].role != in_group)
					continue;
				if (!any)
					pm_buf_addf(&out, "%s**%s By**:%s", eol,
						    in_group == PM_ROLE_REVIEWER ? "Reviewed" : "Approved",
						    eol);
				any = 1;
				add_slot_line(&out, &sls[k], eol);
			}
		}
		if (head == n)
			pm_buf_addf(&out, "%s**Published**: %s%s", eol, date, eol);
	}
	free(placed);
	free(lines);
	pm_buf_release(text);
	*text = out;
}
