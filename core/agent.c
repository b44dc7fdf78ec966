#include "agent.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "wire.h"

#include "banned.h"

#define SSH_AGENT_FAILURE 5
#define SSH_AGENTC_REQUEST_IDENTITIES 11
#define SSH_AGENT_IDENTITIES_ANSWER 12
#define SSH_AGENTC_SIGN_REQUEST 13
#define SSH_AGENT_SIGN_RESPONSE 14
#define AGENT_TIMEOUT_MS 30000

static int io_all(int fd, void *buf, size_t len, int writing)
{
	char *p = buf;

	while (len) {
		struct pollfd pfd = { fd, writing ? POLLOUT : POLLIN, 0 };
		ssize_t n;

		if (poll(&pfd, 1, AGENT_TIMEOUT_MS) <= 0)
			return -1;
		n = writing ? write(fd, p, len) : read(fd, p, len);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Sends one message and reads one reply into `reply`. */
static int roundtrip(struct pm_agent *a, const struct pm_buf *msg,
		     struct pm_buf *reply, struct pm_error *err)
{
	struct pm_buf frame = PM_BUF_INIT;
	unsigned char hdr[4];
	uint32_t len;
	int ret = 0;

	pm_wire_put_string(&frame, msg->ptr, msg->len);
	if (io_all(a->fd, frame.ptr, frame.len, 1) || io_all(a->fd, hdr, 4, 0)) {
		ret = pm_error_set(err, PM_EKEY, "ssh-agent stopped answering");
		goto done;
	}
	len = (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 |
	      (uint32_t)hdr[2] << 8 | hdr[3];
	if (len == 0 || len > PM_AGENT_MAX_REPLY) {
		ret = pm_error_set(err, PM_EKEY,
				   "ssh-agent sent a reply of %u bytes; refusing it",
				   (unsigned)len);
		goto done;
	}
	pm_buf_reset(reply);
	pm_buf_grow(reply, len);
	if (io_all(a->fd, reply->ptr, len, 0)) {
		ret = pm_error_set(err, PM_EKEY, "ssh-agent's reply was cut short");
		goto done;
	}
	pm_buf_setlen(reply, len);
done:
	pm_buf_release(&frame);
	return ret;
}

int pm_agent_parse_identities(struct pm_agent *a, const unsigned char *msg,
			      size_t len, struct pm_error *err)
{
	struct pm_wire r;
	uint8_t type;
	uint32_t n, i;
	size_t alloc = 0;

	free(a->keys);
	a->keys = NULL;
	a->nr_keys = 0;
	pm_wire_init(&r, msg, len);
	if (pm_wire_u8(&r, &type) || type != SSH_AGENT_IDENTITIES_ANSWER ||
	    pm_wire_u32(&r, &n))
		return pm_error_set(err, PM_EKEY,
				    "ssh-agent did not list its keys (reply type %u)",
				    (unsigned)(len ? msg[0] : 0));
	for (i = 0; i < n; i++) {
		const unsigned char *blob, *comment;
		size_t blen, clen;
		struct pm_pubkey k;

		if (pm_wire_string(&r, &blob, &blen) ||
		    pm_wire_string(&r, &comment, &clen))
			return pm_error_set(err, PM_EKEY,
					    "ssh-agent's list of keys is malformed");
		if (pm_pubkey_from_blob(blob, blen, &k))
			continue; /* not ed25519: not ours to use */
		PM_ALLOC_GROW(a->keys, a->nr_keys + 1, alloc);
		a->keys[a->nr_keys++] = k;
	}
	if (r.left)
		return pm_error_set(err, PM_EKEY,
				    "ssh-agent's list of keys has trailing bytes");
	return 0;
}

int pm_agent_parse_signature(const unsigned char *msg, size_t len,
			     const struct pm_pubkey *key, struct pm_sig *sig,
			     struct pm_error *err)
{
	struct pm_wire r;
	const unsigned char *blob;
	size_t blen;
	uint8_t type;

	pm_wire_init(&r, msg, len);
	if (pm_wire_u8(&r, &type))
		return pm_error_set(err, PM_EKEY, "ssh-agent sent an empty reply");
	if (type != SSH_AGENT_SIGN_RESPONSE)
		return pm_error_set(err, PM_EKEY,
				    key->fido ? "ssh-agent refused to sign (reply %u); touch the security key when it blinks, and check that it is plugged in and still loaded ('ssh-add -l')"
					      : "ssh-agent refused to sign (reply %u); is the key still loaded and confirmed?",
				    (unsigned)type);
	if (pm_wire_string(&r, &blob, &blen) || r.left)
		return pm_error_set(err, PM_EKEY, "ssh-agent's signature is malformed");
	if (pm_sig_from_blob(key, blob, blen, sig))
		return pm_error_set(err, PM_EKEY,
				    "ssh-agent's signature is not an %s signature",
				    key->fido ? PM_SK_KEY_TYPE : PM_KEY_TYPE);
	return 0;
}

int pm_agent_open(struct pm_agent *a, const char *sock, struct pm_error *err)
{
	struct sockaddr_un addr;
	struct pm_buf msg = PM_BUF_INIT, reply = PM_BUF_INIT;
	int ret;

	a->fd = -1;
	a->keys = NULL;
	a->nr_keys = 0;
	if (!sock)
		sock = getenv("SSH_AUTH_SOCK");
	if (!sock || !*sock)
		return pm_error_set(err, PM_EKEY,
				    "no ssh-agent: SSH_AUTH_SOCK is not set; start one with 'eval \"$(ssh-agent)\"' and 'ssh-add', or sign with --key");
	if (strlen(sock) >= sizeof(addr.sun_path))
		return pm_error_set(err, PM_EKEY, "SSH_AUTH_SOCK '%s' is too long", sock);
	memset(&addr, 0, sizeof(addr));
	addr.sun_family = AF_UNIX;
	memcpy(addr.sun_path, sock, strlen(sock));
	a->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (a->fd < 0 || connect(a->fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		ret = pm_error_set(err, PM_EKEY,
				   "cannot reach ssh-agent at '%s': %s; is the agent running?",
				   sock, strerror(errno));
		pm_agent_close(a);
		return ret;
	}
	pm_wire_put_u8(&msg, SSH_AGENTC_REQUEST_IDENTITIES);
	ret = roundtrip(a, &msg, &reply, err);
	if (!ret)
		ret = pm_agent_parse_identities(a, (const unsigned char *)reply.ptr,
						reply.len, err);
	pm_buf_release(&msg);
	pm_buf_release(&reply);
	if (ret)
		pm_agent_close(a);
	return ret;
}

void pm_agent_close(struct pm_agent *a)
{
	if (a->fd >= 0)
		close(a->fd);
	a->fd = -1;
	free(a->keys);
	a->keys = NULL;
	a->nr_keys = 0;
}

static int agent_sign(struct pm_signer *s, const unsigned char *data,
		      size_t len, struct pm_sig *sig, struct pm_error *err)
{
	struct pm_agent *a = s->data;
	struct pm_buf msg = PM_BUF_INIT, blob = PM_BUF_INIT, reply = PM_BUF_INIT;
	int ret;

	pm_pubkey_blob(&s->pub, &blob);
	pm_wire_put_u8(&msg, SSH_AGENTC_SIGN_REQUEST);
	pm_wire_put_string(&msg, blob.ptr, blob.len);
	pm_wire_put_string(&msg, data, len);
	pm_wire_put_u32(&msg, 0);
	ret = roundtrip(a, &msg, &reply, err);
	if (!ret)
		ret = pm_agent_parse_signature((const unsigned char *)reply.ptr,
					       reply.len, &s->pub, sig, err);
	pm_buf_release(&msg);
	pm_buf_release(&blob);
	pm_buf_release(&reply);
	return ret;
}

void pm_signer_from_agent(struct pm_signer *s, struct pm_agent *a,
			  const struct pm_pubkey *key)
{
	s->pub = *key;
	s->sign = agent_sign;
	s->data = a;
}
