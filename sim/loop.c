/* SPDX-License-Identifier: MIT */
/*
 * loop.c - the virtual clock and the asyncio-style event loop of a world.
 *
 * Three queues make up the loop:
 *   - the ready queue, a FIFO ring of callbacks that grows by doubling
 *     through the world's allocator and never shrinks, so a loop in steady
 *     state allocates nothing;
 *   - the timers, a binary min-heap ordered by (deadline_ns, seq), where
 *     seq is a per-loop counter that is also the timer's id, so ties run
 *     in the order they were armed. Cancel removes the timer from the heap
 *     at once (a linear search: a world has a handful of timers);
 *   - one watch per direction, polled through the owner's poller.
 *
 * A queued entry remembers where it came from (a timer id or a watch
 * direction) so that, as in asyncio, cancelling a timer or replacing a
 * watch also cancels its already-queued run; cancelled entries stay in the
 * ring as holes and are skipped.
 *
 * Sections: helpers and invariants; ready ring; timer heap; public API.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wt/assert.h"
#include "wt/errors.h"
#include "wt/loop.h"

/* ------------------------------------------------------------------ */
/* Helpers and invariants                                             */
/* ------------------------------------------------------------------ */


#define LOOP_RING_INITIAL 16u
#define LOOP_HEAP_INITIAL 8u
#define LOOP_NO_WATCH (-1)

struct loop_entry {
    wt_callback_fn *fn; /* NULL: cancelled, skip it */
    void *arg;
    uint64_t timer;     /* the timer it came from, or WT_LOOP_TIMER_NONE */
    int watch;          /* the watch direction it came from, or LOOP_NO_WATCH */
};

struct loop_timer {
    uint64_t deadline_ns;
    uint64_t seq; /* also the id handed out */
    wt_callback_fn *fn;
    void *arg;
};

struct loop_watch {
    wt_callback_fn *fn; /* NULL: not watching */
    void *arg;
};

struct wt_loop {
    const struct wt_allocator *alloc;
    struct wt_poller poller;
    bool has_poller;
    uint64_t now_ns;

    struct loop_entry *ring;
    size_t ring_cap;   /* a power of two */
    size_t ring_head;  /* index of the oldest entry */
    size_t ring_count; /* entries, holes included */
    size_t ring_live;  /* entries that will run */

    struct loop_timer *heap;
    size_t heap_cap;
    size_t heap_count;
    uint64_t seq_next;

    struct loop_watch watch[WT_WATCH_COUNT];
    int order;              /* enum wt_loop_order */
    uint32_t validate_tick; /* WT_VALIDATE_DUE */
};

static bool loop_timer_less(const struct loop_timer *x, const struct loop_timer *y)
{
    if (x->deadline_ns != y->deadline_ns) {
        return x->deadline_ns < y->deadline_ns;
    }
    return x->seq < y->seq;
}

/* Checks every invariant; O(queued + timers), cheap at a world's sizes. */
static void loop_validate(const struct wt_loop *loop)
{
    WT_ASSERT(loop != NULL);
    WT_ASSERT(loop->ring_cap > 0 && (loop->ring_cap & (loop->ring_cap - 1)) == 0);
    WT_ASSERT(loop->ring_head < loop->ring_cap);
    WT_ASSERT(loop->ring_count <= loop->ring_cap);
    WT_ASSERT(loop->order >= 0 && loop->order < WT_LOOP_ORDER_COUNT);
    size_t live = 0;
    for (size_t i = 0; i < loop->ring_count; i++) {
        const struct loop_entry *e = &loop->ring[(loop->ring_head + i) & (loop->ring_cap - 1)];
        live += e->fn != NULL;
        WT_ASSERT(e->watch >= LOOP_NO_WATCH && e->watch < WT_WATCH_COUNT);
    }
    WT_ASSERT(live == loop->ring_live);
    WT_ASSERT(loop->heap_count <= loop->heap_cap);
    for (size_t i = 0; i < loop->heap_count; i++) {
        WT_ASSERT(loop->heap[i].fn != NULL);
        WT_ASSERT(loop->heap[i].seq != WT_LOOP_TIMER_NONE && loop->heap[i].seq < loop->seq_next);
        if (i > 0) {
            WT_ASSERT(!loop_timer_less(&loop->heap[i], &loop->heap[(i - 1) / 2]));
        }
    }
}

/* loop_validate on every step, or sampled (assert.h): it is O(queued). */
static void loop_check(struct wt_loop *loop)
{
    if (WT_VALIDATE_DUE(loop->validate_tick)) {
        loop_validate(loop);
    }
}

/* ------------------------------------------------------------------ */
/* Ready ring                                                         */
/* ------------------------------------------------------------------ */

static struct loop_entry *loop_ring_at(const struct wt_loop *loop, size_t i)
{
    return &loop->ring[(loop->ring_head + i) & (loop->ring_cap - 1)];
}

/* Doubles the ring, unwrapping it so the entries stay in FIFO order. */
static int loop_ring_grow(struct wt_loop *loop)
{
    size_t old_cap = loop->ring_cap;
    if (old_cap > SIZE_MAX / 2 / sizeof(struct loop_entry)) {
        return WT_ENOMEM;
    }
    struct loop_entry *ring = wt_realloc(loop->alloc, loop->ring, 2 * old_cap * sizeof(*ring));
    if (ring == NULL) {
        return WT_ENOMEM;
    }
    /* The wrapped prefix [0, head + count - old_cap) moves behind the old end. */
    size_t end = loop->ring_head + loop->ring_count;
    if (end > old_cap) {
        memcpy(&ring[old_cap], &ring[0], (end - old_cap) * sizeof(*ring));
    }
    loop->ring = ring;
    loop->ring_cap = 2 * old_cap;
    return WT_OK;
}

static int loop_ring_push(struct wt_loop *loop, wt_callback_fn *fn, void *arg, uint64_t timer,
                          int watch)
{
    WT_ASSERT(fn != NULL);
    if (loop->ring_count == loop->ring_cap) {
        int rc = loop_ring_grow(loop);
        if (rc != WT_OK) {
            return rc;
        }
    }
    struct loop_entry *e = loop_ring_at(loop, loop->ring_count);
    e->fn = fn;
    e->arg = arg;
    e->timer = timer;
    e->watch = watch;
    loop->ring_count++;
    loop->ring_live++;
    return WT_OK;
}

/* Queues an entry in front of every queued one (IO_FIRST's ready I/O). */
static int loop_ring_push_front(struct wt_loop *loop, wt_callback_fn *fn, void *arg, int watch)
{
    WT_ASSERT(fn != NULL);
    if (loop->ring_count == loop->ring_cap) {
        int rc = loop_ring_grow(loop);
        if (rc != WT_OK) {
            return rc;
        }
    }
    loop->ring_head = (loop->ring_head + loop->ring_cap - 1) & (loop->ring_cap - 1);
    struct loop_entry *e = &loop->ring[loop->ring_head];
    e->fn = fn;
    e->arg = arg;
    e->timer = WT_LOOP_TIMER_NONE;
    e->watch = watch;
    loop->ring_count++;
    loop->ring_live++;
    return WT_OK;
}

static struct loop_entry loop_ring_pop(struct wt_loop *loop)
{
    WT_ASSERT(loop->ring_count > 0);
    struct loop_entry e = loop->ring[loop->ring_head];
    loop->ring_head = (loop->ring_head + 1) & (loop->ring_cap - 1);
    loop->ring_count--;
    if (e.fn != NULL) {
        loop->ring_live--;
    }
    return e;
}

/* Turns the queued run of a timer into a hole; false if none is queued. */
static bool loop_ring_cancel_timer(struct wt_loop *loop, uint64_t timer)
{
    for (size_t i = 0; i < loop->ring_count; i++) {
        struct loop_entry *e = loop_ring_at(loop, i);
        if (e->fn != NULL && e->timer == timer) {
            e->fn = NULL;
            loop->ring_live--;
            return true;
        }
    }
    return false;
}

/* A watch that is replaced or cleared must not fire from the queue. */
static void loop_ring_cancel_watch(struct wt_loop *loop, int dir)
{
    for (size_t i = 0; i < loop->ring_count; i++) {
        struct loop_entry *e = loop_ring_at(loop, i);
        if (e->fn != NULL && e->watch == dir) {
            e->fn = NULL;
            loop->ring_live--;
        }
    }
}

/* ------------------------------------------------------------------ */
/* Timer heap                                                         */
/* ------------------------------------------------------------------ */

static void loop_heap_swap(struct wt_loop *loop, size_t i, size_t j)
{
    struct loop_timer t = loop->heap[i];
    loop->heap[i] = loop->heap[j];
    loop->heap[j] = t;
}

static void loop_heap_up(struct wt_loop *loop, size_t i)
{
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!loop_timer_less(&loop->heap[i], &loop->heap[parent])) {
            return;
        }
        loop_heap_swap(loop, i, parent);
        i = parent;
    }
}

static void loop_heap_down(struct wt_loop *loop, size_t i)
{
    for (;;) {
        size_t least = i;
        size_t left = 2 * i + 1;
        size_t right = left + 1;
        if (left < loop->heap_count && loop_timer_less(&loop->heap[left], &loop->heap[least])) {
            least = left;
        }
        if (right < loop->heap_count && loop_timer_less(&loop->heap[right], &loop->heap[least])) {
            least = right;
        }
        if (least == i) {
            return;
        }
        loop_heap_swap(loop, i, least);
        i = least;
    }
}

static int loop_heap_push(struct wt_loop *loop, const struct loop_timer *t)
{
    if (loop->heap_count == loop->heap_cap) {
        if (loop->heap_cap > SIZE_MAX / 2 / sizeof(struct loop_timer)) {
            return WT_ENOMEM;
        }
        size_t cap = 2 * loop->heap_cap;
        struct loop_timer *heap = wt_realloc(loop->alloc, loop->heap, cap * sizeof(*heap));
        if (heap == NULL) {
            return WT_ENOMEM;
        }
        loop->heap = heap;
        loop->heap_cap = cap;
    }
    loop->heap[loop->heap_count] = *t;
    loop->heap_count++;
    loop_heap_up(loop, loop->heap_count - 1);
    return WT_OK;
}

static void loop_heap_remove(struct wt_loop *loop, size_t i)
{
    WT_ASSERT(i < loop->heap_count);
    loop->heap_count--;
    if (i == loop->heap_count) {
        return;
    }
    loop->heap[i] = loop->heap[loop->heap_count];
    /* The moved timer may belong above or below its new place. */
    loop_heap_up(loop, i);
    loop_heap_down(loop, i);
}

/* Moves every expired timer to the ready queue, in (deadline, seq) order. */
static int loop_fire_timers(struct wt_loop *loop)
{
    while (loop->heap_count > 0 && loop->heap[0].deadline_ns <= loop->now_ns) {
        const struct loop_timer *t = &loop->heap[0];
        /* Push before removing, so a failed push loses no timer. */
        int rc = loop_ring_push(loop, t->fn, t->arg, t->seq, LOOP_NO_WATCH);
        if (rc != WT_OK) {
            return rc;
        }
        loop_heap_remove(loop, 0);
    }
    return WT_OK;
}

/* ------------------------------------------------------------------ */
/* Public API                                                         */
/* ------------------------------------------------------------------ */

int wt_loop_new(const struct wt_allocator *a, const struct wt_poller *poller,
                struct wt_loop **loop_out)
{
    if (loop_out == NULL) {
        return WT_EINVAL;
    }
    *loop_out = NULL;
    if (poller != NULL && (poller->ready == NULL || poller->next_ns == NULL)) {
        return WT_EINVAL;
    }
    struct wt_loop *loop = wt_calloc(a, 1, sizeof(*loop));
    if (loop == NULL) {
        return WT_ENOMEM;
    }
    loop->alloc = a;
    loop->ring = wt_calloc(a, LOOP_RING_INITIAL, sizeof(*loop->ring));
    loop->heap = wt_calloc(a, LOOP_HEAP_INITIAL, sizeof(*loop->heap));
    if (loop->ring == NULL || loop->heap == NULL) {
        wt_loop_free(loop);
        return WT_ENOMEM;
    }
    loop->ring_cap = LOOP_RING_INITIAL;
    loop->heap_cap = LOOP_HEAP_INITIAL;
    loop->seq_next = 1; /* 0 is WT_LOOP_TIMER_NONE */
    if (poller != NULL) {
        loop->poller = *poller;
        loop->has_poller = true;
    }
    loop_validate(loop);
    *loop_out = loop;
    return WT_OK;
}

void wt_loop_free(struct wt_loop *loop)
{
    if (loop == NULL) {
        return;
    }
    /* Pending callbacks and timers are dropped, never run. */
    wt_free(loop->alloc, loop->ring);
    wt_free(loop->alloc, loop->heap);
    wt_free(loop->alloc, loop);
}

uint64_t wt_loop_now_ns(const struct wt_loop *loop) { return loop == NULL ? 0 : loop->now_ns; }

int wt_loop_set_now(struct wt_loop *loop, uint64_t now_ns)
{
    if (loop == NULL || now_ns < loop->now_ns) {
        return WT_EINVAL;
    }
    loop->now_ns = now_ns;
    return WT_OK;
}

int wt_loop_call_soon(struct wt_loop *loop, wt_callback_fn *fn, void *arg)
{
    if (loop == NULL || fn == NULL) {
        return WT_EINVAL;
    }
    int rc = loop_ring_push(loop, fn, arg, WT_LOOP_TIMER_NONE, LOOP_NO_WATCH);
    loop_check(loop);
    return rc;
}

int wt_loop_call_at(struct wt_loop *loop, uint64_t deadline_ns, wt_callback_fn *fn, void *arg,
                    uint64_t *timer_out)
{
    if (loop == NULL || fn == NULL) {
        return WT_EINVAL;
    }
    struct loop_timer t = {.deadline_ns = deadline_ns, .seq = loop->seq_next, .fn = fn, .arg = arg};
    int rc = loop_heap_push(loop, &t);
    if (rc != WT_OK) {
        return rc;
    }
    loop->seq_next++;
    if (timer_out != NULL) {
        *timer_out = t.seq;
    }
    loop_check(loop);
    return WT_OK;
}

int wt_loop_cancel(struct wt_loop *loop, uint64_t timer)
{
    if (loop == NULL) {
        return WT_EINVAL;
    }
    if (timer == WT_LOOP_TIMER_NONE || timer >= loop->seq_next) {
        return WT_ENOENT;
    }
    for (size_t i = 0; i < loop->heap_count; i++) {
        if (loop->heap[i].seq == timer) {
            loop_heap_remove(loop, i);
            loop_check(loop);
            return WT_OK;
        }
    }
    /* Expired but not yet run: asyncio skips a cancelled handle too. */
    bool found = loop_ring_cancel_timer(loop, timer);
    loop_check(loop);
    return found ? WT_OK : WT_ENOENT;
}

int wt_loop_watch(struct wt_loop *loop, int dir, wt_callback_fn *fn, void *arg)
{
    if (loop == NULL || dir < 0 || dir >= WT_WATCH_COUNT) {
        return WT_EINVAL;
    }
    struct loop_watch *w = &loop->watch[dir];
    if (fn != NULL && w->fn == fn && w->arg == arg) {
        return WT_OK; /* the same watch again: keep any queued run */
    }
    loop_ring_cancel_watch(loop, dir);
    w->fn = fn;
    w->arg = fn == NULL ? NULL : arg;
    loop_check(loop);
    return WT_OK;
}

bool wt_loop_watching(const struct wt_loop *loop, int dir)
{
    if (loop == NULL || dir < 0 || dir >= WT_WATCH_COUNT) {
        return false;
    }
    return loop->watch[dir].fn != NULL;
}

static bool loop_watch_ready(const struct wt_loop *loop, int dir)
{
    return loop->watch[dir].fn != NULL && loop->has_poller &&
           loop->poller.ready(loop->poller.ctx, dir, loop->now_ns);
}

/* True when a run of the watch is already queued (left by a failed step). */
static bool loop_ring_has_watch(const struct wt_loop *loop, int dir)
{
    for (size_t i = 0; i < loop->ring_count; i++) {
        const struct loop_entry *e = loop_ring_at(loop, i);
        if (e->fn != NULL && e->watch == dir) {
            return true;
        }
    }
    return false;
}

/*
 * Step 1: each ready watch is queued once, readable before writable, as
 * asyncio's selector loop does for one fd (_process_events queues the
 * reader's handle first), so data or EOF that arrives in the iteration
 * in which the socket turns writable is seen with the buffer unsent.
 */
static const int loop_poll_order[WT_WATCH_COUNT] = {WT_WATCH_READ, WT_WATCH_WRITE};

/* The active watches the poller reports ready now: bit (1u << dir) each, each asked once. */
static inline unsigned loop_poll_mask(const struct wt_loop *loop)
{
    if (loop->poller.ready_mask != NULL) {
        unsigned watching = 0;
        for (int dir = 0; dir < WT_WATCH_COUNT; dir++) {
            watching |= loop->watch[dir].fn != NULL ? 1u << dir : 0u;
        }
        if (watching == 0) {
            return 0;
        }
        return loop->poller.ready_mask(loop->poller.ctx, watching, loop->now_ns) & watching;
    }
    unsigned ready = 0;
    for (int i = 0; i < WT_WATCH_COUNT; i++) {
        int dir = loop_poll_order[i];
        ready |= loop_watch_ready(loop, dir) ? 1u << dir : 0u;
    }
    return ready;
}

static int loop_poll_watches(struct wt_loop *loop, unsigned ready)
{
    bool front = loop->order == WT_LOOP_IO_FIRST;
    for (int i = 0; i < WT_WATCH_COUNT; i++) {
        /* In front of the queue, the last pushed runs first: walk backwards,
         * so readable still runs before writable. */
        int dir = loop_poll_order[front ? WT_WATCH_COUNT - 1 - i : i];
        if ((ready & (1u << dir)) == 0 || loop_ring_has_watch(loop, dir)) {
            continue;
        }
        const struct loop_watch *w = &loop->watch[dir];
        WT_ASSERT(w->fn != NULL);
        int rc = front ? loop_ring_push_front(loop, w->fn, w->arg, dir)
                       : loop_ring_push(loop, w->fn, w->arg, WT_LOOP_TIMER_NONE, dir);
        if (rc != WT_OK) {
            return rc;
        }
    }
    return WT_OK;
}

int wt_loop_set_order(struct wt_loop *loop, int order)
{
    if (loop == NULL || order < 0 || order >= WT_LOOP_ORDER_COUNT) {
        return WT_EINVAL;
    }
    loop->order = order;
    return WT_OK;
}

int wt_loop_order(const struct wt_loop *loop)
{
    return loop == NULL ? WT_LOOP_CALLBACKS_FIRST : loop->order;
}

/*
 * The iteration's one callback, run without the ring: nothing queued, no
 * timer due and exactly one watch ready is the ring's push and pop of that
 * one entry, which nothing else in the iteration could cancel first.
 */
static bool loop_run_alone(struct wt_loop *loop, unsigned ready)
{
    if (loop->ring_count != 0 || (ready & (ready - 1u)) != 0 ||
        (loop->heap_count > 0 && loop->heap[0].deadline_ns <= loop->now_ns)) {
        return false;
    }
    int dir = ready == (1u << WT_WATCH_WRITE) ? WT_WATCH_WRITE : WT_WATCH_READ;
    const struct loop_watch *w = &loop->watch[dir];
    WT_ASSERT(w->fn != NULL);
    w->fn(w->arg);
    return true;
}

int wt_loop_run_polled(struct wt_loop *loop, unsigned ready, size_t *ran_out)
{
    if (ran_out != NULL) {
        *ran_out = 0;
    }
    if (loop == NULL) {
        return WT_EINVAL;
    }
    loop_check(loop);
    if (ready == WT_LOOP_POLL_NOW) {
        ready = loop_poll_mask(loop);
    }
    /* Pair with the poll: only active watches are ready (run_alone and
     * loop_poll_watches assert the one they run). */
    WT_ASSERT((ready & ~3u) == 0);
    if (ready != 0 && loop_run_alone(loop, ready)) {
        if (ran_out != NULL) {
            *ran_out = 1;
        }
#ifdef WT_VALIDATE_ALL
        loop_validate(loop); /* sampled builds: the next iteration's check is soon enough */
#endif
        return WT_OK;
    }
    int rc = loop_poll_watches(loop, ready);
    if (rc == WT_OK) {
        rc = loop_fire_timers(loop);
    }
    if (rc != WT_OK) {
        return rc;
    }
    /* Step 3: only what is queued now; later additions wait. */
    size_t batch = loop->ring_count;
    size_t ran = 0;
    for (size_t i = 0; i < batch; i++) {
        /* Copy out first: the callback may grow (move) the ring. */
        struct loop_entry e = loop_ring_pop(loop);
        if (e.fn == NULL) {
            continue;
        }
        e.fn(e.arg);
        ran++;
        /* A callback may have cancelled a later entry, never removed one. */
        WT_ASSERT(loop->ring_count >= batch - i - 1);
    }
    loop_check(loop);
    if (ran_out != NULL) {
        *ran_out = ran;
    }
    return WT_OK;
}

int wt_loop_run_once(struct wt_loop *loop, size_t *ran_out)
{
    return wt_loop_run_polled(loop, WT_LOOP_POLL_NOW, ran_out);
}

bool wt_loop_poll(const struct wt_loop *loop, unsigned *ready_out)
{
    *ready_out = 0;
    if (loop == NULL) {
        return false;
    }
    *ready_out = loop_poll_mask(loop);
    return *ready_out != 0 || loop->ring_live > 0 ||
           (loop->heap_count > 0 && loop->heap[0].deadline_ns <= loop->now_ns);
}

bool wt_loop_has_ready(const struct wt_loop *loop)
{
    if (loop == NULL) {
        return false;
    }
    if (loop->ring_live > 0) {
        return true;
    }
    if (loop->heap_count > 0 && loop->heap[0].deadline_ns <= loop->now_ns) {
        return true;
    }
    for (int dir = WT_WATCH_WRITE; dir < WT_WATCH_COUNT; dir++) {
        if (loop_watch_ready(loop, dir)) {
            return true;
        }
    }
    return false;
}

bool wt_loop_next_ns(const struct wt_loop *loop, uint64_t *when_ns)
{
    if (loop == NULL) {
        return false;
    }
    uint64_t best = UINT64_MAX;
    if (loop->heap_count > 0) {
        best = loop->heap[0].deadline_ns;
    }
    for (int dir = WT_WATCH_WRITE; dir < WT_WATCH_COUNT; dir++) {
        if (loop->watch[dir].fn == NULL || !loop->has_poller || loop_watch_ready(loop, dir)) {
            continue;
        }
        uint64_t t = loop->poller.next_ns(loop->poller.ctx, dir, loop->now_ns);
        if (t < best) {
            best = t;
        }
    }
    if (best == UINT64_MAX) {
        return false;
    }
    /* An expired timer is due now: never hand back a time in the past. */
    if (best < loop->now_ns) {
        best = loop->now_ns;
    }
    if (when_ns != NULL) {
        *when_ns = best;
    }
    return true;
}

size_t wt_loop_pending(const struct wt_loop *loop)
{
    return loop == NULL ? 0 : loop->ring_live + loop->heap_count;
}
