/* SPDX-License-Identifier: MIT */
/*
 * mutant.c - the mutant registry: the reference transport with one rule
 * broken, and the clauses the monitor must catch each one by.
 *
 * A mutant is a fault switch of the reference (WT_FAULT_MAP in
 * transport.h) or a flavor judged by a profile that picks the other side.
 * Each declares its primary clause first, then the knock-on clauses it
 * unavoidably breaks on the kit's own op sequences
 * (tests/unit/test_mutants.c), judged by the docs profile; the comment
 * beside a knock-on says why it cannot be avoided. The test
 * requires the set of FAILed clauses to equal the declared set exactly, so
 * a monitor that misses a rule, or blames the wrong one, is caught.
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
     {"WT-LOST-DEFERRED", NULL}, NULL},
    /* Knock-on: the fault makes abort() a close(), whose flush resumes. */
    {"abort-keeps-data", "abort() keeps flushing the buffer", F(ABORT_KEEPS_DATA), NULL,
     {"WT-ABORT-NO-SEND-AFTER", "WT-NO-RESUME-AFTER-ABORT", NULL}, NULL},
    {"writelines-no-pause", "writelines() skips the pause check", F(WRITELINES_NO_PAUSE), NULL,
     {"WT-WRITELINES-LIKE-WRITE", NULL}, NULL},
    {"limits-apply-rejected", "a rejected set_write_buffer_limits still applies",
     F(LIMITS_APPLY_REJECTED), NULL, {"WT-REJECTED-CALL-NO-EFFECT", NULL}, NULL},
    {"resume-after-abort", "calls resume_writing after abort", F(RESUME_AFTER_ABORT), NULL,
     {"WT-NO-RESUME-AFTER-ABORT", NULL}, NULL},
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
     NULL, {"WT-LIMITS-LOW-DEFAULT-QUARTER", "WT-LIMITS-ONLY-HIGH-LOW-LE-HIGH", NULL}, NULL},
    {"accept-negative", "accepts negative limits", F(ACCEPT_NEGATIVE), NULL,
     {"WT-LIMITS-NOT-NEGATIVE", NULL}, NULL},
    /* Knock-on: the dropped bytes show at once in the size close() returns with. */
    {"close-drops-data", "close() discards the buffer", F(CLOSE_DROPS_DATA), NULL,
     {"WT-CLOSE-FLUSHES", "WT-SIZE-UNSENT", NULL}, NULL},
    {"write-eof-no-flush", "write_eof() shuts down before flushing", F(WRITE_EOF_NO_FLUSH), NULL,
     {"WT-WRITE-EOF-FLUSHES", NULL}, NULL},
    {"empty-write-sends", "write(b'') calls pause/sends", F(EMPTY_WRITE_SENDS), NULL,
     {"WT-WRITE-EMPTY-NOOP", NULL}, NULL},
    {"is-closing-late", "is_closing() stays false after close()", F(IS_CLOSING_LATE), NULL,
     {"WT-IS-CLOSING", NULL}, NULL},
    {"no-lost-on-error", "a send error does not end in connection_lost", F(NO_LOST_ON_ERROR), NULL,
     {"WT-IO-ERROR-LOST-EXC", NULL}, NULL},
    {"raise-on-io-error", "write() returns the send error to the caller", F(RAISE_ON_IO_ERROR),
     NULL, {"WT-IO-ERROR-NO-RAISE", NULL}, NULL},
    /* Knock-on: the "failed" write was buffered and sent: the stream no longer matches. */
    {"callback-failure-propagates", "a failing pause_writing aborts write() with an error",
     F(CALLBACK_FAILURE_PROPAGATES), NULL,
     {"WT-CALLBACK-FAILURE-REPORTED", "WT-WRITE-DELIVERS", NULL}, NULL},
    {"data-after-close", "data_received still delivered after close()", F(DATA_AFTER_CLOSE), NULL,
     {"WT-CLOSE-NO-RECEIVE", NULL}, NULL},
    {"callback-after-lost", "calls pause_writing after connection_lost", F(CALLBACK_AFTER_LOST),
     NULL, {"WT-CALLBACKS-BETWEEN", NULL}, NULL},
    {"can-write-eof-lies", "can_write_eof() says true though write_eof() is unsupported",
     F(CAN_WRITE_EOF_LIES), NULL, {"WT-CAN-WRITE-EOF-MATCHES", NULL}, NULL},
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
