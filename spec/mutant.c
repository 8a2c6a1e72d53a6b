/* SPDX-License-Identifier: MIT */
/*
 * mutant.c - the mutant registry: the reference transport with one rule
 * broken, and the clauses the monitor must catch each one by.
 *
 * A mutant is a fault switch of the reference (WT_FAULT_MAP in
 * transport.h) or a flavor judged by a profile that picks the other side.
 * Each declares its primary clause first, then the knock-on clauses it
 * unavoidably breaks on the kit's own op sequences
 * (tests/unit/test_mutants.c) and on the suite (wtkit mutants --verify),
 * judged by the docs profile unless the row names another (a clause that
 * is MUST only there, such as WT-PAUSE-AT-OR-OVER-HIGH in cpython-ssl, or
 * one of asyncio's agreements, which docs only notes: the asyncio profile);
 * the comment beside a knock-on says why it cannot be avoided. Both
 * require the set of FAILed clauses to equal the declared set exactly, so
 * a monitor that misses a rule, or blames the wrong one, is caught.
 *
 * Every checkable MUST clause of some profile has a mutant. The MUST rows
 * without one cannot have one, because no run can FAIL them:
 *  - in no profile (the losing side of a docs conflict, N/A everywhere):
 *    WT-LIMITS-POSITIVE, WT-LIMITS-HIGH0-FORCES-LOW0, WT-RESUME-BELOW-LOW;
 *  - not checkable (the row says which clause checks the same behaviour,
 *    and that clause has mutants): WT-ABORT-DISCARDS (abort-keeps-data),
 *    WT-RESUME-LE-LOW-WT (never-resume), WT-PAUSE-GOES-OVER (flavor-ge,
 *    pause-off-by-one);
 *  - FAILed only by a missing method (capabilities), which no fault of the
 *    reference's table can be: WT-LIMITS-SET-DESCRIBED (a NULL setter;
 *    tests/unit/test_world.c and test_session.c cover missing methods).
 * WT-TRACE-WELL-FORMED is about the trace, which the world writes; a
 * transport reaches it only through the fields it hands the host, here the
 * kind of wt_host_report (report-args-swapped).
 */
#include <string.h>

#include "wt/errors.h"
#include "wt/spec.h"
#include "wt/transport.h"

#define F(name) WT_FAULT(name)

static const struct wt_mutant mutants[] = {
    {"pause-off-by-one", "pauses only when size > high + 1", F(PAUSE_OFF_BY_ONE), NULL,
     {"WT-PAUSE-STRICTLY-OVER-HIGH", NULL}, NULL},
    {"never-pause", "never calls pause_writing", F(NEVER_PAUSE), NULL,
     {"WT-PAUSE-STRICTLY-OVER-HIGH", "WT-WRITELINES-LIKE-WRITE", NULL}, NULL},
    {"never-resume", "never calls resume_writing", F(NEVER_RESUME), NULL,
     {"WT-RESUME-AT-OR-BELOW-LOW", "WT-LIVENESS-WAKEUP", NULL}, NULL},
    {"double-pause", "calls pause_writing again while already paused", F(DOUBLE_PAUSE), NULL,
     {"WT-PAUSE-RESUME-ALTERNATE", NULL}, NULL},
    {"lost-twice", "delivers connection_lost twice", F(LOST_TWICE), NULL,
     {"WT-LOST-EXACTLY-ONCE", NULL}, NULL},
    {"lost-sync", "calls connection_lost inside close()/abort()", F(LOST_SYNC), NULL,
     {"WT-LOST-DEFERRED", NULL}, "asyncio"},
    /* Knock-on: the fault makes abort() a close(), whose flush resumes. */
    {"abort-keeps-data", "abort() keeps flushing the buffer", F(ABORT_KEEPS_DATA), NULL,
     {"WT-ABORT-NO-SEND-AFTER", "WT-NO-RESUME-AFTER-ABORT", NULL}, "asyncio"},
    {"writelines-no-pause", "writelines() skips the pause check", F(WRITELINES_NO_PAUSE), NULL,
     {"WT-WRITELINES-LIKE-WRITE", NULL}, NULL},
    {"limits-apply-rejected", "a rejected set_write_buffer_limits still applies",
     F(LIMITS_APPLY_REJECTED), NULL, {"WT-REJECTED-CALL-NO-EFFECT", NULL}, "asyncio"},
    {"resume-after-abort", "calls resume_writing after abort", F(RESUME_AFTER_ABORT), NULL,
     {"WT-NO-RESUME-AFTER-ABORT", NULL}, "asyncio"},
    /* Knock-on: a close() behind the lost wake-up never completes. */
    {"lose-wakeup", "forgets to watch for writability after a short send", F(LOSE_WAKEUP), NULL,
     {"WT-LIVENESS-WAKEUP", "WT-LIVENESS-CLOSE-COMPLETES", NULL}, NULL},
    {"nondeterministic", "accepts a different amount on each replay", F(NONDETERMINISTIC), NULL,
     {"WT-DETERMINISTIC", NULL}, NULL},
    /* Knock-on: thresholds are judged by the reported size, so its pause looks early. */
    {"size-lies", "get_write_buffer_size() reports half the buffer", F(SIZE_LIES), NULL,
     {"WT-SIZE-UNSENT", "WT-PAUSE-STRICTLY-OVER-HIGH", NULL}, NULL},
    {"limits-swapped", "get_write_buffer_limits() returns (high, low)", F(LIMITS_SWAPPED), NULL,
     {"WT-LIMITS-GET-ORDER", NULL}, NULL},
    /* Knock-on: a kept low above the new high makes a valid request fail. */
    {"no-default-low", "only-high leaves low unchanged instead of high // 4", F(NO_DEFAULT_LOW),
     NULL, {"WT-LIMITS-LOW-DEFAULT-QUARTER", "WT-LIMITS-ONLY-HIGH-LOW-LE-HIGH", NULL}, "asyncio"},
    {"accept-negative", "accepts negative limits", F(ACCEPT_NEGATIVE), NULL,
     {"WT-LIMITS-NOT-NEGATIVE", NULL}, NULL},
    /* Knock-on: the dropped bytes show at once in the size close() returns with. */
    {"close-drops-data", "close() discards the buffer", F(CLOSE_DROPS_DATA), NULL,
     {"WT-CLOSE-FLUSHES", "WT-SIZE-UNSENT", "WT-WRITE-EOF-FLUSHES", NULL}, NULL},
    {"write-eof-no-flush", "write_eof() shuts down before flushing", F(WRITE_EOF_NO_FLUSH), NULL,
     {"WT-WRITE-EOF-FLUSHES", NULL}, NULL},
    {"empty-write-sends", "write(b'') calls pause/sends", F(EMPTY_WRITE_SENDS), NULL,
     {"WT-WRITE-EMPTY-NOOP", NULL}, "asyncio"},
    {"is-closing-late", "is_closing() stays false after close()", F(IS_CLOSING_LATE), NULL,
     {"WT-IS-CLOSING", NULL}, NULL},
    /*
     * Knock-on: the fault drops every connection_lost(exc), the one a raising
     * data_received owes too (an INTEROP note under docs).
     */
    {"no-lost-on-error", "a send error does not end in connection_lost", F(NO_LOST_ON_ERROR), NULL,
     {"WT-IO-ERROR-LOST-EXC", "WT-CALLBACK-RAISE-ENDS", NULL}, NULL},
    {"raise-on-io-error", "write() returns the send error to the caller", F(RAISE_ON_IO_ERROR),
     NULL, {"WT-IO-ERROR-NO-RAISE", NULL}, NULL},
    /* Knock-on: the "failed" write was buffered and sent: the stream no longer matches. */
    {"callback-failure-propagates", "a failing pause_writing aborts write() with an error",
     F(CALLBACK_FAILURE_PROPAGATES), NULL,
     {"WT-CALLBACK-FAILURE-REPORTED", "WT-WRITE-DELIVERS", NULL}, "asyncio"},
    {"data-after-close", "data_received still delivered after close()", F(DATA_AFTER_CLOSE), NULL,
     {"WT-CLOSE-NO-RECEIVE", NULL}, NULL},
    {"callback-after-lost", "calls pause_writing after connection_lost", F(CALLBACK_AFTER_LOST),
     NULL, {"WT-CALLBACKS-BETWEEN", NULL}, NULL},
    {"can-write-eof-lies", "can_write_eof() says true though write_eof() is unsupported",
     F(CAN_WRITE_EOF_LIES), NULL, {"WT-CAN-WRITE-EOF-MATCHES", NULL}, NULL},
    {"abort-keeps-reading", "abort() leaves the reader on; connection_lost a hop later",
     F(ABORT_KEEPS_READING), NULL, {"WT-ABORT-NO-RECEIVE", NULL}, NULL},
    {"abort-lost-error", "abort() ends in connection_lost(error), not None", F(ABORT_LOST_ERROR),
     NULL, {"WT-ABORT-LOST-NONE", NULL}, NULL},
    {"limits-clamp-low", "low > high is clamped to high instead of a ValueError",
     F(LIMITS_CLAMP_LOW), NULL, {"WT-LIMITS-LOW-LE-HIGH", NULL}, NULL},
    /* Judged by cpython-ssl: under docs ">" is the rule, and the fault changes nothing. */
    {"pause-ge-as-gt", "a >= high flavor pauses only when size > high", F(PAUSE_GE_AS_GT), NULL,
     {"WT-PAUSE-AT-OR-OVER-HIGH", NULL}, "cpython-ssl"},
    /*
     * Knock-ons: (0, 0) is the only read-back after set(high=0) that keeps
     * high as asked and low = high // 4, so missing it breaks both rules.
     */
    {"high0-as-none", "set(high=0) alone is taken as set(): the defaults come back",
     F(HIGH0_AS_NONE), NULL,
     {"WT-LIMITS-HIGH0-LOW0", "WT-LIMITS-ONLY-HIGH-LOW-LE-HIGH", "WT-LIMITS-LOW-DEFAULT-QUARTER",
      NULL}, "asyncio"},
    /* Knock-on: with low = 0, a resume at a size > 0 is a resume above low. */
    {"low0-as-unset", "the resume check takes low = 0 as unset (high // 4)", F(LOW0_AS_UNSET),
     NULL, {"WT-LIMITS-LOW0-RESUME-EMPTY", "WT-RESUME-AT-OR-BELOW-LOW", NULL}, NULL},
    {"raise-lost-none", "a raising data/eof_received ends in connection_lost(None)",
     F(RAISE_LOST_NONE), NULL, {"WT-LOST-NONE-MEANS", NULL}, NULL},
    /* Knock-on: set(high=0) alone is an only-high request, and rejecting one breaks that rule. */
    {"reject-zero", "rejects a zero limit as not positive", F(REJECT_ZERO), NULL,
     {"WT-LIMITS-ZERO-ALLOWED", "WT-LIMITS-ONLY-HIGH-LOW-LE-HIGH", NULL}, NULL},
    {"eof-keeps-reading", "eof_received keeping the transport open leaves the reader on",
     F(EOF_KEEPS_READING), NULL, {"WT-STATE-MACHINE", NULL}, NULL},
    {"error-after-lost", "write() after connection_lost fails with AttributeError",
     F(ERROR_AFTER_LOST), NULL, {"WT-NO-UNEXPECTED-ERROR", NULL}, NULL},
    {"report-io-error", "a send error is also reported to the loop's exception handler",
     F(REPORT_IO_ERROR), NULL, {"WT-REPORT-ONLY-CALLBACK-FAILURES", NULL}, "asyncio"},
    {"no-default-high", "only-low leaves high unchanged instead of 4 * low", F(NO_DEFAULT_HIGH),
     NULL, {"WT-LIMITS-HIGH-DEFAULT-4LOW", NULL}, "asyncio"},
    /*
     * Judged by cpython-pipe, which owes a resume once the buffer is empty:
     * a stale size never reads 0 after a send. Knock-on: the protocol is
     * left paused on an empty buffer, the lost wake-up liveness names.
     */
    {"resume-stale-size", "the resume check reads the size before the send is consumed",
     F(RESUME_STALE_SIZE), NULL, {"WT-RESUME-WHEN-EMPTY", "WT-LIVENESS-WAKEUP", NULL},
     "cpython-pipe"},
    /*
     * Knock-on: the one report is unreadable (kind = the error code), so the
     * failing pause_writing counts as unreported.
     */
    {"report-args-swapped", "reports a failing pause_writing with (err, kind) swapped",
     F(REPORT_ARGS_SWAPPED), NULL,
     {"WT-TRACE-WELL-FORMED", "WT-CALLBACK-FAILURE-REPORTED", NULL}, "asyncio"},
    {"recv-after-lost", "reads the socket once more after connection_lost", F(RECV_AFTER_LOST),
     NULL, {"WT-LOST-ENDS-IO", NULL}, NULL},
    {"raise-keeps-open", "a raising data/eof_received is reported, the connection kept",
     F(RAISE_KEEPS_OPEN), NULL, {"WT-CALLBACK-RAISE-ENDS", NULL}, "asyncio"},
    /* Flavors judged by the docs profile: the other side of a pick. */
    {"flavor-ge", "pauses at size >= high (the WriteTransport wording) under docs", 0, "ge",
     {"WT-PAUSE-STRICTLY-OVER-HIGH", NULL}, NULL},
    {"flavor-pipe", "resumes only when empty (CPython pipe) under docs", 0, "cpython-pipe",
     {"WT-RESUME-AT-OR-BELOW-LOW", NULL}, NULL},
};

#define MUTANT_COUNT (sizeof mutants / sizeof mutants[0])

size_t wt_mutant_count(void) { return MUTANT_COUNT; }

const struct wt_mutant *wt_mutant_at(size_t index)
{
    if (index >= MUTANT_COUNT) {
        return NULL;
    }
    return &mutants[index];
}

int wt_mutant_find(const char *name, const struct wt_mutant **mutant_out)
{
    if (name == NULL) {
        return WT_EINVAL;
    }
    for (size_t i = 0; i < MUTANT_COUNT; i++) {
        if (strcmp(mutants[i].name, name) == 0) {
            if (mutant_out != NULL) {
                *mutant_out = &mutants[i];
            }
            return WT_OK;
        }
    }
    return WT_ENOENT;
}
