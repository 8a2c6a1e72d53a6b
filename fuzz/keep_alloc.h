/* SPDX-License-Identifier: MIT */
/*
 * keep_alloc.h - an allocator that keeps large freed blocks for reuse
 * (poisoned while free under ASan): the world target's, so each input does
 * not map and fault in its buffers afresh (keep_alloc.c).
 */
#ifndef WT_FUZZ_KEEP_ALLOC_H
#define WT_FUZZ_KEEP_ALLOC_H

#include "wt/alloc.h"

#define KEEP_BINS 12    /* 32 KiB .. 64 MiB, by powers of two */
#define KEEP_PER_BIN 4  /* blocks kept per bin: the memory kept is bounded */

struct keep_head;

struct keep_alloc {
    struct wt_allocator iface; /* what the session is given */
    struct keep_head *bin[KEEP_BINS][KEEP_PER_BIN];
    unsigned count[KEEP_BINS];
};

void keep_alloc_init(struct keep_alloc *k);
/* Gives every kept block back (blocks still handed out stay the caller's). */
void keep_alloc_deinit(struct keep_alloc *k);

#endif
