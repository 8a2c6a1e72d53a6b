/* SPDX-License-Identifier: MIT */
/*
 * sock.h - the fake stream socket and the peer behind it.
 *
 * Send side: a kernel send buffer of buffer_bytes that the peer drains at
 * drain_per_ms bytes per virtual millisecond (lazily, from the clock), or
 * when told (wt_sock_peer_read), or never; each send accepts at most
 * cap_bytes. "block" makes every send return WT_EAGAIN; "open" accepts
 * everything. With random on, the amount a send accepts is drawn from the
 * world's PRNG in [0, what would fit] (0 means WT_EAGAIN). A budget bounds
 * what all sends accept together in one loop iteration's window; the
 * world opens each window (wt_sock_next_window), and readiness does not
 * look at a spent window, since a poller asks when a window opens.
 *
 * Faults: a pending error (WT_EPIPE, WT_ECONNRESET) makes the next send
 * fail and every later one too; a spurious wake-up makes the writable watch
 * fire once although a send would block; shutdown(SHUT_WR) may be
 * unsupported (WT_ENOTSUP).
 *
 * Platform code paths (struct wt_sock_platform): whether a vectored send
 * (sendmsg) exists and how many buffers it takes (IOV_MAX), and whether a
 * send that would block returns 0 bytes instead of WT_EAGAIN (a send
 * returning 0). Two one-shot faults: the first send of the next writable
 * wake-up fails with WT_EAGAIN although there is room, and the next
 * watch of a direction cannot be set (add_writer / add_reader raising).
 *
 * Receive side: the peer sends bytes (its own stream, the same k mod 251
 * pattern), half-closes (EOF) or closes; the transport reads with
 * wt_sock_recv.
 *
 * The peer checks that what it is given is exactly the pattern stream from
 * offset 0: the first byte that differs is remembered as corrupt_at.
 *
 * Sans-I/O: nothing here blocks, reads a clock or allocates after _new.
 */
#ifndef WT_SOCK_H
#define WT_SOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "prng.h"

#define WT_NS_PER_MS 1000000ull

/* Byte k of every stream the kit writes. */
static inline uint8_t wt_stream_byte(uint64_t k) { return (uint8_t)(k % 251u); }

/* Fills buf with stream bytes from offset on (block copies from a table). */
void wt_stream_fill(uint8_t *buf, size_t len, uint64_t offset);

/*
 * How many bytes at the start of data are the stream from offset on: len
 * when all are, else the index of the first that is not (block compares).
 */
size_t wt_stream_check(const uint8_t *data, size_t len, uint64_t offset);

/* One buffer of a vectored send, and one chunk of writelines. */
struct wt_buf {
    const uint8_t *data;
    size_t len;
};

/* The platform's code paths (wt_sock_set_platform); the defaults are Linux's. */
#define WT_SOCK_IOV_MAX 1024u /* Linux's IOV_MAX: the default and the largest */
struct wt_sock_platform {
    bool sendmsg;       /* a vectored send exists (default true) */
    uint32_t iov_max;   /* buffers one vectored send takes, 1..WT_SOCK_IOV_MAX */
    bool send_zero;     /* a send that would block returns 0 bytes, not WT_EAGAIN */
};

/* Watch directions of wt_sock_watch_fail: bit 1 << enum wt_watch_dir (loop.h). */
#define WT_SOCK_WATCH_BIT(dir) (1u << (dir))

/* The peer's record of what arrived. */
struct wt_peer_stats {
    uint64_t accepted;   /* bytes the socket accepted from the transport */
    uint64_t drained;    /* bytes the peer has read out of the kernel buffer */
    int64_t corrupt_at;  /* first wrong offset, -1 if none */
    bool fin;            /* shutdown(SHUT_WR) or close seen after the data */
    bool closed;         /* the transport closed the socket */
    uint64_t sends;      /* send calls, failed ones included */
};

struct wt_sock;

/* Defaults: open (accept all), drain never, half-close supported. */
int wt_sock_new(const struct wt_allocator *a, struct wt_prng *prng, struct wt_sock **sock_out);
void wt_sock_free(struct wt_sock *s);

/* Brings lazy draining up to now (call before any query or send). */
void wt_sock_sync(struct wt_sock *s, uint64_t now_ns);

/* Schedule. All return WT_OK or WT_EINVAL. */
int wt_sock_set_buffer(struct wt_sock *s, uint64_t buffer_bytes);
int wt_sock_set_cap(struct wt_sock *s, uint64_t cap_bytes); /* 0 = no cap */
int wt_sock_set_drain(struct wt_sock *s, uint64_t drain_per_ms, uint64_t now_ns);
int wt_sock_set_block(struct wt_sock *s);
int wt_sock_set_open(struct wt_sock *s);
int wt_sock_set_random(struct wt_sock *s, bool on);
int wt_sock_set_halfclose(struct wt_sock *s, bool supported);
/* At most budget_bytes per window in all sends (0 = no budget); the window
 * now open gets the whole new budget. */
int wt_sock_set_budget(struct wt_sock *s, uint64_t budget_bytes);
/* A loop iteration starts: a new window with the whole budget. */
void wt_sock_next_window(struct wt_sock *s);

/* The platform's code paths: a copy in, a copy out. WT_OK or WT_EINVAL (iov_max 0 or too big). */
int wt_sock_set_platform(struct wt_sock *s, const struct wt_sock_platform *p);
void wt_sock_get_platform(const struct wt_sock *s, struct wt_sock_platform *out);

/* Faults. */
int wt_sock_fail(struct wt_sock *s, int err);  /* WT_EPIPE or WT_ECONNRESET */
int wt_sock_spurious(struct wt_sock *s);
/*
 * One-shot: the first send made inside the next writable wake-up returns
 * WT_EAGAIN although the socket has room (the poller said writable, the
 * send says otherwise). The world brackets each writable wake-up with
 * wt_sock_wake_begin / wt_sock_wake_end.
 */
int wt_sock_eagain_wake(struct wt_sock *s);
void wt_sock_wake_begin(struct wt_sock *s);
void wt_sock_wake(struct wt_sock *s); /* the spurious wake-up taken, then wt_sock_wake_begin */
void wt_sock_wake_end(struct wt_sock *s);
/*
 * One-shot per direction: the next time the transport sets a watch of
 * direction dir (a WT_SOCK_WATCH_BIT bit of mask), it fails: take returns
 * true once and consumes it.
 */
int wt_sock_watch_fail(struct wt_sock *s, unsigned mask);
bool wt_sock_watch_fail_take(struct wt_sock *s, int dir);

/* The peer reads up to n bytes now; *drained_out gets how many. */
int wt_sock_peer_read(struct wt_sock *s, uint64_t n, uint64_t *drained_out);

/* Peer to transport. */
int wt_sock_peer_send(struct wt_sock *s, uint64_t n);
int wt_sock_peer_eof(struct wt_sock *s);
int wt_sock_peer_close(struct wt_sock *s); /* EOF, and later sends fail with WT_EPIPE */

/*
 * The transport sends. Accepts 0 < *accepted_out <= len and returns WT_OK
 * (0 accepted with WT_OK too when the platform's send_zero is on and the
 * send would block), or returns WT_EAGAIN (nothing accepted: the caller
 * MUST watch for writability before trying again), WT_EPIPE / WT_ECONNRESET, WT_ECLOSED
 * after close, or WT_EINVAL for a bad argument. len == 0 returns WT_OK
 * with 0 accepted.
 */
int wt_sock_send(struct wt_sock *s, const uint8_t *data, size_t len, size_t *accepted_out);

/*
 * wt_sock_sync(s, now_ns), then wt_sock_send, in one call: what a host's
 * send does. *after_out gets the stream position before and after the
 * send and the peer's findings after it (wt_sock_corrupt_at, wt_sock_fin).
 * accepted_out and after_out MUST NOT be NULL.
 */
struct wt_sock_after {
    uint64_t before;     /* wt_sock_accepted before the send */
    uint64_t pos;        /* ... and after it */
    int64_t corrupt_at;
    bool fin;
};
int wt_sock_send_at(struct wt_sock *s, uint64_t now_ns, const uint8_t *data, size_t len,
                    size_t *accepted_out, struct wt_sock_after *after_out);

/*
 * wt_sock_send of len pattern bytes starting at phase (0..250), without
 * the bytes: what is accepted, the PRNG draws and the peer's finding are
 * those of wt_sock_send given the same bytes (a run at the wrong phase is
 * wrong at its first byte). For data described rather than held (the
 * adapter protocol's "@P+N"). WT_EINVAL for phase > 250.
 */
int wt_sock_send_pattern(struct wt_sock *s, uint32_t phase, size_t len, size_t *accepted_out);

/*
 * A vectored send (sendmsg) of nbufs buffers, as one send of their
 * concatenation: the same acceptance, checks and codes. WT_EATTRIBUTE
 * when the platform has no sendmsg (Python's AttributeError), WT_EMSGSIZE
 * for more than iov_max buffers; nothing is sent then.
 */
int wt_sock_sendmsg(struct wt_sock *s, const struct wt_buf *bufs, size_t nbufs,
                    size_t *accepted_out);

/* shutdown(SHUT_WR): WT_OK, WT_ENOTSUP, WT_ECLOSED or a pending error. */
int wt_sock_shutdown_write(struct wt_sock *s);

/* The transport closes its end. Idempotent. */
int wt_sock_close(struct wt_sock *s);

/*
 * The transport reads: *got_out bytes (0 with WT_OK means EOF), or
 * WT_EAGAIN when nothing is there yet, WT_ECLOSED after close.
 */
int wt_sock_recv(struct wt_sock *s, uint8_t *buf, size_t cap, size_t *got_out);

/* Readiness as a poller sees it (consumes nothing). */
bool wt_sock_writable(const struct wt_sock *s);    /* a send would not block, or would fail */
bool wt_sock_readable(const struct wt_sock *s);    /* data, EOF or an error to read */
bool wt_sock_spurious_pending(const struct wt_sock *s);
/* A poller's answer at now_ns: wt_sock_sync, then wt_sock_writable or a
 * pending spurious wake-up (write), or wt_sock_readable (!write). */
bool wt_sock_poll(struct wt_sock *s, uint64_t now_ns, bool write);
/* Both at once, one sync: WT_SOCK_WATCH_BIT(0) writable, (1) readable, each
 * asked only when its flag is set (the loop's WT_WATCH_WRITE is 0, READ 1). */
unsigned wt_sock_poll_mask(struct wt_sock *s, uint64_t now_ns, bool write, bool read);
void wt_sock_spurious_take(struct wt_sock *s);     /* the spurious wake-up was delivered */
bool wt_sock_would_accept(const struct wt_sock *s); /* not blocked, room, no error */

/* When draining next frees room; UINT64_MAX if it never will. */
uint64_t wt_sock_next_room_ns(const struct wt_sock *s, uint64_t now_ns);

void wt_sock_peer_stats(const struct wt_sock *s, struct wt_peer_stats *out);
/* The three stats the world reads on every send, without the copy. */
uint64_t wt_sock_accepted(const struct wt_sock *s);
int64_t wt_sock_corrupt_at(const struct wt_sock *s);
bool wt_sock_fin(const struct wt_sock *s);
uint64_t wt_sock_buffered(const struct wt_sock *s); /* bytes in the kernel send buffer */

/* Checks internal invariants; WT_OK or WT_EINTERNAL. */
int wt_sock_validate(const struct wt_sock *s);

#endif
