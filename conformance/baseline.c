/* SPDX-License-Identifier: MIT */
/*
 * baseline.c - what a transport is known to break, against an outcome.
 *
 * A baseline is one entry per line, a clause ID or a failed expectation
 * (`expect SCENARIO.wts:LINE`), then a free-text reason; `#` starts a
 * comment. A run passes when what it broke equals the baseline: anything
 * broken that the baseline does not list is NEW and fails the run;
 * anything listed that no longer breaks is FIXED, reported, and fails only
 * under --strict (so a stale baseline cannot hide a regression later).
 * Given a directory, the file is DIR/<transport key>.<profile>.baseline.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "session_int.h"
#include "wt/errors.h"
#include "wt/spec.h"


static struct wt_baseline_row *baseline_find(struct wt_baseline_diff *b, const char *key)
{
    for (size_t i = 0; i < b->nrows; i++) {
        if (strcmp(b->rows[i].key, key) == 0) {
            return &b->rows[i];
        }
    }
    return NULL;
}

static int baseline_add(struct wt_baseline_diff *b, unsigned line_no, const char *key,
                        const char *reason, char *err, size_t cap)
{
    if (b->nrows == WT_BASELINE_ROWS_MAX) {
        wt__say(err, cap, "%s:%u: more than %d entries", b->path, line_no,
                     WT_BASELINE_ROWS_MAX);
        return WT_ESYNTAX;
    }
    if (baseline_find(b, key) != NULL) {
        wt__say(err, cap, "%s:%u: '%s' is listed twice", b->path, line_no, key);
        return WT_ESYNTAX;
    }
    struct wt_baseline_row *row = &b->rows[b->nrows++];
    snprintf(row->key, sizeof row->key, "%s", key);
    snprintf(row->reason, sizeof row->reason, "%s", reason);
    row->seen = false;
    return WT_OK;
}

/* One line: "ID reason" or "expect NAME.wts:LINE reason". */
static int baseline_line(struct wt_baseline_diff *b, unsigned line_no, char *s, char *err,
                         size_t cap)
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
        return WT_OK;
    }
    char key[300];
    size_t klen = strcspn(s, " \t");
    if (klen == 6 && strncmp(s, "expect", klen) == 0) {
        const char *what = s + klen + strspn(s + klen, " \t");
        size_t wlen = strcspn(what, " \t");
        const char *colon = memchr(what, ':', wlen);
        if (wlen == 0 || colon == NULL || colon == what + wlen - 1) {
            wt__say(err, cap, "%s:%u: expected 'expect SCENARIO.wts:LINE reason'", b->path,
                         line_no);
            return WT_ESYNTAX;
        }
        snprintf(key, sizeof key, "expect %.*s", (int)wlen, what);
        const char *reason = what + wlen + strspn(what + wlen, " \t");
        return baseline_add(b, line_no, key, reason, err, cap);
    }
    snprintf(key, sizeof key, "%.*s", (int)klen, s);
    size_t index;
    if (wt_catalog_find(key, &index) != WT_OK) {
        wt__say(err, cap, "%s:%u: unknown clause '%s' (see: wtkit clauses)", b->path,
                     line_no, key);
        return WT_ESYNTAX;
    }
    return baseline_add(b, line_no, key, s + klen + strspn(s + klen, " \t"), err, cap);
}

/* FILE, or DIR/<key>.<profile>.baseline. */
static void baseline_path(const char *arg, const struct wt_outcome *o, char *buf, size_t cap)
{
    struct stat st;
    snprintf(buf, cap, "%s", arg);
    if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(buf, cap, "%s/%s.%s.baseline", arg, o->settings.transport_key,
                 o->settings.profile);
    }
}

int wt_baseline_load(const char *arg, const struct wt_outcome *o, struct wt_baseline_diff *b,
                     char *err, size_t cap)
{
    memset(b, 0, sizeof *b);
    baseline_path(arg, o, b->path, sizeof b->path);
    FILE *f = fopen(b->path, "r");
    if (f == NULL) {
        wt__say(err, cap, "--baseline: %s: %s", b->path, strerror(errno));
        return WT_EIO;
    }
    char line[1024];
    unsigned line_no = 0;
    int rc = WT_OK;
    while (rc == WT_OK && fgets(line, sizeof line, f) != NULL) {
        line_no++;
        if (strchr(line, '\n') == NULL && !feof(f)) {
            wt__say(err, cap, "%s:%u: line too long (at most %zu bytes)", b->path, line_no,
                         sizeof line - 2);
            rc = WT_ESYNTAX;
            break;
        }
        line[strcspn(line, "\n")] = '\0';
        rc = baseline_line(b, line_no, line, err, cap);
    }
    fclose(f);
    return rc;
}

/* Calls fn for what the run broke: selected MUST clause FAILs, failed expectations. */
static void baseline_broken(const struct wt_outcome *o,
                            void (*fn)(void *ud, const char *key, const char *why), void *ud)
{
    for (size_t c = 0; c < o->nclauses; c++) {
        const struct wt_outcome_clause *cl = &o->clauses[c];
        if (cl->selected && wt_catalog_at(c)->kind == WT_CLAUSE_MUST &&
            cl->verdict == WT_VERDICT_FAIL && !cl->interop) {
            fn(ud, wt_catalog_at(c)->id, cl->first_reason);
        }
    }
    for (size_t i = 0; i < o->ncases; i++) {
        const struct wt_outcome_case *cs = &o->cases[i];
        const char *base = strrchr(cs->name, '/');
        /* A passing case's expectations are INTEROP notes (session.c): nothing broke. */
        for (unsigned k = 0; cs->status != WT_RUN_PASS && k < cs->nexpects &&
                             k < WT_RUN_EXPECTS_MAX; k++) {
            char key[300];
            snprintf(key, sizeof key, "expect %.250s:%u", base ? base + 1 : cs->name,
                     (unsigned)cs->expects[k].line);
            fn(ud, key, cs->expects[k].message);
        }
    }
}

static void baseline_judge_one(void *ud, const char *key, const char *why)
{
    struct wt_baseline_diff *b = ud;
    struct wt_baseline_row *row = baseline_find(b, key);
    if (row != NULL) {
        row->seen = true;
        b->known++;
        return;
    }
    if (b->nfresh < WT_BASELINE_ROWS_MAX) {
        row = &b->fresh[b->nfresh];
        snprintf(row->key, sizeof row->key, "%s", key);
        snprintf(row->reason, sizeof row->reason, "%s", why);
    }
    b->nfresh++;
}

void wt__baseline_judge(const struct wt_outcome *o, struct wt_baseline_diff *b)
{
    b->known = b->nfresh = b->fixed = 0;
    baseline_broken(o, baseline_judge_one, b);
    for (size_t i = 0; i < b->nrows; i++) {
        b->fixed += !b->rows[i].seen;
    }
}

void wt_baseline_print(const struct wt_baseline_diff *b, FILE *out)
{
    fprintf(out, "\nbaseline %s:\n", b->path);
    for (size_t i = 0; i < b->nfresh && i < WT_BASELINE_ROWS_MAX; i++) {
        fprintf(out, "NEW    %s  %s\n", b->fresh[i].key, b->fresh[i].reason);
    }
    for (size_t i = 0; i < b->nrows; i++) {
        if (!b->rows[i].seen) {
            fprintf(out, "FIXED  %s  (listed: %s) no longer breaks: update the baseline\n",
                    b->rows[i].key, b->rows[i].reason);
        }
    }
    fprintf(out, "baseline: %zu known, %zu new, %zu fixed\n", b->known, b->nfresh, b->fixed);
}

static void baseline_write_one(void *ud, const char *key, const char *why)
{
    fprintf(ud, "%s  %s\n", key, why);
}

int wt_baseline_write(const struct wt_outcome *o, const char *arg, char *err, size_t cap)
{
    char path[4096];
    baseline_path(arg, o, path, sizeof path);
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        wt__say(err, cap, "--write-baseline: %s: %s", path, strerror(errno));
        return WT_EIO;
    }
    fprintf(f, "# wtkit baseline: transport %s, profile %s, catalog %s\n",
            o->settings.transport_key, o->settings.profile, wt_catalog_version());
    fprintf(f, "# One entry per line: a clause ID or 'expect SCENARIO.wts:LINE', then why.\n");
    baseline_broken(o, baseline_write_one, f);
    if (fclose(f) != 0) {
        wt__say(err, cap, "--write-baseline: %s: %s", path, strerror(errno));
        return WT_EIO;
    }
    return WT_OK;
}
