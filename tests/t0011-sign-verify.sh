#!/bin/sh
# pmgit sign and pmgit verify, and interoperability with stock OpenSSH
# both ways: pmgit's records verify with ssh-keygen -Y verify against
# pmgit keyring export, and ssh-keygen -Y sign signatures verify in pmgit.
. "$(dirname "$0")/lib.sh"

DOC=postmortems/INC-2026-0042.md
REC=postmortems/INC-2026-0042.signoffs

new_repo repo
make_key alice
make_ssh_key bob
make_ssh_key erin
make_key stray
(
	cd repo &&
	cp "$FIXTURES/complete.md" $DOC &&
	add_signers &&
	git add -A && git commit -q -m "INC-2026-0042 in review"
) >/dev/null

test_expect_success 'sign writes the record, stages it and says what was signed' '
	cd repo &&
	pmgit sign $DOC --slot "SRE Lead" --key ../keys/alice --signer alice@example.com >out &&
	test_grep "^signed INC-2026-0042 for .SRE Lead. \(reviewer\)$" out &&
	test_grep "^  document-sha256  [0-9a-f]{64}$" out &&
	test_grep "^  signer           alice@example.com \(Alice Chen\)$" out &&
	test_grep "^commit it: git commit -m .INC-2026-0042: SRE Lead sign-off.$" out &&
	grep -qF "  key              $(ssh-keygen -l -f ../keys/alice.pub | cut -d" " -f2)" out &&
	test -f $REC/sre-lead.alice-example-com.yaml &&
	git diff --cached --name-only >staged &&
	test_grep "^$REC/sre-lead.alice-example-com.yaml$" staged &&
	pmgit verify $DOC >out; test $? = 0 &&
	test_grep "^  Engineering Manager +missing$" out && test_no_grep " $" out
'

test_expect_success 'the record holds the statement verbatim and the armored signature' '
	cd repo && record_statement $REC/sre-lead.alice-example-com.yaml >st &&
	test "$(sed -n 1p st)" = pmgit-signoff-v1 &&
	test "$(sed -n 2p st)" = "incident: INC-2026-0042" &&
	test "$(sed -n 4p st)" = "slot: SRE Lead" &&
	test "$(sed -n 5p st)" = "role: reviewer" &&
	test "$(sed -n 6p st)" = "signer: alice@example.com" &&
	test_grep "^time: 20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$" st &&
	test "$(wc -l <st)" = 8 &&
	record_signature $REC/sre-lead.alice-example-com.yaml >sig &&
	test "$(head -n 1 sig)" = "-----BEGIN SSH SIGNATURE-----" &&
	test "$(awk "length > 70" sig | wc -l)" = 0 &&
	! grep -q "$(printf "\r")" $REC/sre-lead.alice-example-com.yaml
'

test_expect_success 'the document hash is the sed/awk reproduction of the canonical document' '
	cd repo && want=$(sed -n "s/^document-sha256: //p" st) &&
	got=$(sed -e "1s/^\xEF\xBB\xBF//" -e "s/\r$//" $DOC |
		awk "h==0 && (/^---[ \t]*$/ || /^## /) {h=1} /^## Sign-Off[ \t]*$/ {exit} !(h==0 && /^\*\*Status\*\*:/) {print}" |
		sha256sum | cut -d" " -f1) &&
	test "$want" = "$got"
'

test_expect_success 'ssh-keygen -Y verify accepts the record against pmgit keyring export' '
	cd repo && pmgit keyring export >allowed_signers &&
	ssh-keygen -Y verify -f allowed_signers -I alice@example.com -n pmgit-signoff -s sig <st >out &&
	test_grep "^Good \"pmgit-signoff\" signature for alice@example.com" out &&
	! ssh-keygen -Y verify -f allowed_signers -I bob@example.com -n pmgit-signoff -s sig <st 2>/dev/null
'

test_expect_success 'an OpenSSH private key signs too' '
	cd repo && pmgit sign $DOC --slot "Engineering Manager" --key ../keys/bob --signer bob@example.com >out &&
	test -f $REC/engineering-manager.bob-example-com.yaml
'

test_expect_success 'a statement signed by ssh-keygen -Y sign is accepted by pmgit verify' '
	cd repo && record_statement $REC/sre-lead.alice-example-com.yaml >st &&
	fp=$(ssh-keygen -l -f ../keys/erin.pub | cut -d" " -f2) &&
	sed -e "s/^slot: .*/slot: VP Engineering/" -e "s/^role: .*/role: approver/" \
		-e "s/^signer: .*/signer: erin@example.com/" -e "s|^key: .*|key: $fp|" st >st-erin &&
	ssh-keygen -q -Y sign -f ../keys/erin -n pmgit-signoff st-erin &&
	write_record $REC/vp-engineering.erin-example-com.yaml st-erin st-erin.sig &&
	pmgit verify $DOC >out &&
	test_grep "^  VP Engineering +valid +erin@example.com" out &&
	test_grep "^  SRE Lead +valid +alice@example.com" out &&
	test_grep "^  Engineering Manager +valid +bob@example.com" out
'

test_expect_success 'verify --format json reports every slot and record' '
	cd repo && pmgit verify --format json >out.json &&
	python3 -c "
import json; d=json.load(open(\"out.json\"))
doc=d[\"documents\"][0]
assert doc[\"id\"]==\"INC-2026-0042\" and doc[\"complete\"] and doc[\"ok\"]
s={x[\"slot\"]:x for x in doc[\"slots\"]}
assert s[\"SRE Lead\"][\"state\"]==\"valid\" and s[\"SRE Lead\"][\"signer\"]==\"alice@example.com\"
assert s[\"Product Manager\"][\"state\"]==\"missing\" and not s[\"Product Manager\"][\"required\"]
assert len(doc[\"records\"])==3 and all(r[\"state\"]==\"valid\" for r in doc[\"records\"])
assert d[\"ok\"] and d[\"failing\"]==0
"
'

test_expect_success 'verify --explain prints ssh-keygen commands that reproduce each verdict' '
	cd repo && pmgit verify --explain $DOC >out &&
	grep -E "^(sed|ssh-keygen|grep) " out >cmds.sh &&
	test "$(grep -c "^ssh-keygen" cmds.sh)" = 3 &&
	sh -e cmds.sh >ran 2>&1 &&
	test "$(grep -c "^Good \"pmgit-signoff\" signature" ran)" = 3 &&
	test_grep "^[0-9a-f]{64}  -$" ran
'

test_expect_success 'the --explain commands run from any directory, with a TMPDIR holding a space' '
	mkdir "tmp dir" && tmp="$PWD/tmp dir" &&
	(cd repo/postmortems && TMPDIR="$tmp" pmgit verify --explain INC-2026-0042.md) >out &&
	grep -E "^(sed|ssh-keygen|grep) " out >cmds.sh &&
	test "$(grep -c "^ssh-keygen" cmds.sh)" = 3 &&
	sh -e cmds.sh >ran 2>&1 &&
	test "$(grep -c "^Good \"pmgit-signoff\" signature" ran)" = 3 &&
	hash=$(sed -n "s/^# .*: the document hash (\([0-9a-f]*\))$/\1/p" out) &&
	test_grep "^$hash  -$" ran
'

test_expect_success 'signing the same slot again after an edit replaces the stale record' '
	cd repo && git add -A && git commit -q -m signed &&
	sed -i "s/Roughly 38% of checkout attempts failed./About 38% of checkout attempts failed./" $DOC &&
	pmgit verify $DOC >out && test_grep "^  SRE Lead +stale" out &&
	head=$(git rev-parse --short=12 HEAD) &&
	test_grep "^ +alice@example.com signed the version of commit $head; what changed since: git diff $head -- .$DOC.$" out &&
	git diff $head -- $DOC >diff && test_grep "^\+.* About 38% of checkout attempts failed" diff &&
	pmgit verify >out && test_no_grep "signed the version of commit" out &&
	pmgit check $DOC >out &&
	test_grep "warning: sign-off .SRE Lead. is stale: the document changed after it was signed on [0-9-]+; sign it again over this content: .pmgit sign $DOC --slot \"SRE Lead\". \[signoff\]$" out &&
	pmgit sign $DOC --slot "SRE Lead" --key ../keys/alice --signer alice@example.com >out &&
	test_grep "\(replaced, staged\)" out &&
	test_grep "^  replaces +your sign-off of commit $head.s version; what changed since: git diff $head -- .$DOC.$" out &&
	pmgit verify $DOC >out && test_grep "^  SRE Lead +valid" out &&
	test "$(ls $REC | wc -l)" = 3
'

test_expect_success 'signer and key come from git config and the default key path' '
	cd repo && git config user.email bob@example.com && git config pmgit.signingKey ../keys/bob &&
	pmgit sign $DOC --slot "Engineering Manager" >out &&
	test_grep "signer           bob@example.com" out &&
	git config --unset pmgit.signingKey &&
	mkdir -p "$HOME/.config/pmgit" && cp ../keys/bob "$HOME/.config/pmgit/signing.key" &&
	pmgit sign $DOC --slot "Engineering Manager" >out &&
	git config user.email priya@example.com
'

test_expect_success 'a signer written in another case signs as the keyring spells it' '
	cd repo && git config user.email Alice@Example.COM &&
	pmgit sign $DOC --slot "SRE Lead" --key ../keys/alice >out 2>err &&
	git config user.email priya@example.com &&
	test_grep "^note: .Alice@Example.COM. is .alice@example.com. in .pmgit/keyring.yaml; using that$" err &&
	test_grep "^  signer           alice@example.com \(Alice Chen\)$" out &&
	test_grep "^  record           $REC/sre-lead.alice-example-com.yaml \(replaced, staged\)$" out &&
	test "$(ls $REC | wc -l)" = 3 &&
	pmgit verify $DOC >out && test_grep "^  SRE Lead +valid +alice@example.com" out
'

test_expect_success 'without --slot, sign takes the one slot the keyring lets the signer sign; two need a choice' '
	cd repo && pmgit sign $DOC --key ../keys/bob --signer bob@example.com >out 2>err &&
	test_grep "^note: signing for .Engineering Manager., the one slot of yours that applies$" err &&
	test_grep "^signed INC-2026-0042 for .Engineering Manager. \(reviewer\)$" out &&
	pmgit keyring add bob@example.com --key ../keys/bob.pub --slot "Product Manager" >/dev/null &&
	test_expect_code 2 pmgit sign $DOC --key ../keys/bob --signer bob@example.com 2>err &&
	test_grep "^error: bob@example.com may sign .Engineering Manager., .Product Manager.; say which with --slot$" err &&
	git checkout -q HEAD -- .pmgit/keyring.yaml
'

test_expect_success 'check names who may fill a missing sign-off, or says that nobody may yet' '
	git init -q who && cd who && pmgit init >/dev/null &&
	cp "$FIXTURES/complete.md" $DOC &&
	pmgit keyring add bob@example.com --key "$TRASH/keys/bob.pub" --slot "Engineering Manager" >/dev/null &&
	pmgit keyring add dana@example.com --key "$TRASH/keys/erin.pub" --slot "Engineering Manager" >/dev/null &&
	pmgit keyring add carol@example.com --key "$TRASH/keys/alice.pub" --slot "SRE Lead" >/dev/null &&
	pmgit check --now 2026-02-15 $DOC >out &&
	test_grep "warning: required sign-off .Engineering Manager. is missing; bob@example.com, dana@example.com can sign it with .pmgit sign $DOC --slot \"Engineering Manager\". \[signoff\]$" out &&
	test_grep "warning: required sign-off .VP Engineering. is missing, and nobody in .pmgit/keyring.yaml may sign it yet; add the signer with .pmgit keyring add PRINCIPAL --key KEY.pub --slot \"VP Engineering\". \[signoff\]$" out &&
	fp=$(ssh-keygen -l -f "$TRASH/keys/alice.pub" | cut -d" " -f2) &&
	pmgit keyring revoke "$fp" --reason "laptop stolen" --compromised >/dev/null 2>&1 &&
	pmgit check --now 2026-02-15 $DOC >out &&
	test_grep "required sign-off .SRE Lead. is missing, and nobody in .pmgit/keyring.yaml may sign it yet" out &&
	make_ssh_key priya &&
	pmgit keyring add priya@example.com --name "Priya Raman" --key "$TRASH/keys/priya.pub" --slot "VP Engineering" >/dev/null &&
	pmgit keyring add bob@example.com --slot "VP Engineering" >/dev/null &&
	pmgit check --now 2026-02-15 $DOC >out &&
	test_grep "required sign-off .VP Engineering. is missing; bob@example.com can sign it" out &&
	pmgit sign $DOC --slot "Engineering Manager" --key "$TRASH/keys/bob" --signer bob@example.com >/dev/null &&
	pmgit check --now 2026-02-15 $DOC >out &&
	test_grep "required sign-off .VP Engineering. is missing, and the separation rules rule out everyone .pmgit/keyring.yaml lets sign it \(an author cannot approve; one person fills one required slot\)" out
'

test_expect_success 'a missing sign-off points at its row of a Sign-Off table' '
	cd who && git rm -rq --cached $REC && rm -r $REC &&
	sed "/^## Sign-Off/,\$d" $DOC >doc.tmp &&
	n=$(wc -l <doc.tmp) &&
	printf "## Sign-Off\n\n| Role | Name | Date |\n|---|---|---|\n| SRE Lead | [Name] | [Date] |\n| Engineering Manager | [Name] | [Date] |\n" >>doc.tmp &&
	mv doc.tmp $DOC &&
	pmgit check --now 2026-02-15 $DOC >out &&
	test_grep "^$DOC:$((n + 5)):1: warning: required sign-off .SRE Lead. is missing" out &&
	test_grep "^$DOC:$((n + 6)):1: warning: required sign-off .Engineering Manager. is missing" out &&
	test_grep "^$DOC:$((n + 1)):1: warning: required sign-off .VP Engineering. is missing" out &&
	sed -i "s/^| SRE Lead | \[Name\] | \[Date\] |/| SRE Lead | Carol Diaz | 2026-02-14 |/" $DOC &&
	sed -i "s/^| Engineering Manager | \[Name\] |/| Engineering Manager | [Bob] |/" $DOC &&
	pmgit check --now 2026-02-15 $DOC >out &&
	test_grep "^$DOC:$((n + 5)):1: warning: required sign-off .SRE Lead. is missing: this line says .Carol Diaz., but only a signed record counts \(.pmgit finalize. writes this line from the records\), and nobody in .pmgit/keyring.yaml may sign it yet; add the signer with" out &&
	test_grep "^$DOC:$((n + 6)):1: warning: required sign-off .Engineering Manager. is missing; bob@example.com" out
'

test_expect_success 'sign refuses a document that does not pass the review level, showing why' '
	cd repo && cp "$FIXTURES/seed-template.md" postmortems/INC-2026-0050.md &&
	sed -i "s/\[INC-YYYY-NNNN\]/INC-2026-0050/; s/\[Draft\/Final\]/In Review/" postmortems/INC-2026-0050.md &&
	test_expect_code 1 pmgit sign postmortems/INC-2026-0050.md --slot "SRE Lead" --key ../keys/alice --signer alice@example.com 2>err &&
	test_grep "^postmortems/INC-2026-0050.md:4:11: error: Date .\[YYYY-MM-DD\]. is not a real date" err &&
	test_grep "does not pass the review level \([0-9]+ errors\)" err &&
	test "$(grep -c ": error: " err)" = 10 &&
	n=$(pmgit check --errors-only postmortems/INC-2026-0050.md 2>/dev/null | grep -c ": error: ") &&
	test "$n" -gt 10 &&
	test_grep "^\.\.\. and $((n - 10)) more; .pmgit check postmortems/INC-2026-0050.md. lists them all$" err &&
	test_grep "they are fixed$" err &&
	test ! -e postmortems/INC-2026-0050.signoffs &&
	sed -i "s/^\*\*Status\*\*: In Review/**Status**: Draft/" postmortems/INC-2026-0050.md &&
	test_expect_code 1 pmgit sign postmortems/INC-2026-0050.md --slot "SRE Lead" --key ../keys/alice --signer alice@example.com 2>err &&
	test_grep "they are fixed \(it is still a Draft: its author sets .\*\*Status\*\*: In Review. once it is ready\)$" err
'

test_expect_success 'sign refuses unknown slots, slots that do not apply, and signers or keys the keyring does not allow' '
	cd repo &&
	test_expect_code 2 pmgit sign $DOC --slot "Janitor" --key ../keys/alice --signer alice@example.com 2>err &&
	test_grep "no slot .Janitor." err &&
	test_expect_code 1 pmgit sign $DOC --slot "Engineering Manager" --key ../keys/alice --signer alice@example.com 2>err &&
	test_grep "does not allow alice@example.com to sign the .Engineering Manager. slot" err &&
	test_expect_code 1 pmgit sign $DOC --slot "SRE Lead" --key ../keys/alice --signer mallory@example.com 2>err &&
	test_grep "mallory@example.com. is not in .pmgit/keyring.yaml" err &&
	test_expect_code 1 pmgit sign $DOC --slot "SRE Lead" --key ../keys/erin --signer alice@example.com 2>err &&
	test_grep "is erin@example.com.s in .pmgit/keyring.yaml, not alice@example.com.s; if you are erin@example.com, sign with --signer erin@example.com$" err &&
	test_expect_code 1 pmgit sign $DOC --slot "SRE Lead" --key ../keys/stray --signer alice@example.com 2>err &&
	test_grep "is not one of alice@example.com.s keys in .pmgit/keyring.yaml; register it with" err &&
	sed -e "s/Severity\*\*: P1/Severity**: P2/" $DOC >postmortems/INC-2026-0051.md &&
	sed -i "s/INC-2026-0042/INC-2026-0051/" postmortems/INC-2026-0051.md &&
	test_expect_code 1 pmgit sign postmortems/INC-2026-0051.md --slot "VP Engineering" --key ../keys/erin --signer erin@example.com 2>err &&
	test_grep "slot .VP Engineering. does not apply to a P2 postmortem \(only to P0, P1\)" err &&
	test_expect_code 2 pmgit sign .pmgit/config.yaml --slot "SRE Lead" 2>err &&
	test_grep "is not a postmortem" err
'

test_expect_success 'the key names the signer when git user.email is not in the keyring' '
	rm -rf personal && cp -R repo personal && cd personal &&
	git config user.email alice.home@mail.example &&
	test_expect_code 1 pmgit sign $DOC --slot "SRE Lead" --key ../keys/nobody 2>err &&
	test_grep "alice.home@mail.example. is not in .pmgit/keyring.yaml \(it is git config user.email\);.*or pass --signer PRINCIPAL" err &&
	pmgit sign $DOC --slot "SRE Lead" --key ../keys/alice >out 2>err &&
	test_grep "^note: signing as alice@example.com, whose key this is in .pmgit/keyring.yaml \(git config user.email is alice.home@mail.example\)$" err &&
	test_grep "^  signer +alice@example.com " out &&
	test -f postmortems/INC-2026-0042.signoffs/sre-lead.alice-example-com.yaml &&
	test_expect_code 1 pmgit sign $DOC --slot "SRE Lead" --key ../keys/stray 2>err &&
	test_grep "alice.home@mail.example. is not in .pmgit/keyring.yaml \(it is git config user.email\)" err
'

test_expect_success 'a postmortem is named by its ID too, from any directory; messages name its file' '
	cd repo/postmortems &&
	pmgit sign INC-2026-0042 --slot "SRE Lead" --key ../../keys/alice --signer alice@example.com >out &&
	test_grep "^signed INC-2026-0042 for .SRE Lead." out &&
	pmgit verify INC-2026-0042 >out &&
	test_grep "^postmortems/INC-2026-0042.md +INC-2026-0042 " out &&
	(cd .. && pmgit verify INC-2026-0042.md) >out2 &&
	test_cmp out out2 &&
	pmgit check INC-2026-0050 >out; test $? = 1 &&
	test_grep "^postmortems/INC-2026-0050.md:4:11: error: " out &&
	test_expect_code 1 pmgit sign INC-2026-0050 --slot "SRE Lead" --key ../../keys/alice --signer alice@example.com 2>err &&
	test_grep "^postmortems/INC-2026-0050.md:4:11: error: " err &&
	test_grep "^error: .postmortems/INC-2026-0050.md. does not pass the review level" err &&
	test_expect_code 3 pmgit verify INC-2026-0099 2>err &&
	test_grep "^error: no postmortem has the ID .INC-2026-0099. \(there is no .postmortems/INC-2026-0099.md.\); .pmgit status. lists them$" err &&
	test_expect_code 3 pmgit finalize nothing.md 2>err &&
	test_grep "^error: .nothing.md.: no such file; name a postmortem by its path or by its ID" err
'

test_expect_success 'verify without paths covers every postmortem; a Final one lacking a sign-off fails' '
	cd repo && rm -f postmortems/INC-2026-0050.md &&
	sed -i "s/^\*\*Status\*\*: In Review/**Status**: Final/" postmortems/INC-2026-0051.md &&
	test_expect_code 1 pmgit verify >out &&
	test_grep "^postmortems/INC-2026-0051.md  INC-2026-0051  Final  P2  FAIL$" out &&
	test_grep "^  VP Engineering +not required for P2" out &&
	test_grep "^2 postmortems verified: 1 failing$" out &&
	test_expect_code 1 pmgit verify postmortems >out2 && test_cmp out out2 &&
	(cd postmortems && test_expect_code 1 pmgit verify .) >out2 && test_cmp out out2 &&
	test_expect_code 2 pmgit verify .pmgit 2>err &&
	test_grep "^error: no postmortems under .\.pmgit. \(they are the .md files under .postmortems/.\)$" err
'

test_expect_success 'verify fails a postmortem whose Status it cannot read, which readers may take for Final' '
	cd repo && mkdir -p ../unread &&
	for s in "Final." "Final ✅" "Complete" "-"; do
		sed -e "s/INC-2026-0042/INC-2026-0060/" -e "s/^\*\*Status\*\*: .*/**Status**: $s/" \
			"$FIXTURES/complete.md" >postmortems/INC-2026-0060.md &&
		if test "$s" = -; then sed -i "/^\*\*Status\*\*:/d" postmortems/INC-2026-0060.md; fi &&
		test_expect_code 1 pmgit verify postmortems/INC-2026-0060.md >out &&
		test_grep "^postmortems/INC-2026-0060.md  INC-2026-0060  unknown  P1  FAIL$" out || return 1
		case $s in
		Complete) test_grep "^  Status .Complete. is none of Draft, In Review, Final: pmgit cannot tell whether this postmortem is Final; write .Final. there$" out ;;
		-) test_grep "^  no Status in the header: pmgit cannot tell whether this postmortem is Final; add .\*\*Status\*\*: Draft. \(or In Review, Final\) to it$" out ;;
		*) test_grep "^  Status .$s. is none of Draft, In Review, Final: .* write Draft, In Review or Final there$" out ;;
		esac || return 1
	done &&
	test_expect_code 1 pmgit verify --format json postmortems/INC-2026-0060.md >out.json &&
	python3 -c "
import json, sys
d = json.load(open(\"out.json\"))[\"documents\"][0]
assert d[\"status\"] == \"unknown\" and d[\"status_written\"] is None and d[\"ok\"] is False, d
" &&
	sed -i "s/^\*\*Incident ID\*\*:.*/&\n**Status**: Draft/" postmortems/INC-2026-0060.md &&
	pmgit verify postmortems/INC-2026-0060.md >out &&
	test_grep "^postmortems/INC-2026-0060.md  INC-2026-0060  Draft  P1  ok$" out &&
	rm postmortems/INC-2026-0060.md
'

test_expect_success 'a path as pmgit prints it, from the top of the repository, works from a subdirectory' '
	cd repo/postmortems &&
	test_expect_code 1 pmgit verify postmortems/INC-2026-0051.md >out &&
	test_grep "^postmortems/INC-2026-0051.md  INC-2026-0051  Final" out &&
	pmgit check --level draft postmortems/INC-2026-0051.md >out &&
	test_grep "^1 postmortem checked" out &&
	test_expect_code 3 pmgit check ./postmortems/INC-2026-0051.md 2>err &&
	test_grep "no such file" err
'

test_expect_success 'verify --rev reads the files of a commit, not the working tree a local edit changed' '
	cd repo && git add -A && git commit -q --no-verify -m "to audit" && git tag audited &&
	pmgit verify $DOC >expect 2>/dev/null &&
	grep -q "Ingress certificate expires" $DOC &&
	sed -i "s/Ingress certificate expires/Ingress certificate expired/" $DOC &&
	test_grep "^  SRE Lead +valid " expect &&
	pmgit verify $DOC >out 2>/dev/null && test_grep "^  SRE Lead +stale " out &&
	pmgit verify --rev audited $DOC >out 2>err &&
	at=$(git rev-parse --short=12 audited) &&
	test_grep "what changed since: git diff [0-9a-f]{12} $at -- " out &&
	sed "s/\(git diff [0-9a-f]*\) $at -- /\1 -- /" out >out.plain && test_cmp expect out.plain &&
	test_grep "^note: reading the files of .audited. \(commit [0-9a-f]{12}\), not the working tree$" err &&
	pmgit verify --rev audited --format json $DOC >out.json 2>/dev/null &&
	python3 -c "import json; d=json.load(open(\"out.json\")); assert d[\"commit\"] == \"$(git rev-parse audited)\", d[\"commit\"]" &&
	pmgit verify --format json $DOC >out.json 2>/dev/null &&
	python3 -c "import json; d=json.load(open(\"out.json\")); assert d[\"commit\"] is None" &&
	test_expect_code 1 pmgit verify --rev audited >out 2>/dev/null &&
	test_grep "^2 postmortems verified: 1 failing$" out &&
	pmgit verify --rev audited --explain INC-2026-0042 >out 2>/dev/null &&
	test_grep "^git show .[0-9a-f]{40}:$DOC. \| sed" out &&
	test_expect_code 2 pmgit verify --rev no-such-tag 2>err &&
	test_grep "unknown revision .no-such-tag." err &&
	test_expect_code 2 pmgit verify --history --rev audited 2>err &&
	git rm -qf $DOC && test ! -e $DOC &&
	pmgit verify --rev audited $DOC >out 2>/dev/null &&
	test_grep "^$DOC  INC-2026-0042  In Review" out &&
	(cd postmortems && pmgit verify --rev audited ./INC-2026-0042.md >../out 2>/dev/null) &&
	test_grep "^$DOC  INC-2026-0042  In Review" out &&
	test_expect_code 3 pmgit verify --rev audited postmortems/INC-2026-0999.md 2>err &&
	test_grep "no such file" err
'

test_expect_success 'a FIDO security key (sk-ssh-ed25519) signs: pmgit and ssh-keygen both verify it, and a sign-off needs its touch' '
	SKSIGN=$(dirname "$PMGIT_BIN")/sk-sign && test -x "$SKSIGN" &&
	new_repo skrepo && cd skrepo && cp "$FIXTURES/complete.md" $DOC &&
	pmgit keyring add alice@example.com --key ../keys/alice.pub --slot "SRE Lead" >/dev/null &&
	"$SKSIGN" pub dana ssh: >../keys/dana-sk.pub &&
	pmgit keyring add dana@example.com --key ../keys/dana-sk.pub --slot "Engineering Manager" >out &&
	fp=$(ssh-keygen -l -f ../keys/dana-sk.pub | cut -d" " -f2) && grep -qF "($fp)" out &&
	pmgit keyring list >out && grep -qxF "  key   $fp (security key)" out &&
	pmgit keyring list --format json >out.json &&
	python3 -c "import json; d=json.load(open(\"out.json\")); assert [k[\"type\"] for p in d[\"people\"] for k in p[\"keys\"]] == [\"ssh-ed25519\", \"sk-ssh-ed25519@openssh.com\"]" &&
	pmgit sign $DOC --slot "SRE Lead" --key ../keys/alice --signer alice@example.com >/dev/null &&
	record_statement $REC/sre-lead.alice-example-com.yaml |
		sed -e "s/^slot: .*/slot: Engineering Manager/" -e "s/^signer: .*/signer: dana@example.com/" \
		    -e "s|^key: .*|key: $fp|" >st &&
	"$SKSIGN" sign dana ssh: 1 7 pmgit-signoff <st >st.sig &&
	write_record $REC/engineering-manager.dana-example-com.yaml st st.sig &&
	pmgit verify $DOC >out && test_grep "^  Engineering Manager +valid +dana@example.com" out &&
	pmgit keyring export >allowed && test_grep "^dana@example.com namespaces=\"pmgit-signoff\" sk-ssh-ed25519@openssh.com " allowed &&
	ssh-keygen -Y verify -f allowed -I dana@example.com -n pmgit-signoff -s st.sig <st >out &&
	grep -qxF "Good \"pmgit-signoff\" signature for dana@example.com with ED25519-SK key $fp" out &&
	git add -A && pmgit hook pre-commit &&
	"$SKSIGN" sign dana ssh: 0 8 pmgit-signoff <st >st0.sig &&
	write_record $REC/engineering-manager.dana-example-com.yaml st st0.sig &&
	test_expect_code 1 pmgit verify $DOC >out &&
	test_grep "^  Engineering Manager +invalid +dana@example.com.*without being touched" out &&
	git add -A && test_expect_code 1 pmgit hook pre-commit 2>err &&
	test_grep "engineering-manager.dana-example-com.yaml: error: sign-off record is invalid: .*without being touched" err &&
	"$SKSIGN" sign dana other: 1 9 pmgit-signoff <st >st1.sig &&
	write_record $REC/engineering-manager.dana-example-com.yaml st st1.sig &&
	test_expect_code 1 pmgit verify $DOC >out &&
	test_grep "^  Engineering Manager +invalid +dana@example.com.*the statement names key .* but was signed by SHA256:" out
'

test_expect_success 'a sign-off is taken back before Final by removing its record' '
	rm -rf back && new_repo back && cd back && cp "$FIXTURES/complete.md" $DOC && add_signers &&
	pmgit hooks install >/dev/null && git add -A && git commit -q -m "in review" &&
	pmgit sign $DOC --slot "SRE Lead" --key ../keys/alice --signer alice@example.com >/dev/null 2>&1 &&
	git commit -q -m "SRE Lead sign-off" &&
	git rm -q $REC/sre-lead.alice-example-com.yaml && git commit -q -m "SRE Lead takes it back" &&
	pmgit verify $DOC >out && test_grep "^  SRE Lead +missing" out
'

test_done
