/* the document model: every element with its position, any bytes in */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "test.h"

#define UNIT_MODULE "doc"

static const char small[] =
	"# Title here\n"
	"\n"
	"**Incident ID**: INC-2026-0001\n"
	"**Status**: Draft <!-- or In Review -->\n"
	"\n"
	"---\n"
	"\n"
	"## Impact\n"
	"### User Impact\n"
	"- **Severity**: P1\n"
	"- Monthly budget: 0.5% (216 minutes)\n"
	"<!-- - **Hidden**: in a comment\n"
	"     still in it -->\n"
	"## Timeline\n"
	"\n"
	"| Time | Event |\n"
	"|---|---|\n"
	"| 14:00 | a \\| b |\n"
	"| 15:00 |\n"
	"\n"
	"```\n"
	"## Not a section\n"
	"- **Not**: a field\n"
	"```\n"
	"- [x] done thing\n"
	"- [ ] open thing\n";

static const struct pm_field *field(const struct pm_doc *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->nr_fields; i++)
		if (!strcmp(d->fields[i].name, name))
			return &d->fields[i];
	return NULL;
}

static void parses_title_header_and_fields_with_positions(void)
{
	struct pm_doc d;
	const struct pm_field *f;

	pm_doc_parse(&d, small, strlen(small));
	CHECK_STR(d.title, "Title here");
	CHECK(d.title_line == 1);
	CHECK(d.body_line == 6);
	f = pm_doc_header(&d, "incident id");
	CHECK(f && f->line == 3 && f->value_col == 18);
	CHECK_STR(f->value, "INC-2026-0001");
	f = pm_doc_header(&d, "Status");
	CHECK_STR(f->value, "Draft"); /* the comment is not part of the value */
	f = field(&d, "Severity");
	CHECK(f && f->bullet && f->bold && f->line == 10 && f->section >= 0);
	f = field(&d, "Monthly budget");
	CHECK(f && !f->bold);
	CHECK_STR(f->value, "0.5% (216 minutes)");
	pm_doc_release(&d);
}

static void comments_and_code_hold_no_structure(void)
{
	struct pm_doc d;

	pm_doc_parse(&d, small, strlen(small));
	CHECK(field(&d, "Hidden") == NULL);
	CHECK(field(&d, "Not") == NULL);
	CHECK(pm_doc_section(&d, "Not a section", 2, -1) < 0);
	CHECK(d.nr_comments == 2);
	CHECK(d.comments[1].line == 12 && d.comments[1].end_line == 13);
	pm_doc_release(&d);
}

static void sections_nest_and_count_content(void)
{
	struct pm_doc d;
	int impact, user;

	pm_doc_parse(&d, small, strlen(small));
	impact = pm_doc_section(&d, "impact", 2, -1);
	user = pm_doc_section(&d, "User Impact", 3, impact);
	CHECK(impact >= 0 && user > impact);
	CHECK(d.sections[user].parent == impact);
	CHECK(d.sections[impact].end == 13);
	CHECK(d.sections[impact].content == 2); /* the two list items; comments are blank */
	pm_doc_release(&d);
}

static void tables_split_cells_and_report_missing_ones(void)
{
	struct pm_doc d;
	const struct pm_table *t;

	pm_doc_parse(&d, small, strlen(small));
	CHECK(d.nr_tables == 1);
	t = &d.tables[0];
	CHECK(t->head.nr == 2 && t->nr == 2);
	CHECK_STR(t->rows[0].cells[1].text, "a | b");
	CHECK(t->rows[0].cells[1].col == 11);
	CHECK(t->rows[1].nr == 1);
	CHECK(d.nr_problems == 1 && d.problems[0].kind == PM_DOC_TABLE_CELLS);
	CHECK(d.problems[0].line == 19 && d.problems[0].expected == 2 && d.problems[0].found == 1);
	pm_doc_release(&d);
}

static void checklists_keep_their_state(void)
{
	struct pm_doc d;

	pm_doc_parse(&d, small, strlen(small));
	CHECK(d.nr_checks == 2);
	CHECK(d.checks[0].checked && !d.checks[1].checked);
	CHECK_STR(d.checks[1].text, "open thing");
	CHECK(d.checks[1].line == 26);
	pm_doc_release(&d);
}

static void crlf_and_bom_do_not_move_columns(void)
{
	static const char text[] = "\xef\xbb\xbf# T\r\n**Date**: 2026-01-01\r\n";
	struct pm_doc d;
	const struct pm_field *f;

	pm_doc_parse(&d, text, strlen(text));
	CHECK_STR(d.title, "T");
	f = pm_doc_header(&d, "Date");
	CHECK(f && f->value_col == 11);
	CHECK_STR(f->value, "2026-01-01");
	CHECK(d.nr_lines == 2);
	pm_doc_release(&d);
}

static void unterminated_comment_is_a_problem_at_its_start(void)
{
	static const char text[] = "# T\n\nsome text <!-- never\nclosed\n## Impact\n";
	struct pm_doc d;

	pm_doc_parse(&d, text, strlen(text));
	CHECK(d.nr_problems == 1 && d.problems[0].kind == PM_DOC_OPEN_COMMENT);
	CHECK(d.problems[0].line == 3 && d.problems[0].col == 11);
	CHECK(pm_doc_section(&d, "Impact", 2, -1) < 0); /* hidden, as a renderer hides it */
	pm_doc_release(&d);
	/* "<!-->" and "<!--->" open nothing: whole comments, as HTML reads them */
	pm_doc_parse(&d, "# T\n\n<!-->\ntext <!---> more\n## Impact\n", 38);
	CHECK(d.nr_problems == 0 && d.nr_comments == 2);
	CHECK(pm_doc_section(&d, "Impact", 2, -1) >= 0);
	pm_doc_release(&d);
}

static void code_fences_open_and_close_as_they_render(void)
{
	/* a line of backticks with a backtick after them is a code span, not a fence */
	static const char span[] = "# T\n\n```kubectl get pods``` showed it\n\n## Impact\n\ntext\n";
	static const char open[] = "# T\n\ntext\n   ~~~~ yaml\n## Impact\n~~~\nstill code\n";
	static const char closed[] = "# T\n\n```sh\n## Not a section\n```\n\n## Impact\n";
	struct pm_doc d;

	pm_doc_parse(&d, span, strlen(span));
	CHECK(pm_doc_section(&d, "Impact", 2, -1) >= 0 && d.nr_problems == 0);
	CHECK(!d.lines[2].in_code);
	pm_doc_release(&d);
	pm_doc_parse(&d, open, strlen(open));
	CHECK(pm_doc_section(&d, "Impact", 2, -1) < 0); /* code, as it renders */
	CHECK(d.nr_problems == 1 && d.problems[0].kind == PM_DOC_OPEN_FENCE);
	CHECK(d.problems[0].line == 4 && d.problems[0].col == 4);
	CHECK(d.problems[0].expected == '~' && d.problems[0].found == 4);
	pm_doc_release(&d);
	pm_doc_parse(&d, closed, strlen(closed));
	CHECK(pm_doc_section(&d, "Impact", 2, -1) >= 0 && d.nr_problems == 0);
	CHECK(pm_doc_section(&d, "Not a section", 2, -1) < 0);
	pm_doc_release(&d);
}

static void heading_titles_read_as_they_render(void)
{
	static const char *const cases[][2] = {
		{ "## <a name=\"rc\"></a>Root Cause\n", "Root Cause" },
		{ "## Root Cause <a id=\"rc\"></a>\n", "Root Cause" },
		{ "## [Root Cause](#root-cause)\n", "Root Cause" },
		{ "## ![](icons/search.png) Root Cause\n", "Root Cause" },
		{ "## <span id=\"rc\">Root Cause</span> ##\n", "Root Cause" },
		/* not tags or links: kept as written */
		{ "## [Root Cause]\n", "[Root Cause]" },
		{ "## <https://example.com> x\n", "<https://example.com> x" },
		{ "## a < b [c\n", "a < b [c" },
		{ "## <a name=\"x\"></a>\n", "<a name=\"x\"></a>" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pm_doc d;
		pm_doc_parse(&d, cases[i][0], strlen(cases[i][0]));
		CHECK(d.nr_sections == 1);
		if (d.nr_sections == 1)
			CHECK_STR(d.sections[0].title, cases[i][1]);
		pm_doc_release(&d);
	}
}

static void header_values_go_on_over_wrapped_lines(void)
{
	static const char text[] =
		"# T\n\n**Incident ID**: INC-2026-0001\n**Author(s)**: Priya\nRaman, Tom\xc3\xa1s Ortega\n"
		"**Reviewers**:\n  Alice Chen\\\n  Bob Okafor\nSeverity: P1\n**Status**: Draft\n- a list item\n\n"
		"**Date**: 2026-02-10\n\n---\n\n## Impact\n\n- **Severity**: P1\nnot the header\n";
	struct pm_doc d;
	const struct pm_field *f;

	pm_doc_parse(&d, text, strlen(text));
	f = pm_doc_header(&d, "Author(s)");
	CHECK(f && f->line == 4);
	CHECK_STR(f->value, "Priya Raman, Tom\xc3\xa1s Ortega");
	f = pm_doc_header(&d, "Reviewers");
	CHECK(f != NULL);
	CHECK_STR(f->value, "Alice Chen, Bob Okafor"); /* a line break between them */
	/* a field in another form, a list item: not the value above them */
	f = pm_doc_header(&d, "Status");
	CHECK(f != NULL);
	CHECK_STR(f->value, "Draft");
	f = field(&d, "Severity");
	CHECK(f != NULL);
	CHECK_STR(f->value, "P1");
	pm_doc_release(&d);
	/* the facts read the same */
	pm_doc_parse_facts(&d, text, strlen(text));
	f = pm_doc_header(&d, "Author(s)");
	CHECK(f != NULL);
	CHECK_STR(f->value, "Priya Raman, Tom\xc3\xa1s Ortega");
	pm_doc_release(&d);
	/* not the Status: the signatures leave out its one line, so its value stays on it */
	pm_doc_parse(&d, "# T\n\n**Status**:\nIn Review\n", 27);
	f = pm_doc_header(&d, "Status");
	CHECK(f != NULL);
	CHECK_STR(f->value, "");
	pm_doc_release(&d);
}

static void binary_bytes_are_problems_not_crashes(void)
{
	char junk[4096];
	struct pm_doc d;
	size_t i;

	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (char)((i * 7919) ^ (i >> 3));
	pm_doc_parse(&d, junk, sizeof(junk));
	CHECK(d.nr_problems > 0);
	CHECK(d.nr_problems <= 5 * 20); /* capped per kind */
	pm_doc_release(&d);
	pm_doc_parse(&d, "", 0);
	CHECK(d.nr_lines == 0 && !d.title && d.nr_problems == 0);
	pm_doc_release(&d);
	/* an empty blob reaches the parser as (NULL, 0); UBSan saw the copy */
	pm_doc_parse(&d, NULL, 0);
	CHECK(d.nr_lines == 0 && d.masked && d.masked[0] == '\0');
	pm_doc_release(&d);
	pm_doc_parse(&d, "a\0b\xff\n", 5);
	CHECK(d.nr_problems == 2);
	CHECK(d.problems[0].kind == PM_DOC_NUL && d.problems[0].col == 2);
	CHECK(d.problems[1].kind == PM_DOC_BAD_UTF8 && d.problems[1].col == 4);
	pm_doc_release(&d);
	/* controls: a CR inside a line, ESC, DEL, C1; not TAB, not CRLF's CR */
	pm_doc_parse(&d, "a\tb\r\nc\rd\x1b[2K\x7f\xc2\x9b\xc3\xa9\n", 18);
	CHECK(d.nr_problems == 4);
	CHECK(d.problems[0].kind == PM_DOC_CONTROL && d.problems[0].expected == '\r' &&
	      d.problems[0].line == 2 && d.problems[0].col == 2);
	CHECK(d.problems[1].kind == PM_DOC_CONTROL && d.problems[1].expected == 0x1b &&
	      d.problems[1].col == 4);
	CHECK(d.problems[2].expected == 0x7f && d.problems[2].col == 8);
	CHECK(d.problems[3].expected == 0x9b && d.problems[3].col == 9);
	pm_doc_release(&d);
}

/* Fields and cells hold what renders: "\\-" is "-", but not in code. */
static void escapes_read_as_rendered(void)
{
	static const char text[] =
		"# Postmortem: x\n\n"
		"**Incident ID**: INC\\-2026\\-0042\\\n" /* a hard line break ends it */
		"**Author(s)**: Priya\\_Raman, C:\\Users, \\\\[x\\]\n"
		"**Reviewers**: C:\\\\\n"
		/* no-break and thin spaces, as word processors write them */
		"**Status**:\xc2\xa0In\xc2\xa0Review\xe2\x80\x89\n"
		"\n---\n\n## Action Items\n\n"
		"| Action | Due Date |\n|---|---|\n"
		"| Fix \\*all\\* \\| `a\\-b \\| c` |\xc2\xa0" "2026\\-02\\-24\xe3\x80\x80|\n";
	struct pm_doc d;

	pm_doc_parse(&d, text, strlen(text));
	CHECK(d.nr_fields >= 2 && !strcmp(d.fields[0].value, "INC-2026-0042"));
	CHECK(!strcmp(d.fields[1].value, "Priya_Raman, C:\\Users, \\[x]"));
	CHECK(d.nr_fields >= 3 && !strcmp(d.fields[2].value, "C:\\"));
	CHECK(d.nr_fields >= 4 && !strcmp(d.fields[3].value, "In Review"));
	CHECK(d.nr_fields >= 4 && d.fields[3].value_col == 13);
	CHECK(d.nr_tables == 1 && d.tables[0].nr == 1 && d.tables[0].rows[0].nr == 2);
	CHECK(!strcmp(d.tables[0].rows[0].cells[0].text, "Fix *all* | `a\\-b | c`"));
	CHECK(!strcmp(d.tables[0].rows[0].cells[1].text, "2026-02-24"));
	pm_doc_release(&d);
}

/* Entities converters write read as they render, but not in code spans */
static void entities_read_as_rendered(void)
{
	static const char text[] =
		"# Postmortem: x\n\n"
		"**Incident ID**:&nbsp;INC-2026-0042&#160;\n"
		"**Author(s)**: Priya Raman &amp; Dana Kim, &lt;x&gt; &quot;y&quot; &#39;z&apos;\n"
		"\n---\n\n## Action Items\n\n"
		"| Action | Due Date |\n|---|---|\n"
		"| `a&amp;b` &AMP; c | &nbsp;2026-02-24&nbsp; |\n";
	struct pm_doc d;

	pm_doc_parse(&d, text, strlen(text));
	CHECK(d.nr_fields >= 2 && !strcmp(d.fields[0].value, "INC-2026-0042"));
	CHECK(d.nr_fields >= 2 && d.fields[0].value_col == 23);
	CHECK(!strcmp(d.fields[1].value, "Priya Raman & Dana Kim, <x> \"y\" 'z'"));
	CHECK(d.nr_tables == 1 && d.tables[0].nr == 1 && d.tables[0].rows[0].nr == 2);
	CHECK(!strcmp(d.tables[0].rows[0].cells[0].text, "`a&amp;b` & c"));
	CHECK(!strcmp(d.tables[0].rows[0].cells[1].text, "2026-02-24"));
	pm_doc_release(&d);
}

/* A pandoc grid table is one problem, not a pipe table per row block */
static void grid_tables_are_one_problem(void)
{
	static const char text[] =
		"## Timeline\n\n"
		"+-------+-------------+\n"
		"| Time  | Event       |\n"
		"+=======+=============+\n"
		"| 09:12 | Certificate |\n"
		"|       | expires     |\n"
		"+-------+-------------+\n"
		"| 09:27 | Paged       |\n"
		"+-------+-------------+\n"
		"\n| a | b |\n|---|---|\n| 1 | 2 |\n";
	struct pm_doc d;

	pm_doc_parse(&d, text, strlen(text));
	CHECK(d.nr_problems == 1 && d.problems[0].kind == PM_DOC_GRID_TABLE);
	CHECK(d.nr_problems == 1 && d.problems[0].line == 3);
	/* the pipe table after it is read as ever */
	CHECK(d.nr_tables == 1 && d.tables[0].line == 12 && d.tables[0].nr == 1);
	pm_doc_release(&d);
}

static void table_without_delimiter_is_reported(void)
{
	static const char text[] = "| a | b |\n| 1 | 2 |\n";
	struct pm_doc d;

	pm_doc_parse(&d, text, strlen(text));
	CHECK(d.nr_problems == 1 && d.problems[0].kind == PM_DOC_TABLE_DELIM);
	CHECK(d.problems[0].line == 2);
	pm_doc_release(&d);
}

static void tables_without_leading_pipes_are_tables(void)
{
	static const char text[] =
		"## Timeline\n"
		"Time | Event\n"
		":---|---:\n"
		"09:00 | a \\| b\n"
		"| 09:10 | c |\n"
		"not a row\n"
		"\n"
		"a | b\n"
		"but prose follows\n"
		"one | two | three\n"
		"---|---\n"
		"left | right\n"
		"---\n";
	struct pm_doc d;
	const struct pm_table *t;

	pm_doc_parse(&d, text, strlen(text));
	CHECK(d.nr_tables == 1);
	t = &d.tables[0];
	CHECK(t->line == 2 && t->head.nr == 2 && t->nr == 2);
	CHECK_STR(t->head.cells[1].text, "Event");
	CHECK_STR(t->rows[0].cells[1].text, "a | b");
	CHECK_STR(t->rows[1].cells[0].text, "09:10");
	CHECK(d.nr_problems == 0);
	pm_doc_release(&d);
}

static void seed_template_parses_into_its_sections(void)
{
	size_t len;
	char *seed = unit_fixture("tests/fixtures/seed-template.md", &len);
	struct pm_doc d;

	pm_doc_parse(&d, seed, len);
	CHECK(pm_doc_section(&d, "Executive Summary", 2, -1) >= 0);
	CHECK(pm_doc_section(&d, "Sign-Off", 2, -1) >= 0);
	CHECK(pm_doc_section(&d, "Time to Resolution", 3, -1) >= 0);
	CHECK(d.nr_tables == 2);
	CHECK(d.tables[1].nr == 8 && d.tables[1].head.nr == 4);
	CHECK(d.nr_checks == 12);
	CHECK(d.nr_problems == 0);
	pm_doc_release(&d);
	free(seed);
}

#include "facts.h"

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void facts_parse_agrees_with_the_full_parse(void)
{
	static const char *const files[] = {
		"tests/fixtures/seed-template.md", "tests/fixtures/complete.md",
		"tests/fixtures/rules/severity/trip.md", "tests/fixtures/rules/severity/pass.md",
		"tests/fixtures/rules/header/trip.md", "tests/fixtures/rules/comment/trip.md",
		"tests/fixtures/rules/status/pass.md", "templates/postmortem.md",
	};
	static const char moved[] =
		"# T\n**Incident ID**: A\n---\n- **Severity**: P2\n## Impact\n"
		"<!-- - **Severity**: P0 -->\n- **Severity**: P1\n";
	size_t i;

	for (i = 0; i <= sizeof(files) / sizeof(files[0]); i++) {
		size_t len;
		char *src = i < sizeof(files) / sizeof(files[0]) ? unit_fixture(files[i], &len)
								 : strdup(moved);
		struct pm_doc full, quick;
		struct pm_facts a, b;

		if (i == sizeof(files) / sizeof(files[0]))
			len = strlen(src);
		pm_doc_parse(&full, src, len);
		pm_doc_parse_facts(&quick, src, len);
		pm_facts_read(&full, &a);
		pm_facts_read(&quick, &b);
		CHECK(same(a.id, b.id) && same(a.status_raw, b.status_raw) && a.status == b.status);
		CHECK(same(a.severity, b.severity) && a.date == b.date);
		CHECK(same(a.authors, b.authors) && same(a.title, b.title));
		if (i == sizeof(files) / sizeof(files[0]))
			CHECK_STR(b.severity, "P1");
		pm_doc_release(&full);
		pm_doc_release(&quick);
		free(src);
	}
}

static void emphasis_around_status_and_severity_is_ignored(void)
{
	static const char src[] = "# T\n**Status**: **In Review**\n---\n## Impact\n"
				  "- **Severity**: `P0` (major)\n";
	struct pm_doc d;
	struct pm_facts f;

	pm_doc_parse(&d, src, strlen(src));
	pm_facts_read(&d, &f);
	CHECK(f.status == PM_STATUS_REVIEW);
	CHECK(f.severity && !strcmp(f.severity, "P0"));
	pm_doc_release(&d);
}

/* Is `who` (principal, keyring name) among the authors written `authors`? */
static int authored_by(const char *authors, const char *principal, const char *name)
{
	struct pm_buf src = PM_BUF_INIT;
	struct pm_doc d;
	struct pm_facts f;
	int is;

	pm_buf_addf(&src, "# T\n**Author(s)**: %s\n---\n", authors);
	pm_doc_parse(&d, src.ptr, src.len);
	pm_facts_read(&d, &f);
	is = pm_facts_is_author(&f, principal, name);
	pm_doc_release(&d);
	pm_buf_release(&src);
	return is;
}

static void authors_are_known_by_name_address_or_handle(void)
{
	CHECK(authored_by("Priya Raman, Tomás Ortega", "priya@example.com", "Priya Raman"));
	CHECK(authored_by("Tomás Ortega and PRIYA  RAMAN", "priya@example.com", "Priya Raman"));
	CHECK(authored_by("Tomás <tomas@x.com>; Priya <priya@example.com>", "priya@example.com", NULL));
	CHECK(authored_by("priya@example.com", "priya@example.com", NULL));
	/* a handle names the address's owner */
	CHECK(authored_by("priya, tomas", "priya@example.com", NULL));
	CHECK(authored_by("@Priya & @tomas", "priya@example.com", "Priya Raman"));
	CHECK(!authored_by("priyanka, tomas", "priya@example.com", "Priya Raman"));
	CHECK(!authored_by("Tomás Ortega", "priya@example.com", "Priya Raman"));
	CHECK(!authored_by("Priya Ramen", "priya@example.com", "Priya Raman"));
}

/* authors as teams write them: a role after the name, a link, an address made of the name */
static void authors_are_known_in_the_forms_teams_write(void)
{
	CHECK(authored_by("Sam Ortiz (SRE), Dana Whitfield", "sam@corp.io", "Sam Ortiz"));
	CHECK(authored_by("Dana Whitfield, Sam Ortiz (@sortiz)", "sortiz@corp.io", NULL));
	CHECK(authored_by("Dana Whitfield (IC) & Sam Ortiz (scribe)", "sam@corp.io", "Sam Ortiz"));
	CHECK(authored_by("[Sam Ortiz](https://wiki.corp.io/u/sam), Dana", "sam@corp.io", "Sam Ortiz"));
	CHECK(authored_by("**Sam Ortiz**", "sam@corp.io", "Sam Ortiz"));
	CHECK(authored_by("Dana Whitfield / Sam Ortiz", "sam@corp.io", "Sam Ortiz"));
	/* no keyring name, but the address is the name */
	CHECK(authored_by("Sam Ortiz, Dana Whitfield", "sam.ortiz@corp.io", NULL));
	CHECK(authored_by("Sam Ortiz", "sam_ortiz+pm@corp.io", NULL));
	CHECK(authored_by("Sam Ortiz", "ortiz.sam@corp.io", NULL));
	CHECK(authored_by("José Núñez", "jose.nunez@corp.io", NULL));
	/* a bracket left open hides no author after it */
	CHECK(authored_by("Tomás Ortega (lead, Priya Raman", "priya@example.com", "Priya Raman"));
	CHECK(authored_by("Tomás Ortega <tomas@x.com, Priya Raman", "priya@example.com", "Priya Raman"));
	CHECK(authored_by("Dana (IC), Tomás Ortega (lead, Priya Raman", "priya@example.com", "Priya Raman"));
	/* a first name alone, or another person's, is not enough */
	CHECK(!authored_by("Sam Ortiz", "sam@corp.io", NULL));
	CHECK(!authored_by("Sam Ortiz (SRE)", "sam.oliver@corp.io", NULL));
	CHECK(!authored_by("Sam Ortiz (Dana Whitfield's team)", "dana@corp.io", "Dana Whitfield"));
	CHECK(!authored_by("[Dana's notes](https://wiki/sam.ortiz)", "sam@corp.io", "Sam Ortiz"));
}

void unit_doc(void)
{
	RUN(authors_are_known_by_name_address_or_handle);
	RUN(authors_are_known_in_the_forms_teams_write);
	RUN(facts_parse_agrees_with_the_full_parse);
	RUN(emphasis_around_status_and_severity_is_ignored);
	RUN(parses_title_header_and_fields_with_positions);
	RUN(comments_and_code_hold_no_structure);
	RUN(sections_nest_and_count_content);
	RUN(tables_split_cells_and_report_missing_ones);
	RUN(checklists_keep_their_state);
	RUN(crlf_and_bom_do_not_move_columns);
	RUN(unterminated_comment_is_a_problem_at_its_start);
	RUN(code_fences_open_and_close_as_they_render);
	RUN(heading_titles_read_as_they_render);
	RUN(header_values_go_on_over_wrapped_lines);
	RUN(binary_bytes_are_problems_not_crashes);
	RUN(table_without_delimiter_is_reported);
	RUN(escapes_read_as_rendered);
	RUN(grid_tables_are_one_problem);
	RUN(entities_read_as_rendered);
	RUN(tables_without_leading_pipes_are_tables);
	RUN(seed_template_parses_into_its_sections);
}
