#include "sshsig.h"

#include <sodium.h>
#include <string.h>

#include "wire.h"

#include "banned.h"

static int seckey_sign(struct pm_signer *s, const unsigned char *data,
		       size_t len, struct pm_sig *sig, struct pm_error *err)
{
	(void)err;
	memset(sig, 0, sizeof(*sig));
	pm_seckey_sign(s->data, data, len, sig->bytes);
	return 0;
}

void pm_sig_sk_message(const struct pm_pubkey *key, unsigned char flags, uint32_t counter,
		       const unsigned char *data, size_t len,
		       unsigned char out[PM_SK_MESSAGE_LEN])
{
	crypto_hash_sha256(out, (const unsigned char *)key->app, strlen(key->app));
	out[32] = flags;
	out[33] = (unsigned char)(counter >> 24);
	out[34] = (unsigned char)(counter >> 16);
	out[35] = (unsigned char)(counter >> 8);
	out[36] = (unsigned char)counter;
	crypto_hash_sha256(out + 37, data, len);
}

int pm_sig_check(const struct pm_pubkey *key, const struct pm_sig *sig,
		 const unsigned char *data, size_t len)
{
	unsigned char m[PM_SK_MESSAGE_LEN];

	if (!key->fido)
		return crypto_sign_verify_detached(sig->bytes, data, len, key->pk) == 0;
	if (!(sig->flags & PM_SK_USER_PRESENT))
		return 0;
	pm_sig_sk_message(key, sig->flags, sig->counter, data, len, m);
	return crypto_sign_verify_detached(sig->bytes, m, sizeof(m), key->pk) == 0;
}

/* The signature blob: string type, string signature[, byte flags, uint32 counter] */
static void put_sigblob(struct pm_buf *out, const struct pm_pubkey *key, const struct pm_sig *sig)
{
	pm_wire_put_cstring(out, key->fido ? PM_SK_KEY_TYPE : PM_KEY_TYPE);
	pm_wire_put_string(out, sig->bytes, PM_ED25519_SIG);
	if (key->fido) {
		pm_wire_put_u8(out, sig->flags);
		pm_wire_put_u32(out, sig->counter);
	}
}

int pm_sig_from_blob(const struct pm_pubkey *key, const unsigned char *blob, size_t len,
		     struct pm_sig *out)
{
	struct pm_wire r;
	const unsigned char *s;
	size_t slen;

	memset(out, 0, sizeof(*out));
	pm_wire_init(&r, blob, len);
	if (pm_wire_expect(&r, key->fido ? PM_SK_KEY_TYPE : PM_KEY_TYPE) ||
	    pm_wire_string(&r, &s, &slen) || slen != PM_ED25519_SIG)
		return -1;
	if (key->fido && (pm_wire_u8(&r, &out->flags) || pm_wire_u32(&r, &out->counter)))
		return -1;
	if (r.left)
		return -1;
	memcpy(out->bytes, s, PM_ED25519_SIG);
	return 0;
}

void pm_signer_from_seckey(struct pm_signer *s, struct pm_seckey *k)
{
	s->pub = k->pub;
	s->sign = seckey_sign;
	s->data = k;
}

void pm_sshsig_signed_data(struct pm_buf *out, const char *ns,
			   const void *msg, size_t len)
{
	unsigned char h[crypto_hash_sha512_BYTES];

	crypto_hash_sha512(h, msg, len);
	pm_buf_add(out, PM_SSHSIG_MAGIC, 6);
	pm_wire_put_cstring(out, ns);
	pm_wire_put_string(out, "", 0);
	pm_wire_put_cstring(out, PM_SSHSIG_HASH);
	pm_wire_put_string(out, h, sizeof(h));
}

int pm_sshsig_sign(struct pm_signer *s, const char *ns, const void *msg,
		   size_t len, struct pm_buf *out, struct pm_error *err)
{
	struct pm_buf data = PM_BUF_INIT;
	struct pm_sig sig;
	int ret;

	pm_sshsig_signed_data(&data, ns, msg, len);
	if ((ret = s->sign(s, (const unsigned char *)data.ptr, data.len, &sig, err)))
		goto done;
	if (s->pub.fido && !(sig.flags & PM_SK_USER_PRESENT)) {
		ret = pm_error_set(err, PM_EKEY,
				   "the security key signed without being touched (no user presence); such a sign-off counts for nothing: sign again and touch the key");
		goto done;
	}
	if (!pm_sig_check(&s->pub, &sig, (const unsigned char *)data.ptr, data.len)) {
		ret = pm_error_set(err, PM_EKEY,
				   "the signature made by the key does not verify; the key or agent is faulty");
		goto done;
	}
	pm_sshsig_armor(&s->pub, ns, &sig, out);
done:
	pm_buf_release(&data);
	return ret;
}

void pm_sshsig_armor(const struct pm_pubkey *pub, const char *ns, const struct pm_sig *sig,
		     struct pm_buf *out)
{
	struct pm_buf blob = PM_BUF_INIT, key = PM_BUF_INIT;
	struct pm_buf sigblob = PM_BUF_INIT, b64 = PM_BUF_INIT;
	size_t i;

	pm_pubkey_blob(pub, &key);
	put_sigblob(&sigblob, pub, sig);

	pm_buf_add(&blob, PM_SSHSIG_MAGIC, 6);
	pm_wire_put_u32(&blob, PM_SSHSIG_VERSION);
	pm_wire_put_string(&blob, key.ptr, key.len);
	pm_wire_put_cstring(&blob, ns);
	pm_wire_put_string(&blob, "", 0);
	pm_wire_put_cstring(&blob, PM_SSHSIG_HASH);
	pm_wire_put_string(&blob, sigblob.ptr, sigblob.len);

	pm_base64_encode(&b64, blob.ptr, blob.len);
	pm_buf_adds(out, PM_SSHSIG_BEGIN "\n");
	for (i = 0; i < b64.len; i += 70) {
		pm_buf_add(out, b64.ptr + i, b64.len - i < 70 ? b64.len - i : 70);
		pm_buf_addch(out, '\n');
	}
	pm_buf_adds(out, PM_SSHSIG_END "\n");
	pm_buf_release(&blob);
	pm_buf_release(&key);
	pm_buf_release(&sigblob);
	pm_buf_release(&b64);
}

static const char *skip_space(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
		s++;
	return s;
}

int pm_sshsig_decode(const char *armor, size_t len, struct pm_sshsig *out,
		     struct pm_error *err)
{
	const char *end = armor + len, *s, *body, *stop;
	struct pm_buf bin = PM_BUF_INIT;
	struct pm_wire r;
	const unsigned char *magic, *key, *ns, *reserved, *hash, *sigblob;
	size_t klen, nslen, rlen, hlen, sblen;
	uint32_t version;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	if (len > PM_SSHSIG_MAX_ARMOR)
		return pm_error_set(err, PM_EFORMAT, "the signature is too long");
	s = skip_space(armor, end);
	if ((size_t)(end - s) < strlen(PM_SSHSIG_BEGIN) ||
	    memcmp(s, PM_SSHSIG_BEGIN, strlen(PM_SSHSIG_BEGIN)))
		return pm_error_set(err, PM_EFORMAT,
				    "the signature does not start with '" PM_SSHSIG_BEGIN "'");
	body = s + strlen(PM_SSHSIG_BEGIN);
	for (stop = body; stop + strlen(PM_SSHSIG_END) <= end; stop++)
		if (!memcmp(stop, PM_SSHSIG_END, strlen(PM_SSHSIG_END)))
			break;
	if (stop + strlen(PM_SSHSIG_END) > end)
		return pm_error_set(err, PM_EFORMAT,
				    "the signature has no '" PM_SSHSIG_END "' line (truncated?)");
	if (skip_space(stop + strlen(PM_SSHSIG_END), end) != end)
		return pm_error_set(err, PM_EFORMAT,
				    "text after the end of the signature");
	if (pm_base64_decode(&bin, body, (size_t)(stop - body))) {
		ret = pm_error_set(err, PM_EFORMAT, "the signature is not valid base64");
		goto done;
	}

	pm_wire_init(&r, bin.ptr, bin.len);
	if (pm_wire_raw(&r, &magic, 6) || memcmp(magic, PM_SSHSIG_MAGIC, 6)) {
		ret = pm_error_set(err, PM_EFORMAT, "not an SSH signature (no SSHSIG magic)");
		goto done;
	}
	if (pm_wire_u32(&r, &version) || version != PM_SSHSIG_VERSION) {
		ret = pm_error_set(err, PM_EFORMAT,
				   "SSH signature version %u; pmgit reads version 1",
				   (unsigned)version);
		goto done;
	}
	if (pm_wire_string(&r, &key, &klen) || pm_wire_string(&r, &ns, &nslen) ||
	    pm_wire_string(&r, &reserved, &rlen) ||
	    pm_wire_string(&r, &hash, &hlen) ||
	    pm_wire_string(&r, &sigblob, &sblen)) {
		ret = pm_error_set(err, PM_EFORMAT, "the signature is truncated");
		goto done;
	}
	if (r.left) {
		ret = pm_error_set(err, PM_EFORMAT,
				   "%zu unexpected bytes after the signature", r.left);
		goto done;
	}
	if (pm_pubkey_from_blob(key, klen, &out->key)) {
		ret = pm_error_set(err, PM_EFORMAT,
				   "the signature's key is not an ssh-ed25519 or sk-ssh-ed25519 key");
		goto done;
	}
	if (!nslen || nslen >= sizeof(out->namespace_) || memchr(ns, 0, nslen)) {
		ret = pm_error_set(err, PM_EFORMAT, "the signature's namespace is malformed");
		goto done;
	}
	memcpy(out->namespace_, ns, nslen);
	out->namespace_[nslen] = '\0';
	if (hlen != strlen(PM_SSHSIG_HASH) || memcmp(hash, PM_SSHSIG_HASH, hlen)) {
		ret = pm_error_set(err, PM_EFORMAT,
				   "the signature uses hash '%.*s'; pmgit accepts sha512",
				   (int)(hlen > 20 ? 20 : hlen), (const char *)hash);
		goto done;
	}
	if (pm_sig_from_blob(&out->key, sigblob, sblen, &out->sig)) {
		ret = pm_error_set(err, PM_EFORMAT,
				   "the signature blob is not an %s signature",
				   out->key.fido ? PM_SK_KEY_TYPE : PM_KEY_TYPE);
		goto done;
	}
	(void)reserved;
done:
	pm_buf_release(&bin);
	return ret;
}

int pm_sshsig_verify(const struct pm_sshsig *sig, const char *ns,
		     const void *msg, size_t len, struct pm_error *err)
{
	struct pm_buf data = PM_BUF_INIT;
	int ok;

	if (strcmp(sig->namespace_, ns))
		return pm_error_set(err, PM_EREJECT,
				    "signed for namespace '%s', not '%s'",
				    sig->namespace_, ns);
	pm_sshsig_signed_data(&data, ns, msg, len);
	ok = pm_sig_check(&sig->key, &sig->sig, (const unsigned char *)data.ptr, data.len);
	pm_buf_release(&data);
	if (!ok && sig->key.fido && !(sig->sig.flags & PM_SK_USER_PRESENT))
		return pm_error_set(err, PM_EREJECT,
				    "the security key signed without being touched (its user-presence flag is not set); pmgit counts a sign-off only when someone touched the key, although ssh-keygen -Y verify does not check that flag");
	return ok ? 0 : pm_error_set(err, PM_EREJECT,
				     "the signature does not match the statement");
}
