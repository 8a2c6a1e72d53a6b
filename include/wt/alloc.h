/* SPDX-License-Identifier: MIT */
/*
 * alloc.h - the allocator a world is given.
 *
 * Every allocation a world makes goes through the allocator passed to
 * wt_world_new, never through a process-wide hook, so two worlds in one
 * process are independent and a test can count blocks or fail the Nth one.
 */
#ifndef WT_ALLOC_H
#define WT_ALLOC_H

#include <stddef.h>

typedef void *wt_alloc_fn(void *ctx, size_t size);
typedef void *wt_realloc_fn(void *ctx, void *ptr, size_t size);
typedef void wt_free_fn(void *ctx, void *ptr);

struct wt_allocator {
    void *ctx;
    wt_alloc_fn *alloc;     /* MUST return NULL on failure */
    wt_realloc_fn *realloc; /* MUST leave ptr untouched on failure */
    wt_free_fn *free;       /* MUST accept NULL */
};

/* malloc/realloc/free. Never NULL. */
const struct wt_allocator *wt_allocator_default(void);

/* Helpers that treat a NULL allocator as the default one. */
void *wt_alloc(const struct wt_allocator *a, size_t size);
void *wt_calloc(const struct wt_allocator *a, size_t count, size_t size);
void *wt_realloc(const struct wt_allocator *a, void *ptr, size_t size);
void wt_free(const struct wt_allocator *a, void *ptr);

/*
 * Fault injection: an allocator that fails its fail_at-th allocation
 * (1-based; 0 fails none) and every one after it, counting the calls.
 * Everything the kit allocates in a session can be made to fail in turn
 * through it (`make failmalloc`, WTKIT_FAILMALLOC=N).
 */
struct wt_fault_alloc {
    struct wt_allocator iface; /* hand out &fa->iface */
    unsigned long calls;       /* allocations asked for so far */
    unsigned long fail_at;
    unsigned long failed;      /* allocations refused */
};

void wt_fault_alloc_init(struct wt_fault_alloc *fa, unsigned long fail_at);

#endif
