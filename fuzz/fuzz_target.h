/* SPDX-License-Identifier: MIT */
/*
 * fuzz_target.h - what every fuzz target defines: the libFuzzer entry
 * point. The same function is driven by libFuzzer (-fsanitize=fuzzer), by
 * AFL++'s persistent shared-memory loop (afl_driver.c) and by a plain
 * file runner (afl_driver.c built without AFL++), so one harness serves
 * every engine.
 */
#ifndef WT_FUZZ_TARGET_H
#define WT_FUZZ_TARGET_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
