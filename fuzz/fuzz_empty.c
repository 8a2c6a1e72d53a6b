/* SPDX-License-Identifier: MIT */
/*
 * fuzz_empty.c - a target that does nothing: the yardstick of what a
 * harness costs. make bench runs AFL++ on it and on the world target,
 * built with the same flags, one after the other, and reports their ratio
 * (issue 16: the world target at >= 0.7x the empty harness).
 */
#include "fuzz_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)data;
    (void)size;
    return 0;
}
