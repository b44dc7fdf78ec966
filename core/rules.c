#include "rules.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "canon.h"
#include "cover.h"
#include "fsutil.h"
#include "text.h"
#include "utf8.h"

#include "banned.h"

/* ---- helpers ---- */


/* Does the repository's own template lack this header field? */
static int template_lacks_header(const struct pm_lint_ctx *c, const char *const *names)
{
	return c->in->tpl && c->in->tpl->has_outline && !pm_facts_header(&c->in->tpl->outline, names);
}

int pm_lint_section(const struct pm_doc *doc, const char *title)
{
	return pm_facts_section(doc, title);
}

/*
 * Does a '## ' title mean Sign-Off in another spelling: "Sign Off",
 * "Signoffs", "12. Sign-offs ✍️"? Numbering and words of symbols only
 * (icons) do not count.
 */
static int signoff_spelled_otherwise(const char *title)
{
	static const char *const forms[] = { "sign off", "signoff", "sign offs", "signoffs" };
	struct pm_buf w = PM_BUF_INIT, kept = PM_BUF_INIT;
	const char *p, *end;
	size_t i;
	int found = 0;

	pm_normalize_words(&w, title, strlen(title));
	for (p = w.ptr, end = w.ptr + w.len; p < end;) {
		const char *q = memchr(p, ' ', (size_t)(end - p));
		size_t n = q ? (size_t)(q - p) : (size_t)(end - p), k;
		int ascii = 1, digits = 1;
		for (k = 0; k < n; k++) {
			ascii &= (unsigned char)p[k] < 0x80;
			digits &= isdigit((unsigned char)p[k]) != 0;
		}
		if (ascii && !(digits && !kept.len)) {
			if (kept.len)
				pm_buf_addch(&kept, ' ');
			pm_buf_add(&kept, p, n);
		}
		p += n + 1;
	}
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]) && kept.len; i++)
		found |= !strcmp(kept.ptr, forms[i]);
	pm_buf_release(&w);
	pm_buf_release(&kept);
	return found;
}

/*
 * The Sign-Off section: the one headed "## Sign-Off" in any case, else
 * one whose heading spells it otherwise (which signoff-heading reports).
 * Its index, or -1.
 */
static int signoff_section(const struct pm_doc *doc)
{
	int s = pm_lint_section(doc, "Sign-Off");
	size_t i;

	for (i = 0; s < 0 && i < doc->nr_sections; i++)
		if (doc->sections[i].level == 2 && signoff_spelled_otherwise(doc->sections[i].title))
			s = (int)i;
	return s;
}

/*
 * How a line bears on the paragraph a '---' under it would underline, as
 * CommonMark reads block starts: text goes on a paragraph; a heading, a
 * rule or code ends what is above it (the paragraph starts after); a list
 * item, quote, table row or HTML block takes the text lines under it in,
 * and no underline can turn those into a heading.
 */
enum line_kind { LINE_TEXT, LINE_ENDS, LINE_TAKES };

static enum line_kind line_kind(const struct pm_doc_line *l, size_t *indent)
{
	const char *p = l->text, *end = p + l->len;
	size_t col = 0, marks = 0;

	if (l->blank || l->in_code)
		return LINE_ENDS;
	for (; p < end && (*p == ' ' || *p == '\t'); p++)
		col = *p == '\t' ? (col + 4) & ~(size_t)3 : col + 1;
	*indent = col;
	if (p == end)
		return LINE_ENDS;
	if (*p == '#' && (p + 1 == end || p[1] == ' ' || p[1] == '\t' || p[1] == '#'))
		return LINE_ENDS;
	if (*p == '-' || *p == '*' || *p == '_') {
		const char *q;
		for (q = p; q < end && (*q == *p || *q == ' ' || *q == '\t'); q++)
			marks += *q == *p;
		if (q == end && marks >= 3)
			return LINE_ENDS;
	}
	if (*p == '>' || *p == '<' || memchr(l->text, '|', l->len) ||
	    ((*p == '-' || *p == '*' || *p == '+') && (p + 1 == end || p[1] == ' ' || p[1] == '\t')))
		return LINE_TAKES;
	if (*p >= '0' && *p <= '9') {
		const char *q = p;
		while (q < end && q - p < 9 && *q >= '0' && *q <= '9')
			q++;
		if (q < end && (*q == '.' || *q == ')') && (q + 1 == end || q[1] == ' ' || q[1] == '\t'))
			return LINE_TAKES;
	}
	return LINE_TEXT;
}

/*
 * Line i (0-based) as a setext underline: '-' or '=' for a line of only
 * that mark (after at most three spaces, blanks after it), else 0.
 */
static char underline_mark(const struct pm_doc_line *u)
{
	const char *p = u->text, *end = p + u->len;
	char mark;

	if (u->blank || u->in_code)
		return 0;
	for (; p < end && p - u->text < 4 && *p == ' '; p++)
		;
	if (p - u->text > 3 || (*p != '=' && *p != '-'))
		return 0;
	for (mark = *p; p < end && *p == mark; p++)
		;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p < end ? 0 : mark;
}

/*
 * A heading underlined instead of marked with '#' ("Impact" over a line
 * of '-', as pandoc and some converters write them): Markdown renders it
 * as a heading, pmgit reads '#' headings only. 1 for an underline of '=',
 * 2 for one of '-', when line i (0-based) is such a heading's text; else 0.
 */
static int underlined_heading(const struct pm_doc *doc, size_t i)
{
	const struct pm_doc_line *l, *u;
	const char *p, *end;
	char mark;

	if (i + 1 >= doc->nr_lines)
		return 0;
	l = &doc->lines[i];
	u = &doc->lines[i + 1];
	if (l->blank || u->blank || l->in_code || u->in_code)
		return 0;
	/* the first line of its paragraph: the lines of one above would be part of it */
	if (i) {
		const struct pm_doc_line *a = &doc->lines[i - 1];
		size_t k = 0;
		while (k < a->len && strchr("-*_ \t", a->text[k]))
			k++;
		if (!a->blank && !a->in_code && a->text[0] != '#' && k < a->len)
			return 0;
	}
	for (p = l->text, end = p + l->len; p < end && p - l->text < 4 && *p == ' '; p++)
		;
	/* a quote, a list item or a table row is no heading's text */
	if (p - l->text > 3 || strchr("#>|", *p) ||
	    ((*p == '-' || *p == '*' || *p == '+') && (p + 1 == end || p[1] == ' ' || p[1] == '\t')) ||
	    memchr(p, '|', (size_t)(end - p)))
		return 0;
	mark = underline_mark(u);
	return !mark ? 0 : mark == '=' ? 1 : 2;
}

/* The text of an underlined heading at line i (0-based), trimmed, into `out`. */
static const char *underlined_text(const struct pm_doc *doc, size_t i, struct pm_buf *out)
{
	const struct pm_doc_line *l = &doc->lines[i];
	size_t a = 0, b = l->len;

	while (a < b && (l->text[a] == ' ' || l->text[a] == '\t'))
		a++;
	while (b > a && (l->text[b - 1] == ' ' || l->text[b - 1] == '\t'))
		b--;
	pm_buf_reset(out);
	pm_buf_add(out, l->text + a, b - a);
	return out->ptr;
}

/*
 * The line of the Sign-Off section's heading, or of a Sign-Off heading
 * written underlined (which signoff-heading reports), or 0.
 */
static unsigned signoff_line(const struct pm_doc *doc)
{
	int s = signoff_section(doc);
	struct pm_buf t = PM_BUF_INIT;
	unsigned at = s >= 0 ? doc->sections[s].line : 0;
	size_t i;

	for (i = doc->body_line ? doc->body_line - 1 : 0; !at && i < doc->nr_lines; i++)
		if (underlined_heading(doc, i) && signoff_spelled_otherwise(underlined_text(doc, i, &t)))
			at = (unsigned)i + 1;
	pm_buf_release(&t);
	return at;
}

static void note_placeholder(void *data, size_t off, const char *span, size_t len)
{
	struct pm_lint_ctx *c = ((void **)data)[0];

	(void)off;
	if (pm_template_is_placeholder(c->in->tpl, span + 1, len - 2))
		*(int *)((void **)data)[1] = 1;
}

/* Does a value hold a template placeholder? (Then the placeholder rule speaks.) */
static int has_placeholder(struct pm_lint_ctx *c, const char *value)
{
	int found = 0;
	void *data[2] = { c, &found };

	pm_template_each_span(value, strlen(value), note_placeholder, data);
	return found;
}

static int word_byte(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

static int is_empty_value(const char *v)
{
	return !*pm_skip_blanks(v);
}

static void fmt_minutes(struct pm_buf *b, double m)
{
	long total = lround(m);

	if (total < 60)
		pm_buf_addf(b, "%ldm", total);
	else if (total % 60)
		pm_buf_addf(b, "%ldh %ldm", total / 60, total % 60);
	else
		pm_buf_addf(b, "%ldh", total / 60);
}

/* The column of the first occurrence of `needle` in a field's value. */
static unsigned value_col_of(const struct pm_lint_ctx *c, const struct pm_field *f,
			     const char *at)
{
	const struct pm_doc_line *l = &c->doc->lines[f->line - 1];
	size_t k = 0, n;
	int code = 0;

	if (!at)
		return f->value_col;
	/* find the value's byte offset in the masked line */
	while (k < l->len && pm_doc_col(c->doc, f->line, k) < f->value_col)
		k++;
	/* and `at`'s, past the backslashes the value left out as rendered */
	for (n = (size_t)(at - f->value); n && k < l->len; n--)
		k += pm_doc_rendered_step(l->text + k, l->text + l->len, &code, NULL);
	return pm_doc_col(c->doc, f->line, k);
}

/*
 * Does `written` (with `dec` decimals) state `computed`, rounded or cut to
 * that precision?
 */
static int agrees(double written, int dec, double computed)
{
	double scale = pow(10, dec), eps = 1e-6;
	double r = round(computed * scale) / scale;
	double t = trunc(computed * scale + eps) / scale;

	return fabs(written - r) < eps || fabs(written - t) < eps;
}

/* ---- draft level ---- */

/* A byte of Windows-1252 as UTF-8 text in out; 0 where it has none to show */
static int cp1252_char(unsigned byte, char out[4])
{
	/* 0x80..0x9F: Windows' own; 0xA1..0xFF are Latin-1's, U+00A1..U+00FF */
	static const char *const c1[32] = {
		"€", NULL, "‚", "ƒ", "„", "…", "†", "‡", "ˆ", "‰", "Š", "‹", "Œ", NULL, "Ž", NULL,
		NULL, "‘", "’", "“", "”", "•", "–", "—", "˜", "™", "š", "›", "œ", NULL, "ž", "Ÿ",
	};

	if (byte >= 0x80 && byte < 0xA0 && c1[byte - 0x80]) {
		memcpy(out, c1[byte - 0x80], strlen(c1[byte - 0x80]) + 1);
		return 1;
	}
	if (byte < 0xA1 || byte > 0xFF)
		return 0; /* 0xA0, a no-break space, shows as nothing */
	out[pm_utf8_encode(byte, out)] = 0;
	return 1;
}

static void check_encoding(struct pm_lint_ctx *c)
{
	char shown[4];
	size_t i;

	for (i = 0; i < c->doc->nr_problems; i++) {
		const struct pm_doc_problem *p = &c->doc->problems[i];
		if (p->kind == PM_DOC_BAD_UTF8 && p->found && cp1252_char(p->expected, shown))
			/* one byte between ASCII: a one-byte encoding, Windows' most likely */
			pm_lint_report(c, PM_RULE_ENCODING, p->line, p->col,
				       "invalid UTF-8 byte 0x%02X, which is '%s' in Windows-1252: the file was saved in another encoding; re-save it as UTF-8 (iconv -f WINDOWS-1252 -t UTF-8)",
				       p->expected, shown);
		else if (p->kind == PM_DOC_BAD_UTF8)
			pm_lint_report(c, PM_RULE_ENCODING, p->line, p->col,
				       "invalid UTF-8 byte 0x%02X; re-save the file as UTF-8", p->expected);
		else if (p->kind == PM_DOC_NUL)
			pm_lint_report(c, PM_RULE_ENCODING, p->line, p->col,
				       "NUL byte: this looks like a binary file, not a postmortem");
		else if (p->kind == PM_DOC_CONTROL && p->expected == '\r')
			pm_lint_report(c, PM_RULE_ENCODING, p->line, p->col,
				       "carriage return inside a line: Markdown starts a new line here and git and pmgit do not, so readers and signatures would see other lines; end lines with LF (or CRLF)");
		else if (p->kind == PM_DOC_CONTROL)
			pm_lint_report(c, PM_RULE_ENCODING, p->line, p->col,
				       "control character U+%04X: it does not display, and in a terminal it can rewrite what is shown; delete it",
				       p->expected);
	}
}

/* Trojan Source: a reviewer would sign text that displays reordered */
static void check_bidi(struct pm_lint_ctx *c)
{
	size_t i;

	for (i = 0; i < c->doc->nr_problems; i++) {
		const struct pm_doc_problem *p = &c->doc->problems[i];
		if (p->kind == PM_DOC_BIDI)
			pm_lint_report(c, PM_RULE_BIDI, p->line, p->col,
				       "invisible bidirectional control U+%04X reorders how this line displays, so readers see other text than pmgit and the signatures read; delete it",
				       p->expected);
	}
}

static void check_comment(struct pm_lint_ctx *c)
{
	size_t i;

	for (i = 0; i < c->doc->nr_problems; i++) {
		const struct pm_doc_problem *p = &c->doc->problems[i];
		if (p->kind == PM_DOC_OPEN_COMMENT)
			pm_lint_report(c, PM_RULE_COMMENT, p->line, p->col,
				       "'<!--' is never closed with '-->', so everything after it is hidden; close the comment");
		else if (p->kind == PM_DOC_OPEN_FENCE)
			pm_lint_report(c, PM_RULE_COMMENT, p->line, p->col,
				       "this code block is never closed, so everything after it shows as code and no check reads it; close it with a line of %u '%c', or delete this one",
				       p->found, (char)p->expected);
	}
}

static void check_table(struct pm_lint_ctx *c)
{
	size_t i;

	for (i = 0; i < c->doc->nr_problems; i++) {
		const struct pm_doc_problem *p = &c->doc->problems[i];
		if (p->kind == PM_DOC_TABLE_DELIM)
			pm_lint_report(c, PM_RULE_TABLE, p->line, p->col,
				       "table has no '|---|' row under its header; add one so it renders as a table");
		else if (p->kind == PM_DOC_GRID_TABLE)
			pm_lint_report(c, PM_RULE_TABLE, p->line, p->col,
				       "this is a pandoc grid table ('+---+'), which GitHub shows as plain text and pmgit does not read; write it as a pipe table, '| a | b |' rows under a '|---|---|' row (pandoc writes those with '-t gfm')");
		else if (p->kind == PM_DOC_TABLE_CELLS && p->found < p->expected)
			pm_lint_report(c, PM_RULE_TABLE, p->line, p->col,
				       "row has %u cells but the header has %u; add the missing cells ('| |' for an empty one)",
				       p->found, p->expected);
		else if (p->kind == PM_DOC_TABLE_CELLS)
			pm_lint_report(c, PM_RULE_TABLE, p->line, p->col,
				       "row has %u cells but the header has %u; remove the extra ones or escape a '|' in the text as '\\|'",
				       p->found, p->expected);
	}
}

/*
 * YAML front matter ("---", "layout: postmortem", "---") at the top, as
 * static site generators read it: the line that closes it, or 0. pmgit's
 * header is the lines before the first '---', so the title and header
 * after it are not read as such.
 */
static int is_fence_line(const struct pm_doc_line *l, const char *fence)
{
	size_t n = l->len;

	while (n && (l->text[n - 1] == ' ' || l->text[n - 1] == '\t'))
		n--;
	return n == 3 && !memcmp(l->text, fence, 3);
}

static unsigned front_matter_end(const struct pm_doc *doc)
{
	size_t i, k;
	unsigned keys = 0;

	if (!doc->nr_lines || !is_fence_line(&doc->lines[0], "---"))
		return 0;
	for (i = 1; i < doc->nr_lines && i < 64; i++) {
		const struct pm_doc_line *l = &doc->lines[i];
		if (is_fence_line(l, "---") || is_fence_line(l, "..."))
			return keys ? (unsigned)i + 1 : 0;
		if (l->blank || l->text[0] == ' ' || l->text[0] == '#' || l->text[0] == '-')
			continue;
		/* "key: value" lines only */
		for (k = 0; k < l->len && l->text[k] != ':' && l->text[k] != ' '; k++)
			;
		if (!k || k == l->len || l->text[k] != ':')
			return 0;
		keys++;
	}
	return 0;
}

static void check_title(struct pm_lint_ctx *c)
{
	if (front_matter_end(c->doc))
		return; /* the header rule names it */
	if (!c->doc->title) {
		const struct pm_doc *doc = c->doc;
		struct pm_buf t = PM_BUF_INIT;
		size_t i = 0;
		while (i < doc->nr_lines && doc->lines[i].blank)
			i++;
		if (i < doc->nr_lines && underlined_heading(doc, i))
			pm_lint_report(c, PM_RULE_TITLE, (unsigned)i + 1, 1,
				       "the title is underlined, which pmgit does not read as a heading; write it '# %s' on one line and delete the line under it",
				       underlined_text(doc, i, &t));
		else
			pm_lint_report(c, PM_RULE_TITLE, 1, 1,
				       "no '# ' title line before the header; start the document with '# Postmortem: <what happened>'");
		pm_buf_release(&t);
	}
	else if (!*pm_title_subject(c->doc->title))
		pm_lint_report(c, PM_RULE_TITLE, c->doc->title_line, 1,
			       "the title is empty; say what happened in a few words");
}

/*
 * A line among lines [from, to) (0-based) that names a field but not in
 * the '**Name**: value' form pmgit reads ("Status: Final", "| Status |
 * Final |"): its line number, with the value it seems to give in *value
 * (empty when none), or 0.
 */
/* Past the bare HTML tags at p ("<b>", "</strong>"), as HTML exports mark bold. */
static const char *past_tags(const char *p, const char *end)
{
	while (p < end && *p == '<') {
		const char *q = p + 1;
		q += q < end && *q == '/';
		if (q == end || !isalpha((unsigned char)*q))
			break;
		while (q < end && isalnum((unsigned char)*q))
			q++;
		if (q == end || *q != '>')
			break;
		p = q + 1;
	}
	return p;
}

/* The length of the separator at q: ':', '|', '=', or a dash with a space after it. */
static size_t field_separator(const char *q, const char *end)
{
	size_t n = *q == '-' ? 1 : end - q >= 3 && (!strncmp(q, "\xe2\x80\x93", 3) ||
						    !strncmp(q, "\xe2\x80\x94", 3)) ? 3 : 0;

	if (*q && strchr(":|=", *q))
		return 1;
	return n && q + n < end && (q[n] == ' ' || q[n] == '\t') ? n : 0;
}

static unsigned field_near_miss(const struct pm_doc *doc, size_t from, size_t to,
				const char *const *names, struct pm_buf *value)
{
	size_t i;

	for (i = from; i < to && i < doc->nr_lines; i++) {
		const char *p = doc->lines[i].text, *end = p + doc->lines[i].len;
		const char *const *n;
		size_t sep;

		while (p < end && strchr(" \t-*_|>", *p))
			p++;
		p = past_tags(p, end);
		for (n = names; *n; n++) {
			size_t len = strlen(*n);
			const char *q = p + len;
			if ((size_t)(end - p) < len || strncasecmp(p, *n, len))
				continue;
			while (q < end && strchr(" \t*_", *q))
				q++;
			q = past_tags(q, end);
			while (q < end && strchr(" \t*_", *q))
				q++;
			if (q == end || !(sep = field_separator(q, end)))
				continue;
			for (q += sep; q < end && strchr(" \t*_|`", *q); q++)
				;
			while (end > q && strchr(" \t*_|`", end[-1]))
				end--;
			pm_buf_reset(value);
			pm_buf_add(value, q, (size_t)(end - q));
			return (unsigned)i + 1;
		}
	}
	return 0;
}

/* The header fields every postmortem has. */
static const struct {
	const char *label;
	const char *const *names;
	const char *example;
} fields[] = {
	{ "Incident ID", pm_id_names, "INC-YYYY-NNNN" },
	{ "Date", pm_date_names, "YYYY-MM-DD" },
	{ "Author(s)", pm_author_names, "your name" },
	{ "Reviewers", pm_reviewer_names, "their names" },
	{ "Status", pm_status_names, "Draft" },
};

/*
 * A header field's value that holds the next field: "INC-2026-0042
 * **Date**: 2026-02-10", as a converter writes the header when it keeps
 * it as one paragraph. The name of the field inside, or NULL.
 */
static const char *field_within(const char *value, struct pm_buf *name)
{
	const char *p, *q;
	size_t k;

	for (p = strstr(value, "**"); p; p = strstr(p + 2, "**")) {
		if (!(q = strstr(p + 2, "**")) || (q[2] != ':' && q[-1] != ':'))
			continue;
		pm_buf_reset(name);
		pm_buf_add(name, p + 2, (size_t)(q - p - 2) - (q[-1] == ':'));
		for (k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
			if (pm_name_in(name->ptr, fields[k].names))
				return name->ptr;
	}
	return NULL;
}

const struct pm_field *pm_lint_header_run_on(const struct pm_doc *doc, struct pm_buf *inner)
{
	size_t i;

	for (i = 0; i < doc->nr_fields && doc->fields[i].line < doc->body_line; i++)
		if (field_within(doc->fields[i].value, inner))
			return &doc->fields[i];
	return NULL;
}

/* A header field alone on its line: one running on into the next is the header rule's. */
static const struct pm_field *header_field(const struct pm_doc *doc, const char *const *names)
{
	const struct pm_field *f = pm_facts_header(doc, names);
	struct pm_buf name = PM_BUF_INIT;

	if (f && field_within(f->value, &name))
		f = NULL;
	pm_buf_release(&name);
	return f;
}

/* The file name without directory and ".md". */
static void path_stem(struct pm_buf *out, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 3 && !strcasecmp(base + n - 3, ".md"))
		n -= 3;
	pm_buf_reset(out);
	pm_buf_add(out, base, n);
}

int pm_lint_no_postmortem(struct pm_lint_ctx *c)
{
	struct pm_buf stem = PM_BUF_INIT;
	size_t i, k;
	int year, none = 1;
	long seq;
	size_t n = strlen(c->in->cfg->directory);

	/* outside the postmortem directory it is judged as asked */
	if (!c->in->path || c->in->unsignable || strncmp(c->in->path, c->in->cfg->directory, n) ||
	    c->in->path[n] != '/')
		return 0;
	for (i = 0; i < c->doc->nr_fields && none; i++)
		for (k = 0; k < sizeof(fields) / sizeof(fields[0]) && none; k++)
			none = !pm_name_in(c->doc->fields[i].name, fields[k].names);
	if (none) {
		path_stem(&stem, c->in->path);
		none = !pm_idfmt_match(c->in->cfg->id_format, stem.ptr, &year, &seq);
	}
	pm_buf_release(&stem);
	if (none)
		pm_lint_report(c, PM_RULE_HEADER, 1, 1,
			       "'%s' has no postmortem header (Incident ID, Date, Author(s), Reviewers, Status), and its name is no incident ID: every .md file under '%s/' is read as a postmortem, except README.md and TEMPLATE.md; if it is no postmortem, move it out of '%s/' (or name it README.md), else add the header",
			       pm_basename(c->in->path), c->in->cfg->directory, c->in->cfg->directory);
	return none;
}

/* Line ln, as written, a conflict marker of git's: its size (pm_text_conflict_marker). */
static size_t conflict_marker(const struct pm_doc *doc, size_t ln, char ch)
{
	return pm_text_conflict_marker(doc->src + doc->lines[ln].off, doc->lines[ln].len, ch);
}

/* The first "# " title line of lines (from, to), or NULL. */
static const char *side_title(const struct pm_doc *doc, size_t from, size_t to, size_t *len)
{
	size_t i;

	for (i = from + 1; i < to; i++) {
		const char *s = doc->src + doc->lines[i].off;
		if (doc->lines[i].len > 2 && s[0] == '#' && s[1] == ' ') {
			*len = doc->lines[i].len;
			while (*len && s[*len - 1] == '\r')
				(*len)--;
			return s;
		}
	}
	return NULL;
}

int pm_lint_conflicts(struct pm_lint_ctx *c)
{
	const struct pm_doc *doc = c->doc;
	struct pm_buf stem = PM_BUF_INIT, arg = PM_BUF_INIT;
	size_t i, j, mid, base;
	int n = 0;

	for (i = 0; i < doc->nr_lines; i++) {
		const char *ours, *theirs;
		size_t ol = 0, tl = 0, size;

		/* a postmortem about a bad merge may quote the markers in code */
		if (doc->lines[i].in_code || !(size = conflict_marker(doc, i, '<')))
			continue;
		for (base = mid = 0, j = i + 1; j < doc->nr_lines; j++) {
			if (conflict_marker(doc, j, '<') == size)
				break;
			if (!mid && !base && conflict_marker(doc, j, '|') == size)
				base = j; /* diff3: the common ancestor's lines follow */
			else if (!mid && conflict_marker(doc, j, '=') == size)
				mid = j;
			else if (mid && conflict_marker(doc, j, '>') == size)
				break;
		}
		if (!mid || j == doc->nr_lines || conflict_marker(doc, j, '<') == size)
			continue;
		n++;
		ours = side_title(doc, i, base ? base : mid, &ol);
		theirs = side_title(doc, mid, j, &tl);
		if (ours && theirs && (ol != tl || memcmp(ours, theirs, ol))) {
			/* an add/add conflict: two incidents took one ID on two branches */
			if (!stem.len)
				path_stem(&stem, c->in->path ? c->in->path : "postmortem.md");
			pm_buf_reset(&arg);
			pm_sh_arg(&arg, stem.ptr);
			pm_lint_report(c, PM_RULE_CONFLICT, (unsigned)i + 1, 1,
				       "two postmortems took %s on two branches, and git put both in this file (lines %zu-%zu: '%.*s' and '%.*s'); in the merge, 'pmgit renumber %s' keeps the other branch's as %s and gives yours the next free ID (in a rebase, 'git rebase --abort' and merge instead: 'git pull --no-rebase')",
				       stem.ptr, i + 1, j + 1, (int)ol - 2, ours + 2, (int)tl - 2, theirs + 2,
				       arg.ptr, stem.ptr);
		} else {
			pm_lint_report(c, PM_RULE_CONFLICT, (unsigned)i + 1, 1,
				       "an unresolved merge conflict, lines %zu-%zu: git's '<<<<<<<', '=======' and '>>>>>>>' lines stand around two versions of this part; keep what is right of each, delete the marker lines, then 'git add' the file",
				       i + 1, j + 1);
		}
		i = j;
	}
	pm_buf_release(&stem);
	pm_buf_release(&arg);
	return n;
}

static void check_header(struct pm_lint_ctx *c)
{
	const struct pm_doc *doc = c->doc;
	unsigned at = doc->body_line <= doc->nr_lines ? doc->body_line : (unsigned)doc->nr_lines;
	struct pm_buf value = PM_BUF_INIT;
	unsigned near;
	size_t i, k;

	if (!at)
		at = 1;
	if ((near = front_matter_end(doc))) {
		pm_lint_report(c, PM_RULE_HEADER, 1, 1,
			       "lines 1-%u are YAML front matter, which postmortems do not have: pmgit reads the title and header from the lines before the first '---', so start the file with '# Postmortem: ...' and its '**Name**: value' header, and move what the front matter says into them",
			       near);
		return;
	}
	{
		const struct pm_field *f = pm_lint_header_run_on(doc, &value);
		if (f) {
			/* what else the header lacks follows from this */
			pm_lint_report(c, PM_RULE_HEADER, f->line, f->name_col,
				       "'**%s**:' runs on into '**%s**:' on this line, as when a converter joins the header into one paragraph; put each '**Name**: value' on a line of its own",
				       f->name, value.ptr);
			pm_buf_release(&value);
			return;
		}
	}
	for (k = 0; k < sizeof(fields) / sizeof(fields[0]); k++) {
		const struct pm_field *first = NULL;

		for (i = 0; i < doc->nr_fields && doc->fields[i].line < doc->body_line; i++) {
			const struct pm_field *f = &doc->fields[i];
			if (!pm_name_in(f->name, fields[k].names))
				continue;
			if (first) {
				pm_lint_report(c, PM_RULE_HEADER, f->line, f->name_col,
					       "'%s' is given twice (also on line %u); keep one",
					       fields[k].label, first->line);
				continue;
			}
			first = f;
		}
		if (!first) {
			const struct pm_field *later = NULL;
			for (i = 0; i < doc->nr_fields; i++)
				if (pm_name_in(doc->fields[i].name, fields[k].names)) {
					later = &doc->fields[i];
					break;
				}
			if (later)
				pm_lint_report(c, PM_RULE_HEADER, later->line, later->name_col,
					       "'%s' is after the first '---' or '## '; move it up into the header",
					       fields[k].label);
			else if ((near = field_near_miss(doc, 0, doc->body_line ? doc->body_line - 1 : 0,
							 fields[k].names, &value)))
				pm_lint_report(c, PM_RULE_HEADER, near, 1,
					       "'%s' is not in the header form pmgit reads; write this line as '**%s**: %s'",
					       fields[k].label, fields[k].label,
					       value.len ? value.ptr : fields[k].example);
			else
				pm_lint_report(c, PM_RULE_HEADER, at, 1,
					       "missing header field '**%s**: %s'; add it before the first '---'%s",
					       fields[k].label, fields[k].example,
					       template_lacks_header(c, fields[k].names)
						       ? " (" PM_TEMPLATE_PATH " lacks it too: add it there, so that new postmortems start with it)"
						       : "");
			continue;
		}
		if (fields[k].names == pm_author_names && is_empty_value(first->value))
			pm_lint_report(c, PM_RULE_HEADER, first->line, first->value_col,
				       "Author(s) is empty; name who wrote this postmortem");
		if (fields[k].names == pm_status_names) {
			const struct pm_doc_line *l = &doc->lines[first->line - 1];
			const char *raw = doc->src + l->off;
			if (l->len < 11 || memcmp(raw, "**Status**:", 11))
				pm_lint_report(c, PM_RULE_HEADER, first->line, 1,
					       "write the Status line as '**Status**: %s' at the start of the line; sign-offs and finalize rely on that form",
					       *first->value ? first->value : "Draft");
		}
	}
	pm_buf_release(&value);
}

/*
 * An ID with more after it ("INC-2026-0042 (PagerDuty #P12345)"): the ID
 * alone into `out`.
 */
static int id_then_more(const char *format, const char *value, struct pm_buf *out)
{
	size_t n = strcspn(value, " \t(,;");
	int year;
	long seq;

	if (!value[n] || !n)
		return 0;
	pm_buf_reset(out);
	pm_buf_add(out, value, n);
	return pm_idfmt_match(format, out->ptr, &year, &seq);
}

static void check_id_format(struct pm_lint_ctx *c)
{
	const struct pm_field *f = header_field(c->doc, pm_id_names);
	struct pm_buf ex = PM_BUF_INIT;
	int year;
	long seq;

	if (!f)
		return;
	if (pm_idfmt_match(c->in->cfg->id_format, f->value, &year, &seq))
		return;
	pm_idfmt_example(c->in->cfg->id_format, &ex);
	if (is_empty_value(f->value))
		pm_lint_report(c, PM_RULE_ID_FORMAT, f->line, f->value_col,
			       "Incident ID is empty; 'pmgit new' allocates one, such as '%s'",
			       ex.ptr);
	else if (id_then_more(c->in->cfg->id_format, f->value, &ex))
		pm_lint_report(c, PM_RULE_ID_FORMAT, f->line, f->value_col,
			       "incident ID '%s' holds more than the ID; write '%s' (other IDs and links go under References)",
			       f->value, ex.ptr);
	else
		pm_lint_report(c, PM_RULE_ID_FORMAT, f->line, f->value_col,
			       "incident ID '%s' does not follow the format '%s' (for example '%s')",
			       f->value, c->in->cfg->id_format, ex.ptr);
	pm_buf_release(&ex);
}

static void check_id_filename(struct pm_lint_ctx *c)
{
	const struct pm_field *f = pm_facts_header(c->doc, pm_id_names);
	struct pm_buf stem = PM_BUF_INIT;
	int year;
	long seq;

	if (!f || !c->in->path ||
	    !pm_idfmt_match(c->in->cfg->id_format, f->value, &year, &seq))
		return;
	path_stem(&stem, c->in->path);
	if (strcmp(stem.ptr, f->value))
		pm_lint_report(c, PM_RULE_ID_FILENAME, f->line, f->value_col,
			       "incident ID '%s' does not match the file name '%s'; rename the file to '%s.md' or correct the ID",
			       f->value, pm_basename(c->in->path), f->value);
	pm_buf_release(&stem);
}

static void check_id_unique(struct pm_lint_ctx *c)
{
	const struct pm_field *f = pm_facts_header(c->doc, pm_id_names);
	const char *where;

	if (!f || is_empty_value(f->value) || !c->in->id_taken)
		return;
	if (!(where = c->in->id_taken(c->in->id_taken_data, f->value)))
		return;
	/* the fix is 'pmgit renumber' of the one that may move: never a Final one */
	if (c->in->id_merging)
		/* HEAD had `where`: this one is the other branch's */
		pm_lint_report(c, PM_RULE_ID_UNIQUE, f->line, f->value_col,
			       "incident ID '%s' came in with the merge, and this branch has it too ('%s'): two authors took it; 'pmgit renumber %s' gives yours the next free ID (the other branch's, when yours is Final), then 'git commit' finishes the merge",
			       f->value, where, f->value);
	else if (c->facts->status == PM_STATUS_FINAL || !c->in->path)
		pm_lint_report(c, PM_RULE_ID_UNIQUE, f->line, f->value_col,
			       "incident ID '%s' is already used by another postmortem ('%s'); 'pmgit renumber %s' gives that one the next free ID%s",
			       f->value, where, where,
			       c->facts->status == PM_STATUS_FINAL ? " (a Final postmortem keeps its ID)" : "");
	else
		pm_lint_report(c, PM_RULE_ID_UNIQUE, f->line, f->value_col,
			       "incident ID '%s' is already used by another postmortem ('%s'); 'pmgit renumber %s' gives this one the next free ID",
			       f->value, where, c->in->path);
}

static void check_date(struct pm_lint_ctx *c)
{
	const struct pm_field *f = header_field(c->doc, pm_date_names);
	long days, other;

	if (f && pm_parse_date(f->value, &days)) {
		/* a day of slack: the incident's day may be tomorrow in UTC */
		if (c->in->now > 0 && days > c->in->now + 1) {
			struct pm_buf today = PM_BUF_INIT;
			pm_format_date(&today, c->in->now);
			pm_lint_report(c, PM_RULE_DATE, f->line, f->value_col,
				       "Date '%s' is after %s (%s); an incident is dated the day it happened",
				       f->value, c->in->now_committed ? "the day it was committed" : "today",
				       today.ptr);
			pm_buf_release(&today);
		}
		return;
	}
	if (!f)
		return;
	if (strlen(f->value) > 10 && strchr(" T,", f->value[10])) {
		/* a time with the day ("2026-11-20 09:10 UTC"): the day alone is the Date */
		char day[11];
		memcpy(day, f->value, 10);
		day[10] = 0;
		if (pm_parse_date(day, &days)) {
			pm_lint_report(c, PM_RULE_DATE, f->line, f->value_col,
				       "Date '%s' holds more than the day; write it as %s (times go in the Timeline)",
				       f->value, day);
			return;
		}
	}
	if (pm_guess_date(f->value, &days)) {
		struct pm_buf iso = PM_BUF_INIT;
		pm_format_date(&iso, days);
		pm_lint_report(c, PM_RULE_DATE, f->line, f->value_col,
			       "Date '%s' is not in the form pmgit reads; write it as %s", f->value,
			       iso.ptr);
		pm_buf_release(&iso);
		return;
	}
	if (pm_date_ambiguous(f->value, &days, &other)) {
		/* 05/06/2026: the 5th of June to some readers, the 6th of May to others */
		struct pm_buf a = PM_BUF_INIT, b = PM_BUF_INIT;
		pm_format_date(&a, days);
		pm_format_date(&b, other);
		pm_lint_report(c, PM_RULE_DATE, f->line, f->value_col,
			       "Date '%s' reads as %s or as %s depending on the reader; write it as YYYY-MM-DD",
			       f->value, a.ptr, b.ptr);
		pm_buf_release(&a);
		pm_buf_release(&b);
		return;
	}
	pm_lint_report(c, PM_RULE_DATE, f->line, f->value_col,
		       "Date '%s' is not a real date; write it as YYYY-MM-DD", f->value);
}

/* Does the line under an empty Status hold a status ("**Status**:" then "In Review")? */
static int status_below(const struct pm_doc *doc, const struct pm_field *f, enum pm_status *meant)
{
	const struct pm_doc_line *l;
	struct pm_buf t = PM_BUF_INIT;

	if (f->line >= doc->nr_lines || (l = &doc->lines[f->line])->blank)
		return 0;
	static const enum pm_status all[] = { PM_STATUS_DRAFT, PM_STATUS_REVIEW, PM_STATUS_FINAL };
	const char *v;
	size_t k, n;

	pm_buf_add(&t, l->text, l->len);
	v = pm_unmarked(pm_skip_blanks(t.ptr), &n);
	for (*meant = PM_STATUS_UNKNOWN, k = 0; k < 3; k++)
		if (strlen(pm_status_name(all[k])) == n && !strncasecmp(v, pm_status_name(all[k]), n))
			*meant = all[k];
	if (*meant == PM_STATUS_UNKNOWN)
		*meant = pm_status_meant(v);
	pm_buf_release(&t);
	return *meant != PM_STATUS_UNKNOWN;
}

static void check_status(struct pm_lint_ctx *c)
{
	const struct pm_field *f = header_field(c->doc, pm_status_names);
	enum pm_status meant;

	if (!f || c->facts->status != PM_STATUS_UNKNOWN)
		return;
	meant = pm_status_meant(f->value);
	if (meant != PM_STATUS_UNKNOWN) {
		pm_lint_report(c, PM_RULE_STATUS, f->line, f->value_col,
			       "Status '%s' is not one of Draft, In Review, Final; write '%s' if that is what it means",
			       f->value, pm_status_name(meant));
		return;
	}
	{
		/* a status with more around it: "🟡 In Review", "In Review (waiting on VP)" */
		static const enum pm_status all[] = { PM_STATUS_DRAFT, PM_STATUS_REVIEW, PM_STATUS_FINAL };
		size_t k, named = 0;
		for (k = 0; k < 3; k++)
			if (pm_find_word(f->value, pm_status_name(all[k])))
				meant = named++ ? PM_STATUS_UNKNOWN : all[k];
		if (named == 1)
			pm_lint_report(c, PM_RULE_STATUS, f->line, f->value_col,
				       "Status '%s' is not one of Draft, In Review, Final; write '%s' alone on the line (it decides how the postmortem is judged; say the rest elsewhere)",
				       f->value, pm_status_name(meant));
		else if (named)
			pm_lint_report(c, PM_RULE_STATUS, f->line, f->value_col,
				       "Status '%s' names more than one status; write the one it has now alone: Draft, In Review or Final",
				       f->value);
		else if (!*f->value && status_below(c->doc, f, &meant))
			pm_lint_report(c, PM_RULE_STATUS, f->line, f->value_col,
				       "Status is empty on its line and '%s' stands on the next; write '**Status**: %s' on one line (signatures leave out exactly that line, and finalize sets it there)",
				       pm_status_name(meant), pm_status_name(meant));
		else
			pm_lint_report(c, PM_RULE_STATUS, f->line, f->value_col,
				       "Status '%s' is not one of Draft, In Review, Final", f->value);
	}
}

/* ---- review level ---- */

/*
 * A line that titles `want` but is no '## ' heading: "# Timeline",
 * "#### Timeline", "**Timeline**" or "Timeline:" alone on its line. Its
 * line number, or 0.
 */
static unsigned section_near_miss(const struct pm_doc *doc, const char *want)
{
	size_t i, n = strlen(want);

	for (i = 0; i < doc->nr_lines; i++) {
		const struct pm_doc_line *l = &doc->lines[i];
		const char *p = l->text, *end = p + l->len;
		if (l->in_code || (doc->title && doc->title_line == i + 1))
			continue;
		/* marks and blanks, a no-break space among them ("##\u00a0Impact") */
		for (;;) {
			if (p < end && strchr("#*_ \t", *p) && *p)
				p++;
			else if (end - p >= 2 && !memcmp(p, "\xc2\xa0", 2))
				p += 2;
			else
				break;
		}
		while (end > p && strchr("#*_: \t", end[-1]))
			end--;
		/* marks around it, a colon after it or a line under it: not a sentence that says the word */
		if ((p > l->text || end < l->text + l->len || underlined_heading(doc, i)) &&
		    (size_t)(end - p) == n && !strncasecmp(p, want, n))
			return (unsigned)i + 1;
	}
	return 0;
}

/*
 * A '## ' section that names `want` in other words, which no required
 * section is: "Root Cause Analysis", "Customer Impact", "Lessons Learnt",
 * "Summary".
 * Its index, or -1.
 */
static int section_renamed(const struct pm_lint_ctx *c, const char *want)
{
	const struct pm_doc *doc = c->doc;
	const struct pm_config *cfg = c->in->cfg;
	struct pm_buf w = PM_BUF_INIT, t = PM_BUF_INIT;
	size_t i, k;
	int found = -1, signoff = signoff_section(doc);
	/* the sections the names take, found once: a document may have thousands */
	int *named = pm_xcalloc(cfg->nr_required_sections + 1, sizeof(*named));

	for (k = 0; k < cfg->nr_required_sections; k++)
		named[k] = pm_doc_section(doc, cfg->required_sections[k], 2, -1);
	pm_normalize_words(&w, want, strlen(want));
	for (i = 0; i < doc->nr_sections && found < 0 && w.len; i++) {
		const struct pm_section *s = &doc->sections[i];
		int taken = signoff == (int)i;
		if (s->level != 2)
			continue;
		for (k = 0; k < cfg->nr_required_sections && !taken; k++)
			taken = named[k] == (int)i;
		if (taken)
			continue;
		pm_normalize_words(&t, s->title, strlen(s->title));
		if ((t.len > w.len && !memcmp(t.ptr, w.ptr, w.len) && t.ptr[w.len] == ' ') ||
		    (t.len > w.len && !memcmp(t.ptr + t.len - w.len, w.ptr, w.len) &&
		     t.ptr[t.len - w.len - 1] == ' ') ||
		    (w.len >= 8 && pm_edit_distance(t.ptr, w.ptr) <= 2) ||
		    /* fewer words: "Summary", "Lessons" (a word of five letters or more) */
		    (w.len > t.len && t.len >= 5 &&
		     ((!memcmp(w.ptr, t.ptr, t.len) && w.ptr[t.len] == ' ') ||
		      (!memcmp(w.ptr + w.len - t.len, t.ptr, t.len) && w.ptr[w.len - t.len - 1] == ' '))))
			found = (int)i;
	}
	free(named);
	pm_buf_release(&w);
	pm_buf_release(&t);
	return found;
}

/*
 * Pandoc's attributes ending a heading's title, "{#summary}" or
 * "{#impact .unnumbered}", as 'pandoc -t markdown' writes them: where they
 * start, or NULL.
 */
static const char *pandoc_attributes(const char *title)
{
	size_t n = strlen(title);
	const char *open;

	if (!n || title[n - 1] != '}' || !(open = strrchr(title, '{')) || open == title ||
	    open[-1] != ' ' || (open[1] != '#' && open[1] != '.'))
		return NULL;
	return open;
}

static void check_section_missing(struct pm_lint_ctx *c)
{
	const struct pm_config *cfg = c->in->cfg;
	const struct pm_doc *doc = c->doc;
	size_t i, j;

	for (i = 0; i < cfg->nr_required_sections; i++) {
		const char *want = cfg->required_sections[i];
		const char *attrs;
		unsigned at = 0;
		int s;

		if (pm_lint_section(doc, want) >= 0)
			continue;
		if ((s = pm_doc_section(doc, want, 3, -1)) >= 0) {
			pm_lint_report(c, PM_RULE_SECTION_MISSING, doc->sections[s].line, 1,
				       "'%s' must be a '## ' section, not a subsection", want);
			continue;
		}
		if ((at = section_near_miss(doc, want))) {
			const struct pm_doc_line *l = &doc->lines[at - 1];
			size_t h = strspn(l->text, "#");
			if (underlined_heading(doc, at - 1))
				pm_lint_report(c, PM_RULE_SECTION_MISSING, at, 1,
					       "required section '## %s' is written underlined here, which pmgit does not read as a heading; make this line '## %s' and delete the line under it",
					       want, want);
			else if (h && h + 2 <= l->len && !memcmp(l->text + h, "\xc2\xa0", 2))
				pm_lint_report(c, PM_RULE_SECTION_MISSING, at, h + 1,
					       "required section '## %s': the space after '%.*s' here is a no-break space, so Markdown does not read the line as a heading; type an ordinary space there",
					       want, (int)h, l->text);
			else
				pm_lint_report(c, PM_RULE_SECTION_MISSING, at, 1,
					       "required section '## %s' is written in another form here; make this line '## %s'",
					       want, want);
			continue;
		}
		if ((s = section_renamed(c, want)) >= 0 && (attrs = pandoc_attributes(doc->sections[s].title))) {
			pm_lint_report(c, PM_RULE_SECTION_MISSING, doc->sections[s].line, 1,
				       "required section '## %s' is written with pandoc's heading attributes ('%s'), which GitHub shows as text and pmgit reads as part of the title; delete them: '## %s'",
				       want, attrs, want);
			continue;
		}
		if (s >= 0) {
			pm_lint_report(c, PM_RULE_SECTION_MISSING, doc->sections[s].line, 1,
				       "required section '## %s' is missing, and '## %s' here looks like it under another name; rename it '## %s' (or, for the team's own names, set required_sections in " PM_CONFIG_PATH ")",
				       want, doc->sections[s].title, want);
			continue;
		}
		/* point at where it belongs: before the next required section present */
		for (j = i + 1; j < cfg->nr_required_sections && !at; j++)
			if ((s = pm_lint_section(doc, cfg->required_sections[j])) >= 0)
				at = doc->sections[s].line;
		if (!at)
			at = signoff_line(doc);
		if (!at)
			at = doc->nr_lines ? (unsigned)doc->nr_lines : 1;
		if (pm_template_has_section(c->in->tpl, want))
			pm_lint_report(c, PM_RULE_SECTION_MISSING, at, 1,
				       "required section '## %s' is missing; add it here (the template shows what goes in it)",
				       want);
		else
			pm_lint_report(c, PM_RULE_SECTION_MISSING, at, 1,
				       "required section '## %s' is missing; add it here. " PM_CONFIG_PATH " requires it (required_sections) but " PM_TEMPLATE_PATH " lacks it: add it to the template too, or take it out of required_sections",
				       want);
	}
}

/*
 * A Sign-Off section under another heading ("## 12. Sign-Off", "## Sign-off")
 * is not the one the canonical form cuts at: it would count in every
 * signature, and finalize could not fill it without making them stale.
 */
static void check_signoff_heading(struct pm_lint_ctx *c)
{
	const struct pm_doc *doc = c->doc;
	int s = signoff_section(doc);
	const struct pm_doc_line *l;

	if (s < 0) {
		unsigned at = signoff_line(doc);
		if (at)
			pm_lint_report(c, PM_RULE_SIGNOFF_HEADING, at, 1,
				       "write this heading '## Sign-Off' on one line and delete the line under it: pmgit reads headings marked with '#', and signatures cover everything above '## Sign-Off'");
		return;
	}
	l = &doc->lines[doc->sections[s].line - 1];
	if (!pm_canon_is_signoff(doc->src + l->off, l->len))
		pm_lint_report(c, PM_RULE_SIGNOFF_HEADING, doc->sections[s].line, 1,
			       "write this heading exactly '## Sign-Off': signatures cover everything above that heading, so this section would count in them and finalize could not fill it");
}

/*
 * Signatures stop at the first "## Sign-Off" line (canon.h): text below it,
 * or a "## Sign-Off" hidden in a comment above the real one, would be shown
 * as signed without any signature covering it.
 */
static void check_signoff_section(struct pm_lint_ctx *c)
{
	struct pm_buf why = PM_BUF_INIT;
	unsigned line = pm_cover_check(c->doc->src, c->doc->len, NULL, c->doc, c->in->cfg,
				       c->in->tpl, &why);

	/* a second Status line in the header is the header rule's to report */
	if (line && line >= c->doc->body_line)
		pm_lint_report(c, PM_RULE_SIGNOFF_SECTION, line, 1, "%s", why.ptr);
	pm_buf_release(&why);
}

/* A (sub)section with nothing that renders: empty, or only what shows as nothing. */
static void report_empty(struct pm_lint_ctx *c, enum pm_rule_id rule, const struct pm_section *s,
			 const char *what, const char *fix)
{
	if (s->hidden)
		pm_lint_report(c, rule, s->line, 1,
			       "%s '%s' shows nothing when rendered: what it holds (a link reference definition such as '[//]: # (note)', zero-width characters, &nbsp; or empty tags) is not displayed; %s",
			       what, s->title, fix);
	else
		pm_lint_report(c, rule, s->line, 1, "%s '%s' is empty; %s", what, s->title, fix);
}

static void check_section_empty(struct pm_lint_ctx *c)
{
	const struct pm_config *cfg = c->in->cfg;
	size_t i;

	for (i = 0; i < cfg->nr_required_sections; i++) {
		int s = pm_lint_section(c->doc, cfg->required_sections[i]);
		if (s >= 0 && !c->doc->sections[s].content)
			report_empty(c, PM_RULE_SECTION_EMPTY, &c->doc->sections[s], "section",
				     "fill it in before review");
	}
}

/*
 * A "### " subsection with nothing in it, in a section that says
 * something (an empty section is section-empty's): a heading over nothing
 * reads as unfinished ("### What Went Wrong" and then the next heading).
 */
static void check_subsection_empty(struct pm_lint_ctx *c)
{
	const struct pm_doc *doc = c->doc;
	size_t i;

	for (i = 0; i < doc->nr_sections; i++) {
		const struct pm_section *s = &doc->sections[i];
		if (s->level == 3 && !s->content && s->parent >= 0 && doc->sections[s->parent].content)
			report_empty(c, PM_RULE_SUBSECTION_EMPTY, s, "subsection",
				     "fill it in, or delete its heading");
	}
}


struct placeholder_scan {
	struct pm_lint_ctx *c;
	unsigned line;
	int in_signoff;     /* the line is in the Sign-Off section */
	int signoff_told;   /* its placeholders have been reported (once) */
};

static void report_placeholder(void *data, size_t off, const char *span, size_t len)
{
	struct placeholder_scan *ps = data;
	struct pm_lint_ctx *c = ps->c;

	if (!pm_template_is_placeholder(c->in->tpl, span + 1, len - 2))
		return;
	if (ps->in_signoff) {
		/* Status set to Final by hand: one finding, naming the command that fills them all */
		if (!ps->signoff_told++) {
			struct pm_buf path = PM_BUF_INIT;
			pm_sh_arg(&path, c->in->path ? c->in->path : "PATH");
			pm_lint_report(c, PM_RULE_PLACEHOLDER, ps->line,
				       pm_doc_col(c->doc, ps->line, off),
				       "the Sign-Off section still holds placeholders ('%.*s' here); 'pmgit finalize %s' fills it from the signed sign-offs as it sets Status to Final",
				       (int)len, span, path.ptr);
			pm_buf_release(&path);
		}
		return;
	}
	pm_lint_report(c, PM_RULE_PLACEHOLDER, ps->line, pm_doc_col(c->doc, ps->line, off),
		       "unfilled placeholder '%.*s'; replace it with this incident's facts",
		       (int)len, span);
}

/* Can this byte stand next to a marker word ("TBD") without making it part of a name? */
static int word_edge(const char *t, size_t len, size_t i)
{
	unsigned char ch = (unsigned char)t[i];

	if (ch == '.') /* "TBD." ends a sentence; "TODO.md" is a name */
		return i + 1 >= len || !isalnum((unsigned char)t[i + 1]);
	return !isalnum(ch) && ch != '/' && ch != '_' && ch != '-';
}

/*
 * Markers people leave for what they have not written yet, bare (the
 * bracketed ones are the template's placeholders): whole words, outside
 * code spans, and outside columns [keep_from, keep_to), where such a word
 * is a value ("TODO" as an action's status).
 */
static void report_markers(struct pm_lint_ctx *c, unsigned line, const char *t, size_t len,
			   unsigned keep_from, unsigned keep_to)
{
	static const char *const markers[] = { "TBD", "TODO", "FIXME", "XXX" };
	size_t i = 0, k;
	int code = 0;

	while (i < len) {
		if (t[i] == '`') {
			code = !code;
			i++;
			continue;
		}
		if (code || !isupper((unsigned char)t[i]) || (i > 0 && !word_edge(t, len, i - 1))) {
			i++;
			continue;
		}
		for (k = 0; k < sizeof(markers) / sizeof(markers[0]); k++) {
			size_t n = strlen(markers[k]);
			if (i + n <= len && !memcmp(t + i, markers[k], n) &&
			    (i + n == len || word_edge(t, len, i + n)) &&
			    /* "[TBD]" ("\\[TBD\\]") is a bracketed placeholder, reported as one */
			    !(i > 0 && t[i - 1] == '[' && i + n < len &&
			      (t[i + n] == ']' || (t[i + n] == '\\' && i + n + 1 < len && t[i + n + 1] == ']')))) {
				unsigned col = pm_doc_col(c->doc, line, i);
				if (col < keep_from || col >= keep_to)
					pm_lint_report(c, PM_RULE_PLACEHOLDER, line, col,
						       "'%s' marks something not written yet; replace it with this incident's facts",
						       markers[k]);
				i += n - 1;
				break;
			}
		}
		i++;
	}
}

struct action_table {
	const struct pm_table *t;
	int action, owner, due, status;
};

static int action_table(const struct pm_doc *doc, struct action_table *a);

static void check_placeholder(struct pm_lint_ctx *c)
{
	const struct pm_doc *doc = c->doc;
	unsigned signoff = signoff_line(doc), stop = c->in_signoff_ok ? signoff : 0;
	struct placeholder_scan ps = { c, 0, 0, 0 };
	struct action_table a;
	size_t ln, r = 0;
	int actions = action_table(doc, &a) && a.status >= 0;

	for (ln = 0; ln < doc->nr_lines; ln++) {
		const struct pm_doc_line *l = &doc->lines[ln];
		unsigned keep_from = 0, keep_to = 0;
		if (stop && ln + 1 >= stop)
			break;
		if (l->in_code || l->blank)
			continue;
		ps.line = (unsigned)ln + 1;
		ps.in_signoff = signoff && ps.line > signoff;
		pm_template_each_span(l->text, l->len, report_placeholder, &ps);
		/* "TODO" or "To do" as an action's status is one, not a gap */
		while (actions && r < a.t->nr && a.t->rows[r].line < ps.line)
			r++;
		if (actions && r < a.t->nr && a.t->rows[r].line == ps.line &&
		    (unsigned)a.status < a.t->rows[r].nr) {
			const struct pm_cell *cell = &a.t->rows[r].cells[a.status];
			if (pm_action_state(cell->text) >= 0) {
				keep_from = cell->col;
				keep_to = cell->col + (unsigned)pm_utf8_column(cell->text, strlen(cell->text)) - 1;
			}
		}
		report_markers(c, ps.line, l->text, l->len, keep_from, keep_to);
	}
}

static void check_example(struct pm_lint_ctx *c)
{
	const struct pm_doc *doc = c->doc;
	struct pm_buf norm = PM_BUF_INIT;
	unsigned first = 0, last = 0, count = 0;
	size_t ln, i, chars = 0, fi = 0; /* fields are in line order: the next one's index */

	for (i = 0; i < doc->nr_fields; i++)
		if (!strcasecmp(doc->fields[i].name, "Example"))
			pm_lint_report(c, PM_RULE_EXAMPLE, doc->fields[i].line,
				       doc->fields[i].name_col,
				       "'**Example**:' text from the template is still here; replace it with this incident's account or delete it");

	for (ln = 0; ln <= doc->nr_lines; ln++) {
		const struct pm_doc_line *l = ln < doc->nr_lines ? &doc->lines[ln] : NULL;
		int hit = 0;

		if (l && l->blank && first)
			continue; /* blank lines do not break a run */
		if (l) {
			pm_normalize_words(&norm, l->text, l->len);
			hit = norm.len >= PM_EXAMPLE_MIN_LEN &&
			      pm_template_is_example(c->in->tpl, norm.ptr);
			/* "**Example**:" lines are reported above */
			while (fi < doc->nr_fields && doc->fields[fi].line < ln + 1)
				fi++;
			for (i = fi; hit && i < doc->nr_fields && doc->fields[i].line == ln + 1; i++)
				if (!strcasecmp(doc->fields[i].name, "Example"))
					hit = 0;
		}
		if (hit) {
			if (!first)
				first = (unsigned)ln + 1;
			last = (unsigned)ln + 1;
			count++;
			chars += norm.len;
			continue;
		}
		if (first && (count >= PM_EXAMPLE_RUN_LINES || chars >= PM_EXAMPLE_RUN_LEN)) {
			if (count == 1)
				pm_lint_report(c, PM_RULE_EXAMPLE, first, 1,
					       "this line is the template's example; replace it with this incident's facts or delete it");
			else
				pm_lint_report(c, PM_RULE_EXAMPLE, first, 1,
					       "lines %u-%u (%u lines) are the template's example incident; replace them with this incident's facts or delete them",
					       first, last, count);
		}
		first = last = count = 0;
		chars = 0;
	}
	pm_buf_release(&norm);
}

/* Windows-1252 bytes 0x80-0x9f as Unicode (0: undefined in 1252). */
static const uint16_t cp1252[32] = {
	0x20ac, 0,      0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017d, 0,
	0,      0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0,      0x017e, 0x0178,
};

/* The byte a code point was before a Windows-1252 decode, or -1. */
static int as_1252_byte(uint32_t cp)
{
	int i;

	if (cp >= 0x80 && cp <= 0xff)
		return (int)cp; /* Latin-1, incl. the C1 controls 1252 leaves undefined */
	for (i = 0; i < 32; i++)
		if (cp1252[i] && cp1252[i] == cp)
			return 0x80 + i;
	return -1;
}

static void check_mojibake(struct pm_lint_ctx *c)
{
	const struct pm_doc *doc = c->doc;
	size_t ln;

	for (ln = 0; ln < doc->nr_lines; ln++) {
		const struct pm_doc_line *l = &doc->lines[ln];
		const char *t = l->text;
		size_t i = 0;

		while (i < l->len) {
			uint32_t cp, cp2;
			size_t n, j, want;
			unsigned char bytes[4];
			int lead, cont = 0;

			/* ASCII leads no double-encoded sequence */
			if (!(t[i] & 0x80)) {
				i++;
				continue;
			}
			n = pm_utf8_decode(t + i, l->len - i, &cp);
			lead = cp >= 0xc2 && cp <= 0xf4 ? (int)cp : -1;
			if (!n || lead < 0) {
				i += n ? n : 1;
				continue;
			}
			want = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : 1;
			bytes[0] = (unsigned char)lead;
			j = i + n;
			while (cont < (int)want && j < l->len) {
				size_t m = pm_utf8_decode(t + j, l->len - j, &cp2);
				int b = m ? as_1252_byte(cp2) : -1;
				if (b < 0x80 || b > 0xbf)
					break;
				bytes[1 + cont++] = (unsigned char)b;
				j += m;
			}
			/*
			 * A complete sequence is mojibake; so is a partial one after
			 * the leads that double-encoding produces most (Â Ã â ð),
			 * where 1252's undefined bytes were lost on the way.
			 */
			if (cont == (int)want) {
				uint32_t orig;
				char out[5];
				size_t k = pm_utf8_decode((const char *)bytes, want + 1, &orig);
				if (k) {
					out[pm_utf8_encode(orig, out)] = '\0';
					pm_lint_report(c, PM_RULE_MOJIBAKE, (unsigned)ln + 1,
						       pm_doc_col(doc, (unsigned)ln + 1, i),
						       "'%.*s' is double-encoded UTF-8 for '%s'; replace it with '%s' and save the file as UTF-8",
						       (int)(j - i), t + i, out, out);
					i = j;
					continue;
				}
			} else if (cont && (lead == 0xc2 || lead == 0xc3 || lead == 0xe2 ||
					    lead == 0xf0)) {
				pm_lint_report(c, PM_RULE_MOJIBAKE, (unsigned)ln + 1,
					       pm_doc_col(doc, (unsigned)ln + 1, i),
					       "'%.*s' is double-encoded UTF-8 with bytes lost; retype the character it stood for",
					       (int)(j - i), t + i);
				i = j;
				continue;
			}
			i += n;
		}
	}
}

static void check_reviewers(struct pm_lint_ctx *c)
{
	const struct pm_field *f = pm_facts_header(c->doc, pm_reviewer_names);

	if (f && is_empty_value(f->value))
		pm_lint_report(c, PM_RULE_REVIEWERS, f->line, f->value_col,
			       "Reviewers is empty; name who reviews this postmortem");
}

static const struct pm_field *severity_field(const struct pm_doc *doc)
{
	int impact = pm_lint_section(doc, "Impact");
	const struct pm_field *f = NULL;

	if (impact >= 0)
		f = pm_doc_field(doc, impact, "Severity");
	return f ? f : pm_doc_field(doc, -1, "Severity");
}

static void check_severity(struct pm_lint_ctx *c)
{
	const struct pm_field *f = severity_field(c->doc);
	int impact = pm_lint_section(c->doc, "Impact");

	if (!f) {
		static const char *const severity_names[] = { "Severity", NULL };
		struct pm_buf value = PM_BUF_INIT;
		unsigned near = impact >= 0 ? field_near_miss(c->doc, c->doc->sections[impact].line,
							      c->doc->sections[impact].end,
							      severity_names, &value)
					    : 0;
		if (near)
			pm_lint_report(c, PM_RULE_SEVERITY, near, 1,
				       "'Severity' is not in the form pmgit reads; write this line as '- **Severity**: %s'",
				       value.len ? value.ptr : "P0|P1|P2");
		else
			pm_lint_report(c, PM_RULE_SEVERITY,
				       impact >= 0 ? c->doc->sections[impact].line : 1, 1,
				       "no '- **Severity**: P0|P1|P2' line; add one under Impact");
		pm_buf_release(&value);
		return;
	}
	if (c->facts->severity) {
		/*
		 * a second Severity that says otherwise: the slots follow the
		 * first, a reader may take the other (an approver dodged)
		 */
		size_t i;
		for (i = 0; i < c->doc->nr_fields; i++) {
			const struct pm_field *g = &c->doc->fields[i];
			const char *says;
			/* the header's, and Impact's (a Severity elsewhere may tell a story) */
			if (g == f || strcasecmp(g->name, "Severity") ||
			    (g->line >= c->doc->body_line && impact >= 0 &&
			     !pm_doc_within(c->doc, g->section, impact)))
				continue;
			says = pm_facts_severity_of(g->value);
			if (says && !strcmp(says, c->facts->severity))
				continue;
			pm_lint_report(c, PM_RULE_SEVERITY, g->line, g->value_col,
				       "another Severity, '%s', where line %u says %s, the one that sets the sign-offs it needs; keep one",
				       g->value, f->line, c->facts->severity);
		}
		return;
	}
	if (has_placeholder(c, f->value))
		return;
	{
		/* "SEV1", "Sev 2", "S0": the same scale under another name */
		size_t n, a = 0;
		const char *v = pm_unmarked(f->value, &n), *d;
		while (a < n && isalpha((unsigned char)v[a]))
			a++;
		for (d = v + a; d < v + n && (*d == ' ' || *d == '-'); d++)
			;
		if (((a == 3 && !strncasecmp(v, "sev", 3)) || (a == 1 && (*v == 'S' || *v == 's')) ||
		     (a == 8 && !strncasecmp(v, "severity", 8))) &&
		    d < v + n && *d >= '0' && *d <= '2' &&
		    (d + 1 == v + n || !isalnum((unsigned char)d[1]))) {
			pm_lint_report(c, PM_RULE_SEVERITY, f->line, f->value_col,
				       "Severity '%s' is not P0, P1 or P2; write 'P%c' if that is the same level",
				       f->value, *d);
			return;
		}
	}
	{
		/* "Critical (P0)", "High / P1": the level is there, after other words */
		const char *v = f->value, *at = NULL;
		size_t i, n = strlen(v), from = 0, to = 0;
		int levels = 0;
		for (i = 0; i + 1 < n; i++)
			if ((v[i] == 'P' || v[i] == 'p') && v[i + 1] >= '0' && v[i + 1] <= '2' &&
			    (!i || !isalnum((unsigned char)v[i - 1])) &&
			    (i + 2 == n || !isalnum((unsigned char)v[i + 2]))) {
				if (!at || at[1] != v[i + 1])
					levels++;
				if (!at) {
					at = v + i;
					from = i;
					to = i + 2;
				}
			}
		if (levels == 1) {
			struct pm_buf rest = PM_BUF_INIT;
			/* the words beside it, without the brackets around it */
			if (from && to < n && v[from - 1] == '(' && v[to] == ')')
				from--, to++;
			pm_buf_add(&rest, v, from);
			pm_buf_addch(&rest, ' ');
			pm_buf_adds(&rest, v + to);
			while (rest.len && strchr(" -/|,:;()", rest.ptr[rest.len - 1]))
				pm_buf_setlen(&rest, rest.len - 1);
			for (i = 0; i < rest.len && strchr(" -/|,:;()", rest.ptr[i]); i++)
				;
			if (i < rest.len)
				pm_lint_report(c, PM_RULE_SEVERITY, f->line, f->value_col,
					       "Severity '%s' does not start with its level, where pmgit reads it; write 'P%c (%s)'",
					       v, at[1], rest.ptr + i);
			else
				pm_lint_report(c, PM_RULE_SEVERITY, f->line, f->value_col,
					       "Severity '%s' does not start with its level, where pmgit reads it; write 'P%c'",
					       v, at[1]);
			pm_buf_release(&rest);
			return;
		}
	}
	pm_lint_report(c, PM_RULE_SEVERITY, f->line, f->value_col,
		       "Severity '%s' is not P0, P1 or P2", f->value);
}

static void check_impact(struct pm_lint_ctx *c)
{
	static const char *const required[] = { "Users Affected", "Duration" };
	const struct pm_doc *doc = c->doc;
	int impact = pm_lint_section(doc, "Impact");
	size_t i;

	if (impact < 0)
		return;
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		const char *const names[] = { required[i], NULL };
		struct pm_buf value = PM_BUF_INIT;
		unsigned near;
		if (pm_doc_field(doc, impact, required[i]) ||
		    !pm_template_has_field(c->in->tpl, "Impact", required[i]))
			continue; /* there, or not asked by the repository's own template */
		near = field_near_miss(doc, doc->sections[impact].line, doc->sections[impact].end,
				       names, &value);
		if (near)
			pm_lint_report(c, PM_RULE_IMPACT, near, 1,
				       "'%s' is not in the form pmgit reads; write this line as '- **%s**: %s'",
				       required[i], required[i], value.ptr);
		else
			pm_lint_report(c, PM_RULE_IMPACT, doc->sections[impact].line, 1,
				       "Impact has no '- **%s**:' figure; add it", required[i]);
		pm_buf_release(&value);
	}
	for (i = 0; i < doc->nr_fields; i++) {
		const struct pm_field *f = &doc->fields[i];
		if (f->line < doc->body_line || !f->bullet ||
		    !pm_doc_within(doc, f->section, impact))
			continue;
		if (is_empty_value(f->value))
			pm_lint_report(c, PM_RULE_IMPACT, f->line, f->name_col,
				       "'%s' is empty; write the figure, or 'None' or 'N/A'", f->name);
	}
}

/* The Timeline table: the first table in the Timeline section. */
static const struct pm_table *timeline_table(const struct pm_doc *doc)
{
	int s = pm_lint_section(doc, "Timeline");
	size_t i;

	if (s < 0)
		return NULL;
	for (i = 0; i < doc->nr_tables; i++)
		if (pm_doc_within(doc, doc->tables[i].section, s))
			return &doc->tables[i];
	return NULL;
}

static const char *cell_text(const struct pm_row *row, int col)
{
	return col >= 0 && (unsigned)col < row->nr ? row->cells[col].text : NULL;
}

static int column(const struct pm_table *t, const char *const *names)
{
	unsigned i;

	for (i = 0; i < t->head.nr; i++)
		if (pm_name_in(t->head.cells[i].text, names))
			return (int)i;
	return -1;
}

/*
 * Where a timeline cell's time starts: past Markdown emphasis or code
 * marks ("**14:02**", "`14:02`"), a link's bracket ("[14:02](https://
 * chat/...)", the time linking to its message) and an approximation mark
 * ("~14:02", "≈14:02"), which writers add and which do not change the time.
 */
static const char *time_start(const char *s)
{
	int closed = 1; /* a '>' may follow: looked for until none does */

	for (;;) {
		const char *t = s + 1, *gt;
		/* an inline HTML tag, "<b>09:27</b>" */
		if (*s == '<' && closed && isalpha((unsigned char)*t)) {
			while (isalnum((unsigned char)*t))
				t++;
			if ((*t == '>' || *t == ' ') && (closed = (gt = strchr(t, '>')) != NULL)) {
				s = gt + 1;
				continue;
			}
		}
		if (*s == '*' || *s == '_' || *s == '`' || *s == '~' || *s == '[' || *s == '<')
			s++;
		else if (!strncmp(s, "\xe2\x89\x88", 3)) /* U+2248 */
			s += 3;
		else
			return pm_skip_blanks(s);
	}
}

/*
 * The Timeline's time column: one headed "Time", "When", "Timestamp" or
 * the like, or a Time heading that says its zone ("Time (PST)"); else the
 * first column whose first row holds a time ("| # | At | Event |"); else
 * the first column.
 */
static int time_column(const struct pm_table *t)
{
	static const char *const time_names[] = {
		"Time", "When", "Timestamp", "Time UTC", "UTC", "Date/Time", "Date / Time",
		"Date and Time", "Date & Time", "Datetime", NULL,
	};
	int col = column(t, time_names);
	unsigned i;

	for (i = 0; col < 0 && i < t->head.nr; i++) {
		const char *h = pm_skip_prefix(t->head.cells[i].text, "Time");
		if (h && *pm_skip_blanks(h) == '(')
			col = (int)i;
	}
	/* a row's cells past the heading's are no column (renderers drop them) */
	for (i = 0; col < 0 && t->nr && i < t->rows[0].nr && (!t->head.nr || i < t->head.nr); i++) {
		const char *v = time_start(t->rows[0].cells[i].text);
		long secs;
		int dated;
		if (pm_read_time(&v, &secs, &dated))
			col = (int)i;
	}
	return col < 0 ? 0 : col;
}

/* A cell that is a date alone ("2026-02-11", "**Feb 11, 2026**"): its day. */
static int cell_date(const char *text, long *day)
{
	size_t n;
	const char *v = pm_unmarked(text, &n);
	char *date = pm_xstrndup(v, n);
	int is = pm_parse_date(date, day) || pm_guess_date(date, day);

	free(date);
	return is;
}

/*
 * Calls fn for each Timeline row with a time cell: with the time read
 * (seconds; an undated one on the incident's Date), or read = 0. The row
 * and cell last until the walk ends (a list's are made for it).
 */
typedef void (*timeline_fn)(struct pm_lint_ctx *c, const struct pm_row *row,
			    const struct pm_cell *cell, int read, long t, const char *after,
			    void *data);

/* The end of a list item's time: past its emphasis, or where its text starts. */
static size_t list_time_len(const char *p, const char *after_time)
{
	static const char *const seps[] = { " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", ": ", " |" };
	const char *end = NULL;
	size_t k;

	if (*p == '*' || *p == '_' || *p == '`') {
		/* "**09:12 (10:12 CET)** - ...": the marked span */
		size_t n = strspn(p, p[0] == '`' ? "`" : "*_");
		char mark[4] = { 0 };
		memcpy(mark, p, n < 3 ? n : 3);
		if ((end = strstr(p + n, mark)))
			return (size_t)(end - p) + strlen(mark);
	}
	/* "09:12 UTC - ...", "09:12 PST: ...": up to the separator after it */
	for (k = 0; k < sizeof(seps) / sizeof(seps[0]); k++) {
		const char *at = strstr(after_time, seps[k]);
		if (at && (!end || at < end))
			end = at;
	}
	/*
	 * one word or a bracket between: a zone or a local time ("09:12 PST",
	 * "09:12 (10:12 CET)"); more is the event ("09:12 CDN purge - ..."),
	 * and "09:12 CDN purge started" has no separator: the time alone
	 */
	if (end) {
		const char *g = pm_skip_blanks(after_time);
		/* the separator may start in the blanks after the time ("09:12 |x") */
		size_t n = end > g ? (size_t)(end - g) : 0;
		if (n && !(g[0] == '(' && g[n - 1] == ')') && memchr(g, ' ', n))
			end = NULL;
	}
	return (size_t)((end ? end : after_time) - p);
}

/* The last line of section s before its first subsection. */
static unsigned own_end(const struct pm_doc *doc, int s)
{
	unsigned end = doc->sections[s].end;
	size_t i;

	for (i = 0; i < doc->nr_sections; i++)
		if (doc->sections[i].parent == s && doc->sections[i].line <= end)
			end = doc->sections[i].line - 1;
	return end;
}

/*
 * A Timeline written as a list where a team keeps no table ("- **09:12**
 * - Certificate expires", "1. 09:12 UTC: paged"): each item that opens
 * with a time is a row, its time as written the cell. The subsections
 * (the Detailed Timeline) are not rows.
 */
static void timeline_list(struct pm_lint_ctx *c, timeline_fn fn, void *data)
{
	const struct pm_doc *doc = c->doc;
	int s = pm_lint_section(doc, "Timeline");
	long base = c->facts->date >= 0 ? c->facts->date * 86400 : 0, day = -1;
	struct item {
		struct pm_row row;
		struct pm_cell cell;
		long t;
		size_t after; /* where the time ends in cell.text */
	} *items = NULL;
	size_t nr = 0, alloc = 0, i;
	unsigned ln, end;
	struct pm_buf line = PM_BUF_INIT;

	if (s < 0)
		return;
	end = own_end(doc, s);
	for (ln = doc->sections[s].line + 1; ln <= end; ln++) {
		const struct pm_doc_line *l = &doc->lines[ln - 1];
		const char *p, *q;
		struct item *it;
		char *text;
		long secs;
		int dated;

		if (l->in_code || l->blank)
			continue;
		pm_buf_reset(&line); /* doc lines end at the next line's start */
		pm_buf_add(&line, l->text, l->len);
		p = pm_skip_blanks(line.ptr);
		if (!(p = pm_doc_list_item(p, line.ptr + line.len)))
			continue;
		q = time_start(p);
		if (has_placeholder(c, p))
			continue;
		if (!pm_read_time(&q, &secs, &dated)) {
			if (cell_date(p, &secs)) /* "- **2026-02-11**": the items below are that day's */
				day = secs;
			continue;
		}
		text = pm_xstrndup(p, list_time_len(p, q));
		PM_ALLOC_GROW(items, nr + 1, alloc);
		it = &items[nr++];
		it->cell.text = text;
		it->cell.col = pm_doc_col(doc, ln, (size_t)(p - line.ptr));
		it->row.cells = &it->cell;
		it->row.nr = 1;
		it->row.line = ln;
		it->t = dated ? secs : secs + (day >= 0 ? day * 86400 : base);
		/* the time read again within the cell, for what follows it there */
		q = time_start(text);
		pm_read_time(&q, &secs, &dated);
		it->after = (size_t)(q - text);
	}
	for (i = 0; i < nr; i++) {
		items[i].row.cells = &items[i].cell; /* the array moved as it grew */
		fn(c, &items[i].row, &items[i].cell, 1, items[i].t,
		   items[i].cell.text + items[i].after, data);
	}
	for (i = 0; i < nr; i++)
		free((char *)items[i].cell.text);
	free(items);
	pm_buf_release(&line);
}

static void each_timeline_time(struct pm_lint_ctx *c, timeline_fn fn, void *data)
{
	static const char *const date_names[] = { "Date", "Day", "Date (UTC)", NULL };
	const struct pm_table *t = timeline_table(c->doc);
	long base = c->facts->date >= 0 ? c->facts->date * 86400 : 0, day = -1;
	size_t r;
	int col, dcol;

	if (!t) {
		timeline_list(c, fn, data);
		return;
	}
	col = time_column(t);
	/* "| Date | Time |": the day is in a column of its own, or above */
	dcol = column(t, date_names);
	if (dcol == col)
		dcol = -1;
	for (r = 0; r < t->nr; r++) {
		const struct pm_row *row = &t->rows[r];
		const struct pm_cell *cell;
		const char *s, *d = dcol >= 0 ? cell_text(row, dcol) : NULL;
		long secs = 0, read_day;
		int dated, read;

		if (d && *d && !has_placeholder(c, d) && cell_date(d, &read_day))
			day = read_day;
		if ((unsigned)col >= row->nr)
			continue; /* the table rule reports short rows */
		cell = &row->cells[col];
		if (has_placeholder(c, cell->text))
			continue;
		s = time_start(cell->text);
		read = pm_read_time(&s, &secs, &dated);
		if (!read && cell_date(cell->text, &read_day)) {
			day = read_day; /* "| **2026-02-11** | | |": the rows below are that day's */
			continue;
		}
		if (read && !dated)
			secs += day >= 0 ? day * 86400 : base;
		fn(c, row, cell, read, secs, s, data);
	}
}

/*
 * A clock time in a form pmgit does not read, as it would be written:
 * "09h05" (French), "0905" (the military time without its Z) give "09:05".
 */
static int time_meant(const char *text, char out[6])
{
	size_t n;
	const char *s = pm_unmarked(text, &n);
	const char *m;

	if (n == 5 && (s[2] == 'h' || s[2] == 'H'))
		m = s + 3;
	else if (n == 4)
		m = s + 2;
	else
		return 0;
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) ||
	    !isdigit((unsigned char)m[0]) || !isdigit((unsigned char)m[1]) ||
	    (s[0] - '0') * 10 + (s[1] - '0') > 23 || m[0] > '5')
		return 0;
	out[0] = s[0];
	out[1] = s[1];
	out[2] = ':';
	out[3] = m[0];
	out[4] = m[1];
	out[5] = '\0';
	return 1;
}

/* "T+7m", "T-5": a time counted from the start of the incident */
static int relative_time(const char *text)
{
	size_t n;
	const char *s = pm_unmarked(text, &n);

	return n > 2 && (s[0] == 'T' || s[0] == 't') && (s[1] == '+' || s[1] == '-') &&
	       isdigit((unsigned char)s[2]);
}

static void timeline_time(struct pm_lint_ctx *c, const struct pm_row *row,
			  const struct pm_cell *cell, int read, long t, const char *after, void *data)
{
	char meant[6];

	(void)t;
	(void)after;
	(void)data;
	if (read)
		return;
	if (time_meant(cell->text, meant))
		pm_lint_report(c, PM_RULE_TIMELINE_TIME, row->line, cell->col,
			       "'%s' is not a time pmgit reads; write it as %s (HH:MM, UTC)",
			       cell->text, meant);
	else if (relative_time(cell->text))
		pm_lint_report(c, PM_RULE_TIMELINE_TIME, row->line, cell->col,
			       "'%s' is a time relative to the start, which cannot be set against the Date and Duration; write the clock time, HH:MM (UTC)",
			       cell->text);
	else if (*cell->text)
		pm_lint_report(c, PM_RULE_TIMELINE_TIME, row->line, cell->col,
			       "'%s' is not a time; write HH:MM (UTC), or YYYY-MM-DD HH:MM after midnight",
			       cell->text);
	else
		pm_lint_report(c, PM_RULE_TIMELINE_TIME, row->line, cell->col,
			       "row has no time; write HH:MM (UTC)");
}

/*
 * A line of dashes in runs between blanks, the rule of a pandoc table
 * ("----- ------"), or the border of a grid table ("+-----+-----+").
 */
static int pandoc_table_rule(const char *t, size_t len)
{
	size_t i, runs = 0;

	if (len >= 3 && t[0] == '+' && t[len - 1] == '+' && strspn(t, "+-=:") == len)
		return 1;

	for (i = 0; i < len; i++) {
		if (t[i] == '-' && (!i || t[i - 1] != '-'))
			runs++;
		else if (t[i] != '-' && t[i] != ' ')
			return 0;
	}
	return runs > 1;
}

/*
 * Is a line the start of a table pmgit does not read: 1 for a pandoc
 * table's rule, which GitHub shows as text; 2 for an HTML <table>, as
 * converters write when a cell holds more than a line; else 0.
 */
static int unread_table(const char *t, size_t len)
{
	if (pandoc_table_rule(t, len))
		return 1;
	return len >= 6 && !strncasecmp(t, "<table", 6) && (len == 6 || t[6] == '>' || t[6] == ' ') ? 2 : 0;
}

/* How a Timeline or Action Items in such a table (unread_table) are named, and the fix's end. */
static const char *unread_form(int kind)
{
	return kind == 1 ? "a pandoc table, which GitHub shows as plain text"
	       : kind == 2 ? "an HTML table (<table>), which pmgit does not read"
			   : "not in a table";
}

static const char *unread_hint(int kind, const char *otherwise)
{
	return kind == 1 ? " (pandoc writes one with '-t gfm')"
	       : kind == 2 ? " (a '|' row for each <tr>, '<br>' where a cell had more than one line)"
			   : otherwise;
}

/* A line that ends as a sentence does, or is longer than a heading would be. */
static int reads_as_sentence(const struct pm_doc_line *l)
{
	size_t n = l->len;

	while (n && (l->text[n - 1] == ' ' || l->text[n - 1] == '\t'))
		n--;
	return n > 80 || (n && strchr(".!?:;,", l->text[n - 1]));
}

/*
 * A '---' (or '===') straight under a paragraph underlines it: Markdown
 * renders the paragraph, every line of it, as one heading. That is how a
 * header whose blank line before its '---' was deleted shows on GitHub,
 * or a section's last paragraph over the rule that ends the section.
 * pmgit reads '#' headings only, so it reads on as text; say how it will
 * look. A one-line paragraph that another rule names on its line (the
 * title, a required section, the Sign-Off written underlined) is theirs.
 */
static void check_underline(struct pm_lint_ctx *c)
{
	const struct pm_doc *doc = c->doc;
	const struct pm_finding *f;
	unsigned char *named = NULL;
	size_t i, j, indent = 0, top = doc->title_line;
	int pandoc = 0;

	/* front matter is named as such (title), and GitHub shows it as a table */
	if (front_matter_end(doc) > top)
		top = front_matter_end(doc);
	for (i = top + 1; i < doc->nr_lines; i++) {
		const struct pm_doc_line *l = &doc->lines[i];
		char mark = underline_mark(l);

		/* a pandoc table's last row over its closing rule: the table is named already */
		if (line_kind(l, &indent) == LINE_ENDS && !l->blank && !l->in_code && !mark)
			pandoc = pandoc_table_rule(l->text + indent, l->len - indent);
		if (!mark || pandoc || line_kind(&doc->lines[i - 1], &indent) != LINE_TEXT)
			continue;
		/* up to the paragraph's first line: an underline above ends another heading */
		for (j = i - 1; j > top && !underline_mark(&doc->lines[j - 1]) &&
				line_kind(&doc->lines[j - 1], &indent) == LINE_TEXT; j--)
			;
		/* text under a list item, quote, table or HTML goes on there; four spaces are code */
		if ((j && line_kind(&doc->lines[j - 1], &indent) == LINE_TAKES) ||
		    (line_kind(&doc->lines[j], &indent), indent >= 4))
			continue;
		if (j == i - 1) {
			if (!named) {
				named = pm_xcalloc(doc->nr_lines + 1, 1);
				for (f = c->out->findings; f < c->out->findings + c->out->nr; f++)
					if (f->line <= doc->nr_lines && f->rule != PM_RULE_UNDERLINE)
						named[f->line] = 1;
			}
			if (named[j + 1])
				continue;
		}
		if (i + 1 == doc->body_line && j + 1 < doc->body_line && doc->nr_fields &&
		    doc->fields[0].line >= j + 1 && doc->fields[0].line <= i)
			pm_lint_report(c, PM_RULE_UNDERLINE, (unsigned)i + 1, 1,
				       "the header (lines %zu-%zu) shows as one big heading when rendered: this '%c%c%c' straight under it underlines it; leave a blank line above the '%c%c%c'",
				       j + 1, i, mark, mark, mark, mark, mark, mark);
		else if (j == i - 1 && !reads_as_sentence(&doc->lines[j]))
			pm_lint_report(c, PM_RULE_UNDERLINE, (unsigned)i + 1, 1,
				       "line %zu shows as a heading when rendered: this '%c%c%c' straight under it underlines it; leave a blank line above the '%c%c%c', or, for a heading, write it with '#' and delete this line",
				       j + 1, mark, mark, mark, mark, mark, mark);
		else if (j == i - 1)
			pm_lint_report(c, PM_RULE_UNDERLINE, (unsigned)i + 1, 1,
				       "line %zu shows as one big heading when rendered: this '%c%c%c' straight under it underlines it; leave a blank line above the '%c%c%c'",
				       j + 1, mark, mark, mark, mark, mark, mark);
		else
			pm_lint_report(c, PM_RULE_UNDERLINE, (unsigned)i + 1, 1,
				       "the paragraph of lines %zu-%zu shows as one big heading when rendered: this '%c%c%c' straight under it underlines it; leave a blank line above the '%c%c%c'",
				       j + 1, i, mark, mark, mark, mark, mark, mark);
	}
	free(named);
}

static void count_rows(struct pm_lint_ctx *c, const struct pm_row *row, const struct pm_cell *cell,
		       int read, long t, const char *after, void *data)
{
	(void)c, (void)row, (void)cell, (void)read, (void)t, (void)after;
	(*(size_t *)data)++;
}

/*
 * A Timeline with something in it but no table and no list item opening
 * with a time (prose, or a pandoc table GitHub shows as plain text): none
 * of its order or span can be judged. Not asked where the repository's
 * own template keeps no table there.
 */
static void timeline_untabled(struct pm_lint_ctx *c)
{
	const struct pm_doc *doc = c->doc;
	int s = pm_lint_section(doc, "Timeline"), unread = 0;
	unsigned ln, end, text = 0;
	size_t rows = 0;

	if (s < 0 || timeline_table(doc) ||
	    (c->in->tpl && c->in->tpl->has_outline && !timeline_table(&c->in->tpl->outline)))
		return;
	timeline_list(c, count_rows, &rows);
	if (rows)
		return;
	end = own_end(doc, s);
	for (ln = doc->sections[s].line + 1; ln <= end; ln++) {
		const struct pm_doc_line *l = &doc->lines[ln - 1];
		size_t n = l->len;
		const char *p = pm_skip_blanks(l->text);
		if (l->in_code || l->blank)
			continue;
		while (n && strchr(" \t", l->text[n - 1]))
			n--;
		n -= (size_t)(p - l->text);
		if (!unread)
			unread = unread_table(p, n);
		text += strspn(p, "-*_ ") < n;
	}
	if (text)
		pm_lint_report(c, PM_RULE_TIMELINE_TIME, doc->sections[s].line, 1,
			       "the Timeline is %s, so no time, order or span can be read; write its rows as a table: | Time | Event | Action Taken |%s",
			       unread_form(unread),
			       unread_hint(unread, " (or a list of items that each open with a time)"));
}

static void check_timeline_time(struct pm_lint_ctx *c)
{
	each_timeline_time(c, timeline_time, NULL);
	timeline_untabled(c);
}

struct timeline_prev {
	long t; /* seconds */
	const struct pm_row *row;
	const char *text;
	char zone[8];                /* the first row's zone, "" for UTC */
	const struct pm_row *zone_row;
	const char *zone_text;
	int zones_told;
};

/*
 * The zone written right after a time ("09:05 PST", "09:05 +01:00"): into
 * zone, "" when it is UTC (written so, as GMT, or not at all; a local
 * time in parentheses after it is the reader's help, not the row's zone).
 */
static void zone_after(const char *after, char zone[8])
{
	const char *s = pm_skip_blanks(after);
	size_t n = 0;

	zone[0] = 0;
	if (pm_skip_prefix(s, "GMT") && !isalnum((unsigned char)s[3]))
		return;
	/*
	 * "+01:00", "UTC-8", "09:12 -08:00"; but "09:12-09:15" is a range
	 * (after points past the time, so after[-1] is its last character)
	 */
	if (*s == '+' || (*s == '-' && (s != after || after[-1] == 'C' || after[-1] == 'c'))) {
		while (n < 6 && (isdigit((unsigned char)s[n + 1]) || s[n + 1] == ':'))
			n++;
		if (n >= 1 && strspn(s + 1, "0:") < n) { /* "+1", "+01:00", "-0800" */
			memcpy(zone, s, n + 1);
			zone[n + 1] = 0;
		}
		return; /* "+0", "UTC+00:00": UTC, as GMT */
	}
	while (n < 5 && isupper((unsigned char)s[n]))
		n++;
	if (n >= 2 && !isalnum((unsigned char)s[n])) {
		memcpy(zone, s, n);
		zone[n] = 0;
	}
}

static void timeline_order(struct pm_lint_ctx *c, const struct pm_row *row,
			   const struct pm_cell *cell, int read, long t, const char *after,
			   void *data)
{
	struct timeline_prev *o = data;
	char zone[8];

	if (!read)
		return;
	/* rows in two zones cannot be put in order: say so once, and judge no order */
	zone_after(after, zone);
	if (!o->zone_row) {
		memcpy(o->zone, zone, sizeof(zone));
		o->zone_row = row;
		o->zone_text = cell->text;
	} else if (strcmp(zone, o->zone) && !o->zones_told++) {
		pm_lint_report(c, PM_RULE_TIMELINE_ORDER, row->line, cell->col,
			       "'%s' is %s%s but '%s' on line %u is %s%s; write every row in one zone, UTC (a local time may follow in parentheses)",
			       cell->text, *zone ? "in " : "read as UTC", zone, o->zone_text,
			       o->zone_row->line, *o->zone ? "in " : "read as UTC", o->zone);
	}
	if (o->zones_told)
		return;
	if (o->row && t < o->t)
		pm_lint_report(c, PM_RULE_TIMELINE_ORDER, row->line, cell->col,
			       "'%s' comes before '%s' on line %u; keep rows in chronological order, and write the date (YYYY-MM-DD HH:MM) for times after midnight",
			       cell->text, o->text, o->row->line);
	o->t = t;
	o->row = row;
	o->text = cell->text;
}

/* A zone as zone_after gives it, with UTC written so: "UTC", GMT and Z alike. */
static void zone_norm(char zone[8])
{
	if (!strcmp(zone, "UTC") || !strcmp(zone, "GMT") || !strcmp(zone, "Z"))
		memcpy(zone, "UTC", 4);
}

/*
 * The zone the Timeline says its times are in ("| Time (PST) |", "All
 * times in PST."), "UTC" when it says UTC, "" when it says none.
 */
static void timeline_zone(struct pm_lint_ctx *c, char zone[8])
{
	static const char *const says[] = { "times in", "times are", "time zone:", "timezone:" };
	const struct pm_doc *doc = c->doc;
	const struct pm_table *t = timeline_table(doc);
	int s = pm_lint_section(doc, "Timeline");
	struct pm_buf line = PM_BUF_INIT;
	unsigned ln;
	size_t k;

	zone[0] = 0;
	if (t && t->head.nr) {
		const char *h = t->head.cells[time_column(t)].text, *paren;
		if ((paren = strchr(h, '(')))
			zone_after(paren + 1, zone);
	}
	for (ln = s >= 0 ? doc->sections[s].line + 1 : 1;
	     s >= 0 && !zone[0] && ln <= doc->sections[s].end && (!t || ln < t->line); ln++) {
		const struct pm_doc_line *l = &doc->lines[ln - 1];
		if (l->in_code || l->blank)
			continue;
		pm_buf_reset(&line);
		pm_buf_add(&line, l->text, l->len);
		for (k = 0; k < sizeof(says) / sizeof(says[0]) && !zone[0]; k++) {
			const char *at = pm_find_word(line.ptr, says[k]);
			if (at)
				zone_after(at + strlen(says[k]), zone);
		}
	}
	pm_buf_release(&line);
	zone_norm(zone);
}

/* The earliest and latest times of the Timeline, and the zone its rows are in */
struct timeline_span {
	long first, last; /* seconds */
	int have;
	struct pm_buf first_text, last_text; /* the cells outlive no walk */
	char said[8];  /* the zone the section says ("" none) */
	char zone[8];  /* the rows' zone (a row without one: the section's) */
	int mixed;     /* rows in two zones: the order rule names them */
};

static void timeline_span_row(struct pm_lint_ctx *c, const struct pm_row *row,
			      const struct pm_cell *cell, int read, long t, const char *after,
			      void *data)
{
	struct timeline_span *o = data;
	char zone[8];

	(void)c;
	(void)row;
	if (!read)
		return;
	zone_after(after, zone);
	zone_norm(zone);
	if (!zone[0])
		memcpy(zone, o->said, sizeof(zone));
	if (!o->have)
		memcpy(o->zone, zone, sizeof(zone));
	else if (strcmp(zone, o->zone))
		o->mixed = 1;
	if (!o->have || t < o->first) {
		o->first = t;
		pm_buf_sets(&o->first_text, cell->text);
	}
	if (!o->have || t > o->last) {
		o->last = t;
		pm_buf_sets(&o->last_text, cell->text);
	}
	o->have = 1;
}

/* The Detailed Timeline's entries, "**14:00 UTC** - Deployment began": in order too. */
static void detailed_timeline_order(struct pm_lint_ctx *c)
{
	const struct pm_doc *doc = c->doc;
	int s = pm_doc_section(doc, "Detailed Timeline", 3, -1);
	long base = c->facts->date >= 0 ? c->facts->date * 86400 : 0, prev = 0, day, last_day = -1;
	unsigned ln, prev_line = 0;
	struct pm_buf text = PM_BUF_INIT, prev_text = PM_BUF_INIT;
	struct timeline_span span = { 0, 0, 0, PM_BUF_INIT, PM_BUF_INIT, "", "", 0 };

	if (s >= 0 && c->facts->date >= 0) {
		timeline_zone(c, span.said);
		each_timeline_time(c, timeline_span_row, &span);
		if (span.have && !span.mixed)
			last_day = span.last / 86400;
	}
	for (ln = s >= 0 ? doc->sections[s].line + 1 : 1; s >= 0 && ln <= doc->sections[s].end; ln++) {
		const struct pm_doc_line *l = &doc->lines[ln - 1];
		const char *p, *close;
		long t;
		int dated;

		if (l->in_code || l->blank)
			continue;
		if (l->len > 5 && !strncmp(l->text, "####", 4)) {
			/* "#### 2026-02-11", "#### Day 2 (Feb 11, 2026)": the entries below are that day's */
			pm_buf_reset(&text);
			pm_buf_add(&text, l->text, l->len);
			for (p = text.ptr; *p; p++) {
				const char *q = p;
				if ((p == text.ptr || !word_byte((unsigned char)p[-1])) &&
				    pm_read_any_date(&q, &day)) {
					base = day * 86400;
					break;
				}
			}
			continue;
		}
		if (l->len < 5 || strncmp(l->text, "**", 2))
			continue;
		pm_buf_reset(&text);
		pm_buf_add(&text, l->text + 2, l->len - 2);
		if (!(close = strstr(text.ptr, "**")))
			continue;
		pm_buf_setlen(&text, (size_t)(close - text.ptr));
		p = time_start(text.ptr);
		if (!pm_read_time(&p, &t, &dated)) {
			if (cell_date(text.ptr, &day)) /* "**2026-02-11**": a day's heading */
				base = day * 86400;
			continue; /* a bold line that is no time: not an entry */
		}
		if (!dated)
			t += base;
		/*
		 * Back by more than half a day, while the Timeline goes on into
		 * the next day: past midnight (23:37, then 01:10), not disorder
		 */
		while (!dated && prev_line && prev - t > 12 * 3600 && base / 86400 < last_day) {
			base += 86400;
			t += 86400;
		}
		if (prev_line && t < prev)
			pm_lint_report(c, PM_RULE_TIMELINE_ORDER, ln, 3,
				       "'%s' comes before '%s' on line %u; keep the Detailed Timeline in chronological order, and write the date (YYYY-MM-DD HH:MM) for times after midnight",
				       text.ptr, prev_text.ptr, prev_line);
		prev = t;
		prev_line = ln;
		pm_buf_sets(&prev_text, text.ptr);
	}
	pm_buf_release(&text);
	pm_buf_release(&prev_text);
	pm_buf_release(&span.first_text);
	pm_buf_release(&span.last_text);
}

static void check_timeline_order(struct pm_lint_ctx *c)
{
	struct timeline_prev o = { 0, NULL, NULL, "", NULL, NULL, 0 };

	each_timeline_time(c, timeline_order, &o);
	detailed_timeline_order(c);
}

static const char *const action_names[] = { "Action", "Action Item", "Item", "Task", NULL };
static const char *const owner_names[] = { "Owner", "Owners", "Assignee", "DRI",
					     "Responsible", NULL };
static const char *const due_names[] = { "Due Date", "Due", "Due By", "Deadline", "Target Date",
					   "ETA", NULL };
static const char *const astatus_names[] = { "Status", "State", NULL };

static int action_table(const struct pm_doc *doc, struct action_table *a)
{
	int s = pm_lint_section(doc, "Action Items");
	size_t i;

	memset(a, 0, sizeof(*a));
	if (s < 0)
		return 0;
	for (i = 0; i < doc->nr_tables; i++)
		if (pm_doc_within(doc, doc->tables[i].section, s)) {
			a->t = &doc->tables[i];
			break;
		}
	if (!a->t)
		return 0;
	a->action = column(a->t, action_names);
	if (a->action < 0)
		a->action = 0;
	a->owner = column(a->t, owner_names);
	a->due = column(a->t, due_names);
	a->status = column(a->t, astatus_names);
	return 1;
}

/* Does a remark start at r: one of `punct`, or an en or em dash? */
static int remark_starts(const char *r, const char *punct)
{
	return (*r && strchr(punct, *r)) || !strncmp(r, "\xe2\x80\x93", 3) ||
	       !strncmp(r, "\xe2\x80\x94", 3);
}

int pm_action_state(const char *cell)
{
	static const struct {
		const char *name;
		int state;
	} known[] = {
		{ "done", 1 },        { "complete", 1 },   { "completed", 1 },
		{ "closed", 1 },      { "fixed", 1 },      { "resolved", 1 },
		{ "cancelled", 2 },   { "canceled", 2 },   { "won't do", 2 },
		{ "wont do", 2 },     { "dropped", 2 },    { "planned", 0 },
		{ "in progress", 0 }, { "in-progress", 0 }, { "open", 0 },
		{ "blocked", 0 },     { "not started", 0 }, { "todo", 0 },
		{ "to do", 0 },       { "pending", 0 },    { "started", 0 },
		{ "ongoing", 0 },     { "wip", 0 },        { "backlog", 0 },
		{ "on hold", 0 },     { "won\xe2\x80\x99t do", 2 }, /* typographic apostrophe */
		/* as trackers and PR workflows name them */
		{ "won't fix", 2 },   { "wont fix", 2 },   { "wontfix", 2 },
		{ "won\xe2\x80\x99t fix", 2 }, { "not doing", 2 }, { "descoped", 2 },
		{ "abandoned", 2 },   { "obsolete", 2 },   { "superseded", 2 },
		{ "rejected", 2 },    { "shipped", 1 },    { "deployed", 1 },
		{ "merged", 1 },      { "released", 1 },   { "finished", 1 },
		{ "implemented", 1 }, { "deferred", 0 },   { "postponed", 0 },
		{ "in review", 0 },   { "at risk", 0 },    { "on track", 0 },
		{ "scheduled", 0 },   { "new", 0 },        { "triaged", 0 },
	};
	/* a tick alone says done: ✅, ✔️, ☑️, or GitHub's shortcodes for them */
	static const char *const ticks[] = {
		"\xe2\x9c\x85", "\xe2\x9c\x94", "\xe2\x98\x91", ":white_check_mark:",
		":heavy_check_mark:", ":ballot_box_with_check:",
	};
	const char *s = cell;
	size_t i, n;

	/*
	 * skip leading emoji and symbols, "✅ Done", GitHub's shortcodes for
	 * them, ":construction: In Progress", and emphasis, "**Done**"
	 */
	for (;;) {
		const char *e;
		while (*s && !isalpha((unsigned char)*s) && *s != ':')
			s++;
		if (*s != ':')
			break;
		e = pm_past_shortcode(s);
		s = e > s ? e : s + 1;
	}
	s = pm_unmarked(s, &n);
	if (!n) {
		for (i = 0; i < sizeof(ticks) / sizeof(ticks[0]); i++)
			if (strstr(cell, ticks[i]))
				return 1;
		return -1;
	}
	/* and trailing ones, "Done ✔️" */
	while (n && !isalpha((unsigned char)s[n - 1]))
		n--;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strlen(known[i].name) == n && !strncasecmp(s, known[i].name, n))
			return known[i].state;
	/*
	 * a state, then a remark after a bracket or punctuation: "Done (#123)",
	 * "Blocked: vendor", "Closed - duplicate". Not after a bare space:
	 * "Complete by Friday" says what to do, not that it is done
	 */
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		size_t k = strlen(known[i].name);
		const char *r = s + k;
		if (k >= n || strncasecmp(s, known[i].name, k))
			continue;
		while (*r == ' ')
			r++;
		if (remark_starts(r, "(,;:-["))
			return known[i].state;
	}
	return -1;
}

/*
 * An action's due date: YYYY-MM-DD, emphasis marks around it ignored, and
 * a remark after a bracket or punctuation allowed ("2026-02-24 (moved)").
 */
static int due_date(const char *cell, long *days)
{
	size_t n;
	const char *s = pm_unmarked(cell, &n), *end = s + n;

	if (!pm_read_date(&s, days))
		return 0;
	while (s < end && strchr(" *_`", *s)) /* "**2026-02-24** (moved)" */
		s++;
	return s == end || remark_starts(s, "(,;[");
}

size_t pm_action_items(const struct pm_doc *doc, struct pm_action_item **out)
{
	struct action_table a;
	size_t r, n = 0;

	*out = NULL;
	if (!action_table(doc, &a) || !a.t->nr)
		return 0;
	*out = pm_xcalloc(a.t->nr, sizeof(**out));
	for (r = 0; r < a.t->nr; r++) {
		const struct pm_row *row = &a.t->rows[r];
		struct pm_action_item *it = &(*out)[n++];
		const char *v;

		it->action = (v = cell_text(row, a.action)) ? v : "";
		it->owner = (v = cell_text(row, a.owner)) ? v : "";
		it->due = (v = cell_text(row, a.due)) ? v : "";
		it->status = (v = cell_text(row, a.status)) ? v : "";
		it->line = row->line;
		it->due_col = a.due >= 0 && (size_t)a.due < row->nr ? row->cells[a.due].col : 1;
		it->state = pm_action_state(it->status);
		if (!due_date(it->due, &it->due_days))
			it->due_days = -1;
	}
	return n;
}

long pm_action_find(const struct pm_action_item *items, size_t n, const char *name)
{
	struct pm_buf want = PM_BUF_INIT, have = PM_BUF_INIT;
	long found = -1;
	size_t i;

	pm_fold_name(&want, name, strlen(name));
	for (i = 0; i < n && found < 0; i++) {
		pm_buf_reset(&have);
		pm_fold_name(&have, items[i].action, strlen(items[i].action));
		if (want.len && !strcmp(want.ptr, have.ptr))
			found = (long)i;
	}
	if (found < 0 && strchr(name, '\\')) {
		/* a follow-up written when the table's cells were read with their escapes */
		struct pm_buf shown = PM_BUF_INIT;
		pm_doc_add_rendered(&shown, name, name + strlen(name));
		if (strcmp(shown.ptr, name))
			found = pm_action_find(items, n, shown.ptr);
		pm_buf_release(&shown);
	}
	pm_buf_release(&want);
	pm_buf_release(&have);
	return found;
}

const struct pm_action_update *pm_followup_apply(const struct pm_followup *f,
						 struct pm_action_item *items, size_t n)
{
	const struct pm_action_update *unknown = NULL;
	size_t i;

	for (i = 0; f && i < f->nr; i++) {
		const struct pm_action_update *u = &f->updates[i];
		long k = pm_action_find(items, n, u->action);
		if (k < 0) {
			if (!unknown)
				unknown = u;
			continue;
		}
		if (u->status) {
			items[k].status = u->status;
			items[k].state = pm_action_state(u->status);
		}
		if (u->due) {
			items[k].due = u->due;
			items[k].due_days = u->due_days;
		}
		items[k].updated = u->date;
	}
	return unknown;
}

/* Appends "the <what> 'a'" or "the <what>s 'a', 'b'" for the names in list. */
static void add_named(struct pm_buf *out, const char *what, const char *const *list, size_t n)
{
	size_t k;

	if (!n)
		return;
	pm_buf_addf(out, "%sthe %s%s ", out->len ? " and " : "", what, n == 1 ? "" : "s");
	for (k = 0; k < n; k++)
		pm_buf_addf(out, "%s'%s'", k ? ", " : "", list[k]);
}

/* The Action Items columns a rule reads, with their names. */
static const struct {
	enum pm_rule_id rule;
	const char *label;
} action_columns[] = {
	{ PM_RULE_ACTION_OWNER, "Owner" },
	{ PM_RULE_ACTION_DUE, "Due Date" },
	{ PM_RULE_ACTION_STATUS, "Status" },
};

/* The column of the table that `rule` reads, or -1. */
static int rule_column(const struct action_table *a, enum pm_rule_id rule)
{
	return rule == PM_RULE_ACTION_OWNER ? a->owner : rule == PM_RULE_ACTION_DUE ? a->due : a->status;
}

size_t pm_lint_template_gaps(const struct pm_template *t, struct pm_buf *out)
{
	const char *lacking[sizeof(fields) / sizeof(fields[0])];
	struct action_table a;
	size_t k, n = 0, all;

	struct pm_buf inner = PM_BUF_INIT;
	int run_on;

	if (!t || !t->has_outline)
		return 0;
	/* fields run together are named as such (pmgit new), not as missing */
	run_on = pm_lint_header_run_on(&t->outline, &inner) != NULL;
	pm_buf_release(&inner);
	for (k = 0; k < sizeof(fields) / sizeof(fields[0]) && !run_on; k++)
		if (!pm_facts_header(&t->outline, fields[k].names))
			lacking[n++] = fields[k].label;
	add_named(out, "header field", lacking, n);
	all = n;
	if (!action_table(&t->outline, &a))
		return all; /* a missing section is the section rule's to name */
	for (n = 0, k = 0; k < sizeof(action_columns) / sizeof(action_columns[0]); k++)
		if (rule_column(&a, action_columns[k].rule) < 0)
			lacking[n++] = action_columns[k].label;
	add_named(out, "Action Items column", lacking, n);
	return all + n;
}

/* An Owner cell that names nobody: "N/A", "None", "-", "?" (emphasis aside). */
static int names_nobody(const char *v)
{
	static const char *const nobody[] = {
		"n/a", "none", "nobody", "no one", "noone", "unassigned", "unowned",
		"-", "--", "\xe2\x80\x93", "\xe2\x80\x94", "?", "??", "???", NULL,
	};
	char word[16];
	size_t n;

	v = pm_skip_blanks(v);
	while (*v == '*' || *v == '_' || *v == '`')
		v++;
	n = strlen(v);
	while (n && strchr("*_` \t", v[n - 1]))
		n--;
	if (!n || n >= sizeof(word))
		return 0;
	memcpy(word, v, n);
	word[n] = '\0';
	return pm_name_in(word, nobody);
}

/*
 * Action Items written as a list ("- [ ] Alert on expiry (Bob)"), or in
 * prose, or as a pandoc table that GitHub shows as text, where the
 * template keeps a table: no owner, due date or status can be read, and
 * 'pmgit actions' tracks none of them. Named once, at the first item or
 * line; a lone "- None" (or "None.", "No action items.") says there are
 * none, and a repository whose own template lists them is not asked for a
 * table.
 */
static void action_list(struct pm_lint_ctx *c)
{
	const struct pm_doc *doc = c->doc;
	int s = pm_lint_section(doc, "Action Items");
	struct action_table ta;
	struct pm_buf line = PM_BUF_INIT;
	unsigned ln, first = 0, items = 0, text = 0;
	int none = 0, unread = 0;

	if (s < 0 || (c->in->tpl && c->in->tpl->has_outline &&
		      !action_table(&c->in->tpl->outline, &ta)))
		return;
	for (ln = doc->sections[s].line + 1; ln <= doc->sections[s].end; ln++) {
		const struct pm_doc_line *l = &doc->lines[ln - 1];
		const char *p;

		if (l->in_code || l->blank)
			continue;
		pm_buf_reset(&line);
		pm_buf_add(&line, l->text, l->len);
		while (line.len && strchr(" \t", line.ptr[line.len - 1]))
			pm_buf_setlen(&line, line.len - 1);
		p = pm_skip_blanks(line.ptr);
		if (!unread)
			unread = unread_table(p, line.len - (size_t)(p - line.ptr));
		if (strspn(p, "-*_ ") == strlen(p))
			continue; /* a rule: "---" */
		while (line.len && line.ptr[line.len - 1] == '.')
			pm_buf_setlen(&line, line.len - 1);
		if (!(p = pm_doc_list_item(line.ptr, line.ptr + line.len))) {
			/* a sentence: "None.", "No action items", "No follow-up needed" */
			p = pm_skip_blanks(line.ptr);
			if (*p != '#' && !text++)
				none = names_nobody(p) || (!strncasecmp(p, "no ", 3) && !unread);
			if (*p != '#' && !first)
				first = ln;
			continue;
		}
		/* an indented item is a detail of the one above */
		if (items++)
			continue;
		first = ln;
		none = names_nobody(p);
	}
	pm_buf_release(&line);
	if (items && !(items == 1 && !text && none))
		pm_lint_report(c, PM_RULE_ACTION_OWNER, first, 1,
			       "the Action Items are a list, so no owner, due date or status can be read, and 'pmgit actions' tracks none of them; write them as rows of a table: | Action | Owner | Due Date | Status |");
	else if (!items && text && (unread || !(text == 1 && none)))
		pm_lint_report(c, PM_RULE_ACTION_OWNER, first, 1,
			       "the Action Items are %s, so no owner, due date or status can be read, and 'pmgit actions' tracks none of them; write them as rows of a table: | Action | Owner | Due Date | Status |%s",
			       unread_form(unread), unread_hint(unread, " (or 'None' alone if there are none)"));
}

static void check_action_column(struct pm_lint_ctx *c, enum pm_rule_id rule)
{
	struct action_table a;
	size_t r;
	int col;
	const char *what;

	if (!action_table(c->doc, &a)) {
		if (rule == PM_RULE_ACTION_OWNER)
			action_list(c);
		return;
	}
	col = rule_column(&a, rule);
	for (what = "", r = 0; r < sizeof(action_columns) / sizeof(action_columns[0]); r++)
		if (action_columns[r].rule == rule)
			what = action_columns[r].label;
	if (col < 0) {
		struct action_table ta;
		int lacks = c->in->tpl && c->in->tpl->has_outline &&
			    action_table(&c->in->tpl->outline, &ta) && rule_column(&ta, rule) < 0;
		pm_lint_report(c, rule, a.t->line, 1,
			       "the Action Items table has no '%s' column; add one%s", what,
			       lacks ? " (the table in " PM_TEMPLATE_PATH " lacks it too: add it there, so that new postmortems start with it)" : "");
		return;
	}
	for (r = 0; r < a.t->nr; r++) {
		const struct pm_row *row = &a.t->rows[r];
		const char *v = cell_text(row, col), *name = cell_text(row, a.action);
		unsigned vcol;
		long days;

		if (!v || has_placeholder(c, v))
			continue;
		vcol = row->cells[col].col;
		if (!name || !*name)
			name = "(unnamed)";
		if (rule == PM_RULE_ACTION_OWNER && !*v)
			pm_lint_report(c, rule, row->line, vcol,
				       "action '%s' has no owner; name one person or team", name);
		else if (rule == PM_RULE_ACTION_OWNER && names_nobody(v))
			pm_lint_report(c, rule, row->line, vcol,
				       "action '%s' has no owner ('%s' names nobody); name one person or team",
				       name, v);
		else if (rule == PM_RULE_ACTION_DUE && !*v)
			pm_lint_report(c, rule, row->line, vcol,
				       "action '%s' has no due date; write YYYY-MM-DD", name);
		else if (rule == PM_RULE_ACTION_DUE && !due_date(v, &days)) {
			struct pm_buf iso = PM_BUF_INIT;
			long other;
			if (pm_guess_date(v, &days)) {
				pm_format_date(&iso, days);
			} else if (pm_date_ambiguous(v, &days, &other)) {
				pm_format_date(&iso, days);
				pm_buf_adds(&iso, " or ");
				pm_format_date(&iso, other);
				pm_buf_adds(&iso, ", whichever it means");
			} else {
				pm_buf_sets(&iso, "YYYY-MM-DD");
			}
			pm_lint_report(c, rule, row->line, vcol,
				       "due date '%s' of action '%s' is not a date pmgit reads; write %s",
				       v, name, iso.ptr);
			pm_buf_release(&iso);
		} else if (rule == PM_RULE_ACTION_DUE && c->facts->date >= 0 &&
			   days < c->facts->date) {
			struct pm_buf when = PM_BUF_INIT;
			pm_format_date(&when, c->facts->date);
			pm_lint_report(c, rule, row->line, vcol,
				       "due date '%s' of action '%s' is before the incident (%s); correct the date",
				       v, name, when.ptr);
			pm_buf_release(&when);
		}
		else if (rule == PM_RULE_ACTION_STATUS && !*v)
			pm_lint_report(c, rule, row->line, vcol,
				       "action '%s' has no status; write Planned, In Progress, Blocked, Done or Cancelled",
				       name);
		else if (rule == PM_RULE_ACTION_STATUS && pm_action_state(v) < 0)
			pm_lint_report(c, rule, row->line, vcol,
				       "status '%s' of action '%s' is not one of Planned, In Progress, Blocked, Done, Cancelled",
				       v, name);
	}
}

static void check_action_owner(struct pm_lint_ctx *c)
{
	check_action_column(c, PM_RULE_ACTION_OWNER);
}

static void check_action_due(struct pm_lint_ctx *c)
{
	check_action_column(c, PM_RULE_ACTION_DUE);
}

static void check_action_status(struct pm_lint_ctx *c)
{
	check_action_column(c, PM_RULE_ACTION_STATUS);
}

/* "to", "-", "–", "—", "until", "→" between two times */
static int skip_range_word(const char **sp)
{
	static const char *const words[] = {
		"to ", "until ", "till ", "through ", "thru ", "and ", "->", "-",
		"\xe2\x80\x93", "\xe2\x80\x94", "\xe2\x86\x92", /* – — → */
	};
	const char *s = pm_skip_blanks(*sp), *r;
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if ((r = pm_skip_prefix(s, words[i]))) {
			*sp = pm_skip_blanks(r);
			return 1;
		}
	return 0;
}

/* "From 09:12 to ...", "Between 09:12 and ...": the word before the first time */
static const char *skip_range_start(const char *s)
{
	const char *r;

	s = pm_skip_blanks(s);
	if ((r = pm_skip_prefix(s, "from ")) || (r = pm_skip_prefix(s, "between ")))
		return pm_skip_blanks(r);
	return s;
}

/*
 * How far apart two figures of minutes may be: rounding, or a tenth when
 * the writer said the figure is approximate ("about 80 minutes").
 */
static double slack(double minutes, int approx)
{
	return approx && minutes * 0.1 > 0.5 ? minutes * 0.1 : 0.5;
}

/*
 * Does a written duration (`stated`, written to `step` minutes: "1.6h" to
 * 6) state `actual`, within `tol`, or rounded or cut to its precision?
 */
static int states(double stated, double step, double actual, double tol)
{
	double d = actual - stated;

	return fabs(d) < tol || (d > -step / 2 - 1e-9 && d < step);
}

/* What the Impact section's Duration says, read once for the rules that use it. */
struct impact_duration {
	const struct pm_field *f;
	enum { DUR_NONE, DUR_UNREADABLE, DUR_STATED_UNREADABLE, DUR_TIMES, DUR_READ } got;
	double stated;     /* minutes; DUR_READ */
	double step;       /* its precision, minutes ("3.1h": 6); DUR_READ */
	int approx;
	double actual;     /* end - start in minutes; DUR_TIMES and DUR_READ */
	long start, end;   /* seconds, an undated time on the Date; DUR_TIMES and DUR_READ */
	const char *paren; /* where the stated figure starts, for a column */
	char zone[8];      /* the zone it names ("UTC", "PST"), "" when none */
};

/*
 * The days a note after an end time adds to it: "(+1)", "(+1 day)",
 * "(+2d)", "(next day)"; 0 when p ('(') holds none.
 */
static int day_marker(const char *p)
{
	const char *r = pm_skip_blanks(p + 1), *w;
	int n = 1;

	if (*r == '+' && isdigit((unsigned char)r[1]) && !isdigit((unsigned char)r[2])) {
		n = r[1] - '0';
		r = pm_skip_blanks(r + 2);
		if ((w = pm_skip_prefix(r, "days")) || (w = pm_skip_prefix(r, "day")) ||
		    (w = pm_skip_prefix(r, "d")))
			r = pm_skip_blanks(w);
	} else if ((w = pm_skip_prefix(r, "the next day")) || (w = pm_skip_prefix(r, "next day"))) {
		r = pm_skip_blanks(w);
	} else {
		return 0;
	}
	return *r == ')' ? n : 0;
}

/*
 * After "09:12 to 10:47 UTC", the parentheses that hold the duration:
 * not those restating the times in another zone ("(01:12 to 02:47 PST)",
 * as the template asks for local time), which read as a figure too.
 */
static const char *duration_paren(const char *s)
{
	const char *p;
	long t;
	int dated;

	while ((p = strchr(s, '('))) {
		const char *r = skip_range_start(p + 1);
		if (!day_marker(p) &&
		    !(pm_read_time(&r, &t, &dated) && skip_range_word(&r) && pm_read_time(&r, &t, &dated)))
			return p;
		s = p + 1;
	}
	return NULL;
}

static void read_impact_duration(struct pm_lint_ctx *c, struct impact_duration *d)
{
	int impact = pm_lint_section(c->doc, "Impact");
	const char *s, *end_time = NULL; /* past the end time */
	long t1 = 0, t2 = 0, base = c->facts->date >= 0 ? c->facts->date * 86400 : 0;
	int d1 = 0, d2 = 0, marker = 0;

	memset(d, 0, sizeof(*d));
	d->f = impact >= 0 ? pm_doc_field(c->doc, impact, "Duration") : NULL;
	if (!d->f || is_empty_value(d->f->value) || has_placeholder(c, d->f->value))
		return;
	s = skip_range_start(d->f->value);
	d->got = DUR_UNREADABLE;
	if (pm_read_time(&s, &t1, &d1) && skip_range_word(&s) && pm_read_time(&s, &t2, &d2)) {
		/* "09:12 to 10:47 UTC (1h 35m)" */
		end_time = s;
		d->paren = duration_paren(s);
		d->got = DUR_TIMES; /* nothing stated to check */
		if (d->paren) {
			s = pm_skip_blanks(d->paren + 1);
			d->got = pm_read_duration(&s, &d->stated, &d->approx, &d->step) ? DUR_READ
									       : DUR_STATED_UNREADABLE;
		}
	} else if (s = d->f->value, pm_read_duration(&s, &d->stated, &d->approx, &d->step) &&
		   (d->paren = strchr(s, '(')) && (s = skip_range_start(d->paren + 1)) &&
		   pm_read_time(&s, &t1, &d1) && skip_range_word(&s) && pm_read_time(&s, &t2, &d2)) {
		/* "1h 35m (09:12 to 10:47 UTC)" */
		end_time = s;
		d->paren = d->f->value;
		d->got = DUR_READ;
	}
	if (d->got != DUR_TIMES && d->got != DUR_READ)
		return;
	{
		/* "01:10 (+1 day)": the end is that many days after the start's */
		const char *p = end_time;
		while ((p = strchr(p, '(')) && p != d->paren && !(marker = day_marker(p)))
			p++;
	}
	zone_after(end_time, d->zone);
	zone_norm(d->zone);
	if (!d->zone[0] && (pm_find_word(d->f->value, "UTC") || pm_find_word(d->f->value, "GMT")))
		memcpy(d->zone, "UTC", 4);
	/* an undated time is on the other's day, else on the incident's Date */
	if (!d1)
		t1 += d2 ? t2 - t2 % 86400 : base;
	if (!d2)
		t2 += (d1 ? t1 - t1 % 86400 : base) + (long)marker * 86400;
	if (t2 < t1 && !d2 && !marker)
		t2 += 86400; /* an undated end after midnight */
	else if (t2 < t1 && !d1)
		t1 -= 86400; /* an undated start before midnight */
	d->start = t1;
	d->end = t2;
	d->actual = (double)(t2 - t1) / 60;
}

static void check_duration(struct pm_lint_ctx *c)
{
	struct impact_duration d;
	struct pm_buf a = PM_BUF_INIT, b = PM_BUF_INIT;

	read_impact_duration(c, &d);
	if (d.got == DUR_STATED_UNREADABLE)
		pm_lint_report(c, PM_RULE_DURATION, d.f->line, value_col_of(c, d.f, d.paren),
			       "cannot read the stated duration; write it as '(2h 15m)' or '(135 minutes)'");
	else if (d.got == DUR_UNREADABLE)
		pm_lint_report(c, PM_RULE_DURATION, d.f->line, d.f->value_col,
			       "cannot read the duration '%s'; write it as 'HH:MM to HH:MM (2h 15m)' so it can be checked",
			       d.f->value);
	if (d.got == DUR_READ && d.actual < 0) {
		pm_lint_report(c, PM_RULE_DURATION, d.f->line, d.f->value_col,
			       "the Duration ends before it starts; correct the dates or times");
		return;
	}
	if (d.got != DUR_READ || states(d.stated, d.step, d.actual, slack(d.stated, d.approx)))
		return;
	fmt_minutes(&a, d.stated);
	fmt_minutes(&b, d.actual);
	pm_lint_report(c, PM_RULE_DURATION, d.f->line, value_col_of(c, d.f, d.paren),
		       "the duration says %s but the start and end times are %s (%.0f minutes) apart; correct one of them",
		       a.ptr, b.ptr, d.actual);
	pm_buf_release(&a);
	pm_buf_release(&b);
}

/*
 * The Timeline tells the incident; the Duration's window should lie in
 * it. One outside it (rows copied from another incident, a Duration left
 * from a draft) is a warning; a few minutes either way are the author's.
 */
static void check_timeline_span(struct pm_lint_ctx *c)
{
	struct timeline_span o = { 0, 0, 0, PM_BUF_INIT, PM_BUF_INIT, "", "", 0 };
	struct impact_duration d;
	const long slack_s = 5 * 60;

	read_impact_duration(c, &d);
	if ((d.got != DUR_TIMES && d.got != DUR_READ) || c->facts->date < 0)
		return; /* without a Date, dated and undated times do not compare */
	timeline_zone(c, o.said);
	each_timeline_time(c, timeline_span_row, &o);
	/*
	 * zones are named, not converted: a Timeline in PST and a Duration in
	 * UTC do not compare (a Duration that names no zone is the Timeline's)
	 */
	if (!o.have || o.mixed ||
	    (d.zone[0] && strcmp(d.zone, o.zone[0] ? o.zone : "UTC")))
		goto done;
	if (d.start < o.first - slack_s)
		pm_lint_report(c, PM_RULE_TIMELINE_SPAN, d.f->line, d.f->value_col,
			       "the Duration starts before the Timeline's first row ('%s'); add a row for when the impact began, or correct the Duration",
			       o.first_text.ptr);
	else if (d.start > o.last + slack_s)
		pm_lint_report(c, PM_RULE_TIMELINE_SPAN, d.f->line, d.f->value_col,
			       "the Duration starts after the Timeline's last row ('%s'); correct the Duration, or the Timeline's times",
			       o.last_text.ptr);
	else if (d.end > o.last + slack_s)
		pm_lint_report(c, PM_RULE_TIMELINE_SPAN, d.f->line, d.f->value_col,
			       "the Duration ends after the Timeline's last row ('%s'); add a row for when the impact ended, or correct the Duration",
			       o.last_text.ptr);
done:
	pm_buf_release(&o.first_text);
	pm_buf_release(&o.last_text);
}

static void check_resolution_time(struct pm_lint_ctx *c)
{
	const struct pm_doc *doc = c->doc;
	int s = pm_doc_section(doc, "Time to Resolution", 3, -1);
	const struct pm_field *total = NULL;
	double sum = 0, tot, step, steps = 0; /* steps: the precision the figures were written to */
	size_t i, parts = 0;
	int approx, any_approx = 0;
	struct pm_buf a = PM_BUF_INIT, b = PM_BUF_INIT;

	if (s < 0)
		return;
	for (i = 0; i < doc->nr_fields; i++) {
		const struct pm_field *f = &doc->fields[i];
		const char *v = pm_skip_blanks(f->value);
		double m;

		if (f->section != s || f->line < doc->body_line)
			continue;
		if (has_placeholder(c, f->value))
			return;
		if (!strcasecmp(f->name, "Total")) {
			total = f;
			continue;
		}
		if (!pm_read_duration(&v, &m, &approx, &step)) {
			pm_lint_report(c, PM_RULE_RESOLUTION_TIME, f->line, f->value_col,
				       "cannot read '%s' as a duration; write it as '10 minutes' or '1h 5m'",
				       f->value);
			return;
		}
		any_approx |= approx;
		steps += step;
		sum += m;
		parts++;
	}
	if (!total || !parts)
		return;
	{
		const char *v = pm_skip_blanks(total->value);
		if (!pm_read_duration(&v, &tot, &approx, &step)) {
			pm_lint_report(c, PM_RULE_RESOLUTION_TIME, total->line, total->value_col,
				       "cannot read the Total '%s' as a duration; write it as '80 minutes' or '1h 20m'",
				       total->value);
			return;
		}
		any_approx |= approx;
		steps += step;
	}
	if (!states(tot, steps, sum, slack(tot, any_approx))) {
		fmt_minutes(&a, sum);
		fmt_minutes(&b, tot);
		pm_lint_report(c, PM_RULE_RESOLUTION_TIME, total->line, total->value_col,
			       "the parts add up to %s but Total says %s; correct the parts or the total",
			       a.ptr, b.ptr);
	}
	pm_buf_release(&a);
	pm_buf_release(&b);
}

/* A figure in a value: the first number followed by '%' or by a minutes unit. */
struct figure {
	int found;
	double v;
	int dec;
	const char *at;
};

static void find_figures(const char *s, struct figure *pct, struct figure *min)
{
	const char *begin = s;

	memset(pct, 0, sizeof(*pct));
	memset(min, 0, sizeof(*min));
	while (*s) {
		const char *start = s, *after;
		double v;
		int dec;

		if (!isdigit((unsigned char)*s) ||
		    (s > begin && isalnum((unsigned char)s[-1]))) {
			s++;
			continue;
		}
		if (!pm_read_number(&s, &v, &dec)) {
			s++;
			continue;
		}
		/* "-8.8 minutes" left of an overspent budget; not "10-44" */
		if (start > begin && start[-1] == '-' &&
		    (start - 1 == begin || !isalnum((unsigned char)start[-2]))) {
			v = -v;
			start--;
		}
		after = pm_skip_blanks(s);
		if (*after == '%' && !pct->found) {
			pct->found = 1;
			pct->v = v;
			pct->dec = dec;
			pct->at = start;
		} else if (!min->found && pm_skip_prefix(after, "min")) {
			min->found = 1;
			min->v = v;
			min->dec = dec;
			min->at = start;
		}
	}
}

static const struct pm_field *next_field(const struct pm_doc *doc,
					 const struct pm_field *after,
					 const char *name)
{
	size_t i = (size_t)(after - doc->fields) + 1;

	for (; i < doc->nr_fields && doc->fields[i].section == after->section; i++)
		if (!strcasecmp(doc->fields[i].name, name))
			return &doc->fields[i];
	return NULL;
}

/*
 * Does `written` (with `dec` decimals) agree with part / whole * 100 (or,
 * with `minus`, whole - part) for one of the budget's readings?
 */
static int budget_agrees(double written, int dec, double part, const double *budget, size_t n,
			 int minus)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (minus ? agrees(written, dec, budget[k] - part)
			  : budget[k] > 0 && agrees(written, dec, part / budget[k] * 100))
			return 1;
	return 0;
}

/* Does `written` (with `dec` decimals) agree with the share `consumed` leaves of a budget reading? */
static int budget_left_agrees(double written, int dec, double consumed, const double *budget,
			      size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (budget[k] > 0 && agrees(written, dec, (budget[k] - consumed) / budget[k] * 100))
			return 1;
	return 0;
}

static void check_error_budget(struct pm_lint_ctx *c)
{
	const struct pm_doc *doc = c->doc;
	const struct pm_field *mb = pm_doc_field(doc, -1, "Monthly budget");
	const struct pm_field *cons, *rem, *metric;
	struct figure mp, mm, cp, cm, rp, rm;
	double budget[7];
	size_t nr_budget = 0;
	int impact;

	if (!mb || has_placeholder(c, mb->value))
		return;
	find_figures(mb->value, &mp, &mm);
	if (!mp.found || !mm.found) {
		pm_lint_report(c, PM_RULE_ERROR_BUDGET, mb->line, mb->value_col,
			       "write the monthly budget as a percentage and minutes, e.g. '0.5%% (216 minutes)'");
		return;
	}
	{
		/*
		 * a month of 28 to 31 days, or the average month SLO
		 * calculators use (365.25 / 12 days: 0.1% is 43.8 minutes)
		 */
		static const double months[] = { 28, 29, 30, 31, 365.25 / 12, 365.0 / 12 };
		size_t k;
		int ok = 0;
		/*
		 * the budget as figured before its minutes were rounded ("0.1%
		 * (43 minutes)" for 43.2), which the other figures may come from
		 */
		budget[nr_budget++] = mm.v;
		for (k = 0; k < sizeof(months) / sizeof(months[0]); k++)
			if (agrees(mm.v, mm.dec, mp.v / 100.0 * months[k] * 1440)) {
				ok = 1;
				budget[nr_budget++] = mp.v / 100.0 * months[k] * 1440;
			}
		if (!ok)
			pm_lint_report(c, PM_RULE_ERROR_BUDGET, mb->line, value_col_of(c, mb, mm.at),
				       "%g%% of a 30-day month is %.1f minutes (%.1f for an average month of 30.44 days), not %g; correct the percentage or the minutes",
				       mp.v, mp.v / 100.0 * 30 * 1440, mp.v / 100.0 * 365.25 / 12 * 1440, mm.v);
	}
	cons = next_field(doc, mb, "Consumed");
	if (cons && !has_placeholder(c, cons->value)) {
		find_figures(cons->value, &cp, &cm);
		if (cm.found && cp.found && mm.v > 0 &&
		    !budget_agrees(cp.v, cp.dec, cm.v, budget, nr_budget, 0))
			pm_lint_report(c, PM_RULE_ERROR_BUDGET, cons->line, value_col_of(c, cons, cp.at),
				       "%g of %g minutes is %.*f%% of the budget, not %g%%",
				       cm.v, mm.v, cp.dec, cm.v / mm.v * 100, cp.v);
		rem = next_field(doc, mb, "Remaining");
		if (cm.found && rem && !has_placeholder(c, rem->value)) {
			find_figures(rem->value, &rp, &rm);
			/* an overspent budget may be written as nothing left */
			if (rm.found && !budget_agrees(rm.v, rm.dec, cm.v, budget, nr_budget, 1) &&
			    !(mm.v < cm.v && rm.v == 0))
				pm_lint_report(c, PM_RULE_ERROR_BUDGET, rem->line, value_col_of(c, rem, rm.at),
					       "%g minutes budgeted minus %g consumed leaves %g%s, not %g",
					       mm.v, cm.v, mm.v - cm.v,
					       mm.v < cm.v ? " (or 0: the budget is spent)" : "", rm.v);
			/*
			 * the share left: from the minutes when they are given, or
			 * as what the consumed share leaves, which those who round
			 * the minutes figure from ("43 minutes", "20 (46.3%)",
			 * "23 (53.7%)": 23.2 of 43.2 before rounding)
			 */
			if (rp.found && rm.found && mm.v > 0 &&
			    !budget_agrees(rp.v, rp.dec, rm.v, budget, nr_budget, 0) &&
			    !(cp.found && agrees(rp.v, rp.dec, 100 - cp.v)) &&
			    !budget_left_agrees(rp.v, rp.dec, cm.v, budget, nr_budget))
				pm_lint_report(c, PM_RULE_ERROR_BUDGET, rem->line, value_col_of(c, rem, rp.at),
					       "%g of %g minutes is %.*f%% of the budget, not %g%%",
					       rm.v, mm.v, rp.dec, rm.v / mm.v * 100, rp.v);
			else if (rp.found && !rm.found && cp.found && !agrees(rp.v, rp.dec, 100 - cp.v) &&
				 !(cp.v > 100 && rp.v == 0))
				pm_lint_report(c, PM_RULE_ERROR_BUDGET, rem->line, value_col_of(c, rem, rp.at),
					       "%g%% consumed leaves %g%% of the budget, not %g%%",
					       cp.v, 100 - cp.v, rp.v);
		}
		/* the Impact section's summary figure must say the same */
		impact = pm_lint_section(doc, "Impact");
		metric = impact >= 0 ? pm_doc_field(doc, impact, "Error Budget") : NULL;
		if (cp.found && metric && !has_placeholder(c, metric->value)) {
			struct figure xp, xm;
			find_figures(metric->value, &xp, &xm);
			if (xp.found && !agrees(xp.v, xp.dec, cp.v) && !agrees(cp.v, cp.dec, xp.v))
				pm_lint_report(c, PM_RULE_ERROR_BUDGET, metric->line,
					       value_col_of(c, metric, xp.at),
					       "Error Budget says %g%% consumed but the appendix says %g%% (line %u); make them agree",
					       xp.v, cp.v, cons->line);
		}
	}
}

/*
 * An SLO's figure: a share ("99.5%") or a time ("300ms", "1.2 s"), in
 * milliseconds, with where it is written.
 */
struct slo_figure {
	const char *start, *end;
	double v;
	int time; /* a time, in ms: a latency, lower is better */
};

/* The figure that starts at s (in the text from base), when one does. */
static int read_slo_figure(const char *base, const char *s, struct slo_figure *f)
{
	static const struct {
		const char *unit;
		double ms;
	} units[] = {
		{ "ms", 1 }, { "msec", 1 }, { "milliseconds", 1 }, { "millisecond", 1 },
		{ "seconds", 1000 }, { "second", 1000 }, { "secs", 1000 }, { "sec", 1000 }, { "s", 1000 },
		{ "minutes", 60000 }, { "minute", 60000 }, { "mins", 60000 }, { "min", 60000 },
		{ "us", 0.001 }, { "\xc2\xb5s", 0.001 }, { "\xce\xbcs", 0.001 },
	};
	const char *p = s, *u, *r;
	int dec;
	size_t k;

	if (!isdigit((unsigned char)*s) || (s > base && (isalnum((unsigned char)s[-1]) || s[-1] == '.')))
		return 0; /* "p99" is no figure */
	if (!pm_read_number(&p, &f->v, &dec))
		return 0;
	f->start = s;
	u = pm_skip_blanks(p);
	if (*u == '%') {
		f->time = 0;
		f->end = u + 1;
		return 1;
	}
	for (k = 0; k < sizeof(units) / sizeof(units[0]); k++)
		if ((r = pm_skip_prefix(u, units[k].unit)) && !isalpha((unsigned char)*r)) {
			f->v *= units[k].ms;
			f->time = 1;
			f->end = r;
			return 1;
		}
	return 0;
}

/*
 * The figure `word` ("target", "actual") names in s: written before it
 * ("99.5% (target)", "300ms target") or after it ("target 99.5%",
 * "actual: 950ms", "target < 300ms"). *after is past both.
 */
static int slo_named(const char *s, const char *word, struct slo_figure *f, const char **after)
{
	const char *w, *p, *from = s;
	size_t n = strlen(word);

	while ((w = pm_find_word(from, word))) {
		/* before it: only blanks and '(' between */
		for (p = w; p > s && p > w - 8 && (p[-1] == ' ' || p[-1] == '(' || p[-1] == '\t'); p--)
			;
		if (p > s) {
			/* a figure and its unit are short: look no further back */
			const char *q = p - (size_t)(p - s < 40 ? p - s : 40);
			for (; q < p; q++)
				if (read_slo_figure(s, q, f) && f->end == p) {
					*after = w + n + (w[n] == ')');
					return 1;
				}
		}
		/* after it: blanks, ':', '<', "≤", "of" */
		p = w + n;
		if (*p == ')')
			p++;
		for (;;) {
			const char *q = pm_skip_blanks(p);
			if (*q == ':' || *q == '<' || *q == '=')
				p = q + 1;
			else if (!strncmp(q, "\xe2\x89\xa4", 3))
				p = q + 3;
			else if (!strncasecmp(q, "of ", 3))
				p = q + 3;
			else {
				p = q;
				break;
			}
		}
		if (read_slo_figure(s, p, f)) {
			*after = f->end;
			return 1;
		}
		from = w + n;
	}
	return 0;
}

/*
 * Which mark follows the figures: 1 missed, 0 met, -1 none. Words are
 * matched whole; the ❌ and ✅ symbols anywhere.
 */
static int slo_mark(const char *s, const char **at)
{
	static const char *const missed[] = { "missed", "not met", "breached", "violated" };
	static const char *const met[] = { "met", "achieved", "passed" };
	size_t k;

	if ((*at = strstr(s, "\xe2\x9d\x8c")))
		return 1;
	for (k = 0; k < sizeof(missed) / sizeof(missed[0]); k++)
		if ((*at = pm_find_word(s, missed[k])))
			return 1;
	if ((*at = strstr(s, "\xe2\x9c\x85")))
		return 0;
	for (k = 0; k < sizeof(met) / sizeof(met[0]); k++)
		if ((*at = pm_find_word(s, met[k])))
			return 0;
	return -1;
}

/*
 * Is an SLO's figure one to stay under ("Checkout error rate: 0.1%
 * (target) -> 2.3% (actual) Missed")? When its name says it counts bad
 * events and its target is a small share; a share of good events
 * ("availability", "requests under 300ms", "error-free") is one to reach.
 */
static int slo_is_ceiling(const char *name, double target)
{
	static const char *const bad[] = {
		"error", "errors", "failure", "failures", "failed", "fail", "timeout", "timeouts",
		"drop", "drops", "dropped", "loss", "lost", "5xx", "4xx", "rejected", "rejections",
		"downtime", "unavailability", "abandonment", "abandoned", "churn", "burn",
	};
	static const char *const good[] = {
		"availability", "available", "uptime", "success", "successful", "free", "non",
		"without", "under", "below", "within", "hit", "apdex", "remaining", "left",
		"headroom", "coverage", "compliance", "delivered", "passing",
	};
	size_t k;
	int said = 0;

	if (target >= 50)
		return 0;
	for (k = 0; k < sizeof(good) / sizeof(good[0]); k++)
		if (pm_find_word(name, good[k]))
			return 0;
	for (k = 0; k < sizeof(bad) / sizeof(bad[0]) && !said; k++)
		said = pm_find_word(name, bad[k]) != NULL;
	return said;
}

static void check_slo(struct pm_lint_ctx *c)
{
	const struct pm_doc *doc = c->doc;
	size_t i;

	for (i = 0; i < doc->nr_fields; i++) {
		const struct pm_field *f = &doc->fields[i];
		const char *ta, *aa, *mark;
		struct slo_figure t, a;
		int is_missed, tn, an;

		if (f->line < doc->body_line || has_placeholder(c, f->value) ||
		    !slo_named(f->value, "target", &t, &ta) || !slo_named(f->value, "actual", &a, &aa) ||
		    t.time != a.time)
			continue;
		is_missed = slo_mark(ta > aa ? ta : aa, &mark);
		tn = (int)(t.end - t.start);
		an = (int)(a.end - a.start);
		if (t.time || slo_is_ceiling(f->name, t.v)) {
			/* a latency, or a share of bad events: the target is a ceiling */
			if (is_missed == 1 && a.v <= t.v)
				pm_lint_report(c, PM_RULE_SLO, f->line, value_col_of(c, f, mark),
					       "marked missed, but the actual %.*s is within the %.*s target, a ceiling for '%s'; correct the figures or the mark",
					       an, a.start, tn, t.start, f->name);
			else if (is_missed == 0 && a.v > t.v)
				pm_lint_report(c, PM_RULE_SLO, f->line, value_col_of(c, f, mark),
					       "marked met, but the actual %.*s is over the %.*s target, a ceiling for '%s'; correct the figures or the mark",
					       an, a.start, tn, t.start, f->name);
		} else if (is_missed == 1 && a.v >= t.v)
			pm_lint_report(c, PM_RULE_SLO, f->line, value_col_of(c, f, mark),
				       "marked missed, but the actual %.*s meets the %.*s target; correct the figures or the mark",
				       an, a.start, tn, t.start);
		else if (is_missed == 0 && a.v < t.v)
			pm_lint_report(c, PM_RULE_SLO, f->line, value_col_of(c, f, mark),
				       "marked met, but the actual %.*s is below the %.*s target; correct the figures or the mark",
				       an, a.start, tn, t.start);
	}
}

/*
 * How far a duration written in prose may be from the Impact figure: what
 * its roundness says it was rounded to ("2 hours" to the half hour, "45
 * minutes" to five), or a tenth when it says "about".
 */
static double prose_slack(double m, int approx)
{
	double t = slack(m, approx);

	if (m >= 1440 && !fmod(m, 1440))
		return fmax(t, 720);
	if (m >= 60 && !fmod(m, 60))
		return fmax(t, 30);
	if (m >= 30 && !fmod(m, 30))
		return fmax(t, 15);
	if (m >= 10 && !fmod(m, 5))
		return fmax(t, 2.5);
	return t;
}

/* Is text[at] where a sentence starts: the line's start, or after . ! ? : or a closing ** ? */
static int sentence_start(const char *text, size_t at)
{
	while (at && (text[at - 1] == ' ' || text[at - 1] == '\t'))
		at--;
	if (!at)
		return 1;
	/* a list item's marker ("- On ..."), or the end of a sentence or a bold label */
	if (text[at - 1] == '-' && (at == 1 || text[at - 2] == ' '))
		return 1;
	return strchr(".!?:*", text[at - 1]) != NULL;
}

/*
 * Where the summary's first sentence ends (its length when none does).
 * The day the incident happened opens a summary ("On 21 November 2025,
 * ..."); one opening a later sentence tells of what came before it ("On
 * 2026-01-20 the renewal job started failing").
 */
static size_t first_sentence_end(const char *text, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++)
		if (strchr(".!?", text[i]) && isspace((unsigned char)text[i + 1]))
			return i;
	return len;
}

/* Does text start with a word that makes a duration a bound rather than a figure: "over 2 hours"? */
static int starts_with_bound(const char *text)
{
	static const char *const bounds[] = { "over ", "more than ", "less than ", "under ",
					      "nearly ", "almost ", "at least ", "at most ",
					      "up to ", "within " };
	size_t k, n;

	for (k = 0; k < sizeof(bounds) / sizeof(bounds[0]); k++) {
		n = strlen(bounds[k]);
		if (!strncasecmp(text, bounds[k], n))
			return 1;
	}
	return 0;
}

/* The section's prose as one line, so that a phrase may wrap, and where each line starts in it. */
struct prose {
	struct pm_buf text;
	size_t *starts;
	unsigned *lines;
	size_t nr;
};

static void prose_read(struct prose *p, const struct pm_doc *doc, int s)
{
	unsigned ln;

	memset(p, 0, sizeof(*p));
	pm_buf_init(&p->text, 256);
	p->starts = pm_xcalloc(doc->sections[s].end - doc->sections[s].line + 1, sizeof(*p->starts));
	p->lines = pm_xcalloc(doc->sections[s].end - doc->sections[s].line + 1, sizeof(*p->lines));
	for (ln = doc->sections[s].line + 1; ln <= doc->sections[s].end; ln++) {
		const struct pm_doc_line *l = &doc->lines[ln - 1];

		if (l->in_code || l->blank)
			continue;
		p->starts[p->nr] = p->text.len;
		p->lines[p->nr++] = ln;
		pm_buf_add(&p->text, l->text, l->len);
		pm_buf_addch(&p->text, ' ');
	}
}

/* Line and column of byte `at` of the prose. */
static void prose_where(const struct prose *p, const struct pm_doc *doc, size_t at,
			unsigned *line, unsigned *col)
{
	size_t k = 0;

	while (k + 1 < p->nr && p->starts[k + 1] <= at)
		k++;
	*line = p->lines[k];
	*col = pm_doc_col(doc, *line, at - p->starts[k]);
}

static void prose_release(struct prose *p)
{
	pm_buf_release(&p->text);
	free(p->starts);
	free(p->lines);
}

struct summary_claim {
	int seen, agrees;
	size_t at;
	struct pm_buf said;
};

static void summary_claim(struct summary_claim *cl, size_t at, const char *from, const char *to,
			  int agrees)
{
	if (agrees) {
		cl->agrees = 1;
		return;
	}
	if (cl->seen++)
		return;
	cl->at = at;
	pm_buf_add(&cl->said, from, (size_t)(to - from));
}

/*
 * The Executive Summary is what most people read, often written first or
 * carried over from another postmortem: a day ("On 21 November 2025, ...")
 * or a length ("lasting 2 hours") it states that no Date or Duration
 * near it bears out is a warning. A summary that also states the right
 * one is left alone: it may tell of an earlier change as well.
 */
static void check_summary(struct pm_lint_ctx *c)
{
	const struct pm_doc *doc = c->doc;
	int s = pm_lint_section(doc, "Executive Summary");
	struct summary_claim day = { 0, 0, 0, PM_BUF_INIT }, len = { 0, 0, 0, PM_BUF_INIT };
	struct impact_duration d;
	struct prose pr;
	struct pm_buf a = PM_BUF_INIT;
	static const char *const lead[] = { "lasting ", "lasted ", "for " };
	unsigned line, col;
	size_t at, k, first_end;

	if (s < 0)
		return;
	read_impact_duration(c, &d);
	prose_read(&pr, doc, s);
	first_end = first_sentence_end(pr.text.ptr, pr.text.len);
	for (at = 0; at < pr.text.len; at++) {
		const char *t = pr.text.ptr, *p = t + at, *q;
		long when;
		double m, step;
		int approx;

		if (at && word_byte((unsigned char)p[-1]))
			continue;
		/* a day: any date near the Date agrees; "On <date>" opening a sentence is a claim */
		q = p;
		if (c->facts->date >= 0 && pm_read_any_date(&q, &when)) {
			int near = labs(when - c->facts->date) <= 1; /* local time, midnight */
			if (near || (at >= 3 && !strncmp(p - 3, "On ", 3) && sentence_start(t, at - 3) &&
				     at - 3 <= first_end))
				summary_claim(&day, at, p, q, near);
			at = (size_t)(q - t) - 1;
			continue;
		}
		/* a length: "lasting 47 minutes", "for about 2 hours" */
		if (d.got != DUR_TIMES && d.got != DUR_READ)
			continue;
		for (k = 0; k < sizeof(lead) / sizeof(lead[0]); k++)
			if (!strncasecmp(p, lead[k], strlen(lead[k])))
				break;
		if (k == sizeof(lead) / sizeof(lead[0]))
			continue;
		p = q = pm_skip_blanks(p + strlen(lead[k]));
		if (!starts_with_bound(q) && pm_read_duration(&q, &m, &approx, &step) &&
		    !word_byte((unsigned char)*q)) {
			double tol = fmax(prose_slack(m, approx), step), ref = d.got == DUR_READ ? d.stated : d.actual;
			/*
			 * "for" tells of other spans too ("the job had failed for 3
			 * days", "paged for 5 minutes"): only one of the outage's
			 * order is taken as its length; "lasting" always is.
			 */
			if (strcmp(lead[k], "for ") || (m <= 4 * ref && 4 * m >= ref))
				summary_claim(&len, (size_t)(p - t), p, q,
					      fabs(m - d.actual) <= tol ||
						      (d.got == DUR_READ && fabs(m - d.stated) <= tol));
			at = (size_t)(q - t) - 1;
		}
	}
	if (day.seen && !day.agrees) {
		prose_where(&pr, doc, day.at, &line, &col);
		pm_format_date(&a, c->facts->date);
		pm_lint_report(c, PM_RULE_SUMMARY, line, col,
			       "the summary says '%s' but the incident Date is %s; make them agree",
			       day.said.ptr, a.ptr);
	}
	if (len.seen && !len.agrees) {
		prose_where(&pr, doc, len.at, &line, &col);
		pm_buf_reset(&a);
		fmt_minutes(&a, d.got == DUR_READ ? d.stated : d.actual);
		pm_lint_report(c, PM_RULE_SUMMARY, line, col,
			       "the summary says '%s' but the Impact Duration (line %u) is %s; if both tell how long the impact lasted, make them agree",
			       len.said.ptr, d.f->line, a.ptr);
	}
	pm_buf_release(&day.said);
	pm_buf_release(&len.said);
	prose_release(&pr);
	pm_buf_release(&a);
}

/* "Peak 2300ms" or "Normal 0.2%": the figure after a word, and its unit in a comparable scale */
static int metric_after(const char *v, const char *word, double *value, struct pm_buf *unit,
			const char **at, int *len)
{
	const char *p = pm_find_word(v, word);
	double scale = 1;
	int dec;
	size_t n = 0;

	if (!p)
		return 0;
	p = pm_skip_blanks(p + strlen(word));
	if (*p == ':')
		p = pm_skip_blanks(p + 1);
	*at = p;
	if (!isdigit((unsigned char)*p) || !pm_read_number(&p, value, &dec))
		return 0;
	p = pm_skip_blanks(p);
	while (p[n] == '%' || isalpha((unsigned char)p[n]) || p[n] == '/')
		n++;
	pm_buf_reset(unit);
	pm_buf_add(unit, p, n);
	*len = (int)(p + n - *at);
	for (n = 0; n < unit->len; n++)
		unit->ptr[n] = (char)tolower((unsigned char)unit->ptr[n]);
	/* times in milliseconds, so that "Peak 2.3s, Normal 180ms" compares */
	if (!strcmp(unit->ptr, "s") || !strcmp(unit->ptr, "sec") || !strcmp(unit->ptr, "secs") ||
	    !strcmp(unit->ptr, "second") || !strcmp(unit->ptr, "seconds"))
		scale = 1000;
	else if (!strcmp(unit->ptr, "min") || !strcmp(unit->ptr, "mins") ||
		 !strcmp(unit->ptr, "minute") || !strcmp(unit->ptr, "minutes"))
		scale = 60000;
	else if (strcmp(unit->ptr, "ms") && strcmp(unit->ptr, "msec") &&
		 strcmp(unit->ptr, "milliseconds"))
		scale = 0;
	if (scale) {
		pm_buf_reset(unit);
		pm_buf_adds(unit, "ms");
		*value *= scale;
	}
	return 1;
}

/*
 * A metric whose peak is the incident's worst: errors, latency and the
 * like. Throughput may peak below its normal when traffic fell away.
 */
static int worse_when_higher(const char *name)
{
	static const char *const words[] = { "error", "latenc", "fail", "timeout", "response time",
					     "5xx", "4xx", "queue", "cpu", "memory", "saturation",
					     "loss", "p99", "p95", "p90", "p50" };
	size_t k;

	for (k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if (pm_find_ci(name, words[k]))
			return 1;
	return 0;
}

/* A Peak is the worst of the incident: "Peak 0.1%, Normal 0.2%" has the figures swapped or mistyped. */
static void check_metric_peak(struct pm_lint_ctx *c)
{
	const struct pm_doc *doc = c->doc;
	int impact = pm_lint_section(doc, "Impact");
	struct pm_buf pu = PM_BUF_INIT, nu = PM_BUF_INIT;
	size_t i;

	if (impact < 0)
		return;
	for (i = 0; i < doc->nr_fields; i++) {
		const struct pm_field *f = &doc->fields[i];
		const char *pat, *nat;
		int plen, nlen;
		double peak, normal;

		if (f->section < 0 || !pm_doc_within(doc, f->section, impact) ||
		    !worse_when_higher(f->name))
			continue;
		if (!metric_after(f->value, "Peak", &peak, &pu, &pat, &plen) ||
		    !metric_after(f->value, "Normal", &normal, &nu, &nat, &nlen) ||
		    strcmp(pu.ptr, nu.ptr) || peak >= normal)
			continue;
		pm_lint_report(c, PM_RULE_METRIC_PEAK, f->line, value_col_of(c, f, pat),
			       "%s peaks at %.*s, below its normal %.*s; a peak is the incident's highest value: correct the figures, or write 'Dropped to' for one that fell",
			       f->name, plen, pat, nlen, nat);
	}
	pm_buf_release(&pu);
	pm_buf_release(&nu);
}

/* ---- final level ---- */

const char *pm_lint_signoff_written(const struct pm_doc *doc, const char *slot, unsigned *line)
{
	int s = signoff_section(doc);
	const char *written = NULL;
	size_t k, r;

	*line = 0;
	for (k = 0; s >= 0 && k < doc->nr_fields; k++)
		if (doc->fields[k].section >= 0 && pm_doc_within(doc, doc->fields[k].section, s) &&
		    !strcasecmp(doc->fields[k].name, slot)) {
			*line = doc->fields[k].line;
			written = doc->fields[k].value;
			break;
		}
	for (k = 0; s >= 0 && !*line && k < doc->nr_tables; k++) {
		const struct pm_table *tb = &doc->tables[k];
		if (tb->section < 0 || !pm_doc_within(doc, tb->section, s))
			continue;
		for (r = 0; r < tb->nr && !*line; r++)
			if (tb->rows[r].nr && !strcasecmp(tb->rows[r].cells[0].text, slot)) {
				*line = tb->rows[r].line;
				written = tb->rows[r].nr > 1 ? tb->rows[r].cells[1].text : NULL;
			}
	}
	if (written && (is_empty_value(written) || *written == '['))
		written = NULL;
	return written;
}

/* Does `text` hold `name`, folded alike (case, spacing, Unicode form, accents)? */
static int names_within(const char *text, const char *name)
{
	struct pm_buf t = PM_BUF_INIT, n = PM_BUF_INIT;
	int in;

	pm_fold_search(&t, text, strlen(text));
	pm_fold_search(&n, name, strlen(name));
	in = n.len && strstr(t.ptr, n.ptr) != NULL;
	pm_buf_release(&t);
	pm_buf_release(&n);
	return in;
}

static void check_signoff(struct pm_lint_ctx *c)
{
	const struct pm_doc *doc = c->doc;
	unsigned at = signoff_line(doc);
	struct pm_buf lead = PM_BUF_INIT, qpath = PM_BUF_INIT, qslot = PM_BUF_INIT;
	size_t i;

	if (!at) {
		const struct pm_field *f = pm_facts_header(doc, pm_status_names);
		at = f ? f->line : 1;
	}
	if (!c->in->signoffs_checked) {
		if (c->out->level < PM_LEVEL_FINAL)
			return; /* nothing to say early about what cannot be checked */
		pm_lint_report(c, PM_RULE_SIGNOFF, at, 1,
			       "sign-off verification not available here; run 'pmgit verify' in the repository");
		return;
	}
	pm_sh_arg(&qpath, c->in->path ? c->in->path : "PATH");
	for (i = 0; i < c->in->nr_signoffs; i++) {
		const struct pm_signoff_slot *g = &c->in->signoffs[i];
		unsigned line;
		/* point at the slot's own line in Sign-Off when there is one: a field or a table row */
		const char *written = pm_lint_signoff_written(doc, g->slot, &line);

		if (!line)
			line = at;
		/* for the commands named: as a shell reads them back */
		pm_buf_reset(&qslot);
		pm_sh_dquote(&qslot, g->slot);
		if (written && has_placeholder(c, written))
			written = NULL;
		if (g->signer) {
			/* a valid sign-off: its line, when filled, names who signed it */
			if (written && !strcasestr(written, g->signer) &&
			    !(g->signer_name && names_within(written, g->signer_name)))
				pm_lint_report(c, PM_RULE_SIGNOFF, line, 1,
					       "the '%s' line says '%s', but %s signed it; 'pmgit finalize' writes this line from the records",
					       g->slot, written, g->signer);
			continue;
		}
		if (!g->required) {
			/*
			 * an optional slot, or one this postmortem does not need:
			 * nothing to ask, but a name typed on its line reads as a
			 * sign-off that is not there ("not signed ..." is finalize's).
			 * Before a slot's since: date, names are the sign-offs given
			 * before pmgit, which it does not judge.
			 */
			if (g->before_since)
				continue;
			size_t n;
			const char *w = written ? pm_unmarked(written, &n) : NULL;
			if (w && n && strncasecmp(w, "not ", 4) && strncasecmp(w, "n/a", 3) &&
			    strncasecmp(w, "none", 4) && *w != '-')
				pm_lint_report(c, PM_RULE_SIGNOFF, line, 1,
					       "the '%s' line says '%s', but no valid sign-off stands behind it (%s); only a signed record counts: 'pmgit finalize' writes this line from the records",
					       g->slot, written, g->state);
			continue;
		}
		if (c->in->unsignable) {
			pm_lint_report(c, PM_RULE_SIGNOFF, line, 1,
				       "required sign-off '%s' is %s; it is signed once the file is a postmortem of the repository, a .md file under '%s/' ('git mv' it there)",
				       g->slot, g->state, c->in->cfg->directory);
			continue;
		}
		if (strcmp(g->state, "missing")) {
			/* the signer's own record to redo, or a rule that wants someone else */
			int other = !strcmp(g->state, "not-allowed") ||
				    !strcmp(g->state, "self-approval") ||
				    !strcmp(g->state, "duplicate-signer");
			pm_lint_report(c, PM_RULE_SIGNOFF, line, 1,
				       "sign-off '%s' is %s%s%s; %s: 'pmgit sign %s --slot %s'",
				       g->slot, g->state, g->detail ? ": " : "",
				       g->detail ? g->detail : "",
				       other ? "someone else the keyring allows signs it"
					     : !strcmp(g->state, "revoked") ? "sign it again with a key that is not revoked"
					     : "sign it again over this content",
				       qpath.ptr, qslot.ptr);
			continue;
		}
		pm_buf_reset(&lead);
		pm_buf_addf(&lead, "required sign-off '%s' is missing", g->slot);
		if (written) /* a name typed by hand is not a sign-off: say so, or it reads as done */
			pm_buf_addf(&lead, ": this line says '%s', but only a signed record counts ('pmgit finalize' writes this line from the records)",
				    written);
		if (g->signers && !*g->signers && g->ruled_out)
			pm_lint_report(c, PM_RULE_SIGNOFF, line, 1,
				       "%s, and the separation rules rule out everyone " PM_KEYRING_PATH " lets sign it (an author cannot approve; one person fills one required slot); add another signer with 'pmgit keyring add PRINCIPAL --key KEY.pub --slot %s'",
				       lead.ptr, qslot.ptr);
		else if (g->signers && !*g->signers)
			pm_lint_report(c, PM_RULE_SIGNOFF, line, 1,
				       "%s, and nobody in " PM_KEYRING_PATH " may sign it yet; add the signer with 'pmgit keyring add PRINCIPAL --key KEY.pub --slot %s'",
				       lead.ptr, qslot.ptr);
		else if (g->signers)
			pm_lint_report(c, PM_RULE_SIGNOFF, line, 1,
				       "%s; %s can sign it with 'pmgit sign %s --slot %s'",
				       lead.ptr, g->signers, qpath.ptr, qslot.ptr);
		else
			pm_lint_report(c, PM_RULE_SIGNOFF, line, 1,
				       "%s; the %s signs with 'pmgit sign %s --slot %s'",
				       lead.ptr, g->slot, qpath.ptr, qslot.ptr);
	}
	pm_buf_release(&lead);
	pm_buf_release(&qpath);
	pm_buf_release(&qslot);
}

/* ---- advice ---- */

static void check_overdue_or_policy(struct pm_lint_ctx *c, enum pm_rule_id rule)
{
	struct pm_action_item *items;
	long limit = 0;
	size_t i, n = pm_action_items(c->doc, &items);
	int sev = -1, k;

	for (k = 0; c->facts->severity && k < PM_NR_SEVERITIES; k++)
		if (!strcmp(c->facts->severity, pm_severities[k]))
			sev = k;
	if (sev >= 0)
		limit = c->in->cfg->due_days[sev];
	/* what the team did since: the signed table is the plan, not the progress */
	if (rule == PM_RULE_OVERDUE && c->facts->status == PM_STATUS_FINAL)
		pm_followup_apply(c->in->followup, items, n);
	for (i = 0; i < n; i++) {
		const struct pm_action_item *it = &items[i];
		const char *name = *it->action ? it->action : "(unnamed)";

		if (it->due_days < 0 || (it->state != 0 && it->state != -1))
			continue; /* no date, or done or cancelled */
		if (rule == PM_RULE_OVERDUE && it->due_days < c->in->now &&
		    c->facts->status == PM_STATUS_FINAL) {
			struct pm_buf q = PM_BUF_INIT;
			pm_sh_dquote(&q, name);
			pm_lint_report(c, rule, it->line, it->due_col,
				       "action '%s' was due %s and is still %s; record its progress with 'pmgit actions update %s %s --status Done' (or --due DATE)",
				       name, it->due, *it->status ? it->status : "open",
				       c->facts->id ? c->facts->id : "ID", q.ptr);
			pm_buf_release(&q);
		} else if (rule == PM_RULE_OVERDUE && it->due_days < c->in->now) {
			pm_lint_report(c, rule, it->line, it->due_col,
				       "action '%s' was due %s and is still %s; finish it, or move the date and say why",
				       name, it->due, *it->status ? it->status : "open");
		}
		if (rule == PM_RULE_DUE_POLICY && limit && c->facts->date >= 0 &&
		    it->due_days - c->facts->date > limit)
			pm_lint_report(c, rule, it->line, it->due_col,
				       "action '%s' is due %ld days after the incident; %s actions are due within %ld days (action_due_days)",
				       name, it->due_days - c->facts->date, c->facts->severity, limit);
	}
	free(items);
}

static void check_overdue(struct pm_lint_ctx *c)
{
	check_overdue_or_policy(c, PM_RULE_OVERDUE);
}

static void check_due_policy(struct pm_lint_ctx *c)
{
	check_overdue_or_policy(c, PM_RULE_DUE_POLICY);
}

static void check_blameless(struct pm_lint_ctx *c)
{
	const struct pm_doc *doc = c->doc;
	const struct pm_config *cfg = c->in->cfg;
	struct pm_buf line = PM_BUF_INIT;
	struct pm_strlist phrases = PM_STRLIST_INIT;
	size_t ln, i, k, pos, *lens;
	unsigned char starts[256] = { 0 }; /* the bytes a phrase starts with */

	/* lowercase once, then one pass over each line for phrases at word boundaries */
	lens = pm_xcalloc(cfg->nr_blameless + 1, sizeof(*lens));
	for (i = 0; i < cfg->nr_blameless; i++) {
		pm_strlist_add(&phrases, cfg->blameless[i]);
		for (k = 0; phrases.items[i][k]; k++)
			phrases.items[i][k] = (char)tolower((unsigned char)phrases.items[i][k]);
		lens[i] = k;
		starts[(unsigned char)phrases.items[i][0]] = k > 0;
	}
	for (ln = 0; ln < doc->nr_lines; ln++) {
		const struct pm_doc_line *l = &doc->lines[ln];

		if (l->in_code || l->blank)
			continue;
		pm_buf_reset(&line);
		pm_buf_add(&line, l->text, l->len);
		for (k = 0; k < line.len; k++)
			line.ptr[k] = (char)tolower((unsigned char)line.ptr[k]);
		for (pos = 0; pos < line.len; pos++) {
			/* the longest phrase that starts here, and ends, at a word's edge */
			size_t best_len = 0;
			if (!starts[(unsigned char)line.ptr[pos]] ||
			    (pos && word_byte((unsigned char)line.ptr[pos - 1])))
				continue;
			for (i = 0; i < phrases.nr; i++) {
				size_t n = lens[i];
				if (n > best_len && n <= line.len - pos && line.ptr[pos] == phrases.items[i][0] &&
				    !memcmp(line.ptr + pos, phrases.items[i], n) &&
				    !word_byte((unsigned char)line.ptr[pos + n]))
					best_len = n;
			}
			if (!best_len)
				continue;
			pm_lint_report(c, PM_RULE_BLAMELESS, (unsigned)ln + 1,
				       pm_doc_col(doc, (unsigned)ln + 1, pos),
				       "'%.*s' assigns blame; describe the conditions that made the mistake possible",
				       (int)best_len, l->text + pos);
			pos += best_len - 1; /* reported: the next phrase starts after it */
		}
	}
	free(lens);
	pm_buf_release(&line);
	pm_strlist_release(&phrases);
}

/* A text's normalised words, the first 64 of them, for similarity(). */
struct words {
	struct pm_buf buf;
	const char *w[64];
	size_t n;
};

static void words_of(struct words *x, const char *text)
{
	char *p, *save;

	pm_buf_init(&x->buf, 0);
	pm_normalize_words(&x->buf, text, strlen(text));
	x->n = 0;
	for (p = x->buf.ptr; *p && x->n < 64; p = save) {
		save = strchr(p, ' ');
		x->w[x->n++] = p;
		if (!save)
			break;
		*save++ = '\0';
	}
}

/* Word overlap of two texts, 0..1 (Jaccard over normalised words). */
static double similarity(const struct words *a, const struct words *b)
{
	size_t i, j, both = 0;

	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++)
			if (!strcmp(a->w[i], b->w[j])) {
				both++;
				break;
			}
	/* one text's words all in the other ("Fix X" vs "Fix X in v2") counts as a match */
	if (a->n && b->n && (both == a->n || both == b->n))
		return 1;
	return a->n + b->n - both ? (double)both / (double)(a->n + b->n - both) : 0;
}

static void check_followup(struct pm_lint_ctx *c)
{
	const struct pm_action_update *u;
	struct pm_action_item *items;
	size_t n;

	if (c->in->followup_error) {
		pm_lint_report(c, PM_RULE_FOLLOWUP, 1, 1, "%s; its updates do not count until it is fixed",
			       c->in->followup_error);
		return;
	}
	if (!c->in->followup)
		return;
	if (c->facts->status != PM_STATUS_FINAL) {
		pm_lint_report(c, PM_RULE_FOLLOWUP, 1, 1,
			       "%s records progress once a postmortem is Final; until then, update its Action Items table",
			       c->in->followup_path);
		return;
	}
	n = pm_action_items(c->doc, &items);
	if ((u = pm_followup_apply(c->in->followup, items, n)))
		pm_lint_report(c, PM_RULE_FOLLOWUP, 1, 1,
			       "%s:%u: '%s' is not an action of the Action Items table; name one as the table does",
			       c->in->followup_path, u->line, u->action);
	free(items);
}

/*
 * Each pair of an action row and a checkbox is compared: a postmortem has
 * dozens. The first CHECKBOX_MAX of each are, so that a document of a
 * hundred thousand costs no more than a real one.
 */
#define CHECKBOX_MAX 500

static void check_checkbox(struct pm_lint_ctx *c)
{
	const struct pm_doc *doc = c->doc;
	int ca = pm_lint_section(doc, "Corrective Actions");
	struct action_table a;
	const struct pm_check **boxes;
	struct words *box_words, row_words;
	size_t r, i, nb = 0;

	if (ca < 0 || !action_table(doc, &a) || a.status < 0)
		return;
	boxes = pm_xcalloc(CHECKBOX_MAX, sizeof(*boxes));
	box_words = pm_xcalloc(CHECKBOX_MAX, sizeof(*box_words));
	for (i = 0; i < doc->nr_checks && nb < CHECKBOX_MAX; i++) {
		const struct pm_check *k = &doc->checks[i];
		if (!pm_doc_within(doc, k->section, ca) || has_placeholder(c, k->text))
			continue;
		words_of(&box_words[nb], k->text);
		boxes[nb++] = k;
	}
	for (r = 0; r < a.t->nr && r < CHECKBOX_MAX; r++) {
		const struct pm_row *row = &a.t->rows[r];
		const char *name = cell_text(row, a.action), *st = cell_text(row, a.status);
		const struct pm_check *best = NULL;
		double best_sim = 0.5;
		int state;

		if (!name || !*name || !st || (state = pm_action_state(st)) < 0 ||
		    has_placeholder(c, name))
			continue;
		words_of(&row_words, name);
		for (i = 0; i < nb; i++) {
			double sim = similarity(&row_words, &box_words[i]);
			if (sim > best_sim || (sim == 1 && best_sim == 1 && !best)) {
				best = boxes[i];
				best_sim = sim;
			}
		}
		pm_buf_release(&row_words.buf);
		if (!best || state == 2)
			continue;
		if (best->checked && state == 0)
			pm_lint_report(c, PM_RULE_CHECKBOX, best->line, best->col,
				       "'%s' is ticked here but its Action Items row (line %u) says '%s'; make them agree",
				       best->text, row->line, st);
		else if (!best->checked && state == 1)
			pm_lint_report(c, PM_RULE_CHECKBOX, best->line, best->col,
				       "'%s' is not ticked here but its Action Items row (line %u) says '%s'; tick it or correct the row",
				       best->text, row->line, st);
	}
	for (i = 0; i < nb; i++)
		pm_buf_release(&box_words[i].buf);
	free(box_words);
	free(boxes);
}

const pm_check_fn pm_checks[PM_RULE__COUNT] = {
	[PM_RULE_SIZE] = NULL, /* reported by the runner before parsing */
	[PM_RULE_ENCODING] = check_encoding,
	[PM_RULE_COMMENT] = check_comment,
	[PM_RULE_TABLE] = check_table,
	[PM_RULE_CONFLICT] = NULL, /* reported by the runner, in place of the rest */
	[PM_RULE_TITLE] = check_title,
	[PM_RULE_HEADER] = check_header,
	[PM_RULE_ID_FORMAT] = check_id_format,
	[PM_RULE_ID_FILENAME] = check_id_filename,
	[PM_RULE_ID_UNIQUE] = check_id_unique,
	[PM_RULE_DATE] = check_date,
	[PM_RULE_STATUS] = check_status,
	[PM_RULE_SECTION_MISSING] = check_section_missing,
	[PM_RULE_SECTION_EMPTY] = check_section_empty,
	[PM_RULE_SUBSECTION_EMPTY] = check_subsection_empty,
	[PM_RULE_SIGNOFF_HEADING] = check_signoff_heading,
	[PM_RULE_SIGNOFF_SECTION] = check_signoff_section,
	[PM_RULE_PLACEHOLDER] = check_placeholder,
	[PM_RULE_EXAMPLE] = check_example,
	[PM_RULE_MOJIBAKE] = check_mojibake,
	[PM_RULE_BIDI] = check_bidi,
	[PM_RULE_REVIEWERS] = check_reviewers,
	[PM_RULE_SEVERITY] = check_severity,
	[PM_RULE_IMPACT] = check_impact,
	[PM_RULE_TIMELINE_TIME] = check_timeline_time,
	[PM_RULE_TIMELINE_ORDER] = check_timeline_order,
	[PM_RULE_ACTION_OWNER] = check_action_owner,
	[PM_RULE_ACTION_DUE] = check_action_due,
	[PM_RULE_ACTION_STATUS] = check_action_status,
	[PM_RULE_DURATION] = check_duration,
	[PM_RULE_RESOLUTION_TIME] = check_resolution_time,
	[PM_RULE_ERROR_BUDGET] = check_error_budget,
	[PM_RULE_SLO] = check_slo,
	[PM_RULE_SUMMARY] = check_summary,
	[PM_RULE_TIMELINE_SPAN] = check_timeline_span,
	[PM_RULE_METRIC_PEAK] = check_metric_peak,
	[PM_RULE_SIGNOFF] = check_signoff,
	[PM_RULE_OVERDUE] = check_overdue,
	[PM_RULE_DUE_POLICY] = check_due_policy,
	[PM_RULE_BLAMELESS] = check_blameless,
	[PM_RULE_CHECKBOX] = check_checkbox,
	[PM_RULE_FOLLOWUP] = check_followup,
	[PM_RULE_UNDERLINE] = check_underline,
};
