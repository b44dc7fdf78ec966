#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd.h"
#include "fsutil.h"
#include "keys.h"
#include "policy.h"
#include "record.h"
#include "ringmerge.h"
#include "ringtext.h"
#include "text.h"

#include "banned.h"

const char cmd_keyring_usage[] =
	"usage: pmgit keyring add PRINCIPAL --key PUB --slot SLOT [--slot SLOT...]\n"
	"                         [--name NAME]\n"
	"       pmgit keyring add PRINCIPAL [--key PUB] [--slot SLOT...] [--name NAME]\n"
	"       pmgit keyring list [--format text|json]\n"
	"       pmgit keyring revoke FINGERPRINT|KEY.pub|PRINCIPAL --reason REASON\n"
	"                            [--date DATE] [--compromised]\n"
	"       pmgit keyring revoke PRINCIPAL --slot SLOT [--date DATE]\n"
	"                            [--reason REASON]\n"
	"       pmgit keyring remove PRINCIPAL\n"
	"       pmgit keyring merge\n"
	"       pmgit keyring export\n"
	"\n"
	"The keyring (.pmgit/keyring.yaml) says who may sign, with which keys, for\n"
	"which sign-off slots. Changes are written atomically and staged, with\n"
	"the file's comments kept above the entries they stood above; commit them\n"
	"like any other change. Once admins protect the policy ('pmgit policy'),\n"
	"add and revoke make the next policy version, which counts once enough\n"
	"admins approve it.\n"
	"\n"
	"  add      PRINCIPAL (an email, as in git user.email) with the ed25519 key\n"
	"           PUB (a .pub file, the 'ssh-ed25519 AAAA...' line itself, or -\n"
	"           to read it from standard input; also an allowed_signers\n"
	"           line, or file whose line names PRINCIPAL),\n"
	"           allowed to sign the given slots of .pmgit/config.yaml; for\n"
	"           someone already there, adds a key, slots or a name alone\n"
	"  list     people, their key fingerprints (as ssh-keygen -l prints them)\n"
	"           and slots; revoked keys are marked\n"
	"  revoke   stop trusting a key (SHA256:... as list shows it, with or\n"
	"           without SHA256:, its .pub file, or a principal who has one\n"
	"           key): sign-offs made on or after DATE (default\n"
	"           today) become 'revoked'; with --compromised every sign-off\n"
	"           the key ever made does. It first lists the sign-offs of\n"
	"           Final postmortems this voids. When someone leaves, revoke\n"
	"           their key rather than delete them: the hooks refuse a keyring\n"
	"           change that would fail a Final postmortem. Revoking a\n"
	"           revoked key again only hardens it (--compromised, an\n"
	"           earlier --date). With --slot, a role change: PRINCIPAL\n"
	"           holds SLOT until DATE (default today); their sign-offs\n"
	"           for it from before still count, none after\n"
	"  remove   take out someone added by mistake, who has signed nothing\n"
	"           here (an admin, or one whose sign-offs the postmortems hold,\n"
	"           is refused: revoke their key instead)\n"
	"  merge    in a merge (or rebase, cherry-pick, revert) that left the\n"
	"           keyring in conflict (two branches each added someone, or a\n"
	"           key): keeps what either branch added and takes out what\n"
	"           either took out, and stages the result; a value both\n"
	"           changed (a name, a revocation) is refused, to be settled by\n"
	"           hand\n"
	"  export   print an OpenSSH allowed_signers file (namespaces=\"pmgit-signoff\")\n"
	"           for 'ssh-keygen -Y verify'; compromised keys are left out and\n"
	"           revoked ones get valid-before\n";

/* Would adding this to p change nothing (the same key, slots and name)? */
static int adds_nothing(const struct pm_person *p, const char *name, const struct pm_pubkey *key,
			const struct pm_strlist *slots)
{
	size_t i;

	if (name && (!p->name || strcmp(p->name, name)))
		return 0;
	if (key && !pm_person_has_key(p, key))
		return 0;
	for (i = 0; i < slots->nr; i++)
		if (!pm_person_has_slot(p, slots->items[i]))
			return 0;
	return 1;
}

/* A key file saved by a Windows editor may start with a byte order mark. */
static void drop_bom(struct pm_buf *b)
{
	if (b->len >= 3 && !memcmp(b->ptr, "\xef\xbb\xbf", 3)) {
		memmove(b->ptr, b->ptr + 3, b->len - 3);
		pm_buf_setlen(b, b->len - 3);
	}
}

/* The key of a public-key line: its type and base64, without the comment. */
static size_t key_part(const char *s)
{
	size_t n = strcspn(s, " \t");

	while (s[n] == ' ' || s[n] == '\t')
		n++;
	return n + strcspn(s + n, " \t");
}

static int is_key_type(const char *t)
{
	return !strncmp(t, "ssh-", 4) || !strncmp(t, "sk-", 3) || !strncmp(t, "ecdsa-", 6);
}

/*
 * A line of an allowed_signers file ('alice@example.com namespaces="git"
 * ssh-ed25519 AAAA...', as git's SSH signing keeps one) or of
 * authorized_keys with options ('from="10.0.0.0/8" ssh-ed25519 AAAA...'):
 * where its key starts (NULL when no key type follows), with the
 * principals before it (allowed_signers names them first) and the options.
 */
static const char *key_after_prefix(const char *p, struct pm_buf *principals,
				    struct pm_buf *options)
{
	int first = 1;

	pm_buf_reset(principals);
	pm_buf_reset(options);
	for (;;) {
		const char *s;
		int quoted = 0;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			return NULL;
		if (is_key_type(p))
			return p;
		for (s = p; *p && (quoted || (*p != ' ' && *p != '\t')); p++)
			if (*p == '"')
				quoted = !quoted;
		if (first && memchr(s, '@', (size_t)(p - s)) && !memchr(s, '=', (size_t)(p - s))) {
			/* allowed_signers may quote them: "alice@example.com,bob@example.com" */
			if (p - s >= 2 && *s == '"' && p[-1] == '"')
				pm_buf_add(principals, s + 1, (size_t)(p - s) - 2);
			else
				pm_buf_add(principals, s, (size_t)(p - s));
		} else {
			if (options->len)
				pm_buf_addch(options, ' ');
			pm_buf_add(options, s, (size_t)(p - s));
		}
		first = 0;
	}
}

/*
 * Does a list (principals, or options) name `what` (in any case, an
 * option up to its '=')?
 */
static int lists(const char *list, const char *what)
{
	size_t n = strlen(what);

	while (*list) {
		size_t len = strcspn(list, ", ");
		if ((len == n || (len > n && list[n] == '=')) && !strncasecmp(list, what, n))
			return 1;
		list += len + (list[len] != '\0');
	}
	return 0;
}

/* an ed25519 key of a key file, and what its line said besides */
struct key_line {
	size_t no;
	char *key, *principals, *options;
};

/*
 * A file of key lines: a .pub file, https://github.com/USER.keys (a
 * person's keys of every type, a line each), an allowed_signers file or
 * authorized_keys. Its one ed25519 key, or the one its allowed_signers
 * lines give `principal`, said so, into `line`; a line's options are not
 * kept (a certificate authority's key is refused). Several distinct
 * ed25519 keys, none, or a line that is no key are an error that names
 * them; `line` is then unchanged.
 */
static int one_usable_key(struct pm_buf *line, const char *name, const char *principal,
			  struct pm_error *err)
{
	struct pm_buf which = PM_BUF_INIT, l = PM_BUF_INIT, pr = PM_BUF_INIT, opt = PM_BUF_INIT;
	struct key_line *ed = NULL, *pick = NULL;
	const char *p = line->ptr;
	size_t no = 0, keys = 0, ed_lines = 0, nr = 0, alloc = 0, mine = 0, ca = 0, i;
	int ret = 0;

	while (*p) {
		const char *nl = strchr(p, '\n'), *t;
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		no++;
		pm_buf_reset(&l);
		pm_buf_add(&l, p, n);
		pm_buf_rtrim(&l);
		p += n + (nl != NULL);
		for (t = l.ptr; *t == ' ' || *t == '\t'; t++)
			;
		if (!*t || *t == '#')
			continue;
		pm_buf_reset(&pr);
		pm_buf_reset(&opt);
		if (!is_key_type(t) && !(t = key_after_prefix(t, &pr, &opt))) {
			ret = pm_error_set(err, PM_EFORMAT,
					   "'%s' line %zu is not a public key; give one 'ssh-ed25519 AAAA...' line",
					   name, no);
			goto done;
		}
		keys++;
		if (opt.len && lists(opt.ptr, "cert-authority")) {
			/* a certificate authority's key signs certificates, not sign-offs */
			ca = ca ? ca : no;
			continue;
		}
		if (strncmp(t, "ssh-ed25519 ", 12) && strncmp(t, "sk-ssh-ed25519@openssh.com ", 27))
			continue;
		ed_lines++;
		for (i = 0; i < nr; i++)
			if (key_part(ed[i].key) == key_part(t) && !strncmp(ed[i].key, t, key_part(t)))
				break;
		if (pr.len && lists(pr.ptr, principal)) {
			/* the principal's own line counts, whichever line held the key first */
			if (i < nr && !(ed[i].principals && lists(ed[i].principals, principal)))
				mine++;
			if (i < nr) {
				free(ed[i].principals);
				ed[i].principals = pm_xstrdup(pr.ptr);
			}
		}
		if (i < nr)
			continue; /* the same key again */
		if (nr == alloc) {
			alloc = alloc ? 2 * alloc : 4;
			ed = pm_xrealloc(ed, alloc * sizeof(*ed));
		}
		ed[nr].no = no;
		ed[nr].key = pm_xstrdup(t);
		ed[nr].principals = pr.len ? pm_xstrdup(pr.ptr) : NULL;
		ed[nr].options = opt.len ? pm_xstrdup(opt.ptr) : NULL;
		mine += ed[nr].principals && lists(ed[nr].principals, principal);
		pm_buf_addf(&which, "%s%zu", nr ? ", " : "", no);
		nr++;
	}
	if (nr == 1) {
		pick = &ed[0];
		if (keys > ed_lines)
			fprintf(stderr, "note: '%s' holds %zu keys; adding its ed25519 key, on line %zu (pmgit signs with no other type)\n",
				name, keys, pick->no);
	} else if (nr > 1 && mine == 1) {
		for (i = 0; !pick; i++)
			if (ed[i].principals && lists(ed[i].principals, principal))
				pick = &ed[i];
		fprintf(stderr, "note: '%s' holds %zu ed25519 keys; adding the one line %zu gives %s\n",
			name, nr, pick->no, principal);
	} else if (nr > 1 && !strcmp(name, "standard input")) {
		ret = pm_error_set(err, PM_EFORMAT,
				   "standard input holds %zu ed25519 keys (lines %s); give them one at a time",
				   nr, which.ptr);
	} else if (nr > 1) {
		ret = pm_error_set(err, PM_EFORMAT,
				   "'%s' holds %zu ed25519 keys (lines %s); add each with its own line: --key \"$(sed -n 'Np' %s)\" for line N",
				   name, nr, which.ptr, name);
	} else if (ca) {
		ret = pm_error_set(err, PM_EFORMAT,
				   "'%s' line %zu is a certificate authority's key (cert-authority), which signs certificates, not sign-offs; give the signer's own key",
				   name, ca);
	} else {
		ret = pm_error_set(err, PM_EFORMAT,
				   "'%s' holds %zu keys and none is ed25519, which pmgit signs with; make one with 'pmgit keygen' or 'ssh-keygen -t ed25519'",
				   name, keys);
	}
	if (pick) {
		/* "--key", or where in the file */
		pm_buf_reset(&l);
		if (keys == 1 && name[0] == '-')
			pm_buf_sets(&l, name);
		else
			pm_buf_addf(&l, "line %zu of '%s'", pick->no, name);
		if (pick->principals && !lists(pick->principals, principal))
			fprintf(stderr, "note: %s gives that key to %s, not to %s\n", l.ptr,
				pick->principals, principal);
		if (pick->options)
			fprintf(stderr, "note: %s: the key's options (%s) are not kept; the keyring says which slots it signs, and 'pmgit keyring revoke --date' ends its use\n",
				l.ptr, pick->options);
		pm_buf_sets(line, pick->key);
	}
done:
	for (i = 0; i < nr; i++) {
		free(ed[i].key);
		free(ed[i].principals);
		free(ed[i].options);
	}
	free(ed);
	pm_buf_release(&which);
	pm_buf_release(&l);
	pm_buf_release(&pr);
	pm_buf_release(&opt);
	return ret;
}

static int keyring_add(struct session *s, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "slot", required_argument, NULL, 's' },
		{ "name", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct pm_error err = PM_ERROR_INIT;
	struct pm_strlist slots = PM_STRLIST_INIT;
	struct pm_buf line = PM_BUF_INIT, fp = PM_BUF_INIT, comment = PM_BUF_INIT;
	struct pm_buf scratch = PM_BUF_INIT, scratch2 = PM_BUF_INIT;
	struct pm_pubkey key;
	const char *keyarg = NULL, *name = NULL, *principal, *spelled;
	struct pm_person *known;
	int c, ret = EXIT_OK, inline_key, from_stdin = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'k': keyarg = optarg; break;
		case 'n': name = optarg; break;
		case 's': {
			const struct pm_slot *slot = pm_config_slot(s->proj.cfg, optarg);
			size_t i;
			if (!slot) {
				struct pm_buf known = PM_BUF_INIT;
				for (i = 0; i < s->proj.cfg->nr_slots; i++)
					pm_buf_addf(&known, "%s'%s'", i ? ", " : "", s->proj.cfg->slots[i].name);
				ret = usage_error("keyring", "no slot '%s' in %s; the slots are %s",
						  optarg, PM_CONFIG_PATH, known.ptr);
				pm_buf_release(&known);
				goto done;
			}
			pm_strlist_add(&slots, slot->name);
			break;
		}
		default:
			ret = option_error("keyring", c, argv, longopts);
			goto done;
		}
	}
	if (optind + 2 == argc && !keyarg) {
		/* 'keyring add bob@x bob.pub': say what to type, not the usage alone */
		ret = usage_error("keyring", "'%s' after the principal: give the key as --key %s%s",
				  argv[optind + 1], argv[optind + 1],
				  slots.nr ? "" : " and what it may sign as --slot SLOT");
		goto done;
	}
	if (optind + 1 != argc || (!keyarg && !slots.nr && !name)) {
		ret = usage_error("keyring", "usage: pmgit keyring add PRINCIPAL --key PUB --slot SLOT...");
		goto done;
	}
	principal = argv[optind];
	if (name && !pm_text_printable(name)) {
		ret = usage_error("keyring", "--name must be one line without control characters or invisible bidirectional controls");
		goto done;
	}
	if (name && strpbrk(name, "<>@")) {
		/* finalize writes "Name <principal>": a name like an address reads as someone's */
		ret = usage_error("keyring", "--name is a person's name, without '<', '>' or '@': the Sign-Off section writes 'Name <%s>', and a name that looks like an address reads as another person's",
				  argv[optind]);
		goto done;
	}
	if (pm_project_keyring(&s->proj, &err)) {
		ret = report_error(&err);
		goto done;
	}
	if ((spelled = keyring_spelling(s->proj.kr, principal))) {
		fprintf(stderr, "note: '%s' is '%s' in %s; using that\n", principal, spelled,
			PM_KEYRING_PATH);
		principal = spelled;
	}
	known = pm_keyring_person(s->proj.kr, principal);
	if (!known && (!keyarg || !slots.nr)) {
		ret = usage_error("keyring", "'%s' is not in the keyring yet: give their public key with --key and the slots they sign with --slot",
				  principal);
		goto done;
	}
	if (!keyarg) {
		/* slots or a name for someone already there */
		if (adds_nothing(known, name, NULL, &slots)) {
			printf("%s has that already; nothing changed\n", known->principal);
			goto done;
		}
		if (pm_keyring_add(s->proj.kr, principal, name, NULL, NULL, slots.items, slots.nr,
				   &err) ||
		    save_keyring(s, &err)) {
			ret = report_error(&err);
			goto done;
		}
		printf("%s%s%s%s signs", known->principal, known->name ? " (" : "",
		       known->name ? known->name : "", known->name ? ")" : "");
		for (c = 0; c < (int)known->nr_slots; c++)
			printf("%s '%s'", c ? "," : "", known->slots[c]);
		printf("; %s is staged\n", PM_KEYRING_PATH);
		goto done;
	}
	/* the key line itself, or a line of allowed_signers pasted whole */
	inline_key = is_key_type(keyarg) ||
		     (access(keyarg, F_OK) && strchr(keyarg, ' ') &&
		      key_after_prefix(keyarg, &scratch, &scratch2));
	if (inline_key) {
		/* the key line itself; a type pmgit cannot use is named as such below */
		pm_buf_sets(&line, keyarg);
	} else if (!strcmp(keyarg, "-")) {
		/* a key pasted in, or piped from elsewhere */
		keyarg = "standard input";
		from_stdin = 1;
		if (read_stdin(&line, 16384, NULL)) {
			pm_error_set(&err, PM_EFORMAT, "standard input holds more than a public key; give one 'ssh-ed25519 AAAA...' line");
			ret = report_error(&err);
			goto done;
		}
	} else if (pm_read_file(keyarg, 16384, &line, &err)) {
		ret = report_error(&err);
		goto done;
	}
	pm_buf_rtrim(&line);
	drop_bom(&line);
	if (strstr(line.ptr, "PRIVATE KEY-----") && from_stdin) {
		pm_error_set(&err, PM_EFORMAT,
			     "standard input is a private key; give its public half ('ssh-keygen -y -f KEY' prints it), and keep the private key to its owner");
		ret = report_error(&err);
		goto done;
	}
	if (!strncmp(line.ptr, "PuTTY-User-Key-File-", 20)) {
		pm_error_set(&err, PM_EFORMAT,
			     "'%s' is a PuTTY private key (.ppk); give its public half, the line 'puttygen %s -O public-openssh' prints (PuTTYgen shows it as the public key for pasting), and keep the private key to its owner",
			     keyarg, keyarg);
		ret = report_error(&err);
		goto done;
	}
	if (strstr(line.ptr, "PRIVATE KEY-----")) {
		pm_error_set(&err, PM_EFORMAT,
			     "'%s' is a private key; give its public half ('%s.pub'), and keep the private key to its owner",
			     keyarg, keyarg);
		ret = report_error(&err);
		goto done;
	}
	if ((c = pm_pubkey_from_rfc4716(line.ptr, &line)) > 0) {
		pm_error_set(&err, PM_EFORMAT,
			     "'%s' is an SSH2 public key (RFC 4716, as PuTTYgen saves one), but %s; give the key as one OpenSSH line ('ssh-keygen -i -f FILE' converts it)",
			     keyarg, line.ptr);
		ret = report_error(&err);
		goto done;
	}
	if ((strchr(line.ptr, '\n') || (!is_key_type(line.ptr) && key_after_prefix(line.ptr, &scratch, &scratch2))) &&
	    one_usable_key(&line, inline_key ? "--key" : keyarg, principal, &err)) {
		ret = report_error(&err);
		goto done;
	}
	if (!pm_pubkey_from_cert(line.ptr, &key, &comment)) {
		/* the key the certificate certifies; its CA and validity are not kept */
		pm_buf_reset(&line);
		pm_pubkey_format(&key, comment.ptr, &line);
		fprintf(stderr, "note: '%s' is an OpenSSH certificate; adding the key it certifies (the keyring, not the certificate's CA or validity, decides who may sign)\n",
			inline_key ? "--key" : keyarg);
	}
	if (pm_pubkey_parse(line.ptr, &key, inline_key ? "--key" : keyarg, &err)) {
		ret = report_error(&err);
		goto done;
	}
	if (known && adds_nothing(known, name, &key, &slots)) {
		/* a new policy version for no change would await approval for nothing */
		printf("%s has that already; nothing changed\n", known->principal);
		goto done;
	}
	if (pm_keyring_add(s->proj.kr, principal, name, line.ptr, &key,
			   slots.items, slots.nr, &err) ||
	    save_keyring(s, &err)) {
		ret = report_error(&err);
		goto done;
	}
	pm_pubkey_fingerprint(&key, &fp);
	printf("added %s (%s)", principal, fp.ptr);
	for (c = 0; c < (int)slots.nr; c++)
		printf("%s '%s'", c ? "," : " for", slots.items[c]);
	printf("; %s is staged\n", PM_KEYRING_PATH);
	if (!known && !name) {
		/* Author(s) names people; without a name, only an address or handle there is them */
		pm_buf_reset(&line);
		pm_sh_arg(&line, principal);
		fprintf(stderr, "note: no --name given, so pmgit can tell %s among a postmortem's Author(s) only by address or handle; give the name they write there with 'pmgit keyring add %s --name \"Full Name\"'\n",
			principal, line.ptr);
	}
done:
	pm_strlist_release(&slots);
	pm_buf_release(&line);
	pm_buf_release(&fp);
	pm_buf_release(&comment);
	pm_buf_release(&scratch);
	pm_buf_release(&scratch2);
	pm_error_release(&err);
	return ret;
}

static int keyring_list(struct session *s, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct pm_error err = PM_ERROR_INIT;
	struct pm_buf out = PM_BUF_INIT, fp = PM_BUF_INIT;
	enum out_format format = FORMAT_TEXT;
	const struct pm_keyring *kr;
	size_t i, k, j;
	int c, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c != 'f' || parse_format("keyring", optarg, &format))
			return c == 'f' ? EXIT_USAGE : option_error("keyring", c, argv, longopts);
	}
	if (pm_project_keyring(&s->proj, &err)) {
		ret = report_error(&err);
		pm_error_release(&err);
		return ret;
	}
	kr = s->proj.kr;
	if (format == FORMAT_JSON)
		pm_buf_adds(&out, "{\"people\": [");
	for (i = 0; i < kr->nr_people; i++) {
		const struct pm_person *p = &kr->people[i];
		if (format == FORMAT_JSON) {
			pm_buf_adds(&out, i ? ",\n  {\"principal\": " : "\n  {\"principal\": ");
			pm_buf_add_jsons(&out, p->principal);
			pm_buf_adds(&out, ", \"name\": ");
			if (p->name)
				pm_buf_add_jsons(&out, p->name);
			else
				pm_buf_adds(&out, "null");
			pm_buf_adds(&out, ", \"keys\": [");
		} else {
			pm_buf_addf(&out, "%s%s%s%s%s\n", color(1, "bold"), p->principal,
				    color(1, "reset"), p->name ? "  " : "", p->name ? p->name : "");
		}
		for (k = 0; k < p->nr_keys; k++) {
			const struct pm_revocation *rv;
			pm_buf_reset(&fp);
			pm_pubkey_fingerprint(&p->keys[k], &fp);
			rv = pm_keyring_revocation(kr, fp.ptr);
			if (format == FORMAT_JSON) {
				pm_buf_addf(&out, "%s{\"fingerprint\": \"%s\", \"type\": \"%s\", \"revoked\": ",
					    k ? ", " : "", fp.ptr,
					    p->keys[k].fido ? PM_SK_KEY_TYPE : PM_KEY_TYPE);
				if (rv) {
					pm_buf_addf(&out, "{\"date\": \"%s\", \"compromised\": %s, \"reason\": ",
						    rv->date, rv->compromised ? "true" : "false");
					pm_buf_add_jsons(&out, rv->reason ? rv->reason : "");
					pm_buf_adds(&out, "}}");
				} else {
					pm_buf_adds(&out, "null}");
				}
			} else {
				pm_buf_addf(&out, "  key   %s%s", fp.ptr,
					    p->keys[k].fido ? " (security key)" : "");
				if (rv)
					pm_buf_addf(&out, "  %sREVOKED %s%s%s%s%s", color(1, "error"), rv->date,
						    rv->compromised ? " (compromised)" : "",
						    rv->reason && *rv->reason ? ": " : "",
						    rv->reason ? rv->reason : "", color(1, "reset"));
				pm_buf_addch(&out, '\n');
			}
		}
		if (format == FORMAT_JSON) {
			pm_buf_adds(&out, "], \"slots\": [");
			for (j = 0; j < p->nr_slots; j++) {
				if (j)
					pm_buf_adds(&out, ", ");
				pm_buf_add_jsons(&out, p->slots[j]);
			}
			pm_buf_adds(&out, "], \"former_slots\": [");
			for (j = 0; j < p->nr_former; j++) {
				pm_buf_adds(&out, j ? ", {\"slot\": " : "{\"slot\": ");
				pm_buf_add_jsons(&out, p->former[j].slot);
				pm_buf_addf(&out, ", \"until\": \"%s\", \"reason\": ", p->former[j].until);
				if (p->former[j].reason)
					pm_buf_add_jsons(&out, p->former[j].reason);
				else
					pm_buf_adds(&out, "null");
				pm_buf_addch(&out, '}');
			}
			pm_buf_adds(&out, "]}");
		} else {
			pm_buf_adds(&out, "  slots ");
			for (j = 0; j < p->nr_slots; j++)
				pm_buf_addf(&out, "%s%s", j ? ", " : "", p->slots[j]);
			pm_buf_rtrim(&out);
			pm_buf_addch(&out, '\n');
			for (j = 0; j < p->nr_former; j++)
				pm_buf_addf(&out, "  former %s, until %s%s%s\n", p->former[j].slot,
					    p->former[j].until, p->former[j].reason ? ": " : "",
					    p->former[j].reason ? p->former[j].reason : "");
		}
	}
	if (format == FORMAT_JSON)
		pm_buf_adds(&out, kr->nr_people ? "\n]}\n" : "]}\n");
	else if (!kr->nr_people)
		pm_buf_adds(&out, "the keyring is empty; add people with 'pmgit keyring add'\n");
	ret = write_stdout(&out);
	pm_buf_release(&out);
	pm_buf_release(&fp);
	return ret;
}

/* Which counted sign-offs of Final postmortems a keyring change would void. */
struct voided {
	const char *fp;         /* a key's: revoked from `days`, or all with compromised */
	int compromised;
	const char *principal;  /* or a person's in `slot`, from `days` */
	const char *slot;
	long days;
};

static int voids(const struct voided *w, const struct pm_slot_verdict *sv,
		 const struct pm_rec_verdict *r)
{
	if (w->fp)
		return r->key_fp && !strcmp(r->key_fp, w->fp) &&
		       (w->compromised || r->st.time_days >= w->days);
	return !strcmp(r->st.signer, w->principal) && !strcasecmp(sv->slot->name, w->slot) &&
	       r->st.time_days >= w->days;
}

/* Verifies every postmortem and hands each verdict, with its path, to fn. */
static void each_verdict(struct session *s,
			 void (*fn)(const struct pm_verdict *v, const char *path, void *data),
			 void *data)
{
	struct pm_strlist paths = PM_STRLIST_INIT;
	struct pm_loaded_doc *docs;
	struct pm_verdict *v;
	struct pm_error *errs, err = PM_ERROR_INIT;
	size_t i;

	if (!pm_project_documents(&s->proj, &paths, &err) && paths.nr) {
		docs = pm_xcalloc(paths.nr, sizeof(*docs));
		v = pm_xcalloc(paths.nr, sizeof(*v));
		errs = pm_xcalloc(paths.nr, sizeof(*errs));
		if (!pm_project_verify_all(&s->proj, paths.items, paths.nr, docs, v, errs, 0, &err))
			for (i = 0; i < paths.nr; i++)
				fn(&v[i], paths.items[i], data);
		pm_project_verify_free(docs, v, errs, paths.nr);
	}
	pm_strlist_release(&paths);
	pm_error_release(&err);
}

struct voided_list {
	const struct voided *w;
	struct pm_buf *list;
	long after;
	size_t n;
};

static void list_voided(const struct pm_verdict *v, const char *path, void *data)
{
	struct voided_list *l = data;
	size_t k;

	for (k = 0; k < v->nr_slots && v->status == PM_STATUS_FINAL; k++) {
		const struct pm_slot_verdict *sv = &v->slots[k];
		const struct pm_rec_verdict *r;
		if (sv->state != PM_SLOT_VALID)
			continue;
		r = &v->recs[sv->record];
		if (!voids(l->w, sv, r))
			continue;
		pm_buf_addf(l->list, "  %s '%s', signed %.10s\n", v->id ? v->id : path,
			    sv->slot->name, r->st.time);
		l->n++;
		if (r->st.time_days >= l->after)
			l->after = r->st.time_days + 1;
	}
}

/*
 * Lists into `list` ("  INC-2026-0001 'SRE Lead', signed 2026-12-01") the
 * sign-offs of Final postmortems that the change `w` voids, since a Final
 * postmortem cannot be signed again; *after is the day after the last of
 * them (the date that would spare them all). Returns how many.
 */
static size_t final_signoffs_voided(struct session *s, const struct voided *w,
				    struct pm_buf *list, long *after)
{
	struct voided_list l = { w, list, w->days, 0 };

	each_verdict(s, list_voided, &l);
	*after = l.after;
	return l.n;
}

/*
 * Revoking key `fp` on `days` (or as compromised): says before the keyring
 * changes which Final sign-offs that voids. A plain revocation dated the
 * day a sign-off was made voids it too, which is rarely what a leaver's
 * last day means.
 */
static void note_voided(struct session *s, const char *fp, long days, int compromised)
{
	struct voided w = { fp, compromised, NULL, NULL, days };
	struct pm_buf list = PM_BUF_INIT, day = PM_BUF_INIT;
	long last;
	size_t n = final_signoffs_voided(s, &w, &list, &last);

	if (!n)
		goto done;
	pm_buf_addf(&day, "note: this voids %zu sign-off%s of Final postmortems, which cannot be signed again:\n%s",
		    n, n == 1 ? "" : "s", list.ptr);
	if (!compromised) {
		pm_buf_adds(&day, "  if they stand, revoke the key from after them instead: --date ");
		pm_format_date(&day, last);
		pm_buf_addch(&day, '\n');
	}
	fflush(stdout);
	write_stderr(&day);
done:
	pm_buf_release(&list);
	pm_buf_release(&day);
}

/*
 * A role change: `principal` stops holding `slot` from `days` on. Their
 * sign-offs for it from before stay good, so a Final postmortem they
 * signed in that role keeps verifying; a day that would void one of them
 * is refused, naming the day after them.
 */
static int end_slot(struct session *s, const char *principal, const char *slot, long days,
		    const char *reason)
{
	struct pm_error err = PM_ERROR_INIT;
	struct pm_buf who = PM_BUF_INIT, date = PM_BUF_INIT, list = PM_BUF_INIT;
	struct pm_person *p;
	const struct pm_slot *ps;
	long last;
	int ret = EXIT_OK;

	if (pm_project_keyring(&s->proj, &err)) {
		ret = report_error(&err);
		goto done;
	}
	pm_buf_sets(&who, principal);
	principal_as_keyring(s, &who);
	if (!(p = pm_keyring_person(s->proj.kr, who.ptr))) {
		pm_error_set(&err, PM_ENOTFOUND, "'%s' is not in %s", who.ptr, PM_KEYRING_PATH);
		ret = report_error(&err);
		goto done;
	}
	if ((ps = pm_config_slot(s->proj.cfg, slot)))
		slot = ps->name;
	if (pm_person_holds_slot(p, slot, &err)) {
		ret = report_error(&err);
		goto done;
	}
	{
		struct voided w = { NULL, 0, p->principal, slot, days };
		if (final_signoffs_voided(s, &w, &list, &last)) {
			pm_format_date(&date, last);
			fprintf(stderr, "error: %s signed these Final postmortems as '%s' on or after that day:\n%s"
				"  ending the slot then would fail them (a Final postmortem cannot be signed again); end it from the day after: --date %s\n",
				p->principal, slot, list.ptr, date.ptr);
			ret = EXIT_FINDINGS;
			goto done;
		}
	}
	if (pm_person_end_slot(p, slot, days, reason, &err) || save_keyring(s, &err)) {
		ret = report_error(&err);
		goto done;
	}
	pm_format_date(&date, days);
	printf("%s holds '%s' until %s: their sign-offs for it from before then still count; %s is staged\n",
	       p->principal, slot, date.ptr, PM_KEYRING_PATH);
done:
	pm_buf_release(&who);
	pm_buf_release(&date);
	pm_buf_release(&list);
	pm_error_release(&err);
	return ret;
}

/*
 * The fingerprint `arg` names: a fingerprint (with or without "SHA256:"),
 * a public key file, or a keyring principal with one key not yet revoked.
 */
static int revoke_target(const struct pm_keyring *kr, const char *arg, struct pm_buf *fp)
{
	const struct pm_person *who;
	const char *spelled;
	struct pm_buf line = PM_BUF_INIT, comment = PM_BUF_INIT, keys = PM_BUF_INIT;
	struct pm_pubkey key;
	size_t k, live = 0;
	int ret = 0;

	if (!strncmp(arg, "SHA256:", 7)) {
		pm_buf_sets(fp, arg);
	} else if (strlen(arg) == 43 &&
		   strspn(arg, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") == 43) {
		/* the fingerprint copied without its "SHA256:" */
		pm_buf_addf(fp, "SHA256:%s", arg);
	} else if ((who = pm_keyring_person(kr, arg)) ||
		   ((spelled = keyring_spelling(kr, arg)) && (who = pm_keyring_person(kr, spelled)))) {
		for (k = 0; k < who->nr_keys; k++) {
			struct pm_buf one = PM_BUF_INIT;
			pm_pubkey_fingerprint(&who->keys[k], &one);
			if (!pm_keyring_revocation(kr, one.ptr)) {
				pm_buf_addf(&keys, "%s%s", live++ ? ", " : "", one.ptr);
				pm_buf_sets(fp, one.ptr);
			}
			pm_buf_release(&one);
		}
		if (!live && who->nr_keys == 1)
			/* revoked already: --compromised or an earlier --date may harden it */
			pm_pubkey_fingerprint(&who->keys[0], fp);
		if (live == 1 || (!live && who->nr_keys == 1))
			fprintf(stderr, "note: %s's key is %s\n", who->principal, fp->ptr);
		else if (!live)
			ret = usage_error("keyring", "every key of '%s' is revoked already; name one by its fingerprint to change its revocation ('pmgit keyring list' shows them)",
					  who->principal);
		else
			ret = usage_error("keyring", "'%s' has %zu keys (%s); name the one to revoke by its fingerprint, and revoke each that must go",
					  who->principal, live, keys.ptr);
	} else if (!pm_read_file(arg, 16384, &line, NULL)) {
		pm_buf_rtrim(&line);
		drop_bom(&line);
		/* an SSH2 (RFC 4716) key file names the same key as its OpenSSH line */
		if (pm_pubkey_from_rfc4716(line.ptr, &line) > 0)
			pm_buf_reset(&line);
		if ((!pm_pubkey_from_cert(line.ptr, &key, &comment) ||
		     !pm_pubkey_parse(line.ptr, &key, arg, NULL)) && !strchr(line.ptr, '\n'))
			pm_pubkey_fingerprint(&key, fp);
		else
			ret = usage_error("keyring", "'%s' holds no public key; give a fingerprint, a .pub file or a principal",
					  arg);
	} else {
		ret = usage_error("keyring", "'%s' is neither a fingerprint, a public key file nor a principal of the keyring; 'pmgit keyring list' shows them",
				  arg);
	}
	pm_buf_release(&line);
	pm_buf_release(&comment);
	pm_buf_release(&keys);
	return ret;
}

static int keyring_revoke(struct session *s, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "date", required_argument, NULL, 'd' },
		{ "compromised", no_argument, NULL, 'c' },
		{ "slot", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct pm_error err = PM_ERROR_INIT;
	struct pm_keyring *kr;
	struct pm_revocation *rv;
	struct pm_buf date = PM_BUF_INIT, fp = PM_BUF_INIT, given = PM_BUF_INIT;
	const char *reason = NULL, *want, *slot = NULL;
	long days = pm_today();
	int c, compromised = 0, known = 0, dated = 0, ret = EXIT_OK;
	size_t i, k;

	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': reason = optarg; break;
		case 'c': compromised = 1; break;
		case 's': slot = optarg; break;
		case 'd':
			if (parse_date_option("keyring", "--date", optarg, &days))
				return EXIT_USAGE;
			dated = 1;
			break;
		default: return option_error("keyring", c, argv, longopts);
		}
	}
	if (slot) {
		if (optind + 1 != argc || compromised)
			return usage_error("keyring", "usage: pmgit keyring revoke PRINCIPAL --slot SLOT [--date DATE] [--reason REASON]");
		return end_slot(s, argv[optind], slot, days, reason);
	}
	if (optind + 1 != argc || !reason)
		return usage_error("keyring", "usage: pmgit keyring revoke FINGERPRINT|KEY.pub|PRINCIPAL --reason REASON");
	if (pm_project_keyring(&s->proj, &err)) {
		ret = report_error(&err);
		goto done;
	}
	kr = s->proj.kr;
	if ((ret = revoke_target(kr, argv[optind], &given)))
		goto done;
	want = given.ptr;
	for (i = 0; i < kr->nr_people && !known; i++)
		for (k = 0; k < kr->people[i].nr_keys && !known; k++) {
			pm_buf_reset(&fp);
			pm_pubkey_fingerprint(&kr->people[i].keys[k], &fp);
			known = !strcmp(fp.ptr, want);
		}
	if (!known)
		fprintf(stderr, "note: %s is not in the keyring; recording the revocation anyway\n", want);
	for (rv = NULL, i = 0; i < kr->nr_revoked && !rv; i++)
		if (!strcmp(kr->revoked[i].key, want))
			rv = &kr->revoked[i];
	if (rv) {
		/*
		 * A revocation only hardens: learning that a retired key was
		 * stolen makes it compromised, an earlier date voids more.
		 * Moving it later or taking 'compromised' back would let
		 * sign-offs count again: that is a hand edit, in plain view.
		 */
		if (dated && days > rv->days) {
			pm_error_set(&err, PM_EREJECT,
				     "%s is already revoked as of %s; a revocation is not moved later, as the sign-offs in between would count again (if it was a mistake, edit %s by hand and commit it saying why)",
				     want, rv->date, PM_KEYRING_PATH);
			ret = report_error(&err);
			goto done;
		}
		if ((!compromised || rv->compromised) && (!dated || days == rv->days)) {
			printf("%s is already revoked as of %s%s; nothing changed\n", want, rv->date,
			       rv->compromised ? " (compromised)" : "");
			goto done;
		}
		if (!dated)
			days = rv->days;
		compromised |= rv->compromised;
		printf("was revoked as of %s%s (%s)\n", rv->date,
		       rv->compromised ? ", compromised" : "", rv->reason ? rv->reason : "");
		note_voided(s, want, days, compromised);
		free(rv->reason);
		free(rv->date);
	} else {
		note_voided(s, want, days, compromised);
		kr->revoked = pm_xrealloc(kr->revoked, (kr->nr_revoked + 1) * sizeof(*kr->revoked));
		rv = &kr->revoked[kr->nr_revoked++];
		rv->key = pm_xstrdup(want);
		rv->line = 0;
	}
	pm_format_date(&date, days);
	rv->reason = pm_xstrdup(reason);
	rv->date = pm_xstrdup(date.ptr);
	rv->days = days;
	rv->compromised = compromised;
	if (save_keyring(s, &err)) {
		ret = report_error(&err);
		goto done;
	}
	printf("revoked %s as of %s%s; %s is staged\n", want, date.ptr,
	       compromised ? " (compromised: all its sign-offs are void)" : "", PM_KEYRING_PATH);
done:
	pm_buf_release(&date);
	pm_buf_release(&fp);
	pm_buf_release(&given);
	pm_error_release(&err);
	return ret;
}

struct signed_list {
	const struct pm_person *p;
	struct pm_strlist fps; /* p's keys */
	struct pm_buf *list;
	size_t n;
};

static void list_signed(const struct pm_verdict *v, const char *path, void *data)
{
	struct signed_list *l = data;
	size_t k;

	(void)path;
	for (k = 0; k < v->nr_recs; k++) {
		const struct pm_rec_verdict *r = &v->recs[k];
		if (!(r->st.signer && !strcasecmp(r->st.signer, l->p->principal)) &&
		    !(r->key_fp && pm_strlist_has(&l->fps, r->key_fp)))
			continue;
		if (l->n++ < 5)
			pm_buf_addf(l->list, "  %s\n", r->path);
	}
}

/*
 * The sign-off records of the postmortems that name `p` as signer or were
 * made with one of p's keys, as lines into `list`; how many. (A policy
 * approval names its admin's key itself, so it stands without them.)
 */
static size_t signed_by(struct session *s, const struct pm_person *p, struct pm_buf *list)
{
	struct signed_list l = { p, PM_STRLIST_INIT, list, 0 };
	struct pm_buf fp = PM_BUF_INIT;
	size_t k;

	for (k = 0; k < p->nr_keys; k++) {
		pm_buf_reset(&fp);
		pm_pubkey_fingerprint(&p->keys[k], &fp);
		pm_strlist_add(&l.fps, fp.ptr);
	}
	each_verdict(s, list_signed, &l);
	if (l.n > 5)
		pm_buf_addf(list, "  and %zu more\n", l.n - 5);
	pm_strlist_release(&l.fps);
	pm_buf_release(&fp);
	return l.n;
}

/* Takes out someone added by mistake, who has signed nothing. */
static int keyring_remove(struct session *s, int argc, char **argv)
{
	struct pm_error err = PM_ERROR_INIT;
	struct pm_buf list = PM_BUF_INIT, q = PM_BUF_INIT;
	struct pm_person *p;
	const char *spelled;
	char *who = NULL;
	size_t i, n;
	int ret = EXIT_OK;

	if (argc != 2 || argv[1][0] == '-')
		return usage_error("keyring", "usage: pmgit keyring remove PRINCIPAL");
	if (pm_project_keyring(&s->proj, &err)) {
		ret = report_error(&err);
		goto done;
	}
	spelled = keyring_spelling(s->proj.kr, argv[1]);
	p = pm_keyring_person(s->proj.kr, spelled ? spelled : argv[1]);
	if (!p) {
		pm_error_set(&err, PM_ENOTFOUND, "'%s' is not in %s; 'pmgit keyring list' shows who is",
			     argv[1], PM_KEYRING_PATH);
		ret = report_error(&err);
		goto done;
	}
	pm_sh_arg(&q, p->principal);
	for (i = 0; i < s->proj.kr->nr_admins; i++)
		if (!strcasecmp(s->proj.kr->admins[i], p->principal)) {
			pm_error_set(&err, PM_EREJECT,
				     "%s is an admin of the policy; take them out of 'admins' in %s first, which the admins approve with 'pmgit policy sign'",
				     p->principal, PM_KEYRING_PATH);
			ret = report_error(&err);
			goto done;
		}
	if ((n = signed_by(s, p, &list))) {
		pm_error_set(&err, PM_EREJECT,
			     "%s has %zu sign-off%s here, which would stop verifying:\n%s"
			     "revoke their key instead, which keeps what they signed before: 'pmgit keyring revoke %s --reason ...'",
			     p->principal, n, n == 1 ? "" : "s", list.ptr, q.ptr);
		ret = report_error(&err);
		goto done;
	}
	who = pm_xstrdup(p->principal);
	pm_keyring_remove(s->proj.kr, p);
	if (save_keyring(s, &err)) {
		ret = report_error(&err);
		goto done;
	}
	printf("removed %s; %s is staged\n", who, PM_KEYRING_PATH);
done:
	free(who);
	pm_buf_release(&list);
	pm_buf_release(&q);
	pm_error_release(&err);
	return ret;
}

/* What finishes the operation in progress once its conflicts are settled. */
static const char *git_continue(int state)
{
	switch (state) {
	case GIT_REPOSITORY_STATE_MERGE: return "git commit";
	case GIT_REPOSITORY_STATE_REVERT:
	case GIT_REPOSITORY_STATE_REVERT_SEQUENCE: return "git revert --continue";
	case GIT_REPOSITORY_STATE_CHERRYPICK:
	case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE: return "git cherry-pick --continue";
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX:
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE: return "git am --continue";
	default: return "git rebase --continue";
	}
}

/* One side of the conflict, read as a keyring; `which` names it in messages. */
static int conflict_side(struct session *s, const git_index_entry *e, const char *which,
			 struct pm_buf *text, struct pm_keyring *k, struct pm_error *err)
{
	struct pm_buf label = PM_BUF_INIT;
	git_blob *b = NULL;
	int ret;

	if (git_blob_lookup(&b, s->repo->git, &e->id) < 0)
		return pm_error_set(err, PM_ERROR, "cannot read %s as %s has it: %s", PM_KEYRING_PATH,
				    which, pm_repo_giterr());
	pm_buf_reset(text);
	pm_buf_add(text, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
	git_blob_free(b);
	pm_buf_addf(&label, "%s (as %s has it)", PM_KEYRING_PATH, which);
	ret = pm_keyring_parse(k, label.ptr, text->ptr, text->len, err);
	pm_buf_release(&label);
	return ret;
}

/*
 * keyring merge: in a merge that left .pmgit/keyring.yaml in conflict, the
 * three-way merge of its people, keys, slots and revocations (ringmerge.h),
 * written with this branch's comments and staged in place of the conflict.
 */
static int keyring_merge(struct session *s, int argc)
{
	static const char *const which[3] = { "the merge base", "this branch", "the other branch" };
	struct pm_error err = PM_ERROR_INIT;
	struct pm_keyring k[3], merged, check;
	struct pm_buf text[3] = { PM_BUF_INIT, PM_BUF_INIT, PM_BUF_INIT };
	struct pm_buf said = PM_BUF_INIT, fresh = PM_BUF_INIT, yaml = PM_BUF_INIT;
	const git_index_entry *e[3] = { NULL, NULL, NULL };
	git_index *idx = NULL;
	int ret = EXIT_OK, have[3] = { 0, 0, 0 }, have_merged = 0, had;
	size_t i;

	memset(k, 0, sizeof(k));
	memset(&check, 0, sizeof(check));
	if (argc != 1)
		return usage_error("keyring", "usage: pmgit keyring merge (in a merge that left %s in conflict)",
				   PM_KEYRING_PATH);
	/* a merge, or a rebase, cherry-pick or revert, which merge as well */
	if (git_repository_state(s->repo->git) == GIT_REPOSITORY_STATE_NONE)
		pm_error_set(&err, PM_EUSAGE,
			     "no merge is in progress; 'pmgit keyring merge' settles a keyring a merge left in conflict");
	else if (git_repository_index(&idx, s->repo->git) < 0)
		pm_error_set(&err, PM_ERROR, "cannot read the git index: %s", pm_repo_giterr());
	else if (git_index_conflict_get(&e[0], &e[1], &e[2], idx, PM_KEYRING_PATH) < 0)
		pm_error_set(&err, PM_EUSAGE, "%s is not in conflict; there is nothing to merge",
			     PM_KEYRING_PATH);
	else if (!e[1] || !e[2])
		pm_error_set(&err, PM_EREJECT,
			     "%s was deleted on %s and changed on the other; settle it by hand ('git checkout --ours' or '--theirs', then 'git add')",
			     PM_KEYRING_PATH, e[1] ? "the other branch" : "this branch");
	for (i = 0; i < 3 && !err.code; i++)
		if (e[i] && !conflict_side(s, e[i], which[i], &text[i], &k[i], &err))
			have[i] = 1;
	if (err.code)
		goto done;
	if (pm_keyring_merge(have[0] ? &k[0] : NULL, &k[1], &k[2], &merged, &said, &err))
		goto done;
	have_merged = 1;
	/* the merge must read as a keyring: one key, one person; no two principals alike */
	if (pm_keyring_encode(&merged, &fresh, &err) ||
	    pm_keyring_parse(&check, PM_KEYRING_PATH " (merged)", fresh.ptr, fresh.len, &err))
		goto done;
	pm_keyring_keep_comments(text[1].ptr, text[1].len, fresh.ptr, fresh.len, &yaml);
	if (write_staged(s, PM_KEYRING_PATH, &yaml, "keyring-merge", &had, &err))
		goto done;
	fputs(said.len ? said.ptr : "both branches' changes were the same\n", stdout);
	printf("merged %s (%zu %s), staged; check it with 'pmgit keyring list' and 'git diff --cached', then '%s'\n",
	       PM_KEYRING_PATH, merged.nr_people, merged.nr_people == 1 ? "person" : "people",
	       git_continue(git_repository_state(s->repo->git)));
done:
	if (err.code)
		ret = report_error(&err);
	for (i = 0; i < 3; i++) {
		pm_keyring_release(&k[i]); /* zeroed when never read */
		pm_buf_release(&text[i]);
	}
	if (have_merged)
		pm_keyring_release(&merged);
	pm_keyring_release(&check);
	git_index_free(idx);
	pm_buf_release(&said);
	pm_buf_release(&fresh);
	pm_buf_release(&yaml);
	pm_error_release(&err);
	return ret;
}

int cmd_keyring(int argc, char **argv)
{
	struct session s;
	struct pm_error err = PM_ERROR_INIT;
	const char *sub;
	int ret, stages;

	if (argc < 2)
		return usage_error("keyring", "say what to do: add, list, revoke, remove, merge or export");
	sub = argv[1];
	if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "revoke") &&
	    strcmp(sub, "remove") && strcmp(sub, "merge") && strcmp(sub, "export"))
		return usage_error("keyring", "'%s' is not one of add, list, revoke, remove, merge, export", sub);
	/* add, revoke, remove and merge stage the keyring they write */
	stages = !strcmp(sub, "add") || !strcmp(sub, "revoke") || !strcmp(sub, "remove") ||
		 !strcmp(sub, "merge");
	if (session_open(&s, stages ? SESSION_STAGES : SESSION_WORKTREE, &err)) {
		ret = report_error(&err);
		pm_error_release(&err);
		return ret;
	}
	if (!strcmp(sub, "add")) {
		ret = keyring_add(&s, argc - 1, argv + 1);
	} else if (!strcmp(sub, "list")) {
		ret = keyring_list(&s, argc - 1, argv + 1);
	} else if (!strcmp(sub, "revoke")) {
		ret = keyring_revoke(&s, argc - 1, argv + 1);
	} else if (!strcmp(sub, "remove")) {
		ret = keyring_remove(&s, argc - 1, argv + 1);
	} else if (!strcmp(sub, "merge")) {
		ret = keyring_merge(&s, argc - 1);
	} else {
		struct pm_buf out = PM_BUF_INIT;
		if (argc > 2) {
			ret = usage_error("keyring", "export takes no arguments");
		} else if (pm_project_keyring(&s.proj, &err)) {
			ret = report_error(&err);
		} else {
			pm_keyring_allowed_signers(s.proj.kr, &out);
			ret = write_stdout(&out);
		}
		pm_buf_release(&out);
	}
	session_close(&s);
	pm_error_release(&err);
	return ret;
}
