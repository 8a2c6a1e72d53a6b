/* SPDX-License-Identifier: MIT */
/*
 * report.c - what a suite run prints and writes: the per-clause table,
 * the scenario problems, the summary line and replay commands (stdout);
 * JUnit XML; the versioned JSON report (docs/json-schema.md).
 *
 * Sections:
 *   1. the table and summary
 *   2. JUnit XML
 *   3. JSON
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define REPORT_JSON_SCHEMA_VERSION 1

/* ===== 1. the table and summary ======================================== */

static const char *report_base(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The table's verdict word for a clause: CONFLICT replaces PASS. */
static const char *report_word(int status, bool conflict)
{
    return conflict && status == WT_VERDICT_PASS ? "CONFLICT" : wt_verdict_name(status);
}

static void report_row(const struct cli_run *run, size_t i, FILE *out)
{
    const struct wt_clause *cl = wt_catalog_at(i);
    const struct wt_run_tally *t = wt_runner_tally(run->runner, i);
    bool conflict;
    int status = wt_runner_clause_status(run->runner, i, &conflict);
    if (status == WT_VERDICT_NOT_APPLICABLE && !run->opts->verbose) {
        return;
    }
    fprintf(out, "%-34s %-8s %-14s %4" PRIu32, cl->id, wt_clause_kind_name(cl->kind),
            report_word(status, conflict), t->exercised);
    if (status == WT_VERDICT_FAIL) {
        fprintf(out, "  %s event %" PRIu32 ": %s",
                report_base(run->suite->items[t->first_fail_run].path), t->first_fail_event,
                t->first_fail_reason);
    } else if (conflict) {
        fprintf(out, "  took the other side of %s", cl->conflict ? cl->conflict : "a conflict");
    }
    fputc('\n', out);
    /* The note beside the verdict: both sentences, and the side the transport took. */
    size_t other;
    if (t->conflicts > 0 && cl->conflict != NULL && wt_catalog_find(cl->conflict, &other) == WT_OK) {
        fprintf(out, "  CONFLICT: the docs contradict themselves; profile %s reads \"%s\" (%s), "
                     "the transport acted on \"%s\" (%s) in %" PRIu32 " run%s\n",
                wt_profile_name(run->profile), cl->sentence, cl->source,
                wt_catalog_at(other)->sentence, wt_catalog_at(other)->source, t->conflicts,
                t->conflicts == 1 ? "" : "s");
    }
}

/* The clause IDs one scenario FAILed, comma-separated. */
static void report_failed_ids(const struct cli_run *run, size_t i, char *buf, size_t cap)
{
    const struct wt_run_result *res = &run->results[i];
    size_t used = 0;
    buf[0] = '\0';
    for (size_t c = 0; c < res->nverdicts && used < cap; c++) {
        if (res->verdicts[c].status == WT_VERDICT_FAIL && run->selected[c]) {
            int m = snprintf(buf + used, cap - used, "%s%s", used ? ", " : "",
                             wt_catalog_at(c)->id);
            used += m > 0 ? (size_t)m : 0;
        }
    }
}

/* The lines that say what went wrong in one scenario. */
static void report_problems(const struct cli_run *run, size_t i, FILE *out)
{
    const struct wt_run_result *res = &run->results[i];
    const char *path = run->suite->items[i].path;
    for (unsigned k = 0; k < res->nexpects && k < WT_RUN_EXPECTS_MAX; k++) {
        fprintf(out, "%s:%" PRIu32 ": %s\n", path, res->expects[k].line,
                res->expects[k].message);
    }
    if (res->nexpects > WT_RUN_EXPECTS_MAX) {
        fprintf(out, "%s: ... and %u more failed expectations\n", path,
                res->nexpects - WT_RUN_EXPECTS_MAX);
    }
    if (res->hang) {
        fprintf(out, "%s:%" PRIu32 ": HANG: the step bound was reached in virtual time (%s, "
                     "t=%" PRIu64 "ns)\n",
                path, res->hang_line, res->hang_line ? "this op" : "the final drain",
                res->end_ns);
    }
    if (res->nondeterministic) {
        fprintf(out, "%s: NONDETERMINISTIC: the transport under test is nondeterministic under "
                     "a fixed schedule (trace hash 0x%016" PRIx64 ", replay 0x%016" PRIx64 ")\n",
                path, res->hash, res->replay_hash);
    }
    if (res->message[0] != '\0') {
        fprintf(out, "%s: %s: %s\n", path, wt_run_status_name(res->status), res->message);
    }
    if (!run->opts->verbose && res->must_failed) {
        char ids[1024];
        report_failed_ids(run, i, ids, sizeof ids);
        fprintf(out, "%s: FAIL %s\n", path, ids);
    }
    for (size_t c = 0; run->opts->verbose && c < res->nverdicts; c++) {
        const struct wt_verdict *v = &res->verdicts[c];
        if (v->status == WT_VERDICT_FAIL && run->selected[c]) {
            fprintf(out, "%s: FAIL %s event %" PRIu32 ": %s\n", path, wt_catalog_at(c)->id,
                    v->event, v->reason);
        }
    }
}

/* Counts of the suite's clause verdicts over the selected clauses. */
static void report_counts(const struct cli_run *run, size_t counts[WT_VERDICT_COUNT],
                          size_t *conflicts)
{
    memset(counts, 0, WT_VERDICT_COUNT * sizeof counts[0]);
    *conflicts = 0;
    for (size_t i = 0; i < wt_catalog_count(); i++) {
        bool conflict;
        int status = wt_runner_clause_status(run->runner, i, &conflict);
        if (!run->selected[i]) {
            continue;
        }
        if (conflict && status == WT_VERDICT_PASS) {
            (*conflicts)++;
        } else {
            counts[status]++;
        }
    }
}

void cli_report_table(const struct cli_run *run, FILE *out)
{
    size_t n = run->suite->n, by_status[WT_RUN_STATUS_COUNT] = {0};
    for (size_t i = 0; i < n; i++) {
        by_status[run->results[i].status]++;
    }
    fprintf(out, "wtkit %s: profile %s, transport %s, %zu scenario%s\n", WT_VERSION,
            wt_profile_name(run->profile), run->transport->name, n, n == 1 ? "" : "s");
    for (size_t i = 0; run->opts->verbose && i < n; i++) {
        const struct wt_run_result *res = &run->results[i];
        fprintf(out, "  %-16s %s  seed=%" PRIu64 " flavor=%s events=%" PRIu64
                     " hash=0x%016" PRIx64 "\n",
                wt_run_status_name(res->status), run->suite->items[i].path, res->seed,
                res->flavor, res->events, res->hash);
    }
    fprintf(out, "\n%-34s %-8s %-14s %4s  %s\n", "CLAUSE", "KIND", "VERDICT", "RUNS", "DETAIL");
    for (size_t i = 0; i < wt_catalog_count(); i++) {
        if (run->selected[i]) {
            report_row(run, i, out);
        }
    }
    bool header = false;
    for (size_t i = 0; i < n; i++) {
        int s = run->results[i].status;
        if (s != WT_RUN_PASS && s != WT_RUN_SKIP) {
            fputs(header ? "" : "\n", out);
            header = true;
            report_problems(run, i, out);
        }
    }
    size_t counts[WT_VERDICT_COUNT], conflicts;
    report_counts(run, counts, &conflicts);
    fprintf(out,
            "\nclauses: %zu PASS, %zu FAIL, %zu NOT-EXERCISED, %zu CONFLICT, %zu N/A; "
            "scenarios: %zu passed, %zu failed, %zu skipped; %s; exit %d\n",
            counts[WT_VERDICT_PASS], counts[WT_VERDICT_FAIL], counts[WT_VERDICT_NOT_EXERCISED],
            conflicts, counts[WT_VERDICT_NOT_APPLICABLE], by_status[WT_RUN_PASS],
            n - by_status[WT_RUN_PASS] - by_status[WT_RUN_SKIP], by_status[WT_RUN_SKIP],
            by_status[WT_RUN_NONDET] ? "NONDETERMINISTIC" : "deterministic", run->exit_status);
    for (size_t i = 0; i < n; i++) {
        int s = run->results[i].status;
        if (s != WT_RUN_PASS && s != WT_RUN_SKIP) {
            char line[1024];
            cli_replay_line(run, i, line, sizeof line);
            fprintf(out, "replay: %s\n", line);
        }
    }
}

/* ===== 2. JUnit XML ===================================================== */

static void xml_str(FILE *f, const char *s)
{
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&apos;", f);
            break;
        default:
            fputc(c < 0x20 && c != '\n' && c != '\t' ? ' ' : (int)c, f);
            break;
        }
    }
}

static void junit_case(const struct cli_run *run, size_t i, FILE *f)
{
    const struct wt_run_result *res = &run->results[i];
    fputs("    <testcase classname=\"wtkit.", f);
    xml_str(f, wt_profile_name(run->profile));
    fputs("\" name=\"", f);
    xml_str(f, run->suite->items[i].path);
    fputs("\" time=\"0\">\n", f);
    char ids[1024], line[1024];
    report_failed_ids(run, i, ids, sizeof ids);
    if (res->status == WT_RUN_SKIP) {
        fputs("      <skipped message=\"", f);
        xml_str(f, res->message[0] ? res->message : "not for this profile");
        fputs("\"/>\n", f);
    } else if (res->status == WT_RUN_ERROR) {
        fputs("      <error message=\"", f);
        xml_str(f, res->message);
        fputs("\"/>\n", f);
    } else if (res->status != WT_RUN_PASS) {
        fputs("      <failure type=\"", f);
        xml_str(f, wt_run_status_name(res->status));
        fputs("\" message=\"", f);
        xml_str(f, wt_run_status_name(res->status));
        xml_str(f, ids[0] ? ": " : "");
        xml_str(f, ids);
        fputs("\">", f);
        char *text = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&text, &len);
        if (mem != NULL) {
            report_problems(run, i, mem);
            for (size_t c = 0; c < res->nverdicts; c++) {
                const struct wt_verdict *v = &res->verdicts[c];
                if (v->status == WT_VERDICT_FAIL && run->selected[c]) {
                    fprintf(mem, "%s event %" PRIu32 ": %s\n", wt_catalog_at(c)->id, v->event,
                            v->reason);
                }
            }
            cli_replay_line(run, i, line, sizeof line);
            fprintf(mem, "replay: %s\n", line);
            fclose(mem);
            xml_str(f, text);
            free(text);
        }
        fputs("</failure>\n", f);
    }
    fputs("    </testcase>\n", f);
}

int cli_report_junit(const struct cli_run *run, const char *path)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        cli_error("--junit %s: %s", path, strerror(errno));
        return CLI_EXIT_USAGE;
    }
    size_t n = run->suite->n, failures = 0, errors = 0, skipped = 0;
    for (size_t i = 0; i < n; i++) {
        int s = run->results[i].status;
        failures += s == WT_RUN_FAIL || s == WT_RUN_HANG || s == WT_RUN_NONDET;
        errors += s == WT_RUN_ERROR;
        skipped += s == WT_RUN_SKIP;
    }
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    fprintf(f, "  <testsuite name=\"wtkit ");
    xml_str(f, wt_profile_name(run->profile));
    fputc(' ', f);
    xml_str(f, run->transport->name);
    fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n", n, failures,
            errors, skipped);
    for (size_t i = 0; i < n; i++) {
        junit_case(run, i, f);
    }
    fputs("  </testsuite>\n</testsuites>\n", f);
    if (fclose(f) != 0) {
        cli_error("--junit %s: %s", path, strerror(errno));
        return CLI_EXIT_USAGE;
    }
    return 0;
}

/* ===== 3. JSON ========================================================== */

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

static void json_settings(const struct cli_run *run, FILE *f)
{
    const struct cli_opts *o = run->opts;
    fputs("  \"settings\": {\"profile\": ", f);
    json_str(f, wt_profile_name(run->profile));
    fputs(", \"flavor\": ", f);
    o->flavor ? json_str(f, o->flavor) : (void)fputs("null", f);
    fputs(", \"transport\": ", f);
    json_str(f, run->transport->name);
    fputs(", \"seed\": ", f);
    o->has_seed ? (void)fprintf(f, "%" PRIu64, o->seed) : (void)fputs("null", f);
    fprintf(f, ", \"strict\": %s, \"clauses\": [", o->strict ? "true" : "false");
    for (size_t i = 0; i < o->nclause; i++) {
        fputs(i ? ", " : "", f);
        json_str(f, o->clause[i]);
    }
    fputs("], \"skip\": [", f);
    for (size_t i = 0; i < o->nskip; i++) {
        fputs(i ? ", " : "", f);
        json_str(f, o->skip[i]);
    }
    fputs("]},\n", f);
}

static void json_scenario(const struct cli_run *run, size_t i, FILE *f)
{
    const struct wt_run_result *res = &run->results[i];
    char line[1024];
    fputs("    {\"file\": ", f);
    json_str(f, run->suite->items[i].path);
    fputs(", \"status\": ", f);
    json_str(f, wt_run_status_name(res->status));
    fprintf(f, ", \"seed\": %" PRIu64 ", \"flavor\": ", res->seed);
    json_str(f, res->flavor);
    fputs(", \"trace_hash\": ", f);
    json_hash(f, res->hash);
    fputs(", \"replay_hash\": ", f);
    json_hash(f, res->replay_hash);
    fprintf(f, ", \"deterministic\": %s, \"events\": %" PRIu64 ", \"virtual_ns\": %" PRIu64
               ", \"hang\": %s",
            res->nondeterministic ? "false" : "true", res->events, res->end_ns,
            res->hang ? "true" : "false");
    fputs(", \"message\": ", f);
    res->message[0] ? json_str(f, res->message) : (void)fputs("null", f);
    fputs(",\n     \"expectations_failed\": [", f);
    for (unsigned k = 0; k < res->nexpects && k < WT_RUN_EXPECTS_MAX; k++) {
        fprintf(f, "%s{\"line\": %" PRIu32 ", \"event\": %" PRIu32 ", \"message\": ",
                k ? ", " : "", res->expects[k].line, res->expects[k].event);
        json_str(f, res->expects[k].message);
        fputc('}', f);
    }
    fputs("],\n     \"clauses\": {", f);
    bool first = true;
    for (size_t c = 0; c < res->nverdicts; c++) {
        const struct wt_verdict *v = &res->verdicts[c];
        if (!run->selected[c] || v->status == WT_VERDICT_NOT_APPLICABLE ||
            v->status == WT_VERDICT_NOT_EXERCISED) {
            continue;
        }
        fputs(first ? "" : ", ", f);
        first = false;
        json_str(f, wt_catalog_at(c)->id);
        fputs(": {\"verdict\": ", f);
        json_str(f, wt_verdict_name(v->status));
        fprintf(f, ", \"conflict\": %s", v->conflict ? "true" : "false");
        if (v->status == WT_VERDICT_FAIL) {
            fprintf(f, ", \"event\": %" PRIu32 ", \"reason\": ", v->event);
            json_str(f, v->reason);
        }
        fputc('}', f);
    }
    fputs("},\n     \"replay\": ", f);
    cli_replay_line(run, i, line, sizeof line);
    json_str(f, line);
    fputs("}", f);
}

static void json_clause(const struct cli_run *run, size_t i, FILE *f)
{
    const struct wt_clause *cl = wt_catalog_at(i);
    const struct wt_run_tally *t = wt_runner_tally(run->runner, i);
    bool conflict;
    int status = wt_runner_clause_status(run->runner, i, &conflict);
    fputs("    {\"id\": ", f);
    json_str(f, cl->id);
    fputs(", \"kind\": ", f);
    json_str(f, wt_clause_kind_name(cl->kind));
    fputs(", \"verdict\": ", f);
    json_str(f, wt_verdict_name(status));
    fprintf(f, ", \"conflict\": %s, \"exercised_by\": %" PRIu32 ", \"failed_in\": %" PRIu32,
            conflict ? "true" : "false", t->exercised, t->failed);
    if (status == WT_VERDICT_FAIL) {
        fputs(", \"first_failure\": {\"file\": ", f);
        json_str(f, run->suite->items[t->first_fail_run].path);
        fprintf(f, ", \"event\": %" PRIu32 ", \"reason\": ", t->first_fail_event);
        json_str(f, t->first_fail_reason);
        fputc('}', f);
    }
    fputc('}', f);
}

int cli_report_json(const struct cli_run *run, const char *path)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        cli_error("--json %s: %s", path, strerror(errno));
        return CLI_EXIT_USAGE;
    }
    size_t counts[WT_VERDICT_COUNT], conflicts, by_status[WT_RUN_STATUS_COUNT] = {0};
    report_counts(run, counts, &conflicts);
    for (size_t i = 0; i < run->suite->n; i++) {
        by_status[run->results[i].status]++;
    }
    fprintf(f, "{\n  \"schema\": \"wtkit-report\",\n  \"schema_version\": %d,\n",
            REPORT_JSON_SCHEMA_VERSION);
    fputs("  \"kit_version\": ", f);
    json_str(f, WT_VERSION);
    fputs(",\n  \"catalog_version\": ", f);
    json_str(f, wt_catalog_version());
    fputs(",\n  \"commit\": ", f);
    json_str(f, cli_commit());
    fputs(",\n", f);
    json_settings(run, f);
    fprintf(f, "  \"exit_status\": %d,\n", run->exit_status);
    fprintf(f, "  \"summary\": {\"pass\": %zu, \"fail\": %zu, \"not_exercised\": %zu, "
               "\"conflict\": %zu, \"not_applicable\": %zu, \"scenarios\": %zu",
            counts[WT_VERDICT_PASS], counts[WT_VERDICT_FAIL], counts[WT_VERDICT_NOT_EXERCISED],
            conflicts, counts[WT_VERDICT_NOT_APPLICABLE], run->suite->n);
    for (int s = 0; s < WT_RUN_STATUS_COUNT; s++) {
        fputs(", ", f);
        char key[40];
        snprintf(key, sizeof key, "scenarios_%s", wt_run_status_name(s));
        for (char *p = key; *p; p++) {
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
        }
        json_str(f, key);
        fprintf(f, ": %zu", by_status[s]);
    }
    fputs("},\n  \"scenarios\": [\n", f);
    for (size_t i = 0; i < run->suite->n; i++) {
        json_scenario(run, i, f);
        fputs(i + 1 < run->suite->n ? ",\n" : "\n", f);
    }
    fputs("  ],\n  \"clauses\": [\n", f);
    bool first = true;
    for (size_t i = 0; i < wt_catalog_count(); i++) {
        if (run->selected[i]) {
            fputs(first ? "" : ",\n", f);
            first = false;
            json_clause(run, i, f);
        }
    }
    fputs("\n  ]\n}\n", f);
    if (fclose(f) != 0) {
        cli_error("--json %s: %s", path, strerror(errno));
        return CLI_EXIT_USAGE;
    }
    return 0;
}
