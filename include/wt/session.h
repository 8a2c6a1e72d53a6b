/* SPDX-License-Identifier: MIT */
/*
 * session.h - one run of the kit, described as one plain value, and its
 * one outcome.
 *
 * Every command goes through here: `wtkit run` (scenario files), `trace`
 * (one file, printed as it runs), `sweep` (a seed range), `mutants
 * --verify` (the suite per mutant). A struct wt_session_spec says what runs
 * and against what; wt_session_run runs it and fills a struct wt_outcome,
 * in which every verdict is decided once: per case its status, failed
 * expectations and the clause FAILs with their first event and reason; per
 * clause its verdict over all cases; the baseline difference; the exit
 * class. The printers (wt_outcome_print_*, in report.c) are pure functions
 * of the outcome, and an outcome can be written as text, read back and
 * merged, so a child process or a parallel worker can hand back its part.
 *
 *   struct wt_session_spec spec;
 *   wt_session_spec_init(&spec);
 *   spec.transport = "mutant:never-resume"; spec.paths = paths; spec.npaths = 1;
 *   struct wt_outcome *o; char err[512];
 *   if (wt_session_run(&spec, &o, err, sizeof err) == WT_OK) {
 *       wt_outcome_print_table(o, stdout, &popts);
 *       exit(wt_outcome_exit(o));
 *   }
 *   wt_outcome_free(o);
 */
#ifndef WT_SESSION_H
#define WT_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "isolate.h"
#include "runner.h"
#include "trace.h"

struct wt_outcome;

#include "gen.h"
#include "transport.h"
#include "world.h"
#include "wts.h"

/*
 * A transport table of this very process, run instead of a named one: how
 * a Python host (include/wt/hosted.h) hands its transport to the session
 * it runs for the kit. The table's create() gets args->context from
 * prepare, which sees each world's config before the world is made.
 */
struct wt_session_table {
    const struct wt_transport_ops *ops;
    uint32_t missing;         /* documented methods it lacks (bit per enum wt_method) */
    bool replay_checked;      /* false: no determinism replay (real I/O underneath) */
    void (*prepare)(void *user_data, struct wt_world_config *wc);
    void *user_data;
};

/* The exit classes every command shares (README). */
enum wt_exit {
    WT_EXIT_OK = 0,        /* every MUST clause kept */
    WT_EXIT_FAIL = 1,      /* a MUST clause broken, a hang, an expectation, nondeterminism */
    WT_EXIT_USAGE = 2,     /* usage or input error */
    WT_EXIT_TRANSPORT = 3, /* the transport or adapter could not be run */
};

/* Version of the outcome's text form (wt_outcome_write / wt_outcome_read). */
#define WT_OUTCOME_VERSION 2
/* Version of the JSON report (docs/json-schema.md). */
#define WT_JSON_SCHEMA_VERSION 2

#define WT_SESSION_IDS_MAX 64
#define WT_SESSION_PATHS_MAX 256
/* Ops per generated seed, at most. */
#define WT_SESSION_SEED_OPS_MAX 100000u
/* Trace events kept before each FAIL for --context, at most. */
#define WT_SESSION_CONTEXT_MAX 64

/*
 * What to run, and how. Every field has a default (wt_session_spec_init);
 * strings are borrowed and must outlive wt_session_run.
 */
struct wt_session_spec {
    /* --- what runs: scenario files, or (seeds) generated op sequences --- */
    const char *const *paths; /* files and directories; none: the default suite */
    size_t npaths;
    bool seeds;               /* run seed_first..seed_last instead of files */
    uint64_t seed_first, seed_last;
    size_t seed_ops;          /* ops per seed (default 300) */
    uint32_t generator;       /* the seed -> ops mapping asked for (0: this kit's) */
    uint64_t shard_k, shard_n; /* shard K of N (1-based): only seeds = K-1 mod N; 0/0: all */
    unsigned jobs;            /* worker processes for seeds (0, 1: this process) */

    /* --- against what --- */
    const char *transport;    /* reference (default), mutant:NAME, PATH.so, python:KIND */
    const char *adapter;      /* an adapter command (instead of transport) */
    const char *factory;      /* MODULE:FUNCTION: python:factory */
    const char *python;       /* the interpreter for python:KIND (NULL: Debian's) */
    bool python_member;       /* one interpreter of --all-pythons: a missing one is a SKIP */
    unsigned adapter_timeout_ms; /* 0: 5000 */
    /*
     * An adapter that offers the `host` feature (every wtadapter-based
     * Python adapter, when it can load libwt) runs each case in its own
     * process, no line per op; true keeps every call on the line protocol.
     */
    bool line_protocol;
    const struct wt_session_table *table; /* instead of transport (a host's own table) */

    /* --- judged how --- */
    const char *profile;      /* NULL: the mutant's, else docs */
    const char *flavor;       /* NULL: header, then mutant's, then profile's */
    bool has_seed;            /* seed overrides every scenario's header */
    uint64_t seed;
    uint64_t steps_max;       /* 0: the scenario's, else the world's default */
    uint64_t work_max;        /* loop iterations per case (--work); 0: the world's default */
    const char *const *clauses; /* judge and report only these (none: all) */
    size_t nclauses;
    const char *const *skip;  /* never report these */
    size_t nskip;
    bool strict;              /* a clause the suite does not exercise fails */
    const char *baseline;     /* FILE or DIR: what the transport is known to break */
    unsigned context;         /* trace events kept before each FAIL (0..64) */

    /* --- how it is contained --- */
    const struct wt_allocator *alloc; /* every allocation of the session (NULL: malloc) */
    int isolate;              /* enum wt_session_isolate (default AUTO: plugins only) */
    struct wt_isolate_limits limits; /* per case, when isolated */

    /* --- how it is replayed --- */
    const char *program;      /* the binary as invoked, for replay lines ("wtkit") */

    /* --- watching --- */
    wt_trace_sink_fn *sink;   /* every event of every judged run (may be NULL) */
    void *sink_user_data;
    wt_trace_note_fn *note_sink; /* every note (evidence) of every judged run (may be NULL) */
    void *note_sink_user_data;
    /* Called after each case (may be NULL): progress lines, saving seeds. */
    void (*on_case)(void *user_data, const struct wt_outcome *o, size_t case_index,
                    const struct wt_scenario *sc);
    void *on_case_user_data;
    /* Called as parallel workers hand back their chunks (may be NULL). */
    void (*on_progress)(void *user_data, const struct wt_outcome *o);
    bool keep_passing;        /* keep every case (default true; sweeps keep failures only) */
};

/* Which cases run in a child process (fork and collect, isolate.h). */
enum wt_session_isolate {
    WT_SESSION_ISOLATE_AUTO = 0, /* C plugins: they share the kit's address space */
    WT_SESSION_ISOLATE_ON,       /* every in-process transport (adapters already are) */
    WT_SESSION_ISOLATE_OFF,
};

void wt_session_spec_init(struct wt_session_spec *spec);

/* A case's verdict byte: the status, and flags. */
#define WT_OUTCOME_VERDICT(byte) ((int)((byte) & 0x0fu))
#define WT_OUTCOME_CONFLICT 0x80u /* a CONFLICT note */
#define WT_OUTCOME_KNOCK_ON 0x40u /* the FAIL follows from another (knock-on rule) */

/* One clause FAIL (or CONFLICT note) of one case. */
struct wt_outcome_fail {
    uint32_t clause;          /* catalog index */
    uint32_t event;           /* the event that broke it */
    bool conflict;            /* the transport took the other side of a docs conflict */
    /*
     * Knock-on: this FAIL follows from an earlier one of the same case
     * (the same event broke both, or it came after a call that crashed):
     * the lead's clause and event. Printers lead with the lead.
     */
    bool knock_on;
    uint32_t cause_clause;
    uint32_t cause_event;
    char reason[WT_VERDICT_REASON_MAX];
};

/* Evidence about one event of a case: an exception's class and message. */
struct wt_outcome_note {
    uint32_t event;
    char text[WT_NOTE_TEXT_MAX];
};

/* Notes kept per case (those at its FAILs and failed expectations first). */
#define WT_OUTCOME_NOTES_MAX 16
/* A case's own stderr (adapters), kept when it did not pass. */
#define WT_OUTCOME_STDERR_MAX 1024

/* One scenario file or one seed. */
struct wt_outcome_case {
    uint64_t order;           /* suite position, or the seed: the merge key */
    char name[1024];          /* the file's path, or "seed N" */
    bool is_seed;
    int status;               /* enum wt_run_status */
    uint64_t seed;
    char flavor[WT_WTS_NAME_MAX];
    uint64_t hash, replay_hash, events, end_ns;
    bool hang;                /* a step bound was reached */
    bool bound_progress;      /* ... while still making progress (INCONCLUSIVE) */
    uint32_t hang_line;       /* the op (0: the final drain) */
    bool nondeterministic;
    bool must_failed;         /* a selected MUST clause FAILed */
    unsigned nexpects;        /* failed expectations (the first WT_RUN_EXPECTS_MAX kept) */
    unsigned unjudged;        /* expectations after a step bound, not judged */
    struct wt_run_expect expects[WT_RUN_EXPECTS_MAX];
    char message[WT_RUN_MESSAGE_MAX];
    uint8_t *verdicts;        /* per clause: enum wt_verdict_status | WT_OUTCOME_* flags */
    size_t nfails;
    struct wt_outcome_fail *fails; /* selected clauses that FAILed or noted a conflict */
    size_t ncontext;          /* events kept before the first FAIL (spec.context) */
    struct wt_event *context;
    size_t nnotes;            /* evidence about its FAIL and expectation events */
    struct wt_outcome_note *notes;
    char stderr_text[WT_OUTCOME_STDERR_MAX]; /* what an adapter wrote to stderr in it, "" */
};

/* One clause over every case. */
struct wt_outcome_clause {
    bool selected;            /* judged and reported (--clause / --skip) */
    uint32_t exercised;       /* cases that judged it PASS or FAIL */
    uint32_t failed;          /* cases that FAILed it */
    uint32_t conflicts;       /* cases with a CONFLICT note */
    uint32_t knock_ons;       /* FAILs that follow from another FAIL of their case */
    int verdict;              /* enum wt_verdict_status over all cases */
    bool conflict;            /* a CONFLICT note and no FAIL */
    bool interop;             /* the profile judges it only as a note: a FAIL is INTEROP */
    int64_t first_case;       /* index into cases of the first FAIL, -1 */
    uint32_t first_event;
    char first_reason[WT_VERDICT_REASON_MAX];
};

/* What a baseline said of the run. */
#define WT_BASELINE_ROWS_MAX 256
struct wt_baseline_row {
    char key[300];            /* a clause ID, or "expect NAME.wts:LINE" */
    char reason[300];
    bool seen;
};
struct wt_baseline_diff {
    char path[4096];
    size_t nrows;
    struct wt_baseline_row rows[WT_BASELINE_ROWS_MAX]; /* seen: still broken */
    size_t known, nfresh, fixed;
    struct wt_baseline_row fresh[WT_BASELINE_ROWS_MAX];
};

/* The settings a run was made with, as the reports print them. */
struct wt_outcome_settings {
    char program[256];
    char profile[WT_WTS_NAME_MAX];
    char flavor[WT_WTS_NAME_MAX];     /* the override, "" = none */
    char transport[1100];             /* its display name: "reference", "adapter:NAME" */
    char transport_key[300];          /* file-name key: name and, for adapters, version */
    char replay[1200];                /* how a replay line names the transport */
    char transport_spec[1100];        /* what a saved .wts records */
    bool has_seed;
    uint64_t seed;
    bool strict;
    bool seeds;
    uint64_t seed_first, seed_last;
    size_t seed_ops;
    uint32_t generator;
    bool replay_checked;              /* false: the adapter opts out of the replay check */
    char skipped[600];                /* the whole transport was skipped: why */
    /*
     * Capabilities: the documented methods the transport lacks (bit
     * 1 << enum wt_method), those whose NULL slot the kit's documented
     * default stands in for (C tables: writelines, write_eof,
     * can_write_eof), and what can_write_eof() said, asked once outside
     * the trace for the run's own flavor (1, 0; -1 not asked).
     */
    uint32_t missing;
    uint32_t defaulted;
    int can_write_eof;
};

/*
 * The events of one failing case, for a report's timeline (timeline.c):
 * the case rerun with a trace sink, a window of its judged run's events
 * around the first failure. Keyed by the case's merge key (order), so a
 * merge that reorders cases does not mislead it.
 */
struct wt_outcome_timeline {
    uint64_t order;           /* the case's merge key */
    char name[1024];          /* the case's name, as a check */
    uint32_t at;              /* the first failing event (UINT32_MAX: none, e.g. a HANG) */
    uint64_t total;           /* events the rerun's judged run had */
    bool reproduced;          /* the rerun's trace hash equals the case's */
    size_t nevents;           /* kept: a window of consecutive events */
    struct wt_event *events;
};
struct wt_outcome {
    const struct wt_allocator *alloc;
    struct wt_outcome_settings settings;
    size_t ncases, cap;
    struct wt_outcome_case *cases;    /* in order (file order, or seed order) */
    size_t nclauses;                  /* = wt_catalog_count() */
    struct wt_outcome_clause *clauses;
    uint64_t by_status[WT_RUN_STATUS_COUNT]; /* every case run, kept or not */
    uint64_t not_run;                 /* cases never run (the transport died first) */
    char failure[2600];               /* the transport died: why, and its stderr's tail */
    char warnings[2048];              /* a saved file recorded other settings: lines */
    struct wt_baseline_diff *baseline;/* NULL without --baseline */
    int exit;                         /* enum wt_exit, after wt_outcome_finish */
    /* Failing cases' events for --html (wt_outcome_keep_timelines; merge leaves them). */
    size_t ntimelines;
    struct wt_outcome_timeline *timelines;
};

/*
 * Runs the spec. Returns WT_OK with *out set (whatever the verdicts; the
 * exit class is in it), or an error with a one-line message in err:
 * WT_EINVAL (usage: exit 2), WT_ESYNTAX (a malformed scenario, "FILE:LINE:
 * message" lines in err), WT_EADAPTER (the transport could not be loaded or
 * started: exit 3), WT_ENOMEM.
 */
int wt_session_run(const struct wt_session_spec *spec, struct wt_outcome **out, char *err,
                   size_t err_cap);

/* The exit class of a wt_session_run error code. */
int wt_session_error_exit(int rc);

/* The interpreters --all-pythons tries (Debian's, pyenv's), present or not. */
struct wt_python {
    char label[32]; /* "debian", "3.12.1" */
    char path[1100];
    bool present;
};
#define WT_PYTHON_DEFAULT "/usr/bin/python3"
size_t wt_python_interpreters(struct wt_python *out, size_t max);

/* ----- the outcome ------------------------------------------------------ */

/* a: the allocator of everything the outcome holds (NULL: malloc). */
int wt_outcome_new(const struct wt_allocator *a, size_t nclauses, struct wt_outcome **out);
void wt_outcome_free(struct wt_outcome *o); /* NULL is a no-op */

/* Appends a copy of c (its arrays copied); WT_OK or WT_ENOMEM. */
int wt_outcome_add_case(struct wt_outcome *o, const struct wt_outcome_case *c);
/* Counts a case that was run but not kept (a passing seed in a sweep). */
void wt_outcome_count_case(struct wt_outcome *o, const struct wt_outcome_case *c);

/*
 * Decides every per-clause verdict and the exit class from the cases and
 * tallies (and the baseline, when there is one). Idempotent.
 */
void wt_outcome_finish(struct wt_outcome *o);
int wt_outcome_exit(const struct wt_outcome *o);

/* The text form: WT_OK, or WT_EIO / WT_ESYNTAX / WT_ENOMEM. */
int wt_outcome_write(const struct wt_outcome *o, FILE *f);
int wt_outcome_read(FILE *f, const struct wt_allocator *a, struct wt_outcome **out);
/*
 * Adds src's cases and tallies to dst (cases kept in merge-key order),
 * then finishes dst. Settings must agree (profile, transport): else
 * WT_EINVAL.
 */
int wt_outcome_merge(struct wt_outcome *dst, const struct wt_outcome *src);

/* ----- printers (report.c): pure functions of the outcome --------------- */

struct wt_print_options {
    bool verbose;   /* a line per case, every FAIL, N/A clauses too */
};

/* The capabilities as one line: what is missing, defaulted, can_write_eof(). */
void wt_outcome_capabilities(const struct wt_outcome *o, char *buf, size_t cap);
/* The replay command of case i (buf always terminated). */
void wt_outcome_replay_line(const struct wt_outcome *o, size_t i, char *buf, size_t cap);
void wt_outcome_print_table(const struct wt_outcome *o, FILE *out,
                            const struct wt_print_options *opt);
void wt_outcome_print_sweep(const struct wt_outcome *o, FILE *out,
                            const struct wt_print_options *opt);
int wt_outcome_write_junit(const struct wt_outcome *o, FILE *f);
int wt_outcome_write_json(const struct wt_outcome *o, FILE *f);
/*
 * Case i's FAIL lines, each starting with prefix, the knock-on rule applied:
 * each lead FAIL, then the FAILs that follow from it ("follows from it:"),
 * each with its evidence in [brackets].
 */
void wt_outcome_print_fails(const struct wt_outcome *o, size_t i, FILE *out, const char *prefix);
/* Case i's FAILed clause IDs, leads first: "A, B (+ following: C)". */
void wt_outcome_failed_ids(const struct wt_outcome *o, size_t i, char *buf, size_t cap);
/* One case, as `wtkit trace` ends: its FAILs, expectations, status line. */
void wt_outcome_print_case(const struct wt_outcome *o, size_t i, FILE *out);
/*
 * One self-contained HTML page (report_html.c; no network, no external
 * assets): the settings, the clause table (FAIL first, conflicts apart), a
 * sweep's failing seeds by clause with hit rates, and per failing case its
 * problems, an SVG timeline of the buffer size over the kept events (when
 * wt_outcome_keep_timelines kept them) and its replay line. WT_OK or WT_EIO.
 */
int wt_outcome_write_html(const struct wt_outcome *o, FILE *f);

/* ----- timelines (timeline.c) ------------------------------------------- */

/* At most this many cases get a timeline, and this many events each. */
#define WT_TIMELINE_CASES_MAX 64
#define WT_TIMELINE_EVENTS_MAX 20000

/*
 * Reruns the first cases_max failing cases of o (FAIL, a step-bound HANG,
 * NONDETERMINISTIC; never a CRASH or ERROR) with spec, a trace sink and
 * isolation off, and keeps in o->timelines up to events_max consecutive
 * events of each around its first failure. spec is the one o was run
 * with. Returns WT_OK (a case whose rerun failed just has no timeline),
 * WT_ENOMEM, or WT_EINVAL.
 */
int wt_outcome_keep_timelines(struct wt_outcome *o, const struct wt_session_spec *spec,
                              size_t cases_max, size_t events_max);
/* The timeline of case i, or NULL. */
const struct wt_outcome_timeline *wt_outcome_timeline(const struct wt_outcome *o, size_t i);

/* ----- baselines (baseline.c) ------------------------------------------- */

/* Loads FILE, or DIR/<key>.<profile>.baseline; WT_OK or WT_ESYNTAX/WT_EIO with err. */
int wt_baseline_load(const char *arg, const struct wt_outcome *o, struct wt_baseline_diff *b,
                     char *err, size_t err_cap);
void wt_baseline_print(const struct wt_baseline_diff *b, FILE *out);
/* Writes what the run broke as a baseline file: WT_OK or WT_EIO with err. */
int wt_baseline_write(const struct wt_outcome *o, const char *arg, char *err, size_t err_cap);

#endif
