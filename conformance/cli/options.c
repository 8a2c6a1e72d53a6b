/* SPDX-License-Identifier: MIT */
/*
 * options.c - every option of every command, in one table.
 *
 * A row is an option: its name, its value's name, the commands that take
 * it, and its help text. The parser accepts for a command exactly the rows
 * that list it, and the command's --help is printed from the same rows, so
 * the two cannot disagree. Values are checked here when they are numbers;
 * names (profiles, clauses, transports) are checked by the session.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "wt/fuzz.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("wtkit: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

enum opt_id {
    O_PROFILE, O_FLAVOR, O_SEED, O_STEPS, O_WORK, O_TRANSPORT, O_ADAPTER, O_ADAPTER_TIMEOUT, O_PYTHON,
    O_FACTORY, O_ALL_PYTHONS, O_CLAUSE, O_SKIP, O_STRICT, O_JUNIT, O_JSON, O_BASELINE,
    O_WRITE_BASELINE, O_CONTEXT, O_SEEDS, O_OPS, O_GENERATOR, O_SAVE, O_CHECK, O_MARKDOWN,
    O_VERIFY, O_VERBOSE, O_HELP, O_ISOLATE, O_NO_ISOLATE, O_CPU_LIMIT, O_WALL_LIMIT, O_JOBS,
    O_SHARD, O_OUTCOME, O_OUT, O_SIDE_A, O_SIDE_B, O_IS_MINIMAL, O_HTML, O_LCOV, O_EXEMPT,
    O_SOURCE, O_SCORE, O_FUZZ_INPUT, O_LINE_PROTOCOL,
};

#define JUDGING (CLI_RUN | CLI_TRACE | CLI_SWEEP)
/* The commands that run one case against a transport of the user's choosing. */
#define ONE_CASE (CLI_SHRINK | CLI_DIFF)

static const struct opt_row {
    enum opt_id id;
    const char *name;  /* --name */
    char short_name;   /* -x, or 0 */
    const char *value; /* the value's name, NULL for a flag */
    unsigned commands;
    const char *help;
} opt_rows[] = {
    {O_PROFILE, "profile", 0, "NAME", JUDGING | CLI_CLAUSES | CLI_MUTANTS | ONE_CASE,
     "the profile that judges (default docs; a mutant's own for mutant:NAME; see wtkit clauses)"},
    {O_FLAVOR, "flavor", 0, "NAME", JUDGING | ONE_CASE,
     "the reference's flavor (default: the scenario header, else the profile's)"},
    {O_SEED, "seed", 0, "N", CLI_RUN | CLI_TRACE | ONE_CASE,
     "the seed of every scenario (default: its header, else 1); 0..2^64-1"},
    {O_STEPS, "steps", 0, "N", JUDGING | ONE_CASE,
     "loop iterations one op may take before the step bound (default: header, else 100000)"},
    {O_WORK, "work", 0, "N", JUDGING | ONE_CASE,
     "loop iterations a whole case may take (default 16777216); past it a case still making "
     "progress is INCONCLUSIVE, one that is not a HANG"},
    {O_TRANSPORT, "transport", 0, "T", JUDGING | CLI_SHRINK,
     "reference (default), mutant:NAME (wtkit mutants), PATH.so (a C plugin exporting "
     "wt_plugin_transport), python:selector|pipe|ssl|uvloop (CPython's or uvloop's real "
     "transport)"},
    {O_ADAPTER, "adapter", 0, "CMD", JUDGING | CLI_SHRINK,
     "an out-of-process transport: CMD speaks the adapter protocol on stdin/stdout "
     "(docs/adapter-protocol.md)"},
    {O_ADAPTER_TIMEOUT, "adapter-timeout", 0, "S", JUDGING | CLI_SHRINK,
     "wall-clock seconds one adapter exchange may take (default 5)"},
    {O_PYTHON, "python", 0, "PATH",
     JUDGING | CLI_SHRINK, "the interpreter for python:KIND and --factory (default /usr/bin/python3)"},
    {O_FACTORY, "factory", 0, "MOD:FUNC", JUDGING | CLI_SHRINK,
     "your own asyncio transport class (adapters/python/README.md)"},
    {O_LINE_PROTOCOL, "line-protocol", 0, NULL, JUDGING | CLI_SHRINK,
     "drive a Python transport over the adapter's line protocol, a line per call (default: "
     "each case runs inside the interpreter, which loads libwt; the verdicts are the same)"},
    {O_ALL_PYTHONS, "all-pythons", 0, NULL, CLI_RUN,
     "run under every installed CPython (Debian's, pyenv 3.11.7, 3.12.1, 3.13.0), one table "
     "each; a missing one is a SKIP; --junit/--json files get a -VERSION suffix"},
    {O_CLAUSE, "clause", 0, "ID", CLI_RUN | CLI_SWEEP | CLI_SHRINK,
     "judge and report only this clause (repeatable; shrink: only its FAILs are the failure "
     "kept, as FUZZ_CLAUSES in a fuzz campaign)"},
    {O_SKIP, "skip", 0, "ID", CLI_RUN | CLI_SWEEP | CLI_SHRINK,
     "neither judge nor report this clause (repeatable)"},
    {O_STRICT, "strict", 0, NULL, CLI_RUN, "a clause the suite does not exercise fails the run"},
    {O_JUNIT, "junit", 0, "FILE", CLI_RUN | CLI_SWEEP | CLI_MERGE,
     "write a JUnit XML report (one testcase per scenario, or per failing seed)"},
    {O_JSON, "json", 0, "FILE", JUDGING | CLI_MERGE | CLI_REPLAY, "write the JSON report (docs/json-schema.md)"},
    {O_HTML, "html", 0, "FILE", CLI_RUN | CLI_SWEEP | CLI_MATRIX,
     "write one self-contained HTML page: settings, the clause table, and per failing case "
     "(the first 20 get a timeline: the case is run again to keep its events) an SVG timeline "
     "of the buffer size with the failing event, and the replay line (matrix: the matrix as a "
     "table)"},
    {O_BASELINE, "baseline", 0, "FILE|DIR", CLI_RUN,
     "pass when what the transport breaks equals the baseline (DIR: "
     "DIR/<transport>.<profile>.baseline); new breaks fail, fixed ones are reported (and fail "
     "under --strict)"},
    {O_WRITE_BASELINE, "write-baseline", 0, "FILE|DIR", CLI_RUN,
     "write what this run broke as a baseline file"},
    {O_ISOLATE, "isolate", 0, NULL, JUDGING | CLI_SHRINK,
     "run each case in a child process under CPU, wall-clock and memory limits: a crash, an "
     "abort, an exit() or running out of memory is that case's CRASH (default for PATH.so "
     "plugins)"},
    {O_NO_ISOLATE, "no-isolate", 0, NULL, JUDGING | CLI_SHRINK,
     "run even a plugin in the kit's own process (faster; a crash takes the kit down)"},
    {O_CPU_LIMIT, "cpu-limit", 0, "S", JUDGING | CLI_SHRINK,
     "CPU seconds an isolated case may use before it is a HANG (default 10)"},
    {O_WALL_LIMIT, "wall-limit", 0, "S", JUDGING | CLI_SHRINK,
     "wall-clock seconds an isolated case may take before it is an ERROR (default 60)"},
    {O_CONTEXT, "context", 0, "N", CLI_RUN | CLI_SWEEP | CLI_DIFF,
     "print the N trace events up to each failing case's first failure (at most 64)"},
    {O_SEEDS, "seeds", 0, "A..B", CLI_SWEEP | ONE_CASE, "the seeds to run (default 1..1000); 0..2^64-1"},
    {O_OPS, "ops", 0, "N", CLI_SWEEP | ONE_CASE, "ops per seed (default 300, at most 100000)"},
    {O_GENERATOR, "generator", 0, "N", CLI_SWEEP | ONE_CASE,
     "the seed -> ops mapping the seeds were drawn with (replay lines carry it); another "
     "version than this kit's is refused with a message"},
    {O_JOBS, "jobs", 'j', "N", CLI_SWEEP,
     "worker processes (default: one per core); the output and reports are the same for any N"},
    {O_SHARD, "shard", 0, "K/N", CLI_SWEEP,
     "run only shard K of N (1-based): the seeds equal to K-1 modulo N; shards' --outcome files "
     "merge into the whole sweep's (wtkit merge)"},
    {O_OUTCOME, "outcome", 0, "FILE", CLI_RUN | CLI_SWEEP | CLI_MERGE,
     "write the outcome in its text form, for wtkit merge"},
    {O_OUT, "out", 'o', "FILE", CLI_SHRINK, "write the shrunk case here (default: stdout)"},
    {O_FUZZ_INPUT, "fuzz-input", 0, NULL, CLI_SHRINK,
     "FILE is a crash file of the world fuzz target (fuzz/README.md): decode it under the "
     "transport and shrink that case"},
    {O_IS_MINIMAL, "is-minimal", 0, NULL, CLI_SHRINK,
     "do not shrink: check that the case is 1-minimal (exit 0), or name an op whose removal, "
     "or a size whose halving, still fails that way (exit 1)"},
    {O_SIDE_A, "a", 0, "T", CLI_DIFF, "one side: a transport as --transport names it"},
    {O_SIDE_B, "b", 0, "T", CLI_DIFF, "the other side (default: reference)"},
    {O_SAVE, "save", 0, "DIR", CLI_SWEEP,
     "write each failing seed as DIR/seed-N.wts, with a header that records how it ran"},
    {O_CHECK, "check", 0, NULL, CLI_CLAUSES,
     "check that every sentence of the docs texts has a clause; exit 1 and list the gaps"},
    {O_MARKDOWN, "markdown", 0, NULL, CLI_CLAUSES, "the catalog as the table of docs/clauses.md"},
    {O_SCORE, "score", 0, NULL, CLI_MUTANTS,
     "run the suite on every mutant and print the kill rate per clause (of the mutants "
     "declared for it) and overall; exit 1 when a mutant survives (its run exits 0)"},
    {O_LCOV, "lcov", 0, "FILE", CLI_MATRIX,
     "an lcov tracefile of the reference: each clause's tagged lines with their coverage "
     "(an executable line that never ran is a gap)"},
    {O_EXEMPT, "exempt", 0, "FILE", CLI_MATRIX,
     "known gaps, one 'CLAUSE-ID GAP reason' a line (default coverage/matrix-exempt.txt)"},
    {O_SOURCE, "source", 0, "FILE", CLI_MATRIX,
     "the reference's source, read for its clause tags (default sim/ref_transport.c)"},
    {O_VERIFY, "verify", 0, NULL, CLI_MUTANTS,
     "run the suite on every mutant and check that the clauses FAILed are exactly the "
     "declared ones"},
    {O_VERBOSE, "verbose", 'v', NULL,
     CLI_RUN | CLI_SWEEP | CLI_CLAUSES | CLI_MUTANTS | CLI_MERGE | CLI_SHRINK | CLI_REPLAY |
         CLI_MATRIX,
     "more: a line per case, every failure, N/A clauses too"},
    {O_HELP, "help", 'h', NULL, ~0u, "this text"},
};

#define OPT_ROWS (sizeof opt_rows / sizeof opt_rows[0])

/* ----- values ------------------------------------------------------------- */

static bool opt_u64(const char *s, uint64_t max, uint64_t *out)
{
    if (s[0] < '0' || s[0] > '9' || (s[0] == '0' && s[1] != '\0' && s[1] != '.')) {
        return false;
    }
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0' || v > max) {
        return false;
    }
    *out = v;
    return true;
}

static int opt_bad(const char *cmd, const struct opt_row *row, const char *value,
                   const char *want)
{
    cli_error("%s: --%s: bad value '%s' (expected %s)", cmd, row->name, value, want);
    return WT_EXIT_USAGE;
}

static int opt_id_add(const char *cmd, const struct opt_row *row, const char *value,
                      const char **ids, size_t *n)
{
    if (*n == WT_SESSION_IDS_MAX) {
        cli_error("%s: --%s given more than %d times", cmd, row->name, WT_SESSION_IDS_MAX);
        return WT_EXIT_USAGE;
    }
    ids[(*n)++] = value;
    return 0;
}

static int opt_seeds(const char *cmd, const struct opt_row *row, const char *value,
                     struct cli_opts *o)
{
    char first[32];
    const char *dots = strstr(value, "..");
    size_t len = dots ? (size_t)(dots - value) : strlen(value);
    uint64_t a, b;
    if (len >= sizeof first) {
        return opt_bad(cmd, row, value, "A..B with A <= B");
    }
    memcpy(first, value, len);
    first[len] = '\0';
    if (!opt_u64(first, UINT64_MAX, &a) || !opt_u64(dots ? dots + 2 : first, UINT64_MAX, &b) ||
        b < a) {
        return opt_bad(cmd, row, value, "A..B with A <= B");
    }
    o->has_seeds = true;
    o->seed_first = a;
    o->seed_last = b;
    return 0;
}

/* One option with its value (NULL for a flag). */
static int opt_set(const char *cmd, const struct opt_row *row, const char *v, struct cli_opts *o)
{
    uint64_t n;
    switch (row->id) {
    case O_PROFILE: o->profile = v; return 0;
    case O_FLAVOR: o->flavor = v; return 0;
    case O_TRANSPORT: o->transport = v; return 0;
    case O_ADAPTER: o->adapter = v; return 0;
    case O_PYTHON: o->python = v; return 0;
    case O_FACTORY: o->factory = v; return 0;
    case O_JUNIT: o->junit = v; return 0;
    case O_JSON: o->json = v; return 0;
    case O_HTML: o->html = v; return 0;
    case O_LCOV: o->lcov = v; return 0;
    case O_EXEMPT: o->exempt = v; return 0;
    case O_SOURCE: o->source = v; return 0;
    case O_SCORE: o->score = true; return 0;
    case O_BASELINE: o->baseline = v; return 0;
    case O_WRITE_BASELINE: o->write_baseline = v; return 0;
    case O_SAVE: o->save = v; return 0;
    case O_ALL_PYTHONS: o->all_pythons = true; return 0;
    case O_LINE_PROTOCOL: o->line_protocol = true; return 0;
    case O_STRICT: o->strict = true; return 0;
    case O_CHECK: o->check = true; return 0;
    case O_MARKDOWN: o->markdown = true; return 0;
    case O_VERIFY: o->verify = true; return 0;
    case O_VERBOSE: o->verbose = true; return 0;
    case O_HELP: o->help = true; return 0;
    case O_OUTCOME: o->outcome = v; return 0;
    case O_OUT: o->out = v; return 0;
    case O_IS_MINIMAL: o->is_minimal = true; return 0;
    case O_FUZZ_INPUT: o->fuzz_input = true; return 0;
    case O_SIDE_A: o->side_a = v; return 0;
    case O_SIDE_B: o->side_b = v; return 0;
    case O_JOBS:
        if (!opt_u64(v, 1024, &n) || n == 0) {
            return opt_bad(cmd, row, v, "1..1024");
        }
        o->jobs = (unsigned)n;
        return 0;
    case O_SHARD: {
        const char *slash = strchr(v, '/');
        char k[24];
        uint64_t kk, nn;
        if (slash == NULL || (size_t)(slash - v) >= sizeof k) {
            return opt_bad(cmd, row, v, "K/N with 1 <= K <= N");
        }
        memcpy(k, v, (size_t)(slash - v));
        k[slash - v] = '\0';
        if (!opt_u64(k, UINT32_MAX, &kk) || !opt_u64(slash + 1, UINT32_MAX, &nn) || kk == 0 ||
            kk > nn) {
            return opt_bad(cmd, row, v, "K/N with 1 <= K <= N");
        }
        o->shard_k = kk;
        o->shard_n = nn;
        return 0;
    }
    case O_ISOLATE: o->isolate = 1; return 0;
    case O_NO_ISOLATE: o->isolate = 2; return 0;
    case O_CPU_LIMIT:
        if (!opt_u64(v, 86400, &n) || n == 0) {
            return opt_bad(cmd, row, v, "seconds, 1..86400");
        }
        o->cpu_s = (unsigned)n;
        return 0;
    case O_WALL_LIMIT:
        if (!opt_u64(v, 86400, &n) || n == 0) {
            return opt_bad(cmd, row, v, "seconds, 1..86400");
        }
        o->wall_s = (unsigned)n;
        return 0;
    case O_CLAUSE: return opt_id_add(cmd, row, v, o->clause, &o->nclause);
    case O_SKIP: return opt_id_add(cmd, row, v, o->skip, &o->nskip);
    case O_SEEDS: return opt_seeds(cmd, row, v, o);
    case O_SEED:
        if (!opt_u64(v, UINT64_MAX, &o->seed)) {
            return opt_bad(cmd, row, v, "0..18446744073709551615");
        }
        o->has_seed = true;
        return 0;
    case O_STEPS:
        if (!opt_u64(v, UINT32_MAX, &o->steps) || o->steps == 0) {
            return opt_bad(cmd, row, v, "1..4294967295");
        }
        return 0;
    case O_WORK:
        if (!opt_u64(v, UINT64_MAX, &o->work) || o->work == 0) {
            return opt_bad(cmd, row, v, "1..18446744073709551615");
        }
        return 0;
    case O_CONTEXT:
        if (!opt_u64(v, WT_SESSION_CONTEXT_MAX, &n)) {
            return opt_bad(cmd, row, v, "0..64");
        }
        o->context = (unsigned)n;
        return 0;
    case O_OPS:
        if (!opt_u64(v, WT_SESSION_SEED_OPS_MAX, &n) || n == 0) {
            return opt_bad(cmd, row, v, "1..100000");
        }
        o->ops = (size_t)n;
        return 0;
    case O_GENERATOR:
        if (!opt_u64(v, UINT32_MAX, &n) || n == 0) {
            return opt_bad(cmd, row, v, "a generator version, 1 or more");
        }
        o->generator = (uint32_t)n;
        return 0;
    case O_ADAPTER_TIMEOUT: {
        char *end;
        errno = 0;
        double secs = strtod(v, &end);
        if (*end != '\0' || errno != 0 || !(secs >= 0.001 && secs <= 3600.0)) {
            return opt_bad(cmd, row, v, "seconds, 0.001..3600");
        }
        o->adapter_timeout_ms = (unsigned)(secs * 1000.0 + 0.5);
        return 0;
    }
    }
    return WT_EXIT_USAGE;
}

/* ----- parsing ------------------------------------------------------------- */

static const struct opt_row *opt_find(const char *arg, unsigned bit, size_t *name_len)
{
    bool is_long = arg[1] == '-';
    const char *name = arg + (is_long ? 2 : 1);
    const char *eq = is_long ? strchr(name, '=') : NULL;
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    *name_len = len;
    for (size_t i = 0; i < OPT_ROWS; i++) {
        const struct opt_row *row = &opt_rows[i];
        if (!(row->commands & bit)) {
            continue;
        }
        if (is_long ? strlen(row->name) == len && memcmp(row->name, name, len) == 0
                    : row->short_name != 0 && len == 1 && name[0] == row->short_name) {
            return row;
        }
    }
    return NULL;
}

int cli_parse(const struct cli_command *cmd, const char *program, int argc, char **argv,
              struct cli_opts *o)
{
    memset(o, 0, sizeof *o);
    o->program = program;
    bool options_done = false;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (!options_done && strcmp(arg, "--") == 0) {
            options_done = true;
            continue;
        }
        if (options_done || arg[0] != '-' || arg[1] == '\0') {
            if (o->npaths == cmd->paths_max || o->npaths == WT_SESSION_PATHS_MAX) {
                cli_error("%s: unexpected argument '%s' (see: wtkit %s --help)", cmd->name, arg,
                          cmd->name);
                return WT_EXIT_USAGE;
            }
            o->paths[o->npaths++] = arg;
            continue;
        }
        size_t len;
        const struct opt_row *row = opt_find(arg, cmd->bit, &len);
        if (row == NULL) {
            cli_error("%s: unknown option '%s' (see: wtkit %s --help)", cmd->name, arg,
                      cmd->name);
            return WT_EXIT_USAGE;
        }
        const char *eq = arg[1] == '-' ? strchr(arg, '=') : NULL;
        const char *value = NULL;
        if (row->value == NULL && eq != NULL) {
            cli_error("%s: --%s takes no value", cmd->name, row->name);
            return WT_EXIT_USAGE;
        }
        if (row->value != NULL) {
            value = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
            if (value == NULL || value[0] == '\0') {
                cli_error("%s: --%s needs a value %s (see: wtkit %s --help)", cmd->name,
                          row->name, row->value, cmd->name);
                return WT_EXIT_USAGE;
            }
        }
        int rc = opt_set(cmd->name, row, value, o);
        if (rc != 0) {
            return rc;
        }
    }
    return 0;
}

/* ----- help ---------------------------------------------------------------- */

/* Prints text folded at 78 columns, every line after the first indented. */
static void help_fold(FILE *out, const char *text, size_t col, size_t indent)
{
    const char *p = text;
    while (*p != '\0') {
        size_t word = strcspn(p, " ");
        if (col + 1 + word > 78 && col > indent) {
            fprintf(out, "\n%*s", (int)indent, "");
            col = indent;
        } else if (p != text) {
            fputc(' ', out);
            col++;
        }
        fwrite(p, 1, word, out);
        col += word;
        p += word;
        p += strspn(p, " ");
    }
    fputc('\n', out);
}

void cli_help(const struct cli_command *cmd, FILE *out)
{
    fprintf(out, "usage: wtkit %s%s%s%s\n\n", cmd->name, cmd->bit & CLI_EXPLAIN ? "" : " [options]",
            cmd->args[0] ? " " : "", cmd->args);
    fputs(cmd->about, out);
    fputs("\noptions:\n", out);
    for (size_t i = 0; i < OPT_ROWS; i++) {
        const struct opt_row *row = &opt_rows[i];
        if (!(row->commands & cmd->bit)) {
            continue;
        }
        char head[64];
        int n = snprintf(head, sizeof head, "  %s%c%s--%s%s%s", row->short_name ? "-" : "",
                         row->short_name ? row->short_name : ' ', row->short_name ? ", " : "",
                         row->name, row->value ? " " : "", row->value ? row->value : "");
        if (!row->short_name) {
            n = snprintf(head, sizeof head, "  --%s%s%s", row->name, row->value ? " " : "",
                         row->value ? row->value : "");
        }
        fputs(head, out);
        size_t col = (size_t)n;
        if (col < 22) {
            fprintf(out, "%*s", (int)(22 - col), "");
            col = 22;
        } else {
            fprintf(out, "\n%22s", "");
            col = 22;
        }
        help_fold(out, row->help, col - 1, 22);
    }
    if (cmd->bit & (CLI_RUN | CLI_TRACE | CLI_SWEEP | CLI_MERGE)) {
        fputs("\nexit status: 0 every MUST clause kept (an INCONCLUSIVE case, a step bound met\n"
              "while still making progress, included); 1 a MUST clause broken, a hang with no\n"
              "progress, a failed expectation or a nondeterministic trace; 2 usage or input\n"
              "error; 3 the transport or adapter could not be run.\n",
              out);
    }
}

/* ----- the spec -------------------------------------------------------------- */

void cli_spec(const struct cli_opts *o, struct wt_session_spec *spec)
{
    wt_session_spec_init(spec);
    spec->paths = o->paths;
    spec->npaths = o->npaths;
    if (o->has_seeds) {
        spec->seed_first = o->seed_first;
        spec->seed_last = o->seed_last;
    }
    if (o->ops > 0) {
        spec->seed_ops = o->ops;
    }
    spec->generator = o->generator;
    spec->transport = o->transport;
    spec->adapter = o->adapter;
    spec->factory = o->factory;
    spec->python = o->python;
    spec->adapter_timeout_ms = o->adapter_timeout_ms;
    spec->line_protocol = o->line_protocol;
    spec->profile = o->profile;
    spec->flavor = o->flavor;
    spec->has_seed = o->has_seed;
    spec->seed = o->seed;
    spec->steps_max = o->steps;
    /* A fuzz input is judged as the world target judged it: its budget. */
    spec->work_max = o->work != 0 || !o->fuzz_input ? o->work : WT_FUZZ_WORK_DEFAULT;
    spec->clauses = o->clause;
    spec->nclauses = o->nclause;
    spec->skip = o->skip;
    spec->nskip = o->nskip;
    spec->strict = o->strict;
    spec->baseline = o->baseline;
    spec->context = o->context;
    spec->program = o->program;
    spec->alloc = o->alloc;
    spec->shard_k = o->shard_k;
    spec->shard_n = o->shard_n;
    spec->jobs = o->jobs;
    spec->isolate = o->isolate == 1   ? WT_SESSION_ISOLATE_ON
                    : o->isolate == 2 ? WT_SESSION_ISOLATE_OFF
                                      : WT_SESSION_ISOLATE_AUTO;
    if (o->cpu_s > 0) {
        spec->limits.cpu_s = o->cpu_s;
    }
    if (o->wall_s > 0) {
        spec->limits.wall_ms = o->wall_s * 1000u;
    }
}

int cli_session_error(int rc, const char *err)
{
    if (err != NULL && err[0] != '\0') {
        /* Parse errors are "FILE:LINE: message" lines, printed as they are. */
        bool plain = strncmp(err, "wtkit: ", 7) == 0 || strchr(err, '\n') != NULL ||
                     rc == WT_ESYNTAX;
        if (plain) {
            fprintf(stderr, "%s\n", err);
        } else {
            cli_error("%s", err);
        }
    }
    return wt_session_error_exit(rc);
}

int cli_write_file(const char *opt, const char *path,
                   int (*fn)(const struct wt_outcome *o, FILE *f), const struct wt_outcome *o)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        cli_error("--%s %s: %s", opt, path, strerror(errno));
        return WT_EXIT_USAGE;
    }
    int rc = fn(o, f);
    if (fclose(f) != 0 || rc != WT_OK) {
        cli_error("--%s %s: could not be written", opt, path);
        return WT_EXIT_USAGE;
    }
    return 0;
}
