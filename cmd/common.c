#include "cmd.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "fsutil.h"
#include "lint.h"
#include "ringtext.h"
#include "sshsig.h"
#include "trust.h"
#include "text.h"
#include "utf8.h"

#include "banned.h"

int exit_for(int code)
{
	switch (code) {
	case PM_OK: return EXIT_OK;
	case PM_EUSAGE: return EXIT_USAGE;
	case PM_EREJECT: return EXIT_FINDINGS;
	default: return EXIT_CANNOT;
	}
}

void json_unreadable(struct pm_buf *out, int first, const char *path, const char *why)
{
	pm_buf_adds(out, first ? "\n  {\"path\": " : ",\n  {\"path\": ");
	pm_buf_add_jsons(out, path);
	pm_buf_adds(out, ", \"ok\": false, \"error\": ");
	pm_buf_add_jsons(out, why);
	pm_buf_addch(out, '}');
}

void sh_quote(struct pm_buf *out, const char *s)
{
	pm_buf_addch(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			pm_buf_adds(out, "'\\''");
		else
			pm_buf_addch(out, *s);
	}
	pm_buf_addch(out, '\'');
}

void add_home_path(struct pm_buf *out, const char *path)
{
	const char *home = getenv("HOME");

	if (path[0] == '~' && path[1] == '/' && home && *home)
		pm_buf_addf(out, "%s%s", home, path + 1);
	else
		pm_buf_adds(out, path);
}

void sh_word(struct pm_buf *out, const char *s)
{
	if (pm_sh_bare(s))
		pm_buf_adds(out, s);
	else
		sh_quote(out, s);
}

void add_cell(struct pm_buf *out, const char *s, size_t width)
{
	size_t w = pm_utf8_width(s);

	pm_buf_adds(out, s);
	for (; w < width; w++)
		pm_buf_addch(out, ' ');
}

size_t cell_width(size_t width, const char *s)
{
	size_t w = pm_utf8_width(s);

	return w > width ? w : width;
}

static const struct {
	const char *name, *code;
} colors[] = {
	{ "error", "\033[1;31m" }, { "warning", "\033[1;33m" },
	{ "ok", "\033[1;32m" },    { "dim", "\033[2m" },
	{ "bold", "\033[1m" },     { "reset", "\033[0m" },
};

const char *color(int out, const char *what)
{
	size_t i;

	if (!(out ? pm_color_out : pm_color_err))
		return "";
	for (i = 0; i < sizeof(colors) / sizeof(colors[0]); i++)
		if (!strcmp(colors[i].name, what))
			return colors[i].code;
	return "";
}

/* Is s[0..n) one of pmgit's own colour codes at its start? Its length, or 0. */
static size_t own_color(const char *s, size_t n)
{
	size_t i, k;

	for (i = 0; i < sizeof(colors) / sizeof(colors[0]); i++) {
		k = strlen(colors[i].code);
		if (k <= n && !memcmp(s, colors[i].code, k))
			return k;
	}
	return 0;
}

/*
 * Text from postmortems, keyrings and commits reaches the terminal in
 * messages. A control character in it (an escape sequence that moves the
 * cursor or hides a line, a carriage return that overwrites one) could
 * make an auditor's screen say other than pmgit does: each is written as
 * \xNN instead. Newlines, tabs, UTF-8 text and pmgit's own colour codes
 * pass.
 */
static int write_safe(FILE *f, const char *s, size_t n)
{
	struct pm_buf b = PM_BUF_INIT;
	size_t i, start = 0, k;
	int ret;

	for (i = 0; i < n; i++) {
		size_t cl = pm_control_char(s + i, n - i);
		if (!cl || s[i] == '\n' || s[i] == '\t')
			continue;
		if (s[i] == 0x1b && (k = own_color(s + i, n - i))) {
			i += k - 1;
			continue;
		}
		pm_buf_add(&b, s + start, i - start);
		pm_buf_addf(&b, "\\x%02x", (unsigned char)s[i + cl - 1]);
		i += cl - 1;
		start = i + 1;
	}
	if (!b.len)
		return fwrite(s, 1, n, f) == n ? 0 : -1;
	pm_buf_add(&b, s + start, n - start);
	ret = fwrite(b.ptr, 1, b.len, f) == b.len ? 0 : -1;
	pm_buf_release(&b);
	return ret;
}

void write_stderr(const struct pm_buf *b)
{
	write_safe(stderr, b->ptr, b->len);
}

int report_error(const struct pm_error *err)
{
	struct pm_buf line = PM_BUF_INIT;

	pm_buf_addf(&line, "%serror:%s %s\n", color(0, "error"), color(0, "reset"),
		    err->msg.len ? err->msg.ptr : "unknown failure");
	write_stderr(&line);
	pm_buf_release(&line);
	return exit_for(err->code ? err->code : PM_ERROR);
}

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%serror:%s ", color(0, "error"), color(0, "reset"));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nrun 'pmgit %s --help' for usage\n", cmd);
	return EXIT_USAGE;
}

/*
 * A word where the command takes none (argv[optind], after getopt_long
 * has moved the options before it). A directory there most likely means
 * "in that repository", which pmgit, like git, says with -C before the
 * command: the error gives the whole line to run.
 */
int unexpected_argument(const char *cmd, int argc, char **argv)
{
	struct pm_buf line = PM_BUF_INIT;
	const char *arg = argv[optind];
	struct stat st;
	int i, ret;

	if (stat(arg, &st) || !S_ISDIR(st.st_mode))
		return usage_error(cmd, "unexpected argument '%s'", arg);
	pm_buf_adds(&line, "pmgit -C ");
	sh_word(&line, arg);
	if (strcmp(argv[0], cmd)) {
		pm_buf_addch(&line, ' ');
		pm_buf_adds(&line, cmd);
	}
	for (i = 0; i < argc; i++) {
		if (i == optind)
			continue;
		pm_buf_addch(&line, ' ');
		sh_word(&line, argv[i]);
	}
	ret = usage_error(cmd, "unexpected argument '%s': pmgit works on the repository it runs in; "
			  "for the one there, run\n  %s", arg, line.ptr);
	pm_buf_release(&line);
	return ret;
}

/* The long option nearest an unknown one, when it is a slip of the keys */
static const char *near_option(const char *arg, size_t n, const struct option *longopts)
{
	struct pm_buf name = PM_BUF_INIT;
	struct pm_near near;
	const char *found;

	if (strncmp(arg, "--", 2) || n < 4)
		return NULL;
	pm_buf_add(&name, arg + 2, n - 2);
	near = (struct pm_near)PM_NEAR_INIT(name.ptr);
	for (; longopts && longopts->name; longopts++)
		pm_near_try(&near, longopts->name);
	found = pm_near_found(&near);
	pm_buf_release(&name);
	return found;
}

int option_error(const char *cmd, int c, char **argv, const struct option *longopts)
{
	const char *near;
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	char shopt[3] = { '-', (char)optopt, 0 };
	int n;

	/* a short option may sit in a cluster (-qx): name the letter alone */
	if (strncmp(arg, "--", 2) && optopt)
		arg = shopt;
	n = (int)strcspn(arg, "=");
	if (c == ':')
		return usage_error(cmd, "option '%.*s' needs a value", n, arg);
	if ((near = near_option(arg, (size_t)n, longopts)))
		return usage_error(cmd, "unknown option '%.*s'; did you mean '--%s'?", n, arg, near);
	return usage_error(cmd, "unknown option '%.*s'", n, arg);
}

int read_stdin(struct pm_buf *in, size_t max, size_t *total)
{
	char chunk[65536];
	size_t n, all = in->len;
	int over = 0;

	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
		all += n;
		if (!over && n <= max - in->len)
			pm_buf_add(in, chunk, n);
		else
			over = 1; /* counted, not kept */
	}
	if (total)
		*total = all;
	return ferror(stdin) ? -1 : over;
}

int print_usage(const char *usage)
{
	fputs(usage, stdout);
	return EXIT_OK;
}

int parse_format(const char *cmd, const char *arg, enum out_format *out)
{
	if (!strcmp(arg, "text"))
		*out = FORMAT_TEXT;
	else if (!strcmp(arg, "json"))
		*out = FORMAT_JSON;
	else
		return usage_error(cmd, "--format takes 'text' or 'json', not '%s'", arg);
	return 0;
}

int parse_date_option(const char *cmd, const char *opt, const char *arg,
		      long *days)
{
	if (!strcmp(arg, "today")) {
		*days = pm_today();
		return 0;
	}
	if (!pm_parse_date(arg, days)) {
		size_t i;
		for (i = 0; i < 10 && arg[i] && (i == 4 || i == 7 ? arg[i] == '-' : isdigit((unsigned char)arg[i])); i++)
			;
		if (i == 10 && !arg[10]) /* the form is right, the day is not */
			return usage_error(cmd, "%s: '%s' is not a day of the calendar (YYYY-MM-DD)", opt, arg);
		return usage_error(cmd, "%s takes a date, YYYY-MM-DD, not '%s'", opt, arg);
	}
	return 0;
}

/*
 * git replace: wherever git meets object <id> (git show, git log -p, a
 * checkout, a forge's pages) it shows the one refs/replace/<id> points to;
 * pmgit reads and verifies what is stored. An audit says when the two can
 * differ, so that nobody reads a replacement as what was verified.
 */
void warn_replace_refs(struct pm_repo *repo)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;
	struct pm_buf out = PM_BUF_INIT;
	size_t n = 0;

	if (git_reference_iterator_glob_new(&it, repo->git, "refs/replace/*"))
		return;
	while (!git_reference_next(&ref, it)) {
		const git_oid *to = git_reference_target(ref);
		char hex[13] = "another";
		if (to)
			git_oid_tostr(hex, sizeof(hex), to);
		if (n++ < 3)
			pm_buf_addf(&out, "%swarning:%s %s makes git show object %.12s as %s (git replace)\n",
				    color(0, "warning"), color(0, "reset"), git_reference_name(ref),
				    git_reference_name(ref) + 13, hex);
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	if (n > 3)
		pm_buf_addf(&out, "%swarning:%s and %zu more replace refs ('git for-each-ref refs/replace')\n",
			    color(0, "warning"), color(0, "reset"), n - 3);
	if (n)
		pm_buf_adds(&out, "  git show, git log -p and checkouts show the replacement, while pmgit reads and verifies "
				  "the object as stored, as git does with GIT_NO_REPLACE_OBJECTS=1 ('git replace -d ID' removes one)\n");
	write_stderr(&out);
	pm_buf_release(&out);
}

/*
 * A directory beside the postmortem directory or .pmgit named like it but
 * for case (git checks both out into one on macOS and Windows), or two
 * names in either so, in the commit read (--rev) or HEAD: what is on
 * disk there may hold files no check judged. One listing of each.
 */
void warn_name_variants(struct session *s)
{
	const char *dirs[2] = { s->proj.cfg->directory, PM_PMGIT_DIR };
	struct pm_buf found = PM_BUF_INIT, meant = PM_BUF_INIT, out = PM_BUF_INIT, shown = PM_BUF_INIT;
	struct pm_snap tree;
	git_oid at;
	size_t k;

	if (s->at[0] ? git_oid_fromstr(&at, s->at) < 0 : pm_repo_resolve(s->repo, "HEAD", &at, NULL))
		return;
	if (pm_snap_commit(&tree, s->repo, &at, NULL))
		return;
	for (k = 0; k < 2; k++) {
		struct pm_strlist pairs = PM_STRLIST_INIT;
		size_t i;
		if (pm_snap_name_variant(&tree, dirs[k], &found, &meant)) {
			pm_name_visible(&shown, found.ptr);
			pm_buf_addf(&out, "%swarning:%s '%s' differs from '%s' only in case (or in what macOS and Windows ignore in a name): their checkouts write both into one directory, where its files pass for %s that no hook judged\n",
				    color(0, "warning"), color(0, "reset"), shown.ptr, meant.ptr,
				    k ? "pmgit's policy" : "postmortems and sign-offs");
		}
		/* and two names in it, such as INC-1.SIGNOFFS beside INC-1.signoffs */
		pm_snap_folded_twins(&tree, dirs[k], &pairs);
		for (i = 0; i + 1 < pairs.nr; i += 2) {
			pm_name_visible(&shown, pairs.items[i]);
			pm_name_visible(&meant, pairs.items[i + 1]);
			pm_buf_addf(&out, "%swarning:%s '%s' and '%s' differ only in case (or in what macOS and Windows ignore in a name): their checkouts write both as one\n",
				    color(0, "warning"), color(0, "reset"), shown.ptr, meant.ptr);
		}
		pm_strlist_release(&pairs);
	}
	write_stderr(&out);
	pm_snap_release(&tree);
	pm_buf_release(&found);
	pm_buf_release(&meant);
	pm_buf_release(&shown);
	pm_buf_release(&out);
}

int session_open(struct session *s, int flags, struct pm_error *err)
{
	return session_open_at(s, flags, NULL, err);
}

int session_open_at(struct session *s, int flags, const char *rev, struct pm_error *err)
{
	int ret;

	memset(s, 0, sizeof(*s));
	if ((ret = pm_repo_open(&s->repo, flags & SESSION_FROM_ENV ? PM_REPO_FROM_ENV : 0,
				err)))
		goto fail;
	if ((flags & SESSION_STAGES) && (ret = pm_repo_index_usable(s->repo, err)))
		goto fail;
	if (rev) {
		git_oid at;
		if (!(ret = pm_repo_resolve(s->repo, rev, &at, err))) {
			git_oid_tostr(s->at, sizeof(s->at), &at);
			fprintf(stderr, "note: reading the files of '%s' (commit %.12s), not the working tree\n",
				rev, s->at);
			ret = pm_snap_commit(&s->snap, s->repo, &at, err);
		}
	} else if (flags & SESSION_INDEX) {
		ret = pm_snap_index(&s->snap, s->repo, err);
	} else if ((flags & SESSION_HEAD_IF_BARE) && !s->repo->workdir) {
		git_oid head;
		if (!(ret = pm_repo_resolve(s->repo, "HEAD", &head, err))) {
			git_oid_tostr(s->at, sizeof(s->at), &head);
			fprintf(stderr, "note: a bare repository: reading the files of HEAD (%.12s)\n",
				s->at);
			ret = pm_snap_commit(&s->snap, s->repo, &head, err);
		}
	} else {
		ret = pm_snap_worktree(&s->snap, s->repo, err);
	}
	if (ret)
		goto fail;
	s->have_snap = 1;
	ret = pm_project_open(&s->proj, &s->snap, err);
	s->have_project = !ret;
	if (ret == PM_ENOREPO && (flags & SESSION_OPTIONAL_PROJECT)) {
		/* carry on with the default policy; the config was set to defaults */
		s->proj.snap = &s->snap;
		pm_error_clear(err);
		return 0;
	}
	if (!ret) {
		struct pm_buf where = PM_BUF_INIT;
		const char *what = pm_project_misplaced(s->proj.cfg, &s->snap, &where);
		if (what)
			ret = pm_error_set(err, PM_EFORMAT,
					   "'%s' is %s: git stores it as such, so the hooks cannot see what it leads to; put a directory there",
					   where.ptr, what);
		pm_buf_release(&where);
		if (!ret)
			return 0;
	}
fail:
	/* a failed open holds nothing: the caller does not close it */
	session_close(s);
	return ret;
}

/* Does the document at `path` give `id` as its Incident ID? */
static int id_in_header(struct session *s, const char *path, const char *id)
{
	struct pm_buf src = PM_BUF_INIT, has = PM_BUF_INIT;
	int yes = 0;

	if (!pm_snap_read(&s->snap, path, PM_DOC_MAX_BYTES, &src, NULL)) {
		pm_facts_status(src.ptr, src.len, &has);
		yes = !strcmp(has.ptr, id);
	}
	pm_buf_release(&src);
	pm_buf_release(&has);
	return yes;
}

/*
 * A postmortem named by its incident ID ("INC-2026-0001") when no file of
 * that name is there: the one document so named, or with none so named,
 * the one whose header gives the ID. Returns 1 and sets *rel
 * when arg is an ID, 0 when it is not one, or an error.
 */
static int doc_by_id(struct session *s, const char *arg, struct pm_buf *rel,
		     struct pm_error *err)
{
	struct pm_strlist docs = PM_STRLIST_INIT;
	struct pm_buf found = PM_BUF_INIT, id = PM_BUF_INIT;
	size_t i, n = 0, named, al = strlen(arg);
	struct stat st;
	long seq;
	int year, ret = 0;

	/* "INC-2026-0001", or its file name "INC-2026-0001.md" */
	if (al > 3 && !strcmp(arg + al - 3, ".md"))
		al -= 3;
	pm_buf_add(&id, arg, al);
	if (!s->have_project || strchr(arg, '/') ||
	    !pm_idfmt_match(s->proj.cfg->id_format, id.ptr, &year, &seq) ||
	    (s->repo->workdir && lstat(arg, &st) == 0))
		goto done;
	if ((ret = pm_project_documents(&s->proj, &docs, err)))
		goto done;
	for (i = 0; i < docs.nr; i++) {
		const char *base = strrchr(docs.items[i], '/');
		base = base ? base + 1 : docs.items[i];
		if (strncmp(base, id.ptr, al) || strcmp(base + al, ".md"))
			continue;
		pm_buf_addf(&found, "%s'%s'", n ? ", " : "", docs.items[i]);
		if (!n++)
			pm_buf_sets(rel, docs.items[i]);
	}
	/* not named after it, as postmortems from before pmgit may be: those whose header says it */
	for (i = 0, named = n; !named && i < docs.nr; i++)
		if (id_in_header(s, docs.items[i], id.ptr)) {
			pm_buf_addf(&found, "%s'%s'", n ? ", " : "", docs.items[i]);
			if (!n++)
				pm_buf_sets(rel, docs.items[i]);
		}
	if (!n)
		ret = pm_error_set(err, PM_ENOTFOUND,
				   "no postmortem has the ID '%s' (there is no '%s/%s.md'); 'pmgit status' lists them",
				   id.ptr, s->proj.cfg->directory, id.ptr);
	else if (n > 1)
		ret = pm_error_set(err, PM_EUSAGE,
				   "the ID '%s' names %zu postmortems (%s); name one by its path",
				   id.ptr, n, found.ptr);
	else
		ret = 1;
done:
	pm_strlist_release(&docs);
	pm_buf_release(&found);
	pm_buf_release(&id);
	return ret;
}

/* pm_repo_relpath, saying how to name a postmortem when nothing is there */
/*
 * A path of the commit read (--rev) that the working tree no longer has:
 * taken from where pmgit runs, else from the top. PM_ENOTFOUND if the
 * commit has no such file either.
 */
static int commit_relpath(struct session *s, const char *arg, struct pm_buf *rel,
			  struct pm_error *err)
{
	struct pm_buf here = PM_BUF_INIT;
	int ret = PM_ENOTFOUND;

	while (arg[0] == '.' && arg[1] == '/')
		arg += 2;
	if (arg[0] == '/' || !strncmp(arg, "../", 3) || strstr(arg, "/../"))
		return ret;
	/* where pmgit runs, from the top: "" at the top itself */
	if (!pm_repo_relpath(s->repo, ".", &here, NULL)) {
		if (here.len)
			pm_buf_addch(&here, '/');
		pm_buf_adds(&here, arg);
		if (pm_snap_kind(&s->snap, here.ptr) != PM_ENTRY_NONE)
			ret = 0;
	}
	if (ret && pm_snap_kind(&s->snap, arg) != PM_ENTRY_NONE) {
		pm_buf_sets(&here, arg);
		ret = 0;
	}
	if (!ret) {
		pm_error_clear(err);
		pm_buf_sets(rel, here.ptr);
	}
	pm_buf_release(&here);
	return ret;
}

static int plain_relpath(struct session *s, const char *arg, struct pm_buf *rel,
			 struct pm_error *err)
{
	int ret = pm_repo_relpath(s->repo, arg, rel, err);

	/*
	 * pmgit names files from the top of the repository in what it prints
	 * (postmortems/INC-1.md): such a path works from a subdirectory too,
	 * unless it says it is from here (./, ../)
	 */
	if (ret == PM_ENOTFOUND && s->repo->workdir && arg[0] != '/' && strncmp(arg, "./", 2) &&
	    strncmp(arg, "../", 3)) {
		struct pm_buf top = PM_BUF_INIT;
		pm_path_join(&top, s->repo->workdir, arg);
		if (!access(top.ptr, F_OK)) {
			pm_error_clear(err);
			ret = pm_repo_relpath(s->repo, top.ptr, rel, err);
		}
		pm_buf_release(&top);
	}
	if (ret == PM_ENOTFOUND && s->at[0] && s->repo->workdir)
		ret = commit_relpath(s, arg, rel, err);
	if (ret == PM_ENOTFOUND)
		pm_error_set(err, ret,
			     "'%s': no such file; name a postmortem by its path or by its ID ('pmgit status' lists them)",
			     arg);
	return ret;
}

int doc_relpath(struct session *s, const char *arg, struct pm_buf *rel,
		struct pm_error *err)
{
	int ret = doc_by_id(s, arg, rel, err);

	if (ret)
		return ret == 1 ? 0 : ret;
	return plain_relpath(s, arg, rel, err);
}

size_t docs_under(const struct pm_strlist *docs, const char *dir, struct pm_strlist *out)
{
	size_t k, n = strlen(dir), before = out->nr;

	for (k = 0; k < docs->nr; k++)
		if (!n || (!strncmp(docs->items[k], dir, n) && docs->items[k][n] == '/'))
			pm_strlist_add(out, docs->items[k]);
	return out->nr - before;
}

int doc_arg(struct session *s, const char **arg, struct pm_buf *rel,
	    struct pm_error *err)
{
	int ret = doc_by_id(s, *arg, rel, err);

	if (ret == 1) {
		*arg = rel->ptr; /* messages name the file */
		return 0;
	}
	if (!ret && !(ret = plain_relpath(s, *arg, rel, err)) &&
	    pm_project_classify(s->proj.cfg, rel->ptr, NULL) != PM_PATH_DOCUMENT)
		ret = pm_error_set(err, PM_EUSAGE,
				   "'%s' is not a postmortem: postmortems are the .md files under '%s/'",
				   *arg, s->proj.cfg->directory);
	return ret;
}

int doc_args(struct session *s, int argc, char **argv, struct pm_strlist *out, int *dirs,
	     struct pm_strlist *unread, struct pm_error *err)
{
	struct pm_strlist docs = PM_STRLIST_INIT, others = PM_STRLIST_INIT;
	struct pm_buf rel = PM_BUF_INIT;
	size_t found;
	int i, ret = 0;

	if (dirs)
		*dirs = 0;
	if (!argc)
		return pm_project_listing(&s->proj, out, unread, err);
	for (i = 0; i < argc && !ret; i++) {
		const char *arg = argv[i];
		/* a directory: the postmortems under it */
		if (!doc_relpath(s, arg, &rel, err) &&
		    (!rel.len || pm_snap_kind(&s->snap, rel.ptr) == PM_ENTRY_DIR)) {
			if (dirs)
				*dirs = 1;
			if (!docs.nr && !others.nr &&
			    (ret = pm_project_listing(&s->proj, &docs, &others, err)))
				break;
			found = docs_under(&docs, rel.ptr, out);
			if (unread)
				found += docs_under(&others, rel.ptr, unread);
			if (!found)
				ret = pm_error_set(err, PM_EUSAGE,
						   "no postmortems under '%s' (they are the .md files under '%s/')",
						   arg, s->proj.cfg->directory);
			continue;
		}
		pm_error_clear(err);
		if (!(ret = doc_arg(s, &arg, &rel, err)))
			pm_strlist_add(out, rel.ptr);
	}
	pm_strlist_release(&docs);
	pm_strlist_release(&others);
	pm_buf_release(&rel);
	return ret;
}

void warn_unread(const struct session *s, const struct pm_strlist *unread)
{
	struct pm_buf out = PM_BUF_INIT;
	size_t i;

	for (i = 0; i < unread->nr; i++) {
		pm_buf_addf(&out, "%swarning:%s ", color(0, "warning"), color(0, "reset"));
		pm_project_other_markdown_why(s->proj.cfg, unread->items[i], &out);
		pm_buf_addch(&out, '\n');
	}
	write_stderr(&out);
	pm_buf_release(&out);
}

const char *keyring_spelling(const struct pm_keyring *k, const char *principal)
{
	const char *found = NULL;
	size_t i;

	if (!k || pm_keyring_person(k, principal))
		return NULL;
	for (i = 0; i < k->nr_people; i++) {
		if (strcasecmp(k->people[i].principal, principal))
			continue;
		if (found)
			return NULL; /* two spellings: neither is the one meant */
		found = k->people[i].principal;
	}
	return found;
}

void principal_as_keyring(struct session *s, struct pm_buf *principal)
{
	const char *found = keyring_spelling(s->proj.kr, principal->ptr);

	if (!found)
		return;
	fprintf(stderr, "note: '%s' is '%s' in %s; using that\n", principal->ptr, found,
		PM_KEYRING_PATH);
	pm_buf_sets(principal, found);
}

void session_close(struct session *s)
{
	pm_project_release(&s->proj);
	if (s->have_snap)
		pm_snap_release(&s->snap);
	pm_repo_free(s->repo);
	memset(s, 0, sizeof(*s));
}

static int read_tty_line(const char *prompt, char *buf, size_t cap,
			 struct pm_error *err)
{
	struct termios old, quiet;
	size_t n = 0;
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC), echo_off = 0;
	char c;

	if (fd < 0)
		return pm_error_set(err, PM_EKEY,
				    "there is no terminal to ask for the passphrase on; set PMGIT_PASSPHRASE");
	if (write(fd, prompt, strlen(prompt)) < 0 || write(fd, ": ", 2) < 0) {
		close(fd);
		return pm_error_set(err, PM_EKEY, "cannot write to the terminal");
	}
	if (tcgetattr(fd, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		quiet.c_lflag |= ICANON;
		echo_off = tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
	}
	while (read(fd, &c, 1) == 1 && c != '\n' && c != '\r')
		if (n + 1 < cap)
			buf[n++] = c;
	buf[n] = '\0';
	if (echo_off)
		tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0) {
		/* nothing to do: the answer was read */
	}
	close(fd);
	return 0;
}

#define MAX_PASSPHRASE 1024

int ask_passphrase(void *data, const char *prompt, int confirm, char **out,
		   struct pm_error *err)
{
	const char *env = getenv("PMGIT_PASSPHRASE");
	char *a = NULL, *b = NULL;
	int ret = 0;

	(void)data;
	*out = NULL;
	a = sodium_malloc(MAX_PASSPHRASE);
	if (!a)
		return pm_error_set(err, PM_ERROR, "cannot allocate secure memory");
	if (env) {
		size_t n = strlen(env);
		if (n >= MAX_PASSPHRASE) {
			sodium_free(a);
			return pm_error_set(err, PM_EKEY, "PMGIT_PASSPHRASE is too long");
		}
		memcpy(a, env, n + 1);
		*out = a;
		return 0;
	}
	if ((ret = read_tty_line(prompt, a, MAX_PASSPHRASE, err)))
		goto fail;
	if (confirm) {
		b = sodium_malloc(MAX_PASSPHRASE);
		if (!b) {
			ret = pm_error_set(err, PM_ERROR, "cannot allocate secure memory");
			goto fail;
		}
		if ((ret = read_tty_line("Enter the same passphrase again", b,
					 MAX_PASSPHRASE, err)))
			goto fail;
		if (strcmp(a, b)) {
			ret = pm_error_set(err, PM_EKEY, "the passphrases do not match; nothing was written");
			goto fail;
		}
		sodium_free(b);
	}
	*out = a;
	return 0;
fail:
	if (a)
		sodium_free(a);
	if (b)
		sodium_free(b);
	return ret;
}

int write_stdout(const struct pm_buf *b)
{
	if (write_safe(stdout, b->ptr, b->len) || fflush(stdout) != 0) {
		fprintf(stderr, "error: cannot write the output: %s\n", strerror(errno));
		return EXIT_CANNOT;
	}
	return EXIT_OK;
}

/* A refusal shows this many errors; 'pmgit check' shows them all. */
#define SHOWN_ERRORS 10

void print_lint_errors(const char *path, const struct pm_lint *l)
{
	struct pm_buf out = PM_BUF_INIT;
	size_t i, shown = 0;

	for (i = 0; i < l->nr; i++) {
		if (l->findings[i].sev != PM_SEV_ERROR)
			continue;
		if (shown++ == SHOWN_ERRORS) {
			pm_buf_addf(&out, "... and %zu more; 'pmgit check ", l->errors - SHOWN_ERRORS);
			pm_sh_arg(&out, path);
			pm_buf_adds(&out, "' lists them all\n");
			break;
		}
		pm_buf_addf(&out, "%s:%u:%u: %serror:%s %s [%s]\n", path, l->findings[i].line,
			    l->findings[i].col, color(0, "error"), color(0, "reset"),
			    l->findings[i].msg, pm_rules[l->findings[i].rule].name);
	}
	write_stderr(&out);
	pm_buf_release(&out);
}

/* The agent's key among `keys` (the ones the keyring lists for principal). */
static int agent_signer(struct pm_agent *agent, const char *principal,
			const struct pm_pubkey *keys, size_t nr_keys, struct pm_signer *signer,
			struct pm_error *err)
{
	size_t i, k;
	int ret;

	if ((ret = pm_agent_open(agent, NULL, err)))
		return ret;
	for (i = 0; i < agent->nr_keys; i++)
		for (k = 0; k < nr_keys; k++)
			if (pm_pubkey_equal(&agent->keys[i], &keys[k])) {
				pm_signer_from_agent(signer, agent, &agent->keys[i]);
				return 0;
			}
	return pm_error_set(err, PM_EKEY,
			    "ssh-agent holds %zu ed25519 key%s, none of them %s's in %s; add yours with 'ssh-add', or register it with 'pmgit keyring add'",
			    agent->nr_keys, agent->nr_keys == 1 ? "" : "s", principal,
			    PM_KEYRING_PATH);
}

/*
 * Signs with `pub` through ssh-agent when the agent holds it: 0; 1 when
 * it does not, -1 when no agent answers.
 */
static int agent_holds(struct pm_agent *agent, const struct pm_pubkey *pub,
		       struct pm_signer *signer)
{
	struct pm_error why = PM_ERROR_INIT;
	size_t i;
	int ret = 1;

	if (pm_agent_open(agent, NULL, &why))
		ret = -1;
	for (i = 0; ret > 0 && i < agent->nr_keys; i++)
		if (pm_pubkey_equal(&agent->keys[i], pub)) {
			pm_signer_from_agent(signer, agent, &agent->keys[i]);
			ret = 0;
		}
	pm_error_release(&why);
	return ret;
}

/* An OpenSSH private key file for a FIDO security key (a handle, no secret). */
static int is_fido_handle(const char *path)
{
	struct pm_pubkey pub;

	return !pm_openssh_public(path, &pub) && pub.fido;
}

/*
 * A passphrase-protected OpenSSH private key, which pmgit cannot decrypt,
 * or a FIDO security key's handle, which signs only on the key: as
 * ssh-keygen -Y sign does, sign through ssh-agent when the agent holds it
 * (the file stores its public key in the clear).
 */
static int agent_signer_for_sealed(struct pm_agent *agent, const char *path,
				   struct pm_signer *signer, struct pm_error *err)
{
	struct pm_pubkey pub;
	struct pm_buf q = PM_BUF_INIT;
	const char *what;
	int held, ret;

	pm_sh_arg(&q, path); /* for the ssh-add to run */
	if (pm_openssh_public(path, &pub)) {
		ret = pm_error_set(err, PM_EKEY,
				   "'%s' is a passphrase-protected OpenSSH key that pmgit cannot read; add it to your agent with 'ssh-add %s' and sign with --agent",
				   path, q.ptr);
	} else {
		what = pub.fido ? "a FIDO security key's handle" : "a passphrase-protected OpenSSH key";
		if (!(held = agent_holds(agent, &pub, signer)))
			ret = 0;
		else if (held < 0)
			ret = pm_error_set(err, PM_EKEY,
					   "'%s' is %s, so pmgit signs with it through ssh-agent, and no agent answers (SSH_AUTH_SOCK unset or stale); run 'eval \"$(ssh-agent)\"' and 'ssh-add %s'",
					   path, what, q.ptr);
		else
			ret = pm_error_set(err, PM_EKEY,
					   "'%s' is %s, so pmgit signs with it through ssh-agent, which does not hold it; add it with 'ssh-add %s'",
					   path, what, q.ptr);
	}
	pm_buf_release(&q);
	return ret;
}

/*
 * A public key given as the key (as git's user.signingKey is for SSH):
 * sign with its private half in ssh-agent, or, as ssh-keygen -Y sign
 * does, with the private key file beside it when the agent lacks it.
 * Returns 1 when `path` is not a public key file, for the caller to load
 * it as a private key; 2 with `pub` and `priv` set when the private file
 * beside it is to be loaded instead. With `literal` (git's "key::ssh-...")
 * that is the key, and `path` names where it came from.
 */
static int agent_signer_for_pub(struct pm_agent *agent, const char *path, const char *literal,
				struct pm_signer *signer, struct pm_pubkey *pub,
				struct pm_buf *priv, struct pm_error *err)
{
	struct pm_buf line = PM_BUF_INIT, qpriv = PM_BUF_INIT;
	int no_agent, has_priv;
	int ret = 1;

	if (literal)
		pm_buf_sets(&line, literal);
	else if (pm_read_file(path, 16384, &line, NULL))
		goto done;
	pm_buf_rtrim(&line);
	if (strstr(line.ptr, "PRIVATE KEY") || strchr(line.ptr, '\n') ||
	    (strncmp(line.ptr, "ssh-", 4) && strncmp(line.ptr, "sk-", 3) &&
	     strncmp(line.ptr, "ecdsa-", 6)))
		goto done;
	if ((ret = pm_pubkey_parse(line.ptr, pub, path, err)))
		goto done;
	pm_buf_sets(priv, literal ? "" : path);
	if (priv->len > 4 && !strcmp(priv->ptr + priv->len - 4, ".pub"))
		pm_buf_setlen(priv, priv->len - 4);
	if (!(no_agent = agent_holds(agent, pub, signer))) {
		ret = 0;
		goto done;
	}
	no_agent = no_agent < 0;
	has_priv = priv->len && strcmp(priv->ptr, path) && !access(priv->ptr, F_OK);
	if (has_priv && !pm_key_needs_agent(priv->ptr) && !is_fido_handle(priv->ptr)) {
		ret = 2;
		goto done;
	}
	/* for the ssh-add to run */
	pm_sh_arg(&qpriv, priv->len ? priv->ptr : "PRIVATE_KEY_FILE");
	if (no_agent)
		ret = pm_error_set(err, PM_EKEY,
				   "'%s' is a public key, so pmgit signs with its private half in ssh-agent, and no agent answers (SSH_AUTH_SOCK unset or stale); run 'eval \"$(ssh-agent)\"' and 'ssh-add %s'",
				   path, qpriv.ptr);
	else
		ret = pm_error_set(err, PM_EKEY,
				   "'%s' is a public key, so pmgit signs with its private half in ssh-agent, which does not hold it; add it with 'ssh-add %s'",
				   path, qpriv.ptr);
done:
	pm_buf_release(&line);
	pm_buf_release(&qpriv);
	return ret;
}

int git_ssh_signing_key(struct pm_repo *repo, struct pm_buf *out)
{
	struct pm_buf fmt = PM_BUF_INIT;
	int ssh = !pm_repo_config(repo, "gpg.format", &fmt) && !strcasecmp(fmt.ptr, "ssh");

	pm_buf_release(&fmt);
	return ssh ? pm_repo_config(repo, "user.signingKey", out) : -1;
}

/*
 * OpenSSH's ed25519 key as ssh-keygen names it (~/.ssh/id_ed25519, or a
 * security key's id_ed25519_sk) when the keyring holds its public half:
 * 0 and its path in out, or -1.
 */
static int ssh_key_in_keyring(struct session *s, struct pm_buf *out)
{
	static const char *const names[] = { "id_ed25519", "id_ed25519_sk" };
	const char *home = getenv("HOME");
	struct pm_buf pub = PM_BUF_INIT, line = PM_BUF_INIT;
	struct pm_pubkey key;
	size_t i;
	int ret = -1;

	for (i = 0; home && s->proj.kr && ret && i < sizeof(names) / sizeof(names[0]); i++) {
		pm_buf_reset(&pub);
		pm_buf_reset(&line);
		pm_buf_addf(&pub, "%s/.ssh/%s.pub", home, names[i]);
		if (pm_read_file(pub.ptr, 16384, &line, NULL))
			continue;
		pm_buf_rtrim(&line);
		if (!pm_pubkey_parse(line.ptr, &key, pub.ptr, NULL) &&
		    pm_keyring_key_owner(s->proj.kr, &key)) {
			pm_buf_setlen(&pub, pub.len - 4);
			pm_buf_sets(out, pub.ptr);
			ret = 0;
		}
	}
	pm_buf_release(&pub);
	pm_buf_release(&line);
	return ret;
}

/*
 * Where the signing key is: --key, git config pmgit.signingKey, the
 * default file, else git's own SSH signing key, else ~/.ssh/id_ed25519
 * when the keyring knows it. *literal is set (and *keypath names its
 * source) for git's "key::ssh-ed25519 ..." form.
 */
static int signing_key_path(struct session *s, const char *keyarg, struct pm_buf *keypath,
			    struct pm_buf *literal, struct pm_error *err)
{
	int ret;

	pm_buf_reset(literal);
	if (keyarg)
		pm_buf_sets(keypath, keyarg);
	else if (pm_repo_config(s->repo, "pmgit.signingKey", keypath)) {
		if ((ret = default_key_path(keypath, err)))
			return ret;
		/*
		 * no key of pmgit's own: the one git signs commits with, as git
		 * reads it, else OpenSSH's own when the keyring knows it
		 */
		if (access(keypath->ptr, F_OK) && git_ssh_signing_key(s->repo, literal) == 0) {
			struct pm_buf t = *keypath;
			*keypath = *literal;
			*literal = t;
			if (!strncmp(keypath->ptr, "key::", 5)) {
				pm_buf_sets(literal, keypath->ptr + 5);
				pm_buf_sets(keypath, "git config user.signingKey");
			} else {
				pm_buf_reset(literal);
			}
		} else if (access(keypath->ptr, F_OK) && !ssh_key_in_keyring(s, literal)) {
			pm_buf_sets(keypath, literal->ptr);
			pm_buf_reset(literal);
		}
	}
	if (keypath->ptr[0] == '~') {
		struct pm_buf x = PM_BUF_INIT;
		add_home_path(&x, keypath->ptr);
		pm_buf_release(keypath);
		*keypath = x;
	}
	return 0;
}

const struct pm_person *signing_key_owner(struct session *s)
{
	struct pm_buf keypath = PM_BUF_INIT, literal = PM_BUF_INIT, line = PM_BUF_INIT;
	struct pm_error ignore = PM_ERROR_INIT;
	const struct pm_person *owner = NULL;
	struct pm_pubkey pub;

	if (signing_key_path(s, NULL, &keypath, &literal, &ignore))
		goto done;
	if (literal.len) {
		pm_buf_sets(&line, literal.ptr);
	} else {
		/* the public half, without touching the secret */
		if (keypath.len < 4 || strcmp(keypath.ptr + keypath.len - 4, ".pub"))
			pm_buf_adds(&keypath, ".pub");
		if (pm_read_file(keypath.ptr, 16384, &line, NULL))
			goto done;
		pm_buf_rtrim(&line);
	}
	if (!pm_pubkey_parse(line.ptr, &pub, keypath.ptr, &ignore))
		owner = pm_keyring_key_owner(s->proj.kr, &pub);
done:
	pm_buf_release(&keypath);
	pm_buf_release(&literal);
	pm_buf_release(&line);
	pm_error_release(&ignore);
	return owner;
}

/*
 * No key where pmgit looks by default, while the keyring holds the
 * signer's: name it, and the ways to point at it, before a new key.
 */
static int no_key_here(const char *path, const struct pm_pubkey *keys, size_t nr_keys,
		       struct pm_error *err)
{
	struct pm_buf fps = PM_BUF_INIT, fp = PM_BUF_INIT;
	size_t i;
	int ret;

	for (i = 0; i < nr_keys; i++) {
		pm_buf_reset(&fp);
		pm_pubkey_fingerprint(&keys[i], &fp);
		pm_buf_addf(&fps, "%s%s", i ? (i + 1 == nr_keys ? " or " : ", ") : "", fp.ptr);
	}
	ret = pm_error_set(err, PM_ENOTFOUND,
			   "no key at '%s'; the keyring knows you by %s: give that key's private file with --key (or once: 'git config --global pmgit.signingKey PATH'), or sign with --agent once ssh-add holds it; a new key from 'pmgit keygen' signs once an admin adds its .pub",
			   path, fps.ptr);
	pm_buf_release(&fps);
	pm_buf_release(&fp);
	return ret;
}

int load_signer(struct session *s, const char *keyarg, const char *agent_for,
		const struct pm_pubkey *keys, size_t nr_keys, struct pm_seckey *key,
		struct pm_agent *agent, struct pm_signer *sg, struct pm_error *err)
{
	struct pm_buf keypath = PM_BUF_INIT, priv = PM_BUF_INIT, literal = PM_BUF_INIT;
	struct pm_pubkey pub;
	int ret;

	if (agent_for)
		return agent_signer(agent, agent_for, keys, nr_keys, sg, err);
	if ((ret = signing_key_path(s, keyarg, &keypath, &literal, err))) {
		pm_buf_release(&keypath);
		return ret;
	}
	ret = agent_signer_for_pub(agent, keypath.ptr, literal.len ? literal.ptr : NULL, sg, &pub,
				   &priv, err);
	if (ret == 1 && literal.len)
		ret = pm_error_set(err, PM_EKEY,
				   "git config user.signingKey holds 'key::%s', which is not an OpenSSH public key line",
				   literal.ptr);
	if (ret == 1 && !literal.len && (pm_key_needs_agent(keypath.ptr) || is_fido_handle(keypath.ptr)))
		ret = agent_signer_for_sealed(agent, keypath.ptr, sg, err);
	if (ret > 0) {
		const char *file = ret == 2 ? priv.ptr : keypath.ptr;
		ret = pm_seckey_load(key, file, ask_passphrase, NULL, err);
		if (ret == PM_ENOTFOUND && !keyarg && nr_keys)
			ret = no_key_here(keypath.ptr, keys, nr_keys, err);
		if (!ret && file == priv.ptr &&
		    !pm_pubkey_equal(&key->pub, &pub))
			ret = pm_error_set(err, PM_EKEY,
					   "'%s' is not the private half of '%s'; give the private key file itself with --key",
					   priv.ptr, keypath.ptr);
		if (!ret)
			pm_signer_from_seckey(sg, key);
	}
	pm_buf_release(&keypath);
	pm_buf_release(&priv);
	pm_buf_release(&literal);
	return ret;
}

struct version_match {
	const char *hash;
	git_oid commit;
};

static int version_matches(const git_oid *commit, const char *data, size_t len, void *cb)
{
	struct version_match *m = cb;
	char hash[PM_HASH_HEX];

	pm_canon_hash(data, len, hash);
	if (strcmp(hash, m->hash))
		return 0;
	git_oid_cpy(&m->commit, commit);
	return 1;
}

int signed_version(struct session *s, const char *path, const struct pm_statement *st,
		   struct pm_buf *out)
{
	struct version_match m;
	char hex[GIT_OID_HEXSZ + 1];
	git_oid at;

	if (!st->doc_sha256 || (s->at[0] && git_oid_fromstr(&at, s->at) < 0))
		return 0;
	m.hash = st->doc_sha256;
	/*
	 * what was signed was in the signer's checkout then: a commit from
	 * before the signing day's end, with a day for clocks that disagree
	 * and for a version committed with the record itself; a hundred
	 * versions back is as far as a hint is worth; the history is that
	 * of the commit read (--rev, a bare repository), else HEAD's
	 */
	if (pm_repo_path_versions(s->repo, s->at[0] ? &at : NULL, path,
				  (st->time_days + 2) * 86400LL, 100,
				  version_matches, &m) != 1)
		return 0;
	git_oid_tostr(hex, 13, &m.commit);
	pm_buf_sets(out, hex);
	return 1;
}

void now_utc(struct pm_buf *out)
{
	time_t t = time(NULL);
	struct tm tm;
	char b[32];

	gmtime_r(&t, &tm);
	strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%SZ", &tm);
	pm_buf_adds(out, b);
}

/* Sets "version: N" in config.yaml's text, keeping everything else. */
static void set_config_version(struct pm_buf *text, long version)
{
	struct pm_buf out = PM_BUF_INIT;
	const char *p = text->ptr ? text->ptr : "", *end = p + text->len;
	int done = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		if (!done && n >= 8 && !memcmp(p, "version:", 8)) {
			pm_buf_addf(&out, "version: %ld\n", version);
			done = 1;
		} else {
			pm_buf_add(&out, p, n);
		}
		p += n;
	}
	if (!done) {
		struct pm_buf with = PM_BUF_INIT;
		pm_buf_addf(&with, "version: %ld\n", version);
		pm_buf_add(&with, out.ptr ? out.ptr : "", out.len);
		pm_buf_release(&out);
		out = with;
	}
	pm_buf_release(text);
	*text = out;
}

/*
 * The version a change to an approved, protected policy becomes (the
 * approved one + 1), or 0 when the files are not an approved version.
 * Judged on the files as they are on disk, before the change; a policy
 * broken beyond that puts its reason in *broken.
 */
static long next_policy_version(struct session *s, long *need, long *pending,
				struct pm_buf *broken, struct pm_buf *who)
{
	struct pm_buf krb = PM_BUF_INIT;
	struct pm_keyring disk;
	struct pm_trust t;
	long next = 0;

	memset(&disk, 0, sizeof(disk));
	if (pm_snap_read(&s->snap, PM_KEYRING_PATH, 1 << 20, &krb, NULL) ||
	    pm_keyring_parse(&disk, PM_KEYRING_PATH, krb.ptr, krb.len, NULL)) {
		pm_buf_release(&krb);
		return 0;
	}
	if (!pm_trust_eval(&s->snap, s->proj.cfg, &disk, &t, NULL)) {
		if (t.state == PM_TRUST_OK) {
			next = t.version + 1;
			*need = t.next.threshold;
			/* the admins of the approved version approve the next */
			pm_policy_who_may(&t.next, *need, NULL, NULL, who);
		} else if (t.state == PM_TRUST_BROKEN && t.needs_bump) {
			/* edited by hand, or a change cut short: this change completes the next one */
			next = t.approved + 1;
			*need = t.need;
			if (t.nr_approved_st)
				pm_policy_who_may(&t.approved_st[t.nr_approved_st - 1], *need, NULL,
						  NULL, who);
		} else if (t.state == PM_TRUST_PENDING) {
			*pending = t.version;
		} else if (t.state == PM_TRUST_BROKEN) {
			pm_buf_sets(broken, t.why.ptr);
		}
		pm_trust_release(&t);
	}
	pm_keyring_release(&disk);
	pm_buf_release(&krb);
	return next;
}

int save_keyring(struct session *s, struct pm_error *err)
{
	struct pm_buf broken = PM_BUF_INIT, who = PM_BUF_INIT;
	long need = 0, pending = 0;
	long next = s->snap.kind == PM_SNAP_WORKTREE
			    ? next_policy_version(s, &need, &pending, &broken, &who)
			    : 0;
	int ret = save_policy(s, next, err);

	if (!ret && next)
		fprintf(stderr,
			"note: the policy is protected: this change is version %ld, which needs %ld admin approval%s; %s can approve it with 'pmgit policy sign'\n",
			next, need, need == 1 ? "" : "s", who.len ? who.ptr : "an admin");
	else if (!ret && pending)
		fprintf(stderr,
			"note: this change joins policy version %ld, which awaits approval; approvals given before it no longer count ('pmgit policy sign' again)\n",
			pending);
	else if (!ret && broken.len)
		fprintf(stderr, "warning: the policy was broken before this change and still is: %s\n",
			broken.ptr);
	pm_buf_release(&broken);
	pm_buf_release(&who);
	return ret;
}

int write_staged(struct session *s, const char *rel, const struct pm_buf *data,
		 const char *fault, int *had_old, struct pm_error *err)
{
	struct pm_buf full = PM_BUF_INIT, old = PM_BUF_INIT, point = PM_BUF_INIT;
	const char *slash = strrchr(rel, '/');
	int ret = 0, made_dir = 0;

	if (slash) {
		pm_buf_add(&point, rel, (size_t)(slash - rel));
		pm_path_join(&full, s->repo->workdir, point.ptr);
		made_dir = !pm_is_dir(full.ptr);
		if ((ret = pm_mkdirs(full.ptr, err)))
			goto done;
		pm_buf_reset(&point);
	}
	pm_path_join(&full, s->repo->workdir, rel);
	*had_old = pm_read_file_nofollow(full.ptr, 1u << 20, &old, NULL) == 0;
	pm_buf_addf(&point, "%s:before-write", fault);
	pm_fault_point(point.ptr);
	if ((ret = pm_write_atomic(full.ptr, data->ptr, data->len, 0644, 0, err)))
		goto done;
	pm_buf_reset(&point);
	pm_buf_addf(&point, "%s:before-index", fault);
	pm_fault_point(point.ptr);
	if ((ret = pm_repo_stage(s->repo, &rel, 1, err))) {
		struct pm_error ignore = PM_ERROR_INIT;
		if (*had_old)
			pm_write_atomic(full.ptr, old.ptr, old.len, 0644, 0, &ignore);
		else
			remove(full.ptr);
		if (made_dir) { /* the <ID>.signoffs/ made for it */
			pm_buf_setlen(&full, (size_t)(strrchr(full.ptr, '/') - full.ptr));
			rmdir(full.ptr);
		}
		pm_error_release(&ignore);
	}
done:
	pm_buf_release(&full);
	pm_buf_release(&old);
	pm_buf_release(&point);
	return ret;
}

int save_policy(struct session *s, long version, struct pm_error *err)
{
	struct pm_buf yaml = PM_BUF_INIT, path = PM_BUF_INIT, cfg = PM_BUF_INIT;
	struct pm_buf fresh = PM_BUF_INIT, old = PM_BUF_INIT, kr_path = PM_BUF_INIT;
	struct pm_buf kr_before = PM_BUF_INIT, cfg_before = PM_BUF_INIT;
	const char *rel[2] = { PM_KEYRING_PATH, PM_CONFIG_PATH };
	int ret, had_kr = 0, cfg_written = 0, kr_written = 0;

	if (version > 0) {
		s->proj.kr->version = (int)version;
		s->proj.cfg->version = (int)version;
	}
	if ((ret = pm_keyring_encode(s->proj.kr, &fresh, err)))
		goto done;
	/* the comments people wrote in the keyring stay where they were */
	if (!pm_snap_read(&s->snap, PM_KEYRING_PATH, 1 << 20, &old, NULL)) {
		size_t lost = pm_keyring_keep_comments(old.ptr, old.len, fresh.ptr, fresh.len, &yaml);
		if (lost)
			fprintf(stderr, "note: %zu comment line%s of %s could not be kept; 'git show HEAD:%s' has the file as last committed\n",
				lost, lost == 1 ? "" : "s", PM_KEYRING_PATH, PM_KEYRING_PATH);
	} else {
		pm_buf_adds(&yaml, "# Who may sign postmortems: see 'pmgit keyring --help'.\n");
		pm_buf_add(&yaml, fresh.ptr, fresh.len);
	}
	pm_path_join(&kr_path, s->repo->workdir, PM_KEYRING_PATH);
	had_kr = !pm_read_file_nofollow(kr_path.ptr, 1 << 20, &kr_before, NULL);
	if (version > 0) {
		pm_path_join(&path, s->repo->workdir, PM_CONFIG_PATH);
		if ((ret = pm_read_file(path.ptr, 1 << 20, &cfg, err)))
			goto done;
		pm_buf_add(&cfg_before, cfg.ptr, cfg.len);
		set_config_version(&cfg, version);
		if ((ret = pm_write_atomic(path.ptr, cfg.ptr, cfg.len, 0644, 0, err)))
			goto done;
		cfg_written = 1;
	}
	if ((ret = pm_write_atomic(kr_path.ptr, yaml.ptr, yaml.len, 0644, 0, err)))
		goto done;
	kr_written = 1;
	ret = pm_repo_stage(s->repo, rel, version > 0 ? 2 : 1, err);
done:
	if (ret) {
		/* nothing half done: the files as they were (the index was not written) */
		struct pm_error ignore = PM_ERROR_INIT;
		if (cfg_written)
			pm_write_atomic(path.ptr, cfg_before.ptr, cfg_before.len, 0644, 0, &ignore);
		if (kr_written && had_kr)
			pm_write_atomic(kr_path.ptr, kr_before.ptr, kr_before.len, 0644, 0, &ignore);
		else if (kr_written)
			remove(kr_path.ptr);
		pm_error_release(&ignore);
	}
	pm_buf_release(&kr_path);
	pm_buf_release(&kr_before);
	pm_buf_release(&cfg_before);
	pm_buf_release(&yaml);
	pm_buf_release(&fresh);
	pm_buf_release(&old);
	pm_buf_release(&path);
	pm_buf_release(&cfg);
	return ret;
}

int policy_allows_signing(struct session *s, const char *what, struct pm_error *err)
{
	struct pm_buf why = PM_BUF_INIT;
	int ret;

	if (!(ret = pm_project_keyring(&s->proj, err)) &&
	    (ret = pm_trust_allows_signing(&s->snap, s->proj.cfg, s->proj.kr, &why, err)) ==
		    PM_EREJECT)
		pm_error_set(err, PM_EREJECT, "%s waits for the policy: %s", what, why.ptr);
	pm_buf_release(&why);
	return ret;
}

