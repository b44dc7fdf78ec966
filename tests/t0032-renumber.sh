#!/bin/sh
# Two authors who take one incident ID on two branches: the conflict git
# leaves is named as such, pmgit renumber settles it, and the settled
# history is pushed like any other.
. "$(dirname "$0")/lib.sh"

make_key alice
make_key bob
make_key erin
git init -q --bare server.git
git clone -q server.git setup 2>/dev/null
(
	cd setup && pmgit init >/dev/null && add_signers && git add -A &&
	git commit -q -m setup && git push -q origin HEAD:main
) >/dev/null 2>&1
git clone -q server.git dana 2>/dev/null
git clone -q server.git lee 2>/dev/null
for who in dana lee; do
	(cd $who && git config user.name "$who" && pmgit hooks install >/dev/null)
done

# eve_pushes NNNN [STATUS]: the fixture as INC-2026-NNNN (with that Status),
# committed and pushed from eve's clone, up to date first
eve_pushes() {
	(cd eve && git pull -q --no-rebase origin main >/dev/null 2>&1 &&
	 sed -e "s/INC-2026-0042/INC-2026-$1/" -e "s/^\*\*Status\*\*: In Review/**Status**: ${2:-In Review}/" \
		"$FIXTURES/complete.md" >postmortems/INC-2026-$1.md &&
	 git add -A && git commit -q -m "eve $1" && git push -q origin HEAD:main)
}

# finalized NNNN: INC-2026-NNNN, in the clone in the current directory,
# signed by the three signers and made Final, each step committed
finalized() {
	sign_all postmortems/INC-2026-$1.md >/dev/null 2>&1 && git commit -q -m signed &&
	pmgit finalize INC-2026-$1 >/dev/null 2>&1 && git commit -q -m final
}

# NAME TITLE: a new postmortem in NAME's clone, committed; its path in ../NAME.path
draft() {
	(cd "$1" && pmgit new --date 2026-11-27 "$2" >../"$1".path 2>/dev/null &&
	 git add -A && git commit -q -m "$2")
}

test_expect_success 'two drafts that took one ID conflict, and check says what happened' '
	draft dana "Disk full on db-3" && (cd dana && git push -q origin HEAD:main) &&
	draft lee "TLS certificate expiry" &&
	test "$(basename "$(cat dana.path)")" = "$(basename "$(cat lee.path)")" &&
	cd lee && test_must_fail git pull -q --no-rebase origin main >../out 2>&1 &&
	test_grep "CONFLICT \(add/add\)" ../out &&
	test_expect_code 1 pmgit check postmortems/INC-2026-0001.md >../out 2>&1 &&
	test_grep "^postmortems/INC-2026-0001.md:1:1: error: two postmortems took INC-2026-0001 on two branches, and git put both in this file \(lines 1-[0-9]+: .Postmortem: TLS certificate expiry. and .Postmortem: Disk full on db-3.\); in the merge, .pmgit renumber INC-2026-0001. keeps the other branch.s as INC-2026-0001 and gives yours the next free ID.*\[conflict\]$" ../out &&
	test_grep "1 error, 0 warnings" ../out
'

test_expect_success 'status marks the conflicted postmortem rather than list one side of it' '
	cd lee && pmgit status >../out &&
	test_grep "^INC-2026-0001 +conflict +" ../out &&
	test_grep "^conflict: git left a merge conflict in the file: .pmgit check ID. says how to settle it$" ../out &&
	pmgit status --format json >../out &&
	test_grep "\"conflict\": true" ../out &&
	pmgit status --to-sign --signer alice@example.com >../out && test_no_grep "INC-2026-0001" ../out
'

test_expect_success 'the conflicted file cannot be committed as it is' '
	cd lee && git add postmortems/INC-2026-0001.md &&
	test_must_fail git commit -q --no-edit 2>../err &&
	test_grep "two postmortems took INC-2026-0001.*\[conflict\]" ../err &&
	git merge --abort && git diff --quiet HEAD
'

test_expect_success 'renumber in a rebase refuses and says to merge instead' '
	cd lee && test_must_fail git pull -q --rebase origin main >/dev/null 2>&1 &&
	test_expect_code 1 pmgit renumber INC-2026-0001 2>../err &&
	test_grep "a rebase is in progress: renumbering now would leave your later commits.*.git rebase --abort., .git pull --no-rebase." ../err &&
	git rebase --abort
'

test_expect_success 'renumber in the merge keeps theirs under the ID and gives yours the next' '
	cd lee && test_must_fail git pull -q --no-rebase origin main >/dev/null 2>&1 &&
	pmgit renumber INC-2026-0001 >../out 2>../err &&
	test "$(cat ../out)" = "$PWD"/postmortems/INC-2026-0002.md &&
	test_grep "renumbered yours to INC-2026-0002: postmortems/INC-2026-0001.md is the other branch.s INC-2026-0001 again" ../err &&
	test_grep "^then: git merge --continue$" ../err &&
	git show origin/main:postmortems/INC-2026-0001.md >../theirs && test_cmp ../theirs postmortems/INC-2026-0001.md &&
	test_grep "^# Postmortem: TLS certificate expiry$" postmortems/INC-2026-0002.md &&
	test_grep "^\*\*Incident ID\*\*: INC-2026-0002$" postmortems/INC-2026-0002.md &&
	test -z "$(git diff --name-only --diff-filter=U)" &&
	git diff --cached --quiet -- postmortems/INC-2026-0001.md || test "$(git diff --cached --name-only | sort | tr "\n" " ")" = "postmortems/INC-2026-0001.md postmortems/INC-2026-0002.md "
'

# The history still holds the commit that first claimed the ID; the
# merge gave it up. Neither origin/HEAD (a second name of origin/main)
# nor a branch that has the other postmortem is a second claim then.
test_expect_success 'the settled merge, and an edit of the other draft, push to main and to a new branch' '
	cd lee && GIT_EDITOR=true git merge --continue >/dev/null &&
	pmgit check postmortems/INC-2026-0002.md --errors-only >/dev/null &&
	sed -i "s/^\*\*Reviewers\*\*: .*/**Reviewers**: Alice Chen/" postmortems/INC-2026-0001.md &&
	git commit -q -a -m "a reviewer for Dana" &&
	git push -q origin HEAD:refs/heads/lee-topic 2>../err &&
	git push -q origin HEAD:main 2>../err &&
	test "$(git -C ../server.git rev-parse main)" = "$(git rev-parse HEAD)"
'

test_expect_success 'an ID still claimed twice at the pushed tip is refused' '
	cd dana && git pull -q --no-rebase origin main >/dev/null 2>&1 &&
	git checkout -q -b again "$(git rev-list --max-parents=0 HEAD)" &&
	git show origin/main:postmortems/INC-2026-0002.md | sed "s/TLS certificate expiry/Queue backlog/" >postmortems/INC-2026-0002.md &&
	git add -A && git commit -q --no-verify -m again &&
	test_must_fail git push origin again 2>../err &&
	test_grep "INC-2026-0002.md. already exists on .refs/remotes/origin/main., made by another change.*give this one the next free ID with .pmgit renumber postmortems/INC-2026-0002.md. \(after .git fetch.\), commit, and push again \[duplicate-id\]" ../err &&
	pmgit renumber INC-2026-0002 >/dev/null 2>&1 && git commit -q -m renumber &&
	git push -q origin again && git push -q origin :again &&
	git checkout -q main && git branch -q -D again
'

test_expect_success 'renumber outside a merge takes the next ID no branch has, renames, stages' '
	cd dana && git checkout -q -b claim && cp postmortems/INC-2026-0002.md postmortems/INC-2026-0004.md &&
	git add -A && git commit -q --no-verify -m claim && git update-ref refs/remotes/origin/claim HEAD &&
	git checkout -q main && git branch -q -D claim &&
	cd .. && draft dana "Cache stampede" && cd dana && test "$(cat ../dana.path)" = "$PWD/postmortems/INC-2026-0005.md" &&
	git update-ref refs/remotes/origin/claim2 HEAD && git reset -q --soft HEAD~1 &&
	pmgit renumber postmortems/INC-2026-0005.md >../out 2>../err &&
	test "$(cat ../out)" = "$PWD"/postmortems/INC-2026-0006.md &&
	test_grep "^renumbered INC-2026-0005 to INC-2026-0006: postmortems/INC-2026-0005.md is now postmortems/INC-2026-0006.md \(staged\)$" ../err &&
	test ! -e postmortems/INC-2026-0005.md &&
	test_grep "^\*\*Incident ID\*\*: INC-2026-0006$" postmortems/INC-2026-0006.md &&
	test_grep "^# Postmortem: Cache stampede$" postmortems/INC-2026-0006.md &&
	git status --short >../st && test_grep "^A  postmortems/INC-2026-0006.md$" ../st &&
	test_no_grep "INC-2026-0005" ../st && git commit -q -m "cache stampede" &&
	git update-ref -d refs/remotes/origin/claim && git update-ref -d refs/remotes/origin/claim2
'

test_expect_success 'renumber removes the sign-offs of the old ID and names them' '
	cd dana && cp "$FIXTURES/complete.md" postmortems/INC-2026-0107.md &&
	sed -i "s/INC-2026-0042/INC-2026-0107/" postmortems/INC-2026-0107.md &&
	git add -A && git commit -q -m "in review" &&
	pmgit sign INC-2026-0107 --slot "SRE Lead" --key ../keys/alice --signer alice@example.com >/dev/null 2>&1 &&
	git commit -q -m "signed" &&
	pmgit renumber INC-2026-0107 >../out 2>../err &&
	test "$(cat ../out)" = "$PWD"/postmortems/INC-2026-0108.md &&
	test_grep "^  removed postmortems/INC-2026-0107.signoffs/sre-lead.alice-example-com.yaml \(staged\): it signed the old ID; its signer signs INC-2026-0108 again$" ../err &&
	test ! -e postmortems/INC-2026-0107.signoffs && git commit -q -m renumber &&
	pmgit verify INC-2026-0108 >../out 2>&1 && test_grep "SRE Lead +missing" ../out
'

test_expect_success 'a renumbering that cannot be staged is undone, records and all' '
	cd dana && pmgit sign INC-2026-0108 --slot "SRE Lead" --key ../keys/alice \
		--signer alice@example.com >/dev/null 2>&1 && git commit -q -m resigned &&
	cp -r postmortems ../pm-before && touch .git/index.lock &&
	test_expect_code 3 pmgit renumber INC-2026-0108 2>../err; rm -f .git/index.lock &&
	test_grep "the git index is locked" ../err &&
	diff -r ../pm-before postmortems && git diff --quiet HEAD && test -z "$(git status --porcelain)"
'

test_expect_success 'an untracked draft is renamed and left unstaged, as new left it' '
	cd dana && pmgit new --date 2026-11-28 "Unsaved" >/dev/null 2>&1 &&
	pmgit renumber INC-2026-0109 >../out 2>../err &&
	test_grep "is now postmortems/INC-2026-0110.md$" ../err &&
	git status --short >../st && test_grep "^\?\? postmortems/INC-2026-0110.md$" ../st &&
	test_no_grep "commit it" ../err && rm postmortems/INC-2026-0110.md
'

test_expect_success 'a Final postmortem keeps its ID' '
	cd dana && sed -i "s/^\*\*Status\*\*: In Review/**Status**: Final/" postmortems/INC-2026-0108.md &&
	test_expect_code 1 pmgit renumber INC-2026-0108 2>../err &&
	test_grep "is Final; a Final postmortem keeps its ID" ../err &&
	test -e postmortems/INC-2026-0108.md && git checkout -q -- postmortems
'

test_expect_success 'a conflict between two edits of one postmortem is no renumbering' '
	cd dana && git checkout -q -b edit1 && sed -i "s/^On 10 February/On Feb 10/" postmortems/INC-2026-0108.md &&
	git commit -q -a -m e1 && git checkout -q -b edit2 HEAD~1 &&
	sed -i "s/^On 10 February/On 10 Feb/" postmortems/INC-2026-0108.md && git commit -q -a -m e2 &&
	test_must_fail git merge -q edit1 >/dev/null 2>&1 &&
	pmgit check postmortems/INC-2026-0108.md >../out 2>&1 || true &&
	test_grep "error: an unresolved merge conflict, lines [0-9]+-[0-9]+: git.s .<<<<<<<., .=======. and .>>>>>>>. lines stand around two versions.*\[conflict\]$" ../out &&
	test_expect_code 1 pmgit renumber INC-2026-0108 2>../err &&
	test_grep "is in conflict because the two branches changed one postmortem, not because each added its own" ../err &&
	git merge --abort
'

test_expect_success 'conflict markers quoted in a code block are text' '
	cd dana && { cat "$FIXTURES/complete.md"; printf "\n\`\`\`\n<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> main\n\`\`\`\n"; } >../quoted.md &&
	sed -i "s/INC-2026-0042/INC-2026-0009/" ../quoted.md &&
	pmgit check ../quoted.md >../out 2>&1 || true &&
	test_no_grep "\[conflict\]" ../out
'

# NAME TITLE: the complete fixture as INC-2026-0201 with TITLE, committed in NAME's clone
fixture_as_0201() {
	(cd "$1" && sed -e "s/INC-2026-0042/INC-2026-0201/" -e "1s/.*/# Postmortem: $2/" \
		"$FIXTURES/complete.md" >postmortems/INC-2026-0201.md &&
	 git add -A && git commit -q -m "$2")
}

test_expect_success 'renumbering in the merge takes your sign-offs of the old ID and leaves theirs' '
	git clone -q server.git ann 2>/dev/null && git clone -q server.git ben 2>/dev/null &&
	fixture_as_0201 ann "Ann incident" &&
	(cd ann && pmgit sign INC-2026-0201 --slot "SRE Lead" --key ../keys/alice --signer alice@example.com >/dev/null 2>&1 &&
	 git commit -q -m "ann signed" && git push -q origin HEAD:main) &&
	fixture_as_0201 ben "Ben incident" && cd ben &&
	pmgit sign INC-2026-0201 --slot "Engineering Manager" --key ../keys/bob --signer bob@example.com >/dev/null 2>&1 &&
	git commit -q -m "ben signed" &&
	test_must_fail git pull -q --no-rebase origin main >/dev/null 2>&1 &&
	pmgit renumber INC-2026-0201 >../out 2>../err &&
	test_grep "removed postmortems/INC-2026-0201.signoffs/engineering-manager.bob-example-com.yaml \(staged\): your sign-off of the old ID" ../err &&
	test_no_grep "sre-lead" ../err && test -f postmortems/INC-2026-0201.signoffs/sre-lead.alice-example-com.yaml &&
	test ! -e postmortems/INC-2026-0201.signoffs/engineering-manager.bob-example-com.yaml &&
	GIT_EDITOR=true git merge --continue >/dev/null &&
	pmgit verify INC-2026-0201 >../out && test_grep "SRE Lead +valid +alice@example.com" ../out &&
	test_grep "Engineering Manager +missing" ../out && test_no_grep "extra|stale|invalid" ../out &&
	git push -q origin HEAD:main
'

test_expect_success 'one reviewer signed both: the record in conflict becomes theirs, and the merge goes through' '
	git clone -q server.git cy 2>/dev/null && git clone -q server.git di 2>/dev/null &&
	for who in cy di; do (cd $who && git config user.name "$who" && pmgit hooks install >/dev/null) || return 1; done &&
	sed -e "s/INC-2026-0042/INC-2026-0301/" -e "1s/.*/# Postmortem: Cy incident/" "$FIXTURES/complete.md" >cy.md &&
	sed -e "s/INC-2026-0042/INC-2026-0301/" -e "1s/.*/# Postmortem: Di incident/" "$FIXTURES/complete.md" >di.md &&
	(cd cy && cp ../cy.md postmortems/INC-2026-0301.md && git add -A && git commit -q -m cy &&
	 pmgit sign INC-2026-0301 --slot "SRE Lead" --key ../keys/alice --signer alice@example.com >/dev/null 2>&1 &&
	 git commit -q -m "cy signed" && git push -q origin HEAD:main) &&
	cd di && cp ../di.md postmortems/INC-2026-0301.md && git add -A && git commit -q -m di &&
	sleep 1 && pmgit sign INC-2026-0301 --slot "SRE Lead" --key ../keys/alice --signer alice@example.com >/dev/null 2>&1 &&
	git commit -q -m "di signed" &&
	test_must_fail git pull -q --no-rebase origin main >../out 2>&1 &&
	test_grep "CONFLICT \(add/add\): Merge conflict in postmortems/INC-2026-0301.signoffs/sre-lead.alice-example-com.yaml" ../out &&
	pmgit renumber INC-2026-0301 >../out 2>../err &&
	test_grep "^  postmortems/INC-2026-0301.signoffs/sre-lead.alice-example-com.yaml \(staged\): the sign-off of the postmortem that keeps the ID; yours, of the old ID, is gone, and its signer signs INC-2026-0302 again$" ../err &&
	test -z "$(git diff --name-only --diff-filter=U)" &&
	git show origin/main:postmortems/INC-2026-0301.signoffs/sre-lead.alice-example-com.yaml >../theirs.yaml &&
	test_cmp ../theirs.yaml postmortems/INC-2026-0301.signoffs/sre-lead.alice-example-com.yaml &&
	GIT_EDITOR=true git merge --continue >/dev/null &&
	pmgit verify INC-2026-0301 >../out && test_grep "SRE Lead +valid +alice@example.com" ../out &&
	git push -q origin HEAD:main
'

test_expect_success 'yours Final in the merge: it keeps the ID, and the other branch.s draft takes the next' '
	cd cy && git pull -q --no-rebase origin main >/dev/null 2>&1 &&
	sed -e "s/INC-2026-0042/INC-2026-0401/" -e "1s/.*/# Postmortem: Cy final/" "$FIXTURES/complete.md" >postmortems/INC-2026-0401.md &&
	git add -A && git commit -q -m "cy 401" && sign_all postmortems/INC-2026-0401.md >/dev/null 2>&1 &&
	git commit -q -m "signed" && pmgit finalize INC-2026-0401 >/dev/null 2>&1 && git commit -q -m final &&
	cd ../di && git pull -q --no-rebase origin main >/dev/null 2>&1 &&
	sed -e "s/INC-2026-0042/INC-2026-0401/" -e "1s/.*/# Postmortem: Di draft/" "$FIXTURES/complete.md" >postmortems/INC-2026-0401.md &&
	git add -A && git commit -q -m "di 401" &&
	pmgit sign INC-2026-0401 --slot "SRE Lead" --key ../keys/alice --signer alice@example.com >/dev/null 2>&1 &&
	git commit -q -m "di signed" && git push -q origin HEAD:main &&
	cd ../cy && test_must_fail git pull -q --no-rebase origin main >/dev/null 2>&1 &&
	pmgit renumber INC-2026-0401 >../out 2>../err &&
	test "$(cat ../out)" = "$PWD"/postmortems/INC-2026-0402.md &&
	test_grep "^yours is Final and keeps INC-2026-0401 at postmortems/INC-2026-0401.md; the other branch.s postmortem is now INC-2026-0402, postmortems/INC-2026-0402.md \(both staged\): tell its author$" ../err &&
	test_grep "^# Postmortem: Cy final$" postmortems/INC-2026-0401.md &&
	test_grep "^# Postmortem: Di draft$" postmortems/INC-2026-0402.md &&
	test_grep "^\*\*Incident ID\*\*: INC-2026-0402$" postmortems/INC-2026-0402.md &&
	test -z "$(git diff --name-only --diff-filter=U)" &&
	GIT_EDITOR=true git merge --continue >/dev/null &&
	pmgit verify INC-2026-0401 >../out && test_grep "INC-2026-0401 +Final +P1 +ok" ../out &&
	git push -q origin HEAD:main
'

test_expect_success 'both Final under one ID: renumber refuses and says what it takes' '
	cd di && git pull -q --no-rebase origin main >/dev/null 2>&1 &&
	git checkout -q -b twice "$(git log --format=%H --grep="^di signed$" | tail -n 1)" &&
	test ! -e postmortems/INC-2026-0401.md &&
	sed -e "s/INC-2026-0042/INC-2026-0401/" -e "1s/.*/# Postmortem: Di final/" "$FIXTURES/complete.md" >postmortems/INC-2026-0401.md &&
	git add -A && git commit -q --no-verify -m "di 401 again" && sign_all postmortems/INC-2026-0401.md >/dev/null 2>&1 &&
	git commit -q --no-verify -m signed && pmgit finalize INC-2026-0401 >/dev/null 2>&1 && git commit -q --no-verify -m final &&
	test_must_fail git merge -q main >/dev/null 2>&1 &&
	test_expect_code 1 pmgit renumber INC-2026-0401 2>../err &&
	test_grep "both postmortems under .INC-2026-0401. are Final, and a Final postmortem keeps the ID its sign-offs signed" ../err &&
	git merge --abort && git checkout -q main && git branch -q -D twice
'

# One branch files postmortems by year (pmgit new then writes into
# postmortems/2026/), the other does not: the two IDs meet at two paths,
# with no conflict for git to stop on.
test_expect_success 'one ID at two paths: the merge names renumber, which renumbers yours and lets the merge finish' '
	git clone -q server.git eve 2>/dev/null && git clone -q server.git fay 2>/dev/null &&
	for who in eve fay; do (cd $who && git config user.name "$who" && pmgit hooks install >/dev/null) || return 1; done &&
	(cd eve && mkdir -p postmortems/2026 &&
	 sed -e "s/INC-2026-0042/INC-2026-0501/" -e "1s/.*/# Postmortem: Eve incident/" "$FIXTURES/complete.md" >postmortems/2026/INC-2026-0501.md &&
	 git add -A && git commit -q -m eve && git push -q origin HEAD:main) &&
	cd fay && sed -e "s/INC-2026-0042/INC-2026-0501/" -e "1s/.*/# Postmortem: Fay incident/" "$FIXTURES/complete.md" >postmortems/INC-2026-0501.md &&
	git add -A && git commit -q -m fay &&
	pmgit sign postmortems/INC-2026-0501.md --slot "SRE Lead" --key ../keys/alice --signer alice@example.com >/dev/null 2>&1 &&
	git commit -q -m "fay signed" &&
	test_must_fail git pull -q --no-rebase origin main >../out 2>&1 &&
	test_grep "postmortems/2026/INC-2026-0501.md:3:18: error: incident ID .INC-2026-0501. came in with the merge, and this branch has it too \(.postmortems/INC-2026-0501.md.\): two authors took it; .pmgit renumber INC-2026-0501. gives yours the next free ID \(the other branch.s, when yours is Final\), then .git commit. finishes the merge \[id-unique\]" ../out &&
	test_expect_code 1 pmgit renumber postmortems/2026/INC-2026-0501.md 2>../err &&
	test_grep "is the other branch.s, which keeps INC-2026-0501: renumber yours, .pmgit renumber postmortems/INC-2026-0501.md." ../err &&
	pmgit renumber INC-2026-0501 >../out 2>../err &&
	test "$(cat ../out)" = "$PWD"/postmortems/INC-2026-0502.md &&
	test_grep "^renumbered yours to INC-2026-0502: postmortems/2026/INC-2026-0501.md, the other branch.s, keeps INC-2026-0501; yours is postmortems/INC-2026-0502.md \(staged\)$" ../err &&
	test_grep "removed postmortems/INC-2026-0501.signoffs/sre-lead.alice-example-com.yaml \(staged\)" ../err &&
	test_grep "^then: git commit \(it finishes the merge\)$" ../err &&
	test_grep "^# Postmortem: Fay incident$" postmortems/INC-2026-0502.md &&
	test_grep "^# Postmortem: Eve incident$" postmortems/2026/INC-2026-0501.md &&
	git commit -q --no-edit &&
	test "$(git rev-list --parents -n 1 HEAD | wc -w)" = 3 &&
	git push -q origin HEAD:main
'

test_expect_success 'one ID at two paths, yours Final: the other branch.s takes the next' '
	cd fay && sed -e "s/INC-2026-0042/INC-2026-0601/" -e "1s/.*/# Postmortem: Fay final/" "$FIXTURES/complete.md" >postmortems/INC-2026-0601.md &&
	git add -A && git commit -q -m "fay 601" && sign_all postmortems/INC-2026-0601.md >/dev/null 2>&1 &&
	git commit -q -m signed && pmgit finalize INC-2026-0601 >/dev/null 2>&1 && git commit -q -m final &&
	(cd ../eve && git pull -q --no-rebase origin main >/dev/null 2>&1 &&
	 sed -e "s/INC-2026-0042/INC-2026-0601/" -e "1s/.*/# Postmortem: Eve draft/" "$FIXTURES/complete.md" >postmortems/2026/INC-2026-0601.md &&
	 git add -A && git commit -q -m "eve 601" && git push -q origin HEAD:main) &&
	test_must_fail git pull -q --no-rebase origin main >/dev/null 2>&1 &&
	pmgit renumber postmortems/INC-2026-0601.md >../out 2>../err &&
	test "$(cat ../out)" = "$PWD"/postmortems/2026/INC-2026-0602.md &&
	test_grep "^yours is Final and keeps INC-2026-0601 at postmortems/INC-2026-0601.md; the other branch.s postmortem is now INC-2026-0602, postmortems/2026/INC-2026-0602.md \(staged\): tell its author$" ../err &&
	test_grep "^# Postmortem: Eve draft$" postmortems/2026/INC-2026-0602.md &&
	test ! -e postmortems/2026/INC-2026-0601.md &&
	git commit -q --no-edit &&
	pmgit verify INC-2026-0601 >../out && test_grep "INC-2026-0601 +Final +P1 +ok" ../out &&
	git push -q origin HEAD:main
'

test_expect_success 'one ID at two paths, both Final: renumber refuses and says what it takes' '
	cd fay && sed -e "s/INC-2026-0042/INC-2026-0651/" "$FIXTURES/complete.md" >postmortems/INC-2026-0651.md &&
	git add -A && git commit -q -m "fay 651" && sign_all postmortems/INC-2026-0651.md >/dev/null 2>&1 &&
	git commit -q -m signed && pmgit finalize INC-2026-0651 >/dev/null 2>&1 && git commit -q -m final &&
	(cd ../eve && git pull -q --no-rebase origin main >/dev/null 2>&1 &&
	 sed -e "s/INC-2026-0042/INC-2026-0651/" -e "1s/.*/# Postmortem: Eve final/" "$FIXTURES/complete.md" >postmortems/2026/INC-2026-0651.md &&
	 git add -A && git commit -q -m "eve 651" && sign_all postmortems/2026/INC-2026-0651.md >/dev/null 2>&1 &&
	 git commit -q -m signed && pmgit finalize postmortems/2026/INC-2026-0651.md >/dev/null 2>&1 &&
	 git commit -q -m final && git push -q origin HEAD:main) &&
	test_must_fail git pull -q --no-rebase origin main >/dev/null 2>&1 &&
	test_expect_code 1 pmgit renumber INC-2026-0651 2>../err &&
	test_grep "both .postmortems/INC-2026-0651.md. and .postmortems/2026/INC-2026-0651.md. are Final, and a Final postmortem keeps the ID its sign-offs signed" ../err &&
	git merge --abort && git reset -q --hard origin/main
'

test_expect_success 'a draft removed here and signed there: the merge names the git rm that settles it' '
	eve_pushes 0701 &&
	cd fay && git pull -q --no-rebase origin main >/dev/null 2>&1 &&
	git rm -q postmortems/INC-2026-0701.md && git commit -q -m "not an incident after all" &&
	(cd ../eve && pmgit sign INC-2026-0701 --slot "SRE Lead" --key ../keys/alice --signer alice@example.com >/dev/null 2>&1 &&
	 git commit -q -m "eve signed" && git push -q origin HEAD:main) &&
	test_must_fail git pull -q --no-rebase origin main >../out 2>&1 &&
	test_grep "^postmortems/INC-2026-0701.signoffs/sre-lead.alice-example-com.yaml: error: sign-off record for .postmortems/INC-2026-0701.md., which does not exist; remove the record \(.git rm -f -- postmortems/INC-2026-0701.signoffs/sre-lead.alice-example-com.yaml.\) or add the postmortem \[orphan-record\]$" ../out &&
	git rm -q -f -- postmortems/INC-2026-0701.signoffs/sre-lead.alice-example-com.yaml &&
	git commit -q --no-edit && git push -q origin HEAD:main
'

# Postmortems started from one template are alike: a draft deleted and
# another added on one branch look to git like one file renamed, and git
# merges the other branch's edits of the deleted one into the new one.
test_expect_success 'a merge that takes one postmortem for another renamed is refused, with the merge that keeps them apart' '
	eve_pushes 0801 &&
	cd fay && git pull -q --no-rebase origin main >/dev/null 2>&1 &&
	finalized 0801 &&
	(cd ../eve && git rm -q postmortems/INC-2026-0801.md &&
	 sed -e "s/INC-2026-0042/INC-2026-0802/" -e "1s/.*/# Postmortem: Another incident/" "$FIXTURES/complete.md" >postmortems/INC-2026-0802.md &&
	 git add -A && git commit -q -m "801 was no incident; 802 is" && git push -q origin HEAD:main) &&
	test_must_fail git pull -q --no-rebase origin main >../out 2>&1 &&
	test_grep "^postmortems/INC-2026-0802.md: error: git took .postmortems/INC-2026-0802.md. for .postmortems/INC-2026-0801.md. renamed \(the other branch deleted that one and added this one, alike\) and merged this branch.s changes of the one into the other; keep the two apart: the other branch.s \(.git checkout MERGE_HEAD -- postmortems/INC-2026-0802.md.\) and yours back \(.git checkout HEAD -- postmortems/INC-2026-0801.md.\), then .git commit. \[merge-rename\]$" ../out &&
	test_no_grep "INC-2026-0802.md:[0-9]" ../out &&
	git checkout MERGE_HEAD -- postmortems/INC-2026-0802.md && git checkout HEAD -- postmortems/INC-2026-0801.md &&
	git commit -q --no-edit &&
	pmgit verify INC-2026-0801 >../out && test_grep "INC-2026-0801 +Final +P1 +ok" ../out &&
	git diff --quiet HEAD^2 HEAD -- postmortems/INC-2026-0802.md &&
	git push -q origin HEAD:main
'

# The mirror: this branch deleted a draft and added another; the other
# branch finalized the one deleted, whose edits git carries into the new
# one. Judged against HEAD alone, the merge deleted nothing.
test_expect_success 'and its mirror: a draft removed and another added here, the removed one made Final there' '
	eve_pushes 0811 &&
	cd fay && git pull -q --no-rebase origin main >/dev/null 2>&1 &&
	git rm -q postmortems/INC-2026-0811.md &&
	sed -e "s/INC-2026-0042/INC-2026-0812/" -e "1s/.*/# Postmortem: Yet another incident/" "$FIXTURES/complete.md" >postmortems/INC-2026-0812.md &&
	git add -A && git commit -q -m "811 was no incident; 812 is" &&
	(cd ../eve && finalized 0811 && git push -q origin HEAD:main) &&
	test_must_fail git pull -q --no-rebase origin main >../out 2>&1 &&
	test_grep "^postmortems/INC-2026-0812.md: error: git took .postmortems/INC-2026-0812.md. for .postmortems/INC-2026-0811.md. renamed \(this branch deleted that one and added this one, alike\) and merged the other branch.s changes of the one into this one; keep the two apart: yours back \(.git checkout HEAD -- postmortems/INC-2026-0812.md.\), then .git commit. \[merge-rename\]$" ../out &&
	test_grep "^postmortems/INC-2026-0811.md: error: .postmortems/INC-2026-0811.md. is Final on the branch merged in, and the merge deletes it; keep it \(.git checkout MERGE_HEAD -- postmortems/INC-2026-0811.md.\) \[frozen\]$" ../out &&
	test_no_grep "INC-2026-0812.md:[0-9]" ../out &&
	git checkout HEAD -- postmortems/INC-2026-0812.md &&
	git checkout MERGE_HEAD -- postmortems/INC-2026-0811.md postmortems/INC-2026-0811.signoffs &&
	git commit -q --no-edit &&
	pmgit verify INC-2026-0811 >../out && test_grep "INC-2026-0811 +Final +P1 +ok" ../out &&
	git diff --quiet HEAD^1 HEAD -- postmortems/INC-2026-0812.md &&
	git push -q origin HEAD:main
'

test_expect_success 'a Final postmortem the merge deletes, as this branch removed it while a draft, is refused' '
	eve_pushes 0821 Draft &&
	cd fay && git pull -q --no-rebase origin main >/dev/null 2>&1 &&
	git rm -q postmortems/INC-2026-0821.md && git commit -q -m "821 was no incident" &&
	(cd ../eve && sed -i "s/^\*\*Status\*\*: .*/**Status**: In Review/" postmortems/INC-2026-0821.md &&
	 git commit -q -a -m "for review" && finalized 0821 && git push -q origin HEAD:main) &&
	test_must_fail git pull -q --no-rebase origin main >../out 2>&1 &&
	test_grep "CONFLICT \(modify/delete\)" ../out &&
	git rm -q postmortems/INC-2026-0821.md &&
	test_must_fail git commit -q --no-edit 2>../err &&
	test_grep "^postmortems/INC-2026-0821.md: error: .postmortems/INC-2026-0821.md. is Final on the branch merged in, and the merge deletes it; keep it \(.git checkout MERGE_HEAD -- postmortems/INC-2026-0821.md.\) \[frozen\]$" ../err &&
	git checkout MERGE_HEAD -- postmortems/INC-2026-0821.md postmortems/INC-2026-0821.signoffs &&
	git commit -q --no-edit && git push -q origin HEAD:main
'

# Both: the other branch removed a draft and added another under an ID
# this branch took too, while this branch made the removed one Final. git
# takes the added one for the removed one renamed, merges this branch's
# finalizing into it and collides it with this branch's own ("rename
# involved in collision"): a side of that conflict is neither branch's.
test_expect_success 'renumber in a rename collision keeps the other branch.s postmortem as that branch has it' '
	eve_pushes 0831 &&
	cd fay && git pull -q --no-rebase origin main >/dev/null 2>&1 &&
	finalized 0831 &&
	sed -e "s/INC-2026-0042/INC-2026-0832/" -e "1s/.*/# Postmortem: Fay.s own/" "$FIXTURES/complete.md" >postmortems/INC-2026-0832.md &&
	git add -A && git commit -q -m "fay 832" &&
	(cd ../eve && git rm -q postmortems/INC-2026-0831.md &&
	 sed -e "s/INC-2026-0042/INC-2026-0832/" -e "1s/.*/# Postmortem: Eve.s own/" "$FIXTURES/complete.md" >postmortems/INC-2026-0832.md &&
	 git add -A && git commit -q -m "831 was no incident; 832 is" && git push -q origin HEAD:main) &&
	test_must_fail git pull -q --no-rebase origin main >../out 2>&1 &&
	test_grep "CONFLICT \(add/add\): Merge conflict in postmortems/INC-2026-0832.md" ../out &&
	pmgit renumber INC-2026-0832 >../out 2>&1 &&
	git diff --quiet MERGE_HEAD -- postmortems/INC-2026-0832.md &&
	test_grep "^# Postmortem: Fay.s own$" postmortems/INC-2026-0833.md &&
	test_grep "^\*\*Status\*\*: In Review$" postmortems/INC-2026-0833.md &&
	test_must_fail git commit -q --no-edit 2>../err &&
	test_grep "^postmortems/INC-2026-0831.md: error: .postmortems/INC-2026-0831.md. is Final and cannot be deleted or renamed; restore it \(.git checkout HEAD -- postmortems/INC-2026-0831.md.\)" ../err &&
	test_no_grep "INC-2026-0832" ../err &&
	git checkout HEAD -- postmortems/INC-2026-0831.md postmortems/INC-2026-0831.signoffs &&
	git commit -q --no-edit && git push -q origin HEAD:main
'

test_expect_success 'drafts filed by year there and one edited here: the merge follows the move, no rename taken for another' '
	eve_pushes 0841 && eve_pushes 0842 &&
	(cd eve && sed -i "1s/.*/# Postmortem: The other draft/" postmortems/INC-2026-0842.md &&
	 git commit -q -a -m retitled && git push -q origin HEAD:main) &&
	cd fay && git pull -q --no-rebase origin main >/dev/null 2>&1 &&
	sed -i "s/^On 10 February/On Tuesday 10 February/" postmortems/INC-2026-0841.md &&
	git commit -q -a -m "fay edits 841" &&
	(cd ../eve && mkdir -p postmortems/2026 &&
	 git mv postmortems/INC-2026-0841.md postmortems/INC-2026-0842.md postmortems/2026/ &&
	 git commit -q -m "filed by year" && git push -q origin HEAD:main) &&
	git pull -q --no-rebase origin main >../out 2>&1 &&
	test_no_grep "merge-rename" ../out &&
	test_grep "^On Tuesday 10 February" postmortems/2026/INC-2026-0841.md &&
	test ! -e postmortems/INC-2026-0841.md &&
	git push -q origin HEAD:main
'

test_expect_success 'a draft renumbered there and edited here: the merge follows the renumbering' '
	eve_pushes 0901 &&
	cd fay && git pull -q --no-rebase origin main >/dev/null 2>&1 &&
	sed -i "s/^On 10 February/On Tuesday 10 February/" postmortems/INC-2026-0901.md &&
	git commit -q -a -m "fay edits 901" &&
	(cd ../eve && pmgit renumber postmortems/INC-2026-0901.md >../out 2>/dev/null && git commit -q -m renumbered &&
	 git push -q origin HEAD:main) &&
	new=$(basename "$(head -n 1 ../out)") &&
	git pull -q --no-rebase origin main >../out 2>&1 &&
	test ! -e postmortems/INC-2026-0901.md &&
	test_grep "^On Tuesday 10 February" "postmortems/$new" &&
	test_grep "^\*\*Incident ID\*\*: ${new%.md}$" "postmortems/$new" &&
	git push -q origin HEAD:main
'

# Two admins adding teammates on two branches both append to the keyring.
test_expect_success 'a keyring left in conflict is named as one, not as a YAML slip' '
	cd dana && git checkout -q -b add-pat && make_key pat && make_key quinn &&
	pmgit keyring add pat@example.com --key ../keys/pat.pub --slot "Product Manager" >/dev/null 2>&1 &&
	git commit -q -m pat && git checkout -q -b add-quinn HEAD~1 &&
	pmgit keyring add quinn@example.com --key ../keys/quinn.pub --slot "Product Manager" >/dev/null 2>&1 &&
	git commit -q -m quinn && test_must_fail git merge -q add-pat >/dev/null 2>&1 &&
	test_expect_code 3 pmgit keyring list 2>../err &&
	test_grep "^error: .pmgit/keyring.yaml:[0-9]+:1: a merge conflict: git.s .<<<<<<<., .=======. and .>>>>>>>. lines stand around two versions of this part" ../err &&
	test_no_grep "neither .key: value." ../err &&
	git merge --abort
'

# One draft renumbered apart on two branches (two authors each met a clash):
# git's rename/rename conflict writes both files with eight-character
# markers, which pmgit must read as a conflict, not as text.
test_expect_success 'a draft renumbered apart on two branches: the rename conflict is named as a conflict' '
	new_repo apart && cd apart &&
	sed -e "s/INC-2026-0042/INC-2026-0861/" "$FIXTURES/complete.md" >postmortems/INC-2026-0861.md &&
	git add -A && git commit -q -m review &&
	for to in 0862 0863; do
		git checkout -q -b to$to main 2>/dev/null || git checkout -q -b to$to master &&
		git mv postmortems/INC-2026-0861.md postmortems/INC-2026-$to.md &&
		sed -i "s/INC-2026-0861/INC-2026-$to/" postmortems/INC-2026-$to.md &&
		git commit -q -a -m "renumbered to $to" || return 1
	done &&
	test_must_fail git merge -q to0862 >../out 2>&1 && test_grep "CONFLICT \(rename/rename\)" ../out &&
	grep -q "^<<<<<<<< HEAD:postmortems/INC-2026-0863.md$" postmortems/INC-2026-0863.md &&
	test_expect_code 1 pmgit check postmortems/INC-2026-0863.md >../out 2>&1 &&
	test_grep "^postmortems/INC-2026-0863.md:3:1: error: an unresolved merge conflict, lines 3-[0-9]+: .*\[conflict\]$" ../out &&
	test_no_grep "\[id-format\]|\[header\]" ../out &&
	git merge --abort
'

# One reviewer who signed two versions on two branches: one record file, in conflict.
test_expect_success 'a sign-off record left in conflict says to keep one side or sign again' '
	new_repo twice && cd twice && add_signers >/dev/null 2>&1 &&
	cp "$FIXTURES/complete.md" postmortems/INC-2026-0042.md && git add -A && git commit -q -m review &&
	git checkout -q -b one && sed -i "s/^On 10 February/On Feb 10/" postmortems/INC-2026-0042.md &&
	git commit -q -a -m one && pmgit sign INC-2026-0042 --slot "SRE Lead" --key ../keys/alice \
		--signer alice@example.com >/dev/null 2>&1 && git commit -q -m "signed one" &&
	git checkout -q -b two HEAD~2 && sed -i "s/checkout attempts failed/checkouts failed/" postmortems/INC-2026-0042.md &&
	git commit -q -a -m two && pmgit sign INC-2026-0042 --slot "SRE Lead" --key ../keys/alice \
		--signer alice@example.com >/dev/null 2>&1 && git commit -q -m "signed two" &&
	test_must_fail git merge -q one >../out 2>&1 && test_grep "CONFLICT.*sre-lead.alice-example-com.yaml" ../out &&
	test_expect_code 1 pmgit verify INC-2026-0042 >../out 2>&1 &&
	test_grep "invalid: .*sre-lead.alice-example-com.yaml:[0-9]+:1: a merge conflict between two sign-offs in one record; a record is signed as a whole, so keep one side \(.git checkout --theirs -- postmortems/INC-2026-0042.signoffs/sre-lead.alice-example-com.yaml., or --ours\) or sign the merged postmortem again" ../out &&
	git merge --abort
'

test_done
