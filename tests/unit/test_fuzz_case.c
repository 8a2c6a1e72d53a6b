/* SPDX-License-Identifier: MIT */
/*
 * test_fuzz_case.c - unit tests of conformance/fuzz_case.c: a fuzz input
 * becomes the case the world target ran (the transport's kinds, the fuzz
 * seed and step bound, the drain phase), a crash input of a mutant shrinks
 * to a 1-minimal case that fails its clause, and the same input passes on
 * the reference. Every block comes from the counting allocator.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "testlib.h"
#include "wt/fuzz.h"
#include "wt/shrink.h"
#include "wt/wt.h"

/* sock block; set_write_buffer_limits high=100 low=25; write 200: never-pause breaks it. */
static size_t fc_input(uint8_t *buf, size_t cap)
{
    struct wt_op ops[3] = {wt_op_make(WT_OP_SOCK_BLOCK, 0, 0), wt_op_make(WT_OP_SET_LIMITS, 100, 25),
                           wt_op_make(WT_OP_WRITE, 200, 0)};
    ops[1].flags = WT_OPF_HAS_HIGH | WT_OPF_HAS_LOW;
    return wt_fuzz_encode(ops, 3, NULL, buf, cap);
}

static void test_fuzz_case_decodes_as_the_target(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_session_spec spec;
    wt_session_spec_init(&spec);
    spec.alloc = tl_alloc_get(&ta);
    uint8_t buf[64];
    size_t len = fc_input(buf, sizeof buf);
    assert_int_equal(len, 3 * WT_FUZZ_OP_BYTES);
    struct wt_scenario sc;
    wt_scenario_init(&sc, tl_alloc_get(&ta));
    char err[1024];
    assert_int_equal(wt_fuzz_scenario(&spec, buf, len, &sc, err, sizeof err), WT_OK);
    assert_int_equal(sc.nops, 3 + WT_FUZZ_DRAIN_OPS);
    assert_int_equal(sc.ops[0].kind, WT_OP_SOCK_BLOCK);
    assert_int_equal(sc.ops[1].kind, WT_OP_SET_LIMITS);
    assert_int_equal(sc.ops[1].a, 100);
    assert_int_equal(sc.ops[1].b, 25);
    assert_int_equal(sc.ops[2].kind, WT_OP_WRITE);
    assert_int_equal(sc.ops[2].a, 200);
    assert_int_equal(sc.ops[3].kind, WT_OP_SOCK_OPEN);
    assert_int_equal(sc.ops[4].kind, WT_OP_RUN);
    assert_true(sc.has_seed && sc.seed == WT_FUZZ_SEED_DEFAULT);
    assert_int_equal(sc.steps_max, WT_FUZZ_STEPS_DEFAULT);
    /* On the reference it does not fail: nothing to shrink. */
    struct wt_scenario out;
    wt_scenario_init(&out, tl_alloc_get(&ta));
    struct wt_shrink_report rep;
    assert_int_equal(wt_shrink(&spec, &sc, &out, &rep, NULL, NULL, err, sizeof err), WT_ENOENT);
    wt_scenario_deinit(&sc);
    wt_scenario_deinit(&out);
    assert_int_equal(tl_alloc_live(&ta), 0);
}

static void test_fuzz_case_shrinks_a_finding(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_session_spec spec;
    wt_session_spec_init(&spec);
    spec.alloc = tl_alloc_get(&ta);
    spec.transport = "mutant:never-pause";
    uint8_t buf[64];
    size_t len = fc_input(buf, sizeof buf);
    struct wt_scenario sc, out;
    wt_scenario_init(&sc, tl_alloc_get(&ta));
    wt_scenario_init(&out, tl_alloc_get(&ta));
    char err[2048];
    assert_int_equal(wt_fuzz_scenario(&spec, buf, len, &sc, err, sizeof err), WT_OK);
    struct wt_shrink_report rep;
    int rc = wt_shrink(&spec, &sc, &out, &rep, NULL, NULL, err, sizeof err);
    if (rc != WT_OK) {
        fail_msg("never-pause: %d %s", rc, err);
    }
    assert_int_equal(rep.way.status, WT_RUN_FAIL);
    assert_string_equal(out.recorded_clause, "WT-PAUSE-STRICTLY-OVER-HIGH");
    assert_int_equal(out.steps_max, WT_FUZZ_STEPS_DEFAULT);
    bool minimal = false;
    char why[512] = "";
    assert_int_equal(wt_shrink_check_minimal(&spec, &out, &minimal, why, sizeof why), WT_OK);
    if (!minimal) {
        fail_msg("not 1-minimal: %s", why);
    }
    wt_scenario_deinit(&sc);
    wt_scenario_deinit(&out);
    assert_int_equal(tl_alloc_live(&ta), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fuzz_case_decodes_as_the_target),
        cmocka_unit_test(test_fuzz_case_shrinks_a_finding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
