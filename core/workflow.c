#include "workflow.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "canon.h"
#include "doc.h"
#include "facts.h"
#include "fsutil.h"
#include "lint.h"
#include "pool.h"
#include "project.h"
#include "text.h"
#include "trust.h"

#include "banned.h"

void pm_violations_release(struct pm_violations *v)
{
	size_t i;

	for (i = 0; i < v->nr; i++) {
		free(v->items[i].commit);
		free(v->items[i].author);
		free(v->items[i].path);
		free(v->items[i].rule);
		free(v->items[i].message);
	}
	free(v->items);
	free(v->index);
	memset(v, 0, sizeof(*v));
}

static void add(struct pm_violations *out, const struct pm_workflow_opts *o,
		const char *path, const char *rule, unsigned line, unsigned col,
		int warning, const char *fmt, ...) __attribute__((format(printf, 8, 9)));

/* FNV-1a over what makes two violations the same one. */
static uint64_t violation_hash(const char *commit, const char *path, const char *rule,
			       const char *msg, unsigned line)
{
	const char *parts[4] = { commit ? commit : "", path, rule, msg };
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < 4; i++) {
		const unsigned char *p = (const unsigned char *)parts[i];
		for (; *p; p++)
			h = (h ^ *p) * 1099511628211ULL;
		h = (h ^ 0xff) * 1099511628211ULL; /* "ab","c" is not "a","bc" */
	}
	return (h ^ line) * 1099511628211ULL;
}

static uint64_t item_hash(const struct pm_violation *v)
{
	return violation_hash(v->commit, v->path, v->rule, v->message, v->line);
}

static void index_insert(struct pm_violations *out, size_t item, uint64_t h)
{
	size_t i;

	for (i = (size_t)h & (out->index_cap - 1); out->index[i]; i = (i + 1) & (out->index_cap - 1))
		;
	out->index[i] = item + 1;
}

/*
 * Takes a violation (its strings now out's), unless out holds the same
 * one: a merge judged against two parents reports one problem once.
 */
static void push(struct pm_violations *out, struct pm_violation *nv)
{
	struct pm_violation *v;
	uint64_t h = item_hash(nv);
	size_t i;

	for (i = out->index_cap ? (size_t)h & (out->index_cap - 1) : 0;
	     out->index_cap && out->index[i]; i = (i + 1) & (out->index_cap - 1)) {
		v = &out->items[out->index[i] - 1];
		if (!strcmp(v->path, nv->path) && !strcmp(v->rule, nv->rule) &&
		    !strcmp(v->message, nv->message) && v->line == nv->line &&
		    !!v->commit == !!nv->commit && (!nv->commit || !strcmp(v->commit, nv->commit))) {
			free(nv->commit);
			free(nv->author);
			free(nv->path);
			free(nv->rule);
			free(nv->message);
			return;
		}
	}
	if (2 * (out->nr + 1) > out->index_cap) {
		free(out->index);
		out->index_cap = out->index_cap ? 2 * out->index_cap : 64;
		out->index = pm_xcalloc(out->index_cap, sizeof(*out->index));
		for (i = 0; i < out->nr; i++)
			index_insert(out, i, item_hash(&out->items[i]));
	}
	PM_ALLOC_GROW(out->items, out->nr + 1, out->alloc);
	out->items[out->nr] = *nv;
	index_insert(out, out->nr++, h);
	if (!nv->warning)
		out->errors++;
}

static void add(struct pm_violations *out, const struct pm_workflow_opts *o,
		const char *path, const char *rule, unsigned line, unsigned col,
		int warning, const char *fmt, ...)
{
	struct pm_violation v;
	struct pm_buf msg = PM_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	pm_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	v.commit = o->commit ? pm_xstrdup(o->commit) : NULL;
	v.author = o->author ? pm_xstrdup(o->author) : NULL;
	v.path = pm_xstrdup(path);
	v.rule = pm_xstrdup(rule);
	v.message = pm_buf_detach(&msg, NULL);
	v.line = line;
	v.col = col;
	v.warning = warning;
	push(out, &v);
}

/* One document touched by the change, with its record changes. */
struct touched {
	char *doc;
	int doc_changed;
	struct pm_changes records;
	/* a Final one deleted here comes back there, but not whole (why) */
	const char *moved_apart;
	struct pm_buf apart_why;
	/*
	 * not judged here: moved whole from or to another directory (it was
	 * when it came in), or where a Final one moved apart comes back (the
	 * error at its old place says it all)
	 */
	int passed;
};

static struct touched *touch(struct touched **list, size_t *nr, size_t *alloc,
			     const char *doc)
{
	size_t i;

	/*
	 * from the newest: the changes come sorted, so a document's records
	 * follow it ("INC-1.md", "INC-1.signoffs/...") and are found at once
	 */
	for (i = *nr; i-- > 0;)
		if (!strcmp((*list)[i].doc, doc))
			return &(*list)[i];
	PM_ALLOC_GROW(*list, *nr + 1, *alloc);
	memset(&(*list)[*nr], 0, sizeof(**list));
	(*list)[*nr].doc = pm_xstrdup(doc);
	return &(*list)[(*nr)++];
}

static void judge_policy(struct pm_project *p, const struct pm_changes *ch,
			 const struct pm_workflow_opts *o, struct pm_violations *out)
{
	struct pm_error err = PM_ERROR_INIT;
	size_t i;

	for (i = 0; i < ch->nr; i++) {
		if (strcmp(ch->items[i].path, PM_KEYRING_PATH))
			continue;
		if (ch->items[i].kind == PM_CHANGE_DELETED) {
			add(out, o, PM_KEYRING_PATH, "policy", 0, 0, 0,
			    "deleting the keyring leaves nobody able to sign; keep the file");
			continue;
		}
		if (pm_project_keyring(p, &err))
			add(out, o, PM_KEYRING_PATH, "policy", 0, 0, 0, "%s; fix the file",
			    err.msg.ptr);
	}
	pm_error_release(&err);
}

/*
 * Did the keyring only grow from `a` to `b`: every person still there,
 * under the same name, with every key and slot they had? Then no sign-off
 * that counted before can stop counting (a revocation added is on purpose).
 */
static int keyring_grew(const struct pm_keyring *a, const struct pm_keyring *b)
{
	size_t i, k;

	for (i = 0; i < a->nr_people; i++) {
		const struct pm_person *was = &a->people[i];
		const struct pm_person *is = pm_keyring_person(b, was->principal);
		if (!is || (was->name == NULL) != (is->name == NULL) ||
		    (was->name && strcmp(was->name, is->name)))
			return 0;
		for (k = 0; k < was->nr_keys; k++)
			if (!pm_person_has_key(is, &was->keys[k]))
				return 0;
		for (k = 0; k < was->nr_slots; k++)
			if (!pm_person_has_slot(is, was->slots[k]))
				return 0;
	}
	return 1;
}

/* Do two configs judge sign-offs alike (whatever else differs, the version say)? */
static int same_signoff_rules(const struct pm_config *a, const struct pm_config *b)
{
	size_t i, k;

	if (a->nr_slots != b->nr_slots || a->one_slot_per_person != b->one_slot_per_person ||
	    a->authors_may_approve != b->authors_may_approve)
		return 0;
	for (i = 0; i < a->nr_slots; i++) {
		const struct pm_slot *x = &a->slots[i], *y = &b->slots[i];
		if (strcmp(x->name, y->name) || x->role != y->role || x->optional != y->optional ||
		    x->nr_severities != y->nr_severities || !x->since != !y->since ||
		    (x->since && x->since_days != y->since_days))
			return 0;
		for (k = 0; k < x->nr_severities; k++)
			if (strcasecmp(x->severities[k], y->severities[k]))
				return 0;
	}
	return 1;
}

/*
 * Which policy file a sign-off that stops counting points at, and the fix
 * to name there (into *fix).
 */
static const char *kept_fix(int cfg_changed, int slot_state, int rec_state, int slot_new,
			    const char *key, long today, struct pm_buf *fix)
{
	pm_buf_reset(fix);
	if (slot_new) {
		pm_buf_adds(fix, "give the new slot 'since: ");
		pm_format_date(fix, today);
		pm_buf_adds(fix, "' (or the first incident date it is for), so that it asks only the postmortems to come");
		return PM_CONFIG_PATH;
	}
	if (rec_state == PM_REC_UNKNOWN_KEY) {
		pm_buf_addf(fix, "keep the signer and key in the keyring, and retire the key with 'pmgit keyring revoke %s --reason ...' instead: a revocation keeps the sign-offs made before it",
			    key ? key : "FINGERPRINT");
		return PM_KEYRING_PATH;
	}
	if (rec_state == PM_REC_NOT_ALLOWED) {
		pm_buf_adds(fix, "keep the slot in the signer's keyring entry, or end it only from after their sign-offs with 'pmgit keyring revoke PRINCIPAL --slot SLOT --date DATE'");
		return PM_KEYRING_PATH;
	}
	if (slot_state == PM_SLOT_SELF_APPROVAL || slot_state == PM_SLOT_DUPLICATE_SIGNER)
		pm_buf_adds(fix, "keep the separation rules and the keyring names as they were for the postmortems already Final");
	else
		pm_buf_adds(fix, "keep the policy as it was for the postmortems already Final");
	return cfg_changed ? PM_CONFIG_PATH : PM_KEYRING_PATH;
}

/*
 * What a policy change breaks, grouped: one line per sign-off that stops
 * counting the same way, with the Final postmortems it breaks, so that
 * removing one signer of a thousand postmortems reads as one problem.
 */
struct kept_break {
	const char *where;    /* the policy file to fix (static) */
	char *what;           /* "'SRE Lead' sign-off would be unknown-key (...)" */
	char *fix;
	struct pm_strlist docs;
};

static void kept_add(struct kept_break **b, size_t *nr, size_t *alloc, const char *where,
		     const char *what, const char *fix, const char *doc)
{
	size_t i;

	for (i = 0; i < *nr; i++)
		if ((*b)[i].where == where && !strcmp((*b)[i].what, what) &&
		    !strcmp((*b)[i].fix, fix))
			break;
	if (i == *nr) {
		PM_ALLOC_GROW(*b, *nr + 1, *alloc);
		memset(&(*b)[i], 0, sizeof(**b));
		(*b)[i].where = where;
		(*b)[i].what = pm_xstrdup(what);
		(*b)[i].fix = pm_xstrdup(fix);
		(*nr)++;
	}
	if (!(*b)[i].docs.nr || strcmp((*b)[i].docs.items[(*b)[i].docs.nr - 1], doc))
		pm_strlist_add(&(*b)[i].docs, doc);
}

static void kept_report(struct kept_break *b, size_t nr, const struct pm_workflow_opts *o,
			struct pm_violations *out)
{
	struct pm_buf docs = PM_BUF_INIT;
	size_t i, k;

	for (i = 0; i < nr; i++) {
		size_t n = b[i].docs.nr, shown = n > 3 ? 3 : n;
		pm_buf_reset(&docs);
		for (k = 0; k < shown; k++)
			pm_buf_addf(&docs, "%s'%s'", k ? ", " : "", b[i].docs.items[k]);
		if (n > shown)
			pm_buf_addf(&docs, " and %zu more", n - shown);
		if (n == 1)
			add(out, o, b[i].where, "policy", 0, 0, 0,
			    "this change fails %s, which is Final and verified before it: its %s; %s",
			    docs.ptr, b[i].what, b[i].fix);
		else
			add(out, o, b[i].where, "policy", 0, 0, 0,
			    "this change fails %zu Final postmortems that verified before it (%s): the %s in each; %s",
			    n, docs.ptr, b[i].what, b[i].fix);
		free(b[i].what);
		free(b[i].fix);
		pm_strlist_release(&b[i].docs);
	}
	free(b);
	pm_buf_release(&docs);
}

/*
 * People leave and policies grow, but a postmortem once Final stays
 * verifiable: a change of the policy files may not fail a Final
 * postmortem that passed before it. Retiring a key is a revocation (which
 * keeps the sign-offs made before it, or with compromised: true voids
 * them on purpose), and a new slot asks only later incidents with 'since'.
 */
static void judge_finals_kept(struct pm_project *p, struct pm_project *op, int cfg,
			      const struct pm_changes *ch, const struct pm_workflow_opts *o,
			      struct pm_violations *out)
{
	struct pm_error err = PM_ERROR_INIT;
	struct pm_strlist paths = PM_STRLIST_INIT;
	struct pm_loaded_doc *docs = NULL;
	struct pm_verdict *v = NULL;
	struct pm_error *errs = NULL;
	struct pm_buf fix = PM_BUF_INIT, what = PM_BUF_INIT;
	struct kept_break *breaks = NULL;
	size_t nr_breaks = 0, alloc_breaks = 0;
	const char *where;
	size_t i, j, k;

	/* a keyring that did not read before, or does not now, is judged as such */
	if (pm_project_keyring(op, &err) || pm_project_keyring(p, &err))
		goto done;
	if ((!cfg || same_signoff_rules(op->cfg, p->cfg)) && keyring_grew(op->kr, p->kr))
		goto done;
	if (pm_project_documents(p, &paths, &err) || !paths.nr)
		goto done;
	docs = pm_xcalloc(paths.nr, sizeof(*docs));
	v = pm_xcalloc(paths.nr, sizeof(*v));
	errs = pm_xcalloc(paths.nr, sizeof(*errs));
	if (pm_project_verify_all(p, paths.items, paths.nr, docs, v, errs, 0, &err))
		goto done;
	for (i = 0; i < paths.nr; i++) {
		struct pm_loaded_doc od;
		struct pm_verdict ov;
		int changed = 0;

		if (errs[i].code || v[i].status != PM_STATUS_FINAL || v[i].ok)
			continue;
		for (j = 0; j < ch->nr; j++)
			changed |= !strcmp(ch->items[j].path, paths.items[i]);
		/* a document changed here answers to its own rules */
		if (changed || pm_project_load(op, paths.items[i], &od, &err)) {
			pm_error_clear(&err);
			continue;
		}
		memset(&ov, 0, sizeof(ov));
		if (!pm_project_verify(op, &od, &ov, &err) && ov.ok && ov.status == PM_STATUS_FINAL) {
			/* what counted under the old policy and does not now */
			for (k = 0; k < v[i].nr_slots; k++) {
				const struct pm_slot_verdict *s = &v[i].slots[k], *was = NULL;
				const struct pm_rec_verdict *r = s->record >= 0 ? &v[i].recs[s->record] : NULL;
				if (!s->required || s->state == PM_SLOT_VALID || s->state == PM_SLOT_REVOKED)
					continue;
				for (j = 0; j < ov.nr_slots && !was; j++)
					if (!strcasecmp(ov.slots[j].slot->name, s->slot->name))
						was = &ov.slots[j];
				if (was && was->required && was->state != PM_SLOT_VALID)
					continue;
				where = kept_fix(cfg, (int)s->state, r ? (int)r->state : -1,
						 !was || !was->required, r ? r->st.key : NULL, o->now, &fix);
				pm_buf_reset(&what);
				pm_buf_addf(&what, "'%s' sign-off would be %s%s%s%s", s->slot->name,
					    pm_slot_state_name(s->state), s->detail ? " (" : "",
					    s->detail ? s->detail : "", s->detail ? ")" : "");
				kept_add(&breaks, &nr_breaks, &alloc_breaks, where, what.ptr, fix.ptr,
					 paths.items[i]);
			}
			for (k = 0; k < v[i].nr_recs; k++) {
				const struct pm_rec_verdict *r = &v[i].recs[k];
				int counted = 0;
				if (!pm_rec_state_fails(r->state) || r->state == PM_REC_REVOKED)
					continue;
				for (j = 0; j < ov.nr_recs; j++)
					if (!strcmp(ov.recs[j].path, r->path))
						counted = !pm_rec_state_fails(ov.recs[j].state);
				/* a required slot's record is named above */
				for (j = 0; j < v[i].nr_slots && counted; j++)
					if (v[i].slots[j].required && v[i].slots[j].record == (int)k)
						counted = 0;
				if (!counted)
					continue;
				where = kept_fix(cfg, -1, (int)r->state, 0, r->st.key, o->now, &fix);
				pm_buf_reset(&what);
				pm_buf_addf(&what, "'%s' sign-off would be %s (%s)",
					    r->st.slot ? r->st.slot : pm_basename(r->path),
					    pm_rec_state_name(r->state), r->detail ? r->detail : "");
				kept_add(&breaks, &nr_breaks, &alloc_breaks, where, what.ptr, fix.ptr,
					 paths.items[i]);
			}
		}
		pm_error_clear(&err);
		pm_verdict_release(&ov);
		pm_loaded_doc_release(&od);
	}
done:
	if (docs)
		pm_project_verify_free(docs, v, errs, paths.nr);
	kept_report(breaks, nr_breaks, o, out);
	pm_strlist_release(&paths);
	pm_buf_release(&fix);
	pm_buf_release(&what);
	pm_error_release(&err);
}

/* The postmortems, records and follow-ups under cfg's directory. */
static void guarded_files(struct pm_snap *s, const struct pm_config *cfg, struct pm_strlist *out)
{
	struct pm_strlist all = PM_STRLIST_INIT;
	struct pm_buf doc = PM_BUF_INIT;
	size_t i;

	if (!pm_snap_list(s, cfg->directory, NULL, &all, NULL))
		for (i = 0; i < all.nr; i++)
			if (pm_project_classify(cfg, all.items[i], &doc) != PM_PATH_OTHER)
				pm_strlist_add(out, all.items[i]);
	pm_strlist_release(&all);
	pm_buf_release(&doc);
}

/* Is `pa` of `a` what `pb` of `b` is: the same kind, and for a file the same bytes? */
static int same_entry(struct pm_snap *a, const char *pa, struct pm_snap *b, const char *pb,
		      struct pm_buf *fa, struct pm_buf *fb)
{
	enum pm_entry_kind ka = pm_snap_kind(a, pa);

	if (ka != pm_snap_kind(b, pb))
		return 0;
	return ka != PM_ENTRY_FILE ||
	       (!pm_snap_read(a, pa, (size_t)-1 >> 1, fa, NULL) &&
		!pm_snap_read(b, pb, (size_t)-1 >> 1, fb, NULL) && fa->len == fb->len &&
		!memcmp(fa->ptr, fb->ptr, fa->len));
}

/*
 * Do the files `la` of `a` and `lb` of `b` match, path for path (the
 * first `na` and `nb` bytes of each path aside) and byte for byte?
 */
static int same_listed(struct pm_snap *a, const struct pm_strlist *la, size_t na,
		       struct pm_snap *b, const struct pm_strlist *lb, size_t nb)
{
	struct pm_buf fa = PM_BUF_INIT, fb = PM_BUF_INIT;
	size_t i;
	int same = la->nr == lb->nr;

	for (i = 0; same && i < la->nr; i++)
		same = !strcmp(la->items[i] + na, lb->items[i] + nb) &&
		       same_entry(a, la->items[i], b, lb->items[i], &fa, &fb);
	pm_buf_release(&fa);
	pm_buf_release(&fb);
	return same;
}

/*
 * Do `a` under ca's directory and `b` under cb's hold the same postmortems,
 * records and follow-ups, path for path (below the directory) and byte
 * for byte?
 */
static int same_files(struct pm_snap *a, const struct pm_config *ca, struct pm_snap *b,
		      const struct pm_config *cb)
{
	struct pm_strlist la = PM_STRLIST_INIT, lb = PM_STRLIST_INIT;
	git_oid ta, tb;
	int same;

	/* two trees (without staged changes on top): one lookup each */
	pm_snap_subtree_id(a, ca->directory, &ta);
	pm_snap_subtree_id(b, cb->directory, &tb);
	if (!a->nr_overlay && !b->nr_overlay && !git_oid_is_zero(&ta) && !git_oid_cmp(&ta, &tb))
		return 1;
	guarded_files(a, ca, &la);
	guarded_files(b, cb, &lb);
	same = same_listed(a, &la, strlen(ca->directory), b, &lb, strlen(cb->directory));
	pm_strlist_release(&la);
	pm_strlist_release(&lb);
	return same;
}

/* A postmortem with its follow-up and records, as far as `s` holds them. */
static void unit_files(struct pm_snap *s, const char *doc, struct pm_strlist *out)
{
	struct pm_buf path = PM_BUF_INIT;

	pm_strlist_add(out, doc);
	pm_project_followup_path(doc, &path);
	if (pm_snap_exists(s, path.ptr))
		pm_strlist_add(out, path.ptr);
	pm_project_records_dir(doc, &path);
	pm_snap_list(s, path.ptr, NULL, out, NULL);
	pm_buf_release(&path);
}

static int listed_at(const struct pm_strlist *l, size_t skip, const char *rel)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (!strcmp(l->items[i] + skip, rel))
			return 1;
	return 0;
}

/*
 * Does the postmortem `from` of `old` stand unchanged at `to` of `new`
 * (same file name, another directory), with its follow-up and every
 * record, and nothing more of them? When not, *why says what differs,
 * with the 'git mv' that takes a file left behind along when `mv` is set
 * (the client hooks).
 */
static int moved_whole(struct pm_snap *old, const char *from, struct pm_snap *new,
		       const char *to, int mv, struct pm_buf *why)
{
	struct pm_strlist la = PM_STRLIST_INIT, lb = PM_STRLIST_INIT;
	struct pm_buf there = PM_BUF_INIT, fa = PM_BUF_INIT, fb = PM_BUF_INIT;
	size_t na = (size_t)(pm_basename(from) - from), nb = (size_t)(pm_basename(to) - to), i;
	int same;

	unit_files(old, from, &la);
	unit_files(new, to, &lb);
	same = same_listed(old, &la, na, new, &lb, nb);
	for (i = 0; !same && !why->len && i < la.nr; i++) {
		pm_buf_reset(&there);
		pm_buf_add(&there, to, nb);
		pm_buf_adds(&there, la.items[i] + na);
		if (!listed_at(&lb, nb, la.items[i] + na) && mv && pm_snap_exists(new, la.items[i])) {
			pm_buf_addf(why, "'%s' stays behind ('git mv -- ", la.items[i]);
			pm_sh_arg(why, la.items[i]);
			pm_buf_addch(why, ' ');
			pm_sh_arg(why, there.ptr);
			pm_buf_adds(why, "')");
		} else if (!listed_at(&lb, nb, la.items[i] + na))
			pm_buf_addf(why, "'%s' stays behind", la.items[i]);
		else if (!same_entry(old, la.items[i], new, there.ptr, &fa, &fb))
			pm_buf_addf(why, "'%s' changes on the way", there.ptr);
	}
	for (i = 0; !same && !why->len && i < lb.nr; i++)
		if (!listed_at(&la, na, lb.items[i] + nb))
			pm_buf_addf(why, "'%s' comes in with it", lb.items[i]);
	pm_strlist_release(&la);
	pm_strlist_release(&lb);
	pm_buf_release(&there);
	pm_buf_release(&fa);
	pm_buf_release(&fb);
	return same;
}

/*
 * A changed 'directory:' makes what the old directory held unguarded and
 * what the new one holds new: a Final postmortem moved along could come
 * back as a Draft, edited, its sign-offs gone, and pass as a new one. So
 * the move must be a move alone: the new directory holds exactly the
 * postmortems, records and follow-ups the old one did (other files, such
 * as a .gitkeep, may stay behind).
 */
static void judge_directory_move(struct pm_project *p, struct pm_project *op,
				 struct pm_snap *old, struct pm_snap *new,
				 const struct pm_workflow_opts *o, struct pm_violations *out)
{
	const char *was = op->cfg->directory, *is = p->cfg->directory;

	if (strcmp(was, is) && !same_files(old, op->cfg, new, p->cfg)) {
		struct pm_buf mv = PM_BUF_INIT;
		pm_buf_adds(&mv, "git mv ");
		pm_sh_arg(&mv, was);
		pm_buf_addch(&mv, ' ');
		pm_sh_arg(&mv, is);
		add(out, o, PM_CONFIG_PATH, "policy", 0, 0, 0,
		    "'directory' moves from '%s' to '%s', but '%s' does not hold what '%s' held: the postmortems in it would come in as new ones and the Final ones could change; move them alone in this commit ('%s'), and change them in another",
		    was, is, is, was, mv.ptr);
		pm_buf_release(&mv);
	}
}

/*
 * A change of the policy files, judged against the policy before it (when
 * there was one that read): Final postmortems stay verifiable, and a new
 * directory holds what the old one did.
 */
static void judge_policy_change(struct pm_project *p, struct pm_snap *old, struct pm_snap *new,
				const struct pm_changes *ch, const struct pm_workflow_opts *o,
				struct pm_violations *out)
{
	struct pm_project op;
	struct pm_error err = PM_ERROR_INIT;
	int cfg = 0, kr = 0;
	size_t i;

	for (i = 0; i < ch->nr; i++) {
		cfg |= !strcmp(ch->items[i].path, PM_CONFIG_PATH);
		kr |= !strcmp(ch->items[i].path, PM_KEYRING_PATH);
	}
	if (!cfg && !kr)
		return; /* what the hook meets in nearly every commit */
	if (!pm_project_open(&op, old, &err)) {
		judge_finals_kept(p, &op, cfg, ch, o, out);
		if (cfg)
			judge_directory_move(p, &op, old, new, o, out);
	}
	pm_project_release(&op); /* whatever pm_project_open said, as judge does */
	pm_error_release(&err);
}

/*
 * Whether the new version's policy lets sign-offs count: judged once per
 * change, and only when the change signs or finalizes something.
 */
struct trust_gate {
	struct pm_project *p;
	struct pm_snap *snap;
	int judged, blocked;
	struct pm_buf why;
};

static int signing_blocked(struct trust_gate *g)
{
	if (!g->judged) {
		g->judged = 1;
		g->blocked = !pm_project_keyring(g->p, NULL) &&
			     pm_trust_allows_signing(g->snap, g->p->cfg, g->p->kr, &g->why,
						     NULL) == PM_EREJECT;
	}
	return g->blocked;
}

static int under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && path[n] == '/';
}

/*
 * The trust root of a snapshot's policy ("" when unprotected or
 * unreadable) and its newest approved version.
 */
static void root_of(struct pm_snap *snap, char root[PM_HASH_HEX], long *approved, int *protected_)
{
	struct pm_project p;
	struct pm_trust t;
	struct pm_error err = PM_ERROR_INIT;

	root[0] = '\0';
	*approved = 0;
	*protected_ = pm_snap_exists(snap, PM_POLICY_RECORDS_DIR);
	if (!pm_project_open(&p, snap, &err) && !pm_project_keyring(&p, &err)) {
		if (p.kr->nr_admins)
			*protected_ = 1;
		if (!pm_trust_eval(snap, p.cfg, p.kr, &t, &err)) {
			memcpy(root, t.root, PM_HASH_HEX);
			*approved = t.approved;
			pm_trust_release(&t);
		}
	}
	pm_project_release(&p);
	pm_error_release(&err);
}

/*
 * In the pre-commit hook, the git command that undoes a change to `path`
 * ("checkout HEAD --", "rm -f --"), as " ('git ... PATH')"; elsewhere
 * (a push, the audit) nothing: HEAD is not the version to go back to.
 */
static const char *undo_cmd(struct pm_buf *b, const struct pm_workflow_opts *o, const char *git,
			    const char *path)
{
	pm_buf_reset(b);
	if (!o->workdir)
		return "";
	pm_buf_addf(b, " ('git %s ", git);
	pm_sh_arg(b, path);
	pm_buf_adds(b, "')");
	return b->ptr;
}

/*
 * A change to .pmgit/ under a protected policy: the files must make a
 * version that can be approved, the root stays, approvals are only ever
 * added, and each added approval must count.
 */
static void judge_trust(struct pm_project *p, struct pm_snap *old, struct pm_snap *new,
			const struct pm_changes *ch, const struct pm_workflow_opts *o,
			struct pm_violations *out)
{
	struct pm_trust t;
	struct pm_buf how = PM_BUF_INIT;
	char old_root[PM_HASH_HEX];
	long old_approved;
	int old_protected = 0, new_protected;
	size_t i, k;

	for (i = 0; i < ch->nr && !under(ch->items[i].path, PM_PMGIT_DIR); i++)
		;
	if (i == ch->nr || pm_project_keyring(p, NULL))
		return; /* no policy change; a keyring that does not parse is reported elsewhere */
	root_of(old, old_root, &old_approved, &old_protected);
	new_protected = p->kr->nr_admins > 0 || pm_snap_exists(new, PM_POLICY_RECORDS_DIR);
	if (!old_protected && !new_protected)
		return;
	if (pm_trust_eval(new, p->cfg, p->kr, &t, NULL))
		return;
	if (t.state == PM_TRUST_BROKEN)
		add(out, o, PM_KEYRING_PATH, "policy", 0, 0, 0, "%s", t.why.ptr);
	if (old_root[0] && strcmp(old_root, t.root))
		add(out, o, PM_KEYRING_PATH, "policy", 0, 0, 0,
		    "the policy's root would change from %s to %s; a protected policy keeps its root, and its approvals chain from it",
		    old_root, t.root[0] ? t.root : "none");
	for (i = 0; i < ch->nr; i++) {
		const struct pm_change *c = &ch->items[i];
		if (!under(c->path, PM_POLICY_RECORDS_DIR))
			continue;
		if (c->kind != PM_CHANGE_ADDED && old_protected) {
			/* an approval of a version still pending may be redone or withdrawn */
			const char *base = strrchr(c->path, '/') + 1;
			long v = base[0] == 'v' ? strtol(base + 1, NULL, 10) : 0;
			if (v <= old_approved) {
				add(out, o, c->path, "policy", 0, 0, 0,
				    "approvals of an approved policy version are permanent; restore '%s'%s",
				    c->path, undo_cmd(&how, o, "checkout HEAD --", c->path));
				continue;
			}
		}
		for (k = 0; k < t.nr_notes; k++)
			if (!strcmp(t.notes[k].path, c->path))
				add(out, o, c->path, "policy", 0, 0, 0,
				    "this approval counts for nothing: %s; remove it%s, and approve with 'pmgit policy sign'",
				    t.notes[k].why, undo_cmd(&how, o, "rm -f --", c->path));
	}
	pm_trust_release(&t);
	pm_buf_release(&how);
}

/* Does the record at `path` stand byte for byte in one of a merge's other parents? */
static int merged_in(struct pm_project *p, const struct pm_workflow_opts *o, const char *path)
{
	struct pm_buf here = PM_BUF_INIT, there = PM_BUF_INIT;
	size_t k;
	int found = 0;

	if (o->nr_also && !pm_snap_read(p->snap, path, PM_RECORD_MAX, &here, NULL))
		for (k = 0; k < o->nr_also && !found; k++)
			found = !pm_snap_read(o->also[k], path, PM_RECORD_MAX, &there, NULL) &&
				there.len == here.len && !memcmp(there.ptr, here.ptr, here.len);
	pm_buf_release(&here);
	pm_buf_release(&there);
	return found;
}

/*
 * Does a record that is stale against the staged document cover the
 * document as it is in the working tree? ('pmgit sign' signs the file on
 * disk; the signer staged the record and not the edit.)
 */
static int signed_on_disk(const struct pm_workflow_opts *o, const char *doc,
			  const struct pm_rec_verdict *rv)
{
	struct pm_buf path = PM_BUF_INIT, src = PM_BUF_INIT;
	char hex[PM_HASH_HEX];
	int same = 0;

	if (!o->workdir || !rv->st.doc_sha256)
		return 0;
	pm_buf_addf(&path, "%s%s", o->workdir, doc);
	if (!pm_read_file_nofollow(path.ptr, PM_DOC_MAX_BYTES, &src, NULL)) {
		pm_canon_hash(src.ptr, src.len, hex);
		same = !strcmp(hex, rv->st.doc_sha256);
	}
	pm_buf_release(&path);
	pm_buf_release(&src);
	return same;
}

/*
 * Does the record cover the text hashed `hex`, under the file name its
 * statement makes (not another's record copied)?
 */
static int record_covers(const struct pm_record_input *ri, const char *hex)
{
	struct pm_record rec = PM_RECORD_INIT;
	struct pm_statement st;
	struct pm_buf name = PM_BUF_INIT;
	int covers = 0;

	memset(&st, 0, sizeof(st));
	if (!ri->problem && !pm_record_parse(&rec, ri->path, ri->data, ri->len, NULL) &&
	    !pm_statement_parse(rec.statement.ptr, rec.statement.len, &st, NULL) &&
	    st.doc_sha256 && st.slot && st.signer) {
		pm_record_filename(&name, st.slot, st.signer);
		covers = !strcmp(st.doc_sha256, hex) && !strcmp(name.ptr, pm_basename(ri->path));
	}
	pm_buf_release(&name);
	pm_statement_release(&st);
	pm_record_release(&rec);
	return covers;
}

/*
 * Does a record of the loaded document (its records read here), or the
 * one at `only` when not NULL, cover the text `src`? One that does shows
 * the text its signer signed.
 */
static int records_cover(struct pm_project *p, struct pm_loaded_doc *d, const char *only,
			 const char *src, size_t len)
{
	char hex[PM_HASH_HEX];
	size_t i;

	if (!d->records && pm_project_load_records(p, d, NULL))
		return 0;
	pm_canon_hash(src, len, hex);
	for (i = 0; i < d->nr_records; i++)
		if ((!only || !strcmp(only, d->records[i].path)) && record_covers(&d->records[i], hex))
			return 1;
	return 0;
}


/*
 * A change to a Final postmortem that undoes an earlier one made without
 * the hooks (--no-verify) still changes it, but "restore it" is what it
 * did: the earlier commit is the one to take out of the history, where
 * pre-push and the server refuse it. The command that finds it, for `path`.
 */
static void earlier_commit_advice(struct pm_buf *out, const char *path)
{
	pm_buf_adds(out, "'git log --oneline -- ");
	pm_sh_arg(out, path);
	pm_buf_adds(out, "' finds it, 'git rebase -i ID~1' drops it");
}

/*
 * In a merge the pre-merge-commit hook judges against HEAD: a postmortem
 * Final on the branch merged in, and edited on this one, would read as
 * one made Final over stale sign-offs ("sign it again"), where the truth
 * is that the merge changes a Final postmortem, as pre-push and the server
 * (judging the merge against that parent) will say. Names each file that
 * differs from the Final version, with the command that takes it; true
 * when there was one.
 */
static int changes_merged_final(struct pm_project *p, const char *doc,
				const struct pm_workflow_opts *o, struct pm_violations *out)
{
	struct pm_buf theirs = PM_BUF_INIT, ours = PM_BUF_INIT, dir = PM_BUF_INIT;
	struct pm_buf how = PM_BUF_INIT;
	struct pm_strlist a = PM_STRLIST_INIT, b = PM_STRLIST_INIT;
	const char *rev = o->nr_also == 1 ? "checkout MERGE_HEAD --" : NULL;
	size_t k, i, j;
	int found = 0;

	for (k = 0; k < o->nr_also && !found; k++) {
		struct pm_snap *there = o->also[k];
		if (pm_snap_read(there, doc, PM_DOC_MAX_BYTES, &theirs, NULL) ||
		    pm_facts_status(theirs.ptr, theirs.len, NULL) != PM_STATUS_FINAL)
			continue;
		if (pm_snap_read(p->snap, doc, PM_DOC_MAX_BYTES, &ours, NULL)) {
			add(out, o, doc, "frozen", 0, 0, 0,
			    "'%s' is Final on the branch merged in, and the merge deletes it; keep it%s",
			    doc, rev ? undo_cmd(&how, o, rev, doc) : "");
			found = 1;
		} else if (ours.len != theirs.len || memcmp(ours.ptr, theirs.ptr, ours.len)) {
			add(out, o, doc, "frozen", 0, 0, 0,
			    "'%s' is Final on the branch merged in and cannot change; keep its version%s, and record anything new in a new postmortem ('pmgit new')",
			    doc, rev ? undo_cmd(&how, o, rev, doc) : "");
			found = 1;
		}
		pm_project_records_dir(doc, &dir);
		pm_strlist_release(&a);
		pm_strlist_release(&b);
		pm_snap_list(there, dir.ptr, NULL, &a, NULL);
		pm_snap_list(p->snap, dir.ptr, NULL, &b, NULL);
		for (i = 0; i < a.nr; i++) {
			int same = !pm_snap_read(there, a.items[i], PM_RECORD_MAX, &theirs, NULL) &&
				   !pm_snap_read(p->snap, a.items[i], PM_RECORD_MAX, &ours, NULL) &&
				   ours.len == theirs.len && !memcmp(ours.ptr, theirs.ptr, ours.len);
			if (same)
				continue;
			add(out, o, a.items[i], "frozen", 0, 0, 0,
			    "the sign-offs of '%s', Final on the branch merged in, cannot change; restore '%s'%s",
			    doc, a.items[i], rev ? undo_cmd(&how, o, rev, a.items[i]) : "");
			found = 1;
		}
		for (j = 0; j < b.nr; j++) {
			for (i = 0; i < a.nr && strcmp(a.items[i], b.items[j]); i++)
				;
			if (i < a.nr)
				continue;
			add(out, o, b.items[j], "frozen", 0, 0, 0,
			    "the sign-offs of '%s', Final on the branch merged in, cannot change; remove '%s'%s",
			    doc, b.items[j], undo_cmd(&how, o, "rm -f --", b.items[j]));
			found = 1;
		}
	}
	pm_buf_release(&theirs);
	pm_buf_release(&ours);
	pm_buf_release(&dir);
	pm_buf_release(&how);
	pm_strlist_release(&a);
	pm_strlist_release(&b);
	return found;
}

static void judge_document(struct pm_project *p, struct pm_snap *old,
			   struct touched *t, const struct pm_workflow_opts *o,
			   struct trust_gate *gate, struct pm_violations *out)
{
	struct pm_error err = PM_ERROR_INIT;
	struct pm_buf old_src = PM_BUF_INIT, old_id = PM_BUF_INIT, new_id = PM_BUF_INIT;
	struct pm_loaded_doc d;
	struct pm_verdict v;
	size_t i, k;
	int old_exists, old_final, r, final_new;

	memset(&d, 0, sizeof(d));
	memset(&v, 0, sizeof(v));
	if (t->passed)
		goto done;
	old_exists = pm_snap_read(old, t->doc, PM_DOC_MAX_BYTES, &old_src, NULL) == 0;
	old_final = old_exists && pm_facts_status(old_src.ptr, old_src.len, &old_id) == PM_STATUS_FINAL;
	if (o->workdir && o->nr_also && !old_final && changes_merged_final(p, t->doc, o, out))
		goto done;
	r = pm_project_load_doc(p, t->doc, &d, &err);
	if (old_final) {
		if (r == PM_ENOTFOUND) {
			struct pm_buf recs = PM_BUF_INIT, fu = PM_BUF_INIT;
			pm_project_records_dir(t->doc, &recs);
			pm_project_followup_path(t->doc, &fu);
			if (t->moved_apart)
				add(out, o, t->doc, "frozen", 0, 0, 0,
				    "Final '%s' moves to '%s', but %s; a Final postmortem moves whole, its records ('%s/') and any follow-up with it, nothing of them changed",
				    t->doc, t->moved_apart, t->apart_why.ptr, recs.ptr);
			else {
				struct pm_buf how = PM_BUF_INIT;
				add(out, o, t->doc, "frozen", 0, 0, 0,
				    "'%s' is Final and cannot be deleted or renamed; restore it%s (it may move to another directory under the same name, with '%s/' and '%s' if it has one, all unchanged)",
				    t->doc, undo_cmd(&how, o, "checkout HEAD --", t->doc), recs.ptr,
				    pm_basename(fu.ptr));
				pm_buf_release(&how);
			}
			pm_buf_release(&recs);
			pm_buf_release(&fu);
			if (t->moved_apart)
				goto done;
		}
		else if (r || d.src.len != old_src.len ||
			 memcmp(d.src.ptr, old_src.ptr, old_src.len)) {
			if (!r && records_cover(p, &d, NULL, d.src.ptr, d.src.len) &&
			    !records_cover(p, &d, NULL, old_src.ptr, old_src.len)) {
				struct pm_buf how = PM_BUF_INIT;
				earlier_commit_advice(&how, t->doc);
				add(out, o, t->doc, "frozen", 0, 0, 0,
				    "'%s' is Final and cannot change: this brings back the text its sign-offs cover, which an earlier commit changed without the hooks (--no-verify); that commit stays in the history, where pre-push and the server refuse it, so take it out rather than undo it (%s)",
				    t->doc, how.ptr);
				pm_buf_release(&how);
			} else {
				struct pm_buf how = PM_BUF_INIT;
				add(out, o, t->doc, "frozen", 0, 0, 0,
				    "'%s' is Final and cannot change; restore it%s, and record anything new in a new postmortem ('pmgit new')",
				    t->doc, undo_cmd(&how, o, "checkout HEAD --", t->doc));
				pm_buf_release(&how);
			}
		}
		for (i = 0; i < t->records.nr; i++) {
			const struct pm_change *c = &t->records.items[i];
			struct pm_buf how = PM_BUF_INIT;
			if (c->kind != PM_CHANGE_ADDED)
				add(out, o, c->path, "frozen", 0, 0, 0,
				    "the sign-offs of Final '%s' cannot change; restore '%s'%s", t->doc, c->path,
				    undo_cmd(&how, o, "checkout HEAD --", c->path));
			else if (!r && records_cover(p, &d, c->path, d.src.ptr, d.src.len)) {
				struct pm_buf rm = PM_BUF_INIT;
				earlier_commit_advice(&how, c->path);
				add(out, o, c->path, "frozen", 0, 0, 0,
				    "the sign-offs of Final '%s' cannot change: '%s' is added; if an earlier commit removed it without the hooks (--no-verify), take that commit out of the history rather than add the record back (%s); else remove it%s",
				    t->doc, c->path, how.ptr, undo_cmd(&rm, o, "rm -f --", c->path));
				pm_buf_release(&rm);
			} else
				add(out, o, c->path, "frozen", 0, 0, 0,
				    "the sign-offs of Final '%s' cannot change; remove '%s'%s", t->doc, c->path,
				    undo_cmd(&how, o, "rm -f --", c->path));
			pm_buf_release(&how);
		}
		goto done;
	}
	if (r == PM_ENOTFOUND) {
		struct pm_buf rm = PM_BUF_INIT;
		for (i = 0; i < t->records.nr; i++)
			if (t->records.items[i].kind != PM_CHANGE_DELETED)
				add(out, o, t->records.items[i].path, "orphan-record", 0, 0, 0,
				    "sign-off record for '%s', which does not exist; remove the record%s or add the postmortem",
				    t->doc, undo_cmd(&rm, o, "rm -f --", t->records.items[i].path));
		pm_buf_release(&rm);
		goto done;
	}
	if (r) {
		add(out, o, t->doc, "file", 0, 0, 0, "%s", err.msg.ptr);
		goto done;
	}

	final_new = pm_facts_status(d.src.ptr, d.src.len, &new_id) == PM_STATUS_FINAL;
	/*
	 * The records count only for Final, or when they change: a draft's
	 * edit reads no other file (in a large repository, listing the
	 * records means reading the whole postmortem directory's tree).
	 */
	if ((final_new || t->records.nr) && (r = pm_project_load_records(p, &d, &err))) {
		add(out, o, t->doc, "file", 0, 0, 0, "%s", err.msg.ptr);
		goto done;
	}
	{
		/* signing and finalizing wait for an approved policy */
		int signs = 0;
		for (i = 0; i < t->records.nr; i++)
			signs |= t->records.items[i].kind != PM_CHANGE_DELETED;
		if ((signs || (final_new && t->doc_changed)) && signing_blocked(gate))
			add(out, o, t->doc, "policy", 0, 0, 0,
			    "%s; until then no sign-off is added and nothing is finalized",
			    gate->why.ptr);
	}
	if (t->doc_changed || final_new) {
		/*
		 * the document's level holds for the status it is committed with;
		 * its ID was checked against the others when it came in, unless
		 * it comes in now
		 */
		int new_id_here = !old_exists || strcmp(old_id.ptr, new_id.ptr);
		/*
		 * the history audit judges a Date against the day of its commit,
		 * as the hook did then: one after it was future-dated when it came in
		 */
		int at_commit = o->added_at_commit && o->added;
		struct pm_check_opts co = { -1, at_commit ? o->added : o->now, new_id_here, final_new, 0, 1,
					    at_commit, o->workdir && o->nr_also };
		struct pm_lint l;
		/* a Final one's sign-offs are verified here, once: v serves below */
		if (pm_project_lint(p, &d, &co, &l, &v, &err)) {
			add(out, o, t->doc, "policy", 0, 0, 0, "%s", err.msg.ptr);
			goto done;
		}
		for (i = 0; i < l.nr; i++)
			if (l.findings[i].sev == PM_SEV_ERROR)
				add(out, o, t->doc, pm_rules[l.findings[i].rule].name,
				    l.findings[i].line, l.findings[i].col, 0, "%s",
				    l.findings[i].msg);
		pm_lint_release(&l);
	}

	/* each added or replaced sign-off must verify */
	for (i = 0; i < t->records.nr; i++) {
		const struct pm_change *c = &t->records.items[i];
		if (c->kind == PM_CHANGE_DELETED)
			continue;
		if (!v.recs && pm_project_verify(p, &d, &v, &err)) {
			add(out, o, c->path, "policy", 0, 0, 0, "%s", err.msg.ptr);
			break;
		}
		for (k = 0; k < v.nr_recs; k++) {
			const struct pm_rec_verdict *rv = &v.recs[k];
			const struct pm_revocation *rk;
			const struct pm_former_slot *fs = NULL;
			const struct pm_person *who;
			long when = o->added ? o->added : o->now;
			if (strcmp(rv->path, c->path))
				continue;
			if (!pm_rec_state_fails(rv->state) && p->kr && rv->st.signer && rv->st.slot &&
			    (who = pm_keyring_person(p->kr, rv->st.signer)))
				fs = pm_person_former_slot(who, rv->st.slot);
			/*
			 * A plain revocation spares the records dated before it,
			 * and the date is the signer's to write: whoever holds a
			 * lost key could date a new record back. One added now,
			 * with its key revoked already, counts for nothing.
			 */
			if (!pm_rec_state_fails(rv->state) && rv->key_fp && p->kr &&
			    (rk = pm_keyring_revocation(p->kr, rv->key_fp)) && rk->days <= when &&
			    !merged_in(p, o, c->path))
				add(out, o, c->path, "record", 0, 0, 0,
				    "sign-off record is signed with key %s, revoked on %s%s%s%s, before this record was added; a record added once its key is revoked counts for nothing, whatever date it gives: sign again with a current key",
				    rv->key_fp, rk->date, rk->reason && *rk->reason ? " (" : "",
				    rk->reason ? rk->reason : "", rk->reason && *rk->reason ? ")" : "");
			else if (fs && fs->days <= when && !merged_in(p, o, c->path))
				/* the same for a slot someone held until a day: the date is theirs to write */
				add(out, o, c->path, "record", 0, 0, 0,
				    "sign-off record is for the '%s' slot, which %s held until %s, before this record was added; a sign-off added once the slot has ended counts for nothing, whatever date it gives: someone who holds the slot signs it",
				    fs->slot, rv->st.signer, fs->until);
			else if (!o->added && !pm_rec_state_fails(rv->state) && rv->st.time &&
				 rv->st.time_days > when + 1 && !merged_in(p, o, c->path)) {
				/*
				 * Added now (a hook), yet dated later: a day's slack for
				 * the signer's time zone; more is a wrong clock or a claim.
				 * The history audit has only the committer's word for
				 * when, and leaves this to the hook that judged it then.
				 */
				struct pm_buf day = PM_BUF_INIT;
				pm_format_date(&day, when);
				add(out, o, c->path, "record", 0, 0, 0,
				    "sign-off record is dated %s, after the day it is added (%s); a sign-off cannot be given in the future: set the signing machine's clock right and sign again with 'pmgit sign'",
				    rv->st.time, day.ptr);
				pm_buf_release(&day);
			} else if (pm_rec_state_fails(rv->state)) {
				/* text outside the hash is the document's to fix, not the record's */
				struct pm_buf rm = PM_BUF_INIT;
				add(out, o, c->path, "record", 0, 0, 0, "sign-off record is %s: %s%s%s",
				    pm_rec_state_name(rv->state), rv->detail ? rv->detail : "",
				    rv->uncovered ? "" : "; sign again with 'pmgit sign' or remove it",
				    rv->uncovered ? "" : undo_cmd(&rm, o, "rm -f --", c->path));
				pm_buf_release(&rm);
			}
			else if (rv->state == PM_REC_STALE && signed_on_disk(o, t->doc, rv)) {
				struct pm_buf q = PM_BUF_INIT;
				pm_sh_arg(&q, t->doc);
				add(out, o, c->path, "record", 0, 0, 0,
				    "sign-off record covers '%s' as it is in the working tree, not as it is staged, so it would be stale from the start; stage the document too ('git add %s') and commit again",
				    t->doc, q.ptr);
				pm_buf_release(&q);
			}
			else if (rv->state != PM_REC_VALID)
				add(out, o, c->path, "record", 0, 0, 1, "sign-off record is %s: %s",
				    pm_rec_state_name(rv->state), rv->detail ? rv->detail : "");
		}
	}
done:
	pm_verdict_release(&v);
	pm_loaded_doc_release(&d);
	pm_buf_release(&old_src);
	pm_buf_release(&old_id);
	pm_buf_release(&new_id);
	pm_error_release(&err);
}

/*
 * Is every update of `old` still in `new`, in order? Other updates may
 * come between them (a merge of two branches' updates). Returns the first
 * one missing, or NULL.
 */
static const struct pm_action_update *followup_lost(const struct pm_followup *old,
						    const struct pm_followup *new)
{
	size_t i, j = 0;

	for (i = 0; i < old->nr; i++, j++) {
		while (j < new->nr && !pm_action_update_same(&old->updates[i], &new->updates[j]))
			j++;
		if (j == new->nr)
			return &old->updates[i];
	}
	return NULL;
}

/*
 * A Final postmortem's follow-up (<ID>.actions.yaml) is only added to: it
 * reads, its postmortem is Final, each update names one of its actions,
 * and every earlier update is still there.
 */
static void judge_followup(struct pm_project *p, struct pm_snap *old,
			   const struct pm_change *c, const char *doc,
			   const struct pm_workflow_opts *o, struct pm_violations *out)
{
	struct pm_error err = PM_ERROR_INIT;
	struct pm_buf src = PM_BUF_INIT, fsrc = PM_BUF_INIT;
	struct pm_followup nf, of;
	struct pm_action_item *items = NULL;
	const struct pm_action_update *u;
	struct pm_facts facts;
	struct pm_doc d;
	size_t n;
	int r, parsed = 0;

	memset(&nf, 0, sizeof(nf));
	memset(&of, 0, sizeof(of));
	if (c->kind == PM_CHANGE_DELETED) {
		/* one that should never have been there may go */
		if (pm_snap_read(p->snap, doc, PM_DOC_MAX_BYTES, &src, NULL) == 0 &&
		    pm_facts_status(src.ptr, src.len, NULL) == PM_STATUS_FINAL)
			add(out, o, c->path, "action-followup", 0, 0, 0,
			    "'%s' records the progress on the action items of '%s'; restore it",
			    c->path, doc);
		goto done;
	}
	if ((r = pm_snap_read(p->snap, doc, PM_DOC_MAX_BYTES, &src, &err)) == PM_ENOTFOUND) {
		struct pm_buf rm = PM_BUF_INIT;
		add(out, o, c->path, "orphan-record", 0, 0, 0,
		    "follow-up of '%s', which does not exist; remove it%s or add the postmortem", doc,
		    undo_cmd(&rm, o, "rm -f --", c->path));
		pm_buf_release(&rm);
		goto done;
	}
	if (r || (r = pm_snap_read(p->snap, c->path, PM_FOLLOWUP_MAX, &fsrc, &err)) ||
	    (r = pm_followup_parse(&nf, c->path, fsrc.ptr, fsrc.len, &err))) {
		add(out, o, c->path, "action-followup", 0, 0, 0, "%s", err.msg.ptr);
		goto done;
	}
	pm_doc_parse(&d, src.ptr, src.len);
	parsed = 1;
	pm_facts_read(&d, &facts);
	if (facts.status != PM_STATUS_FINAL) {
		add(out, o, c->path, "action-followup", 0, 0, 0,
		    "'%s' is not Final: update its Action Items table, and remove '%s' (a follow-up records progress once a postmortem is Final)",
		    doc, c->path);
		goto done;
	}
	n = pm_action_items(&d, &items);
	if ((u = pm_followup_apply(&nf, items, n)))
		add(out, o, c->path, "action-followup", u->line, 1, 0,
		    "'%s' is not an action of the Action Items table of '%s'; name one as the table does",
		    u->action, doc);
	pm_buf_reset(&fsrc);
	if (pm_snap_read(old, c->path, PM_FOLLOWUP_MAX, &fsrc, NULL) == 0 &&
	    pm_followup_parse(&of, c->path, fsrc.ptr, fsrc.len, NULL) == 0 &&
	    (u = followup_lost(&of, &nf)))
		add(out, o, c->path, "action-followup", 0, 0, 0,
		    "the update of '%s' made %s was changed or removed; updates are only added, so restore it",
		    u->action, u->date);
done:
	free(items);
	if (parsed)
		pm_doc_release(&d);
	pm_followup_release(&nf);
	pm_followup_release(&of);
	pm_buf_release(&src);
	pm_buf_release(&fsrc);
	pm_error_release(&err);
}

/*
 * A change touching this many postmortems or more (an import) has them
 * judged on every core; below, the threads would cost more than they save,
 * and preparing for them reads the whole postmortem directory.
 */
#define PARALLEL_DOCS 32

struct judge_pool {
	struct pm_project *p;
	struct pm_snap *old;
	struct touched *touched;
	const struct pm_workflow_opts *o;
	struct trust_gate *gate;
	struct pm_violations *parts; /* one per document */
};

static void judge_one(void *data, size_t i)
{
	struct judge_pool *jp = data;

	judge_document(jp->p, jp->old, &jp->touched[i], jp->o, jp->gate, &jp->parts[i]);
}

static void judge_duplicates(const struct pm_config *cfg, const struct pm_changes *ch,
			     const struct pm_workflow_opts *o, struct pm_violations *out)
{
	size_t i, k;

	for (i = 0; i < ch->nr; i++) {
		const struct pm_change *c = &ch->items[i];
		if (c->kind != PM_CHANGE_ADDED ||
		    pm_project_classify(cfg, c->path, NULL) != PM_PATH_DOCUMENT)
			continue;
		/* a merge brings it from another parent: its ID was claimed there */
		for (k = 0; k < o->nr_also && !pm_snap_exists(o->also[k], c->path); k++)
			;
		if (k < o->nr_also)
			continue;
		for (k = 0; k < o->nr_other; k++) {
			git_tree_entry *e = NULL, *t = NULL;
			int given_up = 0;
			if (git_tree_entry_bypath(&e, o->other_trees[k], c->path) == 0) {
				/*
				 * gone from the tip, the other's there, or the other
				 * branch merged in: the merge settled which stands
				 */
				if (o->tip_tree)
					given_up = git_tree_entry_bypath(&t, o->tip_tree, c->path) != 0 ||
						   git_oid_equal(git_tree_entry_id(t), git_tree_entry_id(e)) ||
						   git_oid_equal(o->tip, &o->other_commits[k]) ||
						   git_graph_descendant_of(o->git, o->tip, &o->other_commits[k]) == 1;
				git_tree_entry_free(t);
				git_tree_entry_free(e);
				if (given_up)
					continue;
				add(out, o, c->path, "duplicate-id", 0, 0, 0,
				    "'%s' already exists on '%s', made by another change: two postmortems claim one incident ID; give this one the next free ID with 'pmgit renumber %s' (after 'git fetch'), commit, and push again",
				    c->path, o->other_names[k], c->path);
				break;
			}
		}
	}
}

/*
 * A postmortem filed in another directory under the same name (docs/pm/
 * into docs/pm/2025/), with its follow-up and records, all unchanged, is
 * the same postmortem: it was judged when it came in, and a Final one
 * stays frozen where it now is. A move with anything changed or left
 * behind is judged as a deletion and an addition.
 */
static void find_moves(struct pm_snap *old, struct pm_snap *new, struct touched *t, size_t nr,
		       const struct pm_workflow_opts *o)
{
	struct pm_buf src = PM_BUF_INIT;
	size_t i, k, apart;

	for (i = 0; i < nr; i++) {
		if (!t[i].doc_changed || t[i].passed || pm_snap_exists(new, t[i].doc) ||
		    !pm_snap_exists(old, t[i].doc))
			continue;
		for (apart = nr, k = 0; k < nr && !t[i].passed; k++) {
			if (k == i || !t[k].doc_changed || t[k].passed ||
			    strcmp(pm_basename(t[k].doc), pm_basename(t[i].doc)) ||
			    pm_snap_exists(old, t[k].doc))
				continue;
			pm_buf_reset(&t[i].apart_why);
			if (moved_whole(old, t[i].doc, new, t[k].doc, o->workdir != NULL, &t[i].apart_why))
				t[i].passed = t[k].passed = 1;
			else
				apart = k;
		}
		if (!t[i].passed && apart < nr &&
		    !pm_snap_read(old, t[i].doc, PM_DOC_MAX_BYTES, &src, NULL) &&
		    pm_facts_status(src.ptr, src.len, NULL) == PM_STATUS_FINAL) {
			t[i].moved_apart = t[apart].doc;
			t[apart].passed = 1;
		}
	}
	pm_buf_release(&src);
}

/* Is `line` (n bytes, no LF) one of the lines of `b`? */
static int has_line(const struct pm_buf *b, const char *line, size_t n)
{
	const char *p = b->ptr, *end = b->ptr + b->len, *nl;

	for (; p < end; p = nl + 1) {
		if (!(nl = memchr(p, '\n', (size_t)(end - p))))
			nl = end;
		if ((size_t)(nl - p) == n && !memcmp(p, line, n))
			return 1;
	}
	return 0;
}

/*
 * Did a merge bring changes of `from` into `base`, giving `merged`: is
 * every line the merge added (not blank, not one of `base`'s) one of
 * `from`'s, and is there one?
 */
static int carries_changes(const struct pm_buf *merged, const struct pm_buf *base,
			   const struct pm_buf *from)
{
	const char *p = merged->ptr, *end = merged->ptr + merged->len, *nl;
	int added = 0;

	for (; p < end; p = nl + 1) {
		if (!(nl = memchr(p, '\n', (size_t)(end - p))))
			nl = end;
		if (nl == p || has_line(base, p, (size_t)(nl - p)))
			continue;
		if (!has_line(from, p, (size_t)(nl - p)))
			return 0;
		added = 1;
	}
	return added;
}

/*
 * Does `path`'s file name stand elsewhere under the postmortem directory
 * in `snap` (a postmortem filed by year, moved whole)? Its path in *found.
 */
static int moved_there(struct pm_snap *snap, const struct pm_project *p, const char *path,
		       struct pm_buf *found)
{
	return pm_snap_find_file(snap, p->cfg->directory, PM_SIGNOFFS_SUFFIX, pm_basename(path), path,
				 found);
}

/* Do two versions of postmortems carry one '# ' title (one incident)? */
static int same_title(const struct pm_buf *x, const struct pm_buf *y)
{
	struct pm_doc a, b;
	int same;

	pm_doc_parse_facts(&a, x->ptr, x->len);
	pm_doc_parse_facts(&b, y->ptr, y->len);
	same = a.title && b.title && !strcmp(a.title, b.title);
	pm_doc_release(&a);
	pm_doc_release(&b);
	return same;
}

/*
 * git's rename detection in a merge (the client hooks): the other branch
 * deleted postmortem A and added B, so alike (both from one template)
 * that git took B for A renamed, and merged this branch's changes of A
 * into B. Two incidents become one file, and A is gone. B differs from
 * the other branch's B although this branch never had a B: that is the
 * sign. Under one title they are one incident moved or renumbered, and
 * following the move is right; under two, B is refused, and not judged
 * otherwise (its text is neither's).
 */
static void judge_rename_pairs(const struct pm_project *p, struct pm_snap *old, struct pm_snap *new,
			       const struct pm_changes *ch, struct touched *touched, size_t nr,
			       const struct pm_workflow_opts *o, struct pm_violations *out)
{
	struct pm_buf merged = PM_BUF_INIT, theirs = PM_BUF_INIT, mine = PM_BUF_INIT, found = PM_BUF_INIT;
	size_t i, j, k;

	for (i = 0; i < nr; i++) {
		const char *b = touched[i].doc, *a = NULL;
		if (!touched[i].doc_changed || pm_snap_exists(old, b) ||
		    pm_snap_read(new, b, PM_DOC_MAX_BYTES, &merged, NULL))
			continue;
		for (k = 0; k < o->nr_also && !a; k++) {
			if (pm_snap_read(o->also[k], b, PM_DOC_MAX_BYTES, &theirs, NULL) ||
			    (theirs.len == merged.len && !memcmp(theirs.ptr, merged.ptr, merged.len)))
				continue;
			/*
			 * the one it was taken for: here before, gone now, and gone
			 * there (not moved: filed by year, its name stands there
			 * elsewhere), whose lines are the ones the merge added
			 */
			for (j = 0; j < ch->nr && !a; j++)
				if (ch->items[j].kind == PM_CHANGE_DELETED &&
				    !strcmp(ch->items[j].path + strlen(ch->items[j].path) - 3, ".md") &&
				    !pm_snap_exists(o->also[k], ch->items[j].path) &&
				    !moved_there(o->also[k], p, ch->items[j].path, &found) &&
				    !pm_snap_read(old, ch->items[j].path, PM_DOC_MAX_BYTES, &mine, NULL) &&
				    !same_title(&mine, &theirs) && carries_changes(&merged, &theirs, &mine))
					a = ch->items[j].path;
		}
		if (!a)
			continue;
		if (o->nr_also == 1) {
			struct pm_buf theirs_cmd = PM_BUF_INIT, ours_cmd = PM_BUF_INIT;
			add(out, o, b, "merge-rename", 0, 0, 0,
			    "git took '%s' for '%s' renamed (the other branch deleted that one and added this one, alike) and merged this branch's changes of the one into the other; keep the two apart: the other branch's%s and yours back%s, then 'git commit'",
			    b, a, undo_cmd(&theirs_cmd, o, "checkout MERGE_HEAD --", b),
			    undo_cmd(&ours_cmd, o, "checkout HEAD --", a));
			pm_buf_release(&theirs_cmd);
			pm_buf_release(&ours_cmd);
		} else {
			add(out, o, b, "merge-rename", 0, 0, 0,
			    "git took '%s' for '%s' renamed (the other branch deleted that one and added this one, alike) and merged this branch's changes of the one into the other; keep the two apart: '%s' as the branch that added it has it, and '%s' as HEAD has it",
			    b, a, b, a);
		}
		touched[i].passed = 1;
	}
	pm_buf_release(&merged);
	pm_buf_release(&theirs);
	pm_buf_release(&mine);
	pm_buf_release(&found);
}

/*
 * What a merge takes from the branch merged in without changing anything
 * against HEAD, which the pre-merge-commit hook judges against, and so
 * passed unseen until pre-push or the server judged the merge against
 * that parent. Two cases, from the files that differ between the branch
 * merged in and the merge:
 *
 * - a postmortem Final there and deleted (or changed) on this branch while
 *   it was not Final: the merge takes the Final postmortem away; judged
 *   as changes_merged_final does, unless it moved whole (its name stands
 *   elsewhere), which the judgement of the move covers;
 * - the mirror of judge_rename_pairs: this branch deleted postmortem A
 *   and added B, so alike that git took B for A renamed and merged the
 *   other branch's changes of A into B (B is here and in HEAD, not there;
 *   A is there alone). Under two titles, B is refused with the command
 *   that takes yours back, and not judged otherwise.
 */
static void judge_merged_away(struct pm_project *p, struct pm_snap *old, struct pm_snap *new,
			      struct touched *touched, size_t nr,
			      const struct pm_workflow_opts *o, struct pm_violations *out)
{
	struct pm_changes ch = PM_CHANGES_INIT;
	struct pm_buf seen = PM_BUF_INIT, doc = PM_BUF_INIT, theirs = PM_BUF_INIT, mine = PM_BUF_INIT;
	struct pm_buf found = PM_BUF_INIT;
	struct pm_buf cmd = PM_BUF_INIT, merged = PM_BUF_INIT;
	struct pm_error err = PM_ERROR_INIT;
	const char *dirs[1] = { p->cfg->directory };
	size_t i, j, k;
	int final;

	for (k = 0; k < o->nr_also; k++) {
		pm_changes_release(&ch);
		if (pm_snap_changes(o->also[k], new, dirs, 1, &ch, &err)) {
			pm_error_clear(&err);
			continue;
		}
		for (i = 0; i < ch.nr; i++) {
			const char *a;
			enum pm_path_kind kind = pm_project_classify(p->cfg, ch.items[i].path, &doc);
			if (kind != PM_PATH_DOCUMENT && kind != PM_PATH_RECORD)
				continue;
			if (kind == PM_PATH_DOCUMENT)
				pm_buf_sets(&doc, ch.items[i].path);
			a = doc.ptr;
			/* the changes come sorted: a document's records follow it */
			if (!strcmp(seen.ptr, a))
				continue;
			pm_buf_sets(&seen, a);
			if (pm_snap_read(o->also[k], a, PM_DOC_MAX_BYTES, &theirs, NULL))
				continue;
			final = pm_facts_status(theirs.ptr, theirs.len, NULL) == PM_STATUS_FINAL;
			/* A is there alone (not moved here): B, changed by the merge, here and in HEAD, not there */
			for (j = 0; j < nr && !pm_snap_exists(old, a) && !pm_snap_exists(new, a) &&
				    !moved_there(old, p, a, &found);
			     j++) {
				const char *b = touched[j].doc;
				if (!touched[j].doc_changed || touched[j].passed ||
				    pm_snap_exists(o->also[k], b) ||
				    pm_snap_read(old, b, PM_DOC_MAX_BYTES, &mine, NULL) ||
				    pm_snap_read(new, b, PM_DOC_MAX_BYTES, &merged, NULL) ||
				    same_title(&mine, &theirs) || !carries_changes(&merged, &mine, &theirs))
					continue;
				pm_buf_reset(&mine);
				pm_buf_addf(&mine, "git took '%s' for '%s' renamed (this branch deleted that one and added this one, alike) and merged the other branch's changes of the one into this one; keep the two apart: yours back%s",
					    b, a, undo_cmd(&cmd, o, "checkout HEAD --", b));
				/* a Final A is refused on its own, with what brings it back */
				if (!final)
					pm_buf_addf(&mine, ", and '%s' deleted as this branch has it, or the other branch's%s",
						    a, o->nr_also == 1 ? undo_cmd(&cmd, o, "checkout MERGE_HEAD --", a) : "");
				pm_buf_adds(&mine, ", then 'git commit'");
				add(out, o, b, "merge-rename", 0, 0, 0, "%s", mine.ptr);
				touched[j].passed = 1;
				break;
			}
			for (j = 0; j < nr && strcmp(touched[j].doc, a); j++)
				;
			if (!final || j < nr)
				continue; /* not Final there, or judged against HEAD */
			if (!pm_snap_exists(new, a) && moved_there(new, p, a, &found))
				continue; /* moved whole, or not: judged where it went */
			changes_merged_final(p, a, o, out);
		}
	}
	pm_changes_release(&ch);
	pm_buf_release(&seen);
	pm_buf_release(&doc);
	pm_buf_release(&theirs);
	pm_buf_release(&mine);
	pm_buf_release(&found);
	pm_buf_release(&cmd);
	pm_buf_release(&merged);
	pm_error_release(&err);
}

/*
 * Two names in one directory under `dir` (the postmortem directory or
 * .pmgit) that a name-folding file system takes for one ('INC-1.SIGNOFFS'
 * beside 'INC-1.signoffs', 'keyring.yaml.' beside 'keyring.yaml'): a
 * checkout on macOS or Windows writes both as one, where a file nobody
 * judged (no record here) passes for a record of a Final postmortem, or
 * the one written last for the keyring. Judged in each directory that
 * gains a name, once; a tree snapshot's (pushes, the history audit), not
 * the index's.
 */
static void judge_folded_twins(struct pm_snap *old, struct pm_snap *new,
			       const struct pm_changes *ch, const char *dir,
			       const struct pm_workflow_opts *o, struct pm_violations *out)
{
	struct pm_strlist dirs = PM_STRLIST_INIT, pairs = PM_STRLIST_INIT;
	struct pm_buf prefix = PM_BUF_INIT, fold = PM_BUF_INIT;
	size_t dl = strlen(dir), i, k;

	if (new->kind != PM_SNAP_TREE || new->nr_overlay)
		return;
	for (i = 0; i < ch->nr; i++) {
		const char *p = ch->items[i].path, *slash;
		if (ch->items[i].kind != PM_CHANGE_ADDED || strncmp(p, dir, dl) || p[dl] != '/')
			continue;
		/* each level where the name is new: its directory gains one */
		for (slash = p + dl; slash; slash = strchr(slash + 1, '/')) {
			const char *next = strchr(slash + 1, '/');
			pm_buf_reset(&prefix);
			pm_buf_add(&prefix, p, next ? (size_t)(next - p) : strlen(p));
			if (pm_snap_exists(old, prefix.ptr))
				continue;
			pm_buf_setlen(&prefix, (size_t)(slash - p));
			if (!dirs.nr || strcmp(dirs.items[dirs.nr - 1], prefix.ptr))
				pm_strlist_add(&dirs, prefix.ptr);
		}
	}
	pm_strlist_sort(&dirs);
	for (i = 0; i < dirs.nr; i++) {
		if (i && !strcmp(dirs.items[i], dirs.items[i - 1]))
			continue;
		pm_strlist_release(&pairs);
		pm_snap_folded_twins(new, dirs.items[i], &pairs);
		for (k = 0; k + 1 < pairs.nr; k += 2) {
			const char *a = pairs.items[k], *b = pairs.items[k + 1], *t;
			if (pm_snap_exists(old, a) && pm_snap_exists(old, b))
				continue; /* judged when they came in */
			if (pm_snap_exists(old, b)) {
				t = a; /* b: the one that comes in */
				a = b;
				b = t;
			}
			pm_name_visible(&prefix, b);
			pm_name_visible(&fold, a);
			add(out, o, prefix.ptr, "file", 0, 0, 0,
			    "'%s' and '%s' differ only in case (or in what macOS and Windows ignore in a name): their checkouts write both as one, where the files of one pass for the other's, which no check judged; rename or remove '%s'",
			    prefix.ptr, fold.ptr, prefix.ptr);
		}
	}
	pm_strlist_release(&dirs);
	pm_strlist_release(&pairs);
	pm_buf_release(&prefix);
	pm_buf_release(&fold);
}

static int judge_change(struct pm_snap *old, struct pm_snap *new,
			const struct pm_workflow_opts *o, struct pm_violations *out,
			struct pm_error *err)
{
	struct pm_project p;
	struct pm_changes ch = PM_CHANGES_INIT;
	struct touched *touched = NULL;
	struct pm_buf doc = PM_BUF_INIT;
	struct trust_gate gate = { NULL, NULL, 0, 0, PM_BUF_INIT };
	size_t nr = 0, alloc = 0, i, k, *followups = NULL, nr_followups = 0, alloc_followups = 0;
	const char *dirs[2], *what;
	int ret = pm_project_open_cached(&p, new, o->cache, err);

	if (ret == PM_ENOREPO) {
		pm_error_clear(err);
		if (pm_snap_exists(old, PM_CONFIG_PATH))
			add(out, o, PM_CONFIG_PATH, "policy", 0, 0, 0,
			    "deleting %s turns off every pmgit rule; keep it", PM_CONFIG_PATH);
		pm_project_release(&p);
		return 0; /* not a pmgit repository (yet): nothing is guarded */
	}
	if (ret) {
		add(out, o, PM_CONFIG_PATH, "policy", 0, 0, 0, "%s; fix the file", err->msg.ptr);
		pm_error_clear(err);
		pm_project_release(&p);
		return 0;
	}
	if ((what = pm_project_misplaced(p.cfg, new, &doc)))
		add(out, o, doc.ptr, "file", 0, 0, 0,
		    "'%s' is %s, which git stores as such: the postmortems and records it leads to escape every check; put a directory there",
		    doc.ptr, what);
	dirs[0] = p.cfg->directory;
	dirs[1] = PM_PMGIT_DIR;
	if ((ret = pm_snap_changes(old, new, dirs, 2, &ch, err)))
		goto done;
	judge_policy(&p, &ch, o, out);
	judge_folded_twins(old, new, &ch, p.cfg->directory, o, out);
	judge_folded_twins(old, new, &ch, PM_PMGIT_DIR, o, out);
	judge_trust(&p, old, new, &ch, o, out);
	judge_policy_change(&p, old, new, &ch, o, out);
	if (o->nr_other)
		judge_duplicates(p.cfg, &ch, o, out);

	for (i = 0; i < ch.nr; i++) {
		struct touched *t;
		switch (pm_project_classify(p.cfg, ch.items[i].path, &doc)) {
		case PM_PATH_DOCUMENT:
			touch(&touched, &nr, &alloc, ch.items[i].path)->doc_changed = 1;
			break;
		case PM_PATH_RECORD:
			t = touch(&touched, &nr, &alloc, doc.ptr);
			PM_ALLOC_GROW(t->records.items, t->records.nr + 1, t->records.alloc);
			t->records.items[t->records.nr].path = pm_xstrdup(ch.items[i].path);
			t->records.items[t->records.nr++].kind = ch.items[i].kind;
			break;
		case PM_PATH_FOLLOWUP:
			/* judged once the moves are known */
			PM_ALLOC_GROW(followups, nr_followups + 1, alloc_followups);
			followups[nr_followups++] = i;
			break;
		default:
			/* the postmortems in a submodule would escape every check */
			if (ch.items[i].kind != PM_CHANGE_DELETED &&
			    under(ch.items[i].path, p.cfg->directory) &&
			    pm_snap_kind(new, ch.items[i].path) == PM_ENTRY_OTHER)
				add(out, o, ch.items[i].path, "file", 0, 0, 0,
				    "'%s' is a submodule: the files in it are another repository's, which no check here sees; keep postmortems in this repository",
				    ch.items[i].path);
			else if (ch.items[i].kind != PM_CHANGE_DELETED &&
				 under(ch.items[i].path, p.cfg->directory) &&
				 pm_project_other_markdown(ch.items[i].path)) {
				pm_buf_reset(&doc);
				pm_project_other_markdown_why(p.cfg, ch.items[i].path, &doc);
				add(out, o, ch.items[i].path, "file", 0, 0, 0, "%s", doc.ptr);
			}
			break;
		}
	}
	find_moves(old, new, touched, nr, o);
	if (o->workdir && o->nr_also) {
		judge_rename_pairs(&p, old, new, &ch, touched, nr, o, out);
		judge_merged_away(&p, old, new, touched, nr, o, out);
	}
	for (i = 0; i < nr_followups; i++) {
		const struct pm_change *c = &ch.items[followups[i]];
		pm_project_classify(p.cfg, c->path, &doc);
		/* one whose postmortem moves goes with it, judged there */
		for (k = 0; k < nr && strcmp(touched[k].doc, doc.ptr); k++)
			;
		if (k == nr || (!touched[k].passed && !touched[k].moved_apart))
			judge_followup(&p, old, c, doc.ptr, o, out);
	}
	gate.p = &p;
	gate.snap = new;
	if (nr < PARALLEL_DOCS) {
		for (i = 0; i < nr; i++)
			judge_document(&p, old, &touched[i], o, &gate, out);
	} else {
		/* many documents (an import): on every core, reported in order */
		struct judge_pool jp = { &p, old, touched, o, &gate, NULL };
		jp.parts = pm_xcalloc(nr, sizeof(*jp.parts));
		signing_blocked(&gate); /* judged once, before the threads read it */
		pm_project_prepare_lint(&p);
		pm_parallel_for(nr, 0, judge_one, &jp);
		for (i = 0; i < nr; i++) {
			size_t k;
			for (k = 0; k < jp.parts[i].nr; k++)
				push(out, &jp.parts[i].items[k]);
			jp.parts[i].nr = 0; /* the strings are out's now */
			pm_violations_release(&jp.parts[i]);
		}
		free(jp.parts);
	}
done:
	pm_buf_release(&gate.why);
	for (i = 0; i < nr; i++) {
		free(touched[i].doc);
		pm_changes_release(&touched[i].records);
		pm_buf_release(&touched[i].apart_why);
	}
	free(touched);
	free(followups);
	pm_changes_release(&ch);
	pm_buf_release(&doc);
	pm_project_release(&p);
	return ret;
}

int pm_workflow_judge(struct pm_snap *old, struct pm_snap *new,
		      const struct pm_workflow_opts *o, struct pm_violations *out,
		      struct pm_error *err)
{
	int ret = judge_change(old, new, o, out, err);

	/* a file that could not be read is no finding of the change's */
	return ret ? ret : pm_repo_missing(new->repo, err);
}

static void commit_author(git_commit *c, struct pm_buf *out)
{
	const git_signature *a = git_commit_author(c);

	pm_buf_reset(out);
	if (a)
		pm_buf_addf(out, "%s <%s>", a->name ? a->name : "", a->email ? a->email : "");
}

/* The directory the policy of this commit guards (through the cache). */
static const char *guarded_dir(struct pm_snap *snap, struct pm_project_cache *cache)
{
	struct pm_project p;
	struct pm_error err = PM_ERROR_INIT;
	const char *dir;

	pm_project_open_cached(&p, snap, cache, &err);
	dir = p.cfg->directory; /* lives in the cache's store */
	pm_project_release(&p);
	pm_error_release(&err);
	return dir;
}

/*
 * A directory named as the postmortem directory or .pmgit but for case
 * (or what macOS and Windows ignore): their checkouts write both into
 * one, where its files would pass for postmortems, records or the keyring
 * that no check judged (only the guarded paths are). Refused in the
 * commit that brings it; a commit whose parents all have it does not.
 */
static void judge_name_variants(struct pm_snap *cs, struct pm_snap *ps, unsigned have,
				const char *dir, const struct pm_workflow_opts *o,
				struct pm_violations *out)
{
	const char *dirs[2] = { dir, PM_PMGIT_DIR };
	struct pm_buf found = PM_BUF_INIT, meant = PM_BUF_INIT, shown = PM_BUF_INIT;
	unsigned i, k;

	for (k = 0; k < 2; k++) {
		if (!pm_snap_name_variant(cs, dirs[k], &found, &meant))
			continue;
		for (i = 0; i < have && pm_snap_exists(&ps[i], found.ptr); i++)
			;
		pm_name_visible(&shown, found.ptr);
		if (i < have || !have)
			add(out, o, shown.ptr, "file", 0, 0, 0,
			    "'%s' differs from '%s' only in case (or in what macOS and Windows ignore in a name): their checkouts write both into one directory, where its files would pass for %s no check judged; rename or remove it",
			    shown.ptr, meant.ptr, k ? "pmgit's policy" : "postmortems and sign-offs");
	}
	pm_buf_release(&found);
	pm_buf_release(&meant);
	pm_buf_release(&shown);
}

/*
 * Judges one commit against each parent; a commit whose guarded trees
 * (the postmortem directory and .pmgit) did not change costs a few tree
 * lookups and reads no file.
 */
static int judge_commit(struct pm_repo *repo, git_commit *c, long now,
			const struct pm_workflow_opts *base,
			struct pm_violations *out, struct pm_error *err)
{
	struct pm_snap cs, *ps;
	struct pm_snap **also = NULL;
	struct pm_workflow_opts o = *base;
	struct pm_buf author = PM_BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	unsigned i, k, n = git_commit_parentcount(c), have = 0;
	const char *dir;
	int ret;

	if ((ret = pm_snap_tree(&cs, repo, git_commit_tree_id(c), err)))
		return ret;
	dir = guarded_dir(&cs, o.cache);
	git_oid_tostr(hex, sizeof(hex), git_commit_id(c));
	commit_author(c, &author);
	o.now = now;
	if (o.added_at_commit) {
		git_time_t t = git_commit_time(c);
		o.added = (long)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
	}
	o.commit = hex;
	o.author = author.ptr;
	/* every parent's tree (the empty one for a root commit) */
	ps = pm_xcalloc(n ? n : 1, sizeof(*ps));
	if (!n)
		pm_snap_tree(&ps[have++], repo, NULL, err);
	for (i = 0; i < n && !ret; i++) {
		git_commit *parent = NULL;
		if (git_commit_parent(&parent, c, i) < 0) {
			ret = pm_error_set(err, PM_ERROR, "cannot read the parent of commit %s: %s",
					   hex, pm_repo_giterr());
			break;
		}
		ret = pm_snap_tree(&ps[i], repo, git_commit_tree_id(parent), err);
		git_commit_free(parent);
		have += !ret;
	}
	if (!ret)
		judge_name_variants(&cs, ps, have, dir, &o, out);
	if (n > 1)
		also = pm_xcalloc(n - 1, sizeof(*also));
	for (i = 0; i < have && !ret; i++) {
		git_oid a, b, pa, pb;

		/* nothing guarded changed: skip without reading a file */
		pm_snap_subtree_id(&cs, dir, &a);
		pm_snap_subtree_id(&ps[i], dir, &b);
		pm_snap_subtree_id(&cs, PM_PMGIT_DIR, &pa);
		pm_snap_subtree_id(&ps[i], PM_PMGIT_DIR, &pb);
		if (git_oid_equal(&a, &b) && git_oid_equal(&pa, &pb))
			continue;
		/* a merge against one parent: what the others brought is theirs */
		for (o.nr_also = 0, k = 0; also && k < have; k++)
			if (k != i)
				also[o.nr_also++] = &ps[k];
		o.also = also;
		ret = pm_workflow_judge(&ps[i], &cs, &o, out, err);
	}
	for (i = 0; i < have; i++)
		pm_snap_release(&ps[i]);
	free(ps);
	free(also);
	pm_snap_release(&cs);
	pm_buf_release(&author);
	return ret;
}

static int walk(struct pm_repo *repo, const struct pm_oids *ids, long now,
		const struct pm_workflow_opts *given, struct pm_violations *out,
		size_t *commits, struct pm_error *err)
{
	struct pm_workflow_opts base = *given;
	struct pm_project_cache cache;
	size_t i;
	int ret = 0;

	pm_project_cache_init(&cache);
	base.cache = &cache;
	for (i = 0; i < ids->nr && !ret; i++) {
		git_commit *c = NULL;
		if (git_commit_lookup(&c, repo->git, &ids->ids[i]) < 0) {
			ret = pm_error_set(err, PM_ERROR, "cannot read commit %s: %s",
					   git_oid_tostr_s(&ids->ids[i]), pm_repo_giterr());
			break;
		}
		ret = judge_commit(repo, c, now, &base, out, err);
		git_commit_free(c);
		if (commits)
			(*commits)++;
	}
	pm_project_cache_release(&cache);
	return ret;
}

/* "A..B" (either side empty: HEAD) into its two commits. */
static int resolve_range(struct pm_repo *repo, const char *range, git_oid *from, git_oid *to,
			 struct pm_error *err)
{
	const char *dots = strstr(range, "..");
	char *left;
	int ret;

	if (dots[2] == '.')
		return pm_error_set(err, PM_EUSAGE,
				    "bad range '%s': pmgit audits 'A..B' (the commits of B that A lacks), not 'A...B'",
				    range);
	left = pm_xstrndup(range, (size_t)(dots - range));
	ret = pm_repo_resolve(repo, *left ? left : "HEAD", from, err);
	if (!ret)
		ret = pm_repo_resolve(repo, dots[2] ? dots + 2 : "HEAD", to, err);
	free(left);
	return ret;
}

int pm_workflow_history(struct pm_repo *repo, const char *range, long now,
			struct pm_violations *out, size_t *commits,
			struct pm_error *err)
{
	struct pm_workflow_opts base;
	struct pm_oids ids = PM_OIDS_INIT;
	git_oid from, to;
	int ret, ranged = strstr(range, "..") != NULL;

	memset(&base, 0, sizeof(base));
	base.added_at_commit = 1;
	if (commits)
		*commits = 0;
	if (!ranged && !strcmp(range, "HEAD") && git_reference_name_to_id(&to, repo->git, "HEAD") < 0)
		return 0; /* no commits yet */
	if (ranged)
		ret = resolve_range(repo, range, &from, &to, err);
	else
		ret = pm_repo_resolve(repo, range, &to, err);
	if (!ret)
		ret = pm_repo_commits(repo, &to, 1, &from, ranged, NULL, &ids, err);
	if (!ret)
		ret = walk(repo, &ids, now, &base, out, commits, err);
	pm_oids_release(&ids);
	return ret;
}

struct other_refs {
	git_repository *git;
	const char *prefix;
	const char *self;
	git_tree **trees;
	git_oid *commits;
	char **names;
	size_t nr, alloc;
};

static int collect_other(git_tree *tree, const char *ref, void *data)
{
	struct other_refs *o = data;
	git_tree *dup = NULL;

	if (strncmp(ref, o->prefix, strlen(o->prefix)) || (o->self && !strcmp(ref, o->self)))
		return 0;
	if (git_object_dup((git_object **)&dup, (git_object *)tree) < 0)
		return 0;
	PM_ALLOC_GROW(o->trees, o->nr + 1, o->alloc);
	o->names = pm_xrealloc(o->names, o->alloc * sizeof(*o->names));
	o->commits = pm_xrealloc(o->commits, o->alloc * sizeof(*o->commits));
	if (git_reference_name_to_id(&o->commits[o->nr], o->git, ref) < 0)
		memset(&o->commits[o->nr], 0, sizeof(o->commits[o->nr]));
	o->trees[o->nr] = dup;
	o->names[o->nr++] = pm_xstrdup(ref);
	return 0;
}

/* Is id a commit, or a tag that leads to one? (A missing object is left to the walk.) */
static int commitish(struct pm_repo *repo, const git_oid *id)
{
	git_object *o = NULL, *c = NULL;
	int yes;

	if (git_object_lookup(&o, repo->git, id, GIT_OBJECT_ANY) < 0)
		return 1;
	yes = git_object_peel(&c, o, GIT_OBJECT_COMMIT) == 0;
	git_object_free(c);
	git_object_free(o);
	return yes;
}

/*
 * git replace: git reads the object refs/replace/<id> points to wherever
 * <id> is named, so git show, git log -p and a forge's pages would show a
 * postmortem, a record or a whole commit other than the one stored, signed
 * and verified (pmgit, through libgit2, reads what is stored). No replace
 * ref comes in; deleting one does.
 */
static void replace_ref(const struct pm_push_update *u, struct pm_violations *out)
{
	struct pm_workflow_opts o;
	const char *id = u->dest_ref + 13;
	char hex[GIT_OID_HEXSZ + 1];

	memset(&o, 0, sizeof(o));
	git_oid_tostr(hex, 13, &u->tip);
	add(out, &o, u->dest_ref, "replace-ref", 0, 0, 0,
	    "git replace makes git show object %.12s as %s: git show, git log -p and web pages "
	    "would show that in place of what is stored, signed and verified; replace refs are not "
	    "pushed (drop it with 'git replace -d %.12s')",
	    id, hex, id);
}

int pm_workflow_push(struct pm_repo *repo, const struct pm_push_update *u,
		     long now, struct pm_violations *out, size_t *commits,
		     struct pm_error *err)
{
	struct pm_workflow_opts base;
	struct other_refs others;
	struct pm_oids ids = PM_OIDS_INIT;
	git_oid tip_commit;
	size_t i;
	int ret = 0;

	memset(&base, 0, sizeof(base));
	memset(&others, 0, sizeof(others));
	if (commits)
		*commits = 0;
	if (git_oid_is_zero(&u->tip))
		return 0; /* a deleted ref brings no commits */
	if (u->dest_ref && !strncmp(u->dest_ref, "refs/replace/", 13)) {
		replace_ref(u, out);
		return 0;
	}
	if (!commitish(repo, &u->tip))
		return 0; /* a tag of a tree or a blob: no history, nothing pmgit guards */
	others.git = repo->git;
	others.prefix = u->branches_prefix;
	others.self = u->self_ref;
	if ((ret = pm_repo_each_branch_tree(repo, collect_other, &others, err)))
		goto done;
	base.other_trees = others.trees;
	base.other_names = (const char *const *)others.names;
	base.nr_other = others.nr;
	base.other_commits = others.commits;
	base.git = repo->git;
	{
		git_object *tip = NULL, *commit = NULL;
		if (git_object_lookup(&tip, repo->git, &u->tip, GIT_OBJECT_ANY) == 0 &&
		    git_object_peel(&commit, tip, GIT_OBJECT_COMMIT) == 0 &&
		    git_commit_tree(&base.tip_tree, (git_commit *)commit) == 0) {
			git_oid_cpy(&tip_commit, git_object_id(commit));
			base.tip = &tip_commit;
		}
		git_object_free(commit);
		git_object_free(tip);
	}

	if ((ret = pm_repo_commits(repo, &u->tip, 1, &u->old, !git_oid_is_zero(&u->old),
				   u->known_glob, &ids, err)))
		goto done;
	ret = walk(repo, &ids, now, &base, out, commits, err);

	/* a rewrite of history is judged as one change, too */
	if (!ret && !git_oid_is_zero(&u->old) &&
	    git_graph_descendant_of(repo->git, &u->tip, &u->old) != 1 &&
	    git_oid_cmp(&u->tip, &u->old)) {
		struct pm_snap a, b;
		struct pm_workflow_opts o = base;
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof(hex), &u->tip);
		o.commit = hex;
		o.now = now;
		o.nr_other = 0;
		if (!pm_snap_commit(&a, repo, &u->old, err)) {
			if (!(ret = pm_snap_commit(&b, repo, &u->tip, err))) {
				ret = pm_workflow_judge(&a, &b, &o, out, err);
				pm_snap_release(&b);
			}
			pm_snap_release(&a);
		} else {
			pm_error_clear(err); /* the old tip is not here: nothing to compare */
		}
	}
done:
	git_tree_free(base.tip_tree);
	pm_oids_release(&ids);
	for (i = 0; i < others.nr; i++) {
		git_tree_free(others.trees[i]);
		free(others.names[i]);
	}
	free(others.trees);
	free(others.commits);
	free(others.names);
	return ret;
}
