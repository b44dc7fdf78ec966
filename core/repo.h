#ifndef PM_REPO_H
#define PM_REPO_H

#include <git2.h>
#include <stddef.h>

#include "buf.h"
#include "error.h"

/*
 * Everything pmgit asks of git, through libgit2 (the only libgit2 user).
 *
 * A snapshot is one version of the repository's files: the working tree,
 * the index git will commit, or a commit's tree. Commands read documents
 * and records through a snapshot, so the same code judges what is on
 * disk (check, verify), what is staged (the pre-commit hook) and what
 * was committed (pre-push, pre-receive, verify --history).
 */

struct pm_repo {
	git_repository *git;
	char *workdir; /* absolute, with a trailing '/'; NULL when bare */
	char *gitdir;
	/*
	 * The first object a tree named that the store did not have (its
	 * message), kept from any thread: a judgement that read around it is
	 * not to be trusted as a whole. See pm_repo_missing.
	 */
	char *missing;
};

#define PM_REPO_FROM_ENV 1 /* open as git does for hooks: GIT_DIR, GIT_INDEX_FILE, quarantine */
/*
 * With PM_REPO_FROM_ENV: leave GIT_INDEX_FILE unread. libgit2 reads that
 * index whole when it opens the repository, which a caller told what is
 * staged (pm_snap_staged_from_raw) does not need.
 */
#define PM_REPO_NO_INDEX 2

/*
 * Starts libgit2 as every pmgit process wants it: no re-hashing of each
 * object read, large trees kept in the cache, and no CA certificates
 * loaded (see repo.c). Then, how many times libgit2 asked mbedTLS for the
 * system CA bundle and was refused, for the test that this still works.
 */
void pm_git_init(void);
unsigned pm_git_ca_loads_refused(void);
/* How many times libgit2 asked libssh2 to start, which pmgit refused. */
unsigned pm_git_ssh_starts_refused(void);

/*
 * PM_ERROR naming the first object found missing since the repository was
 * opened (a partial clone's, or a damaged store's) and how to get it; 0
 * when every object read was there.
 */
int pm_repo_missing(struct pm_repo *r, struct pm_error *err);

/* Opens the repository containing the current directory (or git's env). */
int pm_repo_open(struct pm_repo **out, int flags, struct pm_error *err);
void pm_repo_free(struct pm_repo *r);
/*
 * A git config value (user.email, pmgit.signingKey ...); PM_ENOTFOUND if
 * unset. With r NULL, outside any repository: the global and system files.
 */
int pm_repo_config(struct pm_repo *r, const char *key, struct pm_buf *out);
/* Turns a path given on the command line into one relative to the root. */
int pm_repo_relpath(struct pm_repo *r, const char *arg, struct pm_buf *out,
		    struct pm_error *err);
/* 0 if the index can be read and so staged to; else why not, with the fix. */
int pm_repo_index_usable(struct pm_repo *r, struct pm_error *err);
/* Adds (or, if deleted, removes) paths in the index and writes it. */
int pm_repo_stage(struct pm_repo *r, const char *const *paths, size_t n,
		  struct pm_error *err);
/* Resolves a revision ("HEAD", "main~3", an id) to a commit id. */
int pm_repo_resolve(struct pm_repo *r, const char *rev, git_oid *out,
		    struct pm_error *err);
/* The message of libgit2's last error, for messages. */
const char *pm_repo_giterr(void);

enum pm_snap_kind { PM_SNAP_WORKTREE, PM_SNAP_INDEX, PM_SNAP_TREE };

struct pm_overlay_entry {
	char *path;
	git_oid oid;   /* the new blob; zero when deleted */
	unsigned mode; /* 0 when deleted */
	int kind;      /* enum pm_change_kind */
};

struct pm_snap {
	enum pm_snap_kind kind;
	struct pm_repo *repo;
	git_index *index; /* PM_SNAP_INDEX */
	git_tree *tree;   /* PM_SNAP_TREE; NULL: the empty tree */
	/* a tree snapshot with these files changed on top (sorted by path) */
	struct pm_overlay_entry *overlay;
	size_t nr_overlay;
};

int pm_snap_worktree(struct pm_snap *s, struct pm_repo *r, struct pm_error *err);
/* The index that will be committed (GIT_INDEX_FILE honoured when from env). */
int pm_snap_index(struct pm_snap *s, struct pm_repo *r, struct pm_error *err);
/* HEAD's tree; the empty tree on an unborn branch. */
int pm_snap_head(struct pm_snap *s, struct pm_repo *r, struct pm_error *err);
int pm_snap_commit(struct pm_snap *s, struct pm_repo *r, const git_oid *commit,
		   struct pm_error *err);
/*
 * What the index holds, told by git instead of read: `new` is HEAD's tree
 * with the changes of `git diff-index --cached --raw --no-renames --abbrev=40 HEAD`
 * on top, and `old` is HEAD's tree, told the old side of each change so
 * that reading a changed file finds its blob without searching the tree.
 * The pre-commit shim asks git for them anyway; reading them saves
 * reading the whole index and parsing large trees in a large repository,
 * so the cost follows what changed, not the repository's size.
 * PM_EFORMAT when `raw` is not that output.
 */
int pm_snap_staged_from_raw(struct pm_snap *old, struct pm_snap *new, struct pm_repo *r,
			    const char *raw, size_t len, struct pm_error *err);
/* A tree by id (NULL or zero: the empty tree). */
int pm_snap_tree(struct pm_snap *s, struct pm_repo *r, const git_oid *tree,
		 struct pm_error *err);
void pm_snap_release(struct pm_snap *s);

/*
 * Reads a file of the snapshot. PM_ENOTFOUND if absent; a symbolic link,
 * a submodule or a directory is refused (PM_EREJECT); more than `max`
 * bytes is PM_ELIMIT.
 */
int pm_snap_read(struct pm_snap *s, const char *path, size_t max,
		 struct pm_buf *out, struct pm_error *err);
/* The size of a file of the snapshot, without reading it. */
int pm_snap_size(struct pm_snap *s, const char *path, size_t *size);
/* What is at path, as git would store it. */
enum pm_entry_kind { PM_ENTRY_NONE, PM_ENTRY_FILE, PM_ENTRY_DIR, PM_ENTRY_LINK, PM_ENTRY_OTHER };
enum pm_entry_kind pm_snap_kind(struct pm_snap *s, const char *path);
/* Is there anything (file, link, directory) at path? */
int pm_snap_exists(struct pm_snap *s, const char *path);
/*
 * 0 when the snapshot holds every file git tracks under `dir`; for the
 * working tree of a sparse checkout that leaves some of them off the disk,
 * PM_ERROR saying so (a listing would pass them over). Called once per
 * directory a command judges, before listing it.
 */
int pm_snap_whole(struct pm_snap *s, const char *dir, struct pm_error *err);
/*
 * Lists the entries under directory `dir` (recursively) as repository
 * paths, sorted. Symbolic links are listed too (their readers refuse
 * them). An absent directory gives an empty list; "" lists the whole
 * repository (the working tree's hidden files aside). Subdirectories whose
 * name ends with `prune` (when not NULL) are not entered.
 */
int pm_snap_list(struct pm_snap *s, const char *dir, const char *prune,
		 struct pm_strlist *out, struct pm_error *err);

enum pm_change_kind { PM_CHANGE_ADDED, PM_CHANGE_MODIFIED, PM_CHANGE_DELETED };

struct pm_change {
	char *path;
	enum pm_change_kind kind;
};

struct pm_changes {
	struct pm_change *items;
	size_t nr, alloc;
};

#define PM_CHANGES_INIT { NULL, 0, 0 }

/*
 * The files that differ between `old` (a tree) and `new` (a tree or the
 * index) under the directories `dirs`. For two trees, a directory whose
 * tree id did not change costs one lookup and no diff.
 */
int pm_snap_changes(struct pm_snap *old, struct pm_snap *new,
		    const char *const *dirs, size_t ndirs, struct pm_changes *out,
		    struct pm_error *err);
void pm_changes_release(struct pm_changes *c);
/* The tree id at `dir` in a tree snapshot; zero when there is none. */
void pm_snap_subtree_id(struct pm_snap *s, const char *dir, git_oid *out);

/*
 * An entry beside one of `dir`'s directories (at any level) whose name
 * differs from that directory's only as file systems that fold names do
 * not tell: ASCII case, the code points HFS+ ignores, trailing dots and
 * blanks (Windows). A checkout there writes both into one directory.
 * Sets *found to its path and *meant to the path it folds into; returns
 * 1, or 0 when there is none. A tree snapshot's alone (0 for others).
 */
int pm_snap_name_variant(struct pm_snap *s, const char *dir, struct pm_buf *found,
			 struct pm_buf *meant);
/* `name` for a message: the code points such a file system ignores, which do not show, as \uXXXX. */
void pm_name_visible(struct pm_buf *out, const char *name);
/*
 * `name` as such a file system compares it: those code points gone, then
 * pm_fold_name (letters in one case, NFD composed), trailing dots and
 * blanks gone.
 */
void pm_name_folded(struct pm_buf *out, const char *name);
/*
 * The names in directory `dir` of a tree snapshot that such a file system
 * takes for one: appended to *pairs as two paths each. One listing and
 * one sort of the directory; nothing for a snapshot of another kind.
 */
void pm_snap_folded_twins(struct pm_snap *s, const char *dir, struct pm_strlist *pairs);

/*
 * Is there a file called `name` under `dir` (recursively, not entering
 * directories whose name ends with `prune`) at a path other than `skip`?
 * Returns 1 and sets *found to its path, else 0. Costs no allocation per
 * entry: for a tree, one lookup per directory.
 */
int pm_snap_find_file(struct pm_snap *s, const char *dir, const char *prune,
		      const char *name, const char *skip, struct pm_buf *found);

/* A list of commit ids. */
struct pm_oids {
	git_oid *ids;
	size_t nr, alloc;
};

#define PM_OIDS_INIT { NULL, 0, 0 }

void pm_oids_add(struct pm_oids *l, const git_oid *id);
void pm_oids_release(struct pm_oids *l);

/*
 * The commits reachable from `tips` and from none of `hide` nor of the
 * references matching `glob` (when not NULL), each after its parents:
 * what a history audit or a push judges. A commit that cannot be read
 * fails the walk. In a shallow clone, which libgit2 1.5 cannot walk, the
 * walk stops at the commits fetched without their parents, and fails
 * when one of those is itself to be judged: what it changed is unknown.
 */
int pm_repo_commits(struct pm_repo *r, const git_oid *tips, size_t ntips,
		    const git_oid *hide, size_t nhide, const char *glob,
		    struct pm_oids *out, struct pm_error *err);

/*
 * Calls fn with each version of `path` in the history of `from` (NULL:
 * HEAD's), newest first,
 * taken from the newest commit that holds it among the commits made no
 * later than `before` (seconds since the epoch); a version that comes
 * back later is offered again. Stops after `limit` versions or 8 × `limit`
 * commits looked into, or when fn returns nonzero (which is returned). Quiet about what it cannot read:
 * this finds a hint, not a verdict.
 */
int pm_repo_path_versions(struct pm_repo *r, const git_oid *from, const char *path,
			  long long before, unsigned limit,
			  int (*fn)(const git_oid *commit, const char *data, size_t len,
				    void *cb),
			  void *cb);

/* Calls fn with the tree of every local and remote-tracking branch. */
int pm_repo_each_branch_tree(struct pm_repo *r,
			     int (*fn)(git_tree *tree, const char *ref, void *data),
			     void *data, struct pm_error *err);

#endif
