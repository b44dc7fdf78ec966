#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "facts.h"
#include "lint.h"
#include "text.h"
#include "utf8.h"

#include "banned.h"

const char cmd_status_usage[] =
	"usage: pmgit status [--open] [--to-sign [--signer PRINCIPAL]] [--format text|json]\n"
	"                    [PATH...]\n"
	"\n"
	"Lists every postmortem, or those named by PATH (a file or a directory)\n"
	"or incident ID: incident ID, Status, Severity, valid required sign-offs\n"
	"out of those required, and title. A '!' marks a postmortem whose\n"
	"sign-offs fail verification ('pmgit verify' says why), a '*' one with a\n"
	"sign-off gone stale since it changed ('pmgit verify ID' shows what\n"
	"changed since); a Status pmgit does not read ('Complete') is shown as\n"
	"written, marked '?'. A line names the postmortems not Final yet that\n"
	"have every required sign-off (for 'pmgit finalize'), and the last how\n"
	"many sign-offs await you (git config user.email) when some do. A\n"
	"postmortem that cannot be read is named on standard error, the others\n"
	"are listed, and the exit status is 3.\n"
	"\n"
	"  --open               only the postmortems not Final yet: Draft, In\n"
	"                       Review, or a Status pmgit does not read\n"
	"  --to-sign            list instead what awaits your sign-off: each slot\n"
	"                       of a postmortem In Review that is missing (or holds\n"
	"                       a sign-off the rules do not count) and that the\n"
	"                       keyring and the separation rules let you fill,\n"
	"                       and each of your sign-offs to give again (stale,\n"
	"                       or made with a revoked key), with the command;\n"
	"                       of several required slots of one postmortem\n"
	"                       you give one (one_slot_per_person)\n"
	"  --signer PRINCIPAL   whose sign-offs (default: git config user.email, or\n"
	"                       when the keyring lacks it, the owner of your\n"
	"                       signing key)\n";

/* What awaits one person's sign-off, as status --to-sign lists it. */
struct to_sign {
	const struct pm_person *who;
	size_t nr;
	int idw; /* the width of the ID column */
	/*
	 * rows beyond the one sign-off a person gives a postmortem when the
	 * policy lets them fill one required slot of it, and which those are
	 */
	size_t extra;
	struct pm_buf choices;
};

/*
 * Adds the slots of one postmortem that await `t->who`: missing ones the
 * keyring and the separation rules let them fill, and their own records
 * to redo.
 */
static void add_to_sign(struct session *s, struct to_sign *t, const struct pm_loaded_doc *d,
			const struct pm_verdict *v, enum out_format format, struct pm_buf *out)
{
	struct pm_doc fd;
	struct pm_facts facts;
	size_t k, fillable = 0;
	int parsed = 0;

	if (v->status != PM_STATUS_REVIEW)
		return;
	for (k = 0; k < v->nr_slots; k++) {
		const struct pm_slot_verdict *sv = &v->slots[k];
		const char *by = sv->record >= 0 ? v->recs[sv->record].st.signer : NULL;
		int mine = by && !strcmp(by, t->who->principal);
		/* a sign-off the rules do not count for its signer: the slot is someone else's to fill */
		int others = sv->state == PM_SLOT_MISSING || sv->state == PM_SLOT_NOT_ALLOWED ||
			     sv->state == PM_SLOT_SELF_APPROVAL ||
			     sv->state == PM_SLOT_DUPLICATE_SIGNER;
		const char *why;
		if (!sv->applies || sv->state == PM_SLOT_VALID)
			continue;
		if (others && !mine) {
			if (!parsed++) {
				pm_doc_parse_facts(&fd, d->src.ptr, d->src.len);
				pm_facts_read(&fd, &facts);
			}
			if (pm_project_may_fill(s->proj.cfg, s->proj.kr, v, k, &facts, pm_today(),
						t->who))
				continue;
			why = sv->state != PM_SLOT_MISSING ? pm_slot_state_name(sv->state)
			      : sv->required ? "missing" : "optional";
			fillable += sv->required;
		} else if (!others && mine) {
			/* stale, made with a revoked key, or not verifiable: theirs to give again */
			why = pm_slot_state_name(sv->state);
			fillable += sv->required;
		} else {
			continue;
		}
		if (format == FORMAT_JSON) {
			pm_buf_adds(out, t->nr ? ",\n  {\"path\": " : "\n  {\"path\": ");
			pm_buf_add_jsons(out, d->path);
			pm_buf_adds(out, ", \"id\": ");
			if (v->id)
				pm_buf_add_jsons(out, v->id);
			else
				pm_buf_adds(out, "null");
			pm_buf_adds(out, ", \"slot\": ");
			pm_buf_add_jsons(out, sv->slot->name);
			pm_buf_addf(out, ", \"state\": \"%s\", \"required\": %s}",
				    pm_slot_state_name(sv->state), sv->required ? "true" : "false");
		} else {
			if (!t->nr)
				pm_buf_addf(out, "%s%-*s  %-20s  %-9s  %s%s\n", color(1, "bold"), t->idw,
					    "ID", "SLOT", "SIGN-OFF", "COMMAND", color(1, "reset"));
			pm_buf_addf(out, "%-*s  %-20s  %-9s  pmgit sign ", t->idw,
				    v->id ? v->id : d->path, sv->slot->name, why);
			pm_sh_arg(out, d->path);
			pm_buf_adds(out, " --slot ");
			pm_sh_dquote(out, sv->slot->name);
			pm_buf_addch(out, '\n');
		}
		t->nr++;
	}
	if (parsed)
		pm_doc_release(&fd);
	/* one_slot_per_person: of the required slots listed, they give one */
	if (fillable > 1 && s->proj.cfg->one_slot_per_person) {
		t->extra += fillable - 1;
		pm_buf_addf(&t->choices, "%s%s", t->choices.len ? ", " : "", v->id ? v->id : d->path);
	}
}

/* Whose sign-offs --to-sign lists: --signer, else git's user.email, as the keyring spells it. */
static int to_sign_person(struct session *s, const char *signer, struct to_sign *t,
			  struct pm_error *err)
{
	struct pm_buf who = PM_BUF_INIT;
	int ret = 0;

	if (signer)
		pm_buf_sets(&who, signer);
	else if (pm_repo_config(s->repo, "user.email", &who))
		return pm_error_set(err, PM_EUSAGE,
				    "whose sign-offs? set git config user.email or pass --signer");
	if ((ret = pm_project_keyring(&s->proj, err)))
		goto done;
	principal_as_keyring(s, &who);
	t->who = pm_keyring_person(s->proj.kr, who.ptr);
	/* git's user.email is not in the keyring (a personal address): the signing key says who */
	if (!t->who && !signer && (t->who = signing_key_owner(s)))
		fprintf(stderr, "note: listing for %s, the owner of your signing key in %s (git config user.email is %s)\n",
			t->who->principal, PM_KEYRING_PATH, who.ptr);
	if (!t->who)
		ret = pm_error_set(err, PM_ENOTFOUND,
				   "'%s'%s is not in %s, the list of who may sign; %s",
				   who.ptr, signer ? "" : " (git config user.email)", PM_KEYRING_PATH,
				   signer ? "'pmgit keyring list' shows who is"
					  : "pass --signer PRINCIPAL if the keyring knows you by another address");
done:
	pm_buf_release(&who);
	return ret;
}

/* The title as the list shows it: without the "Postmortem:" before it, a link as its text. */
static const char *short_title(const char *t, struct pm_buf *shown)
{
	const char *subject = t ? pm_title_subject(t) : "";

	pm_buf_reset(shown);
	pm_add_link_text(shown, *subject ? subject : t ? t : "");
	return shown->ptr ? shown->ptr : "";
}

/* Postmortems verified at once: every core busy, a bounded amount held. */
#define STATUS_BATCH 256

int cmd_status(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "to-sign", no_argument, NULL, 't' },
		{ "signer", required_argument, NULL, 's' },
		{ "open", no_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct to_sign t = { NULL, 0, 0, 0, PM_BUF_INIT }, mine = { NULL, 0, 0, 0, PM_BUF_INIT };
	struct pm_buf scratch = PM_BUF_INIT, ready = PM_BUF_INIT;
	size_t nr_ready = 0, nr_final = 0, nr_unreadable = 0;
	const char *signer = NULL;
	int to_sign = 0, open_only = 0;
	struct session s;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_strlist paths = PM_STRLIST_INIT, unread = PM_STRLIST_INIT;
	struct pm_buf out = PM_BUF_INIT, missing = PM_BUF_INIT, title = PM_BUF_INIT;
	struct pm_loaded_doc *docs = NULL;
	struct pm_verdict *vs = NULL;
	struct pm_error *errs = NULL;
	enum out_format format = FORMAT_TEXT;
	size_t i, k, n = 0, idw = 11, first, nb = 0, shown = 0;
	int c, ret = EXIT_OK, have_session = 0, any_failing = 0, any_stale = 0, any_unread = 0;
	int any_conflict = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == 't')
			to_sign = 1;
		else if (c == 'o')
			open_only = 1;
		else if (c == 's')
			signer = optarg;
		else if (c != 'f' || parse_format("status", optarg, &format))
			return c == 'f' ? EXIT_USAGE : option_error("status", c, argv, longopts);
	}
	if (signer && !to_sign)
		return usage_error("status", "--signer names whose sign-offs --to-sign lists; add --to-sign");
	if (open_only && to_sign)
		return usage_error("status", "--to-sign lists sign-offs of postmortems In Review alone; leave out --open");
	if (session_open(&s, SESSION_WORKTREE | SESSION_HEAD_IF_BARE, &err) || !(have_session = 1) ||
	    (to_sign && to_sign_person(&s, signer, &t, &err))) {
		ret = report_error(&err);
		goto done;
	}
	/* the postmortems named (a path, an incident ID, a directory), or all of them */
	if (doc_args(&s, argc - optind, argv + optind, &paths, NULL, &unread, &err)) {
		ret = report_error(&err);
		goto done;
	}
	/*
	 * the plain list says when sign-offs await you (git's user.email, as
	 * the keyring knows it): --to-sign lists them
	 */
	if (!to_sign && format == FORMAT_TEXT && !pm_repo_config(s.repo, "user.email", &scratch) &&
	    !pm_project_keyring(&s.proj, &err)) {
		const char *spelled = keyring_spelling(s.proj.kr, scratch.ptr);
		mine.who = pm_keyring_person(s.proj.kr, spelled ? spelled : scratch.ptr);
	}
	pm_error_clear(&err);
	n = paths.nr;
	for (i = 0; i < n; i++) {
		const char *base = strrchr(paths.items[i], '/');
		size_t w = strlen(base ? base + 1 : paths.items[i]);
		if (w > idw + 3)
			idw = w - 3;
	}

	t.idw = (int)idw;
	if (to_sign && format == FORMAT_JSON) {
		pm_buf_adds(&out, "{\"signer\": ");
		pm_buf_add_jsons(&out, t.who->principal);
		pm_buf_adds(&out, ", \"to_sign\": [");
	} else if (to_sign) {
		/* the table comes with its first row */
	} else if (format == FORMAT_JSON)
		pm_buf_adds(&out, "{\"postmortems\": [");
	/* a batch at a time, on every core, printed in order */
	for (first = 0; first < n; first += STATUS_BATCH) {
		nb = n - first < STATUS_BATCH ? n - first : STATUS_BATCH;
		docs = pm_xcalloc(nb, sizeof(*docs));
		vs = pm_xcalloc(nb, sizeof(*vs));
		errs = pm_xcalloc(nb, sizeof(*errs));
		if (pm_project_verify_all(&s.proj, paths.items + first, nb, docs, vs, errs, 0, &err)) {
			ret = report_error(&err);
			goto done;
		}
		for (i = 0; i < nb; i++) {
			const struct pm_verdict *f = &vs[i];
			size_t req = 0, ok = 0, stale = 0;
			/* git's markers around two versions: its facts are one side's */
			int conflict = !errs[i].code &&
				       pm_text_conflict_line(docs[i].src.ptr, docs[i].src.len) > 0;
			if (errs[i].code) {
				fflush(stdout);
				report_error(&errs[i]);
				nr_unreadable++;
				if (format == FORMAT_JSON && !to_sign) /* a program learns of it too */
					json_unreadable(&out, !shown++, paths.items[first + i],
							errs[i].msg.ptr);
				continue;
			}
			if (to_sign) {
				if (!conflict) /* no sign-off until it is settled */
					add_to_sign(&s, &t, &docs[i], f, format, &out);
				continue;
			}
			if (mine.who && !conflict) {
				pm_buf_reset(&scratch);
				add_to_sign(&s, &mine, &docs[i], f, FORMAT_JSON, &scratch);
			}
			if (open_only && f->status == PM_STATUS_FINAL && !conflict) {
				nr_final++;
				continue;
			}
			for (k = 0; k < f->nr_slots; k++)
				if (f->slots[k].required) {
					req++;
					ok += f->slots[k].state == PM_SLOT_VALID;
					stale += f->slots[k].state == PM_SLOT_STALE;
				}
			if (format == FORMAT_JSON) {
				pm_buf_adds(&out, shown++ ? ",\n  {\"path\": " : "\n  {\"path\": ");
				pm_buf_add_jsons(&out, docs[i].path);
				pm_buf_adds(&out, ", \"id\": ");
				if (f->id)
					pm_buf_add_jsons(&out, f->id);
				else
					pm_buf_adds(&out, "null");
				pm_buf_addf(&out, ", \"status\": \"%s\", \"status_written\": ",
					    pm_status_name(f->status));
				if (f->status_written)
					pm_buf_add_jsons(&out, f->status_written);
				else
					pm_buf_adds(&out, "null");
				pm_buf_addf(&out, ", \"severity\": %s%s%s, \"signoffs_valid\": %zu, \"signoffs_required\": %zu, \"signoffs_stale\": %zu, \"verified\": %s, \"title\": ",
					    f->severity ? "\"" : "",
					    f->severity ? f->severity : "null", f->severity ? "\"" : "", ok, req,
					    stale, f->ok ? "true" : "false");
				if (f->title)
					pm_buf_add_jsons(&out, f->title);
				else
					pm_buf_adds(&out, "null");
				pm_buf_addf(&out, ", \"conflict\": %s}", conflict ? "true" : "false");
			} else {
				char so[32], st[16];
				const char *base = strrchr(docs[i].path, '/');
				/* no ID: the file's name, which the column is as wide as */
				int stem = (int)strlen(base = base ? base + 1 : docs[i].path) - 3;
				if (!shown++) /* the heading comes with the first row */
					pm_buf_addf(&out, "%s%-*s  %-9s  %-8s  %-9s  %s%s\n", color(1, "bold"),
						    (int)idw, "ID", "STATUS", "SEVERITY", "SIGN-OFFS", "TITLE",
						    color(1, "reset"));
				snprintf(so, sizeof(so), "%zu/%zu%s%s", ok, req, f->ok ? "" : " !",
					 stale ? " *" : "");
				any_failing |= !f->ok;
				any_stale |= stale > 0;
				/* every required sign-off in, and not Final yet: the author's next step */
				if (!conflict && f->ok && req && ok == req && f->status != PM_STATUS_FINAL &&
				    f->id && nr_ready++ < 3)
					pm_buf_addf(&ready, "%s%s", ready.len ? ", " : "", f->id);
				/* a Status pmgit does not read: as written, marked '?' */
				if (conflict) {
					snprintf(st, sizeof(st), "conflict");
					any_conflict = 1;
				} else if (f->status_written && pm_text_printable(f->status_written)) {
					const char *w = f->status_written;
					size_t wl = strlen(w), n = 0, k, chars = 0;
					uint32_t cp;
					/* eight characters at most, cut between characters */
					while (n < wl && chars < 8 && (k = pm_utf8_decode(w + n, wl - n, &cp)) &&
					       n + k <= 12) {
						n += k;
						chars++;
					}
					while (n && w[n - 1] == ' ')
						n--;
					snprintf(st, sizeof(st), "%.*s?", (int)n, w);
					any_unread = 1;
				} else {
					snprintf(st, sizeof(st), "%s", pm_status_name(f->status));
				}
				pm_buf_addf(&out, "%-*.*s  %-9s  %-8s  %s%-9s%s  %s\n", (int)idw,
					    f->id ? (int)strlen(f->id) : stem,
					    f->id ? f->id : base, st,
					    f->severity ? f->severity : "-",
					    !f->ok ? color(1, "error") : ok == req ? color(1, "ok") : "",
					    so, color(1, "reset"), short_title(f->title, &title));
			}
		}
		pm_project_verify_free(docs, vs, errs, nb);
		docs = NULL;
		if (out.len > 65536) {
			if (write_stdout(&out))
				ret = EXIT_CANNOT;
			pm_buf_reset(&out);
		}
	}
	if (to_sign && format == FORMAT_JSON)
		pm_buf_adds(&out, t.nr ? "\n]}\n" : "]}\n");
	else if (to_sign && t.nr) {
		struct pm_error why = PM_ERROR_INIT;
		size_t due = t.nr - t.extra;
		pm_buf_addf(&out, "%zu sign-off%s await%s %s\n", due, due == 1 ? "" : "s",
			    due == 1 ? "s" : "", t.who->principal);
		if (t.extra)
			pm_buf_addf(&out, "note: one person fills one required slot of a postmortem (one_slot_per_person), so sign one of the required slots listed for %s\n",
				    t.choices.ptr);
		/* a policy change not approved yet holds every sign-off back */
		if (policy_allows_signing(&s, "signing", &why) == PM_EREJECT)
			pm_buf_addf(&out, "note: %s\n", why.msg.ptr);
		pm_error_release(&why);
	}
	else if (to_sign)
		pm_buf_addf(&out, "nothing awaits %s's sign-off\n", t.who->principal);
	else if (format == FORMAT_JSON)
		pm_buf_adds(&out, n ? "\n]}\n" : "]}\n");
	else if (!n)
		pm_buf_addf(&out, "no postmortems under '%s/' yet; create one with 'pmgit new'\n",
			    s.proj.cfg->directory);
	else if (nr_final == n)
		pm_buf_addf(&out, "every postmortem is Final (%zu)\n", n);
	else if (nr_final)
		pm_buf_addf(&out, "%zu Final postmortem%s not listed\n", nr_final, nr_final == 1 ? "" : "s");
	if (any_failing)
		pm_buf_adds(&out, "! fails verification: 'pmgit verify ID' says why\n");
	if (any_stale)
		pm_buf_adds(&out, "* a sign-off went stale when the postmortem changed: 'pmgit verify ID' shows what changed since\n");
	if (any_unread)
		pm_buf_adds(&out, "? a Status that is none of Draft, In Review, Final: 'pmgit check ID' names the one to write\n");
	if (any_conflict)
		pm_buf_adds(&out, "conflict: git left a merge conflict in the file: 'pmgit check ID' says how to settle it\n");
	if (nr_ready)
		pm_buf_addf(&out, "every required sign-off is in for %s%s: 'pmgit finalize ID' makes %s Final\n",
			    ready.ptr, nr_ready > 3 ? " and more" : "", nr_ready == 1 ? "it" : "each");
	if (mine.nr - mine.extra)
		pm_buf_addf(&out, "%zu sign-off%s await%s you (%s): 'pmgit status --to-sign' lists %s\n",
			    mine.nr - mine.extra, mine.nr - mine.extra == 1 ? "" : "s",
			    mine.nr - mine.extra == 1 ? "s" : "", mine.who->principal,
			    mine.nr - mine.extra == 1 ? "it" : "them");
	if (write_stdout(&out) || nr_unreadable)
		ret = EXIT_CANNOT; /* the listing lacks what those files hold */
	warn_unread(&s, &unread);
	/* shims an older pmgit installed keep its rules for which changes start pmgit */
	pm_buf_reset(&out);
	if (s.repo->workdir)
		hooks_outdated(s.repo, s.proj.cfg->directory, &out, &missing);
	if (out.len) {
		int many = strstr(out.ptr, " and ") != NULL;
		fprintf(stderr, "note: the %s hook%s of this repository %s not what this pmgit installs; run 'pmgit hooks install' to update %s\n",
			out.ptr, many ? "s" : "", many ? "are" : "is", many ? "them" : "it");
	}
	if (missing.len) {
		int many = strstr(missing.ptr, " and ") != NULL;
		fprintf(stderr, "note: this pmgit also installs the %s hook%s, which this repository lacks; run 'pmgit hooks install' to add %s\n",
			missing.ptr, many ? "s" : "", many ? "them" : "it");
	}
done:
	if (docs)
		pm_project_verify_free(docs, vs, errs, nb);
	pm_strlist_release(&paths);
	pm_strlist_release(&unread);
	pm_buf_release(&out);
	pm_buf_release(&missing);
	pm_buf_release(&title);
	pm_buf_release(&scratch);
	pm_buf_release(&ready);
	pm_buf_release(&t.choices);
	pm_buf_release(&mine.choices);
	pm_error_release(&err);
	if (have_session)
		session_close(&s);
	return ret;
}
