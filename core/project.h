#ifndef PM_PROJECT_H
#define PM_PROJECT_H

#include "buf.h"
#include "error.h"
#include "facts.h"
#include "policy.h"
#include "repo.h"
#include "template.h"
#include "verify.h"

/*
 * A postmortem repository seen through one snapshot: its policy, keyring
 * and template, where its documents and sign-off records live, and the
 * verification of a document against its records.
 *
 * Layout (docs/FORMAT.md):
 *   .pmgit/config.yaml, .pmgit/keyring.yaml, .pmgit/template.md
 *   <directory>/<ID>.md                       a postmortem
 *   <directory>/<ID>.signoffs/<slot>.<who>.yaml  its sign-off records
 */

/* The policy, keyring and template read from one .pmgit/ directory. */
struct pm_project_store {
	struct pm_config cfg;
	int cfg_ret;            /* how reading the config went, replayed on reuse */
	struct pm_buf cfg_err;
	struct pm_keyring kr;
	int kr_loaded;
	int kr_ret;             /* why the keyring did not load, replayed */
	struct pm_buf kr_err;
	struct pm_template tpl;
	int tpl_loaded;
};

/*
 * Keeps a store across snapshots of one repository (the commits of a
 * history or a push), keyed by the id of their .pmgit tree: a commit
 * that did not change .pmgit/ reuses the parsed policy and template.
 */
struct pm_project_cache {
	git_oid key;
	int valid;
	struct pm_project_store store;
};

void pm_project_cache_init(struct pm_project_cache *c);
void pm_project_cache_release(struct pm_project_cache *c);

struct pm_id_entry;

struct pm_project {
	struct pm_snap *snap;
	struct pm_config *cfg;         /* in *store */
	struct pm_keyring *kr;         /* in *store, once pm_project_keyring loaded it */
	struct pm_project_store *store; /* &own, or a cache's */
	struct pm_project_store own;
	/*
	 * Every file under the postmortem directory by name, for the ID
	 * check: built at the second lookup, so checking one document costs
	 * one search and checking all of them one listing, not one each.
	 */
	struct pm_strlist id_paths;
	struct pm_id_entry *ids;
	size_t nr_ids;
	unsigned id_lookups;
	int ids_unlistable;
};

/* Loads the policy from the snapshot; PM_ENOREPO without .pmgit/config.yaml. */
int pm_project_open(struct pm_project *p, struct pm_snap *snap,
		    struct pm_error *err);
/* The same, through a cache (NULL: none). */
int pm_project_open_cached(struct pm_project *p, struct pm_snap *snap,
			   struct pm_project_cache *cache, struct pm_error *err);
void pm_project_release(struct pm_project *p);
/* Loads the keyring once (an absent keyring is empty). */
int pm_project_keyring(struct pm_project *p, struct pm_error *err);
/* The built-in template, plus .pmgit/template.md when there is one. */
struct pm_template *pm_project_template(struct pm_project *p);
/* The template text `pmgit new` starts from. */
int pm_project_template_text(struct pm_project *p, struct pm_buf *out,
			     struct pm_error *err);

enum pm_path_kind {
	PM_PATH_OTHER,
	PM_PATH_DOCUMENT,
	PM_PATH_RECORD,
	PM_PATH_POLICY,    /* under .pmgit/ */
	PM_PATH_FOLLOWUP,  /* <ID>.actions.yaml, beside its document */
};

/*
 * Is a .md file of this name no postmortem, wherever it stands: a
 * README.md, or a TEMPLATE.md that teams keep beside their postmortems
 * (any case)? A Final postmortem cannot be renamed to one: that would
 * delete it.
 */
int pm_project_aside_name(const char *basename);
/*
 * What a repository path is. For a record or a follow-up, *doc is set to
 * the path of the document it belongs to.
 */
/*
 * Is this a Markdown file named other than *.md ("INC-2026-0007.markdown",
 * ".mdown", ".mkd"), which pmgit does not read as a postmortem? README
 * and TEMPLATE files aside.
 */
int pm_project_other_markdown(const char *path);
/* Why such a file (under the postmortem directory) is refused, with the 'git mv' to .md. */
void pm_project_other_markdown_why(const struct pm_config *cfg, const char *path,
				   struct pm_buf *out);
enum pm_path_kind pm_project_classify(const struct pm_config *cfg,
				      const char *path, struct pm_buf *doc);
/*
 * Is path (searched from `from`, a point in it) under an <ID>.signoffs/
 * directory, at any depth? Then *doc is that document, "<...>/<ID>.md".
 */
int pm_project_record_doc(const char *path, const char *from, struct pm_buf *doc);
/* The follow-up of a document: "dir/INC-1.md" -> "dir/INC-1.actions.yaml". */
void pm_project_followup_path(const char *doc, struct pm_buf *out);
/*
 * Reads a document's follow-up from the snapshot: 0 when there is none;
 * 1 when there is, parsed into *f or, when it does not read, with *why
 * saying so (file:line: what). *path is its path.
 */
int pm_project_followup(struct pm_project *p, const char *doc, struct pm_followup *f,
			struct pm_buf *path, struct pm_buf *why);
/* What ends a document's records directory. */
#define PM_SIGNOFFS_SUFFIX ".signoffs"
/* The records directory of a document: "dir/INC-1.md" -> "dir/INC-1.signoffs". */
void pm_project_records_dir(const char *doc, struct pm_buf *out);

/*
 * The postmortem directory and .pmgit must be directories git stores. A
 * symbolic link, a file or a submodule in place of one of them, or of a
 * directory above them, hides what it leads to from the hooks, which read
 * what git stores. Returns what stands there ("a symbolic link", "a file",
 * "a submodule") and sets *where to its path; NULL when all is well.
 */
const char *pm_project_misplaced(const struct pm_config *cfg, struct pm_snap *snap,
				 struct pm_buf *where);

/*
 * Loads what linting many documents shares (the keyring, the template,
 * the ID index), after which pm_project_lint changes nothing in the
 * project and can run on several threads at once.
 */
void pm_project_prepare_lint(struct pm_project *p);

/*
 * Every postmortem of the snapshot, in natural order (pm_natural_cmp);
 * pm_project_listing also gives the Markdown files under the directory
 * that pmgit does not read (pm_project_other_markdown) in `unread`.
 */
int pm_project_listing(struct pm_project *p, struct pm_strlist *out,
		       struct pm_strlist *unread, struct pm_error *err);
int pm_project_documents(struct pm_project *p, struct pm_strlist *out,
			 struct pm_error *err);

/* Loaded bytes of a document and its records, for verification. */
struct pm_loaded_doc {
	char *path;
	struct pm_buf src;
	struct pm_record_input *records;
	struct pm_buf *record_data;
	size_t nr_records;
	size_t oversize; /* the document's size when over PM_DOC_MAX_BYTES (src is empty) */
};

/*
 * Reads a document and its records from the snapshot. Refuses symbolic
 * links (PM_EREJECT). A document over PM_DOC_MAX_BYTES is not read: it
 * loads empty with `oversize` set, so the size rule can judge it.
 */
int pm_project_load(struct pm_project *p, const char *doc,
		    struct pm_loaded_doc *out, struct pm_error *err);
/* The two halves of pm_project_load: the document alone, then its records. */
int pm_project_load_doc(struct pm_project *p, const char *doc,
			struct pm_loaded_doc *out, struct pm_error *err);
int pm_project_load_records(struct pm_project *p, struct pm_loaded_doc *d,
			    struct pm_error *err);
void pm_loaded_doc_release(struct pm_loaded_doc *d);

/* Verifies a loaded document (parses it for its facts); PM_ELIMIT if oversize. */
int pm_project_verify(struct pm_project *p, const struct pm_loaded_doc *d,
		      struct pm_verdict *out, struct pm_error *err);

/*
 * Loads and verifies the documents paths[0..n) on `threads` threads (0:
 * one per core): docs[i], out[i] and errs[i] for paths[i]. When a
 * document cannot be loaded, errs[i] says why and out[i] is zeroed. The
 * keyring is loaded first; the workers share nothing else that changes.
 * From the working tree each worker reads its own files; from git, the
 * files are read first, on this thread.
 */
int pm_project_verify_all(struct pm_project *p, char *const *paths, size_t n,
			  struct pm_loaded_doc *docs, struct pm_verdict *out,
			  struct pm_error *errs, unsigned threads, struct pm_error *err);

/* Releases the arrays pm_project_verify_all filled (and frees them). */
void pm_project_verify_free(struct pm_loaded_doc *docs, struct pm_verdict *out,
			    struct pm_error *errs, size_t n);

struct pm_lint;

struct pm_check_opts {
	int level;                       /* enum pm_level, or -1: from Status */
	long now;                        /* days since the epoch */
	int id_unique;                   /* check the ID against the snapshot's other postmortems */
	int signoffs;                    /* verify sign-offs for the final rule */
	/*
	 * read <ID>.actions.yaml for the advice rules it informs; the hooks,
	 * which act on errors alone, do not (in a large repository, looking
	 * for it means reading the postmortem directory's tree)
	 */
	int followup;
	/* only errors count (the hooks): rules that can only warn at the level are not run */
	int errors_only;
	/* `now` is the day of the commit judged (the history audit), not today */
	int now_committed;
	/* a merge, judged before it is committed: an ID that comes in is the other branch's */
	int merging;
};

/*
 * Could `who` fill slot i of verdict v now? 0 when the keyring lets them
 * sign it with a key not revoked by `now` and the separation rules would
 * count it (not an author for an approver slot, not someone who fills
 * another required slot); 1 when only the separation rules say no; -1
 * when the keyring does not let them.
 */
int pm_project_may_fill(const struct pm_config *cfg, const struct pm_keyring *kr,
			const struct pm_verdict *v, size_t i, const struct pm_facts *facts,
			long now, const struct pm_person *who);

/*
 * Judges a loaded document: verifies its sign-offs (when asked and the
 * repository has a policy) and runs every rule. `verdict` may be NULL;
 * when not, it receives the verification (or is zeroed). The lint result
 * points into d->src.
 */
int pm_project_lint(struct pm_project *p, const struct pm_loaded_doc *d,
		    const struct pm_check_opts *o, struct pm_lint *out,
		    struct pm_verdict *verdict, struct pm_error *err);

#endif
