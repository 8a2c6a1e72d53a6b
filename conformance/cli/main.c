/* SPDX-License-Identifier: MIT */
/*
 * main.c - the wtkit command: dispatch to a command, --help, --version.
 * Each command's usage text is its row here plus the option table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "wt/gen.h"

static const struct cli_command main_commands[] = {
    {"run", CLI_RUN, "[FILE|DIR ...]", WT_SESSION_PATHS_MAX,
     "Runs scenarios (.wts) against a transport and judges every clause of the\n"
     "profile. Without FILE or DIR: every scenario in the default suite\n"
     "($WTKIT_SCENARIOS, else ./conformance/scenarios, else the installed one).\n"
     "Each scenario is run twice and the trace hashes compared (determinism).\n",
     cli_cmd_run},
    {"trace", CLI_TRACE, "FILE", 1,
     "Runs one scenario and prints its event trace, one event a line in the\n"
     "trace text form (docs/internals/trace.md), then the clauses it FAILed and\n"
     "the trace hash. It skips what `wtkit run` skips, with the reason.\n",
     cli_cmd_trace},
    {"sweep", CLI_SWEEP, "", 0,
     "Turns each seed into a generated op sequence (swarm: the seed picks the\n"
     "socket schedule and which op families are likely; only ops the transport\n"
     "supports are drawn), runs it like a scenario, and prints every seed that\n"
     "breaks a MUST clause or hangs, with a replay command.\n",
     cli_cmd_sweep},
    {"explain", CLI_EXPLAIN, "CLAUSE-ID", 1,
     "Prints one clause: its kind, profiles, source sentence, what the monitor\n"
     "checks, the clause on the other side of a docs conflict, the scenarios\n"
     "named after it and the mutants that must be caught by it.\n",
     cli_cmd_explain},
    {"clauses", CLI_CLAUSES, "", 0,
     "Lists the clause catalog: ID, kind (MUST, IMPL, ADVISORY), the profiles\n"
     "that judge it, and the docs sentence it comes from (or the reason of an\n"
     "implicit rule); with -v, also what the monitor checks.\n",
     cli_cmd_clauses},
    {"mutants", CLI_MUTANTS, "[FILE|DIR ...]", WT_SESSION_PATHS_MAX,
     "Lists the built-in mutants: the reference transport with one rule broken\n"
     "on purpose, and the clauses each must be caught by. A mutant that names a\n"
     "profile is judged by it under --verify; the others by --profile.\n",
     cli_cmd_mutants},
    {"merge", CLI_MERGE, "FILE ...", WT_SESSION_PATHS_MAX,
     "Merges outcome files (wtkit sweep|run --outcome FILE), such as the shards\n"
     "of one sweep, into one outcome, and prints and writes it as that run would.\n",
     cli_cmd_merge},
    {"shrink", CLI_SHRINK, "[FILE]", 1,
     "Makes a failing case small: a .wts FILE, or a seed (--seeds N, --ops, as\n"
     "`wtkit sweep` ran it) becomes a .wts that fails the same way (same status and\n"
     "first failing clause) and is 1-minimal: without any single op, or with any\n"
     "size halved, it no longer does. Its header records how it ran; `wtkit\n"
     "replay` runs it again. Prints the steps it took (-v) and the time.\n"
     "Exit: 0 shrunk; 1 the case does not fail; 2, 3 as for run.\n",
     cli_cmd_shrink},
    {"replay", CLI_REPLAY, "FILE", 1,
     "Runs a saved case (`sweep --save`, `shrink`) with the settings its header\n"
     "records (transport, profile, flavor, seed, steps) and says whether it\n"
     "still fails the way it did. Exit: 0 it does; 1 it no longer fails, or\n"
     "fails another way; 2 no recorded failure or a bad file; 3 as for run.\n",
     cli_cmd_replay},
    {"diff", CLI_DIFF, "[FILE]", 1,
     "Runs the same ops (a .wts FILE, or a seed: --seeds N) on two transports\n"
     "and prints the first event where their traces differ once socket-level\n"
     "events (send, recv, peer, time) are set aside, with the events before it\n"
     "and each side's FAILed clauses. Exit: 0 the same; 1 they differ.\n",
     cli_cmd_diff},
    {"matrix", CLI_MATRIX, "[FILE|DIR ...]", WT_SESSION_PATHS_MAX,
     "Prints the clause matrix: for each clause, the scenarios that exercise it\n"
     "(the suite on the reference under every profile), the built-in mutants it\n"
     "kills, and the reference lines tagged with it, with their coverage\n"
     "(--lcov). A checkable clause of some profile with none of these is a gap;\n"
     "exit 1 when a gap is not exempt (--exempt) or an exemption is stale.\n",
     cli_cmd_matrix},
};

#define MAIN_NCOMMANDS (sizeof main_commands / sizeof main_commands[0])

static void main_usage(FILE *out)
{
    fputs("usage: wtkit COMMAND [options]\n"
          "\n"
          "wtkit checks, clause by clause, whether a write transport keeps the\n"
          "contract Python's asyncio documents for WriteTransport.\n"
          "\n"
          "commands:\n",
          out);
    for (size_t i = 0; i < MAIN_NCOMMANDS; i++) {
        fprintf(out, "  %-8s %-16s %.*s\n", main_commands[i].name, main_commands[i].args,
                (int)strcspn(main_commands[i].about, "\n"), main_commands[i].about);
    }
    fputs("\n"
          "  wtkit COMMAND --help  the options of one command\n"
          "  wtkit --version       the kit, catalog and generator versions\n"
          "\n"
          "exit status: 0 every MUST clause kept; 1 a MUST clause broken (a hang in\n"
          "virtual time included); 2 usage or input error; 3 the transport or adapter\n"
          "could not be run.\n",
          out);
}

int main(int argc, char **argv)
{
    const char *program = argc > 0 && argv[0] != NULL ? argv[0] : "wtkit";
    if (argc < 2) {
        main_usage(stderr);
        return WT_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        main_usage(stdout);
        return WT_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("wtkit %s (catalog %s, .wts %d, generator %d, json schema %d, outcome %d)\n",
               WT_VERSION, wt_catalog_version(), WT_WTS_VERSION, WT_GEN_VERSION,
               WT_JSON_SCHEMA_VERSION, WT_OUTCOME_VERSION);
        return WT_EXIT_OK;
    }
    for (size_t i = 0; i < MAIN_NCOMMANDS; i++) {
        const struct cli_command *c = &main_commands[i];
        if (strcmp(cmd, c->name) != 0) {
            continue;
        }
        struct cli_opts o;
        int rc = cli_parse(c, program, argc - 2, argv + 2, &o);
        if (rc != 0) {
            return rc;
        }
        if (o.help) {
            cli_help(c, stdout);
            return WT_EXIT_OK;
        }
        /* WTKIT_FAILMALLOC=N: the session's Nth allocation fails (make failmalloc). */
        struct wt_fault_alloc fa;
        const char *failmalloc = getenv("WTKIT_FAILMALLOC");
        if (failmalloc != NULL && failmalloc[0] != '\0') {
            wt_fault_alloc_init(&fa, strtoul(failmalloc, NULL, 10));
            o.alloc = &fa.iface;
        }
        rc = c->fn(&o);
        if (o.alloc != NULL && fa.failed == 0) {
            fprintf(stderr, "wtkit: failmalloc: %lu allocations, none failed\n", fa.calls);
        }
        return rc;
    }
    cli_error("unknown command '%s' (see: wtkit --help)", cmd);
    return WT_EXIT_USAGE;
}
