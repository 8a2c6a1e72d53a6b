/* SPDX-License-Identifier: MIT */
/*
 * monitor.c - the online monitor: judges a run from its trace events alone.
 *
 * Events arrive one at a time (wt_monitor_feed); each is handled in O(1)
 * with no allocation. The monitor keeps a small model of the run: the call
 * stack (CALL/RETURN nesting), the limits as last read back, whether the
 * protocol is paused, the lifecycle (close, abort, write_eof, lost, I/O
 * error) and the stream model (bytes of accepted writes minus bytes the
 * socket accepted). Threshold clauses use the size the transport reported
 * at that moment; the model judges stream integrity and, where the profile
 * defines the size as "unsent bytes", the reported size itself. Which side
 * of a docs conflict it judges by comes from the profile's clause mask.
 * docs/internals/monitor.md explains each decision.
 *
 * Division map:
 *   1. the clauses the monitor checks, resolved to catalog indices
 *   2. state
 *   3. verdict helpers
 *   4. lifecycle (new, free, reset)
 *   5. deadlines and checks at rest
 *   6. CALL and RETURN
 *   7. set/get_write_buffer_limits
 *   8. CALLBACK
 *   9. REPORT, SEND, SHUTDOWN, PEER
 *  10. IDLE, BOUND, END
 *  11. feed, end and queries
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "wt/assert.h"
#include "wt/errors.h"
#include "wt/op.h"
#include "wt/spec.h"

/* ===== 1. the clauses the monitor checks =============================== */

#define CHECK_MAP(XX)                                          \
    XX(ABORT_NO_SEND, "WT-ABORT-NO-SEND-AFTER")                \
    XX(ABORT_NO_RECV, "WT-ABORT-NO-RECEIVE")                   \
    XX(ABORT_LOST, "WT-ABORT-LOST-NONE")                       \
    XX(CAN_EOF, "WT-CAN-WRITE-EOF-MATCHES")                    \
    XX(SIZE, "WT-SIZE-UNSENT")                                 \
    XX(GET_ORDER, "WT-LIMITS-GET-ORDER")                       \
    XX(SET_DESCRIBED, "WT-LIMITS-SET-DESCRIBED")               \
    XX(LOW_LE_HIGH, "WT-LIMITS-LOW-LE-HIGH")                   \
    XX(NOT_NEG, "WT-LIMITS-NOT-NEGATIVE")                      \
    XX(PAUSE_GE, "WT-PAUSE-AT-OR-OVER-HIGH")                   \
    XX(DEFAULTS, "WT-LIMITS-DEFAULTS")                         \
    XX(ONLY_HIGH_LE, "WT-LIMITS-ONLY-HIGH-LOW-LE-HIGH")        \
    XX(HIGH0_LOW0, "WT-LIMITS-HIGH0-LOW0")                     \
    XX(LOW0_RESUME, "WT-LIMITS-LOW0-RESUME-EMPTY")             \
    XX(DELIVERS, "WT-WRITE-DELIVERS")                          \
    XX(WAKEUP, "WT-LIVENESS-WAKEUP")                           \
    XX(WL_LIKE_WRITE, "WT-WRITELINES-LIKE-WRITE")              \
    XX(EOF_FLUSHES, "WT-WRITE-EOF-FLUSHES")                    \
    XX(EOF_RECEIVES, "WT-WRITE-EOF-STILL-RECEIVES")            \
    XX(CLOSE_FLUSHES, "WT-CLOSE-FLUSHES")                      \
    XX(CLOSE_NO_RECV, "WT-CLOSE-NO-RECEIVE")                   \
    XX(CLOSE_COMPLETES, "WT-LIVENESS-CLOSE-COMPLETES")         \
    XX(IS_CLOSING, "WT-IS-CLOSING")                            \
    XX(LOST_ONCE, "WT-LOST-EXACTLY-ONCE")                      \
    XX(BETWEEN, "WT-CALLBACKS-BETWEEN")                        \
    XX(LOST_NONE_MEANS, "WT-LOST-NONE-MEANS")                  \
    XX(LOST_ENDS_IO, "WT-LOST-ENDS-IO")                        \
    XX(PAUSE_GT, "WT-PAUSE-STRICTLY-OVER-HIGH")                \
    XX(RESUME_LE, "WT-RESUME-AT-OR-BELOW-LOW")                 \
    XX(ZERO_OK, "WT-LIMITS-ZERO-ALLOWED")                      \
    XX(STATE, "WT-STATE-MACHINE")                              \
    XX(DEFERRED, "WT-LOST-DEFERRED")                           \
    XX(ALTERNATE, "WT-PAUSE-RESUME-ALTERNATE")                 \
    XX(NO_RESUME_ABORT, "WT-NO-RESUME-AFTER-ABORT")            \
    XX(REJECTED, "WT-REJECTED-CALL-NO-EFFECT")                 \
    XX(EMPTY, "WT-WRITE-EMPTY-NOOP")                           \
    XX(UNEXPECTED, "WT-NO-UNEXPECTED-ERROR")                   \
    XX(REPORT_ONLY, "WT-REPORT-ONLY-CALLBACK-FAILURES")        \
    XX(IO_NO_RAISE, "WT-IO-ERROR-NO-RAISE")                    \
    XX(IO_LOST, "WT-IO-ERROR-LOST-EXC")                        \
    XX(CB_REPORTED, "WT-CALLBACK-FAILURE-REPORTED")            \
    XX(CB_RAISE_ENDS, "WT-CALLBACK-RAISE-ENDS")                \
    XX(FOUR_LOW, "WT-LIMITS-HIGH-DEFAULT-4LOW")                \
    XX(QUARTER, "WT-LIMITS-LOW-DEFAULT-QUARTER")               \
    XX(RESUME_EMPTY, "WT-RESUME-WHEN-EMPTY")                   \
    XX(SETTER_NO_RESUME, "WT-SETTER-NO-RESUME")                \
    XX(DETERMINISTIC, "WT-DETERMINISTIC")                      \
    XX(WELL_FORMED, "WT-TRACE-WELL-FORMED")

enum check {
#define CHECK_ENUM(name, id) K_##name,
    CHECK_MAP(CHECK_ENUM)
#undef CHECK_ENUM
    K_COUNT
};

static const char *const check_ids[K_COUNT] = {
#define CHECK_ID(name, id) id,
    CHECK_MAP(CHECK_ID)
#undef CHECK_ID
};

/* ===== 2. state ========================================================= */

/* Calls nest through hooks; deeper than this is a malformed trace. */
#define DEPTH_MAX 16

struct frame {
    uint8_t method;
    int64_t a, b, c;       /* the CALL's arguments */
    int64_t size_before;   /* size at rest before the call, -1 unknown */
    int64_t accepted_in;   /* bytes the socket accepted during the call */
    int64_t pending;       /* bytes this write offers, until it returns */
    bool callback;         /* a protocol callback ran inside */
    bool sent;             /* a send was attempted inside */
    bool send_failed;      /* a send inside failed (not EAGAIN) */
    bool cb_failed;        /* a callback inside raised */
    bool limits_set;       /* a set_write_buffer_limits inside succeeded */
    int shut_err;          /* a shutdown inside failed with this, 0 none */
    bool paused_before;    /* the protocol was paused when the call began */
    bool limits_known;     /* the limits before the call */
    int64_t low_before, high_before;
};

struct wt_monitor {
    const struct wt_allocator *alloc;
    uint32_t validate_tick; /* WT_VALIDATE_DUE */
    const struct wt_profile *profile;
    uint32_t missing;      /* documented methods the transport lacks (capabilities) */
    size_t nclauses;
    struct wt_verdict *v;  /* one per catalog row */
    /* Each row's status at a run's start (the profile judges it or not):
     * found once, so a reset is one pass of small stores. */
    uint8_t *initial;
    uint16_t idx[K_COUNT]; /* catalog index of each check */
    bool pause_ge;         /* the profile pauses at size >= high */
    bool resume_empty;     /* the profile owes resume only at size 0 */

    /* the trace */
    uint32_t next_index;
    uint32_t cur;
    bool ended;
    char problem[WT_VERDICT_REASON_MAX];
    bool has_problem;
    uint64_t hash;
    bool expect_hash;
    uint64_t expected_hash;

    /* calls */
    struct frame st[DEPTH_MAX];
    int depth;
    int overflow; /* frames beyond DEPTH_MAX, ignored */

    /* limits */
    bool limits_known;
    bool defaults_seen;
    int64_t low, high;

    /* the stream model */
    int64_t offered;       /* bytes of writes that returned OK */
    int64_t pending_total; /* bytes of writes still inside their call */
    int64_t accepted;      /* bytes the socket accepted */
    bool model_ok;         /* false once a write's fate is unknowable */
    bool ever_data;
    int64_t close_unsent;  /* model size when close() was called */
    int64_t last_size;     /* the size last read with the loop at rest, -1 unknown */
    bool sent_since_op;    /* the socket accepted bytes since the last OP event */
    /*
     * last_size still holds: it was read at a depth-0 RETURN or at IDLE
     * (the loop at rest), and since then no loop op ran and no byte was
     * sent. Only such a size may stand for "before" a call: a callback's
     * size is read inside a loop callback, which goes on afterwards.
     */
    bool size_fresh;

    /* flow control */
    bool paused;
    bool data_since_pause; /* the buffer held bytes since the last pause */
    bool resume_owed;
    uint32_t owed_event;
    int64_t owed_size;
    bool report_owed;
    uint32_t report_event;

    /* lifecycle */
    unsigned made, lost;
    bool closed, aborted, eof, io_error;
    bool cb_fatal; /* data/eof_received raised: the transport ends itself */
    uint32_t cb_fatal_event;
    int io_err;
    uint32_t close_event, abort_event, io_event, lost_event, peer_closed_event;
    bool peer_eof, peer_closed, eof_cb, shutdown, sock_closed;
    bool rx_owed;
    int can_eof;   /* can_write_eof() said: -1 unknown, 0, 1 */
    int eof_works; /* write_eof() worked: -1 unknown, 0 (ENOTIMPL), 1 */

    /* knock-ons: the first crashed call (an unexpected error) */
    bool crashed;
    uint32_t crash_event;

    /*
     * The steady state (monitor_steady): nothing has ended, closed or
     * failed, so a plain write and a send can be judged by the fast path
     * (section 11). Recomputed after every event the slow path takes; the
     * fast path takes only events that leave it true.
     */
    bool steady;
    bool fast_off; /* wt__monitor_set_fast(m, false): every event takes the slow path */
    /*
     * The fast path's CALL write left st[0] with only method, a, b, c and
     * pending set; fast_frame() fills the rest from the state, which no
     * event has changed since, before anything else reads the frame.
     */
    bool frame_lazy;
    /* The verdicts the fast path marks, found once (their idx never change). */
    struct wt_verdict *fv_unexpected, *fv_size, *fv_delivers, *fv_pause;
};

/*
 * The monitor's own invariants. Traces are input (another process may have
 * written one, and it may be malformed), so nothing here looks at an
 * event: a trace that breaks the model's assumptions is reported as
 * WT-TRACE-WELL-FORMED before it can reach the model. What is checked is
 * that the model stays consistent with itself: the call stack, the pending
 * total it keeps for that stack, the overflow count, flags that imply
 * others. O(DEPTH_MAX), no allocation; run before and after every event.
 */
static void monitor_validate(const struct wt_monitor *m)
{
    WT_ASSERT(m != NULL && m->v != NULL && m->profile != NULL);
    WT_ASSERT(m->nclauses == wt_catalog_count());
    WT_ASSERT(m->depth >= 0 && m->depth <= DEPTH_MAX);
    /* Frames beyond DEPTH_MAX are only counted once the stack is full. */
    WT_ASSERT(m->overflow >= 0 && (m->overflow == 0 || m->depth == DEPTH_MAX));
    /* Summed as unsigned, the way the model's own += and -= wrap. */
    uint64_t pending = 0;
    for (int i = 0; i < m->depth; i++) {
        WT_ASSERT(m->st[i].method < WT_METHOD_COUNT && m->st[i].pending >= 0);
        pending += (uint64_t)m->st[i].pending;
    }
    WT_ASSERT(pending == (uint64_t)m->pending_total);
    WT_ASSERT(m->depth > 0 || m->pending_total == 0);
    WT_ASSERT(m->lost <= 1);
    /* A resume is owed only to a paused protocol (cb_pause/cb_resume clear it). */
    WT_ASSERT(!m->resume_owed || m->paused);
    /* Limits are learned as a (min, max) pair; the defaults after the first learning. */
    WT_ASSERT(!m->limits_known || m->low <= m->high);
    WT_ASSERT(!m->defaults_seen || m->limits_known);
    WT_ASSERT(m->can_eof >= -1 && m->can_eof <= 1 && m->eof_works >= -1 && m->eof_works <= 1);
    /* A trace problem is on record as a FAIL of WT-TRACE-WELL-FORMED (or it is N/A). */
    WT_ASSERT(!m->has_problem || m->problem[0] != '\0');
    if (m->has_problem) {
        uint8_t st = m->v[m->idx[K_WELL_FORMED]].status;
        WT_ASSERT(st == WT_VERDICT_FAIL || st == WT_VERDICT_NOT_APPLICABLE);
    }
}

/*
 * O(clauses), for the ends of a run: every verdict names its row, and the
 * rows outside the profile (or not checkable) are still N/A, since pass()
 * and fail() only ever move a judged row.
 */
static void monitor_validate_verdicts(const struct wt_monitor *m)
{
    for (size_t i = 0; i < m->nclauses; i++) {
        const struct wt_verdict *v = &m->v[i];
        bool judged = m->initial[i] != WT_VERDICT_NOT_APPLICABLE;
        WT_ASSERT(v->clause == i && v->status < WT_VERDICT_COUNT);
        WT_ASSERT(judged == (v->status != WT_VERDICT_NOT_APPLICABLE));
    }
    for (int k = 0; k < K_COUNT; k++) {
        WT_ASSERT(m->idx[k] < m->nclauses);
    }
}

/* ===== 3. verdict helpers =============================================== */

static struct wt_verdict *verdict_of(struct wt_monitor *m, enum check k)
{
    WT_ASSERT(k >= 0 && k < K_COUNT && m->idx[k] < m->nclauses);
    return &m->v[m->idx[k]];
}

/* The situation the clause judges occurred and it held. */
static void pass(struct wt_monitor *m, enum check k)
{
    struct wt_verdict *v = verdict_of(m, k);
    if (v->status == WT_VERDICT_NOT_EXERCISED) {
        v->status = WT_VERDICT_PASS;
    }
}

/*
 * The knock-on rule: a FAIL at an event that already broke another clause
 * follows from the first one broken there; a FAIL after a call crashed
 * (an unexpected error) follows from the crash.
 */
static void knock_on_of(struct wt_monitor *m, struct wt_verdict *v)
{
    for (size_t i = 0; i < m->nclauses; i++) {
        const struct wt_verdict *o = &m->v[i];
        if (o != v && o->status == WT_VERDICT_FAIL && o->event == m->cur && !o->knock_on) {
            v->knock_on = true;
            v->cause_clause = o->clause;
            v->cause_event = o->event;
            return;
        }
    }
    if (m->crashed && m->crash_event < m->cur) {
        v->knock_on = true;
        v->cause_clause = m->idx[K_UNEXPECTED];
        v->cause_event = m->crash_event;
    }
}

/* The clause broke at the current event; the first FAIL is kept. */
static void fail(struct wt_monitor *m, enum check k, bool conflict, const char *fmt, ...)
{
    struct wt_verdict *v = verdict_of(m, k);
    if (v->status == WT_VERDICT_NOT_APPLICABLE || v->status == WT_VERDICT_FAIL) {
        return;
    }
    knock_on_of(m, v);
    v->status = WT_VERDICT_FAIL;
    v->conflict = conflict;
    v->event = m->cur;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->reason, sizeof v->reason, fmt, ap);
    va_end(ap);
}

static void trace_problem(struct wt_monitor *m, const char *fmt, ...)
{
    va_list ap;
    if (!m->has_problem) {
        va_start(ap, fmt);
        vsnprintf(m->problem, sizeof m->problem, fmt, ap);
        va_end(ap);
        m->has_problem = true;
        fail(m, K_WELL_FORMED, false, "%s", m->problem);
    }
    WT_ASSERT(m->has_problem);
}

static int64_t model_size(const struct wt_monitor *m) { return m->offered - m->accepted; }

/*
 * The transport's fatal path ran, or may have: a send error, a
 * data_received / eof_received that raised (asyncio's _fatal_error,
 * selector_events.py:867-879), or the peer closed (every later send fails
 * with EPIPE, and a pipe's reader sees it first: unix_events.py's
 * _read_ready closes with BrokenPipeError when data is buffered). The
 * buffer may be dropped and connection_lost(exc) follows.
 */
static bool fatal_path(const struct wt_monitor *m)
{
    return m->io_error || m->cb_fatal || m->peer_closed;
}

/*
 * After the peer's EOF or close the transport may have closed itself:
 * eof_received() returning false closes it (asyncio's
 * _read_ready__on_eof; the trace does not show the return), and a pipe's
 * reader trick closes it without any eof_received (unix_events.py:669-676).
 */
static bool may_self_close(const struct wt_monitor *m)
{
    return m->peer_eof || m->peer_closed || m->eof_cb;
}

/* A socket call failed (not EAGAIN): the transport's fatal path follows. */
static void io_error_at(struct wt_monitor *m, int rc)
{
    m->size_fresh = false; /* the fatal path drops the buffer */
    if (m->io_error) {
        return;
    }
    m->io_error = true;
    m->io_err = rc;
    m->io_event = m->cur;
    if (m->depth > 0) {
        m->st[m->depth - 1].send_failed = true;
    }
    if (m->paused) {
        pass(m, K_NO_RESUME_ABORT);
    }
}

/* The lifecycle states in which flow control is no longer owed. */
static bool winding_down(const struct wt_monitor *m)
{
    return m->closed || m->aborted || m->lost > 0 || fatal_path(m);
}

/*
 * Nothing that changes how a write or a send is judged has happened: no
 * END, no call nesting past the stack, no close, abort, write_eof, loss,
 * I/O or callback error, peer EOF, and the stream model still knows every
 * byte. The fast path judges only in this state.
 */
static bool monitor_steady(const struct wt_monitor *m)
{
    return !m->fast_off && !m->ended && m->overflow == 0 && m->model_ok && !m->closed &&
           !m->eof && !winding_down(m) && !may_self_close(m);
}

/* The transport lacks this documented method (wt_monitor_set_missing). */
static bool missing(const struct wt_monitor *m, int method)
{
    return method >= 0 && method < WT_METHOD_COUNT && (m->missing & (1u << method)) != 0;
}

/* Each missing documented method is one FAIL of its clause, at the run's start. */
static void missing_fail(struct wt_monitor *m)
{
    for (int method = 0; method < WT_METHOD_COUNT; method++) {
        const char *id = wt_missing_clause(method);
        size_t k;
        if (!missing(m, method) || id == NULL || wt_catalog_find(id, &k) != WT_OK) {
            continue;
        }
        struct wt_verdict *v = &m->v[k];
        if (v->status == WT_VERDICT_NOT_APPLICABLE) {
            continue;
        }
        v->status = WT_VERDICT_FAIL;
        v->event = m->cur;
        snprintf(v->reason, sizeof v->reason, "the transport has no %s() (asyncio's "
                 "NotImplementedError stub, or a NULL slot): a missing documented method; the "
                 "kit never calls it", wt_method_name(method));
    }
}

/* The profile's pause and resume clauses. */
static enum check pause_clause(const struct wt_monitor *m)
{
    return m->pause_ge ? K_PAUSE_GE : K_PAUSE_GT;
}

static enum check resume_clause(const struct wt_monitor *m)
{
    return m->resume_empty ? K_RESUME_EMPTY : K_RESUME_LE;
}

/* ===== 4. lifecycle ===================================================== */

void wt_monitor_reset(struct wt_monitor *m)
{
    if (m == NULL) {
        return;
    }
    /* Only the fields before the reason, and the reason's first byte: a
     * reason is read only up to its end, and only a FAIL's or a conflict's. */
    for (size_t i = 0; i < m->nclauses; i++) {
        struct wt_verdict *v = &m->v[i];
        memset(v, 0, offsetof(struct wt_verdict, reason));
        v->reason[0] = '\0';
        v->clause = (uint16_t)i;
        v->status = m->initial[i];
    }
    m->next_index = 0;
    m->cur = 0;
    m->ended = false;
    m->problem[0] = '\0';
    m->has_problem = false;
    m->hash = WT_TRACE_HASH_INIT;
    m->expect_hash = false;
    m->expected_hash = 0;
    m->depth = 0;
    m->overflow = 0;
    m->limits_known = false;
    m->defaults_seen = false;
    m->low = m->high = 0;
    m->offered = m->pending_total = m->accepted = 0;
    m->model_ok = true;
    m->ever_data = false;
    m->close_unsent = 0;
    m->last_size = -1;
    m->size_fresh = false;
    m->sent_since_op = false;
    m->paused = m->resume_owed = m->report_owed = m->data_since_pause = false;
    m->owed_event = m->report_event = 0;
    m->owed_size = 0;
    m->made = m->lost = 0;
    m->closed = m->aborted = m->eof = m->io_error = m->cb_fatal = false;
    m->cb_fatal_event = 0;
    m->io_err = 0;
    m->close_event = m->abort_event = m->io_event = m->lost_event = m->peer_closed_event = 0;
    m->peer_eof = m->peer_closed = m->eof_cb = m->shutdown = m->sock_closed = false;
    m->rx_owed = false;
    m->can_eof = -1;
    m->eof_works = -1;
    m->crashed = false;
    m->crash_event = 0;
    m->frame_lazy = false;
    m->validate_tick = 0; /* each case validated at the same events: a fuzzer's run is stable */
    missing_fail(m);
    m->steady = monitor_steady(m);
    monitor_validate(m);
}

void wt_monitor_set_missing(struct wt_monitor *m, uint32_t missing_methods)
{
    if (m == NULL) {
        return;
    }
    /* write cannot be missing; a missing write_eof is the docs' NotImplementedError. */
    m->missing = missing_methods & ~((1u << WT_METHOD_WRITE) | (1u << WT_METHOD_WRITE_EOF));
    wt_monitor_reset(m);
}

int wt_monitor_new(const struct wt_allocator *a, const struct wt_profile *profile,
                   struct wt_monitor **monitor_out)
{
    if (profile == NULL || monitor_out == NULL) {
        return WT_EINVAL;
    }
    size_t n = wt_catalog_count();
    uint16_t idx[K_COUNT];
    for (int k = 0; k < K_COUNT; k++) {
        size_t i;
        if (wt_catalog_find(check_ids[k], &i) != WT_OK || i > UINT16_MAX) {
            return WT_EINTERNAL; /* the table above and the catalog disagree */
        }
        idx[k] = (uint16_t)i;
    }
    struct wt_monitor *m = wt_calloc(a, 1, sizeof *m);
    if (m == NULL) {
        return WT_ENOMEM;
    }
    m->v = wt_calloc(a, n, sizeof *m->v);
    m->initial = wt_calloc(a, n, 1);
    if (m->v == NULL || m->initial == NULL) {
        wt_free(a, m->v);
        wt_free(a, m->initial);
        wt_free(a, m);
        return WT_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        bool judged = wt_catalog_at(i)->checkable && wt_profile_judges(profile, i);
        m->initial[i] = judged ? WT_VERDICT_NOT_EXERCISED : WT_VERDICT_NOT_APPLICABLE;
    }
    m->alloc = a;
    m->profile = profile;
    m->nclauses = n;
    memcpy(m->idx, idx, sizeof idx);
    /* The picks are data: the profile's clause mask says which side. */
    m->pause_ge = wt_profile_has(profile, idx[K_PAUSE_GE]);
    m->resume_empty = wt_profile_has(profile, idx[K_RESUME_EMPTY]);
    m->fv_unexpected = &m->v[idx[K_UNEXPECTED]];
    m->fv_size = &m->v[idx[K_SIZE]];
    m->fv_delivers = &m->v[idx[K_DELIVERS]];
    m->fv_pause = &m->v[idx[m->pause_ge ? K_PAUSE_GE : K_PAUSE_GT]];
    wt_monitor_reset(m);
    *monitor_out = m;
    return WT_OK;
}

void wt_monitor_free(struct wt_monitor *m)
{
    if (m == NULL) {
        return;
    }
    const struct wt_allocator *a = m->alloc;
    wt_free(a, m->v);
    wt_free(a, m->initial);
    wt_free(a, m);
}

/* ===== 5. deadlines and checks at rest ================================== */

/*
 * Things owed "before the next depth-0 CALL, IDLE, TIME, BOUND or END": a
 * resume after a send brought the size to the profile's resume point, and
 * the report of a callback that raised in a loop callback.
 */
static void resume_deadline(struct wt_monitor *m)
{
    if (m->resume_owed) {
        m->resume_owed = false;
        /* Sitting at size == low and waiting for "below" is the other side. */
        bool conflict = !m->resume_empty && m->owed_size == m->low;
        fail(m, resume_clause(m), conflict,
             "size %lld <= low %lld after send at event %u; no resume_writing by event %u",
             (long long)m->owed_size, (long long)(m->resume_empty ? 0 : m->low),
             (unsigned)m->owed_event, (unsigned)m->cur);
    }
}

static void deadlines(struct wt_monitor *m)
{
    resume_deadline(m);
    if (m->report_owed) {
        m->report_owed = false;
        fail(m, K_CB_REPORTED, false, "callback raised at event %u; no report by event %u",
             (unsigned)m->report_event, (unsigned)m->cur);
    }
}

/*
 * A size the transport reported while no call was running. at_rest: the
 * loop is at rest too (a depth-0 RETURN, IDLE), so the size stands until
 * the next loop op or send; an unknown size (-1: the world did not read
 * it, as after connection_lost) leaves nothing standing.
 */
static void size_at_rest(struct wt_monitor *m, int64_t size, const char *where, bool at_rest)
{
    if (at_rest) {
        m->last_size = size;
        m->size_fresh = size >= 0;
    }
    /*
     * After abort, loss or an I/O error the buffer's fate is implementation-defined:
     * CPython empties it at once, uvloop only when the handle closes.
     */
    if (size < 0 || m->aborted || m->lost > 0 || fatal_path(m) || !m->model_ok) {
        return;
    }
    if (size != model_size(m)) {
        fail(m, K_SIZE, false,
             "%s reported size %lld; written %lld - accepted %lld = %lld unsent",
             where, (long long)size, (long long)m->offered, (long long)m->accepted,
             (long long)model_size(m));
        return;
    }
    pass(m, K_SIZE);
}

static bool limits_now(const struct wt_monitor *m, int64_t *low_out, int64_t *high_out);

/* At the return of write/writelines/set_write_buffer_limits. */
static void pause_due(struct wt_monitor *m, enum check k, int64_t size, const char *what)
{
    int64_t low, high;
    if (size < 0 || !limits_now(m, &low, &high) || winding_down(m)) {
        return;
    }
    /*
     * An empty buffer never owes a pause, even at high = 0 under ">=":
     * "whenever the buffer becomes non-empty" (SSL's pause of an empty
     * buffer, 0 >= 0 at sslproto.py:818, is a departure).
     */
    bool over = m->pause_ge ? size >= high : size > high;
    if (!over || size == 0) {
        return;
    }
    if (m->paused) {
        pass(m, k);
        return;
    }
    /* Under ">=", staying unpaused at size == high is the strict side. */
    bool conflict = m->pause_ge && size == high;
    fail(m, k, conflict, "size %lld %s high %lld after %s; returned at event %u without "
         "pause_writing", (long long)size, m->pause_ge ? ">=" : ">", (long long)high, what,
         (unsigned)m->cur);
}

/* ===== 6. CALL and RETURN =============================================== */

static void on_call(struct wt_monitor *m, const struct wt_event *ev)
{
    if (ev->what >= WT_METHOD_COUNT) {
        trace_problem(m, "event %u: CALL of unknown method %u", (unsigned)m->cur,
                      (unsigned)ev->what);
        return;
    }
    if (m->depth == 0) {
        deadlines(m);
    }
    if (m->depth >= DEPTH_MAX) {
        m->overflow++;
        trace_problem(m, "event %u: calls nest deeper than %d", (unsigned)m->cur, DEPTH_MAX);
        return;
    }
    WT_ASSERT(m->overflow == 0); /* overflow counts only past a full stack */
    /* Inside a setter the limits it asked for already apply (limits_now). */
    int64_t low_before, high_before;
    bool limits_known = limits_now(m, &low_before, &high_before);
    struct frame *f = &m->st[m->depth++];
    memset(f, 0, sizeof *f);
    f->method = (uint8_t)ev->what;
    f->a = ev->a;
    f->b = ev->b;
    f->c = ev->c;
    /* Judged against what the transport itself said, so a lying size is one finding. */
    f->size_before = m->depth == 1 && m->size_fresh ? m->last_size : -1;
    f->paused_before = m->paused;
    f->limits_known = limits_known;
    f->low_before = low_before;
    f->high_before = high_before;
    /* A method the transport lacks did nothing: its one FAIL came at the start. */
    if (missing(m, f->method)) {
        return;
    }
    switch (ev->what) {
    case WT_METHOD_WRITE:
    case WT_METHOD_WRITELINES:
        f->pending = ev->a > 0 ? ev->a : 0;
        m->pending_total = (int64_t)((uint64_t)m->pending_total + (uint64_t)f->pending);
        break;
    case WT_METHOD_CLOSE:
        if (!m->closed) {
            m->closed = true;
            m->close_event = m->cur;
            m->close_unsent = model_size(m);
            pass(m, K_CLOSE_NO_RECV);
        }
        break;
    case WT_METHOD_ABORT:
        if (!m->aborted && m->lost == 0) {
            m->aborted = true;
            m->abort_event = m->cur;
            m->resume_owed = false;
            pass(m, K_ABORT_NO_RECV);
            if (model_size(m) > 0) {
                pass(m, K_ABORT_NO_SEND);
            }
            if (m->paused) {
                pass(m, K_NO_RESUME_ABORT);
            }
        }
        break;
    default:
        break;
    }
}

/*
 * Which of the contract's errors a method may raise: ValueError only from
 * set_write_buffer_limits (its arguments are the only ones the docs
 * constrain), NotImplementedError only from write_eof ("can raise
 * NotImplementedError"), RuntimeError (a call the transport's state
 * refuses, as write after write_eof) from any; EBUFFER (a non-contiguous
 * view refused with TypeError or BufferError: only an adapter that made
 * one says it) from write and writelines. Another is a crash of the call,
 * not a refusal: WT-NO-UNEXPECTED-ERROR.
 */
static bool error_allowed(int method, int rc)
{
    switch (rc) {
    case WT_ESTATE:
        return true;
    case WT_EBUFFER:
        return method == WT_METHOD_WRITE || method == WT_METHOD_WRITELINES;
    case WT_EVALUE:
        return method == WT_METHOD_SET_LIMITS;
    case WT_ENOTIMPL:
        return method == WT_METHOD_WRITE_EOF;
    default:
        return false;
    }
}

/* A contract error's Python name, or the kit's (EBUFFER stands for TypeError or BufferError). */
static const char *monitor_err_word(int rc)
{
    return wt_err_python(rc) != NULL ? wt_err_python(rc) : wt_err_name(rc);
}

/* A contract error: nothing may have changed (WT-REJECTED-CALL-NO-EFFECT). */
static void return_rejected(struct wt_monitor *m, const struct frame *f, const struct wt_event *ev)
{
    if (f->callback || f->sent) {
        fail(m, K_REJECTED, false, "%s failed with %s at event %u after %s inside it",
             wt_method_name(f->method), wt_err_name(ev->rc), (unsigned)m->cur,
             f->callback ? "a callback" : "a send");
        return;
    }
    if (ev->a >= 0 && f->size_before >= 0 && m->depth == 0 && ev->a != f->size_before) {
        fail(m, K_REJECTED, false, "%s failed with %s but the size went %lld -> %lld",
             wt_method_name(f->method), wt_err_name(ev->rc), (long long)f->size_before,
             (long long)ev->a);
        return;
    }
    /* Compared as (min, max): a swapped getter is WT-LIMITS-GET-ORDER's finding. */
    int64_t rl = ev->b < ev->c ? ev->b : ev->c, rh = ev->b < ev->c ? ev->c : ev->b;
    if (f->method == WT_METHOD_SET_LIMITS && f->limits_known &&
        !missing(m, WT_METHOD_GET_LIMITS) && (rl != f->low_before || rh != f->high_before)) {
        fail(m, K_REJECTED, false,
             "set_write_buffer_limits failed with %s but limits went (%lld, %lld) -> (%lld, "
             "%lld)",
             wt_err_name(ev->rc), (long long)f->low_before, (long long)f->high_before,
             (long long)ev->b, (long long)ev->c);
        return;
    }
    pass(m, K_REJECTED);
}

/*
 * Commits (or not) the bytes of a write that returned OK, or failed with
 * something other than a contract error (which the write may have
 * buffered first).
 */
static void write_commit(struct wt_monitor *m, const struct frame *f, int64_t size, bool ok)
{
    int64_t len = f->pending;
    if (len == 0) {
        return;
    }
    m->ever_data = true;
    if (m->aborted || m->lost > 0) {
        return; /* dropped: nothing can be sent any more */
    }
    /* Sent whole inside the call (before a pause in it, too): the buffer held nothing. */
    m->data_since_pause |= size != 0;
    if (ok && !m->closed && !m->eof && !fatal_path(m) && !may_self_close(m)) {
        m->offered += len;
        return;
    }
    /*
     * After close/write_eof/an error, or when the call failed, a write may
     * be dropped or appended (CPython's socket transport appends while a
     * close still flushes, and drops after a close that found the buffer
     * empty): the reported size tells which, if it is known.
     */
    if (size >= 0 && f->size_before >= 0 && m->depth == 0) {
        if (size == f->size_before - f->accepted_in + len) {
            m->offered += len;
            return;
        }
        if (size == f->size_before - f->accepted_in) {
            return;
        }
    }
    m->model_ok = false;
}

static void return_write(struct wt_monitor *m, const struct frame *f, const struct wt_event *ev)
{
    bool lines = f->method == WT_METHOD_WRITELINES;
    if (wt_is_socket_error(ev->rc)) {
        fail(m, K_IO_NO_RAISE, false, "%s returned %s at event %u", wt_method_name(f->method),
             wt_err_name(ev->rc), (unsigned)m->cur);
    } else if (m->io_error || f->send_failed) {
        pass(m, K_IO_NO_RAISE);
    }
    if (ev->rc != WT_OK) {
        write_commit(m, f, ev->a, false);
        return;
    }
    if (f->pending == 0 && f->a == 0) {
        bool moved = ev->a >= 0 && f->size_before >= 0 && m->depth == 0 && ev->a != f->size_before;
        if (f->callback || f->sent || moved) {
            fail(m, K_EMPTY, false, "zero-length %s at event %u %s", wt_method_name(f->method),
                 (unsigned)m->cur,
                 f->callback ? "called a callback" : (f->sent ? "sent" : "changed the size"));
        } else {
            pass(m, K_EMPTY);
        }
    }
    write_commit(m, f, ev->a, true);
    pause_due(m, lines ? K_WL_LIKE_WRITE : pause_clause(m), ev->a, wt_method_name(f->method));
}

static void return_is_closing(struct wt_monitor *m, const struct wt_event *ev)
{
    bool must = m->closed || m->aborted || m->lost > 0;
    bool may = must || m->eof || fatal_path(m) || may_self_close(m);
    if (must && ev->b == 0) {
        fail(m, K_IS_CLOSING, false, "is_closing() false at event %u after %s",
             (unsigned)m->cur, m->aborted ? "abort()" : (m->closed ? "close()" : "connection_lost"));
    } else if (!may && ev->b != 0) {
        fail(m, K_IS_CLOSING, false, "is_closing() true at event %u before any close",
             (unsigned)m->cur);
    } else if (must) {
        pass(m, K_IS_CLOSING);
    }
}

static void eof_compare(struct wt_monitor *m)
{
    if (m->can_eof < 0 || m->eof_works < 0) {
        return;
    }
    if (m->can_eof != m->eof_works) {
        fail(m, K_CAN_EOF, false, "can_write_eof() %s but write_eof() %s (event %u)",
             m->can_eof ? "true" : "false",
             m->eof_works ? "worked" : "raised NotImplementedError", (unsigned)m->cur);
        return;
    }
    pass(m, K_CAN_EOF);
}

static void on_limits_return(struct wt_monitor *m, const struct frame *f,
                             const struct wt_event *ev);

static void return_method(struct wt_monitor *m, const struct frame *f, const struct wt_event *ev)
{
    switch (f->method) {
    case WT_METHOD_WRITE:
    case WT_METHOD_WRITELINES:
        return_write(m, f, ev);
        break;
    case WT_METHOD_SET_LIMITS:
    case WT_METHOD_GET_LIMITS:
        on_limits_return(m, f, ev);
        break;
    case WT_METHOD_IS_CLOSING:
        if (ev->rc == WT_OK) {
            return_is_closing(m, ev);
        }
        break;
    case WT_METHOD_CAN_WRITE_EOF:
        if (ev->rc == WT_OK) {
            m->can_eof = ev->b != 0;
            eof_compare(m);
        }
        break;
    case WT_METHOD_WRITE_EOF:
        if (ev->rc == WT_OK && !m->eof && !winding_down(m)) {
            m->eof = true;
        }
        if (ev->rc == WT_OK || ev->rc == WT_ENOTIMPL) {
            if (m->eof_works < 0 && !winding_down(m)) {
                m->eof_works = ev->rc == WT_OK;
            }
            eof_compare(m);
        }
        break;
    default:
        break;
    }
}

static void on_return(struct wt_monitor *m, const struct wt_event *ev)
{
    if (m->overflow > 0) {
        m->overflow--;
        return;
    }
    if (m->depth == 0) {
        trace_problem(m, "event %u: RETURN without a CALL", (unsigned)m->cur);
        return;
    }
    /* The popped frame stays in place: nothing below pushes another. */
    const struct frame *f = &m->st[--m->depth];
    m->pending_total = (int64_t)((uint64_t)m->pending_total - (uint64_t)f->pending);
    WT_ASSERT(m->depth > 0 || m->pending_total == 0);
    if (f->method != ev->what) {
        trace_problem(m, "event %u: RETURN of method %u closes a CALL of %s", (unsigned)m->cur,
                      (unsigned)ev->what, wt_method_name(f->method));
        return;
    }
    if (m->depth > 0) {
        /* What happened inside a nested call happened inside its caller. */
        struct frame *up = &m->st[m->depth - 1];
        up->callback |= f->callback;
        /* Every enclosing call now sees these limits (limits_now looks down the stack). */
        for (int i = 0; i < m->depth && f->method == WT_METHOD_SET_LIMITS && ev->rc == WT_OK; i++) {
            m->st[i].limits_set = true;
        }
        up->sent |= f->sent;
        up->accepted_in += f->accepted_in;
    }
    if (missing(m, f->method)) {
        return; /* not judged: the world never called it (WT_ENOTIMPL) */
    }
    if (f->shut_err != 0 && ev->rc != f->shut_err) {
        io_error_at(m, f->shut_err); /* not raised: the fatal path took it */
    }
    bool contract = wt_is_contract_error(ev->rc) && ev->rc != WT_ECALLBACK;
    bool allowed = !contract || error_allowed(f->method, ev->rc);
    if (wt_is_unexpected_error(ev->rc) ||
        (wt_is_socket_error(ev->rc) && f->method != WT_METHOD_WRITE &&
         f->method != WT_METHOD_WRITELINES)) {
        fail(m, K_UNEXPECTED, false, "%s returned %s at event %u", wt_method_name(f->method),
             wt_err_name(ev->rc), (unsigned)m->cur);
    } else if (!allowed) {
        fail(m, K_UNEXPECTED, false, "%s raised %s at event %u: the contract allows %s only "
             "from %s", wt_method_name(f->method), monitor_err_word(ev->rc), (unsigned)m->cur,
             monitor_err_word(ev->rc),
             ev->rc == WT_EVALUE    ? "set_write_buffer_limits"
             : ev->rc == WT_EBUFFER ? "write and writelines"
                                    : "write_eof");
    } else {
        pass(m, K_UNEXPECTED);
    }
    if (!allowed || wt_is_unexpected_error(ev->rc) ||
        (wt_is_socket_error(ev->rc) && f->method != WT_METHOD_WRITE &&
         f->method != WT_METHOD_WRITELINES)) {
        if (!m->crashed) {
            m->crashed = true; /* later FAILs are knock-ons of this crash */
            m->crash_event = m->cur;
        }
    }
    if (ev->rc == WT_ECALLBACK) {
        fail(m, K_CB_REPORTED, false, "%s returned the callback's error at event %u",
             wt_method_name(f->method), (unsigned)m->cur);
    }
    if (f->cb_failed && m->report_owed) {
        m->report_owed = false;
        fail(m, K_CB_REPORTED, false, "callback raised at event %u; %s returned at event %u "
             "without a report", (unsigned)m->report_event, wt_method_name(f->method),
             (unsigned)m->cur);
    }
    if (contract && allowed) {
        return_rejected(m, f, ev);
        if (f->method == WT_METHOD_SET_LIMITS) {
            on_limits_return(m, f, ev);
        }
        if (f->method == WT_METHOD_WRITE_EOF) {
            return_method(m, f, ev);
        }
        return;
    }
    return_method(m, f, ev);
    if (m->depth == 0) {
        size_at_rest(m, f->method == WT_METHOD_GET_SIZE ? ev->b : ev->a, wt_method_name(f->method),
                     true);
    }
}

/* ===== 7. set/get_write_buffer_limits =================================== */

/* Learns limits from a read-back; a reversed pair is taken as swapped. */
static void limits_learn(struct wt_monitor *m, int64_t low, int64_t high)
{
    m->limits_known = true;
    m->low = low <= high ? low : high;
    m->high = low <= high ? high : low;
}

static void limits_first(struct wt_monitor *m, int64_t low, int64_t high)
{
    if (m->defaults_seen) {
        return;
    }
    m->defaults_seen = true;
    int64_t dl, dh;
    if (low < 0 || low > high) {
        fail(m, K_DEFAULTS, false, "default limits (%lld, %lld) are not 0 <= low <= high",
             (long long)low, (long long)high);
    } else if (wt_profile_defaults(m->profile, &dl, &dh) == WT_OK && (dl != low || dh != high)) {
        fail(m, K_DEFAULTS, false, "default limits (%lld, %lld); the profile's are (%lld, %lld)",
             (long long)low, (long long)high, (long long)dl, (long long)dh);
    } else {
        pass(m, K_DEFAULTS);
    }
}

/*
 * Judges an accepted set: what it should have refused, then (readback)
 * the read-back against the request.
 */
static void limits_set_ok(struct wt_monitor *m, const struct frame *f, int64_t rl, int64_t rh,
                          bool readback)
{
    bool hh = (f->c & WT_OPF_HAS_HIGH) != 0, hl = (f->c & WT_OPF_HAS_LOW) != 0;
    int64_t hi = f->a, lo = f->b;
    if ((hh && hi < 0) || (hl && lo < 0)) {
        fail(m, K_NOT_NEG, false, "set_write_buffer_limits(high=%lld, low=%lld) with a "
             "negative limit was accepted", (long long)hi, (long long)lo);
        return;
    }
    if (hh && hl && lo > hi) {
        bool forced = hi == 0 && rl == 0 && rh == 0;
        fail(m, K_LOW_LE_HIGH, forced, "set_write_buffer_limits(high=%lld, low=%lld) was "
             "accepted; read back (%lld, %lld)", (long long)hi, (long long)lo, (long long)rl,
             (long long)rh);
        return;
    }
    if ((hh && hi == 0) || (hl && lo == 0)) {
        pass(m, K_ZERO_OK);
    }
    if (!readback) {
        return;
    }
    int64_t el = hh && hl ? lo : (hh ? hi / 4 : lo);
    int64_t eh = hh && hl ? hi : (hh ? hi : 4 * lo);
    if (!hh && !hl) {
        return; /* the defaults again: nothing the docs pin down */
    }
    if (rl == eh && rh == el && el != eh) {
        fail(m, K_GET_ORDER, false, "read back (%lld, %lld) after setting (low %lld, high %lld): "
             "swapped", (long long)rl, (long long)rh, (long long)el, (long long)eh);
        return;
    }
    if (hh && hl) {
        if (rl != el || rh != eh) {
            fail(m, K_GET_ORDER, false, "read back (%lld, %lld) after setting (low %lld, high "
                 "%lld)", (long long)rl, (long long)rh, (long long)el, (long long)eh);
        } else {
            pass(m, K_GET_ORDER);
        }
        return;
    }
    if (hh) {
        if (rh != hi || rl > rh) {
            fail(m, K_ONLY_HIGH_LE, false, "set(high=%lld) read back (%lld, %lld)", (long long)hi,
                 (long long)rl, (long long)rh);
        } else {
            pass(m, K_ONLY_HIGH_LE);
        }
        if (rl != el || rh != eh) {
            fail(m, K_QUARTER, false, "set(high=%lld) read back (%lld, %lld), not (%lld, %lld)",
                 (long long)hi, (long long)rl, (long long)rh, (long long)el, (long long)eh);
        } else {
            pass(m, K_QUARTER);
        }
        if (hi == 0 && (rl != 0 || rh != 0)) {
            fail(m, K_HIGH0_LOW0, false, "set(high=0) read back (%lld, %lld)", (long long)rl,
                 (long long)rh);
        } else if (hi == 0) {
            pass(m, K_HIGH0_LOW0);
        }
        return;
    }
    if (rl != el || rh != eh) {
        fail(m, K_FOUR_LOW, false, "set(low=%lld) read back (%lld, %lld), not (%lld, %lld)",
             (long long)lo, (long long)rl, (long long)rh, (long long)el, (long long)eh);
    } else {
        pass(m, K_FOUR_LOW);
    }
}

/* Judges a rejected set: was it a request the profile says to reject? */
static void limits_set_rejected(struct wt_monitor *m, const struct frame *f, int rc)
{
    bool hh = (f->c & WT_OPF_HAS_HIGH) != 0, hl = (f->c & WT_OPF_HAS_LOW) != 0;
    int64_t hi = f->a, lo = f->b;
    if ((hh && hi < 0) || (hl && lo < 0)) {
        pass(m, K_NOT_NEG);
        return;
    }
    if (hh && hl && lo > hi) {
        pass(m, K_LOW_LE_HIGH);
        return;
    }
    if (hh && !hl) {
        /* A default low <= high makes every only-high request valid. */
        fail(m, K_ONLY_HIGH_LE, false, "set_write_buffer_limits(high=%lld) failed with %s: the "
             "default low must be <= high", (long long)hi, wt_err_name(rc));
        return;
    }
    if ((hh && hi == 0) || (hl && lo == 0)) {
        fail(m, K_ZERO_OK, true, "set_write_buffer_limits(high=%lld, low=%lld) failed with %s: "
             "zero read as not \"positive\"", (long long)hi, (long long)lo, wt_err_name(rc));
    }
}

/*
 * An accepted request when get_write_buffer_limits is missing: no
 * read-back, so the limits are what the request set (nothing cascades from
 * the missing getter). Only high given leaves low unknown (-1: no resume
 * is judged); only low leaves both unknown (the docs fix no ratio).
 */
static void limits_unread(struct wt_monitor *m, const struct frame *f)
{
    bool hh = (f->c & WT_OPF_HAS_HIGH) != 0, hl = (f->c & WT_OPF_HAS_LOW) != 0;
    int64_t hi = f->a, lo = f->b;
    limits_set_ok(m, f, -1, -1, false);
    if ((hh && hi < 0) || (hl && lo < 0) || (hh && hl && lo > hi)) {
        return; /* accepted what it must refuse: that is the finding; the limits are unknowable */
    }
    m->limits_known = hh;
    if (hh) {
        m->high = hi;
        m->low = hl ? lo : -1;
    }
}

static void on_limits_return(struct wt_monitor *m, const struct frame *f,
                             const struct wt_event *ev)
{
    int64_t rl = ev->b, rh = ev->c;
    if (f->method == WT_METHOD_SET_LIMITS && ev->rc != WT_OK) {
        if (ev->rc == WT_EVALUE) {
            limits_set_rejected(m, f, ev->rc);
        }
        return;
    }
    if (ev->rc != WT_OK) {
        return;
    }
    if (f->method == WT_METHOD_GET_LIMITS) {
        if (rl > rh) {
            fail(m, K_GET_ORDER, false, "get_write_buffer_limits() returned (%lld, %lld): low "
                 "> high, swapped?", (long long)rl, (long long)rh);
        } else {
            pass(m, K_GET_ORDER);
        }
        limits_learn(m, rl, rh);
        limits_first(m, m->low, m->high);
        return;
    }
    if (f->paused_before) {
        pass(m, K_SETTER_NO_RESUME); /* a resume inside has FAILed it already */
    }
    pass(m, K_SET_DESCRIBED);
    if (missing(m, WT_METHOD_GET_LIMITS)) {
        limits_unread(m, f);
        pause_due(m, pause_clause(m), ev->a, "set_write_buffer_limits");
        return;
    }
    /*
     * A setter called from its pause_writing had the last word (every
     * implementation stores the limits before the pause check): it was
     * judged itself, and its read-back is what this one must return.
     */
    if (!f->limits_set) {
        limits_set_ok(m, f, rl, rh, true);
    } else if (m->limits_known && (rl != m->low || rh != m->high)) {
        fail(m, K_GET_ORDER, false, "read back (%lld, %lld) after a nested setter left (%lld, "
             "%lld)", (long long)rl, (long long)rh, (long long)m->low, (long long)m->high);
    } else {
        pass(m, K_GET_ORDER);
    }
    limits_learn(m, rl, rh);
    /* Set before the first read (from inside connection_made): the defaults
     * were never seen, so there is nothing to judge them by. */
    m->defaults_seen = true;
    pause_due(m, pause_clause(m), ev->a, "set_write_buffer_limits");
}

/* ===== 8. CALLBACK ====================================================== */

/*
 * The limits a flow callback is judged by. Inside set_write_buffer_limits
 * the new limits already apply but are read back only at its RETURN, so
 * they are derived from the request (the defaults as every implementation
 * computes them). False when they cannot be known.
 */
static bool limits_now(const struct wt_monitor *m, int64_t *low_out, int64_t *high_out)
{
    *low_out = m->low;
    *high_out = m->high;
    /* The innermost setter on the stack: its limits apply to all it runs. */
    int i = m->depth - 1;
    while (i >= 0 && m->st[i].method != WT_METHOD_SET_LIMITS) {
        i--;
    }
    if (i < 0) {
        return m->limits_known;
    }
    const struct frame *f = &m->st[i];
    if (f->limits_set) {
        return m->limits_known; /* a nested setter's read-back is the latest */
    }
    bool hh = (f->c & WT_OPF_HAS_HIGH) != 0, hl = (f->c & WT_OPF_HAS_LOW) != 0;
    if (!hh && !hl) {
        return false;
    }
    *high_out = hh ? f->a : 4 * f->b;
    *low_out = hl ? f->b : f->a / 4;
    return true;
}

static void cb_pause(struct wt_monitor *m, const struct wt_event *ev)
{
    if (m->paused) {
        fail(m, K_ALTERNATE, false, "pause_writing at event %u while already paused",
             (unsigned)m->cur);
    } else {
        pass(m, K_ALTERNATE);
    }
    /* Paused even if the callback raised (asyncio sets the flag first, transports.py:281). */
    m->paused = true;
    m->data_since_pause = ev->a != 0;
    m->resume_owed = false;
    int64_t size = ev->a, low, high;
    if (size < 0 || !limits_now(m, &low, &high)) {
        return;
    }
    bool early = m->pause_ge ? size < high : size <= high;
    if (early) {
        bool conflict = !m->pause_ge && size == high;
        fail(m, pause_clause(m), conflict, "pause_writing at size %lld %s high %lld (event %u)",
             (long long)size, m->pause_ge ? "<" : "<=", (long long)high, (unsigned)m->cur);
    }
}

static void cb_resume(struct wt_monitor *m, const struct wt_event *ev)
{
    if (!m->paused) {
        fail(m, K_ALTERNATE, false, "resume_writing at event %u while not paused",
             (unsigned)m->cur);
    } else {
        pass(m, K_ALTERNATE);
    }
    if (m->aborted || m->io_error) {
        fail(m, K_NO_RESUME_ABORT, false, "resume_writing at event %u after %s at event %u",
             (unsigned)m->cur, m->aborted ? "abort()" : "a send error",
             (unsigned)(m->aborted ? m->abort_event : m->io_event));
    }
    if (m->depth > 0 && m->st[m->depth - 1].method == WT_METHOD_SET_LIMITS) {
        fail(m, K_SETTER_NO_RESUME, false, "resume_writing inside set_write_buffer_limits "
             "(event %u)", (unsigned)m->cur);
    }
    m->paused = false;
    m->resume_owed = false;
    int64_t size = ev->a, low, high;
    /* low < 0: unknown (a set with only high, and no getter to read it back). */
    if (size < 0 || !limits_now(m, &low, &high) || low < 0) {
        return;
    }
    if (size > low) {
        fail(m, resume_clause(m), false, "resume_writing at size %lld > low %lld (event %u)",
             (long long)size, (long long)low, (unsigned)m->cur);
    } else {
        pass(m, resume_clause(m));
    }
    if (low == 0 && size != 0) {
        fail(m, K_LOW0_RESUME, false, "resume_writing at size %lld with low 0 (event %u)",
             (long long)size, (unsigned)m->cur);
    } else if (low == 0) {
        pass(m, K_LOW0_RESUME);
    }
}

static void cb_receive(struct wt_monitor *m, const struct wt_event *ev)
{
    const char *name = wt_cb_name(ev->what);
    if (m->closed) {
        fail(m, K_CLOSE_NO_RECV, false, "%s at event %u after close() at event %u", name,
             (unsigned)m->cur, (unsigned)m->close_event);
    }
    if (m->aborted) {
        fail(m, K_ABORT_NO_RECV, false, "%s at event %u after abort() at event %u", name,
             (unsigned)m->cur, (unsigned)m->abort_event);
    }
    if (m->eof_cb) {
        fail(m, K_STATE, false, "%s at event %u after eof_received", name, (unsigned)m->cur);
    } else {
        pass(m, K_STATE);
    }
    if (ev->what == WT_CB_EOF) {
        m->eof_cb = true;
    } else if (m->rx_owed) {
        m->rx_owed = false;
        pass(m, K_EOF_RECEIVES);
    }
}

static void cb_lost(struct wt_monitor *m, const struct wt_event *ev)
{
    int err = (int)ev->b;
    if (m->depth > 0) {
        fail(m, K_DEFERRED, false, "connection_lost at event %u inside %s", (unsigned)m->cur,
             wt_method_name(m->st[m->depth - 1].method));
    } else {
        pass(m, K_DEFERRED);
    }
    m->resume_owed = false;
    if (m->io_error && !(m->closed && m->close_event < m->io_event) &&
        !(m->aborted && m->abort_event < m->io_event)) {
        if (err == 0) {
            fail(m, K_IO_LOST, false, "connection_lost(None) at event %u after send error %s "
                 "at event %u", (unsigned)m->cur, wt_err_name(m->io_err), (unsigned)m->io_event);
        } else {
            pass(m, K_IO_LOST);
        }
    }
    if (err == 0) {
        if (!m->closed && !m->aborted && !m->eof && !m->peer_eof && !m->peer_closed) {
            fail(m, K_LOST_NONE_MEANS, false, "connection_lost(None) at event %u with no close, "
                 "abort, write_eof or peer EOF", (unsigned)m->cur);
        } else {
            pass(m, K_LOST_NONE_MEANS);
        }
    }
    /* abort() before any I/O error, peer close or raising data_received
     * (the transport's fatal path, already on its way): then only None. */
    bool clean = (!m->io_error || (m->aborted && m->abort_event < m->io_event)) &&
                 (!m->peer_closed || (m->aborted && m->abort_event < m->peer_closed_event)) &&
                 (!m->cb_fatal || (m->aborted && m->abort_event < m->cb_fatal_event));
    if (m->aborted && clean) {
        if (err != 0) {
            fail(m, K_ABORT_LOST, false, "connection_lost(%s) at event %u after abort()",
                 wt_err_name(err), (unsigned)m->cur);
        } else {
            pass(m, K_ABORT_LOST);
        }
    }
    if (m->closed && !m->aborted && !fatal_path(m)) {
        if (err != 0) {
            fail(m, K_CLOSE_COMPLETES, false, "connection_lost(%s) at event %u after close()",
                 wt_err_name(err), (unsigned)m->cur);
        } else {
            pass(m, K_CLOSE_COMPLETES);
        }
        if (m->model_ok && model_size(m) > 0) {
            fail(m, K_CLOSE_FLUSHES, false, "connection_lost at event %u with %lld bytes unsent "
                 "after close() at event %u", (unsigned)m->cur, (long long)model_size(m),
                 (unsigned)m->close_event);
        } else if (m->model_ok && m->close_unsent > 0) {
            pass(m, K_CLOSE_FLUSHES);
        }
    }
}

static void on_callback(struct wt_monitor *m, const struct wt_event *ev)
{
    if (ev->what >= WT_CB_COUNT) {
        trace_problem(m, "event %u: CALLBACK of unknown kind %u", (unsigned)m->cur,
                      (unsigned)ev->what);
        return;
    }
    if (m->made == 0 && ev->what != WT_CB_MADE) {
        fail(m, K_BETWEEN, false, "%s at event %u before connection_made", wt_cb_name(ev->what),
             (unsigned)m->cur);
    }
    if (m->lost > 0) {
        if (ev->what == WT_CB_LOST) {
            fail(m, K_LOST_ONCE, false, "connection_lost again at event %u", (unsigned)m->cur);
        } else {
            fail(m, K_BETWEEN, false, "%s at event %u after connection_lost",
                 wt_cb_name(ev->what), (unsigned)m->cur);
        }
        return;
    }
    if (m->depth > 0) {
        m->st[m->depth - 1].callback = true;
    }
    if (ev->rc == WT_ECALLBACK) {
        m->report_owed = true;
        m->report_event = m->cur;
        if (m->depth > 0) {
            m->st[m->depth - 1].cb_failed = true;
        }
        pass(m, K_CB_REPORTED);
    }
    switch (ev->what) {
    case WT_CB_MADE:
        if (++m->made > 1) {
            fail(m, K_LOST_ONCE, false, "connection_made again at event %u", (unsigned)m->cur);
        }
        break;
    case WT_CB_PAUSE:
        cb_pause(m, ev);
        break;
    case WT_CB_RESUME:
        cb_resume(m, ev);
        break;
    case WT_CB_DATA:
    case WT_CB_EOF:
        cb_receive(m, ev);
        if (ev->rc == WT_ECALLBACK) {
            if (!m->cb_fatal) {
                m->cb_fatal_event = m->cur;
            }
            m->cb_fatal = true;
            m->size_fresh = false; /* the fatal path drops the buffer */
            return;
        }
        break;
    case WT_CB_LOST:
        m->lost = 1;
        m->lost_event = m->cur;
        if (m->cb_fatal) {
            pass(m, K_CB_RAISE_ENDS);
        }
        pass(m, K_LOST_ONCE);
        pass(m, K_BETWEEN);
        pass(m, K_STATE);
        cb_lost(m, ev);
        return;
    default:
        break;
    }
    if (m->depth == 0 && ev->what != WT_CB_MADE) {
        size_at_rest(m, ev->a, wt_cb_name(ev->what), false);
    }
}

/* ===== 9. REPORT, SEND, SHUTDOWN, PEER ================================== */

static void on_report(struct wt_monitor *m, const struct wt_event *ev)
{
    if (ev->what >= WT_REPORT_COUNT) {
        trace_problem(m, "event %u: REPORT of unknown kind %u", (unsigned)m->cur,
                      (unsigned)ev->what);
        return;
    }
    bool callback_kind = ev->what == WT_REPORT_PAUSE_FAILED ||
                         ev->what == WT_REPORT_RESUME_FAILED ||
                         ev->what == WT_REPORT_CALLBACK_FAILED;
    if (callback_kind && m->report_owed) {
        m->report_owed = false;
        pass(m, K_REPORT_ONLY);
        return;
    }
    fail(m, K_REPORT_ONLY, false, "report %u (%s) at event %u %s", (unsigned)ev->what,
         wt_err_name(ev->rc), (unsigned)m->cur,
         callback_kind ? "without a failing callback" : "is not a callback failure");
}

/*
 * A send or recv attempted after abort() or after connection_lost is the
 * finding itself, judged by the attempt and not by whether a byte moved.
 * True when the transport is past its end (the event judges nothing else).
 */
static bool socket_used_after_end(struct wt_monitor *m, const char *what)
{
    bool send = strcmp(what, "send") == 0;
    if (m->lost > 0) {
        fail(m, K_LOST_ENDS_IO, false, "%s attempted at event %u after connection_lost at "
             "event %u", what, (unsigned)m->cur, (unsigned)m->lost_event);
        return true;
    }
    if (m->aborted) {
        fail(m, send ? K_ABORT_NO_SEND : K_ABORT_NO_RECV, false, "%s attempted at event %u "
             "after abort() at event %u", what, (unsigned)m->cur, (unsigned)m->abort_event);
        return !send; /* a send's bytes still count for the stream model */
    }
    return false;
}

static void on_send(struct wt_monitor *m, const struct wt_event *ev)
{
    int64_t got = ev->b > 0 ? ev->b : 0;
    if (ev->b < 0 || ev->a < 0 || ev->b > ev->a) {
        trace_problem(m, "event %u: SEND offered %lld accepted %lld", (unsigned)m->cur,
                      (long long)ev->a, (long long)ev->b);
        return;
    }
    if (m->resume_owed && !m->resume_empty) {
        /* Per-send profiles resume right after the send that got there. */
        resume_deadline(m);
    }
    if (m->depth > 0) {
        struct frame *f = &m->st[m->depth - 1];
        f->sent = true;
        f->accepted_in += got;
    }
    /* An attempt is the finding, whatever the socket took (a blocked one takes nothing). */
    if (socket_used_after_end(m, "send")) {
        m->accepted += got;
        return;
    }
    m->accepted += got;
    if (got > 0) {
        m->size_fresh = false;
        m->sent_since_op = true;
    }
    /* After abort the bytes are WT-ABORT-NO-SEND-AFTER's: not a duplication. */
    if (got > 0 && m->model_ok && !m->aborted) {
        if (m->accepted > m->offered + m->pending_total) {
            fail(m, K_DELIVERS, false, "the socket accepted %lld bytes in all by event %u; only "
                 "%lld were written", (long long)m->accepted, (unsigned)m->cur,
                 (long long)(m->offered + m->pending_total));
        } else {
            pass(m, K_DELIVERS);
        }
    }
    if (ev->rc != WT_OK && ev->rc != WT_EAGAIN) {
        io_error_at(m, ev->rc);
    }
    /*
     * Only a send that went through owes a resume: CPython's _write_ready
     * checks in its else branch, which EAGAIN skips; a size already <= low
     * (a setter never resumes, python/asyncio#329) waits for the next one.
     */
    if (m->depth != 0 || !m->paused || winding_down(m) || !m->limits_known || !m->model_ok ||
        ev->rc != WT_OK) {
        return;
    }
    int64_t size = model_size(m);
    if (m->resume_empty ? size == 0 : size <= m->low) {
        if (!m->resume_owed) {
            m->resume_owed = true;
            m->owed_event = m->cur;
            m->owed_size = size;
        }
    }
}

/*
 * shutdown(SHUT_WR), or the socket's close standing in for it (pipe). A
 * refused shutdown that no call raised is an I/O error like a failed send
 * (the reference's connection_lost(WT_ENOTSUP)); one that write_eof()
 * raised (CPython) leaves the transport alive. Judged after the flush rule.
 */
static void on_write_end_flush(struct wt_monitor *m, bool shutdown);

static void on_write_end(struct wt_monitor *m, bool shutdown, int rc)
{
    on_write_end_flush(m, shutdown);
    if (!shutdown || rc == WT_OK || rc == WT_EAGAIN) {
        return;
    }
    /* Inside a call the transport may raise it instead (CPython): decided at RETURN. */
    if (m->depth > 0) {
        m->st[m->depth - 1].shut_err = rc;
        return;
    }
    io_error_at(m, rc);
}

static void on_write_end_flush(struct wt_monitor *m, bool shutdown)
{
    if (shutdown) {
        m->shutdown = true;
    } else {
        m->sock_closed = true;
    }
    /* write_eof() counts from its CALL: a shutdown inside it is judged too. */
    bool eof = m->eof;
    for (int i = 0; i < m->depth && !winding_down(m); i++) {
        eof |= m->st[i].method == WT_METHOD_WRITE_EOF;
    }
    /* The fatal path drops the buffer (_fatal_error): nothing is left to flush. */
    if (!eof || m->aborted || fatal_path(m) || !m->model_ok) {
        return;
    }
    if (model_size(m) > 0) {
        fail(m, K_EOF_FLUSHES, false, "%s at event %u with %lld bytes unsent after write_eof()",
             shutdown ? "shutdown" : "socket close", (unsigned)m->cur, (long long)model_size(m));
        return;
    }
    pass(m, K_EOF_FLUSHES);
}

static void on_peer(struct wt_monitor *m, const struct wt_event *ev)
{
    switch (ev->what) {
    case WT_PEER_CORRUPT:
        fail(m, K_DELIVERS, false, "the peer got a wrong byte at stream offset %lld (event %u)",
             (long long)ev->a, (unsigned)m->cur);
        break;
    case WT_PEER_SENT:
        if (m->eof && !m->closed && !m->aborted && m->lost == 0) {
            m->rx_owed = true;
        }
        break;
    case WT_PEER_EOF:
        m->peer_eof = true;
        break;
    case WT_PEER_CLOSED:
        if (!m->peer_closed) {
            m->peer_closed_event = m->cur;
        }
        m->peer_closed = true;
        break;
    case WT_PEER_WATCH_FAILED:
        /* add_writer / add_reader raised: an I/O error, the fatal path follows. */
        io_error_at(m, ev->rc);
        break;
    case WT_PEER_RECEIVED:
    case WT_PEER_FIN:
    case WT_PEER_FAULT:
    case WT_PEER_SPURIOUS:
        break;
    default:
        trace_problem(m, "event %u: PEER event of unknown kind %u", (unsigned)m->cur,
                      (unsigned)ev->what);
        break;
    }
}

/* ===== 10. IDLE, BOUND, END ============================================= */

static void on_idle(struct wt_monitor *m, const struct wt_event *ev)
{
    if (ev->what >= WT_IDLE_COUNT) {
        trace_problem(m, "event %u: IDLE of unknown kind %u", (unsigned)m->cur,
                      (unsigned)ev->what);
    }
    deadlines(m);
    size_at_rest(m, ev->b, "IDLE", true);
    /* After an I/O error the missing connection_lost is WT-IO-ERROR-LOST-EXC's finding. */
    bool io_first = m->io_error && m->io_event < m->abort_event;
    if (m->aborted && m->lost == 0 && !io_first) {
        fail(m, K_ABORT_LOST, false, "abort() at event %u; idle at event %u without "
             "connection_lost", (unsigned)m->abort_event, (unsigned)m->cur);
    }
    if (m->io_error && m->lost == 0) {
        fail(m, K_IO_LOST, false, "send error %s at event %u; idle at event %u without "
             "connection_lost", wt_err_name(m->io_err), (unsigned)m->io_event, (unsigned)m->cur);
    }
    if (m->io_error && m->lost > 0) {
        pass(m, K_REPORT_ONLY);
    }
    if (m->cb_fatal && m->lost == 0 && !m->aborted && !m->io_error) {
        fail(m, K_CB_RAISE_ENDS, false, "%s raised at event %u; idle at event %u without "
             "connection_lost", "a protocol callback", (unsigned)m->cb_fatal_event,
             (unsigned)m->cur);
    }
    if (m->aborted || m->lost > 0 || fatal_path(m)) {
        return;
    }
    bool writable = ev->a == 1;
    int64_t size = ev->b >= 0 ? ev->b : (m->model_ok ? model_size(m) : -1);
    /*
     * Nothing left to send (the transport says 0 and every written byte
     * was accepted): a close or write_eof waits for nothing, whether or not
     * the socket would accept more (gh-155888: an empty chunk left in
     * CPython 3.12's deque holds close() forever, blocked socket or not).
     */
    bool drained = size == 0 && (!m->model_ok || model_size(m) == 0);
    if (!writable && !drained) {
        return; /* a socket the scenario keeps blocked, with data to send: not a hang */
    }
    /* A pause of an empty buffer (SSL at high = 0, sslproto.py:818) has no drain to wake for. */
    if (writable && size > 0) {
        fail(m, K_WAKEUP, false, "lost wake-up: idle at event %u with %lld bytes buffered and "
             "a writable socket", (unsigned)m->cur, (long long)size);
    } else if (writable && m->paused && m->data_since_pause && size >= 0 && m->limits_known &&
               size <= m->low) {
        fail(m, K_WAKEUP, false, "lost wake-up: idle at event %u, paused at size %lld <= low "
             "%lld", (unsigned)m->cur, (long long)size, (long long)m->low);
    } else if (writable && m->ever_data) {
        pass(m, K_WAKEUP);
    }
    if (m->closed) {
        fail(m, K_CLOSE_COMPLETES, false, "close never completes: close() at event %u, idle at "
             "event %u with size %lld%s and no connection_lost", (unsigned)m->close_event,
             (unsigned)m->cur, (long long)size,
             writable ? "" : " (nothing left to send; the socket is blocked)");
    }
    if (m->eof && !m->shutdown && !m->sock_closed && size == 0) {
        fail(m, K_EOF_FLUSHES, false, "write_eof() never shut down: idle at event %u%s",
             (unsigned)m->cur, writable ? "" : " with nothing left to send");
    }
}

static void on_bound(struct wt_monitor *m, const struct wt_event *ev)
{
    deadlines(m);
    /*
     * A socket that kept accepting bytes during this op is slow progress
     * (a one-byte send cap, say), not a hang: the bound says nothing.
     * Nor does it with data pending on a socket that would not take a
     * byte (a slow drain, as at IDLE): waiting is all the transport can do.
     * Nor when the world saw progress in the bound's second half (c: a
     * callback, the peer draining, bytes sent in an earlier op).
     */
    int64_t size = m->model_ok ? model_size(m) : 0;
    if (m->aborted || m->lost > 0 || m->sent_since_op || (size > 0 && ev->b != 1) ||
        ev->c == 1) {
        return;
    }
    if (size > 0) {
        fail(m, K_WAKEUP, false, "step bound reached at event %u with %lld bytes pending",
             (unsigned)m->cur, (long long)size);
    }
    if (m->closed) {
        fail(m, K_CLOSE_COMPLETES, false, "close never completes: step bound reached at event %u "
             "after close() at event %u", (unsigned)m->cur, (unsigned)m->close_event);
    }
}

static void on_end(struct wt_monitor *m)
{
    deadlines(m);
    if (m->lost > 0) {
        pass(m, K_LOST_ENDS_IO); /* a FAIL at a send or recv after it stays */
    }
    if (m->rx_owed && !m->closed && m->lost == 0) {
        fail(m, K_EOF_RECEIVES, false, "the peer sent data after write_eof(); no data_received "
             "by the end (event %u)", (unsigned)m->cur);
    }
    m->ended = true;
}

/* ===== 11. feed, end and queries ======================================== */

/*
 * The fast path: the three events of a steady stream (CALL write, RETURN
 * write, SEND) judged with exactly the slow path's effect when nothing
 * about them can FAIL or change how later events are judged. Each one
 * first decides whether it may take the event (a FAIL, a trace problem, a
 * deadline or anything rarer goes to the slow path, before any state
 * changed), then does what the slow path would: the same frame, the same
 * stream model, the same PASS marks. tests/unit/test_monitor.c runs
 * generated traces through both paths and compares every verdict.
 */

/* The fast path is inlined whole into the sink: a call per event is a tenth of its cost. */
#if defined(__GNUC__)
#define FAST_INLINE static inline __attribute__((always_inline))
#else
#define FAST_INLINE static inline
#endif

/* pass() without verdict_of's checks, on a verdict found at new. */
FAST_INLINE void fast_pass(struct wt_verdict *v)
{
    if (v->status == WT_VERDICT_NOT_EXERCISED) {
        v->status = WT_VERDICT_PASS;
    }
}

/* What monitor_feed_event does first for every event in order. */
FAST_INLINE void fast_take(struct wt_monitor *m, const struct wt_event *ev)
{
    m->cur = ev->index;
    m->hash = wt__event_hash(m->hash, ev);
    m->next_index = ev->index + 1;
}

/* Completes the frame a fast CALL write left lazy: what on_call would have written. */
static void fast_frame(struct wt_monitor *m)
{
    if (!m->frame_lazy) {
        return;
    }
    m->frame_lazy = false;
    WT_ASSERT(m->depth == 1 && m->st[0].method == WT_METHOD_WRITE);
    struct frame *f = &m->st[0];
    /* At depth 0 limits_now() is the learned limits. */
    f->size_before = m->size_fresh ? m->last_size : -1;
    f->accepted_in = 0;
    f->callback = f->sent = f->send_failed = f->cb_failed = f->limits_set = false;
    f->shut_err = 0;
    f->paused_before = m->paused;
    f->limits_known = m->limits_known;
    f->low_before = m->low;
    f->high_before = m->high;
}

/*
 * on_call of write at depth 0, with no deadline owed (deadlines() would
 * judge it). The frame stays lazy: a RETURN right after it needs only its
 * bytes, and any other event completes it first (fast_frame).
 */
FAST_INLINE bool fast_call_write(struct wt_monitor *m, const struct wt_event *ev)
{
    if (m->depth != 0 || m->resume_owed || m->report_owed) {
        return false;
    }
    fast_take(m, ev);
    struct frame *f = &m->st[0];
    m->depth = 1;
    m->frame_lazy = true;
    f->method = WT_METHOD_WRITE;
    f->a = ev->a;
    f->b = ev->b;
    f->c = ev->c;
    f->pending = ev->a > 0 ? ev->a : 0;
    m->pending_total = f->pending; /* 0 before: nothing was on the stack */
    return true;
}

/*
 * on_return of a write of at least one byte that returned OK at depth 1,
 * with nothing raised or refused inside it: UNEXPECTED passes,
 * write_commit() adds its bytes, pause_due() and size_at_rest() judge the
 * size. A size that FAILs either goes to the slow path.
 */
FAST_INLINE bool fast_return_write(struct wt_monitor *m, const struct wt_event *ev)
{
    const struct frame *f = &m->st[0];
    if (m->depth != 1 || f->method != WT_METHOD_WRITE || ev->rc != WT_OK || f->pending <= 0) {
        return false;
    }
    /* A lazy frame saw no event inside the call: nothing failed or was sent there. */
    bool send_failed = false;
    if (!m->frame_lazy) {
        if (f->shut_err != 0 || f->cb_failed) {
            return false;
        }
        send_failed = f->send_failed;
    }
    int64_t size = ev->a;
    int64_t offered = m->offered + f->pending;
    bool over = m->limits_known && size > 0 && (m->pause_ge ? size >= m->high : size > m->high);
    if (size >= 0 && (size != offered - m->accepted || (over && !m->paused))) {
        return false;
    }
    fast_take(m, ev);
    m->frame_lazy = false; /* popped: what it would have held is never read */
    m->depth = 0;
    m->pending_total = 0;
    fast_pass(m->fv_unexpected);
    if (send_failed) {
        pass(m, K_IO_NO_RAISE);
    }
    m->ever_data = true;
    m->data_since_pause |= size != 0;
    m->offered = offered;
    if (over) {
        fast_pass(m->fv_pause); /* paused, as it must be */
    }
    m->last_size = size;
    m->size_fresh = size >= 0;
    if (size >= 0) {
        fast_pass(m->fv_size);
    }
    return true;
}

/* on_send of a well-formed send that went through or met EAGAIN, no resume deadline due. */
FAST_INLINE bool fast_send(struct wt_monitor *m, const struct wt_event *ev)
{
    int64_t got = ev->b;
    if (ev->b < 0 || ev->a < 0 || ev->b > ev->a || (ev->rc != WT_OK && ev->rc != WT_EAGAIN) ||
        (m->resume_owed && !m->resume_empty)) {
        return false;
    }
    int64_t accepted = m->accepted + got;
    if (got > 0 && accepted > m->offered + m->pending_total) {
        return false; /* WT-WRITE-DELIVERS fails */
    }
    fast_take(m, ev);
    if (m->depth > 0) {
        fast_frame(m);
        struct frame *f = &m->st[m->depth - 1];
        f->sent = true;
        f->accepted_in += got;
    }
    m->accepted = accepted;
    if (got > 0) {
        m->size_fresh = false;
        m->sent_since_op = true;
        fast_pass(m->fv_delivers);
    }
    if (m->depth != 0 || !m->paused || !m->limits_known || ev->rc != WT_OK || m->resume_owed) {
        return true;
    }
    int64_t size = model_size(m);
    if (m->resume_empty ? size == 0 : size <= m->low) {
        m->resume_owed = true;
        m->owed_event = m->cur;
        m->owed_size = size;
    }
    return true;
}

/* True when the fast path took the event (m->steady holds; it still holds after). */
FAST_INLINE bool monitor_fast(struct wt_monitor *m, const struct wt_event *ev)
{
    if (ev->index != m->next_index) {
        return false;
    }
    switch (ev->kind) {
    case WT_EV_CALL:
        return ev->what == WT_METHOD_WRITE && fast_call_write(m, ev);
    case WT_EV_RETURN:
        return ev->what == WT_METHOD_WRITE && fast_return_write(m, ev);
    case WT_EV_SEND:
        return fast_send(m, ev);
    default:
        return false;
    }
}

static void monitor_feed_event(struct wt_monitor *m, const struct wt_event *ev);

#if defined(__GNUC__)
#define MONITOR_NOINLINE __attribute__((noinline))
#else
#define MONITOR_NOINLINE
#endif

/* The slow path, and the steady state it leaves behind. */
MONITOR_NOINLINE static void monitor_feed_slow(struct wt_monitor *m, const struct wt_event *ev)
{
    fast_frame(m);
    monitor_feed_event(m, ev);
    m->steady = monitor_steady(m);
}

/* An event with the model validated around it: every event, or sampled (assert.h). */
MONITOR_NOINLINE static void monitor_feed_checked(struct wt_monitor *m, const struct wt_event *ev)
{
    monitor_validate(m);
    bool had_problem = m->has_problem;
    bool ended = m->ended;
    unsigned lost = m->lost;
    if (!m->steady || !monitor_fast(m, ev)) {
        monitor_feed_slow(m, ev);
    }
    monitor_validate(m);
    /* Sticky facts stay: a trace problem, the END, a delivered connection_lost. */
    WT_ASSERT((!had_problem || m->has_problem) && (!ended || m->ended));
    WT_ASSERT(m->lost >= lost);
    WT_ASSERT(m->cur == ev->index);
    WT_ASSERT(!m->steady || monitor_steady(m));
}

/* Validated around every event: a model that drifted would give verdicts nobody should trust. */
static inline void monitor_feed(struct wt_monitor *m, const struct wt_event *ev)
{
    if (WT_VALIDATE_DUE(m->validate_tick)) {
        monitor_feed_checked(m, ev);
        return;
    }
    if (m->steady && monitor_fast(m, ev)) {
        return;
    }
    monitor_feed_slow(m, ev);
}

void wt_monitor_feed(struct wt_monitor *m, const struct wt_event *ev)
{
    if (m != NULL && ev != NULL) {
        monitor_feed(m, ev);
    }
}

/* The trace's sink: the world's hot path, so the fast path is inlined here too. */
void wt_monitor_sink(void *user_data, const struct wt_event *ev)
{
    if (user_data != NULL && ev != NULL) {
        monitor_feed(user_data, ev);
    }
}

void wt__monitor_set_fast(struct wt_monitor *m, bool on)
{
    if (m == NULL) {
        return;
    }
    fast_frame(m);
    m->fast_off = !on;
    m->steady = monitor_steady(m);
}

/* The slow path: every event, every rule. */
static void monitor_feed_event(struct wt_monitor *m, const struct wt_event *ev)
{
    m->cur = ev->index;
    m->hash = wt__event_hash(m->hash, ev);
    if (m->ended) {
        trace_problem(m, "event %u after END", (unsigned)ev->index);
        return;
    }
    if (ev->index != m->next_index) {
        trace_problem(m, "event index %u where %u was expected (reordered or lost events)",
                      (unsigned)ev->index, (unsigned)m->next_index);
    }
    m->next_index = ev->index + 1;
    switch (ev->kind) {
    case WT_EV_OP:
        m->sent_since_op = false;
        /* A loop op runs callbacks that may change the size without an event. */
        if (ev->what == WT_OP_STEP || ev->what == WT_OP_RUN || ev->what == WT_OP_ADVANCE) {
            m->size_fresh = false;
        }
        break;
    case WT_EV_EXPECT:
        break;
    case WT_EV_RECV:
        if (socket_used_after_end(m, "recv")) {
            break;
        }
        /* A read error is asyncio's "Fatal read error": the same fatal path. */
        if (ev->rc != WT_OK && ev->rc != WT_EAGAIN) {
            io_error_at(m, ev->rc);
        }
        break;
    case WT_EV_CALL:
        on_call(m, ev);
        break;
    case WT_EV_RETURN:
        on_return(m, ev);
        break;
    case WT_EV_CALLBACK:
        on_callback(m, ev);
        break;
    case WT_EV_REPORT:
        on_report(m, ev);
        break;
    case WT_EV_SEND:
        on_send(m, ev);
        break;
    case WT_EV_SHUTDOWN:
        on_write_end(m, true, ev->rc);
        break;
    case WT_EV_SOCK_CLOSE:
        on_write_end(m, false, WT_OK);
        break;
    case WT_EV_PEER:
        on_peer(m, ev);
        break;
    case WT_EV_TIME:
        deadlines(m);
        break;
    case WT_EV_IDLE:
        on_idle(m, ev);
        break;
    case WT_EV_BOUND:
        on_bound(m, ev);
        break;
    case WT_EV_END:
        on_end(m);
        break;
    default:
        trace_problem(m, "event %u: unknown kind %u", (unsigned)ev->index, (unsigned)ev->kind);
        break;
    }
}

void wt_monitor_end(struct wt_monitor *m)
{
    if (m == NULL) {
        return;
    }
    fast_frame(m);
    monitor_validate(m);
    if (!m->ended) {
        trace_problem(m, "truncated: no END event after %u events", (unsigned)m->next_index);
    } else if (m->depth > 0) {
        trace_problem(m, "truncated: END inside a call of %s",
                      wt_method_name(m->st[m->depth - 1].method));
    }
    if (!m->has_problem) {
        pass(m, K_WELL_FORMED);
    }
    if (m->expect_hash) {
        if (m->hash != m->expected_hash) {
            fail(m, K_DETERMINISTIC, false, "trace hash %016llx on replay, %016llx first time",
                 (unsigned long long)m->hash, (unsigned long long)m->expected_hash);
        } else {
            pass(m, K_DETERMINISTIC);
        }
    }
    monitor_validate(m);
    monitor_validate_verdicts(m);
    /* Pair: WELL-FORMED was judged, one way or the other, by the problem flag. */
    const struct wt_verdict *wf = &m->v[m->idx[K_WELL_FORMED]];
    WT_ASSERT(wf->status == WT_VERDICT_NOT_APPLICABLE ||
              (wf->status == WT_VERDICT_FAIL) == m->has_problem);
}

const struct wt_verdict *wt_monitor_verdict(const struct wt_monitor *m, size_t clause)
{
    if (m == NULL || clause >= m->nclauses) {
        return NULL;
    }
    return &m->v[clause];
}

bool wt_monitor_failed(const struct wt_monitor *m)
{
    if (m == NULL) {
        return false;
    }
    for (size_t i = 0; i < m->nclauses; i++) {
        const struct wt_clause *c = wt_catalog_at(i);
        /* An INTEROP note never fails a run. */
        if (m->v[i].status == WT_VERDICT_FAIL && c->kind == WT_CLAUSE_MUST &&
            wt_profile_has(m->profile, i)) {
            return true;
        }
    }
    return false;
}

const char *wt_monitor_trace_problem(const struct wt_monitor *m)
{
    if (m == NULL || !m->has_problem) {
        return NULL;
    }
    return m->problem;
}

uint64_t wt_monitor_hash(const struct wt_monitor *m) { return m != NULL ? m->hash : 0; }

void wt_monitor_expect_hash(struct wt_monitor *m, uint64_t hash)
{
    if (m == NULL) {
        return;
    }
    m->expect_hash = true;
    m->expected_hash = hash;
}

/* --- verdict names ------------------------------------------------------ */

static const char *const verdict_names[WT_VERDICT_COUNT] = {"PASS", "FAIL", "NOT-EXERCISED",
                                                             "N/A"};

const char *wt_verdict_name(int status)
{
    if (status < 0 || status >= WT_VERDICT_COUNT) {
        return "?";
    }
    return verdict_names[status];
}

int wt_verdict_lookup(const char *name, int *status_out)
{
    if (name == NULL) {
        return WT_EINVAL;
    }
    for (int i = 0; i < WT_VERDICT_COUNT; i++) {
        if (strcmp(verdict_names[i], name) == 0) {
            if (status_out != NULL) {
                *status_out = i;
            }
            return WT_OK;
        }
    }
    return WT_ENOENT;
}
