/* verification: every way a sign-off can be wrong has its own state */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "doc.h"
#include "facts.h"
#include "keys.h"
#include "policy.h"
#include "record.h"
#include "sshsig.h"
#include "verify.h"
#include "test.h"

#define UNIT_MODULE "verify"

static const char doc_p1[] =
	"# Outage\n\n"
	"**Incident ID**: INC-2026-0001\n"
	"**Date**: 2026-02-10\n"
	"**Author(s)**: Carol Diaz, Dan\n"
	"**Reviewers**: Alice\n"
	"**Status**: Final\n\n---\n\n## Impact\n- **Severity**: P1\n\n## Sign-Off\n";

enum { ALICE, BOB, CAROL, ERIN, FRANK, NKEYS };
static struct pm_seckey keys[NKEYS];
static const char *const who[NKEYS] = { "alice@example.com", "bob@example.com",
					 "carol@example.com", "erin@example.com",
					 "frank@example.com" };

struct rec {
	char path[160];
	struct pm_buf data;
};

struct fixture {
	struct pm_config cfg;
	struct pm_keyring kr;
	struct rec recs[8];
	struct pm_record_input in[8];
	size_t n;
};

static void add_person(struct pm_keyring *kr, int k, const char *name, const char *slots)
{
	struct pm_buf line = PM_BUF_INIT;
	struct pm_error err = PM_ERROR_INIT;
	char *list[4], *copy = strdup(slots), *s, *save = NULL;
	size_t n = 0;

	for (s = strtok_r(copy, ",", &save); s && n < 4; s = strtok_r(NULL, ",", &save))
		list[n++] = s;
	pm_pubkey_format(&keys[k].pub, NULL, &line);
	pm_keyring_add(kr, who[k], name, line.ptr, &keys[k].pub, list, n, &err);
	free(copy);
	pm_buf_release(&line);
	pm_error_release(&err);
}

static void setup(struct fixture *f)
{
	static int made;
	int i;

	if (!made) {
		for (i = 0; i < NKEYS; i++)
			pm_seckey_generate(&keys[i]);
		made = 1;
	}
	memset(f, 0, sizeof(*f));
	pm_config_defaults(&f->cfg);
	f->kr.version = 1;
	add_person(&f->kr, ALICE, "Alice Chen", "SRE Lead");
	add_person(&f->kr, BOB, "Bob Okafor", "Engineering Manager,VP Engineering");
	add_person(&f->kr, CAROL, "Carol Diaz", "VP Engineering");
	add_person(&f->kr, ERIN, "Erin Park", "VP Engineering,Product Manager");
}

static void teardown(struct fixture *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		pm_buf_release(&f->recs[i].data);
	pm_config_release(&f->cfg);
	pm_keyring_release(&f->kr);
}

struct sign_spec {
	int key;
	const char *slot, *role, *signer, *incident, *ns, *time;
	const char *doc;           /* signed content (default doc_p1) */
	const char *tamper_from, *tamper_to; /* edit the statement after signing */
	const char *file;          /* record file name (default the right one) */
};

static void sign(struct fixture *f, const struct sign_spec *sp)
{
	struct pm_statement st;
	struct pm_buf text = PM_BUF_INIT, sig = PM_BUF_INIT, fp = PM_BUF_INIT, name = PM_BUF_INIT;
	struct pm_signer s;
	struct pm_error err = PM_ERROR_INIT;
	char hash[PM_HASH_HEX];
	const char *src = sp->doc ? sp->doc : doc_p1;
	struct rec *r = &f->recs[f->n];

	pm_canon_hash(src, strlen(src), hash);
	pm_pubkey_fingerprint(&keys[sp->key].pub, &fp);
	st.incident = (char *)(sp->incident ? sp->incident : "INC-2026-0001");
	st.doc_sha256 = hash;
	st.slot = (char *)sp->slot;
	st.role = (char *)(sp->role ? sp->role : "reviewer");
	st.signer = (char *)(sp->signer ? sp->signer : who[sp->key]);
	st.key = fp.ptr;
	st.time = (char *)(sp->time ? sp->time : "2026-02-12T10:00:00Z");
	pm_statement_format(&st, &text);
	pm_signer_from_seckey(&s, &keys[sp->key]);
	pm_sshsig_sign(&s, sp->ns ? sp->ns : PM_SIGNOFF_NAMESPACE, text.ptr, text.len, &sig, &err);
	if (sp->tamper_from) {
		struct pm_buf t = PM_BUF_INIT;
		char *at = strstr(text.ptr, sp->tamper_from);
		pm_buf_add(&t, text.ptr, (size_t)(at - text.ptr));
		pm_buf_adds(&t, sp->tamper_to);
		pm_buf_adds(&t, at + strlen(sp->tamper_from));
		pm_buf_release(&text);
		text = t;
	}
	pm_buf_init(&r->data, 0);
	pm_record_encode(text.ptr, sig.ptr, &r->data, &err);
	pm_record_filename(&name, st.slot, st.signer);
	snprintf(r->path, sizeof(r->path), "postmortems/INC-2026-0001.signoffs/%s",
		 sp->file ? sp->file : name.ptr);
	f->in[f->n].path = r->path;
	f->in[f->n].data = r->data.ptr;
	f->in[f->n].len = r->data.len;
	f->n++;
	pm_buf_release(&text);
	pm_buf_release(&sig);
	pm_buf_release(&fp);
	pm_buf_release(&name);
	pm_error_release(&err);
}

static void verify(struct fixture *f, const char *src, struct pm_verdict *v)
{
	struct pm_doc d;
	struct pm_facts facts;
	struct pm_verify_input in;

	pm_doc_parse(&d, src, strlen(src));
	pm_facts_read(&d, &facts);
	memset(&in, 0, sizeof(in));
	in.doc_path = "postmortems/INC-2026-0001.md";
	in.src = src;
	in.len = strlen(src);
	in.facts = &facts;
	in.records = f->in;
	in.nr_records = f->n;
	in.cfg = &f->cfg;
	in.kr = &f->kr;
	pm_verify_document(v, &in);
	pm_doc_release(&d);
}

static enum pm_slot_state slot(const struct pm_verdict *v, const char *name)
{
	size_t i;

	for (i = 0; i < v->nr_slots; i++)
		if (!strcmp(v->slots[i].slot->name, name))
			return v->slots[i].state;
	return (enum pm_slot_state)-1;
}

#define SIGN(f, ...) do { struct sign_spec sp_ = { __VA_ARGS__ }; sign(f, &sp_); } while (0)

static void the_three_required_sign_offs_make_a_final_document_complete(void)
{
	struct fixture f;
	struct pm_verdict v;

	setup(&f);
	SIGN(&f, .key = ALICE, .slot = "SRE Lead");
	SIGN(&f, .key = BOB, .slot = "Engineering Manager");
	SIGN(&f, .key = ERIN, .slot = "VP Engineering", .role = "approver");
	verify(&f, doc_p1, &v);
	CHECK(slot(&v, "SRE Lead") == PM_SLOT_VALID);
	CHECK(slot(&v, "Engineering Manager") == PM_SLOT_VALID);
	CHECK(slot(&v, "VP Engineering") == PM_SLOT_VALID);
	CHECK(slot(&v, "Product Manager") == PM_SLOT_MISSING);
	CHECK(v.complete && v.records_ok && v.ok);
	pm_verdict_release(&v);
	teardown(&f);
}

static void an_edit_after_signing_makes_it_stale(void)
{
	struct fixture f;
	struct pm_verdict v;
	static const char edited[] =
		"# Outage, edited\n\n**Incident ID**: INC-2026-0001\n**Date**: 2026-02-10\n"
		"**Author(s)**: Carol Diaz, Dan\n**Reviewers**: Alice\n**Status**: Final\n\n---\n\n"
		"## Impact\n- **Severity**: P1\n\n## Sign-Off\n";

	setup(&f);
	SIGN(&f, .key = ALICE, .slot = "SRE Lead");
	verify(&f, edited, &v);
	CHECK(v.recs[0].state == PM_REC_STALE);
	CHECK(slot(&v, "SRE Lead") == PM_SLOT_STALE);
	CHECK(v.records_ok && !v.ok); /* Final and incomplete */
	pm_verdict_release(&v);
	teardown(&f);
}

static void every_altered_statement_field_is_invalid(void)
{
	static const char *const edits[][2] = {
		{ "incident: INC-2026-0001", "incident: INC-2026-0009" },
		{ "slot: SRE Lead", "slot: Engineering Manager" },
		{ "role: reviewer", "role: approver" },
		{ "signer: alice@example.com", "signer: bob@example.com" },
		{ "time: 2026-02-12T10:00:00Z", "time: 2026-02-11T10:00:00Z" },
		{ "document-sha256: ", "document-sha256: 0" },
	};
	size_t i;

	for (i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		struct fixture f;
		struct pm_verdict v;
		setup(&f);
		SIGN(&f, .key = ALICE, .slot = "SRE Lead", .tamper_from = edits[i][0],
		     .tamper_to = edits[i][1], .file = "sre-lead.alice-example-com.yaml");
		verify(&f, doc_p1, &v);
		CHECK(v.recs[0].state == PM_REC_INVALID);
		CHECK(!v.records_ok);
		pm_verdict_release(&v);
		teardown(&f);
	}
}

static void a_record_from_another_incident_is_invalid(void)
{
	struct fixture f;
	struct pm_verdict v;

	setup(&f);
	SIGN(&f, .key = ALICE, .slot = "SRE Lead", .incident = "INC-2026-0002");
	verify(&f, doc_p1, &v);
	CHECK(v.recs[0].state == PM_REC_INVALID);
	CHECK(strstr(v.recs[0].detail, "signed for incident INC-2026-0002") != NULL);
	pm_verdict_release(&v);
	teardown(&f);
}

static void keys_and_slots_are_checked_against_the_keyring(void)
{
	struct fixture f;
	struct pm_verdict v;

	setup(&f);
	SIGN(&f, .key = ALICE, .slot = "VP Engineering", .role = "approver");  /* reviewer's key */
	SIGN(&f, .key = FRANK, .slot = "Engineering Manager");                 /* nobody's */
	SIGN(&f, .key = FRANK, .slot = "Product Manager", .signer = "erin@example.com"); /* not erin's */
	verify(&f, doc_p1, &v);
	CHECK(v.recs[0].state == PM_REC_NOT_ALLOWED);
	CHECK(v.recs[1].state == PM_REC_UNKNOWN_KEY);
	CHECK(strstr(v.recs[1].detail, "not in the keyring") != NULL);
	CHECK(v.recs[2].state == PM_REC_UNKNOWN_KEY);
	CHECK(strstr(v.recs[2].detail, "not one of erin@example.com's keys") != NULL);
	CHECK(slot(&v, "VP Engineering") == PM_SLOT_NOT_ALLOWED);
	CHECK(!v.records_ok);
	pm_verdict_release(&v);
	teardown(&f);
}

static void revocations_void_by_date_or_entirely(void)
{
	struct fixture f;
	struct pm_verdict v;
	struct pm_buf fp = PM_BUF_INIT;
	struct pm_revocation rv[1];

	setup(&f);
	pm_pubkey_fingerprint(&keys[ALICE].pub, &fp);
	SIGN(&f, .key = ALICE, .slot = "SRE Lead", .time = "2026-02-12T10:00:00Z");
	rv[0].key = fp.ptr;
	rv[0].reason = (char *)"laptop lost";
	rv[0].date = (char *)"2026-03-01";
	rv[0].days = 20513; /* 2026-03-01 */
	rv[0].compromised = 0;
	f.kr.revoked = rv;
	f.kr.nr_revoked = 1;
	verify(&f, doc_p1, &v);
	CHECK(v.recs[0].state == PM_REC_VALID); /* signed before the revocation */
	pm_verdict_release(&v);
	rv[0].days = 20496; /* 2026-02-12: on the day of signing */
	verify(&f, doc_p1, &v);
	CHECK(v.recs[0].state == PM_REC_REVOKED);
	pm_verdict_release(&v);
	rv[0].days = 20513;
	rv[0].compromised = 1;
	verify(&f, doc_p1, &v);
	CHECK(v.recs[0].state == PM_REC_REVOKED && !v.records_ok);
	CHECK(strstr(v.recs[0].detail, "laptop lost") != NULL);
	pm_verdict_release(&v);
	f.kr.revoked = NULL;
	f.kr.nr_revoked = 0;
	pm_buf_release(&fp);
	teardown(&f);
}

static void another_namespace_or_broken_armor_is_invalid(void)
{
	struct fixture f;
	struct pm_verdict v;

	setup(&f);
	SIGN(&f, .key = ALICE, .slot = "SRE Lead", .ns = "file");
	SIGN(&f, .key = BOB, .slot = "Engineering Manager");
	/* cut the second record's armor in half */
	f.in[1].len = f.in[1].len / 2 + 40;
	verify(&f, doc_p1, &v);
	CHECK(v.recs[0].state == PM_REC_INVALID && strstr(v.recs[0].detail, "namespace"));
	CHECK(v.recs[1].state == PM_REC_INVALID);
	pm_verdict_release(&v);
	teardown(&f);
}

static void separation_of_duties_holds(void)
{
	struct fixture f;
	struct pm_verdict v;

	setup(&f);
	SIGN(&f, .key = BOB, .slot = "Engineering Manager");
	SIGN(&f, .key = BOB, .slot = "VP Engineering", .role = "approver");
	SIGN(&f, .key = ALICE, .slot = "SRE Lead");
	verify(&f, doc_p1, &v);
	CHECK(slot(&v, "VP Engineering") == PM_SLOT_DUPLICATE_SIGNER);
	CHECK(!v.complete && !v.ok && v.records_ok);
	pm_verdict_release(&v);
	teardown(&f);

	setup(&f);
	SIGN(&f, .key = CAROL, .slot = "VP Engineering", .role = "approver");
	verify(&f, doc_p1, &v);
	CHECK(slot(&v, "VP Engineering") == PM_SLOT_SELF_APPROVAL);
	pm_verdict_release(&v);
	f.cfg.authors_may_approve = 1;
	verify(&f, doc_p1, &v);
	CHECK(slot(&v, "VP Engineering") == PM_SLOT_VALID);
	pm_verdict_release(&v);
	teardown(&f);
}

static void records_outside_any_slot_are_extra(void)
{
	static const char p2[] =
		"# Outage\n\n**Incident ID**: INC-2026-0001\n**Status**: In Review\n\n---\n\n"
		"## Impact\n- **Severity**: P2\n";
	struct fixture f;
	struct pm_verdict v;

	setup(&f);
	SIGN(&f, .key = ERIN, .slot = "VP Engineering", .role = "approver", .doc = p2);
	verify(&f, p2, &v);
	CHECK(v.recs[0].state == PM_REC_EXTRA);
	CHECK(v.records_ok && v.ok); /* not Final: missing sign-offs are not failures */
	CHECK(!v.complete);
	pm_verdict_release(&v);
	teardown(&f);
}

static void a_renamed_record_is_invalid(void)
{
	struct fixture f;
	struct pm_verdict v;

	setup(&f);
	SIGN(&f, .key = ALICE, .slot = "SRE Lead", .file = "engineering-manager.alice-example-com.yaml");
	verify(&f, doc_p1, &v);
	CHECK(v.recs[0].state == PM_REC_INVALID && strstr(v.recs[0].detail, "file name"));
	pm_verdict_release(&v);
	teardown(&f);
}

void unit_verify(void)
{
	RUN(the_three_required_sign_offs_make_a_final_document_complete);
	RUN(an_edit_after_signing_makes_it_stale);
	RUN(every_altered_statement_field_is_invalid);
	RUN(a_record_from_another_incident_is_invalid);
	RUN(keys_and_slots_are_checked_against_the_keyring);
	RUN(revocations_void_by_date_or_entirely);
	RUN(another_namespace_or_broken_armor_is_invalid);
	RUN(separation_of_duties_holds);
	RUN(records_outside_any_slot_are_extra);
	RUN(a_renamed_record_is_invalid);
}
