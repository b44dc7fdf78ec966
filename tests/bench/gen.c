/*
 * Makes synthetic postmortem repositories for the benchmarks, fast.
 *
 *   bench-gen docs DIR N M     N postmortems of 10-30 KB in DIR (a git
 *                              repository with .pmgit/ already), each with M
 *                              valid sign-offs (M <= 4), in the working tree
 *   bench-gen history N FILES  a git fast-import stream on stdout: a first
 *                              commit with FILES source files and 100
 *                              postmortems, then N commits that each change
 *                              one to three files, one in twenty of them a
 *                              postmortem (a Draft, so every commit is valid)
 *
 * The documents are tests/fixtures/complete.md with their own IDs and a
 * detailed timeline of varying length; keys are derived from fixed seeds,
 * so the same arguments give the same bytes.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "canon.h"
#include "error.h"
#include "fsutil.h"
#include "keys.h"
#include "record.h"
#include "sshsig.h"
#include "template.h"

static const char *const slots[4][3] = {
	{ "Engineering Manager", "reviewer", "em" },
	{ "SRE Lead", "reviewer", "sre" },
	{ "Product Manager", "reviewer", "pm" },
	{ "VP Engineering", "approver", "vp" },
};

static struct pm_seckey keys[4];

static void die(const char *what)
{
	fprintf(stderr, "bench-gen: %s\n", what);
	exit(2);
}

static void make_keys(void)
{
	int i;

	for (i = 0; i < 4; i++) {
		unsigned char seed[32];
		memset(seed, 'a' + i, sizeof(seed));
		keys[i].sk = sodium_malloc(PM_ED25519_SK);
		memset(&keys[i].pub, 0, sizeof(keys[i].pub));
		crypto_sign_seed_keypair(keys[i].pub.pk, keys[i].sk, seed);
	}
}

static void write_file(const char *dir, const char *rel, const struct pm_buf *b)
{
	struct pm_buf path = PM_BUF_INIT;
	FILE *f;

	pm_buf_addf(&path, "%s/%s", dir, rel);
	f = fopen(path.ptr, "wb");
	if (!f || fwrite(b->ptr, 1, b->len, f) != b->len || fclose(f))
		die(path.ptr);
	pm_buf_release(&path);
}

/* A postmortem: the complete fixture with its own ID and `extra` timeline entries. */
static void make_doc(struct pm_buf *out, const char *fixture, size_t flen, const char *id,
		     const char *status, unsigned extra)
{
	const char *at = strstr(fixture, "**09:45 UTC**");
	unsigned i;

	pm_buf_reset(out);
	pm_buf_add(out, fixture, (size_t)(at - fixture));
	for (i = 0; i < extra; i++) {
		/* between the fixture's 09:12 and 09:45 entries, in order as check asks */
		unsigned t = 12 * 60 + i * (33 * 60) / extra;
		pm_buf_addf(out,
			    "**09:%02u:%02u UTC** - Investigation step %u of incident %s\n"
			    "- Responders compared the gateway logs of region %u with the certificate inventory\n"
			    "- The handshake error rate in that region stayed at %u.%u%% during the step\n"
			    "- Nothing was changed in production while this was checked\n\n",
			    t / 60, t % 60, i + 1, id, i % 7, 30 + i % 11, i % 10);
	}
	pm_buf_add(out, at, flen - (size_t)(at - fixture));
	/* the fixture's own ID and Status become this document's */
	{
		char *p;
		while ((p = strstr(out->ptr, "INC-2026-0042")))
			memcpy(p, id, 13);
		p = strstr(out->ptr, "**Status**: In Review");
		if (p) {
			struct pm_buf t = PM_BUF_INIT;
			pm_buf_add(&t, out->ptr, (size_t)(p - out->ptr));
			pm_buf_addf(&t, "**Status**: %s", status);
			pm_buf_adds(&t, p + strlen("**Status**: In Review"));
			pm_buf_release(out);
			*out = t;
		}
	}
}

static void sign_doc(const char *dir, const char *id, const struct pm_buf *doc, int m)
{
	struct pm_buf rel = PM_BUF_INIT, st = PM_BUF_INIT, sig = PM_BUF_INIT, rec = PM_BUF_INIT;
	struct pm_buf fp = PM_BUF_INIT, signer = PM_BUF_INIT;
	struct pm_error err = PM_ERROR_INIT;
	char hash[PM_HASH_HEX];
	int k;

	pm_canon_hash(doc->ptr, doc->len, hash);
	pm_buf_addf(&rel, "%s/postmortems/%s.signoffs", dir, id);
	mkdir(rel.ptr, 0777);
	for (k = 0; k < m; k++) {
		struct pm_statement s;
		struct pm_signer sg;

		pm_buf_reset(&fp);
		pm_buf_reset(&signer);
		pm_buf_reset(&st);
		pm_buf_reset(&sig);
		pm_buf_reset(&rec);
		pm_buf_reset(&rel);
		pm_pubkey_fingerprint(&keys[k].pub, &fp);
		pm_buf_addf(&signer, "%s@example.com", slots[k][2]);
		s.incident = (char *)id;
		s.doc_sha256 = hash;
		s.slot = (char *)slots[k][0];
		s.role = (char *)slots[k][1];
		s.signer = signer.ptr;
		s.key = fp.ptr;
		s.time = (char *)"2026-02-12T10:00:00Z";
		pm_statement_format(&s, &st);
		pm_signer_from_seckey(&sg, &keys[k]);
		if (pm_sshsig_sign(&sg, PM_SIGNOFF_NAMESPACE, st.ptr, st.len, &sig, &err) ||
		    pm_record_encode(st.ptr, sig.ptr, &rec, &err))
			die(err.msg.ptr);
		pm_buf_addf(&rel, "postmortems/%s.signoffs/", id);
		pm_record_filename(&rel, slots[k][0], signer.ptr);
		write_file(dir, rel.ptr, &rec);
	}
	pm_buf_release(&rel);
	pm_buf_release(&st);
	pm_buf_release(&sig);
	pm_buf_release(&rec);
	pm_buf_release(&fp);
	pm_buf_release(&signer);
	pm_error_release(&err);
}

static void write_keyring(const char *dir)
{
	struct pm_buf kr = PM_BUF_INIT, line = PM_BUF_INIT;
	int k;

	pm_buf_adds(&kr, "version: 1\npeople:\n");
	for (k = 0; k < 4; k++) {
		pm_buf_reset(&line);
		pm_pubkey_format(&keys[k].pub, NULL, &line);
		pm_buf_addf(&kr, "  - principal: %s@example.com\n    keys: [ \"%s\" ]\n    slots: [ %s ]\n",
			    slots[k][2], line.ptr, slots[k][0]);
	}
	pm_buf_adds(&kr, "revoked: []\n");
	write_file(dir, ".pmgit/keyring.yaml", &kr);
	pm_buf_release(&kr);
	pm_buf_release(&line);
}

static void gen_docs(const char *dir, long n, int m, const char *fixture, size_t flen)
{
	struct pm_buf doc = PM_BUF_INIT, rel = PM_BUF_INIT, id = PM_BUF_INIT;
	long i;

	write_keyring(dir);
	for (i = 0; i < n; i++) {
		pm_buf_reset(&id);
		pm_buf_addf(&id, "INC-%04ld-%04ld", 2000 + i / 9999, i % 9999 + 1);
		/* 10 to 30 KB: the fixture is about 10 KB, an entry about 330 bytes */
		make_doc(&doc, fixture, flen, id.ptr, m >= 3 ? "Final" : "In Review",
			 9 + (unsigned)(i * 7919 % 62));
		pm_buf_reset(&rel);
		pm_buf_addf(&rel, "postmortems/%s.md", id.ptr);
		write_file(dir, rel.ptr, &doc);
		if (m)
			sign_doc(dir, id.ptr, &doc, m);
	}
	pm_buf_release(&doc);
	pm_buf_release(&rel);
	pm_buf_release(&id);
}

/* fast-import: a blob inline */
static void fi_file(const char *path, const char *data, size_t len)
{
	printf("M 100644 inline %s\ndata %zu\n", path, len);
	fwrite(data, 1, len, stdout);
	printf("\n");
}

/* postmortem INC-2025-<k+1> as a Draft, its body varied by `variant` */
static void fi_doc(const char *fixture, size_t flen, long k, unsigned variant)
{
	struct pm_buf doc = PM_BUF_INIT, path = PM_BUF_INIT, id = PM_BUF_INIT;

	pm_buf_addf(&id, "INC-2025-%04ld", k + 1);
	make_doc(&doc, fixture, flen, id.ptr, "Draft", variant);
	pm_buf_addf(&path, "postmortems/%s.md", id.ptr);
	fi_file(path.ptr, doc.ptr, doc.len);
	pm_buf_release(&doc);
	pm_buf_release(&path);
	pm_buf_release(&id);
}

/* source file k as first committed (change 0) or as changed by commit `change` */
static void fi_source(long k, long change)
{
	struct pm_buf path = PM_BUF_INIT, body = PM_BUF_INIT;

	pm_buf_addf(&path, "src/mod%02ld/file%04ld.c", k % 40, k);
	if (change)
		pm_buf_addf(&body, "/* file %ld, change %ld */\nint f%ld(void) { return %ld; }\n",
			    k, change, k, change);
	else
		pm_buf_addf(&body, "/* file %ld */\nint f%ld(void) { return %ld; }\n", k, k, k);
	fi_file(path.ptr, body.ptr, body.len);
	pm_buf_release(&path);
	pm_buf_release(&body);
}

static void gen_history(long commits, long files, const char *fixture, size_t flen)
{
	unsigned long rng = 12345;
	long c, i;

	printf("commit refs/heads/main\nmark :1\n"
	       "author Bench <bench@example.com> 1771000000 +0000\n"
	       "committer Bench <bench@example.com> 1771000000 +0000\ndata 5\nbase\n");
	fi_file(".pmgit/config.yaml", pm_builtin_config, pm_builtin_config_len);
	for (i = 0; i < files; i++)
		fi_source(i, 0);
	for (i = 0; i < 100; i++)
		fi_doc(fixture, flen, i, (unsigned)(i % 40));
	for (c = 2; c <= commits; c++) {
		int touched = 1 + (int)(rng % 3), t;
		printf("commit refs/heads/main\nmark :%ld\n"
		       "author Bench <bench@example.com> %ld +0000\n"
		       "committer Bench <bench@example.com> %ld +0000\ndata 7\nchange\nfrom :%ld\n",
		       c, 1771000000 + c * 60, 1771000000 + c * 60, c - 1);
		for (t = 0; t < touched; t++) {
			rng = rng * 6364136223846793005UL + 1442695040888963407UL;
			if (t == 0 && c % 20 == 0)
				fi_doc(fixture, flen, (long)((rng >> 33) % 100), (unsigned)(c % 50));
			else
				fi_source((long)((rng >> 33) % (unsigned long)files), c);
		}
	}
}

int main(int argc, char **argv)
{
	struct pm_buf fixture = PM_BUF_INIT;
	struct pm_error err = PM_ERROR_INIT;

	if (argc < 4 || pm_crypto_init(&err))
		die("usage: bench-gen docs DIR N M | history COMMITS FILES");
	if (pm_read_file("tests/fixtures/complete.md", 1 << 20, &fixture, &err))
		die("run from the project root (tests/fixtures/complete.md)");
	make_keys();
	if (!strcmp(argv[1], "docs") && argc == 5)
		gen_docs(argv[2], atol(argv[3]), atoi(argv[4]), fixture.ptr, fixture.len);
	else if (!strcmp(argv[1], "history"))
		gen_history(atol(argv[2]), atol(argv[3]), fixture.ptr, fixture.len);
	else
		die("usage: bench-gen docs DIR N M | history COMMITS FILES");
	pm_buf_release(&fixture);
	return 0;
}
