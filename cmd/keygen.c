#include <getopt.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "fsutil.h"
#include "keys.h"

#include "banned.h"

/* As for any memorized secret (NIST SP 800-63B). */
#define MIN_PASSPHRASE 8

const char cmd_keygen_usage[] =
	"usage: pmgit keygen [-f PATH] [--no-passphrase] [-C COMMENT]\n"
	"\n"
	"Makes an Ed25519 signing key: PATH (mode 0600; pmgit's format, encrypted\n"
	"with Argon2id and XSalsa20-Poly1305 under a passphrase) and PATH.pub (one\n"
	"OpenSSH public-key line, for 'pmgit keyring add'). Existing files are\n"
	"never overwritten.\n"
	"\n"
	"  -f PATH          where to write (default ~/.config/pmgit/signing.key,\n"
	"                   which 'pmgit sign' uses when git config\n"
	"                   pmgit.signingKey is not set)\n"
	"  --no-passphrase  store the key unencrypted (for automation; protect the file)\n"
	"  -C COMMENT       the public key's comment (default: git user.email)\n"
	"\n"
	"The passphrase (at least 8 characters) is asked on the terminal, or taken\n"
	"from PMGIT_PASSPHRASE.\n"
	"An OpenSSH key works too: 'ssh-keygen -t ed25519' (sign with --agent if\n"
	"it has a passphrase).\n";

int default_key_path(struct pm_buf *out, struct pm_error *err)
{
	const char *home = getenv("HOME");

	if (!home || !*home)
		return pm_error_set(err, PM_EUSAGE, "HOME is not set; give the key's path with -f");
	pm_buf_reset(out);
	pm_buf_addf(out, "%s/.config/pmgit/signing.key", home);
	return 0;
}

int cmd_keygen(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "no-passphrase", no_argument, NULL, 'n' },
		{ "comment", required_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 },
	};
	struct pm_error err = PM_ERROR_INIT;
	struct pm_seckey key = PM_SECKEY_INIT;
	struct pm_buf path = PM_BUF_INIT, pub = PM_BUF_INIT, file = PM_BUF_INIT;
	struct pm_buf comment = PM_BUF_INIT, fp = PM_BUF_INIT, dir = PM_BUF_INIT;
	char *pass = NULL;
	int c, plain = 0, ret = EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, ":f:C:", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': pm_buf_sets(&path, optarg); break;
		case 'n': plain = 1; break;
		case 'C': pm_buf_sets(&comment, optarg); break;
		default: return option_error("keygen", c, argv, longopts);
		}
	}
	if (optind < argc && !path.len) {
		/* the path given without -f, as to ssh-keygen's -f too often */
		pm_buf_adds(&path, "pmgit keygen -f ");
		sh_word(&path, argv[optind]);
		ret = usage_error("keygen", "unexpected argument '%s'; to write the key there, run\n  %s",
				  argv[optind], path.ptr);
		pm_buf_release(&path);
		pm_buf_release(&comment);
		return ret;
	}
	if (optind < argc)
		return usage_error("keygen", "unexpected argument '%s'", argv[optind]);
	if (strchr(comment.ptr, '\n'))
		return usage_error("keygen", "the comment must be one line");
	if (!path.len && default_key_path(&path, &err)) {
		ret = report_error(&err);
		goto done;
	}
	pm_buf_addf(&pub, "%s.pub", path.ptr);
	if (pm_file_exists(path.ptr) || pm_file_exists(pub.ptr)) {
		pm_error_set(&err, PM_EEXISTS,
			     "'%s' already exists; pmgit keygen never overwrites a key (choose another path with -f)",
			     pm_file_exists(path.ptr) ? path.ptr : pub.ptr);
		ret = report_error(&err);
		goto done;
	}
	if (!comment.len) {
		struct pm_repo *repo = NULL;
		struct pm_error ignore = PM_ERROR_INIT;
		pm_repo_open(&repo, 0, &ignore);
		pm_repo_config(repo, "user.email", &comment); /* repo NULL: ~/.gitconfig */
		pm_repo_free(repo);
		pm_error_release(&ignore);
		if (!comment.len) {
			char host[256] = "localhost";
			const char *user = getenv("USER");
			gethostname(host, sizeof(host) - 1);
			pm_buf_addf(&comment, "%s@%s", user ? user : "pmgit", host);
		}
	}
	if (!plain) {
		if (ask_passphrase(NULL, "Enter a passphrase for the new key (empty for none)", 1,
				   &pass, &err)) {
			if (strstr(err.msg.ptr, "no terminal"))
				pm_buf_adds(&err.msg, ", or make a key without one (--no-passphrase)");
			ret = report_error(&err);
			goto done;
		}
		if (!*pass) {
			fprintf(stderr, "note: empty passphrase; the key is stored unencrypted\n");
			pm_passphrase_free(pass);
			pass = NULL;
		} else if (strlen(pass) < MIN_PASSPHRASE) {
			/* a copied key file can be guessed at offline, Argon2id or not */
			pm_error_set(&err, PM_EKEY,
				     "a passphrase of %zu characters is too easily guessed; use at least %d, or none (--no-passphrase) for a key the file system protects",
				     strlen(pass), MIN_PASSPHRASE);
			ret = report_error(&err);
			goto done;
		}
	}
	if (pm_seckey_generate(&key)) {
		pm_error_set(&err, PM_ERROR, "cannot allocate secure memory for the key");
		ret = report_error(&err);
		goto done;
	}
	if (pm_seckey_encode(&key, pass, comment.ptr, &file, &err)) {
		ret = report_error(&err);
		goto done;
	}
	/*
	 * the directory of a secret key is nobody else's business: one made
	 * here is its owner's alone, as ssh-keygen makes ~/.ssh
	 */
	pm_buf_add(&dir, path.ptr, (size_t)(pm_basename(path.ptr) - path.ptr));
	if (dir.len && !pm_is_dir(dir.ptr)) {
		if (pm_mkdirs(dir.ptr, &err)) {
			ret = report_error(&err);
			goto done;
		}
		chmod(dir.ptr, 0700);
	}
	if (pm_write_atomic(path.ptr, file.ptr, file.len, 0600, PM_WRITE_EXCL, &err)) {
		ret = report_error(&err);
		goto done;
	}
	pm_buf_reset(&file);
	pm_pubkey_format(&key.pub, comment.ptr, &file);
	pm_buf_addch(&file, '\n');
	if (pm_write_atomic(pub.ptr, file.ptr, file.len, 0644, PM_WRITE_EXCL, &err)) {
		ret = report_error(&err);
		goto done;
	}
	pm_pubkey_fingerprint(&key.pub, &fp);
	printf("wrote %s (%s) and %s\n", path.ptr, pass ? "encrypted" : "unencrypted", pub.ptr);
	printf("fingerprint: %s %s\n", fp.ptr, comment.ptr);
	/* as a shell reads it, so that it can be pasted */
	pm_buf_reset(&file);
	sh_word(&file, strchr(comment.ptr, '@') ? comment.ptr : "you@example.com");
	pm_buf_adds(&file, " --key ");
	sh_word(&file, pub.ptr);
	printf("next: pmgit keyring add %s --slot SLOT\n", file.ptr);
done:
	if (file.alloc)
		sodium_memzero(file.ptr, file.alloc);
	pm_passphrase_free(pass);
	pm_seckey_release(&key);
	pm_buf_release(&path);
	pm_buf_release(&pub);
	pm_buf_release(&file);
	pm_buf_release(&comment);
	pm_buf_release(&fp);
	pm_buf_release(&dir);
	pm_error_release(&err);
	return ret;
}
