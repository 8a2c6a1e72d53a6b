/* SPDX-License-Identifier: MIT */
/*
 * adapter_wire.c - the text of the adapter protocol, kit side: building
 * lines (with the data encoding) and parsing what the child sends.
 *
 * Data never travels as raw bytes. Every stream the kit writes is the
 * pattern byte k = k mod 251, so data is a list of tokens: "@P+N" is N
 * pattern bytes starting at phase P (0..250), "x<hex>" is literal bytes
 * (what a corrupting transport may produce). A length comes first, and the
 * tokens must add up to it exactly. Parsing is strict: single spaces, no
 * leading zeros, every field checked; anything else is WT_ESYNTAX.
 *
 * Sections: string builder; data encoding; tokens and numbers; messages.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapter_int.h"
#include "wt/errors.h"
#include "wt/op.h"
#include "wt/sock.h"
#include "wt/trace.h"

#define WIRE_PHASES 251u
#define WIRE_RUN_MIN 8u     /* shorter pattern runs travel as literals */
#define WIRE_LITERAL_MAX 32u /* bytes per literal token */

/* ------------------------------------------------------------------ */
/* String builder                                                     */
/* ------------------------------------------------------------------ */

void wt__sb_reset(struct adapter_sb *sb)
{
    sb->len = 0;
    sb->oom = false;
    if (sb->p != NULL) {
        sb->p[0] = '\0';
    }
}

void wt__sb_free(struct adapter_sb *sb)
{
    free(sb->p);
    sb->p = NULL;
    sb->len = 0;
    sb->cap = 0;
}

static bool sb_reserve(struct adapter_sb *sb, size_t more)
{
    if (sb->oom) {
        return false;
    }
    if (sb->len + more + 2 <= sb->cap) {
        return true;
    }
    size_t cap = sb->cap != 0 ? sb->cap : 256;
    while (cap < sb->len + more + 2) {
        cap *= 2;
    }
    char *p = realloc(sb->p, cap);
    if (p == NULL) {
        sb->oom = true;
        return false;
    }
    sb->p = p;
    sb->cap = cap;
    return true;
}

void wt__sb_add(struct adapter_sb *sb, const char *s, size_t len)
{
    if (!sb_reserve(sb, len)) {
        return;
    }
    memcpy(sb->p + sb->len, s, len);
    sb->len += len;
    sb->p[sb->len] = '\0';
}

void wt__sb_printf(struct adapter_sb *sb, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        sb->oom = true;
        return;
    }
    if ((size_t)n < sizeof small) {
        wt__sb_add(sb, small, (size_t)n);
        return;
    }
    if (!sb_reserve(sb, (size_t)n)) {
        return;
    }
    va_start(ap, fmt);
    vsnprintf(sb->p + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

/* ------------------------------------------------------------------ */
/* Data encoding                                                      */
/* ------------------------------------------------------------------ */

/* How many bytes from data on follow the pattern (0 if data[0] cannot). */
static size_t wire_run(const uint8_t *data, size_t len, size_t limit)
{
    if (len == 0 || data[0] >= WIRE_PHASES) {
        return 0;
    }
    size_t n = 1;
    unsigned expect = (data[0] + 1u) % WIRE_PHASES;
    while (n < len && n < limit && data[n] == expect) {
        expect = (expect + 1u) % WIRE_PHASES;
        n++;
    }
    return n;
}

void wt__sb_data(struct adapter_sb *sb, const uint8_t *data, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    wt__sb_printf(sb, " %zu", len);
    /* The usual case, a run of the pattern: one block compare, one token. */
    if (len > 0 && data[0] < WIRE_PHASES && wt_stream_check(data, len, data[0]) == len) {
        wt__sb_printf(sb, " @%u+%zu", (unsigned)data[0], len);
        return;
    }
    size_t i = 0;
    while (i < len) {
        size_t run = wire_run(data + i, len - i, SIZE_MAX);
        if (run >= WIRE_RUN_MIN || (run > 0 && run == len - i)) {
            wt__sb_printf(sb, " @%u+%zu", (unsigned)data[i], run);
            i += run;
            continue;
        }
        wt__sb_add(sb, " x", 2);
        size_t j = i;
        while (j < len && j - i < WIRE_LITERAL_MAX) {
            if (j > i && wire_run(data + j, len - j, WIRE_RUN_MIN) >= WIRE_RUN_MIN) {
                break;
            }
            char two[2] = {hex[data[j] >> 4], hex[data[j] & 15u]};
            wt__sb_add(sb, two, 2);
            j++;
        }
        i = j;
    }
}

const char *wt__adapter_status_word(int rc)
{
    return rc == WT_OK ? "OK" : wt_err_name(rc);
}

/* ------------------------------------------------------------------ */
/* Tokens and numbers                                                 */
/* ------------------------------------------------------------------ */

struct wire_cursor {
    const char *p;
    size_t len;
    size_t pos;
};

/*
 * The next space-separated token; false at the end. A blank where a token
 * should be (two spaces, a leading or trailing space) moves the cursor
 * past the end, so wire_at_end fails afterwards.
 */
static bool wire_next(struct wire_cursor *c, const char **tok, size_t *tok_len)
{
    *tok_len = 0;
    if (c->pos >= c->len) {
        return false;
    }
    size_t start = c->pos;
    size_t end = start;
    while (end < c->len && c->p[end] != ' ') {
        end++;
    }
    if (end == start) {
        c->pos = c->len + 1;
        return false;
    }
    *tok = c->p + start;
    *tok_len = end - start;
    if (end == c->len) {
        c->pos = c->len;
    } else {
        c->pos = end + 1 == c->len ? c->len + 1 : end + 1;
    }
    return true;
}

static bool wire_at_end(const struct wire_cursor *c) { return c->pos == c->len; }

static bool wire_is(const char *tok, size_t len, const char *word)
{
    return strlen(word) == len && memcmp(tok, word, len) == 0;
}

bool wt__adapter_parse_u64(const char *s, size_t len, uint64_t *out)
{
    if (len == 0 || len > 20 || (len > 1 && s[0] == '0')) {
        return false;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10u) {
            return false;
        }
        v = v * 10u + d;
    }
    *out = v;
    return true;
}

static bool wire_i64(const char *s, size_t len, int64_t *out)
{
    bool neg = len > 0 && s[0] == '-';
    uint64_t u;
    if (!wt__adapter_parse_u64(s + neg, len - neg, &u)) {
        return false;
    }
    if (neg && u == 0) {
        return false; /* "-0" is not canonical */
    }
    if (u > (uint64_t)INT64_MAX + (neg ? 1u : 0u)) {
        return false;
    }
    *out = neg ? (int64_t)(0 - u) : (int64_t)u;
    return true;
}

/* A status word: "OK" or a known name; bands the child may claim only. */
static bool wire_status(const char *tok, size_t len, int *rc_out)
{
    char name[48];
    if (len == 0 || len >= sizeof name) {
        return false;
    }
    memcpy(name, tok, len);
    name[len] = '\0';
    if (strcmp(name, "OK") == 0) {
        *rc_out = WT_OK;
        return true;
    }
    int rc;
    if (wt_err_lookup(name, &rc) != WT_OK || rc >= 0 || rc <= -200) {
        return false;
    }
    *rc_out = rc;
    return true;
}

/* An exception name from `exc`: anything unknown is an unexpected error. */
static int wire_exception(const char *tok, size_t len)
{
    int rc;
    if (!wire_status(tok, len, &rc) || rc == WT_OK) {
        return WT_EUNEXPECTED;
    }
    return rc;
}

/* "@P+N": a phase below 251 and a run of at least one byte. */
static bool wire_pattern(const char *tok, size_t n, uint64_t *phase_out, uint64_t *run_out)
{
    const char *plus = memchr(tok, '+', n);
    return plus != NULL && tok[0] == '@' &&
           wt__adapter_parse_u64(tok + 1, (size_t)(plus - tok - 1), phase_out) &&
           wt__adapter_parse_u64(plus + 1, n - (size_t)(plus - tok) - 1, run_out) &&
           *phase_out < WIRE_PHASES && *run_out > 0;
}

/* True when the cursor's next (and last) token is a size=N. A blank moves
 * the cursor past the end (wire_next): nothing is left to read then. */
static bool wire_size_next(const struct wire_cursor *c)
{
    return c->pos < c->len && c->len - c->pos > 5 && memcmp(c->p + c->pos, "size=", 5) == 0;
}

/*
 * Decodes " <len> tokens..." into a malloc'd buffer; a send of one pattern
 * run is only described (msg->pattern): the socket checks it by its phase.
 */
static int wire_data(struct wire_cursor *c, struct adapter_msg *msg, char *why, size_t cap)
{
    const char *tok;
    size_t n;
    uint64_t len;
    if (!wire_next(c, &tok, &n) || !wt__adapter_parse_u64(tok, n, &len)) {
        snprintf(why, cap, "a data length is missing or not a number");
        return WT_ESYNTAX;
    }
    if (len > WT_ADAPTER_DATA_MAX) {
        snprintf(why, cap, "data of %llu bytes exceeds the kit's limit", (unsigned long long)len);
        return WT_ESYNTAX;
    }
    msg->len = (size_t)len;
    /* One pattern run covering it all: described, never decoded (lazy). */
    struct wire_cursor peek = *c;
    uint64_t phase;
    uint64_t run;
    if (msg->kind == MSG_SEND && len > 0 && wire_next(&peek, &tok, &n) && n >= 4 &&
        tok[0] == '@' && wire_pattern(tok, n, &phase, &run) && run == len &&
        (wire_at_end(&peek) || wire_size_next(&peek))) {
        *c = peek;
        msg->pattern = true;
        msg->phase = (uint32_t)phase;
        return WT_OK;
    }
    msg->data = malloc(len > 0 ? (size_t)len : 1);
    if (msg->data == NULL) {
        return WT_ENOMEM;
    }
    size_t at = 0;
    while (at < msg->len) {
        if (!wire_next(c, &tok, &n) || n < 2) {
            snprintf(why, cap, "data tokens cover %zu of %zu bytes", at, msg->len);
            return WT_ESYNTAX;
        }
        if (tok[0] == '@') {
            if (!wire_pattern(tok, n, &phase, &run) || run > msg->len - at) {
                snprintf(why, cap, "bad pattern token '%.*s'", (int)(n < 40 ? n : 40), tok);
                return WT_ESYNTAX;
            }
            wt_stream_fill(msg->data + at, (size_t)run, phase);
            at += (size_t)run;
        } else if (tok[0] == 'x' && (n - 1) % 2 == 0 && (n - 1) / 2 <= msg->len - at) {
            for (size_t i = 1; i < n; i += 2) {
                int hi = tok[i] >= '0' && tok[i] <= '9'   ? tok[i] - '0'
                         : tok[i] >= 'a' && tok[i] <= 'f' ? tok[i] - 'a' + 10
                                                          : -1;
                int lo = tok[i + 1] >= '0' && tok[i + 1] <= '9'   ? tok[i + 1] - '0'
                         : tok[i + 1] >= 'a' && tok[i + 1] <= 'f' ? tok[i + 1] - 'a' + 10
                                                                  : -1;
                if (hi < 0 || lo < 0) {
                    snprintf(why, cap, "bad hex in a literal token");
                    return WT_ESYNTAX;
                }
                msg->data[at++] = (uint8_t)(hi * 16 + lo);
            }
        } else {
            snprintf(why, cap, "bad data token '%.*s'", (int)(n < 40 ? n : 40), tok);
            return WT_ESYNTAX;
        }
    }
    return WT_OK;
}

/* ------------------------------------------------------------------ */
/* Messages                                                           */
/* ------------------------------------------------------------------ */

void wt__msg_free(struct adapter_msg *msg)
{
    free(msg->data);
    msg->data = NULL;
    msg->len = 0;
}

static const char *const wire_report_words[WT_REPORT_COUNT] = {
    "pause_failed", "resume_failed", "callback_failed", "fatal_error", "other",
};

/* Copies the rest of the line (free text: an exception's class and message). */
static void wire_rest(struct wire_cursor *c, struct adapter_msg *msg)
{
    size_t from = c->pos < c->len ? c->pos : c->len;
    size_t n = c->len - from;
    if (n >= sizeof msg->text) {
        n = sizeof msg->text - 1;
    }
    memcpy(msg->text, c->p + from, n);
    msg->text[n] = '\0';
    c->pos = c->len;
}

/* Parses the arguments of `ret`: a status and up to two integers. */
static int wire_ret(struct wire_cursor *c, struct adapter_msg *msg, char *why, size_t cap)
{
    const char *tok;
    size_t n;
    if (!wire_next(c, &tok, &n) || !wire_status(tok, n, &msg->rc)) {
        snprintf(why, cap, "'ret' needs OK or a known error name");
        return WT_ESYNTAX;
    }
    while (!wire_size_next(c) && wire_next(c, &tok, &n)) {
        if (msg->nvals == 2 || !wire_i64(tok, n, &msg->vals[msg->nvals])) {
            snprintf(why, cap, "'ret' takes at most two integers");
            return WT_ESYNTAX;
        }
        msg->nvals++;
    }
    return WT_OK;
}

static int wire_cb(struct wire_cursor *c, struct adapter_msg *msg, char *why, size_t cap)
{
    const char *tok;
    size_t n;
    if (!wire_next(c, &tok, &n)) {
        snprintf(why, cap, "'cb' needs a callback name");
        return WT_ESYNTAX;
    }
    msg->what = -1;
    for (int cb = 0; cb < WT_CB_COUNT; cb++) {
        if (wire_is(tok, n, wt_cb_name(cb))) {
            msg->what = cb;
        }
    }
    if (msg->what == WT_CB_DATA) {
        return wire_data(c, msg, why, cap);
    }
    if (msg->what == WT_CB_LOST) {
        if (!wire_next(c, &tok, &n)) {
            snprintf(why, cap, "'cb connection_lost' needs OK or an error name");
            return WT_ESYNTAX;
        }
        msg->rc = wire_is(tok, n, "OK") ? WT_OK : wire_exception(tok, n);
        return WT_OK;
    }
    if (msg->what < 0) {
        snprintf(why, cap, "unknown callback '%.*s'", (int)(n < 40 ? n : 40), tok);
        return WT_ESYNTAX;
    }
    return WT_OK;
}

static int wire_ids(struct wire_cursor *c, struct adapter_msg *msg, int count, char *why,
                    size_t cap)
{
    const char *tok;
    size_t n;
    for (int i = 0; i < count; i++) {
        uint64_t v;
        if (!wire_next(c, &tok, &n) || !wt__adapter_parse_u64(tok, n, &v) || v > INT64_MAX) {
            snprintf(why, cap, "a number is missing or malformed");
            return WT_ESYNTAX;
        }
        msg->vals[i] = (int64_t)v;
    }
    return WT_OK;
}

/* ret-size's trailing "size=N" on ret, done and cb lines (only when agreed). */
static int wire_size(struct wire_cursor *c, unsigned use, struct adapter_msg *msg, char *why,
                     size_t cap)
{
    const char *tok;
    size_t n;
    uint64_t v;
    if (wire_at_end(c) || !wire_size_next(c)) {
        return WT_OK;
    }
    if ((use & ADAPTER_USE_RET_SIZE) == 0) {
        snprintf(why, cap, "'size=' without the ret-size feature");
        return WT_ESYNTAX;
    }
    if (!wire_next(c, &tok, &n) || !wt__adapter_parse_u64(tok + 5, n - 5, &v) ||
        v > (uint64_t)INT64_MAX) {
        snprintf(why, cap, "a malformed size=");
        return WT_ESYNTAX;
    }
    msg->has_size = true;
    msg->size = (int64_t)v;
    return WT_OK;
}

static int wire_body(struct wire_cursor *c, const char *w, size_t wn, struct adapter_msg *msg,
                     char *why, size_t cap)
{
    const char *tok;
    size_t n;
    static const char *const words[MSG_COUNT] = {
        "ret",  "exc",  "done",   "send",  "recv", "shutdown", "sockclose",
        "now",  "soon", "at",     "cancel", "watch", "cb",     "report", "writable", "platform",
    };
    msg->kind = -1;
    for (int k = 0; k < MSG_COUNT; k++) {
        if (wire_is(w, wn, words[k])) {
            msg->kind = k;
        }
    }
    switch (msg->kind) {
    case MSG_RET:
        return wire_ret(c, msg, why, cap);
    case MSG_EXC: {
        size_t name_at = c->pos;
        if (!wire_next(c, &tok, &n)) {
            snprintf(why, cap, "'exc' needs an exception name");
            return WT_ESYNTAX;
        }
        msg->rc = wire_exception(tok, n);
        c->pos = name_at;
        wire_rest(c, msg); /* "NAME message": kept as evidence */
        return WT_OK;
    }
    case MSG_DONE:
    case MSG_SHUTDOWN:
    case MSG_SOCKCLOSE:
    case MSG_NOW:
    case MSG_WRITABLE:
        return WT_OK;
    case MSG_PLATFORM:
        return WT_OK;
    case MSG_SEND:
        return wire_data(c, msg, why, cap);
    case MSG_RECV:
    case MSG_SOON:
    case MSG_CANCEL:
        return wire_ids(c, msg, 1, why, cap);
    case MSG_AT:
        if (wire_ids(c, msg, 2, why, cap) != WT_OK) {
            return WT_ESYNTAX;
        }
        int64_t ns = msg->vals[0]; /* on the wire: at <ns> <id> */
        msg->vals[0] = msg->vals[1];
        msg->vals[1] = ns;
        return WT_OK;
    case MSG_WATCH: {
        const char *t2;
        size_t n2;
        if (!wire_next(c, &tok, &n) || !wire_next(c, &t2, &n2) ||
            !(wire_is(tok, n, "write") || wire_is(tok, n, "read")) ||
            !(wire_is(t2, n2, "on") || wire_is(t2, n2, "off"))) {
            snprintf(why, cap, "'watch' takes write|read on|off");
            return WT_ESYNTAX;
        }
        msg->what = wire_is(tok, n, "write") ? WT_WATCH_WRITE : WT_WATCH_READ;
        msg->on = wire_is(t2, n2, "on");
        return WT_OK;
    }
    case MSG_CB:
        return wire_cb(c, msg, why, cap);
    case MSG_REPORT:
        if (!wire_next(c, &tok, &n)) {
            snprintf(why, cap, "'report' needs a kind");
            return WT_ESYNTAX;
        }
        msg->what = -1;
        for (int r = 0; r < WT_REPORT_COUNT; r++) {
            if (wire_is(tok, n, wire_report_words[r])) {
                msg->what = r;
            }
        }
        if (msg->what < 0 || !wire_next(c, &tok, &n)) {
            snprintf(why, cap, "'report' takes a kind and an error name");
            return WT_ESYNTAX;
        }
        msg->rc = wire_exception(tok, n);
        wire_rest(c, msg); /* the rest is free text: the exception (protocol 2) */
        return WT_OK;
    default:
        snprintf(why, cap, "unknown word '%.*s'", (int)(wn < 40 ? wn : 40), w);
        return WT_ESYNTAX;
    }
}

int wt__adapter_parse(const char *line, size_t len, unsigned use, struct adapter_msg *msg,
                      char *why, size_t why_cap)
{
    struct wire_cursor c = {line, len, 0};
    const char *w;
    size_t wn;
    memset(msg, 0, sizeof *msg);
    if (!wire_next(&c, &w, &wn)) {
        snprintf(why, why_cap, "an empty line or a leading space");
        return WT_ESYNTAX;
    }
    int rc = wire_body(&c, w, wn, msg, why, why_cap);
    if (rc == WT_OK && msg->kind == MSG_PLATFORM && (use & ADAPTER_USE_PLATFORM) == 0) {
        snprintf(why, why_cap, "'platform' is the platform feature's request, not agreed");
        rc = WT_ESYNTAX;
    }
    if (rc == WT_OK && (msg->kind == MSG_RET || msg->kind == MSG_DONE || msg->kind == MSG_CB)) {
        rc = wire_size(&c, use, msg, why, why_cap);
    }
    if (rc == WT_OK && !wire_at_end(&c)) {
        snprintf(why, why_cap, "unexpected words at the end, or a stray space");
        rc = WT_ESYNTAX;
    }
    if (rc != WT_OK) {
        wt__msg_free(msg);
    }
    return rc;
}
