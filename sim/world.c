/* SPDX-License-Identifier: MIT */
/*
 * world.c - one simulated world: the PRNG, the loop and its poller, the
 * fake socket, the trace, the host a transport talks through, the
 * recording protocol with its one-shot hooks, the traced call wrapper, and
 * the drivers of the loop and the clock.
 *
 * A world executes ops (op.h) and nothing else, and appends everything
 * observable to its trace, following docs/internals/trace.md to the letter
 * (the monitor depends on it). docs/internals/world.md explains how the
 * loop and time are driven, how hooks fire and how the bounds work.
 *
 * Nothing here is global: two worlds in one process share no state, and
 * every byte comes from the allocator the world was given.
 *
 * Division map:
 *   1. Types and small helpers
 *   2. Trace emission and fatal errors
 *   3. Untraced reads of the transport
 *   4. The host: memory, loop and socket
 *   5. The host: the recording protocol and its hooks
 *   6. The traced call wrapper
 *   7. Driving the loop and the clock
 *   8. Socket, peer and expectation ops
 *   9. Public API
 */
#include <stdlib.h>
#include <string.h>

#include "wt/assert.h"
#include "wt/errors.h"
#include "wt/world.h"

/* For the few helpers of the write path: a call there costs more than their body. */
#if defined(__GNUC__)
#define WORLD_INLINE static inline __attribute__((always_inline))
#else
#define WORLD_INLINE static inline
#endif

/* ================================================================== */
/* 1. Types and small helpers                                         */
/* ================================================================== */

/*
 * One write op may offer at most this many bytes: a world has to
 * materialise the bytes it hands to write(). It is the op schema's bound
 * (WT_OP_WRITE_MAX), so whatever the parser accepts the world runs; more
 * is refused with WT_EINVAL before tracing anything (docs/internals/world.md).
 */
#define WORLD_WRITE_MAX ((uint64_t)WT_OP_WRITE_MAX)

/*
 * Write data comes from the arena, a buffer that holds the stream pattern
 * aligned to its own start (arena[i] is pattern byte i), so a write of n
 * bytes at stream offset o is handed arena + o mod 251 + a multiple of 251:
 * no byte is made for it. The arena grows up to this size (plus a period);
 * bigger writes borrow a block filled for them.
 */
#define WORLD_ARENA_MAX ((size_t)1 << 20)
#define WORLD_ARENA_MIN ((size_t)4096)
/* What a transport that kept a data pointer past the call reads: no stream
 * byte is ever 255. */
#define WORLD_POISON 0xff

/* The host a transport is given: the only door into the world. */
struct wt_host {
    struct wt_world *world;
};

/* An op armed on a protocol callback, waiting for it to fire. */
struct world_hook {
    struct wt_op op;
    uint64_t batch; /* 0: waiting; else the firing that claimed it */
};

/* A `sock fail` scheduled for later: fired by a loop timer. */
struct world_fault {
    struct world_fault *next;
    struct wt_world *world;
    int err;
};

struct wt_world {
    struct wt_allocator alloc; /* a copy: the caller's struct may go away */
    struct wt_world_config cfg;
    struct wt_prng prng;
    struct wt_loop *loop;
    struct wt_sock *sock;
    struct wt_trace *trace;
    struct wt_host host;

    const struct wt_transport_ops *ops;
    void *self; /* the transport instance; NULL until created */
    const size_t *size_word; /* wt_host_size_word: the size, read without a call */

    /* the writable watch the transport asked for (see world_on_writable) */
    wt_callback_fn *write_fn;
    void *write_arg;

    /* the recording protocol */
    struct wt_proto_stats proto;
    bool eof_keep_open;
    struct world_hook *hooks;
    size_t hooks_count;
    size_t hooks_cap;
    size_t hooks_live;
    uint64_t batch_next;

    struct world_fault *faults;

    /* the written stream */
    uint64_t offset;     /* stream offset of the next byte offered */
    uint8_t *arena;      /* the pattern, see WORLD_ARENA_MAX and world_data_get */
    size_t arena_cap;
    size_t arena_cursor; /* regions are handed out from here on */
    uint32_t cursor_phase; /* arena_cursor % 251 */
    uint64_t cursor_next;  /* a stream offset of that phase: the next write's, usually */
    size_t dirty_lo;     /* [dirty_lo, dirty_hi) holds every poisoned byte */
    size_t dirty_hi;
    unsigned arena_live; /* regions lent to traced calls now running */

    /* The loop's clock, mirrored for the send path: world_set_clock is its one setter. */
    uint64_t now_ns;

    /* traced calls now running (world_call), nested through hooks */
    unsigned call_depth;
    /* The running call's op kind and argument kind (wt_host_data_kind,
     * wt_host_data_words), or -1 and 0. */
    int data_call[2];

    /* The documented methods the transport lacks (cfg.missing and NULL slots). */
    uint32_t missing;
    /* Evidence for the call now running or the next report (wt_host_note). */
    char note[WT_NOTE_TEXT_MAX];
    bool has_note;

    int last_status;
    unsigned expect_failures;
    int fatal; /* sticky: 0 or a fatal code */
    /* Loop iterations so far, the one in which a byte was last accepted or a
     * callback ran, and whether the last bound met such progress late. */
    uint64_t iterations;
    uint64_t progress_iteration;
    bool bound_progress;
    char budget[160]; /* the run budget that was exhausted, "" while none */
    bool started;
    bool finished;
    bool in_exec;
    bool corrupt_told;
    bool fin_told;
    uint32_t validate_tick; /* WT_VALIDATE_DUE */
    uint64_t emitted;       /* events world_emit appended */
    bool peeking;           /* an untraced read of the transport is running */
    bool bounded;           /* a BOUND event was emitted */
    bool expect_failed;     /* last_expect holds a failed EXPECT event */
    struct wt_event last_expect;
};

/* No assertion on h: it is what the transport under test hands back. */
static struct wt_world *host_world(struct wt_host *h) { return h->world; }

/*
 * The world's own invariants, in O(1): nothing here depends on what the
 * transport under test did, only on the world's bookkeeping (a transport
 * that misbehaves shows up in the trace, never here). Called as a pre- and
 * postcondition of the public entry points and of every traced call.
 */
static void world_validate(const struct wt_world *w)
{
    WT_ASSERT(w != NULL);
    WT_ASSERT(w->host.world == w);
    WT_ASSERT(w->loop != NULL && w->sock != NULL && w->trace != NULL && w->ops != NULL);
    /* Hooks: holes are counted out of live, and the array empties with the last one. */
    WT_ASSERT(w->hooks_count <= w->hooks_cap);
    WT_ASSERT(w->hooks_live <= w->hooks_count);
    WT_ASSERT((w->hooks_live == 0) == (w->hooks_count == 0));
    WT_ASSERT(w->hooks != NULL || w->hooks_cap == 0);
    /* The arena is lent only to traced calls that are running. */
    WT_ASSERT(w->arena_cap <= WORLD_ARENA_MAX + 251);
    WT_ASSERT((w->arena == NULL) == (w->arena_cap == 0));
    WT_ASSERT(w->arena_cursor <= w->arena_cap);
    WT_ASSERT(w->cursor_phase == w->arena_cursor % 251u);
    WT_ASSERT(w->cursor_next % 251u == w->cursor_phase);
    WT_ASSERT(w->dirty_lo <= w->dirty_hi && w->dirty_hi <= w->arena_cap);
    WT_ASSERT(w->arena_live <= w->call_depth);
    WT_ASSERT(w->write_fn != NULL || w->write_arg == NULL);
    /* Fatal codes are sticky and only fatal codes are kept. */
    WT_ASSERT(w->fatal == 0 || wt_is_fatal(w->fatal));
    WT_ASSERT(!w->finished || w->started);
    WT_ASSERT(w->self == NULL || w->started);
    WT_ASSERT(!w->in_exec || !w->finished); /* before start: arming `on made:` */
    WT_ASSERT(w->call_depth == 0 || w->self != NULL);
    /* Pair with the loop: the mirrored clock is the loop's. */
    WT_ASSERT(w->loop == NULL || w->now_ns == wt_loop_now_ns(w->loop));
    /* Pair with the trace: one emission is one event. */
    WT_ASSERT(wt_trace_count(w->trace) == w->emitted);
    /* Every world-driven loop stops at steps_max, so a zero bound is refused at new. */
    WT_ASSERT(w->cfg.steps_max > 0);
}

/* world_validate on the steps of the hot path: every one, or sampled (assert.h). */
static void world_check(struct wt_world *w)
{
    if (WT_VALIDATE_DUE(w->validate_tick)) {
        world_validate(w);
    }
}

/* ================================================================== */
/* 2. Trace emission and fatal errors                                 */
/* ================================================================== */

/* Records the first fatal code; every later public call returns it. */
static void world_fail(struct wt_world *w, int rc)
{
    int before = w->fatal;
    if (wt_is_fatal(rc) && w->fatal == 0) {
        w->fatal = rc;
    }
    /* Sticky: the first fatal code stays, and any fatal rc leaves one behind. */
    WT_ASSERT(before == 0 || w->fatal == before);
    WT_ASSERT(!wt_is_fatal(rc) || w->fatal != 0);
}

/*
 * Inlined into every emitter, so the progress test below folds away for
 * the kinds that can never make progress (the hot CALL and RETURN).
 */
WORLD_INLINE void world_emit(struct wt_world *w, int kind, int what, int rc, int64_t a, int64_t b,
                             int64_t c)
{
    if ((kind == WT_EV_SEND && b > 0) || kind == WT_EV_CALLBACK ||
        (kind == WT_EV_PEER && what == WT_PEER_RECEIVED && a > 0)) {
        w->progress_iteration = w->iterations;
    }
    int r = wt__trace_emit(w->trace, kind, what, rc, a, b, c);
    /* One emission is one event, hashed and streamed whether or not it
     * could be kept (world_validate pairs the counts). */
    w->emitted++;
    /* The event is hashed and streamed even then, but the kept trace has
     * a hole: a replay of it would lie, so the world stops here. */
    if (r != WT_OK) {
        world_fail(w, r == WT_ENOMEM ? WT_ENOMEM : WT_EINTERNAL);
    }
}

/* The peer's one-time findings: the first corrupt byte, and FIN. */
WORLD_INLINE void world_peer_news(struct wt_world *w)
{
    if (!w->corrupt_told && wt_sock_corrupt_at(w->sock) >= 0) {
        w->corrupt_told = true;
        world_emit(w, WT_EV_PEER, WT_PEER_CORRUPT, 0, wt_sock_corrupt_at(w->sock), 0, 0);
    }
    if (!w->fin_told && wt_sock_fin(w->sock)) {
        w->fin_told = true;
        world_emit(w, WT_EV_PEER, WT_PEER_FIN, 0, (int64_t)wt_sock_accepted(w->sock), 0, 0);
    }
}

/* ================================================================== */
/* 3. Untraced reads of the transport                                 */
/* ================================================================== */

/*
 * These feed the size and limits fields of events. They are skipped (-1)
 * once connection_lost has been delivered unless scenario_op says a
 * scenario op asked: after connection_lost the world itself never calls
 * the transport again.
 */
WORLD_INLINE bool world_may_peek(const struct wt_world *w, bool scenario_op)
{
    return w->self != NULL && (scenario_op || w->proto.lost == 0);
}

/* The transport has this documented method (its slot, and not declared missing). */
static bool world_has(const struct wt_world *w, int method)
{
    return (w->missing & (1u << method)) == 0;
}

WORLD_INLINE int64_t world_peek_size(struct wt_world *w, bool scenario_op)
{
    size_t size = 0;
    bool ok = world_may_peek(w, scenario_op) && world_has(w, WT_METHOD_GET_SIZE);
    if (ok && w->size_word != NULL) {
        size = *w->size_word;
#ifdef WT_VALIDATE_ALL
        /* Pair with the promise (transport.h): the getter says the same. */
        size_t told = 0;
        w->peeking = true;
        WT_ASSERT(w->ops->get_write_buffer_size(w->self, &told) == WT_OK && told == size);
        w->peeking = false;
#endif
        w->has_note = false; /* as after a call of the getter */
        return (int64_t)size;
    }
    if (ok) {
        w->peeking = true;
        ok = w->ops->get_write_buffer_size(w->self, &size) == WT_OK;
        w->peeking = false;
    }
    w->has_note = false; /* an untraced read's exception is nobody's evidence */
    return ok ? (int64_t)size : -1;
}

static bool world_peek_limits(struct wt_world *w, bool scenario_op, int64_t *low_out,
                              int64_t *high_out)
{
    *low_out = -1;
    *high_out = -1;
    if (!world_may_peek(w, scenario_op) || !world_has(w, WT_METHOD_GET_LIMITS)) {
        return false;
    }
    w->peeking = true;
    int rc = w->ops->get_write_buffer_limits(w->self, low_out, high_out);
    w->peeking = false;
    w->has_note = false;
    if (rc != WT_OK) {
        *low_out = -1;
        *high_out = -1;
        return false;
    }
    return true;
}

static bool world_peek_closing(struct wt_world *w)
{
    bool closing = false;
    bool ok = w->self != NULL && world_has(w, WT_METHOD_IS_CLOSING) &&
              w->ops->is_closing(w->self, &closing) == WT_OK;
    w->has_note = false;
    return ok && closing;
}

/* can_write_eof == NULL means false (transport.h). */
static bool world_peek_can_eof(struct wt_world *w)
{
    bool can = false;
    bool ok = w->self != NULL && w->ops->can_write_eof != NULL &&
              world_has(w, WT_METHOD_CAN_WRITE_EOF) && w->ops->can_write_eof(w->self, &can) == WT_OK;
    w->has_note = false;
    return ok && can;
}

/* ================================================================== */
/* 4. The host: memory, loop and socket                               */
/* ================================================================== */

void *wt_host_alloc(struct wt_host *h, size_t size)
{
    struct wt_world *w = host_world(h);
    void *p = wt_alloc(&w->alloc, size);
    if (p == NULL) {
        world_fail(w, WT_ENOMEM);
    }
    return p;
}

void *wt_host_realloc(struct wt_host *h, void *ptr, size_t size)
{
    struct wt_world *w = host_world(h);
    void *p = wt_realloc(&w->alloc, ptr, size);
    if (p == NULL) {
        world_fail(w, WT_ENOMEM);
    }
    return p;
}

void wt_host_free(struct wt_host *h, void *ptr) { wt_free(&host_world(h)->alloc, ptr); }

uint64_t wt_host_now_ns(struct wt_host *h) { return wt_loop_now_ns(host_world(h)->loop); }

int wt_host_call_soon(struct wt_host *h, wt_callback_fn *fn, void *arg)
{
    struct wt_world *w = host_world(h);
    int rc = wt_loop_call_soon(w->loop, fn, arg);
    world_fail(w, rc);
    return rc;
}

int wt_host_call_at(struct wt_host *h, uint64_t deadline_ns, wt_callback_fn *fn, void *arg,
                    uint64_t *timer_out)
{
    struct wt_world *w = host_world(h);
    int rc = wt_loop_call_at(w->loop, deadline_ns, fn, arg, timer_out);
    world_fail(w, rc);
    return rc;
}

int wt_host_cancel(struct wt_host *h, uint64_t timer)
{
    return wt_loop_cancel(host_world(h)->loop, timer);
}

/*
 * Every writable wake-up goes through here so that a spurious wake-up
 * (`sock spurious`) is consumed when it is delivered, whatever the
 * transport then does.
 */
static void world_on_writable(void *arg)
{
    struct wt_world *w = arg;
    /* `sock eagain`: the first send of this wake-up says EAGAIN. */
    wt_sock_wake(w->sock);
    if (w->write_fn != NULL) {
        w->write_fn(w->write_arg);
    }
    wt_sock_wake_end(w->sock);
}

/*
 * `sock watchfail`: setting a watch of dir fails once, as add_writer or
 * add_reader raising OSError; the PEER event says so (the monitor takes
 * it as an I/O error: the fatal path follows). The watch is left as it was.
 */
static bool world_watch_fails(struct wt_world *w, int dir, wt_callback_fn *fn)
{
    if (fn == NULL || !wt_sock_watch_fail_take(w->sock, dir)) {
        return false;
    }
    world_emit(w, WT_EV_PEER, WT_PEER_WATCH_FAILED, WT_EWATCH, dir, 0, 0);
    return true;
}

int wt_host_watch_writable(struct wt_host *h, wt_callback_fn *fn, void *arg)
{
    struct wt_world *w = host_world(h);
    if (world_watch_fails(w, WT_WATCH_WRITE, fn)) {
        return WT_EWATCH;
    }
    w->write_fn = fn;
    w->write_arg = fn == NULL ? NULL : arg;
    return wt_loop_watch(w->loop, WT_WATCH_WRITE, fn == NULL ? NULL : world_on_writable, w);
}

int wt_host_watch_readable(struct wt_host *h, wt_callback_fn *fn, void *arg)
{
    struct wt_world *w = host_world(h);
    if (world_watch_fails(w, WT_WATCH_READ, fn)) {
        return WT_EWATCH;
    }
    return wt_loop_watch(w->loop, WT_WATCH_READ, fn, arg);
}

void wt_host_sock_platform(struct wt_host *h, struct wt_sock_platform *out)
{
    wt_sock_get_platform(host_world(h)->sock, out);
}

/* The SEND event and the peer's news, from what the socket said after the send. */
WORLD_INLINE int world_sent_after(struct wt_world *w, int rc, size_t len, size_t accepted,
                                  const struct wt_sock_after *after, size_t *accepted_out)
{
    uint64_t pos = after->pos;
    uint64_t before = after->before;
    /* Pair with the socket: the SEND event's accepted is what the peer counted,
     * and only a successful send accepts anything (sock.h). */
    WT_ASSERT(accepted <= len && (rc == WT_OK || accepted == 0));
    WT_ASSERT(pos == before + accepted);
    world_emit(w, WT_EV_SEND, 0, rc, (int64_t)len, (int64_t)accepted, (int64_t)pos);
    /* Only accepted bytes can be corrupt, and FIN comes only from shutdown or
     * close (each tells it at once): a send that took nothing has no news. */
    if (accepted > 0 && ((!w->corrupt_told && after->corrupt_at >= 0) ||
                         (!w->fin_told && after->fin))) {
        world_peer_news(w);
    }
    if (accepted_out != NULL) {
        *accepted_out = accepted;
    }
    return rc;
}

/* The SEND event and the peer's news after a send of len (pattern or bytes). */
WORLD_INLINE int world_sent(struct wt_world *w, int rc, size_t len, size_t accepted,
                            uint64_t before, size_t *accepted_out)
{
    uint64_t pos = wt_sock_accepted(w->sock);
    struct wt_sock_after after = {before, pos, wt_sock_corrupt_at(w->sock), wt_sock_fin(w->sock)};
    return world_sent_after(w, rc, len, accepted, &after, accepted_out);
}

int wt_host_send(struct wt_host *h, const uint8_t *data, size_t len, size_t *accepted_out)
{
    struct wt_world *w = host_world(h);
    size_t accepted = 0;
    struct wt_sock_after after;
    int rc = wt_sock_send_at(w->sock, w->now_ns, data, len, &accepted, &after);
    return world_sent_after(w, rc, len, accepted, &after, accepted_out);
}

int wt_host_sendmsg(struct wt_host *h, const struct wt_buf *bufs, size_t nbufs,
                    size_t *accepted_out)
{
    struct wt_world *w = host_world(h);
    size_t accepted = 0;
    size_t len = 0;
    for (size_t i = 0; bufs != NULL && i < nbufs; i++) {
        len += bufs[i].len;
    }
    wt_sock_sync(w->sock, wt_loop_now_ns(w->loop));
    uint64_t before = wt_sock_accepted(w->sock);
    int rc = wt_sock_sendmsg(w->sock, bufs, nbufs, &accepted);
    /* Traced as one send of the concatenation: the monitor sees no difference. */
    return world_sent(w, rc, len, accepted, before, accepted_out);
}

int wt_host_send_pattern(struct wt_host *h, uint32_t phase, size_t len, size_t *accepted_out)
{
    struct wt_world *w = host_world(h);
    size_t accepted = 0;
    wt_sock_sync(w->sock, wt_loop_now_ns(w->loop));
    uint64_t before = wt_sock_accepted(w->sock);
    int rc = wt_sock_send_pattern(w->sock, phase, len, &accepted);
    return world_sent(w, rc, len, accepted, before, accepted_out);
}

int wt_host_recv(struct wt_host *h, uint8_t *buf, size_t cap, size_t *got_out)
{
    struct wt_world *w = host_world(h);
    size_t got = 0;
    int rc = wt_sock_recv(w->sock, buf, cap, &got);
    world_emit(w, WT_EV_RECV, 0, rc, (int64_t)got, 0, 0);
    if (got_out != NULL) {
        *got_out = got;
    }
    return rc;
}

int wt_host_shutdown_write(struct wt_host *h)
{
    struct wt_world *w = host_world(h);
    int rc = wt_sock_shutdown_write(w->sock);
    world_emit(w, WT_EV_SHUTDOWN, 0, rc, 0, 0, 0);
    world_peer_news(w);
    return rc;
}

int wt_host_close_socket(struct wt_host *h)
{
    struct wt_world *w = host_world(h);
    int rc = wt_sock_close(w->sock);
    world_emit(w, WT_EV_SOCK_CLOSE, 0, rc, 0, 0, 0);
    world_peer_news(w);
    return rc;
}

/* Hands the pending note, if any, to the trace as evidence about event index. */
static void world_note_flush(struct wt_world *w, size_t index)
{
    if (!w->has_note) {
        return;
    }
    w->has_note = false;
    int rc = wt_trace_note(w->trace, (uint32_t)index, w->note);
    world_fail(w, rc == WT_ENOMEM ? WT_ENOMEM : WT_OK);
}

bool wt_host_peeking(struct wt_host *h) { return host_world(h)->peeking; }

void wt_host_size_word(struct wt_host *h, const size_t *word) { host_world(h)->size_word = word; }

void wt_host_report(struct wt_host *h, int what, int err)
{
    struct wt_world *w = host_world(h);
    size_t index = wt_trace_count(w->trace);
    world_emit(w, WT_EV_REPORT, what, err, 0, 0, 0);
    world_note_flush(w, index);
}

void wt_host_note(struct wt_host *h, const char *text)
{
    struct wt_world *w = host_world(h);
    if (text == NULL) {
        return;
    }
    snprintf(w->note, sizeof w->note, "%s", text);
    w->has_note = true;
}

int wt_host_data_kind(struct wt_host *h, int method)
{
    struct wt_world *w = host_world(h);
    return w->data_call[0] == method ? w->data_call[1] : 0;
}

const int *wt_host_data_words(struct wt_host *h) { return host_world(h)->data_call; }

bool wt_host_writable(struct wt_host *h)
{
    struct wt_world *w = host_world(h);
    wt_sock_sync(w->sock, wt_loop_now_ns(w->loop));
    return wt_sock_would_accept(w->sock);
}

/* ================================================================== */
/* 5. The host: the recording protocol and its hooks                  */
/* ================================================================== */

static int world_call(struct wt_world *w, const struct wt_op *op);

static int world_hook_on(int cb) { return cb + 1; } /* enum wt_on follows enum wt_cb */

static int world_hook_arm(struct wt_world *w, const struct wt_op *op)
{
    WT_ASSERT(op->on != WT_ON_NOW);
    WT_ASSERT(w->hooks_count <= w->hooks_cap);
    if (w->hooks_count == w->hooks_cap) {
        size_t cap = w->hooks_cap == 0 ? 8 : 2 * w->hooks_cap;
        struct world_hook *hooks = wt_realloc(&w->alloc, w->hooks, cap * sizeof(*hooks));
        if (hooks == NULL) {
            return WT_ENOMEM;
        }
        w->hooks = hooks;
        w->hooks_cap = cap;
    }
    w->hooks[w->hooks_count].op = *op;
    w->hooks[w->hooks_count].batch = 0;
    w->hooks_count++;
    w->hooks_live++;
    WT_ASSERT(w->hooks_live <= w->hooks_count && w->hooks_count <= w->hooks_cap);
    return WT_OK;
}

/* A consumed hook stays as a hole until none is left; then the array empties. */
static void world_hook_consume(struct wt_world *w, size_t i)
{
    /* Only a live hook is consumed, and only once. */
    WT_ASSERT(i < w->hooks_count && w->hooks_live > 0);
    WT_ASSERT(w->hooks[i].op.kind != WT_OP_COUNT);
    w->hooks[i].op.kind = WT_OP_COUNT;
    w->hooks_live--;
    if (w->hooks_live == 0) {
        w->hooks_count = 0;
    }
}

/* Takes the oldest RAISE armed on cb: the protocol raises this time. */
static bool world_hook_take_raise(struct wt_world *w, int cb)
{
    for (size_t i = 0; i < w->hooks_count; i++) {
        const struct world_hook *k = &w->hooks[i];
        if (k->op.kind == WT_OP_RAISE && k->op.on == world_hook_on(cb) && k->batch == 0) {
            world_hook_consume(w, i);
            return true;
        }
    }
    return false;
}

/*
 * Runs every hook armed on cb before this firing, in the order armed, unless
 * this firing raised (rc). They are claimed first, so a nested firing of the
 * same callback (a hook's call making the transport call it again) finds
 * them taken.
 */
static void world_hook_fire(struct wt_world *w, int cb, int rc)
{
    /*
     * A protocol that raises stops there: the other hooks armed on this
     * callback do not run this time (they stay armed for the next firing),
     * and the report of the failure follows the callback at once.
     */
    if (rc != WT_OK) {
        return;
    }
    uint64_t batch = ++w->batch_next;
    WT_ASSERT(batch != 0); /* 0 means "waiting" */
    for (size_t i = 0; i < w->hooks_count; i++) {
        struct world_hook *k = &w->hooks[i];
        /* A RAISE is not a call: each one makes one firing raise (world_cb_begin
         * took this firing's), so any other stays armed for the next one. */
        if (k->op.kind != WT_OP_COUNT && k->op.kind != WT_OP_RAISE &&
            k->op.on == world_hook_on(cb) && k->batch == 0) {
            k->batch = batch;
        }
    }
    for (size_t i = 0; i < w->hooks_count && w->fatal == 0; i++) {
        if (w->hooks[i].op.kind == WT_OP_COUNT || w->hooks[i].batch != batch) {
            continue;
        }
        /* Copy out: the array may be emptied while the call runs. */
        struct wt_op op = w->hooks[i].op;
        WT_ASSERT(op.on == world_hook_on(cb));
        world_hook_consume(w, i);
        if (op.kind == WT_OP_EOF_KEEP_OPEN) {
            w->eof_keep_open = op.a != 0;
        } else {
            (void)world_call(w, &op);
        }
    }
}

/* Appends the CALLBACK event (rule 3 of trace.md); returns its rc. */
static int world_cb_begin(struct wt_world *w, int cb, int64_t b)
{
    int64_t size = world_peek_size(w, false);
    int rc = world_hook_take_raise(w, cb) ? WT_ECALLBACK : WT_OK;
    world_emit(w, WT_EV_CALLBACK, cb, rc, size, b, 0);
    return rc;
}

/*
 * connection_made and connection_lost return nothing to the transport, so an
 * exception the protocol raises there escapes into the loop, whose handler
 * reports it ("Exception in callback ..."): the world plays that loop.
 */
static void world_cb_escaped(struct wt_world *w, int rc)
{
    if (rc != WT_OK) {
        world_emit(w, WT_EV_REPORT, WT_REPORT_CALLBACK_FAILED, rc, 0, 0, 0);
    }
}

void wt_host_connection_made(struct wt_host *h)
{
    struct wt_world *w = host_world(h);
    int rc = world_cb_begin(w, WT_CB_MADE, 0);
    w->proto.made++;
    world_hook_fire(w, WT_CB_MADE, rc);
    world_cb_escaped(w, rc);
}

int wt_host_pause_writing(struct wt_host *h)
{
    struct wt_world *w = host_world(h);
    int rc = world_cb_begin(w, WT_CB_PAUSE, 0);
    w->proto.pauses++;
    w->proto.paused = true;
    world_hook_fire(w, WT_CB_PAUSE, rc);
    return rc;
}

int wt_host_resume_writing(struct wt_host *h)
{
    struct wt_world *w = host_world(h);
    int rc = world_cb_begin(w, WT_CB_RESUME, 0);
    w->proto.resumes++;
    w->proto.paused = false;
    world_hook_fire(w, WT_CB_RESUME, rc);
    return rc;
}

int wt_host_data_received(struct wt_host *h, const uint8_t *data, size_t len)
{
    struct wt_world *w = host_world(h);
    (void)data; /* the peer's pattern; its length says everything */
    int rc = world_cb_begin(w, WT_CB_DATA, (int64_t)len);
    w->proto.data_calls++;
    w->proto.data_bytes += len;
    world_hook_fire(w, WT_CB_DATA, rc);
    return rc;
}

int wt_host_eof_received(struct wt_host *h, bool *keep_open_out)
{
    struct wt_world *w = host_world(h);
    int rc = world_cb_begin(w, WT_CB_EOF, 0);
    w->proto.eofs++;
    /* Hooks run first: an `eof_keep_open` armed on eof decides this return. */
    world_hook_fire(w, WT_CB_EOF, rc);
    if (keep_open_out != NULL) {
        *keep_open_out = w->eof_keep_open;
    }
    return rc;
}

void wt_host_connection_lost(struct wt_host *h, int err)
{
    struct wt_world *w = host_world(h);
    int rc = world_cb_begin(w, WT_CB_LOST, err);
    w->proto.lost++;
    w->proto.lost_err = err;
    world_hook_fire(w, WT_CB_LOST, rc);
    world_cb_escaped(w, rc);
}

/* ================================================================== */
/* 6. The traced call wrapper                                         */
/* ================================================================== */

/* An empty write still passes a valid pointer. */
static const uint8_t world_empty[1] = {0};

/* One write's data, lent for one traced call (world_data_get / _put). */
struct world_data {
    uint8_t *p;
    size_t len;
    size_t cursor_before; /* the arena's cursor before this region; SIZE_MAX: borrowed */
    size_t cursor_after;  /* ... and after it */
    uint32_t phase_before;
    uint64_t next_before;
};

/* Makes the arena whole again: every poisoned byte back to the pattern. */
static void world_arena_clean(struct wt_world *w)
{
    if (w->dirty_hi > w->dirty_lo) {
        wt_stream_fill(w->arena + w->dirty_lo, w->dirty_hi - w->dirty_lo, w->dirty_lo);
    }
    w->dirty_lo = 0;
    w->dirty_hi = 0;
    w->arena_cursor = 0;
    w->cursor_phase = 0;
    w->cursor_next = 0;
}

/* Grows the arena to hold len at any phase; false when it cannot move now. */
static bool world_arena_grow(struct wt_world *w, size_t len)
{
    size_t cap = w->arena_cap < WORLD_ARENA_MIN ? WORLD_ARENA_MIN : 2 * w->arena_cap;
    cap = cap < len + 251 ? len + 251 : cap;
    cap = cap > WORLD_ARENA_MAX + 251 ? WORLD_ARENA_MAX + 251 : cap;
    if (w->arena_live > 0) {
        return false; /* only an arena nobody holds may move: the caller borrows */
    }
    uint8_t *p = wt_realloc(&w->alloc, w->arena, cap);
    if (p == NULL) {
        world_fail(w, WT_ENOMEM);
        return false;
    }
    w->arena = p;
    w->arena_cap = cap;
    wt_stream_fill(p, cap, 0);
    w->dirty_lo = w->dirty_hi = w->arena_cursor = 0;
    w->cursor_phase = 0;
    w->cursor_next = 0;
    return true;
}

/*
 * A region of len at the stream offset's phase, or SIZE_MAX: the first
 * place at or after the cursor whose pattern byte is the offset's. Writes
 * that follow each other (the offset moves by each one's length) get
 * regions that follow each other, with no gap.
 */
WORLD_INLINE size_t world_arena_region(struct wt_world *w, size_t len, uint32_t phase)
{
    if (len + 251 > w->arena_cap && !world_arena_grow(w, len)) {
        return SIZE_MAX;
    }
    uint32_t gap = phase + 251u - w->cursor_phase;
    gap = gap >= 251u ? gap - 251u : gap;
    size_t start = w->arena_cursor + gap;
    if (start + len > w->arena_cap) {
        if (w->arena_live > 0) {
            return SIZE_MAX; /* a region still lent would be handed out twice */
        }
        world_arena_clean(w);
        start = phase;
    }
    return start;
}

/*
 * Pattern bytes for one write. From the arena they cost nothing; a write
 * bigger than the arena, or one that finds the arena lent out to the end,
 * borrows a block filled for it.
 */
WORLD_INLINE bool world_data_get(struct wt_world *w, size_t len, struct world_data *d)
{
    d->len = len;
    d->cursor_before = SIZE_MAX;
    d->cursor_after = SIZE_MAX;
    d->phase_before = 0;
    d->next_before = 0;
    if (len == 0) {
        d->p = (uint8_t *)world_empty;
        return true;
    }
    /* A write right after the last one continues at the cursor: no division. */
    uint32_t phase = w->offset == w->cursor_next ? w->cursor_phase : (uint32_t)(w->offset % 251u);
    size_t start = len <= WORLD_ARENA_MAX ? world_arena_region(w, len, phase) : SIZE_MAX;
    if (w->fatal != 0) {
        return false;
    }
    if (start != SIZE_MAX) {
        d->cursor_before = w->arena_cursor;
        d->phase_before = w->cursor_phase;
        d->next_before = w->cursor_next;
        d->p = w->arena + start;
        w->arena_cursor = start + len;
        uint32_t end_phase = phase + (uint32_t)(len < 251u ? len : len % 251u);
        w->cursor_phase = end_phase >= 251u ? end_phase - 251u : end_phase;
        w->cursor_next = w->offset + len;
        d->cursor_after = w->arena_cursor;
        w->arena_live++;
        return true;
    }
    d->p = wt_alloc(&w->alloc, len);
    if (d->p == NULL) {
        world_fail(w, WT_ENOMEM);
        return false;
    }
    wt_stream_fill(d->p, len, w->offset);
    return true;
}

/*
 * The call returned. A transport that still holds bytes (its size after
 * the call is not 0) may have kept the pointer instead of a copy: the
 * region is poisoned, so whatever it reads there later is not the stream
 * and the peer reports it (WT-DATA-INTACT). A region nobody holds is not
 * touched, and the cursor gives it back when nothing came after it.
 */
WORLD_INLINE void world_data_put(struct wt_world *w, struct world_data *d, bool poison)
{
    if (d->len == 0) {
        return;
    }
    if (poison && d->len >= 32 && d->len <= 64) {
        /* A stream's common write, inline: two fixed stores that may overlap. */
        memset(d->p, WORLD_POISON, 32);
        memset(d->p + d->len - 32, WORLD_POISON, 32);
    } else if (poison) {
        memset(d->p, WORLD_POISON, d->len);
    }
    if (d->cursor_before == SIZE_MAX) {
        wt_free(&w->alloc, d->p);
        return;
    }
    WT_ASSERT(w->arena_live > 0);
    w->arena_live--;
    size_t start = (size_t)(d->p - w->arena);
    if (poison) {
        if (w->dirty_hi == w->dirty_lo) {
            w->dirty_lo = start;
            w->dirty_hi = start + d->len;
        } else {
            w->dirty_lo = start < w->dirty_lo ? start : w->dirty_lo;
            w->dirty_hi = start + d->len > w->dirty_hi ? start + d->len : w->dirty_hi;
        }
    } else if (w->arena_cursor == d->cursor_after) {
        w->arena_cursor = d->cursor_before; /* nothing was lent after it */
        w->cursor_phase = d->phase_before;
        w->cursor_next = d->next_before;
    }
}

static uint64_t world_op_bytes(const struct wt_op *op)
{
    if (op->kind == WT_OP_WRITE) {
        return (uint64_t)op->a;
    }
    uint64_t total = 0;
    for (unsigned i = 0; op->kind == WT_OP_WRITELINES && i < op->nchunks; i++) {
        total += op->chunk[i];
    }
    return total;
}

/* The NULL writelines slot: write() each chunk, stopping at an error. */
static int world_def_writelines(struct wt_world *w, const struct wt_buf *bufs, size_t nbufs)
{
    for (size_t i = 0; i < nbufs; i++) {
        int rc = w->ops->write(w->self, bufs[i].data, bufs[i].len);
        if (rc != WT_OK) {
            return rc;
        }
    }
    return WT_OK;
}

static int world_call_writelines(struct wt_world *w, const struct wt_op *op, const uint8_t *data)
{
    struct wt_buf bufs[WT_OP_CHUNKS_MAX];
    size_t at = 0;
    for (unsigned i = 0; i < op->nchunks; i++) {
        bufs[i].data = data + at;
        bufs[i].len = op->chunk[i];
        at += op->chunk[i];
    }
    if (w->ops->writelines == NULL) {
        return world_def_writelines(w, bufs, op->nchunks);
    }
    return w->ops->writelines(w->self, bufs, op->nchunks);
}

static struct wt_limits world_op_limits(const struct wt_op *op)
{
    struct wt_limits req = {0};
    req.has_high = (op->flags & WT_OPF_HAS_HIGH) != 0;
    req.has_low = (op->flags & WT_OPF_HAS_LOW) != 0;
    req.high = req.has_high ? op->a : 0;
    req.low = req.has_low ? op->b : 0;
    return req;
}

/* Calls the slot; fills the method-specific result fields of RETURN. */
static int world_dispatch(struct wt_world *w, const struct wt_op *op, const uint8_t *data,
                          struct wt_event *ret)
{
    void *self = w->self;
    bool flag = false;
    size_t size = 0;
    int rc;
    /* A method the transport lacks is never called: the session skips what needs it. */
    if (!world_has(w, op->kind)) {
        return WT_ENOTIMPL;
    }
    switch (op->kind) {
    case WT_OP_WRITE:
        return w->ops->write(self, data, (size_t)op->a);
    case WT_OP_WRITELINES:
        return world_call_writelines(w, op, data);
    case WT_OP_WRITE_EOF:
        return w->ops->write_eof == NULL ? WT_ENOTIMPL : w->ops->write_eof(self);
    case WT_OP_CAN_WRITE_EOF:
        rc = w->ops->can_write_eof == NULL ? WT_OK : w->ops->can_write_eof(self, &flag);
        ret->b = flag;
        return rc;
    case WT_OP_ABORT:
        return w->ops->abort(self);
    case WT_OP_CLOSE:
        return w->ops->close(self);
    case WT_OP_IS_CLOSING:
        rc = w->ops->is_closing(self, &flag);
        ret->b = flag;
        return rc;
    case WT_OP_GET_SIZE:
        rc = w->ops->get_write_buffer_size(self, &size);
        ret->b = (int64_t)size;
        return rc;
    case WT_OP_GET_LIMITS:
        ret->b = -1;
        ret->c = -1;
        return w->ops->get_write_buffer_limits(self, &ret->b, &ret->c);
    case WT_OP_SET_LIMITS: {
        struct wt_limits req = world_op_limits(op);
        return w->ops->set_write_buffer_limits(self, &req);
    }
    default:
        return WT_EINVAL;
    }
}

/*
 * The one traced call: CALL, the slot, RETURN with what is read back
 * (rule 2 of trace.md). Every call of the transport, from an op, a hook,
 * start or finish, goes through here.
 *
 * The stream offset is reserved before the call, because a write nested
 * in a hook (inside pause_writing inside this write) must continue after
 * this write's bytes, which the transport has already buffered. A failed
 * call gives its bytes back unless a nested write has since used the
 * offsets after them.
 */
/* The buffer budget: a transport reported more than cfg.buffer_max. */
static void world_over_buffer(struct wt_world *w, int64_t size)
{
    if (w->budget[0] == '\0') {
        snprintf(w->budget, sizeof w->budget, "run budget: the transport buffers %lld bytes "
                 "(at most %llu)", (long long)size, (unsigned long long)w->cfg.buffer_max);
    }
}

/*
 * world_call for a plain write of len, the hot path of `write` and
 * `produce`: the same events, checks and stream bookkeeping as the general
 * path below, without the decoding every other method needs.
 */
WORLD_INLINE int world_call_write(struct wt_world *w, uint64_t len)
{
    /* One sampling draw for the validation before and after the call. */
    bool due = WT_VALIDATE_DUE(w->validate_tick);
    if (due) {
        world_validate(w);
    }
    if (w->fatal != 0 || w->self == NULL) {
        return w->fatal != 0 ? w->fatal : WT_EINVAL;
    }
    unsigned depth = w->call_depth++;
    struct world_data data;
    if (!world_data_get(w, (size_t)len, &data)) {
        w->call_depth--;
        return w->fatal;
    }
    uint64_t start = w->offset;
    w->has_note = false;
    world_emit(w, WT_EV_CALL, WT_METHOD_WRITE, 0, (int64_t)len, (int64_t)start, 0);
    w->offset += len;
    int rc = w->ops->write(w->self, data.p, (size_t)len);
    /* As in world_call: nested calls only continue the stream, and all returned. */
    WT_ASSERT(w->offset >= start + len && w->call_depth == depth + 1);
    /* The call's own evidence; the size read below must not overwrite it. */
    char note[WT_NOTE_TEXT_MAX];
    bool has_note = w->has_note;
    if (has_note) {
        memcpy(note, w->note, sizeof note);
    }
    int64_t size = world_peek_size(w, true);
    world_data_put(w, &data, size != 0);
    w->call_depth--;
    if (rc != WT_OK) {
        if (w->offset == start + len) {
            w->offset = start;
        }
        if (wt_is_fatal(rc) && w->fatal == 0) {
            rc = WT_EUNEXPECTED;
        }
    }
    if (size > 0 && (uint64_t)size > w->cfg.buffer_max) {
        world_over_buffer(w, size);
    }
    size_t ret_index = (size_t)w->emitted; /* the trace's count (world_validate) */
    world_emit(w, WT_EV_RETURN, WT_METHOD_WRITE, rc, size, 0, 0);
    if (has_note) {
        memcpy(w->note, note, sizeof note);
        w->has_note = true;
        world_note_flush(w, ret_index);
    }
    w->last_status = rc;
    if (rc != WT_OK) {
        world_fail(w, rc);
    }
    if (due) {
        world_validate(w);
    }
    return rc;
}

static int world_call_op(struct wt_world *w, const struct wt_op *op);

/* One traced call; the transport may ask for its argument kind while it runs. */
static int world_call(struct wt_world *w, const struct wt_op *op)
{
    int method = w->data_call[0], kind = w->data_call[1];
    w->data_call[0] = op->kind;
    w->data_call[1] = wt_op_data_kind(op);
    int rc = op->kind == WT_OP_WRITE ? world_call_write(w, (uint64_t)op->a)
                                     : world_call_op(w, op);
    /* A nested call (a hook inside a callback inside this call) restores its caller's. */
    w->data_call[0] = method;
    w->data_call[1] = kind;
    return rc;
}

static int world_call_op(struct wt_world *w, const struct wt_op *op)
{
    world_check(w);
    /* Ops, start, finish and hooks pass calls only (a RAISE is never dispatched). */
    WT_ASSERT(wt_op_is_call(op->kind));
    if (w->fatal != 0 || w->self == NULL) {
        return w->fatal != 0 ? w->fatal : WT_EINVAL;
    }
    uint64_t len = world_op_bytes(op);
    struct wt_event call = {.kind = WT_EV_CALL, .what = op->kind};
    if (op->kind == WT_OP_WRITE || op->kind == WT_OP_WRITELINES) {
        call.a = (int64_t)len;
        call.b = (int64_t)w->offset;
        call.c = op->kind == WT_OP_WRITELINES ? op->nchunks : 0;
    } else if (op->kind == WT_OP_SET_LIMITS) {
        struct wt_limits req = world_op_limits(op);
        call.a = req.high;
        call.b = req.low;
        call.c = op->flags;
    }
    unsigned depth = w->call_depth++;
    w->has_note = false;
    struct world_data data = {.p = NULL, .len = 0, .cursor_before = SIZE_MAX};
    if ((op->kind == WT_OP_WRITE || op->kind == WT_OP_WRITELINES) &&
        !world_data_get(w, (size_t)len, &data)) {
        w->call_depth--;
        return w->fatal;
    }
    world_emit(w, WT_EV_CALL, call.what, 0, call.a, call.b, call.c);
    uint64_t start = w->offset;
    w->offset += len;

    struct wt_event ret = {.kind = WT_EV_RETURN, .what = op->kind};
    int rc = world_dispatch(w, op, data.p, &ret);
    /* The call's own evidence; the reads below must not overwrite it. */
    char note[WT_NOTE_TEXT_MAX];
    bool has_note = w->has_note;
    if (has_note) {
        memcpy(note, w->note, sizeof note);
    }
    w->has_note = false;
    /*
     * Nested calls (hooks inside callbacks inside this call) only ever
     * continue the stream after this call's bytes, and give back at most
     * their own: the offsets this call reserved are still reserved, and
     * every nested call has returned.
     */
    WT_ASSERT(w->offset >= start + len);
    WT_ASSERT(w->call_depth == depth + 1);
    ret.a = world_peek_size(w, true);
    if (data.p != NULL) {
        world_data_put(w, &data, ret.a != 0);
    }
    w->call_depth--;
    if (rc != WT_OK && w->offset == start + len) {
        w->offset = start;
    }
    /*
     * A fatal code is the kit's alone (its allocator failed, it broke): one
     * the transport made up, with the world still sound, is the
     * transport's unexpected error, never a reason to stop the world.
     */
    if (wt_is_fatal(rc) && w->fatal == 0) {
        rc = WT_EUNEXPECTED;
    }
    if (op->kind == WT_OP_SET_LIMITS) {
        (void)world_peek_limits(w, true, &ret.b, &ret.c);
    }
    if (ret.a > 0 && (uint64_t)ret.a > w->cfg.buffer_max) {
        world_over_buffer(w, ret.a);
    }
    size_t ret_index = wt_trace_count(w->trace);
    world_emit(w, WT_EV_RETURN, ret.what, rc, ret.a, ret.b, ret.c);
    if (has_note) {
        memcpy(w->note, note, sizeof note);
        w->has_note = true;
        world_note_flush(w, ret_index);
    }
    w->last_status = rc;
    world_fail(w, rc);
    WT_ASSERT(w->offset >= start);
    world_check(w);
    return rc;
}

/* ================================================================== */
/* 7. Driving the loop and the clock                                  */
/* ================================================================== */

static bool world_poll_ready(void *ctx, int dir, uint64_t now_ns)
{
    struct wt_world *w = ctx;
    return wt_sock_poll(w->sock, now_ns, dir == WT_WATCH_WRITE);
}

static unsigned world_poll_mask(void *ctx, unsigned watching, uint64_t now_ns)
{
    struct wt_world *w = ctx;
    return wt_sock_poll_mask(w->sock, now_ns, (watching & (1u << WT_WATCH_WRITE)) != 0,
                             (watching & (1u << WT_WATCH_READ)) != 0);
}

static uint64_t world_poll_next(void *ctx, int dir, uint64_t now_ns)
{
    struct wt_world *w = ctx;
    if (dir != WT_WATCH_WRITE) {
        return UINT64_MAX; /* only an op makes the peer send */
    }
    wt_sock_sync(w->sock, now_ns);
    return wt_sock_next_room_ns(w->sock, now_ns);
}

static void world_set_clock(struct wt_world *w, uint64_t now_ns)
{
    if (now_ns <= wt_loop_now_ns(w->loop)) {
        return;
    }
    int rc = wt_loop_set_now(w->loop, now_ns);
    /* Pair with the loop: the time the TIME event records is the loop's. */
    WT_ASSERT(rc == WT_OK && wt_loop_now_ns(w->loop) == now_ns);
    w->now_ns = now_ns;
    /* The peer draining the kernel buffer is progress too: a step bound
     * met while a slow link still drains is no verdict, not a hang. */
    uint64_t buffered = wt_sock_buffered(w->sock);
    wt_sock_sync(w->sock, now_ns);
    if (wt_sock_buffered(w->sock) < buffered) {
        w->progress_iteration = w->iterations;
    }
    world_emit(w, WT_EV_TIME, 0, 0, (int64_t)now_ns, 0, 0);
}

static bool world_idle(const struct wt_world *w)
{
    return !wt_loop_has_ready(w->loop) && !wt_loop_next_ns(w->loop, NULL);
}

/*
 * One iteration: when nothing is ready, the clock jumps to the next time
 * something could be; then one loop iteration runs. False when the loop is
 * idle for good (nothing ran, nothing ever will without a new op).
 */
WORLD_INLINE bool world_iterate(struct wt_world *w)
{
    /* Each watch is polled once: the window below does not change readiness. */
    unsigned ready = 0;
    if (!wt_loop_poll(w->loop, &ready)) {
        uint64_t when = 0;
        if (!wt_loop_next_ns(w->loop, &when)) {
            return false;
        }
        world_set_clock(w, when);
        ready = WT_LOOP_POLL_NOW;
    }
    w->iterations++;
    wt_sock_next_window(w->sock); /* a socket budget is per iteration */
    int rc = wt_loop_run_polled(w->loop, ready, NULL);
    if (rc != WT_OK) {
        world_fail(w, rc);
    }
    return true;
}

/*
 * A run's total work is bounded too (cfg.work_max loop iterations,
 * cfg.buffer_max bytes the transport may report buffered): once over, every
 * loop op meets its bound at once, so the run ends in bounded time.
 */
static bool world_over_budget(struct wt_world *w)
{
    if (w->budget[0] == '\0' && w->iterations >= w->cfg.work_max) {
        snprintf(w->budget, sizeof w->budget, "run budget: more than %llu loop iterations in "
                 "one run", (unsigned long long)w->cfg.work_max);
    }
    return w->budget[0] != '\0';
}

/*
 * The bound: progress (a byte accepted, a callback) in the second half of
 * the op's steps says the run was slow, not stuck; the runner tells the two
 * apart, the trace does not.
 */
static int world_bound(struct wt_world *w, uint64_t steps)
{
    if (w->budget[0] == '\0') {
        w->bound_progress = steps > 0 && w->progress_iteration + (steps + 1) / 2 > w->iterations;
    } else {
        /* The iteration budget is the run's bound: slow, not stuck, when the
         * second half of its iterations made progress. A transport buffering
         * past buffer_max never is. */
        w->bound_progress = w->iterations >= w->cfg.work_max &&
                            w->progress_iteration + (w->cfg.work_max + 1) / 2 > w->iterations;
    }
    w->bounded = true;
    wt_sock_sync(w->sock, wt_loop_now_ns(w->loop));
    world_emit(w, WT_EV_BOUND, 0, WT_ETIMEOUT, (int64_t)steps,
               wt_sock_would_accept(w->sock) ? 1 : 0, w->bound_progress ? 1 : 0);
    return WT_ETIMEOUT;
}

static int world_step(struct wt_world *w, uint64_t n)
{
    for (uint64_t i = 0; i < n && w->fatal == 0; i++) {
        if (i == w->cfg.steps_max || world_over_budget(w)) {
            return world_bound(w, i);
        }
        if (!world_iterate(w)) {
            break;
        }
    }
    return WT_OK;
}

/* The IDLE event (rule 8): would the socket accept, size, low watermark. */
static void world_emit_idle(struct wt_world *w, int why)
{
    int64_t low = -1;
    int64_t high = -1;
    (void)world_peek_limits(w, false, &low, &high);
    wt_sock_sync(w->sock, wt_loop_now_ns(w->loop));
    world_emit(w, WT_EV_IDLE, why, 0, wt_sock_would_accept(w->sock) ? 1 : 0,
               world_peek_size(w, false), low);
}

/* Runs until idle; IDLE(why) at rest, BOUND and WT_ETIMEOUT at the bound. */
static int world_run(struct wt_world *w, int why)
{
    uint64_t steps = 0;
    while (w->fatal == 0) {
        if (world_idle(w)) {
            world_emit_idle(w, why);
            return WT_OK;
        }
        if (steps == w->cfg.steps_max || world_over_budget(w)) {
            return world_bound(w, steps);
        }
        (void)world_iterate(w);
        steps++;
    }
    return w->fatal;
}

/*
 * `produce COUNT SIZE`: a producer that keeps to flow control, the way a
 * stream writer does: before each write, while the protocol is paused,
 * one loop iteration at a time (each wait bounded like `step`); then
 * write(SIZE), a traced call like the `write` op. A loop that goes idle
 * while the protocol is still paused ends the producer (the final drain
 * judges the lost wake-up), as does a fatal error.
 */
static int world_produce(struct wt_world *w, uint64_t count, uint64_t size)
{
    for (uint64_t i = 0; i < count && w->fatal == 0; i++) {
        if (world_over_budget(w)) {
            return world_bound(w, 0); /* a transport that buffers without end */
        }
        for (uint64_t steps = 0; w->proto.paused; steps++) {
            if (steps == w->cfg.steps_max || world_over_budget(w)) {
                return world_bound(w, steps);
            }
            if (!world_iterate(w) || w->fatal != 0) {
                return w->fatal != 0 ? w->fatal : WT_OK;
            }
        }
        (void)world_call_write(w, size); /* world_call's write: traced, as for `write` */
    }
    return w->fatal != 0 ? w->fatal : WT_OK;
}

/* Everything due up to now + t, in time order; then the clock is now + t. */
static int world_advance(struct wt_world *w, uint64_t t)
{
    uint64_t target = wt_loop_now_ns(w->loop) + t;
    uint64_t steps = 0;
    while (w->fatal == 0) {
        uint64_t when = 0;
        bool ready = wt_loop_has_ready(w->loop);
        if (!ready && (!wt_loop_next_ns(w->loop, &when) || when > target)) {
            break;
        }
        if (steps == w->cfg.steps_max || world_over_budget(w)) {
            return world_bound(w, steps);
        }
        (void)world_iterate(w);
        steps++;
    }
    world_set_clock(w, target);
    /* Nothing ran past the target, so the clock now reads it exactly (ops
     * bound t, so only an absurd run of advances could wrap the sum). */
    WT_ASSERT(target < t || wt_loop_now_ns(w->loop) == target);
    return WT_OK;
}

/* ================================================================== */
/* 8. Socket, peer and expectation ops                                */
/* ================================================================== */

static void world_fault_fire(void *arg)
{
    struct world_fault *f = arg;
    (void)wt_sock_fail(f->world->sock, f->err);
    world_emit(f->world, WT_EV_PEER, WT_PEER_FAULT, 0, f->err, 0, 0);
}

/* `sock fail E at T`: now, or from a timer at T (the record lives until free). */
static int world_sock_fail(struct wt_world *w, int err, uint64_t at_ns)
{
    if (at_ns <= wt_loop_now_ns(w->loop)) {
        (void)wt_sock_fail(w->sock, err);
        world_emit(w, WT_EV_PEER, WT_PEER_FAULT, 0, err, 0, 0);
        return WT_OK;
    }
    struct world_fault *f = wt_alloc(&w->alloc, sizeof(*f));
    if (f == NULL) {
        return WT_ENOMEM;
    }
    f->world = w;
    f->err = err;
    f->next = w->faults;
    w->faults = f;
    return wt_loop_call_at(w->loop, at_ns, world_fault_fire, f, NULL);
}

/* `sock sendmsg`, `sock iovmax`, `sock sendzero`: one field of the platform each. */
static void world_platform_fold(struct wt_sock_platform *p, const struct wt_op *op)
{
    if (op->kind == WT_OP_SOCK_SENDMSG) {
        p->sendmsg = op->a != 0;
    } else if (op->kind == WT_OP_SOCK_IOVMAX) {
        p->iov_max = (uint32_t)op->a;
    } else if (op->kind == WT_OP_SOCK_SENDZERO) {
        p->send_zero = op->a != 0;
    }
}

void wt_world_config_platform(struct wt_world_config *cfg, const struct wt_op *ops, size_t nops)
{
    for (size_t i = 0; cfg != NULL && ops != NULL && i < nops; i++) {
        world_platform_fold(&cfg->platform, &ops[i]);
    }
}

static int world_sock_op(struct wt_world *w, const struct wt_op *op)
{
    uint64_t now = wt_loop_now_ns(w->loop);
    uint64_t drained = 0;
    struct wt_peer_stats ps;
    wt_sock_sync(w->sock, now);
    switch (op->kind) {
    case WT_OP_SOCK_BUFFER:
        return wt_sock_set_buffer(w->sock, (uint64_t)op->a);
    case WT_OP_SOCK_CAP:
        return wt_sock_set_cap(w->sock, (uint64_t)op->a);
    case WT_OP_SOCK_DRAIN:
        return wt_sock_set_drain(w->sock, (uint64_t)op->a, now);
    case WT_OP_SOCK_READ:
        (void)wt_sock_peer_read(w->sock, (uint64_t)op->a, &drained);
        wt_sock_peer_stats(w->sock, &ps);
        world_emit(w, WT_EV_PEER, WT_PEER_RECEIVED, 0, (int64_t)drained, (int64_t)ps.drained, 0);
        return WT_OK;
    case WT_OP_SOCK_BLOCK:
        return wt_sock_set_block(w->sock);
    case WT_OP_SOCK_OPEN:
        return wt_sock_set_open(w->sock);
    case WT_OP_SOCK_RANDOM:
        return wt_sock_set_random(w->sock, op->a != 0);
    case WT_OP_SOCK_FAIL:
        return world_sock_fail(w, (int)op->a, (uint64_t)op->b);
    case WT_OP_SOCK_SPURIOUS:
        (void)wt_sock_spurious(w->sock);
        world_emit(w, WT_EV_PEER, WT_PEER_SPURIOUS, 0, 0, 0, 0);
        return WT_OK;
    case WT_OP_SOCK_HALFCLOSE:
        return wt_sock_set_halfclose(w->sock, op->a != 0);
    case WT_OP_SOCK_BUDGET:
        return wt_sock_set_budget(w->sock, (uint64_t)op->a);
    case WT_OP_SOCK_SENDMSG:
    case WT_OP_SOCK_IOVMAX:
    case WT_OP_SOCK_SENDZERO:
        return WT_OK; /* the platform: set from the config before the transport is made */
    case WT_OP_SOCK_EAGAIN:
        return wt_sock_eagain_wake(w->sock);
    case WT_OP_SOCK_WATCHFAIL:
        return wt_sock_watch_fail(w->sock, WT_SOCK_WATCH_BIT(op->a == 0 ? WT_WATCH_WRITE
                                                                        : WT_WATCH_READ));
    default:
        return WT_EINVAL;
    }
}

static int world_peer_op(struct wt_world *w, const struct wt_op *op)
{
    int rc;
    switch (op->kind) {
    case WT_OP_PEER_SEND:
        /* A peer that has half-closed cannot send: the op sends nothing
         * (SENT with 0), it is not a malformed op. */
        rc = wt_sock_peer_send(w->sock, (uint64_t)op->a);
        world_emit(w, WT_EV_PEER, WT_PEER_SENT, 0, rc == WT_OK ? op->a : 0, 0, 0);
        return WT_OK;
    case WT_OP_PEER_EOF:
        rc = wt_sock_peer_eof(w->sock);
        world_emit(w, WT_EV_PEER, WT_PEER_EOF, 0, 0, 0, 0);
        return rc;
    case WT_OP_PEER_CLOSE:
        rc = wt_sock_peer_close(w->sock);
        world_emit(w, WT_EV_PEER, WT_PEER_CLOSED, 0, 0, 0, 0);
        return rc;
    default:
        return WT_EINVAL;
    }
}

/* Whether an `expect <state>` holds now (reads are untraced). */
static bool world_state_holds(struct wt_world *w, int state)
{
    struct wt_peer_stats ps;
    switch (state) {
    case WT_EXPECT_PAUSED:
        return w->proto.paused;
    case WT_EXPECT_RESUMED:
        return !w->proto.paused;
    case WT_EXPECT_LOST:
        return w->proto.lost > 0;
    case WT_EXPECT_NOT_LOST:
        return w->proto.lost == 0;
    case WT_EXPECT_CLOSING:
        return world_peek_closing(w);
    case WT_EXPECT_NOT_CLOSING:
        return !world_peek_closing(w);
    case WT_EXPECT_EOF_SENT:
        wt_sock_peer_stats(w->sock, &ps);
        return ps.fin;
    case WT_EXPECT_CAN_EOF:
        return world_peek_can_eof(w);
    case WT_EXPECT_CANNOT_EOF:
        return !world_peek_can_eof(w);
    default:
        return false;
    }
}

/* EXPECT events: a = wanted, b = got (limits: a = low wanted, b = low got,
 * c = high got; states: a = the state, b = 1 when it holds). */
static int world_expect(struct wt_world *w, const struct wt_op *op)
{
    int64_t wanted = op->a;
    int64_t got = 0;
    int64_t extra = 0;
    bool ok;
    struct wt_peer_stats ps;
    switch (op->kind) {
    case WT_OP_EXPECT_SIZE:
        got = world_peek_size(w, true);
        ok = got == wanted;
        break;
    case WT_OP_EXPECT_LIMITS:
        (void)world_peek_limits(w, true, &got, &extra);
        ok = got == op->a && extra == op->b;
        break;
    case WT_OP_EXPECT_STATE:
        got = world_state_holds(w, (int)op->a) ? 1 : 0;
        ok = got == 1;
        break;
    case WT_OP_EXPECT_ERROR:
        got = w->last_status;
        ok = got == wanted;
        break;
    case WT_OP_EXPECT_PEER:
        wt_sock_peer_stats(w->sock, &ps);
        got = (int64_t)ps.accepted;
        ok = got == wanted;
        break;
    default:
        return WT_OK; /* EXPECT_CLAUSE: the runner checks it at the end */
    }
    if (!ok) {
        w->expect_failures++;
        w->expect_failed = true;
        w->last_expect = (struct wt_event){.index = (uint32_t)wt_trace_count(w->trace),
                                           .kind = WT_EV_EXPECT, .what = (uint16_t)op->kind,
                                           .rc = WT_EEXPECT, .a = wanted, .b = got, .c = extra};
    }
    world_emit(w, WT_EV_EXPECT, op->kind, ok ? 0 : WT_EEXPECT, wanted, got, extra);
    return WT_OK;
}

static int world_exec_now(struct wt_world *w, const struct wt_op *op)
{
    if (wt_op_is_call(op->kind)) {
        (void)world_call(w, op); /* its status is traced and kept, not returned */
        return WT_OK;
    }
    switch (op->kind) {
    case WT_OP_EOF_KEEP_OPEN:
        w->eof_keep_open = op->a != 0;
        return WT_OK;
    case WT_OP_PEER_SEND:
    case WT_OP_PEER_EOF:
    case WT_OP_PEER_CLOSE:
        return world_peer_op(w, op);
    case WT_OP_STEP:
        return world_step(w, (uint64_t)op->a);
    case WT_OP_RUN:
        return world_run(w, WT_IDLE_RUN);
    case WT_OP_ADVANCE:
        return world_advance(w, (uint64_t)op->a);
    case WT_OP_PRODUCE:
        return world_produce(w, (uint64_t)op->a, (uint64_t)op->b);
    case WT_OP_LOOP_ORDER:
        return wt_loop_set_order(w->loop, (int)op->a);
    case WT_OP_EXPECT_SIZE:
    case WT_OP_EXPECT_LIMITS:
    case WT_OP_EXPECT_STATE:
    case WT_OP_EXPECT_ERROR:
    case WT_OP_EXPECT_PEER:
    case WT_OP_EXPECT_CLAUSE:
        return world_expect(w, op);
    default:
        return world_sock_op(w, op);
    }
}

/* ================================================================== */
/* 9. Public API                                                      */
/* ================================================================== */

int wt_transport_ops_check(const struct wt_transport_ops *ops)
{
    if (ops == NULL || ops->name == NULL ||
        WT_TRANSPORT_ABI_MAJOR_OF(ops->abi_version) != WT_TRANSPORT_ABI_MAJOR ||
        WT_TRANSPORT_ABI_MINOR_OF(ops->abi_version) > WT_TRANSPORT_ABI_MINOR) {
        return WT_EINVAL;
    }
    bool complete = ops->create != NULL && ops->destroy != NULL && ops->write != NULL &&
                    ops->abort != NULL && ops->close != NULL && ops->is_closing != NULL;
    /* Minor 0 knew no missing methods: its getters and setter are mandatory. */
    if (WT_TRANSPORT_ABI_MINOR_OF(ops->abi_version) == 0) {
        complete = complete && ops->get_write_buffer_size != NULL &&
                   ops->get_write_buffer_limits != NULL && ops->set_write_buffer_limits != NULL;
    }
    return complete ? WT_OK : WT_EINVAL;
}

uint32_t wt_transport_ops_missing(const struct wt_transport_ops *ops)
{
    if (ops == NULL) {
        return 0;
    }
    return (ops->get_write_buffer_size == NULL ? 1u << WT_METHOD_GET_SIZE : 0) |
           (ops->get_write_buffer_limits == NULL ? 1u << WT_METHOD_GET_LIMITS : 0) |
           (ops->set_write_buffer_limits == NULL ? 1u << WT_METHOD_SET_LIMITS : 0);
}

void wt_world_config_init(struct wt_world_config *cfg)
{
    if (cfg == NULL) {
        return;
    }
    memset(cfg, 0, sizeof(*cfg));
    cfg->transport = &wt_ref_transport_ops;
    cfg->steps_max = WT_WORLD_STEPS_DEFAULT;
    cfg->work_max = WT_WORLD_WORK_DEFAULT;
    cfg->buffer_max = WT_WORLD_BUFFER_DEFAULT;
    cfg->keep_trace = false;
    cfg->finish_close = true;
    cfg->hash_trace = true;
    cfg->platform = (struct wt_sock_platform){.sendmsg = true, .iov_max = WT_SOCK_IOV_MAX};
}

static int world_parts_new(struct wt_world *w)
{
    struct wt_poller poller = {.ctx = w, .ready = world_poll_ready, .next_ns = world_poll_next,
                               .ready_mask = world_poll_mask};
    int rc = wt_trace_new(&w->alloc, w->cfg.keep_trace, &w->trace);
    if (rc == WT_OK) {
        wt_trace_set_hash(w->trace, w->cfg.hash_trace);
        rc = wt_sock_new(&w->alloc, &w->prng, &w->sock);
    }
    if (rc == WT_OK) {
        rc = wt_sock_set_platform(w->sock, &w->cfg.platform);
    }
    if (rc == WT_OK) {
        rc = wt_loop_new(&w->alloc, &poller, &w->loop);
    }
    return rc;
}

int wt_world_new(const struct wt_world_config *cfg, const struct wt_allocator *a,
                 struct wt_world **world_out)
{
    if (world_out == NULL) {
        return WT_EINVAL;
    }
    *world_out = NULL;
    if (cfg == NULL || cfg->steps_max == 0) {
        return WT_EINVAL;
    }
    const struct wt_transport_ops *ops = cfg->transport != NULL ? cfg->transport
                                                                : &wt_ref_transport_ops;
    if (wt_transport_ops_check(ops) != WT_OK) {
        return WT_EINVAL;
    }
    if (a == NULL) {
        a = wt_allocator_default();
    }
    struct wt_world *w = wt_calloc(a, 1, sizeof(*w));
    if (w == NULL) {
        return WT_ENOMEM;
    }
    w->alloc = *a;
    w->cfg = *cfg;
    w->cfg.transport = ops;
    w->ops = ops;
    /* write cannot be missing: without it there is nothing to test. */
    w->missing = (cfg->missing | wt_transport_ops_missing(ops)) & ~(1u << WT_METHOD_WRITE);
    w->host.world = w;
    w->data_call[0] = -1;
    wt_prng_seed(&w->prng, cfg->seed);
    int rc = world_parts_new(w);
    if (rc != WT_OK) {
        wt_world_free(w);
        return rc;
    }
    world_validate(w);
    WT_ASSERT(wt_trace_count(w->trace) == 0 && !w->started);
    *world_out = w;
    return WT_OK;
}

void wt_world_free(struct wt_world *w)
{
    if (w == NULL) {
        return;
    }
    /* The transport goes first: its memory is the world's, and the loop may
     * still hold callbacks into it (they are dropped, never run). */
    if (w->self != NULL) {
        w->size_word = NULL;
        w->ops->destroy(w->self);
        w->self = NULL;
    }
    wt_loop_free(w->loop);
    wt_sock_free(w->sock);
    wt_trace_free(w->trace);
    while (w->faults != NULL) {
        struct world_fault *next = w->faults->next;
        wt_free(&w->alloc, w->faults);
        w->faults = next;
    }
    wt_free(&w->alloc, w->hooks);
    wt_free(&w->alloc, w->arena);
    struct wt_allocator a = w->alloc;
    wt_free(&a, w);
}

int wt_world_add_note_sink(struct wt_world *w, wt_trace_note_fn *fn, void *user_data)
{
    if (w == NULL || fn == NULL || w->started) {
        return WT_EINVAL;
    }
    return wt_trace_add_note_sink(w->trace, fn, user_data);
}

int wt_world_can_write_eof(struct wt_world *w, bool *can_out)
{
    if (w == NULL || can_out == NULL || !w->started || w->self == NULL || w->fatal != 0) {
        return WT_EINVAL;
    }
    *can_out = world_peek_can_eof(w);
    return WT_OK;
}

int wt_world_add_sink(struct wt_world *w, wt_trace_sink_fn *fn, void *user_data)
{
    if (w == NULL || fn == NULL || w->started) {
        return WT_EINVAL;
    }
    /* Before start nothing was traced, so every sink sees the whole run. */
    WT_ASSERT(wt_trace_count(w->trace) == 0);
    return wt_trace_add_sink(w->trace, fn, user_data);
}

/* Runs the loop until connection_made has been delivered (bounded). */
static int world_start_made(struct wt_world *w)
{
    uint64_t steps = 0;
    while (w->proto.made == 0 && w->fatal == 0) {
        if (steps == w->cfg.steps_max || world_over_budget(w)) {
            return world_bound(w, steps);
        }
        /* A transport that never schedules connection_made hangs the start. */
        if (!world_iterate(w)) {
            return world_bound(w, steps);
        }
        steps++;
    }
    return w->fatal != 0 ? w->fatal : WT_OK;
}

int wt_world_start(struct wt_world *w)
{
    if (w == NULL) {
        return WT_EINVAL;
    }
    if (w->fatal != 0) {
        return w->fatal;
    }
    if (w->started) {
        return WT_EINVAL;
    }
    world_validate(w);
    WT_ASSERT(w->self == NULL && w->call_depth == 0);
    w->started = true;
    void *self = NULL;
    int rc = w->ops->create(&w->host, &w->cfg.args, &self);
    if (rc != WT_OK || self == NULL) {
        w->size_word = NULL; /* a promise of an instance that never was */
    }
    if (rc != WT_OK) {
        world_fail(w, rc);
        return wt_is_fatal(rc) ? rc : WT_EADAPTER;
    }
    if (self == NULL) {
        return WT_EADAPTER;
    }
    w->self = self;
    rc = world_start_made(w);
    if (rc != WT_OK) {
        return rc;
    }
    if (world_has(w, WT_METHOD_GET_LIMITS)) {
        struct wt_op op = wt_op_make(WT_OP_GET_LIMITS, 0, 0);
        (void)world_call(w, &op);
    }
    world_validate(w);
    WT_ASSERT(w->call_depth == 0 && w->arena_live == 0);
    return w->fatal != 0 ? w->fatal : WT_OK;
}

static int world_exec_check(const struct wt_world *w, const struct wt_op *op)
{
    /* A hook on connection_made is armed before start, or it could never fire. */
    bool early = !w->started && op != NULL && op->on == WT_ON_MADE;
    if (wt_op_validate(op) != WT_OK || (!w->started && !early) || w->finished || w->in_exec ||
        (w->self == NULL && !early)) {
        return WT_EINVAL;
    }
    if ((op->kind == WT_OP_WRITE || op->kind == WT_OP_WRITELINES) &&
        world_op_bytes(op) > WORLD_WRITE_MAX) {
        return WT_EINVAL;
    }
    return WT_OK;
}

int wt_world_exec(struct wt_world *w, const struct wt_op *op)
{
    if (w == NULL || op == NULL) {
        return WT_EINVAL;
    }
    if (w->fatal != 0) {
        return w->fatal;
    }
    int rc = world_exec_check(w, op);
    if (rc != WT_OK) {
        return rc;
    }
    world_check(w);
    /* An op starts at rest: no traced call is running, no data is lent. */
    WT_ASSERT(w->call_depth == 0 && w->arena_live == 0);
    uint64_t offset = w->offset;
    size_t events = wt_trace_count(w->trace);
    bool lines = op->kind == WT_OP_WRITELINES;
    world_emit(w, WT_EV_OP, op->kind, 0, lines ? (int64_t)world_op_bytes(op) : op->a,
               lines ? op->nchunks : op->b, op->on);
    w->in_exec = true;
    if (op->on != WT_ON_NOW) {
        rc = world_hook_arm(w, op);
    } else {
        rc = world_exec_now(w, op);
    }
    w->in_exec = false;
    world_fail(w, rc);
    world_check(w);
    /* Back at rest; the stream only moves forward, and the OP event was traced. */
    WT_ASSERT(w->call_depth == 0 && w->arena_live == 0);
    WT_ASSERT(w->offset >= offset && wt_trace_count(w->trace) > events);
    return w->fatal != 0 ? w->fatal : rc;
}

int wt_world_finish(struct wt_world *w)
{
    if (w == NULL) {
        return WT_EINVAL;
    }
    if (w->fatal != 0) {
        return w->fatal;
    }
    if (!w->started || w->finished || w->self == NULL) {
        return WT_EINVAL;
    }
    world_validate(w);
    WT_ASSERT(w->call_depth == 0 && !w->in_exec);
    w->finished = true;
    /* After connection_lost the world never calls the transport itself. */
    if (w->cfg.finish_close && w->proto.lost == 0 && world_has(w, WT_METHOD_CLOSE) &&
        !world_peek_closing(w)) {
        struct wt_op op = wt_op_make(WT_OP_CLOSE, 0, 0);
        (void)world_call(w, &op);
    }
    int rc = world_run(w, WT_IDLE_END);
    if (w->fatal != 0) {
        return w->fatal;
    }
    world_emit(w, WT_EV_END, 0, rc, 0, 0, 0);
    world_validate(w);
    WT_ASSERT(w->call_depth == 0 && (rc == WT_OK || rc == WT_ETIMEOUT));
    return w->fatal != 0 ? w->fatal : rc;
}

const struct wt_trace *wt_world_trace(const struct wt_world *w)
{
    return w == NULL ? NULL : w->trace;
}

uint64_t wt_world_hash(const struct wt_world *w) { return w == NULL ? 0 : wt_trace_hash(w->trace); }

uint64_t wt_world_now_ns(const struct wt_world *w)
{
    return w == NULL ? 0 : wt_loop_now_ns(w->loop);
}

int wt_world_last_status(const struct wt_world *w)
{
    return w == NULL ? WT_EINVAL : w->last_status;
}

bool wt_world_bound_progress(const struct wt_world *w) { return w->bound_progress; }

bool wt_world_bounded(const struct wt_world *w) { return w != NULL && w->bounded; }

const struct wt_event *wt_world_last_failed_expect(const struct wt_world *w)
{
    return w != NULL && w->expect_failed ? &w->last_expect : NULL;
}

const char *wt_world_budget(const struct wt_world *w)
{
    return w->budget[0] != '\0' ? w->budget : NULL;
}

unsigned wt_world_expect_failures(const struct wt_world *w)
{
    return w == NULL ? 0 : w->expect_failures;
}

void wt_world_peer_stats(const struct wt_world *w, struct wt_peer_stats *out)
{
    if (out == NULL) {
        return;
    }
    memset(out, 0, sizeof(*out));
    if (w != NULL) {
        wt_sock_peer_stats(w->sock, out);
    }
}

void wt_world_proto_stats(const struct wt_world *w, struct wt_proto_stats *out)
{
    if (out == NULL) {
        return;
    }
    memset(out, 0, sizeof(*out));
    if (w != NULL) {
        *out = w->proto;
    }
}
