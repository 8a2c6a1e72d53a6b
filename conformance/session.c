/* SPDX-License-Identifier: MIT */
/*
 * session.c - a spec in, one outcome out.
 *
 * The session opens the transport (tspec.c), loads the scenarios or
 * generates the seeds' ops, decides per case whether it runs at all (the
 * same skip rules for every command), runs each case through the runner
 * and turns its result into an outcome case, then applies the baseline
 * and finishes the outcome. Nothing here prints.
 *
 * Sections:
 *   1. the spec and messages
 *   2. the suite
 *   3. one case
 *   4. files and seeds
 *   5. the session
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hosted_int.h"
#include "session_int.h"
#include "wt/assert.h"
#include "wt/errors.h"
#include "wt/gen.h"
#include "wt/spec.h"
#include "wt/wt.h"

/* ===== 1. the spec and messages ========================================== */

void wt_session_spec_init(struct wt_session_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    spec->seed_first = 1;
    spec->seed_last = 1000;
    spec->seed_ops = 300;
    spec->program = "wtkit";
    spec->keep_passing = true;
    wt_isolate_limits_init(&spec->limits);
}

int wt_session_error_exit(int rc)
{
    return rc == WT_EINVAL || rc == WT_ESYNTAX || rc == WT_EIO || rc == WT_ELIMIT
               ? WT_EXIT_USAGE
               : WT_EXIT_TRANSPORT;
}


/* Appends a line to err (parse errors of every malformed file). */
static void session_append(char *buf, size_t cap, const char *line)
{
    size_t used = strlen(buf);
    if (used + 2 < cap) {
        snprintf(buf + used, cap - used, "%s%s", used ? "\n" : "", line);
    }
}

/* ===== 2. the suite ====================================================== */

struct session_file {
    char *path;
    struct wt_scenario sc;
    bool flavor_refused; /* the transport has no flavor of this name: skipped */
};

/* What can_write_eof() said for one flavor, asked once outside any judged trace. */
#define SESSION_FLAVORS_MAX 16
struct session_can_eof {
    char flavor[WT_WTS_NAME_MAX];
    bool can;
};

struct session_suite {
    const struct wt_allocator *a;
    size_t n, cap;
    struct session_file *items;
};

static bool session_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* $WTKIT_SCENARIOS, ./conformance/scenarios, or PREFIX/share/wtkit/scenarios. */
static const char *session_default_dir(char *buf, size_t cap)
{
    const char *env = getenv("WTKIT_SCENARIOS");
    if (env != NULL && env[0] != '\0') {
        return env;
    }
    if (session_is_dir("conformance/scenarios")) {
        return "conformance/scenarios";
    }
    char exe[2048];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash = n > 0 ? (exe[n] = '\0', strrchr(exe, '/')) : NULL;
    if (slash == NULL) {
        return NULL;
    }
    *slash = '\0';
    snprintf(buf, cap, "%s/../share/wtkit/scenarios", exe);
    return session_is_dir(buf) ? buf : NULL;
}

static int session_add_file(struct session_suite *s, const char *path, char *err, size_t cap)
{
    if (s->n == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 64;
        struct session_file *items = wt_realloc(s->a, s->items, ncap * sizeof *items);
        if (items == NULL) {
            return WT_ENOMEM;
        }
        s->items = items;
        s->cap = ncap;
    }
    struct session_file *it = &s->items[s->n];
    memset(it, 0, sizeof *it);
    wt_scenario_init(&it->sc, s->a);
    size_t len = strlen(path) + 1;
    it->path = wt_alloc(s->a, len);
    if (it->path == NULL) {
        return WT_ENOMEM;
    }
    memcpy(it->path, path, len);
    char why[WT_WTS_ERR_MAX];
    int rc = wt_wts_load(path, &it->sc, why, sizeof why);
    if (rc != WT_OK) {
        wt_free(s->a, it->path);
        if (rc == WT_ENOMEM) {
            return rc;
        }
        session_append(err, cap, why);
        return WT_ESYNTAX;
    }
    s->n++;
    return WT_OK;
}

static int session_strcmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool session_is_wts(const char *name)
{
    size_t len = strlen(name);
    return len > 4 && name[0] != '.' && strcmp(name + len - 4, ".wts") == 0;
}

/* Appends path (dir/name) to a growing array of names. */
static int session_name_push(struct session_suite *s, char ***names, size_t *n, size_t *ncap,
                             const char *dir, const char *name)
{
    if (*n == *ncap) {
        size_t cap = *ncap ? *ncap * 2 : 64;
        char **bigger = wt_realloc(s->a, *names, cap * sizeof **names);
        if (bigger == NULL) {
            return WT_ENOMEM;
        }
        *names = bigger;
        *ncap = cap;
    }
    size_t len = strlen(dir) + strlen(name) + 2;
    char *path = wt_alloc(s->a, len);
    if (path == NULL) {
        return WT_ENOMEM;
    }
    snprintf(path, len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name);
    (*names)[(*n)++] = path;
    return WT_OK;
}

/*
 * The *.wts of dir, and (depth 0) of each of its subdirectories, such as
 * the generated re-entrancy matrix in conformance/scenarios/reentrancy/:
 * one level only, so the walk is bounded.
 */
static int session_list_dir(struct session_suite *s, const char *dir, int depth, char ***names,
                            size_t *n, size_t *ncap)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        return depth == 0 ? WT_EIO : WT_OK;
    }
    int rc = WT_OK;
    for (struct dirent *e = readdir(d); e != NULL && rc == WT_OK; e = readdir(d)) {
        if (session_is_wts(e->d_name)) {
            rc = session_name_push(s, names, n, ncap, dir, e->d_name);
        } else if (depth == 0 && e->d_name[0] != '.') {
            char sub[4200];
            snprintf(sub, sizeof sub, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
                     e->d_name);
            if (session_is_dir(sub)) {
                rc = session_list_dir(s, sub, 1, names, n, ncap);
            }
        }
    }
    closedir(d);
    return rc;
}

/* Every *.wts in dir and its subdirectories (one level), in byte order of their paths. */
static int session_add_dir(struct session_suite *s, const char *dir, char *err, size_t cap)
{
    size_t n = 0, ncap = 0;
    char **names = NULL;
    int rc = session_list_dir(s, dir, 0, &names, &n, &ncap);
    if (rc == WT_EIO) {
        char line[4200];
        snprintf(line, sizeof line, "wtkit: %s: %s", dir, strerror(errno));
        session_append(err, cap, line);
        return WT_EIO;
    }
    if (rc == WT_OK && n == 0) {
        char line[4200];
        snprintf(line, sizeof line, "wtkit: %s: no scenarios (no *.wts files in this directory)",
                 dir);
        session_append(err, cap, line);
        rc = WT_EIO;
    }
    if (n > 1) {
        qsort(names, n, sizeof *names, session_strcmp);
    }
    for (size_t i = 0; i < n; i++) {
        if (rc != WT_ENOMEM) {
            int one = session_add_file(s, names[i], err, cap); /* every malformed file is told */
            rc = rc == WT_OK || one == WT_ENOMEM ? one : rc;
        }
        wt_free(s->a, names[i]);
    }
    wt_free(s->a, names);
    return rc;
}

static int session_load(const struct wt_session_spec *spec, struct session_suite *s, char *err,
                        size_t cap)
{
    memset(s, 0, sizeof *s);
    s->a = spec->alloc;
    if (spec->npaths == 0) {
        char buf[4096];
        const char *dir = session_default_dir(buf, sizeof buf);
        if (dir == NULL) {
            session_append(err, cap, "wtkit: no scenario directory found: give FILE or DIR, or "
                                     "set WTKIT_SCENARIOS");
            return WT_EIO;
        }
        return session_add_dir(s, dir, err, cap);
    }
    int bad = WT_OK;
    for (size_t i = 0; i < spec->npaths; i++) {
        const char *path = spec->paths[i];
        int rc = session_is_dir(path) ? session_add_dir(s, path, err, cap)
                                      : session_add_file(s, path, err, cap);
        if (rc == WT_ENOMEM) {
            return rc;
        }
        bad = bad != WT_OK ? bad : rc;
    }
    return bad;
}

static void session_suite_free(struct session_suite *s)
{
    for (size_t i = 0; i < s->n; i++) {
        wt_scenario_deinit(&s->items[i].sc);
        wt_free(s->a, s->items[i].path);
    }
    wt_free(s->a, s->items);
    memset(s, 0, sizeof *s);
}

/* ===== 3. one case ======================================================== */

struct session {
    const struct wt_session_spec *spec;
    const struct wt_profile *profile;
    struct wt__tspec t;
    uint64_t kinds; /* what the transport supports, kept past closing it (parallel sweeps) */
    struct wt_run_config cfg;
    struct wt_runner *runner;
    struct wt_outcome *o;
    bool *selected;
    /* --context: the judged run's events, kept while it runs. */
    struct wt_event *events;
    size_t nevents, events_cap;
    /* The judged run's notes (evidence), kept while it runs. */
    struct wt_outcome_note *notes;
    size_t nnotes, notes_cap;
    /* Capabilities: can_write_eof() per flavor, asked once each. */
    struct session_can_eof can_eof[SESSION_FLAVORS_MAX];
    size_t ncan_eof;
    /* The adapter's stderr before the latest world (the judged run's is after it). */
    uint64_t stderr_mark;
    unsigned host_deaths; /* hosts that died in a row (the `host` feature) */
    bool once; /* no replay check (wt__probe_open_once) */
};

/* More than this many events are not kept for --context (the rest stream on). */
#define SESSION_EVENTS_MAX ((size_t)1 << 20)

static void session_sink(void *user_data, const struct wt_event *ev)
{
    struct session *s = user_data;
    if (s->spec->sink != NULL) {
        s->spec->sink(s->spec->sink_user_data, ev);
    }
    if (s->spec->context == 0 || s->nevents == SESSION_EVENTS_MAX) {
        return;
    }
    if (s->nevents == s->events_cap) {
        size_t cap = s->events_cap ? s->events_cap * 2 : 1024;
        struct wt_event *bigger = wt_realloc(s->spec->alloc, s->events, cap * sizeof *bigger);
        if (bigger == NULL) {
            return; /* context is a courtesy: without memory, none */
        }
        s->events = bigger;
        s->events_cap = cap;
    }
    s->events[s->nevents++] = *ev;
}

/* Keeps the judged run's notes (bounded); the case keeps those that matter. */
static void session_note_sink(void *user_data, uint32_t index, const char *text)
{
    struct session *s = user_data;
    if (s->spec->note_sink != NULL) {
        s->spec->note_sink(s->spec->note_sink_user_data, index, text);
    }
    if (s->nnotes == WT_TRACE_NOTES_MAX) {
        return;
    }
    if (s->nnotes == s->notes_cap) {
        size_t cap = s->notes_cap ? s->notes_cap * 2 : 16;
        struct wt_outcome_note *bigger = wt_realloc(s->spec->alloc, s->notes, cap * sizeof *bigger);
        if (bigger == NULL) {
            return; /* evidence is a courtesy: without memory, none */
        }
        s->notes = bigger;
        s->notes_cap = cap;
    }
    struct wt_outcome_note *n = &s->notes[s->nnotes++];
    n->event = index;
    snprintf(n->text, sizeof n->text, "%s", text);
}

/* True when event is one a case reports: a FAIL's, or a failed expectation's. */
static bool session_event_reported(const struct wt_outcome_case *c, uint32_t event)
{
    for (size_t k = 0; k < c->nfails; k++) {
        if (c->fails[k].event == event || (c->fails[k].knock_on && c->fails[k].cause_event == event)) {
            return true;
        }
    }
    for (unsigned k = 0; k < c->nexpects && k < WT_RUN_EXPECTS_MAX; k++) {
        if (c->expects[k].event == event) {
            return true;
        }
    }
    return false;
}

/*
 * The case's evidence: the notes at its FAIL and expectation events, then
 * the run's first others, at most WT_OUTCOME_NOTES_MAX in event order.
 */
static void session_notes(struct session *s, struct wt_outcome_case *c)
{
    bool *take = s->nnotes ? wt_calloc(s->spec->alloc, s->nnotes, sizeof *take) : NULL;
    size_t n = 0;
    if (take == NULL) {
        return;
    }
    for (size_t i = 0; i < s->nnotes && n < WT_OUTCOME_NOTES_MAX; i++) {
        if (session_event_reported(c, s->notes[i].event)) {
            take[i] = true;
            n++;
        }
    }
    for (size_t i = 0; i < s->nnotes && n < WT_OUTCOME_NOTES_MAX; i++) {
        if (!take[i]) {
            take[i] = true;
            n++;
        }
    }
    c->notes = n ? wt_alloc(s->spec->alloc, n * sizeof *c->notes) : NULL;
    for (size_t i = 0; c->notes != NULL && i < s->nnotes; i++) {
        if (take[i]) {
            c->notes[c->nnotes++] = s->notes[i];
        }
    }
    wt_free(s->spec->alloc, take);
}

/* The events before the case's first FAIL (or failed expectation). */
static void session_context(struct session *s, struct wt_outcome_case *c)
{
    uint32_t at = UINT32_MAX;
    for (size_t k = 0; k < c->nfails; k++) {
        at = !c->fails[k].conflict && c->fails[k].event < at ? c->fails[k].event : at;
    }
    for (unsigned k = 0; k < c->nexpects && k < WT_RUN_EXPECTS_MAX; k++) {
        at = c->expects[k].event < at ? c->expects[k].event : at;
    }
    if (at == UINT32_MAX || at >= s->nevents) {
        return;
    }
    size_t want = s->spec->context > WT_SESSION_CONTEXT_MAX ? WT_SESSION_CONTEXT_MAX
                                                             : s->spec->context;
    size_t first = at + 1 > want ? at + 1 - want : 0;
    c->ncontext = at + 1 - first;
    c->context = wt_alloc(s->spec->alloc, c->ncontext * sizeof *c->context);
    if (c->context == NULL) {
        c->ncontext = 0;
        return;
    }
    memcpy(c->context, &s->events[first], c->ncontext * sizeof *c->context);
}

/*
 * The clause a scenario file is about: the longest catalog ID its base
 * name starts with, followed by '.' or '-' (conformance/scenarios names
 * each file so); SIZE_MAX for none (a seed, another file).
 */
static size_t session_subject(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    size_t best = SIZE_MAX, best_len = 0;
    for (size_t k = 0; k < wt_catalog_count(); k++) {
        const char *id = wt_catalog_at(k)->id;
        size_t n = strlen(id);
        if (n > best_len && strncmp(base, id, n) == 0 && (base[n] == '.' || base[n] == '-')) {
            best = k;
            best_len = n;
        }
    }
    return best;
}

/*
 * A scenario about one of asyncio's agreements, run under a profile that
 * only notes them (docs): its failed expectations are INTEROP notes, not a
 * failure of the case. They stay in the case, and the message says so.
 */
static void session_interop_expects(struct session *s, struct wt_outcome_case *c)
{
    if (c->status != WT_RUN_FAIL || c->must_failed || c->nexpects == 0 || c->is_seed) {
        return; /* first: the name's lookup costs a pass over the catalog */
    }
    size_t subject = session_subject(c->name);
    if (subject == SIZE_MAX || !wt_profile_notes(s->profile, subject)) {
        return;
    }
    c->status = WT_RUN_PASS;
    snprintf(c->message, sizeof c->message, "INTEROP: %u expectation%s of asyncio's agreement "
             "%s did not hold (profile %s does not require it)", c->nexpects,
             c->nexpects == 1 ? "" : "s", wt_catalog_at(subject)->id,
             wt_profile_name(s->profile));
}

/* A result becomes a case: verdict bytes, the selected FAILs and conflict notes. */
static int session_case(struct session *s, const struct wt_run_result *res,
                        struct wt_outcome_case *c)
{
    c->status = res->status;
    c->seed = res->seed;
    wt__copy(c->flavor, sizeof c->flavor, res->flavor);
    c->hash = res->hash;
    c->replay_hash = res->replay_hash;
    c->events = res->events;
    c->end_ns = res->end_ns;
    c->hang = res->hang;
    c->bound_progress = res->bound_progress;
    c->hang_line = res->hang_line;
    c->nondeterministic = res->nondeterministic;
    c->must_failed = res->must_failed;
    c->nexpects = res->nexpects;
    c->unjudged = res->unjudged;
    memcpy(c->expects, res->expects, sizeof c->expects);
    wt__copy(c->message, sizeof c->message, res->message);
    if (res->nverdicts == 0) {
        return WT_OK;
    }
    size_t n = s->o->nclauses;
    /* Room for the FAILs there are, not one per clause: a passing case (most
     * of a sweep's or a fuzz target's) then clears no reason strings. */
    size_t nfails = 0;
    for (size_t k = 0; k < n && k < res->nverdicts; k++) {
        const struct wt_verdict *v = &res->verdicts[k];
        nfails += s->selected[k] && (v->status == WT_VERDICT_FAIL || v->conflict);
    }
    c->verdicts = wt_calloc(s->spec->alloc, n ? n : 1, 1);
    c->fails = wt_calloc(s->spec->alloc, nfails ? nfails : 1, sizeof *c->fails);
    if (c->verdicts == NULL || c->fails == NULL) {
        return WT_ENOMEM;
    }
    for (size_t k = 0; k < n && k < res->nverdicts; k++) {
        const struct wt_verdict *v = &res->verdicts[k];
        c->verdicts[k] = (uint8_t)(v->status | (v->conflict ? WT_OUTCOME_CONFLICT : 0) |
                                   (v->knock_on ? WT_OUTCOME_KNOCK_ON : 0));
        if (s->selected[k] && (v->status == WT_VERDICT_FAIL || v->conflict)) {
            WT_ASSERT(c->nfails < nfails); /* pair with the count above */
            struct wt_outcome_fail *x = &c->fails[c->nfails++];
            x->clause = (uint32_t)k;
            x->event = v->event;
            x->conflict = v->conflict;
            x->knock_on = v->knock_on;
            x->cause_clause = v->cause_clause;
            x->cause_event = v->cause_event;
            /* To its end only: the bytes after are the last case's (calloc'd here). */
            memcpy(x->reason, v->reason, strnlen(v->reason, sizeof x->reason - 1));
        }
    }
    if (s->spec->context > 0 && (c->status == WT_RUN_FAIL || c->status == WT_RUN_HANG)) {
        session_context(s, c);
    }
    session_interop_expects(s, c);
    session_notes(s, c);
    if (s->t.adapter != NULL && c->status != WT_RUN_PASS && c->status != WT_RUN_SKIP) {
        wt_adapter_stderr_since(s->t.adapter, s->stderr_mark, c->stderr_text,
                                sizeof c->stderr_text);
    }
    return WT_OK;
}

static void session_case_free(const struct session *s, struct wt_outcome_case *c)
{
    wt_free(s->spec->alloc, c->verdicts);
    wt_free(s->spec->alloc, c->fails);
    wt_free(s->spec->alloc, c->context);
    wt_free(s->spec->alloc, c->notes);
    c->verdicts = NULL;
    c->fails = NULL;
    c->context = NULL;
    c->notes = NULL;
}

/*
 * What can_write_eof() says under the flavor a scenario (header: its
 * flavor header, "" or NULL for none) runs with: asked once per flavor on a
 * probe world, outside any judged trace, and remembered.
 */
static bool session_can_eof(struct session *s, const char *header)
{
    const char *flavor = wt__tspec_flavor(&s->t, s->spec, wt_profile_flavor(s->profile), header);
    const char *key = flavor != NULL ? flavor : "";
    for (size_t i = 0; i < s->ncan_eof; i++) {
        if (strcmp(s->can_eof[i].flavor, key) == 0) {
            return s->can_eof[i].can;
        }
    }
    bool can = false;
    if (!wt__tspec_flavor_works(&s->t, flavor, &can)) {
        can = false;
    }
    if (s->ncan_eof < SESSION_FLAVORS_MAX) {
        struct session_can_eof *e = &s->can_eof[s->ncan_eof++];
        snprintf(e->flavor, sizeof e->flavor, "%s", key);
        e->can = can;
    }
    return can;
}

/*
 * A scenario needs half-close when it calls write_eof and is not about a
 * transport that cannot (`expect cannot-eof`); its line, or 0.
 */
static uint32_t session_half_close_line(const struct wt_scenario *sc)
{
    uint32_t line = 0;
    bool found = false;
    for (size_t i = 0; i < sc->nops; i++) {
        const struct wt_op *op = &sc->ops[i];
        if (op->kind == WT_OP_EXPECT_STATE && op->a == WT_EXPECT_CANNOT_EOF) {
            return 0;
        }
        if (op->kind == WT_OP_WRITE_EOF && !found) {
            found = true;
            line = op->line != 0 ? op->line : 1;
        }
    }
    return found ? line : 0;
}

/*
 * Whether a scenario is for this transport at all: the profile header,
 * a flavor the transport refused, an op it does not support or a method
 * it lacks (capabilities), a half-close it cannot do (can_write_eof()
 * False). One place, for every command.
 */
static bool session_skip(struct session *s, const struct wt_scenario *sc, bool flavor_refused,
                         char *why, size_t cap)
{
    if (!wt_scenario_for_profile(sc, wt_profile_name(s->profile))) {
        wt__say(why, cap, "not for profile %s (profile header)", wt_profile_name(s->profile));
        return true;
    }
    if (flavor_refused && s->spec->flavor == NULL) {
        wt__say(why, cap, "transport %s has no flavor '%s'", s->t.name, sc->flavor);
        return true;
    }
    if (wt__tspec_unsupported(&s->t, sc->ops, sc->nops, why, cap)) {
        return true;
    }
    uint32_t line = session_half_close_line(sc);
    if (line != 0 && !session_can_eof(s, sc->flavor)) {
        bool no_method = (s->t.missing & (1u << WT_METHOD_CAN_WRITE_EOF)) != 0;
        wt__say(why, cap, "transport %s cannot half-close: %s, and this scenario needs "
                    "write_eof() (line %u)", s->t.name,
                    no_method ? "it has no can_write_eof() (taken as False)"
                              : "can_write_eof() returned False (asked once, before the run)",
                    (unsigned)line);
        return true;
    }
    return false;
}

/* Runs the case here: the runner's result becomes *c. */
static int session_here(struct session *s, const struct wt_scenario *sc, bool skip,
                        const char *why, struct wt_outcome_case *c)
{
    struct wt_run_result res;
    memset(&res, 0, sizeof res);
    int rc = WT_OK;
    if (skip) {
        res.status = WT_RUN_SKIP;
        res.seed = s->spec->has_seed ? s->spec->seed : sc->has_seed ? sc->seed : 1;
        snprintf(res.message, sizeof res.message, "%s", why);
    } else {
        s->nevents = 0;
        s->nnotes = 0;
        rc = wt_runner_run(s->runner, sc, &res);
    }
    if (rc == WT_OK) {
        rc = session_case(s, &res, c);
    }
    wt_run_result_deinit(&res);
    return rc;
}

struct session_child {
    struct session *s;
    const struct wt_scenario *sc;
    struct wt_outcome_case *c;
};

/* In the child: run the case, hand it back as a one-case outcome. */
static int session_child_fn(void *user_data, FILE *out)
{
    struct session_child *ch = user_data;
    struct wt_outcome *part = NULL;
    int rc = session_here(ch->s, ch->sc, false, "", ch->c);
    if (rc == WT_OK) {
        rc = wt_outcome_new(ch->s->spec->alloc, ch->s->o->nclauses, &part);
    }
    if (rc == WT_OK) {
        rc = wt_outcome_add_case(part, ch->c);
    }
    if (rc == WT_OK) {
        rc = wt_outcome_write(part, out);
    }
    wt_outcome_free(part);
    return rc == WT_OK ? 0 : rc == WT_ENOMEM ? WT_ISOLATE_FN_NOMEM : 1;
}

/*
 * Moves the one case of a child's outcome text into c (c keeps its order,
 * name and kind); false when the text is not one readable case.
 */
static bool session_take_case(struct session *s, char *text, size_t len,
                              struct wt_outcome_case *c)
{
    struct wt_outcome *part = NULL;
    FILE *f = fmemopen(text, len, "r");
    int rc = f != NULL ? wt_outcome_read(f, s->spec->alloc, &part) : WT_ENOMEM;
    if (f != NULL) {
        fclose(f);
    }
    bool ok = rc == WT_OK && part->ncases == 1;
    if (ok) {
        struct wt_outcome_case *pc = &part->cases[0];
        uint64_t order = c->order;
        bool is_seed = c->is_seed;
        char name[sizeof c->name];
        memcpy(name, c->name, sizeof name);
        *c = *pc; /* the arrays move to c */
        pc->verdicts = NULL;
        pc->fails = NULL;
        pc->context = NULL;
        pc->notes = NULL;
        c->order = order;
        c->is_seed = is_seed;
        memcpy(c->name, name, sizeof name);
    }
    wt_outcome_free(part);
    return ok;
}

/* A child's last stderr bytes as one line (for a message). */
static void session_one_line(const char *tail, char *buf, size_t cap)
{
    size_t n = strlen(tail), from = n > 200 ? n - 200 : 0;
    buf[0] = '\0';
    for (size_t i = 0; from + i < n && i + 1 < cap; i++) {
        char ch = tail[from + i];
        buf[i] = ch == '\n' || ch == '\r' ? '|' : ch;
        buf[i + 1] = '\0';
    }
}

/*
 * Runs the case in a child under the limits. A crash, an abort, an exit,
 * running out of memory is the case's CRASH; the CPU limit its HANG; the
 * wall clock (not deterministic) an ERROR; a kit invariant stops the run.
 */
static int session_isolated(struct session *s, const struct wt_scenario *sc,
                            struct wt_outcome_case *c)
{
    struct session_child ch = {.s = s, .sc = sc, .c = c};
    struct wt_isolate_result res;
    int rc = wt_isolate_run(&s->spec->limits, session_child_fn, &ch, &res);
    if (rc != WT_OK) {
        return rc;
    }
    if (res.end == WT_ISOLATE_DONE && !session_take_case(s, res.data, res.len, c)) {
        res.end = WT_ISOLATE_KIT;
        snprintf(res.message, sizeof res.message, "the child's outcome could not be read");
    }
    if (res.end != WT_ISOLATE_DONE) {
        c->seed = s->spec->has_seed ? s->spec->seed : sc->has_seed ? sc->seed : 1;
        c->status = res.end == WT_ISOLATE_CPU                                 ? WT_RUN_HANG
                    : res.end == WT_ISOLATE_WALL || res.end == WT_ISOLATE_KIT ||
                            res.end == WT_ISOLATE_FORK                        ? WT_RUN_ERROR
                                                                              : WT_RUN_CRASH;
        char tail[300];
        session_one_line(res.stderr_tail, tail, sizeof tail);
        snprintf(c->message, sizeof c->message, "%.120s%s%.160s", res.message,
                 tail[0] ? "; stderr: " : "", tail);
        if (res.end == WT_ISOLATE_KIT) {
            snprintf(s->o->failure, sizeof s->o->failure,
                     "wtkit itself failed while running %.300s: %.300s\n%.1900s", c->name,
                     res.message, res.stderr_tail);
        }
    }
    wt_isolate_result_free(&res);
    return WT_OK;
}

/* ----- in the adapter's own process (the `host` feature) ----- */

static int session_runner(struct session *s);

/* Whole cases go to the adapter's process, unless someone reads every event here. */
static bool session_hosting(const struct session *s)
{
    return s->t.adapter != NULL && s->spec->sink == NULL && s->spec->note_sink == NULL &&
           wt_adapter_hosting(s->t.adapter);
}

/*
 * A host that died took its case with it (the case's CRASH, or ERROR for
 * silence past the bound): the rest goes on with a new one, unless it
 * keeps dying (then the rest is not run, as for an adapter that died).
 */
static void session_rehost(struct session *s)
{
    if (++s->host_deaths >= 3) {
        return;
    }
    char err[2048] = "";
    wt__tspec_close(&s->t);
    if (wt__tspec_open(s->spec, &s->t, err, sizeof err) != WT_OK || s->t.adapter == NULL ||
        session_runner(s) != WT_OK) {
        snprintf(s->o->failure, sizeof s->o->failure, "the adapter could not be restarted: %.2000s",
                 err[0] ? err : "out of memory");
    }
}

static int session_hosted(struct session *s, const struct wt_scenario *sc,
                          struct wt_outcome_case *c)
{
    struct wt_adapter *ad = s->t.adapter;
    char *req = NULL, *reply = NULL;
    size_t len = 0, rlen = 0;
    char err_text[sizeof c->stderr_text] = "";
    int rc = wt__hosted_request(s->spec, wt_profile_name(s->profile), s->once, sc, c->name,
                                c->is_seed, &req, &len);
    if (rc == WT_OK) {
        uint64_t mark = wt_adapter_stderr_mark(ad), skip = 0;
        rc = wt_adapter_host_case(ad, req, len, s->spec->limits.wall_ms, &reply, &rlen, &skip);
        if (rc == WT_OK || rc == WT_EADAPTER) {
            uint64_t now = wt_adapter_stderr_mark(ad);
            wt_adapter_stderr_since(ad, now - mark > skip ? mark + skip : mark, err_text,
                                    sizeof err_text);
        }
    }
    free(req);
    c->seed = s->spec->has_seed ? s->spec->seed : sc->has_seed ? sc->seed : 1;
    if (rc == WT_OK && strncmp(reply, "error ", 6) == 0) {
        c->status = WT_RUN_ERROR;
        snprintf(c->message, sizeof c->message, "%.*s", (int)strcspn(reply + 6, "\n"), reply + 6);
    } else if (rc == WT_OK && !session_take_case(s, reply, rlen, c)) {
        c->status = WT_RUN_ERROR;
        snprintf(c->message, sizeof c->message, "the adapter's outcome of the case could not be "
                 "read");
    } else if (rc == WT_EADAPTER) {
        char why[512], tail[2048], line[300];
        int kind = wt_adapter_failure(ad, why, sizeof why);
        wt_adapter_stderr_tail(ad, tail, sizeof tail);
        session_one_line(tail, line, sizeof line);
        c->status = kind == WT_ADAPTER_CRASHED || kind == WT_ADAPTER_EXITED ? WT_RUN_CRASH
                                                                           : WT_RUN_ERROR;
        snprintf(c->message, sizeof c->message, "%.140s%s%.80s", why,
                 line[0] ? "; stderr: " : "", line);
        session_rehost(s);
        rc = WT_OK;
    } else if (rc == WT_OK) {
        s->host_deaths = 0;
    }
    free(reply);
    if (rc != WT_OK) {
        return rc == WT_ENOMEM ? WT_ENOMEM : WT_EINVAL;
    }
    if (c->status != WT_RUN_PASS && c->status != WT_RUN_SKIP) {
        memcpy(c->stderr_text, err_text, sizeof err_text); /* kept for a case that did not pass */
    }
    return WT_OK;
}

static bool session_isolating(const struct session *s)
{
    if (s->t.adapter != NULL || s->spec->isolate == WT_SESSION_ISOLATE_OFF) {
        return false; /* an adapter is a process of its own already */
    }
    return s->spec->isolate == WT_SESSION_ISOLATE_ON || s->t.plugin != NULL;
}

/* Runs one case and adds it to the outcome (kept or only counted). */
static int session_one(struct session *s, const struct wt_scenario *sc, bool flavor_refused,
                       struct wt_outcome_case *c)
{
    char why[WT_RUN_MESSAGE_MAX];
    bool skip = session_skip(s, sc, flavor_refused, why, sizeof why);
    int rc = skip                    ? session_here(s, sc, skip, why, c)
             : session_hosting(s)    ? session_hosted(s, sc, c)
             : session_isolating(s)  ? session_isolated(s, sc, c)
                                     : session_here(s, sc, skip, why, c);
    if (rc != WT_OK) {
        session_case_free(s, c);
        return rc;
    }
    bool keep = s->spec->keep_passing || (c->status != WT_RUN_PASS && c->status != WT_RUN_SKIP);
    if (keep) {
        rc = wt_outcome_add_case(s->o, c);
    } else {
        wt_outcome_count_case(s->o, c);
    }
    if (rc == WT_OK && s->spec->on_case != NULL) {
        s->spec->on_case(s->spec->on_case_user_data, s->o, keep ? s->o->ncases - 1 : SIZE_MAX,
                         sc);
    }
    session_case_free(s, c);
    return rc;
}

/* ===== 4. files and seeds ================================================= */

/*
 * Flavors are the reference's: a header the reference refuses is an input
 * error; one a plugin or adapter refuses only means the scenario is not
 * for it (SKIP).
 */
static int session_flavors(struct session *s, struct session_suite *suite, char *err, size_t cap)
{
    for (size_t i = 0; s->spec->flavor == NULL && i < suite->n; i++) {
        const char *f = suite->items[i].sc.flavor;
        size_t k = 0;
        while (k < i && strcmp(suite->items[k].sc.flavor, f) != 0) {
            k++;
        }
        if (f[0] == '\0') {
            continue;
        }
        if (k < i) {
            suite->items[i].flavor_refused = suite->items[k].flavor_refused;
            continue;
        }
        bool works = wt__tspec_flavor_works(&s->t, f, NULL);
        if (!works && s->t.ops == NULL && s->t.adapter == NULL) {
            wt__say(err, cap, "wtkit: %s: flavor header: transport %s has no flavor '%s'",
                        suite->items[i].path, s->t.name, f);
            return WT_EINVAL;
        }
        suite->items[i].flavor_refused = !works;
    }
    return WT_OK;
}

/*
 * An adapter that died cannot judge what comes after: the rest is not run
 * (never counted as passed), and the outcome says why, with its stderr.
 */
static bool session_died(struct session *s, uint64_t left)
{
    if (s->o->failure[0] != '\0') {
        s->o->not_run += left; /* the kit itself failed in a child */
        return true;
    }
    char why[512], tail[2048] = "";
    if (s->t.adapter == NULL || wt_adapter_failure(s->t.adapter, why, sizeof why) ==
                                    WT_ADAPTER_OK) {
        return false;
    }
    wt_adapter_stderr_tail(s->t.adapter, tail, sizeof tail);
    /* Cut to fit: the name and the reason first, then as much of the tail as fits. */
    int n = snprintf(s->o->failure, sizeof s->o->failure, "%.200s failed: %s", s->t.name, why);
    size_t used = n > 0 && (size_t)n < sizeof s->o->failure ? (size_t)n : 0;
    if (tail[0] != '\0' && used > 0) {
        snprintf(s->o->failure + used, sizeof s->o->failure - used,
                 "\nthe adapter's stderr ended with:\n%.1800s", tail);
    }
    s->o->not_run += left;
    return true;
}

/* A saved file records how it ran; running it otherwise is worth a warning. */
static void session_recorded(struct session *s, const char *path, const struct wt_scenario *sc)
{
    char line[1600] = "";
    if (sc->has_generator && sc->generator != WT_GEN_VERSION) {
        snprintf(line, sizeof line, "%s: its ops came from generator %u; this kit's is %u (the "
                 "file's ops run as written)", path, (unsigned)sc->generator,
                 (unsigned)WT_GEN_VERSION);
    } else if (sc->transport[0] != '\0' && strcmp(sc->transport, s->t.spec) != 0) {
        snprintf(line, sizeof line, "%s: recorded against transport '%.500s', run against '%.500s'",
                 path, sc->transport, s->t.spec);
    } else if (sc->recorded_profile[0] != '\0' &&
               strcmp(sc->recorded_profile, wt_profile_name(s->profile)) != 0) {
        snprintf(line, sizeof line, "%s: recorded under profile %s, judged under %s", path,
                 sc->recorded_profile, wt_profile_name(s->profile));
    } else if (sc->kit_version[0] != '\0' && strcmp(sc->kit_version, WT_VERSION) != 0) {
        snprintf(line, sizeof line, "%s: written by wtkit %s, run by wtkit %s", path,
                 sc->kit_version, WT_VERSION);
    }
    if (line[0] != '\0') {
        session_append(s->o->warnings, sizeof s->o->warnings, line);
    }
}

static int session_files(struct session *s, char *err, size_t cap)
{
    struct session_suite suite;
    int rc = session_load(s->spec, &suite, err, cap);
    if (rc == WT_OK) {
        rc = session_flavors(s, &suite, err, cap);
    }
    for (size_t i = 0; rc == WT_OK && i < suite.n; i++) {
        session_recorded(s, suite.items[i].path, &suite.items[i].sc);
    }
    bool died = rc == WT_OK && session_died(s, suite.n);
    for (size_t i = 0; rc == WT_OK && !died && i < suite.n; i++) {
        struct wt_outcome_case c = {0};
        c.order = i;
        snprintf(c.name, sizeof c.name, "%s", suite.items[i].path);
        rc = session_one(s, &suite.items[i].sc, suite.items[i].flavor_refused, &c);
        died = rc == WT_OK && session_died(s, suite.n - i - 1);
    }
    session_suite_free(&suite);
    return rc;
}

/* ----- which seeds ----- */

/* The first seed of the spec's range in its shard, or false when none. */
static bool session_seed_first(const struct wt_session_spec *spec, uint64_t *seed)
{
    uint64_t n = spec->shard_n ? spec->shard_n : 1, k = spec->shard_n ? spec->shard_k - 1 : 0;
    uint64_t first = spec->seed_first;
    uint64_t up = (k + n - first % n) % n;
    if (up > spec->seed_last - first) {
        return false;
    }
    *seed = first + up;
    return true;
}

/* The next seed of the shard after seed, or false past the range. */
static bool session_seed_next(const struct wt_session_spec *spec, uint64_t *seed)
{
    uint64_t n = spec->shard_n ? spec->shard_n : 1;
    if (spec->seed_last - *seed < n) {
        return false;
    }
    *seed += n;
    return true;
}

static uint64_t session_seed_count(const struct wt_session_spec *spec)
{
    uint64_t first;
    if (!session_seed_first(spec, &first)) {
        return 0;
    }
    uint64_t n = spec->shard_n ? spec->shard_n : 1;
    return (spec->seed_last - first) / n + 1;
}

/* The ops of one seed, for this transport: what the sweep ran, and what it saves. */
static int session_seed_ops(struct session *s, uint64_t seed, struct wt_scenario *sc)
{
    struct wt_gen_options gopt;
    wt_gen_options_init(&gopt);
    gopt.kinds = s->kinds;
    gopt.version = s->spec->generator ? s->spec->generator : WT_GEN_VERSION;
    sc->nops = s->spec->seed_ops;
    sc->has_seed = true;
    sc->seed = seed;
    return wt_gen_ops_with(seed, &gopt, sc->ops, s->spec->seed_ops);
}

/* ----- one process ----- */

/* Each world of an adapter's run: where its stderr starts (the judged run's is the last). */
static void session_prepare(void *user_data, struct wt_world_config *wc)
{
    struct session *s = user_data;
    wt_adapter_configure(s->t.adapter, wc);
    s->stderr_mark = wt_adapter_stderr_mark(s->t.adapter);
}

static int session_health(void *user_data, char *msg, size_t cap)
{
    struct session *s = user_data;
    return wt__tspec_health(s->t.adapter, msg, cap);
}

static int session_runner(struct session *s)
{
    wt_runner_free(s->runner);
    s->runner = NULL;
    wt__tspec_apply(&s->t, &s->cfg);
    if (s->once) {
        s->cfg.check_determinism = false;
    }
    if (s->t.adapter != NULL) {
        s->cfg.prepare = session_prepare;
        s->cfg.health = session_health;
        s->cfg.driver_user_data = s;
    }
    return wt_runner_new(&s->cfg, s->spec->alloc, &s->runner);
}

/*
 * An adapter that died on a seed gave that seed its ERROR; the sweep goes
 * on with a fresh one, unless it keeps dying (then the rest is not run).
 */
static bool session_revive(struct session *s, unsigned *deaths, uint64_t left, char *err,
                           size_t cap)
{
    if (s->t.adapter == NULL || wt_adapter_failure(s->t.adapter, NULL, 0) == WT_ADAPTER_OK) {
        *deaths = 0;
        return true;
    }
    if (++*deaths >= 3) {
        return !session_died(s, left);
    }
    wt__tspec_close(&s->t);
    if (wt__tspec_open(s->spec, &s->t, err, cap) != WT_OK || s->t.adapter == NULL ||
        session_runner(s) != WT_OK) {
        snprintf(s->o->failure, sizeof s->o->failure, "the adapter could not be restarted: %.2000s",
                 err);
        s->o->not_run += left;
        return false;
    }
    return true;
}

static int session_seeds(struct session *s, char *err, size_t cap)
{
    const struct wt_session_spec *spec = s->spec;
    struct wt_scenario sc;
    wt_scenario_init(&sc, spec->alloc);
    sc.ops = wt_alloc(spec->alloc, spec->seed_ops * sizeof *sc.ops);
    if (sc.ops == NULL) {
        return WT_ENOMEM;
    }
    sc.cap = spec->seed_ops;
    uint64_t seed, left = session_seed_count(spec);
    unsigned deaths = 0;
    int rc = WT_OK;
    for (bool more = session_seed_first(spec, &seed); more && rc == WT_OK;
         more = session_seed_next(spec, &seed)) {
        left--;
        struct wt_outcome_case c = {0};
        c.order = seed;
        c.is_seed = true;
        snprintf(c.name, sizeof c.name, "seed %llu", (unsigned long long)seed);
        rc = session_seed_ops(s, seed, &sc);
        if (s->t.adapter != NULL) {
            wt_adapter_set_case_bound(s->t.adapter, spec->limits.wall_ms);
        }
        if (rc == WT_OK) {
            rc = session_one(s, &sc, false, &c);
        }
        if (rc == WT_OK && !session_revive(s, &deaths, left, err, cap)) {
            break;
        }
    }
    wt_scenario_deinit(&sc);
    return rc;
}

/* ----- worker processes ----- */

struct session_pool {
    struct session *s;
    uint64_t chunk;       /* seeds per job */
    uint64_t first, count;
    struct wt_scenario sc;
    int rc;
};

/* The range of job j: its first and last seed (stride: the shard's). */
static void session_chunk(const struct session_pool *p, size_t job, uint64_t *first,
                          uint64_t *last)
{
    uint64_t n = p->s->spec->shard_n ? p->s->spec->shard_n : 1;
    uint64_t from = job * p->chunk, to = from + p->chunk - 1;
    to = to < p->count - 1 ? to : p->count - 1;
    *first = p->first + from * n;
    *last = p->first + to * n;
}

/* In a worker: a session of its own over one chunk, its outcome written out. */
static int session_pool_fn(void *user_data, size_t job, FILE *out)
{
    struct session_pool *p = user_data;
    struct wt_session_spec sub = *p->s->spec;
    session_chunk(p, job, &sub.seed_first, &sub.seed_last);
    sub.jobs = 1;
    sub.on_case = NULL;
    sub.on_progress = NULL;
    sub.sink = NULL;
    sub.baseline = NULL;
    struct wt_outcome *o = NULL;
    char err[2048];
    int rc = wt_session_run(&sub, &o, err, sizeof err);
    if (rc == WT_OK) {
        rc = wt_outcome_write(o, out);
    } else {
        fprintf(stderr, "wtkit: %s\n", err);
    }
    wt_outcome_free(o);
    return rc == WT_OK ? 0 : rc == WT_ENOMEM ? WT_ISOLATE_FN_NOMEM : 1;
}

/* In the parent, in job order: merge the chunk, tell its cases as they come. */
static int session_pool_done(void *user_data, size_t job, struct wt_isolate_result *res)
{
    struct session_pool *p = user_data;
    struct session *s = p->s;
    uint64_t first, last;
    session_chunk(p, job, &first, &last);
    uint64_t n = s->spec->shard_n ? s->spec->shard_n : 1, seeds = (last - first) / n + 1;
    struct wt_outcome *part = NULL;
    if (res->end == WT_ISOLATE_DONE) {
        FILE *f = fmemopen(res->data, res->len, "r");
        p->rc = f != NULL ? wt_outcome_read(f, s->spec->alloc, &part) : WT_ENOMEM;
        if (f != NULL) {
            fclose(f);
        }
    }
    if (part == NULL) {
        /* A worker that died took its chunk with it: the kit's failure, said so. */
        snprintf(s->o->failure, sizeof s->o->failure, "a sweep worker (seeds %llu..%llu) "
                 "failed: %s%s%.1500s", (unsigned long long)first, (unsigned long long)last,
                 res->message, res->stderr_tail[0] ? "; stderr: " : "", res->stderr_tail);
        s->o->not_run += seeds;
        return p->rc == WT_ENOMEM ? WT_ENOMEM : 1;
    }
    size_t before = s->o->ncases;
    p->rc = wt_outcome_merge(s->o, part);
    if (p->rc == WT_OK && part->failure[0] != '\0' && s->o->failure[0] == '\0') {
        memcpy(s->o->failure, part->failure, sizeof s->o->failure);
    }
    wt_outcome_free(part);
    for (size_t i = before; p->rc == WT_OK && i < s->o->ncases; i++) {
        if (s->spec->on_case != NULL && session_seed_ops(s, s->o->cases[i].seed, &p->sc) == WT_OK) {
            s->spec->on_case(s->spec->on_case_user_data, s->o, i, &p->sc);
        }
    }
    if (s->spec->on_progress != NULL) {
        s->spec->on_progress(s->spec->on_case_user_data, s->o);
    }
    return p->rc == WT_OK && s->o->failure[0] == '\0' ? WT_OK : 1;
}

static int session_seeds_parallel(struct session *s)
{
    const struct wt_session_spec *spec = s->spec;
    struct session_pool p = {.s = s, .count = session_seed_count(spec)};
    if (p.count == 0 || !session_seed_first(spec, &p.first)) {
        return WT_OK;
    }
    /* Several chunks per worker keep them busy to the end; the order stays the seeds'. */
    uint64_t chunk = p.count / ((uint64_t)spec->jobs * 8);
    p.chunk = chunk < 1 ? 1 : chunk > 1000 ? 1000 : chunk;
    /* Each worker starts its own adapter process: worth it for 100 seeds or more. */
    uint64_t even = (p.count + spec->jobs - 1) / spec->jobs;
    if (s->t.adapter != NULL && p.chunk < 100) {
        p.chunk = even < 100 ? even : 100;
    }
    size_t njobs = (size_t)((p.count + p.chunk - 1) / p.chunk);
    wt_scenario_init(&p.sc, spec->alloc);
    p.sc.ops = wt_alloc(spec->alloc, spec->seed_ops * sizeof *p.sc.ops);
    if (p.sc.ops == NULL) {
        return WT_ENOMEM;
    }
    p.sc.cap = spec->seed_ops;
    /* The workers open the transport themselves: close this one (an adapter is a process). */
    wt__tspec_close(&s->t);
    struct wt_isolate_limits lim = {0}; /* a whole chunk: the per-case bounds apply inside */
    int rc = wt_pool_run(&lim, spec->jobs, njobs, session_pool_fn, session_pool_done, &p);
    wt_scenario_deinit(&p.sc);
    if (rc == 1 || (rc == WT_OK && p.rc != WT_OK)) {
        rc = p.rc == WT_ENOMEM ? WT_ENOMEM : WT_OK; /* said in the outcome */
    }
    /* Stopped early: the chunks after the failing one were never told. */
    uint64_t told = s->o->not_run;
    for (int st = 0; st < WT_RUN_STATUS_COUNT; st++) {
        told += s->o->by_status[st];
    }
    s->o->not_run += p.count > told ? p.count - told : 0;
    return rc;
}

/* ===== 5. the session ===================================================== */

static int session_profile(struct session *s, char *err, size_t cap)
{
    const char *name = s->spec->profile;
    if (name == NULL) {
        name = s->t.mutant_profile != NULL ? s->t.mutant_profile : "docs";
    }
    if (wt_profile_find(name, &s->profile) == WT_OK) {
        return WT_OK;
    }
    char names[256] = "";
    for (size_t i = 0; i < wt_profile_count(); i++) {
        size_t used = strlen(names);
        snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "",
                 wt_profile_name(wt_profile_at(i)));
    }
    wt__say(err, cap, "--profile: unknown profile '%s' (expected one of: %s)", name, names);
    return WT_EINVAL;
}

static bool session_listed(const char *id, const char *const *ids, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(ids[i], id) == 0) {
            return true;
        }
    }
    return false;
}

/* Checks what can be checked before anything runs. */
static int session_check(const struct wt_session_spec *spec, char *err, size_t cap)
{
    for (size_t i = 0; i < spec->nclauses + spec->nskip; i++) {
        const char *id = i < spec->nclauses ? spec->clauses[i] : spec->skip[i - spec->nclauses];
        size_t index;
        if (wt_catalog_find(id, &index) != WT_OK) {
            wt__say(err, cap, "--%s: unknown clause '%s' (see: wtkit clauses)",
                        i < spec->nclauses ? "clause" : "skip", id);
            return WT_EINVAL;
        }
    }
    if (spec->seeds) {
        if (spec->seed_ops == 0 || spec->seed_ops > WT_SESSION_SEED_OPS_MAX ||
            spec->seed_last < spec->seed_first) {
            wt__say(err, cap, "bad seed range or op count");
            return WT_EINVAL;
        }
        if (spec->shard_n != 0 && (spec->shard_k == 0 || spec->shard_k > spec->shard_n)) {
            wt__say(err, cap, "--shard K/N: K must be 1..N");
            return WT_EINVAL;
        }
        if (spec->generator > WT_GEN_VERSION) {
            wt__say(err, cap, "--generator %u: this kit maps seeds to ops with generator "
                        "versions 1..%u; seed %llu of version %u cannot be replayed here (replay "
                        "its saved .wts instead, or use the wtkit that wrote it)",
                        (unsigned)spec->generator, (unsigned)WT_GEN_VERSION,
                        (unsigned long long)spec->seed_first, (unsigned)spec->generator);
            return WT_EINVAL;
        }
    }
    return WT_OK;
}

static void session_settings(struct session *s)
{
    const struct wt_session_spec *spec = s->spec;
    struct wt_outcome_settings *st = &s->o->settings;
    snprintf(st->program, sizeof st->program, "%s", spec->program ? spec->program : "wtkit");
    snprintf(st->profile, sizeof st->profile, "%s", wt_profile_name(s->profile));
    snprintf(st->flavor, sizeof st->flavor, "%s", spec->flavor ? spec->flavor : "");
    snprintf(st->transport, sizeof st->transport, "%s", s->t.name);
    snprintf(st->transport_key, sizeof st->transport_key, "%s", s->t.key);
    snprintf(st->replay, sizeof st->replay, "%s", s->t.replay);
    snprintf(st->transport_spec, sizeof st->transport_spec, "%s", s->t.spec);
    snprintf(st->skipped, sizeof st->skipped, "%s", s->t.skipped ? s->t.skip_reason : "");
    st->has_seed = spec->has_seed;
    st->seed = spec->seed;
    st->strict = spec->strict;
    st->seeds = spec->seeds;
    st->seed_first = spec->seed_first;
    st->seed_last = spec->seed_last;
    st->seed_ops = spec->seed_ops;
    st->generator = spec->generator ? spec->generator : WT_GEN_VERSION;
    st->replay_checked = s->t.replay_checked;
    st->missing = s->t.missing;
    st->defaulted = s->t.defaulted;
    st->can_write_eof = -1;
    for (size_t i = 0; i < s->o->nclauses; i++) {
        const char *id = wt_catalog_at(i)->id;
        s->selected[i] = (spec->nclauses == 0 || session_listed(id, spec->clauses, spec->nclauses)) &&
                         !session_listed(id, spec->skip, spec->nskip);
        s->o->clauses[i].selected = s->selected[i];
    }
}

static int session_baseline(struct session *s, char *err, size_t cap)
{
    struct wt_baseline_diff *b = wt_calloc(s->spec->alloc, 1, sizeof *b);
    if (b == NULL) {
        return WT_ENOMEM;
    }
    int rc = wt_baseline_load(s->spec->baseline, s->o, b, err, cap);
    if (rc != WT_OK) {
        wt_free(s->spec->alloc, b);
        return rc;
    }
    wt__baseline_judge(s->o, b);
    s->o->baseline = b;
    return WT_OK;
}

/* Everything before the first case: transport, profile, outcome, runner. */
static int session_open(struct session *s, char *err, size_t cap)
{
    const struct wt_session_spec *spec = s->spec;
    int rc = wt__tspec_open(spec, &s->t, err, cap);
    if (rc == WT_OK) {
        rc = session_profile(s, err, cap);
    }
    if (rc != WT_OK) {
        return rc;
    }
    rc = wt_outcome_new(spec->alloc, wt_catalog_count(), &s->o);
    s->selected = wt_calloc(spec->alloc, wt_catalog_count() + 1, sizeof *s->selected);
    if (rc != WT_OK || s->selected == NULL) {
        return WT_ENOMEM;
    }
    session_settings(s);
    if (s->t.skipped) {
        return WT_OK;
    }
    if (spec->flavor != NULL && !wt__tspec_flavor_works(&s->t, spec->flavor, NULL)) {
        wt__say(err, cap, "--flavor: transport %s has no flavor '%s'", s->t.name,
                    spec->flavor);
        return WT_EINVAL;
    }
    wt_run_config_init(&s->cfg);
    s->cfg.profile = s->profile;
    s->cfg.flavor = spec->flavor;
    s->cfg.has_seed = spec->has_seed;
    s->cfg.seed = spec->seed;
    s->cfg.steps_max = spec->steps_max;
    s->cfg.work_max = spec->work_max;
    s->cfg.selected = s->selected;
    /* A sink only when someone reads the events (a caller's sink, --context). */
    if (spec->sink != NULL || spec->context > 0) {
        s->cfg.sink = session_sink;
        s->cfg.sink_user_data = s;
    }
    s->cfg.note_sink = session_note_sink;
    s->cfg.note_sink_user_data = s;
    bool can_eof = session_can_eof(s, NULL);
    s->o->settings.can_write_eof = can_eof ? 1 : 0;
    s->kinds = wt__tspec_kinds(&s->t);
    if (!can_eof) {
        s->kinds &= ~WT_GEN_KIND(WT_OP_WRITE_EOF); /* a half-close it cannot do */
    }
    return session_runner(s) != WT_OK ? WT_ENOMEM : WT_OK;
}

static void session_close(struct session *s)
{
    wt_runner_free(s->runner);
    wt__tspec_close(&s->t);
    wt_free(s->spec->alloc, s->selected);
    wt_free(s->spec->alloc, s->events);
    wt_free(s->spec->alloc, s->notes);
    s->runner = NULL;
    s->selected = NULL;
    s->events = NULL;
    s->notes = NULL;
}

static int session_body(struct session *s, char *err, size_t cap)
{
    const struct wt_session_spec *spec = s->spec;
    int rc = session_open(s, err, cap);
    if (rc != WT_OK || s->t.skipped) {
        if (rc == WT_OK) {
            wt_outcome_finish(s->o);
        }
        return rc;
    }
    rc = !spec->seeds      ? session_files(s, err, cap)
         : spec->jobs > 1 ? session_seeds_parallel(s)
                          : session_seeds(s, err, cap);
    if (rc != WT_OK) {
        return rc;
    }
    wt_outcome_finish(s->o);
    if (spec->baseline != NULL) {
        rc = session_baseline(s, err, cap);
        wt_outcome_finish(s->o);
    }
    return rc;
}

/* ----- probes: one case at a time (shrink, replay, diff) ----- */

static int probe_open(const struct wt_session_spec *spec, bool once, struct wt__probe **out,
                      char *err, size_t cap)
{
    *out = NULL;
    int rc = session_check(spec, err, cap);
    struct session *s = rc == WT_OK ? wt_calloc(spec->alloc, 1, sizeof *s) : NULL;
    if (rc != WT_OK) {
        return rc;
    }
    if (s == NULL) {
        return WT_ENOMEM;
    }
    s->spec = spec;
    s->once = once;
    rc = session_open(s, err, cap);
    if (rc == WT_OK && s->t.skipped) {
        wt__say(err, cap, "%s: %s", s->t.name, s->t.skip_reason);
        rc = WT_EADAPTER;
    }
    if (rc != WT_OK) {
        session_close(s);
        wt_outcome_free(s->o);
        wt_free(spec->alloc, s);
        return rc;
    }
    *out = (struct wt__probe *)s;
    return WT_OK;
}

int wt__probe_open(const struct wt_session_spec *spec, struct wt__probe **out, char *err,
                   size_t cap)
{
    return probe_open(spec, false, out, err, cap);
}

int wt__probe_open_once(const struct wt_session_spec *spec, struct wt__probe **out, char *err,
                        size_t cap)
{
    return probe_open(spec, true, out, err, cap);
}

int wt__probe_run(struct wt__probe *p, const struct wt_scenario *sc, struct wt_outcome_case *c)
{
    struct session *s = (struct session *)p;
    memset(c, 0, sizeof *c);
    char why[WT_RUN_MESSAGE_MAX];
    bool skip = session_skip(s, sc, false, why, sizeof why);
    return skip                   ? session_here(s, sc, skip, why, c)
           : session_hosting(s)   ? session_hosted(s, sc, c)
           : session_isolating(s) ? session_isolated(s, sc, c)
                                  : session_here(s, sc, skip, why, c);
}

int wt__probe_run_told(struct wt__probe *p, const struct wt_scenario *sc, const char *name,
                       bool is_seed, struct wt_outcome_case *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", name);
    c->is_seed = is_seed;
    return session_here((struct session *)p, sc, false, "", c);
}

void wt__probe_case_free(struct wt__probe *p, struct wt_outcome_case *c)
{
    session_case_free((struct session *)p, c);
}

const struct wt_outcome_settings *wt__probe_settings(const struct wt__probe *p)
{
    return &((const struct session *)p)->o->settings;
}

uint64_t wt__probe_kinds(const struct wt__probe *p)
{
    return ((const struct session *)p)->kinds;
}

void wt__probe_close(struct wt__probe *p)
{
    struct session *s = (struct session *)p;
    if (s == NULL) {
        return;
    }
    const struct wt_allocator *a = s->spec->alloc;
    session_close(s);
    wt_outcome_free(s->o);
    wt_free(a, s);
}

int wt_session_run(const struct wt_session_spec *spec, struct wt_outcome **out, char *err,
                   size_t err_cap)
{
    if (err != NULL && err_cap > 0) {
        err[0] = '\0';
    }
    if (spec == NULL || out == NULL) {
        return WT_EINVAL;
    }
    *out = NULL;
    int rc = session_check(spec, err, err_cap);
    if (rc != WT_OK) {
        return rc;
    }
    struct session s = {.spec = spec};
    rc = session_body(&s, err, err_cap);
    if (rc == WT_ENOMEM && (err == NULL || err[0] == '\0')) {
        wt__say(err, err_cap, "wtkit: out of memory");
    }
    session_close(&s);
    if (rc == WT_OK) {
        *out = s.o;
    } else {
        wt_outcome_free(s.o);
    }
    return rc;
}
