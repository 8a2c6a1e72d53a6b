/* SPDX-License-Identifier: MIT */
/*
 * spec.h - the contract as data: the clause catalog, the profiles, the
 * online monitor and the mutant registry.
 *
 * The catalog has one row per rule: a stable ID, the exact docs sentence
 * it comes from (or "implicit" with the reason), its kind, the profiles it
 * belongs to and the check that enforces it. A profile picks one side of
 * each conflict between the docs texts and judges by it.
 *
 * The monitor reads trace events one at a time and nothing else. O(1) per
 * event, no allocation after _new. Only a broken MUST clause of the chosen
 * profile fails a run; other findings are notes.
 */
#ifndef WT_SPEC_H
#define WT_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "trace.h"

/* --- catalog ---------------------------------------------------------- */

enum wt_clause_kind {
    WT_CLAUSE_MUST = 0,      /* broken => the run fails */
    WT_CLAUSE_IMPL = 1,      /* implementation-defined: reported as a note */
    WT_CLAUSE_ADVISORY = 2,  /* advice, or not checkable; the row says why */
    WT_CLAUSE_KIND_COUNT
};

struct wt_clause {
    const char *id;        /* "WT-LIMITS-LOW-LE-HIGH" */
    int kind;              /* enum wt_clause_kind */
    const char *source;    /* "write-transport-docs.txt", "related-docs.txt" or "implicit" */
    const char *sentence;  /* the exact docs sentence, or the implicit rule's reason */
    const char *check;     /* what the monitor checks, or why it cannot */
    uint32_t profiles;     /* bit i set: belongs to profile i */
    const char *conflict;  /* the clause on the other side of a docs conflict, or NULL */
    bool checkable;        /* false: documented, not checked (the check says why) */
    /*
     * Bit i set: profile i judges this row only as an INTEROP note (shown,
     * counted apart, never failing a run): what asyncio's transports agree
     * on where the docs are silent, under docs.
     */
    uint32_t notes;
    /*
     * An implicit row a profile judging the docs keeps: the docs sentence
     * it follows from, and why. NULL for a quoted row or for asyncio's
     * agreements.
     */
    const char *follows;
};

size_t wt_catalog_count(void);
const struct wt_clause *wt_catalog_at(size_t index); /* NULL when out of range */
/* WT_OK and *index_out, or WT_ENOENT. */
int wt_catalog_find(const char *id, size_t *index_out);
const char *wt_catalog_version(void);
const char *wt_clause_kind_name(int kind); /* "MUST", "IMPL", "ADVISORY" */

/*
 * The clause a transport without this documented method (enum wt_method)
 * FAILs, once per run: the row of the sentence that defines the method.
 * NULL for write (never missing) and write_eof ("can raise
 * NotImplementedError" is the docs' own answer for a transport without it).
 */
const char *wt_missing_clause(int method);

/*
 * The docs texts the catalog is built from, as shipped in spec/docs/.
 * name is the file name; returns NULL for an unknown name.
 */
const char *wt_docs_text(const char *name);
size_t wt_docs_count(void);
const char *wt_docs_name(size_t index);

/*
 * Checks that every sentence of the docs texts has a catalog row quoting
 * it. Calls report(ud, line) for each problem; returns the number of
 * sentences without a row (0 = complete).
 */
size_t wt_catalog_check(void (*report)(void *ud, const char *line), void *ud);

/* --- profiles --------------------------------------------------------- */

struct wt_profile;

size_t wt_profile_count(void);
const struct wt_profile *wt_profile_at(size_t index);
/* WT_OK and *profile_out, or WT_ENOENT. */
int wt_profile_find(const char *name, const struct wt_profile **profile_out);
const char *wt_profile_name(const struct wt_profile *p);
const char *wt_profile_summary(const struct wt_profile *p);
size_t wt_profile_index(const struct wt_profile *p);
/* The flavor of the reference transport that makes this profile's picks. */
const char *wt_profile_flavor(const struct wt_profile *p);
/* True when clause index belongs to the profile (its FAIL fails a run when MUST). */
bool wt_profile_has(const struct wt_profile *p, size_t clause);
/* True when the profile judges clause index only as an INTEROP note. */
bool wt_profile_notes(const struct wt_profile *p, size_t clause);
/* True when the profile judges clause index at all (has or notes). */
bool wt_profile_judges(const struct wt_profile *p, size_t clause);
/*
 * The profile its deviations are counted from: asyncio for the transport
 * families, docs for asyncio, NULL for docs.
 */
const struct wt_profile *wt_profile_base(const struct wt_profile *p);
/*
 * The default limits the profile's transports start with: WT_OK and
 * *low_out, *high_out, or WT_ENOENT when the profile fixes none (docs).
 */
int wt_profile_defaults(const struct wt_profile *p, int64_t *low_out, int64_t *high_out);
/*
 * The profile's deviations from its base (wt_profile_base), one per clause
 * whose membership differs (and one for fixed defaults): the clause ID,
 * and through reason_out (may be NULL) the one-line reason. NULL past the
 * end.
 */
size_t wt_profile_deviation_count(const struct wt_profile *p);
const char *wt_profile_deviation(const struct wt_profile *p, size_t i, const char **reason_out);

/* --- monitor ---------------------------------------------------------- */

enum wt_verdict_status {
    WT_VERDICT_PASS = 0,
    WT_VERDICT_FAIL = 1,
    WT_VERDICT_NOT_EXERCISED = 2,
    WT_VERDICT_NOT_APPLICABLE = 3, /* not in the profile, or not checkable */
    WT_VERDICT_COUNT
};

const char *wt_verdict_name(int status); /* "PASS", "FAIL", "NOT-EXERCISED", "N/A" */
int wt_verdict_lookup(const char *name, int *status_out);

#define WT_VERDICT_REASON_MAX 200

struct wt_verdict {
    uint16_t clause;   /* catalog index */
    uint8_t status;    /* enum wt_verdict_status */
    bool conflict;     /* a CONFLICT note: the transport took the other side */
    uint32_t event;    /* the index of the event that broke it (FAIL) */
    /*
     * Knock-on: this FAIL follows from an earlier FAIL of the same run,
     * cause_clause at cause_event: the same event broke both (the first
     * to FAIL leads), or a call crashed before (an unexpected error,
     * WT-NO-UNEXPECTED-ERROR: the transport's state is undefined after).
     */
    bool knock_on;
    uint16_t cause_clause;
    uint32_t cause_event;
    char reason[WT_VERDICT_REASON_MAX]; /* one line with the numbers */
};

struct wt_monitor;

int wt_monitor_new(const struct wt_allocator *a, const struct wt_profile *profile,
                   struct wt_monitor **monitor_out);
void wt_monitor_free(struct wt_monitor *m);
/* Ready for a new run under the same profile (and the same missing methods). */
void wt_monitor_reset(struct wt_monitor *m);
/*
 * The documented methods the transport lacks (bit 1 << enum wt_method;
 * capabilities). Each run then FAILs each one's clause once, at its start,
 * with that reason (write_eof: none, the docs allow NotImplementedError),
 * judges no call of it, and judges flow control by the limits requests set
 * when get_write_buffer_limits is missing. Resets the monitor.
 */
void wt_monitor_set_missing(struct wt_monitor *m, uint32_t missing_methods);
/* Consumes one event; malformed or out-of-order traces become verdicts. */
void wt_monitor_feed(struct wt_monitor *m, const struct wt_event *ev);
/*
 * Internal, for tests: off sends every event through the monitor's slow
 * path (on by default; the fast path judges the steady stream with the
 * same effect). Does not reset.
 */
void wt__monitor_set_fast(struct wt_monitor *m, bool on);
/* A wt_trace_sink_fn that feeds user_data, a struct wt_monitor *. */
void wt_monitor_sink(void *user_data, const struct wt_event *ev);
/* Closes the run: NOT-EXERCISED, end-of-run and liveness checks. */
void wt_monitor_end(struct wt_monitor *m);
/* The verdict of catalog clause index (valid after end). */
const struct wt_verdict *wt_monitor_verdict(const struct wt_monitor *m, size_t clause);
/* True when a MUST clause of the profile FAILed. */
bool wt_monitor_failed(const struct wt_monitor *m);
/* The verdict for the trace itself (malformed, truncated): NULL if fine. */
const char *wt_monitor_trace_problem(const struct wt_monitor *m);
/*
 * Replay determinism (WT-DETERMINISTIC). wt_monitor_hash is the trace hash
 * of the events fed so far (the fold of trace.h). A runner that replays a
 * run calls wt_monitor_expect_hash with the first run's hash before
 * wt_monitor_end; a different hash FAILs the clause. Reset forgets it.
 */
uint64_t wt_monitor_hash(const struct wt_monitor *m);
void wt_monitor_expect_hash(struct wt_monitor *m, uint64_t hash);

/* --- mutants ---------------------------------------------------------- */

#define WT_MUTANT_CLAUSES_MAX 8

struct wt_mutant {
    const char *name;        /* "never-resume" */
    const char *summary;     /* one line */
    uint64_t faults;         /* WT_FAULT(...) bits for the reference */
    const char *flavor;      /* NULL: the profile's flavor */
    const char *clauses[WT_MUTANT_CLAUSES_MAX]; /* declared FAILs, NULL-terminated */
    /*
     * The profile the mutant is judged by; NULL: docs. Set for a rule that
     * is MUST only in another profile (WT-PAUSE-AT-OR-OVER-HIGH: cpython-ssl).
     */
    const char *profile;
};

size_t wt_mutant_count(void);
const struct wt_mutant *wt_mutant_at(size_t index);
int wt_mutant_find(const char *name, const struct wt_mutant **mutant_out);

#endif
