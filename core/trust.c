#include "trust.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "sshsig.h"
#include "text.h"

#include "banned.h"

const char *pm_trust_state_name(enum pm_trust_state s)
{
	switch (s) {
	case PM_TRUST_UNPROTECTED: return "unprotected";
	case PM_TRUST_OK: return "approved";
	case PM_TRUST_PENDING: return "pending";
	case PM_TRUST_BROKEN: return "broken";
	}
	return "unknown";
}

/* One record of .pmgit/policy.signoffs, as far as it could be read. */
struct prec {
	char *path;
	struct pm_buf text; /* the statement */
	struct pm_policy_statement st;
	char hash[PM_HASH_HEX]; /* of its version part */
	struct pm_sshsig sig;
	int usable;
	int noted;
};

static void note(struct pm_trust *t, struct prec *r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void note(struct pm_trust *t, struct prec *r, const char *fmt, ...)
{
	struct pm_buf why = PM_BUF_INIT;
	va_list ap;

	if (r->noted)
		return;
	r->noted = 1;
	va_start(ap, fmt);
	pm_buf_vaddf(&why, fmt, ap);
	va_end(ap);
	t->notes = pm_xrealloc(t->notes, (t->nr_notes + 1) * sizeof(*t->notes));
	t->notes[t->nr_notes].path = pm_xstrdup(r->path);
	t->notes[t->nr_notes++].why = pm_buf_detach(&why, NULL);
}

static void set_why(struct pm_trust *t, enum pm_trust_state s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_why(struct pm_trust *t, enum pm_trust_state s, const char *fmt, ...)
{
	va_list ap;

	t->state = s;
	pm_buf_reset(&t->why);
	va_start(ap, fmt);
	pm_buf_vaddf(&t->why, fmt, ap);
	va_end(ap);
}

/* Reads and parses one record; notes why when it cannot be used. */
static void read_record(struct pm_snap *snap, struct prec *r, struct pm_trust *t)
{
	struct pm_buf data = PM_BUF_INIT, want = PM_BUF_INIT;
	struct pm_record rec = PM_RECORD_INIT;
	struct pm_error e = PM_ERROR_INIT;
	const char *base = strrchr(r->path, '/');

	base = base ? base + 1 : r->path;
	if (pm_snap_read(snap, r->path, PM_RECORD_MAX, &data, &e) ||
	    pm_record_parse(&rec, r->path, data.ptr, data.len, &e)) {
		note(t, r, "%s", e.msg.ptr);
		goto done;
	}
	pm_buf_add(&r->text, rec.statement.ptr, rec.statement.len);
	if (pm_policy_statement_parse(r->text.ptr, r->text.len, &r->st, &e)) {
		note(t, r, "%s", e.msg.ptr);
		goto done;
	}
	pm_policy_record_filename(&want, r->st.version, r->st.signer);
	if (strcmp(base, want.ptr)) {
		note(t, r, "its statement is for version %ld by %s, so it must be named '%s'",
		     r->st.version, r->st.signer, want.ptr);
		goto done;
	}
	if (pm_sshsig_decode(rec.signature.ptr, rec.signature.len, &r->sig, &e)) {
		note(t, r, "%s", e.msg.ptr);
		goto done;
	}
	pm_sha256_hex(r->text.ptr, r->st.version_len, r->hash);
	r->usable = 1;
done:
	pm_record_release(&rec);
	pm_buf_release(&data);
	pm_buf_release(&want);
	pm_error_release(&e);
}

/*
 * Does record r approve its version on behalf of an admin of `by`? Notes
 * why not when it does not.
 */
static int approves(struct prec *r, const struct pm_policy_statement *by, struct pm_trust *t)
{
	struct pm_buf line = PM_BUF_INIT, fp = PM_BUF_INIT;
	struct pm_error e = PM_ERROR_INIT;
	size_t i;
	int admin = 0, ok = 0;

	pm_pubkey_format(&r->sig.key, NULL, &line);
	pm_pubkey_fingerprint(&r->sig.key, &fp);
	for (i = 0; i < by->nr_admins; i++)
		if (!strcmp(by->admins[i].principal, r->st.signer) &&
		    !strcmp(by->admins[i].key, line.ptr))
			admin = 1;
	if (!admin)
		note(t, r, "signed by %s with %s, which is not an admin key of version %ld",
		     r->st.signer, fp.ptr, by->version);
	else if (strcmp(fp.ptr, r->st.key))
		note(t, r, "the statement names key %s but the signature is by %s", r->st.key,
		     fp.ptr);
	else if (pm_sshsig_verify(&r->sig, PM_POLICY_NAMESPACE, r->text.ptr, r->text.len, &e))
		note(t, r, "the signature does not verify: %s", e.msg.ptr);
	else
		ok = 1;
	pm_buf_release(&line);
	pm_buf_release(&fp);
	pm_error_release(&e);
	return ok;
}

/*
 * The distinct admins of `by` whose records approve `version` with `hash`;
 * who they are goes to *who (freed by the caller) when who is not NULL.
 */
static size_t count_approvals(struct prec *recs, size_t n, long version, const char *hash,
			      const struct pm_policy_statement *by, struct pm_trust *t,
			      const char ***who)
{
	const char **seen = pm_xcalloc(n ? n : 1, sizeof(*seen));
	size_t i, k, count = 0;

	for (i = 0; i < n; i++) {
		struct prec *r = &recs[i];
		if (!r->usable || r->st.version != version || strcmp(r->hash, hash) ||
		    !approves(r, by, t))
			continue;
		for (k = 0; k < count && strcmp(seen[k], r->st.signer); k++)
			;
		if (k == count)
			seen[count++] = r->st.signer;
	}
	if (who)
		*who = seen;
	else
		free(seen);
	return count;
}

static int in_list(const struct pm_strlist *l, const char *who, const char *also)
{
	size_t k;

	if (also && !strcmp(also, who))
		return 1;
	for (k = 0; l && k < l->nr; k++)
		if (!strcmp(l->items[k], who))
			return 1;
	return 0;
}

void pm_policy_who_may(const struct pm_policy_statement *by, long more,
		       const struct pm_strlist *done, const char *also, struct pm_buf *out)
{
	size_t i, listed = 0, left = 0;

	if (!by || more <= 0)
		return;
	for (i = 0; i < by->nr_admins; i++)
		left += !in_list(done, by->admins[i].principal, also);
	if (more > 1 && (size_t)more < left)
		pm_buf_addf(out, "any %ld of ", more);
	for (i = 0; i < by->nr_admins; i++) {
		if (in_list(done, by->admins[i].principal, also))
			continue;
		if (listed)
			pm_buf_adds(out, listed + 1 < left ? ", " : more == 1 ? " or " : " and ");
		pm_buf_adds(out, by->admins[i].principal);
		listed++;
	}
	if (!listed)
		pm_buf_adds(out, "an admin");
}

void pm_trust_left(const struct pm_trust *t, const char *also, struct pm_buf *out)
{
	long more = t->need - (long)t->have - (also && !in_list(&t->signed_by, also, NULL));

	if (t->state != PM_TRUST_PENDING || !t->approvers || more <= 0)
		return;
	pm_policy_who_may(t->approvers, more, &t->signed_by, also, out);
	pm_buf_adds(out, " can approve it with 'pmgit policy sign'");
}

static int by_version(const void *a, const void *b)
{
	const struct prec *x = a, *y = b;

	if (x->usable != y->usable)
		return y->usable - x->usable;
	if (x->st.version != y->st.version)
		return x->st.version < y->st.version ? -1 : 1;
	return strcmp(x->hash, y->hash);
}

/* Keeps a copy of the statement of an approved version. */
static void keep_approved(struct pm_trust *t, const struct prec *r)
{
	struct pm_policy_statement *st;

	t->approved_st = pm_xrealloc(t->approved_st,
				     (t->nr_approved_st + 1) * sizeof(*t->approved_st));
	st = &t->approved_st[t->nr_approved_st++];
	pm_policy_statement_parse(r->text.ptr, r->text.len, st, NULL);
	t->approved = st->version;
}

/*
 * The version approved after `prev` (the root when prev is NULL): the
 * one group of records, by version and hash, that enough admins approve.
 * Returns its first record, NULL when none, and sets *conflict when two
 * different versions are both approved.
 */
static const struct prec *next_approved(struct prec *recs, size_t n,
					const struct pm_policy_statement *prev,
					const char *prev_hash, struct pm_trust *t,
					int *conflict)
{
	const struct prec *found = NULL;
	size_t i;

	*conflict = 0;
	for (i = 0; i < n; i++) {
		const struct prec *r = &recs[i];
		const struct pm_policy_statement *by;
		if (!r->usable || (i && recs[i - 1].usable && recs[i - 1].st.version == r->st.version &&
				   !strcmp(recs[i - 1].hash, r->hash)))
			continue; /* one look per group */
		if (prev ? r->st.version != prev->version + 1 || strcmp(r->st.previous, prev_hash)
			 : strcmp(r->st.previous, "none"))
			continue;
		if (found && found->st.version < r->st.version)
			break; /* the lowest root wins */
		by = prev ? prev : &r->st;
		if ((long)count_approvals(recs, n, r->st.version, r->hash, by, t, NULL) < by->threshold)
			continue;
		if (found) {
			*conflict = 1;
			return found;
		}
		found = r;
	}
	return found;
}

static int admin_order(const void *a, const void *b)
{
	const struct pm_policy_admin *x = a, *y = b;
	int c = strcmp(x->principal, y->principal);

	return c ? c : strcmp(x->key, y->key);
}

/* The version part the files make: admins and their keys from the keyring. */
static int files_statement(const struct pm_keyring *kr, const struct pm_buf *cfg,
			   const struct pm_buf *krb, struct pm_policy_statement *st,
			   struct pm_trust *t)
{
	size_t i, k, alloc = 0;
	struct pm_buf fp = PM_BUF_INIT, line = PM_BUF_INIT;

	st->version = kr->version;
	st->config_sha256 = pm_xmalloc(PM_HASH_HEX);
	st->keyring_sha256 = pm_xmalloc(PM_HASH_HEX);
	pm_text_hash(cfg->ptr, cfg->len, st->config_sha256);
	pm_text_hash(krb->ptr, krb->len, st->keyring_sha256);
	st->threshold = kr->threshold;
	for (i = 0; i < kr->nr_admins; i++) {
		const struct pm_person *p = pm_keyring_person(kr, kr->admins[i]);
		size_t before = st->nr_admins;
		for (k = 0; p && k < p->nr_keys; k++) {
			pm_buf_reset(&fp);
			pm_pubkey_fingerprint(&p->keys[k], &fp);
			if (pm_keyring_revocation(kr, fp.ptr))
				continue;
			pm_buf_reset(&line);
			pm_pubkey_format(&p->keys[k], NULL, &line);
			PM_ALLOC_GROW(st->admins, st->nr_admins + 1, alloc);
			st->admins[st->nr_admins].principal = pm_xstrdup(kr->admins[i]);
			st->admins[st->nr_admins++].key = pm_buf_detach(&line, NULL);
		}
		if (st->nr_admins == before) {
			set_why(t, PM_TRUST_BROKEN,
				"admin '%s' has no key in %s that is not revoked; add the person and a key with 'pmgit keyring add', or name another admin",
				kr->admins[i], PM_KEYRING_PATH);
			break;
		}
		for (k = 0; k < i; k++)
			if (!strcmp(kr->admins[k], kr->admins[i])) {
				set_why(t, PM_TRUST_BROKEN, "admin '%s' is named twice in %s",
					kr->admins[i], PM_KEYRING_PATH);
				break;
			}
	}
	pm_buf_release(&fp);
	pm_buf_release(&line);
	if (t->state == PM_TRUST_BROKEN)
		return -1;
	if (st->nr_admins)
		qsort(st->admins, st->nr_admins, sizeof(*st->admins), admin_order);
	if (kr->threshold < 1 || kr->threshold > (long)kr->nr_admins) {
		set_why(t, PM_TRUST_BROKEN,
			"the admins of %s need a threshold from 1 to %zu (how many of them approve each change)",
			PM_KEYRING_PATH, kr->nr_admins);
		return -1;
	}
	return 0;
}

int pm_trust_eval(struct pm_snap *snap, const struct pm_config *cfg,
		  const struct pm_keyring *kr, struct pm_trust *out, struct pm_error *err)
{
	struct pm_buf cfgb = PM_BUF_INIT, krb = PM_BUF_INIT, part = PM_BUF_INIT;
	struct pm_strlist paths = PM_STRLIST_INIT;
	struct prec *recs = NULL;
	const struct pm_policy_statement *last = NULL;
	char last_hash[PM_HASH_HEX] = "";
	size_t i, n = 0;
	int ret, conflict = 0;

	memset(out, 0, sizeof(*out));
	pm_buf_init(&out->why, 0);
	out->version = kr->version;
	if ((ret = pm_snap_read(snap, PM_CONFIG_PATH, 1 << 20, &cfgb, err)))
		goto done;
	ret = pm_snap_read(snap, PM_KEYRING_PATH, 1 << 20, &krb, NULL);
	if (ret && ret != PM_ENOTFOUND) {
		ret = pm_error_set(err, ret, "cannot read %s", PM_KEYRING_PATH);
		goto done;
	}
	ret = 0;
	if ((ret = pm_snap_whole(snap, PM_POLICY_RECORDS_DIR, err)) ||
	    (ret = pm_snap_list(snap, PM_POLICY_RECORDS_DIR, NULL, &paths, err)))
		goto done;
	recs = pm_xcalloc(paths.nr ? paths.nr : 1, sizeof(*recs));
	for (i = 0; i < paths.nr; i++) {
		recs[n].path = pm_xstrdup(paths.items[i]);
		pm_buf_init(&recs[n].text, 0);
		read_record(snap, &recs[n++], out);
	}

	if (!kr->nr_admins) {
		if (!n)
			out->state = PM_TRUST_UNPROTECTED;
		else
			set_why(out, PM_TRUST_BROKEN,
				"%s names no admins, but %s/ holds their approvals: protection cannot be removed; restore the admins",
				PM_KEYRING_PATH, PM_POLICY_RECORDS_DIR);
		goto done;
	}
	/* the approved chain, from the root */
	if (n)
		qsort(recs, n, sizeof(*recs), by_version);
	for (;;) {
		const struct prec *r = next_approved(recs, n, last, last_hash, out, &conflict);
		if (conflict) {
			set_why(out, PM_TRUST_BROKEN,
				"two different policies are both approved as version %ld; remove the records of the one not meant (%s/v%ld.*)",
				r->st.version, PM_POLICY_RECORDS_DIR, r->st.version);
			goto done;
		}
		if (!r)
			break;
		keep_approved(out, r);
		last = &out->approved_st[out->nr_approved_st - 1];
		memcpy(last_hash, r->hash, sizeof(last_hash));
		if (out->nr_approved_st == 1)
			memcpy(out->root, r->hash, sizeof(out->root));
	}

	if (cfg->version != kr->version) {
		/*
		 * One file moved on and the other did not: a change cut short
		 * between the two writes, or a hand edit of one. When both are
		 * the approved version or the next, the next is what was meant.
		 */
		long lo = cfg->version < kr->version ? cfg->version : kr->version;
		long hi = cfg->version < kr->version ? kr->version : cfg->version;
		out->needs_bump = last && lo >= last->version && hi <= last->version + 1;
		out->need = last ? last->threshold : 0;
		set_why(out, PM_TRUST_BROKEN,
			"%s is at version %d and %s at version %d; a protected policy gives both files the same version%s",
			PM_CONFIG_PATH, cfg->version, PM_KEYRING_PATH, kr->version,
			out->needs_bump ? " ('pmgit policy sign' sets both to the next version and approves it)"
					: "");
		goto done;
	}

	/* the files: the approved version, the next one, or neither */
	if (files_statement(kr, &cfgb, &krb, &out->next, out))
		goto done;
	if (!last) {
		out->next.previous = pm_xstrdup("none");
	} else if (kr->version == last->version) {
		out->next.previous = pm_xstrdup(last->previous);
	} else if (kr->version == last->version + 1) {
		out->next.previous = pm_xstrdup(last_hash);
	} else {
		set_why(out, PM_TRUST_BROKEN,
			"the policy files say version %d, but the newest approved version is %ld; the next version is %ld",
			kr->version, last->version, last->version + 1);
		goto done;
	}
	pm_policy_version_format(&out->next, &part);
	pm_sha256_hex(part.ptr, part.len, out->current);
	if (last && kr->version == last->version) {
		if (strcmp(out->current, last_hash)) {
			out->needs_bump = 1;
			out->need = last->threshold;
			set_why(out, PM_TRUST_BROKEN,
				"the policy files changed but still say version %ld, which the admins approved as it was; set 'version: %ld' in both %s and %s (pmgit keyring does this) and have the admins approve it with 'pmgit policy sign'",
				last->version, last->version + 1, PM_CONFIG_PATH, PM_KEYRING_PATH);
			goto done;
		}
		out->state = PM_TRUST_OK;
		out->approvers = out->nr_approved_st > 1 ? &out->approved_st[out->nr_approved_st - 2]
							 : &out->approved_st[0];
		out->need = out->approvers->threshold;
		out->have = (size_t)out->need;
		goto notes;
	}
	out->approvers = last ? &out->approved_st[out->nr_approved_st - 1] : &out->next;
	out->need = out->approvers->threshold;
	{
		const char **who = NULL;
		struct pm_buf left = PM_BUF_INIT;
		size_t k;

		out->have = count_approvals(recs, n, out->next.version, out->current,
					    out->approvers, out, &who);
		for (k = 0; k < out->have; k++)
			pm_strlist_add(&out->signed_by, who[k]);
		free(who);
		set_why(out, PM_TRUST_PENDING,
			"policy version %d awaits approval: %zu of %ld admin sign-off%s",
			kr->version, out->have, out->need, out->need == 1 ? "" : "s");
		pm_trust_left(out, NULL, &left);
		for (k = 0; k < out->signed_by.nr; k++)
			pm_buf_addf(&out->why, "%s%s%s", k ? k + 1 < out->signed_by.nr ? ", " : " and " : " (",
				    out->signed_by.items[k], k + 1 == out->signed_by.nr ? ")" : "");
		if (left.len)
			pm_buf_addf(&out->why, "; %s", left.ptr);
		pm_buf_release(&left);
	}
notes:
	/* what counts for nothing: records of other versions, or of the files as they were */
	for (i = 0; i < n; i++) {
		size_t k;
		int used = 0;
		if (!recs[i].usable)
			continue;
		for (k = 0; k < out->nr_approved_st; k++)
			if (recs[i].st.version == out->approved_st[k].version)
				used = 1;
		if (!used && !(recs[i].st.version == out->next.version &&
			       !strcmp(recs[i].hash, out->current)))
			note(out, &recs[i],
			     "approves version %ld as it no longer is; it counts for nothing",
			     recs[i].st.version);
	}
done:
	for (i = 0; i < n; i++) {
		free(recs[i].path);
		pm_buf_release(&recs[i].text);
		pm_policy_statement_release(&recs[i].st);
	}
	free(recs);
	pm_strlist_release(&paths);
	pm_buf_release(&cfgb);
	pm_buf_release(&krb);
	pm_buf_release(&part);
	return ret;
}

int pm_trust_in_force(const struct pm_trust *t)
{
	return t->state == PM_TRUST_UNPROTECTED || t->state == PM_TRUST_OK;
}

int pm_trust_allows_signing(struct pm_snap *snap, const struct pm_config *cfg,
			    const struct pm_keyring *kr, struct pm_buf *why,
			    struct pm_error *err)
{
	struct pm_trust t;
	int ret;

	if (!kr->nr_admins)
		return 0;
	if ((ret = pm_trust_eval(snap, cfg, kr, &t, err)))
		return ret;
	if (!pm_trust_in_force(&t)) {
		pm_buf_sets(why, t.why.ptr);
		ret = PM_EREJECT;
	}
	pm_trust_release(&t);
	return ret;
}

int pm_trust_approver(const struct pm_trust *t, const char *principal,
		      const struct pm_pubkey *key)
{
	struct pm_buf line = PM_BUF_INIT;
	size_t i;
	int found = -1;

	if (!t->approvers)
		return -1;
	pm_pubkey_format(key, NULL, &line);
	for (i = 0; i < t->approvers->nr_admins && found < 0; i++)
		if (!strcmp(t->approvers->admins[i].principal, principal) &&
		    !strcmp(t->approvers->admins[i].key, line.ptr))
			found = (int)i;
	pm_buf_release(&line);
	return found;
}

void pm_trust_release(struct pm_trust *t)
{
	size_t i;

	for (i = 0; i < t->nr_notes; i++) {
		free(t->notes[i].path);
		free(t->notes[i].why);
	}
	free(t->notes);
	for (i = 0; i < t->nr_approved_st; i++)
		pm_policy_statement_release(&t->approved_st[i]);
	free(t->approved_st);
	pm_policy_statement_release(&t->next);
	pm_strlist_release(&t->signed_by);
	pm_buf_release(&t->why);
	memset(t, 0, sizeof(*t));
}
