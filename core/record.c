#include "record.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "text.h"
#include "yamltree.h"

#include "banned.h"

static const char *const fields[] = { "incident", "document-sha256", "slot",
				      "role",     "signer",          "key",
				      "time" };
#define NR_FIELDS 7

static char **field_ptr(struct pm_statement *st, int i)
{
	char **p[NR_FIELDS] = { &st->incident, &st->doc_sha256, &st->slot,
				&st->role,     &st->signer,     &st->key,
				&st->time };
	return p[i];
}

void pm_statement_release(struct pm_statement *st)
{
	int i;

	for (i = 0; i < NR_FIELDS; i++)
		free(*field_ptr(st, i));
	memset(st, 0, sizeof(*st));
}

static int valid_value(const char *s, size_t n)
{
	size_t i;

	if (!n || s[0] == ' ' || s[n - 1] == ' ')
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

static int valid_time(const char *t, long *days)
{
	const char *s = t;
	int i;

	if (strlen(t) != 20 || !pm_read_date(&s, days) || t[10] != 'T' || t[19] != 'Z')
		return 0;
	for (i = 11; i < 19; i++)
		if (i == 13 || i == 16 ? t[i] != ':' : !isdigit((unsigned char)t[i]))
			return 0;
	return (t[11] - '0') * 10 + (t[12] - '0') < 24 &&
	       (t[14] - '0') * 10 + (t[15] - '0') < 60 &&
	       (t[17] - '0') * 10 + (t[18] - '0') < 61;
}

static int is_hex64(const char *s)
{
	return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

int pm_statement_parse(const char *text, size_t len, struct pm_statement *out,
		       struct pm_error *err)
{
	const char *p = text, *end = text + len;
	size_t magic = strlen(PM_STATEMENT_MAGIC);
	int i;

	memset(out, 0, sizeof(*out));
	if (len < magic + 1 || memcmp(p, PM_STATEMENT_MAGIC "\n", magic + 1))
		return pm_error_set(err, PM_EFORMAT,
				    "the statement does not start with '" PM_STATEMENT_MAGIC "'");
	p += magic + 1;
	for (i = 0; i < NR_FIELDS; i++) {
		size_t klen = strlen(fields[i]);
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *v;

		if (!nl || (size_t)(nl - p) < klen + 2 || memcmp(p, fields[i], klen) ||
		    p[klen] != ':' || p[klen + 1] != ' ') {
			pm_statement_release(out);
			return pm_error_set(err, PM_EFORMAT,
					    "the statement's line %d should be '%s: ...'",
					    i + 2, fields[i]);
		}
		v = p + klen + 2;
		if (!valid_value(v, (size_t)(nl - v))) {
			pm_statement_release(out);
			return pm_error_set(err, PM_EFORMAT,
					    "the statement's '%s' is empty or has control characters",
					    fields[i]);
		}
		*field_ptr(out, i) = pm_xstrndup(v, (size_t)(nl - v));
		p = nl + 1;
	}
	if (p != end) {
		pm_statement_release(out);
		return pm_error_set(err, PM_EFORMAT,
				    "the statement has text after its 'time:' line");
	}
	if (!is_hex64(out->doc_sha256)) {
		pm_statement_release(out);
		return pm_error_set(err, PM_EFORMAT,
				    "the statement's document-sha256 is not 64 lowercase hex digits");
	}
	if (strcmp(out->role, "reviewer") && strcmp(out->role, "approver")) {
		pm_statement_release(out);
		return pm_error_set(err, PM_EFORMAT,
				    "the statement's role is neither reviewer nor approver");
	}
	if (strncmp(out->key, "SHA256:", 7)) {
		pm_statement_release(out);
		return pm_error_set(err, PM_EFORMAT,
				    "the statement's key is not a SHA256: fingerprint");
	}
	if (!valid_time(out->time, &out->time_days)) {
		pm_statement_release(out);
		return pm_error_set(err, PM_EFORMAT,
				    "the statement's time is not YYYY-MM-DDTHH:MM:SSZ");
	}
	return 0;
}

void pm_statement_format(const struct pm_statement *st, struct pm_buf *out)
{
	int i;

	pm_buf_adds(out, PM_STATEMENT_MAGIC "\n");
	for (i = 0; i < NR_FIELDS; i++)
		pm_buf_addf(out, "%s: %s\n", fields[i],
			    *field_ptr((struct pm_statement *)st, i));
}

void pm_record_release(struct pm_record *r)
{
	pm_buf_release(&r->statement);
	pm_buf_release(&r->signature);
}

int pm_record_parse(struct pm_record *r, const char *name, const char *buf,
		    size_t len, struct pm_error *err)
{
	struct pm_yaml *root = NULL;
	const struct pm_yaml *st, *sig;
	int ret = 0;

	if (len > PM_RECORD_MAX)
		return pm_error_set(err, PM_ELIMIT, "'%s' is too large to be a sign-off record", name);
	if ((ret = pm_yaml_load(name, buf, len, &root, err))) {
		unsigned at = pm_text_conflict_line(buf, len);
		if (!at)
			return ret;
		/* the same signer signed on two branches: no hand-merge of it verifies */
		pm_error_clear(err);
		return pm_error_set(err, PM_EFORMAT,
				    "%s:%u:1: a merge conflict between two sign-offs in one record; a record is signed as a whole, so keep one side ('git checkout --theirs -- %s', or --ours) or sign the merged postmortem again ('pmgit sign' writes the record anew)",
				    name, at, name);
	}
	if (!root || root->type != PM_YAML_MAP || root->nr != 4) {
		ret = pm_error_set(err, PM_EFORMAT,
				   "'%s' is not a sign-off record: it must hold exactly 'statement' and 'signature'",
				   name);
		goto done;
	}
	st = pm_yaml_get(root, "statement");
	sig = pm_yaml_get(root, "signature");
	if (!st || !sig || st->type != PM_YAML_SCALAR || sig->type != PM_YAML_SCALAR) {
		ret = pm_error_set(err, PM_EFORMAT,
				   "'%s' is not a sign-off record: it must hold exactly 'statement' and 'signature'",
				   name);
		goto done;
	}
	pm_buf_reset(&r->statement);
	pm_buf_add(&r->statement, st->value, st->len);
	pm_buf_reset(&r->signature);
	pm_buf_add(&r->signature, sig->value, sig->len);
done:
	pm_yaml_free(root);
	return ret;
}

int pm_record_encode(const char *statement, const char *signature,
		     struct pm_buf *out, struct pm_error *err)
{
	struct pm_yaml_out *w = pm_yaml_out_new(out);

	pm_yaml_map_start(w, 0);
	pm_yaml_scalar(w, "statement", 0);
	pm_yaml_scalar(w, statement, '|');
	pm_yaml_scalar(w, "signature", 0);
	pm_yaml_scalar(w, signature, '|');
	pm_yaml_map_end(w);
	if (pm_yaml_out_finish(w))
		return pm_error_set(err, PM_ERROR, "cannot write the sign-off record as YAML");
	return 0;
}

void pm_record_filename(struct pm_buf *out, const char *slot,
			const char *principal)
{
	pm_slug(out, slot);
	pm_buf_addch(out, '.');
	pm_slug(out, principal);
	pm_buf_adds(out, ".yaml");
}

/* ---- policy statements ---- */

void pm_policy_statement_release(struct pm_policy_statement *st)
{
	size_t i;

	for (i = 0; i < st->nr_admins; i++) {
		free(st->admins[i].principal);
		free(st->admins[i].key);
	}
	free(st->admins);
	free(st->config_sha256);
	free(st->keyring_sha256);
	free(st->previous);
	free(st->signer);
	free(st->key);
	free(st->time);
	memset(st, 0, sizeof(*st));
}

/* A whole number 1..999999999 without leading zeros. */
static int read_count(const char *s, long *out)
{
	size_t n = strlen(s);

	if (!n || n > 9 || s[0] == '0' || strspn(s, "0123456789") != n)
		return 0;
	*out = strtol(s, NULL, 10);
	return 1;
}

/* Reads "key: value\n" at *p; the value is copied out. */
static int policy_line(const char **p, const char *end, const char *key, char **value)
{
	size_t klen = strlen(key);
	const char *nl = memchr(*p, '\n', (size_t)(end - *p)), *v;

	if (!nl || (size_t)(nl - *p) < klen + 2 || memcmp(*p, key, klen) ||
	    (*p)[klen] != ':' || (*p)[klen + 1] != ' ')
		return 0;
	v = *p + klen + 2;
	if (!valid_value(v, (size_t)(nl - v)))
		return 0;
	*value = pm_xstrndup(v, (size_t)(nl - v));
	*p = nl + 1;
	return 1;
}

static int admin_cmp(const struct pm_policy_admin *a, const struct pm_policy_admin *b)
{
	int c = strcmp(a->principal, b->principal);

	return c ? c : strcmp(a->key, b->key);
}

int pm_policy_statement_parse(const char *text, size_t len,
			      struct pm_policy_statement *out, struct pm_error *err)
{
	const char *p = text, *end = text + len, *why = NULL;
	size_t magic = strlen(PM_POLICY_MAGIC), alloc = 0;
	char *v = NULL;
	long days, principals = 0;

	memset(out, 0, sizeof(*out));
	if (len < magic + 1 || memcmp(p, PM_POLICY_MAGIC "\n", magic + 1))
		return pm_error_set(err, PM_EFORMAT,
				    "the statement does not start with '" PM_POLICY_MAGIC "'");
	p += magic + 1;
	if (!policy_line(&p, end, "version", &v) || !read_count(v, &out->version)) {
		why = "its 'version:' line is not a whole number from 1";
		goto bad;
	}
	free(v);
	v = NULL;
	if (!policy_line(&p, end, "config-sha256", &out->config_sha256) ||
	    !is_hex64(out->config_sha256) ||
	    !policy_line(&p, end, "keyring-sha256", &out->keyring_sha256) ||
	    !is_hex64(out->keyring_sha256)) {
		why = "its file hashes are not 'config-sha256:' and 'keyring-sha256:' with 64 lowercase hex digits";
		goto bad;
	}
	if (!policy_line(&p, end, "threshold", &v) || !read_count(v, &out->threshold)) {
		why = "its 'threshold:' line is not a whole number from 1";
		goto bad;
	}
	free(v);
	v = NULL;
	while (policy_line(&p, end, "admin", &v)) {
		struct pm_policy_admin *a;
		char *sp = strchr(v, ' ');
		if (!sp || sp == v || strncmp(sp + 1, "ssh-ed25519 ", 12) || strchr(sp + 13, ' ')) {
			why = "an 'admin:' line is not 'PRINCIPAL ssh-ed25519 KEY'";
			goto bad;
		}
		PM_ALLOC_GROW(out->admins, out->nr_admins + 1, alloc);
		a = &out->admins[out->nr_admins++];
		a->principal = pm_xstrndup(v, (size_t)(sp - v));
		a->key = pm_xstrdup(sp + 1);
		free(v);
		v = NULL;
		if (out->nr_admins > 1 && admin_cmp(a - 1, a) >= 0) {
			why = "its 'admin:' lines are not sorted, or one repeats";
			goto bad;
		}
		{
			/* one spelling per key: the one pmgit writes */
			struct pm_pubkey k;
			struct pm_buf again = PM_BUF_INIT;
			int same = !pm_pubkey_parse(a->key, &k, "admin", NULL);
			if (same) {
				pm_pubkey_format(&k, NULL, &again);
				same = !strcmp(again.ptr, a->key);
			}
			pm_buf_release(&again);
			if (!same) {
				why = "an 'admin:' line's key is not an ssh-ed25519 key as pmgit writes it";
				goto bad;
			}
		}
		if (out->nr_admins == 1 || strcmp(a[-1].principal, a->principal))
			principals++;
	}
	if (!out->nr_admins || out->threshold > principals) {
		why = "it names no admin, or a threshold above the number of admins";
		goto bad;
	}
	if (!policy_line(&p, end, "previous", &out->previous) ||
	    (strcmp(out->previous, "none") && !is_hex64(out->previous))) {
		why = "its 'previous:' line is neither 64 lowercase hex digits nor 'none'";
		goto bad;
	}
	out->version_len = (size_t)(p - text);
	if (!policy_line(&p, end, "signer", &out->signer) || strchr(out->signer, ' ') ||
	    !policy_line(&p, end, "key", &out->key) || strncmp(out->key, "SHA256:", 7) ||
	    !policy_line(&p, end, "time", &out->time) || !valid_time(out->time, &days)) {
		why = "its last lines are not 'signer:', 'key: SHA256:...' and 'time: YYYY-MM-DDTHH:MM:SSZ'";
		goto bad;
	}
	if (p != end) {
		why = "it has text after its 'time:' line";
		goto bad;
	}
	return 0;
bad:
	free(v);
	pm_policy_statement_release(out);
	return pm_error_set(err, PM_EFORMAT, "the policy statement is malformed: %s", why);
}

void pm_policy_version_format(const struct pm_policy_statement *st, struct pm_buf *out)
{
	size_t i;

	pm_buf_addf(out, PM_POLICY_MAGIC "\nversion: %ld\nconfig-sha256: %s\nkeyring-sha256: %s\nthreshold: %ld\n",
		    st->version, st->config_sha256, st->keyring_sha256, st->threshold);
	for (i = 0; i < st->nr_admins; i++)
		pm_buf_addf(out, "admin: %s %s\n", st->admins[i].principal, st->admins[i].key);
	pm_buf_addf(out, "previous: %s\n", st->previous);
}

void pm_policy_signer_format(const char *signer, const char *key, const char *time,
			     struct pm_buf *out)
{
	pm_buf_addf(out, "signer: %s\nkey: %s\ntime: %s\n", signer, key, time);
}

void pm_policy_record_filename(struct pm_buf *out, long version, const char *principal)
{
	pm_buf_addf(out, "v%ld.", version);
	pm_slug(out, principal);
	pm_buf_adds(out, ".yaml");
}

