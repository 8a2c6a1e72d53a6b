/* SPDX-License-Identifier: MIT */
/*
 * test_shrink.c - shrinking keeps the way a case fails and ends 1-minimal
 * (checked by wt_shrink_check_minimal, which tries every single removal
 * and halving); a case that passes is not shrunk; diff finds where a
 * mutant parts from the reference and sees two equal transports as equal.
 * Run from the repository root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "testlib.h"
#include "wt/shrink.h"
#include "wt/wt.h"

/* Shrinks mutant's seed and checks the result; returns its op count. */
static size_t shrink_seed(const char *mutant, uint64_t seed, int want_status)
{
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_session_spec spec;
    wt_session_spec_init(&spec);
    spec.transport = mutant;
    spec.alloc = tl_alloc_get(&ta);
    spec.generator = 1; /* the seeds below were picked under version 1 */
    struct wt_scenario start, out;
    wt_scenario_init(&start, tl_alloc_get(&ta));
    wt_scenario_init(&out, tl_alloc_get(&ta));
    char err[2048];
    assert_int_equal(wt_seed_scenario(&spec, seed, &start, err, sizeof err), WT_OK);
    struct wt_shrink_report rep;
    int rc = wt_shrink(&spec, &start, &out, &rep, NULL, NULL, err, sizeof err);
    if (rc != WT_OK) {
        fail_msg("%s seed %llu: %s", mutant, (unsigned long long)seed, err);
    }
    assert_int_equal(rep.way.status, want_status);
    assert_true(rep.ops_after <= rep.ops_before && rep.ops_after == out.nops);
    assert_true(rep.kept <= rep.runs);
    /* The header says how to run it again. */
    assert_string_equal(out.transport, mutant);
    assert_string_equal(out.recorded_status, wt_run_status_name(want_status));
    bool minimal = false;
    char why[512] = "";
    assert_int_equal(wt_shrink_check_minimal(&spec, &out, &minimal, why, sizeof why), WT_OK);
    if (!minimal) {
        fail_msg("%s seed %llu: not 1-minimal: %s", mutant, (unsigned long long)seed, why);
    }
    size_t n = out.nops;
    wt_scenario_deinit(&start);
    wt_scenario_deinit(&out);
    assert_int_equal(tl_alloc_live(&ta), 0);
    return n;
}

static void test_shrink_keeps_the_clause_and_is_minimal(void **state)
{
    (void)state;
    assert_true(shrink_seed("mutant:never-resume", 27, WT_RUN_FAIL) < 300);
    assert_true(shrink_seed("mutant:double-pause", 1, WT_RUN_FAIL) < 300);
    assert_true(shrink_seed("mutant:lose-wakeup", 27, WT_RUN_FAIL) < 300);
    assert_true(shrink_seed("mutant:writelines-no-pause", 17, WT_RUN_FAIL) < 300);
}

/*
 * The mutant's offers come from heap addresses: a write it sends in many
 * pieces is nondeterministic in any process (a small one may come out the
 * same by chance), and the shrunk case must stay so.
 */
static void test_shrink_nondeterminism_stays(void **state)
{
    (void)state;
    struct wt_session_spec spec;
    wt_session_spec_init(&spec);
    spec.transport = "mutant:nondeterministic";
    struct wt_scenario start, out;
    wt_scenario_init(&start, NULL);
    wt_scenario_init(&out, NULL);
    char err[512];
    const char *text = "sock cap 100\nwrite 65536\nrun\nclose\n";
    assert_int_equal(wt_wts_parse(text, strlen(text), "nd.wts", &start, err, sizeof err), WT_OK);
    struct wt_shrink_report rep;
    assert_int_equal(wt_shrink(&spec, &start, &out, &rep, NULL, NULL, err, sizeof err), WT_OK);
    assert_int_equal(rep.way.status, WT_RUN_NONDET);
    assert_true(out.nops >= 1 && out.nops <= start.nops);
    assert_string_equal(out.recorded_status, "NONDETERMINISTIC");
    wt_scenario_deinit(&start);
    wt_scenario_deinit(&out);
}

/* A transport that fails on its start shrinks to no ops at all. */
static void test_shrink_to_nothing(void **state)
{
    (void)state;
    assert_int_equal(shrink_seed("mutant:lost-twice", 1, WT_RUN_FAIL), 0);
}

static void test_shrink_refuses_a_passing_case(void **state)
{
    (void)state;
    struct wt_session_spec spec;
    wt_session_spec_init(&spec);
    spec.generator = 1;
    struct wt_scenario start, out;
    wt_scenario_init(&start, NULL);
    wt_scenario_init(&out, NULL);
    char err[512];
    assert_int_equal(wt_seed_scenario(&spec, 5, &start, err, sizeof err), WT_OK);
    struct wt_shrink_report rep;
    assert_int_equal(wt_shrink(&spec, &start, &out, &rep, NULL, NULL, err, sizeof err),
                     WT_ENOENT);
    assert_non_null(strstr(err, "does not fail"));
    wt_scenario_deinit(&start);
    wt_scenario_deinit(&out);
}

static void test_diff_finds_where_a_mutant_parts(void **state)
{
    (void)state;
    struct wt_session_spec a, b;
    wt_session_spec_init(&a);
    wt_session_spec_init(&b);
    a.transport = "mutant:never-resume";
    a.generator = 1;
    struct wt_scenario sc;
    wt_scenario_init(&sc, NULL);
    char err[512];
    assert_int_equal(wt_seed_scenario(&a, 27, &sc, err, sizeof err), WT_OK);
    struct wt_diff_report rep;
    assert_int_equal(wt_diff(&a, &b, &sc, 4, &rep, err, sizeof err), WT_OK);
    assert_true(rep.differ);
    assert_int_equal(rep.a.status, WT_RUN_FAIL);
    assert_int_equal(rep.b.status, WT_RUN_PASS);
    assert_non_null(strstr(rep.a.fails, "WT-RESUME-AT-OR-BELOW-LOW"));
    assert_true(rep.a.ncontext >= 1 && rep.a.ncontext <= 5);
    /* The same transport on both sides: no difference. */
    assert_int_equal(wt_diff(&b, &b, &sc, 4, &rep, err, sizeof err), WT_OK);
    assert_false(rep.differ);
    assert_int_equal(rep.a.nevents, rep.b.nevents);
    wt_scenario_deinit(&sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shrink_keeps_the_clause_and_is_minimal),
        cmocka_unit_test(test_shrink_nondeterminism_stays),
        cmocka_unit_test(test_shrink_to_nothing),
        cmocka_unit_test(test_shrink_refuses_a_passing_case),
        cmocka_unit_test(test_diff_finds_where_a_mutant_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
