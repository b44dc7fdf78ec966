#!/bin/sh
# A team at work, simulated (tests/tools/team-sim.py): two authors' clones
# with the client hooks and a server with pre-receive, new postmortems,
# edits, sign-offs, finalizing, pushes and merges in a random order. What
# a hook refuses is settled as pmgit says (renumber, the git commands a
# refusal names), and the server's history must come out clean. Each
# seed's course is the same on any machine (the simulation never signs
# one slot over one content twice, which within a second would make one
# record); these three broke an invariant before renumber settled records
# in conflict and a Final postmortem on either side of a merge.
. "$(dirname "$0")/lib.sh"

test_expect_success 'a simulated team keeps the server clean, and every refusal can be settled as pmgit says' '
	: >all &&
	for seed in 2 12 19; do
		python3 "$TEST_DIR/tools/team-sim.py" "$PMGIT_BIN" "$FIXTURES/complete.md" "$TRASH" $seed 200 \
			>sim-$seed.out 2>&1 || { cat sim-$seed.out; return 1; }
		test_grep "^invariants hold$" sim-$seed.out || return 1
		cat sim-$seed.out >>all
	done &&
	test_grep "commit finalize$" all &&
	test_grep "merge settled by renumber$" all &&
	test "$(grep -c "0 broke the rules$" all)" = 3
'

test_expect_success 'and so it does taking sign-offs back, updating follow-ups, rebasing, rotating keys, removing postmortems and pushing past the client hooks' '
	: >all &&
	for seed in 3 5; do
		python3 "$TEST_DIR/tools/team-sim.py" "$PMGIT_BIN" "$FIXTURES/complete.md" "$TRASH" $seed 200 more \
			>more-$seed.out 2>&1 || { cat more-$seed.out; return 1; }
		test_grep "^invariants hold$" more-$seed.out || return 1
		cat more-$seed.out >>all
	done &&
	test_grep "commit unsign$" all && test_grep "pull --rebase$" all && test_grep "commit rotate$" all &&
	test_grep "commit remove$" all && test_grep "a push past the client hooks refused$" all &&
	test_grep "merge settled by renumber$" all &&
	test "$(grep -c "0 broke the rules$" all)" = 2
'

test_done
