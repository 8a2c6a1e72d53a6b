/* SPDX-License-Identifier: MIT */
/*
 * ref_transport.c - the reference transport: the WriteTransport contract
 * made executable, shaped after CPython's selector socket transport
 * (selector_events._SelectorSocketTransport and transports._FlowControlMixin).
 *
 * It talks to the world only through wt_host_* (transport.h). Each rule of
 * the docs sits next to a Duvet-style comment quoting its sentence; every
 * choice the docs leave open is written down in docs/internals/reference.md.
 * Flavors (a table, see ref_flavors) reproduce the variants real transports
 * show, so a profile of each has a reference that keeps it. Fault switches
 * (WT_FAULT_MAP) each break one rule, for the mutants; every one is a small
 * deviation marked "FAULT name". A one-line comment that starts with
 * "=" and the word "clause", then catalog IDs, names the clauses the one
 * statement after it implements (a block counts whole); `wtkit matrix`
 * reads them to tie each clause to its lines here and their coverage
 * (docs/internals/matrix.md).
 *
 * State in one picture:
 *   open --close()--> closing, flushing --buffer empty--> conn_lost --> lost
 *   open --abort() / send error--> conn_lost (buffer dropped) --> lost
 * conn_lost means "connection_lost is scheduled or done": from then on
 * writes are dropped, loop callbacks return at once, and no flow-control
 * callback is made.
 *
 * Division map:
 *   1. Flavors and the instance
 *   2. The output buffer
 *   3. Flow control (pause / resume)
 *   4. Ending the connection
 *   5. Loop callbacks: writable, readable, start
 *   6. The methods of the table
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wt/assert.h"
#include "wt/errors.h"
#include "wt/trace.h"
#include "wt/transport.h"

/* ================================================================== */
/* 1. Flavors and the instance                                        */
/* ================================================================== */

struct ref_flavor {
    const char *name;
    int64_t high;            /* initial limits */
    int64_t low;
    int64_t setter_high;     /* set_write_buffer_limits() with neither given */
    bool pause_ge;           /* pause at size >= high (else size > high) */
    bool resume_empty_only;  /* resume only once the buffer is empty */
    bool setter_may_resume;  /* the limits setter (and write) may also resume */
    bool can_eof;            /* write_eof() supported */
    bool eof_closes;         /* write_eof() is close() */
    bool drop_after_close;   /* writes after close() are always dropped */
};

#define REF_KIB ((int64_t)1024)

/* The first row is the default. */
static const struct ref_flavor ref_flavors[] = {
    /* The docs, read the way CPython's socket transport implements them. */
    {"docs", 64 * REF_KIB, 16 * REF_KIB, 64 * REF_KIB, false, false, false, true, false, false},
    /* As docs, but the WriteTransport page's ">= high" wording. */
    {"ge", 64 * REF_KIB, 16 * REF_KIB, 64 * REF_KIB, true, false, false, true, false, false},
    /* As docs, for a transport that cannot half-close. */
    {"no-eof", 64 * REF_KIB, 16 * REF_KIB, 64 * REF_KIB, false, false, false, false, false,
     false},
    /* unix_events._UnixWritePipeTransport. */
    {"cpython-pipe", 64 * REF_KIB, 16 * REF_KIB, 64 * REF_KIB, false, true, false, true, true,
     true},
    /* sslproto._SSLProtocolTransport (512 KiB / 128 KiB). */
    {"cpython-ssl", 512 * REF_KIB, 128 * REF_KIB, 512 * REF_KIB, true, false, true, false,
     false, true},
    /* uvloop's stream: low defaults to 64 // 4 bytes, not KiB. */
    {"uvloop", 64 * REF_KIB, 16, 64 * REF_KIB, false, false, false, true, false, false},
};

#define REF_FLAVOR_COUNT (sizeof(ref_flavors) / sizeof(ref_flavors[0]))

/* One recv reads at most this much (CPython reads up to 256 KiB). */
#define REF_RECV_MAX 16384u

/* The buffer's first allocation; it then doubles. */
#define REF_BUF_INITIAL 4096u

struct ref {
    struct wt_host *host;
    const struct ref_flavor *flavor;
    uint64_t faults;

    /* unsent bytes: buf[head, head + len) of cap */
    uint8_t *buf;
    size_t head;
    size_t len;
    size_t cap;

    bool send_blocked; /* the last send was EAGAIN (not a send that returned 0) */

    int64_t high;
    int64_t low;

    bool made;           /* connection_made is being or has been delivered */
    bool paused;         /* set before pause_writing is called, as CPython does */
    bool closing;        /* is_closing() */
    bool eof;            /* write_eof() was called */
    bool conn_lost;      /* connection_lost is scheduled or delivered */
    bool lost_done;      /* connection_lost was delivered */
    bool lost_again;     /* FAULT LOST_TWICE: the second delivery happened */
    bool writing;        /* watching for writability */
    bool reading;        /* watching for readability */
    int lost_err;        /* what connection_lost gets (0 = None) */
    uint64_t nd_count;   /* FAULT NONDETERMINISTIC: sends made */
    uint32_t validate_tick; /* WT_VALIDATE_DUE */

    uint8_t rbuf[REF_RECV_MAX]; /* last: ref_create does not clear it */
};

/* For the helpers of the write and writable paths: a call there costs more than their body. */
#if defined(__GNUC__)
#define REF_INLINE static inline __attribute__((always_inline))
#else
#define REF_INLINE static inline
#endif

static bool ref_fault(const struct ref *r, uint64_t bit) { return (r->faults & bit) != 0; }

/*
 * The reference's own invariants, in O(1). They hold at every point where
 * control leaves the transport (a host call that may run protocol
 * callbacks, and so re-entrant calls), under every fault switch: where a
 * fault breaks one on purpose the check names the fault. Called on entry
 * and exit of every method and loop callback.
 */
static void ref_validate(const struct ref *r)
{
    WT_ASSERT(r != NULL && r->host != NULL);
    WT_ASSERT(r->flavor >= ref_flavors && r->flavor < ref_flavors + REF_FLAVOR_COUNT);
    /* The buffer: buf[head, head + len) inside cap; empty means head 0. */
    WT_ASSERT(r->len <= r->cap && r->head <= r->cap - r->len);
    WT_ASSERT(r->len != 0 || r->head == 0);
    WT_ASSERT(r->buf != NULL || r->cap == 0);
    /* conn_lost comes only from a path that marked the transport closing, and
     * a delivered connection_lost was scheduled first (or, LOST_SYNC, at once). */
    WT_ASSERT(!r->conn_lost || r->closing);
    WT_ASSERT(!r->lost_done || r->conn_lost);
    WT_ASSERT(!r->lost_again || (r->lost_done && ref_fault(r, WT_FAULT(LOST_TWICE))));
    WT_ASSERT(r->conn_lost || r->lost_err == 0);
    /* Pause needs a connection (and lost needs one made first). */
    WT_ASSERT(!r->paused || r->made);
    WT_ASSERT(!r->lost_done || r->made);
    /* No watch once connection_lost was delivered. */
    WT_ASSERT(!r->lost_done || (!r->writing && !r->reading));
    /* FAULT ABORT_KEEPS_DATA: abort() with an empty buffer from inside
     * resume_writing (after the send emptied it, before the watch stops)
     * schedules lost without touching the writer; delivery stops it. */
    WT_ASSERT(!r->conn_lost || !r->writing || ref_fault(r, WT_FAULT(ABORT_KEEPS_DATA)));
    /* Closing stops reading, except FAULT DATA_AFTER_CLOSE (close keeps the
     * reader) and FAULT ABORT_KEEPS_READING (abort does). */
    WT_ASSERT(!r->closing || !r->reading ||
              ref_fault(r, WT_FAULT(DATA_AFTER_CLOSE) | WT_FAULT(ABORT_KEEPS_READING)));
    /* write_eof() took effect only on a flavor that half-closes itself. */
    WT_ASSERT(!r->eof || (r->flavor->can_eof && !r->flavor->eof_closes));
    /* Accepted limits keep 0 <= low <= high; FAULT LIMITS_APPLY_REJECTED
     * applies rejected ones, FAULT ACCEPT_NEGATIVE accepts negative ones. */
    WT_ASSERT(r->low <= r->high || ref_fault(r, WT_FAULT(LIMITS_APPLY_REJECTED)));
    WT_ASSERT(r->low >= 0 ||
              ref_fault(r, WT_FAULT(ACCEPT_NEGATIVE) | WT_FAULT(LIMITS_APPLY_REJECTED)));
    WT_ASSERT(r->nd_count == 0 || ref_fault(r, WT_FAULT(NONDETERMINISTIC)));
}

/* ref_validate on entry and exit of the hot methods: every time, or sampled (assert.h). */
static void ref_check(const struct ref *r)
{
    struct ref *m = (struct ref *)r; /* the tick is bookkeeping, not transport state */
    if (WT_VALIDATE_DUE(m->validate_tick)) {
        ref_validate(r);
    }
}

/*
 * ref_check for the two hottest entry points (write, the writable
 * callback): one sampling draw decides both the entry and the exit check.
 */
static bool ref_check_begin(const struct ref *r)
{
    struct ref *m = (struct ref *)r; /* the tick is bookkeeping, not transport state */
    bool due = WT_VALIDATE_DUE(m->validate_tick);
    if (due) {
        ref_validate(r);
    }
    return due;
}

static void ref_check_end(const struct ref *r, bool due)
{
    if (due) {
        ref_validate(r);
    }
}

static const struct ref_flavor *ref_flavor_find(const char *name)
{
    if (name == NULL || name[0] == '\0') {
        return &ref_flavors[0];
    }
    for (size_t i = 0; i < REF_FLAVOR_COUNT; i++) {
        if (strcmp(ref_flavors[i].name, name) == 0) {
            return &ref_flavors[i];
        }
    }
    return NULL;
}

static void ref_watch_write(struct ref *r, bool on);
static void ref_watch_read(struct ref *r, bool on);

/* ================================================================== */
/* 2. The output buffer                                               */
/* ================================================================== */

/*
 * A flat byte buffer with a moving head: sends consume from the head,
 * writes append at the tail, and the live bytes move to the front only
 * when the tail runs out of room. It grows by doubling and never shrinks,
 * so a transport in steady state allocates nothing.
 */
/* Makes room for n more bytes at the tail: grows, or moves the live bytes to the front. */
static int ref_buf_reserve(struct ref *r, size_t n)
{
    if (r->cap - r->len < n) {
        size_t cap = r->cap == 0 ? REF_BUF_INITIAL : r->cap;
        while (cap < r->len + n) {
            cap *= 2;
        }
        uint8_t *p = wt_host_realloc(r->host, r->buf, cap);
        if (p == NULL) {
            return WT_ENOMEM;
        }
        r->buf = p;
        r->cap = cap;
    }
    if (r->cap - r->head - r->len < n) {
        memmove(r->buf, r->buf + r->head, r->len);
        r->head = 0;
    }
    return WT_OK;
}

REF_INLINE int ref_buf_append(struct ref *r, const uint8_t *data, size_t n)
{
    if (n == 0) {
        return WT_OK;
    }
    if (n > SIZE_MAX / 2 - r->len) {
        return WT_ENOMEM;
    }
    /* The steady state: the tail has room. */
    if (r->cap - r->head - r->len < n && ref_buf_reserve(r, n) != WT_OK) {
        return WT_ENOMEM;
    }
    WT_ASSERT(r->cap - r->head - r->len >= n);
    uint8_t *tail = r->buf + r->head + r->len;
    if (n >= 32 && n <= 64) {
        /* A stream's common write, inline: two fixed copies that may overlap. */
        memcpy(tail, data, 32);
        memcpy(tail + n - 32, data + n - 32, 32);
    } else {
        memcpy(tail, data, n);
    }
    r->len += n;
    WT_ASSERT(r->head + r->len <= r->cap);
    return WT_OK;
}

REF_INLINE void ref_buf_consume(struct ref *r, size_t n)
{
    /* Only bytes the socket took from the head of the buffer leave it. */
    WT_ASSERT(n <= r->len);
    r->head += n;
    r->len -= n;
    if (r->len == 0) {
        r->head = 0;
    }
    WT_ASSERT(r->head + r->len <= r->cap);
}

static void ref_buf_clear(struct ref *r)
{
    r->head = 0;
    r->len = 0;
}

/*
 * One send; a would-block is "0 sent", not an error. Any other error is
 * returned for the caller to take the fatal-error path.
 */
REF_INLINE int ref_send(struct ref *r, const uint8_t *data, size_t len, size_t *sent_out)
{
    *sent_out = 0;
    if (ref_fault(r, WT_FAULT(NONDETERMINISTIC)) && len > 1) {
        /* FAULT NONDETERMINISTIC: offers a length derived from the
         * instance's heap address, which differs between two live worlds
         * (and between processes), so replays of one seed disagree. */
        uint64_t x = ((uint64_t)(uintptr_t)r + r->nd_count++) * 0x9e3779b97f4a7c15ull;
        size_t offer = 1 + (size_t)((x >> 40) % 4093u);
        len = offer < len ? offer : len;
    }
    /*= clause WT-WRITE-DELIVERS */
    int rc = wt_host_send(r->host, data, len, sent_out);
    /* Pair with the host's socket: it never takes more than offered. */
    WT_ASSERT(*sent_out <= len);
    r->send_blocked = rc == WT_EAGAIN;
    if (rc == WT_EAGAIN) {
        *sent_out = 0;
        return WT_OK;
    }
    WT_ASSERT(rc == WT_OK || *sent_out == 0);
    return rc;
}

/* ================================================================== */
/* 3. Flow control (pause / resume)                                   */
/* ================================================================== */

static int64_t ref_quarter(int64_t v);

REF_INLINE bool ref_over_high(const struct ref *r)
{
    int64_t size = (int64_t)r->len;
    if (ref_fault(r, WT_FAULT(PAUSE_OFF_BY_ONE))) {
        return size > r->high + 1; /* FAULT PAUSE_OFF_BY_ONE */
    }
    /* FAULT PAUSE_GE_AS_GT: the >= flavor's test written as >. */
    if (r->flavor->pause_ge && !ref_fault(r, WT_FAULT(PAUSE_GE_AS_GT))) {
        /*= docs:WriteTransport.set_write_buffer_limits
         *# pause_writing() is called when the buffer size
         *# becomes greater than or equal to the high value. */
        /*= clause WT-PAUSE-AT-OR-OVER-HIGH */
        return size >= r->high;
    }
    /*= related:Flow Control Callbacks
     *# If the buffer size equals the high watermark, pause_writing() is not called:
     *# the buffer size must go strictly over. */
    /*= clause WT-PAUSE-STRICTLY-OVER-HIGH */
    return size > r->high;
}

REF_INLINE bool ref_at_low(const struct ref *r)
{
    /*= clause WT-RESUME-WHEN-EMPTY */
    if (r->flavor->resume_empty_only) {
        return r->len == 0; /* CPython's pipe resumes only when drained */
    }
    /*= docs:WriteTransport.set_write_buffer_limits
     *# If writing has
     *# been paused, resume_writing() is called when
     *# the buffer size becomes less than or equal to the low value. */
    /*= docs:WriteTransport.set_write_buffer_limits
     *# Setting low to zero causes
     *# resume_writing() to be called only once the
     *# buffer is empty. */
    int64_t low = r->low;
    if (low == 0 && ref_fault(r, WT_FAULT(LOW0_AS_UNSET))) {
        low = ref_quarter(r->high); /* FAULT LOW0_AS_UNSET: Python's `low or high // 4` */
    }
    /*= clause WT-RESUME-AT-OR-BELOW-LOW, WT-LIMITS-LOW0-RESUME-EMPTY */
    return (int64_t)r->len <= low;
}

/*
 * Pauses the protocol when the buffer is over high. The flag is set before
 * the call, so a protocol that raises (or writes, or aborts, from inside
 * pause_writing) still sees a paused transport. A raising protocol goes to
 * the loop's exception handler; the transport carries on.
 */
REF_INLINE int ref_maybe_pause(struct ref *r)
{
    /*= clause WT-PAUSE-STRICTLY-OVER-HIGH, WT-PAUSE-AT-OR-OVER-HIGH, WT-CALLBACKS-BETWEEN */
    if (r->conn_lost || ref_fault(r, WT_FAULT(NEVER_PAUSE)) || !ref_over_high(r)) {
        return WT_OK;
    }
    /* Edge-triggered: one pause per crossing. FAULT DOUBLE_PAUSE: again. */
    /*= clause WT-PAUSE-RESUME-ALTERNATE */
    if (r->paused && !ref_fault(r, WT_FAULT(DOUBLE_PAUSE))) {
        return WT_OK;
    }
    WT_ASSERT(r->made && !r->conn_lost);
    r->paused = true;
    int rc = wt_host_pause_writing(r->host);
    if (rc == WT_OK) {
        return WT_OK;
    }
    if (ref_fault(r, WT_FAULT(CALLBACK_FAILURE_PROPAGATES))) {
        return rc; /* FAULT CALLBACK_FAILURE_PROPAGATES: write() fails with it */
    }
    if (ref_fault(r, WT_FAULT(REPORT_ARGS_SWAPPED))) {
        wt_host_report(r->host, rc, WT_REPORT_PAUSE_FAILED); /* FAULT REPORT_ARGS_SWAPPED */
        return WT_OK;
    }
    /*= clause WT-CALLBACK-FAILURE-REPORTED, WT-TRACE-WELL-FORMED */
    wt_host_report(r->host, WT_REPORT_PAUSE_FAILED, rc);
    return WT_OK;
}

/* Resumes a paused protocol once the buffer is down to low. */
REF_INLINE void ref_maybe_resume(struct ref *r)
{
    /*= clause WT-PAUSE-RESUME-ALTERNATE, WT-NO-RESUME-AFTER-ABORT */
    if (!r->paused || r->conn_lost || ref_fault(r, WT_FAULT(NEVER_RESUME)) || !ref_at_low(r)) {
        return;
    }
    WT_ASSERT(r->made && r->paused);
    r->paused = false;
    /*= clause WT-RESUME-AT-OR-BELOW-LOW, WT-RESUME-WHEN-EMPTY */
    int rc = wt_host_resume_writing(r->host);
    /*= clause WT-CALLBACK-FAILURE-REPORTED */
    if (rc != WT_OK) {
        wt_host_report(r->host, WT_REPORT_RESUME_FAILED, rc);
    }
}

/*
 * The check after the buffer grew or the limits changed. Only the
 * cpython-ssl flavor may resume here (its _control_app_writing); every
 * other flavor resumes only from the writable callback (python/asyncio#329).
 */
REF_INLINE int ref_check_flow(struct ref *r)
{
    bool was_paused = r->paused;
    int rc = ref_maybe_pause(r);
    /*= clause WT-SETTER-NO-RESUME */
    if (r->flavor->setter_may_resume && was_paused) {
        ref_maybe_resume(r);
    }
    return rc;
}

/* ================================================================== */
/* 4. Ending the connection                                           */
/* ================================================================== */

static void ref_on_lost(void *arg);

/*
 * Delivers connection_lost: the socket is closed first, then the protocol
 * is told, and nothing of this transport runs afterwards.
 */
static void ref_deliver_lost(struct ref *r)
{
    /*= clause WT-LOST-EXACTLY-ONCE */
    if (r->lost_done) {
        if (!ref_fault(r, WT_FAULT(LOST_TWICE)) || r->lost_again) {
            return;
        }
        r->lost_again = true; /* FAULT LOST_TWICE: the second delivery */
        wt_host_connection_lost(r->host, r->lost_err);
        return;
    }
    WT_ASSERT(r->conn_lost && r->closing);
    r->lost_done = true;
    /*= clause WT-LOST-ENDS-IO */
    ref_watch_write(r, false);
    ref_watch_read(r, false);
    WT_ASSERT(!r->writing && !r->reading);
    /*= clause WT-CLOSE-FLUSHES */
    (void)wt_host_close_socket(r->host);
    /*= related:Base Protocol -- Connection Callbacks
     *# Connection callbacks are called on all protocols, exactly once per a
     *# successful connection. */
    wt_host_connection_lost(r->host, r->lost_err);
    if (ref_fault(r, WT_FAULT(LOST_TWICE))) {
        (void)wt_host_call_soon(r->host, ref_on_lost, r);
    }
    if (ref_fault(r, WT_FAULT(CALLBACK_AFTER_LOST))) {
        (void)wt_host_pause_writing(r->host); /* FAULT CALLBACK_AFTER_LOST */
    }
    if (ref_fault(r, WT_FAULT(RECV_AFTER_LOST))) {
        size_t got = 0; /* FAULT RECV_AFTER_LOST: the socket is closed; the read fails */
        (void)wt_host_recv(r->host, r->rbuf, sizeof(r->rbuf), &got);
    }
}

static void ref_on_lost(void *arg)
{
    struct ref *r = arg;
    ref_check(r);
    ref_deliver_lost(r);
    ref_check(r);
}

/* FAULT ABORT_KEEPS_READING: one loop hop more before connection_lost (SSL's layering). */
static void ref_on_lost_hop(void *arg)
{
    struct ref *r = arg;
    ref_validate(r);
    (void)wt_host_call_soon(r->host, ref_on_lost, r);
}

/*
 * Schedules connection_lost(err) once. It is never called inside a call
 * of the table (transport.h): in_call says the caller is one, for the
 * LOST_SYNC fault only.
 */
static int ref_schedule_lost(struct ref *r, int err, bool in_call)
{
    /*= clause WT-LOST-EXACTLY-ONCE */
    if (r->lost_done || r->conn_lost) {
        return WT_OK;
    }
    WT_ASSERT(r->closing);
    r->conn_lost = true;
    r->lost_err = err;
    if (in_call && ref_fault(r, WT_FAULT(LOST_SYNC))) {
        ref_deliver_lost(r); /* FAULT LOST_SYNC: inside close()/abort() */
        return WT_OK;
    }
    /*
     * FAULT ABORT_KEEPS_READING: abort() left the reader on, and (as an
     * SSL transport's abort goes through its lower transport) lost comes a
     * loop hop later, so a reader the loop runs meanwhile delivers data.
     */
    if (in_call && ref_fault(r, WT_FAULT(ABORT_KEEPS_READING)) && r->reading) {
        return wt_host_call_soon(r->host, ref_on_lost_hop, r);
    }
    /*= clause WT-LOST-DEFERRED */
    return wt_host_call_soon(r->host, ref_on_lost, r);
}

/*
 * CPython's _force_close: drop the buffer, stop both watches, mark the
 * transport closing, schedule connection_lost(err). Idempotent.
 */
static int ref_force_close(struct ref *r, int err, bool in_call)
{
    if (r->conn_lost) {
        return WT_OK;
    }
    /*= clause WT-ABORT-NO-SEND-AFTER */
    ref_buf_clear(r);
    ref_watch_write(r, false);
    /* FAULT ABORT_KEEPS_READING: abort() (the in-call force close) leaves the reader on. */
    /*= clause WT-ABORT-NO-RECEIVE */
    if (!(in_call && ref_fault(r, WT_FAULT(ABORT_KEEPS_READING)))) {
        ref_watch_read(r, false);
    }
    r->closing = true;
    if (err != 0 && ref_fault(r, WT_FAULT(NO_LOST_ON_ERROR))) {
        r->conn_lost = true; /* FAULT NO_LOST_ON_ERROR: dead, and never says so */
        return WT_OK;
    }
    /*= clause WT-ABORT-LOST-NONE, WT-IO-ERROR-LOST-EXC */
    return ref_schedule_lost(r, err, in_call);
}

/*
 * An I/O error (CPython's _fatal_error with an OSError): not reported to
 * the loop's exception handler, never raised from write(); the protocol
 * learns it from connection_lost(err).
 */
static void ref_fatal_error(struct ref *r, int err)
{
    if (ref_fault(r, WT_FAULT(REPORT_IO_ERROR)) && !r->conn_lost) {
        wt_host_report(r->host, WT_REPORT_FATAL_ERROR, err); /* FAULT REPORT_IO_ERROR */
    }
    /*= clause WT-IO-ERROR-LOST-EXC, WT-REPORT-ONLY-CALLBACK-FAILURES */
    (void)ref_force_close(r, err, false);
}

/* A protocol callback other than pause/resume raised (data/eof_received). */
static void ref_callback_failed(struct ref *r, int rc)
{
    /*= clause WT-CALLBACK-FAILURE-REPORTED */
    wt_host_report(r->host, WT_REPORT_CALLBACK_FAILED, rc);
    /*= clause WT-CALLBACK-RAISE-ENDS */
    if (ref_fault(r, WT_FAULT(RAISE_KEEPS_OPEN))) {
        return; /* FAULT RAISE_KEEPS_OPEN: as pyserial-asyncio does */
    }
    /* FAULT RAISE_LOST_NONE: the protocol is told None, as if closed on purpose. */
    /*= clause WT-LOST-NONE-MEANS */
    (void)ref_force_close(r, ref_fault(r, WT_FAULT(RAISE_LOST_NONE)) ? 0 : rc, false);
}

/* shutdown(SHUT_WR); a socket that refuses it ends the connection. */
static void ref_shutdown(struct ref *r)
{
    int rc = wt_host_shutdown_write(r->host);
    if (rc != WT_OK) {
        ref_fatal_error(r, rc);
    }
}

/* ================================================================== */
/* 5. Loop callbacks: writable, readable, start                       */
/* ================================================================== */

static void ref_on_writable(void *arg);
static void ref_on_readable(void *arg);

/*
 * A watch that cannot be set (add_writer / add_reader raised OSError) is an
 * I/O error: the fatal path, as for a failed send, never a raise. Stopping
 * a watch never fails.
 */
static void ref_watch_write(struct ref *r, bool on)
{
    if (r->writing == on) {
        return;
    }
    r->writing = on;
    int rc = wt_host_watch_writable(r->host, on ? ref_on_writable : NULL, r);
    /*= clause WT-IO-ERROR-LOST-EXC, WT-IO-ERROR-NO-RAISE */
    if (rc != WT_OK && on) {
        r->writing = false;
        ref_fatal_error(r, rc);
    }
}

static void ref_watch_read(struct ref *r, bool on)
{
    if (r->reading == on) {
        return;
    }
    r->reading = on;
    int rc = wt_host_watch_readable(r->host, on ? ref_on_readable : NULL, r);
    if (rc != WT_OK && on) {
        r->reading = false;
        ref_fatal_error(r, rc);
    }
}

/* What comes after the buffer drained: lost for a close, FIN for write_eof. */
static void ref_drained(struct ref *r)
{
    ref_watch_write(r, false);
    /*= clause WT-CLOSE-FLUSHES, WT-LIVENESS-CLOSE-COMPLETES, WT-WRITE-EOF-FLUSHES */
    if (r->closing) {
        /*= related:BaseTransport.close()
         *# After all buffered
         *# data is flushed, the protocol's protocol.connection_lost() method will be
         *# called with None as its argument. */
        (void)ref_schedule_lost(r, 0, false);
    } else if (r->eof) {
        /*= docs:WriteTransport.write_eof
         *# Close the write end of the transport after flushing all buffered data. */
        ref_shutdown(r);
    }
}

/*
 * The socket is writable: send what it takes, then resume if the buffer
 * is down to low. resume_writing may re-enter (write, close, abort), so
 * the state is looked at again after it.
 */
static void ref_on_writable_run(struct ref *r);

static void ref_on_writable(void *arg)
{
    struct ref *r = arg;
    bool due = ref_check_begin(r);
    ref_on_writable_run(r);
    ref_check_end(r, due);
}

static void ref_on_writable_run(struct ref *r)
{
    /*= clause WT-NO-RESUME-AFTER-ABORT, WT-ABORT-NO-SEND-AFTER */
    if (r->conn_lost) {
        return;
    }
    if (r->len == 0) {
        ref_drained(r);
        return;
    }
    size_t sent = 0;
    /*= clause WT-WRITE-DELIVERS, WT-LIVENESS-WAKEUP */
    int rc = ref_send(r, r->buf + r->head, r->len, &sent);
    /*= clause WT-IO-ERROR-LOST-EXC */
    if (rc != WT_OK) {
        ref_fatal_error(r, rc);
        return;
    }
    /*= clause WT-LIVENESS-WAKEUP */
    if (sent == 0) {
        /* A send that returned 0 went through (CPython's else branch checks
         * resume, `sock sendzero`); an EAGAIN did not. Keep watching. */
        if (!r->send_blocked) {
            ref_maybe_resume(r);
        }
        return;
    }
    /* FAULT RESUME_STALE_SIZE: the resume check runs before the sent bytes leave. */
    bool stale = ref_fault(r, WT_FAULT(RESUME_STALE_SIZE));
    if (stale) {
        ref_maybe_resume(r);
        if (r->conn_lost) {
            return; /* aborted from inside resume_writing: the buffer is gone */
        }
    }
    /*= clause WT-SIZE-UNSENT */
    ref_buf_consume(r, sent);
    /*= clause WT-RESUME-AT-OR-BELOW-LOW, WT-RESUME-WHEN-EMPTY */
    if (!stale) {
        ref_maybe_resume(r);
    }
    if (r->conn_lost || r->len != 0) {
        return;
    }
    ref_drained(r);
}

static int ref_begin_close(struct ref *r, bool in_call);

static void ref_on_eof(struct ref *r)
{
    bool keep_open = false;
    /*= clause WT-STATE-MACHINE */
    if (!ref_fault(r, WT_FAULT(EOF_KEEPS_READING))) {
        ref_watch_read(r, false); /* FAULT EOF_KEEPS_READING: an EOF kept open is read again */
    }
    int rc = wt_host_eof_received(r->host, &keep_open);
    if (rc != WT_OK) {
        ref_callback_failed(r, rc);
        return;
    }
    /* CPython: an eof_received() that returns a false value closes. */
    /*= clause WT-LOST-NONE-MEANS */
    if (!keep_open) {
        (void)ref_begin_close(r, false);
    }
}

static void ref_on_readable_run(struct ref *r);

static void ref_on_readable(void *arg)
{
    struct ref *r = arg;
    ref_check(r);
    ref_on_readable_run(r);
    ref_check(r);
}

static void ref_on_readable_run(struct ref *r)
{
    /* FAULT DATA_AFTER_CLOSE / ABORT_KEEPS_READING: close() or abort() left the
     * reader on; only a delivered connection_lost stops it. */
    bool left_on = ref_fault(r, WT_FAULT(DATA_AFTER_CLOSE) | WT_FAULT(ABORT_KEEPS_READING));
    /*= clause WT-ABORT-NO-RECEIVE, WT-CLOSE-NO-RECEIVE */
    if (r->conn_lost && !(left_on && !r->lost_done)) {
        return;
    }
    size_t got = 0;
    int rc = wt_host_recv(r->host, r->rbuf, sizeof(r->rbuf), &got);
    WT_ASSERT(got <= sizeof(r->rbuf)); /* pair with the host's socket */
    if (rc == WT_EAGAIN) {
        return;
    }
    if (rc != WT_OK) {
        ref_fatal_error(r, rc);
        return;
    }
    if (got == 0) {
        ref_on_eof(r);
        return;
    }
    /*= clause WT-WRITE-EOF-STILL-RECEIVES */
    rc = wt_host_data_received(r->host, r->rbuf, got);
    if (rc != WT_OK) {
        ref_callback_failed(r, rc);
    }
}

/* The first loop callback: connection_made, then start reading. */
static void ref_on_start(void *arg)
{
    struct ref *r = arg;
    ref_check(r);
    WT_ASSERT(!r->made); /* scheduled once, by create */
    r->made = true;
    /*= clause WT-CALLBACKS-BETWEEN, WT-STATE-MACHINE */
    wt_host_connection_made(r->host);
    if (!r->closing) {
        ref_watch_read(r, true);
    }
    ref_check(r);
}

/* ================================================================== */
/* 6. The methods of the table                                        */
/* ================================================================== */

static int ref_create(struct wt_host *host, const struct wt_transport_args *args, void **self_out)
{
    if (host == NULL || self_out == NULL) {
        return WT_EVALUE;
    }
    *self_out = NULL;
    const struct ref_flavor *flavor = ref_flavor_find(args != NULL ? args->flavor : NULL);
    if (flavor == NULL) {
        return WT_EVALUE;
    }
    struct ref *r = wt_host_alloc(host, sizeof(*r));
    if (r == NULL) {
        return WT_ENOMEM;
    }
    /* rbuf (the last field) is written by each recv before it is read: not
     * clearing its 16 KiB halves the cost of creating a transport, which a
     * fuzz target does twice per input. */
    memset(r, 0, offsetof(struct ref, rbuf));
    r->host = host;
    r->flavor = flavor;
    r->faults = args != NULL ? args->faults : 0;
    /*= docs:WriteTransport.set_write_buffer_limits
     *# The defaults are implementation-specific. */
    /*= clause WT-LIMITS-DEFAULTS */
    r->high = flavor->high;
    /*= clause WT-LIMITS-DEFAULTS */
    r->low = flavor->low;
    /* connection_made is never called inside create (transport.h). */
    ref_validate(r);
    int rc = wt_host_call_soon(host, ref_on_start, r);
    if (rc != WT_OK) {
        wt_host_free(host, r);
        return rc;
    }
    /* The world reads the size from r->len instead of calling the getter,
     * unless the getter is the SIZE_LIES mutant's (ref_get_write_buffer_size). */
    if (!ref_fault(r, WT_FAULT(SIZE_LIES))) {
        wt_host_size_word(host, &r->len);
    }
    *self_out = r;
    return WT_OK;
}

static void ref_destroy(void *self)
{
    struct ref *r = self;
    if (r == NULL) {
        return;
    }
    ref_validate(r);
    wt_host_free(r->host, r->buf);
    wt_host_free(r->host, r);
}

/* Writes that arrive once the transport is done with them vanish (CPython). */
static bool ref_drops_writes(const struct ref *r)
{
    return r->conn_lost || (r->closing && r->flavor->drop_after_close);
}

/* The buffer just became non-empty: wait for writability, then check flow. */
REF_INLINE int ref_queued(struct ref *r, bool was_empty, bool check_pause)
{
    /*= clause WT-LIVENESS-WAKEUP */
    if (was_empty && r->len > 0 && !ref_fault(r, WT_FAULT(LOSE_WAKEUP))) {
        ref_watch_write(r, true); /* FAULT LOSE_WAKEUP: skips this */
    }
    return check_pause ? ref_check_flow(r) : WT_OK;
}

/*
 * A write the synchronous send took whole. SSL runs _control_app_writing
 * after every write, so a protocol it paused with an empty buffer (high =
 * 0, sslproto.py:818) is resumed by the next write; the other flavors check
 * nothing (CPython's "try to send now" returns at once).
 */
static int ref_sent_all(struct ref *r)
{
    return r->flavor->setter_may_resume ? ref_check_flow(r) : WT_OK;
}

/* FAULT EMPTY_WRITE_SENDS: write(b'') reaches the socket and flow control. */
static int ref_write_empty_fault(struct ref *r, const uint8_t *data)
{
    size_t sent = 0;
    if (r->len == 0) {
        (void)ref_send(r, data, 0, &sent);
    }
    return ref_check_flow(r);
}

static int ref_write_run(struct ref *r, const uint8_t *data, size_t len)
{
    if (r->lost_done && ref_fault(r, WT_FAULT(ERROR_AFTER_LOST))) {
        return WT_EATTRIBUTE; /* FAULT ERROR_AFTER_LOST: touches a socket object already gone */
    }
    /* CPython checks eof before emptiness: write(b'') after write_eof raises. */
    /*= clause WT-REJECTED-CALL-NO-EFFECT */
    if (r->eof) {
        return WT_ESTATE;
    }
    /*= clause WT-WRITE-EMPTY-NOOP */
    if (len == 0) {
        bool fault = ref_fault(r, WT_FAULT(EMPTY_WRITE_SENDS)) && !ref_drops_writes(r);
        return fault ? ref_write_empty_fault(r, data) : WT_OK;
    }
    /*= clause WT-NO-UNEXPECTED-ERROR, WT-ABORT-NO-SEND-AFTER */
    if (ref_drops_writes(r)) {
        return WT_OK;
    }
    /*= docs:WriteTransport.write
     *# This method does not block; it buffers the data and arranges for it
     *# to be sent out asynchronously. */
    bool was_empty = r->len == 0;
    if (was_empty) {
        /* CPython's optimization: with nothing queued, try to send now. */
        size_t sent = 0;
        /*= clause WT-WRITE-DELIVERS */
        int rc = ref_send(r, data, len, &sent);
        /*= clause WT-IO-ERROR-NO-RAISE, WT-IO-ERROR-LOST-EXC */
        if (rc != WT_OK) {
            ref_fatal_error(r, rc);
            /* FAULT RAISE_ON_IO_ERROR: the send error reaches the caller. */
            return ref_fault(r, WT_FAULT(RAISE_ON_IO_ERROR)) ? rc : WT_OK;
        }
        if (sent == len) {
            return ref_sent_all(r);
        }
        data += sent;
        len -= sent;
    }
    /*= clause WT-WRITE-DELIVERS, WT-SIZE-UNSENT */
    int rc = ref_buf_append(r, data, len);
    if (rc != WT_OK) {
        return rc;
    }
    /*= clause WT-PAUSE-STRICTLY-OVER-HIGH, WT-LIVENESS-WAKEUP */
    return ref_queued(r, was_empty, true);
}

/*
 * The table's mutating methods validate on entry and exit. A contract
 * error is returned before any state changes (WT-REJECTED-CALL-NO-EFFECT),
 * so the buffer is as it was.
 */
static int ref_write(void *self, const uint8_t *data, size_t len)
{
    struct ref *r = self;
    bool due = ref_check_begin(r);
    size_t before = r->len;
    int rc = ref_write_run(r, data, len);
    WT_ASSERT(rc != WT_ESTATE || r->len == before);
    ref_check_end(r, due);
    return rc;
}

static int ref_writelines_run(struct ref *r, const struct wt_buf *bufs, size_t nbufs)
{
    size_t total = 0;
    for (size_t i = 0; i < nbufs; i++) {
        if (bufs[i].len > SIZE_MAX - total) {
            return WT_EVALUE;
        }
        total += bufs[i].len;
    }
    /*= clause WT-REJECTED-CALL-NO-EFFECT */
    if (r->eof) {
        return WT_ESTATE;
    }
    if (total == 0 || ref_drops_writes(r)) {
        return WT_OK;
    }
    int rc = WT_OK;
    /*= docs:WriteTransport.writelines
     *# This is functionally equivalent to calling write() on each
     *# element yielded by the iterable, but may be implemented more
     *# efficiently. */
    bool was_empty = r->len == 0;
    for (size_t i = 0; i < nbufs; i++) {
        rc = ref_buf_append(r, bufs[i].data, bufs[i].len);
        if (rc != WT_OK) {
            return rc;
        }
    }
    if (was_empty) {
        /* As write(): with nothing queued before, one send of it all now. */
        size_t sent = 0;
        rc = ref_send(r, r->buf + r->head, r->len, &sent);
        /*= clause WT-IO-ERROR-NO-RAISE */
        if (rc != WT_OK) {
            ref_fatal_error(r, rc);
            return ref_fault(r, WT_FAULT(RAISE_ON_IO_ERROR)) ? rc : WT_OK;
        }
        ref_buf_consume(r, sent);
        if (r->len == 0) {
            return ref_fault(r, WT_FAULT(WRITELINES_NO_PAUSE)) ? WT_OK : ref_sent_all(r);
        }
    }
    /* FAULT WRITELINES_NO_PAUSE: the flow check is skipped. */
    /*= clause WT-WRITELINES-LIKE-WRITE */
    return ref_queued(r, was_empty, !ref_fault(r, WT_FAULT(WRITELINES_NO_PAUSE)));
}

static int ref_writelines(void *self, const struct wt_buf *bufs, size_t nbufs)
{
    struct ref *r = self;
    ref_check(r);
    size_t before = r->len;
    int rc = ref_writelines_run(r, bufs, nbufs);
    WT_ASSERT((rc != WT_ESTATE && rc != WT_EVALUE) || r->len == before);
    ref_check(r);
    return rc;
}

static int ref_write_eof_run(struct ref *r)
{
    /*= docs:WriteTransport.write_eof
     *# This method can raise NotImplementedError if the transport
     *# (e.g. SSL) doesn’t support half-closed connections. */
    /*= clause WT-CAN-WRITE-EOF-MATCHES, WT-REJECTED-CALL-NO-EFFECT */
    if (!r->flavor->can_eof || ref_fault(r, WT_FAULT(CAN_WRITE_EOF_LIES))) {
        return WT_ENOTIMPL; /* FAULT CAN_WRITE_EOF_LIES: though can_write_eof() is true */
    }
    if (r->closing || r->eof) {
        return WT_OK;
    }
    if (r->flavor->eof_closes) {
        return ref_begin_close(r, true); /* CPython's pipe: write_eof is close */
    }
    r->eof = true;
    /*= docs:WriteTransport.write_eof
     *# Data may still be received. */
    /*= clause WT-WRITE-EOF-FLUSHES */
    if (r->len == 0 || ref_fault(r, WT_FAULT(WRITE_EOF_NO_FLUSH))) {
        ref_shutdown(r); /* FAULT WRITE_EOF_NO_FLUSH: even with data queued */
    }
    return WT_OK;
}

static int ref_write_eof(void *self)
{
    struct ref *r = self;
    ref_check(r);
    bool eof = r->eof;
    int rc = ref_write_eof_run(r);
    WT_ASSERT(rc != WT_ENOTIMPL || r->eof == eof);
    ref_check(r);
    return rc;
}

static int ref_can_write_eof(void *self, bool *can_out)
{
    const struct ref *r = self;
    ref_check(r);
    /*= docs:WriteTransport.can_write_eof
     *# Return True if the transport supports
     *# write_eof(), False if not. */
    /*= clause WT-CAN-WRITE-EOF-MATCHES */
    *can_out = r->flavor->can_eof || ref_fault(r, WT_FAULT(CAN_WRITE_EOF_LIES));
    return WT_OK;
}

static int ref_abort_run(struct ref *r)
{
    if (ref_fault(r, WT_FAULT(ABORT_KEEPS_DATA)) && !r->conn_lost) {
        /* FAULT ABORT_KEEPS_DATA: abort() acts as close(), flushing first. */
        r->closing = true;
        ref_watch_read(r, false);
        return r->len == 0 ? ref_schedule_lost(r, 0, true) : WT_OK;
    }
    /*= docs:WriteTransport.abort
     *# Close the transport immediately, without waiting for pending operations
     *# to complete.  Buffered data will be lost.  No more data will be received.
     *# The protocol’s protocol.connection_lost() method will eventually be
     *# called with None as its argument. */
    /* FAULT ABORT_LOST_ERROR: connection_lost gets an error, as if the peer reset. */
    /*= clause WT-ABORT-NO-SEND-AFTER, WT-ABORT-NO-RECEIVE, WT-ABORT-LOST-NONE */
    int rc = ref_force_close(r, ref_fault(r, WT_FAULT(ABORT_LOST_ERROR)) ? WT_ECLOSED : 0, true);
    if (ref_fault(r, WT_FAULT(RESUME_AFTER_ABORT)) && r->paused) {
        r->paused = false; /* FAULT RESUME_AFTER_ABORT */
        (void)wt_host_resume_writing(r->host);
    }
    return rc;
}

static int ref_abort(void *self)
{
    struct ref *r = self;
    ref_check(r);
    int rc = ref_abort_run(r);
    /* Whatever abort() did, the transport is closing afterwards. */
    WT_ASSERT(r->closing);
    ref_check(r);
    return rc;
}

/*
 * close(): closing at once, no more reading; connection_lost comes after the
 * flush, or on the next loop iteration when nothing is queued.
 */
static int ref_begin_close(struct ref *r, bool in_call)
{
    if (r->closing) {
        return WT_OK;
    }
    /*= clause WT-IS-CLOSING */
    r->closing = true;
    /*= related:BaseTransport.close()
     *# No more data will be received. */
    /*= clause WT-CLOSE-NO-RECEIVE */
    if (!ref_fault(r, WT_FAULT(DATA_AFTER_CLOSE))) {
        ref_watch_read(r, false); /* FAULT DATA_AFTER_CLOSE: keeps reading */
    }
    if (ref_fault(r, WT_FAULT(CLOSE_DROPS_DATA))) {
        ref_buf_clear(r); /* FAULT CLOSE_DROPS_DATA */
    }
    /*= related:BaseTransport.close()
     *# If the transport has a buffer for outgoing data, buffered data will be
     *# flushed asynchronously. */
    /*= clause WT-CLOSE-FLUSHES */
    if (r->len != 0) {
        return WT_OK;
    }
    ref_watch_write(r, false);
    /*= clause WT-LIVENESS-CLOSE-COMPLETES, WT-LOST-DEFERRED */
    return ref_schedule_lost(r, 0, in_call);
}

static int ref_close(void *self)
{
    struct ref *r = self;
    ref_check(r);
    int rc = ref_begin_close(r, true);
    WT_ASSERT(r->closing);
    ref_check(r);
    return rc;
}

static int ref_is_closing(void *self, bool *closing_out)
{
    const struct ref *r = self;
    ref_check(r);
    /*= related:BaseTransport.is_closing()
     *# Return True if the transport is closing or is closed. */
    /*= clause WT-IS-CLOSING */
    *closing_out = ref_fault(r, WT_FAULT(IS_CLOSING_LATE)) ? r->lost_done : r->closing;
    return WT_OK;
}

static int ref_get_write_buffer_size(void *self, size_t *size_out)
{
    const struct ref *r = self;
    /*= docs:WriteTransport.get_write_buffer_size
     *# Return the current size of the output buffer used by the transport. */
    ref_check(r);
    /*= clause WT-SIZE-UNSENT */
    *size_out = ref_fault(r, WT_FAULT(SIZE_LIES)) ? r->len / 2 : r->len; /* FAULT SIZE_LIES */
    /* Pair: the size reported is the buffer's, unless it is the SIZE_LIES mutant. */
    WT_ASSERT(*size_out == r->len || (ref_fault(r, WT_FAULT(SIZE_LIES)) && *size_out <= r->len));
    return WT_OK;
}

static int ref_get_write_buffer_limits(void *self, int64_t *low_out, int64_t *high_out)
{
    const struct ref *r = self;
    /*= docs:WriteTransport.get_write_buffer_limits
     *# Return a
     *# tuple (low, high) where low and high are positive number of
     *# bytes. */
    ref_check(r);
    bool swap = ref_fault(r, WT_FAULT(LIMITS_SWAPPED)); /* FAULT LIMITS_SWAPPED */
    /*= clause WT-LIMITS-GET-ORDER */
    *low_out = swap ? r->high : r->low;
    /*= clause WT-LIMITS-GET-ORDER */
    *high_out = swap ? r->low : r->high;
    return WT_OK;
}

/* Python's floor division by 4, so negative values (a fault) round alike. */
static int64_t ref_quarter(int64_t v) { return v >= 0 ? v / 4 : -((-v + 3) / 4); }

/* Fills in what the request leaves as None (CPython's rules). */
static void ref_limits_resolve(const struct ref *r, const struct wt_limits *req, int64_t *high_out,
                               int64_t *low_out)
{
    int64_t high = req->high;
    int64_t low = req->low;
    /* FAULT HIGH0_AS_NONE: Python's `if not high:` takes high = 0 alone as None. */
    bool has_high = req->has_high && !(high == 0 && !req->has_low &&
                                       ref_fault(r, WT_FAULT(HIGH0_AS_NONE)));
    /*= clause WT-LIMITS-HIGH-DEFAULT-4LOW */
    if (!has_high) {
        /* Not in the docs; every implementation derives high = 4 * low. */
        high = req->has_low ? 4 * low : r->flavor->setter_high;
        if (req->has_low && ref_fault(r, WT_FAULT(NO_DEFAULT_HIGH))) {
            high = r->high; /* FAULT NO_DEFAULT_HIGH */
        }
    }
    /*= clause WT-LIMITS-LOW-DEFAULT-QUARTER, WT-LIMITS-ONLY-HIGH-LOW-LE-HIGH */
    /*= clause WT-LIMITS-HIGH0-LOW0 */
    if (!req->has_low) {
        /*= docs:WriteTransport.set_write_buffer_limits
         *# If only the
         *# high watermark is given, the low watermark defaults to an
         *# implementation-specific value less than or equal to the
         *# high watermark. */
        /*= docs:WriteTransport.set_write_buffer_limits
         *# Setting high to zero forces low to zero as
         *# well, and causes pause_writing() to be called
         *# whenever the buffer becomes non-empty. */
        bool keep = has_high && ref_fault(r, WT_FAULT(NO_DEFAULT_LOW));
        low = keep ? r->low : ref_quarter(high); /* FAULT NO_DEFAULT_LOW */
    }
    *high_out = high;
    *low_out = low;
}

static int ref_limits_check(const struct ref *r, int64_t high, int64_t low)
{
    /*= docs:WriteTransport.set_write_buffer_limits
     *# If specified, the low watermark must be less
     *# than or equal to the high watermark. */
    /*= clause WT-LIMITS-LOW-LE-HIGH */
    if (low > high) {
        return WT_EVALUE;
    }
    /*= docs:WriteTransport.set_write_buffer_limits
     *# Neither high nor low
     *# can be negative. */
    /*= clause WT-LIMITS-NOT-NEGATIVE, WT-LIMITS-ZERO-ALLOWED */
    if (low < 0 && !ref_fault(r, WT_FAULT(ACCEPT_NEGATIVE))) {
        return WT_EVALUE; /* FAULT ACCEPT_NEGATIVE: skips this */
    }
    if ((high == 0 || low == 0) && ref_fault(r, WT_FAULT(REJECT_ZERO))) {
        return WT_EVALUE; /* FAULT REJECT_ZERO: "positive" read literally */
    }
    return WT_OK;
}

static int ref_set_limits_run(struct ref *r, const struct wt_limits *req)
{
    int64_t high = 0;
    int64_t low = 0;
    ref_limits_resolve(r, req, &high, &low);
    if (low > high && ref_fault(r, WT_FAULT(LIMITS_CLAMP_LOW))) {
        low = high; /* FAULT LIMITS_CLAMP_LOW: silently, instead of a ValueError */
    }
    /* Checked before any state changes: a rejected call changes nothing. */
    int rc = ref_limits_check(r, high, low);
    /*= clause WT-REJECTED-CALL-NO-EFFECT */
    if (rc != WT_OK) {
        if (ref_fault(r, WT_FAULT(LIMITS_APPLY_REJECTED))) {
            r->high = high; /* FAULT LIMITS_APPLY_REJECTED */
            r->low = low;
        }
        return rc;
    }
    r->high = high;
    r->low = low;
    /* New limits apply at once: lowering high may pause right here. */
    /*= clause WT-PAUSE-STRICTLY-OVER-HIGH, WT-PAUSE-AT-OR-OVER-HIGH, WT-LIMITS-HIGH0-LOW0 */
    return ref_check_flow(r);
}

static int ref_set_write_buffer_limits(void *self, const struct wt_limits *req)
{
    struct ref *r = self;
    ref_check(r);
    int64_t high = r->high;
    int64_t low = r->low;
    int rc = ref_set_limits_run(r, req);
    /* A rejected request changed nothing (FAULT LIMITS_APPLY_REJECTED: on purpose). */
    WT_ASSERT(rc != WT_EVALUE || (r->high == high && r->low == low) ||
              ref_fault(r, WT_FAULT(LIMITS_APPLY_REJECTED)));
    ref_check(r);
    return rc;
}

const struct wt_transport_ops wt_ref_transport_ops = {
    .abi_version = WT_TRANSPORT_ABI,
    .name = "reference",
    .create = ref_create,
    .destroy = ref_destroy,
    .write = ref_write,
    .writelines = ref_writelines,
    .write_eof = ref_write_eof,
    .can_write_eof = ref_can_write_eof,
    .abort = ref_abort,
    .close = ref_close,
    .is_closing = ref_is_closing,
    .get_write_buffer_size = ref_get_write_buffer_size,
    .get_write_buffer_limits = ref_get_write_buffer_limits,
    .set_write_buffer_limits = ref_set_write_buffer_limits,
};
