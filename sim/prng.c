/* SPDX-License-Identifier: MIT */
/*
 * prng.c - the world's seeded generator: xoshiro256** (Blackman and Vigna)
 * with its state filled by splitmix64 from one 64-bit seed.
 *
 * Only fixed-width unsigned arithmetic is used (no floating point, no
 * 128-bit products), so a seed gives the same sequence on every platform,
 * compiler and optimisation level: the simulation's determinism rests on
 * this file. Every draw consumes a fixed, documented number of outputs
 * except wt_prng_below's rare retries, which are themselves deterministic.
 */
#include <stddef.h>
#include <stdint.h>

#include "wt/prng.h"

/* A rejection loop this long fails with probability below 2^-64. */
#define PRNG_BELOW_TRIES_MAX 64

static uint64_t prng_rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t prng_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void wt_prng_seed(struct wt_prng *p, uint64_t seed)
{
    if (p == NULL) {
        return;
    }
    uint64_t sm = seed;
    for (int i = 0; i < 4; i++) {
        p->s[i] = prng_splitmix64(&sm);
    }
    /* xoshiro's one bad state is all zeros; splitmix64 never yields four. */
    if ((p->s[0] | p->s[1] | p->s[2] | p->s[3]) == 0) {
        p->s[0] = 1;
    }
}

uint64_t wt_prng_next(struct wt_prng *p)
{
    if (p == NULL) {
        return 0;
    }
    uint64_t *s = p->s;
    const uint64_t result = prng_rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = prng_rotl(s[3], 45);
    return result;
}

/*
 * Mask-and-retry: take the smallest all-ones mask covering bound - 1 and
 * retry draws above it. Each try succeeds with probability > 1/2, so the
 * modulo fallback (slightly biased) is never reached in practice; it only
 * keeps the loop bounded.
 */
uint64_t wt_prng_below(struct wt_prng *p, uint64_t bound)
{
    if (p == NULL || bound == 0) {
        return 0;
    }
    uint64_t mask = bound - 1;
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
    mask |= mask >> 32;
    for (int i = 0; i < PRNG_BELOW_TRIES_MAX; i++) {
        uint64_t x = wt_prng_next(p) & mask;
        if (x < bound) {
            return x;
        }
    }
    return wt_prng_next(p) % bound;
}

uint64_t wt_prng_range(struct wt_prng *p, uint64_t lo, uint64_t hi)
{
    if (p == NULL || hi <= lo) {
        return lo;
    }
    uint64_t span = hi - lo;
    if (span == UINT64_MAX) {
        /* The whole 64-bit range: span + 1 would wrap to 0. */
        return wt_prng_next(p);
    }
    return lo + wt_prng_below(p, span + 1);
}

int wt_prng_chance(struct wt_prng *p, uint32_t num, uint32_t den)
{
    if (p == NULL || den == 0) {
        return 0;
    }
    /* Always draw, even when the answer is certain, so the stream of
     * draws does not depend on the probability. */
    return wt_prng_below(p, den) < num;
}
