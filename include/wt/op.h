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
 * The op kinds. What each one's .wts words are and what its arguments
 * mean (names, types, units, bounds) is the op schema below, one table
 * (sim/op.c) that the .wts parser and formatter, wt_op_validate, the
 * generator's hooks and the trace's OP text all read.
 */
enum wt_op_kind {
    /* transport calls: numbers equal enum wt_method */
    WT_OP_WRITE = WT_METHOD_WRITE,
    WT_OP_WRITELINES = WT_METHOD_WRITELINES,
    WT_OP_WRITE_EOF = WT_METHOD_WRITE_EOF,
    WT_OP_CAN_WRITE_EOF = WT_METHOD_CAN_WRITE_EOF,
    WT_OP_ABORT = WT_METHOD_ABORT,
    WT_OP_CLOSE = WT_METHOD_CLOSE,
    WT_OP_IS_CLOSING = WT_METHOD_IS_CLOSING,
    WT_OP_GET_SIZE = WT_METHOD_GET_SIZE,
    WT_OP_GET_LIMITS = WT_METHOD_GET_LIMITS,
    WT_OP_SET_LIMITS = WT_METHOD_SET_LIMITS,
    /* protocol behaviour (useful as hook actions) */
    WT_OP_RAISE,
    WT_OP_EOF_KEEP_OPEN,
    /* the fake socket's schedule and faults */
    WT_OP_SOCK_BUFFER,
    WT_OP_SOCK_CAP,
    WT_OP_SOCK_DRAIN,
    WT_OP_SOCK_READ,
    WT_OP_SOCK_BLOCK,
    WT_OP_SOCK_OPEN,
    WT_OP_SOCK_RANDOM,
    WT_OP_SOCK_FAIL,
    WT_OP_SOCK_SPURIOUS,
    WT_OP_SOCK_HALFCLOSE,
    /* the peer */
    WT_OP_PEER_SEND,
    WT_OP_PEER_EOF,
    WT_OP_PEER_CLOSE,
    /* the loop */
    WT_OP_STEP,
    WT_OP_RUN,
    WT_OP_ADVANCE,
    /* expectations, checked when executed */
    WT_OP_EXPECT_SIZE,
    WT_OP_EXPECT_LIMITS,
    WT_OP_EXPECT_STATE,
    WT_OP_EXPECT_ERROR,
    WT_OP_EXPECT_PEER,
    WT_OP_EXPECT_CLAUSE,
    /* Added later, so the kinds above keep their numbers (OP and EXPECT
     * events carry them, so trace hashes do too): */
    WT_OP_SOCK_BUDGET, /* the fake socket: what one loop iteration accepts in all */
    WT_OP_PRODUCE,     /* the producer: writes while not paused, iterates while paused */
    WT_OP_LOOP_ORDER,  /* the loop: ready I/O before or after the queued callbacks */
    /* the fake socket's platform code paths */
    WT_OP_SOCK_SENDMSG,   /* whether sendmsg exists */
    WT_OP_SOCK_IOVMAX,    /* IOV_MAX: the buffers one sendmsg takes */
    WT_OP_SOCK_SENDZERO,  /* a would-block send returns 0 instead of EAGAIN */
    WT_OP_SOCK_EAGAIN,    /* one writable wake-up whose first send is EAGAIN */
    WT_OP_SOCK_WATCHFAIL, /* the next add_writer / add_reader fails */
    WT_OP_COUNT
};

/* True for the expectations (EXPECT_SIZE .. EXPECT_CLAUSE). */
static inline int wt_op_is_expect(int kind)
{
    return kind >= WT_OP_EXPECT_SIZE && kind <= WT_OP_EXPECT_CLAUSE;
}

_Static_assert(WT_OP_SET_LIMITS == WT_METHOD_COUNT - 1, "transport-call ops are enum wt_method");

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

/*
 * Argument kinds: the Python object a write's data is handed over as
 * (docs/wts.md, "Argument kinds"), an optional `as KIND` of write and
 * writelines stored in op.b (0, the default, is bytes and a list). Only
 * an adapter that builds Python objects makes them; C transports see
 * bytes. The words are the rows' order; rows are only ever appended.
 */
#define WT_WRITE_KIND_MAP(XX)                                                      \
    XX(BYTES, "bytes", "a bytes object")                                           \
    XX(BYTEARRAY, "bytearray", "a bytearray, left alone")                          \
    XX(BYTEARRAY_OVERWRITTEN, "bytearray-overwritten",                             \
       "a bytearray the caller overwrites with bytes 251..255 right after the call") \
    XX(BYTEARRAY_CLEARED, "bytearray-cleared",                                     \
       "a bytearray the caller fills with 251..255 and clears right after the call") \
    XX(MEMORYVIEW, "memoryview", "a memoryview over bytes")                        \
    XX(MEMORYVIEW_BYTEARRAY, "memoryview-bytearray", "a memoryview over a bytearray") \
    XX(MEMORYVIEW_ARRAY, "memoryview-array",                                       \
       "a memoryview over an array whose item size (8, 4, 2, 1) divides n")        \
    XX(MEMORYVIEW_2D, "memoryview-2d", "a C-contiguous two-dimensional memoryview") \
    XX(MEMORYVIEW_STRIDED, "memoryview-strided",                                   \
       "a non-contiguous memoryview (every other byte of a bytearray)")

enum wt_write_kind {
#define WT_WRITE_KIND_ENUM(name, word, doc) WT_WRITE_KIND_##name,
    WT_WRITE_KIND_MAP(WT_WRITE_KIND_ENUM)
#undef WT_WRITE_KIND_ENUM
    WT_WRITE_KIND_COUNT
};

/* writelines' iterable; its chunks are bytes except under `mixed`. */
#define WT_LINES_KIND_MAP(XX)                                                     \
    XX(LIST, "list", "a list of bytes")                                           \
    XX(TUPLE, "tuple", "a tuple of bytes")                                        \
    XX(GENERATOR, "generator", "a generator of bytes (no chunks: an empty one)")  \
    XX(MIXED, "mixed", "an iterator over chunks of the write kinds in turn, from bytearray-overwritten")

enum wt_lines_kind {
#define WT_LINES_KIND_ENUM(name, word, doc) WT_LINES_KIND_##name,
    WT_LINES_KIND_MAP(WT_LINES_KIND_ENUM)
#undef WT_LINES_KIND_ENUM
    WT_LINES_KIND_COUNT
};

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

/* The argument kind of an op: its `as` for write and writelines, else 0. */
static inline int wt_op_data_kind(const struct wt_op *op)
{
    return op->kind == WT_OP_WRITE || op->kind == WT_OP_WRITELINES ? (int)op->b : 0;
}

/*
 * Bounds of op arguments. What the parser accepts is what the world runs:
 * an op within these bounds passes wt_op_validate, and wt_world_exec
 * refuses no valid op for its size.
 *
 * One write, or one writelines in all (each chunk and their sum): the
 * world materialises the bytes of a call, and runs any call up to this.
 */
#define WT_OP_WRITE_MAX ((int64_t)16 << 20)
/* Counts the world never materialises: peer send, sock buffer/cap/drain/read. */
#define WT_OP_BYTES_MAX ((int64_t)1 << 32)
/* A total over a whole run: expect size, expect peer. */
#define WT_OP_TOTAL_MAX ((int64_t)1 << 38)
/* The writes of one produce op. */
#define WT_OP_PRODUCE_MAX ((int64_t)1 << 26)
/* One step op, and the `steps` header (the bound of every loop op). */
#define WT_OP_STEPS_MAX ((int64_t)1 << 24)
#define WT_OP_TIME_MAX ((int64_t)1 << 50)  /* ns, about 13 days */
#define WT_OP_LIMIT_MAX ((int64_t)1 << 40) /* |high|, |low| */
#define WT_OP_STATUS_MIN (-1000)           /* expect error: the lowest code */

/* ----- the op schema ------------------------------------------------------ */

/* What an argument's number means, and so how .wts spells it. */
enum wt_arg_type {
    WT_ARG_BYTES,   /* a byte count: `100` */
    WT_ARG_RATE,    /* bytes per virtual ms: `100` */
    WT_ARG_COUNT,   /* a number of things (iterations, writes): `3` */
    WT_ARG_LIMIT,   /* a watermark, negatives allowed: `-1`; `None` with WT_ARG_NONE_OK */
    WT_ARG_TIME,    /* ns, written with a unit: `5ms` */
    WT_ARG_ONOFF,   /* `on` | `off`, stored as 1 | 0 */
    WT_ARG_ERRNO,   /* a socket error by name: `EPIPE` (the Python names too) */
    WT_ARG_STATUS,  /* a call's status: `none`, a Python exception or a kit code */
    WT_ARG_STATE,   /* an enum wt_expect_state word: `paused` */
    WT_ARG_CLAUSE,  /* a clause ID, stored as its catalog index */
    WT_ARG_VERDICT, /* an enum wt_verdict_status word: `pass` */
    WT_ARG_CHUNKS,  /* writelines' chunk lengths: `10 20 0` (chunk[], nchunks) */
    WT_ARG_CHOICE,  /* one of the argument's words (`choices`), stored as its index */
    WT_ARG_TYPE_COUNT
};

/* Where an argument stands in the text. */
enum wt_arg_form {
    WT_ARG_POSITIONAL, /* after the op's words, in order: `write 100` */
    WT_ARG_KEYWORD,    /* NAME=VALUE, in any order: `high=100` */
    WT_ARG_TAGGED      /* NAME VALUE after the positionals: `at 5ms` */
};

/* Which field of struct wt_op holds an argument. */
enum wt_arg_slot { WT_SLOT_A, WT_SLOT_B, WT_SLOT_CHUNKS };

#define WT_ARG_OPTIONAL 0x01u /* may be left out: then 0 (and has_flag clear) */
#define WT_ARG_NONE_OK 0x02u  /* NAME=None is accepted and leaves has_flag clear */

struct wt_op_arg {
    const char *name; /* keyword, tag and trace field name: "n", "high", "at" */
    const char *unit; /* "bytes", "ns", "bytes/ms", "iterations" or "" */
    uint8_t type;     /* enum wt_arg_type */
    uint8_t form;     /* enum wt_arg_form */
    uint8_t slot;     /* enum wt_arg_slot */
    uint8_t flags;    /* WT_ARG_OPTIONAL | WT_ARG_NONE_OK */
    uint8_t has_flag; /* the WT_OPF_* bit set when given, or 0 */
    int64_t min;      /* the value's bounds (each chunk's, for CHUNKS) */
    int64_t max;
    const char *choices; /* CHOICE: its words, `|`-separated, value i is word i */
};

/*
 * The word of a CHOICE argument's value v: *len_out gets its length and the
 * word is not NUL-terminated. NULL for another type or a value out of range.
 */
const char *wt_op_choice_word(const struct wt_op_arg *arg, int64_t v, size_t *len_out);

/* The value of a CHOICE argument's word (len bytes), or -1 when it is none of them. */
int64_t wt_op_choice_find(const struct wt_op_arg *arg, const char *word, size_t len);

/* Where an op may run. */
enum wt_op_place {
    WT_PLACE_NOW,  /* only in sequence */
    WT_PLACE_ANY,  /* in sequence, or armed on a callback: `on pause: write 10` */
    WT_PLACE_HOOK  /* only armed on a callback: `on pause: raise` */
};

#define WT_OP_ARGS_MAX 2

struct wt_op_schema {
    const char *words; /* the .wts spelling: "sock fail" */
    const char *doc;   /* what it does, one line */
    const char *note;  /* added to its usage in messages, or "" */
    uint8_t place;     /* enum wt_op_place */
    uint8_t nargs;
    struct wt_op_arg args[WT_OP_ARGS_MAX]; /* in canonical order */
};

/* The schema of a kind, or NULL when kind is out of range. */
const struct wt_op_schema *wt_op_schema_at(int kind);

/*
 * Finds the op whose words begin text (len bytes, not NUL-terminated;
 * words are separated by spaces or tabs and each must end at a blank or
 * at len). The longest match wins ("expect size" over "expect"). Returns
 * the kind and sets *consumed (may be NULL) to the bytes through its last
 * word, or WT_ENOENT. One pass over the table; never reads past len.
 */
int wt_op_kind_find(const char *text, size_t len, size_t *consumed);

/* The .wts words of a kind ("sock cap"), or NULL when out of range. */
const char *wt_op_name(int kind);
const char *wt_method_name(int method);
const char *wt_cb_name(int cb);      /* "pause_writing" */
const char *wt_cb_word(int cb);      /* "pause" */
const char *wt_expect_state_name(int state);

/* True when kind is a call of the transport (WRITE .. SET_LIMITS). */
static inline int wt_op_is_call(int kind) { return kind >= 0 && kind < WT_METHOD_COUNT; }

/*
 * Checks an op against its kind's schema: each argument within its
 * bounds, writelines' chunks and their sum (at most WT_OP_WRITE_MAX),
 * flags only the schema's has-flags, and the place (WT_PLACE_NOW ops are
 * never armed, WT_PLACE_HOOK ops always). Fields the schema does not name
 * are not checked. Returns WT_OK or WT_EINVAL.
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
