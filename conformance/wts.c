/* SPDX-License-Identifier: MIT */
/*
 * wts.c - the .wts scenario language: parser and canonical formatter.
 *
 * An op's words and the shape of its arguments come from the op schema
 * (wt_op_schema_at, op.h), error names from WT_ERRNO_MAP (errors.h) and
 * clause IDs from the catalog (spec.h), so the language cannot drift from
 * the tables it names: this file only knows how each argument *type* is
 * spelled. docs/wts.md is the user's description; the usage strings that
 * error messages quote are built from the schema.
 *
 * Sections:
 *   1. messages and small helpers
 *   2. lines: the one tokenizer (length, NUL, UTF-8, words)
 *   3. numbers and times
 *   4. argument values, by type
 *   5. one op: name lookup and arguments, from the schema
 *   6. header lines and the whole text
 *   7. formatting
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wt/errors.h"
#include "wt/spec.h"
#include "wt/wts.h"

/* ===== 1. messages and small helpers ================================== */

#define WTS_WORDS_MAX 16
#define WTS_SHOW 40      /* at most this many bytes of a bad word in a message */
#define WTS_USAGE_MAX 160 /* a buffer this large holds any op's usage */

struct wts_ctx {
    const char *file;
    uint32_t line;
    char *err;
    size_t err_cap;
};

/* A word of a line: a slice of the caller's text, not NUL-terminated. */
struct wts_word {
    const char *p;
    size_t n;
};

/* printf arguments for a word: whole, or cut to WTS_SHOW bytes (a bad word). */
#define WTS_ALL(w) (int)(w).n, (w).p
#define WTS_Q(w) (int)((w).n < WTS_SHOW ? (w).n : WTS_SHOW), (w).p

/* expect clause's verdict words, indexed by enum wt_verdict_status. */
static const char *const wts_verdict_words[WT_VERDICT_COUNT] = {"pass", "fail", "not-exercised",
                                                                 "n/a"};

static void wts_msg(char *err, size_t cap, const char *file, uint32_t line, const char *fmt,
                    va_list ap)
{
    if (err == NULL || cap == 0) {
        return;
    }
    int n = snprintf(err, cap, "%s:%lu: ", file, (unsigned long)line);
    if (n < 0 || (size_t)n >= cap) {
        return;
    }
    vsnprintf(err + n, cap - (size_t)n, fmt, ap);
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int wts_fail(const struct wts_ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    wts_msg(c->err, c->err_cap, c->file, c->line, fmt, ap);
    va_end(ap);
    return WT_ESYNTAX;
}

/* Appends to buf like snprintf, tracking the total length needed. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void wts_cat(char *buf, size_t cap, size_t *used, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(*used < cap ? buf + *used : NULL, *used < cap ? cap - *used : 0, fmt, ap);
    va_end(ap);
    *used += m > 0 ? (size_t)m : 0;
}

static bool wts_is(struct wts_word w, const char *s)
{
    size_t n = strlen(s);
    return w.n == n && memcmp(w.p, s, n) == 0;
}

static bool wts_is_ci(struct wts_word w, const char *s)
{
    if (w.n != strlen(s)) {
        return false;
    }
    for (size_t i = 0; i < w.n; i++) {
        char x = (w.p[i] >= 'A' && w.p[i] <= 'Z') ? (char)(w.p[i] - 'A' + 'a') : w.p[i];
        if (x != s[i]) {
            return false;
        }
    }
    return true;
}

/* A NUL-terminated copy for the lookups that take one; false when too long. */
static bool wts_cstr(struct wts_word w, char *buf, size_t cap)
{
    if (w.n >= cap) {
        return false;
    }
    memcpy(buf, w.p, w.n);
    buf[w.n] = '\0';
    return true;
}

/* ===== 2. lines: the one tokenizer ===================================== */

/* Returns the byte offset of the first invalid UTF-8 sequence, or len. */
static size_t wts_utf8_bad(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char b = s[i];
        size_t n;
        uint32_t cp;
        if (b < 0x80) {
            i++;
            continue;
        } else if (b >= 0xc2 && b <= 0xdf) {
            n = 1;
            cp = b & 0x1fu;
        } else if (b >= 0xe0 && b <= 0xef) {
            n = 2;
            cp = b & 0x0fu;
        } else if (b >= 0xf0 && b <= 0xf4) {
            n = 3;
            cp = b & 0x07u;
        } else {
            return i;
        }
        if (len - i <= n) {
            return i;
        }
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xc0u) != 0x80u) {
                return i;
            }
            cp = (cp << 6) | (s[i + k] & 0x3fu);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp <= 0xdfff)) {
            return i;
        }
        i += n + 1;
    }
    return len;
}

static bool wts_blank(char ch) { return ch == ' ' || ch == '\t'; }

/* One line cut into words; end is where its text stops (comment and CR cut). */
struct wts_line {
    struct wts_word w[WTS_WORDS_MAX];
    size_t n;
    const char *end;
};

/*
 * The tokenizer: checks one raw line (without its newline), drops a
 * trailing CR, cuts the comment and splits the rest into words at spaces
 * and tabs. Words point into line. Returns WT_OK or WT_ESYNTAX.
 */
static int wts_split(const struct wts_ctx *c, const char *line, size_t len, struct wts_line *out)
{
    if (len > WT_WTS_LINE_MAX) {
        return wts_fail(c, "line too long (%zu bytes; at most %d)", len, WT_WTS_LINE_MAX);
    }
    const char *nul = memchr(line, '\0', len);
    if (nul != NULL) {
        return wts_fail(c, "NUL byte at column %zu", (size_t)(nul - line) + 1);
    }
    size_t bad = wts_utf8_bad((const unsigned char *)line, len);
    if (bad != len) {
        return wts_fail(c, "invalid UTF-8 at column %zu", bad + 1);
    }
    if (len > 0 && line[len - 1] == '\r') {
        len--;
    }
    const char *hash = memchr(line, '#', len);
    if (hash != NULL) {
        len = (size_t)(hash - line);
    }
    out->n = 0;
    out->end = line + len;
    for (size_t i = 0; i < len;) {
        if (wts_blank(line[i])) {
            i++;
            continue;
        }
        if (out->n == WTS_WORDS_MAX) {
            return wts_fail(c, "too many words (at most %d)", WTS_WORDS_MAX);
        }
        size_t start = i;
        for (; i < len && !wts_blank(line[i]); i++) {
            if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f) {
                return wts_fail(c, "control character 0x%02x at column %zu",
                                (unsigned)(unsigned char)line[i], i + 1);
            }
        }
        out->w[out->n].p = line + start;
        out->w[out->n].n = i - start;
        out->n++;
    }
    return WT_OK;
}

/* ===== 3. numbers and times =========================================== */

/* Parses decimal digits into *out, refusing values above max. */
static int wts_digits(const char *s, size_t n, uint64_t max, uint64_t *out, int *overflow)
{
    uint64_t v = 0;
    *overflow = 0;
    if (n == 0) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return 0;
        }
        uint64_t d = (uint64_t)(s[i] - '0');
        if (d > max || v > (max - d) / 10) {
            *overflow = 1;
            return 0;
        }
        v = v * 10 + d;
    }
    *out = v;
    return 1;
}

/* An unsigned integer in [lo, hi]. */
static int wts_uint(const struct wts_ctx *c, struct wts_word w, uint64_t lo, uint64_t hi,
                    const char *what, uint64_t *out)
{
    int overflow;
    if (!wts_digits(w.p, w.n, hi, out, &overflow)) {
        if (overflow) {
            return wts_fail(c, "%s '%.*s' is out of range (%llu..%llu)", what, WTS_Q(w),
                            (unsigned long long)lo, (unsigned long long)hi);
        }
        return wts_fail(c, "bad %s '%.*s' (expected a non-negative integer)", what, WTS_Q(w));
    }
    if (*out < lo) {
        return wts_fail(c, "%s '%.*s' is out of range (%llu..%llu)", what, WTS_Q(w),
                        (unsigned long long)lo, (unsigned long long)hi);
    }
    return WT_OK;
}

/* A signed integer in [lo, hi]; a '-' is accepted only when lo < 0. */
static int wts_int(const struct wts_ctx *c, struct wts_word w, int64_t lo, int64_t hi,
                   const char *what, int64_t *out)
{
    int neg = w.n > 0 && w.p[0] == '-' && lo < 0;
    uint64_t v;
    int overflow;
    uint64_t max = neg ? (uint64_t)0 - (uint64_t)lo : (uint64_t)hi;
    if (!wts_digits(w.p + neg, w.n - (size_t)neg, max, &v, &overflow)) {
        if (overflow) {
            return wts_fail(c, "%s '%.*s' is out of range (%lld..%lld)", what, WTS_Q(w),
                            (long long)lo, (long long)hi);
        }
        return wts_fail(c, "bad %s '%.*s' (expected %s)", what, WTS_Q(w),
                        lo < 0 ? "an integer" : "a non-negative integer");
    }
    *out = neg ? (int64_t)((uint64_t)0 - v) : (int64_t)v;
    if (*out < lo) {
        return wts_fail(c, "%s '%.*s' is out of range (%lld..%lld)", what, WTS_Q(w),
                        (long long)lo, (long long)hi);
    }
    return WT_OK;
}

static const struct {
    const char *unit;
    uint64_t ns;
} wts_units[] = {{"s", 1000000000ull}, {"ms", 1000000ull}, {"us", 1000ull}, {"ns", 1ull}};

/* A time with its unit ("5ms") in ns, at most max_ns. */
static int wts_time(const struct wts_ctx *c, struct wts_word w, int64_t max_ns, int64_t *ns_out)
{
    size_t ndig = 0;
    while (ndig < w.n && w.p[ndig] >= '0' && w.p[ndig] <= '9') {
        ndig++;
    }
    struct wts_word unit = {w.p + ndig, w.n - ndig};
    for (size_t i = 0; i < sizeof wts_units / sizeof wts_units[0]; i++) {
        if (!wts_is(unit, wts_units[i].unit)) {
            continue;
        }
        if (ndig == 0) {
            break;
        }
        uint64_t v;
        int overflow;
        uint64_t max = (uint64_t)max_ns / wts_units[i].ns;
        if (!wts_digits(w.p, ndig, max, &v, &overflow)) {
            return wts_fail(c, "time '%.*s' is out of range (at most %llds)", WTS_Q(w),
                            (long long)(max_ns / 1000000000));
        }
        *ns_out = (int64_t)(v * wts_units[i].ns);
        return WT_OK;
    }
    if (ndig > 0 && unit.n == 0) {
        return wts_fail(c, "time '%.*s' needs a unit (ns, us, ms or s)", WTS_Q(w));
    }
    return wts_fail(c, "bad time '%.*s' (expected e.g. 5ms; units ns, us, ms, s)", WTS_Q(w));
}

/* ===== 4. argument values, by type ===================================== */

/* What messages call a value of this argument ("byte count"). */
static const char *wts_what(const struct wt_op_arg *arg)
{
    switch (arg->type) {
    case WT_ARG_BYTES:
        return "byte count";
    case WT_ARG_RATE:
        return "rate";
    case WT_ARG_COUNT:
        return strcmp(arg->name, "count") == 0 ? "step count" : arg->name;
    case WT_ARG_CHUNKS:
        return "chunk length";
    default:
        return arg->name;
    }
}

/* The names of the error codes in [min, max], highest first, joined by sep. */
static void wts_errno_list(const struct wt_op_arg *arg, const char *sep, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int64_t v = arg->max; v >= arg->min; v--) {
        wts_cat(buf, cap, &used, "%s%s", used ? sep : "", wt_err_name((int)v));
    }
}

/* "buffer, cap, ...": the second words of the ops whose first word is w0. */
static void wts_subwords(struct wts_word w0, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int k = 0; k < WT_OP_COUNT; k++) {
        const char *name = wt_op_name(k);
        const char *sp = strchr(name, ' ');
        if (sp != NULL && (size_t)(sp - name) == w0.n && memcmp(w0.p, name, w0.n) == 0) {
            wts_cat(buf, cap, &used, "%s%s", used ? ", " : "", sp + 1);
        }
    }
}

/* How a usage string writes a value of this argument ("BYTES", "on|off"). */
static void wts_metavar(const struct wt_op_arg *arg, char *buf, size_t cap)
{
    static const char *const plain[WT_ARG_TYPE_COUNT] = {
        [WT_ARG_BYTES] = "BYTES",  [WT_ARG_RATE] = "BYTES_PER_MS", [WT_ARG_COUNT] = "N",
        [WT_ARG_LIMIT] = "N",      [WT_ARG_TIME] = "TIME",         [WT_ARG_ONOFF] = "on|off",
        [WT_ARG_STATUS] = "NAME",  [WT_ARG_STATE] = "STATE",       [WT_ARG_CLAUSE] = "CLAUSE-ID",
        [WT_ARG_CHUNKS] = "BYTES",
    };
    size_t used = 0;
    if (arg->type == WT_ARG_ERRNO) {
        wts_errno_list(arg, "|", buf, cap);
    } else if (arg->type == WT_ARG_CHOICE && strlen(arg->choices) > 40) {
        snprintf(buf, cap, "KIND"); /* a long list: a wrong word's message lists it */
    } else if (arg->type == WT_ARG_CHOICE) {
        snprintf(buf, cap, "%s", arg->choices);
    } else if (arg->type == WT_ARG_VERDICT) {
        buf[0] = '\0';
        for (int v = 0; v < WT_VERDICT_COUNT; v++) {
            wts_cat(buf, cap, &used, "%s%s", v ? "|" : "", wts_verdict_words[v]);
        }
    } else {
        snprintf(buf, cap, "%s", plain[arg->type] ? plain[arg->type] : "VALUE");
    }
}

/* The usage of an op as messages quote it, built from its schema. */
static void wts_usage(int kind, char *buf, size_t cap)
{
    const struct wt_op_schema *s = wt_op_schema_at(kind);
    size_t used = 0;
    buf[0] = '\0';
    wts_cat(buf, cap, &used, "%s%s", s->place == WT_PLACE_HOOK ? "on CALLBACK: " : "", s->words);
    for (unsigned i = 0; i < s->nargs; i++) {
        const struct wt_op_arg *arg = &s->args[i];
        char mv[64];
        wts_metavar(arg, mv, sizeof mv);
        bool opt = (arg->flags & WT_ARG_OPTIONAL) != 0;
        if (arg->type == WT_ARG_CHUNKS) {
            wts_cat(buf, cap, &used, " [%s ...]", mv);
        } else if (arg->form == WT_ARG_KEYWORD) {
            wts_cat(buf, cap, &used, " %s%s=%s%s%s", opt ? "[" : "", arg->name, mv,
                    (arg->flags & WT_ARG_NONE_OK) ? "|None" : "", opt ? "]" : "");
        } else if (arg->form == WT_ARG_TAGGED) {
            wts_cat(buf, cap, &used, " %s%s %s%s", opt ? "[" : "", arg->name, mv, opt ? "]" : "");
        } else {
            wts_cat(buf, cap, &used, " %s%s%s", opt ? "[" : "", mv, opt ? "]" : "");
        }
    }
    if (s->note[0] != '\0') {
        wts_cat(buf, cap, &used, " %s", s->note);
    }
}

static int wts_onoff(const struct wts_ctx *c, struct wts_word w, int64_t *out)
{
    if (wts_is(w, "on") || wts_is(w, "off")) {
        *out = wts_is(w, "on");
        return WT_OK;
    }
    return wts_fail(c, "expected on or off, not '%.*s'", WTS_Q(w));
}

static int wts_choice(const struct wts_ctx *c, int kind, const struct wt_op_arg *arg,
                      struct wts_word w, int64_t *out)
{
    int64_t v = wt_op_choice_find(arg, w.p, w.n);
    if (v >= 0) {
        *out = v;
        return WT_OK;
    }
    return wts_fail(c, "%s: expected %s, not '%.*s'", wt_op_name(kind), arg->choices, WTS_Q(w));
}

static int wts_errno(const struct wts_ctx *c, int kind, const struct wt_op_arg *arg,
                     struct wts_word w, int64_t *out)
{
    char name[64];
    int code;
    if (wts_cstr(w, name, sizeof name) && wt_err_lookup(name, &code) == WT_OK &&
        code >= arg->min && code <= arg->max) {
        *out = code;
        return WT_OK;
    }
    char list[128];
    wts_errno_list(arg, " or ", list, sizeof list);
    return wts_fail(c, "%s: unknown error '%.*s' (expected %s)", wt_op_name(kind), WTS_Q(w),
                    list);
}

static int wts_status(const struct wts_ctx *c, int kind, const struct wt_op_arg *arg,
                      struct wts_word w, int64_t *out)
{
    char name[64];
    int code;
    if (wts_is(w, "none")) {
        *out = WT_OK;
        return WT_OK;
    }
    if (wts_cstr(w, name, sizeof name) && wt_err_lookup(name, &code) == WT_OK &&
        code >= arg->min && code <= arg->max) {
        *out = code;
        return WT_OK;
    }
    return wts_fail(c, "%s: unknown error '%.*s' (expected ValueError, RuntimeError, "
                       "NotImplementedError, none, or a WT code such as EPIPE)",
                    wt_op_name(kind), WTS_Q(w));
}

static int wts_state(const struct wts_ctx *c, int kind, struct wts_word w, int64_t *out)
{
    /* `expect pause` / `expect resume` read as the states they name. */
    const char *alias = wts_is(w, "pause") ? "paused" : wts_is(w, "resume") ? "resumed" : NULL;
    for (int s = 0; s < WT_EXPECT_COUNT; s++) {
        if (alias ? strcmp(alias, wt_expect_state_name(s)) == 0
                  : wts_is(w, wt_expect_state_name(s))) {
            *out = s;
            return WT_OK;
        }
    }
    char states[200] = "", subs[200];
    size_t used = 0;
    for (int s = 0; s < WT_EXPECT_COUNT; s++) {
        wts_cat(states, sizeof states, &used, "%s%s", s ? ", " : "", wt_expect_state_name(s));
    }
    struct wts_word first = {wt_op_name(kind), strlen(wt_op_name(kind))};
    wts_subwords(first, subs, sizeof subs);
    return wts_fail(c, "%s: unknown state '%.*s' (expected %s or one of: %s)", wt_op_name(kind),
                    WTS_Q(w), subs, states);
}

static int wts_clause(const struct wts_ctx *c, int kind, struct wts_word w, int64_t *out)
{
    char id[96];
    size_t index;
    if (!wts_cstr(w, id, sizeof id) || wt_catalog_find(id, &index) != WT_OK) {
        return wts_fail(c, "%s: unknown clause '%.*s' (see: wtkit clauses)", wt_op_name(kind),
                        WTS_Q(w));
    }
    *out = (int64_t)index;
    return WT_OK;
}

static int wts_verdict(const struct wts_ctx *c, int kind, struct wts_word w, int64_t *out)
{
    for (int s = 0; s < WT_VERDICT_COUNT; s++) {
        if (wts_is_ci(w, wts_verdict_words[s])) {
            *out = s;
            return WT_OK;
        }
    }
    return wts_fail(c, "%s: unknown verdict '%.*s' (expected pass, fail, not-exercised or n/a)",
                    wt_op_name(kind), WTS_Q(w));
}

/*
 * One argument's value from its word. *none_out is set when the word is
 * `None` and the argument allows it (the value is then left alone).
 */
static int wts_value(const struct wts_ctx *c, int kind, const struct wt_op_arg *arg,
                     struct wts_word w, int64_t *out, bool *none_out)
{
    *none_out = false;
    switch (arg->type) {
    case WT_ARG_LIMIT:
        if ((arg->flags & WT_ARG_NONE_OK) && wts_is(w, "None")) {
            *none_out = true;
            return WT_OK;
        }
        return wts_int(c, w, arg->min, arg->max, wts_what(arg), out);
    case WT_ARG_TIME:
        return wts_time(c, w, arg->max, out);
    case WT_ARG_ONOFF:
        return wts_onoff(c, w, out);
    case WT_ARG_CHOICE:
        return wts_choice(c, kind, arg, w, out);
    case WT_ARG_ERRNO:
        return wts_errno(c, kind, arg, w, out);
    case WT_ARG_STATUS:
        return wts_status(c, kind, arg, w, out);
    case WT_ARG_STATE:
        return wts_state(c, kind, w, out);
    case WT_ARG_CLAUSE:
        return wts_clause(c, kind, w, out);
    case WT_ARG_VERDICT:
        return wts_verdict(c, kind, w, out);
    default:
        return wts_int(c, w, arg->min, arg->max, wts_what(arg), out);
    }
}

/* ===== 5. one op: name lookup and arguments, from the schema =========== */

static int wts_unknown(const struct wts_ctx *c, const struct wts_word *w, size_t n)
{
    char subs[200];
    wts_subwords(w[0], subs, sizeof subs);
    if (subs[0] == '\0') {
        return wts_fail(c, "unknown op '%.*s'", WTS_Q(w[0]));
    }
    if (n < 2) {
        return wts_fail(c, "'%.*s' needs one of: %s", WTS_ALL(w[0]), subs);
    }
    return wts_fail(c, "unknown op '%.*s %.*s' (%.*s takes: %s)", WTS_ALL(w[0]), WTS_Q(w[1]),
                    WTS_ALL(w[0]), subs);
}

/* Checks the number of argument words against what the schema allows. */
static int wts_nargs(const struct wts_ctx *c, int kind, const struct wts_word *args, size_t n)
{
    const struct wt_op_schema *s = wt_op_schema_at(kind);
    size_t min = 0, max = 0;
    for (unsigned i = 0; i < s->nargs; i++) {
        size_t width = s->args[i].form == WT_ARG_TAGGED ? 2 : 1;
        if (s->args[i].type == WT_ARG_CHUNKS) {
            width = WT_OP_CHUNKS_MAX;
        } else if (!(s->args[i].flags & WT_ARG_OPTIONAL)) {
            min += width;
        }
        max += width;
    }
    if (n >= min && n <= max) {
        return WT_OK;
    }
    char usage[WTS_USAGE_MAX];
    wts_usage(kind, usage, sizeof usage);
    if (n < min) {
        return wts_fail(c, "%s: missing argument (usage: %s)", s->words, usage);
    }
    return wts_fail(c, "%s: extra argument '%.*s' (usage: %s)", s->words, WTS_Q(args[max]),
                    usage);
}

static void wts_store(struct wt_op *op, const struct wt_op_arg *arg, int64_t v)
{
    *(arg->slot == WT_SLOT_A ? &op->a : &op->b) = v;
    op->flags |= arg->has_flag;
}

static int wts_chunks(const struct wts_ctx *c, int kind, const struct wt_op_arg *arg,
                      const struct wts_word *args, size_t n, struct wt_op *op)
{
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t v;
        bool none;
        int rc = wts_value(c, kind, arg, args[i], &v, &none);
        if (rc != WT_OK) {
            return rc;
        }
        op->chunk[op->nchunks++] = (uint32_t)v;
        sum += v;
    }
    if (sum > arg->max) {
        return wts_fail(c, "%s: the chunks add up to %lld bytes (at most %lld in one call)",
                        wt_op_name(kind), (long long)sum, (long long)arg->max);
    }
    return WT_OK;
}

/* The keyword or tagged argument a word names, or NULL. */
static const struct wt_op_arg *wts_named(const struct wt_op_schema *s, struct wts_word w,
                                         struct wts_word *value_out)
{
    for (unsigned i = 0; i < s->nargs; i++) {
        const struct wt_op_arg *arg = &s->args[i];
        size_t len = strlen(arg->name);
        if (arg->form == WT_ARG_KEYWORD && w.n > len && w.p[len] == '=' &&
            memcmp(w.p, arg->name, len) == 0) {
            value_out->p = w.p + len + 1;
            value_out->n = w.n - len - 1;
            return arg;
        }
        if (arg->form == WT_ARG_TAGGED && wts_is(w, arg->name)) {
            return arg;
        }
    }
    return NULL;
}

/* A word that names no argument: say what was expected there. */
static int wts_not_named(const struct wts_ctx *c, int kind, struct wts_word w)
{
    const struct wt_op_schema *s = wt_op_schema_at(kind);
    char usage[WTS_USAGE_MAX], expected[96] = "";
    size_t used = 0;
    wts_usage(kind, usage, sizeof usage);
    for (unsigned i = 0; i < s->nargs; i++) {
        const struct wt_op_arg *arg = &s->args[i];
        char mv[64];
        wts_metavar(arg, mv, sizeof mv);
        if (arg->form == WT_ARG_KEYWORD) {
            wts_cat(expected, sizeof expected, &used, "%s%s=%s", used ? " or " : "", arg->name,
                    mv);
        } else if (arg->form == WT_ARG_TAGGED) {
            wts_cat(expected, sizeof expected, &used, "%s'%s %s'", used ? " or " : "", arg->name,
                    mv);
        }
    }
    return wts_fail(c, "%s: expected %s, not '%.*s' (usage: %s)", s->words, expected, WTS_Q(w),
                    usage);
}

/* The arguments after the op's words, as its schema describes them. */
static int wts_args(const struct wts_ctx *c, int kind, const struct wts_word *args, size_t n,
                    struct wt_op *op)
{
    const struct wt_op_schema *s = wt_op_schema_at(kind);
    int rc = wts_nargs(c, kind, args, n);
    size_t i = 0;
    /* Positionals first, in order; they are never optional where a later one is not. */
    for (unsigned k = 0; rc == WT_OK && k < s->nargs; k++) {
        const struct wt_op_arg *arg = &s->args[k];
        if (arg->form != WT_ARG_POSITIONAL || i == n) {
            continue;
        }
        if (arg->type == WT_ARG_CHUNKS) {
            /* The chunks run up to the first word that names an argument (`as`). */
            size_t end = i;
            struct wts_word unused;
            while (end < n && wts_named(s, args[end], &unused) == NULL) {
                end++;
            }
            if (end - i > WT_OP_CHUNKS_MAX) {
                char usage[WTS_USAGE_MAX];
                wts_usage(kind, usage, sizeof usage);
                return wts_fail(c, "%s: extra argument '%.*s' (usage: %s)", s->words,
                                WTS_Q(args[i + WT_OP_CHUNKS_MAX]), usage);
            }
            rc = wts_chunks(c, kind, arg, args + i, end - i, op);
            i = end;
            continue;
        }
        int64_t v = 0;
        bool none;
        rc = wts_value(c, kind, arg, args[i++], &v, &none);
        wts_store(op, arg, v);
    }
    /* Then keywords and tags, in any order, each at most once. */
    unsigned seen = 0;
    while (rc == WT_OK && i < n) {
        struct wts_word value = {0};
        const struct wt_op_arg *arg = wts_named(s, args[i], &value);
        if (arg == NULL) {
            return wts_not_named(c, kind, args[i]);
        }
        unsigned bit = 1u << (unsigned)(arg - s->args);
        if (seen & bit) {
            return wts_fail(c, "%s: %s given twice", s->words, arg->name);
        }
        seen |= bit;
        i++;
        if (arg->form == WT_ARG_TAGGED) {
            if (i == n) {
                return wts_not_named(c, kind, args[i - 1]);
            }
            value = args[i++];
        }
        int64_t v = 0;
        bool none;
        rc = wts_value(c, kind, arg, value, &v, &none);
        if (rc == WT_OK && !none) {
            wts_store(op, arg, v);
        }
    }
    for (unsigned k = 0; rc == WT_OK && k < s->nargs; k++) {
        if (s->args[k].form != WT_ARG_POSITIONAL && !(s->args[k].flags & WT_ARG_OPTIONAL) &&
            !(seen & (1u << k))) {
            char usage[WTS_USAGE_MAX];
            wts_usage(kind, usage, sizeof usage);
            return wts_fail(c, "%s: missing %s (usage: %s)", s->words, s->args[k].name, usage);
        }
    }
    return rc;
}

/* An op without a hook prefix: words w[0..n), the line's text ending at end. */
static int wts_op_now(const struct wts_ctx *c, const struct wts_word *w, size_t n,
                      const char *end, struct wt_op *op)
{
    size_t consumed;
    int kind = wt_op_kind_find(w[0].p, (size_t)(end - w[0].p), &consumed);
    if (kind < 0) {
        return wts_unknown(c, w, n);
    }
    size_t used = 1;
    while (used < n && w[used].p < w[0].p + consumed) {
        used++;
    }
    *op = wt_op_make(kind, 0, 0);
    op->line = c->line;
    return wts_args(c, kind, w + used, n - used, op);
}

/* "on pause: ACTION" (also "on pause : ACTION"). */
static int wts_op_hook(const struct wts_ctx *c, const struct wts_line *l, struct wt_op *op)
{
    const struct wts_word *w = l->w;
    size_t n = l->n;
    if (n < 2) {
        return wts_fail(c, "on: missing callback (usage: on CALLBACK: ACTION)");
    }
    struct wts_word cb = w[1];
    size_t rest = 2;
    if (cb.n > 0 && cb.p[cb.n - 1] == ':' && cb.n < 32) {
        cb.n--;
    } else if (n >= 3 && wts_is(w[2], ":") && cb.n < 32) {
        rest = 3;
    } else {
        return wts_fail(c, "on: expected 'CALLBACK:' (e.g. 'on pause: write 10'), not '%.*s'",
                        WTS_Q(w[1]));
    }
    int on = -1;
    for (int k = 0; k < WT_CB_COUNT; k++) {
        if (wts_is(cb, wt_cb_word(k))) {
            on = k + 1; /* enum wt_on follows enum wt_cb, after WT_ON_NOW */
        }
    }
    if (on < 0) {
        return wts_fail(c, "on: unknown callback '%.*s' (expected made, pause, resume, data, eof "
                           "or lost)",
                        WTS_ALL(cb));
    }
    if (rest == n) {
        return wts_fail(c, "on %.*s: missing action (a transport call, raise or keep-open)",
                        WTS_ALL(cb));
    }
    int rc = WT_OK;
    if (n - rest == 1 && wts_is(w[rest], "keep-open")) {
        *op = wt_op_make(WT_OP_EOF_KEEP_OPEN, 1, 0);
        op->line = c->line;
    } else {
        rc = wts_op_now(c, w + rest, n - rest, l->end, op);
    }
    if (rc != WT_OK) {
        return rc;
    }
    op->on = (uint8_t)on;
    if (wt_op_schema_at(op->kind)->place == WT_PLACE_NOW) {
        return wts_fail(c, "on %.*s: '%s' cannot run inside a callback (only a transport call, "
                           "raise or keep-open)",
                        WTS_ALL(cb), wt_op_name(op->kind));
    }
    return WT_OK;
}

static int wts_op(const struct wts_ctx *c, const struct wts_line *l, struct wt_op *op)
{
    int rc = wts_is(l->w[0], "on") ? wts_op_hook(c, l, op)
                                   : wts_op_now(c, l->w, l->n, l->end, op);
    if (rc != WT_OK) {
        return rc;
    }
    if (wt_op_schema_at(op->kind)->place == WT_PLACE_HOOK && op->on == WT_ON_NOW) {
        return wts_fail(c, "%s: only inside a callback (usage: on pause: %s)",
                        wt_op_name(op->kind), wt_op_name(op->kind));
    }
    if (wt_op_validate(op) != WT_OK) {
        char usage[WTS_USAGE_MAX];
        wts_usage(op->kind, usage, sizeof usage);
        return wts_fail(c, "%s: invalid arguments (usage: %s)", wt_op_name(op->kind), usage);
    }
    return WT_OK;
}

int wt_wts_parse_line(const char *line, size_t len, const char *filename, uint32_t line_no,
                      struct wt_op *op_out, char *err, size_t err_cap)
{
    struct wts_ctx c = {filename ? filename : "<input>", line_no, err, err_cap};
    struct wts_line l;
    if (line == NULL || op_out == NULL) {
        return WT_EINVAL;
    }
    int rc = wts_split(&c, line, len, &l);
    if (rc != WT_OK) {
        return rc;
    }
    if (l.n == 0) {
        return WT_ENOENT;
    }
    return wts_op(&c, &l, op_out);
}

/* ===== 6. header lines and the whole text ============================= */

void wt_scenario_init(struct wt_scenario *s, const struct wt_allocator *alloc)
{
    memset(s, 0, sizeof *s);
    s->alloc = alloc;
}

void wt_scenario_deinit(struct wt_scenario *s)
{
    if (s == NULL) {
        return;
    }
    const struct wt_allocator *alloc = s->alloc;
    wt_free(alloc, s->ops);
    wt_scenario_init(s, alloc);
}

bool wt_scenario_for_profile(const struct wt_scenario *s, const char *profile)
{
    if (s->nprofiles == 0) {
        return true;
    }
    for (size_t i = 0; i < s->nprofiles; i++) {
        if (strcmp(s->profiles[i], profile) == 0) {
            return true;
        }
    }
    return false;
}

static int wts_push(struct wt_scenario *s, const struct wt_op *op)
{
    if (s->nops == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        struct wt_op *ops = wt_realloc(s->alloc, s->ops, cap * sizeof *ops);
        if (ops == NULL) {
            return WT_ENOMEM;
        }
        s->ops = ops;
        s->cap = cap;
    }
    s->ops[s->nops++] = *op;
    return WT_OK;
}

static int wts_name(const struct wts_ctx *c, const char *what, struct wts_word w, char *out)
{
    static const char ok[] = "abcdefghijklmnopqrstuvwxyz0123456789-_";
    bool good = w.n > 0 && w.n < WT_WTS_NAME_MAX;
    for (size_t i = 0; good && i < w.n; i++) {
        good = w.p[i] != '\0' && strchr(ok, w.p[i]) != NULL;
    }
    if (!good) {
        return wts_fail(c, "bad %s name '%.*s' (lower-case letters, digits, '-' and '_'; at "
                           "most %d)",
                        what, WTS_Q(w), WT_WTS_NAME_MAX - 1);
    }
    memcpy(out, w.p, w.n);
    out[w.n] = '\0';
    return WT_OK;
}

static int wts_header_profile(const struct wts_ctx *c, const struct wts_line *l,
                              struct wt_scenario *s)
{
    if (l->n < 2) {
        return wts_fail(c, "profile: missing argument (usage: profile NAME [NAME ...])");
    }
    if (l->n - 1 > WT_WTS_PROFILES_MAX) {
        return wts_fail(c, "profile: too many profiles (at most %d)", WT_WTS_PROFILES_MAX);
    }
    for (size_t i = 1; i < l->n; i++) {
        const struct wt_profile *p;
        char name[WT_WTS_NAME_MAX];
        if (!wts_cstr(l->w[i], name, sizeof name) || wt_profile_find(name, &p) != WT_OK) {
            return wts_fail(c, "profile: unknown profile '%.*s' (see: wtkit clauses --help)",
                            WTS_Q(l->w[i]));
        }
        int rc = wts_name(c, "profile", l->w[i], s->profiles[s->nprofiles]);
        if (rc != WT_OK) {
            return rc;
        }
        s->nprofiles++;
    }
    return WT_OK;
}

/* The header keys, in the order wt_wts_format writes them. */
enum wts_key {
    WTS_KEY_WTS,
    WTS_KEY_KIT,
    WTS_KEY_GENERATOR,
    WTS_KEY_TRANSPORT,
    WTS_KEY_RECORDED_PROFILE,
    WTS_KEY_RECORDED_FAILURE,
    WTS_KEY_SEED,
    WTS_KEY_PROFILE,
    WTS_KEY_FLAVOR,
    WTS_KEY_STEPS,
    WTS_KEY_WORK,
    WTS_KEY_COUNT
};

static const struct {
    const char *name;
    const char *usage; /* the argument, for messages */
} wts_keys[WTS_KEY_COUNT] = {
    [WTS_KEY_WTS] = {"wts", "N"},
    [WTS_KEY_KIT] = {"kit", "VERSION"},
    [WTS_KEY_GENERATOR] = {"generator", "N"},
    [WTS_KEY_TRANSPORT] = {"transport", "SPEC"},
    [WTS_KEY_RECORDED_PROFILE] = {"recorded-profile", "NAME"},
    [WTS_KEY_RECORDED_FAILURE] = {"recorded-failure", "STATUS [CLAUSE-ID]"},
    [WTS_KEY_SEED] = {"seed", "N"},
    [WTS_KEY_PROFILE] = {"profile", "NAME [NAME ...]"},
    [WTS_KEY_FLAVOR] = {"flavor", "NAME"},
    [WTS_KEY_STEPS] = {"steps", "N"},
    [WTS_KEY_WORK] = {"work", "N"},
};

/* The characters of a kit version ("0.2.0", "1.0.0-rc1+abc"). */
static const char wts_version_chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "0123456789.-+_";

static bool wts_all_of(const char *p, size_t n, const char *set)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\0' || strchr(set, p[i]) == NULL) {
            return false;
        }
    }
    return true;
}

static int wts_header_wts(const struct wts_ctx *c, struct wts_word w, struct wt_scenario *s)
{
    uint64_t v;
    int rc = wts_uint(c, w, 1, UINT32_MAX, "wts version", &v);
    if (rc != WT_OK) {
        return rc;
    }
    if (v > WT_WTS_VERSION) {
        return wts_fail(c, "written by a newer wtkit (.wts version %llu; this kit reads up to %d)",
                        (unsigned long long)v, WT_WTS_VERSION);
    }
    s->wts_version = (uint32_t)v;
    return WT_OK;
}

static int wts_header_kit(const struct wts_ctx *c, struct wts_word w, struct wt_scenario *s)
{
    if (w.n >= WT_WTS_NAME_MAX || !wts_all_of(w.p, w.n, wts_version_chars)) {
        return wts_fail(c, "bad kit version '%.*s' (letters, digits, '.', '-', '+' and '_'; at "
                           "most %d)",
                        WTS_Q(w), WT_WTS_NAME_MAX - 1);
    }
    memcpy(s->kit_version, w.p, w.n);
    s->kit_version[w.n] = '\0';
    return WT_OK;
}

/*
 * `transport SPEC`: the rest of the line, trimmed, so a spec may hold
 * blanks (an adapter command). A `#` still starts a comment, as on every
 * line: a spec cannot hold one (wt_wts_format refuses it).
 */
static int wts_header_transport(const struct wts_ctx *c, const struct wts_line *l,
                                struct wt_scenario *s)
{
    if (l->n < 2) {
        return wts_fail(c, "transport: missing argument (usage: transport SPEC)");
    }
    const char *start = l->w[1].p;
    const char *end = l->w[l->n - 1].p + l->w[l->n - 1].n;
    size_t n = (size_t)(end - start);
    if (n >= WT_WTS_SPEC_MAX) {
        return wts_fail(c, "transport: spec too long (%zu bytes; at most %d)", n,
                        WT_WTS_SPEC_MAX - 1);
    }
    memcpy(s->transport, start, n);
    s->transport[n] = '\0';
    return WT_OK;
}

/*
 * `recorded-failure STATUS [CLAUSE-ID]`: how the case failed when it was
 * saved (`wtkit replay` checks it still does): a case status other than
 * PASS, and for FAIL the clause.
 */
static int wts_header_failure(const struct wts_ctx *c, const struct wts_line *l,
                              struct wt_scenario *s)
{
    if (l->n < 2 || l->n > 3) {
        return wts_fail(c, "recorded-failure: %s (usage: recorded-failure STATUS [CLAUSE-ID])",
                        l->n < 2 ? "missing argument" : "extra argument");
    }
    /* The status is the runner's word; `wtkit replay` knows them, the language does not. */
    if (l->w[1].n >= sizeof s->recorded_status ||
        !wts_all_of(l->w[1].p, l->w[1].n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")) {
        return wts_fail(c, "recorded-failure: bad status '%.*s' (an upper-case word such as FAIL)",
                        WTS_Q(l->w[1]));
    }
    memcpy(s->recorded_status, l->w[1].p, l->w[1].n);
    s->recorded_status[l->w[1].n] = '\0';
    s->recorded_clause[0] = '\0';
    if (l->n == 3) {
        size_t index;
        if (!wts_cstr(l->w[2], s->recorded_clause, sizeof s->recorded_clause) ||
            wt_catalog_find(s->recorded_clause, &index) != WT_OK) {
            s->recorded_clause[0] = '\0';
            return wts_fail(c, "recorded-failure: unknown clause '%.*s'", WTS_Q(l->w[2]));
        }
    }
    return WT_OK;
}

/* One header line whose key is h. */
static int wts_header_value(const struct wts_ctx *c, int h, const struct wts_line *l,
                            struct wt_scenario *s)
{
    if (h == WTS_KEY_PROFILE) {
        return wts_header_profile(c, l, s);
    }
    if (h == WTS_KEY_TRANSPORT) {
        return wts_header_transport(c, l, s);
    }
    if (h == WTS_KEY_RECORDED_FAILURE) {
        return wts_header_failure(c, l, s);
    }
    if (l->n != 2) {
        return wts_fail(c, "%s: %s (usage: %s %s)", wts_keys[h].name,
                        l->n < 2 ? "missing argument" : "extra argument", wts_keys[h].name,
                        wts_keys[h].usage);
    }
    uint64_t v;
    int rc;
    switch (h) {
    case WTS_KEY_WTS:
        return wts_header_wts(c, l->w[1], s);
    case WTS_KEY_KIT:
        return wts_header_kit(c, l->w[1], s);
    case WTS_KEY_GENERATOR:
        rc = wts_uint(c, l->w[1], 0, UINT32_MAX, "generator version", &v);
        s->generator = (uint32_t)v;
        s->has_generator = rc == WT_OK;
        return rc;
    case WTS_KEY_RECORDED_PROFILE:
        return wts_name(c, "profile", l->w[1], s->recorded_profile);
    case WTS_KEY_SEED:
        rc = wts_uint(c, l->w[1], 0, UINT64_MAX, "seed", &v);
        s->seed = v;
        s->has_seed = rc == WT_OK;
        return rc;
    case WTS_KEY_FLAVOR:
        return wts_name(c, "flavor", l->w[1], s->flavor);
    case WTS_KEY_WORK:
        rc = wts_uint(c, l->w[1], 1, UINT64_MAX, "run budget", &v);
        s->work_max = v;
        return rc;
    default:
        rc = wts_uint(c, l->w[1], 1, (uint64_t)WT_OP_STEPS_MAX, "step bound", &v);
        s->steps_max = v;
        return rc;
    }
}

/* Returns WT_ENOENT when the line is not a header line. */
static int wts_header(const struct wts_ctx *c, const struct wts_line *l, unsigned *seen,
                      struct wt_scenario *s)
{
    int h = 0;
    while (h < WTS_KEY_COUNT && !wts_is(l->w[0], wts_keys[h].name)) {
        h++;
    }
    if (h == WTS_KEY_COUNT) {
        return WT_ENOENT;
    }
    if (s->nops > 0) {
        return wts_fail(c, "'%s' is a header line: it must come before the first op",
                        wts_keys[h].name);
    }
    if (*seen & (1u << h)) {
        return wts_fail(c, "'%s' given twice", wts_keys[h].name);
    }
    *seen |= 1u << h;
    return wts_header_value(c, h, l, s);
}

static int wts_line(struct wts_ctx *c, const char *line, size_t len, unsigned *seen,
                    struct wt_scenario *s)
{
    struct wts_line l;
    int rc = wts_split(c, line, len, &l);
    if (rc != WT_OK || l.n == 0) {
        return rc;
    }
    rc = wts_header(c, &l, seen, s);
    if (rc != WT_ENOENT) {
        return rc;
    }
    struct wt_op op;
    rc = wts_op(c, &l, &op);
    if (rc != WT_OK) {
        return rc;
    }
    if (s->nops == WT_WTS_OPS_MAX) {
        wts_fail(c, "too many ops (at most %d)", WT_WTS_OPS_MAX);
        return WT_ELIMIT;
    }
    return wts_push(s, &op);
}

int wt_wts_parse(const char *text, size_t len, const char *filename, struct wt_scenario *s,
                 char *err, size_t err_cap)
{
    if (s == NULL || (text == NULL && len > 0)) {
        return WT_EINVAL;
    }
    struct wts_ctx c = {filename ? filename : "<input>", 1, err, err_cap};
    wt_scenario_deinit(s);
    unsigned seen = 0;
    size_t pos = 0;
    int rc = WT_OK;
    while (pos < len && rc == WT_OK) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        rc = wts_line(&c, text + pos, end - pos, &seen, s);
        pos = end + 1;
        if (rc == WT_OK && nl != NULL) {
            c.line++;
        }
    }
    /* No ops is a mistake, unless a header says what runs: then the
     * transport is judged on its start and close alone (a shrunk case may
     * need nothing more). */
    if (rc == WT_OK && s->nops == 0 && seen == 0) {
        c.line = 1;
        rc = wts_fail(&c, "empty scenario: no ops");
    }
    if (rc == WT_ENOMEM) {
        wts_fail(&c, "out of memory");
    }
    if (rc != WT_OK) {
        wt_scenario_deinit(s);
    }
    return rc;
}

int wt_wts_load(const char *path, struct wt_scenario *s, char *err, size_t err_cap)
{
    FILE *f = fopen(path, "rb");
    struct wts_ctx c = {path, 0, err, err_cap};
    if (f == NULL) {
        if (err != NULL && err_cap > 0) {
            snprintf(err, err_cap, "%s: %s", path, strerror(errno));
        }
        return WT_EIO;
    }
    /* A scenario is small; refuse anything that could not be one. */
    size_t cap = 1 << 16, len = 0;
    char *text = wt_alloc(s->alloc, cap);
    int rc = text ? WT_OK : WT_ENOMEM;
    while (rc == WT_OK) {
        if (len == cap) {
            if (cap >= (size_t)64 << 20) {
                rc = WT_ELIMIT;
                break;
            }
            char *bigger = wt_realloc(s->alloc, text, cap * 2);
            if (bigger == NULL) {
                rc = WT_ENOMEM;
                break;
            }
            text = bigger;
            cap *= 2;
        }
        size_t got = fread(text + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            rc = ferror(f) ? WT_EIO : WT_OK;
            break;
        }
    }
    fclose(f);
    if (rc == WT_OK) {
        rc = wt_wts_parse(text, len, path, s, err, err_cap);
    } else if (err != NULL && err_cap > 0) {
        snprintf(err, err_cap, "%s: %s", c.file,
                 rc == WT_ELIMIT ? "file too large for a scenario (over 64 MiB)"
                                 : wt_strerror(rc));
    }
    wt_free(s->alloc, text);
    return rc;
}

/* ===== 7. formatting ================================================== */

static void wts_fmt_time(char *buf, size_t cap, size_t *used, int64_t ns)
{
    for (size_t i = 0; i < sizeof wts_units / sizeof wts_units[0]; i++) {
        uint64_t u = wts_units[i].ns;
        if (ns != 0 && (uint64_t)ns % u == 0) {
            wts_cat(buf, cap, used, "%llu%s", (unsigned long long)((uint64_t)ns / u),
                    wts_units[i].unit);
            return;
        }
    }
    wts_cat(buf, cap, used, "%lldns", (long long)ns);
}

static const char *wts_err_word(int rc)
{
    if (rc == WT_OK) {
        return "none";
    }
    const char *py = wt_err_python(rc);
    int back;
    if (py != NULL && wt_err_lookup(py, &back) == WT_OK && back == rc) {
        return py;
    }
    return strcmp(wt_err_name(rc), "UNKNOWN") == 0 ? NULL : wt_err_name(rc);
}

/* Appends one value as its type spells it; WT_EINVAL when it has no spelling. */
static int wts_fmt_value(const struct wt_op_arg *arg, int64_t v, char *buf, size_t cap,
                         size_t *used)
{
    const char *word = NULL;
    switch (arg->type) {
    case WT_ARG_TIME:
        wts_fmt_time(buf, cap, used, v);
        return WT_OK;
    case WT_ARG_ONOFF:
        word = v ? "on" : "off";
        break;
    case WT_ARG_CHOICE: {
        size_t n = 0;
        const char *w = wt_op_choice_word(arg, v, &n);
        if (w == NULL) {
            return WT_EINVAL;
        }
        wts_cat(buf, cap, used, "%.*s", (int)n, w);
        return WT_OK;
    }
    case WT_ARG_ERRNO:
        word = wt_err_name((int)v);
        break;
    case WT_ARG_STATUS:
        word = wts_err_word((int)v);
        break;
    case WT_ARG_STATE:
        word = wt_expect_state_name((int)v);
        break;
    case WT_ARG_CLAUSE: {
        const struct wt_clause *cl = wt_catalog_at((size_t)v);
        word = cl ? cl->id : NULL;
        break;
    }
    case WT_ARG_VERDICT:
        word = v >= 0 && v < WT_VERDICT_COUNT ? wts_verdict_words[v] : NULL;
        break;
    default:
        wts_cat(buf, cap, used, "%lld", (long long)v);
        return WT_OK;
    }
    if (word == NULL) {
        return WT_EINVAL;
    }
    wts_cat(buf, cap, used, "%s", word);
    return WT_OK;
}

/* Appends one argument (with its leading space), or nothing when left out. */
static int wts_fmt_arg(const struct wt_op *op, const struct wt_op_arg *arg, char *buf,
                       size_t cap, size_t *used)
{
    if (arg->type == WT_ARG_CHUNKS) {
        for (unsigned i = 0; i < op->nchunks; i++) {
            wts_cat(buf, cap, used, " %u", op->chunk[i]);
        }
        return WT_OK;
    }
    int64_t v = arg->slot == WT_SLOT_A ? op->a : op->b;
    if ((arg->has_flag != 0 && !(op->flags & arg->has_flag)) ||
        (arg->has_flag == 0 && (arg->flags & WT_ARG_OPTIONAL) && v == 0)) {
        return WT_OK; /* None, or an optional argument at its default */
    }
    switch (arg->form) {
    case WT_ARG_KEYWORD:
        wts_cat(buf, cap, used, " %s=", arg->name);
        break;
    case WT_ARG_TAGGED:
        wts_cat(buf, cap, used, " %s ", arg->name);
        break;
    default:
        wts_cat(buf, cap, used, " ");
        break;
    }
    return wts_fmt_value(arg, v, buf, cap, used);
}

int wt_wts_format_op(const struct wt_op *op, char *buf, size_t cap)
{
    if (wt_op_validate(op) != WT_OK || (buf == NULL && cap > 0)) {
        return WT_EINVAL;
    }
    char line[WT_WTS_OP_TEXT_MAX];
    size_t used = 0;
    line[0] = '\0';
    if (op->on != WT_ON_NOW) {
        wts_cat(line, sizeof line, &used, "on %s: ", wt_cb_word(op->on - 1));
    }
    if (op->on != WT_ON_NOW && op->kind == WT_OP_EOF_KEEP_OPEN && op->a == 1) {
        wts_cat(line, sizeof line, &used, "keep-open");
    } else {
        const struct wt_op_schema *s = wt_op_schema_at(op->kind);
        wts_cat(line, sizeof line, &used, "%s", s->words);
        for (unsigned i = 0; i < s->nargs; i++) {
            int rc = wts_fmt_arg(op, &s->args[i], line, sizeof line, &used);
            if (rc != WT_OK) {
                return rc;
            }
        }
    }
    if (used >= sizeof line) {
        return WT_EINVAL; /* cannot happen for a valid op: the schema's bounds keep it short */
    }
    return snprintf(buf, cap, "%s", line);
}

/* strlen bounded by max (a caller's array need not hold a NUL). */
static size_t wts_len(const char *s, size_t max)
{
    const char *nul = memchr(s, '\0', max);
    return nul != NULL ? (size_t)(nul - s) : max;
}

/* The transport spec without its outer blanks, if the language can hold it. */
static bool wts_fmt_spec(const char *spec, const char **start_out, size_t *n_out)
{
    size_t n = wts_len(spec, WT_WTS_SPEC_MAX);
    while (n > 0 && wts_blank(*spec)) {
        spec++;
        n--;
    }
    while (n > 0 && wts_blank(spec[n - 1])) {
        n--;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)spec[i];
        if (ch == '#' || ch == 0x7f || (ch < 0x20 && ch != '\t')) {
            return false;
        }
    }
    *start_out = spec;
    *n_out = n;
    return n < WT_WTS_SPEC_MAX && wts_utf8_bad((const unsigned char *)spec, n) == n;
}

/* Version 3: an op of the loop's order or the socket's platform paths. */
static bool wts_uses_v3(const struct wt_scenario *s)
{
    for (size_t i = 0; i < s->nops; i++) {
        if (s->ops[i].kind >= WT_OP_LOOP_ORDER) {
            return true;
        }
    }
    return false;
}

/* Version 4: a write or writelines with an argument kind (`as KIND`). */
static bool wts_uses_v4(const struct wt_scenario *s)
{
    for (size_t i = 0; i < s->nops; i++) {
        if (wt_op_data_kind(&s->ops[i]) != 0) {
            return true;
        }
    }
    return false;
}

/* The version 2 header lines (wts, kit, generator, transport, recorded-profile). */
static int wts_fmt_v2_header(const struct wt_scenario *s, char *buf, size_t cap, size_t *used)
{
    const char *spec = "";
    size_t spec_n = 0;
    size_t kit_n = wts_len(s->kit_version, WT_WTS_NAME_MAX);
    size_t prof_n = wts_len(s->recorded_profile, WT_WTS_NAME_MAX);
    if (!wts_fmt_spec(s->transport, &spec, &spec_n) || kit_n == WT_WTS_NAME_MAX ||
        prof_n == WT_WTS_NAME_MAX || !wts_all_of(s->kit_version, kit_n, wts_version_chars) ||
        !wts_all_of(s->recorded_profile, prof_n, "abcdefghijklmnopqrstuvwxyz0123456789-_")) {
        return WT_EINVAL;
    }
    bool v2 = kit_n > 0 || s->has_generator || spec_n > 0 || prof_n > 0 ||
              s->recorded_status[0] != '\0';
    /* The least version that holds what the file uses, or the one it said. */
    uint32_t need = s->work_max != 0 ? 5 : wts_uses_v4(s) ? 4 : wts_uses_v3(s) ? 3 : v2 ? 2 : 0;
    uint32_t version = s->wts_version > need ? s->wts_version : need;
    if (version > WT_WTS_VERSION) {
        return WT_EINVAL;
    }
    if (version != 0) {
        wts_cat(buf, cap, used, "wts %lu\n", (unsigned long)version);
    }
    if (kit_n > 0) {
        wts_cat(buf, cap, used, "kit %s\n", s->kit_version);
    }
    if (s->has_generator) {
        wts_cat(buf, cap, used, "generator %lu\n", (unsigned long)s->generator);
    }
    if (spec_n > 0) {
        wts_cat(buf, cap, used, "transport %.*s\n", (int)spec_n, spec);
    }
    if (prof_n > 0) {
        wts_cat(buf, cap, used, "recorded-profile %s\n", s->recorded_profile);
    }
    if (s->recorded_status[0] != '\0') {
        wts_cat(buf, cap, used, "recorded-failure %.23s%s%.63s\n", s->recorded_status,
                s->recorded_clause[0] ? " " : "", s->recorded_clause);
    }
    return WT_OK;
}

int wt_wts_format(const struct wt_scenario *s, char *buf, size_t cap)
{
    size_t used = 0;
    if (s == NULL || (buf == NULL && cap > 0)) {
        return WT_EINVAL;
    }
    if (cap > 0) {
        buf[0] = '\0';
    }
    int rc = wts_fmt_v2_header(s, buf, cap, &used);
    if (rc != WT_OK) {
        return rc;
    }
    if (s->has_seed) {
        wts_cat(buf, cap, &used, "seed %llu\n", (unsigned long long)s->seed);
    }
    if (s->nprofiles > 0) {
        wts_cat(buf, cap, &used, "profile");
        for (size_t i = 0; i < s->nprofiles; i++) {
            wts_cat(buf, cap, &used, " %s", s->profiles[i]);
        }
        wts_cat(buf, cap, &used, "\n");
    }
    if (s->flavor[0] != '\0') {
        wts_cat(buf, cap, &used, "flavor %s\n", s->flavor);
    }
    if (s->steps_max != 0) {
        wts_cat(buf, cap, &used, "steps %llu\n", (unsigned long long)s->steps_max);
    }
    if (s->work_max != 0) {
        wts_cat(buf, cap, &used, "work %llu\n", (unsigned long long)s->work_max);
    }
    for (size_t i = 0; i < s->nops; i++) {
        char line[WT_WTS_OP_TEXT_MAX];
        int n = wt_wts_format_op(&s->ops[i], line, sizeof line);
        if (n < 0) {
            return n;
        }
        wts_cat(buf, cap, &used, "%s\n", line);
    }
    return used > (size_t)INT32_MAX ? WT_ELIMIT : (int)used;
}
