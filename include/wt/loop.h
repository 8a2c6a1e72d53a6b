/* SPDX-License-Identifier: MIT */
/*
 * loop.h - the virtual clock and event loop of a world.
 *
 * Time is integer nanoseconds and moves only when the driver says so
 * (wt_loop_set_now); nothing here reads a wall clock. One iteration
 * (wt_loop_run_once) works like an asyncio loop iteration:
 *   1. each active I/O watch whose readiness the poller reports is queued
 *      once, readable before writable (asyncio's selector loop runs a
 *      socket's reader first);
 *   2. each timer with deadline <= now is queued, in (deadline, seq) order;
 *   3. the callbacks queued before this step began run, FIFO; callbacks
 *      queued while they run wait for the next iteration.
 * The loop never blocks and never advances time itself: the world's driver
 * asks wt_loop_next_ns when the next thing could happen and jumps there.
 *
 * The loop knows nothing of sockets: readiness comes from a poller the
 * owner supplies, which keeps the loop reusable and testable alone.
 */
#ifndef WT_LOOP_H
#define WT_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alloc.h"

typedef void wt_callback_fn(void *arg);

enum wt_watch_dir { WT_WATCH_WRITE = 0, WT_WATCH_READ = 1, WT_WATCH_COUNT };

/*
 * Where ready I/O goes in an iteration (wt_loop_set_order).
 * CALLBACKS_FIRST (the default, asyncio's order): the callbacks queued
 *   before the iteration began run first, then the I/O found ready, then
 *   the expired timers (BaseEventLoop._run_once appends the selector's
 *   events to _ready behind what is already there).
 * IO_FIRST: the I/O found ready runs before the callbacks already queued
 *   (then those, then the timers), as a loop that dispatches its sources
 *   before its idle queue does (GLib's).
 */
enum wt_loop_order { WT_LOOP_CALLBACKS_FIRST = 0, WT_LOOP_IO_FIRST = 1, WT_LOOP_ORDER_COUNT };

/*
 * Readiness, asked once per watch per iteration.
 * ready: would a watch in this direction fire now?
 * next_ns: the earliest time > now at which readiness could appear without
 *          any further op (e.g. the peer draining); UINT64_MAX for never.
 */
struct wt_poller {
    void *ctx;
    bool (*ready)(void *ctx, int dir, uint64_t now_ns);
    uint64_t (*next_ns)(void *ctx, int dir, uint64_t now_ns);
    /* Optional (NULL: ready is asked per watch): the same answers as ready
     * for every direction in the mask watching (bit 1u << dir), in one
     * call, as a mask. */
    unsigned (*ready_mask)(void *ctx, unsigned watching, uint64_t now_ns);
};

struct wt_loop;

#define WT_LOOP_TIMER_NONE 0u

/* Returns WT_OK, WT_EINVAL or WT_ENOMEM. The poller is copied; it may be NULL. */
int wt_loop_new(const struct wt_allocator *a, const struct wt_poller *poller,
                struct wt_loop **loop_out);
void wt_loop_free(struct wt_loop *loop); /* NULL is a no-op; pending callbacks are dropped */

uint64_t wt_loop_now_ns(const struct wt_loop *loop);

/* Moves the clock forward; WT_EINVAL if now_ns is earlier than now. */
int wt_loop_set_now(struct wt_loop *loop, uint64_t now_ns);

/* Queues fn(arg) for the next iteration. WT_OK, WT_EINVAL, WT_ENOMEM. */
int wt_loop_call_soon(struct wt_loop *loop, wt_callback_fn *fn, void *arg);

/*
 * Arms a timer at an absolute deadline; *timer_out (may be NULL) gets an id
 * that is never WT_LOOP_TIMER_NONE. Ties run in the order they were armed.
 */
int wt_loop_call_at(struct wt_loop *loop, uint64_t deadline_ns, wt_callback_fn *fn, void *arg,
                    uint64_t *timer_out);

/* Cancels a pending timer; WT_ENOENT if it already ran or never existed. */
int wt_loop_cancel(struct wt_loop *loop, uint64_t timer);

/* Sets (fn != NULL) or clears (fn == NULL) the one watch of a direction. */
int wt_loop_watch(struct wt_loop *loop, int dir, wt_callback_fn *fn, void *arg);
bool wt_loop_watching(const struct wt_loop *loop, int dir);

/*
 * Sets where ready I/O runs relative to the callbacks already queued, from
 * the next iteration on. WT_OK, or WT_EINVAL for an unknown order.
 */
int wt_loop_set_order(struct wt_loop *loop, int order);
int wt_loop_order(const struct wt_loop *loop);

/* Runs one iteration; *ran_out (may be NULL) gets the callbacks run. */
int wt_loop_run_once(struct wt_loop *loop, size_t *ran_out);

/* True when an iteration run now would run at least one callback. */
bool wt_loop_has_ready(const struct wt_loop *loop);

/*
 * wt_loop_has_ready and the poll of step 1 in one: *ready_out (not NULL)
 * gets bit (1u << dir) for each active watch the poller reports ready now,
 * each asked once. Returns what wt_loop_has_ready would.
 */
bool wt_loop_poll(const struct wt_loop *loop, unsigned *ready_out);

/*
 * wt_loop_run_once whose step 1 takes ready, the answer of wt_loop_poll at
 * this time with nothing done since that could change readiness (another
 * loop or socket call), instead of asking the poller again;
 * WT_LOOP_POLL_NOW asks it, as wt_loop_run_once does.
 */
#define WT_LOOP_POLL_NOW (~0u)
int wt_loop_run_polled(struct wt_loop *loop, unsigned ready, size_t *ran_out);

/*
 * The earliest future time something could become ready: a timer or a
 * watch's poller next_ns. false (and *when_ns untouched) when nothing ever
 * will: the loop is idle for good until a new op arrives.
 */
bool wt_loop_next_ns(const struct wt_loop *loop, uint64_t *when_ns);

/* Counts for tests and reports. */
size_t wt_loop_pending(const struct wt_loop *loop); /* queued callbacks + timers */

#endif
