#ifndef PM_AGENT_H
#define PM_AGENT_H

#include "error.h"
#include "keys.h"
#include "sshsig.h"

/*
 * A client of ssh-agent (PROTOCOL.agent): list identities and sign with
 * one, so that keys the agent holds (passphrase-protected ones) can sign
 * without pmgit seeing them. Only ssh-ed25519 keys: a security key's
 * sk-ssh-ed25519 signatures are another format. Every reply is treated as hostile: bounded
 * at 256 KiB, parsed with bounds checks, and a signature is verified
 * before it is used.
 */

#define PM_AGENT_MAX_REPLY (256 * 1024)

struct pm_agent {
	int fd;
	struct pm_pubkey *keys; /* the agent's ed25519 identities */
	size_t nr_keys;
};

#define PM_AGENT_INIT { -1, NULL, 0 }

/* Connects to $SSH_AUTH_SOCK (or `sock` if not NULL) and lists keys. */
int pm_agent_open(struct pm_agent *a, const char *sock, struct pm_error *err);
void pm_agent_close(struct pm_agent *a);

/* Parses an identities answer (SSH_AGENT_IDENTITIES_ANSWER payload). */
int pm_agent_parse_identities(struct pm_agent *a, const unsigned char *msg,
			      size_t len, struct pm_error *err);
/* Parses a sign response payload, a signature by `key`, into sig; PM_EKEY if refused. */
int pm_agent_parse_signature(const unsigned char *msg, size_t len,
			     const struct pm_pubkey *key, struct pm_sig *sig,
			     struct pm_error *err);

/* A signer that asks the agent to sign with `key` (one of a->keys). */
void pm_signer_from_agent(struct pm_signer *s, struct pm_agent *a,
			  const struct pm_pubkey *key);

#endif
