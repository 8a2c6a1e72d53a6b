/* SPDX-License-Identifier: MIT */
/*
 * baseline.c - `wtkit run --baseline FILE|DIR` and `--write-baseline FILE`.
 *
 * A baseline is the set of things a transport is known to break under one
 * profile: one entry per line, a clause ID or a failed expectation
 * (`expect SCENARIO.wts:LINE`), then a free-text reason; `#` starts a
 * comment. A run passes when what it broke equals the baseline: anything
 * broken that the baseline does not list is NEW and fails the run;
 * anything listed that no longer breaks is FIXED, reported, and fails only
 * under --strict (so a stale baseline cannot hide a regression later).
 *
 * Given a directory, the file is DIR/<transport>.<profile>.baseline, where
 * <transport> is the transport's key (cli_transport_key): one file per
 * transport x version x profile.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/* One thing a run broke: a MUST clause, or an expectation at FILE:LINE. */
static void baseline_key_expect(const struct cli_run *run, size_t i, uint32_t line, char *buf,
                                size_t cap)
{
    const char *path = run->suite->items[i].path;
    const char *base = strrchr(path, '/');
    snprintf(buf, cap, "expect %s:%u", base ? base + 1 : path, (unsigned)line);
}

static bool baseline_has(struct cli_baseline *b, const char *key, bool mark)
{
    for (size_t i = 0; i < b->n; i++) {
        if (strcmp(b->rows[i].key, key) == 0) {
            b->rows[i].seen |= mark;
            return true;
        }
    }
    return false;
}

static int baseline_add(struct cli_baseline *b, const char *file, unsigned line_no,
                        const char *key, const char *reason)
{
    if (b->n == CLI_BASELINE_MAX) {
        cli_error("%s:%u: more than %d entries", file, line_no, CLI_BASELINE_MAX);
        return CLI_EXIT_USAGE;
    }
    if (baseline_has(b, key, false)) {
        cli_error("%s:%u: '%s' is listed twice", file, line_no, key);
        return CLI_EXIT_USAGE;
    }
    struct cli_baseline_row *row = &b->rows[b->n++];
    snprintf(row->key, sizeof row->key, "%s", key);
    snprintf(row->reason, sizeof row->reason, "%s", reason);
    row->seen = false;
    return 0;
}

/* Parses one line: "ID reason" or "expect NAME.wts:LINE reason". */
static int baseline_line(struct cli_baseline *b, const char *file, unsigned line_no, char *s)
{
    char *hash = strchr(s, '#');
    if (hash != NULL) {
        *hash = '\0';
    }
    s += strspn(s, " \t");
    size_t end = strlen(s);
    while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\r')) {
        s[--end] = '\0';
    }
    if (*s == '\0') {
        return 0;
    }
    char key[CLI_BASELINE_KEY_MAX];
    size_t klen = strcspn(s, " \t");
    if (strncmp(s, "expect", klen) == 0 && klen == 6) {
        const char *what = s + klen + strspn(s + klen, " \t");
        size_t wlen = strcspn(what, " \t");
        const char *colon = memchr(what, ':', wlen);
        if (wlen == 0 || colon == NULL || colon == what + wlen - 1) {
            cli_error("%s:%u: expected 'expect SCENARIO.wts:LINE reason'", file, line_no);
            return CLI_EXIT_USAGE;
        }
        snprintf(key, sizeof key, "expect %.*s", (int)wlen, what);
        const char *reason = what + wlen + strspn(what + wlen, " \t");
        return baseline_add(b, file, line_no, key, reason);
    }
    snprintf(key, sizeof key, "%.*s", (int)klen, s);
    size_t index;
    if (wt_catalog_find(key, &index) != WT_OK) {
        cli_error("%s:%u: unknown clause '%s' (see: wtkit clauses)", file, line_no, key);
        return CLI_EXIT_USAGE;
    }
    return baseline_add(b, file, line_no, key, s + klen + strspn(s + klen, " \t"));
}

void cli_transport_key(const struct cli_transport *t, char *buf, size_t cap)
{
    char raw[400];
    if (t->adapter != NULL) {
        snprintf(raw, sizeof raw, "%s-%s", wt_adapter_name(t->adapter),
                 wt_adapter_version(t->adapter));
    } else if (t->ops != NULL) {
        snprintf(raw, sizeof raw, "%s", t->ops->name);
    } else {
        snprintf(raw, sizeof raw, "%s", t->name);
    }
    size_t i = 0;
    for (; raw[i] != '\0' && i + 1 < cap; i++) {
        char c = raw[i];
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '.' || c == '_' || c == '-';
        buf[i] = plain ? c : '-';
    }
    if (cap > 0) {
        buf[i] = '\0';
    }
}

int cli_baseline_load(const char *arg, const struct cli_run *run, struct cli_baseline *b)
{
    struct stat st;
    memset(b, 0, sizeof *b);
    snprintf(b->path, sizeof b->path, "%s", arg);
    if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
        char key[300];
        cli_transport_key(run->transport, key, sizeof key);
        snprintf(b->path, sizeof b->path, "%s/%s.%s.baseline", arg, key,
                 wt_profile_name(run->profile));
    }
    FILE *f = fopen(b->path, "r");
    if (f == NULL) {
        cli_error("--baseline: %s: %s", b->path, strerror(errno));
        return CLI_EXIT_USAGE;
    }
    char line[1024];
    unsigned line_no = 0;
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f) != NULL) {
        line_no++;
        if (strchr(line, '\n') == NULL && !feof(f)) {
            cli_error("%s:%u: line too long (at most %zu bytes)", b->path, line_no,
                      sizeof line - 2);
            rc = CLI_EXIT_USAGE;
            break;
        }
        line[strcspn(line, "\n")] = '\0';
        rc = baseline_line(b, b->path, line_no, line);
    }
    fclose(f);
    return rc;
}

/* Calls fn for everything the run broke: MUST clause FAILs, failed expectations. */
static void baseline_broken(const struct cli_run *run,
                            void (*fn)(void *ud, const char *key, const char *why), void *ud)
{
    char key[CLI_BASELINE_KEY_MAX];
    for (size_t c = 0; c < wt_catalog_count(); c++) {
        if (!run->selected[c] || wt_catalog_at(c)->kind != WT_CLAUSE_MUST ||
            wt_runner_clause_status(run->runner, c, NULL) != WT_VERDICT_FAIL) {
            continue;
        }
        const struct wt_run_tally *t = wt_runner_tally(run->runner, c);
        fn(ud, wt_catalog_at(c)->id, t != NULL ? t->first_fail_reason : "");
    }
    for (size_t i = 0; i < run->suite->n; i++) {
        const struct wt_run_result *res = &run->results[i];
        for (unsigned k = 0; k < res->nexpects && k < WT_RUN_EXPECTS_MAX; k++) {
            baseline_key_expect(run, i, res->expects[k].line, key, sizeof key);
            fn(ud, key, res->expects[k].message);
        }
    }
}

static void baseline_judge_one(void *ud, const char *key, const char *why)
{
    struct cli_baseline *b = ud;
    if (baseline_has(b, key, true)) {
        b->known++;
        return;
    }
    if (b->nfresh < CLI_BASELINE_MAX) {
        struct cli_baseline_row *row = &b->fresh[b->nfresh];
        snprintf(row->key, sizeof row->key, "%s", key);
        snprintf(row->reason, sizeof row->reason, "%s", why);
    }
    b->nfresh++;
}

void cli_baseline_judge(struct cli_run *run, struct cli_baseline *b)
{
    baseline_broken(run, baseline_judge_one, b);
    for (size_t i = 0; i < b->n; i++) {
        b->fixed += !b->rows[i].seen;
    }
    if (run->exit_status == CLI_EXIT_TRANSPORT) {
        return; /* a transport that could not run is never excused */
    }
    /*
     * A hang is excused only through the clause it broke (the liveness
     * clauses judge BOUND): one that broke no MUST clause has no entry a
     * baseline could list, so it still fails.
     */
    bool hang = false;
    for (size_t i = 0; i < run->suite->n; i++) {
        hang |= run->results[i].hang && !run->results[i].must_failed;
    }
    bool fail = b->nfresh > 0 || hang || (b->fixed > 0 && run->opts->strict);
    for (size_t c = 0; run->opts->strict && c < wt_catalog_count(); c++) {
        fail |= run->selected[c] &&
                wt_runner_clause_status(run->runner, c, NULL) == WT_VERDICT_NOT_EXERCISED;
    }
    run->exit_status = fail ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

void cli_baseline_print(const struct cli_baseline *b, FILE *out)
{
    fprintf(out, "\nbaseline %s:\n", b->path);
    for (size_t i = 0; i < b->nfresh && i < CLI_BASELINE_MAX; i++) {
        fprintf(out, "NEW    %s  %s\n", b->fresh[i].key, b->fresh[i].reason);
    }
    for (size_t i = 0; i < b->n; i++) {
        if (!b->rows[i].seen) {
            fprintf(out, "FIXED  %s  (listed: %s) no longer breaks: update the baseline\n",
                    b->rows[i].key, b->rows[i].reason);
        }
    }
    fprintf(out, "baseline: %zu known, %zu new, %zu fixed\n", b->known, b->nfresh, b->fixed);
}

struct baseline_writer {
    FILE *f;
};

static void baseline_write_one(void *ud, const char *key, const char *why)
{
    struct baseline_writer *w = ud;
    fprintf(w->f, "%s  %s\n", key, why);
}

int cli_baseline_write(const struct cli_run *run, const char *arg)
{
    char key[300], path[4096];
    struct stat st;
    cli_transport_key(run->transport, key, sizeof key);
    snprintf(path, sizeof path, "%s", arg);
    if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(path, sizeof path, "%s/%s.%s.baseline", arg, key, wt_profile_name(run->profile));
    }
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        cli_error("--write-baseline: %s: %s", path, strerror(errno));
        return CLI_EXIT_USAGE;
    }
    fprintf(f, "# wtkit baseline: transport %s, profile %s, catalog %s\n", key,
            wt_profile_name(run->profile), wt_catalog_version());
    fprintf(f, "# One entry per line: a clause ID or 'expect SCENARIO.wts:LINE', then why.\n");
    struct baseline_writer w = {.f = f};
    baseline_broken(run, baseline_write_one, &w);
    if (fclose(f) != 0) {
        cli_error("--write-baseline: %s: %s", path, strerror(errno));
        return CLI_EXIT_USAGE;
    }
    return 0;
}
