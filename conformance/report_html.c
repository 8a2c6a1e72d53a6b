/* SPDX-License-Identifier: MIT */
/*
 * report_html.c - an outcome as one self-contained HTML page, for a
 * person in a browser: what ran and how, the clause table with the FAILs
 * first and the docs conflicts apart, a sweep's failing seeds by clause
 * with hit rates, and for each failing case what went wrong, an SVG
 * timeline of the buffer size over the events around the failure, and
 * its replay line.
 *
 * A pure function of the outcome, like the other printers (report.c):
 * nothing here decides a verdict, and the same outcome gives the same
 * bytes (no clock, no paths but the ones the outcome holds). The page
 * loads nothing: the style, the charts (inline SVG) and the small script
 * that reports whether the charts drew (#render-check, which the kit's
 * browser test reads) are all in the file.
 *
 * The timeline draws what the trace says, never a guess: the buffer size
 * as the transport reported it (after each call, inside each callback, at
 * each idle loop), the high and low limits as they were read back, the
 * flow-control and closing events as marks, each send as a tick, and the
 * failing event in red with its reason.
 *
 * Sections:
 *   1. escaping and small helpers
 *   2. the page head and the settings
 *   3. the clause table and the conflicts
 *   4. a sweep's failing seeds by clause
 *   5. the timeline (SVG)
 *   6. failing cases
 *   7. the page
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "session_int.h"
#include "wt/errors.h"
#include "wt/session.h"
#include "wt/spec.h"
#include "wt/wt.h"

/* Failing cases with a section of their own; the rest are listed in one table. */
#define HTML_CASES_MAX 100
/* Seeds listed per clause in a sweep. */
#define HTML_SEEDS_MAX 40
/* Events listed before and after the failing one under a timeline. */
#define HTML_CONTEXT_BEFORE 15
#define HTML_CONTEXT_AFTER 4

/* ===== 1. escaping and small helpers ==================================== */

/* printf, escaped. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void html_fmt(FILE *f, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    wt__markup_str(f, buf);
}

static const char *html_base(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static bool html_bad(int status)
{
    return status != WT_RUN_PASS && status != WT_RUN_SKIP && status != WT_RUN_INCONCLUSIVE;
}

static bool html_is_fail(const struct wt_outcome_case *c, size_t k)
{
    return c->verdicts != NULL && WT_OUTCOME_VERDICT(c->verdicts[c->fails[k].clause]) == WT_VERDICT_FAIL;
}

static uint64_t html_total(const struct wt_outcome *o)
{
    uint64_t n = 0;
    for (int s = 0; s < WT_RUN_STATUS_COUNT; s++) {
        n += o->by_status[s];
    }
    return n;
}

/* The CSS class of a verdict word. */
static const char *html_verdict_class(int verdict, bool conflict)
{
    if (verdict == WT_VERDICT_FAIL) {
        return "fail";
    }
    if (conflict && verdict == WT_VERDICT_PASS) {
        return "conflict";
    }
    return verdict == WT_VERDICT_PASS ? "pass" : verdict == WT_VERDICT_NOT_EXERCISED ? "nx" : "na";
}

/* ===== 2. the page head and the settings ================================ */

static const char html_style[] =
    "body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:1100px;color:#222;"
    "padding:0 1em}\n"
    "h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:2em}\n"
    "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.2em "
    ".5em;text-align:left;vertical-align:top;font-size:.92em}th{background:#f3f3f3}\n"
    ".fail{color:#b00;font-weight:bold}.pass{color:#070}.conflict{color:#a60;font-weight:bold}"
    ".nx{color:#666}.na{color:#999}\n"
    ".badge{display:inline-block;padding:.2em .7em;border-radius:.3em;color:#fff;"
    "font-weight:bold}.badge.ok{background:#2a7}.badge.bad{background:#c33}\n"
    "pre{background:#f7f7f7;padding:.5em;overflow-x:auto;font-size:.85em}\n"
    "pre.replay{background:#eef3ff}mark{background:#fdd;font-weight:bold}\n"
    "section.case{border:1px solid #ddd;padding:.2em 1em 1em;margin:1em 0;border-radius:.3em}\n"
    "svg.timeline{background:#fff;border:1px solid #ccc}\n"
    ".legend span{margin-right:1.2em;font-size:.85em}\n"
    ".quote{font-style:italic}\n";

static void html_head(const struct wt_outcome *o, FILE *f)
{
    const struct wt_outcome_settings *s = &o->settings;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
    html_fmt(f, "wtkit %s: %s, profile %s", s->seeds ? "sweep" : "run", s->transport,
             s->profile);
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", html_style);
    html_fmt(f, "wtkit %s report: transport %s, profile %s", s->seeds ? "sweep" : "run",
             s->transport, s->profile);
    fprintf(f, " <span class=\"badge %s\" id=\"exit\">exit %d</span></h1>\n",
            o->exit == WT_EXIT_OK ? "ok" : "bad", o->exit);
}

static void html_setting(FILE *f, const char *name, const char *value)
{
    fputs("<tr><th>", f);
    wt__markup_str(f, name);
    fputs("</th><td>", f);
    wt__markup_str(f, value);
    fputs("</td></tr>\n", f);
}

static void html_settings(const struct wt_outcome *o, FILE *f)
{
    const struct wt_outcome_settings *s = &o->settings;
    char buf[2400];
    fputs("<h2 id=\"settings\">Settings</h2>\n<table class=\"settings\">\n", f);
    snprintf(buf, sizeof buf, "%s (catalog %s)", WT_VERSION, wt_catalog_version());
    html_setting(f, "kit", buf);
    html_setting(f, "program", s->program);
    html_setting(f, "transport", s->transport);
    html_setting(f, "transport spec", s->transport_spec);
    html_setting(f, "profile", s->profile);
    html_setting(f, "flavor", s->flavor[0] ? s->flavor : "(the scenario's, else the profile's)");
    if (s->seeds) {
        snprintf(buf, sizeof buf, "%" PRIu64 "..%" PRIu64 ", %zu ops each, generator %" PRIu32,
                 s->seed_first, s->seed_last, s->seed_ops, s->generator);
        html_setting(f, "seeds", buf);
    } else if (s->has_seed) {
        snprintf(buf, sizeof buf, "%" PRIu64 " (every scenario)", s->seed);
        html_setting(f, "seed", buf);
    }
    html_setting(f, "strict", s->strict ? "yes" : "no");
    html_setting(f, "replay check", s->replay_checked ? "every case run twice, hashes compared"
                                                      : "off (the adapter opts out)");
    if (s->skipped[0] != '\0') {
        html_setting(f, "skipped", s->skipped);
    }
    fputs("</table>\n", f);
    if (o->warnings[0] != '\0') {
        fputs("<p><b>Warnings:</b></p>\n<pre>", f);
        wt__markup_str(f, o->warnings);
        fputs("</pre>\n", f);
    }
    if (o->failure[0] != '\0') {
        fputs("<p class=\"fail\">The transport could not be run to the end:</p>\n<pre>", f);
        wt__markup_str(f, o->failure);
        fputs("</pre>\n", f);
    }
}

/* "65 passed, 0 failed, 3 skipped": the cases. */
static void html_summary(const struct wt_outcome *o, FILE *f)
{
    const uint64_t *b = o->by_status;
    size_t counts[WT_VERDICT_COUNT] = {0}, conflicts = 0;
    for (size_t k = 0; k < o->nclauses; k++) {
        const struct wt_outcome_clause *t = &o->clauses[k];
        if (!t->selected) {
            continue;
        }
        if (t->conflict && t->verdict == WT_VERDICT_PASS) {
            conflicts++;
        } else if (t->verdict >= 0 && t->verdict < WT_VERDICT_COUNT) {
            counts[t->verdict]++;
        }
    }
    uint64_t failed = b[WT_RUN_FAIL] + b[WT_RUN_HANG] + b[WT_RUN_NONDET] + b[WT_RUN_ERROR] +
                      b[WT_RUN_CRASH];
    fputs("<p id=\"summary\">", f);
    html_fmt(f, "clauses: %zu PASS, %zu FAIL, %zu NOT-EXERCISED, %zu CONFLICT, %zu N/A; %s: %"
             PRIu64 " passed, %" PRIu64 " failed, %" PRIu64 " skipped, %" PRIu64
             " inconclusive, %" PRIu64 " not run; %s; exit %d",
             counts[WT_VERDICT_PASS], counts[WT_VERDICT_FAIL], counts[WT_VERDICT_NOT_EXERCISED],
             conflicts, counts[WT_VERDICT_NOT_APPLICABLE], o->settings.seeds ? "seeds" : "cases",
             b[WT_RUN_PASS], failed, b[WT_RUN_SKIP], b[WT_RUN_INCONCLUSIVE], o->not_run,
             b[WT_RUN_NONDET] ? "NONDETERMINISTIC" : "deterministic", o->exit);
    fputs("</p>\n", f);
}

/* ===== 3. the clause table and the conflicts ============================ */

/* The anchor of case i's section, or -1 when it has none. */
static long html_case_anchor(const struct wt_outcome *o, size_t i)
{
    size_t shown = 0;
    for (size_t k = 0; k < o->ncases && shown < HTML_CASES_MAX; k++) {
        if (html_bad(o->cases[k].status)) {
            if (k == i) {
                return (long)k;
            }
            shown++;
        }
    }
    return -1;
}

static void html_clause_row(const struct wt_outcome *o, size_t k, FILE *f)
{
    const struct wt_clause *cl = wt_catalog_at(k);
    const struct wt_outcome_clause *t = &o->clauses[k];
    const char *cls = html_verdict_class(t->verdict, t->conflict);
    fprintf(f, "<tr class=\"%s\"><td>", cls);
    wt__markup_str(f, cl->id);
    fputs("</td><td>", f);
    wt__markup_str(f, wt_clause_kind_name(cl->kind));
    fprintf(f, "</td><td class=\"%s\">", cls);
    wt__markup_str(f, t->conflict && t->verdict == WT_VERDICT_PASS ? "CONFLICT"
                                                             : wt_verdict_name(t->verdict));
    fprintf(f, "</td><td>%" PRIu32 "</td><td>%" PRIu32 "</td><td>", t->exercised, t->failed);
    if (t->verdict == WT_VERDICT_FAIL && t->first_case >= 0) {
        const struct wt_outcome_case *c = &o->cases[t->first_case];
        long anchor = html_case_anchor(o, (size_t)t->first_case);
        if (anchor >= 0) {
            fprintf(f, "<a href=\"#case-%ld\">", anchor);
        }
        html_fmt(f, "%s event %" PRIu32, c->is_seed ? c->name : html_base(c->name),
                 t->first_event);
        fputs(anchor >= 0 ? "</a>: " : ": ", f);
        wt__markup_str(f, t->first_reason);
        if (t->knock_ons > 0) {
            html_fmt(f, " (%" PRIu32 " of its FAILs follow from another FAIL of their case)",
                     t->knock_ons);
        }
    } else if (t->conflict) {
        html_fmt(f, "took the other side of %s", cl->conflict ? cl->conflict : "a conflict");
    }
    fputs("</td></tr>\n", f);
}

static void html_clause_head(FILE *f, const char *id)
{
    fprintf(f, "<table id=\"%s\">\n<tr><th>clause</th><th>kind</th><th>verdict</th>"
               "<th>runs</th><th>failed in</th><th>detail</th></tr>\n", id);
}

/* The rows whose verdict (or conflict) is in the group, in catalog order. */
static size_t html_clause_group(const struct wt_outcome *o, FILE *f, int group)
{
    size_t n = 0;
    for (size_t k = 0; k < o->nclauses; k++) {
        const struct wt_outcome_clause *t = &o->clauses[k];
        bool conflict = t->conflict && t->verdict == WT_VERDICT_PASS;
        /* An INTEROP note (asyncio's agreement, not the docs') stands apart: group -2. */
        int g = conflict ? -1 : t->interop && t->verdict == WT_VERDICT_FAIL ? -2 : t->verdict;
        if (t->selected && g == group) {
            html_clause_row(o, k, f);
            n++;
        }
    }
    return n;
}

/* Each conflict the transport took the other side of, both sentences quoted. */
static void html_conflicts(const struct wt_outcome *o, FILE *f)
{
    bool any = false;
    for (size_t k = 0; k < o->nclauses; k++) {
        const struct wt_clause *cl = wt_catalog_at(k);
        const struct wt_outcome_clause *t = &o->clauses[k];
        size_t other;
        if (!t->selected || t->conflicts == 0 || cl->conflict == NULL ||
            wt_catalog_find(cl->conflict, &other) != WT_OK) {
            continue;
        }
        if (!any) {
            fputs("<h2 id=\"conflicts\">Conflicts</h2>\n<p>The docs contradict themselves "
                  "here; the profile takes one side and the transport acted on the "
                  "other.</p>\n<table>\n<tr><th>clause</th><th>the profile reads</th>"
                  "<th>the transport acted on</th><th>runs</th></tr>\n",
                  f);
            any = true;
        }
        const struct wt_clause *ot = wt_catalog_at(other);
        fputs("<tr><td>", f);
        wt__markup_str(f, cl->id);
        fputs("</td><td class=\"quote\">", f);
        html_fmt(f, "\"%s\" (%s)", cl->sentence, cl->source);
        fputs("</td><td class=\"quote\">", f);
        html_fmt(f, "\"%s\" (%s)", ot->sentence, ot->source);
        fprintf(f, "</td><td>%" PRIu32 "</td></tr>\n", t->conflicts);
    }
    if (any) {
        fputs("</table>\n", f);
    }
}

static void html_clauses(const struct wt_outcome *o, FILE *f)
{
    fputs("<h2 id=\"clauses\">Clauses</h2>\n", f);
    html_clause_head(f, "clauses-problems");
    size_t n = html_clause_group(o, f, WT_VERDICT_FAIL);
    n += html_clause_group(o, f, -1);
    n += html_clause_group(o, f, WT_VERDICT_NOT_EXERCISED);
    if (n == 0) {
        fputs("<tr><td colspan=\"6\">no clause FAILed or conflicted</td></tr>\n", f);
    }
    fputs("</table>\n", f);
    /* Notes, not failures: apart, and only when there are some. */
    bool interop = false;
    for (size_t k = 0; k < o->nclauses; k++) {
        interop |= o->clauses[k].selected && o->clauses[k].interop &&
                   o->clauses[k].verdict == WT_VERDICT_FAIL;
    }
    if (interop) {
        fputs("<h3 id=\"interop\">Interop notes</h3>\n<p>What asyncio's own transports agree on "
              "and the docs do not say: noted under this profile, judged under "
              "<code>asyncio</code>.</p>\n",
              f);
        html_clause_head(f, "clauses-interop");
        html_clause_group(o, f, -2);
        fputs("</table>\n", f);
    }
    fputs("<details><summary>Clauses that PASSed</summary>\n", f);
    html_clause_head(f, "clauses-pass");
    html_clause_group(o, f, WT_VERDICT_PASS);
    fputs("</table>\n</details>\n<details><summary>Clauses not applicable to this profile "
          "(or not checkable)</summary>\n", f);
    html_clause_head(f, "clauses-na");
    html_clause_group(o, f, WT_VERDICT_NOT_APPLICABLE);
    fputs("</table>\n</details>\n", f);
    html_conflicts(o, f);
}

/* ===== 4. a sweep's failing seeds by clause ============================= */

static void html_seed_link(const struct wt_outcome *o, size_t i, FILE *f, bool *first)
{
    long anchor = html_case_anchor(o, i);
    fputs(*first ? "" : ", ", f);
    *first = false;
    if (anchor >= 0) {
        fprintf(f, "<a href=\"#case-%ld\">%" PRIu64 "</a>", anchor, o->cases[i].seed);
    } else {
        fprintf(f, "%" PRIu64, o->cases[i].seed);
    }
}

static void html_seed_row(const struct wt_outcome *o, FILE *f, const char *label, uint64_t hits,
                          uint64_t total, size_t clause, int status)
{
    fputs("<tr><td>", f);
    wt__markup_str(f, label);
    fprintf(f, "</td><td>%" PRIu64 " of %" PRIu64 " (%.1f%%)</td><td>", hits, total,
            total ? 100.0 * (double)hits / (double)total : 0.0);
    size_t listed = 0;
    bool first = true;
    for (size_t i = 0; i < o->ncases && listed < HTML_SEEDS_MAX; i++) {
        const struct wt_outcome_case *c = &o->cases[i];
        bool hit = status >= 0 ? c->status == status
                               : c->verdicts != NULL &&
                                     WT_OUTCOME_VERDICT(c->verdicts[clause]) == WT_VERDICT_FAIL;
        if (hit) {
            html_seed_link(o, i, f, &first);
            listed++;
        }
    }
    if (hits > listed) {
        fprintf(f, " and %" PRIu64 " more", hits - listed);
    }
    fputs("</td></tr>\n", f);
}

static void html_sweep(const struct wt_outcome *o, FILE *f)
{
    uint64_t total = html_total(o);
    fputs("<h2 id=\"seeds\">Failing seeds by clause</h2>\n", f);
    fprintf(f, "<p>%" PRIu64 " seeds run%s. A hit rate is the share of seeds that broke the "
               "clause.</p>\n",
            total, o->not_run ? " (the rest not run)" : "");
    fputs("<table id=\"seed-groups\">\n<tr><th>clause</th><th>hit rate</th><th>seeds</th></tr>\n",
          f);
    bool any = false;
    for (size_t k = 0; k < o->nclauses; k++) {
        const struct wt_outcome_clause *t = &o->clauses[k];
        if (t->selected && t->failed > 0 && t->verdict == WT_VERDICT_FAIL) {
            html_seed_row(o, f, wt_catalog_at(k)->id, t->failed, total, k, -1);
            any = true;
        }
    }
    static const int others[] = {WT_RUN_HANG, WT_RUN_NONDET, WT_RUN_CRASH, WT_RUN_ERROR};
    for (size_t s = 0; s < sizeof others / sizeof others[0]; s++) {
        if (o->by_status[others[s]] > 0) {
            char label[64];
            snprintf(label, sizeof label, "(%s)", wt_run_status_name(others[s]));
            html_seed_row(o, f, label, o->by_status[others[s]], total, 0, others[s]);
            any = true;
        }
    }
    if (!any) {
        fputs("<tr><td colspan=\"3\">no seed failed</td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

/* ===== 5. the timeline (SVG) ============================================ */

/* The plot area inside the SVG, in px. */
#define TL_LEFT 70
#define TL_TOP 24
#define TL_WIDTH 960
#define TL_HEIGHT 200
#define TL_SVG_WIDTH (TL_LEFT + TL_WIDTH + 30)
#define TL_SVG_HEIGHT (TL_TOP + TL_HEIGHT + 78)

struct tl_scale {
    uint32_t first, last; /* event indexes at the left and right edges */
    double ymax;          /* bytes at the top edge */
};

static double tl_x(const struct tl_scale *s, uint32_t index)
{
    uint32_t span = s->last > s->first ? s->last - s->first : 1;
    return TL_LEFT + (double)(index - s->first) * TL_WIDTH / (double)span;
}

static double tl_y(const struct tl_scale *s, int64_t bytes)
{
    double v = (double)bytes > s->ymax ? s->ymax : (double)bytes;
    return TL_TOP + TL_HEIGHT - v * TL_HEIGHT / s->ymax;
}

/* The buffer size an event reports, or -1. */
static int64_t tl_size(const struct wt_event *ev)
{
    switch (ev->kind) {
    case WT_EV_RETURN:
    case WT_EV_CALLBACK:
        return ev->a;
    case WT_EV_IDLE:
        return ev->b;
    default:
        return -1;
    }
}

/* The limits a limits read-back reports: true and *low, *high. */
static bool tl_limits(const struct wt_event *ev, int64_t *low, int64_t *high)
{
    if (ev->kind != WT_EV_RETURN ||
        (ev->what != WT_METHOD_GET_LIMITS && ev->what != WT_METHOD_SET_LIMITS)) {
        return false;
    }
    *low = ev->b;
    *high = ev->c;
    return true;
}

static struct tl_scale tl_scale_of(const struct wt_outcome_timeline *tl)
{
    struct tl_scale s = {tl->events[0].index, tl->events[tl->nevents - 1].index, 1.0};
    int64_t size_max = 0, limit_max = 0;
    for (size_t k = 0; k < tl->nevents; k++) {
        int64_t size = tl_size(&tl->events[k]), low, high;
        size_max = size > size_max ? size : size_max;
        if (tl_limits(&tl->events[k], &low, &high)) {
            limit_max = high > limit_max ? high : limit_max;
            limit_max = low > limit_max ? low : limit_max;
        }
    }
    /* A limit far over every size would squash the size line flat: it goes off the top. */
    int64_t top = size_max;
    if (limit_max <= 4 * size_max || size_max == 0) {
        top = limit_max > top ? limit_max : top;
    }
    s.ymax = top > 0 ? (double)top * 1.1 : 1.0;
    return s;
}

/* A step line of one series (which: 0 the size, 1 high, 2 low), each value held until the next. */
static void tl_steps(const struct wt_outcome_timeline *tl, const struct tl_scale *s, FILE *f,
                     const char *cls, int which)
{
    bool have = false;
    int64_t prev = 0;
    fprintf(f, "<polyline class=\"%s\" points=\"", cls);
    for (size_t k = 0; k < tl->nevents; k++) {
        const struct wt_event *ev = &tl->events[k];
        int64_t v = -1, low, high;
        if (which == 0) {
            v = tl_size(ev);
        } else if (tl_limits(ev, &low, &high)) {
            v = which == 1 ? high : low;
        }
        if (v < 0) {
            continue;
        }
        double x = tl_x(s, ev->index);
        if (have) {
            fprintf(f, "%.1f,%.1f ", x, tl_y(s, prev));
        }
        fprintf(f, "%.1f,%.1f ", x, tl_y(s, v));
        prev = v;
        have = true;
    }
    if (have) {
        fprintf(f, "%.1f,%.1f", tl_x(s, s->last), tl_y(s, prev));
    }
    fputs("\"", f);
    if (which == 0) {
        fputs(" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\"", f);
    } else {
        fprintf(f, " fill=\"none\" stroke=\"%s\" stroke-width=\"1.2\" stroke-dasharray=\"6 4\"",
                which == 1 ? "#c62828" : "#2e7d32");
    }
    fputs("/>\n", f);
}

/* The label of a limit line at its last value, noting one above the chart. */
static void tl_limit_label(const struct wt_outcome_timeline *tl, const struct tl_scale *s,
                           FILE *f)
{
    int64_t low = -1, high = -1, l, h;
    for (size_t k = 0; k < tl->nevents; k++) {
        if (tl_limits(&tl->events[k], &l, &h)) {
            low = l;
            high = h;
        }
    }
    if (high < 0) {
        return;
    }
    double yh = tl_y(s, high), yl = tl_y(s, low);
    fprintf(f, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" fill=\"#c62828\" "
               "text-anchor=\"end\">high %" PRId64 "%s</text>\n",
            TL_LEFT + TL_WIDTH, yh - 3, high, (double)high > s->ymax ? " (above the chart)" : "");
    fprintf(f, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" fill=\"#2e7d32\" "
               "text-anchor=\"end\">low %" PRId64 "%s</text>\n",
            TL_LEFT + TL_WIDTH, yl + (yl - yh < 14 ? 12 : -3), low,
            (double)low > s->ymax ? " (above the chart)" : "");
}

static void tl_axes(const struct tl_scale *s, FILE *f)
{
    fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
               "stroke=\"#999\"/>\n",
            TL_LEFT, TL_TOP, TL_WIDTH, TL_HEIGHT);
    for (int k = 0; k <= 4; k++) {
        double bytes = s->ymax * k / 4.0;
        double y = TL_TOP + TL_HEIGHT - (double)TL_HEIGHT * k / 4.0;
        fprintf(f, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%.0f</text>\n",
                TL_LEFT - 4, y + 3, bytes);
    }
    uint32_t span = s->last - s->first;
    for (int k = 0; k <= 5; k++) {
        uint32_t index = s->first + (uint32_t)((uint64_t)span * (uint64_t)k / 5u);
        fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%" PRIu32
                   "</text>\n",
                tl_x(s, index), TL_TOP + TL_HEIGHT + 12, index);
    }
    fprintf(f, "<text x=\"14\" y=\"%d\" font-size=\"11\" transform=\"rotate(-90 14 %d)\" "
               "text-anchor=\"middle\">buffer size (bytes)</text>\n",
            TL_TOP + TL_HEIGHT / 2, TL_TOP + TL_HEIGHT / 2);
    fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">event index"
               "</text>\n",
            TL_LEFT + TL_WIDTH / 2, TL_SVG_HEIGHT - 4);
}

/* A mark's kind for an event, or NULL: pause, resume, lost, close, abort, eof. */
static const char *tl_mark_kind(const struct wt_event *ev, const char **color)
{
    if (ev->kind == WT_EV_CALLBACK) {
        *color = ev->what == WT_CB_PAUSE ? "#ef6c00" : ev->what == WT_CB_RESUME ? "#2e7d32"
                                                                                : "#6a1b9a";
        return ev->what == WT_CB_PAUSE    ? "pause"
               : ev->what == WT_CB_RESUME ? "resume"
               : ev->what == WT_CB_LOST   ? "lost"
                                          : NULL;
    }
    if (ev->kind == WT_EV_CALL) {
        *color = "#455a64";
        return ev->what == WT_METHOD_CLOSE       ? "close"
               : ev->what == WT_METHOD_ABORT     ? "abort"
               : ev->what == WT_METHOD_WRITE_EOF ? "write_eof"
                                                 : NULL;
    }
    return NULL;
}

static void tl_event_title(const struct wt_event *ev, FILE *f)
{
    char text[WT_EVENT_TEXT_MAX];
    if (wt_event_format(ev, text, sizeof text) < 0) {
        snprintf(text, sizeof text, "kind %u", (unsigned)ev->kind);
    }
    fputs("<title>", f);
    html_fmt(f, "event %" PRIu32 ": %s", ev->index, text);
    fputs("</title>", f);
}

static void tl_marks(const struct wt_outcome_timeline *tl, const struct tl_scale *s, FILE *f)
{
    int y0 = TL_TOP + TL_HEIGHT + 22;
    fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">calls</text>\n"
               "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">sends</text>\n",
            TL_LEFT - 4, y0 + 8, TL_LEFT - 4, y0 + 26);
    for (size_t k = 0; k < tl->nevents; k++) {
        const struct wt_event *ev = &tl->events[k];
        double x = tl_x(s, ev->index);
        const char *color = NULL;
        const char *kind = tl_mark_kind(ev, &color);
        if (kind != NULL) {
            fprintf(f, "<g class=\"mark %s\"><line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                       "stroke=\"%s\" stroke-dasharray=\"2 2\"/><text x=\"%.1f\" y=\"%d\" "
                       "font-size=\"10\" fill=\"%s\" text-anchor=\"middle\">%s</text>",
                    kind, x, TL_TOP, x, TL_TOP + TL_HEIGHT, color, x, TL_TOP - 4, color, kind);
            tl_event_title(ev, f);
            fputs("</g>\n", f);
        } else if (ev->kind == WT_EV_CALL &&
                   (ev->what == WT_METHOD_WRITE || ev->what == WT_METHOD_WRITELINES)) {
            fprintf(f, "<g class=\"mark call\"><rect x=\"%.1f\" y=\"%d\" width=\"3\" "
                       "height=\"10\" fill=\"#1565c0\"/>",
                    x - 1.5, y0);
            tl_event_title(ev, f);
            fputs("</g>\n", f);
        } else if (ev->kind == WT_EV_SEND) {
            const char *fill = ev->rc != 0 && ev->rc != WT_EAGAIN ? "#c62828"
                               : ev->b > 0                       ? "#2e7d32"
                                                                 : "#9e9e9e";
            fprintf(f, "<g class=\"mark send\"><rect x=\"%.1f\" y=\"%d\" width=\"2\" "
                       "height=\"10\" fill=\"%s\"/>",
                    x - 1, y0 + 18, fill);
            tl_event_title(ev, f);
            fputs("</g>\n", f);
        }
    }
}

/* A later failing event (another clause, an expectation): a thin red line. */
static void tl_failure_other(const struct tl_scale *s, uint32_t event, const char *label,
                             const char *reason, FILE *f)
{
    if (event < s->first || event > s->last) {
        return;
    }
    double x = tl_x(s, event);
    fprintf(f, "<g class=\"mark failure-other\"><line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
               "y2=\"%d\" stroke=\"#d50000\" stroke-width=\"1.2\" stroke-dasharray=\"4 2\"/>"
               "<title>",
            x, TL_TOP, x, TL_TOP + TL_HEIGHT);
    html_fmt(f, "event %" PRIu32 ": %s: %s", event, label, reason);
    fputs("</title></g>\n", f);
}

/* The failing event: a red line through the plot and its clause above it. */
static void tl_failure(const struct wt_outcome_case *c, const struct wt_outcome_timeline *tl,
                       const struct tl_scale *s, FILE *f)
{
    for (size_t k = 0; k < c->nfails; k++) {
        if (html_is_fail(c, k) && c->fails[k].event != tl->at) {
            tl_failure_other(s, c->fails[k].event, wt_catalog_at(c->fails[k].clause)->id,
                             c->fails[k].reason, f);
        }
    }
    for (unsigned k = 0; k < c->nexpects && k < WT_RUN_EXPECTS_MAX; k++) {
        if (c->expects[k].event != tl->at) {
            tl_failure_other(s, c->expects[k].event, "expectation", c->expects[k].message, f);
        }
    }
    if (tl->at == UINT32_MAX || tl->at < s->first || tl->at > s->last) {
        return;
    }
    const char *label = "expectation";
    const char *reason = "";
    for (size_t k = 0; k < c->nfails; k++) {
        if (html_is_fail(c, k) && c->fails[k].event == tl->at) {
            label = wt_catalog_at(c->fails[k].clause)->id;
            reason = c->fails[k].reason;
            break;
        }
    }
    for (unsigned k = 0; reason[0] == '\0' && k < c->nexpects && k < WT_RUN_EXPECTS_MAX; k++) {
        if (c->expects[k].event == tl->at) {
            reason = c->expects[k].message;
        }
    }
    double x = tl_x(s, tl->at);
    bool right = x > TL_LEFT + TL_WIDTH * 0.6;
    fprintf(f, "<g class=\"mark failure\"><line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
               "stroke=\"#d50000\" stroke-width=\"3\"/><circle cx=\"%.1f\" cy=\"%d\" r=\"4\" "
               "fill=\"#d50000\"/><text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#d50000\" "
               "font-weight=\"bold\" text-anchor=\"%s\">",
            x, TL_TOP, x, TL_TOP + TL_HEIGHT, x, TL_TOP + 8, right ? x - 6 : x + 6, TL_TOP + 12,
            right ? "end" : "start");
    html_fmt(f, "event %" PRIu32 ": %s", tl->at, label);
    fputs("</text><title>", f);
    html_fmt(f, "event %" PRIu32 ": %s: %s", tl->at, label, reason);
    fputs("</title></g>\n", f);
}

static void html_timeline(const struct wt_outcome_case *c, const struct wt_outcome_timeline *tl,
                          FILE *f)
{
    struct tl_scale s = tl_scale_of(tl);
    fprintf(f, "<svg class=\"timeline\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
               "role=\"img\" aria-label=\"buffer size over event index\">\n",
            TL_SVG_WIDTH, TL_SVG_HEIGHT, TL_SVG_WIDTH, TL_SVG_HEIGHT);
    tl_axes(&s, f);
    tl_steps(tl, &s, f, "limit high", 1);
    tl_steps(tl, &s, f, "limit low", 2);
    tl_limit_label(tl, &s, f);
    tl_steps(tl, &s, f, "size", 0);
    tl_marks(tl, &s, f);
    tl_failure(c, tl, &s, f);
    fputs("</svg>\n", f);
    fputs("<p class=\"legend\"><span style=\"color:#1565c0\">&#9473; buffer size (as reported)"
          "</span><span style=\"color:#c62828\">- - high</span><span style=\"color:#2e7d32\">"
          "- - low</span><span style=\"color:#ef6c00\">pause</span><span style=\"color:#2e7d32"
          "\">resume</span><span style=\"color:#6a1b9a\">lost</span><span style=\"color:"
          "#455a64\">close / abort / write_eof</span><span>ticks: write calls (blue), sends "
          "(green: bytes taken, grey: none, red: error)</span><span style=\"color:#d50000\">"
          "&#9475; the failing event</span></p>\n",
          f);
    fprintf(f, "<p class=\"window\">events %" PRIu32 "..%" PRIu32 " of %" PRIu64 "%s</p>\n",
            s.first, s.last, tl->total,
            tl->reproduced ? "" : "; <b class=\"fail\">the rerun's trace differs from the judged "
                                  "run's (the transport is not deterministic)</b>");
}

/* The events up to and just after the failing one, the failing one marked. */
static void html_timeline_context(const struct wt_outcome_timeline *tl, FILE *f)
{
    size_t at = tl->nevents;
    for (size_t k = 0; k < tl->nevents; k++) {
        if (tl->events[k].index == tl->at) {
            at = k;
        }
    }
    size_t from, to;
    if (at == tl->nevents) {
        from = tl->nevents > HTML_CONTEXT_BEFORE ? tl->nevents - HTML_CONTEXT_BEFORE : 0;
        to = tl->nevents;
    } else {
        from = at > HTML_CONTEXT_BEFORE ? at - HTML_CONTEXT_BEFORE : 0;
        to = at + HTML_CONTEXT_AFTER + 1 < tl->nevents ? at + HTML_CONTEXT_AFTER + 1 : tl->nevents;
    }
    fputs("<pre class=\"context\">", f);
    for (size_t k = from; k < to; k++) {
        char text[WT_EVENT_TEXT_MAX];
        if (wt_event_format(&tl->events[k], text, sizeof text) < 0) {
            snprintf(text, sizeof text, "? kind %u", (unsigned)tl->events[k].kind);
        }
        fputs(k == at ? "<mark>" : "", f);
        html_fmt(f, "%6" PRIu32 "  %s", tl->events[k].index, text);
        fputs(k == at ? "</mark>\n" : "\n", f);
    }
    fputs("</pre>\n", f);
}

/* ===== 6. failing cases ================================================= */

static void html_case_problems(const struct wt_outcome_case *c, FILE *f)
{
    fputs("<ul class=\"problems\">\n", f);
    /* Each lead FAIL, with the FAILs that follow from it listed under it. */
    for (size_t k = 0; k < c->nfails; k++) {
        if (!html_is_fail(c, k) || c->fails[k].knock_on) {
            continue;
        }
        fputs("<li><span class=\"fail\">FAIL</span> ", f);
        html_fmt(f, "%s at event %" PRIu32 ": %s", wt_catalog_at(c->fails[k].clause)->id,
                 c->fails[k].event, c->fails[k].reason);
        bool open = false;
        for (size_t j = 0; j < c->nfails; j++) {
            const struct wt_outcome_fail *x = &c->fails[j];
            if (!html_is_fail(c, j) || !x->knock_on || x->cause_clause != c->fails[k].clause) {
                continue;
            }
            fputs(open ? "" : "<ul class=\"knock-on\">\n", f);
            open = true;
            fputs("<li>follows from it: ", f);
            html_fmt(f, "%s at event %" PRIu32 ": %s", wt_catalog_at(x->clause)->id, x->event,
                     x->reason);
            fputs("</li>\n", f);
        }
        fputs(open ? "</ul></li>\n" : "</li>\n", f);
    }
    /* Knock-ons whose lead is not a FAIL of this case (a crashed call, say). */
    for (size_t k = 0; k < c->nfails; k++) {
        const struct wt_outcome_fail *x = &c->fails[k];
        bool lead_here = false;
        for (size_t j = 0; x->knock_on && j < c->nfails; j++) {
            lead_here |= html_is_fail(c, j) && !c->fails[j].knock_on &&
                         c->fails[j].clause == x->cause_clause;
        }
        if (html_is_fail(c, k) && x->knock_on && !lead_here) {
            fputs("<li><span class=\"fail\">FAIL</span> ", f);
            html_fmt(f, "%s at event %" PRIu32 ": %s (follows from event %" PRIu32 ")",
                     wt_catalog_at(x->clause)->id, x->event, x->reason, x->cause_event);
            fputs("</li>\n", f);
        }
    }
    for (unsigned k = 0; k < c->nexpects && k < WT_RUN_EXPECTS_MAX; k++) {
        fputs("<li><span class=\"fail\">expectation</span> ", f);
        html_fmt(f, "line %" PRIu32 " (event %" PRIu32 "): %s", c->expects[k].line,
                 c->expects[k].event, c->expects[k].message);
        fputs("</li>\n", f);
    }
    if (c->hang) {
        fputs("<li><span class=\"fail\">", f);
        wt__markup_str(f, c->bound_progress ? "INCONCLUSIVE" : "HANG");
        fputs("</span> ", f);
        html_fmt(f, "the step bound was reached at %s (t=%" PRIu64 "ns) %s",
                 c->hang_line ? "an op" : "the final drain", c->end_ns,
                 c->bound_progress ? "while still making progress" : "with no progress");
        fputs("</li>\n", f);
    }
    if (c->nondeterministic) {
        fputs("<li><span class=\"fail\">NONDETERMINISTIC</span> ", f);
        html_fmt(f, "trace hash 0x%016" PRIx64 ", replay 0x%016" PRIx64, c->hash,
                 c->replay_hash);
        fputs("</li>\n", f);
    }
    if (c->message[0] != '\0') {
        fputs("<li>", f);
        html_fmt(f, "%s: %s", wt_run_status_name(c->status), c->message);
        fputs("</li>\n", f);
    }
    fputs("</ul>\n", f);
}

static void html_case(const struct wt_outcome *o, size_t i, FILE *f)
{
    const struct wt_outcome_case *c = &o->cases[i];
    fprintf(f, "<section class=\"case\" id=\"case-%zu\">\n<h3>", i);
    wt__markup_str(f, c->name);
    fputs(" <span class=\"fail\">", f);
    wt__markup_str(f, wt_run_status_name(c->status));
    fputs("</span></h3>\n<p>", f);
    html_fmt(f, "seed %" PRIu64 ", flavor %s, %" PRIu64 " events, trace hash 0x%016" PRIx64,
             c->seed, c->flavor[0] ? c->flavor : "(default)", c->events, c->hash);
    fputs("</p>\n", f);
    html_case_problems(c, f);
    const struct wt_outcome_timeline *tl = wt_outcome_timeline(o, i);
    if (tl != NULL && tl->nevents > 0) {
        html_timeline(c, tl, f);
        html_timeline_context(tl, f);
    } else {
        fputs("<p class=\"no-timeline\">No timeline: ", f);
        wt__markup_str(f, c->status == WT_RUN_CRASH || c->status == WT_RUN_ERROR
                        ? "the case did not end normally, so it was not run again"
                        : "the events were not kept (wtkit run --html keeps them)");
        fputs("</p>\n", f);
        if (c->ncontext > 0) {
            fputs("<pre class=\"context\">", f);
            for (size_t k = 0; k < c->ncontext; k++) {
                char text[WT_EVENT_TEXT_MAX];
                if (wt_event_format(&c->context[k], text, sizeof text) < 0) {
                    text[0] = '\0';
                }
                html_fmt(f, "%6" PRIu32 "  %s\n", c->context[k].index, text);
            }
            fputs("</pre>\n", f);
        }
    }
    char line[2048];
    wt_outcome_replay_line(o, i, line, sizeof line);
    fputs("<pre class=\"replay\">replay: ", f);
    wt__markup_str(f, line);
    fputs("</pre>\n</section>\n", f);
}

static void html_cases(const struct wt_outcome *o, FILE *f)
{
    size_t bad = 0;
    for (size_t i = 0; i < o->ncases; i++) {
        bad += html_bad(o->cases[i].status);
    }
    fputs("<h2 id=\"cases\">Failing cases</h2>\n", f);
    if (bad == 0) {
        fputs("<p>No case failed.</p>\n", f);
        return;
    }
    size_t shown = 0;
    for (size_t i = 0; i < o->ncases && shown < HTML_CASES_MAX; i++) {
        if (html_bad(o->cases[i].status)) {
            html_case(o, i, f);
            shown++;
        }
    }
    if (bad <= shown) {
        return;
    }
    fprintf(f, "<p>%zu more failing cases:</p>\n<table>\n", bad - shown);
    size_t seen = 0;
    for (size_t i = 0; i < o->ncases; i++) {
        if (!html_bad(o->cases[i].status) || seen++ < shown) {
            continue;
        }
        char line[2048];
        wt_outcome_replay_line(o, i, line, sizeof line);
        fputs("<tr><td>", f);
        wt__markup_str(f, o->cases[i].name);
        fputs("</td><td>", f);
        wt__markup_str(f, wt_run_status_name(o->cases[i].status));
        fputs("</td><td><code>", f);
        wt__markup_str(f, line);
        fputs("</code></td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

static void html_baseline(const struct wt_outcome *o, FILE *f)
{
    const struct wt_baseline_diff *b = o->baseline;
    if (b == NULL) {
        return;
    }
    fputs("<h2 id=\"baseline\">Baseline</h2>\n<p>", f);
    html_fmt(f, "%s: %zu known, %zu new, %zu fixed", b->path, b->known, b->nfresh, b->fixed);
    fputs("</p>\n<ul>\n", f);
    for (size_t i = 0; i < b->nfresh && i < WT_BASELINE_ROWS_MAX; i++) {
        fputs("<li><span class=\"fail\">NEW</span> ", f);
        wt__markup_str(f, b->fresh[i].key);
        fputs("</li>\n", f);
    }
    for (size_t i = 0; i < b->nrows; i++) {
        if (!b->rows[i].seen) {
            fputs("<li><span class=\"pass\">FIXED</span> ", f);
            wt__markup_str(f, b->rows[i].key);
            fputs("</li>\n", f);
        }
    }
    fputs("</ul>\n", f);
}

/* ===== 7. the page ====================================================== */

/* Says in the page whether every chart drew (a browser test reads it). */
static const char html_script[] =
    "<script>\n"
    "(function () {\n"
    "  function check() {\n"
    "    var charts = document.querySelectorAll('svg.timeline'), drawn = 0, marks = 0;\n"
    "    for (var i = 0; i < charts.length; i++) {\n"
    "      var p = charts[i].querySelector('polyline.size');\n"
    "      if (p && p.points.numberOfItems > 1 && p.getBBox().width > 0) { drawn++; }\n"
    "      marks += charts[i].querySelectorAll('.mark').length;\n"
    "    }\n"
    "    document.getElementById('render-check').textContent =\n"
    "      'charts drawn: ' + drawn + ' of ' + charts.length + '; marks: ' + marks;\n"
    "  }\n"
    "  window.addEventListener('load', check);\n"
    "})();\n"
    "</script>\n";

int wt_outcome_write_html(const struct wt_outcome *o, FILE *f)
{
    html_head(o, f);
    html_summary(o, f);
    html_settings(o, f);
    if (o->settings.skipped[0] == '\0') {
        html_clauses(o, f);
        if (o->settings.seeds) {
            html_sweep(o, f);
        }
        html_cases(o, f);
        html_baseline(o, f);
    }
    fputs("<p id=\"render-check\" class=\"nx\">charts not checked (scripts off)</p>\n", f);
    fputs(html_script, f);
    fputs("</body>\n</html>\n", f);
    return ferror(f) ? WT_EIO : WT_OK;
}
