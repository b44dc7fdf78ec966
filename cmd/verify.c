#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "fsutil.h"
#include "lint.h"
#include "record.h"
#include "text.h"
#include "workflow.h"

#include "trust.h"

#include "banned.h"

const char cmd_verify_usage[] =
	"usage: pmgit verify [PATH...] [--rev REV] [--trust SHA256] [--failing] [--explain]\n"
	"                    [--jobs N] [--format text|json]\n"
	"       pmgit verify --history [RANGE] [--format text|json]\n"
	"\n"
	"Verifies the sign-offs of postmortems (all of them without PATH; a PATH\n"
	"may be an incident ID, or a directory of postmortems). For each\n"
	"document, every sign-off slot that applies is one of: valid, missing,\n"
	"stale (the document changed since it was signed), invalid (bad\n"
	"signature or malformed record), unknown-key, revoked, not-allowed (the\n"
	"key may not sign that slot), self-approval, duplicate-signer. Records\n"
	"that belong to no slot are listed as extra. For a postmortem named by\n"
	"its file or ID, a stale sign-off also names the commit whose version\n"
	"was signed and the 'git diff' that shows what changed since, for the\n"
	"signer to read before signing again.\n"
	"\n"
	"Exit status 1 when a Final postmortem lacks a valid required sign-off,\n"
	"when any record is invalid, unknown-key, revoked or not-allowed, when a\n"
	"postmortem's Status is none of Draft, In Review, Final ('Final.',\n"
	"'Complete', none: pmgit cannot tell whether it is Final), or when a\n"
	"postmortem cannot be read (a symbolic link, too large, or a Markdown file\n"
	"named other than .md, such as INC-2026-0007.markdown: it fails, and the\n"
	"others are verified). A stale or missing sign-off on a postmortem that\n"
	"is not Final yet is reported, not a failure.\n"
	"\n"
	"It also judges the policy files (pmgit policy): when the keyring names\n"
	"admins, a policy version that is not approved fails too.\n"
	"\n"
	"  --failing       show only the postmortems that fail (the last line\n"
	"                  still counts them all): an audit of thousands\n"
	"  --rev REV       verify the files of commit REV (a tag, a branch such as\n"
	"                  origin/main, an id) instead of the working tree, which\n"
	"                  local edits may have changed\n"
	"  --format F      text (default) or json (with \"commit\": the commit whose\n"
	"                  files were verified, null for the working tree)\n"
	"  --trust SHA256  fail unless the policy is protected from this root\n"
	"                  (the hash 'pmgit policy protect' printed)\n"
	"  --explain       also write each record's statement and signature and an\n"
	"                  allowed_signers file to a new directory, and print the\n"
	"                  ssh-keygen -Y verify command that checks each one, and\n"
	"                  the sed/awk pipeline that recomputes the document hash\n"
	"                  (and shows a line the document holds outside it);\n"
	"                  under a protected policy, also for each admin approval\n"
	"  --history [RANGE]\n"
	"                  replay the workflow rules over every commit in RANGE\n"
	"                  (default: all of HEAD's history; 'A..B' for a range) and\n"
	"                  report each commit that broke them, with its id, author,\n"
	"                  path and rule\n"
	"  --jobs N        verify on N threads (default: one per core)\n";

struct verify_opts {
	enum out_format format;
	int explain;
	unsigned jobs;
	const char *trust; /* the pinned root, or NULL */
	const char *rev;   /* --rev: the commit whose files are verified, or NULL */
	int failing_only;  /* --failing: only the documents that fail are shown */
};

static void json_str_or_null(struct pm_buf *out, const char *s)
{
	if (s)
		pm_buf_add_jsons(out, s);
	else
		pm_buf_adds(out, "null");
}

static void doc_json(struct pm_buf *out, const struct pm_loaded_doc *d,
		     const struct pm_verdict *v, int first)
{
	size_t i;

	pm_buf_adds(out, first ? "\n  {\"path\": " : ",\n  {\"path\": ");
	pm_buf_add_jsons(out, d->path);
	pm_buf_adds(out, ", \"id\": ");
	json_str_or_null(out, v->id);
	pm_buf_addf(out, ", \"status\": \"%s\", \"status_written\": ", pm_status_name(v->status));
	json_str_or_null(out, v->status_written);
	pm_buf_adds(out, ", \"severity\": ");
	json_str_or_null(out, v->severity);
	pm_buf_addf(out, ", \"document_sha256\": \"%s\", \"uncovered_line\": ", v->doc_hash);
	if (v->uncovered)
		pm_buf_addf(out, "%u", v->uncovered);
	else
		pm_buf_adds(out, "null");
	pm_buf_addf(out, ", \"ok\": %s, \"complete\": %s, \"slots\": [",
		    v->ok ? "true" : "false", v->complete ? "true" : "false");
	for (i = 0; i < v->nr_slots; i++) {
		const struct pm_slot_verdict *s = &v->slots[i];
		const struct pm_rec_verdict *r = s->record >= 0 ? &v->recs[s->record] : NULL;
		pm_buf_adds(out, i ? ",\n    {\"slot\": " : "\n    {\"slot\": ");
		pm_buf_add_jsons(out, s->slot->name);
		pm_buf_addf(out, ", \"role\": \"%s\", \"applies\": %s, \"required\": %s, \"state\": \"%s\", \"signer\": ",
			    pm_role_name(s->slot->role), s->applies ? "true" : "false",
			    s->required ? "true" : "false", pm_slot_state_name(s->state));
		json_str_or_null(out, r ? r->st.signer : NULL);
		pm_buf_adds(out, ", \"time\": ");
		json_str_or_null(out, r ? r->st.time : NULL);
		pm_buf_adds(out, ", \"record\": ");
		json_str_or_null(out, r ? r->path : NULL);
		pm_buf_adds(out, ", \"detail\": ");
		json_str_or_null(out, s->detail);
		pm_buf_addch(out, '}');
	}
	pm_buf_adds(out, v->nr_slots ? "\n  ], \"records\": [" : "], \"records\": [");
	for (i = 0; i < v->nr_recs; i++) {
		const struct pm_rec_verdict *r = &v->recs[i];
		pm_buf_adds(out, i ? ",\n    {\"path\": " : "\n    {\"path\": ");
		pm_buf_add_jsons(out, r->path);
		pm_buf_addf(out, ", \"state\": \"%s\", \"slot\": ", pm_rec_state_name(r->state));
		json_str_or_null(out, r->st.slot);
		pm_buf_adds(out, ", \"signer\": ");
		json_str_or_null(out, r->st.signer);
		pm_buf_adds(out, ", \"key\": ");
		json_str_or_null(out, r->key_fp);
		pm_buf_adds(out, ", \"time\": ");
		json_str_or_null(out, r->st.time);
		pm_buf_adds(out, ", \"detail\": ");
		json_str_or_null(out, r->detail);
		pm_buf_addch(out, '}');
	}
	pm_buf_adds(out, v->nr_recs ? "\n  ]}" : "]}");
}

static const char *state_color(int ok, int bad)
{
	return bad ? color(1, "error") : ok ? color(1, "ok") : color(1, "warning");
}

/* Why a document whose Status pmgit cannot read fails, and the fix. */
static void status_unread(struct pm_buf *out, const struct pm_verdict *v)
{
	const char *w = v->status_written;
	enum pm_status meant = w ? pm_status_meant(w) : PM_STATUS_UNKNOWN;

	pm_buf_addf(out, "  %s", color(1, "error"));
	if (!w)
		pm_buf_adds(out, "no Status in the header");
	else if (pm_text_printable(w))
		pm_buf_addf(out, "Status '%s' is none of Draft, In Review, Final", w);
	else
		pm_buf_adds(out, "the Status is none of Draft, In Review, Final");
	pm_buf_addf(out, "%s: pmgit cannot tell whether this postmortem is Final; ", color(1, "reset"));
	if (meant != PM_STATUS_UNKNOWN)
		pm_buf_addf(out, "write '%s' there\n", pm_status_name(meant));
	else if (w)
		pm_buf_adds(out, "write Draft, In Review or Final there\n");
	else
		pm_buf_adds(out, "add '**Status**: Draft' (or In Review, Final) to it\n");
}

/*
 * One document's verdict. With `history` (documents named by the user), a
 * stale sign-off also says which commit's version was signed and how to
 * see what changed since (up to the commit read, when it is one).
 */
static void doc_text(struct pm_buf *out, const struct pm_loaded_doc *d,
		     const struct pm_verdict *v, struct session *history)
{
	struct pm_buf commit = PM_BUF_INIT;
	size_t i, w = 4;

	pm_buf_addf(out, "%s%s%s  %s  %s  %s  %s%s%s\n", color(1, "bold"), d->path,
		    color(1, "reset"), v->id ? v->id : "(no ID)", pm_status_name(v->status),
		    v->severity ? v->severity : "(no severity)",
		    state_color(v->ok, !v->ok), v->ok ? "ok" : "FAIL", color(1, "reset"));
	if (v->status == PM_STATUS_UNKNOWN)
		status_unread(out, v);
	for (i = 0; i < v->nr_slots; i++)
		w = cell_width(w, v->slots[i].slot->name);
	for (i = 0; i < v->nr_slots; i++) {
		const struct pm_slot_verdict *s = &v->slots[i];
		const struct pm_rec_verdict *r = s->record >= 0 ? &v->recs[s->record] : NULL;
		int good = s->state == PM_SLOT_VALID;
		int bad = r && pm_rec_state_fails(r->state);

		pm_buf_adds(out, "  ");
		add_cell(out, s->slot->name, w + 2);
		if (!s->applies) {
			pm_buf_addf(out, "%s%s%s\n", color(1, "dim"), s->detail, color(1, "reset"));
			continue;
		}
		pm_buf_addf(out, "%s%-16s%s",
			    state_color(good, bad || (!good && v->status == PM_STATUS_FINAL && s->required)),
			    pm_slot_state_name(s->state), color(1, "reset"));
		if (r)
			pm_buf_addf(out, " %s, %.10s", r->st.signer, r->st.time);
		else if (!s->required)
			pm_buf_adds(out, " (optional)");
		if (s->detail && s->state != PM_SLOT_VALID)
			pm_buf_addf(out, "%s%s", r ? ": " : " ", s->detail);
		pm_buf_rtrim(out); /* the state's padding, when nothing follows it */
		pm_buf_addch(out, '\n');
		if (history && r && s->state == PM_SLOT_STALE &&
		    signed_version(history, d->path, &r->st, &commit)) {
			pm_buf_addf(out, "  %*s%s signed the version of commit %s; what changed since: git diff %s%s%.12s -- ",
				    (int)(w + 2), "", r->st.signer, commit.ptr, commit.ptr,
				    history->at[0] ? " " : "", history->at);
			sh_quote(out, d->path);
			pm_buf_addch(out, '\n');
		}
	}
	pm_buf_release(&commit);
	/* records no slot shows: extra ones, and losers of a slot */
	for (i = 0; i < v->nr_recs; i++) {
		const struct pm_rec_verdict *r = &v->recs[i];
		size_t k;
		int shown = 0;
		for (k = 0; k < v->nr_slots; k++)
			if (v->slots[k].record == (int)i)
				shown = 1;
		if (shown)
			continue;
		pm_buf_addf(out, "  record %s: %s%s%s%s%s\n", r->path,
			    state_color(r->state == PM_REC_VALID, pm_rec_state_fails(r->state)),
			    pm_rec_state_name(r->state), color(1, "reset"),
			    r->detail ? ": " : "", r->detail ? r->detail : "");
	}
}

/* --explain: the files and the commands that reproduce each verdict. */

/*
 * The shell command that prints a file of the snapshot with a byte order
 * mark and CRLF line ends taken out: from the working tree, or from the
 * commit a bare repository was read at.
 */
static void add_normalized(struct pm_buf *out, const struct session *s, const char *path)
{
	struct pm_buf arg = PM_BUF_INIT;

	/* the file by a name that works from any directory */
	if (s->at[0]) {
		pm_buf_addf(&arg, "%s:%s", s->at, path);
		pm_buf_adds(out, "git show ");
		sh_quote(out, arg.ptr);
		pm_buf_adds(out, " | sed -e '1s/^\\xEF\\xBB\\xBF//' -e 's/\\r$//'");
	} else {
		pm_buf_addf(&arg, "%s%s", s->repo->workdir, path);
		pm_buf_adds(out, "sed -e '1s/^\\xEF\\xBB\\xBF//' -e 's/\\r$//' ");
		sh_quote(out, arg.ptr);
	}
	pm_buf_release(&arg);
}

/* Writes data to dir/name. */
static int explain_file(const char *dir, const char *name, const struct pm_buf *data,
			struct pm_error *err)
{
	struct pm_buf path = PM_BUF_INIT;
	int ret;

	pm_path_join(&path, dir, name);
	ret = pm_write_atomic(path.ptr, data->ptr ? data->ptr : "", data->len, 0644, 0, err);
	pm_buf_release(&path);
	return ret;
}

/*
 * The policy's approvals, reproduced with OpenSSH alone: per version, the
 * admins who approve it as an allowed_signers file, and for each approval
 * the version hash and the ssh-keygen command; then the hashes of the
 * policy files as they are.
 */
static int explain_policy(struct session *s, const struct pm_trust *t, const char *dir,
			  const char *qdir, struct pm_buf *out, struct pm_error *err)
{
	struct pm_strlist paths = PM_STRLIST_INIT;
	struct pm_buf data = PM_BUF_INIT, name = PM_BUF_INIT, prefix = PM_BUF_INIT;
	struct pm_buf signer = PM_BUF_INIT;
	size_t v, nv, i, k;
	int ret = 0;

	if (t->state == PM_TRUST_UNPROTECTED || t->state == PM_TRUST_BROKEN ||
	    (ret = pm_snap_list(&s->snap, PM_POLICY_RECORDS_DIR, NULL, &paths, err)))
		return ret;
	nv = t->nr_approved_st + (t->state == PM_TRUST_PENDING ? 1 : 0);
	for (v = 0; v < nv && !ret; v++) {
		const struct pm_policy_statement *st = v < t->nr_approved_st ? &t->approved_st[v] : &t->next;
		const struct pm_policy_statement *by = v ? &t->approved_st[v - 1] : st;
		char hash[PM_HASH_HEX], prev[PM_HASH_HEX] = "none";

		if (v) {
			pm_buf_reset(&data);
			pm_policy_version_format(by, &data);
			pm_sha256_hex(data.ptr, data.len, prev);
		}
		pm_buf_reset(&data);
		pm_policy_version_format(st, &data);
		pm_sha256_hex(data.ptr, data.len, hash);
		pm_buf_reset(&data);
		for (i = 0; i < by->nr_admins; i++)
			pm_buf_addf(&data, "%s namespaces=\"%s\" %s\n", by->admins[i].principal,
				    PM_POLICY_NAMESPACE, by->admins[i].key);
		pm_buf_reset(&name);
		pm_buf_addf(&name, "policy-v%ld.allowed_signers", st->version);
		if ((ret = explain_file(dir, name.ptr, &data, err)))
			break;
		pm_buf_addf(out, "\n# policy version %ld (%s), %s: %ld approvals by the admins of %s\n",
			    st->version, hash, v < t->nr_approved_st ? "approved" : "pending",
			    by->threshold, v ? "the version before" : "the version itself (the root)");
		pm_buf_reset(&prefix);
		pm_buf_addf(&prefix, "%s/v%ld.", PM_POLICY_RECORDS_DIR, st->version);
		for (k = 0; k < paths.nr; k++) {
			struct pm_record rec = PM_RECORD_INIT;
			struct pm_policy_statement ps;
			struct pm_buf base = PM_BUF_INIT;
			char rhash[PM_HASH_HEX];
			if (strncmp(paths.items[k], prefix.ptr, prefix.len))
				continue;
			pm_buf_reset(&data);
			if (pm_snap_read(&s->snap, paths.items[k], PM_RECORD_MAX, &data, NULL) ||
			    pm_record_parse(&rec, paths.items[k], data.ptr, data.len, NULL) ||
			    pm_policy_statement_parse(rec.statement.ptr, rec.statement.len, &ps, NULL)) {
				pm_buf_addf(out, "# %s: not an approval pmgit can read\n", paths.items[k]);
				pm_record_release(&rec);
				continue;
			}
			pm_sha256_hex(rec.statement.ptr, ps.version_len, rhash);
			pm_buf_addf(&base, "p%ld-%zu", st->version, k);
			pm_buf_reset(&name);
			pm_buf_addf(&name, "%s.statement", base.ptr);
			ret = explain_file(dir, name.ptr, &rec.statement, err);
			pm_buf_reset(&name);
			pm_buf_addf(&name, "%s.sig", base.ptr);
			if (!ret)
				ret = explain_file(dir, name.ptr, &rec.signature, err);
			if (!ret && strcmp(rhash, hash))
				pm_buf_addf(out, "# %s: approves the files as they no longer are (%s)\n",
					    paths.items[k], rhash);
			else if (!ret) {
				pm_buf_reset(&signer);
				sh_quote(&signer, ps.signer);
				pm_buf_addf(out,
					    "sed -n '1,/^previous:/p' %s/%s.statement | sha256sum   # %s\n"
					    "grep -x 'previous: %s' %s/%s.statement   # chained to the version before\n"
					    "ssh-keygen -Y verify -f %s/policy-v%ld.allowed_signers -I %s -n %s -s %s/%s.sig < %s/%s.statement\n",
					    qdir, base.ptr, hash, prev, qdir, base.ptr, qdir, st->version,
					    signer.ptr, PM_POLICY_NAMESPACE, qdir, base.ptr, qdir, base.ptr);
			}
			pm_policy_statement_release(&ps);
			pm_record_release(&rec);
			pm_buf_release(&base);
			if (ret)
				break;
		}
	}
	if (!ret) {
		pm_buf_addf(out, "\n# the policy files now: config-sha256 %s, keyring-sha256 %s\n",
			    t->next.config_sha256 ? t->next.config_sha256 : "?",
			    t->next.keyring_sha256 ? t->next.keyring_sha256 : "?");
		add_normalized(out, s, PM_CONFIG_PATH);
		pm_buf_adds(out, " | sha256sum\n");
		add_normalized(out, s, PM_KEYRING_PATH);
		pm_buf_adds(out, " | sha256sum\n");
	}
	pm_strlist_release(&paths);
	pm_buf_release(&data);
	pm_buf_release(&name);
	pm_buf_release(&prefix);
	pm_buf_release(&signer);
	return ret;
}

/*
 * --explain: the files ssh-keygen reads, in a new directory, and the
 * commands, gathered in `text` batch by batch and printed at the end.
 */
struct explainer {
	struct pm_buf dir, qdir, text;
};

static int explain_start(struct explainer *x, struct session *s, struct pm_error *err)
{
	struct pm_buf path = PM_BUF_INIT, data = PM_BUF_INIT;
	const char *tmp = getenv("TMPDIR");
	int ret;

	pm_buf_addf(&x->dir, "%s/pmgit-explain.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(x->dir.ptr))
		return pm_error_set(err, PM_EIO, "cannot create a directory for --explain: %s",
				    strerror(errno));
	sh_quote(&x->qdir, x->dir.ptr);
	pm_keyring_allowed_signers(s->proj.kr, &data);
	pm_path_join(&path, x->dir.ptr, "allowed_signers");
	ret = pm_write_atomic(path.ptr, data.ptr, data.len, 0644, 0, err);
	if (!ret)
		pm_buf_addf(&x->text, "\nreproduce with OpenSSH alone (files in %s):\n", x->dir.ptr);
	pm_buf_release(&path);
	pm_buf_release(&data);
	return ret;
}

/* docs[0..n) are the documents numbered from `first` on. */
static int explain_docs(struct explainer *x, struct session *s, const struct pm_loaded_doc *docs,
			const struct pm_verdict *vs, size_t n, size_t first, struct pm_error *err)
{
	struct pm_buf path = PM_BUF_INIT, signer = PM_BUF_INIT, base = PM_BUF_INIT;
	struct pm_buf *out = &x->text;
	size_t i, k;
	int ret = 0;

	for (i = 0; i < n && !ret; i++) {
		pm_buf_addf(out, "\n# %s: the document hash (%s)\n", docs[i].path, vs[i].doc_hash);
		add_normalized(out, s, docs[i].path);
		pm_buf_adds(out,
			    " | awk 'h==0 && (/^---[ \\t]*$/ || /^## /) {h=1} /^## Sign-Off[ \\t]*$/ {exit} !(h==0 && /^\\*\\*Status\\*\\*:/) {print}' | sha256sum\n");
		if (vs[i].uncovered) {
			/* what ssh-keygen cannot show: text the document shows outside that hash */
			pm_buf_addf(out, "# line %u is shown but left out of that hash, so no signature covers it:\n",
				    vs[i].uncovered);
			add_normalized(out, s, docs[i].path);
			pm_buf_addf(out, " | sed -n '%up'\n", vs[i].uncovered);
		}
		for (k = 0; k < vs[i].nr_recs && !ret; k++) {
			const struct pm_rec_verdict *r = &vs[i].recs[k];
			struct pm_record rec = PM_RECORD_INIT;
			if (!r->st.signer ||
			    pm_record_parse(&rec, r->path, docs[i].records[k].data,
					    docs[i].records[k].len, NULL)) {
				pm_buf_addf(out, "# %s: %s (%s), nothing to run\n", r->path,
					    pm_rec_state_name(r->state), r->detail ? r->detail : "");
				pm_record_release(&rec);
				continue;
			}
			pm_buf_reset(&path);
			pm_buf_addf(&path, "%s/%zu-%zu.statement", x->dir.ptr, first + i, k);
			ret = pm_write_atomic(path.ptr, rec.statement.ptr, rec.statement.len, 0644, 0, err);
			pm_buf_reset(&path);
			pm_buf_addf(&path, "%s/%zu-%zu.sig", x->dir.ptr, first + i, k);
			if (!ret)
				ret = pm_write_atomic(path.ptr, rec.signature.ptr, rec.signature.len,
						      0644, 0, err);
			pm_record_release(&rec);
			if (ret)
				break;
			pm_buf_addf(out, "# %s: %s%s%s\n", r->path, pm_rec_state_name(r->state),
				    r->detail ? ": " : "", r->detail ? r->detail : "");
			pm_buf_reset(&base);
			pm_buf_addf(&base, "%s/%zu-%zu", x->qdir.ptr, first + i, k);
			pm_buf_reset(&signer);
			sh_quote(&signer, r->st.signer);
			pm_buf_addf(out,
				    "ssh-keygen -Y verify -f %s/allowed_signers -I %s -n %s -s %s.sig -Overify-time=%.4s%.2s%.2s%.2s%.2s%.2sZ < %s.statement\n",
				    x->qdir.ptr, signer.ptr, PM_SIGNOFF_NAMESPACE, base.ptr, r->st.time,
				    r->st.time + 5, r->st.time + 8, r->st.time + 11, r->st.time + 14,
				    r->st.time + 17, base.ptr);
			pm_buf_addf(out, "grep -x 'document-sha256: %s' %s.statement   # the statement names this content\n",
				    vs[i].doc_hash, base.ptr);
		}
	}
	pm_buf_release(&path);
	pm_buf_release(&signer);
	pm_buf_release(&base);
	return ret;
}

static void explain_release(struct explainer *x)
{
	pm_buf_release(&x->dir);
	pm_buf_release(&x->qdir);
	pm_buf_release(&x->text);
}

/* Documents verified at once: every core busy, a bounded amount held. */
#define VERIFY_BATCH 256

static int verify_documents(int argc, char **argv, const struct verify_opts *o)
{
	struct session s;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_strlist targets = PM_STRLIST_INIT, unread = PM_STRLIST_INIT;
	struct pm_buf out = PM_BUF_INIT, rel = PM_BUF_INIT;
	struct pm_loaded_doc *docs = NULL;
	struct pm_verdict *vs = NULL;
	struct pm_error *errs = NULL;
	struct explainer x = { PM_BUF_INIT, PM_BUF_INIT, PM_BUF_INIT };
	size_t n = 0, i, failing = 0, shown = 0, base, nb = 0;
	int ret = EXIT_OK, have_session = 0, have_trust = 0, policy_bad = 0, one_by_one = 0, dirs;
	struct pm_trust trust;

	if (session_open_at(&s, SESSION_WORKTREE | SESSION_HEAD_IF_BARE, o->rev, &err)) {
		ret = report_error(&err);
		goto done;
	}
	have_session = 1;
	warn_replace_refs(s.repo);
	warn_name_variants(&s);
	if (doc_args(&s, argc - optind, argv + optind, &targets, &dirs, &unread, &err)) {
		ret = report_error(&err);
		goto done;
	}
	/* named one by one (not a directory's many), each gets its history searched */
	one_by_one = optind < argc && !dirs;

	/* the policy the sign-offs are judged by */
	n = targets.nr;
	if (pm_project_keyring(&s.proj, &err) ||
	    pm_trust_eval(&s.snap, s.proj.cfg, s.proj.kr, &trust, &err)) {
		ret = report_error(&err);
		goto done;
	}
	have_trust = 1;
	policy_bad = !pm_trust_in_force(&trust) || (o->trust && strcmp(o->trust, trust.root));
	if (o->format == FORMAT_JSON) {
		/* which files were judged: a commit's (--rev, a bare repository) or the working tree's */
		pm_buf_adds(&out, "{\"commit\": ");
		json_str_or_null(&out, s.at[0] ? s.at : NULL);
		pm_buf_adds(&out, ", \"policy\": ");
		policy_trust_json(&trust, o->trust, &out);
		pm_buf_adds(&out, ", \"documents\": [");
	} else if (trust.state != PM_TRUST_UNPROTECTED) {
		pm_buf_addf(&out, "%spolicy: %s, version %ld%s%s%s\n", color(1, "bold"),
			    pm_trust_state_name(trust.state), trust.version,
			    trust.root[0] ? ", root " : "", trust.root, color(1, "reset"));
		if (trust.why.len)
			pm_buf_addf(&out, "  %s%s%s\n", policy_bad ? color(1, "error") : "",
				    trust.why.ptr, policy_bad ? color(1, "reset") : "");
	}
	if (o->format == FORMAT_TEXT && o->trust && strcmp(o->trust, trust.root))
		pm_buf_addf(&out, "  %sthe policy's root is %s, not the pinned %s%s\n",
			    color(1, "error"), trust.root[0] ? trust.root : "(none: unprotected)",
			    o->trust, color(1, "reset"));
	if (o->explain && o->format == FORMAT_TEXT && explain_start(&x, &s, &err)) {
		ret = report_error(&err);
		goto done;
	}

	/*
	 * A batch at a time, on every core, printed in order: what is held is
	 * one batch of documents, not the repository.
	 */
	for (base = 0; base < n; base += VERIFY_BATCH) {
		nb = n - base < VERIFY_BATCH ? n - base : VERIFY_BATCH;
		docs = pm_xcalloc(nb, sizeof(*docs));
		vs = pm_xcalloc(nb, sizeof(*vs));
		errs = pm_xcalloc(nb, sizeof(*errs));
		if (pm_project_verify_all(&s.proj, targets.items + base, nb, docs, vs, errs,
					  o->jobs, &err)) {
			ret = report_error(&err);
			goto done;
		}
		for (i = 0; i < nb; i++) {
			if (errs[i].code) {
				/* cannot be judged: a failure, said on stderr, and the rest goes on */
				failing++;
				fflush(stdout);
				report_error(&errs[i]);
				if (errs[i].code != PM_ELIMIT && errs[i].code != PM_EREJECT)
					ret = EXIT_CANNOT;
				if (o->format == FORMAT_JSON) /* a program learns of it too */
					json_unreadable(&out, !shown++, targets.items[base + i],
							errs[i].msg.ptr);
				continue;
			}
			if (!vs[i].ok)
				failing++;
			else if (o->failing_only)
				continue;
			if (o->format == FORMAT_JSON)
				doc_json(&out, &docs[i], &vs[i], !shown);
			else
				doc_text(&out, &docs[i], &vs[i], one_by_one ? &s : NULL);
			shown++;
			if (out.len > 65536) {
				if (write_stdout(&out))
					ret = EXIT_CANNOT;
				pm_buf_reset(&out);
			}
		}
		if (x.dir.len && explain_docs(&x, &s, docs, vs, nb, base, &err)) {
			ret = report_error(&err);
			goto done;
		}
		pm_project_verify_free(docs, vs, errs, nb);
		docs = NULL;
	}
	/*
	 * A Markdown file pmgit does not read (INC-2026-0007.markdown), which
	 * only a commit past the hooks brings: what it shows is vouched for
	 * by nothing, so it fails
	 */
	for (i = 0; i < unread.nr; i++, n++, failing++) {
		pm_buf_reset(&rel);
		if (o->format == FORMAT_JSON) {
			pm_project_other_markdown_why(s.proj.cfg, unread.items[i], &rel);
			json_unreadable(&out, !shown++, unread.items[i], rel.ptr);
			continue;
		}
		if (write_stdout(&out))
			ret = EXIT_CANNOT;
		pm_buf_reset(&out);
		pm_buf_addf(&rel, "%serror:%s ", color(0, "error"), color(0, "reset"));
		pm_project_other_markdown_why(s.proj.cfg, unread.items[i], &rel);
		pm_buf_addch(&rel, '\n');
		write_stderr(&rel);
	}
	if (o->format == FORMAT_JSON) {
		pm_buf_addf(&out, "%s], \"verified\": %zu, \"failing\": %zu, \"ok\": %s}\n",
			    n ? "\n" : "", n, failing, failing || policy_bad ? "false" : "true");
	} else {
		if (!n)
			pm_buf_addf(&out, "no postmortems under '%s/' to verify\n", s.proj.cfg->directory);
		else
			pm_buf_addf(&out, "%zu postmortem%s verified: %s%zu failing%s\n", n,
				    n == 1 ? "" : "s", failing ? color(1, "error") : color(1, "ok"),
				    failing, color(1, "reset"));
		if (x.dir.len && explain_policy(&s, &trust, x.dir.ptr, x.qdir.ptr, &x.text, &err)) {
			ret = report_error(&err);
			goto done;
		}
		pm_buf_add(&out, x.text.ptr, x.text.len);
	}
	if (write_stdout(&out))
		ret = EXIT_CANNOT;
	if (o->format == FORMAT_TEXT && have_trust && trust.state == PM_TRUST_UNPROTECTED && !o->trust)
		fprintf(stderr,
			"note: %s names no admins, so changes to it are not signed: whoever can commit it decides who may sign ('pmgit policy protect')\n",
			PM_KEYRING_PATH);
	if (ret == EXIT_OK && (failing || policy_bad))
		ret = EXIT_FINDINGS;
done:
	if (have_trust)
		pm_trust_release(&trust);
	if (docs)
		pm_project_verify_free(docs, vs, errs, nb);
	explain_release(&x);
	pm_strlist_release(&targets);
	pm_strlist_release(&unread);
	pm_buf_release(&out);
	pm_buf_release(&rel);
	pm_error_release(&err);
	if (have_session)
		session_close(&s);
	return ret;
}

size_t print_violations(const struct pm_violations *v, enum out_format format,
			int to_stdout, size_t cap, const char *check_cmd, struct pm_buf *out)
{
	const int o = to_stdout;
	const char *last_commit = NULL;
	size_t i, run = 0, hidden = 0, all_hidden = 0;

	if (format == FORMAT_JSON) {
		pm_buf_adds(out, "[");
		for (i = 0; i < v->nr; i++) {
			const struct pm_violation *x = &v->items[i];
			pm_buf_adds(out, i ? ",\n  {\"commit\": " : "\n  {\"commit\": ");
			json_str_or_null(out, x->commit);
			pm_buf_adds(out, ", \"author\": ");
			json_str_or_null(out, x->author);
			pm_buf_adds(out, ", \"path\": ");
			pm_buf_add_jsons(out, x->path);
			pm_buf_addf(out, ", \"line\": %u, \"column\": %u, \"severity\": \"%s\", \"rule\": ",
				    x->line, x->col, x->warning ? "warning" : "error");
			pm_buf_add_jsons(out, x->rule);
			pm_buf_adds(out, ", \"message\": ");
			pm_buf_add_jsons(out, x->message);
			pm_buf_addch(out, '}');
		}
		pm_buf_adds(out, v->nr ? "\n]" : "]");
		return 0;
	}
	for (i = 0; i < v->nr; i++) {
		const struct pm_violation *x = &v->items[i];
		const struct pm_violation *next = i + 1 < v->nr ? &v->items[i + 1] : NULL;
		int same_file;
		if (x->commit && (!last_commit || strcmp(last_commit, x->commit))) {
			pm_buf_addf(out, "%scommit %s%s %s\n", color(o, "bold"), x->commit,
				    color(o, "reset"), x->author ? x->author : "");
			last_commit = x->commit;
		}
		/* at most `cap` lines of one file in one commit, then how many more */
		same_file = next && !strcmp(next->path, x->path) &&
			    (next->commit == x->commit ||
			     (next->commit && x->commit && !strcmp(next->commit, x->commit)));
		if (cap && ++run > cap) {
			hidden++;
			if (!same_file) {
				size_t len = strlen(x->path);
				/* pmgit check lists a postmortem's findings, not a policy file's */
				if (len > 3 && !strcmp(x->path + len - 3, ".md")) {
					pm_buf_addf(out, "%s... and %zu more in %s; '%s ",
						    x->commit ? "  " : "", hidden, x->path, check_cmd);
					pm_sh_arg(out, x->path);
					pm_buf_adds(out, "' lists them all\n");
				} else
					pm_buf_addf(out, "%s... and %zu more in %s\n",
						    x->commit ? "  " : "", hidden, x->path);
				all_hidden += hidden;
				hidden = 0;
				run = 0;
			}
			continue;
		}
		if (!same_file)
			run = 0;
		pm_buf_addf(out, "%s%s", x->commit ? "  " : "", x->path);
		if (x->line)
			pm_buf_addf(out, ":%u:%u", x->line, x->col);
		pm_buf_addf(out, ": %s%s:%s %s %s[%s]%s\n",
			    color(o, x->warning ? "warning" : "error"),
			    x->warning ? "warning" : "error", color(o, "reset"), x->message,
			    color(o, "dim"), x->rule, color(o, "reset"));
	}
	return all_hidden;
}

static int verify_history(const char *range, const struct verify_opts *o)
{
	struct pm_repo *repo = NULL;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_violations v = PM_VIOLATIONS_INIT;
	struct pm_buf out = PM_BUF_INIT, text = PM_BUF_INIT;
	size_t commits = 0, i, bad = 0;
	const char *last = NULL;
	int ret = EXIT_OK;

	if (pm_repo_open(&repo, 0, &err)) {
		ret = report_error(&err);
		goto done;
	}
	warn_replace_refs(repo);
	if (pm_workflow_history(repo, range, pm_today(), &v, &commits, &err)) {
		ret = report_error(&err);
		goto done;
	}
	for (i = 0; i < v.nr; i++)
		if (!v.items[i].warning && (!last || strcmp(last, v.items[i].commit))) {
			bad++;
			last = v.items[i].commit;
		}
	if (o->format == FORMAT_JSON) {
		pm_buf_addf(&out, "{\"range\": ");
		pm_buf_add_jsons(&out, range);
		pm_buf_addf(&out, ", \"commits\": %zu, \"rejected_commits\": %zu, \"violations\": ",
			    commits, bad);
		print_violations(&v, FORMAT_JSON, 1, 0, NULL, &out);
		pm_buf_adds(&out, "}\n");
	} else {
		print_violations(&v, FORMAT_TEXT, 1, 0, NULL, &out);
		pm_buf_addf(&out, "%zu commit%s audited: %s%zu broke the rules%s\n", commits,
			    commits == 1 ? "" : "s", bad ? color(1, "error") : color(1, "ok"), bad,
			    color(1, "reset"));
	}
	if (write_stdout(&out))
		ret = EXIT_CANNOT;
	if (ret == EXIT_OK && v.errors)
		ret = EXIT_FINDINGS;
done:
	pm_violations_release(&v);
	pm_buf_release(&out);
	pm_buf_release(&text);
	pm_error_release(&err);
	pm_repo_free(repo);
	return ret;
}

int cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "explain", no_argument, NULL, 'e' },
		{ "history", no_argument, NULL, 'H' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "trust", required_argument, NULL, 't' },
		{ "rev", required_argument, NULL, 'r' },
		{ "failing", no_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	struct verify_opts o = { FORMAT_TEXT, 0, 0, NULL, NULL, 0 };
	int c, history = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, ":j:", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (parse_format("verify", optarg, &o.format))
				return EXIT_USAGE;
			break;
		case 'e': o.explain = 1; break;
		case 'r': o.rev = optarg; break;
		case 'H': history = 1; break;
		case 'F': o.failing_only = 1; break;
		case 't':
			if (strlen(optarg) != 64 || strspn(optarg, "0123456789abcdef") != 64)
				return usage_error("verify", "--trust takes the root's SHA-256, 64 lowercase hex digits");
			o.trust = optarg;
			break;
		case 'j': {
			char *end;
			long j = strtol(optarg, &end, 10);
			if (*end || j < 1 || j > 256)
				return usage_error("verify", "--jobs takes a number from 1 to 256");
			o.jobs = (unsigned)j;
			break;
		}
		default: return option_error("verify", c, argv, longopts);
		}
	}
	if (history) {
		if (argc - optind > 1)
			return usage_error("verify", "--history takes one RANGE");
		if (o.explain)
			return usage_error("verify", "--explain is for sign-offs, not --history");
		if (o.trust)
			return usage_error("verify", "--trust judges the policy as it is now, not --history");
		if (o.rev)
			return usage_error("verify", "--history takes a RANGE ('A..B'), not --rev");
		if (o.failing_only)
			return usage_error("verify", "--history lists only the commits that broke the rules already; --failing is for postmortems");
		return verify_history(optind < argc ? argv[optind] : "HEAD", &o);
	}
	return verify_documents(argc, argv, &o);
}
