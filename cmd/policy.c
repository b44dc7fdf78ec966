#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "cmd.h"
#include "fsutil.h"
#include "keys.h"
#include "record.h"
#include "sshsig.h"
#include "text.h"
#include "trust.h"

#include "banned.h"

const char cmd_policy_usage[] =
	"usage: pmgit policy status [--trust SHA256] [--format text|json]\n"
	"       pmgit policy protect --admin PRINCIPAL... [--threshold K]\n"
	"                            [--key KEYFILE | --agent] [--signer PRINCIPAL]\n"
	"       pmgit policy sign [--key KEYFILE | --agent] [--signer PRINCIPAL]\n"
	"\n"
	"Whoever can change .pmgit/keyring.yaml decides who may sign. Once the\n"
	"keyring names admins, each new version of .pmgit/config.yaml and\n"
	".pmgit/keyring.yaml (both say 'version: N') needs the approval of K\n"
	"admins of the version before it, kept in .pmgit/policy.signoffs/.\n"
	"Until a version is approved, 'pmgit verify' fails, and the hooks refuse\n"
	"new sign-offs and finalizing. Approvals chain by hash back to the first\n"
	"protected version, the root, which auditors pin with\n"
	"'pmgit verify --trust SHA256'.\n"
	"\n"
	"  status     unprotected, approved, pending or broken; the root to pin;\n"
	"             who may approve the next version\n"
	"  protect    names the admins (people already in the keyring) and\n"
	"             approves the current files as the root version\n"
	"  sign       approves the policy files as they are now; if they changed\n"
	"             since the approved version, sets the next version in both\n"
	"\n"
	"  --admin PRINCIPAL   an admin (repeat for each)\n"
	"  --threshold K       how many admins approve each change (default: a\n"
	"                      majority of them)\n"
	"  --trust SHA256      fail unless the root is this hash\n"
	"  --key, --agent, --signer   as for 'pmgit sign'\n"
	"\n"
	"pmgit keyring add and revoke set the next version themselves. Exit status\n"
	"of status: 1 when the policy is pending or broken, or its root is not the\n"
	"pinned one.\n";

struct signer_opts {
	const char *key;
	const char *signer;
	int agent;
};

static void print_trust(const struct pm_trust *t, struct pm_buf *out)
{
	size_t i;

	pm_buf_addf(out, "policy: %s", pm_trust_state_name(t->state));
	if (t->state != PM_TRUST_UNPROTECTED)
		pm_buf_addf(out, ", version %ld", t->version);
	if (t->approved && t->state != PM_TRUST_OK)
		pm_buf_addf(out, " (version %ld approved)", t->approved);
	pm_buf_addch(out, '\n');
	if (t->root[0])
		pm_buf_addf(out, "  root      %s\n", t->root);
	if (t->state == PM_TRUST_OK || t->state == PM_TRUST_PENDING)
		pm_buf_addf(out, "  current   %s\n", t->current);
	if (t->approvers) {
		pm_buf_addf(out, "  approvers %ld of", t->need);
		for (i = 0; i < t->approvers->nr_admins; i++)
			if (!i || strcmp(t->approvers->admins[i - 1].principal,
					 t->approvers->admins[i].principal))
				pm_buf_addf(out, " %s", t->approvers->admins[i].principal);
		pm_buf_addch(out, '\n');
	}
	if (t->state == PM_TRUST_UNPROTECTED)
		pm_buf_addf(out, "  %s names no admins: changes to it are not signed, so whoever can commit it decides who may sign; 'pmgit policy protect --admin PRINCIPAL' guards it\n",
			    PM_KEYRING_PATH);
	else if (t->why.len)
		pm_buf_addf(out, "  %s\n", t->why.ptr);
	for (i = 0; i < t->nr_notes; i++)
		pm_buf_addf(out, "  note: %s: %s\n", t->notes[i].path, t->notes[i].why);
}

void policy_trust_json(const struct pm_trust *t, const char *pinned, struct pm_buf *out)
{
	size_t i;

	pm_buf_addf(out, "{\"state\": \"%s\", \"version\": %ld, \"approved\": %ld, \"root\": ",
		    pm_trust_state_name(t->state), t->version, t->approved);
	if (t->root[0])
		pm_buf_addf(out, "\"%s\"", t->root);
	else
		pm_buf_adds(out, "null");
	pm_buf_addf(out, ", \"approvals\": %zu, \"needed\": %ld, \"trusted\": %s, \"message\": ",
		    t->have, t->need,
		    pinned ? (strcmp(pinned, t->root) ? "false" : "true") : "null");
	pm_buf_add_jsons(out, t->why.ptr ? t->why.ptr : "");
	/* pending: who approved the next version so far */
	pm_buf_adds(out, ", \"approved_by\": [");
	for (i = 0; i < t->signed_by.nr; i++) {
		if (i)
			pm_buf_adds(out, ", ");
		pm_buf_add_jsons(out, t->signed_by.items[i]);
	}
	pm_buf_adds(out, "]}");
}

/* The policy files' bytes, to put back when a command cannot finish. */
struct policy_files {
	struct pm_buf kr, cfg, krpath, cfgpath;
	int changed;
};

static void policy_files_keep(struct session *s, struct policy_files *f)
{
	memset(f, 0, sizeof(*f));
	pm_path_join(&f->krpath, s->repo->workdir, PM_KEYRING_PATH);
	pm_path_join(&f->cfgpath, s->repo->workdir, PM_CONFIG_PATH);
	pm_read_file(f->krpath.ptr, 1 << 20, &f->kr, NULL);
	pm_read_file(f->cfgpath.ptr, 1 << 20, &f->cfg, NULL);
}

/* Puts the files back (and restages them) if they were changed. */
static void policy_files_release(struct session *s, struct policy_files *f, int restore)
{
	if (restore && f->changed) {
		struct pm_error ignore = PM_ERROR_INIT;
		const char *rel[2] = { PM_KEYRING_PATH, PM_CONFIG_PATH };
		if (f->kr.len)
			pm_write_atomic(f->krpath.ptr, f->kr.ptr, f->kr.len, 0644, 0, &ignore);
		if (f->cfg.len)
			pm_write_atomic(f->cfgpath.ptr, f->cfg.ptr, f->cfg.len, 0644, 0, &ignore);
		pm_repo_stage(s->repo, rel, 2, &ignore);
		pm_error_release(&ignore);
	}
	pm_buf_release(&f->kr);
	pm_buf_release(&f->cfg);
	pm_buf_release(&f->krpath);
	pm_buf_release(&f->cfgpath);
}

/* Opens the session and judges its policy. */
static int open_trust(struct session *s, int flags, struct pm_trust *t, struct pm_error *err)
{
	int ret;

	if ((ret = session_open(s, flags, err)))
		return ret;
	if ((ret = pm_project_keyring(&s->proj, err)) ||
	    (ret = pm_trust_eval(&s->snap, s->proj.cfg, s->proj.kr, t, err))) {
		session_close(s);
		return ret;
	}
	return 0;
}

/* The approver keys of `principal` for the version t->next. */
static size_t approver_keys(const struct pm_trust *t, const char *principal,
			    struct pm_pubkey **out)
{
	size_t i, n = 0;

	*out = pm_xcalloc(t->approvers ? t->approvers->nr_admins + 1 : 1, sizeof(**out));
	for (i = 0; t->approvers && i < t->approvers->nr_admins; i++)
		if ((!principal || !strcmp(t->approvers->admins[i].principal, principal)) &&
		    !pm_pubkey_parse(t->approvers->admins[i].key, &(*out)[n], "admin", NULL))
			n++;
	return n;
}

/* The approver whose admin key this is, or NULL */
static const char *approver_of(const struct pm_trust *t, const struct pm_pubkey *pub)
{
	struct pm_pubkey k;
	size_t i;

	for (i = 0; t->approvers && i < t->approvers->nr_admins; i++)
		if (!pm_pubkey_parse(t->approvers->admins[i].key, &k, "admin", NULL) &&
		    pm_pubkey_equal(&k, pub))
			return t->approvers->admins[i].principal;
	return NULL;
}

/*
 * Signs t->next as `principal` and writes and stages its record. The
 * signer must be an approver. `extra` paths are staged with it.
 */
static int approve(struct session *s, const struct pm_trust *t, struct pm_buf *who,
		   const struct signer_opts *o, struct pm_buf *recpath, struct pm_error *err)
{
	struct pm_buf statement = PM_BUF_INIT, sig = PM_BUF_INIT, record = PM_BUF_INIT;
	struct pm_buf fp = PM_BUF_INIT, when = PM_BUF_INIT, name = PM_BUF_INIT;
	struct pm_seckey key = PM_SECKEY_INIT;
	struct pm_agent agent = PM_AGENT_INIT;
	struct pm_signer sg;
	struct pm_pubkey *keys = NULL;
	const char *principal = who->ptr, *owner;
	size_t nkeys = approver_keys(t, principal, &keys);
	int ret, had_old, loaded = 0;

	if (!nkeys && !o->signer) {
		/*
		 * git's user.email is not an approver (a personal address,
		 * say): the key names who approves, as it does for 'pmgit sign'.
		 */
		struct pm_error kerr = PM_ERROR_INIT;
		free(keys);
		nkeys = approver_keys(t, NULL, &keys);
		ret = load_signer(s, o->key, o->agent ? principal : NULL, keys, nkeys, &key, &agent,
				  &sg, &kerr);
		if (ret == PM_EKEY && !o->agent) {
			/* a key file that cannot be used says why */
			pm_error_set(err, ret, "%s", kerr.msg.ptr);
			pm_error_release(&kerr);
			goto done;
		}
		if (!ret && (owner = approver_of(t, &sg.pub))) {
			fprintf(stderr, "note: approving as %s, whose admin key this is (git config user.email is %s)\n",
				owner, principal);
			pm_buf_sets(who, owner);
			principal = who->ptr;
			loaded = 1;
		} else {
			pm_seckey_release(&key);
			pm_agent_close(&agent);
			nkeys = 0;
		}
		pm_error_release(&kerr);
	}
	if (!nkeys) {
		struct pm_buf who = PM_BUF_INIT;
		size_t i, k;
		for (i = 0; t->approvers && i < t->approvers->nr_admins; i++) {
			const char *p = t->approvers->admins[i].principal;
			for (k = 0; k < i && strcmp(t->approvers->admins[k].principal, p); k++)
				;
			if (k == i) /* an admin with two keys is named once */
				pm_buf_addf(&who, "%s%s", who.len ? ", " : "", p);
		}
		ret = pm_error_set(err, PM_EREJECT,
				   "%s is not an admin who approves policy version %ld; the approvers are the admins of %s (%s)%s",
				   principal, t->next.version,
				   t->approved ? "the version before it" : "the version itself",
				   who.len ? who.ptr : "none",
				   o->signer ? "" : "; if the keyring knows you by another address than git config user.email, pass --signer");
		pm_buf_release(&who);
		goto done;
	}
	if (!loaded && (ret = load_signer(s, o->key, o->agent ? principal : NULL, keys, nkeys, &key,
					  &agent, &sg, err)))
		goto done;
	pm_pubkey_fingerprint(&sg.pub, &fp);
	if (pm_trust_approver(t, principal, &sg.pub) < 0) {
		ret = pm_error_set(err, PM_EREJECT,
				   "key %s is not %s's admin key for policy version %ld; sign with the key the approving version lists",
				   fp.ptr, principal, t->next.version);
		goto done;
	}
	now_utc(&when);
	pm_policy_version_format(&t->next, &statement);
	pm_policy_signer_format(principal, fp.ptr, when.ptr, &statement);
	if ((ret = pm_sshsig_sign(&sg, PM_POLICY_NAMESPACE, statement.ptr, statement.len, &sig,
				  err)) ||
	    (ret = pm_record_encode(statement.ptr, sig.ptr, &record, err)))
		goto done;
	pm_policy_record_filename(&name, t->next.version, principal);
	pm_buf_addf(recpath, "%s/%s", PM_POLICY_RECORDS_DIR, name.ptr);
	ret = write_staged(s, recpath->ptr, &record, "policy-sign", &had_old, err);
done:
	free(keys);
	pm_seckey_release(&key);
	pm_agent_close(&agent);
	pm_buf_release(&statement);
	pm_buf_release(&sig);
	pm_buf_release(&record);
	pm_buf_release(&fp);
	pm_buf_release(&when);
	pm_buf_release(&name);
	return ret;
}

static int signer_principal(struct session *s, const struct signer_opts *o, struct pm_buf *out,
			    struct pm_error *err)
{
	if (o->signer)
		pm_buf_sets(out, o->signer);
	else if (pm_repo_config(s->repo, "user.email", out))
		return pm_error_set(err, PM_EUSAGE,
				    "who is approving? set git config user.email or pass --signer");
	principal_as_keyring(s, out);
	return 0;
}

static int policy_status(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "trust", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct pm_error err = PM_ERROR_INIT;
	struct pm_buf out = PM_BUF_INIT;
	enum out_format format = FORMAT_TEXT;
	const char *pinned = NULL;
	struct session s;
	struct pm_trust t;
	int c, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == 't')
			pinned = optarg;
		else if (c != 'f' || parse_format("policy", optarg, &format))
			return c == 'f' ? EXIT_USAGE : option_error("policy", c, argv, longopts);
	}
	if (optind != argc)
		return usage_error("policy", "policy status takes no arguments");
	if (open_trust(&s, SESSION_WORKTREE, &t, &err)) {
		ret = report_error(&err);
		pm_error_release(&err);
		return ret;
	}
	if (format == FORMAT_JSON) {
		policy_trust_json(&t, pinned, &out);
		pm_buf_addch(&out, '\n');
	} else {
		print_trust(&t, &out);
		if (pinned && strcmp(pinned, t.root))
			pm_buf_addf(&out, "  the root is not the pinned %s\n", pinned);
	}
	ret = write_stdout(&out);
	if (!ret && (!pm_trust_in_force(&t) || (pinned && strcmp(pinned, t.root))))
		ret = EXIT_FINDINGS;
	pm_buf_release(&out);
	pm_trust_release(&t);
	session_close(&s);
	pm_error_release(&err);
	return ret;
}

static int policy_protect(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "admin", required_argument, NULL, 'A' },
		{ "threshold", required_argument, NULL, 'T' },
		{ "key", required_argument, NULL, 'k' },
		{ "agent", no_argument, NULL, 'a' },
		{ "signer", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct signer_opts o = { NULL, NULL, 0 };
	struct pm_strlist admins = PM_STRLIST_INIT;
	struct pm_error err = PM_ERROR_INIT;
	struct pm_buf principal = PM_BUF_INIT, recpath = PM_BUF_INIT, left = PM_BUF_INIT;
	struct policy_files files;
	struct session s;
	struct pm_trust t;
	long threshold = 0, version;
	size_t i;
	int c, ret = EXIT_OK, opened = 0, kept = 0;

	memset(&t, 0, sizeof(t));
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'A': pm_strlist_add(&admins, optarg); break;
		case 'T':
			threshold = strtol(optarg, NULL, 10);
			if (threshold < 1 || strspn(optarg, "0123456789") != strlen(optarg))
				return usage_error("policy", "--threshold takes a whole number from 1");
			break;
		case 'k': o.key = optarg; break;
		case 'a': o.agent = 1; break;
		case 'p': o.signer = optarg; break;
		default: return option_error("policy", c, argv, longopts);
		}
	}
	if (optind != argc || !admins.nr) {
		pm_strlist_release(&admins);
		return usage_error("policy", "name the admins: pmgit policy protect --admin PRINCIPAL...");
	}
	if (!threshold)
		threshold = (long)admins.nr / 2 + 1;
	if (threshold > (long)admins.nr) {
		pm_strlist_release(&admins);
		return usage_error("policy", "--threshold %ld is more than the %zu admins", threshold,
				   admins.nr);
	}
	if ((ret = open_trust(&s, SESSION_STAGES, &t, &err)))
		goto fail;
	opened = 1;
	if (t.state != PM_TRUST_UNPROTECTED) {
		ret = pm_error_set(&err, PM_EREJECT,
				   "the policy is already protected (%s); change the admins in %s and approve the next version with 'pmgit policy sign'",
				   pm_trust_state_name(t.state), PM_KEYRING_PATH);
		goto fail;
	}
	for (i = 0; i < admins.nr; i++)
		if (keyring_spelling(s.proj.kr, admins.items[i])) {
			ret = pm_error_set(&err, PM_EUSAGE,
					   "admin '%s' is written '%s' in %s; name them so",
					   admins.items[i], keyring_spelling(s.proj.kr, admins.items[i]),
					   PM_KEYRING_PATH);
			goto fail;
		} else if (!pm_keyring_person(s.proj.kr, admins.items[i])) {
			struct pm_buf q = PM_BUF_INIT;
			pm_sh_arg(&q, admins.items[i]);
			ret = pm_error_set(&err, PM_EREJECT,
					   "admin '%s' is not in %s; add them first with 'pmgit keyring add %s --key KEY.pub --slot SLOT'",
					   admins.items[i], PM_KEYRING_PATH, q.ptr);
			pm_buf_release(&q);
			goto fail;
		}
	if ((ret = signer_principal(&s, &o, &principal, &err)))
		goto fail;
	/* without --signer, approve() may find the admin by their key */
	if (o.signer && !pm_strlist_has(&admins, principal.ptr)) {
		ret = pm_error_set(&err, PM_EREJECT,
				   "%s protects the policy but is not among the admins; run it as one of them",
				   principal.ptr);
		goto fail;
	}

	/* the admins into the keyring, one version for both files; then approve it */
	policy_files_keep(&s, &files);
	kept = 1;
	s.proj.kr->admins = pm_xcalloc(admins.nr, sizeof(char *));
	for (i = 0; i < admins.nr; i++)
		s.proj.kr->admins[i] = pm_xstrdup(admins.items[i]);
	s.proj.kr->nr_admins = admins.nr;
	s.proj.kr->threshold = threshold;
	version = s.proj.kr->version > s.proj.cfg->version ? s.proj.kr->version : s.proj.cfg->version;
	files.changed = 1;
	if ((ret = save_policy(&s, version, &err)))
		goto fail;
	pm_fault_point("protect:before-approval");
	pm_trust_release(&t);
	if ((ret = pm_trust_eval(&s.snap, s.proj.cfg, s.proj.kr, &t, &err)))
		goto fail;
	if (t.state != PM_TRUST_PENDING) {
		ret = pm_error_set(&err, PM_EREJECT, "cannot protect the policy: %s", t.why.ptr);
		goto fail;
	}
	if ((ret = approve(&s, &t, &principal, &o, &recpath, &err)))
		goto fail;
	printf("protected the policy: version %ld, admins", t.next.version);
	for (i = 0; i < admins.nr; i++)
		printf("%s %s", i ? "," : "", admins.items[i]);
	printf(", %ld of them approve each change\n", threshold);
	printf("  root      %s\n", t.current);
	printf("  record    %s (staged, with %s)\n", recpath.ptr, PM_KEYRING_PATH);
	pm_buf_reset(&left);
	pm_trust_left(&t, principal.ptr, &left);
	if (left.len)
		printf("  %s\n", left.ptr);
	printf("auditors pin the root: pmgit verify --trust %s\n", t.current);
	goto done;
fail:
	ret = report_error(&err);
done:
	if (kept) /* nothing half done: on failure, the policy files as they were */
		policy_files_release(&s, &files, ret != EXIT_OK);
	pm_trust_release(&t);
	if (opened)
		session_close(&s);
	pm_strlist_release(&admins);
	pm_buf_release(&principal);
	pm_buf_release(&recpath);
	pm_buf_release(&left);
	pm_error_release(&err);
	return ret;
}

static int policy_sign(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "agent", no_argument, NULL, 'a' },
		{ "signer", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct signer_opts o = { NULL, NULL, 0 };
	struct pm_error err = PM_ERROR_INIT;
	struct pm_buf principal = PM_BUF_INIT, recpath = PM_BUF_INIT, left = PM_BUF_INIT;
	struct policy_files files;
	struct session s;
	struct pm_trust t;
	int c, ret = EXIT_OK, opened = 0, kept = 0;

	memset(&t, 0, sizeof(t));
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'k': o.key = optarg; break;
		case 'a': o.agent = 1; break;
		case 'p': o.signer = optarg; break;
		default: return option_error("policy", c, argv, longopts);
		}
	}
	if (optind != argc)
		return usage_error("policy", "policy sign takes no arguments: it approves the policy files as they are");
	if (o.agent && o.key)
		return usage_error("policy", "--key and --agent are alternatives; give one");
	if ((ret = open_trust(&s, SESSION_STAGES, &t, &err)))
		goto fail;
	opened = 1;
	if ((ret = signer_principal(&s, &o, &principal, &err)))
		goto fail;
	if (t.state == PM_TRUST_BROKEN && t.needs_bump) {
		/* the files changed since the approved version: this is the next one */
		long next = t.approved + 1;
		policy_files_keep(&s, &files);
		kept = files.changed = 1;
		if ((ret = save_policy(&s, next, &err)))
			goto fail;
		pm_trust_release(&t);
		if ((ret = pm_trust_eval(&s.snap, s.proj.cfg, s.proj.kr, &t, &err)))
			goto fail;
	}
	switch (t.state) {
	case PM_TRUST_UNPROTECTED:
		ret = pm_error_set(&err, PM_EREJECT,
				   "the policy is not protected, so there is nothing to approve; protect it with 'pmgit policy protect --admin PRINCIPAL...'");
		goto fail;
	case PM_TRUST_OK:
		printf("policy version %ld is approved; nothing to sign\n", t.version);
		goto done;
	case PM_TRUST_BROKEN:
		ret = pm_error_set(&err, PM_EREJECT, "the policy cannot be approved: %s", t.why.ptr);
		goto fail;
	case PM_TRUST_PENDING:
		break;
	}
	if ((ret = approve(&s, &t, &principal, &o, &recpath, &err)))
		goto fail;
	if (kept)
		printf("set version %ld in %s and %s (staged)\n", t.next.version, PM_CONFIG_PATH,
		       PM_KEYRING_PATH);
	printf("approved policy version %ld as %s: %zu of %ld approvals\n", t.next.version,
	       principal.ptr, t.have + 1, t.need);
	printf("  version   %s\n", t.current);
	printf("  record    %s (staged)\n", recpath.ptr);
	pm_trust_left(&t, principal.ptr, &left);
	if (left.len)
		printf("  %s\n", left.ptr);
	goto done;
fail:
	ret = report_error(&err);
done:
	if (kept) /* the version set for this approval goes back if it failed */
		policy_files_release(&s, &files, ret != EXIT_OK);
	pm_trust_release(&t);
	if (opened)
		session_close(&s);
	pm_buf_release(&principal);
	pm_buf_release(&recpath);
	pm_buf_release(&left);
	pm_error_release(&err);
	return ret;
}

int cmd_policy(int argc, char **argv)
{
	if (argc < 2)
		return usage_error("policy", "say what: pmgit policy status | protect | sign");
	if (!strcmp(argv[1], "status"))
		return policy_status(argc - 1, argv + 1);
	if (!strcmp(argv[1], "protect"))
		return policy_protect(argc - 1, argv + 1);
	if (!strcmp(argv[1], "sign"))
		return policy_sign(argc - 1, argv + 1);
	return usage_error("policy", "'%s' is not a policy command (status, protect, sign)", argv[1]);
}
