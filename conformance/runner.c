/* SPDX-License-Identifier: MIT */
/*
 * runner.c - one scenario in a world under the monitor, its replay, and
 * the per-clause tally over a suite.
 *
 * The runner owns one monitor and reuses it (wt_monitor_reset) for every
 * scenario; each run builds a fresh world, because a world is cheap and a
 * fresh one is what makes two runs comparable. Expectations are judged by
 * the world (EXPECT events); the runner only ties each failed EXPECT
 * event to its op's line. `expect clause` ops are judged here, against the
 * monitor's verdicts at the end, and never reach the world.
 *
 * Sections:
 *   1. config, results, names
 *   2. one world run
 *   3. judging: expectations, clauses, determinism
 *   4. the runner and the tally
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "wt/assert.h"
#include "wt/errors.h"
#include "wt/runner.h"
#include "wt/world.h"

/* ===== 1. config, results, names ====================================== */

void wt_run_config_init(struct wt_run_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->check_determinism = true;
}

const char *wt_run_status_name(int status)
{
    static const char *const names[WT_RUN_STATUS_COUNT] = {
        "PASS", "SKIP", "FAIL", "HANG", "NONDETERMINISTIC", "ERROR", "INCONCLUSIVE", "CRASH"};
    return status >= 0 && status < WT_RUN_STATUS_COUNT ? names[status] : "?";
}

void wt_run_result_deinit(struct wt_run_result *res)
{
    if (res == NULL) {
        return;
    }
    wt_free(res->alloc, res->verdicts);
    res->verdicts = NULL;
    res->nverdicts = 0;
}

struct wt_runner {
    struct wt_run_config cfg;
    const struct wt_allocator *alloc;
    struct wt_monitor *monitor;
    size_t nclauses;
    struct wt_run_tally *tally;
    /* Per row: a FAIL here fails the run (a MUST the profile holds and the
     * run selected). Fixed with the runner, so found once. */
    bool *must;
    size_t runs;
};

/*
 * The runner's own invariants: one tally row per catalog row, each
 * consistent with the runs counted so far (a FAIL is also an exercise, and
 * the first FAIL is remembered exactly when there was one). O(clauses),
 * once per scenario, never per event.
 */
static void runner_validate(const struct wt_runner *r)
{
    WT_ASSERT(r != NULL && r->monitor != NULL && r->tally != NULL && r->cfg.profile != NULL);
    WT_ASSERT(r->nclauses == wt_catalog_count());
    for (size_t i = 0; i < r->nclauses; i++) {
        const struct wt_run_tally *t = &r->tally[i];
        WT_ASSERT(t->failed <= t->exercised && t->exercised <= r->runs && t->conflicts <= r->runs);
        WT_ASSERT((t->failed > 0) == (t->first_fail_run >= 0));
        WT_ASSERT(t->first_fail_run < 0 || (size_t)t->first_fail_run < r->runs);
    }
}

/* ===== 2. one world run =============================================== */

/* snprintf through a va_list: messages may be cut, and that is fine. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void run_fmt(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, cap, fmt, ap);
    va_end(ap);
}

static void run_expect_add(struct wt_run_result *res, uint32_t line, uint32_t event,
                           const char *fmt_text, const char *detail)
{
    if (res->nexpects < WT_RUN_EXPECTS_MAX) {
        struct wt_run_expect *e = &res->expects[res->nexpects];
        e->line = line;
        e->event = event;
        run_fmt(e->message, sizeof e->message, "expectation failed: %s (%s)", fmt_text, detail);
    }
    res->nexpects++;
}

/* The "got" half of a failed EXPECT event, in the op's own terms. */
static void run_expect_detail(const struct wt_event *ev, char *buf, size_t cap)
{
    switch (ev->what) {
    case WT_OP_EXPECT_ERROR:
        snprintf(buf, cap, "the last call returned %s",
                 ev->b == 0 ? "none" : wt_err_python((int)ev->b) ? wt_err_python((int)ev->b)
                                                                  : wt_err_name((int)ev->b));
        break;
    case WT_OP_EXPECT_STATE:
        snprintf(buf, cap, "it was not, at event %" PRIu32, ev->index);
        break;
    default:
        snprintf(buf, cap, "got %" PRId64 ", at event %" PRIu32, ev->b, ev->index);
        break;
    }
}

/* The run budget that ended the run, and whether it was still making progress. */
static void run_budget_message(const struct wt_world *w, struct wt_run_result *res)
{
    snprintf(res->message, sizeof res->message, "%s%s", wt_world_budget(w),
             res->bound_progress ? ", still making progress" : "");
}

struct run_plan {
    uint64_t seed;
    const char *flavor;
    uint64_t steps_max;
};

/*
 * Runs the ops once. With judge set, the monitor (and the caller's sink, if
 * any) watch, and failed expectations and hangs (the world keeps both) go
 * into res; without, the world has no sink and only folds its trace hash
 * (the replay check's first run costs the world's own work and six folds
 * per event). With keep_out,
 * the world is handed back instead of freed. Returns WT_OK, WT_EADAPTER
 * (message in res) or a fatal code.
 */
static int run_world(struct wt_runner *r, const struct wt_scenario *sc, const struct run_plan *plan,
                     bool judge, struct wt_run_result *res, uint64_t *hash_out,
                     struct wt_world **keep_out)
{
    struct wt_world_config wc;
    wt_world_config_init(&wc);
    wc.seed = plan->seed;
    wc.transport = r->cfg.transport;
    wc.args.flavor = plan->flavor;
    wc.args.faults = r->cfg.faults;
    wc.args.context = r->cfg.context;
    wc.steps_max = plan->steps_max ? plan->steps_max : wc.steps_max;
    wc.work_max = r->cfg.work_max ? r->cfg.work_max : sc->work_max ? sc->work_max : wc.work_max;
    wc.keep_trace = false;
    wc.finish_close = true;
    wc.missing = r->cfg.missing;
    /* The judged run's hash is the monitor's, which folds every event the
     * world emits: the trace need not fold them too. The replay check then
     * compares two implementations of the hash, the trace's (first run)
     * and the monitor's (judged run). */
    wc.hash_trace = !judge;
    wt_world_config_platform(&wc, sc->ops, sc->nops);
    if (r->cfg.prepare != NULL) {
        r->cfg.prepare(r->cfg.driver_user_data, &wc);
    }

    struct wt_world *w = NULL;
    int rc = wt_world_new(&wc, r->alloc, &w);
    if (rc == WT_OK && judge) {
        rc = wt_world_add_sink(w, wt_monitor_sink, r->monitor);
        if (rc == WT_OK && r->cfg.sink != NULL) {
            rc = wt_world_add_sink(w, r->cfg.sink, r->cfg.sink_user_data);
        }
        if (rc == WT_OK && r->cfg.note_sink != NULL) {
            rc = wt_world_add_note_sink(w, r->cfg.note_sink, r->cfg.note_sink_user_data);
        }
    }
    /* The leading `on made:` hooks are armed before start: connection_made
     * comes during start, so armed later they could never fire. */
    size_t first = 0;
    while (rc == WT_OK && first < sc->nops && sc->ops[first].on == WT_ON_MADE) {
        rc = wt_world_exec(w, &sc->ops[first++]);
    }
    if (rc == WT_OK) {
        rc = wt_world_start(w);
    }
    if (rc != WT_OK && rc != WT_ETIMEOUT) {
        char why[WT_RUN_MESSAGE_MAX - 40];
        if (r->cfg.health != NULL && r->cfg.health(r->cfg.driver_user_data, why, sizeof why)) {
            snprintf(res->message, sizeof res->message, "the transport failed: %s", why);
        } else {
            snprintf(res->message, sizeof res->message, "the transport could not be run: %s",
                     rc == WT_EADAPTER ? "creating it failed" : wt_strerror(rc));
        }
        wt_world_free(w);
        return rc == WT_EADAPTER || rc == WT_EINVAL ? WT_EADAPTER : rc;
    }
    unsigned failures = wt_world_expect_failures(w);
    for (size_t i = first; i < sc->nops && !wt_is_fatal(rc); i++) {
        const struct wt_op *op = &sc->ops[i];
        if (op->kind == WT_OP_EXPECT_CLAUSE) {
            continue;
        }
        bool after_bound = res->hang;
        rc = wt_world_exec(w, op);
        if (rc == WT_ETIMEOUT && judge && !res->hang) {
            res->hang = true;
            res->bound_progress = wt_world_bound_progress(w);
            res->hang_line = op->line;
        }
        /* What an expectation sees after a bound depends on where the bound cut. */
        if (judge && after_bound && wt_op_is_expect(op->kind)) {
            res->unjudged++;
        } else if (judge && wt_world_expect_failures(w) != failures &&
                   wt_world_last_failed_expect(w) != NULL) {
            const struct wt_event *expect = wt_world_last_failed_expect(w);
            char text[WT_WTS_OP_TEXT_MAX], detail[120];
            wt_wts_format_op(op, text, sizeof text);
            run_expect_detail(expect, detail, sizeof detail);
            run_expect_add(res, op->line, expect->index, text, detail);
        }
        failures = wt_world_expect_failures(w);
        /* Past a run budget nothing more is worth running: the rest is not judged. */
        if (wt_world_budget(w) != NULL) {
            if (judge) {
                res->hang = true;
                res->bound_progress = wt_world_bound_progress(w);
                res->hang_line = op->line;
                run_budget_message(w, res);
                for (size_t k = i + 1; k < sc->nops; k++) {
                    res->unjudged += wt_op_is_expect(sc->ops[k].kind);
                }
            }
            break;
        }
    }
    if (!wt_is_fatal(rc)) {
        rc = wt_world_finish(w);
        if (rc == WT_ETIMEOUT && judge && !res->hang) {
            res->hang = true;
            res->bound_progress = wt_world_bound_progress(w);
            res->hang_line = 0;
            if (wt_world_budget(w) != NULL) {
                run_budget_message(w, res);
            }
        }
    }
    if (judge) {
        if (wt_world_bounded(w) && !res->hang) {
            res->hang = true;
            res->bound_progress = wt_world_bound_progress(w);
        }
        res->events = wt_trace_count(wt_world_trace(w));
        res->end_ns = wt_world_now_ns(w);
    }
    *hash_out = judge ? wt_monitor_hash(r->monitor) : wt_world_hash(w);
    if (keep_out != NULL && !wt_is_fatal(rc)) {
        *keep_out = w;
    } else {
        wt_world_free(w);
    }
    if (r->cfg.health != NULL) {
        char why[WT_RUN_MESSAGE_MAX - 40];
        if (r->cfg.health(r->cfg.driver_user_data, why, sizeof why) != 0) {
            snprintf(res->message, sizeof res->message, "the transport failed: %s", why);
            return WT_EADAPTER;
        }
    }
    if (wt_is_fatal(rc)) {
        snprintf(res->message, sizeof res->message, "the run stopped: %s", wt_strerror(rc));
        return rc;
    }
    return WT_OK;
}

/*
 * The two runs of a scenario, named apart and never inlined, so a profile
 * tells them apart (make bench reads the judged run's inclusive
 * instructions from callgrind as run_judged).
 */
#if defined(__GNUC__)
#define RUN_NOINLINE __attribute__((noinline))
#else
#define RUN_NOINLINE
#endif

RUN_NOINLINE static int run_first(struct wt_runner *r, const struct wt_scenario *sc,
                                  const struct run_plan *plan, struct wt_run_result *res,
                                  struct wt_world **keep_out)
{
    return run_world(r, sc, plan, false, res, &res->replay_hash, keep_out);
}

RUN_NOINLINE static int run_judged(struct wt_runner *r, const struct wt_scenario *sc,
                                   const struct run_plan *plan, struct wt_run_result *res)
{
    return run_world(r, sc, plan, true, res, &res->hash, NULL);
}

/* ===== 3. judging: expectations, clauses, determinism ================== */

/* A verdict without the bytes after its reason's end: only a FAIL has a reason. */
static void run_verdict_copy(struct wt_verdict *to, const struct wt_verdict *from)
{
    memcpy(to, from, offsetof(struct wt_verdict, reason));
    size_t n = from->status == WT_VERDICT_FAIL ? strnlen(from->reason, sizeof to->reason - 1) : 0;
    memcpy(to->reason, from->reason, n);
    to->reason[n] = '\0';
}

static void run_judge_clauses(const struct wt_scenario *sc, struct wt_run_result *res)
{
    for (size_t i = 0; i < sc->nops; i++) {
        const struct wt_op *op = &sc->ops[i];
        if (op->kind != WT_OP_EXPECT_CLAUSE || (size_t)op->a >= res->nverdicts) {
            continue;
        }
        const struct wt_verdict *v = &res->verdicts[op->a];
        if (v->status == op->b) {
            continue;
        }
        char text[WT_WTS_OP_TEXT_MAX], detail[WT_VERDICT_REASON_MAX + 40];
        wt_wts_format_op(op, text, sizeof text);
        snprintf(detail, sizeof detail, "the verdict is %s%s%s", wt_verdict_name(v->status),
                 v->reason[0] ? ": " : "", v->reason);
        run_expect_add(res, op->line, (uint32_t)(res->events ? res->events - 1 : 0), text,
                       detail);
    }
}

/*
 * The one rule for a run's status, every command alike: a step bound
 * reached with no progress in the second half of that op's steps is a
 * HANG; reached while still making progress it is INCONCLUSIVE (counted
 * apart, not a failure) unless something else failed.
 */
static int run_status(const struct wt_run_result *res)
{
    if (res->nondeterministic) {
        return WT_RUN_NONDET;
    }
    if (res->hang && !res->bound_progress) {
        return WT_RUN_HANG;
    }
    if (res->must_failed || res->nexpects > 0) {
        return WT_RUN_FAIL;
    }
    return res->hang ? WT_RUN_INCONCLUSIVE : WT_RUN_PASS;
}

/* ===== 4. the runner and the tally ===================================== */

int wt_runner_new(const struct wt_run_config *cfg, const struct wt_allocator *alloc,
                  struct wt_runner **runner_out)
{
    if (cfg == NULL || cfg->profile == NULL || runner_out == NULL) {
        return WT_EINVAL;
    }
    struct wt_runner *r = wt_calloc(alloc, 1, sizeof *r);
    if (r == NULL) {
        return WT_ENOMEM;
    }
    r->cfg = *cfg;
    r->alloc = alloc;
    r->nclauses = wt_catalog_count();
    r->tally = wt_calloc(alloc, r->nclauses ? r->nclauses : 1, sizeof *r->tally);
    r->must = wt_calloc(alloc, r->nclauses ? r->nclauses : 1, sizeof *r->must);
    int rc = r->tally != NULL && r->must != NULL
                 ? wt_monitor_new(alloc, cfg->profile, &r->monitor)
                 : WT_ENOMEM;
    if (rc != WT_OK) {
        wt_runner_free(r);
        return rc;
    }
    for (size_t i = 0; i < r->nclauses; i++) {
        r->tally[i].first_fail_run = -1;
        r->must[i] = wt_catalog_at(i)->kind == WT_CLAUSE_MUST && wt_profile_has(cfg->profile, i) &&
                     (cfg->selected == NULL || cfg->selected[i]);
    }
    wt_monitor_set_missing(r->monitor, cfg->missing);
    runner_validate(r);
    *runner_out = r;
    return WT_OK;
}

void wt_runner_free(struct wt_runner *r)
{
    if (r == NULL) {
        return;
    }
    wt_monitor_free(r->monitor);
    wt_free(r->alloc, r->tally);
    wt_free(r->alloc, r->must);
    wt_free(r->alloc, r);
}

size_t wt_runner_runs(const struct wt_runner *r) { return r->runs; }

const struct wt_run_tally *wt_runner_tally(const struct wt_runner *r, size_t clause)
{
    return clause < r->nclauses ? &r->tally[clause] : NULL;
}

int wt_runner_clause_status(const struct wt_runner *r, size_t clause, bool *conflict_out)
{
    const struct wt_clause *cl = wt_catalog_at(clause);
    const struct wt_run_tally *t = wt_runner_tally(r, clause);
    bool conflict = false;
    int status = WT_VERDICT_NOT_APPLICABLE;
    if (cl != NULL && t != NULL && cl->checkable && wt_profile_judges(r->cfg.profile, clause)) {
        status = t->failed      ? WT_VERDICT_FAIL
                 : t->exercised ? WT_VERDICT_PASS
                                : WT_VERDICT_NOT_EXERCISED;
        conflict = t->conflicts > 0 && t->failed == 0;
    }
    if (conflict_out != NULL) {
        *conflict_out = conflict;
    }
    return status;
}

static void runner_tally_add(struct wt_runner *r, const struct wt_run_result *res)
{
    WT_ASSERT(res->nverdicts == r->nclauses);
    for (size_t i = 0; i < r->nclauses && i < res->nverdicts; i++) {
        const struct wt_verdict *v = &res->verdicts[i];
        struct wt_run_tally *t = &r->tally[i];
        t->exercised += v->status == WT_VERDICT_PASS || v->status == WT_VERDICT_FAIL;
        t->conflicts += v->conflict;
        if (v->status != WT_VERDICT_FAIL) {
            continue;
        }
        if (t->failed++ == 0) {
            t->first_fail_run = (int32_t)r->runs;
            t->first_fail_event = v->event;
            snprintf(t->first_fail_reason, sizeof t->first_fail_reason, "%s", v->reason);
        }
    }
}

/* Picks seed, flavor and step bound: the run's settings, then the header's. */
static void runner_plan(const struct wt_runner *r, const struct wt_scenario *sc,
                        struct run_plan *plan)
{
    plan->seed = r->cfg.has_seed ? r->cfg.seed : sc->has_seed ? sc->seed : WT_RUN_SEED_DEFAULT;
    plan->flavor = r->cfg.flavor;
    if (plan->flavor == NULL && sc->flavor[0] != '\0') {
        plan->flavor = sc->flavor;
    }
    if (plan->flavor == NULL) {
        plan->flavor = r->cfg.default_flavor;
    }
    /* The profile's flavor names a variant of the reference, not of a plugin. */
    if (plan->flavor == NULL && r->cfg.transport == NULL) {
        plan->flavor = wt_profile_flavor(r->cfg.profile);
    }
    plan->steps_max = r->cfg.steps_max ? r->cfg.steps_max : sc->steps_max;
}

int wt_runner_run(struct wt_runner *r, const struct wt_scenario *sc, struct wt_run_result *res)
{
    if (r == NULL || sc == NULL || res == NULL) {
        return WT_EINVAL;
    }
    size_t runs = r->runs; /* validated at the end of the last run and at new */
    memset(res, 0, sizeof *res);
    res->alloc = r->alloc;
    struct run_plan plan;
    runner_plan(r, sc, &plan);
    res->seed = plan.seed;
    if (plan.flavor != NULL) { /* res is zeroed: the copy needs no end of its own */
        memcpy(res->flavor, plan.flavor, strnlen(plan.flavor, sizeof res->flavor - 1));
    }
    if (!wt_scenario_for_profile(sc, wt_profile_name(r->cfg.profile))) {
        res->status = WT_RUN_SKIP;
        r->runs++;
        return WT_OK;
    }
    /*
     * Determinism: a first, unjudged run gives the hash the judged run must
     * reproduce; the monitor FAILs WT-DETERMINISTIC when it does not. An
     * in-process transport's first world stays alive during the judged run,
     * so the two instances cannot share addresses (a transport that depends
     * on them differs); an adapter serves one world at a time.
     */
    int rc = WT_OK;
    struct wt_world *first = NULL;
    if (r->cfg.check_determinism) {
        rc = run_first(r, sc, &plan, res, r->cfg.prepare == NULL ? &first : NULL);
    }
    wt_monitor_reset(r->monitor);
    if (rc == WT_OK) {
        rc = run_judged(r, sc, &plan, res);
    }
    wt_world_free(first);
    if (rc != WT_OK) {
        res->status = WT_RUN_ERROR;
        r->runs++;
        return rc == WT_ENOMEM ? WT_ENOMEM : WT_OK;
    }
    if (!r->cfg.check_determinism) {
        res->replay_hash = res->hash;
    }
    res->nondeterministic = res->hash != res->replay_hash;
    if (r->cfg.check_determinism) {
        wt_monitor_expect_hash(r->monitor, res->replay_hash);
    }
    wt_monitor_end(r->monitor);
    res->verdicts = wt_alloc(r->alloc, (r->nclauses ? r->nclauses : 1) * sizeof *res->verdicts);
    if (res->verdicts == NULL) {
        return WT_ENOMEM;
    }
    res->nverdicts = r->nclauses;
    res->must_failed = false;
    for (size_t i = 0; i < r->nclauses; i++) {
        run_verdict_copy(&res->verdicts[i], wt_monitor_verdict(r->monitor, i));
        WT_ASSERT(res->verdicts[i].clause == i);
        res->must_failed |= r->must[i] && res->verdicts[i].status == WT_VERDICT_FAIL;
    }
    /* Pairs: one verdict per catalog row, and the judged hash is the
     * monitor's (the monitor, the judged world's sink since before start,
     * folded every event; the replay's first run is the trace's own fold of
     * the same events, so a fold that drifted shows as NONDETERMINISTIC). */
    WT_ASSERT(res->nverdicts == wt_catalog_count());
    WT_ASSERT(wt_monitor_hash(r->monitor) == res->hash);
    const char *problem = wt_monitor_trace_problem(r->monitor);
    if (problem != NULL) {
        snprintf(res->message, sizeof res->message, "malformed trace: %s", problem);
    }
    /* Pair: a MUST FAIL here is what the monitor calls failed (N/A rows never FAIL). */
    WT_ASSERT(r->cfg.selected != NULL || res->must_failed == wt_monitor_failed(r->monitor));
    run_judge_clauses(sc, res);
    runner_tally_add(r, res);
    res->status = run_status(res);
    WT_ASSERT(res->status >= 0 && res->status < WT_RUN_STATUS_COUNT);
    WT_ASSERT(res->nondeterministic == (res->hash != res->replay_hash));
    r->runs++;
    WT_ASSERT(r->runs == runs + 1);
    runner_validate(r);
    return WT_OK;
}
