/* SPDX-License-Identifier: MIT */
/*
 * cmd_matrix.c - `wtkit matrix` (the clause matrix: scenarios, mutants,
 * reference lines and their coverage per clause, and the gaps) and
 * `wtkit mutants --score` (the built-in mutants' kill rates), both from
 * the matrix (include/wt/matrix.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "wt/matrix.h"

/* The default reference source and exemptions file, from the repository root. */
#define MATRIX_SOURCE "sim/ref_transport.c"
#define MATRIX_EXEMPT "coverage/matrix-exempt.txt"

/* A whole file as a string (free it); NULL with a message. */
static char *matrix_slurp(const char *opt, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        cli_error("matrix: %s%s: %s", opt, path, strerror(errno));
        return NULL;
    }
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap + 1);
    while (buf != NULL) {
        len += fread(buf + len, 1, cap - len, f);
        if (len < cap) {
            break;
        }
        char *bigger = realloc(buf, cap * 2 + 1);
        if (bigger == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    bool bad = ferror(f) != 0;
    fclose(f);
    if (buf == NULL || bad) {
        free(buf);
        cli_error("matrix: %s%s: could not be read", opt, path);
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

static bool matrix_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Feeds one file to a reader of the matrix; 0, or the exit class with a message. */
static int matrix_feed(struct wt_matrix *m, const char *opt, const char *path,
                       int (*read)(struct wt_matrix *, const char *, const char *, char *,
                                   size_t))
{
    char *text = matrix_slurp(opt, path);
    if (text == NULL) {
        return WT_EXIT_USAGE;
    }
    char err[1200];
    int rc = read(m, path, text, err, sizeof err);
    free(text);
    if (rc != WT_OK) {
        cli_error("matrix: %s", err);
        return rc == WT_ENOMEM ? WT_EXIT_TRANSPORT : WT_EXIT_USAGE;
    }
    return 0;
}

static int matrix_read_lcov_file(struct wt_matrix *m, const char *path, const char *text,
                                 char *err, size_t cap)
{
    (void)path;
    return wt_matrix_read_lcov(m, text, err, cap);
}

/* The runs both commands need; 0 or the exit class. */
static int matrix_runs(const struct cli_opts *o, struct wt_matrix *m, bool scenarios)
{
    struct wt_session_spec spec;
    cli_spec(o, &spec);
    char err[8192];
    int rc = scenarios ? wt_matrix_run_scenarios(m, &spec, err, sizeof err) : WT_OK;
    if (rc == WT_OK) {
        rc = wt_matrix_run_mutants(m, &spec, err, sizeof err);
    }
    return rc == WT_OK ? 0 : cli_session_error(rc, err);
}

int cli_cmd_matrix(const struct cli_opts *o)
{
    struct wt_matrix *m = NULL;
    if (wt_matrix_new(o->alloc, &m) != WT_OK) {
        cli_error("out of memory");
        return WT_EXIT_TRANSPORT;
    }
    const char *source = o->source ? o->source : MATRIX_SOURCE;
    const char *exempt = o->exempt ? o->exempt : matrix_exists(MATRIX_EXEMPT) ? MATRIX_EXEMPT
                                                                            : NULL;
    int rc = 0;
    if (o->source != NULL || matrix_exists(source)) {
        rc = matrix_feed(m, "--source ", source, wt_matrix_read_tags);
    } else {
        fprintf(stderr, "wtkit: matrix: no %s here: reference lines not matched (--source)\n",
                source);
    }
    if (rc == 0 && o->lcov != NULL) {
        rc = matrix_feed(m, "--lcov ", o->lcov, matrix_read_lcov_file);
    }
    if (rc == 0 && exempt != NULL) {
        rc = matrix_feed(m, "--exempt ", exempt, wt_matrix_read_exemptions);
    }
    rc = rc ? rc : matrix_runs(o, m, true);
    if (rc != 0) {
        wt_matrix_free(m);
        return rc;
    }
    wt_matrix_finish(m);
    wt_matrix_print(m, stdout, o->verbose);
    if (o->html != NULL) {
        FILE *f = fopen(o->html, "w");
        if (f == NULL || wt_matrix_write_html(m, f) != WT_OK || fclose(f) != 0) {
            cli_error("--html %s: could not be written", o->html);
            rc = WT_EXIT_USAGE;
        }
    }
    int exit = wt_matrix_flagged(m) ? WT_EXIT_FAIL : WT_EXIT_OK;
    wt_matrix_free(m);
    return rc ? rc : exit;
}

int cli_mutants_score(const struct cli_opts *o)
{
    struct wt_matrix *m = NULL;
    if (wt_matrix_new(o->alloc, &m) != WT_OK) {
        cli_error("out of memory");
        return WT_EXIT_TRANSPORT;
    }
    int rc = matrix_runs(o, m, false);
    if (rc != 0) {
        wt_matrix_free(m);
        return rc;
    }
    size_t survivors = wt_matrix_print_score(m, stdout);
    wt_matrix_free(m);
    return survivors ? WT_EXIT_FAIL : WT_EXIT_OK;
}
