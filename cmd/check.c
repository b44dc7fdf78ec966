#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "canon.h"
#include "cmd.h"
#include "facts.h"
#include "fsutil.h"
#include "lint.h"
#include "pool.h"
#include "text.h"

#include "banned.h"

const char cmd_check_usage[] =
	"usage: pmgit check [--level L] [--staged] [--now DATE] [--errors-only]\n"
	"                   [--format text|json] [PATH...]\n"
	"       pmgit check [options] [--stdin-path PATH] -\n"
	"\n"
	"Judges postmortems against the completeness level their Status asks for\n"
	"(Draft: draft, In Review: review, Final: final) and prints each problem as\n"
	"  path:line:col: error: message [rule]\n"
	"Rules of later levels are shown as warnings, so you see early what review\n"
	"will ask. Without PATH, every postmortem of the repository is checked;\n"
	"a PATH may be a directory, or an incident ID; '-' reads one document from\n"
	"standard input (an editor's unsaved buffer). A Final postmortem that is\n"
	"committed as it stands cannot change: a rule newer than it (a changed\n"
	"policy, a newer pmgit) is a warning there, and its sign-offs decide.\n"
	"\n"
	"  --level L        judge at L (draft, review, final) whatever the Status says\n"
	"  --staged         judge the staged versions (what the next commit holds)\n"
	"  --now DATE       the date overdue action items are measured against\n"
	"                   (YYYY-MM-DD; default today)\n"
	"  --errors-only    do not show warnings\n"
	"  --format F       text (default) or json\n"
	"  --stdin-path P   judge what '-' reads as the postmortem at P (its ID\n"
	"                   and file name, its sign-offs), and name it P\n"
	"\n"
	"'pmgit help rules' lists every rule and why it exists. Outside a git\n"
	"repository, or without .pmgit/, the default policy is used.\n"
	"Exit status: 0 no errors, 1 errors found, 2 usage, 3 a file could not be read.\n";

struct check_opts {
	int level;
	int staged;
	long now;
	int errors_only;
	enum out_format format;
	const char *stdin_path; /* --stdin-path */
};

/* The name a document read from standard input goes by without --stdin-path. */
#define STDIN_NAME "<stdin>"

/*
 * Reads the document '-' names from standard input, up to the size pmgit
 * reads; one larger is counted, not kept, for the size rule.
 */
static int read_stdin_doc(struct pm_buf *out, size_t *oversize)
{
	size_t total;
	int r = read_stdin(out, PM_DOC_MAX_BYTES, &total);

	*oversize = 0;
	if (r > 0) {
		pm_buf_reset(out);
		*oversize = total;
	}
	return r < 0 ? -1 : 0;
}

static void print_text(const struct check_opts *o, const char *shown,
		       const struct pm_lint *l, struct pm_buf *out)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		const struct pm_finding *f = &l->findings[i];
		int err = f->sev == PM_SEV_ERROR;

		if (!err && o->errors_only)
			continue;
		pm_buf_addf(out, "%s:%u:%u: %s%s:%s %s %s[%s]%s\n", shown, f->line, f->col,
			    color(1, err ? "error" : "warning"), err ? "error" : "warning",
			    color(1, "reset"), f->msg, color(1, "dim"),
			    pm_rules[f->rule].name, color(1, "reset"));
	}
}

static void print_json_doc(const struct check_opts *o, const char *shown,
			   const struct pm_lint *l, struct pm_buf *out, int first)
{
	size_t i;
	int n = 0;

	pm_buf_adds(out, first ? "\n    {" : ",\n    {");
	pm_buf_adds(out, "\"path\": ");
	pm_buf_add_jsons(out, shown);
	pm_buf_adds(out, ", \"id\": ");
	if (l->facts.id)
		pm_buf_add_jsons(out, l->facts.id);
	else
		pm_buf_adds(out, "null");
	pm_buf_addf(out, ", \"status\": \"%s\", \"level\": \"%s\", \"errors\": %zu, \"warnings\": %zu, \"findings\": [",
		    pm_status_name(l->facts.status), pm_level_name(l->level), l->errors,
		    o->errors_only ? 0 : l->warnings);
	for (i = 0; i < l->nr; i++) {
		const struct pm_finding *f = &l->findings[i];
		if (f->sev != PM_SEV_ERROR && o->errors_only)
			continue;
		pm_buf_addf(out, "%s\n      {\"line\": %u, \"column\": %u, \"severity\": \"%s\", \"rule\": \"%s\", \"message\": ",
			    n++ ? "," : "", f->line, f->col,
			    f->sev == PM_SEV_ERROR ? "error" : "warning", pm_rules[f->rule].name);
		pm_buf_add_jsons(out, f->msg);
		pm_buf_addch(out, '}');
	}
	pm_buf_adds(out, n ? "\n    ]}" : "]}");
}

/* A document read straight from disk, outside any repository. */
static int load_plain(const char *path, struct pm_loaded_doc *d, struct pm_error *err)
{
	struct stat st;
	int r;

	memset(d, 0, sizeof(*d));
	d->path = pm_xstrdup(path);
	r = pm_read_file_nofollow(path, PM_DOC_MAX_BYTES, &d->src, err);
	/* too large to be a postmortem: judged by its size, as in the repository */
	if (r == PM_ELIMIT && !lstat(path, &st)) {
		pm_error_clear(err);
		pm_buf_reset(&d->src);
		d->oversize = (size_t)st.st_size;
		r = 0;
	}
	return r;
}

/* One document of a batch, judged on a worker thread, printed in order. */
struct check_item {
	const char *path;
	int plain; /* read from disk as it is, outside the repository */
	struct pm_loaded_doc d;
	struct pm_lint l;
	struct pm_error err;
	int r;
};

struct check_batch {
	struct session *s;
	struct pm_check_opts co;
	struct check_item *items;
	const char *stdin_target; /* the target standard input's document is */
	struct pm_buf stdin_src;
	size_t stdin_oversize;
};

static void check_one(void *data, size_t i)
{
	struct check_batch *b = data;
	struct check_item *it = &b->items[i];

	if (b->stdin_target && it->path == b->stdin_target) {
		memset(&it->d, 0, sizeof(it->d));
		it->d.path = pm_xstrdup(it->path);
		pm_buf_add(&it->d.src, b->stdin_src.ptr, b->stdin_src.len);
		it->d.oversize = b->stdin_oversize;
		it->r = it->plain ? 0 : pm_project_load_records(&b->s->proj, &it->d, &it->err);
	} else if (it->plain) {
		it->r = load_plain(it->path, &it->d, &it->err);
	} else {
		it->r = pm_project_load(&b->s->proj, it->path, &it->d, &it->err);
	}
	if (!it->r && !it->plain && b->s->have_project) {
		it->r = pm_project_lint(&b->s->proj, &it->d, &b->co, &it->l, NULL, &it->err);
	} else if (!it->r) {
		struct pm_template tpl = PM_TEMPLATE_INIT;
		struct pm_lint_input in;
		memset(&in, 0, sizeof(in));
		pm_template_builtin(&tpl);
		in.path = it->path == b->stdin_target && !strcmp(it->path, STDIN_NAME) ? NULL
										 : it->d.path;
		in.src = it->d.src.ptr;
		in.len = it->d.oversize ? it->d.oversize : it->d.src.len;
		in.cfg = b->s->proj.cfg;
		in.tpl = &tpl;
		in.now = b->co.now;
		in.level = b->co.level;
		pm_lint_run(&it->l, &in);
		pm_template_release(&tpl);
	}
}

/* HEAD's files, read at the first Final postmortem with an error */
struct head_snap {
	struct pm_snap snap;
	int state; /* 0 not read yet, 1 read, -1 no HEAD */
};

/*
 * A Final postmortem committed as it stands is frozen: the hooks judged it
 * when it became Final, and it cannot change now. A rule it breaks today
 * is newer than it (a policy or a pmgit that came later), so for it the
 * rules below the final level are warnings; its sign-offs are still
 * judged (the signoff rule, and 'pmgit verify'). Returns how many errors
 * became warnings (the document's content compares by its canonical
 * hash, as signatures do).
 */
static size_t soften_frozen(struct session *s, struct head_snap *h, struct check_item *it)
{
	struct pm_buf old = PM_BUF_INIT;
	char was[PM_HASH_HEX], is[PM_HASH_HEX];
	size_t i, n = 0;

	if (!it->l.errors || it->l.facts.status != PM_STATUS_FINAL)
		return 0;
	if (!h->state) {
		git_oid id;
		h->state = pm_repo_resolve(s->repo, "HEAD", &id, NULL) ||
				   pm_snap_commit(&h->snap, s->repo, &id, NULL) ? -1 : 1;
	}
	if (h->state < 0 || pm_snap_read(&h->snap, it->path, PM_DOC_MAX_BYTES, &old, NULL))
		goto done;
	pm_canon_hash(old.ptr, old.len, was);
	pm_canon_hash(it->d.src.ptr, it->d.src.len, is);
	if (strcmp(was, is) || pm_facts_status(old.ptr, old.len, NULL) != PM_STATUS_FINAL)
		goto done;
	for (i = 0; i < it->l.nr; i++) {
		struct pm_finding *f = &it->l.findings[i];
		struct pm_buf m = PM_BUF_INIT;
		if (f->sev != PM_SEV_ERROR || pm_rules[f->rule].level >= PM_LEVEL_FINAL)
			continue;
		/* what is wrong, without the fix, which a frozen document cannot take */
		pm_buf_add(&m, f->msg, strstr(f->msg, "; ") ? (size_t)(strstr(f->msg, "; ") - f->msg)
							    : strlen(f->msg));
		pm_buf_adds(&m, "; the postmortem is Final and frozen as committed, so this rule, newer than it, asks only those to come");
		free(f->msg);
		f->msg = pm_buf_detach(&m, NULL);
		f->sev = PM_SEV_WARNING;
		n++;
	}
	it->l.errors -= n;
	it->l.warnings += n;
done:
	pm_buf_release(&old);
	return n;
}

/* Documents judged at once: enough to keep every core busy, few enough to hold. */
#define CHECK_BATCH 256

/*
 * A file named on the command line that is not one of the repository's
 * postmortems is judged as one, but nothing else looks at it: say so
 * before its findings suggest that it is guarded.
 */
static void note_unguarded(const struct pm_config *cfg, const char *path)
{
	switch (pm_project_classify(cfg, path, NULL)) {
	case PM_PATH_DOCUMENT:
		return;
	case PM_PATH_OTHER:
		if (strncmp(path, cfg->directory, strlen(cfg->directory)) ||
		    path[strlen(cfg->directory)] != '/') {
			fprintf(stderr, "note: '%s' is outside %s/, where this repository's postmortems live: 'pmgit status' and 'pmgit verify' do not list it and the hooks do not guard it; move it there ('git mv'), or change 'directory' in %s\n",
				path, cfg->directory, PM_CONFIG_PATH);
			return;
		}
		/* fall through */
	default:
		fprintf(stderr, "note: '%s' is not a postmortem of this repository (postmortems are the .md files under %s/, README.md and TEMPLATE.md aside); it is checked as one only because it was named\n",
			path, cfg->directory);
	}
}

/*
 * Standard input's document as a target: as the postmortem at --stdin-path
 * (its ID, file name and sign-offs are that file's), judged as it is when
 * that path is outside the repository or none is given.
 */
static int add_stdin_target(struct session *s, const struct check_opts *o, int in_repo,
			    struct pm_strlist *targets, struct pm_strlist *outside,
			    struct pm_buf *rel)
{
	struct pm_error err = PM_ERROR_INIT;
	const char *name = o->stdin_path ? o->stdin_path : STDIN_NAME;
	int r = !in_repo || !o->stdin_path ? PM_EUSAGE : doc_relpath(s, o->stdin_path, rel, &err);

	if (r == PM_ENOTFOUND) {
		/* a file not saved yet, perhaps in directories not made yet: the nearest one there */
		size_t cut = strlen(o->stdin_path);
		struct pm_buf dir = PM_BUF_INIT;
		do {
			while (cut && o->stdin_path[cut - 1] != '/')
				cut--;
			pm_buf_reset(&dir);
			pm_buf_add(&dir, o->stdin_path, cut ? cut - 1 : 0);
			pm_error_clear(&err);
			r = pm_repo_relpath(s->repo, dir.len ? dir.ptr : (cut ? "/" : "."), rel, &err);
		} while (r == PM_ENOTFOUND && cut-- > 1);
		if (!r) {
			if (rel->len)
				pm_buf_addch(rel, '/');
			pm_buf_adds(rel, o->stdin_path + cut);
		}
		pm_buf_release(&dir);
	}
	if (r == PM_EUSAGE) {
		pm_strlist_add(outside, name);
		pm_strlist_add(targets, name);
		r = 0;
	} else if (!r && (!rel->len || pm_snap_kind(&s->snap, rel->ptr) == PM_ENTRY_DIR)) {
		fprintf(stderr, "error: --stdin-path '%s' is a directory; name the postmortem file standard input holds\n",
			o->stdin_path);
		r = PM_EUSAGE;
	} else if (!r) {
		if (s->have_project && o->format == FORMAT_TEXT)
			note_unguarded(s->proj.cfg, rel->ptr);
		pm_strlist_add(targets, rel->ptr);
	} else {
		report_error(&err);
	}
	pm_error_release(&err);
	return r;
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "level", required_argument, NULL, 'l' },
		{ "staged", no_argument, NULL, 's' },
		{ "now", required_argument, NULL, 'n' },
		{ "errors-only", no_argument, NULL, 'e' },
		{ "format", required_argument, NULL, 'f' },
		{ "stdin-path", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct check_opts o = { -1, 0, 0, 0, FORMAT_TEXT, NULL };
	struct session s;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_strlist docs = PM_STRLIST_INIT, targets = PM_STRLIST_INIT;
	struct pm_strlist unread = PM_STRLIST_INIT, unread_named = PM_STRLIST_INIT;
	struct pm_strlist outside = PM_STRLIST_INIT;
	struct pm_buf out = PM_BUF_INIT, rel = PM_BUF_INIT;
	struct check_batch batch;
	const struct pm_error no_error = PM_ERROR_INIT;
	size_t total_err = 0, total_warn = 0, checked = 0, i, base, softened = 0;
	size_t stdin_at = (size_t)-1; /* which target is standard input's document */
	struct head_snap head = { .state = 0 };
	unsigned threads;
	int c, ret = EXIT_OK, in_repo = 1, first = 1;

	o.now = pm_today();
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			if ((o.level = pm_level_parse(optarg)) < 0)
				return usage_error("check", "--level takes draft, review or final, not '%s'", optarg);
			break;
		case 's': o.staged = 1; break;
		case 'n':
			if (parse_date_option("check", "--now", optarg, &o.now))
				return EXIT_USAGE;
			break;
		case 'e': o.errors_only = 1; break;
		case 'f':
			if (parse_format("check", optarg, &o.format))
				return EXIT_USAGE;
			break;
		case 'p': o.stdin_path = optarg; break;
		default:
			return option_error("check", c, argv, longopts);
		}
	}
	for (i = (size_t)optind, c = 0; i < (size_t)argc; i++)
		c += !strcmp(argv[i], "-");
	if (c > 1)
		return usage_error("check", "'-' (standard input) may be named once");
	if (o.stdin_path && !c)
		return usage_error("check", "--stdin-path names what '-' reads; add '-'");
	if (c && o.staged)
		return usage_error("check", "--staged judges what git holds, not '-' (standard input)");
	memset(&batch, 0, sizeof(batch));
	if (c && read_stdin_doc(&batch.stdin_src, &batch.stdin_oversize)) {
		fprintf(stderr, "error: cannot read standard input: %s\n", strerror(errno));
		pm_buf_release(&batch.stdin_src);
		return EXIT_CANNOT;
	}

	if (session_open(&s, (o.staged ? SESSION_INDEX : SESSION_WORKTREE | SESSION_HEAD_IF_BARE) |
				     SESSION_OPTIONAL_PROJECT, &err)) {
		if (err.code != PM_ENOREPO || o.staged || optind >= argc) {
			ret = report_error(&err);
			goto done;
		}
		/* no repository: judge the named files with the default policy */
		in_repo = 0;
		pm_error_clear(&err);
		memset(&s, 0, sizeof(s));
		s.proj.cfg = &s.proj.own.cfg;
		pm_config_defaults(s.proj.cfg);
	}
	if (in_repo && !s.have_project && o.format == FORMAT_TEXT)
		fprintf(stderr, "note: no %s here; checking against the default policy (run 'pmgit init')\n",
			PM_CONFIG_PATH);

	if (in_repo && pm_project_listing(&s.proj, &docs, &unread, &err)) {
		ret = report_error(&err);
		goto done;
	}
	if (optind < argc) {
		for (i = (size_t)optind; i < (size_t)argc; i++) {
			const char *arg = argv[i];
			int r;
			if (!strcmp(arg, "-")) {
				if (add_stdin_target(&s, &o, in_repo, &targets, &outside, &rel)) {
					ret = EXIT_CANNOT;
					continue;
				}
				stdin_at = targets.nr - 1;
				continue;
			}
			if (!in_repo) {
				pm_strlist_add(&targets, arg);
				continue;
			}
			r = doc_relpath(&s, arg, &rel, &err);
			if (r == PM_EUSAGE && !o.staged) {
				/* a file outside the repository: judged as it is on disk */
				pm_strlist_add(&outside, arg);
				pm_strlist_add(&targets, arg);
				continue;
			}
			if (r) {
				report_error(&err);
				ret = EXIT_CANNOT;
				continue;
			}
			if (!rel.len || pm_snap_kind(&s.snap, rel.ptr) == PM_ENTRY_DIR) {
				docs_under(&unread, rel.ptr, &unread_named);
				if (!docs_under(&docs, rel.ptr, &targets) && o.format == FORMAT_TEXT)
					fprintf(stderr, "note: no postmortems under '%s' (they are the .md files under '%s/')\n",
						argv[i], s.proj.cfg->directory);
				continue;
			}
			if (s.have_project && o.format == FORMAT_TEXT)
				note_unguarded(s.proj.cfg, rel.ptr);
			pm_strlist_add(&targets, rel.ptr);
		}
	} else {
		for (i = 0; i < docs.nr; i++)
			pm_strlist_add(&targets, docs.items[i]);
		docs_under(&unread, "", &unread_named);
		if (!docs.nr && o.format == FORMAT_TEXT)
			fprintf(stderr, "no postmortems under '%s/' yet; create one with 'pmgit new'\n",
				s.proj.cfg->directory);
	}

	if (o.format == FORMAT_JSON)
		pm_buf_adds(&out, "{\"documents\": [");
	/*
	 * From the working tree (or outside a repository) the documents are
	 * judged on every core, a batch at a time, and printed in order; what
	 * git holds (the index, or HEAD in a bare repository) is read on this
	 * thread alone.
	 */
	if (stdin_at != (size_t)-1)
		batch.stdin_target = targets.items[stdin_at];
	batch.s = &s;
	batch.co.level = o.level;
	batch.co.now = o.now;
	batch.co.id_unique = in_repo;
	batch.co.signoffs = in_repo && s.have_project;
	batch.co.followup = in_repo;
	batch.items = pm_xcalloc(CHECK_BATCH, sizeof(*batch.items));
	threads = !in_repo || s.snap.kind == PM_SNAP_WORKTREE ? 0 : 1;
	if (in_repo && s.have_project && targets.nr > 1)
		pm_project_prepare_lint(&s.proj);
	for (base = 0; base < targets.nr; base += CHECK_BATCH) {
		size_t n = targets.nr - base < CHECK_BATCH ? targets.nr - base : CHECK_BATCH;
		for (i = 0; i < n; i++) {
			struct check_item *it = &batch.items[i];
			memset(it, 0, sizeof(*it));
			it->path = targets.items[base + i];
			it->plain = !in_repo || pm_strlist_has(&outside, it->path);
			it->err = no_error;
		}
		pm_parallel_for(n, threads, check_one, &batch);
		for (i = 0; i < n; i++) {
			struct check_item *it = &batch.items[i];
			if (!it->r && !it->plain && s.have_project && o.level < 0)
				softened += soften_frozen(&s, &head, it) ? 1 : 0;
			if (it->r) {
				fflush(stdout);
				report_error(&it->err);
				ret = EXIT_CANNOT;
			} else {
				checked++;
				total_err += it->l.errors;
				total_warn += it->l.warnings;
				if (o.format == FORMAT_JSON)
					print_json_doc(&o, it->path, &it->l, &out, first);
				else
					print_text(&o, it->path, &it->l, &out);
				first = 0;
				pm_lint_release(&it->l);
			}
			pm_loaded_doc_release(&it->d);
			pm_error_release(&it->err);
			if (out.len > 65536) {
				if (write_stdout(&out))
					ret = EXIT_CANNOT;
				pm_buf_reset(&out);
			}
		}
	}
	free(batch.items);
	if (o.format == FORMAT_JSON) {
		pm_buf_addf(&out, "%s], \"errors\": %zu, \"warnings\": %zu}\n",
			    first ? "" : "\n  ", total_err, o.errors_only ? 0 : total_warn);
	} else if (checked) {
		pm_buf_addf(&out, "%zu postmortem%s checked: %s%zu error%s%s",
			    checked, checked == 1 ? "" : "s",
			    total_err ? color(1, "error") : color(1, "ok"), total_err,
			    total_err == 1 ? "" : "s", color(1, "reset"));
		if (!o.errors_only)
			pm_buf_addf(&out, ", %zu warning%s", total_warn, total_warn == 1 ? "" : "s");
		pm_buf_addch(&out, '\n');
	}
	if (write_stdout(&out))
		ret = EXIT_CANNOT;
	if (o.format == FORMAT_TEXT) /* the hooks refuse them: said before a commit is */
		warn_unread(&s, &unread_named);
	/* a fresh draft has a warning per placeholder: say what they are */
	if (o.format == FORMAT_TEXT && !o.errors_only && total_warn >= 20)
		fprintf(stderr, "note: warnings are what a later level (In Review, Final) will ask, and advice; '--errors-only' shows only what holds this one back\n");
	if (softened && o.format == FORMAT_TEXT)
		fprintf(stderr, "note: %zu Final postmortem%s break%s rules newer than %s, shown as warnings: a Final postmortem cannot change ('pmgit verify' judges its sign-offs)\n",
			softened, softened == 1 ? "" : "s", softened == 1 ? "s" : "",
			softened == 1 ? "it" : "them");
	if (ret == EXIT_OK && total_err)
		ret = EXIT_FINDINGS;
done:
	if (head.state > 0)
		pm_snap_release(&head.snap);
	pm_strlist_release(&docs);
	pm_strlist_release(&unread);
	pm_strlist_release(&unread_named);
	pm_strlist_release(&targets);
	pm_strlist_release(&outside);
	pm_buf_release(&out);
	pm_buf_release(&rel);
	pm_buf_release(&batch.stdin_src);
	pm_error_release(&err);
	if (in_repo)
		session_close(&s);
	else
		pm_config_release(s.proj.cfg);
	return ret;
}
