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

/*
 * Optional (weak in afl_driver.c): called once in each harness AFL++'s fork
 * server forks, before its first input. Set-up done here is the harness's
 * own, yet its edges are not the first input's: AFL++ clears the coverage
 * map as the persistent loop starts. Not called by libFuzzer or the file
 * runner, so a target still sets up lazily when it was not called.
 */
int wt_fuzz_forked(void);

#endif
