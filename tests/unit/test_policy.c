/* YAML within limits, the policy and the keyring */
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "policy.h"
#include "ringmerge.h"
#include "ringtext.h"
#include "template.h"
#include "text.h"
#include "trust.h"
#include "yamltree.h"
#include "test.h"

#define UNIT_MODULE "yaml"

static int load_fails(const char *text, const char *needle)
{
	struct pm_yaml *y = NULL;
	struct pm_error err = PM_ERROR_INIT;
	int r = pm_yaml_load("x.yaml", text, strlen(text), &y, &err);
	int ok = r != 0 && strstr(err.msg.ptr, needle) != NULL;

	if (!ok)
		unit_fail(__FILE__, __LINE__, needle, err.msg.ptr);
	pm_yaml_free(y);
	pm_error_release(&err);
	return ok;
}

static void aliases_anchors_and_duplicates_are_refused(void)
{
	CHECK(load_fails("a: &x 1\nb: *x\n", "x.yaml:1:4: anchors are not allowed"));
	CHECK(load_fails("a: [1]\nb: *x\n", "x.yaml:2:4"));
	CHECK(load_fails("a: 1\nb: 2\na: 3\n", "x.yaml:3:1: key 'a' appears twice (first at line 1)"));
	CHECK(load_fails("? [a]\n: 1\n", "mapping key must be a plain value"));
	CHECK(load_fails("a: 1\n---\nb: 2\n", "more than one YAML document"));
	CHECK(load_fails("a: [1, 2\n", "x.yaml:"));
}

static void depth_and_size_are_bounded(void)
{
	struct pm_buf b = PM_BUF_INIT;
	int i;

	for (i = 0; i < 40; i++)
		pm_buf_adds(&b, "[");
	CHECK(load_fails(b.ptr, "nested deeper than 16"));
	pm_buf_reset(&b);
	pm_buf_adds(&b, "a: ");
	for (i = 0; i < 70000; i++)
		pm_buf_addch(&b, 'x');
	CHECK(load_fails(b.ptr, "longer than 65536"));
	pm_buf_reset(&b);
	for (i = 0; i < 200000; i++)
		pm_buf_adds(&b, "#######");
	CHECK(load_fails(b.ptr, "bytes; pmgit reads YAML files of at most"));
	pm_buf_release(&b);
}

static void writer_output_reads_back(void)
{
	struct pm_buf out = PM_BUF_INIT;
	struct pm_yaml_out *w = pm_yaml_out_new(&out);
	struct pm_yaml *y = NULL;
	struct pm_error err = PM_ERROR_INIT;
	const char *tricky = "line one\n  indented: [x] # not a comment\n";

	pm_yaml_map_start(w, 0);
	pm_yaml_scalar(w, "text", 0);
	pm_yaml_scalar(w, tricky, '|');
	pm_yaml_scalar(w, "colon", 0);
	pm_yaml_scalar(w, "a: b, 'c' \"d\"", 0);
	/* text that reads as null when plain stays text */
	pm_yaml_scalar(w, "tilde", 0);
	pm_yaml_scalar(w, "~", 0);
	pm_yaml_scalar(w, "null", 0);
	pm_yaml_scalar(w, "NULL", 0);
	pm_yaml_scalar(w, "empty", 0);
	pm_yaml_scalar(w, "", 0);
	pm_yaml_map_end(w);
	CHECK(pm_yaml_out_finish(w) == 0);
	CHECK(pm_yaml_load("out", out.ptr, out.len, &y, &err) == 0);
	CHECK_STR(pm_yaml_get(y, "text")->value, tricky);
	CHECK_STR(pm_yaml_get(y, "colon")->value, "a: b, 'c' \"d\"");
	CHECK(!pm_yaml_is_null(pm_yaml_get(y, "tilde")) && !strcmp(pm_yaml_get(y, "tilde")->value, "~"));
	CHECK(!pm_yaml_is_null(pm_yaml_get(y, "null")) && !strcmp(pm_yaml_get(y, "null")->value, "NULL"));
	CHECK(!pm_yaml_is_null(pm_yaml_get(y, "empty")) && !strcmp(pm_yaml_get(y, "empty")->value, ""));
	pm_yaml_free(y);
	pm_buf_release(&out);
	pm_error_release(&err);
}

void unit_yaml(void)
{
	RUN(aliases_anchors_and_duplicates_are_refused);
	RUN(depth_and_size_are_bounded);
	RUN(writer_output_reads_back);
}

#undef UNIT_MODULE
#define UNIT_MODULE "policy"

static void template_config_is_the_default_policy(void)
{
	struct pm_config a, b;
	struct pm_error err = PM_ERROR_INIT;
	size_t i;

	pm_config_defaults(&a);
	CHECK(pm_config_parse(&b, "templates/config.yaml", pm_builtin_config,
			      pm_builtin_config_len, &err) == 0);
	CHECK_STR(a.directory, b.directory);
	CHECK_STR(a.id_format, b.id_format);
	CHECK(a.nr_slots == b.nr_slots && b.nr_slots == 4);
	for (i = 0; i < a.nr_slots; i++) {
		CHECK_STR(a.slots[i].name, b.slots[i].name);
		CHECK(a.slots[i].role == b.slots[i].role);
		CHECK(a.slots[i].optional == b.slots[i].optional);
		CHECK(a.slots[i].nr_severities == b.slots[i].nr_severities);
	}
	CHECK(b.due_days[0] == 15 && b.due_days[1] == 30 && b.due_days[2] == 60);
	CHECK(a.nr_blameless == b.nr_blameless);
	CHECK(a.nr_required_sections == b.nr_required_sections);
	CHECK(b.one_slot_per_person && !b.authors_may_approve);
	pm_config_release(&a);
	pm_config_release(&b);
	pm_error_release(&err);
}

static int config_fails(const char *text, const char *needle)
{
	struct pm_config c;
	struct pm_error err = PM_ERROR_INIT;
	int ok = pm_config_parse(&c, ".pmgit/config.yaml", text, strlen(text), &err) != 0 &&
		 strstr(err.msg.ptr, needle);

	if (!ok)
		unit_fail(__FILE__, __LINE__, needle, err.msg.ptr);
	pm_config_release(&c);
	pm_error_release(&err);
	return ok;
}

static void directories_are_read_as_git_names_them(void)
{
	static const char *const cases[][2] = {
		{ "./postmortems", "postmortems" },
		{ "postmortems/", "postmortems" },
		{ "docs//pm/./2026", "docs/pm/2026" },
		{ ".github/incidents", ".github/incidents" },
		{ "a..b", "a..b" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pm_config c;
		struct pm_error err = PM_ERROR_INIT;
		struct pm_buf text = PM_BUF_INIT;
		pm_buf_addf(&text, "directory: \"%s\"\n", cases[i][0]);
		CHECK(pm_config_parse(&c, ".pmgit/config.yaml", text.ptr, text.len, &err) == 0);
		CHECK_STR(c.directory, cases[i][1]);
		pm_config_release(&c);
		pm_buf_release(&text);
		pm_error_release(&err);
	}
	CHECK(config_fails("directory: ./.git/x\n", "cannot be"));
	CHECK(config_fails("directory: ./\n", "cannot be"));
	CHECK(config_fails("directory: a/../../b\n", "relative path inside the repository"));
}

/* A role capitalised as people write it is the role. */
static void roles_are_read_in_any_case(void)
{
	struct pm_config c;
	struct pm_error err = PM_ERROR_INIT;
	static const char text[] = "signoffs:\n  - { slot: A, role: Reviewer }\n  - { slot: B, role: APPROVER }\n";

	CHECK(pm_config_parse(&c, ".pmgit/config.yaml", text, strlen(text), &err) == 0);
	CHECK(c.nr_slots == 2 && c.slots[0].role == PM_ROLE_REVIEWER && c.slots[1].role == PM_ROLE_APPROVER);
	pm_config_release(&c);
	pm_error_release(&err);
}

static void bad_configs_name_the_line_and_the_fix(void)
{
	CHECK(config_fails("version: 1\nsignof: []\n", ".pmgit/config.yaml:2:1: unknown key 'signof' in the config; did you mean 'signoffs'?"));
	CHECK(config_fails("signoffs:\n  - { solt: A, role: reviewer }\n", ":2:7: unknown key 'solt' in a signoffs entry; did you mean 'slot'?"));
	CHECK(config_fails("dirs: pm\n", "unknown key 'dirs' in the config; known keys: version, directory,"));
	CHECK(config_fails("signoffs:\n  - { slot: A, role: boss }\n", ":2:22: 'boss' is no role; each slot needs 'role: reviewer'"));
	CHECK(config_fails("signoffs:\n  - { slot: A, role: reviewer, severities: [P4] }\n", "P0, P1 and P2"));
	CHECK(config_fails("directory: ../outside\n", "relative path inside the repository"));
	CHECK(config_fails("directory: .git\n", "cannot be"));
	CHECK(config_fails("directory: .\n", ":1:12: 'directory' cannot be '.', '.git' or '.pmgit': postmortems need a directory of their own, such as 'postmortems'"));
	CHECK(config_fails("id_format: INC-{year}\n", "exactly one {seq:N}"));
	CHECK(config_fails("id_format: 'INC {seq:4}'\n", "file names"));
	CHECK(config_fails("version: 0\n", "'version' must be a whole number from 1 to 1073741824"));
	CHECK(config_fails("action_due_days: { P7: 3 }\n", "P0, P1 and P2"));
	CHECK(config_fails("signoffs:\n  - { slot: SRE Lead, role: reviewer }\n  - { slot: sre lead, role: approver }\n",
			   ":3:5: two slots with the same name"));
	CHECK(config_fails("signoffs:\n  - { slot: SRE Lead, role: reviewer }\n  - { slot: SRE-Lead, role: approver }\n",
			   ":3:5: slots 'SRE Lead' and 'SRE-Lead' would name the same sign-off files"));
	CHECK(config_fails("signoffs:\n  - { slot: Security, role: reviewer, since: soon }\n",
			   ":2:46: 'since' must be a date, YYYY-MM-DD"));
}

static void id_formats_match_and_make(void)
{
	struct pm_buf b = PM_BUF_INIT;
	int y;
	long s;

	CHECK(pm_idfmt_match("INC-{year}-{seq:4}", "INC-2026-0042", &y, &s) && y == 2026 && s == 42);
	CHECK(pm_idfmt_match("INC-{year}-{seq:4}", "INC-2026-12345", &y, &s) && s == 12345);
	CHECK(!pm_idfmt_match("INC-{year}-{seq:4}", "INC-2026-042", &y, &s));
	CHECK(!pm_idfmt_match("INC-{year}-{seq:4}", "INC-2026-0000", &y, &s));
	CHECK(!pm_idfmt_match("INC-{year}-{seq:4}", "INC-2026-00042", &y, &s));
	CHECK(!pm_idfmt_match("INC-{year}-{seq:4}", "[INC-YYYY-NNNN]", &y, &s));
	CHECK(pm_idfmt_match("PM{seq}", "PM7", &y, &s) && y == 0 && s == 7);
	pm_idfmt_make("INC-{year}-{seq:4}", 2026, 7, &b);
	CHECK_STR(b.ptr, "INC-2026-0007");
	pm_buf_release(&b);
}

/* Guesses the one format a list of IDs follows; "" when none fits them all. */
static const char *guess(const char *a, const char *b, const char *c)
{
	static struct pm_buf out = PM_BUF_INIT;
	char *ids[] = { (char *)a, (char *)b, (char *)c };
	size_t n = c ? 3 : b ? 2 : 1;

	if (!pm_idfmt_guess(ids, n, &out))
		pm_buf_sets(&out, "");
	return out.ptr;
}

static void id_formats_are_guessed_from_existing_ids(void)
{
	CHECK_STR(guess("INC-2024-017", "INC-2025-003", NULL), "INC-{year}-{seq:3}");
	CHECK_STR(guess("INC-2026-0042", NULL, NULL), "INC-{year}-{seq:4}");
	/* unpadded numbers of different lengths: the shortest width */
	CHECK_STR(guess("PM-7", "PM-12", "PM-103"), "PM-{seq}");
	CHECK_STR(guess("SEV2-2024-17", "SEV2-2024-123", NULL), "SEV2-{year}-{seq:2}");
	CHECK_STR(guess("2024-INC9-017", NULL, NULL), "{year}-INC9-{seq:3}");
	/* a four-digit run that is not a year stays literal */
	CHECK_STR(guess("OPS-3100-05", NULL, NULL), "OPS-3100-{seq:2}");
	/* no single format: shapes differ, or padding cannot hold */
	CHECK_STR(guess("INC-2024-017", "PM-2024-017", NULL), "");
	CHECK_STR(guess("INC-2024-0017", "INC-2024-123", NULL), "");
	CHECK_STR(guess("INC 2024 017", NULL, NULL), "");
	CHECK_STR(guess("INC-2024017", NULL, NULL), "INC-{seq:7}");
	CHECK_STR(guess("INC", NULL, NULL), "");
	CHECK_STR(guess("INC-0000", NULL, NULL), "");
}

static const char keyring_text[] =
	"version: 1\n"
	"people:\n"
	"  - principal: alice@example.com\n"
	"    name: Alice Chen\n"
	"    keys: [ \"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMEEUHNVfRBOwvA8MbLWENWRgL/EJxnLwjOwIn4b6yKW alice@example.com\" ]\n"
	"    slots: [ SRE Lead ]\n"
	"revoked:\n"
	"  - { key: \"SHA256:abc\", reason: laptop lost, date: 2026-10-01 }\n";

static void keyring_reads_writes_and_exports(void)
{
	struct pm_keyring k, k2;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_buf out = PM_BUF_INIT, exp = PM_BUF_INIT, fp = PM_BUF_INIT;
	const struct pm_person *p;

	CHECK(pm_keyring_parse(&k, "kr", keyring_text, strlen(keyring_text), &err) == 0);
	p = pm_keyring_person(&k, "alice@example.com");
	CHECK(p && p->nr_keys == 1 && pm_person_has_slot(p, "sre lead"));
	pm_pubkey_fingerprint(&p->keys[0], &fp);
	CHECK_STR(fp.ptr, "SHA256:FOY6pbL1mMyIjkPJz9qncl0rieoA0Rha9hKugZ+ZokQ");
	CHECK(pm_keyring_revocation(&k, "SHA256:abc") != NULL);
	CHECK(pm_keyring_encode(&k, &out, &err) == 0);
	CHECK(pm_keyring_parse(&k2, "kr2", out.ptr, out.len, &err) == 0);
	CHECK(k2.nr_people == 1 && k2.nr_revoked == 1);
	CHECK_STR(k2.people[0].name, "Alice Chen");
	pm_keyring_allowed_signers(&k, &exp);
	CHECK(strstr(exp.ptr, "alice@example.com namespaces=\"pmgit-signoff\" ssh-ed25519 AAAAC3Nza") != NULL);
	pm_keyring_release(&k);
	pm_keyring_release(&k2);
	pm_buf_release(&out);
	pm_buf_release(&exp);
	pm_buf_release(&fp);
	pm_error_release(&err);
}

#define KEY "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICHisx9S0wwEwTTqXKj26y7VQw/PXOX5O1yd13rPFwm7"

static void keyring_refuses_bad_keys_and_principals(void)
{
	static const char rsa[] = "people:\n  - principal: a@x\n    keys: [ \"ssh-rsa AAAAB3NzaC1yc2E= x\" ]\n";
	static const char pat[] = "people:\n  - principal: '*@x'\n";
	static const char twice[] = "people:\n  - principal: a@x\n  - principal: a@x\n";
	/* "bob@exаmple.com" with a Cyrillic a, which reads as Bob's own */
	static const char cyrillic[] = "people:\n  - principal: bob@ex\xd0\xb0mple.com\n";
	/* one person may list a key twice; two people may not share one */
	static const char shared[] =
		"people:\n"
		"  - principal: a@x\n"
		"    keys: [ \"" KEY "\", \"" KEY "\" ]\n"
		"  - principal: b@x\n"
		"    keys:\n"
		"      - \"" KEY " b\"\n";
	struct pm_keyring k;
	struct pm_error err = PM_ERROR_INIT;

	CHECK(pm_keyring_parse(&k, "kr", rsa, strlen(rsa), &err) != 0);
	CHECK(strstr(err.msg.ptr, "kr:3: 'ssh-rsa' keys are not supported") != NULL);
	CHECK(pm_keyring_parse(&k, "kr", pat, strlen(pat), &err) != 0);
	CHECK(strstr(err.msg.ptr, "pattern characters") != NULL);
	CHECK(pm_keyring_parse(&k, "kr", cyrillic, strlen(cyrillic), &err) != 0);
	CHECK(strstr(err.msg.ptr, "kr:2:16: a principal is ASCII") != NULL);
	CHECK(pm_keyring_parse(&k, "kr", twice, strlen(twice), &err) != 0);
	CHECK(strstr(err.msg.ptr, "listed twice") != NULL);
	CHECK(pm_keyring_parse(&k, "kr", shared, strlen(shared), &err) != 0);
	CHECK(strstr(err.msg.ptr, "kr:6:9: this key is also a@x's (line 2), so either could sign as the other") != NULL);
	pm_error_release(&err);
}

static struct pm_action_update *add_update(struct pm_followup *f, const char *action,
					   const char *status, const char *due,
					   const char *date)
{
	struct pm_action_update *u;

	f->updates = pm_xrealloc(f->updates, (f->nr + 1) * sizeof(*f->updates));
	u = &f->updates[f->nr++];
	memset(u, 0, sizeof(*u));
	u->action = pm_xstrdup(action);
	u->status = status ? pm_xstrdup(status) : NULL;
	u->due = due ? pm_xstrdup(due) : NULL;
	u->date = pm_xstrdup(date);
	return u;
}

static void slots_held_until_a_day_read_write_and_end(void)
{
	static const char held[] =
		"people:\n"
		"  - principal: a@x\n"
		"    slots: [SRE Lead]\n"
		"    former_slots:\n"
		"      - { slot: Engineering Manager, until: 2026-12-01 }\n";
	static const char both[] =
		"people:\n  - principal: a@x\n    slots: [SRE Lead]\n"
		"    former_slots: [{ slot: sre lead, until: 2026-12-01 }]\n";
	static const char twice[] =
		"people:\n  - principal: a@x\n    former_slots:\n"
		"      - { slot: X, until: 2026-12-01 }\n      - { slot: x, until: 2026-12-02 }\n";
	static const char bad_date[] =
		"people:\n  - principal: a@x\n    former_slots: [{ slot: X, until: soon }]\n";
	static const char extra_key[] =
		"people:\n  - principal: a@x\n    former_slots: [{ slot: X, until: 2026-12-01, why: moved }]\n";
	struct pm_keyring k, k2;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_buf out = PM_BUF_INIT;
	struct pm_person *p;
	const struct pm_former_slot *f;
	long dec1;

	CHECK(pm_parse_date("2026-12-01", &dec1));
	CHECK(pm_keyring_parse(&k, "kr", held, strlen(held), &err) == 0);
	p = pm_keyring_person(&k, "a@x");
	CHECK(p && !pm_person_has_slot(p, "Engineering Manager"));
	CHECK((f = pm_person_former_slot(p, "engineering manager")) && f->days == dec1);
	/* ending a slot moves it, with its day; one not held is refused */
	CHECK(pm_person_end_slot(p, "sre lead", dec1 + 5, "moved to product", &err) == 0);
	CHECK(p->nr_slots == 0 && (f = pm_person_former_slot(p, "SRE Lead")) && f->days == dec1 + 5);
	CHECK_STR(f->until, "2026-12-06");
	CHECK(pm_person_end_slot(p, "SRE Lead", dec1, NULL, &err) == PM_EUSAGE);
	CHECK(strstr(err.msg.ptr, "a@x does not hold the 'SRE Lead' slot any more") != NULL);
	CHECK(pm_keyring_encode(&k, &out, &err) == 0);
	CHECK(strstr(out.ptr, "  - {slot: SRE Lead, until: 2026-12-06, reason: moved to product}\n") != NULL);
	CHECK(pm_keyring_parse(&k2, "kr2", out.ptr, out.len, &err) == 0);
	CHECK(k2.people[0].nr_former == 2 && k2.people[0].nr_slots == 0);
	/* held again: the end date goes */
	{
		char *slots[] = { (char *)"SRE Lead" };
		CHECK(pm_keyring_add(&k2, "a@x", NULL, NULL, NULL, slots, 1, &err) == 0);
		CHECK(pm_person_has_slot(&k2.people[0], "SRE Lead") &&
		      !pm_person_former_slot(&k2.people[0], "SRE Lead") && k2.people[0].nr_former == 1);
	}
	pm_keyring_release(&k);
	pm_keyring_release(&k2);
	CHECK(pm_keyring_parse(&k, "kr", both, strlen(both), &err) != 0);
	CHECK(strstr(err.msg.ptr, "kr:4:20: this slot is in 'slots' too") != NULL);
	CHECK(pm_keyring_parse(&k, "kr", twice, strlen(twice), &err) != 0);
	CHECK(strstr(err.msg.ptr, "former_slots twice") != NULL);
	CHECK(pm_keyring_parse(&k, "kr", bad_date, strlen(bad_date), &err) != 0);
	CHECK(strstr(err.msg.ptr, "'until' must be a date") != NULL);
	CHECK(pm_keyring_parse(&k, "kr", extra_key, strlen(extra_key), &err) != 0);
	pm_buf_release(&out);
	pm_error_release(&err);
}

static void followup_updates_are_added_at_the_end(void)
{
	static const char indented[] =
		"# notes people keep\n"
		"version: 1\n"
		"updates:\n"
		"  - { action: Add a pool alert, status: In Progress, date: 2026-02-01 }\n"
		"  # done in PR 12\n"
		"  - action: Add a pool alert\n"
		"    status: Done\n"
		"    date: 2026-02-03";
	static const char reordered[] =
		"updates:\n- { action: A, status: Done, date: 2026-02-01 }\nversion: 1\n";
	struct pm_followup f, back;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_buf out = PM_BUF_INIT;

	CHECK(pm_followup_parse(&f, "f", indented, strlen(indented), &err) == 0);
	add_update(&f, "Load test", NULL, "2026-04-01", "2026-02-05")->note =
		pm_xstrdup("# not a comment: quoted");
	/* the text as it was, then the new update, indented as the others */
	CHECK(pm_followup_append(indented, strlen(indented), &f, "INC-1", &out, &err) == 0);
	CHECK(!strncmp(out.ptr, indented, strlen(indented)));
	/* one line: git's union merge keeps whole updates */
	CHECK(strstr(out.ptr, "\n  - {action: Load test, due: 2026-04-01, date: 2026-02-05, note: '# not a comment: quoted'}") != NULL);
	CHECK(pm_followup_parse(&back, "back", out.ptr, out.len, &err) == 0 && back.nr == 3);
	CHECK_STR(back.updates[2].note, "# not a comment: quoted");
	pm_followup_release(&back);
	pm_followup_release(&f);
	/* where the end of the text is not the end of the list: written whole */
	CHECK(pm_followup_parse(&f, "f", reordered, strlen(reordered), &err) == 0);
	add_update(&f, "B", "Done", NULL, "2026-02-02");
	pm_buf_reset(&out);
	CHECK(pm_followup_append(reordered, strlen(reordered), &f, "INC-1", &out, &err) == 0);
	CHECK(!strncmp(out.ptr, "# Progress on the action items of INC-1", 39));
	CHECK(pm_followup_parse(&back, "back", out.ptr, out.len, &err) == 0 && back.nr == 2);
	pm_followup_release(&back);
	pm_followup_release(&f);
	pm_buf_release(&out);
	pm_error_release(&err);
}

static void followups_read_write_and_apply(void)
{
	static const char good[] =
		"version: 1\n"
		"updates:\n"
		"  - { action: Add a pool alert, status: In Progress, date: 2026-02-01 }\n"
		"  - action: ADD A  POOL ALERT\n"
		"    status: Done\n"
		"    date: 2026-02-03\n"
		"    by: a@x\n"
		"    note: 'PR #12'\n"
		"  - { action: Load test, due: 2026-04-01, date: 2026-02-03 }\n"
		"  - { action: Not in the table, status: Done, date: 2026-02-04 }\n";
	static const char *const bad[][2] = {
		{ "updates:\n  - { action: A, date: 2026-02-01 }\n", "f:2:5: an update gives a 'status', a new 'due' date, or both" },
		{ "updates:\n  - { action: A, status: Someday, date: 2026-02-01 }\n", "f:2:26: 'status' must be Planned" },
		{ "updates:\n  - { action: A, due: soon, date: 2026-02-01 }\n", "f:2:23: 'due' must be a date" },
		{ "updates:\n  - { action: A, status: Done }\n", "'date' is missing" },
		{ "updates:\n  - { action: A, status: Done, date: 2026-02-01, who: me }\n", "unknown key 'who' in an update" },
		{ "version: 2\n", "f:1:10: this pmgit reads follow-ups of version 1" },
		{ "updates: Done\n", "'updates' must be a list" },
	};
	struct pm_action_item items[2];
	const struct pm_action_update *u;
	struct pm_followup f, back;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_buf out = PM_BUF_INIT;
	size_t i;

	CHECK(pm_followup_parse(&f, "f", good, strlen(good), &err) == 0);
	CHECK(f.nr == 4 && f.updates[1].line == 4 && !strcmp(f.updates[1].note, "PR #12"));
	memset(items, 0, sizeof(items));
	items[0].action = "Add a pool alert";
	items[0].status = "Planned";
	items[0].due = "2026-02-10";
	items[1].action = "Load test";
	items[1].status = "Planned";
	items[1].due = "2026-03-01";
	/* the last update of an item wins; names compare in any case and spacing */
	u = pm_followup_apply(&f, items, 2);
	CHECK(u == &f.updates[3]);
	CHECK(!strcmp(items[0].status, "Done") && items[0].state == 1 &&
	      !strcmp(items[0].updated, "2026-02-03") && !strcmp(items[0].due, "2026-02-10"));
	CHECK(!strcmp(items[1].status, "Planned") && !strcmp(items[1].due, "2026-04-01") &&
	      items[1].due_days == pm_days_from_civil(2026, 4, 1));
	/* a name recorded with the escapes the table's cell had is that action */
	items[1].action = "Load *test*";
	CHECK(pm_action_find(items, 2, "Load \\*test\\*") == 1);
	CHECK(pm_action_find(items, 2, "load *TEST*") == 1);
	CHECK(pm_action_find(items, 2, "Load \\*test") == -1);
	/* what it writes reads back the same */
	CHECK(pm_followup_encode(&f, "INC-1", &out, &err) == 0);
	CHECK(!strncmp(out.ptr, "# Progress on the action items of INC-1", 39));
	CHECK(pm_followup_parse(&back, "f", out.ptr, out.len, &err) == 0);
	CHECK(back.nr == f.nr);
	for (i = 0; i < f.nr && i < back.nr; i++)
		CHECK(pm_action_update_same(&f.updates[i], &back.updates[i]));
	pm_followup_release(&back);
	pm_followup_release(&f);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(pm_followup_parse(&f, "f", bad[i][0], strlen(bad[i][0]), &err) != 0);
		CHECK(strstr(err.msg.ptr, bad[i][1]) != NULL);
		CHECK(f.nr == 0 && f.updates == NULL);
	}
	pm_buf_release(&out);
	pm_error_release(&err);
}


/* Every comment line of `old` is in `merged`, once. */
static int comments_kept(const char *old, const char *merged)
{
	const char *p = old;

	while ((p = strchr(p, '#'))) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *c = pm_xcalloc(n + 1, 1);
		const char *at;
		int ok;
		memcpy(c, p, n);
		if (strstr(c, "#1"))
			ok = 1; /* inside the quoted name, not a comment */
		else
			ok = (at = strstr(merged, c)) && !strstr(at + 1, c);
		if (!ok)
			unit_fail(__FILE__, __LINE__, c, merged);
		free(c);
		if (!ok)
			return 0;
		p += n;
	}
	return 1;
}

static void keyring_comments_survive_a_rewrite(void)
{
	static const char old[] =
		"# Who may sign.\n"
		"version: 1\n"
		"\n"
		"people:\n"
		"  # Dana: on call for payments; approved in SEC-123\n"
		"  - principal: dana@example.com\n"
		"    name: Dana Q   # since 2026-03\n"
		"    keys:\n"
		"      # the laptop key\n"
		"      - " KEY "\n"
		"    slots: [SRE Lead]\n"
		"\n"
		"  # Sam O'Brien: EM for checkout (SEC-130)\n"
		"  -\n"
		"    principal: sam@example.com\n"
		"    name: \"Sam #1 O'Brien\"\r\n"
		"    slots: [Engineering Manager] # O'Brien's slot\n"
		"# keys that must no longer sign\n"
		"revoked:\n"
		"  # stolen at the offsite\n"
		"  - { key: \"SHA256:abc\", reason: stolen, date: 2026-01-01 }\n"
		"# the end\n";
	struct pm_keyring k, back;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_buf fresh = PM_BUF_INIT, merged = PM_BUF_INIT, again = PM_BUF_INIT;
	const char *dana, *sam, *rv;

	CHECK(pm_keyring_parse(&k, "kr", old, strlen(old), &err) == 0);
	/* what keyring revoke does: a revocation at the end */
	k.revoked = pm_xrealloc(k.revoked, (k.nr_revoked + 1) * sizeof(*k.revoked));
	memset(&k.revoked[k.nr_revoked], 0, sizeof(*k.revoked));
	k.revoked[k.nr_revoked].key = pm_xstrdup("SHA256:def");
	k.revoked[k.nr_revoked].reason = pm_xstrdup("lost");
	k.revoked[k.nr_revoked++].date = pm_xstrdup("2026-02-01");
	CHECK(pm_keyring_encode(&k, &fresh, &err) == 0);
	CHECK(pm_keyring_keep_comments(old, strlen(old), fresh.ptr, fresh.len, &merged) == 0);
	CHECK(comments_kept(old, merged.ptr));
	/* each above the entry it belongs to, the file's own at the top */
	dana = strstr(merged.ptr, "- principal: dana@example.com");
	sam = strstr(merged.ptr, "- principal: sam@example.com");
	rv = strstr(merged.ptr, "- key: SHA256:abc");
	CHECK(!strncmp(merged.ptr, "# Who may sign.\nversion: 1\n", 27));
	CHECK(dana && sam && rv);
	CHECK(strstr(merged.ptr, "# Dana: on call") < dana && strstr(merged.ptr, "# the laptop key") < dana);
	CHECK(strstr(merged.ptr, "# since 2026-03") < dana);
	CHECK(strstr(merged.ptr, "# Sam O'Brien") > dana && strstr(merged.ptr, "# Sam O'Brien") < sam);
	CHECK(strstr(merged.ptr, "# O'Brien's slot") > dana && strstr(merged.ptr, "# O'Brien's slot") < sam);
	CHECK(strstr(merged.ptr, "# keys that must") < strstr(merged.ptr, "\nrevoked:"));
	CHECK(strstr(merged.ptr, "# stolen at the offsite") < rv);
	CHECK(strstr(merged.ptr, "# the end\n") && !strcmp(strstr(merged.ptr, "# the end\n"), "# the end\n"));
	CHECK(strstr(merged.ptr, "\n\n# Sam O'Brien") != NULL); /* the blank line above it stays */
	/* and it is the same keyring */
	CHECK(pm_keyring_parse(&back, "merged", merged.ptr, merged.len, &err) == 0);
	CHECK(pm_keyring_encode(&back, &again, &err) == 0);
	CHECK_STR(again.ptr, fresh.ptr);
	pm_keyring_release(&back);
	/* nothing to keep: the new text as it is */
	pm_buf_reset(&merged);
	CHECK(pm_keyring_keep_comments(fresh.ptr, fresh.len, fresh.ptr, fresh.len, &merged) == 0);
	CHECK_STR(merged.ptr, fresh.ptr);
	/* an old text that is no keyring: its comments are counted, not kept */
	pm_buf_reset(&merged);
	CHECK(pm_keyring_keep_comments("# a\n# b\n[", 9, fresh.ptr, fresh.len, &merged) == 2);
	CHECK_STR(merged.ptr, fresh.ptr);
	pm_keyring_release(&k);
	pm_buf_release(&fresh);
	pm_buf_release(&merged);
	pm_buf_release(&again);
	pm_error_release(&err);
}

/* who may still approve a pending policy version, in words */
static void pending_policy_names_who_may_approve(void)
{
	char names[4][8] = { "a@x.org", "b@x.org", "c@x.org", "d@x.org" };
	struct pm_policy_admin admins[4] = {
		{ names[0], NULL }, { names[1], NULL }, { names[2], NULL }, { names[3], NULL },
	};
	struct pm_policy_statement by = { 0 };
	struct pm_trust t = { 0 };
	struct pm_buf out = PM_BUF_INIT;

	by.admins = admins;
	by.nr_admins = 4;
	t.state = PM_TRUST_PENDING;
	t.approvers = &by;
	t.need = 3;
	pm_trust_left(&t, NULL, &out);
	CHECK_STR(out.ptr, "any 3 of a@x.org, b@x.org, c@x.org and d@x.org can approve it with 'pmgit policy sign'");
	/* one approved; another about to (the one signing now) */
	pm_strlist_add(&t.signed_by, "b@x.org");
	t.have = 1;
	pm_buf_reset(&out);
	pm_trust_left(&t, "d@x.org", &out);
	CHECK_STR(out.ptr, "a@x.org or c@x.org can approve it with 'pmgit policy sign'");
	/* one signing again who approved already counts once */
	pm_buf_reset(&out);
	pm_trust_left(&t, "b@x.org", &out);
	CHECK_STR(out.ptr, "any 2 of a@x.org, c@x.org and d@x.org can approve it with 'pmgit policy sign'");
	/* as many left as are needed: all of them */
	t.need = 4;
	pm_buf_reset(&out);
	pm_trust_left(&t, NULL, &out);
	CHECK_STR(out.ptr, "a@x.org, c@x.org and d@x.org can approve it with 'pmgit policy sign'");
	/* enough: nothing */
	t.have = 4;
	pm_buf_reset(&out);
	pm_trust_left(&t, NULL, &out);
	CHECK(out.len == 0);
	/* nor when the policy is not pending */
	t.have = 0;
	t.state = PM_TRUST_OK;
	pm_trust_left(&t, NULL, &out);
	CHECK(out.len == 0);
	pm_strlist_release(&t.signed_by);
	pm_buf_release(&out);
}

#define KA "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDFPUDy4RCmEDZowALemTxrYs49H4JuAHolHq7UOcfwz"
#define KB "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEEQRy1kwDAs4ESvet/zHUD/5hSbE41h2CXPysGkzYuL"
#define KC "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINay3ZU/Gq7/WpafyghtMIFnyVcK1DIxF0X9eX9x0pzs"
#define KD "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPfdGX9Mz+3h53LwdX1pnjURFlMLqif/VI0r1tC37O1X"

/* base, ours, theirs -> the merge's keyring as YAML in *r (NULL on a conflict), and what was said */
static void merged_keyring(const char *b, const char *o, const char *t, struct pm_buf *said,
			   char **r)
{
	struct pm_keyring kb, ko, kt, out;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_buf y = PM_BUF_INIT;

	*r = NULL;
	pm_buf_reset(said);
	CHECK(pm_keyring_parse(&kb, "b", b, strlen(b), &err) == 0);
	CHECK(pm_keyring_parse(&ko, "o", o, strlen(o), &err) == 0);
	CHECK(pm_keyring_parse(&kt, "t", t, strlen(t), &err) == 0);
	if (!pm_keyring_merge(&kb, &ko, &kt, &out, said, &err)) {
		CHECK(pm_keyring_encode(&out, &y, &err) == 0);
		*r = pm_xstrdup(y.ptr);
		pm_keyring_release(&out);
	} else {
		pm_buf_adds(said, err.msg.ptr);
	}
	pm_keyring_release(&kb);
	pm_keyring_release(&ko);
	pm_keyring_release(&kt);
	pm_buf_release(&y);
	pm_error_release(&err);
}

static void keyrings_merge_three_ways(void)
{
	static const char base[] = "people:\n"
		"  - { principal: a@x, name: Ann, keys: [\"" KA "\"], slots: [SRE Lead] }\n"
		"  - { principal: b@x, keys: [\"" KB "\"], slots: [SRE Lead] }\n";
	/* each branch adds someone */
	static const char add_c[] = "people:\n"
		"  - { principal: a@x, name: Ann, keys: [\"" KA "\"], slots: [SRE Lead] }\n"
		"  - { principal: b@x, keys: [\"" KB "\"], slots: [SRE Lead] }\n"
		"  - { principal: c@x, keys: [\"" KC "\"], slots: [VP Engineering] }\n";
	static const char add_d[] = "people:\n"
		"  - { principal: a@x, name: Ann, keys: [\"" KA "\"], slots: [SRE Lead] }\n"
		"  - { principal: b@x, keys: [\"" KB "\"], slots: [SRE Lead] }\n"
		"  - { principal: d@x, keys: [\"" KD "\"], slots: [SRE Lead] }\n";
	/* b@x taken out (removed by mistake), or given a slot */
	static const char no_b[] = "people:\n"
		"  - { principal: a@x, name: Ann, keys: [\"" KA "\"], slots: [SRE Lead] }\n";
	static const char b_slot[] = "people:\n"
		"  - { principal: a@x, name: Ann, keys: [\"" KA "\"], slots: [SRE Lead] }\n"
		"  - { principal: b@x, keys: [\"" KB "\"], slots: [SRE Lead, Product Manager] }\n";
	/* a@x renamed, or given a second key and their first revoked */
	static const char ann_r[] = "people:\n"
		"  - { principal: a@x, name: Ann R, keys: [\"" KA "\"], slots: [SRE Lead] }\n"
		"  - { principal: b@x, keys: [\"" KB "\"], slots: [SRE Lead] }\n";
	static const char ann_s[] = "people:\n"
		"  - { principal: a@x, name: Ann S, keys: [\"" KA "\"], slots: [SRE Lead] }\n"
		"  - { principal: b@x, keys: [\"" KB "\"], slots: [SRE Lead] }\n";
	static const char rotated[] = "people:\n"
		"  - { principal: a@x, name: Ann, keys: [\"" KA "\", \"" KC "\"], slots: [SRE Lead] }\n"
		"  - { principal: b@x, keys: [\"" KB "\"], slots: [SRE Lead] }\n"
		"revoked:\n  - { key: \"SHA256:Nn4tIJ1mnlh3YbtaC1rtCcAJ9f8LYo9ipnfJdY9UVmo\", reason: lost, date: 2026-11-02 }\n";
	struct pm_buf said = PM_BUF_INIT;
	char *m;

	/* two people added apart: both stay, and the other branch's is named */
	merged_keyring(base, add_c, add_d, &said, &m);
	CHECK(m && strstr(m, "c@x") && strstr(m, "d@x") && strstr(m, "b@x"));
	CHECK(strstr(m, "c@x") < strstr(m, "d@x")); /* ours first */
	CHECK_STR(said.ptr, "from the other branch: d@x\n");
	free(m);
	/* someone taken out on one branch and left alone on the other: out */
	merged_keyring(base, add_c, no_b, &said, &m);
	CHECK(m && !strstr(m, "b@x") && strstr(m, "c@x"));
	CHECK_STR(said.ptr, "taken out on the other branch: b@x\n");
	free(m);
	/* taken out on one branch and changed on the other: by hand */
	merged_keyring(base, b_slot, no_b, &said, &m);
	CHECK(!m);
	CHECK(strstr(said.ptr, "b@x was taken out of the keyring on one branch and changed on the other") != NULL);
	/* renamed on one: the new name; renamed on both, apart: by hand */
	merged_keyring(base, add_c, ann_r, &said, &m);
	CHECK(m && strstr(m, "name: Ann R") && strstr(m, "c@x"));
	free(m);
	merged_keyring(base, ann_s, ann_r, &said, &m);
	CHECK(!m);
	CHECK(strstr(said.ptr, "the two branches give a@x two names ('Ann S' here, 'Ann R' there)") != NULL);
	/* a key and a revocation added there, a slot here */
	merged_keyring(base, b_slot, rotated, &said, &m);
	CHECK(m && strstr(m, "Product Manager") && strstr(m, "AAAAINay3ZU") && strstr(m, "reason: lost"));
	CHECK(strstr(said.ptr, "from the other branch: key SHA256:") != NULL);
	CHECK(strstr(said.ptr, "from the other branch: the revocation of SHA256:Nn4tIJ1m") != NULL);
	free(m);
	/* a key taken out here stays out, though the other branch still lists it */
	merged_keyring(rotated, base, add_d, &said, &m);
	CHECK(m && !strstr(m, "AAAAINay3ZU") && strstr(m, "d@x") && !strstr(m, "reason: lost"));
	free(m);
	pm_buf_release(&said);
}

void unit_policy(void)
{
	RUN(followups_read_write_and_apply);
	RUN(followup_updates_are_added_at_the_end);
	RUN(template_config_is_the_default_policy);
	RUN(bad_configs_name_the_line_and_the_fix);
	RUN(roles_are_read_in_any_case);
	RUN(directories_are_read_as_git_names_them);
	RUN(id_formats_match_and_make);
	RUN(id_formats_are_guessed_from_existing_ids);
	RUN(keyring_reads_writes_and_exports);
	RUN(keyring_refuses_bad_keys_and_principals);
	RUN(slots_held_until_a_day_read_write_and_end);
	RUN(keyring_comments_survive_a_rewrite);
	RUN(pending_policy_names_who_may_approve);
	RUN(keyrings_merge_three_ways);
}
