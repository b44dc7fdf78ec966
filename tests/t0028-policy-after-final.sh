#!/bin/sh
# A policy that changes after postmortems became Final: people leave, slots
# are added, and what was signed and finalized stays verifiable.
. "$(dirname "$0")/lib.sh"

DOC=postmortems/INC-2026-0042.md

git init -q repo
make_key alice
make_key bob
make_key erin
(
	cd repo && pmgit init --hooks && git commit -q -m setup &&
	add_signers && git commit -q -m signers &&
	cp "$FIXTURES/complete.md" $DOC && git add -A && git commit -q -m "INC-2026-0042 in review" &&
	sign_all $DOC &&
	pmgit finalize $DOC && git commit -q -m "INC-2026-0042: final"
) >/dev/null 2>&1

# drop_person PRINCIPAL: the keyring without that person's entry
drop_person() {
	awk -v p="- principal: $1" '
		/^- principal: / { skip = ($0 == p) }
		/^[a-z]/ { skip = 0 }
		!skip' .pmgit/keyring.yaml >.pmgit/keyring.new &&
	mv .pmgit/keyring.new .pmgit/keyring.yaml
}

test_expect_success 'removing a signer of a Final postmortem from the keyring is refused, naming the fix' '
	cd repo && pmgit verify >/dev/null &&
	drop_person bob@example.com && test_no_grep "bob@" .pmgit/keyring.yaml &&
	test_must_fail git commit -q -a -m "Bob left" 2>err &&
	test_grep "^\.pmgit/keyring\.yaml: error: this change fails .$DOC., which is Final and verified before it: its .Engineering Manager. sign-off would be unknown-key \(signer .bob@example.com. is not in the keyring\); .*pmgit keyring revoke SHA256:[A-Za-z0-9+/]{43} --reason .*\[policy\]$" err &&
	git checkout -q .pmgit
'

test_expect_success 'a signer of many Final postmortems removed is one problem, naming a few of them' '
	cd repo && base=$(git rev-parse HEAD) &&
	for n in 43 44 45; do
		d=postmortems/INC-2026-00$n.md &&
		sed "s/INC-2026-0042/INC-2026-00$n/" "$FIXTURES/complete.md" >$d &&
		git add $d && git commit -q -m "INC-2026-00$n" &&
		sign_all $d >/dev/null &&
		pmgit finalize $d >/dev/null && git commit -q -m "INC-2026-00$n: final" || return 1
	done &&
	drop_person bob@example.com &&
	test_must_fail git commit -q -a -m "Bob left" 2>err &&
	test "$(grep -c "error:" err)" = 1 &&
	test_grep "^\.pmgit/keyring\.yaml: error: this change fails 4 Final postmortems that verified before it \(.$DOC., .postmortems/INC-2026-0043.md., .postmortems/INC-2026-0044.md. and 1 more\): the .Engineering Manager. sign-off would be unknown-key \(signer .bob@example.com. is not in the keyring\) in each; keep the signer" err &&
	git reset -q --hard "$base"
'

test_expect_success 'revoking a key on the day it signed says which Final sign-offs that voids' '
	cd repo && fp=$(ssh-keygen -l -f ../keys/bob.pub | cut -d" " -f2) &&
	signed=$(sed -n "s/^  time: \(.\{10\}\).*/\1/p" postmortems/INC-2026-0042.signoffs/engineering-manager.bob-example-com.yaml) &&
	pmgit keyring revoke "$fp" --reason "leaves the company" --date "$signed" >/dev/null 2>err &&
	test_grep "^note: this voids 1 sign-off of Final postmortems, which cannot be signed again:$" err &&
	test_grep "^  INC-2026-0042 .Engineering Manager., signed $signed$" err &&
	test_grep "^  if they stand, revoke the key from after them instead: --date $(date -u -d "$signed + 1 day" +%Y-%m-%d)$" err &&
	git checkout -q HEAD -- .pmgit &&
	pmgit keyring revoke "$fp" --reason "leaves the company" --date 2099-01-01 >/dev/null 2>err &&
	test_no_grep "voids" err &&
	git checkout -q HEAD -- .pmgit
'

test_expect_success 'revoking the key instead keeps the Final postmortem verified' '
	cd repo &&
	pmgit keyring revoke "$(ssh-keygen -l -f ../keys/bob.pub | cut -d" " -f2)" --reason "leaves the company" \
		--date "$(date -u -d tomorrow +%Y-%m-%d)" >/dev/null &&
	git commit -q -m "Bob left: revoke his key" &&
	pmgit verify $DOC >out && test_grep "Engineering Manager  valid " out
'

test_expect_success 'taking a slot from a signer who filled it is refused too' '
	cd repo &&
	sed -i "s/^  slots: \[SRE Lead\]$/  slots: [Product Manager]/" .pmgit/keyring.yaml &&
	test_must_fail git commit -q -a -m "Alice moves to product" 2>err &&
	test_grep "^\.pmgit/keyring\.yaml: error: this change fails .$DOC.*.SRE Lead. sign-off would be not-allowed.*keep the slot in the signer.s keyring entry, or end it only from after their sign-offs with .pmgit keyring revoke PRINCIPAL --slot SLOT --date DATE." err &&
	git checkout -q .pmgit
'

test_expect_success 'a role change ends the slot from a day: what was signed before it stays verified' '
	cd repo && base=$(git rev-parse HEAD) &&
	signed=$(sed -n "s/^  time: \(.\{10\}\).*/\1/p" postmortems/INC-2026-0042.signoffs/sre-lead.alice-example-com.yaml) &&
	after=$(date -u -d "$signed + 1 day" +%Y-%m-%d) &&
	cp .pmgit/keyring.yaml ../keyring.before &&
	test_expect_code 1 pmgit keyring revoke Alice@Example.com --slot "sre lead" --date "$signed" 2>err &&
	test_grep "^error: alice@example.com signed these Final postmortems as .SRE Lead. on or after that day:$" err &&
	test_grep "^  INC-2026-0042 .SRE Lead., signed $signed$" err &&
	test_grep "end it from the day after: --date $after$" err &&
	test_cmp ../keyring.before .pmgit/keyring.yaml &&
	pmgit keyring revoke alice@example.com --slot "SRE Lead" --date "$after" --reason "moves to product" >out &&
	test_grep "^alice@example.com holds .SRE Lead. until $after: their sign-offs for it from before then still count" out &&
	test_grep "^  former_slots:$" .pmgit/keyring.yaml &&
	test_grep "^  - \{slot: SRE Lead, until: $after, reason: moves to product\}$" .pmgit/keyring.yaml &&
	pmgit keyring list >out && test_grep "^  former SRE Lead, until $after: moves to product$" out &&
	git commit -q -m "Alice moves to product" &&
	pmgit verify $DOC >out && test_grep "^  SRE Lead +valid +alice@example.com" out &&
	sed "s/INC-2026-0042/INC-2026-0060/" "$FIXTURES/complete.md" >postmortems/INC-2026-0060.md &&
	pmgit check postmortems/INC-2026-0060.md >out &&
	test_grep "required sign-off .SRE Lead. is missing; alice@example.com can sign it" out &&
	pmgit sign postmortems/INC-2026-0060.md --key ../keys/alice --signer alice@example.com >out 2>err &&
	test_grep "^note: signing for .SRE Lead., the one slot of yours that applies$" err &&
	rm -r postmortems/INC-2026-0060.md postmortems/INC-2026-0060.signoffs && git reset -q &&
	pmgit keyring revoke alice@example.com --slot "SRE Lead" 2>err; test $? = 2 &&
	test_grep "alice@example.com does not hold the .SRE Lead. slot any more" err &&
	git reset -q --hard "$base"
'

test_expect_success 'a slot that has ended signs nothing more: sign refuses, a backdated record is refused' '
	git init -q ended && cd ended && make_ssh_key frank &&
	pmgit init --hooks >/dev/null && git commit -q -m setup &&
	pmgit keyring add frank@example.com --key ../keys/frank.pub --slot "SRE Lead" >/dev/null &&
	git commit -q -m frank &&
	sed "s/INC-2026-0042/INC-2026-0050/" "$FIXTURES/complete.md" >postmortems/INC-2026-0050.md &&
	git add -A && git commit -q -m "INC-2026-0050" &&
	pmgit sign postmortems/INC-2026-0050.md --slot "SRE Lead" --key ../keys/frank --signer frank@example.com >/dev/null &&
	rec=postmortems/INC-2026-0050.signoffs/sre-lead.frank-example-com.yaml &&
	record_statement $rec >st &&
	git rm -q --cached $rec && rm $rec &&
	today=$(date -u +%Y-%m-%d) &&
	pmgit keyring revoke frank@example.com --slot "SRE Lead" >/dev/null &&
	git commit -q -m "Frank moves on" &&
	test_expect_code 1 pmgit sign postmortems/INC-2026-0050.md --slot "SRE Lead" --key ../keys/frank --signer frank@example.com 2>err &&
	test_grep "^error: frank@example.com held the .SRE Lead. slot until $today; someone who holds it now signs$" err &&
	sed -i "s/^time: .*/time: $(date -u -d yesterday +%Y-%m-%d)T09:00:00Z/" st &&
	ssh-keygen -q -Y sign -f ../keys/frank -n pmgit-signoff st &&
	mkdir -p postmortems/INC-2026-0050.signoffs && write_record $rec st st.sig &&
	pmgit verify postmortems/INC-2026-0050.md >out; test_grep "^  SRE Lead +valid" out &&
	git add $rec && test_must_fail git commit -q -m "backdated" 2>err &&
	test_grep "^$rec: error: sign-off record is for the .SRE Lead. slot, which frank@example.com held until $today, before this record was added; a sign-off added once the slot has ended counts for nothing, whatever date it gives" err &&
	GIT_COMMITTER_DATE="$today 12:00:00 +0000" git commit -q --no-verify -m "backdated, past the hook" &&
	test_expect_code 1 pmgit verify --history >out &&
	test_grep "^  $rec: error: sign-off record is for the .SRE Lead. slot, which frank@example.com held until $today" out
'

test_expect_success 'a sign-off committed on a branch before its key was revoked merges after: it was not added by the merge' '
	git init -q merged && cd merged && make_ssh_key gina &&
	pmgit init --hooks >/dev/null && git commit -q -m setup &&
	pmgit keyring add gina@example.com --key ../keys/gina.pub --slot "SRE Lead" >/dev/null &&
	git commit -q -m gina &&
	sed "s/INC-2026-0042/INC-2026-0060/" "$FIXTURES/complete.md" >postmortems/INC-2026-0060.md &&
	git add -A && git commit -q -m "INC-2026-0060" &&
	git checkout -q -b review &&
	pmgit sign postmortems/INC-2026-0060.md --slot "SRE Lead" --key ../keys/gina --signer gina@example.com >/dev/null &&
	rec=postmortems/INC-2026-0060.signoffs/sre-lead.gina-example-com.yaml &&
	record_statement $rec >st && days3=$(date -u -d "3 days ago" +%Y-%m-%d) &&
	sed -i "s/^time: .*/time: ${days3}T09:00:00Z/" st &&
	ssh-keygen -q -Y sign -f ../keys/gina -n pmgit-signoff st && write_record $rec st st.sig &&
	git add $rec && GIT_COMMITTER_DATE="$days3 10:00:00 +0000" git commit -q --no-verify -m "gina signs" &&
	git checkout -q main &&
	pmgit keyring revoke "$(ssh-keygen -l -f ../keys/gina.pub | cut -d" " -f2)" --reason "laptop lost" \
		--date "$(date -u -d yesterday +%Y-%m-%d)" >/dev/null &&
	git commit -q -m "gina lost her laptop" &&
	GIT_COMMITTER_DATE="$(date -u +%Y-%m-%d) 12:00:00 +0000" git merge -q --no-edit review 2>err &&
	test_no_grep "error" err &&
	pmgit verify postmortems/INC-2026-0060.md >out && test_grep "^  SRE Lead +valid +gina@example.com" out &&
	pmgit verify --history >out && test_grep "commits audited: 0 broke the rules" out &&
	git reset -q --hard HEAD~1 && git checkout -q review &&
	sed -i "s/^time: .*/time: $(date -u +%Y-%m-%d)T09:00:00Z/" st && rm -f st.sig &&
	ssh-keygen -q -Y sign -f ../keys/gina -n pmgit-signoff st && write_record $rec st st.sig &&
	git add $rec && GIT_COMMITTER_DATE="$days3 11:00:00 +0000" git commit -q --no-verify -m "gina signs again, after" &&
	git checkout -q main && test_must_fail git merge -q --no-edit review 2>err &&
	test_grep "sign-off record is revoked" err && git merge --abort
'

test_expect_success 'a new required slot must say since when it asks: then the Final postmortem stays verified' '
	cd repo &&
	sed -i "s/^  - { slot: VP Engineering.*/&\n  - { slot: Security, role: reviewer }/" .pmgit/config.yaml &&
	test_must_fail git commit -q -a -m "a Security review" 2>err &&
	test_grep "^\.pmgit/config\.yaml: error: this change fails .$DOC.*its .Security. sign-off would be missing; give the new slot .since: [0-9]{4}-[0-9]{2}-[0-9]{2}." err &&
	sed -i "s/^  - { slot: Security, role: reviewer }/  - { slot: Security, role: reviewer, since: 2026-06-01 }/" .pmgit/config.yaml &&
	git commit -q -a -m "a Security review from June" &&
	pmgit verify $DOC >out && test_grep "^  Security +not required for incidents before 2026-06-01$" out &&
	sed -e "s/INC-2026-0042/INC-2026-0050/" -e "s/^\*\*Date\*\*: 2026-02-10/**Date**: 2026-07-02/" \
		-e "s/^\*\*Status\*\*: .*/**Status**: In Review/" -e "/^## Sign-Off/,\$d" "$FIXTURES/complete.md" >postmortems/INC-2026-0050.md &&
	pmgit check postmortems/INC-2026-0050.md >out 2>&1 || true &&
	test_grep "required sign-off .Security. is missing" out &&
	git reset -q --hard && git clean -qfd postmortems
'

test_expect_success 'making an optional slot required is refused; adding people is accepted' '
	cd repo &&
	sed -i "s/^  - { slot: Product Manager,     role: reviewer, optional: true }/  - { slot: Product Manager,     role: reviewer }/" .pmgit/config.yaml &&
	test_must_fail git commit -q -a -m "PM sign-off required" 2>err &&
	test_grep "its .Product Manager. sign-off would be missing; give the new slot .since" err &&
	git checkout -q .pmgit &&
	pmgit keygen --no-passphrase -f ../keys/carol >/dev/null &&
	pmgit keyring add carol@example.com --key ../keys/carol.pub --slot "SRE Lead" >/dev/null &&
	git commit -q -m "Carol joins"
'

test_expect_success 'a slot no longer asked for its severity keeps the name of who signed it when it was' '
	cd repo &&
	sed -i "s/role: approver, severities: \[P0, P1\]/role: approver, severities: [P0]/" .pmgit/config.yaml &&
	git commit -q -a -m "VP sign-off for P0 alone" &&
	pmgit verify $DOC >out && test_grep "VP Engineering +not required for P1" out &&
	test_grep "record postmortems/INC-2026-0042.signoffs/vp-engineering.erin-example-com.yaml: extra: slot .VP Engineering. is not asked for P1; the sign-off itself verifies$" out &&
	pmgit check $DOC >out && test_no_grep "\[signoff\]" out &&
	sed -i "s/^- VP Engineering: Erin Park <erin@example.com>/- VP Engineering: Satya N/" $DOC &&
	test_expect_code 1 pmgit check $DOC >out &&
	test_grep "error: the .VP Engineering. line says .Satya N - [0-9-]*., but erin@example.com signed it" out &&
	git checkout -q $DOC && git reset -q --hard HEAD~1
'

test_expect_success 'a compromised key may void the sign-offs it made: that is what revoking it says' '
	cd repo &&
	pmgit keyring revoke "$(ssh-keygen -l -f ../keys/alice.pub | cut -d" " -f2)" --reason "key leaked" --compromised >/dev/null &&
	git commit -q -m "Alice key leaked" &&
	test_expect_code 1 pmgit verify $DOC >out && test_grep "SRE Lead +revoked" out &&
	git reset -q --hard HEAD~1
'

test_expect_success 'check shows a rule newer than a Final postmortem as a warning: it cannot change' '
	cd repo && echo "  - Customer Communication" >>.pmgit/config.yaml &&
	git commit -q -a -m "require a Customer Communication section" &&
	pmgit check >out 2>err &&
	test_grep "^$DOC:[0-9]+:1: warning: required section .## Customer Communication. is missing; the postmortem is Final and frozen as committed, so this rule, newer than it, asks only those to come \[section-missing\]$" out &&
	test_grep "^note: 1 Final postmortem breaks rules newer than it, shown as warnings" err &&
	sed -e "s/INC-2026-0042/INC-2026-0051/" "$FIXTURES/complete.md" >postmortems/INC-2026-0051.md &&
	git add postmortems/INC-2026-0051.md && git commit -q --no-verify -m "INC-2026-0051 in review" &&
	sed -i "s/^\*\*Status\*\*: In Review/**Status**: Final/" postmortems/INC-2026-0051.md &&
	test_expect_code 1 pmgit check postmortems/INC-2026-0051.md >out &&
	test_grep "error: required section .## Customer Communication. is missing; add it here" out &&
	sed -i "s/wildcard certificate on the EU/wildcard certificates on the EU/" $DOC &&
	test_expect_code 1 pmgit check $DOC >out &&
	test_grep "error: required section .## Customer Communication. is missing; add it here" out &&
	git reset -q --hard HEAD~2
'

test_expect_success 'moving the postmortem directory moves the files alone: a Final one cannot come back as a Draft' '
	cd repo && base=$(git rev-parse HEAD) &&
	git mv postmortems incidents && sed -i "s/^directory: postmortems/directory: incidents/" .pmgit/config.yaml &&
	sed -i -e "s/^\*\*Status\*\*: Final/**Status**: Draft/" -e "s/Roughly 38% of checkout/Roughly 3% of checkout/" incidents/INC-2026-0042.md &&
	git rm -rqf incidents/INC-2026-0042.signoffs && git add -A &&
	test_must_fail git commit -q -m "move, and reopen INC-2026-0042" 2>err &&
	test_grep "^\.pmgit/config\.yaml: error: .directory. moves from .postmortems. to .incidents., but .incidents. does not hold what .postmortems. held: .*git mv postmortems incidents.* \[policy\]$" err &&
	git commit -q --no-verify -m "move, and reopen INC-2026-0042" &&
	test_expect_code 1 pmgit verify --history >out &&
	test_grep "directory. moves from .postmortems. to .incidents." out &&
	git reset -q --hard "$base" &&
	git mv postmortems incidents && sed -i "s/^directory: postmortems/directory: incidents/" .pmgit/config.yaml &&
	git commit -q -a -m "postmortems move to incidents/" &&
	pmgit verify incidents/INC-2026-0042.md >out && test_grep "INC-2026-0042  Final  P1  ok" out &&
	git reset -q --hard "$base"
'

test_expect_success 'verify --history finds a signer removed past the hook' '
	cd repo && drop_person erin@example.com &&
	git commit -q -a --no-verify -m "Erin left, quietly" &&
	test_expect_code 1 pmgit verify --history >out &&
	test_grep "\.pmgit/keyring\.yaml: .*this change fails .$DOC.*.VP Engineering. sign-off would be unknown-key" out &&
	git reset -q --hard HEAD~1
'

test_done
