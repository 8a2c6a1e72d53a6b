/* SPDX-License-Identifier: MIT */
/*
 * sock.c - the fake stream socket between the transport and the peer.
 *
 * Send side. The kernel send buffer holds accepted - drained bytes. Its
 * size is unlimited in "open" mode (the default) and buffer_bytes after
 * wt_sock_set_buffer; "block" refuses every send. The cap bounds one send
 * in every mode. The peer drains drain_per_ms bytes at each whole virtual
 * millisecond since the rate was set; draining is lazy: wt_sock_sync(now)
 * applies the boundaries passed since the last one, so the socket never
 * needs a timer and the loop asks wt_sock_next_room_ns when to look again.
 *
 * The peer checks every accepted byte against the pattern stream and keeps
 * the first wrong offset. Bytes are made and checked in blocks: a table of
 * the pattern, 17 periods long, is copied (memcpy) and compared (memcmp)
 * from the right phase, so a byte costs a fraction of an instruction.
 *
 * A per-iteration budget (wt_sock_set_budget) bounds what all sends
 * together accept between two loop iterations; the world opens a new
 * window at the start of every iteration (wt_sock_next_window). Readiness
 * ignores a spent window: a poller asks at the start of an iteration,
 * when the window is new.
 *
 * Receive side: the peer's own pattern stream, counted (never stored): the
 * peer has sent peer_sent bytes, the transport has read recv_off of them.
 *
 * Errors are sticky: after wt_sock_fail (or the peer closing), every send
 * and shutdown reports the error, and the socket counts as writable so a
 * transport waiting for writability finds out.
 *
 * Sections: helpers and invariants; life cycle and schedule; faults and the
 * peer; the transport's calls; readiness and stats.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wt/assert.h"
#include "wt/errors.h"
#include "wt/sock.h"

/* ------------------------------------------------------------------ */
/* Helpers and invariants                                             */
/* ------------------------------------------------------------------ */

/* For the send path's helpers: a call there costs more than their body. */
#if defined(__GNUC__)
#define SOCK_INLINE static inline __attribute__((always_inline))
#else
#define SOCK_INLINE static inline
#endif


/* The pattern, 17 periods: byte i is i mod 251 (a compile-time table). */
#define SOCK_P10(b) (b), (b) + 1, (b) + 2, (b) + 3, (b) + 4, (b) + 5, (b) + 6, (b) + 7, (b) + 8, (b) + 9
#define SOCK_P50(b) SOCK_P10(b), SOCK_P10((b) + 10), SOCK_P10((b) + 20), SOCK_P10((b) + 30), \
                    SOCK_P10((b) + 40)
#define SOCK_P251                                                                           \
    SOCK_P50(0), SOCK_P50(50), SOCK_P50(100), SOCK_P50(150), SOCK_P50(200), 250
#define SOCK_PERIODS 17
#define SOCK_TABLE_LEN (SOCK_PERIODS * 251)

static const uint8_t sock_pattern[SOCK_TABLE_LEN] = {
    SOCK_P251, SOCK_P251, SOCK_P251, SOCK_P251, SOCK_P251, SOCK_P251, SOCK_P251, SOCK_P251,
    SOCK_P251, SOCK_P251, SOCK_P251, SOCK_P251, SOCK_P251, SOCK_P251, SOCK_P251, SOCK_P251,
    SOCK_P251,
};

/* The longest block that starts at any phase inside the table. */
#define SOCK_BLOCK (SOCK_TABLE_LEN - 251)

struct wt_sock {
    const struct wt_allocator *alloc;
    struct wt_prng *prng; /* borrowed; NULL: random mode unavailable */

    /* schedule */
    bool open;             /* unlimited buffer */
    bool block;            /* every send would block */
    bool random;           /* accepted amounts drawn from the PRNG */
    bool halfclose;        /* shutdown(SHUT_WR) supported */
    uint64_t buffer_bytes; /* kernel buffer size when not open */
    uint64_t cap_bytes;    /* most one send accepts; 0 = no cap */
    uint64_t drain_per_ms; /* 0 = never */
    uint64_t drain_last_ns; /* the last drain boundary applied */
    uint64_t budget_bytes; /* what one iteration's window accepts; 0 = no budget */
    uint64_t window_left;  /* what is left of this window */

    /* send side and the peer's record */
    uint64_t accepted;
    uint64_t drained;
    int64_t corrupt_at;
    uint64_t sends;
    bool fin;
    bool closed;
    int err;       /* sticky error: 0, WT_EPIPE or WT_ECONNRESET */
    bool spurious; /* a spurious writable wake-up is pending */
    struct wt_sock_platform platform;
    bool eagain_armed; /* the next writable wake-up's first send: WT_EAGAIN */
    bool eagain_now;   /* ... and this is that wake-up */
    unsigned watch_fail; /* WT_SOCK_WATCH_BIT per direction whose next watch fails */

    /* receive side */
    uint64_t peer_sent;
    uint64_t recv_off;
    bool peer_eof;
    bool peer_closed;
    uint32_t validate_tick; /* WT_VALIDATE_DUE */
};

static uint64_t sock_min(uint64_t x, uint64_t y) { return x < y ? x : y; }

static uint64_t sock_sat_add(uint64_t x, uint64_t y) { return x > UINT64_MAX - y ? UINT64_MAX : x + y; }

static uint64_t sock_sat_mul(uint64_t x, uint64_t y)
{
    return (y != 0 && x > UINT64_MAX / y) ? UINT64_MAX : x * y;
}

static uint64_t sock_buffered(const struct wt_sock *s) { return s->accepted - s->drained; }

/* Free room in the kernel buffer; a shrunk buffer can be over-full. */
static uint64_t sock_room(const struct wt_sock *s)
{
    if (s->open) {
        return UINT64_MAX;
    }
    uint64_t used = sock_buffered(s);
    return used >= s->buffer_bytes ? 0 : s->buffer_bytes - used;
}

int wt_sock_validate(const struct wt_sock *s)
{
    if (s == NULL) {
        return WT_EINTERNAL;
    }
    bool ok = s->drained <= s->accepted && s->recv_off <= s->peer_sent &&
              (s->err == 0 || s->err == WT_EPIPE || s->err == WT_ECONNRESET) &&
              (!s->random || s->prng != NULL) && (!s->closed || s->fin) &&
              (!s->peer_closed || s->peer_eof) && s->corrupt_at >= -1 &&
              (s->corrupt_at == -1 || (uint64_t)s->corrupt_at < s->accepted) &&
              (s->budget_bytes != 0 || s->window_left == 0) && s->window_left <= s->budget_bytes &&
              s->platform.iov_max >= 1 && s->platform.iov_max <= WT_SOCK_IOV_MAX;
    return ok ? WT_OK : WT_EINTERNAL;
}

void wt_stream_fill(uint8_t *buf, size_t len, uint64_t offset)
{
    if (buf == NULL) {
        return;
    }
    size_t phase = (size_t)(offset % 251u);
    while (len > 0) {
        size_t n = len < SOCK_BLOCK ? len : SOCK_BLOCK;
        memcpy(buf, sock_pattern + phase, n);
        buf += n;
        len -= n;
        phase = (phase + n) % 251u;
    }
}

size_t wt_stream_check(const uint8_t *data, size_t len, uint64_t offset)
{
    size_t phase = (size_t)(offset % 251u);
    /* The common case, one block that matches: one memcmp. */
    if (len <= SOCK_BLOCK && memcmp(data, sock_pattern + phase, len) == 0) {
        return len;
    }
    size_t at = 0;
    while (at < len) {
        size_t n = len - at < SOCK_BLOCK ? len - at : SOCK_BLOCK;
        if (memcmp(data + at, sock_pattern + phase, n) != 0) {
            /* Only the block that differs is looked at byte by byte. */
            for (size_t i = 0; i < n; i++) {
                if (data[at + i] != sock_pattern[phase + i]) {
                    return at + i;
                }
            }
        }
        at += n;
        phase = (phase + n) % 251u;
    }
    return len;
}

/* ------------------------------------------------------------------ */
/* Life cycle and schedule                                            */
/* ------------------------------------------------------------------ */

int wt_sock_new(const struct wt_allocator *a, struct wt_prng *prng, struct wt_sock **sock_out)
{
    if (sock_out == NULL) {
        return WT_EINVAL;
    }
    *sock_out = NULL;
    struct wt_sock *s = wt_calloc(a, 1, sizeof(*s));
    if (s == NULL) {
        return WT_ENOMEM;
    }
    s->alloc = a;
    s->prng = prng;
    s->open = true;
    s->halfclose = true;
    s->corrupt_at = -1;
    s->platform = (struct wt_sock_platform){.sendmsg = true, .iov_max = WT_SOCK_IOV_MAX};
    WT_ASSERT(wt_sock_validate(s) == WT_OK);
    *sock_out = s;
    return WT_OK;
}

void wt_sock_free(struct wt_sock *s)
{
    if (s == NULL) {
        return;
    }
    wt_free(s->alloc, s);
}

/* wt_sock_sync's body; inlined where the socket's hot calls sync first. */
static inline void sock_sync(struct wt_sock *s, uint64_t now_ns)
{
    if (s->drain_per_ms == 0 || now_ns <= s->drain_last_ns) {
        return;
    }
    uint64_t ms = (now_ns - s->drain_last_ns) / WT_NS_PER_MS;
    if (ms == 0) {
        return;
    }
    /* Boundaries stay aligned to when the rate was set, buffer empty or not. */
    s->drain_last_ns += ms * WT_NS_PER_MS;
    uint64_t amount = sock_min(sock_sat_mul(ms, s->drain_per_ms), sock_buffered(s));
    s->drained += amount;
    if (WT_VALIDATE_DUE(s->validate_tick)) {
        WT_ASSERT(wt_sock_validate(s) == WT_OK);
    }
}

void wt_sock_sync(struct wt_sock *s, uint64_t now_ns)
{
    if (s != NULL) {
        sock_sync(s, now_ns);
    }
}

int wt_sock_set_buffer(struct wt_sock *s, uint64_t buffer_bytes)
{
    if (s == NULL) {
        return WT_EINVAL;
    }
    s->buffer_bytes = buffer_bytes;
    s->open = false;
    s->block = false;
    return WT_OK;
}

int wt_sock_set_cap(struct wt_sock *s, uint64_t cap_bytes)
{
    if (s == NULL) {
        return WT_EINVAL;
    }
    s->cap_bytes = cap_bytes;
    return WT_OK;
}

int wt_sock_set_drain(struct wt_sock *s, uint64_t drain_per_ms, uint64_t now_ns)
{
    if (s == NULL) {
        return WT_EINVAL;
    }
    /* The old rate applies up to now; the new one counts from now on. */
    wt_sock_sync(s, now_ns);
    s->drain_per_ms = drain_per_ms;
    if (now_ns > s->drain_last_ns) {
        s->drain_last_ns = now_ns;
    }
    return WT_OK;
}

int wt_sock_set_budget(struct wt_sock *s, uint64_t budget_bytes)
{
    if (s == NULL) {
        return WT_EINVAL;
    }
    /* The window now running gets the new budget whole. */
    s->budget_bytes = budget_bytes;
    s->window_left = budget_bytes;
    return WT_OK;
}

void wt_sock_next_window(struct wt_sock *s)
{
    if (s != NULL) {
        s->window_left = s->budget_bytes;
    }
}

int wt_sock_set_block(struct wt_sock *s)
{
    if (s == NULL) {
        return WT_EINVAL;
    }
    s->block = true;
    return WT_OK;
}

int wt_sock_set_open(struct wt_sock *s)
{
    if (s == NULL) {
        return WT_EINVAL;
    }
    s->open = true;
    s->block = false;
    return WT_OK;
}

int wt_sock_set_random(struct wt_sock *s, bool on)
{
    if (s == NULL || (on && s->prng == NULL)) {
        return WT_EINVAL;
    }
    s->random = on;
    return WT_OK;
}

int wt_sock_set_halfclose(struct wt_sock *s, bool supported)
{
    if (s == NULL) {
        return WT_EINVAL;
    }
    s->halfclose = supported;
    return WT_OK;
}

int wt_sock_set_platform(struct wt_sock *s, const struct wt_sock_platform *p)
{
    if (s == NULL || p == NULL || p->iov_max == 0 || p->iov_max > WT_SOCK_IOV_MAX) {
        return WT_EINVAL;
    }
    s->platform = *p;
    return WT_OK;
}

void wt_sock_get_platform(const struct wt_sock *s, struct wt_sock_platform *out)
{
    if (s != NULL && out != NULL) {
        *out = s->platform;
    }
}

/* ------------------------------------------------------------------ */
/* Faults and the peer                                                */
/* ------------------------------------------------------------------ */

int wt_sock_eagain_wake(struct wt_sock *s)
{
    if (s == NULL) {
        return WT_EINVAL;
    }
    s->eagain_armed = true;
    return WT_OK;
}

void wt_sock_wake_begin(struct wt_sock *s)
{
    if (s != NULL && s->eagain_armed) {
        s->eagain_armed = false;
        s->eagain_now = true;
    }
}

void wt_sock_wake(struct wt_sock *s)
{
    if (s != NULL) {
        s->spurious = false;
        wt_sock_wake_begin(s);
    }
}

void wt_sock_wake_end(struct wt_sock *s)
{
    if (s != NULL) {
        s->eagain_now = false; /* a wake-up that sent nothing has used it up too */
    }
}

int wt_sock_watch_fail(struct wt_sock *s, unsigned mask)
{
    if (s == NULL || mask == 0 || mask > 3u) {
        return WT_EINVAL;
    }
    s->watch_fail |= mask;
    return WT_OK;
}

bool wt_sock_watch_fail_take(struct wt_sock *s, int dir)
{
    if (s == NULL || dir < 0 || dir > 1 || (s->watch_fail & WT_SOCK_WATCH_BIT(dir)) == 0) {
        return false;
    }
    s->watch_fail &= ~WT_SOCK_WATCH_BIT(dir);
    return true;
}

int wt_sock_fail(struct wt_sock *s, int err)
{
    if (s == NULL || (err != WT_EPIPE && err != WT_ECONNRESET)) {
        return WT_EINVAL;
    }
    /* A dead socket stays dead with its first error. */
    if (s->err == 0) {
        s->err = err;
    }
    return WT_OK;
}

int wt_sock_spurious(struct wt_sock *s)
{
    if (s == NULL) {
        return WT_EINVAL;
    }
    s->spurious = true;
    return WT_OK;
}

int wt_sock_peer_read(struct wt_sock *s, uint64_t n, uint64_t *drained_out)
{
    if (drained_out != NULL) {
        *drained_out = 0;
    }
    if (s == NULL) {
        return WT_EINVAL;
    }
    uint64_t amount = sock_min(n, sock_buffered(s));
    s->drained += amount;
    if (drained_out != NULL) {
        *drained_out = amount;
    }
    return WT_OK;
}

int wt_sock_peer_send(struct wt_sock *s, uint64_t n)
{
    /* A peer that has half-closed cannot send more. */
    if (s == NULL || s->peer_eof || n > UINT64_MAX - s->peer_sent) {
        return WT_EINVAL;
    }
    s->peer_sent += n;
    return WT_OK;
}

int wt_sock_peer_eof(struct wt_sock *s)
{
    if (s == NULL) {
        return WT_EINVAL;
    }
    s->peer_eof = true;
    return WT_OK;
}

int wt_sock_peer_close(struct wt_sock *s)
{
    if (s == NULL) {
        return WT_EINVAL;
    }
    s->peer_eof = true;
    s->peer_closed = true;
    return WT_OK;
}

/* ------------------------------------------------------------------ */
/* The transport's calls                                              */
/* ------------------------------------------------------------------ */

/* The error a send or shutdown reports before looking at room, or 0. */
static int sock_send_error(const struct wt_sock *s)
{
    if (s->closed) {
        return WT_ECLOSED;
    }
    if (s->err != 0) {
        return s->err;
    }
    if (s->peer_closed || s->fin) {
        return WT_EPIPE; /* the peer is gone, or we already sent FIN */
    }
    return 0;
}

/* The peer's check of accepted bytes: the first offset off the pattern. */
static inline void sock_peer_verify(struct wt_sock *s, const uint8_t *data, uint64_t n)
{
    if (s->corrupt_at >= 0) {
        return; /* only the first wrong byte is news */
    }
    /* The common case inline: one block that matches (wt_stream_check's first test). */
    size_t phase = (size_t)(s->accepted % 251u);
    if (n <= SOCK_BLOCK && memcmp(data, sock_pattern + phase, (size_t)n) == 0) {
        return;
    }
    size_t good = wt_stream_check(data, (size_t)n, s->accepted);
    if (good < n) {
        s->corrupt_at = (int64_t)(s->accepted + good);
    }
}

/* How much a send of len may take now (before a random draw); 0: it would block. */
SOCK_INLINE uint64_t sock_fit(const struct wt_sock *s, uint64_t len)
{
    uint64_t fit = sock_min(len, sock_room(s));
    if (s->cap_bytes != 0) {
        fit = sock_min(fit, s->cap_bytes);
    }
    if (s->budget_bytes != 0) {
        fit = sock_min(fit, s->window_left);
    }
    /* Never let the stream position wrap (it would take 2^64 bytes). */
    return sock_min(fit, (uint64_t)INT64_MAX - s->accepted);
}

/* The accepted bytes join the stream and spend the window. */
static inline void sock_accept(struct wt_sock *s, uint64_t n)
{
    s->accepted += n;
    if (s->budget_bytes != 0) {
        WT_ASSERT(n <= s->window_left);
        s->window_left -= n;
    }
    if (WT_VALIDATE_DUE(s->validate_tick)) {
        WT_ASSERT(wt_sock_validate(s) == WT_OK);
    }
}

/*
 * What one send of len bytes may do, the same for bytes and for a pattern
 * run: a sticky error, nothing (len 0), would-block, or *n_out > 0 bytes to
 * accept. Returns WT_OK with *n_out, or the send's error or WT_EAGAIN.
 */
SOCK_INLINE int sock_send_room(struct wt_sock *s, size_t len, uint64_t *n_out)
{
    *n_out = 0;
    s->sends++;
    int err = sock_send_error(s);
    if (err != 0) {
        return err;
    }
    if (len == 0) {
        return WT_OK;
    }
    /* The poller said writable; this send says otherwise, once. */
    if (s->eagain_now) {
        s->eagain_now = false;
        return s->platform.send_zero ? WT_OK : WT_EAGAIN;
    }
    if (s->block) {
        return s->platform.send_zero ? WT_OK : WT_EAGAIN;
    }
    uint64_t fit = sock_fit(s, (uint64_t)len);
    uint64_t n = s->random ? wt_prng_range(s->prng, 0, fit) : fit;
    *n_out = n;
    /* A would-block is EAGAIN, or a send that returns 0 on such a platform. */
    return n == 0 && !s->platform.send_zero ? WT_EAGAIN : WT_OK;
}

SOCK_INLINE int sock_send(struct wt_sock *s, const uint8_t *data, size_t len,
                          size_t *accepted_out);

int wt_sock_send(struct wt_sock *s, const uint8_t *data, size_t len, size_t *accepted_out)
{
    if (accepted_out != NULL) {
        *accepted_out = 0;
    }
    if (s == NULL || accepted_out == NULL || (data == NULL && len > 0)) {
        return WT_EINVAL;
    }
    return sock_send(s, data, len, accepted_out);
}

int wt_sock_send_at(struct wt_sock *s, uint64_t now_ns, const uint8_t *data, size_t len,
                    size_t *accepted_out, struct wt_sock_after *after_out)
{
    *accepted_out = 0;
    if (s == NULL) {
        return WT_EINVAL;
    }
    sock_sync(s, now_ns);
    after_out->before = s->accepted;
    int rc = data == NULL && len > 0 ? WT_EINVAL : sock_send(s, data, len, accepted_out);
    after_out->pos = s->accepted;
    after_out->corrupt_at = s->corrupt_at;
    after_out->fin = s->fin;
    return rc;
}

/* wt_sock_send with its arguments checked. */
SOCK_INLINE int sock_send(struct wt_sock *s, const uint8_t *data, size_t len,
                          size_t *accepted_out)
{
    uint64_t n;
    int rc = sock_send_room(s, len, &n);
    if (rc != WT_OK || n == 0) {
        return rc;
    }
    sock_peer_verify(s, data, n);
    sock_accept(s, n);
    *accepted_out = (size_t)n;
    WT_ASSERT(n <= len);
    return WT_OK;
}

int wt_sock_sendmsg(struct wt_sock *s, const struct wt_buf *bufs, size_t nbufs,
                    size_t *accepted_out)
{
    if (accepted_out != NULL) {
        *accepted_out = 0;
    }
    if (s == NULL || accepted_out == NULL || (bufs == NULL && nbufs > 0)) {
        return WT_EINVAL;
    }
    if (!s->platform.sendmsg) {
        return WT_EATTRIBUTE; /* socket.socket has no sendmsg here */
    }
    if (nbufs > s->platform.iov_max) {
        return WT_EMSGSIZE;
    }
    uint64_t len = 0;
    for (size_t i = 0; i < nbufs; i++) {
        if (bufs[i].data == NULL && bufs[i].len > 0) {
            return WT_EINVAL;
        }
        len += bufs[i].len; /* at most iov_max lengths of memory: no overflow */
    }
    uint64_t n;
    int rc = sock_send_room(s, (size_t)len, &n);
    if (rc != WT_OK || n == 0) {
        return rc;
    }
    /* The accepted prefix spans the buffers in order. */
    uint64_t left = n;
    for (size_t i = 0; i < nbufs && left > 0; i++) {
        uint64_t take = sock_min(left, bufs[i].len);
        sock_peer_verify(s, bufs[i].data, take);
        sock_accept(s, take);
        left -= take;
    }
    *accepted_out = (size_t)n;
    return WT_OK;
}

int wt_sock_send_pattern(struct wt_sock *s, uint32_t phase, size_t len, size_t *accepted_out)
{
    if (accepted_out != NULL) {
        *accepted_out = 0;
    }
    if (s == NULL || accepted_out == NULL || phase >= 251u) {
        return WT_EINVAL;
    }
    uint64_t n;
    int rc = sock_send_room(s, len, &n);
    if (rc != WT_OK || n == 0) {
        return rc;
    }
    /* A run that starts at the wrong phase is wrong at its first byte (the
     * phase of every later byte is off by the same amount). */
    if (s->corrupt_at < 0 && phase != s->accepted % 251u) {
        s->corrupt_at = (int64_t)s->accepted;
    }
    sock_accept(s, n);
    *accepted_out = (size_t)n;
    return WT_OK;
}

int wt_sock_shutdown_write(struct wt_sock *s)
{
    if (s == NULL) {
        return WT_EINVAL;
    }
    if (s->closed) {
        return WT_ECLOSED;
    }
    if (s->err != 0) {
        return s->err;
    }
    if (!s->halfclose) {
        return WT_ENOTSUP;
    }
    s->fin = true; /* idempotent, as shutdown(2) is */
    return WT_OK;
}

int wt_sock_close(struct wt_sock *s)
{
    if (s == NULL) {
        return WT_EINVAL;
    }
    /* The kernel still sends FIN after the buffered data on close. */
    s->closed = true;
    s->fin = true;
    return WT_OK;
}

int wt_sock_recv(struct wt_sock *s, uint8_t *buf, size_t cap, size_t *got_out)
{
    if (got_out != NULL) {
        *got_out = 0;
    }
    if (s == NULL || buf == NULL || cap == 0 || got_out == NULL) {
        return WT_EINVAL; /* cap 0 would read as EOF */
    }
    if (s->closed) {
        return WT_ECLOSED;
    }
    if (s->err == WT_ECONNRESET) {
        return WT_ECONNRESET;
    }
    uint64_t avail = s->peer_sent - s->recv_off;
    if (avail == 0) {
        return s->peer_eof ? WT_OK : WT_EAGAIN;
    }
    size_t n = (size_t)sock_min(avail, (uint64_t)cap);
    wt_stream_fill(buf, n, s->recv_off);
    s->recv_off += n;
    *got_out = n;
    return WT_OK;
}

/* ------------------------------------------------------------------ */
/* Readiness and stats                                                */
/* ------------------------------------------------------------------ */

static inline bool sock_would_accept(const struct wt_sock *s)
{
    return sock_send_error(s) == 0 && !s->block && sock_room(s) > 0;
}

bool wt_sock_would_accept(const struct wt_sock *s)
{
    return s != NULL && sock_would_accept(s);
}

bool wt_sock_writable(const struct wt_sock *s)
{
    if (s == NULL || s->closed) {
        return false;
    }
    /* A failed socket is writable: the send is how the error surfaces. */
    return sock_send_error(s) != 0 || sock_would_accept(s);
}

bool wt_sock_readable(const struct wt_sock *s)
{
    if (s == NULL || s->closed) {
        return false;
    }
    return s->peer_sent > s->recv_off || s->peer_eof || s->err == WT_ECONNRESET;
}

bool wt_sock_spurious_pending(const struct wt_sock *s) { return s != NULL && s->spurious; }

static inline bool sock_poll_write(const struct wt_sock *s)
{
    /* A failed socket is writable: the send is how the error surfaces. */
    return (!s->closed && (sock_send_error(s) != 0 || sock_would_accept(s))) || s->spurious;
}

static inline bool sock_poll_read(const struct wt_sock *s)
{
    return !s->closed &&
           (s->peer_sent > s->recv_off || s->peer_eof || s->err == WT_ECONNRESET);
}

bool wt_sock_poll(struct wt_sock *s, uint64_t now_ns, bool write)
{
    if (s == NULL) {
        return false;
    }
    sock_sync(s, now_ns);
    return write ? sock_poll_write(s) : sock_poll_read(s);
}

unsigned wt_sock_poll_mask(struct wt_sock *s, uint64_t now_ns, bool write, bool read)
{
    if (s == NULL) {
        return 0;
    }
    sock_sync(s, now_ns);
    unsigned mask = 0;
    if (write && sock_poll_write(s)) {
        mask |= WT_SOCK_WATCH_BIT(0);
    }
    if (read && sock_poll_read(s)) {
        mask |= WT_SOCK_WATCH_BIT(1);
    }
    return mask;
}

void wt_sock_spurious_take(struct wt_sock *s)
{
    if (s != NULL) {
        s->spurious = false;
    }
}

uint64_t wt_sock_next_room_ns(const struct wt_sock *s, uint64_t now_ns)
{
    /* Draining frees room, but a blocked socket stays unwritable: no wake-up. */
    if (s == NULL || s->block || s->drain_per_ms == 0 || sock_buffered(s) == 0) {
        return UINT64_MAX;
    }
    /* A buffer of 0 bytes never frees room, however much it drains. */
    if (!s->open && s->buffer_bytes == 0) {
        return UINT64_MAX;
    }
    if (now_ns < s->drain_last_ns) {
        return sock_sat_add(s->drain_last_ns, WT_NS_PER_MS);
    }
    /* The first boundary strictly after now. */
    uint64_t ms = (now_ns - s->drain_last_ns) / WT_NS_PER_MS + 1;
    return sock_sat_add(s->drain_last_ns, sock_sat_mul(ms, WT_NS_PER_MS));
}

void wt_sock_peer_stats(const struct wt_sock *s, struct wt_peer_stats *out)
{
    if (s == NULL || out == NULL) {
        return;
    }
    memset(out, 0, sizeof(*out));
    out->accepted = s->accepted;
    out->drained = s->drained;
    out->corrupt_at = s->corrupt_at;
    out->fin = s->fin;
    out->closed = s->closed;
    out->sends = s->sends;
}

uint64_t wt_sock_buffered(const struct wt_sock *s) { return s == NULL ? 0 : sock_buffered(s); }

uint64_t wt_sock_accepted(const struct wt_sock *s) { return s == NULL ? 0 : s->accepted; }

int64_t wt_sock_corrupt_at(const struct wt_sock *s) { return s == NULL ? -1 : s->corrupt_at; }

bool wt_sock_fin(const struct wt_sock *s) { return s != NULL && s->fin; }
