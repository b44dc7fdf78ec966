#!/bin/sh
# Killed at any point, pmgit sign and pmgit finalize leave every file and
# the index either as they were or as they should become, never a mix;
# git fsck and pmgit verify stay clean; the next run leaves no temporary
# file behind. A policy change killed half way is completed by the next
# keyring add or policy sign. PMGIT_FAULT=<point> makes pmgit kill itself
# (SIGKILL) there.
. "$(dirname "$0")/lib.sh"

DOC=postmortems/INC-2026-0042.md
REC=postmortems/INC-2026-0042.signoffs

new_repo repo
make_key alice
make_key bob
make_key erin
(
	cd repo && cp "$FIXTURES/complete.md" $DOC &&
	pmgit keyring add alice@example.com --key ../keys/alice.pub --slot "SRE Lead" &&
	pmgit keyring add bob@example.com --key ../keys/bob.pub --slot "Engineering Manager" &&
	pmgit keyring add erin@example.com --key ../keys/erin.pub --slot "VP Engineering" &&
	git add -A && git commit -q -m doc && git tag start
) >/dev/null

# invariants FILE: the file is absent or a complete, valid record;
# the index holds the file's old blob (none) or exactly the file's bytes
record_ok() {
	f=$1
	if [ -e "repo/$f" ]; then
		(cd repo && pmgit verify $DOC >../v.out) || { cat v.out >&2; return 1; }
		slot=$(sed -n 's/^  slot: //p' "repo/$f")
		grep -Eq "^  $slot +valid" v.out || { echo "record not valid" >&2; cat v.out >&2; return 1; }
	fi
	staged=$(git -C repo ls-files -s "$f" | cut -d" " -f2)
	if [ -n "$staged" ]; then
		# the committed version, or exactly what is on disk
		test "$staged" = "$(git -C repo rev-parse -q --verify "HEAD:$f" 2>/dev/null)" ||
		test "$staged" = "$(git -C repo hash-object "$f")" ||
			{ echo "the index holds another version of $f" >&2; return 1; }
	fi
	git -C repo fsck --no-progress --no-dangling >/dev/null 2>fsck.err || { cat fsck.err >&2; return 1; }
	test ! -e repo/.git/index.lock || { echo "index.lock left behind" >&2; return 1; }
}

no_temp_files() {
	test -z "$(find repo -name '*.pmgit-tmp.*' -not -path '*/.git/*')" ||
		{ find repo -name '*.pmgit-tmp.*' >&2; return 1; }
}

for point in write:created write:before-rename write:done sign:before-write sign:before-index index:before-write sign:done; do
	test_expect_success "pmgit sign killed at $point leaves old or new state" "
		(cd repo && git reset -q --hard start && git clean -qfd) &&
		(cd repo && PMGIT_FAULT=$point pmgit sign $DOC --slot 'SRE Lead' --key ../keys/alice \
			--signer alice@example.com >/dev/null 2>&1; test \$? = 137) &&
		record_ok $REC/sre-lead.alice-example-com.yaml &&
		(cd repo && pmgit sign $DOC --slot 'SRE Lead' --key ../keys/alice --signer alice@example.com >/dev/null) &&
		no_temp_files &&
		record_ok $REC/sre-lead.alice-example-com.yaml &&
		git -C repo ls-files -s $REC/sre-lead.alice-example-com.yaml | grep -q .
	"
done

test_expect_success 'a kill while a record is replaced keeps the old record or the new one' '
	(cd repo && git reset -q --hard start && git clean -qfd &&
	 pmgit sign $DOC --slot "SRE Lead" --key ../keys/alice --signer alice@example.com >/dev/null &&
	 git commit -q -m "SRE Lead" && cp $REC/sre-lead.alice-example-com.yaml ../old.yaml) &&
	for point in write:created write:before-rename sign:before-index index:before-write; do
		sleep 1 &&
		(cd repo && PMGIT_FAULT=$point pmgit sign $DOC --slot "SRE Lead" --key ../keys/alice \
			--signer alice@example.com >/dev/null 2>&1; test $? = 137) &&
		{ cmp -s old.yaml repo/$REC/sre-lead.alice-example-com.yaml ||
		  record_statement repo/$REC/sre-lead.alice-example-com.yaml | grep -q "^time: "; } &&
		record_ok $REC/sre-lead.alice-example-com.yaml || exit 1
	done
'

finalize_ready() {
	(cd repo && git reset -q --hard start && git clean -qfd &&
	 sign_all $DOC &&
	 git commit -q -m signed) >/dev/null
}

for point in finalize:before-write write:created write:before-rename finalize:before-index index:before-write; do
	test_expect_success "pmgit finalize killed at $point leaves old or new state" "
		finalize_ready && cp repo/$DOC before.md &&
		(cd repo && PMGIT_FAULT=$point pmgit finalize $DOC >/dev/null 2>&1; test \$? = 137) &&
		{ cmp -s before.md repo/$DOC || grep -q '^\*\*Status\*\*: Final$' repo/$DOC; } &&
		staged=\$(git -C repo ls-files -s $DOC | cut -d' ' -f2) &&
		{ test \"\$staged\" = \"\$(git -C repo rev-parse HEAD:$DOC)\" ||
		  test \"\$staged\" = \"\$(git -C repo hash-object $DOC)\"; } &&
		(cd repo && pmgit verify $DOC >../v.out) &&
		git -C repo fsck --no-progress --no-dangling >/dev/null &&
		test ! -e repo/.git/index.lock &&
		(cd repo && { grep -q '^\*\*Status\*\*: Final$' $DOC || pmgit finalize $DOC >/dev/null; } &&
		 git add $DOC && git commit -q -m final) &&
		no_temp_files &&
		(cd repo && pmgit verify $DOC >../v.out) && grep -q ' Final  P1  ok$' v.out
	"
done

# A protected policy: keyring add writes config.yaml, then keyring.yaml.
protected_repo() {
	rm -rf prot && new_repo prot &&
	(cd prot && pmgit keyring add alice@example.com --key ../keys/alice.pub --slot "SRE Lead" &&
	 git commit -q -m keyring &&
	 pmgit policy protect --admin alice@example.com --threshold 1 --key ../keys/alice --signer alice@example.com &&
	 git commit -q -m protect) >/dev/null 2>&1
}

test_expect_success 'keyring add killed between the two policy files: running it again completes it' '
	protected_repo &&
	(cd prot && PMGIT_FAULT=write:done pmgit keyring add bob@example.com --key ../keys/bob.pub \
		--slot "Engineering Manager" >/dev/null 2>&1; test $? = 137) &&
	(cd prot && test_expect_code 1 pmgit policy status >../st.out) &&
	test_grep "at version 2 and .pmgit/keyring.yaml at version 1" st.out &&
	test_grep "pmgit policy sign. sets both to the next version" st.out &&
	(cd prot && pmgit keyring add bob@example.com --key ../keys/bob.pub --slot "Engineering Manager" \
		>/dev/null 2>../err) && test_grep "this change is version 2" err &&
	(cd prot && test_expect_code 1 pmgit policy status >../st.out) && test_grep "^policy: pending, version 2" st.out &&
	(cd prot && pmgit policy sign --key ../keys/alice --signer alice@example.com >/dev/null &&
	 pmgit policy status >../st.out) && test_grep "^policy: approved, version 2" st.out &&
	no_temp_files
'

test_expect_success 'or pmgit policy sign sets both files to the next version and approves it' '
	protected_repo &&
	(cd prot && PMGIT_FAULT=write:done pmgit keyring add bob@example.com --key ../keys/bob.pub \
		--slot "Engineering Manager" >/dev/null 2>&1; test $? = 137) &&
	(cd prot && pmgit policy sign --key ../keys/alice --signer alice@example.com >../out &&
	 pmgit policy status >../st.out) &&
	test_grep "^set version 2 in" out && test_grep "^policy: approved, version 2" st.out &&
	test "$(grep -c "^version: 2$" prot/.pmgit/config.yaml prot/.pmgit/keyring.yaml | grep -c ":1$")" = 2
'

test_expect_success 'policy protect killed before its approval leaves a pending root that policy sign completes' '
	rm -rf prot && new_repo prot &&
	(cd prot && pmgit keyring add alice@example.com --key ../keys/alice.pub --slot "SRE Lead" &&
	 git commit -q -m keyring) >/dev/null 2>&1 &&
	(cd prot && PMGIT_FAULT=protect:before-approval pmgit policy protect --admin alice@example.com \
		--threshold 1 --key ../keys/alice --signer alice@example.com >/dev/null 2>&1; test $? = 137) &&
	(cd prot && test_expect_code 1 pmgit policy status >../st.out) &&
	test_grep "^policy: pending, version 1" st.out &&
	(cd prot && test_expect_code 1 pmgit policy protect --admin alice@example.com --key ../keys/alice \
		--signer alice@example.com 2>../err) && test_grep "pmgit policy sign" err &&
	(cd prot && pmgit policy sign --key ../keys/alice --signer alice@example.com >/dev/null &&
	 pmgit policy status >../st.out) && test_grep "^policy: approved, version 1" st.out &&
	no_temp_files
'

test_done
