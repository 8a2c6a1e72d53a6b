/* SPDX-License-Identifier: MIT */
/*
 * testlib.h - shared helpers for wtkit's own tests (never linked into
 * libwt).
 *
 * The counting allocator: a struct wt_allocator that counts live blocks
 * and bytes, so every test can end with "nothing leaked", and that can be
 * told to fail the Nth allocation from now (failmalloc), so a test can
 * sweep every allocation of a constructor and check that each failure
 * returns WT_ENOMEM and leaks nothing.
 *
 * Usage:
 *   struct tl_alloc ta;
 *   tl_alloc_init(&ta);
 *   wt_loop_new(tl_alloc_get(&ta), NULL, &loop);
 *   ...
 *   wt_loop_free(loop);
 *   assert_int_equal(tl_alloc_live(&ta), 0);
 */
#ifndef WT_TESTLIB_H
#define WT_TESTLIB_H

#include <stdbool.h>
#include <stddef.h>

#include "wt/alloc.h"

struct tl_alloc {
    struct wt_allocator iface; /* what tl_alloc_get hands out; ctx points here */
    size_t live_blocks;        /* blocks allocated and not yet freed */
    size_t live_bytes;         /* their total requested size */
    size_t peak_bytes;         /* the most live_bytes ever was */
    unsigned long calls;       /* alloc and realloc calls since init */
    unsigned long failures;    /* calls made to fail */
    unsigned long fail_at;     /* the call number (1-based, see calls) to fail; 0 = none */
    bool fail_sticky;          /* once failing, fail every later call too */
};

/* Counts from zero, fails nothing. */
void tl_alloc_init(struct tl_alloc *ta);

/* The allocator interface; valid as long as *ta is. */
const struct wt_allocator *tl_alloc_get(struct tl_alloc *ta);

size_t tl_alloc_live(const struct tl_alloc *ta);       /* live blocks */
size_t tl_alloc_live_bytes(const struct tl_alloc *ta); /* live bytes */
unsigned long tl_alloc_calls(const struct tl_alloc *ta);

/*
 * Makes the nth allocation call from now fail (nth = 1: the very next);
 * nth <= 0 turns failing off. Only that one call fails unless
 * tl_alloc_fail_sticky(ta, true), when every call from it on fails.
 * A realloc counts as an allocation call.
 */
void tl_alloc_fail_at(struct tl_alloc *ta, long nth);
void tl_alloc_fail_sticky(struct tl_alloc *ta, bool sticky);

#endif
