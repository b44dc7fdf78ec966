/*
 * What a FIDO security key does, in software, for the tests (no device
 * can be plugged in here): an sk-ssh-ed25519 key from a seed, and SSHSIG
 * signatures with the flags and counter the key would sign along.
 *
 *   sk-sign pub SEED APP                  the key's OpenSSH public line
 *   sk-sign sign SEED APP FLAGS COUNTER NAMESPACE < message > armored signature
 *
 * SEED is any text (hashed into the Ed25519 seed). ssh-keygen -Y verify
 * checks what this writes, so the tests hold pmgit to OpenSSH's reading.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "keys.h"
#include "sshsig.h"

/* The SSHSIG a security key's signature makes, with the flags and counter given. */
static void sk_sshsig(const unsigned char *sk, const struct pm_pubkey *pub, unsigned char flags,
		      uint32_t counter, const char *ns, const struct pm_buf *msg, struct pm_buf *out)
{
	struct pm_buf data = PM_BUF_INIT;
	unsigned char m[PM_SK_MESSAGE_LEN];
	struct pm_sig sig;

	pm_sshsig_signed_data(&data, ns, msg->ptr ? msg->ptr : "", msg->len);
	pm_sig_sk_message(pub, flags, counter, (const unsigned char *)data.ptr, data.len, m);
	crypto_sign_detached(sig.bytes, NULL, m, sizeof(m), sk);
	sig.flags = flags;
	sig.counter = counter;
	pm_sshsig_armor(pub, ns, &sig, out);
	pm_buf_release(&data);
}

static void usage(void)
{
	fputs("usage: sk-sign pub SEED APP | sk-sign sign SEED APP FLAGS COUNTER NAMESPACE\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	struct pm_pubkey pub;
	struct pm_buf out = PM_BUF_INIT, msg = PM_BUF_INIT;
	unsigned char seed[32], sk[crypto_sign_SECRETKEYBYTES];
	char chunk[4096];
	size_t n;

	if (argc < 4 || sodium_init() < 0 || strlen(argv[3]) > PM_SK_APP_MAX)
		usage();
	crypto_hash_sha256(seed, (const unsigned char *)argv[2], strlen(argv[2]));
	memset(&pub, 0, sizeof(pub));
	crypto_sign_seed_keypair(pub.pk, sk, seed);
	pub.fido = 1;
	memcpy(pub.app, argv[3], strlen(argv[3]) + 1);
	if (!strcmp(argv[1], "pub") && argc == 4) {
		pm_pubkey_format(&pub, "security key", &out);
		printf("%s\n", out.ptr);
		pm_buf_release(&out);
		return 0;
	}
	if (strcmp(argv[1], "sign") || argc != 7)
		usage();
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		pm_buf_add(&msg, chunk, n);
	sk_sshsig(sk, &pub, (unsigned char)strtoul(argv[4], NULL, 0),
		  (uint32_t)strtoul(argv[5], NULL, 0), argv[6], &msg, &out);
	fputs(out.ptr, stdout);
	pm_buf_release(&out);
	pm_buf_release(&msg);
	return 0;
}
