/* SPDX-License-Identifier: MIT */
/*
 * info.c - the subcommands that explain rather than judge a suite:
 * `wtkit clauses`, `wtkit explain`, `wtkit mutants` (and its --verify,
 * which does run the suite once per mutant) and `wtkit trace`.
 *
 * Sections: shared; clauses; explain; mutants.
 */
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ----- shared ------------------------------------------------------------ */

/*
 * "docs,uvloop": the profiles a clause belongs to; one that judges it only
 * as an INTEROP note is marked "docs(INTEROP)".
 */
static void info_profiles(size_t clause, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t p = 0; p < wt_profile_count() && used < cap; p++) {
        const struct wt_profile *prof = wt_profile_at(p);
        bool notes = wt_profile_notes(prof, clause);
        if (wt_profile_has(prof, clause) || notes) {
            int m = snprintf(buf + used, cap - used, "%s%s%s", used ? "," : "",
                             wt_profile_name(prof), notes ? "(INTEROP)" : "");
            used += m > 0 ? (size_t)m : 0;
        }
    }
}

/* One line per profile: how many rows it judges, and how many only as notes. */
static void info_profile_counts(void)
{
    for (size_t p = 0; p < wt_profile_count(); p++) {
        const struct wt_profile *prof = wt_profile_at(p);
        size_t has = 0, notes = 0;
        for (size_t i = 0; i < wt_catalog_count(); i++) {
            has += wt_profile_has(prof, i) && wt_catalog_at(i)->checkable;
            notes += wt_profile_notes(prof, i) && wt_catalog_at(i)->checkable;
        }
        printf("  %-17s %2zu checked rows", wt_profile_name(prof), has);
        if (notes > 0) {
            printf(" + %zu INTEROP notes (asyncio's agreements the docs do not state)", notes);
        }
        const struct wt_profile *base = wt_profile_base(prof);
        if (base != NULL) {
            printf("; from %s, %zu deviation%s", wt_profile_name(base),
                   wt_profile_deviation_count(prof),
                   wt_profile_deviation_count(prof) == 1 ? "" : "s");
        }
        printf("\n");
    }
}

const char *cli_default_dir(void)
{
    const char *env = getenv("WTKIT_SCENARIOS");
    if (env != NULL && env[0] != '\0') {
        return env;
    }
    DIR *d = opendir("conformance/scenarios");
    if (d != NULL) {
        closedir(d);
        return "conformance/scenarios";
    }
    return NULL;
}

/* ----- clauses ----------------------------------------------------------- */

static void clauses_report(void *ud, const char *line)
{
    (void)ud;
    printf("gap: %s\n", line);
}

/* One row of the table in docs/clauses.md, which `make check` keeps equal to this. */
static void clauses_markdown_row(size_t i)
{
    const struct wt_clause *cl = wt_catalog_at(i);
    char profiles[300];
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
    printf(" | %s | %s%s%s", cl->source, implicit ? "" : "\"", cl->sentence,
           implicit ? "" : "\"");
    if (cl->follows != NULL) {
        printf(". Docs: follows from %s", cl->follows);
    } else if (implicit && cl->notes != 0) {
        printf(". asyncio's agreement: docs notes it (INTEROP)");
    }
    printf(" | %s", cl->check);
    if (cl->conflict != NULL) {
        printf(" Conflicts with `%s`.", cl->conflict);
    }
    printf(" |\n");
}

int cli_cmd_clauses(const struct cli_opts *op)
{
    const struct cli_opts o = *op;
    const struct wt_profile *profile = NULL;
    if (o.profile != NULL && wt_profile_find(o.profile, &profile) != WT_OK) {
        cli_error("clauses: --profile: unknown profile '%s'", o.profile);
        return WT_EXIT_USAGE;
    }
    if (o.check) {
        size_t gaps = wt_catalog_check(clauses_report, NULL);
        printf("catalog %s: %zu clauses, %zu docs sentence%s without a clause\n",
               wt_catalog_version(), wt_catalog_count(), gaps, gaps == 1 ? "" : "s");
        return gaps ? WT_EXIT_FAIL : WT_EXIT_OK;
    }
    if (o.markdown) {
        printf("| ID | kind | profiles | source | sentence / reason | check |\n");
        printf("|---|---|---|---|---|---|\n");
        for (size_t i = 0; i < wt_catalog_count(); i++) {
            clauses_markdown_row(i);
        }
        return WT_EXIT_OK;
    }
    printf("catalog %s: %zu clauses; profiles:", wt_catalog_version(), wt_catalog_count());
    for (size_t p = 0; p < wt_profile_count(); p++) {
        printf(" %s", wt_profile_name(wt_profile_at(p)));
    }
    printf("\n");
    info_profile_counts();
    if (profile != NULL) {
        printf("\nthe rows %s judges (INTEROP: a note, never a failure):\n",
               wt_profile_name(profile));
    }
    printf("\n");
    for (size_t i = 0; i < wt_catalog_count(); i++) {
        const struct wt_clause *cl = wt_catalog_at(i);
        if (profile != NULL && !wt_profile_judges(profile, i)) {
            continue;
        }
        char profiles[300];
        info_profiles(i, profiles, sizeof profiles);
        printf("%-34s %-8s %s%s\n    %s: %s\n", cl->id, wt_clause_kind_name(cl->kind),
               profiles[0] ? profiles : "(no profile: the literal reading, kept for the record)",
               cl->checkable ? "" : "  (not checkable)", cl->source, cl->sentence);
        if (cl->follows != NULL) {
            printf("    docs: follows from %s\n", cl->follows);
        }
        if (o.verbose) {
            printf("    check: %s\n", cl->check);
        }
    }
    return WT_EXIT_OK;
}

/* ----- explain ----------------------------------------------------------- */

/* What the scenarios of a clause pose: op kinds, hooked callbacks, loop orders. */
struct explain_dims {
    uint64_t kinds;   /* WT_GEN_KIND-style bit per op kind (not an expectation) */
    unsigned hooks;   /* bit per enum wt_on hooked */
    unsigned orders;  /* bit per enum wt_loop_order a `loop order` op sets */
    unsigned data_kinds[2]; /* bit per argument kind of write [0] and writelines [1] */
    size_t files;
};

/* Adds one scenario's ops to dims; a file that does not load adds nothing. */
static void explain_dims_add(struct explain_dims *dims, const char *path)
{
    struct wt_scenario sc;
    char err[WT_WTS_ERR_MAX];
    wt_scenario_init(&sc, NULL);
    if (wt_wts_load(path, &sc, err, sizeof err) == WT_OK) {
        dims->files++;
        /* The loop starts in asyncio's order; the final drain runs too, so
         * the order in effect at the end always counts. */
        int64_t order = WT_LOOP_CALLBACKS_FIRST;
        for (size_t i = 0; i < sc.nops; i++) {
            const struct wt_op *op = &sc.ops[i];
            if (wt_op_is_expect(op->kind)) {
                continue;
            }
            dims->kinds |= (uint64_t)1 << op->kind;
            dims->hooks |= op->on != WT_ON_NOW ? 1u << op->on : 0u;
            if (op->kind == WT_OP_WRITE || op->kind == WT_OP_WRITELINES) {
                dims->data_kinds[op->kind] |= 1u << wt_op_data_kind(op);
            }
            bool drives = op->kind == WT_OP_STEP || op->kind == WT_OP_RUN ||
                          op->kind == WT_OP_ADVANCE || op->kind == WT_OP_PRODUCE;
            if (drives) {
                dims->orders |= 1u << order;
            }
            if (op->kind == WT_OP_LOOP_ORDER && op->a >= 0 && op->a < WT_LOOP_ORDER_COUNT) {
                order = op->a;
            }
        }
        dims->orders |= 1u << order;
    }
    wt_scenario_deinit(&sc);
}

/* True when the file states `expect clause ID ...` (the matrix's cells do). */
static bool explain_states(const char *path, const char *id)
{
    FILE *f = fopen(path, "r");
    char line[512], want[128];
    bool found = false;
    snprintf(want, sizeof want, "expect clause %s ", id);
    /* Bounded: a suite file is at most 100000 ops, each one line. */
    for (int n = 0; f != NULL && !found && n < 100000 && fgets(line, sizeof line, f); n++) {
        found = strncmp(line, want, strlen(want)) == 0;
    }
    if (f != NULL) {
        fclose(f);
    }
    return found;
}

/* One group of the dimensions line: the calls, or the kinds whose words start with prefix. */
static void explain_dims_group(const struct explain_dims *dims, const char *label,
                               const char *prefix, bool calls, size_t *groups)
{
    size_t n = 0;
    for (int k = 0; k < WT_OP_COUNT; k++) {
        const char *name = wt_op_name(k);
        bool mine = calls ? wt_op_is_call(k)
                          : !wt_op_is_call(k) && strncmp(name, prefix, strlen(prefix)) == 0;
        if (!mine || (dims->kinds & ((uint64_t)1 << k)) == 0 || k == WT_OP_LOOP_ORDER) {
            continue;
        }
        if (n == 0) {
            printf("%s%s", *groups > 0 ? "; " : " ", label);
            (*groups)++;
        } else {
            printf(", ");
        }
        printf("%s", name + strlen(prefix));
        n++;
    }
}

/* The argument kinds the writes use: write's words, then writelines'. */
static void explain_dims_kinds(const struct explain_dims *dims, size_t *groups)
{
    size_t n = 0;
    for (int method = WT_OP_WRITE; method <= WT_OP_WRITELINES; method++) {
        const struct wt_op_arg *arg = &wt_op_schema_at(method)->args[1];
        for (int64_t v = 0; v <= arg->max; v++) {
            size_t len = 0;
            const char *word = wt_op_choice_word(arg, v, &len);
            if ((dims->data_kinds[method] & (1u << v)) == 0 || word == NULL) {
                continue;
            }
            printf("%s%.*s", n++ ? ", " : (*groups)++ ? "; argument kinds " : " argument kinds ",
                   (int)len, word);
        }
    }
}

/*
 * The scenarios named after a clause, and the dimensions they (and the
 * re-entrancy matrix's cells that state the clause) use: which calls,
 * their argument kinds, which callbacks re-enter, which socket behaviours and platform code
 * paths, the peer, the loop's dispatch order and time.
 */
static void explain_scenarios(const char *id)
{
    const char *dir = cli_default_dir();
    DIR *d = dir ? opendir(dir) : NULL;
    size_t n = 0, len = strlen(id);
    struct explain_dims dims = {0};
    char path[4200 + 260]; /* a subdirectory's path and a file name */
    printf("scenarios:");
    for (struct dirent *e = d ? readdir(d) : NULL; e != NULL; e = readdir(d)) {
        const char *name = e->d_name;
        if (strncmp(name, id, len) == 0 && (name[len] == '.' || name[len] == '-') &&
            strstr(name, ".wts") != NULL) {
            printf("%s%s/%s", n++ ? ", " : " ", dir, name);
            snprintf(path, sizeof path, "%s/%s", dir, name);
            explain_dims_add(&dims, path);
        }
    }
    printf("%s\n", n ? "" : " (none named after it)");
    if (d != NULL) {
        closedir(d);
    }
    size_t cells = 0;
    char sub[4200];
    snprintf(sub, sizeof sub, "%s/reentrancy", dir ? dir : ".");
    d = dir ? opendir(sub) : NULL;
    for (struct dirent *e = d ? readdir(d) : NULL; e != NULL; e = readdir(d)) {
        snprintf(path, sizeof path, "%s/%s", sub, e->d_name);
        if (strstr(e->d_name, ".wts") != NULL && explain_states(path, id)) {
            cells++;
            explain_dims_add(&dims, path);
        }
    }
    if (d != NULL) {
        closedir(d);
    }
    if (cells > 0) {
        printf("matrix:    %zu re-entrancy cells state it (%s)\n", cells, sub);
    }
    if (dims.files == 0) {
        return;
    }
    size_t groups = 0;
    printf("dimensions:");
    explain_dims_group(&dims, "calls ", "", true, &groups);
    explain_dims_kinds(&dims, &groups);
    if (dims.hooks != 0) {
        printf("%shooks ", groups++ ? "; " : " ");
        for (int on = WT_ON_MADE, k = 0; on < WT_ON_COUNT; on++) {
            if (dims.hooks & (1u << on)) {
                printf("%s%s", k++ ? ", " : "", wt_cb_word(on - 1));
            }
        }
    }
    explain_dims_group(&dims, "socket ", "sock ", false, &groups);
    explain_dims_group(&dims, "peer ", "peer ", false, &groups);
    printf("%sloop order %s", groups++ ? "; " : " ",
           dims.orders & (1u << WT_LOOP_IO_FIRST)
               ? (dims.orders & (1u << WT_LOOP_CALLBACKS_FIRST) ? "both" : "io-first")
               : "callbacks-first");
    static const int timed[] = {WT_OP_STEP, WT_OP_RUN, WT_OP_ADVANCE, WT_OP_PRODUCE};
    for (size_t i = 0, k = 0; i < sizeof timed / sizeof timed[0]; i++) {
        if (dims.kinds & ((uint64_t)1 << timed[i])) {
            printf("%s%s", k++ ? ", " : "; driven by ", wt_op_name(timed[i]));
        }
    }
    printf("\n");
}

int cli_cmd_explain(const struct cli_opts *op)
{
    const struct cli_opts o = *op;
    if (o.npaths != 1) {
        cli_error("explain: which clause? (usage: wtkit explain CLAUSE-ID)");
        return WT_EXIT_USAGE;
    }
    size_t index;
    if (wt_catalog_find(o.paths[0], &index) != WT_OK) {
        cli_error("explain: unknown clause '%s' (see: wtkit clauses)", o.paths[0]);
        return WT_EXIT_USAGE;
    }
    const struct wt_clause *cl = wt_catalog_at(index);
    char profiles[300];
    info_profiles(index, profiles, sizeof profiles);
    printf("%s (%s)\n", cl->id, wt_clause_kind_name(cl->kind));
    printf("profiles:  %s\n", profiles[0] ? profiles : "(none)");
    printf("source:    %s\n", cl->source);
    printf("sentence:  %s\n", cl->sentence);
    if (cl->follows != NULL) {
        printf("docs:      follows from %s\n", cl->follows);
    } else if (cl->notes != 0) {
        printf("docs:      not stated there; asyncio's transports agree on it, so docs judges it "
               "as an INTEROP note (exit 0) and asyncio as a %s\n",
               wt_clause_kind_name(cl->kind));
    }
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
    return WT_EXIT_OK;
}

/* ----- mutants ----------------------------------------------------------- */

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

/* Runs the suite on one mutant; 0 match, 1 mismatch, else the session's error. */
static int mutants_verify_one(const struct cli_opts *o, const struct wt_mutant *m)
{
    char spec_name[128];
    snprintf(spec_name, sizeof spec_name, "mutant:%s", m->name);
    struct wt_session_spec spec;
    cli_spec(o, &spec);
    spec.transport = spec_name;
    spec.profile = m->profile != NULL ? m->profile : o->profile;
    struct wt_outcome *out = NULL;
    char err[8192];
    int rc = wt_session_run(&spec, &out, err, sizeof err);
    if (rc != WT_OK) {
        return cli_session_error(rc, err);
    }
    size_t n = out->nclauses;
    bool *declared = calloc(n ? n : 1, sizeof *declared);
    bool *failed = calloc(n ? n : 1, sizeof *failed);
    if (declared == NULL || failed == NULL) {
        free(declared);
        free(failed);
        wt_outcome_free(out);
        cli_error("out of memory");
        return WT_EXIT_TRANSPORT;
    }
    for (size_t k = 0; k < WT_MUTANT_CLAUSES_MAX && m->clauses[k] != NULL; k++) {
        size_t index;
        if (wt_catalog_find(m->clauses[k], &index) == WT_OK) {
            declared[index] = true;
        }
    }
    bool match = true;
    for (size_t i = 0; i < n; i++) {
        failed[i] = out->clauses[i].verdict == WT_VERDICT_FAIL;
        match &= failed[i] == declared[i];
    }
    char want[1024], got[1024], under[64] = "";
    mutants_ids(declared, want, sizeof want);
    mutants_ids(failed, got, sizeof got);
    if (m->profile != NULL) {
        snprintf(under, sizeof under, " (profile %s)", out->settings.profile);
    }
    if (match) {
        printf("ok        %-28s caught by %s%s\n", m->name, got, under);
    } else {
        printf("MISMATCH  %-28s declared %s; FAILed %s%s\n", m->name, want, got, under);
    }
    for (size_t i = 0; o->verbose && i < out->ncases; i++) {
        int s = out->cases[i].status;
        if (s != WT_RUN_PASS && s != WT_RUN_SKIP) {
            char line[2048];
            wt_outcome_replay_line(out, i, line, sizeof line);
            printf("          %-16s %s\n", wt_run_status_name(s), line);
        }
    }
    free(declared);
    free(failed);
    wt_outcome_free(out);
    return match ? 0 : WT_EXIT_FAIL;
}

int cli_cmd_mutants(const struct cli_opts *o)
{
    if (o->score) {
        return cli_mutants_score(o);
    }
    if (o->verify) {
        size_t bad = 0;
        int worst = 0;
        for (size_t m = 0; m < wt_mutant_count(); m++) {
            int one = mutants_verify_one(o, wt_mutant_at(m));
            bad += one != 0;
            worst = one > worst ? one : worst;
        }
        printf("\n%zu of %zu mutants caught by exactly their declared clauses (profile %s unless "
               "the mutant names one)\n",
               wt_mutant_count() - bad, wt_mutant_count(), o->profile ? o->profile : "docs");
        return worst;
    }
    if (o->npaths > 0) {
        cli_error("mutants: FILE|DIR only goes with --verify or --score");
        return WT_EXIT_USAGE;
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
    return WT_EXIT_OK;
}
