# Source lists. Library sources are every .c under the DESIGN parts, so a new
# module needs no edit here; the command's own files are listed apart.
CLI_SRCS := $(wildcard conformance/cli/*.c)
LIB_SRCS := $(sort $(wildcard sim/*.c spec/*.c conformance/*.c) fuzz/decoder.c)
TESTLIB_SRCS := $(sort $(wildcard tests/testlib/*.c))
TEST_SRCS := $(sort $(wildcard tests/unit/test_*.c))
DOCS_TXT := $(sort $(wildcard spec/docs/*.txt))
CLI_LIBS := -ldl
