#!/bin/sh
# The command line: help, version, exit statuses for usage errors.
. "$(dirname "$0")/lib.sh"

test_expect_success 'pmgit --version names pmgit and its libraries' '
	pmgit --version >out &&
	test_grep "^pmgit [0-9]+\.[0-9]+\.[0-9]+ \(libgit2 1\.[0-9.]+, libsodium [0-9.]+\)$" out
'

# the build names some libraries of libgit2's ahead of it, for a faster
# start (tools/load-order.sh): it may only move them, never add one
test_expect_success 'pmgit names before libgit2 only libraries libgit2 loads anyway' '
	readelf -d "$PMGIT_BIN" | sed -n "s/.*(NEEDED).*\[\(.*\)\]\$/\1/p" >needed &&
	if ! grep -q "^libgit2\.so" needed; then
		# make STATIC=1: libc alone is shared (and the sanitizers, if built with them)
		! grep -v -E "^(libc|libm)\.so|^lib(asan|ubsan)\.so" needed || exit 1
		exit 0
	fi &&
	sed "/^libgit2\.so/,\$d" needed >before &&
	ldd "$(pkg-config --variable=libdir libgit2)/libgit2.so" | awk "{ print \$1 }" >chain &&
	while read -r l; do
		case $l in libasan.so* | libubsan.so*) continue ;; esac
		grep -q -x -F "$l" chain || { echo "$l: libgit2 does not load it" >&2; exit 1; }
	done <before &&
	# Debian: libcrypto, loaded through libssh2, binds 5,000 symbols at start
	if grep -q "^libcrypto\.so" chain; then grep -q "^libcrypto\.so" before; fi
'

test_expect_success 'pmgit without a command lists the commands and exits 2' '
	test_expect_code 2 pmgit 2>err &&
	test_grep "^  check " err && test_grep "^  sign " err && test_grep "^  verify " err
'

test_expect_success 'pmgit help lists every command of the table' '
	pmgit help >out &&
	for c in init new check status actions keygen keyring sign finalize verify policy hooks hook help; do
		test_grep "^  $c " out || exit 1
	done
'

test_expect_success 'every command has its own --help, exit 0' '
	for c in init new check status actions keygen keyring sign finalize verify policy hooks hook help; do
		pmgit $c --help >out && test_grep "^usage: pmgit $c" out || exit 1
		# help COMMAND is its --help (then, for status and policy, the rule of that name)
		pmgit help $c >out2 && head -n "$(wc -l <out)" out2 >out3 && test_cmp out out3 || exit 1
	done
'

test_expect_success 'an unknown command or option is a usage error (2)' '
	test_expect_code 2 pmgit frobnicate 2>err &&
	test_grep "not a pmgit command" err && test_grep "^run .pmgit --help. for the commands$" err &&
	test_no_grep "did you mean" err &&
	test_expect_code 2 pmgit verfiy 2>err && test_grep "^did you mean .pmgit verify.\?$" err &&
	test_expect_code 2 pmgit help statsu 2>err && test_grep "^did you mean .pmgit help status.\?$" err &&
	test_expect_code 2 pmgit help placeholdr 2>err &&
	test_grep "^error: .placeholdr. is not a pmgit command or rule$" err &&
	test_grep "^did you mean .pmgit help placeholder.\?$" err &&
	pmgit help placeholder >out &&
	test_grep "^placeholder \(review level: an error In Review and Final, a warning on a Draft\)$" out &&
	test_grep "^  no \[bracketed\] template placeholder" out &&
	pmgit help frozen >out && test_grep "^frozen \(a rule for changes" out &&
	pmgit help policy >out && test_grep "^usage: pmgit policy" out &&
	pmgit help status >out && test_grep "^usage: pmgit status" out &&
	test_grep "^.status. is also the rule a finding names as \[status\]:$" out &&
	test_grep "^  Status is Draft, In Review or Final$" out &&
	test_expect_code 2 pmgit check --frobnicate 2>err &&
	test_grep "pmgit check --help" err &&
	test "$(sed -n 1p err)" = "error: unknown option '\''--frobnicate'\''" &&
	test_expect_code 2 pmgit check --levl final 2>err &&
	test "$(sed -n 1p err)" = "error: unknown option '\''--levl'\''; did you mean '\''--level'\''?" &&
	test_expect_code 2 pmgit verify --histroy=HEAD 2>err &&
	test "$(sed -n 1p err)" = "error: unknown option '\''--histroy'\''; did you mean '\''--history'\''?" &&
	test_expect_code 2 pmgit check -qx 2>err &&
	test "$(sed -n 1p err)" = "error: unknown option '\''-q'\''" &&
	test_expect_code 2 pmgit sign INC-1 --slot 2>err &&
	test "$(sed -n 1p err)" = "error: option '\''--slot'\'' needs a value" &&
	test_expect_code 2 pmgit verify -j 2>err &&
	test "$(sed -n 1p err)" = "error: option '\''-j'\'' needs a value" &&
	git init -q kl && (cd kl && pmgit init >/dev/null && test_expect_code 2 pmgit keyring list --bogus) 2>err &&
	test "$(sed -n 1p err)" = "error: unknown option '\''--bogus'\''" &&
	test_expect_code 2 pmgit status --format=yaml 2>err &&
	test_grep "text.*json" err && test "$(wc -l <err)" = 2 &&
	test_expect_code 2 pmgit check --format yaml 2>err &&
	test_grep "text.*json" err &&
	test_expect_code 2 pmgit check --now 2026-02-30 2>err &&
	test_grep "YYYY-MM-DD" err &&
	test_expect_code 2 pmgit sign 2>err &&
	test_grep "^error: name the postmortem to sign: its file or incident ID$" err &&
	test_expect_code 2 pmgit sign INC-1 "SRE Lead" 2>err &&
	test_grep "^error: .SRE Lead. after the postmortem: give the slot as --slot .SRE Lead.$" err &&
	test_expect_code 2 pmgit sign INC-1 INC-2 --slot "SRE Lead" 2>err &&
	test_grep "^error: sign one postmortem at a time; .INC-1. and .INC-2. are two$" err
'

test_expect_success 'help rules lists every rule with its level and reason' '
	pmgit help rules >out &&
	for r in encoding comment table title header id-format id-filename id-unique date status \
		section-missing section-empty placeholder template-example mojibake reviewers severity \
		impact timeline-time timeline-order action-owner action-due action-status duration \
		resolution-time error-budget slo signoff action-overdue action-due-policy blameless \
		action-checkbox subsection-empty underline size; do
		test_grep "^  $r +[A-Za-z]" out || exit 1
	done &&
	test_grep "^draft" out && test_grep "^review" out && test_grep "^final" out && test_grep "^advice" out &&
	# every rule a rejected commit or push names, which people look up here
	rules=$(sed -n "s/.*add(out, o, [^,]*, \"\([a-z-]*\)\".*/\1/p" "$TEST_DIR/../core/workflow.c" | sort -u) &&
	test -n "$rules" &&
	for r in $rules; do test_grep "^  $r +[A-Za-z]" out || exit 1; done
'

test_expect_success 'help config explains every key pmgit init writes, as the file tells' '
	git init -q cfg && (cd cfg && pmgit init >/dev/null) &&
	test_grep "pmgit help config. explains each key" cfg/.pmgit/config.yaml &&
	pmgit help config >out &&
	keys=$(sed -n "s/^\([a-z_]*\):.*/\1/p" cfg/.pmgit/config.yaml) && test -n "$keys" &&
	for k in $keys required_sections; do
		test_grep "^  $k +[^ ]" out || exit 1
	done
'

test_expect_success 'help exit-codes explains 0 1 2 3' '
	pmgit help exit-codes >out &&
	test_grep "^0 " out && test_grep "^1 " out && test_grep "^2 " out && test_grep "^3 " out
'

test_expect_success 'outside a git repository, commands that need one exit 3 and say why' '
	mkdir norepo && cd norepo &&
	test_expect_code 3 pmgit status 2>err &&
	test_grep "not in a git repository" err &&
	test_expect_code 3 pmgit new 2>err
'

test_expect_success '-C DIR runs pmgit as if started there, as git -C does' '
	new_repo cdir && mkdir cdir/sub &&
	pmgit --help >out && test_grep "^-C DIR runs pmgit as if it had been started in DIR" out &&
	pmgit -C cdir new --title "From elsewhere" >out 2>/dev/null &&
	test_grep "^$TRASH/cdir/postmortems/INC-[0-9]{4}-0001\.md$" out &&
	pmgit -C cdir -C sub status >out &&
	test_grep "^INC-[0-9]{4}-0001 +Draft" out &&
	test_expect_code 3 pmgit -C nowhere status 2>err &&
	test_grep "^error: cannot change to .nowhere.: No such file or directory; give a directory that exists$" err &&
	test_expect_code 2 pmgit -C 2>err &&
	test_grep "^error: -C needs a directory" err
'

test_expect_success 'a directory given as an argument gets the -C line that runs it there' '
	git init -q --bare "srv dir.git" &&
	test_expect_code 2 pmgit -C cdir hooks install --server "../srv dir.git" 2>err &&
	test_grep "^error: unexpected argument .\.\./srv dir\.git.: pmgit works on the repository it runs in" err &&
	test_grep "^  pmgit -C .\.\./srv dir\.git. hooks install --server$" err &&
	! test -e "srv dir.git/hooks/pre-receive" &&
	(cd cdir && pmgit -C "../srv dir.git" hooks install --server) &&
	test -f "srv dir.git/hooks/pre-receive" &&
	test_expect_code 2 pmgit init cdir --directory pm 2>err &&
	test_grep "^  pmgit -C cdir init --directory pm$" err &&
	test_expect_code 2 pmgit init not-a-dir 2>err &&
	test_grep "^error: unexpected argument .not-a-dir.$" err &&
	test_expect_code 2 pmgit keygen "keys dir/pm" 2>err &&
	test_grep "^  pmgit keygen -f .keys dir/pm.$" err &&
	! test -e "keys dir"
'

# complete WORDS...: what tools/pmgit.bash-completion offers for the last word
complete_words() {
	mkdir -p "$TRASH/bin" && ln -sf "$PMGIT_BIN" "$TRASH/bin/pmgit" &&
	PATH="$TRASH/bin:$PATH" bash -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_pmgit; printf "%s\n" "${COMPREPLY[@]}"' complete "$TEST_DIR/../tools/pmgit.bash-completion" "$@"
}

test_expect_success 'bash completion offers commands, options and slots from pmgit itself' '
	new_repo comp && cd comp &&
	complete_words pmgit ch >out && test "$(cat out)" = check &&
	complete_words pmgit -C . st >out && test "$(cat out)" = status &&
	complete_words pmgit sign INC-1 --sl >out && test "$(cat out)" = --slot &&
	complete_words pmgit verify --r >out && test "$(cat out)" = --rev &&
	complete_words pmgit sign INC-1 --slot "" >out &&
	grep -qxF "SRE\ Lead" out && grep -qxF "VP\ Engineering" out && test "$(wc -l <out)" = 4 &&
	complete_words pmgit keyring rev >out && test "$(cat out)" = revoke &&
	complete_words pmgit keyring rem >out && test "$(cat out)" = remove &&
	complete_words pmgit check --format j >out && test "$(cat out)" = json &&
	complete_words pmgit help placeh >out && test "$(cat out)" = placeholder
'

test_expect_success 'NO_COLOR and pipes get no escape codes' '
	git init -q c && cd c && pmgit init >/dev/null &&
	pmgit check >out 2>&1 || true &&
	! grep -q "$(printf "\033")" out
'

test_done
