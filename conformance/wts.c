/* SPDX-License-Identifier: MIT */
/*
 * wts.c - the .wts scenario language: parser and canonical formatter.
 *
 * The op words come from WT_OP_MAP (op.h), error names from
 * WT_ERRNO_MAP (errors.h) and clause IDs from the catalog (spec.h), so
 * the language cannot drift from the tables it names. docs/wts.md is the
 * user's description; the usage strings below are what error messages
 * quote.
 *
 * Sections:
 *   1. messages and small helpers
 *   2. lines: length, NUL, UTF-8, words
 *   3. numbers and times
 *   4. one op: name lookup and arguments
 *   5. header lines and the whole text
 *   6. formatting
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
#define WTS_SHOW 40 /* at most this many bytes of a bad word in a message */

struct wts_ctx {
    const char *file;
    uint32_t line;
    char *err;
    size_t err_cap;
};

/* The usage of each op, as messages quote it. */
static const char *const wts_usage[WT_OP_COUNT] = {
    [WT_OP_WRITE] = "write BYTES",
    [WT_OP_WRITELINES] = "writelines [BYTES ...] (at most 8 chunks)",
    [WT_OP_WRITE_EOF] = "write_eof",
    [WT_OP_CAN_WRITE_EOF] = "can_write_eof",
    [WT_OP_ABORT] = "abort",
    [WT_OP_CLOSE] = "close",
    [WT_OP_IS_CLOSING] = "is_closing",
    [WT_OP_GET_SIZE] = "get_write_buffer_size",
    [WT_OP_GET_LIMITS] = "get_write_buffer_limits",
    [WT_OP_SET_LIMITS] = "set_write_buffer_limits [high=N|None] [low=N|None]",
    [WT_OP_RAISE] = "on CALLBACK: raise",
    [WT_OP_EOF_KEEP_OPEN] = "eof_keep_open on|off",
    [WT_OP_SOCK_BUFFER] = "sock buffer BYTES",
    [WT_OP_SOCK_CAP] = "sock cap BYTES",
    [WT_OP_SOCK_DRAIN] = "sock drain BYTES_PER_MS",
    [WT_OP_SOCK_READ] = "sock read BYTES",
    [WT_OP_SOCK_BLOCK] = "sock block",
    [WT_OP_SOCK_OPEN] = "sock open",
    [WT_OP_SOCK_RANDOM] = "sock random on|off",
    [WT_OP_SOCK_FAIL] = "sock fail EPIPE|ECONNRESET [at TIME]",
    [WT_OP_SOCK_SPURIOUS] = "sock spurious",
    [WT_OP_SOCK_HALFCLOSE] = "sock halfclose on|off",
    [WT_OP_PEER_SEND] = "peer send BYTES",
    [WT_OP_PEER_EOF] = "peer eof",
    [WT_OP_PEER_CLOSE] = "peer close",
    [WT_OP_STEP] = "step N",
    [WT_OP_RUN] = "run",
    [WT_OP_ADVANCE] = "advance TIME (e.g. 5ms; units ns, us, ms, s)",
    [WT_OP_EXPECT_SIZE] = "expect size BYTES",
    [WT_OP_EXPECT_LIMITS] = "expect limits low=N high=N",
    [WT_OP_EXPECT_STATE] = "expect STATE",
    [WT_OP_EXPECT_ERROR] = "expect error NAME (ValueError, RuntimeError, ..., none)",
    [WT_OP_EXPECT_PEER] = "expect peer BYTES",
    [WT_OP_EXPECT_CLAUSE] = "expect clause CLAUSE-ID pass|fail|not-exercised|n/a",
};

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

static int wts_streq_ci(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a - 'A' + 'a') : *a;
        char y = (*b >= 'A' && *b <= 'Z') ? (char)(*b - 'A' + 'a') : *b;
        if (x != y) {
            return 0;
        }
    }
    return *a == *b;
}

/* ===== 2. lines: length, NUL, UTF-8, words ============================ */

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

/*
 * Checks one raw line (without its newline) and splits it into words in
 * buf: comments cut, trailing CR dropped. Returns WT_OK or WT_ESYNTAX.
 */
static int wts_split(const struct wts_ctx *c, const char *line, size_t len, char *buf,
                     char **words, size_t *nwords_out)
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
    memcpy(buf, line, len);
    buf[len] = '\0';
    char *hash = strchr(buf, '#');
    if (hash != NULL) {
        *hash = '\0';
    }
    size_t n = 0;
    for (char *p = buf; *p != '\0';) {
        if (*p == ' ' || *p == '\t') {
            *p++ = '\0';
            continue;
        }
        if ((unsigned char)*p < 0x20 || *p == 0x7f) {
            return wts_fail(c, "control character 0x%02x at column %zu", (unsigned)*p,
                            (size_t)(p - buf) + 1);
        }
        if (n == WTS_WORDS_MAX) {
            return wts_fail(c, "too many words (at most %d)", WTS_WORDS_MAX);
        }
        words[n++] = p;
        while (*p != '\0' && *p != ' ' && *p != '\t' && (unsigned char)*p >= 0x20 && *p != 0x7f) {
            p++;
        }
    }
    *nwords_out = n;
    return WT_OK;
}

/* ===== 3. numbers and times =========================================== */

/* Parses decimal digits into *out, refusing values above max. */
static int wts_digits(const char *s, uint64_t max, uint64_t *out, int *overflow)
{
    uint64_t v = 0;
    *overflow = 0;
    if (*s == '\0') {
        return 0;
    }
    for (; *s >= '0' && *s <= '9'; s++) {
        uint64_t d = (uint64_t)(*s - '0');
        if (d > max || v > (max - d) / 10) {
            *overflow = 1;
            return 0;
        }
        v = v * 10 + d;
    }
    if (*s != '\0') {
        return 0;
    }
    *out = v;
    return 1;
}

/* A signed integer in [lo, hi]; a '-' is accepted only when lo < 0. */
static int wts_int(const struct wts_ctx *c, const char *word, int64_t lo, int64_t hi,
                   const char *what, int64_t *out)
{
    int neg = word[0] == '-' && lo < 0;
    uint64_t v;
    int overflow;
    uint64_t max = neg ? (uint64_t)0 - (uint64_t)lo : (uint64_t)hi;
    if (!wts_digits(word + neg, max, &v, &overflow)) {
        if (overflow) {
            return wts_fail(c, "%s '%.*s' is out of range (%lld..%lld)", what, WTS_SHOW, word,
                            (long long)lo, (long long)hi);
        }
        return wts_fail(c, "bad %s '%.*s' (expected %s)", what, WTS_SHOW, word,
                        lo < 0 ? "an integer" : "a non-negative integer");
    }
    *out = neg ? (int64_t)((uint64_t)0 - v) : (int64_t)v;
    if (*out < lo) {
        return wts_fail(c, "%s '%.*s' is out of range (%lld..%lld)", what, WTS_SHOW, word,
                        (long long)lo, (long long)hi);
    }
    return WT_OK;
}

static const struct {
    const char *unit;
    uint64_t ns;
} wts_units[] = {{"s", 1000000000ull}, {"ms", 1000000ull}, {"us", 1000ull}, {"ns", 1ull}};

/* A time with its unit ("5ms") in ns, at most WT_OP_TIME_MAX. */
static int wts_time(const struct wts_ctx *c, const char *word, int64_t *ns_out)
{
    size_t ndig = strspn(word, "0123456789");
    const char *unit = word + ndig;
    for (size_t i = 0; i < sizeof wts_units / sizeof wts_units[0]; i++) {
        if (strcmp(unit, wts_units[i].unit) != 0) {
            continue;
        }
        char digits[32];
        if (ndig == 0) {
            break;
        }
        if (ndig >= sizeof digits) {
            ndig = sizeof digits - 1; /* still too large: reported as out of range */
        }
        memcpy(digits, word, ndig);
        digits[ndig] = '\0';
        uint64_t v;
        int overflow;
        uint64_t max = (uint64_t)WT_OP_TIME_MAX / wts_units[i].ns;
        if (!wts_digits(digits, max, &v, &overflow)) {
            return wts_fail(c, "time '%.*s' is out of range (at most %llds)", WTS_SHOW, word,
                            (long long)(WT_OP_TIME_MAX / 1000000000));
        }
        *ns_out = (int64_t)(v * wts_units[i].ns);
        return WT_OK;
    }
    if (ndig > 0 && *unit == '\0') {
        return wts_fail(c, "time '%.*s' needs a unit (ns, us, ms or s)", WTS_SHOW, word);
    }
    return wts_fail(c, "bad time '%.*s' (expected e.g. 5ms; units ns, us, ms, s)", WTS_SHOW, word);
}

static int wts_onoff(const struct wts_ctx *c, const char *word, int64_t *out)
{
    if (strcmp(word, "on") == 0) {
        *out = 1;
        return WT_OK;
    }
    if (strcmp(word, "off") == 0) {
        *out = 0;
        return WT_OK;
    }
    return wts_fail(c, "expected on or off, not '%.*s'", WTS_SHOW, word);
}

/* ===== 4. one op: name lookup and arguments =========================== */

/* Finds the op named by the first one or two words; two-word names win. */
static int wts_find_kind(char **w, size_t n, int *kind_out, size_t *used_out)
{
    for (int pass = 2; pass >= 1; pass--) {
        for (int k = 0; k < WT_OP_COUNT; k++) {
            const char *name = wt_op_name(k);
            const char *sp = strchr(name, ' ');
            if (pass == 2 && sp != NULL && n >= 2 && strlen(w[0]) == (size_t)(sp - name) &&
                memcmp(w[0], name, (size_t)(sp - name)) == 0 && strcmp(w[1], sp + 1) == 0) {
                *kind_out = k;
                *used_out = 2;
                return 1;
            }
            if (pass == 1 && sp == NULL && strcmp(w[0], name) == 0) {
                *kind_out = k;
                *used_out = 1;
                return 1;
            }
        }
    }
    return 0;
}

/* "buffer, cap, ..." : the second words of the ops whose first word is w0. */
static void wts_subwords(const char *w0, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int k = 0; k < WT_OP_COUNT; k++) {
        const char *name = wt_op_name(k);
        const char *sp = strchr(name, ' ');
        if (sp == NULL || strlen(w0) != (size_t)(sp - name) ||
            memcmp(w0, name, (size_t)(sp - name)) != 0) {
            continue;
        }
        int m = snprintf(buf + used, cap - used, "%s%s", used ? ", " : "", sp + 1);
        if (m < 0 || (size_t)m >= cap - used) {
            return;
        }
        used += (size_t)m;
    }
}

static int wts_unknown(const struct wts_ctx *c, char **w, size_t n)
{
    char subs[200];
    wts_subwords(w[0], subs, sizeof subs);
    if (subs[0] == '\0') {
        return wts_fail(c, "unknown op '%.*s'", WTS_SHOW, w[0]);
    }
    if (n < 2) {
        return wts_fail(c, "'%s' needs one of: %s", w[0], subs);
    }
    return wts_fail(c, "unknown op '%s %.*s' (%s takes: %s)", w[0], WTS_SHOW, w[1], w[0], subs);
}

/* Checks the argument count against [min, max]. */
static int wts_nargs(const struct wts_ctx *c, int kind, char **args, size_t n, size_t min,
                     size_t max)
{
    if (n < min) {
        return wts_fail(c, "%s: missing argument (usage: %s)", wt_op_name(kind), wts_usage[kind]);
    }
    if (n > max) {
        return wts_fail(c, "%s: extra argument '%.*s' (usage: %s)", wt_op_name(kind), WTS_SHOW,
                        args[max], wts_usage[kind]);
    }
    return WT_OK;
}

/* NAME=VALUE with NAME one of the two given; *which_out = 0 or 1. */
static int wts_keyval(const struct wts_ctx *c, int kind, const char *word, const char *k0,
                      const char *k1, int *which_out, const char **value_out)
{
    const char *eq = strchr(word, '=');
    size_t klen = eq ? (size_t)(eq - word) : 0;
    if (eq != NULL && klen == strlen(k0) && memcmp(word, k0, klen) == 0) {
        *which_out = 0;
    } else if (eq != NULL && klen == strlen(k1) && memcmp(word, k1, klen) == 0) {
        *which_out = 1;
    } else {
        return wts_fail(c, "%s: expected %s=N or %s=N, not '%.*s' (usage: %s)", wt_op_name(kind),
                        k0, k1, WTS_SHOW, word, wts_usage[kind]);
    }
    *value_out = eq + 1;
    return WT_OK;
}

static int wts_args_limits(const struct wts_ctx *c, int kind, char **args, size_t n,
                           struct wt_op *op)
{
    int rc = wts_nargs(c, kind, args, n, kind == WT_OP_EXPECT_LIMITS ? 2 : 0, 2);
    if (rc != WT_OK) {
        return rc;
    }
    /* set_write_buffer_limits(high, low); expect limits low=, high= (a = low). */
    int set = kind == WT_OP_SET_LIMITS;
    unsigned seen = 0;
    for (size_t i = 0; i < n; i++) {
        int which = 0;
        const char *value = NULL;
        rc = wts_keyval(c, kind, args[i], "high", "low", &which, &value);
        if (rc != WT_OK) {
            return rc;
        }
        if (seen & (1u << which)) {
            return wts_fail(c, "%s: %s given twice", wt_op_name(kind), which ? "low" : "high");
        }
        seen |= 1u << which;
        if (set && strcmp(value, "None") == 0) {
            continue;
        }
        int64_t v;
        rc = wts_int(c, value, -WT_OP_LIMIT_MAX, WT_OP_LIMIT_MAX, which ? "low" : "high", &v);
        if (rc != WT_OK) {
            return rc;
        }
        int64_t *slot = (which == 0) == set ? &op->a : &op->b;
        *slot = v;
        if (set) {
            op->flags |= which ? WT_OPF_HAS_LOW : WT_OPF_HAS_HIGH;
        }
    }
    return WT_OK;
}

static int wts_args_writelines(const struct wts_ctx *c, char **args, size_t n, struct wt_op *op)
{
    int rc = wts_nargs(c, WT_OP_WRITELINES, args, n, 0, WT_OP_CHUNKS_MAX);
    for (size_t i = 0; rc == WT_OK && i < n; i++) {
        int64_t v;
        rc = wts_int(c, args[i], 0, (int64_t)1 << 30, "chunk length", &v);
        op->chunk[i] = (uint32_t)v;
    }
    op->nchunks = (uint8_t)n;
    return rc;
}

static int wts_args_fail(const struct wts_ctx *c, char **args, size_t n, struct wt_op *op)
{
    int rc = wts_nargs(c, WT_OP_SOCK_FAIL, args, n, 1, 3);
    if (rc != WT_OK) {
        return rc;
    }
    int code;
    if (wt_err_lookup(args[0], &code) != WT_OK || (code != WT_EPIPE && code != WT_ECONNRESET)) {
        return wts_fail(c, "sock fail: unknown error '%.*s' (expected EPIPE or ECONNRESET)",
                        WTS_SHOW, args[0]);
    }
    op->a = code;
    if (n == 1) {
        return WT_OK;
    }
    if (strcmp(args[1], "at") != 0 || n != 3) {
        return wts_fail(c, "sock fail: expected 'at TIME' after the error (usage: %s)",
                        wts_usage[WT_OP_SOCK_FAIL]);
    }
    return wts_time(c, args[2], &op->b);
}

static int wts_args_state(const struct wts_ctx *c, char **args, size_t n, struct wt_op *op)
{
    if (n == 0) {
        return wts_fail(c, "expect: missing argument (size, limits, error, peer, clause or a "
                           "state such as paused)");
    }
    const char *word = args[0];
    if (strcmp(word, "pause") == 0) {
        word = "paused";
    } else if (strcmp(word, "resume") == 0) {
        word = "resumed";
    }
    for (int s = 0; s < WT_EXPECT_COUNT; s++) {
        if (strcmp(word, wt_expect_state_name(s)) == 0) {
            op->a = s;
            return wts_nargs(c, WT_OP_EXPECT_STATE, args, n, 1, 1);
        }
    }
    char states[200] = "";
    size_t used = 0;
    for (int s = 0; s < WT_EXPECT_COUNT && used < sizeof states; s++) {
        int m = snprintf(states + used, sizeof states - used, "%s%s", s ? ", " : "",
                         wt_expect_state_name(s));
        used += m > 0 ? (size_t)m : 0;
    }
    return wts_fail(c, "expect: unknown state '%.*s' (expected size, limits, error, peer, "
                       "clause or one of: %s)",
                    WTS_SHOW, args[0], states);
}

static int wts_args_error(const struct wts_ctx *c, char **args, size_t n, struct wt_op *op)
{
    int rc = wts_nargs(c, WT_OP_EXPECT_ERROR, args, n, 1, 1);
    if (rc != WT_OK) {
        return rc;
    }
    int code;
    if (strcmp(args[0], "none") == 0) {
        code = WT_OK;
    } else if (wt_err_lookup(args[0], &code) != WT_OK || code < -1000) {
        return wts_fail(c, "expect error: unknown error '%.*s' (expected ValueError, "
                           "RuntimeError, NotImplementedError, none, or a WT code such as EPIPE)",
                        WTS_SHOW, args[0]);
    }
    op->a = code;
    return WT_OK;
}

static int wts_args_clause(const struct wts_ctx *c, char **args, size_t n, struct wt_op *op)
{
    int rc = wts_nargs(c, WT_OP_EXPECT_CLAUSE, args, n, 2, 2);
    if (rc != WT_OK) {
        return rc;
    }
    size_t index;
    if (wt_catalog_find(args[0], &index) != WT_OK) {
        return wts_fail(c, "expect clause: unknown clause '%.*s' (see: wtkit clauses)", WTS_SHOW,
                        args[0]);
    }
    op->a = (int64_t)index;
    for (int s = 0; s < WT_VERDICT_COUNT; s++) {
        if (wts_streq_ci(args[1], wts_verdict_words[s])) {
            op->b = s;
            return WT_OK;
        }
    }
    return wts_fail(c, "expect clause: unknown verdict '%.*s' (expected pass, fail, "
                       "not-exercised or n/a)",
                    WTS_SHOW, args[1]);
}

/* One number argument in [0, max]. */
static int wts_args_one(const struct wts_ctx *c, int kind, char **args, size_t n, int64_t max,
                        const char *what, struct wt_op *op)
{
    int rc = wts_nargs(c, kind, args, n, 1, 1);
    return rc != WT_OK ? rc : wts_int(c, args[0], 0, max, what, &op->a);
}

static int wts_args(const struct wts_ctx *c, int kind, char **args, size_t n, struct wt_op *op)
{
    switch (kind) {
    case WT_OP_WRITE:
    case WT_OP_SOCK_BUFFER:
    case WT_OP_SOCK_CAP:
    case WT_OP_SOCK_READ:
    case WT_OP_PEER_SEND:
        return wts_args_one(c, kind, args, n, WT_OP_BYTES_MAX, "byte count", op);
    case WT_OP_SOCK_DRAIN:
        return wts_args_one(c, kind, args, n, WT_OP_BYTES_MAX, "rate", op);
    case WT_OP_EXPECT_SIZE:
    case WT_OP_EXPECT_PEER:
        return wts_args_one(c, kind, args, n, WT_OP_BYTES_MAX * 64, "byte count", op);
    case WT_OP_STEP:
        return wts_args_one(c, kind, args, n, WT_OP_STEPS_MAX, "step count", op);
    case WT_OP_WRITELINES:
        return wts_args_writelines(c, args, n, op);
    case WT_OP_SET_LIMITS:
    case WT_OP_EXPECT_LIMITS:
        return wts_args_limits(c, kind, args, n, op);
    case WT_OP_EOF_KEEP_OPEN:
    case WT_OP_SOCK_RANDOM:
    case WT_OP_SOCK_HALFCLOSE: {
        int rc = wts_nargs(c, kind, args, n, 1, 1);
        return rc != WT_OK ? rc : wts_onoff(c, args[0], &op->a);
    }
    case WT_OP_SOCK_FAIL:
        return wts_args_fail(c, args, n, op);
    case WT_OP_ADVANCE: {
        int rc = wts_nargs(c, kind, args, n, 1, 1);
        return rc != WT_OK ? rc : wts_time(c, args[0], &op->a);
    }
    case WT_OP_EXPECT_STATE:
        return wts_args_state(c, args, n, op);
    case WT_OP_EXPECT_ERROR:
        return wts_args_error(c, args, n, op);
    case WT_OP_EXPECT_CLAUSE:
        return wts_args_clause(c, args, n, op);
    default:
        return wts_nargs(c, kind, args, n, 0, 0);
    }
}

/* An op without a hook prefix. */
static int wts_op_now(const struct wts_ctx *c, char **w, size_t n, struct wt_op *op)
{
    int kind;
    size_t used;
    if (!wts_find_kind(w, n, &kind, &used)) {
        return wts_unknown(c, w, n);
    }
    *op = wt_op_make(kind, 0, 0);
    op->line = c->line;
    return wts_args(c, kind, w + used, n - used, op);
}

/* "on pause: ACTION" (also "on pause : ACTION"). */
static int wts_op_hook(const struct wts_ctx *c, char **w, size_t n, struct wt_op *op)
{
    if (n < 2) {
        return wts_fail(c, "on: missing callback (usage: on CALLBACK: ACTION)");
    }
    char cb[32];
    size_t rest = 2;
    size_t len = strlen(w[1]);
    if (len > 0 && w[1][len - 1] == ':' && len < sizeof cb) {
        memcpy(cb, w[1], len - 1);
        cb[len - 1] = '\0';
    } else if (n >= 3 && strcmp(w[2], ":") == 0 && len < sizeof cb) {
        memcpy(cb, w[1], len + 1);
        rest = 3;
    } else {
        return wts_fail(c, "on: expected 'CALLBACK:' (e.g. 'on pause: write 10'), not '%.*s'",
                        WTS_SHOW, w[1]);
    }
    int on = -1;
    for (int k = 0; k < WT_CB_COUNT; k++) {
        if (strcmp(cb, wt_cb_word(k)) == 0) {
            on = k + 1; /* enum wt_on follows enum wt_cb, after WT_ON_NOW */
        }
    }
    if (on < 0) {
        return wts_fail(c, "on: unknown callback '%s' (expected made, pause, resume, data, eof "
                           "or lost)",
                        cb);
    }
    if (rest == n) {
        return wts_fail(c, "on %s: missing action (a transport call, raise or keep-open)", cb);
    }
    int rc;
    if (n - rest == 1 && strcmp(w[rest], "keep-open") == 0) {
        *op = wt_op_make(WT_OP_EOF_KEEP_OPEN, 1, 0);
        op->line = c->line;
        rc = WT_OK;
    } else {
        rc = wts_op_now(c, w + rest, n - rest, op);
    }
    if (rc != WT_OK) {
        return rc;
    }
    op->on = (uint8_t)on;
    if (wt_op_validate(op) != WT_OK) {
        return wts_fail(c, "on %s: '%s' cannot run inside a callback (only a transport call, "
                           "raise or keep-open)",
                        cb, wt_op_name(op->kind));
    }
    return WT_OK;
}

static int wts_op(const struct wts_ctx *c, char **w, size_t n, struct wt_op *op)
{
    int rc = strcmp(w[0], "on") == 0 ? wts_op_hook(c, w, n, op) : wts_op_now(c, w, n, op);
    if (rc != WT_OK) {
        return rc;
    }
    if (op->kind == WT_OP_RAISE && op->on == WT_ON_NOW) {
        return wts_fail(c, "raise: only inside a callback (usage: on pause: raise)");
    }
    if (wt_op_validate(op) != WT_OK) {
        return wts_fail(c, "%s: invalid arguments (usage: %s)", wt_op_name(op->kind),
                        wts_usage[op->kind]);
    }
    return WT_OK;
}

int wt_wts_parse_line(const char *line, size_t len, const char *filename, uint32_t line_no,
                      struct wt_op *op_out, char *err, size_t err_cap)
{
    struct wts_ctx c = {filename ? filename : "<input>", line_no, err, err_cap};
    char buf[WT_WTS_LINE_MAX + 1];
    char *w[WTS_WORDS_MAX];
    size_t n;
    if (line == NULL || op_out == NULL) {
        return WT_EINVAL;
    }
    int rc = wts_split(&c, line, len, buf, w, &n);
    if (rc != WT_OK) {
        return rc;
    }
    if (n == 0) {
        return WT_ENOENT;
    }
    return wts_op(&c, w, n, op_out);
}

/* ===== 5. header lines and the whole text ============================= */

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

static int wts_name(const struct wts_ctx *c, const char *what, const char *word, char *out)
{
    size_t len = strlen(word);
    if (len == 0 || len >= WT_WTS_NAME_MAX || strspn(word, "abcdefghijklmnopqrstuvwxyz"
                                                           "0123456789-_") != len) {
        return wts_fail(c, "bad %s name '%.*s' (lower-case letters, digits, '-' and '_'; at "
                           "most %d)",
                        what, WTS_SHOW, word, WT_WTS_NAME_MAX - 1);
    }
    memcpy(out, word, len + 1);
    return WT_OK;
}

static int wts_header_profile(const struct wts_ctx *c, char **w, size_t n, struct wt_scenario *s)
{
    if (n < 2) {
        return wts_fail(c, "profile: missing argument (usage: profile NAME [NAME ...])");
    }
    if (n - 1 > WT_WTS_PROFILES_MAX) {
        return wts_fail(c, "profile: too many profiles (at most %d)", WT_WTS_PROFILES_MAX);
    }
    for (size_t i = 1; i < n; i++) {
        const struct wt_profile *p;
        if (wt_profile_find(w[i], &p) != WT_OK) {
            return wts_fail(c, "profile: unknown profile '%.*s' (see: wtkit clauses --help)",
                            WTS_SHOW, w[i]);
        }
        int rc = wts_name(c, "profile", w[i], s->profiles[s->nprofiles]);
        if (rc != WT_OK) {
            return rc;
        }
        s->nprofiles++;
    }
    return WT_OK;
}

/* Returns WT_ENOENT when the line is not a header line. */
static int wts_header(const struct wts_ctx *c, char **w, size_t n, unsigned *seen,
                      struct wt_scenario *s)
{
    static const char *const names[] = {"seed", "profile", "flavor", "steps"};
    size_t h = 0;
    while (h < 4 && strcmp(w[0], names[h]) != 0) {
        h++;
    }
    if (h == 4) {
        return WT_ENOENT;
    }
    if (s->nops > 0) {
        return wts_fail(c, "'%s' is a header line: it must come before the first op", names[h]);
    }
    if (*seen & (1u << h)) {
        return wts_fail(c, "'%s' given twice", names[h]);
    }
    *seen |= 1u << h;
    if (h == 1) {
        return wts_header_profile(c, w, n, s);
    }
    if (n != 2) {
        return wts_fail(c, "%s: %s (usage: %s %s)", names[h],
                        n < 2 ? "missing argument" : "extra argument", names[h],
                        h == 2 ? "NAME" : "N");
    }
    int64_t v;
    int rc;
    switch (h) {
    case 0:
        rc = wts_int(c, w[1], 0, INT64_MAX, "seed", &v);
        s->seed = (uint64_t)v;
        s->has_seed = true;
        return rc;
    case 2:
        return wts_name(c, "flavor", w[1], s->flavor);
    default:
        rc = wts_int(c, w[1], 1, (int64_t)1 << 32, "step bound", &v);
        s->steps_max = (uint64_t)v;
        return rc;
    }
}

static int wts_line(struct wts_ctx *c, const char *line, size_t len, unsigned *seen,
                    struct wt_scenario *s)
{
    char buf[WT_WTS_LINE_MAX + 1];
    char *w[WTS_WORDS_MAX];
    size_t n;
    int rc = wts_split(c, line, len, buf, w, &n);
    if (rc != WT_OK || n == 0) {
        return rc;
    }
    rc = wts_header(c, w, n, seen, s);
    if (rc != WT_ENOENT) {
        return rc;
    }
    struct wt_op op;
    rc = wts_op(c, w, n, &op);
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
    if (rc == WT_OK && s->nops == 0) {
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

/* ===== 6. formatting ================================================== */

static int wts_fmt_time(char *buf, size_t cap, int64_t ns)
{
    for (size_t i = 0; i < sizeof wts_units / sizeof wts_units[0]; i++) {
        uint64_t u = wts_units[i].ns;
        if (ns != 0 && (uint64_t)ns % u == 0) {
            return snprintf(buf, cap, "%llu%s", (unsigned long long)((uint64_t)ns / u),
                            wts_units[i].unit);
        }
    }
    return snprintf(buf, cap, "%lldns", (long long)ns);
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

/* The arguments of an op after its name, with a leading space. */
static int wts_fmt_args(const struct wt_op *op, char *buf, size_t cap)
{
    char t[40];
    long long a = (long long)op->a, b = (long long)op->b;
    switch (op->kind) {
    case WT_OP_WRITE:
    case WT_OP_SOCK_BUFFER:
    case WT_OP_SOCK_CAP:
    case WT_OP_SOCK_DRAIN:
    case WT_OP_SOCK_READ:
    case WT_OP_PEER_SEND:
    case WT_OP_EXPECT_SIZE:
    case WT_OP_EXPECT_PEER:
    case WT_OP_STEP:
        return snprintf(buf, cap, " %lld", a);
    case WT_OP_WRITELINES: {
        size_t used = 0;
        for (unsigned i = 0; i < op->nchunks; i++) {
            int m = snprintf(buf + used, cap > used ? cap - used : 0, " %u", op->chunk[i]);
            used += (size_t)m;
        }
        if (op->nchunks == 0 && cap > 0) {
            buf[0] = '\0';
        }
        return (int)used;
    }
    case WT_OP_SET_LIMITS: {
        char h[32] = "", l[32] = "";
        if (op->flags & WT_OPF_HAS_HIGH) {
            snprintf(h, sizeof h, " high=%lld", a);
        }
        if (op->flags & WT_OPF_HAS_LOW) {
            snprintf(l, sizeof l, " low=%lld", b);
        }
        return snprintf(buf, cap, "%s%s", h, l);
    }
    case WT_OP_EXPECT_LIMITS:
        return snprintf(buf, cap, " low=%lld high=%lld", a, b);
    case WT_OP_EOF_KEEP_OPEN:
    case WT_OP_SOCK_RANDOM:
    case WT_OP_SOCK_HALFCLOSE:
        return snprintf(buf, cap, " %s", a ? "on" : "off");
    case WT_OP_SOCK_FAIL:
        if (op->b == 0) {
            return snprintf(buf, cap, " %s", wt_err_name((int)a));
        }
        wts_fmt_time(t, sizeof t, op->b);
        return snprintf(buf, cap, " %s at %s", wt_err_name((int)a), t);
    case WT_OP_ADVANCE:
        wts_fmt_time(t, sizeof t, op->a);
        return snprintf(buf, cap, " %s", t);
    case WT_OP_EXPECT_STATE:
        return snprintf(buf, cap, " %s", wt_expect_state_name((int)a));
    case WT_OP_EXPECT_ERROR: {
        const char *word = wts_err_word((int)a);
        return word ? snprintf(buf, cap, " %s", word) : WT_EINVAL;
    }
    case WT_OP_EXPECT_CLAUSE: {
        const struct wt_clause *cl = wt_catalog_at((size_t)a);
        return cl ? snprintf(buf, cap, " %s %s", cl->id, wts_verdict_words[b]) : WT_EINVAL;
    }
    default:
        if (cap > 0) {
            buf[0] = '\0';
        }
        return 0;
    }
}

int wt_wts_format_op(const struct wt_op *op, char *buf, size_t cap)
{
    if (wt_op_validate(op) != WT_OK || (buf == NULL && cap > 0)) {
        return WT_EINVAL;
    }
    char prefix[32] = "";
    if (op->on != WT_ON_NOW) {
        snprintf(prefix, sizeof prefix, "on %s: ", wt_cb_word(op->on - 1));
        if (op->kind == WT_OP_EOF_KEEP_OPEN && op->a == 1) {
            return snprintf(buf, cap, "%skeep-open", prefix);
        }
    }
    char args[WT_WTS_OP_TEXT_MAX];
    int n = wts_fmt_args(op, args, sizeof args);
    if (n < 0) {
        return n;
    }
    return snprintf(buf, cap, "%s%s%s", prefix, wt_op_name(op->kind), args);
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

int wt_wts_format(const struct wt_scenario *s, char *buf, size_t cap)
{
    size_t used = 0;
    if (s == NULL || (buf == NULL && cap > 0)) {
        return WT_EINVAL;
    }
    if (cap > 0) {
        buf[0] = '\0';
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
