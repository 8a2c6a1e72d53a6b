/* SPDX-License-Identifier: MIT */
/*
 * catalog.c - the clause catalog: the contract as one const table.
 *
 * One row per rule. A row quotes the exact docs sentence it comes from
 * (after whitespace is collapsed) or, for an implicit rule, says "implicit"
 * and gives the reason every real implementation keeps it (CPython's or
 * uvloop's source by file and line, or the issue). wt_catalog_check splits the two docs texts into
 * sentences and fails for each sentence no row quotes, so a docs update
 * cannot slip past. Conflicting sentences are pairs of rows naming each
 * other; each profile belongs to exactly one side of each pair.
 *
 * Division map:
 *   1. profile bits and the table
 *   2. lookups
 *   3. the docs texts (embedded by tools/embed-docs.sh)
 *   4. sentence splitting and the coverage check
 */
#include <stdio.h>
#include <string.h>

#include "wt/errors.h"
#include "wt/op.h"
#include "wt/spec.h"

/* ===== 1. profile bits and the table ================================== */

/* Bit i = profile index i (spec/profile.c keeps the same order). */
#define PD (1u << 0) /* docs */
#define PA (1u << 1) /* asyncio */
#define PS (1u << 2) /* cpython-selector */
#define PP (1u << 3) /* cpython-pipe */
#define PL (1u << 4) /* cpython-ssl */
#define PU (1u << 5) /* uvloop */
#define PALL (PD | PA | PS | PP | PL | PU)
/* What asyncio's transports agree on and the docs do not say: docs notes it (INTEROP). */
#define PASYNC (PA | PS | PP | PL | PU)
#define NOTE_DOCS PD

#define WTD "write-transport-docs.txt"
#define REL "related-docs.txt"
#define IMP "implicit"

#define MUST WT_CLAUSE_MUST
#define IMPL WT_CLAUSE_IMPL
#define ADV WT_CLAUSE_ADVISORY

/*
 * {id, kind, source, sentence or reason, check, profiles, conflict,
 *  checkable, notes, follows}. An implicit row is either in docs, with
 *  `follows` naming the docs sentence it follows from and why, or it is
 *  asyncio's agreement (profiles PASYNC) that docs judges only as an
 *  INTEROP note (notes NOTE_DOCS).
 */
static const struct wt_clause catalog_rows[] = {
    /* --- write-transport-docs.txt: abort() --- */
    {"WT-ABORT-NO-SEND-AFTER", MUST, WTD,
     "Close the transport immediately, without waiting for pending operations to complete.",
     "no send is attempted after abort() was called (whether the socket takes a byte or not), "
     "until connection_lost (then WT-LOST-ENDS-IO)", PALL, NULL, true, 0, NULL},
    {"WT-ABORT-DISCARDS", MUST, WTD, "Buffered data will be lost.",
     "not separately observable: losing the buffer shows only as no byte past abort's "
     "discard point reaching the peer (WT-ABORT-NO-SEND-AFTER); the size after abort is "
     "implementation-defined (uvloop keeps it until the handle closes)",
     PALL, NULL, false, 0, NULL},
    {"WT-ABORT-NO-RECEIVE", MUST, WTD, "No more data will be received.",
     "no recv attempted, no data_received or eof_received after abort() was called", PALL,
     NULL, true, 0, NULL},
    {"WT-ABORT-LOST-NONE", MUST, WTD,
     "The protocol’s protocol.connection_lost() method will eventually be called with None "
     "as its argument.",
     "after abort(), connection_lost arrives before the loop goes idle, with None unless an "
     "I/O error, the peer's close or a raising data_received came first",
     PALL, NULL, true, 0, NULL},

    /* --- can_write_eof() --- */
    {"WT-CAN-WRITE-EOF-MATCHES", MUST, WTD,
     "Return True if the transport supports write_eof(), False if not.",
     "can_write_eof() true <=> write_eof() does not fail with NotImplementedError", PALL,
     NULL, true, 0, NULL},

    /* --- get_write_buffer_size() --- */
    {"WT-SIZE-UNSENT", MUST, WTD,
     "Return the current size of the output buffer used by the transport.",
     "the size reported at rest (outermost returns, loop callbacks, IDLE) equals the "
     "monitor's model: bytes of accepted writes minus bytes the socket accepted",
     PD | PA | PS | PP | PU, NULL, true, 0, NULL},

    /* --- get_write_buffer_limits() --- */
    {"WT-LIMITS-GET-DESCRIBED", ADV, WTD,
     "Get the high and low watermarks for write flow control.",
     "names the method; what it returns is checked by WT-LIMITS-GET-ORDER", PALL, NULL,
     false, 0, NULL},
    {"WT-LIMITS-GET-ORDER", MUST, WTD,
     "Return a tuple (low, high) where low and high are positive number of bytes.",
     "every read-back has low <= high, and after an accepted set with both given it is "
     "exactly (low, high)",
     PALL, NULL, true, 0, NULL},
    {"WT-LIMITS-POSITIVE", MUST, WTD,
     "Return a tuple (low, high) where low and high are positive number of bytes.",
     "literal reading: limits are > 0, so a zero limit is rejected (no profile picks it: "
     "every implementation allows zero)",
     0, "WT-LIMITS-ZERO-ALLOWED", true, 0, NULL},
    {"WT-LIMITS-USE-SETTER", ADV, WTD, "Use set_write_buffer_limits() to set the limits.",
     "a cross-reference; nothing to check", PALL, NULL, false, 0, NULL},

    /* --- set_write_buffer_limits() --- */
    {"WT-LIMITS-SET-DESCRIBED", MUST, WTD,
     "Set the high and low watermarks for write flow control.",
     "the method exists (a transport without it FAILs here, once) and accepts a valid "
     "request; what it sets is checked through the read-back by WT-LIMITS-GET-ORDER",
     PALL, NULL, true, 0, NULL},
    {"WT-LIMITS-UNITS", ADV, WTD,
     "These two values (measured in number of bytes) control when the protocol’s "
     "protocol.pause_writing() and protocol.resume_writing() methods are called.",
     "units and purpose; the C ABI has only byte counts, and the thresholds are "
     "WT-PAUSE-* / WT-RESUME-*",
     PALL, NULL, false, 0, NULL},
    {"WT-LIMITS-LOW-LE-HIGH", MUST, WTD,
     "If specified, the low watermark must be less than or equal to the high watermark.",
     "set_write_buffer_limits with low > high (high = 0, low = 5 included) fails with "
     "ValueError",
     PALL, "WT-LIMITS-HIGH0-FORCES-LOW0", true, 0, NULL},
    {"WT-LIMITS-NOT-NEGATIVE", MUST, WTD, "Neither high nor low can be negative.",
     "set_write_buffer_limits with a negative high or low fails with ValueError", PALL,
     NULL, true, 0, NULL},
    {"WT-PAUSE-AT-OR-OVER-HIGH", MUST, WTD,
     "pause_writing() is called when the buffer size becomes greater than or equal to the "
     "high value.",
     "at the return of write/writelines/set_write_buffer_limits a size >= high means "
     "paused; pause_writing at a size < high is early",
     PL, "WT-PAUSE-STRICTLY-OVER-HIGH", true, 0, NULL},
    {"WT-RESUME-LE-LOW-WT", MUST, WTD,
     "If writing has been paused, resume_writing() is called when the buffer size becomes "
     "less than or equal to the low value.",
     "the same rule as WT-RESUME-AT-OR-BELOW-LOW, which the resume conflict pair quotes; "
     "checked there",
     PD | PA | PS | PL, NULL, false, 0, NULL},
    {"WT-LIMITS-DEFAULTS", IMPL, WTD, "The defaults are implementation-specific.",
     "the first read-back has 0 <= low <= high and equals the profile's defaults where "
     "the profile fixes them",
     PALL, NULL, true, 0, NULL},
    {"WT-LIMITS-ONLY-HIGH-LOW-LE-HIGH", MUST, WTD,
     "If only the high watermark is given, the low watermark defaults to an "
     "implementation-specific value less than or equal to the high watermark.",
     "after an accepted set with only high: read-back high equals it and low <= high",
     PALL, NULL, true, 0, NULL},
    {"WT-LIMITS-HIGH0-LOW0", MUST, WTD,
     "Setting high to zero forces low to zero as well, and causes pause_writing() to be "
     "called whenever the buffer becomes non-empty.",
     "docs reading: set(high=0) without low reads back (0, 0); the pause half is the "
     "profile's pause clause with high = 0",
     PALL, NULL, true, 0, NULL},
    {"WT-LIMITS-HIGH0-FORCES-LOW0", MUST, WTD,
     "Setting high to zero forces low to zero as well, and causes pause_writing() to be "
     "called whenever the buffer becomes non-empty.",
     "literal reading: set(high=0, low>0) is accepted and reads back (0, 0) (no profile "
     "picks it: every implementation raises ValueError)",
     0, "WT-LIMITS-LOW-LE-HIGH", true, 0, NULL},
    {"WT-LIMITS-LOW0-RESUME-EMPTY", MUST, WTD,
     "Setting low to zero causes resume_writing() to be called only once the buffer is "
     "empty.",
     "while low = 0, resume_writing only at size 0", PALL, NULL, true, 0, NULL},
    {"WT-LIMITS-ZERO-SUBOPTIMAL", ADV, WTD,
     "Use of zero for either limit is generally sub-optimal as it reduces opportunities "
     "for doing I/O and computation concurrently.",
     "performance advice; no observable rule", PALL, NULL, false, 0, NULL},
    {"WT-LIMITS-USE-GETTER", ADV, WTD, "Use get_write_buffer_limits() to get the limits.",
     "a cross-reference; nothing to check", PALL, NULL, false, 0, NULL},

    /* --- write() --- */
    {"WT-WRITE-DELIVERS", MUST, WTD, "Write some data bytes to the transport.",
     "the peer gets exactly the written bytes in order (no PEER CORRUPT) and the socket "
     "never accepts more than was written",
     PALL, NULL, true, 0, NULL},
    {"WT-LIVENESS-WAKEUP", MUST, WTD,
     "This method does not block; it buffers the data and arranges for it to be sent out "
     "asynchronously.",
     "liveness: at IDLE with a writable socket the transport holds no data and is not "
     "paused at size <= low; a BOUND with data pending fails too (lost wake-up)",
     PALL, NULL, true, 0, NULL},

    /* --- writelines() --- */
    {"WT-WRITELINES-ITERABLE", ADV, WTD,
     "Write a list (or any iterable) of data bytes to the transport.",
     "iterables are a Python notion; the C ABI passes an array of chunks, and delivery is "
     "WT-WRITE-DELIVERS",
     PALL, NULL, false, 0, NULL},
    {"WT-WRITELINES-LIKE-WRITE", MUST, WTD,
     "This is functionally equivalent to calling write() on each element yielded by the "
     "iterable, but may be implemented more efficiently.",
     "writelines keeps flow control like write: at its return a size over the profile's "
     "threshold means paused (gh-127655)",
     PALL, NULL, true, 0, NULL},

    /* --- write_eof() --- */
    {"WT-WRITE-EOF-FLUSHES", MUST, WTD,
     "Close the write end of the transport after flushing all buffered data.",
     "after write_eof(), shutdown (or the socket's close) comes only once every written "
     "byte was accepted, and it does come before the loop goes idle",
     /* SSL cannot half-close: never exercised there */
     PD | PA | PS | PP | PU, NULL, true, 0, NULL},
    {"WT-WRITE-EOF-STILL-RECEIVES", IMPL, WTD, "Data may still be received.",
     "after write_eof(), data the peer sends is delivered by data_received unless the "
     "transport closed (the CPython pipe closes on write_eof)",
     PD | PA | PS | PU, NULL, true, 0, NULL},
    {"WT-WRITE-EOF-MAY-NOTIMPL", IMPL, WTD,
     "This method can raise NotImplementedError if the transport (e.g. SSL) doesn’t "
     "support half-closed connections.",
     "a permission; that it agrees with can_write_eof() is WT-CAN-WRITE-EOF-MATCHES", PALL,
     NULL, false, 0, NULL},

    /* --- related-docs.txt: close(), is_closing() --- */
    {"WT-CLOSE-DESCRIBED", ADV, REL, "Close the transport.",
     "its effects are the sentences that follow (WT-CLOSE-*, WT-IS-CLOSING)", PALL, NULL,
     false, 0, NULL},
    {"WT-CLOSE-FLUSHES", MUST, REL,
     "If the transport has a buffer for outgoing data, buffered data will be flushed "
     "asynchronously.",
     "after close(), connection_lost(None) comes only once every written byte was accepted "
     "by the socket",
     PALL, NULL, true, 0, NULL},
    {"WT-CLOSE-NO-RECEIVE", MUST, REL, "No more data will be received.",
     "no data_received or eof_received after close() was called", PALL, NULL, true, 0, NULL},
    {"WT-LIVENESS-CLOSE-COMPLETES", MUST, REL,
     "After all buffered data is flushed, the protocol's protocol.connection_lost() method "
     "will be called with None as its argument.",
     "after close(), connection_lost arrives (None unless an I/O error) before the loop "
     "goes idle with a writable socket, and before a BOUND",
     PALL, NULL, true, 0, NULL},
    {"WT-IS-CLOSING", MUST, REL, "Return True if the transport is closing or is closed.",
     "is_closing() is true once close()/abort() was called or the connection was lost, "
     "and false before any close, abort, write_eof or I/O error",
     PALL, NULL, true, 0, NULL},

    /* --- connection callbacks --- */
    {"WT-LOST-EXACTLY-ONCE", MUST, REL,
     "Connection callbacks are called on all protocols, exactly once per a successful "
     "connection.",
     "connection_made and connection_lost are each delivered at most once (a missing "
     "connection_lost is the liveness clauses' finding)",
     PALL, NULL, true, 0, NULL},
    {"WT-CALLBACKS-BETWEEN", MUST, REL,
     "All other protocol callbacks can only be called between those two methods.",
     "no callback before connection_made and none after connection_lost", PALL, NULL, true, 0,
     NULL},
    {"WT-MADE-DESCRIBED", ADV, REL, "Called when a connection is made.",
     "the world delivers the connection; its order is WT-CALLBACKS-BETWEEN", PALL, NULL,
     false, 0, NULL},
    {"WT-LOST-ENDS-IO", MUST, REL, "Called when the connection is lost or closed.",
     "once connection_lost was delivered the connection is gone: the transport attempts no "
     "send or recv on the socket (whether any byte moves or not); when connection_lost must "
     "come is WT-ABORT-LOST-NONE, WT-LIVENESS-CLOSE-COMPLETES and WT-IO-ERROR-LOST-EXC",
     PALL, NULL, true, 0, NULL},
    {"WT-LOST-ARG-TYPE", ADV, REL, "The argument is either an exception object or None.",
     "the C ABI's int error (0 = None) cannot be anything else", PALL, NULL, false, 0, NULL},
    {"WT-LOST-NONE-MEANS", MUST, REL,
     "The latter means a regular EOF is received, or the connection was aborted or closed "
     "by this side of the connection.",
     "connection_lost(None) only after close(), abort(), write_eof() or the peer's EOF or "
     "close",
     PALL, NULL, true, 0, NULL},

    /* --- flow control callbacks --- */
    {"WT-FLOW-DESCRIBED", ADV, REL,
     "Flow control callbacks can be called by transports to pause or resume writing "
     "performed by the protocol.",
     "describes the callbacks; their rules are WT-PAUSE-*, WT-RESUME-*", PALL, NULL, false, 0,
     NULL},
    {"WT-FLOW-SEE-LIMITS", ADV, REL,
     "See the documentation of the set_write_buffer_limits() method for more details.",
     "a cross-reference; nothing to check", PALL, NULL, false, 0, NULL},
    {"WT-PAUSE-GOES-OVER", MUST, REL,
     "Called when the transport's buffer goes over the high watermark.",
     "the same rule as WT-PAUSE-STRICTLY-OVER-HIGH, which states it precisely; checked "
     "there",
     PD | PA | PS | PP | PU, NULL, false, 0, NULL},
    {"WT-RESUME-BELOW-LOW", MUST, REL,
     "Called when the transport's buffer drains below the low watermark.",
     "literal reading: resume only at size < low (no profile picks it: every "
     "implementation resumes at size == low)",
     0, "WT-RESUME-AT-OR-BELOW-LOW", true, 0, NULL},
    {"WT-PAUSE-STRICTLY-OVER-HIGH", MUST, REL,
     "If the buffer size equals the high watermark, pause_writing() is not called: the "
     "buffer size must go strictly over.",
     "at the return of write/writelines/set_write_buffer_limits a size > high means "
     "paused; pause_writing at a size <= high is early",
     PD | PA | PS | PP | PU, "WT-PAUSE-AT-OR-OVER-HIGH", true, 0, NULL},
    {"WT-RESUME-AT-OR-BELOW-LOW", MUST, REL,
     "Conversely, resume_writing() is called when the buffer size is equal or lower than "
     "the low watermark.",
     "resume_writing at a size <= low only; once a send brings the size <= low while "
     "paused, resume comes before the next call, IDLE, TIME, BOUND or END",
     PD | PA | PS | PL, "WT-RESUME-BELOW-LOW", true, 0, NULL},
    {"WT-LIMITS-ZERO-ALLOWED", MUST, REL,
     "These end conditions are important to ensure that things go as expected when either "
     "mark is zero.",
     "zero limits are allowed: set_write_buffer_limits with a zero high or low (low <= "
     "high) is accepted (\"positive\" read as non-negative)",
     PALL, "WT-LIMITS-POSITIVE", true, 0, NULL},
    {"WT-STATE-MACHINE", MUST, REL,
     "State machine (streaming protocols): start -> connection_made [-> data_received]* "
     "[-> eof_received]? -> connection_lost -> end",
     "connection_made first, eof_received at most once, no data_received after "
     "eof_received, connection_lost last",
     PALL, NULL, true, 0, NULL},

    /*
     * --- implicit rules ---
     * Where the docs are silent. A row docs judges names, in `follows`, the
     * docs sentence it follows from and why; the rest is what asyncio's own
     * transports agree on (the asyncio profile, pinned for interoperability
     * as the web platform tests pin what a spec leaves open): docs judges
     * those only as INTEROP notes, which never fail a run.
     */
    {"WT-LOST-DEFERRED", MUST, IMP,
     "connection_lost is scheduled with call_soon everywhere (selector_events.py:890-891, "
     "unix_events.py:795, uvloop basetransport.pyx:32-38); a synchronous one can run in "
     "the middle of the user's call",
     "connection_lost never runs inside a call of the transport", PASYNC, NULL, true,
     NOTE_DOCS, NULL},
    {"WT-PAUSE-RESUME-ALTERNATE", MUST, IMP,
     "a _protocol_paused flag, set before the callback runs, makes pause/resume "
     "edge-triggered in every implementation (transports.py:281-284)",
     "pause_writing only when not paused, resume_writing only when paused", PALL, NULL,
     true, 0,
     "\"pause_writing() is called when the buffer size becomes greater than or equal to "
     "the high value. If writing has been paused, resume_writing() is called ...\" "
     "(write-transport-docs.txt): pause comes when the size becomes high, an edge, not "
     "again while it stays there, and resume only once writing has been paused"},
    {"WT-NO-RESUME-AFTER-ABORT", MUST, IMP,
     "a paused protocol stays paused until connection_lost after abort or a fatal error "
     "(CPython 3.11-3.13 and uvloop: pause_writing, then connection_lost, no resume)",
     "no resume_writing after abort() or an I/O error", PASYNC, NULL, true, NOTE_DOCS, NULL},
    {"WT-REJECTED-CALL-NO-EFFECT", MUST, IMP,
     "every implementation validates before it assigns (transports.py:323-328); a "
     "contract error changes nothing",
     "a call failing with ValueError/RuntimeError/NotImplementedError sends nothing, calls "
     "no callback, keeps the size and (set_write_buffer_limits) the limits",
     PASYNC, NULL, true, NOTE_DOCS, NULL},
    {"WT-WRITE-EMPTY-NOOP", MUST, IMP,
     "write(b'') is a no-op in every implementation (selector_events.py:1045-1046); "
     "after write_eof it may raise like any write",
     "a zero-length write that succeeds sends nothing, calls no callback, keeps the size",
     PASYNC, NULL, true, NOTE_DOCS, NULL},
    {"WT-NO-UNEXPECTED-ERROR", MUST, IMP,
     "only the contract's own errors may escape a transport call; anything else is a "
     "crash of the call (AttributeError from write() after a flushed close; "
     "gh-115514)",
     "no call returns an error outside the contract band, nor a contract error the "
     "contract does not allow from it (ValueError but from set_write_buffer_limits, "
     "NotImplementedError but from write_eof)",
     PALL, NULL, true, 0,
     "\"Close the transport immediately\", \"Write some data bytes to the transport\" and "
     "the other methods' sentences: each says what its call does, and the docs name the "
     "errors a call may raise instead (NotImplementedError from write_eof, ValueError for "
     "the setter's \"must\" and \"can't\"); a call that escapes with another exception "
     "has not done what its sentence says"},
    {"WT-REPORT-ONLY-CALLBACK-FAILURES", MUST, IMP,
     "an OSError goes to connection_lost, not to the exception handler (_fatal_error, "
     "selector_events.py:867-879); only a failing protocol callback is reported "
     "(transports.py:283-309)",
     "every REPORT is a pause/resume/callback failure that follows a failing callback",
     PASYNC, NULL, true, NOTE_DOCS, NULL},
    {"WT-IO-ERROR-NO-RAISE", MUST, IMP,
     "write() never raises for I/O errors anywhere (_fatal_error, "
     "selector_events.py:867-879)",
     "write/writelines never return a socket error", PALL, NULL, true, 0,
     "\"This method does not block; it buffers the data and arranges for it to be sent out "
     "asynchronously.\" (write-transport-docs.txt): the sending is not the call's, so "
     "neither is its I/O error"},
    {"WT-IO-ERROR-LOST-EXC", MUST, IMP,
     "an OSError on send goes through _fatal_error to connection_lost(exc) "
     "(selector_events.py:867-879)",
     "after a send fails (not EAGAIN), connection_lost comes with that error before the "
     "loop goes idle",
     PALL, NULL, true, 0,
     "\"Called when the connection is lost or closed. The argument is either an exception "
     "object or None. The latter means a regular EOF is received, or the connection was "
     "aborted or closed by this side of the connection.\" (related-docs.txt): an I/O "
     "error loses the connection, so connection_lost is owed, and it is none of None's "
     "cases, so it carries the exception"},
    {"WT-CALLBACK-RAISE-ENDS", MUST, IMP,
     "a data_received or eof_received that raises ends the connection in every asyncio "
     "transport: _fatal_error, then connection_lost(exc) (selector_events.py "
     "_read_ready__data_received: 'Fatal error: protocol.data_received() call failed.')",
     "after data_received or eof_received raised, connection_lost comes before the loop "
     "goes idle", PASYNC, NULL, true, NOTE_DOCS, NULL},
    {"WT-CALLBACK-FAILURE-REPORTED", MUST, IMP,
     "pause/resume exceptions go to the loop's exception handler, write() does not raise "
     "(transports.py:283-309)",
     "a failing callback is followed by a REPORT before its caller returns, and no call "
     "returns the callback's error",
     PASYNC, NULL, true, NOTE_DOCS, NULL},
    {"WT-LIMITS-HIGH-DEFAULT-4LOW", MUST, IMP,
     "every implementation sets high = 4 * low when only low is given "
     "(transports.py:318-319, gh-150313)",
     "after an accepted set with only low: read-back (low, 4 * low)", PASYNC, NULL, true,
     NOTE_DOCS, NULL},
    {"WT-LIMITS-LOW-DEFAULT-QUARTER", MUST, IMP,
     "every implementation sets low = high // 4 when only high is given "
     "(transports.py:320-321)",
     "after an accepted set with only high: read-back (high // 4, high)", PASYNC, NULL, true,
     NOTE_DOCS, NULL},
    {"WT-RESUME-WHEN-EMPTY", MUST, IMP,
     "the CPython pipe resumes only in _write_ready's full-drain branch, uvloop only when "
     "a libuv write completes (unix_events.py:730-737, uvloop stream.pyx:629-631)",
     "resume_writing at a size <= low only; once a send empties the buffer while paused, "
     "resume comes before the next call, IDLE, TIME, BOUND or END",
     PP | PU, NULL, true, 0, NULL},
    {"WT-SETTER-NO-RESUME", IMPL, IMP,
     "CPython and uvloop never resume from set_write_buffer_limits (python/asyncio#329); "
     "SSL may",
     "no resume_writing inside set_write_buffer_limits", PS | PP | PU, NULL, true, 0, NULL},
    {"WT-DETERMINISTIC", MUST, IMP,
     "a simulated run is a function of its ops and seed; a transport whose trace differs "
     "on replay cannot be judged or shrunk",
     "the trace hash equals the first run's when the runner replays (wt_monitor_expect_hash)",
     PALL, NULL, true, 0,
     "no docs sentence: the kit's own precondition for judging any (a verdict about a run "
     "that does not reproduce cannot be checked or replayed), so every profile keeps it"},
    {"WT-TRACE-WELL-FORMED", MUST, IMP,
     "the monitor judges only the trace, so the trace itself must be sound (traces may "
     "come from other processes)",
     "indices consecutive, kinds and fields in range, RETURN matches CALL, nothing after "
     "END, END present",
     PALL, NULL, true, 0,
     "no docs sentence: the kit's own precondition for judging any (every verdict is read "
     "from the trace), so every profile keeps it"},
};

#define CATALOG_COUNT (sizeof catalog_rows / sizeof catalog_rows[0])

/* ===== 2. lookups ====================================================== */

size_t wt_catalog_count(void) { return CATALOG_COUNT; }

const struct wt_clause *wt_catalog_at(size_t index)
{
    if (index >= CATALOG_COUNT) {
        return NULL;
    }
    return &catalog_rows[index];
}

int wt_catalog_find(const char *id, size_t *index_out)
{
    if (id == NULL) {
        return WT_EINVAL;
    }
    for (size_t i = 0; i < CATALOG_COUNT; i++) {
        if (strcmp(catalog_rows[i].id, id) == 0) {
            if (index_out != NULL) {
                *index_out = i;
            }
            return WT_OK;
        }
    }
    return WT_ENOENT;
}

const char *wt_missing_clause(int method)
{
    switch (method) {
    case WT_METHOD_WRITELINES:
        return "WT-WRITELINES-LIKE-WRITE";
    case WT_METHOD_CAN_WRITE_EOF:
        return "WT-CAN-WRITE-EOF-MATCHES";
    case WT_METHOD_ABORT:
        return "WT-ABORT-NO-SEND-AFTER";
    case WT_METHOD_CLOSE:
        return "WT-CLOSE-FLUSHES";
    case WT_METHOD_IS_CLOSING:
        return "WT-IS-CLOSING";
    case WT_METHOD_GET_SIZE:
        return "WT-SIZE-UNSENT";
    case WT_METHOD_GET_LIMITS:
        return "WT-LIMITS-GET-ORDER";
    case WT_METHOD_SET_LIMITS:
        return "WT-LIMITS-SET-DESCRIBED";
    default:
        return NULL;
    }
}

/*
 * Bumped whenever a row's ID, kind, profiles or notes change (2: the
 * asyncio profile, INTEROP notes under docs, WT-LOST-ENDS-IO,
 * WT-LIMITS-SET-DESCRIBED checked).
 */
const char *wt_catalog_version(void) { return "2"; }

const char *wt_clause_kind_name(int kind)
{
    switch (kind) {
    case WT_CLAUSE_MUST:
        return "MUST";
    case WT_CLAUSE_IMPL:
        return "IMPL";
    case WT_CLAUSE_ADVISORY:
        return "ADVISORY";
    default:
        return "?";
    }
}

/* ===== 3. the docs texts ============================================== */

/* Generated into build/.../gen/docs_text.c by tools/embed-docs.sh. */
struct wt_doc_file {
    const char *name;
    const char *text;
};
extern const struct wt_doc_file wt__docs_files[];
extern const size_t wt__docs_count;

size_t wt_docs_count(void) { return wt__docs_count; }

const char *wt_docs_name(size_t index)
{
    if (index >= wt__docs_count) {
        return NULL;
    }
    return wt__docs_files[index].name;
}

const char *wt_docs_text(const char *name)
{
    if (name == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < wt__docs_count; i++) {
        if (strcmp(wt__docs_files[i].name, name) == 0) {
            return wt__docs_files[i].text;
        }
    }
    return NULL;
}

/* ===== 4. sentence splitting and the coverage check =================== */

/*
 * What a sentence is. The text is cut into paragraphs at blank lines.
 * Paragraphs that are not rules are skipped whole: "link:", "docs:",
 * "source:" and "New in version". A heading line is dropped: a line ending
 * in the pilcrow, or a paragraph's first line that ends without
 * punctuation and is followed by a line starting with a capital (the
 * related-docs headings, "BaseTransport.close()"). A paragraph holding
 * "->" is the state diagram: one rule. Everything else is joined with
 * single spaces and cut after ". ", "? " or "! ", except after "e.g." and
 * "i.e.". A sentence is then compared with a row's whitespace-collapsed
 * sentence byte for byte.
 */

#define SENTENCE_MAX 1024
#define PARA_MAX 4096

struct para {
    char text[PARA_MAX]; /* joined, whitespace collapsed */
    size_t len;
    bool overflow;
};

static bool para_starts(const char *line, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(line, prefix, n) == 0;
}

static bool para_is_skipped(const char *first, size_t len)
{
    return para_starts(first, len, "link:") || para_starts(first, len, "docs:") ||
           para_starts(first, len, "source:") || para_starts(first, len, "New in version");
}

static bool line_is_pilcrow_heading(const char *line, size_t len)
{
    /* U+00B6 in UTF-8. */
    return len >= 2 && (unsigned char)line[len - 2] == 0xc2 &&
           (unsigned char)line[len - 1] == 0xb6;
}

static bool line_ends_unpunctuated(const char *line, size_t len)
{
    if (len == 0) {
        return false;
    }
    char c = line[len - 1];
    return c != '.' && c != ':' && c != ',' && c != ';' && c != '?' && c != '!';
}

static void para_append(struct para *p, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (space) {
            if (p->len == 0 || p->text[p->len - 1] == ' ') {
                continue;
            }
            c = ' ';
        }
        if (p->len + 1 >= PARA_MAX) {
            p->overflow = true;
            return;
        }
        p->text[p->len++] = c;
    }
    p->text[p->len] = '\0';
}

/* Collapses whitespace of s into out (cap bytes); false if it did not fit. */
static bool normalise(const char *s, char *out, size_t cap)
{
    size_t len = 0;
    for (; *s != '\0'; s++) {
        char c = *s;
        bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (space) {
            if (len == 0 || out[len - 1] == ' ') {
                continue;
            }
            c = ' ';
        }
        if (len + 1 >= cap) {
            return false;
        }
        out[len++] = c;
    }
    while (len > 0 && out[len - 1] == ' ') {
        len--;
    }
    out[len] = '\0';
    return true;
}

struct check_ctx {
    const char *file;
    void (*report)(void *ud, const char *line);
    void *ud;
    size_t missing;
    size_t sentences;
    bool matched[CATALOG_COUNT]; /* rows whose sentence was found */
};

static bool sentence_has_row(struct check_ctx *cx, const char *sentence)
{
    const char *file = cx->file;
    bool found = false;
    char norm[SENTENCE_MAX];
    for (size_t i = 0; i < CATALOG_COUNT; i++) {
        const struct wt_clause *c = &catalog_rows[i];
        if (strcmp(c->source, file) != 0) {
            continue;
        }
        if (!normalise(c->sentence, norm, sizeof norm)) {
            continue;
        }
        if (strcmp(norm, sentence) == 0) {
            cx->matched[i] = true;
            found = true;
        }
    }
    return found;
}

static void check_sentence(struct check_ctx *cx, const char *s, size_t n)
{
    char buf[SENTENCE_MAX];
    while (n > 0 && s[0] == ' ') {
        s++;
        n--;
    }
    while (n > 0 && s[n - 1] == ' ') {
        n--;
    }
    if (n == 0) {
        return;
    }
    if (n >= sizeof buf) {
        n = sizeof buf - 1;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    cx->sentences++;
    if (sentence_has_row(cx, buf)) {
        return;
    }
    cx->missing++;
    if (cx->report != NULL) {
        char line[SENTENCE_MAX + 128];
        snprintf(line, sizeof line, "%s: no catalog row for: \"%s\"", cx->file, buf);
        cx->report(cx->ud, line);
    }
}

/* True when the period at text[i] ends an abbreviation ("e.g.", "i.e."). */
static bool period_is_abbreviation(const char *text, size_t i)
{
    return i >= 3 && (memcmp(text + i - 3, "e.g", 3) == 0 || memcmp(text + i - 3, "i.e", 3) == 0);
}

static void para_split(struct check_ctx *cx, const struct para *p, bool diagram)
{
    if (diagram) {
        check_sentence(cx, p->text, p->len);
        return;
    }
    size_t start = 0;
    for (size_t i = 0; i < p->len; i++) {
        char c = p->text[i];
        bool end = (c == '.' || c == '?' || c == '!') && i + 1 < p->len && p->text[i + 1] == ' ';
        if (!end || (c == '.' && period_is_abbreviation(p->text, i))) {
            continue;
        }
        check_sentence(cx, p->text + start, i + 1 - start);
        start = i + 1;
    }
    check_sentence(cx, p->text + start, p->len - start);
}

/* Handles one paragraph: lines[0..n) as (pointer, length) pairs. */
static void check_paragraph(struct check_ctx *cx, const char *const *lines, const size_t *lens,
                            size_t n)
{
    if (n == 0 || para_is_skipped(lines[0], lens[0])) {
        return;
    }
    struct para p;
    p.len = 0;
    p.overflow = false;
    p.text[0] = '\0';
    bool diagram = false;
    for (size_t i = 0; i < n; i++) {
        if (line_is_pilcrow_heading(lines[i], lens[i])) {
            continue;
        }
        bool next_capital = i + 1 < n && lens[i + 1] > 0 && lines[i + 1][0] >= 'A' &&
                            lines[i + 1][0] <= 'Z';
        if (i == 0 && line_ends_unpunctuated(lines[i], lens[i]) && next_capital) {
            continue;
        }
        for (size_t k = 0; k + 1 < lens[i]; k++) {
            if (lines[i][k] == '-' && lines[i][k + 1] == '>') {
                diagram = true;
            }
        }
        para_append(&p, lines[i], lens[i]);
        para_append(&p, " ", 1);
    }
    if (p.overflow && cx->report != NULL) {
        cx->report(cx->ud, "a paragraph is too long for the checker; raise PARA_MAX");
        cx->missing++;
    }
    while (p.len > 0 && p.text[p.len - 1] == ' ') {
        p.text[--p.len] = '\0';
    }
    para_split(cx, &p, diagram);
}

#define LINES_MAX 64

static void check_file(struct check_ctx *cx, const char *text)
{
    const char *lines[LINES_MAX];
    size_t lens[LINES_MAX];
    size_t n = 0;
    const char *s = text;
    while (*s != '\0') {
        const char *eol = strchr(s, '\n');
        size_t len = eol != NULL ? (size_t)(eol - s) : strlen(s);
        size_t trimmed = len;
        while (trimmed > 0 && (s[trimmed - 1] == ' ' || s[trimmed - 1] == '\r')) {
            trimmed--;
        }
        if (trimmed == 0) {
            check_paragraph(cx, lines, lens, n);
            n = 0;
        } else if (n < LINES_MAX) {
            lines[n] = s;
            lens[n] = trimmed;
            n++;
        } else {
            /* A paragraph longer than LINES_MAX: judge what we have, go on. */
            check_paragraph(cx, lines, lens, n);
            lines[0] = s;
            lens[0] = trimmed;
            n = 1;
        }
        if (eol == NULL) {
            break;
        }
        s = eol + 1;
    }
    check_paragraph(cx, lines, lens, n);
}

size_t wt_catalog_check(void (*report)(void *ud, const char *line), void *ud)
{
    struct check_ctx cx;
    memset(&cx, 0, sizeof cx);
    cx.report = report;
    cx.ud = ud;
    for (size_t i = 0; i < wt__docs_count; i++) {
        cx.file = wt__docs_files[i].name;
        check_file(&cx, wt__docs_files[i].text);
    }
    /*
     * A row quoting a sentence the docs no longer have is stale. It is
     * reported (the docs changed under it) but not counted: the changed
     * sentence itself is already counted as uncovered.
     */
    for (size_t i = 0; i < CATALOG_COUNT && report != NULL; i++) {
        if (strcmp(catalog_rows[i].source, IMP) == 0 || cx.matched[i]) {
            continue;
        }
        char line[SENTENCE_MAX + 128];
        snprintf(line, sizeof line, "%s: row %s quotes no sentence of %s", catalog_rows[i].id,
                 catalog_rows[i].id, catalog_rows[i].source);
        report(ud, line);
    }
    if (cx.sentences == 0 && report != NULL) {
        /* An empty docs set would make the check vacuous. */
        report(ud, "no sentences found in the docs texts");
        return 1;
    }
    return cx.missing;
}
