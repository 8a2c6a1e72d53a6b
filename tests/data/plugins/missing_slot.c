/* The right ABI version, but mandatory slots left NULL: refused (exit 3). */
#include <wt/transport.h>

const struct wt_transport_ops wt_plugin_transport = {
    .abi_version = WT_TRANSPORT_ABI,
    .name = "missing-slot",
};
