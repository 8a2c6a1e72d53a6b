/* SPDX-License-Identifier: MIT */
/*
 * diff.c - the same ops on two transports: where their traces part
 * (shrink.h). Socket-level events (send, recv, peer, time) are set aside:
 * two transports may send in other pieces and still keep the same
 * contract; what they say to the caller and the protocol is compared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session_int.h"
#include "wt/errors.h"
#include "wt/shrink.h"
#include "wt/spec.h"

void wt_spec_set_transport(struct wt_session_spec *spec, const char *recorded)
{
    if (recorded == NULL || recorded[0] == '\0') {
        return;
    }
    if (strncmp(recorded, "adapter ", 8) == 0) {
        spec->adapter = recorded + 8;
        spec->transport = NULL;
    } else if (strncmp(recorded, "python:factory ", 15) == 0) {
        spec->factory = recorded + 15;
        spec->transport = NULL;
    } else {
        spec->transport = recorded;
    }
}

struct diff_events {
    struct wt_event *ev;
    size_t n, cap;
    bool full;
};

static bool diff_kept(const struct wt_event *ev)
{
    return ev->kind != WT_EV_SEND && ev->kind != WT_EV_RECV && ev->kind != WT_EV_PEER &&
           ev->kind != WT_EV_TIME;
}

/* The judged run's events (bounded). */
static void diff_sink(void *user_data, const struct wt_event *ev)
{
    struct diff_events *d = user_data;
    if (d->full) {
        return;
    }
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 256;
        struct wt_event *bigger = cap <= ((size_t)1 << 22) ? realloc(d->ev, cap * sizeof *bigger)
                                                           : NULL;
        if (bigger == NULL) {
            d->full = true;
            return;
        }
        d->ev = bigger;
        d->cap = cap;
    }
    d->ev[d->n++] = *ev;
}

static int diff_side(const struct wt_session_spec *spec, const struct wt_scenario *sc,
                     struct diff_events *d, struct wt_diff_side *side, char *err, size_t cap)
{
    struct wt_session_spec one = *spec;
    one.sink = diff_sink;
    one.sink_user_data = d;
    one.isolate = WT_SESSION_ISOLATE_OFF; /* the sink must see the events in this process */
    struct wt__probe *p = NULL;
    int rc = wt__probe_open(&one, &p, err, cap);
    if (rc != WT_OK) {
        return rc;
    }
    snprintf(side->transport, sizeof side->transport, "%.290s", wt__probe_settings(p)->transport);
    struct wt_outcome_case c;
    rc = wt__probe_run(p, sc, &c);
    if (rc == WT_OK) {
        side->status = c.status;
        size_t used = 0;
        for (size_t k = 0; k < c.nfails && used < sizeof side->fails; k++) {
            if WT_OUTCOME_VERDICT((c.verdicts[c.fails[k].clause]) == WT_VERDICT_FAIL) {
                int m = snprintf(side->fails + used, sizeof side->fails - used, "%s%s",
                                 used ? " " : "", wt_catalog_at(c.fails[k].clause)->id);
                used += m > 0 ? (size_t)m : 0;
            }
        }
    }
    wt__probe_case_free(p, &c);
    wt__probe_close(p);
    return rc;
}

/* Keeps only what the comparison looks at (all of it when socket is true). */
static void diff_filter(struct diff_events *d, bool socket)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (socket || diff_kept(&d->ev[i])) {
            d->ev[n++] = d->ev[i];
        }
    }
    d->n = n;
}

/* Two events say the same thing (their positions aside). */
static bool diff_same(const struct wt_event *x, const struct wt_event *y)
{
    return x->kind == y->kind && x->what == y->what && x->rc == y->rc && x->a == y->a &&
           x->b == y->b && x->c == y->c;
}

static void diff_context(const struct diff_events *d, size_t at, unsigned context,
                         struct wt_diff_side *side)
{
    size_t from = at > context ? at - context : 0;
    size_t to = at < d->n ? at + 1 : d->n;
    side->ncontext = 0;
    for (size_t i = from; i < to && side->ncontext <= WT_DIFF_CONTEXT_MAX; i++) {
        side->context[side->ncontext++] = d->ev[i];
    }
}

int wt_diff(const struct wt_session_spec *spec_a, const struct wt_session_spec *spec_b,
            const struct wt_scenario *sc, unsigned context, struct wt_diff_report *rep,
            char *err, size_t err_cap)
{
    memset(rep, 0, sizeof *rep);
    context = context > WT_DIFF_CONTEXT_MAX ? WT_DIFF_CONTEXT_MAX : context;
    struct diff_events da = {0}, db = {0};
    int rc = diff_side(spec_a, sc, &da, &rep->a, err, err_cap);
    if (rc == WT_OK) {
        rc = diff_side(spec_b, sc, &db, &rep->b, err, err_cap);
    }
    /* What they tell the caller and the protocol first; the socket only if that agrees. */
    for (int pass = 0; rc == WT_OK && pass < 2 && !rep->differ; pass++) {
        struct diff_events fa = da, fb = db;
        if (pass == 0) {
            diff_filter(&fa, false);
            diff_filter(&fb, false);
        }
        size_t i = 0;
        while (i < fa.n && i < fb.n && diff_same(&fa.ev[i], &fb.ev[i])) {
            i++;
        }
        rep->differ = i < fa.n || i < fb.n;
        rep->socket_only = pass == 1;
        rep->at = i;
        rep->a.nevents = fa.n;
        rep->b.nevents = fb.n;
        diff_context(&fa, i, context, &rep->a);
        diff_context(&fb, i, context, &rep->b);
        if (pass == 0) {
            /* The filtered copies share the arrays: take the full ones again. */
            free(da.ev);
            free(db.ev);
            da = (struct diff_events){0};
            db = (struct diff_events){0};
            if (!rep->differ) {
                rc = diff_side(spec_a, sc, &da, &rep->a, err, err_cap);
                if (rc == WT_OK) {
                    rc = diff_side(spec_b, sc, &db, &rep->b, err, err_cap);
                }
            }
        }
    }
    free(da.ev);
    free(db.ev);
    return rc;
}
