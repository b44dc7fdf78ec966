#include "repo.h"

#include <dirent.h>
#include <stddef.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "text.h"

#include "banned.h"

/*
 * pmgit opens no network connection, so it trusts no CA certificate.
 * Debian's libgit2 1.5 is built with mbedTLS, and git_libgit2_init parses
 * the whole system CA bundle, whose path is compiled in
 * (GIT_DEFAULT_CERT_LOCATION) with nothing at run time to turn it off:
 * 56 M instructions, 4-5 ms, four fifths of a pre-commit hook's run.
 *
 * This definition stands in for mbedTLS's for libgit2: the executable's
 * symbols come first in the dynamic linker's search. It refuses to load
 * anything, so libgit2 keeps no CA chain, and a TLS connection made in
 * this process would fail certificate verification, never trust more.
 * Where libgit2 uses another TLS library, nothing calls it.
 */
static unsigned ca_loads_refused;

int __wrap_mbedtls_x509_crt_parse_file(void *chain, const char *path);
int __wrap_mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	(void)chain;
	(void)path;
	ca_loads_refused++;
	return -0x2900; /* MBEDTLS_ERR_X509_FILE_IO_ERROR */
}

/*
 * Weak, so that a static link (make STATIC=1) takes mbedTLS's own and
 * reaches the one above by the linker's --wrap instead.
 */
int mbedtls_x509_crt_parse_file(void *chain, const char *path) __attribute__((weak));
int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	return __wrap_mbedtls_x509_crt_parse_file(chain, path);
}

unsigned pm_git_ca_loads_refused(void)
{
	return ca_loads_refused;
}

/*
 * libgit2 starts libssh2 for its SSH transport, and libssh2 starts
 * OpenSSL: a million instructions, a tenth of a pre-commit hook, for
 * connections pmgit never opens. This stand-in comes first in the same
 * way and starts nothing, so an SSH connection made in this process would
 * fail; libssh2's clean-up at exit does nothing for a library it was not
 * started. Weak, so that a static link takes libssh2's own (and leaves
 * libgit2's SSH start out altogether, tools/static-link.c).
 */
static unsigned ssh_starts_refused;

int libssh2_init(int flags) __attribute__((weak));
int libssh2_init(int flags)
{
	(void)flags;
	ssh_starts_refused++;
	return 0;
}

unsigned pm_git_ssh_starts_refused(void)
{
	return ssh_starts_refused;
}

void pm_git_init(void)
{
	git_libgit2_init();
	/* libgit2 noted the refusal above as its last error: not ours to show */
	git_error_clear();
	/*
	 * libgit2 re-hashes every object it reads by default; git does not
	 * (only fsck does), and for a 5,000-entry tree that check costs
	 * more than everything pmgit then does with it
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/*
	 * keep parsed trees of any size: the postmortem directory's tree is
	 * looked up several times per commit, and is large in a large
	 * repository (libgit2 caches trees of up to 4 KiB by default)
	 */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)4 << 20);
}

const char *pm_repo_giterr(void)
{
	const git_error *e = git_error_last();

	return e && e->message ? e->message : "unknown libgit2 error";
}

/*
 * The repository git would open here, when someone else owns it: git
 * (and libgit2) refuse such a repository unless safe.directory names it,
 * and libgit2 1.5 says only that no repository is found. Its top in
 * *top and its owner's uid, or -1 when there is none such.
 */
static long foreign_repository(struct pm_buf *top)
{
	const char *gd = getenv("GIT_DIR");
	struct pm_buf dir = PM_BUF_INIT, probe = PM_BUF_INIT;
	struct stat st;
	long uid = -1;
	char *slash;

	if (gd && *gd) {
		if (stat(gd, &st) == 0 && st.st_uid != geteuid()) {
			pm_buf_sets(top, gd);
			uid = (long)st.st_uid;
		}
		return uid;
	}
	{
		char *cwd = getcwd(NULL, 0); /* glibc allocates it */
		if (!cwd)
			return -1;
		pm_buf_sets(&dir, cwd);
		free(cwd);
	}
	for (;;) {
		pm_buf_reset(&probe);
		pm_buf_addf(&probe, "%s/.git", strcmp(dir.ptr, "/") ? dir.ptr : "");
		if (lstat(probe.ptr, &st) == 0) {
			if (st.st_uid != geteuid() ||
			    (stat(dir.ptr, &st) == 0 && st.st_uid != geteuid())) {
				pm_buf_sets(top, dir.ptr);
				uid = (long)st.st_uid;
			}
			break;
		}
		if (!(slash = strrchr(dir.ptr, '/')) || !strcmp(dir.ptr, "/"))
			break;
		pm_buf_setlen(&dir, slash == dir.ptr ? 1 : (size_t)(slash - dir.ptr));
	}
	pm_buf_release(&dir);
	pm_buf_release(&probe);
	return uid;
}

int pm_repo_open(struct pm_repo **out, int flags, struct pm_error *err)
{
	struct pm_repo *r;
	git_repository *git = NULL;
	const char *wd;
	int rc;

	*out = NULL;
	if ((flags & PM_REPO_FROM_ENV) && (flags & PM_REPO_NO_INDEX) && getenv("GIT_INDEX_FILE")) {
		/* libgit2 reads the index named there at open; hide it for that call */
		char *index_file = pm_xstrdup(getenv("GIT_INDEX_FILE"));
		unsetenv("GIT_INDEX_FILE");
		rc = git_repository_open_ext(&git, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
		setenv("GIT_INDEX_FILE", index_file, 1);
		free(index_file);
	} else if (flags & PM_REPO_FROM_ENV)
		rc = git_repository_open_ext(&git, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	else
		rc = git_repository_open_ext(&git, ".", 0, NULL);
	if (rc < 0) {
		struct pm_buf top = PM_BUF_INIT;
		long uid = rc == GIT_ENOTFOUND || rc == GIT_EOWNER ? foreign_repository(&top) : -1;
		if (uid >= 0) {
			/* not "no repository": check would judge files as outside one */
			struct pm_buf q = PM_BUF_INIT;
			pm_sh_arg(&q, top.ptr);
			pm_error_set(err, PM_ERROR,
				     "the git repository at '%s' belongs to another user (uid %ld; you are uid %ld), and git works in it only when you trust it: 'git config --global --add safe.directory %s' (the path itself: pmgit's libgit2 does not read '*')",
				     top.ptr, uid, (long)geteuid(), q.ptr);
			pm_buf_release(&q);
			pm_buf_release(&top);
			return PM_ERROR;
		}
		pm_buf_release(&top);
		if (rc == GIT_ENOTFOUND)
			return pm_error_set(err, PM_ENOREPO,
					    "not in a git repository; run pmgit inside one (or 'git init' first)");
		if (strstr(pm_repo_giterr(), "objectformat"))
			return pm_error_set(err, PM_ENOREPO,
					    "cannot open the git repository: it uses SHA-256 object names, and pmgit's libgit2 (%d.%d) reads only SHA-1 repositories",
					    LIBGIT2_VER_MAJOR, LIBGIT2_VER_MINOR);
		return pm_error_set(err, PM_ENOREPO, "cannot open the git repository: %s",
				    pm_repo_giterr());
	}
	r = pm_xcalloc(1, sizeof(*r));
	r->git = git;
	wd = git_repository_workdir(git);
	if (wd) {
		r->workdir = pm_xstrdup(wd);
	}
	r->gitdir = pm_xstrdup(git_repository_path(git));
	*out = r;
	return 0;
}

void pm_repo_free(struct pm_repo *r)
{
	if (!r)
		return;
	git_repository_free(r->git);
	free(r->missing);
	free(r->workdir);
	free(r->gitdir);
	free(r);
}

int pm_repo_config(struct pm_repo *r, const char *key, struct pm_buf *out)
{
	git_config *cfg = NULL, *all = NULL;
	git_buf val = { 0 };
	int ret = PM_ENOTFOUND;

	/* outside a repository, the user's own and the system's configuration */
	if (r ? git_repository_config_snapshot(&cfg, r->git) < 0 :
		(git_config_open_default(&all) < 0 || git_config_snapshot(&cfg, all) < 0)) {
		git_config_free(all);
		return PM_ENOTFOUND;
	}
	git_config_free(all);
	if (git_config_get_string_buf(&val, cfg, key) == 0) {
		pm_buf_sets(out, val.ptr);
		ret = 0;
	}
	git_buf_dispose(&val);
	git_config_free(cfg);
	return ret;
}

/* Is one of the path's components ".."? */
static int has_dotdot(const char *p)
{
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 1;
		if (!slash)
			return 0;
		p = slash + 1;
	}
}

int pm_repo_relpath(struct pm_repo *r, const char *arg, struct pm_buf *out,
		    struct pm_error *err)
{
	char *real = NULL, *real_wd = NULL;
	size_t wl;
	int ret = 0;

	if (!r->workdir) {
		/* no working tree: a path names a file of the repository's tree */
		const char *p = arg;
		while (p[0] == '.' && p[1] == '/')
			p += 2;
		if (*p == '/' || has_dotdot(p))
			return pm_error_set(err, PM_EUSAGE,
					    "'%s': this repository is bare; name files by their path in it (postmortems/...)",
					    arg);
		pm_buf_sets(out, p);
		return 0;
	}
	real = realpath(arg, NULL);
	if (!real)
		return pm_error_set(err, errno == ENOENT ? PM_ENOTFOUND : PM_EIO,
				    "'%s': %s", arg, strerror(errno));
	real_wd = realpath(r->workdir, NULL);
	wl = real_wd ? strlen(real_wd) : 0;
	if (real_wd && !strncmp(real, real_wd, wl) && real[wl] == '/')
		pm_buf_sets(out, real + wl + 1);
	else if (real_wd && !strcmp(real, real_wd))
		pm_buf_sets(out, ""); /* the root itself */
	else
		ret = pm_error_set(err, PM_EUSAGE, "'%s' is outside the repository at '%s'",
				   arg, r->workdir);
	free(real);
	free(real_wd);
	return ret;
}

/*
 * Opens the index, naming the way back for the forms of it libgit2 cannot
 * read: git writes them only where a user or a setting asked for them.
 */
static int open_index(struct pm_repo *r, git_index **out, struct pm_error *err)
{
	const char *why;

	if (git_repository_index(out, r->git) == 0)
		return 0;
	why = pm_repo_giterr();
	if (strstr(why, "extension: 'link'"))
		return pm_error_set(err, PM_ERROR,
				    "cannot read the git index: it is split (core.splitIndex), which libgit2 %d.%d, the library pmgit reads git with, cannot read; run 'git config core.splitIndex false && git update-index --no-split-index', then try again",
				    LIBGIT2_VER_MAJOR, LIBGIT2_VER_MINOR);
	if (strstr(why, "extension: 'sdir'"))
		return pm_error_set(err, PM_ERROR,
				    "cannot read the git index: it is a sparse index (a sparse checkout made with --sparse-index), which libgit2 %d.%d, the library pmgit reads git with, cannot read; run 'git sparse-checkout init --no-sparse-index' (the checkout stays as sparse as it is), then try again",
				    LIBGIT2_VER_MAJOR, LIBGIT2_VER_MINOR);
	return pm_error_set(err, PM_ERROR, "cannot read the git index: %s", why);
}

int pm_repo_index_usable(struct pm_repo *r, struct pm_error *err)
{
	git_index *idx = NULL;
	int ret = open_index(r, &idx, err);

	git_index_free(idx);
	return ret;
}

int pm_repo_stage(struct pm_repo *r, const char *const *paths, size_t n,
		  struct pm_error *err)
{
	git_index *idx = NULL;
	struct pm_buf full = PM_BUF_INIT;
	size_t i;
	int ret = 0, rc;

	if (open_index(r, &idx, err))
		return PM_ERROR;
	/*
	 * libgit2 keeps the index it read first; what another command staged
	 * since (while a passphrase was typed, say) would be written over
	 */
	if (git_index_read(idx, 0) < 0) {
		ret = pm_error_set(err, PM_ERROR, "cannot read the git index: %s", pm_repo_giterr());
		goto done;
	}
	for (i = 0; i < n; i++) {
		pm_path_join(&full, r->workdir, paths[i]);
		if (pm_file_exists(full.ptr))
			rc = git_index_add_bypath(idx, paths[i]);
		else
			rc = git_index_remove_bypath(idx, paths[i]);
		if (rc < 0) {
			ret = pm_error_set(err, PM_ERROR, "cannot stage '%s': %s", paths[i],
					   pm_repo_giterr());
			goto done;
		}
	}
	pm_fault_point("index:before-write");
	if ((rc = git_index_write(idx)) == GIT_ELOCKED)
		ret = pm_error_set(err, PM_ERROR,
				   "the git index is locked ('%sindex.lock' exists): another git command is running, or one stopped before it could clean up; try again when it is done, or delete that file if no git command is running",
				   r->gitdir);
	else if (rc < 0)
		ret = pm_error_set(err, PM_ERROR, "cannot write the git index: %s",
				   pm_repo_giterr());
done:
	pm_buf_release(&full);
	git_index_free(idx);
	return ret;
}

int pm_repo_resolve(struct pm_repo *r, const char *rev, git_oid *out,
		    struct pm_error *err)
{
	git_object *obj = NULL;

	if (git_revparse_single(&obj, r->git, rev) < 0)
		return pm_error_set(err, PM_EUSAGE, "unknown revision '%s': %s", rev,
				    pm_repo_giterr());
	if (git_object_type(obj) != GIT_OBJECT_COMMIT) {
		git_object *c = NULL;
		if (git_object_peel(&c, obj, GIT_OBJECT_COMMIT) < 0) {
			git_object_free(obj);
			return pm_error_set(err, PM_EUSAGE, "'%s' is not a commit", rev);
		}
		git_object_free(obj);
		obj = c;
	}
	git_oid_cpy(out, git_object_id(obj));
	git_object_free(obj);
	return 0;
}

/* ---- snapshots ---- */

int pm_snap_worktree(struct pm_snap *s, struct pm_repo *r, struct pm_error *err)
{
	memset(s, 0, sizeof(*s));
	if (!r->workdir)
		return pm_error_set(err, PM_EUSAGE,
				    "this repository is bare; there is no working tree to read");
	s->kind = PM_SNAP_WORKTREE;
	s->repo = r;
	return 0;
}

int pm_snap_index(struct pm_snap *s, struct pm_repo *r, struct pm_error *err)
{
	memset(s, 0, sizeof(*s));
	s->kind = PM_SNAP_INDEX;
	s->repo = r;
	return open_index(r, &s->index, err);
}

/* The remote a partial clone fetches what it left out from, or NULL. */
static char *promisor_remote(struct pm_repo *r)
{
	git_config *cfg = NULL;
	git_config_iterator *it = NULL;
	git_config_entry *e;
	git_buf val = { 0 };
	char *name = NULL;
	int on;

	if (git_repository_config_snapshot(&cfg, r->git) < 0)
		return NULL;
	if (git_config_get_string_buf(&val, cfg, "extensions.partialclone") == 0 && val.size)
		name = pm_xstrdup(val.ptr);
	git_buf_dispose(&val);
	/* every entry, matched here: libgit2's glob (a pcre2 regex) leaks */
	if (!name && git_config_iterator_new(&it, cfg) == 0) {
		while (!name && git_config_next(&e, it) == 0) {
			size_t n = strlen(e->name);
			if (n > strlen("remote..promisor") && !strncmp(e->name, "remote.", 7) &&
			    !strcmp(e->name + n - strlen(".promisor"), ".promisor") &&
			    git_config_parse_bool(&on, e->value) == 0 && on)
				name = pm_xstrndup(e->name + strlen("remote."),
						   n - strlen("remote.") - strlen(".promisor"));
		}
		git_config_iterator_free(it);
	}
	git_config_free(cfg);
	git_error_clear();
	return name;
}

/*
 * `what` (a path, a commit's tree) names object `oid`, which the store does
 * not have: a partial clone (git clone --filter) leaves such objects on its
 * remote for git to fetch when it needs them, which libgit2 cannot do. The
 * first one is also kept on the repository, from any thread, so that a
 * judgement that read around it fails as a whole (pm_repo_missing) instead
 * of blaming a commit for a file it could not read.
 */
static int object_missing(struct pm_repo *r, const char *what, const git_oid *oid,
			  struct pm_error *err)
{
	char *remote = promisor_remote(r), *copy, *none = NULL;

	if (remote)
		pm_error_set(err, PM_ERROR,
			     "cannot read %s (object %.12s): this is a partial clone, which left it on '%s' for git to fetch when needed, and pmgit reads through libgit2, which cannot; fetch every object once: git config --unset remote.%s.partialclonefilter && git fetch --refetch %s",
			     what, git_oid_tostr_s(oid), remote, remote, remote);
	else
		pm_error_set(err, PM_ERROR,
			     "cannot read %s: object %s is missing from the repository ('git fsck' names what else is missing; a fresh clone brings it back)",
			     what, git_oid_tostr_s(oid));
	free(remote);
	copy = pm_xstrdup(err->msg.ptr);
	if (!__atomic_compare_exchange_n(&r->missing, &none, copy, 0, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE))
		free(copy);
	return PM_ERROR;
}

int pm_repo_missing(struct pm_repo *r, struct pm_error *err)
{
	const char *msg = r ? __atomic_load_n(&r->missing, __ATOMIC_ACQUIRE) : NULL;

	return msg ? pm_error_set(err, PM_ERROR, "%s", msg) : 0;
}

int pm_snap_tree(struct pm_snap *s, struct pm_repo *r, const git_oid *tree,
		 struct pm_error *err)
{
	int rc;

	memset(s, 0, sizeof(*s));
	s->kind = PM_SNAP_TREE;
	s->repo = r;
	if (!tree || git_oid_is_zero(tree))
		return 0;
	rc = git_tree_lookup(&s->tree, r->git, tree);
	if (rc == GIT_ENOTFOUND)
		return object_missing(r, "a commit's tree", tree, err);
	if (rc < 0)
		return pm_error_set(err, PM_ERROR, "cannot read tree %s: %s",
				    git_oid_tostr_s(tree), pm_repo_giterr());
	return 0;
}

int pm_snap_commit(struct pm_snap *s, struct pm_repo *r, const git_oid *commit,
		   struct pm_error *err)
{
	git_commit *c = NULL;
	int ret;

	memset(s, 0, sizeof(*s));
	if (git_commit_lookup(&c, r->git, commit) < 0)
		return pm_error_set(err, PM_ERROR, "cannot read commit %s: %s",
				    git_oid_tostr_s(commit), pm_repo_giterr());
	ret = pm_snap_tree(s, r, git_commit_tree_id(c), err);
	git_commit_free(c);
	return ret;
}

int pm_snap_head(struct pm_snap *s, struct pm_repo *r, struct pm_error *err)
{
	git_oid head;

	memset(s, 0, sizeof(*s));
	if (git_reference_name_to_id(&head, r->git, "HEAD") < 0) {
		/* an unborn branch: everything is new */
		s->kind = PM_SNAP_TREE;
		s->repo = r;
		return 0;
	}
	return pm_snap_commit(s, r, &head, err);
}

void pm_snap_release(struct pm_snap *s)
{
	size_t i;

	for (i = 0; i < s->nr_overlay; i++)
		free(s->overlay[i].path);
	free(s->overlay);
	git_index_free(s->index);
	git_tree_free(s->tree);
	memset(s, 0, sizeof(*s));
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct pm_overlay_entry *)a)->path,
		      ((const struct pm_overlay_entry *)b)->path);
}

/* The first overlay entry at or after `path` in sorted order. */
static size_t overlay_lower_bound(const struct pm_snap *s, const char *path)
{
	return pm_lower_bound(s->overlay, s->nr_overlay, sizeof(*s->overlay),
			      offsetof(struct pm_overlay_entry, path), path);
}

/* The overlay's entry for path, or NULL. */
static const struct pm_overlay_entry *overlay_find(const struct pm_snap *s, const char *path)
{
	struct pm_overlay_entry key = { 0 };

	if (!s->nr_overlay)
		return NULL;
	key.path = (char *)path;
	return bsearch(&key, s->overlay, s->nr_overlay, sizeof(key), by_path);
}

/* Reads one C-quoted or plain path of git's output into out; returns the rest. */
static const char *read_path_field(const char *p, const char *end, struct pm_buf *out)
{
	pm_buf_reset(out);
	if (p < end && *p == '"') {
		for (p++; p < end && *p != '"'; p++) {
			if (*p != '\\' || p + 1 >= end) {
				pm_buf_addch(out, *p);
				continue;
			}
			p++;
			switch (*p) {
			case 'n': pm_buf_addch(out, '\n'); break;
			case 't': pm_buf_addch(out, '\t'); break;
			case 'a': pm_buf_addch(out, '\a'); break;
			case 'b': pm_buf_addch(out, '\b'); break;
			case 'f': pm_buf_addch(out, '\f'); break;
			case 'r': pm_buf_addch(out, '\r'); break;
			case 'v': pm_buf_addch(out, '\v'); break;
			default:
				if (*p >= '0' && *p <= '3' && p + 2 < end) {
					pm_buf_addch(out, (p[0] - '0') * 64 + (p[1] - '0') * 8 + (p[2] - '0'));
					p += 2;
				} else {
					pm_buf_addch(out, *p);
				}
			}
		}
		return p < end ? p + 1 : p;
	}
	while (p < end && *p != '\n')
		pm_buf_addch(out, *p++);
	return p;
}

/* Adds path to the snapshot's overlay (unsorted); a zero mode means absent. */
static void overlay_add(struct pm_snap *s, size_t *alloc, const char *path,
			const char *hex, unsigned mode, int kind)
{
	struct pm_overlay_entry *e;

	PM_ALLOC_GROW(s->overlay, s->nr_overlay + 1, *alloc);
	e = &s->overlay[s->nr_overlay++];
	memset(e, 0, sizeof(*e));
	e->path = pm_xstrdup(path);
	e->kind = kind;
	if (mode) {
		git_oid_fromstr(&e->oid, hex);
		e->mode = mode;
	}
}

int pm_snap_staged_from_raw(struct pm_snap *old, struct pm_snap *new, struct pm_repo *r,
			    const char *raw, size_t len, struct pm_error *err)
{
	const char *p = raw, *end = raw + len;
	struct pm_buf path = PM_BUF_INIT;
	size_t old_alloc = 0, new_alloc = 0;
	int ret;

	if ((ret = pm_snap_head(old, r, err)))
		return ret;
	if ((ret = pm_snap_head(new, r, err))) {
		pm_snap_release(old);
		return ret;
	}
	while (p < end) {
		unsigned om, nm;
		char oldhex[41], newhex[41], status;
		int used = 0, kind;

		if (*p == '\n') {
			p++;
			continue;
		}
		/* :100644 100644 <old> <new> M<TAB>path */
		if (sscanf(p, ":%o %o %40s %40s %c%n", &om, &nm, oldhex, newhex, &status, &used) != 5 ||
		    p + used >= end || p[used] != '\t' || strlen(oldhex) != 40 ||
		    strlen(newhex) != 40 || !strchr("ADMTU", status)) {
			pm_snap_release(old);
			pm_snap_release(new);
			pm_buf_release(&path);
			return pm_error_set(err, PM_EFORMAT,
					    "the pre-commit hook passed a change pmgit cannot read; reinstall it with 'pmgit hooks install --force'");
		}
		p = read_path_field(p + used + 1, end, &path);
		if (status == 'U') {
			pm_snap_release(old);
			pm_snap_release(new);
			ret = pm_error_set(err, PM_EREJECT,
					   "'%s' has unresolved merge conflicts; resolve them and 'git add' it",
					   path.ptr);
			pm_buf_release(&path);
			return ret;
		}
		kind = status == 'A' ? PM_CHANGE_ADDED : status == 'D' ? PM_CHANGE_DELETED
								 : PM_CHANGE_MODIFIED;
		/* git's old side is HEAD's entry (absent for an addition) */
		overlay_add(old, &old_alloc, path.ptr, oldhex,
			    kind == PM_CHANGE_ADDED ? 0 : om, kind);
		overlay_add(new, &new_alloc, path.ptr, newhex,
			    kind == PM_CHANGE_DELETED ? 0 : nm, kind);
	}
	if (new->nr_overlay) {
		qsort(old->overlay, old->nr_overlay, sizeof(*old->overlay), by_path);
		qsort(new->overlay, new->nr_overlay, sizeof(*new->overlay), by_path);
	}
	pm_buf_release(&path);
	return 0;
}

static int read_blob(struct pm_snap *s, const git_oid *oid, const char *path,
		     size_t max, struct pm_buf *out, struct pm_error *err)
{
	git_blob *blob = NULL;
	git_object_size_t size;
	int rc = git_blob_lookup(&blob, s->repo->git, oid);

	if (rc == GIT_ENOTFOUND) {
		struct pm_buf what = PM_BUF_INIT;
		pm_buf_addf(&what, "'%s'", path);
		rc = object_missing(s->repo, what.ptr, oid, err);
		pm_buf_release(&what);
		return rc;
	}
	if (rc < 0)
		return pm_error_set(err, PM_ERROR, "cannot read '%s' from git: %s", path,
				    pm_repo_giterr());
	size = git_blob_rawsize(blob);
	if (size > max) {
		git_blob_free(blob);
		return pm_error_set(err, PM_ELIMIT,
				    "'%s' is %llu bytes, more than the %zu pmgit reads", path,
				    (unsigned long long)size, max);
	}
	pm_buf_reset(out);
	pm_buf_add(out, git_blob_rawcontent(blob), (size_t)size);
	git_blob_free(blob);
	return 0;
}

static int refuse_mode(unsigned mode, const char *path, struct pm_error *err)
{
	if (mode == GIT_FILEMODE_LINK)
		return pm_error_set(err, PM_EREJECT,
				    "'%s' is a symbolic link; pmgit only reads regular files here",
				    path);
	if (mode == GIT_FILEMODE_COMMIT)
		return pm_error_set(err, PM_EREJECT, "'%s' is a submodule, not a file", path);
	if (mode == GIT_FILEMODE_TREE)
		return pm_error_set(err, PM_EREJECT, "'%s' is a directory, not a file", path);
	return 0;
}

int pm_snap_read(struct pm_snap *s, const char *path, size_t max,
		 struct pm_buf *out, struct pm_error *err)
{
	int ret;

	switch (s->kind) {
	case PM_SNAP_WORKTREE: {
		struct pm_buf full = PM_BUF_INIT;
		pm_path_join(&full, s->repo->workdir, path);
		/* O_NOFOLLOW refuses a link; the reader refuses a directory */
		ret = pm_read_file_nofollow(full.ptr, max, out, err);
		pm_buf_release(&full);
		return ret;
	}
	case PM_SNAP_INDEX: {
		const git_index_entry *e = git_index_get_bypath(s->index, path, 0);
		if (!e)
			return pm_error_set(err, PM_ENOTFOUND, "'%s' is not staged", path);
		if ((ret = refuse_mode(e->mode, path, err)))
			return ret;
		return read_blob(s, &e->id, path, max, out, err);
	}
	case PM_SNAP_TREE: {
		git_tree_entry *e = NULL;
		const struct pm_overlay_entry *o = overlay_find(s, path);
		if (o) {
			if (!o->mode)
				return pm_error_set(err, PM_ENOTFOUND, "'%s' is not staged", path);
			if ((ret = refuse_mode(o->mode, path, err)))
				return ret;
			return read_blob(s, &o->oid, path, max, out, err);
		}
		if (!s->tree || git_tree_entry_bypath(&e, s->tree, path) < 0)
			return pm_error_set(err, PM_ENOTFOUND, "'%s' is not in the commit", path);
		ret = refuse_mode(git_tree_entry_filemode(e), path, err);
		if (!ret)
			ret = read_blob(s, git_tree_entry_id(e), path, max, out, err);
		git_tree_entry_free(e);
		return ret;
	}
	}
	return PM_ERROR;
}

int pm_snap_size(struct pm_snap *s, const char *path, size_t *size)
{
	git_object_size_t n = 0;
	int ret = PM_ENOTFOUND;

	switch (s->kind) {
	case PM_SNAP_WORKTREE: {
		struct pm_buf full = PM_BUF_INIT;
		struct stat st;
		pm_path_join(&full, s->repo->workdir, path);
		if (lstat(full.ptr, &st) == 0) {
			n = (git_object_size_t)st.st_size;
			ret = 0;
		}
		pm_buf_release(&full);
		break;
	}
	case PM_SNAP_INDEX: {
		const git_index_entry *e = git_index_get_bypath(s->index, path, 0);
		if (e) {
			n = e->file_size;
			ret = 0;
		}
		break;
	}
	case PM_SNAP_TREE: {
		git_tree_entry *e = NULL;
		git_blob *b = NULL;
		const struct pm_overlay_entry *o = overlay_find(s, path);
		if (o) {
			if (o->mode && git_blob_lookup(&b, s->repo->git, &o->oid) == 0) {
				n = git_blob_rawsize(b);
				ret = 0;
			}
			git_blob_free(b);
			break;
		}
		if (s->tree && git_tree_entry_bypath(&e, s->tree, path) == 0 &&
		    git_blob_lookup(&b, s->repo->git, git_tree_entry_id(e)) == 0) {
			n = git_blob_rawsize(b);
			ret = 0;
		}
		git_blob_free(b);
		git_tree_entry_free(e);
		break;
	}
	}
	*size = (size_t)n;
	return ret;
}

/* A file mode (git's or the file system's) as an entry kind. */
static enum pm_entry_kind kind_of_mode(unsigned mode)
{
	switch (mode & 0170000) {
	case 0040000: return PM_ENTRY_DIR;
	case 0100000: return PM_ENTRY_FILE;
	case 0120000: return PM_ENTRY_LINK;
	default: return PM_ENTRY_OTHER; /* a submodule, a device, a fifo */
	}
}

enum pm_entry_kind pm_snap_kind(struct pm_snap *s, const char *path)
{
	struct pm_buf prefix = PM_BUF_INIT;
	enum pm_entry_kind kind = PM_ENTRY_NONE;

	pm_buf_addf(&prefix, "%s/", path);
	switch (s->kind) {
	case PM_SNAP_WORKTREE: {
		struct stat st;
		pm_path_join(&prefix, s->repo->workdir, path);
		if (lstat(prefix.ptr, &st) == 0)
			kind = kind_of_mode(st.st_mode);
		break;
	}
	case PM_SNAP_INDEX: {
		const git_index_entry *e = git_index_get_bypath(s->index, path, 0);
		size_t pos;
		if (e)
			kind = kind_of_mode(e->mode);
		else if (git_index_find_prefix(&pos, s->index, prefix.ptr) == 0)
			kind = PM_ENTRY_DIR;
		break;
	}
	case PM_SNAP_TREE: {
		const struct pm_overlay_entry *o = overlay_find(s, path);
		git_tree_entry *e = NULL;
		size_t i;
		if (o && o->mode) {
			kind = kind_of_mode(o->mode);
			break;
		}
		/* what is staged under path/ sorts together, from its lower bound */
		for (i = overlay_lower_bound(s, prefix.ptr);
		     i < s->nr_overlay && !strncmp(s->overlay[i].path, prefix.ptr, prefix.len); i++)
			if (s->overlay[i].mode) {
				kind = PM_ENTRY_DIR; /* made by what is staged */
				break;
			}
		if (kind || o || !s->tree || git_tree_entry_bypath(&e, s->tree, path) < 0)
			break;
		kind = kind_of_mode(git_tree_entry_filemode(e));
		git_tree_entry_free(e);
		break;
	}
	}
	pm_buf_release(&prefix);
	return kind;
}

int pm_snap_exists(struct pm_snap *s, const char *path)
{
	return pm_snap_kind(s, path) != PM_ENTRY_NONE;
}

/* Does the last component of path[0..n) end with `prune`? */
static int pruned(const char *name, size_t n, const char *prune)
{
	size_t k = prune ? strlen(prune) : 0;

	return k && n >= k && !memcmp(name + n - k, prune, k);
}

/*
 * Walks the files under root/rel (not entering hidden or pruned
 * directories), calling fn with each file's repository path and name
 * until fn returns nonzero, which walk_disk returns.
 */
typedef int (*disk_fn)(void *data, const char *path, const char *name);

static int walk_disk(const char *root, const char *rel, const char *prune, disk_fn fn,
		     void *data, unsigned depth, struct pm_error *err)
{
	struct pm_buf full = PM_BUF_INIT, child = PM_BUF_INIT;
	DIR *d;
	struct dirent *e;
	int ret = 0;

	if (depth > 16)
		return 0;
	pm_path_join(&full, root, rel);
	d = opendir(full.ptr);
	if (!d) {
		pm_buf_release(&full);
		return errno == ENOENT || errno == ENOTDIR
			       ? 0
			       : pm_error_set(err, PM_EIO, "cannot list '%s': %s", rel,
					      strerror(errno));
	}
	while (!ret && (e = readdir(d))) {
		int dir;
		if (e->d_name[0] == '.')
			continue; /* ., .., and hidden files (editor and temp files) */
		pm_path_join(&child, rel, e->d_name);
		if (e->d_type != DT_UNKNOWN) {
			dir = e->d_type == DT_DIR;
		} else {
			struct stat st;
			pm_path_join(&full, root, child.ptr);
			if (lstat(full.ptr, &st) < 0)
				continue;
			dir = S_ISDIR(st.st_mode);
		}
		if (!dir) {
			ret = fn(data, child.ptr, e->d_name);
		} else if (!pruned(e->d_name, strlen(e->d_name), prune)) {
			/* a submodule's files are another repository's, not these */
			pm_path_join(&full, root, child.ptr);
			pm_buf_adds(&full, "/.git");
			if (!pm_file_exists(full.ptr))
				ret = walk_disk(root, child.ptr, prune, fn, data, depth + 1, err);
		}
	}
	closedir(d);
	pm_buf_release(&full);
	pm_buf_release(&child);
	return ret;
}

static int list_one(void *data, const char *path, const char *name)
{
	(void)name;
	pm_strlist_add(data, path);
	return 0;
}

/* "dir/" for a directory, "" for the whole repository (dir ""). */
static void dir_prefix(struct pm_buf *out, const char *dir)
{
	pm_buf_reset(out);
	if (*dir)
		pm_buf_addf(out, "%s/", dir);
}

struct walk_data {
	const char *dir;
	const char *prune;
	struct pm_strlist *out;
	struct pm_buf path;
};

static int walk_cb(const char *root, const git_tree_entry *e, void *payload)
{
	struct walk_data *w = payload;
	const char *name = git_tree_entry_name(e);

	if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
		return pruned(name, strlen(name), w->prune) ? 1 : 0; /* 1: do not enter */
	dir_prefix(&w->path, w->dir);
	pm_buf_addf(&w->path, "%s%s", root, git_tree_entry_name(e));
	pm_strlist_add(w->out, w->path.ptr);
	return 0;
}

/* Is path (under dir/) inside a directory whose name ends with prune? */
static int in_pruned(const char *path, size_t from, const char *prune)
{
	const char *slash;

	for (slash = strchr(path + from, '/'); slash; slash = strchr(slash + 1, '/')) {
		const char *b = slash;
		while (b > path && b[-1] != '/')
			b--;
		if (pruned(b, (size_t)(slash - b), prune))
			return 1;
	}
	return 0;
}

/* Is s among the sorted items[0..n)? */
static int sorted_has(char *const *items, size_t n, const char *s)
{
	size_t i = pm_lower_bound(items, n, sizeof(*items), 0, s);

	return i < n && !strcmp(items[i], s);
}

/*
 * The tree's list under dir with the overlay on top: what it deletes
 * goes, what it adds comes in. Each step is a binary search, so a commit
 * staging thousands of files costs in proportion to them.
 */
static void overlay_list(const struct pm_snap *s, const char *dir, const char *prune,
			 struct pm_strlist *out)
{
	struct pm_buf prefix = PM_BUF_INIT;
	size_t i, k, n;

	if (!s->nr_overlay)
		return;
	for (i = 0, k = 0; i < out->nr; i++) {
		const struct pm_overlay_entry *o = overlay_find(s, out->items[i]);
		if (o && !o->mode) {
			free(out->items[i]);
			continue;
		}
		out->items[k++] = out->items[i];
	}
	out->nr = k;
	pm_strlist_sort(out);
	n = out->nr;
	dir_prefix(&prefix, dir);
	for (i = overlay_lower_bound(s, prefix.ptr);
	     i < s->nr_overlay && !strncmp(s->overlay[i].path, prefix.ptr, prefix.len); i++) {
		const struct pm_overlay_entry *o = &s->overlay[i];
		if (!o->mode || in_pruned(o->path, prefix.len, prune) ||
		    sorted_has(out->items, n, o->path))
			continue;
		pm_strlist_add(out, o->path);
	}
	pm_buf_release(&prefix);
}

/*
 * Files git tracks under dir that a sparse checkout keeps off the disk
 * (skip-worktree, and not there): how many, and the first in *first. A
 * listing of the disk would pass them over as if they did not exist. Only
 * a sparse checkout is asked, so that no other command pays for reading
 * the index.
 */
static size_t left_out_of_checkout(struct pm_repo *r, const char *dir, struct pm_buf *first)
{
	git_index *idx = NULL;
	git_config *cfg = NULL;
	struct pm_buf prefix = PM_BUF_INIT, path = PM_BUF_INIT;
	size_t pos, n, count = 0;
	int sparse = 0;

	if (!*dir || !r->workdir)
		return 0;
	/* git sparse-checkout writes the patterns there, and the setting in config.worktree */
	pm_path_join(&path, r->gitdir, "info/sparse-checkout");
	sparse = pm_file_exists(path.ptr);
	if (!sparse && git_repository_config_snapshot(&cfg, r->git) == 0) {
		if (git_config_get_bool(&sparse, cfg, "core.sparseCheckout") < 0)
			sparse = 0;
		git_config_free(cfg);
	}
	if (!sparse || git_repository_index(&idx, r->git) < 0) {
		pm_buf_release(&path);
		return 0;
	}
	dir_prefix(&prefix, dir);
	if (git_index_find_prefix(&pos, idx, prefix.ptr) == 0) {
		for (n = git_index_entrycount(idx); pos < n; pos++) {
			const git_index_entry *e = git_index_get_byindex(idx, pos);
			struct stat st;
			size_t len = strlen(e->path);
			if (strncmp(e->path, prefix.ptr, prefix.len))
				break;
			if (!(e->flags_extended & GIT_INDEX_ENTRY_SKIP_WORKTREE))
				continue;
			pm_path_join(&path, r->workdir, e->path);
			if (!lstat(path.ptr, &st))
				continue; /* there all the same ('update-index --skip-worktree') */
			/* a postmortem as the example, rather than a .gitkeep */
			if (!count++ || (len > 3 && !strcmp(e->path + len - 3, ".md") &&
					 (first->len < 3 || strcmp(first->ptr + first->len - 3, ".md"))))
				pm_buf_sets(first, e->path);
		}
	}
	pm_buf_release(&prefix);
	pm_buf_release(&path);
	git_index_free(idx);
	return count;
}

int pm_snap_whole(struct pm_snap *s, const char *dir, struct pm_error *err)
{
	struct pm_buf first = PM_BUF_INIT;
	size_t skipped;
	int ret = 0;

	if (s->kind != PM_SNAP_WORKTREE)
		return 0;
	skipped = left_out_of_checkout(s->repo, dir, &first);
	if (skipped) {
		struct pm_buf q = PM_BUF_INIT;
		pm_sh_arg(&q, dir);
		ret = pm_error_set(err, PM_ERROR,
				   "%zu file%s git tracks under '%s/' (such as %s) %s left out of this sparse checkout, so pmgit cannot read %s from the disk, and would judge without %s; check %s out again with 'git sparse-checkout add %s', or name a commit to read instead (pmgit verify --rev HEAD)",
				   skipped, skipped == 1 ? "" : "s", dir, first.ptr,
				   skipped == 1 ? "is" : "are", skipped == 1 ? "it" : "them",
				   skipped == 1 ? "it" : "them", skipped == 1 ? "it" : "them", q.ptr);
		pm_buf_release(&q);
	}
	pm_buf_release(&first);
	return ret;
}

int pm_snap_list(struct pm_snap *s, const char *dir, const char *prune,
		 struct pm_strlist *out, struct pm_error *err)
{
	int ret = 0;

	switch (s->kind) {
	case PM_SNAP_WORKTREE:
		ret = walk_disk(s->repo->workdir, dir, prune, list_one, out, 0, err);
		if (ret > 0)
			ret = 0;
		break;
	case PM_SNAP_INDEX: {
		struct pm_buf prefix = PM_BUF_INIT;
		size_t pos, n = git_index_entrycount(s->index);
		dir_prefix(&prefix, dir);
		if (git_index_find_prefix(&pos, s->index, prefix.ptr) == 0) {
			for (; pos < n; pos++) {
				const git_index_entry *e = git_index_get_byindex(s->index, pos);
				if (strncmp(e->path, prefix.ptr, prefix.len))
					break;
				if (GIT_INDEX_ENTRY_STAGE(e) == 0 &&
				    !in_pruned(e->path, prefix.len, prune))
					pm_strlist_add(out, e->path);
			}
		}
		pm_buf_release(&prefix);
		break;
	}
	case PM_SNAP_TREE: {
		git_tree_entry *e = NULL;
		git_tree *sub = NULL;
		struct walk_data w = { dir, prune, out, PM_BUF_INIT };
		if (s->tree && !*dir) {
			if (git_tree_walk(s->tree, GIT_TREEWALK_PRE, walk_cb, &w) < 0)
				ret = pm_error_set(err, PM_ERROR, "cannot list the tree: %s",
						   pm_repo_giterr());
		} else if (s->tree && git_tree_entry_bypath(&e, s->tree, dir) == 0 &&
			   git_tree_entry_type(e) == GIT_OBJECT_TREE &&
			   git_tree_lookup(&sub, s->repo->git, git_tree_entry_id(e)) == 0) {
			if (git_tree_walk(sub, GIT_TREEWALK_PRE, walk_cb, &w) < 0)
				ret = pm_error_set(err, PM_ERROR, "cannot list '%s': %s", dir,
						   pm_repo_giterr());
			git_tree_free(sub);
		}
		git_tree_entry_free(e);
		pm_buf_release(&w.path);
		overlay_list(s, dir, prune, out);
		break;
	}
	}
	pm_strlist_sort(out);
	return ret;
}

int pm_repo_each_branch_tree(struct pm_repo *r,
			     int (*fn)(git_tree *tree, const char *ref, void *data),
			     void *data, struct pm_error *err)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	int ret = 0;

	if (git_reference_iterator_glob_new(&it, r->git, "refs/*") < 0)
		return pm_error_set(err, PM_ERROR, "cannot list branches: %s",
				    pm_repo_giterr());
	while (!ret && git_reference_next(&ref, it) == 0) {
		const char *name = git_reference_name(ref);
		git_object *obj = NULL;

		/* origin/HEAD names origin/main: the same branch again, not another */
		if ((!strncmp(name, "refs/heads/", 11) || !strncmp(name, "refs/remotes/", 13)) &&
		    git_reference_type(ref) != GIT_REFERENCE_SYMBOLIC &&
		    git_reference_peel(&obj, ref, GIT_OBJECT_TREE) == 0) {
			ret = fn((git_tree *)obj, name, data);
			git_object_free(obj);
		}
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	return ret;
}

void pm_changes_release(struct pm_changes *c)
{
	size_t i;

	for (i = 0; i < c->nr; i++)
		free(c->items[i].path);
	free(c->items);
	memset(c, 0, sizeof(*c));
}

struct delta_ctx {
	struct pm_changes *out;
	const char *prefix; /* prepended to paths of a subtree diff, or NULL */
};

static int take_delta(const git_diff_delta *d, float progress, void *payload)
{
	struct delta_ctx *c = payload;
	struct pm_changes *out = c->out;
	struct pm_change *ch;
	const char *path;

	(void)progress;
	PM_ALLOC_GROW(out->items, out->nr + 1, out->alloc);
	ch = &out->items[out->nr++];
	switch (d->status) {
	case GIT_DELTA_ADDED: ch->kind = PM_CHANGE_ADDED; break;
	case GIT_DELTA_DELETED: ch->kind = PM_CHANGE_DELETED; break;
	default: ch->kind = PM_CHANGE_MODIFIED; break;
	}
	path = ch->kind == PM_CHANGE_DELETED ? d->old_file.path : d->new_file.path;
	if (c->prefix) {
		struct pm_buf b = PM_BUF_INIT;
		pm_buf_addf(&b, "%s/%s", c->prefix, path);
		ch->path = pm_buf_detach(&b, NULL);
	} else {
		ch->path = pm_xstrdup(path);
	}
	return 0;
}

/* The id of the tree at `dir` in `tree`, or zero when there is none. */
static void subtree_id(git_tree *tree, const char *dir, git_oid *out)
{
	git_tree_entry *e = NULL;

	memset(out, 0, sizeof(*out));
	if (tree && git_tree_entry_bypath(&e, tree, dir) == 0) {
		if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
			git_oid_cpy(out, git_tree_entry_id(e));
		git_tree_entry_free(e);
	}
}

int pm_snap_changes(struct pm_snap *old, struct pm_snap *new,
		    const char *const *dirs, size_t ndirs, struct pm_changes *out,
		    struct pm_error *err)
{
	git_repository *repo = old->repo->git;
	size_t i;
	int ret = 0;

	if (new->nr_overlay || (new->kind == PM_SNAP_TREE && new->overlay)) {
		/* git said what changed: keep what lies under the directories */
		for (i = 0; i < new->nr_overlay; i++) {
			const struct pm_overlay_entry *o = &new->overlay[i];
			size_t k;
			for (k = 0; k < ndirs; k++) {
				size_t dl = strlen(dirs[k]);
				if (!strncmp(o->path, dirs[k], dl) && o->path[dl] == '/')
					break;
			}
			if (k == ndirs)
				continue;
			PM_ALLOC_GROW(out->items, out->nr + 1, out->alloc);
			out->items[out->nr].path = pm_xstrdup(o->path);
			out->items[out->nr++].kind = (enum pm_change_kind)o->kind;
		}
		return 0;
	}
	for (i = 0; i < ndirs && !ret; i++) {
		git_diff_options opts;
		git_diff *diff = NULL;
		struct delta_ctx ctx = { out, NULL };
		char *spec = (char *)dirs[i];
		int rc;

		git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
		opts.flags = GIT_DIFF_INCLUDE_TYPECHANGE | GIT_DIFF_IGNORE_SUBMODULES;
		if (new->kind == PM_SNAP_TREE) {
			git_oid a, b;
			git_tree *ta = NULL, *tb = NULL;
			subtree_id(old->tree, dirs[i], &a);
			subtree_id(new->tree, dirs[i], &b);
			if (git_oid_equal(&a, &b))
				continue; /* nothing under this directory changed */
			if ((!git_oid_is_zero(&a) && git_tree_lookup(&ta, repo, &a) < 0) ||
			    (!git_oid_is_zero(&b) && git_tree_lookup(&tb, repo, &b) < 0)) {
				git_tree_free(ta);
				ret = pm_error_set(err, PM_ERROR, "cannot read '%s': %s", dirs[i],
						   pm_repo_giterr());
				break;
			}
			ctx.prefix = dirs[i];
			rc = git_diff_tree_to_tree(&diff, repo, ta, tb, &opts);
			git_tree_free(ta);
			git_tree_free(tb);
		} else if (new->kind == PM_SNAP_INDEX) {
			opts.pathspec.strings = &spec;
			opts.pathspec.count = 1;
			rc = git_diff_tree_to_index(&diff, repo, old->tree, new->index, &opts);
		} else {
			return pm_error_set(err, PM_ERROR, "cannot compare with the working tree");
		}
		if (rc < 0) {
			ret = pm_error_set(err, PM_ERROR, "cannot compare '%s': %s", dirs[i],
					   pm_repo_giterr());
			break;
		}
		{
			/* the deltas alone: foreach would load every blob to look for binaries */
			size_t k, nd = git_diff_num_deltas(diff);
			for (k = 0; k < nd; k++)
				take_delta(git_diff_get_delta(diff, k), 0, &ctx);
		}
		git_diff_free(diff);
	}
	return ret;
}

void pm_snap_subtree_id(struct pm_snap *s, const char *dir, git_oid *out)
{
	subtree_id(s->kind == PM_SNAP_TREE ? s->tree : NULL, dir, out);
}

/*
 * The length of what a name-folding file system ignores at p: a code
 * point HFS+ drops (U+200C-200F, U+202A-202E, U+206A-206F, U+FEFF); 0
 * for any other.
 */
static size_t folded_away(const unsigned char *p)
{
	if (p[0] == 0xe2 && p[1] == 0x80 && ((p[2] >= 0x8c && p[2] <= 0x8f) || (p[2] >= 0xaa && p[2] <= 0xae)))
		return 3;
	if (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xaa && p[2] <= 0xaf)
		return 3;
	if (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		return 3;
	return 0;
}

void pm_name_visible(struct pm_buf *out, const char *name)
{
	const unsigned char *p = (const unsigned char *)name;

	pm_buf_reset(out);
	for (; *p; p++) {
		if (folded_away(p)) {
			/* three UTF-8 bytes: 1110xxxx 10xxxxxx 10xxxxxx */
			pm_buf_addf(out, "\\u%04x", ((p[0] & 0x0f) << 12) | ((p[1] & 0x3f) << 6) | (p[2] & 0x3f));
			p += 2;
		} else {
			pm_buf_add(out, (const char *)p, 1);
		}
	}
}

void pm_name_folded(struct pm_buf *out, const char *name)
{
	struct pm_buf kept = PM_BUF_INIT;
	const unsigned char *p = (const unsigned char *)name;
	size_t k;

	/* what HFS+ ignores, then letters in one case and NFD composed, as for people's names */
	for (; *p; p++) {
		if ((k = folded_away(p)))
			p += k - 1;
		else
			pm_buf_addch(&kept, (char)*p);
	}
	pm_buf_reset(out);
	pm_fold_name(out, kept.ptr, kept.len);
	pm_buf_release(&kept);
	/* Windows drops trailing dots and blanks */
	while (out->len && (out->ptr[out->len - 1] == '.' || out->ptr[out->len - 1] == ' '))
		pm_buf_setlen(out, out->len - 1);
}

struct folded_name {
	char *folded;
	const char *raw;
};

static int by_folded(const void *a, const void *b)
{
	return strcmp(((const struct folded_name *)a)->folded, ((const struct folded_name *)b)->folded);
}

void pm_snap_folded_twins(struct pm_snap *s, const char *dir, struct pm_strlist *pairs)
{
	git_tree_entry *e = NULL;
	git_tree *t = NULL;
	struct folded_name *f;
	struct pm_buf fold = PM_BUF_INIT, path = PM_BUF_INIT;
	size_t i, n;

	if (s->kind != PM_SNAP_TREE || s->nr_overlay || !s->tree ||
	    git_tree_entry_bypath(&e, s->tree, dir) < 0 || git_tree_entry_type(e) != GIT_OBJECT_TREE ||
	    git_tree_lookup(&t, s->repo->git, git_tree_entry_id(e)) < 0)
		goto out;
	n = git_tree_entrycount(t);
	f = pm_xcalloc(n ? n : 1, sizeof(*f));
	for (i = 0; i < n; i++) {
		f[i].raw = git_tree_entry_name(git_tree_entry_byindex(t, i));
		pm_name_folded(&fold, f[i].raw);
		f[i].folded = pm_xstrdup(fold.ptr);
	}
	qsort(f, n, sizeof(*f), by_folded);
	for (i = 1; i < n; i++) {
		if (strcmp(f[i].folded, f[i - 1].folded))
			continue;
		pm_buf_reset(&path);
		pm_buf_addf(&path, "%s/%s", dir, f[i - 1].raw);
		pm_strlist_add(pairs, path.ptr);
		pm_buf_reset(&path);
		pm_buf_addf(&path, "%s/%s", dir, f[i].raw);
		pm_strlist_add(pairs, path.ptr);
	}
	for (i = 0; i < n; i++)
		free(f[i].folded);
	free(f);
out:
	git_tree_free(t);
	git_tree_entry_free(e);
	pm_buf_release(&fold);
	pm_buf_release(&path);
}

int pm_snap_name_variant(struct pm_snap *s, const char *dir, struct pm_buf *found,
			 struct pm_buf *meant)
{
	git_tree *t = s->kind == PM_SNAP_TREE ? s->tree : NULL, *owned = NULL;
	struct pm_buf comp = PM_BUF_INIT;
	const char *p = dir, *slash;
	size_t i, n;
	int ret = 0;

	pm_buf_reset(meant);
	while (t && *p) {
		const git_tree_entry *e;
		git_tree *next = NULL;
		slash = strchr(p, '/');
		pm_buf_reset(&comp);
		pm_buf_add(&comp, p, slash ? (size_t)(slash - p) : strlen(p));
		for (i = 0, n = git_tree_entrycount(t); i < n; i++) {
			const char *name = git_tree_entry_name(git_tree_entry_byindex(t, i));
			if (strcmp(name, comp.ptr) && pm_same_made(pm_name_folded, name, comp.ptr)) {
				pm_buf_reset(found);
				pm_buf_add(found, meant->ptr, meant->len);
				pm_buf_adds(found, name);
				pm_buf_adds(meant, comp.ptr);
				ret = 1;
				goto out;
			}
		}
		pm_buf_adds(meant, comp.ptr);
		pm_buf_adds(meant, "/");
		if (!slash || !(e = git_tree_entry_byname(t, comp.ptr)) ||
		    git_tree_entry_type(e) != GIT_OBJECT_TREE ||
		    git_tree_lookup(&next, s->repo->git, git_tree_entry_id(e)) < 0)
			break;
		git_tree_free(owned);
		t = owned = next;
		p = slash + 1;
	}
out:
	git_tree_free(owned);
	pm_buf_release(&comp);
	return ret;
}

struct find_data {
	const char *name;
	const char *skip;
	struct pm_buf *found;
};

static int find_one(void *data, const char *path, const char *name)
{
	struct find_data *f = data;

	if (strcmp(name, f->name) || !strcmp(path, f->skip))
		return 0;
	pm_buf_sets(f->found, path);
	return 1;
}

static int find_tree(git_repository *repo, git_tree *tree, const char *path, const char *prune,
		     const char *name, const char *skip, struct pm_buf *found, unsigned depth)
{
	const git_tree_entry *e = git_tree_entry_byname(tree, name);
	size_t i, n = git_tree_entrycount(tree);
	struct pm_buf sub = PM_BUF_INIT;
	int hit = 0;

	if (e && git_tree_entry_type(e) != GIT_OBJECT_TREE) {
		pm_buf_addf(&sub, "%s/%s", path, name);
		if (strcmp(sub.ptr, skip)) {
			pm_buf_sets(found, sub.ptr);
			pm_buf_release(&sub);
			return 1;
		}
	}
	for (i = 0; i < n && !hit && depth < 16; i++) {
		const git_tree_entry *t = git_tree_entry_byindex(tree, i);
		const char *tn = git_tree_entry_name(t);
		git_tree *child = NULL;

		if (git_tree_entry_type(t) != GIT_OBJECT_TREE || pruned(tn, strlen(tn), prune) ||
		    git_tree_lookup(&child, repo, git_tree_entry_id(t)) < 0)
			continue;
		pm_buf_reset(&sub);
		pm_buf_addf(&sub, "%s/%s", path, tn);
		hit = find_tree(repo, child, sub.ptr, prune, name, skip, found, depth + 1);
		git_tree_free(child);
	}
	pm_buf_release(&sub);
	return hit;
}

int pm_snap_find_file(struct pm_snap *s, const char *dir, const char *prune,
		      const char *name, const char *skip, struct pm_buf *found)
{
	switch (s->kind) {
	case PM_SNAP_WORKTREE: {
		struct find_data f = { name, skip, found };
		return walk_disk(s->repo->workdir, dir, prune, find_one, &f, 0, NULL) > 0;
	}
	case PM_SNAP_INDEX: {
		struct pm_buf prefix = PM_BUF_INIT;
		size_t pos, n = git_index_entrycount(s->index), nl = strlen(name);
		int hit = 0;
		pm_buf_addf(&prefix, "%s/", dir);
		if (git_index_find_prefix(&pos, s->index, prefix.ptr) == 0) {
			for (; pos < n && !hit; pos++) {
				const git_index_entry *e = git_index_get_byindex(s->index, pos);
				const char *base;
				size_t len;
				if (strncmp(e->path, prefix.ptr, prefix.len))
					break;
				len = strlen(e->path);
				base = e->path + len;
				while (base > e->path && base[-1] != '/')
					base--;
				if ((size_t)(e->path + len - base) != nl || memcmp(base, name, nl) ||
				    !strcmp(e->path, skip) || in_pruned(e->path, prefix.len, prune))
					continue;
				pm_buf_sets(found, e->path);
				hit = 1;
			}
		}
		pm_buf_release(&prefix);
		return hit;
	}
	case PM_SNAP_TREE: {
		git_tree_entry *e = NULL;
		git_tree *sub = NULL;
		size_t i, dl = strlen(dir), nl = strlen(name);
		int hit = 0;
		for (i = 0; i < s->nr_overlay; i++) {
			const struct pm_overlay_entry *o = &s->overlay[i];
			size_t pl = strlen(o->path);
			if (o->mode && !strncmp(o->path, dir, dl) && o->path[dl] == '/' &&
			    pl > nl && o->path[pl - nl - 1] == '/' && !strcmp(o->path + pl - nl, name) &&
			    strcmp(o->path, skip) && !in_pruned(o->path, dl + 1, prune)) {
				pm_buf_sets(found, o->path);
				return 1;
			}
		}
		if (!s->tree || git_tree_entry_bypath(&e, s->tree, dir) < 0)
			return 0;
		if (git_tree_entry_type(e) == GIT_OBJECT_TREE &&
		    git_tree_lookup(&sub, s->repo->git, git_tree_entry_id(e)) == 0) {
			hit = find_tree(s->repo->git, sub, dir, prune, name, skip, found, 0);
			git_tree_free(sub);
		}
		git_tree_entry_free(e);
		/* a file the overlay deletes is not there (another copy would be rare) */
		if (hit && overlay_find(s, found->ptr) && !overlay_find(s, found->ptr)->mode)
			hit = 0;
		return hit;
	}
	}
	return 0;
}

/* ---- commits to judge ---- */

/* A set of commit ids: open addressing, keyed by the id's first bytes. */
struct oidset {
	git_oid *slots;
	unsigned char *used;
	size_t nr, cap;
};

static size_t oid_slot(const git_oid *id, size_t cap)
{
	size_t h;

	memcpy(&h, id->id, sizeof(h));
	return h & (cap - 1);
}

/* The slot that holds id, or the free slot where it would go (cap > 0). */
static size_t oidset_probe(const struct oidset *s, const git_oid *id)
{
	size_t i;

	for (i = oid_slot(id, s->cap); s->used[i]; i = (i + 1) & (s->cap - 1))
		if (git_oid_equal(&s->slots[i], id))
			break;
	return i;
}

static int oidset_has(const struct oidset *s, const git_oid *id)
{
	return s->cap && s->used[oidset_probe(s, id)];
}

/* Adds id; returns 1 when it was there already. */
static int oidset_add(struct oidset *s, const git_oid *id)
{
	size_t i;

	if (2 * (s->nr + 1) > s->cap) {
		struct oidset g = { NULL, NULL, 0, s->cap ? 2 * s->cap : 64 };
		g.slots = pm_xcalloc(g.cap, sizeof(*g.slots));
		g.used = pm_xcalloc(g.cap, 1);
		for (i = 0; i < s->cap; i++)
			if (s->used[i])
				oidset_add(&g, &s->slots[i]);
		free(s->slots);
		free(s->used);
		*s = g;
	}
	i = oidset_probe(s, id);
	if (s->used[i])
		return 1;
	s->used[i] = 1;
	git_oid_cpy(&s->slots[i], id);
	s->nr++;
	return 0;
}

static void oidset_release(struct oidset *s)
{
	free(s->slots);
	free(s->used);
	memset(s, 0, sizeof(*s));
}

void pm_oids_add(struct pm_oids *l, const git_oid *id)
{
	PM_ALLOC_GROW(l->ids, l->nr + 1, l->alloc);
	git_oid_cpy(&l->ids[l->nr++], id);
}

void pm_oids_release(struct pm_oids *l)
{
	free(l->ids);
	memset(l, 0, sizeof(*l));
}

/*
 * The commits git fetched without their parents (<common dir>/shallow,
 * one id per line). libgit2 1.5 has no call that lists them.
 */
static int shallow_boundary(struct pm_repo *r, struct oidset *out, struct pm_error *err)
{
	struct pm_buf path = PM_BUF_INIT, text = PM_BUF_INIT;
	char *line, *next;
	int ret;

	pm_path_join(&path, git_repository_commondir(r->git), "shallow");
	ret = pm_read_file(path.ptr, (size_t)64 << 20, &text, err);
	if (ret == PM_ENOTFOUND) {
		pm_error_clear(err);
		ret = 0;
	}
	for (line = text.ptr; !ret && line && *line; line = next) {
		git_oid id;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (git_oid_fromstrn(&id, line, strlen(line)) < 0 || strlen(line) != GIT_OID_HEXSZ)
			ret = pm_error_set(err, PM_EFORMAT, "%s: '%s' is not a commit id",
					   path.ptr, line);
		else
			oidset_add(out, &id);
	}
	pm_buf_release(&path);
	pm_buf_release(&text);
	return ret;
}

/* Marks everything reachable from id as hidden, stopping at the boundary. */
static void hide_reachable(struct pm_repo *r, const git_oid *id, const struct oidset *boundary,
			   struct oidset *hidden)
{
	struct pm_oids stack = PM_OIDS_INIT;

	pm_oids_add(&stack, id);
	while (stack.nr) {
		git_oid cur = stack.ids[--stack.nr];
		git_commit *c = NULL;
		unsigned i;

		if (oidset_add(hidden, &cur) || oidset_has(boundary, &cur) ||
		    git_commit_lookup(&c, r->git, &cur) < 0)
			continue; /* a hidden tip that is not here hides nothing */
		for (i = 0; i < git_commit_parentcount(c); i++)
			pm_oids_add(&stack, git_commit_parent_id(c, i));
		git_commit_free(c);
	}
	pm_oids_release(&stack);
}

static int hide_glob(struct pm_repo *r, const char *glob, const struct oidset *boundary,
		     struct oidset *hidden)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;

	if (git_reference_iterator_glob_new(&it, r->git, glob) < 0)
		return -1;
	while (git_reference_next(&ref, it) == 0) {
		git_object *obj = NULL;
		if (git_reference_peel(&obj, ref, GIT_OBJECT_COMMIT) == 0) {
			hide_reachable(r, git_object_id(obj), boundary, hidden);
			git_object_free(obj);
		}
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	return 0;
}

/* The walk of a shallow clone: depth first, each commit after its parents. */
static int walk_shallow(struct pm_repo *r, const git_oid *tips, size_t ntips,
			const git_oid *hide, size_t nhide, const char *glob,
			struct pm_oids *out, struct pm_error *err)
{
	struct oidset boundary = { 0 }, hidden = { 0 }, seen = { 0 };
	struct pm_oids stack = PM_OIDS_INIT;
	struct pm_buf done = PM_BUF_INIT; /* per stack entry: its parents are pushed */
	size_t i;
	int ret;

	if ((ret = shallow_boundary(r, &boundary, err)))
		goto out;
	for (i = 0; i < nhide; i++)
		hide_reachable(r, &hide[i], &boundary, &hidden);
	if (glob && hide_glob(r, glob, &boundary, &hidden) < 0) {
		ret = pm_error_set(err, PM_ERROR, "cannot list references: %s", pm_repo_giterr());
		goto out;
	}
	for (i = 0; i < ntips; i++) {
		/* a pushed annotated tag stands for its commit */
		git_object *o = NULL, *c = NULL;
		if (git_object_lookup(&o, r->git, &tips[i], GIT_OBJECT_ANY) == 0 &&
		    git_object_peel(&c, o, GIT_OBJECT_COMMIT) == 0)
			pm_oids_add(&stack, git_object_id(c));
		else
			pm_oids_add(&stack, &tips[i]); /* its lookup reports why */
		git_object_free(c);
		git_object_free(o);
		pm_buf_addch(&done, 0);
	}
	while (!ret && stack.nr) {
		git_oid cur = stack.ids[stack.nr - 1];
		git_commit *c = NULL;
		unsigned k;

		if (done.ptr[stack.nr - 1]) {
			pm_oids_add(out, &cur);
			stack.nr--;
			pm_buf_setlen(&done, stack.nr);
			continue;
		}
		if (oidset_has(&hidden, &cur) || oidset_add(&seen, &cur)) {
			stack.nr--;
			pm_buf_setlen(&done, stack.nr);
			continue;
		}
		if (oidset_has(&boundary, &cur)) {
			ret = pm_error_set(err, PM_ERROR,
					   "this is a shallow clone: commit %s was fetched without its parents, so what it changed cannot be judged; fetch the history first ('git fetch --unshallow'; in CI, check out with the whole history: GitHub's actions/checkout with 'fetch-depth: 0', GitLab with 'GIT_DEPTH: 0')",
					   git_oid_tostr_s(&cur));
			break;
		}
		if (git_commit_lookup(&c, r->git, &cur) < 0) {
			ret = pm_error_set(err, PM_ERROR, "cannot read commit %s: %s",
					   git_oid_tostr_s(&cur), pm_repo_giterr());
			break;
		}
		done.ptr[stack.nr - 1] = 1;
		for (k = git_commit_parentcount(c); k-- > 0;) {
			pm_oids_add(&stack, git_commit_parent_id(c, k));
			pm_buf_addch(&done, 0);
		}
		git_commit_free(c);
	}
out:
	oidset_release(&boundary);
	oidset_release(&hidden);
	oidset_release(&seen);
	pm_oids_release(&stack);
	pm_buf_release(&done);
	return ret;
}

int pm_repo_path_versions(struct pm_repo *r, const git_oid *from, const char *path,
			  long long before, unsigned limit,
			  int (*fn)(const git_oid *commit, const char *data, size_t len,
				    void *cb),
			  void *cb)
{
	git_revwalk *w = NULL;
	git_oid id, last;
	unsigned seen = 0, looked = 0;
	int ret = 0, have_last = 0;

	if (git_revwalk_new(&w, r->git) < 0)
		return 0;
	git_revwalk_sorting(w, GIT_SORT_TIME);
	if ((from ? git_revwalk_push(w, from) : git_revwalk_push_head(w)) < 0)
		goto done;
	/* a version in a few commits each, so the commits looked into are bounded too */
	while (!ret && seen < limit && looked < 8 * limit && git_revwalk_next(&id, w) == 0) {
		git_commit *c = NULL;
		git_tree *t = NULL;
		git_tree_entry *e = NULL;
		git_blob *b = NULL;
		if (git_commit_lookup(&c, r->git, &id) < 0)
			break;
		if ((long long)git_commit_time(c) > before) { /* made after the signing */
			git_commit_free(c);
			continue;
		}
		looked++;
		if (git_commit_tree(&t, c) == 0 && git_tree_entry_bypath(&e, t, path) == 0 &&
		    git_tree_entry_type(e) == GIT_OBJECT_BLOB &&
		    (!have_last || !git_oid_equal(&last, git_tree_entry_id(e)))) {
			git_oid_cpy(&last, git_tree_entry_id(e));
			have_last = 1;
			seen++;
			if (git_blob_lookup(&b, r->git, &last) == 0)
				ret = fn(&id, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b), cb);
		}
		git_blob_free(b);
		git_tree_entry_free(e);
		git_tree_free(t);
		git_commit_free(c);
	}
done:
	git_revwalk_free(w);
	git_error_clear();
	return ret;
}

int pm_repo_commits(struct pm_repo *r, const git_oid *tips, size_t ntips,
		    const git_oid *hide, size_t nhide, const char *glob,
		    struct pm_oids *out, struct pm_error *err)
{
	git_revwalk *w = NULL;
	git_oid id;
	size_t i;
	int ret = 0, rc;

	if (git_repository_is_shallow(r->git) == 1)
		return walk_shallow(r, tips, ntips, hide, nhide, glob, out, err);
	if (git_revwalk_new(&w, r->git) < 0)
		return pm_error_set(err, PM_ERROR, "cannot walk the history: %s", pm_repo_giterr());
	git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	for (i = 0; i < ntips && !ret; i++)
		if (git_revwalk_push(w, &tips[i]) < 0)
			ret = pm_error_set(err, PM_ERROR, "cannot read commit %s: %s",
					   git_oid_tostr_s(&tips[i]), pm_repo_giterr());
	for (i = 0; i < nhide && !ret; i++)
		git_revwalk_hide(w, &hide[i]); /* may be unknown here: then nothing to hide */
	if (glob && !ret)
		git_revwalk_hide_glob(w, glob);
	while (!ret && (rc = git_revwalk_next(&id, w)) != GIT_ITEROVER) {
		if (rc < 0)
			/* a commit that cannot be read fails the walk; it is not where history ends */
			ret = pm_error_set(err, PM_ERROR, "cannot walk the history: %s",
					   pm_repo_giterr());
		else
			pm_oids_add(out, &id);
	}
	git_revwalk_free(w);
	return ret;
}
