# Sourced by every tests/tNNNN-*.sh script.
#
# Gives the script its own scratch directory (with its own HOME and git
# identity), a deterministic environment, and the helpers:
#
#   test_expect_success 'what it proves' 'shell commands'
#   test_must_fail CMD...         CMD exits 1..125 (not a crash, not "not found")
#   test_expect_code N CMD...     CMD exits exactly N
#   test_cmp EXPECTED ACTUAL      files equal (diff -u shown otherwise)
#   test_grep PATTERN FILE        FILE has a line matching PATTERN (grep -E)
#   test_no_grep PATTERN FILE
#   test_done                     prints the tally; the exit status says if all passed
#
# Each test body runs in a subshell with `set -e`, in $TRASH; files persist
# from one test to the next, variables do not. Every line of output is
# "ok N - ..." or "not ok N - ..." (TAP), which tests/run.sh counts.

set -u

TEST_NAME=$(basename "$0" .sh)
TEST_DIR=$(cd "$(dirname "$0")" && pwd)
FIXTURES="$TEST_DIR/fixtures"
: "${PMGIT:?PMGIT must name the pmgit binary to test (tests/run.sh sets it)}"
PMGIT_BIN=$PMGIT
TRASH_ROOT=${TMPDIR:-/tmp}/pmgit-tests
mkdir -p "$TRASH_ROOT"
TRASH=$(mktemp -d "$TRASH_ROOT/$TEST_NAME.XXXXXX")
export HOME="$TRASH/home"
mkdir -p "$HOME"
# what pmgit and the tools write to a temporary directory goes with the trash
export TMPDIR="$TRASH/tmp"
mkdir -p "$TMPDIR"
cd "$TRASH" || exit 1

export GIT_CONFIG_NOSYSTEM=1
export TZ=UTC LC_ALL=C LANG=C
export NO_COLOR=1
export GIT_AUTHOR_NAME='Priya Raman' GIT_AUTHOR_EMAIL='priya@example.com'
export GIT_COMMITTER_NAME='Priya Raman' GIT_COMMITTER_EMAIL='priya@example.com'
export GIT_AUTHOR_DATE='2026-02-12T10:00:00Z' GIT_COMMITTER_DATE='2026-02-12T10:00:00Z'
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY SSH_AUTH_SOCK PMGIT_PASSPHRASE PMGIT_FAULT 2>/dev/null || true
git config --global user.name 'Priya Raman'
git config --global user.email 'priya@example.com'
git config --global init.defaultBranch main
git config --global advice.detachedHead false

# pmgit as the tests call it; the hooks installed by tests call the same binary
pmgit() { "$PMGIT_BIN" "$@"; }
# no other pmgit on PATH (an installed one, a build directory a developer
# put there): hooks that look for pmgit find only what a test puts there
path=
oldifs=$IFS
IFS=:
for d in $PATH; do
	[ -x "$d/pmgit" ] || path=${path:+$path:}$d
done
IFS=$oldifs
export PATH="$path"
unset path oldifs d

test_count=0
test_failed=0

say_failure() {
	printf 'not ok %d - %s\n' "$test_count" "$1"
	sed -e 's/^/#   /' "$TRASH/.test-output"
}

test_expect_success() {
	test_count=$((test_count + 1))
	cd "$TRASH" || exit 1
	if ( set -e; eval "$2" ) >"$TRASH/.test-output" 2>&1; then
		printf 'ok %d - %s\n' "$test_count" "$1"
	else
		test_failed=$((test_failed + 1))
		say_failure "$1"
	fi
	cd "$TRASH" || exit 1
}

test_must_fail() {
	"$@" && { echo "expected failure, got success: $*" >&2; return 1; }
	code=$?
	if [ "$code" -gt 125 ]; then
		echo "crashed or not found (exit $code): $*" >&2
		return 1
	fi
	return 0
}

test_expect_code() {
	want=$1
	shift
	"$@" && code=0 || code=$?
	if [ "$code" != "$want" ]; then
		echo "expected exit $want, got $code: $*" >&2
		return 1
	fi
}

test_cmp() {
	diff -u "$1" "$2"
}

test_grep() {
	grep -E -q -e "$1" "$2" || {
		echo "no line matching '$1' in $2:" >&2
		sed -e 's/^/|  /' "$2" >&2
		return 1
	}
}

test_no_grep() {
	test -f "$2" || { echo "no file $2" >&2; return 1; }
	! grep -E -q -e "$1" "$2" || {
		echo "unexpected line matching '$1' in $2:" >&2
		grep -E -e "$1" "$2" | sed -e 's/^/|  /' >&2
		return 1
	}
}

# A repository with pmgit initialised and committed: new_repo DIR
new_repo() {
	git init -q "$1" &&
	(cd "$1" && pmgit init >/dev/null && git commit -q -m 'Set up pmgit')
}

# A fresh pmgit key without a passphrase: make_key NAME -> $TRASH/keys/NAME(.pub)
make_key() {
	mkdir -p "$TRASH/keys" &&
	pmgit keygen --no-passphrase -C "$1@example.com" -f "$TRASH/keys/$1" >/dev/null
}

# The three signers most tests use, in the keyring of the repository in
# the current directory, with the keys made in $TRASH/keys: Alice Chen
# (SRE Lead), Bob Okafor (Engineering Manager), Erin Park (VP Engineering)
add_signers() {
	pmgit keyring add alice@example.com --name "Alice Chen" --key "$TRASH/keys/alice.pub" --slot "SRE Lead" &&
	pmgit keyring add bob@example.com --name "Bob Okafor" --key "$TRASH/keys/bob.pub" --slot "Engineering Manager" &&
	pmgit keyring add erin@example.com --name "Erin Park" --key "$TRASH/keys/erin.pub" --slot "VP Engineering"
}

# sign_all DOC: the three signers of add_signers each sign their slot of DOC
sign_all() {
	pmgit sign "$1" --slot "SRE Lead" --key "$TRASH/keys/alice" --signer alice@example.com &&
	pmgit sign "$1" --slot "Engineering Manager" --key "$TRASH/keys/bob" --signer bob@example.com &&
	pmgit sign "$1" --slot "VP Engineering" --key "$TRASH/keys/erin" --signer erin@example.com
}

# An OpenSSH key: make_ssh_key NAME [PASSPHRASE]
make_ssh_key() {
	mkdir -p "$TRASH/keys" &&
	ssh-keygen -q -t ed25519 -N "${2:-}" -C "$1@example.com" -f "$TRASH/keys/$1"
}

# The statement and the armored signature held by a sign-off record
record_statement() {
	awk '/^statement: \|$/ {s=1; next} /^signature: \|$/ {s=0} s {sub(/^  /, ""); print}' "$1"
}
record_signature() {
	awk '/^signature: \|$/ {s=1; next} s {sub(/^  /, ""); print}' "$1"
}
# write_record FILE STATEMENT SIGNATURE: a record from the two files
write_record() {
	{
		echo 'statement: |'
		sed 's/^/  /' "$2"
		echo 'signature: |'
		sed 's/^/  /' "$3"
	} >"$1"
}

# copies_of_fixture DIR FROM TO [PAD_KB]: postmortems INC-2026-FROM .. TO-1 in
# DIR, each the complete fixture under its own ID, PAD_KB KiB longer
copies_of_fixture() {
	awk -v dir="$1" -v from="$2" -v to="$3" -v pad="${4:-0}" '
		{ line[NR] = $0 }
		END {
			filler = sprintf("%1023s", ""); gsub(/ /, "x", filler)
			for (i = from; i < to; i++) {
				id = sprintf("INC-2026-%04d", i); f = dir "/" id ".md"
				for (n = 1; n <= NR; n++) { l = line[n]; gsub(/INC-2026-0042/, id, l); print l > f }
				for (k = 0; k < pad; k++) print filler > f
				close(f)
			}
		}' "$FIXTURES/complete.md"
}

# peak_rss_kb CMD...: the most memory CMD held at once, in KiB; output dropped
peak_rss_kb() {
	python3 -c '
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}

test_done() {
	printf '# %s: %d passed, %d failed\n' "$TEST_NAME" \
		$((test_count - test_failed)) "$test_failed"
	if [ "$test_failed" -eq 0 ] && [ -z "${KEEP_TRASH:-}" ]; then
		chmod -R u+w "$TRASH" 2>/dev/null
		rm -rf "$TRASH"
	fi
	[ "$test_failed" -eq 0 ]
}
