/* SPDX-License-Identifier: MIT */
/*
 * test_monitor.c - the monitor on synthetic traces: no world, just event
 * arrays written by hand, so each decision is pinned down in isolation,
 * including malformed, reordered and truncated traces.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "testlib.h"
#include "wt/gen.h"
#include "wt/wt.h"

/* --- building traces ---------------------------------------------------- */

struct tb {
    struct wt_event ev[128];
    size_t n;
};

static void add(struct tb *t, int kind, int what, int rc, int64_t a, int64_t b, int64_t c)
{
    assert_true(t->n < sizeof t->ev / sizeof t->ev[0]);
    struct wt_event *e = &t->ev[t->n];
    e->index = (uint32_t)t->n;
    e->kind = (uint16_t)kind;
    e->what = (uint16_t)what;
    e->rc = rc;
    e->a = a;
    e->b = b;
    e->c = c;
    t->n++;
}

static void call(struct tb *t, int method, int64_t a, int64_t b, int64_t c)
{
    add(t, WT_EV_CALL, method, 0, a, b, c);
}

static void ret(struct tb *t, int method, int rc, int64_t size, int64_t b, int64_t c)
{
    add(t, WT_EV_RETURN, method, rc, size, b, c);
}

static void cb(struct tb *t, int which, int64_t size, int64_t b)
{
    add(t, WT_EV_CALLBACK, which, 0, size, b, 0);
}

/* connection_made, then the traced read of the limits (low, high). */
static void start(struct tb *t, int64_t low, int64_t high)
{
    cb(t, WT_CB_MADE, 0, 0);
    call(t, WT_METHOD_GET_LIMITS, 0, 0, 0);
    ret(t, WT_METHOD_GET_LIMITS, WT_OK, 0, low, high);
}

static int64_t offset;

static void write_ret(struct tb *t, int64_t len, int64_t size_after, bool pause_inside)
{
    call(t, WT_METHOD_WRITE, len, offset, 0);
    if (pause_inside) {
        cb(t, WT_CB_PAUSE, size_after, 0);
    }
    ret(t, WT_METHOD_WRITE, WT_OK, size_after, 0, 0);
    offset += len;
}

static void send(struct tb *t, int64_t offered, int64_t accepted, int64_t total)
{
    add(t, WT_EV_SEND, 0, WT_OK, offered, accepted, total);
}

static void finish(struct tb *t, int64_t size)
{
    add(t, WT_EV_IDLE, WT_IDLE_END, 0, 1, size, 0);
    add(t, WT_EV_END, 0, 0, 0, 0, 0);
}

/* --- judging ------------------------------------------------------------ */

struct judged {
    struct tl_alloc ta;
    struct wt_monitor *m;
};

static void judge(struct judged *j, const char *profile, const struct tb *t, bool end)
{
    const struct wt_profile *p = NULL;
    assert_int_equal(wt_profile_find(profile, &p), WT_OK);
    tl_alloc_init(&j->ta);
    assert_int_equal(wt_monitor_new(tl_alloc_get(&j->ta), p, &j->m), WT_OK);
    unsigned long calls = tl_alloc_calls(&j->ta);
    for (size_t i = 0; i < t->n; i++) {
        wt_monitor_feed(j->m, &t->ev[i]);
    }
    if (end) {
        wt_monitor_end(j->m);
    }
    /* Allocation-free in the steady state. */
    assert_int_equal(tl_alloc_calls(&j->ta), calls);
}

static void release(struct judged *j)
{
    wt_monitor_free(j->m);
    assert_int_equal(tl_alloc_live(&j->ta), 0);
}

static const struct wt_verdict *verdict(const struct judged *j, const char *id)
{
    size_t i;
    assert_int_equal(wt_catalog_find(id, &i), WT_OK);
    const struct wt_verdict *v = wt_monitor_verdict(j->m, i);
    assert_non_null(v);
    return v;
}

static void expect(const struct judged *j, const char *id, int status)
{
    const struct wt_verdict *v = verdict(j, id);
    if (v->status != status) {
        print_message("%s: %s, wanted %s (%s)\n", id, wt_verdict_name(v->status),
                      wt_verdict_name(status), v->reason);
    }
    assert_int_equal(v->status, status);
}

/* A clean run: pause over high, per-send resume at low, close, lost. */
static void clean_trace(struct tb *t)
{
    memset(t, 0, sizeof *t);
    offset = 0;
    start(t, 20, 100);
    write_ret(t, 101, 101, true);
    send(t, 101, 81, 81); /* size 20 <= low 20 */
    cb(t, WT_CB_RESUME, 20, 0);
    send(t, 20, 20, 101);
    call(t, WT_METHOD_CLOSE, 0, 0, 0);
    ret(t, WT_METHOD_CLOSE, WT_OK, 0, 0, 0);
    cb(t, WT_CB_LOST, 0, 0);
    finish(t, 0);
}

/* --- tests --------------------------------------------------------------- */

static void test_monitor_clean_trace_passes(void **state)
{
    (void)state;
    struct tb t;
    clean_trace(&t);
    struct judged j;
    judge(&j, "docs", &t, true);
    assert_false(wt_monitor_failed(j.m));
    assert_null(wt_monitor_trace_problem(j.m));
    expect(&j, "WT-PAUSE-STRICTLY-OVER-HIGH", WT_VERDICT_PASS);
    expect(&j, "WT-RESUME-AT-OR-BELOW-LOW", WT_VERDICT_PASS);
    expect(&j, "WT-LOST-DEFERRED", WT_VERDICT_PASS);
    expect(&j, "WT-TRACE-WELL-FORMED", WT_VERDICT_PASS);
    expect(&j, "WT-ABORT-NO-SEND-AFTER", WT_VERDICT_NOT_EXERCISED);
    expect(&j, "WT-PAUSE-AT-OR-OVER-HIGH", WT_VERDICT_NOT_APPLICABLE);
    expect(&j, "WT-LIMITS-GET-DESCRIBED", WT_VERDICT_NOT_APPLICABLE);
    release(&j);
}

static void test_monitor_missing_pause_names_numbers(void **state)
{
    (void)state;
    struct tb t = {0};
    offset = 0;
    start(&t, 20, 100);
    write_ret(&t, 101, 101, false); /* events 3, 4 */
    finish(&t, 101);
    struct judged j;
    judge(&j, "docs", &t, true);
    const struct wt_verdict *v = verdict(&j, "WT-PAUSE-STRICTLY-OVER-HIGH");
    assert_int_equal(v->status, WT_VERDICT_FAIL);
    assert_int_equal(v->event, 4);
    assert_false(v->conflict);
    assert_non_null(strstr(v->reason, "size 101 > high 100"));
    assert_true(wt_monitor_failed(j.m));
    release(&j);
}

static void test_monitor_pause_at_high_is_a_conflict(void **state)
{
    (void)state;
    struct tb t = {0};
    offset = 0;
    start(&t, 20, 100);
    write_ret(&t, 100, 100, true); /* pauses at size == high: the ">=" side */
    send(&t, 100, 100, 100);
    cb(&t, WT_CB_RESUME, 0, 0);
    finish(&t, 0);
    struct judged j;
    judge(&j, "docs", &t, true);
    const struct wt_verdict *v = verdict(&j, "WT-PAUSE-STRICTLY-OVER-HIGH");
    assert_int_equal(v->status, WT_VERDICT_FAIL);
    assert_true(v->conflict);
    release(&j);
    /* The ssl profile picks ">=": the same trace passes there. */
    judge(&j, "cpython-ssl", &t, true);
    expect(&j, "WT-PAUSE-AT-OR-OVER-HIGH", WT_VERDICT_PASS);
    expect(&j, "WT-PAUSE-STRICTLY-OVER-HIGH", WT_VERDICT_NOT_APPLICABLE);
    release(&j);
}

static void test_monitor_ssl_missing_pause_at_high_is_a_conflict(void **state)
{
    (void)state;
    struct tb t = {0};
    offset = 0;
    start(&t, 20, 100);
    write_ret(&t, 100, 100, false);
    finish(&t, 100);
    struct judged j;
    judge(&j, "cpython-ssl", &t, true);
    const struct wt_verdict *v = verdict(&j, "WT-PAUSE-AT-OR-OVER-HIGH");
    assert_int_equal(v->status, WT_VERDICT_FAIL);
    assert_true(v->conflict);
    release(&j);
}

static void test_monitor_late_resume_per_send_vs_pipe(void **state)
{
    (void)state;
    struct tb t = {0};
    offset = 0;
    start(&t, 20, 100);
    write_ret(&t, 110, 110, true);
    send(&t, 110, 90, 90); /* size 20 <= low: docs owes resume now */
    send(&t, 20, 20, 110); /* size 0 */
    cb(&t, WT_CB_RESUME, 0, 0);
    finish(&t, 0);
    struct judged j;
    judge(&j, "docs", &t, true);
    expect(&j, "WT-RESUME-AT-OR-BELOW-LOW", WT_VERDICT_FAIL);
    assert_true(verdict(&j, "WT-RESUME-AT-OR-BELOW-LOW")->conflict); /* sat at == low */
    release(&j);
    judge(&j, "cpython-pipe", &t, true);
    expect(&j, "WT-RESUME-WHEN-EMPTY", WT_VERDICT_PASS);
    assert_false(wt_monitor_failed(j.m));
    release(&j);
}

static void test_monitor_lost_wakeup_and_blocked_socket(void **state)
{
    (void)state;
    struct tb t = {0};
    offset = 0;
    start(&t, 20, 100);
    write_ret(&t, 50, 50, false);
    add(&t, WT_EV_IDLE, WT_IDLE_RUN, 0, 0, 50, 20); /* blocked socket: not a hang */
    add(&t, WT_EV_IDLE, WT_IDLE_RUN, 0, 1, 50, 20); /* writable: lost wake-up */
    add(&t, WT_EV_END, 0, 0, 0, 0, 0);
    struct judged j;
    judge(&j, "docs", &t, true);
    const struct wt_verdict *v = verdict(&j, "WT-LIVENESS-WAKEUP");
    assert_int_equal(v->status, WT_VERDICT_FAIL);
    assert_int_equal(v->event, 6);
    assert_non_null(strstr(v->reason, "lost wake-up"));
    release(&j);
}

static void test_monitor_close_never_completes_and_bound(void **state)
{
    (void)state;
    struct tb t = {0};
    offset = 0;
    start(&t, 20, 100);
    call(&t, WT_METHOD_CLOSE, 0, 0, 0);
    ret(&t, WT_METHOD_CLOSE, WT_OK, 0, 0, 0);
    add(&t, WT_EV_BOUND, 0, 0, 1000, 1, 0); /* nothing pending: a hang, writable or not */
    add(&t, WT_EV_END, 0, 0, 0, 0, 0);
    struct judged j;
    judge(&j, "docs", &t, true);
    const struct wt_verdict *v = verdict(&j, "WT-LIVENESS-CLOSE-COMPLETES");
    assert_int_equal(v->status, WT_VERDICT_FAIL);
    assert_non_null(strstr(v->reason, "close never completes"));
    release(&j);
}

static void test_monitor_lost_inside_call_and_twice(void **state)
{
    (void)state;
    struct tb t = {0};
    start(&t, 20, 100);
    call(&t, WT_METHOD_CLOSE, 0, 0, 0);
    cb(&t, WT_CB_LOST, 0, 0);
    ret(&t, WT_METHOD_CLOSE, WT_OK, 0, 0, 0);
    cb(&t, WT_CB_LOST, 0, 0);
    cb(&t, WT_CB_PAUSE, 0, 0);
    finish(&t, 0);
    struct judged j;
    judge(&j, "docs", &t, true);
    expect(&j, "WT-LOST-DEFERRED", WT_VERDICT_FAIL);
    expect(&j, "WT-LOST-EXACTLY-ONCE", WT_VERDICT_FAIL);
    expect(&j, "WT-CALLBACKS-BETWEEN", WT_VERDICT_FAIL);
    release(&j);
}

/*
 * Issue 11, item 9: docs judges what the docs say. connection_lost inside
 * close() breaks asyncio's agreement (WT-LOST-DEFERRED), which the docs do
 * not state: under docs an INTEROP note that fails nothing, under asyncio
 * a FAIL that does.
 */
static void test_monitor_asyncio_agreement_is_a_note_under_docs(void **state)
{
    (void)state;
    struct tb t = {0};
    start(&t, 20, 100);
    call(&t, WT_METHOD_CLOSE, 0, 0, 0);
    cb(&t, WT_CB_LOST, 0, 0);
    ret(&t, WT_METHOD_CLOSE, WT_OK, 0, 0, 0);
    finish(&t, 0);
    struct judged j;
    judge(&j, "docs", &t, true);
    expect(&j, "WT-LOST-DEFERRED", WT_VERDICT_FAIL);
    size_t k;
    assert_int_equal(wt_catalog_find("WT-LOST-DEFERRED", &k), WT_OK);
    const struct wt_profile *docs = NULL, *asyncio = NULL;
    assert_int_equal(wt_profile_find("docs", &docs), WT_OK);
    assert_int_equal(wt_profile_find("asyncio", &asyncio), WT_OK);
    assert_true(wt_profile_notes(docs, k) && !wt_profile_has(docs, k));
    assert_false(wt_monitor_failed(j.m)); /* a note: exit 0 */
    release(&j);
    judge(&j, "asyncio", &t, true);
    expect(&j, "WT-LOST-DEFERRED", WT_VERDICT_FAIL);
    assert_true(wt_monitor_failed(j.m));
    release(&j);
}

static void test_monitor_rejected_limits_change_nothing(void **state)
{
    (void)state;
    struct tb t = {0};
    start(&t, 20, 100);
    call(&t, WT_METHOD_SET_LIMITS, 0, 5, WT_OPF_HAS_HIGH | WT_OPF_HAS_LOW);
    ret(&t, WT_METHOD_SET_LIMITS, WT_EVALUE, 0, 5, 0); /* applied anyway */
    finish(&t, 0);
    struct judged j;
    judge(&j, "docs", &t, true);
    expect(&j, "WT-REJECTED-CALL-NO-EFFECT", WT_VERDICT_FAIL);
    expect(&j, "WT-LIMITS-LOW-LE-HIGH", WT_VERDICT_PASS);
    release(&j);
}

static void test_monitor_high0_low5_accepted_is_a_conflict(void **state)
{
    (void)state;
    struct tb t = {0};
    start(&t, 20, 100);
    call(&t, WT_METHOD_SET_LIMITS, 0, 5, WT_OPF_HAS_HIGH | WT_OPF_HAS_LOW);
    ret(&t, WT_METHOD_SET_LIMITS, WT_OK, 0, 0, 0); /* "forces low to zero" */
    finish(&t, 0);
    struct judged j;
    judge(&j, "docs", &t, true);
    const struct wt_verdict *v = verdict(&j, "WT-LIMITS-LOW-LE-HIGH");
    assert_int_equal(v->status, WT_VERDICT_FAIL);
    assert_true(v->conflict);
    release(&j);
}

static void test_monitor_zero_rejected_is_a_conflict(void **state)
{
    (void)state;
    struct tb t = {0};
    start(&t, 20, 100);
    call(&t, WT_METHOD_SET_LIMITS, 0, 0, WT_OPF_HAS_HIGH | WT_OPF_HAS_LOW);
    ret(&t, WT_METHOD_SET_LIMITS, WT_EVALUE, 0, 20, 100);
    finish(&t, 0);
    struct judged j;
    judge(&j, "docs", &t, true);
    const struct wt_verdict *v = verdict(&j, "WT-LIMITS-ZERO-ALLOWED");
    assert_int_equal(v->status, WT_VERDICT_FAIL);
    assert_true(v->conflict);
    release(&j);
}

static void test_monitor_callback_failure_must_be_reported(void **state)
{
    (void)state;
    struct tb t = {0};
    offset = 0;
    start(&t, 20, 100);
    call(&t, WT_METHOD_WRITE, 200, 0, 0);
    add(&t, WT_EV_CALLBACK, WT_CB_PAUSE, WT_ECALLBACK, 200, 0, 0);
    ret(&t, WT_METHOD_WRITE, WT_OK, 200, 0, 0); /* no REPORT inside */
    add(&t, WT_EV_REPORT, WT_REPORT_FATAL_ERROR, WT_EPIPE, 0, 0, 0);
    finish(&t, 200);
    struct judged j;
    judge(&j, "docs", &t, true);
    expect(&j, "WT-CALLBACK-FAILURE-REPORTED", WT_VERDICT_FAIL);
    expect(&j, "WT-REPORT-ONLY-CALLBACK-FAILURES", WT_VERDICT_FAIL);
    release(&j);
}

/*
 * write_eof() with bytes buffered, then the fatal path: a send error, or a
 * data_received that raised, drops the buffer and closes the socket
 * (asyncio's _fatal_error). Nothing is left to flush, so the close is not an
 * unflushed half-close; a shutdown inside write_eof() with bytes unsent is.
 */
static void eof_then_fatal(struct tb *t, bool send_error)
{
    memset(t, 0, sizeof *t);
    offset = 0;
    start(t, 20, 100);
    write_ret(t, 50, 50, false);
    call(t, WT_METHOD_WRITE_EOF, 0, 0, 0);
    ret(t, WT_METHOD_WRITE_EOF, WT_OK, 50, 0, 0);
    if (send_error) {
        add(t, WT_EV_SEND, 0, WT_EPIPE, 50, 0, 0);
    } else {
        add(t, WT_EV_CALLBACK, WT_CB_DATA, WT_ECALLBACK, 50, 10, 0);
        add(t, WT_EV_REPORT, WT_REPORT_CALLBACK_FAILED, WT_ECALLBACK, 0, 0, 0);
    }
    add(t, WT_EV_SOCK_CLOSE, 0, 0, 0, 0, 0);
    cb(t, WT_CB_LOST, -1, send_error ? WT_EPIPE : WT_ECALLBACK);
    add(t, WT_EV_IDLE, WT_IDLE_END, 0, 1, -1, -1);
    add(t, WT_EV_END, 0, 0, 0, 0, 0);
}

static void test_monitor_write_eof_then_fatal_path_flushes_nothing(void **state)
{
    (void)state;
    for (int send_error = 0; send_error <= 1; send_error++) {
        struct tb t;
        eof_then_fatal(&t, send_error);
        struct judged j;
        judge(&j, "docs", &t, true);
        expect(&j, "WT-WRITE-EOF-FLUSHES", WT_VERDICT_NOT_EXERCISED);
        assert_false(wt_monitor_failed(j.m));
        release(&j);
    }
    struct tb t = {0};
    offset = 0;
    start(&t, 20, 100);
    write_ret(&t, 50, 50, false);
    call(&t, WT_METHOD_WRITE_EOF, 0, 0, 0);
    add(&t, WT_EV_SHUTDOWN, 0, 0, 0, 0, 0); /* before the flush */
    ret(&t, WT_METHOD_WRITE_EOF, WT_OK, 50, 0, 0);
    add(&t, WT_EV_SEND, 0, WT_EPIPE, 50, 0, 0);
    add(&t, WT_EV_SOCK_CLOSE, 0, 0, 0, 0, 0);
    cb(&t, WT_CB_LOST, -1, WT_EPIPE);
    finish(&t, -1);
    struct judged j;
    judge(&j, "docs", &t, true);
    const struct wt_verdict *v = verdict(&j, "WT-WRITE-EOF-FLUSHES");
    assert_int_equal(v->status, WT_VERDICT_FAIL);
    assert_non_null(strstr(v->reason, "shutdown"));
    release(&j);
}

/*
 * A rejected call is judged against the state it really began in: inside
 * a setter's pause_writing the new limits already apply, and a send error
 * (the fatal path) has dropped the buffer the last size reported.
 */
static void test_monitor_rejected_call_judged_from_the_real_state(void **state)
{
    (void)state;
    struct tb t = {0};
    offset = 0;
    start(&t, 20, 100);
    write_ret(&t, 80, 80, false);
    call(&t, WT_METHOD_SET_LIMITS, 60, 50, WT_OPF_HAS_HIGH | WT_OPF_HAS_LOW);
    cb(&t, WT_CB_PAUSE, 80, 0);
    call(&t, WT_METHOD_SET_LIMITS, -3, 5, WT_OPF_HAS_HIGH | WT_OPF_HAS_LOW);
    ret(&t, WT_METHOD_SET_LIMITS, WT_EVALUE, 80, 50, 60); /* the outer call's limits */
    ret(&t, WT_METHOD_SET_LIMITS, WT_OK, 80, 50, 60);
    add(&t, WT_EV_SEND, 0, WT_EPIPE, 80, 0, 0);
    call(&t, WT_METHOD_SET_LIMITS, -3, 5, WT_OPF_HAS_HIGH | WT_OPF_HAS_LOW);
    ret(&t, WT_METHOD_SET_LIMITS, WT_EVALUE, 0, 50, 60); /* the buffer is gone */
    cb(&t, WT_CB_LOST, -1, WT_EPIPE);
    finish(&t, -1);
    struct judged j;
    judge(&j, "docs", &t, true);
    expect(&j, "WT-REJECTED-CALL-NO-EFFECT", WT_VERDICT_PASS);
    release(&j);
    /* The twin: the nested rejected call changed the limits after all. */
    t.ev[8].b = 5;
    t.ev[8].c = 7;
    judge(&j, "docs", &t, true);
    expect(&j, "WT-REJECTED-CALL-NO-EFFECT", WT_VERDICT_FAIL);
    release(&j);
}

/*
 * Issue 11, item 3: a rejected call is compared only with a size read with
 * the loop at rest since. After connection_lost the world reads no size
 * (-1), so uvloop dropping its buffer when the handle closes must not be
 * blamed on a later rejected write (sock block, write 200, abort, run,
 * write 10); nor may a loop op's callbacks, which change the size without
 * an event of their own, be blamed on the next rejected call.
 */
static void test_monitor_rejected_call_never_judged_by_a_stale_size(void **state)
{
    (void)state;
    struct tb t = {0};
    offset = 0;
    start(&t, 16, 65536);
    write_ret(&t, 200, 200, false);
    call(&t, WT_METHOD_ABORT, 0, 0, 0);
    ret(&t, WT_METHOD_ABORT, WT_OK, 200, 0, 0); /* uvloop keeps it until the handle closes */
    add(&t, WT_EV_OP, WT_OP_RUN, 0, 0, 0, 0);
    cb(&t, WT_CB_LOST, -1, 0);
    add(&t, WT_EV_IDLE, WT_IDLE_RUN, 0, 1, -1, -1);
    add(&t, WT_EV_OP, WT_OP_WRITE, 0, 10, 0, 0);
    call(&t, WT_METHOD_WRITE, 10, 200, 0);
    ret(&t, WT_METHOD_WRITE, WT_ESTATE, 0, 0, 0); /* "the handler is closed" */
    finish(&t, -1);
    struct judged j;
    judge(&j, "docs", &t, true);
    expect(&j, "WT-REJECTED-CALL-NO-EFFECT", WT_VERDICT_PASS);
    release(&j);

    memset(&t, 0, sizeof t);
    offset = 0;
    start(&t, 20, 100);
    write_ret(&t, 50, 50, false);
    add(&t, WT_EV_OP, WT_OP_STEP, 0, 1, 0, 0); /* a loop callback moves the size silently */
    call(&t, WT_METHOD_SET_LIMITS, -1, 0, WT_OPF_HAS_HIGH);
    ret(&t, WT_METHOD_SET_LIMITS, WT_EVALUE, 30, 20, 100);
    call(&t, WT_METHOD_CLOSE, 0, 0, 0);
    ret(&t, WT_METHOD_CLOSE, WT_OK, 30, 0, 0);
    finish(&t, 30);
    judge(&j, "docs", &t, true);
    expect(&j, "WT-REJECTED-CALL-NO-EFFECT", WT_VERDICT_PASS);
    release(&j);
}

/*
 * Issue 11, item 4: a close (or write_eof) with nothing left to send waits
 * for nothing, so idle without connection_lost fails even when the
 * socket is blocked (gh-155888: sock block, writelines 0, close, run);
 * with bytes still to send, a blocked socket is a fair reason to wait.
 */
static void test_monitor_close_of_nothing_completes_on_a_blocked_socket(void **state)
{
    (void)state;
    struct tb t = {0};
    offset = 0;
    start(&t, 16384, 65536);
    call(&t, WT_METHOD_WRITELINES, 0, 0, 1);
    ret(&t, WT_METHOD_WRITELINES, WT_OK, 0, 0, 0);
    call(&t, WT_METHOD_CLOSE, 0, 0, 0);
    ret(&t, WT_METHOD_CLOSE, WT_OK, 0, 0, 0);
    add(&t, WT_EV_IDLE, WT_IDLE_RUN, 0, 0, 0, 16384);
    add(&t, WT_EV_END, 0, 0, 0, 0, 0);
    struct judged j;
    judge(&j, "docs", &t, true);
    expect(&j, "WT-LIVENESS-CLOSE-COMPLETES", WT_VERDICT_FAIL);
    release(&j);

    memset(&t, 0, sizeof t);
    offset = 0;
    start(&t, 16384, 65536);
    call(&t, WT_METHOD_WRITE_EOF, 0, 0, 0);
    ret(&t, WT_METHOD_WRITE_EOF, WT_OK, 0, 0, 0);
    add(&t, WT_EV_IDLE, WT_IDLE_RUN, 0, 0, 0, 16384);
    add(&t, WT_EV_END, 0, 0, 0, 0, 0);
    judge(&j, "docs", &t, true);
    expect(&j, "WT-WRITE-EOF-FLUSHES", WT_VERDICT_FAIL);
    release(&j);

    /* Data still to send, socket blocked: waiting is right. */
    memset(&t, 0, sizeof t);
    offset = 0;
    start(&t, 16384, 65536);
    write_ret(&t, 100, 100, false);
    call(&t, WT_METHOD_CLOSE, 0, 0, 0);
    ret(&t, WT_METHOD_CLOSE, WT_OK, 100, 0, 0);
    add(&t, WT_EV_IDLE, WT_IDLE_RUN, 0, 0, 100, 16384);
    add(&t, WT_EV_END, 0, 0, 0, 0, 0);
    judge(&j, "docs", &t, true);
    expect(&j, "WT-LIVENESS-CLOSE-COMPLETES", WT_VERDICT_NOT_EXERCISED);
    release(&j);
}

/*
 * Issue 11, capabilities: without get_write_buffer_limits the run FAILs
 * WT-LIMITS-GET-ORDER once, at its start, and flow control is judged by
 * the limits the setter was asked for (never by the -1 read-back).
 */
static void test_monitor_missing_getter_is_one_fail(void **state)
{
    (void)state;
    struct tb t = {0};
    offset = 0;
    cb(&t, WT_CB_MADE, 0, 0);
    call(&t, WT_METHOD_SET_LIMITS, 100, 20, WT_OPF_HAS_HIGH | WT_OPF_HAS_LOW);
    ret(&t, WT_METHOD_SET_LIMITS, WT_OK, 0, -1, -1);
    write_ret(&t, 90, 90, false);
    send(&t, 90, 90, 90);
    finish(&t, 0);
    struct judged j;
    const struct wt_profile *p = NULL;
    assert_int_equal(wt_profile_find("docs", &p), WT_OK);
    tl_alloc_init(&j.ta);
    assert_int_equal(wt_monitor_new(tl_alloc_get(&j.ta), p, &j.m), WT_OK);
    wt_monitor_set_missing(j.m, 1u << WT_METHOD_GET_LIMITS);
    for (size_t i = 0; i < t.n; i++) {
        wt_monitor_feed(j.m, &t.ev[i]);
    }
    wt_monitor_end(j.m);
    size_t fails = 0;
    for (size_t i = 0; i < wt_catalog_count(); i++) {
        fails += wt_monitor_verdict(j.m, i)->status == WT_VERDICT_FAIL;
    }
    assert_int_equal(fails, 1);
    expect(&j, "WT-LIMITS-GET-ORDER", WT_VERDICT_FAIL);
    expect(&j, "WT-LIMITS-SET-DESCRIBED", WT_VERDICT_PASS);
    expect(&j, "WT-SIZE-UNSENT", WT_VERDICT_PASS);
    release(&j);
    /* The same with a write over the set high: the pause is owed by high = 100. */
    memset(&t, 0, sizeof t);
    offset = 0;
    cb(&t, WT_CB_MADE, 0, 0);
    call(&t, WT_METHOD_SET_LIMITS, 100, 20, WT_OPF_HAS_HIGH | WT_OPF_HAS_LOW);
    ret(&t, WT_METHOD_SET_LIMITS, WT_OK, 0, -1, -1);
    write_ret(&t, 101, 101, false);
    send(&t, 101, 101, 101);
    finish(&t, 0);
    tl_alloc_init(&j.ta);
    assert_int_equal(wt_monitor_new(tl_alloc_get(&j.ta), p, &j.m), WT_OK);
    wt_monitor_set_missing(j.m, 1u << WT_METHOD_GET_LIMITS);
    for (size_t i = 0; i < t.n; i++) {
        wt_monitor_feed(j.m, &t.ev[i]);
    }
    wt_monitor_end(j.m);
    expect(&j, "WT-PAUSE-STRICTLY-OVER-HIGH", WT_VERDICT_FAIL);
    release(&j);
}

/*
 * Issue 11, item 8: ValueError is the contract's only from
 * set_write_buffer_limits, NotImplementedError only from write_eof;
 * from another method either is a crash of the call.
 */
static void test_monitor_contract_errors_only_where_the_contract_allows(void **state)
{
    (void)state;
    struct tb t = {0};
    offset = 0;
    start(&t, 20, 100);
    call(&t, WT_METHOD_WRITE, 10, 0, 0);
    ret(&t, WT_METHOD_WRITE, WT_EVALUE, 0, 0, 0);
    finish(&t, 0);
    struct judged j;
    judge(&j, "docs", &t, true);
    expect(&j, "WT-NO-UNEXPECTED-ERROR", WT_VERDICT_FAIL);
    assert_non_null(strstr(verdict(&j, "WT-NO-UNEXPECTED-ERROR")->reason, "ValueError"));
    release(&j);

    memset(&t, 0, sizeof t);
    start(&t, 20, 100);
    call(&t, WT_METHOD_CLOSE, 0, 0, 0);
    ret(&t, WT_METHOD_CLOSE, WT_ENOTIMPL, 0, 0, 0);
    finish(&t, 0);
    judge(&j, "docs", &t, true);
    expect(&j, "WT-NO-UNEXPECTED-ERROR", WT_VERDICT_FAIL);
    release(&j);

    memset(&t, 0, sizeof t);
    start(&t, 20, 100);
    call(&t, WT_METHOD_SET_LIMITS, -1, 0, WT_OPF_HAS_HIGH);
    ret(&t, WT_METHOD_SET_LIMITS, WT_EVALUE, 0, 20, 100);
    call(&t, WT_METHOD_WRITE_EOF, 0, 0, 0);
    ret(&t, WT_METHOD_WRITE_EOF, WT_ENOTIMPL, 0, 0, 0);
    finish(&t, 0);
    judge(&j, "docs", &t, true);
    expect(&j, "WT-NO-UNEXPECTED-ERROR", WT_VERDICT_PASS);
    release(&j);
}

/*
 * Issue 11, item 8: after abort() a send or recv is judged by the attempt,
 * not by the bytes that moved; after connection_lost any use of the
 * socket is; and bytes sent after abort are not read as duplication.
 */
static void test_monitor_socket_use_after_abort_or_lost(void **state)
{
    (void)state;
    struct tb t = {0};
    offset = 0;
    start(&t, 20, 100);
    write_ret(&t, 50, 50, false);
    call(&t, WT_METHOD_ABORT, 0, 0, 0);
    ret(&t, WT_METHOD_ABORT, WT_OK, 50, 0, 0);
    add(&t, WT_EV_SEND, 0, WT_EAGAIN, 50, 0, 0); /* nothing moved */
    add(&t, WT_EV_RECV, 0, WT_EAGAIN, 0, 0, 0);
    cb(&t, WT_CB_LOST, -1, 0);
    finish(&t, -1);
    struct judged j;
    judge(&j, "docs", &t, true);
    expect(&j, "WT-ABORT-NO-SEND-AFTER", WT_VERDICT_FAIL);
    expect(&j, "WT-ABORT-NO-RECEIVE", WT_VERDICT_FAIL);
    release(&j);

    memset(&t, 0, sizeof t);
    offset = 0;
    start(&t, 20, 100);
    write_ret(&t, 50, 50, false);
    call(&t, WT_METHOD_ABORT, 0, 0, 0);
    ret(&t, WT_METHOD_ABORT, WT_OK, 50, 0, 0);
    add(&t, WT_EV_SEND, 0, WT_OK, 50, 50, 50); /* uvloop's buffer, after abort */
    cb(&t, WT_CB_LOST, -1, 0);
    finish(&t, -1);
    judge(&j, "docs", &t, true);
    expect(&j, "WT-ABORT-NO-SEND-AFTER", WT_VERDICT_FAIL);
    expect(&j, "WT-WRITE-DELIVERS", WT_VERDICT_NOT_EXERCISED);
    release(&j);

    memset(&t, 0, sizeof t);
    offset = 0;
    start(&t, 20, 100);
    call(&t, WT_METHOD_CLOSE, 0, 0, 0);
    ret(&t, WT_METHOD_CLOSE, WT_OK, 0, 0, 0);
    cb(&t, WT_CB_LOST, -1, 0);
    add(&t, WT_EV_RECV, 0, WT_ECLOSED, 0, 0, 0);
    finish(&t, -1);
    judge(&j, "docs", &t, true);
    expect(&j, "WT-LOST-ENDS-IO", WT_VERDICT_FAIL);
    expect(&j, "WT-IO-ERROR-LOST-EXC", WT_VERDICT_NOT_EXERCISED);
    release(&j);
}

/*
 * The transport may close itself: after eof_received (which returned
 * false, the default) or a data_received that raised, is_closing() true
 * is no finding; before any of that it is.
 */
static void test_monitor_is_closing_after_peer_eof_or_raising_data(void **state)
{
    (void)state;
    for (int k = 0; k < 3; k++) {
        struct tb t = {0};
        start(&t, 20, 100);
        if (k == 1) {
            cb(&t, WT_CB_EOF, 0, 0);
        } else if (k == 2) {
            add(&t, WT_EV_CALLBACK, WT_CB_DATA, WT_ECALLBACK, 0, 10, 0);
            add(&t, WT_EV_REPORT, WT_REPORT_CALLBACK_FAILED, WT_ECALLBACK, 0, 0, 0);
        }
        call(&t, WT_METHOD_IS_CLOSING, 0, 0, 0);
        ret(&t, WT_METHOD_IS_CLOSING, WT_OK, 0, 1, 0);
        struct judged j;
        judge(&j, "docs", &t, false);
        expect(&j, "WT-IS-CLOSING", k == 0 ? WT_VERDICT_FAIL : WT_VERDICT_NOT_EXERCISED);
        release(&j);
    }
}

/*
 * A setter called from the pause_writing of another setter has the last
 * word: the outer call reads back the inner limits, and is not judged
 * against its own request. A pause inside the outer setter after that is
 * judged by the inner limits.
 */
static void test_monitor_nested_setter_has_the_last_word(void **state)
{
    (void)state;
    struct tb t = {0};
    offset = 0;
    start(&t, 20, 100);
    write_ret(&t, 50, 50, false);
    call(&t, WT_METHOD_SET_LIMITS, 40, 20, WT_OPF_HAS_HIGH | WT_OPF_HAS_LOW);
    cb(&t, WT_CB_PAUSE, 50, 0);
    call(&t, WT_METHOD_SET_LIMITS, 0, 30, WT_OPF_HAS_LOW);
    ret(&t, WT_METHOD_SET_LIMITS, WT_OK, 50, 30, 120);
    ret(&t, WT_METHOD_SET_LIMITS, WT_OK, 50, 30, 120);
    struct judged j;
    judge(&j, "docs", &t, false);
    expect(&j, "WT-LIMITS-GET-ORDER", WT_VERDICT_PASS);
    expect(&j, "WT-LIMITS-HIGH-DEFAULT-4LOW", WT_VERDICT_PASS);
    release(&j);
    /* The twin: the outer call's read-back is not the inner one's. */
    t.ev[t.n - 1].b = 20;
    t.ev[t.n - 1].c = 40;
    judge(&j, "docs", &t, false);
    expect(&j, "WT-LIMITS-GET-ORDER", WT_VERDICT_FAIL);
    release(&j);
}

/*
 * After eof_received the transport may have closed itself (a false
 * return), and a write after that close is dropped (as CPython does): the
 * size it returns decides, and the model keeps judging from there.
 */
static void test_monitor_write_after_peer_eof_may_be_dropped(void **state)
{
    (void)state;
    for (int lie = 0; lie <= 1; lie++) {
        struct tb t = {0};
        offset = 0;
        start(&t, 20, 100);
        cb(&t, WT_CB_EOF, 0, 0);
        write_ret(&t, 60, 0, false); /* dropped */
        call(&t, WT_METHOD_GET_SIZE, 0, 0, 0);
        ret(&t, WT_METHOD_GET_SIZE, WT_OK, lie ? 5 : 0, lie ? 5 : 0, 0);
        struct judged j;
        judge(&j, "docs", &t, false);
        expect(&j, "WT-SIZE-UNSENT", lie ? WT_VERDICT_FAIL : WT_VERDICT_PASS);
        release(&j);
    }
}

/*
 * A refused shutdown(SHUT_WR) and a failed recv are I/O errors like a
 * failed send: connection_lost(exc) is already scheduled, so an abort()
 * after them is a no-op and lost carries the error.
 */
static void test_monitor_shutdown_and_recv_errors_are_io_errors(void **state)
{
    (void)state;
    for (int k = 0; k < 3; k++) {
        struct tb t = {0};
        start(&t, 20, 100);
        int err = k == 1 ? WT_ECONNRESET : WT_ENOTSUP;
        if (k == 1) {
            add(&t, WT_EV_RECV, 0, WT_ECONNRESET, 0, 0, 0);
        } else {
            call(&t, WT_METHOD_WRITE_EOF, 0, 0, 0);
            add(&t, WT_EV_SHUTDOWN, 0, k == 2 ? WT_OK : WT_ENOTSUP, 0, 0, 0);
            ret(&t, WT_METHOD_WRITE_EOF, WT_OK, 0, 0, 0);
        }
        call(&t, WT_METHOD_ABORT, 0, 0, 0);
        ret(&t, WT_METHOD_ABORT, WT_OK, 0, 0, 0);
        add(&t, WT_EV_SOCK_CLOSE, 0, 0, 0, 0, 0);
        cb(&t, WT_CB_LOST, -1, err);
        finish(&t, -1);
        struct judged j;
        judge(&j, "docs", &t, true);
        /* k == 2, the twin: the shutdown worked, so the error is abort()'s own. */
        expect(&j, "WT-ABORT-LOST-NONE", k == 2 ? WT_VERDICT_FAIL : WT_VERDICT_NOT_EXERCISED);
        if (k < 2) {
            expect(&j, "WT-IO-ERROR-LOST-EXC", WT_VERDICT_PASS);
        }
        release(&j);
    }
    /* CPython raises the refused shutdown from write_eof(): still alive, abort() is clean. */
    struct tb t = {0};
    start(&t, 20, 100);
    call(&t, WT_METHOD_WRITE_EOF, 0, 0, 0);
    add(&t, WT_EV_SHUTDOWN, 0, WT_ENOTSUP, 0, 0, 0);
    ret(&t, WT_METHOD_WRITE_EOF, WT_ENOTSUP, 0, 0, 0);
    call(&t, WT_METHOD_ABORT, 0, 0, 0);
    ret(&t, WT_METHOD_ABORT, WT_OK, 0, 0, 0);
    cb(&t, WT_CB_LOST, -1, 0);
    finish(&t, -1);
    struct judged j;
    judge(&j, "docs", &t, true);
    expect(&j, "WT-ABORT-LOST-NONE", WT_VERDICT_PASS);
    expect(&j, "WT-IO-ERROR-LOST-EXC", WT_VERDICT_NOT_EXERCISED);
    release(&j);
}

/*
 * SSL pauses an empty buffer at high = 0 (sslproto.py:818): with no byte
 * buffered since, idling paused is no lost wake-up; after bytes drained
 * to low without a resume it is.
 */
static void test_monitor_ssl_empty_pause_is_no_lost_wakeup(void **state)
{
    (void)state;
    for (int drained = 0; drained <= 2; drained++) {
        struct tb t = {0};
        offset = 0;
        start(&t, 131072, 524288);
        if (drained == 2) {
            /* A write the socket takes whole, then SSL's alternation pauses at 0 >= 0. */
            call(&t, WT_METHOD_SET_LIMITS, 0, 0, WT_OPF_HAS_HIGH);
            ret(&t, WT_METHOD_SET_LIMITS, WT_OK, 0, 0, 0);
            call(&t, WT_METHOD_WRITE, 30, 0, 0);
            send(&t, 30, 30, 30);
            cb(&t, WT_CB_PAUSE, 0, 0);
            ret(&t, WT_METHOD_WRITE, WT_OK, 0, 0, 0);
        } else if (drained) {
            call(&t, WT_METHOD_SET_LIMITS, 40, 10, WT_OPF_HAS_HIGH | WT_OPF_HAS_LOW);
            ret(&t, WT_METHOD_SET_LIMITS, WT_OK, 0, 10, 40);
            write_ret(&t, 50, 50, true);
            send(&t, 50, 50, 50);
        } else {
            call(&t, WT_METHOD_SET_LIMITS, 0, 0, WT_OPF_HAS_HIGH);
            cb(&t, WT_CB_PAUSE, 0, 0);
            ret(&t, WT_METHOD_SET_LIMITS, WT_OK, 0, 0, 0);
        }
        add(&t, WT_EV_IDLE, WT_IDLE_RUN, 0, 1, 0, drained ? 10 : 0);
        struct judged j;
        judge(&j, "cpython-ssl", &t, false);
        int want[] = {WT_VERDICT_NOT_EXERCISED, WT_VERDICT_FAIL, WT_VERDICT_PASS};
        expect(&j, "WT-LIVENESS-WAKEUP", want[drained]);
        release(&j);
    }
}

/*
 * Flow callbacks and pause checks anywhere under a setter are judged by
 * the limits it asked for: SSL at high = 0 pauses (at 0 >= 0) from a
 * write nested in the setter's own pause_writing and resume_writing.
 */
static void test_monitor_setter_limits_apply_down_the_stack(void **state)
{
    (void)state;
    struct tb t = {0};
    offset = 0;
    start(&t, 30, 120);
    call(&t, WT_METHOD_SET_LIMITS, 0, 0, WT_OPF_HAS_HIGH);
    cb(&t, WT_CB_PAUSE, 0, 0);
    call(&t, WT_METHOD_WRITE, 4, offset, 0);
    send(&t, 4, 4, 4);
    cb(&t, WT_CB_RESUME, 0, 0);
    call(&t, WT_METHOD_WRITE, 8, offset + 4, 0);
    send(&t, 8, 8, 12);
    cb(&t, WT_CB_PAUSE, 0, 0);
    ret(&t, WT_METHOD_WRITE, WT_OK, 0, 0, 0);
    ret(&t, WT_METHOD_WRITE, WT_OK, 0, 0, 0);
    ret(&t, WT_METHOD_SET_LIMITS, WT_OK, 0, 0, 0);
    struct judged j;
    judge(&j, "cpython-ssl", &t, false);
    expect(&j, "WT-PAUSE-AT-OR-OVER-HIGH", WT_VERDICT_NOT_EXERCISED);
    expect(&j, "WT-PAUSE-RESUME-ALTERNATE", WT_VERDICT_PASS);
    release(&j);
}

/*
 * Raised limits put a paused size under low, and the setter does not
 * resume (python/asyncio#329): a send that fails with EAGAIN owes nothing
 * yet (CPython checks only after a send that went through); the next
 * successful send does.
 */
static void test_monitor_resume_owed_only_after_a_send_that_went_through(void **state)
{
    (void)state;
    for (int ok = 0; ok <= 1; ok++) {
        struct tb t = {0};
        offset = 0;
        start(&t, 20, 100);
        write_ret(&t, 150, 150, true);
        call(&t, WT_METHOD_SET_LIMITS, 800, 200, WT_OPF_HAS_HIGH | WT_OPF_HAS_LOW);
        ret(&t, WT_METHOD_SET_LIMITS, WT_OK, 150, 200, 800);
        add(&t, WT_EV_SEND, 0, ok ? WT_OK : WT_EAGAIN, 150, ok ? 10 : 0, ok ? 10 : 0);
        call(&t, WT_METHOD_GET_SIZE, 0, 0, 0);
        ret(&t, WT_METHOD_GET_SIZE, WT_OK, 150 - ok * 10, 150 - ok * 10, 0);
        struct judged j;
        judge(&j, "docs", &t, false);
        expect(&j, "WT-RESUME-AT-OR-BELOW-LOW", ok ? WT_VERDICT_FAIL : WT_VERDICT_NOT_EXERCISED);
        release(&j);
    }
}

/*
 * When a step bound with data pending and close() unanswered is a hang
 * (the liveness clauses FAIL) and when it is not: the socket kept
 * accepting bytes during the op (a one-byte send cap), the socket would
 * not take a byte (a slow drain of an over-full kernel buffer: waiting is
 * right), or the world saw progress in the bound's second half (BOUND's
 * c: a callback, the peer draining, bytes sent in an earlier op).
 */
static void test_monitor_bound_hang_or_slow(void **state)
{
    (void)state;
    static const struct {
        bool sends;    /* bytes accepted during the op */
        int writable;  /* BOUND's b */
        int progress;  /* BOUND's c */
        bool hang;
    } rows[] = {
        {false, 1, 0, true},  {true, 1, 0, false}, {false, 0, 0, false},
        {false, 1, 1, false}, {true, 0, 1, false},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct tb t = {0};
        offset = 0;
        start(&t, 20, 100);
        write_ret(&t, 50, 50, false);
        call(&t, WT_METHOD_CLOSE, 0, 0, 0);
        ret(&t, WT_METHOD_CLOSE, WT_OK, 50, 0, 0);
        add(&t, WT_EV_OP, WT_OP_RUN, 0, 0, 0, 0);
        if (rows[i].sends) {
            send(&t, 50, 1, 1);
            send(&t, 49, 1, 2);
        }
        add(&t, WT_EV_BOUND, 0, 0, 1000, rows[i].writable, rows[i].progress);
        struct judged j;
        judge(&j, "docs", &t, false);
        int want = rows[i].hang ? WT_VERDICT_FAIL : WT_VERDICT_NOT_EXERCISED;
        expect(&j, "WT-LIVENESS-CLOSE-COMPLETES", want);
        expect(&j, "WT-LIVENESS-WAKEUP", want);
        release(&j);
    }
}

/*
 * The peer closed (a pipe's reader saw it first), or data_received raised
 * (the transport's fatal path began), then abort(): connection_lost(exc)
 * may carry what came first. abort() first: only None.
 */
static void test_monitor_abort_after_the_end_began(void **state)
{
    (void)state;
    for (int cause = 0; cause < 2; cause++) {
        for (int abort_first = 0; abort_first <= 1; abort_first++) {
            struct tb t = {0};
            offset = 0;
            start(&t, 20, 100);
            for (int turn = 0; turn < 2; turn++) {
                if ((turn == 0) == (abort_first == 1)) {
                    call(&t, WT_METHOD_ABORT, 0, 0, 0);
                    ret(&t, WT_METHOD_ABORT, WT_OK, 0, 0, 0);
                } else if (cause == 0) {
                    add(&t, WT_EV_PEER, WT_PEER_CLOSED, 0, 0, 0, 0);
                } else {
                    add(&t, WT_EV_CALLBACK, WT_CB_DATA, WT_ECALLBACK, 0, 10, 0);
                    add(&t, WT_EV_REPORT, WT_REPORT_CALLBACK_FAILED, WT_ECALLBACK, 0, 0, 0);
                }
            }
            add(&t, WT_EV_SOCK_CLOSE, 0, 0, 0, 0, 0);
            cb(&t, WT_CB_LOST, -1, cause == 0 ? WT_EPIPE : WT_ECALLBACK);
            finish(&t, -1);
            struct judged j;
            judge(&j, "docs", &t, true);
            expect(&j, "WT-ABORT-LOST-NONE",
                   abort_first ? WT_VERDICT_FAIL : WT_VERDICT_NOT_EXERCISED);
            release(&j);
        }
    }
}

static void test_monitor_impl_findings_do_not_fail_the_run(void **state)
{
    (void)state;
    struct tb t = {0};
    start(&t, 1, 2); /* not the selector family's defaults */
    finish(&t, 0);
    struct judged j;
    judge(&j, "cpython-selector", &t, true);
    expect(&j, "WT-LIMITS-DEFAULTS", WT_VERDICT_FAIL);
    assert_false(wt_monitor_failed(j.m));
    release(&j);
}

static void test_monitor_truncated_trace(void **state)
{
    (void)state;
    struct tb t;
    clean_trace(&t);
    t.n -= 4; /* cut inside nothing, before lost and END */
    struct judged j;
    judge(&j, "docs", &t, true);
    assert_non_null(wt_monitor_trace_problem(j.m));
    expect(&j, "WT-TRACE-WELL-FORMED", WT_VERDICT_FAIL);
    assert_true(wt_monitor_failed(j.m));
    release(&j);
}

static void test_monitor_reordered_and_garbage_events(void **state)
{
    (void)state;
    struct tb t;
    clean_trace(&t);
    struct wt_event tmp = t.ev[3];
    t.ev[3] = t.ev[4];
    t.ev[4] = tmp;
    struct judged j;
    judge(&j, "docs", &t, true);
    assert_non_null(wt_monitor_trace_problem(j.m));
    expect(&j, "WT-TRACE-WELL-FORMED", WT_VERDICT_FAIL);
    release(&j);

    /* Random garbage never crashes the monitor, whatever the profile. */
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (size_t p = 0; p < wt_profile_count(); p++) {
        struct tb g = {0};
        for (size_t i = 0; i < 128; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            add(&g, (int)(x % (WT_EV_COUNT + 2)), (int)((x >> 8) % 12), -(int)((x >> 16) % 120),
                (int64_t)((x >> 24) % 300) - 50, (int64_t)((x >> 32) % 300) - 50,
                (int64_t)((x >> 40) % 4));
            if (x % 7 == 0) {
                g.ev[g.n - 1].index = (uint32_t)(x >> 20);
            }
        }
        judge(&j, wt_profile_name(wt_profile_at(p)), &g, true);
        for (size_t c = 0; c < wt_catalog_count(); c++) {
            assert_true(wt_monitor_verdict(j.m, c)->status < WT_VERDICT_COUNT);
        }
        release(&j);
    }
}

static void test_monitor_events_after_end(void **state)
{
    (void)state;
    struct tb t;
    clean_trace(&t);
    add(&t, WT_EV_SEND, 0, WT_OK, 1, 1, 102);
    struct judged j;
    judge(&j, "docs", &t, true);
    assert_non_null(strstr(wt_monitor_trace_problem(j.m), "after END"));
    release(&j);
}

static void test_monitor_replay_hash_and_reset(void **state)
{
    (void)state;
    struct tb t;
    clean_trace(&t);
    struct judged j;
    judge(&j, "docs", &t, false);
    uint64_t h = wt_monitor_hash(j.m);
    wt_monitor_expect_hash(j.m, h ^ 1);
    wt_monitor_end(j.m);
    expect(&j, "WT-DETERMINISTIC", WT_VERDICT_FAIL);
    wt_monitor_reset(j.m);
    for (size_t i = 0; i < t.n; i++) {
        wt_monitor_feed(j.m, &t.ev[i]);
    }
    wt_monitor_expect_hash(j.m, h);
    wt_monitor_end(j.m);
    expect(&j, "WT-DETERMINISTIC", WT_VERDICT_PASS);
    assert_false(wt_monitor_failed(j.m));
    release(&j);
}

/* --- the fast path judges exactly as the slow path ---------------------- */

/* Two monitors on one world's trace: one with the fast path, one without. */
struct twin {
    struct wt_monitor *fast, *slow;
};

/* Both see every event, and after each one every verdict is the same on both. */
static void twin_sink(void *user_data, const struct wt_event *ev)
{
    struct twin *t = user_data;
    wt_monitor_feed(t->fast, ev);
    wt_monitor_feed(t->slow, ev);
    assert_true(wt_monitor_hash(t->fast) == wt_monitor_hash(t->slow));
    for (size_t i = 0; i < wt_catalog_count(); i++) {
        const struct wt_verdict *a = wt_monitor_verdict(t->fast, i);
        const struct wt_verdict *b = wt_monitor_verdict(t->slow, i);
        if (a->status != b->status || a->event != b->event) {
            print_message("event %u: %s fast %s, slow %s (%s)\n", (unsigned)ev->index,
                          wt_catalog_at(i)->id, wt_verdict_name(a->status),
                          wt_verdict_name(b->status), b->reason);
        }
        assert_int_equal(a->status, b->status);
        assert_int_equal(a->event, b->event);
    }
}

static void twin_run(const struct wt_op *ops, size_t n, uint64_t seed, uint64_t faults,
                     const char *flavor, const char *profile)
{
    const struct wt_profile *p = NULL;
    assert_int_equal(wt_profile_find(profile, &p), WT_OK);
    struct twin t;
    assert_int_equal(wt_monitor_new(NULL, p, &t.fast), WT_OK);
    assert_int_equal(wt_monitor_new(NULL, p, &t.slow), WT_OK);
    wt__monitor_set_fast(t.slow, false);
    struct wt_world_config cfg;
    wt_world_config_init(&cfg);
    cfg.seed = seed;
    cfg.args.faults = faults;
    cfg.args.flavor = flavor;
    cfg.finish_close = true;
    cfg.steps_max = 2000;
    struct wt_world *w = NULL;
    assert_int_equal(wt_world_new(&cfg, NULL, &w), WT_OK);
    assert_int_equal(wt_world_add_sink(w, twin_sink, &t), WT_OK);
    int rc = wt_world_start(w);
    for (size_t i = 0; i < n && !wt_is_fatal(rc); i++) {
        if (ops[i].kind != WT_OP_EXPECT_CLAUSE) {
            rc = wt_world_exec(w, &ops[i]);
        }
    }
    (void)wt_world_finish(w);
    wt_world_free(w);
    wt_monitor_end(t.fast);
    wt_monitor_end(t.slow);
    assert_true(wt_monitor_hash(t.fast) == wt_monitor_hash(t.slow));
    for (size_t i = 0; i < wt_catalog_count(); i++) {
        const struct wt_verdict *a = wt_monitor_verdict(t.fast, i);
        const struct wt_verdict *b = wt_monitor_verdict(t.slow, i);
        if (a->status != b->status || strcmp(a->reason, b->reason) != 0) {
            print_message("seed %llu faults %llx %s: %s fast %s (%s), slow %s (%s)\n",
                          (unsigned long long)seed, (unsigned long long)faults, profile,
                          wt_catalog_at(i)->id, wt_verdict_name(a->status), a->reason,
                          wt_verdict_name(b->status), b->reason);
        }
        assert_int_equal(a->status, b->status);
        assert_string_equal(a->reason, b->reason);
        assert_int_equal(a->event, b->event);
        assert_int_equal(a->conflict, b->conflict);
        assert_int_equal(a->knock_on, b->knock_on);
        assert_int_equal(a->cause_clause, b->cause_clause);
        assert_int_equal(a->cause_event, b->cause_event);
    }
    wt_monitor_free(t.fast);
    wt_monitor_free(t.slow);
}

/* Generated runs of the reference and of every built-in mutant, judged both ways. */
static void test_monitor_fast_path_judges_as_the_slow_path(void **state)
{
    (void)state;
    enum { OPS = 300, SEEDS = 12 };
    static struct wt_op ops[OPS];
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        assert_int_equal(wt_gen_ops(seed, ops, OPS), WT_OK);
        twin_run(ops, OPS, seed, 0, NULL, "docs");
        twin_run(ops, OPS, seed, 0, NULL, "asyncio");
        for (size_t k = 0; k < wt_mutant_count(); k++) {
            const struct wt_mutant *mu = wt_mutant_at(k);
            twin_run(ops, OPS, seed, mu->faults, mu->flavor,
                     mu->profile != NULL ? mu->profile : "docs");
        }
    }
}

static void test_monitor_bad_arguments(void **state)
{
    (void)state;
    struct wt_monitor *m = NULL;
    assert_int_equal(wt_monitor_new(NULL, NULL, &m), WT_EINVAL);
    wt_monitor_free(NULL);
    wt_monitor_feed(NULL, NULL);
    wt_monitor_end(NULL);
    assert_null(wt_monitor_verdict(NULL, 0));
    assert_string_equal(wt_verdict_name(WT_VERDICT_NOT_EXERCISED), "NOT-EXERCISED");
    int st = -1;
    assert_int_equal(wt_verdict_lookup("FAIL", &st), WT_OK);
    assert_int_equal(st, WT_VERDICT_FAIL);
    assert_int_equal(wt_verdict_lookup("nope", &st), WT_ENOENT);

    /* Every allocation failure of _new is WT_ENOMEM and leaks nothing. */
    const struct wt_profile *p = wt_profile_at(0);
    for (long nth = 1; nth <= 2; nth++) {
        struct tl_alloc ta;
        tl_alloc_init(&ta);
        tl_alloc_fail_at(&ta, nth);
        assert_int_equal(wt_monitor_new(tl_alloc_get(&ta), p, &m), WT_ENOMEM);
        assert_int_equal(tl_alloc_live(&ta), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_monitor_clean_trace_passes),
        cmocka_unit_test(test_monitor_missing_pause_names_numbers),
        cmocka_unit_test(test_monitor_pause_at_high_is_a_conflict),
        cmocka_unit_test(test_monitor_ssl_missing_pause_at_high_is_a_conflict),
        cmocka_unit_test(test_monitor_late_resume_per_send_vs_pipe),
        cmocka_unit_test(test_monitor_lost_wakeup_and_blocked_socket),
        cmocka_unit_test(test_monitor_close_never_completes_and_bound),
        cmocka_unit_test(test_monitor_lost_inside_call_and_twice),
        cmocka_unit_test(test_monitor_asyncio_agreement_is_a_note_under_docs),
        cmocka_unit_test(test_monitor_rejected_limits_change_nothing),
        cmocka_unit_test(test_monitor_high0_low5_accepted_is_a_conflict),
        cmocka_unit_test(test_monitor_zero_rejected_is_a_conflict),
        cmocka_unit_test(test_monitor_callback_failure_must_be_reported),
        cmocka_unit_test(test_monitor_write_eof_then_fatal_path_flushes_nothing),
        cmocka_unit_test(test_monitor_rejected_call_judged_from_the_real_state),
        cmocka_unit_test(test_monitor_rejected_call_never_judged_by_a_stale_size),
        cmocka_unit_test(test_monitor_close_of_nothing_completes_on_a_blocked_socket),
        cmocka_unit_test(test_monitor_missing_getter_is_one_fail),
        cmocka_unit_test(test_monitor_contract_errors_only_where_the_contract_allows),
        cmocka_unit_test(test_monitor_socket_use_after_abort_or_lost),
        cmocka_unit_test(test_monitor_is_closing_after_peer_eof_or_raising_data),
        cmocka_unit_test(test_monitor_nested_setter_has_the_last_word),
        cmocka_unit_test(test_monitor_write_after_peer_eof_may_be_dropped),
        cmocka_unit_test(test_monitor_shutdown_and_recv_errors_are_io_errors),
        cmocka_unit_test(test_monitor_ssl_empty_pause_is_no_lost_wakeup),
        cmocka_unit_test(test_monitor_setter_limits_apply_down_the_stack),
        cmocka_unit_test(test_monitor_resume_owed_only_after_a_send_that_went_through),
        cmocka_unit_test(test_monitor_bound_hang_or_slow),
        cmocka_unit_test(test_monitor_abort_after_the_end_began),
        cmocka_unit_test(test_monitor_impl_findings_do_not_fail_the_run),
        cmocka_unit_test(test_monitor_truncated_trace),
        cmocka_unit_test(test_monitor_reordered_and_garbage_events),
        cmocka_unit_test(test_monitor_events_after_end),
        cmocka_unit_test(test_monitor_replay_hash_and_reset),
        cmocka_unit_test(test_monitor_fast_path_judges_as_the_slow_path),
        cmocka_unit_test(test_monitor_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
