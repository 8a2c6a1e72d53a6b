/* SPDX-License-Identifier: MIT */
/*
 * op.h - the one representation of everything a world can be told to do.
 *
 * A .wts script line, a fuzz input's bytes and a seeded generator all end
 * up as a sequence of struct wt_op values, and the world executes nothing
 * else. An op is a small plain value (no pointers), so sequences can be
 * copied, hashed, shrunk and sent over a wire.
 *
 * The transport-call ops come first and share their numbers with enum
 * wt_method, so an op that calls the transport names its method directly.
 */
#ifndef WT_OP_H
#define WT_OP_H

#include <stddef.h>
#include <stdint.h>

/* The contract's methods, as they appear in CALL/RETURN trace events. */
#define WT_METHOD_MAP(XX)                                    \
    XX(WRITE, "write")                                       \
    XX(WRITELINES, "writelines")                             \
    XX(WRITE_EOF, "write_eof")                               \
    XX(CAN_WRITE_EOF, "can_write_eof")                       \
    XX(ABORT, "abort")                                       \
    XX(CLOSE, "close")                                       \
    XX(IS_CLOSING, "is_closing")                             \
    XX(GET_SIZE, "get_write_buffer_size")                    \
    XX(GET_LIMITS, "get_write_buffer_limits")                \
    XX(SET_LIMITS, "set_write_buffer_limits")

enum wt_method {
#define WT_METHOD_ENUM(name, str) WT_METHOD_##name,
    WT_METHOD_MAP(WT_METHOD_ENUM)
#undef WT_METHOD_ENUM
    WT_METHOD_COUNT
};

/* The protocol's callbacks, as they appear in CALLBACK trace events. */
#define WT_CB_MAP(XX)                           \
    XX(MADE, "connection_made", "made")         \
    XX(PAUSE, "pause_writing", "pause")         \
    XX(RESUME, "resume_writing", "resume")      \
    XX(DATA, "data_received", "data")           \
    XX(EOF, "eof_received", "eof")              \
    XX(LOST, "connection_lost", "lost")

enum wt_cb {
#define WT_CB_ENUM(name, str, word) WT_CB_##name,
    WT_CB_MAP(WT_CB_ENUM)
#undef WT_CB_ENUM
    WT_CB_COUNT
};

/*
 * XX(NAME, "wts words", argument summary). The words are the .wts spelling
 * (conformance/wts.c parses them); the summary documents a and b.
 */
#define WT_OP_MAP(XX)                                                              \
    /* transport calls: numbers equal enum wt_method */                            \
    XX(WRITE, "write", "a = length in bytes (0 is write(b''))")                    \
    XX(WRITELINES, "writelines", "nchunks, chunk[] = chunk lengths")               \
    XX(WRITE_EOF, "write_eof", "-")                                                \
    XX(CAN_WRITE_EOF, "can_write_eof", "-")                                        \
    XX(ABORT, "abort", "-")                                                        \
    XX(CLOSE, "close", "-")                                                        \
    XX(IS_CLOSING, "is_closing", "-")                                              \
    XX(GET_SIZE, "get_write_buffer_size", "-")                                     \
    XX(GET_LIMITS, "get_write_buffer_limits", "-")                                 \
    XX(SET_LIMITS, "set_write_buffer_limits", "a = high, b = low, flags HAS_*")    \
    /* protocol behaviour (useful as hook actions) */                              \
    XX(RAISE, "raise", "the callback fails (raises)")                              \
    XX(EOF_KEEP_OPEN, "eof_keep_open", "a = 1: eof_received returns true")         \
    /* the fake socket's schedule and faults */                                    \
    XX(SOCK_BUFFER, "sock buffer", "a = kernel send buffer in bytes")              \
    XX(SOCK_CAP, "sock cap", "a = most bytes one send accepts (0 = no cap)")       \
    XX(SOCK_DRAIN, "sock drain", "a = bytes the peer reads per virtual ms")        \
    XX(SOCK_READ, "sock read", "a = bytes the peer reads now")                     \
    XX(SOCK_BLOCK, "sock block", "every send would block (EAGAIN)")                \
    XX(SOCK_OPEN, "sock open", "every send accepts everything")                    \
    XX(SOCK_RANDOM, "sock random", "a = 1: accepted amounts drawn from the PRNG")  \
    XX(SOCK_FAIL, "sock fail", "a = WT_EPIPE or WT_ECONNRESET, b = at time ns")    \
    XX(SOCK_SPURIOUS, "sock spurious", "one writable wake-up that cannot send")    \
    XX(SOCK_HALFCLOSE, "sock halfclose", "a = 1: shutdown(SHUT_WR) supported")     \
    /* the peer */                                                                 \
    XX(PEER_SEND, "peer send", "a = bytes the peer sends to the transport")        \
    XX(PEER_EOF, "peer eof", "the peer half-closes (FIN)")                         \
    XX(PEER_CLOSE, "peer close", "the peer closes; later sends fail")              \
    /* the loop */                                                                 \
    XX(STEP, "step", "a = loop iterations")                                        \
    XX(RUN, "run", "run until idle")                                               \
    XX(ADVANCE, "advance", "a = virtual nanoseconds")                              \
    /* expectations, checked when executed */                                      \
    XX(EXPECT_SIZE, "expect size", "a = get_write_buffer_size()")                  \
    XX(EXPECT_LIMITS, "expect limits", "a = low, b = high")                        \
    XX(EXPECT_STATE, "expect", "a = enum wt_expect_state")                         \
    XX(EXPECT_ERROR, "expect error", "a = the last call's status (WT_OK or code)") \
    XX(EXPECT_PEER, "expect peer", "a = bytes the peer has received")              \
    XX(EXPECT_CLAUSE, "expect clause", "a = clause index, b = enum wt_verdict_status")

enum wt_op_kind {
#define WT_OP_ENUM(name, words, doc) WT_OP_##name,
    WT_OP_MAP(WT_OP_ENUM)
#undef WT_OP_ENUM
    WT_OP_COUNT
};

/* What `expect <state>` checks (EXPECT_STATE's a). */
#define WT_EXPECT_STATE_MAP(XX)                              \
    XX(PAUSED, "paused", "the protocol is paused")           \
    XX(RESUMED, "resumed", "the protocol is not paused")     \
    XX(LOST, "lost", "connection_lost has been called")      \
    XX(NOT_LOST, "not-lost", "connection_lost has not")      \
    XX(CLOSING, "closing", "is_closing() is true")           \
    XX(NOT_CLOSING, "not-closing", "is_closing() is false")  \
    XX(EOF_SENT, "fin", "the peer has received FIN")         \
    XX(CAN_EOF, "can-eof", "can_write_eof() is true")        \
    XX(CANNOT_EOF, "cannot-eof", "can_write_eof() is false")

enum wt_expect_state {
#define WT_EXPECT_ENUM(name, word, doc) WT_EXPECT_##name,
    WT_EXPECT_STATE_MAP(WT_EXPECT_ENUM)
#undef WT_EXPECT_ENUM
    WT_EXPECT_COUNT
};

/* When an op runs: now, or armed as a one-shot hook on a callback. */
enum wt_on {
    WT_ON_NOW = 0,
    WT_ON_MADE,   /* inside connection_made */
    WT_ON_PAUSE,  /* inside pause_writing */
    WT_ON_RESUME, /* inside resume_writing */
    WT_ON_DATA,   /* inside data_received */
    WT_ON_EOF,    /* inside eof_received */
    WT_ON_LOST,   /* inside connection_lost */
    WT_ON_COUNT
};

/* SET_LIMITS flags: which of high / low is given ("None" otherwise). */
#define WT_OPF_HAS_HIGH 0x01u
#define WT_OPF_HAS_LOW 0x02u

/* writelines takes at most this many chunks in one op. */
#define WT_OP_CHUNKS_MAX 8

struct wt_op {
    uint8_t kind;    /* enum wt_op_kind */
    uint8_t on;      /* enum wt_on */
    uint8_t flags;   /* WT_OPF_* */
    uint8_t nchunks; /* WRITELINES only */
    uint32_t line;   /* source line for messages (0 = none) */
    int64_t a;
    int64_t b;
    uint32_t chunk[WT_OP_CHUNKS_MAX];
};

/* Numbers of the largest arguments the kit accepts (bad input beyond). */
#define WT_OP_BYTES_MAX ((int64_t)1 << 32)  /* one write, one peer send */
#define WT_OP_STEPS_MAX ((int64_t)1 << 24)  /* one step op */
#define WT_OP_TIME_MAX ((int64_t)1 << 50)   /* ns, about 13 days */
#define WT_OP_LIMIT_MAX ((int64_t)1 << 40)  /* |high|, |low| */

/* The .wts words of a kind ("sock cap"), or NULL when out of range. */
const char *wt_op_name(int kind);
const char *wt_method_name(int method);
const char *wt_cb_name(int cb);      /* "pause_writing" */
const char *wt_cb_word(int cb);      /* "pause" */
const char *wt_expect_state_name(int state);

/* True when kind is a call of the transport (WRITE .. SET_LIMITS). */
static inline int wt_op_is_call(int kind) { return kind >= 0 && kind < WT_METHOD_COUNT; }

/*
 * Checks an op's fields against its kind: ranges, nchunks, hook placement
 * (only calls, RAISE and EOF_KEEP_OPEN may be armed on a callback).
 * Returns WT_OK or WT_EINVAL.
 */
int wt_op_validate(const struct wt_op *op);

/* A zeroed op of the given kind. */
static inline struct wt_op wt_op_make(int kind, int64_t a, int64_t b)
{
    struct wt_op op = {0};
    op.kind = (uint8_t)kind;
    op.a = a;
    op.b = b;
    return op;
}

#endif
