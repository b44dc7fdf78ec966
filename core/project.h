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

struct pm_project {
	struct pm_snap *snap;
	struct pm_config cfg;
	struct pm_keyring kr;
	int kr_loaded;
	struct pm_template tpl;
	int tpl_loaded;
};

/* Loads the policy from the snapshot; PM_ENOREPO without .pmgit/config.yaml. */
int pm_project_open(struct pm_project *p, struct pm_snap *snap,
		    struct pm_error *err);
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
};

/*
 * What a repository path is. For a record, *doc is set to the path of
 * the document it belongs to.
 */
enum pm_path_kind pm_project_classify(const struct pm_config *cfg,
				      const char *path, struct pm_buf *doc);
/* The records directory of a document: "dir/INC-1.md" -> "dir/INC-1.signoffs". */
void pm_project_records_dir(const char *doc, struct pm_buf *out);

/* Every postmortem of the snapshot, sorted. */
int pm_project_documents(struct pm_project *p, struct pm_strlist *out,
			 struct pm_error *err);
/* The IDs (file stems) of the documents other than `self`. */
void pm_project_other_ids(const struct pm_strlist *docs, const char *self,
			  struct pm_strlist *out);

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
void pm_loaded_doc_release(struct pm_loaded_doc *d);

/* Verifies a loaded document (parses it for its facts); PM_ELIMIT if oversize. */
int pm_project_verify(struct pm_project *p, const struct pm_loaded_doc *d,
		      struct pm_verdict *out, struct pm_error *err);

/*
 * Verifies n loaded documents on `threads` threads (0: one per core),
 * out[i] for docs[i]. The keyring must be loaded first (pm_project_keyring):
 * the workers only read it.
 */
void pm_project_verify_all(struct pm_project *p, const struct pm_loaded_doc *docs,
			   size_t n, struct pm_verdict *out, unsigned threads);

struct pm_lint;

struct pm_check_opts {
	int level;                       /* enum pm_level, or -1: from Status */
	long now;                        /* days since the epoch */
	const struct pm_strlist *docs;   /* all documents, for id-unique; may be NULL */
	int signoffs;                    /* verify sign-offs for the final rule */
};

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
