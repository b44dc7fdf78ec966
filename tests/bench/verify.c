/*
 * The limit for `pmgit verify`: only the unavoidable work, on all cores.
 * For every postmortem under DIR/postmortems: read it, SHA-256 it; for
 * each of its sign-off records: read it, take the statement and the
 * signature out of it, and verify the Ed25519 signature over the SSHSIG
 * signed data with libsodium. No policy, no keyring, no parsing beyond
 * finding the two blocks.
 *
 *   bench-verify DIR THREADS     prints "N documents, M signatures, K bad"
 */
#include <dirent.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fsutil.h"
#include "keys.h"
#include "sshsig.h"

static struct pm_strlist docs;
static size_t next_doc, sigs, bad;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static const char *root;

/* The lines after `key: |` with their two-space indent removed. */
static void block(const char *text, const char *key, const char *stop, struct pm_buf *out)
{
	const char *p = strstr(text, key), *end;

	pm_buf_reset(out);
	if (!p)
		return;
	p = strchr(p, '\n') + 1;
	end = stop ? strstr(p, stop) : p + strlen(p);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		pm_buf_add(out, p + 2, n > 2 ? n - 2 : 0);
		p += n;
	}
}

static int verify_record(const char *path)
{
	struct pm_buf rec = PM_BUF_INIT, st = PM_BUF_INIT, armor = PM_BUF_INIT, blob = PM_BUF_INIT;
	struct pm_buf data = PM_BUF_INIT;
	unsigned char h[crypto_hash_sha512_BYTES];
	const unsigned char *pk, *sig;
	const char *b, *e;
	int ok = 0;

	if (pm_read_file(path, 1 << 16, &rec, NULL))
		goto done;
	block(rec.ptr, "statement: |", "signature: |", &st);
	block(rec.ptr, "signature: |", NULL, &armor);
	b = strchr(armor.ptr, '\n');
	e = strstr(armor.ptr, "-----END");
	if (!b || !e || pm_base64_decode(&blob, b + 1, (size_t)(e - b - 1)) || blob.len < 150)
		goto done;
	/* SSHSIG: magic(6) version(4) string pubkey(4+51) ... string sigblob(4+83) at the end */
	pk = (const unsigned char *)blob.ptr + 6 + 4 + 4 + 19;
	sig = (const unsigned char *)blob.ptr + blob.len - 64;
	crypto_hash_sha512(h, (const unsigned char *)st.ptr, st.len);
	pm_buf_add(&data, "SSHSIG", 6);
	pm_buf_add(&data, "\0\0\0\15pmgit-signoff\0\0\0\0\0\0\0\6sha512\0\0\0\100", 35);
	pm_buf_add(&data, h, sizeof(h));
	ok = crypto_sign_verify_detached(sig, (const unsigned char *)data.ptr, data.len, pk) == 0;
done:
	pm_buf_release(&rec);
	pm_buf_release(&st);
	pm_buf_release(&armor);
	pm_buf_release(&blob);
	pm_buf_release(&data);
	return ok;
}

static void *worker(void *arg)
{
	struct pm_buf path = PM_BUF_INIT, doc = PM_BUF_INIT;
	unsigned char h[crypto_hash_sha256_BYTES];
	size_t my_sigs = 0, my_bad = 0;

	(void)arg;
	for (;;) {
		size_t i;
		DIR *d;
		struct dirent *e;

		pthread_mutex_lock(&lock);
		i = next_doc++;
		pthread_mutex_unlock(&lock);
		if (i >= docs.nr)
			break;
		pm_buf_reset(&path);
		pm_buf_addf(&path, "%s/postmortems/%s", root, docs.items[i]);
		if (pm_read_file(path.ptr, 8 << 20, &doc, NULL) == 0)
			crypto_hash_sha256(h, (const unsigned char *)doc.ptr, doc.len);
		pm_buf_setlen(&path, path.len - 3);
		pm_buf_adds(&path, ".signoffs");
		d = opendir(path.ptr);
		while (d && (e = readdir(d))) {
			struct pm_buf rec = PM_BUF_INIT;
			if (e->d_name[0] == '.')
				continue;
			pm_buf_addf(&rec, "%s/%s", path.ptr, e->d_name);
			my_sigs++;
			my_bad += !verify_record(rec.ptr);
			pm_buf_release(&rec);
		}
		if (d)
			closedir(d);
	}
	pthread_mutex_lock(&lock);
	sigs += my_sigs;
	bad += my_bad;
	pthread_mutex_unlock(&lock);
	pm_buf_release(&path);
	pm_buf_release(&doc);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[64];
	struct pm_buf dir = PM_BUF_INIT;
	DIR *d;
	struct dirent *e;
	int i, n;

	if (argc != 3 || sodium_init() < 0)
		return 2;
	root = argv[1];
	n = atoi(argv[2]);
	if (n < 1 || n > 64)
		n = 1;
	pm_buf_addf(&dir, "%s/postmortems", root);
	d = opendir(dir.ptr);
	while (d && (e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l > 3 && !strcmp(e->d_name + l - 3, ".md"))
			pm_strlist_add(&docs, e->d_name);
	}
	if (d)
		closedir(d);
	for (i = 0; i < n; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	printf("%zu documents, %zu signatures, %zu bad\n", docs.nr, sigs, bad);
	pm_strlist_release(&docs);
	pm_buf_release(&dir);
	return bad ? 1 : 0;
}
