#!/bin/bash
# pmgit's benchmarks: every figure next to a baseline measured in the same
# run, and their ratio.   bash tests/bench/run.sh BUILD_DIR
#
#  1. pmgit verify, 10,000 postmortems x 4 sign-offs, all cores, against
#     bench-verify (tests/bench/verify.c): read, hash, Ed25519-verify, nothing
#     else, all cores: the limit
#  2. the same per signature against ssh-keygen -Y verify over 1,000
#     signatures: the peer
#  3. git commit with the pmgit pre-commit hook against git commit without,
#     touching no postmortem and touching one, with 10 and 5,000 postmortems;
#     and, for reference, git commit with an empty shell hook: what starting
#     any hook costs before it does anything; and a push touching no
#     postmortem with pmgit's pre-push hook against one without; and, in
#     instructions, what pmgit itself runs for the commit touching one
#     postmortem, 5,000 against 10
#  4. pmgit verify --history against git log --raw on 20,000 commits
#  5. callgrind instruction counts for pmgit verify on a fixed small
#     repository, which do not drift with machine load
#  6. pmgit check of every postmortem, 5,000 against 500: ten times the
#     documents should cost ten times as much, not a hundred
#  7. the pre-commit hook and pmgit verify --history on one commit that
#     adds 8,000 signed postmortems, each with findings, against one that
#     adds 2,000: four times as much, not sixteen
#  8. pmgit new, which counts the IDs of every local and remote-tracking
#     branch, among 200 remote branches (10 of them with a postmortem
#     directory of their own) against the same repository without them:
#     a directory many branches share is read once
#
# Times are the best of several runs (the least disturbed by anything else
# on the machine), the two sides of a ratio run in turn (best_pair); commit
# times are medians of interleaved runs (see 3).
# BENCH_DOCS, BENCH_COMMITS, BENCH_SSH and BENCH_ROUNDS scale it down;
# BENCH_ONLY="3 4" runs only those figures (2 comes with 1).
set -eu
build=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
case $build in /*) ;; *) build="$top/$build" ;; esac
pmgit=$build/pmgit
docs=${BENCH_DOCS:-10000}
commits=${BENCH_COMMITS:-20000}
ssh_sample=${BENCH_SSH:-1000}
work=$(mktemp -d "${TMPDIR:-/tmp}/pmgit-bench.XXXXXX")
trap '[ -n "${BENCH_KEEP:-}" ] || rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 HOME="$work/home" TZ=UTC NO_COLOR=1 LC_ALL=C
mkdir -p "$HOME"
git config --global user.name Bench
git config --global user.email bench@example.com
git config --global init.defaultBranch main
# no automatic gc: run in the background after a large commit, it would
# disturb the timings that follow, and race the clean-up at the end
git config --global gc.auto 0
cd "$top"

now_ns() { date +%s%N; }
# best_pair N A B: runs commands A and B (functions or programs, without
# arguments) in turn, N times each, so that a change in the machine's load
# falls on both alike; prints the shortest wall time of each, "A B", in
# microseconds
best_pair() {
	local n=$1 a=$2 b=$3 ba= bb= s e t
	for _ in $(seq "$n"); do
		s=$(now_ns)
		"$a" >/dev/null 2>&1 || true
		e=$(now_ns)
		t=$(((e - s) / 1000))
		if [ -z "$ba" ] || [ "$t" -lt "$ba" ]; then ba=$t; fi
		s=$(now_ns)
		"$b" >/dev/null 2>&1 || true
		e=$(now_ns)
		t=$(((e - s) / 1000))
		if [ -z "$bb" ] || [ "$t" -lt "$bb" ]; then bb=$t; fi
	done
	echo "$ba $bb"
}
# ir_count COMMAND...: the instructions it runs, under callgrind
ir_count() {
	valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$@" >/dev/null 2>&1
	callgrind_annotate "$work/cg.out" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
secs() { awk -v u="$1" 'BEGIN { printf "%.3f s", u / 1e6 }'; }
ms() { awk -v u="$1" 'BEGIN { printf "%.2f ms", u / 1e3 }'; }
report() { printf '%-58s %14s  %-34s %14s  ratio %s (%s)\n' "$1" "$2" "$3" "$4" "$5" "$6"; }

echo "pmgit benchmarks ($(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ))"

# docs_repo DIR N M: a repository set up by pmgit init (git init first unless
# DIR is a clone already) with N generated postmortems of M sign-offs each
docs_repo() {
	[ -d "$1/.git" ] || git init -q "$1"
	(cd "$1" && "$pmgit" init >/dev/null)
	"$build/bench-gen" docs "$1" "$2" "$3" >/dev/null
}

# ---- 1. verify against the limit -------------------------------------------
bench_verify() {
	repo=$work/verify
	docs_repo "$repo" "$docs" 4
	(cd "$repo" && "$pmgit" verify >"$work/verify.out" 2>"$work/verify.err") ||
		{ echo "pmgit verify failed"; cat "$work/verify.err"; exit 1; }
	tail -n 1 "$work/verify.out"
	"$build/bench-verify" "$repo" "$(nproc)"
	limit() { "$build/bench-verify" "$repo" "$(nproc)"; }
	ours() { (cd "$repo" && "$pmgit" verify); }
	read -r t_limit t_pmgit < <(best_pair 5 limit ours)
	r=$(ratio "$t_pmgit" "$t_limit")
	report "1. verify $docs postmortems x 4 sign-offs (all cores)" "$(secs "$t_pmgit")" \
		"C limit (read, hash, verify)" "$(secs "$t_limit")" "$r" "target <= 1.25"

	# ---- 2. per signature against ssh-keygen ------------------------------------
	sample=$work/ssh
	mkdir -p "$sample"
	(cd "$repo" && "$pmgit" keyring export) >"$sample/allowed_signers"
	i=0
	for rec in "$repo"/postmortems/*.signoffs/*.yaml; do
		[ "$i" -lt "$ssh_sample" ] || break
		awk '/^statement: \|$/ {s=1; next} /^signature: \|$/ {s=0} s {sub(/^  /, ""); print}' "$rec" >"$sample/$i.st"
		awk '/^signature: \|$/ {s=1; next} s {sub(/^  /, ""); print}' "$rec" >"$sample/$i.sig"
		sed -n 's/^signer: //p' "$sample/$i.st" >"$sample/$i.who"
		i=$((i + 1))
	done
	ssh_loop() {
		k=0
		while [ "$k" -lt "$ssh_sample" ]; do
			ssh-keygen -Y verify -f "$sample/allowed_signers" -I "$(cat "$sample/$k.who")" \
				-n pmgit-signoff -s "$sample/$k.sig" <"$sample/$k.st" >/dev/null 2>&1 || exit 1
			k=$((k + 1))
		done
}
s=$(now_ns)
ssh_loop || { echo "ssh-keygen rejected a signature"; exit 1; }
e=$(now_ns)
t_ssh=$(((e - s) / 1000))
per_ssh=$(awk -v t="$t_ssh" -v n="$ssh_sample" 'BEGIN { printf "%.1f", t / n }')
per_pm=$(awk -v t="$t_pmgit" -v n="$((docs * 4))" 'BEGIN { printf "%.2f", t / n }')
r=$(ratio "$per_ssh" "$per_pm")
report "2. per signature, pmgit verify (all cores)" "$per_pm us" \
	"ssh-keygen -Y verify ($ssh_sample, 1 process each)" "$per_ssh us" "$r x faster" "target >= 100"
}

# ---- 3. the pre-commit hook ---------------------------------------------------
bench_hook() {
	# Each round makes one change and commits it once with each hook setup in
	# turn (none, an empty shell hook, pmgit's), so that whatever else the
	# machine is doing falls on all three alike. Only `git commit` is timed
	# (bash's clock, no process), and each setup's figure is its median. The
	# hook's own cost is the median of each round's difference between the
	# commit with pmgit's hook and the one without, which the pairing keeps
	# steadier than a difference of two medians. pmgit's part is the same
	# against the commit with the empty hook: it leaves out what git spends
	# on any hook (starting it, and reading the index again after it).
	#
	# commit_costs REPO ROUNDS WHAT: prints "none empty pmgit own part" in
	# microseconds
	median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
	commit_costs() {
		local repo=$1 rounds=$2 what=$3 k setup s e hooks t plain empty own= part=
		local -A times=()
		for k in $(seq "$rounds"); do
			for setup in none empty pmgit; do
				if [ "$what" = doc ]; then
					sed -i "s|^On 10 February 2026.*|On 10 February 2026 ($setup $k) the public checkout API rejected most TLS handshakes for|" \
						"$repo/postmortems/INC-2000-0001.md"
				else
					echo "$setup $k" >>"$repo/README"
				fi
				case $setup in
				none) hooks=/dev/null ;;
				empty) hooks=$work/empty-hook ;;
				pmgit) hooks=$repo/.git/hooks ;;
				esac
				s=$EPOCHREALTIME
				git -C "$repo" -c core.hooksPath="$hooks" commit -q -a -m "$what $setup $k" >/dev/null 2>&1 || {
					echo "commit rejected in $repo ($setup)" >&2
					exit 1
				}
				e=$EPOCHREALTIME
				t=$((${e/./} - ${s/./}))
				times[$setup]+="$t "
				[ $setup = none ] && plain=$t
				[ $setup = empty ] && empty=$t
				[ $setup = pmgit ] && own+="$((t - plain)) " && part+="$((t - empty)) "
			done
		done
		for setup in none empty pmgit; do
			printf '%s ' "$(printf '%s\n' ${times[$setup]} | median)"
		done
		printf '%s %s\n' "$(printf '%s\n' $own | median)" "$(printf '%s\n' $part | median)"
	}
	# the floor of any hook: git starting a shell script that exits at once
	mkdir -p "$work/empty-hook"
	printf '#!/bin/sh\nexit 0\n' >"$work/empty-hook/pre-commit"
	chmod +x "$work/empty-hook/pre-commit"
	rounds=${BENCH_ROUNDS:-41}
	declare -A cost
	for n in 10 5000; do
		r=$work/hook$n
		docs_repo "$r" "$n" 0
		(cd "$r" && "$pmgit" hooks install >/dev/null)
		echo readme >"$r/README"
		git -C "$r" add -A && git -C "$r" commit -q -m base --no-verify
		read -r cost[none_plain_$n] cost[none_empty_$n] cost[none_hook_$n] cost[none_own_$n] cost[none_part_$n] \
			< <(commit_costs "$r" "$rounds" none)
		read -r cost[doc_plain_$n] cost[doc_empty_$n] cost[doc_hook_$n] cost[doc_own_$n] cost[doc_part_$n] \
			< <(commit_costs "$r" "$rounds" doc)
	done
	for n in 10 5000; do
		pn=${cost[none_plain_$n]} en=${cost[none_empty_$n]} hn=${cost[none_hook_$n]}
		pd=${cost[doc_plain_$n]} hd=${cost[doc_hook_$n]}
		report "3. (floor) git commit with an empty sh hook, $n postmortems" "$(ms "$en")" \
			"git commit without the hook" "$(ms "$pn")" "$(ratio "$en" "$pn")" "for reference"
		report "3. git commit touching no postmortem, $n postmortems" "$(ms "$hn")" \
			"git commit without the hook" "$(ms "$pn")" "$(ratio "$hn" "$pn")" "target <= 1.3"
		report "3. git commit touching one postmortem, $n postmortems" "$(ms "$hd")" \
			"git commit without the hook" "$(ms "$pd")" "$(ratio "$hd" "$pd")" "target <= 2.5"
	done
	report "3. the hook's own cost, one postmortem, 5000 postmortems" "$(ms "${cost[doc_own_5000]}")" \
		"the same with 10 postmortems" "$(ms "${cost[doc_own_10]}")" \
		"$(ratio "${cost[doc_own_5000]}" "${cost[doc_own_10]}")" "target <= 1.2"
	report "3. pmgit's part of it (over the empty hook), 5000 postmortems" "$(ms "${cost[doc_part_5000]}")" \
		"the same with 10 postmortems" "$(ms "${cost[doc_part_10]}")" \
		"$(ratio "${cost[doc_part_5000]}" "${cost[doc_part_10]}")" "for reference"
	# pmgit's own instructions for such a commit, which machine load does not move
	if command -v valgrind >/dev/null 2>&1; then
		declare -A ir
		for n in 10 5000; do
			r=$work/hook$n
			sed -i "s|^On 10 February 2026.*|On 10 February 2026 (counted) the public checkout API rejected most TLS handshakes for|" \
				"$r/postmortems/INC-2000-0001.md"
			git -C "$r" add -A
			git -C "$r" diff --cached --raw --no-renames --abbrev=40 -- postmortems .pmgit >"$work/raw$n"
			ir[$n]=$(cd "$r" && ir_count "$pmgit" hook pre-commit --raw <"$work/raw$n")
			git -C "$r" reset -q --hard
		done
		report "3. callgrind: pmgit hook pre-commit, one postmortem, 5000" "${ir[5000]} Ir" \
			"the same with 10 postmortems" "${ir[10]} Ir" "$(ratio "${ir[5000]}" "${ir[10]}")" \
			"instructions; reads only what changed: 1.0"
	fi

	# a push that touches no postmortem, to a local bare repository, with
	# the pre-push hook and without, alternating; medians
	local srv=$work/push.git cl=$work/push k s e t
	local -a plain=() hooked=()
	git init -q --bare "$srv"
	git clone -q "$srv" "$cl" 2>/dev/null
	docs_repo "$cl" 10 0
	(cd "$cl" && "$pmgit" hooks install >/dev/null)
	git -C "$cl" add -A && git -C "$cl" commit -q -m base --no-verify
	# the hook judges the generated postmortems here: say why if it refuses them
	git -C "$cl" push -q origin HEAD 2>"$work/push.err" ||
		{ echo "bench: the pre-push hook refused the generated postmortems:"; cat "$work/push.err"; exit 1; }
	for k in $(seq "$rounds"); do
		for setup in none pmgit; do
			echo "$setup $k" >>"$cl/README"
			git -C "$cl" add README && git -C "$cl" commit -q -m "$setup $k" --no-verify
			s=$EPOCHREALTIME
			if [ $setup = none ]; then
				git -C "$cl" -c core.hooksPath=/dev/null push -q origin HEAD 2>/dev/null
			else
				git -C "$cl" push -q origin HEAD 2>/dev/null
			fi
			e=$EPOCHREALTIME
			t=$((${e/./} - ${s/./}))
			if [ $setup = none ]; then plain+=("$t"); else hooked+=("$t"); fi
		done
	done
	t=$(printf '%s\n' "${plain[@]}" | median)
	s=$(printf '%s\n' "${hooked[@]}" | median)
	report "3. git push touching no postmortem, pre-push hook" "$(ms "$s")" \
		"git push without the hook" "$(ms "$t")" "$(ratio "$s" "$t")" "for reference"
}

# ---- 4. the history audit -----------------------------------------------------
bench_history() {
	hist=$work/history
	git init -q "$hist"
	"$build/bench-gen" history "$commits" 2000 | git -C "$hist" fast-import --quiet
	git -C "$hist" symbolic-ref HEAD refs/heads/main
	(cd "$hist" && "$pmgit" verify --history >"$work/history.out") ||
		{ echo "verify --history found violations in a clean history"; tail -n 5 "$work/history.out"; exit 1; }
	tail -n 1 "$work/history.out"
	log_raw() { (cd "$hist" && git log --raw); }
	history() { (cd "$hist" && "$pmgit" verify --history); }
	read -r t_log t_hist < <(best_pair 3 log_raw history)
	report "4. verify --history, $commits commits" "$(secs "$t_hist")" \
		"git log --raw" "$(secs "$t_log")" "$(ratio "$t_hist" "$t_log")" "target <= 2"
}

# ---- 5. instruction counts ------------------------------------------------------
bench_callgrind() {
	if command -v valgrind >/dev/null 2>&1; then
		small=$work/small
		docs_repo "$small" 50 4
		i_pm=$(cd "$small" && ir_count "$pmgit" verify --jobs 1)
		i_limit=$(ir_count "$build/bench-verify" "$small" 1)
		report "5. callgrind: pmgit verify, 50 postmortems x 4, 1 thread" "$i_pm Ir" \
			"the C limit, same work" "$i_limit Ir" "$(ratio "$i_pm" "$i_limit")" "instructions"
	fi
}
# ---- 6. check scales with the number of postmortems ----------------------------
bench_check() {
	for n in 500 5000; do
		docs_repo "$work/check$n" "$n" 0
	done
	check500() { (cd "$work/check500" && "$pmgit" check); }
	check5000() { (cd "$work/check5000" && "$pmgit" check); }
	read -r t_small t_large < <(best_pair 3 check500 check5000)
	report "6. pmgit check, every one of 5000 postmortems" "$(secs "$t_large")" \
		"the same for 500" "$(secs "$t_small")" "$(ratio "$t_large" "$t_small")" "linear: 10"
}

# ---- 7. one large commit in the audit -------------------------------------------
bench_big_commit() {
	for n in 2000 8000; do
		r=$work/big$n
		docs_repo "$r" "$n" 4
		git -C "$r" add -A
		git -C "$r" diff --cached --raw --no-renames --abbrev=40 -- postmortems .pmgit >"$work/staged$n"
	done
	# the pre-commit hook as its shim runs it, with git's list of what is staged
	hook2000() { (cd "$work/big2000" && "$pmgit" hook pre-commit --raw <"$work/staged2000"); }
	hook8000() { (cd "$work/big8000" && "$pmgit" hook pre-commit --raw <"$work/staged8000"); }
	read -r t_small t_large < <(best_pair 3 hook2000 hook8000)
	report "7. pre-commit hook, a commit adding 8000 postmortems" "$(secs "$t_large")" \
		"the same for 2000" "$(secs "$t_small")" "$(ratio "$t_large" "$t_small")" "linear: 4"
	for n in 2000 8000; do git -C "$work/big$n" commit -q --no-verify -m "$n at once"; done
	history2000() { (cd "$work/big2000" && "$pmgit" verify --history); }
	history8000() { (cd "$work/big8000" && "$pmgit" verify --history); }
	read -r t_small t_large < <(best_pair 3 history2000 history8000)
	report "7. verify --history, one commit adding 8000 postmortems" "$(secs "$t_large")" \
		"the same for 2000" "$(secs "$t_small")" "$(ratio "$t_large" "$t_small")" "linear: 4"
}

# ---- 8. pmgit new among many branches ----------------------------------------
bench_new() {
	local i
	docs_repo "$work/new" 5000 0
	git -C "$work/new" add -A && git -C "$work/new" commit -q --no-verify -m docs
	git clone -q "$work/new" "$work/new-branches"
	for i in $(seq 10); do
		echo "edit $i" >>"$work/new-branches/postmortems/INC-2000-$(printf %04d "$i").md"
		git -C "$work/new-branches" commit -q --no-verify -a -m "edit $i"
		git -C "$work/new-branches" update-ref "refs/remotes/origin/edit$i" HEAD
		git -C "$work/new-branches" reset -q --hard HEAD~1
	done
	for i in $(seq 190); do git -C "$work/new-branches" update-ref "refs/remotes/origin/b$i" HEAD; done
	new_alone() { (cd "$work/new" && p=$("$pmgit" new t) && rm -f "$p"); }
	new_branches() { (cd "$work/new-branches" && p=$("$pmgit" new t) && rm -f "$p"); }
	read -r t_alone t_many < <(best_pair 5 new_alone new_branches)
	report "8. pmgit new, 5000 postmortems, 200 remote branches" "$(ms "$t_many")" \
		"the same without the branches" "$(ms "$t_alone")" "$(ratio "$t_many" "$t_alone")" "shared directories read once"
}

want() { case " ${BENCH_ONLY:-1 2 3 4 5 6 7 8} " in *" $1 "*) return 0 ;; esac; return 1; }
if want 1 || want 2; then bench_verify; fi
if want 3; then bench_hook; fi
if want 4; then bench_history; fi
if want 5; then bench_callgrind; fi
if want 6; then bench_check; fi
if want 7; then bench_big_commit; fi
if want 8; then bench_new; fi
