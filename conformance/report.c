/* SPDX-License-Identifier: MIT */
/*
 * report.c - what an outcome looks like to a person and to a machine: the
 * per-clause table with its problems, summary and replay lines; a sweep's
 * failing seeds; one case as `wtkit trace` ends it; JUnit XML; the
 * versioned JSON report (docs/json-schema.md). Each printer is a pure
 * function of the outcome: nothing here decides a verdict.
 *
 * Sections:
 *   1. shared: names, replay lines, FAIL lists
 *   2. the table and the sweep
 *   3. JUnit XML
 *   4. JSON
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session_int.h"
#include "wt/errors.h"
#include "wt/session.h"
#include "wt/spec.h"
#include "wt/wt.h"

/* ===== 1. shared: names, replay lines, FAIL lists ========================= */

static const char *report_base(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/*
 * The table's verdict word for a clause: CONFLICT replaces PASS; INTEROP
 * replaces FAIL where the profile judges the clause only as a note (what
 * asyncio's transports agree on where the docs are silent, under docs).
 */
static const char *report_word(int status, bool conflict, bool interop)
{
    if (interop && status == WT_VERDICT_FAIL) {
        return "INTEROP";
    }
    return conflict && status == WT_VERDICT_PASS ? "CONFLICT" : wt_verdict_name(status);
}

void wt_outcome_replay_line(const struct wt_outcome *o, size_t i, char *buf, size_t cap)
{
    const struct wt_outcome_settings *s = &o->settings;
    const struct wt_outcome_case *c = &o->cases[i];
    if (c->is_seed) {
        snprintf(buf, cap, "%s sweep --seeds %" PRIu64 "..%" PRIu64 " --ops %zu --generator %" PRIu32
                 " --profile %s%s%s %s",
                 s->program, c->seed, c->seed, s->seed_ops, s->generator, s->profile,
                 s->flavor[0] ? " --flavor " : "", s->flavor, s->replay);
        return;
    }
    snprintf(buf, cap, "%s run %s --seed %" PRIu64 " --profile %s%s%s %s", s->program, c->name,
             c->seed, s->profile, c->flavor[0] ? " --flavor " : "", c->flavor, s->replay);
}

/*
 * The clause IDs one case FAILed, comma-separated, leads first; the
 * knock-ons after them as "(+ following: A, B)".
 */
static void report_failed_ids(const struct wt_outcome *o, const struct wt_outcome_case *c,
                              char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int pass = 0; pass < 3; pass++) {
        bool opened = false;
        for (size_t k = 0; k < c->nfails && used < cap; k++) {
            bool interop = o->clauses[c->fails[k].clause].interop;
            int want = interop ? 2 : c->fails[k].knock_on ? 1 : 0;
            if (WT_OUTCOME_VERDICT(c->verdicts[c->fails[k].clause]) != WT_VERDICT_FAIL ||
                want != pass) {
                continue;
            }
            const char *sep = pass == 0   ? (used ? ", " : "")
                              : opened    ? ", "
                              : pass == 1 ? " (+ following: "
                                          : " (+ INTEROP: ";
            opened = true;
            int m = snprintf(buf + used, cap - used, "%s%s", sep,
                             wt_catalog_at(c->fails[k].clause)->id);
            used += m > 0 ? (size_t)m : 0;
        }
        if (pass > 0 && opened && used + 1 < cap) {
            buf[used++] = ')';
            buf[used] = '\0';
        }
    }
}

static bool report_is_fail(const struct wt_outcome_case *c, size_t k)
{
    return WT_OUTCOME_VERDICT(c->verdicts[c->fails[k].clause]) == WT_VERDICT_FAIL;
}

/* The evidence about one event of a case (an exception's class and message), or NULL. */
static const char *report_note(const struct wt_outcome_case *c, uint32_t event)
{
    for (size_t k = 0; k < c->nnotes; k++) {
        if (c->notes[k].event == event) {
            return c->notes[k].text;
        }
    }
    return NULL;
}

/* A case's FAIL of clause k, or NULL. */
static const struct wt_outcome_fail *report_first_fail(const struct wt_outcome_case *c, size_t k)
{
    for (size_t f = 0; f < c->nfails; f++) {
        if (c->fails[f].clause == k) {
            return &c->fails[f];
        }
    }
    return NULL;
}

/* " (follows from WT-X at event N)" for a knock-on FAIL, else "". */
static void report_follows(const struct wt_outcome_fail *x, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (x->knock_on) {
        snprintf(buf, cap, " (follows from %s at event %" PRIu32 ")",
                 wt_catalog_at(x->cause_clause)->id, x->cause_event);
    }
}

/*
 * The FAIL lines of one case, the knock-on rule applied: each lead (a FAIL
 * that follows from no other), then indented under it the FAILs that
 * follow from it; each with its evidence. prefix starts every line.
 */
static void report_fails(const struct wt_outcome *o, const struct wt_outcome_case *c, FILE *out,
                         const char *prefix)
{
    for (size_t k = 0; k < c->nfails; k++) {
        const struct wt_outcome_fail *x = &c->fails[k];
        if (!report_is_fail(c, k) || x->knock_on) {
            continue;
        }
        const char *note = report_note(c, x->event);
        fprintf(out, "%s%s %s event %" PRIu32 ": %s%s%s%s\n", prefix,
                o->clauses[x->clause].interop ? "INTEROP" : "FAIL", wt_catalog_at(x->clause)->id,
                x->event, x->reason, note ? " [" : "", note ? note : "", note ? "]" : "");
        for (size_t j = 0; j < c->nfails; j++) {
            const struct wt_outcome_fail *y = &c->fails[j];
            if (!report_is_fail(c, j) || !y->knock_on || y->cause_clause != x->clause ||
                y->cause_event != x->event) {
                continue;
            }
            const char *ynote = report_note(c, y->event);
            fprintf(out, "%s  follows from it: %s event %" PRIu32 ": %s%s%s%s\n", prefix,
                    wt_catalog_at(y->clause)->id, y->event, y->reason, ynote ? " [" : "",
                    ynote ? ynote : "", ynote ? "]" : "");
        }
    }
    /* A knock-on whose lead is not a FAIL here (not selected, say) stands alone. */
    for (size_t k = 0; k < c->nfails; k++) {
        const struct wt_outcome_fail *x = &c->fails[k];
        bool lead_shown = false;
        for (size_t j = 0; x->knock_on && j < c->nfails; j++) {
            lead_shown |= report_is_fail(c, j) && !c->fails[j].knock_on &&
                          c->fails[j].clause == x->cause_clause &&
                          c->fails[j].event == x->cause_event;
        }
        if (!report_is_fail(c, k) || !x->knock_on || lead_shown) {
            continue;
        }
        char follows[160];
        report_follows(x, follows, sizeof follows);
        fprintf(out, "%s%s %s event %" PRIu32 ": %s%s\n", prefix,
                o->clauses[x->clause].interop ? "INTEROP" : "FAIL", wt_catalog_at(x->clause)->id,
                x->event, x->reason, follows);
    }
}

void wt_outcome_print_fails(const struct wt_outcome *o, size_t i, FILE *out, const char *prefix)
{
    report_fails(o, &o->cases[i], out, prefix);
}

void wt_outcome_failed_ids(const struct wt_outcome *o, size_t i, char *buf, size_t cap)
{
    report_failed_ids(o, &o->cases[i], buf, cap);
}

/* The adapter's stderr in one case, one indented line per line. */
static void report_stderr(const struct wt_outcome_case *c, FILE *out, const char *path)
{
    if (c->stderr_text[0] == '\0') {
        return;
    }
    fprintf(out, "%s: the adapter's stderr in this scenario:\n", path);
    const char *p = c->stderr_text;
    while (*p != '\0') {
        size_t len = strcspn(p, "\n");
        fprintf(out, "  | %.*s\n", (int)len, p);
        p += len + (p[len] == '\n');
    }
}

static void report_context(const struct wt_outcome_case *c, FILE *out, const char *indent)
{
    for (size_t k = 0; k < c->ncontext; k++) {
        char line[WT_EVENT_TEXT_MAX];
        if (wt_event_format(&c->context[k], line, sizeof line) < 0) {
            snprintf(line, sizeof line, "? kind %u", (unsigned)c->context[k].kind);
        }
        fprintf(out, "%s%6" PRIu32 "  %s\n", indent, c->context[k].index, line);
    }
}

/* The lines that say what went wrong in one case. */
static void report_problems(const struct wt_outcome *o, size_t i, FILE *out, bool verbose)
{
    const struct wt_outcome_case *c = &o->cases[i];
    const char *path = c->name;
    for (unsigned k = 0; k < c->nexpects && k < WT_RUN_EXPECTS_MAX; k++) {
        fprintf(out, "%s:%" PRIu32 ": %s\n", path, c->expects[k].line, c->expects[k].message);
    }
    if (c->nexpects > WT_RUN_EXPECTS_MAX) {
        fprintf(out, "%s: ... and %u more failed expectations\n", path,
                c->nexpects - WT_RUN_EXPECTS_MAX);
    }
    if (c->hang) {
        fprintf(out, "%s:%" PRIu32 ": %s: the step bound was reached in virtual time (%s, "
                     "t=%" PRIu64 "ns)%s\n",
                path, c->hang_line, c->bound_progress ? "INCONCLUSIVE" : "HANG",
                c->hang_line ? "this op" : "the final drain", c->end_ns,
                c->bound_progress ? " while still making progress" : " with no progress");
    }
    if (c->unjudged > 0) {
        fprintf(out, "%s: %u expectation%s after the bound not judged\n", path, c->unjudged,
                c->unjudged == 1 ? "" : "s");
    }
    if (c->nondeterministic) {
        fprintf(out, "%s: NONDETERMINISTIC: the transport under test is nondeterministic under "
                     "a fixed schedule (trace hash 0x%016" PRIx64 ", replay 0x%016" PRIx64 ")\n",
                path, c->hash, c->replay_hash);
    }
    if (c->message[0] != '\0') {
        fprintf(out, "%s: %s: %s\n", path, wt_run_status_name(c->status), c->message);
    }
    if (!verbose && c->must_failed) {
        char ids[1024];
        report_failed_ids(o, c, ids, sizeof ids);
        fprintf(out, "%s: FAIL %s\n", path, ids);
        /* The evidence of its crashes, when there is some. */
        for (size_t k = 0; k < c->nfails; k++) {
            const char *note = report_note(c, c->fails[k].event);
            if (report_is_fail(c, k) && !c->fails[k].knock_on && note != NULL) {
                fprintf(out, "%s: %s event %" PRIu32 ": %s\n", path,
                        wt_catalog_at(c->fails[k].clause)->id, c->fails[k].event, note);
            }
        }
    }
    if (verbose) {
        char prefix[1100];
        snprintf(prefix, sizeof prefix, "%s: ", path);
        report_fails(o, c, out, prefix);
    }
    report_stderr(c, out, path);
    if (c->ncontext > 0) {
        fprintf(out, "%s: the %zu events up to the first failure:\n", path, c->ncontext);
        report_context(c, out, "  ");
    }
}

/* ===== 2. the table and the sweep ========================================= */

static void report_row(const struct wt_outcome *o, size_t k, FILE *out, bool verbose)
{
    const struct wt_clause *cl = wt_catalog_at(k);
    const struct wt_outcome_clause *t = &o->clauses[k];
    if (t->verdict == WT_VERDICT_NOT_APPLICABLE && !verbose) {
        return;
    }
    fprintf(out, "%-34s %-8s %-14s %4" PRIu32, cl->id, wt_clause_kind_name(cl->kind),
            report_word(t->verdict, t->conflict, t->interop), t->exercised);
    if (t->verdict == WT_VERDICT_FAIL && t->first_case >= 0) {
        const struct wt_outcome_case *c = &o->cases[t->first_case];
        const struct wt_outcome_fail *x = report_first_fail(c, k);
        const char *note = report_note(c, t->first_event);
        char follows[160] = "";
        if (x != NULL) {
            report_follows(x, follows, sizeof follows);
        }
        fprintf(out, "  %s event %" PRIu32 ": %s%s%s%s%s", report_base(c->name), t->first_event,
                t->first_reason, note ? " [" : "", note ? note : "", note ? "]" : "", follows);
    } else if (t->conflict) {
        fprintf(out, "  took the other side of %s", cl->conflict ? cl->conflict : "a conflict");
    }
    fputc('\n', out);
    size_t other;
    if (t->conflicts > 0 && cl->conflict != NULL && wt_catalog_find(cl->conflict, &other) == WT_OK) {
        fprintf(out, "  CONFLICT: the docs contradict themselves; profile %s reads \"%s\" (%s), "
                     "the transport acted on \"%s\" (%s) in %" PRIu32 " run%s\n",
                o->settings.profile, cl->sentence, cl->source, wt_catalog_at(other)->sentence,
                wt_catalog_at(other)->source, t->conflicts, t->conflicts == 1 ? "" : "s");
    }
}

/* Counts of the clause verdicts over the selected clauses (INTEROP notes apart). */
static void report_counts(const struct wt_outcome *o, size_t counts[WT_VERDICT_COUNT],
                          size_t *conflicts, size_t *interop)
{
    memset(counts, 0, WT_VERDICT_COUNT * sizeof counts[0]);
    *conflicts = 0;
    *interop = 0;
    for (size_t k = 0; k < o->nclauses; k++) {
        const struct wt_outcome_clause *t = &o->clauses[k];
        if (!t->selected) {
            continue;
        }
        if (t->conflict && t->verdict == WT_VERDICT_PASS) {
            (*conflicts)++;
        } else if (t->interop && t->verdict == WT_VERDICT_FAIL) {
            (*interop)++;
        } else {
            counts[t->verdict]++;
        }
    }
}

static bool report_bad(int status)
{
    return status != WT_RUN_PASS && status != WT_RUN_SKIP;
}

static uint64_t report_total(const struct wt_outcome *o)
{
    uint64_t n = 0;
    for (int s = 0; s < WT_RUN_STATUS_COUNT; s++) {
        n += o->by_status[s];
    }
    return n;
}

/* "65 passed, 0 failed, 3 skipped, 1 inconclusive" over the cases run. */
static void report_case_counts(const struct wt_outcome *o, FILE *out)
{
    const uint64_t *b = o->by_status;
    uint64_t failed = b[WT_RUN_FAIL] + b[WT_RUN_HANG] + b[WT_RUN_NONDET] + b[WT_RUN_CRASH];
    fprintf(out, "%" PRIu64 " passed, %" PRIu64 " failed, %" PRIu64 " skipped", b[WT_RUN_PASS],
            failed, b[WT_RUN_SKIP]);
    if (b[WT_RUN_ERROR] > 0) {
        fprintf(out, ", %" PRIu64 " error%s", b[WT_RUN_ERROR], b[WT_RUN_ERROR] == 1 ? "" : "s");
    }
    if (b[WT_RUN_INCONCLUSIVE] > 0) {
        fprintf(out, ", %" PRIu64 " inconclusive", b[WT_RUN_INCONCLUSIVE]);
    }
    if (o->not_run > 0) {
        fprintf(out, ", %" PRIu64 " not run", o->not_run);
    }
}

static void report_header(const struct wt_outcome *o, FILE *out)
{
    const struct wt_outcome_settings *s = &o->settings;
    uint64_t n = report_total(o) + o->not_run;
    if (s->seeds) {
        fprintf(out, "wtkit %s: profile %s, transport %s, seeds %" PRIu64 "..%" PRIu64
                     ", %zu ops each (generator %" PRIu32 ")\n",
                WT_VERSION, s->profile, s->transport, s->seed_first, s->seed_last, s->seed_ops,
                s->generator);
    } else {
        fprintf(out, "wtkit %s: profile %s, transport %s, %" PRIu64 " scenario%s\n", WT_VERSION,
                s->profile, s->transport, n, n == 1 ? "" : "s");
    }
    char caps[600];
    wt_outcome_capabilities(o, caps, sizeof caps);
    fprintf(out, "capabilities: %s\n", caps);
}

void wt_outcome_capabilities(const struct wt_outcome *o, char *buf, size_t cap)
{
    const struct wt_outcome_settings *s = &o->settings;
    size_t used = 0;
    buf[0] = '\0';
#define CAPS_SAY(...)                                                                      \
    do {                                                                                   \
        int m_ = snprintf(buf + used, used < cap ? cap - used : 0, __VA_ARGS__);           \
        used += m_ > 0 ? (size_t)m_ : 0;                                                   \
    } while (0)
    uint32_t eof = 1u << WT_METHOD_WRITE_EOF;
    if ((s->missing & ~eof) == 0) {
        CAPS_SAY("every documented method%s",
                 (s->missing & eof) != 0 ? " but write_eof() (NotImplementedError, as the docs "
                                           "allow)" : "");
    } else if ((s->missing & eof) != 0) {
        CAPS_SAY("write_eof() raises NotImplementedError (the docs allow it); ");
    }
    for (int pass = 0; pass < 2; pass++) {
        uint32_t set = pass == 0 ? s->missing & ~eof : s->defaulted;
        bool first = true;
        for (int m = 0; m < WT_METHOD_COUNT; m++) {
            if ((set & (1u << m)) == 0) {
                continue;
            }
            CAPS_SAY("%s%s%s", first ? (pass == 0 ? "missing " : (used ? "; kit defaults for "
                                                                        : "kit defaults for "))
                                     : ", ",
                     wt_method_name(m), "()");
            first = false;
        }
        if (pass == 1 && !first) {
            CAPS_SAY(" (NULL slots)");
        }
    }
    if (s->can_write_eof >= 0) {
        CAPS_SAY("; can_write_eof() %s%s", s->can_write_eof ? "True" : "False",
                 s->can_write_eof ? "" : " (asked before the run): half-close scenarios SKIP");
    }
#undef CAPS_SAY
    if (used >= cap && cap > 0) {
        buf[cap - 1] = '\0';
    }
}

void wt_outcome_print_table(const struct wt_outcome *o, FILE *out,
                            const struct wt_print_options *opt)
{
    bool verbose = opt != NULL && opt->verbose;
    if (o->settings.skipped[0] != '\0') {
        fprintf(out, "SKIP %s: %s\n", o->settings.transport, o->settings.skipped);
        return;
    }
    report_header(o, out);
    for (size_t i = 0; verbose && i < o->ncases; i++) {
        const struct wt_outcome_case *c = &o->cases[i];
        fprintf(out, "  %-16s %s  seed=%" PRIu64 " flavor=%s events=%" PRIu64
                     " hash=0x%016" PRIx64 "\n",
                wt_run_status_name(c->status), c->name, c->seed, c->flavor, c->events, c->hash);
    }
    fprintf(out, "\n%-34s %-8s %-14s %4s  %s\n", "CLAUSE", "KIND", "VERDICT", "RUNS", "DETAIL");
    for (size_t k = 0; k < o->nclauses; k++) {
        if (o->clauses[k].selected) {
            report_row(o, k, out, verbose);
        }
    }
    bool header = false;
    for (size_t i = 0; i < o->ncases; i++) {
        if (report_bad(o->cases[i].status)) {
            fputs(header ? "" : "\n", out);
            header = true;
            report_problems(o, i, out, verbose);
        }
    }
    /* Expectations of a scenario about asyncio's agreement, under docs: notes. */
    for (size_t i = 0; i < o->ncases; i++) {
        const struct wt_outcome_case *c = &o->cases[i];
        if (c->status != WT_RUN_PASS || c->nexpects == 0) {
            continue;
        }
        fputs(header ? "" : "\n", out);
        header = true;
        fprintf(out, "%s: %s\n", c->name, c->message);
        for (unsigned k = 0; k < c->nexpects && k < WT_RUN_EXPECTS_MAX; k++) {
            fprintf(out, "%s:%" PRIu32 ": INTEROP: %s\n", c->name, c->expects[k].line,
                    c->expects[k].message);
        }
    }
    size_t counts[WT_VERDICT_COUNT], conflicts, interop;
    report_counts(o, counts, &conflicts, &interop);
    fprintf(out, "\nclauses: %zu PASS, %zu FAIL, %zu NOT-EXERCISED, %zu CONFLICT, ",
            counts[WT_VERDICT_PASS], counts[WT_VERDICT_FAIL], counts[WT_VERDICT_NOT_EXERCISED],
            conflicts);
    if (interop > 0) {
        fprintf(out, "%zu INTEROP, ", interop);
    }
    fprintf(out, "%zu N/A; %s: ", counts[WT_VERDICT_NOT_APPLICABLE],
            o->settings.seeds ? "seeds" : "scenarios");
    report_case_counts(o, out);
    fprintf(out, "; %s; exit %d\n",
            o->by_status[WT_RUN_NONDET] ? "NONDETERMINISTIC" : "deterministic", o->exit);
    if (o->baseline != NULL) {
        wt_baseline_print(o->baseline, out);
    }
    for (size_t i = 0; i < o->ncases; i++) {
        if (report_bad(o->cases[i].status)) {
            char line[2048];
            wt_outcome_replay_line(o, i, line, sizeof line);
            fprintf(out, "replay: %s\n", line);
        }
    }
}

void wt_outcome_print_sweep(const struct wt_outcome *o, FILE *out,
                            const struct wt_print_options *opt)
{
    (void)opt;
    if (o->settings.skipped[0] != '\0') {
        fprintf(out, "SKIP %s: %s\n", o->settings.transport, o->settings.skipped);
        return;
    }
    fprintf(out, "\n");
    report_header(o, out);
    fprintf(out, "%" PRIu64 " seeds: ", report_total(o) + o->not_run);
    report_case_counts(o, out);
    fprintf(out, "; exit %d\n", o->exit);
    uint64_t total = report_total(o);
    for (size_t k = 0; k < o->nclauses; k++) {
        const struct wt_outcome_clause *t = &o->clauses[k];
        if (t->selected && t->failed > 0 && t->verdict == WT_VERDICT_FAIL) {
            fprintf(out, "  %6" PRIu32 "  %-34s %8.1f per 10,000 seeds%s", t->failed,
                    wt_catalog_at(k)->id, total ? 10000.0 * t->failed / (double)total : 0.0,
                    t->interop ? " (INTEROP note: what asyncio's transports agree on)" : "");
            if (t->knock_ons > 0) {
                fprintf(out, " (%" PRIu32 " following from another FAIL of their seed)",
                        t->knock_ons);
            }
            fputc('\n', out);
        }
    }
}

void wt_outcome_print_case(const struct wt_outcome *o, size_t i, FILE *out)
{
    const struct wt_outcome_case *c = &o->cases[i];
    report_fails(o, c, out, "# ");
    for (unsigned k = 0; k < c->nexpects && k < WT_RUN_EXPECTS_MAX; k++) {
        fprintf(out, "# %s:%" PRIu32 ": %s\n", c->name, c->expects[k].line,
                c->expects[k].message);
    }
    if (c->hang) {
        fprintf(out, "# %s: the step bound was reached at line %" PRIu32 " %s\n",
                c->bound_progress ? "INCONCLUSIVE" : "HANG", c->hang_line,
                c->bound_progress ? "while still making progress" : "with no progress");
    }
    fprintf(out, "# %s  seed %" PRIu64 "  flavor %s  events %" PRIu64 "  hash 0x%016" PRIx64
                 "  replay 0x%016" PRIx64 "\n",
            wt_run_status_name(c->status), c->seed, c->flavor, c->events, c->hash,
            c->replay_hash);
    if (c->message[0] != '\0') {
        fprintf(out, "# %s\n", c->message);
    }
    if (c->stderr_text[0] != '\0') {
        report_stderr(c, out, "# stderr");
    }
}

/* ===== 3. JUnit XML ======================================================= */

static void junit_case(const struct wt_outcome *o, size_t i, FILE *f)
{
    const struct wt_outcome_case *c = &o->cases[i];
    fputs("    <testcase classname=\"wtkit.", f);
    wt__markup_str(f, o->settings.profile);
    fputs("\" name=\"", f);
    wt__markup_str(f, c->name);
    fputs("\" time=\"0\">\n", f);
    char ids[1024], line[2048];
    report_failed_ids(o, c, ids, sizeof ids);
    if (c->status == WT_RUN_SKIP) {
        fputs("      <skipped message=\"", f);
        wt__markup_str(f, c->message[0] ? c->message : "not for this profile");
        fputs("\"/>\n", f);
    } else if (c->status == WT_RUN_ERROR) {
        fputs("      <error message=\"", f);
        wt__markup_str(f, c->message);
        fputs("\"/>\n", f);
    } else if (c->status != WT_RUN_PASS && c->status != WT_RUN_INCONCLUSIVE) {
        fputs("      <failure type=\"", f);
        wt__markup_str(f, wt_run_status_name(c->status));
        fputs("\" message=\"", f);
        wt__markup_str(f, wt_run_status_name(c->status));
        wt__markup_str(f, ids[0] ? ": " : "");
        wt__markup_str(f, ids);
        fputs("\">", f);
        char *text = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&text, &len);
        if (mem != NULL) {
            report_problems(o, i, mem, false);
            report_fails(o, c, mem, "");
            wt_outcome_replay_line(o, i, line, sizeof line);
            fprintf(mem, "replay: %s\n", line);
            fclose(mem);
            wt__markup_str(f, text);
            free(text);
        }
        fputs("</failure>\n", f);
    } else if (c->status == WT_RUN_INCONCLUSIVE) {
        fputs("      <system-out>INCONCLUSIVE: the step bound was reached while still making "
              "progress</system-out>\n", f);
    }
    if (c->stderr_text[0] != '\0') {
        fputs("      <system-err>", f);
        wt__markup_str(f, c->stderr_text);
        fputs("</system-err>\n", f);
    }
    fputs("    </testcase>\n", f);
}

int wt_outcome_write_junit(const struct wt_outcome *o, FILE *f)
{
    const uint64_t *b = o->by_status;
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    fprintf(f, "  <testsuite name=\"wtkit ");
    wt__markup_str(f, o->settings.profile);
    fputc(' ', f);
    wt__markup_str(f, o->settings.transport);
    fprintf(f, "\" tests=\"%zu\" failures=\"%" PRIu64 "\" errors=\"%" PRIu64
               "\" skipped=\"%" PRIu64 "\">\n",
            o->ncases, b[WT_RUN_FAIL] + b[WT_RUN_HANG] + b[WT_RUN_NONDET] + b[WT_RUN_CRASH],
            b[WT_RUN_ERROR],
            b[WT_RUN_SKIP]);
    for (size_t i = 0; i < o->ncases; i++) {
        junit_case(o, i, f);
    }
    fputs("  </testsuite>\n</testsuites>\n", f);
    return ferror(f) ? WT_EIO : WT_OK;
}

/* ===== 4. JSON ============================================================= */

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s != NULL && *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            fprintf(f, "\\%c", c);
        } else if (c < 0x20) {
            fprintf(f, "\\u%04x", c);
        } else {
            fputc(c, f);
        }
    }
    fputc('"', f);
}

static void json_hash(FILE *f, uint64_t h) { fprintf(f, "\"0x%016" PRIx64 "\"", h); }

/* Method names of a bit set (enum wt_method), as JSON strings. */
static void json_methods(FILE *f, uint32_t set)
{
    bool first = true;
    for (int m = 0; m < WT_METHOD_COUNT; m++) {
        if ((set & (1u << m)) != 0) {
            fputs(first ? "" : ", ", f);
            first = false;
            json_str(f, wt_method_name(m));
        }
    }
}

static void json_settings(const struct wt_outcome *o, FILE *f)
{
    const struct wt_outcome_settings *s = &o->settings;
    fputs("  \"settings\": {\"profile\": ", f);
    json_str(f, s->profile);
    fputs(", \"flavor\": ", f);
    s->flavor[0] ? json_str(f, s->flavor) : (void)fputs("null", f);
    fputs(", \"transport\": ", f);
    json_str(f, s->transport);
    fputs(", \"transport_spec\": ", f);
    json_str(f, s->transport_spec);
    fputs(", \"seed\": ", f);
    s->has_seed ? (void)fprintf(f, "%" PRIu64, s->seed) : (void)fputs("null", f);
    fprintf(f, ", \"strict\": %s, \"generator\": %" PRIu32, s->strict ? "true" : "false",
            s->generator);
    if (s->seeds) {
        fprintf(f, ", \"seeds\": {\"first\": %" PRIu64 ", \"last\": %" PRIu64 ", \"ops\": %zu}",
                s->seed_first, s->seed_last, s->seed_ops);
    }
    /* The selection, when --clause / --skip made one; [] means every clause. */
    bool all = true;
    for (size_t k = 0; k < o->nclauses; k++) {
        all &= o->clauses[k].selected;
    }
    fputs(", \"clauses\": [", f);
    bool first = true;
    for (size_t k = 0; !all && k < o->nclauses; k++) {
        if (o->clauses[k].selected) {
            fputs(first ? "" : ", ", f);
            first = false;
            json_str(f, wt_catalog_at(k)->id);
        }
    }
    fputs("], \"skipped\": ", f);
    s->skipped[0] ? json_str(f, s->skipped) : (void)fputs("null", f);
    fputs(", \"capabilities\": {\"missing\": [", f);
    json_methods(f, s->missing);
    fputs("], \"defaults\": [", f);
    json_methods(f, s->defaulted);
    fprintf(f, "], \"can_write_eof\": %s}",
            s->can_write_eof < 0 ? "null" : s->can_write_eof ? "true" : "false");
    fputs("},\n", f);
}

/* Evidence at an event and the knock-on of a FAIL, as JSON members. */
static void json_fail_extras(const struct wt_outcome_case *c, const struct wt_outcome_fail *x,
                             FILE *f)
{
    const char *note = report_note(c, x->event);
    fputs(", \"evidence\": ", f);
    note != NULL ? json_str(f, note) : (void)fputs("null", f);
    fputs(", \"follows\": ", f);
    if (x->knock_on) {
        fputs("{\"clause\": ", f);
        json_str(f, wt_catalog_at(x->cause_clause)->id);
        fprintf(f, ", \"event\": %" PRIu32 "}", x->cause_event);
    } else {
        fputs("null", f);
    }
}

static void json_case(const struct wt_outcome *o, size_t i, FILE *f)
{
    const struct wt_outcome_case *c = &o->cases[i];
    char line[2048];
    fputs("    {\"file\": ", f);
    c->is_seed ? (void)fputs("null", f) : json_str(f, c->name);
    fputs(", \"name\": ", f);
    json_str(f, c->name);
    fputs(", \"status\": ", f);
    json_str(f, wt_run_status_name(c->status));
    fprintf(f, ", \"seed\": %" PRIu64 ", \"flavor\": ", c->seed);
    json_str(f, c->flavor);
    fputs(", \"trace_hash\": ", f);
    json_hash(f, c->hash);
    fputs(", \"replay_hash\": ", f);
    json_hash(f, c->replay_hash);
    fprintf(f, ", \"deterministic\": %s, \"events\": %" PRIu64 ", \"virtual_ns\": %" PRIu64
               ", \"hang\": %s, \"bound_progress\": %s, \"unjudged\": %u",
            c->nondeterministic ? "false" : "true", c->events, c->end_ns,
            c->hang ? "true" : "false", c->bound_progress ? "true" : "false", c->unjudged);
    fputs(", \"message\": ", f);
    c->message[0] ? json_str(f, c->message) : (void)fputs("null", f);
    fputs(",\n     \"expectations_failed\": [", f);
    for (unsigned k = 0; k < c->nexpects && k < WT_RUN_EXPECTS_MAX; k++) {
        fprintf(f, "%s{\"line\": %" PRIu32 ", \"event\": %" PRIu32 ", \"message\": ",
                k ? ", " : "", c->expects[k].line, c->expects[k].event);
        json_str(f, c->expects[k].message);
        fputc('}', f);
    }
    fputs("],\n     \"clauses\": {", f);
    bool first = true;
    for (size_t k = 0; c->verdicts != NULL && k < o->nclauses; k++) {
        int v = WT_OUTCOME_VERDICT(c->verdicts[k]);
        if (!o->clauses[k].selected || v == WT_VERDICT_NOT_APPLICABLE ||
            v == WT_VERDICT_NOT_EXERCISED) {
            continue;
        }
        fputs(first ? "" : ", ", f);
        first = false;
        json_str(f, wt_catalog_at(k)->id);
        fputs(": {\"verdict\": ", f);
        json_str(f, report_word(v, false, o->clauses[k].interop));
        fprintf(f, ", \"conflict\": %s",
                (c->verdicts[k] & WT_OUTCOME_CONFLICT) ? "true" : "false");
        for (size_t x = 0; v == WT_VERDICT_FAIL && x < c->nfails; x++) {
            if (c->fails[x].clause == k) {
                fprintf(f, ", \"event\": %" PRIu32 ", \"reason\": ", c->fails[x].event);
                json_str(f, c->fails[x].reason);
                json_fail_extras(c, &c->fails[x], f);
            }
        }
        fputc('}', f);
    }
    fputs("},\n     \"context\": [", f);
    for (size_t k = 0; k < c->ncontext; k++) {
        char text[WT_EVENT_TEXT_MAX];
        if (wt_event_format(&c->context[k], text, sizeof text) < 0) {
            text[0] = '\0';
        }
        fprintf(f, "%s{\"event\": %" PRIu32 ", \"text\": ", k ? ", " : "", c->context[k].index);
        json_str(f, text);
        fputc('}', f);
    }
    fputs("],\n     \"evidence\": [", f);
    for (size_t k = 0; k < c->nnotes; k++) {
        fprintf(f, "%s{\"event\": %" PRIu32 ", \"text\": ", k ? ", " : "", c->notes[k].event);
        json_str(f, c->notes[k].text);
        fputc('}', f);
    }
    fputs("], \"stderr\": ", f);
    c->stderr_text[0] ? json_str(f, c->stderr_text) : (void)fputs("null", f);
    fputs(",\n     \"replay\": ", f);
    wt_outcome_replay_line(o, i, line, sizeof line);
    json_str(f, line);
    fputs("}", f);
}

static void json_clause(const struct wt_outcome *o, size_t k, FILE *f)
{
    const struct wt_clause *cl = wt_catalog_at(k);
    const struct wt_outcome_clause *t = &o->clauses[k];
    fputs("    {\"id\": ", f);
    json_str(f, cl->id);
    fputs(", \"kind\": ", f);
    json_str(f, wt_clause_kind_name(cl->kind));
    fputs(", \"verdict\": ", f);
    json_str(f, report_word(t->verdict, false, t->interop));
    fprintf(f, ", \"conflict\": %s, \"exercised_by\": %" PRIu32 ", \"failed_in\": %" PRIu32,
            t->conflict ? "true" : "false", t->exercised, t->failed);
    if (o->settings.seeds) {
        uint64_t total = report_total(o);
        /* Integer per 10,000 (rounded down): the same bytes on every machine. */
        fprintf(f, ", \"hit_rate_per_10k\": %" PRIu64,
                total ? (uint64_t)t->failed * 10000u / total : 0);
    }
    if (t->verdict == WT_VERDICT_FAIL && t->first_case >= 0) {
        const struct wt_outcome_case *c = &o->cases[t->first_case];
        fputs(", \"first_failure\": {\"file\": ", f);
        c->is_seed ? (void)fputs("null", f) : json_str(f, c->name);
        fputs(", \"name\": ", f);
        json_str(f, c->name);
        fprintf(f, ", \"seed\": %" PRIu64 ", \"event\": %" PRIu32 ", \"reason\": ", c->seed,
                t->first_event);
        json_str(f, t->first_reason);
        const struct wt_outcome_fail *x = report_first_fail(c, k);
        if (x != NULL) {
            json_fail_extras(c, x, f);
        }
        fputc('}', f);
    }
    fputc('}', f);
}

int wt_outcome_write_json(const struct wt_outcome *o, FILE *f)
{
    size_t counts[WT_VERDICT_COUNT], conflicts, interop;
    report_counts(o, counts, &conflicts, &interop);
    fprintf(f, "{\n  \"schema\": \"wtkit-report\",\n  \"schema_version\": %d,\n",
            WT_JSON_SCHEMA_VERSION);
    fputs("  \"kit_version\": ", f);
    json_str(f, WT_VERSION);
    fputs(",\n  \"catalog_version\": ", f);
    json_str(f, wt_catalog_version());
    fprintf(f, ",\n  \"trace_version\": %d,\n", WT_TRACE_VERSION);
    json_settings(o, f);
    fprintf(f, "  \"exit_status\": %d,\n", o->exit);
    fprintf(f, "  \"summary\": {\"pass\": %zu, \"fail\": %zu, \"not_exercised\": %zu, "
               "\"conflict\": %zu, \"interop\": %zu, \"not_applicable\": %zu, \"cases\": %" PRIu64
               ", \"not_run\": %" PRIu64,
            counts[WT_VERDICT_PASS], counts[WT_VERDICT_FAIL], counts[WT_VERDICT_NOT_EXERCISED],
            conflicts, interop, counts[WT_VERDICT_NOT_APPLICABLE], report_total(o), o->not_run);
    for (int s = 0; s < WT_RUN_STATUS_COUNT; s++) {
        char key[40];
        snprintf(key, sizeof key, "cases_%s", wt_run_status_name(s));
        for (char *p = key; *p; p++) {
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
        }
        fputs(", ", f);
        json_str(f, key);
        fprintf(f, ": %" PRIu64, o->by_status[s]);
    }
    fputs("},\n  \"cases\": [\n", f);
    for (size_t i = 0; i < o->ncases; i++) {
        json_case(o, i, f);
        fputs(i + 1 < o->ncases ? ",\n" : "\n", f);
    }
    fputs("  ],\n  \"clauses\": [\n", f);
    bool first = true;
    for (size_t k = 0; k < o->nclauses; k++) {
        if (o->clauses[k].selected) {
            fputs(first ? "" : ",\n", f);
            first = false;
            json_clause(o, k, f);
        }
    }
    fputs("\n  ]", f);
    if (o->baseline != NULL) {
        const struct wt_baseline_diff *b = o->baseline;
        fputs(",\n  \"baseline\": {\"path\": ", f);
        json_str(f, b->path);
        fprintf(f, ", \"known\": %zu, \"new\": [", b->known);
        for (size_t i = 0; i < b->nfresh && i < WT_BASELINE_ROWS_MAX; i++) {
            fputs(i ? ", " : "", f);
            json_str(f, b->fresh[i].key);
        }
        fputs("], \"fixed\": [", f);
        bool any = false;
        for (size_t i = 0; i < b->nrows; i++) {
            if (!b->rows[i].seen) {
                fputs(any ? ", " : "", f);
                any = true;
                json_str(f, b->rows[i].key);
            }
        }
        fputs("]}", f);
    }
    fputs("\n}\n", f);
    return ferror(f) ? WT_EIO : WT_OK;
}
