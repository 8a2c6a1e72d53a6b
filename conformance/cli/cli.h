/* SPDX-License-Identifier: MIT */
/*
 * cli.h - what the files of the wtkit command share: exit codes, option
 * parsing, the loaded suite, the transport under test and the reports.
 * Internal to conformance/cli/; nothing here is public API.
 */
#ifndef WT_CLI_H
#define WT_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wt/adapter.h"
#include "wt/plugin.h"
#include "wt/runner.h"
#include "wt/wt.h"
#include "wt/wts.h"

/* Exit statuses (README, docs/wts.md). */
enum {
    CLI_EXIT_OK = 0,        /* every MUST clause kept */
    CLI_EXIT_FAIL = 1,      /* a MUST clause broken (a hang included), or an expectation */
    CLI_EXIT_USAGE = 2,     /* usage or input error */
    CLI_EXIT_TRANSPORT = 3, /* the transport or adapter could not be run */
};

#define CLI_IDS_MAX 64
#define CLI_PATHS_MAX 256

/* Every option any subcommand takes; each subcommand allows a subset. */
struct cli_opts {
    const char *profile;
    const char *flavor;
    const char *transport;
    const char *adapter;
    const char *junit;
    const char *json;
    unsigned adapter_timeout_ms; /* 0: the adapter's default */
    const char *python;          /* --python PATH: the interpreter for python:KIND */
    const char *factory;         /* --factory MODULE:FUNCTION */
    bool all_pythons;            /* --all-pythons */
    bool all_pythons_member;     /* one interpreter of an --all-pythons run */
    const char *baseline;        /* --baseline FILE|DIR */
    const char *write_baseline;  /* --write-baseline FILE */
    bool has_seed;
    uint64_t seed;
    bool strict, verbose, check, verify, markdown, help;
    size_t nclause, nskip, npaths;
    const char *clause[CLI_IDS_MAX];
    const char *skip[CLI_IDS_MAX];
    const char *paths[CLI_PATHS_MAX];
};

/* Option bits, for the set a subcommand accepts. */
enum {
    CLI_O_PROFILE = 1 << 0,
    CLI_O_FLAVOR = 1 << 1,
    CLI_O_SEED = 1 << 2,
    CLI_O_TRANSPORT = 1 << 3,
    CLI_O_CLAUSE = 1 << 4,
    CLI_O_STRICT = 1 << 5,
    CLI_O_REPORTS = 1 << 6,
    CLI_O_VERBOSE = 1 << 7,
    CLI_O_CHECK = 1 << 8,
    CLI_O_VERIFY = 1 << 9,
    CLI_O_MARKDOWN = 1 << 10,
};

/* The default wall-clock bound for one adapter exchange (--adapter-timeout). */
#define CLI_ADAPTER_TIMEOUT_MS 5000u

/* Parses argv (after the subcommand); prints the error and returns 2 on bad usage. */
int cli_parse(const char *cmd, int argc, char **argv, unsigned allowed, size_t paths_max,
              struct cli_opts *o);

/* One loaded scenario file. */
struct cli_scenario {
    char *path;
    struct wt_scenario sc;
    bool flavor_refused; /* a plugin has no flavor of this name: skipped */
};

struct cli_suite {
    size_t n, cap;
    struct cli_scenario *items;
};

/* Loads the files and directories of o->paths (or the default suite). 0 or 2. */
int cli_suite_load(const struct cli_opts *o, struct cli_suite *suite);
void cli_suite_free(struct cli_suite *suite);
/* PREFIX/share/wtkit/SUB next to the running binary, if it exists. */
bool cli_installed_path(const char *sub, char *buf, size_t cap);
/* The directory the default suite is read from, or NULL. */
const char *cli_default_dir(void);

/* The transport under test, as --transport / --adapter name it. */
struct cli_transport {
    char name[300];                      /* "reference", "mutant:NAME", a path */
    const struct wt_transport_ops *ops;  /* NULL: the reference */
    uint64_t faults;
    const char *default_flavor;          /* a mutant's flavor, or NULL */
    struct wt_plugin *plugin;
    struct wt_adapter *adapter;          /* --adapter: the child process */
    char replay[600];                    /* how a replay line names it */
    bool replay_checked;                 /* false: the adapter opts out of the replay check */
    bool skipped;                        /* the adapter said it cannot run here (exit 77) */
    char skip_reason[600];
};

/* 0, 2 (unknown name) or 3 (could not be loaded). */
int cli_transport_open(const struct cli_opts *o, struct cli_transport *t);
void cli_transport_close(struct cli_transport *t);
/* Fills the transport fields of a run config. */
void cli_transport_apply(const struct cli_transport *t, struct wt_run_config *cfg);

/*
 * The profile --profile names; without it, the profile a mutant:NAME
 * transport is judged by, else docs. Prints an error and returns 2.
 */
int cli_profile(const struct cli_opts *o, const struct wt_profile **p_out);

/* True (with the reason and stderr tail printed) when the adapter has failed. */
bool cli_adapter_failed(const struct cli_transport *t);
/* Points a world config at the transport (the adapter, when there is one). */
void cli_transport_world(const struct cli_transport *t, struct wt_world_config *wc);

/* True when the transport can be created with this flavor. */
bool cli_flavor_works(const struct cli_transport *t, const char *flavor);
/* Checks that a flavor can be created: 0, or 2 with a message. */
int cli_flavor_check(const struct cli_transport *t, const char *flavor, const char *where);

/* Everything one suite run produced, for the table and the files. */
struct cli_run {
    const struct cli_opts *opts;
    const struct wt_profile *profile;
    const struct cli_transport *transport;
    const struct cli_suite *suite;
    struct wt_runner *runner;
    struct wt_run_result *results; /* suite->n */
    bool *selected;                /* per clause: judged and reported (--clause/--skip) */
    int exit_status;
};

/* Runs the suite; 0 or 3 (ENOMEM/transport) with run->results filled. */
int cli_run_suite(struct cli_run *run);
void cli_run_free(struct cli_run *run);
/* Computes run->exit_status from the verdicts. */
void cli_run_judge(struct cli_run *run);

/* The replay command of one scenario. */
void cli_replay_line(const struct cli_run *run, size_t i, char *buf, size_t cap);

void cli_report_table(const struct cli_run *run, FILE *out);
int cli_report_junit(const struct cli_run *run, const char *path);
int cli_report_json(const struct cli_run *run, const char *path);

/* --baseline: what a transport is known to break (baseline.c). */
#define CLI_BASELINE_MAX 256
#define CLI_BASELINE_KEY_MAX 300

struct cli_baseline_row {
    char key[CLI_BASELINE_KEY_MAX]; /* a clause ID, or "expect NAME.wts:LINE" */
    char reason[300];
    bool seen;                      /* the run broke it too */
};

struct cli_baseline {
    char path[4096];
    size_t n;
    struct cli_baseline_row rows[CLI_BASELINE_MAX];
    size_t known, nfresh, fixed; /* after cli_baseline_judge */
    struct cli_baseline_row fresh[CLI_BASELINE_MAX];
};

/* --transport python:KIND and friends (python.c). */
#define CLI_PYTHON_DEFAULT "/usr/bin/python3"

struct cli_python {
    char label[32];  /* "debian", "3.12.1" */
    char path[1100];
    bool present;
};

/* True when the options name a Python transport (python:KIND, --factory, --all-pythons). */
bool cli_python_wanted(const struct cli_opts *o);
/* The adapter command line for the options under one interpreter: 0, 2 or 3. */
int cli_python_command(const struct cli_opts *o, const char *python, char *cmd, size_t cap);
/* The interpreters --all-pythons tries, present or not; returns how many. */
size_t cli_python_interpreters(struct cli_python *out, size_t max);

/* The file-name key of a transport: name and, for adapters, version. */
void cli_transport_key(const struct cli_transport *t, char *buf, size_t cap);
/* Loads FILE, or DIR/<key>.<profile>.baseline: 0 or 2 (with FILE:LINE messages). */
int cli_baseline_load(const char *arg, const struct cli_run *run, struct cli_baseline *b);
/* Compares the run with the baseline and sets run->exit_status by it. */
void cli_baseline_judge(struct cli_run *run, struct cli_baseline *b);
/* Prints the NEW and FIXED entries and the counts. */
void cli_baseline_print(const struct cli_baseline *b, FILE *out);
/* Writes what the run broke as a baseline file: 0 or 2. */
int cli_baseline_write(const struct cli_run *run, const char *path);

/* The git commit of the working directory (WTKIT_COMMIT first), or "unknown". */
const char *cli_commit(void);

/* Subcommands. */
int cli_cmd_run(int argc, char **argv);
int cli_cmd_trace(int argc, char **argv);
int cli_cmd_explain(int argc, char **argv);
int cli_cmd_clauses(int argc, char **argv);
int cli_cmd_mutants(int argc, char **argv);
int cli_cmd_sweep(int argc, char **argv);

/* Prints "wtkit: message" to stderr. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void cli_error(const char *fmt, ...);

#endif
