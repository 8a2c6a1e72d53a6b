/* SPDX-License-Identifier: MIT */
/*
 * cmd_judge.c - the commands that judge a transport: `wtkit run`, `trace`
 * and `sweep`. Each is parse -> spec -> session -> print; the verdicts
 * and the exit class come from the outcome alone.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "wt/gen.h"

/* FILE with "-LABEL" before its extension: one report per interpreter. */
static const char *judge_suffixed(const char *path, const char *label, char *buf, size_t cap)
{
    if (path == NULL || label == NULL) {
        return path;
    }
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(path, '.');
    size_t stem = dot != NULL && (slash == NULL || dot > slash) ? (size_t)(dot - path)
                                                                : strlen(path);
    snprintf(buf, cap, "%.*s-%s%s", (int)stem, path, label, path + stem);
    return buf;
}

/* Cases that get a timeline in --html, and the events kept of each. */
#define JUDGE_HTML_CASES 20
#define JUDGE_HTML_EVENTS 2000

/* --html: the failing cases are run again for their events, then the page. */
static int judge_html(const char *path, const struct wt_session_spec *spec,
                      struct wt_outcome *out)
{
    /* Merged outcomes have no spec to run again: their pages go without timelines. */
    int rc = spec != NULL
                 ? wt_outcome_keep_timelines(out, spec, JUDGE_HTML_CASES, JUDGE_HTML_EVENTS)
                 : WT_OK;
    if (rc != WT_OK) {
        cli_error("--html %s: the failing cases could not be run again (%s)", path,
                  wt_strerror(rc));
    }
    return cli_write_file("html", path, wt_outcome_write_html, out);
}

/* The files a run writes beside its table; 0 or 2. */
static int judge_files(const struct cli_opts *o, const struct wt_session_spec *spec,
                       struct wt_outcome *out, const char *label)
{
    char buf[4200], err[600];
    int rc = 0;
    const char *html = judge_suffixed(o->html, label, buf, sizeof buf);
    if (html != NULL) {
        rc |= judge_html(html, spec, out);
    }
    const char *junit = judge_suffixed(o->junit, label, buf, sizeof buf);
    if (junit != NULL) {
        rc |= cli_write_file("junit", junit, wt_outcome_write_junit, out);
    }
    const char *json = judge_suffixed(o->json, label, buf, sizeof buf);
    if (json != NULL) {
        rc |= cli_write_file("json", json, wt_outcome_write_json, out);
    }
    const char *outcome = judge_suffixed(o->outcome, label, buf, sizeof buf);
    if (outcome != NULL) {
        rc |= cli_write_file("outcome", outcome, wt_outcome_write, out);
    }
    if (o->write_baseline != NULL && wt_baseline_write(out, o->write_baseline, err, sizeof err)) {
        cli_error("%s", err);
        rc = WT_EXIT_USAGE;
    }
    return rc ? WT_EXIT_USAGE : 0;
}

/* Warnings first; a transport that died: why, on stderr (the table said what it did). */
static void judge_failure(const struct wt_outcome *out)
{
    for (const char *w = out->warnings; *w != '\0';) {
        size_t len = strcspn(w, "\n");
        fflush(stdout);
        fprintf(stderr, "wtkit: warning: %.*s\n", (int)len, w);
        w += len + (w[len] == '\n');
    }
    if (out->failure[0] != '\0') {
        fflush(stdout);
        cli_error("%s", out->failure);
    }
}

/* The suite against one transport. */
static int run_one(const struct cli_opts *o, const char *python, const char *label)
{
    struct wt_session_spec spec;
    cli_spec(o, &spec);
    if (python != NULL) {
        spec.python = python;
        spec.python_member = true;
    }
    struct wt_outcome *out = NULL;
    char err[8192];
    int rc = wt_session_run(&spec, &out, err, sizeof err);
    if (rc != WT_OK) {
        return cli_session_error(rc, err);
    }
    struct wt_print_options popt = {.verbose = o->verbose};
    wt_outcome_print_table(out, stdout, &popt);
    judge_failure(out);
    int exit = wt_outcome_exit(out);
    int files = out->settings.skipped[0] ? 0 : judge_files(o, &spec, out, label);
    wt_outcome_free(out);
    return files ? files : exit;
}

int cli_cmd_run(const struct cli_opts *o)
{
    if (!o->all_pythons) {
        return run_one(o, NULL, NULL);
    }
    if (o->python != NULL) {
        cli_error("run: --python and --all-pythons exclude each other");
        return WT_EXIT_USAGE;
    }
    if (o->factory == NULL && (o->transport == NULL || strncmp(o->transport, "python:", 7) != 0)) {
        cli_error("run: --all-pythons goes with --transport python:KIND or --factory");
        return WT_EXIT_USAGE;
    }
    struct wt_python py[8];
    size_t n = wt_python_interpreters(py, 8);
    int worst = 0;
    for (size_t i = 0; i < n; i++) {
        printf("%s== python %s (%s)\n", i ? "\n" : "", py[i].label, py[i].path);
        fflush(stdout);
        if (!py[i].present) {
            printf("SKIP python %s: %s not found\n", py[i].label, py[i].path);
            continue;
        }
        int rc = run_one(o, py[i].path, py[i].label);
        worst = rc > worst ? rc : worst;
    }
    return worst;
}

/* ----- trace --------------------------------------------------------------- */

/* Evidence beside the trace (never hashed): printed under its event. */
static void trace_note_print(void *user_data, uint32_t index, const char *text)
{
    (void)user_data;
    printf("%6" PRIu32 "  ! %s\n", index, text);
}

static void trace_print(void *user_data, const struct wt_event *ev)
{
    char line[WT_EVENT_TEXT_MAX];
    (void)user_data;
    if (wt_event_format(ev, line, sizeof line) < 0) {
        snprintf(line, sizeof line, "? kind %u", (unsigned)ev->kind);
    }
    printf("%6" PRIu32 "  %s\n", ev->index, line);
}

int cli_cmd_trace(const struct cli_opts *o)
{
    if (o->npaths != 1) {
        cli_error("trace: which scenario? (usage: wtkit trace FILE)");
        return WT_EXIT_USAGE;
    }
    struct stat st;
    if (stat(o->paths[0], &st) == 0 && S_ISDIR(st.st_mode)) {
        cli_error("trace: %s: give one scenario file, not a directory", o->paths[0]);
        return WT_EXIT_USAGE;
    }
    struct wt_session_spec spec;
    cli_spec(o, &spec);
    spec.sink = trace_print;
    spec.note_sink = trace_note_print;
    struct wt_outcome *out = NULL;
    char err[8192];
    int rc = wt_session_run(&spec, &out, err, sizeof err);
    if (rc != WT_OK) {
        return cli_session_error(rc, err);
    }
    if (out->settings.skipped[0] != '\0') {
        printf("# SKIP %s: %s\n", out->settings.transport, out->settings.skipped);
    } else if (out->ncases == 1) {
        wt_outcome_print_case(out, 0, stdout);
    }
    judge_failure(out);
    int exit = wt_outcome_exit(out);
    int files = o->json != NULL ? cli_write_file("json", o->json, wt_outcome_write_json, out) : 0;
    wt_outcome_free(out);
    return files ? files : exit;
}

/* ----- sweep --------------------------------------------------------------- */

struct sweep_ctx {
    const struct cli_opts *o;
    unsigned long saved_failures;
    uint64_t total;          /* seeds to run */
    uint64_t started_ms, shown_ms;
    bool tty;                /* progress on stderr only when it is a terminal */
};

static uint64_t sweep_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* One line, rewritten in place: seeds done, seeds/s, failures, ETA. */
static void sweep_progress(void *user_data, const struct wt_outcome *out)
{
    struct sweep_ctx *ctx = user_data;
    uint64_t now = sweep_now_ms();
    if (!ctx->tty || now - ctx->shown_ms < 250) {
        return;
    }
    ctx->shown_ms = now;
    uint64_t done = out->not_run, failed = 0;
    for (int s = 0; s < WT_RUN_STATUS_COUNT; s++) {
        done += out->by_status[s];
        failed += s != WT_RUN_PASS && s != WT_RUN_SKIP && s != WT_RUN_INCONCLUSIVE
                      ? out->by_status[s]
                      : 0;
    }
    double secs = (double)(now - ctx->started_ms) / 1000.0;
    double rate = secs > 0 ? (double)done / secs : 0;
    double eta = rate > 0 ? (double)(ctx->total - done) / rate : 0;
    fprintf(stderr, "\r%llu/%llu seeds, %.0f seeds/s, %llu failed, ETA %.0f s   ",
            (unsigned long long)done, (unsigned long long)ctx->total, rate,
            (unsigned long long)failed, eta);
    fflush(stderr);
}

/* DIR/seed-N.wts, with the header that says how it ran. */
static void sweep_save(struct sweep_ctx *ctx, const struct wt_outcome *out,
                       const struct wt_scenario *sc, const struct wt_outcome_case *c,
                       char *path, size_t cap)
{
    path[0] = '\0';
    struct wt_scenario rec = *sc;
    const struct wt_outcome_settings *s = &out->settings;
    snprintf(rec.kit_version, sizeof rec.kit_version, "%s", WT_VERSION);
    rec.has_generator = true;
    rec.generator = s->generator;
    snprintf(rec.transport, sizeof rec.transport, "%.1000s", s->transport_spec);
    snprintf(rec.recorded_profile, sizeof rec.recorded_profile, "%s", s->profile);
    snprintf(rec.flavor, sizeof rec.flavor, "%s", c->flavor);
    if (ctx->o->steps != 0) {
        rec.steps_max = ctx->o->steps;
    }
    size_t need = 4096 + sc->nops * WT_WTS_OP_TEXT_MAX;
    char *text = malloc(need);
    FILE *f = NULL;
    snprintf(path, cap, "%s/seed-%" PRIu64 ".wts", ctx->o->save, c->seed);
    if (text == NULL || wt_wts_format(&rec, text, need) < 0 || (f = fopen(path, "w")) == NULL) {
        cli_error("sweep: cannot write %s", path);
        path[0] = '\0';
    } else {
        fputs(text, f);
        fclose(f);
        ctx->saved_failures++;
    }
    free(text);
}

/* Each failing seed as it comes: its FAILs, its replay line, where it was saved. */
static void sweep_case(void *user_data, const struct wt_outcome *out, size_t i,
                       const struct wt_scenario *sc)
{
    struct sweep_ctx *ctx = user_data;
    sweep_progress(ctx, out);
    if (i == SIZE_MAX) {
        return; /* passed: counted, not kept */
    }
    const struct wt_outcome_case *c = &out->cases[i];
    if (c->status == WT_RUN_PASS || c->status == WT_RUN_SKIP) {
        return;
    }
    if (ctx->tty) {
        fputs("\r\033[K", stderr); /* the progress line gives way */
    }
    char ids[1024] = "";
    wt_outcome_failed_ids(out, i, ids, sizeof ids);
    printf("%s: %s%s%s\n", c->name, wt_run_status_name(c->status), ids[0] ? " " : "", ids);
    wt_outcome_print_fails(out, i, stdout, "  ");
    if (c->hang) {
        printf("  step bound at %s %s\n", c->hang_line ? "an op" : "the final drain",
               c->bound_progress ? "while still making progress" : "with no progress");
    }
    if (c->message[0] != '\0') {
        printf("  %s\n", c->message);
    }
    for (size_t k = 0; k < c->ncontext; k++) {
        char line[WT_EVENT_TEXT_MAX];
        if (wt_event_format(&c->context[k], line, sizeof line) < 0) {
            line[0] = '\0';
        }
        printf("  %6" PRIu32 "  %s\n", c->context[k].index, line);
    }
    char replay[2048], path[4300];
    wt_outcome_replay_line(out, i, replay, sizeof replay);
    printf("  replay: %s\n", replay);
    if (ctx->o->save != NULL && c->status != WT_RUN_ERROR) {
        sweep_save(ctx, out, sc, c, path, sizeof path);
        if (path[0] != '\0') {
            printf("  saved:  %s (%s run %s)\n", path, out->settings.program, path);
        }
    }
    fflush(stdout);
}

int cli_cmd_sweep(const struct cli_opts *o)
{
    if (o->save != NULL && mkdir(o->save, 0777) != 0 && errno != EEXIST) {
        cli_error("sweep: --save %s: %s", o->save, strerror(errno));
        return WT_EXIT_USAGE;
    }
    struct wt_session_spec spec;
    cli_spec(o, &spec);
    spec.seeds = true;
    spec.keep_passing = false;
    if (spec.jobs == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        spec.jobs = cpus > 0 ? (unsigned)cpus : 1;
    }
    struct sweep_ctx ctx = {.o = o, .tty = isatty(STDERR_FILENO) == 1};
    ctx.started_ms = ctx.shown_ms = sweep_now_ms();
    ctx.total = spec.seed_last - spec.seed_first + 1;
    if (spec.shard_n != 0) {
        ctx.total = ctx.total / spec.shard_n + 1;
    }
    spec.on_case = sweep_case;
    spec.on_progress = sweep_progress;
    spec.on_case_user_data = &ctx;
    printf("wtkit sweep: seeds %" PRIu64 "..%" PRIu64 ", %zu ops each\n", spec.seed_first,
           spec.seed_last, spec.seed_ops);
    fflush(stdout);
    struct wt_outcome *out = NULL;
    char err[8192];
    int rc = wt_session_run(&spec, &out, err, sizeof err);
    if (rc != WT_OK) {
        return cli_session_error(rc, err);
    }
    if (ctx.tty) {
        fputs("\r\033[K", stderr);
    }
    struct wt_print_options popt = {.verbose = o->verbose};
    wt_outcome_print_sweep(out, stdout, &popt);
    judge_failure(out);
    int exit = wt_outcome_exit(out);
    int files = out->settings.skipped[0] ? 0 : judge_files(o, &spec, out, NULL);
    wt_outcome_free(out);
    return files ? files : exit;
}

/* ----- merge --------------------------------------------------------------- */

int cli_cmd_merge(const struct cli_opts *o)
{
    if (o->npaths == 0) {
        cli_error("merge: which outcome files? (usage: wtkit merge FILE ...)");
        return WT_EXIT_USAGE;
    }
    struct wt_outcome *all = NULL;
    for (size_t i = 0; i < o->npaths; i++) {
        FILE *f = fopen(o->paths[i], "r");
        struct wt_outcome *part = NULL;
        int rc = f != NULL ? wt_outcome_read(f, NULL, &part) : WT_EIO;
        if (f != NULL) {
            fclose(f);
        }
        if (rc != WT_OK) {
            cli_error("merge: %s: %s", o->paths[i],
                      f == NULL ? strerror(errno) : "not an outcome file of this kit (wtkit "
                                                    "sweep|run --outcome FILE writes one)");
            wt_outcome_free(all);
            return WT_EXIT_USAGE;
        }
        if (all == NULL) {
            all = part;
            continue;
        }
        rc = wt_outcome_merge(all, part);
        wt_outcome_free(part);
        if (rc != WT_OK) {
            cli_error("merge: %s: another profile or transport than %s", o->paths[i],
                      o->paths[0]);
            wt_outcome_free(all);
            return WT_EXIT_USAGE;
        }
    }
    struct wt_print_options popt = {.verbose = o->verbose};
    if (all->settings.seeds) {
        wt_outcome_print_sweep(all, stdout, &popt);
    } else {
        wt_outcome_print_table(all, stdout, &popt);
    }
    int exit = wt_outcome_exit(all);
    int files = judge_files(o, NULL, all, NULL);
    wt_outcome_free(all);
    return files ? files : exit;
}
