/* SPDX-License-Identifier: MIT */
/*
 * cmd_case.c - the commands about one failing case: `wtkit shrink`,
 * `replay` and `diff`.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "wt/fuzz.h"
#include "wt/shrink.h"

/* A fuzz input (shrink --fuzz-input) as the case the world target ran. */
static int case_fuzz_input(const char *path, const struct wt_session_spec *spec,
                           struct wt_scenario *sc)
{
    char err[4096];
    FILE *f = fopen(path, "rb");
    uint8_t *buf = malloc(1u << 20);
    size_t len = f != NULL && buf != NULL ? fread(buf, 1, 1u << 20, f) : 0;
    int rc = f == NULL || buf == NULL || ferror(f) ? WT_EIO : WT_OK;
    if (rc != WT_OK) {
        cli_error("%s: %s", path, f == NULL ? strerror(errno) : "cannot read");
    } else {
        rc = wt_fuzz_scenario(spec, buf, len, sc, err, sizeof err);
        rc = rc == WT_OK ? 0 : cli_session_error(rc, err);
    }
    if (f != NULL) {
        fclose(f);
    }
    free(buf);
    return rc == WT_EIO ? WT_EXIT_USAGE : rc;
}

/* The case a command is about: FILE, or the seed of --seeds N (one seed). */
static int case_load(const struct cli_opts *o, const struct wt_session_spec *spec,
                     const char *cmd, struct wt_scenario *sc)
{
    char err[WT_WTS_ERR_MAX + 600];
    if (o->npaths == 1 && !o->has_seeds && o->fuzz_input) {
        return case_fuzz_input(o->paths[0], spec, sc);
    }
    if (o->npaths == 1 && !o->has_seeds) {
        int rc = wt_wts_load(o->paths[0], sc, err, sizeof err);
        if (rc != WT_OK) {
            fprintf(stderr, "%s\n", err);
            return WT_EXIT_USAGE;
        }
        return 0;
    }
    if (o->npaths == 0 && o->has_seeds && o->seed_first == o->seed_last) {
        int rc = wt_seed_scenario(spec, o->seed_first, sc, err, sizeof err);
        return rc == WT_OK ? 0 : cli_session_error(rc, err);
    }
    cli_error("%s: give one case: FILE, or --seeds N (one seed)", cmd);
    return WT_EXIT_USAGE;
}

/*
 * A saved case's `transport SPEC` header into the spec. A Python transport
 * on another interpreter than Debian's is recorded as `python:KIND --python
 * PATH` (tspec.c): the interpreter is cut off here, in place, and becomes
 * spec->python (unless --python said otherwise).
 */
static void case_recorded_transport(struct wt_session_spec *spec, char *recorded)
{
    char *py = strncmp(recorded, "python:", 7) == 0 ? strstr(recorded, " --python ") : NULL;
    if (py != NULL) {
        *py = '\0';
        if (spec->python == NULL) {
            spec->python = py + 10;
        }
    }
    wt_spec_set_transport(spec, recorded);
}

/* ----- shrink -------------------------------------------------------------- */

static void shrink_print(void *user_data, const char *line)
{
    if (*(const bool *)user_data) {
        fprintf(stderr, "shrink: %s\n", line);
    }
}

int cli_cmd_shrink(const struct cli_opts *o)
{
    struct wt_session_spec spec;
    cli_spec(o, &spec);
    struct wt_scenario start, out;
    wt_scenario_init(&start, NULL);
    wt_scenario_init(&out, NULL);
    int rc = case_load(o, &spec, "shrink", &start);
    if (rc != 0) {
        wt_scenario_deinit(&start);
        return rc;
    }
    /* A saved case runs as its header says, unless told otherwise. */
    if (o->transport == NULL && o->adapter == NULL && o->factory == NULL) {
        case_recorded_transport(&spec, start.transport);
    }
    if (o->profile == NULL && start.recorded_profile[0] != '\0') {
        spec.profile = start.recorded_profile;
    }
    struct wt_shrink_report rep;
    char err[8192];
    bool verbose = o->verbose;
    if (o->is_minimal) {
        bool minimal = false;
        rc = wt_shrink_check_minimal(&spec, &start, &minimal, err, sizeof err);
        wt_scenario_deinit(&start);
        wt_scenario_deinit(&out);
        if (rc == WT_ENOENT) {
            printf("not minimal: the case does not fail\n");
            return WT_EXIT_FAIL;
        }
        if (rc != WT_OK) {
            return cli_session_error(rc, err);
        }
        printf("%s%s\n", minimal ? "1-minimal" : "not minimal: ", minimal ? "" : err);
        return minimal ? WT_EXIT_OK : WT_EXIT_FAIL;
    }
    rc = wt_shrink(&spec, &start, &out, &rep, shrink_print, &verbose, err, sizeof err);
    if (rc == WT_ENOENT) {
        cli_error("shrink: %s", err);
        rc = WT_EXIT_FAIL;
    } else if (rc != WT_OK) {
        rc = cli_session_error(rc, err);
    } else {
        size_t need = 4096 + out.nops * WT_WTS_OP_TEXT_MAX;
        char *text = malloc(need);
        FILE *f = o->out ? fopen(o->out, "w") : stdout;
        if (text == NULL || wt_wts_format(&out, text, need) < 0 || f == NULL) {
            cli_error("shrink: cannot write %s%s%s", o->out ? o->out : "the case",
                      f == NULL ? ": " : "", f == NULL ? strerror(errno) : "");
            rc = WT_EXIT_USAGE;
        } else {
            fputs(text, f);
        }
        if (f != NULL && f != stdout && fclose(f) != 0) {
            rc = WT_EXIT_USAGE;
        }
        free(text);
        char way[128];
        wt_failure_way_format(&rep.way, way, sizeof way);
        fprintf(stderr,
                "shrink: %s: %zu ops -> %zu in %u steps (%u candidates judged), %.2f s%s%s\n",
                way, rep.ops_before, rep.ops_after, rep.kept, rep.runs, rep.seconds,
                o->out ? "; written to " : "", o->out ? o->out : "");
    }
    wt_scenario_deinit(&start);
    wt_scenario_deinit(&out);
    return rc;
}

/* ----- replay -------------------------------------------------------------- */

int cli_cmd_replay(const struct cli_opts *o)
{
    if (o->npaths != 1) {
        cli_error("replay: which case? (usage: wtkit replay FILE)");
        return WT_EXIT_USAGE;
    }
    struct wt_scenario sc;
    wt_scenario_init(&sc, NULL);
    char err[8192];
    if (wt_wts_load(o->paths[0], &sc, err, sizeof err) != WT_OK) {
        fprintf(stderr, "%s\n", err);
        wt_scenario_deinit(&sc);
        return WT_EXIT_USAGE;
    }
    struct wt_failure_way want = {.status = -1, .clause = -1};
    for (int s = 0; s < WT_RUN_STATUS_COUNT; s++) {
        if (strcmp(sc.recorded_status, wt_run_status_name(s)) == 0) {
            want.status = s;
        }
    }
    size_t index;
    if (sc.recorded_clause[0] != '\0' && wt_catalog_find(sc.recorded_clause, &index) == WT_OK) {
        want.clause = (int64_t)index;
    }
    if (want.status < 0 || want.status == WT_RUN_PASS || want.status == WT_RUN_SKIP) {
        cli_error("replay: %s records no failure (a `recorded-failure STATUS [CLAUSE]` header; "
                  "`wtkit sweep --save` and `wtkit shrink` write one)", o->paths[0]);
        wt_scenario_deinit(&sc);
        return WT_EXIT_USAGE;
    }
    struct wt_session_spec spec;
    cli_spec(o, &spec);
    case_recorded_transport(&spec, sc.transport);
    spec.profile = sc.recorded_profile[0] ? sc.recorded_profile : NULL;
    struct wt_outcome *out = NULL;
    int rc = wt_session_run(&spec, &out, err, sizeof err); /* spec borrows sc's header */
    wt_scenario_deinit(&sc);
    if (rc != WT_OK) {
        return cli_session_error(rc, err);
    }
    struct wt_failure_way got = {.status = WT_RUN_PASS, .clause = -1};
    bool fails = out->ncases == 1 && wt_failure_way_of(&out->cases[0], &got);
    char want_s[128], got_s[128];
    wt_failure_way_format(&want, want_s, sizeof want_s);
    wt_failure_way_format(&got, got_s, sizeof got_s);
    bool same = fails && got.status == want.status &&
                (want.status != WT_RUN_FAIL || want.clause < 0 ||
                 WT_OUTCOME_VERDICT(out->cases[0].verdicts[want.clause]) == WT_VERDICT_FAIL);
    if (o->verbose) {
        struct wt_print_options popt = {.verbose = true};
        wt_outcome_print_table(out, stdout, &popt);
    } else if (out->ncases == 1) {
        wt_outcome_print_case(out, 0, stdout);
    }
    printf("replay %s: %s (recorded: %s; transport %s, profile %s)\n", o->paths[0],
           same ? "still fails the same way" : fails ? "fails another way" : "no longer fails",
           want_s, out->settings.transport, out->settings.profile);
    if (!same && fails) {
        printf("  now: %s\n", got_s);
    }
    int files = o->json != NULL ? cli_write_file("json", o->json, wt_outcome_write_json, out) : 0;
    rc = out->failure[0] != '\0' ? WT_EXIT_TRANSPORT : same ? WT_EXIT_OK : WT_EXIT_FAIL;
    wt_outcome_free(out);
    return files ? files : rc;
}

/* ----- diff ---------------------------------------------------------------- */

static void diff_side_print(const char *label, const struct wt_diff_side *side, size_t at)
{
    printf("%s: %s: %s%s%s\n", label, side->transport, wt_run_status_name(side->status),
           side->fails[0] ? " " : "", side->fails);
    for (size_t i = 0; i < side->ncontext; i++) {
        char line[WT_EVENT_TEXT_MAX];
        if (wt_event_format(&side->context[i], line, sizeof line) < 0) {
            line[0] = '\0';
        }
        bool here = side->context[i].index != 0 && i + 1 == side->ncontext &&
                    side->ncontext > 0 && at < side->nevents;
        printf("  %s %6" PRIu32 "  %s\n", here ? ">" : " ", side->context[i].index, line);
    }
    if (at >= side->nevents) {
        printf("  > (its trace ends here: %zu events)\n", side->nevents);
    }
}

int cli_cmd_diff(const struct cli_opts *o)
{
    if (o->side_a == NULL) {
        cli_error("diff: --a T names one side (e.g. --a mutant:never-resume)");
        return WT_EXIT_USAGE;
    }
    struct wt_session_spec a, b;
    cli_spec(o, &a);
    a.transport = o->side_a;
    cli_spec(o, &b);
    b.transport = o->side_b ? o->side_b : "reference";
    struct wt_scenario sc;
    wt_scenario_init(&sc, NULL);
    int rc = case_load(o, &a, "diff", &sc);
    if (rc != 0) {
        wt_scenario_deinit(&sc);
        return rc;
    }
    struct wt_diff_report rep;
    char err[8192];
    rc = wt_diff(&a, &b, &sc, o->context ? o->context : 5, &rep, err, sizeof err);
    wt_scenario_deinit(&sc);
    if (rc != WT_OK) {
        return cli_session_error(rc, err);
    }
    if (!rep.differ) {
        printf("the same: %zu events each (socket-level events set aside)\n", rep.a.nevents);
        diff_side_print("a", &rep.a, rep.at);
        diff_side_print("b", &rep.b, rep.at);
        return WT_EXIT_OK;
    }
    if (rep.socket_only) {
        printf("first difference at event %zu: only socket-level events differ (what the caller "
               "and the protocol see is the same)\n", rep.at);
    } else {
        printf("first difference at event %zu of the traces with socket-level events set "
               "aside\n", rep.at);
    }
    diff_side_print("a", &rep.a, rep.at);
    diff_side_print("b", &rep.b, rep.at);
    return WT_EXIT_FAIL;
}
