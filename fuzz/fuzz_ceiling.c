/* SPDX-License-Identifier: MIT */
/*
 * fuzz_ceiling.c - libFuzzer's own cost at the world target's signal: a
 * target that does no work but hit, per input, about as many coverage
 * counters as the world target does (fuzz_counters measures both). Its
 * exec/s is the most any target with that much signal can reach under
 * libFuzzer on the machine: make bench prints it beside issue 16's rates.
 *
 * Every input runs the 256 functions f_*, one counter each (the counters
 * every world input hits: decoder, session, monitor, judging), then one
 * of the 64 functions g_* per input byte among its first
 * CEILING_VARYING (the counters that depend on the input), so new inputs
 * still bring new features and libFuzzer keeps a corpus as it does on the
 * world target.
 */
#include "fuzz_target.h"

#define CEILING_VARYING 24u

static volatile unsigned ceiling_sink;

/* 4^4 and 4^3 names out of base-4 digits: f_0000 .. f_3333, g_000 .. g_333. */
#define CEILING_D1(M, a, b, c) M(a, b, c, 0) M(a, b, c, 1) M(a, b, c, 2) M(a, b, c, 3)
#define CEILING_D2(M, a, b) CEILING_D1(M, a, b, 0) CEILING_D1(M, a, b, 1) \
    CEILING_D1(M, a, b, 2) CEILING_D1(M, a, b, 3)
#define CEILING_D3(M, a) CEILING_D2(M, a, 0) CEILING_D2(M, a, 1) CEILING_D2(M, a, 2) \
    CEILING_D2(M, a, 3)
#define CEILING_256(M) CEILING_D3(M, 0) CEILING_D3(M, 1) CEILING_D3(M, 2) CEILING_D3(M, 3)
#define CEILING_64(M) CEILING_D2(M, 0, 0) CEILING_D2(M, 0, 1) CEILING_D2(M, 0, 2) \
    CEILING_D2(M, 0, 3)

#define CEILING_F(a, b, c, d) \
    static __attribute__((noinline)) void f_##a##b##c##d(void) \
    { \
        ceiling_sink += (a) * 64u + (b) * 16u + (c) * 4u + (d) + 1u; \
    }
#define CEILING_G(z, a, b, c) \
    static __attribute__((noinline)) void g_##a##b##c(void) \
    { \
        ceiling_sink ^= (a) * 16u + (b) * 4u + (c) + 1u; \
    }
#define CEILING_CALL_F(a, b, c, d) f_##a##b##c##d();
#define CEILING_CASE_G(z, a, b, c) \
    case (a) * 16u + (b) * 4u + (c): \
        g_##a##b##c(); \
        break;

CEILING_256(CEILING_F)
CEILING_64(CEILING_G)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    CEILING_256(CEILING_CALL_F)
    for (size_t i = 0; i < size && i < CEILING_VARYING; i++) {
        switch (data[i] & 63u) {
            CEILING_64(CEILING_CASE_G)
        default:
            break;
        }
    }
    return 0;
}
