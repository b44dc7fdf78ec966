#!/bin/sh
# Sign-offs survive checkouts that change line endings (core.autocrlf),
# and a BOM or CRLF in the working tree does not make them stale.
. "$(dirname "$0")/lib.sh"

DOC=postmortems/INC-2026-0042.md

new_repo repo
make_key alice
(
	cd repo && cp "$FIXTURES/complete.md" $DOC &&
	pmgit keyring add alice@example.com --key ../keys/alice.pub --slot "SRE Lead" &&
	git add -A &&
	pmgit sign $DOC --slot "SRE Lead" --key ../keys/alice --signer alice@example.com &&
	git commit -q -m signed
) >/dev/null 2>&1

test_expect_success 'a clone with core.autocrlf=true has a CRLF working tree' '
	git -c core.autocrlf=true clone -q repo crlf &&
	cd crlf && git config core.autocrlf true &&
	grep -q "$(printf "\r")$" postmortems/INC-2026-0042.md &&
	grep -q "$(printf "\r")$" postmortems/INC-2026-0042.signoffs/sre-lead.alice-example-com.yaml
'

test_expect_success 'its sign-offs are still valid there' '
	cd crlf && pmgit verify $DOC >out &&
	test_grep "^  SRE Lead +valid +alice@example.com" out
'

test_expect_success 'pmgit check and the document hash ignore the line endings' '
	cd crlf && pmgit check --errors-only $DOC >out &&
	test_grep "0 errors" out &&
	pmgit verify --format json $DOC >a.json && (cd ../repo && pmgit verify --format json $DOC >../b.json) &&
	python3 -c "
import json
a=json.load(open(\"a.json\"))[\"documents\"][0][\"document_sha256\"]
b=json.load(open(\"../b.json\"))[\"documents\"][0][\"document_sha256\"]
assert a==b, (a,b)
"
'

test_expect_success 'there, the commands verify --explain prints reproduce the verdict with sed, awk and ssh-keygen' '
	cd crlf && pmgit verify --explain $DOC >out 2>/dev/null &&
	want=$(sed -n "s/^# $(echo $DOC | sed "s/[/.]/./g"): the document hash (\([0-9a-f]*\))$/\1/p" out) &&
	test -n "$want" &&
	grep "^sed .* | sha256sum$" out >hash.sh && test "$(sh hash.sh | cut -d" " -f1)" = "$want" &&
	grep "^ssh-keygen -Y verify " out >verify.sh && test "$(wc -l <verify.sh)" = 1 &&
	sh verify.sh >good && test_grep "^Good \"pmgit-signoff\" signature for alice@example.com" good
'

test_expect_success 'a UTF-8 byte order mark does not change the hash either' '
	cd repo && { printf "\357\273\277"; cat $DOC; } >x && mv x $DOC &&
	pmgit verify $DOC >out && test_grep "^  SRE Lead +valid" out &&
	git checkout -- $DOC
'

test_expect_success 'a real edit in the CRLF clone still makes the sign-off stale' '
	cd crlf && sed -i "s/expired\./expired!/" $DOC &&
	pmgit verify $DOC >out && test_grep "^  SRE Lead +stale" out
'

test_done
