/* SPDX-License-Identifier: MIT */
/*
 * shrink.c - a failing case made 1-minimal (shrink.h).
 *
 * Candidates are judged through a probe (the session's own case runner),
 * so a shrunk case fails under `wtkit run` exactly as it did here. The
 * passes, repeated until none changes anything: drop runs of ops, halving
 * the run length down to single ops (delta debugging's first half), then
 * halve each size while the failure holds. The result is 1-minimal by
 * construction: the last round tried every single removal and halving.
 *
 * Sections: ways of failing; judging a candidate; the passes; the check.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "session_int.h"
#include "wt/errors.h"
#include "wt/gen.h"
#include "wt/shrink.h"
#include "wt/spec.h"
#include "wt/wt.h"

/* ===== ways of failing ===================================================== */

void wt_failure_way_format(const struct wt_failure_way *way, char *buf, size_t cap)
{
    if (way->status == WT_RUN_FAIL && way->clause >= 0) {
        snprintf(buf, cap, "FAIL %s", wt_catalog_at((size_t)way->clause)->id);
    } else if (way->status == WT_RUN_FAIL) {
        snprintf(buf, cap, "FAIL (an expectation)");
    } else {
        snprintf(buf, cap, "%s", wt_run_status_name(way->status));
    }
}

bool wt_failure_way_of(const struct wt_outcome_case *c, struct wt_failure_way *way)
{
    way->status = c->status;
    way->clause = -1;
    if (c->status == WT_RUN_PASS || c->status == WT_RUN_SKIP) {
        return false;
    }
    uint32_t first = UINT32_MAX;
    for (size_t k = 0; c->status == WT_RUN_FAIL && k < c->nfails; k++) {
        const struct wt_outcome_fail *f = &c->fails[k];
        bool fail = WT_OUTCOME_VERDICT(c->verdicts[f->clause]) == WT_VERDICT_FAIL;
        if (fail && wt_catalog_at(f->clause)->kind == WT_CLAUSE_MUST &&
            (f->event < first || (f->event == first && (int64_t)f->clause < way->clause))) {
            first = f->event;
            way->clause = f->clause;
        }
    }
    return true;
}

/* Does c fail the way way says? */
static bool shrink_same(const struct wt_outcome_case *c, const struct wt_failure_way *way)
{
    if (c->status != way->status) {
        return false;
    }
    if (way->status != WT_RUN_FAIL) {
        return true;
    }
    if (way->clause < 0) {
        return c->nexpects > 0;
    }
    return c->verdicts != NULL && WT_OUTCOME_VERDICT(c->verdicts[way->clause]) == WT_VERDICT_FAIL;
}

/* ===== judging a candidate ================================================= */

struct shrink {
    struct wt__probe *probe;
    struct wt_failure_way way;
    struct wt_scenario *sc; /* the current case (ops change in place) */
    unsigned runs, kept;
    wt_shrink_log_fn *log;
    void *user_data;
    int rc;                 /* sticky: WT_ENOMEM stops everything */
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void shrink_log(struct shrink *sh, const char *fmt, ...)
{
    if (sh->log == NULL) {
        return;
    }
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    sh->log(sh->user_data, line);
}

/* Judges the current ops; true when they still fail that way. */
static bool shrink_try(struct shrink *sh)
{
    if (sh->rc != WT_OK || sh->runs >= WT_SHRINK_RUNS_MAX) {
        return false;
    }
    sh->runs++;
    struct wt_outcome_case c;
    int rc = wt__probe_run(sh->probe, sh->sc, &c);
    bool same = rc == WT_OK && shrink_same(&c, &sh->way);
    if (rc != WT_OK) {
        sh->rc = rc;
    }
    wt__probe_case_free(sh->probe, &c);
    return same;
}

/* ===== the passes ========================================================== */

/* Drops ops [i, i + n) when the rest still fails; true when it did. */
static bool shrink_drop(struct shrink *sh, size_t i, size_t n, struct wt_op *saved)
{
    struct wt_scenario *sc = sh->sc;
    memcpy(saved, &sc->ops[i], n * sizeof *saved);
    memmove(&sc->ops[i], &sc->ops[i + n], (sc->nops - i - n) * sizeof *sc->ops);
    sc->nops -= n;
    if (shrink_try(sh)) {
        sh->kept++;
        shrink_log(sh, "removed %zu op%s at %zu: %zu left", n, n == 1 ? "" : "s", i, sc->nops);
        return true;
    }
    memmove(&sc->ops[i + n], &sc->ops[i], (sc->nops - i) * sizeof *sc->ops);
    memcpy(&sc->ops[i], saved, n * sizeof *saved);
    sc->nops += n;
    return false;
}

/* Runs of ops, from half the case down to one op. True when anything went. */
static bool shrink_removals(struct shrink *sh, struct wt_op *saved)
{
    bool changed = false;
    for (size_t n = sh->sc->nops / 2; n >= 1 && sh->rc == WT_OK; n /= 2) {
        for (size_t i = 0; i + n <= sh->sc->nops && sh->rc == WT_OK;) {
            if (shrink_drop(sh, i, n, saved)) {
                changed = true;
            } else {
                i += n;
            }
        }
    }
    return changed;
}

/* The sizes of one op (byte counts): pointers to them, at most 9. */
static size_t shrink_sizes(struct wt_op *op, int64_t *field[9], uint32_t *chunk[9])
{
    const struct wt_op_schema *sch = wt_op_schema_at(op->kind);
    size_t n = 0;
    for (unsigned k = 0; sch != NULL && k < sch->nargs; k++) {
        const struct wt_op_arg *arg = &sch->args[k];
        if (arg->type == WT_ARG_BYTES && arg->slot != WT_SLOT_CHUNKS) {
            field[n] = arg->slot == WT_SLOT_A ? &op->a : &op->b;
            chunk[n++] = NULL;
        } else if (arg->type == WT_ARG_CHUNKS) {
            for (unsigned c = 0; c < op->nchunks && n < 9; c++) {
                field[n] = NULL;
                chunk[n++] = &op->chunk[c];
            }
        }
    }
    return n;
}

/* Halves every size while the failure holds. True when anything changed. */
static bool shrink_halvings(struct shrink *sh)
{
    bool changed = false;
    for (size_t i = 0; i < sh->sc->nops && sh->rc == WT_OK; i++) {
        int64_t *field[9];
        uint32_t *chunk[9];
        size_t n = shrink_sizes(&sh->sc->ops[i], field, chunk);
        for (size_t k = 0; k < n && sh->rc == WT_OK; k++) {
            for (;;) {
                int64_t was = field[k] ? *field[k] : (int64_t)*chunk[k];
                if (was <= 0) {
                    break;
                }
                if (field[k]) {
                    *field[k] = was / 2;
                } else {
                    *chunk[k] = (uint32_t)(was / 2);
                }
                if (wt_op_validate(&sh->sc->ops[i]) == WT_OK && shrink_try(sh)) {
                    sh->kept++;
                    changed = true;
                    shrink_log(sh, "halved a size of op %zu (%s): %lld -> %lld", i,
                               wt_op_name(sh->sc->ops[i].kind), (long long)was,
                               (long long)(was / 2));
                    continue;
                }
                if (field[k]) {
                    *field[k] = was;
                } else {
                    *chunk[k] = (uint32_t)was;
                }
                break;
            }
        }
    }
    return changed;
}

static double shrink_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Copies start into out (ops owned by out's allocator). */
static int shrink_copy(const struct wt_scenario *start, struct wt_scenario *out)
{
    const struct wt_allocator *a = out->alloc;
    struct wt_op *ops = wt_alloc(a, (start->nops ? start->nops : 1) * sizeof *ops);
    if (ops == NULL) {
        return WT_ENOMEM;
    }
    wt_scenario_deinit(out);
    *out = *start;
    out->alloc = a;
    out->ops = ops;
    out->cap = start->nops ? start->nops : 1;
    memcpy(ops, start->ops, start->nops * sizeof *ops);
    return WT_OK;
}

int wt_shrink(const struct wt_session_spec *spec, const struct wt_scenario *start,
              struct wt_scenario *out, struct wt_shrink_report *rep, wt_shrink_log_fn *log,
              void *user_data, char *err, size_t err_cap)
{
    memset(rep, 0, sizeof *rep);
    double t0 = shrink_now();
    struct shrink sh = {.log = log, .user_data = user_data, .sc = out};
    int rc = wt__probe_open(spec, &sh.probe, err, err_cap);
    if (rc != WT_OK) {
        return rc;
    }
    rc = shrink_copy(start, out);
    struct wt_outcome_case c;
    if (rc == WT_OK) {
        rc = wt__probe_run(sh.probe, out, &c);
    }
    if (rc == WT_OK) {
        bool fails = wt_failure_way_of(&c, &sh.way);
        wt__probe_case_free(sh.probe, &c);
        if (!fails) {
            snprintf(err, err_cap, "the case does not fail (%s): nothing to shrink",
                     wt_run_status_name(sh.way.status));
            rc = WT_ENOENT;
        }
    }
    /*
     * A nondeterministic trace depends on the heap the run meets: each
     * candidate is judged in a child forked from the same state, as a fresh
     * `wtkit run` would be, so the shrunk case replays.
     */
    struct wt_session_spec isolated = *spec;
    if (rc == WT_OK && sh.way.status == WT_RUN_NONDET &&
        spec->isolate != WT_SESSION_ISOLATE_ON) {
        wt__probe_close(sh.probe);
        sh.probe = NULL;
        isolated.isolate = WT_SESSION_ISOLATE_ON;
        rc = wt__probe_open(&isolated, &sh.probe, err, err_cap);
    }
    struct wt_op *saved = rc == WT_OK ? wt_alloc(spec->alloc, (out->nops + 1) * sizeof *saved)
                                      : NULL;
    if (rc == WT_OK && saved == NULL) {
        rc = WT_ENOMEM;
    }
    if (rc == WT_OK) {
        char way[128];
        wt_failure_way_format(&sh.way, way, sizeof way);
        shrink_log(&sh, "start: %zu ops, %s", out->nops, way);
        rep->ops_before = out->nops;
        bool changed = true;
        while (changed && sh.rc == WT_OK && sh.runs < WT_SHRINK_RUNS_MAX) {
            changed = shrink_removals(&sh, saved);
            changed |= shrink_halvings(&sh);
        }
        rc = sh.rc;
        if (rc == WT_OK && sh.runs >= WT_SHRINK_RUNS_MAX) {
            snprintf(err, err_cap, "gave up after %u candidates (not minimal)", sh.runs);
            rc = WT_ELIMIT;
        }
    }
    wt_free(spec->alloc, saved);
    if (rc == WT_OK) {
        /* The header says how it ran, so `wtkit replay` can run it again. */
        const struct wt_outcome_settings *st = wt__probe_settings(sh.probe);
        snprintf(out->kit_version, sizeof out->kit_version, "%s", WT_VERSION);
        out->has_generator = false; /* the ops are written out: no seed mapping */
        snprintf(out->transport, sizeof out->transport, "%.1000s", st->transport_spec);
        snprintf(out->recorded_profile, sizeof out->recorded_profile, "%s", st->profile);
        snprintf(out->recorded_status, sizeof out->recorded_status, "%s",
                 wt_run_status_name(sh.way.status));
        snprintf(out->recorded_clause, sizeof out->recorded_clause, "%s",
                 sh.way.clause >= 0 ? wt_catalog_at((size_t)sh.way.clause)->id : "");
        if (spec->has_seed) {
            out->has_seed = true;
            out->seed = spec->seed;
        }
        if (spec->flavor != NULL) {
            snprintf(out->flavor, sizeof out->flavor, "%s", spec->flavor);
        }
        if (spec->steps_max != 0) {
            out->steps_max = spec->steps_max;
        }
        if (spec->work_max != 0) {
            out->work_max = spec->work_max; /* a fuzz finding replays under its input's budget */
        }
        out->nprofiles = 0;
        rep->way = sh.way;
        rep->ops_after = out->nops;
    }
    rep->runs = sh.runs;
    rep->kept = sh.kept;
    rep->seconds = shrink_now() - t0;
    wt__probe_close(sh.probe);
    return rc;
}

/* ===== the check =========================================================== */

int wt_shrink_check_minimal(const struct wt_session_spec *spec, const struct wt_scenario *sc,
                            bool *minimal_out, char *why, size_t why_cap)
{
    *minimal_out = false;
    struct wt_scenario work;
    wt_scenario_init(&work, spec->alloc);
    struct shrink sh = {.sc = &work};
    int rc = wt__probe_open(spec, &sh.probe, why, why_cap);
    if (rc == WT_OK) {
        rc = shrink_copy(sc, &work);
    }
    struct wt_outcome_case c;
    if (rc == WT_OK && (rc = wt__probe_run(sh.probe, &work, &c)) == WT_OK) {
        bool fails = wt_failure_way_of(&c, &sh.way);
        wt__probe_case_free(sh.probe, &c);
        rc = fails ? WT_OK : WT_ENOENT;
    }
    struct wt_session_spec isolated = *spec; /* as wt_shrink judges a nondeterministic case */
    if (rc == WT_OK && sh.way.status == WT_RUN_NONDET &&
        spec->isolate != WT_SESSION_ISOLATE_ON) {
        wt__probe_close(sh.probe);
        sh.probe = NULL;
        isolated.isolate = WT_SESSION_ISOLATE_ON;
        rc = wt__probe_open(&isolated, &sh.probe, why, why_cap);
    }
    struct wt_op saved;
    bool minimal = rc == WT_OK;
    for (size_t i = 0; minimal && i < work.nops; i++) {
        if (shrink_drop(&sh, i, 1, &saved)) {
            snprintf(why, why_cap, "without op %zu (line %u) it still fails that way", i,
                     (unsigned)saved.line);
            minimal = false;
        }
    }
    for (size_t i = 0; minimal && i < work.nops; i++) {
        int64_t *field[9];
        uint32_t *chunk[9];
        size_t n = shrink_sizes(&work.ops[i], field, chunk);
        for (size_t k = 0; minimal && k < n; k++) {
            int64_t was = field[k] ? *field[k] : (int64_t)*chunk[k];
            if (was <= 0) {
                continue;
            }
            if (field[k]) {
                *field[k] = was / 2;
            } else {
                *chunk[k] = (uint32_t)(was / 2);
            }
            if (wt_op_validate(&work.ops[i]) == WT_OK && shrink_try(&sh)) {
                snprintf(why, why_cap, "with a size of op %zu halved (%lld -> %lld) it still "
                         "fails that way", i, (long long)was, (long long)(was / 2));
                minimal = false;
            }
            if (field[k]) {
                *field[k] = was;
            } else {
                *chunk[k] = (uint32_t)was;
            }
        }
    }
    rc = rc == WT_OK ? sh.rc : rc;
    *minimal_out = minimal && rc == WT_OK;
    wt_scenario_deinit(&work);
    wt__probe_close(sh.probe);
    return rc;
}

int wt_seed_scenario(const struct wt_session_spec *spec, uint64_t seed, struct wt_scenario *sc,
                     char *err, size_t err_cap)
{
    struct wt__probe *p = NULL;
    int rc = wt__probe_open(spec, &p, err, err_cap);
    if (rc != WT_OK) {
        return rc;
    }
    struct wt_gen_options gopt;
    wt_gen_options_init(&gopt);
    gopt.kinds = wt__probe_kinds(p);
    gopt.version = spec->generator ? spec->generator : WT_GEN_VERSION;
    wt__probe_close(p);
    struct wt_op *ops = wt_alloc(sc->alloc, (spec->seed_ops ? spec->seed_ops : 1) * sizeof *ops);
    if (ops == NULL) {
        return WT_ENOMEM;
    }
    rc = wt_gen_ops_with(seed, &gopt, ops, spec->seed_ops);
    if (rc != WT_OK) {
        wt_free(sc->alloc, ops);
        return rc;
    }
    wt_scenario_deinit(sc);
    sc->ops = ops;
    sc->nops = sc->cap = spec->seed_ops;
    sc->has_seed = true;
    sc->seed = seed;
    sc->has_generator = true;
    sc->generator = gopt.version;
    return WT_OK;
}
