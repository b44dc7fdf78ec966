#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "facts.h"
#include "lint.h"
#include "project.h"
#include "fsutil.h"
#include "text.h"
#include "workflow.h"

#include "banned.h"

extern const char pm_hook_pre_commit[], pm_hook_pre_merge_commit[], pm_hook_pre_push[],
	pm_hook_pre_receive[];
extern const size_t pm_hook_pre_commit_len, pm_hook_pre_merge_commit_len, pm_hook_pre_push_len,
	pm_hook_pre_receive_len;

#define HOOK_MARK "installed by 'pmgit hooks install"

const char cmd_hooks_usage[] =
	"usage: pmgit hooks install [--server] [--force]\n"
	"       pmgit hooks uninstall [--server]\n"
	"\n"
	"Installs the git hooks that enforce the postmortem workflow where git runs\n"
	"them (core.hooksPath is honoured):\n"
	"  pre-commit   rejects a commit whose staged postmortems break the rules\n"
	"               (it costs nothing when no postmortem or .pmgit file is staged)\n"
	"  pre-merge-commit  the same for a merge git commits by itself, which runs\n"
	"               no pre-commit hook\n"
	"  pre-push     rejects a push whose commits break them (it costs little\n"
	"               when no pushed commit touches a postmortem or .pmgit file)\n"
	"  --server     pre-receive instead, for the bare repository people push to:\n"
	"               the check that 'git commit --no-verify' cannot skip\n"
	"\n"
	"A hook that pmgit did not write is never replaced unless --force, which\n"
	"keeps the old one as NAME.pmgit-saved; pmgit's hook runs it first, with\n"
	"the same arguments and input, and stops when it fails. A hook that finds\n"
	"what to run by its own name (husky's) is never moved: add the line\n"
	"'pmgit hook pre-commit' to the script it runs (.husky/pre-commit).\n"
	"A server's pre-receive hook beside a pre-receive.d/ directory of scripts\n"
	"it runs in turn (Gitea's, GitLab's custom hooks) stays: pmgit's goes in\n"
	"there as pre-receive.d/pmgit.\n"
	"\n"
	"uninstall removes the hooks pmgit wrote (with --server, pre-receive) and\n"
	"puts back each NAME.pmgit-saved; a hook pmgit did not write stays.\n";

const char cmd_hook_usage[] =
	"usage: pmgit hook pre-commit [--raw] | pre-merge-commit | pre-push REMOTE URL\n"
	"                  | pre-receive\n"
	"\n"
	"The entry points the installed hooks call; git provides the arguments and\n"
	"standard input. Each reads what git will store (the index, or the pushed\n"
	"commits), never the working tree, and exits 1 with the reasons when the\n"
	"change breaks the workflow. With --raw, pre-commit takes the staged\n"
	"changes as 'git diff-index --cached --raw --no-renames --abbrev=40 HEAD'\n"
	"prints them on standard input instead of reading the whole index.\n"
	"pre-merge-commit judges the merged index against HEAD, as pre-commit does.\n";

/*
 * The shim text with this pmgit's absolute path in "pmgit=pmgit" (the
 * shim falls back to PATH when that file is gone) and the configured
 * directory for the guarded 'postmortems'.
 */
static void render_hook(struct pm_buf *out, const char *tmpl, size_t len,
			const char *exe, const char *dir)
{
	static const char exe_word[] = "pmgit=pmgit", dirs_word[] = "'postmortems'";
	const char *p = tmpl, *end = tmpl + len;

	while (p < end) {
		if (exe && (size_t)(end - p) >= sizeof(exe_word) - 1 &&
		    !memcmp(p, exe_word, sizeof(exe_word) - 1)) {
			pm_buf_adds(out, "pmgit=");
			sh_quote(out, exe);
			p += sizeof(exe_word) - 1;
		} else if (dir && (size_t)(end - p) >= sizeof(dirs_word) - 1 &&
			   !memcmp(p, dirs_word, sizeof(dirs_word) - 1)) {
			sh_quote(out, dir);
			p += sizeof(dirs_word) - 1;
		} else {
			pm_buf_addch(out, *p++);
		}
	}
}

/* Where git looks for this repository's hooks. */
static void hooks_dir(struct pm_repo *repo, struct pm_buf *out)
{
	struct pm_buf v = PM_BUF_INIT;

	if (!pm_repo_config(repo, "core.hooksPath", &v)) {
		if (v.ptr[0] == '~' && v.ptr[1] == '/' && getenv("HOME"))
			add_home_path(out, v.ptr);
		else if (v.ptr[0] == '/')
			pm_buf_sets(out, v.ptr);
		else
			/* relative: to the working tree, or the git dir of a bare repo */
			pm_path_join(out, repo->workdir ? repo->workdir : repo->gitdir, v.ptr);
	} else {
		/* git runs a linked worktree's hooks from the common git dir */
		pm_path_join(out, git_repository_commondir(repo->git), "hooks");
	}
	pm_buf_release(&v);
}

static int has_prefix_dir(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	while (n && dir[n - 1] == '/')
		n--;
	return !strncmp(path, dir, n) && (path[n] == '/' || !path[n]);
}

/*
 * Hooks a team shares by committing them: core.hooksPath in the working
 * tree, not in the git dir (.git/hooks, the default, is not committed)
 */
static int hooks_committable(struct pm_repo *repo, const char *dir)
{
	return repo->workdir && has_prefix_dir(dir, repo->workdir) &&
	       !has_prefix_dir(dir, repo->gitdir) &&
	       !has_prefix_dir(dir, git_repository_commondir(repo->git));
}

static const struct {
	const char *name;
	const char *text;
	const size_t *len;
	int server;
	int newer; /* older pmgits did not install it: status says when it is missing */
} hook_shims[] = {
	{ "pre-commit", pm_hook_pre_commit, &pm_hook_pre_commit_len, 0, 0 },
	{ "pre-merge-commit", pm_hook_pre_merge_commit, &pm_hook_pre_merge_commit_len, 0, 1 },
	{ "pre-push", pm_hook_pre_push, &pm_hook_pre_push_len, 0, 0 },
	{ "pre-receive", pm_hook_pre_receive, &pm_hook_pre_receive_len, 1, 0 },
};

/*
 * What the shims are rendered with: this pmgit's path, and the directory
 * the policy guards (for the pre-commit shim's fast path).
 */
struct shim_params {
	char *exe;
	char *directory;
};

static void shim_params(struct pm_repo *repo, const char *directory, struct shim_params *sp)
{
	struct pm_snap snap;
	struct pm_project proj;

	sp->exe = realpath("/proc/self/exe", NULL);
	sp->directory = directory ? pm_xstrdup(directory) : NULL;
	if (!directory && repo->workdir && !pm_snap_worktree(&snap, repo, NULL)) {
		struct pm_error ignore = PM_ERROR_INIT;
		pm_project_open(&proj, &snap, &ignore);
		sp->directory = pm_xstrdup(proj.cfg->directory);
		pm_project_release(&proj);
		pm_snap_release(&snap);
		pm_error_release(&ignore);
	}
}

static void shim_params_release(struct shim_params *sp)
{
	free(sp->exe);
	free(sp->directory);
}

void hooks_outdated(struct pm_repo *repo, const char *directory, struct pm_buf *out,
		    struct pm_buf *missing)
{
	struct pm_buf dir = PM_BUF_INIT, path = PM_BUF_INIT, text = PM_BUF_INIT, old = PM_BUF_INIT;
	struct pm_buf absent = PM_BUF_INIT;
	struct shim_params sp = { NULL, NULL };
	int have_params = 0;
	size_t i;

	hooks_dir(repo, &dir);
	for (i = 0; i < sizeof(hook_shims) / sizeof(hook_shims[0]); i++) {
		if (hook_shims[i].server)
			continue;
		pm_path_join(&path, dir.ptr, hook_shims[i].name);
		if (access(path.ptr, F_OK) && errno == ENOENT) {
			/* one an older pmgit did not install; others were taken out on purpose */
			if (hook_shims[i].newer)
				pm_buf_addf(&absent, "%s%s", absent.len ? " and " : "",
					    hook_shims[i].name);
			continue;
		}
		if (pm_read_file(path.ptr, 1 << 20, &old, NULL) || !strstr(old.ptr, HOOK_MARK))
			continue; /* not ours */
		if (!have_params++)
			shim_params(repo, directory, &sp);
		pm_buf_reset(&text);
		render_hook(&text, hook_shims[i].text, *hook_shims[i].len, sp.exe, sp.directory);
		if (old.len != text.len || memcmp(old.ptr, text.ptr, text.len))
			pm_buf_addf(out, "%s%s", out->len ? " and " : "", hook_shims[i].name);
	}
	/* missing ones matter where pmgit's hooks are installed at all */
	if (have_params)
		pm_buf_add(missing, absent.ptr, absent.len);
	pm_buf_release(&absent);
	if (have_params)
		shim_params_release(&sp);
	pm_buf_release(&dir);
	pm_buf_release(&path);
	pm_buf_release(&text);
	pm_buf_release(&old);
}

/*
 * Does a hook find what to run by the name it is called by ($0), as
 * husky's do ('. "$(dirname "$0")/h"', which runs .husky/<its name>)? Kept
 * as NAME.pmgit-saved it would look for a script of that name, find none
 * and run nothing, without a word.
 */
static int finds_itself_by_name(const char *text, const char *path)
{
	return strstr(path, "/.husky/_/") || strstr(text, "husky.sh") ||
	       strstr(text, "basename \"$0\"") || strstr(text, "basename -- \"$0\"") ||
	       strstr(text, "basename $0") || strstr(text, "${0##*/}");
}

/*
 * A server hook that is not pmgit's, beside a directory <hook>.d/ of
 * scripts it runs in turn (Gitea writes such a hook, GitLab's custom
 * hooks are laid out so): pmgit's own goes into that directory, as
 * <hook>.d/pmgit, and *path is set to it. 0 when there is no such
 * directory, or it lies outside the repository: a forge's hooks shared by
 * every repository it hosts are not this one's to change.
 */
static int beside_in_d(struct pm_repo *repo, struct pm_buf *path, struct pm_buf *scratch)
{
	struct pm_buf d = PM_BUF_INIT;
	char *real_d = NULL, *real_git = NULL;
	int in_d = 0;

	pm_buf_addf(&d, "%s.d", path->ptr);
	if (pm_read_file(path->ptr, 1 << 20, scratch, NULL) == 0 && !strstr(scratch->ptr, HOOK_MARK) &&
	    pm_is_dir(d.ptr) && (real_d = realpath(d.ptr, NULL)) &&
	    (real_git = realpath(git_repository_commondir(repo->git), NULL)) &&
	    has_prefix_dir(real_d, real_git)) {
		pm_buf_adds(&d, "/pmgit");
		pm_buf_sets(path, d.ptr);
		in_d = 1;
	}
	free(real_d);
	free(real_git);
	pm_buf_release(&d);
	return in_d;
}

int hooks_install(struct pm_repo *repo, int server, int force, struct pm_error *err)
{
	struct pm_buf dir = PM_BUF_INIT, path = PM_BUF_INIT, text = PM_BUF_INIT;
	struct pm_buf old = PM_BUF_INIT, saved = PM_BUF_INIT;
	struct shim_params sp;
	size_t i;
	int ret = 0;

	shim_params(repo, NULL, &sp);
	hooks_dir(repo, &dir);
	if ((ret = pm_mkdirs(dir.ptr, err)))
		goto done;
	for (i = 0; i < sizeof(hook_shims) / sizeof(hook_shims[0]); i++) {
		int updating = 0;

		if (hook_shims[i].server != server)
			continue;
		pm_path_join(&path, dir.ptr, hook_shims[i].name);
		pm_buf_reset(&text);
		render_hook(&text, hook_shims[i].text, *hook_shims[i].len, sp.exe, sp.directory);
		if (server && !force && beside_in_d(repo, &path, &old))
			printf("the %s hook there runs each script in %s.d/, as Gitea's and GitLab's do: pmgit's goes there\n",
			       hook_shims[i].name, hook_shims[i].name);
		if (pm_read_file(path.ptr, 1 << 20, &old, NULL) == 0) {
			if (old.len == text.len && !memcmp(old.ptr, text.ptr, text.len)) {
				printf("%s hook is up to date (%s)\n", hook_shims[i].name, path.ptr);
				continue;
			}
			updating = strstr(old.ptr, HOOK_MARK) != NULL;
			if (!updating) {
				if (finds_itself_by_name(old.ptr, path.ptr)) {
					/* husky runs .husky/NAME from .husky/_/NAME */
					if (strstr(path.ptr, "/.husky/_/"))
						ret = pm_error_set(err, PM_EEXISTS,
								   "'%s' finds what to run by its own file name (as husky's hooks do), so it cannot be kept under another name beside pmgit's; call pmgit from the scripts husky runs instead: add the line 'pmgit hook pre-commit' to '.husky/pre-commit', 'pmgit hook pre-merge-commit' to '.husky/pre-merge-commit' and 'pmgit hook pre-push \"$@\"' to '.husky/pre-push'",
								   path.ptr);
					else
						ret = pm_error_set(err, PM_EEXISTS,
								   "'%s' finds what to run by its own file name (as husky's hooks do), so it cannot be kept under another name beside pmgit's; call pmgit from the script it runs instead: add the line 'pmgit hook %s%s' to that script",
								   path.ptr, hook_shims[i].name,
								   strcmp(hook_shims[i].name, "pre-push") ? "" : " \"$@\"");
					goto done;
				}
				if (!force) {
					ret = pm_error_set(err, PM_EEXISTS,
							   "'%s' exists and was not written by pmgit; call 'pmgit hook %s' from it yourself, or replace it with 'pmgit hooks install --force'",
							   path.ptr, hook_shims[i].name);
					goto done;
				}
				pm_buf_reset(&saved);
				pm_buf_addf(&saved, "%s.pmgit-saved", path.ptr);
				if (rename(path.ptr, saved.ptr) < 0) {
					ret = pm_error_set(err, PM_EIO, "cannot move '%s' aside: %s",
							   path.ptr, strerror(errno));
					goto done;
				}
				printf("moved your %s hook to %s; pmgit's hook runs it first\n", hook_shims[i].name, saved.ptr);
			}
		}
		if ((ret = pm_write_atomic(path.ptr, text.ptr, text.len, 0755, 0, err)))
			goto done;
		printf("%s %s hook: %s\n", updating ? "updated" : "installed", hook_shims[i].name, path.ptr);
	}
	if (server && repo->workdir)
		fprintf(stderr, "note: this repository has a working tree; pre-receive runs in the repository people push to (usually bare)\n");
	if (!server && hooks_committable(repo, dir.ptr)) {
		/* core.hooksPath inside the working tree: hooks a team shares by committing them */
		const char *rel = dir.ptr + strlen(repo->workdir);
		printf("the hooks are in '%s', inside the repository: commit them, so that every clone that sets core.hooksPath to '%s' runs them (each finds pmgit on its PATH)\n",
		       rel, rel);
	} else if (!server && !(repo->workdir && has_prefix_dir(dir.ptr, repo->workdir)) &&
		   !has_prefix_dir(dir.ptr, repo->gitdir) &&
		   !has_prefix_dir(dir.ptr, git_repository_commondir(repo->git))) {
		/* a hooks directory of the user's or the machine's, such as ~/.githooks */
		fprintf(stderr,
			"note: core.hooksPath puts these hooks in '%s', outside this repository: every repository that uses that core.hooksPath runs them too (where there is no .pmgit/, they let everything through); for this repository alone, run 'git config --local core.hooksPath .git/hooks' and 'pmgit hooks install' again\n",
			dir.ptr);
	}
done:
	shim_params_release(&sp);
	pm_buf_release(&dir);
	pm_buf_release(&path);
	pm_buf_release(&text);
	pm_buf_release(&old);
	pm_buf_release(&saved);
	return ret;
}

static int hooks_uninstall(struct pm_repo *repo, int server, struct pm_error *err)
{
	struct pm_buf dir = PM_BUF_INIT, path = PM_BUF_INIT, old = PM_BUF_INIT, saved = PM_BUF_INIT;
	size_t i, removed = 0;
	int ret = 0;

	hooks_dir(repo, &dir);
	for (i = 0; i < sizeof(hook_shims) / sizeof(hook_shims[0]) && !ret; i++) {
		if (hook_shims[i].server != server)
			continue;
		pm_path_join(&path, dir.ptr, hook_shims[i].name);
		if (server)
			beside_in_d(repo, &path, &old);
		pm_buf_reset(&saved);
		pm_buf_addf(&saved, "%s.pmgit-saved", path.ptr);
		if (pm_read_file(path.ptr, 1 << 20, &old, NULL))
			continue;
		if (!strstr(old.ptr, HOOK_MARK)) {
			printf("left the %s hook alone: pmgit did not write it (%s)\n",
			       hook_shims[i].name, path.ptr);
			continue;
		}
		if (!access(saved.ptr, F_OK)) {
			/* the hook that was here before pmgit's takes its place again */
			if (rename(saved.ptr, path.ptr) < 0)
				ret = pm_error_set(err, PM_EIO, "cannot move '%s' back to '%s': %s",
						   saved.ptr, path.ptr, strerror(errno));
			else
				printf("removed pmgit's %s hook and put yours back: %s\n",
				       hook_shims[i].name, path.ptr);
		} else if (unlink(path.ptr) < 0) {
			ret = pm_error_set(err, PM_EIO, "cannot remove '%s': %s", path.ptr,
					   strerror(errno));
		} else {
			printf("removed %s hook: %s\n", hook_shims[i].name, path.ptr);
		}
		removed += !ret;
	}
	if (!ret && !removed)
		printf("no hook of pmgit's in %s\n", dir.ptr);
	pm_buf_release(&dir);
	pm_buf_release(&path);
	pm_buf_release(&old);
	pm_buf_release(&saved);
	return ret;
}

int cmd_hooks(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "server", no_argument, NULL, 's' },
		{ "force", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct pm_repo *repo = NULL;
	struct pm_error err = PM_ERROR_INIT;
	int c, server = 0, force = 0, uninstall, ret = EXIT_OK;

	if (argc < 2 || (strcmp(argv[1], "install") && strcmp(argv[1], "uninstall")))
		return usage_error("hooks", "say 'pmgit hooks install' or 'pmgit hooks uninstall'");
	uninstall = !strcmp(argv[1], "uninstall");
	argc--;
	argv++;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 's': server = 1; break;
		case 'f': force = 1; break;
		default: return option_error("hooks", c, argv, longopts);
		}
	}
	if (optind < argc)
		return unexpected_argument("hooks", argc, argv);
	if (uninstall && force)
		return usage_error("hooks", "--force is for install: uninstall never removes a hook pmgit did not write");
	if (pm_repo_open(&repo, 0, &err) ||
	    (uninstall ? hooks_uninstall(repo, server, &err) : hooks_install(repo, server, force, &err)))
		ret = report_error(&err);
	pm_repo_free(repo);
	pm_error_release(&err);
	return ret;
}

/* A hook shows this many findings of one file, then says how to see the rest. */
#define HOOK_LINES_PER_FILE 20

/*
 * `again` ends the last line: how to go on once the problems are fixed
 * (NULL: " and try again").
 */
static int finish(const struct pm_violations *v, const char *what, const char *again, int ret)
{
	struct pm_buf out = PM_BUF_INIT;

	size_t hidden = print_violations(v, FORMAT_TEXT, 0, HOOK_LINES_PER_FILE,
					 strcmp(what, "push") ? "pmgit check --staged" : "pmgit check",
					 &out);

	if (!again)
		again = " and try again";

	if (v->errors && hidden)
		pm_buf_addf(&out, "%spmgit: %s rejected%s: %zu problem%s (%zu findings not shown above); fix them%s\n",
			    color(0, "error"), what, color(0, "reset"), v->errors,
			    v->errors == 1 ? "" : "s", hidden, again);
	else if (v->errors)
		pm_buf_addf(&out, "%spmgit: %s rejected%s: %zu problem%s above; fix %s%s\n",
			    color(0, "error"), what, color(0, "reset"), v->errors,
			    v->errors == 1 ? "" : "s", v->errors == 1 ? "it" : "them", again);
	write_stderr(&out);
	pm_buf_release(&out);
	if (ret)
		return ret;
	return v->errors ? EXIT_FINDINGS : EXIT_OK;
}

/*
 * HEAD and what will be committed. With --raw, the shim hands over git's
 * own list of the staged changes (git diff-index --cached --raw): the new
 * version is HEAD plus those, and the index need not be read. Without it,
 * the index is.
 */
static int staged_snaps(struct pm_repo *repo, const struct pm_buf *raw, struct pm_snap *head,
			struct pm_snap *idx, struct pm_error *err)
{
	int ret;

	if (raw)
		return pm_snap_staged_from_raw(head, idx, repo, raw->ptr, raw->len, err);
	if ((ret = pm_snap_head(head, repo, err)))
		return ret;
	if ((ret = pm_snap_index(idx, repo, err)))
		pm_snap_release(head);
	return ret;
}

/*
 * Does git's list of staged changes (git diff-index --cached --raw) name path?
 * Its lines end "<TAB>path", the path quoted when it needs to be.
 */
static int raw_names(const struct pm_buf *raw, const char *path)
{
	const char *p = raw->ptr;
	size_t n = strlen(path);

	while ((p = strchr(p, '\t'))) {
		p++;
		if (!strncmp(p, path, n) && (p[n] == '\n' || p[n] == '\0'))
			return 1;
	}
	return 0;
}

/*
 * Is the git that runs this hook a 'git commit --amend'? Git tells a hook
 * nothing of it, so its command line (Linux's /proc) is asked: the shim
 * execs pmgit, whose parent is that git. Only a hint hangs on it.
 */
static int git_amends(void)
{
	char path[64], args[4096];
	ssize_t n;
	size_t i;
	int fd;

	snprintf(path, sizeof(path), "/proc/%ld/cmdline", (long)getppid());
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	n = read(fd, args, sizeof(args) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	args[n] = '\0'; /* the arguments are NUL-separated */
	for (i = 0; i < (size_t)n; i += strlen(args + i) + 1)
		if (!strcmp(args + i, "--amend"))
			return 1;
	return 0;
}

/*
 * Is this commit refused for changing a document that HEAD's own commit
 * made Final, while it amends HEAD? HEAD is then the commit being redone.
 */
static int amends_finalization(struct pm_repo *repo, const struct pm_violations *v)
{
	struct pm_buf doc = PM_BUF_INIT, src = PM_BUF_INIT;
	struct pm_snap parent;
	git_oid id;
	size_t i;
	int found = 0;

	if (!git_amends() || pm_repo_resolve(repo, "HEAD^", &id, NULL) ||
	    pm_snap_commit(&parent, repo, &id, NULL))
		return 0;
	for (i = 0; i < v->nr && !found; i++) {
		const char *path = v->items[i].path;
		if (v->items[i].warning || strcmp(v->items[i].rule, "frozen"))
			continue;
		if (!pm_project_record_doc(path, path, &doc))
			pm_buf_sets(&doc, path);
		pm_buf_reset(&src);
		if (pm_snap_read(&parent, doc.ptr, PM_DOC_MAX_BYTES, &src, NULL))
			found = 1; /* it came in with HEAD itself */
		else
			found = pm_facts_status(src.ptr, src.len, NULL) != PM_STATUS_FINAL;
	}
	pm_snap_release(&parent);
	pm_buf_release(&doc);
	pm_buf_release(&src);
	return found;
}

/* The snapshots of the commits a merge brings in, as merged_heads gathers them. */
struct heads {
	struct pm_repo *repo;
	struct pm_snap *snaps;
	size_t n, max;
};

static int one_merge_head(const git_oid *id, void *data)
{
	struct heads *h = data;
	struct pm_error ignore = PM_ERROR_INIT;

	if (h->n < h->max && !pm_snap_commit(&h->snaps[h->n], h->repo, id, &ignore))
		h->n++;
	pm_error_release(&ignore);
	return 0;
}

/*
 * The commits a merge brings in: git names each in the environment of
 * the pre-merge-commit hook as GITHEAD_<id>, MERGE_HEAD not being written
 * yet; the 'git commit' that finishes a merge git stopped (a conflict, or
 * a refusal) finds them in MERGE_HEAD. At most `max`; returns how many
 * snapshots it made.
 */
static size_t merged_heads(struct pm_repo *repo, struct pm_snap *snaps, size_t max)
{
	extern char **environ;
	struct heads h = { repo, snaps, 0, max };
	char **e;

	for (e = environ; *e && h.n < max; e++) {
		git_oid id;
		const char *eq = strchr(*e, '=');
		if (strncmp(*e, "GITHEAD_", 8) || !eq || eq - *e != 8 + GIT_OID_HEXSZ ||
		    git_oid_fromstrn(&id, *e + 8, GIT_OID_HEXSZ) < 0)
			continue;
		one_merge_head(&id, &h);
	}
	if (!h.n && git_repository_state(repo->git) == GIT_REPOSITORY_STATE_MERGE)
		git_repository_mergehead_foreach(repo->git, one_merge_head, &h);
	return h.n;
}

static int hook_pre_commit(int raw, int merge)
{
	struct pm_repo *repo = NULL;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_violations v = PM_VIOLATIONS_INIT;
	struct pm_workflow_opts o;
	struct pm_snap head, idx, theirs[8], *also[8];
	struct pm_buf in = PM_BUF_INIT;
	size_t nr_theirs = 0, i;
	int have_snaps = 0, ret = 0;

	memset(&o, 0, sizeof(o));
	o.now = pm_today();
	if (raw) {
		read_stdin(&in, SIZE_MAX, NULL);
		/*
		 * The shim asked git about the postmortem directory it knows;
		 * a commit that changes the configuration may move it, so
		 * the index is read instead.
		 */
		if (raw_names(&in, PM_CONFIG_PATH))
			raw = 0;
	}
	if (pm_repo_open(&repo, PM_REPO_FROM_ENV | (raw ? PM_REPO_NO_INDEX : 0), &err) ||
	    staged_snaps(repo, raw ? &in : NULL, &head, &idx, &err) || !(have_snaps = 1)) {
		ret = report_error(&err);
	} else {
		/*
		 * a merge (also one finished by 'git commit') is judged against
		 * HEAD; what the merged line brought is its own
		 */
		nr_theirs = merged_heads(repo, theirs, sizeof(theirs) / sizeof(theirs[0]));
		for (i = 0; i < nr_theirs; i++)
			also[i] = &theirs[i];
		o.also = also;
		o.nr_also = nr_theirs;
		o.workdir = repo->workdir;
		if (pm_workflow_judge(&head, &idx, &o, &v, &err))
			ret = report_error(&err);
	}
	for (i = 0; i < nr_theirs; i++)
		pm_snap_release(&theirs[i]);
	pm_buf_release(&in);
	/* a refused merge stays in progress: say how to finish or undo it */
	ret = finish(&v, merge ? "merge" : "commit",
		     merge ? ", then finish the merge with 'git commit' (or undo it: 'git merge --abort')" : NULL,
		     ret);
	if (v.errors && !merge && amends_finalization(repo, &v))
		fprintf(stderr, "pmgit: amending the commit that made it Final? Undo that commit with 'git reset --soft HEAD~1' and commit again\n");
	if (have_snaps) {
		pm_snap_release(&idx);
		pm_snap_release(&head);
	}
	pm_violations_release(&v);
	pm_error_release(&err);
	pm_repo_free(repo);
	return ret;
}

/* Reads "<a> <b> <c> [<d>]" lines from stdin; calls fn for each. */
static int each_line(int (*fn)(char **f, int n, void *data), void *data)
{
	struct pm_buf in = PM_BUF_INIT;
	char *line, *next;
	int ret = 0;

	read_stdin(&in, SIZE_MAX, NULL);
	for (line = in.ptr; *line && !ret; line = next) {
		char *f[4];
		int k = 0;
		char *p = line;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		while (*p && k < 4) {
			while (*p == ' ')
				p++;
			if (!*p)
				break;
			f[k++] = p;
			while (*p && *p != ' ')
				p++;
			if (*p)
				*p++ = '\0';
		}
		if (k >= 3)
			ret = fn(f, k, data);
	}
	pm_buf_release(&in);
	return ret;
}

struct push_ctx {
	struct pm_repo *repo;
	const char *remote;
	struct pm_violations *v;
	struct pm_error *err;
	int server;
	git_oid *tips; /* of the refs pushed */
	size_t nr_tips, alloc_tips;
};

static int judge_update(char **f, int n, void *data)
{
	struct push_ctx *c = data;
	struct pm_push_update u;
	struct pm_buf self = PM_BUF_INIT, glob = PM_BUF_INIT, prefix = PM_BUF_INIT;
	const char *old_hex, *new_hex;
	int ret;

	memset(&u, 0, sizeof(u));
	if (c->server) {
		/* <old> <new> <ref> */
		old_hex = f[0];
		new_hex = f[1];
		pm_buf_sets(&self, f[2]);
		pm_buf_sets(&glob, "refs/*");
		pm_buf_sets(&prefix, "refs/heads/");
	} else {
		/* <local ref> <local sha> <remote ref> <remote sha> */
		if (n < 4)
			return 0;
		new_hex = f[1];
		old_hex = f[3];
		pm_buf_addf(&prefix, "refs/remotes/%s/", c->remote);
		pm_buf_addf(&glob, "refs/remotes/%s/*", c->remote);
		pm_buf_addf(&self, "refs/remotes/%s/%s", c->remote,
			    !strncmp(f[2], "refs/heads/", 11) ? f[2] + 11 : f[2]);
	}
	if (git_oid_fromstr(&u.old, old_hex) < 0 || git_oid_fromstr(&u.tip, new_hex) < 0) {
		ret = pm_error_set(c->err, PM_EUSAGE, "git passed a line pmgit cannot read: '%s %s'",
				   old_hex, new_hex);
		goto done;
	}
	PM_ALLOC_GROW(c->tips, c->nr_tips + 1, c->alloc_tips);
	git_oid_cpy(&c->tips[c->nr_tips++], &u.tip);
	u.self_ref = self.ptr;
	u.dest_ref = f[2];
	u.known_glob = glob.ptr;
	u.branches_prefix = prefix.ptr;
	ret = pm_workflow_push(c->repo, &u, pm_today(), c->v, NULL, c->err);
done:
	pm_buf_release(&self);
	pm_buf_release(&glob);
	pm_buf_release(&prefix);
	return ret;
}

/*
 * How to go on after a push is refused: its commits are made, so fixing
 * them rewrites them. The one commit pushed last is amended; otherwise an
 * interactive rebase starts below the oldest refused commit (the one that
 * descends from no other), whose lines are marked 'edit' or 'drop'.
 */
static void push_again(const struct push_ctx *c, struct pm_buf *out)
{
	const struct pm_violations *v = c->v;
	git_oid *ids = NULL, oldest;
	size_t i, k, nr = 0, alloc = 0;
	char hex[GIT_OID_HEXSZ + 1];
	git_commit *commit = NULL;

	/* the first few refused commits tell: one, or which is the oldest */
	for (i = 0; i < v->nr && nr < 32; i++) {
		git_oid id;
		if (v->items[i].warning || !v->items[i].commit || git_oid_fromstr(&id, v->items[i].commit) < 0)
			continue;
		for (k = 0; k < nr && !git_oid_equal(&ids[k], &id); k++)
			;
		if (k == nr) {
			PM_ALLOC_GROW(ids, nr + 1, alloc);
			git_oid_cpy(&ids[nr++], &id);
		}
	}
	if (!nr)
		goto done;
	for (i = 0; i < c->nr_tips && (nr > 1 || !git_oid_equal(&c->tips[i], &ids[0])); i++)
		;
	if (i < c->nr_tips) {
		git_oid_tostr(hex, 8, &ids[0]);
		pm_buf_addf(out, ", then amend commit %s, the last one pushed ('git commit --amend'), and push again", hex);
		goto done;
	}
	/* the push is judged oldest first, so the first is the one unless branches cross */
	git_oid_cpy(&oldest, &ids[0]);
	for (i = 1; i < nr; i++)
		if (git_graph_descendant_of(c->repo->git, &oldest, &ids[i]) == 1)
			git_oid_cpy(&oldest, &ids[i]);
	git_oid_tostr(hex, 8, &oldest);
	pm_buf_addf(out, ", rewriting the commit%s that brought %s: ", nr == 1 ? "" : "s",
		    v->errors == 1 ? "it" : "them");
	if (!git_commit_lookup(&commit, c->repo->git, &oldest) && git_commit_parentcount(commit))
		pm_buf_addf(out, "'git rebase -i %s^'", hex);
	else
		pm_buf_adds(out, "'git rebase -i --root'");
	pm_buf_addf(out, ", mark %s 'edit' (or 'drop'), then push again", nr == 1 ? "it" : "them");
done:
	git_commit_free(commit);
	free(ids);
}

static int hook_push(int server, const char *remote)
{
	struct pm_repo *repo = NULL;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_violations v = PM_VIOLATIONS_INIT;
	struct push_ctx c = { NULL, remote, &v, &err, server, NULL, 0, 0 };
	struct pm_buf again = PM_BUF_INIT;
	int ret = 0;

	if (pm_repo_open(&repo, PM_REPO_FROM_ENV, &err)) {
		ret = report_error(&err);
	} else {
		c.repo = repo;
		if (each_line(judge_update, &c))
			ret = report_error(&err);
		else if (v.errors)
			push_again(&c, &again);
	}
	ret = finish(&v, "push", again.len ? again.ptr : NULL, ret);
	pm_buf_release(&again);
	free(c.tips);
	pm_violations_release(&v);
	pm_error_release(&err);
	pm_repo_free(repo);
	return ret;
}

int cmd_hook(int argc, char **argv)
{
	if (argc < 2)
		return usage_error("hook", "name the hook: pre-commit, pre-merge-commit, pre-push or pre-receive");
	if (!strcmp(argv[1], "pre-commit"))
		return hook_pre_commit(argc > 2 && !strcmp(argv[2], "--raw"), 0);
	if (!strcmp(argv[1], "pre-merge-commit"))
		return hook_pre_commit(0, 1);
	if (!strcmp(argv[1], "pre-push"))
		return hook_push(0, argc > 2 ? argv[2] : "origin");
	if (!strcmp(argv[1], "pre-receive"))
		return hook_push(1, NULL);
	return usage_error("hook", "'%s' is not a hook pmgit knows", argv[1]);
}
