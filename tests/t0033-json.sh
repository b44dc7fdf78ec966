#!/bin/sh
# --format json: every field each command prints is the one docs/FORMAT.md
# ("JSON output") documents for it, and every field documented is printed,
# over a repository that shows each of them.
. "$(dirname "$0")/lib.sh"

DOC=postmortems/INC-2026-0042.md
EXPORT='Export certificate expiry as a metric and alert 14 days ahead'
FORMAT_MD="$TEST_DIR/../docs/FORMAT.md"

git init -q repo
make_key alice
make_key bob
make_key erin
make_key dave
(
	cd repo && pmgit init && git commit -q -m setup &&
	add_signers &&
	pmgit keyring add dave@example.com --key ../keys/dave.pub --slot "Product Manager" &&
	git commit -q -m signers &&
	cp "$FIXTURES/complete.md" $DOC &&
	sed "s/INC-2026-0042/INC-2026-0007/" "$FIXTURES/complete.md" >postmortems/INC-2026-0007.md &&
	sed -e "s/INC-2026-0042/INC-2026-0003/" -e "s/^\*\*Status\*\*: .*/**Status**: Complete/" \
		"$FIXTURES/complete.md" >postmortems/INC-2026-0003.md &&
	git add -A && git commit -q -m "three postmortems" &&
	sign_all $DOC &&
	pmgit sign postmortems/INC-2026-0007.md --slot "SRE Lead" --key ../keys/alice --signer alice@example.com &&
	pmgit finalize $DOC && git commit -q -m "INC-2026-0042: final" &&
	pmgit actions update INC-2026-0042 "$EXPORT" --status Done --now 2026-02-25 &&
	git commit -q -m "INC-2026-0042: alert exported" &&
	# a sign-off gone stale, a revoked key, a slot held until a day
	sed -i "s/Roughly 38% of checkout/Roughly 39% of checkout/" postmortems/INC-2026-0007.md &&
	pmgit keyring revoke ../keys/dave.pub --reason "laptop lost" --date 2026-10-01 &&
	pmgit keyring add dave@example.com --slot "Engineering Manager" &&
	pmgit keyring revoke dave@example.com --slot "Engineering Manager" --date 2026-11-01 --reason "moved teams" &&
	git add -A && git commit -q -m "keyring changes" &&
	# a commit that broke the rules, for the audit
	git clone -q . ../audit && cd ../audit &&
	echo "an edit after the fact" >>$DOC && git commit -q -a -m "edit a Final postmortem"
) >setup.log 2>&1 || { cat setup.log; exit 1; }

# same_fields COMMAND OUTPUT...: the fields of those JSON outputs are the
# ones FORMAT.md documents for COMMAND, no more and no fewer
same_fields() {
	want=$1
	shift
	python3 "$TEST_DIR/tools/json-fields.py" "$want" "$FORMAT_MD" "$@" >fields &&
	sed "1,/^--$/d" fields >documented && sed "/^--$/,\$d" fields >seen &&
	test -s documented &&
	test_cmp documented seen
}

test_expect_success 'check prints the fields FORMAT.md documents' '
	cd repo && { pmgit check --format json >check.json; test $? = 1; } &&
	same_fields check check.json
'

test_expect_success 'status, and status --to-sign, print the fields documented' '
	cd repo && ln -s ../elsewhere.md postmortems/INC-2026-0009.md &&
	{ pmgit status --format json >status.json 2>/dev/null; rc=$?; } &&
	rm postmortems/INC-2026-0009.md && test $rc = 3 &&
	pmgit status --to-sign --signer bob@example.com --format json >to-sign.json &&
	same_fields status status.json &&
	same_fields "status --to-sign" to-sign.json
'

test_expect_success 'actions prints the fields documented' '
	cd repo && pmgit actions --format json --now 2026-03-01 >actions.json &&
	ln -s ../elsewhere.md postmortems/INC-2026-0009.md &&
	{ pmgit actions --format json >actions2.json 2>/dev/null; rc=$?; } &&
	rm postmortems/INC-2026-0009.md && test $rc = 3 &&
	same_fields actions actions.json actions2.json
'

test_expect_success 'verify, and verify --history, print the fields documented' '
	cd repo && ln -s ../elsewhere.md postmortems/INC-2026-0009.md &&
	{ pmgit verify --format json >verify.json 2>/dev/null; rc=$?; } &&
	rm postmortems/INC-2026-0009.md && test $rc = 1 &&
	{ pmgit verify --format json --trust $(printf %064d 0) >verify2.json 2>/dev/null; test $? != 0; } &&
	(cd ../audit && { pmgit verify --history --format json >../repo/history.json; test $? = 1; }) &&
	same_fields verify verify.json verify2.json &&
	same_fields "verify --history" history.json
'

test_expect_success 'keyring list and policy status print the fields documented' '
	cd repo && pmgit keyring list --format json >keyring.json &&
	pmgit policy status --format json >policy.json &&
	same_fields "keyring list" keyring.json &&
	same_fields "policy status" policy.json
'

test_done
