#include "cover.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "canon.h"

#include "banned.h"

/* Labels finalize fills or keeps below "## Sign-Off" whatever the template. */
static const char *const fixed_labels[] = {
	"Reviewed By", "Approved By", "Published", "Distribution", "Last Updated", "Version",
};

/* Is `s` (emphasis around it ignored) a label of a sign-off line? */
static int is_label(const char *s, const struct pm_config *cfg, const struct pm_template *tpl)
{
	char *key = pm_template_label(s, strlen(s));
	size_t i;
	int found = 0;

	if (!key)
		return 0;
	for (i = 0; !found && i < sizeof(fixed_labels) / sizeof(fixed_labels[0]); i++)
		found = !strcasecmp(key, fixed_labels[i]);
	for (i = 0; !found && cfg && i < cfg->nr_slots; i++)
		found = !strcasecmp(key, cfg->slots[i].name);
	if (!found && tpl)
		found = pm_template_is_signoff_label(tpl, key);
	free(key);
	return found;
}

/*
 * Does s[0..n) hold `needle`? memchr for its first byte, which is rare in
 * a postmortem ('<', '`', '~'): far quicker than memmem here.
 */
static int has(const char *s, size_t n, const char *needle)
{
	const char *end = s + n, *p = s;
	size_t k = strlen(needle);

	while ((p = memchr(p, needle[0], (size_t)(end - p)))) {
		if ((size_t)(end - p) >= k && !memcmp(p, needle, k))
			return 1;
		p++;
	}
	return 0;
}

/* Is the line at the cut rendered as a heading, not hidden in a comment or code? */
static int cut_is_heading(const char *src, size_t len, size_t cut, unsigned cut_line,
			  const struct pm_doc *doc)
{
	const struct pm_doc_line *l;

	if (doc) {
		if (cut_line > doc->nr_lines)
			return 0;
		l = &doc->lines[cut_line - 1];
		return !l->in_code && l->len && l->text[0] == '#';
	}
	/* nothing before it can open a comment or a code block: it is plain */
	if (!has(src, cut, "<!--") && !has(src, cut, "```") && !has(src, cut, "~~~"))
		return 1;
	return pm_doc_plain_line(src, len, cut);
}

/* The line's text, trimmed and cut short, for a message. */
static void quote(struct pm_buf *why, const struct pm_doc_line *l)
{
	const char *t = l->text, *e = l->text + l->len;

	while (t < e && (*t == ' ' || *t == '\t'))
		t++;
	while (e > t && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (e - t > 48) {
		int k = 45;
		while (k > 0 && ((unsigned char)t[k] & 0xc0) == 0x80)
			k--; /* not inside a UTF-8 sequence */
		pm_buf_addf(why, "'%.*s...'", k, t);
	} else
		pm_buf_addf(why, "'%.*s'", (int)(e - t), t);
}

/*
 * What stands on each line of the part below the cut: a table's heading
 * or delimiter row, a table row, a field. Found once, as the part may
 * hold many thousands of lines.
 */
struct tail_index {
	const struct pm_row **row;     /* per line: the table row there */
	const struct pm_field **field; /* per line: the first field there */
	unsigned char *head;           /* per line: a table's heading or |---| row */
};

static void index_tail(const struct pm_doc *t, struct tail_index *x)
{
	size_t n = t->nr_lines + 2, i, j;

	x->row = pm_xcalloc(n, sizeof(*x->row));
	x->field = pm_xcalloc(n, sizeof(*x->field));
	x->head = pm_xcalloc(n, 1);
	for (i = 0; i < t->nr_tables; i++) {
		const struct pm_table *tb = &t->tables[i];
		unsigned h;
		/* the first table that claims a line has it */
		for (h = tb->head.line; h <= tb->head.line + 1; h++)
			if (h && h < n && !x->row[h])
				x->head[h] = 1;
		for (j = 0; j < tb->nr; j++) {
			unsigned ln = tb->rows[j].line;
			if (ln && ln < n && !x->head[ln] && !x->row[ln])
				x->row[ln] = &tb->rows[j];
		}
	}
	for (i = 0; i < t->nr_fields; i++) {
		unsigned ln = t->fields[i].line;
		if (ln && ln < n && !x->field[ln])
			x->field[ln] = &t->fields[i];
	}
}

static void tail_index_release(struct tail_index *x)
{
	free(x->row);
	free(x->field);
	free(x->head);
}

/* Why line ln (0-based) of the part below the cut may not stand there, or 0. */
static int tail_line_bad(const struct pm_doc *t, const struct tail_index *x, size_t ln,
			 const struct pm_config *cfg, const struct pm_template *tpl)
{
	const struct pm_doc_line *l = &t->lines[ln];
	unsigned line = (unsigned)ln + 1;

	if (l->in_code)
		return 1;
	if (l->blank || pm_doc_line_is_rule(l))
		return 0;
	if (pm_doc_line_heading(l))
		return 1;
	if (x->head[line])
		return 0; /* the header and its |---| row */
	if (x->row[line])
		return !x->row[line]->nr || !is_label(x->row[line]->cells[0].text, cfg, tpl);
	if (x->field[line])
		return !is_label(x->field[line]->name, cfg, tpl);
	return 1;
}

unsigned pm_cover_check(const char *src, size_t len, const struct pm_canon_cut *at,
			const struct pm_doc *doc, const struct pm_config *cfg,
			const struct pm_template *tpl, struct pm_buf *why)
{
	struct pm_canon_cut c = at ? *at : pm_canon_cut(src, len);
	size_t cut = c.off, i;
	unsigned cut_line = c.line, bad = 0;
	struct pm_doc t;
	struct tail_index x;

	if (c.statuses > 1) {
		pm_buf_sets(why, "a second '**Status**:' line in the header: signatures leave out every such line, so what it says is not signed; keep one Status line");
		return c.second_status;
	}
	if (cut >= len)
		return 0;
	if (!cut_is_heading(src, len, cut, cut_line, doc)) {
		pm_buf_sets(why, "this '## Sign-Off' is inside a comment or a code block, yet signatures end at it all the same, so nothing below it would be signed; delete the line");
		return cut_line;
	}
	pm_doc_parse(&t, src + cut, len - cut);
	index_tail(&t, &x);
	for (i = 1; i < t.nr_lines; i++) {
		if (!tail_line_bad(&t, &x, i, cfg, tpl))
			continue;
		bad = cut_line + (unsigned)i;
		pm_buf_reset(why);
		if (pm_doc_line_heading(&t.lines[i]) && !t.lines[i].in_code) {
			pm_buf_adds(why, "the heading ");
			quote(why, &t.lines[i]);
			pm_buf_adds(why, " comes below '## Sign-Off', where no signature reaches; move that section above '## Sign-Off'");
		} else if (x.field[i] && !t.lines[i - 1].blank && !x.field[i + 1] &&
			   !pm_doc_list_item(t.lines[i].text, t.lines[i].text + t.lines[i].len)) {
			/* "**Distribution**: Engineering, Product,\nLeadership": a wrapped line */
			quote(why, &t.lines[i]);
			pm_buf_addf(why, " continues the '%s' line above, as converters wrap long lines; join it to that line (below '## Sign-Off' stand only the sign-off lines, which no signature reaches)",
				    x.field[i]->name);
		} else {
			quote(why, &t.lines[i]);
			pm_buf_adds(why, " is below '## Sign-Off', where no signature reaches; move it above '## Sign-Off' (only the sign-off lines belong there");
			if (cfg && cfg->nr_slots)
				pm_buf_addf(why, ", one per slot, such as '- %s: [Name] - [Date]', which 'pmgit finalize' fills in",
					    cfg->slots[0].name);
			pm_buf_addch(why, ')');
		}
		break;
	}
	tail_index_release(&x);
	pm_doc_release(&t);
	return bad;
}
