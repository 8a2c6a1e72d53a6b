/* SPDX-License-Identifier: MIT */
/*
 * outcome.c - the one value a run produces, decided once.
 *
 * Cases are added as they finish; per-clause counts grow with every case,
 * kept or not (a sweep keeps only its failures, so memory does not grow
 * with passing seeds). wt_outcome_finish then derives, in one place, each
 * clause's verdict, its first failure (the earliest kept case by merge
 * key, so a case's index always names a case that FAILed that clause) and
 * the exit class. The text form lets a child process hand its part back;
 * merging adds counts and interleaves cases by their merge key.
 *
 * Sections:
 *   1. cases and counts
 *   2. verdicts and the exit class
 *   3. the text form
 *   4. merging
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "wt/errors.h"
#include "wt/session.h"
#include "wt/spec.h"

/* ===== 1. cases and counts ============================================== */

int wt_outcome_new(const struct wt_allocator *a, size_t nclauses, struct wt_outcome **out)
{
    struct wt_outcome *o = wt_calloc(a, 1, sizeof *o);
    if (o == NULL) {
        return WT_ENOMEM;
    }
    o->alloc = a;
    o->nclauses = nclauses;
    o->clauses = wt_calloc(a, nclauses ? nclauses : 1, sizeof *o->clauses);
    if (o->clauses == NULL) {
        wt_free(a, o);
        return WT_ENOMEM;
    }
    for (size_t i = 0; i < nclauses; i++) {
        o->clauses[i].selected = true;
        o->clauses[i].first_case = -1;
    }
    *out = o;
    return WT_OK;
}

static void outcome_case_deinit(const struct wt_allocator *a, struct wt_outcome_case *c)
{
    wt_free(a, c->verdicts);
    wt_free(a, c->fails);
    wt_free(a, c->context);
    wt_free(a, c->notes);
    c->verdicts = NULL;
    c->fails = NULL;
    c->context = NULL;
    c->notes = NULL;
}

void wt_outcome_free(struct wt_outcome *o)
{
    if (o == NULL) {
        return;
    }
    const struct wt_allocator *a = o->alloc;
    for (size_t i = 0; i < o->ncases; i++) {
        outcome_case_deinit(a, &o->cases[i]);
    }
    wt_free(a, o->cases);
    wt_free(a, o->clauses);
    wt_free(a, o->baseline);
    for (size_t i = 0; i < o->ntimelines; i++) {
        wt_free(a, o->timelines[i].events);
    }
    wt_free(a, o->timelines);
    wt_free(a, o);
}

void wt_outcome_count_case(struct wt_outcome *o, const struct wt_outcome_case *c)
{
    if (c->status >= 0 && c->status < WT_RUN_STATUS_COUNT) {
        o->by_status[c->status]++;
    }
    for (size_t k = 0; c->verdicts != NULL && k < o->nclauses; k++) {
        int v = WT_OUTCOME_VERDICT(c->verdicts[k]);
        struct wt_outcome_clause *cl = &o->clauses[k];
        cl->exercised += v == WT_VERDICT_PASS || v == WT_VERDICT_FAIL;
        cl->failed += v == WT_VERDICT_FAIL;
        cl->conflicts += (c->verdicts[k] & WT_OUTCOME_CONFLICT) != 0;
        cl->knock_ons += v == WT_VERDICT_FAIL && (c->verdicts[k] & WT_OUTCOME_KNOCK_ON) != 0;
    }
}

/* Copies c's arrays into *dst (a deep copy). */
static int outcome_case_copy(const struct wt_allocator *a, struct wt_outcome_case *dst,
                             const struct wt_outcome_case *c, size_t nclauses)
{
    *dst = *c;
    dst->verdicts = NULL;
    dst->fails = NULL;
    dst->context = NULL;
    dst->notes = NULL;
    if (c->verdicts != NULL) {
        dst->verdicts = wt_alloc(a, nclauses ? nclauses : 1);
        if (dst->verdicts == NULL) {
            return WT_ENOMEM;
        }
        memcpy(dst->verdicts, c->verdicts, nclauses);
    }
    if (c->nfails > 0) {
        dst->fails = wt_alloc(a, c->nfails * sizeof *dst->fails);
        if (dst->fails == NULL) {
            outcome_case_deinit(a, dst);
            return WT_ENOMEM;
        }
        memcpy(dst->fails, c->fails, c->nfails * sizeof *dst->fails);
    }
    if (c->ncontext > 0) {
        dst->context = wt_alloc(a, c->ncontext * sizeof *dst->context);
        if (dst->context == NULL) {
            outcome_case_deinit(a, dst);
            return WT_ENOMEM;
        }
        memcpy(dst->context, c->context, c->ncontext * sizeof *dst->context);
    }
    if (c->nnotes > 0) {
        dst->notes = wt_alloc(a, c->nnotes * sizeof *dst->notes);
        if (dst->notes == NULL) {
            outcome_case_deinit(a, dst);
            return WT_ENOMEM;
        }
        memcpy(dst->notes, c->notes, c->nnotes * sizeof *dst->notes);
    }
    return WT_OK;
}

static int outcome_reserve(struct wt_outcome *o, size_t n)
{
    if (n <= o->cap) {
        return WT_OK;
    }
    size_t cap = o->cap ? o->cap : 16;
    while (cap < n) {
        cap *= 2;
    }
    struct wt_outcome_case *cases = wt_realloc(o->alloc, o->cases, cap * sizeof *cases);
    if (cases == NULL) {
        return WT_ENOMEM;
    }
    o->cases = cases;
    o->cap = cap;
    return WT_OK;
}

/* Keeps a copy of c without counting it. */
static int outcome_keep(struct wt_outcome *o, const struct wt_outcome_case *c)
{
    if (outcome_reserve(o, o->ncases + 1) != WT_OK) {
        return WT_ENOMEM;
    }
    int rc = outcome_case_copy(o->alloc, &o->cases[o->ncases], c, o->nclauses);
    if (rc == WT_OK) {
        o->ncases++;
    }
    return rc;
}

int wt_outcome_add_case(struct wt_outcome *o, const struct wt_outcome_case *c)
{
    int rc = outcome_keep(o, c);
    if (rc == WT_OK) {
        wt_outcome_count_case(o, c);
    }
    return rc;
}

/* ===== 2. verdicts and the exit class =================================== */

void wt_outcome_finish(struct wt_outcome *o)
{
    const struct wt_profile *profile = NULL;
    (void)wt_profile_find(o->settings.profile, &profile);
    bool broken = o->not_run > 0 || o->by_status[WT_RUN_ERROR] > 0;
    bool failed = o->by_status[WT_RUN_FAIL] > 0 || o->by_status[WT_RUN_HANG] > 0 ||
                  o->by_status[WT_RUN_NONDET] > 0 || o->by_status[WT_RUN_CRASH] > 0;
    bool not_exercised = false;
    for (size_t k = 0; k < o->nclauses; k++) {
        struct wt_outcome_clause *cl = &o->clauses[k];
        const struct wt_clause *c = wt_catalog_at(k);
        cl->verdict = WT_VERDICT_NOT_APPLICABLE;
        cl->conflict = false;
        cl->interop = profile != NULL && wt_profile_notes(profile, k);
        if (c != NULL && c->checkable && profile != NULL && wt_profile_judges(profile, k)) {
            cl->verdict = cl->failed      ? WT_VERDICT_FAIL
                          : cl->exercised ? WT_VERDICT_PASS
                                          : WT_VERDICT_NOT_EXERCISED;
            cl->conflict = cl->conflicts > 0 && cl->failed == 0;
        }
        cl->first_case = -1;
        cl->first_event = 0;
        cl->first_reason[0] = '\0';
        for (size_t i = 0; cl->failed > 0 && i < o->ncases && cl->first_case < 0; i++) {
            const struct wt_outcome_case *cs = &o->cases[i];
            for (size_t f = 0; f < cs->nfails; f++) {
                if (cs->fails[f].clause == k &&
                    WT_OUTCOME_VERDICT(cs->verdicts[k]) == WT_VERDICT_FAIL) {
                    cl->first_case = (int64_t)i;
                    cl->first_event = cs->fails[f].event;
                    memcpy(cl->first_reason, cs->fails[f].reason, sizeof cl->first_reason);
                    break;
                }
            }
        }
        if (!cl->selected) {
            continue;
        }
        failed |= cl->verdict == WT_VERDICT_FAIL && c->kind == WT_CLAUSE_MUST && !cl->interop;
        /* --strict asks for what the profile requires; a note is not that. */
        not_exercised |= cl->verdict == WT_VERDICT_NOT_EXERCISED && !cl->interop;
    }
    failed |= not_exercised && o->settings.strict;
    if (o->baseline != NULL && !broken) {
        /*
         * A hang is excused only through the clause it broke: one that
         * broke no MUST clause has no entry a baseline could list.
         */
        bool hang = false;
        for (size_t i = 0; i < o->ncases; i++) {
            hang |= (o->cases[i].status == WT_RUN_HANG || o->cases[i].status == WT_RUN_CRASH) &&
                    !o->cases[i].must_failed;
        }
        failed = o->baseline->nfresh > 0 || hang ||
                 (o->settings.strict && (o->baseline->fixed > 0 || not_exercised));
    }
    o->exit = broken ? WT_EXIT_TRANSPORT : failed ? WT_EXIT_FAIL : WT_EXIT_OK;
}

int wt_outcome_exit(const struct wt_outcome *o) { return o->exit; }

/* ===== 3. the text form ================================================= */

/* A string as one word: bytes outside '!'..'~', and '%', as %XX; "" as "%". */
static void text_word(FILE *f, const char *s)
{
    if (s[0] == '\0') {
        fputc('%', f);
    }
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c <= ' ' || c > '~' || c == '%') {
            fprintf(f, "%%%02X", c);
        } else {
            fputc(c, f);
        }
    }
}

static int text_hex(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The inverse of text_word into buf; false on a bad escape or overflow. */
static bool text_unword(const char *w, char *buf, size_t cap)
{
    size_t n = 0;
    if (strcmp(w, "%") == 0) {
        buf[0] = '\0';
        return cap > 0;
    }
    for (; *w != '\0'; w++) {
        char c = *w;
        if (c == '%') {
            int hi = text_hex(w[1]), lo = hi >= 0 ? text_hex(w[2]) : -1;
            if (lo < 0) {
                return false;
            }
            c = (char)(hi * 16 + lo);
            w += 2;
        }
        if (n + 1 >= cap) {
            return false;
        }
        buf[n++] = c;
    }
    buf[n] = '\0';
    return true;
}

static void text_settings(const struct wt_outcome_settings *s, FILE *f)
{
    const struct {
        const char *key;
        const char *value;
    } strs[] = {
        {"program", s->program},     {"profile", s->profile},
        {"flavor", s->flavor},       {"transport", s->transport},
        {"transport_key", s->transport_key}, {"replay", s->replay},
        {"transport_spec", s->transport_spec}, {"skipped", s->skipped},
    };
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
        fprintf(f, "set %s ", strs[i].key);
        text_word(f, strs[i].value);
        fputc('\n', f);
    }
    fprintf(f, "num %d %" PRIu64 " %d %d %" PRIu64 " %" PRIu64 " %zu %" PRIu32 " %d %" PRIu32
               " %" PRIu32 " %d\n",
            s->has_seed, s->seed, s->strict, s->seeds, s->seed_first, s->seed_last, s->seed_ops,
            s->generator, s->replay_checked, s->missing, s->defaulted, s->can_write_eof + 1);
}

static void text_case(const struct wt_outcome *o, const struct wt_outcome_case *c, FILE *f)
{
    fprintf(f,
            "case %" PRIu64 " %d %d %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
            " %d %d %" PRIu32 " %d %d %u %u ",
            c->order, c->is_seed, c->status, c->seed, c->hash, c->replay_hash, c->events,
            c->end_ns, c->hang, c->bound_progress, c->hang_line, c->nondeterministic,
            c->must_failed, c->nexpects, c->unjudged);
    text_word(f, c->name);
    fputc(' ', f);
    text_word(f, c->flavor);
    fputc(' ', f);
    text_word(f, c->message);
    fputs(" ", f);
    if (c->verdicts == NULL) {
        fputc('-', f);
    }
    for (size_t k = 0; c->verdicts != NULL && k < o->nclauses; k++) {
        fprintf(f, "%02X", c->verdicts[k]);
    }
    fputc('\n', f);
    for (unsigned k = 0; k < c->nexpects && k < WT_RUN_EXPECTS_MAX; k++) {
        fprintf(f, "expect %" PRIu32 " %" PRIu32 " ", c->expects[k].line, c->expects[k].event);
        text_word(f, c->expects[k].message);
        fputc('\n', f);
    }
    for (size_t k = 0; k < c->nfails; k++) {
        const struct wt_outcome_fail *x = &c->fails[k];
        fprintf(f, "fail %s %" PRIu32 " %d %s %" PRIu32 " ", wt_catalog_at(x->clause)->id,
                x->event, x->conflict, x->knock_on ? wt_catalog_at(x->cause_clause)->id : "-",
                x->cause_event);
        text_word(f, x->reason);
        fputc('\n', f);
    }
    for (size_t k = 0; k < c->nnotes; k++) {
        fprintf(f, "note %" PRIu32 " ", c->notes[k].event);
        text_word(f, c->notes[k].text);
        fputc('\n', f);
    }
    if (c->stderr_text[0] != '\0') {
        fputs("stderr ", f);
        text_word(f, c->stderr_text);
        fputc('\n', f);
    }
    for (size_t k = 0; k < c->ncontext; k++) {
        const struct wt_event *e = &c->context[k];
        fprintf(f, "ctx %" PRIu32 " %u %u %" PRId32 " %" PRId64 " %" PRId64 " %" PRId64 "\n",
                e->index, e->kind, e->what, e->rc, e->a, e->b, e->c);
    }
}

int wt_outcome_write(const struct wt_outcome *o, FILE *f)
{
    fprintf(f, "wtkit-outcome %d %zu\n", WT_OUTCOME_VERSION, o->nclauses);
    text_settings(&o->settings, f);
    for (size_t k = 0; k < o->nclauses; k++) {
        const struct wt_outcome_clause *cl = &o->clauses[k];
        fprintf(f, "clause %s %d %" PRIu32 " %" PRIu32 " %" PRIu32 " %" PRIu32 "\n",
                wt_catalog_at(k)->id, cl->selected, cl->exercised, cl->failed, cl->conflicts,
                cl->knock_ons);
    }
    fputs("failure ", f);
    text_word(f, o->failure);
    fputc('\n', f);
    fprintf(f, "count %" PRIu64, o->not_run);
    for (int s = 0; s < WT_RUN_STATUS_COUNT; s++) {
        fprintf(f, " %" PRIu64, o->by_status[s]);
    }
    fputc('\n', f);
    for (size_t i = 0; i < o->ncases; i++) {
        text_case(o, &o->cases[i], f);
    }
    fputs("end\n", f);
    return ferror(f) ? WT_EIO : WT_OK;
}

#define TEXT_WORDS_MAX 24

/* Splits line in place into words; returns how many. */
static size_t text_split(char *line, char **w)
{
    size_t n = 0;
    for (char *p = strtok(line, " \n"); p != NULL && n < TEXT_WORDS_MAX; p = strtok(NULL, " \n")) {
        w[n++] = p;
    }
    return n;
}

static bool text_u64(const char *s, uint64_t *v)
{
    char *end;
    if (!isdigit((unsigned char)s[0])) {
        return false;
    }
    *v = strtoull(s, &end, 10);
    return *end == '\0';
}

static bool text_i64(const char *s, int64_t *v)
{
    char *end;
    *v = strtoll(s, &end, 10);
    return s[0] != '\0' && *end == '\0';
}

static bool text_clause(const char *id, uint32_t *out)
{
    size_t k;
    if (wt_catalog_find(id, &k) != WT_OK) {
        return false;
    }
    *out = (uint32_t)k;
    return true;
}

static bool text_set(struct wt_outcome_settings *s, char **w, size_t n)
{
    struct {
        const char *key;
        char *buf;
        size_t cap;
    } strs[] = {
        {"program", s->program, sizeof s->program},
        {"profile", s->profile, sizeof s->profile},
        {"flavor", s->flavor, sizeof s->flavor},
        {"transport", s->transport, sizeof s->transport},
        {"transport_key", s->transport_key, sizeof s->transport_key},
        {"replay", s->replay, sizeof s->replay},
        {"transport_spec", s->transport_spec, sizeof s->transport_spec},
        {"skipped", s->skipped, sizeof s->skipped},
    };
    for (size_t i = 0; n == 3 && i < sizeof strs / sizeof strs[0]; i++) {
        if (strcmp(w[1], strs[i].key) == 0) {
            return text_unword(w[2], strs[i].buf, strs[i].cap);
        }
    }
    return false;
}

static bool text_num(struct wt_outcome_settings *s, char **w, size_t n)
{
    uint64_t v[12];
    if (n != 13) {
        return false;
    }
    for (size_t i = 0; i < 12; i++) {
        if (!text_u64(w[i + 1], &v[i])) {
            return false;
        }
    }
    s->has_seed = v[0] != 0;
    s->seed = v[1];
    s->strict = v[2] != 0;
    s->seeds = v[3] != 0;
    s->seed_first = v[4];
    s->seed_last = v[5];
    s->seed_ops = (size_t)v[6];
    s->generator = (uint32_t)v[7];
    s->replay_checked = v[8] != 0;
    s->missing = (uint32_t)v[9];
    s->defaulted = (uint32_t)v[10];
    s->can_write_eof = v[11] > 2 ? -1 : (int)v[11] - 1;
    return true;
}

static bool text_read_case(struct wt_outcome *o, char **w, size_t n, struct wt_outcome_case *c)
{
    uint64_t v[15];
    if (n != 20) {
        return false;
    }
    for (size_t i = 0; i < 15; i++) {
        if (!text_u64(w[i + 1], &v[i])) {
            return false;
        }
    }
    memset(c, 0, sizeof *c);
    c->order = v[0];
    c->is_seed = v[1] != 0;
    c->status = (int)v[2];
    c->seed = v[3];
    c->hash = v[4];
    c->replay_hash = v[5];
    c->events = v[6];
    c->end_ns = v[7];
    c->hang = v[8] != 0;
    c->bound_progress = v[9] != 0;
    c->hang_line = (uint32_t)v[10];
    c->nondeterministic = v[11] != 0;
    c->must_failed = v[12] != 0;
    c->nexpects = (unsigned)v[13];
    c->unjudged = (unsigned)v[14];
    if (c->status < 0 || c->status >= WT_RUN_STATUS_COUNT ||
        !text_unword(w[16], c->name, sizeof c->name) ||
        !text_unword(w[17], c->flavor, sizeof c->flavor) ||
        !text_unword(w[18], c->message, sizeof c->message)) {
        return false;
    }
    if (strcmp(w[19], "-") == 0) {
        return true;
    }
    if (strlen(w[19]) != 2 * o->nclauses) {
        return false;
    }
    c->verdicts = wt_alloc(o->alloc, o->nclauses ? o->nclauses : 1);
    for (size_t k = 0; c->verdicts != NULL && k < o->nclauses; k++) {
        int hi = text_hex(w[19][2 * k]), lo = text_hex(w[19][2 * k + 1]);
        if (hi < 0 || lo < 0) {
            return false;
        }
        c->verdicts[k] = (uint8_t)(hi * 16 + lo);
    }
    return c->verdicts != NULL;
}

/* Appends one element to a case's growing array (fails, context). */
static void *text_grow(const struct wt_allocator *a, void *arr, size_t n, size_t size)
{
    return wt_realloc(a, arr, (n + 1) * size);
}

static bool text_case_line(const struct wt_allocator *a, struct wt_outcome_case *c, char **w,
                           size_t n)
{
    if (strcmp(w[0], "expect") == 0 && n == 4) {
        uint64_t line, event;
        if (!text_u64(w[1], &line) || !text_u64(w[2], &event)) {
            return false;
        }
        for (unsigned k = 0; k < WT_RUN_EXPECTS_MAX; k++) {
            if (c->expects[k].message[0] == '\0' && c->expects[k].line == 0) {
                c->expects[k].line = (uint32_t)line;
                c->expects[k].event = (uint32_t)event;
                return text_unword(w[3], c->expects[k].message, sizeof c->expects[k].message);
            }
        }
        return false;
    }
    if (strcmp(w[0], "fail") == 0 && n == 7) {
        struct wt_outcome_fail x = {0};
        uint64_t event, conflict, cause_event;
        if (!text_clause(w[1], &x.clause) || !text_u64(w[2], &event) ||
            !text_u64(w[3], &conflict) || !text_u64(w[5], &cause_event) ||
            !text_unword(w[6], x.reason, sizeof x.reason)) {
            return false;
        }
        x.knock_on = strcmp(w[4], "-") != 0;
        if (x.knock_on && !text_clause(w[4], &x.cause_clause)) {
            return false;
        }
        x.cause_event = (uint32_t)cause_event;
        x.event = (uint32_t)event;
        x.conflict = conflict != 0;
        struct wt_outcome_fail *fails = text_grow(a, c->fails, c->nfails, sizeof *fails);
        if (fails == NULL) {
            return false;
        }
        c->fails = fails;
        c->fails[c->nfails++] = x;
        return true;
    }
    if (strcmp(w[0], "note") == 0 && n == 3) {
        struct wt_outcome_note note = {0};
        uint64_t event;
        if (!text_u64(w[1], &event) || !text_unword(w[2], note.text, sizeof note.text)) {
            return false;
        }
        note.event = (uint32_t)event;
        struct wt_outcome_note *notes = text_grow(a, c->notes, c->nnotes, sizeof *notes);
        if (notes == NULL) {
            return false;
        }
        c->notes = notes;
        c->notes[c->nnotes++] = note;
        return true;
    }
    if (strcmp(w[0], "stderr") == 0 && n == 2) {
        return text_unword(w[1], c->stderr_text, sizeof c->stderr_text);
    }
    if (strcmp(w[0], "ctx") == 0 && n == 8) {
        int64_t v[7];
        for (size_t i = 0; i < 7; i++) {
            if (!text_i64(w[i + 1], &v[i])) {
                return false;
            }
        }
        struct wt_event e = {.index = (uint32_t)v[0], .kind = (uint16_t)v[1],
                             .what = (uint16_t)v[2], .rc = (int32_t)v[3], .a = v[4], .b = v[5],
                             .c = v[6]};
        struct wt_event *ctx = text_grow(a, c->context, c->ncontext, sizeof *ctx);
        if (ctx == NULL) {
            return false;
        }
        c->context = ctx;
        c->context[c->ncontext++] = e;
        return true;
    }
    return false;
}

int wt_outcome_read(FILE *f, const struct wt_allocator *a, struct wt_outcome **out)
{
    char line[8192];
    char *w[TEXT_WORDS_MAX];
    uint64_t version, nclauses;
    *out = NULL;
    if (fgets(line, sizeof line, f) == NULL || text_split(line, w) != 3 ||
        strcmp(w[0], "wtkit-outcome") != 0 || !text_u64(w[1], &version) ||
        version != WT_OUTCOME_VERSION || !text_u64(w[2], &nclauses) ||
        nclauses != wt_catalog_count()) {
        return WT_ESYNTAX;
    }
    struct wt_outcome *o;
    if (wt_outcome_new(a, (size_t)nclauses, &o) != WT_OK) {
        return WT_ENOMEM;
    }
    struct wt_outcome_case c = {0};
    bool have_case = false, ok = true, ended = false;
    while (ok && !ended && fgets(line, sizeof line, f) != NULL) {
        size_t n = text_split(line, w);
        if (n == 0) {
            ok = false;
        } else if (strcmp(w[0], "case") == 0 || strcmp(w[0], "end") == 0) {
            if (have_case) {
                ok = outcome_keep(o, &c) == WT_OK;
                outcome_case_deinit(a, &c);
                have_case = false;
            }
            ended = strcmp(w[0], "end") == 0;
            if (ok && !ended) {
                ok = text_read_case(o, w, n, &c);
                have_case = true;
            }
        } else if (have_case) {
            ok = text_case_line(a, &c, w, n);
        } else if (strcmp(w[0], "set") == 0) {
            ok = text_set(&o->settings, w, n);
        } else if (strcmp(w[0], "num") == 0) {
            ok = text_num(&o->settings, w, n);
        } else if (strcmp(w[0], "clause") == 0 && n == 7) {
            uint32_t k;
            uint64_t v[5];
            ok = text_clause(w[1], &k);
            for (size_t i = 0; ok && i < 5; i++) {
                ok = text_u64(w[i + 2], &v[i]);
            }
            if (ok) {
                o->clauses[k].selected = v[0] != 0;
                o->clauses[k].exercised = (uint32_t)v[1];
                o->clauses[k].failed = (uint32_t)v[2];
                o->clauses[k].conflicts = (uint32_t)v[3];
                o->clauses[k].knock_ons = (uint32_t)v[4];
            }
        } else if (strcmp(w[0], "failure") == 0 && n == 2) {
            ok = text_unword(w[1], o->failure, sizeof o->failure);
        } else if (strcmp(w[0], "count") == 0 && n == 2 + WT_RUN_STATUS_COUNT) {
            ok = text_u64(w[1], &o->not_run);
            for (int s = 0; ok && s < WT_RUN_STATUS_COUNT; s++) {
                ok = text_u64(w[s + 2], &o->by_status[s]);
            }
        } else {
            ok = false;
        }
    }
    if (have_case) {
        outcome_case_deinit(a, &c);
    }
    if (!ok || !ended) {
        wt_outcome_free(o);
        return WT_ESYNTAX;
    }
    wt_outcome_finish(o);
    *out = o;
    return WT_OK;
}

/* ===== 4. merging ======================================================= */

int wt_outcome_merge(struct wt_outcome *dst, const struct wt_outcome *src)
{
    if (dst->nclauses != src->nclauses ||
        strcmp(dst->settings.profile, src->settings.profile) != 0 ||
        strcmp(dst->settings.transport, src->settings.transport) != 0) {
        return WT_EINVAL;
    }
    if (outcome_reserve(dst, dst->ncases + src->ncases) != WT_OK) {
        return WT_ENOMEM;
    }
    /* Both are in merge-key order: merge from the back, in place. */
    size_t i = dst->ncases, j = src->ncases, k = dst->ncases + src->ncases;
    while (j > 0) {
        if (i > 0 && dst->cases[i - 1].order > src->cases[j - 1].order) {
            dst->cases[--k] = dst->cases[--i];
        } else {
            if (outcome_case_copy(dst->alloc, &dst->cases[k - 1], &src->cases[j - 1],
                                  dst->nclauses) != WT_OK) {
                /* Undo: close the gap so dst stays whole. */
                memmove(&dst->cases[i], &dst->cases[k], (dst->ncases + src->ncases - k) *
                                                            sizeof *dst->cases);
                dst->ncases = i + (dst->ncases + src->ncases - k);
                return WT_ENOMEM;
            }
            k--;
            j--;
        }
    }
    dst->ncases += src->ncases;
    for (size_t c = 0; c < dst->nclauses; c++) {
        dst->clauses[c].exercised += src->clauses[c].exercised;
        dst->clauses[c].failed += src->clauses[c].failed;
        dst->clauses[c].conflicts += src->clauses[c].conflicts;
        dst->clauses[c].knock_ons += src->clauses[c].knock_ons;
    }
    for (int s = 0; s < WT_RUN_STATUS_COUNT; s++) {
        dst->by_status[s] += src->by_status[s];
    }
    dst->not_run += src->not_run;
    if (dst->failure[0] == '\0') {
        memcpy(dst->failure, src->failure, sizeof dst->failure);
    }
    if (dst->settings.seeds && src->settings.seeds) {
        dst->settings.seed_first = dst->settings.seed_first < src->settings.seed_first
                                       ? dst->settings.seed_first
                                       : src->settings.seed_first;
        dst->settings.seed_last = dst->settings.seed_last > src->settings.seed_last
                                      ? dst->settings.seed_last
                                      : src->settings.seed_last;
    }
    wt_outcome_finish(dst);
    return WT_OK;
}
