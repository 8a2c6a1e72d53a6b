/* SPDX-License-Identifier: MIT */
/*
 * test_keep_alloc.c - the world fuzz target's allocator (fuzz/keep_alloc.c):
 * a large block freed is handed out again, its contents survive realloc,
 * small blocks come and go, the kept memory is bounded, and under ASan a
 * kept block is poisoned while free.
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
    assert_true(small < p || small >= p + 131072);
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
    wt_free(a, p);
    keep_alloc_deinit(&k);
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
    unsigned kept = 0;
    for (int b = 0; b < KEEP_BINS; b++) {
        kept += k.count[b];
    }
    assert_int_equal(kept, KEEP_PER_BIN); /* the rest went back to the C library */
    for (size_t i = 0; i < KEEP_PER_BIN; i++) {
        blocks[i] = wt_alloc(a, 50000);
        assert_non_null(blocks[i]);
    }
    assert_int_equal(k.count[1], 0); /* handed out again, every one */
    for (size_t i = 0; i < KEEP_PER_BIN; i++) {
        wt_free(a, blocks[i]);
    }
    keep_alloc_deinit(&k);
    assert_int_equal(k.count[1], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keep_alloc_reuses_large_blocks),
        cmocka_unit_test(test_keep_alloc_realloc_keeps_contents),
        cmocka_unit_test(test_keep_alloc_bounds_what_it_keeps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
