#!/bin/sh
# The pre-push shim starts pmgit only when a pushed ref could concern it,
# and always when it could: what git answers must never let a commit
# that pmgit would judge leave unjudged.
. "$(dirname "$0")/lib.sh"

DOC=postmortems/INC-2026-0042.md

git init -q --bare server.git
git clone -q server.git client 2>/dev/null
(
	cd client && pmgit init >/dev/null && git commit -q -m setup &&
	cp "$FIXTURES/complete.md" $DOC && echo readme >README && git add -A &&
	git commit -q -m "INC-2026-0042" && git push -q origin main &&
	pmgit hooks install >/dev/null &&
	# the shim as installed, with pmgit replaced by a marker
	sed -i "s|^exec .*pmgit. hook pre-push|echo RAN-PMGIT >\&2; exit 1; &|" .git/hooks/pre-push
) >/dev/null 2>&1

# pushes ARGS... from client; "ran" or "skipped" into ../ran
push() {
	if git push -q origin "$@" 2>../err; then echo skipped >../ran; else
		grep -q RAN-PMGIT ../err && echo ran >../ran || { cat ../err >&2; return 1; }
	fi
}

test_expect_success 'the marker stands where the shim starts pmgit' '
	cd client && test_grep "^echo RAN-PMGIT" .git/hooks/pre-push
'

test_expect_success 'a push touching no postmortem does not start pmgit' '
	cd client && echo more >>README && git commit -q --no-verify -a -m readme &&
	push main && test "$(cat ../ran)" = skipped &&
	test "$(git -C ../server.git rev-parse main)" = "$(git rev-parse HEAD)"
'

test_expect_success 'a new branch of commits the remote has does not start pmgit' '
	cd client && push HEAD:copy && test "$(cat ../ran)" = skipped
'

test_expect_success 'a push touching a postmortem, a record or .pmgit starts it' '
	cd client &&
	sed -i "s/^On 10 February/On February 10/" $DOC && git commit -q --no-verify -a -m doc &&
	push main && test "$(cat ../ran)" = ran && git reset -q --hard origin/main &&
	mkdir -p postmortems/INC-2026-0042.signoffs && echo x >postmortems/INC-2026-0042.signoffs/a.yaml &&
	git add -A && git commit -q --no-verify -m record && push main && test "$(cat ../ran)" = ran &&
	git reset -q --hard origin/main &&
	echo "# note" >>.pmgit/config.yaml && git commit -q --no-verify -a -m config &&
	push main && test "$(cat ../ran)" = ran && git reset -q --hard origin/main
'

test_expect_success 'a new branch with such a commit starts it' '
	cd client && git checkout -q -b topic &&
	sed -i "s/^On 10 February/On February 10/" $DOC && git commit -q --no-verify -a -m doc &&
	push topic && test "$(cat ../ran)" = ran && git checkout -q main
'

test_expect_success 'a change made and undone on the way still starts it' '
	cd client && git checkout -q -b undo &&
	sed -i "s/^On 10 February/On February 10/" $DOC && git commit -q --no-verify -a -m change &&
	git revert --no-edit HEAD >/dev/null && echo again >>README && git commit -q --no-verify -a -m readme &&
	push undo && test "$(cat ../ran)" = ran && git checkout -q main
'

test_expect_success 'a merge that drops a pushed change to a postmortem starts it' '
	cd client && git checkout -q -b side &&
	sed -i "s/^On 10 February/On February 10/" $DOC && git commit -q --no-verify -a -m "side edit" &&
	git push -q --no-verify origin side && git checkout -q main &&
	git merge -q --no-verify -s ours --no-edit side &&
	push main && test "$(cat ../ran)" = ran && git reset -q --hard origin/main
'

test_expect_success 'a rewrite that drops a postmortem commit starts it' '
	cd client && sed -i "s/^On 10 February/On February 10/" $DOC && git commit -q --no-verify -a -m doc &&
	git push -q --no-verify origin main && git reset -q --hard HEAD^ &&
	push -f main && test "$(cat ../ran)" = ran
'

test_expect_success 'a deleted branch does not start it' '
	cd client && push :copy && test "$(cat ../ran)" = skipped &&
	test_must_fail git -C ../server.git rev-parse -q --verify copy
'

test_expect_success 'the real shim judges what it lets through to pmgit' '
	cd client && pmgit hooks install --force >/dev/null &&
	git reset -q --hard origin/main && pmgit new --date 2026-02-11 >path &&
	sed -i "s/^\*\*Status\*\*: Draft/**Status**: In Review/" "$(cat path)" &&
	git add -A && git commit -q --no-verify -m "skip the hook" &&
	test_must_fail git push origin main 2>../err &&
	test_grep "unfilled placeholder" ../err && test_grep "pmgit: push rejected" ../err
'

# The commits a refused push brings are made already: the last line says
# how to rewrite them, by amending the one pushed last or rebasing from
# below the oldest refused one.
test_expect_success 'a refused push names the commit to amend or the rebase that rewrites it' '
	cd client && bad=$(git rev-parse --short=7 HEAD) &&
	test_must_fail git push origin main 2>../err &&
	test_grep "^pmgit: push rejected.*; fix them, then amend commit $bad, the last one pushed \(.git commit --amend.\), and push again$" ../err &&
	echo more >>README && git commit -q --no-verify -a -m readme &&
	test_must_fail git push origin main 2>../err &&
	test_grep "^pmgit: push rejected.*; fix them, rewriting the commit that brought them: .git rebase -i $bad\^., mark it .edit. \(or .drop.\), then push again$" ../err &&
	GIT_SEQUENCE_EDITOR="sed -i \"s/^pick $bad/drop $bad/\"" git rebase -q -i "$bad^" &&
	git push -q origin main
'

test_expect_success 'the oldest of several refused commits is where the rebase starts' '
	cd client && pmgit new --date 2026-02-12 >path1 &&
	sed -i "s/^\*\*Status\*\*: Draft/**Status**: In Review/" "$(cat path1)" &&
	git add -A && git commit -q --no-verify -m "first" && first=$(git rev-parse --short=7 HEAD) &&
	pmgit new --date 2026-02-13 >path2 &&
	sed -i "s/^\*\*Status\*\*: Draft/**Status**: In Review/" "$(cat path2)" &&
	git add -A && git commit -q --no-verify -m "second" &&
	echo more >>README && git commit -q --no-verify -a -m readme &&
	test_must_fail git push origin main 2>../err &&
	test_grep "rewriting the commits that brought them: .git rebase -i $first\^., mark them .edit." ../err
'

# A clone has origin/HEAD, a name for origin/main: the postmortem a
# colleague pushed there is no second claim to its ID when a merge brings
# it in, nor is the same postmortem on a branch the merge came from.
test_expect_success 'a merge that brings in a colleague pushed postmortem is pushed' '
	git clone -q server.git mate 2>/dev/null && git clone -q server.git me 2>/dev/null &&
	(cd mate && pmgit hooks install >/dev/null && pmgit new --date 2026-02-14 >/dev/null &&
	 git add -A && git commit -q -m "mate draft" && git push -q origin HEAD:main) &&
	cd me && pmgit hooks install >/dev/null && git rev-parse -q --verify origin/HEAD >/dev/null &&
	echo mine >notes.txt && git add notes.txt && git commit -q -m notes &&
	git fetch -q && git checkout -q -b topic && git merge -q --no-edit origin/main &&
	git push origin topic 2>../err &&
	git checkout -q main && git pull -q --no-rebase origin main && git push origin HEAD:main 2>../err &&
	test "$(git -C ../server.git rev-parse main)" = "$(git rev-parse HEAD)"
'

test_done
