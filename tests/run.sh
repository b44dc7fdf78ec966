#!/bin/sh
# Runs every test of pmgit against one build and prints the tally:
#   sh tests/run.sh BUILD_DIR
# the unit tests, the fuzz targets replaying their corpora, and every
# tests/tNNNN-*.sh end-to-end script (two at a time). The last line is
# "N passed, N failed"; the exit status is 0 only when nothing failed.
set -u
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case $build in /*) ;; *) build="$top/$build" ;; esac
export PMGIT="$build/pmgit"
out=$(mktemp -d "${TMPDIR:-/tmp}/pmgit-run.XXXXXX")

[ -x "$PMGIT" ] || { echo "no $PMGIT: run make first" >&2; exit 2; }

# unit tests
(cd "$top" && "$build/unit-tests") >"$out/00-unit.out" 2>&1
echo "# unit-tests exited $?" >>"$out/00-unit.out"

# fuzz targets: each replays its corpus (tests/fuzz/corpus/NAME)
for replay in "$build"/fuzz/*-replay; do
	[ -x "$replay" ] || continue
	name=$(basename "$replay" -replay)
	if "$replay" "$top/tests/fuzz/corpus/$name" >"$out/01-$name.log" 2>&1; then
		echo "ok 1 - fuzz corpus replay: $name ($(tail -n 1 "$out/01-$name.log"))" >"$out/01-$name.out"
	else
		{ echo "not ok 1 - fuzz corpus replay: $name"; sed 's/^/#   /' "$out/01-$name.log"; } >"$out/01-$name.out"
	fi
done

# end-to-end scripts, two at a time
ls "$top"/tests/t[0-9]*.sh | xargs -P 2 -I{} sh -c \
	'sh "$1" >"$2/$(basename "$1" .sh).out" 2>&1' _ {} "$out"

passed=0
failed=0
for f in "$out"/*.out; do
	name=$(basename "$f" .out)
	p=$(grep -c '^ok ' "$f")
	n=$(grep -c '^not ok ' "$f")
	passed=$((passed + p))
	failed=$((failed + n))
	if [ "$n" -gt 0 ]; then
		echo "== $name: $n failed"
		grep -A 40 '^not ok ' "$f" | head -n 200
	elif [ "$p" -eq 0 ]; then
		# a script that printed no result at all crashed before its first test
		echo "== $name: no results"
		tail -n 20 "$f"
		failed=$((failed + 1))
	else
		echo "== $name: $p passed"
	fi
	if grep -q '^# unit-tests exited [1-9]' "$f" && [ "$n" -eq 0 ]; then
		echo "== $name: the unit test binary failed"
		failed=$((failed + 1))
	fi
done
rm -rf "$out"

# under the sanitizers every report is a failure, even from a command whose
# exit status a test did not look at
if [ -n "${PMGIT_SANITIZER_LOGS:-}" ]; then
	for log in "$PMGIT_SANITIZER_LOGS"/*; do
		[ -f "$log" ] || continue
		echo "== sanitizer report $(basename "$log"):"
		head -n 40 "$log"
		failed=$((failed + 1))
	done
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
