# partnerfunnel — one Makefile for everything.
#   make               build ./partnerfunnel
#   make demo          install what is missing, build, run the main job on fixtures/demo
#   make test          install what is missing, build, run every unit suite and the end-to-end cases
#   make asan          the same tests under AddressSanitizer and UndefinedBehaviorSanitizer
#   make check-install the two commands above on a bare Debian 12 root (debootstrap; needs root)
#   make format-check  the tree against .clang-format ; make format rewrites it
#   make bench         optimised build, timed runs on generated data (see docs/performance.md)
#   make oom-check     `report` with each allocation failing in turn (tests/oom.sh), under ASan
#   make fuzz          libFuzzer targets of tests/fuzz/ (clang), each run FUZZ_SECONDS (default 60)
#   make install PREFIX=/usr/local ; make clean ; V=1 for full command lines
.SUFFIXES:

PREFIX  ?= /usr/local
VERSION := 0.1.0
CC      ?= cc

# ---- libraries and the Debian packages that provide them ----
# PKGS are found with pkg-config; EXTRA_LIBS have no .pc file. Every library the link names (-lX, from
# pkg-config or EXTRA_LIBS) must have its -dev package below: tests/check-debs.sh verifies that on every
# `make test`, so a library added to the link without its package fails the tests instead of a new user's
# first build (zlib1g-dev, which libxlsxwriter's .pc asks for as -lz, was the one that slipped).
PKGS        := gsl xlsxwriter inih jansson nettle zlib minizip expat
EXTRA_LIBS  := -lcsv -lm -lpthread
BUILD_DEBS  := gcc make pkg-config libc6-dev libcsv-dev libgsl-dev libxlsxwriter-dev zlib1g-dev \
               libinih-dev libjansson-dev nettle-dev libminizip-dev libexpat1-dev
TEST_DEBS   := libcmocka-dev unzip python3 gnumeric groff-base
FORMAT_DEBS := clang-format
# clang-14 alone lacks the sanitizer and libFuzzer runtimes (libclang_rt.fuzzer-x86_64.a): they are in
# libclang-rt-14-dev, a Recommends that --no-install-recommends leaves out.
FUZZ_DEBS   := clang libclang-rt-14-dev

ifeq ($(V),1)
Q :=
else
Q := @
endif
# CI builds treat warnings as errors; users' newer compilers are not forced to.
ifeq ($(CI),true)
WERROR := -Werror
endif

OPT      ?= -O2 -g
WARN     := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes $(WERROR)
CPPFLAGS += -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 -DPF_VERSION='"$(VERSION)"' -Iinclude

# pkg-config is asked only when something is compiled or linked (after `make demo`/`make test` installed the
# packages), once per make run, and a failure stops the build with pkg-config's own reason.
pkg_query = $(strip $(eval pkg_out := $(shell pkg-config $(1) 2>&1))$(if $(filter 0,$(.SHELLSTATUS)),$(pkg_out),\
  $(error pkg-config $(1) failed: $(pkg_out) -- 'make deps' installs the build packages)))
PKG_CFLAGS  = $(eval PKG_CFLAGS := $(call pkg_query,--cflags $(PKGS)))$(PKG_CFLAGS)
PKG_LIBS    = $(eval PKG_LIBS := $(call pkg_query,--libs $(PKGS)) $(EXTRA_LIBS))$(PKG_LIBS)
CMOCKA_LIBS = $(eval CMOCKA_LIBS := $(call pkg_query,--libs cmocka))$(CMOCKA_LIBS)

BUILD ?= build
SRCS       := $(wildcard src/*.c)
LIB_SRCS   := $(filter-out src/main.c,$(SRCS))
LIB_OBJS   := $(LIB_SRCS:src/%.c=$(BUILD)/obj/%.o)
LIB        := $(BUILD)/libpartnerfunnel.a
TEST_SRCS  := $(wildcard tests/test_*.c)
TEST_BINS  := $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
TOOL_SRCS  := tests/bench_tokenise.c tests/bench_measure.c tests/gen_sirene.c tests/gen_xlsx.c
FORMAT_SRC := $(wildcard src/*.c include/partnerfunnel/*.h tests/*.c tests/*.h tests/fuzz/*.c tests/fuzz/*.h)

all: partnerfunnel

partnerfunnel: $(BUILD)/partnerfunnel
	$(Q)cp $< $@

$(BUILD)/partnerfunnel: $(BUILD)/obj/main.o $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS)

$(LIB): $(LIB_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(AR) rcs $@ $^

# -MMD -MP: each object depends on the headers it includes, and only on those.
$(BUILD)/obj/%.o: src/%.c | $(BUILD)/obj
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(WARN) $(OPT) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(LIB) | $(BUILD)/tests
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(WARN) -Wno-missing-prototypes $(OPT) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -o $@ $< \
		$(LIB) $(LDFLAGS) $(CMOCKA_LIBS) $(PKG_LIBS)

$(BUILD)/obj $(BUILD)/tests:
	$(Q)mkdir -p $@

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/tests/*.d)

# ---- set-up: install the Debian packages that are missing (root: apt-get; else sudo; else print) ----
define ensure_debs
	@command -v dpkg-query >/dev/null 2>&1 || { echo "partnerfunnel: not a Debian system; install the equivalents of: $(1)" >&2; exit 0; }; \
	missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	[ -z "$$missing" ] && exit 0; \
	echo "partnerfunnel: installing missing Debian packages:$$missing"; \
	if [ "$$(id -u)" = 0 ]; then \
	  DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	elif command -v sudo >/dev/null 2>&1 && { [ -t 0 ] || sudo -n true 2>/dev/null; }; then \
	  sudo DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	else \
	  echo "partnerfunnel: missing Debian packages; please run:" >&2; \
	  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends$$missing" >&2; exit 1; \
	fi
endef

deps:
	$(call ensure_debs,$(BUILD_DEBS))

test-deps:
	$(call ensure_debs,$(BUILD_DEBS) $(TEST_DEBS))

# ---- the main job on the shipped demo data ----
demo: deps
	$(Q)$(MAKE) --no-print-directory partnerfunnel
	./partnerfunnel report fixtures/demo -o reports/demo.xlsx

# ---- tests ----
test: test-deps
	$(Q)$(MAKE) --no-print-directory partnerfunnel $(TEST_BINS)
	$(Q)sh tests/check-debs.sh "$(PKGS)" "$(EXTRA_LIBS)" "$(BUILD_DEBS)"
	$(Q)PF_BIN=./partnerfunnel sh tests/run-all.sh $(TEST_BINS)
	$(Q)PF_BIN=./partnerfunnel sh tests/docs.sh

asan: test-deps
	$(Q)$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
		CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined" build-asan/partnerfunnel \
		$(TEST_BINS:$(BUILD)/%=build-asan/%)
	$(Q)ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		PF_BIN=./build-asan/partnerfunnel sh tests/run-all.sh $(TEST_BINS:$(BUILD)/%=build-asan/%)

# The README's two commands, word for word, on a bare Debian 12 root (minbase + make git ca-certificates).
check-install:
	$(Q)sh tests/install/debian12.sh

format-check:
	$(call ensure_debs,$(FORMAT_DEBS))
	$(Q)clang-format --dry-run --Werror $(FORMAT_SRC) && echo "format: $(words $(FORMAT_SRC)) files follow .clang-format"

format:
	$(call ensure_debs,$(FORMAT_DEBS))
	$(Q)clang-format -i $(FORMAT_SRC)

bench: deps
	$(Q)$(MAKE) --no-print-directory BUILD=build-bench OPT="-O2 -DNDEBUG" build-bench/partnerfunnel \
		build-bench/tests/bench_tokenise build-bench/tests/bench_measure build-bench/tests/gen_sirene \
		build-bench/tests/gen_xlsx
	$(Q)sh tests/bench.sh build-bench

# ---- out of memory: the n-th allocation fails, for every n (tests/oom.sh; tests/oom_shim.c says which) ----
OOM_WRAP := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=getline

oom-check: test-deps
	$(Q)$(MAKE) --no-print-directory BUILD=build-oom OPT="-O1 -g -fno-omit-frame-pointer" \
		CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined" build-oom/partnerfunnel-oom
	$(Q)sh tests/oom.sh build-oom/partnerfunnel-oom $(OOM_JOBS)

OOM_JOBS ?= 2

$(BUILD)/partnerfunnel-oom: $(BUILD)/obj/main.o tests/oom_shim.c $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(CPPFLAGS) $(WARN) $(OPT) $(CFLAGS) $(PKG_CFLAGS) -o $@ $(BUILD)/obj/main.o tests/oom_shim.c \
		$(LIB) $(LDFLAGS) $(OOM_WRAP) $(PKG_LIBS)

# ---- fuzzing: tests/fuzz/fuzz_*.c, one libFuzzer target each, built with clang into build-fuzz/ ----
# Corpora are seeded from fixtures/ at run time (tests/fuzz/seed.sh); what the fuzzer finds is kept in
# build-fuzz/corpus/ across runs, a crashing input in build-fuzz/crashes/<target>/. Any crash fails.
FUZZ_SECONDS ?= 60
FUZZ_SRCS    := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS    := $(FUZZ_SRCS:tests/fuzz/%.c=build-fuzz/%)
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all

fuzz: deps
	$(call ensure_debs,$(FUZZ_DEBS))
	$(Q)$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
		CFLAGS="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" LDFLAGS="-fsanitize=fuzzer $(FUZZ_SAN)" $(FUZZ_BINS)
	$(Q)sh tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS) $(notdir $(FUZZ_BINS))

# The .xlsx reader's target alone (tests/fuzz/fuzz_xlsx.c), for PF_FUZZ_SECONDS (default 60).
PF_FUZZ_SECONDS ?= 60
fuzz-xlsx:
	$(Q)$(MAKE) --no-print-directory fuzz FUZZ_BINS=build-fuzz/fuzz_xlsx FUZZ_SECONDS=$(PF_FUZZ_SECONDS)

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_util.h $(LIB)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(WARN) $(OPT) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(PKG_LIBS)

install: partnerfunnel
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 partnerfunnel $(DESTDIR)$(PREFIX)/bin/partnerfunnel
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 partnerfunnel.1 $(DESTDIR)$(PREFIX)/share/man/man1/partnerfunnel.1

clean:
	rm -rf build build-asan build-bench build-fuzz build-oom partnerfunnel

