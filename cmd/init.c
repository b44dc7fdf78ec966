#include <getopt.h>
#include <string.h>

#include "cmd.h"
#include "fsutil.h"
#include "policy.h"
#include "template.h"

#include "banned.h"

const char cmd_init_usage[] =
	"usage: pmgit init [--hooks]\n"
	"\n"
	"Sets up the current git repository for postmortems: writes\n"
	".pmgit/config.yaml (the policy: directory, ID format, sign-off slots),\n"
	"an empty .pmgit/keyring.yaml, and the postmortem directory, and stages\n"
	"them. Existing files are never overwritten.\n"
	"\n"
	"  --hooks    also install the pre-commit and pre-push hooks\n"
	"             (as 'pmgit hooks install' does); in a repository that\n"
	"             is set up already, only install them\n";

static int write_new(struct pm_repo *repo, const char *rel, const char *data,
		     size_t len, struct pm_strlist *written, struct pm_error *err)
{
	struct pm_buf path = PM_BUF_INIT;
	int ret;

	pm_path_join(&path, repo->workdir, rel);
	ret = pm_write_atomic(path.ptr, data, len, 0644, PM_WRITE_EXCL, err);
	if (ret == PM_EEXISTS) {
		printf("kept existing %s\n", rel);
		ret = 0;
	} else if (!ret) {
		pm_strlist_add(written, rel);
		printf("wrote %s\n", rel);
	}
	pm_buf_release(&path);
	return ret;
}

/*
 * Postmortems written before pmgit: say that check judges them and that
 * the hooks will when they change, so nobody is surprised by either.
 */
static void existing_postmortems(struct pm_repo *repo)
{
	struct pm_snap snap;
	struct pm_project proj;
	struct pm_strlist docs = PM_STRLIST_INIT;
	struct pm_error err = PM_ERROR_INIT;

	if (!repo->workdir || pm_snap_worktree(&snap, repo, NULL))
		return;
	if (!pm_project_open(&proj, &snap, &err) && !pm_project_documents(&proj, &docs, &err) &&
	    docs.nr)
		printf("\n%s/ already holds %zu postmortem%s: 'pmgit check' shows what %s, and the hooks judge %s the next time it changes\n",
		       proj.cfg->directory, docs.nr, docs.nr == 1 ? "" : "s",
		       docs.nr == 1 ? "it lacks" : "they lack", docs.nr == 1 ? "it" : "each one");
	pm_strlist_release(&docs);
	pm_project_release(&proj);
	pm_snap_release(&snap);
	pm_error_release(&err);
}

int cmd_init(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "hooks", no_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	struct pm_repo *repo = NULL;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_config cfg;
	struct pm_strlist written = PM_STRLIST_INIT;
	struct pm_buf path = PM_BUF_INIT, keep = PM_BUF_INIT;
	int c, hooks = 0, ret = EXIT_OK;

	memset(&cfg, 0, sizeof(cfg));
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'k')
			hooks = 1;
		else
			return usage_error("init", "unknown option");
	}
	if (optind < argc)
		return usage_error("init", "unexpected argument '%s'", argv[optind]);
	if (pm_repo_open(&repo, 0, &err)) {
		ret = report_error(&err);
		goto done;
	}
	if (!repo->workdir) {
		pm_error_set(&err, PM_EUSAGE,
			     "this is a bare repository; run 'pmgit init' in a clone and push, and 'pmgit hooks install --server' here");
		ret = report_error(&err);
		goto done;
	}
	pm_path_join(&path, repo->workdir, PM_CONFIG_PATH);
	if (pm_file_exists(path.ptr)) {
		if (hooks) {
			/* set up already: --hooks still does what it says */
			printf("%s already exists: this repository is set up; installing the hooks\n",
			       PM_CONFIG_PATH);
			if (hooks_install(repo, 0, 0, &err))
				ret = report_error(&err);
			goto done;
		}
		pm_error_set(&err, PM_EEXISTS,
			     "'%s' already exists: this repository is set up; edit that file to change the policy ('pmgit hooks install' installs the hooks)",
			     PM_CONFIG_PATH);
		ret = report_error(&err);
		goto done;
	}
	/* the template's policy must be readable by this very pmgit */
	if (pm_config_parse(&cfg, "templates/config.yaml", pm_builtin_config,
			    pm_builtin_config_len, &err)) {
		ret = report_error(&err);
		goto done;
	}
	pm_path_join(&path, repo->workdir, PM_PMGIT_DIR);
	if (pm_mkdirs(path.ptr, &err)) {
		ret = report_error(&err);
		goto done;
	}
	pm_path_join(&path, repo->workdir, cfg.directory);
	if (pm_mkdirs(path.ptr, &err)) {
		ret = report_error(&err);
		goto done;
	}
	pm_path_join(&keep, cfg.directory, ".gitkeep");
	if (write_new(repo, PM_CONFIG_PATH, pm_builtin_config, pm_builtin_config_len,
		      &written, &err) ||
	    write_new(repo, PM_KEYRING_PATH, pm_builtin_keyring, pm_builtin_keyring_len,
		      &written, &err) ||
	    write_new(repo, keep.ptr, "", 0, &written, &err)) {
		ret = report_error(&err);
		goto done;
	}
	if (written.nr && pm_repo_stage(repo, (const char *const *)written.items,
					written.nr, &err)) {
		ret = report_error(&err);
		goto done;
	}
	if (hooks && hooks_install(repo, 0, 0, &err)) {
		ret = report_error(&err);
		fprintf(stderr, "pmgit is set up and the files are staged, but the hooks are not installed; once that is sorted, run 'pmgit hooks install'\n");
		goto done;
	}
	existing_postmortems(repo);
	printf("\npmgit is set up; the files are staged. Next:\n"
	       "  git commit -m 'Set up pmgit'\n"
	       "  pmgit keyring add you@example.com --key ~/.ssh/id_ed25519.pub --slot 'SRE Lead'\n"
	       "  pmgit new --title 'What happened'\n");
	if (!hooks)
		printf("  pmgit hooks install     (reject incomplete postmortems at commit time)\n");
done:
	pm_config_release(&cfg);
	pm_strlist_release(&written);
	pm_buf_release(&path);
	pm_buf_release(&keep);
	pm_error_release(&err);
	pm_repo_free(repo);
	return ret;
}
