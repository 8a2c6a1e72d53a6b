/* SPDX-License-Identifier: MIT */
/*
 * counting_alloc.c - the counting, failing allocator of testlib.h.
 *
 * Each block carries a small header with its size so frees and reallocs
 * keep the live byte count exact. The header is padded to max_align_t so
 * the pointer handed out is as aligned as malloc's.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

union tl_header {
    size_t size;
    max_align_t align;
};

/* Counts one call and says whether it must fail. */
static bool tl_alloc_should_fail(struct tl_alloc *ta)
{
    ta->calls++;
    if (ta->fail_at == 0) {
        return false;
    }
    bool fail = ta->fail_sticky ? ta->calls >= ta->fail_at : ta->calls == ta->fail_at;
    if (fail) {
        ta->failures++;
    }
    return fail;
}

static void tl_alloc_note(struct tl_alloc *ta, size_t size)
{
    ta->live_bytes += size;
    if (ta->live_bytes > ta->peak_bytes) {
        ta->peak_bytes = ta->live_bytes;
    }
}

static void *tl_alloc_alloc(void *ctx, size_t size)
{
    struct tl_alloc *ta = ctx;
    if (tl_alloc_should_fail(ta) || size > SIZE_MAX - sizeof(union tl_header)) {
        return NULL;
    }
    union tl_header *h = malloc(sizeof(*h) + size);
    if (h == NULL) {
        return NULL;
    }
    h->size = size;
    ta->live_blocks++;
    tl_alloc_note(ta, size);
    return h + 1;
}

static void *tl_alloc_realloc(void *ctx, void *ptr, size_t size)
{
    struct tl_alloc *ta = ctx;
    if (ptr == NULL) {
        return tl_alloc_alloc(ctx, size);
    }
    if (tl_alloc_should_fail(ta) || size > SIZE_MAX - sizeof(union tl_header)) {
        return NULL; /* ptr untouched, as the interface requires */
    }
    union tl_header *old = (union tl_header *)ptr - 1;
    size_t old_size = old->size;
    union tl_header *h = realloc(old, sizeof(*h) + size);
    if (h == NULL) {
        return NULL;
    }
    h->size = size;
    ta->live_bytes -= old_size;
    tl_alloc_note(ta, size);
    return h + 1;
}

static void tl_alloc_free(void *ctx, void *ptr)
{
    struct tl_alloc *ta = ctx;
    if (ptr == NULL) {
        return;
    }
    union tl_header *h = (union tl_header *)ptr - 1;
    ta->live_blocks--;
    ta->live_bytes -= h->size;
    free(h);
}

void tl_alloc_init(struct tl_alloc *ta)
{
    memset(ta, 0, sizeof(*ta));
    ta->iface.ctx = ta;
    ta->iface.alloc = tl_alloc_alloc;
    ta->iface.realloc = tl_alloc_realloc;
    ta->iface.free = tl_alloc_free;
}

const struct wt_allocator *tl_alloc_get(struct tl_alloc *ta) { return &ta->iface; }

size_t tl_alloc_live(const struct tl_alloc *ta) { return ta->live_blocks; }

size_t tl_alloc_live_bytes(const struct tl_alloc *ta) { return ta->live_bytes; }

unsigned long tl_alloc_calls(const struct tl_alloc *ta) { return ta->calls; }

void tl_alloc_fail_at(struct tl_alloc *ta, long nth)
{
    ta->fail_at = nth <= 0 ? 0 : ta->calls + (unsigned long)nth;
}

void tl_alloc_fail_sticky(struct tl_alloc *ta, bool sticky) { ta->fail_sticky = sticky; }
