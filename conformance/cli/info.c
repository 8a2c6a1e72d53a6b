/* SPDX-License-Identifier: MIT */
/*
 * info.c - the subcommands that explain rather than judge a suite:
 * `wtkit clauses`, `wtkit explain`, `wtkit mutants` (and its --verify,
 * which does run the suite once per mutant) and `wtkit trace`.
 *
 * Sections: shared; clauses; explain; mutants; trace.
 */
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ----- shared ------------------------------------------------------------ */

/* "docs, uvloop": the profiles a clause belongs to. */
static void info_profiles(size_t clause, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t p = 0; p < wt_profile_count() && used < cap; p++) {
        const struct wt_profile *prof = wt_profile_at(p);
        if (wt_profile_has(prof, clause)) {
            int m = snprintf(buf + used, cap - used, "%s%s", used ? "," : "",
                             wt_profile_name(prof));
            used += m > 0 ? (size_t)m : 0;
        }
    }
}

/* Prints the usage for --help; after a usage error the message said it all. */
static int info_usage(const char *text, int rc)
{
    fputs(rc ? "" : text, stdout);
    return rc;
}

/* ----- clauses ----------------------------------------------------------- */

static const char clauses_usage[] =
    "usage: wtkit clauses [--profile NAME] [--check] [--markdown] [-v]\n"
    "\n"
    "Lists the clause catalog: ID, kind (MUST, IMPL, ADVISORY), the profiles\n"
    "that judge it, and the docs sentence it comes from (or the reason of an\n"
    "implicit rule). With --profile, only that profile's clauses; with -v, also\n"
    "what the monitor checks.\n"
    "  --check   check that every sentence of the docs texts has a row; exit 1\n"
    "            and list the gaps otherwise\n"
    "  --markdown  the catalog as the Markdown table of docs/clauses.md\n";

static void clauses_report(void *ud, const char *line)
{
    (void)ud;
    printf("gap: %s\n", line);
}

/* One row of the table in docs/clauses.md, which `make check` keeps equal to this. */
static void clauses_markdown_row(size_t i)
{
    const struct wt_clause *cl = wt_catalog_at(i);
    char profiles[200];
    info_profiles(i, profiles, sizeof profiles);
    for (char *c = profiles; *c != '\0'; c++) {
        if (*c == ',') {
            memmove(c + 2, c + 1, strlen(c + 1) + 1); /* "a,b" -> "a, b" */
            c[1] = ' ';
        }
    }
    bool implicit = strcmp(cl->source, "implicit") == 0;
    printf("| `%s` | %s%s | ", cl->id, wt_clause_kind_name(cl->kind),
           cl->checkable ? "" : " (not checked)");
    if (profiles[0] != '\0') {
        printf("%s", profiles);
    } else {
        printf("none (the other side of `%s`)", cl->conflict ? cl->conflict : "?");
    }
    printf(" | %s | %s%s%s | %s", cl->source, implicit ? "" : "\"", cl->sentence,
           implicit ? "" : "\"", cl->check);
    if (cl->conflict != NULL) {
        printf(" Conflicts with `%s`.", cl->conflict);
    }
    printf(" |\n");
}

int cli_cmd_clauses(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse("clauses", argc, argv,
                       CLI_O_PROFILE | CLI_O_CHECK | CLI_O_VERBOSE | CLI_O_MARKDOWN, 0, &o);
    if (rc != 0 || o.help) {
        return info_usage(clauses_usage, rc);
    }
    const struct wt_profile *profile = NULL;
    if (o.profile != NULL && (rc = cli_profile(&o, &profile)) != 0) {
        return rc;
    }
    if (o.check) {
        size_t gaps = wt_catalog_check(clauses_report, NULL);
        printf("catalog %s: %zu clauses, %zu docs sentence%s without a clause\n",
               wt_catalog_version(), wt_catalog_count(), gaps, gaps == 1 ? "" : "s");
        return gaps ? CLI_EXIT_FAIL : CLI_EXIT_OK;
    }
    if (o.markdown) {
        printf("| ID | kind | profiles | source | sentence / reason | check |\n");
        printf("|---|---|---|---|---|---|\n");
        for (size_t i = 0; i < wt_catalog_count(); i++) {
            clauses_markdown_row(i);
        }
        return CLI_EXIT_OK;
    }
    printf("catalog %s: %zu clauses; profiles:", wt_catalog_version(), wt_catalog_count());
    for (size_t p = 0; p < wt_profile_count(); p++) {
        printf(" %s", wt_profile_name(wt_profile_at(p)));
    }
    printf("\n\n");
    for (size_t i = 0; i < wt_catalog_count(); i++) {
        const struct wt_clause *cl = wt_catalog_at(i);
        if (profile != NULL && !wt_profile_has(profile, i)) {
            continue;
        }
        char profiles[200];
        info_profiles(i, profiles, sizeof profiles);
        printf("%-34s %-8s %s%s\n    %s: %s\n", cl->id, wt_clause_kind_name(cl->kind),
               profiles[0] ? profiles : "(no profile: the literal reading, kept for the record)",
               cl->checkable ? "" : "  (not checkable)", cl->source, cl->sentence);
        if (o.verbose) {
            printf("    check: %s\n", cl->check);
        }
    }
    return CLI_EXIT_OK;
}

/* ----- explain ----------------------------------------------------------- */

static const char explain_usage[] =
    "usage: wtkit explain CLAUSE-ID\n"
    "\n"
    "Prints one clause: its kind, profiles, source sentence, what the monitor\n"
    "checks, the clause on the other side of a docs conflict, the scenarios\n"
    "named after it and the mutants that must be caught by it.\n";

static void explain_scenarios(const char *id)
{
    const char *dir = cli_default_dir();
    DIR *d = dir ? opendir(dir) : NULL;
    size_t n = 0, len = strlen(id);
    printf("scenarios:");
    for (struct dirent *e = d ? readdir(d) : NULL; e != NULL; e = readdir(d)) {
        const char *name = e->d_name;
        if (strncmp(name, id, len) == 0 && (name[len] == '.' || name[len] == '-') &&
            strstr(name, ".wts") != NULL) {
            printf("%s%s/%s", n++ ? ", " : " ", dir, name);
        }
    }
    printf("%s\n", n ? "" : " (none named after it)");
    if (d != NULL) {
        closedir(d);
    }
}

int cli_cmd_explain(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse("explain", argc, argv, 0, 1, &o);
    if (rc != 0 || o.help) {
        return info_usage(explain_usage, rc);
    }
    if (o.npaths != 1) {
        cli_error("explain: which clause? (usage: wtkit explain CLAUSE-ID)");
        return CLI_EXIT_USAGE;
    }
    size_t index;
    if (wt_catalog_find(o.paths[0], &index) != WT_OK) {
        cli_error("explain: unknown clause '%s' (see: wtkit clauses)", o.paths[0]);
        return CLI_EXIT_USAGE;
    }
    const struct wt_clause *cl = wt_catalog_at(index);
    char profiles[200];
    info_profiles(index, profiles, sizeof profiles);
    printf("%s (%s)\n", cl->id, wt_clause_kind_name(cl->kind));
    printf("profiles:  %s\n", profiles[0] ? profiles : "(none)");
    printf("source:    %s\n", cl->source);
    printf("sentence:  %s\n", cl->sentence);
    printf("check:     %s%s\n", cl->checkable ? "" : "(not checked) ", cl->check);
    if (cl->conflict != NULL) {
        printf("conflict:  %s (the docs say the opposite there; a profile takes one side)\n",
               cl->conflict);
    }
    explain_scenarios(cl->id);
    printf("mutants:  ");
    size_t n = 0;
    for (size_t m = 0; m < wt_mutant_count(); m++) {
        const struct wt_mutant *mu = wt_mutant_at(m);
        for (size_t k = 0; k < WT_MUTANT_CLAUSES_MAX && mu->clauses[k] != NULL; k++) {
            if (strcmp(mu->clauses[k], cl->id) == 0) {
                printf("%s%s", n++ ? ", " : " ", mu->name);
            }
        }
    }
    printf("%s\n", n ? "" : " (none)");
    return CLI_EXIT_OK;
}

/* ----- mutants ----------------------------------------------------------- */

static const char mutants_usage[] =
    "usage: wtkit mutants [--verify] [--profile NAME] [-v] [FILE|DIR ...]\n"
    "\n"
    "Lists the built-in mutants: the reference transport with one rule broken\n"
    "on purpose, and the clauses each must be caught by.\n"
    "  --verify   run the suite (default, or FILE|DIR) on every mutant and check\n"
    "             that the clauses FAILed over the whole suite are exactly the\n"
    "             declared ones; exit 0 iff every mutant matches, 1 otherwise.\n"
    "             A mutant that names a profile is judged by it; the others by\n"
    "             --profile (default docs)\n";

/* "A B C" from a set of clause indices (flags), for messages. */
static void mutants_ids(const bool *set, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < wt_catalog_count() && used < cap; i++) {
        if (set[i]) {
            int m = snprintf(buf + used, cap - used, "%s%s", used ? " " : "",
                             wt_catalog_at(i)->id);
            used += m > 0 ? (size_t)m : 0;
        }
    }
    if (used == 0) {
        snprintf(buf, cap, "(none)");
    }
}

/* Runs the suite on one mutant; 0 match, 1 mismatch, 3 could not run. */
static int mutants_verify_one(const struct cli_opts *o, const struct wt_profile *profile,
                              const struct cli_suite *suite, const struct wt_mutant *m)
{
    if (m->profile != NULL && wt_profile_find(m->profile, &profile) != WT_OK) {
        cli_error("mutant %s: unknown profile '%s'", m->name, m->profile);
        return CLI_EXIT_USAGE;
    }
    struct cli_opts mo = *o;
    char spec[128];
    snprintf(spec, sizeof spec, "mutant:%s", m->name);
    mo.transport = spec;
    struct cli_transport t;
    int rc = cli_transport_open(&mo, &t);
    if (rc != 0) {
        return rc;
    }
    struct cli_run run = {.opts = &mo, .profile = profile, .transport = &t, .suite = suite};
    size_t n = wt_catalog_count();
    bool *declared = calloc(n ? n : 1, sizeof *declared);
    bool *failed = calloc(n ? n : 1, sizeof *failed);
    rc = declared && failed ? cli_run_suite(&run) : CLI_EXIT_TRANSPORT;
    for (size_t k = 0; rc == 0 && k < WT_MUTANT_CLAUSES_MAX && m->clauses[k] != NULL; k++) {
        size_t index;
        if (wt_catalog_find(m->clauses[k], &index) == WT_OK) {
            declared[index] = true;
        }
    }
    bool match = true;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        failed[i] = wt_runner_clause_status(run.runner, i, NULL) == WT_VERDICT_FAIL;
        match &= failed[i] == declared[i];
    }
    if (rc == 0) {
        char want[1024], got[1024];
        mutants_ids(declared, want, sizeof want);
        mutants_ids(failed, got, sizeof got);
        char under[64] = "";
        if (m->profile != NULL) {
            snprintf(under, sizeof under, " (profile %s)", wt_profile_name(profile));
        }
        if (match) {
            printf("ok        %-28s caught by %s%s\n", m->name, got, under);
        } else {
            printf("MISMATCH  %-28s declared %s; FAILed %s%s\n", m->name, want, got, under);
        }
        for (size_t i = 0; o->verbose && i < suite->n; i++) {
            const struct wt_run_result *res = &run.results[i];
            if (res->status != WT_RUN_PASS && res->status != WT_RUN_SKIP) {
                char line[1024];
                cli_replay_line(&run, i, line, sizeof line);
                printf("          %-16s %s\n", wt_run_status_name(res->status), line);
            }
        }
        rc = match ? 0 : CLI_EXIT_FAIL;
    }
    free(declared);
    free(failed);
    cli_run_free(&run);
    cli_transport_close(&t);
    return rc;
}

static int mutants_verify(const struct cli_opts *o)
{
    const struct wt_profile *profile;
    struct cli_suite suite;
    int rc = cli_profile(o, &profile);
    if (rc != 0) {
        return rc;
    }
    if ((rc = cli_suite_load(o, &suite)) != 0) {
        cli_suite_free(&suite);
        return rc;
    }
    size_t bad = 0;
    int worst = 0;
    for (size_t m = 0; m < wt_mutant_count(); m++) {
        int one = mutants_verify_one(o, profile, &suite, wt_mutant_at(m));
        bad += one != 0;
        worst = one > worst ? one : worst;
    }
    printf("\n%zu of %zu mutants caught by exactly their declared clauses (profile %s unless "
           "the mutant names one, %zu scenarios)\n",
           wt_mutant_count() - bad, wt_mutant_count(), wt_profile_name(profile), suite.n);
    cli_suite_free(&suite);
    return worst;
}

int cli_cmd_mutants(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse("mutants", argc, argv, CLI_O_VERIFY | CLI_O_PROFILE | CLI_O_VERBOSE,
                       CLI_PATHS_MAX, &o);
    if (rc != 0 || o.help) {
        return info_usage(mutants_usage, rc);
    }
    if (o.verify) {
        return mutants_verify(&o);
    }
    if (o.npaths > 0) {
        cli_error("mutants: FILE|DIR only goes with --verify");
        return CLI_EXIT_USAGE;
    }
    for (size_t m = 0; m < wt_mutant_count(); m++) {
        const struct wt_mutant *mu = wt_mutant_at(m);
        printf("%-28s %s\n    must FAIL:", mu->name, mu->summary);
        for (size_t k = 0; k < WT_MUTANT_CLAUSES_MAX && mu->clauses[k] != NULL; k++) {
            printf(" %s", mu->clauses[k]);
        }
        printf("%s%s%s%s\n", mu->flavor ? "   flavor: " : "", mu->flavor ? mu->flavor : "",
               mu->profile ? "   profile: " : "", mu->profile ? mu->profile : "");
    }
    return CLI_EXIT_OK;
}

/* ----- trace ------------------------------------------------------------- */

static const char trace_usage[] =
    "usage: wtkit trace [--profile P] [--flavor F] [--seed N] [--transport T] FILE\n"
    "\n"
    "Runs one scenario and prints its event trace, one event a line in the\n"
    "trace text form (docs/internals/trace.md), then the clauses it FAILed and\n"
    "the trace hash. Exit status as for wtkit run.\n";

static void trace_print(void *user_data, const struct wt_event *ev)
{
    char line[WT_EVENT_TEXT_MAX];
    (void)user_data;
    if (wt_event_format(ev, line, sizeof line) < 0) {
        snprintf(line, sizeof line, "? kind %u", (unsigned)ev->kind);
    }
    printf("%6" PRIu32 "  %s\n", ev->index, line);
}

int cli_cmd_trace(int argc, char **argv)
{
    struct cli_opts o;
    unsigned allowed = CLI_O_PROFILE | CLI_O_FLAVOR | CLI_O_SEED | CLI_O_TRANSPORT;
    int rc = cli_parse("trace", argc, argv, allowed, 1, &o);
    if (rc != 0 || o.help) {
        return info_usage(trace_usage, rc);
    }
    if (o.npaths != 1) {
        cli_error("trace: which scenario? (usage: wtkit trace FILE)");
        return CLI_EXIT_USAGE;
    }
    const struct wt_profile *profile;
    struct cli_suite suite;
    struct cli_transport t;
    if ((rc = cli_profile(&o, &profile)) != 0) {
        return rc;
    }
    if ((rc = cli_suite_load(&o, &suite)) != 0 || suite.n != 1) {
        if (rc == 0) {
            cli_error("trace: %s: give one scenario file, not a directory", o.paths[0]);
        }
        cli_suite_free(&suite);
        return CLI_EXIT_USAGE;
    }
    if ((rc = cli_transport_open(&o, &t)) != 0) {
        cli_suite_free(&suite);
        return rc;
    }
    if (o.flavor != NULL && (rc = cli_flavor_check(&t, o.flavor, "--flavor")) != 0) {
        cli_transport_close(&t);
        cli_suite_free(&suite);
        return rc;
    }
    struct wt_run_config cfg;
    wt_run_config_init(&cfg);
    cfg.profile = profile;
    cli_transport_apply(&t, &cfg);
    cfg.flavor = o.flavor;
    cfg.has_seed = o.has_seed;
    cfg.seed = o.seed;
    cfg.sink = trace_print;
    struct wt_runner *runner = NULL;
    struct wt_run_result res = {0};
    rc = wt_runner_new(&cfg, NULL, &runner);
    if (rc == WT_OK) {
        rc = wt_runner_run(runner, &suite.items[0].sc, &res);
    }
    if (rc == WT_OK) {
        for (size_t c = 0; c < res.nverdicts; c++) {
            const struct wt_verdict *v = &res.verdicts[c];
            if (v->status == WT_VERDICT_FAIL) {
                printf("# FAIL %s at event %" PRIu32 ": %s\n", wt_catalog_at(c)->id, v->event,
                       v->reason);
            }
        }
        for (unsigned k = 0; k < res.nexpects && k < WT_RUN_EXPECTS_MAX; k++) {
            printf("# %s:%" PRIu32 ": %s\n", suite.items[0].path, res.expects[k].line,
                   res.expects[k].message);
        }
        printf("# %s  seed %" PRIu64 "  flavor %s  events %" PRIu64 "  hash 0x%016" PRIx64
               "  replay 0x%016" PRIx64 "\n",
               wt_run_status_name(res.status), res.seed, res.flavor, res.events, res.hash,
               res.replay_hash);
        if (res.message[0] != '\0') {
            printf("# %s\n", res.message);
        }
    }
    int status = rc != WT_OK                                          ? CLI_EXIT_TRANSPORT
                 : res.status == WT_RUN_ERROR                         ? CLI_EXIT_TRANSPORT
                 : res.status == WT_RUN_PASS || res.status == WT_RUN_SKIP ? CLI_EXIT_OK
                                                                      : CLI_EXIT_FAIL;
    wt_run_result_deinit(&res);
    wt_runner_free(runner);
    cli_transport_close(&t);
    cli_suite_free(&suite);
    return status;
}
