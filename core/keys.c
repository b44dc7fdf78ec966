#include "keys.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "text.h"
#include "wire.h"

#include "banned.h"

/* Argon2id limits a key file may ask for: a hostile file must not hang us. */
#define MAX_OPSLIMIT 16
#define MAX_MEMLIMIT_KIB (1024u * 1024u)
#define SALT_LEN crypto_pwhash_SALTBYTES

int pm_crypto_init(struct pm_error *err)
{
	if (sodium_init() < 0)
		return pm_error_set(err, PM_ERROR, "cannot initialise libsodium");
	return 0;
}

void pm_base64_encode(struct pm_buf *out, const void *data, size_t len)
{
	size_t n = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);

	pm_buf_grow(out, n);
	sodium_bin2base64(out->ptr + out->len, n, data, len,
			  sodium_base64_VARIANT_ORIGINAL);
	pm_buf_setlen(out, out->len + n - 1);
}

int pm_base64_decode(struct pm_buf *out, const char *s, size_t len)
{
	size_t n = 0;
	const char *end = NULL;

	pm_buf_grow(out, len / 4 * 3 + 3);
	if (sodium_base642bin((unsigned char *)out->ptr + out->len,
			      out->alloc - out->len - 1, s, len, " \t\r\n", &n,
			      &end, sodium_base64_VARIANT_ORIGINAL) < 0)
		return -1;
	if (end != s + len)
		return -1;
	pm_buf_setlen(out, out->len + n);
	return 0;
}

static const char *key_type(const struct pm_pubkey *k)
{
	return k->fido ? PM_SK_KEY_TYPE : PM_KEY_TYPE;
}

int pm_pubkey_equal(const struct pm_pubkey *a, const struct pm_pubkey *b)
{
	return !memcmp(a->pk, b->pk, PM_ED25519_PK) && a->fido == b->fido &&
	       !strcmp(a->app, b->app);
}

void pm_pubkey_blob(const struct pm_pubkey *k, struct pm_buf *out)
{
	pm_wire_put_cstring(out, key_type(k));
	pm_wire_put_string(out, k->pk, PM_ED25519_PK);
	if (k->fido)
		pm_wire_put_cstring(out, k->app);
}

int pm_pubkey_from_blob(const unsigned char *blob, size_t len,
			struct pm_pubkey *out)
{
	struct pm_wire r;
	const unsigned char *type, *pk, *app = NULL;
	size_t tlen, n, alen = 0;
	int sk;

	pm_wire_init(&r, blob, len);
	if (pm_wire_string(&r, &type, &tlen))
		return -1;
	sk = tlen == strlen(PM_SK_KEY_TYPE) && !memcmp(type, PM_SK_KEY_TYPE, tlen);
	if (!sk && (tlen != strlen(PM_KEY_TYPE) || memcmp(type, PM_KEY_TYPE, tlen)))
		return -1;
	if (pm_wire_string(&r, &pk, &n) || n != PM_ED25519_PK)
		return -1;
	/* the application: printable, as OpenSSH makes it ("ssh:" and what follows) */
	if (sk && (pm_wire_string(&r, &app, &alen) || !alen || alen > PM_SK_APP_MAX ||
		   memchr(app, 0, alen)))
		return -1;
	if (r.left)
		return -1;
	memset(out, 0, sizeof(*out));
	memcpy(out->pk, pk, PM_ED25519_PK);
	out->fido = (unsigned char)sk;
	if (sk)
		memcpy(out->app, app, alen);
	return 0;
}

void pm_pubkey_fingerprint(const struct pm_pubkey *k, struct pm_buf *out)
{
	struct pm_buf blob = PM_BUF_INIT;
	unsigned char h[crypto_hash_sha256_BYTES];

	pm_pubkey_blob(k, &blob);
	crypto_hash_sha256(h, (const unsigned char *)blob.ptr, blob.len);
	pm_buf_adds(out, "SHA256:");
	pm_base64_encode(out, h, sizeof(h));
	while (out->len && out->ptr[out->len - 1] == '=')
		pm_buf_setlen(out, out->len - 1);
	pm_buf_release(&blob);
}

void pm_pubkey_format(const struct pm_pubkey *k, const char *comment,
		      struct pm_buf *out)
{
	struct pm_buf blob = PM_BUF_INIT;

	pm_pubkey_blob(k, &blob);
	pm_buf_addf(out, "%s ", key_type(k));
	pm_base64_encode(out, blob.ptr, blob.len);
	if (comment && *comment) {
		pm_buf_addch(out, ' ');
		pm_buf_adds(out, comment);
	}
	pm_buf_release(&blob);
}

/* A certificate names the key it certifies: "...-cert.pub" beside "....pub". */
static int cert_refused(const char *name, struct pm_error *err)
{
	size_t n = strlen(name), suffix = strlen("-cert.pub");

	if (n > suffix && !strcmp(name + n - suffix, "-cert.pub"))
		return pm_error_set(err, PM_EFORMAT,
				    "%s: an OpenSSH certificate, not a key; give the key it certifies ('%.*s.pub')",
				    name, (int)(n - suffix), name);
	return pm_error_set(err, PM_EFORMAT,
			    "%s: an OpenSSH certificate, not a key; give the key it certifies (its .pub file)",
			    name);
}

int pm_pubkey_from_cert(const char *line, struct pm_pubkey *out,
			struct pm_buf *comment)
{
	struct pm_buf blob = PM_BUF_INIT;
	struct pm_wire r;
	const unsigned char *nonce, *pk, *app = NULL;
	const char *type = PM_CERT_TYPE;
	size_t tlen = strlen(PM_CERT_TYPE), len, n, alen = 0;
	int ret = -1, fido = 0;

	while (*line == ' ' || *line == '\t')
		line++;
	if (!strncmp(line, PM_SK_CERT_TYPE, strlen(PM_SK_CERT_TYPE))) {
		type = PM_SK_CERT_TYPE;
		tlen = strlen(PM_SK_CERT_TYPE);
		fido = 1;
	}
	if (strncmp(line, type, tlen) || (line[tlen] != ' ' && line[tlen] != '\t'))
		return -1;
	line += tlen;
	while (*line == ' ' || *line == '\t')
		line++;
	len = strcspn(line, " \t\r\n");
	if (!len || pm_base64_decode(&blob, line, len))
		goto done;
	/* string type, string nonce, string pk[, string application], then the CA's fields */
	pm_wire_init(&r, blob.ptr, blob.len);
	if (pm_wire_expect(&r, type) || pm_wire_string(&r, &nonce, &n) ||
	    pm_wire_string(&r, &pk, &n) || n != PM_ED25519_PK)
		goto done;
	if (fido &&
	    (pm_wire_string(&r, &app, &alen) || !alen || alen > PM_SK_APP_MAX || memchr(app, 0, alen)))
		goto done;
	memset(out, 0, sizeof(*out));
	memcpy(out->pk, pk, PM_ED25519_PK);
	if (app) {
		out->fido = 1;
		memcpy(out->app, app, alen);
	}
	line += len;
	while (*line == ' ' || *line == '\t')
		line++;
	pm_buf_sets(comment, line);
	pm_buf_rtrim(comment);
	ret = 0;
done:
	pm_buf_release(&blob);
	return ret;
}

#define RFC4716_BEGIN "---- BEGIN SSH2 PUBLIC KEY ----"
#define RFC4716_END "---- END SSH2 PUBLIC KEY ----"

int pm_pubkey_from_rfc4716(const char *text, struct pm_buf *line)
{
	struct pm_buf b64 = PM_BUF_INIT, blob = PM_BUF_INIT, comment = PM_BUF_INIT;
	const char *p = text, *nl;
	const unsigned char *type;
	size_t tlen, i;
	int header = 1, cont = 0, in_comment = 0, ended = 0, ret = 1;
	struct pm_wire r;

	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (strncmp(p, RFC4716_BEGIN, strlen(RFC4716_BEGIN)))
		return -1;
	for (p = strchr(p, '\n'); p && !ended; p = nl) {
		size_t n;
		const char *colon;

		p++;
		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n >= strlen(RFC4716_END) && !strncmp(p, RFC4716_END, strlen(RFC4716_END))) {
			ended = 1;
		} else if (cont || (header && (colon = memchr(p, ':', n)))) {
			/* a header ("Comment: ..."), continued with a backslash at the end */
			int more = n && p[n - 1] == '\\';
			if (!cont) {
				in_comment = colon - p == 7 && !strncasecmp(p, "Comment", 7);
				n -= (size_t)(colon + 1 - p);
				p = colon + 1;
				while (n && (*p == ' ' || *p == '\t'))
					p++, n--;
			}
			if (in_comment)
				pm_buf_add(&comment, p, n - (size_t)more);
			cont = more;
		} else if (n) {
			header = 0;
			pm_buf_add(&b64, p, n);
		}
	}
	if (!ended || !b64.len || pm_base64_decode(&blob, b64.ptr, b64.len)) {
		pm_buf_sets(line, ended ? "its key is not base64" : "it has no '" RFC4716_END "' line");
		goto done;
	}
	pm_wire_init(&r, blob.ptr, blob.len);
	if (pm_wire_string(&r, &type, &tlen) || !tlen || tlen > 64) {
		pm_buf_sets(line, "its key does not name a key type");
		goto done;
	}
	for (i = 0; i < tlen; i++)
		if (type[i] <= ' ' || type[i] >= 0x7f) {
			pm_buf_sets(line, "its key does not name a key type");
			goto done;
		}
	/* a quoted comment is written without its quotes */
	if (comment.len >= 2 && comment.ptr[0] == '"' && comment.ptr[comment.len - 1] == '"') {
		memmove(comment.ptr, comment.ptr + 1, comment.len - 2);
		pm_buf_setlen(&comment, comment.len - 2);
	}
	for (i = 0; i < comment.len; i++)
		if ((unsigned char)comment.ptr[i] < ' ')
			comment.ptr[i] = ' ';
	pm_buf_reset(line);
	pm_buf_add(line, type, tlen);
	pm_buf_addch(line, ' ');
	pm_base64_encode(line, blob.ptr, blob.len);
	if (comment.len) {
		pm_buf_addch(line, ' ');
		pm_buf_add(line, comment.ptr, comment.len);
	}
	ret = 0;
done:
	pm_buf_release(&b64);
	pm_buf_release(&blob);
	pm_buf_release(&comment);
	return ret;
}

int pm_pubkey_parse(const char *line, struct pm_pubkey *out, const char *name,
		    struct pm_error *err)
{
	struct pm_buf blob = PM_BUF_INIT;
	const char *s = line, *type, *b64;
	size_t tlen, blen;
	int ret = 0, plain, fido;

	while (*s == ' ' || *s == '\t')
		s++;
	type = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	tlen = (size_t)(s - type);
	while (*s == ' ' || *s == '\t')
		s++;
	b64 = s;
	while (*s && *s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
		s++;
	blen = (size_t)(s - b64);

	if (!tlen)
		return pm_error_set(err, PM_EFORMAT,
				    "%s: no public key; give an OpenSSH line such as 'ssh-ed25519 AAAAC3Nza...'",
				    name);
	plain = tlen == strlen(PM_KEY_TYPE) && !memcmp(type, PM_KEY_TYPE, tlen);
	fido = tlen == strlen(PM_SK_KEY_TYPE) && !memcmp(type, PM_SK_KEY_TYPE, tlen);
	if (!plain && !fido && (strstr(line, " " PM_KEY_TYPE " ") || strstr(line, " " PM_SK_KEY_TYPE " ")))
		return pm_error_set(err, PM_EFORMAT,
				    "%s: the line starts with '%.*s', as %s; give the key alone: 'ssh-ed25519 AAAAC3Nza... comment'",
				    name, (int)(tlen > 40 ? 40 : tlen), type,
				    memchr(type, '@', tlen) && !memchr(type, '=', tlen)
					    ? "allowed_signers lines do (the principal first)"
					    : "authorized_keys lines with options do");
	if ((tlen == strlen(PM_CERT_TYPE) && !memcmp(type, PM_CERT_TYPE, tlen)) ||
	    (tlen == strlen(PM_SK_CERT_TYPE) && !memcmp(type, PM_SK_CERT_TYPE, tlen)))
		return cert_refused(name, err);
	if (!plain && !fido)
		return pm_error_set(err, PM_EFORMAT,
				    "%s: '%.*s' keys are not supported; pmgit signs with ed25519 keys, in a file or on a FIDO security key (make one with 'pmgit keygen', 'ssh-keygen -t ed25519' or 'ssh-keygen -t ed25519-sk')",
				    name, (int)(tlen > 40 ? 40 : tlen), type);
	if (!blen || pm_base64_decode(&blob, b64, blen) ||
	    pm_pubkey_from_blob((const unsigned char *)blob.ptr, blob.len, out) ||
	    out->fido != fido)
		ret = pm_error_set(err, PM_EFORMAT,
				   "%s: the %s key is not valid base64 of such a key; copy the whole line of the .pub file",
				   name, fido ? PM_SK_KEY_TYPE : PM_KEY_TYPE);
	pm_buf_release(&blob);
	return ret;
}

void pm_passphrase_free(char *pass)
{
	if (pass)
		sodium_free(pass);
}

static int secure_alloc(struct pm_seckey *k)
{
	k->sk = sodium_malloc(PM_ED25519_SK);
	return k->sk ? 0 : -1;
}

int pm_seckey_generate(struct pm_seckey *k)
{
	if (secure_alloc(k))
		return PM_ERROR;
	memset(&k->pub, 0, sizeof(k->pub));
	crypto_sign_keypair(k->pub.pk, k->sk);
	return 0;
}

void pm_seckey_release(struct pm_seckey *k)
{
	if (k->sk)
		sodium_free(k->sk); /* wipes before freeing */
	k->sk = NULL;
	sodium_memzero(&k->pub, sizeof(k->pub));
}

void pm_seckey_sign(const struct pm_seckey *k, const unsigned char *data,
		    size_t len, unsigned char sig[PM_ED25519_SIG])
{
	crypto_sign_detached(sig, NULL, data, len, k->sk);
}

/* Checks that the 64-byte secret key's public half is `pk`. */
static int consistent(const unsigned char *sk, const unsigned char *pk)
{
	unsigned char derived[PM_ED25519_PK];

	crypto_sign_ed25519_sk_to_pk(derived, sk);
	return sodium_memcmp(derived, pk, PM_ED25519_PK) == 0;
}

/*
 * Finds the base64 between `begin` and `end` armor lines and decodes it
 * into sodium_malloc'd memory (*out, *outlen). Returns 0, 1 if the armor
 * is not there, -1 if malformed.
 */
static int dearmor_secure(const char *data, size_t len, const char *begin,
			  const char *end, unsigned char **out, size_t *outlen)
{
	const char *b, *e, *body;
	size_t blen, cap;
	unsigned char *bin;
	const char *stop = NULL;

	*out = NULL;
	if (len < strlen(begin) || memcmp(data, begin, strlen(begin)))
		return 1;
	body = data + strlen(begin);
	b = body;
	e = NULL;
	for (; b + strlen(end) <= data + len; b++)
		if (!memcmp(b, end, strlen(end))) {
			e = b;
			break;
		}
	if (!e)
		return -1;
	blen = (size_t)(e - body);
	cap = blen / 4 * 3 + 3;
	bin = sodium_malloc(cap ? cap : 1);
	if (!bin)
		return -1;
	if (sodium_base642bin(bin, cap, body, blen, " \t\r\n", outlen, &stop,
			      sodium_base64_VARIANT_ORIGINAL) < 0 ||
	    stop != e) {
		sodium_free(bin);
		return -1;
	}
	*out = bin;
	return 0;
}

static int parse_openssh(struct pm_seckey *k, const unsigned char *bin,
			 size_t len, const char *path, struct pm_error *err)
{
	struct pm_wire r, priv;
	const unsigned char *magic, *cipher, *kdf, *kdfopt, *pubblob, *section;
	const unsigned char *pk, *sk, *comment;
	size_t clen, klen, olen, pblen, slen, pklen, sklen, cmlen;
	uint32_t nkeys, c1, c2;
	struct pm_pubkey pub;
	size_t i;

	pm_wire_init(&r, bin, len);
	if (pm_wire_raw(&r, &magic, sizeof(PM_OPENSSH_MAGIC)) ||
	    memcmp(magic, PM_OPENSSH_MAGIC, sizeof(PM_OPENSSH_MAGIC)))
		goto corrupt;
	if (pm_wire_string(&r, &cipher, &clen) || pm_wire_string(&r, &kdf, &klen) ||
	    pm_wire_string(&r, &kdfopt, &olen) || pm_wire_u32(&r, &nkeys))
		goto corrupt;
	if (clen != 4 || memcmp(cipher, "none", 4))
		return pm_error_set(err, PM_EKEY,
				    "'%s' is a passphrase-protected OpenSSH key; add it to your agent with 'ssh-add %s' and sign with --agent",
				    path, path);
	if (nkeys != 1)
		return pm_error_set(err, PM_EKEY,
				    "'%s' holds %u keys; pmgit reads files with one key",
				    path, nkeys);
	if (pm_wire_string(&r, &pubblob, &pblen) ||
	    pm_wire_string(&r, &section, &slen) || r.left)
		goto corrupt;
	if (pm_pubkey_from_blob(pubblob, pblen, &pub)) {
		struct pm_wire t;
		const unsigned char *type;
		size_t tlen;
		pm_wire_init(&t, pubblob, pblen);
		if (!pm_wire_string(&t, &type, &tlen))
			return pm_error_set(err, PM_EKEY,
					    "'%s' is an OpenSSH '%.*s' key; pmgit signs with ed25519 keys ('ssh-keygen -t ed25519')",
					    path, (int)(tlen > 40 ? 40 : tlen), type);
		goto corrupt;
	}
	if (pub.fido)
		return pm_error_set(err, PM_EKEY,
				    "'%s' is a FIDO security key's handle, which signs only on the key itself: add it to your agent with 'ssh-add %s' and sign with --agent",
				    path, path);
	pm_wire_init(&priv, section, slen);
	if (pm_wire_u32(&priv, &c1) || pm_wire_u32(&priv, &c2) || c1 != c2 ||
	    pm_wire_expect(&priv, PM_KEY_TYPE) ||
	    pm_wire_string(&priv, &pk, &pklen) || pklen != PM_ED25519_PK ||
	    pm_wire_string(&priv, &sk, &sklen) || sklen != PM_ED25519_SK ||
	    pm_wire_string(&priv, &comment, &cmlen))
		goto corrupt;
	for (i = 0; i < priv.left; i++)
		if (priv.p[i] != (unsigned char)(i + 1))
			goto corrupt;
	if (memcmp(pk, pub.pk, PM_ED25519_PK) || !consistent(sk, pk))
		goto corrupt;
	if (secure_alloc(k))
		return pm_error_set(err, PM_ERROR, "cannot allocate secure memory");
	memcpy(k->sk, sk, PM_ED25519_SK);
	k->pub = pub;
	return 0;
corrupt:
	return pm_error_set(err, PM_EKEY,
			    "'%s' is not a valid OpenSSH ed25519 private key; check the file or make a new key",
			    path);
}

static int parse_pmgit(struct pm_seckey *k, const unsigned char *bin,
		       size_t len, const char *path, pm_passphrase_fn ask,
		       void *ask_data, struct pm_error *err)
{
	struct pm_wire r, opt;
	const unsigned char *magic, *kdf, *kdfopt, *pubblob, *secret, *comment;
	const unsigned char *salt;
	size_t klen, olen, pblen, slen, cmlen;
	struct pm_pubkey pub;
	unsigned char *key = NULL, *plain = NULL;
	struct pm_buf prompt = PM_BUF_INIT;
	char *pass = NULL;
	int ret;

	pm_wire_init(&r, bin, len);
	if (pm_wire_raw(&r, &magic, sizeof(PM_KEYFILE_MAGIC)) ||
	    memcmp(magic, PM_KEYFILE_MAGIC, sizeof(PM_KEYFILE_MAGIC)) ||
	    pm_wire_string(&r, &kdf, &klen) || pm_wire_string(&r, &kdfopt, &olen) ||
	    pm_wire_string(&r, &pubblob, &pblen) ||
	    pm_wire_string(&r, &secret, &slen) ||
	    pm_wire_string(&r, &comment, &cmlen) || r.left ||
	    pm_pubkey_from_blob(pubblob, pblen, &pub))
		goto corrupt;

	if (klen == 4 && !memcmp(kdf, "none", 4)) {
		if (olen || slen != PM_ED25519_SK || !consistent(secret, pub.pk))
			goto corrupt;
		if (secure_alloc(k))
			return pm_error_set(err, PM_ERROR, "cannot allocate secure memory");
		memcpy(k->sk, secret, PM_ED25519_SK);
		k->pub = pub;
		return 0;
	}
	if (klen != 8 || memcmp(kdf, "argon2id", 8))
		goto corrupt;
	{
		uint32_t ops, mem_kib;
		size_t saltlen;

		pm_wire_init(&opt, kdfopt, olen);
		if (pm_wire_string(&opt, &salt, &saltlen) || saltlen != SALT_LEN ||
		    pm_wire_u32(&opt, &ops) || pm_wire_u32(&opt, &mem_kib) || opt.left)
			goto corrupt;
		if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > MAX_OPSLIMIT ||
		    mem_kib > MAX_MEMLIMIT_KIB ||
		    (size_t)mem_kib * 1024 < crypto_pwhash_MEMLIMIT_MIN)
			goto corrupt;
		if (slen != crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
				    PM_ED25519_SK)
			goto corrupt;
		if (!ask)
			return pm_error_set(err, PM_EKEY,
					    "'%s' is encrypted and no passphrase can be asked for; set PMGIT_PASSPHRASE",
					    path);
		pm_buf_addf(&prompt, "Enter passphrase for key '%s'", path);
		ret = ask(ask_data, prompt.ptr, 0, &pass, err);
		pm_buf_release(&prompt);
		if (ret)
			return pm_error_prefix(err, "'%s' is passphrase-protected", path);
		key = sodium_malloc(crypto_secretbox_KEYBYTES);
		plain = sodium_malloc(PM_ED25519_SK);
		if (!key || !plain) {
			ret = pm_error_set(err, PM_ERROR, "cannot allocate secure memory");
			goto done;
		}
		if (crypto_pwhash(key, crypto_secretbox_KEYBYTES, pass, strlen(pass),
				  salt, ops, (size_t)mem_kib * 1024,
				  crypto_pwhash_ALG_ARGON2ID13) < 0) {
			ret = pm_error_set(err, PM_ERROR,
					   "not enough memory to derive the key of '%s'", path);
			goto done;
		}
		if (crypto_secretbox_open_easy(plain,
					       secret + crypto_secretbox_NONCEBYTES,
					       slen - crypto_secretbox_NONCEBYTES,
					       secret, key) < 0) {
			ret = pm_error_set(err, PM_EKEY,
					   "wrong passphrase for '%s'", path);
			goto done;
		}
		if (!consistent(plain, pub.pk)) {
			ret = pm_error_set(err, PM_EKEY,
					   "'%s' is corrupt: its secret and public halves differ",
					   path);
			goto done;
		}
		if (secure_alloc(k)) {
			ret = pm_error_set(err, PM_ERROR, "cannot allocate secure memory");
			goto done;
		}
		memcpy(k->sk, plain, PM_ED25519_SK);
		k->pub = pub;
		ret = 0;
	}
done:
	if (key)
		sodium_free(key);
	if (plain)
		sodium_free(plain);
	pm_passphrase_free(pass);
	return ret;
corrupt:
	return pm_error_set(err, PM_EKEY,
			    "'%s' is not a valid pmgit key file; make a new key with 'pmgit keygen'",
			    path);
}

/* Does data start like an OpenSSH public key line (any key type)? */
static int looks_public(const char *data, size_t len)
{
	static const char *const prefixes[] = { "ssh-", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-" };
	size_t i;

	for (i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++)
		if (len > strlen(prefixes[i]) && !memcmp(data, prefixes[i], strlen(prefixes[i])))
			return 1;
	return 0;
}

static int public_not_private(const char *path, struct pm_error *err)
{
	return pm_error_set(err, PM_EKEY,
			    "'%s' is a public key; give the private key (the file without .pub), or sign with the key in your ssh-agent (--agent)",
			    path);
}

int pm_seckey_parse(struct pm_seckey *k, const char *data, size_t len,
		    const char *path, pm_passphrase_fn ask, void *ask_data,
		    struct pm_error *err)
{
	unsigned char *bin = NULL;
	size_t blen = 0;
	int r, ret;

	k->sk = NULL;
	if ((r = dearmor_secure(data, len, PM_KEYFILE_BEGIN, PM_KEYFILE_END, &bin,
				&blen)) == 0) {
		ret = parse_pmgit(k, bin, blen, path, ask, ask_data, err);
	} else if (r < 0) {
		ret = pm_error_set(err, PM_EKEY,
				   "'%s' is not a valid pmgit key file (bad armor); make a new key with 'pmgit keygen'",
				   path);
	} else if ((r = dearmor_secure(data, len, PM_OPENSSH_BEGIN, PM_OPENSSH_END,
				       &bin, &blen)) == 0) {
		ret = parse_openssh(k, bin, blen, path, err);
	} else if (r < 0) {
		ret = pm_error_set(err, PM_EKEY,
				   "'%s' is not a valid OpenSSH private key (bad armor)",
				   path);
	} else if (len >= 11 && !memcmp(data, "-----BEGIN ", 11)) {
		/* PEM: RSA, EC, DSA keys by their label; PKCS#8 as openssl writes any key */
		static const char *const types[][2] = {
			{ "-----BEGIN RSA ", "an RSA" }, { "-----BEGIN EC ", "an ECDSA" },
			{ "-----BEGIN DSA ", "a DSA" },
		};
		const char *what = NULL;
		size_t i;
		for (i = 0; i < sizeof(types) / sizeof(types[0]) && !what; i++)
			if (len >= strlen(types[i][0]) && !memcmp(data, types[i][0], strlen(types[i][0])))
				what = types[i][1];
		if (what)
			ret = pm_error_set(err, PM_EKEY,
					   "'%s' is %s key; pmgit signs with ed25519 keys: make one with 'pmgit keygen' or 'ssh-keygen -t ed25519'",
					   path, what);
		else
			ret = pm_error_set(err, PM_EKEY,
					   "'%s' is a PEM (PKCS#8) key, as openssl writes keys, which neither pmgit nor ssh-keygen reads; make an ed25519 key with 'pmgit keygen' or 'ssh-keygen -t ed25519'",
					   path);
	} else if (looks_public(data, len)) {
		ret = public_not_private(path, err);
	} else if (len >= 20 && !memcmp(data, "PuTTY-User-Key-File-", 20)) {
		/* PuTTY's own format (Windows users' keys): OpenSSH's is a conversion away */
		ret = pm_error_set(err, PM_EKEY,
				   "'%s' is a PuTTY private key (.ppk), which pmgit does not read; export it as an OpenSSH key ('puttygen %s -O private-openssh -o KEY', or PuTTYgen's Conversions > Export OpenSSH key) and give that file",
				   path, path);
	} else {
		ret = pm_error_set(err, PM_EKEY,
				   "'%s' is not a private key pmgit can read; use a key from 'pmgit keygen' or 'ssh-keygen -t ed25519'",
				   path);
	}
	if (bin)
		sodium_free(bin);
	return ret;
}

int pm_seckey_load(struct pm_seckey *k, const char *path, pm_passphrase_fn ask,
		   void *ask_data, struct pm_error *err)
{
	struct stat st;
	char *data;
	ssize_t n;
	size_t len = 0;
	int fd, ret;

	k->sk = NULL;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT) {
			struct pm_buf q = PM_BUF_INIT;
			int ret;
			pm_sh_arg(&q, path);
			ret = pm_error_set(err, PM_ENOTFOUND,
					   "no key at '%s'; make one with 'pmgit keygen -f %s', or name yours with --key",
					   path, q.ptr);
			pm_buf_release(&q);
			return ret;
		}
		if (errno == ELOOP)
			return pm_error_set(err, PM_EKEY,
					    "'%s' is a symbolic link; give the key file itself",
					    path);
		return pm_error_set(err, PM_EKEY, "cannot open key '%s': %s", path,
				    strerror(errno));
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return pm_error_set(err, PM_EKEY, "'%s' is not a regular file", path);
	}
	if (st.st_mode & 077) {
		/* a public key given by mistake is no secret: say what it is */
		char head[16];
		ssize_t got = pread(fd, head, sizeof(head), 0);
		close(fd);
		if (got > 0 && looks_public(head, (size_t)got))
			return public_not_private(path, err);
		return pm_error_set(err, PM_EKEY,
				    "key '%s' is readable by others (mode %04o); run 'chmod 600 %s'",
				    path, (unsigned)(st.st_mode & 07777), path);
	}
	if (st.st_size > PM_KEYFILE_MAX) {
		close(fd);
		return pm_error_set(err, PM_EKEY, "'%s' is too large to be a key file",
				    path);
	}
	data = sodium_malloc(PM_KEYFILE_MAX + 1);
	if (!data) {
		close(fd);
		return pm_error_set(err, PM_ERROR, "cannot allocate secure memory");
	}
	while (len < PM_KEYFILE_MAX &&
	       (n = read(fd, data + len, PM_KEYFILE_MAX - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			sodium_free(data);
			return pm_error_set(err, PM_EKEY, "cannot read '%s': %s", path,
					    strerror(errno));
		}
		len += (size_t)n;
	}
	close(fd);
	data[len] = '\0';
	ret = pm_seckey_parse(k, data, len, path, ask, ask_data, err);
	sodium_free(data);
	return ret;
}

int pm_key_needs_agent(const char *path)
{
	/*
	 * the first line of the armor holds the magic, the cipher and the
	 * KDF's name, never key material: read just that much
	 */
	char head[sizeof(PM_OPENSSH_BEGIN) + 80];
	unsigned char bin[64];
	const char *b64;
	size_t blen = 0, n;
	ssize_t got;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return 0;
	got = pread(fd, head, sizeof(head) - 1, 0);
	close(fd);
	if (got <= 0)
		return 0;
	head[got] = '\0';
	if (strncmp(head, PM_OPENSSH_BEGIN, strlen(PM_OPENSSH_BEGIN)))
		return 0;
	b64 = head + strlen(PM_OPENSSH_BEGIN);
	b64 += strspn(b64, "\r\n");
	n = strspn(b64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
	n -= n % 4;
	if (sodium_base642bin(bin, sizeof(bin), b64, n, NULL, &blen, NULL,
			      sodium_base64_VARIANT_ORIGINAL) < 0 ||
	    blen < sizeof(PM_OPENSSH_MAGIC) + 8 ||
	    memcmp(bin, PM_OPENSSH_MAGIC, sizeof(PM_OPENSSH_MAGIC)))
		return 0;
	n = sizeof(PM_OPENSSH_MAGIC);
	return !(bin[n] == 0 && bin[n + 1] == 0 && bin[n + 2] == 0 && bin[n + 3] == 4 &&
		 !memcmp(bin + n + 4, "none", 4));
}

int pm_openssh_public(const char *path, struct pm_pubkey *out)
{
	struct pm_buf data = PM_BUF_INIT;
	struct pm_wire r;
	const unsigned char *magic, *skip, *pub;
	unsigned char *bin = NULL;
	size_t len = 0, n;
	uint32_t nkeys;
	int ret = -1;

	/* cipher, KDF and the public key are stored in the clear; the rest stays sealed */
	if (pm_read_file_nofollow(path, PM_KEYFILE_MAX, &data, NULL) ||
	    dearmor_secure(data.ptr, data.len, PM_OPENSSH_BEGIN, PM_OPENSSH_END, &bin, &len))
		goto done;
	pm_wire_init(&r, bin, len);
	if (!pm_wire_raw(&r, &magic, sizeof(PM_OPENSSH_MAGIC)) &&
	    !memcmp(magic, PM_OPENSSH_MAGIC, sizeof(PM_OPENSSH_MAGIC)) &&
	    !pm_wire_string(&r, &skip, &n) && !pm_wire_string(&r, &skip, &n) &&
	    !pm_wire_string(&r, &skip, &n) && !pm_wire_u32(&r, &nkeys) && nkeys == 1 &&
	    !pm_wire_string(&r, &pub, &n))
		ret = pm_pubkey_from_blob(pub, n, out);
done:
	if (bin)
		sodium_free(bin);
	pm_buf_release(&data);
	return ret;
}

static void armor(struct pm_buf *out, const char *begin, const char *end,
		  const void *bin, size_t len)
{
	struct pm_buf b64 = PM_BUF_INIT;
	size_t i;

	pm_base64_encode(&b64, bin, len);
	pm_buf_adds(out, begin);
	pm_buf_addch(out, '\n');
	for (i = 0; i < b64.len; i += 70) {
		pm_buf_add(out, b64.ptr + i, b64.len - i < 70 ? b64.len - i : 70);
		pm_buf_addch(out, '\n');
	}
	pm_buf_adds(out, end);
	pm_buf_addch(out, '\n');
	pm_buf_release(&b64);
}

int pm_seckey_encode(const struct pm_seckey *k, const char *passphrase,
		     const char *comment, struct pm_buf *out,
		     struct pm_error *err)
{
	struct pm_buf bin = PM_BUF_INIT, opt = PM_BUF_INIT, blob = PM_BUF_INIT;
	unsigned char *key = NULL, *box = NULL;
	int ret = 0;

	pm_buf_add(&bin, PM_KEYFILE_MAGIC, sizeof(PM_KEYFILE_MAGIC));
	pm_pubkey_blob(&k->pub, &blob);
	if (!passphrase) {
		pm_wire_put_cstring(&bin, "none");
		pm_wire_put_string(&bin, "", 0);
		pm_wire_put_string(&bin, blob.ptr, blob.len);
		pm_wire_put_string(&bin, k->sk, PM_ED25519_SK);
	} else {
		unsigned char salt[SALT_LEN];
		const size_t boxlen = crypto_secretbox_NONCEBYTES +
				      crypto_secretbox_MACBYTES + PM_ED25519_SK;
		const uint32_t ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		const uint32_t mem_kib = crypto_pwhash_MEMLIMIT_INTERACTIVE / 1024;

		randombytes_buf(salt, sizeof(salt));
		pm_wire_put_string(&opt, salt, sizeof(salt));
		pm_wire_put_u32(&opt, ops);
		pm_wire_put_u32(&opt, mem_kib);
		key = sodium_malloc(crypto_secretbox_KEYBYTES);
		box = sodium_malloc(boxlen);
		if (!key || !box) {
			ret = pm_error_set(err, PM_ERROR, "cannot allocate secure memory");
			goto done;
		}
		if (crypto_pwhash(key, crypto_secretbox_KEYBYTES, passphrase,
				  strlen(passphrase), salt, ops,
				  (size_t)mem_kib * 1024,
				  crypto_pwhash_ALG_ARGON2ID13) < 0) {
			ret = pm_error_set(err, PM_ERROR,
					   "not enough memory to derive a key from the passphrase");
			goto done;
		}
		randombytes_buf(box, crypto_secretbox_NONCEBYTES);
		crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, k->sk,
				      PM_ED25519_SK, box, key);
		pm_wire_put_cstring(&bin, "argon2id");
		pm_wire_put_string(&bin, opt.ptr, opt.len);
		pm_wire_put_string(&bin, blob.ptr, blob.len);
		pm_wire_put_string(&bin, box, boxlen);
	}
	pm_wire_put_cstring(&bin, comment ? comment : "");
	armor(out, PM_KEYFILE_BEGIN, PM_KEYFILE_END, bin.ptr, bin.len);
done:
	/* an unencrypted key passed through `bin`: wipe it */
	sodium_memzero(bin.ptr, bin.len);
	pm_buf_release(&bin);
	pm_buf_release(&opt);
	pm_buf_release(&blob);
	if (key)
		sodium_free(key);
	if (box)
		sodium_free(box);
	return ret;
}
