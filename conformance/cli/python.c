/* SPDX-License-Identifier: MIT */
/*
 * python.c - `--transport python:KIND`, `--factory`, `--python` and
 * `--all-pythons`: shorthands for the adapter commands in adapters/python.
 *
 * python:selector, python:pipe and python:ssl run CPython's own transport
 * classes under the chosen interpreter (adapters/python/cpython_adapter.py);
 * python:uvloop runs uvloop's (adapters/python/uvloop_adapter.py);
 * --factory MODULE:FUNCTION runs the user's own transport class. The
 * adapters are found in $WTKIT_ADAPTERS, ./adapters/python, or the
 * installed PREFIX/share/wtkit/adapters/python, in that order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const char *const python_kinds[] = {"selector", "pipe", "ssl", "uvloop", "factory"};

static bool python_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* The folder that holds cpython_adapter.py, or NULL. */
static const char *python_adapters_dir(char *buf, size_t cap)
{
    const char *env = getenv("WTKIT_ADAPTERS");
    if (env != NULL && env[0] != '\0') {
        return env;
    }
    if (python_exists("adapters/python/cpython_adapter.py")) {
        return "adapters/python";
    }
    return cli_installed_path("adapters/python", buf, cap) ? buf : NULL;
}

bool cli_python_wanted(const struct cli_opts *o)
{
    return o->factory != NULL || o->all_pythons ||
           (o->transport != NULL && strncmp(o->transport, "python:", 7) == 0);
}

/* A word safe to put in a command line unquoted (paths, module:function). */
static bool python_plain(const char *s)
{
    for (; *s != '\0'; s++) {
        if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-:+=,@%",
                   *s) == NULL) {
            return false;
        }
    }
    return true;
}

int cli_python_command(const struct cli_opts *o, const char *python, char *cmd, size_t cap)
{
    char dirbuf[2300];
    const char *kind = o->factory != NULL ? "factory"
                       : o->transport != NULL && strncmp(o->transport, "python:", 7) == 0
                           ? o->transport + 7
                           : "selector";
    size_t k = 0;
    while (k < sizeof python_kinds / sizeof python_kinds[0] && strcmp(python_kinds[k], kind)) {
        k++;
    }
    if (k == sizeof python_kinds / sizeof python_kinds[0]) {
        cli_error("--transport: unknown Python transport 'python:%s' (expected python:selector, "
                  "python:pipe, python:ssl or python:uvloop)",
                  kind);
        return CLI_EXIT_USAGE;
    }
    if (strcmp(kind, "factory") == 0 && o->factory == NULL) {
        cli_error("--transport python:factory needs --factory MODULE:FUNCTION");
        return CLI_EXIT_USAGE;
    }
    if (!python_plain(python) || (o->factory != NULL && !python_plain(o->factory))) {
        cli_error("--python/--factory: only letters, digits and / . _ - : + = , @ %% are "
                  "allowed in a path or MODULE:FUNCTION");
        return CLI_EXIT_USAGE;
    }
    const char *dir = python_adapters_dir(dirbuf, sizeof dirbuf);
    if (dir == NULL) {
        cli_error("the Python adapters were not found: run from the wtkit source tree, or set "
                  "WTKIT_ADAPTERS to the folder that holds cpython_adapter.py");
        return CLI_EXIT_TRANSPORT;
    }
    int n;
    if (strcmp(kind, "uvloop") == 0) {
        n = snprintf(cmd, cap, "%s %s/uvloop_adapter.py", python, dir);
    } else if (o->factory != NULL) {
        n = snprintf(cmd, cap, "%s %s/cpython_adapter.py --kind factory --factory %s", python,
                     dir, o->factory);
    } else {
        n = snprintf(cmd, cap, "%s %s/cpython_adapter.py --kind %s", python, dir, kind);
    }
    if (n < 0 || (size_t)n >= cap) {
        cli_error("--python: path too long");
        return CLI_EXIT_USAGE;
    }
    return 0;
}

size_t cli_python_interpreters(struct cli_python *out, size_t max)
{
    static const char *const pyenv_versions[] = {"3.11.7", "3.12.1", "3.13.0"};
    size_t n = 0;
    if (n < max) {
        snprintf(out[n].label, sizeof out[n].label, "debian");
        snprintf(out[n].path, sizeof out[n].path, "/usr/bin/python3");
        n++;
    }
    const char *root = getenv("PYENV_ROOT");
    const char *home = getenv("HOME");
    char rootbuf[1024];
    if (root == NULL || root[0] == '\0') {
        snprintf(rootbuf, sizeof rootbuf, "%s/.pyenv", home != NULL ? home : "/root");
        root = rootbuf;
    }
    for (size_t i = 0; i < sizeof pyenv_versions / sizeof pyenv_versions[0] && n < max; i++) {
        snprintf(out[n].label, sizeof out[n].label, "%s", pyenv_versions[i]);
        snprintf(out[n].path, sizeof out[n].path, "%s/versions/%s/bin/python3", root,
                 pyenv_versions[i]);
        n++;
    }
    for (size_t i = 0; i < n; i++) {
        out[i].present = access(out[i].path, X_OK) == 0;
    }
    return n;
}
