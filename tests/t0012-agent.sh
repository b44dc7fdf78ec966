#!/bin/sh
# Signing through a real ssh-agent holding a passphrase-protected key.
. "$(dirname "$0")/lib.sh"

DOC=postmortems/INC-2026-0042.md
REC=postmortems/INC-2026-0042.signoffs

new_repo repo
make_ssh_key dave "agent only passphrase"
make_ssh_key other
(
	cd repo && cp "$FIXTURES/complete.md" $DOC &&
	pmgit keyring add dave@example.com --key ../keys/dave.pub --slot "SRE Lead" &&
	git add -A && git commit -q -m doc
) >/dev/null

# A private agent for this script, fed the passphrase by SSH_ASKPASS.
eval "$(ssh-agent -s -a "$TRASH/agent.sock")" >/dev/null
trap 'kill "$SSH_AGENT_PID" 2>/dev/null' EXIT
printf '#!/bin/sh\necho "agent only passphrase"\n' >"$TRASH/askpass"
chmod +x "$TRASH/askpass"

test_expect_success 'a passphrase-protected key signs through the agent, which does not hold it yet' '
	cd repo &&
	test_expect_code 3 pmgit sign $DOC --slot "SRE Lead" --key ../keys/dave --signer dave@example.com 2>err &&
	test_grep "^error: .\.\./keys/dave. is a passphrase-protected OpenSSH key, so pmgit signs with it through ssh-agent, which does not hold it; add it with .ssh-add \.\./keys/dave.$" err &&
	(SSH_AUTH_SOCK=$TRASH/none.sock && export SSH_AUTH_SOCK &&
	 test_expect_code 3 pmgit sign $DOC --slot "SRE Lead" --key ../keys/dave --signer dave@example.com 2>err) &&
	test_grep "and no agent answers \(SSH_AUTH_SOCK unset or stale\); run .eval" err &&
	test ! -e $REC
'

test_expect_success 'the ssh-add it names runs as printed for a key path with a space' '
	mkdir -p "keys/my keys" && cp keys/dave keys/dave.pub "keys/my keys/" && cd repo &&
	test_expect_code 3 pmgit sign $DOC --slot "SRE Lead" --key "../keys/my keys/dave" --signer dave@example.com 2>err &&
	test_grep "add it with .ssh-add \"\.\./keys/my keys/dave\".$" err &&
	test_expect_code 3 pmgit sign $DOC --slot "SRE Lead" --key "../keys/my keys/dave.pub" --signer dave@example.com 2>err &&
	add=$(sed -n "s/.*add it with .\(ssh-add .*\).$/\1/p" err) && test -n "$add" &&
	(SSH_ASKPASS="$TRASH/askpass" SSH_ASKPASS_REQUIRE=force DISPLAY=none && export SSH_ASKPASS SSH_ASKPASS_REQUIRE DISPLAY &&
	 eval "$add" </dev/null 2>/dev/null) &&
	ssh-add -l >out && test_grep "dave@example.com \(ED25519\)" out &&
	ssh-add -D 2>/dev/null && test ! -e $REC
'

test_expect_success 'ssh-add loads it into the agent with its passphrase' '
	SSH_ASKPASS="$TRASH/askpass" SSH_ASKPASS_REQUIRE=force DISPLAY=none \
		ssh-add keys/dave </dev/null 2>err &&
	ssh-add -l >out && test_grep "dave@example.com \(ED25519\)" out
'

test_expect_success 'the private key file of a key the agent holds signs through the agent, as ssh-keygen -Y sign does' '
	rm -rf byfile && cp -R repo byfile && cd byfile &&
	pmgit sign $DOC --slot "SRE Lead" --key ../keys/dave --signer dave@example.com >out &&
	test_grep "\(ssh-agent\)$" out &&
	pmgit verify $DOC >out && test_grep "^  SRE Lead +valid +dave@example.com" out &&
	git rm -rq --cached $REC && rm -r $REC &&
	git config gpg.format ssh && git config user.signingKey "$TRASH/keys/dave" &&
	git config user.email dave@example.com &&
	pmgit sign $DOC --slot "SRE Lead" >out && test_grep "\(ssh-agent\)$" out
'

test_expect_success 'sign --agent signs with the agent key the keyring names' '
	cd repo && ssh-add ../keys/other 2>/dev/null &&
	pmgit sign $DOC --slot "SRE Lead" --agent --signer dave@example.com >out &&
	test_grep "\(ssh-agent\)$" out &&
	pmgit verify $DOC >out &&
	test_grep "^  SRE Lead +valid +dave@example.com" out
'

test_expect_success 'sign --agent with git user.email unknown to the keyring signs as the owner of the agent key' '
	rm -rf personal && cp -R repo personal && cd personal &&
	git rm -rq --cached $REC && rm -r $REC &&
	git config user.email dave.home@mail.example &&
	pmgit sign $DOC --slot "SRE Lead" --agent >out 2>err &&
	test_grep "^note: signing as dave@example.com, whose key this is in .pmgit/keyring.yaml \(git config user.email is dave.home@mail.example\)$" err &&
	test_grep "^  signer +dave@example.com" out && test_grep "\(ssh-agent\)$" out &&
	pmgit verify $DOC >out && test_grep "^  SRE Lead +valid +dave@example.com" out &&
	git config user.email nobody@mail.example &&
	(SSH_AUTH_SOCK=$TRASH/none.sock && export SSH_AUTH_SOCK &&
	 test_expect_code 1 pmgit sign $DOC --slot "SRE Lead" --agent 2>err) &&
	test_grep "nobody@mail.example. is not in .pmgit/keyring.yaml \(it is git config user.email\)" err
'

test_expect_success 'the agent signature verifies with ssh-keygen and equals a file-key signature' '
	cd repo && record_statement $REC/sre-lead.dave-example-com.yaml >st &&
	record_signature $REC/sre-lead.dave-example-com.yaml >agent.sig &&
	pmgit keyring export >allowed &&
	ssh-keygen -Y verify -f allowed -I dave@example.com -n pmgit-signoff -s agent.sig <st >out &&
	test_grep "^Good" out &&
	cp ../keys/dave ../keys/dave-plain &&
	ssh-keygen -q -p -P "agent only passphrase" -N "" -f ../keys/dave-plain &&
	ssh-keygen -q -Y sign -f ../keys/dave-plain -n pmgit-signoff st &&
	test_cmp st.sig agent.sig
'

test_expect_success 'a public key as the key signs with its private half in the agent, as git does' '
	cd repo && git config pmgit.signingKey "$TRASH/keys/dave.pub" &&
	pmgit sign $DOC --slot "SRE Lead" --signer dave@example.com >out &&
	test_grep "^  key +SHA256:.* \(ssh-agent\)$" out &&
	pmgit verify $DOC >out && test_grep "^  SRE Lead +valid +dave@example.com" out &&
	git config --unset pmgit.signingKey &&
	ssh-add -d ../keys/dave.pub 2>/dev/null &&
	test_expect_code 3 pmgit sign $DOC --slot "SRE Lead" --key ../keys/dave.pub --signer dave@example.com 2>err &&
	test_grep "^error: .../keys/dave.pub. is a public key, so pmgit signs with its private half in ssh-agent, which does not hold it; add it with .ssh-add ../keys/dave.$" err &&
	(unset SSH_AUTH_SOCK; test_expect_code 3 pmgit sign $DOC --slot "SRE Lead" --key ../keys/dave.pub --signer dave@example.com 2>err) &&
	test_grep "and no agent answers" err &&
	SSH_ASKPASS="$TRASH/askpass" SSH_ASKPASS_REQUIRE=force DISPLAY=none ssh-add ../keys/dave </dev/null 2>/dev/null
'

test_expect_success 'with no key of its own, pmgit signs with the SSH key git signs commits with' '
	cd repo && test ! -e "$HOME/.config/pmgit/signing.key" &&
	git config gpg.format ssh && git config user.signingKey "$TRASH/keys/dave.pub" &&
	pmgit sign $DOC --slot "SRE Lead" --signer dave@example.com >out &&
	test_grep "^  key +SHA256:.* \(ssh-agent\)$" out &&
	git config user.signingKey "key::$(cat ../keys/dave.pub)" &&
	pmgit sign $DOC --slot "SRE Lead" --signer dave@example.com >out &&
	test_grep "^  key +SHA256:.* \(ssh-agent\)$" out &&
	pmgit verify $DOC >out && test_grep "^  SRE Lead +valid +dave@example.com" out &&
	git config user.signingKey "key::not a key" &&
	test_expect_code 3 pmgit sign $DOC --slot "SRE Lead" --signer dave@example.com 2>err &&
	test_grep "^error: git config user.signingKey holds .key::not a key., which is not an OpenSSH public key line$" err &&
	git config --unset gpg.format &&
	test_expect_code 3 pmgit sign $DOC --slot "SRE Lead" --signer dave@example.com 2>err &&
	test_grep "no key at .*signing.key" err &&
	git config --unset user.signingKey
'

test_expect_success 'without the agent, a public key signs with the unencrypted private file beside it, as ssh-keygen does' '
	cd repo && pmgit keyring add erin@example.com --key ../keys/other.pub --slot "SRE Lead" >/dev/null &&
	(unset SSH_AUTH_SOCK; pmgit sign $DOC --slot "SRE Lead" --key ../keys/other.pub --signer erin@example.com >out) &&
	test_grep "^  key +SHA256:" out && ! test_grep "ssh-agent" out &&
	pmgit verify $DOC >out && test_grep "^  record $REC/sre-lead.erin-example-com.yaml: valid$" out &&
	cp ../keys/other.pub ../keys/mixed.pub && cp ../keys/dave.pub ../keys/mixed2.pub &&
	cp ../keys/dave ../keys/mixed && chmod 600 ../keys/mixed &&
	(unset SSH_AUTH_SOCK; test_expect_code 3 pmgit sign $DOC --slot "SRE Lead" --key ../keys/mixed.pub --signer erin@example.com 2>err) &&
	test_grep "and no agent answers.*ssh-add ../keys/mixed.$" err &&
	cp ../keys/other ../keys/mixed2 && chmod 600 ../keys/mixed2 &&
	(unset SSH_AUTH_SOCK; test_expect_code 3 pmgit sign $DOC --slot "SRE Lead" --key ../keys/mixed2.pub --signer dave@example.com 2>err) &&
	test_grep "^error: .../keys/mixed2. is not the private half of .../keys/mixed2.pub.; give the private key file itself with --key$" err &&
	git reset -q && git checkout -q -- . && rm -f $REC/sre-lead.erin-example-com.yaml
'

test_expect_success 'with no key configured, OpenSSH'"'"'s ~/.ssh/id_ed25519 signs when the keyring holds its public half' '
	cd repo && test ! -e "$HOME/.config/pmgit/signing.key" && mkdir -p "$HOME/.ssh" &&
	pmgit keyring add erin@example.com --key ../keys/other.pub --slot "SRE Lead" >/dev/null &&
	cp ../keys/other "$HOME/.ssh/id_ed25519" && cp ../keys/other.pub "$HOME/.ssh/id_ed25519.pub" &&
	chmod 600 "$HOME/.ssh/id_ed25519" &&
	(unset SSH_AUTH_SOCK; pmgit sign $DOC --slot "SRE Lead" >out 2>err) &&
	test_grep "^note: signing as erin@example.com, whose key this is" err &&
	pmgit verify $DOC >out && test_grep "^  record $REC/sre-lead.erin-example-com.yaml: valid$" out &&
	make_ssh_key stranger && cp ../keys/stranger "$HOME/.ssh/id_ed25519" &&
	cp ../keys/stranger.pub "$HOME/.ssh/id_ed25519.pub" &&
	(unset SSH_AUTH_SOCK; test_expect_code 3 pmgit sign $DOC --slot "SRE Lead" --signer erin@example.com 2>err) &&
	test_grep "no key at .*signing.key" err &&
	rm -r "$HOME/.ssh" && git reset -q && git checkout -q -- . && rm -f $REC/sre-lead.erin-example-com.yaml
'

test_expect_success 'what another command stages while the agent signs stays staged' '
	rm -rf busy && cp -R repo busy && (cd busy && git reset -q --hard && git clean -qfd) &&
	echo "Notes for the review." >busy/notes.txt &&
	python3 - "$TRASH/proxy.sock" "$SSH_AUTH_SOCK" "$TRASH/busy" <<\PY &
import socket, struct, subprocess, sys
proxy, agent, repo = sys.argv[1:4]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(proxy); s.listen(1)
def read(c, n):
    b = b""
    while len(b) < n:
        d = c.recv(n - len(b))
        if not d:
            return None
        b += d
    return b
c, _ = s.accept()
a = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); a.connect(agent)
while True:
    h = read(c, 4)
    if h is None:
        break
    m = read(c, struct.unpack(">I", h)[0])
    if m[0] == 13:  # SSH_AGENTC_SIGN_REQUEST: someone stages a file meanwhile
        subprocess.run(["git", "-C", repo, "add", "notes.txt"], check=True)
    a.sendall(h + m)
    rh = read(a, 4)
    c.sendall(rh + read(a, struct.unpack(">I", rh)[0]))
PY
	sleep 1 &&
	(cd busy && SSH_AUTH_SOCK="$TRASH/proxy.sock" pmgit sign $DOC --slot "SRE Lead" --agent --signer dave@example.com >/dev/null 2>&1) &&
	git -C busy diff --cached --name-only >staged &&
	test_grep "^notes.txt$" staged && test_grep "^$REC/sre-lead.dave-example-com.yaml$" staged
'

test_expect_success 'an agent without a registered key says which keys it has' '
	cd repo && ssh-add -D 2>/dev/null && ssh-add ../keys/other 2>/dev/null &&
	test_expect_code 3 pmgit sign $DOC --slot "SRE Lead" --agent --signer dave@example.com 2>err &&
	test_grep "ssh-agent holds 1 ed25519 key, none of them dave@example.com.s" err
'

test_expect_success 'no agent at all is one clear error (exit 3)' '
	cd repo && git status --porcelain >../before &&
	(unset SSH_AUTH_SOCK; test_expect_code 3 pmgit sign $DOC --slot "SRE Lead" --agent --signer dave@example.com 2>err) &&
	test "$(wc -l <err)" = 1 &&
	test_grep "^error: no ssh-agent: SSH_AUTH_SOCK is not set" err &&
	SSH_AUTH_SOCK="$TRASH/nothing.sock" test_expect_code 3 pmgit sign $DOC --slot "SRE Lead" --agent --signer dave@example.com 2>err &&
	test_grep "cannot reach ssh-agent at" err &&
	git status --porcelain >../after && test_cmp ../before ../after
'

test_done
