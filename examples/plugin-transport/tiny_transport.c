/* SPDX-License-Identifier: MIT */
/*
 * tiny_transport.c - an out-of-tree transport, built as a plugin for wtkit.
 *
 * It is what a third party writes: a small buffered write transport that
 * knows nothing of wtkit's internals and talks to the world only through
 * the wt_host_* calls of <wt/transport.h>. It leaves the optional slots
 * NULL (writelines, write_eof, can_write_eof), so the kit's documented
 * defaults apply: writelines is write() per chunk, write_eof raises
 * NotImplementedError and can_write_eof() is False.
 *
 * Build it against an installed kit:  make -C examples/plugin-transport
 * Test it:                            wtkit run --transport ./tiny_transport.so
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <wt/errors.h>
#include <wt/transport.h>

struct tiny {
    struct wt_host *host;
    uint8_t *buf;     /* unsent bytes, buf[0 .. len) */
    size_t len;
    size_t cap;
    int64_t low;
    int64_t high;
    bool paused;
    bool closing;     /* close() or abort() called, or a send failed */
    bool lost;        /* connection_lost has been scheduled */
    bool watching;
    int lost_err;     /* what connection_lost will be given (0 = None) */
};

static void tiny_lost(void *arg);
static void tiny_writable(void *arg);

static void tiny_made(void *arg)
{
    struct tiny *t = arg;
    wt_host_connection_made(t->host);
}

static int tiny_create(struct wt_host *host, const struct wt_transport_args *args, void **self_out)
{
    if (args != NULL && args->flavor != NULL && args->flavor[0] != '\0') {
        return WT_EVALUE; /* one behaviour only */
    }
    struct tiny *t = wt_host_alloc(host, sizeof *t);
    if (t == NULL) {
        return WT_ENOMEM;
    }
    memset(t, 0, sizeof *t);
    t->host = host;
    t->low = 16384;
    t->high = 65536;
    *self_out = t;
    /* asyncio delivers connection_made from the loop, never inside create. */
    return wt_host_call_soon(host, tiny_made, t);
}

static void tiny_destroy(void *self)
{
    struct tiny *t = self;
    wt_host_free(t->host, t->buf);
    wt_host_free(t->host, t);
}

static void tiny_schedule_lost(struct tiny *t)
{
    if (!t->lost) {
        t->lost = true;
        wt_host_call_soon(t->host, tiny_lost, t);
    }
}

static void tiny_fail(struct tiny *t, int err)
{
    t->len = 0;
    t->closing = true;
    wt_host_watch_writable(t->host, NULL, NULL);
    t->watching = false;
    /* I/O errors never raise from write(): they end in connection_lost(err). */
    t->lost_err = err;
    tiny_schedule_lost(t);
}

static void tiny_maybe_pause(struct tiny *t)
{
    if (!t->paused && (int64_t)t->len > t->high) {
        t->paused = true;
        if (wt_host_pause_writing(t->host) != 0) {
            wt_host_report(t->host, WT_REPORT_PAUSE_FAILED, WT_ECALLBACK);
        }
    }
}

static void tiny_maybe_resume(struct tiny *t)
{
    if (t->paused && (int64_t)t->len <= t->low && !t->closing) {
        t->paused = false;
        if (wt_host_resume_writing(t->host) != 0) {
            wt_host_report(t->host, WT_REPORT_RESUME_FAILED, WT_ECALLBACK);
        }
    }
}

static int tiny_append(struct tiny *t, const uint8_t *data, size_t len)
{
    if (t->len + len > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap < t->len + len) {
            cap *= 2;
        }
        uint8_t *grown = wt_host_realloc(t->host, t->buf, cap);
        if (grown == NULL) {
            return WT_ENOMEM;
        }
        t->buf = grown;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, data, len);
    t->len += len;
    return WT_OK;
}

static int tiny_write(void *self, const uint8_t *data, size_t len)
{
    struct tiny *t = self;
    if (len == 0 || t->closing) {
        return WT_OK; /* empty writes and writes after close are dropped */
    }
    int rc = tiny_append(t, data, len);
    if (rc != WT_OK) {
        return rc;
    }
    if (!t->watching) {
        t->watching = true;
        wt_host_watch_writable(t->host, tiny_writable, t);
    }
    tiny_maybe_pause(t);
    return WT_OK;
}

static void tiny_writable(void *arg)
{
    struct tiny *t = arg;
    size_t sent = 0;
    int rc = wt_host_send(t->host, t->buf, t->len, &sent);
    if (rc == WT_EAGAIN) {
        return;
    }
    if (rc != WT_OK) {
        tiny_fail(t, rc);
        return;
    }
    memmove(t->buf, t->buf + sent, t->len - sent);
    t->len -= sent;
    tiny_maybe_resume(t);
    if (t->len == 0) {
        wt_host_watch_writable(t->host, NULL, NULL);
        t->watching = false;
        if (t->closing) {
            tiny_schedule_lost(t);
        }
    }
}

static void tiny_lost(void *arg)
{
    struct tiny *t = arg;
    wt_host_close_socket(t->host);
    wt_host_connection_lost(t->host, t->lost_err);
}

static int tiny_close(void *self)
{
    struct tiny *t = self;
    if (t->closing) {
        return WT_OK;
    }
    t->closing = true;
    if (t->len == 0) {
        tiny_schedule_lost(t);
    }
    return WT_OK;
}

static int tiny_abort(void *self)
{
    struct tiny *t = self;
    t->len = 0;
    t->closing = true;
    if (t->watching) {
        wt_host_watch_writable(t->host, NULL, NULL);
        t->watching = false;
    }
    tiny_schedule_lost(t);
    return WT_OK;
}

static int tiny_is_closing(void *self, bool *closing_out)
{
    *closing_out = ((struct tiny *)self)->closing;
    return WT_OK;
}

static int tiny_get_size(void *self, size_t *size_out)
{
    *size_out = ((struct tiny *)self)->len;
    return WT_OK;
}

static int tiny_get_limits(void *self, int64_t *low_out, int64_t *high_out)
{
    struct tiny *t = self;
    *low_out = t->low;
    *high_out = t->high;
    return WT_OK;
}

static int tiny_set_limits(void *self, const struct wt_limits *req)
{
    struct tiny *t = self;
    int64_t high = req->has_high ? req->high : (req->has_low ? 4 * req->low : 65536);
    int64_t low = req->has_low ? req->low : (req->has_high ? high / 4 : 16384);
    if (low < 0 || high < low) {
        return WT_EVALUE; /* checked before anything changes */
    }
    t->high = high;
    t->low = low;
    tiny_maybe_pause(t);
    return WT_OK;
}

/* The one symbol wtkit looks for. */
const struct wt_transport_ops wt_plugin_transport = {
    .abi_version = WT_TRANSPORT_ABI,
    .name = "tiny",
    .create = tiny_create,
    .destroy = tiny_destroy,
    .write = tiny_write,
    .abort = tiny_abort,
    .close = tiny_close,
    .is_closing = tiny_is_closing,
    .get_write_buffer_size = tiny_get_size,
    .get_write_buffer_limits = tiny_get_limits,
    .set_write_buffer_limits = tiny_set_limits,
};
