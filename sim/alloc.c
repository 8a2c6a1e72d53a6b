/* SPDX-License-Identifier: MIT */
/*
 * alloc.c - the default allocator and NULL-tolerant helpers.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wt/alloc.h"

static void *alloc_malloc(void *ctx, size_t size)
{
    (void)ctx;
    return malloc(size);
}

static void *alloc_realloc(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    return realloc(ptr, size);
}

static void alloc_free(void *ctx, void *ptr)
{
    (void)ctx;
    free(ptr);
}

static const struct wt_allocator alloc_default = {
    .ctx = NULL,
    .alloc = alloc_malloc,
    .realloc = alloc_realloc,
    .free = alloc_free,
};

const struct wt_allocator *wt_allocator_default(void) { return &alloc_default; }

void *wt_alloc(const struct wt_allocator *a, size_t size)
{
    if (a == NULL) {
        a = &alloc_default;
    }
    return a->alloc(a->ctx, size == 0 ? 1 : size);
}

void *wt_calloc(const struct wt_allocator *a, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size) {
        return NULL;
    }
    void *p = wt_alloc(a, count * size);
    if (p != NULL) {
        memset(p, 0, count * size);
    }
    return p;
}

void *wt_realloc(const struct wt_allocator *a, void *ptr, size_t size)
{
    if (a == NULL) {
        a = &alloc_default;
    }
    return a->realloc(a->ctx, ptr, size == 0 ? 1 : size);
}

void wt_free(const struct wt_allocator *a, void *ptr)
{
    if (a == NULL) {
        a = &alloc_default;
    }
    if (ptr != NULL) {
        a->free(a->ctx, ptr);
    }
}

/* ----- fault injection ------------------------------------------------------ */

static bool fault_refuse(struct wt_fault_alloc *fa)
{
    fa->calls++;
    if (fa->fail_at != 0 && fa->calls >= fa->fail_at) {
        fa->failed++;
        return true;
    }
    return false;
}

static void *fault_malloc(void *ctx, size_t size)
{
    return fault_refuse(ctx) ? NULL : malloc(size);
}

static void *fault_realloc(void *ctx, void *ptr, size_t size)
{
    return fault_refuse(ctx) ? NULL : realloc(ptr, size);
}

void wt_fault_alloc_init(struct wt_fault_alloc *fa, unsigned long fail_at)
{
    memset(fa, 0, sizeof *fa);
    fa->iface.ctx = fa;
    fa->iface.alloc = fault_malloc;
    fa->iface.realloc = fault_realloc;
    fa->iface.free = alloc_free;
    fa->fail_at = fail_at;
}
