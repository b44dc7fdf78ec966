/* canonical hash, keys, SSHSIG and the sign-off record */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "canon.h"
#include "cover.h"
#include "doc.h"
#include "policy.h"
#include "template.h"
#include "fsutil.h"
#include "keys.h"
#include "record.h"
#include "sshsig.h"
#include "test.h"
#include "wire.h"

#define UNIT_MODULE "canon"

static void canonical_form_drops_status_and_signoff(void)
{
	static const char doc[] =
		"\xef\xbb\xbf# T\r\n"
		"**Status**: In Review\r\n"
		"**Date**: 2026-01-01\r\n"
		"---  \r\n"
		"**Status**: body line stays\r\n"
		"## Sign-Off \r\n"
		"- SRE Lead: anyone\r\n";
	struct pm_buf out = PM_BUF_INIT;

	pm_canon(doc, strlen(doc), &out);
	CHECK_STR(out.ptr, "# T\n**Date**: 2026-01-01\n---  \n**Status**: body line stays\n");
	pm_buf_release(&out);
}

static void hash_survives_status_crlf_and_signoff_but_not_edits(void)
{
	static const char a[] = "# T\n**Status**: Draft\n---\n## Impact\nx\n## Sign-Off\n- A: [Name]\n";
	static const char b[] = "# T\r\n**Status**: Final\r\n---\r\n## Impact\r\nx\r\n## Sign-Off\r\n- A: Alice\r\n";
	static const char c[] = "# T\n**Status**: Draft\n---\n## Impact\ny\n## Sign-Off\n- A: [Name]\n";
	char ha[PM_HASH_HEX], hb[PM_HASH_HEX], hc[PM_HASH_HEX];

	pm_canon_hash(a, strlen(a), ha);
	pm_canon_hash(b, strlen(b), hb);
	pm_canon_hash(c, strlen(c), hc);
	CHECK_STR(ha, hb);
	CHECK(strcmp(ha, hc) != 0);
	/* sha256 of "# T\n---\n## Impact\nx\n", as sha256sum prints it */
	CHECK_STR(ha, "e6d0e91c41224289806c7fa3616a454742a74f2ef32847a6eec1304e1f529b63");
}

/* The rule as FORMAT.md states it, line by line, without any cleverness. */
static void reference_canon(const char *src, size_t len, struct pm_buf *out)
{
	struct pm_buf t = PM_BUF_INIT;
	size_t i = 0;
	int header = 1;

	if (len >= 3 && !memcmp(src, "\xef\xbb\xbf", 3))
		i = 3;
	for (; i < len; i++) {
		if (src[i] == '\r' && i + 1 < len && src[i + 1] == '\n')
			continue;
		pm_buf_addch(&t, src[i]);
	}
	for (i = 0; i < t.len;) {
		char *nl = memchr(t.ptr + i, '\n', t.len - i);
		size_t n = nl ? (size_t)(nl - (t.ptr + i)) : t.len - i;
		const char *l = t.ptr + i;
		size_t k = n;
		while (k && (l[k - 1] == ' ' || l[k - 1] == '\t'))
			k--;
		if (header && ((n >= 3 && !memcmp(l, "## ", 3)) || (k == 3 && !memcmp(l, "---", 3))))
			header = 0;
		if (k == 11 && !memcmp(l, "## Sign-Off", 11))
			break;
		if (!(header && n >= 11 && !memcmp(l, "**Status**:", 11))) {
			pm_buf_add(out, l, n);
			pm_buf_addch(out, '\n');
		}
		i += n + 1;
	}
	pm_buf_release(&t);
}

static void canonical_form_matches_the_stated_rule_on_mixed_input(void)
{
	static const char *const pieces[] = {
		"# T", "**Status**: Draft", "**Status**: Final", "---", "--- ", "## Impact",
		"text", "", "## Sign-Off", "## Sign-Off  ", "**Date**: x", ("\xef\xbb\xbf" "bom"),
	};
	unsigned seed = 7;
	int round;

	for (round = 0; round < 2000; round++) {
		struct pm_buf doc = PM_BUF_INIT, want = PM_BUF_INIT, got = PM_BUF_INIT;
		int lines = (int)(seed % 12), i;
		if (round % 5 == 0)
			pm_buf_adds(&doc, "\xef\xbb\xbf");
		for (i = 0; i < lines; i++) {
			seed = seed * 1103515245u + 12345u;
			pm_buf_adds(&doc, pieces[(seed >> 16) % 12]);
			if (i + 1 < lines || (seed >> 8) % 2)
				pm_buf_adds(&doc, (seed >> 4) % 3 ? "\n" : "\r\n");
		}
		reference_canon(doc.ptr, doc.len, &want);
		pm_canon(doc.ptr, doc.len, &got);
		if (strcmp(want.ptr, got.ptr))
			unit_fail(__FILE__, __LINE__, "pm_canon == reference", doc.ptr);
		pm_buf_release(&doc);
		pm_buf_release(&want);
		pm_buf_release(&got);
		if (unit_case_failed)
			return;
		seed = seed * 1103515245u + 12345u;
	}
}

/*
 * pm_cover_check on a document, both ways: with the whole document parsed
 * (as the rules call it) and without (as verification does). They must
 * agree; returns the line, and the reason in *why.
 */
static unsigned cover(const char *src, const struct pm_template *tpl, struct pm_buf *why)
{
	struct pm_config cfg;
	struct pm_doc doc;
	struct pm_buf other = PM_BUF_INIT;
	struct pm_canon_cut cut;
	char hex[PM_HASH_HEX];
	unsigned a, b;

	pm_config_defaults(&cfg);
	pm_doc_parse(&doc, src, strlen(src));
	pm_buf_reset(why);
	cut = pm_canon_hash(src, strlen(src), hex);
	a = pm_cover_check(src, strlen(src), NULL, &doc, &cfg, tpl, why);
	b = pm_cover_check(src, strlen(src), &cut, NULL, &cfg, tpl, &other);
	pm_doc_release(&doc);
	pm_config_release(&cfg);
	if (a != b || (a && strcmp(why->ptr, other.ptr)))
		a = 9999;
	pm_buf_release(&other);
	return a;
}

static void text_below_signoff_is_found_and_the_cut_must_be_a_heading(void)
{
	static const char head[] = "# T\n\n**Status**: Draft\n\n## Summary\n\nText.\n\n";
	struct pm_buf why = PM_BUF_INIT, doc = PM_BUF_INIT;
	struct pm_template tpl = PM_TEMPLATE_INIT;

#define DOC(tail) (pm_buf_reset(&doc), pm_buf_adds(&doc, head), pm_buf_adds(&doc, tail), doc.ptr)
	/* what finalize writes, and no Sign-Off at all, are fine */
	CHECK(cover(DOC("## Sign-Off\n\n**Reviewed By**:\n- SRE Lead: Alice - 2026-02-14\n"
			"- **Engineering Manager**: Bob - 2026-02-14\n\n**Approved By**:\n"
			"- VP Engineering: [Name] - [Date]\n<!-- a note -->\n\n---\n\n"
			"**Last Updated**: 2026-02-15\n**Version**: 1.0\n"
			"| Slot | Name | Date |\n|---|---|---|\n| SRE Lead | Alice | 2026-02-14 |\n"), NULL, &why) == 0);
	CHECK(cover(DOC("## Summary 2\n"), NULL, &why) == 0);
	/* a comment opener written as code above the real heading hides nothing */
	CHECK(cover(DOC("Type `<!--` to start a comment.\n\n## Sign-Off\n\n**Version**: 1\n"), NULL, &why) == 0);
	/* text, a heading, a stray bullet, a table row, a code block below it */
	CHECK(cover(DOC("## Sign-Off\n\nThe vendor caused it.\n"), NULL, &why) == 11);
	CHECK(strstr(why.ptr, "'The vendor caused it.' is below '## Sign-Off'"));
	CHECK(cover(DOC("## Sign-Off\n\n**Version**: 1\n\n### Appendix\n"), NULL, &why) == 13);
	CHECK(strstr(why.ptr, "the heading '### Appendix' comes below"));
	CHECK(cover(DOC("## Sign-Off\n- Root cause: the vendor\n"), NULL, &why) == 10);
	/* a sign-off line a converter wrapped: join it, the message says */
	CHECK(cover(DOC("## Sign-Off\n\n**Distribution**: Engineering, Product,\nLeadership\n"), NULL, &why) == 12);
	CHECK(strstr(why.ptr, "'Leadership' continues the 'Distribution' line above, as converters wrap long lines; join it to that line"));
	CHECK(cover(DOC("## Sign-Off\n\n**Distribution**: Engineering\n- The vendor\n"), NULL, &why) == 12);
	CHECK(strstr(why.ptr, "'- The vendor' is below '## Sign-Off'"));
	/* a long line is quoted short, never inside a character */
	CHECK(cover(DOC("## Sign-Off\n" "01234567890123456789012345678901234567890123\xc3\xa9\xc3\xa9 more\n"),
		    NULL, &why) == 10);
	CHECK(strstr(why.ptr, "'01234567890123456789012345678901234567890123...'"));
	CHECK(cover(DOC("## Sign-Off\n| Slot | Name |\n|---|---|\n| Vendor | did it |\n"), NULL, &why) == 12);
	CHECK(cover(DOC("## Sign-Off\n```\nVersion: 1\n```\n"), NULL, &why) == 10);
	/* a "## Sign-Off" in a comment or a code block still ends what is signed */
	CHECK(cover(DOC("<!--\n## Sign-Off\n-->\n## Root Cause\n\nText.\n"), NULL, &why) == 10);
	CHECK(strstr(why.ptr, "inside a comment or a code block"));
	CHECK(cover(DOC("~~~\n## Sign-Off\n~~~\n"), NULL, &why) == 10);
	/* after a byte order mark too */
	CHECK(cover("\xef\xbb\xbf<!--\n## Sign-Off\n-->\n## Summary\n", NULL, &why) == 2);
	CHECK(cover("\xef\xbb\xbf## Sign-Off\nThe vendor\n", NULL, &why) == 2);
	/* the hash leaves out every Status line of the header: one is all there may be */
	CHECK(cover("# T\n**Status**: Draft\n**Status**: Final, approved\n\n## Summary\n", NULL, &why) == 3);
	CHECK(strstr(why.ptr, "a second '**Status**:' line in the header"));
	CHECK(cover("# T\n**Status**: Draft\n\n## Summary\n**Status**: body text is signed\n", NULL, &why) == 0);
	/* a label of the template's own Sign-Off section may stand there */
	CHECK(cover(DOC("## Sign-Off\n**Ticket**: OPS-1\n"), NULL, &why) == 10);
	{
		static const char custom[] = "# [T]\n\n## Sign-Off\n\n**Ticket**: [LINK]\n\n"
					     "| Team | Name |\n|---|---|\n| **Security** | [Name] |\n";
		pm_template_learn(&tpl, custom, strlen(custom));
	}
	CHECK(cover(DOC("## Sign-Off\n**Ticket**: OPS-1\n"), &tpl, &why) == 0);
	CHECK(cover(DOC("## Sign-Off\n| Team | Name |\n|--|--|\n| Security | Dana |\n"), &tpl, &why) == 0);
	CHECK(cover(DOC("## Sign-Off\n| Team | Name |\n|--|--|\n| Legal | Dana |\n"), &tpl, &why) == 12);
#undef DOC
	pm_template_release(&tpl);
	pm_buf_release(&why);
	pm_buf_release(&doc);
}

void unit_canon(void)
{
	RUN(canonical_form_drops_status_and_signoff);
	RUN(canonical_form_matches_the_stated_rule_on_mixed_input);
	RUN(hash_survives_status_crlf_and_signoff_but_not_edits);
	RUN(text_below_signoff_is_found_and_the_cut_must_be_a_heading);
}

#undef UNIT_MODULE
#define UNIT_MODULE "keys"

/* Copies a committed fixture key to a private file (git does not keep 0600). */
static const char *private_copy(const char *fixture, mode_t mode)
{
	static char path[64];
	size_t len;
	char *data = unit_fixture(fixture, &len);
	struct pm_error err = PM_ERROR_INIT;

	snprintf(path, sizeof(path), "/tmp/pmgit-unit-key.%d", (int)getpid());
	unlink(path);
	pm_write_atomic(path, data, len, mode, 0, &err);
	free(data);
	pm_error_release(&err);
	return path;
}

static int fixed_pass(void *data, const char *prompt, int confirm, char **out,
		      struct pm_error *err)
{
	const char *p = data;
	(void)prompt;
	(void)confirm;
	(void)err;
	*out = sodium_malloc(strlen(p) + 1);
	memcpy(*out, p, strlen(p) + 1);
	return 0;
}

static void public_keys_and_fingerprints_match_ssh_keygen(void)
{
	size_t len;
	char *line = unit_fixture("tests/fixtures/keys/alice.pub", &len);
	struct pm_pubkey k;
	struct pm_buf fp = PM_BUF_INIT, again = PM_BUF_INIT;
	struct pm_error err = PM_ERROR_INIT;

	CHECK(pm_pubkey_parse(line, &k, "alice.pub", &err) == 0);
	pm_pubkey_fingerprint(&k, &fp);
	CHECK_STR(fp.ptr, "SHA256:FOY6pbL1mMyIjkPJz9qncl0rieoA0Rha9hKugZ+ZokQ");
	pm_pubkey_format(&k, "alice@example.com", &again);
	pm_buf_addch(&again, '\n');
	CHECK_STR(again.ptr, line);
	free(line);
	line = unit_fixture("tests/fixtures/keys/rsa-key.pub", &len);
	CHECK(pm_pubkey_parse(line, &k, "rsa-key.pub", &err) == PM_EFORMAT);
	CHECK(strstr(err.msg.ptr, "'ssh-rsa' keys are not supported") != NULL);
	/* an authorized_keys line, options first, is named as such */
	CHECK(pm_pubkey_parse("restrict,from=\"10.0.0.1\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 x", &k,
			      "x", &err) == PM_EFORMAT);
	CHECK(strstr(err.msg.ptr, "as authorized_keys lines with options do; give the key alone") != NULL);
	/* an allowed_signers line, principals first, is named as that */
	CHECK(pm_pubkey_parse("alice@example.com,bob@example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 x",
			      &k, "x", &err) == PM_EFORMAT);
	CHECK(strstr(err.msg.ptr, "'alice@example.com,bob@example.com', as allowed_signers lines do (the principal first); give the key alone") != NULL);
	CHECK(pm_pubkey_parse("cert-authority,principals=\"a@b\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 x",
			      &k, "x", &err) == PM_EFORMAT);
	CHECK(strstr(err.msg.ptr, "as authorized_keys lines with options do") != NULL);
	CHECK(pm_pubkey_parse("ssh-ed25519 AAAA!!!", &k, "x", &err) == PM_EFORMAT);
	CHECK(pm_pubkey_parse("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5", &k, "x", &err) == PM_EFORMAT);
	free(line);
	pm_buf_release(&fp);
	pm_buf_release(&again);
	pm_error_release(&err);
}

static void secret_keys_load_in_every_supported_form(void)
{
	struct pm_seckey k = PM_SECKEY_INIT;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_buf fp = PM_BUF_INIT;

	CHECK(pm_seckey_load(&k, private_copy("tests/fixtures/keys/alice", 0600), NULL, NULL, &err) == 0);
	pm_pubkey_fingerprint(&k.pub, &fp);
	CHECK_STR(fp.ptr, "SHA256:FOY6pbL1mMyIjkPJz9qncl0rieoA0Rha9hKugZ+ZokQ");
	pm_seckey_release(&k);
	CHECK(pm_seckey_load(&k, private_copy("tests/fixtures/keys/bob.key", 0600), NULL, NULL, &err) == 0);
	pm_seckey_release(&k);
	CHECK(pm_seckey_load(&k, private_copy("tests/fixtures/keys/carol.key", 0600), fixed_pass,
			     (void *)"correct horse battery staple", &err) == 0);
	pm_seckey_release(&k);
	CHECK(pm_seckey_load(&k, private_copy("tests/fixtures/keys/carol.key", 0600), fixed_pass,
			     (void *)"wrong", &err) == PM_EKEY);
	CHECK(strstr(err.msg.ptr, "wrong passphrase") != NULL);
	CHECK(k.sk == NULL);
	unlink(private_copy("tests/fixtures/keys/alice", 0600));
	pm_buf_release(&fp);
	pm_error_release(&err);
}

static void unsafe_or_unusable_key_files_are_refused(void)
{
	struct pm_seckey k = PM_SECKEY_INIT;
	struct pm_error err = PM_ERROR_INIT;

	CHECK(pm_seckey_load(&k, private_copy("tests/fixtures/keys/bob.key", 0644), NULL, NULL, &err) == PM_EKEY);
	CHECK(strstr(err.msg.ptr, "readable by others") && strstr(err.msg.ptr, "chmod 600"));
	CHECK(pm_seckey_load(&k, private_copy("tests/fixtures/keys/dave-protected", 0600), NULL, NULL, &err) == PM_EKEY);
	CHECK(strstr(err.msg.ptr, "ssh-add") && strstr(err.msg.ptr, "--agent"));
	CHECK(pm_seckey_load(&k, private_copy("tests/fixtures/keys/rsa-key", 0600), NULL, NULL, &err) == PM_EKEY);
	CHECK(strstr(err.msg.ptr, "ed25519") != NULL);
	CHECK(pm_seckey_load(&k, private_copy("tests/fixtures/keys/alice.pub", 0600), NULL, NULL, &err) == PM_EKEY);
	CHECK(strstr(err.msg.ptr, "public key") != NULL);
	CHECK(pm_seckey_load(&k, "/nonexistent/key", NULL, NULL, &err) == PM_ENOTFOUND);
	CHECK(pm_seckey_parse(&k, "-----BEGIN PMGIT PRIVATE KEY-----\nAAAA\n-----END PMGIT PRIVATE KEY-----\n",
			      70, "x", NULL, NULL, &err) == PM_EKEY);
	/* PEM: what it is, and what to make instead (ssh-keygen cannot convert these) */
	{
		static const char pkcs8[] = "-----BEGIN PRIVATE KEY-----\n"
					    "MC4CAQAwBQYDK2VwBCIEIL1n7eO3v7bh0K3Kx0pBgnVb3yH1pX7mJqQyH4Zt2Zb9\n"
					    "-----END PRIVATE KEY-----\n";
		static const char rsa[] = "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n";
		CHECK(pm_seckey_parse(&k, pkcs8, strlen(pkcs8), "k.pem", NULL, NULL, &err) == PM_EKEY);
		CHECK(strstr(err.msg.ptr, "PKCS#8") && strstr(err.msg.ptr, "ssh-keygen -t ed25519") &&
		      !strstr(err.msg.ptr, "ssh-keygen -p"));
		CHECK(pm_seckey_parse(&k, rsa, strlen(rsa), "rsa.pem", NULL, NULL, &err) == PM_EKEY);
		CHECK(strstr(err.msg.ptr, "is an RSA key; pmgit signs with ed25519 keys") != NULL);
	}
	unlink(private_copy("tests/fixtures/keys/alice", 0600));
	pm_error_release(&err);
}

static void encoded_keys_read_back(void)
{
	struct pm_seckey k = PM_SECKEY_INIT, k2 = PM_SECKEY_INIT;
	struct pm_buf file = PM_BUF_INIT;
	struct pm_error err = PM_ERROR_INIT;

	CHECK(pm_seckey_generate(&k) == 0);
	CHECK(pm_seckey_encode(&k, "pw", "c", &file, &err) == 0);
	CHECK(strncmp(file.ptr, PM_KEYFILE_BEGIN "\n", strlen(PM_KEYFILE_BEGIN) + 1) == 0);
	CHECK(pm_seckey_parse(&k2, file.ptr, file.len, "f", fixed_pass, (void *)"pw", &err) == 0);
	CHECK(memcmp(k.sk, k2.sk, PM_ED25519_SK) == 0);
	pm_seckey_release(&k2);
	/* a flipped byte in the ciphertext is caught by the MAC */
	file.ptr[120] = file.ptr[120] == 'A' ? 'B' : 'A';
	CHECK(pm_seckey_parse(&k2, file.ptr, file.len, "f", fixed_pass, (void *)"pw", &err) != 0);
	pm_seckey_release(&k);
	pm_buf_release(&file);
	pm_error_release(&err);
}

void unit_keys(void)
{
	RUN(public_keys_and_fingerprints_match_ssh_keygen);
	RUN(secret_keys_load_in_every_supported_form);
	RUN(unsafe_or_unusable_key_files_are_refused);
	RUN(encoded_keys_read_back);
}

#undef UNIT_MODULE
#define UNIT_MODULE "sshsig"

static void load_bob(struct pm_seckey *k)
{
	size_t len;
	char *data = unit_fixture("tests/fixtures/keys/bob.key", &len);
	struct pm_error err = PM_ERROR_INIT;

	pm_seckey_parse(k, data, len, "bob.key", NULL, NULL, &err);
	free(data);
	pm_error_release(&err);
}

static void signatures_round_trip_and_look_like_ssh_keygen_s(void)
{
	struct pm_seckey k = PM_SECKEY_INIT;
	struct pm_signer s;
	struct pm_buf armor = PM_BUF_INIT;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_sshsig sig;
	const char *p;

	load_bob(&k);
	pm_signer_from_seckey(&s, &k);
	CHECK(pm_sshsig_sign(&s, "pmgit-signoff", "msg\n", 4, &armor, &err) == 0);
	CHECK(!strncmp(armor.ptr, PM_SSHSIG_BEGIN "\nU1NIU0lH", strlen(PM_SSHSIG_BEGIN) + 9));
	CHECK(strchr(armor.ptr, '\r') == NULL);
	for (p = strchr(armor.ptr, '\n') + 1; strncmp(p, "-----END", 8); p = strchr(p, '\n') + 1)
		CHECK(strchr(p, '\n') - p <= 70);
	CHECK(pm_sshsig_decode(armor.ptr, armor.len, &sig, &err) == 0);
	CHECK(pm_sshsig_verify(&sig, "pmgit-signoff", "msg\n", 4, &err) == 0);
	CHECK(pm_sshsig_verify(&sig, "pmgit-signoff", "msg!", 4, &err) == PM_EREJECT);
	CHECK(pm_sshsig_verify(&sig, "pmgit-policy", "msg\n", 4, &err) == PM_EREJECT);
	CHECK(strstr(err.msg.ptr, "namespace 'pmgit-signoff'") != NULL);
	pm_seckey_release(&k);
	pm_buf_release(&armor);
	pm_error_release(&err);
}

static void ssh_keygen_signatures_verify(void)
{
	size_t n, m;
	char *sigtext = unit_fixture("tests/fixtures/sshsig/pmgit-signoff.sig", &n);
	char *msg = unit_fixture("tests/fixtures/sshsig/message", &m);
	struct pm_sshsig sig;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_buf fp = PM_BUF_INIT;

	CHECK(pm_sshsig_decode(sigtext, n, &sig, &err) == 0);
	CHECK(pm_sshsig_verify(&sig, "pmgit-signoff", msg, m, &err) == 0);
	pm_pubkey_fingerprint(&sig.key, &fp);
	CHECK_STR(fp.ptr, "SHA256:FOY6pbL1mMyIjkPJz9qncl0rieoA0Rha9hKugZ+ZokQ");
	free(sigtext);
	sigtext = unit_fixture("tests/fixtures/sshsig/other-namespace.sig", &n);
	CHECK(pm_sshsig_decode(sigtext, n, &sig, &err) == 0);
	CHECK(pm_sshsig_verify(&sig, "pmgit-signoff", msg, m, &err) == PM_EREJECT);
	free(sigtext);
	sigtext = unit_fixture("tests/fixtures/sshsig/sha256.sig", &n);
	CHECK(pm_sshsig_decode(sigtext, n, &sig, &err) == PM_EFORMAT);
	CHECK(strstr(err.msg.ptr, "hash 'sha256'") != NULL);
	free(sigtext);
	free(msg);
	pm_buf_release(&fp);
	pm_error_release(&err);
}

/* Re-armors a signature blob after `edit` changed it. */
static void rearmor(struct pm_buf *out, const struct pm_buf *blob)
{
	pm_buf_reset(out);
	pm_buf_adds(out, PM_SSHSIG_BEGIN "\n");
	pm_base64_encode(out, blob->ptr, blob->len);
	pm_buf_adds(out, "\n" PM_SSHSIG_END "\n");
}

static void malformed_signatures_are_refused(void)
{
	size_t n;
	char *sigtext = unit_fixture("tests/fixtures/sshsig/pmgit-signoff.sig", &n);
	struct pm_buf blob = PM_BUF_INIT, armor = PM_BUF_INIT;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_sshsig sig;
	const char *body = strchr(sigtext, '\n') + 1;

	CHECK(pm_base64_decode(&blob, body, (size_t)(strstr(sigtext, "-----END") - body)) == 0);
	/* truncated armor */
	CHECK(pm_sshsig_decode(sigtext, n / 2, &sig, &err) == PM_EFORMAT);
	/* trailing bytes */
	pm_buf_addch(&blob, 0);
	rearmor(&armor, &blob);
	CHECK(pm_sshsig_decode(armor.ptr, armor.len, &sig, &err) == PM_EFORMAT);
	CHECK(strstr(err.msg.ptr, "unexpected bytes") != NULL);
	pm_buf_setlen(&blob, blob.len - 1);
	/* version 2 */
	blob.ptr[9] = 2;
	rearmor(&armor, &blob);
	CHECK(pm_sshsig_decode(armor.ptr, armor.len, &sig, &err) == PM_EFORMAT);
	CHECK(strstr(err.msg.ptr, "version 2") != NULL);
	blob.ptr[9] = 1;
	/* a flipped signature bit decodes, and fails to verify */
	blob.ptr[blob.len - 1] ^= 1;
	rearmor(&armor, &blob);
	CHECK(pm_sshsig_decode(armor.ptr, armor.len, &sig, &err) == 0);
	CHECK(pm_sshsig_verify(&sig, "pmgit-signoff", "hello from ssh-keygen\n", 22, &err) == PM_EREJECT);
	/* text after the armor, garbage inside */
	pm_buf_sets(&armor, sigtext);
	pm_buf_adds(&armor, "extra\n");
	CHECK(pm_sshsig_decode(armor.ptr, armor.len, &sig, &err) == PM_EFORMAT);
	CHECK(pm_sshsig_decode("-----BEGIN SSH SIGNATURE-----\n!!!!\n-----END SSH SIGNATURE-----\n", 64, &sig, &err) == PM_EFORMAT);
	free(sigtext);
	pm_buf_release(&blob);
	pm_buf_release(&armor);
	pm_error_release(&err);
}

/* A security key in software: signs SHA-256(app) || flags || counter || SHA-256(data). */
struct fido_key {
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	unsigned char flags;
};

static int fido_sign(struct pm_signer *s, const unsigned char *data, size_t len,
		     struct pm_sig *sig, struct pm_error *err)
{
	const struct fido_key *f = s->data;
	unsigned char m[PM_SK_MESSAGE_LEN];

	(void)err;
	pm_sig_sk_message(&s->pub, f->flags, 5, data, len, m);
	crypto_sign_detached(sig->bytes, NULL, m, sizeof(m), f->sk);
	sig->flags = f->flags;
	sig->counter = 5;
	return 0;
}

static void security_keys_sign_and_verify_with_their_touch(void)
{
	struct fido_key f;
	struct pm_signer s;
	struct pm_buf armor = PM_BUF_INIT, line = PM_BUF_INIT, blob = PM_BUF_INIT;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_sshsig sig;
	struct pm_pubkey back;

	memset(&s, 0, sizeof(s));
	crypto_sign_keypair(s.pub.pk, f.sk);
	s.pub.fido = 1;
	memcpy(s.pub.app, "ssh:", 5);
	s.sign = fido_sign;
	s.data = &f;
	/* the key line reads back as the same key, and not as a plain one */
	pm_pubkey_format(&s.pub, "yubikey", &line);
	CHECK(!strncmp(line.ptr, "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29t", 67));
	CHECK(pm_pubkey_parse(line.ptr, &back, "k", &err) == 0 && pm_pubkey_equal(&back, &s.pub));
	back.fido = 0;
	CHECK(!pm_pubkey_equal(&back, &s.pub));
	/* no application, or bytes after it: not a key */
	pm_wire_put_cstring(&blob, "sk-ssh-ed25519@openssh.com");
	pm_wire_put_string(&blob, s.pub.pk, 32);
	CHECK(pm_pubkey_from_blob((unsigned char *)blob.ptr, blob.len, &back) == -1);
	pm_wire_put_cstring(&blob, "ssh:");
	CHECK(pm_pubkey_from_blob((unsigned char *)blob.ptr, blob.len, &back) == 0 && back.fido);
	pm_buf_addch(&blob, 0);
	CHECK(pm_pubkey_from_blob((unsigned char *)blob.ptr, blob.len, &back) == -1);

	f.flags = PM_SK_USER_PRESENT;
	CHECK(pm_sshsig_sign(&s, "pmgit-signoff", "msg\n", 4, &armor, &err) == 0);
	CHECK(pm_sshsig_decode(armor.ptr, armor.len, &sig, &err) == 0);
	CHECK(sig.key.fido && sig.sig.flags == 1 && sig.sig.counter == 5);
	CHECK(pm_sshsig_verify(&sig, "pmgit-signoff", "msg\n", 4, &err) == 0);
	CHECK(pm_sshsig_verify(&sig, "pmgit-signoff", "msg!", 4, &err) == PM_EREJECT);
	sig.sig.counter = 6; /* the counter is signed too */
	CHECK(pm_sshsig_verify(&sig, "pmgit-signoff", "msg\n", 4, &err) == PM_EREJECT);
	/* a signature made without a touch is not given */
	f.flags = 0;
	pm_buf_reset(&armor);
	CHECK(pm_sshsig_sign(&s, "pmgit-signoff", "msg\n", 4, &armor, &err) == PM_EKEY);
	CHECK(strstr(err.msg.ptr, "without being touched") != NULL);
	pm_buf_release(&armor);
	pm_buf_release(&line);
	pm_buf_release(&blob);
	pm_error_release(&err);
}

void unit_sshsig(void)
{
	RUN(signatures_round_trip_and_look_like_ssh_keygen_s);
	RUN(security_keys_sign_and_verify_with_their_touch);
	RUN(ssh_keygen_signatures_verify);
	RUN(malformed_signatures_are_refused);
}

#undef UNIT_MODULE
#define UNIT_MODULE "record"

static const char statement[] =
	"pmgit-signoff-v1\n"
	"incident: INC-2026-0001\n"
	"document-sha256: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
	"slot: SRE Lead\n"
	"role: reviewer\n"
	"signer: alice@example.com\n"
	"key: SHA256:FOY6pbL1mMyIjkPJz9qncl0rieoA0Rha9hKugZ+ZokQ\n"
	"time: 2026-11-29T14:03:11Z\n";

static void statements_parse_strictly_and_format_back(void)
{
	struct pm_statement st;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_buf again = PM_BUF_INIT;
	static const char *const breaks[][2] = {
		{ "incident: ", "incident:  " },
		{ "role: reviewer", "role: boss" },
		{ "time: 2026-11-29T14:03:11Z", "time: 2026-11-29 14:03:11" },
		{ "0123456789abcdef0123", "0123456789ABCDEF0123" },
		{ "slot: SRE Lead\n", "" },
		{ "key: SHA256", "key: MD5" },
	};
	size_t i;

	CHECK(pm_statement_parse(statement, strlen(statement), &st, &err) == 0);
	CHECK_STR(st.slot, "SRE Lead");
	pm_statement_format(&st, &again);
	CHECK_STR(again.ptr, statement);
	pm_statement_release(&st);
	for (i = 0; i < sizeof(breaks) / sizeof(breaks[0]); i++) {
		struct pm_buf b = PM_BUF_INIT;
		const char *at = strstr(statement, breaks[i][0]);
		pm_buf_add(&b, statement, (size_t)(at - statement));
		pm_buf_adds(&b, breaks[i][1]);
		pm_buf_adds(&b, at + strlen(breaks[i][0]));
		CHECK(pm_statement_parse(b.ptr, b.len, &st, &err) == PM_EFORMAT);
		pm_buf_release(&b);
	}
	CHECK(pm_statement_parse(statement, strlen(statement) - 1, &st, &err) == PM_EFORMAT);
	pm_buf_sets(&again, statement);
	pm_buf_adds(&again, "extra: line\n");
	CHECK(pm_statement_parse(again.ptr, again.len, &st, &err) == PM_EFORMAT);
	pm_buf_release(&again);
	pm_error_release(&err);
}

static void records_read_back_also_with_crlf(void)
{
	struct pm_buf file = PM_BUF_INIT, crlf = PM_BUF_INIT;
	struct pm_record r = PM_RECORD_INIT;
	struct pm_error err = PM_ERROR_INIT;
	size_t i;

	CHECK(pm_record_encode(statement, PM_SSHSIG_BEGIN "\nAAAA\n" PM_SSHSIG_END "\n", &file, &err) == 0);
	CHECK(!strncmp(file.ptr, "statement: |\n  pmgit-signoff-v1\n", 32));
	CHECK(pm_record_parse(&r, "r.yaml", file.ptr, file.len, &err) == 0);
	CHECK_STR(r.statement.ptr, statement);
	for (i = 0; i < file.len; i++) {
		if (file.ptr[i] == '\n')
			pm_buf_addch(&crlf, '\r');
		pm_buf_addch(&crlf, file.ptr[i]);
	}
	CHECK(pm_record_parse(&r, "r.yaml", crlf.ptr, crlf.len, &err) == 0);
	CHECK_STR(r.statement.ptr, statement);
	CHECK(pm_record_parse(&r, "r.yaml", "statement: x\n", 13, &err) == PM_EFORMAT);
	CHECK(pm_record_parse(&r, "r.yaml", "statement: x\nsignature: [1]\n", 28, &err) == PM_EFORMAT);
	pm_record_release(&r);
	pm_buf_release(&file);
	pm_buf_release(&crlf);
	pm_error_release(&err);
}

static const char policy_st[] =
	"pmgit-policy-v1\n"
	"version: 2\n"
	"config-sha256: 7bd40167e26a90e8e4e697c8577c6b4c22c234d4d53eab331f81b2db1107105a\n"
	"keyring-sha256: 5172e2ac4e907061cfce0281b69ce81e0787afea021353e9c9dd75e118547e60\n"
	"threshold: 2\n"
	"admin: alice@example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKOO7klVnhiqcWdcW0F2nmpRLPaahvflFFjSOKX6i5bd\n"
	"admin: bob@example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK8znNrpd/3NHbOJgXPrsx5r7DlSUbAc+UV7+6E0nU/q\n"
	"previous: none\n"
	"signer: alice@example.com\n"
	"key: SHA256:Q0n7NBtfZpsBrAC7HWFTmqDtcym4/TSvo1hkDSXu3zQ\n"
	"time: 2026-11-29T16:25:43Z\n";

/* policy_st with `from` replaced by `to`: must not parse, saying `why`. */
static int policy_refuses(const char *from, const char *to, const char *why)
{
	struct pm_buf b = PM_BUF_INIT;
	struct pm_policy_statement st;
	struct pm_error err = PM_ERROR_INIT;
	const char *at = strstr(policy_st, from);
	int ok;

	if (!at)
		return 0;
	pm_buf_add(&b, policy_st, (size_t)(at - policy_st));
	pm_buf_adds(&b, to);
	pm_buf_adds(&b, at + strlen(from));
	ok = pm_policy_statement_parse(b.ptr, b.len, &st, &err) == PM_EFORMAT &&
	     strstr(err.msg.ptr, why) != NULL;
	pm_buf_release(&b);
	pm_error_release(&err);
	return ok;
}

static void policy_statements_parse_strictly_and_format_back(void)
{
	struct pm_policy_statement st;
	struct pm_buf again = PM_BUF_INIT;

	CHECK(pm_policy_statement_parse(policy_st, strlen(policy_st), &st, NULL) == 0);
	CHECK(st.version == 2 && st.threshold == 2 && st.nr_admins == 2);
	CHECK_STR(st.admins[1].principal, "bob@example.com");
	CHECK_STR(st.previous, "none");
	pm_policy_version_format(&st, &again);
	pm_policy_signer_format(st.signer, st.key, st.time, &again);
	CHECK_STR(again.ptr, policy_st);
	CHECK(st.version_len == (size_t)(strstr(policy_st, "signer:") - policy_st));
	pm_policy_statement_release(&st);
	pm_buf_release(&again);

	CHECK(policy_refuses("version: 2", "version: 02", "'version:'"));
	CHECK(policy_refuses("version: 2", "version: 0", "'version:'"));
	CHECK(policy_refuses("threshold: 2", "threshold: 3", "threshold above"));
	CHECK(policy_refuses("admin: alice", "admin: carol", "not sorted"));
	CHECK(policy_refuses("previous: none", "previous: None", "'previous:'"));
	CHECK(policy_refuses("SOKX6i5bd\n", "SOKX6\n", "as pmgit writes it"));
	CHECK(policy_refuses("time: 2026-11-29T16:25:43Z\n", "time: 2026-11-29T16:25:43Z\nx\n", "after its 'time:'"));
	CHECK(policy_refuses("config-sha256: 7b", "config-sha256: 7B", "file hashes"));
}

void unit_record(void)
{
	RUN(policy_statements_parse_strictly_and_format_back);
	RUN(statements_parse_strictly_and_format_back);
	RUN(records_read_back_also_with_crlf);
}
