#!/bin/sh
# pmgit init and pmgit new: set-up, IDs, the template.
. "$(dirname "$0")/lib.sh"

test_expect_success 'new in a repository without .pmgit/ says to run pmgit init' '
	git init -q plain && cd plain &&
	test_expect_code 3 pmgit new 2>err &&
	test_grep "run .pmgit init." err &&
	test ! -e postmortems
'

test_expect_success 'init from a subdirectory sets up the repository root and stages it' '
	git init -q repo && mkdir -p repo/a/b && cd repo/a/b &&
	pmgit init >out &&
	cd ../.. &&
	test -f .pmgit/config.yaml && test -f .pmgit/keyring.yaml && test -d postmortems &&
	git diff --cached --name-only >staged &&
	test_grep "^.pmgit/config.yaml$" staged && test_grep "^.pmgit/keyring.yaml$" staged
'

test_expect_success 'init names the keyring line to run with this user'"'"'s address and key, and it runs as printed' '
	git init -q steps && cd steps &&
	pmgit init >out &&
	test_grep "^  pmgit keygen  +\(an ed25519 key to sign with\)$" out &&
	test_grep "^  pmgit keyring add priya@example.com --key ~/.config/pmgit/signing.key.pub --slot .Engineering Manager.$" out &&
	git commit -q -m setup &&
	PMGIT_PASSPHRASE=correct-horse pmgit keygen >/dev/null &&
	eval "$(sed -n "s/^  \(pmgit keyring add .*\)/\1/p" out)" &&
	pmgit keyring list >list && test_grep "priya@example.com" list &&
	# a key already there is the one named, and no keygen
	git init -q ../steps2 && cd ../steps2 && git config user.email "o'"'"'neil@example.com" &&
	pmgit init >out &&
	test_grep "^  pmgit keyring add .o.\\\\..neil@example.com. --key ~/.config/pmgit/signing.key.pub" out &&
	test_no_grep "pmgit keygen" out &&
	rm "$HOME/.config/pmgit/signing.key" "$HOME/.config/pmgit/signing.key.pub" &&
	mkdir -p "$HOME/.ssh" && ssh-keygen -q -t ed25519 -N "" -f "$HOME/.ssh/id_ed25519" &&
	git init -q ../steps3 && cd ../steps3 && pmgit init >out &&
	test_grep "^  pmgit keyring add priya@example.com --key ~/.ssh/id_ed25519.pub --slot" out &&
	test_no_grep "pmgit keygen" out &&
	rm -r "$HOME/.ssh"
'

# git's SSH commit signing keeps the team's keys in an allowed_signers file
test_expect_success 'init names git'"'"'s allowed signers file for the team'"'"'s keys, and its line runs' '
	git init -q signers && cd signers &&
	ssh-keygen -q -t ed25519 -N "" -f ../teammate &&
	echo "sam@example.com namespaces=\"git\" $(cat ../teammate.pub)" >"$HOME/allowed signers" &&
	git config gpg.ssh.allowedSignersFile "~/allowed signers" &&
	pmgit init >out &&
	test_grep "^  pmgit keyring add PRINCIPAL --key ~/.allowed signers. --slot SLOT   \(each teammate in git.s allowed signers file\)$" out &&
	line=$(sed -n "s/^  \(pmgit keyring add PRINCIPAL .* --slot SLOT\) .*/\1/p" out) &&
	line=$(echo "$line" | sed "s/PRINCIPAL/sam@example.com/; s/SLOT/\"SRE Lead\"/") &&
	eval "$line" >/dev/null 2>&1 &&
	pmgit keyring list >list && test_grep "sam@example.com" list &&
	git init -q ../nosigners && cd ../nosigners && pmgit init >out && test_no_grep "allowed signers" out &&
	rm "$HOME/allowed signers"
'

test_expect_success 'init names the git mv for a postmortem whose name has spaces, and it runs as printed' '
	git init -q spaced && cd spaced && mkdir incidents &&
	sed "s/INC-2026-0042/INC-2024-003/" "$FIXTURES/complete.md" >"incidents/2024 03 db outage.md" &&
	sed "s/INC-2026-0042/INC-2024-004/" "$FIXTURES/complete.md" >"incidents/INC-2024-004.md" &&
	cp incidents/INC-2024-004.md "incidents/old notes.markdown" &&
	git add -A && git commit -q -m "from before pmgit" &&
	pmgit init >out &&
	test_grep "such as .git mv \"incidents/2024 03 db outage.md\" incidents/INC-2024-003.md.$" out &&
	eval "$(sed -n "s/.*such as .\(git mv .*\).$/\1/p" out)" &&
	test -f incidents/INC-2024-003.md &&
	test_grep "rename it: git mv \"incidents/old notes.markdown\" \"incidents/old notes.md\"$" out
'

test_expect_success 'init refuses to overwrite an existing setup' '
	cd repo && echo "# mine" >>.pmgit/config.yaml && cp .pmgit/config.yaml before &&
	test_expect_code 3 pmgit init 2>err &&
	test_grep "already exists" err &&
	test_cmp before .pmgit/config.yaml
'

test_expect_success 'init --hooks stopped by a foreign hook says what it did; run again, it installs the hooks' '
	git init -q hooked && cd hooked &&
	printf "#!/bin/sh\nexit 0\n" >.git/hooks/pre-commit && chmod +x .git/hooks/pre-commit &&
	test_expect_code 3 pmgit init --hooks >out 2>err &&
	test_grep "pre-commit. exists and was not written by pmgit" err &&
	test_grep "pmgit is set up and the files are staged, but the hooks are not installed" err &&
	git diff --cached --name-only >staged && test_grep "^.pmgit/config.yaml$" staged &&
	rm .git/hooks/pre-commit && cp .pmgit/config.yaml before &&
	pmgit init --hooks >out &&
	test_grep "this repository is set up; installing the hooks" out &&
	pmgit init --hooks --directory elsewhere >out 2>err &&
	test_grep "^note: .pmgit/config.yaml already exists, so --directory and --id-format change nothing" err &&
	test_grep "pmgit pre-commit hook, installed by" .git/hooks/pre-commit && test -x .git/hooks/pre-push &&
	test_cmp before .pmgit/config.yaml
'

test_expect_success 'init that cannot stage takes back what it wrote, so it can run again' '
	git init -q locked && cd locked && : >.git/index.lock &&
	test_expect_code 3 pmgit init >out 2>err &&
	test_grep "^error: the git index is locked" err &&
	test_grep "^nothing is set up: the files written are taken back" err &&
	test ! -e .pmgit && test ! -e postmortems &&
	rm .git/index.lock && pmgit init >out &&
	git diff --cached --name-only >staged && test_grep "^.pmgit/config.yaml$" staged
'

test_expect_success 'init marks follow-ups for union merges, and names the line for a .gitattributes of the team' '
	git init -q attrs && cd attrs && pmgit init >out &&
	test_grep "^wrote .gitattributes$" out &&
	test "$(git check-attr merge -- postmortems/2026/INC-2026-0001.actions.yaml)" = \
		"postmortems/2026/INC-2026-0001.actions.yaml: merge: union" &&
	git diff --cached --name-only >staged && test_grep "^.gitattributes$" staged &&
	cd .. && git init -q attrs2 && cd attrs2 && echo "*.png binary" >.gitattributes &&
	pmgit init >out &&
	test_grep "^note: add .postmortems/\*\*/\*\.actions\.yaml merge=union. to .gitattributes" out &&
	test "$(cat .gitattributes)" = "*.png binary"
'

test_expect_success 'init keeps a keyring that is already there' '
	git init -q kept && cd kept && mkdir .pmgit && echo "version: 1" >.pmgit/keyring.yaml &&
	pmgit init >out &&
	test_grep "kept existing .pmgit/keyring.yaml" out &&
	test "$(cat .pmgit/keyring.yaml)" = "version: 1"
'

test_expect_success 'new twice gives two consecutive IDs and prints the path' '
	cd repo && git commit -q -m setup &&
	pmgit new --date 2026-03-04 >one &&
	pmgit new --date 2026-03-05 >two &&
	test "$(cat one)" = "$PWD/postmortems/INC-2026-0001.md" &&
	test "$(cat two)" = "$PWD/postmortems/INC-2026-0002.md" &&
	test -f postmortems/INC-2026-0001.md && test -f postmortems/INC-2026-0002.md
'

test_expect_success 'new fills ID, Date, Author, Status, title and severity' '
	cd repo &&
	pmgit new --title "Disk full on db-3" --date 2026-03-06 --severity P2 >path &&
	f=$(cat path) &&
	test_grep "^# Postmortem: Disk full on db-3$" "$f" &&
	test_grep "^\*\*Incident ID\*\*: INC-2026-0003$" "$f" &&
	test_grep "^\*\*Date\*\*: 2026-03-06$" "$f" &&
	test_grep "^\*\*Author\(s\)\*\*: Priya Raman$" "$f" &&
	test_grep "^\*\*Status\*\*: Draft$" "$f" &&
	test_grep "^- \*\*Severity\*\*: P2$" "$f"
'

test_expect_success 'a new postmortem passes the draft level as it is' '
	cd repo && pmgit check --errors-only postmortems/INC-2026-0003.md >out &&
	test_grep "0 errors" out
'

test_expect_success 'IDs count per year, and IDs on other branches are taken' '
	cd repo && git add postmortems && git commit -q -m three &&
	git checkout -q -b other && pmgit new --date 2026-03-07 >/dev/null &&
	git add postmortems && git commit -q -m four && git checkout -q main &&
	test ! -e postmortems/INC-2026-0004.md &&
	pmgit new --date 2026-03-08 >path &&
	test "$(basename "$(cat path)")" = INC-2026-0005.md &&
	pmgit new --date 2025-06-02 >path &&
	test "$(basename "$(cat path)")" = INC-2025-0001.md
'

test_expect_success 'the repository template overrides the built-in one' '
	cd repo && printf "# Incident: [Incident title]\n\n**Incident ID**: x\n**Date**: x\n**Status**: x\n" >.pmgit/template.md &&
	pmgit new --title Short --date 2026-05-01 >path &&
	test_grep "^# Incident: Short$" "$(cat path)" &&
	test_grep "^\*\*Status\*\*: Draft$" "$(cat path)"
'

test_expect_success 'a template exported from Google Docs, its brackets escaped, is filled in and judged as the plain one' '
	new_repo gdocs && cd gdocs &&
	pmgit new --title "Disk full on db-3" --date 2026-05-01 >plain &&
	pmgit check --level review "$(cat plain)" >plain.out; test $? = 1 &&
	sed -e "s/\[/\\\\[/g; s/\]/\\\\]/g" "$TEST_DIR/../templates/postmortem.md" >.pmgit/template.md &&
	test_grep "^# Postmortem: \\\\\[Incident title\\\\\]" .pmgit/template.md &&
	pmgit new --title "Disk full on db-3" --date 2026-05-01 >escaped &&
	test_grep "^# Postmortem: Disk full on db-3$" "$(cat escaped)" &&
	pmgit check --level review "$(cat escaped)" >escaped.out; test $? = 1 &&
	test_grep ":6:16: error: unfilled placeholder .\[Names\]." escaped.out &&
	test "$(tail -n 1 escaped.out)" = "$(tail -n 1 plain.out)"
'

test_expect_success 'new from a template pandoc wrote back from a Word file names its run-on header and fills its items' '
	new_repo pandoc && cd pandoc &&
	printf "%s\n" "# Postmortem: \\[Incident title\\]" "" \
		"**Incident ID**: \\[INC-YYYY-NNNN\\] **Date**: \\[YYYY-MM-DD\\]" \
		"**Author(s)**: \\[Names\\] **Reviewers**: \\[Names\\] **Status**:" "\\[Draft/Final\\]" "" \
		"## Impact" "" "-   **Severity**: \\[P0/P1/P2\\]" >.pmgit/template.md &&
	pmgit new --title "Disk full" --severity P1 --date 2026-05-01 >path 2>err &&
	test_grep "^note: the header of .pmgit/template.md runs its fields together \(.\*\*Incident ID\*\*:. runs on into .\*\*Date\*\*:. on line 3\)" err &&
	test_no_grep "lacks the header field" err && test_no_grep "Severity" err &&
	test_grep "^# Postmortem: Disk full$" "$(cat path)" &&
	test_grep "^-   \*\*Severity\*\*: P1$" "$(cat path)" &&
	# a line for each field, filled where it stands, and the wrapped Status joined
	test "$(sed -n "3,7p" "$(cat path)" | cut -d: -f1 | tr "\n" " ")" = "**Incident ID** **Date** **Author(s)** **Reviewers** **Status** " &&
	test_grep "^\*\*Date\*\*: 2026-05-01$" "$(cat path)" && test_grep "^\*\*Status\*\*: Draft$" "$(cat path)" &&
	test "$(grep -c "Draft/Final\|YYYY-MM-DD" "$(cat path)")" = 0 &&
	pmgit check "$(cat path)" >out && test_grep "0 errors" out
'

test_expect_success 'a repository template sets the Impact figures asked, and new names the required sections it lacks' '
	git init -q own && cd own && pmgit init >/dev/null &&
	cat >.pmgit/template.md <<-\EOF &&
	# Postmortem: [Incident title]

	**Incident ID**: [INC-YYYY-NNNN]
	**Date**: [YYYY-MM-DD]
	**Author(s)**: [Names]
	**Reviewers**: [Names]
	**Status**: Draft

	---

	## Summary

	[What happened]

	## Impact

	- **Severity**: [P0/P1/P2]

	## Root Cause

	[Why]

	## Sign-Off

	- **SRE Lead**: [Name] - [Date]
	EOF
	pmgit new --date 2026-11-01 --severity P2 >path 2>err &&
	test_no_grep "is not written" err &&
	test_grep "^note: .pmgit/template.md has no .Executive Summary., .Timeline., .Contributing Factors., .Detection., .Resolution., .Corrective Actions., .Lessons Learned., .Action Items. sections that .pmgit/config.yaml requires \(required_sections\)" err &&
	test_expect_code 1 pmgit check --level review "$(cat path)" >out &&
	test_grep ": error: required section .## Timeline. is missing; add it here. .pmgit/config.yaml requires it \(required_sections\) but .pmgit/template.md lacks it" out &&
	test_no_grep "Users Affected|Duration" out &&
	sed -i "/^required_sections:/,/^\$/d" .pmgit/config.yaml &&
	printf "required_sections: [Summary, Impact, Root Cause]\n" >>.pmgit/config.yaml &&
	pmgit new --date 2026-11-02 >path 2>err &&
	test_no_grep "^note:" err &&
	sed -i "/Severity/d" .pmgit/template.md &&
	pmgit new --date 2026-11-02 --severity P1 >path 2>err &&
	test_grep "^note: the template has no .- \*\*Severity\*\*:. line, so --severity P1 is not written; add the line under Impact$" err &&
	test_expect_code 1 pmgit check --level review "$(cat path)" >out &&
	test_no_grep "section-missing" out &&
	rm .pmgit/template.md &&
	test_expect_code 1 pmgit check --level review "$(cat path)" >out &&
	test_grep "Impact has no .- \*\*Users Affected\*\*:. figure" out
'


test_expect_success 'new names the header fields and Action Items columns a repository template lacks; check says so too' '
	git init -q lacking && cd lacking && pmgit init >/dev/null &&
	sed -i "/^required_sections:/,\$d" .pmgit/config.yaml &&
	printf "required_sections: [Summary, Action Items]\n" >>.pmgit/config.yaml &&
	cat >.pmgit/template.md <<-\EOF &&
	# Postmortem: [Incident title]

	**Incident ID**: [INC-YYYY-NNNN]
	**Date**: [YYYY-MM-DD]
	**Author(s)**: [Names]
	**Status**: Draft

	## Summary

	[What happened]

	## Action Items

	| Action Item | Type | Owner | Bug |
	|---|---|---|---|
	| [Action] | [mitigate] | [Name] | [Link] |
	EOF
	pmgit new --date 2026-11-01 >path 2>err &&
	test_grep "^note: .pmgit/template.md lacks the header field .Reviewers. and the Action Items columns .Due Date., .Status., which every postmortem needs before review: add them to the template$" err &&
	test_grep "^\*\*Reviewers\*\*: \[Names\]$" "$(cat path)" &&
	sed -i "/^\*\*Reviewers\*\*/d" "$(cat path)" &&
	test_expect_code 1 pmgit check --level review "$(cat path)" >out &&
	test_grep "error: missing header field .\*\*Reviewers\*\*: their names.; add it before the first .---. \(.pmgit/template.md lacks it too: add it there, so that new postmortems start with it\) \[header\]$" out &&
	test_grep "error: the Action Items table has no .Due Date. column; add one \(the table in .pmgit/template.md lacks it too" out &&
	rm .pmgit/template.md && cp "$(cat path)" keep.md &&
	test_expect_code 1 pmgit check --level review keep.md >out 2>/dev/null &&
	test_no_grep "lacks it too" out
'
test_expect_success 'Action Items as a list, or a Timeline in prose, are an error, unless the repository template has them so too' '
	new_repo listed && cd listed &&
	sed -e "/^| Action | Owner/,/^| Issue one/c\\- [ ] Alert 14 days before a certificate expires (Priya)" \
		-e "/^| Time | Event/,/^| 11:47/c\\The certificate expired at 09:12 and we recovered by 10:47." \
		"$FIXTURES/complete.md" >postmortems/INC-2026-0042.md &&
	test_expect_code 1 pmgit check --now 2026-02-15 postmortems/INC-2026-0042.md >out &&
	test_grep "^postmortems/INC-2026-0042.md:[0-9]+:1: error: the Action Items are a list, so no owner, due date or status can be read.*\[action-owner\]$" out &&
	test_grep "^postmortems/INC-2026-0042.md:42:1: error: the Timeline is not in a table, so no time, order or span can be read.*\[timeline-time\]$" out &&
	printf "# Postmortem: [Incident title]\n\n**Incident ID**: [INC-YYYY-NNNN]\n\n## Timeline\n\n[What happened when]\n\n## Action Items\n\n- [ ] [Action] ([Owner])\n" >.pmgit/template.md &&
	pmgit check --now 2026-02-15 postmortems/INC-2026-0042.md >out &&
	test_no_grep "action-owner|timeline-time" out
'

test_expect_success 'init in a repository that already has postmortems says how they will be judged' '
	git init -q legacy && cd legacy && mkdir postmortems &&
	printf "# Old outage\n" >postmortems/2023-01-outage.md &&
	printf "# Older\n" >postmortems/2022-05-db.md &&
	printf "# Oldest\n" >postmortems/2021-03-dns.markdown && printf "# About\n" >postmortems/README.markdown &&
	pmgit init >out &&
	test_grep "^postmortems/ already holds 2 postmortems: .pmgit check. shows what they lack, and the hooks judge each one the next time it changes$" out &&
	test_grep "^note: 1 Markdown file in postmortems/ is named other than .md \(such as postmortems/2021-03-dns.markdown\).*git mv postmortems/2021-03-dns.markdown postmortems/2021-03-dns.md$" out &&
	git init -q ../empty && cd ../empty && pmgit init >out && test_no_grep "already holds" out
'

test_expect_success 'a team template kept beside the postmortems is named by init, passed over, and becomes the repository template' '
	git init -q with-template && cd with-template && mkdir -p postmortems &&
	sed "s/INC-2026-0042/INC-2026-0007/" "$FIXTURES/complete.md" >postmortems/INC-2026-0007.md &&
	sed "s/^## Appendix/## Customer Communication\n\nWhat customers were told.\n\n## Appendix/" \
		"$FIXTURES/seed-template.md" >postmortems/TEMPLATE.md &&
	cp "$FIXTURES/seed-template.md" postmortems/short-template.md &&
	git add -A && git commit -q -m "postmortems and their templates" &&
	pmgit init >out &&
	test_grep "^note: postmortems/TEMPLATE.md is a postmortem template, not a postmortem; .pmgit new. starts from .pmgit/template.md when there is one, so make it yours: git mv .postmortems/TEMPLATE.md. .pmgit/template.md$" out &&
	test_grep "^note: postmortems/short-template.md is a template \(its Incident ID is a placeholder\), not a postmortem; move it out of postmortems/ or delete it" out &&
	test_grep "^postmortems/ already holds 1 postmortem:" out &&
	pmgit status >status && test_no_grep "TEMPLATE|Incident title" status &&
	git mv postmortems/TEMPLATE.md .pmgit/template.md && git rm -q postmortems/short-template.md &&
	git commit -q -m "Set up pmgit" &&
	pmgit new --title "Queue backlog" >path &&
	test_grep "^## Customer Communication$" "$(cat path)" &&
	pmgit hooks install >/dev/null && printf "# Team template\n" >postmortems/template.md &&
	git add postmortems/template.md && git commit -q -m "a template again, passed over"
'

test_expect_success 'init takes the directory and ID format of the postmortems git tracks' '
	git init -q migrate && cd migrate && mkdir -p docs/pm/2024 docs/pm/2025 &&
	sed "s/INC-2026-0042/INC-2024-017/" "$FIXTURES/complete.md" >docs/pm/2024/INC-2024-017.md &&
	sed "s/INC-2026-0042/INC-2025-003/" "$FIXTURES/complete.md" >docs/pm/2025/db-outage.md &&
	sed -e "s/INC-2026-0042/INC-2024-009/" -e "s/^\*\*Status\*\*: .*/**Status**: Final/" \
		"$FIXTURES/complete.md" >docs/pm/2024/cdn-outage.md &&
	cp "$FIXTURES/seed-template.md" docs/template.md &&
	git add docs && git commit -q -m "postmortems from before pmgit" &&
	pmgit init >out &&
	test_grep "^found 3 postmortems git tracks under docs/pm/ \(such as INC-2024-017\), so the policy reads:$" out &&
	test_grep "^note: 1 Final one is not named after its Incident ID and keeps its name: a Final postmortem cannot be renamed" out &&
	test_no_grep "git mv docs/pm/2024/cdn-outage.md" out &&
	test_grep "^directory: docs/pm$" .pmgit/config.yaml &&
	test_grep "^id_format: INC-\{year\}-\{seq:3\}$" .pmgit/config.yaml &&
	test_grep "^note: 1 of them is not named after its Incident ID, as pmgit expects \(<ID>.md\): such as .git mv docs/pm/2025/db-outage.md docs/pm/2025/INC-2025-003.md.$" out &&
	test_grep "^docs/pm/ already holds 3 postmortems" out &&
	test ! -e docs/pm/.gitkeep && test ! -e postmortems &&
	pmgit status >status &&
	test_grep "^INC-2024-017 " status && test_grep "^INC-2025-003 " status &&
	test_grep "^INC-2024-009 +Final" status &&
	pmgit check --errors-only docs/pm/2024/INC-2024-017.md &&
	pmgit new --date 2024-06-01 >path &&
	test "$(cat path)" = "$PWD/docs/pm/2024/INC-2024-018.md" &&
	pmgit new --date 2025-06-01 >path &&
	test "$(cat path)" = "$PWD/docs/pm/2025/INC-2025-004.md"
'

test_expect_success 'init finds postmortems whose header a converter ran together, and check names it' '
	git init -q joined && cd joined && mkdir -p docs/pm &&
	printf "%s\n" "# Postmortem: Disk full" "" \
		"**Incident ID**: OPS-2024-017 **Date**: 2024-03-01 **Author(s)**: Dana" \
		"Kim **Reviewers**: Bob **Status**: Draft" "" "## Impact" >docs/pm/OPS-2024-017.md &&
	git add docs && git -c user.name=x -c user.email=x@y commit -q -m legacy &&
	pmgit init >out &&
	test_grep "^  directory: docs/pm$" out && test_grep "^  id_format: OPS-\{year\}-\{seq:3\}$" out &&
	test_expect_code 1 pmgit check docs/pm/OPS-2024-017.md >out &&
	test_grep ":3:3: error: .\*\*Incident ID\*\*:. runs on into .\*\*Date\*\*:. on this line" out
'

test_expect_success 'init says how Final postmortems from before pmgit can verify, and that way works' '
	git init -q legacy-final && cd legacy-final && mkdir postmortems &&
	sed -e "s/INC-2026-0042/INC-2026-0001/" -e "s/^\*\*Status\*\*: .*/**Status**: Final/" \
		"$FIXTURES/complete.md" >postmortems/INC-2026-0001.md &&
	sed -e "s/INC-2026-0042/INC-2026-0002/" -e "s/^\*\*Date\*\*: .*/**Date**: 2026-01-05/" \
		"$FIXTURES/complete.md" >postmortems/INC-2026-0002.md &&
	git add . && git commit -q -m old &&
	pmgit init >out &&
	test_grep "^note: 1 of them is Final with no sign-offs; pmgit adds none to a Final postmortem, so .pmgit verify. fails it. To accept it as approved before pmgit, add .since: 2026-02-11. \(the day after its incident Date\) to each slot in .pmgit/config.yaml" out &&
	test_no_grep "^found" out &&
	git commit -q -m setup &&
	test_expect_code 1 pmgit verify postmortems/INC-2026-0001.md >out &&
	sed -i "/slot:/s/ }\$/, since: 2026-02-11 }/" .pmgit/config.yaml &&
	pmgit verify postmortems/INC-2026-0001.md >out &&
	test_grep "not required for incidents before 2026-02-11" out
'

test_expect_success 'init counts a Status written Complete among the Final ones from before pmgit' '
	git init -q legacy-complete && cd legacy-complete && mkdir postmortems &&
	sed -e "s/INC-2026-0042/INC-2026-0001/" -e "s/^\*\*Status\*\*: .*/**Status**: Complete/" \
		"$FIXTURES/complete.md" >postmortems/INC-2026-0001.md &&
	sed -e "s/INC-2026-0042/INC-2026-0002/" -e "s/^\*\*Status\*\*: .*/**Status**: Final/" \
		-e "s/^\*\*Date\*\*: .*/**Date**: 2026-03-01/" "$FIXTURES/complete.md" >postmortems/INC-2026-0002.md &&
	git add . && git commit -q -m old &&
	pmgit init >out &&
	test_grep "^note: 2 of them are Final with no sign-offs \(some with their Status written .Complete.; write Final there\); .* add .since: 2026-03-02. \(the day after the latest of their incident Dates\)" out &&
	git commit -q -m setup &&
	sed -i "/slot:/s/ }\$/, since: 2026-03-02 }/" .pmgit/config.yaml &&
	sed -i "s/^\*\*Status\*\*: Complete/**Status**: In Review/" postmortems/INC-2026-0001.md &&
	pmgit finalize postmortems/INC-2026-0001.md >/dev/null && git commit -q -a -m "legacy: final" &&
	pmgit verify >out && test_grep "^2 postmortems verified: 0 failing" out
'

test_expect_success 'a legacy postmortem written Final by hand keeps the names signed before pmgit' '
	git init -q legacy-names && cd legacy-names && mkdir postmortems &&
	sed -e "s/INC-2026-0042/INC-2026-0001/" -e "s/^\*\*Status\*\*: .*/**Status**: Complete/" \
		-e "s/^- \(SRE Lead\|Engineering Manager\|VP Engineering\): \[Name\] - \[Date\]$/- \1: Signed On Paper - 2026-02-12/" \
		"$FIXTURES/complete.md" >postmortems/INC-2026-0001.md &&
	test "$(grep -c "Signed On Paper" postmortems/INC-2026-0001.md)" = 3 &&
	git add . && git commit -q -m old &&
	pmgit init --hooks >/dev/null && git commit -q -m setup &&
	sed -i "/slot:/s/ }\$/, since: 2026-02-11 }/" .pmgit/config.yaml && git commit -q -a -m since &&
	sed -i -e "s/^\*\*Status\*\*: Complete/**Status**: Final/" \
		-e "s/^- Product Manager: \[Name\] - \[Date\]$/- Product Manager: not signed (optional)/" \
		-e "s/^\*\*\(Published\|Last Updated\)\*\*: \[Date\]/**\1**: 2026-02-12/" postmortems/INC-2026-0001.md &&
	git commit -q -a -m "legacy: Final" 2>err &&
	pmgit verify >out && test_grep "^1 postmortem verified: 0 failing" out &&
	test "$(grep -c "Signed On Paper" postmortems/INC-2026-0001.md)" = 3
'

test_expect_success 'init options choose the directory and ID format, quoted where YAML needs it' '
	git init -q chosen && cd chosen &&
	pmgit init --directory ./incidents/ --id-format "{year}-{seq:3}" >out &&
	test_grep "^directory: incidents$" .pmgit/config.yaml &&
	test_grep "^id_format: \"{year}-{seq:3}\"$" .pmgit/config.yaml &&
	test -f incidents/.gitkeep &&
	pmgit new --date 2026-02-02 >path &&
	test "$(cat path)" = "$PWD/incidents/2026-001.md"
'

test_expect_success 'init refuses a bad directory or ID format and writes nothing' '
	git init -q refused && cd refused &&
	test_expect_code 2 pmgit init --directory ../elsewhere 2>err &&
	test_grep "^error: --directory: .directory. must be a relative path inside the repository" err &&
	test_expect_code 2 pmgit init --directory .pmgit/x 2>err &&
	test_expect_code 2 pmgit init --id-format "INC-{seq:3}{year}" 2>err &&
	test_grep "^error: --id-format: id_format .INC-\{seq:3\}\{year\}. needs text between placeholders$" err &&
	test_expect_code 2 pmgit init --id-format "INC {seq}" 2>err &&
	test ! -e .pmgit && test ! -e postmortems
'

test_expect_success 'init says so when tracked postmortems share no directory or ID format' '
	git init -q scattered && cd scattered && mkdir -p ops &&
	sed "s/INC-2026-0042/OPS-17/" "$FIXTURES/complete.md" >OPS-17.md &&
	sed "s/INC-2026-0042/INC-2024-0003/" "$FIXTURES/complete.md" >ops/INC-2024-0003.md &&
	git add . && git commit -q -m old &&
	pmgit init >out &&
	test_grep "^found 2 postmortems git tracks, with no directory of their own \(OPS-17.md, ops/INC-2024-0003.md\); pmgit keeps postmortems in one directory: move them into postmortems/ with .git mv., or into another and set .directory. in .pmgit/config.yaml$" out &&
	test_grep "^note: 1 of their IDs do not follow .INC-\{year\}-\{seq:4\}. \(such as OPS-17\), and no one format fits them all" out &&
	test_grep "^directory: postmortems$" .pmgit/config.yaml &&
	test -f postmortems/.gitkeep
'

test_expect_success 'new refuses bad options with usage errors' '
	cd repo &&
	test_expect_code 2 pmgit new --severity P9 &&
	test_expect_code 2 pmgit new --date 2026-13-01 2>err &&
	test_grep "^error: --date: .2026-13-01. is not a day of the calendar \\(YYYY-MM-DD\\)$" err &&
	test_expect_code 2 pmgit new --date 2026-02-30 2>err &&
	test_grep "is not a day of the calendar" err &&
	test_expect_code 2 pmgit new --date 2099-01-01 2>err &&
	test_grep "^error: --date is after today \([0-9-]{10}\); an incident is dated the day it happened$" err &&
	test_expect_code 2 pmgit new --date 2026-2-3 2>err &&
	test_grep "^error: --date takes a date, YYYY-MM-DD, not .2026-2-3.$" err &&
	before=$(ls postmortems | wc -l) &&
	test_expect_code 2 pmgit new Database failover 2>err &&
	test_grep "^error: one title, in quotes: pmgit new .Database failover.$" err &&
	test_expect_code 2 pmgit new --title A B 2>err &&
	test_grep "^error: the title is given twice: as --title and as .B.$" err &&
	test_expect_code 2 pmgit new --title "  " 2>err &&
	test_grep "^error: the title is empty" err &&
	test_expect_code 2 pmgit new "$(printf "a\033[2Jb")" 2>err &&
	test_grep "^error: the title has a control character" err &&
	test "$(ls postmortems | wc -l)" = "$before"
'

test_expect_success 'new takes the title as its argument, as people type it first' '
	git init -q bare-title && cd bare-title && pmgit init >/dev/null &&
	pmgit new "Database failover took the API down" --severity P2 >path &&
	test_grep "^# Postmortem: Database failover took the API down$" "$(cat path)" &&
	test_grep "^- \*\*Severity\*\*: P2$" "$(cat path)"
'

test_expect_success 'new gives a postmortem the header a bare template lacks, and fills fields under their names' '
	git init -q bare-tpl && cd bare-tpl && pmgit init >/dev/null &&
	printf "# Incident: [Title]\n\n**Incident #**: [ID]\n**Incident Date**: [Date]\n\n## Summary\n\n[What happened]\n" >.pmgit/template.md &&
	pmgit new "Aliases" --date 2026-05-02 >path 2>err &&
	f=$(cat path) &&
	printf "%s\n" "# Incident: Aliases" "" "**Incident #**: INC-2026-0001" "**Incident Date**: 2026-05-02" \
		"**Author(s)**: $(git config user.name)" "**Reviewers**: [Names]" "**Status**: Draft" "" \
		"## Summary" "" "[What happened]" >want &&
	test_cmp want "$f" &&
	pmgit check --level draft "$f" >out && test_grep " 0 errors" out &&
	printf "# T\n## Summary\n\nx" >.pmgit/template.md &&
	pmgit new --date 2026-05-02 >path 2>err && f=$(cat path) &&
	test "$(sed -n 2p "$f")" = "" && test "$(sed -n 3p "$f")" = "**Incident ID**: INC-2026-0002" &&
	test "$(sed -n 7p "$f")" = "**Status**: Draft" && test "$(sed -n 8p "$f")" = "" &&
	test "$(tail -n 1 "$f")" = x
'

test_expect_success 'new takes a severity in any case and writes it as the rules ask' '
	git init -q sev && cd sev && pmgit init >/dev/null &&
	pmgit new --severity p1 --date 2026-05-02 >path &&
	test_grep "^- \*\*Severity\*\*: P1$" "$(cat path)"
'

test_expect_success 'a custom id_format and directory are followed' '
	git init -q custom && cd custom && pmgit init >/dev/null &&
	sed -i -e "s/^directory: postmortems/directory: docs\/incidents/" \
		-e "s/^id_format: .*/id_format: PM-{seq:3}/" .pmgit/config.yaml &&
	pmgit new --date 2026-01-01 >path &&
	test "$(cat path)" = "$PWD/docs/incidents/PM-001.md" &&
	test_grep "^\*\*Incident ID\*\*: PM-001$" docs/incidents/PM-001.md
'

test_done
