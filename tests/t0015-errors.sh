#!/bin/sh
# What cannot run says so in one line, exits 3, and changes nothing:
# a wrong passphrase, a world-readable key, a missing agent, a corrupt
# keyring.
. "$(dirname "$0")/lib.sh"

DOC=postmortems/INC-2026-0042.md

new_repo repo
mkdir -p keys
cp "$FIXTURES/keys/carol.key" "$FIXTURES/keys/carol.key.pub" keys/
chmod 600 keys/carol.key
(
	cd repo && cp "$FIXTURES/complete.md" $DOC &&
	pmgit keyring add carol@example.com --key ../keys/carol.key.pub --slot "SRE Lead" &&
	git add -A && git commit -q -m doc
) >/dev/null

# snapshot: the whole state a failed command must leave alone
snapshot() {
	(cd repo && git status --porcelain --untracked-files=all && git ls-files -s &&
	 find . -path ./.git -prune -o -type f -print | sort | xargs sha256sum &&
	 find . -path ./.git -prune -o -type d -print | sort) >"$1"
}

# one_error CODE CMD...: exactly one line on stderr, "error: ...", exit CODE
one_error() {
	want=$1
	shift
	(cd repo && "$@" >../out 2>../err) && code=0 || code=$?
	test "$code" = "$want" || { echo "exit $code, wanted $want" >&2; cat err >&2; return 1; }
	test "$(wc -l <err)" = 1 && test_grep "^error: " err
}

test_expect_success 'the right passphrase from PMGIT_PASSPHRASE signs' '
	snapshot before &&
	(cd repo && PMGIT_PASSPHRASE="correct horse battery staple" \
		pmgit sign $DOC --slot "SRE Lead" --key ../keys/carol.key --signer carol@example.com >/dev/null) &&
	(cd repo && git reset -q --hard && git clean -qfd)
'

test_expect_success 'a wrong passphrase: one clear error, exit 3, nothing changed' '
	snapshot before &&
	PMGIT_PASSPHRASE=wrong one_error 3 pmgit sign $DOC --slot "SRE Lead" --key ../keys/carol.key --signer carol@example.com &&
	test_grep "^error: wrong passphrase for .\.\./keys/carol\.key.$" err &&
	snapshot after && test_cmp before after
'

test_expect_success 'no terminal and no PMGIT_PASSPHRASE: one clear error' '
	one_error 3 setsid "$PMGIT_BIN" sign $DOC --slot "SRE Lead" --key ../keys/carol.key --signer carol@example.com </dev/null &&
	test_grep "^error: .\.\./keys/carol\.key. is passphrase-protected: there is no terminal to ask for the passphrase on; set PMGIT_PASSPHRASE$" err &&
	(unset SSH_AUTH_SOCK; one_error 3 setsid "$PMGIT_BIN" sign $DOC --slot "SRE Lead" --key ../keys/carol.key.pub --signer carol@example.com </dev/null) &&
	test_grep "^error: .\.\./keys/carol\.key. is passphrase-protected: there is no terminal" err
'

test_expect_success 'a locked git index: the lock file named, exit 3, nothing changed' '
	: >repo/.git/index.lock && snapshot before &&
	{ PMGIT_PASSPHRASE="correct horse battery staple" one_error 3 pmgit sign $DOC --slot "SRE Lead" --key ../keys/carol.key --signer carol@example.com; rc=$?; } &&
	snapshot after && rm repo/.git/index.lock && test $rc = 0 &&
	test_grep "^error: the git index is locked \(.*/repo/\.git/index\.lock. exists\): another git command is running.*delete that file if no git command is running$" err &&
	test_cmp before after &&
	: >repo/.git/index.lock &&
	{ one_error 3 pmgit keyring add dora@example.com --key "$FIXTURES/keys/bob.key.pub" --slot "Engineering Manager"; rc=$?; } &&
	snapshot after && rm repo/.git/index.lock && test $rc = 0 &&
	test_grep "^error: the git index is locked" err && test_cmp before after
'

test_expect_success 'a world-readable key: refused, exit 3, nothing changed' '
	chmod 644 keys/carol.key && snapshot before &&
	PMGIT_PASSPHRASE="correct horse battery staple" one_error 3 pmgit sign $DOC --slot "SRE Lead" --key ../keys/carol.key --signer carol@example.com &&
	test_grep "readable by others \(mode 0644\); run .chmod 600 \.\./keys/carol\.key.$" err &&
	snapshot after && test_cmp before after && chmod 600 keys/carol.key
'

test_expect_success 'a public key given to sign is named as one, whatever its mode' '
	snapshot before &&
	cp keys/carol.key.pub keys/lone.pub && chmod 644 keys/lone.pub &&
	(unset SSH_AUTH_SOCK; one_error 3 pmgit sign $DOC --slot "SRE Lead" --key ../keys/lone.pub --signer carol@example.com) &&
	test_grep "lone\.pub. is a public key, so pmgit signs with its private half in ssh-agent, and no agent answers .*.ssh-add \.\./keys/lone.$" err &&
	chmod 600 keys/lone.pub &&
	(unset SSH_AUTH_SOCK; one_error 3 pmgit sign $DOC --slot "SRE Lead" --key ../keys/lone.pub --signer carol@example.com) &&
	test_grep "is a public key" err &&
	snapshot after && test_cmp before after
'

test_expect_success 'a missing agent: one clear error, exit 3, nothing changed' '
	snapshot before &&
	(unset SSH_AUTH_SOCK; one_error 3 pmgit sign $DOC --slot "SRE Lead" --agent --signer carol@example.com) &&
	test_grep "SSH_AUTH_SOCK is not set" err &&
	snapshot after && test_cmp before after
'

test_expect_success 'a corrupt keyring: one clear error naming file and line, exit 3' '
	printf "version: 1\npeople:\n  - principal: carol@example.com\n    keys: [ \"ssh-ed25519 AAAA=\" ]\n" >repo/.pmgit/keyring.yaml &&
	snapshot before &&
	PMGIT_PASSPHRASE="correct horse battery staple" one_error 3 pmgit sign $DOC --slot "SRE Lead" --key ../keys/carol.key --signer carol@example.com &&
	test_grep "^error: \.pmgit/keyring\.yaml:4: the ssh-ed25519 key is not valid base64" err &&
	snapshot after && test_cmp before after &&
	one_error 3 pmgit verify &&
	one_error 3 pmgit keyring list &&
	printf "version: 1\npeople: [\n" >repo/.pmgit/keyring.yaml &&
	one_error 3 pmgit verify && test_grep "keyring\.yaml:[0-9]+:[0-9]+: .*fix the YAML syntax" err &&
	(cd repo && git checkout -q -- .pmgit/keyring.yaml)
'

test_expect_success 'a YAML value left open is named on its own line, not where libyaml noticed it' '
	(cd repo && cp .pmgit/config.yaml ../config.orig) &&
	n=$(grep -n "^directory:" repo/.pmgit/config.yaml | cut -d: -f1) &&
	sed -i "s/^directory: .*/directory: [postmortems/" repo/.pmgit/config.yaml &&
	one_error 3 pmgit verify &&
	test_grep "^error: \.pmgit/config\.yaml:$n:12: the list opened with .\[. here is not closed; close it with .\]., or quote the value \(libyaml: .* at line [0-9]+, column 1\)$" err &&
	sed -i "s/^directory: .*/directory: \"postmortems/" repo/.pmgit/config.yaml &&
	one_error 3 pmgit verify &&
	test_grep "^error: \.pmgit/config\.yaml:$n:12: the quoted value that starts here is not closed; end it with the same quote" err &&
	cp config.orig repo/.pmgit/config.yaml
'

test_expect_success 'a missing key file names the key the keyring holds, and how to point at it' '
	fp=$(ssh-keygen -lf keys/carol.key.pub | cut -d" " -f2 | sed "s/[+/]/./g") &&
	one_error 3 pmgit sign $DOC --slot "SRE Lead" --signer carol@example.com &&
	test_grep "no key at .*signing.key.; the keyring knows you by $fp: give that key.s private file with --key" err &&
	test_grep "or sign with --agent once ssh-add holds it" err
'

# git writes an index libgit2 cannot read only when asked to: say how to undo that
test_expect_success 'a split index: what cannot stage says so before it starts, and how to undo the split' '
	(cd repo && git config core.splitIndex true && git update-index --split-index) &&
	ls repo/.git/sharedindex.* >/dev/null && snapshot before &&
	{ PMGIT_PASSPHRASE="correct horse battery staple" one_error 3 pmgit sign $DOC --slot "SRE Lead" --key ../keys/carol.key --signer carol@example.com; rc=$?; } &&
	test $rc = 0 && snapshot after && test_cmp before after &&
	test_grep "^error: cannot read the git index: it is split \(core\.splitIndex\), which libgit2 [0-9.]+, the library pmgit reads git with, cannot read; run .git config core\.splitIndex false && git update-index --no-split-index., then try again$" err &&
	one_error 3 pmgit keyring add dora@example.com --key "$FIXTURES/keys/bob.key.pub" --slot "Engineering Manager" &&
	test_grep "it is split" err && snapshot after && test_cmp before after &&
	one_error 3 pmgit finalize $DOC && test_grep "it is split" err &&
	one_error 3 pmgit check --staged && test_grep "it is split" err &&
	snapshot after && test_cmp before after &&
	(cd repo && pmgit keyring list >/dev/null && pmgit status >/dev/null) &&
	(cd repo && git config core.splitIndex false && git update-index --no-split-index) &&
	(cd repo && PMGIT_PASSPHRASE="correct horse battery staple" pmgit sign $DOC --slot "SRE Lead" --key ../keys/carol.key --signer carol@example.com >/dev/null) &&
	(cd repo && git reset -q --hard && git clean -qfd)
'

test_expect_success 'a sparse index: refused with the command that keeps the checkout sparse' '
	git init -q sparse && (
		cd sparse && pmgit init >/dev/null && mkdir src && echo x >src/a &&
		git add -A && git commit -q -m setup &&
		git sparse-checkout init --cone --sparse-index && git sparse-checkout set postmortems .pmgit
	) && test ! -e sparse/src/a &&
	(cd sparse && test_expect_code 3 pmgit keyring add dora@example.com --key "$FIXTURES/keys/bob.key.pub" --slot "SRE Lead" 2>../err) &&
	test_grep "^error: cannot read the git index: it is a sparse index \(a sparse checkout made with --sparse-index\), .*; run .git sparse-checkout init --no-sparse-index. \(the checkout stays as sparse as it is\), then try again$" err &&
	(cd sparse && git status --porcelain >../out) && test ! -s out &&
	(cd sparse && git sparse-checkout init --no-sparse-index &&
	 pmgit keyring add dora@example.com --key "$FIXTURES/keys/bob.key.pub" --slot "SRE Lead" 2>/dev/null >/dev/null &&
	 git diff --cached --name-only >../out) && test_grep "^\.pmgit/keyring\.yaml$" out &&
	test ! -e sparse/src/a
'

test_expect_success 'a split index: pmgit init names the fix and writes nothing' '
	git init -q split && (cd split && git config core.splitIndex true && echo x >a && git add a) &&
	(cd split && test_expect_code 3 pmgit init 2>../err) && test_grep "it is split \(core\.splitIndex\)" err &&
	test ! -e split/.pmgit && test ! -e split/postmortems
'

# giving a repository to another user takes root (as CI runs); elsewhere this is not run
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
test_expect_success 'a repository another user owns: what git asks before it works there, not "no repository"' '
	git init -q foreign && (cd foreign && pmgit init >/dev/null && git commit -q -m setup) &&
	chown -R nobody foreign && cd foreign/postmortems &&
	test_expect_code 3 pmgit status 2>../../err && cd ../.. &&
	test_grep "^error: the git repository at .$TRASH/foreign. belongs to another user \(uid [0-9]+; you are uid 0\), and git works in it only when you trust it: .git config --global --add safe.directory $TRASH/foreign. \(the path itself" err &&
	(cd foreign/postmortems && test_expect_code 3 pmgit check --errors-only . 2>../../err) &&
	test_grep "belongs to another user" err &&
	git config --global --add safe.directory "$TRASH/foreign" &&
	(cd foreign && pmgit status >../out) && test_grep "^no postmortems under" out &&
	git config --global --unset-all safe.directory && chown -R root foreign
'
fi

test_expect_success 'a sparse checkout that leaves postmortems off the disk is said, not judged as no postmortems' '
	git clone -q repo sparse-co && cd sparse-co &&
	git sparse-checkout set --no-cone "/README*" "/.pmgit/" 2>/dev/null &&
	test ! -e $DOC &&
	test_expect_code 3 pmgit verify >out 2>err &&
	test_grep "^error: [0-9]+ files git tracks under .postmortems/. \(such as $DOC\) are left out of this sparse checkout, so pmgit cannot read them from the disk, and would judge without them; check them out again with .git sparse-checkout add postmortems., or name a commit to read instead \(pmgit verify --rev HEAD\)$" err &&
	test_no_grep "no postmortems" out &&
	test_expect_code 3 pmgit status >out 2>err && test_grep "sparse checkout" err &&
	test_expect_code 3 pmgit check >out 2>err && test_grep "sparse checkout" err &&
	pmgit verify --rev HEAD >out 2>/dev/null && test_grep "^1 postmortem verified" out &&
	git sparse-checkout add postmortems && test -f $DOC &&
	pmgit verify >out 2>/dev/null && test_grep "^1 postmortem verified" out &&
	# skip-worktree on a file that is there (to keep local edits out of git status) is no gap
	git update-index --skip-worktree $DOC &&
	pmgit verify >out 2>/dev/null && test_grep "^1 postmortem verified" out
'

test_done
