/* SPDX-License-Identifier: MIT */
/*
 * test_world.c - unit tests of sim/world.c: argument checks, the start and
 * finish sequences, the OP / CALL / RETURN / CALLBACK emission rules of
 * docs/internals/trace.md, hooks, the loop and clock drivers and their
 * bounds, socket and peer ops, expectations, the NULL-slot defaults (on a
 * tiny transport defined here), determinism across two worlds, and a
 * failmalloc sweep.
 *
 * Every test builds its worlds on the counting allocator and ends with
 * zero live blocks, so every test is also a leak test.
 *
 * Division map:
 *   1. A tiny transport with NULL slots
 *   2. Arguments and life cycle
 *   3. Emission rules and hooks
 *   4. Driving the loop, time and bounds
 *   5. Socket, peer and expectations
 *   6. Determinism and failmalloc
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "world_helpers.h"

/* ================================================================== */
/* 1. A tiny transport with NULL slots                                */
/* ================================================================== */

/*
 * It sends each write straight to the socket (dropping what is refused)
 * and leaves writelines, write_eof and can_write_eof NULL, so the world's
 * defaults are what the tests see. Flavors: "corrupt" sends wrong bytes,
 * "silent" never schedules connection_made, "refuse" fails create, "keep"
 * keeps each write's data pointer instead of a copy and sends it at the
 * next write (a zero-copy bug the world's poisoning must expose).
 */
struct tiny {
    struct wt_host *host;
    bool corrupt;
    bool keep;
    bool closing;
    const uint8_t *kept;
    size_t kept_len;
};

static const uint8_t tiny_garbage[64] = {0xff, 0xfe, 0xfd};

static void tiny_made(void *arg)
{
    struct tiny *t = arg;
    wt_host_connection_made(t->host);
}

static void tiny_lost(void *arg)
{
    struct tiny *t = arg;
    wt_host_connection_lost(t->host, 0);
}

static int tiny_create(struct wt_host *host, const struct wt_transport_args *args, void **self_out)
{
    const char *flavor = args->flavor != NULL ? args->flavor : "";
    if (strcmp(flavor, "refuse") == 0) {
        return WT_EVALUE;
    }
    struct tiny *t = wt_host_alloc(host, sizeof(*t));
    if (t == NULL) {
        return WT_ENOMEM;
    }
    memset(t, 0, sizeof(*t));
    t->host = host;
    t->corrupt = strcmp(flavor, "corrupt") == 0;
    t->keep = strcmp(flavor, "keep") == 0;
    if (strcmp(flavor, "silent") != 0 && wt_host_call_soon(host, tiny_made, t) != WT_OK) {
        wt_host_free(host, t);
        return WT_ENOMEM;
    }
    *self_out = t;
    return WT_OK;
}

static void tiny_destroy(void *self)
{
    struct tiny *t = self;
    wt_host_free(t->host, t);
}

static int tiny_write(void *self, const uint8_t *data, size_t len)
{
    struct tiny *t = self;
    size_t sent = 0;
    if (t->corrupt) {
        data = tiny_garbage;
        len = len < sizeof(tiny_garbage) ? len : sizeof(tiny_garbage);
    }
    if (t->keep) {
        if (t->kept_len > 0) {
            (void)wt_host_send(t->host, t->kept, t->kept_len, &sent);
        }
        t->kept = data; /* the bug: the caller's buffer, not a copy */
        t->kept_len = len;
        return WT_OK;
    }
    (void)wt_host_send(t->host, data, len, &sent);
    return WT_OK;
}

static int tiny_close(void *self)
{
    struct tiny *t = self;
    if (!t->closing) {
        t->closing = true;
        return wt_host_call_soon(t->host, tiny_lost, t);
    }
    return WT_OK;
}

static int tiny_is_closing(void *self, bool *closing_out)
{
    *closing_out = ((struct tiny *)self)->closing;
    return WT_OK;
}

static int tiny_size(void *self, size_t *size_out)
{
    *size_out = ((struct tiny *)self)->kept_len;
    return WT_OK;
}

static int tiny_get_limits(void *self, int64_t *low_out, int64_t *high_out)
{
    (void)self;
    *low_out = 0;
    *high_out = 0;
    return WT_OK;
}

static int tiny_set_limits(void *self, const struct wt_limits *req)
{
    (void)self;
    (void)req;
    return WT_OK;
}

static const struct wt_transport_ops tiny_ops = {
    .abi_version = WT_TRANSPORT_ABI,
    .name = "tiny",
    .create = tiny_create,
    .destroy = tiny_destroy,
    .write = tiny_write,
    .abort = tiny_close,
    .close = tiny_close,
    .is_closing = tiny_is_closing,
    .get_write_buffer_size = tiny_size,
    .get_write_buffer_limits = tiny_get_limits,
    .set_write_buffer_limits = tiny_set_limits,
};

static struct wt_world *tiny_world(struct tl_alloc *ta, const char *flavor, int start_rc)
{
    struct wt_world_config cfg;
    wt_world_config_init(&cfg);
    cfg.transport = &tiny_ops;
    cfg.args.flavor = flavor;
    cfg.keep_trace = true;
    struct wt_world *w = NULL;
    assert_int_equal(wt_world_new(&cfg, tl_alloc_get(ta), &w), WT_OK);
    assert_int_equal(wt_world_start(w), start_rc);
    return w;
}

/* ================================================================== */
/* 2. Arguments and life cycle                                        */
/* ================================================================== */

static void test_world_null_args(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world_config cfg;
    wt_world_config_init(&cfg);
    struct wt_world *w = NULL;
    assert_int_equal(wt_world_new(NULL, tl_alloc_get(&ta), &w), WT_EINVAL);
    assert_int_equal(wt_world_new(&cfg, tl_alloc_get(&ta), NULL), WT_EINVAL);
    assert_int_equal(wt_world_start(NULL), WT_EINVAL);
    assert_int_equal(wt_world_exec(NULL, NULL), WT_EINVAL);
    assert_int_equal(wt_world_finish(NULL), WT_EINVAL);
    assert_int_equal(wt_world_add_sink(NULL, NULL, NULL), WT_EINVAL);
    wt_world_free(NULL);
    cfg.steps_max = 0;
    assert_int_equal(wt_world_new(&cfg, tl_alloc_get(&ta), &w), WT_EINVAL);
    wt_world_config_init(&cfg);
    struct wt_transport_ops broken = tiny_ops;
    broken.write = NULL;
    cfg.transport = &broken;
    assert_int_equal(wt_world_new(&cfg, tl_alloc_get(&ta), &w), WT_EINVAL);
    assert_null(w);
    w = tw_new(&ta, NULL, 0);
    assert_int_equal(wt_world_exec(w, NULL), WT_EINVAL);
    assert_int_equal(wt_world_add_sink(w, NULL, NULL), WT_EINVAL);
    tw_free(&ta, w);
}

static void test_world_config_defaults(void **state)
{
    (void)state;
    struct wt_world_config cfg;
    wt_world_config_init(&cfg);
    assert_ptr_equal(cfg.transport, &wt_ref_transport_ops);
    assert_int_equal(cfg.steps_max, WT_WORLD_STEPS_DEFAULT);
    assert_true(cfg.finish_close);
    assert_int_equal(wt_transport_ops_check(&wt_ref_transport_ops), WT_OK);
    assert_int_equal(wt_transport_ops_check(NULL), WT_EINVAL);
}

/* start: CALLBACK made, then one traced get_write_buffer_limits. */
static void test_world_start_sequence(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world_config cfg;
    wt_world_config_init(&cfg);
    cfg.keep_trace = true;
    struct wt_world *w = NULL;
    assert_int_equal(wt_world_new(&cfg, tl_alloc_get(&ta), &w), WT_OK);
    struct wt_op op = wt_op_make(WT_OP_WRITE, 1, 0);
    assert_int_equal(wt_world_exec(w, &op), WT_EINVAL); /* not started */
    assert_int_equal(tw_count(w), 0);
    assert_int_equal(wt_world_start(w), WT_OK);
    assert_int_equal(wt_world_start(w), WT_EINVAL);
    assert_int_equal(tw_count(w), 3);
    assert_true(tw_is(tw_at(w, 0), WT_EV_CALLBACK, WT_CB_MADE));
    assert_true(tw_is(tw_at(w, 1), WT_EV_CALL, WT_METHOD_GET_LIMITS));
    assert_true(tw_is(tw_at(w, 2), WT_EV_RETURN, WT_METHOD_GET_LIMITS));
    assert_int_equal(tw_at(w, 0)->a, 0);
    assert_int_equal(tw_proto(w).made, 1);
    tw_free(&ta, w);
}

static void test_world_start_create_refused(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tiny_world(&ta, "refuse", WT_EADAPTER);
    tw_free(&ta, w);
}

/* A transport that never delivers connection_made cannot hang start. */
static void test_world_start_without_made_times_out(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tiny_world(&ta, "silent", WT_ETIMEOUT);
    assert_true(tw_find(w, 0, WT_EV_BOUND, TW_ANY) >= 0);
    tw_free(&ta, w);
}

/* finish: close (if open), drain, IDLE(END), END last; then no more ops. */
static void test_world_finish_sequence(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 10, 0);
    tw_do(w, WT_OP_SOCK_OPEN, 0, 0);
    size_t m = tw_count(w);
    assert_int_equal(wt_world_finish(w), WT_OK);
    TW_SEQ(w, m, WT_EV_CALL, WT_METHOD_CLOSE, WT_EV_RETURN, WT_METHOD_CLOSE, WT_EV_SEND, TW_ANY,
           WT_EV_CALLBACK, WT_CB_LOST, WT_EV_IDLE, WT_IDLE_END, WT_EV_END, TW_ANY);
    assert_true(tw_is(tw_at(w, tw_count(w) - 1), WT_EV_END, TW_ANY));
    assert_int_equal(tw_at(w, tw_count(w) - 1)->rc, WT_OK);
    assert_int_equal(tw_op(w, WT_OP_RUN, 0, 0), WT_EINVAL);
    assert_int_equal(wt_world_finish(w), WT_EINVAL);
    assert_int_equal(tw_peer(w).accepted, 10);
    tw_free(&ta, w);
}

/* After connection_lost the world itself never calls the transport. */
static void test_world_no_calls_after_lost(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_do(w, WT_OP_ABORT, 0, 0);
    tw_do(w, WT_OP_RUN, 0, 0);
    size_t m = (size_t)tw_find(w, 0, WT_EV_CALLBACK, WT_CB_LOST);
    assert_int_equal(wt_world_finish(w), WT_OK);
    assert_int_equal(tw_find(w, m, WT_EV_CALL, TW_ANY), -1);
    const struct wt_event *idle = tw_must(w, m, WT_EV_IDLE, WT_IDLE_END);
    assert_int_equal(idle->b, -1);
    assert_int_equal(idle->c, -1);
    tw_free(&ta, w);
}

/* ================================================================== */
/* 3. Emission rules and hooks                                        */
/* ================================================================== */

/* OP comes first; invalid ops leave no event; writelines' OP a/b. */
static void test_world_op_event_first(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_GET_SIZE, 0, 0);
    assert_true(tw_is(tw_at(w, m), WT_EV_OP, WT_OP_GET_SIZE));
    assert_true(tw_is(tw_at(w, m + 1), WT_EV_CALL, WT_METHOD_GET_SIZE));
    m = tw_count(w);
    assert_int_equal(tw_op(w, WT_OP_SOCK_FAIL, 7, 0), WT_EINVAL);
    assert_int_equal(tw_op(w, WT_OP_WRITE, ((int64_t)16 << 20) + 1, 0), WT_EINVAL);
    assert_int_equal(tw_count(w), m);
    const uint32_t chunks[] = {3, 4};
    tw_writelines(w, 2, chunks);
    assert_int_equal(tw_at(w, m)->a, 7);
    assert_int_equal(tw_at(w, m)->b, 2);
    tw_free(&ta, w);
}

/* Offsets: each write starts where the last accepted one ended. */
static void test_world_stream_offsets(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_do(w, WT_OP_WRITE, 10, 0);
    tw_do(w, WT_OP_WRITE_EOF, 0, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_WRITE, 5, 0); /* refused: the offset stays */
    assert_int_equal(tw_must(w, m, WT_EV_CALL, WT_METHOD_WRITE)->b, 10);
    m = tw_count(w);
    tw_do(w, WT_OP_WRITE, 5, 0);
    assert_int_equal(tw_must(w, m, WT_EV_CALL, WT_METHOD_WRITE)->b, 10);
    tw_do(w, WT_OP_EXPECT_ERROR, WT_ESTATE, 0);
    assert_int_equal(wt_world_last_status(w), WT_ESTATE);
    assert_int_equal(wt_world_expect_failures(w), 0);
    tw_free(&ta, w);
}

/* Hooks run after the CALLBACK event, in the order armed, once. */
static void test_world_hooks_order_and_one_shot(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_limits(w, true, 10, true, 0);
    tw_block(w);
    size_t m = tw_count(w);
    tw_on(w, WT_ON_PAUSE, WT_OP_GET_SIZE, 0, 0);
    tw_on(w, WT_ON_PAUSE, WT_OP_IS_CLOSING, 0, 0);
    assert_true(tw_is(tw_at(w, m), WT_EV_OP, WT_OP_GET_SIZE));
    assert_int_equal(tw_at(w, m)->c, WT_ON_PAUSE);
    assert_int_equal(tw_find(w, m, WT_EV_CALL, TW_ANY), -1); /* only armed */
    m = tw_count(w);
    tw_do(w, WT_OP_WRITE, 20, 0);
    TW_SEQ(w, m, WT_EV_CALL, WT_METHOD_WRITE, WT_EV_CALLBACK, WT_CB_PAUSE, WT_EV_CALL,
           WT_METHOD_GET_SIZE, WT_EV_RETURN, WT_METHOD_GET_SIZE, WT_EV_CALL, WT_METHOD_IS_CLOSING,
           WT_EV_RETURN, WT_METHOD_IS_CLOSING, WT_EV_RETURN, WT_METHOD_WRITE);
    assert_int_equal(tw_tally(w, m, WT_EV_OP, TW_ANY), 1); /* hooks add no OP */
    tw_flush(w);
    m = tw_count(w);
    tw_do(w, WT_OP_WRITE, 20, 0); /* pauses again: the hooks are spent */
    tw_do(w, WT_OP_WRITE, 20, 0);
    assert_int_equal(tw_find(w, m, WT_EV_CALL, WT_METHOD_GET_SIZE), -1);
    tw_free(&ta, w);
}

/* RAISE: that firing's CALLBACK has rc = WT_ECALLBACK; the next does not. */
static void test_world_raise_hook(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_on(w, WT_ON_DATA, WT_OP_RAISE, 0, 0);
    tw_on(w, WT_ON_DATA, WT_OP_RAISE, 0, 0);
    tw_on(w, WT_ON_DATA, WT_OP_GET_SIZE, 0, 0);
    assert_int_equal(tw_op(w, WT_OP_RAISE, 0, 0), WT_EINVAL); /* only as a hook */
    tw_on(w, WT_ON_EOF, WT_OP_EOF_KEEP_OPEN, 1, 0);
    tw_do(w, WT_OP_PEER_SEND, 4, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_STEP, 1, 0);
    const struct wt_event *cb = tw_must(w, m, WT_EV_CALLBACK, WT_CB_DATA);
    assert_int_equal(cb->rc, WT_ECALLBACK);
    assert_int_equal(cb->b, 4);
    /* A protocol that raises stops there: the get_size hook did not run... */
    assert_true(tw_find(w, m, WT_EV_CALL, WT_METHOD_GET_SIZE) < 0);
    /* ...and the second RAISE is not a call: both stay armed for the next firing. */
    const struct wt_trace *tr = wt_world_trace(w);
    for (size_t i = m; i < wt_trace_count(tr); i++) {
        const struct wt_event *ev = wt_trace_at(tr, i);
        assert_false(ev->kind == WT_EV_CALL && ev->what >= WT_METHOD_COUNT);
    }
    tw_free(&ta, w);
}

/* connection_lost cannot return a failure: the world reports it as the loop's
 * handler would ("Exception in callback"), right after the callback. */
static void test_world_lost_raise_reported_by_loop(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_on(w, WT_ON_LOST, WT_OP_RAISE, 0, 0);
    tw_on(w, WT_ON_LOST, WT_OP_WRITE, 5, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_CLOSE, 0, 0);
    tw_do(w, WT_OP_RUN, 0, 0);
    const struct wt_event *lost = tw_must(w, m, WT_EV_CALLBACK, WT_CB_LOST);
    assert_int_equal(lost->rc, WT_ECALLBACK);
    const struct wt_event *next = wt_trace_at(wt_world_trace(w), lost->index + 1);
    assert_non_null(next);
    assert_int_equal(next->kind, WT_EV_REPORT);
    assert_int_equal(next->what, WT_REPORT_CALLBACK_FAILED);
    assert_int_equal(next->rc, WT_ECALLBACK);
    assert_true(tw_find(w, m, WT_EV_CALL, WT_METHOD_WRITE) < 0); /* it raised first */
    tw_free(&ta, w);
}

/* NULL slots: writelines writes each chunk; write_eof ENOTIMPL; can_eof false. */
static void test_world_null_slot_defaults(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tiny_world(&ta, NULL, WT_OK);
    size_t m = tw_count(w);
    const uint32_t chunks[] = {3, 4, 5};
    tw_writelines(w, 3, chunks);
    assert_int_equal(tw_tally(w, m, WT_EV_SEND, TW_ANY), 3);
    assert_int_equal(tw_tally(w, m, WT_EV_CALL, TW_ANY), 1);
    assert_int_equal(tw_peer(w).accepted, 12);
    assert_int_equal(tw_peer(w).corrupt_at, -1);
    tw_do(w, WT_OP_WRITE_EOF, 0, 0);
    assert_int_equal(tw_ret(w)->rc, WT_ENOTIMPL);
    tw_do(w, WT_OP_CAN_WRITE_EOF, 0, 0);
    assert_int_equal(tw_ret(w)->rc, WT_OK);
    assert_int_equal(tw_ret(w)->b, 0);
    tw_do(w, WT_OP_EXPECT_STATE, WT_EXPECT_CANNOT_EOF, 0);
    assert_int_equal(wt_world_expect_failures(w), 0);
    tw_free(&ta, w);
}

/* The peer reports the first byte that is not the pattern, once. */
static void test_world_peer_corrupt_reported(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tiny_world(&ta, "corrupt", WT_OK);
    tw_do(w, WT_OP_WRITE, 10, 0);
    tw_do(w, WT_OP_WRITE, 10, 0);
    assert_int_equal(tw_tally(w, 0, WT_EV_PEER, WT_PEER_CORRUPT), 1);
    assert_int_equal(tw_must(w, 0, WT_EV_PEER, WT_PEER_CORRUPT)->a, 0);
    tw_free(&ta, w);
}

/* A transport that keeps the data pointer past the call reads poison. */
static void test_world_kept_pointer_caught(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tiny_world(&ta, "keep", WT_OK);
    tw_do(w, WT_OP_WRITE, 10, 0);
    assert_int_equal(tw_tally(w, 0, WT_EV_PEER, WT_PEER_CORRUPT), 0);
    tw_do(w, WT_OP_WRITE, 20, 0); /* sends the first write's bytes from the kept pointer */
    assert_int_equal(tw_tally(w, 0, WT_EV_PEER, WT_PEER_CORRUPT), 1);
    assert_int_equal(tw_must(w, 0, WT_EV_PEER, WT_PEER_CORRUPT)->a, 0);
    /* Many writes later the arena has wrapped; every kept region still reads poison. */
    for (int i = 0; i < 2000; i++) {
        tw_do(w, WT_OP_WRITE, 1 + i % 300, 0);
    }
    assert_int_equal(tw_tally(w, 0, WT_EV_PEER, WT_PEER_CORRUPT), 1);
    tw_free(&ta, w);
}

/* A transport that copies gets pattern bytes through every arena wrap and growth. */
static void test_world_arena_reuse(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_do(w, WT_OP_SOCK_CAP, 7, 0);
    for (int i = 0; i < 3000; i++) {
        tw_do(w, WT_OP_WRITE, (i * 37) % 5000, 0);
        if (i % 5 == 0) {
            tw_do(w, WT_OP_STEP, 3, 0);
        }
    }
    tw_do(w, WT_OP_SOCK_CAP, 0, 0);
    tw_do(w, WT_OP_RUN, 0, 0);
    assert_int_equal(tw_tally(w, 0, WT_EV_PEER, WT_PEER_CORRUPT), 0);
    tw_free(&ta, w);
}

/* produce: the writes a stream writer makes, waiting while paused; a budget per iteration. */
static void test_world_produce_and_budget(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_limits(w, true, 1000, true, 200);
    tw_do(w, WT_OP_SOCK_BUDGET, 100, 0);
    size_t from = tw_count(w);
    tw_do(w, WT_OP_PRODUCE, 100, 64);
    /* Every write is a traced call; none is made while paused. */
    assert_int_equal(tw_tally(w, from, WT_EV_CALL, WT_METHOD_WRITE), 100);
    assert_true(tw_tally(w, from, WT_EV_CALLBACK, WT_CB_PAUSE) > 0);
    bool paused = false;
    for (size_t i = from; i < tw_count(w); i++) {
        const struct wt_event *ev = tw_at(w, i);
        if (tw_is(ev, WT_EV_CALLBACK, WT_CB_PAUSE) || tw_is(ev, WT_EV_CALLBACK, WT_CB_RESUME)) {
            paused = ev->what == WT_CB_PAUSE;
        }
        /* A send of the writable callback takes at most the iteration's 100. */
        if (tw_is(ev, WT_EV_SEND, TW_ANY)) {
            assert_true(ev->b <= 100);
        }
        if (tw_is(ev, WT_EV_CALL, WT_METHOD_WRITE)) {
            assert_false(paused);
        }
    }
    /* Pause and resume alternate: one more pause exactly when it ends paused. */
    assert_int_equal(tw_tally(w, from, WT_EV_CALLBACK, WT_CB_PAUSE),
                     tw_tally(w, from, WT_EV_CALLBACK, WT_CB_RESUME) + (paused ? 1u : 0u));
    /* Then nothing for one iteration, then everything: it all arrives. */
    tw_do(w, WT_OP_SOCK_BUDGET, 0, 0);
    tw_do(w, WT_OP_SOCK_BLOCK, 0, 0);
    tw_do(w, WT_OP_STEP, 1, 0);
    tw_do(w, WT_OP_SOCK_OPEN, 0, 0);
    tw_do(w, WT_OP_RUN, 0, 0);
    tw_do(w, WT_OP_EXPECT_PEER, 6400, 0);
    assert_int_equal(wt_world_expect_failures(w), 0);
    tw_free(&ta, w);
}

/* A producer whose protocol stays paused with an idle loop gives up. */
static void test_world_produce_gives_up_when_idle(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, WT_FAULT(NEVER_RESUME));
    tw_limits(w, true, 100, true, 10);
    tw_do(w, WT_OP_SOCK_BLOCK, 0, 0);
    size_t from = tw_count(w);
    tw_do(w, WT_OP_PRODUCE, 50, 64);
    /* Two writes pause it; blocked, the loop has nothing to do: no third. */
    assert_int_equal(tw_tally(w, from, WT_EV_CALL, WT_METHOD_WRITE), 2);
    assert_int_equal(tw_tally(w, from, WT_EV_BOUND, TW_ANY), 0);
    tw_free(&ta, w);
}

/* A wait for resume_writing is bounded like a step op. */
static void test_world_produce_bound(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world_config cfg;
    wt_world_config_init(&cfg);
    cfg.args.faults = WT_FAULT(NEVER_RESUME);
    cfg.steps_max = 50;
    struct wt_world *w = tw_new_cfg(&ta, &cfg);
    tw_limits(w, true, 100, true, 10);
    tw_do(w, WT_OP_SOCK_DRAIN, 1, 0); /* the socket drains slowly: the loop never idles */
    tw_do(w, WT_OP_SOCK_BUFFER, 10, 0);
    size_t from = tw_count(w);
    assert_int_equal(tw_op(w, WT_OP_PRODUCE, 50, 64), WT_ETIMEOUT);
    assert_int_equal(tw_tally(w, from, WT_EV_BOUND, TW_ANY), 1);
    assert_int_equal(tw_must(w, from, WT_EV_BOUND, TW_ANY)->a, 50);
    tw_free(&ta, w);
}

static void sink_count(void *user_data, const struct wt_event *ev)
{
    size_t *n = user_data;
    assert_int_equal(ev->index, *n);
    (*n)++;
}

/* A sink sees every event, in order; sinks are added before start only. */
static void test_world_sink_sees_every_event(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world_config cfg;
    wt_world_config_init(&cfg);
    struct wt_world *w = NULL;
    size_t seen = 0;
    assert_int_equal(wt_world_new(&cfg, tl_alloc_get(&ta), &w), WT_OK);
    assert_int_equal(wt_world_add_sink(w, sink_count, &seen), WT_OK);
    assert_int_equal(wt_world_start(w), WT_OK);
    assert_int_equal(wt_world_add_sink(w, sink_count, &seen), WT_EINVAL);
    tw_do(w, WT_OP_WRITE, 100, 0);
    assert_int_equal(wt_world_finish(w), WT_OK);
    assert_int_equal(seen, wt_trace_count(wt_world_trace(w)));
    assert_null(wt_trace_at(wt_world_trace(w), 0)); /* not kept by default */
    tw_free(&ta, w);
}

/* ================================================================== */
/* 4. Driving the loop, time and bounds                               */
/* ================================================================== */

/* run: until idle, then IDLE(RUN) with would-accept, size and low. */
static void test_world_run_until_idle(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_do(w, WT_OP_SOCK_BUFFER, 1000, 0);
    tw_do(w, WT_OP_SOCK_DRAIN, 100, 0);
    tw_do(w, WT_OP_WRITE, 3000, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_RUN, 0, 0);
    const struct wt_event *idle = tw_must(w, m, WT_EV_IDLE, WT_IDLE_RUN);
    assert_int_equal(idle->a, 0); /* the last 1000 bytes fill the kernel buffer */
    assert_int_equal(idle->b, 0);
    assert_int_equal(idle->c, 16384);
    assert_true(tw_find(w, m, WT_EV_TIME, TW_ANY) >= 0);
    assert_int_equal(tw_peer(w).accepted, 3000);
    /* 2000 bytes had to wait for 1000 to drain at 100 per ms. */
    assert_int_equal(wt_world_now_ns(w), 20 * WT_NS_PER_MS);
    tw_free(&ta, w);
}

/* step n: n iterations, jumping the clock when nothing is ready. */
static void test_world_step_jumps_clock(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_do(w, WT_OP_SOCK_BUFFER, 100, 0);
    tw_do(w, WT_OP_SOCK_DRAIN, 50, 0);
    tw_do(w, WT_OP_WRITE, 300, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_STEP, 1, 0);
    const struct wt_event *time = tw_must(w, m, WT_EV_TIME, TW_ANY);
    assert_int_equal(time->a, (int64_t)WT_NS_PER_MS);
    assert_int_equal(tw_must(w, m, WT_EV_SEND, TW_ANY)->b, 50);
    assert_int_equal(wt_world_now_ns(w), WT_NS_PER_MS);
    tw_free(&ta, w);
}

/* advance t: everything due by now + t in time order, then the clock is there. */
static void test_world_advance_time(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_do(w, WT_OP_SOCK_BUFFER, 100, 0);
    tw_do(w, WT_OP_SOCK_DRAIN, 10, 0);
    tw_do(w, WT_OP_WRITE, 1000, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_ADVANCE, 5 * (int64_t)WT_NS_PER_MS + 1, 0);
    assert_int_equal(wt_world_now_ns(w), 5 * WT_NS_PER_MS + 1);
    assert_int_equal(tw_peer(w).accepted, 150);
    assert_int_equal(tw_at(w, tw_count(w) - 1)->kind, WT_EV_TIME);
    int64_t t = 0;
    for (size_t i = m; i < tw_count(w); i++) {
        if (tw_at(w, i)->kind == WT_EV_TIME) {
            assert_true(tw_at(w, i)->a > t);
            t = tw_at(w, i)->a;
        }
    }
    tw_free(&ta, w);
}

/* A scheduled `sock fail` fires from a timer at its time. */
static void test_world_sock_fail_at_time(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_do(w, WT_OP_SOCK_FAIL, WT_ECONNRESET, 3 * (int64_t)WT_NS_PER_MS);
    assert_int_equal(tw_find(w, 0, WT_EV_PEER, WT_PEER_FAULT), -1);
    tw_do(w, WT_OP_RUN, 0, 0);
    long fault = tw_find(w, 0, WT_EV_PEER, WT_PEER_FAULT);
    assert_true(fault > 0);
    assert_int_equal(tw_at(w, (size_t)fault)->a, WT_ECONNRESET);
    assert_int_equal(wt_world_now_ns(w), 3 * WT_NS_PER_MS);
    /* The reader sees the reset: the connection ends with it. */
    assert_int_equal(tw_proto(w).lost_err, WT_ECONNRESET);
    tw_free(&ta, w);
}

/* Reaching steps_max: BOUND, WT_ETIMEOUT, and the world stays usable. */
static void test_world_step_bound(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world_config cfg;
    wt_world_config_init(&cfg);
    cfg.steps_max = 5;
    struct wt_world *w = tw_new_cfg(&ta, &cfg);
    tw_do(w, WT_OP_SOCK_BUFFER, 1, 0);
    tw_do(w, WT_OP_SOCK_DRAIN, 1, 0);
    tw_do(w, WT_OP_WRITE, 100, 0);
    size_t m = tw_count(w);
    assert_int_equal(tw_op(w, WT_OP_RUN, 0, 0), WT_ETIMEOUT);
    const struct wt_event *bound = tw_must(w, m, WT_EV_BOUND, TW_ANY);
    assert_int_equal(bound->a, 5);
    assert_int_equal(tw_find(w, m, WT_EV_IDLE, TW_ANY), -1);
    assert_int_equal(tw_op(w, WT_OP_STEP, 6, 0), WT_ETIMEOUT);
    assert_int_equal(tw_op(w, WT_OP_STEP, 2, 0), WT_OK);
    assert_int_equal(tw_op(w, WT_OP_GET_SIZE, 0, 0), WT_OK);
    assert_int_equal(wt_world_finish(w), WT_ETIMEOUT);
    assert_int_equal(tw_at(w, tw_count(w) - 1)->rc, WT_ETIMEOUT);
    assert_true(tw_is(tw_at(w, tw_count(w) - 2), WT_EV_BOUND, TW_ANY));
    tw_free(&ta, w);
}

/* ================================================================== */
/* 5. Socket, peer and expectations                                   */
/* ================================================================== */

static void test_world_peer_ops_traced(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_do(w, WT_OP_SOCK_BUFFER, 1000, 0);
    tw_do(w, WT_OP_WRITE, 300, 0);
    tw_do(w, WT_OP_SOCK_READ, 200, 0);
    const struct wt_event *rx = tw_must(w, 0, WT_EV_PEER, WT_PEER_RECEIVED);
    assert_int_equal(rx->a, 200);
    assert_int_equal(rx->b, 200);
    tw_do(w, WT_OP_PEER_SEND, 7, 0);
    assert_int_equal(tw_must(w, 0, WT_EV_PEER, WT_PEER_SENT)->a, 7);
    tw_do(w, WT_OP_PEER_EOF, 0, 0);
    tw_must(w, 0, WT_EV_PEER, WT_PEER_EOF);
    tw_do(w, WT_OP_PEER_CLOSE, 0, 0);
    tw_must(w, 0, WT_EV_PEER, WT_PEER_CLOSED);
    tw_do(w, WT_OP_PEER_SEND, 5, 0); /* a closed peer sends nothing; not an error */
    assert_int_equal(tw_at(w, (size_t)tw_last(w, WT_EV_PEER, WT_PEER_SENT))->a, 0);
    tw_do(w, WT_OP_SOCK_SPURIOUS, 0, 0);
    tw_must(w, 0, WT_EV_PEER, WT_PEER_SPURIOUS);
    tw_free(&ta, w);
}

/*
 * Capabilities (ABI 1.1): a table without get_write_buffer_limits is
 * never asked for it. start skips the read-back, a setter's RETURN reads
 * "unknown" (-1, -1), a call of it returns NotImplementedError untouched,
 * and a method the config declares missing is treated the same.
 */
static void test_world_missing_methods_are_never_called(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_transport_ops ops = wt_ref_transport_ops;
    ops.abi_version = WT_TRANSPORT_ABI;
    ops.get_write_buffer_limits = NULL;
    assert_int_equal(wt_transport_ops_check(&ops), WT_OK);
    assert_int_equal(wt_transport_ops_missing(&ops), 1u << WT_METHOD_GET_LIMITS);
    ops.abi_version = WT_TRANSPORT_ABI_MAKE(1, 0); /* minor 0: the getter is mandatory */
    assert_int_equal(wt_transport_ops_check(&ops), WT_EINVAL);
    ops.abi_version = WT_TRANSPORT_ABI;
    struct wt_world_config cfg;
    wt_world_config_init(&cfg);
    cfg.transport = &ops;
    cfg.missing = 1u << WT_METHOD_IS_CLOSING;
    struct wt_world *w = tw_new_cfg(&ta, &cfg);
    assert_int_equal(tw_find(w, 0, WT_EV_CALL, WT_METHOD_GET_LIMITS), -1);
    tw_limits(w, true, 100, true, 20);
    assert_int_equal(tw_ret(w)->rc, WT_OK);
    assert_int_equal(tw_ret(w)->b, -1);
    assert_int_equal(tw_ret(w)->c, -1);
    tw_do(w, WT_OP_GET_LIMITS, 0, 0);
    assert_int_equal(tw_ret(w)->rc, WT_ENOTIMPL);
    tw_do(w, WT_OP_IS_CLOSING, 0, 0);
    assert_int_equal(tw_ret(w)->rc, WT_ENOTIMPL);
    tw_do(w, WT_OP_WRITE, 10, 0);
    assert_int_equal(tw_ret(w)->a, 0); /* the size getter is there: sent at once */
    assert_int_equal(wt_world_finish(w), WT_OK);
    assert_int_equal(tw_proto(w).lost, 1); /* finish still closes */
    tw_free(&ta, w);
}

/*
 * Reader before writer, as asyncio's selector loop runs them: when EOF
 * arrives in the iteration in which the socket turns writable, the
 * reader's eof_received sees the buffer still full, and the writer sends
 * afterwards (sock block, write 100, peer eof, sock open, step 1).
 */
static void test_world_reader_runs_before_writer(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 100, 0);
    tw_do(w, WT_OP_PEER_EOF, 0, 0);
    tw_do(w, WT_OP_SOCK_OPEN, 0, 0);
    size_t from = tw_count(w);
    tw_do(w, WT_OP_STEP, 1, 0);
    const struct wt_event *eof = tw_must(w, from, WT_EV_CALLBACK, WT_CB_EOF);
    assert_int_equal(eof->a, 100);
    long send = tw_find(w, from, WT_EV_SEND, TW_ANY);
    assert_true(send > (long)eof->index);
    tw_free(&ta, w);
}

/* A spurious wake-up fires the writable watch once; the send would block. */
static void test_world_spurious_wakeup(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_block(w);
    tw_do(w, WT_OP_WRITE, 10, 0);
    tw_do(w, WT_OP_SOCK_SPURIOUS, 0, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_RUN, 0, 0);
    assert_int_equal(tw_tally(w, m, WT_EV_SEND, TW_ANY), 1);
    assert_int_equal(tw_must(w, m, WT_EV_SEND, TW_ANY)->rc, WT_EAGAIN);
    assert_int_equal(tw_must(w, m, WT_EV_IDLE, WT_IDLE_RUN)->b, 10);
    tw_free(&ta, w);
}

/* Expectations: traced with wanted/got; failures counted, exec still OK. */
static void test_world_expectations(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_do(w, WT_OP_WRITE, 100, 0);
    size_t m = tw_count(w);
    tw_do(w, WT_OP_EXPECT_PEER, 100, 0);
    tw_do(w, WT_OP_EXPECT_SIZE, 0, 0);
    tw_do(w, WT_OP_EXPECT_LIMITS, 16384, 65536);
    tw_do(w, WT_OP_EXPECT_STATE, WT_EXPECT_RESUMED, 0);
    tw_do(w, WT_OP_EXPECT_STATE, WT_EXPECT_CAN_EOF, 0);
    tw_do(w, WT_OP_EXPECT_ERROR, WT_OK, 0);
    assert_int_equal(wt_world_expect_failures(w), 0);
    tw_do(w, WT_OP_EXPECT_PEER, 99, 0);
    tw_do(w, WT_OP_EXPECT_STATE, WT_EXPECT_LOST, 0);
    tw_do(w, WT_OP_EXPECT_CLAUSE, 3, 1); /* the runner's business */
    assert_int_equal(wt_world_expect_failures(w), 2);
    assert_int_equal(tw_tally(w, m, WT_EV_EXPECT, TW_ANY), 8);
    long bad = tw_last(w, WT_EV_EXPECT, TW_ANY);
    assert_int_equal(tw_at(w, (size_t)bad)->rc, WT_EEXPECT);
    const struct wt_event *peer = tw_must(w, m + 12, WT_EV_EXPECT, WT_OP_EXPECT_PEER);
    assert_int_equal(peer->a, 99);
    assert_int_equal(peer->b, 100);
    tw_free(&ta, w);
}

/* ================================================================== */
/* 6. Determinism and failmalloc                                      */
/* ================================================================== */

static void determinism_ops(struct wt_world *w)
{
    tw_do(w, WT_OP_SOCK_BUFFER, 4096, 0);
    tw_do(w, WT_OP_SOCK_DRAIN, 700, 0);
    tw_do(w, WT_OP_SOCK_RANDOM, 1, 0);
    tw_limits(w, true, 3000, true, 1000);
    for (int i = 0; i < 10; i++) {
        tw_do(w, WT_OP_WRITE, 1500 + 37 * i, 0);
        tw_do(w, WT_OP_STEP, 3, 0);
    }
    tw_do(w, WT_OP_PEER_SEND, 50, 0);
    tw_do(w, WT_OP_ADVANCE, 2 * (int64_t)WT_NS_PER_MS, 0);
    assert_int_equal(wt_world_finish(w), WT_OK);
}

static struct wt_world *determinism_world(struct tl_alloc *ta, uint64_t seed)
{
    struct wt_world_config cfg;
    wt_world_config_init(&cfg);
    cfg.seed = seed;
    return tw_new_cfg(ta, &cfg);
}

/* Same seed and ops: identical traces; another seed under `sock random 1`: not. */
static void test_world_two_worlds_deterministic(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *x = determinism_world(&ta, 42);
    struct wt_world *y = determinism_world(&ta, 42);
    struct wt_world *z = determinism_world(&ta, 43);
    determinism_ops(x);
    determinism_ops(y);
    determinism_ops(z);
    assert_true(wt_world_hash(x) == wt_world_hash(y));
    assert_int_equal(tw_count(x), tw_count(y));
    for (size_t i = 0; i < tw_count(x); i++) {
        assert_memory_equal(tw_at(x, i), tw_at(y, i), sizeof(struct wt_event));
    }
    assert_true(wt_world_hash(x) != wt_world_hash(z));
    assert_int_equal(tw_peer(x).corrupt_at, -1);
    assert_int_equal(tw_peer(z).accepted, tw_peer(x).accepted);
    wt_world_free(x);
    wt_world_free(y);
    tw_free(&ta, z);
}

/* A whole run; returns the first status that is not WT_OK. */
static int failmalloc_run(struct tl_alloc *ta, struct wt_world **w_out)
{
    struct wt_world_config cfg;
    wt_world_config_init(&cfg);
    cfg.keep_trace = true;
    int rc = wt_world_new(&cfg, tl_alloc_get(ta), w_out);
    if (rc != WT_OK) {
        return rc;
    }
    struct wt_world *w = *w_out;
    struct wt_op ops[] = {
        wt_op_make(WT_OP_SOCK_BLOCK, 0, 0),  wt_op_make(WT_OP_WRITE, 100000, 0),
        wt_op_make(WT_OP_WRITE, 300000, 0),  wt_op_make(WT_OP_PEER_SEND, 10, 0),
        wt_op_make(WT_OP_SOCK_OPEN, 0, 0),   wt_op_make(WT_OP_SOCK_CAP, 9000, 0),
        wt_op_make(WT_OP_RUN, 0, 0),         wt_op_make(WT_OP_SOCK_FAIL, WT_EPIPE, 1000),
        wt_op_make(WT_OP_GET_SIZE, 0, 0),    wt_op_make(WT_OP_WRITE, 10, 0),
    };
    rc = wt_world_start(w);
    for (size_t i = 0; rc == WT_OK && i < sizeof(ops) / sizeof(ops[0]); i++) {
        rc = wt_world_exec(w, &ops[i]);
    }
    return rc == WT_OK ? wt_world_finish(w) : rc;
}

/* Fails the Nth allocation for every N: WT_ENOMEM each time, no leak. */
static void test_world_failmalloc_sweep(void **state)
{
    (void)state;
    unsigned failed_runs = 0;
    for (long n = 1; n < 2000; n++) {
        struct tl_alloc ta;
        tl_alloc_init(&ta);
        tl_alloc_fail_at(&ta, n);
        struct wt_world *w = NULL;
        int rc = failmalloc_run(&ta, &w);
        if (ta.failures == 0) {
            assert_int_equal(rc, WT_OK);
            wt_world_free(w);
            assert_int_equal(tl_alloc_live(&ta), 0);
            assert_true(failed_runs > 5);
            return;
        }
        failed_runs++;
        assert_int_equal(rc, WT_ENOMEM);
        if (w != NULL) {
            /* Sticky: nothing works any more. */
            struct wt_op op = wt_op_make(WT_OP_RUN, 0, 0);
            assert_int_equal(wt_world_exec(w, &op), WT_ENOMEM);
        }
        wt_world_free(w);
        assert_int_equal(tl_alloc_live(&ta), 0);
    }
    fail_msg("the sweep did not reach a run without failures");
}

/* A hook on connection_made may be armed before start, and fires during it;
 * no other op runs before start. */
static void test_world_made_hook_before_start(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world_config cfg;
    wt_world_config_init(&cfg);
    cfg.keep_trace = true;
    struct wt_world *w = NULL;
    assert_int_equal(wt_world_new(&cfg, tl_alloc_get(&ta), &w), WT_OK);
    assert_int_equal(tw_op(w, WT_OP_WRITE, 10, 0), WT_EINVAL);
    tw_on(w, WT_ON_MADE, WT_OP_WRITE, 10, 0);
    assert_int_equal(wt_world_start(w), WT_OK);
    long made = tw_find(w, 0, WT_EV_CALLBACK, WT_CB_MADE);
    long call = tw_find(w, 0, WT_EV_CALL, WT_METHOD_WRITE);
    assert_true(made >= 0 && call > made);
    assert_int_equal(tw_peer(w).accepted, 10);
    assert_int_equal(wt_world_finish(w), WT_OK);
    tw_free(&ta, w);
}

/* `sock watchfail write`: the reference's add_writer fails inside write();
 * write() does not raise, and connection_lost(EWATCH) follows. */
static void test_world_watch_fail_is_fatal(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world *w = tw_new(&ta, NULL, 0);
    tw_do(w, WT_OP_SOCK_WATCHFAIL, 0, 0);
    tw_do(w, WT_OP_SOCK_BLOCK, 0, 0);
    tw_do(w, WT_OP_WRITE, 100, 0);
    assert_int_equal(wt_world_last_status(w), WT_OK);
    const struct wt_event *ev = tw_must(w, 0, WT_EV_PEER, WT_PEER_WATCH_FAILED);
    assert_int_equal(ev->rc, WT_EWATCH);
    tw_do(w, WT_OP_RUN, 0, 0);
    assert_int_equal(tw_proto(w).lost, 1);
    assert_int_equal(tw_proto(w).lost_err, WT_EWATCH);
    assert_int_equal(wt_world_finish(w), WT_OK);
    tw_free(&ta, w);
}

/* `sock sendzero on` and `loop order io-first`: the buffered data still drains. */
static void test_world_send_zero_io_first(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world_config cfg;
    wt_world_config_init(&cfg);
    struct wt_op zero = wt_op_make(WT_OP_SOCK_SENDZERO, 1, 0);
    wt_world_config_platform(&cfg, &zero, 1);
    struct wt_world *w = tw_new_cfg(&ta, &cfg);
    tw_do(w, WT_OP_LOOP_ORDER, WT_LOOP_IO_FIRST, 0);
    tw_do(w, WT_OP_SOCK_SENDZERO, 1, 0);
    tw_do(w, WT_OP_SOCK_BLOCK, 0, 0);
    tw_do(w, WT_OP_WRITE, 100, 0);
    const struct wt_event *send = tw_must(w, 0, WT_EV_SEND, TW_ANY);
    assert_int_equal(send->rc, WT_OK); /* a send that returned 0, not EAGAIN */
    assert_int_equal(send->b, 0);
    tw_do(w, WT_OP_SOCK_OPEN, 0, 0);
    tw_do(w, WT_OP_RUN, 0, 0);
    assert_int_equal(tw_peer(w).accepted, 100);
    assert_int_equal(wt_world_finish(w), WT_OK);
    tw_free(&ta, w);
}

/* The reference, but it hands back the host it was made with (args->context). */
static int platform_create(struct wt_host *h, const struct wt_transport_args *args, void **self_out)
{
    *(struct wt_host **)args->context = h;
    return wt_ref_transport_ops.create(h, args, self_out);
}

/* The platform is the run's: folded from the ops into the config (the last
 * of each kind wins) and given to the socket before the transport is made;
 * the op itself, when it runs, changes nothing. */
static void test_world_platform_from_config(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world_config cfg;
    wt_world_config_init(&cfg);
    assert_true(cfg.platform.sendmsg);
    assert_int_equal(cfg.platform.iov_max, WT_SOCK_IOV_MAX);
    const struct wt_op ops[] = {wt_op_make(WT_OP_SOCK_SENDMSG, 0, 0),
                                wt_op_make(WT_OP_SOCK_IOVMAX, 5, 0),
                                wt_op_make(WT_OP_WRITE, 10, 0),
                                wt_op_make(WT_OP_SOCK_IOVMAX, 2, 0)};
    wt_world_config_platform(&cfg, ops, 4);
    assert_false(cfg.platform.sendmsg);
    assert_int_equal(cfg.platform.iov_max, 2);
    assert_false(cfg.platform.send_zero);
    struct wt_transport_ops keeper = wt_ref_transport_ops;
    keeper.create = platform_create;
    struct wt_host *host = NULL;
    cfg.transport = &keeper;
    cfg.args.context = &host;
    struct wt_world *w = tw_new_cfg(&ta, &cfg);
    tw_do(w, WT_OP_SOCK_SENDMSG, 1, 0);
    struct wt_sock_platform p;
    wt_host_sock_platform(host, &p);
    assert_false(p.sendmsg);
    assert_int_equal(p.iov_max, 2);
    assert_int_equal(wt_world_finish(w), WT_OK);
    tw_free(&ta, w);
    /* A platform the socket cannot have is a bad config. */
    wt_world_config_init(&cfg);
    cfg.platform.iov_max = 0;
    struct wt_world *bad = NULL;
    assert_int_equal(wt_world_new(&cfg, NULL, &bad), WT_EINVAL);
    assert_null(bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_world_null_args),
        cmocka_unit_test(test_world_config_defaults),
        cmocka_unit_test(test_world_platform_from_config),
        cmocka_unit_test(test_world_start_sequence),
        cmocka_unit_test(test_world_start_create_refused),
        cmocka_unit_test(test_world_start_without_made_times_out),
        cmocka_unit_test(test_world_finish_sequence),
        cmocka_unit_test(test_world_no_calls_after_lost),
        cmocka_unit_test(test_world_op_event_first),
        cmocka_unit_test(test_world_stream_offsets),
        cmocka_unit_test(test_world_hooks_order_and_one_shot),
        cmocka_unit_test(test_world_raise_hook),
        cmocka_unit_test(test_world_lost_raise_reported_by_loop),
        cmocka_unit_test(test_world_null_slot_defaults),
        cmocka_unit_test(test_world_peer_corrupt_reported),
        cmocka_unit_test(test_world_kept_pointer_caught),
        cmocka_unit_test(test_world_arena_reuse),
        cmocka_unit_test(test_world_produce_and_budget),
        cmocka_unit_test(test_world_produce_gives_up_when_idle),
        cmocka_unit_test(test_world_produce_bound),
        cmocka_unit_test(test_world_sink_sees_every_event),
        cmocka_unit_test(test_world_run_until_idle),
        cmocka_unit_test(test_world_step_jumps_clock),
        cmocka_unit_test(test_world_advance_time),
        cmocka_unit_test(test_world_sock_fail_at_time),
        cmocka_unit_test(test_world_step_bound),
        cmocka_unit_test(test_world_peer_ops_traced),
        cmocka_unit_test(test_world_reader_runs_before_writer),
        cmocka_unit_test(test_world_missing_methods_are_never_called),
        cmocka_unit_test(test_world_spurious_wakeup),
        cmocka_unit_test(test_world_expectations),
        cmocka_unit_test(test_world_two_worlds_deterministic),
        cmocka_unit_test(test_world_failmalloc_sweep),
        cmocka_unit_test(test_world_made_hook_before_start),
        cmocka_unit_test(test_world_watch_fail_is_fatal),
        cmocka_unit_test(test_world_send_zero_io_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
