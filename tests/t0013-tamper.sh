#!/bin/sh
# Tampering: each way of faking or breaking a sign-off fails with its own
# status, with real records made by pmgit sign and ssh-keygen.
. "$(dirname "$0")/lib.sh"

DOC=postmortems/INC-2026-0042.md
REC=postmortems/INC-2026-0042.signoffs
A=$REC/sre-lead.alice-example-com.yaml

new_repo repo
make_key alice
make_key bob
make_key erin
make_key priya
make_ssh_key ssh-alice
(
	cd repo && cp "$FIXTURES/complete.md" $DOC &&
	sed -e "s/INC-2026-0042/INC-2026-0043/" $DOC >postmortems/INC-2026-0043.md &&
	pmgit keyring add alice@example.com --key ../keys/alice.pub --key ../keys/alice.pub --slot "SRE Lead" &&
	pmgit keyring add alice@example.com --key ../keys/ssh-alice.pub --slot "SRE Lead" &&
	pmgit keyring add bob@example.com --key ../keys/bob.pub --slot "Engineering Manager" --slot "VP Engineering" &&
	pmgit keyring add erin@example.com --key ../keys/erin.pub --slot "VP Engineering" &&
	pmgit keyring add priya@example.com --name "Priya Raman" --key ../keys/priya.pub --slot "VP Engineering" &&
	pmgit sign $DOC --slot "SRE Lead" --key ../keys/alice --signer alice@example.com &&
	git add -A && git commit -q -m signed
) >/dev/null

# state SLOT: the slot's state in pmgit verify's text output
state() {
	(cd repo && { pmgit verify $DOC >../out 2>&1 && echo 0 || echo $?; } >../rc)
	sed -n "s/^  $1  *\([a-z-]*\).*/\1/p" out
}
restore() {
	(cd repo && git reset -q --hard && git clean -qfd postmortems)
}

test_expect_success 'the untouched record is valid' '
	test "$(state "SRE Lead")" = valid
'

test_expect_success 'verify --failing shows only the postmortems that fail, and counts them all' '
	sed -i "s/^  slot: SRE Lead$/  slot: VP Engineering/" repo/$A &&
	(cd repo && test_expect_code 1 pmgit verify --failing >../out) &&
	test_grep "^postmortems/INC-2026-0042.md  INC-2026-0042 " out &&
	test_no_grep "INC-2026-0043" out &&
	test_grep "^2 postmortems verified: 1 failing$" out &&
	(cd repo && test_expect_code 1 pmgit verify --failing --format json >../out.json) &&
	python3 -c "import json; d=json.load(open(\"out.json\")); assert [x[\"path\"] for x in d[\"documents\"]] == [\"$DOC\"], d" &&
	(cd repo && test_expect_code 1 pmgit verify >../out) && test_grep "INC-2026-0043" out &&
	restore
'

test_expect_success 'the document edited after signing: stale' '
	sed -i "s/wildcard certificate on the EU/wildcard certificates on the EU/" repo/$DOC &&
	test "$(state "SRE Lead")" = stale && test "$(cat rc)" = 0 &&
	restore
'

for field in incident document-sha256 slot role signer key time; do
	test_expect_success "the statement's $field altered: invalid" "
		case $field in
		incident) sed -i 's/  incident: INC-2026-0042/  incident: INC-2026-0043/' repo/$A ;;
		document-sha256) sed -i -e 's/  document-sha256: 0/  document-sha256: 1/;t' -e 's/  document-sha256: ./  document-sha256: 0/' repo/$A ;;
		slot) sed -i 's/  slot: SRE Lead/  slot: SRE lead/' repo/$A ;;
		role) sed -i 's/  role: reviewer/  role: approver/' repo/$A ;;
		signer) sed -i 's/  signer: alice@example.com/  signer: alice@example.org/' repo/$A ;;
		key) sed -i -e 's/  key: SHA256:A/  key: SHA256:B/;t' -e 's/  key: SHA256:./  key: SHA256:A/' repo/$A ;;
		time) sed -i 's/  time: 20/  time: 19/' repo/$A ;;
		esac &&
		! git -C repo diff --quiet &&
		test \"\$(state 'SRE Lead')\" = invalid && test \"\$(cat rc)\" = 1 &&
		restore
	"
done

test_expect_success 'a record copied to another incident: invalid, incident mismatch' '
	mkdir -p repo/postmortems/INC-2026-0043.signoffs && cp repo/$A repo/postmortems/INC-2026-0043.signoffs/ &&
	(cd repo && test_expect_code 1 pmgit verify postmortems/INC-2026-0043.md >../out) &&
	test_grep "^  SRE Lead +invalid +alice@example.com, [0-9-]+: signed for incident INC-2026-0042, not INC-2026-0043" out &&
	restore
'

test_expect_success 'a reviewer key used for the approver slot: not-allowed' '
	(cd repo && pmgit keyring add alice@example.com --key ../keys/alice.pub --slot "VP Engineering" >/dev/null &&
	 sed -i "s/^one_slot_per_person: true/one_slot_per_person: false/" .pmgit/config.yaml &&
	 pmgit sign $DOC --slot "VP Engineering" --key ../keys/alice --signer alice@example.com >/dev/null &&
	 git checkout -q HEAD -- .pmgit) &&
	test "$(state "VP Engineering")" = not-allowed && test "$(cat rc)" = 1 &&
	test_grep "alice@example.com may not sign the .VP Engineering. slot" out &&
	restore
'

test_expect_success 'a revoked key: revoked (dated, and compromised)' '
	fp=$(ssh-keygen -l -f keys/alice.pub | cut -d" " -f2) &&
	(cd repo && pmgit keyring revoke "$fp" --reason "laptop lost" --date 2020-01-01 >/dev/null) &&
	test "$(state "SRE Lead")" = revoked && test "$(cat rc)" = 1 &&
	test_grep "was revoked on 2020-01-01 \(laptop lost\)" out &&
	restore &&
	(cd repo && pmgit keyring revoke "$fp" --reason "later" --date 2099-01-01 >/dev/null) &&
	test "$(state "SRE Lead")" = valid &&
	restore &&
	(cd repo && pmgit keyring revoke "$fp" --reason "stolen" --date 2099-01-01 --compromised >/dev/null) &&
	test "$(state "SRE Lead")" = revoked &&
	test_grep "was revoked on 2099-01-01 as compromised \(stolen\), which voids every sign-off it made" out &&
	(cd repo && pmgit check $DOC) >out &&
	test_grep "warning: sign-off .SRE Lead. is revoked: .*; sign it again with a key that is not revoked: .pmgit sign $DOC --slot \"SRE Lead\". \[signoff\]$" out &&
	restore
'

test_expect_success 'a key not in the keyring: unknown-key' '
	make_ssh_key mallory &&
	(cd repo && record_statement $A >../st &&
	 fp=$(ssh-keygen -l -f ../keys/mallory.pub | cut -d" " -f2) &&
	 sed -i "s|^key: .*|key: $fp|" ../st &&
	 ssh-keygen -q -Y sign -f ../keys/mallory -n pmgit-signoff ../st &&
	 write_record $A ../st ../st.sig && rm ../st.sig) &&
	test "$(state "SRE Lead")" = unknown-key && test "$(cat rc)" = 1 &&
	test_grep "is not one of alice@example.com.s keys in the keyring" out &&
	restore &&
	(cd repo && fp=$(ssh-keygen -l -f ../keys/mallory.pub | cut -d" " -f2) &&
	 record_statement $A | sed -e "s/^signer: .*/signer: mallory@example.com/" -e "s|^key: .*|key: $fp|" >../st &&
	 ssh-keygen -q -Y sign -f ../keys/mallory -n pmgit-signoff ../st &&
	 write_record $REC/sre-lead.mallory-example-com.yaml ../st ../st.sig && rm ../st.sig &&
	 { pmgit verify $DOC >../out || true; }) &&
	test_grep "record .*sre-lead.mallory-example-com.yaml: unknown-key: signer .mallory@example.com. is not in the keyring" out &&
	restore
'

test_expect_success 'a signature under another namespace: invalid' '
	(cd repo && record_statement $A >../st && ssh-keygen -q -Y sign -f ../keys/ssh-alice -n file ../st &&
	 fp=$(ssh-keygen -l -f ../keys/ssh-alice.pub | cut -d" " -f2) &&
	 sed -i "s|^key: .*|key: $fp|" ../st && rm ../st.sig &&
	 ssh-keygen -q -Y sign -f ../keys/ssh-alice -n file ../st &&
	 write_record $A ../st ../st.sig) &&
	test "$(state "SRE Lead")" = invalid &&
	test_grep "signed for namespace .file., not .pmgit-signoff." out &&
	restore
'

test_expect_success 'truncated or garbled armor: invalid' '
	head -n 13 repo/$A >x && mv x repo/$A &&
	test "$(state "SRE Lead")" = invalid && test_grep "no .-----END SSH SIGNATURE-----. line" out &&
	restore &&
	sed -i "12s/^  ..../  !!!!/" repo/$A &&
	test "$(state "SRE Lead")" = invalid && test_grep "not valid base64" out &&
	restore
'

test_expect_success 'the same person in two required slots: duplicate-signer' '
	(cd repo && pmgit sign $DOC --slot "VP Engineering" --key ../keys/bob --signer bob@example.com >/dev/null &&
	 test_expect_code 1 pmgit sign $DOC --slot "Engineering Manager" --key ../keys/bob --signer bob@example.com 2>../err) &&
	test_grep "bob@example.com already signed the .VP Engineering. slot; one person fills one required slot, so .Engineering Manager. needs someone else .{2}pmgit keyring list. shows who may sign it" err &&
	(cd repo && sed -i "s/^one_slot_per_person: true/one_slot_per_person: false/" .pmgit/config.yaml &&
	 pmgit sign $DOC --slot "Engineering Manager" --key ../keys/bob --signer bob@example.com >/dev/null &&
	 git checkout -q HEAD -- .pmgit/config.yaml) &&
	test "$(state "VP Engineering")" = duplicate-signer &&
	test_grep "bob@example.com already signed the .Engineering Manager. slot" out &&
	restore
'

test_expect_success 'an author approving their own postmortem: self-approval' '
	(cd repo && test_expect_code 1 pmgit sign $DOC --slot "VP Engineering" --key ../keys/priya --signer priya@example.com 2>../err) &&
	test_grep "priya@example.com is an author of .*; .VP Engineering. needs someone who did not write it" err &&
	(cd repo && sed -i "s/^authors_may_approve: false/authors_may_approve: true/" .pmgit/config.yaml &&
	 pmgit sign $DOC --slot "VP Engineering" --key ../keys/priya --signer priya@example.com >/dev/null &&
	 git checkout -q HEAD -- .pmgit/config.yaml) &&
	test "$(state "VP Engineering")" = self-approval &&
	test_grep "priya@example.com is an author of this postmortem and cannot approve it" out &&
	restore
'

# cannot_approve AUTHOR NAME: with AUTHOR first among the Author(s), NAME (key
# keys/NAME, principal NAME@example.com) is refused the approver slot as an author
cannot_approve() {
	(cd repo && sed -i "s#^\*\*Author(s)\*\*: .*#**Author(s)**: $1, Tomás Ortega#" $DOC &&
	 test_expect_code 1 pmgit sign $DOC --slot "VP Engineering" --key ../keys/$2 --signer $2@example.com 2>../err) &&
	test_grep "$2@example.com is an author of .*; .VP Engineering. needs someone who did not write it" err
}

test_expect_success 'an author is known in any case, spacing or Unicode form: ÉLODIE, PRIYA  RAMAN, ELODIE, a decomposed É or ΑΝΝΑ in capitals cannot approve either' '
	cannot_approve "PRIYA  RAMAN" priya &&
	make_key elodie && make_key anna &&
	(cd repo && pmgit keyring add elodie@example.com --name "Élodie Durand" --key ../keys/elodie.pub --slot "VP Engineering" >/dev/null &&
	 pmgit keyring add anna@example.com --name "Άννα Παπαδοπούλου" --key ../keys/anna.pub --slot "VP Engineering" >/dev/null) &&
	cannot_approve "ÉLODIE DURAND" elodie &&
	cannot_approve "$(printf "E\314\201lodie Durand")" elodie &&
	cannot_approve "ELODIE DURAND" elodie &&
	cannot_approve "ΑΝΝΑ ΠΑΠΑΔΟΠΟΥΛΟΥ" anna &&
	restore
'

test_expect_success 'an author is known through look-alike letters and invisible ones: a Cyrillic і, a soft hyphen, @prіya' '
	cannot_approve "$(printf "Pr\321\226ya Raman")" priya &&
	cannot_approve "$(printf "\320\240riya Raman")" priya &&
	cannot_approve "$(printf "Pri\302\255ya Raman")" priya &&
	cannot_approve "$(printf "@pr\321\226ya")" priya &&
	restore
'

test_expect_success 'an author written with a role, a handle or a link after the name, or whose address spells the name, cannot approve' '
	cannot_approve "Priya Raman (SRE)" priya &&
	cannot_approve "Dana Lee / Priya Raman (@prr)" priya &&
	cannot_approve "[Priya Raman](https://wiki.example.com/u/priya)" priya &&
	make_key sam.ortiz &&
	(cd repo && pmgit keyring add sam.ortiz@example.com --key ../keys/sam.ortiz.pub --slot "VP Engineering" >/dev/null 2>../err) &&
	test_grep "no --name given, so pmgit can tell sam.ortiz@example.com among a postmortem.s Author.s. only by address or handle" err &&
	cannot_approve "Sam Ortiz" sam.ortiz &&
	restore
'

test_expect_success 'an author whose name a converter wrapped onto the next line of the header cannot approve' '
	cannot_approve "Dana Lee, Priya\\nRaman" priya &&
	cannot_approve "Dana Lee,\\nPriya Raman" priya &&
	grep -A1 "^\*\*Author(s)\*\*: Dana Lee,$" repo/$DOC | tail -n 1 | grep -q "^Priya Raman, Tomás Ortega$" &&
	restore
'

test_expect_success 'with no name in the keyring, the approver signing goes by git user.name, and is told to add one' '
	make_key kim &&
	(cd repo && pmgit keyring add kim@example.com --key ../keys/kim.pub --slot "VP Engineering" >/dev/null 2>&1 &&
	 git config user.email kim@example.com && git config user.name "Kim Lee" &&
	 sed -i "s/^\*\*Author(s)\*\*: .*/**Author(s)**: Kim Lee, Tomás Ortega/" $DOC &&
	 test_expect_code 1 pmgit sign $DOC --slot "VP Engineering" --key ../keys/kim 2>../err) &&
	test_grep "kim@example.com is an author of .*; .VP Engineering. needs someone who did not write it" err &&
	(cd repo && git checkout -q -- $DOC && pmgit sign $DOC --slot "VP Engineering" --key ../keys/kim >/dev/null 2>../err) &&
	test_grep "keyring.yaml gives kim@example.com no name, so .pmgit verify. can tell them among a postmortem.s Author.s. only by address or handle" err &&
	(cd repo && git config --unset user.email && git config --unset user.name) &&
	restore
'

test_expect_success 'a record renamed to another slot or signer: invalid' '
	mv repo/$A repo/$REC/engineering-manager.alice-example-com.yaml &&
	(cd repo && pmgit verify $DOC >../out || true) &&
	test_grep "^  SRE Lead +invalid +alice@example.com, [0-9-]+: the record.s file name should be .sre-lead.alice-example-com.yaml." out &&
	restore
'

test_expect_success 'text added below "## Sign-Off" after signing: the signature that never covered it is invalid' '
	printf "\n## Appendix\n\nThe vendor caused it.\n" >>repo/$DOC &&
	n=$(grep -c "" repo/$DOC) &&
	test "$(state "SRE Lead")" = invalid && test "$(cat rc)" = 1 &&
	test_grep "^  SRE Lead +invalid +alice@example.com, [0-9-]+: the signature does not cover line $((n - 2)) of the document: the heading .## Appendix. comes below .## Sign-Off." out &&
	(cd repo && pmgit verify --explain $DOC >../out 2>&1; test $? = 1) &&
	test_grep "^# line $((n - 2)) is shown but left out of that hash, so no signature covers it:$" out &&
	sh -c "$(grep -A1 "^# line $((n - 2)) is shown" out | tail -n 1)" >shown &&
	test "$(cat shown)" = "## Appendix" &&
	(cd repo && pmgit verify --format json $DOC >../out.json; test $? = 1) &&
	python3 -c "import json; d=json.load(open(\"out.json\"))[\"documents\"][0]; assert d[\"uncovered_line\"] == $((n - 2)), d" &&
	(cd repo && pmgit check $DOC >../out; test $? = 1) &&
	test_grep "^$DOC:$((n - 2)):1: error: .* \[signoff-section\]$" out &&
	restore
'

test_expect_success 'a "## Sign-Off" hidden in a comment near the top, signed by ssh-keygen: invalid, as nothing below it is signed' '
	sed -i "0,/^## Executive Summary/s//<!--\n## Sign-Off\n-->\n## Executive Summary/" repo/$DOC &&
	line=$(grep -n "^## Sign-Off" repo/$DOC | head -n 1 | cut -d: -f1) &&
	hash=$(awk "h==0 && (/^---[ \t]*\$/ || /^## /) {h=1} /^## Sign-Off[ \t]*\$/ {exit} !(h==0 && /^\*\*Status\*\*:/) {print}" repo/$DOC |
		sha256sum | cut -d" " -f1) &&
	fp=$(ssh-keygen -l -f keys/ssh-alice.pub | cut -d" " -f2) &&
	record_statement repo/$A | sed -e "s/^document-sha256: .*/document-sha256: $hash/" -e "s|^key: .*|key: $fp|" >st &&
	rm -f st.sig && ssh-keygen -q -Y sign -f keys/ssh-alice -n pmgit-signoff st &&
	write_record repo/$A st st.sig &&
	test "$(state "SRE Lead")" = invalid && test "$(cat rc)" = 1 &&
	test_grep "does not cover line $line of the document: this .## Sign-Off. is inside a comment or a code block" out &&
	(cd repo && git add -A && test_expect_code 1 pmgit hook pre-commit 2>../err) &&
	test_grep "^$A: error: sign-off record is invalid: the signature does not cover line $line of the document: .*; delete the line \[record\]$" err &&
	sed -i "s/Roughly 38% of checkout/Roughly 3% of checkout/" repo/$DOC &&
	test "$(state "SRE Lead")" = invalid &&
	(cd repo && test_expect_code 1 pmgit sign $DOC --slot "SRE Lead" --key ../keys/alice --signer alice@example.com 2>../err) &&
	test_grep "^$DOC:$line:1: error: this .## Sign-Off. is inside a comment" err &&
	restore
'

test_expect_success 'a second Status line added to the header after signing, which the hash leaves out: invalid' '
	sed -i "s/^\*\*Status\*\*: In Review$/&\n**Status**: Final, approved by the board/" repo/$DOC &&
	line=$(grep -n "^\*\*Status\*\*: Final, approved" repo/$DOC | cut -d: -f1) &&
	test "$(state "SRE Lead")" = invalid && test "$(cat rc)" = 1 &&
	test_grep "does not cover line $line of the document: a second .\*\*Status\*\*:. line in the header" out &&
	restore
'

test_expect_success 'a record dated before its key was revoked, added after it: the hooks and the audit refuse it' '
	base=$(git -C repo rev-parse HEAD) &&
	fp=$(ssh-keygen -l -f keys/ssh-alice.pub | cut -d" " -f2) &&
	(cd repo && pmgit keyring revoke "$fp" --reason "laptop lost" --date 2026-10-01 >/dev/null &&
	 git add -A && git commit -q -m "Revoke the lost key") &&
	record_statement repo/$A | sed -e "s|^key: .*|key: $fp|" -e "s/^time: .*/time: 2026-09-30T09:00:00Z/" >st &&
	rm -f st.sig && ssh-keygen -q -Y sign -f keys/ssh-alice -n pmgit-signoff st &&
	write_record repo/$A st st.sig &&
	test "$(state "SRE Lead")" = valid &&
	(cd repo && git add -A && test_expect_code 1 pmgit hook pre-commit 2>../err) &&
	grep -qF "$A: error: sign-off record is signed with key $fp, revoked on 2026-10-01 (laptop lost), before this record was added;" err &&
	test_grep "^$A: error: .*whatever date it gives: sign again with a current key \[record\]$" err &&
	(cd repo && GIT_COMMITTER_DATE=2026-10-05T10:00:00Z git commit -q --no-verify -m "Backdated sign-off" &&
	 test_expect_code 1 pmgit verify --history >../out) &&
	test_grep "$A: .*revoked on 2026-10-01 \(laptop lost\), before this record was added" out &&
	git -C repo reset -q --hard "$base"
'

test_expect_success 'a record dated in the future is refused by the hooks; a day ahead is a time zone' '
	base=$(git -C repo rev-parse HEAD) &&
	fp=$(ssh-keygen -l -f keys/ssh-alice.pub | cut -d" " -f2) &&
	record_statement repo/$A | sed -e "s|^key: .*|key: $fp|" -e "s/^time: .*/time: 2031-05-01T09:00:00Z/" >st &&
	rm -f st.sig && ssh-keygen -q -Y sign -f keys/ssh-alice -n pmgit-signoff st &&
	write_record repo/$A st st.sig &&
	test "$(state "SRE Lead")" = valid &&
	(cd repo && git add -A && test_expect_code 1 pmgit hook pre-commit 2>../err) &&
	test_grep "^$A: error: sign-off record is dated 2031-05-01T09:00:00Z, after the day it is added \($(date -u +%Y-%m-%d)\); a sign-off cannot be given in the future: .* \[record\]$" err &&
	tomorrow=$(date -u -d tomorrow +%Y-%m-%dT%H:%M:%SZ) &&
	record_statement repo/$A | sed -e "s|^key: .*|key: $fp|" -e "s/^time: .*/time: $tomorrow/" >st &&
	rm -f st.sig && ssh-keygen -q -Y sign -f keys/ssh-alice -n pmgit-signoff st &&
	write_record repo/$A st st.sig &&
	(cd repo && git add -A && pmgit hook pre-commit) &&
	git -C repo reset -q --hard "$base"
'

test_expect_success 'a revocation dated ahead (a planned key rotation) spares the records added before its day' '
	base=$(git -C repo rev-parse HEAD) &&
	(cd repo && pmgit keyring revoke "$(ssh-keygen -l -f ../keys/alice.pub | cut -d" " -f2)" \
		--reason "rotation" --date 2099-01-01 >/dev/null &&
	 pmgit sign $DOC --slot "SRE Lead" --key ../keys/alice --signer alice@example.com >/dev/null &&
	 git reset -q --hard) &&
	fp=$(ssh-keygen -l -f keys/ssh-alice.pub | cut -d" " -f2) &&
	(cd repo && pmgit keyring revoke "$fp" --reason "rotation" --date 2099-01-01 >/dev/null &&
	 git add -A && git commit -q -m "Plan the rotation") &&
	record_statement repo/$A | sed -e "s|^key: .*|key: $fp|" >st &&
	rm -f st.sig && ssh-keygen -q -Y sign -f keys/ssh-alice -n pmgit-signoff st &&
	write_record repo/$A st st.sig &&
	test "$(state "SRE Lead")" = valid &&
	(cd repo && git add -A && pmgit hook pre-commit && git commit -q -m "Sign again" && pmgit verify --history >../out) &&
	git -C repo reset -q --hard "$base"
'

test_done
