#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "cmd.h"
#include "lint.h"
#include "rules.h"
#include "text.h"

#include "banned.h"

const char cmd_actions_usage[] =
	"usage: pmgit actions [--overdue] [--owner OWNER] [--now DATE] [--exit-code]\n"
	"                     [--format text|json] [PATH...]\n"
	"       pmgit actions update PATH ACTION [--status S] [--due DATE] [--note TEXT]\n"
	"                                        [--by PRINCIPAL] [--now DATE]\n"
	"\n"
	"Lists the action items of every postmortem, or of those named by PATH\n"
	"(a file or a directory) or incident ID (the Action Items tables):\n"
	"incident, due date, status, owner and action, soonest due first.\n"
	"\n"
	"  --overdue      only open items past their due date\n"
	"  --owner OWNER  only items whose owner contains OWNER (any case, any spacing,\n"
	"                 with or without accents: 'tomas' finds 'Tomás'); an\n"
	"                 address the keyring names also finds that name\n"
	"  --now DATE     the date 'overdue' is measured against (default today)\n"
	"  --format F     text (default) or json\n"
	"  --exit-code    exit 1 when an item listed is overdue (0 otherwise), for a\n"
	"                 scheduled job that should fail while actions are late\n"
	"\n"
	"A postmortem that cannot be read (a symbolic link, too large) is named on\n"
	"standard error, the others are listed, and the exit status is 3.\n"
	"\n"
	"A Final postmortem is frozen as it was signed, so the progress made on\n"
	"its action items afterwards is recorded beside it, in <ID>.actions.yaml,\n"
	"and listed here in place of the table's status. 'update' adds to it and\n"
	"stages it; PATH may be the incident ID, ACTION is the action as the\n"
	"table names it (any case), or the start of its name that no other\n"
	"action shares:\n"
	"\n"
	"  --status S     Planned, In Progress, Blocked, Done or Cancelled\n"
	"  --due DATE     a new due date (YYYY-MM-DD); say why with --note\n"
	"  --note TEXT    a remark kept with the update (a ticket, a reason)\n"
	"  --by P         who reports it (default: git config user.email)\n"
	"  --now DATE     the date of the update (default today)\n"
	"\n"
	"Until a postmortem is Final, edit its Action Items table instead.\n";

struct row {
	const char *id;
	const char *path;
	struct pm_action_item it;
	const char *shown; /* the status as listed: with the date of its update */
	int overdue;
};

/* A row of a draft's Action Items left as the template gave it: "[Action]". */
static int unfilled(const struct pm_template *tpl, const char *action)
{
	return tpl && pm_template_whole_placeholder(tpl, action);
}

static int by_due(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	long dx = x->it.due_days < 0 ? 1L << 40 : x->it.due_days;
	long dy = y->it.due_days < 0 ? 1L << 40 : y->it.due_days;

	if (dx != dy)
		return dx < dy ? -1 : 1;
	return strcmp(x->path, y->path);
}

/* A copy of s that lives as long as the rows do. */
static const char *keep(struct pm_arena *a, const char *s)
{
	return pm_arena_strndup(a, s, strlen(s));
}

/*
 * A cell as the listing shows it: a link as its text ("[PLAT-221](https://
 * tracker/...)" is "PLAT-221"), so that a ticket's address does not push
 * the columns apart. The cell itself when it holds no link.
 */
static const char *shown_text(struct pm_arena *a, const char *s)
{
	struct pm_buf b = PM_BUF_INIT;
	const char *shown;

	if (!strstr(s, "]("))
		return s;
	pm_add_link_text(&b, s);
	shown = pm_arena_strndup(a, b.ptr ? b.ptr : "", b.len);
	pm_buf_release(&b);
	return shown;
}

/* The actions of a table, for a message: 'A', 'B', 'C'. */
static void list_actions(struct pm_buf *out, const struct pm_action_item *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		pm_buf_addf(out, "%s'%s'", i ? ", " : "", items[i].action);
	if (!n)
		pm_buf_adds(out, "none (it has no Action Items table)");
}

/* pmgit actions update PATH ACTION ... */
/*
 * The one action whose name begins with `start` (in any case, as names are
 * compared), as 'git' takes an unambiguous abbreviation: its index; -1 when
 * none does, -2 when several do (their names in *names).
 */
static long action_by_prefix(const struct pm_action_item *items, size_t n, const char *start,
			     struct pm_buf *names)
{
	struct pm_buf want = PM_BUF_INIT, have = PM_BUF_INIT;
	long found = -1;
	size_t i, hits = 0;

	pm_fold_name(&want, start, strlen(start));
	pm_buf_reset(names);
	for (i = 0; i < n && want.len; i++) {
		pm_buf_reset(&have);
		pm_fold_name(&have, items[i].action, strlen(items[i].action));
		if (have.len < want.len || memcmp(have.ptr, want.ptr, want.len))
			continue;
		pm_buf_addf(names, "%s'%s'", hits++ ? ", " : "", items[i].action);
		found = (long)i;
	}
	pm_buf_release(&want);
	pm_buf_release(&have);
	return hits > 1 ? -2 : found;
}

/* Does a status say a word, outside GitHub's :shortcodes:? */
static int says_a_word(const char *s)
{
	while (*s) {
		const char *e = pm_past_shortcode(s);
		if (e > s)
			s = e;
		else if (isalpha((unsigned char)*s++))
			return 1;
	}
	return 0;
}

static int actions_update(int argc, char **argv)
{
	static const char *const statuses[] = { "Planned", "In Progress", "Blocked", "Done",
						"Cancelled" };
	static const struct option longopts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "due", required_argument, NULL, 'd' },
		{ "note", required_argument, NULL, 'm' },
		{ "by", required_argument, NULL, 'b' },
		{ "now", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct session s;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_buf rel = PM_BUF_INIT, src = PM_BUF_INIT, fpath = PM_BUF_INIT, why = PM_BUF_INIT;
	struct pm_buf by = PM_BUF_INIT, date = PM_BUF_INIT, text = PM_BUF_INIT, names = PM_BUF_INIT;
	struct pm_buf old = PM_BUF_INIT;
	struct pm_followup fu;
	struct pm_action_update u;
	struct pm_action_item *items = NULL;
	struct pm_facts facts;
	struct pm_doc doc;
	const char *arg, *status = NULL, *due = NULL, *note = NULL, *who = NULL;
	const char *was_status, *was_due;
	long now = pm_today(), due_days = -1, k;
	size_t n = 0;
	int c, ret, have_session = 0, parsed = 0, had_old;

	memset(&fu, 0, sizeof(fu));
	optind = 2;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 's': status = optarg; break;
		case 'd': due = optarg; break;
		case 'm': note = optarg; break;
		case 'b': who = optarg; break;
		case 'n':
			if (parse_date_option("actions", "--now", optarg, &now))
				return EXIT_USAGE;
			break;
		default: return option_error("actions", c, argv, longopts);
		}
	}
	if (argc - optind != 2)
		return usage_error("actions", "update takes a postmortem and an action: pmgit actions update INC-2026-0001 \"Add a pool alert\" --status Done");
	if (!status && !due)
		return usage_error("actions", "say what changed: --status S, --due DATE, or both");
	if (status && pm_action_state(status) < 0)
		return usage_error("actions", "unknown status '%s'; use Planned, In Progress, Blocked, Done or Cancelled", status);
	for (k = 0; status && k < (long)(sizeof(statuses) / sizeof(statuses[0])); k++)
		if (!strcasecmp(status, statuses[k]))
			status = statuses[k]; /* "in progress" is written "In Progress" */
	if (status && !says_a_word(status))
		status = "Done"; /* a tick alone, "✅" or ":white_check_mark:", is written as what it means */
	if (due && !pm_parse_date(due, &due_days))
		return usage_error("actions", "--due: '%s' is not a date, YYYY-MM-DD", due);
	if ((note && !pm_text_printable(note)) || (who && !pm_text_printable(who)))
		return usage_error("actions", "--note and --by are one line of text, without control characters or invisible bidirectional controls");
	arg = argv[optind];
	if ((ret = session_open(&s, SESSION_STAGES, &err)) || !(have_session = 1) ||
	    (ret = doc_arg(&s, &arg, &rel, &err)) ||
	    (ret = pm_snap_read(&s.snap, rel.ptr, PM_DOC_MAX_BYTES, &src, &err)))
		goto done;
	pm_doc_parse(&doc, src.ptr, src.len);
	parsed = 1;
	pm_facts_read(&doc, &facts);
	n = pm_action_items(&doc, &items);
	if (facts.status != PM_STATUS_FINAL) {
		ret = pm_error_set(&err, PM_EREJECT,
				   "'%s' is %s, not Final: change its Action Items table itself; 'pmgit actions update' records progress once the postmortem is Final and frozen",
				   arg, facts.status_raw ? facts.status_raw : "without a Status");
		goto done;
	}
	if (pm_project_followup(&s.proj, rel.ptr, &fu, &fpath, &why) && why.len) {
		ret = pm_error_set(&err, PM_EFORMAT, "%s; fix it first", why.ptr);
		goto done;
	}
	pm_followup_apply(&fu, items, n);
	if ((k = pm_action_find(items, n, argv[optind + 1])) < 0 &&
	    (k = action_by_prefix(items, n, argv[optind + 1], &names)) < 0) {
		if (k == -2)
			ret = pm_error_set(&err, PM_EUSAGE,
					   "'%s' begins more than one action of '%s' (%s); give more of its name",
					   argv[optind + 1], arg, names.ptr);
		else {
			list_actions(&names, items, n);
			ret = pm_error_set(&err, PM_ENOTFOUND,
					   "'%s' has no action '%s'; its actions are %s",
					   arg, argv[optind + 1], names.ptr);
		}
		goto done;
	}
	if (who)
		pm_buf_adds(&by, who);
	else
		pm_repo_config(s.repo, "user.email", &by);
	pm_format_date(&date, now);

	memset(&u, 0, sizeof(u));
	u.action = pm_xstrdup(items[k].action);
	u.status = status ? pm_xstrdup(status) : NULL;
	u.due = due ? pm_xstrdup(due) : NULL;
	u.due_days = due_days;
	u.date = pm_xstrdup(date.ptr);
	u.by = by.len ? pm_xstrdup(by.ptr) : NULL;
	u.note = note ? pm_xstrdup(note) : NULL;
	was_status = *items[k].status ? items[k].status : "no status";
	was_due = *items[k].due ? items[k].due : "no date";
	fu.updates = pm_xrealloc(fu.updates, (fu.nr + 1) * sizeof(*fu.updates));
	fu.updates[fu.nr++] = u;
	/* added at the end of the file as it is, which keeps what people wrote in it */
	pm_snap_read(&s.snap, fpath.ptr, PM_FOLLOWUP_MAX, &old, NULL);
	if ((ret = pm_followup_append(old.ptr, old.len, &fu, facts.id ? facts.id : rel.ptr,
				      &text, &err)))
		goto done;

	if ((ret = write_staged(&s, fpath.ptr, &text, "actions", &had_old, &err)))
		goto done;
	/* the action and statuses come from the document: written as the terminal can take them */
	pm_buf_reset(&text);
	pm_buf_addf(&text, "%s: '%s'", facts.id ? facts.id : arg, items[k].action);
	if (status)
		pm_buf_addf(&text, " %s -> %s", was_status, status);
	if (due)
		pm_buf_addf(&text, "%s due %s -> %s", status ? "," : "", was_due, due);
	pm_buf_addf(&text, "\n  recorded in %s (%s, staged)\n", fpath.ptr, had_old ? "updated" : "new");
	pm_buf_addf(&text, "commit it: git commit -m '%s: action item progress'\n",
		    facts.id ? facts.id : arg);
	ret = write_stdout(&text);
done:
	if (err.code)
		ret = report_error(&err);
	free(items);
	if (parsed)
		pm_doc_release(&doc);
	pm_followup_release(&fu);
	pm_buf_release(&rel);
	pm_buf_release(&src);
	pm_buf_release(&fpath);
	pm_buf_release(&why);
	pm_buf_release(&by);
	pm_buf_release(&date);
	pm_buf_release(&text);
	pm_buf_release(&names);
	pm_buf_release(&old);
	pm_error_release(&err);
	if (have_session)
		session_close(&s);
	return ret;
}

int cmd_actions(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "overdue", no_argument, NULL, 'o' },
		{ "owner", required_argument, NULL, 'w' },
		{ "now", required_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ "exit-code", no_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 },
	};
	struct session s;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_strlist paths = PM_STRLIST_INIT;
	struct pm_buf out = PM_BUF_INIT, src = PM_BUF_INIT;
	struct pm_arena strs = PM_ARENA_INIT; /* the rows' text: documents are freed as read */
	struct pm_buf want = PM_BUF_INIT, folded = PM_BUF_INIT; /* --owner, as names compare */
	struct pm_template *tpl = NULL;
	struct pm_buf want_name = PM_BUF_INIT; /* the keyring's name for an --owner address */
	struct pm_buf rel = PM_BUF_INIT, fpath = PM_BUF_INIT, why = PM_BUF_INIT, cell = PM_BUF_INIT;
	struct pm_followup fu = { NULL, 0 };
	struct pm_action_item *items = NULL;
	struct row *rows = NULL;
	enum out_format format = FORMAT_TEXT;
	const char *owner = NULL;
	long now = pm_today();
	struct pm_strlist unread = PM_STRLIST_INIT; /* path, why; path, why; ... */
	size_t i, k, nrows = 0, alloc = 0, late = 0;
	int c, overdue_only = 0, exit_code = 0, ret = EXIT_OK, have_session = 0;

	if (argc > 1 && !strcmp(argv[1], "update"))
		return actions_update(argc, argv);
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': overdue_only = 1; break;
		case 'x': exit_code = 1; break;
		case 'w': owner = optarg; break;
		case 'n':
			if (parse_date_option("actions", "--now", optarg, &now))
				return EXIT_USAGE;
			break;
		case 'f':
			if (parse_format("actions", optarg, &format))
				return EXIT_USAGE;
			break;
		default: return option_error("actions", c, argv, longopts);
		}
	}
	if (owner)
		pm_fold_search(&want, owner, strlen(owner));
	if (session_open(&s, SESSION_WORKTREE | SESSION_HEAD_IF_BARE, &err) || !(have_session = 1)) {
		ret = report_error(&err);
		goto done;
	}
	/* an address the keyring knows stands for the name written in tables too */
	if (owner && strchr(owner, '@') && s.have_project && !pm_project_keyring(&s.proj, NULL)) {
		const char *spelled = keyring_spelling(s.proj.kr, owner);
		const struct pm_person *who = pm_keyring_person(s.proj.kr, spelled ? spelled : owner);
		if (who && who->name)
			pm_fold_search(&want_name, who->name, strlen(who->name));
	}
	/* the postmortems named (a path, an incident ID, a directory), or all of them */
	if (doc_args(&s, argc - optind, argv + optind, &paths, NULL, NULL, &err)) {
		ret = report_error(&err);
		goto done;
	}
	tpl = s.have_project ? pm_project_template(&s.proj) : NULL;
	for (i = 0; i < paths.nr; i++) {
		struct pm_doc doc;
		struct pm_facts facts;
		const char *id;
		size_t n;
		if (pm_snap_read(&s.snap, paths.items[i], PM_DOC_MAX_BYTES, &src, &err)) {
			/* named, and the others listed: one bad file hides no one's actions */
			fflush(stdout);
			report_error(&err);
			pm_strlist_add(&unread, paths.items[i]);
			pm_strlist_add(&unread, err.msg.ptr);
			pm_error_release(&err);
			continue;
		}
		pm_doc_parse(&doc, src.ptr, src.len);
		pm_facts_read(&doc, &facts);
		id = facts.id ? keep(&strs, facts.id) : paths.items[i];
		n = pm_action_items(&doc, &items);
		if (facts.status == PM_STATUS_FINAL &&
		    pm_project_followup(&s.proj, paths.items[i], &fu, &fpath, &why)) {
			if (why.len)
				fprintf(stderr, "warning: %s; its updates are left out\n", why.ptr);
			pm_followup_apply(&fu, items, n);
		}
		for (k = 0; k < n; k++) {
			struct row *r;
			int overdue = items[k].state == 0 && items[k].due_days >= 0 &&
				      items[k].due_days < now;
			if ((overdue_only && !overdue) || unfilled(tpl, items[k].action))
				continue;
			if (owner) {
				pm_buf_reset(&folded);
				pm_fold_search(&folded, items[k].owner, strlen(items[k].owner));
				if (!strstr(folded.ptr, want.ptr) &&
				    !(want_name.len && strstr(folded.ptr, want_name.ptr)))
					continue;
			}
			PM_ALLOC_GROW(rows, nrows + 1, alloc);
			r = &rows[nrows++];
			r->id = id;
			r->path = paths.items[i];
			r->it = items[k];
			r->it.action = keep(&strs, items[k].action);
			r->it.owner = keep(&strs, items[k].owner);
			r->it.due = keep(&strs, items[k].due);
			r->it.status = keep(&strs, items[k].status);
			r->it.updated = items[k].updated ? keep(&strs, items[k].updated) : NULL;
			r->shown = r->it.status;
			if (r->it.updated) {
				pm_buf_reset(&cell);
				pm_buf_addf(&cell, "%s (%s)", r->it.status, r->it.updated);
				r->shown = keep(&strs, cell.ptr);
			}
			r->overdue = overdue;
		}
		free(items);
		items = NULL;
		pm_followup_release(&fu);
		pm_doc_release(&doc);
	}
	if (nrows)
		qsort(rows, nrows, sizeof(*rows), by_due);

	if (format == FORMAT_JSON) {
		pm_buf_adds(&out, "{\"actions\": [");
		for (i = 0; i < nrows; i++) {
			const struct row *r = &rows[i];
			pm_buf_adds(&out, i ? ",\n  {\"incident\": " : "\n  {\"incident\": ");
			pm_buf_add_jsons(&out, r->id);
			pm_buf_adds(&out, ", \"path\": ");
			pm_buf_add_jsons(&out, r->path);
			pm_buf_addf(&out, ", \"line\": %u, \"action\": ", r->it.line);
			pm_buf_add_jsons(&out, r->it.action);
			pm_buf_adds(&out, ", \"owner\": ");
			pm_buf_add_jsons(&out, r->it.owner);
			pm_buf_adds(&out, ", \"due\": ");
			pm_buf_add_jsons(&out, r->it.due);
			pm_buf_adds(&out, ", \"status\": ");
			pm_buf_add_jsons(&out, r->it.status);
			pm_buf_adds(&out, ", \"updated\": ");
			if (r->it.updated)
				pm_buf_add_jsons(&out, r->it.updated);
			else
				pm_buf_adds(&out, "null");
			pm_buf_addf(&out, ", \"state\": \"%s\", \"overdue\": %s}",
				    r->it.state == 1 ? "done" : r->it.state == 2 ? "cancelled" :
				    r->it.state == 0 ? "open" : "unknown",
				    r->overdue ? "true" : "false");
		}
		pm_buf_adds(&out, nrows ? "\n], \"unreadable\": [" : "], \"unreadable\": [");
		for (i = 0; i + 1 < unread.nr; i += 2)
			json_unreadable(&out, !i, unread.items[i], unread.items[i + 1]);
		pm_buf_adds(&out, unread.nr ? "\n]}\n" : "]}\n");
	} else if (nrows) {
		size_t wid = 8, wdue = 10, wstat = 6, wown = 5;
		for (i = 0; i < nrows; i++) {
			rows[i].it.owner = shown_text(&strs, rows[i].it.owner);
			rows[i].it.action = shown_text(&strs, rows[i].it.action);
			wid = cell_width(wid, rows[i].id);
			wdue = cell_width(wdue, rows[i].it.due);
			wstat = cell_width(wstat, rows[i].shown);
			wown = cell_width(wown, rows[i].it.owner);
		}
		pm_buf_adds(&out, color(1, "bold"));
		add_cell(&out, "INCIDENT", wid + 2);
		add_cell(&out, "DUE", wdue + 3);
		add_cell(&out, "STATUS", wstat + 2);
		add_cell(&out, "OWNER", wown + 2);
		pm_buf_addf(&out, "ACTION%s\n", color(1, "reset"));
		for (i = 0; i < nrows; i++) {
			const struct row *r = &rows[i];
			add_cell(&out, r->id, wid + 2);
			pm_buf_adds(&out, r->overdue ? color(1, "error") : "");
			add_cell(&out, r->it.due, wdue);
			/* marked in words too: colour is not there in a pipe or with NO_COLOR */
			pm_buf_adds(&out, r->overdue ? " ! " : "   ");
			pm_buf_adds(&out, r->overdue ? color(1, "reset") : "");
			add_cell(&out, r->shown, wstat + 2);
			add_cell(&out, r->it.owner, wown + 2);
			pm_buf_addf(&out, "%s\n", r->it.action);
			late += r->overdue;
		}
		if (late) {
			struct pm_buf day = PM_BUF_INIT;
			pm_format_date(&day, now);
			pm_buf_addf(&out, "! open and past due on %s (%zu)\n", day.ptr, late);
			pm_buf_release(&day);
		}
	} else {
		pm_buf_adds(&out, overdue_only ? "no overdue action items\n" : "no action items\n");
	}
	ret = write_stdout(&out);
	for (i = 0; exit_code && !ret && i < nrows; i++)
		if (rows[i].overdue)
			ret = EXIT_FINDINGS;
	if (unread.nr && (ret == EXIT_OK || ret == EXIT_FINDINGS))
		ret = EXIT_CANNOT; /* the list lacks what those files hold */
done:
	pm_strlist_release(&unread);
	pm_arena_release(&strs);
	pm_buf_release(&want);
	pm_buf_release(&want_name);
	pm_buf_release(&folded);
	pm_buf_release(&rel);
	pm_buf_release(&fpath);
	pm_buf_release(&why);
	pm_buf_release(&cell);
	pm_followup_release(&fu);
	free(rows);
	pm_strlist_release(&paths);
	pm_buf_release(&out);
	pm_buf_release(&src);
	pm_error_release(&err);
	if (have_session)
		session_close(&s);
	return ret;
}
