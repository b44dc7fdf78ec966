/* ssh-agent replies (hostile by assumption) and the text edits */
#include <dlfcn.h>
#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "canon.h"
#include "edit.h"
#include "repo.h"
#include "wire.h"
#include "test.h"

#define UNIT_MODULE "agent"

static void identities_keep_only_ed25519_keys(void)
{
	struct pm_agent a = PM_AGENT_INIT;
	struct pm_buf m = PM_BUF_INIT, blob = PM_BUF_INIT;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_pubkey k;

	memset(&k, 0, sizeof(k));
	memset(k.pk, 7, sizeof(k.pk));
	pm_pubkey_blob(&k, &blob);
	pm_wire_put_u8(&m, 12);
	pm_wire_put_u32(&m, 2);
	pm_wire_put_string(&m, "\0\0\0\7ssh-rsa", 11);
	pm_wire_put_cstring(&m, "an rsa key");
	pm_wire_put_string(&m, blob.ptr, blob.len);
	pm_wire_put_cstring(&m, "mine");
	CHECK(pm_agent_parse_identities(&a, (unsigned char *)m.ptr, m.len, &err) == 0);
	CHECK(a.nr_keys == 1 && !memcmp(a.keys[0].pk, k.pk, 32));
	/* claims more keys than it sends */
	m.ptr[4] = 9;
	CHECK(pm_agent_parse_identities(&a, (unsigned char *)m.ptr, m.len, &err) == PM_EKEY);
	/* a failure reply */
	CHECK(pm_agent_parse_identities(&a, (const unsigned char *)"\5", 1, &err) == PM_EKEY);
	pm_agent_close(&a);
	pm_buf_release(&m);
	pm_buf_release(&blob);
	pm_error_release(&err);
}

static void signatures_from_the_agent_are_checked_for_shape(void)
{
	struct pm_buf m = PM_BUF_INIT, sb = PM_BUF_INIT;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_pubkey key, fido;
	struct pm_sig sig;
	unsigned char raw[64];

	memset(&key, 0, sizeof(key));
	memset(&fido, 0, sizeof(fido));
	fido.fido = 1;
	memcpy(fido.app, "ssh:", 5);
	memset(raw, 3, sizeof(raw));
	pm_wire_put_cstring(&sb, "ssh-ed25519");
	pm_wire_put_string(&sb, raw, 64);
	pm_wire_put_u8(&m, 14);
	pm_wire_put_string(&m, sb.ptr, sb.len);
	CHECK(pm_agent_parse_signature((unsigned char *)m.ptr, m.len, &key, &sig, &err) == 0);
	CHECK(!memcmp(sig.bytes, raw, 64));
	/* a plain signature is not a security key's */
	CHECK(pm_agent_parse_signature((unsigned char *)m.ptr, m.len, &fido, &sig, &err) == PM_EKEY);
	CHECK(pm_agent_parse_signature((const unsigned char *)"\5", 1, &key, &sig, &err) == PM_EKEY);
	CHECK(strstr(err.msg.ptr, "refused") != NULL);
	CHECK(pm_agent_parse_signature((unsigned char *)m.ptr, m.len - 1, &key, &sig, &err) == PM_EKEY);
	pm_buf_addch(&m, 0);
	CHECK(pm_agent_parse_signature((unsigned char *)m.ptr, m.len, &key, &sig, &err) == PM_EKEY);
	CHECK(pm_agent_parse_signature((const unsigned char *)"", 0, &key, &sig, &err) == PM_EKEY);
	/* a security key's: flags and counter follow the signature */
	pm_buf_reset(&sb);
	pm_buf_reset(&m);
	pm_wire_put_cstring(&sb, "sk-ssh-ed25519@openssh.com");
	pm_wire_put_string(&sb, raw, 64);
	pm_wire_put_u8(&sb, 1);
	pm_wire_put_u32(&sb, 42);
	pm_wire_put_u8(&m, 14);
	pm_wire_put_string(&m, sb.ptr, sb.len);
	CHECK(pm_agent_parse_signature((unsigned char *)m.ptr, m.len, &fido, &sig, &err) == 0);
	CHECK(sig.flags == 1 && sig.counter == 42 && !memcmp(sig.bytes, raw, 64));
	CHECK(pm_agent_parse_signature((const unsigned char *)"\5", 1, &fido, &sig, &err) == PM_EKEY);
	CHECK(strstr(err.msg.ptr, "touch the security key") != NULL);
	CHECK(pm_agent_parse_signature((unsigned char *)m.ptr, m.len, &key, &sig, &err) == PM_EKEY);
	pm_buf_release(&m);
	pm_buf_release(&sb);
	pm_error_release(&err);
}

static void a_missing_agent_is_one_clear_error(void)
{
	struct pm_agent a = PM_AGENT_INIT;
	struct pm_error err = PM_ERROR_INIT;

	CHECK(pm_agent_open(&a, "/nonexistent/agent.sock", &err) == PM_EKEY);
	CHECK(strstr(err.msg.ptr, "cannot reach ssh-agent") != NULL);
	pm_error_release(&err);
}

void unit_agent(void)
{
	RUN(identities_keep_only_ed25519_keys);
	RUN(signatures_from_the_agent_are_checked_for_shape);
	RUN(a_missing_agent_is_one_clear_error);
}

#undef UNIT_MODULE
#define UNIT_MODULE "edit"

static const char doc[] =
	"# Postmortem: [Incident title]\r\n"
	"\r\n"
	"**Incident ID**: [INC-YYYY-NNNN]\r\n"
	"**Status**: In Review\r\n"
	"\r\n"
	"---\r\n"
	"- **Severity**: [P0/P1/P2]\r\n"
	"**Status**: not the header\r\n"
	"## Sign-Off\r\n"
	"\r\n"
	"**Reviewed By**:\r\n"
	"- SRE Lead: [Name] - [Date]\r\n"
	"\r\n"
	"**Published**: [Date]\r\n";

static void fields_and_title_change_in_place(void)
{
	struct pm_buf t = PM_BUF_INIT;

	pm_buf_adds(&t, doc);
	CHECK(pm_edit_field(&t, "Incident ID", "INC-2026-0003", 1));
	CHECK(pm_edit_field(&t, "Severity", "P2", 0));
	CHECK(!pm_edit_field(&t, "Severity", "P2", 1)); /* not in the header */
	CHECK(pm_edit_title(&t, "Disk full"));
	CHECK(strstr(t.ptr, "# Postmortem: Disk full\r\n") != NULL);
	CHECK(strstr(t.ptr, "**Incident ID**: INC-2026-0003\r\n") != NULL);
	CHECK(strstr(t.ptr, "- **Severity**: P2\r\n") != NULL);
	pm_buf_release(&t);
	/* a template's own title placeholder is replaced, its words kept */
	pm_buf_adds(&t, "# Incident review \xe2\x80\x93 [Title] (team [X])\n\n**Status**: Draft\n");
	CHECK(pm_edit_title(&t, "Disk full"));
	CHECK(strstr(t.ptr, "# Incident review \xe2\x80\x93 Disk full (team [X])\n") != NULL);
	pm_buf_release(&t);
	pm_buf_adds(&t, "# Outage\n");
	CHECK(pm_edit_title(&t, "Disk full"));
	CHECK_STR(t.ptr, "# Disk full\n");
	pm_buf_release(&t);
}

static void finalizing_keeps_the_hash_and_fills_every_slot(void)
{
	struct pm_buf t = PM_BUF_INIT;
	char before[PM_HASH_HEX], after[PM_HASH_HEX];
	struct pm_signoff_line lines[] = {
		{ "SRE Lead", PM_ROLE_REVIEWER, "Alice Chen <alice@example.com> - 2026-02-12",
		  "Alice Chen <alice@example.com>", "2026-02-12" },
		{ "Engineering Manager", PM_ROLE_REVIEWER, "Bob - 2026-02-12", "Bob", "2026-02-12" },
		{ "VP Engineering", PM_ROLE_APPROVER, "Erin - 2026-02-13", "Erin", "2026-02-13" },
	};

	pm_buf_adds(&t, doc);
	pm_canon_hash(t.ptr, t.len, before);
	CHECK(pm_edit_field(&t, "Status", "Final", 1));
	pm_edit_signoff(&t, lines, 3, "2026-02-14");
	pm_canon_hash(t.ptr, t.len, after);
	CHECK_STR(before, after);
	CHECK(strstr(t.ptr, "**Status**: Final\r\n**Status**") == NULL);
	CHECK(strstr(t.ptr, "**Status**: not the header") != NULL);
	CHECK(strstr(t.ptr, "- SRE Lead: Alice Chen <alice@example.com> - 2026-02-12\r\n"
			    "- Engineering Manager: Bob - 2026-02-12\r\n") != NULL);
	CHECK(strstr(t.ptr, "**Approved By**:\r\n- VP Engineering: Erin - 2026-02-13\r\n") != NULL);
	CHECK(strstr(t.ptr, "**Published**: 2026-02-14\r\n") != NULL);
	CHECK(strstr(t.ptr, "[Name]") == NULL);
	pm_buf_release(&t);
}

static void a_missing_sign_off_section_is_appended(void)
{
	struct pm_buf t = PM_BUF_INIT;
	struct pm_signoff_line l = { "SRE Lead", PM_ROLE_REVIEWER, "Alice - 2026-02-12", "Alice",
				     "2026-02-12" };
	char before[PM_HASH_HEX], after[PM_HASH_HEX];

	pm_buf_adds(&t, "# T\n**Status**: Draft\n---\n## Impact\nx");
	pm_canon_hash(t.ptr, t.len, before);
	pm_edit_signoff(&t, &l, 1, "2026-02-14");
	CHECK(strstr(t.ptr, "\nx\n## Sign-Off\n\n**Reviewed By**:\n- SRE Lead: Alice - 2026-02-12\n") != NULL);
	CHECK(strstr(t.ptr, "**Published**: 2026-02-14\n") != NULL);
	pm_canon_hash(t.ptr, t.len, after);
	CHECK_STR(before, after); /* the signatures survive */
	pm_buf_release(&t);
}

static void bold_slot_labels_are_filled_and_kept(void)
{
	struct pm_buf t = PM_BUF_INIT;
	struct pm_signoff_line l[] = {
		{ "SRE Lead", PM_ROLE_REVIEWER, "Alice - 2026-02-12", "Alice", "2026-02-12" },
		{ "VP Engineering", PM_ROLE_APPROVER, "Erin - 2026-02-13", "Erin", "2026-02-13" },
	};

	pm_buf_adds(&t, "# T\n**Status**: In Review\n---\n## Sign-Off\n\n"
			"- **SRE Lead**: [Name] - [Date]\n**VP Engineering:** [Name]\n");
	pm_edit_signoff(&t, l, 2, "2026-02-14");
	CHECK(strstr(t.ptr, "\n- **SRE Lead**: Alice - 2026-02-12\n"
			    "**VP Engineering:** Erin - 2026-02-13\n") != NULL);
	CHECK(strstr(t.ptr, "[Name]") == NULL);
	CHECK(strstr(t.ptr, "- SRE Lead:") == NULL); /* filled in place, not added again */
	pm_buf_release(&t);
}

/* pandoc's list items ("-   "), brackets escaped: filled in place all the same */
static void pandoc_list_items_are_filled_in_place(void)
{
	struct pm_buf t = PM_BUF_INIT;
	struct pm_signoff_line l = { "SRE Lead", PM_ROLE_REVIEWER, "Alice - 2026-02-12", "Alice",
				     "2026-02-12" };

	pm_buf_adds(&t, "# Postmortem: \\[Incident title\\]\n**Status**: In Review\n---\n"
			"-   **Severity**: \\[P0/P1/P2\\]\n## Sign-Off\n\n"
			"-   SRE Lead: \\[Name\\] - \\[Date\\]\n\n"
			"**Published**: \\[Date\\] **Distribution**: Engineering, Product\n");
	CHECK(pm_edit_field(&t, "Severity", "P1", 0));
	CHECK(pm_edit_title(&t, "Disk full"));
	pm_edit_signoff(&t, &l, 1, "2026-02-14");
	CHECK(strstr(t.ptr, "# Postmortem: Disk full\n") != NULL);
	CHECK(strstr(t.ptr, "\n-   **Severity**: P1\n") != NULL);
	CHECK(strstr(t.ptr, "\n-   SRE Lead: Alice - 2026-02-12\n") != NULL);
	/* a field joined onto the line is kept, not overwritten */
	CHECK(strstr(t.ptr, "\n**Published**: 2026-02-14 **Distribution**: Engineering, Product\n") != NULL);
	CHECK(strstr(t.ptr, "Name") == NULL && strstr(t.ptr, "\n- SRE Lead:") == NULL);
	pm_buf_release(&t);
}

static void sign_off_tables_get_names_and_dates_in_their_columns(void)
{
	struct pm_buf t = PM_BUF_INIT;
	struct pm_signoff_line l[] = {
		{ "SRE Lead", PM_ROLE_REVIEWER, "Alice - 2026-02-12", "Alice", "2026-02-12" },
		{ "Engineering Manager", PM_ROLE_REVIEWER, "NOT SIGNED", "NOT SIGNED", "" },
		{ "VP Engineering", PM_ROLE_APPROVER, "Erin - 2026-02-13", "Erin", "2026-02-13" },
	};

	pm_buf_adds(&t, "# T\n**Status**: In Review\n---\n## Sign-Off\n\n"
			"| Role | Date | Name |\n|---|---|---|\n"
			"| **SRE Lead** | [Date] | [Name] |\n"
			"| Engineering Manager | [Date] | [Name] |\n\n"
			"| Slot | | |\n|--|--|--|\n| VP Engineering | [Name] | [Date] |\n");
	pm_edit_signoff(&t, l, 3, "2026-02-14");
	CHECK(strstr(t.ptr, "| **SRE Lead** | 2026-02-12 | Alice |\n") != NULL);
	CHECK(strstr(t.ptr, "| Engineering Manager | - | NOT SIGNED |\n") != NULL);
	/* no Name or Date heading: the second and third cells */
	CHECK(strstr(t.ptr, "| VP Engineering | Erin | 2026-02-13 |\n") != NULL);
	CHECK(strstr(t.ptr, "[Name]") == NULL && strstr(t.ptr, "[Date]") == NULL);
	/* filled in the tables, so no list lines are added for them */
	CHECK(strstr(t.ptr, "- SRE Lead:") == NULL && strstr(t.ptr, "- VP Engineering:") == NULL);
	pm_buf_release(&t);
}

static void sign_off_tables_without_outer_pipes_are_filled_too(void)
{
	struct pm_buf t = PM_BUF_INIT;
	struct pm_signoff_line l[] = {
		{ "SRE Lead", PM_ROLE_REVIEWER, "Alice - 2026-02-12", "Alice", "2026-02-12" },
		{ "VP Engineering", PM_ROLE_APPROVER, "Erin - 2026-02-13", "Erin", "2026-02-13" },
	};

	pm_buf_adds(&t, "# T\n**Status**: In Review\n---\n## Sign-Off\n\n"
			"Role | Name | Date\n---|---|---\n"
			"SRE Lead | [Name] | [Date]\n");
	pm_edit_signoff(&t, l, 2, "2026-02-14");
	CHECK(strstr(t.ptr, "\nSRE Lead | Alice | 2026-02-12\n") != NULL);
	/* the slot the table lacks: a row of its own under the last */
	CHECK(strstr(t.ptr, "2026-02-12\n| VP Engineering | Erin | 2026-02-13 |\n") != NULL);
	CHECK(strstr(t.ptr, "[Name]") == NULL && strstr(t.ptr, "- SRE Lead:") == NULL);
	pm_buf_release(&t);
}

void unit_edit(void)
{
	RUN(sign_off_tables_get_names_and_dates_in_their_columns);
	RUN(sign_off_tables_without_outer_pipes_are_filled_too);
	RUN(fields_and_title_change_in_place);
	RUN(bold_slot_labels_are_filled_and_kept);
	RUN(pandoc_list_items_are_filled_in_place);
	RUN(finalizing_keeps_the_hash_and_fills_every_slot);
	RUN(a_missing_sign_off_section_is_appended);
}

#undef UNIT_MODULE
#define UNIT_MODULE "git"

static void libgit2_starts_without_reading_the_ca_bundle(void)
{
	git_oid id;
	char hex[GIT_OID_HEXSZ + 1];

	/*
	 * Where libgit2 loads mbedTLS, its init asked for the CA bundle once
	 * and pmgit's stand-in refused; elsewhere nothing asks.
	 */
	if (dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file"))
		CHECK(pm_git_ca_loads_refused() == 1);
	else
		CHECK(pm_git_ca_loads_refused() == 0);
	/* and where it starts libssh2 (and with it OpenSSL), pmgit's stand-in did nothing */
	if (dlsym(RTLD_NEXT, "libssh2_init"))
		CHECK(pm_git_ssh_starts_refused() == 1);
	/* libgit2 kept no error from the refusal to report later, and works */
	CHECK(git_error_last() == NULL);
	CHECK(git_odb_hash(&id, "", 0, GIT_OBJECT_BLOB) == 0);
	CHECK_STR(git_oid_tostr(hex, sizeof(hex), &id), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
}

void unit_git(void)
{
	RUN(libgit2_starts_without_reading_the_ca_bundle);
}
