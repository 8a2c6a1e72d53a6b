/* SPDX-License-Identifier: MIT */
/*
 * op.c - names of ops, methods and callbacks, and op validation.
 */
#include "wt/errors.h"
#include "wt/op.h"

static const char *const op_names[WT_OP_COUNT] = {
#define WT_OP_NAME(name, words, doc) words,
    WT_OP_MAP(WT_OP_NAME)
#undef WT_OP_NAME
};

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
    return kind >= 0 && kind < WT_OP_COUNT ? op_names[kind] : NULL;
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

static int op_in(int64_t v, int64_t lo, int64_t hi) { return v >= lo && v <= hi; }

static int op_validate_args(const struct wt_op *op)
{
    switch (op->kind) {
    case WT_OP_WRITE:
    case WT_OP_PEER_SEND:
    case WT_OP_SOCK_BUFFER:
    case WT_OP_SOCK_CAP:
    case WT_OP_SOCK_DRAIN:
    case WT_OP_SOCK_READ:
        return op_in(op->a, 0, WT_OP_BYTES_MAX);
    case WT_OP_WRITELINES:
        for (unsigned i = 0; i < op->nchunks; i++) {
            if (op->chunk[i] > (uint32_t)1 << 30) {
                return 0;
            }
        }
        return op->nchunks <= WT_OP_CHUNKS_MAX;
    case WT_OP_SET_LIMITS:
        return (op->flags & ~(WT_OPF_HAS_HIGH | WT_OPF_HAS_LOW)) == 0 &&
               op_in(op->a, -WT_OP_LIMIT_MAX, WT_OP_LIMIT_MAX) &&
               op_in(op->b, -WT_OP_LIMIT_MAX, WT_OP_LIMIT_MAX);
    case WT_OP_EOF_KEEP_OPEN:
    case WT_OP_SOCK_RANDOM:
    case WT_OP_SOCK_HALFCLOSE:
        return op_in(op->a, 0, 1);
    case WT_OP_SOCK_FAIL:
        return (op->a == WT_EPIPE || op->a == WT_ECONNRESET) && op_in(op->b, 0, WT_OP_TIME_MAX);
    case WT_OP_STEP:
        return op_in(op->a, 0, WT_OP_STEPS_MAX);
    case WT_OP_ADVANCE:
        return op_in(op->a, 0, WT_OP_TIME_MAX);
    case WT_OP_EXPECT_STATE:
        return op_in(op->a, 0, WT_EXPECT_COUNT - 1);
    case WT_OP_EXPECT_SIZE:
    case WT_OP_EXPECT_PEER:
        return op_in(op->a, 0, WT_OP_BYTES_MAX * 64);
    case WT_OP_EXPECT_LIMITS:
        return op_in(op->a, -WT_OP_LIMIT_MAX, WT_OP_LIMIT_MAX) &&
               op_in(op->b, -WT_OP_LIMIT_MAX, WT_OP_LIMIT_MAX);
    case WT_OP_EXPECT_ERROR:
        return op_in(op->a, -1000, 0);
    case WT_OP_EXPECT_CLAUSE:
        return op_in(op->a, 0, 65535) && op_in(op->b, 0, 3);
    default:
        return 1;
    }
}

int wt_op_validate(const struct wt_op *op)
{
    if (op == NULL || op->kind >= WT_OP_COUNT || op->on >= WT_ON_COUNT) {
        return WT_EINVAL;
    }
    if (op->kind != WT_OP_WRITELINES && op->nchunks != 0) {
        return WT_EINVAL;
    }
    if (op->kind != WT_OP_SET_LIMITS && op->flags != 0) {
        return WT_EINVAL;
    }
    if (op->on != WT_ON_NOW && !wt_op_is_call(op->kind) && op->kind != WT_OP_RAISE &&
        op->kind != WT_OP_EOF_KEEP_OPEN) {
        return WT_EINVAL;
    }
    if (op->kind == WT_OP_RAISE && op->on == WT_ON_NOW) {
        return WT_EINVAL;
    }
    return op_validate_args(op) ? WT_OK : WT_EINVAL;
}
