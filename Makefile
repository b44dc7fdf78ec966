# pmgit - incident postmortems in git, with signed sign-offs.
#
#   make            build build/pmgit
#   make test       install missing dependencies (Debian, as root), build, run every test
#   make demo       the same, then walk through pmgit on a throw-away repository
#   make asan       build and run the tests under AddressSanitizer and UBSan
#   make fuzz       run each fuzz target with libFuzzer (clang) for FUZZ_SECONDS
#   make bench      the benchmarks of tests/bench, printing ratios
#   make STATIC=1   link libgit2 and its libraries into pmgit (see STATIC below)
#   make install    PREFIX=/usr/local DESTDIR=

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/pmgit
MANDIR ?= $(PREFIX)/share/man
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
DESTDIR ?=
CC ?= cc
CFLAGS ?= -O2 -g
WERROR ?= -Werror
FUZZ_SECONDS ?= 60
BUILD ?= build
V ?= 0

VERSION := 0.1.0
PKGS := libgit2 yaml-0.1 libsodium
WARNINGS := -std=c11 -Wall -Wextra -Wstrict-prototypes -Wmissing-prototypes \
	-Wvla -Wwrite-strings -fno-common $(WERROR)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS = $(WARNINGS) -D_GNU_SOURCE -DPMGIT_VERSION='"$(VERSION)"' -Icore \
	$(PKG_CFLAGS) $(CFLAGS)
LIBS = $(PKG_LIBS) -lm -lpthread

ifeq ($(V),0)
Q = @
QCC = @echo '  CC      $@';
QLD = @echo '  LINK    $@';
else
Q =
QCC =
QLD =
endif

CORE := buf error utf8 arena text fsutil pool doc template facts rules lint yamltree policy ringtext ringmerge \
	wire keys sshsig agent repo project canon cover record verify trust workflow edit
CMDS := main common init new renumber check status actions keygen keyring sign \
	finalize verify hooks policy
EMBED := pm_builtin_template=templates/postmortem.md \
	pm_builtin_config=templates/config.yaml \
	pm_builtin_keyring=templates/keyring.yaml \
	pm_hook_pre_commit=hooks/pre-commit \
	pm_hook_pre_merge_commit=hooks/pre-merge-commit \
	pm_hook_pre_push=hooks/pre-push \
	pm_hook_pre_receive=hooks/pre-receive
EMBED_FILES := $(foreach e,$(EMBED),$(word 2,$(subst =, ,$(e))))

CORE_OBJS := $(CORE:%=$(BUILD)/core/%.o) $(BUILD)/embed.o
CMD_OBJS := $(CMDS:%=$(BUILD)/cmd/%.o)
UNIT_SRCS := $(sort $(wildcard tests/unit/*.c))
FUZZ_TARGETS := $(basename $(notdir $(sort $(wildcard tests/fuzz/fuzz_*.c))))
BENCH_SRCS := $(sort $(wildcard tests/bench/*.c))

.PHONY: all test unit demo asan fuzz fuzz-build bench install uninstall clean deps check-deps

all: $(BUILD)/pmgit $(BUILD)/unit-tests $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%-replay) $(BUILD)/sk-sign

deps:
	$(Q)sh tools/deps.sh

$(BUILD)/core/%.o: core/%.c core/*.h
	$(Q)mkdir -p $(dir $@)
	$(QCC)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/cmd/%.o: cmd/%.c cmd/*.h core/*.h
	$(Q)mkdir -p $(dir $@)
	$(QCC)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/embed.c: tools/embed.sh $(EMBED_FILES)
	$(Q)mkdir -p $(dir $@)
	$(Q)sh tools/embed.sh $(EMBED) > $@.tmp && mv $@.tmp $@

$(BUILD)/embed.o: $(BUILD)/embed.c
	$(QCC)$(CC) $(ALL_CFLAGS) -c $< -o $@

# What pmgit learns from its built-in template, learned once here by a
# program linked without it (it takes only what learning needs from
# libpmgit-base.a), so that no pmgit process learns it again.
$(BUILD)/libpmgit-base.a: $(CORE_OBJS)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

$(BUILD)/template-learn: tools/template-learn.c $(BUILD)/libpmgit-base.a
	$(QLD)$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libpmgit-base.a $(LIBS)

$(BUILD)/learned.c: $(BUILD)/template-learn
	$(Q)$(BUILD)/template-learn > $@.tmp && mv $@.tmp $@

$(BUILD)/learned.o: $(BUILD)/learned.c core/template.h
	$(QCC)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libpmgit.a: $(CORE_OBJS) $(BUILD)/learned.o
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

# Libraries libgit2 loads that bind thousands of their own symbols at start
# are named first, so that the dynamic linker finds those symbols early:
# it loads nothing more, and "pmgit --version" runs 5.2 M instructions instead
# of 8.0 M (tools/load-order.sh says why; "make LOAD_FIRST=" turns it off).
LOAD_FIRST = $(shell sh tools/load-order.sh 2>/dev/null)
LOAD_FIRST_FLAGS = $(if $(strip $(LOAD_FIRST)),-Wl$(comma)--push-state$(comma)--no-as-needed \
	$(LOAD_FIRST) -Wl$(comma)--pop-state)
comma := ,

# STATIC=1 links libgit2 and the libraries it brings into pmgit itself,
# from their Debian .a files (pkg-config --static), so that each start
# (every commit that touches a postmortem runs one) maps no shared library
# but libc's, and leaves out libgit2's network set-up (tools/static-link.c).
# README.md (For developers) says what it saves and what it costs: a
# security update of those libraries reaches pmgit only when it is rebuilt.
STATIC ?= 0
STATIC_LIBS = -Wl,--wrap=mbedtls_x509_crt_parse_file \
	-Wl,--wrap=git_mbedtls_stream_global_init -Wl,--wrap=git_transport_ssh_global_init -Wl,-Bstatic \
	$(filter-out -pthread -ldl -lrt -lgpg-error,$(shell pkg-config --static --libs $(PKGS) libssh2 2>/dev/null)) \
	-Wl,-Bdynamic -lm -lpthread -ldl -lrt

# a stamp per link mode, so that "make STATIC=1" after "make" links again
LINK_STAMP = $(BUILD)/.link-static-$(STATIC)
$(LINK_STAMP):
	$(Q)mkdir -p $(BUILD) && rm -f $(BUILD)/.link-static-* && touch $@

ifeq ($(STATIC),1)
$(BUILD)/pmgit: $(CMD_OBJS) $(BUILD)/libpmgit.a $(BUILD)/static-link.o $(LINK_STAMP)
	$(QLD)$(CC) $(ALL_CFLAGS) -o $@ $(CMD_OBJS) $(BUILD)/libpmgit.a $(BUILD)/static-link.o \
		$(STATIC_LIBS)
else
$(BUILD)/pmgit: $(CMD_OBJS) $(BUILD)/libpmgit.a tools/load-order.sh $(LINK_STAMP)
	$(QLD)$(CC) $(ALL_CFLAGS) -o $@ \
		$(LOAD_FIRST_FLAGS) $(CMD_OBJS) $(BUILD)/libpmgit.a $(LIBS)
endif

$(BUILD)/static-link.o: tools/static-link.c
	$(Q)mkdir -p $(dir $@)
	$(QCC)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/unit-tests: $(UNIT_SRCS) tests/unit/*.h $(BUILD)/libpmgit.a
	$(QLD)$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $(UNIT_SRCS) $(BUILD)/libpmgit.a $(LIBS)

# A FIDO security key in software, for the tests (tests/tools/sk-sign.c)
$(BUILD)/sk-sign: tests/tools/sk-sign.c $(BUILD)/libpmgit.a
	$(QLD)$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libpmgit.a $(LIBS)

# Fuzz targets always compile: each links with a driver that replays its corpus.
$(BUILD)/fuzz/%-replay: tests/fuzz/%.c tests/fuzz/replay.c $(BUILD)/libpmgit.a
	$(Q)mkdir -p $(dir $@)
	$(QLD)$(CC) $(ALL_CFLAGS) -o $@ $< tests/fuzz/replay.c $(BUILD)/libpmgit.a $(LIBS)

test: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)sh tests/run.sh $(BUILD)

unit: $(BUILD)/unit-tests
	$(Q)$(BUILD)/unit-tests

demo: deps
	$(Q)$(MAKE) --no-print-directory $(BUILD)/pmgit
	$(Q)sh tools/demo.sh $(BUILD)/pmgit

asan: deps
	$(Q)$(MAKE) --no-print-directory BUILD=build-asan \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" all
	$(Q)rm -rf build-asan/sanitizer-logs && mkdir -p build-asan/sanitizer-logs
	$(Q)ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:log_path=$(CURDIR)/build-asan/sanitizer-logs/asan \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
		UBSAN_OPTIONS=print_stacktrace=1:log_path=$(CURDIR)/build-asan/sanitizer-logs/ubsan \
		PMGIT_SANITIZER_LOGS=$(CURDIR)/build-asan/sanitizer-logs sh tests/run.sh build-asan

FUZZ_CFLAGS = -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
fuzz-build: deps
	$(Q)$(MAKE) --no-print-directory CC=clang BUILD=build-fuzz \
		CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" \
		build-fuzz/libpmgit.a
	$(Q)for t in $(FUZZ_TARGETS); do \
		clang $(WARNINGS) -D_GNU_SOURCE -Icore $(PKG_CFLAGS) $(FUZZ_CFLAGS) \
			-o build-fuzz/$$t tests/fuzz/$$t.c build-fuzz/libpmgit.a $(LIBS) || exit 1; \
	done

fuzz: fuzz-build
	$(Q)for t in $(FUZZ_TARGETS); do \
		mkdir -p build-fuzz/corpus/$$t; \
		echo "fuzz: $$t for $(FUZZ_SECONDS)s"; \
		build-fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-artifact_prefix=build-fuzz/$$t- build-fuzz/corpus/$$t tests/fuzz/corpus/$$t \
			2>&1 | grep -E 'stat::number_of_executed_units|ERROR|SUMMARY' || exit 1; \
	done

bench: deps
	$(Q)$(MAKE) --no-print-directory CFLAGS="-O2 -g" all $(BUILD)/bench-verify $(BUILD)/bench-gen
	$(Q)bash tests/bench/run.sh $(BUILD)

$(BUILD)/bench-%: tests/bench/%.c $(BUILD)/libpmgit.a
	$(QLD)$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libpmgit.a $(LIBS)

install: $(BUILD)/pmgit
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/templates \
		$(DESTDIR)$(DATADIR)/hooks $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(BUILD)/pmgit $(DESTDIR)$(BINDIR)/pmgit
	install -m 0644 templates/postmortem.md templates/config.yaml \
		templates/keyring.yaml $(DESTDIR)$(DATADIR)/templates/
	install -m 0755 hooks/pre-commit hooks/pre-merge-commit hooks/pre-push hooks/pre-receive \
		$(DESTDIR)$(DATADIR)/hooks/
	install -m 0644 docs/pmgit.1 $(DESTDIR)$(MANDIR)/man1/pmgit.1
	install -d $(DESTDIR)$(COMPLETIONDIR)
	install -m 0644 tools/pmgit.bash-completion $(DESTDIR)$(COMPLETIONDIR)/pmgit

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pmgit $(DESTDIR)$(MANDIR)/man1/pmgit.1 $(DESTDIR)$(COMPLETIONDIR)/pmgit
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-asan build-fuzz build-static
