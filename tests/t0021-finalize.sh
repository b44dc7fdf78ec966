#!/bin/sh
# Final: sign-offs from parallel branches, pmgit finalize, and the freeze.
. "$(dirname "$0")/lib.sh"

DOC=postmortems/INC-2026-0042.md
REC=postmortems/INC-2026-0042.signoffs

git init -q repo
make_key alice
make_key bob
make_key erin
(
	cd repo && pmgit init --hooks && git commit -q -m setup &&
	add_signers &&
	cp "$FIXTURES/complete.md" $DOC && git add -A && git commit -q -m "INC-2026-0042 in review"
) >/dev/null

test_expect_success 'Final without the required sign-offs is rejected' '
	cd repo && sed -i "s/^\*\*Status\*\*: In Review/**Status**: Final/" $DOC && git add $DOC &&
	test_must_fail git commit -q -m final 2>../err &&
	test_grep "INC-2026-0042.md:[0-9]+:1: error: required sign-off .SRE Lead. is missing.*\[signoff\]" ../err &&
	test_grep "required sign-off .VP Engineering. is missing" ../err &&
	git reset -q --hard
'

test_expect_success 'finalize refuses while sign-offs are missing, and changes nothing' '
	cd repo && cp $DOC ../before &&
	test_expect_code 1 pmgit finalize $DOC 2>../err &&
	test_grep "required sign-off .Engineering Manager. is missing" ../err &&
	test_grep "cannot be Final yet \(3 problems\); nothing was changed" ../err &&
	test_cmp ../before $DOC && git diff --cached --quiet
'

test_expect_success 'a sign-off over an edit left unstaged is refused with the git add that fixes it' '
	cd repo && git checkout -q -b unstaged &&
	sed -i "s/^On 10 February/On February 10/" $DOC &&
	pmgit sign $DOC --slot "SRE Lead" --key ../keys/alice --signer alice@example.com >/dev/null 2>../err &&
	test_grep "differs from its staged version" ../err &&
	test_must_fail git commit -q -m "SRE Lead sign-off" 2>../err &&
	test_grep "^$REC/sre-lead\.alice-example-com\.yaml: error: sign-off record covers .$DOC. as it is in the working tree, not as it is staged, so it would be stale from the start; stage the document too \(.git add $DOC.\) and commit again \[record\]$" ../err &&
	git add $DOC && git commit -q -m "SRE Lead sign-off" &&
	pmgit verify $DOC >out && test_grep "SRE Lead +valid" out &&
	git checkout -q main && git branch -q -D unstaged
'

test_expect_success 'two reviewers sign on separate branches' '
	cd repo &&
	git checkout -q -b review-alice &&
	pmgit sign $DOC --slot "SRE Lead" --key ../keys/alice --signer alice@example.com >/dev/null &&
	git commit -q -m "SRE Lead sign-off" &&
	git checkout -q -b review-bob main &&
	pmgit sign $DOC --slot "Engineering Manager" --key ../keys/bob --signer bob@example.com >/dev/null &&
	git commit -q -m "EM sign-off" &&
	git checkout -q main
'

test_expect_success 'the branches merge without conflicts' '
	cd repo && git merge -q --no-edit review-alice && git merge -q --no-edit review-bob &&
	test "$(ls $REC | wc -l)" = 2 &&
	pmgit verify $DOC >out &&
	test_grep "^  SRE Lead +valid" out && test_grep "^  Engineering Manager +valid" out
'

test_expect_success 'Status set to Final by hand, all signed: one finding says finalize fills Sign-Off' '
	cd repo && git checkout -q -b by-hand &&
	pmgit sign $DOC --slot "VP Engineering" --key ../keys/erin --signer erin@example.com >/dev/null &&
	sed -i "s/^\*\*Status\*\*: In Review/**Status**: Final/" $DOC && git add -A &&
	test_must_fail git commit -q -m "final by hand" 2>../err &&
	test "$(grep -c "error: " ../err)" = 1 &&
	test_grep "^$DOC:[0-9]+:[0-9]+: error: the Sign-Off section still holds placeholders \(.\[Name\]. here\); .pmgit finalize $DOC. fills it from the signed sign-offs as it sets Status to Final \[placeholder\]$" ../err &&
	git reset -q --hard && git checkout -q main && git branch -q -D by-hand
'

test_expect_success 'Final by hand with a name typed on a slot nobody signed, or another than the signer, is rejected' '
	cd repo && git checkout -q -b typed &&
	pmgit sign $DOC --slot "VP Engineering" --key ../keys/erin --signer erin@example.com >/dev/null &&
	pmgit finalize $DOC >/dev/null &&
	sed -i "s/^- Product Manager: not signed (optional)$/- Product Manager: Pat Lee - 2026-02-19/" $DOC &&
	git add -A && test_must_fail git commit -q -m "final, PM typed in" 2>../err &&
	test_grep "^$DOC:[0-9]+:1: error: the .Product Manager. line says .Pat Lee - 2026-02-19., but no valid sign-off stands behind it \(missing\); only a signed record counts.*\[signoff\]$" ../err &&
	sed -i "s/^- Product Manager: Pat Lee - 2026-02-19$/- Product Manager: not signed (optional)/" $DOC &&
	sed -i "s/^- VP Engineering: Erin Park <erin@example.com> - /- VP Engineering: Satya N - /" $DOC &&
	git add -A && test_must_fail git commit -q -m "final, another VP typed in" 2>../err &&
	test_grep "^$DOC:[0-9]+:1: error: the .VP Engineering. line says .Satya N - [0-9-]+., but erin@example.com signed it; .pmgit finalize. writes this line from the records \[signoff\]$" ../err &&
	sed -i "s/^- VP Engineering: Satya N - /- VP Engineering: ERIN  PARK - /" $DOC &&
	git add -A && git commit -q -m "final" &&
	git reset -q --hard HEAD~1 && git checkout -q main && git branch -q -D typed
'

test_expect_success 'the approver signs; finalize sets Final and fills the Sign-Off section' '
	cd repo && pmgit status >st && test_no_grep "^every required sign-off is in" st &&
	pmgit sign $DOC --slot "VP Engineering" --key ../keys/erin --signer erin@example.com >/dev/null &&
	git commit -q -m "VP sign-off" &&
	pmgit status >st && test_grep "^every required sign-off is in for INC-2026-0042: .pmgit finalize ID. makes it Final$" st &&
	pmgit verify --format json $DOC >before.json &&
	test_expect_code 2 pmgit finalize --date 2026-02-20 $DOC 2>err &&
	test_grep "^error: the Published date 2026-02-20 is before the .[A-Za-z ]+. sign-off \([0-9-]{10}\); a postmortem is published once it is signed off: leave out --date for today$" err &&
	test_expect_code 2 pmgit finalize --date 2099-01-01 $DOC 2>err &&
	test_grep "Published date 2099-01-01 is after today" err &&
	git diff --quiet -- $DOC &&
	today=$(date -u +%Y-%m-%d) &&
	sed -i "s/^- Product Manager: \[Name\] - \[Date\]$/- Product Manager: Pat Lee - 2026-02-19/" $DOC &&
	pmgit finalize $DOC >out 2>err &&
	test_grep "^note: the .Product Manager. line said .Pat Lee - 2026-02-19., which no counted sign-off backs; it now says .not signed \(optional\).$" err &&
	test "$(grep -c "^note: the" err)" = 1 &&
	test_grep "^INC-2026-0042 is Final \(document-sha256 [0-9a-f]{64}, unchanged\)" out &&
	test_grep "^\*\*Status\*\*: Final$" $DOC &&
	test_grep "^- SRE Lead: Alice Chen <alice@example.com> - [0-9]{4}-[0-9]{2}-[0-9]{2}$" $DOC &&
	test_grep "^- Engineering Manager: Bob Okafor <bob@example.com> - " $DOC &&
	test_grep "^- Product Manager: not signed \(optional\)$" $DOC &&
	test_grep "^- VP Engineering: Erin Park <erin@example.com> - " $DOC &&
	test_grep "^\*\*Published\*\*: $today$" $DOC &&
	test_grep "^\*\*Last Updated\*\*: $today$" $DOC &&
	git diff --cached --name-only >staged && test_grep "^$DOC$" staged
'

test_expect_success 'the finalized document keeps its hash, so the sign-offs stay valid, and commits' '
	cd repo && pmgit verify --format json $DOC >after.json &&
	python3 -c "
import json
a=json.load(open(\"before.json\"))[\"documents\"][0]; b=json.load(open(\"after.json\"))[\"documents\"][0]
assert a[\"document_sha256\"]==b[\"document_sha256\"]
assert b[\"status\"]==\"Final\" and b[\"ok\"] and b[\"complete\"]
" &&
	git commit -q -m "INC-2026-0042: final" &&
	test "$(git log -1 --format=%s)" = "INC-2026-0042: final" &&
	pmgit status >st && test_no_grep "^every required sign-off is in" st &&
	pmgit check $DOC >out && test_grep "0 errors" out
'

test_expect_success 'editing a Final document is rejected' '
	cd repo && sed -i "s/^On 10 February/On February 10/" $DOC && git add $DOC &&
	test_must_fail git commit -q -m edit 2>../err &&
	test_grep "^$DOC: error: .$DOC. is Final and cannot change; restore it.*\[frozen\]$" ../err &&
	test_no_grep "amending the commit" ../err &&
	git reset -q --hard
'

test_expect_success 'an edit merged into a Final document from an older branch is rejected by the pre-merge-commit hook' '
	cd repo && test -x .git/hooks/pre-merge-commit &&
	git checkout -q -b late-typo "$(git log --format=%H --grep="^INC-2026-0042 in review$")" &&
	sed -i "s/^On 10 February/On February 10/" $DOC && git commit -q -a -m "typo" &&
	git checkout -q main && final=$(git rev-parse HEAD) &&
	test_must_fail git merge --no-edit late-typo >out 2>../err &&
	test_grep "^$DOC: error: .$DOC. is Final and cannot change; restore it.*\[frozen\]$" ../err &&
	test_grep "^pmgit: merge rejected: 1 problem above; fix it, then finish the merge with .git commit. \(or undo it: .git merge --abort.\)$" ../err &&
	test "$(git rev-parse HEAD)" = "$final" &&
	git merge --abort && git branch -q -D late-typo && git status --porcelain -uno >st && test ! -s st
'

test_expect_success 'an edit on an older line that merges in the Final document: refused as a change to it, with the command that keeps it' '
	cd repo && final=$(git rev-parse HEAD) &&
	git checkout -q -b older-edit "$final~1" &&
	sed -i "s/^On 10 February/On February 10/" $DOC && git commit -q -a -m "typo" &&
	test_must_fail git merge --no-edit main >out 2>../err &&
	test_grep "^$DOC: error: .$DOC. is Final on the branch merged in and cannot change; keep its version \(.git checkout MERGE_HEAD -- $DOC.\), and record anything new in a new postmortem .*\[frozen\]$" ../err &&
	test_no_grep "sign it again|\[signoff\]" ../err &&
	test_must_fail git commit -q --no-edit 2>../err2 &&
	test_grep "^$DOC: error: .$DOC. is Final on the branch merged in and cannot change" ../err2 &&
	test_no_grep "\[signoff\]" ../err2 &&
	grep -o "(.git [^)]*.)" ../err | sed "s/^(.//; s/.)$//" >../cmds && test "$(wc -l <../cmds)" = 1 &&
	sh ../cmds && git commit -q --no-edit &&
	git diff --quiet "$final" HEAD -- postmortems &&
	git checkout -q main && git branch -q -D older-edit
'

test_expect_success 'a sign-off given again on an older line, merged into the Final one: refused, and the command named keeps the Final record' '
	cd repo && final=$(git rev-parse HEAD) &&
	git checkout -q -b resign "$(git log --format=%H --grep="^VP sign-off$")" &&
	sleep 1 && # a statement names its second: this one must differ from the first
	pmgit sign $DOC --slot "SRE Lead" --key ../keys/alice --signer alice@example.com >/dev/null 2>&1 &&
	git commit -q -m "SRE Lead signs again" &&
	git checkout -q main &&
	test_must_fail git merge --no-edit resign >out 2>../err &&
	test_grep "^$REC/sre-lead.alice-example-com.yaml: error: the sign-offs of Final .$DOC. cannot change; restore .$REC/sre-lead.alice-example-com.yaml. \(.git checkout HEAD -- $REC/sre-lead.alice-example-com.yaml.\) \[frozen\]$" ../err &&
	git checkout HEAD -- $REC/sre-lead.alice-example-com.yaml && git commit -q --no-edit &&
	test "$(git rev-parse HEAD^1)" = "$final" &&
	git diff --quiet "$final" HEAD -- postmortems && pmgit verify $DOC >out &&
	git reset -q --hard "$final" && git branch -q -D resign
'

test_expect_success 'amending the commit that made it Final is rejected, with the way to redo that commit' '
	# the Sign-Off section lies outside what the signatures cover
	cd repo && sed -i "s/^\*\*Distribution\*\*: .*/**Distribution**: the SRE team/" $DOC && git add $DOC &&
	test_must_fail git commit -q --amend --no-edit 2>../err &&
	test_grep "\[frozen\]" ../err &&
	test_grep "amending the commit that made it Final\? Undo that commit with .git reset --soft HEAD~1." ../err &&
	git reset -q --soft HEAD~1 && git commit -q -m "INC-2026-0042: final, reworded" &&
	pmgit verify $DOC >out && test_grep "Final" out &&
	test "$(git log -1 --format=%s)" = "INC-2026-0042: final, reworded"
'

test_expect_success 'changing only its Sign-Off section is rejected too' '
	cd repo && sed -i "s/^\*\*Distribution\*\*: .*/**Distribution**: everyone/" $DOC && git add $DOC &&
	test_must_fail git commit -q -m dist 2>../err && test_grep "\[frozen\]" ../err &&
	git reset -q --hard
'

test_expect_success 'renaming or deleting a Final document is rejected' '
	cd repo && git mv $DOC postmortems/INC-2026-0099.md &&
	test_must_fail git commit -q -m rename 2>../err &&
	test_grep "is Final and cannot be deleted or renamed" ../err &&
	git reset -q --hard &&
	git rm -q $DOC && test_must_fail git commit -q -m delete 2>../err &&
	test_grep "is Final and cannot be deleted or renamed" ../err &&
	git reset -q --hard
'

test_expect_success 'changing, removing or adding a record of a Final document is rejected' '
	cd repo && sed -i "s/^  time: /  time:  /" $REC/sre-lead.alice-example-com.yaml && git add $REC &&
	test_must_fail git commit -q -m record 2>../err &&
	test_grep "^$REC/sre-lead.alice-example-com.yaml: error: the sign-offs of Final .$DOC. cannot change.*\[frozen\]$" ../err &&
	git reset -q --hard &&
	git rm -q $REC/engineering-manager.bob-example-com.yaml &&
	test_must_fail git commit -q -m unsign 2>../err &&
	test_grep "cannot change; restore .$REC/engineering-manager.bob-example-com.yaml. \(.git checkout HEAD -- $REC/engineering-manager.bob-example-com.yaml.\) \[frozen\]$" ../err &&
	git reset -q --hard &&
	cp $REC/sre-lead.alice-example-com.yaml $REC/product-manager.alice-example-com.yaml && git add $REC &&
	test_must_fail git commit -q -m add 2>../err &&
	test_grep "cannot change; remove .$REC/product-manager.alice-example-com.yaml. \(.git rm -f -- $REC/product-manager.alice-example-com.yaml.\) \[frozen\]$" ../err &&
	git reset -q --hard && git clean -qfd
'

test_expect_success 'the command a rejection names puts back what the Final document had' '
	cd repo && echo "an edit" >>$DOC && git rm -q $REC/engineering-manager.bob-example-com.yaml &&
	cp $REC/sre-lead.alice-example-com.yaml $REC/product-manager.alice-example-com.yaml &&
	git add -A && echo "## more" >NOTES && git add NOTES &&
	test_must_fail git commit -q -m "three changes" 2>../err &&
	test "$(grep -c "\[frozen\]$" ../err)" = 3 &&
	grep -o "(.git [^)]*.)" ../err | sed "s/^(.//; s/.)$//" >../cmds && test "$(wc -l <../cmds)" = 3 &&
	sh ../cmds && git commit -q -m "notes alone" &&
	test "$(git show --name-only --format= HEAD)" = NOTES &&
	git status --porcelain >../st && test ! -s ../st &&
	git reset -q --hard HEAD~1
'

test_expect_success 'undoing a change made with --no-verify is told to take that commit out instead' '
	cd repo && head=$(git rev-parse HEAD) &&
	sed -i "s/^On 10 February/On February 10/" $DOC && git commit -q -a --no-verify -m typo &&
	git checkout HEAD~1 -- $DOC && test_must_fail git commit -q -m undo 2>../err &&
	test_grep "^$DOC: error: .$DOC. is Final and cannot change: this brings back the text its sign-offs cover, which an earlier commit changed without the hooks .--no-verify.; .* so take it out rather than undo it ..git log --oneline -- $DOC. finds it, .git rebase -i ID~1. drops it. \[frozen\]$" ../err &&
	git log --oneline -- $DOC >../log && test_grep " typo$" ../log &&
	git reset -q --hard "$head" &&
	git rm -q $REC/engineering-manager.bob-example-com.yaml && git commit -q --no-verify -m unsign &&
	git checkout "$head" -- $REC && test_must_fail git commit -q -m resign 2>../err &&
	test_grep "^$REC/engineering-manager.bob-example-com.yaml: error: .* is added; if an earlier commit removed it without the hooks .--no-verify., take that commit out of the history rather than add the record back ..git log --oneline -- $REC/engineering-manager.bob-example-com.yaml. finds it, .git rebase -i ID~1. drops it.; else remove it \(.git rm -f -- $REC/engineering-manager.bob-example-com.yaml.\) \[frozen\]$" ../err &&
	git reset -q --hard "$head" && git status --porcelain >../st && test ! -s ../st
'

test_expect_success 'a file in a subdirectory of the sign-offs of a Final document is refused too' '
	cd repo && mkdir -p $REC/sub && echo "junk: 1" >$REC/sub/x.yaml && git add -A &&
	test_must_fail git commit -q -m junk 2>../err &&
	test_grep "^$REC/sub/x.yaml: error: the sign-offs of Final .$DOC. cannot change.*\[frozen\]$" ../err &&
	git reset -q --hard && git clean -qfd postmortems
'

test_expect_success 'with another commit since the one that made it Final, no word of amending' '
	cd repo && echo notes >NOTES && git add NOTES && git commit -q -m notes &&
	sed -i "s/^On 10 February/On February 10/" $DOC && git add $DOC &&
	test_must_fail git commit -q -m edit 2>../err &&
	test_grep "\[frozen\]" ../err && test_no_grep "amending the commit" ../err &&
	git reset -q --hard
'

test_expect_success 'a Final document cannot go back to In Review' '
	cd repo && sed -i "s/^\*\*Status\*\*: Final/**Status**: In Review/" $DOC && git add $DOC &&
	test_must_fail git commit -q -m unfinal 2>../err && test_grep "\[frozen\]" ../err &&
	git reset -q --hard
'

test_expect_success 'finalize on a Final document refuses' '
	cd repo && test_expect_code 1 pmgit finalize $DOC 2>../err &&
	test_grep "is already Final" ../err
'

test_expect_success 'an added sign-off that does not verify is rejected; a stale one is a note' '
	cd repo && sed -e "s/INC-2026-0042/INC-2026-0043/g" -e "s/^\*\*Status\*\*: Final/**Status**: In Review/" \
		$DOC >postmortems/INC-2026-0043.md &&
	git add postmortems && git commit -q -m "INC-2026-0043" &&
	mkdir -p postmortems/INC-2026-0043.signoffs &&
	cp $REC/sre-lead.alice-example-com.yaml postmortems/INC-2026-0043.signoffs/ &&
	git add postmortems && test_must_fail git commit -q -m copied 2>../err &&
	test_grep "^postmortems/INC-2026-0043.signoffs/sre-lead.alice-example-com.yaml: error: sign-off record is invalid: signed for incident INC-2026-0042.*; sign again with .pmgit sign. or remove it \(.git rm -f -- postmortems/INC-2026-0043.signoffs/sre-lead.alice-example-com.yaml.\) \[record\]$" ../err &&
	git rm -q -f -- postmortems/INC-2026-0043.signoffs/sre-lead.alice-example-com.yaml &&
	git status --porcelain >../st && test ! -s ../st &&
	pmgit sign postmortems/INC-2026-0043.md --slot "SRE Lead" --key ../keys/alice --signer alice@example.com >/dev/null &&
	sed -i "s/^On 10 February/On February 10/" postmortems/INC-2026-0043.md &&
	git add postmortems && git commit -q -m "signed then edited" 2>../err &&
	test_grep "warning: sign-off record is stale" ../err
'

# signed_with_signoff ID TEXT: a copy of the finalized fixture as INC-2026-ID,
# In Review, its Sign-Off section TEXT (printf), committed, signed for every
# slot, and finalized; prints its path
signed_with_signoff() {
	f=postmortems/INC-2026-$1.md
	sed -e "s/INC-2026-0042/INC-2026-$1/g" -e "s/^\*\*Status\*\*: Final/**Status**: In Review/" \
		-e "/^## Sign-Off/q" $DOC >$f &&
	printf "$2" >>$f &&
	git add postmortems && git commit -q -m "INC-2026-$1" &&
	for who in "alice SRE Lead" "bob Engineering Manager" "erin VP Engineering"; do
		set -- $who && k=$1 && shift &&
		pmgit sign $f --slot "$*" --key ../keys/$k --signer $k@example.com >/dev/null || return 1
	done &&
	pmgit finalize $f >/dev/null && echo $f
}

test_expect_success 'finalize fills Sign-Off lines written with bold labels' '
	cd repo && git reset -q --hard &&
	f=$(signed_with_signoff 0044 "\n- **SRE Lead**: [Name] - [Date]\n- **Engineering Manager**: [Name] - [Date]\n- **VP Engineering**: [Name] - [Date]\n") &&
	test_grep "^- \*\*SRE Lead\*\*: Alice Chen <alice@example.com> - " $f &&
	test_grep "^- \*\*VP Engineering\*\*: Erin Park <erin@example.com> - " $f &&
	test_no_grep "\[Name\]" $f &&
	git commit -q -m "INC-2026-0044 final" && pmgit verify $f >/dev/null
'

test_expect_success 'finalize fills a Sign-Off table: names and dates in their columns' '
	cd repo && git reset -q --hard &&
	f=$(signed_with_signoff 0045 "\n| Slot | Signed By | Date |\n|---|---|---|\n| SRE Lead | [Name] | [Date] |\n| Engineering Manager | [Name] | [Date] |\n| VP Engineering | [Name] | [Date] |\n") &&
	test_grep "^\| SRE Lead \| Alice Chen <alice@example.com> \| [0-9]{4}-[0-9]{2}-[0-9]{2} \|$" $f &&
	test_grep "^\| VP Engineering \| Erin Park <erin@example.com> \| [0-9-]{10} \|$" $f &&
	test_no_grep "\[Name\]|\[Date\]|^- SRE Lead" $f &&
	git commit -q -m "INC-2026-0045 final" && pmgit verify $f >/dev/null
'

test_expect_success 'a signed slot the table lacks gets a row in it; an unsigned optional slot it lacks gets nothing' '
	cd repo && git reset -q --hard &&
	f=$(signed_with_signoff 0046 "\n| Slot | Signed By | Date |\n|---|---|---|\n| SRE Lead | [Name] | [Date] |\n| Engineering Manager | [Name] | [Date] |\n\n**Distribution**: Engineering\n") &&
	sed -n "/^## Sign-Off/,\$p" $f >tail &&
	test_grep "^\| Engineering Manager \| Bob Okafor <bob@example.com> \| [0-9-]{10} \|$" tail &&
	test "$(sed -n 7p tail)" = "| VP Engineering | Erin Park <erin@example.com> | $(date -u +%Y-%m-%d) |" &&
	test_no_grep "Product Manager|Reviewed By|Approved By" tail &&
	pmgit check --errors-only $f >out && test_grep "0 errors" out &&
	git commit -q -m "INC-2026-0046 final" && pmgit verify $f >/dev/null
'

test_expect_success 'a name with a | in it goes into a Sign-Off table escaped, and the table holds' '
	cd repo && git reset -q --hard &&
	pmgit keyring add alice@example.com --name "Alice | SRE" --key ../keys/alice.pub --slot "SRE Lead" >/dev/null &&
	git commit -q -m "a name with a bar" -- .pmgit/keyring.yaml &&
	f=$(signed_with_signoff 0047 "\n| Slot | Signed By | Date |\n|---|---|---|\n| SRE Lead | [Name] | [Date] |\n| Engineering Manager | [Name] | [Date] |\n| VP Engineering | [Name] | [Date] |\n") &&
	grep -qF "| SRE Lead | Alice \| SRE <alice@example.com> | " $f &&
	git commit -q -m "INC-2026-0047 final" && pmgit verify $f >/dev/null
'

test_done
