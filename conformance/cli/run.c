/* SPDX-License-Identifier: MIT */
/*
 * run.c - `wtkit run`: the suite against one transport under one
 * profile, the per-clause verdicts, the exit status, and the reports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char run_usage[] =
    "usage: wtkit run [options] [FILE|DIR ...]\n"
    "\n"
    "Runs scenarios (.wts) against a transport and judges every clause of the\n"
    "profile. Without FILE or DIR: every scenario in the default suite\n"
    "($WTKIT_SCENARIOS, else ./conformance/scenarios, else the installed one).\n"
    "Each scenario is run twice and the trace hashes compared (determinism).\n"
    "\n"
    "options:\n"
    "  --profile NAME      the profile that judges (default docs; see wtkit clauses)\n"
    "  --flavor NAME       the reference's flavor (default: scenario header, else the\n"
    "                      profile's)\n"
    "  --seed N            the seed for every scenario (default: header, else 1)\n"
    "  --transport T       reference (default), mutant:NAME (see wtkit mutants), or\n"
    "                      PATH.so (a C plugin exporting wt_plugin_transport)\n"
    "  --adapter CMD       an out-of-process adapter: CMD speaks the adapter protocol\n"
    "                      on stdin/stdout (docs/adapter-protocol.md)\n"
    "  --adapter-timeout S wall-clock seconds one adapter exchange may take (default 5)\n"
    "  --transport python:KIND  CPython's real transport, KIND = selector, pipe or ssl,\n"
    "                      or uvloop's (python:uvloop), through adapters/python\n"
    "  --factory MOD:FUNC  your own asyncio transport class (adapters/python/README.md)\n"
    "  --python PATH       the interpreter for python:KIND (default /usr/bin/python3)\n"
    "  --all-pythons       run under every installed CPython (Debian's, pyenv 3.11.7,\n"
    "                      3.12.1, 3.13.0) and report per version; a missing one is a\n"
    "                      SKIP; --junit/--json files get a -VERSION suffix\n"
    "  --clause ID         judge and report only this clause (repeatable)\n"
    "  --skip ID           neither judge nor report this clause (repeatable)\n"
    "  --strict            a clause the suite does not exercise fails the run\n"
    "  --junit FILE        write a JUnit XML report (one testcase per scenario)\n"
    "  --json FILE         write the JSON report (docs/json-schema.md)\n"
    "  --baseline FILE|DIR pass when what the transport breaks equals the baseline\n"
    "                      (DIR: DIR/<transport>.<profile>.baseline); new breaks fail,\n"
    "                      fixed ones are reported (and fail under --strict)\n"
    "  --write-baseline F  write what this run broke as a baseline file (or, for a\n"
    "                      DIR, DIR/<transport>.<profile>.baseline)\n"
    "  -v, --verbose       one line per scenario, every failure, N/A clauses too\n"
    "  -h, --help          this text\n"
    "\n"
    "exit status: 0 every MUST clause kept; 1 a MUST clause broken (a hang in\n"
    "virtual time included), a failed expectation or a nondeterministic trace;\n"
    "2 usage or input error; 3 the transport or adapter could not be run.\n";

/* ----- running and judging ---------------------------------------------- */

static bool run_listed(const char *id, const char *const *ids, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(ids[i], id) == 0) {
            return true;
        }
    }
    return false;
}

/* A scenario that needs an op the adapter does not support is a SKIP with the reason. */
static bool run_unsupported(struct cli_run *run, size_t i)
{
    const struct wt_scenario *sc = &run->suite->items[i].sc;
    struct wt_run_result *res = &run->results[i];
    const struct wt_transport_ops *ops = run->transport->ops;
    /* A plugin without write_eof cannot half-close: those scenarios are not for it. */
    for (size_t k = 0; ops != NULL && ops->write_eof == NULL && k < sc->nops; k++) {
        if (sc->ops[k].kind == WT_OP_WRITE_EOF) {
            snprintf(res->message, sizeof res->message,
                     "transport '%s' has no write_eof (NULL slot) (line %u)", ops->name,
                     (unsigned)sc->ops[k].line);
            res->status = WT_RUN_SKIP;
            return true;
        }
    }
    if (run->transport->adapter == NULL ||
        wt_adapter_check_ops(run->transport->adapter, sc->ops, sc->nops, res->message,
                             sizeof res->message) == WT_OK) {
        res->message[0] = '\0';
        return false;
    }
    res->status = WT_RUN_SKIP;
    return true;
}

int cli_run_suite(struct cli_run *run)
{
    const struct cli_opts *o = run->opts;
    struct wt_run_config cfg;
    wt_run_config_init(&cfg);
    cfg.profile = run->profile;
    cli_transport_apply(run->transport, &cfg);
    cfg.flavor = o->flavor;
    cfg.has_seed = o->has_seed;
    cfg.seed = o->seed;
    size_t nclauses = wt_catalog_count();
    run->selected = calloc(nclauses ? nclauses : 1, sizeof *run->selected);
    run->results = calloc(run->suite->n ? run->suite->n : 1, sizeof *run->results);
    if (run->selected == NULL || run->results == NULL ||
        wt_runner_new(&cfg, NULL, &run->runner) != WT_OK) {
        cli_error("out of memory");
        return CLI_EXIT_TRANSPORT;
    }
    for (size_t i = 0; i < nclauses; i++) {
        const char *id = wt_catalog_at(i)->id;
        run->selected[i] = (o->nclause == 0 || run_listed(id, o->clause, o->nclause)) &&
                           !run_listed(id, o->skip, o->nskip);
    }
    for (size_t i = 0; i < run->suite->n; i++) {
        if (run->suite->items[i].flavor_refused && o->flavor == NULL) {
            run->results[i].status = WT_RUN_SKIP;
            continue;
        }
        if (run_unsupported(run, i)) {
            continue;
        }
        if (wt_runner_run(run->runner, &run->suite->items[i].sc, &run->results[i]) != WT_OK) {
            cli_error("%s: out of memory", run->suite->items[i].path);
            return CLI_EXIT_TRANSPORT;
        }
    }
    return 0;
}

void cli_run_free(struct cli_run *run)
{
    for (size_t i = 0; run->results != NULL && i < run->suite->n; i++) {
        wt_run_result_deinit(&run->results[i]);
    }
    free(run->results);
    free(run->selected);
    wt_runner_free(run->runner);
    run->results = NULL;
    run->selected = NULL;
    run->runner = NULL;
}

void cli_run_judge(struct cli_run *run)
{
    bool broken = false, failed = false;
    for (size_t i = 0; i < run->suite->n; i++) {
        const struct wt_run_result *res = &run->results[i];
        broken |= res->status == WT_RUN_ERROR;
        failed |= res->nexpects > 0 || res->hang || res->nondeterministic;
    }
    for (size_t i = 0; i < wt_catalog_count(); i++) {
        if (!run->selected[i]) {
            continue;
        }
        int status = wt_runner_clause_status(run->runner, i, NULL);
        bool must = wt_catalog_at(i)->kind == WT_CLAUSE_MUST;
        failed |= status == WT_VERDICT_FAIL && must;
        failed |= status == WT_VERDICT_NOT_EXERCISED && run->opts->strict;
    }
    run->exit_status = broken ? CLI_EXIT_TRANSPORT : failed ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

void cli_replay_line(const struct cli_run *run, size_t i, char *buf, size_t cap)
{
    const struct wt_run_result *res = &run->results[i];
    snprintf(buf, cap, "wtkit run %s --seed %llu --profile %s%s%s %s", run->suite->items[i].path,
             (unsigned long long)res->seed, wt_profile_name(run->profile),
             res->flavor[0] ? " --flavor " : "", res->flavor, run->transport->replay);
}

/* ----- the command ------------------------------------------------------ */

/*
 * Checks --flavor, and every scenario's flavor header once. Flavors are the
 * reference's: a header the reference refuses is an input error, one a
 * plugin refuses only means the scenario is not for it (SKIP).
 */
static int run_check_flavors(const struct cli_opts *o, const struct cli_transport *t,
                             struct cli_suite *suite)
{
    if (o->flavor != NULL) {
        return cli_flavor_check(t, o->flavor, "--flavor");
    }
    for (size_t i = 0; i < suite->n; i++) {
        const char *f = suite->items[i].sc.flavor;
        size_t k = 0;
        while (k < i && strcmp(suite->items[k].sc.flavor, f) != 0) {
            k++;
        }
        if (f[0] == '\0') {
            continue;
        }
        if (k < i) {
            suite->items[i].flavor_refused = suite->items[k].flavor_refused;
            continue;
        }
        char where[600];
        snprintf(where, sizeof where, "%s: flavor header", suite->items[i].path);
        if (t->ops == NULL && t->adapter == NULL) {
            if (cli_flavor_check(t, f, where) != 0) {
                return CLI_EXIT_USAGE;
            }
        } else {
            suite->items[i].flavor_refused = !cli_flavor_works(t, f);
        }
    }
    return 0;
}

/* FILE with "-LABEL" before its extension: one report per interpreter. */
static const char *run_suffixed(const char *path, const char *label, char *buf, size_t cap)
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

/* The suite against one transport: the table, the baseline, the reports. */
static int run_transport(const struct cli_opts *o, const struct wt_profile *profile,
                         struct cli_suite *suite, const char *label)
{
    struct cli_transport t;
    int rc = cli_transport_open(o, &t);
    if (rc == 0 && t.skipped) {
        printf("SKIP %s%s: %s\n", label ? "python " : t.replay, label ? label : "", t.skip_reason);
        cli_transport_close(&t);
        return 0;
    }
    if (rc != 0 || (rc = run_check_flavors(o, &t, suite)) != 0) {
        cli_transport_close(&t);
        return rc;
    }
    if (t.adapter != NULL && cli_adapter_failed(&t)) {
        cli_transport_close(&t);
        return CLI_EXIT_TRANSPORT;
    }
    struct cli_run run = {.opts = o, .profile = profile, .transport = &t, .suite = suite};
    rc = cli_run_suite(&run);
    struct cli_baseline *baseline = NULL;
    if (rc == 0 && o->baseline != NULL) {
        baseline = malloc(sizeof *baseline);
        rc = baseline == NULL ? CLI_EXIT_TRANSPORT : cli_baseline_load(o->baseline, &run, baseline);
    }
    if (rc == 0) {
        char junit[4200], json[4200];
        cli_run_judge(&run);
        if (baseline != NULL) {
            cli_baseline_judge(&run, baseline); /* before the table: it prints the status */
        }
        cli_report_table(&run, stdout);
        if (baseline != NULL) {
            cli_baseline_print(baseline, stdout);
        }
        if (o->write_baseline != NULL && cli_baseline_write(&run, o->write_baseline) != 0) {
            rc = CLI_EXIT_USAGE;
        }
        rc = rc ? rc : run.exit_status;
        const char *jpath = run_suffixed(o->junit, label, junit, sizeof junit);
        if (jpath != NULL && cli_report_junit(&run, jpath) != 0) {
            rc = CLI_EXIT_USAGE;
        }
        const char *spath = run_suffixed(o->json, label, json, sizeof json);
        if (spath != NULL && cli_report_json(&run, spath) != 0) {
            rc = CLI_EXIT_USAGE;
        }
    }
    free(baseline);
    cli_run_free(&run);
    cli_transport_close(&t);
    return rc;
}

/* --all-pythons: the suite under every interpreter; a missing one is a SKIP. */
static int run_all_pythons(const struct cli_opts *o, const struct wt_profile *profile,
                           struct cli_suite *suite)
{
    struct cli_python py[8];
    size_t n = cli_python_interpreters(py, 8);
    int worst = 0;
    for (size_t i = 0; i < n; i++) {
        printf("%s== python %s (%s)\n", i ? "\n" : "", py[i].label, py[i].path);
        fflush(stdout);
        if (!py[i].present) {
            printf("SKIP python %s: %s not found\n", py[i].label, py[i].path);
            continue;
        }
        struct cli_opts one = *o;
        one.all_pythons = false;
        one.all_pythons_member = true;
        one.python = py[i].path;
        int rc = run_transport(&one, profile, suite, py[i].label);
        worst = rc > worst ? rc : worst;
    }
    return worst;
}

int cli_cmd_run(int argc, char **argv)
{
    struct cli_opts o;
    unsigned allowed = CLI_O_PROFILE | CLI_O_FLAVOR | CLI_O_SEED | CLI_O_TRANSPORT |
                       CLI_O_CLAUSE | CLI_O_STRICT | CLI_O_REPORTS | CLI_O_VERBOSE;
    int rc = cli_parse("run", argc, argv, allowed, CLI_PATHS_MAX, &o);
    if (rc != 0 || o.help) {
        fputs(rc ? "" : run_usage, stdout);
        return rc;
    }
    const struct wt_profile *profile;
    struct cli_suite suite;
    if ((rc = cli_profile(&o, &profile)) != 0) {
        return rc;
    }
    if ((rc = cli_suite_load(&o, &suite)) != 0) {
        cli_suite_free(&suite);
        return rc;
    }
    rc = o.all_pythons ? run_all_pythons(&o, profile, &suite)
                       : run_transport(&o, profile, &suite, NULL);
    cli_suite_free(&suite);
    return rc;
}
