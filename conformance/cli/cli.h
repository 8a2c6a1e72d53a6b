/* SPDX-License-Identifier: MIT */
/*
 * cli.h - the wtkit command: argv -> one options value -> a session spec
 * -> the session -> a printer. Internal to conformance/cli/.
 *
 * Layers, each using only the ones below it (tools/symcycles.sh checks):
 *   main.c      dispatch, --version
 *   cmd_*.c     the commands
 *   options.c   the option table: parsing, --help, the session spec
 *   (libwt)     the session, the outcome and its printers
 */
#ifndef WT_CLI_H
#define WT_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wt/session.h"
#include "wt/wt.h"

/* The commands; an option row lists the ones that take it. */
enum cli_cmd {
    CLI_RUN = 1 << 0,
    CLI_TRACE = 1 << 1,
    CLI_SWEEP = 1 << 2,
    CLI_EXPLAIN = 1 << 3,
    CLI_CLAUSES = 1 << 4,
    CLI_MUTANTS = 1 << 5,
    CLI_MERGE = 1 << 6,
    CLI_SHRINK = 1 << 7,
    CLI_REPLAY = 1 << 8,
    CLI_DIFF = 1 << 9,
    CLI_MATRIX = 1 << 10,
};

/* A command line, as one declared value: one field per option row. */
struct cli_opts {
    const char *program;          /* argv[0] as invoked */
    const struct wt_allocator *alloc; /* every allocation of the session (WTKIT_FAILMALLOC) */
    const char *profile;          /* --profile NAME */
    const char *flavor;           /* --flavor NAME */
    bool has_seed;                /* --seed N */
    uint64_t seed;
    uint64_t steps;               /* --steps N (0: the scenario's) */
    uint64_t work;                /* --work N (0: the world's default) */
    const char *transport;        /* --transport T */
    const char *adapter;          /* --adapter CMD */
    unsigned adapter_timeout_ms;  /* --adapter-timeout S */
    const char *python;           /* --python PATH */
    const char *factory;          /* --factory MOD:FUNC */
    bool all_pythons;             /* --all-pythons */
    bool line_protocol;           /* --line-protocol */
    size_t nclause, nskip;        /* --clause ID, --skip ID */
    const char *clause[WT_SESSION_IDS_MAX];
    const char *skip[WT_SESSION_IDS_MAX];
    bool strict;                  /* --strict */
    const char *junit;            /* --junit FILE */
    const char *json;             /* --json FILE */
    const char *html;             /* --html FILE */
    const char *lcov;             /* --lcov FILE (matrix) */
    const char *exempt;           /* --exempt FILE (matrix) */
    const char *source;           /* --source FILE (matrix) */
    bool score;                   /* mutants --score */
    const char *baseline;         /* --baseline FILE|DIR */
    const char *write_baseline;   /* --write-baseline FILE|DIR */
    unsigned context;             /* --context N */
    int isolate;                  /* 0 default, 1 --isolate, 2 --no-isolate */
    unsigned cpu_s, wall_s;       /* --cpu-limit S, --wall-limit S */
    unsigned jobs;                /* --jobs N (0: one per core) */
    uint64_t shard_k, shard_n;    /* --shard K/N */
    const char *outcome;          /* --outcome FILE */
    const char *out;              /* -o, --out FILE (shrink) */
    bool is_minimal;              /* shrink --is-minimal */
    bool fuzz_input;              /* shrink --fuzz-input: FILE is a fuzz input */
    const char *side_a, *side_b;  /* --a T, --b T (diff) */
    bool has_seeds;               /* --seeds A..B */
    uint64_t seed_first, seed_last;
    size_t ops;                   /* --ops N */
    uint32_t generator;           /* --generator N */
    const char *save;             /* --save DIR */
    bool check, markdown, verify; /* clauses --check/--markdown, mutants --verify */
    bool verbose;                 /* -v */
    bool help;                    /* -h */
    size_t npaths;
    const char *paths[WT_SESSION_PATHS_MAX];
};

/* What a command says about itself in its --help. */
struct cli_command {
    const char *name;
    unsigned bit;
    const char *args;        /* "[FILE|DIR ...]" */
    size_t paths_max;        /* positional arguments allowed */
    const char *about;       /* the paragraph under the usage line */
    int (*fn)(const struct cli_opts *o);
};

/*
 * Parses argv (after the command) by the option table: a command takes
 * exactly the rows its --help lists. Prints the error and returns 2.
 */
int cli_parse(const struct cli_command *cmd, const char *program, int argc, char **argv,
              struct cli_opts *o);
/* The command's --help, generated from the option table. */
void cli_help(const struct cli_command *cmd, FILE *out);
/* The session spec the options describe (strings borrowed from o). */
void cli_spec(const struct cli_opts *o, struct wt_session_spec *spec);

/* Prints "wtkit: message" to stderr. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void cli_error(const char *fmt, ...);

/* Prints a session error (one or more lines) with its exit class. */
int cli_session_error(int rc, const char *err);

/* Writes a report file with fn; 0, or 2 with a message. */
int cli_write_file(const char *opt, const char *path,
                   int (*fn)(const struct wt_outcome *o, FILE *f), const struct wt_outcome *o);

/* The commands. */
int cli_cmd_run(const struct cli_opts *o);
int cli_cmd_trace(const struct cli_opts *o);
int cli_cmd_sweep(const struct cli_opts *o);
int cli_cmd_explain(const struct cli_opts *o);
int cli_cmd_clauses(const struct cli_opts *o);
int cli_cmd_mutants(const struct cli_opts *o);
int cli_cmd_merge(const struct cli_opts *o);
int cli_cmd_shrink(const struct cli_opts *o);
int cli_cmd_replay(const struct cli_opts *o);
int cli_cmd_diff(const struct cli_opts *o);
int cli_cmd_matrix(const struct cli_opts *o);
/* mutants --score (cmd_matrix.c). */
int cli_mutants_score(const struct cli_opts *o);

/* The directory the default suite is read from, or NULL (explain). */
const char *cli_default_dir(void);

#endif
