/* SPDX-License-Identifier: MIT */
/*
 * test_sock.c - unit tests of sim/sock.c: cap, buffer, lazy draining and
 * next_room_ns, block/open, random accepts from a seed, sticky faults,
 * spurious wake-ups, half-close, the peer's corruption check, the receive
 * side, bad arguments, and allocation failure. Every test ends leak-free.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "testlib.h"
#include "wt/errors.h"
#include "wt/prng.h"
#include "wt/sock.h"

#define MS WT_NS_PER_MS

struct fixture {
    struct tl_alloc ta;
    struct wt_prng prng;
    struct wt_sock *s;
    uint64_t offset; /* the stream position the next send starts at */
    uint8_t buf[4096];
};

static int fixture_setup(void **state)
{
    static struct fixture f;
    memset(&f, 0, sizeof(f));
    tl_alloc_init(&f.ta);
    wt_prng_seed(&f.prng, 1);
    if (wt_sock_new(tl_alloc_get(&f.ta), &f.prng, &f.s) != WT_OK) {
        return -1;
    }
    *state = &f;
    return 0;
}

static int fixture_teardown(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(wt_sock_validate(f->s), WT_OK);
    wt_sock_free(f->s);
    assert_int_equal(tl_alloc_live(&f->ta), 0);
    return 0;
}

/* Sends len pattern bytes from the fixture's offset; returns the status. */
static int send_pattern(struct fixture *f, size_t len, size_t *accepted_out)
{
    assert_true(len <= sizeof(f->buf));
    wt_stream_fill(f->buf, len, f->offset);
    int rc = wt_sock_send(f->s, f->buf, len, accepted_out);
    f->offset += *accepted_out;
    assert_int_equal(wt_sock_validate(f->s), WT_OK);
    return rc;
}

static void test_sock_defaults_open(void **state)
{
    struct fixture *f = *state;
    size_t got = 0;
    assert_true(wt_sock_writable(f->s));
    assert_true(wt_sock_would_accept(f->s));
    assert_false(wt_sock_readable(f->s));
    assert_int_equal(send_pattern(f, 4096, &got), WT_OK);
    assert_int_equal(got, 4096);
    assert_int_equal(wt_sock_buffered(f->s), 4096);
    assert_true(wt_sock_next_room_ns(f->s, 0) == UINT64_MAX); /* drain never */
    struct wt_peer_stats st;
    wt_sock_peer_stats(f->s, &st);
    assert_int_equal(st.accepted, 4096);
    assert_int_equal(st.drained, 0);
    assert_true(st.corrupt_at == -1);
    assert_false(st.fin);
    assert_false(st.closed);
    assert_int_equal(st.sends, 1);
    assert_int_equal(send_pattern(f, 0, &got), WT_OK);
    assert_int_equal(got, 0);
}

static void test_sock_stream_fill(void **state)
{
    (void)state;
    uint8_t buf[600];
    wt_stream_fill(buf, sizeof(buf), 245);
    for (size_t i = 0; i < sizeof(buf); i++) {
        assert_int_equal(buf[i], wt_stream_byte(245 + i));
    }
    assert_int_equal(wt_stream_byte(251), 0);
    assert_int_equal(wt_stream_byte(250), 250);
    wt_stream_fill(NULL, 10, 0); /* no crash */
}

static void test_sock_cap(void **state)
{
    struct fixture *f = *state;
    size_t got = 0;
    assert_int_equal(wt_sock_set_cap(f->s, 100), WT_OK);
    assert_int_equal(send_pattern(f, 250, &got), WT_OK);
    assert_int_equal(got, 100);
    assert_int_equal(send_pattern(f, 30, &got), WT_OK);
    assert_int_equal(got, 30);
    assert_int_equal(wt_sock_set_cap(f->s, 0), WT_OK); /* no cap */
    assert_int_equal(send_pattern(f, 1000, &got), WT_OK);
    assert_int_equal(got, 1000);
}

static void test_sock_buffer_fills_then_eagain(void **state)
{
    struct fixture *f = *state;
    size_t got = 0;
    assert_int_equal(wt_sock_set_buffer(f->s, 1000), WT_OK);
    assert_int_equal(send_pattern(f, 600, &got), WT_OK);
    assert_int_equal(got, 600);
    assert_int_equal(send_pattern(f, 600, &got), WT_OK);
    assert_int_equal(got, 400);
    assert_false(wt_sock_would_accept(f->s));
    assert_false(wt_sock_writable(f->s));
    assert_int_equal(send_pattern(f, 10, &got), WT_EAGAIN);
    assert_int_equal(got, 0);
    uint64_t drained = 0;
    assert_int_equal(wt_sock_peer_read(f->s, 300, &drained), WT_OK);
    assert_int_equal(drained, 300);
    assert_true(wt_sock_writable(f->s));
    assert_int_equal(send_pattern(f, 1000, &got), WT_OK);
    assert_int_equal(got, 300);
    /* the peer reads at most what is buffered */
    assert_int_equal(wt_sock_peer_read(f->s, 5000, &drained), WT_OK);
    assert_int_equal(drained, 1000);
    /* a buffer set smaller than what is in it: no room, nothing lost */
    assert_int_equal(send_pattern(f, 500, &got), WT_OK);
    assert_int_equal(wt_sock_set_buffer(f->s, 100), WT_OK);
    assert_int_equal(wt_sock_buffered(f->s), 500);
    assert_int_equal(send_pattern(f, 1, &got), WT_EAGAIN);
    struct wt_peer_stats st;
    wt_sock_peer_stats(f->s, &st);
    assert_int_equal(st.sends, 6);
    assert_int_equal(st.drained, 1300);
}

static void test_sock_drain_over_time(void **state)
{
    struct fixture *f = *state;
    size_t got = 0;
    assert_int_equal(wt_sock_set_buffer(f->s, 1000), WT_OK);
    assert_int_equal(send_pattern(f, 1000, &got), WT_OK);
    assert_int_equal(wt_sock_set_drain(f->s, 100, 5 * MS + 300), WT_OK);
    /* boundaries are 1 ms, 2 ms, ... after the rate was set */
    wt_sock_sync(f->s, 5 * MS + 300 + MS - 1);
    assert_int_equal(wt_sock_buffered(f->s), 1000);
    assert_true(wt_sock_next_room_ns(f->s, 5 * MS + 300) == 6 * MS + 300);
    wt_sock_sync(f->s, 6 * MS + 300);
    assert_int_equal(wt_sock_buffered(f->s), 900);
    assert_true(wt_sock_next_room_ns(f->s, 6 * MS + 300) == 7 * MS + 300);
    wt_sock_sync(f->s, 9 * MS + 299); /* two more whole ms, not three */
    assert_int_equal(wt_sock_buffered(f->s), 700);
    assert_true(wt_sock_next_room_ns(f->s, 9 * MS + 299) == 9 * MS + 300);
    wt_sock_sync(f->s, 100 * MS); /* drains to empty, no further */
    assert_int_equal(wt_sock_buffered(f->s), 0);
    assert_true(wt_sock_next_room_ns(f->s, 100 * MS) == UINT64_MAX);
    wt_sock_sync(f->s, 50 * MS); /* the past: ignored */
    struct wt_peer_stats st;
    wt_sock_peer_stats(f->s, &st);
    assert_int_equal(st.drained, 1000);
    /* boundaries stay aligned while the buffer sits empty; the caller
     * syncs before a send, so a boundary already passed drains nothing new */
    wt_sock_sync(f->s, 100 * MS + 500);
    assert_int_equal(send_pattern(f, 500, &got), WT_OK);
    assert_true(wt_sock_next_room_ns(f->s, 100 * MS + 500) == 101 * MS + 300);
    wt_sock_sync(f->s, 101 * MS + 300);
    assert_int_equal(wt_sock_buffered(f->s), 400);
    /* a new rate applies from when it is set */
    assert_int_equal(wt_sock_set_drain(f->s, 0, 102 * MS), WT_OK);
    assert_int_equal(wt_sock_buffered(f->s), 400);
    assert_true(wt_sock_next_room_ns(f->s, 102 * MS) == UINT64_MAX);
    wt_sock_sync(f->s, 1000 * MS);
    assert_int_equal(wt_sock_buffered(f->s), 400);
}

/* Huge rates and times saturate instead of wrapping. */
static void test_sock_drain_overflow_safe(void **state)
{
    struct fixture *f = *state;
    size_t got = 0;
    assert_int_equal(send_pattern(f, 100, &got), WT_OK);
    assert_int_equal(wt_sock_set_drain(f->s, UINT64_MAX, 0), WT_OK);
    assert_true(wt_sock_next_room_ns(f->s, UINT64_MAX - 10) == UINT64_MAX);
    wt_sock_sync(f->s, UINT64_MAX);
    assert_int_equal(wt_sock_buffered(f->s), 0);
}

static void test_sock_block_and_open(void **state)
{
    struct fixture *f = *state;
    size_t got = 7;
    assert_int_equal(wt_sock_set_block(f->s), WT_OK);
    assert_int_equal(send_pattern(f, 10, &got), WT_EAGAIN);
    assert_int_equal(got, 0);
    assert_false(wt_sock_writable(f->s));
    assert_false(wt_sock_would_accept(f->s));
    /* a finite buffer leaves block mode */
    assert_int_equal(wt_sock_set_buffer(f->s, 50), WT_OK);
    assert_int_equal(send_pattern(f, 100, &got), WT_OK);
    assert_int_equal(got, 50);
    assert_int_equal(wt_sock_set_block(f->s), WT_OK);
    assert_int_equal(wt_sock_set_open(f->s), WT_OK); /* unlimited again */
    assert_int_equal(send_pattern(f, 4000, &got), WT_OK);
    assert_int_equal(got, 4000);
    assert_int_equal(wt_sock_buffered(f->s), 4050);
}

static void random_run(uint64_t seed, size_t *amounts, int n)
{
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_prng p;
    wt_prng_seed(&p, seed);
    struct wt_sock *s = NULL;
    assert_int_equal(wt_sock_new(tl_alloc_get(&ta), &p, &s), WT_OK);
    assert_int_equal(wt_sock_set_random(s, true), WT_OK);
    assert_int_equal(wt_sock_set_buffer(s, 300), WT_OK);
    uint8_t buf[200];
    uint64_t offset = 0;
    for (int i = 0; i < n; i++) {
        wt_stream_fill(buf, sizeof(buf), offset);
        size_t got = 0;
        int rc = wt_sock_send(s, buf, sizeof(buf), &got);
        assert_true(rc == WT_OK || rc == WT_EAGAIN);
        assert_true((rc == WT_OK) == (got > 0));
        assert_true(got <= sizeof(buf));
        amounts[i] = got;
        offset += got;
        uint64_t drained = 0;
        assert_int_equal(wt_sock_peer_read(s, 150, &drained), WT_OK);
    }
    struct wt_peer_stats st;
    wt_sock_peer_stats(s, &st);
    assert_true(st.corrupt_at == -1);
    assert_true(st.accepted == offset);
    wt_sock_free(s);
    assert_int_equal(tl_alloc_live(&ta), 0);
}

static void test_sock_random_deterministic(void **state)
{
    (void)state;
    size_t x[64];
    size_t y[64];
    size_t z[64];
    random_run(5, x, 64);
    random_run(5, y, 64);
    random_run(6, z, 64);
    assert_memory_equal(x, y, sizeof(x));
    assert_memory_not_equal(x, z, sizeof(x));
    int zeros = 0;
    int partial = 0;
    for (int i = 0; i < 64; i++) {
        zeros += x[i] == 0;
        partial += x[i] > 0 && x[i] < 200;
    }
    assert_true(partial > 0);
    (void)zeros;
}

static void test_sock_random_needs_prng(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_sock *s = NULL;
    assert_int_equal(wt_sock_new(tl_alloc_get(&ta), NULL, &s), WT_OK);
    assert_int_equal(wt_sock_set_random(s, true), WT_EINVAL);
    assert_int_equal(wt_sock_set_random(s, false), WT_OK);
    wt_sock_free(s);
    assert_int_equal(tl_alloc_live(&ta), 0);
}

static void test_sock_fail_sticky(void **state)
{
    struct fixture *f = *state;
    size_t got = 0;
    assert_int_equal(wt_sock_set_block(f->s), WT_OK);
    assert_false(wt_sock_writable(f->s));
    assert_int_equal(wt_sock_fail(f->s, WT_EPIPE), WT_OK);
    /* a failed socket is writable, so the transport finds the error */
    assert_true(wt_sock_writable(f->s));
    assert_false(wt_sock_would_accept(f->s));
    for (int i = 0; i < 3; i++) {
        assert_int_equal(send_pattern(f, 10, &got), WT_EPIPE);
        assert_int_equal(got, 0);
    }
    assert_int_equal(wt_sock_shutdown_write(f->s), WT_EPIPE);
    assert_int_equal(wt_sock_fail(f->s, WT_ECONNRESET), WT_OK); /* first error stays */
    assert_int_equal(send_pattern(f, 10, &got), WT_EPIPE);
    assert_int_equal(wt_sock_fail(f->s, WT_EAGAIN), WT_EINVAL);
    assert_int_equal(wt_sock_fail(f->s, 0), WT_EINVAL);
    struct wt_peer_stats st;
    wt_sock_peer_stats(f->s, &st);
    assert_int_equal(st.sends, 4);
    assert_int_equal(st.accepted, 0);
    assert_int_equal(wt_sock_close(f->s), WT_OK);
    assert_int_equal(send_pattern(f, 10, &got), WT_ECLOSED);
    assert_false(wt_sock_writable(f->s));
}

static void test_sock_connreset_readable(void **state)
{
    struct fixture *f = *state;
    uint8_t buf[16];
    size_t got = 0;
    assert_int_equal(wt_sock_fail(f->s, WT_ECONNRESET), WT_OK);
    assert_true(wt_sock_readable(f->s));
    assert_int_equal(wt_sock_recv(f->s, buf, sizeof(buf), &got), WT_ECONNRESET);
    assert_int_equal(send_pattern(f, 10, &got), WT_ECONNRESET);
}

/* Platform paths: sendmsg and IOV_MAX, a send that returns 0. */
static void test_sock_platform_sendmsg(void **state)
{
    struct fixture *f = *state;
    struct wt_sock_platform p;
    size_t got = 7;
    wt_sock_get_platform(f->s, &p);
    assert_true(p.sendmsg);
    assert_int_equal(p.iov_max, WT_SOCK_IOV_MAX);
    assert_false(p.send_zero);
    wt_stream_fill(f->buf, 30, 0);
    struct wt_buf bufs[3] = {{f->buf, 10}, {f->buf + 10, 5}, {f->buf + 15, 15}};
    assert_int_equal(wt_sock_set_cap(f->s, 12), WT_OK);
    assert_int_equal(wt_sock_sendmsg(f->s, bufs, 3, &got), WT_OK);
    assert_int_equal(got, 12); /* the cap spans the first two buffers */
    assert_int_equal(wt_sock_corrupt_at(f->s), -1);
    /* more than IOV_MAX buffers: EMSGSIZE, nothing sent */
    p.iov_max = 2;
    assert_int_equal(wt_sock_set_platform(f->s, &p), WT_OK);
    struct wt_buf rest[2] = {{f->buf + 12, 3}, {f->buf + 15, 15}};
    assert_int_equal(wt_sock_sendmsg(f->s, bufs, 3, &got), WT_EMSGSIZE);
    assert_int_equal(got, 0);
    assert_int_equal(wt_sock_set_cap(f->s, 0), WT_OK);
    assert_int_equal(wt_sock_sendmsg(f->s, rest, 2, &got), WT_OK);
    assert_int_equal(got, 18);
    assert_int_equal(wt_sock_accepted(f->s), 30);
    assert_int_equal(wt_sock_corrupt_at(f->s), -1);
    /* no sendmsg on this platform: AttributeError */
    p.sendmsg = false;
    assert_int_equal(wt_sock_set_platform(f->s, &p), WT_OK);
    assert_int_equal(wt_sock_sendmsg(f->s, rest, 1, &got), WT_EATTRIBUTE);
    p.iov_max = 0;
    assert_int_equal(wt_sock_set_platform(f->s, &p), WT_EINVAL);
    p.iov_max = WT_SOCK_IOV_MAX + 1;
    assert_int_equal(wt_sock_set_platform(f->s, &p), WT_EINVAL);
    /* a would-block send returns 0 bytes when send_zero is on */
    p = (struct wt_sock_platform){.sendmsg = true, .iov_max = 4, .send_zero = true};
    assert_int_equal(wt_sock_set_platform(f->s, &p), WT_OK);
    assert_int_equal(wt_sock_set_block(f->s), WT_OK);
    f->offset = 30;
    assert_int_equal(send_pattern(f, 10, &got), WT_OK);
    assert_int_equal(got, 0);
}

/* One-shot faults: EAGAIN on a writable wake-up, a watch that fails. */
static void test_sock_eagain_wake_and_watch_fail(void **state)
{
    struct fixture *f = *state;
    size_t got = 0;
    assert_int_equal(wt_sock_eagain_wake(f->s), WT_OK);
    assert_int_equal(send_pattern(f, 10, &got), WT_OK); /* not a wake-up: sends */
    assert_int_equal(got, 10);
    wt_sock_wake_begin(f->s);
    assert_true(wt_sock_writable(f->s)); /* the poller says writable */
    assert_int_equal(send_pattern(f, 10, &got), WT_EAGAIN);
    assert_int_equal(send_pattern(f, 10, &got), WT_OK); /* once */
    wt_sock_wake_end(f->s);
    wt_sock_wake_begin(f->s); /* used up */
    assert_int_equal(send_pattern(f, 10, &got), WT_OK);
    wt_sock_wake_end(f->s);
    assert_int_equal(wt_sock_watch_fail(f->s, 0), WT_EINVAL);
    assert_int_equal(wt_sock_watch_fail(f->s, WT_SOCK_WATCH_BIT(1)), WT_OK);
    assert_false(wt_sock_watch_fail_take(f->s, 0));
    assert_true(wt_sock_watch_fail_take(f->s, 1));
    assert_false(wt_sock_watch_fail_take(f->s, 1));
}

static void test_sock_spurious(void **state)
{
    struct fixture *f = *state;
    assert_false(wt_sock_spurious_pending(f->s));
    assert_int_equal(wt_sock_set_block(f->s), WT_OK);
    assert_int_equal(wt_sock_spurious(f->s), WT_OK);
    assert_true(wt_sock_spurious_pending(f->s));
    assert_false(wt_sock_writable(f->s)); /* a send would still block */
    size_t got = 0;
    assert_int_equal(send_pattern(f, 10, &got), WT_EAGAIN);
    assert_true(wt_sock_spurious_pending(f->s)); /* only take() consumes it */
    wt_sock_spurious_take(f->s);
    assert_false(wt_sock_spurious_pending(f->s));
    wt_sock_spurious_take(NULL);
}

static void test_sock_halfclose(void **state)
{
    struct fixture *f = *state;
    size_t got = 0;
    assert_int_equal(send_pattern(f, 10, &got), WT_OK);
    assert_int_equal(wt_sock_set_halfclose(f->s, false), WT_OK);
    assert_int_equal(wt_sock_shutdown_write(f->s), WT_ENOTSUP);
    struct wt_peer_stats st;
    wt_sock_peer_stats(f->s, &st);
    assert_false(st.fin);
    assert_int_equal(wt_sock_set_halfclose(f->s, true), WT_OK);
    assert_int_equal(wt_sock_shutdown_write(f->s), WT_OK);
    assert_int_equal(wt_sock_shutdown_write(f->s), WT_OK); /* idempotent */
    wt_sock_peer_stats(f->s, &st);
    assert_true(st.fin);
    assert_false(st.closed);
    /* no sending after FIN */
    assert_int_equal(send_pattern(f, 10, &got), WT_EPIPE);
    assert_int_equal(wt_sock_close(f->s), WT_OK);
    assert_int_equal(wt_sock_close(f->s), WT_OK); /* idempotent */
    assert_int_equal(wt_sock_shutdown_write(f->s), WT_ECLOSED);
    wt_sock_peer_stats(f->s, &st);
    assert_true(st.closed);
    assert_int_equal(st.accepted, 10);
}

static void test_sock_close_sends_fin(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(wt_sock_close(f->s), WT_OK);
    struct wt_peer_stats st;
    wt_sock_peer_stats(f->s, &st);
    assert_true(st.fin);
    assert_true(st.closed);
    uint8_t buf[4];
    size_t got = 0;
    assert_int_equal(wt_sock_recv(f->s, buf, sizeof(buf), &got), WT_ECLOSED);
    assert_false(wt_sock_readable(f->s));
}

static void test_sock_corruption_detected(void **state)
{
    struct fixture *f = *state;
    size_t got = 0;
    assert_int_equal(send_pattern(f, 300, &got), WT_OK);
    uint8_t bad[100];
    wt_stream_fill(bad, sizeof(bad), 300);
    bad[37] ^= 0x40;
    bad[60] ^= 0x01;
    assert_int_equal(wt_sock_send(f->s, bad, sizeof(bad), &got), WT_OK);
    assert_int_equal(got, 100);
    struct wt_peer_stats st;
    wt_sock_peer_stats(f->s, &st);
    assert_true(st.corrupt_at == 337); /* the first wrong byte only */
    /* the same length of clean bytes is no finding */
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_sock *clean = NULL;
    assert_int_equal(wt_sock_new(tl_alloc_get(&ta), NULL, &clean), WT_OK);
    uint8_t good[400];
    wt_stream_fill(good, sizeof(good), 0);
    assert_int_equal(wt_sock_send(clean, good, sizeof(good), &got), WT_OK);
    struct wt_peer_stats cs;
    wt_sock_peer_stats(clean, &cs);
    assert_true(cs.corrupt_at == -1);
    assert_int_equal(cs.accepted, st.accepted);
    wt_sock_free(clean);
    assert_int_equal(tl_alloc_live(&ta), 0);
}

/* The same bytes in different send sizes are the same stream. */
static void test_sock_hash_independent_of_chunking(void **state)
{
    struct fixture *f = *state;
    size_t got = 0;
    assert_int_equal(wt_sock_set_cap(f->s, 7), WT_OK);
    while (f->offset < 1000) {
        assert_int_equal(send_pattern(f, 1000 - (size_t)f->offset, &got), WT_OK);
    }
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_sock *one = NULL;
    assert_int_equal(wt_sock_new(tl_alloc_get(&ta), NULL, &one), WT_OK);
    uint8_t buf[1000];
    wt_stream_fill(buf, sizeof(buf), 0);
    assert_int_equal(wt_sock_send(one, buf, sizeof(buf), &got), WT_OK);
    struct wt_peer_stats a;
    struct wt_peer_stats b;
    wt_sock_peer_stats(f->s, &a);
    wt_sock_peer_stats(one, &b);
    assert_true(a.accepted == b.accepted && a.corrupt_at == -1 && b.corrupt_at == -1);
    assert_true(a.sends == 143 && b.sends == 1);
    wt_sock_free(one);
    assert_int_equal(tl_alloc_live(&ta), 0);
}

/* Block fill and check agree with the byte definition across blocks and phases. */
static void test_sock_stream_blocks(void **state)
{
    (void)state;
    static uint8_t big[20000];
    for (uint64_t offset = 0; offset < 600; offset += 97) {
        wt_stream_fill(big, sizeof(big), offset);
        for (size_t i = 0; i < sizeof(big); i++) {
            assert_int_equal(big[i], wt_stream_byte(offset + i));
        }
        assert_int_equal(wt_stream_check(big, sizeof(big), offset), sizeof(big));
        assert_int_equal(wt_stream_check(big, sizeof(big), offset + 1), 0);
        big[12345] = 255; /* in a later block than the first */
        assert_int_equal(wt_stream_check(big, sizeof(big), offset), 12345);
        assert_int_equal(wt_stream_check(big, 12345, offset), 12345);
    }
    assert_int_equal(wt_stream_check(big, 0, 7), 0);
}

/* A described pattern run is accepted and judged like the same bytes. */
static void test_sock_send_pattern(void **state)
{
    struct fixture *f = *state;
    size_t got = 0;
    struct wt_peer_stats st;
    assert_int_equal(wt_sock_set_cap(f->s, 40), WT_OK);
    assert_int_equal(wt_sock_send_pattern(f->s, 0, 100, &got), WT_OK);
    assert_int_equal(got, 40);
    assert_int_equal(wt_sock_send_pattern(f->s, 40, 100, &got), WT_OK);
    wt_sock_peer_stats(f->s, &st);
    assert_true(st.accepted == 80 && st.corrupt_at == -1 && st.sends == 2);
    assert_int_equal(wt_sock_send_pattern(f->s, 81, 5, &got), WT_OK); /* off by one */
    wt_sock_peer_stats(f->s, &st);
    assert_true(st.corrupt_at == 80 && st.accepted == 85);
    assert_int_equal(wt_sock_send_pattern(f->s, 251, 5, &got), WT_EINVAL);
    assert_int_equal(wt_sock_send_pattern(f->s, 0, 0, &got), WT_OK);
    assert_int_equal(got, 0);
    /* Random accepts draw the same as for the bytes. */
    struct wt_prng p1;
    struct wt_prng p2;
    wt_prng_seed(&p1, 9);
    wt_prng_seed(&p2, 9);
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_sock *a = NULL;
    struct wt_sock *b = NULL;
    assert_int_equal(wt_sock_new(tl_alloc_get(&ta), &p1, &a), WT_OK);
    assert_int_equal(wt_sock_new(tl_alloc_get(&ta), &p2, &b), WT_OK);
    assert_int_equal(wt_sock_set_random(a, true), WT_OK);
    assert_int_equal(wt_sock_set_random(b, true), WT_OK);
    uint8_t buf[300];
    uint64_t pos = 0;
    for (int i = 0; i < 20; i++) {
        size_t ga = 0;
        size_t gb = 0;
        wt_stream_fill(buf, sizeof(buf), pos);
        int ra = wt_sock_send(a, buf, sizeof(buf), &ga);
        int rb = wt_sock_send_pattern(b, (uint32_t)(pos % 251u), sizeof(buf), &gb);
        assert_int_equal(ra, rb);
        assert_int_equal(ga, gb);
        pos += ga;
    }
    wt_sock_free(a);
    wt_sock_free(b);
    assert_int_equal(tl_alloc_live(&ta), 0);
}

/* A budget bounds all sends of a window together; readiness ignores a spent one. */
static void test_sock_budget(void **state)
{
    struct fixture *f = *state;
    size_t got = 0;
    assert_int_equal(wt_sock_set_budget(f->s, 100), WT_OK);
    assert_int_equal(send_pattern(f, 64, &got), WT_OK);
    assert_int_equal(got, 64);
    assert_int_equal(send_pattern(f, 64, &got), WT_OK);
    assert_int_equal(got, 36);
    assert_int_equal(send_pattern(f, 64, &got), WT_EAGAIN);
    assert_true(wt_sock_writable(f->s) && wt_sock_would_accept(f->s));
    wt_sock_next_window(f->s);
    assert_int_equal(send_pattern(f, 1000, &got), WT_OK);
    assert_int_equal(got, 100);
    assert_int_equal(wt_sock_set_cap(f->s, 30), WT_OK); /* the cap still bounds one send */
    wt_sock_next_window(f->s);
    assert_int_equal(send_pattern(f, 1000, &got), WT_OK);
    assert_int_equal(got, 30);
    assert_int_equal(wt_sock_set_budget(f->s, 0), WT_OK); /* off */
    assert_int_equal(wt_sock_set_cap(f->s, 0), WT_OK);
    assert_int_equal(send_pattern(f, 1000, &got), WT_OK);
    assert_int_equal(got, 1000);
}

static void test_sock_peer_send_recv_eof(void **state)
{
    struct fixture *f = *state;
    uint8_t buf[64];
    size_t got = 99;
    assert_false(wt_sock_readable(f->s));
    assert_int_equal(wt_sock_recv(f->s, buf, sizeof(buf), &got), WT_EAGAIN);
    assert_int_equal(got, 0);
    assert_int_equal(wt_sock_peer_send(f->s, 100), WT_OK);
    assert_true(wt_sock_readable(f->s));
    assert_int_equal(wt_sock_recv(f->s, buf, sizeof(buf), &got), WT_OK);
    assert_int_equal(got, 64);
    for (size_t i = 0; i < got; i++) {
        assert_int_equal(buf[i], wt_stream_byte(i));
    }
    assert_int_equal(wt_sock_recv(f->s, buf, sizeof(buf), &got), WT_OK);
    assert_int_equal(got, 36);
    for (size_t i = 0; i < got; i++) {
        assert_int_equal(buf[i], wt_stream_byte(64 + i)); /* the peer's own offset */
    }
    assert_false(wt_sock_readable(f->s));
    assert_int_equal(wt_sock_recv(f->s, buf, sizeof(buf), &got), WT_EAGAIN);
    assert_int_equal(wt_sock_peer_send(f->s, 5), WT_OK);
    assert_int_equal(wt_sock_peer_eof(f->s), WT_OK);
    assert_int_equal(wt_sock_peer_send(f->s, 5), WT_EINVAL); /* nothing after FIN */
    /* data first, then EOF, and EOF again */
    assert_int_equal(wt_sock_recv(f->s, buf, sizeof(buf), &got), WT_OK);
    assert_int_equal(got, 5);
    assert_true(wt_sock_readable(f->s));
    for (int i = 0; i < 2; i++) {
        assert_int_equal(wt_sock_recv(f->s, buf, sizeof(buf), &got), WT_OK);
        assert_int_equal(got, 0);
    }
    /* a half-closed peer still takes data */
    assert_int_equal(send_pattern(f, 10, &got), WT_OK);
    assert_int_equal(got, 10);
}

static void test_sock_peer_close(void **state)
{
    struct fixture *f = *state;
    size_t got = 0;
    assert_int_equal(wt_sock_set_block(f->s), WT_OK);
    assert_int_equal(wt_sock_peer_send(f->s, 3), WT_OK);
    assert_int_equal(wt_sock_peer_close(f->s), WT_OK);
    assert_true(wt_sock_writable(f->s)); /* the EPIPE must surface */
    assert_int_equal(send_pattern(f, 10, &got), WT_EPIPE);
    assert_int_equal(send_pattern(f, 10, &got), WT_EPIPE);
    uint8_t buf[8];
    assert_int_equal(wt_sock_recv(f->s, buf, sizeof(buf), &got), WT_OK);
    assert_int_equal(got, 3);
    assert_int_equal(wt_sock_recv(f->s, buf, sizeof(buf), &got), WT_OK);
    assert_int_equal(got, 0);
    assert_int_equal(wt_sock_peer_send(f->s, 1), WT_EINVAL);
}

static void test_sock_peer_send_overflow(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(wt_sock_peer_send(f->s, UINT64_MAX - 1), WT_OK);
    assert_int_equal(wt_sock_peer_send(f->s, 2), WT_EINVAL);
    assert_int_equal(wt_sock_peer_send(f->s, 1), WT_OK);
    assert_int_equal(wt_sock_validate(f->s), WT_OK);
}

static void test_sock_null_args(void **state)
{
    struct fixture *f = *state;
    uint8_t buf[4] = {0, 1, 2, 3};
    size_t got = 5;
    uint64_t drained = 5;
    struct wt_sock *out = (struct wt_sock *)buf;
    assert_int_equal(wt_sock_new(tl_alloc_get(&f->ta), NULL, NULL), WT_EINVAL);
    assert_int_equal(wt_sock_set_buffer(NULL, 1), WT_EINVAL);
    assert_int_equal(wt_sock_set_cap(NULL, 1), WT_EINVAL);
    assert_int_equal(wt_sock_set_drain(NULL, 1, 0), WT_EINVAL);
    assert_int_equal(wt_sock_set_block(NULL), WT_EINVAL);
    assert_int_equal(wt_sock_set_open(NULL), WT_EINVAL);
    assert_int_equal(wt_sock_set_random(NULL, false), WT_EINVAL);
    assert_int_equal(wt_sock_set_halfclose(NULL, true), WT_EINVAL);
    assert_int_equal(wt_sock_fail(NULL, WT_EPIPE), WT_EINVAL);
    assert_int_equal(wt_sock_spurious(NULL), WT_EINVAL);
    assert_int_equal(wt_sock_peer_read(NULL, 1, &drained), WT_EINVAL);
    assert_int_equal(drained, 0);
    assert_int_equal(wt_sock_peer_send(NULL, 1), WT_EINVAL);
    assert_int_equal(wt_sock_peer_eof(NULL), WT_EINVAL);
    assert_int_equal(wt_sock_peer_close(NULL), WT_EINVAL);
    assert_int_equal(wt_sock_send(NULL, buf, 4, &got), WT_EINVAL);
    assert_int_equal(got, 0);
    assert_int_equal(wt_sock_send(f->s, NULL, 4, &got), WT_EINVAL);
    assert_int_equal(wt_sock_send(f->s, buf, 4, NULL), WT_EINVAL);
    assert_int_equal(wt_sock_send(f->s, NULL, 0, &got), WT_OK);
    assert_int_equal(wt_sock_shutdown_write(NULL), WT_EINVAL);
    assert_int_equal(wt_sock_close(NULL), WT_EINVAL);
    assert_int_equal(wt_sock_recv(NULL, buf, 4, &got), WT_EINVAL);
    assert_int_equal(wt_sock_recv(f->s, NULL, 4, &got), WT_EINVAL);
    assert_int_equal(wt_sock_recv(f->s, buf, 0, &got), WT_EINVAL);
    assert_int_equal(wt_sock_recv(f->s, buf, 4, NULL), WT_EINVAL);
    assert_int_equal(wt_sock_peer_read(f->s, 1, NULL), WT_OK);
    assert_false(wt_sock_writable(NULL));
    assert_false(wt_sock_readable(NULL));
    assert_false(wt_sock_would_accept(NULL));
    assert_false(wt_sock_spurious_pending(NULL));
    assert_true(wt_sock_next_room_ns(NULL, 0) == UINT64_MAX);
    assert_int_equal(wt_sock_buffered(NULL), 0);
    assert_int_equal(wt_sock_validate(NULL), WT_EINTERNAL);
    wt_sock_sync(NULL, 5);
    wt_sock_peer_stats(NULL, NULL);
    wt_sock_peer_stats(f->s, NULL);
    wt_sock_free(NULL);
    (void)out;
    struct wt_peer_stats st;
    wt_sock_peer_stats(f->s, &st);
    assert_int_equal(st.accepted, 0);
    assert_int_equal(st.sends, 1); /* only the valid len-0 send */
}

/* wt_sock_send allocates nothing, whatever the mode. */
static void test_sock_send_no_alloc(void **state)
{
    struct fixture *f = *state;
    unsigned long calls = tl_alloc_calls(&f->ta);
    size_t got = 0;
    assert_int_equal(wt_sock_set_random(f->s, true), WT_OK);
    for (int i = 0; i < 100; i++) {
        (void)send_pattern(f, 100, &got);
    }
    assert_int_equal(tl_alloc_calls(&f->ta), calls);
}

static void test_sock_new_failmalloc(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_sock *s = NULL;
    assert_int_equal(wt_sock_new(tl_alloc_get(&ta), NULL, &s), WT_OK);
    unsigned long needed = tl_alloc_calls(&ta);
    wt_sock_free(s);
    for (unsigned long nth = 1; nth <= needed; nth++) {
        tl_alloc_init(&ta);
        tl_alloc_fail_at(&ta, (long)nth);
        s = (struct wt_sock *)&ta;
        assert_int_equal(wt_sock_new(tl_alloc_get(&ta), NULL, &s), WT_ENOMEM);
        assert_null(s);
        assert_int_equal(tl_alloc_live(&ta), 0);
    }
}

/* Draining frees room, but a socket the scenario blocks must not promise a
 * wake-up, or a `run` would jump the clock every millisecond forever. */
static void test_sock_blocked_drain_no_wakeup(void **state)
{
    struct fixture *f = *state;
    size_t got = 0;
    assert_int_equal(wt_sock_set_buffer(f->s, 1000), WT_OK);
    assert_int_equal(send_pattern(f, 1000, &got), WT_OK);
    assert_int_equal(wt_sock_set_drain(f->s, 100, 0), WT_OK);
    assert_true(wt_sock_next_room_ns(f->s, 0) == MS);
    assert_int_equal(wt_sock_set_block(f->s), WT_OK);
    assert_true(wt_sock_next_room_ns(f->s, 0) == UINT64_MAX);
    wt_sock_sync(f->s, 3 * MS); /* the peer still reads */
    assert_int_equal(wt_sock_buffered(f->s), 700);
    assert_false(wt_sock_writable(f->s));
}

/*
 * wt_sock_send_at is wt_sock_sync then wt_sock_send, and reports the
 * position before and after and the peer's findings; wt_sock_poll and
 * wt_sock_poll_mask answer as wt_sock_writable (or a pending spurious
 * wake-up) and wt_sock_readable after a sync.
 */
static void test_sock_send_at_and_poll(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(wt_sock_set_buffer(f->s, 300), WT_OK);
    assert_int_equal(wt_sock_set_drain(f->s, 100, 0), WT_OK);
    wt_stream_fill(f->buf, 500, 0);
    size_t accepted = 0;
    struct wt_sock_after after;
    assert_int_equal(wt_sock_send_at(f->s, 0, f->buf, 500, &accepted, &after), WT_OK);
    assert_int_equal(accepted, 300);
    assert_int_equal(after.before, 0);
    assert_int_equal(after.pos, 300);
    assert_int_equal(after.corrupt_at, -1);
    assert_false(after.fin);
    /* Full: neither writable nor readable; two ms later 200 bytes drained. */
    assert_false(wt_sock_poll(f->s, 0, true));
    assert_int_equal(wt_sock_poll_mask(f->s, 0, true, true), 0);
    assert_true(wt_sock_poll(f->s, 2 * MS, true));
    assert_int_equal(wt_sock_buffered(f->s), 100);
    assert_int_equal(wt_sock_poll_mask(f->s, 2 * MS, true, true), WT_SOCK_WATCH_BIT(0));
    assert_int_equal(wt_sock_poll_mask(f->s, 2 * MS, false, true), 0);
    /* The send syncs first: at 3 ms one more ms has drained. */
    f->buf[0] ^= 1; /* a wrong byte at stream offset 300: the peer finds it */
    assert_int_equal(wt_sock_send_at(f->s, 3 * MS, f->buf, 250, &accepted, &after), WT_OK);
    assert_int_equal(accepted, 250);
    assert_int_equal(after.before, 300);
    assert_int_equal(after.pos, 550);
    assert_int_equal(after.corrupt_at, 300);
    assert_int_equal(wt_sock_peer_send(f->s, 10), WT_OK);
    assert_int_equal(wt_sock_poll_mask(f->s, 3 * MS, false, true), WT_SOCK_WATCH_BIT(1));
    assert_int_equal(wt_sock_buffered(f->s), 250); /* room for 50 more: writable too */
    assert_int_equal(wt_sock_poll_mask(f->s, 3 * MS, true, true),
                     WT_SOCK_WATCH_BIT(0) | WT_SOCK_WATCH_BIT(1));
    assert_true(wt_sock_poll(f->s, 3 * MS, false));
    assert_int_equal(wt_sock_set_block(f->s), WT_OK);
    assert_int_equal(wt_sock_poll_mask(f->s, 3 * MS, true, false), 0);
    assert_int_equal(wt_sock_spurious(f->s), WT_OK);
    assert_int_equal(wt_sock_poll_mask(f->s, 3 * MS, true, false), WT_SOCK_WATCH_BIT(0));
    wt_sock_wake(f->s); /* takes the spurious wake-up */
    assert_false(wt_sock_spurious_pending(f->s));
    wt_sock_wake_end(f->s);
    assert_int_equal(wt_sock_send_at(f->s, 3 * MS, NULL, 5, &accepted, &after), WT_EINVAL);
    assert_int_equal(accepted, 0);
    assert_int_equal(after.before, after.pos);
}

#define SOCK_TEST(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        SOCK_TEST(test_sock_defaults_open),
        cmocka_unit_test(test_sock_stream_fill),
        SOCK_TEST(test_sock_send_at_and_poll),
        cmocka_unit_test(test_sock_stream_blocks),
        SOCK_TEST(test_sock_send_pattern),
        SOCK_TEST(test_sock_budget),
        SOCK_TEST(test_sock_cap),
        SOCK_TEST(test_sock_buffer_fills_then_eagain),
        SOCK_TEST(test_sock_drain_over_time),
        SOCK_TEST(test_sock_drain_overflow_safe),
        SOCK_TEST(test_sock_block_and_open),
        SOCK_TEST(test_sock_blocked_drain_no_wakeup),
        cmocka_unit_test(test_sock_random_deterministic),
        cmocka_unit_test(test_sock_random_needs_prng),
        SOCK_TEST(test_sock_fail_sticky),
        SOCK_TEST(test_sock_connreset_readable),
        SOCK_TEST(test_sock_spurious),
        SOCK_TEST(test_sock_platform_sendmsg),
        SOCK_TEST(test_sock_eagain_wake_and_watch_fail),
        SOCK_TEST(test_sock_halfclose),
        SOCK_TEST(test_sock_close_sends_fin),
        SOCK_TEST(test_sock_corruption_detected),
        SOCK_TEST(test_sock_hash_independent_of_chunking),
        SOCK_TEST(test_sock_peer_send_recv_eof),
        SOCK_TEST(test_sock_peer_close),
        SOCK_TEST(test_sock_peer_send_overflow),
        SOCK_TEST(test_sock_null_args),
        SOCK_TEST(test_sock_send_no_alloc),
        cmocka_unit_test(test_sock_new_failmalloc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
