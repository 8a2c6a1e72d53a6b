/* SPDX-License-Identifier: MIT */
/*
 * wts.h - the scenario language: the text form of struct wt_op.
 *
 * A .wts text is a header (the world's settings) followed by ops, one per
 * line; `#` starts a comment that runs to the end of the line. The same
 * one-line op text is what out-of-process adapters speak, so every op has
 * exactly one canonical spelling (wt_wts_format_op) and parsing that
 * spelling gives the same op back. docs/wts.md has the grammar and an
 * example for every op.
 *
 *   # WT-PAUSE-GT-HIGH: size == high does not pause, high + 1 does.
 *   wts 2
 *   kit 0.1.0
 *   transport python:selector
 *   seed 7
 *   profile docs cpython-selector
 *   sock block
 *   set_write_buffer_limits high=100 low=25
 *   write 100
 *   expect resumed
 *   on pause: write 10
 *   write 1
 *   expect paused
 *
 * Errors are WT_ESYNTAX with "FILE:LINE: message" in a caller buffer. The
 * parser never reads past the length it is given, accepts NUL and any
 * byte value in its input (and rejects them with a message), and does
 * work linear in the input's size.
 */
#ifndef WT_WTS_H
#define WT_WTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "op.h"

/*
 * The language version this kit reads and writes. Version 1 is the header
 * seed / profile / flavor / steps; version 2 adds wts, kit, generator,
 * transport and recorded-profile; version 3 adds the ops `loop order` and
 * the socket's platform paths (`sock sendmsg`, `sock iovmax`, `sock
 * sendzero`, `sock eagain`, `sock watchfail`); version 4 adds the argument
 * kinds of write and writelines (`write 100 as bytearray-cleared`,
 * `writelines 10 20 as tuple`); version 5 adds the header `work N` (a
 * case's loop iterations: a fuzz finding records its input's). A file
 * without a `wts` line
 * is read as version 1 (and may still use the later keys and ops); one
 * that declares a higher version than this is refused with a message that
 * says so. The formatter writes the least version that holds the file.
 */
#define WT_WTS_VERSION 5

/* The longest line the parser accepts, in bytes, without its newline. */
#define WT_WTS_LINE_MAX 4096
/* The longest profile or flavor name, with its NUL. */
#define WT_WTS_NAME_MAX 32
/* The longest `transport` spec, with its NUL. */
#define WT_WTS_SPEC_MAX 1024
/* How many profiles one `profile` header may name. */
#define WT_WTS_PROFILES_MAX 8
/* The most ops one scenario may hold. */
#define WT_WTS_OPS_MAX 100000
/* A buffer this large always holds one formatted op and its NUL. */
#define WT_WTS_OP_TEXT_MAX 256
/* A buffer this large holds any parse error message. */
#define WT_WTS_ERR_MAX 512

/*
 * A parsed scenario: the header's settings and the ops, in order. The ops
 * array is owned and allocated through alloc; release it with
 * wt_scenario_deinit.
 */
struct wt_scenario {
    const struct wt_allocator *alloc; /* NULL: the default allocator */
    uint32_t wts_version;             /* `wts N`; 0 = not given (version 1) */
    char kit_version[WT_WTS_NAME_MAX]; /* `kit 0.2.0`: the wtkit that wrote it; "" = not given */
    bool has_generator;               /* `generator N` was given */
    uint32_t generator;               /* the seed->ops generator version (WT_GEN_VERSION) */
    char transport[WT_WTS_SPEC_MAX];  /* `transport SPEC` it was recorded against; "" = not given */
    char recorded_profile[WT_WTS_NAME_MAX]; /* `recorded-profile P` it was judged under; "" */
    char recorded_status[24];         /* `recorded-failure STATUS [ID]`: "FAIL"...; "" = none */
    char recorded_clause[64];         /* ... and the clause it FAILed; "" */
    bool has_seed;                    /* `seed N` was given */
    uint64_t seed;                    /* any uint64 */
    uint64_t steps_max;               /* `steps N`, 1..WT_OP_STEPS_MAX; 0 = not given */
    uint64_t work_max;                /* `work N`, the run budget; 0 = not given */
    char flavor[WT_WTS_NAME_MAX];     /* `flavor F`; "" = not given */
    size_t nprofiles;                 /* `profile A B`; 0 = every profile */
    char profiles[WT_WTS_PROFILES_MAX][WT_WTS_NAME_MAX];
    struct wt_op *ops;
    size_t nops;
    size_t cap;
};

/* Empties *s and binds it to alloc (which may be NULL). */
void wt_scenario_init(struct wt_scenario *s, const struct wt_allocator *alloc);

/* Frees the ops; *s is empty (and reusable) afterwards. NULL is a no-op. */
void wt_scenario_deinit(struct wt_scenario *s);

/* True when the scenario runs under the profile name (no header: always). */
bool wt_scenario_for_profile(const struct wt_scenario *s, const char *profile);

/*
 * Parses a whole .wts text of len bytes into *s, which MUST have been
 * initialised (its earlier contents are replaced). filename is used only
 * in messages and may be NULL ("<input>").
 *
 * Returns WT_OK; WT_ESYNTAX with "FILE:LINE: message" written to err (at
 * most err_cap bytes, always NUL-terminated when err_cap > 0; err may be
 * NULL); WT_ELIMIT beyond WT_WTS_OPS_MAX ops (also with a message);
 * WT_ENOMEM. On any error *s holds no ops.
 */
int wt_wts_parse(const char *text, size_t len, const char *filename, struct wt_scenario *s,
                 char *err, size_t err_cap);

/*
 * Parses one op line (no header lines: this is the adapter wire form).
 * Blank and comment-only lines are WT_ENOENT (nothing to do). Returns
 * WT_OK and *op_out, WT_ENOENT, or WT_ESYNTAX with "FILE:LINE: message"
 * in err. line_no goes into op_out->line and the message.
 */
int wt_wts_parse_line(const char *line, size_t len, const char *filename, uint32_t line_no,
                      struct wt_op *op_out, char *err, size_t err_cap);

/*
 * Reads the file at path and parses it as wt_wts_parse does. Returns
 * those codes, or WT_EIO ("PATH: strerror" in err) when it cannot be read.
 */
int wt_wts_load(const char *path, struct wt_scenario *s, char *err, size_t err_cap);

/*
 * Writes the canonical text of one op (no newline) into buf, like
 * snprintf: returns the length it needed (< WT_WTS_OP_TEXT_MAX), or
 * WT_EINVAL for an op that fails wt_op_validate or names an unknown
 * clause. Parsing the text gives back an op equal in kind, on, flags,
 * nchunks, a, b and chunks.
 */
int wt_wts_format_op(const struct wt_op *op, char *buf, size_t cap);

/*
 * Writes the whole scenario (header, then one op per line) into buf, like
 * snprintf. The header is, each line only when set: `wts N` (N is
 * wts_version, or at least 2 when a version 2 key is set, 3 when a
 * version 3 op is used and 4 when an argument kind is), `kit`,
 * `generator`, `transport` (trimmed), `recorded-profile`, `seed`,
 * `profile`, `flavor`, `steps`. Parsing the text gives the scenario back.
 * Returns the length needed, or WT_EINVAL (an op that does not format, a
 * kit version or recorded profile that is not one word of the allowed
 * characters, or a transport with a `#`, a control character or invalid
 * UTF-8, which the language cannot hold).
 */
int wt_wts_format(const struct wt_scenario *s, char *buf, size_t cap);

#endif
