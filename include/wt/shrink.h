/* SPDX-License-Identifier: MIT */
/*
 * shrink.h - make a failing case small, and compare two transports.
 *
 * wt_shrink turns a failing op sequence (a seed's, a .wts file's) into one
 * that fails the same way — the same status, and for a FAIL the same first
 * failing clause (or, with no clause, a failed expectation) — and is
 * 1-minimal: removing any single op (a hook and a fault are ops too) or
 * halving any size makes it no longer fail that way. Every candidate is
 * judged exactly as `wtkit run` would judge it (replay check included).
 *
 * wt_diff runs the same ops on two transports and finds the first event
 * where their traces differ once socket-level events (send, recv, peer,
 * time) are set aside.
 */
#ifndef WT_SHRINK_H
#define WT_SHRINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "session.h"

/* How a case fails: what a shrink must keep. */
struct wt_failure_way {
    int status;      /* enum wt_run_status */
    int64_t clause;  /* for FAIL: the first failing clause (catalog index), -1: an expectation */
};

/* One line: "FAIL WT-RESUME-AT-OR-BELOW-LOW", "HANG", "FAIL (an expectation)". */
void wt_failure_way_format(const struct wt_failure_way *way, char *buf, size_t cap);

/* The way a judged case failed; false when it did not (PASS, SKIP). */
bool wt_failure_way_of(const struct wt_outcome_case *c, struct wt_failure_way *way);

struct wt_shrink_report {
    struct wt_failure_way way;
    size_t ops_before, ops_after;
    unsigned runs;   /* candidates judged */
    unsigned kept;   /* candidates that still failed that way (steps taken) */
    double seconds;
};

/* Progress: one line per step taken (may be NULL). */
typedef void wt_shrink_log_fn(void *user_data, const char *line);

/* The most candidates one shrink judges. */
#define WT_SHRINK_RUNS_MAX 200000u

/*
 * Shrinks start under the spec's transport and profile into *out (an
 * initialised scenario; its ops and header are replaced: transport,
 * recorded profile and failure, kit version, seed, flavor, steps).
 * Returns WT_OK; WT_ENOENT (start does not fail; message in err);
 * a session error (see wt_session_run); WT_ENOMEM.
 */
int wt_shrink(const struct wt_session_spec *spec, const struct wt_scenario *start,
              struct wt_scenario *out, struct wt_shrink_report *rep, wt_shrink_log_fn *log,
              void *user_data, char *err, size_t err_cap);

/*
 * Checks that sc is 1-minimal for the way it fails: *minimal_out false with
 * the first counterexample in why (an op whose removal, or a size whose
 * halving, still fails that way). WT_ENOENT when sc does not fail.
 */
int wt_shrink_check_minimal(const struct wt_session_spec *spec, const struct wt_scenario *sc,
                            bool *minimal_out, char *why, size_t why_cap);

/* ----- diff ---------------------------------------------------------------- */

#define WT_DIFF_CONTEXT_MAX 16

struct wt_diff_side {
    char transport[300];
    int status;                    /* the case's status */
    char fails[1024];              /* its FAILed clause IDs */
    size_t nevents;                /* events once socket-level ones are set aside */
    size_t ncontext;               /* the events up to the divergence */
    struct wt_event context[WT_DIFF_CONTEXT_MAX + 1];
};

struct wt_diff_report {
    bool differ;
    bool socket_only;              /* only the socket-level events differ */
    size_t at;                     /* index (in the compared sequence) of the first difference */
    struct wt_diff_side a, b;
};

/*
 * Runs sc under spec_a and spec_b (transport, profile...) and compares.
 * context: events shown before the divergence (at most WT_DIFF_CONTEXT_MAX).
 */
int wt_diff(const struct wt_session_spec *spec_a, const struct wt_session_spec *spec_b,
            const struct wt_scenario *sc, unsigned context, struct wt_diff_report *rep,
            char *err, size_t err_cap);

/*
 * The ops seed gives under the spec's transport (only the ops it supports,
 * spec->seed_ops of them), as `wtkit sweep` runs them, into an initialised
 * *sc. Returns WT_OK or a session error (message in err).
 */
int wt_seed_scenario(const struct wt_session_spec *spec, uint64_t seed, struct wt_scenario *sc,
                     char *err, size_t err_cap);

/* A saved .wts header's `transport SPEC` as a spec's transport fields. */
void wt_spec_set_transport(struct wt_session_spec *spec, const char *recorded);

#endif
