#include "policy.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "record.h"
#include "rules.h"
#include "text.h"
#include "yamltree.h"

#include "banned.h"

const char *const pm_severities[PM_NR_SEVERITIES] = { "P0", "P1", "P2" };

static const char *const default_blameless[] = {
	"human error",       "operator error",     "user error",
	"engineer error",    "careless",           "carelessness",
	"negligence",        "negligent",          "incompetent",
	"incompetence",      "should have known",  "should have caught",
	"dropped the ball",  "sloppy",             "lazy",
	"stupid",
};

static const char *const default_sections[] = {
	"Executive Summary", "Impact",     "Timeline",
	"Root Cause",        "Contributing Factors", "Detection",
	"Resolution",        "Corrective Actions", "Lessons Learned",
	"Action Items",
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static char **dup_list(const char *const *src, size_t n)
{
	char **out = pm_xcalloc(n ? n : 1, sizeof(*out));
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = pm_xstrdup(src[i]);
	return out;
}

static void free_list(char **list, size_t n)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

static void add_slot(struct pm_config *c, const char *name, enum pm_role role,
		     int optional, const char *const *sev, size_t nr_sev)
{
	struct pm_slot *s;

	c->slots = pm_xrealloc(c->slots, (c->nr_slots + 1) * sizeof(*c->slots));
	s = &c->slots[c->nr_slots++];
	s->name = pm_xstrdup(name);
	s->role = role;
	s->optional = optional;
	s->severities = nr_sev ? dup_list(sev, nr_sev) : NULL;
	s->nr_severities = nr_sev;
	s->since = NULL;
	s->since_days = 0;
}

static void free_slots(struct pm_config *c)
{
	size_t i;

	for (i = 0; i < c->nr_slots; i++) {
		free(c->slots[i].name);
		free_list(c->slots[i].severities, c->slots[i].nr_severities);
		free(c->slots[i].since);
	}
	free(c->slots);
	c->slots = NULL;
	c->nr_slots = 0;
}

void pm_config_defaults(struct pm_config *c)
{
	static const char *const high[] = { "P0", "P1" };

	memset(c, 0, sizeof(*c));
	c->version = 1;
	c->directory = pm_xstrdup("postmortems");
	c->id_format = pm_xstrdup("INC-{year}-{seq:4}");
	add_slot(c, "Engineering Manager", PM_ROLE_REVIEWER, 0, NULL, 0);
	add_slot(c, "SRE Lead", PM_ROLE_REVIEWER, 0, NULL, 0);
	add_slot(c, "Product Manager", PM_ROLE_REVIEWER, 1, NULL, 0);
	add_slot(c, "VP Engineering", PM_ROLE_APPROVER, 0, high, 2);
	c->due_days[0] = 15;
	c->due_days[1] = 30;
	c->due_days[2] = 60;
	c->blameless = dup_list(default_blameless, ARRAY_SIZE(default_blameless));
	c->nr_blameless = ARRAY_SIZE(default_blameless);
	c->required_sections = dup_list(default_sections, ARRAY_SIZE(default_sections));
	c->nr_required_sections = ARRAY_SIZE(default_sections);
	c->one_slot_per_person = 1;
	c->authors_may_approve = 0;
}

void pm_config_release(struct pm_config *c)
{
	free(c->directory);
	free(c->id_format);
	free_slots(c);
	free_list(c->blameless, c->nr_blameless);
	free_list(c->required_sections, c->nr_required_sections);
	memset(c, 0, sizeof(*c));
}

const char *pm_role_name(enum pm_role r)
{
	return r == PM_ROLE_APPROVER ? "approver" : "reviewer";
}

const struct pm_slot *pm_config_slot(const struct pm_config *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nr_slots; i++)
		if (!strcasecmp(c->slots[i].name, name))
			return &c->slots[i];
	return NULL;
}

static int slot_for_severity(const struct pm_slot *s, const char *severity)
{
	size_t i;

	if (!s->nr_severities)
		return 1;
	if (!severity)
		return 1; /* unknown severity: the stricter reading */
	for (i = 0; i < s->nr_severities; i++)
		if (!strcasecmp(s->severities[i], severity))
			return 1;
	return 0;
}

int pm_slot_applies(const struct pm_slot *s, const char *severity, long date)
{
	if (s->since && date >= 0 && date < s->since_days)
		return 0;
	return slot_for_severity(s, severity);
}

void pm_slot_why_not(const struct pm_slot *s, const char *severity, long date,
		     struct pm_buf *out)
{
	if (s->since && date >= 0 && date < s->since_days)
		pm_buf_addf(out, "for incidents before %s", s->since);
	else
		pm_buf_addf(out, "for %s", severity ? severity : "this severity");
}

/* ---- reading YAML into structs ---- */

struct reader {
	const char *name;
	struct pm_error *err;
};

static int bad(struct reader *r, const struct pm_yaml *n, const char *what)
{
	return pm_error_set(r->err, PM_EFORMAT, "%s:%u:%u: %s", r->name,
			    n ? n->line : 1, n ? n->col : 1, what);
}

static int want_type(struct reader *r, const struct pm_yaml *n,
		     enum pm_yaml_type t, const char *key)
{
	static const char *const names[] = { "a single value", "a list",
					      "a mapping" };
	struct pm_buf m = PM_BUF_INIT;
	int ret;

	if (n && n->type == t)
		return 0;
	pm_buf_addf(&m, "'%s' must be %s", key, names[t]);
	ret = bad(r, n, m.ptr);
	pm_buf_release(&m);
	return ret;
}

static int check_keys(struct reader *r, const struct pm_yaml *map,
		      const char *const *known, size_t nr, const char *where)
{
	size_t i, j;

	for (i = 0; i + 1 < map->nr; i += 2) {
		const struct pm_yaml *k = map->items[i];
		struct pm_near near = PM_NEAR_INIT(k->value);
		struct pm_buf m = PM_BUF_INIT;
		int ret;

		for (j = 0; j < nr; j++)
			if (!strcmp(k->value, known[j]))
				break;
		if (j < nr)
			continue;
		for (j = 0; j < nr; j++)
			pm_near_try(&near, known[j]);
		if (pm_near_found(&near)) {
			/* a slip of the keys: the one key meant */
			pm_buf_addf(&m, "unknown key '%s' in %s; did you mean '%s'?", k->value, where,
				    pm_near_found(&near));
			ret = bad(r, k, m.ptr);
			pm_buf_release(&m);
			return ret;
		}
		pm_buf_addf(&m, "unknown key '%s' in %s; known keys:", k->value, where);
		for (j = 0; j < nr; j++)
			pm_buf_addf(&m, "%s %s", j ? "," : "", known[j]);
		ret = bad(r, k, m.ptr);
		pm_buf_release(&m);
		return ret;
	}
	return 0;
}

static int get_string(struct reader *r, const struct pm_yaml *map,
		      const char *key, char **out, int required)
{
	const struct pm_yaml *v = pm_yaml_get(map, key);
	struct pm_buf m = PM_BUF_INIT;
	int ret;

	if (!v || pm_yaml_is_null(v)) {
		if (!required)
			return 0;
		pm_buf_addf(&m, "'%s' is missing", key);
		ret = bad(r, v ? v : map, m.ptr);
		pm_buf_release(&m);
		return ret;
	}
	if ((ret = want_type(r, v, PM_YAML_SCALAR, key)))
		return ret;
	if (strlen(v->value) != v->len)
		return bad(r, v, "a NUL byte in a value");
	free(*out);
	*out = pm_xstrdup(v->value);
	return 0;
}

static int parse_bool(struct reader *r, const struct pm_yaml *v,
		      const char *key, int *out)
{
	int ret;

	if ((ret = want_type(r, v, PM_YAML_SCALAR, key)))
		return ret;
	if (!strcasecmp(v->value, "true") || !strcasecmp(v->value, "yes")) {
		*out = 1;
		return 0;
	}
	if (!strcasecmp(v->value, "false") || !strcasecmp(v->value, "no")) {
		*out = 0;
		return 0;
	}
	return bad(r, v, "expected true or false");
}

static int parse_long(struct reader *r, const struct pm_yaml *v,
		      const char *key, long min, long max, long *out)
{
	char *end;
	long n;
	int ret;

	if ((ret = want_type(r, v, PM_YAML_SCALAR, key)))
		return ret;
	n = strtol(v->value, &end, 10);
	if (!*v->value || *end || n < min || n > max) {
		struct pm_buf m = PM_BUF_INIT;
		pm_buf_addf(&m, "'%s' must be a whole number from %ld to %ld", key,
			    min, max);
		ret = bad(r, v, m.ptr);
		pm_buf_release(&m);
		return ret;
	}
	*out = n;
	return 0;
}

static int get_list(struct reader *r, const struct pm_yaml *v, const char *key,
		    char ***out, size_t *nr)
{
	size_t i;
	int ret;

	if ((ret = want_type(r, v, PM_YAML_SEQ, key)))
		return ret;
	for (i = 0; i < v->nr; i++) {
		if ((ret = want_type(r, v->items[i], PM_YAML_SCALAR, key)))
			return ret;
		if (!*v->items[i]->value || strlen(v->items[i]->value) != v->items[i]->len)
			return bad(r, v->items[i], "an empty value in a list");
	}
	free_list(*out, *nr);
	*out = pm_xcalloc(v->nr ? v->nr : 1, sizeof(**out));
	for (i = 0; i < v->nr; i++)
		(*out)[i] = pm_xstrdup(v->items[i]->value);
	*nr = v->nr;
	return 0;
}

static int severity_index(const char *s)
{
	int i;

	for (i = 0; i < PM_NR_SEVERITIES; i++)
		if (!strcasecmp(s, pm_severities[i]))
			return i;
	return -1;
}

/* Do two names make the same part of a sign-off record's file name? */
static int same_slug(const char *x, const char *y)
{
	return pm_same_made(pm_slug, x, y);
}

static int parse_slots(struct reader *r, struct pm_config *c,
		       const struct pm_yaml *v)
{
	static const char *const keys[] = { "slot", "role", "optional", "severities", "since" };
	size_t i, j;
	int ret;

	if ((ret = want_type(r, v, PM_YAML_SEQ, "signoffs")))
		return ret;
	free_slots(c);
	for (i = 0; i < v->nr; i++) {
		const struct pm_yaml *s = v->items[i], *role, *opt, *sev;
		char *name = NULL;
		char **sevs = NULL;
		size_t nr_sev = 0;
		int optional = 0;
		enum pm_role rl;

		if ((ret = want_type(r, s, PM_YAML_MAP, "signoffs entry")) ||
		    (ret = check_keys(r, s, keys, ARRAY_SIZE(keys), "a signoffs entry")) ||
		    (ret = get_string(r, s, "slot", &name, 1)))
			return ret;
		if (!pm_text_printable(name)) {
			free(name);
			return bad(r, pm_yaml_get(s, "slot"),
				   "a slot name cannot hold control characters or invisible bidirectional controls");
		}
		role = pm_yaml_get(s, "role");
		/* "Reviewer" as people capitalise it is the role; statements write it lowercase */
		if (!role || role->type != PM_YAML_SCALAR ||
		    (strcasecmp(role->value, "reviewer") && strcasecmp(role->value, "approver"))) {
			free(name);
			if (role && role->type == PM_YAML_SCALAR && pm_text_printable(role->value)) {
				struct pm_buf what = PM_BUF_INIT;
				pm_buf_addf(&what, "'%s' is no role; each slot needs 'role: reviewer' or 'role: approver'",
					    role->value);
				ret = bad(r, role, what.ptr);
				pm_buf_release(&what);
				return ret;
			}
			return bad(r, role ? role : s,
				   "each slot needs 'role: reviewer' or 'role: approver'");
		}
		rl = !strcasecmp(role->value, "approver") ? PM_ROLE_APPROVER : PM_ROLE_REVIEWER;
		if ((opt = pm_yaml_get(s, "optional")) &&
		    (ret = parse_bool(r, opt, "optional", &optional))) {
			free(name);
			return ret;
		}
		if ((sev = pm_yaml_get(s, "severities"))) {
			if ((ret = get_list(r, sev, "severities", &sevs, &nr_sev))) {
				free(name);
				return ret;
			}
			for (j = 0; j < nr_sev; j++)
				if (severity_index(sevs[j]) < 0) {
					free(name);
					free_list(sevs, nr_sev);
					return bad(r, sev->items[j],
						   "severities are P0, P1 and P2");
				}
		}
		for (j = 0; j < c->nr_slots; j++)
			if (!strcasecmp(c->slots[j].name, name)) {
				free(name);
				free_list(sevs, nr_sev);
				return bad(r, s, "two slots with the same name");
			} else if (same_slug(c->slots[j].name, name)) {
				struct pm_buf m = PM_BUF_INIT;
				int ret;
				pm_buf_addf(&m, "slots '%s' and '%s' would name the same sign-off files, so one could overwrite the other's; make the names differ in their letters or digits",
					    c->slots[j].name, name);
				free(name);
				free_list(sevs, nr_sev);
				ret = bad(r, s, m.ptr);
				pm_buf_release(&m);
				return ret;
			}
		add_slot(c, name, rl, optional, (const char *const *)sevs, nr_sev);
		free(name);
		free_list(sevs, nr_sev);
		if ((ret = get_string(r, s, "since", &c->slots[c->nr_slots - 1].since, 0)))
			return ret;
		if (c->slots[c->nr_slots - 1].since &&
		    !pm_parse_date(c->slots[c->nr_slots - 1].since, &c->slots[c->nr_slots - 1].since_days))
			return bad(r, pm_yaml_get(s, "since"),
				   "'since' must be a date, YYYY-MM-DD: the slot asks only postmortems of incidents from that day on");
	}
	return 0;
}

/*
 * The path as git names it, in place: "./a//b/" is "a/b". Hooks and the
 * history audit look the directory up in git's trees and index, where
 * "./postmortems" names nothing, so every form must come to this one.
 */
static void canonical_path(char *p)
{
	char *w = p;
	const char *s = p;

	while (*s) {
		while (*s == '/')
			s++;
		if (s[0] == '.' && (s[1] == '/' || !s[1])) {
			s++;
			continue;
		}
		if (*s && w != p)
			*w++ = '/';
		while (*s && *s != '/')
			*w++ = *s++;
	}
	*w = '\0';
}

/* Is path's first component `name`? */
static int first_component(const char *path, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(path, name, n) && (path[n] == '/' || !path[n]);
}

const char *pm_directory_problem(char *dir)
{
	const char *s;

	if (dir[0] == '/')
		return "'directory' must be a relative path inside the repository, such as 'postmortems'";
	canonical_path(dir);
	if (!*dir || first_component(dir, ".git") || first_component(dir, ".pmgit"))
		return "'directory' cannot be '.', '.git' or '.pmgit': postmortems need a directory of their own, such as 'postmortems'";
	for (s = dir; *s; s++) {
		if ((unsigned char)*s < 0x20 || *s == '\\')
			return "'directory' has a control character or backslash";
		if ((s == dir || s[-1] == '/') && first_component(s, ".."))
			return "'directory' must be a relative path inside the repository, such as 'postmortems'";
	}
	return NULL;
}

static int check_directory(struct reader *r, const struct pm_yaml *n, char *dir)
{
	const char *why = pm_directory_problem(dir);

	return why ? bad(r, n, why) : 0;
}

/*
 * A file's top level: a mapping of the known keys, with an optional
 * whole-number version. An empty file gives *root = NULL and 0.
 */
static int read_top(struct reader *r, const char *buf, size_t len,
		    const char *const *keys, size_t nr_keys, const char *what,
		    struct pm_yaml **root, long *version)
{
	const struct pm_yaml *v;
	int ret;

	*version = 1;
	if ((ret = pm_yaml_load(r->name, buf, len, root, r->err)) || !*root)
		return ret;
	if ((ret = want_type(r, *root, PM_YAML_MAP, what)) ||
	    (ret = check_keys(r, *root, keys, nr_keys, what)) ||
	    ((v = pm_yaml_get(*root, "version")) &&
	     (ret = parse_long(r, v, "version", 1, 1L << 30, version))))
		return ret;
	return 0;
}

int pm_config_parse(struct pm_config *c, const char *name, const char *buf,
		    size_t len, struct pm_error *err)
{
	static const char *const keys[] = {
		"version", "directory", "id_format", "signoffs", "action_due_days",
		"blameless_phrases", "required_sections", "one_slot_per_person",
		"authors_may_approve",
	};
	struct reader r = { name, err };
	struct pm_yaml *root = NULL;
	const struct pm_yaml *v;
	long version = 1;
	int ret;

	pm_config_defaults(c);
	/* an empty file: all defaults */
	if ((ret = read_top(&r, buf, len, keys, ARRAY_SIZE(keys), "the config", &root, &version)) ||
	    !root)
		goto done;
	if ((ret = get_string(&r, root, "directory", &c->directory, 0)) ||
	    (ret = check_directory(&r, pm_yaml_get(root, "directory"), c->directory)))
		goto done;
	if ((ret = get_string(&r, root, "id_format", &c->id_format, 0)))
		goto done;
	if (pm_idfmt_check(c->id_format, err)) {
		ret = pm_error_prefix(err, "%s:%u", name,
				      pm_yaml_get(root, "id_format")
					      ? pm_yaml_get(root, "id_format")->line : 1);
		goto done;
	}
	if ((v = pm_yaml_get(root, "signoffs")) && (ret = parse_slots(&r, c, v)))
		goto done;
	if ((v = pm_yaml_get(root, "action_due_days"))) {
		size_t i;
		if ((ret = want_type(&r, v, PM_YAML_MAP, "action_due_days")))
			goto done;
		for (i = 0; i + 1 < v->nr; i += 2) {
			int s = severity_index(v->items[i]->value);
			if (s < 0) {
				ret = bad(&r, v->items[i], "action_due_days keys are P0, P1 and P2");
				goto done;
			}
			if ((ret = parse_long(&r, v->items[i + 1], v->items[i]->value, 0,
					      3650, &c->due_days[s])))
				goto done;
		}
	}
	if ((v = pm_yaml_get(root, "blameless_phrases")) &&
	    (ret = get_list(&r, v, "blameless_phrases", &c->blameless, &c->nr_blameless)))
		goto done;
	if ((v = pm_yaml_get(root, "required_sections")) &&
	    (ret = get_list(&r, v, "required_sections", &c->required_sections,
			    &c->nr_required_sections)))
		goto done;
	if ((v = pm_yaml_get(root, "one_slot_per_person")) &&
	    (ret = parse_bool(&r, v, "one_slot_per_person", &c->one_slot_per_person)))
		goto done;
	if ((v = pm_yaml_get(root, "authors_may_approve")) &&
	    (ret = parse_bool(&r, v, "authors_may_approve", &c->authors_may_approve)))
		goto done;
	c->version = (int)version;
done:
	pm_yaml_free(root);
	return ret;
}

/* ---- keyring ---- */

static void person_release(struct pm_person *p)
{
	size_t i;

	free(p->principal);
	free(p->name);
	free(p->keys);
	free_list(p->key_lines, p->nr_keys);
	free_list(p->slots, p->nr_slots);
	for (i = 0; i < p->nr_former; i++) {
		free(p->former[i].slot);
		free(p->former[i].until);
		free(p->former[i].reason);
	}
	free(p->former);
}

void pm_keyring_remove(struct pm_keyring *k, struct pm_person *p)
{
	size_t i = (size_t)(p - k->people);

	person_release(p);
	memmove(p, p + 1, (k->nr_people - i - 1) * sizeof(*p));
	k->nr_people--;
}

void pm_keyring_release(struct pm_keyring *k)
{
	size_t i;

	for (i = 0; i < k->nr_people; i++)
		person_release(&k->people[i]);
	free(k->people);
	for (i = 0; i < k->nr_revoked; i++) {
		free(k->revoked[i].key);
		free(k->revoked[i].reason);
		free(k->revoked[i].date);
	}
	free(k->revoked);
	free_list(k->admins, k->nr_admins);
	memset(k, 0, sizeof(*k));
}

/* Why a principal cannot be one, or NULL when it can. */
static const char *principal_problem(const char *p)
{
	const unsigned char *s = (const unsigned char *)p;

	for (; *s; s++)
		if (*s >= 0x80)
			return "a principal is ASCII, as an email in git's user.email is: letters of other scripts can pass for someone else's (a Cyrillic 'а' for a Latin 'a')";
	for (s = (const unsigned char *)p; *s; s++)
		if (*s <= 0x20 || *s == ',' || *s == '*' || *s == '?' ||
		    *s == '!' || *s == '"' || *s == 0x7f)
			break;
	return !*p || *s ? "a principal cannot be empty, nor contain blanks, commas, quotes or the pattern characters * ? !"
			 : NULL;
}

/*
 * Another person whose principal names sign-off and approval files as
 * this one does (bob@x.com and bob.x.com both make "bob-x-com"): one
 * would overwrite the other's records. NULL when there is none.
 */
static const struct pm_person *slug_clash(const struct pm_keyring *k, const char *principal)
{
	size_t i;

	for (i = 0; i < k->nr_people; i++)
		if (strcmp(k->people[i].principal, principal) &&
		    same_slug(k->people[i].principal, principal))
			return &k->people[i];
	return NULL;
}

/* former_slots: [{ slot: Engineering Manager, until: 2026-12-01 }, ...] */
static int parse_former_slots(struct reader *r, const struct pm_yaml *v, struct pm_person *p)
{
	static const char *const keys[] = { "slot", "until", "reason" };
	size_t i;
	int ret;

	if ((ret = want_type(r, v, PM_YAML_SEQ, "former_slots")))
		return ret;
	p->former = pm_xcalloc(v->nr ? v->nr : 1, sizeof(*p->former));
	for (i = 0; i < v->nr; i++) {
		const struct pm_yaml *e = v->items[i];
		struct pm_former_slot *f = &p->former[p->nr_former];
		if ((ret = want_type(r, e, PM_YAML_MAP, "former_slots entry")) ||
		    (ret = check_keys(r, e, keys, ARRAY_SIZE(keys), "a former_slots entry")) ||
		    (ret = get_string(r, e, "slot", &f->slot, 1)) ||
		    (ret = get_string(r, e, "until", &f->until, 1)) ||
		    (ret = get_string(r, e, "reason", &f->reason, 0))) {
			free(f->slot);
			free(f->until);
			return ret;
		}
		p->nr_former++;
		if (!pm_parse_date(f->until, &f->days))
			return bad(r, pm_yaml_get(e, "until"),
				   "'until' must be a date, YYYY-MM-DD: the first day the slot's sign-offs no longer count");
		if (pm_person_has_slot(p, f->slot))
			return bad(r, e, "this slot is in 'slots' too; a slot is held now or until a day, not both");
		if (pm_person_former_slot(p, f->slot) != f)
			return bad(r, e, "this slot is in former_slots twice; keep one");
	}
	return 0;
}

static int parse_person(struct reader *r, struct pm_keyring *k,
			const struct pm_yaml *n)
{
	static const char *const keys[] = { "principal", "name", "keys", "slots", "former_slots" };
	struct pm_person p;
	const struct pm_yaml *v;
	const char *why;
	size_t i, j;
	int ret;

	memset(&p, 0, sizeof(p));
	p.line = n ? n->line : 0;
	if ((ret = want_type(r, n, PM_YAML_MAP, "people entry")) ||
	    (ret = check_keys(r, n, keys, ARRAY_SIZE(keys), "a people entry")) ||
	    (ret = get_string(r, n, "principal", &p.principal, 1)) ||
	    (ret = get_string(r, n, "name", &p.name, 0)))
		goto fail;
	if ((why = principal_problem(p.principal))) {
		ret = bad(r, pm_yaml_get(n, "principal"), why);
		goto fail;
	}
	if (p.name && !pm_text_printable(p.name)) {
		ret = bad(r, pm_yaml_get(n, "name"),
			  "a name cannot hold control characters or invisible bidirectional controls: finalize writes it into postmortems and pmgit prints it");
		goto fail;
	}
	if (pm_keyring_person(k, p.principal)) {
		ret = bad(r, n, "this principal is listed twice; merge the entries");
		goto fail;
	}
	{
		const struct pm_person *o = slug_clash(k, p.principal);
		if (o) {
			struct pm_buf m = PM_BUF_INIT;
			pm_buf_addf(&m, "'%s' and '%s' (line %u) would name the same sign-off files, so one could overwrite the other's; make the principals differ in their letters or digits",
				    p.principal, o->principal, o->line);
			ret = bad(r, pm_yaml_get(n, "principal"), m.ptr);
			pm_buf_release(&m);
			goto fail;
		}
	}
	if ((v = pm_yaml_get(n, "keys"))) {
		if ((ret = get_list(r, v, "keys", &p.key_lines, &p.nr_keys)))
			goto fail;
		p.keys = pm_xcalloc(p.nr_keys ? p.nr_keys : 1, sizeof(*p.keys));
		for (i = 0; i < p.nr_keys; i++) {
			struct pm_buf where = PM_BUF_INIT;
			pm_buf_addf(&where, "%s:%u", r->name, v->items[i]->line);
			ret = pm_pubkey_parse(p.key_lines[i], &p.keys[i], where.ptr, r->err);
			pm_buf_release(&where);
			if (ret)
				goto fail;
			/* a shared key lets one person sign as two, past one_slot_per_person */
			for (j = 0; j < k->nr_people; j++)
				if (pm_person_has_key(&k->people[j], &p.keys[i])) {
					struct pm_buf m = PM_BUF_INIT;
					pm_buf_addf(&m, "this key is also %s's (line %u), so either could sign as the other; one key, one person",
						    k->people[j].principal, k->people[j].line);
					ret = bad(r, v->items[i], m.ptr);
					pm_buf_release(&m);
					goto fail;
				}
		}
	}
	if ((v = pm_yaml_get(n, "slots")) &&
	    (ret = get_list(r, v, "slots", &p.slots, &p.nr_slots)))
		goto fail;
	if ((v = pm_yaml_get(n, "former_slots")) && (ret = parse_former_slots(r, v, &p)))
		goto fail;
	k->people = pm_xrealloc(k->people, (k->nr_people + 1) * sizeof(*k->people));
	k->people[k->nr_people++] = p;
	return 0;
fail:
	person_release(&p);
	return ret;
}

static int parse_revocation(struct reader *r, struct pm_keyring *k,
			    const struct pm_yaml *n)
{
	static const char *const keys[] = { "key", "reason", "date", "compromised" };
	struct pm_revocation rv;
	const struct pm_yaml *v;
	int ret;

	memset(&rv, 0, sizeof(rv));
	rv.line = n ? n->line : 0;
	if ((ret = want_type(r, n, PM_YAML_MAP, "revoked entry")) ||
	    (ret = check_keys(r, n, keys, ARRAY_SIZE(keys), "a revoked entry")) ||
	    (ret = get_string(r, n, "key", &rv.key, 1)) ||
	    (ret = get_string(r, n, "reason", &rv.reason, 0)) ||
	    (ret = get_string(r, n, "date", &rv.date, 1)))
		goto fail;
	if (strncmp(rv.key, "SHA256:", 7)) {
		ret = bad(r, pm_yaml_get(n, "key"),
			  "a revoked key is named by its fingerprint, 'SHA256:...' as 'pmgit keyring list' shows it");
		goto fail;
	}
	if (!pm_parse_date(rv.date, &rv.days)) {
		ret = bad(r, pm_yaml_get(n, "date"), "'date' must be a date, YYYY-MM-DD");
		goto fail;
	}
	if ((v = pm_yaml_get(n, "compromised")) &&
	    (ret = parse_bool(r, v, "compromised", &rv.compromised)))
		goto fail;
	k->revoked = pm_xrealloc(k->revoked, (k->nr_revoked + 1) * sizeof(*k->revoked));
	k->revoked[k->nr_revoked++] = rv;
	return 0;
fail:
	free(rv.key);
	free(rv.reason);
	free(rv.date);
	return ret;
}

int pm_keyring_parse(struct pm_keyring *k, const char *name, const char *buf,
		     size_t len, struct pm_error *err)
{
	static const char *const keys[] = { "version", "people", "revoked", "admins" };
	struct reader r = { name, err };
	struct pm_yaml *root = NULL;
	const struct pm_yaml *v;
	long version = 1;
	size_t i;
	int ret = 0;

	memset(k, 0, sizeof(*k));
	k->version = 1;
	if ((ret = read_top(&r, buf, len, keys, ARRAY_SIZE(keys), "the keyring", &root, &version)) ||
	    !root)
		goto done;
	k->version = (int)version;
	if ((v = pm_yaml_get(root, "people")) && !pm_yaml_is_null(v)) {
		if ((ret = want_type(&r, v, PM_YAML_SEQ, "people")))
			goto done;
		for (i = 0; i < v->nr; i++)
			if ((ret = parse_person(&r, k, v->items[i])))
				goto done;
	}
	if ((v = pm_yaml_get(root, "revoked")) && !pm_yaml_is_null(v)) {
		if ((ret = want_type(&r, v, PM_YAML_SEQ, "revoked")))
			goto done;
		for (i = 0; i < v->nr; i++)
			if ((ret = parse_revocation(&r, k, v->items[i])))
				goto done;
	}
	if ((v = pm_yaml_get(root, "admins")) && !pm_yaml_is_null(v)) {
		static const char *const akeys[] = { "principals", "threshold" };
		const struct pm_yaml *t;
		if ((ret = want_type(&r, v, PM_YAML_MAP, "admins")) ||
		    (ret = check_keys(&r, v, akeys, ARRAY_SIZE(akeys), "admins")))
			goto done;
		if ((t = pm_yaml_get(v, "principals")) &&
		    (ret = get_list(&r, t, "principals", &k->admins, &k->nr_admins)))
			goto done;
		if ((t = pm_yaml_get(v, "threshold")) &&
		    (ret = parse_long(&r, t, "threshold", 1, 100, &k->threshold)))
			goto done;
	}
done:
	pm_yaml_free(root);
	if (ret)
		pm_keyring_release(k);
	return ret;
}

struct pm_person *pm_keyring_person(const struct pm_keyring *k,
				    const char *principal)
{
	size_t i;

	for (i = 0; i < k->nr_people; i++)
		if (!strcmp(k->people[i].principal, principal))
			return &k->people[i];
	return NULL;
}

const struct pm_person *pm_keyring_key_owner(const struct pm_keyring *k,
					     const struct pm_pubkey *key)
{
	size_t i;

	for (i = 0; i < k->nr_people; i++)
		if (pm_person_has_key(&k->people[i], key))
			return &k->people[i];
	return NULL;
}

const struct pm_revocation *pm_keyring_revocation(const struct pm_keyring *k,
						  const char *fingerprint)
{
	size_t i;

	for (i = 0; i < k->nr_revoked; i++)
		if (!strcmp(k->revoked[i].key, fingerprint))
			return &k->revoked[i];
	return NULL;
}

int pm_person_has_key(const struct pm_person *p, const struct pm_pubkey *key)
{
	size_t i;

	for (i = 0; i < p->nr_keys; i++)
		if (pm_pubkey_equal(&p->keys[i], key))
			return 1;
	return 0;
}

int pm_person_has_slot(const struct pm_person *p, const char *slot)
{
	size_t i;

	for (i = 0; i < p->nr_slots; i++)
		if (!strcasecmp(p->slots[i], slot))
			return 1;
	return 0;
}

const struct pm_former_slot *pm_person_former_slot(const struct pm_person *p,
						   const char *slot)
{
	size_t i;

	for (i = 0; i < p->nr_former; i++)
		if (!strcasecmp(p->former[i].slot, slot))
			return &p->former[i];
	return NULL;
}

int pm_person_holds_slot_on(const struct pm_person *p, const char *slot, long day)
{
	const struct pm_former_slot *f;

	return pm_person_has_slot(p, slot) ||
	       ((f = pm_person_former_slot(p, slot)) && day < f->days);
}

int pm_person_holds_slot(const struct pm_person *p, const char *slot, struct pm_error *err)
{
	if (pm_person_has_slot(p, slot))
		return 0;
	return pm_error_set(err, PM_EUSAGE, "%s does not hold the '%s' slot%s", p->principal,
			    slot, pm_person_former_slot(p, slot) ? " any more" : "");
}

int pm_person_end_slot(struct pm_person *p, const char *slot, long days,
		       const char *reason, struct pm_error *err)
{
	struct pm_buf date = PM_BUF_INIT;
	size_t i;
	int ret;

	if ((ret = pm_person_holds_slot(p, slot, err)))
		return ret;
	for (i = 0; strcasecmp(p->slots[i], slot); i++)
		;
	p->former = pm_xrealloc(p->former, (p->nr_former + 1) * sizeof(*p->former));
	p->former[p->nr_former].slot = p->slots[i];
	pm_format_date(&date, days);
	p->former[p->nr_former].until = pm_buf_detach(&date, NULL);
	p->former[p->nr_former].reason = reason ? pm_xstrdup(reason) : NULL;
	p->former[p->nr_former++].days = days;
	memmove(&p->slots[i], &p->slots[i + 1], (p->nr_slots - i - 1) * sizeof(*p->slots));
	p->nr_slots--;
	return 0;
}

int pm_keyring_add(struct pm_keyring *k, const char *principal,
		   const char *name, const char *key_line,
		   const struct pm_pubkey *key, char *const *slots,
		   size_t nr_slots, struct pm_error *err)
{
	const struct pm_person *clash;
	struct pm_person *p;
	const char *why;
	size_t i;

	if ((why = principal_problem(principal)))
		return pm_error_set(err, PM_EUSAGE, "'%s' cannot be a principal: %s", principal, why);
	if ((clash = slug_clash(k, principal)))
		return pm_error_set(err, PM_EUSAGE,
				    "'%s' and '%s' would name the same sign-off files, so one could overwrite the other's; use a principal that differs in its letters or digits",
				    principal, clash->principal);
	p = pm_keyring_person(k, principal);
	if (key && (clash = pm_keyring_key_owner(k, key)) && clash != p)
		return pm_error_set(err, PM_EEXISTS,
				    "that key already belongs to '%s'; one key, one person",
				    clash->principal);
	if (!p && !key)
		return pm_error_set(err, PM_EUSAGE,
				    "'%s' is not in the keyring yet; give their public key with --key",
				    principal);
	if (!p) {
		k->people = pm_xrealloc(k->people, (k->nr_people + 1) * sizeof(*k->people));
		p = &k->people[k->nr_people++];
		memset(p, 0, sizeof(*p));
		p->principal = pm_xstrdup(principal);
	}
	if (name) {
		free(p->name);
		p->name = pm_xstrdup(name);
	}
	if (key && !pm_person_has_key(p, key)) {
		p->keys = pm_xrealloc(p->keys, (p->nr_keys + 1) * sizeof(*p->keys));
		p->key_lines = pm_xrealloc(p->key_lines,
					   (p->nr_keys + 1) * sizeof(*p->key_lines));
		p->keys[p->nr_keys] = *key;
		p->key_lines[p->nr_keys++] = pm_xstrdup(key_line);
	}
	for (i = 0; i < nr_slots; i++) {
		const struct pm_former_slot *f;
		if (pm_person_has_slot(p, slots[i]))
			continue;
		if ((f = pm_person_former_slot(p, slots[i]))) {
			/* held again: the grant is current, the end date goes */
			size_t at = (size_t)(f - p->former);
			free(p->former[at].slot);
			free(p->former[at].until);
			free(p->former[at].reason);
			memmove(&p->former[at], &p->former[at + 1],
				(p->nr_former - at - 1) * sizeof(*p->former));
			p->nr_former--;
		}
		p->slots = pm_xrealloc(p->slots, (p->nr_slots + 1) * sizeof(*p->slots));
		p->slots[p->nr_slots++] = pm_xstrdup(slots[i]);
	}
	return 0;
}

static void emit_kv(struct pm_yaml_out *w, const char *key, const char *value)
{
	pm_yaml_scalar(w, key, 0);
	pm_yaml_scalar(w, value, 0);
}

static void emit_list(struct pm_yaml_out *w, const char *key, char *const *v,
		      size_t n, int flow)
{
	size_t i;

	pm_yaml_scalar(w, key, 0);
	pm_yaml_seq_start(w, flow);
	for (i = 0; i < n; i++)
		pm_yaml_scalar(w, v[i], 0);
	pm_yaml_seq_end(w);
}

int pm_keyring_encode(const struct pm_keyring *k, struct pm_buf *out,
		      struct pm_error *err)
{
	struct pm_yaml_out *w = pm_yaml_out_new(out);
	struct pm_buf num = PM_BUF_INIT;
	size_t i;

	pm_yaml_map_start(w, 0);
	pm_buf_addf(&num, "%d", k->version);
	emit_kv(w, "version", num.ptr);
	pm_yaml_scalar(w, "people", 0);
	pm_yaml_seq_start(w, 0);
	for (i = 0; i < k->nr_people; i++) {
		const struct pm_person *p = &k->people[i];
		pm_yaml_map_start(w, 0);
		emit_kv(w, "principal", p->principal);
		if (p->name)
			emit_kv(w, "name", p->name);
		emit_list(w, "keys", p->key_lines, p->nr_keys, 0);
		emit_list(w, "slots", p->slots, p->nr_slots, 1);
		if (p->nr_former) {
			size_t k2;
			pm_yaml_scalar(w, "former_slots", 0);
			pm_yaml_seq_start(w, 0);
			for (k2 = 0; k2 < p->nr_former; k2++) {
				pm_yaml_map_start(w, 1);
				emit_kv(w, "slot", p->former[k2].slot);
				emit_kv(w, "until", p->former[k2].until);
				if (p->former[k2].reason)
					emit_kv(w, "reason", p->former[k2].reason);
				pm_yaml_map_end(w);
			}
			pm_yaml_seq_end(w);
		}
		pm_yaml_map_end(w);
	}
	pm_yaml_seq_end(w);
	pm_yaml_scalar(w, "revoked", 0);
	pm_yaml_seq_start(w, 0);
	for (i = 0; i < k->nr_revoked; i++) {
		const struct pm_revocation *r = &k->revoked[i];
		pm_yaml_map_start(w, 0);
		emit_kv(w, "key", r->key);
		emit_kv(w, "reason", r->reason ? r->reason : "");
		emit_kv(w, "date", r->date);
		if (r->compromised)
			emit_kv(w, "compromised", "true");
		pm_yaml_map_end(w);
	}
	pm_yaml_seq_end(w);
	if (k->nr_admins || k->threshold) {
		pm_yaml_scalar(w, "admins", 0);
		pm_yaml_map_start(w, 0);
		emit_list(w, "principals", k->admins, k->nr_admins, 1);
		pm_buf_reset(&num);
		pm_buf_addf(&num, "%ld", k->threshold);
		emit_kv(w, "threshold", num.ptr);
		pm_yaml_map_end(w);
	}
	pm_yaml_map_end(w);
	pm_buf_release(&num);
	if (pm_yaml_out_finish(w))
		return pm_error_set(err, PM_ERROR, "cannot write the keyring as YAML");
	return 0;
}

void pm_keyring_allowed_signers(const struct pm_keyring *kr, struct pm_buf *out)
{
	struct pm_buf fp = PM_BUF_INIT;
	size_t i, k;

	pm_buf_adds(out, "# allowed_signers exported by pmgit from " PM_KEYRING_PATH "\n"
			 "# verify with: ssh-keygen -Y verify -f THIS_FILE -I PRINCIPAL -n "
			 PM_SIGNOFF_NAMESPACE " -s SIG < STATEMENT\n");
	for (i = 0; i < kr->nr_people; i++) {
		const struct pm_person *p = &kr->people[i];
		for (k = 0; k < p->nr_keys; k++) {
			const struct pm_revocation *rv;
			pm_buf_reset(&fp);
			pm_pubkey_fingerprint(&p->keys[k], &fp);
			rv = pm_keyring_revocation(kr, fp.ptr);
			if (rv && rv->compromised) {
				pm_buf_addf(out, "# %s %s: revoked %s as compromised, left out\n",
					    p->principal, fp.ptr, rv->date);
				continue;
			}
			pm_buf_addf(out, "%s namespaces=\"%s\"", p->principal, PM_SIGNOFF_NAMESPACE);
			if (rv) {
				int y;
				unsigned m, d;
				pm_civil_from_days(rv->days - 1, &y, &m, &d);
				pm_buf_addf(out, ",valid-before=\"%04d%02u%02u235959Z\"", y, m, d);
			}
			pm_buf_addch(out, ' ');
			pm_pubkey_format(&p->keys[k], NULL, out);
			pm_buf_addch(out, '\n');
		}
	}
	pm_buf_release(&fp);
}

/* ---- incident ID formats ---- */

struct idpart {
	const char *lit;
	size_t lit_len;
	int kind; /* 0 literal, 1 year, 2 seq */
	int width;
};

/* Splits fmt into parts; returns count, or -1 on a malformed placeholder. */
static int idfmt_parts(const char *fmt, struct idpart *parts, int max)
{
	int n = 0;
	const char *s = fmt;

	while (*s) {
		if (n >= max)
			return -1;
		if (*s == '{') {
			const char *e = strchr(s, '}');
			if (!e)
				return -1;
			if (e - s == 5 && !strncmp(s, "{year}", 6)) {
				parts[n].kind = 1;
				parts[n].width = 4;
			} else if (e - s == 4 && !strncmp(s, "{seq}", 5)) {
				parts[n].kind = 2;
				parts[n].width = 1;
			} else if (!strncmp(s, "{seq:", 5) && isdigit((unsigned char)s[5]) &&
				   e == s + 6) {
				parts[n].kind = 2;
				parts[n].width = s[5] - '0';
			} else {
				return -1;
			}
			parts[n].lit = NULL;
			parts[n].lit_len = 0;
			n++;
			s = e + 1;
			continue;
		}
		parts[n].kind = 0;
		parts[n].lit = s;
		while (*s && *s != '{')
			s++;
		parts[n].lit_len = (size_t)(s - parts[n].lit);
		n++;
	}
	return n;
}

int pm_idfmt_check(const char *fmt, struct pm_error *err)
{
	struct idpart parts[16];
	int n = idfmt_parts(fmt, parts, 16), i, seq = 0, year = 0;
	const char *s;

	if (n < 0)
		return pm_error_set(err, PM_EFORMAT,
				    "id_format '%s' has an unknown placeholder; use {year} and {seq:N}",
				    fmt);
	for (i = 0; i < n; i++) {
		seq += parts[i].kind == 2;
		year += parts[i].kind == 1;
		if (i && parts[i].kind && parts[i - 1].kind)
			return pm_error_set(err, PM_EFORMAT,
					    "id_format '%s' needs text between placeholders",
					    fmt);
	}
	if (seq != 1 || year > 1)
		return pm_error_set(err, PM_EFORMAT,
				    "id_format '%s' needs exactly one {seq:N} and at most one {year}",
				    fmt);
	for (s = fmt; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_.{}:", *s))
			return pm_error_set(err, PM_EFORMAT,
					    "id_format '%s' may only use letters, digits, '-', '_' and '.', because IDs are file names",
					    fmt);
	return 0;
}

int pm_idfmt_match(const char *fmt, const char *id, int *year, long *seq)
{
	struct idpart parts[16];
	int n = idfmt_parts(fmt, parts, 16), i;
	const char *s = id;

	*year = 0;
	*seq = 0;
	if (n < 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (parts[i].kind == 0) {
			if (strncmp(s, parts[i].lit, parts[i].lit_len))
				return 0;
			s += parts[i].lit_len;
		} else if (parts[i].kind == 1) {
			int k, y = 0;
			for (k = 0; k < 4; k++) {
				if (!isdigit((unsigned char)s[k]))
					return 0;
				y = y * 10 + (s[k] - '0');
			}
			if (isdigit((unsigned char)s[4]) || y < 1900)
				return 0;
			*year = y;
			s += 4;
		} else {
			int k = 0;
			long v = 0;
			while (k < 9 && isdigit((unsigned char)s[k])) {
				v = v * 10 + (s[k] - '0');
				k++;
			}
			if (k < parts[i].width || isdigit((unsigned char)s[k]) || v == 0 ||
			    (k > parts[i].width && s[0] == '0'))
				return 0;
			*seq = v;
			s += k;
		}
	}
	return *s == '\0';
}

void pm_idfmt_make(const char *fmt, int year, long seq, struct pm_buf *out)
{
	struct idpart parts[16];
	int n = idfmt_parts(fmt, parts, 16), i;

	for (i = 0; i < n; i++) {
		if (parts[i].kind == 0)
			pm_buf_add(out, parts[i].lit, parts[i].lit_len);
		else if (parts[i].kind == 1)
			pm_buf_addf(out, "%04d", year);
		else
			pm_buf_addf(out, "%0*ld", parts[i].width, seq);
	}
}

void pm_idfmt_example(const char *fmt, struct pm_buf *out)
{
	int y;
	unsigned m, d;

	pm_civil_from_days(pm_today(), &y, &m, &d);
	pm_idfmt_make(fmt, y, 1, out);
}

/*
 * One ID's shape: its last run of digits is the sequence, an earlier run
 * of four digits that reads as a year is the year, the rest is literal.
 * *width is the sequence's length.
 */
static int idfmt_shape(const char *id, struct pm_buf *out, int *width)
{
	const char *s, *seq = NULL, *year = NULL;
	size_t n;

	*width = 0;
	for (s = id; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_.", *s))
			return 0;
	for (s = id; *s; s += n) {
		for (n = 0; isdigit((unsigned char)s[n]); n++)
			;
		if (!n) {
			n = 1;
			continue;
		}
		/* the run before, four digits that read as a year */
		if (seq && !year && *width == 4 &&
		    (seq[0] == '1' ? !strncmp(seq, "19", 2) : !strncmp(seq, "20", 2)))
			year = seq;
		seq = s;
		*width = (int)n;
	}
	if (!seq || *width > 9)
		return 0;
	pm_buf_reset(out);
	for (s = id; *s;) {
		if (s == year) {
			pm_buf_adds(out, "{year}");
			s += 4;
		} else if (s == seq) {
			pm_buf_adds(out, "{seq}");
			s += *width;
		} else {
			pm_buf_addch(out, *s++);
		}
	}
	return 1;
}

int pm_idfmt_guess(char *const *ids, size_t n, struct pm_buf *out)
{
	struct pm_buf shape = PM_BUF_INIT, fmt = PM_BUF_INIT;
	int width = 0, least = 9, year;
	long seq;
	size_t i;
	int ok = n > 0;

	for (i = 0; ok && i < n; i++) {
		ok = idfmt_shape(ids[i], i ? &shape : &fmt, &width) &&
		     (!i || !strcmp(shape.ptr, fmt.ptr));
		if (ok && width < least)
			least = width;
	}
	if (ok) {
		const char *at = strstr(fmt.ptr, "{seq}");
		pm_buf_reset(out);
		pm_buf_add(out, fmt.ptr, (size_t)(at - fmt.ptr) + 4);
		if (least > 1)
			pm_buf_addf(out, ":%d", least);
		pm_buf_adds(out, at + 4);
		ok = !pm_idfmt_check(out->ptr, NULL);
		for (i = 0; ok && i < n; i++)
			ok = pm_idfmt_match(out->ptr, ids[i], &year, &seq);
	}
	pm_buf_release(&shape);
	pm_buf_release(&fmt);
	return ok;
}

/* ---- a Final postmortem's follow-up ---- */

static void update_release(struct pm_action_update *u)
{
	free(u->action);
	free(u->status);
	free(u->due);
	free(u->date);
	free(u->by);
	free(u->note);
}

static int parse_update(struct reader *r, struct pm_followup *f, const struct pm_yaml *n)
{
	static const char *const keys[] = { "action", "status", "due", "date", "by", "note" };
	struct pm_action_update u;
	long days;
	int ret;

	memset(&u, 0, sizeof(u));
	u.due_days = -1;
	if ((ret = want_type(r, n, PM_YAML_MAP, "an update")) ||
	    (ret = check_keys(r, n, keys, ARRAY_SIZE(keys), "an update")) ||
	    (ret = get_string(r, n, "action", &u.action, 1)) ||
	    (ret = get_string(r, n, "status", &u.status, 0)) ||
	    (ret = get_string(r, n, "due", &u.due, 0)) ||
	    (ret = get_string(r, n, "date", &u.date, 1)) ||
	    (ret = get_string(r, n, "by", &u.by, 0)) ||
	    (ret = get_string(r, n, "note", &u.note, 0)))
		goto fail;
	u.line = n->line;
	if (!u.status && !u.due)
		ret = bad(r, n, "an update gives a 'status', a new 'due' date, or both");
	else if (u.status && pm_action_state(u.status) < 0)
		ret = bad(r, pm_yaml_get(n, "status"),
			  "'status' must be Planned, In Progress, Blocked, Done or Cancelled");
	else if (u.due && !pm_parse_date(u.due, &u.due_days))
		ret = bad(r, pm_yaml_get(n, "due"), "'due' must be a date, YYYY-MM-DD");
	else if (!pm_parse_date(u.date, &days))
		ret = bad(r, pm_yaml_get(n, "date"), "'date' must be a date, YYYY-MM-DD");
	if (ret)
		goto fail;
	f->updates = pm_xrealloc(f->updates, (f->nr + 1) * sizeof(*f->updates));
	f->updates[f->nr++] = u;
	return 0;
fail:
	update_release(&u);
	return ret;
}

int pm_followup_parse(struct pm_followup *f, const char *name, const char *buf,
		      size_t len, struct pm_error *err)
{
	static const char *const keys[] = { "version", "updates" };
	struct reader r = { name, err };
	struct pm_yaml *root = NULL;
	const struct pm_yaml *v;
	long version = 1;
	size_t i;
	int ret = 0;

	memset(f, 0, sizeof(*f));
	if ((ret = read_top(&r, buf, len, keys, ARRAY_SIZE(keys), "the follow-up", &root, &version)) ||
	    !root)
		goto done;
	if (version != 1) {
		ret = bad(&r, pm_yaml_get(root, "version"),
			  "this pmgit reads follow-ups of version 1; upgrade pmgit to read a newer one");
		goto done;
	}
	if ((v = pm_yaml_get(root, "updates")) && !pm_yaml_is_null(v)) {
		if ((ret = want_type(&r, v, PM_YAML_SEQ, "updates")))
			goto done;
		for (i = 0; i < v->nr; i++)
			if ((ret = parse_update(&r, f, v->items[i])))
				goto done;
	}
done:
	pm_yaml_free(root);
	if (ret)
		pm_followup_release(f);
	return ret;
}

void pm_followup_release(struct pm_followup *f)
{
	size_t i;

	for (i = 0; i < f->nr; i++)
		update_release(&f->updates[i]);
	free(f->updates);
	memset(f, 0, sizeof(*f));
}

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

int pm_action_update_same(const struct pm_action_update *a,
			  const struct pm_action_update *b)
{
	return same_str(a->action, b->action) && same_str(a->status, b->status) &&
	       same_str(a->due, b->due) && same_str(a->date, b->date) &&
	       same_str(a->by, b->by) && same_str(a->note, b->note);
}

int pm_followup_encode(const struct pm_followup *f, const char *id,
		       struct pm_buf *out, struct pm_error *err)
{
	struct pm_yaml_out *w;
	size_t i;

	pm_buf_addf(out, "# Progress on the action items of %s since it became Final: the signed\n"
			 "# postmortem stays as it was signed. 'pmgit actions update' adds to this\n"
			 "# list; earlier updates are never changed.\n", id);
	w = pm_yaml_out_new(out);
	pm_yaml_map_start(w, 0);
	emit_kv(w, "version", "1");
	pm_yaml_scalar(w, "updates", 0);
	pm_yaml_seq_start(w, 0);
	for (i = 0; i < f->nr; i++) {
		const struct pm_action_update *u = &f->updates[i];
		/*
		 * an update a line: git's union merge (.gitattributes, from
		 * pmgit init) then keeps whole updates of both branches
		 */
		pm_yaml_map_start(w, 1);
		emit_kv(w, "action", u->action);
		if (u->status)
			emit_kv(w, "status", u->status);
		if (u->due)
			emit_kv(w, "due", u->due);
		emit_kv(w, "date", u->date);
		if (u->by)
			emit_kv(w, "by", u->by);
		if (u->note)
			emit_kv(w, "note", u->note);
		pm_yaml_map_end(w);
	}
	pm_yaml_seq_end(w);
	pm_yaml_map_end(w);
	if (pm_yaml_out_finish(w))
		return pm_error_set(err, PM_ERROR, "cannot write the follow-up as YAML");
	return 0;
}

int pm_followup_same(const struct pm_followup *a, const struct pm_followup *b)
{
	size_t i;

	if (a->nr != b->nr)
		return 0;
	for (i = 0; i < a->nr; i++)
		if (!pm_action_update_same(&a->updates[i], &b->updates[i]))
			return 0;
	return 1;
}

int pm_followup_append(const char *old, size_t old_len, const struct pm_followup *f,
		       const char *id, struct pm_buf *out, struct pm_error *err)
{
	struct pm_followup last = { f->nr ? &f->updates[f->nr - 1] : NULL, f->nr ? 1 : 0 };
	struct pm_followup back;
	struct pm_buf one = PM_BUF_INIT, try = PM_BUF_INIT;
	const char *item, *p, *line;
	size_t indent = 0, start = out->len;
	int fits = 0;

	if (!old || !old_len || !f->nr || pm_followup_encode(&last, id, &one, NULL) ||
	    !(item = strstr(one.ptr, "\nupdates:\n")))
		goto whole;
	item += strlen("\nupdates:\n");
	/* the earlier items' indentation: the last line that opens one */
	for (line = old; line < old + old_len; line = p + 1) {
		size_t in = 0;
		if (!(p = memchr(line, '\n', (size_t)(old + old_len - line))))
			p = old + old_len;
		while (line + in < p && line[in] == ' ')
			in++;
		if (line + in + 1 < p && line[in] == '-' && line[in + 1] == ' ')
			indent = in;
	}
	pm_buf_add(&try, old, old_len);
	if (old[old_len - 1] != '\n')
		pm_buf_addch(&try, '\n');
	for (line = item; *line; line = *p ? p + 1 : p) {
		if (!(p = strchr(line, '\n')))
			p = line + strlen(line);
		pm_buf_addf(&try, "%*s", (int)indent, "");
		pm_buf_add(&try, line, (size_t)(p - line));
		pm_buf_addch(&try, '\n');
	}
	if (!pm_followup_parse(&back, id, try.ptr, try.len, NULL)) {
		fits = pm_followup_same(&back, f);
		pm_followup_release(&back);
	}
	if (fits)
		pm_buf_add(out, try.ptr, try.len);
whole:
	pm_buf_release(&one);
	pm_buf_release(&try);
	if (fits)
		return 0;
	pm_buf_setlen(out, start);
	return pm_followup_encode(f, id, out, err);
}
