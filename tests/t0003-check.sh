#!/bin/sh
# pmgit check: the seed template, the complete fixture, levels, formats.
. "$(dirname "$0")/lib.sh"

new_repo repo
cp "$FIXTURES/seed-template.md" "$TRASH/seed.md"

test_expect_success 'the seed checked In Review reports each placeholder at its line and column' '
	cd repo &&
	test_expect_code 1 pmgit check --level review ../seed.md >out &&
	test_grep "^\.\./seed\.md:3:18: error: unfilled placeholder .\[INC-YYYY-NNNN\].; .*\[placeholder\]$" out &&
	test_grep "^\.\./seed\.md:22:23: error: unfilled placeholder .\[NUMBER or PERCENTAGE\]" out &&
	test_grep "^\.\./seed\.md:33:24: error: unfilled placeholder .\[X\]" out &&
	test_grep "^\.\./seed\.md:33:37: error: unfilled placeholder .\[Y\]" out &&
	test_grep "^\.\./seed\.md:275:18: error: unfilled placeholder .\[LINK\]" out
' 2>/dev/null

test_expect_success 'a file outside the repository is checked with the default policy' '
	cd repo && pmgit check --level review ../seed.md >out 2>err || true &&
	test_grep "seed\.md:4:11: error: Date .\[YYYY-MM-DD\]. is not a real date" out
'

test_expect_success 'the seed reports its double-encoded emoji as mojibake' '
	cd repo && pmgit check --level review ../seed.md >out || true &&
	test_grep "seed\.md:257:51: error: .âœ…. is double-encoded UTF-8 for .✅.; replace it with .✅. .*\[mojibake\]" out &&
	test_grep "seed\.md:259:55: error: .ðŸ”„. is double-encoded UTF-8 for .🔄." out &&
	test_grep "seed\.md:288:32: error: .â†’. is double-encoded UTF-8 for .→." out &&
	test "$(grep -c "\[mojibake\]" out)" = 12
'

test_expect_success 'the seed shows its example incident as template example content' '
	cd repo && pmgit check --level review ../seed.md >out || true &&
	test_grep "seed\.md:15:3: error: .\*\*Example\*\*:. text from the template" out &&
	test_grep "seed\.md:46:1: error: lines 46-54 \(9 lines\) are the template.s example incident" out
'

test_expect_success 'the seed figures pass every recomputation' '
	cd repo && pmgit check --level review ../seed.md >out || true &&
	test_no_grep "\[(duration|resolution-time|error-budget|slo|timeline-order)\]" out
'

test_expect_success 'one changed figure fails with the line of that figure' '
	cd repo &&
	sed "s/(62.5% of budget)/(72.5% of budget)/" ../seed.md >../seed-budget.md &&
	pmgit check --level review ../seed-budget.md >out || true &&
	test_grep "seed-budget\.md:284:26: error: 135 of 216 minutes is 62\.5% of the budget, not 72\.5% \[error-budget\]" out &&
	sed "s/Identification to Mitigation\*\*: 5 minutes/Identification to Mitigation**: 15 minutes/" ../seed.md >../seed-ttr.md &&
	pmgit check --level review ../seed-ttr.md >out || true &&
	test_grep "seed-ttr\.md:196:14: error: the parts add up to 55m but Total says 45m" out &&
	sed "s/99.1% (actual)/99.95% (actual)/" ../seed.md >../seed-slo.md &&
	pmgit check --level review ../seed-slo.md >out || true &&
	test_grep "seed-slo\.md:289:[0-9]+: error: marked missed, but the actual 99\.95% meets the 99\.9% target" out
'

test_expect_success 'the complete fixture passes the review level with no findings' '
	cd repo && cp "$FIXTURES/complete.md" postmortems/INC-2026-0042.md &&
	pmgit check --level review --now 2026-02-15 --errors-only postmortems/INC-2026-0042.md >out &&
	test "$(cat out)" = "1 postmortem checked: 0 errors" &&
	pmgit check --now 2026-02-15 ../complete-outside.md 2>/dev/null || true &&
	cp "$FIXTURES/complete.md" ../INC-2026-0042.md &&
	pmgit check --level review --now 2026-02-15 ../INC-2026-0042.md >out2 &&
	test "$(tail -n 1 out2)" = "1 postmortem checked: 0 errors, 0 warnings"
'

test_expect_success 'in a repository, the sign-offs Final will need show as warnings' '
	cd repo && pmgit check --now 2026-02-15 postmortems/INC-2026-0042.md >out &&
	test "$(grep -c "warning: required sign-off .* is missing.*\[signoff\]" out)" = 3 &&
	test_grep "0 errors, 3 warnings" out
'

test_expect_success 'check with no paths checks every postmortem, exit 1 on errors' '
	cd repo && cp ../seed.md postmortems/INC-2026-0001.md &&
	sed -i "s/\[INC-YYYY-NNNN\]/INC-2026-0001/; s/\[YYYY-MM-DD\]/2026-02-01/; s/\[Draft\/Final\]/In Review/" postmortems/INC-2026-0001.md &&
	test_expect_code 1 pmgit check --now 2026-02-15 >out &&
	test_grep "^postmortems/INC-2026-0001\.md:[0-9]+:[0-9]+: error:" out &&
	test_grep "^2 postmortems checked: [0-9]+ errors" out
'

test_expect_success 'checking every postmortem finds an ID used twice, in each of its files' '
	cd repo && mkdir -p postmortems/2025 postmortems/2026 &&
	for k in 3 4 5; do
		sed "s/INC-2026-0042/INC-2026-000$k/g" "$FIXTURES/complete.md" >postmortems/INC-2026-000$k.md || return 1
	done &&
	cp postmortems/INC-2026-0004.md postmortems/2026/INC-2026-0004.md &&
	pmgit check --now 2026-02-15 --format json >out.json; test $? = 1 &&
	python3 -c "
import json
d = json.load(open(\"out.json\"))[\"documents\"]
dup = sorted(x[\"path\"] for x in d for f in x[\"findings\"] if f[\"rule\"] == \"id-unique\")
assert dup == [\"postmortems/2026/INC-2026-0004.md\", \"postmortems/INC-2026-0004.md\"], dup
" &&
	rm -r postmortems/2025 postmortems/2026 postmortems/INC-2026-000[345].md
'

test_expect_success 'a Draft gets review rules as warnings, --errors-only hides them' '
	cd repo && sed -i "s/^\*\*Status\*\*: In Review/**Status**: Draft/" postmortems/INC-2026-0001.md &&
	pmgit check --now 2026-02-15 postmortems/INC-2026-0001.md >out &&
	test_grep "warning: unfilled placeholder" out &&
	test_no_grep ": error:" out &&
	pmgit check --errors-only --now 2026-02-15 postmortems/INC-2026-0001.md >out &&
	test "$(cat out)" = "1 postmortem checked: 0 errors"
'

test_expect_success 'a fresh draft says what its many warnings are; a few warnings need no word' '
	git init -q fresh && cd fresh && pmgit init >/dev/null &&
	pmgit new --date 2026-03-01 >path &&
	pmgit check "$(cat path)" >out 2>err &&
	test_grep "^note: warnings are what a later level \(In Review, Final\) will ask, and advice; .--errors-only. shows only what holds this one back$" err &&
	pmgit check --errors-only "$(cat path)" >out 2>err && test_no_grep "^note: warnings" err &&
	sed "s/INC-2026-0042/INC-2026-0002/" "$FIXTURES/complete.md" >postmortems/INC-2026-0002.md &&
	pmgit check --now 2026-02-15 postmortems/INC-2026-0002.md >out 2>err &&
	test_grep "warning: required sign-off" out && test_no_grep "^note: warnings" err
'

test_expect_success '--level raises the bar whatever the Status says' '
	cd repo && test_expect_code 1 pmgit check --level review --errors-only postmortems/INC-2026-0001.md >out &&
	test_grep "error: unfilled placeholder" out
'

test_expect_success '--format json is one JSON document with every finding' '
	cd repo && pmgit check --format json --level review postmortems/INC-2026-0001.md >out.json || true &&
	python3 -c "
import json,sys
d=json.load(open(\"out.json\"))
doc=d[\"documents\"][0]
assert doc[\"path\"]==\"postmortems/INC-2026-0001.md\", doc[\"path\"]
assert doc[\"id\"]==\"INC-2026-0001\"
assert doc[\"level\"]==\"review\"
rules={f[\"rule\"] for f in doc[\"findings\"]}
assert \"placeholder\" in rules and \"mojibake\" in rules, rules
f=[f for f in doc[\"findings\"] if f[\"rule\"]==\"mojibake\"][0]
assert f[\"line\"]==257 and f[\"column\"]==51 and f[\"severity\"]==\"error\", f
assert d[\"errors\"]==doc[\"errors\"]>0
"
'

test_expect_success 'check --staged judges the staged version, not the working tree' '
	cd repo && git add postmortems/INC-2026-0042.md &&
	sed -i "/^## Executive Summary/a [Name] left over" postmortems/INC-2026-0042.md &&
	pmgit check --staged --errors-only --now 2026-02-15 --level review >out 2>&1 &&
	test "$(cat out)" = "1 postmortem checked: 0 errors" &&
	test_expect_code 1 pmgit check --errors-only --now 2026-02-15 --level review postmortems/INC-2026-0042.md >out &&
	test_grep "INC-2026-0042\.md:12:1: error: unfilled placeholder .\[Name\]" out &&
	git checkout -- postmortems/INC-2026-0042.md
'

test_expect_success 'a file named outside the postmortem directory is checked, with a word that nothing guards it' '
	cd repo && mkdir -p notes &&
	sed "s/INC-2026-0042/INC-2026-0077/" "$FIXTURES/complete.md" >notes/INC-2026-0077.md &&
	pmgit check --errors-only notes/INC-2026-0077.md >out 2>err &&
	test_grep "^note: .notes/INC-2026-0077.md. is outside postmortems/, where this repository.s postmortems live: .pmgit status. and .pmgit verify. do not list it and the hooks do not guard it" err &&
	pmgit check notes/INC-2026-0077.md >out 2>/dev/null &&
	test_grep "^notes/INC-2026-0077.md:[0-9]+:1: warning: required sign-off .SRE Lead. is missing; it is signed once the file is a postmortem of the repository, a .md file under .postmortems/." out &&
	test_no_grep "pmgit sign notes/" out &&
	printf "# About these postmortems\n" >postmortems/README.md &&
	test_expect_code 1 pmgit check postmortems/README.md >out 2>err &&
	test_grep "^note: .postmortems/README.md. is not a postmortem of this repository" err &&
	pmgit check --errors-only postmortems/INC-2026-0042.md >out 2>err &&
	test_no_grep "^note:" err &&
	pmgit check --format json notes/INC-2026-0077.md >out 2>err &&
	test_no_grep "note" err &&
	rm -r notes postmortems/README.md
'

test_expect_success 'a Markdown file among the postmortems that is none gets one finding saying so' '
	cd repo && mkdir -p postmortems/2026 &&
	printf "# Incident index\n\n- [Checkout outage](INC-2026-0042.md)\n" >postmortems/2026/index.md &&
	test_expect_code 1 pmgit check postmortems/2026/index.md >out &&
	test_grep "^postmortems/2026/index.md:1:1: error: .index.md. has no postmortem header \(Incident ID, Date, Author\(s\), Reviewers, Status\), and its name is no incident ID: every .md file under .postmortems/. is read as a postmortem, except README.md and TEMPLATE.md; if it is no postmortem, move it out of .postmortems/. \(or name it README.md\), else add the header \[header\]$" out &&
	test_grep "^1 postmortem checked: 1 error, 0 warnings$" out &&
	# a postmortem named after its ID and missing its header is told what it lacks
	printf "# Postmortem: x\n\n## Impact\n" >postmortems/INC-2026-0090.md &&
	test_expect_code 1 pmgit check postmortems/INC-2026-0090.md >out &&
	test_grep "missing header field .\*\*Incident ID\*\*: INC-YYYY-NNNN." out &&
	rm -r postmortems/2026 postmortems/INC-2026-0090.md
'

test_expect_success 'tables written without leading and trailing pipes are read as GitHub renders them' '
	mkdir pipeless &&
	sed -e "46,55s/^| //" -e "46,55s/ |\$//" -e "188,194s/^| //" -e "188,194s/ |\$//" \
		"$FIXTURES/complete.md" >pipeless/INC-2026-0042.md &&
	cd pipeless &&
	test_grep "^Time \| Event \| Action Taken$" INC-2026-0042.md &&
	pmgit check --now 2026-02-15 --errors-only INC-2026-0042.md >out &&
	sed -i -e "49s/^09:27/08:27/" -e "190s/Priya Raman/ /" INC-2026-0042.md &&
	test_expect_code 1 pmgit check --now 2026-02-15 --errors-only INC-2026-0042.md >out &&
	test_grep "^INC-2026-0042.md:49:1: error: .08:27. comes before" out &&
	test_grep "^INC-2026-0042.md:190:[0-9]+: error: action .Deploy renewed certificate. has no owner" out
'

# variant DIR SED: the repository's postmortem changed by SED, as ../DIR/INC-2026-0042.md
variant() {
	mkdir -p "../$1" && sed "$2" postmortems/INC-2026-0042.md >"../$1/INC-2026-0042.md"
}

test_expect_success 'a paragraph over a --- line is named as the heading it renders, front matter is not' '
	cd repo && sed "/^\*\*Status\*\*/{n;/^$/d}" "$FIXTURES/complete.md" >under.md &&
	sed -n 7,8p under.md | tr "\n" " " | grep -q "^\*\*Status\*\*: In Review --- $" &&
	pmgit check under.md >out || true &&
	test_grep "^under\.md:8:1: warning: the header \(lines 3-7\) shows as one big heading when rendered: this .---. straight under it underlines it; leave a blank line above the .---. \[underline\]$" out &&
	test "$(grep -c "\[underline\]" out)" = 1 &&
	{ printf -- "---\nlayout: postmortem\n---\n"; cat "$FIXTURES/complete.md"; } >front.md &&
	pmgit check front.md >out || true &&
	test_grep "are YAML front matter" out &&
	! test_grep "\[underline\]" out
'

test_expect_success 'an incident Date after today is an error, with a day of slack' '
	cd repo && variant future "s/^\*\*Date\*\*: 2026-02-10/**Date**: 2026-02-17/" &&
	test_expect_code 1 pmgit check --now 2026-02-15 --errors-only ../future/INC-2026-0042.md >out &&
	test_grep ":4:11: error: Date .2026-02-17. is after today \(2026-02-15\); an incident is dated the day it happened \[date\]$" out &&
	{ pmgit check --now 2026-02-16 --errors-only ../future/INC-2026-0042.md >out || true; } &&
	test_no_grep "\[date\]" out
'

test_expect_success 'an action item due before the incident is an error' '
	cd repo && variant early "s/| 2026-02-20 | 🔄 In Progress |/| 2026-01-20 | 🔄 In Progress |/" &&
	test_expect_code 1 pmgit check --now 2026-02-15 --errors-only ../early/INC-2026-0042.md >out &&
	test_grep ":192:81: error: due date .2026-01-20. of action .Export certificate expiry as a metric and alert 14 days ahead. is before the incident \(2026-02-10\); correct the date \[action-due\]$" out &&
	test "$(grep -c "error:" out)" = 1
'

test_expect_success 'a missing file is an error naming it (exit 3)' '
	cd repo && test_expect_code 3 pmgit check postmortems/nope.md 2>err &&
	test_grep "nope.md" err
'

test_expect_success 'check - judges standard input, as the file --stdin-path names' '
	cd repo && cp "$FIXTURES/complete.md" postmortems/INC-2026-0042.md &&
	sed "s/^On 10 February 2026/On 11 March 2025/" postmortems/INC-2026-0042.md >edited &&
	pmgit check --stdin-path postmortems/INC-2026-0042.md - <edited >out &&
	test_grep "^postmortems/INC-2026-0042.md:13:4: warning: the summary says .11 March 2025." out &&
	test_grep "^postmortems/INC-2026-0042.md:[0-9]+:1: warning: required sign-off .SRE Lead. is missing" out &&
	pmgit check - <edited >out &&
	test_grep "^<stdin>:13:4: warning: the summary says" out && test_no_grep "id-filename|signoff" out &&
	mkdir -p postmortems/2026 && cd postmortems/2026 &&
	test_expect_code 1 pmgit check --stdin-path INC-2026-0099.md - <../../edited >../../out &&
	cd ../.. && test_grep "^postmortems/2026/INC-2026-0099.md:3:18: error: incident ID .INC-2026-0042. does not match the file name" out &&
	# a buffer for a file in directories not made yet
	test_expect_code 1 pmgit check --stdin-path postmortems/2027/q1/INC-2026-0098.md - <edited >out &&
	test_grep "^postmortems/2027/q1/INC-2026-0098.md:3:18: error: incident ID .INC-2026-0042. does not match" out &&
	test ! -e postmortems/2027 &&
	head -c 5000000 /dev/zero | tr "\000" a | test_expect_code 1 pmgit check - >out &&
	test_grep "^<stdin>:1:1: error: the file is 5000000 bytes" out &&
	test_expect_code 2 pmgit check - - <edited 2>err && test_grep "may be named once" err &&
	test_expect_code 2 pmgit check --staged - <edited 2>err &&
	test_expect_code 2 pmgit check --stdin-path x.md 2>err && test_grep "add .-." err
'

test_expect_success 'a file outside the repository too large to be a postmortem is judged by its size' '
	head -c 5000000 /dev/zero | tr "\000" a >big.md &&
	cd repo && test_expect_code 1 pmgit check ../big.md >out &&
	test_grep "^\.\./big\.md:1:1: error: the file is 5000000 bytes.*\[size\]$" out
'

test_expect_success 'overdue action items warn against --now' '
	cd repo && pmgit check --now 2026-03-01 postmortems/INC-2026-0042.md >out &&
	test_grep "warning: action .Export certificate expiry as a metric and alert 14 days ahead. was due 2026-02-20 and is still 🔄 In Progress.*\[action-overdue\]" out &&
	test_no_grep "Deploy renewed certificate.*action-overdue" out
'

test_expect_success 'checking many postmortems on every core reports each in order, as one thread does' '
	new_repo many && i=100 &&
	while [ $i -lt 700 ]; do
		# every third one a draft, every fifth with a duplicate ID: findings differ per file
		id=INC-2026-0$i; [ $((i % 5)) = 0 ] && id=INC-2026-0100
		sed -e "s/INC-2026-0042/$id/" "$FIXTURES/complete.md" >many/postmortems/INC-2026-0$i.md &&
		if [ $((i % 3)) = 0 ]; then sed -i "s/^\*\*Status\*\*: .*/**Status**: Draft/" many/postmortems/INC-2026-0$i.md; fi
		i=$((i + 1))
	done &&
	(cd many && test_expect_code 1 pmgit check --now 2026-03-01 >../all.out) &&
	test "$(grep -o "^postmortems/[^:]*" all.out | uniq | sort -c && echo sorted)" = sorted &&
	test_grep "^600 postmortems checked: " all.out &&
	# the staged versions are read on one thread: the same findings
	(cd many && git add -A && test_expect_code 1 pmgit check --staged --now 2026-03-01 >../staged.out) &&
	test_cmp all.out staged.out &&
	(cd many && test_expect_code 1 pmgit check --now 2026-03-01 --format json >../all.json) &&
	python3 -c "
import json; d=json.load(open(\"all.json\"))[\"documents\"]
p=[x[\"path\"] for x in d]
assert len(p)==600 and p==sorted(p)
"
'

test_expect_success 'a line of its own below "## Sign-Off" is named with the sign-off line that belongs there' '
	cd repo &&
	d=postmortems/INC-2026-0042.md &&
	sed "s/^- Engineering Manager: .*/- **Author**: Dana Ops\n&/" "$FIXTURES/complete.md" >$d &&
	n=$(grep -n "^- \*\*Author\*\*" $d | cut -d: -f1) &&
	test_expect_code 1 pmgit check $d >out &&
	test_grep "^$d:$n:1: error: .- \*\*Author\*\*: Dana Ops. is below .## Sign-Off., where no signature reaches; move it above .## Sign-Off. \(only the sign-off lines belong there, one per slot, such as .- Engineering Manager: \[Name\] - \[Date\]., which .pmgit finalize. fills in\) \[signoff-section\]$" out &&
	# the slots are the repository'"'"'s own
	sed -i "s/{ slot: Engineering Manager,/{ slot: Incident Commander,/" .pmgit/config.yaml &&
	sed -i "s/^- Engineering Manager: /- Incident Commander: /" $d &&
	test_expect_code 1 pmgit check $d >out &&
	test_grep "^$d:$n:1: error: .*such as .- Incident Commander: \[Name\] - \[Date\]., which" out &&
	git checkout .pmgit/config.yaml && rm $d
'

test_done