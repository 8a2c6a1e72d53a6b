/* A plugin built against another ABI version: wtkit must refuse it (exit 3). */
#include <wt/transport.h>

const struct wt_transport_ops wt_plugin_transport = {
    .abi_version = WT_TRANSPORT_ABI + 41,
    .name = "bad-abi",
};
