#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "doc.h"
#include "facts.h"
#include "lint.h"
#include "edit.h"
#include "fsutil.h"
#include "policy.h"
#include "text.h"

#include "banned.h"

const char cmd_new_usage[] =
	"usage: pmgit new [--title] TITLE [--date YYYY-MM-DD] [--severity P0|P1|P2]\n"
	"       pmgit new [--date YYYY-MM-DD] [--severity P0|P1|P2]\n"
	"\n"
	"Creates the next postmortem from the template (.pmgit/template.md, or the\n"
	"built-in one) and prints its path. The incident ID is the next free one\n"
	"for the year (INC-2026-0007 after INC-2026-0006), counting the working\n"
	"tree, the index and every local and remote-tracking branch, so two\n"
	"authors on two branches do not collide unless neither has fetched; a\n"
	"postmortem not named after its ID counts with the ID its header gives.\n"
	"Incident ID, Date, Author(s) (git user.name) and Status (Draft) are\n"
	"filled in, under the names the template gives them ('Incident Date');\n"
	"header fields a template lacks are added below its title.\n"
	"\n"
	"  [--title] TITLE      the title line, in quotes (one argument)\n"
	"  --date DATE          the incident's date (default today, UTC)\n"
	"  --severity SEV       P0, P1 or P2 (any case)\n";

/* Counts `id` when it is one of the configured format; is it? */
static int scan_id(struct seq_scan *s, const char *id)
{
	int year;
	long seq;

	if (!pm_idfmt_match(s->cfg->id_format, id, &year, &seq))
		return 0;
	if ((!year || year == s->year) && seq > s->max)
		s->max = seq;
	return 1;
}

/*
 * The IDs the postmortems at `paths` take: their file names, or for a
 * file not named after an ID (from before pmgit) the ID its header gives,
 * when `snap` is given to read it. Only the working tree's are read:
 * such files come from before pmgit, where the working tree has them,
 * and a header read on every branch would cost a blob each.
 */
static void scan_list(struct seq_scan *s, const struct pm_strlist *paths, struct pm_snap *snap)
{
	struct pm_buf stem = PM_BUF_INIT, src = PM_BUF_INIT;
	size_t i;

	for (i = 0; i < paths->nr; i++) {
		const char *base = pm_basename(paths->items[i]);
		size_t n = strlen(base);

		if (n < 4 || strcasecmp(base + n - 3, ".md"))
			continue;
		pm_buf_reset(&stem);
		pm_buf_add(&stem, base, n - 3);
		if (!scan_id(s, stem.ptr) && snap &&
		    !pm_snap_read(snap, paths->items[i], PM_DOC_MAX_BYTES, &src, NULL)) {
			pm_facts_status(src.ptr, src.len, &stem);
			scan_id(s, stem.ptr);
		}
	}
	pm_buf_release(&stem);
	pm_buf_release(&src);
}

static int scan_branch(git_tree *tree, const char *ref, void *data)
{
	struct seq_scan *s = data;
	struct pm_snap snap = { .kind = PM_SNAP_TREE, .repo = s->repo, .tree = tree };
	struct pm_strlist paths = PM_STRLIST_INIT;

	git_oid dir;
	size_t i;

	(void)ref;
	pm_snap_subtree_id(&snap, s->cfg->directory, &dir);
	for (i = 0; i < s->nr_seen; i++)
		if (git_oid_equal(&s->seen[i], &dir))
			return 0;
	PM_ALLOC_GROW(s->seen, s->nr_seen + 1, s->alloc_seen);
	git_oid_cpy(&s->seen[s->nr_seen++], &dir);
	if (!pm_snap_list(&snap, s->cfg->directory, ".signoffs", &paths, NULL))
		scan_list(s, &paths, NULL);
	pm_strlist_release(&paths);
	return 0;
}

/*
 * A repository template without a section the policy requires makes
 * postmortems that cannot pass In Review as they come: say so once, here.
 */
static void note_template_gaps(struct pm_project *p)
{
	const struct pm_template *t = pm_project_template(p);
	struct pm_buf gaps = PM_BUF_INIT;
	size_t i, n = 0;

	for (i = 0; i < p->cfg->nr_required_sections; i++)
		if (!pm_template_has_section(t, p->cfg->required_sections[i]))
			pm_buf_addf(&gaps, "%s'%s'", n++ ? ", " : "", p->cfg->required_sections[i]);
	if (n)
		fprintf(stderr, "note: %s has no %s section%s that %s requires (required_sections): add %s to the template, or take %s out of required_sections\n",
			PM_TEMPLATE_PATH, gaps.ptr, n == 1 ? "" : "s", PM_CONFIG_PATH,
			n == 1 ? "it" : "them", n == 1 ? "it" : "them");
	pm_buf_reset(&gaps);
	if (t && t->has_outline) {
		const struct pm_field *f = pm_lint_header_run_on(&t->outline, &gaps);
		if (f)
			fprintf(stderr, "note: the header of %s runs its fields together ('**%s**:' runs on into '**%s**:' on line %u), as when a converter joins it into one paragraph; the new postmortem has a line for each, and so should the template: put each '**Name**: value' on a line of its own there\n",
				PM_TEMPLATE_PATH, f->name, gaps.ptr, f->line);
		pm_buf_reset(&gaps);
	}
	if ((n = pm_lint_template_gaps(t, &gaps)))
		fprintf(stderr, "note: %s lacks %s, which every postmortem needs before review: add %s to the template\n",
			PM_TEMPLATE_PATH, gaps.ptr, n == 1 ? "it" : "them");
	pm_buf_release(&gaps);
}

static void swap_bufs(struct pm_buf *a, struct pm_buf *b)
{
	struct pm_buf t = *a;

	*a = *b;
	*b = t;
}

/*
 * A template header run together into one line ("**Incident ID**: [...]
 * **Date**: [...]", as converters write it back) is split into a line per
 * field in the new postmortem, so that each field is filled where it
 * stands rather than added a second time below.
 */
static void split_run_on_header(struct pm_buf *text)
{
	struct pm_buf inner = PM_BUF_INIT, pat = PM_BUF_INIT, out = PM_BUF_INIT;
	int tries;

	for (tries = 0; tries < 32; tries++) {
		struct pm_doc doc;
		const struct pm_field *f;
		const char *line = NULL, *at = NULL, *cut;
		size_t len = 0;

		pm_doc_parse(&doc, text->ptr, text->len);
		if ((f = pm_lint_header_run_on(&doc, &inner))) {
			line = text->ptr + doc.lines[f->line - 1].off;
			len = doc.lines[f->line - 1].len;
			pm_buf_reset(&pat);
			pm_buf_addf(&pat, "**%s", inner.ptr);
			if (len > 1)
				at = memmem(line + 1, len - 1, pat.ptr, pat.len);
		}
		pm_doc_release(&doc);
		if (!at)
			break;
		for (cut = at; cut > line && (cut[-1] == ' ' || cut[-1] == '\t'); cut--)
			;
		pm_buf_reset(&out);
		pm_buf_add(&out, text->ptr, (size_t)(cut - text->ptr));
		pm_buf_adds(&out, line[len] == '\r' ? "\r\n" : "\n");
		pm_buf_add(&out, at, (size_t)(text->ptr + text->len - at));
		swap_bufs(text, &out);
	}
	/* a field left empty whose value a converter wrapped onto the next line: "**Status**:\n[Draft]" */
	for (tries = 0; tries < 32; tries++) {
		struct pm_doc doc;
		const struct pm_doc_line *next = NULL;
		size_t i;

		pm_doc_parse(&doc, text->ptr, text->len);
		for (i = 0; i < doc.nr_fields && doc.fields[i].line < doc.body_line && !next; i++) {
			const struct pm_doc_line *own = &doc.lines[doc.fields[i].line - 1];
			size_t n = own->len;
			while (n && (own->text[n - 1] == ' ' || own->text[n - 1] == '\t'))
				n--;
			/* its line ends at its colon, and its value stands alone on the next */
			if (n && doc.fields[i].line < doc.nr_lines && doc.fields[i].line + 1 < doc.body_line &&
			    (own->text[n - 1] == ':' || (n > 3 && !memcmp(own->text + n - 3, ":**", 3))) &&
			    (i + 1 == doc.nr_fields || doc.fields[i + 1].line != doc.fields[i].line + 1)) {
				const struct pm_doc_line *l = &doc.lines[doc.fields[i].line];
				if (!l->blank && pm_doc_continues_value(l->text, l->len))
					next = l;
			}
		}
		if (next) {
			const char *eol = text->ptr + next->off, *from = eol;
			while (eol > text->ptr && (eol[-1] == '\n' || eol[-1] == '\r' || eol[-1] == ' '))
				eol--;
			while (*from == ' ' || *from == '\t')
				from++;
			pm_buf_reset(&out);
			pm_buf_add(&out, text->ptr, (size_t)(eol - text->ptr));
			pm_buf_addch(&out, ' ');
			pm_buf_add(&out, from, (size_t)(text->ptr + text->len - from));
			swap_bufs(text, &out);
		}
		pm_doc_release(&doc);
		if (!next)
			break;
	}
	pm_buf_release(&inner);
	pm_buf_release(&pat);
	pm_buf_release(&out);
}

/*
 * Are the postmortems filed in a directory per year (<directory>/2025/...)?
 * Then a new one goes into its year's directory too.
 */
static int filed_by_year(const char *dir, const struct pm_strlist *paths)
{
	size_t i, n = strlen(dir);

	for (i = 0; i < paths->nr; i++) {
		const char *rest = paths->items[i] + n + 1;
		if (strspn(rest, "0123456789") != 4 || rest[4] != '/' || strchr(rest + 5, '/'))
			return 0;
	}
	return paths->nr > 0;
}

/*
 * Sets the header field the template writes under one of `names` to value
 * (NULL: leaves it as the template has it), or adds it as `canonical`
 * when the template lacks it, so that a new postmortem has its header.
 */
static void fill_header(struct pm_buf *text, const char *const *names, const char *canonical,
			const char *value)
{
	struct pm_doc doc;
	const struct pm_field *f;
	char *name = NULL;

	pm_doc_parse(&doc, text->ptr, text->len);
	if ((f = pm_facts_header(&doc, names)))
		name = pm_xstrdup(f->name);
	pm_doc_release(&doc);
	if (!name)
		pm_edit_add_field(text, canonical, value ? value : "[Names]");
	else if (value)
		pm_edit_field(text, name, value, 1);
	free(name);
}

/*
 * The IDs of `year` taken anywhere a colleague's could be: the working
 * tree, the index, and every local and remote-tracking branch. Also
 * whether the postmortems are filed by year (<directory>/2026/).
 */
int scan_taken(struct session *s, int year, struct seq_scan *scan, int *by_year,
		      struct pm_error *err)
{
	struct pm_strlist paths = PM_STRLIST_INIT;
	struct pm_snap idx;

	memset(scan, 0, sizeof(*scan));
	scan->cfg = s->proj.cfg;
	scan->repo = s->repo;
	scan->year = year;
	if (pm_project_documents(&s->proj, &paths, err))
		return PM_ERROR;
	scan_list(scan, &paths, &s->snap);
	if (by_year)
		*by_year = filed_by_year(s->proj.cfg->directory, &paths);
	pm_strlist_release(&paths);
	if (!pm_snap_index(&idx, s->repo, NULL)) {
		if (!pm_snap_list(&idx, s->proj.cfg->directory, ".signoffs", &paths, NULL))
			scan_list(scan, &paths, NULL);
		pm_strlist_release(&paths);
		pm_snap_release(&idx);
	}
	pm_repo_each_branch_tree(s->repo, scan_branch, scan, NULL);
	free(scan->seen);
	scan->seen = NULL;
	scan->nr_seen = scan->alloc_seen = 0;
	return 0;
}

/*
 * Writes `text` as the postmortem of the next free ID after scan->max,
 * under the repository directory `dir`, its ID field (the one named
 * `id_field`, else the header's) set to that ID; an ID someone took
 * meanwhile is passed over. The ID and the path go to *id and *rel.
 */
int write_next(struct session *s, const struct seq_scan *scan, const char *dir,
		      const struct pm_buf *text, const char *id_field, struct pm_buf *id,
		      struct pm_buf *rel, struct pm_error *err)
{
	struct pm_buf doc = PM_BUF_INIT, full = PM_BUF_INIT;
	int tries, r = 0;

	pm_path_join(&full, s->repo->workdir, dir);
	if ((r = pm_mkdirs(full.ptr, err)))
		goto done;
	for (tries = 0; tries < 100; tries++) {
		pm_buf_reset(id);
		pm_idfmt_make(s->proj.cfg->id_format, scan->year, scan->max + 1 + tries, id);
		pm_buf_reset(&doc);
		pm_buf_add(&doc, text->ptr, text->len);
		if (id_field)
			pm_edit_field(&doc, id_field, id->ptr, 1);
		else
			fill_header(&doc, pm_id_names, "Incident ID", id->ptr);
		pm_buf_reset(rel);
		pm_buf_addf(rel, "%s/%s.md", dir, id->ptr);
		pm_path_join(&full, s->repo->workdir, rel->ptr);
		r = pm_write_atomic(full.ptr, doc.ptr, doc.len, 0644, PM_WRITE_EXCL, err);
		if (r != PM_EEXISTS)
			goto done; /* else someone took this ID meanwhile: take the next */
		pm_error_clear(err);
	}
	r = pm_error_set(err, PM_ERROR, "could not find a free incident ID after 100 tries");
done:
	pm_buf_release(&doc);
	pm_buf_release(&full);
	return r;
}

int cmd_new(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "title", required_argument, NULL, 't' },
		{ "date", required_argument, NULL, 'd' },
		{ "severity", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct session s;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_buf text = PM_BUF_INIT, id = PM_BUF_INIT, rel = PM_BUF_INIT;
	struct pm_buf full = PM_BUF_INIT, date = PM_BUF_INIT, author = PM_BUF_INIT;
	struct pm_buf scratch = PM_BUF_INIT;
	struct seq_scan scan;
	const char *title = NULL, *severity = NULL;
	long days = pm_today();
	unsigned m, d;
	int c, ret = EXIT_OK, have_session = 0, by_year, year;

	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 't': title = optarg; break;
		case 'd':
			if (parse_date_option("new", "--date", optarg, &days))
				return EXIT_USAGE;
			break;
		case 's': {
			/* p1 is P1: the document gets the form the rules ask for */
			static const char *const sev[] = { "P0", "P1", "P2" };
			size_t k;
			for (k = 0; k < 3 && strcasecmp(optarg, sev[k]); k++)
				;
			if (k == 3)
				return usage_error("new", "--severity takes P0, P1 or P2, not '%s'", optarg);
			severity = sev[k];
			break;
		}
		default:
			return option_error("new", c, argv, longopts);
		}
	}
	/* 'pmgit new "What happened"' is what people type first */
	if (optind < argc && title)
		return usage_error("new", "the title is given twice: as --title and as '%s'", argv[optind]);
	if (argc - optind > 1)
		return usage_error("new", "one title, in quotes: pmgit new '%s %s%s'", argv[optind],
				   argv[optind + 1], argc - optind > 2 ? " ..." : "");
	if (optind < argc)
		title = argv[optind];
	if (days > pm_today() + 1) {
		struct pm_buf today = PM_BUF_INIT;
		pm_format_date(&today, pm_today());
		usage_error("new", "--date is after today (%s); an incident is dated the day it happened",
			    today.ptr);
		pm_buf_release(&today);
		return EXIT_USAGE;
	}
	if (title && (strchr(title, '\n') || strchr(title, '\r')))
		return usage_error("new", "the title must be one line");
	if (title && !pm_text_printable(title))
		return usage_error("new", "the title has a control character or an invisible bidirectional control; write it as plain text");
	if (title && !title[strspn(title, " \t")])
		return usage_error("new", "the title is empty; say what happened in a few words, or leave it out");

	if (session_open(&s, SESSION_WORKTREE, &err)) {
		ret = report_error(&err);
		goto done;
	}
	have_session = 1;
	if (pm_project_template_text(&s.proj, &text, &err)) {
		ret = report_error(&err);
		goto done;
	}

	pm_civil_from_days(days, &year, &m, &d);
	if (scan_taken(&s, year, &scan, &by_year, &err)) {
		ret = report_error(&err);
		goto done;
	}

	pm_format_date(&date, days);
	if (pm_repo_config(s.repo, "user.name", &author) &&
	    pm_repo_config(s.repo, "user.email", &author))
		pm_buf_reset(&author);
	split_run_on_header(&text);
	/* in the order of the seed's header, each under the name the template gives it */
	fill_header(&text, pm_id_names, "Incident ID", "[Incident ID]");
	fill_header(&text, pm_date_names, "Date", date.ptr);
	fill_header(&text, pm_author_names, "Author(s)", author.len ? author.ptr : "[Names]");
	fill_header(&text, pm_reviewer_names, "Reviewers", NULL);
	fill_header(&text, pm_status_names, "Status", "Draft");
	if (title)
		pm_edit_title(&text, title);
	if (severity && !pm_edit_field(&text, "Severity", severity, 0))
		fprintf(stderr, "note: the template has no '- **Severity**:' line, so --severity %s is not written; add the line under Impact\n",
			severity);

	pm_buf_reset(&scratch);
	if (by_year)
		pm_buf_addf(&scratch, "%s/%04d", s.proj.cfg->directory, scan.year);
	else
		pm_buf_adds(&scratch, s.proj.cfg->directory);
	if (write_next(&s, &scan, scratch.ptr, &text, NULL, &id, &rel, &err)) {
		ret = report_error(&err);
		goto done;
	}
	pm_path_join(&full, s.repo->workdir, rel.ptr);
	printf("%s\n", full.ptr);
	pm_buf_reset(&scratch);
	pm_sh_arg(&scratch, rel.ptr);
	fprintf(stderr, "created %s (%s); fill it in, then 'pmgit check %s'\n",
		rel.ptr, id.ptr, scratch.ptr);
	note_template_gaps(&s.proj);
done:
	pm_buf_release(&text);
	pm_buf_release(&id);
	pm_buf_release(&rel);
	pm_buf_release(&scratch);
	pm_buf_release(&full);
	pm_buf_release(&date);
	pm_buf_release(&author);
	pm_error_release(&err);
	if (have_session)
		session_close(&s);
	return ret;
}
