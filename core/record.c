#include "record.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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
	if (strlen(out->doc_sha256) != 64 ||
	    strspn(out->doc_sha256, "0123456789abcdef") != 64) {
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
	if ((ret = pm_yaml_load(name, buf, len, &root, err)))
		return ret;
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
