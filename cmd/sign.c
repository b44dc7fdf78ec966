#include <getopt.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent.h"
#include "canon.h"
#include "cmd.h"
#include "fsutil.h"
#include "keys.h"
#include "lint.h"
#include "record.h"
#include "sshsig.h"
#include "text.h"

#include "banned.h"

const char cmd_sign_usage[] =
	"usage: pmgit sign PATH [--slot SLOT] [--key KEYFILE | --agent]\n"
	"                  [--signer PRINCIPAL]\n"
	"\n"
	"Signs the postmortem at PATH (or with that incident ID) for a sign-off\n"
	"slot of the policy (for example \"SRE Lead\") and stages the record\n"
	"  <directory>/<ID>.signoffs/<slot>.<signer>.yaml\n"
	"The signature covers the document as it is on disk (without its Status\n"
	"line and Sign-Off section), in OpenSSH's SSHSIG format under the\n"
	"namespace pmgit-signoff, so 'ssh-keygen -Y verify' can check it too.\n"
	"\n"
	"The document must pass the review level, the slot must apply to its\n"
	"severity, and the keyring must allow the signer and key for the slot.\n"
	"Signing the same slot again (after an edit made the signature stale)\n"
	"replaces your record; 'git rm' of the record (and a commit) takes the\n"
	"sign-off back, until the postmortem is Final.\n"
	"\n"
	"  --slot SLOT          the sign-off slot to fill (default: the one slot the\n"
	"                       keyring lets you sign that applies to the postmortem)\n"
	"  --key KEYFILE        a pmgit key (pmgit keygen) or an OpenSSH ed25519\n"
	"                       key (a passphrase-protected one signs through\n"
	"                       ssh-agent, which must hold it), or a .pub key\n"
	"                       whose private half ssh-agent holds (else the\n"
	"                       file beside it);\n"
	"                       default: git config pmgit.signingKey, else\n"
	"                       ~/.config/pmgit/signing.key, else git's own SSH\n"
	"                       signing key (gpg.format ssh, user.signingKey),\n"
	"                       else ~/.ssh/id_ed25519 (or _sk) when the keyring\n"
	"                       holds its public half\n"
	"  --agent              sign with an ed25519 key held by ssh-agent\n"
	"                       (SSH_AUTH_SOCK), a passphrase-protected one or a\n"
	"                       FIDO security key's (sk-ssh-ed25519, which asks\n"
	"                       for a touch) for instance\n"
	"  --signer PRINCIPAL   who signs, as the keyring spells it in any case\n"
	"                       (default: git config user.email, or when the\n"
	"                       keyring does not know that address, the person\n"
	"                       whose key signs)\n"
	"\n"
	"A pmgit key's passphrase is asked on the terminal, or read from\n"
	"PMGIT_PASSPHRASE; ssh-agent asks for an OpenSSH key's itself (ssh-add).\n";

struct sign_opts {
	const char *slot;
	const char *key;
	const char *signer;
	int agent;
};

/* Warns when the file on disk is not what is staged. */
static void warn_unstaged(struct session *s, const char *rel, const struct pm_buf *disk)
{
	struct pm_snap idx;
	struct pm_buf staged = PM_BUF_INIT, q = PM_BUF_INIT;
	int r;

	if (pm_snap_index(&idx, s->repo, NULL))
		return;
	r = pm_snap_read(&idx, rel, PM_DOC_MAX_BYTES, &staged, NULL);
	pm_sh_arg(&q, rel);
	if (r == PM_ENOTFOUND)
		fprintf(stderr,
			"note: '%s' is not staged; the signature covers the file on disk, so stage it too ('git add %s')\n",
			rel, q.ptr);
	else if (!r && (staged.len != disk->len || memcmp(staged.ptr, disk->ptr, disk->len)))
		fprintf(stderr,
			"note: '%s' differs from its staged version; the signature covers the file on disk, so stage it too ('git add %s')\n",
			rel, q.ptr);
	pm_buf_release(&q);
	pm_buf_release(&staged);
	pm_snap_release(&idx);
}

/*
 * Without --slot: the one slot of the policy that the keyring lets this
 * person sign and that applies to the document's severity.
 */
static int own_slot(const struct pm_config *cfg, const struct pm_person *person,
		    const char *severity, long date, const struct pm_slot **out,
		    struct pm_error *err)
{
	struct pm_buf all = PM_BUF_INIT;
	size_t i, n = 0;
	int ret = 0;

	for (i = 0; i < cfg->nr_slots; i++) {
		const struct pm_slot *sl = &cfg->slots[i];
		if (!pm_person_holds_slot_on(person, sl->name, pm_today()) ||
		    !pm_slot_applies(sl, severity, date))
			continue;
		pm_buf_addf(&all, "%s'%s'", n ? ", " : "", sl->name);
		if (!n++)
			*out = sl;
	}
	if (!n)
		ret = pm_error_set(err, PM_EREJECT,
				   "the keyring lets %s sign no slot that applies to this %s postmortem",
				   person->principal, severity ? severity : "unrated");
	else if (n > 1)
		ret = pm_error_set(err, PM_EUSAGE,
				   "%s may sign %s; say which with --slot", person->principal, all.ptr);
	else
		fprintf(stderr, "note: signing for '%s', the one slot of yours that applies\n",
			(*out)->name);
	pm_buf_release(&all);
	return ret;
}

/* Every key of the keyring, for finding which of them ssh-agent holds. */
static size_t keyring_keys(const struct pm_keyring *kr, struct pm_pubkey **out)
{
	size_t i, k, n = 0;

	for (i = 0; i < kr->nr_people; i++)
		n += kr->people[i].nr_keys;
	*out = pm_xcalloc(n ? n : 1, sizeof(**out));
	for (n = 0, i = 0; i < kr->nr_people; i++)
		for (k = 0; k < kr->people[i].nr_keys; k++)
			(*out)[n++] = kr->people[i].keys[k];
	return n;
}


/*
 * Authors do not approve their own postmortem. The keyring's name for the
 * signer is how Author(s) names them; without one, the person signing
 * here goes by git's user.name when the keyring knows them by user.email.
 */
static int not_an_author(struct session *s, const struct pm_facts *facts,
			 const struct pm_person *person, const char *arg, const char *slot,
			 struct pm_error *err)
{
	struct pm_buf email = PM_BUF_INIT, own = PM_BUF_INIT;
	const char *name = person->name;
	int ret = 0;

	if (!name && !pm_repo_config(s->repo, "user.email", &email) &&
	    !strcasecmp(email.ptr, person->principal) && !pm_repo_config(s->repo, "user.name", &own))
		name = own.ptr;
	if (pm_facts_is_author(facts, person->principal, name))
		ret = pm_error_set(err, PM_EREJECT,
				   "%s is an author of '%s' and cannot approve it (authors_may_approve is off); '%s' needs someone who did not write it ('pmgit keyring list' shows who may sign it)",
				   person->principal, arg, slot);
	else if (!person->name) {
		pm_buf_reset(&own);
		pm_sh_arg(&own, person->principal);
		fprintf(stderr, "note: %s gives %s no name, so 'pmgit verify' can tell them among a postmortem's Author(s) only by address or handle; give the name they write there with 'pmgit keyring add %s --name \"Full Name\"'\n",
			PM_KEYRING_PATH, person->principal, own.ptr);
	}
	pm_buf_release(&email);
	pm_buf_release(&own);
	return ret;
}
static int do_sign(struct session *s, const char *arg, const struct sign_opts *o,
		   struct pm_error *err)
{
	struct pm_buf rel = PM_BUF_INIT, signer = PM_BUF_INIT;
	struct pm_buf statement = PM_BUF_INIT, sig = PM_BUF_INIT, record = PM_BUF_INIT;
	struct pm_buf recdir = PM_BUF_INIT, recname = PM_BUF_INIT, recpath = PM_BUF_INIT;
	struct pm_buf fp = PM_BUF_INIT, when = PM_BUF_INIT, earlier = PM_BUF_INIT;
	struct pm_loaded_doc d;
	struct pm_lint l;
	struct pm_verdict v;
	struct pm_check_opts co;
	struct pm_seckey key = PM_SECKEY_INIT;
	struct pm_agent agent = PM_AGENT_INIT;
	struct pm_signer sg;
	const struct pm_revocation *rv;
	struct pm_statement st;
	const struct pm_slot *slot;
	const struct pm_person *person;
	const struct pm_former_slot *ended;
	char hash[PM_HASH_HEX];
	size_t i;
	int ret, had_old = 0, linted = 0, have_key = 0;

	memset(&d, 0, sizeof(d));
	memset(&v, 0, sizeof(v));
	memset(&st, 0, sizeof(st));
	if ((ret = doc_arg(s, &arg, &rel, err)))
		goto done;
	if (!o->slot) {
		slot = NULL; /* the signer's one slot, once the signer is known */
	} else if (!(slot = pm_config_slot(s->proj.cfg, o->slot))) {
		struct pm_buf known = PM_BUF_INIT;
		for (i = 0; i < s->proj.cfg->nr_slots; i++)
			pm_buf_addf(&known, "%s'%s'", i ? ", " : "", s->proj.cfg->slots[i].name);
		ret = pm_error_set(err, PM_EUSAGE, "no slot '%s' in %s; the slots are %s",
				   o->slot, PM_CONFIG_PATH, known.ptr);
		pm_buf_release(&known);
		goto done;
	}
	if ((ret = pm_project_keyring(&s->proj, err)) ||
	    (ret = policy_allows_signing(s, "signing", err)) ||
	    (ret = pm_project_load(&s->proj, rel.ptr, &d, err)))
		goto done;

	/* the document: complete enough to review, and not Final yet */
	co.level = PM_LEVEL_REVIEW;
	co.now = pm_today();
	co.id_unique = 1;
	co.signoffs = 1;
	co.followup = 0;
	co.errors_only = 0;
	co.now_committed = 0;
	if ((ret = pm_project_lint(&s->proj, &d, &co, &l, &v, err)))
		goto done;
	linted = 1;
	if (l.facts.status == PM_STATUS_FINAL) {
		ret = pm_error_set(err, PM_EREJECT,
				   "'%s' is Final and frozen; sign-offs are given before a postmortem is finalized",
				   arg);
		goto done;
	}
	if (l.errors) {
		print_lint_errors(arg, &l);
		ret = pm_error_set(err, PM_EREJECT,
				   "'%s' does not pass the review level (%zu error%s); it cannot be signed until %s fixed%s",
				   arg, l.errors, l.errors == 1 ? "" : "s", l.errors == 1 ? "it is" : "they are",
				   l.facts.status == PM_STATUS_DRAFT
					   ? " (it is still a Draft: its author sets '**Status**: In Review' once it is ready)"
					   : "");
		goto done;
	}
	/* the signer: in the keyring, allowed for the slot, separation of duties */
	if (o->signer)
		pm_buf_sets(&signer, o->signer);
	else if (pm_repo_config(s->repo, "user.email", &signer)) {
		ret = pm_error_set(err, PM_EUSAGE,
				   "who is signing? set git config user.email or pass --signer");
		goto done;
	}
	principal_as_keyring(s, &signer);
	person = pm_keyring_person(s->proj.kr, signer.ptr);
	if (!person && !o->signer) {
		/*
		 * git's user.email is not in the keyring (a personal address,
		 * say): the key names who signs, as it does when verified.
		 */
		struct pm_error kerr = PM_ERROR_INIT;
		const struct pm_person *owner;
		struct pm_pubkey *all = NULL;
		size_t nr_all = o->agent ? keyring_keys(s->proj.kr, &all) : 0;
		ret = load_signer(s, o->key, o->agent ? signer.ptr : NULL, all, nr_all, &key,
				  &agent, &sg, &kerr);
		free(all);
		if (ret) {
			/* a key file that cannot be used says why; an agent without one is the keyring's gap */
			if (ret == PM_EKEY && !o->agent) {
				pm_error_set(err, ret, "%s", kerr.msg.ptr);
				pm_error_release(&kerr);
				goto done;
			}
		} else if ((owner = pm_keyring_key_owner(s->proj.kr, &sg.pub))) {
			fprintf(stderr, "note: signing as %s, whose key this is in %s (git config user.email is %s)\n",
				owner->principal, PM_KEYRING_PATH, signer.ptr);
			pm_buf_sets(&signer, owner->principal);
			person = owner;
			have_key = 1;
		}
		pm_error_release(&kerr);
		ret = 0;
	}
	if (!person) {
		struct pm_buf q = PM_BUF_INIT, qs = PM_BUF_INIT;
		pm_sh_arg(&q, signer.ptr);
		pm_sh_dquote(&qs, slot ? slot->name : "SLOT");
		ret = pm_error_set(err, PM_EREJECT,
				   "'%s' is not in %s%s; an admin adds you with 'pmgit keyring add %s --key KEY.pub --slot %s'%s",
				   signer.ptr, PM_KEYRING_PATH,
				   o->signer ? "" : " (it is git config user.email)", q.ptr, qs.ptr,
				   o->signer ? "" : ", or pass --signer PRINCIPAL if the keyring knows you by another address");
		pm_buf_release(&q);
		pm_buf_release(&qs);
		goto done;
	}
	if (!slot && (ret = own_slot(s->proj.cfg, person, l.facts.severity, l.facts.date,
				     &slot, err)))
		goto done;
	if (!pm_slot_applies(slot, l.facts.severity, l.facts.date)) {
		struct pm_buf sev = PM_BUF_INIT;
		if (pm_slot_applies(slot, l.facts.severity, -1)) {
			pm_slot_why_not(slot, l.facts.severity, l.facts.date, &sev);
			ret = pm_error_set(err, PM_EREJECT, "slot '%s' is not asked %s, as this one is",
					   slot->name, sev.ptr);
		} else {
			for (i = 0; i < slot->nr_severities; i++)
				pm_buf_addf(&sev, "%s%s", i ? ", " : "", slot->severities[i]);
			ret = pm_error_set(err, PM_EREJECT,
					   "slot '%s' does not apply to a %s postmortem (only to %s)",
					   slot->name, l.facts.severity, sev.ptr);
		}
		pm_buf_release(&sev);
		goto done;
	}
	ended = pm_person_former_slot(person, slot->name);
	/* a slot that ends on a later day is theirs until then */
	if (!pm_person_holds_slot_on(person, slot->name, pm_today())) {
		if (ended)
			ret = pm_error_set(err, PM_EREJECT,
					   "%s held the '%s' slot until %s; someone who holds it now signs",
					   signer.ptr, slot->name, ended->until);
		else
			ret = pm_error_set(err, PM_EREJECT,
					   "the keyring does not allow %s to sign the '%s' slot",
					   signer.ptr, slot->name);
		goto done;
	}
	if (slot->role == PM_ROLE_APPROVER && !s->proj.cfg->authors_may_approve &&
	    (ret = not_an_author(s, &l.facts, person, arg, slot->name, err)))
		goto done;
	if (s->proj.cfg->one_slot_per_person && !slot->optional) {
		for (i = 0; i < v.nr_slots; i++) {
			const struct pm_slot_verdict *sv = &v.slots[i];
			if (sv->slot != slot && sv->required && sv->record >= 0 &&
			    sv->state == PM_SLOT_VALID &&
			    !strcmp(v.recs[sv->record].st.signer, signer.ptr)) {
				ret = pm_error_set(err, PM_EREJECT,
						   "%s already signed the '%s' slot; one person fills one required slot, so '%s' needs someone else ('pmgit keyring list' shows who may sign it)",
						   signer.ptr, sv->slot->name, slot->name);
				goto done;
			}
		}
	}

	/* the key */
	if (!have_key &&
	    (ret = load_signer(s, o->key, o->agent ? person->principal : NULL, person->keys,
			       person->nr_keys, &key, &agent, &sg, err)))
		goto done;
	pm_pubkey_fingerprint(&sg.pub, &fp);
	if (!pm_person_has_key(person, &sg.pub)) {
		const struct pm_person *owner = pm_keyring_key_owner(s->proj.kr, &sg.pub);
		struct pm_buf q = PM_BUF_INIT, qs = PM_BUF_INIT;
		pm_sh_arg(&q, owner ? owner->principal : signer.ptr);
		pm_sh_dquote(&qs, slot->name);
		if (owner)
			ret = pm_error_set(err, PM_EREJECT,
					   "key %s is %s's in %s, not %s's; if you are %s, sign with --signer %s",
					   fp.ptr, owner->principal, PM_KEYRING_PATH, signer.ptr,
					   owner->principal, q.ptr);
		else
			ret = pm_error_set(err, PM_EREJECT,
					   "key %s is not one of %s's keys in %s; register it with 'pmgit keyring add %s --key KEY.pub --slot %s'",
					   fp.ptr, signer.ptr, PM_KEYRING_PATH, q.ptr, qs.ptr);
		pm_buf_release(&q);
		pm_buf_release(&qs);
		goto done;
	}
	/* a revocation dated ahead (a planned rotation) leaves the key good until its day */
	if ((rv = pm_keyring_revocation(s->proj.kr, fp.ptr)) &&
	    (rv->compromised || rv->days <= pm_today())) {
		ret = pm_error_set(err, PM_EREJECT, "key %s is revoked in %s; sign with another key",
				   fp.ptr, PM_KEYRING_PATH);
		goto done;
	}

	/* a sign-off of this signer's gone stale: which version it was over */
	for (i = 0; i < v.nr_recs; i++)
		if (v.recs[i].state == PM_REC_STALE && v.recs[i].st.signer &&
		    !strcmp(v.recs[i].st.signer, signer.ptr) && v.recs[i].st.slot &&
		    !strcmp(v.recs[i].st.slot, slot->name) && !s->at[0])
			signed_version(s, rel.ptr, &v.recs[i].st, &earlier);

	/* the statement and its signature */
	pm_canon_hash(d.src.ptr, d.src.len, hash);
	now_utc(&when);
	st.incident = (char *)l.facts.id;
	st.doc_sha256 = hash;
	st.slot = slot->name;
	st.role = (char *)pm_role_name(slot->role);
	st.signer = signer.ptr;
	st.key = fp.ptr;
	st.time = when.ptr;
	pm_statement_format(&st, &statement);
	memset(&st, 0, sizeof(st));
	if ((ret = pm_sshsig_sign(&sg, PM_SIGNOFF_NAMESPACE, statement.ptr, statement.len,
				  &sig, err)) ||
	    (ret = pm_record_encode(statement.ptr, sig.ptr, &record, err)))
		goto done;

	pm_project_records_dir(rel.ptr, &recdir);
	pm_record_filename(&recname, slot->name, signer.ptr);
	pm_buf_addf(&recpath, "%s/%s", recdir.ptr, recname.ptr);
	if ((ret = write_staged(s, recpath.ptr, &record, "sign", &had_old, err)))
		goto done;
	pm_fault_point("sign:done");
	printf("signed %s for '%s' (%s)\n", l.facts.id, slot->name, pm_role_name(slot->role));
	printf("  document-sha256  %s\n", hash);
	printf("  signer           %s%s%s%s\n", signer.ptr, person->name ? " (" : "",
	       person->name ? person->name : "", person->name ? ")" : "");
	printf("  key              %s%s\n", fp.ptr, agent.fd >= 0 ? " (ssh-agent)" : "");
	printf("  record           %s (%s, staged)\n", recpath.ptr, had_old ? "replaced" : "new");
	if (earlier.len) {
		struct pm_buf q = PM_BUF_INIT;
		sh_quote(&q, rel.ptr);
		printf("  replaces         your sign-off of commit %s's version; what changed since: git diff %s -- %s\n",
		       earlier.ptr, earlier.ptr, q.ptr);
		pm_buf_release(&q);
	}
	warn_unstaged(s, rel.ptr, &d.src);
	{
		struct pm_buf msg = PM_BUF_INIT, q = PM_BUF_INIT;
		pm_buf_addf(&msg, "%s: %s sign-off", l.facts.id, slot->name);
		sh_quote(&q, msg.ptr);
		printf("commit it: git commit -m %s\n", q.ptr);
		pm_buf_release(&msg);
		pm_buf_release(&q);
	}
done:
	if (linted)
		pm_lint_release(&l);
	pm_verdict_release(&v);
	pm_loaded_doc_release(&d);
	pm_seckey_release(&key);
	pm_agent_close(&agent);
	pm_buf_release(&rel);
	pm_buf_release(&signer);
	pm_buf_release(&earlier);
	pm_buf_release(&statement);
	pm_buf_release(&sig);
	pm_buf_release(&record);
	pm_buf_release(&recdir);
	pm_buf_release(&recname);
	pm_buf_release(&recpath);
	pm_buf_release(&fp);
	pm_buf_release(&when);
	return ret;
}

int cmd_sign(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "slot", required_argument, NULL, 's' },
		{ "key", required_argument, NULL, 'k' },
		{ "agent", no_argument, NULL, 'a' },
		{ "signer", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct sign_opts o = { NULL, NULL, NULL, 0 };
	struct session s;
	struct pm_error err = PM_ERROR_INIT;
	int c, ret = EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 's': o.slot = optarg; break;
		case 'k': o.key = optarg; break;
		case 'a': o.agent = 1; break;
		case 'p': o.signer = optarg; break;
		default: return option_error("sign", c, argv, longopts);
		}
	}
	if (optind + 2 == argc && !o.slot)
		/* 'pmgit sign INC-2026-0001 "SRE Lead"': the second word is the slot */
		return usage_error("sign", "'%s' after the postmortem: give the slot as --slot '%s'",
				   argv[optind + 1], argv[optind + 1]);
	if (optind + 1 < argc)
		return usage_error("sign", "sign one postmortem at a time; '%s' and '%s' are two",
				   argv[optind], argv[optind + 1]);
	if (optind + 1 != argc)
		return usage_error("sign", "name the postmortem to sign: its file or incident ID");
	if (o.agent && o.key)
		return usage_error("sign", "--key and --agent are alternatives; give one");
	if (session_open(&s, SESSION_STAGES, &err)) {
		ret = report_error(&err);
		pm_error_release(&err);
		return ret;
	}
	if (do_sign(&s, argv[optind], &o, &err))
		ret = report_error(&err);
	session_close(&s);
	pm_error_release(&err);
	return ret;
}
