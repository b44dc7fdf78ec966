#include "template.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "doc.h"
#include "text.h"

#include "banned.h"

/* Placeholders every template has, whatever it says. */
static const char *const generic[] = {
	"TBD", "TODO", "FIXME", "TK", "XXX", "...", "?", "??", "???",
};

static void add(char ***list, size_t *nr, size_t *alloc, const char *s,
		size_t len)
{
	PM_ALLOC_GROW(*list, *nr + 1, *alloc);
	(*list)[(*nr)++] = pm_xstrndup(s, len);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_unique(char **list, size_t *nr)
{
	size_t i, j = 0;

	if (!*nr)
		return;
	qsort(list, *nr, sizeof(*list), cmp);
	for (i = 0; i < *nr; i++) {
		if (j && !strcmp(list[j - 1], list[i])) {
			free(list[i]);
			continue;
		}
		list[j++] = list[i];
	}
	*nr = j;
}

char *pm_template_label(const char *s, size_t n)
{
	char *k, *c;

	while (n && (*s == '*' || *s == '_' || *s == ' '))
		s++, n--;
	while (n && (s[n - 1] == '*' || s[n - 1] == '_' || s[n - 1] == ' ' || s[n - 1] == ':'))
		n--;
	if (!n)
		return NULL;
	k = pm_xstrndup(s, n);
	for (c = k; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return k;
}

static void add_label(struct pm_template *t, const char *label)
{
	char *k = pm_template_label(label, strlen(label));

	if (!k)
		return;
	PM_ALLOC_GROW(t->signoff_labels, t->nr_signoff_labels + 1, t->alloc_signoff_labels);
	t->signoff_labels[t->nr_signoff_labels++] = k;
}

/* The labels of the lines below the template's "## Sign-Off". */
static void learn_signoff_labels(struct pm_template *t, const struct pm_doc *doc)
{
	struct pm_canon_cut cut = pm_canon_cut(doc->src, doc->len);
	unsigned cut_line = cut.line;
	size_t i, j;

	if (cut.off >= doc->len)
		return;
	for (i = 0; i < doc->nr_fields; i++)
		if (doc->fields[i].line > cut_line)
			add_label(t, doc->fields[i].name);
	for (i = 0; i < doc->nr_tables; i++)
		for (j = 0; j < doc->tables[i].nr; j++)
			if (doc->tables[i].rows[j].line > cut_line && doc->tables[i].rows[j].nr)
				add_label(t, doc->tables[i].rows[j].cells[0].text);
}

/*
 * Is the span at `off`, shown as `span` of `len` bytes, the checkbox of a
 * task list item ("- [x] ...", or "- \\[x\\] ..." escaped)?
 */
static int is_checkbox(const char *t, size_t off, const char *span, size_t len)
{
	size_t i = 0;

	if (len != 3 || (span[1] != ' ' && span[1] != 'x' && span[1] != 'X'))
		return 0;
	while (i < off && (t[i] == ' ' || t[i] == '\t'))
		i++;
	return i + 2 == off && (t[i] == '-' || t[i] == '*' || t[i] == '+');
}

/*
 * "\[Names\]" at t[i], as Google Docs and other converters escape the
 * brackets: it renders "[Names]". Its end (the byte after "\]"), with
 * "[Names]" in `shown` (read as it renders: pm_doc_rendered_step), or 0.
 */
static size_t escaped_span(const char *t, size_t len, size_t i, struct pm_buf *shown)
{
	size_t j;
	int code = 0;
	char ch;

	if (i + 1 >= len || t[i] != '\\' || t[i + 1] != '[')
		return 0;
	pm_buf_reset(shown);
	pm_buf_addch(shown, '[');
	for (j = i + 2; j + 1 < len;) {
		if (t[j] == '[' || t[j] == ']')
			return 0;
		if (t[j] == '\\' && t[j + 1] == ']') {
			pm_buf_addch(shown, ']');
			return j + 2;
		}
		if (t[j] == '\\' && t[j + 1] == '[')
			return 0; /* the next span's start: each is read from there, once */
		j += pm_doc_rendered_step(t + j, t + len, &code, &ch);
		pm_buf_addch(shown, ch);
	}
	return 0;
}

void pm_template_each_span(const char *t, size_t len, pm_span_fn fn, void *data)
{
	struct pm_buf shown = PM_BUF_INIT;
	size_t i;

	for (i = 0; i < len; i++) {
		size_t j;

		/* most bytes open nothing: pass them at the cost of one test */
		if (t[i] != '`' && t[i] != '\\' && t[i] != '[')
			continue;
		if (t[i] == '`') {
			/* skip a code span: up to the next backtick */
			for (j = i + 1; j < len && t[j] != '`'; j++)
				;
			i = j;
			continue;
		}
		if ((j = escaped_span(t, len, i, &shown))) {
			if (!is_checkbox(t, i, shown.ptr, shown.len))
				fn(data, i, shown.ptr, shown.len);
			i = j - 1;
			continue;
		}
		if (t[i] != '[' || (i && t[i - 1] == '\\'))
			continue;
		for (j = i + 1; j < len && t[j] != ']' && t[j] != '['; j++)
			;
		if (j >= len || t[j] != ']')
			continue;
		if ((j + 1 < len && (t[j + 1] == '(' || t[j + 1] == '[')) ||
		    is_checkbox(t, i, t + i, j - i + 1)) {
			i = j;
			continue;
		}
		fn(data, i, t + i, j - i + 1);
		i = j;
	}
	pm_buf_release(&shown);
}

int pm_template_whole_placeholder(const struct pm_template *t, const char *s)
{
	struct pm_buf shown = PM_BUF_INIT;
	size_t n = strlen(s);
	int is = 0;

	if (n > 2 && s[0] == '[' && s[n - 1] == ']')
		is = pm_template_is_placeholder(t, s + 1, n - 2);
	else if (escaped_span(s, n, 0, &shown) == n)
		is = pm_template_is_placeholder(t, shown.ptr + 1, shown.len - 2);
	pm_buf_release(&shown);
	return is;
}

static void learn_placeholder(void *data, size_t off, const char *span,
			      size_t len)
{
	struct pm_template *t = data;

	(void)off;
	if (len > 2)
		add(&t->placeholders, &t->nr_placeholders, &t->alloc_placeholders,
		    span + 1, len - 2);
}

void pm_template_learn(struct pm_template *t, const char *text, size_t len)
{
	struct pm_doc doc;
	struct pm_buf norm = PM_BUF_INIT;
	char **skeleton = NULL;
	size_t nr_skeleton = 0, alloc_skeleton = 0, ln, i;

	pm_doc_parse(&doc, text, len);
	for (ln = 0; ln < doc.nr_lines; ln++) {
		const struct pm_doc_line *l = &doc.lines[ln];
		const char *src = text + l->off;

		if (!l->in_code)
			pm_template_each_span(l->text, l->len, learn_placeholder, t);
		/* the line's words outside comments are skeleton ... */
		pm_normalize_words(&norm, l->text, l->len);
		if (norm.len)
			add(&skeleton, &nr_skeleton, &alloc_skeleton, norm.ptr, norm.len);
		/* ... and the words inside comments are candidates for examples */
		if (memcmp(l->text, src, l->len)) {
			struct pm_buf inside = PM_BUF_INIT;
			size_t k;
			for (k = 0; k < l->len; k++)
				pm_buf_addch(&inside, l->text[k] == src[k] &&
						      src[k] != ' ' ? ' ' : src[k]);
			pm_normalize_words(&norm, inside.ptr, inside.len);
			pm_buf_release(&inside);
			if (norm.len >= PM_EXAMPLE_MIN_LEN && strchr(norm.ptr, ' '))
				add(&t->examples, &t->nr_examples, &t->alloc_examples,
				    norm.ptr, norm.len);
			/* "**Example**: The v2.1.0 ...": also without its label, as authors leave it */
			if (norm.len >= PM_EXAMPLE_MIN_LEN + 8 && !memcmp(norm.ptr, "example ", 8) &&
			    strchr(norm.ptr + 8, ' '))
				add(&t->examples, &t->nr_examples, &t->alloc_examples,
				    norm.ptr + 8, norm.len - 8);
		}
	}
	sort_unique(skeleton, &nr_skeleton);
	/* a line that is also skeleton is not an example */
	for (i = 0; i < t->nr_examples;) {
		if (nr_skeleton && bsearch(&t->examples[i], skeleton, nr_skeleton,
					   sizeof(*skeleton), cmp)) {
			free(t->examples[i]);
			t->examples[i] = t->examples[--t->nr_examples];
			continue;
		}
		i++;
	}
	for (i = 0; i < sizeof(generic) / sizeof(generic[0]); i++)
		add(&t->placeholders, &t->nr_placeholders, &t->alloc_placeholders,
		    generic[i], strlen(generic[i]));
	for (i = 0; i < nr_skeleton; i++)
		free(skeleton[i]);
	free(skeleton);
	learn_signoff_labels(t, &doc);
	pm_buf_release(&norm);
	pm_doc_release(&doc);
	/* sorted now, so that looking up changes nothing (threads share t) */
	sort_unique(t->placeholders, &t->nr_placeholders);
	sort_unique(t->examples, &t->nr_examples);
	sort_unique(t->signoff_labels, &t->nr_signoff_labels);
}

int pm_template_is_placeholder(const struct pm_template *t, const char *content,
			       size_t len)
{
	char *key;
	int found;

	if (!t->nr_placeholders)
		return 0;
	key = pm_xstrndup(content, len);
	found = bsearch(&key, t->placeholders, t->nr_placeholders,
			sizeof(*t->placeholders), cmp) != NULL;
	free(key);
	return found;
}

int pm_template_is_example(const struct pm_template *t, const char *normalized)
{
	if (!t->nr_examples)
		return 0;
	return bsearch(&normalized, t->examples, t->nr_examples,
		       sizeof(*t->examples), cmp) != NULL;
}

int pm_template_is_signoff_label(const struct pm_template *t, const char *key)
{
	return t->nr_signoff_labels &&
	       bsearch(&key, t->signoff_labels, t->nr_signoff_labels,
		       sizeof(*t->signoff_labels), cmp) != NULL;
}

void pm_template_release(struct pm_template *t)
{
	size_t i;

	for (i = 0; i < t->nr_placeholders; i++)
		free(t->placeholders[i]);
	free(t->placeholders);
	for (i = 0; i < t->nr_examples; i++)
		free(t->examples[i]);
	free(t->examples);
	for (i = 0; i < t->nr_signoff_labels; i++)
		free(t->signoff_labels[i]);
	free(t->signoff_labels);
	if (t->has_outline)
		pm_doc_release(&t->outline);
	pm_buf_release(&t->outline_src);
	memset(t, 0, sizeof(*t));
}

void pm_template_outline(struct pm_template *t, const char *text, size_t len)
{
	if (t->has_outline)
		pm_doc_release(&t->outline);
	pm_buf_reset(&t->outline_src);
	pm_buf_add(&t->outline_src, text, len);
	pm_doc_parse(&t->outline, t->outline_src.ptr, t->outline_src.len);
	t->has_outline = 1;
}

int pm_template_has_section(const struct pm_template *t, const char *title)
{
	return !t || !t->has_outline || pm_doc_section(&t->outline, title, 2, -1) >= 0;
}

int pm_template_has_field(const struct pm_template *t, const char *section, const char *name)
{
	int s;

	if (!t || !t->has_outline)
		return 1;
	s = pm_doc_section(&t->outline, section, 2, -1);
	return s >= 0 && pm_doc_field(&t->outline, s, name) != NULL;
}
