/* SPDX-License-Identifier: MIT */
/*
 * keep_alloc.h - an allocator that keeps freed blocks for reuse (poisoned
 * while free under ASan): the world target's, so each input does not pay
 * the C library's, or ASan's, allocator for its world (keep_alloc.c).
 */
#ifndef WT_FUZZ_KEEP_ALLOC_H
#define WT_FUZZ_KEEP_ALLOC_H

#include "wt/alloc.h"

#define KEEP_BINS 23                      /* 16 B .. 64 MiB, by powers of two */
#define KEEP_PER_BIN 8                    /* blocks kept per bin, oldest handed out first */
#define KEEP_BYTES_MAX ((size_t)64 << 20) /* all bins together hold at most this much */

struct keep_head;

struct keep_alloc {
    struct wt_allocator iface; /* what the session is given */
    struct keep_head *bin[KEEP_BINS][KEEP_PER_BIN]; /* a ring per bin */
    unsigned first[KEEP_BINS];                      /* the oldest block's slot */
    unsigned count[KEEP_BINS];
    size_t kept;                                    /* bytes in every bin */
};

void keep_alloc_init(struct keep_alloc *k);
/* Gives every kept block back (blocks still handed out stay the caller's). */
void keep_alloc_deinit(struct keep_alloc *k);

#endif
