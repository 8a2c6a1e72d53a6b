/* SPDX-License-Identifier: MIT */
/*
 * test_session.c - a spec in, one outcome out: statuses (INCONCLUSIVE
 * apart from HANG), the first failure of a clause naming a case that
 * FAILed it, the generator's version gate, the outcome's text form round
 * trip, and merging two halves of a sweep into the whole. Run from the
 * repository root (it reads conformance/scenarios and tests/data).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"
#include "wt/session.h"
#include "wt/wt.h"

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

static struct wt_outcome *sweep(const char *transport, uint64_t first, uint64_t last)
{
    struct wt_session_spec spec;
    wt_session_spec_init(&spec);
    spec.transport = transport;
    spec.seeds = true;
    spec.seed_first = first;
    spec.seed_last = last;
    spec.seed_ops = 200;
    spec.keep_passing = false;
    return session(&spec);
}

/* Everything a session allocates goes through the spec's allocator, and all of it is freed. */
static void test_session_reference_suite_passes(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_session_spec spec;
    wt_session_spec_init(&spec);
    spec.alloc = tl_alloc_get(&ta);
    struct wt_outcome *o = session(&spec);
    assert_int_equal(wt_outcome_exit(o), WT_EXIT_OK);
    assert_true(o->ncases > 50);
    assert_int_equal(o->by_status[WT_RUN_FAIL], 0);
    assert_true(o->by_status[WT_RUN_PASS] > 50);
    assert_true(ta.calls > 100);
    wt_outcome_free(o);
    assert_int_equal(tl_alloc_live(&ta), 0);
}

/* Each of the first allocations of a session fails in turn: WT_ENOMEM, nothing leaked. */
static void test_session_failmalloc(void **state)
{
    (void)state;
    const char *paths[] = {"conformance/scenarios/WT-LIVENESS-WAKEUP.wts"};
    for (unsigned long n = 1;; n++) {
        struct wt_fault_alloc fa;
        wt_fault_alloc_init(&fa, n);
        struct wt_session_spec spec;
        wt_session_spec_init(&spec);
        spec.paths = paths;
        spec.npaths = 1;
        spec.alloc = &fa.iface;
        struct wt_outcome *o = NULL;
        char err[512];
        int rc = wt_session_run(&spec, &o, err, sizeof err);
        if (fa.failed == 0) {
            assert_int_equal(rc, WT_OK);
            wt_outcome_free(o);
            assert_true(n > 10);
            break;
        }
        if (rc == WT_OK) { /* a failure the run absorbed must still be its verdict */
            assert_int_not_equal(wt_outcome_exit(o), WT_EXIT_OK);
            wt_outcome_free(o);
        } else {
            assert_int_equal(rc, WT_ENOMEM);
            assert_null(o);
        }
    }
}

static void test_session_bound_with_progress_is_inconclusive(void **state)
{
    (void)state;
    const char *paths[] = {"tests/data/session/slow.wts"};
    struct wt_session_spec spec;
    wt_session_spec_init(&spec);
    spec.paths = paths;
    spec.npaths = 1;
    struct wt_outcome *o = session(&spec);
    assert_int_equal(o->ncases, 1);
    assert_int_equal(o->cases[0].status, WT_RUN_INCONCLUSIVE);
    assert_true(o->cases[0].hang && o->cases[0].bound_progress);
    assert_int_equal(o->cases[0].unjudged, 1); /* `expect size 0` after the bound */
    assert_int_equal(wt_outcome_exit(o), WT_EXIT_OK);
    wt_outcome_free(o);
}

/* Every FAILed clause's first case FAILed that clause, SKIPs notwithstanding. */
static void test_session_first_failure_names_a_failing_case(void **state)
{
    (void)state;
    struct wt_session_spec spec;
    wt_session_spec_init(&spec);
    spec.transport = "mutant:never-resume";
    spec.profile = "cpython-ssl"; /* some scenarios are not for it: SKIP */
    struct wt_outcome *o = session(&spec);
    assert_true(o->by_status[WT_RUN_SKIP] > 0);
    size_t failed = 0;
    for (size_t k = 0; k < o->nclauses; k++) {
        const struct wt_outcome_clause *cl = &o->clauses[k];
        if (cl->verdict != WT_VERDICT_FAIL) {
            continue;
        }
        failed++;
        assert_true(cl->first_case >= 0 && (size_t)cl->first_case < o->ncases);
        const struct wt_outcome_case *c = &o->cases[cl->first_case];
        assert_int_equal(WT_OUTCOME_VERDICT(c->verdicts[k]), WT_VERDICT_FAIL);
        assert_int_not_equal(c->status, WT_RUN_SKIP);
    }
    assert_true(failed > 0);
    assert_int_equal(wt_outcome_exit(o), WT_EXIT_FAIL);
    wt_outcome_free(o);
}

static void test_session_generator_version_gate(void **state)
{
    (void)state;
    struct wt_session_spec spec;
    wt_session_spec_init(&spec);
    spec.seeds = true;
    spec.generator = WT_GEN_VERSION + 1;
    struct wt_outcome *o = NULL;
    char err[512];
    assert_int_equal(wt_session_run(&spec, &o, err, sizeof err), WT_EINVAL);
    assert_null(o);
    assert_non_null(strstr(err, "generator"));
    assert_int_equal(wt_session_error_exit(WT_EINVAL), WT_EXIT_USAGE);
}

static void test_session_unknown_names_are_usage_errors(void **state)
{
    (void)state;
    const char *bad[] = {"NO-SUCH-CLAUSE"};
    struct wt_session_spec spec;
    struct wt_outcome *o = NULL;
    char err[512];
    wt_session_spec_init(&spec);
    spec.clauses = bad;
    spec.nclauses = 1;
    assert_int_equal(wt_session_run(&spec, &o, err, sizeof err), WT_EINVAL);
    wt_session_spec_init(&spec);
    spec.transport = "mutant:no-such-mutant";
    assert_int_equal(wt_session_run(&spec, &o, err, sizeof err), WT_EINVAL);
    wt_session_spec_init(&spec);
    spec.profile = "no-such-profile";
    assert_int_equal(wt_session_run(&spec, &o, err, sizeof err), WT_EINVAL);
    assert_null(o);
}

/* Two outcomes describe the same run. */
static void assert_same(const struct wt_outcome *a, const struct wt_outcome *b)
{
    assert_int_equal(a->ncases, b->ncases);
    assert_int_equal(a->exit, b->exit);
    assert_memory_equal(a->by_status, b->by_status, sizeof a->by_status);
    for (size_t i = 0; i < a->ncases; i++) {
        const struct wt_outcome_case *x = &a->cases[i], *y = &b->cases[i];
        assert_string_equal(x->name, y->name);
        assert_int_equal(x->status, y->status);
        assert_int_equal(x->hash, y->hash);
        assert_int_equal(x->nfails, y->nfails);
        for (size_t k = 0; k < x->nfails; k++) {
            assert_int_equal(x->fails[k].clause, y->fails[k].clause);
            assert_int_equal(x->fails[k].event, y->fails[k].event);
            assert_string_equal(x->fails[k].reason, y->fails[k].reason);
        }
        assert_int_equal(x->verdicts == NULL, y->verdicts == NULL);
        if (x->verdicts != NULL) {
            assert_memory_equal(x->verdicts, y->verdicts, a->nclauses);
        }
        assert_int_equal(x->ncontext, y->ncontext);
    }
    for (size_t k = 0; k < a->nclauses; k++) {
        assert_int_equal(a->clauses[k].verdict, b->clauses[k].verdict);
        assert_int_equal(a->clauses[k].exercised, b->clauses[k].exercised);
        assert_int_equal(a->clauses[k].failed, b->clauses[k].failed);
        assert_int_equal(a->clauses[k].first_case, b->clauses[k].first_case);
    }
}

static void test_session_outcome_text_round_trip(void **state)
{
    (void)state;
    struct wt_session_spec spec;
    wt_session_spec_init(&spec);
    spec.transport = "mutant:never-resume";
    spec.context = 4;
    struct wt_outcome *o = session(&spec);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_int_equal(wt_outcome_write(o, f), WT_OK);
    fclose(f);
    f = fmemopen(text, len, "r");
    struct wt_outcome *back = NULL;
    assert_int_equal(wt_outcome_read(f, NULL, &back), WT_OK);
    fclose(f);
    assert_same(o, back);
    assert_string_equal(o->settings.replay, back->settings.replay);
    /* Garbage is refused, never half-read. */
    f = fmemopen("wtkit-outcome 1 3\nend\n", 22, "r");
    struct wt_outcome *bad = NULL;
    assert_int_equal(wt_outcome_read(f, NULL, &bad), WT_ESYNTAX);
    assert_null(bad);
    fclose(f);
    free(text);
    wt_outcome_free(back);
    wt_outcome_free(o);
}

/* Halves of a sweep merge into the whole (the parallel sweep's contract). */
static void test_session_merge_halves_equal_whole(void **state)
{
    (void)state;
    struct wt_outcome *whole = sweep("mutant:never-resume", 1, 40);
    struct wt_outcome *second = sweep("mutant:never-resume", 21, 40);
    struct wt_outcome *first = sweep("mutant:never-resume", 1, 20);
    assert_true(whole->ncases > 0);
    assert_int_equal(wt_outcome_merge(second, first), WT_OK); /* order-independent */
    assert_same(whole, second);
    assert_int_equal(second->settings.seed_first, 1);
    assert_int_equal(second->settings.seed_last, 40);
    struct wt_outcome *other = sweep("reference", 1, 2);
    assert_int_equal(wt_outcome_merge(second, other), WT_EINVAL);
    wt_outcome_free(other);
    wt_outcome_free(first);
    wt_outcome_free(second);
    wt_outcome_free(whole);
}

/*
 * Issue 11, item 9: a transport that only breaks an agreement of asyncio's
 * transports (mutant lost-sync: connection_lost inside close/abort) gets an
 * INTEROP note under docs, exit 0, and a FAIL under asyncio, exit 1.
 */
static void test_session_interop_notes_under_docs(void **state)
{
    (void)state;
    struct wt_session_spec spec;
    wt_session_spec_init(&spec);
    spec.transport = "mutant:lost-sync";
    spec.profile = "docs";
    struct wt_outcome *o = session(&spec);
    size_t k = 0;
    assert_int_equal(wt_catalog_find("WT-LOST-DEFERRED", &k), WT_OK);
    assert_int_equal(o->clauses[k].verdict, WT_VERDICT_FAIL);
    assert_true(o->clauses[k].interop);
    assert_int_equal(wt_outcome_exit(o), WT_EXIT_OK);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    struct wt_print_options popt = {.verbose = false};
    wt_outcome_print_table(o, f, &popt);
    assert_int_equal(wt_outcome_write_json(o, f), WT_OK);
    fclose(f);
    assert_non_null(strstr(text, "WT-LOST-DEFERRED                   MUST     INTEROP"));
    assert_non_null(strstr(text, "\"verdict\": \"INTEROP\""));
    free(text);
    wt_outcome_free(o);
    spec.profile = "asyncio";
    o = session(&spec);
    assert_int_equal(o->clauses[k].verdict, WT_VERDICT_FAIL);
    assert_false(o->clauses[k].interop);
    assert_int_equal(wt_outcome_exit(o), WT_EXIT_FAIL);
    wt_outcome_free(o);
}

/* A Python factory's session, or a skip when Debian's interpreter is not here. */
static struct wt_outcome *factory_session(const char *factory, const char *path)
{
    if (access(WT_PYTHON_DEFAULT, X_OK) != 0) {
        print_message("skipped: %s not installed\n", WT_PYTHON_DEFAULT);
        return NULL;
    }
    static const char *paths[1];
    paths[0] = path;
    struct wt_session_spec spec;
    wt_session_spec_init(&spec);
    spec.factory = factory;
    spec.paths = path != NULL ? paths : NULL;
    spec.npaths = path != NULL ? 1 : 0;
    return session(&spec);
}

static size_t clause_of(const char *id)
{
    size_t k;
    assert_int_equal(wt_catalog_find(id, &k), WT_OK);
    return k;
}

/*
 * Issue 11, capabilities: a transport without get_write_buffer_limits and
 * write_eof (asyncio's stubs; can_write_eof() False) gets exactly one
 * FAILed clause, the getter's, and the half-close scenarios SKIP with the
 * reason; the header and JSON say so.
 */
static void test_session_missing_getter_is_one_fail(void **state)
{
    (void)state;
    struct wt_outcome *o = factory_session("tests/data/factories/lacking.py:make_transport", NULL);
    if (o == NULL) {
        skip();
    }
    size_t fails = 0;
    for (size_t k = 0; k < o->nclauses; k++) {
        fails += o->clauses[k].verdict == WT_VERDICT_FAIL;
    }
    assert_int_equal(fails, 1);
    assert_int_equal(o->clauses[clause_of("WT-LIMITS-GET-ORDER")].verdict, WT_VERDICT_FAIL);
    assert_int_equal(o->settings.missing, (1u << WT_METHOD_WRITE_EOF) |
                                              (1u << WT_METHOD_GET_LIMITS));
    assert_int_equal(o->settings.can_write_eof, 0);
    assert_int_equal(o->by_status[WT_RUN_ERROR], 0);
    bool half_close_skipped = false;
    for (size_t i = 0; i < o->ncases; i++) {
        const struct wt_outcome_case *c = &o->cases[i];
        assert_int_equal(c->nexpects, 0); /* nothing cascades into an expectation */
        if (strstr(c->name, "WT-WRITE-EOF-FLUSHES.wts") != NULL) {
            assert_int_equal(c->status, WT_RUN_SKIP);
            assert_non_null(strstr(c->message, "can_write_eof() returned False"));
            half_close_skipped = true;
        }
    }
    assert_true(half_close_skipped);
    char caps[600];
    wt_outcome_capabilities(o, caps, sizeof caps);
    assert_non_null(strstr(caps, "missing get_write_buffer_limits()"));
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_int_equal(wt_outcome_write_json(o, f), WT_OK);
    fclose(f);
    assert_non_null(strstr(text, "\"capabilities\": {\"missing\": [\"write_eof\", "
                                 "\"get_write_buffer_limits\"]"));
    free(text);
    wt_outcome_free(o);
}

/*
 * Issue 11, evidence and the knock-on rule: abort() raising
 * AttributeError('x') shows "AttributeError: x" beside the verdict in the
 * table's DETAIL and in JSON (`wtkit trace` prints the same note: make
 * check), and the FAILs that follow the crash name it as their lead.
 */
static void test_session_evidence_and_knock_ons(void **state)
{
    (void)state;
    struct wt_outcome *o = factory_session("tests/data/factories/raises.py:make_transport",
                                           "conformance/scenarios/WT-ABORT-LOST-NONE.wts");
    if (o == NULL) {
        skip();
    }
    assert_int_equal(o->ncases, 1);
    const struct wt_outcome_case *c = &o->cases[0];
    size_t unexpected = clause_of("WT-NO-UNEXPECTED-ERROR");
    const struct wt_outcome_fail *lead = NULL;
    size_t knock_ons = 0;
    for (size_t k = 0; k < c->nfails; k++) {
        if (c->fails[k].clause == unexpected) {
            lead = &c->fails[k];
        } else if (c->fails[k].knock_on) {
            assert_int_equal(c->fails[k].cause_clause, unexpected);
            knock_ons++;
        }
    }
    assert_non_null(lead);
    assert_false(lead->knock_on);
    assert_true(knock_ons > 0);
    for (size_t k = 0; k < c->nfails; k++) {
        if (c->fails[k].knock_on) {
            assert_int_equal(c->fails[k].cause_event, lead->event);
        }
    }
    bool noted = false;
    for (size_t k = 0; k < c->nnotes; k++) {
        noted |= c->notes[k].event == lead->event &&
                 strcmp(c->notes[k].text, "AttributeError: x") == 0;
    }
    assert_true(noted);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    struct wt_print_options popt = {.verbose = false};
    wt_outcome_print_table(o, f, &popt);
    assert_int_equal(wt_outcome_write_json(o, f), WT_OK);
    fclose(f);
    assert_non_null(strstr(text, "returned EATTRIBUTE at event 10 [AttributeError: x]"));
    assert_non_null(strstr(text, "\"evidence\": \"AttributeError: x\""));
    assert_non_null(strstr(text, "(follows from WT-NO-UNEXPECTED-ERROR at event 10)"));
    free(text);
    /* The text form keeps the evidence and the knock-ons. */
    f = open_memstream(&text, &len);
    assert_int_equal(wt_outcome_write(o, f), WT_OK);
    fclose(f);
    f = fmemopen(text, len, "r");
    struct wt_outcome *back = NULL;
    assert_int_equal(wt_outcome_read(f, NULL, &back), WT_OK);
    fclose(f);
    assert_int_equal(back->cases[0].nnotes, c->nnotes);
    assert_string_equal(back->cases[0].notes[0].text, c->notes[0].text);
    assert_int_equal(back->cases[0].nfails, c->nfails);
    for (size_t k = 0; k < c->nfails; k++) {
        assert_int_equal(back->cases[0].fails[k].knock_on, c->fails[k].knock_on);
        assert_int_equal(back->cases[0].fails[k].cause_event, c->fails[k].cause_event);
    }
    assert_int_equal(back->settings.can_write_eof, o->settings.can_write_eof);
    free(text);
    wt_outcome_free(back);
    wt_outcome_free(o);
}

/*
 * Issue 11, gaps in the suite: a transport whose write(b'') registers its
 * writer for nothing (it spins), and one whose writelines checks the
 * pause only onto an empty buffer, each pass the whole suite but the
 * scenario written for it (which did not exist before).
 */
/* The factory's only non-passing cases are the named scenarios (NULL-ended), each with status. */
static void gap_case(const char *factory, const char *const *scenarios, int status)
{
    struct wt_outcome *o = factory_session(factory, NULL);
    if (o == NULL) {
        skip();
    }
    size_t bad = 0, want = 0;
    while (scenarios[want] != NULL) {
        want++;
    }
    for (size_t i = 0; i < o->ncases; i++) {
        const struct wt_outcome_case *c = &o->cases[i];
        if (c->status == WT_RUN_PASS || c->status == WT_RUN_SKIP) {
            continue;
        }
        bad++;
        bool named = false;
        for (size_t k = 0; k < want; k++) {
            named |= strstr(c->name, scenarios[k]) != NULL;
        }
        if (!named) {
            fail_msg("%s: %s did not pass", factory, c->name);
        }
        assert_int_equal(c->status, status);
    }
    assert_int_equal(bad, want);
    wt_outcome_free(o);
}

static void test_session_suite_gaps(void **state)
{
    (void)state;
    /* write(b'') spins; so does writelines of an empty generator (it joins to b''). */
    static const char *const spinning[] = {"WT-LIVENESS-WAKEUP-empty-write.wts",
                                           "WT-WRITELINES-LIKE-WRITE-kind-generator.wts", NULL};
    static const char *const lazy[] = {"WT-WRITELINES-LIKE-WRITE-onto-buffer.wts", NULL};
    gap_case("tests/data/factories/gaps.py:spinning", spinning, WT_RUN_HANG);
    gap_case("tests/data/factories/gaps.py:lazy_writelines", lazy, WT_RUN_FAIL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_session_reference_suite_passes),
        cmocka_unit_test(test_session_failmalloc),
        cmocka_unit_test(test_session_bound_with_progress_is_inconclusive),
        cmocka_unit_test(test_session_first_failure_names_a_failing_case),
        cmocka_unit_test(test_session_generator_version_gate),
        cmocka_unit_test(test_session_unknown_names_are_usage_errors),
        cmocka_unit_test(test_session_outcome_text_round_trip),
        cmocka_unit_test(test_session_merge_halves_equal_whole),
        cmocka_unit_test(test_session_interop_notes_under_docs),
        cmocka_unit_test(test_session_missing_getter_is_one_fail),
        cmocka_unit_test(test_session_evidence_and_knock_ons),
        cmocka_unit_test(test_session_suite_gaps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
