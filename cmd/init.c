#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd.h"
#include "facts.h"
#include "fsutil.h"
#include "lint.h"
#include "policy.h"
#include "project.h"
#include "template.h"
#include "text.h"

#include "banned.h"

const char cmd_init_usage[] =
	"usage: pmgit init [--hooks] [--directory DIR] [--id-format FORMAT]\n"
	"\n"
	"Sets up the current git repository for postmortems: writes\n"
	".pmgit/config.yaml (the policy: directory, ID format, sign-off slots),\n"
	"an empty .pmgit/keyring.yaml, and the postmortem directory, and stages\n"
	"them. Existing files are never overwritten.\n"
	"\n"
	"Postmortems git already tracks (Markdown files whose header names an\n"
	"Incident ID) are taken as they are: their directory and the format\n"
	"their IDs follow become the policy's, unless the options say otherwise.\n"
	"\n"
	"  --directory DIR      where postmortems live (default: postmortems)\n"
	"  --id-format FORMAT   incident IDs: literal text, {year} and {seq:N}\n"
	"                       (default: INC-{year}-{seq:4})\n"
	"  --hooks              also install the pre-commit, pre-merge-commit and\n"
	"                       pre-push hooks (as 'pmgit hooks install' does);\n"
	"                       in a repository that is set up already, only\n"
	"                       install them\n";

/* Postmortems git tracks from before pmgit: their paths and their IDs. */
struct existing {
	struct pm_strlist paths, ids;
	unsigned char *final; /* per path: Final (or so worded), which cannot be renamed */
	size_t alloc_final;
	size_t finals;     /* Final, with no sign-off records */
	long last_final;   /* the latest incident Date among those, or -1 */
	size_t worded;     /* among them, Final in other words ("Complete") */
	char *word;        /* the first of those words */
};

/* Could this header value be an incident ID, rather than a placeholder? */
static int looks_like_id(const char *id)
{
	const char *s;
	int digit = 0;

	for (s = id; *s; s++) {
		if (!isalnum((unsigned char)*s) && !strchr("-_.", *s))
			return 0;
		digit |= isdigit((unsigned char)*s) != 0;
	}
	return digit && s - id <= 64;
}

/*
 * The Markdown files git tracks (under `under`, or anywhere) whose header
 * names an Incident ID. What cannot be read is passed over: this only
 * informs the policy init writes.
 */
static void tracked_postmortems(struct pm_repo *repo, const char *under, struct existing *ex)
{
	struct pm_snap snap;
	struct pm_doc doc;
	struct pm_facts f;
	struct pm_strlist all = PM_STRLIST_INIT;
	struct pm_buf text = PM_BUF_INIT, records = PM_BUF_INIT, id = PM_BUF_INIT;
	struct pm_error err = PM_ERROR_INIT;
	size_t i;

	if (pm_snap_index(&snap, repo, &err))
		goto done;
	if (!pm_snap_list(&snap, under ? under : "", ".signoffs", &all, &err)) {
		for (i = 0; i < all.nr; i++) {
			const char *p = all.items[i];
			size_t n = strlen(p);
			if (n < 3 || strcmp(p + n - 3, ".md") || pm_project_aside_name(pm_basename(p)) ||
			    !strncmp(p, PM_PMGIT_DIR "/", strlen(PM_PMGIT_DIR) + 1) ||
			    pm_snap_read(&snap, p, PM_DOC_MAX_BYTES, &text, &err))
				continue;
			pm_doc_parse_facts(&doc, text.ptr, text.len);
			pm_facts_read(&doc, &f);
			if (f.id && !looks_like_id(f.id)) {
				/* "INC-2024-017 **Date**: ...": a header run together (check names it) */
				const char *sp = strchr(f.id, ' ');
				if (sp && !strncmp(pm_skip_blanks(sp), "**", 2)) {
					pm_buf_reset(&id);
					pm_buf_add(&id, f.id, (size_t)(sp - f.id));
					f.id = id.ptr;
				}
			}
			if (f.id && looks_like_id(f.id)) {
				pm_strlist_add(&ex->paths, p);
				pm_strlist_add(&ex->ids, f.id);
				pm_project_records_dir(p, &records);
				int worded = f.status == PM_STATUS_UNKNOWN && f.status_raw &&
					     pm_status_meant(f.status_raw) == PM_STATUS_FINAL;
				PM_ALLOC_GROW(ex->final, ex->paths.nr, ex->alloc_final);
				ex->final[ex->paths.nr - 1] = f.status == PM_STATUS_FINAL || worded;
				if ((f.status == PM_STATUS_FINAL || worded) &&
				    !pm_snap_exists(&snap, records.ptr)) {
					ex->finals++;
					if (worded && !ex->worded++)
						ex->word = pm_xstrdup(f.status_raw);
					if (f.date > ex->last_final)
						ex->last_final = f.date;
				}
			}
			pm_doc_release(&doc);
		}
	}
	pm_snap_release(&snap);
done:
	pm_strlist_release(&all);
	pm_buf_release(&text);
	pm_buf_release(&records);
	pm_buf_release(&id);
	pm_error_release(&err);
}

/*
 * The directory that holds them all, without a last component that is a
 * year (postmortems/2024 holds this year's; next year's go beside it).
 * "" when they share none.
 */
static void common_directory(const struct pm_strlist *paths, struct pm_buf *out)
{
	const char *slash;
	size_t i, n;

	pm_buf_reset(out);
	slash = strrchr(paths->items[0], '/');
	pm_buf_add(out, paths->items[0], slash ? (size_t)(slash - paths->items[0]) : 0);
	for (i = 1; i < paths->nr && out->len; i++) {
		const char *p = paths->items[i];
		for (n = 0; n < out->len && p[n] == out->ptr[n]; n++)
			;
		if (n < out->len || p[n] != '/')
			while (n && out->ptr[n] != '/')
				n--;
		pm_buf_setlen(out, n);
	}
	for (;;) {
		const char *last = strrchr(out->ptr, '/');
		const char *c = last ? last + 1 : out->ptr;
		if (!last || strlen(c) != 4 || strspn(c, "0123456789") != 4)
			break;
		pm_buf_setlen(out, (size_t)(last - out->ptr));
	}
}

/* A YAML scalar for a config value: plain when it can be, else quoted. */
static void add_scalar(struct pm_buf *out, const char *v)
{
	const char *s;

	for (s = v; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("/_.-{}:", *s))
			break;
	if (!*s && isalnum((unsigned char)v[0])) {
		pm_buf_adds(out, v);
		return;
	}
	pm_buf_addch(out, '"');
	for (s = v; *s; s++) {
		if (*s == '"' || *s == '\\')
			pm_buf_addch(out, '\\');
		pm_buf_addch(out, *s);
	}
	pm_buf_addch(out, '"');
}

/* The built-in policy with its directory and ID format set. */
static void config_text(struct pm_buf *out, const char *dir, const char *fmt)
{
	const char *s = pm_builtin_config, *end = s + pm_builtin_config_len, *e;

	pm_buf_reset(out);
	for (; s < end; s = e) {
		e = memchr(s, '\n', (size_t)(end - s));
		e = e ? e + 1 : end;
		if (!strncmp(s, "directory: ", 11)) {
			pm_buf_adds(out, "directory: ");
			add_scalar(out, dir);
			pm_buf_addch(out, '\n');
		} else if (!strncmp(s, "id_format: ", 11)) {
			pm_buf_adds(out, "id_format: ");
			add_scalar(out, fmt);
			pm_buf_addch(out, '\n');
		} else {
			pm_buf_add(out, s, (size_t)(e - s));
		}
	}
}

/*
 * Takes the directory and ID format of the postmortems git tracks, where
 * the options leave them open, and says what it took.
 */
static void adopt_existing(const struct existing *ex, int dir_given, int fmt_given,
			   char **dir, char **fmt)
{
	struct pm_buf common = PM_BUF_INIT, guess = PM_BUF_INIT;
	size_t i, misnamed = 0, first = 0, unmatched = 0, odd = 0, kept = 0;
	int y, took = 0;
	long seq;

	if (!dir_given) {
		common_directory(&ex->paths, &common);
		if (!common.len) {
			printf("found %zu postmortem%s git tracks, with no directory of their own (%s%s%s); pmgit keeps postmortems in one directory: move them into %s/ with 'git mv', or into another and set 'directory' in %s\n",
			       ex->paths.nr, ex->paths.nr == 1 ? "" : "s", ex->paths.items[0],
			       ex->paths.nr > 1 ? ", " : "",
			       ex->paths.nr > 1 ? ex->paths.items[ex->paths.nr - 1] : "", *dir,
			       PM_CONFIG_PATH);
		} else if (strcmp(common.ptr, *dir)) {
			free(*dir);
			*dir = pm_xstrdup(common.ptr);
			took = 1;
		}
	}
	for (i = ex->ids.nr; i-- > 0;)
		if (!pm_idfmt_match(*fmt, ex->ids.items[i], &y, &seq) && ++unmatched)
			odd = i;
	if (!fmt_given && unmatched) {
		if (pm_idfmt_guess(ex->ids.items, ex->ids.nr, &guess)) {
			free(*fmt);
			*fmt = pm_xstrdup(guess.ptr);
			unmatched = 0;
			took = 1;
		}
	}
	if (took)
		printf("found %zu postmortem%s git tracks under %s/ (such as %s), so the policy reads:\n"
		       "  directory: %s\n  id_format: %s\n",
		       ex->paths.nr, ex->paths.nr == 1 ? "" : "s", *dir, ex->ids.items[0], *dir, *fmt);
	if (unmatched)
		printf("note: %zu of their IDs do not follow '%s' (such as %s), and no one format fits them all; set id_format in %s, or give those postmortems new IDs\n",
		       unmatched, *fmt, ex->ids.items[odd], PM_CONFIG_PATH);
	for (i = 0; i < ex->paths.nr; i++) {
		const char *base = pm_basename(ex->paths.items[i]);
		size_t n = strlen(ex->ids.items[i]);
		if (!strncmp(base, ex->ids.items[i], n) && !strcmp(base + n, ".md"))
			continue;
		if (ex->final[i])
			kept++;
		else if (!misnamed++)
			first = i;
	}
	if (misnamed) {
		const char *from = ex->paths.items[first];
		struct pm_buf to = PM_BUF_INIT, mv = PM_BUF_INIT;
		pm_buf_add(&to, from, (size_t)(pm_basename(from) - from));
		pm_buf_addf(&to, "%s.md", ex->ids.items[first]);
		pm_buf_adds(&mv, "git mv ");
		pm_sh_arg(&mv, from);
		pm_buf_addch(&mv, ' ');
		pm_sh_arg(&mv, to.ptr);
		printf("note: %zu of them %s not named after %s Incident ID, as pmgit expects (<ID>.md): such as '%s'\n",
		       misnamed, misnamed == 1 ? "is" : "are", misnamed == 1 ? "its" : "their", mv.ptr);
		pm_buf_release(&to);
		pm_buf_release(&mv);
	}
	/* a Final postmortem cannot be renamed, not even in the set-up commit */
	if (kept)
		printf("note: %zu Final one%s %s not named after %s Incident ID and keep%s %s name%s: a Final postmortem cannot be renamed, and pmgit finds %s by the ID in its header\n",
		       kept, kept == 1 ? "" : "s", kept == 1 ? "is" : "are", kept == 1 ? "its" : "their",
		       kept == 1 ? "s" : "", kept == 1 ? "its" : "their", kept == 1 ? "" : "s",
		       kept == 1 ? "it" : "each");
	if (ex->finals) {
		struct pm_buf day = PM_BUF_INIT;
		if (ex->last_final >= 0)
			pm_format_date(&day, ex->last_final + 1);
		struct pm_buf as = PM_BUF_INIT;
		if (ex->worded)
			pm_buf_addf(&as, " (%s written '%s'%s; write Final there)",
				    ex->worded < ex->finals ? "some with their Status"
				    : ex->finals == 1 ? "its Status" : "their Status",
				    ex->word, ex->worded > 1 ? " or the like" : "");
		printf("note: %zu of them %s Final with no sign-offs%s; pmgit adds none to a Final postmortem, so 'pmgit verify' fails %s. To accept %s as approved before pmgit, add 'since: %s' (%s) to each slot in %s: a slot then asks only postmortems of incidents from that day on\n",
		       ex->finals, ex->finals == 1 ? "is" : "are", as.ptr,
		       ex->finals == 1 ? "it" : "them",
		       ex->finals == 1 ? "it" : "them", day.len ? day.ptr : "YYYY-MM-DD",
		       !day.len ? "a day after their incident Dates"
		       : ex->finals == 1 ? "the day after its incident Date"
					 : "the day after the latest of their incident Dates",
		       PM_CONFIG_PATH);
		pm_buf_release(&as);
		pm_buf_release(&day);
	}
	pm_buf_release(&common);
	pm_buf_release(&guess);
}

/* Is one of paths under dir/? (Then git keeps the directory without a .gitkeep.) */
static int holds_any(const struct pm_strlist *paths, const char *dir)
{
	size_t i, n = strlen(dir);

	for (i = 0; i < paths->nr; i++)
		if (!strncmp(paths->items[i], dir, n) && paths->items[i][n] == '/')
			return 1;
	return 0;
}

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
 * Updates to a Final postmortem's action items are appended to
 * <ID>.actions.yaml on any branch; git's union merge keeps both sides'
 * updates where a plain merge conflicts. Sets out to the .gitattributes
 * to write, or leaves it empty (and says what to add) when there is one.
 */
static void union_merge_attributes(struct pm_repo *repo, const char *dir, struct pm_buf *out)
{
	struct pm_buf path = PM_BUF_INIT, have = PM_BUF_INIT, line = PM_BUF_INIT;

	/* a pattern with blanks or quotes would need quoting: match the name anywhere */
	if (strpbrk(dir, " \t\"'#!\\*?["))
		pm_buf_adds(&line, "*.actions.yaml merge=union");
	else
		pm_buf_addf(&line, "%s/**/*.actions.yaml merge=union", dir);
	pm_path_join(&path, repo->workdir, ".gitattributes");
	if (pm_read_file(path.ptr, 1 << 20, &have, NULL)) {
		pm_buf_addf(out,
			    "# Progress on a Final postmortem's action items is appended to\n"
			    "# <ID>.actions.yaml on any branch: merging keeps both sides' updates.\n"
			    "%s\n", line.ptr);
	} else if (!strstr(have.ptr, ".actions.yaml")) {
		printf("note: add '%s' to .gitattributes, so that merging branches that both record action item progress keeps both\n",
		       line.ptr);
	}
	pm_buf_release(&path);
	pm_buf_release(&have);
	pm_buf_release(&line);
}

/*
 * Takes back what write_new() wrote, and the directories it made for it
 * when they are empty, so that 'pmgit init' can run again.
 */
static void unwrite(struct pm_repo *repo, const struct pm_strlist *written)
{
	struct pm_buf path = PM_BUF_INIT;
	size_t i;
	char *slash;

	for (i = 0; i < written->nr; i++) {
		pm_buf_reset(&path);
		pm_path_join(&path, repo->workdir, written->items[i]);
		if (remove(path.ptr) < 0)
			continue;
		/* rmdir() leaves a directory that holds anything else */
		while ((slash = strrchr(path.ptr, '/')) && (size_t)(slash - path.ptr) >= strlen(repo->workdir)) {
			pm_buf_setlen(&path, (size_t)(slash - path.ptr));
			if (rmdir(path.ptr) < 0)
				break;
		}
	}
	pm_buf_release(&path);
}

/*
 * Is this file of the postmortem directory a template kept beside the
 * postmortems: a TEMPLATE.md, or a document whose Incident ID is still a
 * bracketed placeholder ("[INC-YYYY-NNNN]")?
 */
static int template_beside(struct pm_project *proj, const char *path)
{
	struct pm_loaded_doc d;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_doc doc;
	struct pm_facts f;
	int is = 0;

	if (pm_project_aside_name(pm_basename(path)))
		return !strcasecmp(pm_basename(path), "TEMPLATE.md");
	if (pm_project_classify(proj->cfg, path, NULL) != PM_PATH_DOCUMENT)
		return 0;
	if (!pm_project_load_doc(proj, path, &d, &err) && d.src.len) {
		pm_doc_parse_facts(&doc, d.src.ptr, d.src.len);
		pm_facts_read(&doc, &f);
		is = f.id && *f.id == '[';
		pm_doc_release(&doc);
	}
	pm_loaded_doc_release(&d);
	pm_error_release(&err);
	return is;
}

/* path, with ".pub" added unless it ends so, in out if that file is there */
static int pub_there(const char *path, struct pm_buf *out)
{
	size_t n = strlen(path);

	pm_buf_reset(out);
	add_home_path(out, path);
	if (n < 4 || strcmp(path + n - 4, ".pub"))
		pm_buf_adds(out, ".pub");
	return pm_file_exists(out->ptr) ? 0 : -1;
}

/*
 * The public half of the key 'pmgit sign' would sign with, as it looks for
 * one: git config pmgit.signingKey, pmgit's default file, git's own SSH
 * signing key, OpenSSH's ed25519 key. 0 and its path in out, or -1.
 */
static int signing_pub(struct pm_repo *repo, struct pm_buf *out)
{
	struct pm_buf path = PM_BUF_INIT;
	struct pm_error err = PM_ERROR_INIT;
	int ret = -1;

	if (!pm_repo_config(repo, "pmgit.signingKey", &path))
		ret = pub_there(path.ptr, out);
	if (ret && !default_key_path(&path, &err))
		ret = pub_there(path.ptr, out);
	if (ret && !git_ssh_signing_key(repo, &path) && strncmp(path.ptr, "key::", 5))
		ret = pub_there(path.ptr, out);
	if (ret)
		ret = pub_there("~/.ssh/id_ed25519", out);
	if (ret)
		ret = pub_there("~/.ssh/id_ed25519_sk", out);
	pm_buf_release(&path);
	pm_error_release(&err);
	return ret;
}

/* A path as one types it: under HOME as ~/, left bare so that the shell expands it. */
static void home_word(struct pm_buf *line, const char *path)
{
	const char *home = getenv("HOME");
	size_t h = home ? strlen(home) : 0;

	if (h > 1 && !strncmp(path, home, h) && path[h] == '/') {
		pm_buf_adds(line, "~/");
		sh_word(line, path + h + 1);
	} else if (!strncmp(path, "~/", 2)) {
		pm_buf_adds(line, "~/");
		sh_word(line, path + 2);
	} else {
		sh_word(line, path);
	}
}

/*
 * The next steps' keyring line, as this user would type it: their git
 * user.email, the public key 'pmgit sign' would find (or first the keygen
 * that makes one), and the policy's first slot.
 */
static void first_signer(struct pm_repo *repo, const struct pm_config *cfg)
{
	struct pm_buf email = PM_BUF_INIT, pub = PM_BUF_INIT, line = PM_BUF_INIT;
	struct pm_error err = PM_ERROR_INIT;
	const char *home = getenv("HOME");

	if (pm_repo_config(repo, "user.email", &email) || !strchr(email.ptr, '@'))
		pm_buf_sets(&email, "you@example.com");
	if (signing_pub(repo, &pub)) {
		printf("  pmgit keygen            (an ed25519 key to sign with)\n");
		if (default_key_path(&pub, &err))
			pm_buf_sets(&pub, "~/.config/pmgit/signing.key");
		pm_buf_adds(&pub, ".pub");
	}
	pm_buf_adds(&line, "  pmgit keyring add ");
	sh_word(&line, email.ptr);
	pm_buf_adds(&line, " --key ");
	home_word(&line, pub.ptr);
	pm_buf_adds(&line, " --slot ");
	sh_quote(&line, cfg->nr_slots ? cfg->slots[0].name : "SRE Lead");
	printf("%s\n", line.ptr);
	/* a team that signs commits with SSH keys lists its people's keys already */
	if (!pm_repo_config(repo, "gpg.ssh.allowedSignersFile", &pub)) {
		pm_buf_reset(&email);
		if (!strncmp(pub.ptr, "~/", 2) && home)
			pm_buf_addf(&email, "%s/%s", home, pub.ptr + 2);
		else
			pm_buf_sets(&email, pub.ptr);
		if (pm_file_exists(email.ptr)) {
			pm_buf_sets(&line, "  pmgit keyring add PRINCIPAL --key ");
			home_word(&line, pub.ptr);
			pm_buf_adds(&line, " --slot SLOT   (each teammate in git's allowed signers file)");
			printf("%s\n", line.ptr);
		}
	}
	pm_buf_release(&email);
	pm_buf_release(&pub);
	pm_buf_release(&line);
	pm_error_release(&err);
}

/*
 * Postmortems written before pmgit: say that check judges them and that
 * the hooks will when they change, so nobody is surprised by either. A
 * team's template kept among them is named, with where pmgit reads one.
 */
static void existing_postmortems(struct pm_repo *repo)
{
	struct pm_snap snap;
	struct pm_project proj;
	struct pm_strlist all = PM_STRLIST_INIT;
	struct pm_error err = PM_ERROR_INIT;
	size_t i, docs = 0, templates = 0, other_md = 0;
	const char *first_other = NULL;

	if (!repo->workdir || pm_snap_worktree(&snap, repo, NULL))
		return;
	if (pm_project_open(&proj, &snap, &err) ||
	    pm_snap_list(&snap, proj.cfg->directory, ".signoffs", &all, &err))
		goto done;
	for (i = 0; i < all.nr; i++) {
		const char *p = all.items[i];
		if (template_beside(&proj, p)) {
			if (!templates++ && !pm_snap_exists(&snap, PM_TEMPLATE_PATH))
				printf("\nnote: %s is a postmortem template, not a postmortem; 'pmgit new' starts from %s when there is one, so make it yours: git mv '%s' %s\n",
				       p, PM_TEMPLATE_PATH, p, PM_TEMPLATE_PATH);
			else if (pm_project_aside_name(pm_basename(p)))
				printf("\nnote: %s is a template, and pmgit passes it over as it does a README.md\n", p);
			else
				printf("\nnote: %s is a template (its Incident ID is a placeholder), not a postmortem; move it out of %s/ or delete it: every other .md file there is judged as a postmortem\n",
				       p, proj.cfg->directory);
		} else if (pm_project_classify(proj.cfg, p, NULL) == PM_PATH_DOCUMENT) {
			docs++;
		} else if (pm_project_other_markdown(p) && !other_md++) {
			first_other = p;
		}
	}
	if (other_md) {
		const char *dot = strrchr(first_other, '.');
		struct pm_buf to = PM_BUF_INIT, mv = PM_BUF_INIT;
		pm_buf_add(&to, first_other, (size_t)(dot - first_other));
		pm_buf_adds(&to, ".md");
		pm_sh_arg(&mv, first_other);
		pm_buf_addch(&mv, ' ');
		pm_sh_arg(&mv, to.ptr);
		printf("\nnote: %zu Markdown file%s in %s/ %s named other than .md (such as %s), which pmgit does not read as postmortems and the hooks refuse; rename %s: git mv %s\n",
		       other_md, other_md == 1 ? "" : "s", proj.cfg->directory,
		       other_md == 1 ? "is" : "are", first_other, other_md == 1 ? "it" : "each",
		       mv.ptr);
		pm_buf_release(&to);
		pm_buf_release(&mv);
	}
	if (docs)
		printf("\n%s/ already holds %zu postmortem%s: 'pmgit check' shows what %s, and the hooks judge %s the next time it changes\n",
		       proj.cfg->directory, docs, docs == 1 ? "" : "s",
		       docs == 1 ? "it lacks" : "they lack", docs == 1 ? "it" : "each one");
done:
	pm_strlist_release(&all);
	pm_project_release(&proj);
	pm_snap_release(&snap);
	pm_error_release(&err);
}

int cmd_init(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "hooks", no_argument, NULL, 'k' },
		{ "directory", required_argument, NULL, 'd' },
		{ "id-format", required_argument, NULL, 'i' },
		{ NULL, 0, NULL, 0 },
	};
	struct pm_repo *repo = NULL;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_config cfg;
	struct pm_strlist written = PM_STRLIST_INIT;
	struct pm_buf path = PM_BUF_INIT, keep = PM_BUF_INIT, text = PM_BUF_INIT, attrs = PM_BUF_INIT;
	struct existing ex = { PM_STRLIST_INIT, PM_STRLIST_INIT, NULL, 0, 0, -1, 0, NULL };
	char *dir = NULL, *fmt = NULL;
	const char *why;
	int c, hooks = 0, ret = EXIT_OK, dir_given = 0, fmt_given = 0;

	memset(&cfg, 0, sizeof(cfg));
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'k': hooks = 1; break;
		case 'd':
			free(dir);
			dir = pm_xstrdup(optarg);
			dir_given = 1;
			break;
		case 'i':
			free(fmt);
			fmt = pm_xstrdup(optarg);
			fmt_given = 1;
			break;
		default:
			ret = option_error("init", c, argv, longopts);
			goto done;
		}
	}
	if (optind < argc) {
		ret = unexpected_argument("init", argc, argv);
		goto done;
	}
	if (dir && (why = pm_directory_problem(dir))) {
		ret = usage_error("init", "--directory: %s", why);
		goto done;
	}
	if (fmt && pm_idfmt_check(fmt, &err)) {
		ret = usage_error("init", "--id-format: %s", err.msg.ptr);
		goto done;
	}
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
	/* init stages what it writes: an index it cannot write stops it before anything */
	if (pm_repo_index_usable(repo, &err)) {
		ret = report_error(&err);
		goto done;
	}
	pm_path_join(&path, repo->workdir, PM_CONFIG_PATH);
	if (pm_file_exists(path.ptr)) {
		if (hooks && (dir_given || fmt_given))
			fprintf(stderr, "note: %s already exists, so --directory and --id-format change nothing; edit that file to change them\n",
				PM_CONFIG_PATH);
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
	if (!dir)
		dir = pm_xstrdup("postmortems");
	if (!fmt)
		fmt = pm_xstrdup("INC-{year}-{seq:4}");
	if (!dir_given || !fmt_given)
		tracked_postmortems(repo, dir_given ? dir : NULL, &ex);
	if (ex.paths.nr)
		adopt_existing(&ex, dir_given, fmt_given, &dir, &fmt);
	config_text(&text, dir, fmt);
	/* what init writes must be readable by this very pmgit */
	if (pm_config_parse(&cfg, PM_CONFIG_PATH, text.ptr, text.len, &err)) {
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
	union_merge_attributes(repo, cfg.directory, &attrs);
	if (write_new(repo, PM_CONFIG_PATH, text.ptr, text.len, &written, &err) ||
	    (attrs.len && write_new(repo, ".gitattributes", attrs.ptr, attrs.len, &written, &err)) ||
	    write_new(repo, PM_KEYRING_PATH, pm_builtin_keyring, pm_builtin_keyring_len,
		      &written, &err) ||
	    (!holds_any(&ex.paths, cfg.directory) &&
	     write_new(repo, keep.ptr, "", 0, &written, &err)) ||
	    (written.nr && pm_repo_stage(repo, (const char *const *)written.items,
					 written.nr, &err))) {
		ret = report_error(&err);
		unwrite(repo, &written);
		if (written.nr)
			fprintf(stderr, "nothing is set up: the files written are taken back; run 'pmgit init' again once that is sorted\n");
		goto done;
	}
	if (hooks && hooks_install(repo, 0, 0, &err)) {
		ret = report_error(&err);
		fprintf(stderr, "pmgit is set up and the files are staged, but the hooks are not installed; once that is sorted, run 'pmgit hooks install'\n");
		goto done;
	}
	existing_postmortems(repo);
	printf("\npmgit is set up; the files are staged. Next:\n"
	       "  git commit -m 'Set up pmgit'\n");
	first_signer(repo, &cfg);
	printf("  pmgit new --title 'What happened'\n");
	if (!hooks)
		printf("  pmgit hooks install     (reject incomplete postmortems at commit time)\n");
done:
	pm_config_release(&cfg);
	pm_strlist_release(&written);
	pm_strlist_release(&ex.paths);
	pm_strlist_release(&ex.ids);
	free(ex.final);
	free(ex.word);
	pm_buf_release(&text);
	free(dir);
	free(fmt);
	pm_buf_release(&path);
	pm_buf_release(&keep);
	pm_buf_release(&attrs);
	pm_error_release(&err);
	pm_repo_free(repo);
	return ret;
}
