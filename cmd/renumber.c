#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "doc.h"
#include "facts.h"
#include "fsutil.h"
#include "lint.h"
#include "policy.h"
#include "record.h"
#include "text.h"

#include "banned.h"

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
	"that only your branch brought are removed (staged) and named (a record\n"
	"in conflict, one reviewer having signed both, becomes the other\n"
	"branch's). When yours is Final, its sign-offs signed the ID: it keeps\n"
	"the ID, and the other branch's postmortem takes the next; two Final\n"
	"postmortems under one ID are refused. The same holds when the two\n"
	"took the ID at two paths (one branch files by year, postmortems/2026/):\n"
	"git merges them without a conflict, the merge hook refuses the\n"
	"merge (id-unique), and after renumber, 'git commit' finishes it.\n"
	"  git pull --no-rebase       CONFLICT (add/add): ... INC-2026-0004.md\n"
	"  pmgit renumber INC-2026-0004\n"
	"  git merge --continue\n"
	"A rebase would replay your later commits of the postmortem onto the\n"
	"other's: abort it ('git rebase --abort') and merge instead.\n";

/* Two Final postmortems under one ID in a merge: what it takes. */
#define BOTH_FINAL_FIX                                                                              \
	", and a Final postmortem keeps the ID its sign-offs signed, so they cannot both land under " \
	"it: undo the merge ('git merge --abort'); then the one not landed yet leaves its branch's "  \
	"history ('git rebase -i' drops its commits), takes the next ID while it is not Final "      \
	"('pmgit renumber'), and is signed and finalized again"

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
 * `path` as the branch at `rev` has it, into out; 0, or 1 when it cannot
 * be read there (out unchanged).
 */
static int branch_text(struct pm_repo *r, const char *rev, const char *path, struct pm_buf *out)
{
	struct pm_error ignore = PM_ERROR_INIT;
	struct pm_snap snap;
	git_oid id;
	int ret = 1;

	if (!pm_repo_resolve(r, rev, &id, &ignore) && !pm_snap_commit(&snap, r, &id, &ignore)) {
		ret = pm_snap_read(&snap, path, PM_DOC_MAX_BYTES, out, &ignore) ? 1 : 0;
		pm_snap_release(&snap);
	}
	pm_error_release(&ignore);
	return ret;
}

/*
 * A merge that stopped on `path` because both branches added a postmortem
 * there: the version of the branch merged into (the one renumbering) into
 * *mine, the other branch's into *theirs, as HEAD and MERGE_HEAD have them
 * (where git also took a third postmortem for one of them renamed, it
 * merges that one's changes into a side of the conflict: "rename involved
 * in collision"). Anything else is refused with what to do.
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
				   arg, !ours || !other ? " (and one deleted it)" : "");
	else if (!(ret = entry_text(r, ours, mine, err)) && !(ret = entry_text(r, other, theirs, err))) {
		branch_text(r, "HEAD", path, mine);
		branch_text(r, "MERGE_HEAD", path, theirs);
	}
	git_index_free(idx);
	return ret;
}

/*
 * A merge that brought the other branch's postmortem under an ID of this
 * branch's at another path (one branch files by year, postmortems/2026/):
 * git merges the two files without a conflict. `arg`, a path or the ID,
 * names one of such a pair? Then *ours is the one HEAD has and *theirs
 * the one only the merge brings, with whether each is Final; 1 is
 * returned.
 */
struct pair {
	struct pm_buf ours, theirs;
	int ours_final, theirs_final;
};

static int split_pair(struct session *s, const char *arg, struct pair *p)
{
	struct pm_strlist docs = PM_STRLIST_INIT;
	struct pm_error ignore = PM_ERROR_INIT;
	struct pm_buf name = PM_BUF_INIT, text = PM_BUF_INIT;
	const char *found[2] = { NULL, NULL }, *base = pm_basename(arg);
	struct pm_snap head;
	size_t i, n = 0;
	int in_head[2], ret = 0;

	/* ID.md, as the file is named after its ID */
	pm_buf_sets(&name, base);
	if (name.len < 3 || strcmp(name.ptr + name.len - 3, ".md"))
		pm_buf_adds(&name, ".md");
	if (pm_project_documents(&s->proj, &docs, &ignore))
		goto out;
	for (i = 0; i < docs.nr; i++)
		if (!strcmp(pm_basename(docs.items[i]), name.ptr) && n++ < 2)
			found[n - 1] = docs.items[i];
	if (n != 2 || pm_snap_head(&head, s->repo, &ignore))
		goto out;
	in_head[0] = pm_snap_exists(&head, found[0]);
	in_head[1] = pm_snap_exists(&head, found[1]);
	pm_snap_release(&head);
	if (in_head[0] == in_head[1])
		goto out;
	pm_buf_sets(&p->ours, found[in_head[0] ? 0 : 1]);
	pm_buf_sets(&p->theirs, found[in_head[0] ? 1 : 0]);
	p->ours_final = !pm_snap_read(&s->snap, p->ours.ptr, PM_DOC_MAX_BYTES, &text, NULL) &&
			pm_facts_status(text.ptr, text.len, NULL) == PM_STATUS_FINAL;
	p->theirs_final = !pm_snap_read(&s->snap, p->theirs.ptr, PM_DOC_MAX_BYTES, &text, NULL) &&
			  pm_facts_status(text.ptr, text.len, NULL) == PM_STATUS_FINAL;
	ret = 1;
out:
	pm_strlist_release(&docs);
	pm_buf_release(&name);
	pm_buf_release(&text);
	pm_error_release(&ignore);
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
 * In a merge, the records beside the ID once one postmortem moves to
 * `new_id`: those only the moved one's branch brought sign it under the
 * old ID, so they go (staged), and their signers sign the new ID; where
 * both branches hold a record of one name (one reviewer signed both), the
 * kept postmortem's stands, written back over the conflict and staged.
 * The moved one is yours (HEAD's) or, when yours is Final, the other
 * branch's (MERGE_HEAD's).
 */
static void settle_records(struct session *s, const struct pm_loaded_doc *d, const char *new_id,
			   int moved_is_ours)
{
	struct pm_error ignore = PM_ERROR_INIT;
	struct pm_snap head, theirs;
	struct pm_buf a = PM_BUF_INIT, b = PM_BUF_INIT, full = PM_BUF_INIT;
	struct pm_strlist gone = PM_STRLIST_INIT, kept = PM_STRLIST_INIT, stage = PM_STRLIST_INIT;
	const char *whose = moved_is_ours ? "your" : "the other branch's";
	git_oid id;
	size_t i;
	int staged;

	if (!d->nr_records || pm_snap_head(&head, s->repo, &ignore))
		goto out;
	if (pm_repo_resolve(s->repo, "MERGE_HEAD", &id, &ignore) ||
	    pm_snap_commit(&theirs, s->repo, &id, &ignore)) {
		pm_snap_release(&head);
		goto out;
	}
	for (i = 0; i < d->nr_records; i++) {
		const char *path = d->records[i].path;
		struct pm_snap *stays = moved_is_ours ? &theirs : &head;
		struct pm_snap *goes = moved_is_ours ? &head : &theirs;
		if (d->records[i].problem || pm_snap_read(goes, path, PM_RECORD_MAX, &a, NULL))
			continue; /* the moved one's branch did not bring it */
		pm_path_join(&full, s->repo->workdir, path);
		if (!pm_snap_read(stays, path, PM_RECORD_MAX, &b, NULL)) {
			if (a.len == b.len && !memcmp(a.ptr, b.ptr, a.len))
				continue; /* one record, on both branches */
			if (pm_write_atomic(full.ptr, b.ptr, b.len, 0644, 0, &ignore))
				continue;
			pm_strlist_add(&kept, path);
		} else if (unlink(full.ptr) == 0) {
			pm_strlist_add(&gone, path);
		} else {
			continue;
		}
		pm_strlist_add(&stage, path);
	}
	staged = stage.nr && !pm_repo_stage(s->repo, (const char *const *)stage.items, stage.nr, &ignore);
	for (i = 0; i < gone.nr; i++)
		fprintf(stderr, "  removed %s%s: %s sign-off of the old ID; its signer signs %s again\n",
			gone.items[i], staged ? " (staged)" : ", not staged ('git rm' it)", whose, new_id);
	for (i = 0; i < kept.nr; i++)
		fprintf(stderr, "  %s%s: the sign-off of the postmortem that keeps the ID; %s, of the old ID, is gone, and its signer signs %s again\n",
			kept.items[i], staged ? " (staged)" : ", not staged ('git add' it)",
			moved_is_ours ? "yours" : "the other branch's", new_id);
	pm_snap_release(&theirs);
	pm_snap_release(&head);
out:
	pm_buf_release(&a);
	pm_buf_release(&b);
	pm_buf_release(&full);
	pm_strlist_release(&gone);
	pm_strlist_release(&kept);
	pm_strlist_release(&stage);
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
	struct pair pair = { PM_BUF_INIT, PM_BUF_INIT, 0, 0 };
	int ret, year = 0, staged = 0, linted = 0, in_conflict = 0, move_theirs = 0, split = 0;
	const struct pm_buf *moving;
	struct pm_facts mf;
	long seq;
	size_t i;

	memset(&d, 0, sizeof(d));
	memset(&l, 0, sizeof(l));
	op = operation_in_progress(s->repo);
	if (op && !strcmp(op, "merge") && split_pair(s, arg, &pair)) {
		/* yours moves, unless it is Final: its sign-offs signed the ID */
		split = 1;
		if (pair.ours_final && pair.theirs_final) {
			ret = pm_error_set(err, PM_EREJECT,
					   "both '%s' and '%s' are Final" BOTH_FINAL_FIX,
					   pair.ours.ptr, pair.theirs.ptr);
			goto done;
		}
		if (!pair.ours_final && doc_relpath(s, arg, &rel, err) == 0 && !strcmp(rel.ptr, pair.theirs.ptr)) {
			ret = pm_error_set(err, PM_EREJECT,
					   "'%s' is the other branch's, which keeps %.*s: renumber yours, 'pmgit renumber %s', then 'git commit' finishes the merge",
					   pair.theirs.ptr, (int)(strlen(pm_basename(pair.ours.ptr)) - 3),
					   pm_basename(pair.ours.ptr), pair.ours.ptr);
			goto done;
		}
		pm_error_clear(err);
		pm_buf_sets(&rel, pair.ours_final ? pair.theirs.ptr : pair.ours.ptr);
		arg = rel.ptr;
	} else if ((ret = doc_arg(s, &arg, &rel, err))) {
		goto done;
	}
	if ((ret = pm_project_load(&s->proj, rel.ptr, &d, err)))
		goto done;
	pm_buf_add(&orig, d.src.ptr, d.src.len);
	if (op && !split) {
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
		int theirs_final;
		if (!in_conflict) {
			ret = pm_error_set(err, PM_EREJECT,
					   "'%s' is Final; a Final postmortem keeps its ID, which its sign-offs signed", arg);
			goto done;
		}
		pm_doc_parse_facts(&doc, theirs.ptr, theirs.len);
		pm_facts_read(&doc, &mf);
		theirs_final = mf.status == PM_STATUS_FINAL;
		pm_doc_release(&doc);
		if (theirs_final) {
			ret = pm_error_set(err, PM_EREJECT,
					   "both postmortems under '%s' are Final" BOTH_FINAL_FIX,
					   l.facts.id ? l.facts.id : arg);
			goto done;
		}
		/* yours keeps the ID its sign-offs signed: the other branch's moves */
		move_theirs = 1;
	}
	moving = move_theirs ? &theirs : &d.src;
	pm_doc_parse_facts(&doc, moving->ptr, moving->len);
	pm_facts_read(&doc, &mf);
	if ((f = pm_facts_header(&doc, pm_id_names)))
		pm_buf_adds(&field, f->name);
	if (!mf.id || !pm_idfmt_match(s->proj.cfg->id_format, mf.id, &year, &seq) || !year) {
		unsigned m, dd;
		pm_civil_from_days(mf.date >= 0 ? mf.date : pm_today(), &year, &m, &dd);
	}
	pm_doc_release(&doc);
	if (!field.len) {
		ret = pm_error_set(err, PM_EREJECT,
				   "'%s'%s has no '**Incident ID**:' line in its header to renumber", arg,
				   move_theirs ? " of the other branch" : "");
		goto done;
	}
	if ((ret = scan_taken(s, year, &scan, NULL, err)))
		goto done;
	pm_buf_add(&dir, rel.ptr, (size_t)(strrchr(rel.ptr, '/') - rel.ptr));
	if ((ret = write_next(s, &scan, dir.ptr, moving, field.ptr, &id, &nrel, err)))
		goto done;

	pm_strlist_add(&stage, rel.ptr);
	pm_strlist_add(&stage, nrel.ptr);
	if (in_conflict) {
		/* the one that keeps the ID goes back in place: the conflict is resolved */
		const struct pm_buf *keeping = move_theirs ? &d.src : &theirs;
		pm_path_join(&full, s->repo->workdir, rel.ptr);
		if ((ret = pm_write_atomic(full.ptr, keeping->ptr, keeping->len, 0644, 0, err)) ||
		    (ret = pm_repo_stage(s->repo, (const char *const *)stage.items, stage.nr, err))) {
			put_back(s, &d, &orig, nrel.ptr, 0);
			goto done;
		}
		pm_path_join(&full, s->repo->workdir, nrel.ptr);
		printf("%s\n", full.ptr); /* as new prints it */
		if (move_theirs)
			fprintf(stderr, "yours is Final and keeps %s at %s; the other branch's postmortem is now %s, %s (both staged): tell its author\n",
				l.facts.id ? l.facts.id : arg, rel.ptr, id.ptr, nrel.ptr);
		else
			fprintf(stderr, "renumbered yours to %s: %s is the other branch's %s again, yours is %s (both staged)\n",
				id.ptr, rel.ptr, l.facts.id ? l.facts.id : arg, nrel.ptr);
		settle_records(s, &d, id.ptr, !move_theirs);
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
	if (split && pair.ours_final)
		fprintf(stderr, "yours is Final and keeps %s at %s; the other branch's postmortem is now %s, %s (staged): tell its author\n",
			l.facts.id ? l.facts.id : arg, pair.ours.ptr, id.ptr, nrel.ptr);
	else if (split)
		fprintf(stderr, "renumbered yours to %s: %s, the other branch's, keeps %s; yours is %s (staged)\n",
			id.ptr, pair.theirs.ptr, l.facts.id ? l.facts.id : arg, nrel.ptr);
	else
		fprintf(stderr, "renumbered %s to %s: %s is now %s%s\n", l.facts.id ? l.facts.id : arg,
			id.ptr, rel.ptr, nrel.ptr, staged ? " (staged)" : "");
	for (i = 0; i < d.nr_records; i++)
		if (d.records[i].problem)
			fprintf(stderr, "  left %s: %s; remove it by hand\n", d.records[i].path,
				d.records[i].problem);
		else
			fprintf(stderr, "  removed %s%s: it signed the old ID; its signer signs %s again\n",
				d.records[i].path, staged ? " (staged)" : "", id.ptr);
	if (split)
		fprintf(stderr, "then: git commit (it finishes the merge)\n");
	else if (staged)
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
	pm_buf_release(&pair.ours);
	pm_buf_release(&pair.theirs);
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
