#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

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

struct seq_scan {
	const struct pm_config *cfg;
	int year;
	long max;
	struct pm_repo *repo;
	/* the postmortem directories read on branches: most branches share theirs */
	git_oid *seen;
	size_t nr_seen, alloc_seen;
};

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
static int scan_taken(struct session *s, int year, struct seq_scan *scan, int *by_year,
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
static int write_next(struct session *s, const struct seq_scan *scan, const char *dir,
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

const char cmd_renumber_usage[] =
	"usage: pmgit renumber PATH\n"
	"\n"
	"Gives a postmortem that is not Final the next free incident ID of its\n"
	"year, counted as 'pmgit new' counts them (the working tree, the index,\n"
	"every local and remote-tracking branch). The Incident ID line is\n"
	"rewritten and the file renamed after the new ID, in its directory; the\n"
	"rename is staged when the old file was. Sign-off records name the old ID\n"
	"and sign its header, so they are removed (the removal staged) and\n"
	"listed: their signers sign the new ID again. A Final postmortem keeps\n"
	"its ID. It prints the new file's path, as new does. PATH may be the\n"
	"incident ID.\n"
	"\n"
	"When two authors took the same ID on two branches (neither had fetched\n"
	"the other's), merging them makes one file of both, in conflict. Run\n"
	"renumber then, in the merge: the other branch's postmortem keeps the ID,\n"
	"yours gets the next free one, both staged, and the sign-offs of yours\n"
	"that only your branch brought are removed (staged) and named.\n"
	"  git pull --no-rebase       CONFLICT (add/add): ... INC-2026-0004.md\n"
	"  pmgit renumber INC-2026-0004\n"
	"  git merge --continue\n"
	"A rebase would replay your later commits of the postmortem onto the\n"
	"other's: abort it ('git rebase --abort') and merge instead.\n";

/* git's name for a merge or rebase in progress, or NULL when none is. */
static const char *operation_in_progress(struct pm_repo *r)
{
	switch (git_repository_state(r->git)) {
	case GIT_REPOSITORY_STATE_NONE:
	case GIT_REPOSITORY_STATE_BISECT:
		return NULL;
	case GIT_REPOSITORY_STATE_MERGE: return "merge";
	case GIT_REPOSITORY_STATE_REVERT:
	case GIT_REPOSITORY_STATE_REVERT_SEQUENCE: return "revert";
	case GIT_REPOSITORY_STATE_CHERRYPICK:
	case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE: return "cherry-pick";
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX:
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE: return "am";
	default: return "rebase";
	}
}

/* The blob of an index entry, a regular file's, into out. */
static int entry_text(struct pm_repo *r, const git_index_entry *e, struct pm_buf *out,
		      struct pm_error *err)
{
	git_blob *b = NULL;

	if ((e->mode & 0170000) != 0100000)
		return pm_error_set(err, PM_EREJECT, "'%s' is no regular file on one side of the conflict",
				    e->path);
	if (git_blob_lookup(&b, r->git, &e->id) < 0)
		return pm_error_set(err, PM_ERROR, "cannot read '%s' of the conflict: %s", e->path,
				    pm_repo_giterr());
	pm_buf_reset(out);
	pm_buf_add(out, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
	git_blob_free(b);
	return 0;
}

/*
 * A merge that stopped on `path` because both branches added a postmortem
 * there: the version of the branch merged into (the one renumbering) into
 * *mine, the other branch's into *theirs. Anything else is refused with
 * what to do.
 */
static int both_added(struct pm_repo *r, const char *path, const char *op, const char *arg,
		      struct pm_buf *mine, struct pm_buf *theirs, struct pm_error *err)
{
	git_index *idx = NULL;
	const git_index_entry *anc = NULL, *ours = NULL, *other = NULL;
	int ret;

	if (!strcmp(op, "rebase"))
		/* the commits it replays next would edit the other branch's postmortem */
		return pm_error_set(err, PM_EREJECT,
				    "a rebase is in progress: renumbering now would leave your later commits of '%s' to edit the other branch's postmortem; undo it and merge instead: 'git rebase --abort', 'git pull --no-rebase' (or 'git merge origin/main'), then 'pmgit renumber %s' in that merge",
				    arg, arg);
	if (git_repository_index(&idx, r->git) < 0)
		return pm_error_set(err, PM_ERROR, "cannot read the git index: %s", pm_repo_giterr());
	if (strcmp(op, "merge") || git_index_conflict_get(&anc, &ours, &other, idx, path) < 0)
		ret = pm_error_set(err, PM_EREJECT,
				   "a %s is in progress, and '%s' is not in conflict; renumber before it or after it: 'git %s --abort' (or finish it), then 'pmgit renumber %s'",
				   op, arg, op, arg);
	else if (anc || !ours || !other)
		ret = pm_error_set(err, PM_EREJECT,
				   "'%s' is in conflict because the two branches changed one postmortem%s, not because each added its own: resolve the conflict in the file, keeping what is right of each side",
				   arg, anc ? "" : " (one deleted it)");
	else if (!(ret = entry_text(r, ours, mine, err)))
		ret = entry_text(r, other, theirs, err);
	git_index_free(idx);
	return ret;
}

/*
 * A renumbering that could not be staged is undone: the postmortem as it
 * was on disk (and its records, when they were removed) back in place, the
 * new file gone, so that nothing is lost and nothing is left half-done.
 */
static void put_back(struct session *s, const struct pm_loaded_doc *d, const struct pm_buf *orig,
		     const char *nrel, int records)
{
	struct pm_error ignore = PM_ERROR_INIT;
	struct pm_buf full = PM_BUF_INIT;
	size_t i;

	pm_path_join(&full, s->repo->workdir, d->path);
	pm_write_atomic(full.ptr, orig->ptr, orig->len, 0644, 0, &ignore);
	for (i = 0; records && i < d->nr_records; i++) {
		if (d->records[i].problem)
			continue; /* never removed */
		pm_path_join(&full, s->repo->workdir, d->records[i].path);
		pm_buf_setlen(&full, (size_t)(strrchr(full.ptr, '/') - full.ptr));
		pm_mkdirs(full.ptr, &ignore);
		pm_path_join(&full, s->repo->workdir, d->records[i].path);
		pm_write_atomic(full.ptr, d->record_data[i].ptr, d->record_data[i].len, 0644, 0, &ignore);
	}
	pm_path_join(&full, s->repo->workdir, nrel);
	unlink(full.ptr);
	pm_buf_release(&full);
	pm_error_release(&ignore);
}

/*
 * In a merge renumbering yours, the records beside the ID that your branch
 * brought and the other did not are your sign-offs: they sign the old ID
 * and your version, so they go (staged), and their signers sign the new
 * ID. The other branch's stay with its postmortem.
 */
static void drop_own_records(struct session *s, const struct pm_loaded_doc *d, const char *new_id)
{
	struct pm_error ignore = PM_ERROR_INIT;
	struct pm_snap head, theirs;
	struct pm_buf a = PM_BUF_INIT, b = PM_BUF_INIT, full = PM_BUF_INIT;
	struct pm_strlist gone = PM_STRLIST_INIT;
	git_oid id;
	size_t i;
	int have_theirs;

	if (!d->nr_records || pm_snap_head(&head, s->repo, &ignore))
		goto out;
	have_theirs = !pm_repo_resolve(s->repo, "MERGE_HEAD", &id, &ignore) &&
		      !pm_snap_commit(&theirs, s->repo, &id, &ignore);
	for (i = 0; i < d->nr_records; i++) {
		const char *path = d->records[i].path;
		if (d->records[i].problem || pm_snap_read(&head, path, PM_RECORD_MAX, &a, NULL) ||
		    (have_theirs && !pm_snap_read(&theirs, path, PM_RECORD_MAX, &b, NULL)))
			continue; /* not yours alone */
		pm_path_join(&full, s->repo->workdir, path);
		if (unlink(full.ptr) == 0)
			pm_strlist_add(&gone, path);
	}
	if (gone.nr && !pm_repo_stage(s->repo, (const char *const *)gone.items, gone.nr, &ignore))
		for (i = 0; i < gone.nr; i++)
			fprintf(stderr, "  removed %s (staged): your sign-off of the old ID; its signer signs %s again\n",
				gone.items[i], new_id);
	if (have_theirs)
		pm_snap_release(&theirs);
	pm_snap_release(&head);
out:
	pm_buf_release(&a);
	pm_buf_release(&b);
	pm_buf_release(&full);
	pm_strlist_release(&gone);
	pm_error_release(&ignore);
}

static int renumber(struct session *s, const char *arg, struct pm_error *err)
{
	struct pm_buf rel = PM_BUF_INIT, dir = PM_BUF_INIT, id = PM_BUF_INIT;
	struct pm_buf nrel = PM_BUF_INIT, full = PM_BUF_INIT, field = PM_BUF_INIT;
	struct pm_strlist stage = PM_STRLIST_INIT;
	struct pm_loaded_doc d;
	struct pm_check_opts co;
	struct pm_lint l;
	struct pm_doc doc;
	struct seq_scan scan;
	const struct pm_field *f;
	const char *op;
	struct pm_buf theirs = PM_BUF_INIT, orig = PM_BUF_INIT;
	int ret, year = 0, staged = 0, linted = 0, in_conflict = 0;
	long seq;
	size_t i;

	memset(&d, 0, sizeof(d));
	memset(&l, 0, sizeof(l));
	if ((ret = doc_arg(s, &arg, &rel, err)) ||
	    (ret = pm_project_load(&s->proj, rel.ptr, &d, err)))
		goto done;
	pm_buf_add(&orig, d.src.ptr, d.src.len);
	if ((op = operation_in_progress(s->repo))) {
		if ((ret = both_added(s->repo, rel.ptr, op, arg, &d.src, &theirs, err)))
			goto done;
		in_conflict = 1;
	}
	memset(&co, 0, sizeof(co));
	co.level = PM_LEVEL_DRAFT;
	co.now = pm_today();
	co.errors_only = 1;
	if ((ret = pm_project_lint(&s->proj, &d, &co, &l, NULL, err)))
		goto done;
	linted = 1;
	for (i = 0; i < l.nr; i++)
		if (l.findings[i].rule == PM_RULE_CONFLICT) {
			print_lint_errors(arg, &l);
			ret = pm_error_set(err, PM_EREJECT,
					   "'%s' holds a merge conflict; undo the merge ('git merge --abort'), then renumber", arg);
			goto done;
		}
	if (l.facts.status == PM_STATUS_FINAL) {
		ret = pm_error_set(err, PM_EREJECT,
				   "'%s' is Final; a Final postmortem keeps its ID, which its sign-offs signed", arg);
		goto done;
	}
	pm_doc_parse_facts(&doc, d.src.ptr, d.src.len);
	if ((f = pm_facts_header(&doc, pm_id_names)))
		pm_buf_adds(&field, f->name);
	pm_doc_release(&doc);
	if (!field.len) {
		ret = pm_error_set(err, PM_EREJECT,
				   "'%s' has no '**Incident ID**:' line in its header to renumber", arg);
		goto done;
	}
	if (!l.facts.id || !pm_idfmt_match(s->proj.cfg->id_format, l.facts.id, &year, &seq) || !year) {
		unsigned m, dd;
		pm_civil_from_days(l.facts.date >= 0 ? l.facts.date : pm_today(), &year, &m, &dd);
	}
	if ((ret = scan_taken(s, year, &scan, NULL, err)))
		goto done;
	pm_buf_add(&dir, rel.ptr, (size_t)(strrchr(rel.ptr, '/') - rel.ptr));
	if ((ret = write_next(s, &scan, dir.ptr, &d.src, field.ptr, &id, &nrel, err)))
		goto done;

	pm_strlist_add(&stage, rel.ptr);
	pm_strlist_add(&stage, nrel.ptr);
	if (in_conflict) {
		/* the other branch's postmortem keeps the ID: the conflict is resolved */
		pm_path_join(&full, s->repo->workdir, rel.ptr);
		if ((ret = pm_write_atomic(full.ptr, theirs.ptr, theirs.len, 0644, 0, err)) ||
		    (ret = pm_repo_stage(s->repo, (const char *const *)stage.items, stage.nr, err))) {
			put_back(s, &d, &orig, nrel.ptr, 0);
			goto done;
		}
		pm_path_join(&full, s->repo->workdir, nrel.ptr);
		printf("%s\n", full.ptr); /* as new prints it */
		fprintf(stderr, "renumbered yours to %s: %s is the other branch's %s again, yours is %s (both staged)\n",
			id.ptr, rel.ptr, l.facts.id ? l.facts.id : arg, nrel.ptr);
		drop_own_records(s, &d, id.ptr);
		fprintf(stderr, "then: git merge --continue\n");
		goto done;
	}
	{
		struct pm_snap idx;
		if (!pm_snap_index(&idx, s->repo, NULL)) {
			staged = pm_snap_exists(&idx, rel.ptr);
			pm_snap_release(&idx);
		}
	}

	/*
	 * the new file stands: take the old one and its records away (one
	 * not read, a link or too large, is left for the hooks to name)
	 */
	for (i = 0; i < d.nr_records; i++)
		if (!d.records[i].problem)
			pm_strlist_add(&stage, d.records[i].path);
	for (i = 0; i < stage.nr; i++) {
		if (i == 1)
			continue;
		pm_path_join(&full, s->repo->workdir, stage.items[i]);
		if (unlink(full.ptr) < 0 && errno != ENOENT) {
			ret = pm_error_set(err, PM_ERROR, "cannot remove '%s': %s; '%s' is written, remove the rest by hand",
					   stage.items[i], strerror(errno), nrel.ptr);
			goto done;
		}
	}
	if (d.nr_records) {
		pm_path_join(&full, s->repo->workdir, d.records[0].path);
		pm_buf_setlen(&full, (size_t)(strrchr(full.ptr, '/') - full.ptr));
		rmdir(full.ptr); /* when nothing else is left in it */
	}
	if (staged && (ret = pm_repo_stage(s->repo, (const char *const *)stage.items, stage.nr, err))) {
		put_back(s, &d, &orig, nrel.ptr, 1);
		goto done;
	}

	pm_path_join(&full, s->repo->workdir, nrel.ptr);
	printf("%s\n", full.ptr);
	fprintf(stderr, "renumbered %s to %s: %s is now %s%s\n", l.facts.id ? l.facts.id : arg,
		id.ptr, rel.ptr, nrel.ptr, staged ? " (staged)" : "");
	for (i = 0; i < d.nr_records; i++)
		if (d.records[i].problem)
			fprintf(stderr, "  left %s: %s; remove it by hand\n", d.records[i].path,
				d.records[i].problem);
		else
			fprintf(stderr, "  removed %s%s: it signed the old ID; its signer signs %s again\n",
				d.records[i].path, staged ? " (staged)" : "", id.ptr);
	if (staged)
		fprintf(stderr, "commit it: git commit -m 'Renumber %s to %s'\n",
			l.facts.id ? l.facts.id : pm_basename(rel.ptr), id.ptr);
done:
	if (linted)
		pm_lint_release(&l);
	pm_loaded_doc_release(&d);
	pm_buf_release(&rel);
	pm_buf_release(&dir);
	pm_buf_release(&id);
	pm_buf_release(&nrel);
	pm_buf_release(&full);
	pm_buf_release(&field);
	pm_buf_release(&theirs);
	pm_buf_release(&orig);
	pm_strlist_release(&stage);
	return ret;
}

int cmd_renumber(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ NULL, 0, NULL, 0 },
	};
	struct session s;
	struct pm_error err = PM_ERROR_INIT;
	int c, ret = EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1)
		return option_error("renumber", c, argv, longopts);
	if (optind + 1 != argc)
		return usage_error("renumber", "name one postmortem to renumber");
	if (session_open(&s, SESSION_STAGES, &err)) {
		ret = report_error(&err);
		pm_error_release(&err);
		return ret;
	}
	if (renumber(&s, argv[optind], &err))
		ret = report_error(&err);
	session_close(&s);
	pm_error_release(&err);
	return ret;
}
