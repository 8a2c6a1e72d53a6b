/* SPDX-License-Identifier: MIT */
/*
 * test_loop.c - unit tests of sim/loop.c: the virtual clock, FIFO order,
 * the "queued during this step waits" rule, timer order and cancel,
 * watches and their poller, next_ns, independence of two loops, and
 * allocation failures. Every test counts blocks and ends leak-free.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testlib.h"
#include "wt/errors.h"
#include "wt/loop.h"

/* A log of callback runs: each callback appends its tag. */
struct log {
    int tags[256];
    size_t n;
    struct wt_loop *loop; /* for callbacks that re-enter the loop */
};

struct tagged {
    struct log *log;
    int tag;
};

static void log_cb(void *arg)
{
    struct tagged *t = arg;
    assert_true(t->log->n < 256);
    t->log->tags[t->log->n++] = t->tag;
}

/* A poller whose answers the test sets. */
struct fake_poller {
    bool ready[WT_WATCH_COUNT];
    uint64_t next[WT_WATCH_COUNT];
    unsigned asked;
};

static bool fake_ready(void *ctx, int dir, uint64_t now_ns)
{
    struct fake_poller *fp = ctx;
    (void)now_ns;
    fp->asked++;
    return fp->ready[dir];
}

static uint64_t fake_next(void *ctx, int dir, uint64_t now_ns)
{
    struct fake_poller *fp = ctx;
    (void)now_ns;
    return fp->next[dir];
}

static struct wt_poller fake_poller_of(struct fake_poller *fp)
{
    fp->next[0] = fp->next[1] = UINT64_MAX;
    struct wt_poller p = {.ctx = fp, .ready = fake_ready, .next_ns = fake_next};
    return p;
}

static struct wt_loop *loop_make(struct tl_alloc *ta, const struct wt_poller *p)
{
    struct wt_loop *loop = NULL;
    tl_alloc_init(ta);
    assert_int_equal(wt_loop_new(tl_alloc_get(ta), p, &loop), WT_OK);
    assert_non_null(loop);
    return loop;
}

static void loop_done(struct tl_alloc *ta, struct wt_loop *loop)
{
    wt_loop_free(loop);
    assert_int_equal(tl_alloc_live(ta), 0);
    assert_int_equal(tl_alloc_live_bytes(ta), 0);
}

static void test_loop_clock_moves_forward_only(void **state)
{
    (void)state;
    struct tl_alloc ta;
    struct wt_loop *loop = loop_make(&ta, NULL);
    assert_int_equal(wt_loop_now_ns(loop), 0);
    assert_int_equal(wt_loop_set_now(loop, 500), WT_OK);
    assert_int_equal(wt_loop_set_now(loop, 500), WT_OK);
    assert_int_equal(wt_loop_set_now(loop, 499), WT_EINVAL);
    assert_int_equal(wt_loop_now_ns(loop), 500);
    assert_int_equal(wt_loop_set_now(loop, UINT64_MAX), WT_OK);
    assert_true(wt_loop_now_ns(loop) == UINT64_MAX);
    loop_done(&ta, loop);
}

static void test_loop_call_soon_fifo(void **state)
{
    (void)state;
    struct tl_alloc ta;
    struct wt_loop *loop = loop_make(&ta, NULL);
    struct log log = {.n = 0};
    struct tagged t[100];
    /* More than the initial ring, so the ring grows (and unwraps) too. */
    for (int i = 0; i < 100; i++) {
        t[i] = (struct tagged){&log, i};
        assert_int_equal(wt_loop_call_soon(loop, log_cb, &t[i]), WT_OK);
    }
    assert_int_equal(wt_loop_pending(loop), 100);
    assert_true(wt_loop_has_ready(loop));
    size_t ran = 0;
    assert_int_equal(wt_loop_run_once(loop, &ran), WT_OK);
    assert_int_equal(ran, 100);
    for (int i = 0; i < 100; i++) {
        assert_int_equal(log.tags[i], i);
    }
    assert_int_equal(wt_loop_pending(loop), 0);
    assert_false(wt_loop_has_ready(loop));
    loop_done(&ta, loop);
}

/* The ring grows while wrapped: order must survive the unwrap. */
static void test_loop_ring_grows_while_wrapped(void **state)
{
    (void)state;
    struct tl_alloc ta;
    struct wt_loop *loop = loop_make(&ta, NULL);
    struct log log = {.n = 0};
    struct tagged t[40];
    for (int i = 0; i < 40; i++) {
        t[i] = (struct tagged){&log, i};
    }
    for (int i = 0; i < 10; i++) {
        assert_int_equal(wt_loop_call_soon(loop, log_cb, &t[i]), WT_OK);
    }
    assert_int_equal(wt_loop_run_once(loop, NULL), WT_OK); /* head moves to 10 */
    log.n = 0;
    for (int i = 0; i < 40; i++) {
        assert_int_equal(wt_loop_call_soon(loop, log_cb, &t[i]), WT_OK);
    }
    assert_int_equal(wt_loop_run_once(loop, NULL), WT_OK);
    assert_int_equal(log.n, 40);
    for (int i = 0; i < 40; i++) {
        assert_int_equal(log.tags[i], i);
    }
    loop_done(&ta, loop);
}

struct requeue {
    struct log *log;
    struct wt_loop *loop;
    struct tagged later;
};

static void requeue_cb(void *arg)
{
    struct requeue *r = arg;
    r->log->tags[r->log->n++] = 1;
    assert_int_equal(wt_loop_call_soon(r->loop, log_cb, &r->later), WT_OK);
}

static void test_loop_queued_during_run_waits(void **state)
{
    (void)state;
    struct tl_alloc ta;
    struct wt_loop *loop = loop_make(&ta, NULL);
    struct log log = {.n = 0};
    struct requeue r = {&log, loop, {&log, 2}};
    struct tagged t3 = {&log, 3};
    assert_int_equal(wt_loop_call_soon(loop, requeue_cb, &r), WT_OK);
    assert_int_equal(wt_loop_call_soon(loop, log_cb, &t3), WT_OK);
    size_t ran = 0;
    assert_int_equal(wt_loop_run_once(loop, &ran), WT_OK);
    assert_int_equal(ran, 2);
    assert_int_equal(log.n, 2);
    assert_int_equal(log.tags[0], 1);
    assert_int_equal(log.tags[1], 3);
    assert_int_equal(wt_loop_pending(loop), 1);
    assert_int_equal(wt_loop_run_once(loop, &ran), WT_OK);
    assert_int_equal(ran, 1);
    assert_int_equal(log.tags[2], 2);
    loop_done(&ta, loop);
}

static void test_loop_timers_by_deadline_then_seq(void **state)
{
    (void)state;
    struct tl_alloc ta;
    struct wt_loop *loop = loop_make(&ta, NULL);
    struct log log = {.n = 0};
    /* deadlines: tags 0..5 armed in this order */
    static const uint64_t deadline[6] = {30, 10, 20, 10, 30, 5};
    struct tagged t[6];
    uint64_t id[6];
    for (int i = 0; i < 6; i++) {
        t[i] = (struct tagged){&log, i};
        assert_int_equal(wt_loop_call_at(loop, deadline[i], log_cb, &t[i], &id[i]), WT_OK);
        assert_true(id[i] != WT_LOOP_TIMER_NONE);
        if (i > 0) {
            assert_true(id[i] != id[i - 1]);
        }
    }
    assert_int_equal(wt_loop_pending(loop), 6);
    assert_false(wt_loop_has_ready(loop));
    assert_int_equal(wt_loop_set_now(loop, 100), WT_OK);
    assert_true(wt_loop_has_ready(loop));
    size_t ran = 0;
    assert_int_equal(wt_loop_run_once(loop, &ran), WT_OK);
    assert_int_equal(ran, 6);
    static const int want[6] = {5, 1, 3, 2, 0, 4};
    for (int i = 0; i < 6; i++) {
        assert_int_equal(log.tags[i], want[i]);
    }
    loop_done(&ta, loop);
}

/* Only expired timers fire; a deadline equal to now counts as expired. */
static void test_loop_timer_fires_at_deadline(void **state)
{
    (void)state;
    struct tl_alloc ta;
    struct wt_loop *loop = loop_make(&ta, NULL);
    struct log log = {.n = 0};
    struct tagged a = {&log, 1};
    struct tagged b = {&log, 2};
    assert_int_equal(wt_loop_call_at(loop, 1000, log_cb, &a, NULL), WT_OK);
    assert_int_equal(wt_loop_call_at(loop, 2000, log_cb, &b, NULL), WT_OK);
    assert_int_equal(wt_loop_set_now(loop, 999), WT_OK);
    assert_int_equal(wt_loop_run_once(loop, NULL), WT_OK);
    assert_int_equal(log.n, 0);
    assert_int_equal(wt_loop_set_now(loop, 1000), WT_OK);
    assert_int_equal(wt_loop_run_once(loop, NULL), WT_OK);
    assert_int_equal(log.n, 1);
    assert_int_equal(wt_loop_pending(loop), 1);
    loop_done(&ta, loop); /* the pending timer is dropped, not run */
    assert_int_equal(log.n, 1);
}

/* More timers than the initial heap: the heap grows and stays ordered. */
static void test_loop_many_timers_ordered(void **state)
{
    (void)state;
    struct tl_alloc ta;
    struct wt_loop *loop = loop_make(&ta, NULL);
    struct log log = {.n = 0};
    struct tagged t[200];
    for (int i = 0; i < 200; i++) {
        t[i] = (struct tagged){&log, i};
        /* deadline (i * 37) % 50, so many ties */
        assert_int_equal(wt_loop_call_at(loop, (uint64_t)((i * 37) % 50), log_cb, &t[i], NULL),
                         WT_OK);
    }
    assert_int_equal(wt_loop_set_now(loop, 50), WT_OK);
    assert_int_equal(wt_loop_run_once(loop, NULL), WT_OK);
    assert_int_equal(log.n, 200);
    for (int i = 1; i < 200; i++) {
        int p = log.tags[i - 1];
        int q = log.tags[i];
        int dp = (p * 37) % 50;
        int dq = (q * 37) % 50;
        assert_true(dp < dq || (dp == dq && p < q));
    }
    loop_done(&ta, loop);
}

static void test_loop_cancel(void **state)
{
    (void)state;
    struct tl_alloc ta;
    struct wt_loop *loop = loop_make(&ta, NULL);
    struct log log = {.n = 0};
    struct tagged t[5];
    uint64_t id[5];
    for (int i = 0; i < 5; i++) {
        t[i] = (struct tagged){&log, i};
        assert_int_equal(wt_loop_call_at(loop, (uint64_t)(10 * (i + 1)), log_cb, &t[i], &id[i]),
                         WT_OK);
    }
    assert_int_equal(wt_loop_cancel(loop, id[2]), WT_OK);
    assert_int_equal(wt_loop_cancel(loop, id[2]), WT_ENOENT);
    assert_int_equal(wt_loop_cancel(loop, id[0]), WT_OK);
    assert_int_equal(wt_loop_cancel(loop, WT_LOOP_TIMER_NONE), WT_ENOENT);
    assert_int_equal(wt_loop_cancel(loop, 12345), WT_ENOENT);
    assert_int_equal(wt_loop_pending(loop), 3);
    assert_int_equal(wt_loop_set_now(loop, 100), WT_OK);
    assert_int_equal(wt_loop_run_once(loop, NULL), WT_OK);
    assert_int_equal(log.n, 3);
    assert_int_equal(log.tags[0], 1);
    assert_int_equal(log.tags[1], 3);
    assert_int_equal(log.tags[2], 4);
    assert_int_equal(wt_loop_cancel(loop, id[1]), WT_ENOENT); /* already ran */
    assert_int_equal(wt_loop_pending(loop), 0);
    loop_done(&ta, loop);
}

struct canceller {
    struct log *log;
    struct wt_loop *loop;
    uint64_t victim;
};

static void cancel_cb(void *arg)
{
    struct canceller *c = arg;
    c->log->tags[c->log->n++] = 100;
    assert_int_equal(wt_loop_cancel(c->loop, c->victim), WT_OK);
}

/* A timer already moved to the ready queue can still be cancelled. */
static void test_loop_cancel_expired_not_yet_run(void **state)
{
    (void)state;
    struct tl_alloc ta;
    struct wt_loop *loop = loop_make(&ta, NULL);
    struct log log = {.n = 0};
    struct canceller c = {&log, loop, 0};
    struct tagged v = {&log, 7};
    assert_int_equal(wt_loop_call_at(loop, 5, cancel_cb, &c, NULL), WT_OK);
    assert_int_equal(wt_loop_call_at(loop, 5, log_cb, &v, &c.victim), WT_OK);
    assert_int_equal(wt_loop_set_now(loop, 5), WT_OK);
    size_t ran = 0;
    assert_int_equal(wt_loop_run_once(loop, &ran), WT_OK);
    assert_int_equal(ran, 1);
    assert_int_equal(log.n, 1);
    assert_int_equal(log.tags[0], 100);
    assert_int_equal(wt_loop_pending(loop), 0);
    loop_done(&ta, loop);
}

static void test_loop_watch_fires_when_ready(void **state)
{
    (void)state;
    struct tl_alloc ta;
    struct fake_poller fp = {{false, false}, {0, 0}, 0};
    struct wt_poller p = fake_poller_of(&fp);
    struct wt_loop *loop = loop_make(&ta, &p);
    struct log log = {.n = 0};
    struct tagged w = {&log, 1};
    struct tagged r = {&log, 2};
    assert_false(wt_loop_watching(loop, WT_WATCH_WRITE));
    assert_int_equal(wt_loop_watch(loop, WT_WATCH_READ, log_cb, &r), WT_OK);
    assert_int_equal(wt_loop_watch(loop, WT_WATCH_WRITE, log_cb, &w), WT_OK);
    assert_true(wt_loop_watching(loop, WT_WATCH_WRITE));
    assert_true(wt_loop_watching(loop, WT_WATCH_READ));
    assert_false(wt_loop_has_ready(loop));
    assert_int_equal(wt_loop_run_once(loop, NULL), WT_OK);
    assert_int_equal(log.n, 0);
    fp.ready[WT_WATCH_WRITE] = fp.ready[WT_WATCH_READ] = true;
    assert_true(wt_loop_has_ready(loop));
    /* A watch stays armed: it fires on every iteration while ready. */
    for (int iter = 0; iter < 3; iter++) {
        size_t ran = 0;
        assert_int_equal(wt_loop_run_once(loop, &ran), WT_OK);
        assert_int_equal(ran, 2);
        /* asyncio's selector loop runs a socket's reader before its writer. */
        assert_int_equal(log.tags[2 * iter], 2);
        assert_int_equal(log.tags[2 * iter + 1], 1);
    }
    assert_int_equal(wt_loop_watch(loop, WT_WATCH_WRITE, NULL, NULL), WT_OK);
    assert_false(wt_loop_watching(loop, WT_WATCH_WRITE));
    assert_int_equal(wt_loop_run_once(loop, NULL), WT_OK);
    assert_int_equal(log.n, 7);
    assert_int_equal(log.tags[6], 2);
    loop_done(&ta, loop);
}

static unsigned fake_ready_mask(void *ctx, unsigned watching, uint64_t now_ns)
{
    struct fake_poller *fp = ctx;
    (void)now_ns;
    fp->asked++;
    unsigned mask = 0;
    for (int dir = 0; dir < WT_WATCH_COUNT; dir++) {
        mask |= fp->ready[dir] && (watching & (1u << dir)) != 0 ? 1u << dir : 0u;
    }
    return mask;
}

/*
 * wt_loop_poll asks each watch once and says what wt_loop_has_ready says;
 * wt_loop_run_polled with its answer runs what wt_loop_run_once would,
 * without asking again; a poller's ready_mask answers both in one call.
 */
static void test_loop_poll_then_run_polled(void **state)
{
    (void)state;
    for (int with_mask = 0; with_mask < 2; with_mask++) {
        struct tl_alloc ta;
        struct fake_poller fp = {{false, false}, {0, 0}, 0};
        struct wt_poller p = fake_poller_of(&fp);
        if (with_mask) {
            p.ready_mask = fake_ready_mask;
        }
        struct wt_loop *loop = loop_make(&ta, &p);
        struct log log = {.n = 0};
        struct tagged w = {&log, 1};
        struct tagged r = {&log, 2};
        struct tagged soon = {&log, 3};
        unsigned ready = 99;
        assert_false(wt_loop_poll(loop, &ready));
        assert_int_equal(ready, 0);
        assert_int_equal(wt_loop_watch(loop, WT_WATCH_WRITE, log_cb, &w), WT_OK);
        assert_int_equal(wt_loop_watch(loop, WT_WATCH_READ, log_cb, &r), WT_OK);
        fp.ready[WT_WATCH_WRITE] = true;
        fp.asked = 0;
        assert_true(wt_loop_poll(loop, &ready));
        assert_int_equal(ready, 1u << WT_WATCH_WRITE);
        assert_int_equal(fp.asked, with_mask ? 1 : 2);
        /* A lone ready watch runs; the poller is not asked again. */
        size_t ran = 0;
        assert_int_equal(wt_loop_run_polled(loop, ready, &ran), WT_OK);
        assert_int_equal(ran, 1);
        assert_int_equal(fp.asked, with_mask ? 1 : 2);
        assert_int_equal(log.n, 1);
        assert_int_equal(log.tags[0], 1);
        /* Both ready and a queued callback: the ring's order, reader first. */
        fp.ready[WT_WATCH_READ] = true;
        assert_int_equal(wt_loop_call_soon(loop, log_cb, &soon), WT_OK);
        assert_true(wt_loop_poll(loop, &ready));
        assert_int_equal(ready, 3u);
        assert_int_equal(wt_loop_run_polled(loop, ready, &ran), WT_OK);
        assert_int_equal(ran, 3);
        assert_int_equal(log.tags[1], 3);
        assert_int_equal(log.tags[2], 2);
        assert_int_equal(log.tags[3], 1);
        /* Nothing ready but a queued callback: poll says so, no watch runs. */
        fp.ready[WT_WATCH_READ] = fp.ready[WT_WATCH_WRITE] = false;
        assert_int_equal(wt_loop_call_soon(loop, log_cb, &soon), WT_OK);
        assert_true(wt_loop_poll(loop, &ready));
        assert_int_equal(ready, 0);
        assert_int_equal(wt_loop_run_polled(loop, WT_LOOP_POLL_NOW, &ran), WT_OK);
        assert_int_equal(ran, 1);
        assert_int_equal(log.tags[4], 3);
        /* An unwatched direction is never reported, whatever the poller says. */
        assert_int_equal(wt_loop_watch(loop, WT_WATCH_WRITE, NULL, NULL), WT_OK);
        fp.ready[WT_WATCH_WRITE] = true;
        assert_false(wt_loop_poll(loop, &ready));
        assert_int_equal(ready, 0);
        loop_done(&ta, loop);
    }
}

/* Step order: watches, then expired timers, then earlier call_soon. */
static void test_loop_step_order(void **state)
{
    (void)state;
    struct tl_alloc ta;
    struct fake_poller fp = {{true, false}, {0, 0}, 0};
    struct wt_poller p = fake_poller_of(&fp);
    struct wt_loop *loop = loop_make(&ta, &p);
    struct log log = {.n = 0};
    struct tagged soon = {&log, 1};
    struct tagged timer = {&log, 2};
    struct tagged watch = {&log, 3};
    assert_int_equal(wt_loop_call_soon(loop, log_cb, &soon), WT_OK);
    assert_int_equal(wt_loop_call_at(loop, 0, log_cb, &timer, NULL), WT_OK);
    assert_int_equal(wt_loop_watch(loop, WT_WATCH_WRITE, log_cb, &watch), WT_OK);
    assert_int_equal(wt_loop_run_once(loop, NULL), WT_OK);
    assert_int_equal(log.n, 3);
    /* call_soon was queued first; the watch and timer join behind it. */
    assert_int_equal(log.tags[0], 1);
    assert_int_equal(log.tags[1], 3);
    assert_int_equal(log.tags[2], 2);
    loop_done(&ta, loop);
}

/* io-first: ready I/O (reader, then writer) runs in front of the queued
 * callbacks, even with the ring wrapped; the timers stay behind them. */
static void test_loop_step_order_io_first(void **state)
{
    (void)state;
    struct tl_alloc ta;
    struct fake_poller fp = {{true, true}, {0, 0}, 0};
    struct wt_poller p = fake_poller_of(&fp);
    struct wt_loop *loop = loop_make(&ta, &p);
    struct log log = {.n = 0};
    struct tagged soon[20];
    struct tagged timer = {&log, 2};
    struct tagged rd = {&log, 4};
    struct tagged wr = {&log, 3};
    assert_int_equal(wt_loop_order(loop), WT_LOOP_CALLBACKS_FIRST);
    assert_int_equal(wt_loop_set_order(loop, WT_LOOP_ORDER_COUNT), WT_EINVAL);
    assert_int_equal(wt_loop_set_order(loop, WT_LOOP_IO_FIRST), WT_OK);
    assert_int_equal(wt_loop_order(loop), WT_LOOP_IO_FIRST);
    /* 16 soon callbacks fill the initial ring: the watches' pushes wrap and grow it. */
    for (int i = 0; i < 16; i++) {
        soon[i] = (struct tagged){&log, 10 + i};
        assert_int_equal(wt_loop_call_soon(loop, log_cb, &soon[i]), WT_OK);
    }
    assert_int_equal(wt_loop_call_at(loop, 0, log_cb, &timer, NULL), WT_OK);
    assert_int_equal(wt_loop_watch(loop, WT_WATCH_WRITE, log_cb, &wr), WT_OK);
    assert_int_equal(wt_loop_watch(loop, WT_WATCH_READ, log_cb, &rd), WT_OK);
    assert_int_equal(wt_loop_run_once(loop, NULL), WT_OK);
    assert_int_equal(log.n, 19);
    assert_int_equal(log.tags[0], 4);
    assert_int_equal(log.tags[1], 3);
    for (int i = 0; i < 16; i++) {
        assert_int_equal(log.tags[2 + i], 10 + i);
    }
    assert_int_equal(log.tags[18], 2);
    /* Back to asyncio's order: the queued callback first again. */
    assert_int_equal(wt_loop_set_order(loop, WT_LOOP_CALLBACKS_FIRST), WT_OK);
    log.n = 0;
    assert_int_equal(wt_loop_call_soon(loop, log_cb, &soon[0]), WT_OK);
    assert_int_equal(wt_loop_run_once(loop, NULL), WT_OK);
    assert_int_equal(log.n, 3);
    assert_int_equal(log.tags[0], 10);
    assert_int_equal(log.tags[1], 4);
    assert_int_equal(log.tags[2], 3);
    loop_done(&ta, loop);
}

struct unwatcher {
    struct log *log;
    struct wt_loop *loop;
};

static void unwatch_cb(void *arg)
{
    struct unwatcher *u = arg;
    u->log->tags[u->log->n++] = 50;
    assert_int_equal(wt_loop_watch(u->loop, WT_WATCH_WRITE, NULL, NULL), WT_OK);
}

/* Clearing a watch cancels its queued run, as remove_writer does. */
static void test_loop_unwatch_cancels_queued_run(void **state)
{
    (void)state;
    struct tl_alloc ta;
    struct fake_poller fp = {{true, false}, {0, 0}, 0};
    struct wt_poller p = fake_poller_of(&fp);
    struct wt_loop *loop = loop_make(&ta, &p);
    struct log log = {.n = 0};
    struct unwatcher u = {&log, loop};
    struct tagged w = {&log, 1};
    assert_int_equal(wt_loop_call_soon(loop, unwatch_cb, &u), WT_OK);
    assert_int_equal(wt_loop_watch(loop, WT_WATCH_WRITE, log_cb, &w), WT_OK);
    size_t ran = 0;
    assert_int_equal(wt_loop_run_once(loop, &ran), WT_OK);
    assert_int_equal(ran, 1);
    assert_int_equal(log.n, 1);
    assert_int_equal(log.tags[0], 50);
    assert_int_equal(wt_loop_pending(loop), 0);
    loop_done(&ta, loop);
}

static void test_loop_watch_without_poller_never_fires(void **state)
{
    (void)state;
    struct tl_alloc ta;
    struct wt_loop *loop = loop_make(&ta, NULL);
    struct log log = {.n = 0};
    struct tagged w = {&log, 1};
    assert_int_equal(wt_loop_watch(loop, WT_WATCH_WRITE, log_cb, &w), WT_OK);
    assert_false(wt_loop_has_ready(loop));
    assert_int_equal(wt_loop_run_once(loop, NULL), WT_OK);
    assert_int_equal(log.n, 0);
    uint64_t when = 77;
    assert_false(wt_loop_next_ns(loop, &when));
    assert_int_equal(when, 77);
    loop_done(&ta, loop);
}

static void test_loop_next_ns(void **state)
{
    (void)state;
    struct tl_alloc ta;
    struct fake_poller fp = {{false, false}, {0, 0}, 0};
    struct wt_poller p = fake_poller_of(&fp);
    struct wt_loop *loop = loop_make(&ta, &p);
    struct log log = {.n = 0};
    struct tagged t = {&log, 1};
    uint64_t when = 0;
    assert_false(wt_loop_next_ns(loop, &when)); /* idle for good */
    uint64_t id = 0;
    assert_int_equal(wt_loop_call_at(loop, 5000, log_cb, &t, &id), WT_OK);
    assert_true(wt_loop_next_ns(loop, &when));
    assert_int_equal(when, 5000);
    /* A watch's poller time counts only while the watch is set. */
    fp.next[WT_WATCH_WRITE] = 3000;
    assert_true(wt_loop_next_ns(loop, &when));
    assert_int_equal(when, 5000);
    assert_int_equal(wt_loop_watch(loop, WT_WATCH_WRITE, log_cb, &t), WT_OK);
    assert_true(wt_loop_next_ns(loop, &when));
    assert_int_equal(when, 3000);
    /* ... and only while it is not ready now. */
    fp.ready[WT_WATCH_WRITE] = true;
    assert_true(wt_loop_next_ns(loop, &when));
    assert_int_equal(when, 5000);
    fp.ready[WT_WATCH_WRITE] = false;
    fp.next[WT_WATCH_WRITE] = UINT64_MAX;
    assert_int_equal(wt_loop_cancel(loop, id), WT_OK);
    assert_false(wt_loop_next_ns(loop, &when));
    /* An expired timer reports now, never a time in the past. */
    assert_int_equal(wt_loop_set_now(loop, 9000), WT_OK);
    assert_int_equal(wt_loop_call_at(loop, 10, log_cb, &t, NULL), WT_OK);
    assert_true(wt_loop_next_ns(loop, &when));
    assert_int_equal(when, 9000);
    assert_true(wt_loop_next_ns(loop, NULL));
    loop_done(&ta, loop);
}

/* Two loops share nothing. */
static void test_loop_two_loops_independent(void **state)
{
    (void)state;
    struct tl_alloc ta1;
    struct tl_alloc ta2;
    struct wt_loop *l1 = loop_make(&ta1, NULL);
    struct wt_loop *l2 = loop_make(&ta2, NULL);
    struct log log1 = {.n = 0};
    struct log log2 = {.n = 0};
    struct tagged a = {&log1, 1};
    struct tagged b = {&log2, 2};
    uint64_t id1 = 0;
    uint64_t id2 = 0;
    assert_int_equal(wt_loop_call_at(l1, 10, log_cb, &a, &id1), WT_OK);
    assert_int_equal(wt_loop_call_at(l2, 10, log_cb, &b, &id2), WT_OK);
    assert_true(id1 == id2); /* per-loop counters */
    assert_int_equal(wt_loop_set_now(l1, 20), WT_OK);
    assert_int_equal(wt_loop_now_ns(l2), 0);
    assert_int_equal(wt_loop_run_once(l1, NULL), WT_OK);
    assert_int_equal(wt_loop_run_once(l2, NULL), WT_OK);
    assert_int_equal(log1.n, 1);
    assert_int_equal(log2.n, 0);
    assert_int_equal(wt_loop_pending(l2), 1);
    loop_done(&ta1, l1);
    loop_done(&ta2, l2);
}

static void test_loop_free_drops_pending(void **state)
{
    (void)state;
    struct tl_alloc ta;
    struct wt_loop *loop = loop_make(&ta, NULL);
    struct log log = {.n = 0};
    struct tagged t = {&log, 1};
    for (int i = 0; i < 50; i++) {
        assert_int_equal(wt_loop_call_soon(loop, log_cb, &t), WT_OK);
        assert_int_equal(wt_loop_call_at(loop, (uint64_t)i, log_cb, &t, NULL), WT_OK);
    }
    assert_int_equal(wt_loop_pending(loop), 100);
    loop_done(&ta, loop);
    assert_int_equal(log.n, 0);
    wt_loop_free(NULL);
}

static void test_loop_null_and_bad_args(void **state)
{
    (void)state;
    struct tl_alloc ta;
    struct wt_loop *loop = loop_make(&ta, NULL);
    struct tagged t = {NULL, 0};
    struct wt_loop *out = (struct wt_loop *)&t;
    assert_int_equal(wt_loop_new(tl_alloc_get(&ta), NULL, NULL), WT_EINVAL);
    struct wt_poller half = {.ctx = NULL, .ready = fake_ready, .next_ns = NULL};
    assert_int_equal(wt_loop_new(tl_alloc_get(&ta), &half, &out), WT_EINVAL);
    assert_null(out);
    assert_int_equal(wt_loop_set_now(NULL, 1), WT_EINVAL);
    assert_int_equal(wt_loop_call_soon(NULL, log_cb, &t), WT_EINVAL);
    assert_int_equal(wt_loop_call_soon(loop, NULL, &t), WT_EINVAL);
    assert_int_equal(wt_loop_call_at(NULL, 1, log_cb, &t, NULL), WT_EINVAL);
    assert_int_equal(wt_loop_call_at(loop, 1, NULL, &t, NULL), WT_EINVAL);
    assert_int_equal(wt_loop_cancel(NULL, 1), WT_EINVAL);
    assert_int_equal(wt_loop_watch(NULL, WT_WATCH_WRITE, log_cb, &t), WT_EINVAL);
    assert_int_equal(wt_loop_watch(loop, -1, log_cb, &t), WT_EINVAL);
    assert_int_equal(wt_loop_watch(loop, WT_WATCH_COUNT, log_cb, &t), WT_EINVAL);
    assert_false(wt_loop_watching(NULL, WT_WATCH_WRITE));
    assert_false(wt_loop_watching(loop, 7));
    size_t ran = 9;
    assert_int_equal(wt_loop_run_once(NULL, &ran), WT_EINVAL);
    assert_int_equal(ran, 0);
    assert_false(wt_loop_has_ready(NULL));
    assert_false(wt_loop_next_ns(NULL, NULL));
    assert_int_equal(wt_loop_pending(NULL), 0);
    assert_int_equal(wt_loop_now_ns(NULL), 0);
    assert_int_equal(wt_loop_pending(loop), 0);
    loop_done(&ta, loop);
}

/* Fails each allocation of wt_loop_new in turn: ENOMEM, nothing leaked. */
static void test_loop_new_failmalloc(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_loop *loop = NULL;
    assert_int_equal(wt_loop_new(tl_alloc_get(&ta), NULL, &loop), WT_OK);
    unsigned long needed = tl_alloc_calls(&ta);
    wt_loop_free(loop);
    assert_true(needed >= 1);
    for (unsigned long nth = 1; nth <= needed; nth++) {
        tl_alloc_init(&ta);
        tl_alloc_fail_at(&ta, (long)nth);
        loop = (struct wt_loop *)&ta;
        assert_int_equal(wt_loop_new(tl_alloc_get(&ta), NULL, &loop), WT_ENOMEM);
        assert_null(loop);
        assert_int_equal(tl_alloc_live(&ta), 0);
    }
}

/* Growth failures return ENOMEM and lose nothing already queued. */
static void test_loop_grow_failmalloc(void **state)
{
    (void)state;
    struct tl_alloc ta;
    struct wt_loop *loop = loop_make(&ta, NULL);
    struct log log = {.n = 0};
    struct tagged t[64];
    int rc = WT_OK;
    int queued = 0;
    tl_alloc_fail_sticky(&ta, true);
    tl_alloc_fail_at(&ta, 1);
    for (int i = 0; i < 64 && rc == WT_OK; i++) {
        t[i] = (struct tagged){&log, i};
        rc = wt_loop_call_soon(loop, log_cb, &t[i]);
        queued += rc == WT_OK;
    }
    assert_int_equal(rc, WT_ENOMEM);
    int timers = 0;
    rc = WT_OK;
    for (int i = 0; i < 64 && rc == WT_OK; i++) {
        rc = wt_loop_call_at(loop, 0, log_cb, &t[0], NULL);
        timers += rc == WT_OK;
    }
    assert_int_equal(rc, WT_ENOMEM);
    assert_int_equal(wt_loop_pending(loop), (size_t)(queued + timers));
    /* The ring is full: moving the expired timers needs memory. */
    assert_int_equal(wt_loop_run_once(loop, NULL), WT_ENOMEM);
    tl_alloc_fail_at(&ta, 0);
    assert_int_equal(wt_loop_run_once(loop, NULL), WT_OK);
    assert_int_equal(log.n, (size_t)(queued + timers));
    for (int i = 0; i < queued; i++) {
        assert_int_equal(log.tags[i], i);
    }
    loop_done(&ta, loop);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loop_clock_moves_forward_only),
        cmocka_unit_test(test_loop_call_soon_fifo),
        cmocka_unit_test(test_loop_ring_grows_while_wrapped),
        cmocka_unit_test(test_loop_queued_during_run_waits),
        cmocka_unit_test(test_loop_timers_by_deadline_then_seq),
        cmocka_unit_test(test_loop_timer_fires_at_deadline),
        cmocka_unit_test(test_loop_many_timers_ordered),
        cmocka_unit_test(test_loop_cancel),
        cmocka_unit_test(test_loop_cancel_expired_not_yet_run),
        cmocka_unit_test(test_loop_watch_fires_when_ready),
        cmocka_unit_test(test_loop_step_order),
        cmocka_unit_test(test_loop_poll_then_run_polled),
        cmocka_unit_test(test_loop_unwatch_cancels_queued_run),
        cmocka_unit_test(test_loop_watch_without_poller_never_fires),
        cmocka_unit_test(test_loop_step_order_io_first),
        cmocka_unit_test(test_loop_next_ns),
        cmocka_unit_test(test_loop_two_loops_independent),
        cmocka_unit_test(test_loop_free_drops_pending),
        cmocka_unit_test(test_loop_null_and_bad_args),
        cmocka_unit_test(test_loop_new_failmalloc),
        cmocka_unit_test(test_loop_grow_failmalloc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
