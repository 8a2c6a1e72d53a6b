/* SPDX-License-Identifier: MIT */
/*
 * prng.h - the world's seeded pseudo-random generator.
 *
 * A plain value type (xoshiro256** seeded through splitmix64), written with
 * fixed-width unsigned arithmetic only, so a seed gives the same sequence on
 * every platform and compiler.
 */
#ifndef WT_PRNG_H
#define WT_PRNG_H

#include <stdint.h>

struct wt_prng {
    uint64_t s[4];
};

void wt_prng_seed(struct wt_prng *p, uint64_t seed);
uint64_t wt_prng_next(struct wt_prng *p);

/* Uniform in [0, bound); returns 0 when bound is 0. Unbiased. */
uint64_t wt_prng_below(struct wt_prng *p, uint64_t bound);

/* Uniform in [lo, hi] (inclusive); lo when hi < lo. */
uint64_t wt_prng_range(struct wt_prng *p, uint64_t lo, uint64_t hi);

/* True with probability num/den (false when den is 0). */
int wt_prng_chance(struct wt_prng *p, uint32_t num, uint32_t den);

#endif
