/* SPDX-License-Identifier: MIT */
/*
 * test_runner.c - the runner on small in-memory scenarios: verdicts,
 * expectations tied to their lines, `expect clause`, skips, determinism
 * (the nondeterministic mutant), lost wake-ups, and the per-clause tally
 * that decides the exit status. Every test counts its allocations.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "testlib.h"
#include "wt/runner.h"
#include "wt/wt.h"
#include "wt/wts.h"

static struct tl_alloc ta;

static int setup(void **state)
{
    (void)state;
    tl_alloc_init(&ta);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(tl_alloc_live(&ta), 0);
    return 0;
}

/* Runs text once under profile with the given faults; fills *res. */
static struct wt_runner *run_text(const char *text, const char *profile, uint64_t faults,
                                  struct wt_run_result *res)
{
    const struct wt_profile *p;
    assert_int_equal(wt_profile_find(profile, &p), WT_OK);
    struct wt_run_config cfg;
    wt_run_config_init(&cfg);
    cfg.profile = p;
    cfg.faults = faults;
    struct wt_runner *r = NULL;
    assert_int_equal(wt_runner_new(&cfg, tl_alloc_get(&ta), &r), WT_OK);
    struct wt_scenario sc;
    char err[WT_WTS_ERR_MAX];
    wt_scenario_init(&sc, tl_alloc_get(&ta));
    int rc = wt_wts_parse(text, strlen(text), "t.wts", &sc, err, sizeof err);
    if (rc != WT_OK) {
        fail_msg("%s", err);
    }
    assert_int_equal(wt_runner_run(r, &sc, res), WT_OK);
    wt_scenario_deinit(&sc);
    return r;
}

static size_t clause(const char *id)
{
    size_t index;
    assert_int_equal(wt_catalog_find(id, &index), WT_OK);
    return index;
}

static void test_runner_pass(void **state)
{
    (void)state;
    struct wt_run_result res;
    struct wt_runner *r = run_text("seed 5\nsock cap 10\nwrite 100\nrun\nexpect peer 100\n",
                                   "docs", 0, &res);
    assert_int_equal(res.status, WT_RUN_PASS);
    assert_int_equal(res.seed, 5);
    assert_string_equal(res.flavor, "docs");
    assert_int_equal(res.hash, res.replay_hash);
    assert_false(res.nondeterministic);
    assert_false(res.hang);
    assert_int_equal(res.nexpects, 0);
    assert_true(res.events > 0);
    size_t wake = clause("WT-LIVENESS-WAKEUP");
    assert_int_equal(res.verdicts[wake].status, WT_VERDICT_PASS);
    assert_int_equal(wt_runner_clause_status(r, wake, NULL), WT_VERDICT_PASS);
    assert_int_equal(wt_runner_tally(r, wake)->exercised, 1);
    assert_int_equal(wt_runner_runs(r), 1);
    wt_run_result_deinit(&res);
    wt_runner_free(r);
}

static void test_runner_expectation_line(void **state)
{
    (void)state;
    struct wt_run_result res;
    struct wt_runner *r =
        run_text("write 10\n# a comment\nexpect size 7\nexpect error ValueError\n", "docs", 0,
                 &res);
    assert_int_equal(res.status, WT_RUN_FAIL);
    assert_false(res.must_failed);
    assert_int_equal(res.nexpects, 2);
    assert_int_equal(res.expects[0].line, 3);
    assert_string_equal(res.expects[0].message,
                        "expectation failed: expect size 7 (got 0, at event 8)");
    assert_int_equal(res.expects[1].line, 4);
    assert_non_null(strstr(res.expects[1].message, "returned none"));
    wt_run_result_deinit(&res);
    wt_runner_free(r);
}

static void test_runner_expect_clause(void **state)
{
    (void)state;
    struct wt_run_result res;
    struct wt_runner *r = run_text("write 1\nexpect clause WT-LIMITS-GET-ORDER pass\n"
                                   "expect clause WT-LIMITS-NOT-NEGATIVE pass\n",
                                   "docs", 0, &res);
    /* The second clause is not exercised here: that expectation fails. */
    assert_int_equal(res.status, WT_RUN_FAIL);
    assert_int_equal(res.nexpects, 1);
    assert_int_equal(res.expects[0].line, 3);
    assert_non_null(strstr(res.expects[0].message, "the verdict is NOT-EXERCISED"));
    wt_run_result_deinit(&res);
    wt_runner_free(r);
}

static void test_runner_skip(void **state)
{
    (void)state;
    struct wt_run_result res;
    struct wt_runner *r = run_text("profile uvloop\nwrite 1\n", "docs", 0, &res);
    assert_int_equal(res.status, WT_RUN_SKIP);
    assert_null(res.verdicts);
    assert_int_equal(wt_runner_runs(r), 1);
    wt_run_result_deinit(&res);
    wt_runner_free(r);
}

static void test_runner_mutant_fails_clause(void **state)
{
    (void)state;
    struct wt_run_result res;
    const char *text = "set_write_buffer_limits high=100 low=25\nsock block\nwrite 101\n"
                       "sock open\nrun\n";
    struct wt_runner *r = run_text(text, "docs", WT_FAULT(NEVER_PAUSE), &res);
    size_t pause = clause("WT-PAUSE-STRICTLY-OVER-HIGH");
    assert_int_equal(res.status, WT_RUN_FAIL);
    assert_true(res.must_failed);
    assert_int_equal(res.verdicts[pause].status, WT_VERDICT_FAIL);
    assert_int_equal(wt_runner_clause_status(r, pause, NULL), WT_VERDICT_FAIL);
    const struct wt_run_tally *t = wt_runner_tally(r, pause);
    assert_int_equal(t->failed, 1);
    assert_int_equal(t->first_fail_run, 0);
    assert_true(t->first_fail_reason[0] != '\0');
    wt_run_result_deinit(&res);
    wt_runner_free(r);
}

static void test_runner_nondeterministic(void **state)
{
    (void)state;
    struct wt_run_result res;
    struct wt_runner *r = run_text("sock cap 5000\nwrite 20000\nrun\n", "docs",
                                   WT_FAULT(NONDETERMINISTIC), &res);
    assert_int_equal(res.status, WT_RUN_NONDET);
    assert_true(res.nondeterministic);
    assert_true(res.hash != res.replay_hash);
    assert_int_equal(res.verdicts[clause("WT-DETERMINISTIC")].status, WT_VERDICT_FAIL);
    wt_run_result_deinit(&res);
    wt_runner_free(r);
}

static void test_runner_lost_wakeup(void **state)
{
    (void)state;
    struct wt_run_result res;
    struct wt_runner *r =
        run_text("sock cap 10\nwrite 100\nrun\n", "docs", WT_FAULT(LOSE_WAKEUP), &res);
    assert_int_equal(res.status, WT_RUN_FAIL);
    assert_int_equal(res.verdicts[clause("WT-LIVENESS-WAKEUP")].status, WT_VERDICT_FAIL);
    wt_run_result_deinit(&res);
    wt_runner_free(r);
}

static void test_runner_unknown_flavor_is_error(void **state)
{
    (void)state;
    struct wt_run_result res;
    struct wt_runner *r = run_text("flavor no-such-flavor\nwrite 1\n", "docs", 0, &res);
    assert_int_equal(res.status, WT_RUN_ERROR);
    assert_non_null(strstr(res.message, "could not be run"));
    wt_run_result_deinit(&res);
    wt_runner_free(r);
}

static void test_runner_tally_over_runs(void **state)
{
    (void)state;
    const struct wt_profile *p;
    assert_int_equal(wt_profile_find("docs", &p), WT_OK);
    struct wt_run_config cfg;
    wt_run_config_init(&cfg);
    cfg.profile = p;
    cfg.has_seed = true;
    cfg.seed = 99;
    struct wt_runner *r = NULL;
    assert_int_equal(wt_runner_new(&cfg, tl_alloc_get(&ta), &r), WT_OK);
    const char *texts[] = {"seed 3\nwrite 1\n", "set_write_buffer_limits high=-1\n"};
    for (size_t i = 0; i < 2; i++) {
        struct wt_scenario sc;
        struct wt_run_result res;
        wt_scenario_init(&sc, tl_alloc_get(&ta));
        assert_int_equal(wt_wts_parse(texts[i], strlen(texts[i]), "t", &sc, NULL, 0), WT_OK);
        assert_int_equal(wt_runner_run(r, &sc, &res), WT_OK);
        assert_int_equal(res.seed, 99); /* the run's seed beats the header's */
        assert_int_equal(res.status, WT_RUN_PASS);
        wt_run_result_deinit(&res);
        wt_scenario_deinit(&sc);
    }
    assert_int_equal(wt_runner_runs(r), 2);
    size_t neg = clause("WT-LIMITS-NOT-NEGATIVE");
    assert_int_equal(wt_runner_tally(r, neg)->exercised, 1);
    assert_int_equal(wt_runner_clause_status(r, neg, NULL), WT_VERDICT_PASS);
    assert_int_equal(wt_runner_clause_status(r, clause("WT-LIMITS-LOW-LE-HIGH"), NULL),
                     WT_VERDICT_NOT_EXERCISED);
    assert_int_equal(wt_runner_clause_status(r, clause("WT-PAUSE-AT-OR-OVER-HIGH"), NULL),
                     WT_VERDICT_NOT_APPLICABLE);
    assert_null(wt_runner_tally(r, wt_catalog_count()));
    wt_runner_free(r);
}

static void test_runner_bad_config(void **state)
{
    (void)state;
    struct wt_run_config cfg;
    struct wt_runner *r = NULL;
    wt_run_config_init(&cfg);
    assert_true(cfg.check_determinism);
    assert_int_equal(wt_runner_new(&cfg, tl_alloc_get(&ta), &r), WT_EINVAL);
    assert_null(r);
    wt_runner_free(NULL);
    wt_run_result_deinit(NULL);
    assert_string_equal(wt_run_status_name(WT_RUN_NONDET), "NONDETERMINISTIC");
    assert_string_equal(wt_run_status_name(99), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_runner_pass, setup, teardown),
        cmocka_unit_test_setup_teardown(test_runner_expectation_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_runner_expect_clause, setup, teardown),
        cmocka_unit_test_setup_teardown(test_runner_skip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_runner_mutant_fails_clause, setup, teardown),
        cmocka_unit_test_setup_teardown(test_runner_nondeterministic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_runner_lost_wakeup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_runner_unknown_flavor_is_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_runner_tally_over_runs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_runner_bad_config, setup, teardown),
    };
    return cmocka_run_group_tests_name("runner", tests, NULL, NULL);
}
