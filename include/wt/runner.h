/* SPDX-License-Identifier: MIT */
/*
 * runner.h - runs parsed scenarios against one transport under one
 * profile, judges each run with the monitor, replays it to check
 * determinism, and tallies the verdicts per clause over a suite.
 *
 * A run of one scenario:
 *   1. a world is built (seed, flavor, step bound, transport, faults), the
 *      monitor is its sink, the ops run, the world finishes (closing the
 *      transport if the scenario left it open, so every run is judged on
 *      liveness), and the monitor closes the run;
 *   2. `expect` ops are judged by the world as they run; `expect clause`
 *      ops are judged against the monitor's verdicts at the end;
 *   3. determinism: the scenario first runs once unjudged, and the judged
 *      run's trace hash must equal that run's (wt_monitor_expect_hash); a
 *      difference is its own verdict (the transport under test is
 *      nondeterministic under a fixed schedule), a FAIL of WT-DETERMINISTIC.
 *
 * Usage:
 *   struct wt_run_config cfg; wt_run_config_init(&cfg); cfg.profile = p;
 *   wt_runner_new(&cfg, NULL, &r);
 *   for each scenario: wt_runner_run(r, &sc, &res); ...; wt_run_result_deinit(&res);
 *   wt_runner_tally(r, clause) for the suite's per-clause verdicts;
 *   wt_runner_free(r);
 */
#ifndef WT_RUNNER_H
#define WT_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "spec.h"
#include "trace.h"
#include "transport.h"
#include "world.h"
#include "wts.h"

/*
 * Called with each world's config just before the world is built (after
 * seed, flavor, transport and faults are set), e.g. to point it at an
 * out-of-process adapter.
 */
typedef void wt_run_prepare_fn(void *user_data, struct wt_world_config *wc);

/*
 * Called after each run: returns non-zero when the transport itself
 * failed (an adapter crashed, say), with a one-line reason in msg. The
 * scenario's verdict is then ERROR.
 */
typedef int wt_run_health_fn(void *user_data, char *msg, size_t cap);

/* The seed a scenario runs with when neither the run nor its header sets one. */
#define WT_RUN_SEED_DEFAULT 1u

struct wt_run_config {
    const struct wt_profile *profile;         /* MUST be set */
    const struct wt_transport_ops *transport; /* NULL: the reference */
    uint64_t faults;                          /* the reference's WT_FAULT bits (mutants) */
    void *context;                            /* passed as wt_transport_args.context */
    /*
     * The flavor, first match wins: flavor; the scenario's `flavor`
     * header; default_flavor (a mutant's); the profile's flavor (for the
     * reference only: other transports get NULL, their default).
     */
    const char *flavor;
    const char *default_flavor;
    bool has_seed; /* seed overrides every scenario's header */
    uint64_t seed;
    uint64_t steps_max;     /* 0: the scenario's `steps`, else the world's default */
    uint64_t work_max;      /* loop iterations per run; 0: the world's (WT_WORLD_WORK_DEFAULT) */
    bool check_determinism; /* replay each scenario (default true) */
    /*
     * Per catalog clause, whether it is judged (--clause / --skip); NULL:
     * all. Only selected MUST clauses make a run FAIL. Read once, by
     * wt_runner_new.
     */
    const bool *selected;
    /* An extra trace consumer for the judged run of each scenario (may be NULL). */
    wt_trace_sink_fn *sink;
    void *sink_user_data;
    /* The judged run's notes: evidence beside the trace (may be NULL). */
    wt_trace_note_fn *note_sink;
    void *note_sink_user_data;
    /*
     * The documented methods the transport lacks (bit 1 << enum wt_method):
     * the worlds never call them, the monitor FAILs each one's clause once
     * per run (wt_monitor_set_missing). 0: none.
     */
    uint32_t missing;
    /* Transport drivers (both may be NULL); see the typedefs above. */
    wt_run_prepare_fn *prepare;
    wt_run_health_fn *health;
    void *driver_user_data;
};

void wt_run_config_init(struct wt_run_config *cfg);

/* What became of one scenario, worst first. */
enum wt_run_status {
    WT_RUN_PASS = 0,
    WT_RUN_SKIP,    /* the scenario's `profile` header excludes this profile */
    WT_RUN_FAIL,    /* a MUST clause of the profile FAILed, or an expectation */
    WT_RUN_HANG,    /* the step bound was reached in virtual time */
    WT_RUN_NONDET,  /* the replay's trace hash differs */
    WT_RUN_ERROR,   /* the transport could not be run (or the kit broke) */
    WT_RUN_INCONCLUSIVE, /* a step bound was reached while still making progress */
    WT_RUN_CRASH,   /* isolated: the transport crashed, aborted, exited or ran out of memory */
    WT_RUN_STATUS_COUNT
};

/* "PASS", "SKIP", "FAIL", "HANG", "NONDETERMINISTIC", "ERROR", "INCONCLUSIVE", "CRASH". */
const char *wt_run_status_name(int status);

#define WT_RUN_MESSAGE_MAX 300

/* One failed expectation (or broken `expect clause`). */
struct wt_run_expect {
    uint32_t line;  /* the op's line in the scenario */
    uint32_t event; /* the EXPECT event's index, or the END event for `expect clause` */
    char message[WT_RUN_MESSAGE_MAX];
};

#define WT_RUN_EXPECTS_MAX 8

struct wt_run_result {
    const struct wt_allocator *alloc;
    int status;           /* enum wt_run_status */
    uint64_t seed;        /* what it ran with */
    char flavor[WT_WTS_NAME_MAX];
    uint64_t hash;        /* the trace hash of the judged run */
    uint64_t replay_hash; /* the other run's (equal to hash when deterministic) */
    uint64_t events;      /* events in the trace */
    uint64_t end_ns;      /* virtual time at the end */
    bool must_failed;     /* a MUST clause of the profile FAILed */
    bool hang;            /* a loop op or the final drain reached the step bound */
    bool bound_progress;  /* ... while still making progress: INCONCLUSIVE, not HANG */
    uint32_t hang_line;   /* the op that hung (0 = the final drain) */
    unsigned unjudged;    /* expectations met after the bound, not judged */
    bool nondeterministic;
    unsigned nexpects;    /* failed expectations (the first WT_RUN_EXPECTS_MAX kept) */
    struct wt_run_expect expects[WT_RUN_EXPECTS_MAX];
    char message[WT_RUN_MESSAGE_MAX]; /* ERROR or trace-problem text, else "" */
    size_t nverdicts;     /* = wt_catalog_count() after a run */
    struct wt_verdict *verdicts; /* per clause, owned */
};

/* Releases the verdicts; NULL is a no-op. */
void wt_run_result_deinit(struct wt_run_result *res);

/* One clause over every scenario run so far. */
struct wt_run_tally {
    uint32_t exercised;     /* runs that judged it PASS or FAIL */
    uint32_t failed;        /* runs that judged it FAIL */
    uint32_t conflicts;     /* runs with a CONFLICT note */
    int32_t first_fail_run; /* the run (0-based order of wt_runner_run) of the first FAIL; -1 */
    uint32_t first_fail_event;
    char first_fail_reason[WT_VERDICT_REASON_MAX];
};

struct wt_runner;

/* WT_OK, WT_EINVAL (no profile), WT_ENOMEM. alloc may be NULL. */
int wt_runner_new(const struct wt_run_config *cfg, const struct wt_allocator *alloc,
                  struct wt_runner **runner_out);
void wt_runner_free(struct wt_runner *r); /* NULL is a no-op */

/*
 * Runs one scenario (see the file comment) and fills *res, which the
 * caller deinits. Returns WT_OK whenever there is a verdict (PASS, FAIL,
 * HANG, NONDETERMINISTIC, SKIP; also ERROR with res->message for a
 * transport that could not be created: that is WT_EADAPTER), or WT_ENOMEM.
 */
int wt_runner_run(struct wt_runner *r, const struct wt_scenario *sc, struct wt_run_result *res);

/* How many scenarios wt_runner_run has run (skipped ones included). */
size_t wt_runner_runs(const struct wt_runner *r);

/* The tally of catalog clause index, or NULL when out of range. */
const struct wt_run_tally *wt_runner_tally(const struct wt_runner *r, size_t clause);

/*
 * The suite's verdict on a clause: N/A outside the profile or when not
 * checkable; FAIL when any run FAILed it; PASS when exercised; else
 * NOT-EXERCISED. *conflict_out (may be NULL) is true when some run noted
 * a CONFLICT and none FAILed it.
 */
int wt_runner_clause_status(const struct wt_runner *r, size_t clause, bool *conflict_out);

#endif
