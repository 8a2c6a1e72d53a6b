/* SPDX-License-Identifier: MIT */
/*
 * session_int.h - what the session's files share: the transport under
 * test as a session opens it (tspec.c). Internal to conformance/.
 */
#ifndef WT_SESSION_INT_H
#define WT_SESSION_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wt/adapter.h"
#include "wt/plugin.h"
#include "wt/session.h"

/* snprintf into buf when it is not NULL (cap may be 0). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void wt__say(char *buf, size_t cap, const char *fmt, ...);
/* s into buf, cut to cap - 1 bytes: wt__say(buf, cap, "%s", s) without the
 * format's parsing (a case's strings, on a fuzz target's path). */
void wt__copy(char *buf, size_t cap, const char *s);

/* Text into XML or HTML (markup.c): entities for & < > " ', no control bytes. */
void wt__markup_str(FILE *f, const char *s);

/* The transport a spec names, opened. */
struct wt__tspec {
    char name[1100];                    /* "reference", "mutant:NAME", a path, "adapter:NAME" */
    char key[300];                      /* file-name key (baselines) */
    char replay[1200];                  /* how a replay line names it */
    char spec[1100];                    /* what a saved .wts records */
    const struct wt_transport_ops *ops; /* NULL: the reference */
    uint64_t faults;
    const char *default_flavor;         /* a mutant's flavor, or NULL */
    const char *mutant_profile;         /* a mutant's profile, or NULL */
    struct wt_plugin *plugin;
    struct wt_adapter *adapter;
    const struct wt_session_table *table; /* a table of this process (a host's) */
    bool replay_checked;                /* false: the adapter opts out of the replay check */
    uint32_t missing;                   /* documented methods it lacks (bit per enum wt_method) */
    uint32_t defaulted;                 /* NULL slots a documented default stands in for */
    const struct wt_allocator *alloc;   /* the session's */
    bool skipped;                       /* it cannot run here: every case is a SKIP */
    char skip_reason[600];
};

/*
 * Names and opens the transport of a spec. WT_OK (maybe skipped),
 * WT_EINVAL (usage, message in err), WT_EADAPTER (could not be loaded or
 * started; the message and the adapter's stderr tail in err).
 */
int wt__tspec_open(const struct wt_session_spec *spec, struct wt__tspec *t, char *err,
                   size_t err_cap);
void wt__tspec_close(struct wt__tspec *t);

/* Fills the transport fields of a run config. */
void wt__tspec_apply(const struct wt__tspec *t, struct wt_run_config *cfg);

/*
 * True when the transport can be created with this flavor; then
 * *can_eof_out (may be NULL) is what can_write_eof() said, asked once
 * outside any judged trace (false when the method is missing).
 */
bool wt__tspec_flavor_works(const struct wt__tspec *t, const char *flavor, bool *can_eof_out);

/* The flavor a run of this spec gives the transport when a scenario names none. */
const char *wt__tspec_flavor(const struct wt__tspec *t, const struct wt_session_spec *spec,
                             const char *profile_flavor, const char *header);

/*
 * Why the transport cannot run these ops (writes the reason, returns
 * true), or false. One place decides, for every command.
 */
bool wt__tspec_unsupported(const struct wt__tspec *t, const struct wt_op *ops, size_t nops,
                           char *why, size_t cap);

/* The op kinds (bit per kind) and whether hooks can be generated for it. */
uint64_t wt__tspec_kinds(const struct wt__tspec *t);

/*
 * A probe: a session opened once to run single cases (shrink, replay,
 * diff), each judged exactly as a `wtkit run` of it would be.
 */
struct wt__probe;
int wt__probe_open(const struct wt_session_spec *spec, struct wt__probe **out, char *err,
                   size_t cap);
/*
 * As wt__probe_open, but each case runs once, without the replay check
 * (NONDETERMINISTIC is never its verdict): the fuzz target replays only a
 * sample of its inputs, through a second probe opened the usual way.
 */
int wt__probe_open_once(const struct wt_session_spec *spec, struct wt__probe **out, char *err,
                        size_t cap);
/* Runs sc; fills *c (release it with wt__probe_case_free). WT_OK or WT_ENOMEM. */
int wt__probe_run(struct wt__probe *p, const struct wt_scenario *sc, struct wt_outcome_case *c);
/* Runs sc as told, without asking whether it is for this transport (a host: the kit asked). */
int wt__probe_run_told(struct wt__probe *p, const struct wt_scenario *sc, const char *name,
                       bool is_seed, struct wt_outcome_case *c);
void wt__probe_case_free(struct wt__probe *p, struct wt_outcome_case *c);
const struct wt_outcome_settings *wt__probe_settings(const struct wt__probe *p);
uint64_t wt__probe_kinds(const struct wt__probe *p);
void wt__probe_close(struct wt__probe *p);

/* The runner's health check of an adapter (user_data: the struct wt_adapter). */
int wt__tspec_health(void *user_data, char *msg, size_t cap);

/* Compares what the (finished) outcome broke with a loaded baseline. */
void wt__baseline_judge(const struct wt_outcome *o, struct wt_baseline_diff *b);

#endif
