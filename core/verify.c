#include "verify.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cover.h"
#include "fsutil.h"
#include "keys.h"
#include "sshsig.h"

#include "banned.h"

const char *pm_rec_state_name(enum pm_rec_state s)
{
	static const char *const names[] = {
#define PM_REC_NAME(id, name) name,
		PM_REC_STATES(PM_REC_NAME)
#undef PM_REC_NAME
	};
	return names[s];
}

const char *pm_slot_state_name(enum pm_slot_state s)
{
	static const char *const names[] = {
#define PM_SLOT_NAME(id, name) name,
		PM_SLOT_STATES(PM_SLOT_NAME)
#undef PM_SLOT_NAME
	};
	return names[s];
}

int pm_rec_state_fails(enum pm_rec_state s)
{
	return s == PM_REC_INVALID || s == PM_REC_UNKNOWN_KEY ||
	       s == PM_REC_REVOKED || s == PM_REC_NOT_ALLOWED;
}

static void set_state(struct pm_rec_verdict *r, enum pm_rec_state s,
		      const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void set_state(struct pm_rec_verdict *r, enum pm_rec_state s,
		      const char *fmt, ...)
{
	struct pm_buf b = PM_BUF_INIT;
	va_list ap;

	r->state = s;
	free(r->detail);
	r->detail = NULL;
	if (!fmt)
		return;
	va_start(ap, fmt);
	pm_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	r->detail = pm_buf_detach(&b, NULL);
}

/* Judges one record on its own (everything but the slot rules). */
static void judge_record(struct pm_rec_verdict *r, const struct pm_record_input *ri,
			 const struct pm_verify_input *in, const char *doc_hash)
{
	struct pm_record rec = PM_RECORD_INIT;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_sshsig sig;
	struct pm_buf fp = PM_BUF_INIT, want = PM_BUF_INIT;
	const struct pm_slot *slot;
	const struct pm_person *person;
	const struct pm_revocation *rv;
	const struct pm_former_slot *former = NULL;
	int held, fresh;

	r->path = pm_xstrdup(ri->path);
	if (ri->problem) {
		set_state(r, PM_REC_INVALID, "%s", ri->problem);
		goto done;
	}
	if (pm_record_parse(&rec, ri->path, ri->data, ri->len, &err)) {
		set_state(r, PM_REC_INVALID, "%s", err.msg.ptr);
		goto done;
	}
	if (pm_statement_parse(rec.statement.ptr, rec.statement.len, &r->st, &err)) {
		set_state(r, PM_REC_INVALID, "%s", err.msg.ptr);
		goto done;
	}
	if (pm_sshsig_decode(rec.signature.ptr, rec.signature.len, &sig, &err)) {
		set_state(r, PM_REC_INVALID, "%s", err.msg.ptr);
		goto done;
	}
	pm_pubkey_fingerprint(&sig.key, &fp);
	r->key_fp = pm_xstrdup(fp.ptr);
	if (pm_sshsig_verify(&sig, PM_SIGNOFF_NAMESPACE, rec.statement.ptr,
			     rec.statement.len, &err)) {
		set_state(r, PM_REC_INVALID, "%s", err.msg.ptr);
		goto done;
	}
	if (strcmp(r->st.key, fp.ptr)) {
		set_state(r, PM_REC_INVALID,
			  "the statement names key %s but was signed by %s", r->st.key, fp.ptr);
		goto done;
	}
	if (!in->facts->id || strcmp(r->st.incident, in->facts->id)) {
		set_state(r, PM_REC_INVALID,
			  "signed for incident %s, not %s (a record copied from another postmortem?)",
			  r->st.incident, in->facts->id ? in->facts->id : "(no ID)");
		goto done;
	}
	pm_record_filename(&want, r->st.slot, r->st.signer);
	if (strcmp(pm_basename(ri->path), want.ptr)) {
		set_state(r, PM_REC_INVALID,
			  "the record's file name should be '%s' for its statement", want.ptr);
		goto done;
	}
	slot = pm_config_slot(in->cfg, r->st.slot);
	if (slot && strcmp(r->st.role, pm_role_name(slot->role))) {
		set_state(r, PM_REC_INVALID, "signed as %s, but slot '%s' is for an %s",
			  r->st.role, slot->name, pm_role_name(slot->role));
		goto done;
	}
	person = pm_keyring_person(in->kr, r->st.signer);
	if (!person) {
		set_state(r, PM_REC_UNKNOWN_KEY, "signer '%s' is not in the keyring",
			  r->st.signer);
		goto done;
	}
	if (person->name)
		r->signer_name = pm_xstrdup(person->name);
	if (!pm_person_has_key(person, &sig.key)) {
		set_state(r, PM_REC_UNKNOWN_KEY, "key %s is not one of %s's keys in the keyring",
			  fp.ptr, r->st.signer);
		goto done;
	}
	if ((rv = pm_keyring_revocation(in->kr, fp.ptr)) &&
	    (rv->compromised || r->st.time_days >= rv->days)) {
		set_state(r, PM_REC_REVOKED, "key %s was revoked on %s%s%s%s%s%s", fp.ptr, rv->date,
			  rv->compromised ? " as compromised" : "",
			  rv->reason && *rv->reason ? " (" : "", rv->reason ? rv->reason : "",
			  rv->reason && *rv->reason ? ")" : "",
			  rv->compromised ? ", which voids every sign-off it made" : "");
		goto done;
	}
	if (!slot) {
		set_state(r, PM_REC_EXTRA, "the policy has no slot '%s'", r->st.slot);
		goto done;
	}
	/* held the slot when signing: now, or until a day after this sign-off's */
	if (!(held = pm_person_has_slot(person, slot->name)) &&
	    (former = pm_person_former_slot(person, slot->name)))
		held = r->st.time_days < former->days;
	fresh = !strcmp(r->st.doc_sha256, doc_hash);
	if (!pm_slot_applies(slot, in->facts->severity, in->facts->date)) {
		/* sound: signed when it was asked (the policy changed since), by who could sign it then */
		r->sound = held && fresh;
		pm_buf_reset(&want);
		pm_slot_why_not(slot, in->facts->severity, in->facts->date, &want);
		set_state(r, PM_REC_EXTRA, "slot '%s' is not asked %s%s", r->st.slot, want.ptr,
			  r->sound ? "; the sign-off itself verifies" : "");
		goto done;
	}
	if (!held) {
		if (former)
			set_state(r, PM_REC_NOT_ALLOWED,
				  "%s held the '%s' slot until %s, and this sign-off is dated after that (keyring)",
				  r->st.signer, slot->name, former->until);
		else
			set_state(r, PM_REC_NOT_ALLOWED, "%s may not sign the '%s' slot (keyring)",
				  r->st.signer, slot->name);
		goto done;
	}
	if (!fresh) {
		set_state(r, PM_REC_STALE, "the document changed after it was signed on %.10s",
			  r->st.time);
		goto done;
	}
	set_state(r, PM_REC_VALID, NULL);
done:
	pm_record_release(&rec);
	pm_error_release(&err);
	pm_buf_release(&fp);
	pm_buf_release(&want);
}

/* Which record state is the better claim on a slot (lower is better). */
static int rank(enum pm_rec_state s)
{
	switch (s) {
	case PM_REC_VALID: return 0;
	case PM_REC_STALE: return 1;
	case PM_REC_NOT_ALLOWED: return 2;
	case PM_REC_REVOKED: return 3;
	case PM_REC_UNKNOWN_KEY: return 4;
	default: return 5;
	}
}

static enum pm_slot_state slot_state_of(enum pm_rec_state s)
{
	switch (s) {
	case PM_REC_VALID: return PM_SLOT_VALID;
	case PM_REC_STALE: return PM_SLOT_STALE;
	case PM_REC_NOT_ALLOWED: return PM_SLOT_NOT_ALLOWED;
	case PM_REC_REVOKED: return PM_SLOT_REVOKED;
	case PM_REC_UNKNOWN_KEY: return PM_SLOT_UNKNOWN_KEY;
	default: return PM_SLOT_INVALID;
	}
}

static void slot_detail(struct pm_slot_verdict *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void slot_detail(struct pm_slot_verdict *s, const char *fmt, ...)
{
	struct pm_buf b = PM_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	pm_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	free(s->detail);
	s->detail = pm_buf_detach(&b, NULL);
}

/*
 * A signature that verifies still signs only what lies above the document's
 * first "## Sign-Off" line. When the document shows more than that (text
 * below the Sign-Off section's heading, or such a line hidden in a comment
 * high up), a valid record does not sign what readers see: it is invalid.
 */
static void uncovered(struct pm_verdict *out, const struct pm_verify_input *in,
		      const struct pm_canon_cut *cut)
{
	struct pm_buf why = PM_BUF_INIT;
	unsigned line;
	size_t i;

	for (i = 0; i < out->nr_recs && out->recs[i].state != PM_REC_VALID; i++)
		;
	if (i == out->nr_recs)
		return;
	line = pm_cover_check(in->src, in->len, cut, NULL, in->cfg, in->tpl, &why);
	out->uncovered = line;
	for (i = 0; line && i < out->nr_recs; i++)
		if (out->recs[i].state == PM_REC_VALID) {
			set_state(&out->recs[i], PM_REC_INVALID,
				  "the signature does not cover line %u of the document: %s",
				  line, why.ptr);
			out->recs[i].uncovered = 1;
		}
	pm_buf_release(&why);
}

void pm_verify_document(struct pm_verdict *out, const struct pm_verify_input *in)
{
	const struct pm_config *cfg = in->cfg;
	struct pm_canon_cut cut = { in->len, 0, 0, 0 };
	size_t i, j;

	memset(out, 0, sizeof(*out));
	out->id = in->facts->id ? pm_xstrdup(in->facts->id) : NULL;
	out->title = in->facts->title ? pm_xstrdup(in->facts->title) : NULL;
	out->severity = in->facts->severity;
	out->status = in->facts->status;
	if (out->status == PM_STATUS_UNKNOWN && in->facts->status_raw && *in->facts->status_raw)
		out->status_written = pm_xstrdup(in->facts->status_raw);
	if (in->nr_records || !in->hash_if_signed)
		cut = pm_canon_hash(in->src, in->len, out->doc_hash);
	out->recs = pm_xcalloc(in->nr_records ? in->nr_records : 1, sizeof(*out->recs));
	out->nr_recs = in->nr_records;
	for (i = 0; i < in->nr_records; i++)
		judge_record(&out->recs[i], &in->records[i], in, out->doc_hash);
	uncovered(out, in, &cut);

	out->slots = pm_xcalloc(cfg->nr_slots ? cfg->nr_slots : 1, sizeof(*out->slots));
	out->nr_slots = cfg->nr_slots;
	for (i = 0; i < cfg->nr_slots; i++) {
		struct pm_slot_verdict *s = &out->slots[i];
		s->slot = &cfg->slots[i];
		s->applies = pm_slot_applies(s->slot, in->facts->severity, in->facts->date);
		s->required = s->applies && !s->slot->optional;
		s->state = PM_SLOT_MISSING;
		s->record = -1;
		if (!s->applies) {
			struct pm_buf why = PM_BUF_INIT;
			pm_buf_adds(&why, "not required ");
			pm_slot_why_not(s->slot, in->facts->severity, in->facts->date, &why);
			s->detail = pm_buf_detach(&why, NULL);
			continue;
		}
		for (j = 0; j < out->nr_recs; j++) {
			const struct pm_rec_verdict *r = &out->recs[j];
			if (!r->st.slot || strcasecmp(r->st.slot, s->slot->name) ||
			    r->state == PM_REC_EXTRA)
				continue;
			if (s->record < 0 || rank(r->state) < rank(out->recs[s->record].state))
				s->record = (int)j;
		}
		if (s->record >= 0) {
			const struct pm_rec_verdict *r = &out->recs[s->record];
			s->state = slot_state_of(r->state);
			if (r->detail)
				slot_detail(s, "%s", r->detail);
		}
	}

	/* separation of duties, over the slots that are otherwise valid */
	for (i = 0; i < out->nr_slots; i++) {
		struct pm_slot_verdict *s = &out->slots[i];
		const struct pm_rec_verdict *r;
		const struct pm_person *p;

		if (s->state != PM_SLOT_VALID)
			continue;
		r = &out->recs[s->record];
		p = pm_keyring_person(in->kr, r->st.signer);
		if (!cfg->authors_may_approve && s->slot->role == PM_ROLE_APPROVER &&
		    pm_facts_is_author(in->facts, r->st.signer, p ? p->name : NULL)) {
			s->state = PM_SLOT_SELF_APPROVAL;
			slot_detail(s, "%s is an author of this postmortem and cannot approve it",
				    r->st.signer);
			continue;
		}
		if (cfg->one_slot_per_person && s->required) {
			for (j = 0; j < i; j++) {
				const struct pm_slot_verdict *o = &out->slots[j];
				if (o->required && o->state == PM_SLOT_VALID &&
				    !strcmp(out->recs[o->record].st.signer, r->st.signer)) {
					s->state = PM_SLOT_DUPLICATE_SIGNER;
					slot_detail(s, "%s already signed the '%s' slot; one person fills one required slot",
						    r->st.signer, o->slot->name);
					break;
				}
			}
		}
	}

	out->records_ok = 1;
	for (i = 0; i < out->nr_recs; i++)
		if (pm_rec_state_fails(out->recs[i].state))
			out->records_ok = 0;
	out->complete = 1;
	for (i = 0; i < out->nr_slots; i++)
		if (out->slots[i].required && out->slots[i].state != PM_SLOT_VALID)
			out->complete = 0;
	/*
	 * A Status none of the three ("Final." or "Final ✅", or none at all)
	 * fails: pmgit cannot tell whether the postmortem is Final, and one
	 * readers take for Final would otherwise pass with no sign-off.
	 */
	out->ok = out->records_ok && in->facts->status != PM_STATUS_UNKNOWN &&
		  (in->facts->status != PM_STATUS_FINAL || out->complete);
}

void pm_verdict_release(struct pm_verdict *v)
{
	size_t i;

	for (i = 0; i < v->nr_recs; i++) {
		free(v->recs[i].path);
		free(v->recs[i].detail);
		free(v->recs[i].key_fp);
		free(v->recs[i].signer_name);
		pm_statement_release(&v->recs[i].st);
	}
	free(v->recs);
	for (i = 0; i < v->nr_slots; i++)
		free(v->slots[i].detail);
	free(v->slots);
	free(v->id);
	free(v->title);
	free(v->status_written);
	memset(v, 0, sizeof(*v));
}
