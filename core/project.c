#include "project.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc.h"
#include "fsutil.h"
#include "lint.h"
#include "pool.h"

#include "banned.h"

static void store_release(struct pm_project_store *st)
{
	pm_config_release(&st->cfg);
	pm_buf_release(&st->cfg_err);
	pm_buf_release(&st->kr_err);
	if (st->kr_loaded)
		pm_keyring_release(&st->kr);
	if (st->tpl_loaded)
		pm_template_release(&st->tpl);
	memset(st, 0, sizeof(*st));
	pm_buf_init(&st->cfg_err, 0);
	pm_buf_init(&st->kr_err, 0);
}

static int store_load_config(struct pm_project_store *st, struct pm_snap *snap,
			     struct pm_error *err)
{
	struct pm_buf buf = PM_BUF_INIT;
	int ret;

	ret = pm_snap_read(snap, PM_CONFIG_PATH, 1u << 20, &buf, err);
	if (ret == PM_ENOTFOUND) {
		pm_config_defaults(&st->cfg);
		ret = pm_error_set(err, PM_ENOREPO,
				   "no %s in this repository; run 'pmgit init' first",
				   PM_CONFIG_PATH);
	} else if (!ret) {
		ret = pm_config_parse(&st->cfg, PM_CONFIG_PATH, buf.ptr, buf.len, err);
	} else {
		pm_config_defaults(&st->cfg);
	}
	pm_buf_release(&buf);
	st->cfg_ret = ret;
	if (ret && err)
		pm_buf_sets(&st->cfg_err, err->msg.ptr);
	return ret;
}

int pm_project_open_cached(struct pm_project *p, struct pm_snap *snap,
			   struct pm_project_cache *cache, struct pm_error *err)
{
	git_oid key;

	memset(p, 0, sizeof(*p));
	pm_buf_init(&p->own.cfg_err, 0);
	pm_buf_init(&p->own.kr_err, 0);
	p->snap = snap;
	p->store = &p->own;
	/* only a commit's tree has a .pmgit tree id to key the cache with */
	if (cache && snap->kind == PM_SNAP_TREE && !snap->nr_overlay) {
		pm_snap_subtree_id(snap, PM_PMGIT_DIR, &key);
		p->store = &cache->store;
		if (!cache->valid || !git_oid_equal(&key, &cache->key)) {
			store_release(&cache->store);
			git_oid_cpy(&cache->key, &key);
			cache->valid = 1;
			store_load_config(&cache->store, snap, err);
		} else if (cache->store.cfg_ret) {
			pm_error_set(err, cache->store.cfg_ret, "%s", cache->store.cfg_err.ptr);
		}
		p->cfg = &p->store->cfg;
		if (p->store->kr_loaded)
			p->kr = &p->store->kr;
		return p->store->cfg_ret;
	}
	p->cfg = &p->own.cfg;
	return store_load_config(&p->own, snap, err);
}

int pm_project_open(struct pm_project *p, struct pm_snap *snap,
		    struct pm_error *err)
{
	return pm_project_open_cached(p, snap, NULL, err);
}

void pm_project_release(struct pm_project *p)
{
	pm_strlist_release(&p->id_paths);
	free(p->ids);
	store_release(&p->own);
	pm_buf_release(&p->own.cfg_err);
	pm_buf_release(&p->own.kr_err);
	memset(p, 0, sizeof(*p));
}

void pm_project_cache_init(struct pm_project_cache *c)
{
	memset(c, 0, sizeof(*c));
	pm_buf_init(&c->store.cfg_err, 0);
	pm_buf_init(&c->store.kr_err, 0);
}

void pm_project_cache_release(struct pm_project_cache *c)
{
	store_release(&c->store);
	pm_buf_release(&c->store.cfg_err);
	pm_buf_release(&c->store.kr_err);
	c->valid = 0;
}

int pm_project_keyring(struct pm_project *p, struct pm_error *err)
{
	struct pm_project_store *st = p->store;
	struct pm_error why = PM_ERROR_INIT;
	struct pm_buf buf = PM_BUF_INIT;
	int ret;

	if (st->kr_loaded) {
		if (p->kr != &st->kr) /* no write once set: threads share p */
			p->kr = &st->kr;
		return 0;
	}
	/* a keyring that did not load is not read again: the same answer */
	if (st->kr_ret)
		return pm_error_set(err, st->kr_ret, "%s", st->kr_err.ptr);
	ret = pm_snap_read(p->snap, PM_KEYRING_PATH, 1u << 20, &buf, &why);
	if (ret == PM_ENOTFOUND) {
		memset(&st->kr, 0, sizeof(st->kr));
		st->kr.version = 1;
		ret = 0;
	} else if (!ret) {
		ret = pm_keyring_parse(&st->kr, PM_KEYRING_PATH, buf.ptr, buf.len, &why);
	}
	pm_buf_release(&buf);
	if (!ret) {
		st->kr_loaded = 1;
		p->kr = &st->kr;
	} else {
		st->kr_ret = ret;
		pm_buf_sets(&st->kr_err, why.msg.ptr ? why.msg.ptr : "cannot read the keyring");
		pm_error_set(err, ret, "%s", st->kr_err.ptr);
	}
	pm_error_release(&why);
	return ret;
}

static void copy_learned(char ***list, size_t *nr, size_t *alloc, const struct pm_learned *l)
{
	size_t i;

	PM_ALLOC_GROW(*list, *nr + l->nr, *alloc);
	for (i = 0; i < l->nr; i++)
		(*list)[(*nr)++] = pm_xstrdup(l->items[i]);
}

void pm_template_builtin(struct pm_template *t)
{
	copy_learned(&t->placeholders, &t->nr_placeholders, &t->alloc_placeholders,
		     &pm_builtin_placeholders);
	copy_learned(&t->examples, &t->nr_examples, &t->alloc_examples, &pm_builtin_examples);
	copy_learned(&t->signoff_labels, &t->nr_signoff_labels, &t->alloc_signoff_labels,
		     &pm_builtin_signoff_labels);
}

struct pm_template *pm_project_template(struct pm_project *p)
{
	struct pm_project_store *st = p->store;
	struct pm_buf buf = PM_BUF_INIT;

	if (st->tpl_loaded)
		return &st->tpl;
	pm_template_builtin(&st->tpl);
	if (!pm_snap_read(p->snap, PM_TEMPLATE_PATH, PM_DOC_MAX_BYTES, &buf, NULL)) {
		pm_template_learn(&st->tpl, buf.ptr, buf.len);
		pm_template_outline(&st->tpl, buf.ptr, buf.len);
	}
	pm_buf_release(&buf);
	st->tpl_loaded = 1;
	return &st->tpl;
}

int pm_project_template_text(struct pm_project *p, struct pm_buf *out,
			     struct pm_error *err)
{
	int ret = pm_snap_read(p->snap, PM_TEMPLATE_PATH, PM_DOC_MAX_BYTES, out, err);

	if (ret == PM_ENOTFOUND) {
		pm_buf_reset(out);
		pm_buf_add(out, pm_builtin_template, pm_builtin_template_len);
		return 0;
	}
	return ret;
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && !strncasecmp(s + n - k, suffix, k);
}

int pm_project_record_doc(const char *path, const char *from, struct pm_buf *doc)
{
	const char *sig;

	for (sig = from; (sig = strstr(sig, PM_SIGNOFFS_SUFFIX "/")); sig++) {
		if (sig == from || sig[-1] == '/')
			continue; /* ".signoffs" with no ID before it */
		if (doc) {
			pm_buf_reset(doc);
			pm_buf_add(doc, path, (size_t)(sig - path));
			pm_buf_adds(doc, ".md");
		}
		return 1;
	}
	return 0;
}

int pm_project_aside_name(const char *basename)
{
	return !strcasecmp(basename, "README.md") || !strcasecmp(basename, "TEMPLATE.md");
}

int pm_project_other_markdown(const char *path)
{
	static const char *const exts[] = {
		".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn", ".mdtxt", ".mdtext",
	};
	const char *base = pm_basename(path);
	size_t i, n = strlen(base);

	if (!strncasecmp(base, "README.", 7) || !strncasecmp(base, "TEMPLATE.", 9))
		return 0;
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (ends_with(base, n, exts[i]) && n > strlen(exts[i]))
			return 1;
	return 0;
}

void pm_project_other_markdown_why(const struct pm_config *cfg, const char *path,
				   struct pm_buf *out)
{
	const char *dot = strrchr(path, '.');

	pm_buf_addf(out, "'%s' is a Markdown file under %s/, but pmgit reads the .md files alone as postmortems, so nothing checks or guards it; rename it: git mv '%s' '%.*s.md'",
		    path, cfg->directory, path, (int)(dot - path), path);
}

enum pm_path_kind pm_project_classify(const struct pm_config *cfg,
				      const char *path, struct pm_buf *doc)
{
	size_t dl = strlen(cfg->directory), n;
	const char *rest, *slash;

	if (!strncmp(path, PM_PMGIT_DIR "/", strlen(PM_PMGIT_DIR) + 1))
		return PM_PATH_POLICY;
	if (strncmp(path, cfg->directory, dl) || path[dl] != '/')
		return PM_PATH_OTHER;
	rest = path + dl + 1;
	n = strlen(path);
	/*
	 * a record: <...>/<ID>.signoffs/<file>. Anything deeper belongs to
	 * the same document: judged as its record (and refused), not let by
	 * as a file no check looks at, while verify reads it
	 */
	if (pm_project_record_doc(path, rest, doc))
		return PM_PATH_RECORD;
	slash = strrchr(rest, '/');
	if (ends_with(path, n, ".md") && !pm_project_aside_name(slash ? slash + 1 : rest))
		return PM_PATH_DOCUMENT;
	if (ends_with(path, n, PM_FOLLOWUP_SUFFIX) &&
	    strlen(slash ? slash + 1 : rest) > strlen(PM_FOLLOWUP_SUFFIX)) {
		if (doc) {
			pm_buf_reset(doc);
			pm_buf_add(doc, path, n - strlen(PM_FOLLOWUP_SUFFIX));
			pm_buf_adds(doc, ".md");
		}
		return PM_PATH_FOLLOWUP;
	}
	return PM_PATH_OTHER;
}

void pm_project_followup_path(const char *doc, struct pm_buf *out)
{
	size_t n = strlen(doc);

	pm_buf_reset(out);
	pm_buf_add(out, doc, ends_with(doc, n, ".md") ? n - 3 : n);
	pm_buf_adds(out, PM_FOLLOWUP_SUFFIX);
}

int pm_project_followup(struct pm_project *p, const char *doc, struct pm_followup *f,
			struct pm_buf *path, struct pm_buf *why)
{
	struct pm_error err = PM_ERROR_INIT;
	struct pm_buf src = PM_BUF_INIT;
	int r;

	memset(f, 0, sizeof(*f));
	pm_buf_reset(why);
	pm_project_followup_path(doc, path);
	r = pm_snap_read(p->snap, path->ptr, PM_FOLLOWUP_MAX, &src, &err);
	if (r == PM_ENOTFOUND) {
		r = 0;
	} else {
		if (!r)
			pm_followup_parse(f, path->ptr, src.ptr, src.len, &err);
		if (err.code)
			pm_buf_adds(why, err.msg.ptr);
		r = 1;
	}
	pm_buf_release(&src);
	pm_error_release(&err);
	return r;
}

void pm_project_records_dir(const char *doc, struct pm_buf *out)
{
	size_t n = strlen(doc);

	pm_buf_reset(out);
	pm_buf_add(out, doc, ends_with(doc, n, ".md") ? n - 3 : n);
	pm_buf_adds(out, PM_SIGNOFFS_SUFFIX);
}

const char *pm_project_misplaced(const struct pm_config *cfg, struct pm_snap *snap,
				 struct pm_buf *where)
{
	const char *dirs[] = { cfg->directory, PM_PMGIT_DIR };
	size_t i, n;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		for (n = 0;; n++) {
			if (dirs[i][n] && dirs[i][n] != '/')
				continue;
			pm_buf_reset(where);
			pm_buf_add(where, dirs[i], n);
			switch (pm_snap_kind(snap, where->ptr)) {
			case PM_ENTRY_FILE: return "a file";
			case PM_ENTRY_LINK: return "a symbolic link";
			case PM_ENTRY_OTHER: return "a submodule or a special file";
			case PM_ENTRY_DIR: break;
			case PM_ENTRY_NONE: n = strlen(dirs[i]); break; /* nothing below either */
			}
			if (!dirs[i][n])
				break;
		}
	}
	pm_buf_reset(where);
	return NULL;
}

int pm_project_listing(struct pm_project *p, struct pm_strlist *out,
		       struct pm_strlist *unread, struct pm_error *err)
{
	struct pm_strlist all = PM_STRLIST_INIT;
	size_t i;
	int ret;

	if ((ret = pm_snap_whole(p->snap, p->cfg->directory, err)) ||
	    (ret = pm_snap_list(p->snap, p->cfg->directory, PM_SIGNOFFS_SUFFIX, &all, err)))
		return ret;
	for (i = 0; i < all.nr; i++)
		if (pm_project_classify(p->cfg, all.items[i], NULL) == PM_PATH_DOCUMENT)
			pm_strlist_add(out, all.items[i]);
		else if (unread && pm_project_other_markdown(all.items[i]))
			pm_strlist_add(unread, all.items[i]);
	pm_strlist_release(&all);
	pm_strlist_sort_natural(out); /* PM-7 before PM-12, as listed to people */
	if (unread)
		pm_strlist_sort_natural(unread);
	return 0;
}

int pm_project_documents(struct pm_project *p, struct pm_strlist *out,
			 struct pm_error *err)
{
	return pm_project_listing(p, out, NULL, err);
}

int pm_project_load_doc(struct pm_project *p, const char *doc,
			struct pm_loaded_doc *out, struct pm_error *err)
{
	int ret;

	memset(out, 0, sizeof(*out));
	out->path = pm_xstrdup(doc);
	ret = pm_snap_read(p->snap, doc, PM_DOC_MAX_BYTES, &out->src, err);
	if (ret == PM_ELIMIT && !pm_snap_size(p->snap, doc, &out->oversize)) {
		pm_buf_reset(&out->src);
		pm_error_clear(err);
		ret = 0;
	}
	return ret;
}

int pm_project_load_records(struct pm_project *p, struct pm_loaded_doc *d,
			    struct pm_error *err)
{
	struct pm_strlist recs = PM_STRLIST_INIT;
	struct pm_buf dir = PM_BUF_INIT;
	size_t i;
	int ret;

	pm_project_records_dir(d->path, &dir);
	if ((ret = pm_snap_list(p->snap, dir.ptr, NULL, &recs, err)))
		goto done;
	d->records = pm_xcalloc(recs.nr ? recs.nr : 1, sizeof(*d->records));
	d->record_data = pm_xcalloc(recs.nr ? recs.nr : 1, sizeof(*d->record_data));
	for (i = 0; i < recs.nr; i++) {
		const char *name = recs.items[i];
		if (strlen(name) < 5 || strcmp(name + strlen(name) - 5, ".yaml"))
			continue;
		pm_buf_init(&d->record_data[d->nr_records], 0);
		ret = pm_snap_read(p->snap, name, PM_RECORD_MAX,
				   &d->record_data[d->nr_records], err);
		if (ret == PM_ELIMIT || ret == PM_EREJECT) {
			/* a hostile record is judged invalid, not fatal */
			pm_buf_reset(&d->record_data[d->nr_records]);
			d->records[d->nr_records].problem = pm_xstrdup(
				ret == PM_ELIMIT ? "larger than a sign-off record can be; not read"
						 : "a symbolic link, not a file; not followed");
			pm_error_clear(err);
			ret = 0;
		}
		if (ret)
			goto done;
		d->records[d->nr_records].path = pm_xstrdup(name);
		d->records[d->nr_records].data = d->record_data[d->nr_records].ptr;
		d->records[d->nr_records].len = d->record_data[d->nr_records].len;
		d->nr_records++;
	}
done:
	pm_strlist_release(&recs);
	pm_buf_release(&dir);
	return ret;
}

int pm_project_load(struct pm_project *p, const char *doc,
		    struct pm_loaded_doc *out, struct pm_error *err)
{
	int ret = pm_project_load_doc(p, doc, out, err);

	return ret ? ret : pm_project_load_records(p, out, err);
}

void pm_loaded_doc_release(struct pm_loaded_doc *d)
{
	size_t i;

	for (i = 0; i < d->nr_records; i++) {
		free((char *)d->records[i].path);
		free((char *)d->records[i].problem);
		pm_buf_release(&d->record_data[i]);
	}
	free(d->records);
	free(d->record_data);
	pm_buf_release(&d->src);
	free(d->path);
	memset(d, 0, sizeof(*d));
}

static int project_verify(struct pm_project *p, const struct pm_loaded_doc *d,
			  int hash_if_signed, struct pm_verdict *out, struct pm_error *err)
{
	struct pm_verify_input in;
	struct pm_doc doc;
	struct pm_facts facts;
	int ret;

	if (d->oversize)
		return pm_error_set(err, PM_ELIMIT,
				    "'%s' is %zu bytes, more than the %u MiB pmgit reads",
				    d->path, d->oversize, PM_DOC_MAX_BYTES >> 20);
	if ((ret = pm_project_keyring(p, err)))
		return ret;
	pm_doc_parse_facts(&doc, d->src.ptr, d->src.len);
	pm_facts_read(&doc, &facts);
	memset(&in, 0, sizeof(in));
	in.doc_path = d->path;
	in.src = d->src.ptr;
	in.len = d->src.len;
	in.facts = &facts;
	in.records = d->records;
	in.nr_records = d->nr_records;
	in.cfg = p->cfg;
	in.kr = p->kr;
	in.tpl = pm_project_template(p);
	in.hash_if_signed = hash_if_signed;
	pm_verify_document(out, &in);
	pm_doc_release(&doc);
	return 0;
}

int pm_project_verify(struct pm_project *p, const struct pm_loaded_doc *d,
		      struct pm_verdict *out, struct pm_error *err)
{
	return project_verify(p, d, 0, out, err);
}

struct pm_id_entry {
	const char *base; /* the file name, inside path */
	const char *path;
};

static int by_base(const void *a, const void *b)
{
	const struct pm_id_entry *x = a, *y = b;
	int c = strcmp(x->base, y->base);

	return c ? c : strcmp(x->path, y->path);
}

/* Lists the postmortem directory once; PM_E* when it cannot be listed. */
static int build_ids(struct pm_project *p)
{
	size_t i;

	if (pm_snap_whole(p->snap, p->cfg->directory, NULL) ||
	    pm_snap_list(p->snap, p->cfg->directory, PM_SIGNOFFS_SUFFIX, &p->id_paths, NULL)) {
		pm_strlist_release(&p->id_paths);
		return -1;
	}
	p->ids = pm_xcalloc(p->id_paths.nr ? p->id_paths.nr : 1, sizeof(*p->ids));
	for (i = 0; i < p->id_paths.nr; i++) {
		const char *slash = strrchr(p->id_paths.items[i], '/');
		p->ids[i].path = p->id_paths.items[i];
		p->ids[i].base = slash ? slash + 1 : p->id_paths.items[i];
	}
	p->nr_ids = p->id_paths.nr;
	if (p->nr_ids)
		qsort(p->ids, p->nr_ids, sizeof(*p->ids), by_base);
	return 0;
}

/* The path of a file called `name` other than `skip`, or NULL. */
static const char *find_id(struct pm_project *p, const char *name, const char *skip)
{
	size_t lo = pm_lower_bound(p->ids, p->nr_ids, sizeof(*p->ids),
				   offsetof(struct pm_id_entry, base), name);

	for (; lo < p->nr_ids && !strcmp(p->ids[lo].base, name); lo++)
		if (strcmp(p->ids[lo].path, skip))
			return p->ids[lo].path;
	return NULL;
}

struct id_lookup {
	struct pm_project *p;
	const char *self;
	struct pm_buf name, found;
};

static const char *id_taken(void *data, const char *id)
{
	struct id_lookup *l = data;
	struct pm_project *p = l->p;

	pm_buf_reset(&l->name);
	pm_buf_addf(&l->name, "%s.md", id);
	/* one document: one search; many: one listing, then lookups */
	if (!p->ids && !p->ids_unlistable && ++p->id_lookups >= 2 && build_ids(p) < 0)
		p->ids_unlistable = 1; /* search for each name instead */
	if (p->ids)
		return find_id(p, l->name.ptr, l->self);
	return pm_snap_find_file(p->snap, p->cfg->directory, PM_SIGNOFFS_SUFFIX, l->name.ptr,
				 l->self, &l->found)
		       ? l->found.ptr
		       : NULL;
}

void pm_project_prepare_lint(struct pm_project *p)
{
	pm_project_keyring(p, NULL); /* a keyring that does not load says so per document */
	pm_project_template(p);
	if (!p->ids && !p->ids_unlistable && build_ids(p) < 0)
		p->ids_unlistable = 1;
}

int pm_project_may_fill(const struct pm_config *cfg, const struct pm_keyring *kr,
			const struct pm_verdict *v, size_t i, const struct pm_facts *facts,
			long now, const struct pm_person *who)
{
	const struct pm_slot *slot = v->slots[i].slot;
	struct pm_buf fp = PM_BUF_INIT;
	int usable = 0;
	size_t j;

	if (!pm_person_holds_slot_on(who, slot->name, now))
		return -1;
	if (!cfg->authors_may_approve && slot->role == PM_ROLE_APPROVER &&
	    pm_facts_is_author(facts, who->principal, who->name))
		return 1;
	for (j = 0; cfg->one_slot_per_person && j < v->nr_slots; j++) {
		const struct pm_slot_verdict *o = &v->slots[j];
		if (j != i && o->required && o->state == PM_SLOT_VALID &&
		    !strcmp(v->recs[o->record].st.signer, who->principal))
			return 1;
	}
	for (j = 0; j < who->nr_keys && !usable; j++) {
		const struct pm_revocation *rv;
		pm_buf_reset(&fp);
		pm_pubkey_fingerprint(&who->keys[j], &fp);
		rv = pm_keyring_revocation(kr, fp.ptr);
		usable = !rv || (!rv->compromised && rv->days > now);
	}
	pm_buf_release(&fp);
	return usable ? 0 : -1;
}

/*
 * The principals who could fill slot i of verdict v now (as
 * pm_project_may_fill says): "a@x.com, b@x.com", at most three and a
 * count; returns how many the separation rules left out.
 */
static size_t slot_signers(const struct pm_config *cfg, const struct pm_keyring *kr,
			   const struct pm_verdict *v, size_t i, const struct pm_facts *facts,
			   long now, struct pm_buf *out)
{
	size_t ruled_out = 0, k, n = 0;

	pm_buf_reset(out);
	for (k = 0; kr && k < kr->nr_people; k++) {
		const struct pm_person *who = &kr->people[k];
		int may = pm_project_may_fill(cfg, kr, v, i, facts, now, who);
		ruled_out += may > 0;
		if (!may && n++ < 3)
			pm_buf_addf(out, "%s%s", n > 1 ? ", " : "", who->principal);
	}
	if (n > 3)
		pm_buf_addf(out, " and %zu more", n - 3);
	return ruled_out;
}

int pm_project_lint(struct pm_project *p, const struct pm_loaded_doc *d,
		    const struct pm_check_opts *o, struct pm_lint *out,
		    struct pm_verdict *verdict, struct pm_error *err)
{
	struct pm_lint_input in;
	struct id_lookup ids = { p, d->path, PM_BUF_INIT, PM_BUF_INIT };
	struct pm_verdict v;
	struct pm_signoff_slot *slots = NULL;
	struct pm_buf *signers = NULL;
	struct pm_doc facts_doc;
	struct pm_facts facts;
	int parsed = 0;
	struct pm_followup fu;
	struct pm_buf fu_path = PM_BUF_INIT, fu_why = PM_BUF_INIT;
	size_t i, k, nr_signoffs = 0;
	int ret = 0, verified = 0;

	memset(&fu, 0, sizeof(fu));
	memset(&v, 0, sizeof(v));
	memset(&in, 0, sizeof(in));
	if (o->signoffs && !d->oversize) {
		/* nobody sees the hash of an unsigned document unless asked for the verdict */
		if ((ret = project_verify(p, d, !verdict, &v, err)))
			goto done;
		verified = 1;
		slots = pm_xcalloc(v.nr_slots ? v.nr_slots : 1, sizeof(*slots));
		signers = pm_xcalloc(v.nr_slots ? v.nr_slots : 1, sizeof(*signers));
		for (i = 0; i < v.nr_slots; i++) {
			const struct pm_slot_verdict *s = &v.slots[i];
			slots[nr_signoffs].slot = s->slot->name;
			slots[nr_signoffs].required = s->required;
			slots[nr_signoffs].before_since =
				!s->applies && pm_slot_applies(s->slot, v.severity, -1);
			slots[nr_signoffs].state = pm_slot_state_name(s->state);
			slots[nr_signoffs].detail = s->detail;
			if (s->state == PM_SLOT_VALID) {
				slots[nr_signoffs].signer = v.recs[s->record].st.signer;
				slots[nr_signoffs].signer_name = v.recs[s->record].signer_name;
			}
			/* a slot no longer asked of it, signed when it was: that signer's line stands */
			for (k = 0; !s->applies && k < v.nr_recs; k++)
				if (v.recs[k].sound && !strcasecmp(v.recs[k].st.slot, s->slot->name)) {
					slots[nr_signoffs].signer = v.recs[k].st.signer;
					slots[nr_signoffs].signer_name = v.recs[k].signer_name;
				}
			if (s->state == PM_SLOT_MISSING && s->required) {
				/* who may fill it depends on the authors: read them once, when needed */
				if (!parsed) {
					pm_doc_parse_facts(&facts_doc, d->src.ptr, d->src.len);
					pm_facts_read(&facts_doc, &facts);
					parsed = 1;
				}
				slots[nr_signoffs].ruled_out = slot_signers(p->cfg, p->kr, &v, i, &facts,
								       o->now, &signers[nr_signoffs]);
				slots[nr_signoffs].signers = signers[nr_signoffs].ptr ? signers[nr_signoffs].ptr : "";
			}
			nr_signoffs++;
		}
	}
	in.path = d->path;
	in.src = d->src.ptr;
	/* an oversized document is judged by its size alone; src is not read */
	in.len = d->oversize ? d->oversize : d->src.len;
	in.cfg = p->cfg;
	in.tpl = pm_project_template(p);
	in.now = o->now;
	in.level = o->level;
	if (o->id_unique) {
		in.id_taken = id_taken;
		in.id_taken_data = &ids;
	}
	in.signoffs_checked = verified;
	in.errors_only = o->errors_only;
	in.now_committed = o->now_committed;
	in.id_merging = o->merging;
	in.unsignable = pm_project_classify(p->cfg, d->path, NULL) != PM_PATH_DOCUMENT;
	in.signoffs = slots;
	in.nr_signoffs = nr_signoffs;
	if (o->followup && !d->oversize && pm_project_followup(p, d->path, &fu, &fu_path, &fu_why)) {
		in.followup_path = fu_path.ptr;
		in.followup = fu_why.len ? NULL : &fu;
		in.followup_error = fu_why.len ? fu_why.ptr : NULL;
	}
	pm_lint_run(out, &in);
done:
	pm_followup_release(&fu);
	pm_buf_release(&fu_path);
	pm_buf_release(&fu_why);
	for (i = 0; signers && i < nr_signoffs; i++)
		pm_buf_release(&signers[i]);
	free(signers);
	if (parsed)
		pm_doc_release(&facts_doc);
	free(slots);
	pm_buf_release(&ids.name);
	pm_buf_release(&ids.found);
	if (verdict)
		*verdict = v;
	else
		pm_verdict_release(&v);
	return ret;
}

struct verify_pool {
	struct pm_project *p;
	char *const *paths;
	struct pm_loaded_doc *docs;
	struct pm_verdict *out;
	struct pm_error *errs;
	int load; /* workers read the files themselves */
};

static void verify_one(void *data, size_t i)
{
	struct verify_pool *pool = data;
	int r = 0;

	if (pool->load)
		r = pm_project_load(pool->p, pool->paths[i], &pool->docs[i], &pool->errs[i]);
	else if (pool->errs[i].code)
		r = pool->errs[i].code;
	if (!r && !pool->docs[i].oversize)
		r = pm_project_verify(pool->p, &pool->docs[i], &pool->out[i], &pool->errs[i]);
	else if (!r)
		pm_error_set(&pool->errs[i], PM_ELIMIT,
			     "'%s' is %zu bytes, more than the %u MiB pmgit reads; it cannot be verified",
			     pool->paths[i], pool->docs[i].oversize, PM_DOC_MAX_BYTES >> 20);
}

int pm_project_verify_all(struct pm_project *p, char *const *paths, size_t n,
			  struct pm_loaded_doc *docs, struct pm_verdict *out,
			  struct pm_error *errs, unsigned threads, struct pm_error *err)
{
	struct verify_pool pool = { p, paths, docs, out, errs, 0 };
	size_t k;
	int ret;

	if ((ret = pm_project_keyring(p, err)))
		return ret;
	pm_project_template(p); /* loaded here, read by every thread */
	pool.load = p->snap->kind == PM_SNAP_WORKTREE;
	for (k = 0; k < n; k++)
		memset(&out[k], 0, sizeof(out[k]));
	if (!pool.load)
		for (k = 0; k < n; k++)
			pm_project_load(p, paths[k], &docs[k], &errs[k]);
	pm_parallel_for(n, threads, verify_one, &pool);
	return 0;
}

void pm_project_verify_free(struct pm_loaded_doc *docs, struct pm_verdict *out,
			    struct pm_error *errs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		pm_loaded_doc_release(&docs[i]);
		pm_verdict_release(&out[i]);
		pm_error_release(&errs[i]);
	}
	free(docs);
	free(out);
	free(errs);
}
