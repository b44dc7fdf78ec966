#!/bin/sh
# A walk through pmgit on a throw-away repository: set-up, a new
# postmortem checked before and after it is filled in, three sign-offs,
# finalize, the hooks refusing a change to a Final postmortem, admins
# guarding the keyring, and an auditor's check with ssh-keygen alone.
#   sh tools/demo.sh [path/to/pmgit]      (build/pmgit when not given)
set -eu
bin=${1:-$(dirname "$0")/../build/pmgit}
if [ ! -x "$bin" ]; then
	echo "tools/demo.sh: no pmgit at '$bin'; build it with 'make', or run 'make demo'" >&2
	exit 2
fi
pmgit_bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
top=$(cd "$(dirname "$0")/.." && pwd)
demo=$(mktemp -d "${TMPDIR:-/tmp}/pmgit-demo.XXXXXX")
pmgit() { "$pmgit_bin" "$@"; }
step() { printf '\n== %s\n' "$*"; }
# the command as one would type it: arguments with spaces or quotes quoted
show() {
	line='$'
	for a in "$@"; do
		case $a in
		'' | *[!A-Za-z0-9@%+=:,./_-]*)
			a="'$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'" ;;
		esac
		line="$line $a"
	done
	printf '%s\n' "$line"
	"$@"
}

export HOME="$demo/home" GIT_CONFIG_NOSYSTEM=1 TZ=UTC NO_COLOR=1
mkdir -p "$HOME"
git config --global user.name "Priya Raman"
git config --global user.email priya@example.com
git config --global init.defaultBranch main
cd "$demo"

step "A postmortem repository"
git init -q incidents && cd incidents
show pmgit init --hooks
git commit -q -m "Set up pmgit"

step "An author starts a postmortem"
doc=$(pmgit new --title "Checkout outage from an expired ingress certificate" --date 2026-02-10 --severity P1 2>/dev/null)
echo "pmgit new -> $doc"
rel=${doc#"$PWD/"}
id=$(basename "$rel" .md)

step "pmgit check before it is filled in (judged as In Review)"
pmgit check --level review --errors-only "$rel" >check.out || true
head -n 8 check.out
echo "   ... $(grep -c ': error:' check.out) errors in all"
rm check.out

step "The author fills it in (from tests/fixtures/complete.md) and checks again"
sed "s/INC-2026-0042/$id/" "$top/tests/fixtures/complete.md" >"$rel"
show pmgit check --now 2026-02-15 "$rel"
git add "$rel" && git commit -q -m "$id: in review"

step "Reviewers and the approver get keys; an admin adds them to the keyring"
mkdir -p keys
for who in alice bob erin; do
	pmgit keygen --no-passphrase -f "keys/$who" -C "$who@example.com" >/dev/null
done
pmgit keyring add alice@example.com --name "Alice Chen" --key keys/alice.pub --slot "SRE Lead"
pmgit keyring add bob@example.com --name "Bob Okafor" --key keys/bob.pub --slot "Engineering Manager"
pmgit keyring add erin@example.com --name "Erin Park" --key keys/erin.pub --slot "VP Engineering"
git commit -q -m "Keyring: reviewers and approver" -- .pmgit/keyring.yaml

step "Two admins protect the keyring: from now on each change needs both"
show pmgit policy protect --admin alice@example.com --admin bob@example.com --key keys/alice --signer alice@example.com
pmgit policy sign --key keys/bob --signer bob@example.com
git commit -q -m "Protect the keyring"
root=$(pmgit policy status | sed -n 's/^  root *//p')

step "Each signs their slot; status --to-sign lists what awaits a reviewer"
show pmgit status --to-sign --signer alice@example.com
show pmgit sign "$rel" --slot "SRE Lead" --key keys/alice --signer alice@example.com
pmgit sign "$rel" --slot "Engineering Manager" --key keys/bob --signer bob@example.com >/dev/null
pmgit sign "$rel" --slot "VP Engineering" --key keys/erin --signer erin@example.com >/dev/null
git commit -q -m "$id: sign-offs"
show pmgit verify "$rel"

step "pmgit finalize: Status Final, Sign-Off filled, signatures still valid"
show pmgit finalize "$rel"
git commit -q -m "$id: final"
sed -n '/^## Sign-Off/,$p' "$rel"

step "The pre-commit hook refuses to change a Final postmortem"
sed -i 's/^On 10 February/On February 10/' "$rel"
git add "$rel"
git commit -q -m "quiet edit" || true
git reset -q --hard

step "Work on the action items goes on: progress is recorded beside the frozen postmortem"
show pmgit actions --overdue --now 2026-03-01
show pmgit actions update "$id" "Page on two consecutive failed CronJob runs" --status Done \
	--note "alert rule merged" --now 2026-02-27
git commit -q -m "$id: paging done"
show pmgit actions --overdue --now 2026-03-01

step "Someone adds their own key as an approver: it counts for nothing until the admins approve"
pmgit keygen --no-passphrase -f keys/mallory -C mallory@example.com >/dev/null
pmgit keyring add mallory@example.com --key keys/mallory.pub --slot "VP Engineering"
show pmgit policy status || true
git checkout -q HEAD -- .pmgit

step "Erin leaves: deleting her from the keyring would fail the postmortem she approved"
awk '/^- principal: / { skip = ($0 == "- principal: erin@example.com") } /^[a-z]/ { skip = 0 } !skip' \
	.pmgit/keyring.yaml >keyring.without-erin
cp keyring.without-erin .pmgit/keyring.yaml && rm keyring.without-erin
git commit -q -a -m "Erin left" || true
git checkout -q HEAD -- .pmgit
echo "(revoke her key instead: 'pmgit keyring revoke erin@example.com --reason ...' keeps what she signed)"

step "An auditor pins the policy's root and verifies everything"
show pmgit verify --trust "$root"

step "An auditor checks a sign-off with OpenSSH alone"
pmgit keyring export >allowed_signers
rec="${rel%.md}.signoffs/sre-lead.alice-example-com.yaml"
awk '/^statement: \|$/ {s=1; next} /^signature: \|$/ {s=0} s {sub(/^  /, ""); print}' "$rec" >statement
awk '/^signature: \|$/ {s=1; next} s {sub(/^  /, ""); print}' "$rec" >statement.sig
show ssh-keygen -Y verify -f allowed_signers -I alice@example.com -n pmgit-signoff -s statement.sig <statement
show pmgit status

printf '\nThe demo repository is in %s\n' "$demo/incidents"
