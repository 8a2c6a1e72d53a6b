/* SPDX-License-Identifier: MIT */
/*
 * adapter.h - a transport that lives in another process.
 *
 * An adapter is just another transport behind the C ABI of transport.h:
 * wt_adapter_transport_ops forwards every call of the table to a child
 * process over pipes, and forwards what the child asks for (send on the
 * socket, call_soon, timers, watches, protocol callbacks, reports to the
 * loop's exception handler) to the world's real wt_host_* calls. The world,
 * the trace, the hooks and the monitor do not know the difference; the
 * clock, the socket and the PRNG stay in the kit, so seeds, socket
 * schedules and fuzzing work as for the reference. The wire protocol
 * ("wtkit-adapter 1", line-based text) is in docs/adapter-protocol.md.
 *
 * Life cycle (one process serves many scenarios):
 *   wt_adapter_options_init(&opt); opt.timeout_ms = ...;
 *   wt_adapter_open("python3 my_adapter.py", &opt, &ad, err, sizeof err);
 *   for each scenario:
 *       if (!wt_adapter_supports(ad, kind)) ... skip (or wt_adapter_check_ops);
 *       wt_world_config_init(&cfg); cfg.seed = ...; cfg.args.flavor = ...;
 *       wt_adapter_configure(ad, &cfg);     transport + context + seed
 *       wt_world_new / start / exec / finish / free   (create = "reset")
 *       if (wt_adapter_failure(ad, msg, sizeof msg) != WT_ADAPTER_OK) ... exit 3
 *   wt_adapter_close(ad);                    bye, SIGTERM, SIGKILL, reap
 *
 * Failures are sticky. Whatever the child does wrong (crash, early exit,
 * a line that is not the protocol, a partial line, a flood, nesting too
 * deep, a reset it cannot serve, silence past the timeout) is detected
 * within opt.timeout_ms of wall time per top-level exchange (checked
 * before every line, plus the kit's work on one line), recorded once as a
 * kind and a one-line message, the process is killed and reaped, and from
 * then on every call of the table returns WT_EADAPTER at once, so the run
 * ends quickly.
 *
 * Not thread-safe; one adapter serves one world at a time. The kit's
 * process never dies of SIGPIPE because of an adapter.
 */
#ifndef WT_ADAPTER_H
#define WT_ADAPTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "op.h"
#include "transport.h"
#include "world.h"

/*
 * The protocol version this kit offers ("hello wtkit-adapter 2"); it also
 * speaks 1 with an adapter that answers 1 (docs/adapter-protocol.md).
 */
#define WT_ADAPTER_PROTOCOL 2

#define WT_ADAPTER_TIMEOUT_MS_DEFAULT 5000u
#define WT_ADAPTER_LINE_MAX_DEFAULT (64u * 1024u)
#define WT_ADAPTER_LINES_MAX_DEFAULT 100000ul
#define WT_ADAPTER_BYTES_MAX_DEFAULT ((size_t)64 * 1024 * 1024)
/*
 * How deep exchanges may nest (a callback whose hook calls the transport,
 * whose answer asks for a callback, ...). Real transports need a handful;
 * the bound keeps a misbehaving child from recursing the kit to death.
 */
#define WT_ADAPTER_DEPTH_MAX 64u
/* How much of the child's stderr is kept (the tail). */
#define WT_ADAPTER_STDERR_TAIL 2048u
/* The largest single send or data_received the kit materialises. */
#define WT_ADAPTER_DATA_MAX ((size_t)64 * 1024 * 1024)

/* XX(NAME, "word", meaning) */
#define WT_ADAPTER_FAILURE_MAP(XX)                                                          \
    XX(OK, "ok", "no failure")                                                              \
    XX(SPAWN, "spawn", "the process could not be started (pipe/fork failed)")               \
    XX(CRASHED, "crashed", "the process was killed by a signal")                            \
    XX(EXITED, "exited", "the process exited (or closed its output) too early")             \
    XX(GARBAGE, "garbage", "a line that is not the protocol, or out of turn")               \
    XX(PARTIAL, "partial", "a line without its newline, then silence or EOF")               \
    XX(FLOOD, "flood", "a line over line_max, or over lines_max/bytes_max in one op")       \
    XX(TIMEOUT, "timeout", "no complete answer within timeout_ms")                          \
    XX(HANDSHAKE, "handshake", "another protocol version, or a mandatory op missing")       \
    XX(RESET, "reset", "reset answered with an error other than a refused flavor")          \
    XX(NESTING, "nesting", "exchanges nested deeper than WT_ADAPTER_DEPTH_MAX")

enum wt_adapter_failure {
#define WT_ADAPTER_FAILURE_ENUM(name, word, doc) WT_ADAPTER_##name,
    WT_ADAPTER_FAILURE_MAP(WT_ADAPTER_FAILURE_ENUM)
#undef WT_ADAPTER_FAILURE_ENUM
    WT_ADAPTER_FAILURE_COUNT
};

/* The word of a failure kind ("crashed"), or NULL when out of range. */
const char *wt_adapter_failure_name(int kind);

/* Direction of a wire line handed to the log callback. */
enum wt_adapter_dir { WT_ADAPTER_TO_CHILD = 0, WT_ADAPTER_FROM_CHILD = 1 };

/* Sees every complete line on the wire (without its newline); borrowed. */
typedef void wt_adapter_log_fn(void *user_data, int dir, const char *line, size_t len);

/*
 * An exchange is one top-level kit line (a call, "run", "io") and all
 * that nests in it; the bounds below are per exchange.
 */
struct wt_adapter_options {
    unsigned timeout_ms;    /* wall time one top-level exchange may take (>= 1) */
    size_t line_max;        /* longest line accepted from the child, in bytes */
    unsigned long lines_max; /* most lines the child may send within one exchange */
    wt_adapter_log_fn *log; /* NULL: no wire log */
    void *log_user_data;
    size_t bytes_max;       /* most bytes (newlines included) within one exchange, >= line_max */
    /*
     * The `host` feature: host_lib is the libwt shared object the child
     * may load to run whole cases in its own process, host_id what that
     * library must say it is (wt_hosted_id); both reach the child as
     * WTKIT_LIBWT and WTKIT_HOST_ID. NULL: the kit does not offer it.
     */
    const char *host_lib;
    const char *host_id;
};

/* The defaults above. */
void wt_adapter_options_init(struct wt_adapter_options *opt);

struct wt_adapter;

/*
 * Starts cmdline and does the handshake. A command made only of plain
 * words (letters, digits, and / . _ - = + : , @ %) separated by blanks is
 * run directly with execvp; anything else through /bin/sh -c. The child
 * gets pipes as stdin, stdout and stderr and its own process group. opt
 * may be NULL (the defaults); it is copied.
 *
 * Returns WT_OK with *adapter_out ready; WT_EINVAL (NULL or empty cmdline,
 * bad options) or WT_ENOMEM with *adapter_out NULL; or WT_EADAPTER when the
 * child could not be started or failed the handshake: then *adapter_out is
 * still set, to a failed adapter (wt_adapter_failure and
 * wt_adapter_stderr_tail tell why) that the caller MUST close. err (may be
 * NULL) gets a one-line reason on any error.
 */
int wt_adapter_open(const char *cmdline, const struct wt_adapter_options *opt,
                    struct wt_adapter **adapter_out, char *err, size_t err_cap);

/*
 * Says bye, closes the child's stdin, waits a little, then SIGTERM, then
 * SIGKILL to its process group, and reaps it: no zombie, no fd left. NULL
 * is a no-op. Bounded by about one second.
 */
void wt_adapter_close(struct wt_adapter *ad);

/*
 * The sticky failure: returns enum wt_adapter_failure (WT_ADAPTER_OK when
 * healthy) and writes a one-line message to msg (may be NULL; always
 * NUL-terminated when cap > 0), e.g. "crashed: killed by signal 11
 * (SIGSEGV) while waiting for the answer to 'write 100 @0+100'".
 */
int wt_adapter_failure(const struct wt_adapter *ad, char *msg, size_t cap);

/*
 * Copies the last (at most WT_ADAPTER_STDERR_TAIL) bytes the child wrote
 * to stderr into buf, NUL-terminated when cap > 0, and returns their
 * length. After a failure the tail includes everything up to the child's
 * death.
 */
size_t wt_adapter_stderr_tail(const struct wt_adapter *ad, char *buf, size_t cap);

/* What the handshake said. Borrowed strings, valid until close. */
const char *wt_adapter_name(const struct wt_adapter *ad);
const char *wt_adapter_version(const struct wt_adapter *ad);
bool wt_adapter_has_feature(const struct wt_adapter *ad, const char *feature);
/* The protocol version the adapter answered (1 or 2). */
int wt_adapter_protocol(const struct wt_adapter *ad);
/*
 * The documented methods the transport lacks, as its handshake's `missing`
 * line says (bit 1 << enum wt_method each): put them in
 * wt_world_config.missing; wt_adapter_supports is false for them.
 */
uint32_t wt_adapter_missing(const struct wt_adapter *ad);

/*
 * The child's stderr written since mark (a wt_adapter_stderr_mark value),
 * at most its last WT_ADAPTER_STDERR_TAIL bytes, into buf (NUL-terminated
 * when cap > 0); returns the length. A scenario's own stderr.
 */
uint64_t wt_adapter_stderr_mark(const struct wt_adapter *ad);
size_t wt_adapter_stderr_since(const struct wt_adapter *ad, uint64_t mark, char *buf, size_t cap);

/*
 * True when the adapter can run an op of this kind (enum wt_op_kind): a
 * transport call when the handshake listed it; a kit-side op (socket,
 * peer, loop, expect, raise) unless the handshake's features say
 * "no:" + the op's words joined by '-' ("no:sock-cap", "no:advance"), for
 * an adapter that cannot mirror it (uvloop on real file descriptors).
 * Unlisted optional calls behave as transport.h's NULL slots (writelines:
 * write per chunk; write_eof: WT_ENOTIMPL; can_write_eof: false), but a
 * runner should skip instead.
 */
bool wt_adapter_supports(const struct wt_adapter *ad, int op_kind);

/*
 * Checks a whole op sequence: WT_OK, or WT_ENOTIMPL with the reason in why
 * ("adapter 'x' does not support write_eof (line 12)") for the first op
 * it cannot run.
 */
int wt_adapter_check_ops(const struct wt_adapter *ad, const struct wt_op *ops, size_t nops,
                         char *why, size_t why_cap);

/*
 * Points cfg at this adapter: cfg->transport = &wt_adapter_transport_ops,
 * cfg->args.context = ad, and remembers cfg->seed for the next reset.
 * Call it after setting the seed and the flavor.
 */
/*
 * Bounds the wall-clock time of everything from now until the next call
 * (one case): past it, the next exchange fails with WT_ADAPTER_TIMEOUT.
 * 0 removes the bound.
 */
void wt_adapter_set_case_bound(struct wt_adapter *ad, unsigned wall_ms);

void wt_adapter_configure(struct wt_adapter *ad, struct wt_world_config *cfg);

/* The seed the next create() ("reset") passes to the child. */
void wt_adapter_set_seed(struct wt_adapter *ad, uint64_t seed);

/*
 * The table. create() MUST be given args->context = a struct wt_adapter
 * that is open (WT_EINVAL otherwise); it sends "reset" and returns WT_OK,
 * WT_EVALUE (the child refused the flavor: not a failure), WT_ENOMEM or
 * WT_EADAPTER (the adapter failed, or already serves a live instance).
 * Any other error answer to "reset" is the sticky failure "reset", so
 * every later create() returns WT_EADAPTER at once with the same
 * wt_adapter_failure() message and stderr tail.
 */
extern const struct wt_transport_ops wt_adapter_transport_ops;

/* --- the `host` feature (adapter_host.c) ---------------------------- */

/*
 * True when the handshake agreed on `host`: the child can run a whole
 * case in its own process (include/wt/hosted.h), one exchange per case.
 */
bool wt_adapter_hosting(const struct wt_adapter *ad);

/*
 * Sends one case request (text lines, wt__hosted_request) and reads the
 * child's reply (a one-case outcome's text) into *reply_out (malloc'd,
 * NUL-terminated; free it) and how many bytes of the child's stderr in
 * the case came before its judged run (*stderr_skip_out). The exchange may
 * take up to wall_ms (0: the adapter's timeout). WT_OK; WT_EINVAL (not
 * hosting, or an instance is live); WT_ENOMEM; WT_EADAPTER (the child
 * failed: wt_adapter_failure).
 */
int wt_adapter_host_case(struct wt_adapter *ad, const char *request, size_t len, unsigned wall_ms,
                         char **reply_out, size_t *reply_len_out, uint64_t *stderr_skip_out);

#endif
