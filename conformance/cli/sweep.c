/* SPDX-License-Identifier: MIT */
/*
 * sweep.c - `wtkit sweep`: the seed front end. Each seed becomes an op
 * sequence (sim/gen.c, swarm style), which runs like a scenario under the
 * monitor, replay check included. A failing seed is printed with the
 * clauses it broke and a replay command, and --save DIR writes it as a
 * .wts file that `wtkit run` and `wtkit trace` take as it is.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "wt/gen.h"

static const char sweep_usage[] =
    "usage: wtkit sweep [--seeds A..B] [--ops N] [--save DIR] [options]\n"
    "\n"
    "Turns each seed into a generated op sequence (swarm: the seed picks the\n"
    "socket schedule and which op families are likely), runs it against the\n"
    "transport under the profile's monitor, replays it to check determinism,\n"
    "and prints every seed that breaks a MUST clause, with a replay command.\n"
    "\n"
    "options:\n"
    "  --seeds A..B        the seeds to run (default 1..1000)\n"
    "  --ops N             ops per seed (default 300, at most 100000)\n"
    "  --save DIR          write each failing seed as DIR/seed-N.wts\n"
    "  --profile, --flavor, --transport, --adapter, --adapter-timeout, --python,\n"
    "  --factory, --clause, --skip, -v   as for wtkit run\n"
    "\n"
    "exit status: 0 no seed broke a MUST clause; 1 one did; 2 usage error;\n"
    "3 the transport or adapter could not be run.\n";

#define SWEEP_OPS_MAX 100000u

struct sweep {
    uint64_t first, last;
    size_t nops;
    const char *save;
    unsigned long failed, skipped, slow;
    unsigned long per_clause[1024];
};

/* Takes "--seeds A..B", "--ops N" and "--save DIR" out of argv (in place). */
static int sweep_own_options(int *argc, char **argv, struct sweep *sw)
{
    int out = 0;
    for (int i = 0; i < *argc; i++) {
        const char *arg = argv[i];
        const char *value = i + 1 < *argc ? argv[i + 1] : NULL;
        bool mine = strcmp(arg, "--seeds") == 0 || strcmp(arg, "--ops") == 0 ||
                    strcmp(arg, "--save") == 0;
        if (!mine) {
            argv[out++] = argv[i];
            continue;
        }
        if (value == NULL) {
            cli_error("sweep: %s needs a value", arg);
            return CLI_EXIT_USAGE;
        }
        i++;
        char *end = NULL;
        errno = 0;
        if (strcmp(arg, "--save") == 0) {
            sw->save = value;
        } else if (strcmp(arg, "--ops") == 0) {
            unsigned long long n = strtoull(value, &end, 10);
            if (value[0] < '0' || value[0] > '9' || *end != '\0' || errno || n == 0 ||
                n > SWEEP_OPS_MAX) {
                cli_error("sweep: --ops: bad count '%s' (1..%u)", value, SWEEP_OPS_MAX);
                return CLI_EXIT_USAGE;
            }
            sw->nops = (size_t)n;
        } else {
            unsigned long long a = strtoull(value, &end, 10), b = a;
            if (end != NULL && strncmp(end, "..", 2) == 0) {
                const char *rest = end + 2;
                b = strtoull(rest, &end, 10);
                if (rest[0] < '0' || rest[0] > '9') {
                    end = (char *)rest;
                }
            }
            if (value[0] < '0' || value[0] > '9' || *end != '\0' || errno || b < a) {
                cli_error("sweep: --seeds: bad range '%s' (expected A..B with A <= B)", value);
                return CLI_EXIT_USAGE;
            }
            sw->first = a;
            sw->last = b;
        }
    }
    *argc = out;
    return 0;
}

static void sweep_save(const struct sweep *sw, const struct wt_scenario *sc, uint64_t seed,
                       char *path, size_t cap)
{
    path[0] = '\0';
    if (sw->save == NULL) {
        return;
    }
    size_t need = 64 + sc->nops * 96;
    char *text = malloc(need);
    FILE *f = NULL;
    snprintf(path, cap, "%s/seed-%llu.wts", sw->save, (unsigned long long)seed);
    if (text == NULL || wt_wts_format(sc, text, need) < 0 || (f = fopen(path, "w")) == NULL) {
        cli_error("sweep: cannot write %s", path);
        path[0] = '\0';
    } else {
        fputs(text, f);
        fclose(f);
    }
    free(text);
}

/* One seed: generate, run, judge; prints a line when it fails. */
static int sweep_seed(struct sweep *sw, struct cli_run *run, struct wt_scenario *sc,
                      uint64_t seed)
{
    struct wt_run_result res;
    sc->nops = 0;
    if (sc->cap < sw->nops) {
        struct wt_op *ops = realloc(sc->ops, sw->nops * sizeof *ops);
        if (ops == NULL) {
            return CLI_EXIT_TRANSPORT;
        }
        sc->ops = ops;
        sc->cap = sw->nops;
    }
    wt_gen_ops(seed, sc->ops, sw->nops);
    sc->nops = sw->nops;
    sc->has_seed = true;
    sc->seed = seed;
    if (wt_runner_run(run->runner, sc, &res) != WT_OK) {
        return CLI_EXIT_TRANSPORT;
    }
    int rc = res.status == WT_RUN_ERROR ? CLI_EXIT_TRANSPORT : 0;
    /*
     * A generated run may meet the step bound while still making progress
     * (a one-byte send cap under a 100 KB write): the monitor's liveness
     * clauses tell a spin from slow progress, so only their FAIL counts.
     */
    bool bad = res.must_failed || res.nondeterministic;
    sw->slow += res.hang && !bad;
    sw->skipped += res.status == WT_RUN_SKIP;
    if (bad) {
        char ids[1024] = "", path[4300];
        size_t used = 0;
        for (size_t c = 0; c < res.nverdicts && c < 1024; c++) {
            if (res.verdicts[c].status == WT_VERDICT_FAIL && run->selected[c] &&
                wt_catalog_at(c)->kind == WT_CLAUSE_MUST) {
                sw->per_clause[c]++;
                int m = snprintf(ids + used, sizeof ids - used, "%s%s", used ? ", " : "",
                                 wt_catalog_at(c)->id);
                used += m > 0 && (size_t)m < sizeof ids - used ? (size_t)m : 0;
            }
        }
        sw->failed++;
        sweep_save(sw, sc, seed, path, sizeof path);
        printf("seed %llu: FAIL %s%s\n", (unsigned long long)seed, ids,
               res.nondeterministic ? " NONDETERMINISTIC" : "");
        printf("  replay: wtkit sweep --seeds %llu --ops %zu --profile %s %s\n",
               (unsigned long long)seed, sw->nops, wt_profile_name(run->profile),
               run->transport->replay);
        if (path[0]) {
            printf("  saved:  %s (wtkit run %s)\n", path, path);
        }
    } else if (run->opts->verbose) {
        printf("seed %llu: %s\n", (unsigned long long)seed, wt_run_status_name(res.status));
    }
    if (res.status == WT_RUN_ERROR) {
        printf("seed %llu: ERROR %s\n", (unsigned long long)seed, res.message);
    }
    wt_run_result_deinit(&res);
    return rc;
}

int cli_cmd_sweep(int argc, char **argv)
{
    struct sweep sw = {.first = 1, .last = 1000, .nops = 300};
    struct cli_opts o;
    int rc = sweep_own_options(&argc, argv, &sw);
    if (rc == 0) {
        rc = cli_parse("sweep", argc, argv,
                       CLI_O_PROFILE | CLI_O_FLAVOR | CLI_O_TRANSPORT | CLI_O_CLAUSE |
                           CLI_O_VERBOSE,
                       0, &o);
    }
    if (rc != 0 || o.help) {
        fputs(rc ? "" : sweep_usage, stdout);
        return rc;
    }
    const struct wt_profile *profile;
    struct cli_transport t;
    if ((rc = cli_profile(&o, &profile)) != 0) {
        return rc;
    }
    if ((rc = cli_transport_open(&o, &t)) != 0 || t.skipped ||
        (t.adapter != NULL && cli_adapter_failed(&t))) {
        if (t.skipped) {
            printf("SKIP %s: %s\n", t.replay, t.skip_reason);
        }
        cli_transport_close(&t);
        return rc != 0 ? rc : (t.skipped ? 0 : CLI_EXIT_TRANSPORT);
    }
    struct cli_suite none = {0};
    struct cli_run run = {.opts = &o, .profile = profile, .transport = &t, .suite = &none};
    struct wt_run_config cfg;
    wt_run_config_init(&cfg);
    cfg.profile = profile;
    cli_transport_apply(&t, &cfg);
    cfg.flavor = o.flavor;
    size_t nclauses = wt_catalog_count();
    run.selected = calloc(nclauses ? nclauses : 1, sizeof *run.selected);
    if (run.selected == NULL || wt_runner_new(&cfg, NULL, &run.runner) != WT_OK) {
        cli_error("out of memory");
        free(run.selected);
        cli_transport_close(&t);
        return CLI_EXIT_TRANSPORT;
    }
    for (size_t i = 0; i < nclauses; i++) {
        const char *id = wt_catalog_at(i)->id;
        bool listed = o.nclause == 0;
        for (size_t k = 0; k < o.nclause; k++) {
            listed |= strcmp(o.clause[k], id) == 0;
        }
        for (size_t k = 0; k < o.nskip; k++) {
            listed &= strcmp(o.skip[k], id) != 0;
        }
        run.selected[i] = listed;
    }
    if (sw.save != NULL && mkdir(sw.save, 0777) != 0 && errno != EEXIST) {
        cli_error("sweep: --save %s: %s", sw.save, strerror(errno));
        wt_runner_free(run.runner);
        free(run.selected);
        cli_transport_close(&t);
        return CLI_EXIT_USAGE;
    }
    struct wt_scenario sc;
    wt_scenario_init(&sc, NULL);
    printf("wtkit sweep: seeds %llu..%llu, %zu ops each, profile %s, transport %s\n",
           (unsigned long long)sw.first, (unsigned long long)sw.last, sw.nops,
           wt_profile_name(profile), t.name);
    for (uint64_t seed = sw.first; rc == 0; seed++) {
        rc = sweep_seed(&sw, &run, &sc, seed);
        if (seed == sw.last) {
            break;
        }
    }
    unsigned long long n = sw.last - sw.first + 1;
    printf("\n%llu seeds: %llu passed, %lu failed, %lu skipped", n, n - sw.failed - sw.skipped,
           sw.failed, sw.skipped);
    if (sw.slow > 0) {
        printf(" (%lu reached the step bound while still making progress)", sw.slow);
    }
    putchar('\n');
    for (size_t c = 0; c < nclauses && c < 1024; c++) {
        if (sw.per_clause[c] > 0) {
            printf("  %6lu  %s\n", sw.per_clause[c], wt_catalog_at(c)->id);
        }
    }
    wt_scenario_deinit(&sc);
    wt_runner_free(run.runner);
    free(run.selected);
    cli_transport_close(&t);
    return rc != 0 ? rc : (sw.failed > 0 ? CLI_EXIT_FAIL : CLI_EXIT_OK);
}
