/* SPDX-License-Identifier: MIT */
/*
 * plugin.c - dlopen()s a transport plugin and refuses a table that does not
 * match this kit's ABI, with a message that says exactly why.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wt/errors.h"
#include "wt/plugin.h"

struct wt_plugin {
    void *handle;
    const struct wt_transport_ops *ops;
};

static int plugin_refuse(void *handle, char *err, size_t err_cap, const char *path,
                         const char *why)
{
    if (err != NULL && err_cap > 0) {
        snprintf(err, err_cap, "%s: %s", path, why);
    }
    if (handle != NULL) {
        dlclose(handle);
    }
    return WT_EADAPTER;
}

int wt_plugin_load(const char *path, struct wt_plugin **plugin_out, char *err, size_t err_cap)
{
    char why[256];
    char local[4096];
    if (path == NULL || plugin_out == NULL) {
        return WT_EINVAL;
    }
    *plugin_out = NULL;
    /* dlopen searches the library path for a bare name; a user means a file. */
    const char *target = path;
    if (strchr(path, '/') == NULL) {
        if (snprintf(local, sizeof local, "./%s", path) >= (int)sizeof local) {
            return plugin_refuse(NULL, err, err_cap, path, "path too long");
        }
        target = local;
    }
    void *handle = dlopen(target, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *msg = dlerror();
        return plugin_refuse(NULL, err, err_cap, path, msg != NULL ? msg : "cannot be loaded");
    }
    const struct wt_transport_ops *ops = dlsym(handle, WT_PLUGIN_SYMBOL);
    if (ops == NULL) {
        return plugin_refuse(handle, err, err_cap, path,
                             "does not export " WT_PLUGIN_SYMBOL " (a const struct "
                             "wt_transport_ops)");
    }
    uint32_t major = WT_TRANSPORT_ABI_MAJOR_OF(ops->abi_version);
    uint32_t minor = WT_TRANSPORT_ABI_MINOR_OF(ops->abi_version);
    if (major != WT_TRANSPORT_ABI_MAJOR || minor > WT_TRANSPORT_ABI_MINOR) {
        snprintf(why, sizeof why, "ABI version %u.%u, this wtkit speaks %u.0 to %u.%u; rebuild "
                 "the plugin", (unsigned)major, (unsigned)minor,
                 (unsigned)WT_TRANSPORT_ABI_MAJOR, (unsigned)WT_TRANSPORT_ABI_MAJOR,
                 (unsigned)WT_TRANSPORT_ABI_MINOR);
        return plugin_refuse(handle, err, err_cap, path, why);
    }
    if (wt_transport_ops_check(ops) != WT_OK) {
        return plugin_refuse(handle, err, err_cap, path,
                             minor == 0 ? "its table lacks a mandatory slot (name, create, "
                                          "destroy, write, abort, close, is_closing, get/set "
                                          "limits, get size; ABI 1.0)"
                                        : "its table lacks a mandatory slot (name, create, "
                                          "destroy, write, abort, close, is_closing)");
    }
    struct wt_plugin *p = malloc(sizeof *p);
    if (p == NULL) {
        return plugin_refuse(handle, err, err_cap, path, "out of memory");
    }
    p->handle = handle;
    p->ops = ops;
    *plugin_out = p;
    return WT_OK;
}

const struct wt_transport_ops *wt_plugin_ops(const struct wt_plugin *p)
{
    return p != NULL ? p->ops : NULL;
}

void wt_plugin_unload(struct wt_plugin *p)
{
    if (p == NULL) {
        return;
    }
    dlclose(p->handle);
    free(p);
}
