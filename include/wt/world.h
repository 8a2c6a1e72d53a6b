/* SPDX-License-Identifier: MIT */
/*
 * world.h - one simulated world: loop, socket, peer, PRNG, trace, a
 * recording protocol, and one transport under test.
 *
 * The world executes ops (op.h) and nothing else, and appends everything
 * observable to its trace (trace.h). Two worlds share no state. Every loop
 * the world drives is bounded by steps_max; reaching the bound is a status
 * (WT_ETIMEOUT and a BOUND event), never a hang.
 *
 * Life cycle:
 *   wt_world_config_init(&cfg); ...adjust...;
 *   wt_world_new(&cfg, alloc, &w);   nothing has run yet
 *   wt_world_add_sink(w, fn, ud);    consumers see every event
 *   wt_world_start(w);               creates the transport; connection_made
 *   wt_world_exec(w, &op) ...;
 *   wt_world_finish(w);              final drain, IDLE and END events
 *   wt_world_free(w);                destroys the transport, frees all
 */
#ifndef WT_WORLD_H
#define WT_WORLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "op.h"
#include "sock.h"
#include "trace.h"
#include "transport.h"

#define WT_WORLD_STEPS_DEFAULT 100000u
/* A run's budgets: loop iterations in all, and bytes a transport may hold. */
#define WT_WORLD_WORK_DEFAULT ((uint64_t)1 << 24)
#define WT_WORLD_BUFFER_DEFAULT ((uint64_t)256 << 20)

struct wt_world_config {
    uint64_t seed;                          /* the PRNG's seed */
    const struct wt_transport_ops *transport; /* default: the reference */
    struct wt_transport_args args;          /* flavor and faults */
    uint64_t steps_max;                     /* per loop-driving op and for the final drain */
    uint64_t work_max;                      /* loop iterations in the whole run */
    uint64_t buffer_max;                    /* bytes the transport may report buffered */
    bool keep_trace;                        /* keep every event (print/replay) */
    /*
     * The documented methods the transport lacks (bit 1 << enum wt_method;
     * an adapter's handshake says which; a table's NULL slots of ABI minor
     * 1 are added). The world never calls one: a traced call of it returns
     * WT_ENOTIMPL untouched, an untraced read of it reads "unknown", start
     * skips the limits read-back and finish the close. write cannot be.
     */
    uint32_t missing;
    bool finish_close;                      /* finish() closes the transport first if open */
    bool hash_trace;                        /* fold the trace hash (default true); off
                                               when a sink hashes the events itself */
    /*
     * The machine's code paths (default Linux's). A `sock sendmsg|iovmax|
     * sendzero` op describes the platform, not an event: the runner folds
     * a scenario's into this (wt_world_config_platform) and the op itself
     * changes nothing when it runs, so a transport that picks its send
     * path when it is made (CPython's) sees the platform it runs on.
     */
    struct wt_sock_platform platform;
};

void wt_world_config_init(struct wt_world_config *cfg);

/* Folds the platform ops among ops into cfg->platform, in order (the last of each kind wins). */
void wt_world_config_platform(struct wt_world_config *cfg, const struct wt_op *ops, size_t nops);

struct wt_world;

/* WT_OK, WT_EINVAL (bad config), WT_ENOMEM. a may be NULL (malloc). */
int wt_world_new(const struct wt_world_config *cfg, const struct wt_allocator *a,
                 struct wt_world **world_out);
void wt_world_free(struct wt_world *w); /* NULL is a no-op */

/* Adds a consumer of the trace's notes (evidence; before start). As wt_world_add_sink. */
int wt_world_add_note_sink(struct wt_world *w, wt_trace_note_fn *fn, void *user_data);

/*
 * Asks can_write_eof() outside the trace (a started world): *can_out is
 * false when it is missing, NULL, failed or said False. WT_OK or WT_EINVAL.
 */
int wt_world_can_write_eof(struct wt_world *w, bool *can_out);

/* Adds a trace consumer (before start). WT_OK, WT_EINVAL, WT_ELIMIT. */
int wt_world_add_sink(struct wt_world *w, wt_trace_sink_fn *fn, void *user_data);

/*
 * Creates the transport and runs the loop until connection_made has been
 * delivered. WT_OK, WT_EADAPTER (create failed: the transport could not be
 * run), WT_EINVAL (already started), WT_ETIMEOUT, or a fatal code.
 */
int wt_world_start(struct wt_world *w);

/*
 * Executes one op; before wt_world_start only a hook armed on
 * connection_made (`on made: ...`), which start's connection_made fires.
 * Returns WT_OK; WT_EINVAL for an op that fails
 * wt_op_validate; WT_ETIMEOUT when a loop op reached the step bound; a
 * fatal code (sticky: every later call returns it). A transport call's
 * own result is not the return value: it is traced, and kept as the
 * world's last call status for `expect error`. A failed expectation is
 * traced (EXPECT with rc WT_EEXPECT) and counted, and returns WT_OK.
 */
int wt_world_exec(struct wt_world *w, const struct wt_op *op);

/*
 * Ends the run: optionally closes the transport (cfg.finish_close), runs
 * the loop until idle (bounded), traces IDLE (or BOUND) and END. Later
 * execs return WT_EINVAL. Returns WT_OK or WT_ETIMEOUT.
 */
int wt_world_finish(struct wt_world *w);

const struct wt_trace *wt_world_trace(const struct wt_world *w);
uint64_t wt_world_hash(const struct wt_world *w);
uint64_t wt_world_now_ns(const struct wt_world *w);
int wt_world_last_status(const struct wt_world *w); /* the last call's status */
unsigned wt_world_expect_failures(const struct wt_world *w);
/*
 * True when the last step bound was reached while the run still made
 * progress (a byte accepted or a callback) in the second half of that op's
 * steps (of the run's work_max iterations, when that budget was the
 * bound): slow, not stuck.
 */
bool wt_world_bound_progress(const struct wt_world *w);
/* True once a loop op or the final drain reached a step bound (a BOUND event). */
bool wt_world_bounded(const struct wt_world *w);
/* The EXPECT event of the latest failed expectation, or NULL when none failed. */
const struct wt_event *wt_world_last_failed_expect(const struct wt_world *w);
/* The run budget that was exhausted (a message), or NULL: see world_config. */
const char *wt_world_budget(const struct wt_world *w);
void wt_world_peer_stats(const struct wt_world *w, struct wt_peer_stats *out);

/* What the recording protocol has seen. */
struct wt_proto_stats {
    unsigned made, pauses, resumes, lost, eofs, data_calls;
    uint64_t data_bytes;
    bool paused;  /* the last flow-control callback was pause */
    int lost_err; /* the error connection_lost got (0 = None) */
};
void wt_world_proto_stats(const struct wt_world *w, struct wt_proto_stats *out);

#endif
