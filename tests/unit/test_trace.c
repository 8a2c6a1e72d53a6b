/* SPDX-License-Identifier: MIT */
/*
 * test_trace.c - unit tests of sim/trace.c: the event hash against a value
 * computed independently from the spec in trace.h, keep and stream modes,
 * sinks, and the text form: exact lines, round trips over every kind and
 * name and over random events, and strict rejection of bad input.
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
#include "wt/errors.h"
#include "wt/op.h"
#include "wt/prng.h"
#include "wt/trace.h"

static struct wt_event ev_make(int kind, int what, int rc, int64_t a, int64_t b, int64_t c)
{
    struct wt_event ev = {0};
    ev.kind = (uint16_t)kind;
    ev.what = (uint16_t)what;
    ev.rc = rc;
    ev.a = a;
    ev.b = b;
    ev.c = c;
    return ev;
}

/* The small fixed list behind the golden hash. */
static const struct wt_event *golden_events(size_t *n_out)
{
    static struct wt_event evs[5];
    evs[0] = ev_make(WT_EV_OP, WT_OP_WRITE, 0, 100, 0, 0);
    evs[1] = ev_make(WT_EV_CALL, WT_METHOD_WRITE, 0, 100, 0, 0);
    evs[2] = ev_make(WT_EV_CALLBACK, WT_CB_PAUSE, 0, 100, 0, 0);
    evs[3] = ev_make(WT_EV_RETURN, WT_METHOD_WRITE, WT_EVALUE, -1, 0, 0);
    evs[4] = ev_make(WT_EV_END, 0, 0, 0, 0, 0);
    *n_out = 5;
    return evs;
}

/* Computed by a separate Python fold of the six words per event, straight
 * from the description in trace.h, not from this C code. */
#define GOLDEN_HASH 0x02359effd572d366ull

static void test_trace_hash_golden(void **state)
{
    (void)state;
    size_t n;
    const struct wt_event *evs = golden_events(&n);
    uint64_t h = WT_TRACE_HASH_INIT;
    for (size_t i = 0; i < n; i++) {
        h = wt_event_hash(h, &evs[i]);
    }
    assert_true(h == GOLDEN_HASH);
    assert_true(wt_event_hash(h, NULL) == h);
}

static void test_trace_hash_ignores_index(void **state)
{
    (void)state;
    struct wt_event x = ev_make(WT_EV_SEND, 0, WT_EAGAIN, 10, 0, 5);
    struct wt_event y = x;
    y.index = 1234;
    assert_true(wt_event_hash(1, &x) == wt_event_hash(1, &y));
    y.c = 6;
    assert_true(wt_event_hash(1, &x) != wt_event_hash(1, &y));
}

struct sink_log {
    uint32_t index[16];
    int tag[16];
    size_t n;
    int my_tag;
};

static struct sink_log *shared_log;

static void sink_fn(void *ud, const struct wt_event *ev)
{
    struct sink_log *own = ud;
    assert_true(shared_log->n < 16);
    shared_log->index[shared_log->n] = ev->index;
    shared_log->tag[shared_log->n] = own->my_tag;
    shared_log->n++;
}

static void count_sink(void *ud, const struct wt_event *ev)
{
    size_t *count = ud;
    assert_int_equal(ev->index, *count);
    (*count)++;
}

static void test_trace_keep_and_stream_same_hash(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_trace *keep = NULL;
    struct wt_trace *stream = NULL;
    assert_int_equal(wt_trace_new(tl_alloc_get(&ta), true, &keep), WT_OK);
    assert_int_equal(wt_trace_new(tl_alloc_get(&ta), false, &stream), WT_OK);
    assert_true(wt_trace_hash(keep) == WT_TRACE_HASH_INIT);
    size_t n;
    const struct wt_event *evs = golden_events(&n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(wt_trace_append(keep, &evs[i]), WT_OK);
        assert_int_equal(wt_trace_append(stream, &evs[i]), WT_OK);
    }
    assert_true(wt_trace_hash(keep) == GOLDEN_HASH);
    assert_true(wt_trace_hash(stream) == GOLDEN_HASH);
    assert_int_equal(wt_trace_count(keep), n);
    assert_int_equal(wt_trace_count(stream), n);
    assert_true(wt_trace_complete(keep));
    assert_false(wt_trace_complete(stream)); /* it keeps nothing */
    for (size_t i = 0; i < n; i++) {
        const struct wt_event *ev = wt_trace_at(keep, i);
        assert_non_null(ev);
        assert_int_equal(ev->index, i);
        assert_int_equal(ev->kind, evs[i].kind);
        assert_true(ev->a == evs[i].a);
        assert_null(wt_trace_at(stream, i));
    }
    assert_null(wt_trace_at(keep, n));
    wt_trace_free(keep);
    wt_trace_free(stream);
    assert_int_equal(tl_alloc_live(&ta), 0);
}

/* Stream mode uses constant memory however many events arrive. */
static void test_trace_stream_constant_memory(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_trace *t = NULL;
    assert_int_equal(wt_trace_new(tl_alloc_get(&ta), false, &t), WT_OK);
    unsigned long calls = tl_alloc_calls(&ta);
    size_t bytes = tl_alloc_live_bytes(&ta);
    struct wt_event ev = ev_make(WT_EV_TIME, 0, 0, 1, 0, 0);
    for (int i = 0; i < 10000; i++) {
        ev.a = i;
        assert_int_equal(wt_trace_append(t, &ev), WT_OK);
    }
    assert_int_equal(tl_alloc_calls(&ta), calls);
    assert_int_equal(tl_alloc_live_bytes(&ta), bytes);
    assert_int_equal(wt_trace_count(t), 10000);
    wt_trace_free(t);
    assert_int_equal(tl_alloc_live(&ta), 0);
}

static void test_trace_sinks_in_order(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_trace *t = NULL;
    assert_int_equal(wt_trace_new(tl_alloc_get(&ta), false, &t), WT_OK);
    struct sink_log log = {.n = 0};
    shared_log = &log;
    struct sink_log owners[WT_TRACE_SINKS_MAX + 1];
    for (int i = 0; i <= WT_TRACE_SINKS_MAX; i++) {
        owners[i].my_tag = i;
    }
    for (int i = 0; i < WT_TRACE_SINKS_MAX; i++) {
        assert_int_equal(wt_trace_add_sink(t, sink_fn, &owners[i]), WT_OK);
    }
    assert_int_equal(wt_trace_add_sink(t, sink_fn, &owners[WT_TRACE_SINKS_MAX]), WT_ELIMIT);
    assert_int_equal(wt_trace_add_sink(t, NULL, NULL), WT_EINVAL);
    struct wt_event ev = ev_make(WT_EV_TIME, 0, 0, 5, 0, 0);
    ev.index = 999; /* overwritten */
    assert_int_equal(wt_trace_append(t, &ev), WT_OK);
    assert_int_equal(wt_trace_append(t, &ev), WT_OK);
    assert_int_equal(log.n, 2 * WT_TRACE_SINKS_MAX);
    for (size_t i = 0; i < log.n; i++) {
        assert_int_equal(log.tag[i], (int)(i % WT_TRACE_SINKS_MAX));
        assert_int_equal(log.index[i], i / WT_TRACE_SINKS_MAX);
    }
    /* reset forgets events and sinks */
    wt_trace_reset(t);
    assert_int_equal(wt_trace_count(t), 0);
    assert_true(wt_trace_hash(t) == WT_TRACE_HASH_INIT);
    log.n = 0;
    assert_int_equal(wt_trace_append(t, &ev), WT_OK);
    assert_int_equal(log.n, 0);
    assert_int_equal(wt_trace_add_sink(t, sink_fn, &owners[0]), WT_OK);
    wt_trace_free(t);
    assert_int_equal(tl_alloc_live(&ta), 0);
    shared_log = NULL;
}

static void test_trace_keep_grows_and_resets(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_trace *t = NULL;
    assert_int_equal(wt_trace_new(tl_alloc_get(&ta), true, &t), WT_OK);
    for (int i = 0; i < 1000; i++) {
        struct wt_event ev = ev_make(WT_EV_TIME, 0, 0, i, 0, 0);
        assert_int_equal(wt_trace_append(t, &ev), WT_OK);
    }
    assert_int_equal(wt_trace_count(t), 1000);
    assert_true(wt_trace_at(t, 999)->a == 999);
    size_t bytes = tl_alloc_live_bytes(&ta);
    wt_trace_reset(t);
    assert_null(wt_trace_at(t, 0));
    assert_int_equal(tl_alloc_live_bytes(&ta), bytes); /* keeps the memory */
    wt_trace_free(t);
    wt_trace_free(NULL);
    assert_int_equal(tl_alloc_live(&ta), 0);
}

static void test_trace_new_failmalloc(void **state)
{
    (void)state;
    for (int keep = 0; keep <= 1; keep++) {
        struct tl_alloc ta;
        tl_alloc_init(&ta);
        struct wt_trace *t = NULL;
        assert_int_equal(wt_trace_new(tl_alloc_get(&ta), keep, &t), WT_OK);
        unsigned long needed = tl_alloc_calls(&ta);
        wt_trace_free(t);
        for (unsigned long nth = 1; nth <= needed; nth++) {
            tl_alloc_init(&ta);
            tl_alloc_fail_at(&ta, (long)nth);
            t = (struct wt_trace *)&ta;
            assert_int_equal(wt_trace_new(tl_alloc_get(&ta), keep, &t), WT_ENOMEM);
            assert_null(t);
            assert_int_equal(tl_alloc_live(&ta), 0);
        }
    }
}

/* A keeping trace that cannot grow still hashes and streams the event. */
static void test_trace_append_enomem_incomplete(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_trace *t = NULL;
    struct wt_trace *ref = NULL;
    assert_int_equal(wt_trace_new(tl_alloc_get(&ta), true, &t), WT_OK);
    assert_int_equal(wt_trace_new(tl_alloc_get(&ta), false, &ref), WT_OK);
    size_t streamed = 0;
    assert_int_equal(wt_trace_add_sink(t, count_sink, &streamed), WT_OK);
    tl_alloc_fail_sticky(&ta, true);
    tl_alloc_fail_at(&ta, 1);
    size_t kept = 0;
    int enomem = 0;
    for (int i = 0; i < 200; i++) {
        struct wt_event ev = ev_make(WT_EV_TIME, 0, 0, i, 0, 0);
        int rc = wt_trace_append(t, &ev);
        assert_true(rc == WT_OK || rc == WT_ENOMEM);
        if (rc == WT_OK) {
            assert_int_equal(enomem, 0); /* kept events are a prefix */
            kept++;
        }
        enomem += rc == WT_ENOMEM;
        assert_int_equal(wt_trace_append(ref, &ev), WT_OK);
    }
    assert_true(enomem > 0);
    assert_false(wt_trace_complete(t));
    assert_int_equal(wt_trace_count(t), 200);
    assert_true(wt_trace_hash(t) == wt_trace_hash(ref));
    assert_non_null(wt_trace_at(t, kept - 1));
    assert_null(wt_trace_at(t, kept));
    assert_int_equal(streamed, 200);
    wt_trace_free(t);
    wt_trace_free(ref);
    assert_int_equal(tl_alloc_live(&ta), 0);
}

static void assert_formats(struct wt_event ev, const char *want)
{
    char buf[WT_EVENT_TEXT_MAX];
    int n = wt_event_format(&ev, buf, sizeof(buf));
    assert_int_equal(n, (int)strlen(want));
    assert_string_equal(buf, want);
}

static void assert_events_equal(const struct wt_event *x, const struct wt_event *y)
{
    assert_int_equal(x->kind, y->kind);
    assert_int_equal(x->what, y->what);
    assert_int_equal(x->rc, y->rc);
    assert_true(x->a == y->a);
    assert_true(x->b == y->b);
    assert_true(x->c == y->c);
}

/* format, then parse from a heap copy of exactly the line's length (so
 * ASan catches any read past len), must give the event back. */
static void assert_round_trip(const struct wt_event *ev)
{
    char buf[WT_EVENT_TEXT_MAX];
    int n = wt_event_format(ev, buf, sizeof(buf));
    assert_in_range(n, 1, WT_EVENT_TEXT_MAX - 1);
    char *exact = malloc((size_t)n);
    assert_non_null(exact);
    memcpy(exact, buf, (size_t)n);
    struct wt_event back;
    memset(&back, 0xa5, sizeof(back));
    int rc = wt_event_parse(exact, (size_t)n, &back);
    if (rc != WT_OK) {
        fail_msg("cannot parse \"%s\"", buf);
    }
    free(exact);
    assert_events_equal(ev, &back);
    assert_int_equal(back.index, 0);
}

static void test_trace_format_exact(void **state)
{
    (void)state;
    /* one line per kind (and per what where the fields differ) */
    assert_formats(ev_make(WT_EV_OP, WT_OP_WRITE, 0, 100, 0, 0), "op write n=100");
    assert_formats(ev_make(WT_EV_OP, WT_OP_WRITE, 0, 0, 0, WT_ON_PAUSE), "op write n=0 on=pause");
    assert_formats(ev_make(WT_EV_OP, WT_OP_WRITELINES, 0, 30, 3, 0), "op writelines n=30 chunks=3");
    assert_formats(ev_make(WT_EV_OP, WT_OP_SET_LIMITS, 0, 100, 25, 0),
                   "op set_write_buffer_limits high=100 low=25");
    assert_formats(ev_make(WT_EV_OP, WT_OP_SET_LIMITS, 0, 0, 0, 0), "op set_write_buffer_limits");
    assert_formats(ev_make(WT_EV_OP, WT_OP_SOCK_CAP, 0, 10, 0, 0), "op sock_cap cap=10");
    assert_formats(ev_make(WT_EV_OP, WT_OP_SOCK_FAIL, 0, WT_EPIPE, 5000000, 0),
                   "op sock_fail error=EPIPE at=5000000");
    assert_formats(ev_make(WT_EV_OP, WT_OP_SOCK_FAIL, 0, WT_ECONNRESET, 0, 0),
                   "op sock_fail error=ECONNRESET");
    assert_formats(ev_make(WT_EV_OP, WT_OP_STEP, 0, 3, 0, 0), "op step count=3");
    assert_formats(ev_make(WT_EV_OP, WT_OP_ADVANCE, 0, 5000000, 0, 0), "op advance ns=5000000");
    assert_formats(ev_make(WT_EV_OP, WT_OP_RAISE, 0, 0, 0, WT_ON_RESUME), "op raise on=resume");
    assert_formats(ev_make(WT_EV_OP, WT_OP_EXPECT_STATE, 0, WT_EXPECT_PAUSED, 0, 0),
                   "op expect state=paused");
    assert_formats(ev_make(WT_EV_OP, WT_OP_EXPECT_ERROR, 0, WT_OK, 0, 0),
                   "op expect_error status=OK");
    assert_formats(ev_make(WT_EV_OP, WT_OP_EXPECT_LIMITS, 0, 25, 100, 0),
                   "op expect_limits low=25 high=100");
    assert_formats(ev_make(WT_EV_CALL, WT_METHOD_WRITE, 0, 100, 0, 0), "call write n=100 offset=0");
    assert_formats(ev_make(WT_EV_CALL, WT_METHOD_WRITELINES, 0, 30, 100, 3),
                   "call writelines n=30 offset=100 chunks=3");
    assert_formats(ev_make(WT_EV_CALL, WT_METHOD_SET_LIMITS, 0, 0, 5, WT_OPF_HAS_LOW),
                   "call set_write_buffer_limits high=0 low=5 given=2");
    assert_formats(ev_make(WT_EV_CALL, WT_METHOD_CLOSE, 0, 0, 0, 0), "call close");
    assert_formats(ev_make(WT_EV_RETURN, WT_METHOD_WRITE, 0, 90, 0, 0), "ret write -> size=90");
    assert_formats(ev_make(WT_EV_RETURN, WT_METHOD_WRITE, WT_EVALUE, -1, 0, 0),
                   "ret write -> rc=EVALUE size=-1");
    assert_formats(ev_make(WT_EV_RETURN, WT_METHOD_GET_SIZE, 0, 100, 100, 0),
                   "ret get_write_buffer_size -> size=100 returned=100");
    assert_formats(ev_make(WT_EV_RETURN, WT_METHOD_IS_CLOSING, 0, 0, 1, 0),
                   "ret is_closing -> size=0 returned=1");
    assert_formats(ev_make(WT_EV_RETURN, WT_METHOD_GET_LIMITS, 0, 0, 16384, 65536),
                   "ret get_write_buffer_limits -> size=0 low=16384 high=65536");
    assert_formats(ev_make(WT_EV_CALLBACK, WT_CB_PAUSE, 0, 101, 0, 0), "cb pause_writing size=101");
    assert_formats(ev_make(WT_EV_CALLBACK, WT_CB_PAUSE, WT_ECALLBACK, 64, 0, 0),
                   "cb pause_writing rc=ECALLBACK size=64");
    assert_formats(ev_make(WT_EV_CALLBACK, WT_CB_LOST, 0, -1, WT_EPIPE, 0),
                   "cb connection_lost size=-1 exc=EPIPE");
    assert_formats(ev_make(WT_EV_CALLBACK, WT_CB_LOST, 0, 0, 0, 0), "cb connection_lost size=0");
    assert_formats(ev_make(WT_EV_CALLBACK, WT_CB_DATA, 0, 7, 10, 0),
                   "cb data_received size=7 n=10");
    assert_formats(ev_make(WT_EV_REPORT, WT_REPORT_PAUSE_FAILED, WT_ECALLBACK, 0, 0, 0),
                   "report pause_failed rc=ECALLBACK");
    assert_formats(ev_make(WT_EV_SEND, 0, 0, 100, 10, 10), "send offered=100 accepted=10 pos=10");
    assert_formats(ev_make(WT_EV_SEND, 0, WT_EAGAIN, 10, 0, 7),
                   "send rc=EAGAIN offered=10 accepted=0 pos=7");
    assert_formats(ev_make(WT_EV_SHUTDOWN, 0, WT_ENOTSUP, 0, 0, 0), "shutdown rc=ENOTSUP");
    assert_formats(ev_make(WT_EV_SOCK_CLOSE, 0, 0, 0, 0, 0), "sockclose");
    assert_formats(ev_make(WT_EV_RECV, 0, 0, 0, 0, 0), "recv n=0");
    assert_formats(ev_make(WT_EV_PEER, WT_PEER_RECEIVED, 0, 50, 150, 0),
                   "peer received n=50 total=150");
    assert_formats(ev_make(WT_EV_PEER, WT_PEER_FIN, 0, 100, 0, 0), "peer fin pos=100");
    assert_formats(ev_make(WT_EV_PEER, WT_PEER_CORRUPT, 0, 5, 0, 0), "peer corrupt offset=5");
    assert_formats(ev_make(WT_EV_PEER, WT_PEER_SENT, 0, 10, 0, 0), "peer sent n=10");
    assert_formats(ev_make(WT_EV_PEER, WT_PEER_FAULT, 0, WT_ECONNRESET, 0, 0),
                   "peer fault error=ECONNRESET");
    assert_formats(ev_make(WT_EV_PEER, WT_PEER_SPURIOUS, 0, 0, 0, 0), "peer spurious");
    assert_formats(ev_make(WT_EV_TIME, 0, 0, 1000000, 0, 0), "time now_ns=1000000");
    assert_formats(ev_make(WT_EV_IDLE, WT_IDLE_RUN, 0, 1, 0, 16384),
                   "idle run writable=1 low=16384");
    assert_formats(ev_make(WT_EV_IDLE, WT_IDLE_END, 0, 1, -1, -1),
                   "idle end writable=1 size=-1 low=-1");
    assert_formats(ev_make(WT_EV_BOUND, 0, WT_ETIMEOUT, 1000, 0, 0),
                   "bound rc=ETIMEOUT steps=1000");
    assert_formats(ev_make(WT_EV_EXPECT, WT_OP_EXPECT_SIZE, WT_EEXPECT, 3, 4, 0),
                   "expect expect_size rc=EEXPECT want=3 got=4");
    assert_formats(ev_make(WT_EV_EXPECT, WT_OP_EXPECT_LIMITS, 0, 25, 25, 100),
                   "expect expect_limits want_low=25 low=25 high=100");
    assert_formats(ev_make(WT_EV_EXPECT, WT_OP_EXPECT_STATE, WT_EEXPECT, WT_EXPECT_NOT_LOST, 0, 0),
                   "expect expect rc=EEXPECT state=not-lost held=0");
    assert_formats(ev_make(WT_EV_EXPECT, WT_OP_EXPECT_ERROR, 0, WT_EVALUE, WT_EVALUE, 0),
                   "expect expect_error want=EVALUE got=EVALUE");
    assert_formats(ev_make(WT_EV_END, 0, 0, 0, 0, 0), "end");
    assert_formats(ev_make(WT_EV_END, 0, WT_ETIMEOUT, 0, 0, 0), "end rc=ETIMEOUT");
    /* no name fits: plain numbers; fields a kind does not use are x1..x3 */
    assert_formats(ev_make(WT_EV_CALL, 99, -77, 0, 0, 0), "call 99 rc=-77");
    assert_formats(ev_make(WT_EV_RETURN, 99, 0, 0, 0, 0), "ret 99 -> size=0");
    assert_formats(ev_make(WT_EV_TIME, 3, 0, INT64_MIN, INT64_MAX, 0),
                   "time 3 now_ns=-9223372036854775808 x2=9223372036854775807");
    assert_formats(ev_make(WT_EV_END, 0, 0, 1, 2, 3), "end x1=1 x2=2 x3=3");
    assert_formats(ev_make(WT_EV_PEER, WT_PEER_FAULT, 0, 5, 0, 0), "peer fault error=5");
    assert_formats(ev_make(WT_EV_OP, WT_OP_WRITE, 0, 1, 0, 77), "op write n=1 on=77");
    assert_formats(ev_make(WT_EV_EXPECT, WT_OP_EXPECT_STATE, 0, 99, 1, 0),
                   "expect expect state=99 held=1");
}

static void test_trace_format_snprintf_semantics(void **state)
{
    (void)state;
    struct wt_event ev = ev_make(WT_EV_CALL, WT_METHOD_WRITE, 0, 100, 0, 0);
    char buf[8];
    memset(buf, 'x', sizeof(buf));
    assert_int_equal(wt_event_format(&ev, buf, sizeof(buf)), 25);
    assert_string_equal(buf, "call wr");
    assert_int_equal(wt_event_format(&ev, NULL, 0), 25);
    buf[0] = 'x';
    assert_int_equal(wt_event_format(&ev, buf, 1), 25);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(wt_event_format(NULL, buf, sizeof(buf)), WT_EINVAL);
    assert_int_equal(wt_event_format(&ev, NULL, 5), WT_EINVAL);
    ev.kind = WT_EV_COUNT;
    assert_int_equal(wt_event_format(&ev, buf, sizeof(buf)), WT_EINVAL);
}

/* Every kind, every what with a name (and some without), extreme values in
 * every field: each line fits WT_EVENT_TEXT_MAX and names every field. */
static void test_trace_format_longest_line(void **state)
{
    (void)state;
    static const int64_t wide[] = {INT64_MIN, INT64_MAX, -1, 1};
    static const int32_t rcs[] = {INT32_MIN, WT_EUNEXPECTED, -1};
    int longest = 0;
    for (int kind = 0; kind < WT_EV_COUNT; kind++) {
        for (int what = 0; what < 70; what++) {
            for (size_t v = 0; v < sizeof(wide) / sizeof(wide[0]); v++) {
                for (size_t r = 0; r < sizeof(rcs) / sizeof(rcs[0]); r++) {
                    struct wt_event ev = ev_make(kind, what, rcs[r], wide[v], wide[v], wide[v]);
                    char line[WT_EVENT_TEXT_MAX];
                    int n = wt_event_format(&ev, line, sizeof line);
                    assert_in_range(n, 1, WT_EVENT_TEXT_MAX - 1);
                    longest = n > longest ? n : longest;
                    assert_null(strstr(line, " a="));
                    assert_null(strstr(line, " b="));
                    assert_null(strstr(line, " c="));
                    assert_round_trip(&ev);
                }
            }
        }
    }
    /* the margin is kept on purpose: a new field name must not overflow */
    assert_in_range(longest, 100, WT_EVENT_TEXT_MAX - 20);
}

/* OP events name a and b after the op schema's arguments. */
static void test_trace_op_fields_from_schema(void **state)
{
    (void)state;
    for (int kind = 0; kind < WT_OP_COUNT; kind++) {
        const struct wt_op_schema *s = wt_op_schema_at(kind);
        struct wt_event ev = ev_make(WT_EV_OP, kind, 0, 7, 7, 0);
        char line[WT_EVENT_TEXT_MAX];
        assert_in_range(wt_event_format(&ev, line, sizeof line), 1, WT_EVENT_TEXT_MAX - 1);
        for (unsigned i = 0; i < s->nargs; i++) {
            char want[64];
            if (kind == WT_OP_WRITELINES && s->args[i].slot == WT_SLOT_B) {
                continue; /* its b is the chunk count; the kind is not in the event */
            }
            snprintf(want, sizeof want, " %s=",
                     s->args[i].slot == WT_SLOT_CHUNKS ? "chunks" : s->args[i].name);
            if (strstr(line, want) == NULL) {
                fail_msg("'%s' has no '%s'", line, want);
            }
        }
        if (s->nargs == 0) {
            assert_non_null(strstr(line, " x1=7 x2=7"));
        }
        assert_round_trip(&ev);
    }
}

static void test_trace_round_trip_every_name(void **state)
{
    (void)state;
    for (int kind = 0; kind < WT_EV_COUNT; kind++) {
        assert_non_null(wt_ev_name(kind));
        for (int what = 0; what < 70; what++) {
            struct wt_event ev = ev_make(kind, what, 0, what, -what, 0);
            assert_round_trip(&ev);
        }
    }
    assert_null(wt_ev_name(-1));
    assert_null(wt_ev_name(WT_EV_COUNT));
    /* every status code by name */
    static const int codes[] = {
#define WT_ERR_CODE(name, value, py, msg) value,
        WT_ERRNO_MAP(WT_ERR_CODE)
#undef WT_ERR_CODE
    };
    for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        struct wt_event ev = ev_make(WT_EV_RETURN, WT_METHOD_CLOSE, codes[i], 1, 2, 3);
        assert_round_trip(&ev);
        /* and as field values written by name */
        ev = ev_make(WT_EV_EXPECT, WT_OP_EXPECT_ERROR, 0, codes[i], codes[i], 0);
        assert_round_trip(&ev);
        ev = ev_make(WT_EV_PEER, WT_PEER_FAULT, 0, codes[i], 0, 0);
        assert_round_trip(&ev);
        ev = ev_make(WT_EV_CALLBACK, WT_CB_LOST, 0, 0, codes[i], 0);
        assert_round_trip(&ev);
    }
    for (int v = -2; v < WT_EXPECT_COUNT + 2; v++) {
        struct wt_event ev = ev_make(WT_EV_EXPECT, WT_OP_EXPECT_STATE, 0, v, 1, 0);
        assert_round_trip(&ev);
        ev = ev_make(WT_EV_OP, WT_OP_EXPECT_STATE, 0, v, 0, 0);
        assert_round_trip(&ev);
        ev = ev_make(WT_EV_OP, WT_OP_CLOSE, 0, 0, 0, v);
        assert_round_trip(&ev);
    }
}

static int64_t random_field(struct wt_prng *p)
{
    static const int64_t special[] = {0, 1, -1, INT64_MIN, INT64_MAX, INT64_MIN + 1, 10, -251};
    switch (wt_prng_below(p, 5)) {
    case 0:
        return special[wt_prng_below(p, sizeof(special) / sizeof(special[0]))];
    case 1:
        return (int64_t)wt_prng_next(p);
    case 2:
        return (int64_t)wt_prng_range(p, 0, 1000) - 500;
    case 3:
        return (int64_t)wt_prng_range(p, 0, 320) - 310; /* codes, states, hook places */
    default:
        return 0;
    }
}

static void test_trace_round_trip_random(void **state)
{
    (void)state;
    struct wt_prng p;
    wt_prng_seed(&p, 2024);
    for (int i = 0; i < 100000; i++) {
        struct wt_event ev = {0};
        ev.kind = (uint16_t)wt_prng_below(&p, WT_EV_COUNT);
        ev.what = (uint16_t)(wt_prng_chance(&p, 3, 4) ? wt_prng_below(&p, 40)
                                                      : wt_prng_below(&p, 65536));
        ev.rc = wt_prng_chance(&p, 1, 2) ? 0 : (int32_t)(uint32_t)wt_prng_next(&p);
        if (wt_prng_chance(&p, 1, 2)) {
            ev.rc = -(int32_t)wt_prng_below(&p, 310);
        }
        ev.a = random_field(&p);
        ev.b = random_field(&p);
        ev.c = random_field(&p);
        assert_round_trip(&ev);
    }
}

static int parse_str(const char *s, struct wt_event *ev)
{
    return wt_event_parse(s, strlen(s), ev);
}

static void test_trace_parse_accepts_spellings(void **state)
{
    (void)state;
    struct wt_event ev;
    assert_int_equal(parse_str("ret write -> rc=-1 size=-1", &ev), WT_OK);
    assert_int_equal(ev.rc, WT_EVALUE);
    assert_true(ev.a == -1);
    /* explicit zeros, and the rc and what as numbers */
    assert_int_equal(parse_str("ret write -> rc=OK size=0 x2=0 x3=0", &ev), WT_OK);
    assert_int_equal(ev.rc, 0);
    assert_int_equal(parse_str("call 0", &ev), WT_OK);
    assert_int_equal(ev.kind, WT_EV_CALL);
    assert_int_equal(ev.what, WT_METHOD_WRITE);
    assert_int_equal(parse_str("ret 0 -> size=5", &ev), WT_OK);
    assert_int_equal(ev.what, WT_METHOD_WRITE);
    assert_int_equal(parse_str("send 0 offered=1", &ev), WT_OK);
    assert_int_equal(ev.what, 0);
    assert_int_equal(parse_str("op sock_cap on=3", &ev), WT_OK);
    assert_int_equal(ev.what, WT_OP_SOCK_CAP);
    assert_true(ev.c == 3);
    assert_int_equal(parse_str("op write n=1 on=now", &ev), WT_OK);
    assert_true(ev.c == WT_ON_NOW);
    assert_int_equal(parse_str("op write_eof", &ev), WT_OK);
    assert_int_equal(ev.what, WT_OP_WRITE_EOF);
    /* a CHOICE argument by its word or its number: a write's argument kind */
    assert_int_equal(parse_str("op write n=1 as=bytearray-cleared", &ev), WT_OK);
    assert_true(ev.b == WT_WRITE_KIND_BYTEARRAY_CLEARED);
    assert_int_equal(parse_str("op write n=1 as=3", &ev), WT_OK);
    assert_true(ev.b == 3);
    assert_int_equal(parse_str("op write n=1 as=no-such-kind", &ev), WT_ESYNTAX);
    char line[WT_EVENT_TEXT_MAX];
    struct wt_event w = ev_make(WT_EV_OP, WT_OP_WRITE, 0, 100, WT_WRITE_KIND_MEMORYVIEW_2D, 0);
    assert_in_range(wt_event_format(&w, line, sizeof line), 1, WT_EVENT_TEXT_MAX - 1);
    assert_non_null(strstr(line, " as=memoryview-2d"));
    assert_round_trip(&w);
    /* names and numbers for codes and states */
    assert_int_equal(parse_str("peer fault error=-101", &ev), WT_OK);
    assert_true(ev.a == WT_EPIPE);
    assert_int_equal(parse_str("expect expect state=1 held=1", &ev), WT_OK);
    assert_true(ev.a == WT_EXPECT_RESUMED);
    assert_int_equal(parse_str("expect expect_error want=OK got=ESTATE", &ev), WT_OK);
    assert_true(ev.a == 0 && ev.b == WT_ESTATE);
    assert_int_equal(parse_str("time now_ns=-9223372036854775808", &ev), WT_OK);
    assert_true(ev.a == INT64_MIN);
    assert_int_equal(parse_str("send 65535 rc=-2147483648", &ev), WT_OK);
    assert_int_equal(ev.what, 65535);
    assert_int_equal(ev.rc, INT32_MIN);
    assert_int_equal(parse_str("end", &ev), WT_OK);
    assert_int_equal(ev.kind, WT_EV_END);
    /* the line need not be NUL-terminated: len bounds it */
    assert_int_equal(wt_event_parse("time now_ns=12345", 13, &ev), WT_OK);
    assert_true(ev.a == 1);
}

static void test_trace_parse_rejects_garbage(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", " ", "call", "call ", " call write", "call  write", "call write ",
        "bogus write", "CALL write", "call bogus", "call -", "call Write",
        "send x", "send -", "end end", "end -", "op sock cap", "op sock_ca", "op sock_capx",
        /* positional fields are gone, and a field belongs to its kind */
        "call write a=100", "call write n=1 b=2", "send a=1", "time c=3", "op write a=1",
        "call write n=", "call write n", "call write =1", "call write n=01",
        "call write n=-0", "call write n=+1", "call write n=-", "call write n=1x",
        "call write n=9223372036854775808", "call write n=-9223372036854775809",
        "call write n=99999999999999999999", "call write rc=2147483648",
        "call write rc=-2147483649", "call write rc=EBOGUS", "call write rc=ValueError",
        "call write rc=", "call write offset=1 n=2", "call write n=1 n=2",
        "call write rc=OK rc=OK", "call write n=1 rc=EVALUE", "call write size=1",
        "call write N=1", "call 65536", "call 01", "call -1", "call write\t",
        "call write n=1\n", "call write\r", "call\twrite", "peer fin pos=1 extra",
        "call write n=EVALUE", "peer sent n=OK", "expect expect state=Paused",
        "expect expect state=EPIPE", "peer fault error=paused", "op write on=Pause",
        "op write n=1 on=", "op write n=1 on=-", "send offered=1 offered=2",
        "send rc=EAGAIN rc=EAGAIN", "x1=1", "end x0=1", "end x4=1", "end rc==1",
        "end rc=1=1", "end =", "end x1=1 x1=1", "end x2=1 x1=1",
        /* the arrow: only on RETURN, right after what, and never last */
        "ret write", "ret write size=1", "ret write ->", "ret write -> ", "ret -> size=1",
        "ret write rc=EVALUE -> size=1", "ret write -> -> size=1", "ret write => size=1",
        "ret write - size=1", "call write -> n=1", "send -> offered=1", "ret write  -> size=1",
        "ret write ->size=1", "ret write->size=1",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct wt_event ev = ev_make(WT_EV_TIME, 1, 2, 3, 4, 5);
        struct wt_event before = ev;
        if (parse_str(bad[i], &ev) != WT_ESYNTAX) {
            fail_msg("accepted \"%s\"", bad[i]);
        }
        assert_events_equal(&ev, &before); /* untouched on failure */
    }
    struct wt_event ev;
    assert_int_equal(wt_event_parse(NULL, 4, &ev), WT_ESYNTAX);
    assert_int_equal(wt_event_parse("end", 3, NULL), WT_ESYNTAX);
    /* an embedded NUL is just a bad byte */
    assert_int_equal(wt_event_parse("end\0x1=1", 8, &ev), WT_ESYNTAX);
    assert_int_equal(wt_event_parse("end x1=1\0", 9, &ev), WT_ESYNTAX);
    assert_int_equal(wt_event_parse("call\0write", 10, &ev), WT_ESYNTAX);
}

/* Every prefix of a valid line parses or is rejected, never crashes. */
static void test_trace_parse_truncated(void **state)
{
    (void)state;
    const char *line = "ret get_write_buffer_limits -> rc=EVALUE size=-12 low=34 "
                       "high=-9223372036854775808";
    size_t len = strlen(line);
    for (size_t n = 0; n <= len; n++) {
        char *exact = malloc(n == 0 ? 1 : n);
        assert_non_null(exact);
        memcpy(exact, line, n);
        struct wt_event ev;
        int rc = wt_event_parse(exact, n, &ev);
        assert_true(rc == WT_OK || rc == WT_ESYNTAX);
        free(exact);
    }
    struct wt_event ev;
    assert_int_equal(wt_event_parse(line, 7, &ev), WT_ESYNTAX);  /* "ret get" */
    assert_int_equal(wt_event_parse(line, 27, &ev), WT_ESYNTAX); /* no arrow */
    assert_int_equal(wt_event_parse(line, 30, &ev), WT_ESYNTAX); /* arrow, nothing after */
    assert_int_equal(wt_event_parse(line, 34, &ev), WT_ESYNTAX); /* "rc=" */
    assert_int_equal(wt_event_parse(line, 40, &ev), WT_OK);      /* "... rc=EVALUE" */
    assert_int_equal(wt_event_parse(line, len, &ev), WT_OK);
    assert_true(ev.c == INT64_MIN);
}

/* Random bytes and mutated lines: no crash, and what parses re-formats. */
static void test_trace_parse_fuzz(void **state)
{
    (void)state;
    struct wt_prng p;
    wt_prng_seed(&p, 77);
    static const char alphabet[] = "abcdeilmnoprstuwxyz_->=0123456789 \t\n\x80\xff" "EPIOK";
    for (int i = 0; i < 20000; i++) {
        size_t n = (size_t)wt_prng_below(&p, 40);
        char *buf = malloc(n == 0 ? 1 : n);
        assert_non_null(buf);
        if (wt_prng_chance(&p, 1, 2)) {
            struct wt_event ev = ev_make((int)wt_prng_below(&p, WT_EV_COUNT),
                                         (int)wt_prng_below(&p, 30), 0, random_field(&p), 0, 0);
            char line[WT_EVENT_TEXT_MAX];
            int len = wt_event_format(&ev, line, sizeof(line));
            n = (size_t)len < n ? (size_t)len : n;
            memcpy(buf, line, n);
            if (n > 0) {
                buf[wt_prng_below(&p, n)] = alphabet[wt_prng_below(&p, sizeof(alphabet) - 1)];
            }
        } else {
            for (size_t k = 0; k < n; k++) {
                buf[k] = alphabet[wt_prng_below(&p, sizeof(alphabet) - 1)];
            }
        }
        struct wt_event ev;
        int rc = wt_event_parse(buf, n, &ev);
        assert_true(rc == WT_OK || rc == WT_ESYNTAX);
        if (rc == WT_OK) {
            assert_round_trip(&ev);
        }
        free(buf);
    }
}

static void test_trace_null_args(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_event ev = ev_make(WT_EV_END, 0, 0, 0, 0, 0);
    assert_int_equal(wt_trace_new(tl_alloc_get(&ta), true, NULL), WT_EINVAL);
    assert_int_equal(wt_trace_append(NULL, &ev), WT_EINVAL);
    assert_int_equal(wt_trace_add_sink(NULL, sink_fn, NULL), WT_EINVAL);
    struct wt_trace *t = NULL;
    assert_int_equal(wt_trace_new(tl_alloc_get(&ta), true, &t), WT_OK);
    assert_int_equal(wt_trace_append(t, NULL), WT_EINVAL);
    assert_int_equal(wt_trace_count(t), 0);
    wt_trace_reset(NULL);
    assert_int_equal(wt_trace_count(NULL), 0);
    assert_int_equal(wt_trace_hash(NULL), 0);
    assert_false(wt_trace_complete(NULL));
    assert_null(wt_trace_at(NULL, 0));
    wt_trace_free(t);
    assert_int_equal(tl_alloc_live(&ta), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trace_hash_golden),
        cmocka_unit_test(test_trace_hash_ignores_index),
        cmocka_unit_test(test_trace_keep_and_stream_same_hash),
        cmocka_unit_test(test_trace_stream_constant_memory),
        cmocka_unit_test(test_trace_sinks_in_order),
        cmocka_unit_test(test_trace_keep_grows_and_resets),
        cmocka_unit_test(test_trace_new_failmalloc),
        cmocka_unit_test(test_trace_append_enomem_incomplete),
        cmocka_unit_test(test_trace_format_exact),
        cmocka_unit_test(test_trace_format_snprintf_semantics),
        cmocka_unit_test(test_trace_format_longest_line),
        cmocka_unit_test(test_trace_op_fields_from_schema),
        cmocka_unit_test(test_trace_round_trip_every_name),
        cmocka_unit_test(test_trace_round_trip_random),
        cmocka_unit_test(test_trace_parse_accepts_spellings),
        cmocka_unit_test(test_trace_parse_rejects_garbage),
        cmocka_unit_test(test_trace_parse_truncated),
        cmocka_unit_test(test_trace_parse_fuzz),
        cmocka_unit_test(test_trace_null_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
