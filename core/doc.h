#ifndef PM_DOC_H
#define PM_DOC_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"

/*
 * The document model: a postmortem's bytes turned into the parts the
 * rules look at, each with its 1-based line and column (columns count
 * code points, an invalid byte counting as one).
 *
 * HTML comments are guidance for the author and invisible to the model:
 * the parser works on a copy of the text in which every byte of a
 * comment (except newlines) is a space, so positions stay those of the
 * file. Fenced code blocks hold no structure.
 *
 * pm_doc_parse never fails: any bytes give a model, and what could not be
 * understood is listed in `problems` with its position.
 */

enum pm_doc_problem_kind {
	PM_DOC_BAD_UTF8,      /* a byte sequence that is not UTF-8; expected = its first byte,
				 found = 1 when it stands alone between ASCII (a one-byte encoding) */
	PM_DOC_NUL,           /* a NUL byte: a binary file */
	PM_DOC_OPEN_COMMENT,  /* "<!--" without "-->" */
	PM_DOC_OPEN_FENCE,    /* a code fence never closed; expected = its character, found = its length */
	PM_DOC_TABLE_DELIM,   /* a pipe table without its |---| row */
	PM_DOC_TABLE_CELLS,   /* a row with another number of cells */
	PM_DOC_GRID_TABLE,    /* a pandoc grid table ("+---+---+"), which renderers show as text */
	PM_DOC_BIDI,          /* a bidirectional control (U+202A-E, U+2066-9); expected = it */
	PM_DOC_CONTROL,       /* a control character other than TAB (a CR inside a line, ESC, C1); expected = it */
	PM_DOC_PROBLEM_KINDS
};

struct pm_doc_problem {
	enum pm_doc_problem_kind kind;
	unsigned line, col;
	unsigned expected, found; /* cells, for PM_DOC_TABLE_CELLS */
};

struct pm_doc_line {
	const char *text; /* the masked text, no line terminator */
	size_t len;
	size_t off;       /* byte offset of the line in the source */
	unsigned in_code : 1;
	unsigned blank : 1; /* nothing but blanks once comments are gone */
	/* a long line's column marks: doc->colmarks[first_mark, first_mark + nr_marks) */
	unsigned first_mark, nr_marks;
};

/*
 * The column of the first character at or after every PM_DOC_MARK_STEP
 * bytes of a long line, so that pm_doc_col decodes a few hundred bytes at
 * most, however long the line and however many findings it holds.
 */
#define PM_DOC_MARK_STEP 256
struct pm_colmark {
	size_t off, col;
};

/*
 * "**Name**: value", "- **Name**: value", "**Name:** value", and in list
 * items also the plain "- Name: value" (bold = 0).
 */
struct pm_field {
	const char *name;  /* trimmed */
	const char *value; /* trimmed, comments removed, escapes as rendered ("\-" is "-") */
	unsigned line, name_col, value_col;
	int section;       /* index into sections, -1 before the first */
	int bullet;        /* written as a list item */
	int bold;          /* the name is in ** ** */
};

/*
 * Text as it reads once rendered: a backslash before ASCII punctuation
 * ("INC\\-2026", "\\[Names\\]", as converters write them) renders as the
 * punctuation alone, outside code spans ("\\|" is a pipe even inside one,
 * as tables read it), and a no-break or other Unicode space reads as a
 * space. The bytes of text at a (before b) that make one such character,
 * which goes to *ch (when not NULL); *code follows the code spans.
 */
size_t pm_doc_rendered_step(const char *a, const char *b, int *code, char *ch);
/*
 * Does a header line go on the value of the field above it, in the one
 * paragraph a header renders as (a converter wrapped a long value)? Not
 * a list item, a table row, a heading or HTML, nor a field in another form.
 */
int pm_doc_continues_value(const char *t, size_t len);
/* Appends the text [a, b) as it renders (escapes taken out) to `out`. */
void pm_doc_add_rendered(struct pm_buf *out, const char *a, const char *b);

struct pm_cell {
	const char *text; /* trimmed, as rendered: "\|" and other escapes unescaped */
	unsigned col;
};

struct pm_row {
	struct pm_cell *cells;
	unsigned nr;
	unsigned line;
};

struct pm_table {
	struct pm_row head;
	struct pm_row *rows;
	size_t nr;
	unsigned line;
	int section;
};

struct pm_check {
	int checked;
	const char *text;
	unsigned line, col;
	int section;
};

struct pm_section {
	const char *title;  /* trimmed, closing #s removed */
	unsigned level;     /* 2 for "## ", 3 for "### " */
	int parent;         /* for level 3: the enclosing level-2 section */
	unsigned line;      /* the heading */
	unsigned end;       /* last line of its body (inclusive) */
	unsigned content;   /* lines in the body that render as something: not blank, not rules */
	unsigned hidden;    /* lines that are not blank yet render as nothing */
};

struct pm_comment {
	unsigned line, col;
	unsigned end_line, end_col; /* of the closing "-->", 0 if none */
};

struct pm_doc {
	const char *src;     /* the bytes as given (not owned) */
	size_t len;
	char *masked;        /* comments blanked; arena-owned */
	struct pm_doc_line *lines;
	size_t nr_lines;

	const char *title;   /* NULL if there is no "# " line */
	unsigned title_line;
	unsigned body_line;  /* first line after the header (1-based) */

	struct pm_field *fields;
	size_t nr_fields;
	struct pm_section *sections;
	size_t nr_sections;
	struct pm_table *tables;
	size_t nr_tables;
	struct pm_check *checks;
	size_t nr_checks;
	struct pm_comment *comments;
	size_t nr_comments;
	struct pm_doc_problem *problems;
	size_t nr_problems;
	struct pm_colmark *colmarks; /* of the long lines, in line order */
	size_t nr_colmarks;

	struct pm_arena arena;
};

/*
 * Parses src[0..len) into doc. The model points into `src`, which must
 * outlive it. Always returns 0.
 */
int pm_doc_parse(struct pm_doc *doc, const char *src, size_t len);
/*
 * A quicker parse for what pm_facts_read needs: the title, the header and
 * the fields up to the Impact section's Severity. Tables, checklists,
 * encoding problems and section extents are left out. Verification,
 * which judges thousands of documents, reads them this way.
 */
int pm_doc_parse_facts(struct pm_doc *doc, const char *src, size_t len);
void pm_doc_release(struct pm_doc *doc);
/* Is the line a thematic break ("---", "***", "___")? Its heading level (0: none)? */
int pm_doc_line_is_rule(const struct pm_doc_line *l);
unsigned pm_doc_line_heading(const struct pm_doc_line *l);
/*
 * Is the line that starts at byte `off` of src rendered as written: not
 * inside an HTML comment or a fenced code block? Reads src only up to it.
 */
int pm_doc_plain_line(const char *src, size_t len, size_t off);

/* A header field by name, case-insensitively; NULL if absent. */
const struct pm_field *pm_doc_header(const struct pm_doc *doc,
				     const char *name);
/*
 * The index of the section called `title` (case-insensitive) at `level`
 * inside `parent` (-1: anywhere), or -1.
 */
int pm_doc_section(const struct pm_doc *doc, const char *title,
		   unsigned level, int parent);
/* True when section `s` is `outer` or nested in it. */
int pm_doc_within(const struct pm_doc *doc, int s, int outer);
/* The first field called `name` inside section `outer` (-1: body), or NULL. */
const struct pm_field *pm_doc_field(const struct pm_doc *doc, int outer,
				    const char *name);
/*
 * Where a list item's text starts, past its marker ("- ", "* ", "+ ",
 * "12. ", "3) ") and the blanks after it, for s just past the indentation;
 * NULL when s..end opens no list item.
 */
const char *pm_doc_list_item(const char *s, const char *end);
/* Column (1-based, code points) of byte `off` of line `line`. */
unsigned pm_doc_col(const struct pm_doc *doc, unsigned line, size_t off);

#endif
