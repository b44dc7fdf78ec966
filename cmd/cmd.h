#ifndef PM_CMD_H
#define PM_CMD_H

#include <stdio.h>

#include "buf.h"
#include "error.h"
#include "project.h"
#include "repo.h"

/*
 * The command line: one file per subcommand, each `int cmd_NAME(argc,
 * argv)` returning the exit status. Exit statuses (pmgit(1)):
 */
#define EXIT_OK 0
#define EXIT_FINDINGS 1 /* check errors, invalid or missing sign-offs, a rejected change */
#define EXIT_USAGE 2
#define EXIT_CANNOT 3   /* no repository, unreadable file, bad key, corrupt config */

typedef int (*cmd_fn)(int argc, char **argv);

struct cmd {
	const char *name;
	cmd_fn fn;
	const char *summary;
	const char *usage; /* the full --help text */
};

#define CMD(name) \
	int cmd_##name(int argc, char **argv); \
	extern const char cmd_##name##_usage[]

CMD(init);
CMD(new);
CMD(renumber);
CMD(check);
CMD(status);
CMD(actions);
CMD(keygen);
CMD(keyring);
CMD(sign);
CMD(finalize);
CMD(verify);
CMD(policy);
CMD(hooks);
CMD(hook);
CMD(help);

/* Set by main.c: colour only on a terminal and never with NO_COLOR. */
extern int pm_color_out, pm_color_err;

/* The exit status for a core error code. */
int exit_for(int code);
/* Prints "error: <message>" to stderr; returns the exit status for it. */
int report_error(const struct pm_error *err);
/* Prints "error: ..." and returns EXIT_USAGE, pointing at --help. */
int usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * The usage error for what getopt_long() returned as c (':' a missing
 * value, '?' an unknown option), naming the option as written.
 */
struct option;
/* argv[optind] is a word the command takes none of; names -C when it is a directory. */
int unexpected_argument(const char *cmd, int argc, char **argv);
int option_error(const char *cmd, int c, char **argv, const struct option *longopts);
/*
 * All of stdin into in: 0; 1 when it is more than max bytes (in then holds
 * what fit, and *total, when asked, counts all of it); -1 on a read error.
 */
int read_stdin(struct pm_buf *in, size_t max, size_t *total);
int print_usage(const char *usage);
/* Colour escapes, or "" when colour is off. */
const char *color(int out, const char *what);
/* A document that could not be read, as an entry of a JSON list of documents. */
void json_unreadable(struct pm_buf *out, int first, const char *path, const char *why);
/* Appends s single-quoted for sh, so a printed command can be pasted. */
void sh_quote(struct pm_buf *out, const char *s);
/* Appends path, a leading "~/" read as $HOME (as git and the shell read it). */
void add_home_path(struct pm_buf *out, const char *path);
/* Appends s as sh reads it: bare when it holds nothing sh would read otherwise. */
void sh_word(struct pm_buf *out, const char *s);
/* Appends s, then spaces up to `width` terminal columns (for tables). */
void add_cell(struct pm_buf *out, const char *s, size_t width);
/* The wider of `width` and the terminal columns s takes. */
size_t cell_width(size_t width, const char *s);

enum out_format { FORMAT_TEXT, FORMAT_JSON };
int parse_format(const char *cmd, const char *arg, enum out_format *out);
/* A date option: "today" or YYYY-MM-DD. */
int parse_date_option(const char *cmd, const char *opt, const char *arg,
		      long *days);

/* What most commands start from: the repository and its policy. */
struct session {
	struct pm_repo *repo;
	struct pm_snap snap;
	struct pm_project proj;
	int have_snap;
	int have_project;
	char at[GIT_OID_HEXSZ + 1]; /* the commit read (--rev, a bare repository), or "" */
};

/* Warns of refs/replace/ refs: git would show other objects than pmgit reads. */
void warn_replace_refs(struct pm_repo *repo);
/* Warns of a directory named as the postmortem directory or .pmgit but for case. */
void warn_name_variants(struct session *s);

/* The same, reading the files of commit `rev` (any revision git names) when it is not NULL. */
int session_open_at(struct session *s, int flags, const char *rev, struct pm_error *err);

#define SESSION_WORKTREE 0
#define SESSION_INDEX 1
#define SESSION_OPTIONAL_PROJECT 2 /* carry on with defaults without .pmgit/ */
#define SESSION_FROM_ENV 4
/* read-only commands: in a bare repository (a mirror), read HEAD's files */
#define SESSION_HEAD_IF_BARE 8
/* the command stages what it writes: refuse at once an index it cannot write */
#define SESSION_STAGES 16

/* Opens the repository and its policy; on failure nothing is left to close. */
int session_open(struct session *s, int flags, struct pm_error *err);
void session_close(struct session *s);

/*
 * The next free incident ID (new.c, for new and renumber): the IDs of
 * `year` taken in the working tree, the index and every local and
 * remote-tracking branch, each distinct postmortem directory read once.
 */
struct seq_scan {
	const struct pm_config *cfg;
	int year;
	long max;
	struct pm_repo *repo;
	/* the postmortem directories read on branches: most branches share theirs */
	git_oid *seen;
	size_t nr_seen, alloc_seen;
};

/* Fills *scan for `year`; *by_year (when not NULL): are postmortems filed by year? */
int scan_taken(struct session *s, int year, struct seq_scan *scan, int *by_year,
	       struct pm_error *err);
/*
 * Writes `text` as the postmortem of the next free ID after scan->max
 * under the repository directory `dir`, its ID field (`id_field`, else the
 * header's) set to it, passing over an ID taken meanwhile; the ID and
 * path to *id and *rel.
 */
int write_next(struct session *s, const struct seq_scan *scan, const char *dir,
	       const struct pm_buf *text, const char *id_field, struct pm_buf *id,
	       struct pm_buf *rel, struct pm_error *err);
/*
 * A principal written in another case than the keyring has it
 * ("Alice@Example.com" for alice@example.com) becomes the keyring's
 * spelling, with a note: statements name signers exactly as the keyring
 * and allowed_signers do. Needs the keyring loaded.
 */
void principal_as_keyring(struct session *s, struct pm_buf *principal);
/* The keyring's own spelling of a principal given in another case, or NULL. */
const char *keyring_spelling(const struct pm_keyring *k, const char *principal);
/*
 * A command-line argument naming a postmortem, as a repository path: a
 * path, or an incident ID when no file of that name exists. doc_arg also
 * refuses what is not a postmortem, and points *arg at the path when it
 * was an ID, for messages.
 */
int doc_relpath(struct session *s, const char *arg, struct pm_buf *rel,
		struct pm_error *err);
/*
 * Adds to `out` the documents of `docs` (the project's, sorted) under the
 * directory `dir` (repository-relative, "" for all); returns how many.
 */
size_t docs_under(const struct pm_strlist *docs, const char *dir, struct pm_strlist *out);
int doc_arg(struct session *s, const char **arg, struct pm_buf *rel,
	    struct pm_error *err);
/*
 * The postmortems the arguments name, into `out`: each a path or an
 * incident ID (doc_arg), or a directory, which names those under it; all
 * of them with no argument. *dirs (when not NULL) is set when a
 * directory was given; `unread` (when not NULL) gets the Markdown files
 * among them that pmgit does not read (pm_project_other_markdown). 0, or
 * an error naming the argument.
 */
int doc_args(struct session *s, int argc, char **argv, struct pm_strlist *out, int *dirs,
	     struct pm_strlist *unread, struct pm_error *err);
/* A warning on stderr for each of doc_args' `unread` files, with the rename. */
void warn_unread(const struct session *s, const struct pm_strlist *unread);

/*
 * The passphrase callback: PMGIT_PASSPHRASE, else the terminal without
 * echo. With `confirm`, asks twice.
 */
int ask_passphrase(void *data, const char *prompt, int confirm, char **out,
		   struct pm_error *err);

struct pm_lint;
/* Prints a lint result's errors to stderr as path:line:col: error: ... [rule]. */
void print_lint_errors(const char *path, const struct pm_lint *l);

struct pm_violations;
/*
 * Prints workflow violations as the hooks and the history audit show them.
 * With a cap, at most that many lines of one file in one commit, then a
 * line saying how many more and that '<check_cmd> <path>' lists them;
 * returns how many were left out.
 */
size_t print_violations(const struct pm_violations *v, enum out_format format,
			int to_stdout, size_t cap, const char *check_cmd, struct pm_buf *out);
/* The default signing key, ~/.config/pmgit/signing.key. */
int default_key_path(struct pm_buf *out, struct pm_error *err);
/* git's own SSH signing key (gpg.format ssh, user.signingKey): 0 when set. */
int git_ssh_signing_key(struct pm_repo *repo, struct pm_buf *out);

struct pm_agent;
struct pm_seckey;
struct pm_signer;
/*
 * The keyring person whose public key is the one load_signer would sign
 * with by default (its .pub beside it, or git's key:: line), without
 * reading a secret; NULL when there is none or the keyring lacks it.
 */
const struct pm_person *signing_key_owner(struct session *s);
/*
 * A signer: with agent_for (a principal), the ssh-agent key among `keys`;
 * else the key file keyarg, git config pmgit.signingKey or the default
 * key (asking for its passphrase). The caller checks that the key is
 * allowed, and releases key and agent.
 */
int load_signer(struct session *s, const char *keyarg, const char *agent_for,
		const struct pm_pubkey *keys, size_t nr_keys, struct pm_seckey *key,
		struct pm_agent *agent, struct pm_signer *sg, struct pm_error *err);
/* Writes and stages the keyring (s->proj.kr). */
int save_keyring(struct session *s, struct pm_error *err);
/*
 * The same, and with version > 0 sets that version in both policy files
 * (config.yaml keeps its text and comments) and stages both.
 */
int save_policy(struct session *s, long version, struct pm_error *err);
/*
 * Writes data to the working-tree file rel (making its directory) and
 * stages it; if staging fails, the file is put back as it was. *had_old
 * says whether it was there. `fault` names the crash tests' fault points,
 * "<fault>:before-write" and "<fault>:before-index".
 */
int write_staged(struct session *s, const char *rel, const struct pm_buf *data,
		 const char *fault, int *had_old, struct pm_error *err);
struct pm_trust;
/* The policy's trust as a JSON object (pinned: the --trust hash, or NULL). */
void policy_trust_json(const struct pm_trust *t, const char *pinned, struct pm_buf *out);
/*
 * 0 when sign-offs may be given: the policy is unprotected or approved;
 * else PM_EREJECT saying why (`what`: "signing", "finalizing").
 */
int policy_allows_signing(struct session *s, const char *what, struct pm_error *err);
/* The time now, UTC, as YYYY-MM-DDTHH:MM:SSZ. */
void now_utc(struct pm_buf *out);
/*
 * For a stale sign-off: the commit of HEAD's history whose version of
 * `path` it was given over (its short id into `out`), so that the signer
 * can see what changed since ('git diff ID -- PATH'). 0 when the history
 * does not hold that version (it was signed before it was committed).
 */
int signed_version(struct session *s, const char *path, const struct pm_statement *st,
		   struct pm_buf *out);
/* Installs the hook shims (hooks.c); used by init --hooks too. */
int hooks_install(struct pm_repo *repo, int server, int force, struct pm_error *err);
/*
 * The client hooks pmgit installed in this repository that differ from
 * what this pmgit installs for the guarded `directory` (an older pmgit's,
 * or installed from another path): "pre-commit and pre-push", or nothing;
 * and in `missing`, where pmgit's hooks are installed, those this pmgit
 * installs that are not there (one an older pmgit did not have).
 */
void hooks_outdated(struct pm_repo *repo, const char *directory, struct pm_buf *out,
		    struct pm_buf *missing);

/*
 * Standard output and error for text that holds what pmgit read: control
 * characters other than newline and tab are shown as \xNN (terminal
 * escape sequences in a postmortem, a keyring name or a commit's author),
 * pmgit's own colour codes pass. write_stdout reports a write error
 * (EPIPE, ENOSPC).
 */
int write_stdout(const struct pm_buf *b);
void write_stderr(const struct pm_buf *b);

#endif
