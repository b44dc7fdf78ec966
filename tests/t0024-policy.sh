#!/bin/sh
# Trust in the keyring and policy: admins approve each version of the
# policy files; until a version is approved nothing is signed or
# finalized; approvals chain from a root that auditors pin; the hooks
# refuse changes that would slip past the admins.
. "$(dirname "$0")/lib.sh"

DOC=postmortems/INC-2026-0042.md
APPROVALS=.pmgit/policy.signoffs

git init -q repo
git init -q --bare server.git
for who in alice bob erin; do make_key $who; done
make_ssh_key mallory
(
	cd repo && pmgit init --hooks && git commit -q -m setup &&
	add_signers &&
	pmgit keyring add mallory@example.com --key ../keys/mallory.pub --slot "Product Manager" &&
	cp "$FIXTURES/complete.md" $DOC && git add -A && git commit -q -m "keyring and INC-2026-0042" &&
	git remote add origin ../server.git && git push -q origin HEAD:main
) >/dev/null 2>&1
(cd server.git && pmgit hooks install --server) >/dev/null

test_expect_success 'an unprotected keyring is reported, and a pinned root fails' '
	cd repo && pmgit policy status >out &&
	test_grep "^policy: unprotected$" out &&
	pmgit verify >/dev/null 2>err &&
	test_grep "^note: .pmgit/keyring.yaml names no admins" err &&
	test_expect_code 1 pmgit verify --trust 0000000000000000000000000000000000000000000000000000000000000000 >out &&
	test_grep "root is \(none: unprotected\)" out
'

test_expect_success 'protect refuses admins outside the keyring and a signer who is not an admin, changing nothing' '
	cd repo && cp .pmgit/keyring.yaml ../kr.before &&
	test_must_fail pmgit policy protect --admin zed@example.com --key ../keys/alice --signer alice@example.com 2>../err &&
	test_grep "admin .zed@example.com. is not in .pmgit/keyring.yaml" ../err &&
	test_expect_code 2 pmgit policy protect --admin Alice@Example.com --key ../keys/alice --signer alice@example.com 2>../err &&
	test_grep "^error: admin .Alice@Example.com. is written .alice@example.com. in .pmgit/keyring.yaml; name them so$" ../err &&
	test_must_fail pmgit policy protect --admin bob@example.com --key ../keys/alice --signer alice@example.com 2>../err &&
	test_grep "alice@example.com protects the policy but is not among the admins" ../err &&
	test_cmp ../kr.before .pmgit/keyring.yaml && test ! -e $APPROVALS &&
	git diff --cached --quiet &&
	test_must_fail pmgit policy protect --admin alice@example.com --key ../keys/bob --signer alice@example.com 2>../err &&
	test_grep "is not alice@example.com.s admin key" ../err &&
	test_cmp ../kr.before .pmgit/keyring.yaml && git diff --cached --quiet && git diff --quiet &&
	test -z "$(find $APPROVALS -type f 2>/dev/null)"
'

test_expect_success 'protect names the admins and approves the root; it stays pending until enough admins approve' '
	cd repo &&
	pmgit policy protect --admin alice@example.com --admin bob@example.com --key ../keys/alice --signer alice@example.com >out &&
	test_grep "^protected the policy: version 1, admins alice@example.com, bob@example.com, 2 of them approve each change$" out &&
	test_grep "^  bob@example.com can approve it with .pmgit policy sign.$" out &&
	test -f $APPROVALS/v1.alice-example-com.yaml &&
	git diff --cached --name-only >staged && test_grep "^.pmgit/keyring.yaml$" staged &&
	test_grep "^$APPROVALS/v1.alice-example-com.yaml$" staged &&
	git commit -q -m "protect the policy" &&
	test_expect_code 1 pmgit policy status >out &&
	test_grep "^policy: pending, version 1$" out &&
	test_grep "1 of 2 admin sign-offs \(alice@example.com\); bob@example.com can approve it with .pmgit policy sign.$" out &&
	test_expect_code 1 pmgit policy status --format json >out.json &&
	python3 -c "
import json; d=json.load(open(\"out.json\"))
assert d[\"state\"] == \"pending\" and d[\"approvals\"] == 1 and d[\"needed\"] == 2, d
assert d[\"approved_by\"] == [\"alice@example.com\"], d
" &&
	test_expect_code 1 pmgit verify >out && test_grep "^policy: pending" out
'

test_expect_success 'while the policy is pending, nothing is signed' '
	cd repo &&
	test_expect_code 1 pmgit sign $DOC --slot "SRE Lead" --key ../keys/alice --signer alice@example.com 2>../err &&
	test_grep "signing waits for the policy: policy version 1 awaits approval" ../err &&
	pmgit status --to-sign --signer alice@example.com >out &&
	test_grep "^INC-2026-0042 +SRE Lead +missing " out &&
	test_grep "^note: signing waits for the policy: policy version 1 awaits approval" out
'

test_expect_success 'a second admin approves the root; verify shows it and --trust pins it' '
	cd repo &&
	pmgit policy sign --key ../keys/bob --signer bob@example.com >out &&
	test_grep "^approved policy version 1 as bob@example.com: 2 of 2 approvals$" out &&
	test_no_grep "can approve it" out &&
	git commit -q -m "approve the policy" &&
	pmgit policy status >out && test_grep "^policy: approved, version 1$" out &&
	root=$(sed -n "s/^  root *//p" out) && test ${#root} = 64 && echo $root >../root &&
	pmgit verify --trust $root >out && test_grep "^policy: approved, version 1, root $root$" out &&
	test_expect_code 1 pmgit verify --trust $(echo $root | tr 0-9a-f 1-9a-f0) >/dev/null &&
	pmgit policy sign --key ../keys/bob --signer bob@example.com >out &&
	test_grep "nothing to sign" out
'

test_expect_success 'a checkout with CRLF line ends is the same approved version' '
	cd repo && cp .pmgit/keyring.yaml ../kr.lf && sed -i "s/$/\r/" .pmgit/keyring.yaml &&
	! cmp -s ../kr.lf .pmgit/keyring.yaml &&
	pmgit policy status >out && test_grep "^policy: approved, version 1$" out &&
	cp ../kr.lf .pmgit/keyring.yaml &&
	test "$(sha256sum <.pmgit/keyring.yaml | cut -d" " -f1)" = "$(sed -n "s/^ *keyring-sha256: //p" $APPROVALS/v1.bob-example-com.yaml)"
'

test_expect_success 'ssh-keygen verifies an approval under the pmgit-policy namespace' '
	cd repo && record_statement $APPROVALS/v1.bob-example-com.yaml >../st &&
	record_signature $APPROVALS/v1.bob-example-com.yaml >../st.sig &&
	printf "bob@example.com namespaces=\"pmgit-policy\" %s\n" "$(cut -d" " -f1,2 ../keys/bob.pub)" >../admins &&
	ssh-keygen -Y verify -f ../admins -I bob@example.com -n pmgit-policy -s ../st.sig <../st >../out &&
	test_grep "^Good \"pmgit-policy\" signature for bob@example.com" ../out &&
	test_grep "^previous: none$" ../st && test_grep "^admin: alice@example.com ssh-ed25519 " ../st &&
	test "$(sed -n "1,/^previous:/p" ../st | sha256sum | cut -d" " -f1)" = "$(cat ../root)"
'

test_expect_success 'a keyring change is the next version: pending, so sign-offs wait' '
	cd repo &&
	pmgit keyring add mallory@example.com --key ../keys/mallory.pub --slot "VP Engineering" 2>../err >/dev/null &&
	test_grep "this change is version 2, which needs 2 admin approvals; alice@example.com and bob@example.com can approve it with .pmgit policy sign.$" ../err &&
	test_grep "^version: 2$" .pmgit/config.yaml && test_grep "^version: 2$" .pmgit/keyring.yaml &&
	git commit -q -m "mallory may approve" &&
	test_expect_code 1 pmgit verify >out &&
	test_grep "policy version 2 awaits approval: 0 of 2 admin sign-offs; alice@example.com and bob@example.com can approve it with .pmgit policy sign.$" out &&
	test_expect_code 1 pmgit sign $DOC --slot "VP Engineering" --key ../keys/mallory --signer mallory@example.com 2>../err &&
	test_grep "signing waits for the policy" ../err
'

test_expect_success 'the hook refuses a sign-off made around the pending policy' '
	cd repo && sign_dir=postmortems/INC-2026-0042.signoffs && mkdir -p $sign_dir &&
	fp=$(ssh-keygen -l -f ../keys/mallory.pub | cut -d" " -f2) &&
	hash=$(sed -e "s/\r$//" $DOC | awk "h==0 && (/^---[ \t]*$/ || /^## /) {h=1} /^## Sign-Off[ \t]*$/ {exit} !(h==0 && /^\*\*Status\*\*:/) {print}" | sha256sum | cut -d" " -f1) &&
	printf "pmgit-signoff-v1\nincident: INC-2026-0042\ndocument-sha256: %s\nslot: VP Engineering\nrole: approver\nsigner: mallory@example.com\nkey: %s\ntime: 2026-02-13T10:00:00Z\n" $hash $fp >../mst &&
	ssh-keygen -q -Y sign -f ../keys/mallory -n pmgit-signoff ../mst &&
	write_record $sign_dir/vp-engineering.mallory-example-com.yaml ../mst ../mst.sig &&
	git add -A && test_must_fail git commit -q -m "mallory approves" 2>../err &&
	test_grep "^$DOC: error: policy version 2 awaits approval.*no sign-off is added.*\[policy\]$" ../err &&
	git reset -q --hard && git clean -qfd
'

test_expect_success 'approvals from non-admins count for nothing and are refused' '
	cd repo &&
	test_expect_code 1 pmgit policy sign --key ../keys/mallory --signer mallory@example.com 2>../err &&
	test_grep "mallory@example.com is not an admin who approves policy version 2; the approvers are the admins of the version before it \(alice@example.com, bob@example.com\)$" ../err &&
	git config user.email mallory.home@mail.example &&
	test_expect_code 1 pmgit policy sign --key ../keys/mallory 2>../err &&
	test_grep "mallory.home@mail.example is not an admin .* \(alice@example.com, bob@example.com\); if the keyring knows you by another address than git config user.email, pass --signer$" ../err &&
	git config --unset user.email &&
	cp $APPROVALS/v1.alice-example-com.yaml $APPROVALS/v2.alice-example-com.yaml &&
	git add -A && test_must_fail git commit -q -m "copied approval" 2>../err &&
	test_grep "^$APPROVALS/v2.alice-example-com.yaml: error: this approval counts for nothing: .*; remove it \(.git rm -f -- $APPROVALS/v2.alice-example-com.yaml.\), and approve with .pmgit policy sign. \[policy\]$" ../err &&
	git reset -q --hard && git clean -qfd
'

test_expect_success 'approvals are permanent, and the root cannot change' '
	cd repo && git rm -q $APPROVALS/v1.bob-example-com.yaml &&
	test_must_fail git commit -q -m "drop an approval" 2>../err &&
	test_grep "approvals of an approved policy version are permanent; restore .$APPROVALS/v1.bob-example-com.yaml. \(.git checkout HEAD -- $APPROVALS/v1.bob-example-com.yaml.\)" ../err &&
	test_grep "root would change" ../err &&
	git reset -q --hard
'

test_expect_success 'two admins approve version 2; then it is in force' '
	cd repo &&
	pmgit policy sign --key ../keys/alice --signer alice@example.com >/dev/null &&
	pmgit policy sign --key ../keys/bob --signer bob@example.com >/dev/null &&
	git commit -q -m "approve version 2" &&
	pmgit policy status >out && test_grep "^policy: approved, version 2$" out &&
	pmgit verify --trust $(cat ../root) >out && test_grep "^policy: approved, version 2, root $(cat ../root)$" out
'

test_expect_success 'verify --explain reproduces the chain of approvals with OpenSSH alone' '
	cd repo && pmgit verify --explain >out &&
	test_grep "^# policy version 1 \($(cat ../root)\), approved" out &&
	test_grep "^# policy version 2 \([0-9a-f]{64}\), approved" out &&
	grep -E "^(sed|ssh-keygen|grep) " out | grep -v "\.md. |" >cmds.sh &&
	test "$(grep -c "^ssh-keygen" cmds.sh)" = 4 &&
	test "$(grep -c "^grep -x .previous: $(cat ../root)." cmds.sh)" = 2 &&
	sh -e cmds.sh >ran 2>&1 &&
	test "$(grep -c "^Good \"pmgit-policy\" signature" ran)" = 4 &&
	test "$(grep -c "^$(cat ../root)  -$" ran)" = 2 &&
	rm cmds.sh ran out
'

test_expect_success 'an edit that keeps the approved version is refused; policy sign makes it the next one' '
	cd repo && cp .pmgit/keyring.yaml ../kr.v2 &&
	sed -i "s/slots: \[Product Manager, VP Engineering\]/slots: [Product Manager, VP Engineering, SRE Lead]/" .pmgit/keyring.yaml &&
	! cmp -s ../kr.v2 .pmgit/keyring.yaml && git add -A &&
	test_must_fail git commit -q -m "quiet edit" 2>../err &&
	test_grep "still say version 2, which the admins approved as it was; set .version: 3." ../err &&
	test_expect_code 1 pmgit verify >/dev/null &&
	cp .pmgit/config.yaml ../cfg.edit && cp .pmgit/keyring.yaml ../kr.edit &&
	test_must_fail pmgit policy sign --key ../keys/bob --signer alice@example.com 2>../err &&
	test_cmp ../cfg.edit .pmgit/config.yaml && test_cmp ../kr.edit .pmgit/keyring.yaml &&
	pmgit policy sign --key ../keys/alice --signer alice@example.com >out &&
	test_grep "^set version 3 in .pmgit/config.yaml and .pmgit/keyring.yaml" out &&
	test_grep "^approved policy version 3 as alice@example.com: 1 of 2 approvals$" out &&
	git commit -q -m "propose version 3" &&
	pmgit keyring add erin@example.com --key ../keys/erin.pub --slot "Product Manager" 2>../err >/dev/null &&
	test_grep "joins policy version 3, which awaits approval; approvals given before it no longer count" ../err &&
	pmgit policy status >out; test $? = 1 &&
	test_grep "^  note: $APPROVALS/v3.alice-example-com.yaml: approves version 3 as it no longer is" out &&
	pmgit policy sign --key ../keys/alice --signer alice@example.com >/dev/null &&
	git commit -q -m "version 3, approved again" &&
	git reset -q --hard HEAD~2
'

test_expect_success 'the server refuses what --no-verify let through, and the history audit names it' '
	cd repo && git push -q origin HEAD:main &&
	sed -i "s/slots: \[Product Manager, VP Engineering\]/slots: [Product Manager, VP Engineering, SRE Lead]/" .pmgit/keyring.yaml &&
	git commit -q -a --no-verify -m "quiet edit" &&
	test_must_fail git push -q origin HEAD:main 2>../err &&
	test_grep "still say version 2" ../err &&
	test_expect_code 1 pmgit verify --history >out &&
	test_grep "quiet edit|$(git rev-parse --short HEAD)" out &&
	git reset -q --hard HEAD~1
'

test_expect_success 'keyring add on a policy broken beyond a version bump says it stays broken' '
	new_repo broken && cd broken &&
	pmgit keyring add alice@example.com --key ../keys/alice.pub --slot "SRE Lead" >/dev/null 2>&1 &&
	git commit -q -m keyring &&
	pmgit policy protect --admin alice@example.com --threshold 1 --key ../keys/alice \
		--signer alice@example.com >/dev/null && git commit -q -m protect &&
	sed -i "/^admins:/,\$d" .pmgit/keyring.yaml &&
	test_expect_code 1 pmgit policy status >../st.out &&
	test_grep "protection cannot be removed" ../st.out &&
	pmgit keyring add bob@example.com --key ../keys/bob.pub --slot "Engineering Manager" 2>../err &&
	test_grep "^warning: the policy was broken before this change and still is: .*protection cannot be removed" ../err
'

test_expect_success 'protect and policy sign find the admin by their key when git user.email is another address' '
	new_repo bykey && cd bykey &&
	add_signers >/dev/null 2>&1 && git commit -q -m keyring &&
	pmgit policy protect --admin alice@example.com --admin bob@example.com --key ../keys/alice >out 2>err &&
	test_grep "^note: approving as alice@example.com, whose admin key this is \(git config user.email is priya@example.com\)$" err &&
	test -f $APPROVALS/v1.alice-example-com.yaml && git commit -q -m protect &&
	test_must_fail pmgit policy sign --key ../keys/erin 2>err &&
	test_grep "priya@example.com is not an admin who approves policy version 1" err &&
	git diff --cached --quiet &&
	pmgit policy sign --key ../keys/bob >out 2>err &&
	test_grep "^approved policy version 1 as bob@example.com: 2 of 2 approvals$" out &&
	test_no_grep "can approve it" out &&
	git commit -q -m approve && pmgit policy status >out &&
	test_grep "^policy: approved, version 1$" out
'

test_expect_success 'keyring add of what the keyring has already changes nothing, and makes no version to approve' '
	cd bykey &&
	pmgit keyring add erin@example.com --key ../keys/erin.pub --slot "VP Engineering" >out 2>err &&
	test_grep "^erin@example.com has that already; nothing changed$" out &&
	git diff --cached --quiet && git diff --quiet &&
	pmgit policy status >out && test_grep "^policy: approved, version 1$" out
'

# Under a protected policy, two admins each add someone on their own
# branch and each approves their branch's version 2: neither approval is
# for the merged files.
test_expect_success 'a keyring merge under a protected policy is version 2 again, pending; the approvals of either side are named' '
	cd bykey && pmgit hooks install >/dev/null && main=$(git symbolic-ref --short HEAD) &&
	make_key gus && make_key hal &&
	git checkout -q -b gus &&
	pmgit keyring add gus@example.com --key ../keys/gus.pub --slot "Product Manager" >/dev/null 2>&1 &&
	pmgit policy sign --key ../keys/alice --signer alice@example.com >/dev/null 2>&1 &&
	git commit -q -m gus && git checkout -q "$main" &&
	pmgit keyring add hal@example.com --key ../keys/hal.pub --slot "Product Manager" >/dev/null 2>&1 &&
	pmgit policy sign --key ../keys/bob --signer bob@example.com >/dev/null 2>&1 &&
	git commit -q -m hal &&
	test_must_fail git merge -q gus >/dev/null 2>&1 &&
	pmgit keyring merge >out && test_grep "^from the other branch: gus@example.com$" out &&
	test_must_fail git commit -q --no-edit 2>err &&
	test_grep "^$APPROVALS/v2.alice-example-com.yaml: error: this approval counts for nothing: .*\(.git rm -f -- $APPROVALS/v2.alice-example-com.yaml.\)" err &&
	git rm -q -f -- $APPROVALS/v2.alice-example-com.yaml && git commit -q --no-edit &&
	test_expect_code 1 pmgit policy status >out && test_grep "^policy: pending, version 2 " out &&
	pmgit policy sign --key ../keys/alice --signer alice@example.com >/dev/null 2>&1 &&
	pmgit policy sign --key ../keys/bob --signer bob@example.com >/dev/null 2>&1 &&
	git commit -q -m approve && pmgit policy status >out &&
	test_grep "^policy: approved, version 2$" out &&
	pmgit keyring list >out && test_grep "^gus@example.com$" out && test_grep "^hal@example.com$" out
'

test_done
