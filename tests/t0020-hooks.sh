#!/bin/sh
# The pre-commit hook, as git runs it: the staged content decides.
. "$(dirname "$0")/lib.sh"

DOC=postmortems/INC-2026-0042.md
new_repo repo

test_expect_success 'hooks install writes executable pre-commit, pre-merge-commit and pre-push shims' '
	cd repo && pmgit hooks install >out &&
	test -x .git/hooks/pre-commit && test -x .git/hooks/pre-push &&
	test_grep "^exec .*pmgit. hook pre-merge-commit" .git/hooks/pre-merge-commit &&
	test ! -e .git/hooks/pre-receive &&
	test_grep "^exec .*pmgit. hook pre-commit --raw .* <<PMGIT_STAGED$" .git/hooks/pre-commit &&
	test_grep "installed by .pmgit hooks install" .git/hooks/pre-commit &&
	pmgit hooks install >out && test_grep "pre-commit hook is up to date" out
'

test_expect_success 'hooks install never replaces a hook it did not write, unless --force' '
	git init -q other && cd other &&
	printf "#!/bin/sh\necho mine\n" >.git/hooks/pre-commit && chmod +x .git/hooks/pre-commit &&
	test_expect_code 3 pmgit hooks install 2>err &&
	test_grep "exists and was not written by pmgit" err &&
	test_grep "echo mine" .git/hooks/pre-commit &&
	pmgit hooks install --force >out &&
	test_grep "moved your pre-commit hook to .*pre-commit.pmgit-saved" out &&
	test_grep "echo mine" .git/hooks/pre-commit.pmgit-saved &&
	test_grep "pmgit.? hook pre-commit" .git/hooks/pre-commit
'

test_expect_success 'the hook moved aside runs first, and stops the commit or push when it fails' '
	cd other && git config user.name "T" && git config user.email t@example.com &&
	pmgit init >/dev/null && git commit -q -m setup 2>err &&
	test_grep "^mine$" err &&
	printf "#!/bin/sh\necho theirs-ran >&2\nexit 7\n" >.git/hooks/pre-commit.pmgit-saved &&
	echo x >README && git add README &&
	test_expect_code 1 git commit -q -m blocked 2>err &&
	test_grep "^theirs-ran$" err &&
	printf "#!/bin/sh\necho theirs-ran >&2\n" >.git/hooks/pre-commit.pmgit-saved &&
	pmgit new --date 2026-03-01 >/dev/null &&
	sed -i "s/^\*\*Status\*\*: Draft/**Status**: In Review/" postmortems/INC-2026-0001.md &&
	git add -A && test_must_fail git commit -q -m "in review" 2>err &&
	test_grep "^theirs-ran$" err && test_grep "error: unfilled placeholder" err &&
	git reset -q --hard &&
	git init -q --bare ../other-server.git &&
	printf "#!/bin/sh\ncat >../pushed-lines\n" >.git/hooks/pre-push &&
	chmod +x .git/hooks/pre-push && pmgit hooks install --force >out &&
	test_grep "moved your pre-push hook to .*pre-push.pmgit-saved; pmgit.s hook runs it first" out &&
	git push -q ../other-server.git HEAD:main &&
	test "$(cut -d" " -f2 ../pushed-lines)" = "$(git rev-parse HEAD)" &&
	test "$(wc -l <../pushed-lines)" = 1 &&
	pmgit new --date 2026-03-01 >/dev/null &&
	sed -i "s/^\*\*Status\*\*: Draft/**Status**: In Review/" postmortems/INC-2026-0001.md &&
	git add -A && git commit -q --no-verify -m "in review" &&
	test_must_fail git push -q ../other-server.git HEAD:main 2>err &&
	test "$(cut -d" " -f2 ../pushed-lines)" = "$(git rev-parse HEAD)" &&
	test_grep "error: unfilled placeholder" err
'

test_expect_success 'hooks install honours core.hooksPath, and init --hooks installs too' '
	git init -q hp && cd hp && git config core.hooksPath githooks &&
	pmgit init --hooks >out &&
	test -x githooks/pre-commit && test -x githooks/pre-push && test ! -e .git/hooks/pre-commit &&
	test_grep "^the hooks are in .githooks., inside the repository: commit them, so that every clone that sets core.hooksPath to .githooks. runs them" out &&
	git config core.hooksPath "$TRASH/shared-hooks" && pmgit hooks install >out 2>err &&
	test -x ../shared-hooks/pre-commit && test_no_grep "inside the repository" out &&
	test_grep "^note: core.hooksPath puts these hooks in .$TRASH/shared-hooks., outside this repository: every repository that uses that core.hooksPath runs them too" err &&
	test_grep "run .git config --local core.hooksPath .git/hooks. and .pmgit hooks install. again$" err &&
	git config --unset core.hooksPath && pmgit hooks install --force >out 2>err &&
	test -x .git/hooks/pre-commit && test_no_grep "inside the repository" out &&
	test_no_grep "outside this repository" err &&
	git config core.hooksPath .git/hooks && pmgit hooks install >out 2>err &&
	test_no_grep "inside the repository" out && test_no_grep "outside this repository" err
'

test_expect_success 'husky hooks, which run .husky/NAME by their own name, are not moved aside; the line to add works' '
	git init -q husky && cd husky && pmgit init >/dev/null && git commit -q -m setup &&
	mkdir -p .husky/_ && printf "npx lint-staged\n" >.husky/pre-commit &&
	cat >.husky/_/h <<-\EOF &&
	#!/bin/sh
	n=$(basename "$0")
	s=$(dirname "$(dirname "$0")")/$n
	[ ! -f "$s" ] && exit 0
	sh -e "$s" "$@"
	EOF
	printf "#!/bin/sh\n. \"\$(dirname \"\$0\")/h\"\n" >.husky/_/pre-commit &&
	chmod +x .husky/_/h .husky/_/pre-commit && cp .husky/_/pre-commit theirs &&
	git config core.hooksPath .husky/_ &&
	test_expect_code 3 pmgit hooks install --force 2>err &&
	test_grep "^error: .*/.husky/_/pre-commit. finds what to run by its own file name \(as husky.s hooks do\), so it cannot be kept under another name beside pmgit.s; call pmgit from the scripts husky runs instead: add the line .pmgit hook pre-commit. to ..husky/pre-commit., .pmgit hook pre-merge-commit. to ..husky/pre-merge-commit. and .pmgit hook pre-push .{4}. to ..husky/pre-push.$" err &&
	test_cmp theirs .husky/_/pre-commit && test ! -e .husky/_/pre-commit.pmgit-saved &&
	printf "pmgit hook pre-commit\n" >.husky/pre-commit &&
	mkdir -p bin && ln -sf "$PMGIT_BIN" bin/pmgit &&
	pmgit new --date 2026-02-10 >/dev/null &&
	sed -i "s/^\*\*Status\*\*: Draft/**Status**: In Review/" postmortems/INC-2026-0001.md &&
	git add postmortems && test_must_fail env PATH="$PWD/bin:$PATH" git commit -q -m bad 2>err &&
	test_grep "unfilled placeholder" err &&
	git init -q ../husky4 && cd ../husky4 &&
	printf "#!/bin/sh\n. \"\$(dirname -- \"\$0\")/_/husky.sh\"\n" >.git/hooks/pre-commit &&
	test_expect_code 3 pmgit hooks install --force 2>err &&
	test_grep "finds what to run by its own file name" err &&
	printf "#!/bin/sh\n# came over from husky years ago\necho mine\n" >.git/hooks/pre-commit &&
	pmgit hooks install --force >out && test_grep "moved your pre-commit hook" out
'

test_expect_success 'with a split or a sparse index, which libgit2 cannot read, the hook still judges each commit' '
	git init -q split && cd split && pmgit init --hooks >/dev/null && mkdir src && echo x >src/a &&
	git add -A && git commit -q -m setup &&
	git config core.splitIndex true && git update-index --split-index && ls .git/sharedindex.* >/dev/null &&
	pmgit new --date 2026-02-10 >/dev/null && git add -A && git commit -q -m draft &&
	sed -i "s/^\*\*Incident ID\*\*: INC-2026-0001/**Incident ID**: INC-2026-0009/" postmortems/INC-2026-0001.md &&
	git add -A && test_must_fail git commit -q -m "wrong ID" 2>err &&
	test_grep "\[id-filename\]" err && test_must_fail git commit -q -a -m "wrong ID" 2>err &&
	test_grep "\[id-filename\]" err &&
	git reset -q --hard && git config core.splitIndex false && git update-index --no-split-index &&
	git sparse-checkout init --cone --sparse-index && git sparse-checkout set postmortems .pmgit &&
	test ! -e src/a && git ls-files --sparse | grep -q "^src/$" &&
	sed -i "s/^\*\*Incident ID\*\*: INC-2026-0001/**Incident ID**: INC-2026-0009/" postmortems/INC-2026-0001.md &&
	git add postmortems && test_must_fail git commit -q -m "wrong ID" 2>err &&
	test_grep "\[id-filename\]" err &&
	git reset -q && git checkout -q -- . && echo "Notes." >>postmortems/INC-2026-0001.md &&
	git add postmortems && git commit -q -m "a draft may grow"
'

test_expect_success 'an In Review postmortem with placeholders is rejected with the findings' '
	cd repo && pmgit new --date 2026-02-10 >/dev/null &&
	sed -i "s/^\*\*Status\*\*: Draft/**Status**: In Review/" postmortems/INC-2026-0001.md &&
	git add postmortems && git rev-parse HEAD >../head-before &&
	test_must_fail git commit -q -m "in review" 2>err &&
	test_grep "^postmortems/INC-2026-0001.md:[0-9]+:[0-9]+: error: unfilled placeholder .\[Names\].; .*\[placeholder\]$" err &&
	test "$(grep -c "^postmortems/INC-2026-0001.md:" err)" = 20 &&
	n=$(pmgit check --staged --errors-only postmortems/INC-2026-0001.md | grep -c ": error: ") &&
	test "$n" -gt 20 &&
	test_grep "^\.\.\. and $((n - 20)) more in postmortems/INC-2026-0001.md; .pmgit check --staged postmortems/INC-2026-0001.md. lists them all$" err &&
	test_grep "^pmgit: commit rejected.*: $n problems \($((n - 20)) findings not shown above\); fix them and try again$" err &&
	test "$(git rev-parse HEAD)" = "$(cat ../head-before)" &&
	git commit -q --no-verify -m "in review" && pmgit verify --history HEAD~1..HEAD >out;
	test "$(grep -c "INC-2026-0001.md:[0-9]*:[0-9]*: error: " out)" = "$n" &&
	git reset -q --soft HEAD~1
'

test_expect_success 'the same document as a Draft is accepted' '
	cd repo && sed -i "s/^\*\*Status\*\*: In Review/**Status**: Draft/" postmortems/INC-2026-0001.md &&
	git add postmortems && git commit -q -m draft &&
	git log -1 --format=%s >msg && test "$(cat msg)" = draft
'

test_expect_success 'a merge that brings the placeholders In Review is refused, naming check --staged' '
	cd repo && base=$(git rev-parse HEAD) &&
	git checkout -q -b unfinished &&
	sed -i "s/^\*\*Status\*\*: Draft/**Status**: In Review/" postmortems/INC-2026-0001.md &&
	git commit -q -a --no-verify -m "in review, unfinished" &&
	git checkout -q main && echo other >other.txt && git add other.txt && git commit -q -m other &&
	test_must_fail git merge --no-edit unfinished 2>err &&
	test_grep "^\.\.\. and [0-9]+ more in postmortems/INC-2026-0001.md; .pmgit check --staged postmortems/INC-2026-0001.md. lists them all$" err &&
	test_grep "^pmgit: merge rejected: [0-9]+ problems \([0-9]+ findings not shown above\); fix them, then finish the merge with .git commit. \(or undo it: .git merge --abort.\)$" err &&
	git merge --abort && git branch -q -D unfinished && git reset -q --hard "$base"
'

test_expect_success 'a Draft that breaks the draft level is rejected too' '
	cd repo && sed -i "s/^\*\*Date\*\*: 2026-02-10/**Date**: yesterday/" postmortems/INC-2026-0001.md &&
	git add postmortems && test_must_fail git commit -q -m "bad date" 2>err &&
	test_grep "Date .yesterday. is not a real date.*\[date\]" err &&
	git checkout -q HEAD -- postmortems
'

test_expect_success 'once filled in, In Review is accepted' '
	cd repo && git rm -q postmortems/INC-2026-0001.md &&
	cp "$FIXTURES/complete.md" $DOC && git add $DOC && git commit -q -m "in review" &&
	test "$(git log -1 --format=%s)" = "in review"
'

test_expect_success 'a partly staged document is judged by its staged content' '
	cd repo && sed -i "s/^On 10 February 2026/On 10 Feb 2026/" $DOC && git add $DOC &&
	sed -i "s/^On 10 Feb 2026/[Name] On 10 Feb 2026/" $DOC &&
	git commit -q -m "staged is fine" &&
	test "$(git log -1 --format=%s)" = "staged is fine" &&
	git add $DOC && sed -i "s/^\[Name\] On 10 Feb/On 10 Feb/" $DOC &&
	test_must_fail git commit -q -m "staged is not" 2>../err &&
	test_grep "INC-2026-0042.md:13:1: error: unfilled placeholder .\[Name\]" ../err &&
	git add $DOC && git diff --cached --quiet
'

test_expect_success 'git commit -a and git commit PATH are judged by what they commit' '
	cd repo && sed -i "s/^On 10 Feb 2026/[Name] 2026/" $DOC &&
	test_must_fail git commit -q -a -m "commit -a" 2>../err &&
	test_grep "unfilled placeholder .\[Name\]" ../err &&
	test_must_fail git commit -q -m "commit path" $DOC 2>../err &&
	test_grep "unfilled placeholder .\[Name\]" ../err &&
	git checkout -- $DOC && git status --porcelain --untracked-files=no >../st && test ! -s ../st
'

test_expect_success 'an edit that gives a postmortem an ID another one has is rejected; other edits are not' '
	cd repo && sed -e "s/INC-2026-0042/INC-2026-0043/g" $DOC >postmortems/INC-2026-0043.md &&
	git add postmortems/INC-2026-0043.md && git commit -q -m "another" &&
	sed -i "s/^\*\*Incident ID\*\*: INC-2026-0043/**Incident ID**: INC-2026-0042/" postmortems/INC-2026-0043.md &&
	git add postmortems && test_must_fail git commit -q -m "same ID" 2>../err &&
	test_grep "INC-2026-0043.md:3:[0-9]+: error: incident ID .INC-2026-0042. is already used by another postmortem" ../err &&
	git checkout HEAD -- postmortems &&
	sed -i "s/^On 10 Feb 2026/On 10 February 2026/" postmortems/INC-2026-0043.md &&
	git add postmortems && git commit -q -m "an edit" &&
	git rm -q postmortems/INC-2026-0043.md && git commit -q -m "not needed"
'

test_expect_success 'a commit touching no postmortem does not run pmgit' '
	cd repo && echo hello >README && git add README &&
	sed -i "s|^exec .*|echo RAN-PMGIT >\&2; exit 1|" .git/hooks/pre-commit &&
	git commit -q -m readme 2>err && test_no_grep RAN-PMGIT err &&
	pmgit hooks install --force >/dev/null
'

test_expect_success 'a hook whose pmgit is gone finds it on PATH, or says what to do' '
	git init -q relocated && cd relocated && pmgit init >/dev/null && git commit -q -m setup &&
	mkdir ../gone && cp "$PMGIT_BIN" ../gone/pmgit && ../gone/pmgit hooks install >/dev/null &&
	rm -r ../gone &&
	echo hello >README && git add README && git commit -q -m readme &&
	pmgit new --date 2026-03-01 >/dev/null && git add postmortems &&
	test_must_fail git commit -q -m draft 2>err &&
	test_grep "^pmgit: this hook cannot find pmgit, neither where .pmgit hooks install. ran it from nor on PATH; install pmgit and run .pmgit hooks install. again$" err &&
	printf "#!/bin/sh\necho A PMGIT FROM THE REPOSITORY RAN >&2\n" >pmgit && chmod +x pmgit &&
	PATH=".:$PATH" test_must_fail git commit -q -m draft 2>err &&
	test_no_grep "FROM THE REPOSITORY" err && rm pmgit &&
	mkdir ../onpath && cp "$PMGIT_BIN" ../onpath/pmgit &&
	PATH="$PWD/../onpath:$PATH" git commit -q -m draft &&
	git log --oneline | grep -q draft
'

test_expect_success 'the first commit of a repository (unborn HEAD) is judged too' '
	git init -q fresh && cd fresh && pmgit init --hooks >/dev/null &&
	cp "$FIXTURES/seed-template.md" postmortems/INC-2026-0001.md && git add -A &&
	test_must_fail git commit -q -m first 2>err &&
	test_grep "^postmortems/INC-2026-0001.md:3:18: error: incident ID .\[INC-YYYY-NNNN\]." err
'

test_expect_success 'a broken policy file is rejected' '
	cd repo && echo "signoffs: nope" >>.pmgit/config.yaml && git add .pmgit &&
	test_must_fail git commit -q -m policy 2>err &&
	test_grep "^.pmgit/config.yaml: error: .*\[policy\]$" err &&
	git checkout -q HEAD -- .pmgit
'

test_expect_success 'a guarded directory whose name git has to quote works' '
	git init -q quoted && cd quoted && pmgit init >/dev/null &&
	sed -i "s/^directory: postmortems/directory: \"incident reviews\/équipe\"/" .pmgit/config.yaml &&
	git add -A && git commit -q -m setup && pmgit hooks install >/dev/null &&
	test_grep "incident reviews/équipe" .git/hooks/pre-commit &&
	pmgit new --date 2026-02-10 >path &&
	f=$(cat path) && sed -i "s/^\*\*Status\*\*: Draft/**Status**: In Review/" "$f" &&
	git add -A && test_must_fail git commit -q -m bad 2>../err &&
	test_grep "^incident reviews/équipe/INC-2026-0001.md:[0-9]+:[0-9]+: error: unfilled placeholder" ../err
'

test_expect_success 'pmgit hook pre-commit reads the index itself without --raw' '
	cd quoted && pmgit hook pre-commit 2>../err </dev/null; test $? = 1 &&
	test_grep "unfilled placeholder" ../err &&
	printf "not git output\n" | test_expect_code 3 pmgit hook pre-commit --raw 2>../err &&
	test_grep "reinstall it with .pmgit hooks install --force." ../err
'

test_expect_success 'the entry .pre-commit-hooks.yaml gives hook managers judges the staged postmortems' '
	entry=$(sed -n "s/^  entry: //p" "$TEST_DIR/../.pre-commit-hooks.yaml") &&
	test "$entry" = "pmgit hook pre-commit" &&
	mkdir -p bin && ln -sf "$PMGIT_BIN" bin/pmgit &&
	cd quoted && test_expect_code 1 env PATH="$TRASH/bin:$PATH" sh -c "$entry" 2>../err </dev/null &&
	test_grep "unfilled placeholder" ../err &&
	git stash -q && env PATH="$TRASH/bin:$PATH" sh -c "$entry" </dev/null && git stash pop -q --index
'

test_expect_success 'with --raw the hook judges what git listed and never reads the index' '
	cd quoted && f=$(cat path) &&
	line=$(git diff --cached --raw --no-renames --abbrev=40 -- "incident reviews") &&
	test -n "$line" &&
	printf "DIRC garbage\n" >../bad-index &&
	GIT_INDEX_FILE=$PWD/../bad-index test_expect_code 3 pmgit hook pre-commit </dev/null 2>../err &&
	test_grep "index" ../err &&
	printf "%s\n" "$line" >../list &&
	GIT_INDEX_FILE=$PWD/../bad-index test_expect_code 1 pmgit hook pre-commit --raw <../list 2>../err &&
	test_grep "unfilled placeholder" ../err
'

test_expect_success 'an unmerged path in the staged list is named, with what to do' '
	cd quoted &&
	printf ":000000 000000 %s %s U\tincident reviews/x.md\n" \
		0000000000000000000000000000000000000000 0000000000000000000000000000000000000000 |
		test_must_fail pmgit hook pre-commit --raw 2>../err &&
	test_grep "x.md. has unresolved merge conflicts; resolve them and .git add. it" ../err
'

test_expect_success 'a postmortem directory moved in the configuration stays guarded' '
	git init -q moved && cd moved && pmgit init --hooks >/dev/null && git commit -q -m setup &&
	sed -i "s/^directory: .*/directory: \"incidents\"   # moved/" .pmgit/config.yaml &&
	git add -A && git commit -q -m "move the postmortems" &&
	pmgit new --date 2026-02-10 >path && test "$(cat path)" = "$PWD/incidents/INC-2026-0001.md" &&
	f=incidents/INC-2026-0001.md &&
	sed -i "s/^\*\*Status\*\*: Draft/**Status**: In Review/" "$f" &&
	git add -A && test_must_fail git commit -q -m bad 2>../err &&
	test_grep "^incidents/INC-2026-0001.md:[0-9]+:[0-9]+: error: unfilled placeholder" ../err &&
	sed -i "s/^directory: .*/directory: records/" .pmgit/config.yaml && mkdir records &&
	git mv -k incidents/INC-2026-0001.md records/ && git add -A &&
	test_must_fail git commit -q -m "move again" 2>../err &&
	test_grep "^records/INC-2026-0001.md:[0-9]+:[0-9]+: error: unfilled placeholder" ../err
'

test_expect_success 'a directory written ./postmortems/ in the configuration is guarded, and audited' '
	git init -q dotted && cd dotted && pmgit init --hooks >/dev/null &&
	sed -i "s|^directory: .*|directory: ./postmortems/|" .pmgit/config.yaml &&
	git add -A && git commit -q -m setup &&
	pmgit new --date 2026-02-10 >/dev/null && f=postmortems/INC-2026-0001.md &&
	sed -i "s/^\*\*Status\*\*: Draft/**Status**: Final/" $f &&
	git add -A && test_must_fail git commit -q -m bad 2>../err &&
	test_grep "^$f:[0-9]+:[0-9]+: error: unfilled placeholder" ../err &&
	git commit -q --no-verify -m bad &&
	test_expect_code 1 pmgit verify --history >../out &&
	test_grep "^1 commit audited: 1 broke the rules|^2 commits audited: 1 broke the rules" ../out
'

test_expect_success 'a staged change of the configuration makes --raw read the index' '
	cd moved && line=$(git diff --cached --raw --no-renames --abbrev=40 -- .pmgit) &&
	test -n "$line" && printf "%s\n" "$line" >../list &&
	test_expect_code 1 pmgit hook pre-commit --raw <../list 2>../err &&
	test_grep "^records/INC-2026-0001.md:[0-9]+:[0-9]+: error: unfilled placeholder" ../err
'

test_expect_success 'hooks installed from a linked worktree are where git runs them' '
	new_repo wtmain && git -C wtmain worktree add -q ../wt 2>/dev/null &&
	cd wt && pmgit hooks install >out &&
	test_grep "pre-commit hook: .*/wtmain/.git/hooks/pre-commit$" out &&
	test ! -e ../wtmain/.git/worktrees/wt/hooks/pre-commit &&
	pmgit new --date 2026-02-10 >path &&
	sed -i "s/^\*\*Status\*\*: Draft/**Status**: In Review/" "$(cat path)" &&
	git add -A && test_must_fail git commit -q -m bad 2>../err &&
	test_grep "unfilled placeholder" ../err
'

test_expect_success 'a commit importing 40 postmortems is judged whole, its problems in order' '
	new_repo import && cd import && pmgit hooks install >/dev/null &&
	copies_of_fixture postmortems 1000 1040 &&
	sed -i "s/^| 10:07 |/| 09:00 |/" postmortems/INC-2026-1005.md postmortems/INC-2026-1033.md &&
	sed -i "s/^\*\*Incident ID\*\*: INC-2026-1020/**Incident ID**: INC-2026-1021/" postmortems/INC-2026-1020.md &&
	git add -A && test_must_fail git commit -q -m import 2>err &&
	grep "error:" err | sed "s/:.*//" >paths &&
	printf "%s\n" postmortems/INC-2026-1005.md postmortems/INC-2026-1020.md postmortems/INC-2026-1020.md \
		postmortems/INC-2026-1033.md >want &&
	test_cmp want paths &&
	test_grep "INC-2026-1005.md:52:3: error: .* \[timeline-order\]" err &&
	test_grep "INC-2026-1020.md:3:18: error: .*INC-2026-1021.* \[id-filename\]" err &&
	test_grep "INC-2026-1020.md:3:18: error: .*already used by another postmortem \\(.postmortems/INC-2026-1021.md.\\).* \[id-unique\]" err &&
	test_grep "^pmgit: commit rejected: 4 problems above" err &&
	copies_of_fixture postmortems 1000 1040 && git add -A && git commit -q -m import &&
	test "$(git ls-files postmortems | grep -c "INC-2026-1")" = 40
'

test_expect_success 'status notes shims an older pmgit installed, until they are updated' '
	cd repo && pmgit hooks install >/dev/null &&
	pmgit status >/dev/null 2>err && test_no_grep "hooks install" err &&
	sed -i "s/ .\*\.actions\.yaml.//" .git/hooks/pre-push &&
	pmgit status >/dev/null 2>err &&
	test_grep "^note: the pre-push hook of this repository is not what this pmgit installs; run .pmgit hooks install. to update it$" err &&
	pmgit hooks install >out && test_grep "^updated pre-push hook: .*/pre-push$" out &&
	pmgit status >/dev/null 2>err && test_no_grep "hooks install" err &&
	cp .git/hooks/pre-push ../saved-pre-push &&
	printf "#!/bin/sh\nexit 0\n" >.git/hooks/pre-push &&
	pmgit status >/dev/null 2>err && test_no_grep "hooks install" err &&
	cp ../saved-pre-push .git/hooks/pre-push &&
	rm .git/hooks/pre-merge-commit && pmgit status >/dev/null 2>err &&
	test_grep "^note: this pmgit also installs the pre-merge-commit hook, which this repository lacks; run .pmgit hooks install. to add it$" err &&
	pmgit hooks install >out && test_grep "installed pre-merge-commit hook" out &&
	pmgit status >/dev/null 2>err && test_no_grep "hooks install" err &&
	rm .git/hooks/pre-push && pmgit status >/dev/null 2>err && test_no_grep "hooks install" err &&
	cp ../saved-pre-push .git/hooks/pre-push
'

test_expect_success 'pmgit hook itself takes only hook names' '
	cd repo && test_expect_code 2 pmgit hook post-commit 2>err && test_grep "not a hook pmgit knows" err
'

test_expect_success 'hooks uninstall removes pmgit hooks and puts back the ones --force kept' '
	cd other && test -f .git/hooks/pre-commit.pmgit-saved && test -f .git/hooks/pre-push.pmgit-saved &&
	cp .git/hooks/pre-commit.pmgit-saved ../theirs-pre-commit &&
	pmgit hooks uninstall >out &&
	test_grep "^removed pmgit.s pre-commit hook and put yours back: .*/.git/hooks/pre-commit$" out &&
	test_grep "^removed pre-merge-commit hook: " out &&
	test_grep "^removed pmgit.s pre-push hook and put yours back: " out &&
	test_cmp ../theirs-pre-commit .git/hooks/pre-commit &&
	test ! -e .git/hooks/pre-commit.pmgit-saved && test ! -e .git/hooks/pre-merge-commit &&
	test_no_grep "pmgit" .git/hooks/pre-push &&
	pmgit hooks uninstall >out &&
	test_grep "^left the pre-commit hook alone: pmgit did not write it" out &&
	test_grep "^no hook of pmgit.s in " out &&
	test_expect_code 2 pmgit hooks uninstall --force 2>err &&
	test_grep "uninstall never removes a hook pmgit did not write" err
'

test_done
