/* SPDX-License-Identifier: MIT */
/*
 * errors.h - every status code wtkit returns, from one table.
 *
 * Functions return WT_OK (0) or a negative WT_E* code. The bands are kept
 * apart so a code says what kind of failure it is:
 *   -1 .. -49    the contract's own errors (ValueError, RuntimeError, ...);
 *   -50 .. -99   a failure outside the contract (an unexpected exception
 *                escaping a transport call, as an adapter reports it);
 *   -100 .. -199 simulated socket / OS conditions;
 *   -200 .. -299 kit and input errors;
 *   <= WT_EFATAL  fatal and sticky: the world refuses further ops.
 */
#ifndef WT_ERRORS_H
#define WT_ERRORS_H

#include <stdbool.h>

/* XX(name, value, python exception name or NULL, message) */
#define WT_ERRNO_MAP(XX)                                                              \
    XX(EVALUE, -1, "ValueError", "invalid value")                                     \
    XX(ESTATE, -2, "RuntimeError", "invalid state for this call")                     \
    XX(ENOTIMPL, -3, "NotImplementedError", "not supported by this transport")        \
    XX(EBUFFER, -4, NULL, "a kind of data the docs do not cover was refused")         \
    XX(ECALLBACK, -10, "Exception", "a protocol callback raised")                     \
    XX(EUNEXPECTED, -50, "Exception", "unexpected exception escaped the call")        \
    XX(EATTRIBUTE, -51, "AttributeError", "unexpected AttributeError")                \
    XX(ETYPE, -52, "TypeError", "unexpected TypeError")                               \
    XX(EASSERTION, -53, "AssertionError", "unexpected AssertionError")                \
    XX(EOSERROR, -54, "OSError", "unexpected OSError escaped the call")               \
    XX(EAGAIN, -100, "BlockingIOError", "the socket would block")                     \
    XX(EPIPE, -101, "BrokenPipeError", "broken pipe")                                 \
    XX(ECONNRESET, -102, "ConnectionResetError", "connection reset by peer")          \
    XX(ENOTSUP, -103, "OSError", "shutdown(SHUT_WR) is not supported")                \
    XX(ECLOSED, -104, "OSError", "the socket is closed")                              \
    XX(EMSGSIZE, -105, "OSError", "more buffers than IOV_MAX in one sendmsg")         \
    XX(EWATCH, -106, "OSError", "the loop could not watch the socket")                \
    XX(EINVAL, -200, NULL, "invalid argument to a kit function")                      \
    XX(ESYNTAX, -201, NULL, "syntax error")                                           \
    XX(EADAPTER, -202, NULL, "the transport or adapter could not be run")             \
    XX(ETIMEOUT, -203, NULL, "the step bound was reached")                            \
    XX(ENOENT, -204, NULL, "no such thing")                                           \
    XX(EIO, -205, NULL, "input/output error")                                         \
    XX(EEXPECT, -206, NULL, "an expectation did not hold")                            \
    XX(ELIMIT, -207, NULL, "a fixed capacity of the kit was exceeded")                \
    XX(ENOMEM, -300, NULL, "out of memory")                                           \
    XX(EINTERNAL, -301, NULL, "internal invariant broken")

enum wt_status {
    WT_OK = 0,
#define WT_ERR_ENUM(name, value, py, msg) WT_##name = (value),
    WT_ERRNO_MAP(WT_ERR_ENUM)
#undef WT_ERR_ENUM
};

#define WT_EFATAL (-300)

/* The message for a code; never NULL ("unknown error" for unknown codes). */
const char *wt_strerror(int rc);

/* The name of a code without the WT_ prefix ("EVALUE"); "OK" for 0. */
const char *wt_err_name(int rc);

/* The Python exception a code stands for ("ValueError"), or NULL. */
const char *wt_err_python(int rc);

/*
 * Looks a code up by its Python exception name or by its own name
 * ("ValueError" or "EVALUE"). Returns WT_OK and sets *rc_out, or
 * WT_ENOENT. Contract codes win where two codes share a Python name.
 */
int wt_err_lookup(const char *name, int *rc_out);

static inline bool wt_is_fatal(int rc) { return rc <= WT_EFATAL; }

/* True for the errors the contract itself defines (ValueError and kin). */
static inline bool wt_is_contract_error(int rc) { return rc <= -1 && rc >= -49; }

/* True for failures outside the contract (a crash of the call itself). */
static inline bool wt_is_unexpected_error(int rc) { return rc <= -50 && rc >= -99; }

/* True for simulated socket and OS conditions. */
static inline bool wt_is_socket_error(int rc) { return rc <= -100 && rc >= -199; }

#endif
