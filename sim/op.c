/* SPDX-License-Identifier: MIT */
/*
 * op.c - the op schema (every op kind's words and arguments), the names of
 * methods and callbacks, and op validation.
 *
 * The schema is the one place an op's shape is written down, the way
 * SQLite keeps its system calls in one table: the .wts parser and
 * formatter (conformance/wts.c), wt_op_validate below, the generator's
 * hook rules (sim/gen.c) and the OP events' trace text (sim/trace.c) read
 * it, so none of them can drift from the others.
 */
#include <stdbool.h>

#include <string.h>

#include "wt/errors.h"
#include "wt/op.h"
#include "wt/sock.h"

/* ===== the schema ======================================================= */

/* Rows are indexed by kind, so a reordered enum cannot shift them. */
#define OP_ARG(name, unit, type, form, slot, flags, has, min, max)                          \
    {                                                                                       \
        name, unit, WT_ARG_##type, WT_ARG_##form, WT_SLOT_##slot, flags, has, min, max, NULL \
    }
/* A CHOICE argument in slot a: its words, `|`-separated, and how many there are. */
#define OP_CHOICE(name, words, count)                                                      \
    {                                                                                       \
        name, "", WT_ARG_CHOICE, WT_ARG_POSITIONAL, WT_SLOT_A, 0, 0, 0, (count) - 1, words  \
    }
/* The argument kind (`as KIND`, op.h): optional, tagged, in slot b; 0 is bytes / list. */
#define OP_KIND(words, count)                                                              \
    {                                                                                       \
        "as", "", WT_ARG_CHOICE, WT_ARG_TAGGED, WT_SLOT_B, WT_ARG_OPTIONAL, 0, 0, (count) - 1, \
            words                                                                           \
    }
/* The kinds' words, `|`-separated, in their enums' order (op_kinds_check counts them). */
#define OP_WRITE_KIND_WORD(name, word, doc) "|" word
#define OP_WRITE_KINDS (&(WT_WRITE_KIND_MAP(OP_WRITE_KIND_WORD))[1]) /* past the first `|` */
#define OP_LINES_KINDS (&(WT_LINES_KIND_MAP(OP_WRITE_KIND_WORD))[1])
#define OP_BYTES(name, max) OP_ARG(name, "bytes", BYTES, POSITIONAL, A, 0, 0, 0, max)
#define OP_SWITCH OP_ARG("enabled", "", ONOFF, POSITIONAL, A, 0, 0, 0, 1)
#define OP_LIMIT(name, slot, flags, has)                                                   \
    OP_ARG(name, "bytes", LIMIT, KEYWORD, slot, flags, has, -WT_OP_LIMIT_MAX, WT_OP_LIMIT_MAX)
#define OP_NONE 0, {{0}}

static const struct wt_op_schema op_schema[WT_OP_COUNT] = {
    /* transport calls */
    [WT_OP_WRITE] = {"write", "write(data), data.nbytes = n; n = 0 is write(b'')", "",
                     WT_PLACE_ANY, 2,
                     {OP_BYTES("n", WT_OP_WRITE_MAX), OP_KIND(OP_WRITE_KINDS,
                                                              WT_WRITE_KIND_COUNT)}},
    [WT_OP_WRITELINES] = {"writelines", "writelines(...) with these chunk lengths",
                          "(at most 8 chunks)", WT_PLACE_ANY, 2,
                          {OP_ARG("chunks", "bytes", CHUNKS, POSITIONAL, CHUNKS, 0, 0, 0,
                                  WT_OP_WRITE_MAX),
                           OP_KIND(OP_LINES_KINDS, WT_LINES_KIND_COUNT)}},
    [WT_OP_WRITE_EOF] = {"write_eof", "write_eof()", "", WT_PLACE_ANY, OP_NONE},
    [WT_OP_CAN_WRITE_EOF] = {"can_write_eof", "can_write_eof()", "", WT_PLACE_ANY, OP_NONE},
    [WT_OP_ABORT] = {"abort", "abort()", "", WT_PLACE_ANY, OP_NONE},
    [WT_OP_CLOSE] = {"close", "close()", "", WT_PLACE_ANY, OP_NONE},
    [WT_OP_IS_CLOSING] = {"is_closing", "is_closing()", "", WT_PLACE_ANY, OP_NONE},
    [WT_OP_GET_SIZE] = {"get_write_buffer_size", "get_write_buffer_size()", "", WT_PLACE_ANY,
                        OP_NONE},
    [WT_OP_GET_LIMITS] = {"get_write_buffer_limits", "get_write_buffer_limits()", "",
                          WT_PLACE_ANY, OP_NONE},
    [WT_OP_SET_LIMITS] = {"set_write_buffer_limits",
                          "set_write_buffer_limits(high, low); one left out is None", "",
                          WT_PLACE_ANY, 2,
                          {OP_LIMIT("high", A, WT_ARG_OPTIONAL | WT_ARG_NONE_OK, WT_OPF_HAS_HIGH),
                           OP_LIMIT("low", B, WT_ARG_OPTIONAL | WT_ARG_NONE_OK, WT_OPF_HAS_LOW)}},
    /* protocol behaviour */
    [WT_OP_RAISE] = {"raise", "the callback it is armed on raises", "", WT_PLACE_HOOK, OP_NONE},
    [WT_OP_EOF_KEEP_OPEN] = {"eof_keep_open", "eof_received() returns True (on) or None",
                             "", WT_PLACE_ANY, 1, {OP_SWITCH}},
    /* the fake socket */
    [WT_OP_SOCK_BUFFER] = {"sock buffer", "the kernel send buffer's size", "", WT_PLACE_NOW, 1,
                           {OP_BYTES("size", WT_OP_BYTES_MAX)}},
    [WT_OP_SOCK_CAP] = {"sock cap", "the most one send accepts (0: no cap)", "", WT_PLACE_NOW,
                        1, {OP_BYTES("cap", WT_OP_BYTES_MAX)}},
    [WT_OP_SOCK_DRAIN] = {"sock drain", "the peer reads rate bytes per virtual ms", "",
                          WT_PLACE_NOW, 1,
                          {OP_ARG("rate", "bytes/ms", RATE, POSITIONAL, A, 0, 0, 0,
                                  WT_OP_BYTES_MAX)}},
    [WT_OP_SOCK_READ] = {"sock read", "the peer reads n bytes now", "", WT_PLACE_NOW, 1,
                         {OP_BYTES("n", WT_OP_BYTES_MAX)}},
    [WT_OP_SOCK_BLOCK] = {"sock block", "every send would block (EAGAIN)", "", WT_PLACE_NOW,
                          OP_NONE},
    [WT_OP_SOCK_OPEN] = {"sock open", "every send accepts everything", "", WT_PLACE_NOW,
                         OP_NONE},
    [WT_OP_SOCK_RANDOM] = {"sock random", "accepted amounts drawn from the seeded PRNG", "",
                           WT_PLACE_NOW, 1, {OP_SWITCH}},
    [WT_OP_SOCK_FAIL] = {"sock fail", "the next send from time at on fails, and every later one",
                         "", WT_PLACE_NOW, 2,
                         {OP_ARG("error", "", ERRNO, POSITIONAL, A, 0, 0, WT_ECONNRESET,
                                 WT_EPIPE),
                          OP_ARG("at", "ns", TIME, TAGGED, B, WT_ARG_OPTIONAL, 0, 0,
                                 WT_OP_TIME_MAX)}},
    [WT_OP_SOCK_SPURIOUS] = {"sock spurious", "one writable wake-up that cannot send", "",
                             WT_PLACE_NOW, OP_NONE},
    [WT_OP_SOCK_HALFCLOSE] = {"sock halfclose", "whether shutdown(SHUT_WR) is supported", "",
                              WT_PLACE_NOW, 1, {OP_SWITCH}},
    /* the peer */
    [WT_OP_PEER_SEND] = {"peer send", "the peer sends n bytes to the transport", "",
                         WT_PLACE_NOW, 1, {OP_BYTES("n", WT_OP_BYTES_MAX)}},
    [WT_OP_PEER_EOF] = {"peer eof", "the peer half-closes (FIN)", "", WT_PLACE_NOW, OP_NONE},
    [WT_OP_PEER_CLOSE] = {"peer close", "the peer closes; later sends fail", "", WT_PLACE_NOW,
                          OP_NONE},
    /* the loop */
    [WT_OP_STEP] = {"step", "run count loop iterations", "", WT_PLACE_NOW, 1,
                    {OP_ARG("count", "iterations", COUNT, POSITIONAL, A, 0, 0, 0,
                            WT_OP_STEPS_MAX)}},
    [WT_OP_RUN] = {"run", "run until idle", "", WT_PLACE_NOW, OP_NONE},
    [WT_OP_ADVANCE] = {"advance", "move the clock forward and run what became due",
                       "(e.g. 5ms; units ns, us, ms, s)", WT_PLACE_NOW, 1,
                       {OP_ARG("ns", "ns", TIME, POSITIONAL, A, 0, 0, 0, WT_OP_TIME_MAX)}},
    /* expectations */
    [WT_OP_EXPECT_SIZE] = {"expect size", "get_write_buffer_size() is size", "", WT_PLACE_NOW,
                           1, {OP_BYTES("size", WT_OP_TOTAL_MAX)}},
    [WT_OP_EXPECT_LIMITS] = {"expect limits", "get_write_buffer_limits() is (low, high)", "",
                             WT_PLACE_NOW, 2,
                             {OP_LIMIT("low", A, 0, 0), OP_LIMIT("high", B, 0, 0)}},
    [WT_OP_EXPECT_STATE] = {"expect", "the state holds (paused, lost, closing, ...)",
                            "(or: expect size, limits, error, peer, clause)", WT_PLACE_NOW, 1,
                            {OP_ARG("state", "", STATE, POSITIONAL, A, 0, 0, 0,
                                    WT_EXPECT_COUNT - 1)}},
    [WT_OP_EXPECT_ERROR] = {"expect error", "the last transport call's status",
                            "(ValueError, RuntimeError, ..., none)", WT_PLACE_NOW, 1,
                            {OP_ARG("status", "", STATUS, POSITIONAL, A, 0, 0, WT_OP_STATUS_MIN,
                                    0)}},
    [WT_OP_EXPECT_PEER] = {"expect peer", "the socket has accepted total bytes in all", "",
                           WT_PLACE_NOW, 1, {OP_BYTES("total", WT_OP_TOTAL_MAX)}},
    /* the later additions */
    [WT_OP_SOCK_BUDGET] = {"sock budget",
                           "the most all sends accept together in one loop iteration (0: none)",
                           "", WT_PLACE_NOW, 1, {OP_BYTES("budget", WT_OP_BYTES_MAX)}},
    [WT_OP_PRODUCE] = {"produce",
                       "count writes of size bytes; while paused, one loop iteration at a time",
                       "", WT_PLACE_NOW, 2,
                       {OP_ARG("count", "writes", COUNT, POSITIONAL, A, 0, 0, 0,
                               WT_OP_PRODUCE_MAX),
                        OP_ARG("size", "bytes", BYTES, POSITIONAL, B, 0, 0, 0,
                               WT_OP_WRITE_MAX)}},
    [WT_OP_LOOP_ORDER] = {"loop order",
                          "ready I/O runs after (asyncio) or before the callbacks already queued",
                          "", WT_PLACE_NOW, 1,
                          {OP_CHOICE("order", "callbacks-first|io-first", 2)}},
    [WT_OP_SOCK_SENDMSG] = {"sock sendmsg", "whether the socket has sendmsg (off: the send path)",
                            "", WT_PLACE_NOW, 1, {OP_SWITCH}},
    [WT_OP_SOCK_IOVMAX] = {"sock iovmax", "IOV_MAX: the most buffers one sendmsg takes", "",
                           WT_PLACE_NOW, 1,
                           {OP_ARG("iov_max", "buffers", COUNT, POSITIONAL, A, 0, 0, 1,
                                   WT_SOCK_IOV_MAX)}},
    [WT_OP_SOCK_SENDZERO] = {"sock sendzero",
                             "a send that would block returns 0 (on) or raises EAGAIN (off)", "",
                             WT_PLACE_NOW, 1, {OP_SWITCH}},
    [WT_OP_SOCK_EAGAIN] = {"sock eagain",
                           "the next writable wake-up's first send fails with EAGAIN", "",
                           WT_PLACE_NOW, OP_NONE},
    [WT_OP_SOCK_WATCHFAIL] = {"sock watchfail",
                              "the next add_writer (write) or add_reader (read) raises OSError",
                              "", WT_PLACE_NOW, 1, {OP_CHOICE("watch", "write|read", 2)}},
    /* The verdict's bound is WT_VERDICT_COUNT - 1 (spec.h, above this layer). */
    [WT_OP_EXPECT_CLAUSE] = {"expect clause", "the monitor's verdict on the clause at the end",
                             "", WT_PLACE_NOW, 2,
                             {OP_ARG("clause", "", CLAUSE, POSITIONAL, A, 0, 0, 0, 65535),
                              OP_ARG("verdict", "", VERDICT, POSITIONAL, B, 0, 0, 0, 3)}},
};

const struct wt_op_schema *wt_op_schema_at(int kind)
{
    return kind >= 0 && kind < WT_OP_COUNT ? &op_schema[kind] : NULL;
}

static int op_blank(char ch) { return ch == ' ' || ch == '\t'; }

/*
 * The name table: every kind, in the order of its words (strcmp). The .wts
 * parser finds an op with a binary search on the first word, then the
 * longest match among the few ops that share it ("sock ..."), instead of
 * trying every op on every line. A kind missing here, or out of order,
 * would not be found: test_wts parses every kind's own words back.
 */
static const uint8_t op_by_name[] = {
    WT_OP_ABORT,           WT_OP_ADVANCE,         WT_OP_CAN_WRITE_EOF,   WT_OP_CLOSE,
    WT_OP_EOF_KEEP_OPEN,   WT_OP_EXPECT_STATE,    WT_OP_EXPECT_CLAUSE,   WT_OP_EXPECT_ERROR,
    WT_OP_EXPECT_LIMITS,   WT_OP_EXPECT_PEER,     WT_OP_EXPECT_SIZE,     WT_OP_GET_LIMITS,
    WT_OP_GET_SIZE,        WT_OP_IS_CLOSING,      WT_OP_LOOP_ORDER,      WT_OP_PEER_CLOSE,
    WT_OP_PEER_EOF,        WT_OP_PEER_SEND,       WT_OP_PRODUCE,         WT_OP_RAISE,
    WT_OP_RUN,             WT_OP_SET_LIMITS,      WT_OP_SOCK_BLOCK,      WT_OP_SOCK_BUDGET,
    WT_OP_SOCK_BUFFER,     WT_OP_SOCK_CAP,        WT_OP_SOCK_DRAIN,      WT_OP_SOCK_EAGAIN,
    WT_OP_SOCK_FAIL,       WT_OP_SOCK_HALFCLOSE,  WT_OP_SOCK_IOVMAX,     WT_OP_SOCK_OPEN,
    WT_OP_SOCK_RANDOM,     WT_OP_SOCK_READ,       WT_OP_SOCK_SENDMSG,    WT_OP_SOCK_SENDZERO,
    WT_OP_SOCK_SPURIOUS,   WT_OP_SOCK_WATCHFAIL,  WT_OP_STEP,            WT_OP_WRITE,
    WT_OP_WRITE_EOF,       WT_OP_WRITELINES,
};

_Static_assert(sizeof op_by_name == WT_OP_COUNT, "every op kind has a place in op_by_name");

/*
 * strcmp of word `which` (0 or 1) of words against text[0, n) (one word,
 * no blank): < 0, 0 or > 0. A missing word compares below every word.
 */
static int op_word_cmp(const char *words, int which, const char *text, size_t n)
{
    if (which == 1) {
        const char *sp = strchr(words, ' ');
        if (sp == NULL) {
            return -1;
        }
        words = sp + 1;
    }
    size_t i = 0;
    for (; i < n && words[i] != '\0' && words[i] != ' '; i++) {
        if (words[i] != text[i]) {
            return (unsigned char)words[i] < (unsigned char)text[i] ? -1 : 1;
        }
    }
    bool words_end = words[i] == '\0' || words[i] == ' ';
    return i == n ? (words_end ? 0 : 1) : -1;
}

/* The first index in [lo, hi) whose word `which` is not below the text's word. */
static size_t op_lower(size_t lo, size_t hi, int which, const char *text, size_t n)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (op_word_cmp(op_schema[op_by_name[mid]].words, which, text, n) < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* The first index in [lo, hi) whose word `which` is above the text's word. */
static size_t op_upper(size_t lo, size_t hi, int which, const char *text, size_t n)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (op_word_cmp(op_schema[op_by_name[mid]].words, which, text, n) <= 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/*
 * Every op is one or two words, so a lookup is a binary search on the
 * first word, then one on the second among the ops that share the first;
 * the longest match wins ("expect size" over "expect").
 */
int wt_op_kind_find(const char *text, size_t len, size_t *consumed)
{
    int best = WT_ENOENT;
    size_t best_len = 0;
    if (text == NULL) {
        return WT_ENOENT;
    }
    size_t n = 0;
    while (n < len && !op_blank(text[n])) {
        n++;
    }
    size_t lo = op_lower(0, sizeof op_by_name, 0, text, n);
    size_t hi = op_upper(lo, sizeof op_by_name, 0, text, n);
    if (lo == hi) {
        if (consumed != NULL) {
            *consumed = 0;
        }
        return WT_ENOENT;
    }
    /* The one-word op sorts first among those that share its word. */
    if (strchr(op_schema[op_by_name[lo]].words, ' ') == NULL) {
        best = op_by_name[lo];
        best_len = n;
    }
    size_t at = n;
    while (at < len && op_blank(text[at])) {
        at++;
    }
    size_t n2 = 0;
    while (at + n2 < len && !op_blank(text[at + n2])) {
        n2++;
    }
    if (at > n && n2 > 0) {
        size_t k = op_lower(lo, hi, 1, text + at, n2);
        if (k < hi && op_word_cmp(op_schema[op_by_name[k]].words, 1, text + at, n2) == 0) {
            best = op_by_name[k];
            best_len = at + n2;
        }
    }
    if (consumed != NULL) {
        *consumed = best_len;
    }
    return best;
}

/* ===== choices ========================================================== */

const char *wt_op_choice_word(const struct wt_op_arg *arg, int64_t v, size_t *len_out)
{
    if (arg == NULL || arg->type != WT_ARG_CHOICE || arg->choices == NULL || v < arg->min ||
        v > arg->max) {
        return NULL;
    }
    const char *p = arg->choices;
    /* Bounded by the schema's max: one separator per word skipped. */
    for (int64_t i = 0; i < v && p != NULL; i++) {
        p = strchr(p, '|');
        p = p == NULL ? NULL : p + 1;
    }
    if (p == NULL) {
        return NULL;
    }
    const char *end = strchr(p, '|');
    *len_out = end == NULL ? strlen(p) : (size_t)(end - p);
    return p;
}

int64_t wt_op_choice_find(const struct wt_op_arg *arg, const char *word, size_t len)
{
    for (int64_t v = arg == NULL ? 1 : arg->min; arg != NULL && v <= arg->max; v++) {
        size_t n = 0;
        const char *w = wt_op_choice_word(arg, v, &n);
        if (w != NULL && n == len && memcmp(w, word, len) == 0) {
            return v;
        }
    }
    return -1;
}

/* ===== names ============================================================ */

static const char *const method_names[WT_METHOD_COUNT] = {
#define WT_METHOD_NAME(name, str) str,
    WT_METHOD_MAP(WT_METHOD_NAME)
#undef WT_METHOD_NAME
};

static const char *const cb_names[WT_CB_COUNT] = {
#define WT_CB_NAME(name, str, word) str,
    WT_CB_MAP(WT_CB_NAME)
#undef WT_CB_NAME
};

static const char *const cb_words[WT_CB_COUNT] = {
#define WT_CB_WORD(name, str, word) word,
    WT_CB_MAP(WT_CB_WORD)
#undef WT_CB_WORD
};

static const char *const expect_names[WT_EXPECT_COUNT] = {
#define WT_EXPECT_NAME(name, word, doc) word,
    WT_EXPECT_STATE_MAP(WT_EXPECT_NAME)
#undef WT_EXPECT_NAME
};

const char *wt_op_name(int kind)
{
    return kind >= 0 && kind < WT_OP_COUNT ? op_schema[kind].words : NULL;
}

const char *wt_method_name(int method)
{
    return method >= 0 && method < WT_METHOD_COUNT ? method_names[method] : NULL;
}

const char *wt_cb_name(int cb) { return cb >= 0 && cb < WT_CB_COUNT ? cb_names[cb] : NULL; }

const char *wt_cb_word(int cb) { return cb >= 0 && cb < WT_CB_COUNT ? cb_words[cb] : NULL; }

const char *wt_expect_state_name(int state)
{
    return state >= 0 && state < WT_EXPECT_COUNT ? expect_names[state] : NULL;
}

/* ===== validation ======================================================= */

static int op_arg_ok(const struct wt_op *op, const struct wt_op_arg *arg)
{
    if (arg->slot != WT_SLOT_CHUNKS) {
        int64_t v = arg->slot == WT_SLOT_A ? op->a : op->b;
        return v >= arg->min && v <= arg->max;
    }
    if (op->nchunks > WT_OP_CHUNKS_MAX) {
        return 0;
    }
    int64_t sum = 0;
    for (unsigned i = 0; i < op->nchunks; i++) {
        if ((int64_t)op->chunk[i] < arg->min || (int64_t)op->chunk[i] > arg->max) {
            return 0;
        }
        sum += op->chunk[i];
    }
    /* The world materialises the whole call, so the bound holds for the sum too. */
    return sum <= arg->max;
}

int wt_op_validate(const struct wt_op *op)
{
    if (op == NULL || op->kind >= WT_OP_COUNT || op->on >= WT_ON_COUNT) {
        return WT_EINVAL;
    }
    const struct wt_op_schema *s = &op_schema[op->kind];
    unsigned has_flags = 0;
    int chunks = 0;
    for (unsigned i = 0; i < s->nargs; i++) {
        if (!op_arg_ok(op, &s->args[i])) {
            return WT_EINVAL;
        }
        has_flags |= s->args[i].has_flag;
        chunks |= s->args[i].slot == WT_SLOT_CHUNKS;
    }
    if ((!chunks && op->nchunks != 0) || (op->flags & ~has_flags) != 0) {
        return WT_EINVAL;
    }
    if ((s->place == WT_PLACE_NOW && op->on != WT_ON_NOW) ||
        (s->place == WT_PLACE_HOOK && op->on == WT_ON_NOW)) {
        return WT_EINVAL;
    }
    return WT_OK;
}
