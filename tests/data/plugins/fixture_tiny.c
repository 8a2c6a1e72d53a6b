/*
 * Session fixture: the example plugin transport (no write_eof, so the
 * half-close scenarios SKIP) with one rule broken on purpose: its limits
 * getter answers (high, low) instead of (low, high). A write of exactly 7
 * bytes also starts a callback that re-arms itself forever: a loop that
 * spins with no progress (a HANG, never INCONCLUSIVE).
 */
#define wt_plugin_transport fixture_inner
#include "../../../examples/plugin-transport/tiny_transport.c"
#undef wt_plugin_transport

static void fixture_spin(void *arg)
{
    struct tiny *t = arg;
    wt_host_call_soon(t->host, fixture_spin, t);
}

static int fixture_write(void *self, const uint8_t *data, size_t len)
{
    struct tiny *t = self;
    if (len == 7) {
        wt_host_call_soon(t->host, fixture_spin, t);
    }
    return fixture_inner.write(self, data, len);
}

static int fixture_get_limits(void *self, int64_t *low_out, int64_t *high_out)
{
    return fixture_inner.get_write_buffer_limits(self, high_out, low_out);
}

extern const struct wt_transport_ops wt_plugin_transport;
const struct wt_transport_ops wt_plugin_transport = {
    .abi_version = WT_TRANSPORT_ABI,
    .name = "fixture-tiny",
    .create = tiny_create,
    .destroy = tiny_destroy,
    .write = fixture_write,
    .abort = tiny_abort,
    .close = tiny_close,
    .is_closing = tiny_is_closing,
    .get_write_buffer_size = tiny_get_size,
    .get_write_buffer_limits = fixture_get_limits,
    .set_write_buffer_limits = tiny_set_limits,
};
