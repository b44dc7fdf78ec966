#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cmd.h"
#include "lint.h"
#include "text.h"

#include "banned.h"

const char cmd_actions_usage[] =
	"usage: pmgit actions [--overdue] [--owner OWNER] [--now DATE] [--format text|json]\n"
	"\n"
	"Lists the action items of every postmortem (the Action Items tables):\n"
	"incident, due date, status, owner and action, soonest due first.\n"
	"\n"
	"  --overdue      only open items past their due date\n"
	"  --owner OWNER  only items whose owner contains OWNER (any case, any spacing)\n"
	"  --now DATE     the date 'overdue' is measured against (default today)\n"
	"  --format F     text (default) or json\n";

struct row {
	const char *id;
	const char *path;
	struct pm_action_item it;
	int overdue;
};

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

int cmd_actions(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "overdue", no_argument, NULL, 'o' },
		{ "owner", required_argument, NULL, 'w' },
		{ "now", required_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct session s;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_strlist paths = PM_STRLIST_INIT;
	struct pm_buf out = PM_BUF_INIT, src = PM_BUF_INIT;
	struct pm_arena strs = PM_ARENA_INIT; /* the rows' text: documents are freed as read */
	struct pm_buf want = PM_BUF_INIT, folded = PM_BUF_INIT; /* --owner, as names compare */
	struct pm_action_item *items = NULL;
	struct row *rows = NULL;
	enum out_format format = FORMAT_TEXT;
	const char *owner = NULL;
	long now = pm_today();
	size_t i, k, nrows = 0, alloc = 0, late = 0;
	int c, overdue_only = 0, ret = EXIT_OK, have_session = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': overdue_only = 1; break;
		case 'w': owner = optarg; break;
		case 'n':
			if (parse_date_option("actions", "--now", optarg, &now))
				return EXIT_USAGE;
			break;
		case 'f':
			if (parse_format("actions", optarg, &format))
				return EXIT_USAGE;
			break;
		default: return usage_error("actions", "unknown option");
		}
	}
	if (optind < argc)
		return usage_error("actions", "unexpected argument '%s'", argv[optind]);
	if (owner)
		pm_fold_name(&want, owner, strlen(owner));
	if (session_open(&s, SESSION_WORKTREE | SESSION_HEAD_IF_BARE, &err) || !(have_session = 1) ||
	    pm_project_documents(&s.proj, &paths, &err)) {
		ret = report_error(&err);
		goto done;
	}
	for (i = 0; i < paths.nr; i++) {
		struct pm_doc doc;
		struct pm_facts facts;
		const char *id;
		size_t n;
		if (pm_snap_read(&s.snap, paths.items[i], PM_DOC_MAX_BYTES, &src, &err)) {
			ret = report_error(&err);
			goto done;
		}
		pm_doc_parse(&doc, src.ptr, src.len);
		pm_facts_read(&doc, &facts);
		id = facts.id ? keep(&strs, facts.id) : paths.items[i];
		n = pm_action_items(&doc, &items);
		for (k = 0; k < n; k++) {
			struct row *r;
			int overdue = items[k].state == 0 && items[k].due_days >= 0 &&
				      items[k].due_days < now;
			if (overdue_only && !overdue)
				continue;
			if (owner) {
				pm_buf_reset(&folded);
				pm_fold_name(&folded, items[k].owner, strlen(items[k].owner));
				if (!strstr(folded.ptr, want.ptr))
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
			r->overdue = overdue;
		}
		free(items);
		items = NULL;
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
			pm_buf_addf(&out, ", \"state\": \"%s\", \"overdue\": %s}",
				    r->it.state == 1 ? "done" : r->it.state == 2 ? "cancelled" :
				    r->it.state == 0 ? "open" : "unknown",
				    r->overdue ? "true" : "false");
		}
		pm_buf_adds(&out, nrows ? "\n]}\n" : "]}\n");
	} else if (nrows) {
		size_t wid = 8, wdue = 10, wstat = 6, wown = 5;
		for (i = 0; i < nrows; i++) {
			wid = cell_width(wid, rows[i].id);
			wdue = cell_width(wdue, rows[i].it.due);
			wstat = cell_width(wstat, rows[i].it.status);
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
			add_cell(&out, r->it.status, wstat + 2);
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
done:
	pm_arena_release(&strs);
	pm_buf_release(&want);
	pm_buf_release(&folded);
	free(rows);
	pm_strlist_release(&paths);
	pm_buf_release(&out);
	pm_buf_release(&src);
	pm_error_release(&err);
	if (have_session)
		session_close(&s);
	return ret;
}
