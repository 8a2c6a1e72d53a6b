/* SPDX-License-Identifier: MIT */
/*
 * world_helpers.h - what test_world.c and test_ref_transport.c share: a
 * world on the counting allocator that keeps its trace, one-line op
 * helpers, and searches over the kept trace, so a test reads as the
 * scenario it checks and asserts on events rather than return codes.
 *
 * Include after <cmocka.h>. Every helper is static inline so a test file
 * that does not use one does not warn.
 */
#ifndef WT_TEST_WORLD_HELPERS_H
#define WT_TEST_WORLD_HELPERS_H

#include <stdio.h>
#include <stdlib.h>

#include "testlib.h"
#include "wt/wt.h"

#define TW_ANY (-1)

/* A started world (seed 1 unless told) with a kept trace on ta. */
static inline struct wt_world *tw_new_cfg(struct tl_alloc *ta, struct wt_world_config *cfg)
{
    struct wt_world *w = NULL;
    cfg->keep_trace = true;
    assert_int_equal(wt_world_new(cfg, tl_alloc_get(ta), &w), WT_OK);
    assert_int_equal(wt_world_start(w), WT_OK);
    return w;
}

static inline struct wt_world *tw_new(struct tl_alloc *ta, const char *flavor, uint64_t faults)
{
    struct wt_world_config cfg;
    wt_world_config_init(&cfg);
    cfg.seed = 1;
    cfg.args.flavor = flavor;
    cfg.args.faults = faults;
    return tw_new_cfg(ta, &cfg);
}

/* Prints the trace when WT_TEST_DUMP is set (for a failing test). */
static inline void tw_dump(const struct wt_world *w)
{
    if (getenv("WT_TEST_DUMP") == NULL) {
        return;
    }
    const struct wt_trace *t = wt_world_trace(w);
    char line[WT_EVENT_TEXT_MAX];
    for (size_t i = 0; i < wt_trace_count(t); i++) {
        const struct wt_event *ev = wt_trace_at(t, i);
        if (ev != NULL && wt_event_format(ev, line, sizeof line) >= 0) {
            fprintf(stderr, "%4zu %s\n", i, line);
        }
    }
}

/* Frees the world and checks that nothing leaked. */
static inline void tw_free(struct tl_alloc *ta, struct wt_world *w)
{
    tw_dump(w);
    wt_world_free(w);
    assert_int_equal(tl_alloc_live(ta), 0);
}

static inline int tw_op(struct wt_world *w, int kind, int64_t a, int64_t b)
{
    struct wt_op op = wt_op_make(kind, a, b);
    return wt_world_exec(w, &op);
}

/* Executes an op that must succeed. */
static inline void tw_do(struct wt_world *w, int kind, int64_t a, int64_t b)
{
    assert_int_equal(tw_op(w, kind, a, b), WT_OK);
}

/* Arms an op as a hook on a callback. */
static inline void tw_on(struct wt_world *w, int on, int kind, int64_t a, int64_t b)
{
    struct wt_op op = wt_op_make(kind, a, b);
    op.on = (uint8_t)on;
    assert_int_equal(wt_world_exec(w, &op), WT_OK);
}

/* set_write_buffer_limits; a negative "given" flag omits that side. */
static inline void tw_limits(struct wt_world *w, bool has_high, int64_t high, bool has_low,
                             int64_t low)
{
    struct wt_op op = wt_op_make(WT_OP_SET_LIMITS, has_high ? high : 0, has_low ? low : 0);
    op.flags = (uint8_t)((has_high ? WT_OPF_HAS_HIGH : 0) | (has_low ? WT_OPF_HAS_LOW : 0));
    assert_int_equal(wt_world_exec(w, &op), WT_OK);
}

static inline void tw_writelines(struct wt_world *w, unsigned n, const uint32_t *chunks)
{
    struct wt_op op = wt_op_make(WT_OP_WRITELINES, 0, 0);
    op.nchunks = (uint8_t)n;
    for (unsigned i = 0; i < n; i++) {
        op.chunk[i] = chunks[i];
    }
    assert_int_equal(wt_world_exec(w, &op), WT_OK);
}

static inline size_t tw_count(const struct wt_world *w)
{
    return wt_trace_count(wt_world_trace(w));
}

static inline const struct wt_event *tw_at(const struct wt_world *w, size_t i)
{
    const struct wt_event *ev = wt_trace_at(wt_world_trace(w), i);
    assert_non_null(ev);
    return ev;
}

static inline bool tw_is(const struct wt_event *ev, int kind, int what)
{
    return ev->kind == kind && (what == TW_ANY || ev->what == what);
}

/* Index of the first event of kind (and what) at or after from; -1: none. */
static inline long tw_find(const struct wt_world *w, size_t from, int kind, int what)
{
    for (size_t i = from; i < tw_count(w); i++) {
        if (tw_is(tw_at(w, i), kind, what)) {
            return (long)i;
        }
    }
    return -1;
}

/* Like tw_find, but the event must be there; returns it. */
static inline const struct wt_event *tw_must(const struct wt_world *w, size_t from, int kind,
                                             int what)
{
    long i = tw_find(w, from, kind, what);
    if (i < 0) {
        tw_dump(w);
        fail_msg("no %s/%d event from index %zu", wt_ev_name(kind), what, from);
    }
    return tw_at(w, (size_t)i);
}

static inline unsigned tw_tally(const struct wt_world *w, size_t from, int kind, int what)
{
    unsigned n = 0;
    for (size_t i = from; i < tw_count(w); i++) {
        n += tw_is(tw_at(w, i), kind, what);
    }
    return n;
}

/*
 * Checks that the (kind, what) pairs occur in this order from `from`
 * (other events may come between them); returns the index of the last.
 */
static inline size_t tw_seq(const struct wt_world *w, size_t from, const int *pairs, size_t n)
{
    size_t at = from;
    size_t last = from;
    for (size_t k = 0; k < n; k++) {
        long i = tw_find(w, at, pairs[2 * k], pairs[2 * k + 1]);
        if (i < 0) {
            tw_dump(w);
            fail_msg("sequence step %zu (%s/%d) missing after %zu", k, wt_ev_name(pairs[2 * k]),
                     pairs[2 * k + 1], at);
        }
        last = (size_t)i;
        at = (size_t)i + 1;
    }
    return last;
}

#define TW_SEQ(w, from, ...)                                                              \
    tw_seq((w), (from), (const int[]){__VA_ARGS__},                                       \
           sizeof((const int[]){__VA_ARGS__}) / sizeof(int) / 2)

/* Index of the last event of a kind (and what); -1: none. */
static inline long tw_last(const struct wt_world *w, int kind, int what)
{
    for (size_t i = tw_count(w); i > 0; i--) {
        if (tw_is(tw_at(w, i - 1), kind, what)) {
            return (long)(i - 1);
        }
    }
    return -1;
}

static inline struct wt_proto_stats tw_proto(const struct wt_world *w)
{
    struct wt_proto_stats ps;
    wt_world_proto_stats(w, &ps);
    return ps;
}

static inline struct wt_peer_stats tw_peer(const struct wt_world *w)
{
    struct wt_peer_stats ps;
    wt_world_peer_stats(w, &ps);
    return ps;
}

/* The RETURN of the most recent call (the size after it is its a). */
static inline const struct wt_event *tw_ret(const struct wt_world *w)
{
    long i = tw_last(w, WT_EV_RETURN, TW_ANY);
    assert_true(i >= 0);
    return tw_at(w, (size_t)i);
}

/* A world whose socket refuses everything: writes stay buffered. */
static inline void tw_block(struct wt_world *w) { tw_do(w, WT_OP_SOCK_BLOCK, 0, 0); }

/* Opens the socket and runs until idle. */
static inline void tw_flush(struct wt_world *w)
{
    tw_do(w, WT_OP_SOCK_OPEN, 0, 0);
    tw_do(w, WT_OP_RUN, 0, 0);
}

#endif
