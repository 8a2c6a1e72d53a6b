# fuzz.mk - the fuzz targets of one engine; Makefile runs it as
#   $(MAKE) -f mk/fuzz.mk ENGINE=afl|cmplog|libfuzzer|plain
# and it builds build/fuzz/$(ENGINE)/fuzz_{world,wts,wire} (-san appended to
# the directory with FUZZ_SAN): the library and
# the targets compiled by that engine's compiler (so coverage reaches every
# part of the kit), with AFL++'s persistent driver (afl, cmplog), libFuzzer
# (libfuzzer) or the plain file runner (plain).
# Knobs: FUZZ_SAN (e.g. address,undefined), V=1. `corpus` adds wt-fuzz-corpus.

ENGINE ?= afl
FUZZ_SAN ?=
V ?= 0
include mk/sources.mk

TARGETS := world wts wire
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
# The simulation's plumbing runs thousands of times per input (one loop
# iteration, one send, one event each); libFuzzer's compare and indirect
# call tracing there took about 60% of an execution (perf) and steers
# toward nothing a transport decides. Its edges are still covered; the
# transport, the monitor and the decoder keep their compares traced.
FUZZ_HOT := sim/loop.c sim/sock.c sim/trace.c sim/world.c
SRCS := $(LIB_SRCS) $(OUT)/gen/docs_text.c
OBJS := $(patsubst %.c,$(OUT)/obj/%.o,$(LIB_SRCS)) $(OUT)/obj/docs_text.o
DRIVER_OBJ := $(if $(DRIVER),$(OUT)/obj/fuzz/afl_driver.o,)
Q := $(if $(filter 1,$(V)),,@)

all: $(addprefix $(OUT)/fuzz_,$(TARGETS))
.PHONY: all corpus

$(OUT)/gen/docs_text.c: $(DOCS_TXT) tools/embed-docs.sh
	@mkdir -p $(dir $@)
	$(Q)sh tools/embed-docs.sh $@ $(DOCS_TXT)

$(OUT)/obj/docs_text.o: $(OUT)/gen/docs_text.c
	@mkdir -p $(dir $@)
	$(Q)$(ENVS) $(FCC) $(CFLAGS_F) -Wno-missing-prototypes -c $< -o $@

ifeq ($(ENGINE),libfuzzer)
$(patsubst %.c,$(OUT)/obj/%.o,$(FUZZ_HOT)): CFLAGS_F += -fno-sanitize-coverage=trace-cmp,indirect-calls
endif

$(OUT)/obj/%.o: %.c $(DENY_DEP)
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

# The seed-corpus and dictionary tool (fuzz/corpus.c); tools/fuzz.sh builds afl's.
corpus: $(OUT)/wt-fuzz-corpus
$(OUT)/wt-fuzz-corpus: $(OUT)/obj/fuzz/corpus.o $(OUT)/libwt-fuzz.a
	$(Q)$(LINK) $(SAN) -o $@ $^ -ldl

-include $(OBJS:.o=.d)
