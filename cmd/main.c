#include <errno.h>
#include <git2.h>
#include <malloc.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "keys.h"
#include "lint.h"
#include "repo.h"
#include "text.h"

#include "banned.h"

int pm_color_out, pm_color_err;

static const struct cmd commands[] = {
	{ "init", cmd_init, "set up .pmgit/ and the postmortem directory", cmd_init_usage },
	{ "new", cmd_new, "create the next postmortem from the template", cmd_new_usage },
	{ "renumber", cmd_renumber, "give a postmortem the next free incident ID", cmd_renumber_usage },
	{ "check", cmd_check, "judge postmortems against their completeness level", cmd_check_usage },
	{ "status", cmd_status, "list postmortems with status, severity and sign-offs", cmd_status_usage },
	{ "actions", cmd_actions, "list action items across postmortems", cmd_actions_usage },
	{ "keygen", cmd_keygen, "make an Ed25519 signing key", cmd_keygen_usage },
	{ "keyring", cmd_keyring, "add, list, revoke and export who may sign", cmd_keyring_usage },
	{ "sign", cmd_sign, "sign a postmortem for a sign-off slot", cmd_sign_usage },
	{ "finalize", cmd_finalize, "set Status to Final and fill the Sign-Off section", cmd_finalize_usage },
	{ "verify", cmd_verify, "verify sign-offs, or audit the history of commits", cmd_verify_usage },
	{ "policy", cmd_policy, "protect the keyring and policy with admin approvals", cmd_policy_usage },
	{ "hooks", cmd_hooks, "install (or remove) the git hooks that enforce the workflow", cmd_hooks_usage },
	{ "hook", cmd_hook, "the entry point the installed hooks call", cmd_hook_usage },
	{ "help", cmd_help, "show help for a command, or the rules", cmd_help_usage },
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char main_usage[] =
	"usage: pmgit [-C DIR] <command> [options] [args]\n"
	"\n"
	"pmgit keeps incident postmortems in git: it checks that they are complete,\n"
	"enforces Draft -> In Review -> Final with git hooks, and records signed\n"
	"sign-offs that anyone can verify, also with plain ssh-keygen.\n"
	"\n"
	"Commands:\n";

static void list_commands(FILE *f)
{
	size_t i;

	fputs(main_usage, f);
	for (i = 0; i < NR_COMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\n-C DIR runs pmgit as if it had been started in DIR, as git -C does.\n"
	      "'pmgit help COMMAND' or 'pmgit COMMAND --help' for one command,\n"
	      "'pmgit help rules' for the completeness rules. Exit status: 0 all good,\n"
	      "1 findings, 2 usage error, 3 could not run.\n",
	      f);
}

const char cmd_help_usage[] =
	"usage: pmgit help [COMMAND | rules | RULE | config | exit-codes]\n"
	"\n"
	"Shows the help of a command, the list of completeness rules with the\n"
	"reason for each, one rule (a finding names its rule in brackets:\n"
	"'pmgit help placeholder'), the keys of .pmgit/config.yaml, or what the\n"
	"exit statuses mean.\n";

static const char help_config_text[] =
	".pmgit/config.yaml, the policy of the repository (pmgit init writes it\n"
	"with every key at its default). Unknown keys, wrong types and bad values\n"
	"are errors naming the file and line.\n"
	"\n"
	"  version               the policy version, the same as keyring.yaml's (1);\n"
	"                        once admins protect the policy, each approved\n"
	"                        change is the next number ('pmgit policy')\n"
	"  directory             where postmortems live, relative to the repository\n"
	"                        root (default: postmortems)\n"
	"  id_format             incident IDs: literal text with {year} (at most once)\n"
	"                        and one {seq:N} (zero-padded to N digits) or {seq};\n"
	"                        letters, digits, '-', '_', '.' (default: INC-{year}-{seq:4})\n"
	"  signoffs              the sign-off slots, each\n"
	"                          { slot: NAME, role: reviewer|approver,\n"
	"                            optional: true|false, severities: [P0, P1, P2],\n"
	"                            since: YYYY-MM-DD }\n"
	"                        every slot is required unless optional; severities\n"
	"                        limits a slot to those severities, since to\n"
	"                        incidents from that date (a slot added later\n"
	"                        leaves the postmortems already Final as they are).\n"
	"                        Default:\n"
	"                        Engineering Manager, SRE Lead (reviewers), Product\n"
	"                        Manager (reviewer, optional), VP Engineering\n"
	"                        (approver, P0 and P1)\n"
	"  one_slot_per_person   one person fills at most one required slot (true)\n"
	"  authors_may_approve   may an Author(s) fill an approver slot (false)\n"
	"  action_due_days       days after the incident within which action items\n"
	"                        are due, per severity; 0 is no limit\n"
	"                        (default: { P0: 15, P1: 30, P2: 60 })\n"
	"  blameless_phrases     wording flagged as blame, matched as whole words in\n"
	"                        any case (warnings; default: human error, operator\n"
	"                        error, careless, negligence, should have known, ...)\n"
	"  required_sections     '## ' sections that must be present and filled In\n"
	"                        Review (default: the ten of the template)\n"
	"\n"
	"Who may sign for which slot is in .pmgit/keyring.yaml ('pmgit keyring').\n";

/* The rules the hooks and 'verify --history' judge changes by, beyond a document's own. */
static const char *const change_rules[][2] = {
	{ "frozen", "a Final postmortem and its sign-offs never change, move or go: what was signed stays as signed" },
	{ "record", "an added sign-off verifies, and neither its key was revoked nor its slot ended (keyring) before it was added, whatever date it gives, nor is it dated after that day" },
	{ "orphan-record", "sign-offs and follow-ups belong to a postmortem that exists" },
	{ "policy", "the policy files read, change only as the admins approve, and never fail a Final postmortem" },
	{ "duplicate-id", "an incident ID is taken once, across branches (judged on push: another branch has it; 'pmgit renumber' gives yours the next)" },
	{ "file", "postmortems are .md files git stores, not links or submodules that lead elsewhere, nor Markdown named otherwise that no check reads" },
	{ "merge-rename", "a merge does not take one postmortem for another renamed: git's rename detection can merge your changes of a postmortem the other branch deleted into a new one alike" },
	{ "replace-ref", "no refs/replace/ ref is pushed: git would show the object it replaces as another, so that git and web pages show other than what was signed and verified" },
};

static const char *level_title(int level)
{
	return level == PM_LEVEL_DRAFT    ? "draft (every status)"
	       : level == PM_LEVEL_REVIEW ? "review (In Review and Final)"
	       : level == PM_LEVEL_FINAL  ? "final (Final)"
					  : "advice (always warnings)";
}

/*
 * 'pmgit help placeholder': the rule a finding names in its [brackets].
 * Is there one of that name? With print, says what it is.
 */
static int help_rule(const char *name, int print)
{
	size_t i;

	for (i = 0; i < PM_RULE__COUNT; i++)
		if (pm_rules[i].name && !strcmp(pm_rules[i].name, name)) {
			enum pm_level l = pm_rules[i].level;
			if (!print)
				return 1;
			printf("%s (%s)\n  %s\n", name,
			       l == PM_LEVEL_DRAFT    ? "draft level: an error at every status"
			       : l == PM_LEVEL_REVIEW ? "review level: an error In Review and Final, a warning on a Draft"
			       : l == PM_LEVEL_FINAL  ? "final level: an error when Final, a warning before"
						      : "advice: always a warning",
			       pm_rules[i].summary);
			return 1;
		}
	for (i = 0; i < sizeof(change_rules) / sizeof(change_rules[0]); i++)
		if (!strcmp(change_rules[i][0], name)) {
			if (!print)
				return 1;
			printf("%s (a rule for changes: the hooks, and 'pmgit verify --history')\n  %s\n",
			       name, change_rules[i][1]);
			return 1;
		}
	return 0;
}

static void help_rules(void)
{
	int level;
	size_t i;

	printf("Completeness rules. A rule of the level a document is judged at, or an\n"
	       "earlier one, is an error; a later level's rule is a warning, so authors\n"
	       "see early what review will ask. Advice is always a warning.\n");
	for (level = PM_LEVEL_DRAFT; level <= PM_LEVEL_ADVICE; level++) {
		printf("\n%s%s%s\n", color(1, "bold"), level_title(level), color(1, "reset"));
		for (i = 0; i < PM_RULE__COUNT; i++)
			if ((int)pm_rules[i].level == level)
				printf("  %-18s %s\n", pm_rules[i].name, pm_rules[i].summary);
	}
	printf("\n%schanges (the hooks, and 'pmgit verify --history')%s\n", color(1, "bold"),
	       color(1, "reset"));
	for (i = 0; i < sizeof(change_rules) / sizeof(change_rules[0]); i++)
		printf("  %-18s %s\n", change_rules[i][0], change_rules[i][1]);
}

/*
 * An unknown command (or for help, rule): says so, with the nearest one
 * when one is close.
 */
static int unknown_command(const char *name, int help)
{
	struct pm_near near = PM_NEAR_INIT(name);
	const char *found;
	size_t i;

	for (i = 0; i < NR_COMMANDS; i++)
		pm_near_try(&near, commands[i].name);
	for (i = 0; help && i < PM_RULE__COUNT; i++)
		pm_near_try(&near, pm_rules[i].name);
	for (i = 0; help && i < sizeof(change_rules) / sizeof(change_rules[0]); i++)
		pm_near_try(&near, change_rules[i][0]);
	fprintf(stderr, "%serror:%s '%s' is not a pmgit command%s\n", color(0, "error"),
		color(0, "reset"), name, help ? " or rule" : "");
	if ((found = pm_near_found(&near)))
		fprintf(stderr, "did you mean 'pmgit %s%s'?\n", help ? "help " : "", found);
	fprintf(stderr, "run 'pmgit --help' for the commands\n");
	return EXIT_USAGE;
}

int cmd_help(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		list_commands(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return print_usage(cmd_help_usage);
	if (!strcmp(argv[1], "rules")) {
		help_rules();
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "config")) {
		fputs(help_config_text, stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "exit-codes")) {
		printf("0  all good\n"
		       "1  findings: check errors, invalid or missing sign-offs, a rejected commit or push\n"
		       "2  usage error\n"
		       "3  could not run: no repository, unreadable file, bad key, corrupt config\n");
		return EXIT_OK;
	}
	for (i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(commands[i].name, argv[1])) {
			print_usage(commands[i].usage);
			/* 'status' and 'policy' name a rule too: a finding's [status] is that */
			if (help_rule(argv[1], 0)) {
				printf("\n'%s' is also the rule a finding names as [%s]:\n", argv[1], argv[1]);
				help_rule(argv[1], 1);
			}
			return EXIT_OK;
		}
	if (help_rule(argv[1], 1))
		return EXIT_OK;
	return unknown_command(argv[1], 1);
}

static int wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return 0;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct pm_error err = PM_ERROR_INIT;
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	size_t i;
	int ret;

	/* a closed pipe (pmgit status | head) ends output quietly */
	signal(SIGPIPE, SIG_DFL);
	/*
	 * verify's workers allocate and free per document: keep freed memory
	 * instead of handing it back and asking again (mprotect churn)
	 */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	pm_color_out = isatty(1) && !(nc && *nc) && term && strcmp(term, "dumb");
	pm_color_err = isatty(2) && !(nc && *nc) && term && strcmp(term, "dumb");

	/* -C DIR, as git takes it: run as if started in DIR (each relative to the last) */
	while (argc > 1 && !strcmp(argv[1], "-C")) {
		if (argc < 3 || !*argv[2]) {
			fputs("error: -C needs a directory: pmgit -C DIR COMMAND ...\n", stderr);
			return EXIT_USAGE;
		}
		if (chdir(argv[2])) {
			fprintf(stderr, "error: cannot change to '%s': %s; give a directory that exists\n",
				argv[2], strerror(errno));
			return EXIT_CANNOT;
		}
		argc -= 2;
		argv += 2;
	}
	if (argc < 2) {
		list_commands(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		int maj, min, rev;
		git_libgit2_version(&maj, &min, &rev);
		printf("pmgit %s (libgit2 %d.%d.%d, libsodium %s)\n", PMGIT_VERSION,
		       maj, min, rev, sodium_version_string());
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		list_commands(stdout);
		return EXIT_OK;
	}
	for (i = 0; i < NR_COMMANDS; i++) {
		if (strcmp(commands[i].name, argv[1]))
			continue;
		if (commands[i].fn != cmd_help && wants_help(argc - 1, argv + 1))
			return print_usage(commands[i].usage);
		if (pm_crypto_init(&err))
			return report_error(&err);
		pm_git_init();
		ret = commands[i].fn(argc - 1, argv + 1);
		git_libgit2_shutdown();
		pm_error_release(&err);
		return ret;
	}
	return unknown_command(argv[1], 0);
}
