# fuzz.mk - the fuzz targets of one engine; Makefile runs it as
#   $(MAKE) -f mk/fuzz.mk ENGINE=afl|cmplog|libfuzzer|plain
# and it builds build/fuzz/$(ENGINE)/fuzz_{world,wts,wire,empty,ceiling} (-san appended to
# the directory with FUZZ_SAN): the library and
# the targets compiled by that engine's compiler (so coverage reaches every
# part of the kit), with AFL++'s persistent driver (afl, cmplog), libFuzzer
# (libfuzzer) or the plain file runner (plain).
# Knobs: FUZZ_SAN (e.g. address,undefined), V=1. `corpus` adds wt-fuzz-corpus.

ENGINE ?= afl
FUZZ_SAN ?=
V ?= 0
include mk/sources.mk

TARGETS := world wts wire empty ceiling
OUT := build/fuzz/$(ENGINE)$(if $(FUZZ_SAN),-san,)
STD := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla
SAN := $(if $(FUZZ_SAN),-fsanitize=$(FUZZ_SAN) -fno-sanitize-recover=all,)

ifeq ($(ENGINE),libfuzzer)
FCC := clang
INSTR := -fsanitize=fuzzer-no-link
LINK := clang -fsanitize=fuzzer
DRIVER :=
else ifeq ($(ENGINE),plain)
FCC := $(or $(CC),cc)
INSTR :=
LINK := $(FCC)
DRIVER := fuzz/afl_driver.c
else
FCC := afl-clang-fast
INSTR :=
LINK := afl-clang-fast
DRIVER := fuzz/afl_driver.c
endif
# Code whose edges depend on how a child's bytes arrive, not on the input, is
# left out of AFL++'s map (fuzz/afl-denylist.txt: stability on a Python transport).
DENYLIST := fuzz/afl-denylist.txt
ENVS := $(if $(filter cmplog,$(ENGINE)),AFL_LLVM_CMPLOG=1,) AFL_QUIET=1 \
	$(if $(filter afl cmplog,$(ENGINE)),AFL_LLVM_DENYLIST=$(abspath $(DENYLIST)),)
DENY_DEP := $(if $(filter afl cmplog,$(ENGINE)),$(DENYLIST),)

CFLAGS_F := $(STD) $(WARN) -O2 -g $(INSTR) $(SAN) -Iinclude -Iconformance -I$(OUT)/gen
# What libFuzzer is told, and what it costs (perf, fuzz/README.md): it
# keeps a frequency per feature an execution hits and a record per traced
# compare, so an execution cost as much in libFuzzer as in the kit. Edges
# are counted only in the code an input steers (FUZZ_EDGES: the
# transports, the monitor, the decoder, the parsers): the simulation's
# plumbing (thousands of passes per input, whose hit counts only say how
# long an input ran) and the harness (runner, session: the same path every
# input) add features that say nothing. Compares are traced only where the
# input's own bytes are compared (FUZZ_CMP: the decoder and the parsers; a
# transport's compare sees a size the decoder derived, not bytes a
# mutation could copy, and ran once per loop iteration).
FUZZ_EDGES := sim/ref_transport.c spec/mutant.c spec/monitor.c fuzz/decoder.c conformance/wts.c \
	conformance/adapter_wire.c conformance/hosted_wire.c
FUZZ_CMP := fuzz/decoder.c conformance/wts.c conformance/adapter_wire.c conformance/hosted_wire.c
SRCS := $(LIB_SRCS) $(OUT)/gen/docs_text.c
OBJS := $(patsubst %.c,$(OUT)/obj/%.o,$(LIB_SRCS)) $(OUT)/obj/docs_text.o
DRIVER_OBJ := $(if $(DRIVER),$(OUT)/obj/fuzz/afl_driver.o,)
Q := $(if $(filter 1,$(V)),,@)

# libfuzzer also builds counters_{world,ceiling}: fuzz/count_driver.c in
# place of libFuzzer's runtime (make bench: the signal an input carries).
COUNTERS := $(if $(filter libfuzzer,$(ENGINE)),$(OUT)/counters_world $(OUT)/counters_ceiling,)
all: $(addprefix $(OUT)/fuzz_,$(TARGETS)) $(COUNTERS)
.PHONY: all corpus

$(OUT)/gen/docs_text.c: $(DOCS_TXT) tools/embed-docs.sh
	@mkdir -p $(dir $@)
	$(Q)sh tools/embed-docs.sh $@ $(DOCS_TXT)

$(OUT)/obj/docs_text.o: $(OUT)/gen/docs_text.c
	@mkdir -p $(dir $@)
	$(Q)$(ENVS) $(FCC) $(CFLAGS_F) -Wno-missing-prototypes -c $< -o $@

ifeq ($(ENGINE),libfuzzer)
FUZZ_DARK := $(filter-out $(FUZZ_EDGES),$(LIB_SRCS))
FUZZ_QUIET := $(filter-out $(FUZZ_CMP),$(FUZZ_EDGES))
$(patsubst %.c,$(OUT)/obj/%.o,$(FUZZ_DARK)) $(OUT)/obj/docs_text.o $(OUT)/obj/fuzz/keep_alloc.o \
	$(OUT)/obj/fuzz/count_driver.o: \
	CFLAGS_F += -fno-sanitize=fuzzer-no-link
$(patsubst %.c,$(OUT)/obj/%.o,$(FUZZ_QUIET)): CFLAGS_F += -fno-sanitize-coverage=trace-cmp,indirect-calls
endif

$(OUT)/obj/%.o: %.c mk/fuzz.mk $(DENY_DEP)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $@")
	$(Q)$(ENVS) $(FCC) $(CFLAGS_F) -MMD -MP -c $< -o $@

$(OUT)/libwt-fuzz.a: $(OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

# The whole library, exported (-rdynamic): a plugin (FUZZ_TRANSPORT=PATH.so)
# calls the wt_host_* API back, as it does in wtkit.
$(OUT)/fuzz_%: $(OUT)/obj/fuzz/fuzz_%.o $(DRIVER_OBJ) $(OUT)/libwt-fuzz.a mk/fuzz.mk
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(ENVS) $(LINK) $(SAN) -rdynamic -o $@ $(filter %.o,$^) \
		-Wl,--whole-archive $(OUT)/libwt-fuzz.a -Wl,--no-whole-archive -ldl

$(OUT)/counters_%: $(OUT)/obj/fuzz/fuzz_%.o $(OUT)/obj/fuzz/count_driver.o $(OUT)/libwt-fuzz.a mk/fuzz.mk
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(FCC) $(SAN) -rdynamic -o $@ $(filter %.o,$^) \
		-Wl,--whole-archive $(OUT)/libwt-fuzz.a -Wl,--no-whole-archive -ldl
$(OUT)/counters_world: $(OUT)/obj/fuzz/keep_alloc.o

# The world target's allocator keeps large blocks from one input to the next.
$(OUT)/fuzz_world: $(OUT)/obj/fuzz/keep_alloc.o

# The seed-corpus and dictionary tool (fuzz/corpus.c); tools/fuzz.sh builds afl's.
corpus: $(OUT)/wt-fuzz-corpus
$(OUT)/wt-fuzz-corpus: $(OUT)/obj/fuzz/corpus.o $(OUT)/libwt-fuzz.a
	$(Q)$(LINK) $(SAN) -o $@ $^ -ldl

# Every object's header dependencies: the library's, the targets' and the corpus tool's.
-include $(OBJS:.o=.d) $(patsubst %.c,$(OUT)/obj/%.d,$(wildcard fuzz/*.c))
