/* SPDX-License-Identifier: MIT */
/*
 * trace.c - the trace: the event hash, the event's one-line text form and
 * the append-only trace object with its sinks.
 *
 * The text form is the wire format out-of-process adapters will speak, so
 * it is unambiguous and parsed strictly:
 *
 *     <kind> <what> [rc=<code>] [a=<int>] [b=<int>] [c=<int>]
 *
 * tokens separated by exactly one space, no leading or trailing blanks,
 * fields in that order and each at most once. <kind> is the kind's word
 * ("call"). <what> is a name that depends on the kind (a method, a
 * callback, an op with its spaces written as '_', a report, peer or idle
 * kind); "-" for kinds without names when what is 0; otherwise the plain
 * decimal number (always accepted, and what format writes when no name
 * fits). <code> is an error name ("EVALUE", "OK") or a decimal number.
 * Integers are decimal, an optional '-', no '+', no leading zeros, and
 * must fit their field. wt_event_format omits zero fields and writes a
 * known rc by name, so every event has exactly one canonical line, and
 * parse accepts that line (plus the spellings above) and nothing else.
 *
 * Sections: hash; names; format; parse; trace object.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wt/assert.h"
#include "wt/errors.h"
#include "wt/op.h"
#include "wt/trace.h"


#define TRACE_KEEP_INITIAL 64u

/* ------------------------------------------------------------------ */
/* Hash                                                               */
/* ------------------------------------------------------------------ */

static uint64_t trace_fold(uint64_t h, uint64_t w)
{
    h = (h ^ w) * 0x100000001b3ull;
    h ^= h >> 29;
    return h;
}

uint64_t wt_event_hash(uint64_t h, const struct wt_event *ev)
{
    if (ev == NULL) {
        return h;
    }
    /* Signed fields are sign-extended to 64 bits, then taken as unsigned
     * (conversion to an unsigned type is modular in C, so this is exact). */
    h = trace_fold(h, (uint64_t)ev->kind);
    h = trace_fold(h, (uint64_t)ev->what);
    h = trace_fold(h, (uint64_t)(int64_t)ev->rc);
    h = trace_fold(h, (uint64_t)ev->a);
    h = trace_fold(h, (uint64_t)ev->b);
    h = trace_fold(h, (uint64_t)ev->c);
    return h;
}

/* ------------------------------------------------------------------ */
/* Names                                                              */
/* ------------------------------------------------------------------ */

static const char *const trace_kind_words[WT_EV_COUNT] = {
#define WT_EV_WORD(name, word, doc) word,
    WT_EV_MAP(WT_EV_WORD)
#undef WT_EV_WORD
};

static const char *const trace_report_names[WT_REPORT_COUNT] = {
    "pause_failed", "resume_failed", "callback_failed", "fatal_error", "other",
};

static const char *const trace_peer_names[WT_PEER_EV_COUNT] = {
    "received", "fin", "corrupt", "sent", "eof", "closed", "fault", "spurious",
};

static const char *const trace_idle_names[WT_IDLE_COUNT] = {"end", "run"};

const char *wt_ev_name(int kind)
{
    return kind >= 0 && kind < WT_EV_COUNT ? trace_kind_words[kind] : NULL;
}

/* How many named values what has for a kind; 0 for kinds without names. */
static int trace_what_count(int kind)
{
    switch (kind) {
    case WT_EV_CALL:
    case WT_EV_RETURN:
        return WT_METHOD_COUNT;
    case WT_EV_CALLBACK:
        return WT_CB_COUNT;
    case WT_EV_OP:
    case WT_EV_EXPECT:
        return WT_OP_COUNT;
    case WT_EV_REPORT:
        return WT_REPORT_COUNT;
    case WT_EV_PEER:
        return WT_PEER_EV_COUNT;
    case WT_EV_IDLE:
        return WT_IDLE_COUNT;
    default:
        return 0;
    }
}

/* The name of what for a kind (op names still with their spaces), or NULL. */
static const char *trace_what_name(int kind, int what)
{
    if (what < 0 || what >= trace_what_count(kind)) {
        return NULL;
    }
    switch (kind) {
    case WT_EV_CALL:
    case WT_EV_RETURN:
        return wt_method_name(what);
    case WT_EV_CALLBACK:
        return wt_cb_name(what);
    case WT_EV_OP:
    case WT_EV_EXPECT:
        return wt_op_name(what);
    case WT_EV_REPORT:
        return trace_report_names[what];
    case WT_EV_PEER:
        return trace_peer_names[what];
    case WT_EV_IDLE:
        return trace_idle_names[what];
    default:
        return NULL;
    }
}

/* True when tok equals name with each space of name written as '_'. */
static bool trace_name_equal(const char *tok, size_t n, const char *name)
{
    size_t i = 0;
    for (; i < n && name[i] != '\0'; i++) {
        char want = name[i] == ' ' ? '_' : name[i];
        if (tok[i] != want) {
            return false;
        }
    }
    return i == n && name[i] == '\0';
}

/* ------------------------------------------------------------------ */
/* Format                                                             */
/* ------------------------------------------------------------------ */

/* An snprintf-style writer: counts what it needed even past cap. */
struct trace_out {
    char *buf;
    size_t cap;
    size_t len;
};

static void trace_out_char(struct trace_out *o, char ch)
{
    if (o->len + 1 < o->cap) {
        o->buf[o->len] = ch;
    }
    o->len++;
}

static void trace_out_str(struct trace_out *o, const char *s, bool underscores)
{
    for (; *s != '\0'; s++) {
        trace_out_char(o, underscores && *s == ' ' ? '_' : *s);
    }
}

static void trace_out_i64(struct trace_out *o, int64_t v)
{
    char tmp[24];
    int n = snprintf(tmp, sizeof(tmp), "%" PRId64, v);
    WT_ASSERT(n > 0 && (size_t)n < sizeof(tmp));
    trace_out_str(o, tmp, false);
}

static void trace_out_field(struct trace_out *o, const char *key, int64_t v)
{
    if (v == 0) {
        return;
    }
    trace_out_char(o, ' ');
    trace_out_str(o, key, false);
    trace_out_i64(o, v);
}

int wt_event_format(const struct wt_event *ev, char *buf, size_t cap)
{
    if (ev == NULL || (buf == NULL && cap > 0) || ev->kind >= WT_EV_COUNT) {
        return WT_EINVAL;
    }
    struct trace_out o = {.buf = buf, .cap = cap, .len = 0};
    trace_out_str(&o, trace_kind_words[ev->kind], false);
    trace_out_char(&o, ' ');
    const char *name = trace_what_name(ev->kind, ev->what);
    if (name != NULL) {
        trace_out_str(&o, name, true);
    } else if (ev->what == 0 && trace_what_count(ev->kind) == 0) {
        trace_out_char(&o, '-');
    } else {
        trace_out_i64(&o, ev->what);
    }
    if (ev->rc != 0) {
        const char *ename = wt_err_name(ev->rc);
        trace_out_str(&o, " rc=", false);
        if (strcmp(ename, "UNKNOWN") == 0) {
            trace_out_i64(&o, ev->rc);
        } else {
            trace_out_str(&o, ename, false);
        }
    }
    trace_out_field(&o, "a=", ev->a);
    trace_out_field(&o, "b=", ev->b);
    trace_out_field(&o, "c=", ev->c);
    if (cap > 0) {
        o.buf[o.len < cap ? o.len : cap - 1] = '\0';
    }
    WT_ASSERT(o.len < WT_EVENT_TEXT_MAX);
    return (int)o.len;
}

/* ------------------------------------------------------------------ */
/* Parse                                                              */
/* ------------------------------------------------------------------ */

/* Strict decimal: -?(0|[1-9][0-9]*), within [lo, hi]. */
static bool trace_parse_int(const char *s, size_t n, int64_t lo, int64_t hi, int64_t *out)
{
    bool neg = n > 0 && s[0] == '-';
    size_t i = neg ? 1 : 0;
    if (i == n || (s[i] == '0' && n - i > 1) || (neg && s[i] == '0')) {
        return false;
    }
    /* The magnitude of INT64_MIN is 2^63, one more than INT64_MAX. */
    uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    uint64_t mag = 0;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        uint64_t digit = (uint64_t)(s[i] - '0');
        if (mag > (limit - digit) / 10) {
            return false;
        }
        mag = mag * 10 + digit;
    }
    int64_t v;
    if (neg) {
        v = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
    } else {
        v = (int64_t)mag;
    }
    if (v < lo || v > hi) {
        return false;
    }
    *out = v;
    return true;
}

static bool trace_parse_kind(const char *tok, size_t n, uint16_t *kind_out)
{
    for (int k = 0; k < WT_EV_COUNT; k++) {
        if (trace_name_equal(tok, n, trace_kind_words[k])) {
            *kind_out = (uint16_t)k;
            return true;
        }
    }
    return false;
}

static bool trace_parse_what(int kind, const char *tok, size_t n, uint16_t *what_out)
{
    int count = trace_what_count(kind);
    if (n == 1 && tok[0] == '-') {
        *what_out = 0;
        return count == 0;
    }
    int64_t v;
    if (n > 0 && tok[0] >= '0' && tok[0] <= '9') {
        if (!trace_parse_int(tok, n, 0, UINT16_MAX, &v)) {
            return false;
        }
        *what_out = (uint16_t)v;
        return true;
    }
    for (int w = 0; w < count; w++) {
        if (trace_name_equal(tok, n, trace_what_name(kind, w))) {
            *what_out = (uint16_t)w;
            return true;
        }
    }
    return false;
}

static const struct {
    const char *name;
    int rc;
} trace_err_names[] = {
    {"OK", WT_OK},
#define WT_ERR_ROW(name, value, py, msg) {#name, value},
    WT_ERRNO_MAP(WT_ERR_ROW)
#undef WT_ERR_ROW
};

static bool trace_parse_rc(const char *s, size_t n, int32_t *rc_out)
{
    int64_t v;
    if (n > 0 && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9'))) {
        if (!trace_parse_int(s, n, INT32_MIN, INT32_MAX, &v)) {
            return false;
        }
        *rc_out = (int32_t)v;
        return true;
    }
    for (size_t i = 0; i < sizeof(trace_err_names) / sizeof(trace_err_names[0]); i++) {
        if (trace_name_equal(s, n, trace_err_names[i].name)) {
            *rc_out = trace_err_names[i].rc;
            return true;
        }
    }
    return false;
}

/* One "key=value" field; *order_io enforces rc, a, b, c order, once each. */
static bool trace_parse_field(const char *tok, size_t n, int *order_io, struct wt_event *ev)
{
    static const char *const keys[4] = {"rc=", "a=", "b=", "c="};
    for (int k = 0; k < 4; k++) {
        size_t klen = strlen(keys[k]);
        if (n < klen || memcmp(tok, keys[k], klen) != 0) {
            continue;
        }
        if (k < *order_io) {
            return false;
        }
        *order_io = k + 1;
        const char *v = tok + klen;
        size_t vn = n - klen;
        switch (k) {
        case 0:
            return trace_parse_rc(v, vn, &ev->rc);
        case 1:
            return trace_parse_int(v, vn, INT64_MIN, INT64_MAX, &ev->a);
        case 2:
            return trace_parse_int(v, vn, INT64_MIN, INT64_MAX, &ev->b);
        case 3:
            return trace_parse_int(v, vn, INT64_MIN, INT64_MAX, &ev->c);
        default:
            return false;
        }
    }
    return false;
}

/*
 * The token at *pos, up to the next space or the end; *more says whether a
 * separator followed (then another token must come). false if it is empty,
 * which rejects leading, doubled and trailing spaces.
 */
static bool trace_next_token(const char *line, size_t len, size_t *pos, const char **tok,
                             size_t *n, bool *more)
{
    size_t end = *pos;
    while (end < len && line[end] != ' ') {
        end++;
    }
    *tok = line + *pos;
    *n = end - *pos;
    *more = end < len;
    *pos = *more ? end + 1 : end;
    return *n > 0;
}

int wt_event_parse(const char *line, size_t len, struct wt_event *ev)
{
    if (line == NULL || ev == NULL) {
        return WT_ESYNTAX;
    }
    struct wt_event out = {0};
    size_t pos = 0;
    const char *tok;
    size_t n;
    bool more;
    if (!trace_next_token(line, len, &pos, &tok, &n, &more) || !more ||
        !trace_parse_kind(tok, n, &out.kind)) {
        return WT_ESYNTAX;
    }
    if (!trace_next_token(line, len, &pos, &tok, &n, &more) ||
        !trace_parse_what(out.kind, tok, n, &out.what)) {
        return WT_ESYNTAX;
    }
    int order = 0;
    while (more) {
        if (!trace_next_token(line, len, &pos, &tok, &n, &more) ||
            !trace_parse_field(tok, n, &order, &out)) {
            return WT_ESYNTAX;
        }
    }
    WT_ASSERT(pos == len);
    *ev = out;
    return WT_OK;
}

/* ------------------------------------------------------------------ */
/* Trace object                                                       */
/* ------------------------------------------------------------------ */

struct trace_sink {
    wt_trace_sink_fn *fn;
    void *user_data;
};

struct wt_trace {
    const struct wt_allocator *alloc;
    bool keep;
    bool complete; /* every appended event is kept (keep mode) */
    uint64_t hash;
    size_t count;  /* events appended */
    struct wt_event *events;
    size_t kept;   /* a prefix of the appended events */
    size_t cap;
    struct trace_sink sinks[WT_TRACE_SINKS_MAX];
    size_t nsinks;
};

static void trace_validate(const struct wt_trace *t)
{
    WT_ASSERT(t != NULL);
    WT_ASSERT(t->kept <= t->count && t->kept <= t->cap);
    WT_ASSERT(t->nsinks <= WT_TRACE_SINKS_MAX);
    WT_ASSERT(t->keep || (t->events == NULL && t->kept == 0));
    WT_ASSERT(!t->complete || !t->keep || t->kept == t->count);
}

int wt_trace_new(const struct wt_allocator *a, bool keep, struct wt_trace **trace_out)
{
    if (trace_out == NULL) {
        return WT_EINVAL;
    }
    *trace_out = NULL;
    struct wt_trace *t = wt_calloc(a, 1, sizeof(*t));
    if (t == NULL) {
        return WT_ENOMEM;
    }
    t->alloc = a;
    t->keep = keep;
    if (keep) {
        t->events = wt_calloc(a, TRACE_KEEP_INITIAL, sizeof(*t->events));
        if (t->events == NULL) {
            wt_free(a, t);
            return WT_ENOMEM;
        }
        t->cap = TRACE_KEEP_INITIAL;
    }
    wt_trace_reset(t);
    *trace_out = t;
    return WT_OK;
}

void wt_trace_free(struct wt_trace *t)
{
    if (t == NULL) {
        return;
    }
    wt_free(t->alloc, t->events);
    wt_free(t->alloc, t);
}

void wt_trace_reset(struct wt_trace *t)
{
    if (t == NULL) {
        return;
    }
    t->complete = true;
    t->hash = WT_TRACE_HASH_INIT;
    t->count = 0;
    t->kept = 0;
    t->nsinks = 0;
    trace_validate(t);
}

int wt_trace_add_sink(struct wt_trace *t, wt_trace_sink_fn *fn, void *user_data)
{
    if (t == NULL || fn == NULL) {
        return WT_EINVAL;
    }
    if (t->nsinks == WT_TRACE_SINKS_MAX) {
        return WT_ELIMIT;
    }
    t->sinks[t->nsinks].fn = fn;
    t->sinks[t->nsinks].user_data = user_data;
    t->nsinks++;
    return WT_OK;
}

/* Keeps a copy; false when the array cannot grow (the trace turns incomplete). */
static bool trace_keep(struct wt_trace *t, const struct wt_event *ev)
{
    if (!t->complete) {
        return false; /* kept events stay a prefix: never keep after a gap */
    }
    if (t->kept == t->cap) {
        if (t->cap > SIZE_MAX / 2 / sizeof(*t->events)) {
            return false;
        }
        size_t cap = 2 * t->cap;
        struct wt_event *events = wt_realloc(t->alloc, t->events, cap * sizeof(*events));
        if (events == NULL) {
            return false;
        }
        t->events = events;
        t->cap = cap;
    }
    t->events[t->kept] = *ev;
    t->kept++;
    return true;
}

int wt_trace_append(struct wt_trace *t, const struct wt_event *ev)
{
    if (t == NULL || ev == NULL) {
        return WT_EINVAL;
    }
    trace_validate(t);
    struct wt_event copy = *ev;
    copy.index = (uint32_t)t->count;
    int rc = WT_OK;
    if (t->keep && !trace_keep(t, &copy)) {
        t->complete = false;
        rc = WT_ENOMEM;
    }
    t->hash = wt_event_hash(t->hash, &copy);
    t->count++;
    /* Sinks get a copy each, so one cannot change what the next sees. */
    for (size_t i = 0; i < t->nsinks; i++) {
        struct wt_event view = copy;
        t->sinks[i].fn(t->sinks[i].user_data, &view);
    }
    trace_validate(t);
    return rc;
}

uint64_t wt_trace_hash(const struct wt_trace *t) { return t == NULL ? 0 : t->hash; }

size_t wt_trace_count(const struct wt_trace *t) { return t == NULL ? 0 : t->count; }

bool wt_trace_complete(const struct wt_trace *t)
{
    /* A streaming trace keeps nothing, so it never holds every event. */
    return t != NULL && t->keep && t->complete;
}

const struct wt_event *wt_trace_at(const struct wt_trace *t, size_t i)
{
    if (t == NULL || i >= t->kept) {
        return NULL;
    }
    return &t->events[i];
}
