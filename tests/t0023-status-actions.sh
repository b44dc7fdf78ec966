#!/bin/sh
# pmgit status and pmgit actions: the overview across postmortems.
. "$(dirname "$0")/lib.sh"

new_repo repo
make_key alice
(
	cd repo &&
	cp "$FIXTURES/complete.md" postmortems/INC-2026-0042.md &&
	sed -e "s/INC-2026-0042/INC-2026-0007/" -e "s/Severity\*\*: P1/Severity**: P2/" \
		-e "s/| Dana Kim |/| Sam Lee |/" -e "s/^\*\*Status\*\*: In Review/**Status**: Draft/" \
		"$FIXTURES/complete.md" >postmortems/INC-2026-0007.md &&
	pmgit keyring add alice@example.com --key ../keys/alice.pub --slot "SRE Lead" &&
	pmgit sign postmortems/INC-2026-0042.md --slot "SRE Lead" --key ../keys/alice --signer alice@example.com
) >/dev/null 2>&1

test_expect_success 'status lists every postmortem with status, severity and sign-offs' '
	cd repo && pmgit status >out &&
	test_grep "^ID +STATUS +SEVERITY +SIGN-OFFS +TITLE$" out &&
	test_grep "^INC-2026-0007 +Draft +P2 +0/2 +Checkout outage" out &&
	test_grep "^INC-2026-0042 +In Review +P1 +1/3 +Checkout outage" out &&
	test_no_grep "Postmortem:" out
'

test_expect_success 'status lists the postmortems named by ID or path, from any directory' '
	cd repo && pmgit status INC-2026-0042 >out &&
	test_grep "^INC-2026-0042 +In Review +P1 +1/3" out && test_no_grep "INC-2026-0007" out &&
	(cd postmortems && pmgit status INC-2026-0007.md INC-2026-0042 --format json) >out &&
	test_grep "INC-2026-0007" out && test_grep "INC-2026-0042" out &&
	test_expect_code 3 pmgit status INC-2026-0999 2>err &&
	test_grep "no postmortem has the ID .INC-2026-0999." err &&
	pmgit status >all && pmgit status postmortems >dir && test_cmp all dir &&
	(cd postmortems && pmgit status .) >dir && test_cmp all dir &&
	pmgit actions >all && pmgit actions postmortems >dir && test_cmp all dir &&
	test_expect_code 2 pmgit status .pmgit 2>err &&
	test_grep "no postmortems under .\.pmgit." err
'

test_expect_success 'status --open leaves out the Final postmortems, and says how many' '
	cd repo && sed "s/INC-2026-0042/INC-2026-0003/; s/^\*\*Status\*\*: .*/**Status**: Final/" \
		"$FIXTURES/complete.md" >postmortems/INC-2026-0003.md &&
	pmgit status >out && test_grep "^INC-2026-0003 +Final" out &&
	pmgit status --open >out &&
	test_grep "^ID +STATUS" out && test_grep "^INC-2026-0007 +Draft" out &&
	test_grep "^INC-2026-0042 +In Review" out && test_no_grep "INC-2026-0003" out &&
	test_grep "^1 Final postmortem not listed$" out &&
	pmgit status --open --format json >out && test_no_grep "INC-2026-0003" out &&
	test_grep "INC-2026-0007" out &&
	test_expect_code 2 pmgit status --open --to-sign 2>err &&
	test_grep "leave out --open" err &&
	rm postmortems/INC-2026-0003.md &&
	git init -q ../all-final && cd ../all-final && pmgit init >/dev/null &&
	sed "s/^\*\*Status\*\*: .*/**Status**: Final/" "$FIXTURES/complete.md" >postmortems/INC-2026-0042.md &&
	pmgit status --open >out && test "$(cat out)" = "every postmortem is Final (1)"
'

test_expect_success 'status and verify list IDs numbered without padding by their number' '
	git init -q unpadded && cd unpadded && pmgit init --id-format "PM-{seq}" >/dev/null &&
	for n in 12 7 100 8; do
		sed "s/INC-2026-0042/PM-$n/" "$FIXTURES/complete.md" >postmortems/PM-$n.md || return 1
	done &&
	pmgit status >out && test "$(sed -n "2,\$s/ .*//p" out | tr "\n" " ")" = "PM-7 PM-8 PM-12 PM-100 " &&
	pmgit verify >out; test "$(grep -o "^postmortems/PM-[0-9]*" out | tr "\n" " ")" = \
		"postmortems/PM-7 postmortems/PM-8 postmortems/PM-12 postmortems/PM-100 "
'

test_expect_success 'status marks a stale sign-off and a failing postmortem, and says what the marks mean' '
	cd repo && test_no_grep "^[!*] " out &&
	cp postmortems/INC-2026-0042.md ../kept.md &&
	sed -i "s/Roughly 38% of checkout attempts failed./About 38% of checkout attempts failed./" postmortems/INC-2026-0042.md &&
	pmgit status >out &&
	test_grep "^INC-2026-0042 +In Review +P1 +0/3 \* +Checkout outage" out &&
	test_grep "^\* a sign-off went stale when the postmortem changed: .pmgit verify ID. shows what changed since$" out &&
	test_no_grep "^! " out &&
	pmgit status --format json >out.json &&
	python3 -c "
import json; d=json.load(open(\"out.json\"))[\"postmortems\"]
x={p[\"id\"]:p for p in d}
assert x[\"INC-2026-0042\"][\"signoffs_stale\"]==1 and x[\"INC-2026-0007\"][\"signoffs_stale\"]==0
" &&
	sed -i "s/^\*\*Status\*\*: In Review/**Status**: Final/" postmortems/INC-2026-0042.md &&
	pmgit status >out &&
	test_grep "^INC-2026-0042 +Final +P1 +0/3 ! \* +Checkout outage" out &&
	test_grep "^! fails verification: .pmgit verify ID. says why$" out &&
	cp ../kept.md postmortems/INC-2026-0042.md
'

test_expect_success 'status names a postmortem without an ID by its file, in the ID column' '
	git init -q legacy && cd legacy && pmgit init >/dev/null &&
	printf "# Old outage\n\nSome notes\n" >postmortems/2023-01-outage.md &&
	cp "$FIXTURES/complete.md" postmortems/INC-2026-0042.md &&
	pmgit status >out &&
	test "$(sed -n 2p out | cut -c1-16)" = "2023-01-outage  " &&
	test "$(sed -n 2p out | cut -c17-)" = "unknown    -         0/3 !      Old outage" &&
	test_grep "^! fails verification" out &&
	test "$(sed -n 3p out | cut -c17-26)" = "In Review " &&
	test_no_grep "^\? " out
'

test_expect_success 'status shows a Status it does not read as written, marked ?' '
	cd legacy &&
	sed -e "s/^\*\*Status\*\*: In Review/**Status**: Complete/" "$FIXTURES/complete.md" >postmortems/INC-2026-0043.md &&
	sed -i "s/INC-2026-0042/INC-2026-0043/" postmortems/INC-2026-0043.md &&
	sed -e "s/^\*\*Status\*\*: In Review/**Status**: Terminé et publié/" -e "s/INC-2026-0042/INC-2026-0044/" \
		"$FIXTURES/complete.md" >postmortems/INC-2026-0044.md &&
	pmgit status >out &&
	test_grep "^INC-2026-0043 +Complete\? +P1 " out &&
	test_grep "^INC-2026-0044 +Terminé\? +P1 " out &&
	test_grep "^\? a Status that is none of Draft, In Review, Final: .pmgit check ID. names the one to write$" out &&
	pmgit status --format json >out.json &&
	python3 -c "
import json; d=json.load(open(\"out.json\"))[\"postmortems\"]
x={p[\"path\"]:p for p in d}
assert x[\"postmortems/INC-2026-0043.md\"][\"status\"]==\"unknown\" and x[\"postmortems/INC-2026-0043.md\"][\"status_written\"]==\"Complete\"
assert x[\"postmortems/INC-2026-0042.md\"][\"status_written\"] is None
" &&
	rm postmortems/INC-2026-0043.md postmortems/INC-2026-0044.md
'

test_expect_success 'status --format json' '
	cd repo && pmgit status --format json >out.json &&
	python3 -c "
import json; d=json.load(open(\"out.json\"))[\"postmortems\"]
x={p[\"id\"]:p for p in d}
assert x[\"INC-2026-0042\"][\"signoffs_valid\"]==1 and x[\"INC-2026-0042\"][\"signoffs_required\"]==3
assert x[\"INC-2026-0007\"][\"severity\"]==\"P2\" and x[\"INC-2026-0007\"][\"status\"]==\"Draft\"
assert x[\"INC-2026-0042\"][\"title\"].startswith(\"Postmortem: Checkout outage\")
"
'

test_expect_success 'status and verify --format json stay JSON when the first postmortem cannot be read, and name it' '
	cd repo && ln -s /etc/hostname postmortems/INC-2026-0001.md &&
	test_expect_code 3 pmgit status --format json >status.json 2>/dev/null &&
	test_expect_code 3 pmgit status >status.txt 2>/dev/null &&
	test_grep "^INC-2026-0042 " status.txt &&
	test_expect_code 1 pmgit verify --format json >verify.json 2>/dev/null &&
	rm postmortems/INC-2026-0001.md &&
	python3 -c "
import json
for f, key in ((\"status.json\", \"postmortems\"), (\"verify.json\", \"documents\")):
    d=json.load(open(f))[key]
    assert d[0][\"path\"]==\"postmortems/INC-2026-0001.md\" and d[0][\"ok\"] is False, f
    assert \"symbolic link\" in d[0][\"error\"], f
    assert len(d)==3, f
"
'

test_expect_success 'actions lists the others when one postmortem cannot be read, names it, and exits 3' '
	cd repo && pmgit actions >all && pmgit actions --format json >all.json &&
	ln -s /etc/hostname postmortems/INC-2026-0001.md &&
	test_expect_code 3 pmgit actions >out 2>err &&
	test_expect_code 3 pmgit actions --exit-code --now 2030-01-01 >/dev/null 2>&1 &&
	test_expect_code 3 pmgit actions --format json >out.json 2>/dev/null &&
	rm postmortems/INC-2026-0001.md &&
	test_cmp all out &&
	test_grep "^error: .*INC-2026-0001.md. is a symbolic link" err &&
	python3 -c "
import json
d=json.load(open(\"out.json\"))
assert d[\"actions\"] == json.load(open(\"all.json\"))[\"actions\"], d
assert d[\"unreadable\"][0][\"path\"] == \"postmortems/INC-2026-0001.md\" and \"symbolic link\" in d[\"unreadable\"][0][\"error\"], d
"
'

test_expect_success 'actions lists every action item, soonest due first' '
	cd repo && pmgit actions --now 2026-02-15 >out &&
	test_grep "^INCIDENT +DUE +STATUS +OWNER +ACTION$" out &&
	test "$(grep -c "^INC-2026-00" out)" = 10 &&
	head -n 2 out | tail -n 1 | grep -q "2026-02-10"
'

test_expect_success 'actions leaves out the template row of a postmortem not filled in yet' '
	cd repo && pmgit new --title "Fresh draft" --date 2026-02-14 >path &&
	pmgit actions --now 2026-02-15 >out &&
	test "$(grep -c "^INC-2026-00" out)" = 10 && test_no_grep "\[Action\]|\[Name\]" out &&
	# as Google Docs exports it: brackets escaped, rendering the same
	sed -i "s/\[/\\\\[/g; s/\]/\\\\]/g" "$(cat path)" && grep -q "^| \\\\\[Action\\\\\] |" "$(cat path)" &&
	pmgit actions --now 2026-02-15 >out &&
	test "$(grep -c "^INC-2026-00" out)" = 10 && test_no_grep "Action\\\\|Name\\\\" out &&
	rm "$(cat path)"
'

test_expect_success 'actions --overdue and --owner filter' '
	cd repo && pmgit actions --overdue --now 2026-02-25 >out &&
	test "$(grep -c "^INC-" out)" = 4 &&
	test_no_grep "Done" out &&
	pmgit actions --owner "dana" --now 2026-02-25 >out &&
	test "$(grep -c "^INC-" out)" = 1 && test_grep "^INC-2026-0042 .*Dana Kim" out &&
	pmgit actions --owner "TOMÁS  ortega" --now 2026-02-25 >out &&
	test "$(grep -c "^INC-" out)" = 4 && test_no_grep "Priya|Dana" out &&
	pmgit actions --owner "tomas" --now 2026-02-25 >out2 && test_cmp out out2 &&
	make_key tomas && cp .pmgit/keyring.yaml ../keyring.orig &&
	pmgit keyring add tomas@example.com --name "Tomás Ortega" --key ../keys/tomas.pub --slot "SRE Lead" >/dev/null &&
	pmgit actions --owner TOMAS@example.com --now 2026-02-25 >out2 && test_cmp out out2 &&
	cp ../keyring.orig .pmgit/keyring.yaml && git add .pmgit/keyring.yaml &&
	pmgit actions --owner tomas@example.com --now 2026-02-25 >out2 && test_grep "^no action items" out2 &&
	pmgit actions --overdue --now 2026-01-01 >out && test "$(cat out)" = "no overdue action items"
'

test_expect_success 'actions marks overdue items in words, not only in colour' '
	cd repo && NO_COLOR=1 pmgit actions --now 2026-02-25 >out &&
	test "$(grep -c "^INC-2026-00[0-9][0-9]  [0-9-]* ! " out)" = 4 &&
	test_grep "^! open and past due on 2026-02-25 \(4\)$" out &&
	pmgit actions --now 2026-01-01 >out && test_no_grep " ! |past due" out
'

test_expect_success 'actions --exit-code fails while an item listed is overdue, for a scheduled job' '
	cd repo && test_expect_code 1 pmgit actions --exit-code --now 2026-02-25 >out &&
	test_grep "^! open and past due on 2026-02-25 \(4\)$" out &&
	test_expect_code 1 pmgit actions --overdue --exit-code --format json --now 2026-02-25 >out &&
	test_grep "\"overdue\": true" out &&
	pmgit actions --exit-code --now 2026-01-01 >out && test_no_grep " ! " out &&
	pmgit actions --overdue --exit-code --now 2026-01-01 >out &&
	test "$(cat out)" = "no overdue action items" &&
	pmgit actions --now 2026-02-25 >/dev/null
'

test_expect_success 'actions lines its columns up as a terminal shows them (emoji, accents)' '
	cd repo && pmgit actions --now 2026-02-15 >out &&
	test_grep "✅ Done" out && test_grep "Tomás Ortega" out &&
	python3 -c "
import re, unicodedata, sys
def width(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in \"WF\" else 1 for c in s)
lines = open(\"out\", encoding=\"utf-8\").read().splitlines()
starts = set()
for l in lines:
    starts.add(width(l[:list(re.finditer(\"  +\", l))[-1].end()]))
sys.exit(0 if len(starts) == 1 else \"ACTION column starts at columns %s\" % sorted(starts))
"
'

test_expect_success 'actions and status show a link as its text; JSON keeps the cell as written' '
	cd repo && pmgit new --title "Linked owner" --date 2026-02-14 >path &&
	sed -i "s#^| \[Action\] | \[Name\] | \[YYYY-MM-DD\] | \[Planned/In Progress/Done\] |\$#| Enable [failsafe](https://wiki/pg) mode | [PLAT-221](https://jira.example.com/browse/PLAT-221) @tchen | 2026-02-20 | Planned |#" "$(cat path)" &&
	pmgit actions --now 2026-02-15 >out &&
	test_grep "  PLAT-221 @tchen  +Enable failsafe mode$" out && test_no_grep "https://" out &&
	pmgit actions --format json --now 2026-02-15 >out.json &&
	test_grep "\"owner\": \"\[PLAT-221\]\(https://jira.example.com/browse/PLAT-221\) @tchen\"" out.json &&
	sed -i "1s#.*#\# Postmortem: Linked [owner](https://wiki/x)#" "$(cat path)" &&
	pmgit status >out && test_grep " Linked owner$" out &&
	rm "$(cat path)"
'

test_expect_success 'actions --format json marks overdue items' '
	cd repo && pmgit actions --format json --now 2026-02-25 >out.json &&
	python3 -c "
import json; a=json.load(open(\"out.json\"))[\"actions\"]
assert len(a)==10
o=[x for x in a if x[\"overdue\"]]
assert len(o)==4 and all(x[\"state\"]==\"open\" for x in o)
assert any(x[\"owner\"]==\"Sam Lee\" and x[\"incident\"]==\"INC-2026-0007\" for x in a)
"
'

test_expect_success 'actions, verify and status hold a bounded amount, not every postmortem, in memory' '
	new_repo few && copies_of_fixture few/postmortems 1000 1250 12 &&
	new_repo many && copies_of_fixture many/postmortems 1000 2000 12 &&
	(cd many && pmgit actions --format json >../out.json) &&
	python3 -c "
import json; a=json.load(open(\"out.json\"))[\"actions\"]
assert len(a)==5000, len(a)
assert a[0][\"action\"] and a[-1][\"owner\"]
" &&
	# four times the postmortems (20 KB each): held, they would take some three
	# times the memory. AddressSanitizer holds freed memory back unless told not to.
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0" && export ASAN_OPTIONS &&
	for cmd in actions verify status; do
		few=$(cd few && peak_rss_kb "$PMGIT_BIN" $cmd) && many=$(cd many && peak_rss_kb "$PMGIT_BIN" $cmd) &&
		echo "$cmd: $few KiB for 250 postmortems, $many KiB for 1000" &&
		test $((many * 10)) -lt $((few * 16)) || return 1
	done
'

test_expect_success 'status --to-sign lists what awaits one signer, with the command' '
	new_repo queue && cd queue && make_key bob && make_key erin && add_signers >/dev/null &&
	cp "$FIXTURES/complete.md" postmortems/INC-2026-0042.md &&
	sed -e "s/INC-2026-0042/INC-2026-0043/" -e "s/^\*\*Status\*\*: In Review/**Status**: Draft/" \
		"$FIXTURES/complete.md" >postmortems/INC-2026-0043.md &&
	git add -A && git commit -q -m "two postmortems" &&
	pmgit status --to-sign --signer alice@example.com >out &&
	test_grep "^ID +SLOT +SIGN-OFF +COMMAND$" out &&
	test_grep "^INC-2026-0042 +SRE Lead +missing +pmgit sign postmortems/INC-2026-0042.md --slot \"SRE Lead\"$" out &&
	test_no_grep "INC-2026-0043" out &&
	test_grep "^1 sign-off awaits alice@example.com$" out &&
	pmgit status >out && test_no_grep "await" out &&
	git config user.email alice@example.com && pmgit status >out &&
	test_grep "^1 sign-off awaits you \(alice@example.com\): .pmgit status --to-sign. lists it$" out &&
	pmgit status --format json >out && test_no_grep "await" out &&
	git config --unset user.email &&
	pmgit sign postmortems/INC-2026-0042.md --slot "SRE Lead" --key ../keys/alice --signer alice@example.com >/dev/null &&
	pmgit status --to-sign --signer alice@example.com >out &&
	test_grep "^nothing awaits alice@example.com.s sign-off$" out &&
	sed -i "s/Roughly 38% of checkout attempts failed./About 38% of checkout attempts failed./" postmortems/INC-2026-0042.md &&
	pmgit status --to-sign --signer alice@example.com --format json >out.json &&
	python3 -c "
import json; d=json.load(open(\"out.json\"))
assert d[\"signer\"]==\"alice@example.com\", d
assert d[\"to_sign\"]==[{\"path\": \"postmortems/INC-2026-0042.md\", \"id\": \"INC-2026-0042\", \"slot\": \"SRE Lead\", \"state\": \"stale\", \"required\": True}], d
" &&
	pmgit status --to-sign --signer erin@example.com >out &&
	test_grep "^INC-2026-0042 +VP Engineering +missing " out &&
	sed -i "s/^\*\*Author(s)\*\*: .*/**Author(s)**: Erin Park/" postmortems/INC-2026-0042.md &&
	pmgit status --to-sign --signer erin@example.com >out &&
	test_grep "^nothing awaits erin@example.com.s sign-off$" out
'

test_expect_success 'status --to-sign: of two required slots one signer holds, one sign-off is due' '
	new_repo both && cd both && add_signers >/dev/null &&
	pmgit keyring add bob@example.com --slot "SRE Lead" >/dev/null &&
	cp "$FIXTURES/complete.md" postmortems/INC-2026-0042.md &&
	git add -A && git commit -q -m "bob holds two slots" &&
	pmgit status --to-sign --signer bob@example.com >out &&
	test_grep "^INC-2026-0042 +Engineering Manager +missing " out &&
	test_grep "^INC-2026-0042 +SRE Lead +missing " out &&
	test_grep "^1 sign-off awaits bob@example.com$" out &&
	test_grep "^note: one person fills one required slot of a postmortem \(one_slot_per_person\), so sign one of the required slots listed for INC-2026-0042$" out &&
	git config user.email bob@example.com && pmgit status >out &&
	test_grep "^1 sign-off awaits you \(bob@example.com\)" out &&
	# once one is given, the other is not listed
	pmgit sign postmortems/INC-2026-0042.md --slot "SRE Lead" --key ../keys/bob >/dev/null 2>&1 &&
	pmgit status --to-sign >out &&
	test_grep "^nothing awaits bob@example.com.s sign-off$" out &&
	# their sign-off gone stale beside the other slot: still one of the two
	sed -i "s/Roughly 38% of checkout/About 38% of checkout/" postmortems/INC-2026-0042.md &&
	pmgit status --to-sign >out &&
	test_grep "^INC-2026-0042 +SRE Lead +stale " out &&
	test_grep "^INC-2026-0042 +Engineering Manager +missing " out &&
	test_grep "^1 sign-off awaits bob@example.com$" out &&
	# where the policy lets one person fill both, both are due
	git reset -q --hard && sed -i "s/^one_slot_per_person: .*/one_slot_per_person: false/" .pmgit/config.yaml &&
	grep -q "^one_slot_per_person: false" .pmgit/config.yaml &&
	pmgit status --to-sign >out &&
	test_grep "^2 sign-offs await bob@example.com$" out && test_no_grep "^note: one person" out
'

test_expect_success 'the commands named for a postmortem directory with a space in it run as printed' '
	git init -q spaced && cd spaced && pmgit init --directory "Post Mortems" >/dev/null &&
	git commit -q -m setup && add_signers >/dev/null &&
	pmgit new --title "Disk full" 2>err >/dev/null &&
	test_grep "then .pmgit check \"Post Mortems/INC-2026-0001.md\".$" err &&
	cp "$FIXTURES/complete.md" "Post Mortems/INC-2026-0042.md" &&
	git add -A && git commit -q --no-verify -m "INC-2026-0042" &&
	pmgit check "Post Mortems/INC-2026-0042.md" >out &&
	test_grep "alice@example.com can sign it with .pmgit sign \"Post Mortems/INC-2026-0042.md\" --slot \"SRE Lead\". \\[signoff\\]$" out &&
	pmgit status --to-sign --signer alice@example.com >out &&
	cmd=$(sed -n "s/^INC-2026-0042 .*  \(pmgit sign .*\)$/\1/p" out) &&
	test -n "$cmd" &&
	eval "$cmd --key ../keys/alice --signer alice@example.com" &&
	pmgit verify "Post Mortems/INC-2026-0042.md" >out; test_grep "^  SRE Lead +valid" out &&
	sed -i "s/Roughly 38% of checkout/About 38% of checkout/" "Post Mortems/INC-2026-0042.md" &&
	pmgit sign "Post Mortems/INC-2026-0042.md" --slot "SRE Lead" --key ../keys/alice --signer alice@example.com 2>err >/dev/null &&
	add=$(sed -n "s/.*(.\(git add .*\).)$/\1/p" err) && test -n "$add" &&
	eval "$add" && git diff --quiet -- "Post Mortems" &&
	# the hook names the check that lists every finding it did not show
	pmgit hooks install >/dev/null &&
	sed "s/^\*\*Status\*\*: .*/**Status**: In Review/" "Post Mortems/INC-2026-0001.md" >x &&
	mv x "Post Mortems/INC-2026-0001.md" && git add "Post Mortems/INC-2026-0001.md" &&
	test_must_fail git commit -q -m "half done" 2>err &&
	test_grep "; .pmgit check --staged \"Post Mortems/INC-2026-0001.md\". lists them all$" err &&
	cmd=$(sed -n "s/^\.\.\. and [0-9]* more in [^;]*; .\(pmgit check .*\). lists them all$/\1/p" err) &&
	test -n "$cmd" && { eval "$cmd" >out; test $? = 1; } &&
	test "$(grep -c "error:" out)" -gt 10
'

test_expect_success 'status --to-sign needs a signer the keyring knows; --signer alone is a usage error' '
	cd queue &&
	test_expect_code 3 pmgit status --to-sign 2>err &&
	test_grep "^error: .priya@example.com. \(git config user.email\) is not in .pmgit/keyring.yaml, the list of who may sign; pass --signer PRINCIPAL" err &&
	test_expect_code 2 pmgit status --signer alice@example.com 2>err &&
	test_grep "add --to-sign" err &&
	git config pmgit.signingKey ../keys/alice && pmgit status --to-sign >out 2>err &&
	test_grep "^note: listing for alice@example.com, the owner of your signing key in .pmgit/keyring.yaml \(git config user.email is priya@example.com\)$" err &&
	test_grep "^INC-2026-0042 +SRE Lead +stale " out &&
	git config --unset pmgit.signingKey &&
	git config user.email ALICE@example.com && pmgit status --to-sign >out 2>err &&
	test_grep "^note: .ALICE@example.com. is .alice@example.com. in" err
'

test_expect_success 'status --to-sign: a sign-off the rules do not count is for someone else to give' '
	cd queue &&
	pmgit sign postmortems/INC-2026-0042.md --slot "SRE Lead" --key ../keys/alice --signer alice@example.com >/dev/null &&
	pmgit keyring revoke alice@example.com --slot "SRE Lead" --reason "moved to product" >/dev/null &&
	pmgit keyring add alice@example.com --slot "Product Manager" >/dev/null &&
	make_key dave && pmgit keyring add dave@example.com --key ../keys/dave.pub --slot "SRE Lead" >/dev/null &&
	pmgit verify postmortems/INC-2026-0042.md >out; test_grep "^  SRE Lead +not-allowed" out &&
	pmgit status --to-sign --signer dave@example.com >out &&
	test_grep "^INC-2026-0042 +SRE Lead +not-allowed +pmgit sign postmortems/INC-2026-0042.md --slot \"SRE Lead\"$" out &&
	pmgit status --to-sign --signer alice@example.com >out &&
	test_no_grep "SRE Lead" out &&
	test_grep "^INC-2026-0042 +Product Manager +optional " out
'

test_done
