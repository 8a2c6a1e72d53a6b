/* SPDX-License-Identifier: MIT */
/*
 * trace.c - the trace: the event hash, the event's one-line text form and
 * the append-only trace object with its sinks.
 *
 * The text form is for people (`wtkit trace`) and tools, so every field
 * is named after what it means for its event, and it is parsed strictly:
 *
 *     <kind> [<what>] [->] [rc=<code>] [<name>=<value> ...]
 *
 * tokens separated by exactly one space, no leading or trailing blanks.
 * <kind> is the kind's word ("call"). <what> is a name that depends on the
 * kind (a method, a callback, an op with its spaces written as '_', a
 * report, peer or idle kind), or the plain decimal number when no name
 * fits; kinds without names leave it out when it is 0. RETURN events put
 * "->" after <what>. Then rc, when not 0, and the three fields a, b, c,
 * each under the name trace_fields gives it for this kind and what (for
 * OP events, the op schema's argument names), in that order, each at most
 * once. A field is left out when it is 0 unless it is one that is always
 * written (a size, a length). A field an event does not use is called
 * x1, x2 or x3 (only a malformed event sets one). Values are decimal (an
 * optional '-', no '+', no leading zeros) or, for codes, states and hook
 * places, their names ("EVALUE", "paused", "pause"). wt_event_format
 * writes one canonical line per event; wt_event_parse accepts that line,
 * the explicit zero fields and the decimal spellings, and nothing else.
 *
 * Sections: hash; names; fields; format; parse; trace object.
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

uint64_t wt_event_hash(uint64_t h, const struct wt_event *ev)
{
    return ev == NULL ? h : wt__event_hash(h, ev);
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
    "received", "fin", "corrupt", "sent", "eof", "closed", "fault", "spurious", "watch-failed",
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
/* Fields: the name and spelling of a, b and c per kind and what      */
/* ------------------------------------------------------------------ */

/* How a field's value is written. */
enum trace_val {
    TRACE_INT,   /* decimal */
    TRACE_CODE,  /* a status code by name ("EPIPE", "OK"), else decimal */
    TRACE_STATE, /* an enum wt_expect_state word ("paused"), else decimal */
    TRACE_ON,    /* an enum wt_on: "now" or a callback word ("pause"), else decimal */
    TRACE_CHOICE /* a CHOICE argument's word ("bytearray-cleared"), else decimal */
};

struct trace_field {
    const char *name;
    uint8_t val;   /* enum trace_val */
    bool always;   /* written even when 0 */
    const struct wt_op_arg *arg; /* TRACE_CHOICE: the argument whose words these are */
};

struct trace_fields {
    struct trace_field f[3]; /* a, b, c */
};

#define TRACE_F(name, val, always) ((struct trace_field){name, TRACE_##val, always, NULL})
#define TRACE_N(name) TRACE_F(name, INT, true)

static void trace_fields_on(struct trace_fields *out) { out->f[2] = TRACE_F("on", ON, false); }

/* OP events: a and b under the op schema's argument names, c = where it runs. */
static void trace_fields_op(int what, struct trace_fields *out)
{
    const struct wt_op_schema *s = wt_op_schema_at(what);
    if (s == NULL) {
        return;
    }
    for (unsigned i = 0; i < s->nargs; i++) {
        const struct wt_op_arg *arg = &s->args[i];
        bool always = !(arg->flags & WT_ARG_OPTIONAL);
        uint8_t val = arg->type == WT_ARG_ERRNO || arg->type == WT_ARG_STATUS ? TRACE_CODE
                      : arg->type == WT_ARG_STATE                            ? TRACE_STATE
                      : arg->type == WT_ARG_CHOICE                           ? TRACE_CHOICE
                                                                             : TRACE_INT;
        if (arg->slot == WT_SLOT_CHUNKS) {
            /* The event has the total and the count, not the lengths (nor writelines' kind). */
            out->f[0] = TRACE_N("n");
            out->f[1] = TRACE_N(arg->name);
            trace_fields_on(out);
            return;
        }
        out->f[arg->slot] = (struct trace_field){arg->name, val, always, arg};
    }
    trace_fields_on(out);
}

static void trace_fields_call(int what, bool ret, struct trace_fields *out)
{
    if (ret) {
        out->f[0] = TRACE_N("size");
        switch (what) {
        case WT_METHOD_IS_CLOSING:
        case WT_METHOD_CAN_WRITE_EOF:
        case WT_METHOD_GET_SIZE:
            out->f[1] = TRACE_N("returned");
            return;
        case WT_METHOD_GET_LIMITS:
        case WT_METHOD_SET_LIMITS:
            out->f[1] = TRACE_N("low");
            out->f[2] = TRACE_N("high");
            return;
        default:
            return;
        }
    }
    switch (what) {
    case WT_METHOD_WRITE:
        out->f[0] = TRACE_N("n");
        out->f[1] = TRACE_N("offset");
        return;
    case WT_METHOD_WRITELINES:
        out->f[0] = TRACE_N("n");
        out->f[1] = TRACE_N("offset");
        out->f[2] = TRACE_N("chunks");
        return;
    case WT_METHOD_SET_LIMITS:
        out->f[0] = TRACE_N("high");
        out->f[1] = TRACE_N("low");
        out->f[2] = TRACE_N("given"); /* WT_OPF_HAS_HIGH | WT_OPF_HAS_LOW */
        return;
    default:
        return;
    }
}

static void trace_fields_peer(int what, struct trace_fields *out)
{
    switch (what) {
    case WT_PEER_RECEIVED:
        out->f[0] = TRACE_N("n");
        out->f[1] = TRACE_N("total");
        return;
    case WT_PEER_FIN:
        out->f[0] = TRACE_N("pos");
        return;
    case WT_PEER_CORRUPT:
        out->f[0] = TRACE_N("offset");
        return;
    case WT_PEER_SENT:
        out->f[0] = TRACE_N("n");
        return;
    case WT_PEER_FAULT:
        out->f[0] = TRACE_F("error", CODE, true);
        return;
    case WT_PEER_WATCH_FAILED:
        out->f[0] = TRACE_N("dir");
        return;
    default:
        return;
    }
}

static void trace_fields_expect(int what, struct trace_fields *out)
{
    switch (what) {
    case WT_OP_EXPECT_LIMITS:
        out->f[0] = TRACE_N("want_low");
        out->f[1] = TRACE_N("low");
        out->f[2] = TRACE_N("high");
        return;
    case WT_OP_EXPECT_STATE:
        out->f[0] = TRACE_F("state", STATE, true);
        out->f[1] = TRACE_N("held");
        return;
    case WT_OP_EXPECT_ERROR:
        out->f[0] = TRACE_F("want", CODE, true);
        out->f[1] = TRACE_F("got", CODE, true);
        return;
    default:
        out->f[0] = TRACE_N("want");
        out->f[1] = TRACE_N("got");
        return;
    }
}

/*
 * The names of an event's a, b and c (WT_EV_MAP in trace.h says what they
 * mean). Names are distinct within one event and never "rc".
 */
static void trace_fields(int kind, int what, struct trace_fields *out)
{
    out->f[0] = TRACE_F("x1", INT, false);
    out->f[1] = TRACE_F("x2", INT, false);
    out->f[2] = TRACE_F("x3", INT, false);
    switch (kind) {
    case WT_EV_OP:
        trace_fields_op(what, out);
        return;
    case WT_EV_CALL:
    case WT_EV_RETURN:
        trace_fields_call(what, kind == WT_EV_RETURN, out);
        return;
    case WT_EV_CALLBACK:
        out->f[0] = TRACE_N("size");
        if (what == WT_CB_LOST) {
            out->f[1] = TRACE_F("exc", CODE, false); /* 0: None */
        } else if (what == WT_CB_DATA) {
            out->f[1] = TRACE_N("n");
        }
        return;
    case WT_EV_SEND:
        out->f[0] = TRACE_N("offered");
        out->f[1] = TRACE_N("accepted");
        out->f[2] = TRACE_N("pos");
        return;
    case WT_EV_RECV:
        out->f[0] = TRACE_N("n"); /* 0: EOF */
        return;
    case WT_EV_PEER:
        trace_fields_peer(what, out);
        return;
    case WT_EV_TIME:
        out->f[0] = TRACE_N("now_ns");
        return;
    case WT_EV_IDLE:
        out->f[0] = TRACE_F("writable", INT, false);
        out->f[1] = TRACE_F("size", INT, false);
        out->f[2] = TRACE_F("low", INT, false);
        return;
    case WT_EV_BOUND:
        out->f[0] = TRACE_N("steps");
        out->f[1] = TRACE_F("writable", INT, false);
        out->f[2] = TRACE_F("progress", INT, false);
        return;
    case WT_EV_EXPECT:
        trace_fields_expect(what, out);
        return;
    default:
        return;
    }
}

/* The name of a value (len_out: its length), or NULL when it is written as a number. */
static const char *trace_val_name(const struct trace_field *f, int64_t v, size_t *len_out)
{
    const char *name = NULL;
    switch (f->val) {
    case TRACE_CODE:
        if (v >= INT32_MIN && v <= INT32_MAX && strcmp(wt_err_name((int)v), "UNKNOWN") != 0) {
            name = wt_err_name((int)v);
        }
        break;
    case TRACE_STATE:
        name = v >= 0 && v < WT_EXPECT_COUNT ? wt_expect_state_name((int)v) : NULL;
        break;
    case TRACE_ON:
        name = v == WT_ON_NOW                     ? "now"
               : v > WT_ON_NOW && v < WT_ON_COUNT ? wt_cb_word((int)v - 1)
                                                  : NULL;
        break;
    case TRACE_CHOICE:
        return f->arg != NULL ? wt_op_choice_word(f->arg, v, len_out) : NULL;
    default:
        break;
    }
    *len_out = name != NULL ? strlen(name) : 0;
    return name;
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

static void trace_out_field(struct trace_out *o, const struct trace_field *f, int64_t v)
{
    if (v == 0 && !f->always) {
        return;
    }
    size_t len = 0;
    const char *name = trace_val_name(f, v, &len);
    trace_out_char(o, ' ');
    trace_out_str(o, f->name, false);
    trace_out_char(o, '=');
    if (name != NULL) {
        for (size_t i = 0; i < len; i++) {
            trace_out_char(o, name[i]);
        }
    } else {
        trace_out_i64(o, v);
    }
}

int wt_event_format(const struct wt_event *ev, char *buf, size_t cap)
{
    if (ev == NULL || (buf == NULL && cap > 0) || ev->kind >= WT_EV_COUNT) {
        return WT_EINVAL;
    }
    struct trace_out o = {.buf = buf, .cap = cap, .len = 0};
    trace_out_str(&o, trace_kind_words[ev->kind], false);
    const char *name = trace_what_name(ev->kind, ev->what);
    if (name != NULL) {
        trace_out_char(&o, ' ');
        trace_out_str(&o, name, true);
    } else if (ev->what != 0 || trace_what_count(ev->kind) > 0) {
        trace_out_char(&o, ' ');
        trace_out_i64(&o, ev->what);
    }
    if (ev->kind == WT_EV_RETURN) {
        trace_out_str(&o, " ->", false);
    }
    if (ev->rc != 0) {
        trace_out_field(&o, &TRACE_F("rc", CODE, false), ev->rc);
    }
    struct trace_fields fs;
    trace_fields(ev->kind, ev->what, &fs);
    trace_out_field(&o, &fs.f[0], ev->a);
    trace_out_field(&o, &fs.f[1], ev->b);
    trace_out_field(&o, &fs.f[2], ev->c);
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

static bool trace_is_number(const char *tok, size_t n)
{
    return n > 0 && ((tok[0] >= '0' && tok[0] <= '9') || tok[0] == '-');
}

static bool trace_parse_what(int kind, const char *tok, size_t n, uint16_t *what_out)
{
    int64_t v;
    if (trace_is_number(tok, n)) {
        if (!trace_parse_int(tok, n, 0, UINT16_MAX, &v)) {
            return false;
        }
        *what_out = (uint16_t)v;
        return true;
    }
    for (int w = 0; w < trace_what_count(kind); w++) {
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

/* A value as its field spells it: a number, or a name of its kind. */
static bool trace_parse_value(const struct trace_field *f, const char *s, size_t n, int64_t lo,
                              int64_t hi, int64_t *out)
{
    if (trace_is_number(s, n)) {
        return trace_parse_int(s, n, lo, hi, out);
    }
    switch (f->val) {
    case TRACE_CODE:
        for (size_t i = 0; i < sizeof(trace_err_names) / sizeof(trace_err_names[0]); i++) {
            if (trace_name_equal(s, n, trace_err_names[i].name)) {
                *out = trace_err_names[i].rc;
                return true;
            }
        }
        return false;
    case TRACE_STATE:
        for (int v = 0; v < WT_EXPECT_COUNT; v++) {
            if (trace_name_equal(s, n, wt_expect_state_name(v))) {
                *out = v;
                return true;
            }
        }
        return false;
    case TRACE_ON:
        for (int v = WT_ON_NOW; v < WT_ON_COUNT; v++) {
            size_t len;
            if (trace_name_equal(s, n, trace_val_name(f, v, &len))) {
                *out = v;
                return true;
            }
        }
        return false;
    case TRACE_CHOICE:
        *out = f->arg != NULL ? wt_op_choice_find(f->arg, s, n) : -1;
        return *out >= 0;
    default:
        return false;
    }
}

/* One "name=value" field; *order_io enforces rc, a, b, c order, once each. */
static bool trace_parse_field(const struct trace_fields *fs, const char *tok, size_t n,
                              int *order_io, struct wt_event *ev)
{
    const char *eq = memchr(tok, '=', n);
    if (eq == NULL) {
        return false;
    }
    size_t klen = (size_t)(eq - tok);
    const char *v = eq + 1;
    size_t vn = n - klen - 1;
    if (trace_name_equal(tok, klen, "rc")) {
        int64_t rc;
        static const struct trace_field rc_field = {"rc", TRACE_CODE, false, NULL};
        if (*order_io > 0 || !trace_parse_value(&rc_field, v, vn, INT32_MIN, INT32_MAX, &rc)) {
            return false;
        }
        *order_io = 1;
        ev->rc = (int32_t)rc;
        return true;
    }
    int64_t *slots[3] = {&ev->a, &ev->b, &ev->c};
    for (int k = 0; k < 3; k++) {
        if (!trace_name_equal(tok, klen, fs->f[k].name)) {
            continue;
        }
        if (k + 1 < *order_io) {
            return false;
        }
        *order_io = k + 2;
        return trace_parse_value(&fs->f[k], v, vn, INT64_MIN, INT64_MAX, slots[k]);
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

/* The optional <what> and, for RETURN, the "->": false on bad input. */
static bool trace_parse_head(const char *line, size_t len, size_t *pos, bool *more,
                             struct wt_event *out)
{
    const char *tok;
    size_t n;
    size_t at = *pos;
    bool named = trace_what_count(out->kind) > 0;
    if (named && !*more) {
        return false; /* a kind with names always has its what */
    }
    if (*more) {
        bool more_after;
        if (!trace_next_token(line, len, &at, &tok, &n, &more_after)) {
            return false;
        }
        if (named || trace_is_number(tok, n)) {
            if (!trace_parse_what(out->kind, tok, n, &out->what)) {
                return false;
            }
            *pos = at;
            *more = more_after;
        }
    }
    if (out->kind != WT_EV_RETURN) {
        return true;
    }
    /* A RETURN's results follow an arrow, and there is always one (size=). */
    if (!*more || !trace_next_token(line, len, pos, &tok, &n, more) || n != 2 ||
        memcmp(tok, "->", 2) != 0) {
        return false;
    }
    return *more;
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
    if (!trace_next_token(line, len, &pos, &tok, &n, &more) ||
        !trace_parse_kind(tok, n, &out.kind) ||
        !trace_parse_head(line, len, &pos, &more, &out)) {
        return WT_ESYNTAX;
    }
    struct trace_fields fs;
    trace_fields(out.kind, out.what, &fs);
    int order = 0;
    while (more) {
        if (!trace_next_token(line, len, &pos, &tok, &n, &more) ||
            !trace_parse_field(&fs, tok, n, &order, &out)) {
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

struct trace_note_sink {
    wt_trace_note_fn *fn;
    void *user_data;
};

struct trace_note {
    uint32_t index;
    char text[WT_NOTE_TEXT_MAX];
};

struct wt_trace {
    /* First: the count, the hash and the one sink of a plain trace, which
     * the inline emitter reads (trace.h, wt__trace_emit). */
    struct wt__trace_head head;
    const struct wt_allocator *alloc;
    bool keep;
    bool complete; /* every appended event is kept (keep mode) */
    struct wt_event *events;
    size_t kept;   /* a prefix of the appended events */
    size_t cap;
    struct trace_sink sinks[WT_TRACE_SINKS_MAX];
    size_t nsinks;
    /* Evidence beside the events: never hashed (trace.h). */
    struct trace_note_sink note_sinks[WT_TRACE_SINKS_MAX];
    size_t nnote_sinks;
    struct trace_note *notes; /* keep mode only */
    size_t nnotes, notes_cap;
    bool no_hash;           /* wt_trace_set_hash(t, false) */
    /* Nothing kept, nothing hashed, one sink: an event only goes to it (trace_plain). */
    bool plain;
    /* Nothing kept, no sink: an event is only folded (the replay's first run). */
    bool hash_only;
};

/* Recomputed wherever keep, no_hash or nsinks change. */
static void trace_plain(struct wt_trace *t)
{
    t->plain = !t->keep && t->no_hash && t->nsinks == 1;
    t->hash_only = !t->keep && !t->no_hash && t->nsinks == 0;
    t->head.sink = t->plain ? t->sinks[0].fn : NULL;
    t->head.sink_data = t->plain ? t->sinks[0].user_data : NULL;
    t->head.hash_only = t->hash_only;
}

static void trace_validate(const struct wt_trace *t)
{
    WT_ASSERT(t != NULL);
    WT_ASSERT(t->kept <= t->head.count && t->kept <= t->cap);
    WT_ASSERT(t->nsinks <= WT_TRACE_SINKS_MAX);
    WT_ASSERT(t->plain == (!t->keep && t->no_hash && t->nsinks == 1));
    WT_ASSERT(t->plain == (t->head.sink != NULL) && t->hash_only == t->head.hash_only);
    WT_ASSERT(!t->plain || (t->head.sink == t->sinks[0].fn &&
                            t->head.sink_data == t->sinks[0].user_data));
    WT_ASSERT(t->keep || (t->events == NULL && t->kept == 0));
    WT_ASSERT(!t->complete || !t->keep || t->kept == t->head.count);
    WT_ASSERT(t->nnote_sinks <= WT_TRACE_SINKS_MAX);
    WT_ASSERT(t->nnotes <= t->notes_cap && (t->keep || t->nnotes == 0));
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
    wt_free(t->alloc, t->notes);
    wt_free(t->alloc, t);
}

void wt_trace_set_hash(struct wt_trace *t, bool on)
{
    if (t != NULL) {
        t->no_hash = !on;
        trace_plain(t);
    }
}

void wt_trace_reset(struct wt_trace *t)
{
    if (t == NULL) {
        return;
    }
    t->complete = true;
    t->head.hash = WT_TRACE_HASH_INIT;
    t->head.count = 0;
    t->kept = 0;
    t->nsinks = 0;
    trace_plain(t);
    t->nnote_sinks = 0;
    t->nnotes = 0;
    t->head.validate_tick = 0; /* each case validated at the same events: a fuzzer's run is stable */
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
    trace_plain(t);
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

/* Appends ev, whose index is already the trace's count: wt_trace_append and wt_trace_emit. */
static inline int trace_push(struct wt_trace *t, const struct wt_event *ev, bool check)
{
    if (check) {
        trace_validate(t);
    }
    WT_ASSERT(ev->index == (uint32_t)t->head.count);
    int rc = WT_OK;
    if (t->keep && !trace_keep(t, ev)) {
        t->complete = false;
        rc = WT_ENOMEM;
    }
    if (!t->no_hash) {
        t->head.hash = wt__event_hash(t->head.hash, ev);
    }
    t->head.count++;
    /* Every sink sees the trace's own event, read-only (the sink type's
     * contract), so no sink can change what the trace hashed or kept. */
    for (size_t i = 0; i < t->nsinks; i++) {
        t->sinks[i].fn(t->sinks[i].user_data, ev);
    }
    if (check) {
        trace_validate(t);
    }
    return rc;
}

int wt_trace_append(struct wt_trace *t, const struct wt_event *ev)
{
    if (t == NULL || ev == NULL) {
        return WT_EINVAL;
    }
    struct wt_event copy = *ev;
    copy.index = (uint32_t)t->head.count;
    return trace_push(t, &copy, WT_VALIDATE_DUE(t->head.validate_tick));
}

/* The event (kind, what, rc, a, b, c) with the trace's next index, padding zeroed. */
static inline void trace_event_make(const struct wt_trace *t, int kind, int what, int rc,
                                    int64_t a, int64_t b, int64_t c, struct wt_event *ev)
{
    /* The padding after rc is zeroed too: kept events compare as bytes. */
    size_t pad = offsetof(struct wt_event, rc) + sizeof ev->rc;
    memset((unsigned char *)ev + pad, 0, offsetof(struct wt_event, a) - pad);
    ev->index = (uint32_t)t->head.count;
    ev->kind = (uint16_t)kind;
    ev->what = (uint16_t)what;
    ev->rc = (int32_t)rc;
    ev->a = a;
    ev->b = b;
    ev->c = c;
}

int wt__trace_emit_push(struct wt_trace *t, bool check, int kind, int what, int rc, int64_t a,
                        int64_t b, int64_t c)
{
    struct wt_event ev;
    trace_event_make(t, kind, what, rc, a, b, c, &ev);
    return trace_push(t, &ev, check);
}

int wt_trace_emit(struct wt_trace *t, int kind, int what, int rc, int64_t a, int64_t b,
                  int64_t c)
{
    if (t == NULL) {
        return WT_EINVAL;
    }
    /* Built in place: the event the sinks see is this one, never copied. */
    return wt__trace_emit(t, kind, what, rc, a, b, c);
}

uint64_t wt_trace_hash(const struct wt_trace *t) { return t == NULL ? 0 : t->head.hash; }

size_t wt_trace_count(const struct wt_trace *t) { return t == NULL ? 0 : t->head.count; }

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

/* ------------------------------------------------------------------ */
/* Notes: evidence beside the events                                  */
/* ------------------------------------------------------------------ */

int wt_trace_add_note_sink(struct wt_trace *t, wt_trace_note_fn *fn, void *user_data)
{
    if (t == NULL || fn == NULL) {
        return WT_EINVAL;
    }
    if (t->nnote_sinks == WT_TRACE_SINKS_MAX) {
        return WT_ELIMIT;
    }
    t->note_sinks[t->nnote_sinks].fn = fn;
    t->note_sinks[t->nnote_sinks].user_data = user_data;
    t->nnote_sinks++;
    return WT_OK;
}

/* Keeps a copy of the note (keep mode); false when it cannot. */
static bool trace_note_keep(struct wt_trace *t, uint32_t index, const char *text)
{
    if (t->nnotes == WT_TRACE_NOTES_MAX) {
        return true; /* the first ones are kept; the rest only stream */
    }
    if (t->nnotes == t->notes_cap) {
        size_t cap = t->notes_cap ? 2 * t->notes_cap : 8;
        struct trace_note *notes = wt_realloc(t->alloc, t->notes, cap * sizeof(*notes));
        if (notes == NULL) {
            return false;
        }
        t->notes = notes;
        t->notes_cap = cap;
    }
    struct trace_note *n = &t->notes[t->nnotes++];
    n->index = index;
    snprintf(n->text, sizeof n->text, "%s", text);
    return true;
}

int wt_trace_note(struct wt_trace *t, uint32_t index, const char *text)
{
    if (t == NULL || text == NULL || index >= t->head.count) {
        return WT_EINVAL;
    }
    trace_validate(t);
    char cut[WT_NOTE_TEXT_MAX];
    snprintf(cut, sizeof cut, "%s", text);
    int rc = t->keep && !trace_note_keep(t, index, cut) ? WT_ENOMEM : WT_OK;
    for (size_t i = 0; i < t->nnote_sinks; i++) {
        t->note_sinks[i].fn(t->note_sinks[i].user_data, index, cut);
    }
    trace_validate(t);
    return rc;
}

const char *wt_trace_note_at(const struct wt_trace *t, size_t index)
{
    for (size_t i = 0; t != NULL && i < t->nnotes; i++) {
        if (t->notes[i].index == index) {
            return t->notes[i].text;
        }
    }
    return NULL;
}
