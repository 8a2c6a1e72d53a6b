/* SPDX-License-Identifier: MIT */
/*
 * test_keep_alloc.c - the world fuzz target's allocator (fuzz/keep_alloc.c):
 * a freed block, large or small, is handed out again (the oldest of its
 * bin first), its contents survive realloc, the kept memory is bounded, and
 * under ASan a kept block is poisoned while free.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "../../fuzz/keep_alloc.h"

#if defined(__SANITIZE_ADDRESS__)
#define TK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TK_ASAN 1
#endif
#endif
#ifdef TK_ASAN
int __asan_address_is_poisoned(void const volatile *addr);
#endif

static void test_keep_alloc_reuses_large_blocks(void **state)
{
    (void)state;
    struct keep_alloc k;
    keep_alloc_init(&k);
    const struct wt_allocator *a = &k.iface;
    uint8_t *p = wt_alloc(a, 100000);
    assert_non_null(p);
    memset(p, 7, 100000);
    wt_free(a, p);
#ifdef TK_ASAN
    assert_true(__asan_address_is_poisoned(p)); /* free: any use is reported */
#endif
    uint8_t *q = wt_alloc(a, 90000); /* the same bin (128 KiB) */
    assert_ptr_equal(q, p);
#ifdef TK_ASAN
    assert_false(__asan_address_is_poisoned(q + 89999));
    assert_true(__asan_address_is_poisoned(q + 90000)); /* past what was asked for */
#endif
    wt_free(a, q);
    uint8_t *small = wt_alloc(a, 64);
    assert_non_null(small);
    assert_true(small < p || small >= p + 131072); /* another bin */
    wt_free(a, small);
#ifdef TK_ASAN
    assert_true(__asan_address_is_poisoned(small));
#endif
    assert_ptr_equal(wt_alloc(a, 40), small); /* small blocks are kept too (64 B) */
    wt_free(a, small);
    wt_free(a, NULL);
    keep_alloc_deinit(&k);
}

static void test_keep_alloc_realloc_keeps_contents(void **state)
{
    (void)state;
    struct keep_alloc k;
    keep_alloc_init(&k);
    const struct wt_allocator *a = &k.iface;
    uint8_t *p = wt_realloc(a, NULL, 10);
    assert_non_null(p);
    for (int i = 0; i < 10; i++) {
        p[i] = (uint8_t)i;
    }
    size_t sizes[] = {5000, 40000, 70000, 300000, 200000, 12};
    size_t have = 10;
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        p = wt_realloc(a, p, sizes[s]);
        assert_non_null(p);
        for (size_t i = have; i < sizes[s]; i++) {
            p[i] = (uint8_t)(i * 31u);
        }
        size_t check = have < sizes[s] ? have : sizes[s];
        for (size_t i = 0; i < check; i++) {
            assert_int_equal(p[i], i < 10 ? (uint8_t)i : (uint8_t)(i * 31u));
        }
        have = sizes[s];
    }
#ifdef TK_ASAN
    /* 12 bytes now, in the block 300000 got: the rest of it is poisoned again. */
    assert_false(__asan_address_is_poisoned(p + 11));
    assert_true(__asan_address_is_poisoned(p + 12));
    assert_true(__asan_address_is_poisoned(p + 199999));
#endif
    wt_free(a, p);
    keep_alloc_deinit(&k);
}

/* How many blocks every bin holds. */
static unsigned tk_kept(const struct keep_alloc *k)
{
    unsigned kept = 0;
    for (int b = 0; b < KEEP_BINS; b++) {
        kept += k->count[b];
    }
    return kept;
}

static void test_keep_alloc_bounds_what_it_keeps(void **state)
{
    (void)state;
    struct keep_alloc k;
    keep_alloc_init(&k);
    const struct wt_allocator *a = &k.iface;
    void *blocks[KEEP_PER_BIN + 3];
    for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
        blocks[i] = wt_alloc(a, 50000);
        assert_non_null(blocks[i]);
    }
    for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
        wt_free(a, blocks[i]);
    }
    assert_int_equal(tk_kept(&k), KEEP_PER_BIN); /* the rest went back to the C library */
    assert_int_equal(k.kept, KEEP_PER_BIN * (size_t)65536);
    for (size_t i = 0; i < KEEP_PER_BIN; i++) {
        blocks[i] = wt_alloc(a, 50000);
        assert_non_null(blocks[i]);
    }
    assert_int_equal(tk_kept(&k), 0); /* handed out again, every one */
    assert_int_equal(k.kept, 0);
    for (size_t i = 0; i < KEEP_PER_BIN; i++) {
        wt_free(a, blocks[i]);
    }
    keep_alloc_deinit(&k);
    assert_int_equal(tk_kept(&k), 0);
    assert_int_equal(k.kept, 0);
}

/* Past KEEP_BYTES_MAX a freed block goes back, whatever its bin holds. */
static void test_keep_alloc_bounds_its_bytes(void **state)
{
    (void)state;
    struct keep_alloc k;
    keep_alloc_init(&k);
    const struct wt_allocator *a = &k.iface;
    size_t big = KEEP_BYTES_MAX / 2; /* a power of two: a bin's capacity exactly */
    void *blocks[3];
    for (size_t i = 0; i < 3; i++) {
        blocks[i] = wt_alloc(a, big);
        assert_non_null(blocks[i]);
    }
    void *small = wt_alloc(a, 100);
    assert_non_null(small);
    for (size_t i = 0; i < 3; i++) {
        wt_free(a, blocks[i]);
    }
    assert_int_equal(tk_kept(&k), 2);
    assert_int_equal(k.kept, KEEP_BYTES_MAX);
    wt_free(a, small); /* not even 128 bytes fit */
    assert_int_equal(tk_kept(&k), 2);
    keep_alloc_deinit(&k);
}

/* A bin hands out its oldest block first: a stale pointer stays poisoned longest. */
static void test_keep_alloc_oldest_first(void **state)
{
    (void)state;
    struct keep_alloc k;
    keep_alloc_init(&k);
    const struct wt_allocator *a = &k.iface;
    void *x = wt_alloc(a, 200);
    void *y = wt_alloc(a, 200);
    void *z = wt_alloc(a, 200);
    assert_true(x != NULL && y != NULL && z != NULL);
    wt_free(a, y);
    wt_free(a, x);
    wt_free(a, z);
    assert_ptr_equal(wt_alloc(a, 150), y);
#ifdef TK_ASAN
    assert_true(__asan_address_is_poisoned(x));
    assert_true(__asan_address_is_poisoned(z));
    assert_true(__asan_address_is_poisoned((uint8_t *)y + 150));
    assert_false(__asan_address_is_poisoned((uint8_t *)y + 149));
#endif
    /* Freed again, y goes behind the others. */
    wt_free(a, y);
    assert_ptr_equal(wt_alloc(a, 256), x);
    assert_ptr_equal(wt_alloc(a, 129), z);
    assert_ptr_equal(wt_alloc(a, 200), y);
    wt_free(a, x);
    wt_free(a, y);
    wt_free(a, z);
    keep_alloc_deinit(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keep_alloc_reuses_large_blocks),
        cmocka_unit_test(test_keep_alloc_realloc_keeps_contents),
        cmocka_unit_test(test_keep_alloc_bounds_what_it_keeps),
        cmocka_unit_test(test_keep_alloc_bounds_its_bytes),
        cmocka_unit_test(test_keep_alloc_oldest_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
