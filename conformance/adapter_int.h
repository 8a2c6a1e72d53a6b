/* SPDX-License-Identifier: MIT */
/*
 * adapter_int.h - what the adapter's files share (never installed).
 *
 *   adapter_wire.c   the wire text: building lines, the data encoding,
 *                    parsing the child's messages. Depends on none of the
 *                    others.
 *   adapter_proc.c   the child process: spawn, line I/O under deadlines,
 *                    the sticky failure and the stderr tail, stop and reap.
 *                    Uses the wire's line builder.
 *   adapter_hello.c  the handshake and what it said (name, ops, features,
 *                    wt_adapter_supports). Uses proc and wire.
 *   adapter.c        wt_adapter_transport_ops, serving the child's
 *                    requests, open/close. Uses all three.
 *   adapter_host.c   the `host` feature: a whole case in one exchange.
 *                    Uses proc and wire.
 *
 * Dependencies point down this list only (make check runs
 * tools/symcycles.sh on the objects), so each file can be read and tested
 * without the ones above it.
 */
#ifndef WT_ADAPTER_INT_H
#define WT_ADAPTER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "wt/adapter.h"

#define ADAPTER_MSG_MAX 384  /* failure message */
#define ADAPTER_NAME_MAX 64  /* transport name, version */
#define ADAPTER_FEATURES_MAX 1024 /* the features line the kit keeps */
#define ADAPTER_WHAT_MAX 96  /* the line being answered, for messages */
#define ADAPTER_RECV_MAX ((size_t)64 * 1024)

/* A growable line being built (kit to child). */
struct adapter_sb {
    char *p;
    size_t len;
    size_t cap;
    bool oom;
};

struct adapter_inst;

/*
 * Protocol features (docs/adapter-protocol.md): the adapter offers them in
 * its `features` line, the kit accepts with `use WORD...` right after
 * `ready`; neither side uses one the other has not agreed to.
 *   ret-size  `ret`, `done` and `cb` lines end with `size=N`, the
 *             transport's buffer size then, so the kit's untraced reads
 *             of the size need no exchange of their own;
 *   batch     `soon`, `at`, `cancel`, `watch` and `report` are one-way:
 *             the adapter does not wait for a reply and the kit sends none.
 */
#define ADAPTER_USE_RET_SIZE 0x1u
#define ADAPTER_USE_BATCH 0x2u
/*
 *   host      the child loads libwt (the kit offers it only when it names
 *             the library at spawn) and runs a whole case in its own
 *             process: `case N` and N request lines, answered `case M` and
 *             M lines of a one-case outcome (adapter_host.c).
 */
#define ADAPTER_USE_HOST 0x4u
/* platform: the adapter may ask `platform` (the socket's code paths, fixed for a run). */
#define ADAPTER_USE_PLATFORM 0x8u
/*
 *   kinds     a `write` or `writelines` line whose argument kind is not
 *             bytes / a list ends with `as KIND` (op.h's words); the
 *             adapter hands the data over as that Python object. Without
 *             it every kind is sent, and written, as bytes.
 */
#define ADAPTER_USE_KINDS 0x10u

/* Each group of fields is written by one file only (the others read it). */
struct wt_adapter {
    /* adapter_proc.c: the process */
    pid_t pid;
    bool reaped;
    int wait_status;
    int fd_in;  /* the child's stdin (we write) */
    int fd_out; /* the child's stdout (we read lines) */
    int fd_err; /* the child's stderr (we keep the tail) */
    bool out_eof;
    bool err_eof;
    struct wt_adapter_options opt; /* (set by wt_adapter_open) */

    /* adapter_proc.c: stdout bytes read and not yet consumed; a returned line starts at 0 */
    char *rbuf;
    size_t rlen;
    size_t rcap;
    size_t consumed; /* the last returned line and its newline, dropped next read */

    /* adapter_proc.c: kit-to-child bytes not written yet (the child is not
     * reading right now); written as the child reads, while its lines are read */
    char *obuf;
    size_t ohead;
    size_t olen; /* pending bytes: obuf[ohead, ohead + olen) */
    size_t ocap;

    /* adapter_proc.c: the stderr tail, a ring */
    char tail[WT_ADAPTER_STDERR_TAIL];
    size_t tail_len;
    size_t tail_head; /* where the next byte goes */
    uint64_t tail_total; /* bytes ever added (wt_adapter_stderr_since) */

    /* adapter_proc.c: the sticky failure */
    int failure;
    char failure_msg[ADAPTER_MSG_MAX];
    char waiting_for[ADAPTER_WHAT_MAX];

    /* adapter_proc.c: exchanges */
    unsigned depth;
    uint64_t deadline_ms;
    uint64_t case_deadline_ms; /* 0, or when the current case's wall-clock bound runs out */
    unsigned case_wall_ms;
    unsigned long lines; /* read in this exchange */
    size_t bytes;        /* read in this exchange, newlines included */

    /* adapter_hello.c: what the handshake said */
    char name[ADAPTER_NAME_MAX];
    char version[ADAPTER_NAME_MAX];
    char features[ADAPTER_FEATURES_MAX]; /* " word word " */
    uint32_t methods;                    /* bit per enum wt_method listed */
    uint32_t missing;                    /* bit per enum wt_method the transport lacks */
    int proto;                           /* the protocol version it answered (1 or 2) */
    unsigned use;                        /* ADAPTER_USE_*: the features both sides speak */

    /* the line being built (adapter_wire.c's builder; whoever sends next fills it) */
    struct adapter_sb sb;

    /* adapter.c: the table's instances */
    uint64_t seed;
    struct adapter_inst *inst;    /* the live instance, or NULL */
    struct adapter_inst *orphans; /* failed creates that left callbacks behind */
};

/* --- adapter_proc.c ------------------------------------------------- */

/*
 * Starts cmdline for ad (ad->opt set, the rest zero): allocates the read
 * buffer, makes the pipes, forks. WT_OK; WT_ENOMEM; or WT_EADAPTER with
 * the failure recorded as "spawn". wt__adapter_stop undoes it in any case.
 */
int wt__adapter_spawn(struct wt_adapter *ad, const char *cmdline);

/*
 * Says bye when healthy, closes the child's stdin, waits, SIGTERM, waits,
 * SIGKILL; always reaps; closes every fd and frees the read buffer.
 */
void wt__adapter_stop(struct wt_adapter *ad);

/* Records the first failure, kills and reaps the child. printf-like. */
void wt__adapter_fail(struct wt_adapter *ad, int kind, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Opens an exchange; the outermost one starts the deadline. what: for messages. */
int wt__adapter_begin(struct wt_adapter *ad, const char *what, size_t what_len);
void wt__adapter_end(struct wt_adapter *ad);

/* Reads what the child wrote to stderr so far (it wrote it before its last line). */
void wt__adapter_drain_err(struct wt_adapter *ad);

/*
 * Sends ad->sb plus a newline: what the child's stdin does not take now
 * stays pending and is written while the kit reads the child's lines
 * (wt__adapter_read_line), so a child that writes without reading meets
 * the read bounds, not a blocked write. WT_OK or WT_EADAPTER (failure
 * recorded).
 */
int wt__adapter_send_sb(struct wt_adapter *ad);

/*
 * Reads the next complete line (no newline, checked UTF-8 without control
 * characters). *line_out stays valid until the next read. WT_OK or
 * WT_EADAPTER (failure recorded).
 */
int wt__adapter_read_line(struct wt_adapter *ad, const char **line_out, size_t *len_out);

/* --- adapter_wire.c ------------------------------------------------- */

void wt__sb_reset(struct adapter_sb *sb);
void wt__sb_free(struct adapter_sb *sb);
void wt__sb_add(struct adapter_sb *sb, const char *s, size_t len);
void wt__sb_printf(struct adapter_sb *sb, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Appends " <len>" and the data's tokens (" @P+N" pattern runs, " x<hex>"). */
void wt__sb_data(struct adapter_sb *sb, const uint8_t *data, size_t len);

/* A status on the wire: "OK", an error's own name, or its Python name. */
const char *wt__adapter_status_word(int rc);

enum adapter_msg_kind {
    MSG_RET = 0,
    MSG_EXC,
    MSG_DONE,
    MSG_SEND,
    MSG_RECV,
    MSG_SHUTDOWN,
    MSG_SOCKCLOSE,
    MSG_NOW,
    MSG_SOON,
    MSG_AT,
    MSG_CANCEL,
    MSG_WATCH,
    MSG_CB,
    MSG_REPORT,
    MSG_WRITABLE,
    MSG_PLATFORM,
    MSG_COUNT
};

/* One parsed message from the child. data is malloc'd: wt__msg_free. */
struct adapter_msg {
    int kind;
    int rc;           /* RET status; EXC mapped code; CB lost error; REPORT error */
    int what;         /* CB: enum wt_cb; WATCH: enum wt_watch_dir; REPORT: enum wt_report */
    bool on;          /* WATCH */
    int nvals;        /* RET */
    int64_t vals[2];  /* RET values; SEND/RECV: [0] = n; SOON/AT/CANCEL: [0] = id, AT [1] = ns */
    uint8_t *data;    /* SEND, CB data; NULL for a pattern run (pattern) */
    size_t len;
    char text[WT_NOTE_TEXT_MAX]; /* EXC, REPORT: the free text after the name, "" if none */
    bool pattern;     /* SEND: the data is one pattern run, len bytes from phase (not decoded) */
    uint32_t phase;
    bool has_size;    /* RET, DONE, CB: a trailing size=N (ret-size) */
    int64_t size;
};

/*
 * Parses one child line under the agreed features (use: ADAPTER_USE_*;
 * `size=N` only with ret-size). A `send` whose data is one pattern run is
 * not decoded (pattern, phase). WT_OK, WT_ESYNTAX (why says what is
 * wrong) or WT_ENOMEM. Never reads past len.
 */
int wt__adapter_parse(const char *line, size_t len, unsigned use, struct adapter_msg *msg,
                      char *why, size_t why_cap);
void wt__msg_free(struct adapter_msg *msg);

/* Parses a non-negative decimal without leading zeros. */
bool wt__adapter_parse_u64(const char *s, size_t len, uint64_t *out);

/* --- adapter_hello.c ------------------------------------------------ */

/*
 * The first exchange: "hello", then the child's transport, ops, features
 * and "ready". WT_OK, or WT_EADAPTER with the failure recorded.
 */
int wt__adapter_handshake(struct wt_adapter *ad);

#endif
