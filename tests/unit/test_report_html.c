/* SPDX-License-Identifier: MIT */
/*
 * test_report_html.c - the HTML report (report_html.c) and the timelines
 * it draws (timeline.c): a failing case is run again and a window of its
 * events kept around the first failure, with the same trace; the page
 * holds the clause table with the FAILs first, an SVG timeline per failing
 * case with the failing event, the replay line, a sweep's seeds by clause
 * with hit rates; it loads nothing from outside, escapes what it quotes,
 * and is the same bytes for the same outcome. Everything is freed. Run
 * from the repository root (it reads conformance/scenarios).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "wt/session.h"
#include "wt/wt.h"

#define SCENARIO "conformance/scenarios/WT-RESUME-AT-OR-BELOW-LOW.wts"

static struct wt_outcome *session(struct wt_session_spec *spec)
{
    struct wt_outcome *o = NULL;
    char err[4096];
    int rc = wt_session_run(spec, &o, err, sizeof err);
    if (rc != WT_OK) {
        fail_msg("session: %s", err);
    }
    return o;
}

/* The page of o, as a string the caller frees. */
static char *html_of(const struct wt_outcome *o)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    assert_int_equal(wt_outcome_write_html(o, f), WT_OK);
    assert_int_equal(fclose(f), 0);
    return text;
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle)) {
        n++;
    }
    return n;
}

/* The page loads nothing: no URL, no src, no link to another file. */
static void assert_self_contained(const char *page)
{
    assert_null(strstr(page, "http:"));
    assert_null(strstr(page, "https:"));
    assert_null(strstr(page, " src="));
    assert_null(strstr(page, "<link"));
    assert_null(strstr(page, "@import"));
    assert_int_equal(strncmp(page, "<!DOCTYPE html>", 15), 0);
    assert_non_null(strstr(page, "</html>\n"));
}

static void one_scenario(struct wt_session_spec *spec, const char *const *paths,
                         const char *transport)
{
    wt_session_spec_init(spec);
    spec->paths = paths;
    spec->npaths = 1;
    spec->transport = transport;
}

/* A failing case gets a timeline: its events around the failure, the same trace. */
static void test_report_html_timeline_of_a_failing_case(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    static const char *const paths[] = {SCENARIO};
    struct wt_session_spec spec;
    one_scenario(&spec, paths, "mutant:never-resume");
    spec.alloc = tl_alloc_get(&ta);
    struct wt_outcome *o = session(&spec);
    assert_int_equal(wt_outcome_exit(o), WT_EXIT_FAIL);
    assert_null(wt_outcome_timeline(o, 0));
    assert_int_equal(wt_outcome_keep_timelines(o, &spec, 5, 1000), WT_OK);
    assert_int_equal(o->ntimelines, 1);
    const struct wt_outcome_timeline *tl = wt_outcome_timeline(o, 0);
    assert_non_null(tl);
    assert_true(tl->reproduced);
    assert_int_equal(tl->total, o->cases[0].events);
    assert_int_equal(tl->nevents, tl->total); /* a short run: every event */
    assert_int_equal(tl->events[0].index, 0);
    assert_true(tl->at < tl->nevents);
    /* The first failing event is the earliest FAIL of the case. */
    for (size_t k = 0; k < o->cases[0].nfails; k++) {
        if (!o->cases[0].fails[k].conflict) {
            assert_true(tl->at <= o->cases[0].fails[k].event);
        }
    }
    /* Once kept, not again. */
    assert_int_equal(wt_outcome_keep_timelines(o, &spec, 5, 1000), WT_EINVAL);
    wt_outcome_free(o);
    assert_int_equal(tl_alloc_live(&ta), 0);
}

/* A small window ends an eighth of it after the first failure. */
static void test_report_html_timeline_window(void **state)
{
    (void)state;
    static const char *const paths[] = {SCENARIO};
    struct wt_session_spec spec;
    one_scenario(&spec, paths, "mutant:never-resume");
    struct wt_outcome *o = session(&spec);
    assert_int_equal(wt_outcome_keep_timelines(o, &spec, 1, 16), WT_OK);
    const struct wt_outcome_timeline *tl = wt_outcome_timeline(o, 0);
    assert_non_null(tl);
    assert_int_equal(tl->nevents, 16);
    assert_int_equal(tl->events[15].index, tl->at + 2);
    for (size_t k = 1; k < tl->nevents; k++) {
        assert_int_equal(tl->events[k].index, tl->events[k - 1].index + 1);
    }
    wt_outcome_free(o);
}

static void test_report_html_bad_arguments(void **state)
{
    (void)state;
    static const char *const paths[] = {SCENARIO};
    struct wt_session_spec spec;
    one_scenario(&spec, paths, "mutant:never-resume");
    struct wt_outcome *o = session(&spec);
    assert_int_equal(wt_outcome_keep_timelines(NULL, &spec, 1, 10), WT_EINVAL);
    assert_int_equal(wt_outcome_keep_timelines(o, NULL, 1, 10), WT_EINVAL);
    assert_int_equal(wt_outcome_keep_timelines(o, &spec, 1, 0), WT_EINVAL);
    assert_int_equal(wt_outcome_keep_timelines(o, &spec, 1, WT_TIMELINE_EVENTS_MAX + 1),
                     WT_EINVAL);
    assert_int_equal(wt_outcome_keep_timelines(o, &spec, WT_TIMELINE_CASES_MAX + 1, 10),
                     WT_EINVAL);
    assert_null(wt_outcome_timeline(o, 99));
    assert_null(wt_outcome_timeline(NULL, 0));
    wt_outcome_free(o);
}

/* The page of a failing run: FAILs first, a chart per failing case, the replay line. */
static void test_report_html_failing_run(void **state)
{
    (void)state;
    static const char *const paths[] = {SCENARIO};
    struct wt_session_spec spec;
    one_scenario(&spec, paths, "mutant:never-resume");
    struct wt_outcome *o = session(&spec);
    assert_int_equal(wt_outcome_keep_timelines(o, &spec, 5, 1000), WT_OK);
    char *page = html_of(o);
    assert_self_contained(page);
    assert_non_null(strstr(page, "exit 1"));
    assert_non_null(strstr(page, "transport mutant:never-resume"));
    /* The problems table opens with the FAILs. */
    const char *problems = strstr(page, "id=\"clauses-problems\"");
    const char *fail_row = strstr(page, "<tr class=\"fail\"><td>WT-RESUME-AT-OR-BELOW-LOW");
    const char *pass_table = strstr(page, "id=\"clauses-pass\"");
    assert_non_null(problems);
    assert_non_null(fail_row);
    assert_non_null(pass_table);
    assert_true(problems < fail_row && fail_row < pass_table);
    /* One chart, with the size line, the limits, marks and the failing event. */
    assert_int_equal(count_of(page, "<svg class=\"timeline\""), 1);
    assert_int_equal(count_of(page, "<polyline class=\"size\""), 1);
    assert_non_null(strstr(page, "<polyline class=\"limit high\""));
    assert_non_null(strstr(page, "<g class=\"mark pause\">"));
    assert_non_null(strstr(page, "<g class=\"mark lost\">"));
    assert_non_null(strstr(page, "<g class=\"mark send\">"));
    assert_non_null(strstr(page, "<g class=\"mark failure\">"));
    assert_non_null(strstr(page, "<mark>"));
    assert_non_null(strstr(page, "replay: "));
    assert_non_null(strstr(page, "--transport mutant:never-resume"));
    assert_non_null(strstr(page, "id=\"render-check\""));
    /* Same outcome, same bytes. */
    char *again = html_of(o);
    assert_string_equal(page, again);
    free(again);
    free(page);
    wt_outcome_free(o);
}

/* A passing run says so and draws nothing. */
static void test_report_html_passing_run(void **state)
{
    (void)state;
    static const char *const paths[] = {SCENARIO};
    struct wt_session_spec spec;
    one_scenario(&spec, paths, NULL);
    struct wt_outcome *o = session(&spec);
    assert_int_equal(wt_outcome_keep_timelines(o, &spec, 5, 1000), WT_OK);
    assert_int_equal(o->ntimelines, 0);
    char *page = html_of(o);
    assert_self_contained(page);
    assert_non_null(strstr(page, "exit 0"));
    assert_non_null(strstr(page, "No case failed."));
    assert_null(strstr(page, "<svg"));
    free(page);
    wt_outcome_free(o);
}

/* A sweep's page groups its failing seeds by clause, with hit rates. */
static void test_report_html_sweep(void **state)
{
    (void)state;
    struct wt_session_spec spec;
    wt_session_spec_init(&spec);
    spec.transport = "mutant:never-pause";
    spec.seeds = true;
    spec.seed_first = 1;
    spec.seed_last = 30;
    spec.seed_ops = 100;
    spec.keep_passing = false;
    struct wt_outcome *o = session(&spec);
    assert_int_equal(wt_outcome_exit(o), WT_EXIT_FAIL);
    assert_int_equal(wt_outcome_keep_timelines(o, &spec, 3, 500), WT_OK);
    assert_int_equal(o->ntimelines, 3);
    for (size_t k = 0; k < o->ntimelines; k++) {
        assert_true(o->timelines[k].reproduced);
    }
    char *page = html_of(o);
    assert_self_contained(page);
    assert_non_null(strstr(page, "Failing seeds by clause"));
    char want[128];
    size_t k;
    assert_int_equal(wt_catalog_find("WT-PAUSE-STRICTLY-OVER-HIGH", &k), WT_OK);
    snprintf(want, sizeof want, "<tr><td>WT-PAUSE-STRICTLY-OVER-HIGH</td><td>%u of 30 (",
             (unsigned)o->clauses[k].failed);
    assert_non_null(strstr(page, want));
    assert_int_equal(count_of(page, "<svg class=\"timeline\""), 3);
    assert_non_null(strstr(page, "sweep --seeds "));
    free(page);
    wt_outcome_free(o);
}

/* What the page quotes is escaped. */
static void test_report_html_escapes(void **state)
{
    (void)state;
    struct wt_outcome *o = NULL;
    assert_int_equal(wt_outcome_new(NULL, wt_catalog_count(), &o), WT_OK);
    snprintf(o->settings.transport, sizeof o->settings.transport, "<script>x</script>");
    snprintf(o->settings.profile, sizeof o->settings.profile, "docs");
    snprintf(o->settings.program, sizeof o->settings.program, "wtkit");
    struct wt_outcome_case c;
    memset(&c, 0, sizeof c);
    snprintf(c.name, sizeof c.name, "a&b<\"'>.wts");
    c.status = WT_RUN_ERROR;
    snprintf(c.message, sizeof c.message, "<img src=x>");
    assert_int_equal(wt_outcome_add_case(o, &c), WT_OK);
    wt_outcome_finish(o);
    char *page = html_of(o);
    assert_null(strstr(page, "<script>x"));
    assert_null(strstr(page, "<img"));
    assert_non_null(strstr(page, "&lt;script&gt;x&lt;/script&gt;"));
    assert_non_null(strstr(page, "a&amp;b&lt;&quot;&#39;&gt;.wts"));
    assert_non_null(strstr(page, "No timeline: the case did not end normally"));
    free(page);
    wt_outcome_free(o);
}

/* A case of the given status, named name. */
static void add_case(struct wt_outcome *o, const char *name, int status, uint64_t order)
{
    struct wt_outcome_case c;
    memset(&c, 0, sizeof c);
    snprintf(c.name, sizeof c.name, "%s", name);
    c.status = status;
    c.order = order;
    c.seed = order;
    c.hang = status == WT_RUN_HANG || status == WT_RUN_INCONCLUSIVE;
    c.bound_progress = status == WT_RUN_INCONCLUSIVE;
    c.nondeterministic = status == WT_RUN_NONDET;
    if (status == WT_RUN_FAIL) {
        c.nexpects = 1;
        c.expects[0].line = 3;
        c.expects[0].event = 7;
        snprintf(c.expects[0].message, sizeof c.expects[0].message, "expect paused");
    }
    if (status == WT_RUN_CRASH) {
        snprintf(c.message, sizeof c.message, "killed by signal 11");
    }
    assert_int_equal(wt_outcome_add_case(o, &c), WT_OK);
}

/* Warnings, a dead transport, a baseline, every status, more cases than get a section. */
static void test_report_html_every_section(void **state)
{
    (void)state;
    struct wt_outcome *o = NULL;
    assert_int_equal(wt_outcome_new(NULL, wt_catalog_count(), &o), WT_OK);
    snprintf(o->settings.transport, sizeof o->settings.transport, "adapter:x");
    snprintf(o->settings.profile, sizeof o->settings.profile, "docs");
    snprintf(o->settings.program, sizeof o->settings.program, "wtkit");
    o->settings.has_seed = true;
    o->settings.seed = 9;
    snprintf(o->warnings, sizeof o->warnings, "x.wts recorded transport y");
    snprintf(o->failure, sizeof o->failure, "the adapter exited");
    static const int statuses[] = {WT_RUN_FAIL, WT_RUN_HANG, WT_RUN_NONDET, WT_RUN_CRASH,
                                   WT_RUN_ERROR, WT_RUN_INCONCLUSIVE, WT_RUN_PASS, WT_RUN_SKIP};
    for (uint64_t i = 0; i < 120; i++) {
        char name[64];
        snprintf(name, sizeof name, "case-%03u.wts", (unsigned)i);
        add_case(o, name, statuses[i % 8], i);
    }
    o->not_run = 2;
    o->baseline = calloc(1, sizeof *o->baseline);
    assert_non_null(o->baseline);
    snprintf(o->baseline->path, sizeof o->baseline->path, "b.baseline");
    o->baseline->nrows = 1;
    snprintf(o->baseline->rows[0].key, sizeof o->baseline->rows[0].key, "WT-IS-CLOSING");
    o->baseline->nfresh = 1;
    snprintf(o->baseline->fresh[0].key, sizeof o->baseline->fresh[0].key, "WT-SIZE-UNSENT");
    wt_outcome_finish(o);
    char *page = html_of(o);
    assert_self_contained(page);
    assert_non_null(strstr(page, "Warnings:"));
    assert_non_null(strstr(page, "could not be run to the end"));
    assert_non_null(strstr(page, "9 (every scenario)"));
    assert_non_null(strstr(page, "<span class=\"fail\">NEW</span> WT-SIZE-UNSENT"));
    assert_non_null(strstr(page, "<span class=\"pass\">FIXED</span> WT-IS-CLOSING"));
    assert_non_null(strstr(page, "HANG</span> the step bound was reached"));
    assert_non_null(strstr(page, "NONDETERMINISTIC</span> trace hash"));
    assert_non_null(strstr(page, "CRASH: killed by signal 11"));
    assert_non_null(strstr(page, "expectation</span> line 3 (event 7): expect paused"));
    /* 75 failing cases: 100 get a section... here all 75; the count is right. */
    assert_int_equal(count_of(page, "<section class=\"case\""), 75);
    assert_non_null(strstr(page, "2 not run"));
    free(page);
    /* Past 100 failing cases, the rest are one table of replay lines. */
    for (uint64_t i = 120; i < 200; i++) {
        char name[64];
        snprintf(name, sizeof name, "case-%03u.wts", (unsigned)i);
        add_case(o, name, WT_RUN_FAIL, i);
    }
    wt_outcome_finish(o);
    page = html_of(o);
    assert_int_equal(count_of(page, "<section class=\"case\""), 100);
    assert_non_null(strstr(page, "55 more failing cases:"));
    free(page);
    /* A transport skipped whole: the settings say why, no clause table. */
    snprintf(o->settings.skipped, sizeof o->settings.skipped, "uvloop is not installed");
    page = html_of(o);
    assert_non_null(strstr(page, "uvloop is not installed"));
    assert_null(strstr(page, "id=\"clauses\""));
    free(page);
    wt_outcome_free(o);
}

/* Every allocation of keeping timelines may fail: WT_ENOMEM or WT_OK, nothing leaked. */
/* A knock-on FAIL is listed under its lead; an INTEROP note stands apart. */
static void test_report_html_knock_ons_and_interop(void **state)
{
    (void)state;
    struct wt_outcome *o = NULL;
    size_t n = wt_catalog_count(), lead, follow, note;
    assert_int_equal(wt_catalog_find("WT-NO-UNEXPECTED-ERROR", &lead), WT_OK);
    assert_int_equal(wt_catalog_find("WT-CLOSE-FLUSHES", &follow), WT_OK);
    assert_int_equal(wt_catalog_find("WT-LOST-DEFERRED", &note), WT_OK);
    assert_int_equal(wt_outcome_new(NULL, n, &o), WT_OK);
    snprintf(o->settings.profile, sizeof o->settings.profile, "docs");
    uint8_t verdicts[256] = {0};
    struct wt_outcome_fail fails[2];
    memset(fails, 0, sizeof fails);
    verdicts[lead] = WT_VERDICT_FAIL;
    verdicts[follow] = WT_VERDICT_FAIL | WT_OUTCOME_KNOCK_ON;
    fails[0].clause = (uint32_t)lead;
    fails[0].event = 9;
    snprintf(fails[0].reason, sizeof fails[0].reason, "writelines raised TypeError");
    fails[1].clause = (uint32_t)follow;
    fails[1].event = 12;
    fails[1].knock_on = true;
    fails[1].cause_clause = (uint32_t)lead;
    fails[1].cause_event = 9;
    snprintf(fails[1].reason, sizeof fails[1].reason, "close did not flush");
    struct wt_outcome_case c;
    memset(&c, 0, sizeof c);
    snprintf(c.name, sizeof c.name, "after-close.wts");
    c.status = WT_RUN_FAIL;
    c.must_failed = true;
    c.verdicts = verdicts;
    c.fails = fails;
    c.nfails = 2;
    assert_int_equal(wt_outcome_add_case(o, &c), WT_OK);
    wt_outcome_finish(o);
    o->clauses[note].verdict = WT_VERDICT_FAIL; /* as the docs profile shows an agreement */
    o->clauses[note].interop = true;
    char *page = html_of(o);
    assert_non_null(strstr(page, "Interop notes"));
    assert_non_null(strstr(page, "follows from it: WT-CLOSE-FLUSHES at event 12"));
    wt_outcome_free(o);
    free(page);
}

static void test_report_html_timelines_failmalloc(void **state)
{
    (void)state;
    static const char *const paths[] = {SCENARIO};
    struct wt_session_spec spec;
    one_scenario(&spec, paths, "mutant:never-resume");
    struct wt_outcome *base = session(&spec);
    for (long nth = 1; nth < 400; nth++) {
        struct tl_alloc ta;
        tl_alloc_init(&ta);
        spec.alloc = tl_alloc_get(&ta);
        struct wt_outcome *o = NULL;
        char err[512];
        assert_int_equal(wt_session_run(&spec, &o, err, sizeof err), WT_OK);
        tl_alloc_fail_at(&ta, nth);
        int rc = wt_outcome_keep_timelines(o, &spec, 5, 100);
        assert_true(rc == WT_OK || rc == WT_ENOMEM);
        bool failed = ta.failures > 0;
        tl_alloc_fail_at(&ta, 0);
        wt_outcome_free(o);
        assert_int_equal(tl_alloc_live(&ta), 0);
        if (!failed) {
            break;
        }
    }
    wt_outcome_free(base);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_html_knock_ons_and_interop),
        cmocka_unit_test(test_report_html_timeline_of_a_failing_case),
        cmocka_unit_test(test_report_html_timeline_window),
        cmocka_unit_test(test_report_html_bad_arguments),
        cmocka_unit_test(test_report_html_failing_run),
        cmocka_unit_test(test_report_html_passing_run),
        cmocka_unit_test(test_report_html_sweep),
        cmocka_unit_test(test_report_html_escapes),
        cmocka_unit_test(test_report_html_every_section),
        cmocka_unit_test(test_report_html_timelines_failmalloc),
    };
    return cmocka_run_group_tests_name("report_html", tests, NULL, NULL);
}
