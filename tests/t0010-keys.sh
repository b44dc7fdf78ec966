#!/bin/sh
# pmgit keygen and pmgit keyring.
. "$(dirname "$0")/lib.sh"

SQ="'"

new_repo repo

test_expect_success 'keygen writes a 0600 key and a .pub line ssh-keygen reads' '
	pmgit keygen --no-passphrase -f key -C me@example.com >out &&
	test "$(stat -c %a key)" = 600 &&
	test "$(wc -l <key.pub)" = 1 &&
	test_grep "^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]+=* me@example.com$" key.pub &&
	fp=$(ssh-keygen -l -f key.pub | cut -d" " -f2) &&
	grep -qF "fingerprint: $fp me@example.com" out
'

test_expect_success 'outside a repository, keygen names the key after the global user.email' '
	mkdir -p nowhere && (cd nowhere && pmgit keygen --no-passphrase -f ../key-global >../out) &&
	test_grep " priya@example.com$" key-global.pub &&
	grep -qF "next: pmgit keyring add priya@example.com --key ../key-global.pub" out
'

test_expect_success 'the next line keygen prints runs as printed, whatever the address and path' '
	mkdir -p "with space" &&
	pmgit keygen --no-passphrase -f "with space/k" -C "o${SQ}neil@example.com" >out &&
	sed -n "s/^next: \(pmgit keyring add .*\) --slot SLOT$/\1 --slot \"SRE Lead\"/p" out >cmd &&
	test -s cmd && (cd repo && eval "$(sed "s|--key |--key ../|" ../cmd)") >/dev/null 2>&1 &&
	(cd repo && pmgit keyring list) >list &&
	test_grep "^o${SQ}neil@example.com$" list &&
	(cd repo && git reset -q && git checkout -q .pmgit/keyring.yaml && git diff HEAD --quiet)
'

test_expect_success 'keygen never overwrites a key' '
	cp key before &&
	test_expect_code 3 pmgit keygen --no-passphrase -f key 2>err &&
	test_grep "already exists" err && test_cmp before key
'

test_expect_success 'keygen encrypts under PMGIT_PASSPHRASE and defaults to ~/.config/pmgit' '
	PMGIT_PASSPHRASE=s3cret-words pmgit keygen >out &&
	test -f "$HOME/.config/pmgit/signing.key" &&
	test "$(stat -c %a "$HOME/.config/pmgit/signing.key")" = 600 &&
	# the directory it made is for its owner alone, as ~/.ssh is; the one above is as it was
	test "$(stat -c %a "$HOME/.config/pmgit")" = 700 &&
	test "$(stat -c %a "$HOME/.config")" = "$(stat -c %a "$HOME")" &&
	test_grep "\(encrypted\)" out &&
	! grep -q "s3cret" "$HOME/.config/pmgit/signing.key"
'

test_expect_success 'keygen refuses a passphrase shorter than 8 characters, and writes nothing' '
	PMGIT_PASSPHRASE=s3cret test_expect_code 3 pmgit keygen -f short 2>err &&
	test_grep "a passphrase of 6 characters is too easily guessed; use at least 8" err &&
	test ! -e short && test ! -e short.pub
'

test_expect_success 'keygen with no terminal and no PMGIT_PASSPHRASE names both ways out' '
	test_expect_code 3 setsid "$PMGIT_BIN" keygen -f notty </dev/null 2>err &&
	test_grep "set PMGIT_PASSPHRASE, or make a key without one \(--no-passphrase\)" err &&
	test ! -e notty
'

test_expect_success 'keyring add takes a .pub file or a key line and stages the keyring' '
	cd repo &&
	pmgit keyring add alice@example.com --name "Alice Chen" --key ../key.pub --slot "SRE Lead" >out &&
	test_grep "^added alice@example.com \(SHA256:" out &&
	pmgit keyring add bob@example.com --key "$(cat "$HOME/.config/pmgit/signing.key.pub")" \
		--slot "Engineering Manager" --slot "vp engineering" &&
	git diff --cached --name-only >staged && test_grep "^.pmgit/keyring.yaml$" staged &&
	test_grep "slots: \[Engineering Manager, VP Engineering\]" .pmgit/keyring.yaml
'

test_expect_success 'keyring add reads the key line from standard input with --key -' '
	git init -q stdin-key && cd stdin-key && pmgit init >/dev/null &&
	pmgit keyring add carol@example.com --key - --slot "SRE Lead" <../key.pub >out &&
	fp=$(ssh-keygen -l -f ../key.pub | cut -d" " -f2) &&
	grep -qF "added carol@example.com ($fp) for" out &&
	test_grep "^  - ssh-ed25519 " .pmgit/keyring.yaml &&
	test_expect_code 3 pmgit keyring add dan@example.com --key - --slot "SRE Lead" <../key 2>err &&
	test_grep "^error: standard input is a private key; give its public half" err &&
	ssh-keygen -q -t ed25519 -N "" -f ../other &&
	cat ../key.pub ../other.pub | test_expect_code 3 pmgit keyring add dan@example.com --key - --slot "SRE Lead" 2>err &&
	test_grep "^error: standard input holds 2 ed25519 keys \(lines 1, 2\); give them one at a time$" err &&
	test_no_grep dan@ .pmgit/keyring.yaml
'

# https://github.com/USER.keys lists a person's keys of every type, a line each
test_expect_success 'keyring add takes the one ed25519 key of a file of keys, and names the choice otherwise' '
	git init -q gh-keys && cd gh-keys && pmgit init >/dev/null &&
	ssh-keygen -q -t rsa -b 2048 -N "" -f ../gh-rsa && ssh-keygen -q -t ecdsa -N "" -f ../gh-ec &&
	cat ../gh-rsa.pub ../key.pub ../gh-ec.pub | cut -d" " -f1,2 >../user.keys &&
	pmgit keyring add erin@example.com --key ../user.keys --slot "SRE Lead" >out 2>err &&
	test_grep "^note: .\.\./user\.keys. holds 3 keys; adding its ed25519 key, on line 2 \(pmgit signs with no other type\)$" err &&
	fp=$(ssh-keygen -l -f ../key.pub | cut -d" " -f2) && grep -qF "added erin@example.com ($fp)" out &&
	cat ../key.pub ../key.pub | pmgit keyring add erin@example.com --key - --slot "SRE Lead" >out 2>err &&
	test_grep "has that already; nothing changed" out && test_no_grep "holds" err &&
	ssh-keygen -q -t ed25519 -N "" -f ../gh-ed2 &&
	cat ../gh-rsa.pub ../key.pub ../gh-ed2.pub >../two.keys &&
	test_expect_code 3 pmgit keyring add fay@example.com --key ../two.keys --slot "SRE Lead" 2>err &&
	test_grep "^error: .\.\./two\.keys. holds 2 ed25519 keys \(lines 2, 3\); add each with its own line: --key \".\(sed -n .Np. \.\./two\.keys\)\" for line N$" err &&
	cat ../gh-rsa.pub ../gh-ec.pub >../none.keys &&
	test_expect_code 3 pmgit keyring add fay@example.com --key ../none.keys --slot "SRE Lead" 2>err &&
	test_grep "holds 2 keys and none is ed25519" err &&
	printf "\357\273\277%s\r\n" "$(cat ../key.pub)" >../bom.pub &&
	pmgit keyring add erin@example.com --key ../bom.pub --slot "SRE Lead" >out &&
	test_grep "has that already; nothing changed" out &&
	printf "hello\n" | cat - ../key.pub >../junk.keys &&
	test_expect_code 3 pmgit keyring add fay@example.com --key ../junk.keys --slot "SRE Lead" 2>err &&
	test_grep "^error: .\.\./junk\.keys. line 1 is not a public key" err &&
	test_no_grep fay@ .pmgit/keyring.yaml
'

# git's SSH signing keeps an allowed_signers file: principals, options, key
test_expect_success 'keyring add takes a line of allowed_signers or authorized_keys, and a file of them by its principal' '
	git init -q signers && cd signers && pmgit init >/dev/null &&
	ssh-keygen -q -t ed25519 -N "" -f ../as-a && ssh-keygen -q -t ed25519 -N "" -f ../as-b &&
	ssh-keygen -q -t ed25519 -N "" -f ../as-c && ssh-keygen -q -t ed25519 -N "" -f ../as-ca &&
	a=$(cut -d" " -f1,2 ../as-a.pub) && b=$(cut -d" " -f1,2 ../as-b.pub) &&
	fa=$(ssh-keygen -l -f ../as-a.pub | cut -d" " -f2) && fb=$(ssh-keygen -l -f ../as-b.pub | cut -d" " -f2) &&
	pmgit keyring add ann@example.com --key "ann@example.com namespaces=\"git\" $a ann@laptop" \
		--slot "SRE Lead" >out 2>err &&
	grep -qF "added ann@example.com ($fa)" out &&
	test_grep "^note: --key: the key.s options \(namespaces=\"git\"\) are not kept; the keyring says which slots it signs, and .pmgit keyring revoke --date. ends its use$" err &&
	pmgit keyring add cy@example.com --key "from=\"10.0.0.0/8\",no-pty $(cat ../as-c.pub)" --slot "SRE Lead" >out 2>err &&
	fc=$(ssh-keygen -l -f ../as-c.pub | cut -d" " -f2) && grep -qF "added cy@example.com ($fc)" out &&
	test_grep "options \(from=" err &&
	{ echo "# who signs commits here" &&
	  echo "ann@example.com namespaces=\"git\" $a" &&
	  echo "\"ben@example.com,benny@example.com\" namespaces=\"git\",valid-before=\"20300101\" $b" &&
	  echo "*@example.com cert-authority $(cut -d" " -f1,2 ../as-ca.pub)"; } >../allowed_signers &&
	pmgit keyring add BEN@example.com --key ../allowed_signers --slot "SRE Lead" >out 2>err &&
	grep -qF "added BEN@example.com ($fb)" out &&
	test_grep "^note: .\.\./allowed_signers. holds 2 ed25519 keys; adding the one line 3 gives BEN@example.com$" err &&
	test_grep "^note: line 3 of .\.\./allowed_signers.: the key.s options \(namespaces=\"git\",valid-before=\"20300101\"\) are not kept" err &&
	test_no_grep "gives that key to" err &&
	ssh-keygen -q -t ed25519 -N "" -f ../as-d &&
	pmgit keyring add dee@example.com --key "ann@example.com $(cat ../as-d.pub)" --slot "SRE Lead" >out 2>err &&
	test_grep "^note: --key gives that key to ann@example.com, not to dee@example.com$" err &&
	tail -n 1 ../allowed_signers >../ca_signers &&
	test_expect_code 3 pmgit keyring add eve@example.com --key ../ca_signers --slot "SRE Lead" 2>err &&
	test_grep "^error: .\.\./ca_signers. line 1 is a certificate authority.s key \(cert-authority\), which signs certificates, not sign-offs; give the signer.s own key$" err &&
	test_no_grep eve@ .pmgit/keyring.yaml
'

test_expect_success 'keyring list shows fingerprints as ssh-keygen -l prints them' '
	cd repo && pmgit keyring list >out &&
	fp=$(ssh-keygen -l -f ../key.pub | cut -d" " -f2) &&
	test_grep "^alice@example.com  Alice Chen$" out &&
	grep -qxF "  key   $fp" out &&
	pmgit keyring list --format json >out.json &&
	python3 -c "
import json; d=json.load(open(\"out.json\"))
assert d[\"people\"][0][\"keys\"][0][\"fingerprint\"]==\"$fp\"
assert d[\"people\"][1][\"slots\"]==[\"Engineering Manager\",\"VP Engineering\"]
"
'

test_expect_success 'keyring add gives someone already there a slot or a name without their key again' '
	cd repo && cp .pmgit/keyring.yaml ../keyring.orig &&
	pmgit keyring add BOB@example.com --slot "SRE Lead" --name "Bob Okafor" >out 2>err &&
	test_grep "^note: .BOB@example.com. is .bob@example.com. in .pmgit/keyring.yaml; using that$" err &&
	test_grep "^bob@example.com \(Bob Okafor\) signs .Engineering Manager., .VP Engineering., .SRE Lead.; .pmgit/keyring.yaml is staged$" out &&
	test_grep "slots: \[Engineering Manager, VP Engineering, SRE Lead\]" .pmgit/keyring.yaml &&
	cp .pmgit/keyring.yaml ../keyring.before &&
	pmgit keyring add bob@example.com --slot "sre lead" >out &&
	test_grep "^bob@example.com has that already; nothing changed$" out &&
	test_cmp ../keyring.before .pmgit/keyring.yaml &&
	test_expect_code 2 pmgit keyring add carol@example.com --slot "SRE Lead" 2>err &&
	test_grep "^error: .carol@example.com. is not in the keyring yet: give their public key with --key and the slots they sign with --slot$" err &&
	test_cmp ../keyring.before .pmgit/keyring.yaml &&
	cp ../keyring.orig .pmgit/keyring.yaml && git add .pmgit/keyring.yaml
'

test_expect_success 'keyring add refuses unknown slots, other key types and shared keys' '
	cd repo && ssh-keygen -q -t rsa -b 2048 -N "" -f ../rsa &&
	test_expect_code 2 pmgit keyring add c@x ../key.pub 2>err &&
	test_grep "^error: .\.\./key\.pub. after the principal: give the key as --key \.\./key\.pub and what it may sign as --slot SLOT$" err &&
	test_expect_code 2 pmgit keyring add c@x ../key.pub --slot "SRE Lead" 2>err &&
	test_grep "give the key as --key \.\./key\.pub$" err &&
	test_expect_code 2 pmgit keyring add c@x --key ../key.pub --slot "Janitor" 2>err &&
	test_grep "no slot .Janitor. in .pmgit/config.yaml; the slots are .Engineering Manager., .SRE Lead." err &&
	test_expect_code 3 pmgit keyring add c@x --key ../rsa.pub --slot "SRE Lead" 2>err &&
	test_grep "ssh-rsa. keys are not supported; pmgit signs with ed25519 keys" err &&
	test_expect_code 3 pmgit keyring add c@x --key "$(cat ../rsa.pub)" --slot "SRE Lead" 2>err &&
	test_grep "^error: --key: .ssh-rsa. keys are not supported" err &&
	test_expect_code 3 pmgit keyring add c@x --key "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIHxmZXNsb3dseXRoZWhvdXJnbGFzc3J1bnNvdXQAAAAEc3NoOg== yubikey" --slot "SRE Lead" 2>err &&
	test_grep "^error: --key: the sk-ssh-ed25519@openssh.com key is not valid base64 of such a key" err &&
	test_expect_code 3 pmgit keyring add c@x --key "sk-ecdsa-sha2-nistp256@openssh.com AAAAInNrLWVjZHNhLXNoYTItbmlzdHAyNTZAb3BlbnNzaC5jb20= yubikey" --slot "SRE Lead" 2>err &&
	test_grep "^error: --key: .sk-ecdsa-sha2-nistp256@openssh.com. keys are not supported; pmgit signs with ed25519 keys, in a file or on a FIDO security key" err &&
	test_expect_code 3 pmgit keyring add c@x --key ../key.pub --slot "SRE Lead" 2>err &&
	test_grep "already belongs to .alice@example.com." err &&
	ssh-keygen -q -t ed25519 -N "" -f ../private && cp .pmgit/keyring.yaml ../keyring.before &&
	test_expect_code 3 pmgit keyring add c@x --key ../private --slot "SRE Lead" 2>err &&
	test_grep "private. is a private key; give its public half \(.\.\./private\.pub.\)" err &&
	test_expect_code 2 pmgit keyring add c@x --name "Alice Chen <alice@example.com>" --key ../private.pub --slot "SRE Lead" 2>err &&
	test_grep "^error: --name is a person.s name, without .<., .>. or .@.: the Sign-Off section writes .Name <c@x>." err &&
	test_cmp ../keyring.before .pmgit/keyring.yaml
'

test_expect_success 'an OpenSSH certificate adds the key it certifies; elsewhere it names that key' '
	cd repo && cp .pmgit/keyring.yaml ../keyring.before &&
	ssh-keygen -q -t ed25519 -N "" -C "the CA" -f ../ca &&
	ssh-keygen -q -t ed25519 -N "" -C "Carol laptop" -f ../certified &&
	ssh-keygen -q -s ../ca -I carol -n carol@example.com ../certified.pub &&
	pmgit keyring add carol@example.com --key ../certified-cert.pub --slot "SRE Lead" >out 2>err &&
	test_grep "^note: .\.\./certified-cert\.pub. is an OpenSSH certificate; adding the key it certifies" err &&
	fp=$(ssh-keygen -l -f ../certified.pub | cut -d" " -f2) &&
	grep -qF "($fp)" out &&
	grep -qxF "  - $(cat ../certified.pub)" .pmgit/keyring.yaml &&
	test_no_grep "cert-v01" .pmgit/keyring.yaml &&
	cp "$FIXTURES/complete.md" postmortems/INC-2026-0042.md &&
	test_expect_code 3 pmgit sign INC-2026-0042 --key ../certified-cert.pub --slot "SRE Lead" --signer carol@example.com 2>err &&
	test_grep "certified-cert\.pub: an OpenSSH certificate, not a key; give the key it certifies \(.\.\./certified\.pub.\)" err &&
	sed "s|^  - ssh-ed25519 .*Carol laptop\$|  - $(cut -d" " -f1,2 ../certified-cert.pub)|" .pmgit/keyring.yaml >../kr &&
	cp ../kr .pmgit/keyring.yaml && grep -q cert-v01 .pmgit/keyring.yaml &&
	test_expect_code 3 pmgit keyring list 2>err &&
	test_grep "keyring.yaml:[0-9]+.*an OpenSSH certificate, not a key" err &&
	cp ../keyring.before .pmgit/keyring.yaml && git add .pmgit/keyring.yaml &&
	rm postmortems/INC-2026-0042.md &&
	"$(dirname "$PMGIT_BIN")/sk-sign" pub certified-sk ssh: >../certified-sk.pub &&
	ssh-keygen -q -s ../ca -I carol-sk -n carol@example.com ../certified-sk.pub &&
	pmgit keyring add carol@example.com --key ../certified-sk-cert.pub --slot "SRE Lead" >out 2>err &&
	test_grep "^note: .\.\./certified-sk-cert\.pub. is an OpenSSH certificate; adding the key it certifies" err &&
	fp=$(ssh-keygen -l -f ../certified-sk.pub | cut -d" " -f2) && grep -qF "($fp)" out &&
	grep -qxF "  - $(cat ../certified-sk.pub)" .pmgit/keyring.yaml &&
	cp ../keyring.before .pmgit/keyring.yaml && git add .pmgit/keyring.yaml
'

test_expect_success 'an SSH2 public key (RFC 4716, as PuTTYgen saves it) adds the same key' '
	git init -q rfc && cd rfc && pmgit init >/dev/null &&
	ssh-keygen -q -t ed25519 -N "" -C "Erin on Windows" -f ../putty &&
	ssh-keygen -e -f ../putty.pub >../putty.rfc && test_grep "^---- BEGIN SSH2 PUBLIC KEY ----$" ../putty.rfc &&
	pmgit keyring add erin@example.com --key ../putty.rfc --slot "SRE Lead" >out &&
	fp=$(ssh-keygen -l -f ../putty.pub | cut -d" " -f2) && grep -qF "added erin@example.com ($fp)" out &&
	grep -qF "  - $(cut -d" " -f1,2 ../putty.pub) " .pmgit/keyring.yaml &&
	pmgit keyring export >allowed && grep -qF "$(cut -d" " -f2 ../putty.pub)" allowed &&
	head -n 2 ../putty.rfc >../cut.rfc &&
	test_expect_code 3 pmgit keyring add fay@example.com --key ../cut.rfc --slot "SRE Lead" 2>err &&
	test_grep "^error: .\.\./cut\.rfc. is an SSH2 public key \(RFC 4716, as PuTTYgen saves one\), but it has no .---- END SSH2 PUBLIC KEY ----. line; give the key as one OpenSSH line \(.ssh-keygen -i -f FILE. converts it\)$" err &&
	ssh-keygen -q -t ecdsa -N "" -f ../ec && ssh-keygen -e -f ../ec.pub >../ec.rfc &&
	test_expect_code 3 pmgit keyring add fay@example.com --key ../ec.rfc --slot "SRE Lead" 2>err &&
	test_grep "ecdsa-sha2-nistp256. keys are not supported" err &&
	test_no_grep fay@ .pmgit/keyring.yaml &&
	pmgit keyring revoke ../putty.rfc --reason "laptop lost" >out 2>&1 &&
	grep -qF "$fp" out && pmgit keyring list >out && test_grep "REVOKED [0-9-]+: laptop lost" out
'

test_expect_success 'a PuTTY key (.ppk) is named, with the puttygen line that converts it' '
	cd repo && printf "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: erin\n" >../erin.ppk &&
	chmod 600 ../erin.ppk && cp .pmgit/keyring.yaml ../keyring.before &&
	test_expect_code 3 pmgit keyring add erin@example.com --key ../erin.ppk --slot "SRE Lead" 2>err &&
	test_grep "^error: .\.\./erin\.ppk. is a PuTTY private key \(\.ppk\); give its public half, the line .puttygen \.\./erin\.ppk -O public-openssh. prints" err &&
	cp "$FIXTURES/complete.md" postmortems/INC-2026-0042.md &&
	test_expect_code 3 pmgit sign INC-2026-0042 --key ../erin.ppk --slot "SRE Lead" --signer alice@example.com 2>err &&
	test_grep "^error: .\.\./erin\.ppk. is a PuTTY private key \(\.ppk\), which pmgit does not read; export it as an OpenSSH key \(.puttygen \.\./erin\.ppk -O private-openssh -o KEY." err &&
	rm postmortems/INC-2026-0042.md && test_cmp ../keyring.before .pmgit/keyring.yaml
'

test_expect_success 'keyring export is an allowed_signers file for the pmgit-signoff namespace' '
	cd repo && pmgit keyring export >allowed &&
	test_grep "^alice@example.com namespaces=\"pmgit-signoff\" ssh-ed25519 AAAA[^ ]+$" allowed &&
	test "$(grep -vc "^#" allowed)" = 2
'

test_expect_success 'keyring revoke marks the key; export bounds it or leaves it out' '
	cd repo && fp=$(ssh-keygen -l -f ../key.pub | cut -d" " -f2) &&
	pmgit keyring revoke "$fp" --reason "laptop lost" --date 2026-10-01 >out &&
	pmgit keyring list >out && test_grep "REVOKED 2026-10-01: laptop lost" out &&
	pmgit keyring export >allowed &&
	test_grep "^alice@example.com namespaces=\"pmgit-signoff\",valid-before=\"20260930235959Z\" ssh-ed25519 " allowed &&
	cp .pmgit/keyring.yaml ../revoked.yaml &&
	pmgit keyring revoke "$fp" --reason again >out &&
	grep -qxF "$fp is already revoked as of 2026-10-01; nothing changed" out &&
	pmgit keyring revoke "${fp#SHA256:}" --reason "copied without its SHA256:" >out &&
	grep -qxF "$fp is already revoked as of 2026-10-01; nothing changed" out &&
	test_cmp ../revoked.yaml .pmgit/keyring.yaml &&
	test_expect_code 1 pmgit keyring revoke "$fp" --reason later --date 2026-11-01 2>err &&
	test_grep "already revoked as of 2026-10-01; a revocation is not moved later" err &&
	test_cmp ../revoked.yaml .pmgit/keyring.yaml &&
	pmgit keyring revoke "$fp" --reason "lost earlier" --date 2026-09-15 >out &&
	test_grep "^was revoked as of 2026-10-01 \(laptop lost\)$" out &&
	pmgit keyring list >out && test_grep "REVOKED 2026-09-15: lost earlier" out &&
	pmgit keyring revoke "$fp" --reason "found stolen" --compromised >out &&
	grep -qF "revoked $fp as of 2026-09-15 (compromised: all its sign-offs are void)" out &&
	test "$(grep -c "^- key: $fp" .pmgit/keyring.yaml)" = 1 &&
	pmgit keyring export >allowed && test_no_grep "^alice@example.com" allowed &&
	pmgit keyring revoke "$fp" --reason "again" >out &&
	test_grep "already revoked as of 2026-09-15 \(compromised\); nothing changed" out &&
	cp ../revoked.yaml .pmgit/keyring.yaml && git add .pmgit/keyring.yaml &&
	bfp=$(ssh-keygen -l -f "$HOME/.config/pmgit/signing.key.pub" | cut -d" " -f2) &&
	pmgit keyring revoke "$bfp" --reason stolen --compromised &&
	pmgit keyring export >allowed &&
	test_no_grep "^bob@example.com" allowed &&
	test_grep "^# bob@example.com .*compromised, left out" allowed
'

test_expect_success 'keyring revoke takes a .pub file, or a principal with one key, as well as a fingerprint' '
	new_repo rv && cd rv &&
	ssh-keygen -q -t ed25519 -N "" -C one -f ../rv1 && ssh-keygen -q -t ed25519 -N "" -C two -f ../rv2 &&
	ssh-keygen -q -t ed25519 -N "" -C three -f ../rv3 &&
	pmgit keyring add dana@example.com --key ../rv1.pub --slot "SRE Lead" >/dev/null &&
	pmgit keyring add eve@example.com --key ../rv2.pub --slot "SRE Lead" >/dev/null &&
	pmgit keyring add eve@example.com --key ../rv3.pub >/dev/null &&
	fp1=$(ssh-keygen -l -f ../rv1.pub | cut -d" " -f2) && fp2=$(ssh-keygen -l -f ../rv2.pub | cut -d" " -f2) &&
	fp3=$(ssh-keygen -l -f ../rv3.pub | cut -d" " -f2) &&
	pmgit keyring revoke DANA@example.com --reason "left" >out 2>err &&
	grep -qxF "note: dana@example.com${SQ}s key is $fp1" err && grep -qF "revoked $fp1 as of" out &&
	pmgit keyring revoke dana@example.com --reason "left" --compromised >out 2>/dev/null &&
	grep -qF "revoked $fp1 as of" out && grep -qF "(compromised" out &&
	test_expect_code 2 pmgit keyring revoke eve@example.com --reason "left" 2>err &&
	grep -qF "has 2 keys ($fp2, $fp3); name the one to revoke by its fingerprint" err &&
	pmgit keyring revoke ../rv2.pub --reason "lost" >out && grep -qF "revoked $fp2 as of" out &&
	pmgit keyring revoke eve@example.com --reason "left" >out 2>/dev/null && grep -qF "revoked $fp3 as of" out &&
	test_expect_code 2 pmgit keyring revoke frank@example.com --reason "x" 2>err &&
	test_grep "neither a fingerprint, a public key file nor a principal of the keyring" err
'

test_expect_success 'keyring add and revoke keep the comments people wrote in the keyring' '
	cd repo && cp .pmgit/keyring.yaml ../keyring.before &&
	sed -i -e "s/^- principal: alice@example.com/# Alice: approved in SEC-123\n&/" \
	       -e "s/^revoked:/# keys that must no longer sign\n&/" .pmgit/keyring.yaml &&
	echo "# reviewed every quarter" >>.pmgit/keyring.yaml &&
	pmgit keygen --no-passphrase -f ../carol >/dev/null &&
	pmgit keyring add carol@example.com --key ../carol.pub --slot "SRE Lead" >/dev/null 2>err &&
	test_no_grep "comment" err &&
	pmgit keyring revoke "$(ssh-keygen -l -f ../carol.pub | cut -d" " -f2)" --reason "left" >/dev/null &&
	grep -A1 "^# Alice: approved in SEC-123$" .pmgit/keyring.yaml | tail -n 1 >next &&
	test "$(cat next)" = "- principal: alice@example.com" &&
	grep -A1 "^# keys that must no longer sign$" .pmgit/keyring.yaml | tail -n 1 >next &&
	test "$(cat next)" = "revoked:" &&
	test "$(tail -n 1 .pmgit/keyring.yaml)" = "# reviewed every quarter" &&
	pmgit keyring list >out && test_grep "^carol@example.com" out &&
	cp ../keyring.before .pmgit/keyring.yaml && git add .pmgit/keyring.yaml
'

test_expect_success 'two principals that would share sign-off file names are refused' '
	cd repo && cp .pmgit/keyring.yaml ../keyring.before &&
	pmgit keygen --no-passphrase -f ../clash >/dev/null &&
	test_expect_code 2 pmgit keyring add Alice.Example.com --key ../clash.pub --slot "SRE Lead" 2>err &&
	test_grep "and .alice@example.com. would name the same sign-off files" err &&
	test_cmp ../keyring.before .pmgit/keyring.yaml &&
	sed -i "/^people:/a - principal: alice.example.com\\n  keys: [\"$(cat ../clash.pub)\"]" .pmgit/keyring.yaml &&
	test_expect_code 3 pmgit verify 2>err &&
	test_grep "^error: .pmgit/keyring.yaml:[0-9]+:[0-9]+: .alice(@|\.)example.com. and .alice(@|\.)example.com. \(line [0-9]+\) would name the same sign-off files" err &&
	cp ../keyring.before .pmgit/keyring.yaml
'

test_expect_success 'keyring remove takes out someone who signed nothing, and refuses signers and admins' '
	new_repo removing && cd removing &&
	make_key alice && make_key bob && make_key erin && make_key typo &&
	add_signers >/dev/null 2>&1 &&
	pmgit keyring add typo@example.com --key "$TRASH/keys/typo.pub" --slot "SRE Lead" >/dev/null 2>&1 &&
	cp "$FIXTURES/complete.md" postmortems/INC-2026-0042.md && git add -A && git commit -q -m pm &&
	pmgit sign INC-2026-0042 --slot "SRE Lead" --key "$TRASH/keys/alice" --signer alice@example.com >/dev/null 2>&1 &&
	git commit -q -m signed &&
	pmgit keyring remove TYPO@example.com >../out &&
	test_grep "^removed typo@example.com; .pmgit/keyring.yaml is staged$" ../out &&
	pmgit keyring list >../list && test_no_grep typo@ ../list && test_grep alice@ ../list &&
	git diff --cached --name-only >../staged && test_grep "^.pmgit/keyring.yaml$" ../staged &&
	git commit -q -m "typo out" &&
	test_expect_code 1 pmgit keyring remove alice@example.com 2>../err &&
	test_grep "^error: alice@example.com has 1 sign-off here, which would stop verifying:$" ../err &&
	test_grep "^  postmortems/INC-2026-0042.signoffs/sre-lead.alice-example-com.yaml$" ../err &&
	test_grep "^revoke their key instead, which keeps what they signed before: .pmgit keyring revoke alice@example.com --reason \.\.\..$" ../err &&
	test_expect_code 3 pmgit keyring remove nobody@example.com 2>../err &&
	test_grep "nobody@example.com. is not in .pmgit/keyring.yaml" ../err &&
	pmgit policy protect --admin bob@example.com --admin erin@example.com --threshold 1 \
		--key "$TRASH/keys/bob" --signer bob@example.com >/dev/null 2>&1 && git commit -q -m protect &&
	test_expect_code 1 pmgit keyring remove bob@example.com 2>../err &&
	test_grep "^error: bob@example.com is an admin of the policy" ../err &&
	git status --porcelain >../st && test ! -s ../st
'

test_expect_success 'keyring usage errors are exit 2' '
	cd repo &&
	test_expect_code 2 pmgit keyring &&
	test_expect_code 2 pmgit keyring frob &&
	test_expect_code 2 pmgit keyring add x@y --key ../key.pub &&
	test_expect_code 2 pmgit keyring revoke NOTAFP --reason x &&
	test_expect_code 2 pmgit keyring remove &&
	test_expect_code 2 pmgit keyring remove a@b c@d &&
	test_expect_code 2 pmgit keyring merge x &&
	test_expect_code 2 pmgit keyring merge 2>err &&
	test_grep "no merge is in progress" err
'

# Two admins who each added a teammate on their own branch: git merges the
# keyring's lines, and two people appended at one place are a conflict.
test_expect_success 'keyring merge settles two branches that each added someone, or a key' '
	new_repo kmerge && cd kmerge && pmgit hooks install >/dev/null &&
	for n in ann bob cal dee; do pmgit keygen --no-passphrase -C $n@example.com -f ../k-$n >/dev/null || return 1; done &&
	echo "# approved in SEC-1" >>.pmgit/keyring.yaml &&
	pmgit keyring add ann@example.com --name "Ann Lee" --key ../k-ann.pub --slot "SRE Lead" >/dev/null 2>&1 &&
	git commit -q -m ann && git checkout -q -b other &&
	pmgit keyring add bob@example.com --key ../k-bob.pub --slot "Engineering Manager" >/dev/null 2>&1 &&
	git commit -q -m bob && git checkout -q - &&
	pmgit keyring add cal@example.com --key ../k-cal.pub --slot "VP Engineering" >/dev/null 2>&1 &&
	pmgit keyring add ann@example.com --key ../k-dee.pub >/dev/null 2>&1 &&
	git commit -q -m "cal, and ann rotates" &&
	test_must_fail git merge -q other >out 2>&1 && test_grep "CONFLICT \(content\): Merge conflict in .pmgit/keyring.yaml" out &&
	test_expect_code 3 pmgit keyring list 2>err &&
	test_grep "a merge conflict: .*.pmgit keyring merge. keeps what each branch added" err &&
	pmgit keyring merge >out &&
	test_grep "^from the other branch: bob@example.com$" out &&
	test_grep "^merged .pmgit/keyring.yaml \(3 people\), staged" out &&
	git diff --cached --quiet -- . ":!.pmgit/keyring.yaml" &&
	test -z "$(git diff --name-only --diff-filter=U)" &&
	pmgit keyring list >out &&
	test "$(grep -c "^  key " out)" = 4 &&
	test_grep "^bob@example.com$" out && test_grep "^cal@example.com$" out &&
	test_grep "^# approved in SEC-1$" .pmgit/keyring.yaml &&
	git commit -q --no-edit && pmgit verify >/dev/null
'

test_expect_success 'and so it does in a rebase, naming the command that goes on' '
	cd kmerge && main=$(git symbolic-ref --short HEAD) && git checkout -q -b later other &&
	pmgit keygen --no-passphrase -C eve@example.com -f ../k-eve >/dev/null &&
	pmgit keyring add eve@example.com --key ../k-eve.pub --slot "Product Manager" >/dev/null 2>&1 &&
	git commit -q -m eve && git checkout -q "$main" &&
	pmgit keygen --no-passphrase -C fay@example.com -f ../k-fay >/dev/null &&
	pmgit keyring add fay@example.com --key ../k-fay.pub --slot "Product Manager" >/dev/null 2>&1 &&
	git commit -q -m fay && git checkout -q later &&
	test_must_fail git rebase -q "$main" >/dev/null 2>&1 &&
	pmgit keyring merge >out &&
	test_grep "then .git rebase --continue.$" out &&
	GIT_EDITOR=true git rebase --continue >/dev/null 2>&1 &&
	pmgit keyring list >out && test_grep "^eve@example.com$" out && test_grep "^fay@example.com$" out &&
	git checkout -q "$main"
'

test_expect_success 'keyring merge refuses what both branches changed, each in its own way' '
	cd kmerge && git checkout -q -b one && pmgit keyring add ann@example.com --name "Ann L" >/dev/null 2>&1 &&
	git commit -q -m "ann l" && git checkout -q -b two HEAD~1 &&
	pmgit keyring add ann@example.com --name "Ann M" >/dev/null 2>&1 && git commit -q -m "ann m" &&
	test_must_fail git merge -q one >/dev/null 2>&1 &&
	test_expect_code 1 pmgit keyring merge 2>err &&
	test_grep "the two branches give ann@example.com two names ..Ann M. here, .Ann L. there." err &&
	test -n "$(git diff --name-only --diff-filter=U)" &&
	git merge --abort
'

test_done
