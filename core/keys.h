#ifndef PM_KEYS_H
#define PM_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"

/*
 * Ed25519 keys as OpenSSH writes them, and pmgit's own secret-key file.
 *
 * Public keys: "ssh-ed25519 <base64 blob> [comment]", the 51-byte blob
 * (string "ssh-ed25519", string pk) and the fingerprint "SHA256:<base64
 * of SHA-256(blob), no padding>", exactly as ssh-keygen -l prints it.
 *
 * Secret keys live in sodium_malloc'd memory, guarded and wiped on free.
 * Key files are read only when neither group nor others can read them.
 */

#define PM_ED25519_PK 32
#define PM_ED25519_SK 64 /* seed || pk, libsodium's layout */
#define PM_ED25519_SIG 64
#define PM_KEY_BLOB_LEN 51
#define PM_KEY_TYPE "ssh-ed25519"
#define PM_CERT_TYPE "ssh-ed25519-cert-v01@openssh.com"
/* A FIDO security key's Ed25519 key (PROTOCOL.u2f): its blob adds the application. */
#define PM_SK_KEY_TYPE "sk-ssh-ed25519@openssh.com"
#define PM_SK_APP_MAX 63
#define PM_SK_CERT_TYPE "sk-ssh-ed25519-cert-v01@openssh.com"
/* The flag a security key sets when someone touched it (user presence). */
#define PM_SK_USER_PRESENT 0x01
#define PM_KEYFILE_MAGIC "pmgit-key-v1"
#define PM_KEYFILE_BEGIN "-----BEGIN PMGIT PRIVATE KEY-----"
#define PM_KEYFILE_END "-----END PMGIT PRIVATE KEY-----"
#define PM_OPENSSH_BEGIN "-----BEGIN OPENSSH PRIVATE KEY-----"
#define PM_OPENSSH_END "-----END OPENSSH PRIVATE KEY-----"
#define PM_OPENSSH_MAGIC "openssh-key-v1"
/* Key files larger than this are not key files. */
#define PM_KEYFILE_MAX 65536

struct pm_pubkey {
	unsigned char pk[PM_ED25519_PK];
	unsigned char fido;              /* sk-ssh-ed25519: a FIDO security key's */
	char app[PM_SK_APP_MAX + 1];     /* its application ("ssh:"); "" otherwise */
};

/*
 * A signature as SSH carries it: Ed25519's 64 bytes, and for a security
 * key (sk-ssh-ed25519) the flags and counter the key signed along.
 */
struct pm_sig {
	unsigned char bytes[PM_ED25519_SIG];
	unsigned char flags;
	uint32_t counter;
};

/* Are a and b the same key (type, key and application)? */
int pm_pubkey_equal(const struct pm_pubkey *a, const struct pm_pubkey *b);

/* Call once before anything else here (sodium_init). */
int pm_crypto_init(struct pm_error *err);

/*
 * Parses an OpenSSH public-key line, ssh-ed25519 or sk-ssh-ed25519 (a
 * FIDO security key). `name` labels messages (a file and line, or
 * "--key"). Other key types are refused with advice.
 */
int pm_pubkey_parse(const char *line, struct pm_pubkey *out, const char *name,
		    struct pm_error *err);
/*
 * The key an OpenSSH ed25519 certificate line ("ssh-ed25519-cert-v01@...",
 * or a security key's "sk-ssh-ed25519-cert-v01@...") certifies, and the
 * line's comment; -1 if the line is no such certificate.
 * The CA's signature is not checked: the keyring, not a CA, decides who
 * may sign. pm_pubkey_parse refuses certificates, naming the key to give.
 */
int pm_pubkey_from_cert(const char *line, struct pm_pubkey *out,
			struct pm_buf *comment);
/*
 * An RFC 4716 public key ("---- BEGIN SSH2 PUBLIC KEY ----", as PuTTYgen
 * and 'ssh-keygen -e' write it) as the OpenSSH line of the same key, its
 * Comment header as the line's comment, into `line`. 0 done; -1 the text
 * is no such key; 1 it starts as one but does not read (`line` holds why).
 */
int pm_pubkey_from_rfc4716(const char *text, struct pm_buf *line);
int pm_pubkey_from_blob(const unsigned char *blob, size_t len,
			struct pm_pubkey *out);
void pm_pubkey_blob(const struct pm_pubkey *k, struct pm_buf *out);
/* Appends "SHA256:..." */
void pm_pubkey_fingerprint(const struct pm_pubkey *k, struct pm_buf *out);
/* Appends "ssh-ed25519 AAAA... [comment]" */
void pm_pubkey_format(const struct pm_pubkey *k, const char *comment,
		      struct pm_buf *out);

/* Standard base64 (with padding) of data, appended to out. */
void pm_base64_encode(struct pm_buf *out, const void *data, size_t len);
/* Decodes base64, ignoring blanks and newlines; -1 if malformed. */
int pm_base64_decode(struct pm_buf *out, const char *s, size_t len);

struct pm_seckey {
	unsigned char *sk; /* PM_ED25519_SK bytes, sodium_malloc'd */
	struct pm_pubkey pub;
};

#define PM_SECKEY_INIT { NULL, { { 0 }, 0, { 0 } } }

/*
 * Asks for a passphrase; fills `out` (sodium_malloc'd by the callee,
 * NUL-terminated) and returns 0, or returns a PM_E* code with err set.
 */
typedef int (*pm_passphrase_fn)(void *data, const char *prompt, int confirm,
				char **out, struct pm_error *err);
void pm_passphrase_free(char *pass);

int pm_seckey_generate(struct pm_seckey *k);
/*
 * Loads a pmgit key file or an unencrypted OpenSSH ed25519 key. Refuses a
 * file readable by group or others, a symlink, and an encrypted OpenSSH
 * key (with the advice to use the agent). `ask` is called only for an
 * encrypted pmgit key.
 */
int pm_seckey_load(struct pm_seckey *k, const char *path, pm_passphrase_fn ask,
		   void *ask_data, struct pm_error *err);
/* The same, from bytes already read; `path` labels messages. */
int pm_seckey_parse(struct pm_seckey *k, const char *data, size_t len,
		    const char *path, pm_passphrase_fn ask, void *ask_data,
		    struct pm_error *err);
/*
 * Whether `path` is a passphrase-protected OpenSSH private key, which
 * pmgit cannot decrypt (its cipher is not libsodium's): such a key signs
 * through ssh-agent. Reads only the file's first armored line.
 */
int pm_key_needs_agent(const char *path);
/*
 * The public key an OpenSSH private key file holds in the clear (also
 * when the private half is passphrase-protected): 0, or -1 when the file
 * is no such key with one ed25519 key.
 */
int pm_openssh_public(const char *path, struct pm_pubkey *out);
/*
 * Serialises k as a pmgit key file, encrypted under `passphrase` with
 * Argon2id and XSalsa20-Poly1305 unless it is NULL.
 */
int pm_seckey_encode(const struct pm_seckey *k, const char *passphrase,
		     const char *comment, struct pm_buf *out,
		     struct pm_error *err);
void pm_seckey_sign(const struct pm_seckey *k, const unsigned char *data,
		    size_t len, unsigned char sig[PM_ED25519_SIG]);
void pm_seckey_release(struct pm_seckey *k);

#endif
