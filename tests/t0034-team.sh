#!/bin/sh
# A team at work, simulated (tests/tools/team-sim.py): two authors' clones
# with the client hooks and a server with pre-receive, new postmortems,
# edits, sign-offs, finalizing, pushes and merges in a random order. What
# a hook refuses is settled as pmgit says (renumber, the git commands a
# refusal names), and the server's history must come out clean. Each
# seed's course is the same on any machine (the simulation never signs
# one slot over one content twice, which within a second would make one
# record); these three broke an invariant before renumber settled records
# in conflict and a Final postmortem on either side of a merge. The seeds
# of the second and third tests break one on a pmgit whose merge hook
# named no command for a sign-off record left without its postmortem;
# in seed 118 two clones finalize one ID at two paths (one filed by
# year), which renumber refuses to settle, as no Final one may move. In
# seed 43 of the fourth, a merge leaves a Final postmortem's follow-up
# behind as it files the postmortem by year, which a pmgit whose refusal
# named no 'git mv' left unsettled; in seed 100, two keyrings that each
# gained a key meet, which pmgit keyring merge settles.
. "$(dirname "$0")/lib.sh"

# simulate MODE SEED...: each seed's run of 200 steps holds every
# invariant; their reports, together, in ./all
simulate() {
	mode=$1 && shift && : >all &&
	for seed in "$@"; do
		python3 "$TEST_DIR/tools/team-sim.py" "$PMGIT_BIN" "$FIXTURES/complete.md" "$TRASH" $seed 200 $mode \
			>sim-$seed.out 2>&1 || { cat sim-$seed.out; return 1; }
		test_grep "^invariants hold$" sim-$seed.out || return 1
		cat sim-$seed.out >>all
	done &&
	test "$(grep -c "0 broke the rules$" all)" = $#
}

test_expect_success 'a simulated team keeps the server clean, and every refusal can be settled as pmgit says' '
	simulate "" 2 12 19 &&
	test_grep "commit finalize$" all &&
	test_grep "merge settled by renumber$" all
'

test_expect_success 'and so it does taking sign-offs back, updating follow-ups, rebasing, rotating keys, removing postmortems and pushing past the client hooks' '
	simulate more 12 9 &&
	test_grep "commit unsign$" all && test_grep "pull --rebase$" all && test_grep "commit rotate$" all &&
	test_grep "commit remove$" all && test_grep "a push past the client hooks refused$" all &&
	test_grep "merge settled by renumber$" all
'

test_expect_success 'and filing Final postmortems by year, amending, reverting and cherry-picking' '
	simulate all 1 9 118 &&
	test_grep "renumber refused: both Final$" all &&
	test_grep "commit file$" all && test_grep "commit amend$" all && test_grep " revert$" all &&
	test_grep " cherry-pick$" all &&
	test_grep "merge settled by the commands the refusal named$" all
'

test_expect_success 'and settling the conflicts of a merge by taking a side of each, as people do' '
	simulate settle 43 1 100 &&
	test_grep "merge settled by taking a side of each conflict$" all &&
	test_grep "keyring merged by pmgit keyring merge$" all &&
	test_grep "merge settled by taking a side of each conflict and the commands the refusal named$" all
'

test_done
