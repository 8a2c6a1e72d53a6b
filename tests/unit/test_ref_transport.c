/* SPDX-License-Identifier: MIT */
/*
 * test_ref_transport.c - unit tests of sim/ref_transport.c, the reference
 * transport, driven through a world and judged by its trace: writing and
 * buffering, flow control and the limits (every edge the docs name),
 * close/abort/write_eof and connection_lost, reading, callback failures,
 * the flavors, and one test per fault switch showing that it changes
 * what the trace says.
 *
 * Every test builds its world on the counting allocator and ends with
 * zero live blocks, so every test is also a leak test.
 *
 * Division map:
 *   1. Writing and buffering
 *   2. Limits and flow control
 *   3. Re-entrancy (hooks inside callbacks)
 *   4. close, abort, write_eof, connection_lost
 *   5. Reading and callback failures
 *   6. Flavors
 *   7. Fault switches
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "world_helpers.h"

/* high = 100, low = 50, socket blocked, 200 bytes written: paused. */
static void paused_at_200(struct wt_world *w)
{
    tw_limits(w, true, 100, true, 50);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 200, 0);
    assert_true(tw_proto(w).paused);
}

/* ================================================================== */
/* 1. Writing and buffering                                           */
/* ================================================================== */

/* With nothing queued, write() sends at once, inside the call (CPython). */
static void test_ref_transport_write_sends_synchronously(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_WRITE, 100, 0);
    size_t last = TW_SEQ(w, m, WT_EV_OP, WT_OP_WRITE, WT_EV_CALL, WT_METHOD_WRITE, WT_EV_SEND,
                         TW_ANY, WT_EV_RETURN, WT_METHOD_WRITE);
    const struct wt_event *send = tw_must(w, m, WT_EV_SEND, TW_ANY);
    assert_int_equal(send->a, 100);
    assert_int_equal(send->b, 100);
    assert_int_equal(send->c, 100);
    assert_int_equal(tw_at(w, last)->rc, WT_OK);
    assert_int_equal(tw_at(w, last)->a, 0);
    assert_int_equal(tw_peer(w).accepted, 100);
    assert_int_equal(tw_peer(w).corrupt_at, -1);
    tw_free(&ta, w);
}

/* What the socket refuses is buffered and sent when it becomes writable. */
static void test_ref_transport_write_buffers_until_writable(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_block(w);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_WRITE, 100, 0);
    assert_int_equal(tw_must(w, m, WT_EV_SEND, TW_ANY)->rc, WT_EAGAIN);
    assert_int_equal(tw_ret(w)->a, 100);
    m = tw_count(w);
    tw_flush(w);
    const struct wt_event *send = tw_must(w, m, WT_EV_SEND, TW_ANY);
    assert_int_equal(send->b, 100);
    const struct wt_event *idle = tw_must(w, m, WT_EV_IDLE, WT_IDLE_RUN);
    assert_int_equal(idle->b, 0);
    assert_int_equal(tw_peer(w).accepted, 100);
    tw_free(&ta, w);
}

/* write(b'') does nothing: no send, no callback. */
static void test_ref_transport_write_empty_is_noop(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_limits(w, true, 0, false, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_WRITE, 0, 0);
    assert_int_equal(tw_find(w, m, WT_EV_SEND, TW_ANY), -1);
    assert_int_equal(tw_find(w, m, WT_EV_CALLBACK, TW_ANY), -1);
    assert_int_equal(tw_ret(w)->rc, WT_OK);
    tw_free(&ta, w);
}

/* Partial sends keep the stream in order; the peer sees no wrong byte. */
static void test_ref_transport_partial_sends_keep_order(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_do(w, WT_OP_SOCK_CAP, 7, 0);
    tw_do(w, WT_OP_WRITE, 100, 0);
    tw_do(w, WT_OP_WRITE, 50, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_RUN, 0, 0);
    assert_true(tw_tally(w, m, WT_EV_SEND, TW_ANY) >= 10);
    assert_int_equal(tw_peer(w).accepted, 150);
    assert_int_equal(tw_peer(w).corrupt_at, -1);
    tw_free(&ta, w);
}

/* writelines: one call, chunks are consecutive, one send when idle. */
static void test_ref_transport_writelines_is_write_of_all(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    size_t m = tw_count(w);
    const uint32_t chunks[] = {10, 0, 20, 30};
    tw_writelines(w, 4, chunks);
    const struct wt_event *call = tw_must(w, m, WT_EV_CALL, WT_METHOD_WRITELINES);
    assert_int_equal(call->a, 60);
    assert_int_equal(call->c, 4);
    assert_int_equal(tw_must(w, m, WT_EV_SEND, TW_ANY)->b, 60);
    assert_int_equal(tw_peer(w).accepted, 60);
    assert_int_equal(tw_peer(w).corrupt_at, -1);
    tw_free(&ta, w);
}

/* writelines pauses exactly as write does (gh-127655). */
static void test_ref_transport_writelines_pauses(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_limits(w, true, 100, true, 50);
    tw_block(w);
    size_t m = tw_count(w);
    const uint32_t chunks[] = {80, 80};
    tw_writelines(w, 2, chunks);
    assert_int_equal(tw_must(w, m, WT_EV_CALLBACK, WT_CB_PAUSE)->a, 160);
    tw_free(&ta, w);
}

static void test_ref_transport_get_size_is_unsent_bytes(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_do(w, WT_OP_SOCK_CAP, 30, 0);
    tw_do(w, WT_OP_WRITE, 100, 0);
    tw_do(w, WT_OP_GET_SIZE, 0, 0);
    assert_int_equal(tw_ret(w)->b, 70);
    tw_do(w, WT_OP_EXPECT_SIZE, 70, 0);
    assert_int_equal(wt_world_expect_failures(w), 0);
    tw_free(&ta, w);
}

/* ================================================================== */
/* 2. Limits and flow control                                         */
/* ================================================================== */

static void test_ref_transport_default_limits(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    const struct wt_event *ret = tw_must(w, 0, WT_EV_RETURN, WT_METHOD_GET_LIMITS);
    assert_int_equal(ret->b, 16384);
    assert_int_equal(ret->c, 65536);
    tw_limits(w, true, 10, true, 5);
    tw_limits(w, false, 0, false, 0); /* neither: back to the defaults */
    assert_int_equal(tw_ret(w)->b, 16384);
    assert_int_equal(tw_ret(w)->c, 65536);
    tw_free(&ta, w);
}

/* docs flavor: size == high does not pause; high + 1 does. */
static void test_ref_transport_pause_strictly_over_high(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_limits(w, true, 100, true, 50);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 100, 0);
    assert_int_equal(tw_proto(w).pauses, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_WRITE, 1, 0);
    size_t cb = TW_SEQ(w, m, WT_EV_CALL, WT_METHOD_WRITE, WT_EV_CALLBACK, WT_CB_PAUSE,
                       WT_EV_RETURN, WT_METHOD_WRITE);
    (void)cb;
    assert_int_equal(tw_must(w, m, WT_EV_CALLBACK, WT_CB_PAUSE)->a, 101);
    tw_free(&ta, w);
}

/* Resume comes after a send that brings the size to low or under. */
static void test_ref_transport_resume_at_low(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    paused_at_200(w);
    tw_do(w, WT_OP_SOCK_CAP, 60, 0);
    size_t m = tw_count(w);
    tw_flush(w);
    const struct wt_event *resume = tw_must(w, m, WT_EV_CALLBACK, WT_CB_RESUME);
    assert_int_equal(resume->a, 20); /* 200 - 3 * 60 */
    assert_int_equal(tw_tally(w, m, WT_EV_CALLBACK, WT_CB_RESUME), 1);
    assert_false(tw_proto(w).paused);
    tw_free(&ta, w);
}

static void test_ref_transport_limits_high_equals_low(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_limits(w, true, 100, true, 100);
    assert_int_equal(tw_ret(w)->rc, WT_OK);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 101, 0);
    assert_int_equal(tw_proto(w).pauses, 1);
    tw_do(w, WT_OP_SOCK_CAP, 1, 0);
    tw_do(w, WT_OP_SOCK_OPEN, 0, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_STEP, 1, 0);
    assert_int_equal(tw_must(w, m, WT_EV_CALLBACK, WT_CB_RESUME)->a, 100);
    tw_free(&ta, w);
}

/* high = 0: low becomes 0; pause whenever the buffer becomes non-empty. */
static void test_ref_transport_limits_high_zero(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    size_t m = tw_count(w);
    tw_limits(w, true, 0, false, 0);
    assert_int_equal(tw_ret(w)->b, 0);
    assert_int_equal(tw_ret(w)->c, 0);
    assert_int_equal(tw_find(w, m, WT_EV_CALLBACK, WT_CB_PAUSE), -1); /* empty: no pause */
    tw_do(w, WT_OP_WRITE, 10, 0); /* all sent at once: never non-empty */
    assert_int_equal(tw_proto(w).pauses, 0);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 1, 0);
    assert_int_equal(tw_must(w, m, WT_EV_CALLBACK, WT_CB_PAUSE)->a, 1);
    m = tw_count(w);
    tw_flush(w);
    assert_int_equal(tw_must(w, m, WT_EV_CALLBACK, WT_CB_RESUME)->a, 0);
    /* high = 0 with an explicit low > 0 is a ValueError, not "forced". */
    tw_limits(w, true, 0, true, 5);
    assert_int_equal(tw_ret(w)->rc, WT_EVALUE);
    tw_free(&ta, w);
}

/* low = 0: resume only once the buffer is empty. */
static void test_ref_transport_limits_low_zero(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_limits(w, true, 100, true, 0);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 150, 0);
    tw_do(w, WT_OP_SOCK_CAP, 60, 0);
    size_t m = tw_count(w);
    tw_flush(w);
    assert_int_equal(tw_tally(w, m, WT_EV_SEND, TW_ANY), 3);
    long r = tw_find(w, m, WT_EV_CALLBACK, WT_CB_RESUME);
    assert_true(r > tw_last(w, WT_EV_SEND, TW_ANY));
    assert_int_equal(tw_at(w, (size_t)r)->a, 0);
    tw_free(&ta, w);
}

/* Only high: low = high // 4. */
static void test_ref_transport_limits_only_high(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    size_t m = tw_count(w);
    tw_limits(w, true, 1001, false, 0);
    const struct wt_event *call = tw_must(w, m, WT_EV_CALL, WT_METHOD_SET_LIMITS);
    assert_int_equal(call->a, 1001);
    assert_int_equal(call->c, WT_OPF_HAS_HIGH);
    assert_int_equal(tw_ret(w)->b, 250);
    assert_int_equal(tw_ret(w)->c, 1001);
    tw_do(w, WT_OP_EXPECT_LIMITS, 250, 1001);
    assert_int_equal(wt_world_expect_failures(w), 0);
    tw_free(&ta, w);
}

/* Only low: high = 4 * low (not in the docs; every implementation agrees). */
static void test_ref_transport_limits_only_low(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_limits(w, false, 0, true, 100);
    assert_int_equal(tw_ret(w)->rc, WT_OK);
    assert_int_equal(tw_ret(w)->b, 100);
    assert_int_equal(tw_ret(w)->c, 400);
    tw_free(&ta, w);
}

/* Rejected limits (low > high, negative) are a ValueError and change nothing. */
static void test_ref_transport_limits_rejected_change_nothing(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_limits(w, true, 1000, true, 200);
    const int64_t bad[][4] = {{1, 10, 1, 20}, {1, -1, 0, 0}, {0, 0, 1, -1}, {1, -8, 1, -9}};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        size_t m = tw_count(w);
        tw_limits(w, bad[i][0] != 0, bad[i][1], bad[i][2] != 0, bad[i][3]);
        assert_int_equal(tw_ret(w)->rc, WT_EVALUE);
        assert_int_equal(tw_ret(w)->b, 200);
        assert_int_equal(tw_ret(w)->c, 1000);
        assert_int_equal(tw_find(w, m, WT_EV_CALLBACK, TW_ANY), -1);
    }
    tw_do(w, WT_OP_EXPECT_ERROR, WT_EVALUE, 0);
    assert_int_equal(wt_world_expect_failures(w), 0);
    tw_free(&ta, w);
}

/* Lowering high below the current size pauses inside the setter. */
static void test_ref_transport_limits_lowered_below_size(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 1000, 0);
    assert_int_equal(tw_proto(w).pauses, 0);
    size_t m = tw_count(w);
    tw_limits(w, true, 500, true, 100);
    TW_SEQ(w, m, WT_EV_CALL, WT_METHOD_SET_LIMITS, WT_EV_CALLBACK, WT_CB_PAUSE, WT_EV_RETURN,
           WT_METHOD_SET_LIMITS);
    assert_int_equal(tw_must(w, m, WT_EV_CALLBACK, WT_CB_PAUSE)->a, 1000);
    tw_free(&ta, w);
}

/* Raising the limits while paused never resumes from the setter (docs). */
static void test_ref_transport_limits_raised_while_paused(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    paused_at_200(w);
    size_t m = tw_count(w);
    tw_limits(w, true, 100000, false, 0);
    assert_int_equal(tw_ret(w)->rc, WT_OK);
    assert_int_equal(tw_find(w, m, WT_EV_CALLBACK, WT_CB_RESUME), -1);
    assert_true(tw_proto(w).paused);
    m = tw_count(w);
    tw_flush(w);
    long send = tw_find(w, m, WT_EV_SEND, TW_ANY);
    long resume = tw_find(w, m, WT_EV_CALLBACK, WT_CB_RESUME);
    assert_true(send >= 0 && resume > send);
    tw_free(&ta, w);
}

/* ================================================================== */
/* 3. Re-entrancy (hooks inside callbacks)                            */
/* ================================================================== */

/* A write from inside resume_writing continues the stream in order. */
static void test_ref_transport_write_inside_resume_writing(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    paused_at_200(w);
    tw_on(w, WT_ON_RESUME, WT_OP_WRITE, 30, 0);
    size_t m = tw_count(w);
    tw_flush(w);
    size_t at = TW_SEQ(w, m, WT_EV_CALLBACK, WT_CB_RESUME, WT_EV_CALL, WT_METHOD_WRITE,
                       WT_EV_RETURN, WT_METHOD_WRITE);
    (void)at;
    assert_int_equal(tw_must(w, m, WT_EV_CALL, WT_METHOD_WRITE)->b, 200);
    assert_int_equal(tw_peer(w).accepted, 230);
    assert_int_equal(tw_peer(w).corrupt_at, -1);
    tw_free(&ta, w);
}

/* abort() from inside pause_writing: buffer gone, lost later, no resume. */
static void test_ref_transport_abort_inside_pause_writing(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_limits(w, true, 100, true, 50);
    tw_block(w);
    tw_on(w, WT_ON_PAUSE, WT_OP_ABORT, 0, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_WRITE, 200, 0);
    size_t ret = TW_SEQ(w, m, WT_EV_CALL, WT_METHOD_WRITE, WT_EV_CALLBACK, WT_CB_PAUSE,
                        WT_EV_CALL, WT_METHOD_ABORT, WT_EV_RETURN, WT_METHOD_ABORT, WT_EV_RETURN,
                        WT_METHOD_WRITE);
    assert_int_equal(tw_at(w, ret)->a, 0);
    assert_int_equal(tw_find(w, m, WT_EV_CALLBACK, WT_CB_LOST), -1); /* deferred */
    tw_flush(w);
    assert_int_equal(tw_must(w, m, WT_EV_CALLBACK, WT_CB_LOST)->b, 0);
    assert_int_equal(tw_find(w, m, WT_EV_CALLBACK, WT_CB_RESUME), -1);
    assert_int_equal(tw_peer(w).accepted, 0);
    tw_free(&ta, w);
}

/* A write nested in pause_writing inside a write gets the next offsets. */
static void test_ref_transport_write_inside_pause_writing(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_limits(w, true, 100, true, 50);
    tw_block(w);
    tw_on(w, WT_ON_PAUSE, WT_OP_WRITE, 10, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_WRITE, 200, 0);
    long inner = tw_find(w, (size_t)tw_find(w, m, WT_EV_CALLBACK, WT_CB_PAUSE), WT_EV_CALL,
                         WT_METHOD_WRITE);
    assert_true(inner > 0);
    assert_int_equal(tw_at(w, (size_t)inner)->b, 200);
    tw_flush(w);
    assert_int_equal(tw_peer(w).accepted, 210);
    assert_int_equal(tw_peer(w).corrupt_at, -1);
    tw_free(&ta, w);
}

/* close() from inside resume_writing: exactly one connection_lost. */
static void test_ref_transport_close_inside_resume_writing(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    paused_at_200(w);
    tw_on(w, WT_ON_RESUME, WT_OP_CLOSE, 0, 0);
    size_t m = tw_count(w);
    tw_flush(w);
    assert_int_equal(tw_tally(w, m, WT_EV_CALLBACK, WT_CB_LOST), 1);
    assert_int_equal(tw_find(w, m, WT_EV_REPORT, TW_ANY), -1);
    tw_free(&ta, w);
}

/* ================================================================== */
/* 4. close, abort, write_eof, connection_lost                        */
/* ================================================================== */

/* close() with nothing queued: closing at once, lost on the next iteration. */
static void test_ref_transport_close_empty_defers_lost(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_CLOSE, 0, 0);
    assert_int_equal(tw_find(w, m, WT_EV_CALLBACK, WT_CB_LOST), -1);
    tw_do(w, WT_OP_IS_CLOSING, 0, 0);
    assert_int_equal(tw_ret(w)->b, 1);
    tw_do(w, WT_OP_CLOSE, 0, 0); /* twice: a no-op */
    tw_do(w, WT_OP_RUN, 0, 0);
    TW_SEQ(w, m, WT_EV_SOCK_CLOSE, TW_ANY, WT_EV_CALLBACK, WT_CB_LOST);
    assert_int_equal(tw_proto(w).lost, 1);
    assert_int_equal(tw_proto(w).lost_err, 0);
    tw_free(&ta, w);
}

/* close() flushes first: lost comes after the last send. */
static void test_ref_transport_close_flushes_then_lost(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 100, 0);
    tw_do(w, WT_OP_CLOSE, 0, 0);
    size_t m = tw_count(w);
    tw_flush(w);
    long lost = tw_find(w, m, WT_EV_CALLBACK, WT_CB_LOST);
    assert_true(lost > tw_last(w, WT_EV_SEND, TW_ANY));
    assert_int_equal(tw_peer(w).accepted, 100);
    assert_true(tw_peer(w).fin);
    tw_free(&ta, w);
}

/* close while paused: flushes, resumes at low on the way, then lost. */
static void test_ref_transport_close_while_paused(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    paused_at_200(w);
    tw_do(w, WT_OP_CLOSE, 0, 0);
    tw_do(w, WT_OP_EXPECT_STATE, WT_EXPECT_CLOSING, 0);
    size_t m = tw_count(w);
    tw_flush(w);
    TW_SEQ(w, m, WT_EV_SEND, TW_ANY, WT_EV_CALLBACK, WT_CB_RESUME, WT_EV_SOCK_CLOSE, TW_ANY,
           WT_EV_CALLBACK, WT_CB_LOST);
    assert_int_equal(tw_peer(w).accepted, 200);
    assert_int_equal(wt_world_expect_failures(w), 0);
    tw_free(&ta, w);
}

/* abort(): buffer dropped at once, lost(None) later, idempotent. */
static void test_ref_transport_abort_discards_buffer(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 100, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_ABORT, 0, 0);
    assert_int_equal(tw_ret(w)->a, 0);
    assert_int_equal(tw_find(w, m, WT_EV_CALLBACK, WT_CB_LOST), -1);
    tw_do(w, WT_OP_ABORT, 0, 0);
    tw_flush(w);
    assert_int_equal(tw_tally(w, m, WT_EV_CALLBACK, WT_CB_LOST), 1);
    assert_int_equal(tw_find(w, m, WT_EV_SEND, TW_ANY), -1);
    assert_int_equal(tw_peer(w).accepted, 0);
    assert_int_equal(tw_proto(w).lost_err, 0);
    tw_free(&ta, w);
}

/* A send error while paused: lost(EPIPE), never a resume, no report. */
static void test_ref_transport_send_error_while_paused(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    paused_at_200(w);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_SOCK_FAIL, WT_EPIPE, 0);
    tw_do(w, WT_OP_RUN, 0, 0);
    TW_SEQ(w, m, WT_EV_PEER, WT_PEER_FAULT, WT_EV_SEND, TW_ANY, WT_EV_CALLBACK, WT_CB_LOST);
    assert_int_equal(tw_must(w, m, WT_EV_SEND, TW_ANY)->rc, WT_EPIPE);
    assert_int_equal(tw_must(w, m, WT_EV_CALLBACK, WT_CB_LOST)->b, WT_EPIPE);
    assert_int_equal(tw_find(w, m, WT_EV_CALLBACK, WT_CB_RESUME), -1);
    assert_int_equal(tw_find(w, m, WT_EV_REPORT, TW_ANY), -1);
    tw_do(w, WT_OP_IS_CLOSING, 0, 0);
    assert_int_equal(tw_ret(w)->b, 1);
    tw_free(&ta, w);
}

/* A send error inside write(): write still returns OK (never raises). */
static void test_ref_transport_send_error_in_write_not_raised(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_do(w, WT_OP_PEER_CLOSE, 0, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_WRITE, 10, 0);
    assert_int_equal(tw_must(w, m, WT_EV_SEND, TW_ANY)->rc, WT_EPIPE);
    assert_int_equal(tw_ret(w)->rc, WT_OK);
    tw_do(w, WT_OP_RUN, 0, 0);
    assert_int_equal(tw_proto(w).lost, 1);
    assert_int_equal(tw_proto(w).lost_err, WT_EPIPE);
    tw_free(&ta, w);
}

/* write after write_eof: RuntimeError, even for b''. */
static void test_ref_transport_write_after_write_eof(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_WRITE_EOF, 0, 0);
    TW_SEQ(w, m, WT_EV_CALL, WT_METHOD_WRITE_EOF, WT_EV_SHUTDOWN, TW_ANY, WT_EV_PEER, WT_PEER_FIN,
           WT_EV_RETURN, WT_METHOD_WRITE_EOF);
    tw_do(w, WT_OP_WRITE, 10, 0);
    assert_int_equal(tw_ret(w)->rc, WT_ESTATE);
    tw_do(w, WT_OP_WRITE, 0, 0);
    assert_int_equal(tw_ret(w)->rc, WT_ESTATE);
    const uint32_t chunks[] = {5};
    tw_writelines(w, 1, chunks);
    assert_int_equal(tw_ret(w)->rc, WT_ESTATE);
    assert_int_equal(tw_peer(w).accepted, 0);
    tw_do(w, WT_OP_EXPECT_STATE, WT_EXPECT_NOT_CLOSING, 0);
    tw_do(w, WT_OP_EXPECT_STATE, WT_EXPECT_EOF_SENT, 0);
    assert_int_equal(wt_world_expect_failures(w), 0);
    tw_free(&ta, w);
}

/* write after close() with nothing queued: dropped silently. */
static void test_ref_transport_write_after_close(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_do(w, WT_OP_CLOSE, 0, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_WRITE, 10, 0);
    assert_int_equal(tw_ret(w)->rc, WT_OK);
    assert_int_equal(tw_ret(w)->a, 0);
    tw_do(w, WT_OP_RUN, 0, 0);
    tw_do(w, WT_OP_WRITE, 10, 0); /* and after connection_lost */
    assert_int_equal(tw_ret(w)->rc, WT_OK);
    assert_int_equal(tw_find(w, m, WT_EV_SEND, TW_ANY), -1);
    assert_int_equal(tw_peer(w).accepted, 0);
    tw_free(&ta, w);
}

/* write after close() with data still queued: appended and delivered (CPython). */
static void test_ref_transport_write_after_close_with_pending_data(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 10, 0);
    tw_do(w, WT_OP_CLOSE, 0, 0);
    tw_do(w, WT_OP_WRITE, 5, 0);
    assert_int_equal(tw_ret(w)->a, 15);
    tw_flush(w);
    assert_int_equal(tw_peer(w).accepted, 15);
    assert_int_equal(tw_peer(w).corrupt_at, -1);
    assert_int_equal(tw_proto(w).lost, 1);
    tw_free(&ta, w);
}

/* write_eof with data queued: FIN only after the flush. */
static void test_ref_transport_write_eof_after_flush(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 100, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_WRITE_EOF, 0, 0);
    assert_int_equal(tw_find(w, m, WT_EV_SHUTDOWN, TW_ANY), -1);
    tw_do(w, WT_OP_WRITE_EOF, 0, 0); /* twice: a no-op */
    assert_int_equal(tw_ret(w)->rc, WT_OK);
    tw_flush(w);
    TW_SEQ(w, m, WT_EV_SEND, TW_ANY, WT_EV_SHUTDOWN, TW_ANY, WT_EV_PEER, WT_PEER_FIN);
    assert_int_equal(tw_tally(w, m, WT_EV_SHUTDOWN, TW_ANY), 1);
    assert_int_equal(tw_proto(w).lost, 0); /* half-closed, not closed */
    tw_free(&ta, w);
}

/* A socket without shutdown(SHUT_WR): the connection ends with that error. */
static void test_ref_transport_write_eof_unsupported_socket(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_do(w, WT_OP_SOCK_HALFCLOSE, 0, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_WRITE_EOF, 0, 0);
    assert_int_equal(tw_must(w, m, WT_EV_SHUTDOWN, TW_ANY)->rc, WT_ENOTSUP);
    assert_int_equal(tw_ret(w)->rc, WT_OK);
    tw_do(w, WT_OP_RUN, 0, 0);
    assert_int_equal(tw_proto(w).lost_err, WT_ENOTSUP);
    tw_free(&ta, w);
}

/* ================================================================== */
/* 5. Reading and callback failures                                   */
/* ================================================================== */

static void test_ref_transport_data_received(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_do(w, WT_OP_PEER_SEND, 100, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_STEP, 1, 0);
    TW_SEQ(w, m, WT_EV_RECV, TW_ANY, WT_EV_CALLBACK, WT_CB_DATA);
    assert_int_equal(tw_must(w, m, WT_EV_RECV, TW_ANY)->a, 100);
    assert_int_equal(tw_must(w, m, WT_EV_CALLBACK, WT_CB_DATA)->b, 100);
    assert_int_equal(tw_proto(w).data_bytes, 100);
    tw_free(&ta, w);
}

/* Peer EOF while data is queued: eof_received, close, flush, then lost. */
static void test_ref_transport_peer_eof_with_data_pending(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 100, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_PEER_EOF, 0, 0);
    tw_do(w, WT_OP_STEP, 1, 0);
    TW_SEQ(w, m, WT_EV_RECV, TW_ANY, WT_EV_CALLBACK, WT_CB_EOF);
    tw_do(w, WT_OP_EXPECT_STATE, WT_EXPECT_CLOSING, 0);
    tw_do(w, WT_OP_EXPECT_STATE, WT_EXPECT_NOT_LOST, 0);
    tw_flush(w);
    long lost = tw_find(w, m, WT_EV_CALLBACK, WT_CB_LOST);
    assert_true(lost > tw_last(w, WT_EV_SEND, TW_ANY));
    assert_int_equal(tw_at(w, (size_t)lost)->b, 0);
    assert_int_equal(tw_peer(w).accepted, 100);
    assert_int_equal(wt_world_expect_failures(w), 0);
    tw_free(&ta, w);
}

/* eof_received returning true keeps the transport open for writing. */
static void test_ref_transport_peer_eof_keep_open(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_on(w, WT_ON_EOF, WT_OP_EOF_KEEP_OPEN, 1, 0);
    tw_do(w, WT_OP_PEER_EOF, 0, 0);
    tw_do(w, WT_OP_RUN, 0, 0);
    assert_int_equal(tw_proto(w).eofs, 1);
    tw_do(w, WT_OP_EXPECT_STATE, WT_EXPECT_NOT_CLOSING, 0);
    tw_do(w, WT_OP_WRITE, 10, 0);
    assert_int_equal(tw_peer(w).accepted, 10);
    assert_int_equal(wt_world_expect_failures(w), 0);
    tw_free(&ta, w);
}

/* pause_writing raises: reported to the handler, write() still succeeds. */
static void test_ref_transport_pause_failure_reported(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_on(w, WT_ON_PAUSE, WT_OP_RAISE, 0, 0);
    size_t m = tw_count(w);
    paused_at_200(w);
    TW_SEQ(w, m, WT_EV_CALLBACK, WT_CB_PAUSE, WT_EV_REPORT, WT_REPORT_PAUSE_FAILED, WT_EV_RETURN,
           WT_METHOD_WRITE);
    assert_int_equal(tw_must(w, m, WT_EV_CALLBACK, WT_CB_PAUSE)->rc, WT_ECALLBACK);
    assert_int_equal(tw_must(w, m, WT_EV_REPORT, TW_ANY)->rc, WT_ECALLBACK);
    assert_int_equal(tw_ret(w)->rc, WT_OK);
    tw_flush(w); /* paused all the same: resume follows */
    assert_int_equal(tw_proto(w).resumes, 1);
    tw_free(&ta, w);
}

static void test_ref_transport_resume_failure_reported(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    paused_at_200(w);
    tw_on(w, WT_ON_RESUME, WT_OP_RAISE, 0, 0);
    size_t m = tw_count(w);
    tw_flush(w);
    TW_SEQ(w, m, WT_EV_CALLBACK, WT_CB_RESUME, WT_EV_REPORT, WT_REPORT_RESUME_FAILED);
    assert_int_equal(tw_proto(w).lost, 0);
    tw_free(&ta, w);
}

/* data_received raises: reported, and the connection ends with the error. */
static void test_ref_transport_data_failure_fatal(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_on(w, WT_ON_DATA, WT_OP_RAISE, 0, 0);
    tw_do(w, WT_OP_PEER_SEND, 10, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_RUN, 0, 0);
    TW_SEQ(w, m, WT_EV_CALLBACK, WT_CB_DATA, WT_EV_REPORT, WT_REPORT_CALLBACK_FAILED,
           WT_EV_CALLBACK, WT_CB_LOST);
    assert_int_equal(tw_proto(w).lost_err, WT_ECALLBACK);
    tw_free(&ta, w);
}

/* ================================================================== */
/* 6. Flavors                                                         */
/* ================================================================== */

static void test_ref_transport_flavor_ge_pauses_at_high(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, "ge", 0);
    tw_limits(w, true, 100, true, 50);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 100, 0);
    assert_int_equal(tw_proto(w).pauses, 1);
    tw_free(&ta, w);
}

static void test_ref_transport_flavor_no_eof(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, "no-eof", 0);
    tw_do(w, WT_OP_CAN_WRITE_EOF, 0, 0);
    assert_int_equal(tw_ret(w)->b, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_WRITE_EOF, 0, 0);
    assert_int_equal(tw_ret(w)->rc, WT_ENOTIMPL);
    assert_int_equal(tw_find(w, m, WT_EV_SHUTDOWN, TW_ANY), -1);
    tw_do(w, WT_OP_WRITE, 10, 0); /* nothing changed: writes still work */
    assert_int_equal(tw_ret(w)->rc, WT_OK);
    assert_int_equal(tw_peer(w).accepted, 10);
    tw_free(&ta, w);
}

/* cpython-pipe: resume only when empty; write_eof closes; later writes drop. */
static void test_ref_transport_flavor_cpython_pipe(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, "cpython-pipe", 0);
    paused_at_200(w);
    tw_do(w, WT_OP_SOCK_CAP, 60, 0);
    size_t m = tw_count(w);
    tw_flush(w);
    assert_int_equal(tw_must(w, m, WT_EV_CALLBACK, WT_CB_RESUME)->a, 0);
    tw_do(w, WT_OP_WRITE_EOF, 0, 0);
    tw_do(w, WT_OP_EXPECT_STATE, WT_EXPECT_CLOSING, 0);
    tw_do(w, WT_OP_WRITE, 10, 0);
    assert_int_equal(tw_ret(w)->rc, WT_OK);
    tw_do(w, WT_OP_RUN, 0, 0);
    assert_int_equal(tw_find(w, m, WT_EV_SHUTDOWN, TW_ANY), -1);
    assert_int_equal(tw_proto(w).lost, 1);
    assert_int_equal(tw_peer(w).accepted, 200);
    assert_int_equal(wt_world_expect_failures(w), 0);
    tw_free(&ta, w);
}

/* cpython-ssl: 512 KiB defaults, >= high, resume from the setter, no eof. */
static void test_ref_transport_flavor_cpython_ssl(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, "cpython-ssl", 0);
    const struct wt_event *lim = tw_must(w, 0, WT_EV_RETURN, WT_METHOD_GET_LIMITS);
    assert_int_equal(lim->b, 131072);
    assert_int_equal(lim->c, 524288);
    tw_limits(w, true, 100, true, 50);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 100, 0);
    assert_int_equal(tw_proto(w).pauses, 1);
    size_t m = tw_count(w);
    tw_limits(w, true, 1000, true, 500);
    TW_SEQ(w, m, WT_EV_CALL, WT_METHOD_SET_LIMITS, WT_EV_CALLBACK, WT_CB_RESUME, WT_EV_RETURN,
           WT_METHOD_SET_LIMITS);
    tw_do(w, WT_OP_WRITE_EOF, 0, 0);
    assert_int_equal(tw_ret(w)->rc, WT_ENOTIMPL);
    tw_free(&ta, w);
}

/*
 * cpython-ssl at high = 0 (sslproto.py:818): the setter pauses an empty
 * buffer, and the next write, even one the socket takes whole, runs
 * _control_app_writing and resumes (size 0 <= low 0).
 */
static void test_ref_transport_flavor_cpython_ssl_write_resumes_empty_pause(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, "cpython-ssl", 0);
    tw_limits(w, true, 0, false, 0);
    assert_int_equal(tw_proto(w).pauses, 1);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_WRITE, 10, 0); /* sent at once */
    TW_SEQ(w, m, WT_EV_CALL, WT_METHOD_WRITE, WT_EV_SEND, 0, WT_EV_CALLBACK, WT_CB_RESUME,
           WT_EV_RETURN, WT_METHOD_WRITE);
    m = tw_count(w);
    tw_writelines(w, 2, (const uint32_t[]){5, 5}); /* sent at once too */
    assert_int_equal(tw_must(w, m, WT_EV_CALLBACK, WT_CB_PAUSE)->a, 0); /* 0 >= 0 again */
    tw_free(&ta, w);
}

static void test_ref_transport_flavor_uvloop_limits(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, "uvloop", 0);
    const struct wt_event *lim = tw_must(w, 0, WT_EV_RETURN, WT_METHOD_GET_LIMITS);
    assert_int_equal(lim->b, 16);
    assert_int_equal(lim->c, 65536);
    tw_free(&ta, w);
}

static void test_ref_transport_flavor_unknown(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world_config cfg;
    wt_world_config_init(&cfg);
    cfg.args.flavor = "no-such-flavor";
    struct wt_world *w = NULL;
    assert_int_equal(wt_world_new(&cfg, tl_alloc_get(&ta), &w), WT_OK);
    assert_int_equal(wt_world_start(w), WT_EADAPTER);
    tw_free(&ta, w);
}

/* ================================================================== */
/* 7. Fault switches                                                  */
/* ================================================================== */

#define FAULT_WORLD(name) tw_new(&ta, NULL, WT_FAULT(name))

static void test_ref_transport_fault_pause_off_by_one(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(PAUSE_OFF_BY_ONE);
    tw_limits(w, true, 100, true, 50);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 101, 0);
    assert_int_equal(tw_proto(w).pauses, 0); /* the reference pauses here */
    tw_do(w, WT_OP_WRITE, 1, 0);
    assert_int_equal(tw_proto(w).pauses, 1);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_never_pause(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(NEVER_PAUSE);
    tw_limits(w, true, 100, true, 50);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 200, 0);
    assert_int_equal(tw_proto(w).pauses, 0);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_never_resume(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(NEVER_RESUME);
    paused_at_200(w);
    tw_flush(w);
    assert_int_equal(tw_proto(w).resumes, 0);
    assert_true(tw_proto(w).paused);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_double_pause(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(DOUBLE_PAUSE);
    paused_at_200(w);
    tw_do(w, WT_OP_WRITE, 1, 0);
    assert_int_equal(tw_proto(w).pauses, 2);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_lost_twice(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(LOST_TWICE);
    tw_do(w, WT_OP_CLOSE, 0, 0);
    tw_do(w, WT_OP_RUN, 0, 0);
    assert_int_equal(tw_proto(w).lost, 2);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_lost_sync(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(LOST_SYNC);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_CLOSE, 0, 0);
    TW_SEQ(w, m, WT_EV_CALL, WT_METHOD_CLOSE, WT_EV_CALLBACK, WT_CB_LOST, WT_EV_RETURN,
           WT_METHOD_CLOSE);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_abort_keeps_data(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(ABORT_KEEPS_DATA);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 100, 0);
    tw_do(w, WT_OP_ABORT, 0, 0);
    assert_int_equal(tw_ret(w)->a, 100);
    tw_flush(w);
    assert_int_equal(tw_peer(w).accepted, 100);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_writelines_no_pause(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(WRITELINES_NO_PAUSE);
    tw_limits(w, true, 100, true, 50);
    tw_block(w);
    const uint32_t chunks[] = {80, 80};
    tw_writelines(w, 2, chunks);
    assert_int_equal(tw_proto(w).pauses, 0);
    tw_do(w, WT_OP_WRITE, 1, 0); /* write() still pauses */
    assert_int_equal(tw_proto(w).pauses, 1);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_limits_apply_rejected(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(LIMITS_APPLY_REJECTED);
    tw_limits(w, true, 10, true, 20);
    assert_int_equal(tw_ret(w)->rc, WT_EVALUE);
    assert_int_equal(tw_ret(w)->b, 20);
    assert_int_equal(tw_ret(w)->c, 10);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_resume_after_abort(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(RESUME_AFTER_ABORT);
    paused_at_200(w);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_ABORT, 0, 0);
    TW_SEQ(w, m, WT_EV_CALL, WT_METHOD_ABORT, WT_EV_CALLBACK, WT_CB_RESUME, WT_EV_RETURN,
           WT_METHOD_ABORT);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_lose_wakeup(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(LOSE_WAKEUP);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 100, 0);
    size_t m = tw_count(w);
    tw_flush(w);
    assert_int_equal(tw_must(w, m, WT_EV_IDLE, WT_IDLE_RUN)->b, 100); /* stranded */
    assert_int_equal(tw_peer(w).accepted, 0);
    tw_free(&ta, w);
}

static uint64_t nondet_hash(struct wt_world *w)
{
    tw_do(w, WT_OP_SOCK_CAP, 100000, 0);
    tw_do(w, WT_OP_WRITE, 50000, 0);
    tw_do(w, WT_OP_RUN, 0, 0);
    assert_int_equal(tw_peer(w).accepted, 50000);
    return wt_world_hash(w);
}

/* Two live worlds, one seed: equal traces, unless NONDETERMINISTIC is on. */
static void test_ref_transport_fault_nondeterministic(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *x = tw_new(&ta, NULL, 0);
    struct wt_world *y = tw_new(&ta, NULL, 0);
    assert_true(nondet_hash(x) == nondet_hash(y));
    struct wt_world *p = FAULT_WORLD(NONDETERMINISTIC);
    struct wt_world *q = FAULT_WORLD(NONDETERMINISTIC);
    assert_true(nondet_hash(p) != nondet_hash(q));
    wt_world_free(x);
    wt_world_free(y);
    wt_world_free(p);
    tw_free(&ta, q);
}

static void test_ref_transport_fault_size_lies(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(SIZE_LIES);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 100, 0);
    assert_int_equal(tw_ret(w)->a, 50);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_limits_swapped(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(LIMITS_SWAPPED);
    const struct wt_event *lim = tw_must(w, 0, WT_EV_RETURN, WT_METHOD_GET_LIMITS);
    assert_int_equal(lim->b, 65536);
    assert_int_equal(lim->c, 16384);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_no_default_low(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(NO_DEFAULT_LOW);
    tw_limits(w, true, 100000, false, 0);
    assert_int_equal(tw_ret(w)->b, 16384); /* the reference: 25000 */
    tw_free(&ta, w);
}

static void test_ref_transport_fault_accept_negative(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(ACCEPT_NEGATIVE);
    tw_limits(w, true, -4, true, -8);
    assert_int_equal(tw_ret(w)->rc, WT_OK);
    assert_int_equal(tw_ret(w)->b, -8);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_close_drops_data(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(CLOSE_DROPS_DATA);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 100, 0);
    tw_do(w, WT_OP_CLOSE, 0, 0);
    assert_int_equal(tw_ret(w)->a, 0);
    tw_flush(w);
    assert_int_equal(tw_peer(w).accepted, 0);
    assert_int_equal(tw_proto(w).lost, 1);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_write_eof_no_flush(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(WRITE_EOF_NO_FLUSH);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 100, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_WRITE_EOF, 0, 0);
    assert_true(tw_find(w, m, WT_EV_SHUTDOWN, TW_ANY) >= 0);
    tw_flush(w);
    assert_int_equal(tw_peer(w).accepted, 0);
    assert_int_equal(tw_proto(w).lost_err, WT_EPIPE);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_empty_write_sends(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(EMPTY_WRITE_SENDS);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_WRITE, 0, 0);
    assert_int_equal(tw_must(w, m, WT_EV_SEND, TW_ANY)->a, 0);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_is_closing_late(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(IS_CLOSING_LATE);
    tw_do(w, WT_OP_CLOSE, 0, 0);
    tw_do(w, WT_OP_IS_CLOSING, 0, 0);
    assert_int_equal(tw_ret(w)->b, 0);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_no_lost_on_error(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(NO_LOST_ON_ERROR);
    tw_do(w, WT_OP_SOCK_FAIL, WT_ECONNRESET, 0);
    tw_do(w, WT_OP_WRITE, 10, 0);
    tw_do(w, WT_OP_RUN, 0, 0);
    assert_int_equal(tw_proto(w).lost, 0);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_raise_on_io_error(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(RAISE_ON_IO_ERROR);
    tw_do(w, WT_OP_SOCK_FAIL, WT_EPIPE, 0);
    tw_do(w, WT_OP_WRITE, 10, 0);
    assert_int_equal(tw_ret(w)->rc, WT_EPIPE);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_callback_failure_propagates(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(CALLBACK_FAILURE_PROPAGATES);
    tw_on(w, WT_ON_PAUSE, WT_OP_RAISE, 0, 0);
    size_t m = tw_count(w);
    tw_limits(w, true, 100, true, 50);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 200, 0);
    assert_int_equal(tw_ret(w)->rc, WT_ECALLBACK);
    assert_int_equal(tw_find(w, m, WT_EV_REPORT, TW_ANY), -1);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_data_after_close(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(DATA_AFTER_CLOSE);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 10, 0);
    tw_do(w, WT_OP_CLOSE, 0, 0);
    tw_do(w, WT_OP_PEER_SEND, 5, 0);
    tw_do(w, WT_OP_STEP, 1, 0);
    assert_int_equal(tw_proto(w).data_calls, 1);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_callback_after_lost(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(CALLBACK_AFTER_LOST);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_CLOSE, 0, 0);
    tw_do(w, WT_OP_RUN, 0, 0);
    size_t lost = TW_SEQ(w, m, WT_EV_CALLBACK, WT_CB_LOST, WT_EV_CALLBACK, WT_CB_PAUSE);
    assert_int_equal(tw_at(w, lost)->a, -1); /* the world no longer reads the size */
    tw_free(&ta, w);
}

static void test_ref_transport_fault_can_write_eof_lies(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(CAN_WRITE_EOF_LIES);
    tw_do(w, WT_OP_CAN_WRITE_EOF, 0, 0);
    assert_int_equal(tw_ret(w)->b, 1);
    tw_do(w, WT_OP_WRITE_EOF, 0, 0);
    assert_int_equal(tw_ret(w)->rc, WT_ENOTIMPL);
    tw_free(&ta, w);
}

/* abort() inside resume_writing: the read queued in the same iteration still delivers. */
static void test_ref_transport_fault_abort_keeps_reading(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(ABORT_KEEPS_READING);
    tw_on(w, WT_ON_RESUME, WT_OP_ABORT, 0, 0);
    paused_at_200(w);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_SOCK_OPEN, 0, 0);
    tw_do(w, WT_OP_STEP, 1, 0); /* the writer: send, resume, abort */
    tw_do(w, WT_OP_PEER_SEND, 10, 0);
    tw_do(w, WT_OP_RUN, 0, 0);
    TW_SEQ(w, m, WT_EV_CALLBACK, WT_CB_RESUME, WT_EV_CALL, WT_METHOD_ABORT, WT_EV_CALLBACK,
           WT_CB_DATA, WT_EV_CALLBACK, WT_CB_LOST); /* the reference: no data_received */
    assert_int_equal(tw_proto(w).data_calls, 1);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_abort_lost_error(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(ABORT_LOST_ERROR);
    tw_do(w, WT_OP_ABORT, 0, 0);
    tw_do(w, WT_OP_RUN, 0, 0);
    assert_int_equal(tw_must(w, 0, WT_EV_CALLBACK, WT_CB_LOST)->b, WT_ECLOSED);
    assert_int_equal(tw_proto(w).lost_err, WT_ECLOSED);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_limits_clamp_low(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(LIMITS_CLAMP_LOW);
    tw_limits(w, true, 10, true, 20);
    assert_int_equal(tw_ret(w)->rc, WT_OK); /* the reference: WT_EVALUE */
    assert_int_equal(tw_ret(w)->b, 10);
    assert_int_equal(tw_ret(w)->c, 10);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_pause_ge_as_gt(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, "ge", WT_FAULT(PAUSE_GE_AS_GT));
    tw_limits(w, true, 100, true, 50);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 100, 0);
    assert_int_equal(tw_proto(w).pauses, 0); /* the ge flavor pauses at size == high */
    tw_do(w, WT_OP_WRITE, 1, 0);
    assert_int_equal(tw_proto(w).pauses, 1);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_high0_as_none(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(HIGH0_AS_NONE);
    tw_limits(w, true, 0, false, 0);
    assert_int_equal(tw_ret(w)->rc, WT_OK);
    assert_int_equal(tw_ret(w)->b, 16384); /* the reference: (0, 0) */
    assert_int_equal(tw_ret(w)->c, 65536);
    tw_limits(w, true, 0, true, 0); /* both given: not affected */
    assert_int_equal(tw_ret(w)->b, 0);
    assert_int_equal(tw_ret(w)->c, 0);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_low0_as_unset(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(LOW0_AS_UNSET);
    tw_limits(w, true, 100, true, 0);
    assert_int_equal(tw_ret(w)->b, 0); /* the read-back is still 0 */
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 200, 0);
    tw_do(w, WT_OP_SOCK_CAP, 90, 0);
    tw_flush(w);
    /* Resumed at 20 <= 100 // 4; the reference waits for 0. */
    assert_int_equal(tw_must(w, 0, WT_EV_CALLBACK, WT_CB_RESUME)->a, 20);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_raise_lost_none(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(RAISE_LOST_NONE);
    tw_on(w, WT_ON_DATA, WT_OP_RAISE, 0, 0);
    tw_do(w, WT_OP_PEER_SEND, 10, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_RUN, 0, 0);
    TW_SEQ(w, m, WT_EV_CALLBACK, WT_CB_DATA, WT_EV_REPORT, WT_REPORT_CALLBACK_FAILED,
           WT_EV_CALLBACK, WT_CB_LOST);
    assert_int_equal(tw_proto(w).lost_err, 0); /* the reference: WT_ECALLBACK */
    tw_free(&ta, w);
}

static void test_ref_transport_fault_reject_zero(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(REJECT_ZERO);
    tw_limits(w, true, 100, true, 0);
    assert_int_equal(tw_ret(w)->rc, WT_EVALUE);
    tw_limits(w, true, 0, false, 0);
    assert_int_equal(tw_ret(w)->rc, WT_EVALUE);
    tw_limits(w, true, 100, true, 1);
    assert_int_equal(tw_ret(w)->rc, WT_OK);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_eof_keeps_reading(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(EOF_KEEPS_READING);
    tw_on(w, WT_ON_EOF, WT_OP_EOF_KEEP_OPEN, 1, 0);
    tw_do(w, WT_OP_PEER_EOF, 0, 0);
    /* Kept open (from then on), the EOF is read again and again: the run hits its bound. */
    assert_int_equal(tw_op(w, WT_OP_RUN, 0, 0), WT_ETIMEOUT);
    assert_true(tw_proto(w).eofs >= 2); /* the reference: exactly 1 */
    tw_do(w, WT_OP_CLOSE, 0, 0);
    tw_do(w, WT_OP_RUN, 0, 0);
    assert_int_equal(tw_proto(w).lost, 1);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_error_after_lost(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(ERROR_AFTER_LOST);
    tw_do(w, WT_OP_CLOSE, 0, 0);
    tw_do(w, WT_OP_RUN, 0, 0);
    assert_int_equal(tw_proto(w).lost, 1);
    (void)tw_op(w, WT_OP_WRITE, 5, 0);
    assert_int_equal(tw_ret(w)->rc, WT_EATTRIBUTE); /* the reference drops it: WT_OK */
    tw_free(&ta, w);
}

static void test_ref_transport_fault_report_io_error(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(REPORT_IO_ERROR);
    tw_do(w, WT_OP_SOCK_FAIL, WT_EPIPE, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_WRITE, 10, 0);
    tw_do(w, WT_OP_RUN, 0, 0);
    const struct wt_event *rep = tw_must(w, m, WT_EV_REPORT, WT_REPORT_FATAL_ERROR);
    assert_int_equal(rep->rc, WT_EPIPE);
    assert_int_equal(tw_proto(w).lost_err, WT_EPIPE);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_no_default_high(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(NO_DEFAULT_HIGH);
    tw_limits(w, false, 0, true, 100);
    assert_int_equal(tw_ret(w)->b, 100);
    assert_int_equal(tw_ret(w)->c, 65536); /* the reference: 400 */
    tw_free(&ta, w);
}

static void test_ref_transport_fault_resume_stale_size(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, "cpython-pipe", WT_FAULT(RESUME_STALE_SIZE));
    paused_at_200(w);
    tw_flush(w);
    /* Drained, but the check saw 200 before the send: the pipe never resumes. */
    assert_int_equal(tw_peer(w).accepted, 200);
    assert_int_equal(tw_proto(w).resumes, 0);
    assert_true(tw_proto(w).paused);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_report_args_swapped(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(REPORT_ARGS_SWAPPED);
    tw_on(w, WT_ON_PAUSE, WT_OP_RAISE, 0, 0);
    size_t m = tw_count(w);
    paused_at_200(w);
    /* The REPORT's kind is the error code, out of enum wt_report's range. */
    const struct wt_event *rep = tw_must(w, m, WT_EV_REPORT, TW_ANY);
    assert_int_equal(rep->what, (uint16_t)WT_ECALLBACK);
    assert_true(rep->what >= WT_REPORT_COUNT);
    assert_int_equal(rep->rc, WT_REPORT_PAUSE_FAILED);
    tw_free(&ta, w);
}

static void test_ref_transport_fault_recv_after_lost(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = FAULT_WORLD(RECV_AFTER_LOST);
    tw_do(w, WT_OP_CLOSE, 0, 0);
    tw_do(w, WT_OP_RUN, 0, 0);
    const struct wt_event *lost = tw_must(w, 0, WT_EV_CALLBACK, WT_CB_LOST);
    const struct wt_event *rx = tw_must(w, lost->index, WT_EV_RECV, TW_ANY);
    assert_true(rx->index > lost->index);
    assert_int_not_equal(rx->rc, WT_OK); /* the socket was closed before lost */
    tw_free(&ta, w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ref_transport_write_sends_synchronously),
        cmocka_unit_test(test_ref_transport_write_buffers_until_writable),
        cmocka_unit_test(test_ref_transport_write_empty_is_noop),
        cmocka_unit_test(test_ref_transport_partial_sends_keep_order),
        cmocka_unit_test(test_ref_transport_writelines_is_write_of_all),
        cmocka_unit_test(test_ref_transport_writelines_pauses),
        cmocka_unit_test(test_ref_transport_get_size_is_unsent_bytes),
        cmocka_unit_test(test_ref_transport_default_limits),
        cmocka_unit_test(test_ref_transport_pause_strictly_over_high),
        cmocka_unit_test(test_ref_transport_resume_at_low),
        cmocka_unit_test(test_ref_transport_limits_high_equals_low),
        cmocka_unit_test(test_ref_transport_limits_high_zero),
        cmocka_unit_test(test_ref_transport_limits_low_zero),
        cmocka_unit_test(test_ref_transport_limits_only_high),
        cmocka_unit_test(test_ref_transport_limits_only_low),
        cmocka_unit_test(test_ref_transport_limits_rejected_change_nothing),
        cmocka_unit_test(test_ref_transport_limits_lowered_below_size),
        cmocka_unit_test(test_ref_transport_limits_raised_while_paused),
        cmocka_unit_test(test_ref_transport_write_inside_resume_writing),
        cmocka_unit_test(test_ref_transport_abort_inside_pause_writing),
        cmocka_unit_test(test_ref_transport_write_inside_pause_writing),
        cmocka_unit_test(test_ref_transport_close_inside_resume_writing),
        cmocka_unit_test(test_ref_transport_close_empty_defers_lost),
        cmocka_unit_test(test_ref_transport_close_flushes_then_lost),
        cmocka_unit_test(test_ref_transport_close_while_paused),
        cmocka_unit_test(test_ref_transport_abort_discards_buffer),
        cmocka_unit_test(test_ref_transport_send_error_while_paused),
        cmocka_unit_test(test_ref_transport_send_error_in_write_not_raised),
        cmocka_unit_test(test_ref_transport_write_after_write_eof),
        cmocka_unit_test(test_ref_transport_write_after_close),
        cmocka_unit_test(test_ref_transport_write_after_close_with_pending_data),
        cmocka_unit_test(test_ref_transport_write_eof_after_flush),
        cmocka_unit_test(test_ref_transport_write_eof_unsupported_socket),
        cmocka_unit_test(test_ref_transport_data_received),
        cmocka_unit_test(test_ref_transport_peer_eof_with_data_pending),
        cmocka_unit_test(test_ref_transport_peer_eof_keep_open),
        cmocka_unit_test(test_ref_transport_pause_failure_reported),
        cmocka_unit_test(test_ref_transport_resume_failure_reported),
        cmocka_unit_test(test_ref_transport_data_failure_fatal),
        cmocka_unit_test(test_ref_transport_flavor_ge_pauses_at_high),
        cmocka_unit_test(test_ref_transport_flavor_no_eof),
        cmocka_unit_test(test_ref_transport_flavor_cpython_pipe),
        cmocka_unit_test(test_ref_transport_flavor_cpython_ssl),
        cmocka_unit_test(test_ref_transport_flavor_cpython_ssl_write_resumes_empty_pause),
        cmocka_unit_test(test_ref_transport_flavor_uvloop_limits),
        cmocka_unit_test(test_ref_transport_flavor_unknown),
        cmocka_unit_test(test_ref_transport_fault_pause_off_by_one),
        cmocka_unit_test(test_ref_transport_fault_never_pause),
        cmocka_unit_test(test_ref_transport_fault_never_resume),
        cmocka_unit_test(test_ref_transport_fault_double_pause),
        cmocka_unit_test(test_ref_transport_fault_lost_twice),
        cmocka_unit_test(test_ref_transport_fault_lost_sync),
        cmocka_unit_test(test_ref_transport_fault_abort_keeps_data),
        cmocka_unit_test(test_ref_transport_fault_writelines_no_pause),
        cmocka_unit_test(test_ref_transport_fault_limits_apply_rejected),
        cmocka_unit_test(test_ref_transport_fault_resume_after_abort),
        cmocka_unit_test(test_ref_transport_fault_lose_wakeup),
        cmocka_unit_test(test_ref_transport_fault_nondeterministic),
        cmocka_unit_test(test_ref_transport_fault_size_lies),
        cmocka_unit_test(test_ref_transport_fault_limits_swapped),
        cmocka_unit_test(test_ref_transport_fault_no_default_low),
        cmocka_unit_test(test_ref_transport_fault_accept_negative),
        cmocka_unit_test(test_ref_transport_fault_close_drops_data),
        cmocka_unit_test(test_ref_transport_fault_write_eof_no_flush),
        cmocka_unit_test(test_ref_transport_fault_empty_write_sends),
        cmocka_unit_test(test_ref_transport_fault_is_closing_late),
        cmocka_unit_test(test_ref_transport_fault_no_lost_on_error),
        cmocka_unit_test(test_ref_transport_fault_raise_on_io_error),
        cmocka_unit_test(test_ref_transport_fault_callback_failure_propagates),
        cmocka_unit_test(test_ref_transport_fault_data_after_close),
        cmocka_unit_test(test_ref_transport_fault_callback_after_lost),
        cmocka_unit_test(test_ref_transport_fault_can_write_eof_lies),
        cmocka_unit_test(test_ref_transport_fault_abort_keeps_reading),
        cmocka_unit_test(test_ref_transport_fault_abort_lost_error),
        cmocka_unit_test(test_ref_transport_fault_limits_clamp_low),
        cmocka_unit_test(test_ref_transport_fault_pause_ge_as_gt),
        cmocka_unit_test(test_ref_transport_fault_high0_as_none),
        cmocka_unit_test(test_ref_transport_fault_low0_as_unset),
        cmocka_unit_test(test_ref_transport_fault_raise_lost_none),
        cmocka_unit_test(test_ref_transport_fault_reject_zero),
        cmocka_unit_test(test_ref_transport_fault_eof_keeps_reading),
        cmocka_unit_test(test_ref_transport_fault_error_after_lost),
        cmocka_unit_test(test_ref_transport_fault_report_io_error),
        cmocka_unit_test(test_ref_transport_fault_no_default_high),
        cmocka_unit_test(test_ref_transport_fault_resume_stale_size),
        cmocka_unit_test(test_ref_transport_fault_report_args_swapped),
        cmocka_unit_test(test_ref_transport_fault_recv_after_lost),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
