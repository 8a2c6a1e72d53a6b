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

static void test_trace_format_exact(void **state)
{
    (void)state;
    assert_formats(ev_make(WT_EV_CALL, WT_METHOD_WRITE, 0, 100, 0, 0), "call write a=100");
    assert_formats(ev_make(WT_EV_RETURN, WT_METHOD_GET_SIZE, 0, 100, 100, 0),
                   "ret get_write_buffer_size a=100 b=100");
    assert_formats(ev_make(WT_EV_RETURN, WT_METHOD_WRITE, WT_EVALUE, -1, 0, 0),
                   "ret write rc=EVALUE a=-1");
    assert_formats(ev_make(WT_EV_CALLBACK, WT_CB_PAUSE, WT_ECALLBACK, 64, 0, 0),
                   "cb pause_writing rc=ECALLBACK a=64");
    assert_formats(ev_make(WT_EV_OP, WT_OP_SOCK_CAP, 0, 10, 0, 0), "op sock_cap a=10");
    assert_formats(ev_make(WT_EV_EXPECT, WT_OP_EXPECT_SIZE, WT_EEXPECT, 3, 4, 0),
                   "expect expect_size rc=EEXPECT a=3 b=4");
    assert_formats(ev_make(WT_EV_REPORT, WT_REPORT_PAUSE_FAILED, WT_ECALLBACK, 0, 0, 0),
                   "report pause_failed rc=ECALLBACK");
    assert_formats(ev_make(WT_EV_PEER, WT_PEER_CORRUPT, 0, 5, 0, 0), "peer corrupt a=5");
    assert_formats(ev_make(WT_EV_IDLE, WT_IDLE_END, 0, 1, -1, -1), "idle end a=1 b=-1 c=-1");
    assert_formats(ev_make(WT_EV_SEND, 0, WT_EAGAIN, 10, 0, 7), "send - rc=EAGAIN a=10 c=7");
    assert_formats(ev_make(WT_EV_END, 0, 0, 0, 0, 0), "end -");
    /* no name fits: plain numbers */
    assert_formats(ev_make(WT_EV_CALL, 99, -77, 0, 0, 0), "call 99 rc=-77");
    assert_formats(ev_make(WT_EV_TIME, 3, 0, INT64_MIN, INT64_MAX, 0),
                   "time 3 a=-9223372036854775808 b=9223372036854775807");
}

static void test_trace_format_snprintf_semantics(void **state)
{
    (void)state;
    struct wt_event ev = ev_make(WT_EV_CALL, WT_METHOD_WRITE, 0, 100, 0, 0);
    char buf[8];
    memset(buf, 'x', sizeof(buf));
    assert_int_equal(wt_event_format(&ev, buf, sizeof(buf)), 16);
    assert_string_equal(buf, "call wr");
    assert_int_equal(wt_event_format(&ev, NULL, 0), 16);
    buf[0] = 'x';
    assert_int_equal(wt_event_format(&ev, buf, 1), 16);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(wt_event_format(NULL, buf, sizeof(buf)), WT_EINVAL);
    assert_int_equal(wt_event_format(&ev, NULL, 5), WT_EINVAL);
    ev.kind = WT_EV_COUNT;
    assert_int_equal(wt_event_format(&ev, buf, sizeof(buf)), WT_EINVAL);
    /* the longest line fits WT_EVENT_TEXT_MAX */
    struct wt_event big = ev_make(WT_EV_EXPECT, WT_OP_EXPECT_CLAUSE, WT_EUNEXPECTED, INT64_MIN,
                                  INT64_MIN, INT64_MIN);
    assert_in_range(wt_event_format(&big, NULL, 0), 1, WT_EVENT_TEXT_MAX - 1);
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
    }
}

static int64_t random_field(struct wt_prng *p)
{
    static const int64_t special[] = {0, 1, -1, INT64_MIN, INT64_MAX, INT64_MIN + 1, 10, -251};
    switch (wt_prng_below(p, 4)) {
    case 0:
        return special[wt_prng_below(p, sizeof(special) / sizeof(special[0]))];
    case 1:
        return (int64_t)wt_prng_next(p);
    case 2:
        return (int64_t)wt_prng_range(p, 0, 1000) - 500;
    default:
        return 0;
    }
}

static void test_trace_round_trip_random(void **state)
{
    (void)state;
    struct wt_prng p;
    wt_prng_seed(&p, 2024);
    for (int i = 0; i < 20000; i++) {
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

static int parse_str(const char *s, struct wt_event *ev) { return wt_event_parse(s, strlen(s), ev); }

static void test_trace_parse_accepts_spellings(void **state)
{
    (void)state;
    struct wt_event ev;
    assert_int_equal(parse_str("ret write rc=-1 a=-1", &ev), WT_OK);
    assert_int_equal(ev.rc, WT_EVALUE);
    assert_true(ev.a == -1);
    assert_int_equal(parse_str("ret write rc=OK a=0 b=0 c=0", &ev), WT_OK);
    assert_int_equal(ev.rc, 0);
    assert_int_equal(parse_str("call 0", &ev), WT_OK);
    assert_int_equal(ev.kind, WT_EV_CALL);
    assert_int_equal(ev.what, WT_METHOD_WRITE);
    assert_int_equal(parse_str("op sock_cap c=3", &ev), WT_OK);
    assert_int_equal(ev.what, WT_OP_SOCK_CAP);
    assert_true(ev.c == 3);
    assert_int_equal(parse_str("op write_eof", &ev), WT_OK);
    assert_int_equal(ev.what, WT_OP_WRITE_EOF);
    assert_int_equal(parse_str("time - a=-9223372036854775808", &ev), WT_OK);
    assert_true(ev.a == INT64_MIN);
    assert_int_equal(parse_str("send 65535 rc=-2147483648", &ev), WT_OK);
    assert_int_equal(ev.what, 65535);
    assert_int_equal(ev.rc, INT32_MIN);
    /* the line need not be NUL-terminated: len bounds it */
    assert_int_equal(wt_event_parse("end - a=12345", 9, &ev), WT_OK);
    assert_true(ev.a == 1);
}

static void test_trace_parse_rejects_garbage(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", " ", "call", "call ", " call write", "call  write", "call write ",
        "bogus write", "CALL write", "call bogus", "call -", "call Write",
        "send x", "end end", "op sock cap", "op sock_ca", "op sock_capx",
        "call write a=", "call write a", "call write =1", "call write a=01",
        "call write a=-0", "call write a=+1", "call write a=-", "call write a=1x",
        "call write a=9223372036854775808", "call write a=-9223372036854775809",
        "call write a=99999999999999999999", "call write rc=2147483648",
        "call write rc=-2147483649", "call write rc=EBOGUS", "call write rc=ValueError",
        "call write rc=", "call write b=1 a=2", "call write a=1 a=2", "call write rc=OK rc=OK",
        "call write c=1 rc=EVALUE", "call write d=1", "call write A=1", "call 65536", "call 01",
        "call -1", "call write\t", "call write a=1\n", "call write\r", "call\twrite",
        "peer fin a=1 extra",
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
    assert_int_equal(wt_event_parse("end -", 5, NULL), WT_ESYNTAX);
    /* an embedded NUL is just a bad byte */
    assert_int_equal(wt_event_parse("end -\0a=1", 9, &ev), WT_ESYNTAX);
    assert_int_equal(wt_event_parse("end\0-", 5, &ev), WT_ESYNTAX);
}

/* Every prefix of a valid line parses or is rejected, never crashes. */
static void test_trace_parse_truncated(void **state)
{
    (void)state;
    const char *line = "ret get_write_buffer_limits rc=EVALUE a=-12 b=34 c=-9223372036854775808";
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
    assert_int_equal(wt_event_parse(line, 28, &ev), WT_ESYNTAX); /* trailing space */
    assert_int_equal(wt_event_parse(line, 31, &ev), WT_ESYNTAX); /* "rc=" */
    assert_int_equal(wt_event_parse(line, len, &ev), WT_OK);
    assert_true(ev.c == INT64_MIN);
}

/* Random bytes and mutated lines: no crash, and what parses re-formats. */
static void test_trace_parse_fuzz(void **state)
{
    (void)state;
    struct wt_prng p;
    wt_prng_seed(&p, 77);
    static const char alphabet[] = "abcdeilmnoprstuwy_-=0123456789 \t\n\x80\xff";
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
