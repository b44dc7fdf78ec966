#include <getopt.h>
#include <string.h>

#include "cmd.h"
#include "edit.h"
#include "fsutil.h"
#include "lint.h"
#include "text.h"

#include "banned.h"

const char cmd_finalize_usage[] =
	"usage: pmgit finalize PATH [--date YYYY-MM-DD]\n"
	"\n"
	"Makes a postmortem Final once everything the final level asks holds:\n"
	"sets Status to Final, fills the Sign-Off section from the valid sign-offs\n"
	"(names from the keyring, dates from the signatures), sets Published and\n"
	"Last Updated, writes the file atomically and stages it with its records.\n"
	"The Status line and the Sign-Off section are outside what a signature\n"
	"covers, so the sign-offs stay valid. If anything is missing, nothing\n"
	"changes and the missing parts are listed. PATH may be the incident ID.\n"
	"\n"
	"  --date DATE    the Published date (default today, UTC); not before the\n"
	"                 last sign-off, nor after today\n";

/*
 * A Sign-Off line someone typed a name on, which no counted sign-off
 * backs, is written anew from the records: say what it said, so that
 * nothing goes unnoticed.
 */
static void note_replaced(const struct pm_loaded_doc *d, const struct pm_verdict *v,
			  const struct pm_signoff_line *sl)
{
	struct pm_doc doc;
	size_t i;

	pm_doc_parse(&doc, d->src.ptr, d->src.len);
	for (i = 0; i < v->nr_slots; i++) {
		unsigned line;
		const char *was;
		if (v->slots[i].state == PM_SLOT_VALID)
			continue;
		was = pm_lint_signoff_written(&doc, sl[i].slot, &line);
		if (was && strcmp(was, sl[i].name))
			fprintf(stderr, "note: the '%s' line said '%s', which no counted sign-off backs; it now says '%s'\n",
				sl[i].slot, was, sl[i].name);
	}
	pm_doc_release(&doc);
}

static int finalize(struct session *s, const char *arg, long date, struct pm_error *err)
{
	struct pm_buf rel = PM_BUF_INIT, text = PM_BUF_INIT, full = PM_BUF_INIT;
	struct pm_buf day = PM_BUF_INIT, line = PM_BUF_INIT;
	struct pm_strlist texts = PM_STRLIST_INIT, names = PM_STRLIST_INIT, dates = PM_STRLIST_INIT;
	struct pm_loaded_doc d, nd;
	struct pm_verdict v;
	struct pm_lint l;
	struct pm_strlist stage = PM_STRLIST_INIT;
	struct pm_signoff_line *sl = NULL;
	struct pm_check_opts co;
	size_t i;
	int ret, linted = 0;

	memset(&d, 0, sizeof(d));
	memset(&nd, 0, sizeof(nd));
	memset(&v, 0, sizeof(v));
	if ((ret = doc_arg(s, &arg, &rel, err)))
		goto done;
	if ((ret = policy_allows_signing(s, "finalizing", err)) ||
	    (ret = pm_project_load(&s->proj, rel.ptr, &d, err)) ||
	    (ret = pm_project_verify(&s->proj, &d, &v, err)))
		goto done;
	{
		struct pm_doc doc;
		struct pm_facts f;
		pm_doc_parse_facts(&doc, d.src.ptr, d.src.len);
		pm_facts_read(&doc, &f);
		if (f.status == PM_STATUS_FINAL)
			ret = pm_error_set(err, PM_EREJECT,
					   "'%s' is already Final; a Final postmortem does not change", arg);
		pm_doc_release(&doc);
		if (ret)
			goto done;
	}

	/* published once signed off, and not ahead of time */
	for (i = 0; i < v.nr_slots; i++) {
		const struct pm_slot_verdict *sv = &v.slots[i];
		const struct pm_rec_verdict *r;
		if (sv->state != PM_SLOT_VALID)
			continue;
		r = &v.recs[sv->record];
		if (r->st.time_days > date) {
			pm_format_date(&day, date);
			ret = pm_error_set(err, PM_EUSAGE,
					   "the Published date %s is before the '%s' sign-off (%.10s); a postmortem is published once it is signed off: leave out --date for today",
					   day.ptr, sv->slot->name, r->st.time);
			goto done;
		}
	}
	if (date > pm_today() + 1) {
		pm_format_date(&day, date);
		ret = pm_error_set(err, PM_EUSAGE,
				   "the Published date %s is after today; leave out --date for today", day.ptr);
		goto done;
	}

	/* the Sign-Off lines, one per slot of the policy: name, date, and both as a line */
	pm_buf_reset(&day);
	pm_format_date(&day, date);
	for (i = 0; i < v.nr_slots; i++) {
		const struct pm_slot_verdict *sv = &v.slots[i];
		const struct pm_rec_verdict *r = sv->state == PM_SLOT_VALID ? &v.recs[sv->record] : NULL;
		pm_buf_reset(&line);
		if (r && r->signer_name)
			pm_buf_addf(&line, "%s <%s>", r->signer_name, r->st.signer);
		else if (r)
			pm_buf_adds(&line, r->st.signer);
		else
			pm_buf_adds(&line, !sv->applies ? (pm_slot_applies(sv->slot, v.severity, -1)
							   ? sv->detail /* the incident's date */
							   : "not required for this severity") :
					   !sv->required ? "not signed (optional)" : "NOT SIGNED");
		pm_strlist_add(&names, line.ptr);
		pm_strlist_addn(&dates, r ? r->st.time : "", r ? 10 : 0);
		if (r)
			pm_buf_addf(&line, " - %.10s", r->st.time);
		pm_strlist_add(&texts, line.ptr);
	}
	sl = pm_xcalloc(v.nr_slots ? v.nr_slots : 1, sizeof(*sl));
	for (i = 0; i < v.nr_slots; i++) {
		sl[i].slot = v.slots[i].slot->name;
		sl[i].role = v.slots[i].slot->role;
		sl[i].text = texts.items[i];
		sl[i].name = names.items[i];
		sl[i].date = dates.items[i];
	}

	pm_buf_add(&text, d.src.ptr, d.src.len);
	if (!pm_edit_field(&text, "Status", "Final", 1)) {
		ret = pm_error_set(err, PM_EREJECT,
				   "'%s' has no '**Status**:' line in its header; add '**Status**: In Review' first",
				   arg);
		goto done;
	}
	pm_edit_signoff(&text, sl, v.nr_slots, day.ptr);

	/* judge the result exactly as the hooks will */
	nd = d;
	memset(&nd.src, 0, sizeof(nd.src));
	nd.src = text;
	co.level = PM_LEVEL_FINAL;
	co.now = pm_today();
	co.id_unique = 1;
	co.signoffs = 1;
	co.followup = 0;
	co.errors_only = 0;
	co.now_committed = 0;
	ret = pm_project_lint(&s->proj, &nd, &co, &l, NULL, err);
	if (ret)
		goto done;
	linted = 1;
	if (l.errors) {
		print_lint_errors(arg, &l);
		ret = pm_error_set(err, PM_EREJECT,
				   "'%s' cannot be Final yet (%zu problem%s); nothing was changed",
				   arg, l.errors, l.errors == 1 ? "" : "s");
		goto done;
	}

	pm_path_join(&full, s->repo->workdir, rel.ptr);
	pm_fault_point("finalize:before-write");
	if ((ret = pm_write_atomic(full.ptr, text.ptr, text.len, 0644, 0, err)))
		goto done;
	pm_fault_point("finalize:before-index");
	pm_strlist_add(&stage, rel.ptr);
	for (i = 0; i < d.nr_records; i++)
		pm_strlist_add(&stage, d.records[i].path);
	if ((ret = pm_repo_stage(s->repo, (const char *const *)stage.items, stage.nr, err))) {
		struct pm_error ignore = PM_ERROR_INIT;
		/* put the document back as it was */
		pm_write_atomic(full.ptr, d.src.ptr, d.src.len, 0644, 0, &ignore);
		pm_error_release(&ignore);
		goto done;
	}
	printf("%s is Final (document-sha256 %s, unchanged); staged with %zu sign-off%s:\n",
	       l.facts.id, v.doc_hash, d.nr_records, d.nr_records == 1 ? "" : "s");
	{
		struct pm_buf table = PM_BUF_INIT;
		size_t w = 0;
		for (i = 0; i < v.nr_slots; i++)
			w = cell_width(w, sl[i].slot);
		for (i = 0; i < v.nr_slots; i++) {
			pm_buf_adds(&table, "  ");
			add_cell(&table, sl[i].slot, w + 2);
			pm_buf_addf(&table, "%s\n", sl[i].text);
		}
		fputs(table.ptr ? table.ptr : "", stdout);
		pm_buf_release(&table);
	}
	printf("commit it: git commit -m '%s: final'\n", l.facts.id);
	note_replaced(&d, &v, sl);
done:
	if (linted)
		pm_lint_release(&l);
	if (nd.src.ptr == text.ptr)
		memset(&nd, 0, sizeof(nd)); /* it shared d's records and text's bytes */
	pm_verdict_release(&v);
	pm_loaded_doc_release(&d);
	pm_strlist_release(&stage);
	free(sl);
	pm_buf_release(&rel);
	pm_buf_release(&text);
	pm_buf_release(&full);
	pm_buf_release(&day);
	pm_buf_release(&line);
	pm_strlist_release(&texts);
	pm_strlist_release(&names);
	pm_strlist_release(&dates);
	return ret;
}

int cmd_finalize(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	struct session s;
	struct pm_error err = PM_ERROR_INIT;
	long date = pm_today();
	int c, ret = EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c != 'd' || parse_date_option("finalize", "--date", optarg, &date))
			return c == 'd' ? EXIT_USAGE : option_error("finalize", c, argv, longopts);
	}
	if (optind + 1 != argc)
		return usage_error("finalize", "name one postmortem to finalize");
	if (session_open(&s, SESSION_STAGES, &err)) {
		ret = report_error(&err);
		pm_error_release(&err);
		return ret;
	}
	if (finalize(&s, argv[optind], date, &err))
		ret = report_error(&err);
	session_close(&s);
	pm_error_release(&err);
	return ret;
}
