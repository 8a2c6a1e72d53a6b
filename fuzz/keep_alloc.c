/* SPDX-License-Identifier: MIT */
/*
 * keep_alloc.c - the world target's allocator: freed blocks are kept for
 * the next input instead of going back to the C library.
 *
 * Each input makes and frees its world: a dozen small blocks (the world,
 * its loop, trace and socket) and a few large ones (the transport's buffer
 * and the pattern arena grow by doubling to a few hundred KiB). Under ASan
 * each malloc records its stack, fills the block, and each free goes
 * through the quarantine; large blocks are mapped afresh and faulted in
 * page by page. That was over a third of an execution. Here a freed block
 * goes to the bin of its power of two, poisoned, and is handed out again
 * unpoisoned, so ASan still reports any use of it while it is free
 * (use-after-poison) and a read past what was asked for (the rest of the
 * block stays poisoned). A bin hands out its oldest block first: a block
 * is reused only after the others freed into its bin, so a stale pointer
 * is caught for as long as the bin allows, a quarantine of its own.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keep_alloc.h"

#if defined(__SANITIZE_ADDRESS__)
#define KEEP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KEEP_ASAN 1
#endif
#endif

#ifdef KEEP_ASAN
void __asan_poison_memory_region(void const volatile *addr, size_t size);
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#define KEEP_POISON(p, n) __asan_poison_memory_region((p), (n))
#define KEEP_UNPOISON(p, n) __asan_unpoison_memory_region((p), (n))
#else
#define KEEP_POISON(p, n) ((void)(p), (void)(n))
#define KEEP_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define KEEP_MIN ((size_t)16)  /* the smallest bin's blocks */
#define KEEP_LIVE 0x6b656570u  /* "keep": a block handed out */
#define KEEP_FREE 0x66726565u  /* "free": a block in a bin */

/* Before each block: what it can hold and what was asked for. */
struct keep_head {
    size_t cap;
    size_t len;
    unsigned state;
    unsigned pad[3]; /* the block after it stays 16-byte aligned */
};

static struct keep_head *keep_head(void *p) { return (struct keep_head *)p - 1; }

/* The bin of a capacity (a power of two from KEEP_MIN), or -1: none that large. */
static int keep_bin(size_t cap)
{
    int b = 0;
    for (size_t c = KEEP_MIN; c < cap && b < KEEP_BINS; c *= 2) {
        b++;
    }
    return b < KEEP_BINS ? b : -1;
}

/* The capacity a request of n bytes gets: its bin's, or n past the last bin. */
static size_t keep_round(size_t n)
{
    size_t c = KEEP_MIN;
    while (c < n && c <= SIZE_MAX / 2) {
        c *= 2;
    }
    return c < n ? n : c;
}

/*
 * The block's first `was` bytes are usable, the rest poisoned: make it the
 * first len. Only the bytes between change, so a large block that serves
 * small requests costs its requests, not its capacity.
 */
static void keep_mark(struct keep_head *h, size_t was, size_t len)
{
    unsigned char *p = (unsigned char *)(h + 1);
    if (len > was) {
        KEEP_UNPOISON(p + was, len - was);
    } else {
        KEEP_POISON(p + len, was - len);
    }
}

/* Hands out h (its header usable) for len bytes, of which `was` are usable now. */
static void *keep_give(struct keep_head *h, size_t was, size_t len)
{
    keep_mark(h, was, len);
    h->len = len;
    h->state = KEEP_LIVE;
    KEEP_POISON(h, sizeof *h); /* a write just before the block is a report too */
    return h + 1;
}

static void *keep_alloc(void *ctx, size_t len)
{
    struct keep_alloc *k = ctx;
    size_t cap = keep_round(len);
    int b = keep_bin(cap);
    if (b >= 0 && k->count[b] > 0) {
        struct keep_head *h = k->bin[b][k->first[b]];
        k->first[b] = (k->first[b] + 1) % KEEP_PER_BIN;
        k->count[b]--;
        k->kept -= cap;
        KEEP_UNPOISON(h, sizeof *h);
        return keep_give(h, 0, len);
    }
    if (cap > SIZE_MAX - sizeof(struct keep_head)) {
        return NULL;
    }
    struct keep_head *h = malloc(sizeof *h + (cap ? cap : 1));
    if (h == NULL) {
        return NULL;
    }
    h->cap = cap;
    return keep_give(h, cap, len);
}

static void keep_free(void *ctx, void *p)
{
    struct keep_alloc *k = ctx;
    if (p == NULL) {
        return;
    }
    struct keep_head *h = keep_head(p);
    KEEP_UNPOISON(h, sizeof *h);
    if (h->state != KEEP_LIVE) {
        fprintf(stderr, "keep_alloc: free of a block not handed out (double free?)\n");
        abort();
    }
    h->state = KEEP_FREE;
    size_t cap = h->cap;
    int b = keep_bin(cap);
    if (b >= 0 && k->count[b] < KEEP_PER_BIN && cap <= KEEP_BYTES_MAX - k->kept) {
        keep_mark(h, h->len, 0); /* past len it already is */
        KEEP_POISON(h, sizeof *h);
        k->bin[b][(k->first[b] + k->count[b]) % KEEP_PER_BIN] = h;
        k->count[b]++;
        k->kept += cap;
        return;
    }
    free(h);
}

static void *keep_realloc(void *ctx, void *p, size_t len)
{
    if (p == NULL) {
        return keep_alloc(ctx, len);
    }
    struct keep_head *h = keep_head(p);
    KEEP_UNPOISON(h, sizeof *h);
    if (h->state != KEEP_LIVE) {
        fprintf(stderr, "keep_alloc: realloc of a block not handed out\n");
        abort();
    }
    size_t old = h->len;
    if (len <= h->cap) {
        return keep_give(h, old, len);
    }
    KEEP_POISON(h, sizeof *h);
    void *q = keep_alloc(ctx, len);
    if (q == NULL) {
        return NULL; /* p untouched */
    }
    memcpy(q, p, old < len ? old : len);
    keep_free(ctx, p);
    return q;
}

void keep_alloc_init(struct keep_alloc *k)
{
    memset(k, 0, sizeof *k);
    k->iface.ctx = k;
    k->iface.alloc = keep_alloc;
    k->iface.realloc = keep_realloc;
    k->iface.free = keep_free;
}

void keep_alloc_deinit(struct keep_alloc *k)
{
    for (int b = 0; b < KEEP_BINS; b++) {
        for (; k->count[b] > 0; k->count[b]--) {
            struct keep_head *h = k->bin[b][k->first[b]];
            k->first[b] = (k->first[b] + 1) % KEEP_PER_BIN;
            KEEP_UNPOISON(h, sizeof *h);
            KEEP_UNPOISON(h + 1, h->cap);
            free(h);
        }
    }
    k->kept = 0;
}
