/* SPDX-License-Identifier: MIT */
/*
 * plugin.h - loading a C transport from a shared object.
 *
 * A plugin exports one symbol, `wt_plugin_transport`, a const struct
 * wt_transport_ops whose abi_version is WT_TRANSPORT_ABI. It does not link
 * libwt: the wt_host_* calls resolve against the process that loads it.
 */
#ifndef WT_PLUGIN_H
#define WT_PLUGIN_H

#include <stddef.h>

#include "transport.h"

#define WT_PLUGIN_SYMBOL "wt_plugin_transport"

struct wt_plugin;

/*
 * Loads path and checks its table. Returns WT_OK, or WT_EADAPTER with a
 * one-line reason in err (cannot open, missing symbol, wrong ABI version,
 * a mandatory slot missing). A path without '/' is taken relative to the
 * current directory, never searched for.
 */
int wt_plugin_load(const char *path, struct wt_plugin **plugin_out, char *err, size_t err_cap);
const struct wt_transport_ops *wt_plugin_ops(const struct wt_plugin *p);
void wt_plugin_unload(struct wt_plugin *p); /* NULL is a no-op */

#endif
