#!/bin/sh
# make demo, the first thing a new user runs, runs to the end and shows
# each step working.
. "$(dirname "$0")/lib.sh"

test_expect_success 'the demo walks through every step without an error' '
	TMPDIR=$TRASH sh "$TEST_DIR/../tools/demo.sh" "$PMGIT_BIN" >out 2>err &&
	test_grep "^1 postmortem checked: 0 errors" out &&
	test_grep "^protected the policy: version 1" out &&
	test_grep "^  VP Engineering +valid +erin@example.com" out &&
	test_grep "^INC-2026-0001 is Final" out &&
	test_grep "is Final and cannot change" err &&
	test_grep "^policy: pending, version 2 \(version 1 approved\)$" out &&
	test_grep "this change fails .postmortems/INC-2026-0001.md., which is Final .*.VP Engineering. sign-off would be unknown-key" err &&
	test_grep "^policy: approved, version 1, root [0-9a-f]{64}$" out &&
	test_grep "^Good \"pmgit-signoff\" signature for alice@example.com" out &&
	test_grep "^The demo repository is in " out
'

test_expect_success 'the commands it shows can be pasted: arguments with spaces are quoted' '
	test_grep "^\\$ pmgit sign postmortems/INC-2026-0001.md --slot .SRE Lead. --key keys/alice" out &&
	test_grep "^\\$ pmgit actions update INC-2026-0001 .Page on two consecutive failed CronJob runs. --status Done --note .alert rule merged." out &&
	! grep -q -- "--slot SRE Lead" out
'

test_done
