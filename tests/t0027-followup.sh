#!/bin/sh
# Progress on a Final postmortem's action items: pmgit actions update, the
# follow-up file beside the frozen document, and the hooks that guard it.
. "$(dirname "$0")/lib.sh"

DOC=postmortems/INC-2026-0042.md
FU=postmortems/INC-2026-0042.actions.yaml
EXPORT='Export certificate expiry as a metric and alert 14 days ahead'
PAGE='Page on two consecutive failed CronJob runs'

git init -q repo
make_key alice
make_key bob
make_key erin
(
	cd repo && pmgit init --hooks && git commit -q -m setup &&
	add_signers &&
	cp "$FIXTURES/complete.md" $DOC &&
	sed "s/INC-2026-0042/INC-2026-0043/" "$FIXTURES/complete.md" >postmortems/INC-2026-0043.md &&
	git add -A && git commit -q -m "two postmortems in review" &&
	sign_all $DOC &&
	pmgit finalize $DOC && git commit -q -m "INC-2026-0042: final"
) >/dev/null 2>&1

test_expect_success 'a Final postmortem lists the actions its signed table left open' '
	cd repo && test_grep "^\*\*Status\*\*: Final$" $DOC &&
	pmgit actions --overdue --now 2026-03-01 >out &&
	test_grep "2026-02-20 ! .*In Progress .*$EXPORT" out &&
	test_grep "2026-02-24 ! .*Planned .*$PAGE" out
'

test_expect_success 'update records progress beside the frozen postmortem and stages it' '
	cd repo && cp $DOC ../before &&
	pmgit actions update INC-2026-0042 "export certificate EXPIRY as a metric and alert 14 days ahead" \
		--status Done --note "PR 88" --by priya@example.com --now 2026-02-25 >out &&
	test_grep "^INC-2026-0042: .$EXPORT. .*In Progress -> Done$" out &&
	test_grep "recorded in $FU \(new, staged\)" out &&
	test_cmp ../before $DOC &&
	test "$(git diff --cached --name-only)" = "$FU" &&
	test_grep "^- \{action: $EXPORT, status: Done, date: 2026-02-25, by: priya@example.com, note: PR 88\}$" $FU &&
	git commit -q -m "INC-2026-0042: alert exported"
'

test_expect_success 'the listing and check count the update; the signatures stay valid' '
	cd repo &&
	pmgit actions --now 2026-03-01 >out &&
	test_grep "2026-02-20   Done \(2026-02-25\) .*$EXPORT" out &&
	pmgit actions --overdue --now 2026-03-01 >all && grep "^INC-2026-0042 " all >out &&
	test_no_grep "$EXPORT" out && test_grep "$PAGE" out &&
	test_grep "^INC-2026-0043 .*$EXPORT" all &&
	pmgit actions INC-2026-0042 >out && test_no_grep "^INC-2026-0043" out &&
	test "$(grep -c "^INC-2026-0042 " out)" = 5 &&
	pmgit actions --format json >out.json &&
	test_grep "\"action\": \"$EXPORT\", [^}]*\"status\": \"Done\", \"updated\": \"2026-02-25\", \"state\": \"done\"" out.json &&
	pmgit check --now 2026-03-01 $DOC >out &&
	test_no_grep "$EXPORT.*action-overdue" out &&
	test_grep "action .$PAGE. was due 2026-02-24 .*pmgit actions update INC-2026-0042 .*\[action-overdue\]" out &&
	pmgit verify $DOC >out && test_grep "INC-2026-0042  Final  P1  ok" out
'

test_expect_success 'a new due date moves an item out of the overdue list' '
	cd repo &&
	pmgit actions update $DOC "$PAGE" --due 2026-03-20 --note "waits for the new CronJob controller" --now 2026-02-26 >out &&
	test_grep "due 2026-02-24 -> 2026-03-20" out &&
	test_grep "recorded in $FU \(updated, staged\)" out &&
	git commit -q -m "INC-2026-0042: page later" &&
	pmgit actions --overdue --now 2026-03-01 >out &&
	test_no_grep "^INC-2026-0042 " out && test_grep "^INC-2026-0043 .*$PAGE" out &&
	test "$(grep -c "^- {action:" $FU)" = 2
'

test_expect_success 'update adds at the end of the follow-up, keeping what people wrote in it' '
	cd repo &&
	sed -i "s/^updates:$/&\n# PR 88 went out with the 2026-02-24 release (CHG-1234)/" $FU &&
	echo "# the pager change waits on the platform team" >>$FU &&
	git commit -q -a -m "INC-2026-0042: notes on the follow-up" &&
	cp $FU ../fu.before &&
	pmgit actions update $DOC "$PAGE" --status Done --now 2026-03-02 >/dev/null &&
	head -c "$(wc -c <../fu.before)" $FU >fu.head && test_cmp ../fu.before fu.head &&
	tail -n +"$(($(wc -l <../fu.before) + 1))" $FU >fu.added &&
	test_grep "^- \{action: $PAGE, status: Done, date: 2026-03-02, " fu.added && test "$(wc -l <fu.added)" = 1 &&
	git commit -q -m "INC-2026-0042: paging done" &&
	pmgit actions INC-2026-0042 >out && test_grep "Done \(2026-03-02\) .*$PAGE" out &&
	git reset -q --hard HEAD~2
'

test_expect_success 'update writes a tick alone, as typed or as a GitHub shortcode, as Done' '
	cd repo && cp $FU ../fu.before &&
	pmgit actions update $DOC "$PAGE" --status ":white_check_mark:" --now 2026-03-02 >out &&
	test_grep " -> Done$" out &&
	tail -n 1 $FU | grep -q "^- {action: $PAGE, status: Done, date: 2026-03-02, " &&
	pmgit actions update $DOC "$PAGE" --status "$(printf "\342\234\205")" --now 2026-03-02 >/dev/null &&
	tail -n 1 $FU | grep -q "^- {action: $PAGE, status: Done, " &&
	test_expect_code 2 pmgit actions update $DOC "$PAGE" --status ":rocket:" 2>err &&
	test_grep "unknown status" err &&
	git reset -q --hard
'

test_expect_success 'update names the actions when asked for one the table does not have' '
	cd repo && cp $FU ../fu-before &&
	test_expect_code 3 pmgit actions update INC-2026-0042 "Rotate the CA" --status Done 2>err &&
	test_grep "has no action .Rotate the CA.; its actions are .Deploy renewed certificate., " err &&
	test_cmp ../fu-before $FU && git diff --cached --quiet
'

test_expect_success 'update takes the start of an action name that only one action has' '
	cd repo && cp $FU ../fu-before &&
	test_expect_code 2 pmgit actions update INC-2026-0042 "e" --status Done 2>err &&
	test_grep "^error: .e. begins more than one action of .postmortems/INC-2026-0042.md. \(.Exempt the renewal job from the egress policy., .Export certificate expiry as a metric and alert 14 days ahead.\); give more of its name$" err &&
	test_cmp ../fu-before $FU &&
	pmgit actions update INC-2026-0042 "issue ONE" --status Done --now 2026-03-02 >out &&
	test_grep "^INC-2026-0042: .Issue one certificate per region. .* -> Done$" out &&
	tail -n 1 $FU >added && test_grep "^- \{action: Issue one certificate per region, status: Done," added &&
	git reset -q --hard
'

test_expect_success 'update refuses a postmortem that is not Final: its table is the place' '
	cd repo &&
	test_expect_code 1 pmgit actions update INC-2026-0043 "$PAGE" --status Done 2>err &&
	test_grep "is In Review, not Final: change its Action Items table itself" err &&
	test ! -e postmortems/INC-2026-0043.actions.yaml
'

test_expect_success 'update refuses unknown statuses, bad dates and a missing change' '
	cd repo &&
	test_expect_code 2 pmgit actions update INC-2026-0042 "$PAGE" --status Someday 2>err &&
	test_grep "unknown status .Someday." err &&
	test_expect_code 2 pmgit actions update INC-2026-0042 "$PAGE" --due 2026-02-30 2>err &&
	test_grep "not a date" err &&
	test_expect_code 2 pmgit actions update INC-2026-0042 "$PAGE" 2>err &&
	test_grep "say what changed" err &&
	git diff --cached --quiet
'

test_expect_success 'the hook rejects an update naming no action of the table' '
	cd repo &&
	printf -- "- action: Rotate the CA\n  status: Done\n  date: 2026-02-27\n" >>$FU && git add $FU &&
	test_must_fail git commit -q -m bad 2>err &&
	test_grep "$FU:[0-9]+:1: error: .Rotate the CA. is not an action of the Action Items table of .$DOC.* \[action-followup\]" err &&
	git reset -q --hard
'

test_expect_success 'the hook rejects an earlier update changed or removed' '
	cd repo &&
	sed -i "0,/status: Done/s//status: Cancelled/" $FU && git add $FU &&
	test_must_fail git commit -q -m rewrite 2>err &&
	test_grep "the update of .$EXPORT. made 2026-02-25 was changed or removed; updates are only added" err &&
	git reset -q --hard &&
	git rm -q $FU &&
	test_must_fail git commit -q -m delete 2>err &&
	test_grep "$FU: error: .$FU. records the progress on the action items of .$DOC.; restore it \[action-followup\]" err &&
	git reset -q --hard
'

test_expect_success 'the hook rejects a follow-up of a postmortem not Final, or of none' '
	cd repo &&
	printf "version: 1\nupdates:\n- action: %s\n  status: Done\n  date: 2026-02-27\n" "$PAGE" \
		>postmortems/INC-2026-0043.actions.yaml &&
	cp postmortems/INC-2026-0043.actions.yaml postmortems/INC-2026-0099.actions.yaml &&
	git add postmortems && test_must_fail git commit -q -m early 2>err &&
	test_grep "INC-2026-0043.actions.yaml: error: .postmortems/INC-2026-0043.md. is not Final: update its Action Items table" err &&
	test_grep "INC-2026-0099.actions.yaml: error: follow-up of .postmortems/INC-2026-0099.md., which does not exist.*\[orphan-record\]" err &&
	git reset -q --hard && git clean -q -f postmortems
'

test_expect_success 'a follow-up that got past the hook beside a postmortem not Final may be removed' '
	cd repo &&
	printf "version: 1\nupdates:\n- action: %s\n  status: Done\n  date: 2026-02-27\n" "$PAGE" \
		>postmortems/INC-2026-0043.actions.yaml &&
	git add postmortems && git commit -q --no-verify -m "past the hook" &&
	git rm -q postmortems/INC-2026-0043.actions.yaml && git commit -q -m "remove it" &&
	test ! -e postmortems/INC-2026-0043.actions.yaml && git reset -q --hard HEAD~2
'

test_expect_success 'the hook rejects a follow-up that does not read, naming file and line' '
	cd repo &&
	printf -- "- action: %s\n  status: Someday\n  date: 2026-02-27\n" "$PAGE" >>$FU && git add $FU &&
	test_must_fail git commit -q -m bad 2>err &&
	test_grep "$FU:[0-9]+:[0-9]+: .status. must be Planned, In Progress, Blocked, Done or Cancelled" err &&
	git reset -q --hard
'

test_expect_success 'updates made on two branches merge by themselves (init'"'"'s union merge); the audit accepts both kept' '
	cd repo && test "$(git check-attr merge -- $FU)" = "$FU: merge: union" &&
	git checkout -q -b ops &&
	pmgit actions update INC-2026-0042 "Issue one certificate per region" --status "in progress" --now 2026-03-02 >/dev/null &&
	test_grep "^- \{action: Issue one certificate per region, status: In Progress," $FU &&
	git commit -q -m "regions started" &&
	git checkout -q main &&
	pmgit actions update INC-2026-0042 "$PAGE" --status Done --now 2026-03-03 >/dev/null &&
	git commit -q -m "paging done" &&
	git merge -q --no-edit ops &&
	test "$(git rev-list --count --merges -1 HEAD)" = 1 &&
	test "$(grep -c "^- {action:" $FU)" = 4 &&
	grep "^- {action:" $FU | tail -n 2 | cut -d, -f1 >../last2 &&
	printf "%s\n" "- {action: $PAGE" "- {action: Issue one certificate per region" >../want &&
	test_cmp ../want ../last2 &&
	pmgit verify --history >out && test_grep "commits audited: 0 broke the rules" out
'

test_expect_success 'the audit finds an update dropped past the hook' '
	cd repo &&
	git show HEAD~1:$FU >$FU && git add $FU && git commit -q --no-verify -m "drop one" &&
	test_expect_code 1 pmgit verify --history >out &&
	test_grep "the update of .Issue one certificate per region. made 2026-03-02 was changed or removed" out &&
	git reset -q --hard HEAD~1
'

test_expect_success 'update writes an escape sequence from the table as text, not to the terminal' '
	cd repo && esc=$(printf "\033") &&
	sed -e "s/INC-2026-0042/INC-2026-0044/" -e "s/^\*\*Status\*\*: .*/**Status**: Final/" \
		-e "s/| Issue one certificate per region |/| Issue one ${esc}[2Kcertificate |/" \
		"$FIXTURES/complete.md" >postmortems/INC-2026-0044.md &&
	git add postmortems && git commit -q --no-verify -m "forced in" &&
	pmgit actions update INC-2026-0044 "Issue one ${esc}[2Kcertificate" --status Done >out &&
	test_grep "^INC-2026-0044: .Issue one .x1b\[2Kcertificate. " out &&
	! grep -q "$esc" out &&
	git reset -q --hard HEAD~1
'

test_expect_success 'pre-push stops a rewritten update committed past the hook' '
	git clone -q --bare repo remote.git && cd repo &&
	git remote add origin ../remote.git && git fetch -q origin &&
	git branch -q -u origin/main 2>/dev/null; pmgit hooks install >/dev/null &&
	sed -i "0,/status: Done/s//status: Planned/" $FU &&
	git commit -q -a --no-verify -m "quietly reopen" &&
	test_must_fail git push -q origin HEAD:main 2>err &&
	test_grep "was changed or removed; updates are only added" err &&
	git reset -q --hard HEAD~1 &&
	pmgit actions update INC-2026-0042 "Issue one certificate per region" --status Done --now 2026-03-09 >/dev/null &&
	git commit -q -m "regions done" && git push -q origin HEAD:main
'

test_expect_success 'a Final postmortem moves to another directory whole: with its records and follow-up, unchanged' '
	cd repo && mkdir -p postmortems/2026 &&
	git mv $DOC postmortems/INC-2026-0042.signoffs postmortems/2026/ &&
	test_must_fail git commit -q -m "file by year" 2>err &&
	test "$(grep -c ": error:" err)" = 1 &&
	test_grep "^$DOC: error: Final .$DOC. moves to .postmortems/2026/INC-2026-0042.md., but .$FU. stays behind \(.git mv -- $FU postmortems/2026/INC-2026-0042.actions.yaml.\); a Final postmortem moves whole" err &&
	git mv -- $FU postmortems/2026/INC-2026-0042.actions.yaml && echo "<!-- moved -->" >>postmortems/2026/INC-2026-0042.md &&
	git add postmortems && test_must_fail git commit -q -m "file by year" 2>err &&
	test_grep "but .postmortems/2026/INC-2026-0042.md. changes on the way" err &&
	git checkout -q HEAD -- $DOC && git rm -q --cached postmortems/2026/INC-2026-0042.md &&
	mv $DOC postmortems/2026/ && sed -i "0,/status: Done/s//status: Planned/" postmortems/2026/INC-2026-0042.actions.yaml &&
	git add postmortems && test_must_fail git commit -q -m "file by year" 2>err &&
	test "$(grep -c ": error:" err)" = 1 &&
	test_grep "but .postmortems/2026/INC-2026-0042.actions.yaml. changes on the way" err &&
	git checkout -q HEAD -- $FU && git rm -q --cached postmortems/2026/INC-2026-0042.actions.yaml &&
	mv $FU postmortems/2026/ && echo "<!-- moved -->" >>postmortems/2026/INC-2026-0042.md &&
	git add postmortems &&
	git checkout -q HEAD -- $DOC && git rm -q --cached postmortems/2026/INC-2026-0042.md &&
	mv $DOC postmortems/2026/ && git add postmortems &&
	git commit -q -m "file by year" &&
	git show --stat --format= HEAD >stat && test_grep "^ 5 files changed, 0 insertions" stat &&
	pmgit verify postmortems/2026/INC-2026-0042.md >out &&
	test_grep "^postmortems/2026/INC-2026-0042.md +INC-2026-0042 +Final .* ok$" out &&
	pmgit verify --history >out && test_grep "commits audited: 0 broke the rules" out &&
	pmgit actions >out && test_grep "INC-2026-0042 .*Done .*Issue one certificate per region" out
'

test_expect_success 'a Final postmortem renamed, or moved out of the postmortem directory, stays refused' '
	cd repo &&
	git mv postmortems/2026/INC-2026-0042.md postmortems/2026/INC-2026-0042-old.md &&
	test_must_fail git commit -q -m rename 2>err &&
	test_grep "is Final and cannot be deleted or renamed; restore it \(.git checkout HEAD -- postmortems/2026/INC-2026-0042.md.\) \(it may move to another directory under the same name" err &&
	git reset -q --hard && mkdir -p archive &&
	git mv postmortems/2026/INC-2026-0042.md postmortems/2026/INC-2026-0042.signoffs postmortems/2026/INC-2026-0042.actions.yaml archive/ &&
	test_must_fail git commit -q -m archive 2>err &&
	test_grep "postmortems/2026/INC-2026-0042.md. is Final and cannot be deleted or renamed" err &&
	git reset -q --hard
'

test_expect_success 'update finds a postmortem from before pmgit, not named after its ID, by its header' '
	git init -q legacy && cd legacy && mkdir postmortems &&
	sed "s/^\*\*Status\*\*: In Review/**Status**: Final/" "$FIXTURES/complete.md" \
		>postmortems/2026-02-10-checkout-outage.md &&
	git add -A && git commit -q -m "from before pmgit" &&
	pmgit init --hooks >/dev/null 2>&1 && git commit -q -m setup &&
	pmgit actions update INC-2026-0042 "$PAGE" --status Done --now 2026-02-25 >out &&
	test_grep "^INC-2026-0042: .$PAGE. .*Planned -> Done$" out &&
	test_grep "recorded in postmortems/2026-02-10-checkout-outage.actions.yaml \(new, staged\)" out &&
	git commit -q -m progress &&
	pmgit actions >out && test_grep "^INC-2026-0042 .*Done \(2026-02-25\) .*$PAGE" out &&
	pmgit verify INC-2026-0042 >out; test $? = 1 &&
	test_grep "^postmortems/2026-02-10-checkout-outage.md +INC-2026-0042 +Final" out
'

test_done
