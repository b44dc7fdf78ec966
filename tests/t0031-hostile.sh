#!/bin/sh
# Hostile input that the other scripts do not already cover; docs/HOSTILE.md
# lists every hostile input pmgit is tested with and where.
. "$(dirname "$0")/lib.sh"

DOC=postmortems/INC-2026-0042.md
REC=postmortems/INC-2026-0042.signoffs

git init -q --bare server.git
(cd server.git && pmgit hooks install --server) >/dev/null
git clone -q server.git repo 2>/dev/null
make_key alice
(
	cd repo && pmgit init >/dev/null && cp "$FIXTURES/complete.md" $DOC &&
	pmgit keyring add alice@example.com --key ../keys/alice.pub --slot "SRE Lead" &&
	git add -A && git commit -q -m doc && git push -q origin main
) >/dev/null 2>&1

# push_rejected RULE: the last commit (made with --no-verify) is refused for RULE
push_rejected() {
	(cd repo && ! git push origin main 2>../err) &&
	grep -q "\[$1\]" err &&
	(cd repo && git reset -q --hard origin/main && git clean -qfd)
}

test_expect_success 'a single line of 1 MB is judged, not choked on' '
	{ printf "# T\n\n**Status**: Draft\n\n---\n\n"; head -c 1048576 /dev/zero | tr "\0" "x"; echo; } >repo/postmortems/INC-2026-0001.md &&
	(cd repo && pmgit check postmortems/INC-2026-0001.md >../out) || true &&
	test_grep "postmortem checked" out
'

test_expect_success 'ten thousand headings and table rows are judged in bounded time' '
	{ printf "# T\n\n**Status**: Draft\n\n---\n\n## Timeline\n\n| Time | Event |\n|---|---|\n";
	  i=0; while [ $i -lt 10000 ]; do printf "| 10:00 | e |\n### h %d\n" $i; i=$((i + 1)); done; } >repo/postmortems/INC-2026-0001.md &&
	(cd repo && timeout 20 "$PMGIT_BIN" check postmortems/INC-2026-0001.md >../out) || true &&
	test_grep "postmortem checked" out && rm repo/postmortems/INC-2026-0001.md
'

# near the 4 MiB limit, in the shapes whose work grew with the square of
# their size (seconds to minutes each): a line of blame words, of
# placeholders, of TODOs, of mojibake or of comments; a row of a hundred
# thousand cells; lone carriage returns; 150,000 subsections; sections
# under other names while a required one is missing; lines below the
# Sign-Off; thousands of checkboxes and action rows; a run of template
# example lines; a line of escaped brackets never closed ("\[a\[a..."); and,
# for the readers of what renders, a heading of links never closed, a
# Timeline cell of tags never closed, a run of link reference definitions,
# a header field wrapped over a quarter of a million lines, lines
# each underlined with '=' (every underline looked up to the document's
# top), and an SLO line of 'target' and 'actual' with no figure beside them
test_expect_success 'documents near the size limit in shapes that were quadratic are judged in bounded time' '
	for shape in blame placeholder todo mojibake comment cells cr h3 h2 signoff checkbox example escopen \
		headlink timetag refdef headerwrap setext slo; do
		{ printf "# T\n\n**Incident ID**: INC-2026-0001\n**Status**: In Review\n"
		  test $shape = headerwrap || printf "\n---\n\n"
		  awk -v shape=$shape "BEGIN {
			n = shape == \"headerwrap\" ? 250000 : shape == \"signoff\" ? 120000 : shape == \"checkbox\" ? 40000 : shape == \"example\" ? 50000 : shape == \"escopen\" ? 1200000 : shape ~ /headlink|timetag/ ? 1000000 : shape == \"refdef\" ? 500000 : shape == \"setext\" ? 900000 : 150000;
			for (i = 0; i < n; i++) {
				if (shape == \"blame\") printf \"human error \";
				else if (shape == \"placeholder\") printf \"[Name] \";
				else if (shape == \"escopen\") printf \"\\\\[a\";
				else if (shape == \"headlink\") printf \"%s[x](\", i ? \"\" : \"## \";
				else if (shape == \"timetag\") printf \"%s<a \", i ? \"\" : \"## Timeline\n\n| Time | Event |\n|---|---|\n| \";
				else if (shape == \"refdef\") printf \"%s[a]: b\n\", i ? \"\" : \"## Root Cause\n\n\";
				else if (shape == \"headerwrap\") printf \"%sTomas Ortega\n\", i ? \"\" : \"**Author(s)**: Priya Raman\n\";
				else if (shape == \"setext\") printf \"x\\n=\\n\";
				else if (shape == \"slo\") printf \"%starget actual (target ) \", i ? \"\" : \"## Appendix\n\n- Latency SLO: \";
				else if (shape == \"todo\") printf \"TODO \";
				else if (shape == \"mojibake\") printf \"\303\242\305\223\342\200\246 \";
				else if (shape == \"comment\") printf \"<!-- a --> \";
				else if (shape == \"cells\") printf \"| x \";
				else if (shape == \"cr\") printf \"a\r\";
				else if (shape == \"h3\") printf \"### h\n\ntext\n\";
				else if (shape == \"h2\") printf \"## Section %d\n\ntext\n\", i;
				else if (shape == \"example\") printf \"%s- Autosave SLO: 99.5%% (target) \342\206\222 98.2%% (actual) \342\235\214 Missed\n\", i ? \"\" : \"## Appendix\n\n\";
				else if (shape == \"checkbox\") {
					if (i == 0) printf \"## Corrective Actions\n\n\";
					if (i < n / 2) printf \"- [ ] item %d\n\", i;
					else {
						if (i == n / 2) printf \"\n## Action Items\n\n| Action | Owner | Due Date | Status |\n|---|---|---|---|\n\";
						printf \"| item %d | Priya Raman | 2026-02-10 | Done |\n\", i - n / 2;
					}
				}
				else if (i == 0) printf \"## Sign-Off\n\";
				else printf \"- SRE Lead: Alice - 2026-02-10\n\";
			}
			printf shape == \"headerwrap\" ? \"\n---\n\" : \"\n\" }"; } >repo/postmortems/INC-2026-0001.md &&
		(cd repo && timeout 30 "$PMGIT_BIN" check postmortems/INC-2026-0001.md >../out 2>&1) ||
			test $? = 1 || { rm repo/postmortems/INC-2026-0001.md; echo "the $shape shape took too long" >&2; return 1; }
		test_grep "postmortem checked" out || { rm repo/postmortems/INC-2026-0001.md; return 1; }
	done &&
	rm repo/postmortems/INC-2026-0001.md
'

test_expect_success 'a postmortem over the size limit is rejected on push' '
	(cd repo && head -c 5000000 /dev/zero | tr "\0" "a" >postmortems/INC-2026-0043.md &&
	 git add -A && git commit -q --no-verify -m big) &&
	push_rejected size
'

test_expect_success 'a symbolic link committed as a postmortem is rejected on push' '
	(cd repo && ln -s ../../etc/passwd postmortems/INC-2026-0044.md && git add -A &&
	 git commit -q --no-verify -m link) &&
	push_rejected file &&
	test_grep "is a symbolic link" err
'

test_expect_success 'a symbolic link in place of the postmortem directory is refused by every command and hook' '
	(cd repo && git rm -rq postmortems && mkdir elsewhere &&
	 printf "# T\n\n**Status**: Final\n\n---\n" >elsewhere/INC-2026-0044.md &&
	 ln -s elsewhere postmortems && git add -A &&
	 test_expect_code 1 pmgit hook pre-commit 2>../err) &&
	test_grep "^postmortems: error: .postmortems. is a symbolic link, which git stores as such.*\[file\]" err &&
	for cmd in status verify check; do
		(cd repo && test_expect_code 3 pmgit $cmd >/dev/null 2>../err) &&
		test_grep "^error: .postmortems. is a symbolic link: git stores it as such" err || return 1
	done &&
	(cd repo && git commit -q --no-verify -m link &&
	 test_expect_code 1 pmgit verify --history >../out) &&
	test_grep "postmortems.*is a symbolic link" out &&
	push_rejected file && test_grep "is a symbolic link" err
'

test_expect_success 'a symbolic link in place of a directory above the postmortem directory is rejected on push' '
	(cd repo && sed -i "s|^directory: postmortems|directory: incidents/postmortems|" .pmgit/config.yaml &&
	 mkdir -p x/postmortems && printf "# T\n\n**Status**: Final\n\n---\n" >x/postmortems/INC-2026-0044.md &&
	 ln -s x incidents && git add -A && git commit -q --no-verify -m link) &&
	push_rejected file && test_grep "incidents. is a symbolic link" err
'

test_expect_success 'a submodule inside the postmortem directory is rejected, and its files are not listed' '
	git init -q other && (cd other && printf "# T\n\n**Status**: Final\n\n---\n" >INC-2026-0044.md &&
		git add -A && git commit -q -m other) &&
	(cd repo && git -c protocol.file.allow=always submodule add -q "$TRASH/other" postmortems/2026 2>/dev/null &&
	 test_expect_code 1 pmgit hook pre-commit 2>../err) &&
	test_grep "^postmortems/2026: error: .postmortems/2026. is a submodule.*\[file\]" err &&
	(cd repo && pmgit status >../out) && test_no_grep "INC-2026-0044" out &&
	(cd repo && git commit -q --no-verify -m submodule) &&
	push_rejected file && test_grep "is a submodule" err &&
	(cd repo && rm -rf postmortems/2026 .git/modules)
'

test_expect_success 'a postmortem saved as .markdown, which no check reads, is rejected with the rename' '
	(cd repo && printf "# T\n\n**Status**: Final\n\n---\n" >postmortems/INC-2026-0045.markdown &&
	 printf "# About\n" >postmortems/README.markdown &&
	 git add postmortems && test_expect_code 1 pmgit hook pre-commit 2>../err) &&
	test_grep "^postmortems/INC-2026-0045.markdown: error: .postmortems/INC-2026-0045.markdown. is a Markdown file under postmortems/, but pmgit reads the .md files alone as postmortems.*git mv .postmortems/INC-2026-0045.markdown. .postmortems/INC-2026-0045.md. \[file\]$" err &&
	test_no_grep "README" err &&
	(cd repo && git commit -q --no-verify -m markdown) &&
	push_rejected file && test_grep "INC-2026-0045.markdown" err
'

test_expect_success 'and once past the hooks, verify fails it, status and check warn of it' '
	cd repo && why="is a Markdown file under postmortems/, but pmgit reads the .md files alone as postmortems" &&
	printf "# T\n\n**Status**: Final\n\n---\n" >postmortems/INC-2026-0045.markdown &&
	printf "# About\n" >postmortems/README.markdown &&
	git add postmortems && git commit -q --no-verify -m markdown &&
	test_expect_code 1 pmgit verify >out 2>err &&
	test_grep "^error: .postmortems/INC-2026-0045.markdown. $why.*git mv .postmortems/INC-2026-0045.markdown. .postmortems/INC-2026-0045.md.$" err &&
	test_no_grep README err &&
	test_grep "verified: [1-9][0-9]* failing$" out &&
	test_expect_code 1 pmgit verify postmortems >out 2>err && test_grep "INC-2026-0045.markdown. $why" err &&
	test_expect_code 1 pmgit verify --format json >out.json &&
	python3 -c "
import json
d = json.load(open(\"out.json\"))
x = [e for e in d[\"documents\"] if e[\"path\"] == \"postmortems/INC-2026-0045.markdown\"]
assert len(x) == 1 and x[0][\"ok\"] is False and \"git mv\" in x[0][\"error\"] and d[\"ok\"] is False, x
" &&
	pmgit status >out 2>err && test_grep "^warning: .postmortems/INC-2026-0045.markdown. $why" err &&
	pmgit check --level draft postmortems >out 2>err; test_grep "^warning: .postmortems/INC-2026-0045.markdown. $why" err &&
	git reset -q --hard origin/main &&
	pmgit status >out 2>err && test_no_grep markdown err
'

test_expect_success 'a sign-off record for a postmortem that does not exist is rejected' '
	(cd repo && mkdir -p postmortems/INC-2026-0099.signoffs &&
	 echo "statement: x" >postmortems/INC-2026-0099.signoffs/sre-lead.alice-example-com.yaml &&
	 git add -A && git commit -q --no-verify -m orphan) &&
	push_rejected orphan-record
'

test_expect_success 'deleting the policy file is rejected' '
	(cd repo && git rm -q .pmgit/config.yaml && git commit -q --no-verify -m "no policy") &&
	push_rejected policy
'

test_expect_success 'a corrupt keyring committed is rejected' '
	(cd repo && printf "version: 1\npeople: [\n" >.pmgit/keyring.yaml && git add -A &&
	 git commit -q --no-verify -m "bad keyring") &&
	push_rejected policy
'

test_expect_success 'a record that is a symbolic link is not followed and is invalid' '
	(cd repo && pmgit sign $DOC --slot "SRE Lead" --key ../keys/alice --signer alice@example.com >/dev/null &&
	 mv $REC/sre-lead.alice-example-com.yaml ../real.yaml &&
	 ln -s ../../../real.yaml $REC/sre-lead.alice-example-com.yaml &&
	 { pmgit verify $DOC >../out || true; }) &&
	test_grep "^  record .*sre-lead.alice-example-com.yaml: invalid" out &&
	(cd repo && git reset -q --hard && git clean -qfd)
'

test_expect_success 'an oversized record is invalid, not read' '
	mkdir -p repo/$REC && head -c 100000 /dev/zero | tr "\0" "#" >repo/$REC/sre-lead.alice-example-com.yaml &&
	(cd repo && { pmgit verify $DOC >../out || true; }) &&
	test_grep "invalid" out && (cd repo && git clean -qfd)
'

test_expect_success 'a record with an extra key is invalid' '
	(cd repo && pmgit sign $DOC --slot "SRE Lead" --key ../keys/alice --signer alice@example.com >/dev/null &&
	 echo "extra: 1" >>$REC/sre-lead.alice-example-com.yaml && { pmgit verify $DOC >../out || true; }) &&
	test_grep "record .*sre-lead.alice-example-com.yaml: invalid: .*exactly .statement. and .signature." out &&
	(cd repo && git reset -q --hard && git clean -qfd)
'

test_expect_success 'a key file that is a symbolic link is refused' '
	ln -s alice keys/alice-link &&
	(cd repo && test_expect_code 3 pmgit sign $DOC --slot "SRE Lead" --key ../keys/alice-link \
		--signer alice@example.com 2>../err) &&
	test_grep "symbolic link" err
'

test_expect_success 'a key file asking Argon2id for a terabyte is refused, not obeyed' '
	python3 - keys/alice keys/greedy <<PY &&
import base64, struct, sys
lines = open(sys.argv[1]).read().split("\n")
blob = bytearray(base64.b64decode("".join(l for l in lines if l and not l.startswith("-----"))))
def s(x): return struct.pack(">I", len(x)) + x
# rebuild as an "encrypted" key whose kdf options ask for 2^30 KiB x 4 and 1000 passes
magic = b"pmgit-key-v1\0"
i = len(magic)
def take(b, i):
    n = struct.unpack(">I", b[i:i+4])[0]; return bytes(b[i+4:i+4+n]), i + 4 + n
kdf, i = take(blob, i); opts, i = take(blob, i); pub, i = take(blob, i); sec, i = take(blob, i)
opts = s(b"\0" * 16) + struct.pack(">II", 1000, 0xffffffff)
out = magic + s(b"argon2id") + s(opts) + s(pub) + s(b"\0" * 104) + s(b"")
b64 = base64.b64encode(out).decode()
open(sys.argv[2], "w").write("-----BEGIN PMGIT PRIVATE KEY-----\n" + b64 + "\n-----END PMGIT PRIVATE KEY-----\n")
PY
	chmod 600 keys/greedy &&
	(cd repo && PMGIT_PASSPHRASE=x timeout 10 "$PMGIT_BIN" sign $DOC --slot "SRE Lead" --key ../keys/greedy \
		--signer alice@example.com 2>../err; test $? = 3) &&
	test_grep "not a valid pmgit key file" err
'

test_expect_success 'an ssh-agent sending a reply over 256 KiB is refused' '
	python3 - "$TRASH/evil.sock" <<PY &
import os, socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1]); s.listen(1)
c, _ = s.accept()
c.recv(4096)
c.sendall(struct.pack(">I", 300 * 1024) + b"\x0c")
c.close()
PY
	sleep 1 &&
	(cd repo && SSH_AUTH_SOCK="$TRASH/evil.sock" test_expect_code 3 pmgit sign $DOC --slot "SRE Lead" \
		--agent --signer alice@example.com 2>../err) &&
	test_grep "ssh-agent sent a reply of 307200 bytes; refusing it" err
'

test_expect_success 'slot names and principals cannot reach the file system unsanitised' '
	make_key evil &&
	(cd repo && sed -i "s/{ slot: SRE Lead, /{ slot: \"..\/..\/SRE Lead\", /" .pmgit/config.yaml &&
	 pmgit keyring add "../../evil@example.com" --key ../keys/evil.pub --slot "../../SRE Lead" >/dev/null &&
	 pmgit sign $DOC --slot "../../SRE Lead" --key ../keys/evil --signer "../../evil@example.com" >../out) &&
	test_grep "record +postmortems/INC-2026-0042.signoffs/sre-lead.evil-example-com.yaml" out &&
	(cd repo && pmgit verify $DOC >../out) && test_grep "^  \.\./\.\./SRE Lead +valid" out &&
	test ! -e evil@example.com && test ! -e repo/evil@example.com &&
	test "$(find repo -name "*evil*" -not -path "*/.git/*")" = "repo/$REC/sre-lead.evil-example-com.yaml" &&
	(cd repo && git reset -q --hard && git clean -qfd)
'

test_expect_success 'a right-to-left override that shows 38% where the bytes say %83 is refused; right-to-left text is not' '
	(cd repo && sed "s/Roughly 38%/Roughly $(printf "\342\200\256")%83$(printf "\342\200\254")/" $DOC >postmortems/INC-2026-0002.md &&
	 sed -i "s/INC-2026-0042/INC-2026-0002/" postmortems/INC-2026-0002.md &&
	 test_expect_code 1 pmgit check --errors-only postmortems/INC-2026-0002.md >../out &&
	 sed "s/Roughly 38%/Roughly 38% ($(printf "\327\251\327\234\327\225\327\235"))/" $DOC >postmortems/INC-2026-0002.md &&
	 sed -i "s/INC-2026-0042/INC-2026-0002/" postmortems/INC-2026-0002.md &&
	 pmgit check --errors-only postmortems/INC-2026-0002.md >../out2 &&
	 rm postmortems/INC-2026-0002.md) &&
	test_grep "^postmortems/INC-2026-0002.md:15:35: error: invisible bidirectional control U\+202E reorders how this line displays" out &&
	test_grep "^postmortems/INC-2026-0002.md:15:39: error: invisible bidirectional control U\+202C" out &&
	test_no_grep "bidi" out2
'

test_expect_success 'escape sequences in a postmortem, a commit author or a keyring name never reach the terminal' '
	esc=$(printf "\033") &&
	(cd repo && sed "s/| Page on two consecutive failed CronJob runs |/| Page on two${esc}[2K${esc}[8m consecutive failed CronJob runs |/" $DOC >postmortems/INC-2026-0002.md &&
	 sed -i "s/INC-2026-0042/INC-2026-0002/" postmortems/INC-2026-0002.md &&
	 pmgit check postmortems/INC-2026-0002.md >../out 2>&1;
	 sed -i "s/^\*\*Reviewers\*\*: .*/**Reviewers**: [Names]/" postmortems/INC-2026-0002.md &&
	 git add postmortems/INC-2026-0002.md &&
	 GIT_AUTHOR_NAME="Mallory${esc}[2K${esc}[1Gauditor" git commit -q --no-verify -m evil &&
	 pmgit verify --history HEAD~1..HEAD >../hist 2>&1;
	 git reset -q --hard HEAD~1 &&
	 printf "  name: \"Alice\\\\e[2K\"\n" >../name-line &&
	 sed -i "/^- principal: alice@example.com/r ../name-line" .pmgit/keyring.yaml &&
	 pmgit keyring list >../kr 2>&1; git checkout -q .pmgit/keyring.yaml) &&
	test_grep "action .Page on two\\\\x1b\[2K\\\\x1b\[8m consecutive failed CronJob runs. was due" out && ! grep -q "$esc" out &&
	test_grep "^commit [0-9a-f]+ Mallory\\\\x1b\[2K\\\\x1b\[1Gauditor" hist && ! grep -q "$esc" hist &&
	test_grep "keyring.yaml:[0-9]+:[0-9]+: a name cannot hold control characters" kr &&
	(cd repo && test_expect_code 2 pmgit keyring add eve@example.com --name "Eve${esc}[2K" --key ../keys/alice.pub --slot "SRE Lead" 2>../err) &&
	test_grep "name must be one line without control characters" err
'

test_expect_success 'a keyring name with an invisible bidirectional control is refused: finalize would write it into postmortems' '
	rlo=$(printf "\342\200\256") &&
	(cd repo && printf "  name: \"Alice \\\\u202e Chen\"\n" >../name-line &&
	 sed -i "/^- principal: alice@example.com/r ../name-line" .pmgit/keyring.yaml &&
	 { pmgit keyring list >../kr 2>&1 || true; } && git checkout -q .pmgit/keyring.yaml &&
	 test_expect_code 2 pmgit keyring add eve@example.com --name "Eve ${rlo}evE" --key ../keys/alice.pub --slot "SRE Lead" 2>../err &&
	 test_expect_code 2 pmgit actions update INC-2026-0042 "x" --status Done --note "PR ${rlo}88" 2>../err2) &&
	test_grep "keyring.yaml:[0-9]+:[0-9]+: a name cannot hold control characters or invisible bidirectional controls" kr &&
	test_grep "name must be one line without control characters or invisible bidirectional controls" err &&
	test_grep "without control characters or invisible bidirectional controls" err2
'

# a title and an action cell of brackets and links never closed, which the
# listings show with each link as its text
test_expect_success 'status and actions list a title of 700,000 unclosed links in bounded time' '
	for shape in "[" "[a](b"; do
		{ awk -v s="$shape" "BEGIN { printf \"# Postmortem: \"; for (i = 0; i < 700000; i++) printf \"%s\", s; printf \"\\n\" }"
		  printf "\n**Incident ID**: INC-2026-0001\n**Status**: Draft\n\n---\n\n## Action Items\n\n"
		  printf "| Action | Owner | Due Date | Status |\n|---|---|---|---|\n| "
		  awk -v s="$shape" "BEGIN { for (i = 0; i < 10000; i++) printf \"%s\", s }"
		  printf " | Dana | 2026-02-10 | Planned |\n"; } >repo/postmortems/INC-2026-0001.md &&
		(cd repo && timeout 10 "$PMGIT_BIN" status >../out 2>&1 && timeout 10 "$PMGIT_BIN" actions >>../out 2>&1) ||
			{ rm repo/postmortems/INC-2026-0001.md; echo "listing \"$shape\" took too long" >&2; return 1; }
		test_grep "^INC-2026-0001 " out || { rm repo/postmortems/INC-2026-0001.md; return 1; }
	done &&
	rm repo/postmortems/INC-2026-0001.md
'

test_expect_success 'every hostile input in docs/HOSTILE.md names a test that exists' '
	table="$TEST_DIR/../docs/HOSTILE.md" &&
	test "$(grep -c "^| [0-9]" "$table")" -ge 40 &&
	grep "^| [0-9]" "$table" | while IFS="|" read -r _ n input expect where; do
		file=$(echo "$where" | sed "s/^ *\`\([^\`]*\)\`.*/\1/")
		name=$(echo "$where" | sed "s/^[^:]*: *//; s/ *$//")
		test -f "$TEST_DIR/$file" || { echo "row $n: no file $file" >&2; exit 1; }
		grep -qF "$name" "$TEST_DIR/$file" || { echo "row $n: no test \"$name\" in $file" >&2; exit 1; }
	done
'

test_done
