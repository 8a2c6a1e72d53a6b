/* SPDX-License-Identifier: MIT */
/*
 * timeline.c - the events of a run's failing cases, for a report that
 * draws them (the HTML report's timelines).
 *
 * A sweep keeps no events and a suite run keeps at most --context of
 * them, so the events are not in the outcome. A case is a pure function
 * of its spec, so each failing case is simply run again, alone, with a
 * trace sink, and a window of its judged run's events is kept: up to
 * events_max consecutive events ending an eighth of the window after the
 * first failure (or the run's last events when nothing names an event, a
 * HANG). The rerun's trace hash is compared with the case's, so a report
 * never draws another run than the one it judged without saying so.
 *
 * Isolation is off for the rerun (the sink must see the events in this
 * process), so only cases that ended normally are rerun: FAIL, a HANG at
 * the step bound (virtual time, bounded) and NONDETERMINISTIC; a CRASH, an
 * ERROR or a CPU-limit HANG is not, and has no timeline.
 */
#include <inttypes.h>
#include <string.h>

#include "wt/errors.h"
#include "wt/session.h"
#include "wt/spec.h"

/* The window being collected: a ring of the last cap events up to stop. */
struct timeline_ring {
    const struct wt_allocator *a;
    struct wt_event *ring;
    size_t cap;
    uint64_t seen;     /* events handed to the sink */
    uint32_t stop;     /* keep events with index <= stop */
    uint32_t last;     /* the previous event's index, to see a second run begin */
    bool done;         /* a second judged run started: ignore it */
};

static void timeline_sink(void *user_data, const struct wt_event *ev)
{
    struct timeline_ring *t = user_data;
    if (t->done || (t->seen > 0 && ev->index <= t->last)) {
        t->done = true; /* only the first judged run is drawn */
        return;
    }
    t->last = ev->index;
    if (ev->index > t->stop) {
        return;
    }
    t->ring[t->seen % t->cap] = *ev;
    t->seen++;
}

/* The first failing event of a case: a FAIL (not a conflict note) or an expectation. */
static uint32_t timeline_at(const struct wt_outcome_case *c)
{
    uint32_t at = UINT32_MAX;
    for (size_t k = 0; k < c->nfails; k++) {
        bool fail = c->verdicts != NULL &&
                    WT_OUTCOME_VERDICT(c->verdicts[c->fails[k].clause]) == WT_VERDICT_FAIL;
        if (fail && c->fails[k].event < at) {
            at = c->fails[k].event;
        }
    }
    for (unsigned k = 0; k < c->nexpects && k < WT_RUN_EXPECTS_MAX; k++) {
        at = c->expects[k].event < at ? c->expects[k].event : at;
    }
    return at;
}

static bool timeline_wanted(const struct wt_outcome_case *c)
{
    return c->status == WT_RUN_FAIL || c->status == WT_RUN_NONDET ||
           (c->status == WT_RUN_HANG && c->hang);
}

/* The spec that runs case c alone, as o's spec ran it. */
static void timeline_spec(const struct wt_session_spec *spec, const struct wt_outcome_case *c,
                          const char **path, struct wt_session_spec *one)
{
    *one = *spec;
    one->sink = timeline_sink;
    one->on_case = NULL;
    one->on_progress = NULL;
    one->on_case_user_data = NULL;
    one->jobs = 1;       /* one case, in this process: the sink must see its events */
    one->shard_n = 0;    /* the seed itself, whatever shard found it */
    one->shard_k = 0;
    one->keep_passing = true;
    one->context = 0;
    one->baseline = NULL;
    one->isolate = WT_SESSION_ISOLATE_OFF;
    if (c->is_seed) {
        one->seeds = true;
        one->seed_first = c->seed;
        one->seed_last = c->seed;
        one->paths = NULL;
        one->npaths = 0;
    } else {
        *path = c->name;
        one->seeds = false;
        one->paths = path;
        one->npaths = 1;
    }
}

/* Reruns case i; on success appends its timeline to o. */
static int timeline_one(struct wt_outcome *o, const struct wt_session_spec *spec, size_t i,
                        size_t events_max)
{
    const struct wt_outcome_case *c = &o->cases[i];
    struct timeline_ring t = {.a = o->alloc, .cap = events_max};
    uint32_t at = timeline_at(c);
    uint32_t after = (uint32_t)(events_max / 8);
    t.stop = at == UINT32_MAX ? UINT32_MAX : at > UINT32_MAX - after ? UINT32_MAX : at + after;
    t.ring = wt_alloc(o->alloc, events_max * sizeof *t.ring);
    if (t.ring == NULL) {
        return WT_ENOMEM;
    }
    const char *path = NULL;
    struct wt_session_spec one;
    timeline_spec(spec, c, &path, &one);
    one.sink_user_data = &t;
    struct wt_outcome *again = NULL;
    char err[512];
    int rc = wt_session_run(&one, &again, err, sizeof err);
    if (rc != WT_OK || again->ncases != 1 || t.seen == 0) {
        wt_outcome_free(again);
        wt_free(o->alloc, t.ring);
        return rc == WT_ENOMEM ? WT_ENOMEM : WT_OK; /* no timeline for this case */
    }
    struct wt_outcome_timeline *tl = &o->timelines[o->ntimelines];
    memset(tl, 0, sizeof *tl);
    tl->order = c->order;
    memcpy(tl->name, c->name, sizeof tl->name);
    tl->at = at;
    tl->total = again->cases[0].events;
    tl->reproduced = again->cases[0].hash == c->hash;
    wt_outcome_free(again);
    /* Unroll the ring: the oldest kept event first. */
    size_t n = t.seen < t.cap ? (size_t)t.seen : t.cap;
    size_t from = t.seen < t.cap ? 0 : (size_t)(t.seen % t.cap);
    tl->events = wt_alloc(o->alloc, n * sizeof *tl->events);
    if (tl->events == NULL) {
        wt_free(o->alloc, t.ring);
        return WT_ENOMEM;
    }
    for (size_t k = 0; k < n; k++) {
        tl->events[k] = t.ring[(from + k) % t.cap];
    }
    tl->nevents = n;
    o->ntimelines++;
    wt_free(o->alloc, t.ring);
    return WT_OK;
}

int wt_outcome_keep_timelines(struct wt_outcome *o, const struct wt_session_spec *spec,
                              size_t cases_max, size_t events_max)
{
    if (o == NULL || spec == NULL || events_max == 0 || events_max > WT_TIMELINE_EVENTS_MAX ||
        cases_max > WT_TIMELINE_CASES_MAX || o->timelines != NULL) {
        return WT_EINVAL;
    }
    size_t want = 0;
    for (size_t i = 0; i < o->ncases && want < cases_max; i++) {
        want += timeline_wanted(&o->cases[i]);
    }
    if (want == 0) {
        return WT_OK;
    }
    o->timelines = wt_calloc(o->alloc, want, sizeof *o->timelines);
    if (o->timelines == NULL) {
        return WT_ENOMEM;
    }
    size_t tried = 0;
    for (size_t i = 0; i < o->ncases && tried < want; i++) {
        if (!timeline_wanted(&o->cases[i])) {
            continue;
        }
        tried++;
        int rc = timeline_one(o, spec, i, events_max);
        if (rc != WT_OK) {
            return rc;
        }
    }
    return WT_OK;
}

const struct wt_outcome_timeline *wt_outcome_timeline(const struct wt_outcome *o, size_t i)
{
    if (o == NULL || i >= o->ncases) {
        return NULL;
    }
    for (size_t k = 0; k < o->ntimelines; k++) {
        const struct wt_outcome_timeline *tl = &o->timelines[k];
        if (tl->order == o->cases[i].order && strcmp(tl->name, o->cases[i].name) == 0) {
            return tl;
        }
    }
    return NULL;
}
