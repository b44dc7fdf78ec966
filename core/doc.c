#include "doc.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "canon.h"
#include "utf8.h"

#include "banned.h"

/* At most this many problems of one kind: a binary file has thousands. */
#define MAX_PROBLEMS_PER_KIND 20

struct parser {
	struct pm_doc *doc;
	size_t alloc_lines, alloc_fields, alloc_sections, alloc_tables;
	size_t alloc_checks, alloc_comments, alloc_problems;
	unsigned per_kind[PM_DOC_PROBLEM_KINDS];
	int section; /* current section index, -1 before the first */
	int last_h2;  /* the last "## " section's index, -1 before the first */
	size_t masked;     /* lines [0, masked) have their comments blanked */
	int open_comment;  /* index of a comment still open, or -1 */
	size_t fence;      /* length of the open code fence, 0 if none */
	char fence_char;
	size_t fence_line; /* its line, 0-based */
	unsigned field_end; /* the last line of the last field read, 1-based */
	int field_break;    /* and that line ends in a hard line break */
	struct pm_buf cont; /* the value of fields[cont_field] as its lines go on */
	long cont_field;    /* -1: none */
};

static void add_problem(struct parser *p, enum pm_doc_problem_kind kind,
			unsigned line, unsigned col, unsigned expected,
			unsigned found)
{
	struct pm_doc *doc = p->doc;
	struct pm_doc_problem *pr;

	if (p->per_kind[kind]++ >= MAX_PROBLEMS_PER_KIND)
		return;
	PM_ALLOC_GROW(doc->problems, doc->nr_problems + 1, p->alloc_problems);
	pr = &doc->problems[doc->nr_problems++];
	pr->kind = kind;
	pr->line = line;
	pr->col = col;
	pr->expected = expected;
	pr->found = found;
}

unsigned pm_doc_col(const struct pm_doc *doc, unsigned line, size_t off)
{
	const struct pm_doc_line *l;
	size_t k, from = 0, col = 1;

	if (!line || line > doc->nr_lines)
		return 1;
	l = &doc->lines[line - 1];
	if (off > l->len)
		off = l->len;
	/* from the last mark at or before off: mark k is just past (k + 1) steps */
	k = off / PM_DOC_MARK_STEP;
	if (k > l->nr_marks)
		k = l->nr_marks;
	while (k && doc->colmarks[l->first_mark + k - 1].off > off)
		k--;
	if (k) {
		from = doc->colmarks[l->first_mark + k - 1].off;
		col = doc->colmarks[l->first_mark + k - 1].col;
	}
	return (unsigned)(col + pm_utf8_column(doc->src + l->off + from, off - from) - 1);
}

/* Marks the columns of the long lines (pm_doc_col), before anything asks for one. */
static void mark_columns(struct parser *p)
{
	struct pm_doc *doc = p->doc;
	size_t ln, alloc = 0;

	for (ln = 0; ln < doc->nr_lines; ln++) {
		struct pm_doc_line *l = &doc->lines[ln];
		const char *s = doc->src + l->off;
		size_t i = 0, col = 1, next = PM_DOC_MARK_STEP;

		if (l->len < 2 * PM_DOC_MARK_STEP)
			continue;
		l->first_mark = (unsigned)doc->nr_colmarks;
		while (i < l->len) {
			uint32_t cp;
			size_t n = pm_utf8_decode(s + i, l->len - i, &cp);
			i += n ? n : 1;
			col++;
			if (i >= next && i < l->len) {
				PM_ALLOC_GROW(doc->colmarks, doc->nr_colmarks + 1, alloc);
				doc->colmarks[doc->nr_colmarks].off = i;
				doc->colmarks[doc->nr_colmarks++].col = col;
				l->nr_marks++;
				next += PM_DOC_MARK_STEP;
			}
		}
	}
}

/* Column of a pointer into the masked text of `line`. */
static unsigned col_at(const struct pm_doc *doc, unsigned line, const char *at)
{
	return pm_doc_col(doc, line, (size_t)(at - doc->lines[line - 1].text));
}

static void split_lines(struct parser *p)
{
	struct pm_doc *doc = p->doc;
	size_t start = 0;

	/* a UTF-8 byte order mark is not part of the first line's text */
	if (doc->len >= 3 && !memcmp(doc->src, "\xef\xbb\xbf", 3))
		start = 3;
	while (start < doc->len) {
		const char *nl = memchr(doc->src + start, '\n', doc->len - start);
		size_t end = nl ? (size_t)(nl - doc->src) : doc->len;
		size_t next = nl ? end + 1 : doc->len;
		struct pm_doc_line *l;

		if (end > start && doc->src[end - 1] == '\r')
			end--;
		PM_ALLOC_GROW(doc->lines, doc->nr_lines + 1, p->alloc_lines);
		l = &doc->lines[doc->nr_lines++];
		memset(l, 0, sizeof(*l));
		l->off = start;
		l->len = end - start;
		l->text = doc->masked + start;
		start = next;
	}
}

static void scan_encoding(struct parser *p)
{
	struct pm_doc *doc = p->doc;
	size_t ln;

	for (ln = 0; ln < doc->nr_lines; ln++) {
		const struct pm_doc_line *l = &doc->lines[ln];
		const char *s = doc->src + l->off;
		size_t i = 0;
		unsigned col = 1; /* pm_doc_col's, kept as i goes: a line may be megabytes */

		while (i < l->len) {
			uint32_t cp;
			size_t n;

			/* most bytes are printable ASCII: step over them quickly */
			while (i < l->len && ((unsigned char)s[i] - 0x20u < 0x5fu || s[i] == '\t')) {
				i++;
				col++;
			}
			if (i >= l->len)
				break;
			if ((unsigned char)s[i] < 0x80) {
				if (!s[i])
					add_problem(p, PM_DOC_NUL, (unsigned)ln + 1, col, 0, 0);
				else
					add_problem(p, PM_DOC_CONTROL, (unsigned)ln + 1, col,
						    (unsigned char)s[i], 0);
				i++;
				col++;
				continue;
			}
			n = pm_utf8_decode(s + i, l->len - i, &cp);
			if (!n)
				add_problem(p, PM_DOC_BAD_UTF8, (unsigned)ln + 1, col, (unsigned char)s[i],
					    (!i || (unsigned char)s[i - 1] < 0x80) &&
						    (i + 1 >= l->len || (unsigned char)s[i + 1] < 0x80));
			else if (pm_utf8_bidi_control(cp))
				add_problem(p, PM_DOC_BIDI, (unsigned)ln + 1, col, cp, 0);
			else if (cp >= 0x80 && cp <= 0x9F)
				add_problem(p, PM_DOC_CONTROL, (unsigned)ln + 1, col, cp, 0);
			i += n ? n : 1;
			col++;
		}
	}
}

/* Length of a code fence opener/closer at the start of `t`, else 0. */
static size_t fence_len(const char *t, size_t len, char *fc)
{
	size_t i = 0, n = 0;

	while (i < len && i < 3 && t[i] == ' ')
		i++;
	if (i >= len || (t[i] != '`' && t[i] != '~'))
		return 0;
	*fc = t[i];
	while (i + n < len && t[i + n] == *fc)
		n++;
	/* "```kubectl get pods```" is a code span in a paragraph, not a fence */
	if (*fc == '`' && memchr(t + i + n, '`', len - i - n))
		return 0;
	return n >= 3 ? n : 0;
}

static void blank(char *from, char *to)
{
	for (; from < to; from++)
		*from = ' ';
}

static const char *find(const char *hay, const char *end, const char *needle)
{
	size_t n = strlen(needle);

	for (; hay + n <= end; hay++)
		if (!memcmp(hay, needle, n))
			return hay;
	return NULL;
}

/*
 * Blanks HTML comments in the masked copy and marks fenced code lines,
 * one line at a time and in order (ensure_masked), so that a parse that
 * stops early does not pay for the rest. Within a line, backtick code
 * spans are skipped so that `<!--` written as code is not a comment.
 */
static void mask_line(struct parser *p, size_t ln)
{
	struct pm_doc *doc = p->doc;
	struct pm_doc_line *l = &doc->lines[ln];
	char *t = doc->masked + l->off, *end = t + l->len, *c;
	struct pm_comment *open = p->open_comment >= 0 ? &doc->comments[p->open_comment] : NULL;
	char fc;
	size_t n;

	if (open) {
		const char *close = find(t, end, "-->");
		if (!close) {
			blank(t, end);
			return;
		}
		blank(t, (char *)close + 3);
		open->end_line = (unsigned)ln + 1;
		open->end_col = col_at(doc, (unsigned)ln + 1, close);
		p->open_comment = -1;
		c = (char *)close + 3;
	} else if (p->fence) {
		l->in_code = 1;
		n = fence_len(t, l->len, &fc);
		if (n >= p->fence && fc == p->fence_char) {
			const char *r = t + n;
			while (r < end && (*r == ' ' || *r == '\t'))
				r++;
			if (r == end)
				p->fence = 0;
		}
		return;
	} else if ((n = fence_len(t, l->len, &fc))) {
		l->in_code = 1;
		p->fence = n;
		p->fence_char = fc;
		p->fence_line = ln;
		return;
	} else {
		c = t;
	}

	while (c < end) {
		const char *close;
		char *start;

		if (*c == '`') {
			/* skip a code span: a run of n backticks to the next equal run */
			size_t run = 0;
			char *q;
			while (c + run < end && c[run] == '`')
				run++;
			for (q = c + run; q < end; q++) {
				size_t r2 = 0;
				while (q + r2 < end && q[r2] == '`')
					r2++;
				if (r2 == run)
					break;
				q += r2 ? r2 - 1 : 0;
			}
			c = q < end ? q + run : c + run;
			continue;
		}
		if (*c != '<' || end - c < 4 || memcmp(c, "<!--", 4)) {
			c++;
			continue;
		}
		start = c;
		PM_ALLOC_GROW(doc->comments, doc->nr_comments + 1, p->alloc_comments);
		open = &doc->comments[doc->nr_comments];
		memset(open, 0, sizeof(*open));
		open->line = (unsigned)ln + 1;
		open->col = col_at(doc, (unsigned)ln + 1, start);
		/* "<!-->" and "<!--->" are whole, empty comments, as HTML and renderers read them */
		if (end - start >= 5 && start[4] == '>')
			close = start + 2;
		else if (end - start >= 6 && start[4] == '-' && start[5] == '>')
			close = start + 3;
		else
			close = find(start + 4, end, "-->");
		if (!close) {
			blank(start, end);
			p->open_comment = (int)doc->nr_comments++;
			return;
		}
		doc->nr_comments++;
		blank(start, (char *)close + 3);
		open->end_line = (unsigned)ln + 1;
		open->end_col = col_at(doc, (unsigned)ln + 1, close);
		c = (char *)close + 3;
	}
}

static void ensure_masked(struct parser *p, size_t ln)
{
	while (p->masked < p->doc->nr_lines && p->masked <= ln)
		mask_line(p, p->masked++);
}

static int is_blank(const char *t, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isspace((unsigned char)t[i]))
			return 0;
	return 1;
}

/* "---", "***", "___" with optional spaces between: a thematic break. */
static int is_rule(const char *t, size_t len)
{
	size_t i = 0, n = 0;
	char c = 0;

	while (i < len && i < 3 && t[i] == ' ')
		i++;
	for (; i < len; i++) {
		if (t[i] == ' ' || t[i] == '\t')
			continue;
		if (!c && (t[i] == '-' || t[i] == '*' || t[i] == '_'))
			c = t[i];
		if (t[i] != c)
			return 0;
		n++;
	}
	return n >= 3;
}

/* The heading level of a line ("## x" is 2), 0 if it is not one. */
static unsigned heading_level(const char *t, size_t len, const char **title,
			      size_t *title_len)
{
	size_t i = 0, n = 0, e;

	while (i < len && i < 3 && t[i] == ' ')
		i++;
	while (i + n < len && t[i + n] == '#')
		n++;
	if (!n || n > 6 || (i + n < len && t[i + n] != ' ' && t[i + n] != '\t'))
		return 0;
	i += n;
	while (i < len && (t[i] == ' ' || t[i] == '\t'))
		i++;
	e = len;
	while (e > i && (t[e - 1] == ' ' || t[e - 1] == '\t'))
		e--;
	/* a closing sequence of #s preceded by a space is not the title */
	{
		size_t h = e;
		while (h > i && t[h - 1] == '#')
			h--;
		if (h < e && (h == i || t[h - 1] == ' ' || t[h - 1] == '\t')) {
			e = h;
			while (e > i && (t[e - 1] == ' ' || t[e - 1] == '\t'))
				e--;
		}
	}
	*title = t + i;
	*title_len = e - i;
	return (unsigned)n;
}

static const char *skip_ws(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

const char *pm_doc_list_item(const char *s, const char *end)
{
	const char *q = s;

	if (q < end && (*q == '-' || *q == '*' || *q == '+')) {
		if (q + 1 < end && (q[1] == ' ' || q[1] == '\t'))
			return skip_ws(q + 1, end);
		return NULL;
	}
	while (q < end && isdigit((unsigned char)*q) && q - s < 9)
		q++;
	if (q > s && q < end && (*q == '.' || *q == ')') && q + 1 < end &&
	    (q[1] == ' ' || q[1] == '\t'))
		return skip_ws(q + 1, end);
	return NULL;
}

/*
 * The length of a Unicode space at s (a no-break space and the like, as
 * word processors write them between words and around values), or 0.
 */
static size_t uspace(const char *s, const char *end)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = (size_t)(end - s);

	if (n >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return 2; /* U+00A0 */
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80 && (u[2] <= 0x8a || u[2] == 0xaf))
		return 3; /* U+2000..U+200A, U+202F */
	if (n >= 3 && ((u[0] == 0xe2 && u[1] == 0x81 && u[2] == 0x9f) ||
		       (u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80)))
		return 3; /* U+205F, U+3000 */
	return 0;
}

/* "&nbsp;" or "&#160;" at s: a no-break space written as an entity (6 bytes), or 0. */
static size_t nbsp_entity(const char *s, const char *end)
{
	return end - s >= 6 && (!strncasecmp(s, "&nbsp;", 6) || !strncmp(s, "&#160;", 6)) ? 6 : 0;
}

/*
 * The length of what at s renders as nothing and takes no room (a
 * zero-width space or joiner, a soft hyphen, a byte order mark, or one of
 * them written as an entity), or 0.
 */
static size_t invisible(const char *s, const char *end)
{
	static const char *const entities[] = {
		"&#8203;", "&#x200b;", "&ZeroWidthSpace;", "&zwnj;", "&zwj;", "&shy;", "&#173;",
	};
	uint32_t c;
	size_t n = pm_utf8_decode(s, (size_t)(end - s), &c), k, el;

	if (n && (c == 0xAD || (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF))
		return n;
	for (k = 0; *s == '&' && k < sizeof(entities) / sizeof(entities[0]); k++)
		if ((size_t)(end - s) >= (el = strlen(entities[k])) && !strncasecmp(s, entities[k], el))
			return el;
	return 0;
}

/* The length of a bare <br>, <p>, <div> or <span> tag at s, opening or closing, or 0. */
static size_t empty_tag(const char *s, const char *end)
{
	static const char *const names[] = { "br", "p", "div", "span" };
	const char *t = s + 1;
	size_t k, n;

	if (*s != '<')
		return 0;
	t += t < end && *t == '/';
	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		n = strlen(names[k]);
		if ((size_t)(end - t) > n && !strncasecmp(t, names[k], n) && !isalnum((unsigned char)t[n]))
			break;
	}
	if (k == sizeof(names) / sizeof(names[0]))
		return 0;
	for (t += n; t < end && *t == ' '; t++)
		;
	t += t < end && *t == '/';
	return t < end && *t == '>' ? (size_t)(t + 1 - s) : 0;
}

/*
 * The length of what at s renders as blank space or nothing: a space or
 * tab, a Unicode space, &nbsp;, a zero-width character, a bare <br>; or 0.
 */
static size_t blank_at(const char *s, const char *end)
{
	size_t n;

	if (*s == ' ' || *s == '\t')
		return 1;
	if ((unsigned char)*s < 0x80 && *s != '&' && *s != '<')
		return 0; /* the common case, a letter or a digit, at once */
	if ((n = uspace(s, end)) || (n = nbsp_entity(s, end)) || (n = invisible(s, end)))
		return n;
	return empty_tag(s, end);
}

/* Past what renders as blank space or nothing (blank_at). */
static const char *skip_blank(const char *s, const char *end)
{
	size_t n;

	while (s < end && (n = blank_at(s, end)))
		s += n;
	return s;
}

/* Before what renders as blank space or nothing (blank_at) that ends [s, e). */
static const char *trim_blank(const char *s, const char *e)
{
	size_t k;

	while (e > s) {
		if (isspace((unsigned char)e[-1])) {
			e--;
			continue;
		}
		/* what blank_at knows ends in ';', '>' or a byte of UTF-8 */
		if ((unsigned char)e[-1] < 0x80 && e[-1] != ';' && e[-1] != '>')
			return e;
		/* the longest unit blank_at knows is "&ZeroWidthSpace;", 16 bytes */
		for (k = 2; k <= 16 && k <= (size_t)(e - s); k++)
			if (blank_at(e - k, e) == k)
				break;
		if (k > 16 || k > (size_t)(e - s))
			return e;
		e -= k;
	}
	return e;
}

size_t pm_doc_rendered_step(const char *a, const char *b, int *code, char *ch)
{
	/* the entities converters write, each one ASCII character once rendered */
	static const struct {
		const char *name;
		char is;
	} entities[] = {
		{ "&nbsp;", ' ' }, { "&#160;", ' ' }, { "&amp;", '&' }, { "&lt;", '<' },
		{ "&gt;", '>' }, { "&quot;", '"' }, { "&#39;", '\'' }, { "&apos;", '\'' },
	};
	size_t n, k;

	if (ch)
		*ch = *a;
	if (*a == '`') {
		*code = !*code;
	} else if (*a == '\\' && a + 1 < b && ispunct((unsigned char)a[1]) &&
		   (!*code || a[1] == '|')) {
		if (ch)
			*ch = a[1];
		return 2;
	} else if ((n = uspace(a, b))) {
		if (ch)
			*ch = ' ';
		return n;
	} else if (*a == '&' && !*code) {
		for (k = 0; k < sizeof(entities) / sizeof(entities[0]); k++) {
			n = strlen(entities[k].name);
			if ((size_t)(b - a) >= n && !strncasecmp(a, entities[k].name, n)) {
				if (ch)
					*ch = entities[k].is;
				return n;
			}
		}
	}
	return 1;
}

/*
 * Could [a, b) read otherwise once rendered: an escape, an entity, or the
 * first byte of a Unicode space? Most values hold none, and are copied as
 * they are.
 */
static int renders_otherwise(const char *a, const char *b)
{
	for (; a < b; a++)
		if (*a == '\\' || *a == '&' || (unsigned char)*a == 0xc2 ||
		    (unsigned char)*a == 0xe2 || (unsigned char)*a == 0xe3)
			return 1;
	return 0;
}

void pm_doc_add_rendered(struct pm_buf *out, const char *a, const char *b)
{
	int code = 0;
	char ch;

	while (a < b) {
		a += pm_doc_rendered_step(a, b, &code, &ch);
		pm_buf_addch(out, ch);
	}
}

/*
 * Appends a field's value from the text [v, end) of its line, as it
 * renders: blanks around it and a hard line break after it left out.
 */
static void add_value_text(struct pm_buf *out, const char *v, const char *end)
{
	const char *ve = trim_blank(v, end);

	/* a backslash ending the line is a hard line break, as pandoc writes one */
	if (ve == end && ve > v && ve[-1] == '\\' && !(ve - 1 > v && ve[-2] == '\\'))
		ve = trim_blank(v, ve - 1);
	if (renders_otherwise(v, ve))
		pm_doc_add_rendered(out, v, ve);
	else
		pm_buf_add(out, v, (size_t)(ve - v));
}

/*
 * The value of a header field goes on over lines (pm_doc_continues_value): it is
 * built in p->cont, and copied to the arena once its last line is read.
 */
static void flush_value(struct parser *p)
{
	if (p->cont_field >= 0)
		p->doc->fields[p->cont_field].value =
			pm_arena_strndup(&p->doc->arena, p->cont.ptr, p->cont.len);
	p->cont_field = -1;
}

/* Does [v, end) end in a hard line break: a backslash, or two spaces? */
static int hard_break(const char *v, const char *end)
{
	return (end > v && end[-1] == '\\' && !(end - 1 > v && end[-2] == '\\')) ||
	       (end - v >= 2 && end[-1] == ' ' && end[-2] == ' ');
}

/* "**Author(s)**: Priya" then "Raman, Tomás Ortega"; not "Status: Final" (doc.h) */
int pm_doc_continues_value(const char *t, size_t len)
{
	const char *end = t + len, *s = skip_ws(t, end), *c;

	if (s == end || pm_doc_list_item(s, end) || strchr("*|#<>_", *s))
		return 0;
	for (c = s; c < end && c - s <= 40 && (isalnum((unsigned char)*c) || strchr(" ()/#&-", *c));
	     c++)
		;
	return !(c > s && c < end && *c == ':' && (c + 1 == end || c[1] == ' ' || c[1] == '\t'));
}

static void add_field(struct parser *p, unsigned ln, const char *name,
		      const char *name_end, const char *v, const char *end,
		      int bullet, int bold)
{
	struct pm_doc *doc = p->doc;
	struct pm_field *f;

	v = skip_blank(v, end);
	PM_ALLOC_GROW(doc->fields, doc->nr_fields + 1, p->alloc_fields);
	f = &doc->fields[doc->nr_fields++];
	f->name = pm_arena_strndup(&doc->arena, name, (size_t)(name_end - name));
	{
		struct pm_buf r = PM_BUF_INIT;
		add_value_text(&r, v, end);
		f->value = pm_arena_strndup(&doc->arena, r.ptr, r.len);
		pm_buf_release(&r);
	}
	p->field_end = ln;
	p->field_break = hard_break(v, end);
	f->line = ln;
	f->name_col = col_at(doc, ln, name);
	f->value_col = col_at(doc, ln, v);
	f->section = p->section;
	f->bullet = bullet;
	f->bold = bold;
}

/* "- Label: value" (no bold): a short label of words before ": ". */
static void parse_plain_field(struct parser *p, unsigned ln, const char *s,
			      const char *end)
{
	const char *c = s, *name_end;
	int letters = 0;

	if (!memchr(s, ':', (size_t)(end - s) < 62 ? (size_t)(end - s) : 62))
		return; /* no label within reach: most list items */
	while (c < end && *c != ':' && c - s <= 60) {
		if (*c == '`' || *c == '[' || *c == '*' || *c == '<' || *c == '|')
			return;
		letters += isalpha((unsigned char)*c) != 0;
		c++;
	}
	if (c >= end || *c != ':' || c == s || !letters ||
	    (c + 1 < end && c[1] != ' ' && c[1] != '\t'))
		return;
	name_end = c;
	while (name_end > s && (name_end[-1] == ' ' || name_end[-1] == '\t'))
		name_end--;
	add_field(p, ln, s, name_end, c + 1, end, 1, 0);
}

static void parse_field(struct parser *p, unsigned ln, const char *t,
			size_t len)
{
	const char *end = t + len, *s, *name, *name_end, *close, *v;
	int bullet = 0;

	s = skip_ws(t, end);
	if ((v = pm_doc_list_item(s, end))) {
		bullet = 1;
		s = v;
	}
	if (end - s < 5 || s[0] != '*' || s[1] != '*' || s[2] == '*') {
		if (bullet && !(s + 2 < end && s[0] == '[' && s[2] == ']'))
			parse_plain_field(p, ln, s, end);
		return;
	}
	name = s + 2;
	close = find(name, end, "**");
	if (!close || close == name)
		return;
	name_end = close;
	v = close + 2;
	if (name_end[-1] == ':') {
		name_end--; /* "**Name:** value" */
	} else {
		v = skip_ws(v, end);
		if (v >= end || *v != ':')
			return;
		v++;
	}
	while (name < name_end && (*name == ' ' || *name == '\t'))
		name++;
	while (name_end > name && (name_end[-1] == ' ' || name_end[-1] == '\t'))
		name_end--;
	if (name == name_end || name_end - name > 80)
		return;
	add_field(p, ln, name, name_end, v, end, bullet, 1);
}

static void parse_check(struct parser *p, unsigned ln, const char *t,
			size_t len)
{
	struct pm_doc *doc = p->doc;
	const char *end = t + len, *s = skip_ws(t, end), *v, *ve;
	struct pm_check *c;

	if (s + 1 >= end || (*s != '-' && *s != '*' && *s != '+') ||
	    (s[1] != ' ' && s[1] != '\t'))
		return;
	s = skip_ws(s + 1, end);
	if (end - s < 3 || s[0] != '[' || s[2] != ']' ||
	    (s[1] != ' ' && s[1] != 'x' && s[1] != 'X'))
		return;
	if (s + 3 < end && s[3] != ' ' && s[3] != '\t')
		return;
	v = skip_ws(s + 3, end);
	ve = end;
	while (ve > v && isspace((unsigned char)ve[-1]))
		ve--;
	PM_ALLOC_GROW(doc->checks, doc->nr_checks + 1, p->alloc_checks);
	c = &doc->checks[doc->nr_checks++];
	c->checked = s[1] != ' ';
	c->text = pm_arena_strndup(&doc->arena, v, (size_t)(ve - v));
	c->line = ln;
	c->col = col_at(doc, ln, s);
	c->section = p->section;
}

/* "+-----+-----+" or "+=====+=====+": the border of a pandoc grid table. */
static int is_grid_border(const char *t, size_t len)
{
	const char *s = skip_ws(t, t + len), *end = t + len;

	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	if (end - s < 3 || *s != '+' || end[-1] != '+' || (s[1] != '-' && s[1] != '=' && s[1] != ':'))
		return 0;
	for (; s < end; s++)
		if (!strchr("+-=:", *s))
			return 0;
	return 1;
}

static int is_table_line(const char *t, size_t len)
{
	const char *s = skip_ws(t, t + len);

	return s < t + len && *s == '|';
}

/* Is [x, y), blanks around it aside, a delimiter cell: "---", ":--", "--:", ":-:"? */
static int is_delimiter_cell(const char *x, const char *y)
{
	size_t dashes = 0;

	x = skip_ws(x, y);
	while (y > x && isspace((unsigned char)y[-1]))
		y--;
	if (x < y && *x == ':')
		x++;
	while (x < y && *x == '-') {
		x++;
		dashes++;
	}
	if (x < y && *x == ':')
		x++;
	return x == y && dashes;
}

/*
 * The cells of a table line, counted as split_row splits it: unescaped
 * "|" separate them, a leading and a trailing one aside. *delim is set
 * when every cell is a delimiter ("---", ":--", "--:", ":-:"). 0 when
 * the line has no unescaped "|" at all.
 */
static size_t count_cells(const char *t, size_t len, int *delim)
{
	const char *s = skip_ws(t, t + len), *end = t + len, *c, *a;
	size_t cells = 0, pipes = 0;

	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	for (c = s; c < end; c++)
		pipes += *c == '|' && !(c > s && c[-1] == '\\');
	if (!pipes)
		return 0;
	if (s < end && *s == '|')
		s++;
	if (end > s && end[-1] == '|' && !(end - 1 > s && end[-2] == '\\'))
		end--;
	*delim = 1;
	for (a = c = s;; c++) {
		if (c < end && !(*c == '|' && !(c > s && c[-1] == '\\')))
			continue;
		if (!is_delimiter_cell(a, c))
			*delim = 0;
		cells++;
		if (c >= end)
			break;
		a = c + 1;
	}
	return cells;
}

/*
 * A table written without leading pipes, as GitHub renders one: a line
 * with a "|", and under it a delimiter row of as many cells
 * ("---|:---:|--").
 */
static int starts_pipeless_table(struct parser *p, size_t ln)
{
	const struct pm_doc *doc = p->doc;
	size_t head;
	int delim = 0, head_delim = 0;

	if (ln + 1 >= doc->nr_lines)
		return 0;
	head = count_cells(doc->lines[ln].text, doc->lines[ln].len, &head_delim);
	if (!head || head_delim)
		return 0;
	ensure_masked(p, ln + 1);
	return !doc->lines[ln + 1].in_code &&
	       count_cells(doc->lines[ln + 1].text, doc->lines[ln + 1].len, &delim) == head &&
	       delim;
}

/* Splits a table line into cells; "\|" is a literal pipe. */
static void split_row(struct pm_doc *doc, unsigned ln, const char *t,
		      size_t len, struct pm_row *row)
{
	const char *end = t + len, *s = skip_ws(t, end), *c;
	size_t cap = 0;

	row->cells = NULL;
	row->nr = 0;
	row->line = ln;
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	if (s < end && *s == '|')
		s++;
	if (end > s && end[-1] == '|' && !(end - 1 > s && end[-2] == '\\'))
		end--;
	/* count cells first so the array comes from the arena in one piece */
	for (c = s;; c++) {
		if (c == end || (*c == '|' && !(c > s && c[-1] == '\\'))) {
			cap++;
			if (c == end)
				break;
		}
	}
	row->cells = pm_arena_alloc(&doc->arena, cap * sizeof(*row->cells));
	for (c = s;;) {
		const char *e = c, *a, *b;
		struct pm_buf cell = PM_BUF_INIT;
		struct pm_cell *out;

		while (e < end && !(*e == '|' && !(e > s && e[-1] == '\\')))
			e++;
		a = skip_blank(c, e);
		b = trim_blank(a, e);
		pm_doc_add_rendered(&cell, a, b);
		out = &row->cells[row->nr++];
		out->text = pm_arena_strndup(&doc->arena, cell.ptr, cell.len);
		out->col = col_at(doc, ln, a);
		pm_buf_release(&cell);
		if (e >= end)
			break;
		c = e + 1;
	}
}

static int is_delimiter_row(const struct pm_row *row)
{
	unsigned i;

	if (!row->nr)
		return 0;
	for (i = 0; i < row->nr; i++)
		if (!is_delimiter_cell(row->cells[i].text,
				       row->cells[i].text + strlen(row->cells[i].text)))
			return 0;
	return 1;
}

/*
 * Parses the table whose first line is `first` (0-based); returns its
 * last. A table without leading pipes goes on while its lines have one.
 */
static size_t parse_table(struct parser *p, size_t first, int pipeless)
{
	struct pm_doc *doc = p->doc;
	struct pm_table *tb;
	struct pm_row row;
	size_t ln = first, alloc = 0;
	int delim;

	PM_ALLOC_GROW(doc->tables, doc->nr_tables + 1, p->alloc_tables);
	tb = &doc->tables[doc->nr_tables++];
	memset(tb, 0, sizeof(*tb));
	tb->line = (unsigned)first + 1;
	tb->section = p->section;
	split_row(doc, (unsigned)first + 1, doc->lines[first].text,
		  doc->lines[first].len, &tb->head);

	for (ln = first + 1; ln < doc->nr_lines; ln++) {
		const struct pm_doc_line *l = &doc->lines[ln];
		ensure_masked(p, ln);
		if (l->in_code || !(is_table_line(l->text, l->len) ||
				    (pipeless && count_cells(l->text, l->len, &delim))))
			break;
		split_row(doc, (unsigned)ln + 1, l->text, l->len, &row);
		if (ln == first + 1 && is_delimiter_row(&row)) {
			if (row.nr != tb->head.nr)
				add_problem(p, PM_DOC_TABLE_CELLS, (unsigned)ln + 1,
					    1, tb->head.nr, row.nr);
			continue;
		}
		if (ln == first + 1)
			add_problem(p, PM_DOC_TABLE_DELIM, (unsigned)ln + 1, 1, 0, 0);
		if (row.nr != tb->head.nr)
			add_problem(p, PM_DOC_TABLE_CELLS, (unsigned)ln + 1,
				    row.nr < tb->head.nr
					    ? pm_doc_col(doc, (unsigned)ln + 1, l->len)
					    : row.cells[tb->head.nr].col,
				    tb->head.nr, row.nr);
		PM_ALLOC_GROW(tb->rows, tb->nr + 1, alloc);
		tb->rows[tb->nr++] = row;
	}
	if (ln == first + 1)
		add_problem(p, PM_DOC_TABLE_DELIM, (unsigned)first + 1, 1, 0, 0);
	/* table rows are few; keep them in the arena with the rest */
	if (tb->nr) {
		struct pm_row *rows = pm_arena_alloc(&doc->arena, tb->nr * sizeof(*rows));
		memcpy(rows, tb->rows, tb->nr * sizeof(*rows));
		free(tb->rows);
		tb->rows = rows;
	}
	return ln - 1;
}

/* The header ends where the canonical form says it does (core/canon.h). */
static int raw_line_ends_header(const struct pm_doc *doc, size_t ln)
{
	const struct pm_doc_line *l = &doc->lines[ln];

	return pm_canon_ends_header(doc->src + l->off, l->len);
}

/*
 * The first c in [from, end), or end: memchr with a cursor kept between
 * calls (*cache NULL before the first), each c looked for once.
 */
static const char *next_of(const char *from, const char *end, char c, const char **cache)
{
	if (!*cache || *cache < from) {
		const char *q = memchr(from, c, (size_t)(end - from));
		*cache = q ? q : end;
	}
	return *cache;
}

/*
 * A heading's title as it renders: HTML tags ("<a name="rc"></a>", as
 * tables of contents put in) left out, a link shown as its text, an image
 * (an icon) left out. Each ']', ')' and '>' is looked for once.
 */
static void rendered_title(struct pm_buf *out, const char *t, size_t len)
{
	const char *p = t, *end = t + len, *close = NULL, *paren = NULL, *gt = NULL, *q;

	while (p < end) {
		if (*p == '<' && p + 1 < end) {
			q = p + 1 + (p[1] == '/');
			if (q < end && isalpha((unsigned char)*q)) {
				while (q < end && (isalnum((unsigned char)*q) || *q == '-'))
					q++;
				if (q < end && (*q == ' ' || *q == '>' || *q == '/') &&
				    (q = next_of(q, end, '>', &gt)) < end) {
					p = q + 1;
					continue;
				}
			}
		} else if (*p == '[' || (*p == '!' && p + 1 < end && p[1] == '[')) {
			const char *open = p + (*p == '!'), *c = next_of(open + 1, end, ']', &close);
			if (c + 1 < end && c[1] == '(' && (q = next_of(c + 2, end, ')', &paren)) < end) {
				if (*p != '!')
					pm_buf_add(out, open + 1, (size_t)(c - open - 1));
				p = q + 1;
				continue;
			}
		}
		pm_buf_addch(out, *p++);
	}
}

static void add_section(struct parser *p, unsigned level, unsigned ln,
			const char *title, size_t tlen)
{
	struct pm_doc *doc = p->doc;
	struct pm_section *s;
	struct pm_buf shown = PM_BUF_INIT;

	PM_ALLOC_GROW(doc->sections, doc->nr_sections + 1, p->alloc_sections);
	s = &doc->sections[doc->nr_sections];
	memset(s, 0, sizeof(*s));
	if (memchr(title, '<', tlen) || memchr(title, '[', tlen)) {
		const char *a, *e;
		rendered_title(&shown, title, tlen);
		a = skip_ws(shown.ptr, shown.ptr + shown.len);
		for (e = shown.ptr + shown.len; e > a && (e[-1] == ' ' || e[-1] == '\t'); e--)
			;
		if (e > a) { /* a title that is all tag is kept as written */
			title = a;
			tlen = (size_t)(e - a);
		}
	}
	s->title = pm_arena_strndup(&doc->arena, title, tlen);
	pm_buf_release(&shown);
	s->level = level;
	s->line = ln;
	s->parent = level == 3 ? p->last_h2 : -1;
	if (level == 2)
		p->last_h2 = (int)doc->nr_sections;
	p->section = (int)doc->nr_sections++;
}

/*
 * "[label]: destination" with an optional "title": a link reference
 * definition, which Markdown does not show ("[//]: # (a note)" is the
 * usual way to write a comment that way).
 */
static int is_link_definition(const char *t, size_t len)
{
	const char *p = t, *end = t + len;
	int label = 0;
	char close;

	for (; p < end && p - t < 3 && *p == ' '; p++)
		;
	if (p == end || *p++ != '[')
		return 0;
	for (; p < end && *p != ']'; p++) {
		if (*p == '[')
			return 0;
		if (*p == '\\' && p + 1 < end)
			p++;
		label |= !isspace((unsigned char)*p);
	}
	if (!label || end - p < 2 || p[1] != ':')
		return 0;
	for (p += 2; p < end && isspace((unsigned char)*p); p++)
		;
	if (p == end)
		return 0; /* a destination on the next line is not read here */
	if (*p == '<') {
		while (p < end && *p != '>')
			p++;
		if (p++ == end)
			return 0;
	} else {
		while (p < end && !isspace((unsigned char)*p))
			p++;
	}
	for (; p < end && isspace((unsigned char)*p); p++)
		;
	if (p == end)
		return 1;
	close = *p == '"' ? '"' : *p == '\'' ? '\'' : *p == '(' ? ')' : 0;
	if (!close || (p[-1] != ' ' && p[-1] != '\t'))
		return 0;
	for (p++; p < end && *p != close; p++)
		if (*p == '\\' && p + 1 < end)
			p++;
	if (p++ == end)
		return 0;
	for (; p < end && isspace((unsigned char)*p); p++)
		;
	return p == end;
}

/*
 * Does a line that is not blank render as nothing: only spaces of any kind,
 * zero-width characters, empty tags, or a link reference definition where
 * one can stand (not inside a paragraph)?
 */
static int renders_nothing(const struct pm_doc *doc, unsigned ln)
{
	const struct pm_doc_line *l = &doc->lines[ln - 1], *prev = ln > 1 ? l - 1 : NULL;
	const char *s = l->text, *end = l->text + l->len;
	size_t n;

	if (l->in_code)
		return 0;
	if (trim_blank(s, end) == s)
		return 1;
	return is_link_definition(l->text, l->len) &&
	       (!prev || prev->blank || prev->in_code ||
		heading_level(prev->text, prev->len, &s, &n) || is_link_definition(prev->text, prev->len));
}

static void finish_sections(struct pm_doc *doc)
{
	size_t i, j;

	for (i = 0; i < doc->nr_sections; i++) {
		struct pm_section *s = &doc->sections[i];
		unsigned ln;

		s->end = (unsigned)doc->nr_lines;
		for (j = i + 1; j < doc->nr_sections; j++)
			if (doc->sections[j].level <= s->level) {
				s->end = doc->sections[j].line - 1;
				break;
			}
		for (ln = s->line + 1; ln <= s->end; ln++) {
			const struct pm_doc_line *l = &doc->lines[ln - 1];
			const char *t;
			size_t tl;
			unsigned lv;

			if (l->blank || (!l->in_code && is_rule(l->text, l->len)))
				continue;
			lv = l->in_code ? 0 : heading_level(l->text, l->len, &t, &tl);
			if (lv == 2 || lv == 3)
				continue;
			if (renders_nothing(doc, ln))
				s->hidden++;
			else
				s->content++;
		}
	}
}

/* A parser over src[0..len): the masked copy made and the lines split. */
static void start(struct parser *p, struct pm_doc *doc, const char *src, size_t len)
{
	memset(doc, 0, sizeof(*doc));
	memset(p, 0, sizeof(*p));
	p->doc = doc;
	p->section = -1;
	p->last_h2 = -1;
	p->open_comment = -1;
	pm_buf_init(&p->cont, 0);
	p->cont_field = -1;
	doc->src = src;
	doc->len = len;
	doc->masked = pm_arena_strndup(&doc->arena, src, len);
	split_lines(p);
}

static int parse(struct pm_doc *doc, const char *src, size_t len, int facts_only)
{
	struct parser p;
	size_t ln;
	int in_body = 0, impact = -1;

	start(&p, doc, src, len);
	if (!facts_only)
		scan_encoding(&p);
	mark_columns(&p);
	doc->body_line = (unsigned)doc->nr_lines + 1;

	for (ln = 0; ln < doc->nr_lines; ln++) {
		struct pm_doc_line *l = &doc->lines[ln];
		const char *title;
		size_t tlen;
		unsigned level;

		ensure_masked(&p, ln);
		l->blank = is_blank(l->text, l->len);
		if (!in_body && raw_line_ends_header(doc, ln)) {
			in_body = 1;
			doc->body_line = (unsigned)ln + 1;
		}
		if (l->in_code || l->blank)
			continue;
		level = heading_level(l->text, l->len, &title, &tlen);
		if (level == 1 && !doc->title && !in_body) {
			doc->title = pm_arena_strndup(&doc->arena, title, tlen);
			doc->title_line = (unsigned)ln + 1;
			continue;
		}
		if (level == 2 || level == 3) {
			add_section(&p, level, (unsigned)ln + 1, title, tlen);
			if (level == 2 && tlen == 6 && !strncasecmp(title, "Impact", 6))
				impact = p.section;
			continue;
		}
		if (level)
			continue;
		/*
		 * the header's field wrapped onto this line: its value goes on;
		 * not the Status's, whose one line the signatures leave out and
		 * finalize rewrites (the status rule asks for it on that line)
		 */
		if (!in_body && doc->nr_fields && p.field_end == ln && pm_doc_continues_value(l->text, l->len) &&
		    strcasecmp(doc->fields[doc->nr_fields - 1].name, "Status")) {
			struct pm_field *f = &doc->fields[doc->nr_fields - 1];
			const char *v = skip_blank(l->text, l->text + l->len), *e = l->text + l->len;
			if (p.cont_field != (long)doc->nr_fields - 1) {
				flush_value(&p);
				pm_buf_sets(&p.cont, f->value);
				p.cont_field = (long)doc->nr_fields - 1;
			}
			/* after a line break, as renders show it, a list goes on: "Dana Lee\" "Priya Raman" */
			if (p.cont.len)
				pm_buf_adds(&p.cont, p.field_break ? ", " : " ");
			add_value_text(&p.cont, v, e);
			f->value = p.cont.ptr; /* until flush_value copies it */
			p.field_end = (unsigned)ln + 1;
			p.field_break = hard_break(v, e);
			continue;
		}
		if (facts_only) {
			size_t before = doc->nr_fields;
			parse_field(&p, (unsigned)ln + 1, l->text, l->len);
			/* the Impact section's Severity is the last fact there is */
			if (doc->nr_fields > before && impact >= 0 &&
			    !strcasecmp(doc->fields[before].name, "Severity") &&
			    pm_doc_within(doc, doc->fields[before].section, impact))
				break;
			continue;
		}
		if (is_grid_border(l->text, l->len)) {
			/* a pandoc grid table: its borders and rows, one problem for all */
			add_problem(&p, PM_DOC_GRID_TABLE, (unsigned)ln + 1, 1, 0, 0);
			while (ln + 1 < doc->nr_lines && (ensure_masked(&p, ln + 1), !doc->lines[ln + 1].in_code) &&
			       (is_grid_border(doc->lines[ln + 1].text, doc->lines[ln + 1].len) ||
				is_table_line(doc->lines[ln + 1].text, doc->lines[ln + 1].len)))
				ln++;
			continue;
		}
		if (is_table_line(l->text, l->len) || starts_pipeless_table(&p, ln)) {
			size_t last = parse_table(&p, ln, !is_table_line(l->text, l->len));
			size_t k;
			for (k = ln + 1; k <= last; k++)
				doc->lines[k].blank = is_blank(doc->lines[k].text,
							       doc->lines[k].len);
			ln = last;
			continue;
		}
		parse_field(&p, (unsigned)ln + 1, l->text, l->len);
		parse_check(&p, (unsigned)ln + 1, l->text, l->len);
	}
	if (!facts_only) {
		ensure_masked(&p, doc->nr_lines);
		if (p.open_comment >= 0)
			add_problem(&p, PM_DOC_OPEN_COMMENT, doc->comments[p.open_comment].line,
				    doc->comments[p.open_comment].col, 0, 0);
		if (p.fence) {
			const struct pm_doc_line *l = &doc->lines[p.fence_line];
			add_problem(&p, PM_DOC_OPEN_FENCE, (unsigned)p.fence_line + 1,
				    1 + (unsigned)((const char *)memchr(l->text, p.fence_char, l->len) - l->text),
				    (unsigned char)p.fence_char, (unsigned)p.fence);
		}
		finish_sections(doc);
	}
	flush_value(&p);
	pm_buf_release(&p.cont);
	return 0;
}

int pm_doc_line_is_rule(const struct pm_doc_line *l)
{
	return is_rule(l->text, l->len);
}

unsigned pm_doc_line_heading(const struct pm_doc_line *l)
{
	const char *title;
	size_t n;

	return heading_level(l->text, l->len, &title, &n);
}

int pm_doc_plain_line(const char *src, size_t len, size_t off)
{
	struct pm_doc doc;
	struct parser p;
	const struct pm_doc_line *l;
	const char *nl = memchr(src + off, '\n', len - off);
	int plain = 0;

	start(&p, &doc, src, nl ? (size_t)(nl - src) + 1 : len); /* up to that line, no further */
	if (doc.nr_lines) {
		ensure_masked(&p, doc.nr_lines - 1);
		l = &doc.lines[doc.nr_lines - 1];
		/* a comment blanks the masked copy; code is marked */
		plain = l->off == off && !l->in_code && l->len && l->text[0] == src[off];
	}
	pm_doc_release(&doc);
	return plain;
}

int pm_doc_parse(struct pm_doc *doc, const char *src, size_t len)
{
	return parse(doc, src, len, 0);
}

int pm_doc_parse_facts(struct pm_doc *doc, const char *src, size_t len)
{
	return parse(doc, src, len, 1);
}

void pm_doc_release(struct pm_doc *doc)
{
	free(doc->lines);
	free(doc->fields);
	free(doc->sections);
	free(doc->tables);
	free(doc->checks);
	free(doc->comments);
	free(doc->problems);
	free(doc->colmarks);
	pm_arena_release(&doc->arena);
	memset(doc, 0, sizeof(*doc));
}

const struct pm_field *pm_doc_header(const struct pm_doc *doc, const char *name)
{
	size_t i;

	for (i = 0; i < doc->nr_fields; i++) {
		const struct pm_field *f = &doc->fields[i];
		if (f->line >= doc->body_line)
			break;
		if (!strcasecmp(f->name, name))
			return f;
	}
	return NULL;
}

/*
 * Does a heading name the section `want`, in any case? Numbering before
 * it and a colon after it do not count:
 * "## 4. Root Cause:" is the Root Cause section.
 */
static int title_is(const char *have, const char *want)
{
	const char *p, *q;
	char bare[128];
	size_t n, k;

	/* an icon first, "## 📝 Executive Summary": symbols, not words */
	for (;;) {
		uint32_t cp;
		size_t k = pm_utf8_decode(have, strlen(have), &cp);
		if (!k || !(cp == ' ' || (cp >= 0x2190 && cp <= 0x2BFF) || cp == 0x200D ||
			    cp == 0xFE0F || (cp >= 0x1F000 && cp <= 0x1FAFF)))
			break;
		have += k;
	}
	/* emphasis around the whole title, "## **Impact**": the same words */
	n = strlen(have);
	while (n && (have[n - 1] == ':' || have[n - 1] == ' '))
		n--;
	for (k = 2; k >= 1; k--)
		if (n > 2 * k && (have[0] == '*' || have[0] == '_') &&
		    !strncmp(have, have + n - k, k) && strspn(have, have[0] == '*' ? "*" : "_") == k) {
			memcpy(bare, have + k, n - 2 * k < sizeof(bare) - 1 ? n - 2 * k : sizeof(bare) - 1);
			bare[n - 2 * k < sizeof(bare) - 1 ? n - 2 * k : sizeof(bare) - 1] = '\0';
			have = bare;
			break;
		}
	p = q = have;

	while (isdigit((unsigned char)*q) || (*q == '.' && q > have))
		q++;
	if (q > have && *q == ')')
		q++;
	/* "1. ", "2) ", "3.1 ", "3.1. ": not a bare number, "2026 Review" */
	if (q > have && (q[-1] == '.' || q[-1] == ')' || memchr(have, '.', (size_t)(q - have))) &&
	    *q == ' ') {
		while (*q == ' ')
			q++;
		p = q;
	}
	n = strlen(p);
	while (n && (p[n - 1] == ':' || p[n - 1] == ' '))
		n--;
	return n == strlen(want) && !strncasecmp(p, want, n);
}

int pm_doc_section(const struct pm_doc *doc, const char *title,
		   unsigned level, int parent)
{
	size_t i;

	for (i = 0; i < doc->nr_sections; i++) {
		const struct pm_section *s = &doc->sections[i];
		if (s->level != level || !title_is(s->title, title))
			continue;
		if (parent >= 0 && !pm_doc_within(doc, (int)i, parent))
			continue;
		return (int)i;
	}
	return -1;
}

int pm_doc_within(const struct pm_doc *doc, int s, int outer)
{
	while (s >= 0) {
		if (s == outer)
			return 1;
		s = doc->sections[s].parent;
	}
	return 0;
}

const struct pm_field *pm_doc_field(const struct pm_doc *doc, int outer,
				    const char *name)
{
	size_t i;

	for (i = 0; i < doc->nr_fields; i++) {
		const struct pm_field *f = &doc->fields[i];
		if (f->line < doc->body_line)
			continue;
		if (outer >= 0 && !pm_doc_within(doc, f->section, outer))
			continue;
		if (!strcasecmp(f->name, name))
			return f;
	}
	return NULL;
}
