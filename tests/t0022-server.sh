#!/bin/sh
# The server: pre-receive in a bare repository rejects what --no-verify let
# through, nothing of a rejected push lands, and verify --history finds it.
. "$(dirname "$0")/lib.sh"

DOC=postmortems/INC-2026-0042.md

git init -q --bare server.git
(cd server.git && pmgit hooks install --server) >/dev/null
git clone -q server.git client 2>/dev/null
(
	cd client && pmgit init >/dev/null && git commit -q -m setup &&
	cp "$FIXTURES/complete.md" $DOC && git add -A && git commit -q -m "INC-2026-0042" &&
	git push -q origin main
) 2>/dev/null

test_expect_success 'hooks install --server writes pre-receive in the bare repository' '
	test -x server.git/hooks/pre-receive && test ! -e server.git/hooks/pre-commit &&
	test "$(git -C server.git rev-parse main)" = "$(git -C client rev-parse main)"
'

test_expect_success 'a commit made with --no-verify that breaks the rules is rejected on push' '
	cd client && pmgit new --date 2026-02-11 >/dev/null &&
	sed -i "s/^\*\*Status\*\*: Draft/**Status**: In Review/" postmortems/INC-2026-0043.md &&
	git add postmortems && git commit -q --no-verify -m "skip the hook" &&
	git rev-parse HEAD >../bad &&
	git rev-parse origin/main >../before &&
	test_must_fail git push origin main 2>../err &&
	test_grep "^remote: commit $(cat ../bad) Priya Raman <priya@example.com> *$" ../err &&
	test_grep "^remote:   postmortems/INC-2026-0043.md:[0-9]+:[0-9]+: error: unfilled placeholder" ../err &&
	test_grep "^remote: pmgit: push rejected.*; fix them, then amend commit $(cut -c1-7 ../bad), the last one pushed \(.git commit --amend.\), and push again *$" ../err &&
	test_grep "pre-receive hook declined" ../err
'

test_expect_success 'a pre-receive hook the server had runs first with the same input; pmgit still judges' '
	git init -q --bare kept.git &&
	printf "#!/bin/sh\ncat >>received\necho theirs-ran\n" >kept.git/hooks/pre-receive &&
	chmod +x kept.git/hooks/pre-receive &&
	(cd kept.git && pmgit hooks install --server --force) >out &&
	test_grep "pre-receive.pmgit-saved; pmgit.s hook runs it first" out &&
	cd client && git push -q ../kept.git origin/main:refs/heads/main 2>../err &&
	test_grep "^remote: theirs-ran" ../err &&
	test "$(cut -d" " -f2 ../kept.git/received)" = "$(git rev-parse origin/main)" &&
	test_must_fail git push ../kept.git HEAD:refs/heads/main 2>../err &&
	test_grep "^remote: theirs-ran" ../err &&
	test_grep "^remote: pmgit: push rejected" ../err &&
	test "$(wc -l <../kept.git/received)" = 2 &&
	test "$(git -C ../kept.git rev-parse main)" = "$(git rev-parse origin/main)"
'

test_expect_success 'a server hook that runs each script of pre-receive.d (as Gitea writes) gets pmgit there, which judges' '
	git init -q --bare gitea.git && mkdir gitea.git/hooks/pre-receive.d &&
	cat >gitea.git/hooks/pre-receive <<-\EOF &&
	#!/bin/sh
	# runs each hook in pre-receive.d with the same input, as Gitea does
	data=$(cat)
	for hook in "$(dirname "$0")"/pre-receive.d/*; do
		[ -x "$hook" ] || continue
		printf "%s\n" "$data" | "$hook" || exit
	done
	EOF
	chmod +x gitea.git/hooks/pre-receive && cp gitea.git/hooks/pre-receive theirs &&
	(cd gitea.git && pmgit hooks install --server) >out &&
	test_grep "^the pre-receive hook there runs each script in pre-receive.d/, as Gitea.s and GitLab.s do: pmgit.s goes there$" out &&
	test_grep "^installed pre-receive hook: .*/gitea.git/hooks/pre-receive.d/pmgit$" out &&
	test_cmp theirs gitea.git/hooks/pre-receive &&
	cd client && git push -q ../gitea.git origin/main:refs/heads/main 2>../err &&
	test_must_fail git push ../gitea.git HEAD:refs/heads/main 2>../err &&
	test_grep "^remote: pmgit: push rejected" ../err &&
	test "$(git -C ../gitea.git rev-parse main)" = "$(git rev-parse origin/main)" &&
	cd ../gitea.git && pmgit hooks uninstall --server >../out && cd .. &&
	test_grep "^removed pre-receive hook: .*/pre-receive.d/pmgit$" out &&
	test ! -e gitea.git/hooks/pre-receive.d/pmgit && test_cmp theirs gitea.git/hooks/pre-receive
'

test_expect_success 'hooks shared by every repository of a forge (a hooks link out of the repository) are not changed' '
	git init -q --bare shared.git && mv gitea.git/hooks forge-hooks && rm -rf shared.git/hooks &&
	ln -s "$TRASH/forge-hooks" shared.git/hooks &&
	(cd shared.git && test_expect_code 3 pmgit hooks install --server) >out 2>err &&
	test_grep "^error: .*/pre-receive. exists and was not written by pmgit" err &&
	test_no_grep "pre-receive.d" out && test ! -e forge-hooks/pre-receive.d/pmgit
'

test_expect_success 'nothing of the rejected push lands on the server' '
	test "$(git -C server.git rev-parse main)" = "$(cat before)" &&
	test_must_fail git -C server.git cat-file -e "$(cat bad)" 2>/dev/null
'

test_expect_success 'verify --history in the client names that commit, author, path and rule' '
	cd client && test_expect_code 1 pmgit verify --history >out &&
	test_grep "^commit $(cat ../bad) Priya Raman <priya@example.com>$" out &&
	test_grep "^  postmortems/INC-2026-0043.md:[0-9]+:[0-9]+: error: .*\[placeholder\]$" out &&
	test_grep "^[0-9]+ commits audited: 1 broke the rules$" out &&
	pmgit verify --history --format json >out.json || true &&
	python3 -c "
import json; d=json.load(open(\"out.json\"))
assert d[\"rejected_commits\"]==1
v=[x for x in d[\"violations\"] if x[\"severity\"]==\"error\"]
assert {x[\"commit\"] for x in v}=={open(\"../bad\").read().strip()}
assert all(x[\"author\"]==\"Priya Raman <priya@example.com>\" for x in v)
assert any(x[\"rule\"]==\"placeholder\" and x[\"path\"]==\"postmortems/INC-2026-0043.md\" for x in v)
"
'

test_expect_success 'a problem a merge brings in is reported once, though judged against both parents' '
	git clone -q server.git merger 2>/dev/null && cd merger &&
	git checkout -q -b side && echo a >a && git add a && git commit -q -m side &&
	git checkout -q main && echo b >b && git add b && git commit -q -m main &&
	git merge -q --no-commit side 2>/dev/null; pmgit new --date 2026-02-11 >/dev/null &&
	sed -i "s/^\*\*Status\*\*: Draft/**Status**: In Review/" postmortems/INC-2026-0043.md &&
	git add -A && git commit -q --no-verify -m merge &&
	test_expect_code 1 pmgit verify --history HEAD~1..HEAD >out &&
	test_grep "^2 commits audited: 1 broke the rules$" out &&
	test "$(grep -c "INC-2026-0043.md:[0-9:]*: error: unfilled placeholder .\[Names\]" out)" = 1
'

test_expect_success 'verify --history takes a range' '
	cd client && pmgit verify --history origin/main >out &&
	test_grep "^[0-9]+ commits audited: 0 broke the rules$" out &&
	test_expect_code 1 pmgit verify --history origin/main..HEAD >out &&
	test_grep "^1 commit audited: 1 broke the rules$" out
'

test_expect_success 'the client pre-push hook rejects it before it leaves' '
	cd client && pmgit hooks install >/dev/null &&
	test_must_fail git push origin main 2>../err &&
	test_grep "^commit $(cat ../bad)" ../err &&
	test_no_grep "^remote:" ../err &&
	git reset -q --hard origin/main && rm -f .git/hooks/pre-push
'

test_expect_success 'a good push is accepted' '
	cd client && pmgit new --date 2026-02-12 >/dev/null && git add postmortems &&
	git commit -q -m "a draft" && git push -q origin main 2>../err &&
	test "$(git -C ../server.git rev-parse main)" = "$(git rev-parse HEAD)"
'

test_expect_success 'tags of a tree, a blob and a commit are accepted: a tree or blob carries no history' '
	cd client &&
	git tag tree-tag "$(git rev-parse HEAD^{tree})" && git tag blob-tag "$(git rev-parse HEAD:$DOC)" &&
	git tag -a -m "release" release-tag HEAD &&
	git push -q origin tree-tag blob-tag release-tag 2>../err &&
	test "$(git -C ../server.git rev-parse tree-tag)" = "$(git rev-parse HEAD^{tree})" &&
	test "$(git -C ../server.git rev-parse release-tag^{commit})" = "$(git rev-parse HEAD)"
'

test_expect_success 'a duplicate incident ID pushed from a second branch is rejected' '
	git clone -q server.git other 2>/dev/null &&
	(cd other && git checkout -q -b feature-a &&
	 pmgit new --date 2026-03-01 --title "Queue backlog" >/dev/null && git add postmortems &&
	 git commit -q -m "Queue backlog" && git push -q origin feature-a 2>/dev/null) &&
	cd client && git checkout -q -b feature-b &&
	pmgit new --date 2026-03-01 --title "DNS outage" >path && git add postmortems &&
	test "$(basename "$(cat path)")" = INC-2026-0044.md && test -f ../other/postmortems/INC-2026-0044.md &&
	git commit -q -m "DNS outage" &&
	test_must_fail git push origin feature-b 2>../err &&
	test_grep "^remote:   postmortems/INC-2026-0044.md: error: .postmortems/INC-2026-0044.md. already exists on .refs/heads/feature-a., made by another change.*\[duplicate-id\] *$" ../err &&
	test_must_fail git -C ../server.git rev-parse --verify -q feature-b
'

test_expect_success 'after fetching, pmgit new picks the next free ID and the push goes through' '
	cd client && git reset -q --hard HEAD^ && git fetch -q origin &&
	pmgit new --date 2026-03-01 --title "DNS outage" >path &&
	test "$(basename "$(cat path)")" = INC-2026-0045.md &&
	git add postmortems && git commit -q -m "DNS outage" && git push -q origin feature-b 2>/dev/null
'

test_expect_success 'verify, status and actions read HEAD in a bare mirror, and --explain runs there' '
	cd server.git && pmgit verify >../out 2>../err &&
	test_grep "^note: a bare repository: reading the files of HEAD \([0-9a-f]{12}\)$" ../err &&
	test_grep "^postmortems/INC-2026-0042.md +INC-2026-0042 " ../out &&
	pmgit status >../out 2>/dev/null && test_grep "^INC-2026-0042 +In Review" ../out &&
	pmgit actions >../out 2>/dev/null && test_grep "^INC-2026-0042 " ../out &&
	pmgit verify --explain ./postmortems/INC-2026-0042.md >../out 2>/dev/null &&
	cmd=$(grep "^git show" ../out) && h=$(eval "$cmd" | cut -d" " -f1) &&
	test_grep "^# postmortems/INC-2026-0042.md: the document hash \($h\)$" ../out &&
	test_expect_code 2 pmgit verify ../client/$DOC 2>../err &&
	test_grep "this repository is bare; name files by their path in it" ../err
'

test_expect_success 'check reads HEAD in a bare mirror too, a directory and a file alike' '
	cd server.git && pmgit check --now 2026-02-15 >../out 2>/dev/null &&
	test_grep "^2 postmortems checked: 0 errors, [0-9]+ warnings$" ../out &&
	pmgit check --now 2026-02-15 postmortems >../out 2>/dev/null &&
	test_grep "^2 postmortems checked: 0 errors" ../out &&
	pmgit check --now 2026-02-15 $DOC >../out 2>/dev/null &&
	test_grep "^1 postmortem checked: 0 errors" ../out
'

test_expect_success 'verify --history refuses a shallow clone instead of auditing part of it' '
	git clone -q --depth 1 "file://$TRASH/server.git" shallow 2>/dev/null &&
	cd shallow && test_expect_code 3 pmgit verify --history >out 2>err &&
	test_grep "shallow clone.*git fetch --unshallow.; in CI, check out with the whole history: GitHub.s actions/checkout with .fetch-depth: 0." err && test_no_grep "audited" out &&
	git fetch -q --unshallow && pmgit verify --history >out &&
	test_grep "^[0-9]+ commits audited: 0 broke the rules$" out
'

test_expect_success 'in a shallow clone pre-push judges the new commits and lets good ones through' '
	git clone -q --depth 1 "file://$TRASH/server.git" shallow-push 2>/dev/null &&
	cd shallow-push && pmgit hooks install >/dev/null &&
	new=$(pmgit new --date 2026-02-14) &&
	sed -i "s/^\*\*Status\*\*: Draft/**Status**: In Review/" "$new" &&
	git add postmortems && git commit -q --no-verify -m "skip the hook" &&
	test_must_fail git push origin HEAD:shallow 2>../err &&
	test_grep "^commit $(git rev-parse HEAD)" ../err && test_grep "\[placeholder\]" ../err &&
	test_no_grep "^remote:" ../err &&
	git tag -a bad-tag -m "an annotated tag of it" &&
	test_must_fail git push origin bad-tag 2>../err &&
	test_grep "^commit $(git rev-parse HEAD)" ../err && test_no_grep "^remote:" ../err &&
	git tag -d bad-tag >/dev/null && git reset -q --hard HEAD^ &&
	git commit -q --allow-empty -m "nothing guarded" && git push -q origin HEAD:shallow 2>../err &&
	test "$(git -C ../server.git rev-parse shallow)" = "$(git rev-parse HEAD)"
'

test_expect_success 'in a partial clone the audit names the fetch it needs; it blames no commit' '
	new_repo edited && cd edited && git config uploadpack.allowFilter true &&
	cp "$FIXTURES/complete.md" $DOC && git add -A && git commit -q -m "in review" &&
	sed -i "s/^On 10 February/On February 10/" $DOC && git commit -q -a -m "reworded" &&
	cd .. && git clone -q --filter=blob:none "file://$TRASH/edited" partial 2>/dev/null &&
	cd partial && test_expect_code 3 pmgit verify --history >out 2>err &&
	test_grep "partial clone.*git config --unset remote.origin.partialclonefilter && git fetch --refetch origin" err &&
	test_no_grep "audited|broke" out &&
	test_expect_code 3 pmgit verify --rev HEAD^ >/dev/null 2>err &&
	test_grep "cannot read .$DOC. \(object [0-9a-f]{12}\): this is a partial clone" err &&
	git config --unset remote.origin.partialclonefilter && git fetch -q --refetch origin &&
	pmgit verify --history >out && test_grep "^3 commits audited: 0 broke the rules$" out
'

test_expect_success 'a file object missing from a full clone fails the audit with git fsck named' '
	git clone -q --no-local edited holed-blob 2>/dev/null && cd holed-blob &&
	blob=$(git rev-parse HEAD^:$DOC) &&
	mv .git/objects/pack/*.pack pack && rm -f .git/objects/pack/* &&
	git unpack-objects -q <pack && rm pack &&
	rm ".git/objects/$(echo $blob | cut -c1-2)/$(echo $blob | cut -c3-)" &&
	test_expect_code 3 pmgit verify --history >out 2>err &&
	test_grep "object $blob is missing from the repository \(.git fsck" err &&
	test_no_grep "audited|broke" out
'

test_expect_success 'a commit the audit cannot read fails it; it is not where history ends' '
	git clone -q --no-local server.git holed 2>/dev/null && cd holed &&
	git -c core.hooksPath=/dev/null commit -q --allow-empty -m one &&
	git -c core.hooksPath=/dev/null commit -q --allow-empty -m two &&
	mid=$(git rev-parse HEAD^) && rm -f ".git/objects/$(echo $mid | cut -c1-2)/$(echo $mid | cut -c3-)" &&
	test_expect_code 3 pmgit verify --history >out 2>err &&
	test_grep "cannot (walk the history|read commit)" err && test_no_grep "audited" out
'

test_expect_success 'the audit judges a Date against the day of its commit, as the hook did then' '
	new_repo dated && cd dated &&
	cp "$FIXTURES/complete.md" postmortems/INC-2026-0042.md && git add -A &&
	GIT_COMMITTER_DATE="2026-01-20T12:00:00Z" GIT_AUTHOR_DATE="2026-01-20T12:00:00Z" \
		git -c core.hooksPath=/dev/null commit -q -m "dated ahead" &&
	test_expect_code 1 pmgit verify --history >out &&
	test_grep "postmortems/INC-2026-0042\.md:4:[0-9]+: error: Date .2026-02-10. is after the day it was committed \(2026-01-20\); an incident is dated the day it happened \[date\]" out &&
	git commit -q --amend --no-edit --no-verify &&
	pmgit verify --history >out && test_no_grep "\[date\]" out
'

test_expect_success 'rewriting history cannot unfreeze a Final postmortem' '
	cd client && git checkout -q main &&
	finalize_by_hand() {
		sed -i -e "s/^\*\*Status\*\*: In Review/**Status**: Final/" -e "/\[Name\]\|\[Date\]/d" $DOC &&
		printf "version: 1\nsignoffs: []\n" >.pmgit/config.yaml
	} &&
	finalize_by_hand && git add -A && git commit -q -m "final (no sign-offs required)" &&
	git push -q origin main 2>../err &&
	git reset -q --hard HEAD^ && sed -i "s/^On 10 February/On February 10/" $DOC &&
	finalize_by_hand && git add -A && git commit -q --no-verify -m "rewritten" &&
	test_must_fail git push -f origin main 2>../err &&
	test_grep "is Final and cannot change" ../err &&
	test_grep "\[remote rejected\] main -> main" ../err
'

# git replace makes git show one object as another: a postmortem's blob
# replaced would read, in git show, git log -p and a forge's web pages,
# other than what was signed, while pmgit (libgit2) reads the stored one.
test_expect_success 'a replace ref (git replace) is not pushed: git would show a Final postmortem other than the one signed' '
	cd client && git checkout -q main &&
	orig=$(git rev-parse main:$DOC) &&
	forged=$({ cat $DOC; echo "Approved by the board."; } | git hash-object -w --stdin) &&
	git replace $orig $forged &&
	git show main:$DOC | grep -q "^Approved by the board" &&
	test_must_fail git push origin "refs/replace/*" 2>../err &&
	test_grep "^remote: refs/replace/$orig: error: git replace makes git show object $(echo $orig | cut -c1-12) as $(echo $forged | cut -c1-12)" ../err &&
	test_grep "\[replace-ref\]" ../err &&
	test -z "$(git -C ../server.git for-each-ref refs/replace)" &&
	pmgit hooks install >/dev/null &&
	test_must_fail git push origin "refs/replace/*" 2>../err &&
	test_grep "^refs/replace/$orig: error: git replace makes git show" ../err &&
	test_no_grep "^remote:" ../err &&
	pmgit hooks uninstall >/dev/null
'

test_expect_success 'verify warns of replace refs: git shows other objects than the ones it verified' '
	cd client &&
	pmgit verify --rev main >out 2>err &&
	test_grep "^warning: refs/replace/$(git for-each-ref --format="%(refname:lstrip=2)" refs/replace) makes git show object" err &&
	test_grep "GIT_NO_REPLACE_OBJECTS=1" err &&
	pmgit verify --history >out 2>err && test_grep "^warning: refs/replace/" err &&
	git replace -d $(git rev-parse main:$DOC) &&
	pmgit verify --rev main >out 2>err && test_no_grep "refs/replace" err
'

test_expect_success 'a replace ref the server already had may be deleted' '
	cd client &&
	orig=$(git rev-parse main:$DOC) &&
	git -C ../server.git update-ref refs/replace/$orig $(echo forged | git -C ../server.git hash-object -w --stdin) &&
	git push -q origin :refs/replace/$orig 2>../err &&
	test -z "$(git -C ../server.git for-each-ref refs/replace)"
'

test_expect_success 'the client hooks read HEAD as stored when a replace ref says otherwise' '
	cd client && pmgit hooks install >/dev/null &&
	edited=$({ cat $DOC; echo "Approved by the board."; } | git hash-object -w --stdin) &&
	GIT_INDEX_FILE=../fake-index git read-tree HEAD &&
	GIT_INDEX_FILE=../fake-index git update-index --cacheinfo 100644,$edited,$DOC &&
	fake=$(git commit-tree $(GIT_INDEX_FILE=../fake-index git write-tree) -p HEAD^ -m fake) &&
	git replace HEAD $fake &&
	echo "Approved by the board." >>$DOC && git add $DOC &&
	test_must_fail git commit -q --allow-empty -m "edit a Final postmortem" 2>../err &&
	test_grep "is Final and cannot change" ../err &&
	git replace -d HEAD && git checkout -q HEAD -- $DOC && pmgit hooks uninstall >/dev/null &&
	git status --porcelain --untracked-files=no >../st && test ! -s ../st
'

# On macOS and Windows, git checks 'Postmortems/x' and 'postmortems/x' out
# into one directory: files there nobody judged would pass for postmortems
# and records, and a '.PMGIT/keyring.yaml' for the keyring.
test_expect_success 'a directory named like the postmortem directory or .pmgit but for case is refused on push' '
	cd client && rm -f out err && git checkout -q -b case origin/main &&
	mkdir -p Postmortems && cp $DOC Postmortems/ && git add Postmortems &&
	git commit -q --no-verify -m "case variant" &&
	test_must_fail git push origin case 2>../err &&
	test_grep "^remote:   Postmortems: error: .Postmortems. differs from .postmortems. only in case .* \[file\]" ../err &&
	git reset -q --hard origin/main && mkdir -p .PMGIT && cp .pmgit/keyring.yaml .PMGIT/ && git add .PMGIT &&
	git commit -q --no-verify -m "keyring variant" &&
	test_must_fail git push origin case 2>../err &&
	test_grep "^remote:   \.PMGIT: error: .\.PMGIT. differs from .\.pmgit. only in case" ../err &&
	pmgit hooks install >/dev/null && test_must_fail git push origin case 2>../err &&
	test_grep "^  \.PMGIT: error: .\.PMGIT. differs from .\.pmgit. only in case" ../err &&
	pmgit hooks uninstall >/dev/null &&
	pmgit verify --history origin/main..case >../out 2>&1; test $? = 1 && test_grep "\.PMGIT. differs" ../out &&
	pmgit verify --rev case >../out 2>../err && test_grep "^warning: .\.PMGIT. differs from .\.pmgit. only in case" ../err &&
	git reset -q --hard origin/main && zwnj=$(printf "\342\200\214") && mkdir -p "post${zwnj}mortems" &&
	cp $DOC "post${zwnj}mortems/" && git add -A && git commit -q --no-verify -m "a name HFS+ folds" &&
	test_must_fail git push origin case 2>../err && test_grep "post.u200cmortems: error: .post.u200cmortems. differs from .postmortems." ../err &&
	git reset -q --hard origin/main && sed "s/^On /In fact, on /" $DOC >postmortems/INC-2026-0042.MD &&
	git add -A && git commit -q --no-verify -m "another text beside the Final one" &&
	test_must_fail git push origin case 2>../err &&
	test_grep "^remote:   postmortems/INC-2026-0042.MD: error: .postmortems/INC-2026-0042.MD. and .postmortems/INC-2026-0042.md. differ only in case" ../err &&
	pmgit verify --rev case >../out 2>../err &&
	test_grep "^warning: .postmortems/INC-2026-0042.MD. and .postmortems/INC-2026-0042.md. differ only in case" ../err &&
	git reset -q --hard origin/main && cp .pmgit/keyring.yaml .pmgit/keyring.yaml. &&
	git add -A && git commit -q --no-verify -m "a keyring Windows writes last" &&
	test_must_fail git push origin case 2>../err &&
	test_grep "^remote:   \.pmgit/keyring.yaml\.: error: .\.pmgit/keyring.yaml\.. and .\.pmgit/keyring.yaml. differ only in case" ../err &&
	git checkout -q main && git branch -q -D case
'

test_done
