#!/bin/sh
# Malformed input gives a clear finding or error naming the file, never a
# crash: binary bytes, a 50 MB file, invalid UTF-8, a table with missing
# cells, an unterminated comment or code block, an empty file, a missing
# header.
. "$(dirname "$0")/lib.sh"

new_repo repo
P=postmortems/INC-2026-0001.md

# expect_finding RULE LINE: pmgit check names the file, the position and the rule
# severity_check VALUE: checks a document whose Impact gives '- **Severity**: VALUE', into out
severity_check() {
	printf "# T: x\n\n---\n\n## Impact\n\n- **Severity**: %s\n" "$1" >repo/$P &&
	(cd repo && pmgit check --level review "$P" >../out 2>&1 || true)
}

expect_finding() {
	(cd repo && pmgit check "$P" >../out 2>../err; echo $? >../rc)
	code=$(cat rc)
	if [ "$code" -ge 128 ] || [ "$code" = 2 ]; then
		echo "pmgit exited $code" >&2
		return 1
	fi
	test_grep "^$P:$2:[0-9]+: error: .*\[$1\]$" out
}

test_expect_success 'binary bytes: NUL bytes are reported as a binary file' '
	head -c 3000 /dev/urandom >repo/$P && printf "\0\0\0" >>repo/$P &&
	expect_finding encoding "[0-9]+" &&
	test_grep "NUL byte: this looks like a binary file" out
'

test_expect_success 'a postmortem saved as UTF-16 is one finding that names the conversion' '
	printf "# Postmortem: x\n\n**Status**: Draft\n" >utf8.md &&
	iconv -f UTF-8 -t UTF-16 utf8.md >repo/$P &&
	expect_finding encoding 1 &&
	test_grep "^$P:1:1: error: the file is UTF-16, which pmgit does not read; re-save it as UTF-8 \(iconv -f UTF-16 -t UTF-8\) \[encoding\]$" out &&
	test "$(wc -l <out)" = 2 &&
	iconv -f UTF-8 -t UTF-16LE utf8.md >repo/$P &&
	expect_finding encoding 1 &&
	test_grep "the file is UTF-16LE.*iconv -f UTF-16LE -t UTF-8" out &&
	test "$(wc -l <out)" = 2 &&
	iconv -f UTF-8 -t UTF-16BE utf8.md >repo/$P &&
	expect_finding encoding 1 &&
	test_grep "the file is UTF-16BE.*iconv -f UTF-16BE -t UTF-8" out &&
	test "$(wc -l <out)" = 2
'

test_expect_success 'a 50 MB file is refused by size before it is read' '
	head -c 52428800 /dev/zero | tr "\0" "x" >repo/$P &&
	expect_finding size 1 &&
	test "$(wc -l <out)" = 2
'

test_expect_success 'invalid UTF-8 is reported at its line and column, a Windows-1252 byte as what it is' '
	printf "# T\n\n**Date**: caf\351 2026-01-01\n" >repo/$P &&
	expect_finding encoding 3 &&
	test_grep "^$P:3:14: error: invalid UTF-8 byte 0xE9, which is .é. in Windows-1252: the file was saved in another encoding; re-save it as UTF-8 \(iconv -f WINDOWS-1252 -t UTF-8\) \[encoding\]$" out &&
	printf "# T\n\n**Date**: \342\200 2026-01-01\n" >repo/$P &&
	expect_finding encoding 3 &&
	test_grep "^$P:3:11: error: invalid UTF-8 byte 0xE2; re-save the file as UTF-8 \[encoding\]$" out &&
	test_grep "^$P:3:12: error: invalid UTF-8 byte 0x80; re-save the file as UTF-8 \[encoding\]$" out
'

test_expect_success 'control characters and a carriage return inside a line are reported where they stand' '
	printf "# T\n\nSome text\rrewritten \033[2Kline\n" >repo/$P &&
	expect_finding encoding 3 &&
	test_grep "^$P:3:10: error: carriage return inside a line: Markdown starts a new line here and git and pmgit do not" out &&
	test_grep "^$P:3:21: error: control character U\+001B: it does not display, and in a terminal it can rewrite what is shown; delete it \[encoding\]$" out &&
	printf "# T\r\n\r\n**Date**: 2026-01-01\t(UTC)\r\n" >repo/$P &&
	(cd repo && pmgit check "$P" >../out 2>&1 || true) && test_no_grep "\[encoding\]" out
'

test_expect_success 'a table row with missing cells names the row' '
	printf "# T\n\n| Time | Event | Action |\n|---|---|---|\n| 10:00 | a |\n" >repo/$P &&
	expect_finding table 5 &&
	test_grep "row has 2 cells but the header has 3" out
'

test_expect_success 'an unterminated comment is reported where it opens' '
	printf "# T\n\n**Status**: Draft\n\n<!-- started\nand never ended\n" >repo/$P &&
	expect_finding comment 5 &&
	test_grep "^$P:5:1: error: .<!--. is never closed" out
'

test_expect_success 'a code block never closed is reported where it opens, not as sections missing' '
	cp "$FIXTURES/complete.md" repo/$P && sed -i "s/INC-2026-0042/INC-2026-0001/" repo/$P &&
	sed -i "s/^## Root Cause\$/\`\`\`\n## Root Cause/" repo/$P &&
	expect_finding comment 73 &&
	test_grep "^$P:73:1: error: this code block is never closed, so everything after it shows as code and no check reads it; close it with a line of 3 .\`., or delete this one \[comment\]$" out
'

test_expect_success 'a command in triple backticks within a line is code, not a block that hides the rest' '
	cp "$FIXTURES/complete.md" repo/$P && sed -i "s/INC-2026-0042/INC-2026-0001/" repo/$P &&
	sed -i "s/^## Root Cause\$/\`\`\`kubectl get secret\`\`\` showed the old date.\n\n## Root Cause/" repo/$P &&
	(cd repo && pmgit check --errors-only --now 2026-02-15 $P >../out) &&
	test_grep "0 errors" out
'

test_expect_success 'an empty file is reported as missing its title and header' '
	: >repo/$P &&
	expect_finding title 1 &&
	expect_finding header 1
'

test_expect_success 'a title that is only the word Postmortem is an empty title' '
	printf "# Postmortem: \n\n**Date**: 2026-01-01\n" >repo/$P &&
	expect_finding title 1 &&
	test_grep "^$P:1:1: error: the title is empty; say what happened in a few words \[title\]$" out &&
	printf "# Post-mortem \342\200\224 \n\n**Date**: 2026-01-01\n" >repo/$P &&
	expect_finding title 1 &&
	printf "# Postmortems of the payments team: card declines\n" >repo/$P &&
	(cd repo && pmgit check "$P" >../out 2>&1 || true) && test_no_grep "\[title\]" out
'

test_expect_success 'a Status in other words names the one it likely means' '
	printf "# T: x\n\n**Status**: Completed\n" >repo/$P &&
	expect_finding status 3 &&
	test_grep "^$P:3:13: error: Status .Completed. is not one of Draft, In Review, Final; write .Final. if that is what it means \[status\]$" out &&
	printf "# T: x\n\n**Status**: _under review_\n" >repo/$P &&
	expect_finding status 3 && test_grep "write .In Review. if that is what it means" out &&
	printf "# T: x\n\n**Status**: Frobbed\n" >repo/$P &&
	expect_finding status 3 && test_grep "Status .Frobbed. is not one of Draft, In Review, Final \[status\]$" out
'

test_expect_success 'a Severity on the SEV scale names the P level it may be' '
	severity_check "SEV-1" &&
	test_grep "^$P:7:17: error: Severity .SEV-1. is not P0, P1 or P2; write .P1. if that is the same level \[severity\]$" out &&
	severity_check "Severe1" &&
	test_grep "Severity .Severe1. is not P0, P1 or P2 \[severity\]$" out
'

test_expect_success 'a Severity with its P level after other words names the line to write' '
	severity_check "Critical (P0)" &&
	test_grep "^$P:7:17: error: Severity .Critical \(P0\). does not start with its level, where pmgit reads it; write .P0 \(Critical\). \[severity\]$" out &&
	severity_check "High / P1" &&
	test_grep "write .P1 \(High\). \[severity\]$" out &&
	# two levels named: no guess
	severity_check "High (P1, was P0)" &&
	test_grep "Severity .High \(P1, was P0\). is not P0, P1 or P2 \[severity\]$" out
'

test_expect_success 'a missing header lists each missing field' '
	printf "# T\n\n---\n\n## Impact\n" >repo/$P &&
	expect_finding header 3 &&
	test "$(grep -c "missing header field" out)" = 5 &&
	test_grep "missing header field .\*\*Incident ID\*\*: INC-YYYY-NNNN.; add it before the first .---." out
'

test_expect_success 'a directory argument checks the postmortems under it, and says when there are none' '
	rm -f repo/$P && mkdir -p repo/postmortems/2025 repo/empty &&
	cp "$FIXTURES/complete.md" repo/postmortems/2025/INC-2026-0042.md &&
	(cd repo && pmgit check --errors-only --now 2026-02-15 postmortems >../out 2>../err) &&
	test "$(cat out)" = "1 postmortem checked: 0 errors" &&
	(cd repo/postmortems && pmgit check --errors-only --now 2026-02-15 .. >../../out 2>../../err) &&
	test "$(cat out)" = "1 postmortem checked: 0 errors" &&
	(cd repo && pmgit check empty >../out 2>../err) &&
	test_grep "no postmortems under .empty." err &&
	rm -r repo/postmortems/2025
'

test_expect_success 'a symbolic link in place of a postmortem is refused, not followed' '
	echo secret >outside.md && ln -s ../../outside.md repo/$P &&
	(cd repo && test_expect_code 3 pmgit check "$P" 2>../err) &&
	test_grep "symbolic link" err && rm repo/$P
'

test_expect_success 'a corrupt config is one error naming file and line (exit 3)' '
	cd repo && printf "version: 1\nsignoffs: [ { slot: A, role: boss } ]\n" >.pmgit/config.yaml &&
	test_expect_code 3 pmgit status 2>err &&
	test "$(wc -l <err)" = 1 &&
	test_grep "^error: \.pmgit/config\.yaml:2:[0-9]+: .boss. is no role; each slot needs .role: reviewer. or .role: approver.$" err &&
	git checkout -- .pmgit/config.yaml
'

test_done
