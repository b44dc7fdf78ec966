#ifndef PM_SSHSIG_H
#define PM_SSHSIG_H

#include <stddef.h>

#include "buf.h"
#include "error.h"
#include "keys.h"

/*
 * OpenSSH signatures (PROTOCOL.sshsig) with ssh-ed25519 keys, or the
 * sk-ssh-ed25519 keys of FIDO security keys (PROTOCOL.u2f), and sha512,
 * byte for byte what `ssh-keygen -Y sign` writes and `-Y verify` reads.
 */

#define PM_SSHSIG_MAGIC "SSHSIG"
#define PM_SSHSIG_VERSION 1
#define PM_SSHSIG_HASH "sha512"
#define PM_SSHSIG_BEGIN "-----BEGIN SSH SIGNATURE-----"
#define PM_SSHSIG_END "-----END SSH SIGNATURE-----"
#define PM_SSHSIG_MAX_ARMOR 8192

struct pm_sshsig {
	struct pm_pubkey key;
	char namespace_[128];
	struct pm_sig sig;
};

/*
 * Something that can sign `data` with the key `pub`: a key file or an
 * agent (which holds security keys too).
 */
struct pm_signer {
	struct pm_pubkey pub;
	int (*sign)(struct pm_signer *s, const unsigned char *data, size_t len,
		    struct pm_sig *sig, struct pm_error *err);
	void *data;
};

/*
 * Does sig, by key, sign data? A security key's signature covers
 * SHA-256(application) || flags || counter || SHA-256(data), and counts
 * only when the key says someone touched it (user presence): a sign-off
 * is a person's act. (ssh-keygen -Y verify of OpenSSH 9.2 does not look
 * at the flags.)
 */
int pm_sig_check(const struct pm_pubkey *key, const struct pm_sig *sig,
		 const unsigned char *data, size_t len);
/* What a security key signs: SHA-256(application) || flags || counter || SHA-256(data). */
#define PM_SK_MESSAGE_LEN (32 + 1 + 4 + 32)
void pm_sig_sk_message(const struct pm_pubkey *key, unsigned char flags, uint32_t counter,
		       const unsigned char *data, size_t len,
		       unsigned char out[PM_SK_MESSAGE_LEN]);
/* Appends the armored SSHSIG of sig, by pub, under namespace ns. */
void pm_sshsig_armor(const struct pm_pubkey *pub, const char *ns, const struct pm_sig *sig,
		     struct pm_buf *out);
/* Reads a signature blob of key's type (strict: no trailing bytes): 0 or -1. */
int pm_sig_from_blob(const struct pm_pubkey *key, const unsigned char *blob, size_t len,
		     struct pm_sig *out);

/* A signer over a loaded secret key (which must outlive it). */
void pm_signer_from_seckey(struct pm_signer *s, struct pm_seckey *k);

/* The bytes Ed25519 signs: "SSHSIG" || ns || "" || "sha512" || H(msg). */
void pm_sshsig_signed_data(struct pm_buf *out, const char *ns,
			   const void *msg, size_t len);

/*
 * Signs msg under namespace ns and appends the armored signature (LF
 * line ends, base64 wrapped at 70 columns) to out. The signature is
 * verified before it is returned, so a faulty signer cannot produce a
 * record that does not verify.
 */
int pm_sshsig_sign(struct pm_signer *s, const char *ns, const void *msg,
		   size_t len, struct pm_buf *out, struct pm_error *err);

/*
 * Decodes an armored signature. Strict: exactly one armor block with
 * nothing but blanks around it, version 1, hash sha512, an ssh-ed25519
 * key and signature, no trailing bytes. Returns 0 or PM_EFORMAT with a
 * message that says what is wrong (without a file name).
 */
int pm_sshsig_decode(const char *armor, size_t len, struct pm_sshsig *out,
		     struct pm_error *err);

/*
 * Checks sig over msg for namespace ns: 0 if it verifies, else PM_EREJECT
 * with the reason ("namespace 'x', expected 'y'", "bad signature").
 */
int pm_sshsig_verify(const struct pm_sshsig *sig, const char *ns,
		     const void *msg, size_t len, struct pm_error *err);

#endif
