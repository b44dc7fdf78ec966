#include "ringmerge.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keys.h"

#include "banned.h"

/* Is a fact in the merge: in both, or added by one (not in the base)? */
static int kept(int in_base, int in_ours, int in_theirs)
{
	return (in_ours && in_theirs) || (in_ours && !in_base) || (in_theirs && !in_base);
}

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/*
 * A value both may have changed: the one that changed it wins; *r is set,
 * or -1 when both changed it, each to something else.
 */
static int merge_str(const char *b, const char *o, const char *t, const char **r)
{
	if (same_str(o, t) || same_str(t, b))
		*r = o;
	else if (same_str(o, b))
		*r = t;
	else
		return -1;
	return 0;
}

/* The same for a number; `has_base`: whether there is a base value. */
static int merge_long(int has_base, long b, long o, long t, long *r)
{
	if (o == t || (has_base && t == b))
		*r = o;
	else if (has_base && o == b)
		*r = t;
	else
		return -1;
	return 0;
}

static const struct pm_person *person_of(const struct pm_keyring *k, const char *principal)
{
	return k ? pm_keyring_person(k, principal) : NULL;
}

static int has_key(const struct pm_person *p, const struct pm_pubkey *key)
{
	return p && pm_person_has_key(p, key);
}

static int has_slot(const struct pm_person *p, const char *slot)
{
	return p && pm_person_has_slot(p, slot);
}

static int same_former(const struct pm_former_slot *a, const struct pm_former_slot *b)
{
	return !strcasecmp(a->slot, b->slot) && !strcmp(a->until, b->until) &&
	       same_str(a->reason, b->reason);
}

static int has_former(const struct pm_person *p, const struct pm_former_slot *f)
{
	size_t i;

	for (i = 0; p && i < p->nr_former; i++)
		if (same_former(&p->former[i], f))
			return 1;
	return 0;
}

/* Do two people (either may be NULL) hold the same name, keys, slots and former slots? */
static int same_person(const struct pm_person *a, const struct pm_person *b)
{
	size_t i;

	if (!a || !b)
		return a == b;
	if (!same_str(a->name, b->name) || a->nr_keys != b->nr_keys || a->nr_slots != b->nr_slots ||
	    a->nr_former != b->nr_former)
		return 0;
	for (i = 0; i < a->nr_keys; i++)
		if (!has_key(b, &a->keys[i]))
			return 0;
	for (i = 0; i < a->nr_slots; i++)
		if (!has_slot(b, a->slots[i]))
			return 0;
	for (i = 0; i < a->nr_former; i++)
		if (!has_former(b, &a->former[i]))
			return 0;
	return 1;
}

static void say_key(struct pm_buf *said, const char *how, const struct pm_pubkey *key,
		    const char *principal)
{
	struct pm_buf fp = PM_BUF_INIT;

	pm_pubkey_fingerprint(key, &fp);
	pm_buf_addf(said, "%s key %s of %s\n", how, fp.ptr, principal);
	pm_buf_release(&fp);
}

/* One person of the merge, from its three versions (any may be NULL); 0 or -1 on a conflict. */
static int merge_person(const struct pm_person *b, const struct pm_person *o,
			const struct pm_person *t, struct pm_person *r, struct pm_buf *said,
			struct pm_error *err)
{
	const struct pm_person *side[2] = { o, t };
	const char *name;
	size_t s, i;

	memset(r, 0, sizeof(*r));
	r->principal = pm_xstrdup(o ? o->principal : t->principal);
	if (merge_str(b ? b->name : NULL, o ? o->name : NULL, t ? t->name : NULL, &name))
		return pm_error_set(err, PM_EREJECT,
				    "the two branches give %s two names ('%s' here, '%s' there); settle it in the file by hand (keep one name, delete git's marker lines), then 'git add' it",
				    r->principal, o && o->name ? o->name : "", t && t->name ? t->name : "");
	if (name)
		r->name = pm_xstrdup(name);
	if (o && t && !same_str(o->name, t->name) && same_str(name, t->name))
		pm_buf_addf(said, "from the other branch: %s's name, '%s'\n", r->principal, name);
	for (s = 0; s < 2; s++) {
		const struct pm_person *p = side[s], *other = side[!s];
		for (i = 0; p && i < p->nr_keys; i++) {
			if ((s && has_key(o, &p->keys[i])) ||
			    !kept(has_key(b, &p->keys[i]), has_key(o, &p->keys[i]), has_key(t, &p->keys[i])))
				continue;
			r->keys = pm_xrealloc(r->keys, (r->nr_keys + 1) * sizeof(*r->keys));
			r->key_lines = pm_xrealloc(r->key_lines, (r->nr_keys + 1) * sizeof(*r->key_lines));
			r->keys[r->nr_keys] = p->keys[i];
			r->key_lines[r->nr_keys++] = pm_xstrdup(p->key_lines[i]);
			if (s && o)
				say_key(said, "from the other branch:", &p->keys[i], r->principal);
		}
		for (i = 0; p && i < p->nr_slots; i++) {
			if ((s && has_slot(o, p->slots[i])) ||
			    !kept(has_slot(b, p->slots[i]), has_slot(o, p->slots[i]), has_slot(t, p->slots[i])))
				continue;
			r->slots = pm_xrealloc(r->slots, (r->nr_slots + 1) * sizeof(*r->slots));
			r->slots[r->nr_slots++] = pm_xstrdup(p->slots[i]);
			if (s && o)
				pm_buf_addf(said, "from the other branch: slot '%s' of %s\n", p->slots[i], r->principal);
		}
		for (i = 0; p && i < p->nr_former; i++) {
			const struct pm_former_slot *f = &p->former[i];
			if ((s && has_former(o, f)) || !kept(has_former(b, f), has_former(o, f), has_former(t, f)))
				continue;
			r->former = pm_xrealloc(r->former, (r->nr_former + 1) * sizeof(*r->former));
			r->former[r->nr_former].slot = pm_xstrdup(f->slot);
			r->former[r->nr_former].until = pm_xstrdup(f->until);
			r->former[r->nr_former].days = f->days;
			r->former[r->nr_former++].reason = f->reason ? pm_xstrdup(f->reason) : NULL;
			if (s && o)
				pm_buf_addf(said, "from the other branch: slot '%s' of %s held until %s\n",
					    f->slot, r->principal, f->until);
		}
		/* what this side had and the other took out */
		for (i = 0; !s && other && p && i < p->nr_keys; i++)
			if (!has_key(other, &p->keys[i]) && has_key(b, &p->keys[i]))
				say_key(said, "taken out on the other branch:", &p->keys[i], r->principal);
		for (i = 0; !s && other && p && i < p->nr_slots; i++)
			if (!has_slot(other, p->slots[i]) && has_slot(b, p->slots[i]))
				pm_buf_addf(said, "taken out on the other branch: slot '%s' of %s\n",
					    p->slots[i], r->principal);
	}
	if (!r->nr_keys)
		return pm_error_set(err, PM_EREJECT,
				    "%s would keep no key: each branch took out one and added none the other kept; settle it by hand",
				    r->principal);
	return 0;
}

static const struct pm_revocation *revocation_of(const struct pm_keyring *k, const char *fp)
{
	return k ? pm_keyring_revocation(k, fp) : NULL;
}

static int same_revocation(const struct pm_revocation *a, const struct pm_revocation *b)
{
	if (!a || !b)
		return a == b;
	return same_str(a->reason, b->reason) && same_str(a->date, b->date) &&
	       a->compromised == b->compromised;
}

static void copy_revocation(struct pm_keyring *k, const struct pm_revocation *v)
{
	struct pm_revocation *r;

	k->revoked = pm_xrealloc(k->revoked, (k->nr_revoked + 1) * sizeof(*k->revoked));
	r = &k->revoked[k->nr_revoked++];
	memset(r, 0, sizeof(*r));
	r->key = pm_xstrdup(v->key);
	r->reason = v->reason ? pm_xstrdup(v->reason) : NULL;
	r->date = v->date ? pm_xstrdup(v->date) : NULL;
	r->days = v->days;
	r->compromised = v->compromised;
}

static int has_admin(const struct pm_keyring *k, const char *who)
{
	size_t i;

	for (i = 0; k && i < k->nr_admins; i++)
		if (!strcasecmp(k->admins[i], who))
			return 1;
	return 0;
}

int pm_keyring_merge(const struct pm_keyring *base, const struct pm_keyring *ours,
		     const struct pm_keyring *theirs, struct pm_keyring *out,
		     struct pm_buf *said, struct pm_error *err)
{
	const struct pm_keyring *side[2] = { ours, theirs };
	size_t s, i;
	long v;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	/* the version and threshold: one value each */
	if (merge_long(base != NULL, base ? base->version : 0, ours->version, theirs->version, &v))
		return pm_error_set(err, PM_EREJECT,
				    "the two branches made different policy versions (%d here, %d there), which the admins approve one at a time; merge the keyring by hand, then 'pmgit policy sign'",
				    ours->version, theirs->version);
	out->version = (int)v;
	if (merge_long(base != NULL, base ? base->threshold : 0, ours->threshold, theirs->threshold, &v))
		return pm_error_set(err, PM_EREJECT,
				    "both branches changed the policy's threshold (%ld here, %ld there); merge the keyring by hand",
				    ours->threshold, theirs->threshold);
	out->threshold = v;

	for (s = 0; s < 2 && !ret; s++) {
		const struct pm_keyring *k = side[s];
		/* people: ours in order, then those only the other branch has */
		for (i = 0; i < k->nr_people && !ret; i++) {
			const char *who = k->people[i].principal;
			const struct pm_person *b = person_of(base, who), *o = person_of(ours, who),
					       *t = person_of(theirs, who);
			if (s && o)
				continue;
			if (!kept(b != NULL, o != NULL, t != NULL)) {
				/* taken out on one side: unless the other changed them since */
				if ((o && !same_person(o, b)) || (t && !same_person(t, b)))
					ret = pm_error_set(err, PM_EREJECT,
							   "%s was taken out of the keyring on one branch and changed on the other; settle it by hand",
							   who);
				else if (o)
					pm_buf_addf(said, "taken out on the other branch: %s\n", who);
				continue;
			}
			out->people = pm_xrealloc(out->people, (out->nr_people + 1) * sizeof(*out->people));
			ret = merge_person(b, o, t, &out->people[out->nr_people++], said, err);
			if (!ret && s)
				pm_buf_addf(said, "from the other branch: %s\n", who);
		}
		for (i = 0; i < k->nr_revoked && !ret; i++) {
			const char *fp = k->revoked[i].key;
			const struct pm_revocation *b = revocation_of(base, fp), *o = revocation_of(ours, fp),
						   *t = revocation_of(theirs, fp), *r;
			if ((s && o) || !kept(b != NULL, o != NULL, t != NULL))
				continue;
			if (same_revocation(o, t) || same_revocation(t, b))
				r = o ? o : t;
			else if (same_revocation(o, b))
				r = t;
			else
				r = NULL;
			if (!r) {
				ret = pm_error_set(err, PM_EREJECT,
						   "both branches changed the revocation of %s; settle it by hand", fp);
				break;
			}
			copy_revocation(out, r);
			if (r != o)
				pm_buf_addf(said, "from the other branch: the revocation of %s\n", fp);
		}
		for (i = 0; i < k->nr_admins && !ret; i++) {
			const char *who = k->admins[i];
			if ((s && has_admin(ours, who)) ||
			    !kept(has_admin(base, who), has_admin(ours, who), has_admin(theirs, who)))
				continue;
			out->admins = pm_xrealloc(out->admins, (out->nr_admins + 1) * sizeof(*out->admins));
			out->admins[out->nr_admins++] = pm_xstrdup(who);
			if (s)
				pm_buf_addf(said, "from the other branch: admin %s\n", who);
		}
	}
	if (ret)
		pm_keyring_release(out);
	return ret;
}
