# partnerfunnel — one Makefile for everything.
#   make            build ./partnerfunnel
#   make demo       install what is missing, build, run the main job on fixtures/demo
#   make test       install what is missing, build, run every unit suite and the end-to-end cases
#   make asan       the same tests under AddressSanitizer and UndefinedBehaviorSanitizer
#   make bench      optimised build, timed runs on generated data (see README "Performance")
#   make install PREFIX=/usr/local ; make clean ; V=1 for full command lines
.SUFFIXES:

PREFIX  ?= /usr/local
VERSION := 0.1.0
CC      ?= cc
PKGS    := gsl xlsxwriter inih jansson nettle
# Debian packages: to build, and in addition to test.
BUILD_DEBS := gcc make pkg-config libc6-dev libcsv-dev libgsl-dev libxlsxwriter-dev libinih-dev libjansson-dev nettle-dev
TEST_DEBS  := libcmocka-dev unzip python3 gnumeric

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
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm -lpthread
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

BUILD ?= build
SRCS      := $(wildcard src/*.c)
LIB_SRCS  := $(filter-out src/main.c,$(SRCS))
LIB_OBJS  := $(LIB_SRCS:src/%.c=$(BUILD)/obj/%.o)
TEST_SRCS := $(wildcard tests/test_*.c)
TEST_BINS := $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
HEADERS   := $(wildcard include/partnerfunnel/*.h) $(wildcard tests/*.h)

all: partnerfunnel

partnerfunnel: $(BUILD)/partnerfunnel
	$(Q)cp $< $@

$(BUILD)/partnerfunnel: $(BUILD)/obj/main.o $(LIB_OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/obj/%.o: src/%.c $(HEADERS) | $(BUILD)/obj
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(WARN) $(OPT) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(LIB_OBJS) $(HEADERS) | $(BUILD)/tests
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(WARN) -Wno-missing-prototypes $(OPT) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(LIB_OBJS) \
		$(LDFLAGS) $(CMOCKA_LIBS) $(PKG_LIBS)

$(BUILD)/obj $(BUILD)/tests:
	$(Q)mkdir -p $@

# ---- set-up: install the Debian packages that are missing (root: apt-get; else sudo; else print) ----
define ensure_debs
	@command -v dpkg-query >/dev/null 2>&1 || exit 0; \
	missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	[ -z "$$missing" ] && exit 0; \
	echo "partnerfunnel: installing missing Debian packages:$$missing"; \
	if [ "$$(id -u)" = 0 ]; then \
	  DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	elif command -v sudo >/dev/null 2>&1; then \
	  sudo DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	else \
	  echo "partnerfunnel: please run: apt-get update && apt-get install -y$$missing (as root)" >&2; exit 1; \
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
	$(Q)PF_BIN=./partnerfunnel sh tests/run-all.sh $(TEST_BINS)

asan: test-deps
	$(Q)$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
		CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined" build-asan/partnerfunnel \
		$(TEST_BINS:$(BUILD)/%=build-asan/%)
	$(Q)ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		PF_BIN=./build-asan/partnerfunnel sh tests/run-all.sh $(TEST_BINS:$(BUILD)/%=build-asan/%)

bench: deps
	$(Q)$(MAKE) --no-print-directory BUILD=build-bench OPT="-O2 -DNDEBUG" build-bench/partnerfunnel \
		build-bench/tests/bench_tokenise build-bench/tests/bench_measure build-bench/tests/gen_sirene
	$(Q)sh tests/bench.sh build-bench

install: partnerfunnel
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 partnerfunnel $(DESTDIR)$(PREFIX)/bin/partnerfunnel

clean:
	rm -rf build build-asan build-bench partnerfunnel

.PHONY: all deps test-deps demo test asan bench install clean
