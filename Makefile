# wtkit - one non-recursive GNU Makefile.
#
#   make              libwt.a, libwt.so and build/bin/wtkit
#   make run          the conformance suite on the reference transport
#   make check        deps, build, every test plain and under ASan+UBSan,
#                     the suite on the reference and the mutants, determinism,
#                     fuzz-smoke and cfl-check; ends with one "N passed, N failed" line
#   make check-one TEST=test_loop     one cmocka program
#   make determinism  golden trace hashes at -O0/-O2 under gcc and clang
#   make coverage     gcc --coverage: lcov + genhtml into build/coverage/, the
#                     figures against coverage/ratchet, the clause matrix
#   make mutants      the suite on every built-in mutant (kill rates) and on
#                     generated source mutants of sim/ref_transport.c
#   make failmalloc   every allocation of a suite run fails once, in turn (ASan)
#   make check-long   the platform paths and every findings case on every CPython,
#                     10,000-seed sweeps (jobs, shards), every mutant's seed shrunk,
#                     the CI workflow's commands in a fresh clone (slow)
#   make bench        every speed figure beside its target (build/bench/bench.json)
#   make bench-long   the same, and the 10^8-op sweep
#   make fuzz         AFL++ on all cores (FUZZ_SECONDS=60 FUZZ_TARGET=world|wts|wire
#                     FUZZ_TRANSPORT=... FUZZ_ENGINE=afl|libfuzzer); findings shrunk
#                     to .wts; exit 1 on one
#   make fuzz-smoke   every fuzz target builds and runs its seeds; a planted bug is found
#   make fuzz-mutants a campaign of <= FUZZ_SECONDS per built-in mutant, 2 at a time
#                     (FUZZ_ENGINE=libfuzzer: libFuzzer, as ClusterFuzzLite runs it)
#   make fuzz-cpython the CPython 3.12.1 writelines hunt (FUZZ_PYTHON=...): time to each bug
#   make cfl-check    .clusterfuzzlite/build.sh as the service runs it; each target on its
#                     seeds; its world target finds a planted bug
#   make findings     docs/findings.md from CPython's and uvloop's transports
#   make findings-sweeps  10,000 seeds x CPython x selector/pipe, every FAIL a known
#                     departure (docs/findings/sweeps.md; about an hour)
#   make baselines    rewrite adapters/python/baselines (and the findings)
#   make deps         install missing Debian packages (dpkg-query first)
#   make clean
#
# Knobs: CC, MODE (release|debug|asan|coverage), OPT, CFLAGS, LDFLAGS, V=1.

CC ?= cc
MODE ?= release
V ?= 0

CCNAME := $(notdir $(firstword $(CC)))
BUILD := build/$(CCNAME)-$(MODE)
BIN := build/bin

STD := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla
ifeq ($(MODE),release)
OPT ?= -O2
DEBUG := -g
else ifeq ($(MODE),debug)
OPT ?= -O0
DEBUG := -g -DWT_VALIDATE_ALL
else ifeq ($(MODE),asan)
OPT ?= -O1
DEBUG := -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	-DWT_VALIDATE_ALL
else ifeq ($(MODE),coverage)
OPT ?= -O0
DEBUG := -g --coverage -DWT_VALIDATE_ALL
else
$(error MODE must be release, debug, asan or coverage)
endif

WT_CFLAGS = $(STD) $(WARN) $(OPT) $(DEBUG) -fPIC -Iinclude -I$(BUILD)/gen -MMD -MP $(CFLAGS)
WT_LDFLAGS = $(DEBUG) $(LDFLAGS)

ifeq ($(V),1)
Q :=
else
Q := @
endif

include mk/sources.mk

LIB_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRCS)) $(BUILD)/obj/gen/docs_text.o
CLI_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(CLI_SRCS))
TESTLIB_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(TESTLIB_SRCS))
TEST_NAMES := $(basename $(notdir $(TEST_SRCS)))
TEST_BINS := $(addprefix $(BUILD)/tests/,$(TEST_NAMES))

LIBA := $(BUILD)/lib/libwt.a
LIBSO := $(BUILD)/lib/libwt.so
WTKIT := $(BUILD)/bin/wtkit

JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

.PHONY: all run check check-one tests golden deps determinism findings findings-sweeps baselines install clean help \
	failmalloc coverage mutants check-long bench bench-long fuzz fuzz-smoke fuzz-mutants fuzz-cpython \
	cfl-check

# build/bin/wtkit is the release build's (another mode keeps its binary in $(BUILD)/bin).
ifeq ($(MODE),release)
all: $(LIBA) $(LIBSO) $(WTKIT) $(BIN)/wtkit build/lib/libwt.so
else
all: $(LIBA) $(LIBSO) $(WTKIT)
endif

help:
	@sed -n '3,28p' Makefile

$(BUILD)/gen/docs_text.c: $(DOCS_TXT) tools/embed-docs.sh
	@mkdir -p $(dir $@)
	$(Q)sh tools/embed-docs.sh $@ $(DOCS_TXT)

$(BUILD)/obj/gen/docs_text.o: $(BUILD)/gen/docs_text.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $<")
	$(Q)$(CC) $(WT_CFLAGS) -Wno-missing-prototypes -c $< -o $@

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $<")
	$(Q)$(CC) $(WT_CFLAGS) -c $< -o $@

$(LIBA): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(LIBSO): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(CC) -shared $(WT_LDFLAGS) -o $@ $^

$(WTKIT): $(CLI_OBJS) $(LIBA)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(CC) $(WT_LDFLAGS) -rdynamic -o $@ $(CLI_OBJS) -Wl,--whole-archive $(LIBA) -Wl,--no-whole-archive $(CLI_LIBS)

# Copied whenever it differs, so it never stays another mode's binary.
.PHONY: $(BIN)/wtkit build/lib/libwt.so
$(BIN)/wtkit: $(WTKIT)
	@mkdir -p $(dir $@)
	$(Q)cmp -s $< $@ || cp $< $@

# The library a Python host loads (the `host` feature): beside build/bin/wtkit
# as PREFIX/lib is beside PREFIX/bin, and of the same build.
build/lib/libwt.so: $(LIBSO)
	@mkdir -p $(dir $@)
	$(Q)cmp -s $< $@ || cp $< $@

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(TESTLIB_OBJS) $(LIBA)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(CC) $(WT_LDFLAGS) -o $@ $(filter %.o,$^) $(LIBA) $(CMOCKA_LIBS) $(CLI_LIBS)

# The world fuzz target's allocator, tested as the target builds it.
$(BUILD)/tests/test_keep_alloc: $(BUILD)/obj/fuzz/keep_alloc.o

# Test programs also see tests/testlib (shared fakes; never linked into libwt).
$(BUILD)/obj/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $<")
	$(Q)$(CC) $(WT_CFLAGS) -Itests/testlib -c $< -o $@

tests: $(TEST_BINS)

GOLDEN := $(BUILD)/bin/wt-golden
golden: $(GOLDEN)
$(GOLDEN): $(BUILD)/obj/tests/determinism/golden.o $(LIBA)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(CC) $(WT_LDFLAGS) -o $@ $< $(LIBA) $(CLI_LIBS)

# make bench's helper: seeded op sequences written out as .wts files.
GENWTS := $(BUILD)/bin/wt-genwts
$(GENWTS): $(BUILD)/obj/bench/genwts.o $(LIBA)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(CC) $(WT_LDFLAGS) -o $@ $< $(LIBA) $(CLI_LIBS)

deps:
	$(Q)sh tools/deps.sh

run: deps all
	$(Q)$(WTKIT) run

check-one: $(BUILD)/tests/$(TEST)
	$(Q)$(BUILD)/tests/$(TEST)

# The whole check: every program in two builds, then the product-level checks.
check: deps
	$(Q)$(MAKE) --no-print-directory -j$(JOBS) all tests MODE=release
	$(Q)$(MAKE) --no-print-directory -j$(JOBS) all tests MODE=asan
	$(Q)V=$(V) sh tools/check.sh "$(CC)" "$(CCNAME)"

determinism: deps
	$(Q)sh tools/determinism.sh

# What takes longer than make check may: 10,000-seed sweeps (--jobs and
# shards), every built-in mutant's first failing seed shrunk and timed, and
# the CI workflow's commands in a fresh clone of HEAD.
check-long: deps all
	$(Q)python3 tests/platform_paths.py $(BIN)/wtkit
	$(Q)python3 tests/tools/test_trophies.py $(BIN)/wtkit
	$(Q)sh tools/check-sweeps.sh $(BIN)/wtkit 10000
	$(Q)sh tools/shrink-mutants.sh $(BIN)/wtkit
	$(Q)sh tools/ci-local.sh

# Every allocation of a whole-suite run, a mutant run and a sweep fails once,
# in turn, under ASan (long: minutes; make check runs the short form).
failmalloc: deps
	$(Q)$(MAKE) --no-print-directory -j$(JOBS) all MODE=asan
	$(Q)sh tools/failmalloc.sh build/$(CCNAME)-asan/bin/wtkit

# Coverage (gcc --coverage, whatever CC is): build/coverage/index.html, the
# lcov report, the clause matrix; fails below coverage/ratchet.
coverage: deps
	$(Q)sh tools/coverage.sh

# The built-in mutants' kill rates (a survivor fails), then source mutants
# of the reference built from copies in build/mutants (the tree is never
# edited); an unexplained survivor fails (coverage/source-mutants.txt).
MUTANT_CFLAGS = $(STD) $(WARN) $(OPT) $(DEBUG) -fPIC -Iinclude -I$(BUILD)/gen $(CFLAGS)
mutants: deps all
	@mkdir -p build/mutants
	$(Q)$(WTKIT) mutants --score > build/mutants/builtin.txt; rc=$$?; \
		cat build/mutants/builtin.txt; exit $$rc
	$(Q)python3 tools/srcmutants.py --cc "$(CC)" --cflags "$(MUTANT_CFLAGS)" \
		--objdir $(BUILD)/obj --libs="$(CLI_LIBS)" --out build/mutants \
		--report build/mutants/source.txt

# Speed (tools/bench.py, docs/performance.md): timed numbers live here,
# never in tests. Always the release build, whatever MODE says.
bench: deps
	$(Q)$(MAKE) --no-print-directory -j$(JOBS) all build/$(CCNAME)-release/bin/wt-genwts MODE=release
	$(Q)/usr/bin/python3 tools/bench.py --genwts build/$(CCNAME)-release/bin/wt-genwts

bench-long: deps
	$(Q)$(MAKE) --no-print-directory -j$(JOBS) all build/$(CCNAME)-release/bin/wt-genwts MODE=release
	$(Q)/usr/bin/python3 tools/bench.py --long --genwts build/$(CCNAME)-release/bin/wt-genwts

# docs/findings.md (committed: it is documentation) and the per-version
# baselines make check compares against, from CPython's and uvloop's real
# transports under every installed interpreter.
findings: deps all
	$(Q)python3 tools/findings.py --wtkit $(WTKIT) --out docs/findings.md

findings-sweeps: deps all
	$(Q)python3 tools/trophies.py sweep --wtkit $(WTKIT) --out docs/findings/sweeps.md

baselines: deps all
	$(Q)python3 tools/findings.py --wtkit $(WTKIT) --out docs/findings.md \
		--baselines adapters/python/baselines

PREFIX ?= /usr/local
DESTDIR ?=
VERSION := $(shell sed -n 's/^\#define WT_VERSION "\(.*\)"/\1/p' include/wt/wt.h)

# Installs headers, both libraries, the command, the docs texts, the suite
# and a pkg-config file (wtkit.pc) under $(DESTDIR)$(PREFIX).
install: all
	$(Q)mkdir -p $(DESTDIR)$(PREFIX)/include/wt $(DESTDIR)$(PREFIX)/lib/pkgconfig \
		$(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/wtkit/scenarios
	$(Q)cp include/wt/*.h $(DESTDIR)$(PREFIX)/include/wt/
	$(Q)cp $(LIBA) $(LIBSO) $(DESTDIR)$(PREFIX)/lib/
	$(Q)cp $(WTKIT) $(DESTDIR)$(PREFIX)/bin/wtkit
	$(Q)cp conformance/scenarios/*.wts $(DESTDIR)$(PREFIX)/share/wtkit/scenarios/ 2>/dev/null || true
	$(Q)mkdir -p $(DESTDIR)$(PREFIX)/share/wtkit/scenarios/reentrancy
	$(Q)cp conformance/scenarios/reentrancy/*.wts \
		$(DESTDIR)$(PREFIX)/share/wtkit/scenarios/reentrancy/ 2>/dev/null || true
	$(Q)mkdir -p $(DESTDIR)$(PREFIX)/share/wtkit/adapters
	$(Q)cp -r adapters/python $(DESTDIR)$(PREFIX)/share/wtkit/adapters/
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' mk/wtkit.pc.in \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/wtkit.pc
	@echo "installed wtkit $(VERSION) under $(DESTDIR)$(PREFIX)"

# Fuzzing (fuzz/README.md): the targets are built by mk/fuzz.mk per engine.
fuzz: deps all
	$(Q)WTKIT=$(WTKIT) sh tools/fuzz.sh campaign

fuzz-smoke: deps all
	$(Q)WTKIT=$(WTKIT) sh tools/fuzz.sh smoke

fuzz-mutants: deps all
	$(Q)WTKIT=$(WTKIT) sh tools/fuzz.sh mutants

fuzz-cpython: deps all
	$(Q)WTKIT=$(WTKIT) sh tools/fuzz.sh hunt

cfl-check: deps
	$(Q)sh tools/cfl-check.sh

clean:
	$(Q)rm -rf build

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(TESTLIB_OBJS:.o=.d) $(patsubst %.c,$(BUILD)/obj/%.d,$(TEST_SRCS)) \
	$(BUILD)/obj/tests/determinism/golden.d $(BUILD)/obj/bench/genwts.d
