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
    if (ops->abi_version != WT_TRANSPORT_ABI) {
        snprintf(why, sizeof why, "ABI version %u, this wtkit speaks %u; rebuild the plugin",
                 (unsigned)ops->abi_version, (unsigned)WT_TRANSPORT_ABI);
        return plugin_refuse(handle, err, err_cap, path, why);
    }
    if (wt_transport_ops_check(ops) != WT_OK) {
        return plugin_refuse(handle, err, err_cap, path,
                             "its table lacks a mandatory slot (name, create, destroy, write, "
                             "abort, close, is_closing, get/set limits, get size)");
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
