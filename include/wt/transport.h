/* SPDX-License-Identifier: MIT */
/*
 * transport.h - the C ABI between wtkit and a transport under test.
 *
 * A transport is a const table of operations (struct wt_transport_ops,
 * abi_version first, slots only ever appended) plus an instance it creates.
 * The instance talks to the world only through struct wt_host: the loop
 * (call_soon, timers, writable/readable watches), the socket (send, recv,
 * shutdown, close), the protocol (its callbacks) and the loop's exception
 * handler. The reference transport, the mutants and a user's shared object
 * are all plugged in through this same table.
 *
 * Rules a transport keeps (the monitor checks them from the trace):
 *  - a call that returns a contract error (WT_EVALUE, WT_ESTATE,
 *    WT_ENOTIMPL) has changed nothing and will call no callback because of
 *    this call;
 *  - pause_writing may run inside write/writelines/set_write_buffer_limits;
 *    connection_lost MUST NOT run inside any call of this table: defer it
 *    with wt_host_call_soon;
 *  - a non-zero return from wt_host_pause_writing / resume_writing means the
 *    protocol raised: report it with wt_host_report and carry on.
 *
 * Pointers are borrowed for the duration of a call; write() copies.
 */
#ifndef WT_TRANSPORT_H
#define WT_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "loop.h"
#include "sock.h"  /* struct wt_buf, struct wt_sock_platform */
#include "trace.h" /* enum wt_report, for wt_host_report */

/*
 * The ABI version: major in the low 16 bits, minor in the high 16. A kit
 * loads a table of its own major and any minor up to its own; a table of
 * minor 0 (abi_version 1, what every plugin built before minor 1 says)
 * must fill every slot the kit calls, as before.
 *   minor 1: get_write_buffer_size, get_write_buffer_limits and
 *            set_write_buffer_limits may be NULL: the transport lacks that
 *            documented method. The kit never calls it, FAILs that
 *            method's clause once (with that reason) and SKIPs the
 *            scenarios that need it; nothing else follows from it.
 */
#define WT_TRANSPORT_ABI_MAKE(major, minor) ((uint32_t)(major) | ((uint32_t)(minor) << 16))
#define WT_TRANSPORT_ABI_MAJOR 1u
#define WT_TRANSPORT_ABI_MINOR 1u
#define WT_TRANSPORT_ABI WT_TRANSPORT_ABI_MAKE(WT_TRANSPORT_ABI_MAJOR, WT_TRANSPORT_ABI_MINOR)
#define WT_TRANSPORT_ABI_MAJOR_OF(v) ((uint32_t)(v) & 0xffffu)
#define WT_TRANSPORT_ABI_MINOR_OF(v) ((uint32_t)(v) >> 16)

/*
 * A set_write_buffer_limits request. Signed, with explicit "None", so the
 * kit can pose the negative and missing cases the contract speaks of.
 */
struct wt_limits {
    bool has_high;
    bool has_low;
    int64_t high;
    int64_t low;
};

/* What create() is given besides the host. */
struct wt_transport_args {
    const char *flavor;  /* NULL or "" = the transport's default */
    uint64_t faults;     /* reference transport only (mutants); others ignore it */
    void *context;       /* opaque; for transports the kit builds itself (adapters) */
};

struct wt_host;

struct wt_transport_ops {
    uint32_t abi_version; /* WT_TRANSPORT_ABI */
    const char *name;

    /*
     * Creates an instance bound to host. It MUST NOT call back into the
     * protocol synchronously; connection_made is scheduled (call_soon).
     * Returns WT_OK, WT_EVALUE (unknown flavor) or WT_ENOMEM.
     */
    int (*create)(struct wt_host *host, const struct wt_transport_args *args, void **self_out);
    /* Frees the instance; the world calls it last, after connection_lost. */
    void (*destroy)(void *self);

    int (*write)(void *self, const uint8_t *data, size_t len);
    /* NULL: the default calls write() for each chunk. */
    int (*writelines)(void *self, const struct wt_buf *bufs, size_t nbufs);
    /* NULL: WT_ENOTIMPL. */
    int (*write_eof)(void *self);
    /* NULL: false. */
    int (*can_write_eof)(void *self, bool *can_out);
    int (*abort)(void *self);
    int (*close)(void *self);
    int (*is_closing)(void *self, bool *closing_out);
    /* From ABI minor 1 these three may be NULL: the method is missing. */
    int (*get_write_buffer_size)(void *self, size_t *size_out);
    int (*get_write_buffer_limits)(void *self, int64_t *low_out, int64_t *high_out);
    int (*set_write_buffer_limits)(void *self, const struct wt_limits *req);
};

/*
 * Checks a table a plugin hands over: version (this major, a minor up to
 * this kit's), name, mandatory slots. WT_OK or WT_EINVAL.
 */
int wt_transport_ops_check(const struct wt_transport_ops *ops);

/*
 * The documented methods a table lacks (bit 1 << enum wt_method each): the
 * NULL slots that mean "missing" (minor 1's optional getters and setter).
 * A NULL writelines, write_eof or can_write_eof is not missing: the kit's
 * documented default stands in (write per chunk, NotImplementedError,
 * False).
 */
uint32_t wt_transport_ops_missing(const struct wt_transport_ops *ops);

/* --- the host: the world as a transport sees it ---------------------- */

void *wt_host_alloc(struct wt_host *h, size_t size);
void *wt_host_realloc(struct wt_host *h, void *ptr, size_t size);
void wt_host_free(struct wt_host *h, void *ptr);

uint64_t wt_host_now_ns(struct wt_host *h);
int wt_host_call_soon(struct wt_host *h, wt_callback_fn *fn, void *arg);
int wt_host_call_at(struct wt_host *h, uint64_t deadline_ns, wt_callback_fn *fn, void *arg,
                    uint64_t *timer_out);
int wt_host_cancel(struct wt_host *h, uint64_t timer);

/*
 * Watches the socket (fn == NULL stops watching). Setting a watch may fail
 * with WT_EWATCH (the loop's add_writer / add_reader raised OSError, `sock
 * watchfail`): the watch is then not set, and the transport MUST take the
 * fatal-error path as for a failed send (connection_lost(exc), no raise).
 */
int wt_host_watch_writable(struct wt_host *h, wt_callback_fn *fn, void *arg);
int wt_host_watch_readable(struct wt_host *h, wt_callback_fn *fn, void *arg);

/* The socket; see sock.h for the codes. Each call is traced. */
int wt_host_send(struct wt_host *h, const uint8_t *data, size_t len, size_t *accepted_out);
/*
 * The platform's code paths (sock.h): whether sendmsg exists, its IOV_MAX,
 * whether a send that would block returns 0 bytes. A transport that picks
 * its send path as CPython does (sendmsg when the socket has it) asks here.
 */
void wt_host_sock_platform(struct wt_host *h, struct wt_sock_platform *out);
/*
 * sendmsg: one send of the buffers' concatenation (traced as one SEND).
 * WT_EATTRIBUTE without sendmsg, WT_EMSGSIZE for more than iov_max buffers.
 */
int wt_host_sendmsg(struct wt_host *h, const struct wt_buf *bufs, size_t nbufs,
                    size_t *accepted_out);
/*
 * wt_host_send of len stream-pattern bytes starting at phase (0..250),
 * described rather than held (an out-of-process adapter's "@P+N"): the
 * same acceptance, trace and peer check as for those bytes, with no byte
 * made. WT_EINVAL for a phase over 250.
 */
int wt_host_send_pattern(struct wt_host *h, uint32_t phase, size_t len, size_t *accepted_out);
int wt_host_recv(struct wt_host *h, uint8_t *buf, size_t cap, size_t *got_out);
int wt_host_shutdown_write(struct wt_host *h);
int wt_host_close_socket(struct wt_host *h);

/*
 * The protocol. Each call is traced with the transport's buffer size at
 * that moment. pause/resume/data/eof return 0, or WT_ECALLBACK when the
 * protocol raised. eof_received sets *keep_open_out (may be NULL) to what
 * the protocol returned (true: keep the transport open).
 */
void wt_host_connection_made(struct wt_host *h);
int wt_host_pause_writing(struct wt_host *h);
int wt_host_resume_writing(struct wt_host *h);
int wt_host_data_received(struct wt_host *h, const uint8_t *data, size_t len);
int wt_host_eof_received(struct wt_host *h, bool *keep_open_out);
void wt_host_connection_lost(struct wt_host *h, int err); /* 0 = None */

/*
 * True while the world reads the transport's size or limits for the trace
 * (an untraced read: after a call, inside a callback, at rest), false
 * during a call the trace records. An out-of-process transport that was
 * told its size with its last message may answer such a read from that.
 */
bool wt_host_peeking(struct wt_host *h);

/*
 * A promise that get_write_buffer_size() would set *word and return WT_OK
 * whenever the world asks, from now until the transport is destroyed or
 * calls this again (NULL withdraws it): the world's untraced reads of the
 * size (after every call, at rest) then read the word instead of calling
 * the getter. Traced calls of get_write_buffer_size still call it. word is
 * borrowed and must stay valid as long as the promise holds. Builds with
 * WT_VALIDATE_ALL call the getter too and assert the two agree.
 */
void wt_host_size_word(struct wt_host *h, const size_t *word);

/* loop.call_exception_handler(): what = enum wt_report, err = the cause. */
void wt_host_report(struct wt_host *h, int what, int err);

/*
 * Evidence (trace.h's notes, never hashed): text about the result of the
 * call of this table now running, such as the class and message of the
 * exception it raised, or, called just before wt_host_report, about that
 * report. Borrowed; cut at WT_NOTE_TEXT_MAX. The last one before the
 * call returns (or the report) counts.
 */
void wt_host_note(struct wt_host *h, const char *text);

/*
 * Whether a send would accept a byte now: a zero-timeout poll, untraced,
 * for a transport that bridges to another socket (uvloop's adapter keeps
 * its real socket as full as the world's).
 */
bool wt_host_writable(struct wt_host *h);

/*
 * The argument kind (op.h: enum wt_write_kind for WT_METHOD_WRITE, enum
 * wt_lines_kind for WT_METHOD_WRITELINES) of the call of method now
 * running, or 0 (bytes, a list) when none is, or another method is (the
 * default writelines calls write per chunk: those are bytes). The data is
 * the same bytes whatever the kind: only an adapter that hands them to
 * Python as that object asks.
 */
int wt_host_data_kind(struct wt_host *h, int method);
/*
 * The same, read without a call: two ints, the running call's method (as
 * wt_host_data_kind's, -1 when none) and its argument kind, valid until the
 * transport is destroyed. An adapter that runs a call per write in another
 * language reads them instead of calling wt_host_data_kind each time.
 */
const int *wt_host_data_words(struct wt_host *h);

/* --- built-in transports -------------------------------------------- */

/*
 * The reference transport: the contract made executable. Flavors:
 *   "docs" (default)     pause when size > high, resume when size <= low
 *                        after any send, limits setter may pause only;
 *   "ge"                 as docs but pause when size >= high (the
 *                        WriteTransport page's wording).
 * See docs/internals/reference.md for every choice where the docs are
 * silent.
 */
extern const struct wt_transport_ops wt_ref_transport_ops;

/* The reference's fault switches, one per broken rule (mutants). */
#define WT_FAULT_MAP(XX)                                                                  \
    XX(PAUSE_OFF_BY_ONE, "pauses only when size > high + 1")                              \
    XX(NEVER_PAUSE, "never calls pause_writing")                                          \
    XX(NEVER_RESUME, "never calls resume_writing")                                        \
    XX(DOUBLE_PAUSE, "calls pause_writing again while already paused")                   \
    XX(LOST_TWICE, "delivers connection_lost twice")                                      \
    XX(LOST_SYNC, "calls connection_lost inside close()/abort()")                         \
    XX(ABORT_KEEPS_DATA, "abort() keeps flushing the buffer")                             \
    XX(WRITELINES_NO_PAUSE, "writelines() skips the pause check")                         \
    XX(LIMITS_APPLY_REJECTED, "a rejected set_write_buffer_limits still applies")         \
    XX(RESUME_AFTER_ABORT, "calls resume_writing after abort")                            \
    XX(LOSE_WAKEUP, "forgets to watch for writability after a short send")                \
    XX(NONDETERMINISTIC, "accepts a different amount on each replay")                     \
    XX(SIZE_LIES, "get_write_buffer_size() reports half the buffer")                     \
    XX(LIMITS_SWAPPED, "get_write_buffer_limits() returns (high, low)")                   \
    XX(NO_DEFAULT_LOW, "only-high leaves low unchanged instead of high // 4")             \
    XX(ACCEPT_NEGATIVE, "accepts negative limits")                                        \
    XX(CLOSE_DROPS_DATA, "close() discards the buffer")                                   \
    XX(WRITE_EOF_NO_FLUSH, "write_eof() shuts down before flushing")                      \
    XX(EMPTY_WRITE_SENDS, "write(b'') calls pause/sends")                                 \
    XX(IS_CLOSING_LATE, "is_closing() stays false after close()")                        \
    XX(NO_LOST_ON_ERROR, "a send error does not end in connection_lost")                  \
    XX(RAISE_ON_IO_ERROR, "write() returns the send error to the caller")                 \
    XX(CALLBACK_FAILURE_PROPAGATES, "a failing pause_writing aborts write() with an error") \
    XX(DATA_AFTER_CLOSE, "data_received still delivered after close()")                   \
    XX(CALLBACK_AFTER_LOST, "calls pause_writing after connection_lost")                  \
    XX(CAN_WRITE_EOF_LIES, "can_write_eof() says true though write_eof() is unsupported") \
    XX(ABORT_KEEPS_READING, "abort() leaves the reader on; connection_lost a hop later")  \
    XX(ABORT_LOST_ERROR, "abort() ends in connection_lost(error), not None")               \
    XX(LIMITS_CLAMP_LOW, "low > high is clamped to high instead of a ValueError")          \
    XX(PAUSE_GE_AS_GT, "a >= high flavor pauses only when size > high")                  \
    XX(HIGH0_AS_NONE, "set(high=0) alone is taken as set(): the defaults come back")       \
    XX(LOW0_AS_UNSET, "the resume check takes low = 0 as unset (high // 4)")              \
    XX(RAISE_LOST_NONE, "a raising data/eof_received ends in connection_lost(None)")       \
    XX(REJECT_ZERO, "rejects a zero limit as not positive")                                \
    XX(EOF_KEEPS_READING, "eof_received keeping the transport open leaves the reader on")  \
    XX(ERROR_AFTER_LOST, "write() after connection_lost fails with AttributeError")        \
    XX(REPORT_IO_ERROR, "a send error is also reported to the loop's exception handler")   \
    XX(NO_DEFAULT_HIGH, "only-low leaves high unchanged instead of 4 * low")               \
    XX(RESUME_STALE_SIZE, "the resume check reads the size before the send is consumed")   \
    XX(REPORT_ARGS_SWAPPED, "reports a failing pause_writing with (err, kind) swapped")   \
    XX(RECV_AFTER_LOST, "reads the socket once more after connection_lost")                \
    XX(RAISE_KEEPS_OPEN, "a raising data/eof_received is reported, the connection kept")

enum wt_fault_bit {
#define WT_FAULT_ENUM(name, doc) WT_FAULTBIT_##name,
    WT_FAULT_MAP(WT_FAULT_ENUM)
#undef WT_FAULT_ENUM
    WT_FAULTBIT_COUNT
};

#define WT_FAULT(name) (1ull << WT_FAULTBIT_##name)

#endif
