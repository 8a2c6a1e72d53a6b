/* SPDX-License-Identifier: MIT */
/*
 * main.c - the wtkit command: dispatch to a subcommand, --help, --version.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char main_usage[] =
    "usage: wtkit COMMAND [options]\n"
    "\n"
    "wtkit checks, clause by clause, whether a write transport keeps the\n"
    "contract Python's asyncio documents for WriteTransport.\n"
    "\n"
    "commands:\n"
    "  run [FILE|DIR ...]    run scenarios and print the per-clause verdicts\n"
    "  trace FILE            print the event trace of one scenario\n"
    "  explain CLAUSE-ID     print one clause: sentence, check, scenarios, mutants\n"
    "  clauses [--check]     list the clause catalog (--check: docs coverage)\n"
    "  mutants [--verify]    list the built-in mutants (--verify: each is caught)\n"
    "  sweep [--seeds A..B]  run generated op sequences, one per seed (swarm)\n"
    "\n"
    "  wtkit COMMAND --help  the options of one command\n"
    "  wtkit --version       the kit and catalog versions\n"
    "\n"
    "exit status: 0 every MUST clause kept; 1 a MUST clause broken (a hang in\n"
    "virtual time included); 2 usage or input error; 3 the transport or adapter\n"
    "could not be run.\n";

static const struct {
    const char *name;
    int (*fn)(int argc, char **argv);
} main_commands[] = {
    {"run", cli_cmd_run},         {"trace", cli_cmd_trace},     {"explain", cli_cmd_explain},
    {"clauses", cli_cmd_clauses}, {"mutants", cli_cmd_mutants},   {"sweep", cli_cmd_sweep},
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(main_usage, stderr);
        return CLI_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(main_usage, stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("wtkit %s (catalog %s, commit %s)\n", WT_VERSION, wt_catalog_version(),
               cli_commit());
        return CLI_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof main_commands / sizeof main_commands[0]; i++) {
        if (strcmp(cmd, main_commands[i].name) == 0) {
            return main_commands[i].fn(argc - 2, argv + 2);
        }
    }
    cli_error("unknown command '%s' (see: wtkit --help)", cmd);
    return CLI_EXIT_USAGE;
}
