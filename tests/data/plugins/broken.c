/*
 * Broken plugins, one per -DBROKEN_* (the example transport with one
 * misbehaviour in write). Each must get its verdict from an isolated
 * `wtkit run` (tests/data/plugins/broken.expect), never exit 0 and never a
 * signal: segv, abort, exit0, spin, badfree, lost_twice, after_lost,
 * fatal_rc, oom.
 */
#include <signal.h>
#include <stdlib.h>

#define wt_plugin_transport broken_inner
#include "../../../examples/plugin-transport/tiny_transport.c"
#undef wt_plugin_transport

static void broken_lost_again(void *arg)
{
    struct tiny *t = arg;
    wt_host_connection_lost(t->host, 0);
}

static int broken_write(void *self, const uint8_t *data, size_t len)
{
    struct tiny *t = self;
    (void)t;
#if defined(BROKEN_SEGV)
    volatile int *nowhere = (volatile int *)(uintptr_t)16;
    *nowhere = (int)len;
#elif defined(BROKEN_ABORT)
    abort();
#elif defined(BROKEN_EXIT0)
    exit(0);
#elif defined(BROKEN_SPIN)
    for (volatile unsigned long i = 0;; i++) {
    }
#elif defined(BROKEN_BADFREE)
    free((void *)((uintptr_t)data + 1));
#elif defined(BROKEN_LOST_TWICE)
    /* connection_lost now and once more later: exactly once is the rule. */
    wt_host_connection_lost(t->host, 0);
    wt_host_call_soon(t->host, broken_lost_again, t);
    return WT_OK;
#elif defined(BROKEN_AFTER_LOST)
    /* A callback after connection_lost: nothing may follow it. */
    wt_host_connection_lost(t->host, 0);
    (void)wt_host_pause_writing(t->host);
    return WT_OK;
#elif defined(BROKEN_FATAL_RC)
    return -300; /* in the kit's own fatal band: still the transport's fault */
#elif defined(BROKEN_OOM)
    /* Never freed on purpose: until the address-space limit says no. */
    for (void *p = malloc(256u << 20);; p = malloc(256u << 20)) {
        if (p == NULL) {
            abort();
        }
        *(volatile char *)p = 1;
    }
#endif
    return broken_inner.write(self, data, len);
}

extern const struct wt_transport_ops wt_plugin_transport;
const struct wt_transport_ops wt_plugin_transport = {
    .abi_version = WT_TRANSPORT_ABI,
    .name = "broken",
    .create = tiny_create,
    .destroy = tiny_destroy,
    .write = broken_write,
    .abort = tiny_abort,
    .close = tiny_close,
    .is_closing = tiny_is_closing,
    .get_write_buffer_size = tiny_get_size,
    .get_write_buffer_limits = tiny_get_limits,
    .set_write_buffer_limits = tiny_set_limits,
};
